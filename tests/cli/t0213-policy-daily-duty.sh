#!/bin/bash
# A unit's own daily duty (每日巡检, issue 12): a version adds it with period "day"; each day is
# owed from the version's date of force — not for the year before it — a record of a day settles
# that day, and a day off's occurrence falls due on the next working day.
. "$(dirname "$0")/lib.sh"
plan 6

z demo --as-of "$DEMO_ON" >/dev/null || die "demo"
cat >"$T/v.json" <<'JSON'
{"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "rules": [],
 "obligations": [{"id": "unit.patrol", "title": {"zh": "每日机房巡检"}, "owner": "org", "rrule": "FREQ=DAILY",
   "period": "day", "due": {"days": 0}, "evidence": "巡检记录",
   "citations": [{"document": "《蜀南学院网络安全工作责任制实施细则》", "clause": "第十一条"}]}]}
JSON
sed 's/"period": "day"/"period": "week"/' "$T/v.json" >"$T/week.json"
ok "FREQ=DAILY with a weekly period is refused" expect_exit 2 env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/week.json" --reason r
ok "… naming it" expect_grep 'obligations\[0\]\.rrule.*FREQ=DAILY without COUNT' "$ERR"
env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/v.json" --reason 每日巡检 >/dev/null || die "import"
env USER=leader "$ZEREN" --data "$T/data" policy activate demo 2 --from 2026-11-01 >/dev/null || die "activate"
echo '{"format": "zeren/v1", "obligation_records": [{"org": "demo", "obligation": "unit.patrol", "period": "2026-11-20",
  "department": null, "done_on": "2026-11-20", "by": null, "notes": null, "evidence": []}]}' >"$T/rec.json"
ok "a record of a day imports" expect_exit 0 z import "$T/rec.json"
z check --as-of 2026-11-23 --format json >"$T/c.json"
days() { json "$T/c.json" '" ".join(sorted(f["message"][f["message"].index("（") + 1:][:10] for f in d["findings"] if f["rule"] == "obligation.overdue" and f["message"].startswith("每日机房巡检")))'; }
is "owed from 2026-11-01 on, not before" "2026-11-01" "$(days | cut -d' ' -f1)"
is "19 days overdue: 11-01..11-19 (the 20th done; the weekend's due on Monday the 23rd)" "19" "$(days | wc -w)"
is "… Sunday the 1st fell due on Monday the 2nd" "2026-11-02" \
	"$(json "$T/c.json" '[f["message"][f["message"].index("应于") + 2:][:10] for f in d["findings"] if f["message"].startswith("每日机房巡检（2026-11-01）")][0]')"
finish
