#!/bin/bash
# Incidents and notices: import/export, and the time-driven rules before and after their deadlines.
. "$(dirname "$0")/lib.sh"
plan 33
# The demo unit without its own incidents and notices, so these are the only ones.
"$ZEREN" --data "$T/demo" demo --as-of $DEMO_ON >/dev/null || die "demo"
"$ZEREN" --data "$T/demo" export | python3 -c '
import json, sys
d = json.load(sys.stdin)
d["incidents"] = []
d["notices"] = []
for v in d.get("vulnerabilities", []):  # their links to the notices go with them
    v["notice"] = None
for y in d["systems"]:
    if y["id"] == "ykt":
        y["critical_infrastructure"] = True
json.dump(d, sys.stdout, ensure_ascii=False)' > "$T/base.json" || die "base"
z import "$T/base.json" >/dev/null || die "import base"
cat > "$T/events.json" <<'JSON'
{"format": "zeren/v1",
 "notices": [
  {"id": "tb-17", "org": "demo", "issuer": "西岭市委网信办", "document_no": "西网信通〔2026〕17号",
   "title": "关于门户网站存在高危漏洞的通报", "systems": ["portal"], "received_on": "2026-11-16",
   "rectified_on": null, "feedback_on": null}
 ],
 "incidents": [
  {"id": "inc-late", "org": "demo", "system": "mail", "title": "邮件系统账号被盗用", "category": "账号盗用",
   "grade": "general", "occurred_at": "2026-10-12T08:10:00+08:00", "detected_at": "2026-10-12T09:00:00+08:00",
   "reported_at": "2026-10-13T15:30:00+08:00", "resolved_at": "2026-10-12T17:00:00+08:00",
   "outage_hours": 2, "personal_info_records": null, "summary_on": null},
  {"id": "inc-leak", "org": "demo", "system": "jwxt", "title": "教务系统数据泄露", "category": "数据泄露",
   "grade": "general", "occurred_at": "2026-08-20T22:00:00+08:00", "detected_at": "2026-08-21T08:00:00+08:00",
   "reported_at": "2026-08-21T11:00:00+08:00", "resolved_at": "2026-08-25T18:00:00+08:00",
   "outage_hours": null, "personal_info_records": 2000000, "summary_on": null},
  {"id": "inc-down", "org": "demo", "system": "oa", "title": "OA系统遭勒索病毒攻击", "category": "恶意程序",
   "grade": "general", "occurred_at": "2026-09-01T02:00:00+08:00", "detected_at": "2026-09-01T02:30:00+08:00",
   "reported_at": "2026-09-01T10:00:00+08:00", "resolved_at": "2026-09-01T11:00:00+08:00",
   "outage_hours": 9, "personal_info_records": null, "summary_on": null, "classification": "malware"},
  {"id": "inc-again", "org": "demo", "system": "oa", "title": "OA系统再次被入侵", "category": "网络攻击",
   "grade": "general", "occurred_at": "2026-11-02T14:00:00+08:00", "detected_at": "2026-11-02T14:10:00+08:00",
   "reported_at": "2026-11-02T16:00:00+08:00", "resolved_at": "2026-11-02T20:00:00+08:00",
   "outage_hours": 1, "personal_info_records": null, "summary_on": null}
 ]}
JSON
ok "incidents and notices import" expect_exit 0 z import "$T/events.json"
z export > "$T/a.json" || die "export"
rm -rf "$T/copy"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with incidents and notices" cmp -s "$T/a.json" "$T/b.json"
is "… times keep their offset" "2026-10-13T15:30:00+08:00" "$(json "$T/a.json" '[x for x in d["incidents"] if x["id"] == "inc-late"][0]["reported_at"]')"

findings() { # findings DATE RULE: the subject ids (and dates) of RULE's findings as of DATE
	z check --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["subject"]["id"] + "@" + (f["since"] or "-") for f in d["findings"] if f["rule"] == "'"$2"'"))'
}
# 通报 received Monday 2026-11-16: 3 working days, the day of receipt not counted → due 2026-11-19
is "notice: none on the last day (11-19)" "" "$(findings 2026-11-19 notice.rectification)"
is "notice: overdue from 11-20" "portal@2026-11-20" "$(findings 2026-11-20 notice.rectification)"
is "… it names the notice" tb-17 "$(json "$T/check.json" '[f for f in d["findings"] if f["rule"] == "notice.rectification"][0]["notice"]')"
ok "… and says so in Chinese" expect_grep "应于2026-11-19前完成整改" <(json "$T/check.json" '"\n".join(f["message"] for f in d["findings"])')
# incident reported 30.5 hours after detection: late (24 h) from the day the limit passed
is "report_late: none before the limit (10-12)" "" "$(findings 2026-10-12 incident.report_late)"
is "report_late: from 10-13 (detected 10-12 09:00 + 24 h)" "mail@2026-10-13" "$(findings 2026-11-21 incident.report_late | tr ' ' '\n' | grep mail)"
# 2,000,000 people's records: 较大 (derived) → 4 h limit; reported 3 h after detection → in time
is "a derived 较大 incident reported within 24 h is not late by the unit's rule" "" "$(findings 2026-11-21 incident.report_late | tr ' ' '\n' | grep jwxt)"
# … but no summary report within 30 days of resolution (resolved 08-25 → due 09-24)
is "summary_late: none on the due day 09-24" "" "$(findings 2026-09-24 incident.summary_late)"
is "summary_late: from 09-25" "jwxt@2026-09-25" "$(findings 2026-09-25 incident.summary_late)"
is "summary_late is a warning" warning "$(json "$T/check.json" '[f for f in d["findings"] if f["rule"] == "incident.summary_late"][0]["severity"]')"
is "outage of 9 h: a finding since the day it happened" "oa@2026-09-01" "$(findings 2026-11-21 incident.outage)"
is "… none before it happened" "" "$(findings 2026-08-31 incident.outage)"
is "repeat on oa within 3 months: since the second incident" "oa@2026-11-02" "$(findings 2026-11-21 incident.repeat)"
is "… naming the earlier incident" inc-down "$(json "$T/check.json" '[f for f in d["findings"] if f["rule"] == "incident.repeat"][0]["other_incident"]')"
is "… none before the second incident" "" "$(findings 2026-11-01 incident.repeat)"
is "breaches drop out after the lookback (365 days)" "" "$(findings 2027-09-02 incident.outage)"

