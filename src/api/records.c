/* What the resources over a unit's records share (records.h): request bodies laid over stored
 * records, id and department filters, and the writes — one record at a time or a whole
 * document — as changes of the core's change service. */
#include <assert.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "api/records.h"
#include "core/appointments.h"
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

const char *api_unit_resource(const struct http_req *rq)
{
	static const char units[] = "/api/v1/units/";
	const char *org = http_param(rq, "org");
	size_t at = sizeof units - 1 + (org ? strlen(org) : 0) + 1;
	return org && strlen(rq->path) > at ? rq->path + at : "";
}

int api_post_query(struct http_req *rq, struct http_resp *rs, int *out)
{
	const char *id = http_query(rq, "post");
	*out = POST_NONE;
	if (id && (*out = post_from_id(id)) < 0)
		return http_error(rs, 400, "bad_parameter", "post", "unknown post '%s'", id), 1;
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
	/* Valid time: a new record starts today unless the body says when; an update is a change on
	 * a day or a correction; ending it ends the appointments held in it. */
	if (create && k->start_field && !json_object_get(rq->json, k->start_field)) {
		char today[ZDATE_BUFSZ];
		json_object_set_new(rec, k->start_field, json_string(date_format(date_today(), today)));
	}
	json_t *detail = json_object(), *old = path_id ? k->render(f, hmap_get(ids, path_id)) : NULL, *appts = NULL;
	if ((rc = api_dated_write(rs, rec, old, k->dated, detail)) == 0 && k->end_field) {
		const char *end_s = json_string_value(json_object_get(rec, k->end_field));
		zdate end;
		if (end_s && date_parse(end_s, &end) && !json_equal(json_object_get(rec, k->end_field),
								   old ? json_object_get(old, k->end_field) : NULL) &&
		    !(appts = api_appts_ending(rs, f, v->org, k->span_kind, path_id ? hmap_get(ids, path_id) : ZIDX_NONE, end)))
			rc = 1;
	}
	json_decref(old);
	if (rc) { /* rs says why (rc > 0), or out of memory */
		json_decref(detail);
		json_decref(appts);
		rc = rc > 0 ? 0 : rc;
		goto out;
	}
	snprintf(action, sizeof action, "%s.%s", k->what, create ? "create" : "update");
	snprintf(object, sizeof object, "%s/%s", org, id ? id : "?");
	json_t *logged = json_deep_copy(rec);
	json_object_update(logged, detail);
	json_decref(detail);
	if (json_array_size(appts))
		json_object_set(logged, "ended_appointments", appts);
	http_audit(rs, action, object, logged);
	if (!(rc = api_import_with_appts(rq, rs, k->array, json_incref(rec), appts))) {
		json_t *reply = json_deep_copy(rec);
		if (json_array_size(appts))
			json_object_set(reply, "ended_appointments", appts);
		rc = http_json(rs, create ? 201 : 200, reply);
	}
	json_decref(appts);
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
	struct import_stats local;
	if (!stats)
		stats = &local;
	/* The unit as the request's view holds it: the write reads the store again only when
	 * another change landed since the view was built. */
	struct view_cache *views = rq->w->srv->views;
	struct unit_view *held = NULL, *left = NULL;
	struct facts written;
	facts_init(&written);
	/* The change (or its refusal's record) commits inside the writers' turn without waiting for
	 * its sync; the server holds the reply until a sync covers it (http_app.pending and
	 * .durable: worker.c), one sync serving every write that committed meanwhile, and the
	 * thread goes on to the next write. */
	store_defer_durability(rq->w->store);
	view_write_begin(views);
	if (opts->only_org && !opts->loaded)
		held = view_cached(views, opts->only_org);
	if (held)
		opts->loaded = &held->facts, opts->loaded_at = atomic_load(&held->generation), opts->written = &written;
	int rc = doc ? change_records(rq->w->store, &c, doc, "request", opts, stats, e)
		     : change_document(rq->w->store, &c, text, len, "request", opts, stats, e);
	/* Written with the change, or as its refusal: the server adds no second record. */
	rs->audited = true;
	/* Records of one unit, not its org row (which every view holds): the other units' views
	 * and roll-up tallies stay as they are, and the unit's view of the new generation is the
	 * one the write leaves behind. */
	if (!rc && opts->only_org && !stats->orgs && c.generation_before &&
	    c.generation_after == c.generation_before + 1) {
		view_cache_advance(views, opts->only_org, c.generation_before, c.generation_after);
		rollup_advance(opts->only_org, c.generation_before, c.generation_after);
		if (held)
			left = view_install(rq->w, held, opts->loaded_at, &written, c.generation_before, c.generation_after);
	}
	view_write_end(views);
	facts_release(&written); /* not installed */
	if (left) /* outside the writes' turn: readers asking meanwhile wait for the same findings */
		view_warm(rq->w, left, held);
	view_release(left);
	if (held) {
		opts->loaded = NULL, opts->written = NULL;
		view_release(held);
	}
	return rc;
}

