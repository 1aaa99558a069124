#!/bin/bash
# The facts snapshot beside a SQLite store (issue 20, src/store/snapshot.h): a load of every unit
# writes it, the next load reads it instead of the tables, and what it loads is what the tables
# give — the same export byte for byte and the same findings, on the demo and on a generated
# store. A write makes it stale; a stale, damaged or truncated one is ignored with a log line and
# written again; an audited action that writes no facts leaves it current. ZEREN_SNAPSHOT=off
# does without it, =always writes it for any store, and by default only a store of 4,096
# appointments or more gets one. A backup leaves it out.
. "$(dirname "$0")/lib.sh"
sqlite_only "the snapshot is kept beside the SQLite file"
plan 30

export ZEREN_SYNCHRONOUS=normal
SNAP=$T/data/zeren.db.facts
inode() { stat -c %i "$1"; }
# plain NAME / snap NAME: the export and the findings as of the demo's day, without the snapshot
# or with it (read when there is a current one, else written).
plain() { ZEREN_SNAPSHOT=off z export >"$T/$1.export" && ZEREN_SNAPSHOT=off z check --as-of $DEMO_ON --format json >"$T/$1.findings"; }
snap() { ZEREN_SNAPSHOT=always z check --as-of $DEMO_ON --format json >"$T/$1.findings" 2>"$T/$1.log"; ZEREN_SNAPSHOT=always z export >"$T/$1.export"; }
same() { cmp -s "$T/$1.export" "$T/$2.export" && cmp -s "$T/$1.findings" "$T/$2.findings"; }

z demo --as-of $DEMO_ON >/dev/null || die "demo"
plain plain
ok "the demo's export and findings without a snapshot" test -s "$T/plain.export" -a -s "$T/plain.findings"
ok "by default the demo (a few appointments) gets no snapshot" test ! -e "$SNAP"
snap first
ok "a load of every unit writes the snapshot (ZEREN_SNAPSHOT=always)" test -s "$SNAP"
is "… readable by the server's user alone (every person of every unit)" 600 "$(stat -c %a "$SNAP")"
before=$(inode "$SNAP")
snap second
is "the next loads read it: not written again" "$before" "$(inode "$SNAP")"
ok "the demo from the snapshot: the same export byte for byte and the same findings" same plain second
is "reading a current snapshot logs nothing" "" "$(cat "$T/second.log")"

# An audited action that writes no facts (an account) leaves it current.
z user add alice --name 王小明 --person p-pengtao --role liaison --department nic >/dev/null || die "account"
snap account
is "an account added (audited, no facts written): the snapshot is still read" "$before" "$(inode "$SNAP")"
ok "… with the same facts" same plain account

# A write: the snapshot is of an older generation.
printf '{"format": "zeren/v1", "people": [{"id": "p-snapshot", "name": "新同事", "org": "demo"}]}' >"$T/person.json"
z import "$T/person.json" >/dev/null || die "a write"
plain written
differs() { ! cmp -s "$1" "$2"; }
ok "the write changed the export" differs "$T/plain.export" "$T/written.export"
snap stale
ok "after a write the stale snapshot is ignored with a log line" expect_grep "facts snapshot of generation [0-9]+, the store is at [0-9]+.*: ignored" "$T/stale.log"
ok "… and the facts are the store's, not the snapshot's" same written stale
ok "… and it is written again" test "$before" != "$(inode "$SNAP")"
before=$(inode "$SNAP")
snap again
is "… and then read" "$before" "$(inode "$SNAP")"
ok "… with the same facts" same written again

# Damaged: one byte changed in the middle, then cut short, then not a snapshot at all.
size=$(stat -c %s "$SNAP")
printf '\377' | dd of="$SNAP" bs=1 seek=$((size / 2)) conv=notrunc status=none
snap flipped
ok "a changed byte: the damaged snapshot is ignored with a log line" expect_grep "damaged facts snapshot \(checksum\): ignored" "$T/flipped.log"
ok "… and the facts are the store's" same written flipped
snap rewritten
is "… and it was written again: read without a word" "" "$(cat "$T/rewritten.log")"
truncate -s $((size - 100)) "$SNAP"
snap cut
ok "a truncated snapshot is ignored with a log line" expect_grep "damaged facts snapshot \(its length\): ignored" "$T/cut.log"
ok "… and the facts are the store's" same written cut
echo "not a snapshot" >"$SNAP"
snap junk
ok "a file that is no snapshot is ignored with a log line" expect_grep "not a facts snapshot: ignored" "$T/junk.log"
ok "… and the facts are the store's" same written junk

ok "ZEREN_SNAPSHOT must be off, auto or always" expect_exit 2 env ZEREN_SNAPSHOT=yes "$ZEREN" --data "$T/data" check --as-of $DEMO_ON
is "… naming it" 1 "$(grep -c "ZEREN_SNAPSHOT is off, auto or always, not 'yes'" "$ERR")"
ok "a backup leaves the snapshot out" z backup "$T/backup"
ok "… (not in the backup)" test ! -e "$T/backup/zeren.db.facts" -a -s "$T/backup/zeren.db"

# A generated store of 20 units (several thousand appointments): the default writes its snapshot.
cc -O2 -o "$T/gen" "$SRCDIR/bench/gen.c" || die "gen"
"$T/gen" --units 20 >"$T/gen.json" || die "generate"
G=$T/g
"$ZEREN" --data "$G" import "$T/gen.json" >/dev/null || die "import"
gz() { "$ZEREN" --data "$G" "$@"; }
ZEREN_SNAPSHOT=off gz export >"$T/gplain.export" && ZEREN_SNAPSHOT=off gz check --as-of $DEMO_ON --format json >"$T/gplain.findings"
gz check --as-of $DEMO_ON --format json >/dev/null
ok "a generated store of 20 units gets a snapshot by default" test -s "$G/zeren.db.facts"
before=$(inode "$G/zeren.db.facts")
gz check --as-of $DEMO_ON --format json >"$T/gsnap.findings" 2>"$T/gsnap.log"
gz export >"$T/gsnap.export"
is "… read by the next loads" "$before" "$(inode "$G/zeren.db.facts")"
ok "… the same export byte for byte and the same findings as without it" same gplain gsnap
ok "… (findings there to compare)" test "$(json "$T/gsnap.findings" 'str(len(d["findings"]))')" -gt 10
finish
