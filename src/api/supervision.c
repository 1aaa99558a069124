/* API v1: the supervising office's side (上级主管部门, issue 15). A supervisor account belongs to
 * a unit, the root of its subtree in the supervision tree (org.parent); it reads every unit
 * below (api_unit lets its GETs through) and writes only what a supervisor writes: the notices
 * (通报) it sends down. The roll-up counts each unit's findings from the unit's own view
 * (view_findings): there is no second definition of a finding, and a notice sent down is the
 * unit's notice, so every notice rule judges it as any other. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/check.h"
#include "core/events.h"
#include "core/federation.h"
#include "core/inspections.h"
#include "core/rollup.h"
#include "core/render.h"
#include "core/unitpolicy.h"

#define SUPERVISION_UNITS_MAX 20000 /* units one supervisor's roll-up walks: a province (10,021 in bench/) and more */
#define SEND_UNITS_MAX 500 /* units one notice is sent to */

/* The units below the account's own, in tree order (each after its parent), as indices into the
 * facts of its own unit's view (which hold every unit's row). */
struct subtree {
	struct unit_view *root;
	zidx *v;
	size_t n;
};

static void subtree_release(struct subtree *t)
{
	free(t->v);
	view_release(t->root);
	memset(t, 0, sizeof *t);
}

static int subtree_add(struct subtree *t, zidx parent)
{
	const struct facts *f = &t->root->facts;
	for (size_t i = 0; i < f->orgs.n; i++) {
		if (f->orgs.v[i].parent != parent || (zidx)i == parent)
			continue;
		if (t->n >= SUPERVISION_UNITS_MAX)
			return ZE_LIMIT;
		t->v[t->n++] = (zidx)i;
		int rc = subtree_add(t, (zidx)i);
		if (rc)
			return rc;
	}
	return 0;
}

/* Fills rs and returns nonzero on failure. */
static int subtree_of(struct http_req *rq, struct http_resp *rs, struct subtree *t)
{
	struct zerr e = {0};
	memset(t, 0, sizeof *t);
	if (!rq->who->org[0])
		return http_error(rs, 403, "out_of_scope", NULL, "账号未关联单位 / the account belongs to no unit"), 1;
	if (view_acquire(rq->w, rq->who->org, &t->root, &e))
		return http_zerr(rs, &e), 1;
	const struct facts *f = &t->root->facts;
	t->v = malloc((f->orgs.n ? f->orgs.n : 1) * sizeof *t->v);
	if (!t->v) {
		subtree_release(t);
		return http_error(rs, 500, "internal", NULL, "out of memory"), 1;
	}
	/* The walk only follows parents downwards from the root; ORG_DEPTH_MAX bounds a cycle's
	 * damage as org_is_below does, by refusing what is not strictly below. */
	int rc = subtree_add(t, t->root->org);
	if (rc == ZE_LIMIT) {
		subtree_release(t);
		return http_error(rs, 413, "limit", NULL, "more than %d units below", SUPERVISION_UNITS_MAX), 1;
	}
	size_t keep = 0;
	for (size_t i = 0; i < t->n; i++)
		if (org_is_below(f, t->v[i], t->root->org))
			t->v[keep++] = t->v[i];
	t->n = keep;
	return 0;
}

static zidx subtree_find(const struct subtree *t, const char *id)
{
	zidx o = id ? hmap_get(&t->root->facts.org_ids, id) : ZIDX_NONE;
	for (size_t i = 0; o >= 0 && i < t->n; i++)
		if (t->v[i] == o)
			return o;
	return ZIDX_NONE;
}

/* Is org the account's own unit or one below it? */
static bool in_subtree(const struct subtree *t, const char *org)
{
	const struct facts *f = &t->root->facts;
	return org && (!strcmp(org, f->orgs.v[t->root->org].id) || subtree_find(t, org) >= 0);
}

/* ---- roll-up ----------------------------------------------------------------------------------- */

/* ---- the tallies counted, kept per generation ---------------------------------------------------
 * A supervisor pages through the ranking, refreshes it, looks at the trend: each (unit, day) is
 * counted once for as long as the store, the calendar and the day stay as they were (a province's
 * 10,000 units do not fit the view cache, so counting again would load every unit again). The
 * first count after a change clears the whole cache. */

#define TALLY_CACHE_MAX 250000 /* (unit, day) pairs kept: a province's units × the trend's 12 days and one more */

struct tally_stamp {
	int64_t gen, cal_gen;
	zdate today;
};

struct tally_entry {
	char *key; /* "<unit>\x1f<day>", owned */
	int64_t gen; /* the generation it was counted at */
	struct tally t;
	json_t *by_rule;
};

/* A unit whose records a write changed since the tallies were stamped, and the generation that
 * write made: the unit's tallies counted before it no longer hold. */
struct tally_written {
	char *org; /* owned */
	int64_t gen;
};

/* An entry holds while the stamp is the request's and no write of its unit came after it was
 * counted. A write of one unit's records (rollup_advance) moves the stamp and notes the unit:
 * it costs the same however many tallies are kept (a province's trend: about 130,000). A count
 * made before such writes (the count ahead loads every unit once, then counts for minutes) is
 * kept beside the others, holding for the units not written since it was made. */
static struct {
	pthread_mutex_t mu;
	struct tally_stamp stamp; /* the latest generation every entry was counted or carried to */
	int64_t since;            /* the stamp's generation when the tallies were cleared: every
				   * write since is noted, so a count made at a generation from this
				   * one up to the stamp's can be kept */
	struct hmap index;        /* key → entry */
	struct tally_entry *v;
	size_t n, cap;
	struct hmap written_index; /* unit → written */
	struct tally_written *written;
	size_t nwritten, written_cap;
} tallies = {.mu = PTHREAD_MUTEX_INITIALIZER, .index = HMAP_INIT, .written_index = HMAP_INIT};

static void tallies_clear(void)
{
	for (size_t i = 0; i < tallies.n; i++) {
		free(tallies.v[i].key);
		json_decref(tallies.v[i].by_rule);
	}
	tallies.n = 0;
	hmap_release(&tallies.index);
	tallies.index = (struct hmap)HMAP_INIT;
	for (size_t i = 0; i < tallies.nwritten; i++)
		free(tallies.written[i].org);
	tallies.nwritten = 0;
	hmap_release(&tallies.written_index);
	tallies.written_index = (struct hmap)HMAP_INIT;
}

/* Does entry x hold at the stamp (under the lock)? Its unit is the key up to the separator. */
static bool tally_holds(const struct tally_entry *x)
{
	char org[IMPORT_MAX_ID + 1];
	size_t len = strcspn(x->key, "\x1f");
	if (!tallies.nwritten)
		return true;
	if (len >= sizeof org)
		return false;
	memcpy(org, x->key, len);
	org[len] = '\0';
	int32_t w = hmap_get(&tallies.written_index, org);
	return w < 0 || tallies.written[w].gen <= x->gen;
}

/* The request's subtree (subtree_of) and the stamp its counts are kept under; fills rs and
 * returns nonzero, holding nothing, on failure. */
static int stamped_subtree(struct http_req *rq, struct http_resp *rs, struct subtree *t, struct tally_stamp *st)
{
	struct zerr e = {0};
	if (subtree_of(rq, rs, t))
		return 1;
	st->gen = t->root->generation;
	st->today = date_today();
	if (store_calendar_generation(rq->w->store, &st->cal_gen, &e)) {
		subtree_release(t);
		return http_zerr(rs, &e), 1;
	}
	return 0;
}

