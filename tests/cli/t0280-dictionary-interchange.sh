#!/bin/bash
# zeren/v1 section "dictionary" (字典管理, issue 22): a unit's own entries import, export and
# import again byte for byte into a fresh store; a bad entry is refused naming it and changes nothing;
# `zeren dict put|list` edit and show them (audited as dict.put).
. "$(dirname "$0")/lib.sh"
plan 11

z demo --as-of $DEMO_ON >/dev/null || die "zeren demo"
cat >"$T/dict.json" <<'JSON'
{"format": "zeren/v1", "dictionary": [
 {"org": "demo", "list": "incident_category", "value": "钓鱼邮件", "label": "钓鱼邮件", "label_en": "Phishing", "sort": 10, "enabled": true},
 {"org": "demo", "list": "agreement_kind", "value": "confidentiality", "label": "保密承诺书", "label_en": null, "sort": 5, "enabled": true},
 {"org": "xl-school", "list": "notice_issuer", "value": "西岭市教育局", "label": "市教育局", "label_en": null, "sort": 10, "enabled": false}
]}
JSON
ok "importing a dictionary exits 0" expect_exit 0 z import "$T/dict.json"
z export >"$T/A.json" || die "export A"
is "the export carries the demo's five entries and the three imported" 8 "$(json "$T/A.json" 'len(d["dictionary"])')"
is "… one unit's export its own seven" "demo 7" \
	"$(z export --org demo >"$T/demo.json" && json "$T/demo.json" '" ".join(sorted(set(e["org"] for e in d["dictionary"]))) + " " + str(len(d["dictionary"]))')"
ok "importing A into a fresh store" expect_exit 0 "$ZEREN" --data "$T/fresh" import "$T/A.json"
"$ZEREN" --data "$T/fresh" export >"$T/B.json" || die "export B"
ok "… and exporting again gives A byte for byte" cmp "$T/A.json" "$T/B.json"
printf '%s\n' '{"format": "zeren/v1", "dictionary": [{"org": "demo", "list": "agreement_kind", "value": "nda", "label": "x"}]}' >"$T/bad.json"
z import "$T/bad.json" 2>"$T/err" >/dev/null
ok "a value the engine does not know is refused, naming the entry" grep -q 'dictionary\[0\].value' "$T/err"
z export >"$T/C.json" || die "export C"
ok "… and nothing changed" cmp "$T/A.json" "$T/C.json"

ok "dict put adds an entry of an open list" expect_exit 0 z dict put demo notice_issuer 西岭市委网信办 --sort 30
is "… audited as dict.put" "dict.put demo/notice_issuer/西岭市委网信办 ok" \
	"$(z audit list --format json | python3 -c 'import json,sys; r=[a for a in json.load(sys.stdin) if a["action"]=="dict.put"][-1]; print(r["action"], r["object"], "ok" if r["success"] else "failed")')"
z dict list demo --list agreement_kind --format json >"$T/kinds.json" || die "dict list"
is "dict list shows the imported label and order of a closed list" "confidentiality 保密承诺书" \
	"$(json "$T/kinds.json" '" ".join([d["lists"][0]["entries"][0]["value"], d["lists"][0]["entries"][0]["label"]])')"
ok "dict put refuses a value a closed list does not have" expect_exit 2 z dict put demo agreement_kind nda
