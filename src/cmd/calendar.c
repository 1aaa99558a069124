/* zeren calendar ics: the deadlines a unit (or one person) answers for, as an RFC 5545
 * calendar to subscribe to in Outlook, WPS or a phone: duty occurrences, notice rectification
 * deadlines, agreement expiries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/policies.h"
#include "doc/ics.h"

#define AHEAD_DAYS 400 /* a year and a bit of deadlines ahead */
#define MAX_EVENTS 100000

struct events {
	struct ics_event *v;
	size_t n, cap;
	struct arena text; /* uids, summaries */
};

/* Adds an event; uid must name the thing (stable across runs, so calendars update in place). */
static bool add_event(struct events *ev, zdate date, const char *category, int alarm, const char *uid,
		      const char *summary)
{
	if (ev->n == MAX_EVENTS)
		return false;
	if (ev->n == ev->cap) {
		size_t nc = ev->cap ? ev->cap * 2 : 256;
		struct ics_event *p = realloc(ev->v, nc * sizeof *p);
		if (!p)
			return false;
		ev->v = p;
		ev->cap = nc;
	}
	const char *u = arena_strdup(&ev->text, uid), *s = arena_strdup(&ev->text, summary);
	if (!u || !s)
		return false;
	ev->v[ev->n++] = (struct ics_event){u, date, s, NULL, category, alarm};
	return true;
}

/* Whether person p (or everyone, when p < 0) answers for obligation o owed by department di. */
static bool person_owes(const struct facts *f, zidx u, zidx p, const struct obligation_def *o, zidx di, zdate today)
{
	if (p < 0)
		return true;
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person != p || !appt_on(a, today))
			continue;
		if (o->owner_kind == OWNER_POST && a->post == o->owner_post)
			return true;
		if (o->owner_kind == OWNER_BODY && a->body >= 0 && f->bodies.v[a->body].kind == o->owner_body)
			return true;
		if (o->owner_kind == OWNER_EACH_DEPARTMENT && a->dept == di &&
		    (a->post == POST_DEPARTMENT_HEAD || a->post == POST_SECURITY_LIAISON))
			return true;
		if (o->owner_kind == OWNER_ORG && (a->post == POST_SECURITY_ADMIN || a->post == POST_SECURITY_DIRECTOR))
			return true;
	}
	return false;
}

/* Whether person p (or everyone) answers for rectifying notice ni: the administrators and
 * 系统负责人 of a system it names, and the unit's security administrators and director. */
static bool person_rectifies(const struct facts *f, zidx u, zidx p, zidx ni, zdate today)
{
	if (p < 0)
		return true;
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person != p || !appt_on(a, today))
			continue;
		if (a->post == POST_SECURITY_ADMIN || a->post == POST_SECURITY_DIRECTOR)
			return true;
		for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
			if ((a->post == POST_SYSTEM_ADMIN || a->post == POST_SYSTEM_RESPONSIBLE) &&
			    a->system == f->notice_systems.v[f->ix.system_by_notice[k]].system)
				return true;
	}
	return false;
}