static bool same_stamp(const struct tally_stamp *a, const struct tally_stamp *b)
{
	return a->gen == b->gen && a->cal_gen == b->cal_gen && a->today == b->today;
}

static void tally_key(const char *org, zdate day, char *buf, size_t n)
{
	char d[ZDATE_BUFSZ];
	snprintf(buf, n, "%s\x1f%s", org, date_format(day, d));
}

static bool tally_cached(const struct tally_stamp *st, const char *org, zdate day, struct tally *t, json_t *by_rule)
{
	char key[IMPORT_MAX_ID + ZDATE_BUFSZ + 2];
	bool hit = false;
	tally_key(org, day, key, sizeof key);
	pthread_mutex_lock(&tallies.mu);
	if (same_stamp(&tallies.stamp, st)) {
		int32_t i = hmap_get(&tallies.index, key);
		if ((hit = i >= 0 && tally_holds(&tallies.v[i]))) {
			*t = tallies.v[i].t;
			if (by_rule)
				json_object_update(by_rule, tallies.v[i].by_rule);
		}
	}
	pthread_mutex_unlock(&tallies.mu);
	return hit;
}

/* Keeps a count made from a view of generation gen (a store that moved meanwhile: not kept). A
 * count of a generation the writes noted since lead up from is kept as of it; one of a
 * generation before them is dropped; any other stamp starts the tallies again. */
static void tally_keep(const struct tally_stamp *st, int64_t gen, const char *org, zdate day, const struct tally *t,
		       json_t *by_rule)
{
	char key[IMPORT_MAX_ID + ZDATE_BUFSZ + 2];
	if (gen != st->gen)
		return;
	tally_key(org, day, key, sizeof key);
	pthread_mutex_lock(&tallies.mu);
	if (st->cal_gen != tallies.stamp.cal_gen || st->today != tallies.stamp.today || st->gen > tallies.stamp.gen) {
		tallies_clear();
		tallies.stamp = *st;
		tallies.since = st->gen;
	} else if (tallies.n >= TALLY_CACHE_MAX) {
		tallies_clear();
		tallies.since = tallies.stamp.gen;
	}
	int32_t kept = hmap_get(&tallies.index, key);
	/* before the writes noted, or older than the count kept (made after a write of its unit) */
	if (gen < tallies.since || (kept >= 0 && tallies.v[kept].gen > gen)) {
		pthread_mutex_unlock(&tallies.mu);
		return;
	}
	json_t *rules = kept >= 0 ? (by_rule ? json_deep_copy(by_rule) : json_object()) : NULL;
	if (kept >= 0 && rules) { /* counted again after a write of its unit */
		struct tally_entry *x = &tallies.v[kept];
		json_decref(x->by_rule);
		x->by_rule = rules;
		x->gen = gen;
		x->t = *t;
	}
	if (kept < 0 && tallies.n == tallies.cap) {
		size_t cap = tallies.cap ? tallies.cap * 2 : 1024;
		struct tally_entry *v = realloc(tallies.v, cap * sizeof *v);
		if (v)
			tallies.v = v, tallies.cap = cap;
	}
	if (kept < 0 && tallies.n < tallies.cap) {
		struct tally_entry *x = &tallies.v[tallies.n];
		x->key = strdup(key);
		x->gen = gen;
		x->t = *t;
		x->by_rule = by_rule ? json_deep_copy(by_rule) : json_object();
		if (x->key && x->by_rule && !hmap_put(&tallies.index, x->key, (int32_t)tallies.n))
			tallies.n++;
		else {
			free(x->key);
			json_decref(x->by_rule);
		}
	}
	pthread_mutex_unlock(&tallies.mu);
}

/* Unit org's tally as of a day: kept, or counted from its view's findings (and kept). by_rule
 * (nullable) gains its counts by rule. */
static int unit_tally(struct http_req *rq, struct http_resp *rs, const struct tally_stamp *st, const char *org,
		      zdate as_of, struct tally *t, json_t *by_rule)
{
	struct unit_view *v;
	const struct findings *fs;
	struct zerr e = {0};
	if (tally_cached(st, org, as_of, t, by_rule))
		return 0;
	if (view_acquire(rq->w, org, &v, &e))
		return http_zerr(rs, &e), 1;
	json_t *rules = json_object();
	int rc = view_findings(rq->w, v, as_of, &fs, &e);
	if (!rc) {
		tally_findings(fs, t, rules);
		tally_keep(st, v->generation, org, as_of, t, rules);
		if (by_rule)
			json_object_update(by_rule, rules);
	}
	json_decref(rules);
	view_release(v);
	return rc ? (http_zerr(rs, &e), 1) : 0;
}

/* Counts the tallies of the units below not kept yet, for each of days, in one pass: every
 * unit's facts loaded at once (store_load of all units, one read per table, appointments on a
 * second connection), checked unit by unit with the worker's engine and kept. Through the
 * 64-unit view cache a province's first ranking loaded its units one by one (3.4 s for 1,021);
 * the facts of all 10,021 units take about 500 MiB while they are counted, and are dropped
 * after (the tallies stay, per generation). Few units to count go through their views. */
#define TALLY_BULK_MIN 32

/* Are at least TALLY_BULK_MIN of t's units not counted yet for one of days? */
static bool tally_many_missing(const struct tally_stamp *st, const struct subtree *t, const zdate *days, int ndays)
{
	struct tally x;
	size_t missing = 0;
	for (size_t i = 0; i < t->n && missing < TALLY_BULK_MIN; i++)
		for (int k = 0; k < ndays; k++)
			if (!tally_cached(st, t->root->facts.orgs.v[t->v[i]].id, days[k], &x, NULL)) {
				missing++;
				break;
			}
	return missing >= TALLY_BULK_MIN;
}

/* One count of every unit at a time: a second request waits, then finds the tallies kept
 * (and the memory of one load of every unit is spent once). */
static pthread_mutex_t bulk_mu = PTHREAD_MUTEX_INITIALIZER;

/* The count made at server start (rollup_count_start): while it runs, a request that would count
 * many units waits for it rather than load every unit a second time beside it (twice the memory
 * and the CPU, for the same tallies); stop asks it to end early. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t done;
	bool busy, stop, started;
	pthread_t thread;
} ahead = {.mu = PTHREAD_MUTEX_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};

static void wait_count_ahead(void)
{
	pthread_mutex_lock(&ahead.mu);
	while (ahead.busy)
		pthread_cond_wait(&ahead.done, &ahead.mu);
	pthread_mutex_unlock(&ahead.mu);
}

static bool count_ahead_stopping(void)
{
	pthread_mutex_lock(&ahead.mu);
	bool stop = ahead.stop;
	pthread_mutex_unlock(&ahead.mu);
	return stop;
}

/* Counts, for each of days, the units not kept yet and keeps them under st: the units of t, or
 * with t NULL (the count ahead, which rollup_count_stop may end early) every unit of the store.
 * Returns 0, or a ZE_* code with e filled. */
