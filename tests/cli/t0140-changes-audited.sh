#!/bin/bash
# Every write command goes through the core's change service: one change, one audit record
# (who, what, on which object), in the change's own transaction; a refused change writes
# nothing and leaves exactly its refusal. One row of the table per write command.
. "$(dirname "$0")/lib.sh"
ACTOR="cli:${USER:-unknown}"

z demo --as-of $DEMO_ON >/dev/null || die "demo"
printf 'date,kind,holiday,holiday_zh\n2031-10-01,off,National Day,国庆节\n' >"$T/days.csv"
printf 'date,kind,holiday,holiday_zh\n2031-13-01,off,x,x\n' >"$T/bad-days.csv"
printf '{"format": "zeren/v1", "people": [{"id": "p-new", "name": "新人", "org": "demo"}]}' >"$T/one.json"
printf '{"format": "zeren/v1", "people": [{"id": "p-bad", "name": "", "org": "demo"}]}' >"$T/bad.json"
echo evidence >"$T/ev.txt"

# command | action | object | a refused variant of it
rows=(
"import $T/one.json|import|$T/one.json|import $T/bad.json"
"incident add --org demo --id inc-x --system oa --title 测试 --occurred 2026-11-20T09:00:00+08:00|incident.create|demo/inc-x|incident add --org demo --id inc-y --system nosuch --title 测试 --occurred 2026-11-20T09:00:00+08:00"
"incident resolve inc-x --at 2026-11-20T12:00:00+08:00|incident.resolve|demo/inc-x|incident resolve inc-x --at 2026-11-19T12:00:00+08:00"
"notice add --org demo --id tb-x --issuer 西岭市委网信办 --title 测试通报 --received 2026-11-16 --system portal|notice.create|demo/tb-x|notice add --org demo --id tb-y --issuer 西岭市委网信办 --title 测试通报 --received 2026-11-16 --system nosuch"
"notice rectify tb-x --on 2026-11-18|notice.rectify|demo/tb-x|notice rectify tb-x --on 2026-11-01"
"obligation done meeting.annual 2026 --org demo --on 2026-11-20 --evidence $T/ev.txt|obligation.record|demo/meeting.annual/2026|obligation done selfcheck.semiannual 2026-H1 --org demo --on 2026-11-20"
"workday import $T/days.csv|calendar.import|$T/days.csv|workday import $T/bad-days.csv"
)
plan $((${#rows[@]} * 6 + 3))

count() { z audit list --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
last() { z audit list --format json | python3 -c 'import json,sys; r = json.load(sys.stdin)[-1]; print(r["account"], r["source"], r["action"], r["object"], r["success"])'; }

for row in "${rows[@]}"; do
	IFS='|' read -r cmd action object refused <<<"$row"
	n=$(count)
	# shellcheck disable=SC2086
	ok "$action: '${cmd%% --*}' succeeds" expect_exit 0 z $cmd
	is "… one record more" $((n + 1)) "$(count)"
	is "… saying who, what and on which object" "$ACTOR cli $action $object True" "$(last)"
	z export >"$T/before.json"
	n=$(count)
	# shellcheck disable=SC2086
	ok "$action: the refused variant is refused" expect_exit 2 z $refused
	is "… and only its refusal is recorded" "$((n + 1)) False" "$(count) $(last | awk '{print $NF}')"
	z export >"$T/after.json"
	ok "… and nothing changed" cmp -s "$T/before.json" "$T/after.json"
done

# The record is part of the change: when it cannot be written, the change is undone.
if on_pg; then
	store_sql "$T/data" "CREATE FUNCTION test_block() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
		IF NEW.success = 1 THEN RAISE EXCEPTION 'audit store refused' USING ERRCODE = '23000'; END IF; RETURN NEW; END \$\$;
		CREATE TRIGGER test_block BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_block()"
else
	sqlite3 "$T/data/zeren.db" "CREATE TRIGGER test_block BEFORE INSERT ON audit_log WHEN NEW.success = 1
		BEGIN SELECT RAISE(ABORT, 'audit store refused'); END"
fi || die "cannot add the trigger"
z export >"$T/before.json"
ok "a change whose audit record is refused fails" expect_exit 2 z incident add --org demo --id inc-z --system oa \
	--title 测试 --occurred 2026-11-20T09:00:00+08:00
ok "… naming why" expect_grep 'audit store refused' "$ERR"
z export >"$T/after.json"
ok "… and nothing of it is stored" cmp -s "$T/before.json" "$T/after.json"

finish
