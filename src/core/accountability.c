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

struct clause {
	const char *document, *clause, *text;
};

#define DOC_003 "《西昌学院网络安全工作责任制实施细则（试行）》"
#define DOC_004 "烟台市人民政府外事办公室《网络安全工作责任制实施办法》（烟外办〔2021〕24号）"
#define DOC_PARTY "《党委（党组）网络安全工作责任制实施办法》"

static const struct clause always[] = {
	{DOC_PARTY, "第八条", "逐级倒查，追究当事人、网络安全负责人直至主要负责人责任"},
	{DOC_003, "第七条", "凡未正确履行职责或因工作疏忽而发生不安全、不稳定事件，有下列情形之一的，应逐级倒查，追究相关责任人责任。"},
};
static const struct clause tampered[] = {
	{DOC_003, "第七条(一)", "学校门户网站、其他重点网站及信息系统等遭受攻击篡改，导致反动言论或者谣言等违法有害信息大面积扩散，且没有及时报告和组织处置的；"},
	{DOC_004, "八(一)", "服务器、重要系统被攻击篡改，导致有害信息大面积扩散，且没有及时报告和组织处置的；"},
};
static const struct clause outage[] = {
	{DOC_004, "八(二)", "主要服务器、重要系统受到攻击后没有及时组织处置，且瘫痪 6 小时以上的；"},
};
static const struct clause leak[] = {
	{DOC_003, "第七条(四)", "发生学校秘密泄露、大面积个人信息泄露或者大量教学、科研、行政等基础数据泄露的；"},
	{DOC_004, "八(三)", "发生国家秘密泄露、重要数据资源泄漏的；"},
};
static const struct clause critical[] = {
	{DOC_003, "第七条(三)", "关键信息基础设施遭受网络攻击，没有及时处置导致大面积影响学校师生工作、生活，或者造成重大经济损失，或者造成严重不良社会影响的；"},
	{DOC_004, "八(四)", "服务器、重要系统被网络攻击，没有及时处置导致大面积影响机关工作或本单位正常工作秩序和业务活动，或者造成重大经济损失，或者造成严重不良社会影响的；"},
};
static const struct clause unreported[] = {
	{DOC_003, "第七条(五)", "封锁、瞒报网络安全事件情况，拒不配合相关管理部门依法开展调查、处置工作，或者对相关管理部门通报的问题和风险隐患不及时整改并造成严重后果的；"},
	{DOC_004, "八(五)", "封锁、瞒报网络安全事件情况，拒不配合上级以及有关部门依法开展调查、处置工作，或者上级以及有关部门通报的问题和风险隐患不及时整改并造成严重后果的；"},
};

/* case: why the clauses apply, as a code a client words itself ("always", "tampered" …);
 * why: the same in Chinese, for the CLI and the JSON reader. */
static void add_clauses(json_t *a, const struct clause *c, size_t n, const char *kase, const char *why)
{
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s}", "document", c[i].document, "clause",
						   c[i].clause, "text", c[i].text, "case", kase, "why", why));
}
#define ADD(a, table, why) add_clauses(a, table, sizeof table / sizeof table[0], #table, why)

/* 004 八(二) as the policy's incident_outage rule reads it (important system, attacked, not
 * handled in time, down 6 hours or more); without such a rule, the outage alone. */
static bool outage_case(const struct facts *f, zidx xi, const struct policy *p)
{
	for (int i = 0; p && i < p->nrules; i++)
		if (p->rules[i].kind == RK_INCIDENT_OUTAGE)
			return incident_outage_holds(&p->rules[i], f, xi);
	return f->incidents.v[xi].outage_hours >= 6;
}

json_t *accountability_clauses_json(const struct facts *f, zidx xi, const struct policy *p)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct zsystem *sys = x->system >= 0 ? &f->systems.v[x->system] : NULL;
	const char *cat = x->category ? x->category : "";
	json_t *a = json_array();
	ADD(a, always, "逐级倒查（每一起事件）");
	if (strstr(cat, "篡改") || strstr(x->title, "篡改"))
		ADD(a, tampered, "网页或系统被篡改");
	if (outage_case(f, xi, p))
		ADD(a, outage, "重要系统受到攻击后没有及时组织处置，瘫痪6小时以上");
	if (x->personal_info_records > 0 || strstr(cat, "泄露") || strstr(x->title, "泄露"))
		ADD(a, leak, "数据或个人信息泄露");
	if (sys && sys->critical_infrastructure == TRI_TRUE)
		ADD(a, critical, "关键信息基础设施");
	if (!ztime_set(x->reported))
		ADD(a, unreported, "未报告");
	return a;
}
