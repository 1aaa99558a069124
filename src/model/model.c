#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/vec.h"

struct named {
	const char *id, *zh, *en;
};

/* The post catalogue's ids are a contract (DESIGN.md §3); names follow the seeds. */
static const struct named posts[POST_COUNT] = {
	{"first_responsible", "第一责任人", "First responsible person"},
	{"direct_responsible", "直接责任人", "Directly responsible person"},
	{"security_director", "安全主管", "Security director"},
	{"security_admin", "安全管理员", "Security administrator"},
	{"security_auditor", "安全审计员", "Security auditor"},
	{"network_admin", "网络管理员", "Network administrator"},
	{"system_admin", "系统管理员", "System administrator"},
	{"machine_room_admin", "机房管理员", "Machine room administrator"},
	{"database_admin", "数据库管理员", "Database administrator"},
	{"security_liaison", "网络安全员", "Department security liaison"},
	{"department_head", "部门负责人", "Department head"},
	{"system_responsible", "系统负责人", "System owner"},
};

static const struct named body_kinds[BODY_KIND_COUNT] = {
	{"leading_group", "领导小组", "Leading group"},
	{"working_group", "工作组", "Working group"},
	{"emergency_group", "应急响应组", "Emergency response group"},
	{"office", "办公室", "Office"},
};

static const struct named seats[SEAT_COUNT] = {
	{"leader", "组长", "Leader"},
	{"deputy", "副组长", "Deputy leader"},
	{"member", "成员", "Member"},
};

static const struct named agreement_kinds[AGREEMENT_KIND_COUNT] = {
	{"responsibility_letter", "网络安全工作责任书", "Responsibility letter"},
	{"key_post_security", "关键岗位安全协议", "Key-post security agreement"},
	{"confidentiality", "保密协议", "Confidentiality agreement"},
	{"network_access", "联网安全保密责任书", "Network access agreement"},
};

static const struct named vuln_severities[VSEV_COUNT] = {
	{"low", "低危", "Low"},
	{"medium", "中危", "Medium"},
	{"high", "高危", "High"},
	{"critical", "超危", "Critical"},
};

static const struct named vuln_sources[VSRC_COUNT] = {
	{"scan", "漏洞扫描", "Scan"},
	{"test", "安全测试", "Test"},
	{"inspection", "检查", "Inspection"},
	{"notice", "上级通报", "Notice"},
	{"other", "其他", "Other"},
};

static const struct named log_kinds[LOGK_COUNT] = {
	{"network_log", "网络运行状态和网络安全事件日志", "Network operation and security event logs"},
	{"server_log", "服务器系统日志", "Server system logs"},
	{"device_log", "网络设备日志", "Network device logs"},
	{"gateway_audit", "出口网关审计日志", "Exit gateway audit logs"},
	{"access_record", "上网记录", "Internet access records"},
	{"website_content", "网站信息内容记录", "Website content records"},
	{"lab_record", "学生上机记录", "Computer lab usage records"},
	{"public_lab_record", "公共机房上网记录", "Public computer room records"},
	{"other", "其他日志", "Other logs"},
};

static const struct named training_kinds[TRK_COUNT] = {
	{"awareness", "安全意识教育", "Awareness"},
	{"technical", "专业技术培训", "Technical"},
	{"certification", "资格认证培训", "Certification"},
	{"other", "其他", "Other"},
};

static const struct named training_levels[TRL_COUNT] = {
	{"unit", "单位组织", "Unit"},
	{"department", "部门组织", "Department"},
	{"external", "外部培训", "External"},
};

static const struct named grades[GRADE_COUNT] = {
	{"none", "未定级", "Not graded"},
	{"general", "一般", "General"},
	{"relatively_major", "较大", "Relatively major"},
	{"major", "重大", "Major"},
	{"especially_major", "特别重大", "Especially major"},
};

static const struct named operator_types[OPERATOR_COUNT] = {
	{"unset", "未登记", "Not recorded"},
	{"cii_operator", "关键信息基础设施运营者", "Critical information infrastructure operator"},
	{"central_state_organ", "中央和国家机关各部门及其直属单位", "Central or state organ, or a unit directly under one"},
	{"other", "其他网络运营者", "Other network operator"},
};

