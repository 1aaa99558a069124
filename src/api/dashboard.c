/* The 工作台: one reply with what a unit's people look at first — findings by severity and
 * rule, their trend over twelve month ends, the deadlines of the next 30 days, overdue duties,
 * open notices and expiring agreements — each narrowed to the account's data scope. The reply
 * is kept with the unit's view per date and scope, so a busy dashboard costs one check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/duties.h"
#include "core/events.h"
#include "core/settings.h"

#define TOP_OVERDUE 10
#define TREND_MONTHS 12

static bool duty_in_scope(const struct http_req *rq, const struct unit_view *v, const struct duty *d, zdate on)
{
	if (scope_whole_unit(rq) || (d->dept >= 0 && scope_dept(rq, &v->facts, d->dept)))
		return true;
	zidx p = scope_me(rq, &v->facts);
	return p >= 0 && duty_person_owes(&v->facts, v->org, p, d->o, d->dept, on);
}

/* Counts of in-scope findings as of d by severity; by_rule (may be NULL) gets per-rule counts. */
static int count_findings(struct http_req *rq, struct unit_view *v, zdate d, int sev[SEV_COUNT], json_t *by_rule,
			  struct zerr *e)
{
	const struct findings *fs;
	int rc = view_findings(rq->w, v, d, &fs, e);
	if (rc)
		return rc;
	memset(sev, 0, SEV_COUNT * sizeof *sev);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		if (!scope_finding(rq, v, fd, d))
			continue;
		sev[fd->rule->severity]++;
		if (!by_rule)
			continue;
		json_t *r = json_object_get(by_rule, fd->rule->id);
		if (r) {
			json_object_set_new(r, "count", json_integer(json_integer_value(json_object_get(r, "count")) + 1));
			continue;
		}
		json_t *n = json_pack("{s:s, s:s, s:s, s:i}", "rule", fd->rule->id, "title", fd->rule->title_zh, "severity",
				      severity_id(fd->rule->severity), "count", 1);
		if (n && fd->rule->title_en)
			json_object_set_new(n, "title_en", json_string(fd->rule->title_en));
		json_object_set_new(by_rule, fd->rule->id, n);
	}
	return 0;
}

static json_t *severity_json(const int sev[SEV_COUNT])
{
	return json_pack("{s:i, s:i, s:i}", "error", sev[SEV_ERROR], "warning", sev[SEV_WARNING], "info", sev[SEV_INFO]);
}

/* Findings as of the last day of each of the twelve months up to as_of's (as_of itself for
 * its own month). */
static json_t *trend(struct http_req *rq, struct unit_view *v, zdate as_of, struct zerr *e)
{
	json_t *a = json_array();
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	for (int k = TREND_MONTHS - 1; a && k >= 0; k--) {
		int yy = y, mm = m - k;
		while (mm < 1)
			mm += 12, yy--;
		zdate day = k == 0 ? as_of : date_from_ymd(yy, mm, date_days_in_month(yy, mm));
		int sev[SEV_COUNT];
		char month[16];
		if (count_findings(rq, v, day, sev, NULL, e)) {
			json_decref(a);
			return NULL;
		}
		snprintf(month, sizeof month, "%04d-%02d", yy, mm);
		json_t *j = severity_json(sev);
		json_object_set_new(j, "month", json_string(month));
		json_array_append_new(a, j);
	}
	return a;
}

static json_t *deadline(const char *kind, const char *id, const char *title, zdate due, int left)
{
	char d[ZDATE_BUFSZ];
	return json_pack("{s:s, s:s, s:s, s:s, s:i}", "kind", kind, "id", id, "title", title, "due_on",
			 date_format(due, d), "working_days_left", left);
}

static int by_due(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "due_on"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "due_on"));
	return strcmp(x, y);
}

/* Sorts a JSON array of objects by due_on (stable for equal dates: qsort is not, so the
 * index breaks ties). */
static void sort_by_due(json_t *a)
{
	size_t n = json_array_size(a);
	json_t **v = n ? malloc(n * sizeof *v) : NULL;
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(a, i));
	qsort(v, n, sizeof *v, by_due);
	json_array_clear(a);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, v[i]);
	free(v);
}

