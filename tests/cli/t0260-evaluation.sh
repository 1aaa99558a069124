#!/bin/bash
# The yearly evaluation (考核) on the demo unit: a round for 2025 scored automatically, the manual
# items entered, one department's objection answered, published and frozen; a fact changed
# afterwards leaves the published round as it was, and a re-evaluation is a new version, both in
# the audit log. Years and days are explicit: nothing here depends on today.
. "$(dirname "$0")/lib.sh"
plan 44
z demo --as-of $DEMO_ON >/dev/null || die "demo"
ev() { z evaluation "$@" --org demo; }
sheet() { # sheet DEPT EXPR: EXPR over the department's sheet s of the 2025 round
	ev show --year 2025 --department "$1" --format json > "$T/s.json" || return 1
	json "$T/s.json" "(lambda s: $2)(d)"
}

ok "open the 2025 round" expect_exit 0 ev open --year 2025
expect_grep '教务处' "$OUT" || die "no ranking"
ev list --format json > "$T/list.json"
is "… version 1, scoring, as of the year's last day" "1 scoring 2025-12-31" \
	"$(json "$T/list.json" "' '.join(str(x) for x in [d[0]['version'], d[0]['state'], d[0]['as_of']])")"
is "… a sheet for each of the 11 departments and one for the unit" "11 1" \
	"$(json "$T/list.json" "' '.join(str(len([s for s in d[0]['sheets'] if s['kind'] == k])) for k in ['department', 'unit'])")"
is "the 教务处's lost point on its self-check names the occurrence and its clause" \
	"-5.0 selfcheck.semiannual 2025-H1 第十三条(三)" \
	"$(sheet academic "' '.join(str(c) for c in [[i for i in s['items'] if i['indicator'] == 'duties.selfcheck'][0]['causes'][0][k] for k in ['points', 'obligation', 'period']] + [[i for i in s['items'] if i['indicator'] == 'duties.selfcheck'][0]['causes'][0]['citations'][0]['clause']])")"
is "… its finding about the leading group names the rule and the head" "body.leading_group p-tangguoqiang" \
	"$(sheet academic "' '.join([[c['rule'], c['person']] for c in [i for i in s['items'] if i['indicator'] == 'org.liaison'][0]['causes']][0])")"
is "manual items wait for a score" "org.meeting:None" "$(sheet academic "' '.join(i['indicator'] + ':' + str(i['score']) for i in s['items'] if i['scoring'] == 'manual')")"
is "training.department is scored from the departmental training done on time" "10.0 dept_training.annual" \
	"$(sheet academic "' '.join(' '.join([str(i['score'])] + [c['obligation'] for c in i['causes']]) for i in s['items'] if i['indicator'] == 'training.department')")"
ok "release is refused while manual items are unscored" expect_exit 2 ev release --year 2025 --on 2026-01-09
ok "… naming the sheet" expect_grep 'manual items to score' "$ERR"

printf '2025年专题会议纪要\n' > "$T/minutes.txt"
scored=0
for d in office publicity media nic academic finance hr library logistics card cs; do
	z evaluation score --org demo --year 2025 --department $d --indicator org.meeting --score 8 --comment 纪要齐全 \
		--evidence "$T/minutes.txt" >/dev/null &&
	scored=$((scored + 1))
done
is "a scorer scores the manual items of every department" 11 $scored
is "… the score, comment and evidence are on the sheet" "8.0 纪要齐全 minutes.txt" \
	"$(sheet nic "' '.join(str(x) for x in [[i for i in s['items'] if i['indicator'] == 'org.meeting'][0]['entered'][k] for k in ['score', 'comment']] + [[i for i in s['items'] if i['indicator'] == 'org.meeting'][0]['entered']['evidence'][0]['name']])")"
ok "a score above the item's marks is refused" expect_exit 2 ev score --year 2025 --department nic --indicator org.meeting --score 11
ok "… naming the range" expect_grep 'outside 0..10' "$ERR"
ok "an unknown indicator is refused" expect_exit 2 ev score --year 2025 --department nic --indicator nope --score 1
ok "the office assigns the meeting items of two departments to a scorer" \
	expect_exit 0 ev assign --year 2025 --scorer staff --indicators org.meeting --departments nic,hr
ev show --year 2025 --format json > "$T/r.json"
is "… kept in the round" "staff org.meeting nic,hr" \
	"$(json "$T/r.json" "' '.join([d['assignments'][0]['scorer'], ','.join(d['assignments'][0]['indicators']), ','.join(d['assignments'][0]['departments'])])")"
