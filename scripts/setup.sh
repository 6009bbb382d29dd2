#!/bin/sh
# Installs what building and testing Huiyin need, when it is missing: Debian packages with
# apt-get, and the npm packages of the lockfile with `npm ci`. Quick when all is there.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
libcmocka-dev sqlite3 chromium fonts-noto-cjk nodejs postgresql libpq-dev libxlsxwriter-dev
libqrencode-dev libpng-dev"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Node.js may come from elsewhere than Debian; any node >= 18 will do.
if command -v node >/dev/null 2>&1; then
	missing=$(echo "$missing" | sed 's/ nodejs//')
fi
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if [ -f package-lock.json ] && [ ! -d node_modules ]; then
	echo "setup: npm ci"
	npm ci --no-audit --no-fund
fi
