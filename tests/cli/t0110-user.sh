#!/bin/bash
# zeren user and the platform accounts: init prints the three one-time passwords once, the user
# commands create, change and list accounts, refusals (三员, weak passwords, unknown names) say
# why with exit 2, and every action is in the audit log.
. "$(dirname "$0")/lib.sh"
plan 57

ok "init" expect_exit 0 z init
cp "$OUT" "$T/init1"
for u in sysadmin secadmin auditor; do
	ok "init prints a one-time password for $u" expect_grep "^ +.* $u +[A-Za-z0-9]{16}\$" "$T/init1"
done
ok "… saying it must be changed at first login" expect_grep 'must be changed at first login' "$T/init1"
ok "init again" expect_exit 0 z init
ok "… says the accounts exist" expect_grep 'exist already; nothing changed' "$OUT"
pw=$(awk '$(NF-1) == "sysadmin" { print $NF }' "$T/init1")
is "… and prints no password" "" "$(grep -c -- "$pw" "$OUT" | grep -v '^0$')"

ok "user list" expect_exit 0 z user list --format json
is "three platform accounts, each with its one role, to be changed" \
	'[["auditor", ["auditor"], true], ["secadmin", ["secadmin"], true], ["sysadmin", ["sysadmin"], true]]' \
	"$(json "$OUT" '[[a["username"], a["roles"], a["must_change_password"]] for a in d]')"

# A unit to link accounts to.
cat > "$T/unit.json" <<'EOF'
{"format": "zeren/v1", "organizations": [{"id": "u1", "name": "一号单位",
  "departments": [{"id": "d1", "name": "网络中心"}, {"id": "d2", "name": "财务处"}]}],
 "people": [{"id": "p1", "name": "王小明", "org": "u1", "department": "d1"}]}
EOF
z import "$T/unit.json" >/dev/null || die "import"

ok "user add with a person and a role" expect_exit 0 z user add alice --name 王小明 --person p1 --role liaison --department d1
ok "… prints the one-time password once" expect_grep '^  alice +[A-Za-z0-9]{16}$' "$OUT"
otp=$(awk '$1 == "alice" { print $2 }' "$OUT")

ok "user add: two platform roles refused" expect_exit 2 z user add bob --role sysadmin --role auditor
ok "… 三员 named, in Chinese and English" expect_grep '三员分立.*separation of duties: one account cannot be both system administrator and audit administrator' "$ERR"
ok "user add: a platform role with a business role refused" expect_exit 2 z user add bob --person p1 --role secadmin --role office
ok "… saying so" expect_grep 'excludes business roles' "$ERR"
ok "user add: a business role without a person refused" expect_exit 2 z user add bob --role office
ok "… saying so" expect_grep 'linked to a person' "$ERR"
ok "user add: liaison without a department refused" expect_exit 2 z user add bob --person p1 --role liaison
ok "user add: unknown role is a usage error" expect_exit 2 z user add bob --role king
ok "user add: taken name refused" expect_exit 2 z user add alice
ok "… saying so" expect_grep "account 'alice' exists already" "$ERR"

ok "user passwd: weak password refused" expect_exit 2 z user passwd alice <<< 'P@ssw0rd2026'
ok "… as a common weak password" expect_grep 'common weak password' "$ERR"
ok "user passwd: the person's name refused" expect_exit 2 z user passwd alice <<< 'Pw王小明-2026x'
ok "user passwd: too short refused" expect_exit 2 z user passwd alice <<< 'Ab1#x'
ok "… saying how long" expect_grep 'at least 10 characters' "$ERR"
ok "user passwd: a good password" expect_exit 0 z user passwd alice <<< 'Xk9#mQ2vLp-t'
ok "user passwd: unknown account" expect_exit 2 z user passwd nobody <<< 'Xk9#mQ2vLp-t'

ok "user roles: three roles refused" expect_exit 2 z user roles alice --role sysadmin --role secadmin
zo() { USER=other z "$@"; } # another operator
ok "user roles: staff is a grant, asked for" expect_exit 0 z user roles alice --role staff
ok "… as request 1" expect_grep 'request 1 \(account alice\) takes effect once approved' "$OUT"
ok "… not approved by who asked" expect_exit 2 z user approve 1
ok "… saying why" expect_grep 'four eyes' "$ERR"
ok "… approved by another operator" expect_exit 0 zo user approve 1
ok "user disable (a business account: at once)" expect_exit 0 z user disable alice
ok "user enable" expect_exit 0 z user enable alice
ok "user reset: a request" expect_exit 0 z user reset alice
ok "… with the first half of the password" expect_grep '^  alice +[A-Za-z0-9]{8}$' "$OUT"
half1=$(awk '$1 == "alice" { print $2 }' "$OUT")
ok "user requests" expect_exit 0 z user requests --status pending --format json
is "… the reset pending, for the security administrator" '[["reset", "alice", "secadmin"]]' \
	"$(json "$OUT" '[[r["kind"], r["username"], r["approver_role"]] for r in d]')"
ok "user approve" expect_exit 0 zo user approve 2
ok "… with the second half" expect_grep '^  [A-Za-z0-9]{8}$' "$OUT"
half2=$(awk 'NF == 1 && /^  / { print $1 }' "$OUT")
otp2="$half1$half2"
ok "… a new one-time password" test ${#otp2} -eq 16 -a "$otp2" != "$otp"
ok "user disable secadmin: a request" expect_exit 0 z user disable secadmin
ok "… for the audit administrator" expect_exit 0 z user requests --status pending --format json
is "… listed so" '[["disable", "secadmin", "auditor"]]' \
	"$(json "$OUT" '[[r["kind"], r["username"], r["approver_role"]] for r in d]')"
ok "user reject" expect_exit 0 z user reject 3

ok "user list (text)" expect_exit 0 z user list
ok "… alice is staff and must change her password" expect_grep '^alice +王小明 +staff +p1 .*must-change' "$OUT"

ok "audit list" expect_exit 0 z audit list --format json
cp "$OUT" "$T/audit.json"
is "alice's every action recorded, done or refused" \
	'[["account.create", true], ["account.create", false], ["account.password", false], ["account.password", false], ["account.password", false], ["account.password", true], ["account.roles.request", false], ["account.roles.request", true], ["account.request.approve", false], ["account.request.approve", true], ["account.disable", true], ["account.enable", true], ["account.reset.request", true], ["account.request.approve", true]]' \
	"$(json "$T/audit.json" '[[r["action"], r["success"]] for r in d if r["object"] == "alice"]')"
is "bob's four refusals, with why" 4 \
	"$(json "$T/audit.json" 'str(len([r for r in d if r["object"] == "bob" and r["action"] == "account.create" and not r["success"] and r["detail"]["error"]]))')"
is "the platform accounts' creation" '["auditor", "secadmin", "sysadmin"]' \
	"$(json "$T/audit.json" 'sorted(r["object"] for r in d if r["action"] == "account.create" and r["detail"]["roles"] and r["detail"]["roles"][0] in ("sysadmin", "secadmin", "auditor") and r["success"])')"
is "as done from the command line by cli:\$USER" "cli:${USER:-unknown} cli" \
	"$(json "$T/audit.json" '[r["account"] + " " + r["source"] for r in d if r["action"] == "account.reset.request"][0]')"
is "no password in the log" 0 "$(grep -c -e "$otp" -e "$half1" -e "$half2" -e 'Xk9#mQ2vLp-t' -e "$pw" "$T/audit.json")"
ok "audit verify" expect_exit 0 z audit verify

finish
