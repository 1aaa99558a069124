/* API v1: appointments (任职). Listing with history, the timeline of a post, making one — after
 * computing which rules it would break, which the office must acknowledge — and ending one. An
 * appointment is never deleted. */
#include <stdlib.h>
#include <string.h>

#include "api/records.h"
#include "core/change.h"
#include "core/appointments.h"
#include "core/interchange.h"
#include "core/render.h"

json_t *api_appt_item(const struct facts *f, zidx ai)
{
	const struct appt *a = &f->appts.v[ai];
	char id[APPT_ID_LEN + 1];
	json_t *o = appt_json(f, ai);
	appt_id(f, ai, id);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "person_name", json_string(f->people.v[a->person].name));
	if (a->body >= 0) {
		json_object_set_new(o, "body_name", json_string(f->bodies.v[a->body].name));
		json_object_set_new(o, "seat_name", json_string(seat_name_zh(a->seat)));
	} else {
		json_object_set_new(o, "post_name", json_string(post_name_zh(a->post)));
		json_object_set_new(o, "department_name", json_str_or_null(NAME_OF(f, depts, a->dept)));
		json_object_set_new(o, "system_name", json_str_or_null(NAME_OF(f, systems, a->system)));
	}
	return o;
}

/* ---- listing --------------------------------------------------------------------------------- */

static int list_appointments(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	zidx person, dept, sys, body;
	int post, current;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || api_bool_query(rq, rs, "current", &current) ||
	    api_post_query(rq, rs, &post))
		return 0;
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	int rc = 0;
	char key[1024];
	if (view_memo_list(rq, rs, v, key, sizeof key))
		goto out;
	if (api_id_query(rq, rs, "person", &f->person_ids, &person) || api_id_query(rq, rs, "system", &f->system_ids, &sys) ||
	    api_id_query(rq, rs, "body", &f->body_ids, &body) || api_dept_query(rq, rs, v, &dept))
		goto out;
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, appt, v->org, ai) {
		const struct appt *a = &f->appts.v[ai];
		/* ?department=: appointments scoped to it or held by its people (sub-departments too) */
		bool in_dept = dept < 0 || (a->dept >= 0 && api_dept_under(f, a->dept, dept)) ||
			       api_dept_under(f, f->people.v[a->person].dept, dept);
		if ((person >= 0 && a->person != person) || (post >= 0 && a->post != post) ||
		    (sys >= 0 && a->system != sys) || (body >= 0 && a->body != body) || !in_dept ||
		    (current == 1 && !appt_on(a, as_of)) || !scope_person(rq, f, a->person))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, api_appt_item(f, ai));
	}
	rc = api_paged_memo(rs, v, key, items, total, &pg);
out:
	view_release(v);
	return rc;
}

struct dated {
	zdate from;
	zidx ai;
};

static int cmp_dated(const void *x, const void *y)
{
	const struct dated *a = x, *b = y;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return (a->ai > b->ai) - (a->ai < b->ai);
}

/* Who held the post when, earliest first: the UI draws it as a timeline. */
static int post_timeline(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	const char *post_q = http_param(rq, "post");
	int post = post_from_id(post_q);
	if (post < 0)
		return http_error(rs, 404, "not_found", NULL, "unknown post '%s'", post_q);
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	size_t n = 0, cap = (size_t)(f->ix.org_appt[v->org + 1] - f->ix.org_appt[v->org]);
	struct dated *d = malloc((cap ? cap : 1) * sizeof *d);
	int rc = ZE_NOMEM;
	if (!d)
		goto out;
	FACTS_EACH(f, appt, v->org, ai)
		if (f->appts.v[ai].post == post && scope_person(rq, f, f->appts.v[ai].person))
			d[n++] = (struct dated){f->appts.v[ai].from, ai};
	qsort(d, n, sizeof *d, cmp_dated);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_appt_item(f, d[i].ai));
	rc = http_json(rs, 200, json_pack("{s:s, s:s, s:o}", "post", post_id(post), "post_name", post_name_zh(post),
					  "items", items));
out:
	free(d);
	view_release(v);
	return rc;
}

/* ---- making one ------------------------------------------------------------------------------ */

