#!/bin/bash
# Vulnerabilities (漏洞台账, issue 19): the zeren/v1 section round-trips, bad records are refused
# naming the field and change nothing, and vulnerability.fix judges deadlines, fixes and their
# verification, with the demo's deliberate one.
. "$(dirname "$0")/lib.sh"
plan 24
z demo --as-of $DEMO_ON >/dev/null || die "demo"

findings() { # findings DATE: vulnerability.fix's findings as of DATE, "system@since:vulnerability"
	z check --as-of "$1" --format json > "$T/check.json"
	json "$T/check.json" '" ".join(sorted(f["subject"]["id"] + "@" + f["since"] + ":" + f.get("vulnerability", "-")
		for f in d["findings"] if f["rule"] == "vulnerability.fix"))'
}
msgs() { # msgs FILE KEY: the findings' messages into $T/m, for grep
	json "$1" '"\n".join(f["'"$2"'"] for f in d["findings"])' > "$T/m"
	echo "$T/m"
}

is "demo: the OA's high vulnerability is overdue from the day after its 30 days" "oa@2026-11-12:ld-2026-003" "$(findings $DEMO_ON)"
ok "… said in Chinese" expect_grep "信息系统“协同办公系统（OA）”2026-10-12发现的高危漏洞“OA系统 Nginx 版本过旧（CVE-2021-23017）”应于2026-11-11前修复，至今未修复" "$(msgs "$T/check.json" message)"
ok "… and in English" expect_grep 'system 协同办公系统（OA）: the high vulnerability .* was to be fixed by 2026-11-11 and is not fixed' "$(msgs "$T/check.json" message_en)"
is "… citing the college's own clause" "第十七条" \
	"$(json "$T/check.json" '" ".join(c["clause"] for f in d["findings"] if f["rule"] == "vulnerability.fix" for c in f["citations"])')"
is "on its last day (11-11) there is none" "" "$(findings 2026-11-11)"

z export > "$T/a.json" || die "export"
is "export carries the five vulnerabilities" "ld-2026-001 ld-2026-002 ld-2026-003 ld-2026-004 ld-2026-005" \
	"$(json "$T/a.json" '" ".join(v["id"] for v in d["vulnerabilities"])')"
is "… the notice's names it" "tb-2026-17" "$(json "$T/a.json" '[v for v in d["vulnerabilities"] if v["id"] == "ld-2026-004"][0]["notice"]')"
"$ZEREN" --data "$T/copy" import "$T/a.json" >/dev/null || die "copy"
"$ZEREN" --data "$T/copy" export > "$T/b.json" || die "export copy"
ok "export∘import is the identity with vulnerabilities" cmp -s "$T/a.json" "$T/b.json"

vuln() { # vuln FILE ID FIELDS-JSON: the stored vulnerability ID with FIELDS laid over it
	python3 - "$T/a.json" "$2" "$3" > "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
v = [v for v in d["vulnerabilities"] if v["id"] == sys.argv[2]][0]
v.update(json.loads(sys.argv[3]))
json.dump({"format": "zeren/v1", "vulnerabilities": [v]}, sys.stdout, ensure_ascii=False)
PY
}
vuln "$T/fixed.json" ld-2026-003 '{"fixed_on": "2026-11-20"}'
ok "a fix imports" expect_exit 0 z import "$T/fixed.json"
is "… not verified, it still is a finding" "oa@2026-11-12:ld-2026-003" "$(findings $DEMO_ON)"
ok "… saying so" expect_grep "2026-11-20已修复，修复结果尚未验证" "$(msgs "$T/check.json" message)"
vuln "$T/verified.json" ld-2026-003 '{"fixed_on": "2026-11-20", "verified_on": "2026-11-21"}'
z import "$T/verified.json" >/dev/null || die "verified"
is "verified: no finding" "" "$(findings $DEMO_ON)"
vuln "$T/due.json" ld-2026-005 '{"due_on": "2026-11-10"}'
z import "$T/due.json" >/dev/null || die "due"
is "its own due_on overrides the policy's 90 days for a medium one" "mail@2026-11-11:ld-2026-005" "$(findings $DEMO_ON)"

bad() { # bad DESC FIELDS-JSON PATTERN
	vuln "$T/bad.json" ld-2026-001 "$2"
	ok "$1 is refused" expect_exit 2 z import "$T/bad.json"
	ok "… naming the field" expect_grep "$3" "$ERR"
}
bad "an unknown severity" '{"severity": "urgent"}' 'vulnerabilities\[0\]\.severity: unknown severity'
bad "a verification without a fix" '{"fixed_on": null}' 'vulnerabilities\[0\]\.verified_on: a fix is verified on or after fixed_on'
bad "a fix before it was found" '{"fixed_on": "2026-08-01", "verified_on": null}' 'vulnerabilities\[0\]\.fixed_on: before found_on'
bad "an unknown system" '{"system": "nosuch"}' "vulnerabilities\[0\]\.system: unknown system 'nosuch'"
bad "an unknown notice" '{"notice": "tb-x"}' "vulnerabilities\[0\]\.notice: unknown notice 'tb-x'"
z export > "$T/after.json"
is "… and nothing changed" "$(json "$T/a.json" '[v for v in d["vulnerabilities"] if v["id"] == "ld-2026-001"][0]')" \
	"$(json "$T/after.json" '[v for v in d["vulnerabilities"] if v["id"] == "ld-2026-001"][0]')"
finish