static int find_named(const struct named *t, int n, const char *id)
{
	if (!id)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].id, id) == 0)
			return i;
	return -1;
}

/* Row i of table t of n rows; an unknown one out of range. */
static const struct named *named_at(const struct named *t, int n, int i)
{
	static const struct named unknown = {"?", "?", "?"};
	return i >= 0 && i < n ? &t[i] : &unknown;
}

#define NAMED_ACCESSORS(prefix, table)                                                                 \
	const char *prefix##_id(int i) { return named_at(table, NAMED_N(table), i)->id; }              \
	const char *prefix##_name_zh(int i) { return named_at(table, NAMED_N(table), i)->zh; }         \
	const char *prefix##_name_en(int i) { return named_at(table, NAMED_N(table), i)->en; }         \
	int prefix##_from_id(const char *id) { return find_named(table, NAMED_N(table), id); }
#define NAMED_N(table) ((int)(sizeof table / sizeof table[0]))

NAMED_ACCESSORS(post, posts)
NAMED_ACCESSORS(body_kind, body_kinds)
NAMED_ACCESSORS(seat, seats)
NAMED_ACCESSORS(agreement_kind, agreement_kinds)
NAMED_ACCESSORS(grade, grades)
NAMED_ACCESSORS(vuln_severity, vuln_severities)
NAMED_ACCESSORS(vuln_source, vuln_sources)
NAMED_ACCESSORS(log_kind, log_kinds)
NAMED_ACCESSORS(training_kind, training_kinds)
NAMED_ACCESSORS(training_level, training_levels)
NAMED_ACCESSORS(operator_type, operator_types)

int org_operator_type(const struct facts *f, zidx org)
{
	if (f->orgs.v[org].operator_type != OPERATOR_UNSET)
		return f->orgs.v[org].operator_type;
	FACTS_EACH(f, system, org, si)
		if (f->systems.v[si].critical_infrastructure == TRI_TRUE)
			return OPERATOR_CII;
	return OPERATOR_OTHER;
}

void facts_init(struct facts *f)
{
	memset(f, 0, sizeof *f);
}

static void index_release(struct facts_index *ix)
{
	zidx **all[] = {&ix->org_dept, &ix->dept_by_org, &ix->org_person, &ix->person_by_org,
			&ix->org_body, &ix->body_by_org, &ix->org_appt, &ix->appt_by_org,
			&ix->org_system, &ix->system_by_org, &ix->org_agreement, &ix->agreement_by_org, &ix->body_lead, &ix->lead_by_body, &ix->org_incident, &ix->incident_by_org,
			&ix->org_notice, &ix->notice_by_org, &ix->notice_system, &ix->system_by_notice,
			&ix->org_record, &ix->record_by_org, &ix->record_evidence, &ix->evidence_by_record,
			&ix->org_handover, &ix->handover_by_org, &ix->org_vulnerability, &ix->vulnerability_by_org,
			&ix->org_plan, &ix->plan_by_org, &ix->plan_drill, &ix->drill_by_plan,
			&ix->org_log_source, &ix->log_source_by_org, &ix->org_training, &ix->training_by_org,
			&ix->training_attendee, &ix->attendee_by_training,
			&ix->org_project, &ix->project_by_org, &ix->plan_review, &ix->review_by_plan,
			&ix->org_rectification, &ix->rectification_by_org, &ix->rect_evidence, &ix->evidence_by_rect,
			&ix->org_inspection, &ix->inspection_by_org, &ix->inspection_item, &ix->item_by_inspection,
			&ix->notice_report, &ix->report_by_notice, &ix->incident_report, &ix->report_by_incident,
			&ix->dept_version, &ix->version_by_dept, &ix->system_version, &ix->version_by_system,
			&ix->system_assessment, &ix->assessment_by_system};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		free(*all[i]);
		*all[i] = NULL;
	}
}

