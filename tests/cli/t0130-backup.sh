#!/bin/bash
# zeren backup and restore (issue 18, item 9): a consistent copy taken while imports write in a
# loop, restored into a new directory, gives the same export and an intact audit chain that is a
# prefix of the original's; the signing key stays out unless asked for; a tampered backup and a
# non-empty target are refused.
. "$(dirname "$0")/lib.sh"
sqlite_only "zeren backup copies the SQLite file; PostgreSQL is backed up with pg_dump (docs/deploy.md)"
plan 27

z demo --as-of $DEMO_ON >/dev/null || die "demo"
echo "the monthly report" > "$T/report.txt"
z obligation done report.monthly 2026-10 --org demo --on 2026-11-05 --evidence "$T/report.txt" >/dev/null \
	|| die "evidence"
z audit checkpoint >/dev/null || die "checkpoint"
z export --output "$T/demo.json" || die "export"

# Writers in a loop while the backups run.
( while [ ! -e "$T/stop" ]; do z import "$T/demo.json" >/dev/null 2>&1; done ) &
loop=$!
sleep 0.5
ok "backup while imports run" expect_exit 0 z backup "$T/b1"
ok "… says the key stayed out" expect_grep 'without the audit signing key' "$OUT"
ok "a second backup while they run" expect_exit 0 z backup "$T/b2" --with-signing-key
touch "$T/stop"
wait "$loop"

ok "the database, evidence, public key and checkpoints are in the manifest" \
	expect_grep '^zeren-backup/1$' "$T/b1/MANIFEST"
ok "… the database" expect_grep '^[0-9a-f]{64} [0-9]+ [0-7]{3} zeren\.db$' "$T/b1/MANIFEST"
ok "… the evidence file" expect_grep "^$(sha256sum < "$T/report.txt" | cut -c1-64) [0-9]+ [0-7]{3} evidence/" "$T/b1/MANIFEST"
ok "… the public key and checkpoints" expect_grep ' keys/audit-signing\.pub$' "$T/b1/MANIFEST"
ok "the private key is not in the backup" test ! -e "$T/b1/keys/audit-signing.key"
ok "… unless --with-signing-key, then 0600" test "$(stat -c %a "$T/b2/keys/audit-signing.key")" = 600
ok "backup into a non-empty directory is refused" expect_exit 2 z backup "$T/b1"
ok "backup inside the data directory is refused" expect_exit 2 z backup "$T/data/inner"
ok "… and leaves nothing there" test ! -e "$T/data/inner"

ok "restore into a new directory" expect_exit 0 "$ZEREN" --data "$T/r1" restore "$T/b1"
ok "… says the chain is intact" expect_grep 'audit log intact' "$OUT"
z export --output "$T/after.json" || die "export after"
"$ZEREN" --data "$T/r1" export --output "$T/restored.json" || die "export restored"
ok "the restored export is identical" cmp "$T/demo.json" "$T/restored.json"
ok "… and so is the original's after the loop" cmp "$T/after.json" "$T/restored.json"
ok "the restored audit log verifies against the checkpoints it carries" expect_exit 0 \
	"$ZEREN" --data "$T/r1" audit verify --pubkey "$T/data/keys/audit-signing.pub"
ok "… which include one signed just before the copy" expect_grep 'matches 2 signed checkpoints' "$OUT"
# A restore goes back in time: against the original's later checkpoints the records lost show.
# The copy then records its own restore, so a later checkpoint at a sequence number the copy
# also reached finds a different record there (rewritten); one beyond it finds the tail cut off
# (truncated). Which of the two comes first depends on how many imports the loop committed
# between the backups.
ok "against the original's later checkpoints the lost records show" expect_exit 1 \
	"$ZEREN" --data "$T/r1" audit verify --checkpoints "$T/data/checkpoints.log"
ok "… as a truncation or a rewrite" expect_grep 'truncated|were rewritten' "$OUT"
# The copy is one moment: its chain is a prefix of the original's, record for record.
z audit list --format json > "$T/orig.json"
"$ZEREN" --data "$T/r1" audit list --format json > "$T/rest.json"
is "the restored chain is a prefix of the original's (the restore adds one record)" True "$(python3 -c '
import json, sys
o = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
print(len(r) >= 2 and r[-1]["action"] == "restore" and r[:-1] == o[:len(r) - 1])' "$T/orig.json" "$T/rest.json")"
is "the evidence file came back" "$(cat "$T/report.txt")" \
	"$(cat "$T/r1"/evidence/*/"$(sha256sum < "$T/report.txt" | cut -c1-64)"* 2>/dev/null)"
ok "restore into a non-empty directory is refused" expect_exit 2 "$ZEREN" --data "$T/r1" restore "$T/b1"
ok "… naming it" expect_grep 'not empty' "$ERR"

cp -r "$T/b1" "$T/bad"
echo "x" >> "$T/bad/checkpoints.log"
ok "a backup whose file changed is refused" expect_exit 2 "$ZEREN" --data "$T/r2" restore "$T/bad"
ok "… naming the file" expect_grep 'checkpoints\.log differs from the backup' "$ERR"
ok "… and nothing is written" test ! -e "$T/r2"

finish
