/* API v1: the register of handovers (离岗交接, issue 19) — who left which key post, the checklist,
 * the successor, and where it stands under the unit's policy. */
#include <stddef.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"

/* The unit's handover rule (in force on d) that names the post, or NULL: its days and checklist
 * decide when a handover is due and what completes it. */
static const struct rule *handover_rule(const struct unit_view *v, int post, zdate d)
{
	const struct policy *p = view_policy_at(v, d);
	for (int i = 0; p && i < p->nrules; i++) {
		const struct rule *r = rule_at(&p->rules[i], d);
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

static json_t *handover_item(const struct register_list *l, zidx hi)
{
	const struct facts *f = l->f;
	const struct handover *h = &f->handovers.v[hi];
	const struct rule *r = handover_rule(l->v, h->post, l->as_of);
	json_t *o = handover_json(f, hi), *missing = json_array(), *agreements = json_array();
	json_object_set_new(o, "person_name", json_string(f->people.v[h->person].name));
	json_object_set_new(o, "post_name", json_string(post_name_zh(h->post)));
	json_object_set_new(o, "successor_name", json_str_or_null(NAME_OF(f, people, h->successor)));
	/* the last day of the handover under the policy (the day of leaving not counted) */
	json_object_set_new(o, "due_on", r ? json_date_or_null(h->left_on + r->days) : json_null());
	json_object_set_new(o, "status", json_string(handover_status(r, h, l->as_of)));
	unsigned lack = r ? handover_missing(r, h, l->as_of) : 0;
	for (int k = 0; k < HO_ITEM_COUNT; k++)
		if (lack >> k & 1u)
			json_array_append_new(missing, json_string(handover_item_id(k)));
	json_object_set_new(o, "missing", missing);
	/* What follows the person out of the post: the key-post agreements still in force, which
	 * the office ends or keeps (confidentiality outlives the post, 001 附件3 4)). */
	FACTS_EACH(f, agreement, l->v->org, gi) {
		const struct agreement *a = &f->agreements.v[gi];
		if (a->person == h->person && agreement_in_force(a, l->as_of))
			json_array_append_new(agreements, json_pack("{s:s, s:s, s:o}", "id", a->id, "kind",
								    agreement_kind_id(a->kind), "to", json_date_or_null(a->to)));
	}
	json_object_set_new(o, "agreements_in_force", agreements);
	return o;
}

/* ?post=, ?q= (the person's name or the id), ?status=; a handover is seen by whoever sees the
 * person who left (a liaison: their department's). */
static bool handover_keep(const struct register_list *l, zidx hi)
{
	const struct facts *f = l->f;
	const struct handover *h = &f->handovers.v[hi];
	const char *name = f->people.v[h->person].name;
	return (l->code < 0 || h->post == l->code) && (api_match(name, l->q) || api_match(h->id, l->q)) &&
	       (!l->status || strcmp(handover_status(handover_rule(l->v, h->post, l->as_of), h, l->as_of), l->status) == 0) &&
	       scope_person(l->rq, f, h->person);
}

const struct api_register api_handover_register = {
	.path = "handovers", REGISTER_INDEX(handover), .keep = handover_keep, .item = handover_item,
	.kind = &(const struct record_kind)RECORD_PLAIN("handovers", "handover", handover_ids, handover_json, "ho-"),
	.as_of = true, .statuses = (const char *const[]){"open", "overdue", "incomplete", "complete", NULL},
	.code_name = "post", .from_id = post_from_id, .code_msg = "unknown post '%s'",
};

const struct route api_handover_routes[] = {
	REGISTER_ROUTES("handovers", PERM_READ, PERM_OFFICE),
	{0, NULL, NULL, 0, 0, false},
};