int cmd_calendar(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *person = NULL, *output = NULL, *as_of = NULL;
	if (argc < 2 || strcmp(argv[1], "ics"))
		return cmd_usage("calendar", "expected: calendar ics");
	const struct cmd_optspec specs[] = {{"--org", &org}, {"--person", &person}, {"--output", &output},
					    {"--as-of", &as_of}, {NULL, NULL}};
	zdate today;
	int rc = cmd_parse_opts("calendar", argc, argv, 2, specs);
	if (rc || (rc = cmd_as_of("calendar", as_of, &today)))
		return rc;
	struct store *s = NULL;
	struct facts f;
	struct cal *cal = NULL;
	struct policy_set *ps = NULL;
	struct zerr e = {0};
	struct events ev = {0};
	struct strbuf out = STRBUF_INIT;
	struct recur_occurrence *occ = malloc(2048 * sizeof *occ);
	char d1[ZDATE_BUFSZ], summary[1024], uid[600];
	facts_init(&f);
	if ((rc = cmd_load(ctx, org, &s, &f, &cal, &ps)))
		goto out;
	if (!occ) {
		fprintf(stderr, "zeren: out of memory\n");
		rc = EXIT_FAILURE_;
		goto out;
	}
	zidx pi = person ? hmap_get(&f.person_ids, person) : ZIDX_NONE;
	if (person && pi < 0) {
		fprintf(stderr, "zeren: no person with id '%s'\n", person);
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t u = 0; u < f.orgs.n; u++) {
		if ((org && strcmp(f.orgs.v[u].id, org)) || (pi >= 0 && f.people.v[pi].org != (zidx)u))
			continue;
		const char *uid_org = f.orgs.v[u].id;
		const struct policy *p = policies_get(ps, f.orgs.v[u].policy);
		for (int i = 0; p && i < p->nobligations; i++) {
			const struct obligation_def *o = &p->obligations[i];
			int n = recur_expand(&o->rule, cal, date_from_ymd(2000, 1, 1), today - 400, today + AHEAD_DAYS, occ,
					     2048, &e);
			if (n < 0) {
				rc = cmd_fail(&e);
				goto out;
			}
			for (int k = 0; k < n; k++) {
				if (occ[k].due < today - 31 || occ[k].due > today + AHEAD_DAYS)
					continue;
				zidx first = o->owner_kind == OWNER_EACH_DEPARTMENT ? f.ix.org_dept[u] : 0;
				zidx last = o->owner_kind == OWNER_EACH_DEPARTMENT ? f.ix.org_dept[u + 1] : 1;
				for (zidx j = first; j < last; j++) {
					zidx di = o->owner_kind == OWNER_EACH_DEPARTMENT ? f.ix.dept_by_org[j] : ZIDX_NONE;
					zidx ri = facts_find_record(&f, (zidx)u, o->id, occ[k].period, di);
					if (ri >= 0 || !person_owes(&f, (zidx)u, pi, o, di, today))
						continue;
					snprintf(summary, sizeof summary, "定期工作截止：%s%s%s（%s）", di >= 0 ? f.depts.v[di].name : "",
						 di >= 0 ? " " : "", o->title_zh, occ[k].period);
					snprintf(uid, sizeof uid, "obligation-%s-%s-%s%s%s@zeren", uid_org, o->id, occ[k].period,
						 di >= 0 ? "-" : "", di >= 0 ? f.depts.v[di].id : "");
					if (!add_event(&ev, occ[k].due, "obligation", 3, uid, summary)) {
						rc = EXIT_FAILURE_;
						goto out;
					}
				}
			}
		}
		FACTS_EACH(&f, notice, u, ni) {
			const struct notice *n = &f.notices.v[ni];
			if (n->rectified_on != ZDATE_NONE || !person_rectifies(&f, (zidx)u, pi, ni, today))
				continue;
			zdate due = cal_add_workdays(cal, n->received_on, 3, NULL);
			snprintf(summary, sizeof summary, "通报整改截止：%s%s%s%s", n->title, n->document_no ? "（" : "",
				 n->document_no ? n->document_no : "", n->document_no ? "）" : "");
			snprintf(uid, sizeof uid, "notice-%s@zeren", n->id);
			if (!add_event(&ev, due, "notice", 1, uid, summary)) {
				rc = EXIT_FAILURE_;
				goto out;
			}
		}
		FACTS_EACH(&f, agreement, u, gi) {
			const struct agreement *a = &f.agreements.v[gi];
			if (a->to == ZDATE_MAX || a->to < today || a->to > today + AHEAD_DAYS || (pi >= 0 && a->person != pi))
				continue;
			snprintf(summary, sizeof summary, "协议到期：%s%s%s（%s 起失效）", a->person >= 0 ? f.people.v[a->person].name : "",
				 a->person >= 0 ? "的" : "", agreement_kind_name_zh(a->kind), date_format(a->to, d1));
			/* the last day in force: [from, to) ends the day before `to` */
			snprintf(uid, sizeof uid, "agreement-%s@zeren", a->id);
			if (!add_event(&ev, a->to - 1, "agreement", 30, uid, summary)) {
				rc = EXIT_FAILURE_;
				goto out;
			}
		}
	}
	/* DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible output */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t stamp = sde ? strtoll(sde, NULL, 10) : (int64_t)time(NULL);
	snprintf(summary, sizeof summary, "zeren %s%s%s", org ? org : "全部单位", person ? " " : "", person ? person : "");
	if (ics_write(summary, ev.v, ev.n, stamp, &out, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	FILE *fo = output ? fopen(output, "wb") : stdout;
	if (!fo || fwrite(out.buf, 1, out.len, fo) != out.len || (output && fclose(fo) != 0)) {
		fprintf(stderr, "zeren: cannot write %s\n", output ? output : "standard output");
		rc = EXIT_FAILURE_;
	}
	if (output)
		fprintf(stderr, "已写出 %zu 个日程 / %zu events written to %s\n", ev.n, ev.n, output);
out:
	sb_release(&out);
	free(ev.v);
	arena_release(&ev.text);
	free(occ);
	policies_free(ps);
	cal_free(cal);
	facts_release(&f);
	store_close(s);
	return rc;
}
