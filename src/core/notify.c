/* Reminders: what is due, who hears of it, on which channels, and the scheduler's delivery. */
#include "core/notify.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accountability.h"
#include "core/change.h"
#include "core/check.h"
#include "core/documents.h"
#include "core/duties.h"
#include "core/events.h"
#include "core/notify_send.h"
#include "core/unitpolicy.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/strlist.h"

#define NOTIFY_TEXT_MAX ((size_t)64 << 10) /* bytes of one message */
#define NOTIFY_KEY_MAX 1024
#define NOTIFY_LOOKBACK_DAYS 90 /* overdue items older than this are no longer escalated */
#define NOTIFY_AHEAD_DAYS 31    /* duties looked at ahead of today */
#define NOTIFY_SOON_DAYS 30     /* an MLPS assessment "coming due" this many days ahead */
#define NOTIFY_CATCHUP_DAYS 30  /* a scheduler back after a gap announces what happened this far back */
#define NOTIFY_CAMPAIGNS_MAX 64 /* open signing campaigns of one unit looked at */
#define NOTIFY_LATE_MAX 100000  /* late letters of one campaign escalated */
#define NOTIFY_LIST_MAX 50      /* late letters named in one escalation; the rest are counted */

static const char *const channel_ids[NC_COUNT] = {"inbox", "mail", "dingtalk", "wecom", "feishu"};
static const char *const channel_zh[NC_COUNT] = {"站内消息", "电子邮件", "钉钉", "企业微信", "飞书"};

const char *notify_channel_id(int c)
{
	return c >= 0 && c < NC_COUNT ? channel_ids[c] : "?";
}

const char *notify_channel_name_zh(int c)
{
	return c >= 0 && c < NC_COUNT ? channel_zh[c] : "?";
}

int notify_channel_from_id(const char *id)
{
	return strlist_index(channel_ids, NC_COUNT, id);
}

/* ---- who ---- */

struct recipients {
	zidx v[NOTIFY_RECIPIENTS_MAX];
	size_t n;
};

static void rcpt_add(struct recipients *r, zidx p)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i] == p)
			return;
	if (p >= 0 && r->n < NOTIFY_RECIPIENTS_MAX)
		r->v[r->n++] = p;
}

/* The holders of post (scoped to dept or system when >= 0), from the accountability code. */
static void rcpt_post(const struct facts *f, zidx u, int post, zidx dept, zidx sys, zdate day, struct recipients *r)
{
	struct responsible h[CHAIN_MAX];
	size_t n = accountability_holders(f, u, post, dept, sys, day, h, 0, CHAIN_MAX);
	for (size_t i = 0; i < n; i++)
		rcpt_add(r, h[i].person);
}

/* The office (网信办): the members of the unit's office bodies; a unit without one is
 * represented by its 安全主管 and 安全管理员. */
static void rcpt_office(const struct facts *f, zidx u, zdate day, struct recipients *r)
{
	size_t before = r->n;
	bool any = false;
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->body >= 0 && f->bodies.v[a->body].kind == BODY_OFFICE && appt_on(a, day)) {
			rcpt_add(r, a->person);
			any = true;
		}
	}
	if (!any || r->n == before) {
		rcpt_post(f, u, POST_SECURITY_DIRECTOR, ZIDX_NONE, ZIDX_NONE, day, r);
		rcpt_post(f, u, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, day, r);
	}
}

/* Who hears of an item overdue in department dept (ZIDX_NONE: the unit's) at each level, beside
 * those who owe it at level 1: 1 the department head, 2 the 直接责任人, 3 the 第一责任人. */
static void rcpt_level(const struct facts *f, zidx u, zidx dept, int level, zdate day, struct recipients *r)
{
	if (level == 1 && dept >= 0)
		rcpt_post(f, u, POST_DEPARTMENT_HEAD, dept, ZIDX_NONE, day, r);
	else if (level == 2)
		rcpt_post(f, u, POST_DIRECT_RESPONSIBLE, ZIDX_NONE, ZIDX_NONE, day, r);
	else if (level == 3)
		rcpt_post(f, u, POST_FIRST_RESPONSIBLE, ZIDX_NONE, ZIDX_NONE, day, r);
}

/* ---- planning ---- */

struct planner {
	struct store *s;
	const struct facts *f;
	zidx u;
	zdate as_of;
	zdate from; /* the first day not planned before (a gap's catch-up): events since then are new */
	int64_t now;
	bool channel_on[NC_COUNT];
	struct notify_stats *st;
	struct zerr *e;
	/* What the plan queues, kept until it is complete and written in one short transaction:
	 * the store's write lock is not held while the unit's duties are worked out. */
	struct notify_row *rows;
	size_t nrows, rows_cap;
	struct arena text; /* the rows' strings */
};

/* Keeps a copy of r to be queued with the rest of the unit's plan. */
static int plan_row(struct planner *pl, const struct notify_row *r)
{
	if (pl->nrows == pl->rows_cap) {
		size_t cap = pl->rows_cap ? 2 * pl->rows_cap : 64;
		struct notify_row *v = realloc(pl->rows, cap * sizeof *v);
		if (!v)
			return zerr_set(pl->e, ZE_NOMEM, "out of memory");
		pl->rows = v;
		pl->rows_cap = cap;
	}
	struct notify_row c = *r;
	if (!(c.key = arena_strdup(&pl->text, r->key)) || !(c.rule = arena_strdup(&pl->text, r->rule)) ||
	    !(c.object = arena_strdup(&pl->text, r->object)) || !(c.subject = arena_strdup(&pl->text, r->subject)) ||
	    !(c.body = arena_strdup(&pl->text, r->body)))
		return zerr_set(pl->e, ZE_NOMEM, "out of memory");
	pl->rows[pl->nrows++] = c;
	return 0;
}

static int channel_flags(void *ctx, const struct notify_channel_row *r)
{
	struct planner *pl = ctx;
	int c = notify_channel_from_id(r->channel);
	if (c > NC_INBOX)
		pl->channel_on[c] = r->enabled;
	return 0;
}

