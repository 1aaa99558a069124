/* Scoring a year (see evaluation.h). What counts against a subject is decided once, here:
 * a department answers for what is attributed to it (a finding about it, one of its people or
 * its systems; its own duty occurrences; notices and incidents about its systems), the unit's
 * own sheet for what is attributed to no department, a supervised unit for all of its record.
 * Late and overdue are the definitions of duties.c and events.c, findings the engine's. */
#include "core/evaluation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/duties.h"
#include "core/events.h"
#include "core/render.h"
#include "util/vec.h"

#define HELD_MAX 1000000 /* distinct findings of one unit in one year */

/* A finding seen on one or more of the days checked, with the days of the year it held. */
struct held {
	struct finding fd; /* as last seen */
	zdate from, to;    /* the current run within the year */
	int days_before;   /* days of earlier runs */
};

struct year_record {
	zidx u;
	const struct policy *p;
	zdate from, to; /* the year up to as_of */
	struct held *v;
	size_t n, cap;
	struct duty_list duties;
	struct rule *rules; /* the rules of p whose findings an indicator counts (copies) */
	json_t **cites;     /* each indicator's citations, built once for every sheet (shared) */
};

static bool same_finding(const struct finding *a, const struct finding *b)
{
	/* the rule itself, or its base when a version of it judged */
	return (a->rule == b->rule || !strcmp(a->rule->id, b->rule->id)) && a->subject_kind == b->subject_kind && a->subject == b->subject &&
	       a->post == b->post && a->other_post == b->other_post && a->seat == b->seat && a->person == b->person &&
	       a->dept == b->dept && a->agreement == b->agreement && a->incident == b->incident &&
	       a->other_incident == b->other_incident && a->notice == b->notice && a->handover == b->handover &&
	       a->vulnerability == b->vulnerability && a->plan == b->plan && a->obligation == b->obligation &&
	       strcmp(a->period, b->period) == 0;
}

/* Adds the findings of one check (as of day d, in chronological order of d). */
static int note_findings(struct year_record *r, const struct findings *fs, zdate d, struct zerr *e)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		zdate from = fd->since == ZDATE_MIN || fd->since < r->from ? r->from : fd->since;
		struct held *h = NULL;
		for (size_t k = r->n; k-- > 0 && !h;)
			if (same_finding(&r->v[k].fd, fd))
				h = &r->v[k];
		if (h) {
			if (from > h->to + 1) { /* a new run after a break */
				h->days_before += (int)(h->to - h->from + 1);
				h->from = from;
			} else if (from < h->from) {
				h->from = from;
			}
			h->to = d;
			h->fd = *fd;
			continue;
		}
		if (r->n == HELD_MAX)
			return zerr_set(e, ZE_LIMIT, "more than %d findings in one unit's year", HELD_MAX);
		if (vec_room((void **)&r->v, &r->cap, r->n, sizeof *r->v, 64))
			return zerr_set(e, ZE_NOMEM, "out of memory");
		r->v[r->n++] = (struct held){*fd, from, d, 0};
	}
	return 0;
}

static bool named(const struct measure *m, const char *id)
{
	for (int k = 0; k < m->nids; k++)
		if (!strcmp(m->ids[k], id))
			return true;
	return m->nids == 0;
}

static bool counts_findings(const struct measure *m)
{
	return m->of == MO_FINDINGS || m->of == MO_INCIDENTS_REPEAT;
}

static bool measure_names(const struct measure *m, const char *rule)
{
	return counts_findings(m) && named(m, rule);
}

/* Does an indicator of ev count the findings of rule? */
static bool rule_counted(const struct evaluation_def *ev, const char *rule)
{
	for (int i = 0; i < ev->n; i++) {
		const struct indicator *x = &ev->v[i];
		if (x->scoring == IS_VETO && measure_names(&x->veto, rule))
			return true;
		for (int k = 0; k < x->ndeduct; k++)
			if (measure_names(&x->deduct[k], rule))
				return true;
		for (int k = 0; k < x->naward; k++)
			if (measure_names(&x->award[k], rule))
				return true;
	}
	return false;
}

