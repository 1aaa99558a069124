#!/bin/bash
# Reminders over a simulated month: `zeren jobs run --as-of DAY` for each day from the demo's
# 2026-11-21 to 2026-12-21 sends each reminder once, to the right people, with the working days
# left, and escalates overdue duties up the chain (owner → 直接责任人 → 第一责任人); a signing
# campaign and an evaluation round in the month announce each step once to the right people;
# running a day again sends nothing twice. Also the channel settings from the command line (secrets never
# shown), preferences, and the scheduler thread of `zeren serve`.
. "$(dirname "$0")/lib.sh"
plan 47
# A month of runs: each commit need not reach the disk platter here (a crash of the process
# alone still loses nothing), which keeps the month fast.
export ZEREN_SYNCHRONOUS=normal
z demo --as-of $DEMO_ON >/dev/null || die "demo"

days=$(python3 -c '
import datetime
d = datetime.date(2026, 11, 21)
while d <= datetime.date(2026, 12, 21):
    print(d); d += datetime.timedelta(days=1)')
# The month's signing campaign and evaluation round, each step on its day (before that day's run).
ev() { z evaluation "$@" --org demo --year 2025 >/dev/null || die "evaluation $*"; }
ev open
for dept in office publicity media nic academic finance hr library logistics card cs; do
	ev score --department $dept --indicator org.meeting --score 8
done
printf 'scan' > "$T/scan.pdf"
letters=demo-2027-responsibility_letter
step() {
	case $1 in
	2026-11-25) z doc campaign open --org demo --kind responsibility_letter --year 2027 --date 2026-11-25 >/dev/null ;;
	2026-11-26) z doc campaign send $letters >/dev/null ;;
	2026-12-01)
		z doc campaign status $letters --format json > "$T/c.json" &&
			z doc sign "$(json "$T/c.json" '[x["number"] for x in d["documents"] if x["person"] == "p-pengtao"][0]')" \
				--scan "$T/scan.pdf" --on 2026-12-01 >/dev/null &&
			ev release --on 2026-12-01 ;;
	2026-12-03) ev object --department academic --reason 2025年上半年自查报告已按时提交 --on 2026-12-03 ;;
	2026-12-09) ev resolve --department academic --answer 经核实已改正 ;;
	2026-12-11) ev publish --on 2026-12-11 ;;
	esac
}
first=""
for d in $days; do
	step "$d" || die "step $d"
	z jobs run --as-of "$d" > "$T/run.txt" || die "jobs run $d"
	[ -n "$first" ] || first=$(sed -n 's/.*queued \([0-9]*\),.*/\1/p' "$T/run.txt")
done
ok "the first day queues reminders" test "$first" -gt 0
z jobs log --limit 100000 --format json > "$T/log.json" || die "jobs log"
is "without channels every message is an in-platform one, delivered" "inbox sent" \
	"$(json "$T/log.json" "' '.join(sorted(set(r['channel'] + ' ' + r['state'] for r in d)))")"
again=""
for d in $days; do
	z jobs run --as-of "$d" > "$T/run.txt" || die "jobs run again $d"
	again="$again$(sed -n 's/.*queued \([0-9]*\), sent \([0-9]*\),.*/\1\2/p' "$T/run.txt")"
done
is "running the month again queues and sends nothing" "$(printf '00%.0s' $days)" "$again"

# when(RULE, OBJECT, PERSON): the days (Asia/Shanghai) the person was told, with the subjects.
cat > "$T/when.py" <<'PY'
import datetime, json, sys
rule, obj, person = sys.argv[2:5]
rows = [r for r in json.load(open(sys.argv[1], encoding="utf-8"))
        if r["rule"] == rule and r["object"] == obj and r["person"] == person]
