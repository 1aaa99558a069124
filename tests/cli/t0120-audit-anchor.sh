#!/bin/bash
# zeren audit, anchored (issue 18, item 4): checkpoints signed with a key the database does not
# hold find a cut-off tail and a chain rewritten and recomputed behind zeren's back; verify reads
# a read-only copy; SM2 with SM3 works as Ed25519 does; purge never trusts a clock moved forward
# and never goes past the last checkpoint.
. "$(dirname "$0")/lib.sh"
sqlite_only "it copies, truncates and rewrites the database file"
plan 46

# libfaketime is preloaded into a sanitized binary too: ASan must not insist on coming first.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
command -v faketime >/dev/null || die "faketime (Debian package faketime) is needed: sh scripts/deps.sh"

z demo --as-of $DEMO_ON >"$T/demo.out" || die "demo"
ok "demo creates the signing key, mode 0600" test "$(stat -c %a "$T/data/keys/audit-signing.key")" = 600
ok "… and its public key" expect_grep '^zeren-audit-pub/1 ed25519 [0-9a-f]{64}$' "$T/data/keys/audit-signing.pub"
ok "the private key is never printed" \
	bash -c "! grep -qF \"\$(tail -1 '$T/data/keys/audit-signing.key')\" '$T/demo.out'"
ok "keygen refuses to overwrite the key" expect_exit 2 z audit keygen
ok "… saying so" expect_grep 'already there' "$ERR"

ok "verify before any checkpoint: intact" expect_exit 0 z audit verify
ok "… but says a tail cut would not show" expect_grep 'no signed checkpoint yet' "$ERR"
ok "purge without a checkpoint is refused" expect_exit 2 z audit purge --before 2000-01-01
ok "… naming the checkpoint" expect_grep 'no verified signed checkpoint' "$ERR"

ok "audit checkpoint" expect_exit 0 z audit checkpoint
last=$(z audit list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["seq"])')
ok "… signs the last record" expect_grep "^checkpoint: record $last signed|record $last signed" "$OUT"
log=$T/data/checkpoints.log
ok "… one self-describing line in checkpoints.log" \
	expect_grep "^zeren-checkpoint/1 seq=$last hash=[0-9a-f]{64} at=[0-9TZ:-]+ alg=ed25519 key=[0-9a-f]{16} sig=[0-9a-f]{128}$" "$log"
z import "$SRCDIR/data/demo/demo.json" >/dev/null || die "import"
z audit checkpoint >/dev/null || die "second checkpoint"
total=$(z audit list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["seq"])')
ok "verify: intact against both checkpoints" expect_exit 0 z audit verify
ok "… saying so" expect_grep "matches 2 signed checkpoints; the last signs record $total" "$OUT"

# A read-only copy, verified with the key and checkpoints given by path.
cp -r "$T/data" "$T/ro" && cp "$T/data/keys/audit-signing.pub" "$T/pinned.pub" && cp "$log" "$T/shipped.log" \
	&& rm -f "$T/ro/checkpoints.log" "$T/ro/keys/audit-signing.key" && chmod -R a-w "$T/ro" || die "copy"
sum=$(sha256sum "$T/ro/zeren.db")
ok "verify on a read-only copy" expect_exit 0 "$ZEREN" --data "$T/ro" audit verify --checkpoints "$T/shipped.log" \
	--pubkey "$T/pinned.pub"
ok "… leaves it as it was" test "$sum" = "$(sha256sum "$T/ro/zeren.db")"
chmod -R u+w "$T/ro"
# The same as a user who may write nothing there, with no -wal or -shm beside the database.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir "$T/ro2" && cp "$T/data/zeren.db" "$T/ro2/" && chmod 755 "$T" && chmod -R a+rX,a-w "$T/ro2" || die "ro2"
	ok "verify as another user in a read-only directory" expect_exit 0 setpriv --reuid=nobody --regid=nogroup \
		--clear-groups "$ZEREN" --data "$T/ro2" audit verify --checkpoints "$T/shipped.log" --pubkey "$T/pinned.pub"
	chmod -R u+w "$T/ro2"
