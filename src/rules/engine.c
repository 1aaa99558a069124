/* Every rule is evaluated as of one day; `since` is then found by walking back along the
 * validity intervals of the facts involved (the finding can only change where one of them
 * starts or ends). Unions of intervals are merged on the fly (run_of), differences use the
 * last end before the day (last_end_before), and counts of holders are swept (count_run). */
#include "rules/engine.h"
#include "rules/internal.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct iv {
	zdate from, to;
	zidx who;
};

struct holder {
	zidx person, dept;
	int8_t post;
};

#define SCRATCH(T, name) T *name; size_t n_##name, cap_##name

struct engine {
	/* the current unit's post appointments by post, and its body-seat appointments */
	zidx *bucket[POST_COUNT];
	size_t nbucket[POST_COUNT], capbucket[POST_COUNT];
	SCRATCH(zidx, seats);
	SCRATCH(struct iv, iv);  /* one gathered set of intervals */
	SCRATCH(struct iv, iv2); /* a second one */
	SCRATCH(struct holder, holders);
	uint32_t *stamp; /* per person: == gen when already collected */
	size_t nstamp;
	uint32_t gen;
	bool nomem;
	const struct cal *cal;
	struct occ_cache {
		const struct obligation_def *o;
		zdate d;
		int lookback;
		struct recur_occurrence *v;
		size_t n;
	} occ[128]; /* a year's evaluation checks twelve month ends: 12 days × the policy's duties */
	size_t nocc;
};

const struct cal *engine_calendar(const struct engine *en)
{
	return en->cal;
}

const struct recur_occurrence *engine_occurrences(struct engine *en, const struct obligation_def *o, zdate d,
						  int lookback_days, size_t *n)
{
	for (size_t i = 0; i < en->nocc; i++)
		if (en->occ[i].o == o && en->occ[i].d == d && en->occ[i].lookback == lookback_days) {
			*n = en->occ[i].n;
			return en->occ[i].v;
		}
	/* Periods end before they fall due; a year and a month of slack covers every due rule. The
	 * rule is anchored on 1 January of a year 12k after 2000, near the window, so intervals of
	 * 1, 2, 3, 4, 6 or 12 keep their phase without expanding decades of instances. */
	enum { MAX_OCC = 2048 };
	zdate from = d - lookback_days - 400;
	int y, m, day;
	date_to_ymd(from, &y, &m, &day);
	int anchor_year = y >= 2000 ? 2000 + (y - 2000) / 12 * 12 : 2000 - ((2000 - y + 11) / 12) * 12;
	struct recur_occurrence *v = malloc(MAX_OCC * sizeof *v);
	int got = v ? recur_expand_cached(&o->rule, en->cal, date_from_ymd(anchor_year, 1, 1), from, d + 1, v, MAX_OCC, NULL)
		    : ZE_NOMEM;
	if (got < 0) {
		free(v);
		if (got == ZE_NOMEM)
			en->nomem = true;
		*n = 0;
		return NULL;
	}
	if (en->nocc == sizeof en->occ / sizeof en->occ[0]) {
		free(en->occ[0].v);
		memmove(en->occ, en->occ + 1, (en->nocc - 1) * sizeof en->occ[0]);
		en->nocc--;
	}
	en->occ[en->nocc++] = (struct occ_cache){o, d, lookback_days, v, (size_t)got};
	*n = (size_t)got;
	return v;
}

void engine_set_calendar(struct engine *en, const struct cal *cal)
{
	if (en->cal == cal)
		return;
	/* occurrences' due dates were counted on the old calendar */
	for (size_t i = 0; i < en->nocc; i++)
		free(en->occ[i].v);
	en->nocc = 0;
	en->cal = cal;
}

static const char *const subject_ids[SUBJ_COUNT] = {"org", "person", "department", "system", "body"};
const char *subject_kind_id(int k) { return k >= 0 && k < SUBJ_COUNT ? subject_ids[k] : "?"; }

struct engine *engine_new(void)
{
	return calloc(1, sizeof(struct engine));
}

void engine_free(struct engine *en)
{
	if (!en)
		return;
	for (int p = 0; p < POST_COUNT; p++)
		free(en->bucket[p]);
	free(en->seats);
	free(en->iv);
	free(en->iv2);
	free(en->holders);
	free(en->stamp);
	for (size_t i = 0; i < en->nocc; i++)
		free(en->occ[i].v);
	free(en);
}

/* Appends to a scratch vector; on failure marks the engine out of memory and drops the item. */
static void *grow(struct engine *en, void **v, size_t *n, size_t *cap, size_t sz)
{
	if (vec_room(v, cap, *n, sz, 32)) {
		en->nomem = true;
		return NULL;
	}
	return (char *)*v + (*n)++ * sz;
}
#define PUSH(en, name) ((__typeof__(en->name))grow(en, (void **)&en->name, &en->n_##name, &en->cap_##name, sizeof *en->name))

static void push_iv(struct engine *en, bool second, zdate from, zdate to, zidx who)
{
	struct iv *v = second ? PUSH(en, iv2) : PUSH(en, iv);
	if (v)
		*v = (struct iv){from, to, who};
}

/* If d lies in the union of v, the merged run containing it; else false. */
static bool run_of(const struct iv *v, size_t n, zdate d, zdate *start, zdate *end)
{
	zdate s = 0, e = 0;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (v[i].from <= d && d < v[i].to)
			s = v[i].from, e = v[i].to, found = true;
	if (!found)
		return false;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			if (v[i].from < s && v[i].to >= s)
				s = v[i].from, changed = true;
			if (v[i].to > e && v[i].from <= e)
				e = v[i].to, changed = true;
		}
	}
	if (start)
		*start = s;
	if (end)
		*end = e;
	return true;
}

static zdate run_start(const struct iv *v, size_t n, zdate d)
{
	zdate s = ZDATE_MIN;
	run_of(v, n, d, &s, NULL);
	return s;
}

/* For d outside the union of v: the first day after the last interval that ended by d. */
static zdate last_end_before(const struct iv *v, size_t n, zdate d)
{
	zdate best = ZDATE_MIN;
	for (size_t i = 0; i < n; i++)
		if (v[i].to <= d && v[i].to > best)
			best = v[i].to;
	return best;
}

static zdate max_date(zdate a, zdate b)
{
	return a > b ? a : b;
}

/* Groups the unit's appointments: post appointments by post, seats apart. */
static void bucket_unit(struct engine *en, const struct facts *f, zidx org)
{
	for (int p = 0; p < POST_COUNT; p++)
		en->nbucket[p] = 0;
	en->n_seats = 0;
	FACTS_EACH(f, appt, org, ai) {
		const struct appt *a = &f->appts.v[ai];
		zidx *slot;
		if (a->body >= 0)
			slot = PUSH(en, seats);
		else
			slot = grow(en, (void **)&en->bucket[a->post], &en->nbucket[a->post],
				    &en->capbucket[a->post], sizeof(zidx));
		if (slot)
			*slot = ai;
	}
}

static void new_generation(struct engine *en, size_t npeople)
{
	if (en->nstamp < npeople) {
		uint32_t *s = realloc(en->stamp, npeople * sizeof *s);
		if (!s) {
			en->nomem = true;
			return;
		}
		memset(s + en->nstamp, 0, (npeople - en->nstamp) * sizeof *s);
		en->stamp = s;
		en->nstamp = npeople;
	}
	if (++en->gen == 0) {
		memset(en->stamp, 0, en->nstamp * sizeof *en->stamp);
		en->gen = 1;
	}
}

/* The next appointment to a post in `posts` (any scope) or in `dept_posts` (held in a department
 * only), by post and bucket from the cursor (*p, *i), which starts at (0, 0); NULL after the last. */
