#!/bin/bash
# IT projects and their security budget (信息化项目, issue 19 item 6): the zeren/v1 section
# round-trips, a system names the project that built it, bad records are refused naming the field
# and change nothing, and project.security asks a security budget of at least 5% of a project's
# total (004 七) and the 三同步 (003 第四条(一)).
. "$(dirname "$0")/lib.sh"
plan 24
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings [DATE]: project.security's findings as of DATE, "since:project"
	z check --org demo --as-of "${1:-$DEMO_ON}" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["since"] + ":" + f.get("project", "-") for f in d["findings"] if f["rule"] == "project.security"))'
}
msgs() { # msgs KEY: the rule's messages (message or message_en) into $T/m
	json "$T/check.json" '"\n".join(f["'"$1"'"] for f in d["findings"] if f["rule"] == "project.security")' > "$T/m"
	echo "$T/m"
}

is "demo: the smart-classroom project, 2% for security, from its approval" "2026-03-16:xm-2026-zhjs" "$(findings)"
ok "… said in Chinese with the amounts and the share" \
	expect_grep "信息化项目“智慧教室建设项目”总预算450.00万元，网络安全预算9.00万元（占2.0%），低于项目总预算的5%" "$(msgs message)"
ok "… and in English" expect_grep "total budget of 4500000 yuan and a security budget of 90000 yuan \(2.0%\), below 5% of the total" "$(msgs message_en)"
is "… citing the college's own clause" "《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号） 第十四条" \
	"$(json "$T/check.json" '"|".join(c["document"] + " " + c["clause"] for f in d["findings"] if f["rule"] == "project.security" for c in f["citations"])')"
is "the day before its approval: none" "" "$(findings 2026-03-15)"

# round trip
z export > "$T/a.json" || die "export"
is "export carries the four projects" "xm-2020-hrxt xm-2025-ykt xm-2026-zhjs xm-2026-sjzt" "$(json "$T/a.json" '" ".join(p["id"] for p in d["projects"])')"
is "… field by field as written" \
	'{"approved_on": "2026-03-16", "budget": 4500000, "cancelled_on": null, "department": "academic", "id": "xm-2026-zhjs", "in_use_on": null, "name": "智慧教室建设项目", "notes": "网络安全预算仅列防火墙扩容一项", "org": "demo", "security_budget": 90000, "security_built": false, "security_implemented": false, "security_planned": true, "started_on": "2026-07-06"}' \
	"$(json "$T/a.json" '[p for p in d["projects"] if p["id"] == "xm-2026-zhjs"][0]')"
is "the HR system names the project that built it, the others none" "hrxt:xm-2020-hrxt" \
	"$(json "$T/a.json" '" ".join(s["id"] + ":" + s["project"] for s in d["systems"] if "project" in s)')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with projects and the systems' links" cmp -s "$T/a.json" "$T/b.json"

project() { # project FILE ID FIELDS-JSON: the stored project ID with FIELDS laid over it
	python3 - "$T/a.json" "$2" "$3" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
p = [p for p in d["projects"] if p["id"] == sys.argv[2]][0]
p.update(json.loads(sys.argv[3]))
json.dump({"format": "zeren/v1", "projects": [p]}, sys.stdout, ensure_ascii=False)
PY
}
project "$T/raise.json" xm-2026-zhjs '{"security_budget": 225000}'
ok "raising its security budget to 5% imports" expect_exit 0 z import "$T/raise.json"
is "… exactly 5%: no finding" "" "$(findings)"
project "$T/use.json" xm-2026-zhjs '{"security_budget": 225000, "in_use_on": "2026-11-02"}'
z import "$T/use.json" >/dev/null || die "in use"
is "put into use without the security built and in use with it: the 三同步 from that day" "2026-11-02:xm-2026-zhjs" "$(findings)"
ok "… naming what it lacks" expect_grep "信息化项目“智慧教室建设项目”已投入使用，网络安全未做到“同步建设、同步实施”" "$(msgs message)"
ok "… and in English" expect_grep "its security was not built or put into use together with it" "$(msgs message_en)"
project "$T/plan.json" xm-2026-sjzt '{"started_on": "2026-11-09"}'
z import "$T/plan.json" >/dev/null || die "started"
is "a project started without its security planned: from its start" "2026-11-02:xm-2026-zhjs 2026-11-09:xm-2026-sjzt" "$(findings)"
project "$T/cancel.json" xm-2026-sjzt '{"started_on": null, "cancelled_on": "2026-11-10"}'
z import "$T/cancel.json" >/dev/null || die "cancel"
is "a cancelled project is not checked" "2026-11-02:xm-2026-zhjs" "$(findings)"

bad() { # bad DESC ID FIELDS-JSON PATTERN
	project "$T/bad.json" "$2" "$3"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming the field" expect_grep "$4" "$ERR"
}
bad "a security budget above the total" xm-2025-ykt '{"security_budget": 2600001}' 'projects\[0\]\.security_budget: is part of the budget'
bad "a start before approval" xm-2025-ykt '{"started_on": "2025-01-01"}' 'projects\[0\]\.started_on: a project starts on or after approved_on'
bad "a budget that is no whole number" xm-2025-ykt '{"budget": 12.5}' 'projects\[0\]\.budget: must be a whole number of yuan'
python3 - "$T/a.json" > "$T/sys.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = [s for s in d["systems"] if s["id"] == "jwxt"][0]
s["project"] = "xm-nowhere"
json.dump({"format": "zeren/v1", "systems": [s]}, sys.stdout, ensure_ascii=False)
PY
ok "a system naming an unknown project is refused" expect_exit 2 z import "$T/sys.json"
z export > "$T/after.json"
is "… and nothing changed" "$(json "$T/a.json" '[p for p in d["projects"] if p["id"] == "xm-2025-ykt"][0]')" \
	"$(json "$T/after.json" '[p for p in d["projects"] if p["id"] == "xm-2025-ykt"][0]')"
finish
