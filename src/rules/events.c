/* Time-driven rules over incidents and notices: deadlines in hours, days and working days.
 * A breach that is over (an incident reported late) stays among the findings for the rule's
 * lookback, so it can be answered for; a breach still running holds until it is mended. */
#include <string.h>

#include "rules/internal.h"

/* Every day below that comes from a time is the day in the unit's time zone (org_date): an
 * incident at 2025-07-31T17:30:00Z happened on 1 August in Beijing. */

int incident_grade(const struct incident *x, const char **why)
{
	/* 国家网络安全事件报告管理办法 (2025): personal information of at least 1亿 / 1000万 / 100万
	 * people makes an incident 特别重大 / 重大 / 较大. */
	static const struct {
		int64_t people;
		int grade;
		const char *why;
	} thresholds[] = {
		{100000000, GRADE_ESPECIALLY_MAJOR, "个人信息泄露达1亿人以上（特别重大）"},
		{10000000, GRADE_MAJOR, "个人信息泄露达1000万人以上（重大）"},
		{1000000, GRADE_RELATIVELY_MAJOR, "个人信息泄露达100万人以上（较大）"},
	};
	int grade = x->grade;
	if (why)
		*why = NULL;
	for (size_t i = 0; i < sizeof thresholds / sizeof thresholds[0]; i++) {
		if (x->personal_info_records >= thresholds[i].people) {
			if (thresholds[i].grade > grade) {
				grade = thresholds[i].grade;
				if (why)
					*why = thresholds[i].why;
			}
			break;
		}
	}
	return grade;
}

int check_notices(const struct rule *r, const struct cal *cal, const struct facts *f, zidx org, zdate d,
		  struct findings *out)
{
	FACTS_EACH(f, notice, org, ni) {
		const struct notice *n = &f->notices.v[ni];
		const struct rule *v = rule_at(r, n->received_on);
		if (!v)
			continue;
		/* 004 五: rectified within N working days of receipt, the day of receipt not counted. */
		zdate deadline = cal_add_workdays(cal, n->received_on, v->workdays, NULL);
		if (d <= deadline || (n->rectified_on != ZDATE_NONE && n->rectified_on <= d))
			continue;
		zidx first = f->ix.notice_system[ni] < f->ix.notice_system[ni + 1]
				     ? f->notice_systems.v[f->ix.system_by_notice[f->ix.notice_system[ni]]].system
				     : ZIDX_NONE;
		struct finding *fd = engine_emit(out, v, org, first >= 0 ? SUBJ_SYSTEM : SUBJ_ORG,
						 first >= 0 ? first : org, R_NOTICE_OVERDUE, deadline + 1);
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
	if (!v || (v->min_grade > GRADE_NONE && incident_grade(x, NULL) < v->min_grade))
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

static int check_outage(const struct rule *r, const struct facts *f, zidx org, zidx xi, zdate d,
			struct findings *out)
{
	const struct incident *x = &f->incidents.v[xi];
	zdate day = org_date(f, org, x->occurred);
	const struct rule *v = rule_at(r, day);
	if (!v || x->outage_hours < v->hours || d < day || d >= day + v->lookback_days)
		return 0;
	return emit_for(out, v, org, x, xi, R_OUTAGE, day) ? 0 : ZE_NOMEM;
}

static int check_summary(const struct rule *r, const struct facts *f, zidx org, zidx xi, zdate d,
			 struct findings *out)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct rule *v = rule_at(r, org_date(f, org, x->occurred));
	if (!v || !ztime_set(x->resolved) || incident_grade(x, NULL) < v->min_grade)
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

/* Whether a record says the occurrence was done by day d. */
static bool done_by(const struct facts *f, zidx org, const char *obligation, const char *period, zidx dept, zdate d)
{
	zidx ri = facts_find_record(f, org, obligation, period, dept);
	return ri >= 0 && f->records.v[ri].done_on <= d;
}

int check_obligations(struct engine *en, const struct rule *r, const struct policy *p, const struct facts *f,
		      zidx org, zdate d, struct findings *out)
{
	for (int i = 0; i < p->nobligations; i++) {
		const struct obligation_def *o = &p->obligations[i];
		size_t n;
		const struct recur_occurrence *occ = engine_occurrences(en, o, d, r->lookback_days, &n);
		for (size_t k = 0; k < n; k++) {
			/* overdue from the day after it fell due, within the lookback */
			if (occ[k].due >= d || occ[k].due < d - r->lookback_days)
				continue;
			int rc = 0;
			if (o->owner_kind == OWNER_EACH_DEPARTMENT) {
				FACTS_EACH(f, dept, org, di) {
					if (!rc && !done_by(f, org, o->id, occ[k].period, di, d))
						rc = obligation_finding(out, r, org, SUBJ_DEPARTMENT, di, o, &occ[k]);
				}
			} else if (!done_by(f, org, o->id, occ[k].period, ZIDX_NONE, d)) {
				rc = obligation_finding(out, r, org, SUBJ_ORG, org, o, &occ[k]);
			}
			if (rc)
				return rc;
		}
	}
	return 0;
}