/* The appointment of unit org the request record names (by its natural key), or -1. */
static zidx find_requested(const struct facts *f, const char *org, json_t *rec)
{
	zidx u = hmap_get(&f->org_ids, org);
	const char *post = json_string_value(json_object_get(rec, "post"));
	const char *seat = json_string_value(json_object_get(rec, "seat"));
	const char *body = json_string_value(json_object_get(rec, "body"));
	const char *dept = json_string_value(json_object_get(rec, "department"));
	const char *sys = json_string_value(json_object_get(rec, "system"));
	const char *person = json_string_value(json_object_get(rec, "person"));
	const char *from_s = json_string_value(json_object_get(rec, "from"));
	zdate from;
	if (u < 0 || !person || !from_s || !date_parse(from_s, &from))
		return ZIDX_NONE;
	zidx p = hmap_get(&f->person_ids, person), b = body ? hmap_get(&f->body_ids, body) : ZIDX_NONE;
	zidx d = dept ? hmap_get(&f->dept_ids, dept) : ZIDX_NONE, y = sys ? hmap_get(&f->system_ids, sys) : ZIDX_NONE;
	int po = post ? post_from_id(post) : POST_NONE, se = seat ? seat_from_id(seat) : SEAT_NONE;
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person == p && a->from == from && a->post == po && a->body == b && (b < 0 || a->seat == se) &&
		    a->dept == d && a->system == y)
			return ai;
	}
	return ZIDX_NONE;
}

struct proposal {
	struct worker *w;
	struct http_resp *rs;
	struct unit_view *v;
	const char *org;
	json_t *rec;
	const struct findings *before_at[2];
	zdate dates[2];
	size_t ndates;
	bool acknowledge;
	/* filled by the hook, from the merged facts that die with the import */
	bool would_break;
	json_t *findings, *rules, *appt;
};

/* Runs inside the import, after validation and before writing: the findings the appointment
 * adds, rendered now; refuses the write when there are any and they were not acknowledged. */
static int propose_hook(void *ctx, const struct facts *merged, struct zerr *e)
{
	struct proposal *p = ctx;
	struct findings added = {0};
	struct strbuf sb = STRBUF_INIT;
	int rc = appt_added_findings(p->w->engine, p->v->policies, p->v->cal, &p->v->facts, p->before_at, merged,
				     p->org, p->dates, p->ndates, &added, e);
	for (size_t i = 0; i < added.n && !rc; i++) {
		json_array_append_new(p->findings, finding_json(merged, &added.v[i], &sb));
		bool known = false;
		for (size_t k = 0; k < json_array_size(p->rules) && !known; k++)
			known = strcmp(json_string_value(json_array_get(p->rules, k)), added.v[i].rule->id) == 0;
		if (!known)
			json_array_append_new(p->rules, json_string(added.v[i].rule->id));
	}
	zidx ai = rc ? ZIDX_NONE : find_requested(merged, p->org, p->rec);
	if (ai >= 0)
		p->appt = api_appt_item(merged, ai);
	/* What the audit record says, known now: it is written with the appointment, or by the
	 * server after a refusal. */
	char object[256];
	snprintf(object, sizeof object, "%s/%s", p->org, p->appt ? json_string_value(json_object_get(p->appt, "id")) : "?");
	http_audit(p->rs, "appointment.create", object,
		   json_pack("{s:O, s:b, s:O}", "appointment", p->rec, "acknowledged",
			     p->acknowledge && json_array_size(p->rules), "rules", p->rules));
	if (!rc && added.n && !p->acknowledge) {
		p->would_break = true;
		rc = zerr_set(e, ZE_INVALID, "任职将违反 %zu 项规则，确认后方可保存 / the appointment would break %zu rule(s): "
				 "send acknowledge: true to make it anyway", added.n, added.n);
	}
	findings_release(&added);
	sb_release(&sb);
	return rc;
}