static const struct appt *next_post_appt(const struct engine *en, const struct facts *f, postset posts,
					 postset dept_posts, int *p, size_t *i)
{
	for (; *p < POST_COUNT; ++*p, *i = 0) {
		bool any = POSTSET_HAS(posts, *p);
		if (!any && !POSTSET_HAS(dept_posts, *p))
			continue;
		while (*i < en->nbucket[*p]) {
			const struct appt *a = &f->appts.v[en->bucket[*p][(*i)++]];
			if (any || a->dept >= 0)
				return a;
		}
	}
	return NULL;
}

/* The people holding, on day d, a post in `posts` (any scope) or in `dept_posts` scoped to a
 * department; each once, with the first such post found. */
static void collect_holders(struct engine *en, const struct facts *f, postset posts, postset dept_posts, zdate d)
{
	en->n_holders = 0;
	new_generation(en, f->people.n);
	if (en->nomem)
		return;
	int p = 0;
	size_t i = 0;
	for (const struct appt *a; (a = next_post_appt(en, f, posts, dept_posts, &p, &i));) {
		if (!appt_on(a, d) || en->stamp[a->person] == en->gen)
			continue;
		en->stamp[a->person] = en->gen;
		struct holder *h = PUSH(en, holders);
		if (h)
			*h = (struct holder){a->person, a->dept, (int8_t)p};
	}
}

/* Gathers person's intervals in posts (any scope) and dept_posts (department-scoped only). */
static void gather_posts(struct engine *en, const struct facts *f, zidx person, postset posts,
			 postset dept_posts, bool second)
{
	if (second)
		en->n_iv2 = 0;
	else
		en->n_iv = 0;
	int p = 0;
	size_t i = 0;
	for (const struct appt *a; (a = next_post_appt(en, f, posts, dept_posts, &p, &i));)
		if (a->person == person)
			push_iv(en, second, a->from, a->to, person);
}

static int cmp_iv_who(const void *x, const void *y)
{
	const struct iv *a = x, *b = y;
	if (a->who != b->who)
		return a->who < b->who ? -1 : 1;
	return (a->from > b->from) - (a->from < b->from);
}

/* How many people hold `post` on day d (scoped to dept when dept >= 0, to system when
 * system >= 0); when fewer than min, *since is where that shortfall began. */
static bool count_run(struct engine *en, const struct facts *f, int post, zidx dept, zidx system,
		      int min, zdate d, int *count, zdate *since)
{
	en->n_iv = 0;
	for (size_t i = 0; i < en->nbucket[post]; i++) {
		const struct appt *a = &f->appts.v[en->bucket[post][i]];
		if ((dept < 0 || a->dept == dept) && (system < 0 || a->system == system))
			push_iv(en, false, a->from, a->to, a->person);
	}
	/* Merge each person's intervals so a person counts once. */
	if (en->n_iv > 1)
		qsort(en->iv, en->n_iv, sizeof *en->iv, cmp_iv_who);
	size_t m = 0;
	for (size_t i = 0; i < en->n_iv; i++) {
		if (m && en->iv[m - 1].who == en->iv[i].who && en->iv[i].from <= en->iv[m - 1].to) {
			if (en->iv[i].to > en->iv[m - 1].to)
				en->iv[m - 1].to = en->iv[i].to;
		} else {
			en->iv[m++] = en->iv[i];
		}
	}
	en->n_iv = m;
	int c = 0;
	for (size_t i = 0; i < m; i++)
		c += en->iv[i].from <= d && d < en->iv[i].to;
	*count = c;
	if (c >= min)
		return false;
	/* The shortfall began at the latest end t <= d after which the count stayed below min. */
	zdate best = ZDATE_MIN;
	for (size_t i = 0; i < m; i++) {
		zdate t = en->iv[i].to;
		if (t > d || t <= best)
			continue;
		int before = 0;
		for (size_t j = 0; j < m; j++)
			before += en->iv[j].from <= t - 1 && t - 1 < en->iv[j].to;
		if (before >= min)
			best = t;
	}
	*since = best;
	return true;
}

struct finding *engine_emit(struct findings *out, const struct rule *r, zidx org, int subject_kind,
			    zidx subject, int reason, zdate since)
{
	struct finding *fd = findings_add(out);
	if (!fd)
		return NULL;
	*fd = (struct finding){
		.rule = r->base ? r->base : r, .applied = r, .org = org, .subject_kind = (int8_t)subject_kind,
		.reason = (int8_t)reason,
		.post = POST_NONE, .other_post = POST_NONE, .seat = SEAT_NONE, .subject = subject,
		.person = ZIDX_NONE, .dept = ZIDX_NONE, .agreement = ZIDX_NONE, .incident = ZIDX_NONE,
		.other_incident = ZIDX_NONE, .notice = ZIDX_NONE, .handover = ZIDX_NONE, .vulnerability = ZIDX_NONE, .plan = ZIDX_NONE,
		.log_source = ZIDX_NONE, .project = ZIDX_NONE, .rectification = ZIDX_NONE, .since = since,
		.date = ZDATE_NONE,
	};
	return fd;
}

#define EMIT(...)                                              \
	do {                                                   \
		fd = engine_emit(__VA_ARGS__);                        \
		if (!fd)                                       \
			return ZE_NOMEM;                       \
	} while (0)

/* For holder p of r->post: one finding per post in `others` that p also holds on d, since the
 * day both have been held together. Leaves p's intervals in r->post in en->iv. */
static int emit_also_held(struct engine *en, const struct rule *r, const struct facts *f, zidx org, zdate d,
			  zidx p, postset others, int reason, struct findings *out)
{
	struct finding *fd;
	gather_posts(en, f, p, 1u << r->post, 0, false);
	for (int x = 0; x < POST_COUNT; x++) {
		if (!POSTSET_HAS(others, x) || x == r->post)
			continue;
		gather_posts(en, f, p, 1u << x, 0, true);
		zdate sx;
		if (!run_of(en->iv2, en->n_iv2, d, &sx, NULL))
			continue;
		EMIT(out, r, org, SUBJ_PERSON, p, reason, max_date(run_start(en->iv, en->n_iv, d), sx));
		fd->post = (int8_t)r->post;
		fd->other_post = (int8_t)x;
	}
	return 0;
}

static int check_exclusive(struct engine *en, const struct rule *r, const struct facts *f, zidx org,
			   zdate d, struct findings *out)
{
	int rc = 0;
	collect_holders(en, f, 1u << r->post, 0, d);
	for (size_t h = 0; !rc && h < en->n_holders; h++)
		rc = emit_also_held(en, r, f, org, d, en->holders[h].person, r->excludes, R_HOLDS_EXCLUDED, out);
	return rc;
}