void facts_release(struct facts *f)
{
	if (!f->orgs_borrowed) {
		free(f->orgs.v);
		hmap_release(&f->org_ids);
	}
	free(f->depts.v);
	free(f->people.v);
	free(f->bodies.v);
	free(f->leads.v);
	free(f->appts.v);
	free(f->systems.v);
	free(f->agreements.v);
	free(f->incidents.v);
	free(f->notices.v);
	free(f->notice_systems.v);
	free(f->records.v);
	free(f->evidence.v);
	free(f->handovers.v);
	hmap_release(&f->handover_ids);
	free(f->vulnerabilities.v);
	hmap_release(&f->vulnerability_ids);
	free(f->plans.v);
	free(f->plan_drills.v);
	hmap_release(&f->plan_ids);
	free(f->log_sources.v);
	hmap_release(&f->log_source_ids);
	free(f->trainings.v);
	free(f->training_attendees.v);
	hmap_release(&f->training_ids);
	free(f->projects.v);
	free(f->plan_reviews.v);
	hmap_release(&f->project_ids);
	free(f->rectifications.v);
	free(f->rect_evidence.v);
	free(f->notice_reports.v);
	free(f->incident_reports.v);
	hmap_release(&f->rectification_ids);
	free(f->inspections.v);
	free(f->inspection_items.v);
	hmap_release(&f->inspection_ids);
	for (int k = 0; k < SPAN_KIND_COUNT; k++)
		free(f->spans[k].v);
	free(f->dept_versions.v);
	free(f->system_versions.v);
	free(f->assessments.v);
	hmap_release(&f->incident_ids);
	hmap_release(&f->notice_ids);
	hmap_release(&f->dept_ids);
	hmap_release(&f->person_ids);
	hmap_release(&f->body_ids);
	hmap_release(&f->system_ids);
	hmap_release(&f->agreement_ids);
	index_release(&f->ix);
	arena_release(&f->strings);
	facts_init(f);
}

/* A copy of n elements of sz bytes (NULL for none). */
static void *dup_elems(const void *v, size_t n, size_t sz, bool *failed)
{
	if (!n)
		return NULL;
	void *d = malloc(n * sz);
	if (!d)
		*failed = true;
	else
		memcpy(d, v, n * sz);
	return d;
}

int facts_borrow(struct facts *dst, const struct facts *src)
{
	bool failed = false;
	facts_init(dst);
#define COPY_VEC(vec) \
	(dst->vec.v = dup_elems(src->vec.v, src->vec.n, sizeof *src->vec.v, &failed), \
	 dst->vec.n = dst->vec.cap = dst->vec.v ? src->vec.n : 0)
#define COPY_MAP(map) \
	(dst->map.slots = dup_elems(src->map.slots, src->map.cap, sizeof *src->map.slots, &failed), \
	 dst->map.cap = dst->map.slots ? src->map.cap : 0, dst->map.len = dst->map.slots ? src->map.len : 0)
	dst->orgs = src->orgs, dst->org_ids = src->org_ids, dst->orgs_borrowed = true;
	COPY_VEC(depts), COPY_VEC(people), COPY_VEC(bodies), COPY_VEC(leads), COPY_VEC(appts);
	COPY_VEC(systems), COPY_VEC(agreements), COPY_VEC(incidents), COPY_VEC(notices), COPY_VEC(notice_systems);
	COPY_VEC(records), COPY_VEC(evidence), COPY_VEC(handovers), COPY_VEC(vulnerabilities), COPY_VEC(plans);
	COPY_VEC(plan_drills), COPY_VEC(log_sources), COPY_VEC(trainings), COPY_VEC(training_attendees);
	COPY_VEC(projects), COPY_VEC(plan_reviews), COPY_VEC(rectifications), COPY_VEC(rect_evidence);
	COPY_VEC(inspections), COPY_VEC(inspection_items), COPY_VEC(notice_reports), COPY_VEC(incident_reports);
	for (int k = 0; k < SPAN_KIND_COUNT; k++)
		COPY_VEC(spans[k]);
	COPY_VEC(dept_versions), COPY_VEC(system_versions), COPY_VEC(assessments);
	COPY_MAP(dept_ids), COPY_MAP(person_ids), COPY_MAP(body_ids), COPY_MAP(system_ids);
	COPY_MAP(agreement_ids), COPY_MAP(incident_ids), COPY_MAP(notice_ids), COPY_MAP(handover_ids);
	COPY_MAP(vulnerability_ids), COPY_MAP(plan_ids), COPY_MAP(project_ids), COPY_MAP(log_source_ids);
	COPY_MAP(training_ids), COPY_MAP(rectification_ids), COPY_MAP(inspection_ids);
#undef COPY_VEC
#undef COPY_MAP
	if (failed) {
		facts_release(dst);
		return ZE_NOMEM;
	}
	return 0;
}