static int count_units(struct worker *w, const struct tally_stamp *st, const struct subtree *t, const zdate *days,
		       int ndays, struct zerr *e)
{
	struct tally x;
	struct store *s = w->store;
	struct facts f;
	struct policy_set *ps = NULL;
	struct shared_calendar *cal = NULL;
	int64_t before, after;
	int rc = 0;
	facts_init(&f);
	if ((rc = store_generation(s, &before, e)) || (rc = store_load(s, &f, NULL, e)) ||
	    (rc = store_generation(s, &after, e)) || (rc = calendar_acquire(w, &cal, e)) ||
	    (rc = unit_policies_load(s, w->srv->policies, NULL, &ps, e)))
		goto out;
	if (facts_index(&f)) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	/* A write between the two reads of the generation: count, but keep nothing. */
	int64_t gen = before == after ? before : -1;
	struct tally_stamp own = *st;
	size_t n = t ? t->n : f.orgs.n;
	if (!t) {
		/* Counted ahead: kept for the views of this generation, and only where units sit
		 * below others (a roll-up to ask for); a write meanwhile leaves it to the request. */
		size_t below = 0;
		for (size_t i = 0; i < f.orgs.n; i++)
			below += f.orgs.v[i].parent >= 0;
		if (gen < 0 || !below)
			goto out;
		own.gen = gen;
	}
	engine_set_calendar(w->engine, calendar_of(cal));
	/* Day by day, so the engine's occurrences of the policy's duties (kept per day) serve every
	 * unit of that day before the next day's are expanded. */
	for (int k = 0; k < ndays && !rc; k++) {
		for (size_t i = 0; i < n && !rc; i++) {
			const char *id = t ? t->root->facts.orgs.v[t->v[i]].id : f.orgs.v[i].id;
			zidx u = hmap_get(&f.org_ids, id);
			if (u < 0 || tally_cached(&own, id, days[k], &x, NULL))
				continue;
			if (!t && i % 256 == 0 && count_ahead_stopping())
				goto out;
			struct findings fs = {0};
			json_t *rules = json_object();
			if (!(rc = check_facts_with(w->engine, &f, ps, calendar_of(cal), u, days[k], &fs, e))) {
				tally_findings(&fs, &x, rules);
				tally_keep(&own, gen, id, days[k], &x, rules);
			}
			findings_release(&fs);
			json_decref(rules);
		}
	}
out:
	policies_free(ps);
	calendar_release(cal);
	facts_release(&f);
	return rc;
}

/* Fills rs and returns nonzero on failure. */
static int tally_bulk(struct http_req *rq, struct http_resp *rs, const struct tally_stamp *st,
		      const struct subtree *t, const zdate *days, int ndays)
{
	struct zerr e = {0};
	if (!tally_many_missing(st, t, days, ndays))
		return 0;
	wait_count_ahead();
	pthread_mutex_lock(&bulk_mu);
	int rc = tally_many_missing(st, t, days, ndays) ? count_units(rq->w, st, t, days, ndays, &e) : 0;
	pthread_mutex_unlock(&bulk_mu);
	return rc ? (http_zerr(rs, &e), 1) : 0;
}

/* Fails quietly: what it could not count, the first request counts (and reports what fails). */
static void *count_ahead(void *arg)
{
	const struct api_server *srv = arg;
	struct zerr e = {0};
	struct worker *w = api_http_app.worker_open(srv, &e);
	zdate today = date_today();
	struct tally_stamp st = {.today = today};
	bool counted = w && !store_calendar_generation(w->store, &st.cal_gen, &e);
	if (counted) {
		pthread_mutex_lock(&bulk_mu);
		counted = !count_units(w, &st, NULL, &today, 1, &e);
		pthread_mutex_unlock(&bulk_mu);
	}
	/* The ranking waits no longer; the trend's other month ends are counted next (a trend asked
	 * meanwhile waits for them on bulk_mu, then finds them kept). */
	pthread_mutex_lock(&ahead.mu);
	ahead.busy = false;
	pthread_cond_broadcast(&ahead.done);
	pthread_mutex_unlock(&ahead.mu);
	if (counted && !count_ahead_stopping()) {
		zdate days[ROLLUP_MONTHS];
		rollup_month_ends(today, days);
		pthread_mutex_lock(&bulk_mu);
		count_units(w, &st, NULL, days, ROLLUP_MONTHS, &e);
		pthread_mutex_unlock(&bulk_mu);
	}
	if (w)
		api_http_app.worker_close(w);
	return NULL;
}

int rollup_count_start(const struct api_server *srv, struct zerr *e)
{
	pthread_mutex_lock(&ahead.mu);
	ahead.busy = true;
	ahead.stop = false;
	int rc = pthread_create(&ahead.thread, NULL, count_ahead, (void *)srv);
	ahead.busy = ahead.started = !rc;
	pthread_mutex_unlock(&ahead.mu);
	return rc ? zerr_set(e, ZE_NOMEM, "cannot start the thread that counts the roll-up") : 0;
}

void rollup_count_stop(void)
{
	pthread_mutex_lock(&ahead.mu);
	bool joinable = ahead.started;
	ahead.stop = true;
	ahead.started = false;
	pthread_mutex_unlock(&ahead.mu);
	if (joinable)
		pthread_join(ahead.thread, NULL);
}

/* Notes (under the lock) that a write of org_id made generation gen; false when out of room. */
static bool tally_note_written(const char *org_id, int64_t gen)
{
	int32_t w = hmap_get(&tallies.written_index, org_id);
	if (w >= 0) {
		tallies.written[w].gen = gen;
		return true;
	}
	if (tallies.nwritten == tallies.written_cap) {
		size_t cap = tallies.written_cap ? tallies.written_cap * 2 : 64;
		struct tally_written *v = cap <= INT32_MAX ? realloc(tallies.written, cap * sizeof *v) : NULL;
		if (!v)
			return false;
		tallies.written = v, tallies.written_cap = cap;
	}
	struct tally_written *x = &tallies.written[tallies.nwritten];
	if (!(x->org = strdup(org_id)) || hmap_put(&tallies.written_index, x->org, (int32_t)tallies.nwritten)) {
		free(x->org);
		return false;
	}
	x->gen = gen;
	tallies.nwritten++;
	return true;
}

void rollup_advance(const char *org_id, int64_t from, int64_t to)
{
	pthread_mutex_lock(&tallies.mu);
	if (tallies.stamp.gen == from) {
		tallies.stamp.gen = to;
		if (!tally_note_written(org_id, to)) {
			tallies_clear(); /* out of memory: all is counted again */
			tallies.since = to;
		}
	}
	pthread_mutex_unlock(&tallies.mu);
}

size_t rollup_tallies_holding(int64_t gen)
{
	size_t n = 0;
	pthread_mutex_lock(&tallies.mu);
	for (size_t i = 0; tallies.stamp.gen == gen && i < tallies.n; i++)
		n += tally_holds(&tallies.v[i]);
	pthread_mutex_unlock(&tallies.mu);
	return n;
}

/* A unit in the ranking: hosted here (org), or federated (org ZIDX_NONE): its last report kept
 * (reported, as fed_report_list gives it) to the unit `under`. */
struct ranked {
	zidx org, under;
	struct tally t;
	json_t *by_rule, *reported;
};

static int by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = tally_cmp(&x->t, &y->t);
	if (c)
		return c;
	if (x->reported || y->reported) /* hosted first, then reported by id */
		return !x->reported ? -1 : !y->reported ? 1 : strcmp(json_string_value(json_object_get(x->reported, "org")),
								     json_string_value(json_object_get(y->reported, "org")));
	return x->org < y->org ? -1 : x->org > y->org;
}