static int check_full_time(struct engine *en, const struct rule *r, const struct facts *f, zidx org,
			   zdate d, struct findings *out)
{
	struct finding *fd;
	collect_holders(en, f, 1u << r->post, 0, d);
	for (size_t h = 0; h < en->n_holders; h++) {
		zidx p = en->holders[h].person;
		/* part-time appointments to the post */
		en->n_iv = 0;
		for (size_t i = 0; i < en->nbucket[r->post]; i++) {
			const struct appt *a = &f->appts.v[en->bucket[r->post][i]];
			if (a->person == p && a->full_time != TRI_TRUE)
				push_iv(en, false, a->from, a->to, p);
		}
		zdate s;
		if (run_of(en->iv, en->n_iv, d, &s, NULL)) {
			EMIT(out, r, org, SUBJ_PERSON, p, R_NOT_FULL_TIME, s);
			fd->post = (int8_t)r->post;
		}
		if (!r->strict)
			continue;
		int rc = emit_also_held(en, r, f, org, d, p, (1u << POST_COUNT) - 1, R_HOLDS_OTHER, out);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_holders(struct engine *en, const struct rule *r, const struct facts *f, zidx org,
			 zdate d, struct findings *out)
{
	struct finding *fd;
	for (int p = 0; p < POST_COUNT; p++) {
		if (!POSTSET_HAS(r->posts, p))
			continue;
		int count;
		zdate since;
		if (!r->per_department) {
			if (count_run(en, f, p, ZIDX_NONE, ZIDX_NONE, r->min, d, &count, &since)) {
				EMIT(out, r, org, SUBJ_ORG, org, R_TOO_FEW, since);
				fd->post = (int8_t)p;
				fd->count = count;
			}
			continue;
		}
		FACTS_EACH(f, dept, org, di) {
			/* a department that does not exist on d owes no post */
			struct span life = facts_span(f, SPAN_DEPT, di);
			if (!span_on(life, d))
				continue;
			if (count_run(en, f, p, di, ZIDX_NONE, r->min, d, &count, &since)) {
				EMIT(out, r, org, SUBJ_DEPARTMENT, di, R_TOO_FEW, max_date(since, life.from));
				fd->post = (int8_t)p;
				fd->count = count;
			}
		}
	}
	return 0;
}

/* Gathers person's seats in bodies of `kind` (any seat: a leader or deputy is a member). */
static void gather_membership(struct engine *en, const struct facts *f, zidx person, int kind, int seat,
			      zidx body)
{
	en->n_iv2 = 0;
	for (size_t i = 0; i < en->n_seats; i++) {
		const struct appt *a = &f->appts.v[en->seats[i]];
		if ((person < 0 || a->person == person) && (body < 0 || a->body == body) &&
		    (seat < 0 || a->seat == seat) && f->bodies.v[a->body].kind == kind)
			push_iv(en, true, a->from, a->to, a->person);
	}
}

static int check_body(struct engine *en, const struct rule *r, const struct facts *f, zidx org, zdate d,
		      struct findings *out)
{
	struct finding *fd;
	zidx first = ZIDX_NONE;
	zdate gone = ZDATE_MIN; /* when the last body of the kind was dissolved, by d */
	FACTS_EACH(f, body, org, bi) {
		if (f->bodies.v[bi].kind != r->body_kind)
			continue;
		struct span life = facts_span(f, SPAN_BODY, bi);
		if (!span_on(life, d)) {
			if (life.to <= d && life.to > gone)
				gone = life.to;
			continue;
		}
		if (first < 0)
			first = bi;
		for (int s = 0; s < SEAT_COUNT; s++) {
			if (!((r->seats >> s) & 1u))
				continue;
			gather_membership(en, f, ZIDX_NONE, r->body_kind, s, bi);
			if (run_of(en->iv2, en->n_iv2, d, NULL, NULL))
				continue;
			EMIT(out, r, org, SUBJ_BODY, bi, R_SEAT_EMPTY, max_date(last_end_before(en->iv2, en->n_iv2, d), life.from));
			fd->seat = (int8_t)s;
		}
	}
	if (first < 0) {
		EMIT(out, r, org, SUBJ_ORG, org, R_BODY_MISSING, gone);
		return 0;
	}
	collect_holders(en, f, r->member_posts, r->member_department_posts, d);
	for (size_t h = 0; h < en->n_holders; h++) {
		const struct holder *ho = &en->holders[h];
		gather_membership(en, f, ho->person, r->body_kind, -1, ZIDX_NONE);
		if (run_of(en->iv2, en->n_iv2, d, NULL, NULL))
			continue;
		gather_posts(en, f, ho->person, r->member_posts, r->member_department_posts, false);
		EMIT(out, r, org, SUBJ_BODY, first, R_NOT_MEMBER,
		     max_date(max_date(run_start(en->iv, en->n_iv, d), last_end_before(en->iv2, en->n_iv2, d)),
			      facts_span(f, SPAN_BODY, first).from));
		fd->person = ho->person;
		fd->post = ho->post;
		fd->dept = ho->dept;
	}
	return 0;
}

/* Predicates over a system's register entry, for system_run_start. */
static bool no_owner(const struct system_state *st, const void *arg)
{
	(void)arg;
	return st->owner_dept < 0;
}

static bool no_level(const struct system_state *st, const void *arg)
{
	(void)arg;
	return !st->mlps_level;
}

struct mlps_arg {
	const struct rule *r;
	zdate d;
};

static bool not_filed(const struct system_state *st, const void *arg)
{
	const struct mlps_arg *m = arg;
	return st->mlps_level && st->mlps_level >= m->r->filing_min_level &&
	       (!st->filing_no || st->filed_on == ZDATE_NONE || st->filed_on > m->d);
}

static bool needs_assessment(const struct system_state *st, const void *arg)
{
	const struct mlps_arg *m = arg;
	return st->mlps_level && m->r->assessment_months[st->mlps_level] > 0;
}

static int check_system_owner(struct engine *en, const struct rule *r, const struct facts *f, zidx org,
			      zdate d, struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, system, org, si) {
		/* a system not in service on d (not yet, or retired) owes nothing */
		struct span life = facts_span(f, SPAN_SYSTEM, si);
		if (!span_on(life, d))
			continue;
		struct system_state st;
		system_state_on(f, si, d, &st);
		if (r->owner_department && st.owner_dept < 0)
			EMIT(out, r, org, SUBJ_SYSTEM, si, R_NO_OWNER, system_run_start(f, si, d, no_owner, NULL));
		for (int p = 0; p < POST_COUNT; p++) {
			int count;
			zdate since;
			if (POSTSET_HAS(r->posts, p) && count_run(en, f, p, ZIDX_NONE, si, 1, d, &count, &since)) {
				EMIT(out, r, org, SUBJ_SYSTEM, si, R_NO_HOLDER, max_date(since, life.from));
				fd->post = (int8_t)p;
			}
		}
	}
	return 0;
}

static int check_mlps(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	struct finding *fd;
	struct mlps_arg m = {r, d};
	FACTS_EACH(f, system, org, si) {
		if (!span_on(facts_span(f, SPAN_SYSTEM, si), d))
			continue;
		/* the entry as it stood on d, and the assessments made by then */
		struct system_state y;
		system_state_on(f, si, d, &y);
		if (!y.mlps_level) {
			EMIT(out, r, org, SUBJ_SYSTEM, si, R_NO_LEVEL, system_run_start(f, si, d, no_level, NULL));
			continue;
		}
		if (not_filed(&y, &m))
			EMIT(out, r, org, SUBJ_SYSTEM, si, R_NOT_FILED, system_run_start(f, si, d, not_filed, &m));
		int months = r->assessment_months[y.mlps_level];
		if (!months)
			continue;
		zdate last = system_assessed_by(f, si, d);
		if (last == ZDATE_NONE) {
			EMIT(out, r, org, SUBJ_SYSTEM, si, R_NOT_ASSESSED, system_run_start(f, si, d, needs_assessment, &m));
			continue;
		}
		zdate due = date_add_months(last, months);
		if (d >= due) {
			EMIT(out, r, org, SUBJ_SYSTEM, si, R_ASSESSMENT_DUE, due);
			fd->date = last;
		}
	}
	return 0;
}

/* Whether the person of agreement a holds the post it names (in the department it names, the
 * appointment's or else the person's own) on day. */
static bool holds_named(const struct engine *en, const struct facts *f, const struct agreement *a, zdate day)
{
	for (size_t i = 0; i < en->nbucket[a->post]; i++) {
		const struct appt *x = &f->appts.v[en->bucket[a->post][i]];
		zidx in = x->dept >= 0 ? x->dept : f->people.v[x->person].dept;
		if (x->person == a->person && (a->dept < 0 || in == a->dept) && appt_on(x, day))
			return true;
	}
	return false;
}

/* The day agreement a, naming a post, stops holding: the first end of its person's holding of
 * that post (in that department) after `from` that no other appointment continues — it ends
 * with the appointment (001 附件《关键岗位安全协议》) — or ZDATE_MAX. ZDATE_NONE when they do
 * not hold it on d and never stopped: an agreement for a post they do not hold holds nothing. */
static zdate named_end(const struct engine *en, const struct facts *f, const struct agreement *a, zdate d)
{
	zdate from = max_date(a->from, a->signed_on);
	zdate end = ZDATE_MAX;
	for (size_t i = 0; i < en->nbucket[a->post]; i++) {
		const struct appt *x = &f->appts.v[en->bucket[a->post][i]];
		zidx in = x->dept >= 0 ? x->dept : f->people.v[x->person].dept;
		if (x->person == a->person && (a->dept < 0 || in == a->dept) && x->to != ZDATE_MAX && x->to > from &&
		    x->to < end && !holds_named(en, f, a, x->to))
			end = x->to;
	}
	return end > d && !holds_named(en, f, a, d) ? ZDATE_NONE : end;
}

/* Gathers into iv2 the intervals in which the person's agreements of `kind` are in force, as
 * known on day d: one signed after d does not exist yet. One that names a post holds while its
 * person holds that post (in the department it names). */
static void gather_agreements(struct engine *en, const struct facts *f, zidx org, zidx person, int kind, zdate d,
			      bool per_year)
{
	en->n_iv2 = 0;
	FACTS_EACH(f, agreement, org, gi) {
		const struct agreement *a = &f->agreements.v[gi];
		if (a->person != person || a->kind != kind || a->signed_on == ZDATE_NONE || a->signed_on > d)
			continue;
		if (per_year && (a->to == ZDATE_MAX || a->to - a->from > 366)) /* not a letter for one year */
			continue;
		zdate from = max_date(a->from, a->signed_on), to = a->to;
		if (a->post >= 0) {
			zdate end = named_end(en, f, a, d);
			if (end == ZDATE_NONE)
				continue;
			to = end < to ? end : to;
		}
		if (from < to)
			push_iv(en, true, from, to, gi);
	}
}

/* Says why no agreement is in force on d: the latest one that ended (one naming a post ends
 * with that appointment), else an unsigned one; one for a post the person does not hold, none. */
static void explain_missing(const struct engine *en, const struct facts *f, zidx org, zidx person, int kind, zdate d,
			    bool per_year, struct finding *fd)
{
	fd->reason = R_NO_AGREEMENT;
	FACTS_EACH(f, agreement, org, gi) {
		const struct agreement *a = &f->agreements.v[gi];
		if (a->person != person || a->kind != kind)
			continue;
		zdate to = a->to;
		if (a->post >= 0) {
			zdate end = named_end(en, f, a, d);
			if (end == ZDATE_NONE)
				continue;
			to = end < to ? end : to;
		}
		if (to <= d && (fd->reason != R_AGREEMENT_EXPIRED || to > fd->date)) {
			fd->reason = R_AGREEMENT_EXPIRED;
			fd->date = to;
			fd->agreement = gi;
		} else if (fd->reason == R_NO_AGREEMENT && a->from <= d && d < to &&
			   !(per_year && (a->to == ZDATE_MAX || a->to - a->from > 366))) {
			fd->reason = R_AGREEMENT_UNSIGNED;
			fd->agreement = gi;
		}
	}
}

/* required_agreement with everyone: every person of the unit, as holders "of no post" held
 * always (people have no dates of employment in zeren/v1). */
static int check_everyone(struct engine *en, const struct rule *r, const struct facts *f, zidx org, zdate d,
			  struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, person, org, p) {
		gather_agreements(en, f, org, p, r->agreement_kind, d, false);
		if (run_of(en->iv2, en->n_iv2, d, NULL, NULL))
			continue;
		EMIT(out, r, org, SUBJ_PERSON, p, R_NO_AGREEMENT, last_end_before(en->iv2, en->n_iv2, d));
		fd->post = POST_NONE;
		explain_missing(en, f, org, p, r->agreement_kind, d, false, fd);
	}
	return 0;
}