/* deadline_days: how far ahead deadlines are listed (the unit's setting dashboard.deadline_days). */
static json_t *build(struct http_req *rq, struct unit_view *v, zdate as_of, int deadline_days, struct zerr *e)
{
	const struct facts *f = &v->facts;
	char d1[ZDATE_BUFSZ], d2[ZDATE_BUFSZ], title[1200];
	struct duty_list duties = {0};
	int sev[SEV_COUNT];
	json_t *rules = json_object(), *out = NULL, *by_rule = json_array(), *deadlines = json_array(),
	       *overdue = json_array(), *notices = json_array(), *expiring = json_array(), *tr = NULL;
	size_t noverdue = 0;
	if (!rules || !by_rule || !deadlines || !overdue || !notices || !expiring) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if (count_findings(rq, v, as_of, sev, rules, e) || !(tr = trend(rq, v, as_of, e)))
		goto out;
	/* by_rule in the order of the sorted findings: most severe first */
	const char *key;
	json_t *val;
	json_object_foreach(rules, key, val)
		json_array_append(by_rule, val);

	if (duties_list(f, v->cal, view_policy_at(v, as_of), v->org, as_of, as_of - DUTY_WINDOW_BACK, as_of + DUTY_WINDOW_AHEAD, &duties,
			e))
		goto out;
	for (size_t i = 0; i < duties.n; i++) {
		const struct duty *d = &duties.v[i];
		if (d->status == DUTY_DONE || !duty_in_scope(rq, v, d, as_of))
			continue;
		if (d->status == DUTY_OVERDUE) {
			if (noverdue++ < TOP_OVERDUE)
				json_array_append_new(overdue, duty_json(f, v->org, d, DUTY_JSON_API));
		} else if (d->oc.due <= as_of + deadline_days) {
			snprintf(title, sizeof title, "%s%s%s（%s）", d->dept >= 0 ? f->depts.v[d->dept].name : "",
				 d->dept >= 0 ? " " : "", d->o->title_zh, d->oc.period);
			json_t *j = deadline("obligation", d->o->id, title, d->oc.due, d->workdays_left);
			json_object_set_new(j, "period", json_string(d->oc.period));
			json_object_set_new(j, "department", d->dept >= 0 ? json_string(f->depts.v[d->dept].id) : json_null());
			json_array_append_new(deadlines, j);
		}
	}

	FACTS_EACH(f, notice, v->org, ni) {
		const struct notice *n = &f->notices.v[ni];
		struct notice_status st;
		notice_status(f, v->cal, ni, notice_workdays(view_policy_at(v, as_of), n->received_on), as_of, &st);
		if (st.rectified_by || !scope_notice(rq, v, ni, as_of))
			continue;
		int left = cal_workdays_between(v->cal, as_of, st.due, NULL);
		json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:i, s:b}", "id", n->id, "title", n->title, "issuer",
				      n->issuer, "document_no", n->document_no ? json_string(n->document_no) : json_null(),
				      "received_on", date_format(n->received_on, d1), "deadline", date_format(st.due, d2),
				      "working_days_left", left, "overdue", st.overdue);
		json_array_append_new(notices, j);
		if (st.due >= as_of && st.due <= as_of + deadline_days) {
			snprintf(title, sizeof title, "通报整改：%s", n->title);
			json_array_append_new(deadlines, deadline("notice", n->id, title, st.due, left));
		}
	}

	/* The agreements about to expire are exactly those 合规检查 warns of (issue 22 item 9): the
	 * findings of the policy's agreement_expiring rules as of the day — a key-post holder's
	 * key-post agreement whose run (renewals joined) ends within the rule's window — one row per
	 * agreement, in scope. No second definition to drift from the rule. */
	const struct findings *fs;
	if (view_findings(rq->w, v, as_of, &fs, e))
		goto out;
	bool *seen = calloc(f->agreements.n + 1, sizeof *seen);
	if (!seen) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		if (fd->rule->kind != RK_AGREEMENT_EXPIRING || fd->agreement < 0 || seen[fd->agreement] ||
		    !scope_finding(rq, v, fd, as_of))
			continue;
		seen[fd->agreement] = true;
		const struct agreement *a = &f->agreements.v[fd->agreement];
		zdate last = fd->date - 1; /* fd->date: the first day no agreement of the run holds */
		int left = cal_workdays_between(v->cal, as_of, last, NULL);
		const char *pname = a->person >= 0 ? f->people.v[a->person].name : "";
		json_t *j = json_pack("{s:s, s:s, s:o, s:o, s:s, s:s, s:i, s:i}", "id", a->id, "kind",
				      agreement_kind_id(a->kind), "person", a->person >= 0 ? json_string(f->people.v[a->person].id) : json_null(),
				      "person_name", a->person >= 0 ? json_string(pname) : json_null(), "to",
				      date_format(fd->date, d1), "last_day", date_format(last, d2), "days_left",
				      (int)(last - as_of), "working_days_left", left);
		json_array_append_new(expiring, j);
		if (last <= as_of + deadline_days) {
			snprintf(title, sizeof title, "协议到期：%s%s%s", pname, a->person >= 0 ? "的" : "", agreement_kind_name_zh(a->kind));
			json_array_append_new(deadlines, deadline("agreement", a->id, title, last, left));
		}
	}
	free(seen);

	FACTS_EACH(f, incident, v->org, xi) {
		const struct incident *x = &f->incidents.v[xi];
		struct incident_deadlines dl;
		if (!scope_whole_unit(rq) && !scope_system(rq, v, x->system, as_of))
			continue;
		incident_deadlines(view_policy_at(v, as_of), f, xi, as_of, &dl);
		zdate report_day = org_date(f, v->org, dl.report_due);
		if (dl.report_rule && !ztime_set(x->reported) && report_day >= as_of && report_day <= as_of + deadline_days) {
			snprintf(title, sizeof title, "安全事件报告：%s", x->title);
			json_array_append_new(deadlines, deadline("incident_report", x->id, title, report_day,
								  cal_workdays_between(v->cal, as_of, report_day, NULL)));
		}
		bool summary_open = x->summary_on == ZDATE_NONE || x->summary_on > as_of;
		if (dl.summary_rule && summary_open && dl.summary_due >= as_of && dl.summary_due <= as_of + deadline_days) {
			snprintf(title, sizeof title, "处置总结报告：%s", x->title);
			json_array_append_new(deadlines, deadline("incident_summary", x->id, title, dl.summary_due,
								  cal_workdays_between(v->cal, as_of, dl.summary_due, NULL)));
		}
	}
	sort_by_due(deadlines);

	out = json_pack("{s:s, s:{s:o, s:O}, s:O, s:O, s:{s:I, s:O}, s:O, s:O}", "as_of", date_format(as_of, d1),
			"findings", "by_severity", severity_json(sev), "by_rule", by_rule, "trend", tr, "deadlines",
			deadlines, "overdue_obligations", "count", (json_int_t)noverdue, "items", overdue, "open_notices",
			notices, "expiring_agreements", expiring);
	if (out)
		json_object_set_new(out, "deadline_days", json_integer(deadline_days));
	if (!out)
		zerr_set(e, ZE_NOMEM, "out of memory");
