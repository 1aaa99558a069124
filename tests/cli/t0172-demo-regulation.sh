#!/bin/bash
# The demo unit cites its own regulation (issue 22 item 10): data/demo/regulation.txt is the
# college's 实施细则, data/demo/policy.json (made by scripts/demo-policy.py) is the default policy
# citing it, and `zeren demo` stores that policy as the unit's approved version.
. "$(dirname "$0")/lib.sh"
plan 10

python3 "$SRCDIR/scripts/demo-policy.py" "$SRCDIR" >"$T/policy.json"
ok "data/demo/policy.json is what scripts/demo-policy.py makes of the default policy now" \
	cmp -s "$T/policy.json" "$SRCDIR/data/demo/policy.json"

# Every citation of the college's document quotes text at that clause: 第N条 is the article up to
# the next one, (N) its item up to the next item.
cat >"$T/cites.py" <<'PY'
import json, re, sys
reg, pol = sys.argv[1], sys.argv[2]
lines = [l.strip() for l in open(reg, encoding="utf-8")]
doc = json.load(open(pol, encoding="utf-8"))
own = json.load(open(sys.argv[3], encoding="utf-8"))["document"]
def span(lo, hi, start, stop):
    for i in range(lo, hi):
        if re.match(start, lines[i]):
            j = i + 1
            while j < hi and not re.match(stop, lines[j]):
                j += 1
            return i, j
    raise KeyError(start)
def clause(c):
    m = re.fullmatch(r"(第[一二三四五六七八九十]+条)(?:\(([一二三四五六七八九十]+)\))?", c)
    lo, hi = span(0, len(lines), re.escape(m.group(1)) + " ", r"第[一二三四五六七八九十]+[条章]")
    if m.group(2):
        lo, hi = span(lo, hi, "（%s）" % m.group(2), r"（[一二三四五六七八九十]+）|\S*[^；;，,]$")
    return "".join(lines[lo:hi])
bad, n = [], 0
def walk(node):
    global n
    if isinstance(node, dict):
        if node.get("document") == own:
            n += 1
            try:
                if node["text"] not in clause(node["clause"]):
                    bad.append("%s: not there: %s" % (node["clause"], node["text"]))
            except (KeyError, AttributeError):
                bad.append("%s: no such clause" % node["clause"])
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
walk(doc)
print("# %d citations" % n, file=sys.stderr)
for b in bad:
    print("# " + b, file=sys.stderr)
sys.exit(1 if bad or n == 0 else 0)
PY
ok "every citation of the college's regulation quotes text at its clause" \
	python3 "$T/cites.py" "$SRCDIR/data/demo/regulation.txt" "$SRCDIR/data/demo/policy.json" "$SRCDIR/data/demo/citations.json"
# … and the checker is not blind: a quote moved to the wrong clause fails.
sed 's/"第十条(二)"/"第十条(一)"/' "$SRCDIR/data/demo/policy.json" >"$T/wrong.json"
ok "… and a quote at the wrong clause is caught" expect_exit 1 python3 "$T/cites.py" \
	"$SRCDIR/data/demo/regulation.txt" "$T/wrong.json" "$SRCDIR/data/demo/citations.json"
ok "no citation names another unit's document" \
	expect_exit 1 grep -E "西昌学院|江阴市|烟外办|网络安全组织及职责管理规定|网络安全岗位职责汇编" "$SRCDIR/data/demo/policy.json"

z demo --as-of $DEMO_ON >/dev/null || die "demo"
ok "the demo stores its own policy, drafted by the office and approved by the leader" \
	expect_exit 0 z policy list --format json
is "… in force from the regulation's day" "1 approved office leader 2024-09-01" \
	"$(json $OUT '" ".join(str(d[0][k]) for k in ("version", "status", "drafted_by", "decided_by", "in_force_from"))')"
z check --org demo --as-of $DEMO_ON --format json >"$T/check.json"
is "every finding of the demo cites the college's regulation first" "true" \
	"$(json "$T/check.json" 'all(f["citations"][0]["document"].startswith("《蜀南学院") for f in d["findings"]) and len(d["findings"]) > 10')"
# On a day before its date of force, the unit follows the shipped profile's citations.
z check --org demo --as-of 2024-08-30 --format json >"$T/before.json"
is "before its day of force the shipped profile's citations stand" "false" \
	"$(json "$T/before.json" 'any(f["citations"][0]["document"].startswith("《蜀南学院") for f in d["findings"])')"
# The report's unit line names the policy followed that day.
z check --org demo --as-of $DEMO_ON >"$T/check.txt"
ok "the report names the unit's own version" expect_grep "策略 蜀南学院网络安全工作责任制实施细则（本单位第1版）" "$T/check.txt"
z check --org demo --as-of 2024-08-30 >"$T/before.txt"
ok "… and before its day of force, the shipped profile" expect_grep "策略 默认策略（default）" "$T/before.txt"
finish