tz = datetime.timezone(datetime.timedelta(hours=8))
print(" ".join(sorted(datetime.datetime.fromtimestamp(r["created_at"], tz).date().isoformat() for r in rows)))
PY
when() { python3 "$T/when.py" "$T/log.json" "$@"; }
# told(RULE): how many messages of the rule, and the days they went out.
told() {
	python3 - "$T/log.json" "$1" <<'PY'
import datetime, json, sys
rows = [r for r in json.load(open(sys.argv[1], encoding="utf-8")) if r["rule"] == sys.argv[2]]
tz = datetime.timezone(datetime.timedelta(hours=8))
print(len(rows), " ".join(sorted({datetime.datetime.fromtimestamp(r["created_at"], tz).date().isoformat() for r in rows})))
PY
}
# The 2026-11 monthly report is due 2026-12-07 (t0090); its owner, the security administrator
# 赵磊, hears of it at 3 and at 1 working day left, then as it goes overdue.
is "reminders at 3 and 1 working days left (12-02, 12-04)" "2026-12-02 2026-12-04" \
	"$(when duty.due report.monthly/2026-11/- p-zhaolei)"
is "… saying how many working days are left" "【定期工作提醒】上月网络工作报告（2026-11）还剩3个工作日到期" \
	"$(json "$T/log.json" "sorted(r['subject'] for r in d if r['rule'] == 'duty.due' and r['object'] == 'report.monthly/2026-11/-' and r['person'] == 'p-zhaolei')[-1]")"
is "overdue on 12-08: the owner is told once" "2026-12-08" "$(when duty.overdue report.monthly/2026-11/- p-zhaolei)"
# Up the chain, one digest per person, level and due day names the overdue duties of that day.
is "3 working days overdue (12-10): the 直接责任人, in the digest of the duties due 12-07" "2026-12-10" \
	"$(when duty.overdue due/2026-12-07 p-wangzhihong)"
is "5 working days overdue (12-14): the 第一责任人" "2026-12-14" "$(when duty.overdue due/2026-12-07 p-limingyuan)"
is "… and the other 第一责任人 of the demo" "2026-12-14" "$(when duty.overdue due/2026-12-07 p-zhangjianguo)"
is "… naming the duty, its department and period" "以下1项定期工作应于2026-12-07前完成，已逾期5个工作日，按逐级负责的要求报送督办（第3级）：
1. 本单位：上月网络工作报告（2026-11）" \
	"$(json "$T/log.json" "[r['body'] for r in d if r['rule'] == 'duty.overdue' and r['object'] == 'due/2026-12-07' and r['person'] == 'p-limingyuan'][0]")"
is "two duties due the same day (11-30) reach the 第一责任人 as one message naming both" "1 2" \
	"$(json "$T/log.json" "' '.join(str(x) for x in (lambda m: (len(m), m[0]['body'].count(chr(10)) if m else 0))([r for r in d if r['rule'] == 'duty.overdue' and r['object'] == 'due/2026-11-30' and r['person'] == 'p-limingyuan']))")"
is "up the chain, no message per duty" "" \
	"$(json "$T/log.json" "' '.join(sorted({r['object'] for r in d if r['rule'] == 'duty.overdue' and r['person'] in ('p-wangzhihong', 'p-limingyuan') and not r['object'].startswith('due/')}))")"
is "the 第一责任人 is not bothered with the reminders before the deadline" "" "$(when duty.due report.monthly/2026-11/- p-limingyuan)"
is "a duty overdue since before the month (2026-10, due 11-05) escalates all levels on the first day" "2026-11-21" \
	"$(when duty.overdue due/2026-11-05 p-limingyuan)"
is "the agreement expiring 2026-12-10: its holder is told once" "2026-11-21" \
	"$(when agreement.expiring kp-zhenghao-2023 p-zhenghao)"
is "… and so is the office" "2026-11-21" "$(when agreement.expiring kp-zhenghao-2023 p-wumin)"
is "a notice 1 working day overdue on 11-21 goes to those who rectify it" "2026-11-21" "$(when notice.overdue tb-2026-17 p-zhaolei)"
is "… 3 working days overdue to the 直接责任人, 5 to the 第一责任人, in the digest of its due day" \
	"2026-11-24 2026-11-26" "$(when notice.overdue due/2026-11-19 p-wangzhihong) $(when notice.overdue due/2026-11-19 p-limingyuan)"
