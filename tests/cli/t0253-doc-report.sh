#!/bin/bash
# zeren doc report findings (issue 14, item 6): the findings report as of a date as PDF — the
# unit, the summary, each rule's findings with subjects, since-dates and the clauses cited,
# then the bodies and posts — read back with pdftotext.
. "$(dirname "$0")/lib.sh"
plan 9

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"
z check --org demo --as-of 2027-01-15 --format json > c.json
ok "the findings report as of 2027-01-15" expect_exit 0 z doc report findings --org demo --as-of 2027-01-15 --out r.pdf
ok "… says where and how long" expect_grep '^r\.pdf	[0-9]+ 页' "$OUT"
pdftotext r.pdf - | tr -d ' \n' > r.flat
ok "… the unit and the date" expect_grep '蜀南学院网络安全工作责任制检查问题报告.*检查日期：2027年1月15日' r.flat
ok "… the summary counts the check's findings" expect_grep \
	"共发现问题$(json c.json 'str(len(d["findings"]))')项，其中错误$(json c.json 'str(d["summary"]["error"])')项" r.flat
ok "… a rule with its id, a subject, its message and since" expect_grep \
	'sod.security_admin，错误，1项.*赵磊.*赵磊担任安全管理员，同时兼任网络管理员.*2025-09-01' r.flat
ok "… the clause it cites, quoted" expect_grep '依据：《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号）第十条\(二\)：“安全管理员不得兼任网络管理员、系统管理员或者安全审计员”' r.flat
ok "… the yearly letters, each unsigned head" expect_grep 'agreement.year_letter，错误，11项' r.flat
ok "… the bodies and the posts with their holders" expect_grep '三、本单位机构与岗位（截至检查日期）.*安全管理员：' r.flat
ok "an unknown unit is refused" expect_exit 2 z doc report findings --org nosuch
finish
