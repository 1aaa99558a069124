#!/bin/bash
# zeren workday: the official calendar, 民法典 第201条 counting, unknown years flagged, imports.
ZEREN=${ZEREN:-$ZEREN_SRCDIR/build/zeren}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
z() { "$ZEREN" --data "$dir/data" "$@"; }
n=0
fails=0
check() { # check DESCRIPTION EXPECTED ACTUAL
	n=$((n + 1))
	if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1 (expected '$2', got '$3')"; fails=$((fails + 1)); fi
}
echo "1..16"
check "2026-02-13 + 1 is the 调休 Saturday 02-14" 2026-02-14 "$(z workday add 2026-02-13 1)"
check "2026-02-13 + 2 skips the Spring Festival" 2026-02-24 "$(z workday add 2026-02-13 2)"
check "start day not counted: a Friday + 3" 2025-11-26 "$(z workday add 2025-11-21 3)"
check "National Day 2025: 09-30 + 1" 2025-10-09 "$(z workday add 2025-09-30 1)"
check "the 调休 Saturday 2025-09-28 is a working day" "work 国庆节" "$(z workday is 2025-09-28)"
check "2025-10-01 is off with its name" "off 国庆节" "$(z workday is 2025-10-01)"
check "an ordinary Saturday is off" off "$(z workday is 2025-11-22)"
check "working days in (2025-09-30, 2025-10-10]" 2 "$(z workday between 2025-09-30 2025-10-10)"
out=$(z workday add 2026-12-30 3 2>"$dir/err")
check "into an unknown year: Monday-Friday" 2027-01-04 "$out"
check "… with a warning on stderr" 1 "$(grep -c 'no official arrangement' "$dir/err")"
check "… and calendar_complete false in JSON" False "$(z workday add 2026-12-30 3 --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["calendar_complete"])')"
check "inside known years: complete" True "$(z workday add 2026-02-13 2 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["calendar_complete"])')"
printf 'date,kind,holiday,holiday_zh\n2027-01-01,off,New Year'"'"'s Day,元旦\n2027-02-30,off,x,x\n' > "$dir/bad.csv"
z workday import "$dir/bad.csv" 2>"$dir/err"
check "a bad calendar file is refused with its line" "2 1" "$? $(grep -c 'bad.csv:3' "$dir/err")"
check "… and changes nothing" "2004–2026" "$(z workday years | grep -o '[0-9]*–[0-9]*')"
printf 'date,kind,holiday,holiday_zh\n2027-01-01,off,New Year'"'"'s Day,元旦\n2027-01-02,off,New Year'"'"'s Day,元旦\n' > "$dir/2027.csv"
z workday import "$dir/2027.csv" >/dev/null
check "next year's arrangement imported" "off 元旦" "$(z workday is 2027-01-01)"
z workday add 2026-12-30 1 >/dev/null 2>"$dir/err"
check "a year with rows is known afterwards (no warning)" 0 "$(grep -c 'no official arrangement' "$dir/err")"
exit $((fails > 0))
