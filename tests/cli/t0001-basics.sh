#!/bin/bash
# zeren basics: help, usage errors, where the data directory is, an empty store.
. "$(dirname "$0")/lib.sh"
plan 35

# help
ok "help exits 0" expect_exit 0 "$ZEREN" help
cp "$OUT" "$T/help"
for cmd in init import export check demo posts policy workday help; do
	ok "help lists $cmd" expect_grep "^  $cmd " "$T/help"
done
ok "help check exits 0" expect_exit 0 "$ZEREN" help check
ok "help check shows its usage line" expect_grep '^usage: zeren .*check .*--as-of' "$OUT"
ok "help check explains the exit statuses" expect_grep 'Exit status' "$OUT"

# usage errors
ok "unknown command exits 2" expect_exit 2 "$ZEREN" frobnicate
ok "… and names it on stderr" expect_grep "frobnicate" "$ERR"
ok "--data with no value exits 2" expect_exit 2 "$ZEREN" --data
ok "… and says --data needs a value" expect_grep "--data" "$ERR"

# the data directory
ok "--data DIR init exits 0" expect_exit 0 "$ZEREN" --data "$T/flag" init
ok "… and creates DIR/zeren.db" has_store "$T/flag"
ok "init makes the data directory's missing parents" expect_exit 0 "$ZEREN" --data "$T/a/b/c" init
ok "… DIR/zeren.db there" has_store "$T/a/b/c"
touch "$T/file"
ok "a data directory under a file is refused" expect_exit 3 "$ZEREN" --data "$T/file/d" init
ok "… naming it" expect_grep "file/d: cannot create data directory" "$ERR"
mkdir "$T/cwd" || die "mkdir"
ok "ZEREN_DATA is honoured by init" \
	expect_exit 0 env -C "$T/cwd" ZEREN_DATA="$T/env" "$ZEREN" init
ok "… creating \$ZEREN_DATA/zeren.db and no ./zeren-data" \
	eval 'has_store "$T/env" && test ! -e "$T/cwd/zeren-data"'
ok "without --data or ZEREN_DATA the store is ./zeren-data" \
	expect_exit 0 env -C "$T/cwd" -u ZEREN_DATA "$ZEREN" init
ok "… ./zeren-data/zeren.db exists" has_store "$T/cwd/zeren-data"

# check: option errors and an empty store
z init >/dev/null || die "zeren init"
ok "check --as-of 2026-02-30 exits 2" expect_exit 2 z check --as-of 2026-02-30
ok "… naming --as-of" expect_grep "--as-of" "$ERR"
ok "check --format xml exits 2" expect_exit 2 z check --format xml
ok "check on an empty store exits 0" expect_exit 0 z check --as-of 2026-11-21
ok "… and reports 0 项" expect_grep "0 项" "$OUT"


# reading commands do not create a store behind a mistyped --data
ok "check on a missing data directory exits 2" expect_exit 2 "$ZEREN" --data "$T/typo" check
ok "… says how to create one" expect_grep "zeren init" "$ERR"
ok "… and creates nothing" test ! -e "$T/typo"

finish