/* Rules whose findings move with the same kind of fact, checked together: posts and bodies,
 * systems, agreements, background checks, events, duties, plans. */
static int fact_class(int kind)
{
	switch (kind) {
	case RK_SYSTEM_OWNER:
	case RK_SYSTEM_MLPS:
	case RK_VULNERABILITY_FIX: return 1;
	case RK_AGREEMENT_IN_FORCE:
	case RK_AGREEMENT_EXPIRING:
	case RK_REQUIRED_AGREEMENT: return 2;
	case RK_PERSONNEL_RECORD: return 3;
	case RK_NOTICE_DEADLINE:
	case RK_NOTICE_FEEDBACK:
	case RK_INCIDENT_REPORT:
	case RK_INCIDENT_REPEAT:
	case RK_INCIDENT_OUTAGE:
	case RK_INCIDENT_SUMMARY: return 4;
	case RK_OBLIGATION_OVERDUE: return 5;
	case RK_EMERGENCY_PLAN: return 6;
	default: return 0;
	}
}
#define FACT_CLASSES 7

/* Checks the rules rules[0..n) of unit u on the days their findings can change
 * (engine_check_days): on each run's last day within the year, whose `since` gives its first. */
static int gather_rules(struct engine *en, const struct facts *f, struct year_record *r, struct rule *rules, int n,
			struct findings *fs, struct zerr *e)
{
	struct policy view = *r->p;
	zdate *days = NULL;
	size_t ndays = 0;
	int rc = 0;
	view.rules = rules;
	view.nrules = n;
	if ((rc = engine_check_days(en, &view, f, r->u, r->from, r->to, &days, &ndays)))
		return rc == ZE_LIMIT ? zerr_set(e, rc, "unit '%s' has too many changes in the year to score", f->orgs.v[r->u].id)
				      : zerr_set(e, rc, "out of memory");
	for (size_t i = 0; i < ndays && !rc; i++) {
		fs->n = 0;
		if ((rc = engine_check(en, &view, f, r->u, days[i], fs)))
			rc = zerr_set(e, rc, "out of memory checking unit '%s'", f->orgs.v[r->u].id);
		else
			rc = note_findings(r, fs, days[i], e);
	}
	free(days);
	return rc;
}

/* The year's record of unit u: every finding an indicator counts, with the days of the year
 * it held (exactly: a finding held on any day is seen), and the duty occurrences due. The
 * counted rules are checked class by class, each only on the days its facts change. */
static int gather(struct engine *en, struct duty_cache *dc, const struct facts *f, const struct cal *cal,
		  const struct evaluation_def *ev, struct year_record *r, struct zerr *e)
{
	int rc = 0, n = 0;
	struct findings fs = {0};
	if (r->p->nrules && !(r->rules = malloc((size_t)r->p->nrules * sizeof *r->rules)))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	engine_set_calendar(en, cal);
	for (int c = 0; c < FACT_CLASSES && !rc; c++) {
		int first = n;
		for (int i = 0; i < r->p->nrules; i++)
			if (fact_class(r->p->rules[i].kind) == c && rule_counted(ev, r->p->rules[i].id))
				r->rules[n++] = r->p->rules[i];
		if (n > first)
			rc = gather_rules(en, f, r, r->rules + first, n - first, &fs, e);
	}
	findings_release(&fs);
	if (!rc)
		rc = dc ? duties_list_cached(dc, f, cal, r->p, r->u, r->to, r->from, r->to, &r->duties, e)
			: duties_list(f, cal, r->p, r->u, r->to, r->from, r->to, &r->duties, e);
	return rc;
}

static void year_record_release(struct year_record *r)
{
	free(r->v);
	free(r->rules);
	duties_release(&r->duties);
}

static double round2(double x)
{
	return round(x * 100.0) / 100.0;
}

