#!/bin/bash
# scripts/check-layers.sh, which make check runs, fails on what it guards against: an include
# that points upward (DESIGN.md §4), and an include of the importer's writing entries
# (core/import.h) anywhere in src/ but the change service and the importer, which would let a
# write bypass validation, the audit record and the single transaction.
. "$(dirname "$0")/lib.sh"
plan 7
mkdir -p "$T/tree/scripts" && cp "$SRCDIR/scripts/check-layers.sh" "$T/tree/scripts/" &&
	cp -R "$SRCDIR/src" "$T/tree/src" || die "copy of the tree"
check() { expect_exit "$1" sh "$T/tree/scripts/check-layers.sh"; }

ok "the tree as it stands passes" check 0
echo '#include "core/import.h"' >>"$T/tree/src/api/data.c"
ok "an API file that includes core/import.h fails" check 1
ok "… naming it and the way to write" expect_grep 'src/api/data.c includes core/import.h; it writes through core/change.h' "$ERR"
cp "$SRCDIR/src/api/data.c" "$T/tree/src/api/data.c"
echo '#include "core/import.h"' >>"$T/tree/src/core/documents.c"
ok "so does another file of core" check 1
cp "$SRCDIR/src/core/documents.c" "$T/tree/src/core/documents.c"
echo '#include "api/api.h"' >>"$T/tree/src/store/store.c"
ok "an include upward fails" check 1
ok "… naming the file and the layer" expect_grep 'src/store/store.c includes api/, above store' "$ERR"
cp "$SRCDIR/src/store/store.c" "$T/tree/src/store/store.c"
ok "restored, the tree passes again" check 0
finish
