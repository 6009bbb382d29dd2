#!/bin/sh
# Headers are included downward only:
#   cmd -> http -> api -> ops -> domain and store -> util
# domain/ and store/ never include each other; util/ includes only util/; nothing below
# ops/ includes ops/, and ops/ never includes api/, http/ or cmd/. cmd/ calls ops/ (and
# store/, domain/, util/), never api/: the one exception is cmd/serve.c, which starts the
# HTTP server and may include api/app.h (the state the server's threads share) and
# nothing else of api/.
# Prints each violation and exits 1 when there is one.
set -u
cd "$(dirname "$0")/.."
bad=0
check() { # layer, forbidden include prefixes...
	layer=$1; shift
	for f in src/$layer/*.[ch]; do
		for p in "$@"; do
			if grep -n "#include \"$p/" "$f" >/dev/null; then
				grep -n "#include \"$p/" "$f" | sed "s|^|$f:|"
				bad=1
			fi
		done
	done
}
check util api http domain store ops cmd
check domain api http store ops cmd
check store api http domain ops cmd
check ops api http cmd
check api http cmd
check http cmd
# cmd/: no api/ header, but api/app.h in serve.c.
for f in src/cmd/*.[ch]; do
	grep -n '#include "api/' "$f" | while IFS= read -r line; do
		case "$f:$line" in
		src/cmd/serve.c:*'#include "api/app.h"'*) ;;
		*) echo "$f:$line" ;;
		esac
	done | grep . && bad=1
done
[ $bad -eq 0 ] && echo "layers: ok"
exit $bad