static int check_agreement(struct engine *en, const struct rule *r, const struct facts *f, zidx org,
			   zdate d, struct findings *out)
{
	struct finding *fd;
	if (r->kind == RK_REQUIRED_AGREEMENT && r->everyone)
		return check_everyone(en, r, f, org, d, out);
	bool per_year = r->kind == RK_REQUIRED_AGREEMENT && r->per_year;
	collect_holders(en, f, r->posts, 0, d);
	for (size_t h = 0; h < en->n_holders; h++) {
		zidx p = en->holders[h].person;
		gather_posts(en, f, p, r->posts, 0, false);
		gather_agreements(en, f, org, p, r->agreement_kind, d, per_year);
		zdate astart, aend;
		bool in_force = run_of(en->iv2, en->n_iv2, d, &astart, &aend);
		if ((r->kind == RK_AGREEMENT_IN_FORCE || r->kind == RK_REQUIRED_AGREEMENT) && !in_force) {
			EMIT(out, r, org, SUBJ_PERSON, p, R_NO_AGREEMENT,
			     max_date(run_start(en->iv, en->n_iv, d), last_end_before(en->iv2, en->n_iv2, d)));
			fd->post = en->holders[h].post;
			explain_missing(en, f, org, p, r->agreement_kind, d, per_year, fd);
		} else if (r->kind == RK_AGREEMENT_EXPIRING && in_force && aend != ZDATE_MAX &&
			   (int64_t)aend - d <= r->within_days) {
			zdate since = max_date(max_date(aend - r->within_days, astart), run_start(en->iv, en->n_iv, d));
			EMIT(out, r, org, SUBJ_PERSON, p, R_AGREEMENT_EXPIRING, since);
			fd->post = en->holders[h].post;
			fd->date = aend;
			for (size_t i = 0; i < en->n_iv2; i++)
				if (en->iv2[i].to == aend)
					fd->agreement = en->iv2[i].who;
		}
	}
	return 0;
}

static int check_personnel(struct engine *en, const struct rule *r, const struct facts *f, zidx org,
			   zdate d, struct findings *out)
{
	struct finding *fd;
	collect_holders(en, f, r->posts, 0, d);
	for (size_t h = 0; h < en->n_holders; h++) {
		zidx p = en->holders[h].person;
		zdate bc = f->people.v[p].background_check;
		if (bc != ZDATE_NONE && bc <= d)
			continue;
		gather_posts(en, f, p, r->posts, 0, false);
		EMIT(out, r, org, SUBJ_PERSON, p, R_NO_BACKGROUND_CHECK, run_start(en->iv, en->n_iv, d));
		fd->post = en->holders[h].post;
	}
	return 0;
}

/* The checklist items rule r requires that handover h lacks on day d (bit per enum handover_item). */
unsigned handover_missing(const struct rule *r, const struct handover *h, zdate d)
{
	const zdate on[HO_ITEM_COUNT] = {h->accounts_closed_on, h->materials_returned_on, h->passwords_changed_on};
	unsigned missing = 0;
	for (int k = 0; k < HO_ITEM_COUNT; k++) {
		bool have = k == HO_SUCCESSOR ? h->successor >= 0 : on[k] != ZDATE_NONE && on[k] <= d;
		if ((r->handover_requires >> k & 1u) && !have)
			missing |= 1u << k;
	}
	return missing;
}

/* Whether person p holds post (in any scope) on day d: then an appointment ending is a change
 * of scope or term, not a leaving. */
static bool holds_post(const struct facts *f, zidx org, zidx p, int post, zdate d)
{
	FACTS_EACH(f, appt, org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person == p && a->post == post && appt_on(a, d))
			return true;
	}
	return false;
}

/* 离岗交接 (002 ⑻13 二10(2)(5): within a week, and no leaving before it): every handover of a
 * post the rule names is complete, with the items it requires, within `days` of leaving (the
 * day of leaving not counted); a person who left such a post within the look-back and has no
 * handover recorded at all is a finding too. */