const char *facts_str(struct facts *f, const char *s)
{
	return s ? arena_strdup(&f->strings, s) : NULL;
}

/* Appends one element of size sz to a VEC given as its parts; returns the index or -1. */
static zidx vec_push(void **v, size_t *n, size_t *cap, size_t sz, const void *elem)
{
	if (*n >= (size_t)INT32_MAX)
		return -1;
	if (vec_room(v, cap, *n, sz, 64))
		return -1;
	memcpy((char *)*v + *n * sz, elem, sz);
	return (zidx)(*n)++;
}

#define PUSH(f, vec, elem) vec_push((void **)&(f)->vec.v, &(f)->vec.n, &(f)->vec.cap, sizeof *(elem), (elem))

static zidx push_with_id(struct facts *f, zidx i, struct hmap *ids, const char *id)
{
	f->indexed = false;
	if (i < 0)
		return -1;
	if (id && hmap_put(ids, id, i) != 0)
		return -1;
	return i;
}

/* Borrowed org rows (facts_borrow) made f's own, before f adds one. */
static int own_orgs(struct facts *f)
{
	bool failed = false;
	struct org *v = dup_elems(f->orgs.v, f->orgs.n, sizeof *v, &failed);
	struct hmap_slot *slots = failed ? NULL : dup_elems(f->org_ids.slots, f->org_ids.cap, sizeof *slots, &failed);
	if (failed) {
		free(v);
		return ZE_NOMEM;
	}
	f->orgs.v = v, f->orgs.cap = f->orgs.n;
	f->org_ids.slots = slots;
	f->orgs_borrowed = false;
	return 0;
}

zidx facts_add_org(struct facts *f, const struct org *o)
{
	if (f->orgs_borrowed && own_orgs(f))
		return -1;
	return push_with_id(f, PUSH(f, orgs, o), &f->org_ids, o->id);
}
zidx facts_add_dept(struct facts *f, const struct dept *d) { return push_with_id(f, PUSH(f, depts, d), &f->dept_ids, d->id); }
zidx facts_add_person(struct facts *f, const struct person *p) { return push_with_id(f, PUSH(f, people, p), &f->person_ids, p->id); }
zidx facts_add_body(struct facts *f, const struct body *b) { return push_with_id(f, PUSH(f, bodies, b), &f->body_ids, b->id); }
zidx facts_add_system(struct facts *f, const struct zsystem *s) { return push_with_id(f, PUSH(f, systems, s), &f->system_ids, s->id); }
zidx facts_add_agreement(struct facts *f, const struct agreement *a) { return push_with_id(f, PUSH(f, agreements, a), &f->agreement_ids, a->id); }
zidx facts_add_incident(struct facts *f, const struct incident *i) { return push_with_id(f, PUSH(f, incidents, i), &f->incident_ids, i->id); }
zidx facts_add_notice(struct facts *f, const struct notice *n) { return push_with_id(f, PUSH(f, notices, n), &f->notice_ids, n->id); }
zidx facts_add_notice_system(struct facts *f, const struct notice_system *ns) { return push_with_id(f, PUSH(f, notice_systems, ns), NULL, NULL); }
zidx facts_add_record(struct facts *f, const struct obligation_record *r) { return push_with_id(f, PUSH(f, records, r), NULL, NULL); }
zidx facts_add_evidence(struct facts *f, const struct evidence *ev) { return push_with_id(f, PUSH(f, evidence, ev), NULL, NULL); }
zidx facts_add_handover(struct facts *f, const struct handover *h) { return push_with_id(f, PUSH(f, handovers, h), &f->handover_ids, h->id); }
zidx facts_add_vulnerability(struct facts *f, const struct vulnerability *v) { return push_with_id(f, PUSH(f, vulnerabilities, v), &f->vulnerability_ids, v->id); }
zidx facts_add_plan(struct facts *f, const struct emergency_plan *p) { return push_with_id(f, PUSH(f, plans, p), &f->plan_ids, p->id); }
zidx facts_add_plan_drill(struct facts *f, const struct plan_drill *d) { return push_with_id(f, PUSH(f, plan_drills, d), NULL, NULL); }
zidx facts_add_log_source(struct facts *f, const struct log_source *l) { return push_with_id(f, PUSH(f, log_sources, l), &f->log_source_ids, l->id); }
zidx facts_add_training(struct facts *f, const struct training_session *t) { return push_with_id(f, PUSH(f, trainings, t), &f->training_ids, t->id); }
zidx facts_add_training_attendee(struct facts *f, const struct training_attendee *a) { return push_with_id(f, PUSH(f, training_attendees, a), NULL, NULL); }
zidx facts_add_project(struct facts *f, const struct project *p) { return push_with_id(f, PUSH(f, projects, p), &f->project_ids, p->id); }
zidx facts_add_plan_review(struct facts *f, const struct plan_review *r) { return push_with_id(f, PUSH(f, plan_reviews, r), NULL, NULL); }

