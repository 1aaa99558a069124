/* A minimal Office Open XML workbook (.xlsx): one worksheet of text and number cells, with a
 * bold header row and column widths, written with libzip. Enough for exports that Excel and
 * WPS open as they are; no formulas, no shared strings (cells carry inline strings). */
#ifndef ZEREN_DOC_XLSX_H
#define ZEREN_DOC_XLSX_H

#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

#define XLSX_MAX ((size_t)256 << 20) /* bytes of one sheet's XML */
#define XLSX_COLS_MAX 64

struct xlsx {
	struct strbuf sheet; /* the <sheetData> rows so far */
	char name[64];       /* the sheet's name (at most 31 characters in Excel) */
	double widths[XLSX_COLS_MAX];
	int ncols, row, col;
	int header; /* the current row is the header */
};

/* sheet_name: up to 31 characters; characters Excel forbids ([]:*?/\) are replaced. */
void xlsx_init(struct xlsx *x, const char *sheet_name);
void xlsx_release(struct xlsx *x);
void xlsx_width(struct xlsx *x, int col, double width); /* in characters */
/* Starts a row (header: bold). */
void xlsx_row(struct xlsx *x, int header);
void xlsx_str(struct xlsx *x, const char *s); /* NULL: an empty cell */
void xlsx_num(struct xlsx *x, double v);
/* Writes the workbook to path (replaced when it exists). ZE_LIMIT when a cap was hit, ZE_IO. */
int xlsx_save(struct xlsx *x, const char *path, struct zerr *e);

#endif
