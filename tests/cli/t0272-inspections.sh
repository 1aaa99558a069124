#!/bin/bash
# 检查 (issue 15): a supervisor's inspection of a unit below — the zeren/v1 section 'inspections'
# round-trips with its items; each item's rectification (rule 'inspection', subject '<id>#<n>')
# needs no policy rule but must name an item of an inspection of its unit; bad records are
# refused naming the field and change nothing; an item not rectified in time is the unit's
# rectification.overdue finding.
. "$(dirname "$0")/lib.sh"
plan 19
z demo --as-of $DEMO_ON >/dev/null || die "demo"

doc() { # doc FILE INSPECTION-FIELDS RECTIFICATION-FIELDS: one inspection of xl-school with two items and the first's rectification
	python3 - "$2" "$3" > "$1" <<'PY'
import json, sys
i = {"id": "jc-1", "org": "xl-school", "inspector_org": "xiling", "on": "2026-11-02", "scope": "责任制落实情况",
     "inspectors": "王磊", "items": [{"title": "网站未测评", "basis": "第四条(二)", "department": "xs-info", "due_on": "2026-11-10"},
                                    {"title": "责任人未明确", "basis": None, "department": "xs-info", "due_on": None}]}
r = {"id": "jc-1-1", "org": "xl-school", "rule": "inspection", "subject": "jc-1#1", "title": "网站未测评",
     "department": "xs-info", "assigned_on": "2026-11-02", "due_on": "2026-11-10"}
i.update(json.loads(sys.argv[1]))
r.update(json.loads(sys.argv[2]))
json.dump({"format": "zeren/v1", "inspections": [i], "rectifications": [r]}, sys.stdout, ensure_ascii=False)
PY
}
overdue() { # overdue DATE: xl-school's rectification.overdue findings, "since:rectification"
	z check --org xl-school --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["since"] + ":" + f.get("rectification", "-") for f in d["findings"] if f["rule"] == "rectification.overdue"))'
}

doc "$T/i.json" '{}' '{}'
ok "an inspection and its item's rectification import" expect_exit 0 z import "$T/i.json"
z import "$T/i.json" > "$T/out" || die "again"
ok "… imported again, an update, counted" expect_grep "1 整改 rectifications, 1 检查 inspections" "$T/out"
is "due 2026-11-10: overdue from the next day" "2026-11-11:jc-1-1" "$(overdue $DEMO_ON)"
is "… not on the day itself" "" "$(overdue 2026-11-10)"

z export > "$T/a.json" || die "export"
is "exported as given, the items in order" '网站未测评 第四条(二) 2026-11-10|责任人未明确 None None' \
	"$(json "$T/a.json" '"|".join("%s %s %s" % (x["title"], x["basis"], x["due_on"]) for x in [i for i in d["inspections"] if i["id"] == "jc-1"][0]["items"])')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with inspections" cmp -s "$T/a.json" "$T/b.json"

bad() { # bad DESC INSPECTION-FIELDS RECTIFICATION-FIELDS PATTERN
	doc "$T/bad.json" "$2" "$3"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming the field" expect_grep "$4" "$ERR"
}
bad "an inspector not above the unit" '{"inspector_org": "xl-hospital"}' '{}' "inspections\[0\]\.inspector_org: 'xl-hospital' is not above 'xl-school'"
bad "another unit's department" '{"items": [{"title": "t", "department": "xh-it"}]}' '{}' "inspections\[0\]\.items\[0\]: department 'xh-it' belongs to another organization"
bad "a deadline before the inspection" '{"items": [{"title": "t", "department": "xs-info", "due_on": "2026-11-01"}]}' '{}' "due_on must not be before the inspection"
bad "no items" '{"items": []}' '{}' "inspections\[0\]\.items: must be an array of 1 to 200 items"
bad "an item the inspection lacks" '{}' '{"subject": "jc-1#3"}' "rectifications\[0\]\.subject: inspection 'jc-1' has 2 items"
bad "an inspection of another unit" '{}' '{"subject": "jc-9#1"}' "rectifications\[0\]\.subject: unit 'xl-school' has no inspection 'jc-9'"
z export > "$T/after.json"
ok "… and nothing changed" cmp -s "$T/a.json" "$T/after.json"
