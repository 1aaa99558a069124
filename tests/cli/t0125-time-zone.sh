#!/bin/bash
# A unit's time zone and operator type (issue 11): optional zeren/v1 organization fields; dates
# derived from times are the unit's local days. An incident at 17:30 UTC on 31 July is 01:30 on
# 1 August in Beijing: the administrator who took over on 1 August held the post then.
. "$(dirname "$0")/lib.sh"
plan 12
z demo --as-of $DEMO_ON >/dev/null || die "demo"
z export > "$T/before.json" || die "export"
is "an older unit exports without time_zone or operator_type" "None None" \
	"$(json "$T/before.json" '"%s %s" % (d["organizations"][0].get("time_zone"), d["organizations"][0].get("operator_type"))')"
cat > "$T/handover.json" <<'JSON'
{"format": "zeren/v1",
 "appointments": [
  {"person": "p-linfeng", "post": "system_admin", "org": "demo", "department": null, "system": "portal",
   "from": "2023-06-01", "to": "2025-08-01", "full_time": null},
  {"person": "p-huangzhiqiang", "post": "system_admin", "org": "demo", "department": null, "system": "portal",
   "from": "2025-08-01", "to": null, "full_time": null}
 ]}
JSON
ok "a handover on 2025-08-01 imports" expect_exit 0 z import "$T/handover.json"
ok "incident at 2025-07-31T17:30:00+00:00" expect_exit 0 z incident add --org demo --id inc-tz --system portal \
	--title 门户网站被篡改 --occurred 2025-07-31T17:30:00+00:00
admin() { z accountability inc-tz --format json > "$T/acc.json" && json "$T/acc.json" '" ".join(r["person"] for r in d["chain"] if r["post"] == "system_admin")'; }
is "01:30 Beijing on the day of the handover: the successor held the post" p-huangzhiqiang "$(admin)"
is "… and that is the chain recorded with the incident" p-huangzhiqiang \
	"$(json "$T/acc.json" '" ".join(r["person"] for r in d["recorded_chain"] if r["post"] == "system_admin")')"

# The unit keeps UTC and is a central organ: the same instant is 31 July there.
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
o = d["organizations"][0]
o["time_zone"] = "UTC"
o["operator_type"] = "central_state_organ"
json.dump({"format": "zeren/v1", "organizations": [o]}, open(sys.argv[2], "w"), ensure_ascii=False)' "$T/before.json" "$T/org.json" || die "org.json"
ok "time_zone and operator_type import" expect_exit 0 z import "$T/org.json"
z export > "$T/after.json" || die "export"
is "… and export" "UTC central_state_organ" \
	"$(json "$T/after.json" '"%s %s" % (d["organizations"][0]["time_zone"], d["organizations"][0]["operator_type"])')"
is "in UTC, 17:30 on 31 July is the predecessor's day" p-linfeng "$(admin)"
z export > "$T/again.json" || die "export"
ok "export(import(export)) is the identity with the new fields" cmp -s "$T/after.json" "$T/again.json"

sed 's/"UTC"/"Asia\/Beijing"/' "$T/org.json" > "$T/bad-tz.json"
ok "an unknown time zone is refused" expect_exit 2 z import "$T/bad-tz.json"
ok "… naming the field" expect_grep 'organizations\[0\]\.time_zone: unknown time zone .Asia/Beijing.' "$ERR"
sed 's/"central_state_organ"/"ministry"/' "$T/org.json" > "$T/bad-op.json"
ok "an unknown operator type is refused" expect_exit 2 z import "$T/bad-op.json"
finish
