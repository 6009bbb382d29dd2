#!/bin/bash
# bench/profile.sh — instructions per request of each scenario, counted by valgrind's
# callgrind: the same for the same binary and data whatever else the machine is doing, so
# it compares two builds where wall-clock rates are too noisy (a shared machine).
#
#   bench/profile.sh BINARY DATA_DIR [SCENARIO...]
#
# DATA_DIR is a database made by `huiyin gen` (bench/run.mjs keeps them in
# $BENCH_WORK/cache); it is copied first and left alone. The server runs under callgrind on
# 127.0.0.1:$PROFILE_PORT (default 18581) with instrumentation off; each scenario sends a
# few warm-up requests, then COUNT requests one after another with instrumentation on, and
# prints "scenario instructions-per-request". The callgrind files stay in $PROFILE_OUT
# (default /tmp/huiyin-profile) for callgrind_annotate. Reads go one after another; writes
# from $PROFILE_WRITERS loops at once (default 32), so the writer commits batches as under
# load. Scenarios: healthz read queue search2 search4 submit dispatch (all by default).
set -euo pipefail
BIN=$(realpath "$1")
SRC=$2
shift 2
SCENARIOS=${*:-healthz read queue search2 search4 submit dispatch}
PORT=${PROFILE_PORT:-18581}
OUT=${PROFILE_OUT:-/tmp/huiyin-profile}
BASE=http://127.0.0.1:$PORT
mkdir -p "$OUT"
WORKDIR=$(mktemp -d /tmp/huiyin-profile-data.XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
	rm -rf "$WORKDIR"
}
trap cleanup EXIT
cp -r "$SRC" "$WORKDIR/data"

# Sends COUNT requests (METHOD PATH [BODY]), one after another on one connection; {i}
# counts up from START, {r} is a random id up to MAX_ID.
send() {
	node - "$@" <<'EOF'
const [base, count, start, maxId, method, p, body, token, conc] = process.argv.slice(2);
const headers = token ? { Authorization: `Bearer ${token}` } : {};
if (body) headers['Content-Type'] = 'application/json';
let bad = 0, next = 0;
// conc loops at once (writes: so the writer can commit many jobs per batch, as under load)
async function loop() {
  for (let i = next++; i < Number(count); i = next++) {
    const n = String(Number(start) + i);
    const r = String(1 + Math.floor(Math.random() * Number(maxId)));
    const url = base + p.replaceAll('{i}', n).replaceAll('{r}', r);
    const res = await fetch(url, { method, headers, body: body ? body.replaceAll('{i}', n) : undefined });
    await res.text();
    if (res.status >= 300) bad++;
  }
}
await Promise.all(Array.from({ length: Number(conc || 1) }, loop));
if (bad) console.error(`profile: ${bad} of ${count} answers were not 2xx`);
EOF
}

HUIYIN_WORKER_INTERVAL_SECONDS=86400 HUIYIN_INTAKE_SUBMISSIONS_PER_HOUR=1000000 \
	valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.%p" \
	"$BIN" serve --data "$WORKDIR/data" --listen 127.0.0.1:$PORT 2>"$OUT/server.log" >/dev/null &
PID=$!
for _ in $(seq 600); do curl -sf $BASE/healthz >/dev/null && break; sleep 0.2; done
curl -sf $BASE/healthz >/dev/null || { echo "profile: the server did not start" >&2; exit 1; }
LOGIN=$(curl -s -c "$WORKDIR/jar" -H 'Content-Type: application/json' \
	-d '{"username":"dispatcher","password":"huiyin-demo"}' $BASE/api/v1/auth/login)
CSRF=$(echo "$LOGIN" | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
TOKEN=$(curl -s -b "$WORKDIR/jar" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
	-d '{"name":"profile"}' $BASE/api/v1/tokens | sed 's/.*"token":"\([^"]*\)".*/\1/')
ORGS=$(curl -s "$BASE/api/v1/orgs?kind=community&limit=50")
COMMUNITY=$(echo "$ORGS" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
ECON=$(curl -s "$BASE/api/v1/orgs?kind=department&limit=50" | node -e \
	'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.find(o=>o.name.includes("经济发展局")).id))')
# The newest appeal ids: the accepted ones `huiyin gen --accepted` made are the last.
LAST=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/appeals?status=accepted&limit=1" |
	grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
MAX_ID=${LAST:-1000}
SUBMIT='{"category":"environment","title":"夜间施工噪音扰民","description":"附近工地每天晚上十一点以后还在施工，噪音很大，影响休息。周边很多居民都有同样的意见，恳请相关部门重视，尽快给予答复。","channel":"web","submitter":{"type":"resident","name":"张伟","phone":"13800138000"},"location":{"community_id":'$COMMUNITY',"address":"幸福路1号"}}'
Q2=$(node -e 'console.log(encodeURIComponent("路灯"))')
Q4=$(node -e 'console.log(encodeURIComponent("夜间施工"))')
# Writes are sent by this many loops at once, so batches form as under load.
WRITERS=${PROFILE_WRITERS:-32}

for s in $SCENARIOS; do
	count=200 tok=$TOKEN method=GET body= start=0 conc=1
	case $s in
	healthz) path=/healthz tok= count=500 ;;
	read) path='/api/v1/appeals/{r}' count=300 ;;
	queue) path="/api/v1/appeals?status=submitted&community_id=$COMMUNITY&limit=50" count=50 ;;
	search2) path="/api/v1/appeals?q=$Q2&limit=50" count=50 ;;
	search4) path="/api/v1/appeals?q=$Q4&limit=50" count=50 ;;
	submit) path=/api/v1/appeals method=POST body=$SUBMIT tok= count=400 conc=$WRITERS ;;
	dispatch)
		path='/api/v1/appeals/{i}/events' method=POST body='{"type":"dispatch","lead_org_id":'$ECON'}'
		count=400 conc=$WRITERS start=$((MAX_ID - 1000)) ;;
	*) echo "profile: no scenario $s" >&2; exit 2 ;;
	esac
	send $BASE 10 "$start" "$MAX_ID" $method "$path" "$body" "$tok" 1
	if [ "$s" = dispatch ]; then start=$((start + 10)); fi
	callgrind_control -z $PID >/dev/null 2>&1
	callgrind_control -i on $PID >/dev/null 2>&1
	send $BASE $count "$start" "$MAX_ID" $method "$path" "$body" "$tok" $conc
	callgrind_control -d "$s" $PID >/dev/null 2>&1
	callgrind_control -i off $PID >/dev/null 2>&1
	f=$(ls -t "$OUT"/callgrind.$PID.* | head -1)
	total=$(grep -h '^totals:' "$f" | awk '{print $2}')
	echo "$s $((total / count))"
	mv "$f" "$OUT/$s.callgrind"
done
