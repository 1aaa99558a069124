#!/bin/bash
# ics_write read back by a parser independent of libical: the unit test binary writes its
# three-event calendar to $ZEREN_ICS_OUT, tests/ics_parse.py reads it with python3-icalendar and
# checks the RFC 5545 line form (CRLF, at most 75 octets, folds between whole UTF-8 characters).
. "$(dirname "$0")/lib.sh"
plan 10

# test_ics of the same build as $ZEREN (build-san under check-sanitize), else of build/;
# `make check` runs check-unit first, so it normally exists.
bin=${ZEREN%/*}/tests/test_ics
if [ ! -x "$bin" ]; then
	bin=$SRCDIR/build/tests/test_ics
	[ -x "$bin" ] || make -s -C "$SRCDIR" build/tests/test_ics >&2 || die "cannot build $bin"
fi

# A python3 with python3-icalendar: a pyenv or venv python3 first on PATH may lack it.
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import icalendar' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || die "no python3 with the icalendar module (Debian: python3-icalendar)"
parse() { "$py" "$SRCDIR/tests/ics_parse.py" "$@"; }

ok "test_ics passes with ZEREN_ICS_OUT set" expect_exit 0 env ZEREN_ICS_OUT="$T/cal.ics" "$bin"
ok "… and writes the calendar there" test -s "$T/cal.ics"
ok "python3-icalendar parses it without errors" expect_exit 0 parse "$T/cal.ics"
cp "$OUT" "$T/events"
is "three VEVENTs" 3 "$(wc -l < "$T/events")"
is "event 1: UID, date, Chinese summary" \
	"notice-tb-2026-17@zeren|2026-12-15|通报整改截止：门户网站（烟网信通〔2026〕17号）" \
	"$(sed -n 1p "$T/events")"
is "event 2" "obligation-zhangsan-2027-01@zeren|2027-01-08|年度保密承诺书续签：张三" \
	"$(sed -n 2p "$T/events")"
is "event 3: , ; and \\ come back unescaped" \
	'agreement-it-2026-3@zeren|2026-12-31|运维服务协议到期：信息中心, 含逗号; 分号 \ 反斜杠' \
	"$(sed -n 3p "$T/events")"

# The checker is not vacuous: broken copies of the same calendar are refused.
sed 's/\r$//' "$T/cal.ics" > "$T/lf.ics"
ok "ics_parse.py refuses LF line ends" expect_exit 1 parse "$T/lf.ics"
LC_ALL=C perl -pe 's/^(SUMMARY:[\x00-\x7f]*?[\xe0-\xef])/$1\r\n /' "$T/cal.ics" > "$T/split.ics"
ok "… a fold inside a UTF-8 character" expect_exit 1 parse "$T/split.ics"
LC_ALL=C perl -0pe 's/\r\n //' "$T/cal.ics" > "$T/long.ics"
ok "… a line over 75 octets" expect_exit 1 parse "$T/long.ics"
finish
