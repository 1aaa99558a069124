#!/bin/bash
# zeren inspection add|list|show (issue 15): a supervisor's inspection from the command line,
# recorded as POST /api/v1/supervision/inspections records it — one change, audited, each item a
# rectification of the unit inspected with its deadline (a date, working days, or the policy's);
# bad input is refused naming what and changes nothing; list and show give each item's state.
. "$(dirname "$0")/lib.sh"
plan 26
z demo --as-of $DEMO_ON >/dev/null || die "demo"
z export > "$T/before.json" || die "export"

add() { z inspection add --unit xl-school --id jc-7 --on 2026-11-02 --scope "责任制落实情况" --inspectors 王磊 "$@"; }
refused() { # refused DESC PATTERN ARGS...: exit 2, the message, nothing written
	local desc=$1 pat=$2
	shift 2
	ok "$desc is refused" expect_exit 2 "$@"
	ok "… saying what" expect_grep "$pat" "$ERR"
}
refused "an item without a department" "--item 1: 'TITLE\|DEPARTMENT" add --item "网站未测评"
refused "a deadline that is neither a date nor working days" "DUE is a date YYYY-MM-DD or 1 to 60 working days, not '61'" \
	add --item "网站未测评|xs-info||61"
refused "a supervisor not above the unit" "--by xl-hospital: not a unit above xl-school" add --by xl-hospital --item "t|xs-info"
refused "another unit's department" "department 'xh-it' belongs to another organization" add --item "t|xh-it"
z export > "$T/after.json"
ok "… and nothing changed" cmp -s "$T/before.json" "$T/after.json"

ok "an inspection with three items is recorded" expect_exit 0 \
	add --item "网站未测评|xs-info|第四条(二)|2026-11-10" --item "责任人未明确|xs-info||5" --item "台账不全|xs-info"
ok "… saying so" expect_grep "recorded inspection jc-7 of xl-school: 3 item" "$OUT"
z audit list > "$T/audit" || die "audit"
is "one audit record, by the command line" "1" "$(grep -c "supervision.inspection.add	xl-school/jc-7	ok" "$T/audit")"
z export > "$T/a.json" || die "export"
is "the inspector is the unit above" "xiling" "$(json "$T/a.json" '[i for i in d["inspections"] if i["id"] == "jc-7"][0]["inspector_org"]')"
is "each item's deadline: the date, 5 working days from 11-02, the policy's" "2026-11-10 2026-11-09 None" \
	"$(json "$T/a.json" '" ".join(str(x["due_on"]) for x in [i for i in d["inspections"] if i["id"] == "jc-7"][0]["items"])')"
is "each item a rectification of the unit" "jc-7-1:jc-7#1:2026-11-10 jc-7-2:jc-7#2:2026-11-09 jc-7-3:jc-7#3:None" \
	"$(json "$T/a.json" '" ".join("%s:%s:%s" % (r["id"], r["subject"], r.get("due_on")) for r in d["rectifications"] if r["subject"].startswith("jc-7#"))')"
refused "the same id again" "inspection 'jc-7' exists already" add --item "t|xs-info"

z inspection show jc-7 --as-of 2026-11-09 --format json > "$T/s.json" || die "show"
is "show, 11-09: none overdue yet, the third due by the policy" "assigned assigned assigned" \
	"$(json "$T/s.json" '" ".join(x["status"] for x in d["items"])')"
z inspection show jc-7 --as-of 2026-11-11 --format json > "$T/s.json" || die "show"
is "show, 11-11: the two dated items overdue" "overdue overdue" \
	"$(json "$T/s.json" '" ".join(x["status"] for x in d["items"][:2])')"
python3 - "$T/a.json" > "$T/r.json" <<'PY' || die "rectify"
import json, sys
r = [r for r in json.load(open(sys.argv[1], encoding="utf-8"))["rectifications"] if r["id"] == "jc-7-1"][0]
r.update(rectified_on="2026-11-12", rectification="已完成等级测评")
print(json.dumps({"format": "zeren/v1", "rectifications": [r]}, ensure_ascii=False))
PY
z import "$T/r.json" >/dev/null || die "rectify"
z inspection show jc-7 --as-of 2026-11-13 --format json > "$T/s.json" || die "show"
is "a rectified item shows so" "rectified" "$(json "$T/s.json" 'd["items"][0]["status"]')"
z inspection show jc-7 --as-of 2026-11-13 > "$T/s.txt" || die "show text"
ok "show in text: the item, its rectification, deadline and state" expect_grep "1\. 网站未测评  \[xs-info\]  整改 jc-7-1  期限 2026-11-10  已整改待验证" "$T/s.txt"

z inspection list --by xiling --as-of $DEMO_ON --format json > "$T/l.json" || die "list"
is "list by the supervisor" "jc-7" "$(json "$T/l.json" '" ".join(i["id"] for i in d)')"
z inspection list --org xl-hospital --as-of $DEMO_ON --format json > "$T/l.json" || die "list"
is "… none of another unit" "" "$(json "$T/l.json" '" ".join(i["id"] for i in d)')"
z inspection list --as-of 2026-11-01 --format json > "$T/l.json" || die "list"
is "… none before the day it was held" "" "$(json "$T/l.json" '" ".join(i["id"] for i in d)')"
refused "show of an unknown id" "no inspection with id 'jc-0'" z inspection show jc-0
finish