zdate facts_plan_last_review(const struct facts *f, zidx pi, zdate d)
{
	const struct emergency_plan *p = &f->plans.v[pi];
	zdate last = p->approved_on;
	if (p->reviewed_on != ZDATE_NONE && p->reviewed_on <= d && p->reviewed_on > last)
		last = p->reviewed_on;
	for (zidx k = f->ix.plan_review[pi]; k < f->ix.plan_review[pi + 1]; k++) {
		zdate on = f->plan_reviews.v[f->ix.review_by_plan[k]].on;
		if (on <= d && on > last)
			last = on;
	}
	return last;
}
zidx facts_add_rectification(struct facts *f, const struct rectification *r) { return push_with_id(f, PUSH(f, rectifications, r), &f->rectification_ids, r->id); }
zidx facts_add_inspection(struct facts *f, const struct inspection *in) { return push_with_id(f, PUSH(f, inspections, in), &f->inspection_ids, in->id); }
zidx facts_add_inspection_item(struct facts *f, const struct inspection_item *it) { return push_with_id(f, PUSH(f, inspection_items, it), NULL, NULL); }

zidx facts_inspection_of(const struct facts *f, const char *subject, long *item)
{
	const char *hash = strrchr(subject, '#');
	char id[INSPECTION_ID_MAX + 1], *end;
	size_t len = hash ? (size_t)(hash - subject) : 0;
	*item = 0;
	if (!hash || len > INSPECTION_ID_MAX)
		return ZIDX_NONE;
	long n = strtol(hash + 1, &end, 10);
	if (n < 1 || *end)
		return ZIDX_NONE;
	memcpy(id, subject, len);
	id[len] = '\0';
	*item = n;
	return hmap_get(&f->inspection_ids, id);
}
zidx facts_add_rect_evidence(struct facts *f, const struct evidence *ev) { return push_with_id(f, PUSH(f, rect_evidence, ev), NULL, NULL); }
zidx facts_add_notice_report(struct facts *f, const struct evidence *ev) { return push_with_id(f, PUSH(f, notice_reports, ev), NULL, NULL); }
zidx facts_add_incident_report(struct facts *f, const struct evidence *ev) { return push_with_id(f, PUSH(f, incident_reports, ev), NULL, NULL); }

zidx facts_add_dept_version(struct facts *f, const struct dept_version *v) { return push_with_id(f, PUSH(f, dept_versions, v), NULL, NULL); }
zidx facts_add_system_version(struct facts *f, const struct system_version *v) { return push_with_id(f, PUSH(f, system_versions, v), NULL, NULL); }
zidx facts_add_assessment(struct facts *f, const struct assessment *a) { return push_with_id(f, PUSH(f, assessments, a), NULL, NULL); }

struct span facts_span(const struct facts *f, int kind, zidx i)
{
	return i >= 0 && (size_t)i < f->spans[kind].n ? f->spans[kind].v[i] : SPAN_ALWAYS;
}

int facts_set_span(struct facts *f, int kind, zidx i, struct span s)
{
	const struct span always = SPAN_ALWAYS;
	while (f->spans[kind].n <= (size_t)i)
		if (PUSH(f, spans[kind], &always) < 0)
			return ZE_NOMEM;
	f->spans[kind].v[i] = s;
	return 0;
}

