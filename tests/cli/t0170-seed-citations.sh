#!/bin/bash
# Every citation of every shipped policy (data/policy/*.json), and every duty of the post catalogue
# (data/posts.json), that names a seed document quotes text that occurs in that seed at that clause: the clause is located in the seed's own numbering
# (data/policy/README.md §1 "引用") and each quoted piece (split at "……") must lie inside it,
# whitespace ignored. The seeds are in ../shared/seeds beside the clone; without them the test
# is skipped.
SRCDIR=${ZEREN_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SEEDS=${ZEREN_SEEDS:-$SRCDIR/../shared/seeds}
if ! ls "$SEEDS"/00[0-4]_*.txt >/dev/null 2>&1; then
	echo "1..0 # SKIP no seed texts at $SEEDS (shared/seeds beside the clone)"
	exit 0
fi
PYTHON=${PYTHON:-python3}
exec "$PYTHON" - "$SEEDS" "$SRCDIR"/data/policy/*.json <<'EOF'
import glob, json, os, re, sys

seeds_dir, files = sys.argv[1], sys.argv[2:]
DOCS = [("《网络安全组织及职责管理规定》", "000"), ("《江阴市信用办信息安全组织管理制度》", "001"),
        ("《网络安全岗位职责汇编》", "002"), ("《西昌学院网络安全工作责任制实施细则（试行）》", "003"),
        ("烟外办〔2021〕24号", "004")]
CN = "一二三四五六七八九十百"
seeds = {}
for _, n in DOCS:
    with open(glob.glob(os.path.join(seeds_dir, n + "_*.txt"))[0], encoding="utf-8") as fh:
        # bookmarks and markdown emphasis are not part of the text
        seeds[n] = [re.sub(r"\[bookmark:[^\]]*\]|\*\*", "", l).strip() for l in fh.read().split("\n")]

def norm(s):
    return re.sub(r"\s+", "", s)

class Missing(Exception):
    pass

def block(lines, lo, hi, start, stop, what):
    """The lines from the first in [lo, hi) matching start up to the next matching stop."""
    for i in range(lo, hi):
        if re.match(start, lines[i]):
            j = i + 1
            while j < hi and not re.match(stop, lines[j]):
                j += 1
            return i, j
    raise Missing("no %s" % what)

TOKEN = re.compile(r"第[0-9%s]+[条项]|[（(][0-9%s]+[)）]|[0-9]+\)|附件《[^》]+》|[⑴-⑽]|之[0-9]+|篇[0-9]+"
                   r"|[\u4e00-\u9fff]{2,}[0-9]+|[%s]+|[0-9]+|\S" % (CN, CN, CN))

def locate(seed, clause):
    """The text (whitespace removed) of the clause, read token by token, each narrowing the last:
    第7条 / 第五条 (an article), (二) or （二） (an item), 2) (an item of 001), 第8项 or 8 (an
    item "8、"), 二 (a heading "二、"), 附件《…》 (an annex from its title line on), ⑺ (a section
    of 002), 之2 (the second piece of that section), 篇5 (the piece titled "…篇5"),
    网络管理员工作职责13 (a titled piece); (2)(1) in 000 第12条 is item (1) under the heading
    "(2) 安全管理员"."""
    lines = seeds[seed]
    lo, hi = 0, len(lines)
    section = None
    toks = TOKEN.findall(clause)
    for i, tok in enumerate(toks):
        m = None
        nested = i + 1 < len(toks) and re.fullmatch(r"[（(][0-9%s]+[)）]" % CN, toks[i + 1])
        if re.fullmatch(r"第[0-9]+条|第[%s]+条" % CN, tok):
            art = r"第[0-9]+条" if tok[1].isdigit() else r"第[%s]+条" % CN
            lo, hi = block(lines, lo, hi, re.escape(tok) + r"(?![0-9%s])" % CN, art + r"(?![项])", tok)
        elif (m := re.fullmatch(r"第([0-9]+)项|([0-9]+)", tok)):
            n = m.group(1) or m.group(2)
            lo, hi = block(lines, lo, hi, n + r"、", r"[0-9]+、", tok)
        elif (m := re.fullmatch(r"[（(]([0-9%s]+)[)）]" % CN, tok)) and nested:
            # "(2)(1)" in 000 第12条: (2) is a post's heading line "(2) 安全管理员", its items "(1) …；"
            head = r"\s*[^；。，,;]*$"
            lo, hi = block(lines, lo, hi, r"[（(]\s*%s\s*[)）]" % m.group(1) + head, r"[（(]\s*[0-9]+\s*[)）]" + head, tok)
            lo += 1  # the items under the heading
        elif (m := re.fullmatch(r"[（(]([0-9%s]+)[)）]" % CN, tok)):
            lo, hi = block(lines, lo, hi, r"[（(]\s*%s\s*[)）]" % m.group(1), r"[（(]\s*[0-9%s]+\s*[)）]" % CN, tok)
        elif (m := re.fullmatch(r"([0-9]+)\)", tok)):
            lo, hi = block(lines, lo, hi, m.group(1) + r"\)", r"[0-9]+\)", tok)
        elif re.fullmatch(r"[%s]+" % CN, tok):
            lo, hi = block(lines, lo, hi, r"#*\s*%s、" % tok, r"#*\s*[%s]+、" % CN, tok)
        elif (m := re.fullmatch(r"附件《([^》]+)》", tok)):
            lo, _ = block(lines, lo, hi, re.escape(m.group(1)) + "$", r"(?!)", tok)
        elif re.fullmatch(r"[⑴-⑽]", tok):
            lo, hi = block(lines, lo, hi, r";?" + tok, r";?[⑴-⑽]", tok)
            section = tok
        elif (m := re.fullmatch(r"篇([0-9]+)", tok)) and section:
            # a piece titled "…篇5" up to the next "…篇N"
            lo, hi = block(lines, lo, hi, r".*篇%s$" % m.group(1), r".*篇[0-9]+$", tok)
        elif (m := re.fullmatch(r"之([0-9]+)", tok)) and section:
            # the n-th piece of a section: piece 1 opens it, piece n starts on a line "n<title>"
            k = int(m.group(1))
            if k > 1:
                lo, _ = block(lines, lo + 1, hi, r"%d(?![0-9、.)])" % k, r"(?!)", tok)
            hi = block(lines, lo, hi, r".", r"%d(?![0-9、.)])" % (k + 1), tok)[1]
        elif (m := re.fullmatch(r"([\u4e00-\u9fff]{2,})([0-9]+)", tok)):
            lo, hi = block(lines, lo, hi, re.escape(tok) + "$", re.escape(m.group(1)) + r"[0-9]+$", tok)
        else:
            raise Missing("cannot read %r" % tok)
    return "".join(norm(l) for l in lines[lo:hi])

def citations(node, path):
    if isinstance(node, dict):
        if "document" in node and "clause" in node:
            yield path, node
        for k, v in node.items():
            yield from citations(v, "%s.%s" % (path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from citations(v, "%s[%d]" % (path, i))

results = []
for fn in files:
    with open(fn, encoding="utf-8") as fh:
        doc = json.load(fh)
    for path, c in citations(doc, "$"):
        seed = next((n for title, n in DOCS if title in c["document"]), None)
        if seed is None:
            continue
        desc = "%s %s: %s %s" % (os.path.basename(fn), path, seed, c["clause"])
        try:
            if not c.get("text"):
                raise Missing("no quoted text")
            parts = c["clause"].split("、") if c["clause"].count("第") > 1 else [c["clause"]]
            region = "".join(locate(seed, p.strip()) for p in parts)
            for piece in re.split(r"…+", c["text"]):
                if norm(piece) and norm(piece) not in region:
                    raise Missing("not at that clause: %s" % piece.strip())
            results.append((True, desc, None))
        except Missing as e:
            results.append((False, desc, str(e)))

# The post catalogue's duties: each duty's text from the clause its source names.
posts_file = os.path.join(os.path.dirname(files[0]), "..", "posts.json")
with open(posts_file, encoding="utf-8") as fh:
    posts = json.load(fh)
for post in posts["posts"]:
    for k, duty in enumerate(post["duties"]):
        src = duty["source"]
        seed = next((n for title, n in DOCS if title in src["document"]), None)
        if seed is None:
            continue
        desc = "posts.json %s duty %d: %s %s" % (post["id"], k, seed, src["clause"])
        try:
            region = locate(seed, src["clause"])
            for piece in re.split(r"…+", duty["text"]):
                if norm(piece) and norm(piece) not in region:
                    raise Missing("not at that clause: %s" % piece.strip())
            results.append((True, desc, None))
        except Missing as e:
            results.append((False, desc, str(e)))

# Citations that quote real text but do not support the rule (issue 11 §6), and owners that
# contradict the clause they cite.
with open(os.path.join(os.path.dirname(files[0]), "default.json"), encoding="utf-8") as fh:
    default = json.load(fh)
items = {x["id"]: x for x in default["rules"] + default["obligations"]}
def clauses(i, seed_title):
    return [c["clause"] for c in items[i]["citations"] if seed_title in c["document"]]
results.append(("第七条" not in clauses("incident.summary_late", "西昌学院"),
                "incident.summary_late does not cite 003 第七条 (which says nothing of a summary report)",
                None))
results.append((items["drill.annual"]["owner"] == {"body": "office"},
                "drill.annual is owned by the office (网信办), as 003 第四条(三) says", None))
results.append((all(re.search(r"职责13 [%s]+ 第[0-9]+项" % CN, c) for c in clauses("report.monthly", "汇编")),
                "report.monthly cites the numbered item (二、网管责任 8) it comes from", None))

print("1..%d" % len(results))
for i, (good, desc, why) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if good else "not ok", i, desc))
    if why:
        print("# " + why)
sys.exit(0 if all(r[0] for r in results) else 1)
EOF
