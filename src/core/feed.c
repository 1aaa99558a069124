#include "core/feed.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/duties.h"
#include "core/events.h"
#include "util/vec.h"

void feed_release(struct feed *fd)
{
	free(fd->v);
	arena_release(&fd->text);
	*fd = (struct feed){0};
}

static int add_event(struct feed *fd, zdate date, const char *category, int alarm, const char *uid,
		     const char *summary, struct zerr *e)
{
	if (fd->n == FEED_MAX_EVENTS)
		return zerr_set(e, ZE_LIMIT, "more than %d calendar events", FEED_MAX_EVENTS);
	if (vec_room((void **)&fd->v, &fd->cap, fd->n, sizeof *fd->v, 256))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	const char *u = arena_strdup(&fd->text, uid), *s = arena_strdup(&fd->text, summary);
	if (!u || !s)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	fd->v[fd->n++] = (struct ics_event){u, date, s, NULL, category, alarm};
	return 0;
}

int feed_add_unit(struct feed *fd, const struct facts *f, const struct cal *cal, const struct policy *p, zidx u,
		  zidx person, zdate today, struct zerr *e)
{
	struct duty_list duties = {0};
	char d1[ZDATE_BUFSZ], summary[1024], uid[600];
	const char *uid_org = f->orgs.v[u].id;
	int rc = duties_list(f, cal, p, u, today, today - 31, today + FEED_AHEAD_DAYS, &duties, e);
	for (size_t i = 0; !rc && i < duties.n; i++) {
		const struct duty *d = &duties.v[i];
		zidx di = d->dept;
		if (d->done_on != ZDATE_MAX || (person >= 0 && !duty_person_owes(f, u, person, d->o, di, today)))
			continue;
		snprintf(summary, sizeof summary, "定期工作截止：%s%s%s（%s）", di >= 0 ? f->depts.v[di].name : "",
			 di >= 0 ? " " : "", d->o->title_zh, d->oc.period);
		snprintf(uid, sizeof uid, "obligation-%s-%s-%s%s%s@zeren", uid_org, d->o->id, d->oc.period,
			 di >= 0 ? "-" : "", di >= 0 ? f->depts.v[di].id : "");
		rc = add_event(fd, d->oc.due, "obligation", 3, uid, summary, e);
	}
	FACTS_EACH(f, notice, u, ni) {
		const struct notice *n = &f->notices.v[ni];
		if (rc)
			break;
		if (n->rectified_on != ZDATE_NONE || (person >= 0 && !notice_person_rectifies(f, u, person, ni, today)))
			continue;
		zdate due = cal_add_workdays(cal, n->received_on, notice_workdays(p, n->received_on), NULL);
		snprintf(summary, sizeof summary, "通报整改截止：%s%s%s%s", n->title, n->document_no ? "（" : "",
			 n->document_no ? n->document_no : "", n->document_no ? "）" : "");
		snprintf(uid, sizeof uid, "notice-%s@zeren", n->id);
		rc = add_event(fd, due, "notice", 1, uid, summary, e);
	}
	FACTS_EACH(f, agreement, u, gi) {
		const struct agreement *a = &f->agreements.v[gi];
		if (rc)
			break;
		if (a->to == ZDATE_MAX || a->to < today || a->to > today + FEED_AHEAD_DAYS ||
		    (person >= 0 && a->person != person))
			continue;
		snprintf(summary, sizeof summary, "协议到期：%s%s%s（%s 起失效）", a->person >= 0 ? f->people.v[a->person].name : "",
			 a->person >= 0 ? "的" : "", agreement_kind_name_zh(a->kind), date_format(a->to, d1));
		snprintf(uid, sizeof uid, "agreement-%s@zeren", a->id);
		/* the last day in force: [from, to) ends the day before `to` */
		rc = add_event(fd, a->to - 1, "agreement", 30, uid, summary, e);
	}
	duties_release(&duties);
	return rc;
}
