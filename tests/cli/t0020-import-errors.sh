#!/bin/bash
# zeren import: a valid file goes in; each kind of bad file is refused with file, line or JSON path,
# and changes nothing; re-imports update by id and add no rows.
. "$(dirname "$0")/lib.sh"
plan 51

cat >"$T/good.json" <<'EOF'
{
  "format": "zeren/v1",
  "organizations": [
    {"id": "u1", "name": "测试学院", "kind": "university", "parent": null, "policy": "default",
     "departments": [
       {"id": "nic", "name": "网络信息中心", "parent": null},
       {"id": "lib", "name": "图书馆", "parent": null}
     ]}
  ],
  "people": [
    {"id": "p-a", "name": "王五", "org": "u1", "department": "nic", "background_check": "2024-03-01"},
    {"id": "p-b", "name": "李四", "org": "u1", "department": "nic", "background_check": null},
    {"id": "p-c", "name": "张三", "org": "u1", "department": "lib", "background_check": null}
  ],
  "bodies": [
    {"id": "wg", "org": "u1", "kind": "working_group", "name": "网络安全工作组", "leads": []}
  ],
  "appointments": [
    {"person": "p-a", "post": "security_admin", "org": "u1", "department": null, "system": null,
     "from": "2024-01-01", "to": null, "full_time": true},
    {"person": "p-b", "post": "department_head", "org": "u1", "department": "nic",
     "from": "2022-09-01", "to": null},
    {"person": "p-c", "post": "system_admin", "org": "u1", "system": "portal",
     "from": "2024-01-01", "to": null},
    {"person": "p-a", "body": "wg", "seat": "member", "from": "2024-01-01", "to": null}
  ],
  "systems": [
    {"id": "portal", "org": "u1", "name": "学校门户网站", "owner_department": "nic",
     "mlps_level": 2, "filing_no": "51340099999-00001", "filed_on": "2023-05-01",
     "last_assessed_on": null, "critical_infrastructure": false, "public_website": true}
  ],
  "agreements": [
    {"id": "a-1", "kind": "key_post_security", "org": "u1", "person": "p-a",
     "from": "2024-01-01", "to": "2026-12-31", "signed_on": "2024-01-02"}
  ]
}
EOF

# variant NAME: write $T/NAME.json: good.json with one thing wrong, plus two harmless changes
# (the unit renamed, a person added) that must not be committed either.
variant() {
	python3 - "$T/good.json" "$T/$1.json" "$1" <<'EOF' || die "cannot make variant $1"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
name, A = sys.argv[3], d["appointments"]
if name == "unknown-person": A[1]["person"] = "p-nosuch"
elif name == "overlap": A.append(dict(A[0], **{"from": "2025-01-01"}))   # same person, post, scope
elif name == "inverted": A[2]["to"] = "2023-01-01"                       # before its from
elif name == "unknown-post": A[0]["post"] = "chief_hacker"
elif name == "unknown-body-kind": d["bodies"][0]["kind"] = "tea_club"
elif name == "duplicate-id": d["people"].append(dict(d["people"][0], name="王五二"))
elif name == "unknown-field": d["systems"][0]["colour"] = "blue"
elif name == "missing-format": del d["format"]
elif name == "wrong-format": d["format"] = "zeren/v9"
elif name == "bad-date": d["agreements"][0]["signed_on"] = "2025-02-30"
elif name == "foreign-dept":
    d["organizations"].append({"id": "u2", "name": "别的单位", "kind": "university", "parent": None,
        "policy": "default", "departments": [{"id": "hr2", "name": "人事处", "parent": None}]})
    d["people"][2]["department"] = "hr2"
elif name == "harmless": pass
else: sys.exit("no variant " + name)
d["organizations"][0]["name"] = "改名学院"
d["people"].append({"id": "p-new", "name": "新人", "org": "u1", "department": "lib", "background_check": None})
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
}

