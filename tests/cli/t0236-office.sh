#!/bin/bash
# The office itself (issue 19 item 7), as rules and duties of the default policy over the bodies,
# seats and posts the store already holds: body.office (the leading group's office with its
# director, the security administrators sitting in it as its designated 网络安全员),
# required.admins (machine-room and database administrators, 001 第四条), and the duties
# audit.report (quarterly, 安全审计员) and backup.data (monthly, 数据库管理员).
. "$(dirname "$0")/lib.sh"
plan 14
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings RULE [DATE]: RULE's findings for the demo unit, "subject@since:message"
	z check --org demo --as-of "${2:-$DEMO_ON}" --format json > "$T/check.json"
	json "$T/check.json" '" | ".join(sorted(f["subject"]["id"] + "@" + f["since"] + ":" + f["message"]
		for f in d["findings"] if f["rule"] == "'"$1"'"))'
}
overdue() { # overdue OBLIGATION: its overdue periods for the demo unit as of DEMO_ON
	z check --org demo --as-of $DEMO_ON --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["period"] for f in d["findings"]
		if f["rule"] == "obligation.overdue" and f.get("obligation") == "'"$1"'"))'
}
appt() { # appt PERSON BODY-OR-POST: the id of that person's appointment
	z appointment list --org demo --person "$1" | awk -v w="$2" '$3 == w {print $1}'
}

z policy default --format json > "$T/policy.json"
is "the default policy has the office's rules" "body.office required.admins" \
	"$(json "$T/policy.json" '" ".join(r["id"] for r in d[0]["rules"] if r["id"] in ("body.office", "required.admins"))')"
z obligations --org demo --as-of $DEMO_ON --format json > "$T/duties.json"
is "… and its duties, the quarterly audit report and the monthly backup, this year's done" "audit.report:2025-Q4 audit.report:2026-Q1 audit.report:2026-Q2 audit.report:2026-Q3 backup.data:12" \
	"$(json "$T/duties.json" '" ".join([o["obligation"] + ":" + o["period"] for o in d if o["obligation"] == "audit.report" and o["status"] == "done"]
		+ ["backup.data:%d" % sum(1 for o in d if o["obligation"] == "backup.data" and o["status"] == "done")])')"

# the demo: the 网信办 has its director (周海涛) and both security administrators; 马超 and 罗静 hold
# the machine room and the databases; every audit report and backup of the year is recorded
is "demo: the office is complete" "" "$(findings body.office)"
is "demo: both administrators are there" "" "$(findings required.admins)"
is "demo: no audit report overdue" "" "$(overdue audit.report)"
is "demo: no backup overdue" "" "$(overdue backup.data)"

# the director leaves the office: its seat is empty from that day
z appointment end "$(appt p-zhouhaitao office)" --org demo --to 2026-11-10 >/dev/null || die "end director"
is "without its director the office is a finding" "office@2026-11-10:网络安全和信息化领导小组办公室（网信办）未设办公室主任" "$(findings body.office)"
ok "… in English its director" expect_grep "has no director" <(json "$T/check.json" '"\\n".join(f["message_en"] for f in d["findings"] if f["rule"] == "body.office")')
is "… not the day before" "" "$(findings body.office 2026-11-09)"
# a security administrator who does not sit in the office
z appointment end "$(appt p-sunqian office)" --org demo --to 2026-11-12 >/dev/null || die "end member"
findings body.office > "$T/office"
ok "a security administrator outside the office is a finding" expect_grep "office@2026-11-12:孙倩（安全管理员）不是网络安全和信息化领导小组办公室（网信办）成员" "$T/office"
is "… since the day she left it" "2026-11-10 2026-11-12" \
	"$(json "$T/check.json" '" ".join(sorted(f["since"] for f in d["findings"] if f["rule"] == "body.office"))')"

# the database administrator leaves and nobody takes over
z appointment end "$(appt p-luojing database_admin)" --org demo --to 2026-11-15 >/dev/null || die "end dba"
is "without a database administrator: required.admins" "demo@2026-11-15:未设数据库管理员（现有0人，应不少于1人）" "$(findings required.admins)"

# the duties: a unit without any record of them has every occurrence overdue
z export > "$T/a.json" || die "export"
python3 - "$T/a.json" > "$T/norec.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["obligation_records"] = [r for r in d["obligation_records"] if r["obligation"] not in ("audit.report", "backup.data")]
json.dump(d, sys.stdout, ensure_ascii=False)
PY
"$ZEREN" --data "$T/norec" import "$T/norec.json" >/dev/null || die "import without records"
ZDATA="$T/norec"
is "without records every quarter's audit report is overdue" "2025-Q4 2026-Q1 2026-Q2 2026-Q3" \
	"$("$ZEREN" --data "$ZDATA" check --org demo --as-of $DEMO_ON --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted(f["period"] for f in d["findings"] if f.get("obligation") == "audit.report")))')"
is "… and every month's backup" 12 \
	"$("$ZEREN" --data "$ZDATA" check --org demo --as-of $DEMO_ON --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(sum(1 for f in d["findings"] if f.get("obligation") == "backup.data"))')"
finish
