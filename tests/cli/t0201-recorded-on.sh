#!/bin/sh
# What we knew then (issue 21, transaction time): a store with a history of changes and
# corrections made over several days (the clock moved by libfaketime), a check saved on each of
# those days, and the same checks rebuilt afterwards "as recorded on" each day from the change
# history: they must be what was saved. The report states both dates.
. "$(dirname "$0")/lib.sh"
# libfaketime is preloaded into a sanitized binary too: ASan must not insist on coming first.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
command -v faketime >/dev/null || die "faketime (Debian package faketime) is needed: sh scripts/deps.sh"
plan 25

# on DAY ARGS...: zeren at 10:00 in Asia/Shanghai on DAY (02:00 UTC). The suite may itself run
# under faketime (make check-faketime): the wrapper is started clear of it, so the day is DAY.
on() {
	day=$1
	shift
	env -u FAKETIME -u FAKETIME_SHARED -u LD_PRELOAD faketime -f "@$day 02:00:00" "$ZEREN" --data "$T/data" "$@"
}
# save DAY NAME: the checks as of two days, as the store stood on DAY
save() {
	on "$1" check --org demo --as-of $DEMO_ON --format json >"$T/$2-now.json"
	on "$1" check --org demo --as-of 2025-06-30 --format json >"$T/$2-then.json"
}
# same SAVED REBUILT: equal but for the rebuilt report's recorded_on
same() {
	python3 -c '
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
b = json.load(open(sys.argv[2], encoding="utf-8"))
b.pop("recorded_on", None)
sys.exit(a != b)' "$1" "$2"
}
rebuilt() {
	z check --org demo --as-of $DEMO_ON --recorded-on "$1" --format json >"$T/$2-now.rebuilt"
	z check --org demo --as-of 2025-06-30 --recorded-on "$1" --format json >"$T/$2-then.rebuilt"
}

# Day 1: the unit is imported.
on 2026-12-01 import "$SRCDIR/data/demo/demo.json" >/dev/null || die "day 1 import"
save 2026-12-01 day1

# Day 2: a system comes into service (a change), an assessment recorded wrongly is corrected,
# and an appointment recorded by mistake is withdrawn (a correction).
cat >"$T/day2.json" <<EOF
{"format": "zeren/v1", "systems": [
 {"id": "vpn", "org": "demo", "name": "VPN系统", "owner_department": "nic", "mlps_level": 2, "in_service": "2026-11-01"},
 {"id": "cwxt", "org": "demo", "name": "财务管理系统", "owner_department": "finance", "mlps_level": 3,
  "filing_no": "51340099999-00005", "filed_on": "2019-05-10", "last_assessed_on": "2026-03-05",
  "critical_infrastructure": false, "public_website": false}],
 "projects": [
 {"id": "xm-2026-zhjs", "org": "demo", "name": "智慧教室建设项目", "department": "academic", "budget": 4500000,
  "security_budget": 225000, "approved_on": "2026-03-16", "started_on": "2026-07-06", "security_planned": true}]}
EOF
on 2026-12-02 import "$T/day2.json" >/dev/null || die "day 2 import"
id=$(z appointment list --org demo --person p-zhaolei | awk '$3 == "network_admin" {print $1}')
[ -n "$id" ] || die "赵磊's network_admin appointment"
on 2026-12-02 appointment correct "$id" --org demo --withdraw --reason "登记有误" >/dev/null || die "day 2 withdraw"
save 2026-12-02 day2

# Day 3: a change (an appointment ends), and a correction of that end date the same day, and a
# second correction later in the day that puts the withdrawn appointment back.
id2=$(z appointment list --org demo --person p-fengxue | awk '$3 == "security_auditor" {print $1}')
[ -n "$id2" ] || die "冯雪's security_auditor appointment"
on 2026-12-03 appointment end "$id2" --org demo --to 2026-11-01 >/dev/null || die "day 3 end"
on 2026-12-03 appointment correct "$id2" --org demo --to 2026-10-15 --reason "离任日期登记错误" >/dev/null || die "day 3 correct"
cat >"$T/day3.json" <<EOF
{"format": "zeren/v1", "appointments": [
 {"person": "p-zhaolei", "post": "network_admin", "org": "demo", "from": "2025-09-01", "to": null}]}
EOF
on 2026-12-03 import "$T/day3.json" >/dev/null || die "day 3 import"
save 2026-12-03 day3

ok "the days' checks differ from one another (the history has something to rebuild)" \
	sh -c "! cmp -s '$T/day1-now.json' '$T/day2-now.json' && ! cmp -s '$T/day2-now.json' '$T/day3-now.json'"