static zidx finding_dept(const struct facts *f, const struct finding *fd)
{
	switch (fd->subject_kind) {
	case SUBJ_DEPARTMENT: return fd->subject;
	case SUBJ_PERSON: return f->people.v[fd->subject].dept;
	case SUBJ_SYSTEM: return f->systems.v[fd->subject].owner_dept;
	default: break;
	}
	if (fd->dept >= 0)
		return fd->dept;
	if (fd->person >= 0)
		return f->people.v[fd->person].dept;
	if (fd->incident >= 0 && f->incidents.v[fd->incident].system >= 0)
		return f->systems.v[f->incidents.v[fd->incident].system].owner_dept;
	return ZIDX_NONE;
}

/* Whom a sheet is about: one department, the unit's own part (dept NONE), or all of a unit. */
struct subject {
	int kind; /* enum indicator_applies */
	zidx dept;
};

static bool counts_for(const struct subject *s, zidx dept)
{
	return s->kind == IA_SUPERVISED || dept == s->dept;
}

/* Does a notice concern the subject: a department owns one of its systems; the unit's own
 * part when no department does. */
static bool notice_counts_for(const struct facts *f, zidx ni, const struct subject *s)
{
	bool any = false;
	if (s->kind == IA_SUPERVISED)
		return true;
	for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++) {
		zidx owner = f->systems.v[f->notice_systems.v[f->ix.system_by_notice[k]].system].owner_dept;
		if (owner >= 0) {
			any = true;
			if (owner == s->dept)
				return true;
		}
	}
	return !any && s->dept == ZIDX_NONE;
}

static zidx incident_dept(const struct facts *f, const struct incident *x)
{
	return x->system >= 0 ? f->systems.v[x->system].owner_dept : ZIDX_NONE;
}

static zdate incident_day(const struct facts *f, const struct incident *x)
{
	struct ztime t = ztime_set(x->occurred) ? x->occurred : x->detected;
	return !ztime_set(t) ? ZDATE_NONE : org_date(f, x->org, t);
}

static const struct rule *rule_of_kind(const struct policy *p, int kind)
{
	for (int i = 0; i < p->nrules; i++)
		if (p->rules[i].kind == kind)
			return &p->rules[i];
	return NULL;
}

/* What one measure adds up to for a subject; its causes appended to causes (capped). */
struct tally {
	double points;
	json_t *causes;
	size_t more; /* causes not listed past EVAL_CAUSES_MAX */
	struct strbuf sb;
};

static void cause(struct tally *t, const struct measure *m, double points, json_t *c)
{
	t->points += points;
	if (json_array_size(t->causes) >= EVAL_CAUSES_MAX) {
		t->more++;
		json_decref(c);
		return;
	}
	json_object_set_new(c, "points", json_real(round2(points)));
	json_object_set_new(c, "of", json_string(measure_of_id(m->of)));
	json_array_append_new(t->causes, c);
}