static int check_handovers(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, handover, org, hi) {
		const struct handover *h = &f->handovers.v[hi];
		zdate last = h->left_on + r->days;
		if (!POSTSET_HAS(r->posts, h->post) || d <= last)
			continue;
		bool done = handover_completed(h, d);
		if (done && !handover_missing(r, h, d))
			continue;
		EMIT(out, r, org, SUBJ_PERSON, h->person, done ? R_HANDOVER_INCOMPLETE : R_HANDOVER_OPEN, last + 1);
		fd->post = h->post;
		fd->handover = hi;
		fd->date = h->left_on;
	}
	FACTS_EACH(f, appt, org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->post < 0 || !POSTSET_HAS(r->posts, a->post) || a->to == ZDATE_MAX || d <= a->to + r->days ||
		    (int64_t)d - a->to > r->lookback_days || holds_post(f, org, a->person, a->post, a->to))
			continue;
		bool recorded = false, seen = false;
		FACTS_EACH(f, handover, org, hi) {
			const struct handover *h = &f->handovers.v[hi];
			recorded |= h->person == a->person && h->post == a->post && h->left_on >= a->from;
		}
		/* one finding per leaving, however many scopes of the post ended that day */
		FACTS_EACH(f, appt, org, bi) {
			const struct appt *b = &f->appts.v[bi];
			if (bi >= ai)
				break;
			seen |= b->person == a->person && b->post == a->post && b->to == a->to;
		}
		if (recorded || seen)
			continue;
		EMIT(out, r, org, SUBJ_PERSON, a->person, R_HANDOVER_MISSING, a->to + r->days + 1);
		fd->post = a->post;
		fd->date = a->to;
	}
	return 0;
}

zdate vulnerability_deadline(const struct rule *r, const struct vulnerability *v)
{
	if (v->due_on != ZDATE_NONE)
		return v->due_on;
	return r->vuln_days[v->severity] > 0 ? v->found_on + r->vuln_days[v->severity] : ZDATE_NONE;
}

/* 漏洞修复 (000 第12条(5)(3), 003 第五条(三)): every vulnerability found is fixed — and, when the
 * rule asks, the fix verified — by its deadline; from the day after, until it is, a finding on
 * its system. */
static int check_vulnerabilities(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, vulnerability, org, vi) {
		const struct vulnerability *v = &f->vulnerabilities.v[vi];
		zdate due = vulnerability_deadline(r, v);
		if (v->found_on > d || due == ZDATE_NONE || d <= due)
			continue;
		bool fixed = v->fixed_on != ZDATE_NONE && v->fixed_on <= d;
		if (fixed && (!r->verify || (v->verified_on != ZDATE_NONE && v->verified_on <= d)))
			continue;
		EMIT(out, r, org, SUBJ_SYSTEM, v->system, fixed ? R_VULN_UNVERIFIED : R_VULN_OPEN, due + 1);
		fd->vulnerability = vi;
		fd->date = due;
	}
	return 0;
}

/* 应急预案 (000 第11条, 网络安全法 第二十五条, 003 第四条(三)): the unit has an approved plan in
 * force, and each plan in force was approved or last reviewed within `months`. */
static int check_plans(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	struct finding *fd;
	bool any = false;
	zdate gone = ZDATE_MIN; /* the last day a plan was withdrawn, for since */
	FACTS_EACH(f, plan, org, pi) {
		const struct emergency_plan *p = &f->plans.v[pi];
		if (p->withdrawn_on != ZDATE_NONE && p->withdrawn_on <= d) {
			gone = max_date(gone, p->withdrawn_on);
			continue;
		}
		if (p->approved_on == ZDATE_NONE || p->approved_on > d)
			continue;
		any = true;
		zdate last = facts_plan_last_review(f, pi, d);
		zdate due = date_add_months(last, r->months);
		if (d < due)
			continue;
		EMIT(out, r, org, SUBJ_ORG, org, R_PLAN_REVIEW_DUE, due);
		fd->plan = pi;
		fd->date = last;
	}
	if (!any)
		EMIT(out, r, org, SUBJ_ORG, org, R_PLAN_MISSING, gone);
	return 0;
}

/* The window of training_hours: a year of days ending on the day of the check. */
#define TRAINING_YEAR 365

/* 日志留存 (网络安全法 第二十一条(三) in 002 ⑼; 002 ⑺之4 第十八条, ⑺之3 第3项, ⑹ 责任书5 六 第7项 …): each log source
 * of a kind the rule names keeps at least its days, as configured; a source without a recorded
 * retention is a finding too. A source verified after D is not yet known on D. */
static int check_retention(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, log_source, org, li) {
		const struct log_source *l = &f->log_sources.v[li];
		int need = r->log_days[l->kind];
		if (need == 0 || (l->checked_on != ZDATE_NONE && l->checked_on > d) ||
		    (l->retention_days >= 0 && l->retention_days >= need))
			continue;
		zdate since = l->checked_on != ZDATE_NONE ? l->checked_on : ZDATE_MIN;
		if (l->system >= 0)
			EMIT(out, r, org, SUBJ_SYSTEM, l->system, l->retention_days < 0 ? R_RETENTION_UNKNOWN : R_RETENTION_SHORT,
			     since);
		else
			EMIT(out, r, org, SUBJ_ORG, org, l->retention_days < 0 ? R_RETENTION_UNKNOWN : R_RETENTION_SHORT, since);
		fd->log_source = li;
	}
	return 0;
}

/* The 学时 person p attended in sessions of unit org held in the year ending on day x
 * ([x - 364, x]). */
int engine_training_hours(const struct facts *f, zidx org, zidx p, zdate x)
{
	int hours = 0;
	FACTS_EACH(f, training, org, ti) {
		const struct training_session *t = &f->trainings.v[ti];
		if (t->held_on < x - (TRAINING_YEAR - 1) || t->held_on > x)
			continue;
		for (zidx k = f->ix.training_attendee[ti]; k < f->ix.training_attendee[ti + 1]; k++) {
			const struct training_attendee *a = &f->training_attendees.v[f->ix.attendee_by_training[k]];
			if (a->person == p)
				hours += a->hours >= 0 ? a->hours : t->hours;
		}
	}
	return hours;
}

/* Person p, holding `post` since `held` (ZDATE_MIN: as far back as the records go), attended fewer
 * than the rule's 学时 in the year ending on d: a finding since the shortfall began. The yearly
 * total only falls on the day a session leaves the window (its day + 365), so the shortfall began
 * on the latest such day before which the total was enough, else when p took the post. */
static int emit_short_hours(const struct rule *r, const struct facts *f, zidx org, zidx p, int8_t post, zdate held,
			    zdate d, struct findings *out)
{
	struct finding *fd;
	int hours = engine_training_hours(f, org, p, d);
	if (hours >= r->hours)
		return 0;
	zdate since = held, best = ZDATE_MIN;
	FACTS_EACH(f, training, org, ti) {
		zdate c = f->trainings.v[ti].held_on + TRAINING_YEAR;
		if (c > d || c <= best)
			continue;
		for (zidx k = f->ix.training_attendee[ti]; k < f->ix.training_attendee[ti + 1]; k++)
			if (f->training_attendees.v[f->ix.attendee_by_training[k]].person == p &&
			    engine_training_hours(f, org, p, c - 1) >= r->hours)
				best = c;
	}
	EMIT(out, r, org, SUBJ_PERSON, p, R_TRAINING_HOURS, max_date(since, best));
	fd->post = post;
	fd->count = hours;
	fd->date = d;
	return 0;
}

