#!/bin/bash
# zeren doc generate (issue 14): each template rendered to PDF, its text read back with
# poppler's pdftotext (the fields filled in Chinese, no 。，at a line's start), a page rendered
# with pdftoppm and looked at (margins empty, the QR code inked); the same arguments give the
# same bytes; bad input is refused naming what.
. "$(dirname "$0")/lib.sh"
plan 31

z demo --as-of $DEMO_ON >/dev/null || die "demo"
cd "$T" || die "cd"

ok "a responsibility letter for the head of 网络信息中心" expect_exit 0 z doc generate --org demo \
	--kind responsibility_letter --person p-zhouhaitao --date 2026-12-20 --year 2027 \
	--base-url https://zeren.example.cn --out rl.pdf
number=$(head -1 "$OUT" | cut -f1)
ok "… its number names the unit, year and kind" expect_grep '^demo-2027-ZRS-[0-9a-f]{8}	' "$OUT"
pdftotext rl.pdf rl.txt || die "pdftotext"
tr -d ' \n' < rl.txt > rl.flat
ok "… the title, unit, department, head and post" expect_grep \
	'2027年度网络安全工作责任书.*甲方：蜀南学院.*乙方：网络信息中心负责人：周海涛.*乙方作为部门负责人' rl.flat
ok "… the term in Chinese dates" expect_grep '自2027年1月1日起至2027年12月31日止' rl.flat
ok "… the department head's duties from the catalogue" expect_grep '（三）应指定专人担任本部门网络安全员' rl.flat
ok "… its number" expect_grep "编号：$number" rl.flat
ok "… the signature block" expect_grep '甲方（盖章）：蜀南学院.*乙方负责人（签名）：周海涛' rl.flat
ok "no line starts with closing punctuation" test -z "$(grep -E '^[，。、；：）”！？]' rl.txt)"
ok "A4" expect_grep 'Page size: +595.276 x 841.89 pts \(A4\)' <(pdfinfo rl.pdf)
ok "the CJK faces are embedded" expect_grep 'NotoSerifCJKsc-Regular +CID Type 0C +Identity-H +yes' <(pdffonts rl.pdf)
ok "CreationDate is the document's date" expect_grep 'CreationDate: +Sat Dec 19 16:00:00 2026 UTC' <(pdfinfo rl.pdf)

# Page 1 at 20 dots per mm, as grey levels: the left margin (28 mm) and the foot below the page
# number are empty; the QR code's square (top right, 22 mm) is about half inked; the text area is not empty.
pdftoppm -r 508 -gray -f 1 -l 1 rl.pdf page || die "pdftoppm"
look() {
	python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5 w h max\n pixels
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4]
mm = w / 210.0
def ink(x0, y0, x1, y1):
    dark = total = 0
    for y in range(int(y0 * mm), int(y1 * mm), 4):
        row = px[y * w:(y + 1) * w]
        for x in range(int(x0 * mm), int(x1 * mm), 4):
            total += 1
            dark += row[x] < 128
    return dark / total
print("margin=%.3f qr=%.2f text=%.3f foot=%.3f" % (ink(2, 40, 26, 260), ink(162, 9, 182, 29), ink(28, 37, 184, 262), ink(2, 285, 208, 296)))
PY
}
look page-1.pgm > look.txt
ok "the left margin is empty" expect_grep 'margin=0\.000' look.txt
ok "the QR code is inked about half" expect_grep 'qr=0\.[3-6]' look.txt
ok "the text area carries text" python3 -c "import re,sys; t=float(re.search(r'text=([0-9.]+)', open('look.txt').read()).group(1)); sys.exit(not 0.01 < t < 0.5)"
ok "the same arguments give the same bytes" expect_exit 0 z doc generate --org demo \
	--kind responsibility_letter --person p-zhouhaitao --date 2026-12-20 --year 2027 \
	--base-url https://zeren.example.cn --out rl2.pdf
ok "… byte for byte" cmp -s rl.pdf rl2.pdf

ok "a key-post agreement for the network administrator" expect_exit 0 z doc generate --org demo \
	--kind key_post_security --person p-zhaolei --post network_admin --date 2026-12-20 --out kp.pdf
pdftotext kp.pdf - | tr -d ' \n' > kp.flat
ok "… parties, department, post, term, notice and materials returned" expect_grep \
	'甲方：蜀南学院乙方：赵磊.*甲方聘用乙方在网络信息中心（部门）从事网络管理员岗位工作.*自2026年12月20日起至2029年12月19日止.*应在期满前办理续聘手续.*应将所有涉密材料及数据交还甲方归档.*应提前三个月通知甲方' kp.flat
ok "… the network administrator's duties" expect_grep '（五）负责单位入网计算机IP地址的分配和管理工作' kp.flat

ok "a network-access letter with the unit's own clause" expect_exit 0 z doc generate --org demo \
	--kind network_access --person p-qiumin --date 2026-12-20 --out na.pdf --clause '不得私自架设无线路由器。'
pdftotext na.pdf - | tr -d ' \n' > na.flat
ok "… carries the clause and the user" expect_grep '联网安全保密责任书.*联网用户：邱敏.*不得私自架设无线路由器。' na.flat

# The faces cut down to ASCII and GB 2312 (pdf.c, "Faces"): made once in $TMPDIR, then reused;
# a character outside them (堃 is not in GB 2312) is set in the system's whole faces.
export TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"
ok "the cut faces are made on first use" expect_exit 0 z doc generate --org demo \
	--kind responsibility_letter --person p-zhouhaitao --date 2026-12-20 --year 2027 \
	--base-url https://zeren.example.cn --out rl3.pdf
ok "… three of them (body, title, headings)" test "$(ls "$TMPDIR"/zeren-fonts-*/*.otf | wc -l)" = 3
ok "… and the letter is the same bytes as with them kept" cmp -s rl.pdf rl3.pdf
ok "a character outside GB 2312 is set in the whole faces" expect_exit 0 z doc generate --org demo \
	--kind network_access --person p-qiumin --date 2026-12-20 --out kun.pdf --clause '由王堃负责。'
ok "… and read back" expect_grep '由王堃负责。' <(pdftotext kun.pdf - | tr -d ' \n')
unset TMPDIR

ok "an unknown person is refused" expect_exit 2 z doc generate --org demo --kind responsibility_letter --person p-nobody
ok "… naming the field" expect_grep "person: no person 'p-nobody'" "$ERR"
ok "a key-post agreement for someone holding no key post is refused" expect_exit 2 z doc generate --org demo \
	--kind key_post_security --person p-zhouhaitao --date 2026-12-20
ok "an unknown kind is refused" expect_exit 2 z doc generate --org demo --kind love_letter --person p-zhouhaitao
ok "the six generated are in the audit log, nothing of the refused" \
	test "$(z audit list | awk -F'\t' '$5 == "doc.generate" && $7 == "ok"' | wc -l)" = 6
finish
