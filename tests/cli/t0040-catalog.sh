#!/bin/bash
# zeren posts and zeren policy: the built-in post catalogue and the shipped policies.
. "$(dirname "$0")/lib.sh"
plan 32

# The twelve posts of DESIGN.md §3, id and Chinese name.
posts="first_responsible:第一责任人 direct_responsible:直接责任人 security_director:安全主管
security_admin:安全管理员 security_auditor:安全审计员 network_admin:网络管理员 system_admin:系统管理员
machine_room_admin:机房管理员 database_admin:数据库管理员 security_liaison:部门网络安全员
department_head:部门负责人 system_responsible:系统负责人"
# The default policy: the fourteen structural rules of DESIGN.md §2 and the eight time-driven ones
# (incident.report_national and notice.feedback since issue 11).
rules="agreement.expiring agreement.key_post agreement.network_user agreement.year_letter body.emergency_group body.leading_group body.office body.working_group
fulltime.security_admin handover.key_post incident.outage incident.repeat incident.report_late incident.report_national incident.summary_late
notice.feedback notice.rectification obligation.overdue personnel.background_check plan.review project.security rectification.overdue required.admins required.liaison required.posts required.responsible
retention.logs sod.security_admin staffing.key_posts system.mlps system.owner training.certificate training.hours vulnerability.fix"

# posts and policy need no data directory: run them where there is none
mkdir "$T/cwd" || die "mkdir"
ok "posts exits 0" expect_exit 0 env -C "$T/cwd" "$ZEREN" posts
cp "$OUT" "$T/posts.txt"
for p in $posts; do
	ok "posts lists ${p#*:} (${p%%:*})" expect_grep "^${p#*:} +${p%%:*}( |$)" "$T/posts.txt"
done
ok "… and creates no data directory" test ! -e "$T/cwd/zeren-data"

ok "posts --format json exits 0" expect_exit 0 "$ZEREN" posts --format json
is "… with the twelve post ids" "$(printf '%s\n' $posts | cut -d: -f1 | sort | xargs)" \
	"$(json "$OUT" '" ".join(sorted(p["id"] for p in d))')"
ok "posts security_admin --format json exits 0" expect_exit 0 "$ZEREN" posts security_admin --format json
cp "$OUT" "$T/sa.json"
is "… gives that one post" '[["security_admin", "安全管理员"]]' "$(json "$T/sa.json" '[[p["id"], p["name_zh"]] for p in d]')"
ok "… with duties" test "$(json "$T/sa.json" 'len(d[0]["duties"])')" -ge 1
is "… each with text and source.document and source.clause" 0 "$(json "$T/sa.json" \
	'sum(1 for x in d[0]["duties"] if not (x.get("text") and x["source"].get("document") and x["source"].get("clause")))')"
ok "posts nosuch exits 2" expect_exit 2 "$ZEREN" posts nosuch
ok "… naming it" expect_grep nosuch "$ERR"

ok "policy exits 0" expect_exit 0 env -C "$T/cwd" "$ZEREN" policy
ok "… lists default" expect_grep '^default ' "$OUT"
ok "… lists strict-fulltime" expect_grep '^strict-fulltime ' "$OUT"
ok "policy default --format json exits 0" expect_exit 0 "$ZEREN" policy default --format json
cp "$OUT" "$T/default.json"
is "… has exactly 34 rules (DESIGN.md §2's, the time-driven ones, issue 19's registers' and office's, issue 14's yearly and network users' letters, issue 22's rectifications)" 34 "$(json "$T/default.json" 'len(d[0]["rules"])')"
is "… with the ids of DESIGN.md §2" "$(echo $rules)" "$(json "$T/default.json" '" ".join(sorted(r["id"] for r in d[0]["rules"]))')"
is "… each citing at least one document and clause" 0 "$(json "$T/default.json" \
	'sum(1 for r in d[0]["rules"] if not r.get("citations") or
	     any(not c.get("document") or not c.get("clause") for c in r["citations"]))')"
is "… with the warnings of data/policy/README.md" "agreement.expiring agreement.network_user incident.summary_late personnel.background_check training.certificate training.hours" \
	"$(json "$T/default.json" '" ".join(sorted(r["id"] for r in d[0]["rules"] if r["severity"] == "warning"))')"
ok "policy nosuch exits 2" expect_exit 2 "$ZEREN" policy nosuch
ok "… naming it" expect_grep nosuch "$ERR"

finish
