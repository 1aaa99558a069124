#!/bin/bash
# Emergency plans (应急预案, issue 19): the zeren/v1 section round-trips with the drills that
# exercised each plan, bad records are refused naming the field and change nothing, and
# plan.review asks an approved plan in force, each reviewed every 12 months.
. "$(dirname "$0")/lib.sh"
plan 27
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings DATE: plan.review's findings as of DATE, "since:plan"
	z check --org demo --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["since"] + ":" + f.get("plan", "-") for f in d["findings"] if f["rule"] == "plan.review"))'
}

is "demo: the portal's plan, last reviewed 2024-09-10, is due since 2025-09-10" "2025-09-10:ya-2023-portal" "$(findings $DEMO_ON)"
json "$T/check.json" '"\n".join(f["message"] for f in d["findings"])' > "$T/m"
ok "… said in Chinese" expect_grep "应急预案“学校门户网站网页篡改专项应急预案”（V1.0）最近一次批准或评审于2024-09-10，已超过12个月未再评审" "$T/m"
findings 2025-09-09 >/dev/null
ok "… the day before, not that plan" test "$(grep -c ya-2023-portal "$T/check.json")" = 0

z export > "$T/a.json" || die "export"
is "export carries the three plans" "ya-2019-general ya-2024-general ya-2023-portal" "$(json "$T/a.json" '" ".join(p["id"] for p in d["emergency_plans"])')"
is "… each with its drills" '["2024-12-20", "2025-12-28"]' "$(json "$T/a.json" '[p for p in d["emergency_plans"] if p["id"] == "ya-2024-general"][0]["drills"]')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with emergency plans" cmp -s "$T/a.json" "$T/b.json"

plan_doc() { # plan_doc FILE ID FIELDS-JSON: the stored plan ID with FIELDS laid over it
	python3 - "$T/a.json" "$2" "$3" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
p = [p for p in d["emergency_plans"] if p["id"] == sys.argv[2]][0]
p.update(json.loads(sys.argv[3]))
json.dump({"format": "zeren/v1", "emergency_plans": [p]}, sys.stdout, ensure_ascii=False)
PY
}
plan_doc "$T/reviewed.json" ya-2023-portal '{"reviewed_on": "2026-11-20", "drills": ["2026-11-20"]}'
ok "a review and a drill import" expect_exit 0 z import "$T/reviewed.json"
is "… reviewed: no finding" "" "$(findings $DEMO_ON)"
plan_doc "$T/gone.json" ya-2024-general '{"withdrawn_on": "2026-11-01"}'
plan_doc "$T/gone2.json" ya-2023-portal '{"withdrawn_on": "2026-11-01"}'
z import "$T/gone.json" >/dev/null && z import "$T/gone2.json" >/dev/null || die "withdraw"
is "every plan withdrawn: none in force since the day" "2026-11-01:-" "$(findings $DEMO_ON)"

bad() { # bad DESC FIELDS-JSON PATTERN
	plan_doc "$T/bad.json" ya-2024-general "$2"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming the field" expect_grep "$3" "$ERR"
}
bad "a review before approval" '{"reviewed_on": "2024-01-01"}' 'emergency_plans\[0\]\.reviewed_on: a plan is reviewed on or after approved_on'
bad "a drill before approval" '{"drills": ["2024-06-01"]}' 'emergency_plans\[0\]\.drills\[0\]: a drill exercises a plan approved on or before it'
bad "a drill that is no date" '{"drills": ["soon"]}' 'emergency_plans\[0\]\.drills\[0\]: must be a date'
z export > "$T/after.json"
is "… and nothing changed" "$(json "$T/gone.json" 'd["emergency_plans"][0]')" "$(json "$T/after.json" '[p for p in d["emergency_plans"] if p["id"] == "ya-2024-general"][0]')"

# every review is kept (day, reviewer, outcome); reviewed_on is the latest, and the rule takes
# the latest review on or before the day it checks
is "the 2024 plan's reviews" '[{"by": "p-zhouhaitao", "on": "2025-06-20", "outcome": "无修改"}, {"by": "p-zhouhaitao", "on": "2026-06-19", "outcome": "无修改"}]' \
	"$(json "$T/a.json" '[p for p in d["emergency_plans"] if p["id"] == "ya-2024-general"][0]["reviews"]')"
is "… its reviewed_on the latest of them" "2026-06-19" "$(json "$T/a.json" '[p for p in d["emergency_plans"] if p["id"] == "ya-2024-general"][0]["reviewed_on"]')"
is "before its 2026 review the 2025 one counts: only the portal's plan is due" "2025-09-10:ya-2023-portal" "$(findings 2026-06-18)"
plan_doc "$T/rv.json" ya-2024-general '{"reviewed_on": null, "reviews": [{"on": "2025-06-20", "by": null, "outcome": null}]}'
ok "reviews alone import" expect_exit 0 z import "$T/rv.json"
z export > "$T/rv-out.json"
is "… reviewed_on is taken from the latest" "2025-06-20" "$(json "$T/rv-out.json" '[p for p in d["emergency_plans"] if p["id"] == "ya-2024-general"][0]["reviewed_on"]')"
bad "reviews out of order" '{"reviews": [{"on": "2026-06-19", "by": null, "outcome": null}, {"on": "2025-06-20", "by": null, "outcome": null}]}' \
	'emergency_plans\[0\]\.reviews\[1\]\.on: reviews come in order of day'
bad "a reviewer nobody knows" '{"reviews": [{"on": "2025-06-20", "by": "p-nobody", "outcome": null}]}' \
	"emergency_plans\\[0\\]\\.reviews\\[0\\]\\.by: unknown person 'p-nobody'"
bad "a reviewed_on before the latest review" '{"reviewed_on": "2025-01-01", "reviews": [{"on": "2025-06-20", "by": null, "outcome": null}]}' \
	'emergency_plans\[0\]\.reviewed_on: must be the latest of the reviews'
finish
