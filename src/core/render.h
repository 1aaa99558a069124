/* JSON renderers shared by the command line and the API: one per record kind, in the field
 * order of zeren/v1 (docs/interchange.md), so an exported file, `--format json` and an API
 * reply agree. The API adds display fields to these objects; it does not build its own. */
#ifndef ZEREN_CORE_RENDER_H
#define ZEREN_CORE_RENDER_H

#include <jansson.h>

#include "model/model.h"
#include "rules/engine.h"
#include "util/strbuf.h"

/* Values as zeren/v1 writes them: NULL, ZDATE_NONE / ZDATE_MAX and TRI_NULL become null. */
json_t *json_str_or_null(const char *s);
json_t *json_date_or_null(zdate d);
json_t *json_tri(int t);

/* One record of f (which must be indexed), exactly as `zeren export` writes it. */
json_t *org_json(const struct facts *f, zidx u); /* with its departments */
json_t *dept_json(const struct facts *f, zidx di);
json_t *person_json(const struct facts *f, zidx pi);
json_t *body_json(const struct facts *f, zidx bi);
json_t *appt_json(const struct facts *f, zidx ai);
json_t *system_json(const struct facts *f, zidx si);
json_t *agreement_json(const struct facts *f, zidx gi);
json_t *incident_json(const struct facts *f, zidx xi); /* f indexed (its reports) */
json_t *notice_json(const struct facts *f, zidx ni);     /* f indexed (its systems and reports) */
json_t *record_json(const struct facts *f, zidx ri);
json_t *handover_json(const struct facts *f, zidx hi);
json_t *vulnerability_json(const struct facts *f, zidx vi);
json_t *log_source_json(const struct facts *f, zidx li);
json_t *training_json(const struct facts *f, zidx ti); /* with its attendees, f indexed */
json_t *plan_json(const struct facts *f, zidx pi); /* with its drills, f indexed */
json_t *project_json(const struct facts *f, zidx pi);
json_t *rectification_json(const struct facts *f, zidx ri); /* with its evidence, f indexed */
json_t *inspection_json(const struct facts *f, zidx ii); /* with its items, f indexed */

/* Citations: [{"document", "clause"}], with "text" and "note" where given when with_text. */
json_t *citations_json(const struct citation *c, int n, bool with_text);
/* Only the citations in force on day `on` (ZDATE_NONE: all, each with its in_force). */
json_t *citations_json_on(const struct citation *c, int n, bool with_text, zdate on);
/* A policy as `zeren policy --format json` lists it (its rules with their citations), with its
 * recurring duties when obligations. */
json_t *policy_json(const struct policy *p, bool obligations);
/* A finding as `zeren check --format json` writes it; scratch is reused for the messages. */
json_t *finding_json(const struct facts *f, const struct finding *fd, struct strbuf *scratch);

/* `zeren accountability --format json`: the incident, the clauses it triggers, the chain of
 * people responsible on the day it occurred, and the chain recorded with it (recorded: JSON
 * text from store_incident_snapshot, or NULL) with whether the two name different people. */
json_t *accountability_json(const struct facts *f, zidx xi, const char *recorded, const struct policy *p);

#endif