else
	ok "verify as another user in a read-only directory # SKIP needs root and setpriv" true
fi

# Truncation: the last records cut off with sqlite3.
cp -r "$T/data" "$T/cut"
sqlite3 "$T/cut/zeren.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE seq > $((total - 3))" || die "cut"
ok "a cut-off tail: plain chain still links" expect_exit 0 "$ZEREN" --data "$T/cut" audit verify --checkpoints /dev/null
ok "… but verify against the checkpoints fails" expect_exit 1 "$ZEREN" --data "$T/cut" audit verify \
	--checkpoints "$T/shipped.log" --pubkey "$T/pinned.pub"
ok "… naming the truncation" \
	expect_grep "truncated: it ends at record $((total - 3)) but .* covers record $total \\(records $((total - 2))-$total are missing\\)" "$OUT"

# Rewriting: one record changed and the whole chain recomputed, as anyone with the file can.
cp -r "$T/data" "$T/rw"
python3 - "$T/rw/zeren.db" <<'PY' || die "rewrite"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER audit_no_update")
def field(v):
    if v is None:
        return b"-;"
    b = str(v).encode()
    return str(len(b)).encode() + b":" + b + b";"
prev = "0" * 64
for row in db.execute("SELECT seq, at, account, source, action, object, success, detail FROM audit_log ORDER BY seq").fetchall():
    seq, at, account, source, action, obj, success, detail = row
    if seq == 3:
        account = "nobody"
    data = b"zeren-audit/1;" + b"".join(field(v) for v in (seq, at, account, source, action, obj, "1" if success else "0", detail, prev))
    h = hashlib.sha256(data).hexdigest()
    db.execute("UPDATE audit_log SET account = ?, prev_hash = ?, hash = ? WHERE seq = ?", (account, prev, h, seq))
    prev = h
db.commit()
PY
ok "a rewritten, recomputed chain links" expect_exit 0 "$ZEREN" --data "$T/rw" audit verify --checkpoints /dev/null
ok "… but verify against the checkpoints fails" expect_exit 1 "$ZEREN" --data "$T/rw" audit verify \
	--checkpoints "$T/shipped.log" --pubkey "$T/pinned.pub"
ok "… naming the records" expect_grep "record $last differs from the checkpoint signed at .*: records 1-$last were rewritten" "$OUT"

# A checkpoint line forged or altered without the key.
sed "s/seq=$total /seq=$((total + 5)) /" "$T/shipped.log" > "$T/forged.log"
ok "a forged checkpoint line fails" expect_exit 1 z audit verify --checkpoints "$T/forged.log"
ok "… naming it" expect_grep 'does not verify: forged or altered' "$OUT"

# SM2 with SM3 (OpenSSL 3), key and log given by path.
ok "keygen --alg sm2" expect_exit 0 z audit keygen --alg sm2 --key "$T/sm2.key" --pubkey "$T/sm2.pub"
ok "… an SM2 public key" expect_grep '^zeren-audit-pub/1 sm2 [0-9a-f]+$' "$T/sm2.pub"
ok "checkpoint with the SM2 key" expect_exit 0 z audit checkpoint --key "$T/sm2.key" --checkpoints "$T/sm2.log"
ok "… an SM2 line" expect_grep "^zeren-checkpoint/1 seq=$total .* alg=sm2 key=[0-9a-f]{16} sig=[0-9a-f]+$" "$T/sm2.log"
ok "verify with the SM2 key: intact" expect_exit 0 z audit verify --pubkey "$T/sm2.pub" --checkpoints "$T/sm2.log"
ok "… the cut-off copy fails under SM2 too" expect_exit 1 "$ZEREN" --data "$T/cut" audit verify \
	--pubkey "$T/sm2.pub" --checkpoints "$T/sm2.log"