static bool muted(const char *list, int c)
{
	const char *id = notify_channel_id(c);
	size_t n = strlen(id);
	for (const char *p = list; p && (p = strstr(p, id)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* The end of the person's quiet hours when now falls in them, else now. */
static int64_t after_quiet(const struct notify_pref_row *pr, int64_t now, int utc_offset_min)
{
	if (pr->quiet_from == pr->quiet_to)
		return now;
	int64_t local = now + (int64_t)utc_offset_min * 60;
	int m = (int)(((local % 86400) + 86400) % 86400 / 60);
	bool quiet = pr->quiet_from < pr->quiet_to ? m >= pr->quiet_from && m < pr->quiet_to
						   : m >= pr->quiet_from || m < pr->quiet_to;
	if (!quiet)
		return now;
	int wait = (pr->quiet_to - m + 1440) % 1440;
	return now - (local % 60 + 60) % 60 + (int64_t)wait * 60;
}

/* Queues one announcement to each recipient on each channel they get. */
static int announce(struct planner *pl, const char *rule, const char *object, const char *occurrence,
		    const struct recipients *r, const char *subject, const char *body)
{
	char key[NOTIFY_KEY_MAX], prefbuf[1024];
	struct strbuf robot = STRBUF_INIT;
	int rc = 0;
	sb_init(&robot, NOTIFY_TEXT_MAX);
	for (size_t i = 0; !rc && i < r->n; i++) {
		const struct person *p = &pl->f->people.v[r->v[i]];
		struct notify_pref_row pr;
		if ((rc = store_notify_pref_get(pl->s, p->id, &pr, prefbuf, sizeof prefbuf, pl->e)))
			break;
		sb_reset(&robot);
		sb_addf(&robot, "%s\n%s\n（致：%s）", subject, body, p->name);
		for (int c = 0; !rc && c < NC_COUNT; c++) {
			if (c != NC_INBOX && (!pl->channel_on[c] || muted(pr.muted, c) || (c == NC_MAIL && !*pr.email)))
				continue;
			int n = snprintf(key, sizeof key, "%s|%s|%s|%s|%s", rule, object, occurrence, p->id, channel_ids[c]);
			if (n < 0 || (size_t)n >= sizeof key || robot.overflow) {
				rc = zerr_set(pl->e, ZE_LIMIT, "notification %s of %s: too long", rule, object);
				break;
			}
			struct notify_row row = {
				.key = key,
				.org = pl->f->orgs.v[pl->u].id,
				.rule = rule,
				.object = object,
				.person = p->id,
				.channel = channel_ids[c],
				.subject = subject,
				.body = c >= NC_DINGTALK ? robot.buf : body,
				.state = c == NC_INBOX ? "sent" : "queued",
				.next_at = c == NC_INBOX ? pl->now : after_quiet(&pr, pl->now, org_utc_offset(pl->f, pl->u)),
				.created_at = pl->now,
			};
			rc = plan_row(pl, &row);
		}
	}
	sb_release(&robot);
	return rc;
}

static const char *dept_name(const struct facts *f, zidx d)
{
	return d >= 0 ? f->depts.v[d].name : "本单位";
}

/* ---- escalation digests ---- */

/* An item past its deadline, kept until its group's escalation is planned. */
struct late_item {
	char line[640]; /* how the digest names it */
	zidx dept;      /* its department, whose head hears of it at level 1 */
	zidx signer;    /* a letter's signer, or a duty's single owner: told of it already */
	const struct obligation_def *o; /* a duty's obligation, whose owners were told of it already */
};

/* Late items with one deadline, escalated together (a campaign's letters, a day's duties). */
struct late_group {
	const char *rule, *object; /* the digest's key: one message per person, level and group */
	const char *owner;         /* whose items they are (签署批次“…”), or "" */
	const char *unit, *noun;   /* 份 文书 / 项 定期工作 */
	const char *where;         /* the page that lists the rest */
	const char *verb;          /* what is late: 签署 / 完成 */
	bool office_first;         /* the office hears at level 1, beside the departments' heads */
	zdate due;
	int late; /* working days past due */
	struct late_item *v;
	size_t n, cap;
};

/* Who hears of which late item at one level of the escalation. */
struct late_pair {
	zidx person;
	size_t item;
};

static int late_add(struct planner *pl, struct late_group *g, struct late_item **out)
{
	if (g->n == NOTIFY_LATE_MAX)
		return zerr_set(pl->e, ZE_LIMIT, "%s %s: more than %d items past the deadline", g->rule, g->object,
				NOTIFY_LATE_MAX);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct late_item *v = realloc(g->v, cap * sizeof *v);
		if (!v)
			return zerr_set(pl->e, ZE_NOMEM, "out of memory");
		g->v = v;
		g->cap = cap;
	}
	*out = memset(&g->v[g->n++], 0, sizeof **out);
	(*out)->signer = ZIDX_NONE;
	return 0;
}

static bool told_already(const struct planner *pl, const struct late_item *it, zidx p)
{
	return p == it->signer || (it->o && duty_person_owes(pl->f, pl->u, p, it->o, it->dept, pl->as_of));
}

static int by_person(const void *a, const void *b)
{
	const struct late_pair *x = a, *y = b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* The group's items up the chain: at each level reached, one message to each person who hears
 * of any of them (level 1 the items' department heads, and the office where the group says so;
 * 2 the 直接责任人, 3 the 第一责任人), naming the items that concern them — not one message per
 * item, which a campaign of a thousand letters or a department's thirty monthly duties would
 * turn into as many. Whoever owes an item is told of it alone, not here. An item that falls late
 * after a level's message went out is in the next level's. */
static int escalate_group(struct planner *pl, const struct late_group *g)
{
	static const int escalate[] = NOTIFY_ESCALATE_DAYS;
	const struct facts *f = pl->f;
	struct late_pair *pairs = NULL;
	size_t cap = 0;
	char due[ZDATE_BUFSZ], occ[32], subject[1024];
	struct strbuf body;
	int rc = 0;
	sb_init(&body, NOTIFY_TEXT_MAX);
	date_format(g->due, due);
	for (int level = 0; !rc && g->n && level < (int)(sizeof escalate / sizeof escalate[0]); level++) {
		if (g->late < escalate[level])
			break;
		size_t n = 0;
		for (size_t i = 0; !rc && i < g->n; i++) {
			struct recipients up = {0};
			if (level == 0 && g->office_first)
				rcpt_office(f, pl->u, pl->as_of, &up);
			rcpt_level(f, pl->u, g->v[i].dept, level + 1, pl->as_of, &up);
			if (n + up.n > cap) {
				size_t c = (n + up.n) * 2;
				struct late_pair *v = realloc(pairs, c * sizeof *v);
				if (!v) {
					rc = zerr_set(pl->e, ZE_NOMEM, "out of memory");
					break;
				}
				pairs = v;
				cap = c;
			}
			for (size_t k = 0; k < up.n; k++)
				if (!told_already(pl, &g->v[i], up.v[k]))
					pairs[n++] = (struct late_pair){up.v[k], i};
		}
		if (rc)
			break;
		if (n) /* pairs is NULL until someone hears of an item */
			qsort(pairs, n, sizeof *pairs, by_person);
		snprintf(occ, sizeof occ, "L%d", level + 1);
		for (size_t i = 0, j; !rc && i < n; i = j) {
			for (j = i; j < n && pairs[j].person == pairs[i].person; j++)
				;
			sb_reset(&body);
			sb_addf(&body, "%s%s以下%zu%s%s应于%s前%s，已逾期%d个工作日，按逐级负责的要求报送督办（第%d级）：", g->owner,
				*g->owner ? "的" : "", j - i, g->unit, g->noun, due, g->verb, g->late, level + 1);
			for (size_t k = i; k < j && k - i < NOTIFY_LIST_MAX; k++)
				sb_addf(&body, "\n%zu. %s", k - i + 1, g->v[pairs[k].item].line);
			if (j - i > NOTIFY_LIST_MAX)
				sb_addf(&body, "\n……另有%zu%s未列出，请在平台的%s中查看。", j - i - NOTIFY_LIST_MAX, g->unit, g->where);
			if (body.overflow) {
				rc = zerr_set(pl->e, ZE_LIMIT, "%s %s: the escalation is longer than %zu bytes", g->rule, g->object,
					      NOTIFY_TEXT_MAX);
				break;
			}
			snprintf(subject, sizeof subject, "【逾期督办】%s有%zu%s%s逾期%d个工作日未%s", g->owner, j - i, g->unit,
				 g->noun, g->late, g->verb);
			struct recipients one = {{pairs[i].person}, 1};
			rc = announce(pl, g->rule, g->object, occ, &one, subject, body.buf);
		}
	}
	free(pairs);
	sb_release(&body);
	return rc;
}

/* Late items grouped by due day: all of a day's items cross each level's threshold together. */
struct late_days {
	struct late_group v[NOTIFY_LOOKBACK_DAYS + 1]; /* the days an item is still escalated */
	size_t n;
};

/* The group of kind's items due on due, added when it is the day's first. */
static int late_day(struct planner *pl, struct late_days *d, const struct late_group *kind, zdate due, int late,
		    struct late_item **out)
{
	struct late_group *g = NULL;
	for (size_t k = 0; k < d->n && !g; k++)
		if (d->v[k].due == due)
			g = &d->v[k];
	if (!g) {
		if (d->n == sizeof d->v / sizeof d->v[0])
			return zerr_set(pl->e, ZE_LIMIT, "%s: more than %zu due days", kind->rule, d->n);
		g = &d->v[d->n++];
		*g = *kind;
		g->due = due;
		g->late = late;
	}
	return late_add(pl, g, out);
}

/* Escalates each day's group (keyed due/YYYY-MM-DD) after rc, and releases them all. */
static int escalate_days(struct planner *pl, struct late_days *d, int rc)
{
	for (size_t k = 0; k < d->n; k++) {
		char key[32], day[ZDATE_BUFSZ];
		snprintf(key, sizeof key, "due/%s", date_format(d->v[k].due, day));
		d->v[k].object = key;
		if (!rc)
			rc = escalate_group(pl, &d->v[k]);
		free(d->v[k].v);
	}
	d->n = 0;
	return rc;
}

/* Duties: a reminder at 3 and at 1 working day left (each once, even when a day was missed);
 * once overdue, its owners are told of it, and up the chain one digest per person, level and due
 * day names the overdue duties that concern them. */
static int plan_duties(struct planner *pl, const struct cal *cal, const struct policy *p)
{
	static const int remind[] = NOTIFY_DUTY_DAYS, escalate[] = NOTIFY_ESCALATE_DAYS;
	const struct facts *f = pl->f;
	struct duty_list dl = {0};
	struct late_days *late_days = calloc(1, sizeof *late_days);
	char due[ZDATE_BUFSZ], object[512], occ[64], subject[1024], body[2048];
	if (!late_days)
		return zerr_set(pl->e, ZE_NOMEM, "out of memory");
	int rc = duties_list(f, cal, p, pl->u, pl->as_of, pl->as_of - NOTIFY_LOOKBACK_DAYS,
			     pl->as_of + NOTIFY_AHEAD_DAYS, &dl, pl->e);
	for (size_t i = 0; !rc && i < dl.n; i++) {
		const struct duty *d = &dl.v[i];
		if (d->status == DUTY_DONE)
			continue;
		date_format(d->oc.due, due);
		snprintf(object, sizeof object, "%s/%s/%s", d->o->id, d->oc.period, d->dept >= 0 ? f->depts.v[d->dept].id : "-");
		struct recipients r = {0};
		FACTS_EACH(f, person, pl->u, pi)
			if (duty_person_owes(f, pl->u, pi, d->o, d->dept, pl->as_of))
				rcpt_add(&r, pi);
		if (d->status == DUTY_OPEN) {
			/* The obligation's own days, else the default. The nearest threshold reached: the
			 * reminder at 3 days is not sent on the last day, nor lost when a day was missed. */
			const int *days = d->o->nremind ? d->o->remind : remind;
			size_t ndays = d->o->nremind ? (size_t)d->o->nremind : sizeof remind / sizeof remind[0];
			int at = -1;
			for (size_t k = 0; k < ndays; k++)
				if (d->workdays_left <= days[k] && d->workdays_left >= 0)
					at = days[k];
			if (at < 0)
				continue;
			snprintf(occ, sizeof occ, "%d", at);
			snprintf(subject, sizeof subject, "【定期工作提醒】%s（%s）还剩%d个工作日到期", d->o->title_zh,
				 d->oc.period, d->workdays_left);
			snprintf(body, sizeof body, "%s的定期工作“%s”（%s）应于%s前完成，剩余%d个工作日。请按时完成并上传佐证材料。",
				 dept_name(f, d->dept), d->o->title_zh, d->oc.period, due, d->workdays_left);
			rc = announce(pl, "duty.due", object, occ, &r, subject, body);
			continue;
		}
		/* Overdue: its owners are told of it; up the chain it is in its due day's digest. */
		int late = -d->workdays_left;
		if (late < escalate[0])
			continue;
		snprintf(subject, sizeof subject, "【逾期督办】%s（%s）已逾期%d个工作日", d->o->title_zh, d->oc.period, late);
		snprintf(body, sizeof body, "%s的定期工作“%s”（%s）应于%s前完成，已逾期%d个工作日，请尽快完成并上传佐证材料。",
			 dept_name(f, d->dept), d->o->title_zh, d->oc.period, due, late);
		if ((rc = announce(pl, "duty.overdue", object, "L1", &r, subject, body)))
			break;
		static const struct late_group kind = {.rule = "duty.overdue", .owner = "", .unit = "项", .noun = "定期工作",
						       .where = "定期工作", .verb = "完成"};
		struct late_item *it;
		if ((rc = late_day(pl, late_days, &kind, d->oc.due, late, &it)))
			break;
		snprintf(it->line, sizeof it->line, "%s：%s（%s）", dept_name(f, d->dept), d->o->title_zh, d->oc.period);
		it->dept = d->dept;
		it->o = d->o;
	}
	rc = escalate_days(pl, late_days, rc);
	free(late_days);
	duties_release(&dl);
	return rc;
}

/* Notices: on receipt to the office and the owner departments' heads; on each of the last 2
 * working days to those who rectify; once overdue, to those who rectify, and up the chain in
 * one digest per person, level and due day. */
static int plan_notices(struct planner *pl, const struct cal *cal, const struct policy *p)
{
	static const int escalate[] = NOTIFY_ESCALATE_DAYS;
	const struct facts *f = pl->f;
	struct late_days *days = calloc(1, sizeof *days);
	char due[ZDATE_BUFSZ], occ[64], subject[1024], body[2048];
	int rc = 0;
	if (!days)
		return zerr_set(pl->e, ZE_NOMEM, "out of memory");
	FACTS_EACH(f, notice, pl->u, ni) {
		const struct notice *n = &f->notices.v[ni];
		struct notice_status st;
		if (rc)
			break;
		if (n->received_on == ZDATE_NONE || n->received_on > pl->as_of)
			continue;
		notice_status(f, cal, ni, notice_workdays(p, n->received_on), pl->as_of, &st);
		if (st.rectified_by || pl->as_of - st.due > NOTIFY_LOOKBACK_DAYS)
			continue;
		date_format(st.due, due);
		struct recipients owners = {0}, doers = {0};
		rcpt_office(f, pl->u, pl->as_of, &owners);
		for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++) {
			zidx sys = f->notice_systems.v[f->ix.system_by_notice[k]].system;
			if (sys >= 0 && f->systems.v[sys].owner_dept >= 0)
				rcpt_post(f, pl->u, POST_DEPARTMENT_HEAD, f->systems.v[sys].owner_dept, ZIDX_NONE, pl->as_of,
					  &owners);
		}
		FACTS_EACH(f, person, pl->u, pi)
			if (notice_person_rectifies(f, pl->u, pi, ni, pl->as_of))
				rcpt_add(&doers, pi);
		if (pl->as_of - n->received_on <= 2 || n->received_on >= pl->from) {
			snprintf(subject, sizeof subject, "【通报】收到%s通报：%s", n->issuer ? n->issuer : "上级", n->title);
			snprintf(body, sizeof body, "通报“%s”（%s）已收到，应于%s前完成整改并反馈，剩余%d个工作日。", n->title,
				 n->document_no ? n->document_no : "无文号", due, st.workdays_left);
			if ((rc = announce(pl, "notice.received", n->id, "received", &owners, subject, body)))
				break;
		}
		if (!st.overdue && st.workdays_left >= 0 && st.workdays_left <= 1) {
			struct recipients r = doers;
			for (size_t i = 0; i < owners.n; i++)
				rcpt_add(&r, owners.v[i]);
			snprintf(occ, sizeof occ, "left%d", st.workdays_left);
			snprintf(subject, sizeof subject, "【通报整改提醒】%s：%s", n->title,
				 st.workdays_left ? "还剩1个工作日" : "今天是整改期限");
			snprintf(body, sizeof body, "通报“%s”应于%s前完成整改并反馈，剩余%d个工作日。", n->title, due,
				 st.workdays_left);
			if ((rc = announce(pl, "notice.due", n->id, occ, &r, subject, body)))
				break;
		}
		/* Overdue: those who rectify it are told of it; up the chain it is in its due day's digest. */
		int late = -st.workdays_left;
		if (!st.overdue || late < escalate[0])
			continue;
		snprintf(subject, sizeof subject, "【逾期督办】通报“%s”整改已逾期%d个工作日", n->title, late);
		snprintf(body, sizeof body, "通报“%s”应于%s前完成整改并反馈，已逾期%d个工作日，请尽快完成整改。", n->title, due, late);
		if ((rc = announce(pl, "notice.overdue", n->id, "L1", &doers, subject, body)))
			break;
		static const struct late_group kind = {.rule = "notice.overdue", .owner = "", .unit = "份", .noun = "通报",
						       .where = "通报整改", .verb = "完成整改"};
		struct late_item *it;
		if ((rc = late_day(pl, days, &kind, st.due, late, &it)))
			break;
		snprintf(it->line, sizeof it->line, "“%s”（%s%s%s）", n->title, n->document_no ? n->document_no : "无文号",
			 n->issuer ? "，" : "", n->issuer ? n->issuer : "");
		it->dept = ZIDX_NONE;
	}
	rc = escalate_days(pl, days, rc);
	free(days);
	return rc;
}

/* Incidents: while the report is not made, to the system's administrators and 负责人 (who
 * report it) and the 直接责任人; the summary when it falls due within 3 days. */
static int plan_incidents(struct planner *pl, const struct policy *p)
{
	const struct facts *f = pl->f;
	char when[ZTIME_BUFSZ], due[ZDATE_BUFSZ], subject[1024], body[2048];
	int rc = 0;
	FACTS_EACH(f, incident, pl->u, xi) {
		const struct incident *x = &f->incidents.v[xi];
		struct incident_deadlines d;
		if (rc)
			break;
		incident_deadlines(p, f, xi, pl->as_of, &d);
		struct recipients r = {0};
		rcpt_post(f, pl->u, POST_SYSTEM_ADMIN, ZIDX_NONE, x->system, pl->as_of, &r);
		rcpt_post(f, pl->u, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, x->system, pl->as_of, &r);
		rcpt_post(f, pl->u, POST_DIRECT_RESPONSIBLE, ZIDX_NONE, ZIDX_NONE, pl->as_of, &r);
		zdate due_day = d.report_rule ? org_date(f, x->org, d.report_due) : ZDATE_NONE;
		if (d.report_rule && !ztime_set(x->reported) && pl->as_of - due_day <= NOTIFY_LOOKBACK_DAYS) {
			ztime_format(d.report_due, when);
			snprintf(subject, sizeof subject, "【事件报告时限】%s：应于%s前报告", x->title, when);
			snprintf(body, sizeof body, "安全事件“%s”须在%d小时内报告，时限为%s%s。", x->title, d.report_hours, when,
				 d.report_overdue ? "，已超时" : "");
			rc = announce(pl, "incident.report", x->id, d.report_overdue ? "late" : "running", &r, subject, body);
		}
		if (!rc && d.summary_rule && x->summary_on == ZDATE_NONE && d.summary_due - pl->as_of <= 3 &&
		    pl->as_of - d.summary_due <= NOTIFY_LOOKBACK_DAYS) {
			date_format(d.summary_due, due);
			snprintf(subject, sizeof subject, "【事件总结】%s：处置总结报告%s", x->title,
				 d.summary_overdue ? "已逾期" : "即将到期");
			snprintf(body, sizeof body, "安全事件“%s”的处置总结报告应于%s前提交。", x->title, due);
			rc = announce(pl, "incident.summary", x->id, d.summary_overdue ? "late" : "due", &r, subject, body);
		}
	}
	return rc;
}

/* From the engine's findings: an agreement expiring (to the person and the office), an MLPS
 * assessment due within NOTIFY_SOON_DAYS (the engine's finding as of that day, to the system's
 * 负责人, the owner department's head and the office), and the day's new error findings
 * batched into one message to the office. */
static int plan_findings(struct planner *pl, const struct cal *cal, const struct policy_set *ps)
{
	const struct facts *f = pl->f;
	struct findings now = {0}, soon = {0};
	struct strbuf msg, list;
	char object[512], occ[64], subject[1024], date[ZDATE_BUFSZ];
	int rc = check_facts(f, ps, cal, pl->u, pl->as_of, &now, pl->e);
	if (!rc)
		rc = check_facts(f, ps, cal, pl->u, pl->as_of + NOTIFY_SOON_DAYS, &soon, pl->e);
	sb_init(&msg, NOTIFY_TEXT_MAX);
	sb_init(&list, NOTIFY_TEXT_MAX);
	size_t fresh = 0;
	struct recipients office = {0};
	rcpt_office(f, pl->u, pl->as_of, &office);
	for (size_t i = 0; !rc && i < now.n; i++) {
		const struct finding *fd = &now.v[i];
		if (fd->rule->kind == RK_AGREEMENT_EXPIRING && fd->agreement >= 0) {
			const struct agreement *a = &f->agreements.v[fd->agreement];
			struct recipients r = office;
			rcpt_add(&r, a->person);
			sb_reset(&msg);
			finding_message(f, fd, "zh", &msg);
			snprintf(subject, sizeof subject, "【协议到期提醒】%s的%s将于%s到期", a->person >= 0 ? f->people.v[a->person].name : "",
				 agreement_kind_name_zh(a->kind), date_format(a->to, date));
			rc = announce(pl, "agreement.expiring", a->id, date, &r, subject, msg.buf);
		} else if (fd->applied && fd->applied->severity == SEV_ERROR && fd->since >= pl->from &&
			   fd->since <= pl->as_of) {
			sb_reset(&msg);
			finding_message(f, fd, "zh", &msg);
			sb_addf(&list, "%s%zu. %s", fresh ? "\n" : "", fresh + 1, msg.buf);
			fresh++;
		}
	}
	for (size_t i = 0; !rc && i < soon.n; i++) {
		const struct finding *fd = &soon.v[i];
		if (fd->rule->kind != RK_SYSTEM_MLPS || fd->subject_kind != SUBJ_SYSTEM)
			continue;
		const struct zsystem *y = &f->systems.v[fd->subject];
		struct recipients r = office;
		rcpt_post(f, pl->u, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, fd->subject, pl->as_of, &r);
		if (y->owner_dept >= 0)
			rcpt_post(f, pl->u, POST_DEPARTMENT_HEAD, y->owner_dept, ZIDX_NONE, pl->as_of, &r);
		sb_reset(&msg);
		finding_message(f, fd, "zh", &msg);
		snprintf(subject, sizeof subject, "【等保测评提醒】%s的等级测评即将或已经到期", y->name);
		snprintf(occ, sizeof occ, "%s", y->last_assessed_on == ZDATE_NONE ? "never" : date_format(y->last_assessed_on, date));
		rc = announce(pl, "system.mlps", y->id, occ, &r, subject, msg.buf);
	}
	if (!rc && fresh) {
		snprintf(object, sizeof object, "%s", f->orgs.v[pl->u].id);
		char first[ZDATE_BUFSZ];
		if (pl->from < pl->as_of)
			snprintf(subject, sizeof subject, "【新发现问题】%s至%s新增%zu项错误级问题", date_format(pl->from, first),
				 date_format(pl->as_of, date), fresh);
		else
			snprintf(subject, sizeof subject, "【新发现问题】%s新增%zu项错误级问题", date_format(pl->as_of, date),
				 fresh);
		rc = announce(pl, "finding.error", object, date, &office, subject, list.buf);
	}
	if (!rc && (msg.overflow || list.overflow))
		rc = zerr_set(pl->e, ZE_LIMIT, "the day's findings make a message longer than %zu bytes", NOTIFY_TEXT_MAX);
	sb_release(&msg);
	sb_release(&list);
	findings_release(&now);
	findings_release(&soon);
	return rc;
}

/* The unit's department or person with that id, or ZIDX_NONE. */
static zidx unit_dept(const struct facts *f, zidx u, const char *id)
{
	FACTS_EACH(f, dept, u, di)
		if (id && strcmp(f->depts.v[di].id, id) == 0)
			return di;
	return ZIDX_NONE;
}

static zidx unit_person(const struct facts *f, zidx u, const char *id)
{
	FACTS_EACH(f, person, u, pi)
		if (id && strcmp(f->people.v[pi].id, id) == 0)
			return pi;
	return ZIDX_NONE;
}

/* ---- signing requests ---- */

struct campaign_brief {
	char id[256], title[256];
	zdate deadline;
};

struct signing {
	struct planner *pl;
	const struct cal *cal;
	struct campaign_brief v[NOTIFY_CAMPAIGNS_MAX];
	size_t n;
	const struct campaign_brief *c; /* the campaign whose letters are walked */
	int left;                       /* working days to its deadline, negative past it */
	struct late_group late;         /* its letters not signed past the deadline */
};

static int open_campaign(void *ctx, const struct campaign_row *r)
{
	struct signing *sg = ctx;
	zdate date;
	if (strcmp(r->status, "open") != 0 || sg->n >= NOTIFY_CAMPAIGNS_MAX || !date_parse(r->date, &date))
		return 0;
	struct campaign_brief *b = &sg->v[sg->n++];
	snprintf(b->id, sizeof b->id, "%s", r->id);
	snprintf(b->title, sizeof b->title, "%s", r->title ? r->title : r->id);
	b->deadline = cal_add_workdays(sg->cal, date, NOTIFY_SIGN_WORKDAYS, NULL);
	return 0;
}

/* One letter not signed yet: the request once it is sent, the reminders before the campaign's
 * deadline; past it, its signer is told and the letter waits for the campaign's escalation. */
static int unsigned_letter(void *ctx, const struct document_row *r)
{
	static const int remind[] = NOTIFY_DUTY_DAYS, escalate[] = NOTIFY_ESCALATE_DAYS;
	struct signing *sg = ctx;
	struct planner *pl = sg->pl;
	const struct facts *f = pl->f;
	char due[ZDATE_BUFSZ], occ[32], subject[1024], body[2048];
	zidx signer = unit_person(f, pl->u, r->person), dept = unit_dept(f, pl->u, r->department);
	if (strcmp(r->status, "sent") != 0 || signer < 0)
		return 0;
	int left = sg->left, rc = 0;
	struct recipients who = {0};
	rcpt_add(&who, signer);
	date_format(sg->c->deadline, due);
	snprintf(subject, sizeof subject, "【签署请求】请签署《%s》", r->title);
	snprintf(body, sizeof body, "《%s》（编号%s）已发送给您，请于%s前签署（在平台确认签署，或签署纸质件后上传扫描件），%s%d个工作日。",
		 r->title, r->number, due, left >= 0 ? "剩余" : "已逾期", left >= 0 ? left : -left);
	if ((rc = announce(pl, "sign.request", r->number, "sent", &who, subject, body)))
		return rc;
	if (left >= 0) {
		int at = -1;
		for (size_t k = 0; k < sizeof remind / sizeof remind[0]; k++)
			if (left <= remind[k])
				at = remind[k];
		if (at < 0)
			return 0;
		snprintf(occ, sizeof occ, "%d", at);
		snprintf(subject, sizeof subject, "【签署提醒】《%s》还剩%d个工作日签署期限", r->title, left);
		snprintf(body, sizeof body, "《%s》（编号%s）尚未签署，签署期限为%s，剩余%d个工作日。", r->title, r->number, due,
			 left);
		return announce(pl, "sign.due", r->number, occ, &who, subject, body);
	}
	if (-left < escalate[0])
		return 0;
	snprintf(subject, sizeof subject, "【逾期督办】%s的《%s》逾期%d个工作日未签署", f->people.v[signer].name, r->title,
		 -left);
	snprintf(body, sizeof body, "%s（%s）的《%s》（编号%s）应于%s前签署，已逾期%d个工作日，请尽快签署。",
		 f->people.v[signer].name, dept_name(f, dept), r->title, r->number, due, -left);
	if ((rc = announce(pl, "sign.overdue", r->number, "L1", &who, subject, body)))
		return rc;
	struct late_item *l;
	if ((rc = late_add(pl, &sg->late, &l)))
		return rc;
	snprintf(l->line, sizeof l->line, "%s（%s）《%s》（编号%s）", f->people.v[signer].name, dept_name(f, dept), r->title,
		 r->number);
	l->signer = signer;
	l->dept = dept;
	return 0;
}

/* Signing campaigns (签署批次) of the unit that are open: their letters not signed yet. */
static int plan_signing(struct planner *pl, const struct cal *cal)
{
	struct signing *sg = calloc(1, sizeof *sg);
	if (!sg)
		return zerr_set(pl->e, ZE_NOMEM, "out of memory");
	sg->pl = pl;
	sg->cal = cal;
	int rc = store_campaign_each(pl->s, NULL, pl->f->orgs.v[pl->u].id, open_campaign, sg, pl->e);
	for (size_t i = 0; !rc && i < sg->n; i++) {
		char title[300];
		sg->c = &sg->v[i];
		sg->left = cal_workdays_between(cal, pl->as_of, sg->c->deadline, NULL);
		snprintf(title, sizeof title, "签署批次“%s”", sg->c->title);
		sg->late.rule = "sign.overdue", sg->late.object = sg->c->id, sg->late.owner = title;
		sg->late.unit = "份", sg->late.noun = "文书", sg->late.where = "签署批次", sg->late.verb = "签署";
		sg->late.office_first = true;
		sg->late.due = sg->c->deadline, sg->late.late = -sg->left;
		sg->late.n = 0;
		rc = documents_campaign_unsigned(pl->s, sg->c->id, unsigned_letter, sg, pl->e);
		if (!rc)
			rc = escalate_group(pl, &sg->late);
	}
	free(sg->late.v);
	free(sg);
	return rc;
}

/* ---- evaluation steps ---- */

struct evaluating {
	struct planner *pl;
	const struct cal *cal;
	int rc;
};

static const char *jtext(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The heads of the departments that have a sheet in the round (skip: one that objected, when
 * only the silent ones are wanted). */
static void rcpt_sheet_heads(const struct planner *pl, json_t *doc, bool silent_only, struct recipients *r)
{
	json_t *sh;
	size_t i;
	json_array_foreach(json_object_get(json_object_get(doc, "result"), "sheets"), i, sh) {
		if (strcmp(jtext(sh, "kind"), "department") != 0)
			continue;
		bool objected = false;
		json_t *o;
		size_t k;
		json_array_foreach(json_object_get(doc, "objections"), k, o)
			objected = objected || strcmp(jtext(o, "department"), jtext(sh, "id")) == 0;
		zidx d = unit_dept(pl->f, pl->u, jtext(sh, "id"));
		if (d >= 0 && !(silent_only && objected))
			rcpt_post(pl->f, pl->u, POST_DEPARTMENT_HEAD, d, ZIDX_NONE, pl->as_of, r);
	}
}

/* One round: released (to the departments, with the objection deadline), the deadline's last
 * day (to those who have not objected), each objection (to the office) and its answer (to the
 * department), ready for confirmation (to the 第一责任人), published (to the departments). */
static int round_steps(void *ctx, const struct round_row *row)
{
	struct evaluating *ev = ctx;
	struct planner *pl = ev->pl;
	const struct facts *f = pl->f;
	char object[512], sub[768], subject[1024], body[2048];
	int year, month, mday;
	date_to_ymd(pl->as_of, &year, &month, &mday);
	/* Last year's and this year's rounds: older ones are history, not news. */
	if (row->year < year - 1 || (strcmp(row->state, "review") && strcmp(row->state, "published")))
		return 0;
	json_t *doc = json_loads(row->doc, 0, NULL);
	if (!doc)
		return 0;
	snprintf(object, sizeof object, "%s/%d/v%d", row->org, row->year, row->version);
	zdate deadline = ZDATE_NONE;
	date_parse(jtext(doc, "objection_deadline"), &deadline);
	int left = deadline != ZDATE_NONE ? cal_workdays_between(ev->cal, pl->as_of, deadline, NULL) : -1;
	int rc = 0, open = 0;
	struct recipients r = {0};
	if (!strcmp(row->state, "review") && left >= 0) {
		rcpt_sheet_heads(pl, doc, false, &r);
		snprintf(subject, sizeof subject, "【考核公示】%d年度网络安全工作考核结果已公示", row->year);
		snprintf(body, sizeof body, "%d年度网络安全工作责任制考核结果已公示，请核对本部门考核表。如有异议，请于%s前提出（剩余%d个工作日）。",
			 row->year, jtext(doc, "objection_deadline"), left);
		rc = announce(pl, "eval.released", object, "released", &r, subject, body);
		if (!rc && left == 0) {
			r = (struct recipients){0};
			rcpt_sheet_heads(pl, doc, true, &r);
			snprintf(subject, sizeof subject, "【考核异议期】%d年度考核异议期今天截止", row->year);
			snprintf(body, sizeof body, "%d年度网络安全工作考核的异议期于今天（%s）截止，如有异议请今天提出。", row->year,
				 jtext(doc, "objection_deadline"));
			rc = announce(pl, "eval.last_day", object, "last", &r, subject, body);
		}
	}
	json_t *o;
	size_t i;
	json_array_foreach(json_object_get(doc, "objections"), i, o) {
		zidx d = unit_dept(f, pl->u, jtext(o, "department"));
		bool resolved = strcmp(jtext(o, "status"), "resolved") == 0;
		open += !resolved;
		if (rc || strcmp(row->state, "review"))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", object, jtext(o, "department"));
		r = (struct recipients){0};
		rcpt_office(f, pl->u, pl->as_of, &r);
		snprintf(subject, sizeof subject, "【考核异议】%s对%d年度考核结果提出异议", dept_name(f, d), row->year);
		snprintf(body, sizeof body, "%s于%s对%d年度考核结果提出异议：%s。请核实后答复。", dept_name(f, d), jtext(o, "on"),
			 row->year, jtext(o, "reason"));
		rc = announce(pl, "eval.objected", sub, "filed", &r, subject, body);
		if (!rc && resolved && d >= 0) {
			r = (struct recipients){0};
			rcpt_post(f, pl->u, POST_DEPARTMENT_HEAD, d, ZIDX_NONE, pl->as_of, &r);
			snprintf(subject, sizeof subject, "【考核异议答复】%d年度考核异议已答复", row->year);
			snprintf(body, sizeof body, "%s对%d年度考核结果的异议已答复：%s", dept_name(f, d), row->year,
				 jtext(o, "answer"));
			rc = announce(pl, "eval.resolved", sub, "answered", &r, subject, body);
		}
	}
	if (!rc && !strcmp(row->state, "review") && !open && deadline != ZDATE_NONE && pl->as_of > deadline) {
		r = (struct recipients){0};
		rcpt_post(f, pl->u, POST_FIRST_RESPONSIBLE, ZIDX_NONE, ZIDX_NONE, pl->as_of, &r);
		snprintf(subject, sizeof subject, "【考核待确认】%d年度考核结果待确认发布", row->year);
		snprintf(body, sizeof body, "%d年度网络安全工作考核的异议期已于%s截止，异议均已答复，请确认发布考核结果。", row->year,
			 jtext(doc, "objection_deadline"));
		rc = announce(pl, "eval.ready", object, "ready", &r, subject, body);
	}
	if (!rc && !strcmp(row->state, "published")) {
		r = (struct recipients){0};
		rcpt_sheet_heads(pl, doc, false, &r);
		snprintf(subject, sizeof subject, "【考核结果】%d年度网络安全工作考核结果已发布", row->year);
		snprintf(body, sizeof body, "%d年度网络安全工作责任制考核结果已确认发布，请在平台查看本部门考核表。", row->year);
		rc = announce(pl, "eval.published", object, "published", &r, subject, body);
	}
	json_decref(doc);
	ev->rc = rc;
	return rc;
}

static int plan_evaluation(struct planner *pl, const struct cal *cal)
{
	struct evaluating ev = {pl, cal, 0};
	int rc = store_round_each(pl->s, pl->f->orgs.v[pl->u].id, 0, 0, round_steps, &ev, pl->e);
	return ev.rc ? ev.rc : rc;
}

int notify_plan_unit(struct store *s, const struct facts *f, const struct cal *cal, const struct policy_set *ps,
		     zidx u, zdate as_of, zdate from, int64_t now, struct notify_stats *st, struct zerr *e)
{
	struct planner pl = {.s = s, .f = f, .u = u, .as_of = as_of, .from = from, .now = now, .st = st, .e = e};
	const struct policy *p = policies_for_unit(ps, f->orgs.v[u].id, f->orgs.v[u].policy, as_of, NULL);
	if (!p)
		return zerr_set(e, ZE_NOTFOUND, "unit %s: no policy '%s'", f->orgs.v[u].id, f->orgs.v[u].policy);
	int rc = store_notify_channel_each(s, f->orgs.v[u].id, channel_flags, &pl, e);
	if (!rc && !(rc = plan_duties(&pl, cal, p)) && !(rc = plan_notices(&pl, cal, p)) && !(rc = plan_incidents(&pl, p)) &&
	    !(rc = plan_findings(&pl, cal, ps)) && !(rc = plan_signing(&pl, cal)) && !(rc = plan_evaluation(&pl, cal)) &&
	    pl.nrows && !(rc = store_begin(s, e))) {
		/* One transaction per unit: its reminders are queued together or not at all. */
		size_t queued = 0;
		for (size_t i = 0; i < pl.nrows && !rc; i++) {
			bool added = false;
			if (!(rc = store_notify_add(s, &pl.rows[i], &added, e)) && added)
				queued++;
		}
		if (!rc && !(rc = store_commit(s, e)))
			st->queued += queued;
		if (rc)
			store_rollback(s);
	}
	if (!rc)
		st->planned_units++;
	free(pl.rows);
	arena_release(&pl.text);
	return rc;
}

int notify_plan(struct store *s, const struct cal *cal, const struct policy_set *ps, const char *org_id,
		zdate as_of, int64_t now, struct notify_stats *st, struct zerr *e)
{
	struct facts f;
	struct policy_set *units = NULL;
	int64_t gen;
	char day[ZDATE_BUFSZ];
	facts_init(&f);
	int rc = store_generation(s, &gen, e);
	if (!rc)
		rc = store_load(s, &f, org_id, e);
	/* Each unit's own policy versions over the shipped profiles: its duties' reminder days. */
	if (!rc)
		rc = unit_policies_load(s, ps, org_id, &units, e);
	if (!rc && facts_index(&f))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	for (size_t u = 0; !rc && u < f.orgs.n; u++) {
		if (org_id && strcmp(f.orgs.v[u].id, org_id) != 0)
			continue;
		zdate d = as_of != ZDATE_NONE ? as_of : org_date(&f, (zidx)u, (struct ztime){now, 0});
		bool mine = false;
		date_format(d, day);
		rc = store_notify_plan_claim(s, f.orgs.v[u].id, day, gen, now, now + NOTIFY_LEASE_S, &mine, e);
		if (rc || !mine)
			continue;
		/* After a gap (the scheduler did not run for some days), what happened in it is still
		 * new, back to NOTIFY_CATCHUP_DAYS; the first run ever starts from its own day. */
		char last[ZDATE_BUFSZ];
		zdate from = d, prev;
		if ((rc = store_notify_plan_last(s, f.orgs.v[u].id, day, last, e)))
			continue;
		if (*last && date_parse(last, &prev))
			from = prev + 1 > d - NOTIFY_CATCHUP_DAYS ? prev + 1 : d - NOTIFY_CATCHUP_DAYS;
		rc = notify_plan_unit(s, &f, cal, units, (zidx)u, d, from, now, st, e);
		if (!rc)
			rc = store_notify_plan_done(s, f.orgs.v[u].id, day, now, e);
	}
	policies_free(units);
	facts_release(&f);
	return rc;
}

/* ---- delivery ---- */

/* A claimed delivery, copied out of the store's row. */
struct claimed {
	int64_t id;
	int attempts;
	const char *org, *person, *channel, *subject, *body, *key;
	struct arena text; /* what they point into */
};

static int take_claim(void *ctx, const struct notify_row *r)
{
	struct claimed *c = ctx;
	c->id = r->id;
	c->attempts = r->attempts;
	c->org = arena_strdup(&c->text, r->org);
	c->person = arena_strdup(&c->text, r->person);
	c->channel = arena_strdup(&c->text, r->channel);
	c->subject = arena_strdup(&c->text, r->subject);
	c->body = arena_strdup(&c->text, r->body);
	c->key = arena_strdup(&c->text, r->key);
	return c->org && c->person && c->channel && c->subject && c->body && c->key ? 0 : ZE_NOMEM;
}

/* A unit's channel with its secrets opened. */
struct channel_conf {
	const char *want;
	const char *data_dir;
	bool found, enabled;
	json_t *settings, *secrets;
	struct zerr *e;
	int rc;
};

static int find_channel(void *ctx, const struct notify_channel_row *r)
{
	struct channel_conf *cc = ctx;
	if (strcmp(r->channel, cc->want) != 0)
		return 0;
	cc->found = true;
	cc->enabled = r->enabled;
	cc->settings = json_loads(r->settings, 0, NULL);
	char *plain = NULL;
	if (r->secret && (cc->rc = notify_open(cc->data_dir, r->secret, r->secret_len, &plain, cc->e)))
		return cc->rc;
	cc->secrets = plain ? json_loads(plain, 0, NULL) : json_object();
	if (plain) {
		memset(plain, 0, strlen(plain));
		free(plain);
	}
	return 0;
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static int load_channel(struct store *s, const char *data_dir, const char *org, const char *channel,
			struct channel_conf *cc, struct zerr *e)
{
	*cc = (struct channel_conf){.want = channel, .data_dir = data_dir, .e = e};
	int rc = store_notify_channel_each(s, org, find_channel, cc, e);
	if (rc)
		return rc;
	if (!cc->found)
		return zerr_set(e, ZE_INVALID, "unit %s has no %s channel set up", org, channel);
	if (!cc->settings || !cc->secrets)
		return zerr_set(e, ZE_INVALID, "unit %s: the %s channel's settings are damaged: set them again", org, channel);
	return 0;
}

static void channel_release(struct channel_conf *cc)
{
	json_decref(cc->settings);
	json_decref(cc->secrets);
}

/* Sends on an opened channel: to a mail address, or the text to the robot. */
static int send_on(const struct channel_conf *cc, int c, const char *ca_file, const char *to, const char *subject,
		   const char *body, int64_t now, char answer[NOTIFY_ANSWER_MAX], struct zerr *e)
{
	if (c == NC_MAIL) {
		json_t *port = json_object_get(cc->settings, "port");
		struct mail_server m = {
			.host = jstr(cc->settings, "host"),
			.port = json_is_integer(port) ? (int)json_integer_value(port) : 0,
			.security = jstr(cc->settings, "security"),
			.username = jstr(cc->settings, "username"),
			.password = jstr(cc->secrets, "password"),
			.from = jstr(cc->settings, "from"),
		};
		return notify_send_mail(&m, ca_file, to, subject, body, now, answer, e);
	}
	enum robot_kind k = c == NC_DINGTALK ? ROBOT_DINGTALK : c == NC_WECOM ? ROBOT_WECOM : ROBOT_FEISHU;
	return notify_send_robot(k, jstr(cc->secrets, "webhook"), jstr(cc->secrets, "secret"), ca_file, body, now, answer,
				 e);
}

/* Sends one claimed delivery; its outcome (never a store error) in answer, failed true. */
static void deliver_one(struct store *s, const struct notify_config *cfg, const struct claimed *d, int64_t now,
			char answer[NOTIFY_ANSWER_MAX], bool *failed)
{
	struct channel_conf cc;
	struct zerr e = {0};
	char prefbuf[1024];
	int c = notify_channel_from_id(d->channel);
	int rc = load_channel(s, cfg->data_dir, d->org, d->channel, &cc, &e);
	if (!rc && !cc.enabled)
		rc = zerr_set(&e, ZE_INVALID, "the unit's %s channel is switched off", d->channel);
	const char *to = NULL;
	struct notify_pref_row pr;
	if (!rc && c == NC_MAIL) {
		if (!(rc = store_notify_pref_get(s, d->person, &pr, prefbuf, sizeof prefbuf, &e)) && !*pr.email)
			rc = zerr_set(&e, ZE_INVALID, "%s has no mail address", d->person);
		to = pr.email;
	}
	answer[0] = '\0';
	if (!rc)
		rc = send_on(&cc, c, cfg->ca_file, to, d->subject, d->body, now, answer, &e);
	if (rc)
		snprintf(answer, NOTIFY_ANSWER_MAX, "%s", e.msg);
	*failed = rc != 0;
	channel_release(&cc);
}

int notify_deliver(struct store *s, const struct notify_config *cfg, int64_t now, size_t max,
		   struct notify_stats *st, struct zerr *e)
{
	int rc = 0;
	for (size_t i = 0; i < max; i++) {
		struct claimed d = {.text = ARENA_INIT};
		char answer[NOTIFY_ANSWER_MAX];
		bool failed;
		rc = store_notify_claim(s, now, cfg->worker, now + NOTIFY_LEASE_S, take_claim, &d, e);
		if (rc == ZE_NOTFOUND) {
			rc = 0;
			break;
		}
		if (rc == ZE_NOMEM)
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
		if (rc) {
			arena_release(&d.text);
			break;
		}
		deliver_one(s, cfg, &d, now, answer, &failed);
		struct notify_row out = {.attempts = d.attempts + 1, .answer = answer};
		if (!failed) {
			out.state = "sent";
			out.sent_at = now;
			st->sent++;
		} else if (out.attempts >= cfg->max_attempts) {
			out.state = "failed";
			st->failed++;
		} else {
			/* Back off: base, twice, four times … at most an hour. */
			int64_t wait = (int64_t)cfg->backoff_s << (out.attempts - 1 < 12 ? out.attempts - 1 : 12);
			out.state = "queued";
			out.next_at = now + (wait < 3600 ? wait : 3600);
			st->retried++;
		}
		rc = store_notify_finish(s, d.id, cfg->worker, &out, e);
		arena_release(&d.text);
		if (rc == ZE_CONFLICT) /* our lease ran out and another took it: theirs now */
			rc = 0;
		if (rc)
			break;
	}
	return rc;
}

json_t *notify_row_json(const struct notify_row *r)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I}", "id", (json_int_t)r->id, "rule",
			      r->rule, "object", r->object, "person", r->person, "channel", r->channel, "subject",
			      r->subject, "body", r->body, "state", r->state, "attempts", r->attempts, "created_at",
			      (json_int_t)r->created_at);
	if (!j)
		return NULL;
	json_object_set_new(j, "sent_at", r->sent_at ? json_integer(r->sent_at) : json_null());
	json_object_set_new(j, "read_at", r->read_at ? json_integer(r->read_at) : json_null());
	json_object_set_new(j, "next_at", json_integer(r->next_at));
	json_object_set_new(j, "answer", r->answer ? json_string(r->answer) : json_null());
	json_object_set_new(j, "org", json_string(r->org));
	return j;
}

/* ---- settings ---- */

/* What each channel keeps: its plain settings and its secrets. */
struct channel_spec {
	const char *settings[6];
	const char *secrets[3];
	const char *required_secret; /* must be set for the channel to work */
};
static const struct channel_spec specs[NC_COUNT] = {
	[NC_MAIL] = {{"host", "port", "security", "username", "from", NULL}, {"password", NULL}, NULL},
	[NC_DINGTALK] = {{NULL}, {"webhook", "secret", NULL}, "webhook"},
	[NC_WECOM] = {{NULL}, {"webhook", NULL}, "webhook"},
	[NC_FEISHU] = {{NULL}, {"webhook", "secret", NULL}, "webhook"},
};

static bool in_list(const char *const *list, const char *k)
{
	for (; *list; list++)
		if (strcmp(*list, k) == 0)
			return true;
	return false;
}

struct channels_out {
	json_t *items;
};

static int channel_item(void *ctx, const struct notify_channel_row *r)
{
	struct channels_out *o = ctx;
	json_t *settings = json_loads(r->settings, 0, NULL), *set = json_object_get(settings, "secrets_set");
	json_t *secrets = json_object(), *v;
	size_t i;
	/* The names of the secrets that are set, each shown as 已设置, never their values. */
	json_array_foreach(set, i, v)
		if (json_is_string(v))
			json_object_set_new(secrets, json_string_value(v), json_string("已设置"));
	if (settings)
		json_object_del(settings, "secrets_set");
	int c = notify_channel_from_id(r->channel);
	json_array_append_new(o->items, json_pack("{s:s, s:s, s:b, s:o, s:o, s:I}", "channel", r->channel, "name",
						  notify_channel_name_zh(c), "enabled", r->enabled, "settings",
						  settings ? settings : json_object(), "secrets", secrets, "updated_at",
						  (json_int_t)r->updated_at));
	return 0;
}

json_t *notify_channels_json(struct store *s, const char *org, struct zerr *e)
{
	struct channels_out o = {json_array()};
	if (store_notify_channel_each(s, org, channel_item, &o, e)) {
		json_decref(o.items);
		return NULL;
	}
	return o.items;
}

/* The settings a body gives, checked: ZE_INVALID naming the field. */
static int check_settings(int c, json_t *in, json_t *out, struct zerr *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v) {
		if (!in_list(specs[c].settings, k))
			return zerr_set(e, ZE_INVALID, "$.settings.%s: the %s channel has no such setting", k, channel_ids[c]);
		if (strcmp(k, "port") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 65535)
				return zerr_set(e, ZE_INVALID, "$.settings.port: a port number 1-65535");
		} else if (!json_is_string(v) || strlen(json_string_value(v)) > 254 ||
			   strpbrk(json_string_value(v), "\r\n<>")) {
			return zerr_set(e, ZE_INVALID, "$.settings.%s: text of at most 254 bytes, one line", k);
		}
		if (strcmp(k, "security") == 0 && strcmp(json_string_value(v), "starttls") != 0 &&
		    strcmp(json_string_value(v), "tls") != 0 && strcmp(json_string_value(v), "none") != 0)
			return zerr_set(e, ZE_INVALID, "$.settings.security: starttls, tls or none, not '%s'",
					json_string_value(v));
		if (strcmp(k, "from") == 0 && *json_string_value(v) && !strchr(json_string_value(v), '@'))
			return zerr_set(e, ZE_INVALID, "$.settings.from: a mail address, not '%s'", json_string_value(v));
		json_object_set(out, k, v);
	}
	return 0;
}

