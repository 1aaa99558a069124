#include "doc/xlsx.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

void xlsx_init(struct xlsx *x, const char *sheet_name)
{
	memset(x, 0, sizeof *x);
	sb_init(&x->sheet, XLSX_MAX);
	snprintf(x->name, sizeof x->name, "%s", sheet_name && *sheet_name ? sheet_name : "Sheet1");
	for (char *p = x->name; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '_';
}

void xlsx_release(struct xlsx *x)
{
	sb_release(&x->sheet);
}

void xlsx_width(struct xlsx *x, int col, double width)
{
	if (col >= 0 && col < XLSX_COLS_MAX) {
		x->widths[col] = width;
		if (col >= x->ncols)
			x->ncols = col + 1;
	}
}

/* Text as XML character data: the five escapes, and control characters XML 1.0 forbids dropped. */
static void add_xml(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			sb_adds(sb, "&amp;");
		else if (c == '<')
			sb_adds(sb, "&lt;");
		else if (c == '>')
			sb_adds(sb, "&gt;");
		else if (c == '"')
			sb_adds(sb, "&quot;");
		else if (c >= 0x20 || c == '\n' || c == '\t')
			sb_addc(sb, (char)c);
	}
}

/* Column letters of a 0-based index: 0 → A, 26 → AA. */
static void cell_ref(char out[16], int col, int row)
{
	char letters[8];
	int n = 0;
	for (col++; col > 0 && n < 7; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	int k = 0;
	while (n > 0)
		out[k++] = letters[--n];
	snprintf(out + k, 16 - (size_t)k, "%d", row);
}

void xlsx_row(struct xlsx *x, int header)
{
	if (x->row)
		sb_adds(&x->sheet, "</row>");
	x->row++;
	x->col = 0;
	x->header = header;
	sb_addf(&x->sheet, "<row r=\"%d\">", x->row);
}

void xlsx_str(struct xlsx *x, const char *s)
{
	char ref[16];
	cell_ref(ref, x->col++, x->row);
	if (!s || !*s)
		return;
	sb_addf(&x->sheet, "<c r=\"%s\" t=\"inlineStr\"%s><is><t xml:space=\"preserve\">", ref,
		x->header ? " s=\"1\"" : strchr(s, '\n') ? " s=\"2\"" : "");
	add_xml(&x->sheet, s);
	sb_adds(&x->sheet, "</t></is></c>");
}

void xlsx_num(struct xlsx *x, double v)
{
	char ref[16];
	cell_ref(ref, x->col++, x->row);
	sb_addf(&x->sheet, "<c r=\"%s\"><v>%.15g</v></c>", ref, v);
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
	"</Types>";
static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";
/* Style 0: plain; 1: the header (bold, shaded); 2: wrapped text (multi-line cells). */
static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Microsoft YaHei\"/></font>"
	"<font><b/><sz val=\"11\"/><name val=\"Microsoft YaHei\"/></font></fonts>"
	"<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
	"<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE8EEF7\"/></patternFill></fill></fills>"
	"<borders count=\"1\"><border/></borders>"
	"<cellStyleXfs count=\"1\"><xf/></cellStyleXfs>"
	"<cellXfs count=\"3\"><xf/><xf fontId=\"1\" fillId=\"2\" applyFont=\"1\" applyFill=\"1\"/>"
	"<xf applyAlignment=\"1\"><alignment wrapText=\"1\" vertical=\"top\"/></xf></cellXfs>"
	"</styleSheet>";

static int add(zip_t *z, const char *name, const char *data, size_t len, struct zerr *e)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
		if (src)
			zip_source_free(src);
		return zerr_set(e, ZE_IO, "xlsx: cannot add %s: %s", name, zip_strerror(z));
	}
	return 0;
}

int xlsx_save(struct xlsx *x, const char *path, struct zerr *e)
{
	struct strbuf wb = STRBUF_INIT, ws = STRBUF_INIT;
	int err = 0, rc = 0;
	sb_adds(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		     "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"");
	add_xml(&wb, x->name);
	sb_adds(&wb, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
	sb_adds(&ws, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		     "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		     "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
		     "state=\"frozen\"/></sheetView></sheetViews>");
	if (x->ncols) {
		sb_adds(&ws, "<cols>");
		for (int i = 0; i < x->ncols; i++)
			sb_addf(&ws, "<col min=\"%d\" max=\"%d\" width=\"%g\" customWidth=\"1\"/>", i + 1, i + 1,
				x->widths[i] > 0 ? x->widths[i] : 12);
		sb_adds(&ws, "</cols>");
	}
	sb_adds(&ws, "<sheetData>");
	sb_add(&ws, x->sheet.buf, x->sheet.len);
	sb_adds(&ws, x->row ? "</row></sheetData></worksheet>" : "</sheetData></worksheet>");
	if (x->sheet.overflow || ws.overflow || wb.overflow) {
		rc = zerr_set(e, ZE_LIMIT, "xlsx: the sheet is larger than %zu bytes", XLSX_MAX);
		goto out;
	}
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		rc = zerr_set(e, ZE_IO, "%s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if ((rc = add(z, "[Content_Types].xml", content_types, sizeof content_types - 1, e)) ||
	    (rc = add(z, "_rels/.rels", root_rels, sizeof root_rels - 1, e)) ||
	    (rc = add(z, "xl/workbook.xml", wb.buf, wb.len, e)) ||
	    (rc = add(z, "xl/_rels/workbook.xml.rels", workbook_rels, sizeof workbook_rels - 1, e)) ||
	    (rc = add(z, "xl/styles.xml", styles, sizeof styles - 1, e)) ||
	    (rc = add(z, "xl/worksheets/sheet1.xml", ws.buf, ws.len, e))) {
		zip_discard(z);
		goto out;
	}
	/* the buffers are read when the archive is closed */
	if (zip_close(z) < 0) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path, zip_strerror(z));
		zip_discard(z);
	}
out:
	sb_release(&wb);
	sb_release(&ws);
	return rc;
}
