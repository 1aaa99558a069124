# tests/cli/lib.sh — small TAP helpers for the CLI tests. Source it first thing:
#     . "$(dirname "$0")/lib.sh"
# It sets $ZEREN, $SRCDIR and a private temp dir $T (removed on exit), and gives:
#     plan N                   print the TAP plan
#     ok DESC CMD...           one test: passes when CMD succeeds
#     is DESC EXPECTED ACTUAL  one test: passes when the two strings are equal
#     expect_exit CODE CMD...  run CMD (stdout to $T/out, stderr to $T/err); true when it exits CODE
#     expect_grep PATTERN FILE true when FILE has a line matching PATTERN (grep -E)
#     json FILE EXPR           print the Python expression EXPR over d = the JSON in FILE
#     z ARGS...                run zeren on the default test store $T/data
#     die MSG                  a setup step failed: stop the script
#     finish                   exit 0 if every planned test ran and passed, 1 otherwise

SRCDIR=${ZEREN_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ZEREN=${ZEREN:-$SRCDIR/build/zeren}
T=$(mktemp -d) || { echo "# mktemp failed" >&2; exit 1; }
trap 'rm -rf "$T"' EXIT
OUT=$T/out
ERR=$T/err
_planned=0
_n=0
_fails=0

# The day data/demo/demo.json describes (DEMO_WRITTEN_ON in src/core/demo.h): tests that expect
# the demo's own dates load it as of that day; a plain `zeren demo` moves it to today.
DEMO_ON=2026-11-21

# The scripts create and sign in to many stores: passwords are hashed at argon2id's least cost
# (ZEREN_PASSWORD_COST, src/core/passwords.c) unless the caller asks for another.
export ZEREN_PASSWORD_COST=${ZEREN_PASSWORD_COST:-minimum}

# Debian's python3, which scripts/deps.sh installs the modules for (as the Makefile's PYTHON),
# rather than whatever python3 is first on PATH: a version manager's shim there (pyenv's) costs
# 0.3 s a call, and the scripts call it hundreds of times.
PYTHON=${PYTHON:-$(if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else command -v python3; fi)}
python3() { "$PYTHON" "$@"; }

[ -x "$ZEREN" ] || { echo "# no zeren binary at $ZEREN" >&2; exit 1; }

plan() { _planned=$1; echo "1..$1"; }

# Show a diagnostic on standard error (TAP comments), e.g. why a predicate failed.
diag() { printf '# %s\n' "$@" >&2; }

ok() {
	local desc=$1
	shift
	_n=$((_n + 1))
	if "$@"; then
		echo "ok $_n - $desc"
	else
		echo "not ok $_n - $desc"
		_fails=$((_fails + 1))
	fi
}

is() {
	_n=$((_n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $_n - $1"
	else
		echo "not ok $_n - $1"
		diag "expected: $2" "     got: $3"
		_fails=$((_fails + 1))
	fi
}

expect_exit() {
	local want=$1 got
	shift
	"$@" >"$OUT" 2>"$ERR"
	got=$?
	[ "$got" = "$want" ] && return 0
	diag "'$*' exited $got, expected $want; stderr:"
	sed 's/^/#   /' "$ERR" | head -5 >&2
	return 1
}

expect_grep() {
	grep -Eq -e "$1" "$2" && return 0
	diag "no line matching /$1/ in $2:"
	sed 's/^/#   /' "$2" | head -5 >&2
	return 1
}

# json FILE EXPR: strings print as they are, anything else as sorted compact JSON.
json() {
	python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # a reader that stops early (grep -q) ends it quietly
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = eval(sys.argv[2])
print(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False, sort_keys=True))
' "$1" "$2"
}

z() { "$ZEREN" --data "$T/data" "$@"; }

# The store's database: the SQLite file DIR/zeren.db or, with $ZEREN_DB (make check-pg), the
# PostgreSQL schema DIR/zeren.pg names (src/store/postgres.c).
#     on_pg                    true when the suite runs on PostgreSQL
#     sqlite_only WHY          before plan: a script about the SQLite file itself skips on PostgreSQL
#     has_store DIR            DIR's store exists (its file, or its schema)
#     store_sql DIR SQL        run SQL on DIR's store with a connection of its own (sqlite3 or psql)
#     store_bytes DIR          everything DIR's store holds, as bytes to grep (the file, or a dump)
on_pg() { [ -n "${ZEREN_DB:-}" ]; }
sqlite_only() { if on_pg; then echo "1..0 # SKIP on PostgreSQL: $1"; exit 0; fi; }
pg_schema() { cat "$1/zeren.pg"; }
has_store() {
	if on_pg; then
		[ -s "$1/zeren.pg" ] &&
			[ "$(psql -XAtq "$ZEREN_DB" -c "SELECT count(*) FROM pg_namespace WHERE nspname = '$(pg_schema "$1")'")" = 1 ]
	else
		test -s "$1/zeren.db"
	fi
}
store_sql() {
	if on_pg; then
		psql -XAtq -v ON_ERROR_STOP=1 "$ZEREN_DB" -c "SET search_path TO $(pg_schema "$1")" -c "$2"
	else
		sqlite3 "$1/zeren.db" "$2"
	fi
}
store_bytes() {
	if on_pg; then pg_dump "$ZEREN_DB" -n "$(pg_schema "$1")"; else cat "$1/zeren.db"; fi
}

# Not "Bail out!": that would stop prove's other scripts too.
die() { diag "setup failed: $*"; exit 1; }

finish() {
	if [ "$_n" != "$_planned" ]; then
		diag "planned $_planned tests but ran $_n"
		exit 1
	fi
	exit $((_fails > 0))
}
