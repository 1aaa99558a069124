#!/bin/bash
# The supervisor's 12-month trend with a unit that reports up (issue 15): each package the unit
# sent is a point in the month of its as-of date (the month's last when it sent two); a month it
# sent none is a gap, null in its row and left out of that month's sum; the hosted units are as
# before.
. "$(dirname "$0")/lib.sh"
plan 7
S=$T/sup
U=$T/unit
zs() { "$ZEREN" --data "$S" "$@"; }
zu() { "$ZEREN" --data "$U" "$@"; }
zs demo --as-of $DEMO_ON >/dev/null || die "demo"
cat >"$T/unit.json" <<'JSON'
{"format": "zeren/v1", "organizations": [{"id": "xl-clinic", "name": "西岭市第二诊所", "kind": "enterprise"}]}
JSON
zu import "$T/unit.json" >/dev/null || die "the unit's own store"
zu report key >"$T/unit.pub" || die "unit key"
zs report trust xl-clinic "$T/unit.pub" --name 西岭市第二诊所 >/dev/null || die "trust"
zs supervision trend --as-of $DEMO_ON --format json >"$T/before.json" || die "trend before"

for d in 2026-07-15 2026-09-10 2026-09-30 $DEMO_ON; do
	zu report export --to xiling --as-of $d -o "$T/r-$d.pkg" >/dev/null || die "export $d"
	zs report import "$T/r-$d.pkg" >/dev/null || die "import $d"
done
zs supervision trend --as-of $DEMO_ON --format json >"$T/after.json" || die "trend after"

is "one reporting unit in the trend" "xl-clinic 西岭市第二诊所 True" \
	"$(json "$T/after.json" '" ".join("%s %s %s" % (r["org"], r["name"], r["reported"]) for r in d["reported"])')"
is "a point per month it sent a package for, the month's last" "2026-07:2026-07-15 2026-09:2026-09-30 2026-11:$DEMO_ON" \
	"$(json "$T/after.json" '" ".join("%s:%s" % (m["month"], a) for m, a in zip(d["months"], d["reported"][0]["as_of"]) if a)')"
is "… null in the other months" "9" "$(json "$T/after.json" 'str(d["reported"][0]["scores"].count(None))')"
is "each month counts the reporting units with a point in it" "0 0 0 0 0 0 0 1 0 1 0 1" \
	"$(json "$T/after.json" '" ".join(str(m["reported"]) for m in d["months"])')"
is "a month with a point adds its score to the hosted units'" "ok" \
	"$(python3 - "$T/before.json" "$T/after.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
s = b["reported"][0]["scores"]
print("ok" if all(y["score"] == x["score"] + (s[k] or 0) for k, (x, y) in enumerate(zip(a["months"], b["months"]))) else [a["months"], b["months"], s])
PY
)"
is "… and the hosted units alone before any report" "0" "$(json "$T/before.json" 'str(sum(m["reported"] for m in d["months"]) + len(d["reported"]))')"
zs supervision trend --as-of $DEMO_ON >"$T/after.txt" || die "text"
ok "the text form says how many reporting units each month holds" expect_grep "^2026-11 .* 含报送单位 1$" "$T/after.txt"
finish