static int depth_below(const struct facts *f, zidx org, zidx root)
{
	int d = 1;
	for (zidx u = f->orgs.v[org].parent; u >= 0 && u != root && d < ORG_DEPTH_MAX; u = f->orgs.v[u].parent)
		d++;
	return d;
}

/* GET /supervision/units: every unit below, ranked by its open findings weighted by severity,
 * with its counts by rule, overdue notices, late incident reports, missing 第一责任人 /
 * 直接责任人 and agreements; each row also sums its own subtree (a region's total). */
static int list_units(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	zdate as_of;
	char date[ZDATE_BUFSZ];
	struct zerr e = {0};
	json_t *reports = NULL, *x;
	size_t n = 0, i;
	struct tally_stamp stamp;
	/* Asked with page or per_page: only that page's rows (a province has 10,020 of them, 5 MB). */
	bool paged = http_query(rq, "page") || http_query(rq, "per_page");
	struct page pg = {1, 0};
	if (api_as_of(rq, rs, &as_of) || (paged && api_page(rq, rs, &pg)) || stamped_subtree(rq, rs, &t, &stamp))
		return 0;
	if (fed_report_list(rq->w->store, NULL, false, &reports, &e)) {
		subtree_release(&t);
		return http_zerr(rs, &e);
	}
	const struct facts *f = &t.root->facts;
	struct region {
		size_t units;
		struct tally t;
	} *sums = NULL;
	size_t cap = t.n + json_array_size(reports) + 1;
	struct ranked *r = calloc(cap, sizeof *r);
	json_t *totals = json_object(), *items = json_array();
	int rc = 0;
	if (!r || !totals || !items) {
		rc = http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	if (tally_bulk(rq, rs, &stamp, &t, &as_of, 1))
		goto out;
	for (; n < t.n; n++) {
		r[n].org = t.v[n];
		r[n].under = ZIDX_NONE;
		r[n].by_rule = json_object();
		if (unit_tally(rq, rs, &stamp, f->orgs.v[t.v[n]].id, as_of, &r[n].t, r[n].by_rule))
			goto out;
	}
	/* The federated units below, as their last report (of its own date) has them. */
	json_array_foreach(reports, i, x) {
		const char *parent = json_string_value(json_object_get(x, "parent"));
		if (!in_subtree(&t, parent))
			continue;
		r[n].org = ZIDX_NONE;
		r[n].under = hmap_get(&f->org_ids, parent);
		tally_from_json(json_object_get(x, "tally"), &r[n].t);
		r[n].by_rule = json_is_object(json_object_get(x, "by_rule")) ? json_deep_copy(json_object_get(x, "by_rule"))
									     : json_object();
		r[n].reported = json_incref(x);
		n++;
	}
	for (i = 0; i < n; i++) {
		const char *rule;
		json_t *c;
		json_object_foreach(r[i].by_rule, rule, c) {
			json_t *had = json_object_get(totals, rule);
			json_object_set_new(totals, rule, json_integer(json_integer_value(c) + (had ? json_integer_value(had) : 0)));
		}
	}
	/* A region's total: the unit and every unit below it, reported ones too — each unit's tally
	 * added up its chain of parents to the root, so a province's totals cost units × depth. */
	sums = calloc(f->orgs.n ? f->orgs.n : 1, sizeof *sums);
	if (!sums) {
		rc = http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		zidx u = r[i].reported ? r[i].under : r[i].org;
		for (int d = 0; u >= 0 && d <= ORG_DEPTH_MAX; u = u == t.root->org ? ZIDX_NONE : f->orgs.v[u].parent, d++) {
			struct region *g = &sums[u];
			g->units++;
			g->t.score += r[i].t.score;
			for (int s = 0; s < SEV_COUNT; s++)
				g->t.sev[s] += r[i].t.sev[s];
			g->t.notices_overdue += r[i].t.notices_overdue;
			g->t.reports_late += r[i].t.reports_late;
		}
	}
	qsort(r, n, sizeof *r, by_score);
	for (i = 0; i < n; i++) {
		if (paged && !page_has(&pg, i))
			continue;
		struct region own = {1, r[i].t};
		const struct region *g = r[i].reported ? &own : &sums[r[i].org];
		struct tally sub = g->t;
		size_t units = g->units;
		json_t *row = tally_json(&r[i].t);
		json_object_set_new(row, "rank", json_integer((json_int_t)i + 1));
		if (r[i].reported) {
			json_t *rp = r[i].reported;
			json_object_set(row, "org", json_object_get(rp, "org"));
			json_object_set(row, "name", json_object_get(rp, "name"));
			json_object_set_new(row, "kind", json_null());
			json_object_set(row, "parent", json_object_get(rp, "parent"));
			json_object_set_new(row, "depth", json_integer(r[i].under == t.root->org ? 1
									: depth_below(f, r[i].under, t.root->org) + 1));
			json_object_set_new(row, "reported", json_pack("{s:O, s:O, s:O}", "as_of", json_object_get(rp, "as_of"),
								       "signer", json_object_get(rp, "signer"), "imported_at",
								       json_object_get(rp, "imported_at")));
		} else {
			const struct org *o = &f->orgs.v[r[i].org];
			json_object_set_new(row, "org", json_string(o->id));
			json_object_set_new(row, "name", json_string(o->name));
			json_object_set_new(row, "kind", json_str_or_null(o->kind));
			json_object_set_new(row, "parent", json_str_or_null(o->parent >= 0 ? f->orgs.v[o->parent].id : NULL));
			json_object_set_new(row, "depth", json_integer(depth_below(f, r[i].org, t.root->org)));
		}
		json_object_set_new(row, "by_rule", r[i].by_rule);
		r[i].by_rule = NULL;
		json_object_set_new(row, "subtree", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "units", (json_int_t)units,
							      "score", (json_int_t)sub.score, "error",
							      (json_int_t)sub.sev[SEV_ERROR], "warning",
							      (json_int_t)sub.sev[SEV_WARNING], "info",
							      (json_int_t)sub.sev[SEV_INFO], "notices_overdue",
							      (json_int_t)sub.notices_overdue, "incident_reports_late",
							      (json_int_t)sub.reports_late));
		json_array_append_new(items, row);
	}
	json_t *reply = json_pack("{s:s, s:s, s:s, s:{s:i, s:i, s:i}, s:o, s:o, s:I}", "as_of", date_format(as_of, date),
				  "root", f->orgs.v[t.root->org].id, "root_name", f->orgs.v[t.root->org].name, "weights",
				  "error", rollup_weight[SEV_ERROR], "warning", rollup_weight[SEV_WARNING], "info",
				  rollup_weight[SEV_INFO], "by_rule", totals, "items", items, "total", (json_int_t)n);
	totals = items = NULL;
	if (reply && paged) {
		json_object_set_new(reply, "page", json_integer((json_int_t)pg.page));
		json_object_set_new(reply, "per_page", json_integer((json_int_t)pg.per_page));
	}
	rc = http_json(rs, 200, reply);
out:
	for (i = 0; r && i < cap; i++) { /* calloc'ed: the rest are NULL */
		json_decref(r[i].by_rule);
		json_decref(r[i].reported);
	}
	free(r);
	free(sums);
	json_decref(reports);
	json_decref(totals);
	json_decref(items);
	subtree_release(&t);
	return rc;
}

