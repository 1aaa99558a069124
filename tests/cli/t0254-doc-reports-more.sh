#!/bin/bash
# zeren doc report accountability | selfcheck, and the Excel versions (issue 14, item 6): the
# accountability report of an incident (its facts, the clauses triggered, the chain of people
# in post on the day it occurred), a department's half-yearly 自查报告 pre-filled from the
# record, the findings and the self-check's lists as xlsx; read back with pdftotext, a page
# looked at with pdftoppm, the workbooks' cells read from their XML.
. "$(dirname "$0")/lib.sh"
plan 25

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"

# The rows of a workbook's sheet, one line a row, cells separated by '|'.
rows() {
	python3 - "$1" <<'PY'
import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
for row in re.findall(r"<row [^>]*>(.*?)</row>", xml):
    print("|".join(re.findall(r"<t[^>]*>(.*?)</t>", row)))
PY
}

# inc-2026-03: the OA system, attacked on 2026-09-01 and down 9 hours.
ok "the accountability report of an incident" expect_exit 0 z doc report accountability --org demo \
	--incident inc-2026-03 --as-of $DEMO_ON --out acc.pdf
ok "… says where and how long" expect_grep '^acc\.pdf	[0-9]+ 页' "$OUT"
pdftotext -layout acc.pdf - | tr -d ' \n' > acc.flat
ok "… the title, the incident and its facts" expect_grep \
	'蜀南学院网络安全事件责任追究报告.*事件：OA系统遭勒索病毒攻击（inc-2026-03）.*涉及系统协同办公系统（OA）.*发生时间2026-09-0102:00.*系统瘫痪时长9.0小时' acc.flat
ok "… the clauses triggered, quoted: always 逐级倒查, and the college's own 第二十四条(二) for the outage" expect_grep \
	'第八条（逐级倒查（每一起事件））：“逐级倒查，追究当事人、网络安全负责人直至主要负责人责任”.*蜀南院党发〔2024〕21号）第二十四条\(二\)（重要系统受到攻击后没有及时组织处置，瘫痪6小时以上）：“重要信息系统遭受攻击后未及时组织处置，导致系统瘫痪6小时以上的”' acc.flat
ok "… the chain on that day, from the system outward" expect_grep \
	'系统管理员陈晨2020-07-01起系统负责人郭静.*部门负责人杨帆（党委办公室（校长办公室））.*直接责任人王志宏2024-01-15起第一责任人' acc.flat
ok "… not the clause of a leak, which this is not" test -z "$(grep -o '泄露的；' acc.flat)"
ok "an unknown incident is refused, naming it" expect_exit 2 z doc report accountability --org demo --incident inc-none
ok "… naming it" expect_grep "incident: no incident 'inc-none' in unit demo" "$ERR"

# 网络信息中心's self-check for the second half of 2026, as of the demo's day.
ok "the self-check of 网络信息中心" expect_exit 0 z doc report selfcheck --org demo --department nic \
	--as-of $DEMO_ON --out sc.pdf
pdftotext -layout sc.pdf - | tr -d ' \n' > sc.flat
ok "… the department, the half-year and the title" expect_grep \
	'网络信息中心2026年下半年网络安全工作责任制落实情况自查报告.*部门：网络信息中心自查期间：2026年下半年（截至2026年11月21日）' sc.flat
ok "… its posts and holders (the head, and its people's key posts)" expect_grep \
	'二、岗位及人员.*部门负责人周海涛2019-12-20.*网络管理员赵磊2025-09-01.*机房管理员马超' sc.flat
ok "… the half-year's self-check duty, open, citing the college's 细则" expect_grep \
	'三、职责履行情况.*网络安全工作责.*待完成（应于2026-12-31前完成）；依据：2026-12-31.*《蜀南学院网络安全工作责任制实施细则》.*第十三条\(三\)' sc.flat
ok "… its open findings with their clauses" expect_grep \
	'四、存在的问题.*赵磊赵磊担任安全管理员，同时兼任网络管理员2025-09-01（依据：《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号）第十条\(二\)' sc.flat
ok "… not another department's (财务处's head)" test -z "$(grep -o '许红梅' sc.flat)"
ok "… room to complete it, and the signatures" expect_grep '五、整改措施及下一步工作（由部门填写。）.*部门负责人（签名）：部门（盖章）：网络信息中心' sc.flat
# page 1 at 20 dots per mm: the text area is inked, the left margin is not
pdftoppm -r 508 -gray -f 1 -l 1 sc.pdf page || die "pdftoppm"
python3 - page-1.pgm > look.txt <<'PY'
import sys
parts = open(sys.argv[1], "rb").read().split(maxsplit=4)
w, h, px = int(parts[1]), int(parts[2]), parts[4]
mm = w / 210.0
def ink(x0, y0, x1, y1):
    dark = total = 0
    for y in range(int(y0 * mm), int(y1 * mm), 4):
        for x in range(int(x0 * mm), int(x1 * mm), 4):
            total += 1
            dark += px[y * w + x] < 128
    return dark / total
print("margin=%.3f text=%.3f" % (ink(2, 40, 26, 260), ink(28, 37, 184, 262)))
PY
ok "… page 1 has an empty margin" expect_grep 'margin=0\.000' look.txt
ok "… and text in its text area" python3 -c "import re,sys; t=float(re.search(r'text=([0-9.]+)', open('look.txt').read()).group(1)); sys.exit(not 0.01 < t < 0.5)"
ok "a department of no such id is refused" expect_exit 2 z doc report selfcheck --org demo --department none

ok "the self-check's lists as a workbook" expect_exit 0 z doc report selfcheck --org demo --department nic \
	--as-of $DEMO_ON --format xlsx --out sc.xlsx
rows sc.xlsx > sc.rows
ok "… a header, then posts, duties and findings, each with its citation" expect_grep \
	'^类别\|项目\|情况\|日期\|依据$' sc.rows
ok "… the duty row" expect_grep '^职责\|网络安全工作责任制落实情况自查报告（2026-H2）\|待完成（应于2026-12-31前完成）\|2026-12-31\|《蜀南学院' sc.rows
ok "… as many finding rows as the PDF lists" test "$(grep -c '^问题|' sc.rows)" = "$(grep -o '（依据：' sc.flat | wc -l)"

z check --org demo --as-of $DEMO_ON --format json > c.json
ok "the findings as a workbook" expect_exit 0 z doc report findings --org demo --as-of $DEMO_ON --format xlsx --out f.xlsx
rows f.xlsx > f.rows
ok "… one row a finding of the check" test "$(($(wc -l < f.rows) - 1))" = "$(json c.json 'str(len(d["findings"]))')"
ok "… rule, name, severity, subject, message, since and clause" expect_grep \
	'^sod\.security_admin\|安全管理员不得兼任网络管理员、系统管理员、安全审计员\|错误\|赵磊\|赵磊担任安全管理员，同时兼任网络管理员\|2025-09-01\|《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号） 第十条\(二\)' f.rows
finish
