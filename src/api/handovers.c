/* API v1: the register of handovers (离岗交接, issue 19) — who left which key post, the checklist,
 * the successor, and where it stands under the unit's policy. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* The unit's handover rule (in force on d) that names the post, or NULL: its days and checklist
 * decide when a handover is due and what completes it. */
static const struct rule *handover_rule(const struct unit_view *v, int post, zdate d)
{
	for (int i = 0; v->policy && i < v->policy->nrules; i++) {
		const struct rule *r = rule_at(&v->policy->rules[i], d);
		if (r && r->kind == RK_HANDOVER && POSTSET_HAS(r->posts, post))
			return r;
	}
	return NULL;
}

/* complete, incomplete (completed without an item the rule requires), overdue or open, on d. */
static const char *handover_status(const struct rule *r, const struct handover *h, zdate d)
{
	bool done = handover_completed(h, d);
	if (done && (!r || !handover_missing(r, h, d)))
		return "complete";
	if (done)
		return "incomplete";
	return r && d > h->left_on + r->days ? "overdue" : "open";
}

static json_t *handover_item(const struct unit_view *v, zidx hi, zdate as_of)
{
	const struct facts *f = &v->facts;
	const struct handover *h = &f->handovers.v[hi];
	const struct rule *r = handover_rule(v, h->post, as_of);
	json_t *o = handover_json(f, hi), *missing = json_array(), *agreements = json_array();
	json_object_set_new(o, "person_name", json_string(f->people.v[h->person].name));
	json_object_set_new(o, "post_name", json_string(post_name_zh(h->post)));
	json_object_set_new(o, "successor_name", json_str_or_null(NAME_OF(f, people, h->successor)));
	/* the last day of the handover under the policy (the day of leaving not counted) */
	json_object_set_new(o, "due_on", r ? json_date_or_null(h->left_on + r->days) : json_null());
	json_object_set_new(o, "status", json_string(handover_status(r, h, as_of)));
	unsigned lack = r ? handover_missing(r, h, as_of) : 0;
	for (int k = 0; k < HO_ITEM_COUNT; k++)
		if (lack >> k & 1u)
			json_array_append_new(missing, json_string(handover_item_id(k)));
	json_object_set_new(o, "missing", missing);
	/* What follows the person out of the post: the key-post agreements still in force, which
	 * the office ends or keeps (confidentiality outlives the post, 001 附件3 4)). */
	FACTS_EACH(f, agreement, v->org, gi) {
		const struct agreement *a = &f->agreements.v[gi];
		if (a->person == h->person && agreement_in_force(a, as_of))
			json_array_append_new(agreements, json_pack("{s:s, s:s, s:o}", "id", a->id, "kind",
								    agreement_kind_id(a->kind), "to", json_date_or_null(a->to)));
	}
	json_object_set_new(o, "agreements_in_force", agreements);
	return o;
}

/* A handover is seen by whoever sees the person who left (a liaison: their department's). */
static bool scope_handover(const struct http_req *rq, const struct facts *f, zidx hi)
{
	return scope_person(rq, f, f->handovers.v[hi].person);
}

static int list_handovers(struct http_req *rq, struct http_resp *rs)
{
	static const char *const statuses[] = {"open", "overdue", "incomplete", "complete", NULL};
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	const char *q = http_query(rq, "q"), *status = http_query(rq, "status"), *post_q = http_query(rq, "post");
	int post = -1;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of))
		return 0;
	if (post_q && (post = post_from_id(post_q)) < 0)
		return http_error(rs, 400, "bad_parameter", "post", "unknown post '%s'", post_q);
	bool known = !status;
	for (const char *const *s = statuses; *s && !known; s++)
		known = strcmp(*s, status) == 0;
	if (!known)
		return http_error(rs, 400, "bad_parameter", "status", "status must be open, overdue, incomplete or complete");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, handover, v->org, hi) {
		const struct handover *h = &f->handovers.v[hi];
		const char *name = f->people.v[h->person].name;
		if ((post >= 0 && h->post != post) || (!api_match(name, q) && !api_match(h->id, q)) ||
		    (status && strcmp(handover_status(handover_rule(v, h->post, as_of), h, as_of), status) != 0) ||
		    !scope_handover(rq, f, hi))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, handover_item(v, hi, as_of));
	}
	int rc = api_paged(rs, items, total, &pg);
	view_release(v);
	return rc;
}

static const struct record_kind handover_kind = {
	"handovers", "handover", offsetof(struct facts, handover_ids), handover_json, NULL, NULL, RECORD_NO_SPAN, "ho-",
};

static int post_handover(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &handover_kind, true);
}

static int put_handover(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &handover_kind, false);
}

const struct route api_handover_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/handovers", list_handovers, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/handovers", post_handover, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/handovers/{id}", put_handover, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
