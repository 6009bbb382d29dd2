#!/bin/sh
# Headers are included downward only: http -> api -> domain and store -> util.
# domain/ and store/ never include each other; util/ includes only util/.
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
check util api http domain store cmd
check domain api http store cmd
check store api http domain cmd
check api http cmd
check http cmd
[ $bad -eq 0 ] && echo "layers: ok"
exit $bad
