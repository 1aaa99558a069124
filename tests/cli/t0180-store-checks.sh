#!/bin/bash
# The store checked and read safely (issue 18, item 8): `zeren audit verify` and `audit list`
# read a copy without writing a byte to it (no migration, no WAL files), also when it cannot
# be written; `zeren serve` refuses a database newer than the program and stops on one that
# fails its integrity check (run beside serving); ZEREN_SYNCHRONOUS names the durability and refuses anything else.
. "$(dirname "$0")/lib.sh"
sqlite_only "it corrupts the database file and sets its user_version"
plan 16

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cp -r "$T/data" "$T/copy"
rm -f "$T/copy"/zeren.db-wal "$T/copy"/zeren.db-shm
before=$(ls "$T/copy" | sort | tr '\n' ' ')
sum=$(sha256sum "$T/copy/zeren.db" | cut -d' ' -f1)
ok "audit verify on a copy" expect_exit 0 "$ZEREN" --data "$T/copy" audit verify
ok "audit list on a copy" expect_exit 0 "$ZEREN" --data "$T/copy" audit list --format json
is "… left no file behind" "$before" "$(ls "$T/copy" | sort | tr '\n' ' ')"
is "… and the database as it was" "$sum" "$(sha256sum "$T/copy/zeren.db" | cut -d' ' -f1)"
# Read-only for real: as another user when run as root (root writes anyway).
chmod -R a-w "$T/copy"
chmod a+rx "$T"; chmod -R a+rX "$T/copy"
as_reader=()
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && as_reader=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
ok "audit verify on a read-only copy" expect_exit 0 "${as_reader[@]}" "$ZEREN" --data "$T/copy" audit verify
chmod -R u+w "$T/copy"

# A database of a newer version is refused by serve (not silently used).
cp -r "$T/data" "$T/newer"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 999'); c.commit()" \
	"$T/newer/zeren.db" || die "user_version"
ok "serve refuses a newer schema" expect_exit 2 timeout 10 "$ZEREN" --data "$T/newer" serve --listen 127.0.0.1:0
ok "… saying so" expect_grep 'schema 999 is newer' "$ERR"

# A page of the people table overwritten: quick_check fails, serve refuses.
cp -r "$T/data" "$T/broken"
python3 - "$T/broken/zeren.db" <<'PY' || die "corrupt"
import sqlite3, sys
path = sys.argv[1]
c = sqlite3.connect(path)
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
size = c.execute("PRAGMA page_size").fetchone()[0]
c.close()
with open(path, "r+b") as f:
    f.seek((root - 1) * size + 8)
    f.write(b"\xff" * 64)
PY
# The check runs beside serving (a large store is served at once): the server listens, then
# stops as soon as the check fails, before anything more is written.
ok "serve stops on a database that fails its integrity check" expect_exit 3 timeout 10 "$ZEREN" --data "$T/broken" serve --listen 127.0.0.1:0
ok "… naming it" expect_grep 'integrity|malformed' "$ERR"
ok "… after it had started listening" expect_grep 'listening on' "$OUT"
# A sound database: the check says how long it took, and the server serves on.
"$ZEREN" --data "$T/data" serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q 'integrity checked' "$T/serve.out" && break; sleep 0.1; done
ok "… a sound one is checked and served on" expect_grep 'integrity checked in [0-9.]+ s' "$T/serve.out"
kill -0 "$pid" 2>/dev/null; ok "… still running" test $? = 0
kill "$pid"; wait "$pid"
ok "… and stops cleanly on SIGTERM" expect_grep 'stopped' "$T/serve.out"

ok "ZEREN_SYNCHRONOUS=normal is accepted" expect_exit 0 env ZEREN_SYNCHRONOUS=normal "$ZEREN" --data "$T/data" user list
ok "ZEREN_SYNCHRONOUS=off is refused" expect_exit 2 env ZEREN_SYNCHRONOUS=off "$ZEREN" --data "$T/data" user list
ok "… saying what it takes" expect_grep 'full or normal' "$ERR"

finish
