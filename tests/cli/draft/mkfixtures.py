#!/usr/bin/env python3
"""Writes the regulation fixtures of t0120-policy-draft.sh into DIR: the same short regulation as
.txt (UTF-8 and GB18030), .docx (a minimal WordprocessingML zip) and .pdf (two pages drawn with
cairo in a CJK font, a running header and page numbers), plus bad inputs. Generated at test time
so no binary is committed.

usage: mkfixtures.py DIR
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

REG = """某单位网络安全管理办法
第一章 总则
第一条 为加强本单位网络安全管理，制定本办法。
第二章 组织机构
第二条 本单位成立网络安全工作领导小组，组长由单位主要负责人担任，副组长由分管领导担任。
第三条 各部门应指定专人担任本部门网络安全员。安全管理员应专职，不得兼任系统管理员、网络管理员。
第四条 网络安全工作领导小组每年至少召开一次专题会议。
第五条 发生网络安全事件后，应在二十四小时内向上级报告；收到通报后须在5个工作日内完成整改。
第六条 系统日志保存不少于六个月。
"""
PAGE2 = """第七条 信息系统瘫痪4小时以上的，追究相关人员责任。
第八条 各部门定期开展自查。
"""

with open(os.path.join(out, "reg.txt"), "w", encoding="utf-8") as f:
    f.write(REG + PAGE2)
with open(os.path.join(out, "reg-gbk.txt"), "wb") as f:
    f.write((REG + PAGE2).encode("gb18030"))
with open(os.path.join(out, "reg-utf16.txt"), "wb") as f:
    f.write((REG + PAGE2).encode("utf-16"))  # with its byte-order mark, as Windows Notepad saves "Unicode"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
paras = []
for line in (REG + PAGE2).splitlines():
    # split a paragraph over two runs and a tab, as Word does, to test that runs are joined
    half = len(line) // 2
    paras.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(line[:half])}</w:t></w:r>'
                 f'<w:r><w:t>{escape(line[half:])}</w:t></w:r></w:p>')
doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
       + "".join(paras) + "</w:body></w:document>")
with zipfile.ZipFile(os.path.join(out, "reg.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels",
               '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml", doc)
# the same regulation with Word's automatic numbering: the articles' "第N条" and an item's "（一）"
# are in word/numbering.xml, not in the text
import re
NUMBERING = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W}">'
             '<w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
paras = []
for line in (REG + PAGE2 + "（一）每季度开展一次漏洞扫描。\n").splitlines():
    m = re.match(r"第[一二三四五六七八九十]+条 (.*)", line)
    item = re.match(r"（一）(.*)", line)
    if m or item:
        lvl = 0 if m else 1
        paras.append(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                     f'<w:r><w:t>{escape((m or item).group(1))}</w:t></w:r></w:p>')
    else:
        paras.append(f'<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>')
doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
       + "".join(paras) + "</w:body></w:document>")
with zipfile.ZipFile(os.path.join(out, "reg-numbered.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", doc)
    z.writestr("word/numbering.xml", NUMBERING)

# a zip that is not a Word document
with zipfile.ZipFile(os.path.join(out, "notword.docx"), "w") as z:
    z.writestr("hello.txt", "hello")

try:
    import cairo
except ImportError:  # python3-cairo missing: the test skips the PDF cases
    sys.exit(0)
path = os.path.join(out, "reg.pdf")
surf = cairo.PDFSurface(path, 595, 842)
ctx = cairo.Context(surf)
ctx.select_font_face("Noto Sans CJK SC")
for pageno, text in enumerate([REG, PAGE2], 1):
    ctx.set_font_size(9)
    ctx.move_to(50, 30)
    ctx.show_text("某单位网络安全管理办法（内部）")  # the running header
    ctx.set_font_size(11)
    y = 70
    for line in text.splitlines():
        # break long lines mid-sentence, as a PDF's text layer does
        while line:
            ctx.move_to(50, y)
            ctx.show_text(line[:30])
            line = line[30:]
            y += 18
    ctx.set_font_size(9)
    ctx.move_to(290, 810)
    ctx.show_text(f"- {pageno} -")
    ctx.show_page()
surf.finish()