ok "the valid fixture imports" expect_exit 0 z import "$T/good.json"
z export >"$T/before.json" || die "export"
is "… all of it" "1 2 3 1 4 1 1" "$(json "$T/before.json" '" ".join(str(len(x)) for x in
	[d["organizations"], d["organizations"][0]["departments"], d["people"], d["bodies"],
	 d["appointments"], d["systems"], d["agreements"]])')"

# refused NAME PATTERN: importing NAME.json exits 2, the message names the file and matches
# PATTERN (the JSON path and the problem), and the store is byte-for-byte unchanged.
refused() {
	ok "$1: exit 2" expect_exit 2 z import "$T/$1.json"
	ok "$1: message names the file and the JSON path" expect_grep "$1\\.json(:[0-9]+)?: .*$2" "$ERR"
	z export >"$T/after.json"
	ok "$1: nothing changed" cmp -s "$T/before.json" "$T/after.json"
}

printf '{"format": "zeren/v1",\n "people": [\n  {"id": "x",}\n ]\n}\n' >"$T/syntax.json"
ok "JSON syntax error: exit 2" expect_exit 2 z import "$T/syntax.json"
ok "JSON syntax error: message names file.json:LINE" expect_grep 'syntax\.json:3' "$ERR"
z export >"$T/after.json"
ok "JSON syntax error: nothing changed" cmp -s "$T/before.json" "$T/after.json"

for v in unknown-person overlap inverted unknown-post unknown-body-kind duplicate-id unknown-field \
	missing-format wrong-format bad-date foreign-dept; do
	variant $v
done
refused unknown-person '\$\.appointments\[1\]\.person.*p-nosuch'
refused overlap '\$\.appointments\[4\].*overlap'
refused inverted '\$\.appointments\[2\]\.to'
refused unknown-post '\$\.appointments\[0\]\.post.*chief_hacker'
refused unknown-body-kind '\$\.bodies\[0\]\.kind.*tea_club'
refused duplicate-id '\$\.people\[3\]\.id.*p-a'
refused unknown-field '\$\.systems\[0\]\.colour'
refused missing-format '\$\.format'
refused wrong-format '\$\.format'
refused bad-date '\$\.agreements\[0\]\.signed_on.*2025-02-30'
refused foreign-dept '\$\.people\[2\]\.department.*hr2'

ok "a file that does not exist: exit 2 (bad input)" expect_exit 2 z import "$T/nope.json"
ok "… naming the path" expect_grep "$T/nope\\.json" "$ERR"
: >"$T/empty.json"
ok "an empty file: exit 2" expect_exit 2 z import "$T/empty.json"
ok "… naming the file" expect_grep 'empty\.json' "$ERR"

# re-import: same file, then a modified one
ok "re-importing the same file succeeds" expect_exit 0 z import "$T/good.json"
z export >"$T/after.json"
ok "… and leaves the export identical (no duplicates)" cmp -s "$T/before.json" "$T/after.json"
python3 - "$T/good.json" "$T/changed.json" <<'EOF' || die "cannot make changed.json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["people"][1]["name"] = "李四新"
d["appointments"][2]["to"] = "2026-01-01"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
ok "importing a modified file succeeds" expect_exit 0 z import "$T/changed.json"
z export >"$T/after.json"
is "… the person's name is updated" '["李四新"]' "$(json "$T/after.json" '[p["name"] for p in d["people"] if p["id"] == "p-b"]')"
is "… the appointment now ends" '["2026-01-01"]' \
	"$(json "$T/after.json" '[a["to"] for a in d["appointments"] if a["person"] == "p-c"]')"
is "… and no rows were added" "3 4" "$(json "$T/after.json" '"%d %d" % (len(d["people"]), len(d["appointments"]))')"
is "… and nothing else changed" 2 "$(diff "$T/before.json" "$T/after.json" | grep -c '^>')"

# control: without the fault, a variant's harmless changes do show, so "nothing changed" above means something
variant harmless
ok "control: the harmless changes alone import" expect_exit 0 z import "$T/harmless.json"
z export >"$T/control.json"
is "… and show in the export" '["改名学院", 4]' \
	"$(json "$T/control.json" '[d["organizations"][0]["name"], len(d["people"])]')"

finish
