#!/bin/sh
# Runs a command with a throwaway PostgreSQL 15 server: scripts/with-postgres.sh CMD [ARGS...]
#
# initdb (UTF8, C.UTF-8) into a fresh temporary directory — as the `postgres` user when run
# as root, which PostgreSQL requires —, pg_ctl on 127.0.0.1 and a free port (its unix socket
# inside that directory), HUIYIN_TEST_PG=postgresql://postgres@127.0.0.1:PORT/postgres
# exported for the command; afterwards (also on failure, Ctrl-C or SIGTERM) the server is
# stopped by the PID in postmaster.pid and the directory removed. Exits with the command's
# status. Every wait is bounded.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
for b in initdb pg_ctl pg_isready; do
	[ -x "$PGBIN/$b" ] || { echo "with-postgres: $PGBIN/$b is missing (Debian package postgresql-15; scripts/setup.sh installs it)" >&2; exit 1; }
done

# The server must not run as root: as root, run every PostgreSQL program as `postgres`.
if [ "$(id -u)" -eq 0 ]; then
	PGUSER_OS=postgres
	id "$PGUSER_OS" >/dev/null 2>&1 || { echo "with-postgres: no postgres user (Debian package postgresql)" >&2; exit 1; }
else
	PGUSER_OS=""
fi
as_pg() {
	if [ -z "$PGUSER_OS" ]; then
		"$@"
	elif command -v runuser >/dev/null 2>&1; then
		runuser -u "$PGUSER_OS" -- "$@"
	else
		# The arguments are our own paths and numbers (no spaces or quotes).
		su "$PGUSER_OS" -s /bin/sh -c "$*"
	fi
}

# /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
TMP=$(mktemp -d /tmp/huiyin-pg.XXXXXX)
PGDATA_DIR="$TMP/data"
LOG="$TMP/server.log"
PID=""

cleanup() {
	trap - EXIT INT TERM HUP
	if [ -z "$PID" ] && [ -f "$PGDATA_DIR/postmaster.pid" ]; then
		PID=$(head -n 1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)
	fi
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		as_pg "$PGBIN/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 30 >/dev/null 2>&1 || true
		i=0
		while kill -0 "$PID" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		if kill -0 "$PID" 2>/dev/null; then
			echo "with-postgres: server $PID did not stop, killing it" >&2
			kill -9 "$PID" 2>/dev/null || true
			sleep 1
		fi
	fi
	rm -rf "$TMP"
}
# On a signal: stop the command (by its PID, bounded), then exit, which runs cleanup. The
# command runs in the background (so `wait` returns on a signal) and, as a background
# job of a script, ignores SIGINT: it is sent SIGTERM instead.
CHILD=""
on_signal() {
	if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
		kill -TERM "$CHILD" 2>/dev/null || true
		i=0
		while kill -0 "$CHILD" 2>/dev/null && [ "$i" -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$CHILD" 2>/dev/null || true
	fi
	exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

if [ -n "$PGUSER_OS" ]; then
	chown "$PGUSER_OS" "$TMP"
fi
chmod 700 "$TMP"

if ! as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >"$TMP/initdb.log" 2>&1; then
	cat "$TMP/initdb.log" >&2
	echo "with-postgres: initdb failed" >&2
	exit 1
fi

# fsync off (unless WITH_PG_DURABLE=1, which the benchmarks set to measure durable
# commits): this cluster lives only for one test run and is thrown away afterwards, so
# surviving an operating-system crash does not matter; commits still reach the kernel
# before they are acknowledged (synchronous_commit stays on), so a killed huiyin or even a
# killed postgres loses nothing a test could have seen acknowledged.
# max_connections: the suite runs two test files at once, each with up to a few servers
# alive, and a server holds one writer connection plus one read connection per HTTP
# thread (one thread per core), with command-line calls besides; 500 leaves room for
# machines with many cores.
if [ "${WITH_PG_DURABLE:-0}" = 1 ]; then
	DURABILITY="# durable: fsync and full_page_writes as PostgreSQL ships them"
else
	DURABILITY="fsync = off
full_page_writes = off"
fi
cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# scripts/with-postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$TMP'
$DURABILITY
max_connections = 500
log_min_messages = warning
EOF

# A free port: the kernel picks one (node binds port 0 on 127.0.0.1), else a range is
# tried; if another process takes it before postgres does, start again with another.
pick_port() {
	node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})" 2>/dev/null ||
		echo $((20000 + $$ % 20000 + $1))
}

tries=0
PORT=""
while [ "$tries" -lt 5 ]; do
	tries=$((tries + 1))
	PORT=$(pick_port $tries)
	if as_pg "$PGBIN/pg_ctl" start -D "$PGDATA_DIR" -l "$LOG" -w -t 60 -o "-p $PORT" >/dev/null 2>&1; then
		break
	fi
	PORT=""
done
if [ -z "$PORT" ]; then
	[ -f "$LOG" ] && tail -n 20 "$LOG" >&2
	echo "with-postgres: the server did not start" >&2
	exit 1
fi
PID=$(head -n 1 "$PGDATA_DIR/postmaster.pid")

i=0
until "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres; do
	i=$((i + 1))
	if [ "$i" -ge 100 ]; then
		echo "with-postgres: the server on port $PORT is not ready after 20 s" >&2
		exit 1
	fi
	sleep 0.2
done

HUIYIN_TEST_PG="postgresql://postgres@127.0.0.1:$PORT/postgres"
export HUIYIN_TEST_PG
echo "with-postgres: PostgreSQL $PID on 127.0.0.1:$PORT ($TMP)" >&2

set +e
"$@" <&0 &
CHILD=$!
wait "$CHILD"
status=$?
CHILD=""
exit $status