is "… which names it" "以下1份通报应于2026-11-19前完成整改，已逾期5个工作日，按逐级负责的要求报送督办（第3级）：
1. “关于蜀南学院门户网站存在高危漏洞的通报”（西网信通〔2026〕17号，西岭市委网信办）" \
	"$(json "$T/log.json" "[r['body'] for r in d if r['rule'] == 'notice.overdue' and r['person'] == 'p-limingyuan'][0]")"

# The signing campaign dated 11-25 (to be signed within 10 working days: by 12-09), sent 11-26;
# 人事处's head 彭涛 signs on 12-01, 党委宣传部's head 黄丽 never does.
is "each head is asked to sign once, the day the letters are sent" "11 2026-11-26" "$(told sign.request)"
number() { json "$T/c.json" "[x['number'] for x in d['documents'] if x['person'] == '$1'][0]"; }
huangli=$(number p-huangli) pengtao=$(number p-pengtao)
is "an unsigned letter: reminders at 3 and 1 working days before the deadline" "2026-12-04 2026-12-08" \
	"$(when sign.due "$huangli" p-huangli)"
is "… the signed one gets none" "" "$(when sign.due "$pengtao" p-pengtao)"
is "… nor any escalation" "" "$(json "$T/log.json" "' '.join(r['person'] for r in d if r['rule'] == 'sign.overdue' and r['object'] == '$pengtao')")"
is "unsigned past the deadline: the signer (12-10)" "2026-12-10" "$(when sign.overdue "$huangli" p-huangli)"
# Up the chain the campaign's late letters go as one message per person and level, naming
# them, not one per letter: the office and 图书馆's head (level 1), the 直接责任人 (2), the
# 第一责任人 (3).
campaign=demo-2027-responsibility_letter
is "… the office: one message naming the letters (12-10)" "2026-12-10" "$(when sign.overdue $campaign p-wumin)"
is "… 黄丽 sits in the office: hers names the others' letters, not her own" "False" \
	"$(json "$T/log.json" "str(any('$huangli' in r['body'] for r in d if r['rule'] == 'sign.overdue' and r['object'] == '$campaign' and r['person'] == 'p-huangli'))")"
is "… then the 直接责任人 (12-14) and the 第一责任人 (12-16)" "2026-12-14 2026-12-16" \
	"$(when sign.overdue $campaign p-wangzhihong) $(when sign.overdue $campaign p-limingyuan)"
is "… and not per letter" "" \
	"$(json "$T/log.json" "' '.join(r['object'] for r in d if r['rule'] == 'sign.overdue' and r['person'] == 'p-limingyuan' and r['object'] != '$campaign')")"
late=$(json "$T/c.json" "len([x for x in d['documents'] if x['person'] != 'p-pengtao'])")
is "… its subject counts the letters, its body names each, with its number" "【逾期督办】签署批次“$(json "$T/c.json" 'd["title"]')”有${late}份文书逾期5个工作日未签署 True" \
	"$(json "$T/log.json" "' '.join([[r['subject'], str('$huangli' in r['body'] and '黄丽（党委宣传部）' in r['body'])] for r in d if r['rule'] == 'sign.overdue' and r['person'] == 'p-limingyuan' and r['channel'] == 'inbox'][0])")"
# The 2025 evaluation: released 12-01 (objections until 12-08), 教务处 objects 12-03, answered
# 12-09, published 12-11.
round=demo/2025/v1
is "released: each of the 11 department heads is told once, on 12-01" "11 2026-12-01" \
	"$(told eval.released)"
ok "… with the objection deadline and the working days left" \
	grep -q '请于2026-12-08前提出（剩余5个工作日）' <<<"$(json "$T/log.json" "[r['body'] for r in d if r['rule'] == 'eval.released'][0]")"
is "the deadline's last day (12-08): the 10 heads that have not objected" "10 2026-12-08" \
	"$(told eval.last_day)"