int api_dated_write(struct http_resp *rs, json_t *rec, json_t *old, const char *const *dated, json_t *detail)
{
	json_t *on = json_incref(json_object_get(rec, "changed_on"));
	zdate d;
	int rc = 0;
	json_object_del(rec, "changed_on");
	if (!on || json_is_null(on)) {
		if (old && /* a correction of the record: the audit log keeps the old value */
		    (json_object_set_new(detail, "correction", json_true()) || json_object_set(detail, "was", old)))
			rc = ZE_NOMEM;
		goto out;
	}
	if (!json_is_string(on) || !date_parse(json_string_value(on), &d)) {
		rc = 1, http_error(rs, 422, "invalid", "changed_on", "$.changed_on: must be a date YYYY-MM-DD (the day the change took effect)");
		goto out;
	}
	if (!dated || !old) {
		rc = 1, http_error(rs, 422, "invalid", "changed_on", "$.changed_on: %s", !old ? "a new record has no earlier state"
				: "this record keeps no dated history: correct it, or end it and make a new one");
		goto out;
	}
	/* the state that held until d: the old values of the dated fields */
	json_t *entry = json_pack("{s:O}", "until", on);
	bool changed = false;
	for (const char *const *k = dated; *k; k++) {
		json_t *was = json_object_get(old, *k);
		json_object_set(entry, *k, was ? was : json_null());
		changed = changed || !json_equal(was ? was : json_null(), json_object_get(rec, *k) ? json_object_get(rec, *k) : json_null());
	}
	json_t *history = json_object_get(rec, "history");
	json_t *last = json_array_get(history, json_array_size(history) - 1);
	const char *after = json_string_value(json_object_get(last, "until"));
	if (!after)
		after = json_string_value(json_object_get(old, json_object_get(old, "in_service") ? "in_service" : "established"));
	if (!changed)
		rc = 1, http_error(rs, 422, "invalid", "changed_on", "$.changed_on: none of %s changes: nothing to date", dated[0]);
	else if (after && strcmp(json_string_value(on), after) <= 0)
		rc = 1, http_error(rs, 422, "invalid", "changed_on", "$.changed_on: must be after %s, when the current state began",
				after);
	else if (!json_is_array(history) && json_object_set_new(rec, "history", history = json_array()))
		rc = ZE_NOMEM;
	if (!rc && (json_array_append(history, entry) || json_object_set(detail, "changed_on", on)))
		rc = ZE_NOMEM;
	json_decref(entry);
out:
	json_decref(on);
	return rc;
}

json_t *api_appts_ending(struct http_resp *rs, const struct facts *f, zidx org, int span_kind, zidx i, zdate end)
{
	json_t *out = json_array();
	char d[ZDATE_BUFSZ];
	if (i < 0)
		return out; /* a new record holds no appointment yet */
	FACTS_EACH(f, appt, org, ai) {
		const struct appt *a = &f->appts.v[ai];
		zidx holder = span_kind == SPAN_PERSON ? a->person : span_kind == SPAN_BODY ? a->body
							 : span_kind == SPAN_DEPT ? a->dept : a->system;
		if (holder != i || a->to <= end)
			continue;
		if (a->from >= end) {
			char id[APPT_ID_LEN + 1];
			appt_id(f, ai, id);
			json_decref(out);
			http_error(rs, 409, "conflict", "appointments", "任职 %s 自 %s 起，不早于结束日期：请先撤销 / appointment %s starts "
				   "on %s, not before the end: withdraw it first", id, date_format(a->from, d), id, d);
			return NULL;
		}
		json_t *rec = appt_json(f, ai);
		json_object_set_new(rec, "to", json_string(date_format(end, d)));
		json_array_append_new(out, rec);
	}
	return out;
}

int api_import_with_appts(struct http_req *rq, struct http_resp *rs, const char *array, json_t *rec, json_t *appts)
{
	if (!json_array_size(appts))
		return api_import_one(rq, rs, array, rec);
	struct zerr e = {0};
	json_t *doc = rec ? json_pack("{s:[o], s:O}", array, rec, "appointments", appts) : NULL;
	if (!doc)
		return ZE_NOMEM;
	struct import_opts opts = {.only_org = http_param(rq, "org")};
	int rc = api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e);
	json_decref(doc);
	if (rc)
		http_zerr(rs, &e);
	return rc;
}

int api_import_one(struct http_req *rq, struct http_resp *rs, const char *array, json_t *j)
{
	return api_import_doc(rq, rs, j ? json_pack("{s:[o]}", array, j) : NULL);
}

int api_import_doc(struct http_req *rq, struct http_resp *rs, json_t *doc)
{
	struct zerr e = {0};
	if (!doc)
		return ZE_NOMEM;
	struct import_opts opts = {.only_org = http_param(rq, "org"), .one_record = true};
	int rc = api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e);
	json_decref(doc);
	if (rc)
		http_zerr(rs, &e);
	return rc;
}

const struct rule *api_unit_rule(const struct unit_view *v, int kind, zdate d)
{
	const struct policy *p = view_policy_at(v, d);
	for (int i = 0; p && i < p->nrules; i++) {
		const struct rule *r = rule_at(&p->rules[i], d);
		if (r && r->kind == kind)
			return r;
	}
	return NULL;
}