static void measure(const struct facts *f, const struct cal *cal, const struct year_record *r, const struct subject *s,
		    const struct measure *m, double sign, struct tally *t)
{
	char d1[ZDATE_BUFSZ], d2[ZDATE_BUFSZ];
	double before = t->points;
	switch (m->of) {
	case MO_FINDINGS:
	case MO_INCIDENTS_REPEAT:
		for (size_t i = 0; i < r->n; i++) {
			const struct held *h = &r->v[i];
			if (!named(m, h->fd.rule->id) || (m->of == MO_FINDINGS && h->fd.rule->severity > m->severity) ||
			    !counts_for(s, finding_dept(f, &h->fd)))
				continue;
			int days = h->days_before + (int)(h->to - h->from + 1);
			json_t *c = finding_json(f, &h->fd, &t->sb);
			json_object_set_new(c, "kind", json_string("finding"));
			json_object_set_new(c, "held_from", json_string(date_format(h->from, d1)));
			json_object_set_new(c, "held_to", json_string(date_format(h->to, d2)));
			json_object_set_new(c, "days", json_integer(days));
			cause(t, m, sign * m->points * (m->per_day ? days : 1), c);
		}
		break;
	case MO_DUTIES_OVERDUE:
	case MO_DUTIES_ON_TIME:
		for (size_t i = 0; i < r->duties.n; i++) {
			const struct duty *d = &r->duties.v[i];
			if (!named(m, d->o->id) || !counts_for(s, d->dept))
				continue;
			bool late = duty_was_overdue(f, d, r->to);
			if (m->of == MO_DUTIES_OVERDUE ? !late : late || d->status != DUTY_DONE)
				continue;
			json_t *c = duty_json(f, r->u, d, 0);
			json_object_set_new(c, "kind", json_string("duty"));
			json_object_set_new(c, "message",
					    json_sprintf("%s（%s）%s", d->o->title_zh, d->oc.period,
							 late ? "未按期完成" : "按期完成"));
			json_object_set_new(c, "citations", citations_json(d->o->citations, d->o->ncitations, true));
			cause(t, m, sign * m->points, c);
		}
		break;
	case MO_NOTICES_LATE: {
		const struct rule *nr = rule_of_kind(r->p, RK_NOTICE_DEADLINE);
		FACTS_EACH(f, notice, r->u, ni) {
			const struct notice *n = &f->notices.v[ni];
			if (n->received_on < r->from || n->received_on > r->to || !notice_counts_for(f, ni, s))
				continue;
			struct notice_status st;
			notice_status(f, cal, ni, notice_workdays(r->p, n->received_on), r->to, &st);
			if (!st.overdue && !(st.rectified_by && n->rectified_on > st.due))
				continue;
			json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "kind", "notice", "notice", n->id, "title",
					      n->title ? n->title : "", "due_on", date_format(st.due, d1));
			json_object_set_new(c, "rectified_on", json_date_or_null(n->rectified_on));
			json_object_set_new(c, "message",
					    st.overdue ? json_sprintf("通报“%s”逾期未整改（整改期限 %s）", n->title ? n->title : n->id, d1)
						       : json_sprintf("通报“%s”逾期整改（整改期限 %s，%s 整改）",
								      n->title ? n->title : n->id, d1,
								      date_format(n->rectified_on, d2)));
			if (nr)
				json_object_set_new(c, "citations", citations_json(nr->citations, nr->ncitations, true));
			cause(t, m, sign * m->points, c);
		}
		break;
	}
	case MO_INCIDENTS_LATE:
	case MO_INCIDENTS: {
		const struct rule *ir = rule_of_kind(r->p, RK_INCIDENT_REPORT);
		FACTS_EACH(f, incident, r->u, xi) {
			const struct incident *x = &f->incidents.v[xi];
			zdate day = incident_day(f, x);
			if (day == ZDATE_NONE || day < r->from || day > r->to || !counts_for(s, incident_dept(f, x)))
				continue;
			json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "kind", "incident", "incident", x->id, "title",
					      x->title ? x->title : "", "occurred_on", date_format(day, d1));
			if (m->of == MO_INCIDENTS) {
				int g = incident_grade(f, x, NULL);
				if (g < m->min_grade) {
					json_decref(c);
					continue;
				}
				json_object_set_new(c, "grade", json_string(grade_id(g)));
				json_object_set_new(c, "message", json_sprintf("发生%s网络安全事件“%s”（%s）",
									    grade_name_zh(g), x->title ? x->title : x->id, d1));
				cause(t, m, 0, c);
				continue;
			}
			struct incident_deadlines dl;
			incident_deadlines(r->p, f, xi, r->to, &dl);
			if (!dl.report_late && !dl.report_overdue) {
				json_decref(c);
				continue;
			}
			json_object_set_new(c, "message", json_sprintf(dl.report_late ? "安全事件“%s”报告超时（时限 %d 小时）"
										      : "安全事件“%s”逾期未报告（时限 %d 小时）",
								       x->title ? x->title : x->id, dl.report_hours));
			if (ir)
				json_object_set_new(c, "citations", citations_json(ir->citations, ir->ncitations, true));
			cause(t, m, sign * m->points, c);
		}
		break;
	}
	default: break;
	}
	/* A measure's cap (max) bounds what it adds; the causes stay listed with their points. */
	if (m->max > 0 && fabs(t->points - before) > m->max)
		t->points = before + sign * m->max;
}

