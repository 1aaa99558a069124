#!/bin/bash
# The optional incident and notice fields of issue 11 in zeren/v1: GB/T 20986-2023 classification,
# what 004 八(二) asks, the 办法's grading inputs, follow-up reports (续报); a notice's own
# deadline (整改期限) and time of receipt. They round-trip, are checked, and drive the rules.
. "$(dirname "$0")/lib.sh"
plan 14
z demo --as-of $DEMO_ON >/dev/null || die "demo"
cat > "$T/ev.json" <<'JSON'
{"format": "zeren/v1",
 "incidents": [
  {"id": "inc-x", "org": "demo", "system": "jwxt", "title": "教务系统遭攻击", "occurred_at": "2026-11-02T09:00:00+08:00",
   "detected_at": "2026-11-02T09:10:00+08:00", "reported_at": "2026-11-02T15:00:00+08:00",
   "classification": "network_attack", "attacked": true, "handled_in_time": false,
   "function_outage_hours": 3.5, "economic_loss_yuan": 6000000, "people_affected": 1200,
   "follow_up_reports": ["2026-11-03T10:00:00+08:00", "2026-11-05T09:30:00+08:00"]}
 ],
 "notices": [
  {"id": "tb-own", "org": "demo", "issuer": "西岭市委网信办", "title": "限期整改通报", "systems": ["lib"],
   "received_on": "2026-11-02", "received_at": "2026-11-02T16:45:00+08:00", "rectify_by": "2026-11-13"}
 ]}
JSON
ok "the new fields import" expect_exit 0 z import "$T/ev.json"
z export > "$T/a.json" || die "export"
rm -rf "$T/copy"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with them" cmp -s "$T/a.json" "$T/b.json"
is "follow-up reports keep their times" "2026-11-03T10:00:00+08:00 2026-11-05T09:30:00+08:00" \
	"$(json "$T/a.json" '" ".join([x for x in d["incidents"] if x["id"] == "inc-x"][0]["follow_up_reports"])')"
is "an incident without them exports without them" "False" \
	"$(json "$T/a.json" 'str("classification" in [x for x in d["incidents"] if x["id"] == "inc-2026-01"][0])')"
# 600万元 direct loss: 较大 by the annex, so the national 4-hour limit applies (reported after ~6 h)
z incident list --format json > "$T/inc.json" || die "incident list"
is "graded 较大 from the loss, with the reason" "relatively_major 直接经济损失达500万元以上（较大）" \
	"$(json "$T/inc.json" '" ".join([[x["grade_effective"], x["grade_reason"]] for x in d if x["id"] == "inc-x"][0])')"
z check --as-of 2026-11-10 --format json > "$T/check.json"
is "the national limit (4 h) applies to it" "jwxt" \
	"$(json "$T/check.json" '" ".join(f["subject"]["id"] for f in d["findings"] if f["rule"] == "incident.report_national")')"
is "… citing the 办法 (in force on the day of the check)" True \
	"$(json "$T/check.json" 'str(any("报告管理办法" in c["document"] for f in d["findings"] if f["rule"] == "incident.report_national" for c in f["citations"]))')"
is "the notice's own deadline (11-13), not 3 working days, applies" "" \
	"$(json "$T/check.json" '" ".join(f["subject"]["id"] for f in d["findings"] if f["rule"] == "notice.rectification" and f["notice"] == "tb-own")')"
z check --as-of 2026-11-14 --format json > "$T/check.json"
is "… and is late from 11-14" "lib@2026-11-14" \
	"$(json "$T/check.json" '" ".join(f["subject"]["id"] + "@" + f["since"] for f in d["findings"] if f["rule"] == "notice.rectification" and f["notice"] == "tb-own")')"

bad() { # bad NAME SED-EXPR PATTERN: the fixture edited by SED-EXPR is refused naming PATTERN
	sed "$2" "$T/ev.json" > "$T/$1.json"
	expect_exit 2 z import "$T/$1.json" && grep -qE "$3" "$ERR"
}
ok "an unknown classification is refused" bad cls 's/"network_attack"/"hacking"/' 'incidents\[0\]\.classification: unknown GB/T 20986-2023 category'
ok "a follow-up before the initial report is refused" bad fu 's/2026-11-03T10:00/2026-11-02T10:00/' 'follow_up_reports\[0\]: is before the initial report'
ok "a negative loss is refused" bad loss 's/6000000/-1/' 'economic_loss_yuan: must be an amount'
ok "a deadline before receipt is refused" bad by 's/"rectify_by": "2026-11-13"/"rectify_by": "2026-11-01"/' 'rectify_by: is before received_on'
ok "a time of receipt on another day is refused" bad at 's/2026-11-02T16:45:00+08:00/2026-11-02T16:45:00-08:00/' 'received_at: is not on received_on'
finish
