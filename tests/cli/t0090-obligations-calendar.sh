#!/bin/bash
# Recurring duties: their occurrences and status, recording one done with evidence, and the
# deadlines as an RFC 5545 calendar that an independent parser reads.
. "$(dirname "$0")/lib.sh"
plan 30
z demo --as-of $DEMO_ON >/dev/null || die "demo"
status() { # status OBLIGATION PERIOD [DEPARTMENT]
	z obligations --org demo --as-of 2026-11-21 --format json > "$T/occ.json" || return 1
	json "$T/occ.json" "[o['status'] for o in d if o['obligation'] == '$1' and o['period'] == '$2' and o['department'] == ${3:-None}][0]"
}
is "meeting 2025 is done" done "$(status meeting.annual 2025)"
is "the library's 2026-H1 self-check is overdue" overdue "$(status selfcheck.semiannual 2026-H1 "'library'")"
is "another department's is done" done "$(status selfcheck.semiannual 2026-H1 "'nic'")"
is "the 2026-10 monthly report is overdue" overdue "$(status report.monthly 2026-10)"
is "the 2026-11 monthly report is open, due 2026-12-07 (the 5th is a Saturday)" "open 2026-12-07" \
	"$(json "$T/occ.json" "' '.join([[o['status'], o['due_on']] for o in d if o['obligation'] == 'report.monthly' and o['period'] == '2026-11'][0])")"
is "… with its working days left (11-23 … 12-07)" 11 "$(json "$T/occ.json" "[o['workdays_left'] for o in d if o['obligation'] == 'report.monthly' and o['period'] == '2026-11'][0]")"

overdue() { # overdue DATE: whether the 2026-10 monthly report is overdue as of DATE, and since when
	z check --org demo --as-of "$1" --format json > "$T/c.json"
	[ $? -le 1 ] || return 1 # 1: there are error findings
	json "$T/c.json" "' '.join(f['period'] + '@' + f['since'] for f in d['findings'] if f.get('obligation') == 'report.monthly' and f['period'] == '2026-10')"
}
is "the 2026-10 report is not overdue on its due day 11-05" "" "$(overdue 2026-11-05)"
is "… overdue from 11-06" "2026-10@2026-11-06" "$(overdue 2026-11-06)"
printf '2026年10月网络运行情况月报\n' > "$T/report.txt"
ok "record the report done with evidence" expect_exit 0 z obligation done report.monthly 2026-10 --org demo \
	--on 2026-11-21 --by p-zhenghao --notes 补交 --evidence "$T/report.txt"
sha=$(sha256sum "$T/report.txt" | cut -d' ' -f1)
ok "… the file is kept by its SHA-256" cmp -s "$T/report.txt" "$T/data/evidence/${sha:0:2}/$sha"
is "… the occurrence is done" done "$(status report.monthly 2026-10)"
z check --org demo --as-of 2026-11-21 --format json > "$T/check.json"
is "… and no longer a finding" 0 "$(json "$T/check.json" "len([f for f in d['findings'] if f.get('obligation') == 'report.monthly' and f.get('period') == '2026-10'])")"
z export > "$T/export.json"
is "the export carries the evidence" "report.txt $sha" "$(json "$T/export.json" "' '.join([[r['evidence'][0]['name'], r['evidence'][0]['sha256']] for r in d['obligation_records'] if r['obligation'] == 'report.monthly' and r['period'] == '2026-10'][0])")"
printf 'addendum\n' > "$T/more.txt"
ok "recording again adds evidence" expect_exit 0 z obligation done report.monthly 2026-10 --org demo --on 2026-11-21 --evidence "$T/more.txt"
is "… now two files" 2 "$(z export | python3 -c "import json,sys; print([len(r['evidence']) for r in json.load(sys.stdin)['obligation_records'] if r['obligation'] == 'report.monthly' and r['period'] == '2026-10'][0])")"

ok "a period label of the wrong kind is refused" expect_exit 2 z obligation done report.monthly 2026-H1 --org demo --on 2026-11-21
ok "… naming the period" expect_grep 'period: .2026-H1. is not a month period' "$ERR"
ok "an obligation the policy does not have is refused" expect_exit 2 z obligation done nosuch 2026 --org demo --on 2026-11-21
ok "a department's duty without the department is refused" expect_exit 2 z obligation done selfcheck.semiannual 2026-H1 --org demo --on 2026-11-21
ok "a missing evidence file is refused" expect_exit 2 z obligation done meeting.annual 2026 --org demo --on 2026-11-21 --evidence "$T/nope"
is "… and nothing was recorded" open "$(status meeting.annual 2026)"

# The demo store has four units (the demo unit, its supervisor and two units below it): --org is
# needed there; a store of the demo unit alone needs none.
ok "a store of several units needs --org" expect_exit 2 z obligation done drill.annual 2026 --on 2026-11-20
z export --org demo --output "$T/one.json" || die "export --org demo"
python3 - "$T/one.json" <<'EOF2' || die "cannot cut the unit loose"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["organizations"][0]["parent"] = None
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
EOF2
"$ZEREN" --data "$T/one" import "$T/one.json" >/dev/null || die "import one.json"
"$ZEREN" --data "$T/one" obligation done drill.annual 2026 --on 2026-11-20 >/dev/null 2>&1
is "a store of one unit needs no --org" done "$("$ZEREN" --data "$T/one" obligations --org demo --as-of 2026-11-21 --format json |
	python3 -c 'import json,sys; print([o["status"] for o in json.load(sys.stdin) if o["obligation"] == "drill.annual" and o["period"] == "2026"][0])')"

# the calendar
export SOURCE_DATE_EPOCH=1795000000
ok "calendar ics writes a file" expect_exit 0 z calendar ics --org demo --as-of 2026-11-21 --output "$T/a.ics"
z calendar ics --org demo --as-of 2026-11-21 > "$T/b.ics" || die "ics"
ok "… the same twice (stable UIDs, fixed DTSTAMP)" cmp -s "$T/a.ics" "$T/b.ics"
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import icalendar' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || die "no python3 with the icalendar module (Debian: python3-icalendar)"
ok "python3-icalendar parses it" expect_exit 0 "$py" "$SRCDIR/tests/ics_parse.py" "$T/a.ics"
cp "$OUT" "$T/events"
ok "… the open notice's deadline (3 working days after 2026-11-16)" expect_grep '^notice-tb-2026-17@zeren\|2026-11-19\|通报整改截止' "$T/events"
ok "… an agreement's last day in force" expect_grep '^agreement-kp-zhenghao-2023@zeren\|2026-12-09\|协议到期：郑浩' "$T/events"
ok "… the next meeting" expect_grep '^obligation-demo-meeting.annual-2026@zeren\|2026-12-31\|' "$T/events"
z calendar ics --person p-zhenghao --as-of 2026-11-21 --output "$T/p.ics" 2>/dev/null || die "person ics"
"$py" "$SRCDIR/tests/ics_parse.py" "$T/p.ics" > "$T/pevents" || die "parse person ics"
is "a person's calendar: only what they answer for (no notice on a system they do not run)" 0 "$(grep -c '^notice-' "$T/pevents")"
finish
