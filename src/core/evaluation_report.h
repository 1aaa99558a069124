/* A round's documents: the whole sheet as an Excel workbook, and a report in Chinese as one
 * self-contained HTML page laid out for A4 paper (cover, summary, ranking chart, each sheet with
 * its lost points and their clauses) that a browser prints or saves as PDF. The PDF proper comes
 * from the documents module (cairo + pango) once it lands; it can render from the same round. */
#ifndef ZEREN_CORE_EVALUATION_REPORT_H
#define ZEREN_CORE_EVALUATION_REPORT_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"

/* round: as round_get gives it (narrowed or not). */
int eval_xlsx(json_t *round, const char *path, struct zerr *e);
/* Appends the report to out; ZE_LIMIT when out's cap was hit. */
int eval_report_html(json_t *round, struct strbuf *out, struct zerr *e);

#endif