chmod 644 "$T/sm2.key"
ok "a signing key others may read is refused" expect_exit 2 z audit checkpoint --key "$T/sm2.key" --checkpoints "$T/sm2.log"

ok "init --audit-key-alg sm2 makes an SM2 key" expect_exit 0 "$ZEREN" --data "$T/sm2init" init --audit-key-alg sm2
ok "… there" expect_grep '^zeren-audit-pub/1 sm2 ' "$T/sm2init/keys/audit-signing.pub"

# Purge and the clock.
ahead=$(date -u -d '+200 days' +%F)
count() { z audit list --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
n=$(count)
ok "clock 400 days ahead: purge of current records refused" expect_exit 2 faketime -f '+400d' "$ZEREN" --data "$T/data" \
	audit purge --before "$ahead"
ok "… counting from the newest record, not the clock" expect_grep '6 months' "$ERR"
is "… nothing removed (one refusal recorded)" $((n + 1)) "$(count)"
# The refusal above was recorded 400 days ahead: the clock is now behind the newest record. That
# only makes "now" earlier (six months from the clock set back 10 days), and is reported.
ok "clock behind the newest record: counted from the clock" expect_exit 2 faketime -f '-10d' "$ZEREN" --data "$T/data" \
	audit purge --before "$(date -u -d '-190 days' +%F)"
ok "… with a warning" expect_grep 'the clock is behind the newest audit record' "$ERR"

# Records really older than six months go, up to the checkpoint only, and the chain still verifies.
D="$T/old"
faketime -f '-400d' "$ZEREN" --data "$D" init >/dev/null || die "old init"
old=$("$ZEREN" --data "$D" audit list --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
"$ZEREN" --data "$D" audit checkpoint >/dev/null || die "old checkpoint"
"$ZEREN" --data "$D" import "$SRCDIR/data/demo/demo.json" >/dev/null || die "new import"
ok "purge of old records" expect_exit 0 "$ZEREN" --data "$D" audit purge --before "$(date -u -d '-300 days' +%F)"
ok "… removes the records signed by the checkpoint" expect_grep "purged $old records" "$OUT"
ok "… and the chain still verifies against it" expect_exit 0 "$ZEREN" --data "$D" audit verify

# The server's checkpointer: every M records (polled every 5 s), and once more on SIGTERM.
S="$T/srv"
"$ZEREN" --data "$S" demo --as-of $DEMO_ON >/dev/null || die "server demo"
"$ZEREN" --data "$S" serve --listen 127.0.0.1:0 --threads 1 --checkpoint-records 2 >"$T/serve.out" 2>&1 &
srv=$!
for _ in $(seq 50); do grep -q 'listening on' "$T/serve.out" && break; sleep 0.2; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out")
[ -n "$port" ] || die "server did not start: $(cat "$T/serve.out")"
login() { curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"username":"nobody","password":"x"}' \
	"http://127.0.0.1:$port/api/v1/session"; }
for _ in $(seq 50); do [ -s "$S/checkpoints.log" ] && break; sleep 0.2; done
ok "the server signs the head when it starts" test "$(wc -l < "$S/checkpoints.log")" = 1
login; login; login
for _ in $(seq 60); do [ "$(wc -l < "$S/checkpoints.log")" -ge 2 ] && break; sleep 0.2; done
ok "… and again after 2 more records" test "$(wc -l < "$S/checkpoints.log")" -ge 2
login
kill -TERM "$srv"
wait "$srv"
head=$("$ZEREN" --data "$S" audit list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["seq"])')
ok "… and on SIGTERM, up to the last record" expect_grep "^zeren-checkpoint/1 seq=$head " <(tail -1 "$S/checkpoints.log")
ok "… and the log verifies against them" expect_exit 0 "$ZEREN" --data "$S" audit verify

finish
