#!/bin/bash
# Supervision (issue 15) from the command line: the demo's supervision tree (西岭市委网信办 over
# the demo unit and two more), the supervisor role and 三员, and a notice sent down — its issuer
# and the unit's feedback — through zeren/v1 and back.
. "$(dirname "$0")/lib.sh"
plan 32
z demo --as-of $DEMO_ON >/dev/null || die "demo"

z export --output "$T/A.json" || die "export"
is "the tree: the demo unit and two more below 西岭市委网信办" "demo:xiling xiling:None xl-hospital:xiling xl-school:xiling" \
	"$(json "$T/A.json" '" ".join(sorted("%s:%s" % (o["id"], o["parent"]) for o in d["organizations"]))')"
z user list --format json >"$T/users.json" || die "user list"
is "the demo's supervisor account" "supervisor xiling" \
	"$(json "$T/users.json" '" ".join([a["roles"][0] + " " + a["org"] for a in d if a["username"] == "supervisor"])')"

# 三员 and the supervisor: no platform role beside it, nor a role confined to a department or a person.
ok "a supervisor role beside a platform role is refused" expect_exit 2 \
	z user add sup2 --person p-xl-hanweidong --role supervisor --role auditor
ok "… naming 三员" expect_grep '三员' "$ERR"
ok "beside the staff role too" expect_exit 2 z user add sup3 --person p-xl-hanweidong --role supervisor --role staff
ok "… naming the supervisor role" expect_grep 'supervisor' "$ERR"
ok "the supervisor role needs a person" expect_exit 2 z user add sup4 --role supervisor

# A notice sent down: issuer_org and feedback travel with the unit's notice.
cat >"$T/n.json" <<'EOF'
{"format": "zeren/v1", "notices": [
 {"id": "xw-cli-1-xl-school", "org": "xl-school", "issuer": "西岭市委网信办", "issuer_org": "xiling",
  "document_no": "西网信通〔2026〕40号", "title": "关于网站漏洞的通报", "systems": ["xs-portal"],
  "received_on": "2026-11-23", "rectify_by": "2026-11-26", "rectified_on": "2026-11-25", "feedback_on": "2026-11-25",
  "feedback": "已修复并复测"}]}
EOF
ok "importing a notice sent down" expect_exit 0 z import "$T/n.json"
z export --output "$T/B.json" || die "export B"
is "… exported with its issuer and feedback" "xiling 已修复并复测 2026-11-25" \
	"$(json "$T/B.json" '" ".join([n["issuer_org"] + " " + n["feedback"] + " " + n["feedback_on"] for n in d["notices"] if n["id"] == "xw-cli-1-xl-school"])')"
"$ZEREN" --data "$T/fresh" import "$T/B.json" >/dev/null || die "import B into a fresh store"
"$ZEREN" --data "$T/fresh" export --output "$T/C.json" || die "export C"
ok "… and import∘export is the identity" cmp "$T/B.json" "$T/C.json"

bad() { # bad FIELD-CHANGE: the notice with one change, which must be refused naming the field
	python3 - "$T/n.json" "$T/bad.json" "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = d["notices"][0]
n["id"] = "xw-cli-bad"
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
	z import "$T/bad.json"
}
ok "an issuer that does not supervise the unit is refused" expect_exit 2 bad 'n["issuer_org"] = "xl-hospital"'
ok "… naming the field and the unit" expect_grep 'notices\[0\]\.issuer_org.*xl-school' "$ERR"
ok "an issuer that is no unit is refused" expect_exit 2 bad 'n["issuer_org"] = "nosuch"'
ok "feedback without its day is refused" expect_exit 2 bad 'n["feedback_on"] = None'
z export --output "$T/D.json" || die "export D"
ok "… and nothing of the refused ones was written" cmp "$T/B.json" "$T/D.json"

# The roll-up from the command line: the units below, ranked by their own check's findings.
z supervision rank --as-of $DEMO_ON --format json >"$T/rank.json" || die "rank"
is "rank: the three units below xiling" "demo xl-hospital xl-school" "$(json "$T/rank.json" '" ".join(sorted(u["org"] for u in d["items"]))')"
z check --org xl-school --as-of $DEMO_ON --format json >"$T/school.json"
is "… a unit's errors are its own check's" "$(json "$T/school.json" 'sum(1 for f in d["findings"] if f["severity"] == "error")')" \
	"$(json "$T/rank.json" '[u["counts"]["error"] for u in d["items"] if u["org"] == "xl-school"][0]')"
is "… ranked by score, highest first" "true" "$(json "$T/rank.json" '[u["score"] for u in d["items"]] == sorted([u["score"] for u in d["items"]], reverse=True)')"
ok "… and in a table" expect_exit 0 z supervision rank --as-of $DEMO_ON
ok "… naming the unit first" expect_grep '^1 +xl-' "$OUT"
z supervision trend --as-of $DEMO_ON --format json >"$T/trend.json" || die "trend"
is "trend: 12 months, the last one as of the date" "12 $DEMO_ON" "$(json "$T/trend.json" '"%d %s" % (len(d["months"]), d["months"][-1]["as_of"])')"
is "… its last month is the ranking's total" "$(json "$T/rank.json" 'sum(u["score"] for u in d["items"])')" \
	"$(json "$T/trend.json" 'd["months"][-1]["score"]')"
is "a unit with none below ranks none" "0" "$(z supervision rank --org xl-school --as-of $DEMO_ON --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')"
ok "an unknown unit is refused" expect_exit 2 z supervision rank --org nosuch

# A notice sent down from the command line: one copy a unit, its deadline in working days.
ok "notice send to two units" expect_exit 0 z notice send --from xiling --to xl-school --to xl-hospital --id xw-cli-9 \
	--doc '西网信通〔2026〕41号' --title 关于弱口令的通报 --received 2026-11-23 --working-days 3 --system xs-portal
z notice list --org xl-hospital --as-of 2026-11-23 --format json >"$T/sent.json"
is "… the hospital's copy, issued by xiling, due in 3 working days" "xw-cli-9-xl-hospital xiling 2026-11-26 []" \
	"$(json "$T/sent.json" '" ".join(str(n[k]) for n in d if n["id"] == "xw-cli-9-xl-hospital" for k in ("id", "issuer_org", "rectify_by", "systems"))')"
ok "sending to a unit not below is refused" expect_exit 2 z notice send --from xl-school --to xl-hospital --id xw-x --title x
ok "… a system of none of the units too" expect_exit 2 z notice send --from xiling --to xl-hospital --id xw-y --title y --system xs-portal

# One unit's export names no unit outside it: it imports into a fresh store, and imported back
# where the unit is kept it leaves the unit's place in the tree and its notices' issuer as they were.
z export --org xl-school --output "$T/school-only.json" || die "export one unit"
ok "one unit's export imports into a fresh store" expect_exit 0 "$ZEREN" --data "$T/alone" import "$T/school-only.json"
"$ZEREN" --data "$T/alone" export --org xl-school --output "$T/alone.json" || die "export alone"
ok "… and exports again the same" cmp "$T/school-only.json" "$T/alone.json"
z export --output "$T/E.json" || die "export E"
ok "imported back where it is kept" expect_exit 0 z import "$T/school-only.json"
z export --output "$T/F.json" || die "export F"
ok "… its parent and its notices' issuer stay" cmp "$T/E.json" "$T/F.json"

finish