UNIT_HANDLER(post_appointment)
{
	struct zerr e = {0};
	struct proposal p = {.w = rq->w, .rs = rs};
	json_t *doc = NULL;
	int rc = 0;
	zdate from;
	p.v = v;
	p.org = v->facts.orgs.v[v->org].id;
	if (!(p.rec = api_record_body(rq, rs, NULL, p.org, NULL)))
		goto out;
	json_t *ack = json_object_get(p.rec, "acknowledge");
	p.acknowledge = json_is_true(ack);
	if (ack && !json_is_boolean(ack)) {
		rc = http_error(rs, 422, "invalid", "acknowledge", "$.acknowledge: must be true or false");
		goto out;
	}
	json_object_del(p.rec, "acknowledge");
	/* ?check=true: the findings the appointment would add, written nowhere — a 200, not a 422,
	 * so that asking is not an error (issue 22 item 13); the save that follows acknowledges. */
	int check;
	if (api_bool_query(rq, rs, "check", &check))
		goto out;
	if (check == 1)
		p.acknowledge = true; /* the hook reports the findings and does not refuse */
	/* A body seat belongs to its body's unit: the importer derives it, and checks an org given. */
	if (json_object_get(p.rec, "body"))
		json_object_del(p.rec, "org");
	const char *from_s = json_string_value(json_object_get(p.rec, "from"));
	if (!from_s || !date_parse(from_s, &from)) {
		rc = http_error(rs, 422, "invalid", "from", "$.from: must be a date YYYY-MM-DD");
		goto out;
	}
	if (find_requested(&v->facts, p.org, p.rec) >= 0) {
		rc = http_error(rs, 409, "conflict", NULL,
				"该任职已存在 / the appointment exists already (same person, post, scope and from)");
		goto out;
	}
	p.ndates = appt_check_dates(from, date_today(), p.dates);
	for (size_t i = 0; i < p.ndates; i++)
		if (view_findings(rq->w, v, p.dates[i], &p.before_at[i], &e)) {
			rc = http_zerr(rs, &e);
			goto out;
		}
	doc = json_pack("{s:[O]}", "appointments", p.rec);
	p.findings = json_array();
	p.rules = json_array();
	if (!doc || !p.findings || !p.rules) {
		rc = ZE_NOMEM;
		goto out;
	}
	/* What the record says if the importer refuses before the hook names the appointment. */
	http_audit(rs, "appointment.create", p.org, json_incref(p.rec));
	struct import_opts opts = {
		.only_org = p.org, .before_write = propose_hook, .ctx = &p, .one_record = true, .dry_run = check == 1};
	int irc = api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e);
	if (check == 1 && !irc)
		rc = http_json(rs, 200, json_pack("{s:b, s:O}", "would_break", json_array_size(p.findings) > 0, "findings",
						  p.findings));
	else if (p.would_break)
		rc = http_json(rs, 422, json_pack("{s:{s:s, s:s, s:n}, s:O}", "error", "code", "would_break_rules", "message",
						  e.msg, "field", "findings", p.findings));
	else if (irc)
		rc = http_zerr(rs, &e);
	else
		rc = http_json(rs, 201, json_pack("{s:O, s:O}", "appointment", p.appt ? p.appt : p.rec, "findings", p.findings));
out:
	json_decref(doc);
	json_decref(p.rec);
	json_decref(p.findings);
	json_decref(p.rules);
	json_decref(p.appt);
	return rc;
}

/* ---- ending one, and corrections -------------------------------------------------------------- */

/* Withdraws the appointment (a correction, 撤销: it was recorded wrongly) and replies with it as
 * it was; detail (stolen) is what the audit record says besides. */
static int withdraw(struct http_req *rq, struct http_resp *rs, const struct facts *f, zidx ai, const char *object,
		    json_t *detail)
{
	struct zerr e = {0};
	char id[APPT_ID_LEN + 1];
	appt_id(f, ai, id);
	json_t *item = api_appt_item(f, ai);
	struct change c = {.actor = rq->who->username, .source = rq->source, .unit = f->orgs.v[f->appts.v[ai].org].id,
			   .action = "appointment.withdraw", .object = object, .detail = detail,
			   .reason = json_string_value(json_object_get(rq->json, "reason"))};
	int rc = appt_withdraw(rq->w->store, &c, c.unit, id, NULL, &e);
	rs->audited = true; /* recorded with the change, or as its refusal */
	if (rc)
		rc = http_zerr(rs, &e);
	else
		rc = http_json(rs, 200, json_pack("{s:O, s:b, s:b}", "appointment", item, "withdrawn", 1, "correction", 1));
	json_decref(item);
	json_decref(detail);
	return rc;
}

/* "This changed on date X": the appointment ends on `to` (the first day it no longer holds). Ended
 * on the day it started — a same-day mistake — it never held: that is a correction, and the
 * appointment is withdrawn. */
