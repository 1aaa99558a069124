#!/bin/bash
# zeren check on the demo unit: exactly the findings data/demo/README.md promises, in both languages,
# per unit, at an earlier date, under the strict-fulltime profile, and loaded on other days.
. "$(dirname "$0")/lib.sh"
plan 40
ASOF=2026-11-21

z demo --as-of $DEMO_ON >/dev/null || die "zeren demo"

# The README's table of intended findings, one line per finding:
#   rule severity subject.kind subject.id post since        (post "-" where the table has none)
python3 - "$SRCDIR/data/demo/README.md" >"$T/expected" <<'EOF' || die "cannot read the README table"
import re, sys
rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    cols = [c.strip() for c in line.split("|")[1:-1]]
    if len(cols) != 7 or not cols[0].isdigit():
        continue
    _, rule, sev, subject, post, since, _ = cols
    kind, sid = re.match(r"(\w+) `([^`]+)`", subject).groups()
    m = re.match(r"`([^`]+)`", post)
    rows.append(" ".join([rule.strip("`"), sev, kind, sid, m.group(1) if m else "-", since]))
if len(rows) != 19:
    sys.exit("expected 19 rows, found %d" % len(rows))
print("\n".join(sorted(rows)))
EOF

# findings FILE: the same line per finding, from check --format json.
findings() {
	json "$1" '"\n".join(sorted(" ".join([f["rule"], f["severity"], f["subject"]["kind"], f["subject"]["id"],
		f["subject"].get("post") or "-", f["since"] or "-"]) for f in d["findings"]))'
}
# key4 FILE: rule, subject kind, subject id, since — as the brief's set.
key4() { awk '{print $1, $3, $4, $6}' "$1"; }
# missing_from LINES FILE: how many lines of LINES occur nowhere in FILE.
missing_from() {
	local n=0 line
	while IFS= read -r line; do grep -qF -- "$line" "$2" || n=$((n + 1)); done <"$1"
	echo $n
}

# The demo store holds the demo unit, its supervisor 西岭市委网信办 and two more units below it
# (issue 15); the README's table is the demo unit's.
z check --as-of $ASOF --format json >"$T/all.json"
is "four units checked without --org" 4 "$(json "$T/all.json" 'd["units"]')"
ok "check --format json exits 1 (errors present)" expect_exit 1 z check --org demo --as-of $ASOF --format json
cp "$OUT" "$T/c.json"
is "as_of is echoed" "$ASOF" "$(json "$T/c.json" 'd["as_of"]')"
is "summary: errors as in the README" "$(grep -c ' error ' "$T/expected")" "$(json "$T/c.json" 'd["summary"]["error"]')"
is "summary: warnings as in the README" "$(grep -c ' warning ' "$T/expected")" "$(json "$T/c.json" 'd["summary"]["warning"]')"
is "summary: no info" 0 "$(json "$T/c.json" 'd["summary"]["info"]')"
findings "$T/c.json" >"$T/actual"
is "(rule, subject kind, subject id, since) equals the README table" "$(key4 "$T/expected")" "$(key4 "$T/actual")"
is "… and severities and posts match too" "$(cat "$T/expected")" "$(cat "$T/actual")"
is "every finding has a Chinese message" 0 "$(json "$T/c.json" \
	'sum(1 for f in d["findings"] if not __import__("re").search("[\u4e00-\u9fff]", f.get("message") or ""))')"
is "every finding has an English message" 0 "$(json "$T/c.json" \
	'sum(1 for f in d["findings"] if not (f.get("message_en") or "").strip())')"
is "every finding cites at least one document and clause" 0 "$(json "$T/c.json" \
	'sum(1 for f in d["findings"] if not f.get("citations") or
	     any(not c.get("document") or not c.get("clause") for c in f["citations"]))')"
is "every finding has a since date" 0 "$(json "$T/c.json" \
	'sum(1 for f in d["findings"] if not __import__("re").fullmatch(r"\d{4}-\d\d-\d\d", f.get("since") or ""))')"
is "every finding names the unit" demo "$(json "$T/c.json" '" ".join(sorted({f["org"] for f in d["findings"]}))')"

