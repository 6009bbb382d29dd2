#!/bin/sh
# Installs what `make bench` needs beyond the build (scripts/setup.sh): wrk, the HTTP load
# generator, and nginx, the ceiling it is compared with — Debian packages, with apt-get,
# only when missing. nginx is only run by the bench itself (its own config, a loopback
# port, a temporary directory); the package's own service is not started here.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="wrk nginx"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup-bench: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	# policy-rc.d-free: keep Debian from starting the nginx service on install.
	RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
command -v wrk >/dev/null && [ -x /usr/sbin/nginx ] || { echo "setup-bench: wrk or nginx missing" >&2; exit 1; }
