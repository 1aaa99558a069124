/* Time-driven rules over incidents and notices: deadlines in hours, days and working days.
 * A breach that is over (an incident reported late) stays among the findings for the rule's
 * lookback, so it can be answered for; a breach still running holds until it is mended. */
#include <string.h>

#include "rules/internal.h"

/* Every day below that comes from a time is the day in the unit's time zone (org_date): an
 * incident at 2025-07-31T17:30:00Z happened on 1 August in Beijing. */

/* The annex of 《国家网络安全事件报告管理办法》 (2025), 《网络安全事件分级指南》: an event
 * reaching any one threshold is of that grade (以上 includes the threshold). The figures follow
 * public accounts of the annex; its text is not among the seeds and could not be checked here,
 * so docs/engine.md marks them for verification. Criteria the record cannot carry (a
 * province's share of population, qualitative harm) are left to the recorded grade. */
enum grading_input { GI_PERSONAL_INFO, GI_LOSS, GI_CII_OUTAGE, GI_CII_FUNCTION_OUTAGE, GI_PEOPLE };
static const struct {
	int input;
	double at_least[3]; /* 较大, 重大, 特别重大 */
} grading[] = {
	{GI_PERSONAL_INFO, {1e6, 1e7, 1e8}},   {GI_LOSS, {5e6, 5e7, 1e8}},
	{GI_CII_OUTAGE, {0.5, 2, 6}},          {GI_CII_FUNCTION_OUTAGE, {2, 6, 24}},
	{GI_PEOPLE, {1e5, 1e6, 1e7}},
};

static const char *const grade_reason[][3] = {
	{"个人信息泄露达100万人以上（较大）", "个人信息泄露达1000万人以上（重大）", "个人信息泄露达1亿人以上（特别重大）"},
	{"直接经济损失达500万元以上（较大）", "直接经济损失达5000万元以上（重大）", "直接经济损失达1亿元以上（特别重大）"},
	{"关键信息基础设施整体中断运行30分钟以上（较大）", "关键信息基础设施整体中断运行2小时以上（重大）",
	 "关键信息基础设施整体中断运行6小时以上（特别重大）"},
	{"关键信息基础设施主要功能中断运行2小时以上（较大）", "关键信息基础设施主要功能中断运行6小时以上（重大）",
	 "关键信息基础设施主要功能中断运行24小时以上（特别重大）"},
	{"影响10万人以上的用水、用电、用气、用油、取暖或交通出行（较大）", "影响100万人以上的用水、用电、用气、用油、取暖或交通出行（重大）",
	 "影响1000万人以上的用水、用电、用气、用油、取暖或交通出行（特别重大）"},
};

int incident_grade(const struct facts *f, const struct incident *x, const char **why)
{
	bool cii = x->system >= 0 && f->systems.v[x->system].critical_infrastructure == TRI_TRUE;
	double value[] = {
		[GI_PERSONAL_INFO] = (double)x->personal_info_records,
		[GI_LOSS] = x->economic_loss_yuan,
		[GI_CII_OUTAGE] = cii ? x->outage_hours : -1,
		[GI_CII_FUNCTION_OUTAGE] = cii ? x->function_outage_hours : -1,
		[GI_PEOPLE] = (double)x->people_affected,
	};
	int grade = x->grade;
	if (why)
		*why = NULL;
	for (size_t i = 0; i < sizeof grading / sizeof grading[0]; i++) {
		double v = value[grading[i].input];
		for (int k = 2; k >= 0; k--) {
			if (v < 0 || v < grading[i].at_least[k])
				continue;
			if (GRADE_RELATIVELY_MAJOR + k > grade) {
				grade = GRADE_RELATIVELY_MAJOR + k;
				if (why)
					*why = grade_reason[grading[i].input][k];
			}
			break;
		}
	}
	return grade;
}

zdate notice_deadline(const struct rule *r, const struct cal *cal, const struct notice *n, bool *complete)
{
	if (complete)
		*complete = true;
	if (n->rectify_by != ZDATE_NONE)
		return n->rectify_by;
	return cal_add_workdays(cal, n->received_on, r->workdays, complete);
}