UNIT_HANDLER(end_appointment)
{
	struct zerr e = {0};
	const char *id = http_param(rq, "id");
	zdate to;
	int rc = 0;
	const struct facts *f = &v->facts;
	zidx ai = appt_find(f, v->org, id);
	const char *to_s = json_string_value(json_object_get(rq->json, "to"));
	char object[256];
	snprintf(object, sizeof object, "%s/%s", f->orgs.v[v->org].id, id);
	if (ai < 0)
		return http_error(rs, 404, "not_found", NULL, "no appointment '%s' in this unit", id);
	if (!to_s || !date_parse(to_s, &to))
		return http_error(rs, 422, "invalid", "to", "$.to: must be a date YYYY-MM-DD (the first day it no longer holds)");
	if (to == f->appts.v[ai].from)
		return withdraw(rq, rs, f, ai, object, json_pack("{s:s, s:b}", "to", to_s, "same_day", 1));
	if (appt_check_end(f, ai, to, date_today(), &e))
		return http_zerr(rs, &e);
	/* leaving a key post opens its handover in the same change (issue 19) */
	json_t *ho = appt_leaving_handover(view_policy_at(v, to), f, ai, to);
	json_t *detail = json_pack("{s:s}", "to", to_s);
	if (ho)
		json_object_set(detail, "handover", json_object_get(ho, "id"));
	http_audit(rs, "appointment.end", object, detail);
	json_t *rec = appt_json(f, ai), *item = api_appt_item(f, ai);
	json_object_set_new(rec, "to", json_string(to_s));
	json_object_set_new(item, "to", json_string(to_s));
	if (ho)
		json_object_set(item, "handover", json_object_get(ho, "id"));
	/* the ended appointment and the handover it opens, as one change */
	if ((rc = api_import_doc(rq, rs, ho ? json_pack("{s:[o], s:[o]}", "appointments", rec, "handovers", ho)
					    : json_pack("{s:[o]}", "appointments", rec))))
		json_decref(item);
	else
		rc = http_json(rs, 200, json_pack("{s:o}", "appointment", item));
	return rc;
}

/* "This was recorded wrongly": {"withdraw": true} withdraws the appointment (it never held), or
 * {"to": YYYY-MM-DD | null} corrects the day it ended (null: it did not end) — also of one that
 * has ended already; "reason" says why. The audit log keeps the old value. */
static int correct_appointment(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	const char *id = http_param(rq, "id");
	json_t *body = rq->json, *to_j = json_object_get(body, "to"), *wd = json_object_get(body, "withdraw"),
	       *why = json_object_get(body, "reason");
	int rc = 0;
	zdate to = ZDATE_MAX;
	if (!json_is_object(body))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object");
	if (wd && !json_is_boolean(wd))
		return http_error(rs, 422, "invalid", "withdraw", "$.withdraw: must be true or false");
	if (why && !json_is_null(why) && !json_is_string(why))
		return http_error(rs, 422, "invalid", "reason", "$.reason: must be a string");
	if (json_is_true(wd) == (to_j != NULL))
		return http_error(rs, 422, "invalid", json_is_true(wd) ? "to" : "withdraw",
				  "更正任职：撤销（withdraw: true）或更正结束日期（to），二者择一 / a correction either "
				  "withdraws the appointment (withdraw: true) or corrects its end (to)");
	if (to_j && !json_is_null(to_j) &&
	    (!json_is_string(to_j) || !date_parse(json_string_value(to_j), &to)))
		return http_error(rs, 422, "invalid", "to", "$.to: must be a date YYYY-MM-DD or null (it did not end)");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	zidx ai = appt_find(f, v->org, id);
	char object[256], d[ZDATE_BUFSZ];
	snprintf(object, sizeof object, "%s/%s", f->orgs.v[v->org].id, id);
	if (ai < 0) {
		rc = http_error(rs, 404, "not_found", NULL, "no appointment '%s' in this unit", id);
		goto out;
	}
	const struct appt *a = &f->appts.v[ai];
	if (json_is_true(wd) || to == a->from) {
		rc = withdraw(rq, rs, f, ai, object, json_object());
		goto out;
	}
	if (to < a->from) {
		rc = http_error(rs, 422, "invalid", "to", "$.to: 结束日期应晚于任职开始日期 %s / must be after the appointment's "
				"from, %s", date_format(a->from, d), d);
		goto out;
	}
	json_t *was = json_pack("{s:o}", "to", json_date_or_null(a->to)), *now = json_date_or_null(to);
	json_t *detail = json_pack("{s:O, s:O, s:o}", "to", now, "was", was, "reason", json_incref(why ? why : json_null()));
	json_decref(was);
	http_audit(rs, "appointment.correct", object, detail);
	json_t *rec = appt_json(f, ai), *item = api_appt_item(f, ai);
	json_object_set(rec, "to", now);
	json_object_set(item, "to", now);
	json_decref(now);
	if ((rc = api_import_one(rq, rs, "appointments", rec)))
		json_decref(item);
	else
		rc = http_json(rs, 200, json_pack("{s:o, s:b}", "appointment", item, "correction", 1));
out:
	view_release(v);
	return rc;
}

const struct route api_appt_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/appointments", list_appointments, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/appointments", post_appointment, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/appointments/{id}/end", end_appointment, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/appointments/{id}/correct", correct_appointment, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/posts/{post}/timeline", post_timeline, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