/* Removes the elements whose owner (a zidx at offset off) is i, keeping the others' order. */
static void drop_owned(void *v, size_t *n, size_t sz, size_t off, zidx i)
{
	size_t keep = 0;
	for (size_t k = 0; k < *n; k++) {
		char *e = (char *)v + k * sz;
		if (*(const zidx *)(e + off) == i)
			continue;
		if (keep != k)
			memcpy((char *)v + keep * sz, e, sz);
		keep++;
	}
	*n = keep;
}

void facts_drop_dept_versions(struct facts *f, zidx di)
{
	f->indexed = false;
	drop_owned(f->dept_versions.v, &f->dept_versions.n, sizeof *f->dept_versions.v, offsetof(struct dept_version, dept), di);
}

void facts_drop_system_versions(struct facts *f, zidx si)
{
	f->indexed = false;
	drop_owned(f->system_versions.v, &f->system_versions.n, sizeof *f->system_versions.v,
		   offsetof(struct system_version, system), si);
	drop_owned(f->assessments.v, &f->assessments.n, sizeof *f->assessments.v, offsetof(struct assessment, system), si);
}

/* The first of department di's versions still in force on d (until > d), or NULL: then the
 * record's own fields hold. */
static const struct dept_version *dept_version_on(const struct facts *f, zidx di, zdate d)
{
	for (zidx k = f->ix.dept_version[di]; k < f->ix.dept_version[di + 1]; k++) {
		const struct dept_version *v = &f->dept_versions.v[f->ix.version_by_dept[k]];
		if (v->until > d)
			return v;
	}
	return NULL;
}

const char *dept_name_on(const struct facts *f, zidx di, zdate d)
{
	const struct dept_version *v = f->dept_versions.n ? dept_version_on(f, di, d) : NULL;
	return v ? v->name : f->depts.v[di].name;
}

zidx dept_parent_on(const struct facts *f, zidx di, zdate d)
{
	const struct dept_version *v = f->dept_versions.n ? dept_version_on(f, di, d) : NULL;
	return v ? v->parent : f->depts.v[di].parent;
}

static void system_current(const struct zsystem *y, struct system_state *out)
{
	*out = (struct system_state){y->owner_dept, y->mlps_level, y->filing_no, y->filed_on};
}

void system_state_on(const struct facts *f, zidx si, zdate d, struct system_state *out)
{
	/* (without versions the index may not be built: the unit tests' facts) */
	for (zidx k = f->system_versions.n ? f->ix.system_version[si] : 0, end = f->system_versions.n ? f->ix.system_version[si + 1] : 0;
	     k < end; k++) {
		const struct system_version *v = &f->system_versions.v[f->ix.version_by_system[k]];
		if (v->until > d) {
			*out = v->st;
			return;
		}
	}
	system_current(&f->systems.v[si], out);
}

zdate system_assessed_by(const struct facts *f, zidx si, zdate d)
{
	zdate last = f->systems.v[si].last_assessed_on, best = ZDATE_NONE;
	if (last != ZDATE_NONE && last <= d)
		return last;
	/* the earlier ones, in time order */
	for (zidx k = f->assessments.n ? f->ix.system_assessment[si] : 0, end = f->assessments.n ? f->ix.system_assessment[si + 1] : 0;
	     k < end; k++) {
		zdate on = f->assessments.v[f->ix.assessment_by_system[k]].on;
		if (on <= d)
			best = on;
	}
	return best;
}

zdate system_run_start(const struct facts *f, zidx si, zdate d,
		       bool (*pred)(const struct system_state *st, const void *arg), const void *arg)
{
	zdate from = facts_span(f, SPAN_SYSTEM, si).from;
	if (!f->system_versions.n)
		return from;
	/* States in time order: the versions (each up to its until), then the record's own. Find
	 * the one holding d, then walk back while pred holds of the one before. */
	zidx first = f->ix.system_version[si], end = f->ix.system_version[si + 1], k = first;
	while (k < end && f->system_versions.v[f->ix.version_by_system[k]].until <= d)
		k++;
	while (k > first && pred(&f->system_versions.v[f->ix.version_by_system[k - 1]].st, arg))
		k--;
	zdate start = k > first ? f->system_versions.v[f->ix.version_by_system[k - 1]].until : ZDATE_MIN;
	return start > from ? start : from;
}