/* 004 五: 凡接到网络安全事件正式通报后，须在3个工作日内完成安全事件整改落实和风险漏洞修复，并将整改
 * 落实情况反馈给通报部门. notice_deadline: not rectified by the deadline holds from the day after
 * it until rectified; rectified late stays on record for lookback_days from receipt (004 五,
 * 八(五)). notice_feedback: a notice rectified (by d) without feedback to the issuer by the same
 * deadline; one not yet rectified is notice_deadline's alone. */
int check_notices(const struct rule *r, const struct cal *cal, const struct facts *f, zidx org, zdate d,
		  struct findings *out)
{
	FACTS_EACH(f, notice, org, ni) {
		const struct notice *n = &f->notices.v[ni];
		const struct rule *v = rule_at(r, n->received_on);
		if (!v)
			continue;
		zdate deadline = notice_deadline(v, cal, n, NULL);
		zdate done = v->kind == RK_NOTICE_DEADLINE ? n->rectified_on : n->feedback_on;
		if (d <= deadline || (done != ZDATE_NONE && done <= deadline))
			continue;
		int reason;
		if (done == ZDATE_NONE || done > d) {
			if (v->kind == RK_NOTICE_FEEDBACK && (n->rectified_on == ZDATE_NONE || n->rectified_on > d))
				continue;
			reason = v->kind == RK_NOTICE_DEADLINE ? R_NOTICE_OVERDUE : R_FEEDBACK_MISSING;
		} else {
			/* done late, by d: kept for the look-back */
			if (d >= n->received_on + v->lookback_days)
				continue;
			reason = v->kind == RK_NOTICE_DEADLINE ? R_NOTICE_RECTIFIED_LATE : R_FEEDBACK_LATE;
		}
		zidx first = f->ix.notice_system[ni] < f->ix.notice_system[ni + 1]
				     ? f->notice_systems.v[f->ix.system_by_notice[f->ix.notice_system[ni]]].system
				     : ZIDX_NONE;
		struct finding *fd = engine_emit(out, v, org, first >= 0 ? SUBJ_SYSTEM : SUBJ_ORG,
						 first >= 0 ? first : org, reason, deadline + 1);
		if (!fd)
			return ZE_NOMEM;
		fd->notice = ni;
		fd->date = deadline;
	}
	return 0;
}

/* The subject of an incident's findings: its system, or the unit when it names none. */
static struct finding *emit_for(struct findings *out, const struct rule *r, zidx org, const struct incident *x,
				zidx xi, int reason, zdate since)
{
	struct finding *fd = engine_emit(out, r, org, x->system >= 0 ? SUBJ_SYSTEM : SUBJ_ORG,
					 x->system >= 0 ? x->system : org, reason, since);
	if (fd)
		fd->incident = xi;
	return fd;
}

void incident_report_limit(const struct rule *r, const struct facts *f, zidx xi, struct report_limit *out)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct rule *v = rule_at(r, org_date(f, x->org, x->occurred));
	*out = (struct report_limit){NULL, 0, ZTIME_NONE};
	/* 国家网络安全事件报告管理办法 (2025): only events of min_grade (较大) and above must be
	 * reported, within a limit set by who the unit is; the unit's own rule (002: 24 h) has no
	 * min_grade and one limit for every incident. */
	if (!v || (v->min_grade > GRADE_NONE && incident_grade(f, x, NULL) < v->min_grade))
		return;
	int type = org_operator_type(f, x->org);
	int hours = v->operator_hours[type] ? v->operator_hours[type] : v->hours;
	struct ztime from = ztime_set(x->detected) ? x->detected : x->occurred;
	*out = (struct report_limit){v, hours, {from.t + (int64_t)hours * 3600, from.offset}};
}

static int check_report(const struct rule *r, const struct facts *f, zidx org, zidx xi, zdate d,
			struct findings *out)
{
	const struct incident *x = &f->incidents.v[xi];
	struct report_limit lim;
	incident_report_limit(r, f, xi, &lim);
	if (!lim.rule)
		return 0;
	zdate due_day = org_date(f, org, lim.due);
	bool late = ztime_set(x->reported) ? x->reported.t > lim.due.t : true;
	if (!late || d < due_day || d >= org_date(f, org, x->occurred) + lim.rule->lookback_days)
		return 0;
	/* Not reported yet as of d: the report is still missing. Reported after d: as of d it was
	 * still missing too. */
	bool reported_by_d = ztime_set(x->reported) && org_date(f, org, x->reported) <= d;
	struct finding *fd = emit_for(out, lim.rule, org, x, xi, reported_by_d ? R_REPORTED_LATE : R_NOT_REPORTED, due_day);
	if (!fd)
		return ZE_NOMEM;
	fd->date = due_day;
	fd->count = lim.hours;
	return 0;
}