struct secret_merge {
	json_t *secrets;
	const char *data_dir, *want;
	struct zerr *e;
};

static int old_secrets(void *ctx, const struct notify_channel_row *r)
{
	struct secret_merge *m = ctx;
	char *plain = NULL;
	if (strcmp(r->channel, m->want) != 0 || !r->secret)
		return 0;
	/* Old secrets that no longer open are dropped: the new body must set them again. */
	if (notify_open(m->data_dir, r->secret, r->secret_len, &plain, m->e) == 0) {
		json_t *j = json_loads(plain, 0, NULL);
		if (j)
			json_object_update(m->secrets, j);
		json_decref(j);
		memset(plain, 0, strlen(plain));
		free(plain);
	}
	return 0;
}

static int org_is(void *ctx, const char *id, const char *name, const char *kind, const char *policy)
{
	return strcmp(id, ((const char **)ctx)[0]) == 0 ? (((const char **)ctx)[1] = id, 1) : 0;
}

int notify_channel_set(struct store *s, struct change *ch, const char *data_dir, const char *org,
		       const char *channel, json_t *body, int64_t now, struct zerr *e)
{
	int c = notify_channel_from_id(channel);
	json_t *settings = json_object(), *secrets = json_object(), *set = json_array(), *detail = NULL;
	json_t *in_settings = json_object_get(body, "settings"), *in_secrets = json_object_get(body, "secrets");
	json_t *enabled = json_object_get(body, "enabled"), *v;
	struct zerr ignore = {0};
	struct secret_merge m = {secrets, data_dir, channel, &ignore};
	unsigned char *sealed = NULL;
	size_t sealed_len = 0;
	char *plain = NULL, *text = NULL;
	const char *k;
	int rc = 0;
	const char *found[2] = {org, NULL};
	if (c <= NC_INBOX) {
		rc = zerr_set(e, ZE_INVALID, "channel must be mail, dingtalk, wecom or feishu, not '%s'", channel);
		goto out;
	}
	if ((rc = store_org_each(s, org_is, found, e)) < 0)
		goto out;
	if (!found[1]) {
		rc = zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org);
		goto out;
	}
	rc = 0;
	if (!json_is_object(body) || (in_settings && !json_is_object(in_settings)) ||
	    (in_secrets && !json_is_object(in_secrets)) || (enabled && !json_is_boolean(enabled))) {
		rc = zerr_set(e, ZE_INVALID, "$: {enabled: true|false, settings: {…}, secrets: {…}}");
		goto out;
	}
	json_object_foreach(body, k, v)
		if (strcmp(k, "enabled") && strcmp(k, "settings") && strcmp(k, "secrets")) {
			rc = zerr_set(e, ZE_INVALID, "$.%s: unknown field (enabled, settings, secrets)", k);
			goto out;
		}
	if (in_settings && (rc = check_settings(c, in_settings, settings, e)))
		goto out;
	if ((rc = store_notify_channel_each(s, org, old_secrets, &m, e)))
		goto out;
	json_object_foreach(in_secrets, k, v) {
		if (!in_list(specs[c].secrets, k)) {
			rc = zerr_set(e, ZE_INVALID, "$.secrets.%s: the %s channel has no such secret", k, channel);
			goto out;
		}
		if (!json_is_string(v) || strlen(json_string_value(v)) > 1024 || strpbrk(json_string_value(v), "\r\n")) {
			rc = zerr_set(e, ZE_INVALID, "$.secrets.%s: text of at most 1024 bytes, one line", k);
			goto out;
		}
		if (strcmp(k, "webhook") == 0 && *json_string_value(v) && strncmp(json_string_value(v), "https://", 8) != 0) {
			rc = zerr_set(e, ZE_INVALID, "$.secrets.webhook: an https:// address");
			goto out;
		}
		if (*json_string_value(v))
			json_object_set(secrets, k, v);
		else
			json_object_del(secrets, k);
	}
	json_object_foreach(secrets, k, v)
		json_array_append_new(set, json_string(k));
	json_object_set(settings, "secrets_set", set);
	/* A copy of the secrets given, whose values are replaced below (the request's stay as sent). */
	detail = json_pack("{s:s, s:b, s:O, s:o}", "channel", channel, "enabled", enabled ? json_is_true(enabled) : 1,
			   "settings", settings, "secrets_changed", in_secrets ? json_deep_copy(in_secrets) : json_object());
	/* The audit log records which secrets changed, never their values. */
	json_t *changed = json_object_get(detail, "secrets_changed");
	json_object_foreach(changed, k, v)
		json_object_set_new(changed, k, json_string(json_string_value(v) && *json_string_value(v) ? "已设置" : "已清除"));
	if (!(text = json_dumps(settings, JSON_COMPACT)) || !(plain = json_dumps(secrets, JSON_COMPACT)) || !detail) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if (json_object_size(secrets) && (rc = notify_seal(data_dir, plain, strlen(plain), &sealed, &sealed_len, e)))
		goto out;
	struct notify_channel_row row = {org, channel, enabled ? json_is_true(enabled) : true, text,
					 sealed, sealed_len, now};
	if (!(rc = store_begin(s, e)))
		rc = store_notify_channel_put(s, &row, e);
