#!/usr/bin/env python3
"""Writes data/demo/policy.json: the demo unit's own policy version, the shipped default policy with
every citation of another unit's document replaced by the clause of the demo unit's own regulation
(data/demo/regulation.txt) that data/demo/citations.json names for it. Citations of national laws
and standards (citations.json "keep") stay. Run it again whenever data/policy/default.json changes;
tests/cli/t0172-demo-regulation.sh fails while the file is stale.

    python3 scripts/demo-policy.py [SRCDIR] > data/demo/policy.json
"""
import json
import os
import sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
with open(os.path.join(src, "data/policy/default.json"), encoding="utf-8") as fh:
    base = json.load(fh)
with open(os.path.join(src, "data/demo/citations.json"), encoding="utf-8") as fh:
    own = json.load(fh)


def cite(kind, item_id, old):
    """The item's own clauses first, then the kept national citations it had."""
    if item_id not in own[kind]:
        sys.exit("demo-policy: data/demo/citations.json has no %s for %s" % (kind, item_id))
    mine = [{"document": own["document"], "clause": c, "text": t} for c, t in own[kind][item_id]]
    return mine + [c for c in old if c["document"] in own["keep"]]


def recite(item, kind):
    item["citations"] = cite(kind, item["id"], item.get("citations", []))
    for v in item.get("versions", []):
        if "citations" in v:
            v["citations"] = cite(kind, item["id"], v["citations"])
    return item


def indicators(nodes):
    for n in nodes:
        if "citations" in n:
            recite(n, "indicators")
        indicators(n.get("children", []))


policy = {
    "format": "zeren-policy/v1",
    "id": "shunan",
    "extends": base["id"],
    "title": {"zh": "蜀南学院网络安全工作责任制实施细则", "en": "Shunan College: implementing rules of the cybersecurity responsibility system"},
    "description": {"zh": "按" + own["document"] + "逐条引用；规则和参数与默认策略相同。",
                    "en": "The default policy's rules and parameters, each citing the college's own rules."},
    "rules": [recite(r, "rules") for r in base["rules"]],
    "obligations": [recite(o, "obligations") for o in base["obligations"]],
}
if "evaluation" in base:
    policy["evaluation"] = base["evaluation"]
    indicators(policy["evaluation"]["indicators"])
# The cases the college's rules name, and the kept national clauses of the others; a case
# neither cites is left out (the section replaces the base's whole).
cases = []
for a in base.get("accountability", []):
    mine = [{"document": own["document"], "clause": c, "text": t}
            for c, t in own["accountability"].get(a["case"], [])]
    cites = mine + [c for c in a["citations"] if c["document"] in own["keep"]]
    if cites:
        cases.append({"case": a["case"], "citations": cites})
if cases:
    policy["accountability"] = cases
json.dump(policy, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