static bool in_subtree_cb(void *t, const char *parent)
{
	return in_subtree(t, parent);
}

/* GET /supervision/trend: the subtree's open findings at the end of each of the 12 months up to
 * as_of (the last one as of as_of itself), in total and per unit; the federated units' from the
 * packages they sent (fed_trend_rows). */
static int get_trend(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	zdate as_of, days[ROLLUP_MONTHS];
	char date[ZDATE_BUFSZ];
	struct tally_stamp stamp;
	if (api_as_of(rq, rs, &as_of) || stamped_subtree(rq, rs, &t, &stamp))
		return 0;
	const struct facts *f = &t.root->facts;
	rollup_month_ends(as_of, days);
	json_t *months = json_array(), *units = json_array();
	struct trend_month sum[ROLLUP_MONTHS];
	memset(sum, 0, sizeof sum);
	int rc = 0;
	if ((rc = tally_bulk(rq, rs, &stamp, &t, days, ROLLUP_MONTHS)))
		goto out;
	for (size_t i = 0; i < t.n && !rc; i++) {
		json_t *scores = json_array();
		json_array_append_new(units, json_pack("{s:s, s:s, s:o}", "org", f->orgs.v[t.v[i]].id, "name",
						       f->orgs.v[t.v[i]].name, "scores", scores));
		for (int k = 0; k < ROLLUP_MONTHS; k++) {
			struct tally u;
			if (unit_tally(rq, rs, &stamp, f->orgs.v[t.v[i]].id, days[k], &u, NULL)) {
				rc = 1;
				break;
			}
			json_array_append_new(scores, json_integer(u.score));
			sum[k].score += u.score;
			for (int s = 0; s < SEV_COUNT; s++)
				sum[k].sev[s] += u.sev[s];
		}
	}
	if (rc)
		goto out;
	struct zerr e = {0};
	if (fed_trend_rows(rq->w->store, days, in_subtree_cb, &t, units, sum, &e)) {
		rc = http_zerr(rs, &e);
		goto out;
	}
	for (int k = 0; k < ROLLUP_MONTHS; k++) {
		char month[8];
		date_format(days[k], date);
		snprintf(month, sizeof month, "%.7s", date);
		json_array_append_new(months, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "month", month, "as_of", date,
							"score", (json_int_t)sum[k].score, "error",
							(json_int_t)sum[k].sev[SEV_ERROR], "warning",
							(json_int_t)sum[k].sev[SEV_WARNING], "info",
							(json_int_t)sum[k].sev[SEV_INFO], "reported",
							(json_int_t)sum[k].reported));
	}
	rc = http_json(rs, 200, json_pack("{s:s, s:o, s:o}", "as_of", date_format(as_of, date), "months", months, "units", units));
	months = units = NULL;
out:
	json_decref(months);
	json_decref(units);
	subtree_release(&t);
	return rc;
}

/* ---- notices sent down -------------------------------------------------------------------------- */

/* One unit's copy of a notice the account's unit sent down, as the supervisor's list shows it:
 * the unit's own status (deadline, rectification, feedback) and the findings it raises there. */
static json_t *sent_row(struct unit_view *v, zidx ni, const struct findings *fs, zdate as_of)
{
	const struct facts *f = &v->facts;
	struct notice_status st;
	char d[ZDATE_BUFSZ];
	notice_status(f, v->cal, ni, notice_workdays(view_policy_at(v, as_of), f->notices.v[ni].received_on), as_of, &st);
	json_t *row = notice_json(f, ni), *rules = json_array();
	if (!row || !rules) {
		json_decref(row);
		json_decref(rules);
		return NULL;
	}
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].notice == ni)
			json_array_append_new(rules, json_pack("{s:s, s:s}", "rule", fs->v[i].rule->id, "severity",
							       severity_id(fs->v[i].rule->severity)));
	json_object_set_new(row, "org_name", json_string(f->orgs.v[v->org].name));
	json_object_set_new(row, "status", json_string(st.rectified_by ? "rectified" : "open"));
	json_object_set_new(row, "deadline", json_string(date_format(st.due, d)));
	json_object_set_new(row, "working_days_left", st.rectified ? json_null() : json_integer(st.workdays_left));
	json_object_set_new(row, "overdue", json_boolean(st.overdue));
	json_object_set_new(row, "findings", rules);
	return row;
}

/* GET /supervision/notices: the notices the account's unit sent down, one row per unit, with
 * the ones that raise findings (overdue, late, no feedback) on top of the list's counts. */
static int list_sent(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	struct page pg;
	zdate as_of;
	char date[ZDATE_BUFSZ];
	struct zerr e = {0};
	int open;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || api_bool_query(rq, rs, "open", &open) ||
	    subtree_of(rq, rs, &t))
		return 0;
	const struct facts *rf = &t.root->facts;
	const char *me = rf->orgs.v[t.root->org].id, *doc = http_query(rq, "document_no");
	json_t *items = json_array();
	size_t total = 0, overdue = 0, rectified = 0, feedback = 0, flagged = 0;
	bool failed = false; /* the error is in rs already */
	for (size_t i = 0; i < t.n && !failed; i++) {
		struct unit_view *v;
		const struct findings *fs;
		if (view_acquire(rq->w, rf->orgs.v[t.v[i]].id, &v, &e)) {
			http_zerr(rs, &e);
			failed = true;
			break;
		}
		if (view_findings(rq->w, v, as_of, &fs, &e)) {
			view_release(v);
			http_zerr(rs, &e);
			failed = true;
			break;
		}
		const struct facts *f = &v->facts;
		FACTS_EACH(f, notice, v->org, ni) {
			const struct notice *n = &f->notices.v[ni];
			if (!n->issuer_org || strcmp(n->issuer_org, me) != 0 || n->received_on > as_of)
				continue;
			if (doc && *doc && (!n->document_no || strcmp(n->document_no, doc) != 0))
				continue;
			bool done = n->rectified_on != ZDATE_NONE && n->rectified_on <= as_of;
			if (open == 1 && done)
				continue;
			json_t *row = sent_row(v, ni, fs, as_of);
			if (!row)
				continue;
			overdue += json_is_true(json_object_get(row, "overdue"));
			rectified += done;
			feedback += n->feedback_on != ZDATE_NONE && n->feedback_on <= as_of;
			flagged += json_array_size(json_object_get(row, "findings")) > 0;
			if (page_has(&pg, total))
				json_array_append_new(items, row);
			else
				json_decref(row);
			total++;
		}
		view_release(v);
	}
	if (failed) {
		json_decref(items);
		subtree_release(&t);
		return 0;
	}
	json_t *root = json_pack("{s:s, s:{s:I, s:I, s:I, s:I}, s:o, s:I, s:I, s:I}", "as_of", date_format(as_of, date),
				 "counts", "overdue", (json_int_t)overdue, "rectified", (json_int_t)rectified,
				 "feedback", (json_int_t)feedback, "with_findings", (json_int_t)flagged, "items", items,
				 "total", (json_int_t)total, "page", (json_int_t)pg.page, "per_page",
				 (json_int_t)pg.per_page);
	subtree_release(&t);
	return http_json(rs, 200, root);
}

/* A supervisor's write into the units below it, as one change: audited as action on "unit/id"
 * with the request body, doc (NULL: out of memory; the caller's) written, and a 201 with reply
 * (stolen). */
