#!/bin/bash
# 整改台账 (issue 22): a finding followed up — the zeren/v1 section 'rectifications' round-trips
# with its evidence, bad records are refused naming the field and change nothing, and
# rectification.overdue reports an assigned item not rectified within the policy's working days
# (or its own due_on), about the person it was assigned to.
. "$(dirname "$0")/lib.sh"
plan 22
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings DATE: rectification.overdue's findings as of DATE, "since:subject:rectification"
	z check --org demo --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["since"] + ":" + f["subject"]["id"] + ":" + f.get("rectification", "-") for f in d["findings"] if f["rule"] == "rectification.overdue"))'
}

z check --org demo --as-of $DEMO_ON --format json > "$T/check.json"
ok "every finding has a key that names its subject" test "$(json "$T/check.json" 'sum(1 for f in d["findings"] if not f["key"].startswith(f["subject"]["kind"] + ":" + f["subject"]["id"]))')" = 0
RULE=$(json "$T/check.json" 'd["findings"][0]["rule"]')
KEY=$(json "$T/check.json" 'd["findings"][0]["key"]')
z check --org demo --as-of 2026-11-20 --format json > "$T/check2.json"
ok "… the same key on another day" test "$(json "$T/check2.json" "sum(1 for f in d['findings'] if f['rule'] == '$RULE' and f['key'] == '$KEY')")" = 1

rect() { # rect FILE FIELDS-JSON: one rectification of the demo's first finding, FIELDS laid over it
	python3 - "$RULE" "$KEY" "$2" > "$1" <<'PY'
import json, sys
r = {"id": "zg-1", "org": "demo", "rule": sys.argv[1], "subject": sys.argv[2], "title": "整改示例",
     "department": "nic", "person": "p-zhouhaitao", "assigned_on": "2026-11-02"}
r.update(json.loads(sys.argv[3]))
json.dump({"format": "zeren/v1", "rectifications": [r]}, sys.stdout, ensure_ascii=False)
PY
}
rect "$T/r.json" '{}'
ok "an assignment imports" expect_exit 0 z import "$T/r.json"
is "10 working days from 2026-11-02 end on 2026-11-16: nothing on that day" "" "$(findings 2026-11-16)"
is "… overdue from the next, about the person assigned" "2026-11-17:p-zhouhaitao:zg-1" "$(findings $DEMO_ON)"
json "$T/check.json" '"\n".join(f["message"] for f in d["findings"] if f["rule"] == "rectification.overdue")' > "$T/m"
ok "… said in Chinese" expect_grep "于2026-11-02交办的整改“整改示例”应于2026-11-16前完成，尚未整改" "$T/m"
is "… cited to the college's own clause" "第五条(五)" "$(json "$T/check.json" '" ".join(c["clause"] for c in [f for f in d["findings"] if f["rule"] == "rectification.overdue"][0]["citations"])')"
rect "$T/r.json" '{"due_on": "2026-11-30"}'
z import "$T/r.json" >/dev/null || die "due_on"
is "its own due_on overrides the policy's days" "" "$(findings $DEMO_ON)"
rect "$T/r.json" '{"person": null, "rectified_on": "2026-11-20", "rectification": "已整改", "closed_on": "2026-11-21",
  "evidence": [{"sha256": "'"$(printf '%064d' 1)"'", "name": "整改报告.pdf", "size": 1024}]}'
z import "$T/r.json" >/dev/null || die "rectified"
is "rectified in time: no finding" "" "$(findings $DEMO_ON)"
is "… nor on a later day" "" "$(findings 2027-01-05)"
rect "$T/r.json" '{"person": null, "due_on": "2026-11-18"}'
z import "$T/r.json" >/dev/null || die "department"
is "assigned to a department only: the department is the subject" "2026-11-19:nic:zg-1" "$(findings $DEMO_ON)"

z export > "$T/a.json" || die "export"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with rectifications" cmp -s "$T/a.json" "$T/b.json"

bad() { # bad DESC FIELDS-JSON PATTERN
	rect "$T/bad.json" "$2"
	ok "$1 is refused naming the field" expect_exit 2 z import "$T/bad.json"
	ok "… $3" expect_grep "$3" "$ERR"
}
bad "a rule the policy lacks" '{"rule": "no.such.rule"}' "rectifications\[0\]\.rule: the policy of unit 'demo' on 2026-11-02 has no rule 'no.such.rule'"
bad "a closing before the rectification" '{"rectified_on": "2026-11-20", "closed_on": "2026-11-19"}' 'rectifications\[0\]\.closed_on: a rectification is closed on or after rectified_on'
z export > "$T/after.json"
ok "… and nothing changed" cmp -s "$T/a.json" "$T/after.json"

# A notice's 整改报告 and an incident's 处置报告 are kept as files (evidence), round trip included.
reports() { # reports FILE ARRAY ID REPORTS-JSON: the stored record with its reports
	python3 - "$T/a.json" "$2" "$3" "$4" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = [x for x in d[sys.argv[2]] if x["id"] == sys.argv[3]][0]
r["reports"] = json.loads(sys.argv[4])
json.dump({"format": "zeren/v1", sys.argv[2]: [r]}, sys.stdout, ensure_ascii=False)
PY
}
SHA=$(printf '%064d' 2)
reports "$T/n.json" notices tb-2026-17 '[{"sha256": "'"$SHA"'", "name": "整改报告.pdf", "size": 2048}]'
reports "$T/x.json" incidents inc-2026-03 '[{"sha256": "'"$SHA"'", "name": "处置报告.docx", "size": 4096}]'
z import "$T/n.json" >/dev/null && z import "$T/x.json" >/dev/null || die "reports"
z export > "$T/c.json" || die "export"
is "the notice keeps its 整改报告" "整改报告.pdf" "$(json "$T/c.json" '[n for n in d["notices"] if n["id"] == "tb-2026-17"][0]["reports"][0]["name"]')"
is "the incident its 处置报告" "处置报告.docx" "$(json "$T/c.json" '[x for x in d["incidents"] if x["id"] == "inc-2026-03"][0]["reports"][0]["name"]')"
"$ZEREN" --data "$T/copy2" import "$T/c.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy2" export > "$T/d.json" || die "export copy"
ok "export∘import is the identity with reports" cmp -s "$T/c.json" "$T/d.json"
reports "$T/bad.json" notices tb-2026-17 '[{"sha256": "nothex", "name": "x", "size": 1}]'
ok "a report that is no file is refused" expect_exit 2 z import "$T/bad.json"
ok "… naming it" expect_grep 'notices\[0\]\.reports\[0\]: must be' "$ERR"
finish