# a critical-infrastructure system: 1 hour; an incident within 3 months of a notice on its system
cat > "$T/more.json" <<'JSON'
{"format": "zeren/v1",
 "incidents": [
  {"id": "inc-ci", "org": "demo", "system": "ykt", "title": "一卡通系统遭入侵", "occurred_at": "2026-10-20T10:00:00+08:00",
   "detected_at": "2026-10-20T10:30:00+08:00", "reported_at": "2026-10-20T12:30:00+08:00"},
  {"id": "inc-after-notice", "org": "demo", "system": "portal", "title": "门户网站被植入暗链",
   "occurred_at": "2026-11-18T09:00:00+08:00", "detected_at": "2026-11-18T09:20:00+08:00",
   "reported_at": "2026-11-18T10:00:00+08:00"}
 ]}
JSON
ok "more incidents import" expect_exit 0 z import "$T/more.json"
# issue 11: the 1 h limit is the national one, for reportable (较大 and above) events of a CII
# operator; an ungraded incident on a CII system falls under the unit's own 24 h only
is "an ungraded incident on a CII system reported after 2 h: not late" "" "$( (findings 2026-11-21 incident.report_late; findings 2026-11-21 incident.report_national) | tr ' ' '\n' | grep ykt)"
is "an incident 2 days after a notice on its system repeats it" "portal@2026-11-18" "$(findings 2026-11-21 incident.repeat | tr ' ' '\n' | grep portal)"
is "… naming the notice" tb-17 "$(json "$T/check.json" '[f for f in d["findings"] if f["rule"] == "incident.repeat" and f["subject"]["id"] == "portal"][0]["notice"]')"

# rectify the notice: the finding goes
sed -i 's/"rectified_on": null, "feedback_on": null/"rectified_on": "2026-11-20", "feedback_on": "2026-11-20"/' "$T/events.json"
ok "a rectified notice re-imports" expect_exit 0 z import "$T/events.json"
# issue 11: rectified a day late, it stays on record (004 五, 八(五)) for the look-back (365 days)
is "rectified late on 11-20: still a finding as of 11-21" "portal@2026-11-20" "$(findings 2026-11-21 notice.rectification)"
is "… saying it was rectified late" True "$(json "$T/check.json" 'str("逾期整改" in [f for f in d["findings"] if f["rule"] == "notice.rectification"][0]["message"])')"
is "… until a year after receipt" "" "$(findings 2027-11-16 notice.rectification)"

# bad input
z export > "$T/before.json" || die "export"
cat > "$T/bad.json" <<'JSON'
{"format": "zeren/v1", "incidents": [{"id": "x", "org": "demo", "system": "portal", "title": "t",
  "occurred_at": "2026-10-12 08:10"}]}
JSON
ok "a time without its offset is refused" expect_exit 2 z import "$T/bad.json"
ok "… naming the field" expect_grep 'occurred_at: must be a time' "$ERR"
cat > "$T/bad.json" <<'JSON'
{"format": "zeren/v1", "incidents": [{"id": "x", "org": "demo", "system": "portal", "title": "t",
  "occurred_at": "2026-10-12T08:10:00+08:00", "detected_at": "2026-10-11T08:10:00+08:00"}]}
JSON
ok "detection before occurrence is refused" expect_exit 2 z import "$T/bad.json"
cat > "$T/bad.json" <<'JSON'
{"format": "zeren/v1", "notices": [{"id": "n", "org": "demo", "issuer": "i", "title": "t",
  "systems": ["nosuch"], "received_on": "2026-11-16"}]}
JSON
ok "a notice about an unknown system is refused" expect_exit 2 z import "$T/bad.json"
ok "… naming systems[0]" expect_grep 'notices\[0\]\.systems\[0\]: unknown system' "$ERR"
z export > "$T/after.json"
ok "… and the refused files changed nothing" cmp -s "$T/before.json" "$T/after.json"
finish