static int check_repeat(const struct rule *r, const struct facts *f, zidx org, zidx xi, zdate d,
			struct findings *out)
{
	const struct incident *x = &f->incidents.v[xi];
	zdate day = org_date(f, org, x->occurred);
	const struct rule *v = rule_at(r, day);
	if (!v || x->system < 0 || d < day || d >= day + v->lookback_days)
		return 0;
	zdate window = date_add_months(day, -v->months);
	zidx earlier = ZIDX_NONE, notice = ZIDX_NONE;
	FACTS_EACH(f, incident, org, yi) {
		const struct incident *y = &f->incidents.v[yi];
		if (yi != xi && y->system == x->system && y->occurred.t < x->occurred.t &&
		    org_date(f, org, y->occurred) >= window &&
		    (earlier < 0 || y->occurred.t > f->incidents.v[earlier].occurred.t))
			earlier = yi;
	}
	if (earlier < 0) {
		FACTS_EACH(f, notice, org, ni) {
			const struct notice *n = &f->notices.v[ni];
			if (n->received_on < window || n->received_on > day)
				continue;
			for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
				if (f->notice_systems.v[f->ix.system_by_notice[k]].system == x->system)
					notice = ni;
		}
	}
	if (earlier < 0 && notice < 0)
		return 0;
	struct finding *fd = emit_for(out, v, org, x, xi, earlier >= 0 ? R_REPEAT_INCIDENT : R_REPEAT_NOTICE, day);
	if (!fd)
		return ZE_NOMEM;
	fd->other_incident = earlier;
	fd->notice = notice;
	return 0;
}

/* Whether the incident is an attack: as recorded, else by its classification. */
static bool attacked(const struct rule *v, const struct incident *x)
{
	if (x->attacked != TRI_NULL)
		return x->attacked == TRI_TRUE;
	for (const char *const *c = v->attack_classes; x->classification && c && *c; c++)
		if (!strcmp(*c, x->classification))
			return true;
	return false;
}

/* 004 八(二): 主要服务器、重要系统受到攻击后没有及时组织处置，且瘫痪 6 小时以上. Every part must
 * hold: an important system (CII, or at important_min_level or above), an attack (recorded or
 * by classification), handling not shown to have been organised in time (only
 * handled_in_time: true clears it), down `hours` or more (以上 includes the figure). */
bool incident_outage_holds(const struct rule *r, const struct facts *f, zidx xi)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct rule *v = rule_at(r, org_date(f, x->org, x->occurred));
	if (!v || x->system < 0 || x->outage_hours < 0 || x->outage_hours < v->hours)
		return false;
	/* the system as registered on the day it happened */
	struct system_state st;
	system_state_on(f, x->system, org_date(f, x->org, x->occurred), &st);
	bool important = !v->important_min_level || f->systems.v[x->system].critical_infrastructure == TRI_TRUE ||
			 st.mlps_level >= v->important_min_level;
	return important && attacked(v, x) && x->handled_in_time != TRI_TRUE;
}

static int check_outage(const struct rule *r, const struct facts *f, zidx org, zidx xi, zdate d,
			struct findings *out)
{
	const struct incident *x = &f->incidents.v[xi];
	zdate day = org_date(f, org, x->occurred);
	const struct rule *v = rule_at(r, day);
	if (!v || d < day || d >= day + v->lookback_days || !incident_outage_holds(r, f, xi))
		return 0;
	return emit_for(out, v, org, x, xi, R_OUTAGE, day) ? 0 : ZE_NOMEM;
}