static int write_down(struct http_req *rq, struct http_resp *rs, const char *action, const char *unit, const char *id,
		      json_t *doc, json_t *reply)
{
	char object[2 * IMPORT_MAX_ID + 210];
	struct import_opts opts = {0};
	struct zerr e = {0};
	snprintf(object, sizeof object, "%s/%s", unit, id);
	http_audit(rs, action, object, json_deep_copy(rq->json));
	if (!doc || !reply || api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e)) {
		json_decref(reply);
		return e.code ? http_zerr(rs, &e) : http_error(rs, 500, "internal", NULL, "out of memory");
	}
	return http_json(rs, 201, reply);
}

/* POST /supervision/notices: one 通报 sent down to one or many units below, written into each
 * as the unit's own notice (id "<id>-<unit>", issuer_org the sender) in one change. Its
 * deadline: rectify_by when given, else working_days after receipt in the unit's calendar,
 * else nothing — the unit's policy's notice rule then sets it, as for any notice. */
static int send_notice(struct http_req *rq, struct http_resp *rs)
{
	static const char *const keys[] = {"id", "document_no", "title", "units", "systems", "received_on",
					   "working_days", "rectify_by", NULL};
	struct subtree t;
	json_t *body = rq->json, *units, *systems, *x, *notices = NULL, *doc = NULL;
	const char *key;
	size_t i;
	zdate received = date_today(), by = ZDATE_NONE;
	int rc = 0;
	if (!json_is_object(body))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object");
	if ((key = api_unknown_key(body, keys)))
		return http_error(rs, 422, "invalid", key, "%s: unknown field", key);
	const char *id = json_string_value(json_object_get(body, "id"));
	const char *title = json_string_value(json_object_get(body, "title"));
	json_t *wd = json_object_get(body, "working_days"), *doc_no = json_object_get(body, "document_no");
	units = json_object_get(body, "units");
	systems = json_object_get(body, "systems");
	if (!id || !*id)
		return http_error(rs, 422, "invalid", "id", "id: required, a string");
	if (!title || !*title)
		return http_error(rs, 422, "invalid", "title", "title: required, a string");
	if (doc_no && !json_is_null(doc_no) && !json_is_string(doc_no))
		return http_error(rs, 422, "invalid", "document_no", "document_no: a string");
	if (!json_is_array(units) || json_array_size(units) == 0 || json_array_size(units) > SEND_UNITS_MAX)
		return http_error(rs, 422, "invalid", "units", "units: 1 to %d unit ids", SEND_UNITS_MAX);
	if (systems && !json_is_null(systems) && !json_is_array(systems))
		return http_error(rs, 422, "invalid", "systems", "systems: an array of system ids");
	if (wd && !json_is_null(wd) && (!json_is_integer(wd) || json_integer_value(wd) < 1 || json_integer_value(wd) > 60))
		return http_error(rs, 422, "invalid", "working_days", "working_days: an integer from 1 to 60");
	x = json_object_get(body, "received_on");
	if (x && !json_is_null(x) && (!json_is_string(x) || !date_parse(json_string_value(x), &received)))
		return http_error(rs, 422, "invalid", "received_on", "received_on: a date YYYY-MM-DD");
	x = json_object_get(body, "rectify_by");
	if (x && !json_is_null(x) && (!json_is_string(x) || !date_parse(json_string_value(x), &by)))
		return http_error(rs, 422, "invalid", "rectify_by", "rectify_by: a date YYYY-MM-DD");
	if (by != ZDATE_NONE && wd && !json_is_null(wd))
		return http_error(rs, 422, "invalid", "working_days", "give working_days or rectify_by, not both");
	if (subtree_of(rq, rs, &t))
		return 0;
	const struct facts *rf = &t.root->facts;
	const char *me = rf->orgs.v[t.root->org].id;
	json_t *used = json_object(); /* systems placed in a unit's copy */
	notices = json_array();
	if (!used || !notices) {
		rc = http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	json_array_foreach(units, i, x) {
		char field[32], nid[IMPORT_MAX_ID + 8];
		const char *org = json_string_value(x);
		struct unit_view *v;
		struct zerr e = {0};
		snprintf(field, sizeof field, "units[%zu]", i);
		if (!org || subtree_find(&t, org) < 0) {
			rc = http_error(rs, 422, "invalid", field, "%s: '%s' is not a unit below %s", field,
					org ? org : "?", me);
			goto out;
		}
		if ((size_t)snprintf(nid, sizeof nid, "%s-%s", id, org) > IMPORT_MAX_ID) {
			rc = http_error(rs, 422, "invalid", "id", "id: too long for '%s-%s'", id, org);
			goto out;
		}
		if (view_acquire(rq->w, org, &v, &e)) {
			rc = http_zerr(rs, &e);
			goto out;
		}
		const struct facts *f = &v->facts;
		struct notice_sent sent = {.id = id, .doc_no = json_string_value(doc_no), .title = title,
					   .issuer = rf->orgs.v[t.root->org].name, .issuer_org = me, .systems = systems,
					   .received = received, .by = by,
					   .workdays = wd && !json_is_null(wd) ? (int)json_integer_value(wd) : 0};
		json_t *n = notice_sent_copy(f, v->cal, v->org, &sent, used);
		bool taken = hmap_get(&f->notice_ids, nid) >= 0;
		view_release(v);
		if (taken) {
			json_decref(n);
			rc = http_error(rs, 409, "conflict", "id", "notice '%s' exists already", nid);
			goto out;
		}
		json_array_append_new(notices, n);
	}
	json_array_foreach(systems, i, x) {
		if (!json_is_string(x) || !json_object_get(used, json_string_value(x))) {
			char field[32];
			snprintf(field, sizeof field, "systems[%zu]", i);
			rc = http_error(rs, 422, "invalid", field, "%s: '%s' is no system of the units it is sent to",
					field, json_is_string(x) ? json_string_value(x) : "?");
			goto out;
		}
	}
	/* One change for all the units: every copy is written, or none. */
	doc = json_pack("{s:O}", "notices", notices);
	rc = write_down(rq, rs, "supervision.notice.send", me, id, doc, json_pack("{s:s, s:O}", "id", id, "notices", notices));
out:
	json_decref(used);
	json_decref(notices);
	json_decref(doc);
	subtree_release(&t);
	return rc;
}

/* ---- inspections (检查) ---------------------------------------------------------------------------
 * The supervisor records an inspection of a unit below it; each item found becomes one of the
 * unit's rectifications (整改台账), so the unit rectifies it and its office closes it as any
 * other, and an overdue one is the unit's rectification.overdue finding. */

/* Inspection ii of v's unit, with each item's rectification and its status on d (NULL: none). */
static json_t *inspection_state(const struct http_req *rq, const struct unit_view *v, zidx ii, zdate d)
{
	const struct facts *f = &v->facts;
	const struct inspection *in = &f->inspections.v[ii];
	json_t *o = inspection_json(f, ii), *items = json_object_get(o, "items"), *it;
	size_t n;
	json_object_set_new(o, "org_name", json_string(f->orgs.v[in->org].name));
	json_object_set_new(o, "inspector_name", json_string(f->orgs.v[in->inspector_org].name));
	json_array_foreach(items, n, it) {
		char subject[IMPORT_MAX_ID + 24];
		zidx found = ZIDX_NONE;
		snprintf(subject, sizeof subject, "%s#%zu", in->id, n + 1);
		FACTS_EACH(f, rectification, v->org, xi) {
			const struct rectification *x = &f->rectifications.v[xi];
			if (!strcmp(x->rule, RECT_RULE_INSPECTION) && !strcmp(x->subject, subject))
				found = xi;
		}
		bool seen = found >= 0 && (has_role(rq, ROLE_SUPERVISOR) || scope_rectification(rq, f, found));
		zidx dept = f->inspection_items.v[f->ix.item_by_inspection[f->ix.inspection_item[ii] + (zidx)n]].dept;
		json_object_set_new(it, "department_name", json_string(f->depts.v[dept].name));
		json_object_set_new(it, "rectification", json_str_or_null(seen ? f->rectifications.v[found].id : NULL));
		json_object_set_new(it, "status", json_str_or_null(seen ? rectification_status(v, found, d) : NULL));
		json_object_set_new(it, "deadline", seen ? json_date_or_null(rectification_due(v, found, d)) : json_null());
	}
	return o;
}

/* GET /units/{org}/inspections: the unit's inspections, read by the unit and its supervisors. */
static int list_unit_inspections(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	json_t *items = json_array();
	size_t total = 0;
	/* newest first */
	for (zidx k = f->ix.org_inspection[v->org + 1]; k-- > f->ix.org_inspection[v->org];) {
		zidx ii = f->ix.inspection_by_org[k];
		if (f->inspections.v[ii].on > as_of)
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, inspection_state(rq, v, ii, as_of));
	}
	view_release(v);
	return api_paged(rs, items, total, &pg);
}