static json_t *score_item(const struct facts *f, const struct cal *cal, const struct year_record *r,
			  const struct subject *s, const struct evaluation_def *ev, const struct indicator *x)
{
	const struct indicator *parent = &ev->v[x->parent];
	struct tally t = {0, json_array(), 0, {0}};
	sb_init(&t.sb, 1 << 16);
	json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s}", "indicator", x->id, "parent", parent->id, "parent_title",
			       parent->title_zh, "title", x->title_zh, "scoring", indicator_scoring_id(x->scoring));
	if (x->scoring == IS_VETO) {
		measure(f, cal, r, s, &x->veto, 1, &t);
		json_object_set_new(it, "veto", json_boolean(json_array_size(t.causes) > 0));
		json_object_set_new(it, "marks", json_integer(0));
		json_object_set_new(it, "score", json_null());
	} else if (x->scoring == IS_MANUAL) {
		json_object_set_new(it, "marks", json_real(x->marks));
		json_object_set_new(it, "score", json_null());
		if (x->guide_zh)
			json_object_set_new(it, "guide", json_string(x->guide_zh));
	} else {
		double award = 0, deduct = 0;
		for (int k = 0; k < x->naward; k++) {
			double b = t.points;
			measure(f, cal, r, s, &x->award[k], 1, &t);
			award += t.points - b;
		}
		for (int k = 0; k < x->ndeduct; k++) {
			double b = t.points;
			measure(f, cal, r, s, &x->deduct[k], -1, &t);
			deduct += b - t.points;
		}
		double score = (x->naward ? 0 : x->marks) + award - deduct;
		score = round2(score < 0 ? 0 : score > x->marks ? x->marks : score);
		json_object_set_new(it, "marks", json_real(x->marks));
		json_object_set_new(it, "score", json_real(score));
		json_object_set_new(it, "auto_score", json_real(score));
	}
	json_object_set_new(it, "causes", t.causes);
	if (t.more)
		json_object_set_new(it, "causes_not_listed", json_integer((json_int_t)t.more));
	json_t **c = &r->cites[x - ev->v];
	if (!*c)
		*c = citations_json(x->citations, x->ncitations, true);
	json_object_set(it, "citations", *c);
	sb_release(&t.sb);
	return it;
}

static json_t *sheet(const struct facts *f, const struct cal *cal, const struct year_record *r,
		     const struct subject *s, const struct evaluation_def *ev)
{
	const char *id, *name;
	if (s->kind == IA_DEPARTMENT)
		id = f->depts.v[s->dept].id, name = f->depts.v[s->dept].name;
	else
		id = f->orgs.v[r->u].id, name = f->orgs.v[r->u].name;
	json_t *items = json_array();
	for (int i = 0; i < ev->n; i++)
		if (ev->v[i].scoring != IS_GROUP && ev->v[i].applies == s->kind)
			json_array_append_new(items, score_item(f, cal, r, s, ev, &ev->v[i]));
	return json_pack("{s:s, s:s, s:s, s:o}", "kind", indicator_applies_id(s->kind), "id", id, "name", name, "items",
			 items);
}

static int by_percent(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	double px = json_is_true(json_object_get(x, "veto")) ? -1 : json_number_value(json_object_get(x, "percent"));
	double py = json_is_true(json_object_get(y, "veto")) ? -1 : json_number_value(json_object_get(y, "percent"));
	return (px < py) - (px > py);
}

