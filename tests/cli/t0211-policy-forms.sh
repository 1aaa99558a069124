#!/bin/bash
# The policy editor's forms (web/src/lib/policyForm.js KIND_FIELDS) give an input to every rule
# kind the engine knows and to every parameter it reads (src/rules/policy.c param_keys), so
# nothing of a shipped profile is only "kept as it is" (issue 12 part 3).
. "$(dirname "$0")/lib.sh"
plan 3

command -v node >/dev/null || die "node is needed to read the editor's forms"
node --input-type=module -e "
import('$SRCDIR/web/src/lib/policyForm.js').then((m) => {
  const out = {}
  for (const [k, fields] of Object.entries(m.KIND_FIELDS)) out[k] = fields.map((f) => f[0]).sort()
  console.log(JSON.stringify(out))
})" >"$T/forms.json" || die "policyForm.js"
# The engine's table: each line '[RK_X] = {"a", "b"},' of param_keys; kind x is RK_X.
python3 - "$SRCDIR/src/rules/policy.c" >"$T/engine.json" <<'PY' || die "param_keys"
import json, re, sys
src = open(sys.argv[1], encoding="utf-8").read()
table = src[src.index("param_keys[RK_COUNT]"):]
table = table[:table.index("};")]
rows = re.findall(r"\[RK_([A-Z_]+)\]\s*=\s*\{([^}]*)\}", table)
print(json.dumps({k.lower(): sorted(re.findall(r'"([a-z_]+)"', keys)) for k, keys in rows}))
PY
is "every rule kind has a form" "$(json "$T/engine.json" 'sorted(d)')" "$(json "$T/forms.json" 'sorted(d)')"
is "every parameter of every kind has an input" "{}" \
	"$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); e=json.load(open(sys.argv[2])); print({k: sorted(set(v) - set(f.get(k, []))) for k, v in e.items() if set(v) - set(f.get(k, []))})' "$T/forms.json" "$T/engine.json")"
# The shipped profiles use no parameter the forms lack.
is "… and so every parameter of the shipped profiles" "[]" \
	"$(python3 -c '
import glob, json, sys
f = json.load(open(sys.argv[1]))
miss = set()
for p in glob.glob(sys.argv[2] + "/data/policy/*.json"):
    for r in json.load(open(p, encoding="utf-8")).get("rules", []):
        for v in [r] + (r.get("versions") or []):
            miss |= {r["kind"] + "." + k for k in (v.get("params") or {}) if k not in f.get(r["kind"], [])}
print(sorted(miss))' "$T/forms.json" "$SRCDIR")"
finish