/* The units an inspector has inspected, by id (store_inspected_each). */
struct inspected {
	struct hmap ids;
	struct arena names;
};

static int note_inspected(void *ctx, const char *org)
{
	struct inspected *x = ctx;
	const char *id = arena_strdup(&x->names, org);
	return id && x->ids.len < SUPERVISION_UNITS_MAX ? hmap_put(&x->ids, id, 0) : ZE_NOMEM;
}

/* GET /supervision/inspections: the inspections the account's unit made of the units below. Only
 * the units it inspected are read (a province's supervisor inspects a few of its 10,000). */
static int list_inspections(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	struct page pg;
	zdate as_of;
	struct zerr e = {0};
	struct inspected done = {HMAP_INIT, ARENA_INIT};
	bool failed = false;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || subtree_of(rq, rs, &t))
		return 0;
	const char *me = t.root->facts.orgs.v[t.root->org].id;
	json_t *items = json_array();
	size_t total = 0;
	if (store_inspected_each(rq->w->store, me, note_inspected, &done, &e)) {
		failed = true;
		if (e.code)
			http_zerr(rs, &e);
		else
			http_error(rs, 500, "internal", NULL, "out of memory");
	}
	for (size_t i = 0; i < t.n && !failed && done.ids.len; i++) {
		struct unit_view *v;
		const char *id = t.root->facts.orgs.v[t.v[i]].id;
		if (hmap_get(&done.ids, id) < 0)
			continue;
		if (view_acquire(rq->w, id, &v, &e)) {
			failed = true;
			http_zerr(rs, &e);
			break;
		}
		const struct facts *f = &v->facts;
		FACTS_EACH(f, inspection, v->org, ii) {
			const struct inspection *in = &f->inspections.v[ii];
			if (in->on <= as_of && !strcmp(f->orgs.v[in->inspector_org].id, me) && page_has(&pg, total++))
				json_array_append_new(items, inspection_state(rq, v, ii, as_of));
		}
		view_release(v);
	}
	hmap_release(&done.ids);
	arena_release(&done.names);
	subtree_release(&t);
	if (failed) {
		json_decref(items);
		return 0;
	}
	return api_paged(rs, items, total, &pg);
}

/* Are all of o's keys among keys? Else fills rs (422 naming the key, after where) into *rc. */
static bool keys_known(struct http_resp *rs, json_t *o, const char *const *keys, const char *where, int *rc)
{
	const char *key = api_unknown_key(o, keys);
	if (key)
		*rc = http_error(rs, 422, "invalid", key, "%s%s: unknown field", where, key);
	return !key;
}

/* Field key of o, or null when absent (borrowed either way, for json_pack's O). */
static json_t *field_or_null(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v ? v : json_null();
}

/* POST /supervision/inspections: {id, unit, on, scope, inspectors, items: [{title, basis,
 * department, due_on | working_days}]} — the inspection and one rectification per item, in one
 * change. An item without a deadline is due by the unit's policy (rectification.overdue). */
static int add_inspection(struct http_req *rq, struct http_resp *rs)
{
	static const char *const keys[] = {"id", "unit", "on", "scope", "inspectors", "items", NULL};
	static const char *const item_keys[] = {"title", "basis", "department", "due_on", "working_days", NULL};
	struct subtree t;
	json_t *body = rq->json, *x, *items, *insp = NULL, *doc = NULL;
	struct unit_view *v = NULL;
	zdate on;
	size_t i;
	int rc = 0;
	if (!json_is_object(body))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object");
	if (!keys_known(rs, body, keys, "", &rc))
		return rc;
	const char *id = json_string_value(json_object_get(body, "id"));
	const char *unit = json_string_value(json_object_get(body, "unit"));
	x = json_object_get(body, "on");
	if (!id || !*id || strlen(id) > IMPORT_MAX_ID - 8 || strchr(id, '#'))
		return http_error(rs, 422, "invalid", "id", "id: required, a string of at most %d bytes without '#'",
				  IMPORT_MAX_ID - 8);
	if (!unit)
		return http_error(rs, 422, "invalid", "unit", "unit: required, the id of the unit inspected");
	if (!json_is_string(x) || !date_parse(json_string_value(x), &on))
		return http_error(rs, 422, "invalid", "on", "on: required, a date YYYY-MM-DD");
	items = json_object_get(body, "items");
	if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > INSPECTION_ITEMS_MAX)
		return http_error(rs, 422, "invalid", "items", "items: 1 to %d items found", INSPECTION_ITEMS_MAX);
	if (subtree_of(rq, rs, &t))
		return 0;
	const char *me = t.root->facts.orgs.v[t.root->org].id;
	struct zerr e = {0};
	if (subtree_find(&t, unit) < 0) {
		rc = http_error(rs, 422, "invalid", "unit", "unit: '%s' is not a unit below %s", unit, me);
		goto out;
	}
	if (view_acquire(rq->w, unit, &v, &e)) {
		rc = http_zerr(rs, &e);
		goto out;
	}
	if (hmap_get(&v->facts.inspection_ids, id) >= 0) {
		rc = http_error(rs, 409, "conflict", "id", "inspection '%s' exists already", id);
		goto out;
	}
	insp = json_pack("{s:s, s:s, s:s, s:O, s:O, s:O, s:[]}", "id", id, "org", unit, "inspector_org", me, "on",
			 json_object_get(body, "on"), "scope", field_or_null(body, "scope"), "inspectors",
			 field_or_null(body, "inspectors"), "items");
	if (!insp) {
		rc = http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	json_array_foreach(items, i, x) {
		char where[48];
		zdate due = ZDATE_NONE;
		snprintf(where, sizeof where, "items[%zu].", i);
		if (!json_is_object(x)) {
			rc = http_error(rs, 422, "invalid", "items", "items[%zu]: an object {title, basis, department, due_on}", i);
			goto out;
		}
		if (!keys_known(rs, x, item_keys, where, &rc))
			goto out;
		json_t *d = json_object_get(x, "due_on"), *wd = json_object_get(x, "working_days");
		if (d && !json_is_null(d) && (!json_is_string(d) || !date_parse(json_string_value(d), &due))) {
			rc = http_error(rs, 422, "invalid", "due_on", "%sdue_on: a date YYYY-MM-DD", where);
			goto out;
		}
		if (wd && !json_is_null(wd)) {
			if (due != ZDATE_NONE || !json_is_integer(wd) || json_integer_value(wd) < 1 || json_integer_value(wd) > 60) {
				rc = http_error(rs, 422, "invalid", "working_days",
						"%sworking_days: an integer from 1 to 60, or due_on, not both", where);
				goto out;
			}
			due = cal_add_workdays(v->cal, on, (int)json_integer_value(wd), NULL);
		}
		json_t *item = json_pack("{s:O, s:O, s:O, s:o}", "title", field_or_null(x, "title"), "basis",
					 field_or_null(x, "basis"), "department", field_or_null(x, "department"), "due_on",
					 json_date_or_null(due));
		if (!item || json_array_append_new(json_object_get(insp, "items"), item)) {
			rc = http_error(rs, 500, "internal", NULL, "out of memory");
			goto out;
		}
	}
	/* One change: the inspection and every item's rectification are written, or none. */
	doc = inspection_doc(insp);
	rc = write_down(rq, rs, "supervision.inspection.add", unit, id, doc,
			doc ? json_pack("{s:O, s:O}", "inspection", insp, "rectifications",
					json_object_get(doc, "rectifications"))
			    : NULL);
out:
	json_decref(doc);
	json_decref(insp);
	if (v)
		view_release(v);
	subtree_release(&t);
	return rc;
}