is "… not 教务处's head, who objected" "" "$(when eval.last_day $round p-tangguoqiang)"
is "the objection reaches the office (12-03)" "2026-12-03" "$(when eval.objected $round/academic p-wumin)"
is "its answer reaches 教务处's head (12-09)" "2026-12-09" "$(when eval.resolved $round/academic p-tangguoqiang)"
is "ready for confirmation: the 第一责任人 (12-09)" "2026-12-09 2026-12-09" \
	"$(when eval.ready $round p-limingyuan) $(when eval.ready $round p-zhangjianguo)"
is "published: each department head once (12-11)" "11 2026-12-11" \
	"$(told eval.published)"
is "every message is in Chinese" 0 \
	"$(json "$T/log.json" "len([r for r in d if not any('\u4e00' <= ch <= '\u9fff' for ch in r['subject'])])")"

# Channels and preferences from the command line.
printf '{"secrets": {"webhook": "https://127.0.0.1:9/robot/send?access_token=SeCrEt", "secret": "SECxyz"}}' > "$T/ding.json"
ok "a DingTalk robot is set" expect_exit 0 z notify channel demo dingtalk "$T/ding.json"
z notify channels demo > "$T/ch.json"
is "its secrets are shown as 已设置 only" "已设置 已设置" "$(json "$T/ch.json" "' '.join(d[0]['secrets'][k] for k in ('secret', 'webhook'))")"
ok "… never in clear, nor in the database" eval "! grep -q SeCrEt '$T/ch.json' && ! store_bytes '$T/data' | grep -qa SeCrEt"
ok "the key that seals them is the owner's alone" test "$(stat -c %a "$T/data/keys/notify.key")" = 600
printf '{"secrets": {"webhook": "http://robot.example/send"}}' > "$T/bad.json"
ok "a webhook that is not https is refused, naming the field" \
	bash -c "! z() { '$ZEREN' --data '$T/data' \"\$@\"; }; ! z notify channel demo wecom '$T/bad.json' 2>'$T/err' && grep -q 'secrets.webhook' '$T/err'"
ok "a test send to a robot that is not there fails with a clear error" \
	bash -c "'$ZEREN' --data '$T/data' notify test demo dingtalk 2>'$T/err'; [ \$? = 3 ] && grep -Eq 'DingTalk: .*(onnect|refused)' '$T/err'"
printf '{"email": "nobody"}' > "$T/pref.json"
ok "a preference with a bad mail address is refused" expect_exit 2 z notify pref p-zhaolei "$T/pref.json"

# An obligation may set its own reminder days; a list that is not largest-first is refused.
cat > "$T/policy.json" <<'JSON'
{"format": "zeren-policy/v1", "id": "remind-test", "extends": "default", "title": "提醒测试", "rules": [],
 "obligations": [{"id": "report.monthly", "title": "上月网络工作报告", "owner": {"post": "security_admin"},
  "rrule": "FREQ=MONTHLY", "period": "month", "due": {"day_of_next": 5}, "remind": [1, 5],
  "citations": [{"document": "测试", "clause": "第一条"}]}]}
JSON
ok "a policy's remind list out of order is refused, naming it" \
	bash -c "'$ZEREN' policy load '$T/policy.json' 2>&1 | grep -q 'obligations\[0\].remind: must be working days'"

# The scheduler thread of `zeren serve` plans and delivers by itself, off the request threads.
"$ZEREN" --data "$T/live" demo >/dev/null || die "demo for serve"
"$ZEREN" --data "$T/live" serve --listen 127.0.0.1:0 --jobs-interval 1 --checkpoint-minutes 0 >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
n=0
for _ in $(seq 1 100); do
	n=$("$ZEREN" --data "$T/live" jobs log --format json --limit 100000 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0)
	[ "$n" -gt 0 ] && break
	sleep 0.1
done
kill -TERM $pid
wait $pid
is "serve's scheduler queued reminders by itself, and stopped cleanly" "yes 0" "$([ "$n" -gt 0 ] && echo yes || echo no) $?"
finish