static int check_summary(const struct rule *r, const struct facts *f, zidx org, zidx xi, zdate d,
			 struct findings *out)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct rule *v = rule_at(r, org_date(f, org, x->occurred));
	if (!v || !ztime_set(x->resolved) || incident_grade(f, x, NULL) < v->min_grade)
		return 0;
	zdate deadline = org_date(f, org, x->resolved) + v->days;
	if (d <= deadline || (x->summary_on != ZDATE_NONE && x->summary_on <= d))
		return 0;
	struct finding *fd = emit_for(out, v, org, x, xi, R_SUMMARY_MISSING, deadline + 1);
	if (!fd)
		return ZE_NOMEM;
	fd->date = deadline;
	return 0;
}

int check_incidents(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	FACTS_EACH(f, incident, org, xi) {
		int rc = 0;
		switch (r->kind) {
		case RK_INCIDENT_REPORT: rc = check_report(r, f, org, xi, d, out); break;
		case RK_INCIDENT_REPEAT: rc = check_repeat(r, f, org, xi, d, out); break;
		case RK_INCIDENT_OUTAGE: rc = check_outage(r, f, org, xi, d, out); break;
		case RK_INCIDENT_SUMMARY: rc = check_summary(r, f, org, xi, d, out); break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int obligation_finding(struct findings *out, const struct rule *r, zidx org, int kind, zidx subject,
			      const struct obligation_def *o, const struct recur_occurrence *oc)
{
	struct finding *fd = engine_emit(out, r, org, kind, subject, R_OBLIGATION_OVERDUE, oc->due + 1);
	if (!fd)
		return ZE_NOMEM;
	fd->obligation = o;
	fd->post = (int8_t)(o->owner_kind == OWNER_POST ? o->owner_post : POST_NONE);
	fd->date = oc->due;
	memcpy(fd->period, oc->period, sizeof fd->period);
	return 0;
}

zdate obligation_done_on(const struct facts *f, zidx org, const struct obligation_def *o,
			 const struct recur_occurrence *oc, zidx dept, zidx *record)
{
	zidx ri = facts_find_record(f, org, o->id, oc->period, dept);
	zdate on = ri >= 0 ? f->records.v[ri].done_on : ZDATE_MAX;
	if (o->done_by == DONE_BY_TRAINING_DEPARTMENT && dept >= 0)
		FACTS_EACH(f, training, org, ti) {
			const struct training_session *t = &f->trainings.v[ti];
			if (t->level == TRL_DEPARTMENT && t->dept == dept && t->held_on >= oc->start && t->held_on < oc->end &&
			    t->held_on < on)
				on = t->held_on;
		}
	*record = ri;
	return on;
}

/* Whether the occurrence was done by day d. */
static bool done_by(const struct facts *f, zidx org, const struct obligation_def *o, const struct recur_occurrence *oc,
		    zidx dept, zdate d)
{
	zidx ri;
	return obligation_done_on(f, org, o, oc, dept, &ri) <= d;
}

int check_obligations(struct engine *en, const struct rule *r, const struct policy *p, const struct facts *f,
		      zidx org, zdate d, struct findings *out)
{
	for (int i = 0; i < p->nobligations; i++) {
		const struct obligation_def *o = &p->obligations[i];
		size_t n;
		const struct recur_occurrence *occ = engine_occurrences(en, o, d, r->lookback_days, &n);
		for (size_t k = 0; k < n; k++) {
			/* overdue from the day after it fell due, within the lookback, once owed */
			if (occ[k].due >= d || occ[k].due < d - r->lookback_days || occ[k].start < o->from)
				continue;
			int rc = 0;
			if (o->owner_kind == OWNER_EACH_DEPARTMENT) {
				FACTS_EACH(f, dept, org, di) {
					/* a department owes what fell due while it existed */
					struct span life = facts_span(f, SPAN_DEPT, di);
					if (!span_on(life, d) || occ[k].due < life.from)
						continue;
					if (!rc && !done_by(f, org, o, &occ[k], di, d))
						rc = obligation_finding(out, r, org, SUBJ_DEPARTMENT, di, o, &occ[k]);
				}
			} else if (!done_by(f, org, o, &occ[k], ZIDX_NONE, d)) {
				rc = obligation_finding(out, r, org, SUBJ_ORG, org, o, &occ[k]);
			}
			if (rc)
				return rc;
		}
	}
	return 0;
}