out:
	rc = change_finish(s, ch, rc, json_incref(detail), e);
	if (plain) {
		memset(plain, 0, strlen(plain));
		free(plain);
	}
	free(text);
	free(sealed);
	json_decref(detail);
	json_decref(set);
	json_decref(settings);
	json_decref(secrets);
	return rc;
}

int notify_test_send(struct store *s, const struct notify_config *cfg, const char *org, const char *channel,
		     const char *to, int64_t now, char *answer, size_t answer_len, struct zerr *e)
{
	struct channel_conf cc;
	char buf[NOTIFY_ANSWER_MAX] = "", key[NOTIFY_KEY_MAX];
	int c = notify_channel_from_id(channel);
	if (c <= NC_INBOX)
		return zerr_set(e, ZE_INVALID, "channel must be mail, dingtalk, wecom or feishu, not '%s'", channel);
	if (c == NC_MAIL && (!to || !*to))
		return zerr_set(e, ZE_INVALID, "$.to: the address to send the test mail to");
	int rc = load_channel(s, cfg->data_dir, org, channel, &cc, e);
	const char *subject = "【测试】责任制平台通知测试", *body = "这是一条测试消息：通知渠道设置正确。";
	if (!rc)
		rc = send_on(&cc, c, cfg->ca_file, to, subject, body, now, buf, e);
	channel_release(&cc);
	if (rc == ZE_NOMEM)
		return rc;
	snprintf(answer, answer_len, "%s", rc ? e->msg : buf);
	/* The test goes into the delivery log like any message, with its outcome; a failure to log
	 * it does not hide the outcome. */
	struct zerr ignore = {0};
	unsigned char rnd[8];
	char tag[17];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(tag, sizeof tag, rnd, sizeof rnd);
	snprintf(key, sizeof key, "test|%s|%s|%lld|%s", org, channel, (long long)now, tag);
	struct notify_row row = {.key = key, .org = org, .rule = "test", .object = org,
				 .person = to && *to ? to : "-", .channel = channel, .subject = subject, .body = body,
				 .state = rc ? "failed" : "sent", .answer = answer, .next_at = now, .created_at = now};
	bool added;
	store_notify_add(s, &row, &added, &ignore);
	return rc;
}

