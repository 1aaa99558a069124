/* What the resources over a unit's records share (records.h): request bodies laid over stored
 * records, id and department filters, and the writes — one record at a time or a whole
 * document — as changes of the core's change service. */
#include <assert.h>
#include <sodium.h>
#include <string.h>

#include "api/records.h"
#include "core/change.h"
#include "core/interchange.h"

json_t *api_record_body(struct http_req *rq, struct http_resp *rs, json_t *base, const char *org, const char *id)
{
	json_t *body = rq->json;
	if (!json_is_object(body)) {
		json_decref(base);
		http_error(rs, 422, "invalid", NULL, "the body must be a JSON object");
		return NULL;
	}
	if ((org && !api_body_agrees(rs, body, "org", org)) || (id && !api_body_agrees(rs, body, "id", id))) {
		json_decref(base);
		return NULL;
	}
	json_t *rec = base ? base : json_object();
	if (!rec || json_object_update(rec, body) || (org && json_object_set_new(rec, "org", json_string(org))) ||
	    (id && json_object_set_new(rec, "id", json_string(id)))) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

json_t *api_person_ref(const struct facts *f, zidx p)
{
	return json_pack("{s:s, s:s}", "person", f->people.v[p].id, "name", f->people.v[p].name);
}

bool api_dept_under(const struct facts *f, zidx dept, zidx root)
{
	for (int depth = 0; dept >= 0 && depth < 64; depth++, dept = f->depts.v[dept].parent)
		if (dept == root)
			return true;
	return false;
}

/* An id query parameter (?person=) resolved in one of the id maps: ZIDX_NONE when not asked;
 * 400 (and nonzero) when unknown. */
int api_id_query(struct http_req *rq, struct http_resp *rs, const char *name, const struct hmap *ids, zidx *out)
{
	const char *id = http_query(rq, name);
	*out = ZIDX_NONE;
	if (!id || !*id)
		return 0;
	if ((*out = hmap_get(ids, id)) < 0)
		return http_error(rs, 400, "bad_parameter", name, "unknown %s '%s'", name, id), 1;
	return 0;
}

/* ?department=: a department of the unit, or ZIDX_NONE when not asked. */
int api_dept_query(struct http_req *rq, struct http_resp *rs, const struct unit_view *v, zidx *out)
{
	if (api_id_query(rq, rs, "department", &v->facts.dept_ids, out))
		return 1;
	if (*out >= 0 && v->facts.depts.v[*out].org != v->org)
		return http_error(rs, 400, "bad_parameter", "department", "no such department in this unit"), 1;
	return 0;
}

/* May the account write a record of the department with this id (office: any, or none;
 * liaison: their own)? An unknown id passes: the importer names it. */
static bool may_write_dept(const struct http_req *rq, const struct facts *f, json_t *dept)
{
	if (has_role(rq, ROLE_OFFICE))
		return true;
	zidx d = json_is_string(dept) ? hmap_get(&f->dept_ids, json_string_value(dept)) : ZIDX_NONE;
	return json_is_string(dept) && (d < 0 || scope_write_dept(rq, f, d));
}

/* Creates or updates (the {id} of the path) a record of kind k of the path's unit from the
 * request body, laid over the record as stored: 404 when there is no such record in the unit,
 * 403 out_of_scope when a liaison does not own its department before and after, 409 when
 * creating an id the kind has; then the audit entry ("person.create" on "demo/p-1"), the
 * importer, and a reply of 201 or 200 with the record. */
int api_write_record(struct http_req *rq, struct http_resp *rs, const struct record_kind *k, bool create)
{
	struct unit_view *v;
	const char *path_id = create ? NULL : http_param(rq, "id");
	json_t *base = NULL, *rec = NULL;
	char action[64], object[512];
	int rc = 0;
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	const struct hmap *ids = (const struct hmap *)((const char *)f + k->ids);
	const char *org = f->orgs.v[v->org].id;
	if (path_id) {
		zidx i = hmap_get(ids, path_id);
		base = i >= 0 ? k->render(f, i) : NULL;
		if (!base || strcmp(json_string_value(json_object_get(base, "org")), org) != 0) {
			rc = http_error(rs, 404, "not_found", NULL, "no %s '%s' in this unit", k->what, path_id);
			goto out;
		}
	}
	if (k->dept_field && base && !may_write_dept(rq, f, json_object_get(base, k->dept_field)))
		goto out_of_scope;
	rec = api_record_body(rq, rs, base, org, path_id);
	base = NULL; /* rec has it now */
	if (!rec)
		goto out;
	if (k->dept_field && !may_write_dept(rq, f, json_object_get(rec, k->dept_field)))
		goto out_of_scope;
	if (create && !api_id_acceptable(rs, rec))
		goto out;
	if (create && k->id_prefix && api_new_id(rec, k->id_prefix, ids)) {
		rc = ZE_NOMEM;
		goto out;
	}
	const char *id = json_string_value(json_object_get(rec, "id"));
	if (create && id && hmap_get(ids, id) >= 0) {
		rc = http_error(rs, 409, "conflict", "id", "$.id: '%s' exists already", id);
		goto out;
	}
	snprintf(action, sizeof action, "%s.%s", k->what, create ? "create" : "update");
	snprintf(object, sizeof object, "%s/%s", org, id ? id : "?");
	http_audit(rs, action, object, json_incref(rec));
	if (!(rc = api_import_one(rq, rs, k->array, json_incref(rec))))
		rc = http_json(rs, create ? 201 : 200, json_incref(rec));
	goto out;
out_of_scope:
	rc = http_error(rs, 403, "out_of_scope", k->dept_field, "%s", k->scope_msg);
out:
	json_decref(base);
	json_decref(rec);
	view_release(v);
	return rc;
}

bool api_id_acceptable(struct http_resp *rs, json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	for (const unsigned char *c = (const unsigned char *)id; c && *c; c++)
		if (*c <= ' ' || *c == 0x7f) {
			struct zerr e;
			zerr_set(&e, ZE_INVALID, "$.id: '%s': no spaces or control characters in an id", id);
			e.reason = "bad_id";
			http_zerr(rs, &e);
			return false;
		}
	return true;
}

int api_new_id(json_t *rec, const char *prefix, const struct hmap *ids)
{
	/* Lowercase letters and digits without the look-alikes (0/o, 1/l/i): ids are read aloud
	 * and typed. 31^8 ≈ 8.5e11, so a retry is rare; ids of other units are checked by the
	 * importer (the write is refused rather than moved). */
	static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";
	json_t *id = json_object_get(rec, "id");
	if (id && !json_is_null(id) && !(json_is_string(id) && json_string_length(id) == 0))
		return 0; /* given (or not a string: the importer names it) */
	char buf[64];
	size_t n = strlen(prefix);
	if (n + 9 > sizeof buf)
		return ZE_INVALID;
	memcpy(buf, prefix, n);
	do {
		unsigned char r[8];
		randombytes_buf(r, sizeof r);
		for (size_t i = 0; i < 8; i++)
			buf[n + i] = alphabet[r[i] % (sizeof alphabet - 1)];
		buf[n + 8] = '\0';
	} while (hmap_get(ids, buf) >= 0);
	return json_object_set_new(rec, "id", json_string(buf)) ? ZE_NOMEM : 0;
}

/* What the audit record of a request's change says: the handler's http_audit, read when the
 * outcome is known (the appointment hook sets its id only once the merge found it), and for a
 * refusal the status it is answered with, as the server records every refused request. */
static void describe_request(void *ctx, struct change *c, const struct zerr *refused)
{
	struct http_resp *rs = ctx;
	if (refused) {
		json_t *d = rs->audit_detail ? json_deep_copy(rs->audit_detail) : json_object();
		if (d && json_is_object(d))
			json_object_set_new(d, "status", json_integer(http_status_of(refused, NULL)));
		json_decref(rs->audit_detail);
		rs->audit_detail = d;
	}
	if (rs->audit_action)
		c->action = rs->audit_action;
	if (rs->audit_object)
		c->object = rs->audit_object;
	c->detail = rs->audit_detail;
}

int api_import(struct http_req *rq, struct http_resp *rs, const char *text, size_t len, json_t *doc,
	       struct import_opts *opts, struct import_stats *stats, struct zerr *e)
{
	/* Every write route needs a signed-in account (no public route writes). */
	assert(rq->who);
	if (!opts->policies)
		opts->policies = rq->w->srv->policies; /* loaded once for the server */
	struct change c = {.actor = rq->who->username, .source = rq->source, .unit = opts->only_org,
			   .action = "change", .object = rq->path, .describe = describe_request, .describe_ctx = rs};
	int rc = doc ? change_records(rq->w->store, &c, doc, "request", opts, stats, e)
		     : change_document(rq->w->store, &c, text, len, "request", opts, stats, e);
	/* Written with the change, or as its refusal: the server adds no second record. */
	rs->audited = true;
	return rc;
}

int api_import_one(struct http_req *rq, struct http_resp *rs, const char *array, json_t *j)
{
	struct zerr e = {0};
	json_t *doc = j ? json_pack("{s:[o]}", array, j) : NULL;
	if (!doc)
		return ZE_NOMEM;
	struct import_opts opts = {.only_org = http_param(rq, "org"), .one_record = true};
	int rc = api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e);
	json_decref(doc);
	if (rc)
		http_zerr(rs, &e);
	return rc;
}
