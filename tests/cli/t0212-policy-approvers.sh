#!/bin/bash
# Who approves a unit's policy versions (issue 12 part 2, "as the unit's settings say"): zeren
# policy approvers shows the setting (any leader by default) and sets it with a reason; bad input
# changes nothing; each change and refusal is in the audit log. Which accounts it admits is the
# API's (tests/api/test_policy_versions.py TestApprovers): the command line's operator is held to
# four eyes only.
. "$(dirname "$0")/lib.sh"
plan 14

z demo --as-of "$DEMO_ON" >/dev/null || die "demo"
ok "by default any leader approves" expect_exit 0 z policy approvers demo
ok "… says so" expect_grep "a leader of the unit" "$OUT"
ok "setting needs a reason" expect_exit 2 z policy approvers demo leading_group
ok "… naming it" expect_grep "reason" "$ERR"
ok "an unknown value is refused" expect_exit 2 z policy approvers demo everyone --reason r
ok "an unknown unit is refused" expect_exit 2 z policy approvers nosuch leading_group --reason r
ok "… naming it" expect_grep "nosuch" "$ERR"
z policy approvers demo --format json >"$T/a0.json"
is "nothing changed" "leader" "$(json "$T/a0.json" 'd["approvers"]')"
ok "the leading group's 组长 and 副组长 from now on" expect_exit 0 z policy approvers demo leading_group --reason 由领导小组组长副组长批准
z policy approvers demo --format json >"$T/a1.json"
is "… kept" "leading_group" "$(json "$T/a1.json" 'd["approvers"]')"
echo '{"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "rules": []}' >"$T/own.json"
env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/own.json" --reason 本单位版本 >/dev/null || die "import"
ok "its author still cannot activate a version" expect_exit 2 env USER=office "$ZEREN" --data "$T/data" policy activate demo 2 --from 2026-12-01
ok "… four eyes" expect_grep "four eyes" "$ERR"
ok "another person does" expect_exit 0 env USER=leader "$ZEREN" --data "$T/data" policy activate demo 2 --from 2026-12-01
z audit list --format json >"$T/audit.json"
is "the change and the refused unit are in the audit log" "nosuch False|demo True" \
	"$(json "$T/audit.json" '"|".join("%s %s" % (r["object"], r["success"]) for r in d if r["action"] == "policy.approvers")')"
finish
