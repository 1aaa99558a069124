#!/bin/bash
# Import errors point at the line of the offending field, not only at its record.
. "$(dirname "$0")/lib.sh"
plan 4
cat > "$T/unit.json" <<'JSON'
{"format": "zeren/v1",
 "organizations": [{"id": "o", "name": "单位", "kind": null, "parent": null, "policy": "default",
                    "departments": [{"id": "d", "name": "办公室", "parent": null}]}],
 "people": [
  {"id": "p1",
   "name": "张三",
   "org": "o",
   "department": "nosuch",
   "background_check": null}
 ]}
JSON
ok "an unknown department is refused" expect_exit 2 z import "$T/unit.json"
ok "… on the line of the field, with its path" expect_grep 'unit\.json:8: \$\.people\[0\]\.department: unknown department' "$ERR"
sed -i 's/"department": "nosuch",/"department": "d",/; s/"background_check": null/"background_check": "2025-02-30"/' "$T/unit.json"
ok "a bad date is refused" expect_exit 2 z import "$T/unit.json"
ok "… on its own line" expect_grep 'unit\.json:9: \$\.people\[0\]\.background_check: must be a date' "$ERR"
finish
