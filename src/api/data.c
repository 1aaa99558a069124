/* API v1: a unit's data in and out as zeren/v1, the same documents `zeren import` and `zeren
 * export` read and write. An office account imports into its own unit only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/interchange.h"

UNIT_HANDLER(export_unit)
{
	struct zerr e = {0};
	char *buf = NULL, name[300];
	size_t len = 0;
	int rc = 0;
	const char *org = v->facts.orgs.v[v->org].id;
	FILE *out = open_memstream(&buf, &len);
	if (!out) {
		rc = ZE_NOMEM;
		goto out;
	}
	int erc = export_document_store(rq->w->store, &v->facts, org, out, &e);
	if (fclose(out) != 0 && !erc)
		erc = zerr_set(&e, ZE_NOMEM, "export: out of memory");
	if (erc) {
		rc = http_zerr(rs, &e);
		goto out;
	}
	/* Unit ids are the caller's strings: only a plain one goes into the header as it is. */
	bool plain = strlen(org) < 200 && strspn(org, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(org);
	snprintf(name, sizeof name, "%s.zeren.json", plain ? org : "unit");
	rc = api_download(rs, "application/json; charset=utf-8", buf, len, name);
out:
	free(buf);
	return rc;
}

/* The body is a zeren/v1 document; every record in it must be of the account's unit. */
static int import_unit(struct http_req *rq, struct http_resp *rs)
{
	struct import_stats st;
	struct zerr e = {0};
	const char *org = rq->who->org;
	struct import_opts opts = {.only_org = org};
	if (!org[0])
		return http_error(rs, 403, "out_of_scope", NULL, "the account has no unit to import into");
	if (rq->body_len == 0)
		return http_error(rs, 422, "invalid", NULL, "the body is empty: send a zeren/v1 document");
	http_audit(rs, "import", org, NULL); /* the detail: the counts, written with the records */
	if (api_import(rq, rs, rq->body, rq->body_len, NULL, &opts, &st, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:o}", "stats", import_stats_json(&st)));
}

const struct route api_data_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/export", export_unit, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/import", import_unit, PERM_OFFICE, HTTP_MAX_UPLOAD, true},
	{0, NULL, NULL, 0, 0, false},
};