# Afterwards (today, whatever day that is): each day rebuilt from the history.
for d in 1 2 3; do
	rebuilt 2026-12-0$d day$d
	ok "as recorded on 2026-12-0$d, as of $DEMO_ON: the check saved that day" same "$T/day$d-now.json" "$T/day$d-now.rebuilt"
	ok "as recorded on 2026-12-0$d, as of 2025-06-30: the check saved that day" same "$T/day$d-then.json" "$T/day$d-then.rebuilt"
done
is "a project is a kind of the history: as recorded on day 1, its security budget was 2%" "xm-2026-zhjs" \
	"$(json "$T/day1-now.rebuilt" '" ".join(f["project"] for f in d["findings"] if f["rule"] == "project.security")')"
is "… on day 2, 5%: no finding" "" "$(json "$T/day2-now.rebuilt" '" ".join(f["project"] for f in d["findings"] if f["rule"] == "project.security")')"
z history --org demo --kind project --format json >"$T/projects.json"
is "… its versions: imported, then changed" "2026-12-01:90000 2026-12-02:225000" \
	"$(json "$T/projects.json" '" ".join(v["recorded_at"][:10] + ":" + str(v["record"]["security_budget"]) for v in d if v["key"] == "xm-2026-zhjs")')"
is "… the rebuilt report names the day of the records" "2026-12-02" "$(json "$T/day2-now.rebuilt" 'd["recorded_on"]')"
is "as recorded on day 2, the withdrawn appointment is gone: 网络管理员 has one holder" \
	"1" "$(json "$T/day2-now.rebuilt" 'str(len([f for f in d["findings"] if f["rule"] == "staffing.key_posts" and f["subject"]["post"] == "network_admin"]))')"
z check --org demo --as-of $DEMO_ON --format json >"$T/today.json"
ok "as the records stand now: day 3's check" same "$T/day3-now.json" "$T/today.json"
z check --org demo --as-of $DEMO_ON --recorded-on 2026-12-05 --format json >"$T/later.rebuilt"
ok "as recorded on a later day with no change since: the same" same "$T/day3-now.json" "$T/later.rebuilt"

# Before anything was recorded: nothing to check.
ok "as recorded on 2026-11-30 the unit did not exist yet" expect_exit 2 z check --org demo --recorded-on 2026-11-30
ok "… and it says so" expect_grep "no unit with id 'demo' was recorded by the end of 2026-11-30" "$ERR"
ok "a bad --recorded-on is refused with the usage" expect_exit 2 z check --recorded-on yesterday

# Both dates in the report.
z check --org demo --as-of $DEMO_ON --recorded-on 2026-12-02 >"$T/report.txt"
ok "the report states both dates" expect_grep "^截至 $DEMO_ON，依据 2026-12-02 日的记录，检查 1 个单位" "$T/report.txt"
ok "… in its unit line too" expect_grep "^单位 蜀南学院（demo）  截至 $DEMO_ON，依据 2026-12-02 日的记录  策略 默认策略（default）" "$T/report.txt"
z accountability inc-2026-03 --recorded-on 2026-12-01 >"$T/acc.txt" || die "accountability"
ok "the accountability report too: the day it occurred, and the day of the records" \
	expect_grep "^截至 2026-0[89]-[0-9][0-9]，依据 2026-12-01 日的记录" "$T/acc.txt"

# The history says who entered what when.
z history --org demo --kind appointment --format json >"$T/hist.json"
# versions KEY-PREFIX: "day to" of each version of the appointment, withdrawn ones so named
versions() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(" ".join(v["recorded_at"][:10] + ":" + ("withdrawn" if v["record"] is None else str(v["record"]["to"]))
               for v in d if v["key"].startswith(sys.argv[2])))' "$T/hist.json" "$1"
}
is "赵磊's appointment: imported, withdrawn, put back" "2026-12-01:None 2026-12-02:withdrawn 2026-12-03:None" \
	"$(versions "p-zhaolei$(printf '\037')post:network_admin")"
is "冯雪's: imported, ended (a change), its end corrected" "2026-12-01:None 2026-12-03:2026-11-01 2026-12-03:2026-10-15" \
	"$(versions "p-fengxue$(printf '\037')post:security_auditor")"
ok "… each change by the command line's account" \
	sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not all(v[\"account\"] and v[\"account\"].startswith(\"cli:\") for v in d if v[\"change\"]))' '$T/hist.json'"
z audit list --format json >"$T/audit.json"
ok "the audit log keeps the corrected end date's old value" \
	sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not any(a[\"action\"] == \"appointment.correct\" and a[\"detail\"][\"was\"][\"to\"] == \"2026-11-01\" and a[\"detail\"][\"to\"] == \"2026-10-15\" for a in d))' '$T/audit.json'"
ok "… and what the withdrawal removed" \
	sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not any(a[\"action\"] == \"appointment.withdraw\" and a[\"detail\"][\"withdrawn\"][\"post\"] == \"network_admin\" and a[\"detail\"][\"reason\"] == \"登记有误\" for a in d))' '$T/audit.json'"

finish