/* ---- preferences ---- */

static json_t *hhmm(int minutes)
{
	char b[8];
	snprintf(b, sizeof b, "%02d:%02d", minutes / 60 % 24, minutes % 60);
	return json_string(b);
}

json_t *notify_pref_json(struct store *s, const char *person, struct zerr *e)
{
	struct notify_pref_row pr;
	char buf[1024];
	if (store_notify_pref_get(s, person, &pr, buf, sizeof buf, e))
		return NULL;
	json_t *m = json_array();
	for (int c = NC_MAIL; c < NC_COUNT; c++)
		if (muted(pr.muted, c))
			json_array_append_new(m, json_string(channel_ids[c]));
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "person", person, "email", pr.email, "muted", m, "quiet_from",
			 hhmm(pr.quiet_from), "quiet_to", hhmm(pr.quiet_to));
}

/* "HH:MM" into minutes after midnight; -1 when it is not a time of day. */
static int parse_hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	int h = digits_value(s, 2), m = digits_value(s + 3, 2);
	return h < 0 || m < 0 || h > 23 || m > 59 ? -1 : h * 60 + m;
}

int notify_pref_set(struct store *s, struct change *ch, const char *person, json_t *body, struct zerr *e)
{
	struct notify_pref_row pr;
	char buf[1024], list[128] = "";
	const char *k;
	json_t *v;
	int rc = 0;
	if ((rc = store_notify_pref_get(s, person, &pr, buf, sizeof buf, e)))
		return rc;
	if (!json_is_object(body)) {
		rc = zerr_set(e, ZE_INVALID, "$: {email, muted, quiet_from, quiet_to}");
		goto out;
	}
	json_object_foreach(body, k, v) {
		if (strcmp(k, "email") == 0) {
			const char *m = json_string_value(v);
			if (!m || strlen(m) > 254 || (*m && (!strchr(m, '@') || strpbrk(m, " \t\r\n<>,;\"")))) {
				rc = zerr_set(e, ZE_INVALID, "$.email: one mail address (or \"\" for none)");
				goto out;
			}
			pr.email = m;
		} else if (strcmp(k, "muted") == 0) {
			size_t i;
			json_t *x;
			list[0] = '\0';
			if (!json_is_array(v)) {
				rc = zerr_set(e, ZE_INVALID, "$.muted: a list of channels (mail, dingtalk, wecom, feishu)");
				goto out;
			}
			json_array_foreach(v, i, x) {
				int c = notify_channel_from_id(json_string_value(x));
				if (c <= NC_INBOX) {
					rc = zerr_set(e, ZE_INVALID, "$.muted[%zu]: mail, dingtalk, wecom or feishu (the inbox cannot be muted)", i);
					goto out;
				}
				if (!muted(list, c))
					snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? "," : "",
						 channel_ids[c]);
			}
			pr.muted = list;
		} else if (strcmp(k, "quiet_from") == 0 || strcmp(k, "quiet_to") == 0) {
			int m = parse_hhmm(json_string_value(v));
			if (m < 0) {
				rc = zerr_set(e, ZE_INVALID, "$.%s: a time of day HH:MM", k);
				goto out;
			}
			*(strcmp(k, "quiet_from") == 0 ? &pr.quiet_from : &pr.quiet_to) = m;
		} else if (strcmp(k, "person") != 0) {
			rc = zerr_set(e, ZE_INVALID, "$.%s: unknown field (email, muted, quiet_from, quiet_to)", k);
			goto out;
		}
	}
	pr.person = person;
	json_t *detail = json_pack("{s:s, s:b, s:s, s:i, s:i}", "person", person, "email_set", *pr.email != '\0', "muted",
				   pr.muted, "quiet_from", pr.quiet_from, "quiet_to", pr.quiet_to);
	if (!detail)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (!(rc = store_begin(s, e)))
		rc = store_notify_pref_put(s, &pr, e);
	return change_finish(s, ch, rc, detail, e);
out:
	if (rc)
		change_refused(s, ch, e);
	return rc;
}