zidx facts_find_record(const struct facts *f, zidx org, const char *obligation, const char *period, zidx dept)
{
	FACTS_EACH(f, record, org, ri) {
		const struct obligation_record *r = &f->records.v[ri];
		if (r->dept == dept && !strcmp(r->obligation, obligation) && !strcmp(r->period, period))
			return ri;
	}
	return ZIDX_NONE;
}

zidx facts_add_lead(struct facts *f, const struct body_lead *l) { return push_with_id(f, PUSH(f, leads, l), NULL, NULL); }
zidx facts_add_appt(struct facts *f, const struct appt *a) { return push_with_id(f, PUSH(f, appts, a), NULL, NULL); }

/* The unit (or other owner) of element i: a zidx at offset off of elements of sz bytes. */
static zidx owner_at(const char *base, size_t sz, size_t off, size_t i)
{
	return *(const zidx *)(base + i * sz + off);
}

/* Groups n records by their unit: starts gets norgs+1 offsets into byorg (and one more, equal to
 * n), each unit's records in their own order. Records already in the order of their units are
 * grouped in one pass; a unit's view holds only its own unit's records, so the index of a view a
 * write leaves behind costs a store of each of the norgs offsets, not a count and sum over every
 * unit for each kind. Others are grouped with a counting sort. */
static int group_by_org(size_t norgs, size_t n, const void *base, size_t sz, size_t org_off,
			zidx **starts_out, zidx **byorg_out)
{
	const char *p = base;
	size_t sorted = 1;
	while (sorted < n && owner_at(p, sz, org_off, sorted - 1) <= owner_at(p, sz, org_off, sorted))
		sorted++;
	bool in_order = sorted >= n;
	/* (the counting sort counts from zero; one pass in order writes every offset) */
	zidx *starts = in_order ? malloc((norgs + 2) * sizeof *starts) : calloc(norgs + 2, sizeof *starts);
	zidx *byorg = malloc((n ? n : 1) * sizeof *byorg);
	if (!starts || !byorg) {
		free(starts);
		free(byorg);
		return ZE_NOMEM;
	}
	if (in_order) {
		size_t u = 0; /* starts[u] is the first record of a unit >= u */
		for (size_t i = 0; i < n; i++) {
			for (zidx org = owner_at(p, sz, org_off, i); u < norgs + 2 && (zidx)u <= org; u++)
				starts[u] = (zidx)i;
			byorg[i] = (zidx)i;
		}
		for (; u < norgs + 2; u++)
			starts[u] = (zidx)n;
	} else {
		for (size_t i = 0; i < n; i++)
			starts[owner_at(p, sz, org_off, i) + 2]++;
		for (size_t u = 2; u < norgs + 2; u++)
			starts[u] += starts[u - 1];
		for (size_t i = 0; i < n; i++)
			byorg[starts[owner_at(p, sz, org_off, i) + 1]++] = (zidx)i;
	}
	*starts_out = starts;
	*byorg_out = byorg;
	return 0;
}

