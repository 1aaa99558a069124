#!/bin/bash
# zeren audit: imports are recorded in the hash-chained audit log, verify finds a record altered
# behind zeren's back, the log refuses UPDATE and DELETE, purge keeps six months.
. "$(dirname "$0")/lib.sh"
plan 17

z demo --as-of $DEMO_ON >/dev/null || die "demo"
z export --output "$T/export.json" || die "export"
z import "$T/export.json" >/dev/null || die "import"
echo '{"format": "zeren/v1", "people": [{"id": "x"}]}' > "$T/bad.json"
z import "$T/bad.json" >/dev/null 2>&1

ok "audit list --format json" expect_exit 0 z audit list --format json
cp "$OUT" "$T/list.json"
# demo also records the accounts it creates and its own policy; the imports are these three
imports='[r for r in d if r["action"] == "import"]'
is "three imports: the demo and two files" 3 "$(json "$T/list.json" "len($imports)")"
is "actions, objects, success" \
	"[[\"import\", \"demo\", true], [\"import\", \"$T/export.json\", true], [\"import\", \"$T/bad.json\", false]]" \
	"$(json "$T/list.json" "[[r['action'], r['object'], r['success']] for r in $imports]")"
is "the successful import's counts (the demo unit, its supervisor and two units below it)" 4 "$(json "$T/list.json" "$imports[1]['detail']['counts']['orgs']")"
is "the failed import's error" True "$(json "$T/list.json" "str('people[0].name' in $imports[2]['detail']['error'])")"
is "seq 1 starts from 64 zeros, the next links to it" True \
	"$(json "$T/list.json" 'str(d[0]["prev_hash"] == "0" * 64 and d[1]["prev_hash"] == d[0]["hash"])')"
is "account cli:\$USER" "cli:${USER:-unknown}" "$(json "$T/list.json" 'd[0]["account"]')"

ok "audit verify: intact" expect_exit 0 z audit verify
ok "… says so with the count" expect_grep 'audit log intact: 16 records' "$OUT"
ok "audit list --from 16 (text)" expect_exit 0 z audit list --from 16
is "… one row" 1 "$(wc -l < "$OUT")"

z audit checkpoint >/dev/null || die "checkpoint" # purge needs one (t0120)
ok "purge of young records refused" expect_exit 2 z audit purge --before 2999-01-01
ok "… naming the retention" expect_grep '6 months' "$ERR"

# refused SQL: fails (the sqlite3 shell's exit code varies by version) with the trigger's message
refused() { ! store_sql "$T/data" "$1" >"$OUT" 2>"$ERR" && expect_grep 'append-only' "$ERR"; }
ok "sqlite refuses UPDATE" refused "UPDATE audit_log SET success = 1 WHERE seq = 2"
ok "sqlite refuses DELETE" refused "DELETE FROM audit_log WHERE seq = 1"
store_sql "$T/data" "DROP TRIGGER audit_no_update$(on_pg && echo ' ON audit_log'); UPDATE audit_log SET detail = replace(detail, 'missing', 'mossing') WHERE seq = 16" \
	|| die "tamper"
ok "audit verify after tampering: exit 1" expect_exit 1 z audit verify
ok "… naming record 16" expect_grep 'record 16 was altered' "$OUT"

finish
