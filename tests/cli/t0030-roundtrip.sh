#!/bin/bash
# zeren export/import: import∘export is the identity, and the export carries every record of demo.json.
. "$(dirname "$0")/lib.sh"
plan 13
DEMO=$SRCDIR/data/demo/demo.json

z demo --as-of $DEMO_ON >/dev/null || die "zeren demo"
ok "export exits 0" expect_exit 0 z export
cp "$OUT" "$T/A.json"
is "the export is zeren/v1" zeren/v1 "$(json "$T/A.json" 'd["format"]')"
ok "importing export A into a fresh store" expect_exit 0 "$ZEREN" --data "$T/fresh" import "$T/A.json"
"$ZEREN" --data "$T/fresh" export >"$T/B.json" || die "export B"
ok "… and exporting again gives A byte for byte" cmp "$T/A.json" "$T/B.json"
ok "re-importing A into the same store" expect_exit 0 "$ZEREN" --data "$T/fresh" import "$T/A.json"
"$ZEREN" --data "$T/fresh" export >"$T/B2.json" || die "export B2"
ok "… changes nothing" cmp "$T/A.json" "$T/B2.json"
ok "importing demo.json itself into a fresh store" expect_exit 0 "$ZEREN" --data "$T/direct" import "$DEMO"
"$ZEREN" --data "$T/direct" export >"$T/C.json" || die "export C"
ok "… exports the same as zeren demo" cmp "$T/A.json" "$T/C.json"

ok "export --org demo --output FILE exits 0" expect_exit 0 z export --org demo --output "$T/file.json"
ok "… writing nothing to standard output" test ! -s "$OUT"
z export --org demo >"$T/stdout.json" || die "export --org demo"
ok "… and FILE equals the standard-output export" cmp "$T/stdout.json" "$T/file.json"
is "… which holds the demo unit alone (not its supervisor nor the units beside it)" demo \
	"$(json "$T/file.json" '" ".join(o["id"] for o in d["organizations"])')"

# Every record of demo.json appears in the export with the same values. Normalised: absent and
# null are the same, and a seat's org is its body's org (the export leaves it out).
python3 - "$DEMO" "$T/A.json" >"$T/diff" 2>&1 <<'EOF'
import json, sys

def load(path):
    d = json.load(open(path, encoding="utf-8"))
    clean = lambda r: {k: v for k, v in r.items() if v is not None}
    body_org = {b["id"]: b["org"] for b in d["bodies"]}
    out = {}
    for kind in ("organizations", "people", "bodies", "systems", "agreements"):
        out[kind] = {r["id"]: clean(r) for r in d[kind]}
    for o in out["organizations"].values():
        o["departments"] = {r["id"]: clean(r) for r in o["departments"]}
    seats = []
    for a in map(clean, d["appointments"]):
        if "body" in a:
            a.setdefault("org", body_org.get(a["body"]))
        seats.append(a)
    out["appointments"] = sorted(seats, key=lambda a: json.dumps(a, sort_keys=True))
    return out

demo, export = load(sys.argv[1]), load(sys.argv[2])
bad = 0
for kind, records in demo.items():
    if kind == "appointments":
        missing = [a for a in records if a not in export[kind]]
        extra = len(export[kind]) - len(records)
        for a in missing[:3]:
            print("appointment missing:", a)
        bad += len(missing) + abs(extra)
        continue
    for rid, r in records.items():
        if export[kind].get(rid) != r:
            print("%s %s: demo %s, export %s" % (kind, rid, r, export[kind].get(rid)))
            bad += 1
    bad += len(set(export[kind]) - set(records))
print("differences:", bad)
sys.exit(bad > 0)
EOF
ok "every record of demo.json is in the export with the same values" expect_grep '^differences: 0$' "$T/diff"

finish
