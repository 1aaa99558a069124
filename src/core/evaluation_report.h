/* A round's documents: the whole sheet as an Excel workbook, and a report in Chinese (cover,
 * summary, ranking chart, each sheet with its lost points and their clauses) as a PDF to print
 * and file, rendered by the documents module (doc/pdf.h, cairo + pango), or as one
 * self-contained HTML page laid out for A4 paper. */
#ifndef ZEREN_CORE_EVALUATION_REPORT_H
#define ZEREN_CORE_EVALUATION_REPORT_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"

/* round: as round_get gives it (narrowed or not). */
int eval_xlsx(json_t *round, const char *path, struct zerr *e);
/* The report as PDF into pdf (font: the body's fontconfig family, NULL for the default);
 * *pages (nullable) gets its page count. */
int eval_report_pdf(json_t *round, const char *font, struct strbuf *pdf, int *pages, struct zerr *e);
/* Appends the report to out; ZE_LIMIT when out's cap was hit. */
int eval_report_html(json_t *round, struct strbuf *out, struct zerr *e);

#endif
