#!/bin/bash
# zeren policy draft FILE: a draft policy from a regulation as .txt (UTF-8, GB18030), .docx and
# .pdf; bad inputs get a clear error or an empty draft with a reason; each seed's draft loads.
. "$(dirname "$0")/lib.sh"
plan 51

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
$PY "$SRCDIR/tests/cli/draft/mkfixtures.py" "$T/fx" || die "fixtures"

# The same regulation in every format drafts to the same proposals.
want="body_composition@第二条 exclusive_posts@第三条 full_time@第三条 incident_outage@第七条 incident_report@第五条 notice_deadline@第五条 obligation@第四条 required_post@第三条 retention@第六条"
pairs='" ".join(sorted(set([r["kind"] + "@" + r["source"]["clause"] for r in d["rules"]] + ["obligation@" + o["source"]["clause"] for o in d["obligations"]] + [v["proposed_kind"] + "@" + v["clause"] for v in d["review"] if v["reason"] == "no_engine_kind"])))'
for f in reg.txt reg-gbk.txt reg-utf16.txt reg.docx reg.pdf; do
	if [ "$f" = reg.pdf ] && [ ! -e "$T/fx/reg.pdf" ]; then
		for _ in 1 2 3 4 5; do ok "# skip no python3-cairo" true; done
		continue
	fi
	ok "draft $f exits 0" expect_exit 0 "$ZEREN" policy draft "$T/fx/$f" --title 某单位网络安全管理办法
	cp "$OUT" "$T/$f.json"
	is "… proposes the rules of each clause" "$want" "$(json "$T/$f.json" "$pairs")"
	is "… cites the document and the exact sentence" "《某单位网络安全管理办法》|收到通报后须在5个工作日内完成整改。" \
		"$(json "$T/$f.json" '"|".join([[r["source"]["document"], r["source"]["text"]] for r in d["rules"] if r["kind"] == "notice_deadline"][0])')"
	is "… lists the vague period for review, not as a rule" "第八条 vague_period" \
		"$(json "$T/$f.json" '" ".join(v["clause"] + " " + v["reason"] for v in d["review"] if v["reason"] != "no_engine_kind")')"
	ok "… and loads as a policy over default" expect_exit 0 "$ZEREN" policy load "$T/$f.json"
done
# Word's automatic numbering (numbering.xml) is rendered as Word shows it: 第一条…, （一）
ok "draft of a .docx numbered by Word exits 0" expect_exit 0 "$ZEREN" policy draft "$T/fx/reg-numbered.docx"
cp "$OUT" "$T/numbered.json"
is "… finds the articles and the item by their automatic numbers" "$(echo "$want obligation@第八条(一)" | tr ' ' '\n' | sort | xargs)" \
	"$(json "$T/numbered.json" "$pairs" | tr ' ' '\n' | sort | xargs)"
ok "the PDF's running header and page numbers are not text" \
	test "$(json "$T/reg.txt.json" 'd["draft"]["clauses"]')" = "$(json "$T/reg.pdf.json" 'd["draft"]["clauses"]')"
is "the draft extends default" "default" "$(json "$T/reg.txt.json" 'd["extends"]')"
ok "policy load --format json shows the merged rules" expect_exit 0 "$ZEREN" policy load "$T/reg.txt.json" --format json
cp "$OUT" "$T/merged.json"
"$ZEREN" policy default --format json >"$T/default.json" || die "policy default"
is "… the default's rules and the draft's" \
	"$(( $(json "$T/default.json" 'len(d[0]["rules"])') + $(json "$T/reg.txt.json" 'len(d["rules"])') ))" \
	"$(json "$T/merged.json" 'len(d["rules"])')"

# Bad inputs: a clear error naming the file, exit 2, nothing on standard output.
head -c 4096 /dev/urandom > "$T/fx/random.bin"
printf '\x7fELF\x02\x01\x01\x00\x00\x00binary' > "$T/fx/prog.txt"
ok "a binary file is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/prog.txt"
ok "… saying it is binary" expect_grep "prog.txt: a binary file" "$ERR"
ok "random bytes are refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/random.bin"
echo "第一条 这不是 zip。" > "$T/fx/fake.docx"
ok "a .docx that is not a zip is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/fake.docx"
ok "… saying so" expect_grep "fake.docx: not a .docx" "$ERR"
ok "a zip without word/document.xml is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/notword.docx"
ok "… saying so" expect_grep "without word/document.xml" "$ERR"
if [ -e "$T/fx/reg.pdf" ] && command -v qpdf >/dev/null; then
	qpdf --encrypt user owner 256 -- "$T/fx/reg.pdf" "$T/fx/locked.pdf" || die "qpdf"
	ok "an encrypted PDF is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/locked.pdf"
	ok "… saying it is encrypted" expect_grep "locked.pdf: the PDF is encrypted" "$ERR"
else
	ok "# skip no qpdf" true
	ok "# skip no qpdf" true
fi
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00' > "$T/fx/old.doc"
ok "an old Word .doc is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/old.doc"
ok "… asking for .docx" expect_grep "old.doc: an old Word .doc" "$ERR"
printf '%%PDF-1.4\nnot really\n' > "$T/fx/broken.pdf"
ok "a damaged PDF is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/broken.pdf"
truncate -s 50M "$T/fx/big.txt"
ok "a 50 MB file is refused" expect_exit 2 "$ZEREN" policy draft "$T/fx/big.txt"
ok "… naming the limit" expect_grep "big.txt: .*larger than the 20 MB" "$ERR"
rm -f "$T/fx/big.txt"
ok "a missing file is an error" expect_exit 2 "$ZEREN" policy draft "$T/fx/nosuch.txt"
printf '这段文字没有任何条款编号。\n应当遵守有关规定。\n' > "$T/fx/plain.txt"
ok "a text without numbering drafts" expect_exit 0 "$ZEREN" policy draft "$T/fx/plain.txt"
cp "$OUT" "$T/plain.json"
is "… an empty draft" "0 0 0" "$(json "$T/plain.json" '"%d %d %d" % (len(d["rules"]), len(d["obligations"]), len(d["review"]))')"
ok "… with the reason" expect_grep '"reason": "文本中没有条款编号' "$T/plain.json"
ok "policy draft without a file is a usage error" expect_exit 2 "$ZEREN" policy draft

# Each seed's draft loads as a policy.
seeds=$SRCDIR/../shared/seeds
[ -d "$seeds" ] || seeds=/work/shared/seeds
n=0
for s in "$seeds"/*.txt; do
	[ -e "$s" ] || continue
	"$ZEREN" policy draft "$s" > "$T/seed.json" 2>"$ERR" && "$ZEREN" policy load "$T/seed.json" >/dev/null 2>>"$ERR" &&
		n=$((n + 1))
done
is "the five seeds draft into policies that load" 5 "$n"

finish