void eval_total(json_t *result, const struct evaluation_def *ev)
{
	json_t *sheets = json_object_get(result, "sheets"), *sh;
	size_t i, n = json_array_size(sheets);
	json_array_foreach(sheets, i, sh) {
		double marks = 0, score = 0;
		bool veto = false, complete = true;
		size_t k;
		json_t *it;
		json_array_foreach(json_object_get(sh, "items"), k, it) {
			if (json_is_true(json_object_get(it, "veto")))
				veto = true;
			if (!strcmp(json_string_value(json_object_get(it, "scoring")), "veto"))
				continue;
			marks += json_number_value(json_object_get(it, "marks"));
			json_t *sc = json_object_get(it, "score");
			if (json_is_null(sc))
				complete = false;
			else
				score += json_number_value(sc);
		}
		double percent = marks > 0 ? round2(score * 100.0 / marks) : 100;
		const struct grade_band *g = evaluation_grade(ev, percent, veto);
		json_object_set_new(sh, "marks", json_real(round2(marks)));
		json_object_set_new(sh, "score", json_real(round2(score)));
		json_object_set_new(sh, "percent", json_real(percent));
		json_object_set_new(sh, "veto", json_boolean(veto));
		json_object_set_new(sh, "complete", json_boolean(complete));
		json_object_set_new(sh, "grade", json_string(g->id));
		json_object_set_new(sh, "grade_name", json_string(g->name_zh));
	}
	/* Rank within each kind: by percent, a vetoed sheet last; equal percents share a rank. */
	json_t **v = n ? malloc(n * sizeof *v) : NULL;
	for (int kind = 0; v && kind < IA_COUNT; kind++) {
		size_t m = 0;
		json_array_foreach(sheets, i, sh)
			if (!strcmp(json_string_value(json_object_get(sh, "kind")), indicator_applies_id(kind)))
				v[m++] = sh;
		qsort(v, m, sizeof *v, by_percent);
		for (size_t k = 0; k < m; k++)
			json_object_set_new(v[k], "rank",
					    json_integer(k > 0 && by_percent(&v[k - 1], &v[k]) == 0
								 ? json_integer_value(json_object_get(v[k - 1], "rank"))
								 : (json_int_t)k + 1));
	}
	free(v);
}

static int score_record(struct engine *en, struct duty_cache *dc, const struct facts *f, const struct cal *cal, struct year_record *r,
			const struct evaluation_def *ev, int kind, json_t *sheets, struct zerr *e)
{
	int rc = gather(en, dc, f, cal, ev, r, e);
	if (rc)
		return rc;
	if (kind == IA_DEPARTMENT) {
		FACTS_EACH(f, dept, r->u, di) {
			struct subject s = {IA_DEPARTMENT, di};
			json_array_append_new(sheets, sheet(f, cal, r, &s, ev));
		}
		struct subject s = {IA_UNIT, ZIDX_NONE};
		json_array_append_new(sheets, sheet(f, cal, r, &s, ev));
	} else {
		struct subject s = {IA_SUPERVISED, ZIDX_NONE};
		json_array_append_new(sheets, sheet(f, cal, r, &s, ev));
	}
	return 0;
}

