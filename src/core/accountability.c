#include "core/accountability.h"

#include <string.h>

#include "rules/engine.h"

size_t accountability_holders(const struct facts *f, zidx org, int post, zidx dept, zidx system, zdate day,
			      struct responsible *out, size_t n, size_t max)
{
	FACTS_EACH(f, appt, org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (n >= max || a->post != post || !appt_on(a, day) || (dept >= 0 && a->dept != dept) ||
		    (system >= 0 && a->system != system))
			continue;
		out[n++] = (struct responsible){post, a->person, ai};
	}
	return n;
}

size_t accountability_chain(const struct facts *f, zidx xi, struct responsible *out, size_t max)
{
	const struct incident *x = &f->incidents.v[xi];
	/* The day in the unit's time zone: appointments keep dates, and a post handed over on day D
	 * is the successor's for the whole of D from 00:00 local time (data/policy/README.md). */
	zdate day = org_date(f, x->org, x->occurred);
	zidx sys = x->system, owner = ZIDX_NONE;
	if (sys >= 0) { /* the owner department of that day */
		struct system_state st;
		system_state_on(f, sys, day, &st);
		owner = st.owner_dept;
	}
	size_t n = 0;
	if (sys >= 0) {
		n = accountability_holders(f, x->org, POST_SYSTEM_ADMIN, ZIDX_NONE, sys, day, out, n, max);
		n = accountability_holders(f, x->org, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, sys, day, out, n, max);
	}
	if (owner >= 0) {
		n = accountability_holders(f, x->org, POST_DEPARTMENT_HEAD, owner, ZIDX_NONE, day, out, n, max);
		n = accountability_holders(f, x->org, POST_SECURITY_LIAISON, owner, ZIDX_NONE, day, out, n, max);
	}
	n = accountability_holders(f, x->org, POST_DIRECT_RESPONSIBLE, ZIDX_NONE, ZIDX_NONE, day, out, n, max);
	n = accountability_holders(f, x->org, POST_FIRST_RESPONSIBLE, ZIDX_NONE, ZIDX_NONE, day, out, n, max);
	return n;
}

static json_t *jdate(zdate d)
{
	char buf[ZDATE_BUFSZ];
	return d == ZDATE_MAX || d == ZDATE_NONE ? json_null() : json_string(date_format(d, buf));
}

json_t *accountability_chain_json(const struct facts *f, const struct responsible *chain, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct appt *ap = &f->appts.v[chain[i].appt];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "post", post_id(chain[i].post),
						   "post_name", post_name_zh(chain[i].post), "person",
						   f->people.v[chain[i].person].id, "name", f->people.v[chain[i].person].name,
						   "from", jdate(ap->from), "to", jdate(ap->to)));
	}
	return a;
}

/* The clauses the unit's policy cites for case kase, those in force on day, each with why they
 * apply: case, a code a client words itself ("always", "outage" …); why, the same in Chinese,
 * for the CLI and the JSON reader; hours, the outage threshold that applied (outage only, else
 * < 0). */
static void add_clauses(json_t *a, const struct policy *p, int kase, zdate day, const char *why, int hours)
{
	for (int i = 0; p && i < p->naccountability; i++) {
		const struct accountability_clauses *ac = &p->accountability[i];
		if (ac->kase != kase)
			continue;
		for (int k = 0; k < ac->ncitations; k++) {
			const struct citation *c = &ac->citations[k];
			if (!citation_in_force(c, day))
				continue;
			json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "document", c->document, "clause", c->clause,
					      "text", c->text ? c->text : "", "case", accountability_case_id(kase), "why", why);
			if (o && hours >= 0)
				json_object_set_new(o, "hours", json_integer(hours));
			json_array_append_new(a, o);
		}
	}
}

/* The outage case as the policy's incident_outage rule reads it (important system, attacked, not
 * handled in time, down the rule's hours or more, the rule's version of the incident's day);
 * without such a rule, the outage alone at 6 hours (004 八(二)). The threshold goes to *hours. */
static bool outage_case(const struct facts *f, zidx xi, const struct policy *p, zdate day, int *hours)
{
	*hours = 6;
	for (int i = 0; p && i < p->nrules; i++)
		if (p->rules[i].kind == RK_INCIDENT_OUTAGE) {
			const struct rule *v = rule_at(&p->rules[i], day);
			if (v)
				*hours = v->hours;
			return incident_outage_holds(&p->rules[i], f, xi);
		}
	return f->incidents.v[xi].outage_hours >= *hours;
}

json_t *accountability_clauses_json(const struct facts *f, zidx xi, const struct policy *p)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct zsystem *sys = x->system >= 0 ? &f->systems.v[x->system] : NULL;
	const char *cat = x->category ? x->category : "";
	zdate day = org_date(f, x->org, x->occurred);
	json_t *a = json_array();
	add_clauses(a, p, ACC_ALWAYS, day, "逐级倒查（每一起事件）", -1);
	if (strstr(cat, "篡改") || strstr(x->title, "篡改"))
		add_clauses(a, p, ACC_TAMPERED, day, "网页或系统被篡改", -1);
	int hours;
	if (outage_case(f, xi, p, day, &hours)) {
		char why[128];
		snprintf(why, sizeof why, "重要系统受到攻击后没有及时组织处置，瘫痪%d小时以上", hours);
		add_clauses(a, p, ACC_OUTAGE, day, why, hours);
	}
	if (x->personal_info_records > 0 || strstr(cat, "泄露") || strstr(x->title, "泄露"))
		add_clauses(a, p, ACC_LEAK, day, "数据或个人信息泄露", -1);
	if (sys && sys->critical_infrastructure == TRI_TRUE)
		add_clauses(a, p, ACC_CRITICAL, day, "关键信息基础设施", -1);
	if (!ztime_set(x->reported))
		add_clauses(a, p, ACC_UNREPORTED, day, "未报告", -1);
	return a;
}