# text output, Chinese by default
ok "check (text) exits 1" expect_exit 1 z check --org demo --as-of $ASOF
cp "$OUT" "$T/c.txt"
json "$T/c.json" '"\n".join(f["message"] for f in d["findings"])' >"$T/messages"
is "text output carries every Chinese message" 0 "$(missing_from "$T/messages" "$T/c.txt")"
ok "… with 依据 lines" expect_grep '^ +依据：《蜀南学院.+ 第十条\(二\)' "$T/c.txt"
ok "… and a summary of 19 项" expect_grep '发现问题 19 项' "$T/c.txt"
ok "check --lang en exits 1" expect_exit 1 z check --org demo --as-of $ASOF --lang en
cp "$OUT" "$T/en.txt"
json "$T/c.json" '"\n".join(f["message_en"] for f in d["findings"])' >"$T/messages_en"
is "--lang en carries every English message" 0 "$(missing_from "$T/messages_en" "$T/en.txt")"
ok "… and no Chinese labels (依据, 错误)" test "$(grep -c '依据\|错误' "$T/en.txt")" = 0

# --org
ok "--org demo exits 1" expect_exit 1 z check --org demo --as-of $ASOF --format json
is "… with the same findings as the whole store's for the unit" "$(cat "$T/actual")" \
	"$(json "$T/all.json" '"\n".join(sorted(" ".join([f["rule"], f["severity"], f["subject"]["kind"], f["subject"]["id"],
		f["subject"].get("post") or "-", f["since"] or "-"]) for f in d["findings"] if f["org"] == "demo"))')"
ok "--org nosuch exits 2" expect_exit 2 z check --org nosuch --as-of $ASOF
ok "… naming the unit" expect_grep nosuch "$ERR"

# an earlier date: 2024-06-01 is before 赵磊 took over network administration (2025-09-01)
z check --org demo --as-of 2024-06-01 --format json >"$T/past.json"
findings "$T/past.json" >"$T/past"
ok "as of 2024-06-01 the sod.security_admin finding is absent" test "$(grep -c '^sod.security_admin' "$T/past")" = 0
ok "… and the count differs" test "$(wc -l <"$T/past")" != "$(wc -l <"$T/actual")"
ok "… and no finding starts after the as-of date" \
	test "$(awk '$6 != "-" && $6 > "2024-06-01"' "$T/past" | wc -l)" = 0

# the strict-fulltime profile: 赵磊 also holds network_admin, so he is not full-time in the strict sense
z export >"$T/demo.json" || die "export"
python3 - "$T/demo.json" "$T/strict.json" <<'EOF' || die "cannot rewrite the policy"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["organizations"][0]["policy"] = "strict-fulltime"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$ZEREN" --data "$T/strict" import "$T/strict.json" >/dev/null || die "import strict.json"
ok "strict-fulltime: check exits 1" expect_exit 1 "$ZEREN" --data "$T/strict" check --org demo --as-of $ASOF --format json
findings "$OUT" >"$T/strict.txt"
is "… the nine findings plus fulltime.security_admin on p-zhaolei since 2025-09-01" \
	"$( (key4 "$T/expected"; echo "fulltime.security_admin person p-zhaolei 2025-09-01") | sort)" \
	"$(key4 "$T/strict.txt")"

# The demo on any day (data/demo/README.md): loaded as of a far day, the same findings stand on
# that day — across a year end, a National Day holiday and a leap-year February.
rule_subject() { awk '{print $1, $2, $3, $4, $5}' "$1"; }
for day in 2025-03-03 2027-07-01 2027-10-08 2029-02-28; do
	"$ZEREN" --data "$T/on-$day" demo --as-of $day >/dev/null || die "demo --as-of $day"
	"$ZEREN" --data "$T/on-$day" check --org demo --as-of $day --format json >"$T/on.json"
	findings "$T/on.json" >"$T/on"
	is "loaded as of $day: the README's findings (rule, severity, subject, post)" \
		"$(rule_subject "$T/expected")" "$(rule_subject "$T/on")"
	ok "… none holding since after $day" test "$(awk -v d=$day '$6 > d' "$T/on" | wc -l)" = 0
done
ok "a day the demo cannot be moved to is refused" expect_exit 2 "$ZEREN" --data "$T/far" demo --as-of 2600-01-01
ok "… before anything is created" test ! -e "$T/far"
# …and loaded today, checked today: whatever day the suite runs on (it also runs under faketime).
"$ZEREN" --data "$T/now" demo >/dev/null || die "zeren demo"
"$ZEREN" --data "$T/now" check --org demo --format json >"$T/today.json"
findings "$T/today.json" >"$T/today"
is "loaded and checked today: the same findings" "$(rule_subject "$T/expected")" "$(rule_subject "$T/today")"

finish