int eval_score(struct engine *en, struct duty_cache *dc, const struct facts *f, const struct policy *p, const struct policy_set *ps,
	       const struct cal *cal, zidx u, int year, zdate as_of, json_t **out, struct zerr *e)
{
	char d1[ZDATE_BUFSZ], d2[ZDATE_BUFSZ], d3[ZDATE_BUFSZ];
	const struct org *o = &f->orgs.v[u];
	const char *pid = p->id;
	*out = NULL;
	const struct evaluation_def *ev = p->evaluation;
	if (!ev)
		return zerr_set(e, ZE_INVALID, "policy '%s' of unit '%s' has no evaluation indicators", pid, o->id);
	zdate from = date_from_ymd(year, 1, 1), to = date_from_ymd(year, 12, 31);
	if (from == ZDATE_NONE || as_of < from || as_of > to)
		return zerr_set(e, ZE_INVALID, "the record's day %s is not in the year %d", date_format(as_of, d1), year);
	json_t *sheets = json_array(), *grades = json_array();
	int rc = 0;
	for (int i = 0; i < ev->ngrades; i++)
		json_array_append_new(grades, json_pack("{s:s, s:s, s:f}", "id", ev->grades[i].id, "name",
							ev->grades[i].name_zh, "min", ev->grades[i].min));
	json_t **cites = calloc((size_t)ev->n, sizeof *cites);
	if (!cites) {
		json_decref(sheets);
		json_decref(grades);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	struct year_record r = {.u = u, .p = p, .from = from, .to = as_of, .cites = cites};
	rc = score_record(en, dc, f, cal, &r, ev, IA_DEPARTMENT, sheets, e);
	year_record_release(&r);
	/* The units it supervises, each on its own record under its own policy's rules. */
	for (size_t c = 0; !rc && c < f->orgs.n; c++) {
		if (f->orgs.v[c].parent != u)
			continue;
		const char *cpid = f->orgs.v[c].policy ? f->orgs.v[c].policy : "default";
		struct year_record cr = {.u = (zidx)c, .p = ps ? policies_for_unit(ps, f->orgs.v[c].id, cpid, as_of, NULL) : p, .from = from, .to = as_of,
					 .cites = cites};
		if (!cr.p)
			rc = zerr_set(e, ZE_INVALID, "unit '%s' follows policy '%s', which does not exist",
				      f->orgs.v[c].id, cpid);
		else
			rc = score_record(en, dc, f, cal, &cr, ev, IA_SUPERVISED, sheets, e);
		year_record_release(&cr);
	}
	for (int i = 0; i < ev->n; i++)
		json_decref(cites[i]);
	free(cites);
	if (rc) {
		json_decref(sheets);
		json_decref(grades);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:o}", "unit", o->id, "unit_name", o->name, "policy",
			 pid, "year", year, "from", date_format(from, d1), "to", date_format(to, d2), "as_of",
			 date_format(as_of, d3), "grades", grades, "sheets", sheets);
	if (!*out)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	/* What the round is held under: the clauses of the unit's own yearly evaluation duty, as its
	 * policy cites them on the day of the record; the reports print them. */
	const struct obligation_def *duty = policy_obligation(p, "evaluation.annual");
	json_object_set_new(*out, "basis", duty ? citations_json_on(duty->citations, duty->ncitations, true, as_of)
					  : json_array());
	eval_total(*out, ev);
	return 0;
}

int eval_set_item(json_t *result, const struct evaluation_def *ev, const char *kind, const char *subject,
		  const char *indicator, double score, const char *comment, const char *by, struct zerr *e)
{
	json_t *sh = NULL, *x, *it, *found = NULL;
	size_t i;
	json_array_foreach(json_object_get(result, "sheets"), i, x)
		if (!strcmp(json_string_value(json_object_get(x, "kind")), kind) &&
		    !strcmp(json_string_value(json_object_get(x, "id")), subject)) {
			sh = x;
			break;
		}
	if (!sh)
		return zerr_set(e, ZE_NOTFOUND, "no %s sheet for '%s' in this round", kind, subject);
	json_array_foreach(json_object_get(sh, "items"), i, it)
		if (!strcmp(json_string_value(json_object_get(it, "indicator")), indicator)) {
			found = it;
			break;
		}
	if (!found)
		return zerr_set(e, ZE_NOTFOUND, "the %s sheet of '%s' has no indicator '%s'", kind, subject, indicator);
	if (!strcmp(json_string_value(json_object_get(found, "scoring")), "veto"))
		return zerr_set(e, ZE_INVALID, "indicator '%s' is a veto item: it has no score", indicator);
	double marks = json_number_value(json_object_get(found, "marks"));
	if (!(score >= 0 && score <= marks))
		return zerr_set(e, ZE_INVALID, "score %g of indicator '%s' is outside 0..%g", score, indicator, marks);
	/* An automatic item's score follows from the records; whoever changes it says why, and the
	 * reason stands beside the computed score (auto_score) in the round and its report. */
	json_t *computed = json_object_get(found, "auto_score");
	if (computed && !(comment && comment[strspn(comment, " \t\r\n")])) {
		zerr_set(e, ZE_INVALID, "$.comment: indicator '%s' is scored from the records (%g of %g): changing it needs a reason",
			 indicator, json_number_value(computed), marks);
		e->reason = "missing";
		return e->code;
	}
	json_object_set_new(found, "score", json_real(round2(score)));
	json_object_set_new(found, "entered", json_pack("{s:f, s:s, s:s}", "score", round2(score), "comment",
							comment ? comment : "", "by", by ? by : ""));
	eval_total(result, ev);
	return 0;
}
