/* Documents to print and sign, rendered to PDF with cairo and pango (DESIGN.md §6).
 *
 * The page follows GB/T 9704-2012 (党政机关公文格式) where it fits a letter: A4, text area
 * 156 mm × 225 mm with the top margin 37 mm and the left 28 mm, body in 3号 (16 pt) on a grid
 * of 22 lines a page, the title in 2号 (22 pt) centred, headings of the first level in a sans
 * (黑体) face, page numbers "— n —" in 4号 below the text area (odd pages right, even left).
 * Chinese text is broken by pango (UAX #14): no 。，、 or closing bracket starts a line.
 *
 * Output is deterministic: the same document gives the same bytes (CreationDate is the
 * document's own date, no random ids), so a hash names a document and tests can compare. */
#ifndef ZEREN_DOC_PDF_H
#define ZEREN_DOC_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/date.h"
#include "util/err.h"
#include "util/strbuf.h"

#define DOC_PDF_MAX ((size_t)32 << 20) /* bytes of one rendered document */
#define DOC_BLOCKS_MAX 2000            /* blocks of one document */
#define DOC_BARS_MAX 200               /* bars of one chart */

enum doc_block_kind {
	DOC_PARA,    /* a paragraph, first line indented two characters */
	DOC_HEADING, /* a heading of the first level (一、…), in the sans face */
	DOC_PLAIN,   /* a line without indent (编号、甲方、乙方 lines before the body) */
	DOC_TABLE_ROW, /* cells separated by '\t', in columns of equal width, smaller type */
	DOC_PAGE_BREAK, /* the next block starts a new page (text unused) */
	DOC_BAR_CHART,  /* a horizontal bar chart: lines "label\tvalue" (0..100), a bar each, drawn with cairo */
};

struct doc_block {
	enum doc_block_kind kind;
	const char *text; /* UTF-8 */
};

struct doc_party {
	const char *label; /* "甲方（盖章）" */
	const char *name;  /* "蜀南学院", may be NULL */
};

struct doc {
	const char *title;    /* may hold '\n' for a second title line */
	const char *number;   /* 文档编号, printed at the top of page 1 and beside the QR code */
	const struct doc_block *blocks;
	size_t nblocks;
	struct doc_party party_a, party_b; /* the signature block; label NULL: none */
	const char *date_text;  /* under each signature ("2027年1月1日"), or NULL for blanks */
	const char *qr_text;    /* the QR code's content (the verification address), or NULL */
	const char *font_body;  /* fontconfig family of the body (NULL: "Noto Serif CJK SC") */
	const char *font_title; /* of the title (NULL: the body's, bold) */
	const char *font_heading; /* of headings (NULL: "Noto Sans CJK SC") */
	const char *author;     /* the unit, in the PDF's metadata */
	zdate date;             /* the PDF's CreationDate (midnight, +08:00) */
};

/* A document's blocks as they are built, each text owned here: add them in order (a text is
 * cut at DOC_LINE_MAX bytes; past DOC_BLOCKS_MAX, or out of memory, `full` is set and nothing
 * more is added), render them as a struct doc's blocks, release once. */
#define DOC_LINE_MAX 4096
struct doc_lines {
	struct doc_block *v;
	size_t n, cap;
	bool full;
};
void doc_lines_add(struct doc_lines *l, enum doc_block_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_lines_release(struct doc_lines *l);

/* Renders d to PDF into out (capped at DOC_PDF_MAX). *pages (nullable) gets the page count. */
int doc_pdf_render(const struct doc *d, struct strbuf *out, int *pages, struct zerr *e);

/* Page `page` (1-based) of a PDF as a PNG image `width` pixels wide (poppler renders it): the
 * browser's preview, which may not frame a PDF (the server's CSP forbids frames). ZE_NOTFOUND
 * for a page past the end, ZE_INVALID when pdf is not a PDF. */
#define DOC_PREVIEW_WIDTH_MAX 2000
int doc_pdf_page_png(const void *pdf, size_t len, int page, int width, struct strbuf *out, int *pages,
		     struct zerr *e);

#endif
