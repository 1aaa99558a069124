#!/bin/sh
# Includes point only downward (DESIGN.md §4): each layer of src/ may include itself and the
# layers listed for it here, nothing above. Prints every upward include and fails on any.
set -eu
cd "$(dirname "$0")/../src"
allowed() {
	case $1 in
	util) echo "util" ;;
	model) echo "util model" ;;
	cal) echo "util cal" ;;
	store) echo "util model store" ;;
	audit) echo "util model store audit" ;;
	rules) echo "util model cal rules" ;;
	doc) echo "util model cal doc" ;;
	core) echo "util model cal store audit rules doc core" ;;
	http) echo "util model cal store audit rules doc core http" ;;
	api) echo "util model cal store audit rules doc core http api" ;;
	cmd) echo "util model cal store audit rules doc core http api cmd" ;;
	*) echo "" ;;
	esac
}
bad=0
for dir in */; do
	layer=${dir%/}
	ok=$(allowed "$layer")
	if [ -z "$ok" ]; then
		echo "layers: src/$layer is not a layer of DESIGN.md §4; add it to scripts/check-layers.sh" >&2
		bad=1
		continue
	fi
	for f in "$layer"/*.[ch]; do
		for inc in $(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$f" | sort -u); do
			case " $ok " in
			*" $inc "*) ;;
			*) echo "layers: src/$f includes $inc/, above $layer" >&2; bad=1 ;;
			esac
		done
	done
done
# The importer's entries that write (core/import.h) are the change service's alone, so that
# every write of business data is validated, written and audited in one transaction.
for f in $(grep -l '^#include "core/import.h"' */*.[ch]); do
	case $f in
	core/import.c | core/change.c) ;;
	*) echo "layers: src/$f includes core/import.h; it writes through core/change.h" >&2; bad=1 ;;
	esac
done
[ $bad -eq 0 ] && echo "layers: every include of src/ points downward; only the change service imports"
exit $bad
