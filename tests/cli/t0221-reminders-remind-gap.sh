#!/bin/bash
# Reminders (issue 17): an obligation's own `remind` days in a unit's policy version take effect
# (5 and 2 working days ahead instead of the default 3 and 1), and a scheduler that did not run
# for days (the server was down) still announces, on its first day back, what happened in the
# gap — once, as things stand that day — not the stale reminders of the days it missed.
. "$(dirname "$0")/lib.sh"
plan 14
export ZEREN_SYNCHRONOUS=normal

# when(RULE, OBJECT, PERSON): the days (Asia/Shanghai) the person was told.
when() {
	z jobs log --limit 100000 --format json > "$T/log.json" || return 1
	python3 - "$T/log.json" "$@" <<'PY'
import datetime, json, sys
rule, obj, person = sys.argv[2:5]
tz = datetime.timezone(datetime.timedelta(hours=8))
print(" ".join(sorted(datetime.datetime.fromtimestamp(r["created_at"], tz).date().isoformat()
                      for r in json.load(open(sys.argv[1], encoding="utf-8"))
                      if r["rule"] == rule and r["object"] == obj and r["person"] == person)))
PY
}
run_days() { # run_days FIRST LAST: the scheduler on each day
	local d
	for d in $(python3 -c "
import datetime, sys
d, last = (datetime.date.fromisoformat(x) for x in sys.argv[1:3])
while d <= last:
    print(d); d += datetime.timedelta(days=1)" "$1" "$2"); do
		z jobs run --as-of "$d" >/dev/null || return 1
	done
}

# --- remind: [5, 2] in the unit's own policy version ---
z demo --as-of $DEMO_ON >/dev/null || die "demo"
cat > "$T/own.json" <<'JSON'
{"format": "zeren-policy/v1", "id": "demo-own", "extends": "default", "title": {"zh": "蜀南学院网络安全制度"},
 "rules": [],
 "obligations": [{"id": "report.monthly", "title": {"zh": "上月网络工作报告", "en": "Monthly work report"},
   "owner": {"post": "network_admin"}, "rrule": "FREQ=MONTHLY", "period": "month", "due": {"day_of_next": 5},
   "evidence": "上月工作报告", "remind": [5, 2],
   "citations": [{"document": "《蜀南学院网络安全工作责任制实施细则》", "clause": "第十条",
                  "text": "月报于到期前5个工作日和2个工作日提醒。"}]}]}
JSON
env USER=office "$ZEREN" --data "$T/data" policy import demo "$T/own.json" --reason 月报提前提醒 > "$T/import.txt" || die "import"
version=$(sed -n 's/.*version \([0-9]*\) of demo.*/\1/p' "$T/import.txt")
env USER=leader "$ZEREN" --data "$T/data" policy activate demo "$version" --from 2026-11-21 --reason 同意 >/dev/null ||
	die "activate"
run_days 2026-11-21 2026-12-07 || die "the days"
# The 2026-11 monthly report is due 2026-12-07: 5 working days before is 11-30, 2 is 12-03.
is "the unit's remind [5, 2]: its owner hears on 11-30 and 12-03" "2026-11-30 2026-12-03" \
	"$(when duty.due report.monthly/2026-11/- p-zhaolei)"
is "… saying 5 and 2 working days are left" "【定期工作提醒】上月网络工作报告（2026-11）还剩2个工作日到期 【定期工作提醒】上月网络工作报告（2026-11）还剩5个工作日到期" \
	"$(json "$T/log.json" "' '.join(sorted(r['subject'] for r in d if r['rule'] == 'duty.due' and r['object'] == 'report.monthly/2026-11/-' and r['person'] == 'p-zhaolei'))")"
is "… a duty the version leaves alone keeps the default 3 and 1" "3 1" \
	"$(json "$T/log.json" "' '.join(sorted({r['subject'].split('还剩')[1][0] for r in d if r['rule'] == 'duty.due' and not r['object'].startswith('report.monthly/')}, reverse=True))")"

# --- a gap: the scheduler runs on 11-21, then not again until 12-10 ---
rm -rf "$T/data"
z demo --as-of $DEMO_ON >/dev/null || die "demo again"
z jobs run --as-of 2026-11-21 >/dev/null || die "11-21"
# In the gap: a notice arrives (12-02), the office's letters go out (11-26).
z notice add --org demo --id tb-2026-gap --issuer 市委网信办 --title 关于弱口令问题的通报 --received 2026-12-02 \
	--system oa >/dev/null || die "notice"
z doc campaign open --org demo --kind responsibility_letter --year 2027 --date 2026-11-25 >/dev/null || die "campaign"
z doc campaign send demo-2027-responsibility_letter >/dev/null || die "send"
z jobs run --as-of 2026-12-10 >/dev/null || die "12-10"
is "a monthly report due 12-07 in the gap: no stale '3 days left' or '1 day left'" "" \
	"$(when duty.due report.monthly/2026-11/- p-zhaolei)"
is "… its overdue state on 12-10 (3 working days): the owner once" "2026-12-10" \
	"$(when duty.overdue report.monthly/2026-11/- p-zhaolei)"
is "… and the 直接责任人 once, not the 第一责任人 yet" "2026-12-10|" \
	"$(when duty.overdue due/2026-12-07 p-wangzhihong)|$(when duty.overdue due/2026-12-07 p-limingyuan)"
is "the notice received in the gap is announced on the first day back" "2026-12-10" \
	"$(when notice.received tb-2026-gap p-wumin)"
is "… once" 1 "$(json "$T/log.json" "len([r for r in d if r['rule'] == 'notice.received' and r['object'] == 'tb-2026-gap' and r['person'] == 'p-wumin'])")"
is "the new error findings of the gap: one message to the office, naming the gap" "1 True" \
	"$(json "$T/log.json" "' '.join(str(x) for x in [len([r for r in d if r['rule'] == 'finding.error' and r['person'] == 'p-wumin' and r['subject'].startswith('【新发现问题】2026-11-22至2026-12-10')]), len([r for r in d if r['rule'] == 'finding.error']) == len([r for r in d if r['rule'] == 'finding.error' and '至' in r['subject']]) + len([r for r in d if r['rule'] == 'finding.error' and r['subject'].startswith('【新发现问题】2026-11-21')])])")"
ok "… among them the gap's notice not rectified in time" \
	grep -q '关于弱口令问题的通报' <<<"$(json "$T/log.json" "[r['body'] for r in d if r['rule'] == 'finding.error' and r['person'] == 'p-wumin' and '至' in r['subject']][0]")"
letter=$(json "$T/log.json" "[r['object'] for r in d if r['rule'] == 'sign.request' and r['person'] == 'p-huangli'][0]")
is "a letter sent in the gap: the request, then it is overdue (deadline 12-09): the signer and the office" \
	"2026-12-10 2026-12-10 2026-12-10" \
	"$(when sign.request "$letter" p-huangli) $(when sign.overdue "$letter" p-huangli) $(when sign.overdue demo-2027-responsibility_letter p-wumin)"
is "… no stale signing reminders of the missed days" "" "$(when sign.due "$letter" p-huangli)"
z jobs run --as-of 2026-12-10 > "$T/again.txt" || die "again"
ok "running the day again queues nothing" grep -q 'queued 0,' "$T/again.txt"
# Back after longer than the look-back (30 days): only the last 30 days are news.
z jobs run --as-of 2027-02-01 >/dev/null || die "2027-02-01"
z jobs log --limit 100000 --format json > "$T/log.json" || die "log"
is "after a longer gap the new findings are those of the last 30 days only" "2027-01-02至2027-02-01" \
	"$(json "$T/log.json" "' '.join(sorted({r['subject'][7:28] for r in d if r['rule'] == 'finding.error' and r['created_at'] > 1798000000}))")"
finish