out:
	duties_release(&duties);
	json_decref(rules);
	json_decref(by_rule);
	json_decref(tr);
	json_decref(deadlines);
	json_decref(overdue);
	json_decref(notices);
	json_decref(expiring);
	return out;
}

UNIT_HANDLER(dashboard)
{
	struct zerr e = {0};
	zdate as_of;
	char key[600], params[64], d[ZDATE_BUFSZ];
	int days;
	if (api_as_of(rq, rs, &as_of))
		return 0;
	if (unit_setting_int(rq->w->store, v->facts.orgs.v[v->org].id, SETTING_DEADLINE_DAYS, &days, &e)) {
		http_zerr(rs, &e);
		return 0;
	}
	/* What the reply depends on besides the view: the date and the account's scope. */
	snprintf(params, sizeof params, "dashboard?as_of=%s&days=%d", date_format(as_of, d), days);
	bool keep = view_memo_key(rq, key, sizeof key, params);
	if (keep && view_memo_reply(rs, v, key))
		return 0;
	json_t *j = build(rq, v, as_of, days, &e);
	if (!j) {
		http_zerr(rs, &e);
		return 0;
	}
	if (view_memo_json(rs, v, keep ? key : NULL, j))
		http_error(rs, 500, "internal", NULL, "out of memory");
	return 0;
}

const struct route api_dashboard_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/dashboard", dashboard, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