/* ---- federated units: reports up, their keys ------------------------------------------------- */

/* GET /supervision/keys: the public keys of the units that report here — not the keys units
 * registered for their supervisors, nor those of units that report to a unit outside the
 * account's (a shared installation's other supervisors). */
static int list_keys(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	struct zerr e = {0};
	json_t *keys = NULL, *reports = NULL, *parent_of = json_object(), *mine = json_array(), *x;
	size_t i;
	int rc = 0;
	if (subtree_of(rq, rs, &t)) {
		json_decref(parent_of);
		json_decref(mine);
		return 0;
	}
	if (fed_key_list(rq->w->store, &keys, &e) || fed_report_list(rq->w->store, NULL, false, &reports, &e))
		rc = http_zerr(rs, &e);
	json_array_foreach(reports, i, x)
		json_object_set(parent_of, json_string_value(json_object_get(x, "org")), json_object_get(x, "parent"));
	json_array_foreach(keys, i, x) {
		const char *org = json_string_value(json_object_get(x, "org"));
		json_t *parent = json_object_get(parent_of, org);
		if (!strcmp(json_string_value(json_object_get(x, "direction")), FED_DIRECTION_UNIT) &&
		    (!parent || in_subtree(&t, json_string_value(parent))))
			json_array_append(mine, x);
	}
	subtree_release(&t);
	json_decref(keys);
	json_decref(reports);
	json_decref(parent_of);
	if (rc) {
		json_decref(mine);
		return rc;
	}
	return http_json(rs, 200, json_pack("{s:o}", "items", mine));
}

/* POST /supervision/keys: registers the public key of a unit that runs its own zeren and
 * reports to the account's unit (or one below it). */
static int register_key(struct http_req *rq, struct http_resp *rs)
{
	if (!rq->who->org[0])
		return http_error(rs, 403, "out_of_scope", NULL, "账号未关联单位 / the account belongs to no unit");
	return api_fed_key_register(rq, rs, FED_DIRECTION_UNIT);
}

/* GET /supervision/reports: the reports kept of the federated units below. */
static int list_reports(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	struct zerr e = {0};
	json_t *rows, *row, *mine = json_array();
	size_t i;
	if (subtree_of(rq, rs, &t))
		return json_decref(mine), 0;
	if (fed_report_list(rq->w->store, http_query(rq, "org"), http_query(rq, "org") != NULL, &rows, &e)) {
		subtree_release(&t);
		json_decref(mine);
		return http_zerr(rs, &e);
	}
	json_array_foreach(rows, i, row)
		if (in_subtree(&t, json_string_value(json_object_get(row, "parent"))))
			json_array_append(mine, row);
	json_decref(rows);
	subtree_release(&t);
	return http_json(rs, 200, json_pack("{s:o}", "items", mine));
}

/* POST /supervision/reports: a signed report package (the body, as `zeren report export`
 * wrote it) from a unit whose key is registered, sent to the account's unit or one below. */
static int import_report(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	struct fed_package p = {0};
	struct zerr e = {0};
	int rc;
	if (subtree_of(rq, rs, &t))
		return 0;
	struct change c = {.actor = rq->who->username, .source = rq->source, .action = "report.import",
			   .object = "report"};
	if (fed_package_open(rq->w->store, rq->body, rq->body_len, "report", FED_DIRECTION_UNIT, &p, &e)) {
		change_refused(rq->w->store, &c, &e);
		rc = http_zerr(rs, &e);
	} else if (!in_subtree(&t, json_string_value(json_object_get(p.body, "to")))) {
		const char *to = json_string_value(json_object_get(p.body, "to"));
		zerr_set(&e, ZE_DENIED, "报送包不是报给本单位或下级单位的（收件单位 %.200s） / report: it is sent to '%.200s', "
			 "which is not %s nor below it", to ? to : "?", to ? to : "?", t.root->facts.orgs.v[t.root->org].id);
		change_refused(rq->w->store, &c, &e);
		rc = http_zerr(rs, &e);
	} else {
		c.object = p.from;
		if (fed_report_import(rq->w->store, &c, &t.root->facts, &p, rq->body, rq->body_len, in_subtree_cb, &t, &e))
			rc = http_zerr(rs, &e);
		else
			rc = http_json(rs, 201, json_pack("{s:s, s:O, s:s, s:s}", "org", p.from, "as_of",
							  json_object_get(p.body, "as_of"), "key", p.key_id, "sha256", p.sha256));
	}
	rs->audited = true;
	fed_package_release(&p);
	subtree_release(&t);
	return rc;
}

const struct route api_supervision_routes[] = {
	{HTTP_GET, "/api/v1/supervision/units", list_units, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/supervision/trend", get_trend, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/supervision/notices", list_sent, PERM_SUPERVISE, 0, false},
	{HTTP_POST, "/api/v1/supervision/notices", send_notice, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/supervision/inspections", list_inspections, PERM_SUPERVISE, 0, false},
	{HTTP_POST, "/api/v1/supervision/inspections", add_inspection, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/inspections", list_unit_inspections, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/supervision/keys", list_keys, PERM_SUPERVISE, 0, false},
	{HTTP_POST, "/api/v1/supervision/keys", register_key, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/supervision/reports", list_reports, PERM_SUPERVISE, 0, false},
	{HTTP_POST, "/api/v1/supervision/reports", import_report, PERM_SUPERVISE, FED_PACKAGE_MAX + 1024, true},
	{0, NULL, NULL, 0, 0, false},
};