/* 培训学时 (002 ⑼ 第三十四条(二); 003 第五条(六); 004 六): each holder of the rule's posts on D (or
 * everyone of the unit) attended at least `hours` 学时 of training in the year ending on D. */
static int check_training_hours(struct engine *en, const struct rule *r, const struct facts *f, zidx org, zdate d,
				struct findings *out)
{
	int rc = 0;
	if (r->everyone) {
		FACTS_EACH(f, person, org, p) {
			struct span sp = facts_span(f, SPAN_PERSON, p);
			if (!rc && span_on(sp, d))
				rc = emit_short_hours(r, f, org, p, POST_NONE, sp.from, d, out);
		}
		return rc;
	}
	collect_holders(en, f, r->posts, 0, d);
	for (size_t h = 0; h < en->n_holders && !rc; h++) {
		zidx p = en->holders[h].person;
		gather_posts(en, f, p, r->posts, 0, false);
		rc = emit_short_hours(r, f, org, p, en->holders[h].post, run_start(en->iv, en->n_iv, d), d, out);
	}
	return rc;
}

/* 持证上岗 (002 ⑷ 篇3 第3项; ⑻ 网络管理员工作职责1 …): each holder of the rule's posts on D has a
 * certificate recorded from a training held on or before D. */
static int check_certificates(struct engine *en, const struct rule *r, const struct facts *f, zidx org, zdate d,
			      struct findings *out)
{
	struct finding *fd;
	collect_holders(en, f, r->posts, 0, d);
	for (size_t h = 0; h < en->n_holders; h++) {
		zidx p = en->holders[h].person;
		bool certified = false;
		FACTS_EACH(f, training, org, ti) {
			if (f->trainings.v[ti].held_on > d)
				continue;
			for (zidx k = f->ix.training_attendee[ti]; k < f->ix.training_attendee[ti + 1] && !certified; k++) {
				const struct training_attendee *a = &f->training_attendees.v[f->ix.attendee_by_training[k]];
				certified = a->person == p && a->certificate;
			}
		}
		if (certified)
			continue;
		gather_posts(en, f, p, r->posts, 0, false);
		EMIT(out, r, org, SUBJ_PERSON, p, R_NO_CERTIFICATE, run_start(en->iv, en->n_iv, d));
		fd->post = en->holders[h].post;
	}
	return 0;
}

zdate rectification_deadline(const struct rule *r, const struct cal *cal, const struct rectification *x)
{
	return x->due_on != ZDATE_NONE ? x->due_on : cal_add_workdays(cal, x->assigned_on, r->workdays, NULL);
}

/* 整改台账 (issue 22): an assigned finding not rectified by its deadline holds from the day after
 * it until rectified; it is about the person it was assigned to, else the department. */
static int check_rectifications(const struct rule *r, const struct cal *cal, const struct facts *f, zidx org, zdate d,
				struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, rectification, org, xi) {
		const struct rectification *x = &f->rectifications.v[xi];
		if (x->assigned_on > d || (x->rectified_on != ZDATE_NONE && x->rectified_on <= d))
			continue;
		zdate due = rectification_deadline(r, cal, x);
		if (d <= due)
			continue;
		if (x->person >= 0)
			EMIT(out, r, org, SUBJ_PERSON, x->person, R_RECT_OVERDUE, due + 1);
		else
			EMIT(out, r, org, SUBJ_DEPARTMENT, x->dept, R_RECT_OVERDUE, due + 1);
		fd->dept = x->dept;
		fd->rectification = xi;
		fd->date = due;
	}
	return 0;
}

/* 信息化项目 (004 七, 003 第四条(一)): every project approved by d and not cancelled has a security
 * budget of at least budget_percent of its total (where the total is recorded); with three_sync,
 * its security was planned with it once it has started (同步规划), and built and put into use with
 * it once it is in use (同步建设, 同步实施). */
static int check_projects(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out)
{
	struct finding *fd;
	FACTS_EACH(f, project, org, pi) {
		const struct project *p = &f->projects.v[pi];
		if (p->approved_on > d || (p->cancelled_on != ZDATE_NONE && p->cancelled_on <= d))
			continue;
		/* amounts are below 10^12 yuan (the importer's cap): the products fit */
		if (r->budget_percent > 0 && p->budget > 0 &&
		    (p->security_budget < 0 || p->security_budget * 100 < p->budget * r->budget_percent)) {
			EMIT(out, r, org, SUBJ_ORG, org, R_PROJECT_BUDGET, p->approved_on);
			fd->project = pi;
		}
		if (!r->three_sync)
			continue;
		int missing = 0;
		zdate since = ZDATE_NONE;
		if (p->started_on != ZDATE_NONE && p->started_on <= d && !p->security_planned) {
			missing |= 1;
			since = p->started_on;
		}
		if (p->in_use_on != ZDATE_NONE && p->in_use_on <= d && (!p->security_built || !p->security_implemented)) {
			missing |= (p->security_built ? 0 : 2) | (p->security_implemented ? 0 : 4);
			if (since == ZDATE_NONE)
				since = p->in_use_on;
		}
		if (!missing)
			continue;
		EMIT(out, r, org, SUBJ_ORG, org, R_PROJECT_SYNC, since);
		fd->project = pi;
		fd->count = missing;
	}
	return 0;

}

void finding_subject_key(const struct facts *f, const struct finding *fd, char *buf, size_t n)
{
	struct { const char *what; const char *id; } about[] = {
		{"post", fd->post >= 0 ? post_id(fd->post) : NULL},
		{"other_post", fd->other_post >= 0 ? post_id(fd->other_post) : NULL},
		{"seat", fd->seat >= 0 ? seat_id(fd->seat) : NULL},
		{"agreement", fd->agreement >= 0 ? f->agreements.v[fd->agreement].id : NULL},
		{"incident", fd->incident >= 0 ? f->incidents.v[fd->incident].id : NULL},
		{"notice", fd->notice >= 0 ? f->notices.v[fd->notice].id : NULL},
		{"handover", fd->handover >= 0 ? f->handovers.v[fd->handover].id : NULL},
		{"vulnerability", fd->vulnerability >= 0 ? f->vulnerabilities.v[fd->vulnerability].id : NULL},
		{"plan", fd->plan >= 0 ? f->plans.v[fd->plan].id : NULL},
		{"log_source", fd->log_source >= 0 ? f->log_sources.v[fd->log_source].id : NULL},
		{"project", fd->project >= 0 ? f->projects.v[fd->project].id : NULL},
		{"rectification", fd->rectification >= 0 ? f->rectifications.v[fd->rectification].id : NULL},
		{"obligation", fd->obligation ? fd->obligation->id : NULL},
		{"period", fd->obligation ? fd->period : NULL},
	};
	size_t len = (size_t)snprintf(buf, n, "%s:%s", subject_kind_id(fd->subject_kind), finding_subject_id(f, fd));
	for (size_t i = 0; i < sizeof about / sizeof about[0] && len < n; i++)
		if (about[i].id)
			len += (size_t)snprintf(buf + len, n - len, "/%s:%s", about[i].what, about[i].id);
}