ok "an automatic indicator cannot be assigned" expect_exit 2 ev assign --year 2025 --scorer staff --indicators org.liaison
ok "… saying it is not a manual one" expect_grep "'org.liaison' is not a manual indicator" "$ERR"
ok "nor an account that does not exist" expect_exit 2 ev assign --year 2025 --scorer nobody --indicators org.meeting
ok "an empty list withdraws the assignment" expect_exit 0 ev assign --year 2025 --scorer staff --indicators ''
ev show --year 2025 --format json > "$T/r.json"
is "… none is left" 0 "$(json "$T/r.json" "len(d['assignments'])")"
is "教务处: 100 - 5 - 4 - 5 - 2 (meeting) = 84, 良好" "84.0 good" "$(sheet academic "' '.join(str(s[k]) for k in ['score', 'grade'])")"

ok "release the sheets on 2026-01-09" expect_exit 0 ev release --year 2025 --on 2026-01-09
ok "… objections until 2026-01-16 (five working days)" expect_grep 'until 2026-01-16' "$OUT"
ok "the 教务处 objects on 2026-01-12" expect_exit 0 ev object --year 2025 --department academic --reason '2025年上半年自查报告已按时提交' --on 2026-01-12
ok "… a second objection of the same department is refused" expect_exit 2 ev object --year 2025 --department academic --reason again --on 2026-01-12
ok "an objection after the deadline is refused" expect_exit 2 ev object --year 2025 --department finance --reason late --on 2026-01-19
ok "publishing with an objection unanswered is refused" expect_exit 2 ev publish --year 2025 --on 2026-01-20
ok "changing an automatic item without a reason is refused" expect_exit 2 ev score --year 2025 --department academic --indicator duties.selfcheck --score 10
ok "… saying that it needs one" expect_grep 'needs a reason' "$ERR"
ok "the office adjusts the item" expect_exit 0 ev score --year 2025 --department academic --indicator duties.selfcheck --score 10 --comment '核实已按时提交'
ok "… and answers the objection" expect_exit 0 ev resolve --year 2025 --department academic --answer '经核实，自查报告按时提交，已改正'
ok "the leader publishes" expect_exit 0 ev publish --year 2025 --on 2026-01-20
is "教务处 now 89, 良好" "89.0 good" "$(sheet academic "' '.join(str(s[k]) for k in ['score', 'grade'])")"
z obligations --org demo --as-of 2026-01-21 --format json > "$T/o.json"
is "the year's evaluation.annual duty is done" done \
	"$(json "$T/o.json" "[o['status'] for o in d if o['obligation'] == 'evaluation.annual' and o['period'] == '2025'][0]")"
z export > "$T/export.json"
is "… with the result sheet among its evidence" "考核结果-demo-2025-v1.json" \
	"$(json "$T/export.json" "[r['evidence'][-1]['name'] for r in d['obligation_records'] if r['obligation'] == 'evaluation.annual' and r['period'] == '2025'][0]")"
ok "a published round takes no more scores" expect_exit 2 ev score --year 2025 --department nic --indicator org.meeting --score 1

# a fact of 2025 changed after publication: the 教务处's 2025-H1 self-check recorded on time
ok "record the self-check" expect_exit 0 z obligation done selfcheck.semiannual 2025-H1 --org demo --department academic --on 2025-06-30
is "the published round is unchanged" "89.0 1" "$(sheet academic "' '.join(str(x) for x in [s['score'], len([i for i in s['items'] if i['indicator'] == 'duties.selfcheck'][0]['causes'])])")"
ok "opening the year again needs a reason" expect_exit 2 ev open --year 2025
ok "… saying so" expect_grep 're-evaluation needs a reason' "$ERR"
ok "a re-evaluation with a reason is version 2" expect_exit 0 ev open --year 2025 --reason '自查报告补录后重新评价'
ev list --format json > "$T/list.json"
is "… both versions kept: 1 published, 2 scoring" "1:published 2:scoring" \
	"$(json "$T/list.json" "' '.join('%d:%s' % (r['version'], r['state']) for r in d)")"
z audit list --format json > "$T/audit.json"
is "both openings are in the audit log" "demo/2025/v1 demo/2025/v2" \
	"$(json "$T/audit.json" "' '.join(r['object'] for r in d if r['action'] == 'evaluation.open' and r['success'])")"
finish
