#!/bin/bash
# The evaluation's outputs: the whole round as an Excel workbook that a reader other than zeren
# opens (Python's zipfile and XML parser), and the printable report in Chinese (A4 HTML) with
# the cover, ranking and each lost point's clause, and as PDF (read back with pdftotext); bad
# requests refused and nothing written.
. "$(dirname "$0")/lib.sh"
plan 18
z demo --as-of $DEMO_ON >/dev/null || die "demo"
z evaluation open --org demo --year 2025 >/dev/null || die "open"
ok "export as Excel" expect_exit 0 z evaluation export --org demo --year 2025 --output "$T/r.xlsx"
is "… a workbook of one sheet, a header and a row per item (11 departments × 9, the unit 3)" "2025年度考核 103" "$(python3 - "$T/r.xlsx" <<'PY'
import re, sys, zipfile, xml.dom.minidom as m
z = zipfile.ZipFile(sys.argv[1])
wb = m.parseString(z.read("xl/workbook.xml")).getElementsByTagName("sheet")[0].getAttribute("name")
rows = m.parseString(z.read("xl/worksheets/sheet1.xml")).getElementsByTagName("row")
print(wb, len(rows))
PY
)"
is "… the 教务处's self-check row carries its deduction and clause" "1" "$(python3 - "$T/r.xlsx" <<'PY'
import sys, zipfile
s = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
print(int("-5.00 网络安全工作责任制落实情况自查报告（2025-H1）未按期完成（《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号） 第十三条(三)）" in s))
PY
)"
ok "export the report" expect_exit 0 z evaluation export --org demo --year 2025 --output "$T/r.html"
ok "… laid out for A4" grep -q '@page { size: A4' "$T/r.html"
ok "… with its cover" grep -q '蜀南学院<br>2025 年度网络安全工作责任制<br>考核报告' "$T/r.html"
ok "… the ranking" grep -q '二、排名' "$T/r.html"
ok "… and a lost point's clause" grep -q "第十三条(三)" "$T/r.html"
ok "export the report as PDF" expect_exit 0 z evaluation export --org demo --year 2025 --output "$T/r.pdf"
pdftotext "$T/r.pdf" - | tr -d ' \n' > "$T/r.txt"
ok "… its cover names the unit and the year" grep -q '蜀南学院2025年度网络安全工作责任制考核报告' "$T/r.txt"
ok "… the summary" grep -q '参加考核部门11个' "$T/r.txt"
is "… the ranking chart has a bar per department" 11 "$(pdftotext -layout "$T/r.pdf" - | sed -n '/二、排名/,/名次/p' | grep -cE '[0-9]+\.[0-9]{2}$')"
# 66 before the manual item (org.meeting) is scored, with training.department's 10 from its 2025 departmental training
ok "… the 教务处's sheet with its score" grep -q '教务处（部门）：76.00/100.00分，合格，第11名' "$T/r.txt"
ok "… and its lost point with the clause" grep -q '网络安全工作责任制落实情况自查报告（2025-H1）未按期完成（《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号）第十三条(三)）' "$T/r.txt"
ok "--pdf writes a PDF whatever the name" expect_exit 0 z evaluation export --org demo --year 2025 --pdf --output "$T/report"
ok "… the same document" cmp -s "$T/r.pdf" "$T/report"
ok "an output that is neither .xlsx, .html nor .pdf is refused" expect_exit 2 z evaluation export --org demo --year 2025 --output "$T/r.doc"
ok "… and nothing is written" test ! -e "$T/r.doc"
finish