int engine_check(struct engine *en, const struct policy *p, const struct facts *f, zidx org, zdate d,
		 struct findings *out)
{
	en->nomem = false;
	bucket_unit(en, f, org);
	for (int i = 0; i < p->nrules && !en->nomem; i++) {
		const struct rule *r = &p->rules[i];
		size_t first = out->n;
		int rc = 0;
		/* Rules about events pick the version in force when each event happened; the others
		 * apply as in force on the day of the check. */
		if (!rule_kind_about_events(r->kind) && !(r = rule_at(r, d)))
			continue;
		switch (r->kind) {
		case RK_EXCLUSIVE_POSTS: rc = check_exclusive(en, r, f, org, d, out); break;
		case RK_FULL_TIME: rc = check_full_time(en, r, f, org, d, out); break;
		case RK_MIN_HOLDERS:
		case RK_REQUIRED_POST: rc = check_holders(en, r, f, org, d, out); break;
		case RK_BODY_COMPOSITION: rc = check_body(en, r, f, org, d, out); break;
		case RK_SYSTEM_OWNER: rc = check_system_owner(en, r, f, org, d, out); break;
		case RK_SYSTEM_MLPS: rc = check_mlps(r, f, org, d, out); break;
		case RK_AGREEMENT_IN_FORCE:
		case RK_AGREEMENT_EXPIRING:
		case RK_REQUIRED_AGREEMENT: rc = check_agreement(en, r, f, org, d, out); break;
		case RK_PERSONNEL_RECORD: rc = check_personnel(en, r, f, org, d, out); break;
		case RK_NOTICE_DEADLINE:
		case RK_NOTICE_FEEDBACK: rc = check_notices(r, en->cal, f, org, d, out); break;
		case RK_INCIDENT_REPORT:
		case RK_INCIDENT_REPEAT:
		case RK_INCIDENT_OUTAGE:
		case RK_INCIDENT_SUMMARY: rc = check_incidents(r, f, org, d, out); break;
		case RK_OBLIGATION_OVERDUE: rc = check_obligations(en, r, p, f, org, d, out); break;
		case RK_HANDOVER: rc = check_handovers(r, f, org, d, out); break;
		case RK_VULNERABILITY_FIX: rc = check_vulnerabilities(r, f, org, d, out); break;
		case RK_EMERGENCY_PLAN: rc = check_plans(r, f, org, d, out); break;
		case RK_LOG_RETENTION: rc = check_retention(r, f, org, d, out); break;
		case RK_TRAINING_HOURS: rc = check_training_hours(en, r, f, org, d, out); break;
		case RK_TRAINING_CERTIFICATE: rc = check_certificates(en, r, f, org, d, out); break;
		case RK_PROJECT_SECURITY: rc = check_projects(r, f, org, d, out); break;
		case RK_RECTIFICATION_OVERDUE: rc = check_rectifications(r, en->cal, f, org, d, out); break;
		}
		if (rc)
			return rc;
		/* A finding cannot hold before its rule took force. */
		zdate start = rule_first_day(&p->rules[i]);
		for (size_t k = first; k < out->n; k++) {
			out->v[k].as_of = d;
			if (start != ZDATE_MIN && out->v[k].since < start)
				out->v[k].since = start;
		}
	}
	return en->nomem ? ZE_NOMEM : 0;
}

struct finding *findings_add(struct findings *fs)
{
	if (fs->n == fs->cap) {
		size_t nc = fs->cap ? fs->cap * 2 : 64;
		struct finding *p = realloc(fs->v, nc * sizeof *p);
		if (!p)
			return NULL;
		fs->v = p;
		fs->cap = nc;
	}
	return &fs->v[fs->n++];
}

void findings_release(struct findings *fs)
{
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
}

/* qsort has no context argument in C11: the comparator finds the facts here, one per thread,
 * since server threads sort different units' findings at the same time. */
static _Thread_local const struct facts *sort_facts;

static int cmp_finding(const void *x, const void *y)
{
	const struct finding *a = x, *b = y;
	if (a->org != b->org)
		return a->org < b->org ? -1 : 1;
	if (a->rule->severity != b->rule->severity)
		return a->rule->severity - b->rule->severity;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	int c = strcmp(finding_subject_id(sort_facts, a), finding_subject_id(sort_facts, b));
	if (c)
		return c;
	return (a->post - b->post) * 64 + (a->other_post - b->other_post);
}

void findings_sort(struct findings *fs, const struct facts *f)
{
	if (fs->n < 2)
		return;
	sort_facts = f;
	qsort(fs->v, fs->n, sizeof *fs->v, cmp_finding);
	sort_facts = NULL;
}

const char *finding_subject_id(const struct facts *f, const struct finding *fd)
{
	switch (fd->subject_kind) {
	case SUBJ_PERSON: return f->people.v[fd->subject].id;
	case SUBJ_DEPARTMENT: return f->depts.v[fd->subject].id;
	case SUBJ_SYSTEM: return f->systems.v[fd->subject].id;
	case SUBJ_BODY: return f->bodies.v[fd->subject].id;
	default: return f->orgs.v[fd->subject].id;
	}
}

const char *finding_subject_name(const struct facts *f, const struct finding *fd)
{
	switch (fd->subject_kind) {
	case SUBJ_PERSON: return f->people.v[fd->subject].name;
	case SUBJ_DEPARTMENT: return dept_name_on(f, fd->subject, fd->as_of);
	case SUBJ_SYSTEM: return f->systems.v[fd->subject].name;
	case SUBJ_BODY: return f->bodies.v[fd->subject].name;
	default: return f->orgs.v[fd->subject].name;
	}
}

/* The days a finding may stop holding on, gathered for engine_check_days. */
struct days {
	zdate from, to; /* only days in (from, to] are kept */
	zdate *v;
	size_t n, cap;
	int rc;        /* ZE_NOMEM, or ZE_LIMIT past CHECK_DAYS_MAX */
	int *lookback; /* the distinct lookbacks of the policy's rules (and versions) */
	int nlookback;
};

#define CHECK_DAYS_MAX (1 << 20) /* days gathered, duplicates included, for one unit */

static void day_add(struct days *ds, zdate x)
{
	if (x == ZDATE_NONE || x == ZDATE_MAX || x <= ds->from || x > ds->to || ds->rc)
		return;
	if (ds->n == ds->cap) {
		size_t nc = ds->cap ? ds->cap * 2 : 256;
		zdate *v = nc <= CHECK_DAYS_MAX ? realloc(ds->v, nc * sizeof *v) : NULL;
		if (!v) {
			ds->rc = nc <= CHECK_DAYS_MAX ? ZE_NOMEM : ZE_LIMIT;
			return;
		}
		ds->v = v;
		ds->cap = nc;
	}
	ds->v[ds->n++] = x;
}

/* A recorded day x: the first day of a new state (an appointment's or a span's `to`, a
 * record's done_on, an agreement's signing: every fact is read as "on or after x"). With
 * `lookback`, also the days a rule's lookback after it (a breach that is over stays among the
 * findings that long; the day after too, as the rules count it either way). */
static void day_fact(struct days *ds, zdate x, bool lookback)
{
	if (x == ZDATE_NONE || x == ZDATE_MAX || x > ds->to)
		return;
	day_add(ds, x);
	for (int k = 0; lookback && k < ds->nlookback; k++)
		if ((int64_t)x + ds->lookback[k] <= ds->to) {
			day_add(ds, x + ds->lookback[k]);
			day_add(ds, x + ds->lookback[k] + 1);
		}
}

/* day_fact of each date given, none looked back from. */
static void day_facts(struct days *ds, const zdate *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		day_fact(ds, x[i], false);
}
#define DAY_FACTS(ds, ...) \
	day_facts((ds), (const zdate[]){__VA_ARGS__}, sizeof((const zdate[]){__VA_ARGS__}) / sizeof(zdate))

static void day_span(struct days *ds, struct span s)
{
	day_fact(ds, s.from, false);
	day_fact(ds, s.to, false);
}

static int cmp_day(const void *a, const void *b)
{
	zdate x = *(const zdate *)a, y = *(const zdate *)b;
	return (x > y) - (x < y);
}

#define KIND_BIT(k) (1ull << (k))