int facts_index(struct facts *f)
{
	index_release(&f->ix);
	struct facts_index *ix = &f->ix;
	size_t no = f->orgs.n;
	int rc = 0;
#define GROUP(vec, T, a, b) \
	if (!rc) rc = group_by_org(no, f->vec.n, f->vec.v, sizeof(T), offsetof(T, org), &ix->a, &ix->b)
	GROUP(depts, struct dept, org_dept, dept_by_org);
	GROUP(people, struct person, org_person, person_by_org);
	GROUP(bodies, struct body, org_body, body_by_org);
	GROUP(appts, struct appt, org_appt, appt_by_org);
	GROUP(systems, struct zsystem, org_system, system_by_org);
	GROUP(agreements, struct agreement, org_agreement, agreement_by_org);
	GROUP(incidents, struct incident, org_incident, incident_by_org);
	GROUP(notices, struct notice, org_notice, notice_by_org);
	GROUP(records, struct obligation_record, org_record, record_by_org);
	GROUP(handovers, struct handover, org_handover, handover_by_org);
	GROUP(vulnerabilities, struct vulnerability, org_vulnerability, vulnerability_by_org);
	GROUP(plans, struct emergency_plan, org_plan, plan_by_org);
	GROUP(projects, struct project, org_project, project_by_org);
	if (!rc)
		rc = group_by_org(f->plans.n, f->plan_reviews.n, f->plan_reviews.v, sizeof(struct plan_review),
				  offsetof(struct plan_review, plan), &ix->plan_review, &ix->review_by_plan);
	GROUP(rectifications, struct rectification, org_rectification, rectification_by_org);
	if (!rc)
		rc = group_by_org(f->rectifications.n, f->rect_evidence.n, f->rect_evidence.v, sizeof(struct evidence),
				  offsetof(struct evidence, record), &ix->rect_evidence, &ix->evidence_by_rect);
	GROUP(inspections, struct inspection, org_inspection, inspection_by_org);
	if (!rc)
		rc = group_by_org(f->inspections.n, f->inspection_items.n, f->inspection_items.v, sizeof(struct inspection_item),
				  offsetof(struct inspection_item, inspection), &ix->inspection_item, &ix->item_by_inspection);
	if (!rc)
		rc = group_by_org(f->notices.n, f->notice_reports.n, f->notice_reports.v, sizeof(struct evidence),
				  offsetof(struct evidence, record), &ix->notice_report, &ix->report_by_notice);
	if (!rc)
		rc = group_by_org(f->incidents.n, f->incident_reports.n, f->incident_reports.v, sizeof(struct evidence),
				  offsetof(struct evidence, record), &ix->incident_report, &ix->report_by_incident);
	if (!rc)
		rc = group_by_org(f->plans.n, f->plan_drills.n, f->plan_drills.v, sizeof(struct plan_drill),
				  offsetof(struct plan_drill, plan), &ix->plan_drill, &ix->drill_by_plan);
	GROUP(log_sources, struct log_source, org_log_source, log_source_by_org);
	GROUP(trainings, struct training_session, org_training, training_by_org);
	if (!rc)
		rc = group_by_org(f->trainings.n, f->training_attendees.n, f->training_attendees.v, sizeof(struct training_attendee),
				  offsetof(struct training_attendee, session), &ix->training_attendee, &ix->attendee_by_training);
	if (!rc)
		rc = group_by_org(f->records.n, f->evidence.n, f->evidence.v, sizeof(struct evidence),
				  offsetof(struct evidence, record), &ix->record_evidence, &ix->evidence_by_record);
	if (!rc)
		rc = group_by_org(f->notices.n, f->notice_systems.n, f->notice_systems.v, sizeof(struct notice_system),
				  offsetof(struct notice_system, notice), &ix->notice_system, &ix->system_by_notice);
	if (!rc)
		rc = group_by_org(f->bodies.n, f->leads.n, f->leads.v, sizeof(struct body_lead),
				  offsetof(struct body_lead, body), &ix->body_lead, &ix->lead_by_body);
	if (!rc)
		rc = group_by_org(f->depts.n, f->dept_versions.n, f->dept_versions.v, sizeof(struct dept_version),
				  offsetof(struct dept_version, dept), &ix->dept_version, &ix->version_by_dept);
	if (!rc)
		rc = group_by_org(f->systems.n, f->system_versions.n, f->system_versions.v, sizeof(struct system_version),
				  offsetof(struct system_version, system), &ix->system_version, &ix->version_by_system);
	if (!rc)
		rc = group_by_org(f->systems.n, f->assessments.n, f->assessments.v, sizeof(struct assessment),
				  offsetof(struct assessment, system), &ix->system_assessment, &ix->assessment_by_system);
#undef GROUP
	if (rc)
		index_release(ix);
	f->indexed = !rc;
	return rc;
}

bool org_is_below(const struct facts *f, zidx org, zidx above)
{
	if (org < 0 || above < 0)
		return false;
	zidx u = f->orgs.v[org].parent;
	for (int depth = 0; u >= 0 && depth < ORG_DEPTH_MAX; depth++, u = f->orgs.v[u].parent)
		if (u == above)
			return true;
	return false;
}