int engine_check_days(struct engine *en, const struct policy *p, const struct facts *f, zidx org, zdate from, zdate to,
		      zdate **days, size_t *n)
{
	struct days ds = {.from = from, .to = to};
	uint64_t kinds = 0;       /* the rule kinds of p: which facts can move its findings */
	uint64_t agreements = 0;  /* the kinds of agreement its rules ask for */
	int nver = 0;
	*days = NULL;
	*n = 0;
	for (int i = 0; i < p->nrules; i++)
		nver += 1 + p->rules[i].nversions;
	if (nver && !(ds.lookback = malloc((size_t)nver * sizeof *ds.lookback)))
		return ZE_NOMEM;
	for (int i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		kinds |= KIND_BIT(r->kind);
		for (int k = -1; k < r->nversions; k++) {
			const struct rule *v = k < 0 ? r : &r->versions[k];
			if (v->kind == RK_AGREEMENT_IN_FORCE || v->kind == RK_AGREEMENT_EXPIRING || v->kind == RK_REQUIRED_AGREEMENT)
				agreements |= KIND_BIT(v->agreement_kind);
			day_fact(&ds, v->from, false);
			day_fact(&ds, v->to, false);
			int j = 0;
			while (j < ds.nlookback && ds.lookback[j] != v->lookback_days)
				j++;
			if (j == ds.nlookback && v->lookback_days > 0)
				ds.lookback[ds.nlookback++] = v->lookback_days;
		}
		if (r->kind == RK_OBLIGATION_OVERDUE) /* overdue from the day after it fell due, within the lookback */
			for (int k = 0; k < p->nobligations; k++) {
				size_t m;
				const struct recur_occurrence *occ = engine_occurrences(en, &p->obligations[k], to, r->lookback_days, &m);
				for (size_t j = 0; j < m; j++) {
					day_fact(&ds, occ[j].due + 1, false);
					day_fact(&ds, occ[j].due + r->lookback_days + 1, false);
				}
			}
	}
	bool handover = kinds & KIND_BIT(RK_HANDOVER);
	/* Posts, bodies and their holders matter to every rule but those about events. */
	uint64_t events = KIND_BIT(RK_NOTICE_DEADLINE) | KIND_BIT(RK_NOTICE_FEEDBACK) | KIND_BIT(RK_INCIDENT_REPORT) |
			  KIND_BIT(RK_INCIDENT_REPEAT) | KIND_BIT(RK_INCIDENT_OUTAGE) | KIND_BIT(RK_INCIDENT_SUMMARY) |
			  KIND_BIT(RK_VULNERABILITY_FIX) | KIND_BIT(RK_EMERGENCY_PLAN);
	if (kinds & ~events) {
		FACTS_EACH(f, dept, org, di) {
			day_span(&ds, facts_span(f, SPAN_DEPT, di));
			for (zidx k = f->ix.dept_version[di]; k < f->ix.dept_version[di + 1]; k++)
				day_fact(&ds, f->dept_versions.v[f->ix.version_by_dept[k]].until, false);
		}
		FACTS_EACH(f, person, org, pi) {
			day_span(&ds, facts_span(f, SPAN_PERSON, pi));
			if (kinds & KIND_BIT(RK_PERSONNEL_RECORD))
				day_fact(&ds, f->people.v[pi].background_check, false);
		}
		FACTS_EACH(f, body, org, bi)
			day_span(&ds, facts_span(f, SPAN_BODY, bi));
		FACTS_EACH(f, appt, org, ai) {
			day_fact(&ds, f->appts.v[ai].from, false);
			day_fact(&ds, f->appts.v[ai].to, handover); /* a handover is owed for a while after */
		}
	}
	FACTS_EACH(f, system, org, si) {
		const struct zsystem *s = &f->systems.v[si];
		day_span(&ds, facts_span(f, SPAN_SYSTEM, si));
		DAY_FACTS(&ds, s->filed_on, s->last_assessed_on);
		for (zidx k = f->ix.system_version[si]; k < f->ix.system_version[si + 1]; k++)
			day_fact(&ds, f->system_versions.v[f->ix.version_by_system[k]].until, false);
		for (zidx k = f->ix.system_assessment[si]; k < f->ix.system_assessment[si + 1]; k++)
			day_fact(&ds, f->assessments.v[f->ix.assessment_by_system[k]].on, false);
	}
	if (kinds & (KIND_BIT(RK_AGREEMENT_IN_FORCE) | KIND_BIT(RK_AGREEMENT_EXPIRING) | KIND_BIT(RK_REQUIRED_AGREEMENT)))
		FACTS_EACH(f, agreement, org, gi) {
			const struct agreement *a = &f->agreements.v[gi];
			if (!(agreements & KIND_BIT(a->kind)))
				continue;
			DAY_FACTS(&ds, a->from, a->to, a->signed_on);
		}
	if (kinds & (KIND_BIT(RK_NOTICE_DEADLINE) | KIND_BIT(RK_NOTICE_FEEDBACK) | KIND_BIT(RK_INCIDENT_REPEAT)))
		FACTS_EACH(f, notice, org, ni) {
			const struct notice *x = &f->notices.v[ni];
			day_fact(&ds, x->received_on, true);
			DAY_FACTS(&ds, x->rectified_on, x->feedback_on);
		}
	if (kinds & (KIND_BIT(RK_INCIDENT_REPORT) | KIND_BIT(RK_INCIDENT_REPEAT) | KIND_BIT(RK_INCIDENT_OUTAGE) |
		     KIND_BIT(RK_INCIDENT_SUMMARY)))
		FACTS_EACH(f, incident, org, xi) {
			const struct incident *x = &f->incidents.v[xi];
			const struct ztime *t[] = {&x->occurred, &x->detected, &x->reported, &x->resolved};
			for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
				if (ztime_set(*t[k]))
					day_fact(&ds, org_date(f, org, *t[k]), true);
			day_fact(&ds, x->summary_on, false);
		}
	if (kinds & KIND_BIT(RK_OBLIGATION_OVERDUE)) {
		FACTS_EACH(f, record, org, ri)
			day_fact(&ds, f->records.v[ri].done_on, false);
		/* a department's training session does its duty under "done_by": "training_department" */
		FACTS_EACH(f, training, org, ti)
			day_fact(&ds, f->trainings.v[ti].held_on, false);
	}
	if (handover)
		FACTS_EACH(f, handover, org, hi) {
			const struct handover *h = &f->handovers.v[hi];
			day_fact(&ds, h->left_on, true);
			DAY_FACTS(&ds, h->accounts_closed_on, h->materials_returned_on, h->passwords_changed_on, h->completed_on);
		}
	if (kinds & KIND_BIT(RK_VULNERABILITY_FIX))
		FACTS_EACH(f, vulnerability, org, vi) {
			const struct vulnerability *v = &f->vulnerabilities.v[vi];
			DAY_FACTS(&ds, v->found_on, v->fixed_on, v->verified_on);
		}
	if (kinds & KIND_BIT(RK_EMERGENCY_PLAN))
		FACTS_EACH(f, plan, org, pi) {
			const struct emergency_plan *pl = &f->plans.v[pi];
			DAY_FACTS(&ds, pl->approved_on, pl->reviewed_on, pl->withdrawn_on);
		}
	free(ds.lookback);
	if (ds.rc || en->nomem) {
		free(ds.v);
		return ds.rc ? ds.rc : ZE_NOMEM;
	}
	/* A finding that stops holding on day x was last held on x - 1: check that day, and `to`. */
	qsort(ds.v, ds.n, sizeof *ds.v, cmp_day);
	size_t m = 0;
	for (size_t i = 0; i < ds.n; i++)
		if (m == 0 || ds.v[m - 1] != ds.v[i] - 1)
			ds.v[m++] = ds.v[i] - 1;
	if (m == 0 || ds.v[m - 1] != to) {
		if (m == ds.cap) {
			zdate *v = realloc(ds.v, (m + 1) * sizeof *v);
			if (!v) {
				free(ds.v);
				return ZE_NOMEM;
			}
			ds.v = v;
		}
		ds.v[m++] = to;
	}
	*days = ds.v;
	*n = m;
	return 0;
}
