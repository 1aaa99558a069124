/* Unit views: each worker's in-memory facts of a unit, their findings by as-of date and memos
 * of rendered replies, shared across threads, left behind by the server's own writes of the
 * unit's records and rebuilt (once, however many ask) when the store's generation moves
 * otherwise; and the working-day calendar, shared the same way. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/unitpolicy.h"
#include "core/history.h"

#define VIEW_CACHE_UNITS 64    /* units kept in memory at once; the least recently used goes */
#define VIEW_FINDING_DATES 64  /* as-of dates a view keeps findings for before it retires */
#define VIEW_MEMO_ENTRIES 64    /* replies kept with a view; once full, the oldest is replaced */
#define VIEW_RENDERING 8       /* memos of a view being rendered at once, each waited for */
#define VIEW_BUILDING 16       /* views being built at once, each waited for */
#define VIEW_WAIT_MS 2000      /* the longest a request waits for another's build or render */

struct dated_findings {
	zdate as_of;
	bool asked; /* by a request, not only computed ahead for it (view_warm) */
	struct findings fs;
};

struct memo {
	char *key;
	struct strbuf text;
};

/* The working-day calendar of one calendar generation, shared by every view and request. */
struct shared_calendar {
	struct cal *cal;
	int64_t generation;
	atomic_int refs; /* the cache's (while current) and each holder's */
};

/* A view with its reference count and caches; struct unit_view is what handlers see. */
struct view {
	struct unit_view pub;
	struct shared_calendar *calendar; /* pub.cal is its calendar */
	struct policy_set *policies; /* pub.policies: the shipped profiles and the unit's own versions */
	zdate built_on;              /* pub.policy is the version in force that day */
	int64_t orgs_generation;     /* its org rows are every unit's as of this generation too (under
				      * the cache's lock): a rebuild after a change of the unit's
				      * records only copies them instead of reading them again */
	char *org_id;
	/* A view a write left behind (view_install) borrows strings, the calendar and the
	 * policies of the view it started from, and holds it; depth: how many such links. */
	struct view *parent;
	int depth;
	atomic_int refs;     /* the cache's reference (while cached), each request's, each child's */
	/* The views left behind from this one (counted in refs): once they alone hold it, nobody
	 * can reach it any more but for their strings, and all else of it is freed (view_trim). */
	atomic_int children;
	uint64_t last_used;  /* under the cache's lock */
	pthread_mutex_t mu;  /* guards the two caches below and the renders under way */
	struct dated_findings **dated; /* each allocated alone: pointers handed out stay valid */
	size_t ndated, dated_cap;
	struct memo memo[VIEW_MEMO_ENTRIES];
	size_t nmemo, memo_next;
	/* Memos a request is rendering: the others asking for the same key wait for it. */
	struct rendering {
		char *key;
		pthread_t by;
	} rendering[VIEW_RENDERING];
	size_t nrendering;
	pthread_cond_t rendered; /* a memo was kept, or a render given up */
};

/* A view being built: the others asking for the same one wait for it. */
struct building {
	const char *org_id; /* the builder's */
	int64_t generation;
	zdate day;
};

struct view_cache {
	pthread_mutex_t mu;
	pthread_mutex_t writing; /* view_write_begin/end */
	struct building building[VIEW_BUILDING];
	size_t nbuilding;
	pthread_cond_t built; /* a view was cached, or a build failed */
	struct shared_calendar *calendar; /* the latest, or NULL */
	struct view *v[VIEW_CACHE_UNITS];
	size_t n;
	uint64_t clock;
};

static void rendering_end(struct view *v, size_t i);
static int findings_at(struct worker *w, struct view *v, zdate as_of, bool asked, const struct findings **out,
		       struct zerr *e);

/* A condition variable waited on against the monotonic clock (wait_until). */
static void cond_init(pthread_cond_t *cv)
{
	pthread_condattr_t a;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(cv, &a);
	pthread_condattr_destroy(&a);
}

int view_cache_new(struct view_cache **out)
{
	struct view_cache *c = calloc(1, sizeof *c);
	if (!c)
		return ZE_NOMEM;
	pthread_mutex_init(&c->mu, NULL);
	pthread_mutex_init(&c->writing, NULL);
	cond_init(&c->built);
	*out = c;
	return 0;
}

void calendar_release(struct shared_calendar *c)
{
	if (c && atomic_fetch_sub(&c->refs, 1) == 1) {
		cal_free(c->cal);
		free(c);
	}
}

const struct cal *calendar_of(const struct shared_calendar *c)
{
	return c->cal;
}

/* The current calendar: the cached one, or read now and cached. It is kept across writes of
 * business data: only a change to the calendar itself (its own generation) reads it again. */
int calendar_acquire(struct worker *w, struct shared_calendar **out, struct zerr *e)
{
	struct view_cache *vc = w->srv->views;
	struct shared_calendar *c, *old = NULL;
	int64_t gen;
	if (store_calendar_generation(w->store, &gen, e))
		return e->code;
	pthread_mutex_lock(&vc->mu);
	if ((c = vc->calendar) && c->generation == gen)
		atomic_fetch_add(&c->refs, 1);
	else
		c = NULL;
	pthread_mutex_unlock(&vc->mu);
	if (c) {
		*out = c;
		return 0;
	}
	if (!(c = calloc(1, sizeof *c)))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	if (calendar_open(w->store, &c->cal, e)) {
		free(c);
		return e->code;
	}
	c->generation = gen;
	atomic_store(&c->refs, 2); /* the cache's and the caller's */
	pthread_mutex_lock(&vc->mu);
	old = vc->calendar;
	vc->calendar = c;
	pthread_mutex_unlock(&vc->mu);
	calendar_release(old);
	*out = c;
	return 0;
}

static void view_free(struct view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->ndated; i++) {
		findings_release(&v->dated[i]->fs);
		free(v->dated[i]);
	}
	free(v->dated);
	for (size_t i = 0; i < v->nmemo; i++) {
		free(v->memo[i].key);
		sb_release(&v->memo[i].text);
	}
	for (size_t i = 0; i < v->nrendering; i++)
		free(v->rendering[i].key);
	pthread_cond_destroy(&v->rendered);
	facts_release(&v->pub.facts);
	calendar_release(v->calendar);
	policies_free(v->policies);
	pthread_mutex_destroy(&v->mu);
	free(v->org_id);
	if (v->parent) {
		atomic_fetch_sub(&v->parent->children, 1);
		view_release(&v->parent->pub);
	}
	free(v);
}

/* Frees what only the view's own readers used — its findings, memos and records — and keeps
 * its strings and org rows, which the views left behind from it borrow (and what it borrows
 * itself). */
static void view_trim(struct view *v)
{
	pthread_mutex_lock(&v->mu);
	for (size_t i = 0; i < v->ndated; i++) {
		findings_release(&v->dated[i]->fs);
		free(v->dated[i]);
	}
	free(v->dated);
	v->dated = NULL, v->ndated = v->dated_cap = 0;
	for (size_t i = 0; i < v->nmemo; i++) {
		free(v->memo[i].key);
		sb_release(&v->memo[i].text);
	}
	v->nmemo = 0;
	struct facts *f = &v->pub.facts, kept;
	facts_init(&kept);
	kept.strings = f->strings, kept.orgs = f->orgs, kept.org_ids = f->org_ids, kept.orgs_borrowed = f->orgs_borrowed;
	f->strings = (struct arena)ARENA_INIT, f->orgs_borrowed = true; /* released with the view */
	facts_release(f);
	*f = kept;
	pthread_mutex_unlock(&v->mu);
}

/* Drops one reference to v: *to_free is v when it was the last; when only the views left
 * behind from it still hold it, it is trimmed. */
static void view_unref(struct view *v, struct view **to_free)
{
	int left = atomic_fetch_sub(&v->refs, 1) - 1;
	if (left == 0)
		*to_free = v;
	else if (left == atomic_load(&v->children))
		view_trim(v);
}

void view_cache_free(struct view_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		view_free(c->v[i]);
	calendar_release(c->calendar);
	pthread_mutex_destroy(&c->mu);
	pthread_mutex_destroy(&c->writing);
	pthread_cond_destroy(&c->built);
	free(c);
}

/* Every unit's org row of base, copied into f (empty): the rows are the same, in the same order. */
static int copy_orgs(struct facts *f, const struct facts *base)
{
	for (size_t i = 0; i < base->orgs.n; i++) {
		struct org o = base->orgs.v[i];
		o.id = facts_str(f, o.id), o.name = facts_str(f, o.name), o.kind = facts_str(f, o.kind);
		o.policy = facts_str(f, o.policy), o.time_zone = facts_str(f, o.time_zone);
		if (!o.id || facts_add_org(f, &o) < 0)
			return ZE_NOMEM;
	}
	return 0;
}

/* recorded_on: the facts as the store held them at the end of that day (ZDATE_NONE: now).
 * base (nullable): an older view of the unit whose org rows still hold at gen. */
static struct view *view_build(struct worker *w, const char *org_id, int64_t gen, zdate recorded_on,
			       const struct view *base, struct zerr *e)
{
	struct view *v = calloc(1, sizeof *v);
	if (!v) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&v->mu, NULL);
	cond_init(&v->rendered);
	facts_init(&v->pub.facts);
	v->pub.generation = gen;
	v->orgs_generation = gen;
	if (!(v->org_id = strdup(org_id))) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto fail;
	}
	v->pub.recorded_on = recorded_on;
	if (base && copy_orgs(&v->pub.facts, &base->pub.facts)) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto fail;
	}
	if ((recorded_on != ZDATE_NONE ? history_facts(w->store, org_id, recorded_on, &v->pub.facts, e)
	     : base			  ? store_load_unit(w->store, &v->pub.facts, org_id, e)
					  : store_load(w->store, &v->pub.facts, org_id, e)) ||
	    calendar_acquire(w, &v->calendar, e))
		goto fail;
	v->pub.cal = v->calendar->cal;
	if (facts_index(&v->pub.facts)) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto fail;
	}
	v->pub.org = hmap_get(&v->pub.facts.org_ids, org_id);
	/* The unit's own versions come with the view: approving one moves the store's generation,
	 * so the next request builds a new view that follows it. */
	if (unit_policies_load(w->store, w->srv->policies, org_id, &v->policies, e))
		goto fail;
	v->pub.policies = v->policies;
	v->built_on = date_today();
	v->pub.policy = policies_for_unit(v->policies, org_id, v->pub.facts.orgs.v[v->pub.org].policy, v->built_on,
					  NULL);
	return v;
fail:
	view_free(v);
	return NULL;
}

/* Drops the cache's reference to slot i (freeing the view when no request holds it). */
static void cache_drop(struct view_cache *c, size_t i, struct view **to_free)
{
	struct view *v = c->v[i];
	c->v[i] = c->v[--c->n];
	view_unref(v, to_free);
}

/* Puts v (its cache reference counted) in the cache in place of its unit's view, or of the
 * least recently used one when full; *stale: a view to free once the lock is left. */
static void cache_put(struct view_cache *c, struct view *v, struct view **stale)
{
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i]->org_id, v->org_id) == 0) {
			cache_drop(c, i, stale);
			break;
		}
	}
	if (c->n == VIEW_CACHE_UNITS) {
		size_t oldest = 0;
		for (size_t i = 1; i < c->n; i++)
			if (c->v[i]->last_used < c->v[oldest]->last_used)
				oldest = i;
		struct view *evicted = NULL;
		cache_drop(c, oldest, &evicted);
		if (evicted && !*stale)
			*stale = evicted;
		else if (evicted)
			view_free(evicted); /* rare: both slots freed now; neither is in use */
	}
	v->last_used = ++c->clock;
	c->v[c->n++] = v;
}

/* The deadline of a wait that starts now. */
static struct timespec wait_until(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += VIEW_WAIT_MS / 1000;
	t.tv_nsec += (long)(VIEW_WAIT_MS % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L)
		t.tv_sec++, t.tv_nsec -= 1000000000L;
	return t;
}

/* Ends the build registered in slot i (under the cache's lock) and wakes its waiters. */
static void build_done(struct view_cache *c, size_t i)
{
	c->building[i] = c->building[--c->nbuilding];
	pthread_cond_broadcast(&c->built);
}

/* The thread holds the writes' turn (view_write_begin): it must not wait for it. */
static _Thread_local bool in_write_turn;

/* How long a request whose unit's view is behind the store waits for a write of this server in
 * its turn, before it builds the view from the store itself (a variable for the tests). */
long view_own_write_wait_ns = 20000000L;

/* Between a write's commit and its advance of the views (both inside the writes' turn), the
 * store is a generation ahead of every view: a request then would build its unit's view again
 * from the store (every unit's org row on a large store) where waiting for the turn to end finds
 * the view the write advanced or left behind. Bounded: a long import does not stall readers. */
static void await_own_write(struct view_cache *c)
{
	if (in_write_turn)
		return;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += view_own_write_wait_ns / 1000000000L;
	until.tv_nsec += view_own_write_wait_ns % 1000000000L;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;
	if (pthread_mutex_timedlock(&c->writing, &until) == 0)
		pthread_mutex_unlock(&c->writing);
}

int view_acquire(struct worker *w, const char *org_id, struct unit_view **out, struct zerr *e)
{
	struct view_cache *c = w->srv->views;
	struct view *found = NULL, *stale = NULL, *built, *base = NULL;
	int64_t gen;
	zdate today = date_today();
	size_t slot = VIEW_BUILDING;
	bool waited = false, behind = false, awaited = false;
	struct timespec until;
	if (store_generation(w->store, &gen, e))
		return e->code;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		for (size_t i = 0; i < c->n; i++) {
			if (strcmp(c->v[i]->org_id, org_id) != 0)
				continue;
			/* A view of another day may follow a version no longer (or not yet) in force. */
			if (c->v[i]->pub.generation == gen && c->v[i]->built_on == today)
				found = c->v[i];
			else if (c->v[i]->orgs_generation == gen)
				base = c->v[i]; /* only the unit's records changed since */
			behind = c->v[i]->pub.generation < gen;
			break;
		}
		if (found)
			break;
		if (behind && !awaited) {
			awaited = true;
			pthread_mutex_unlock(&c->mu);
			await_own_write(c);
			if (store_generation(w->store, &gen, e))
				return e->code;
			pthread_mutex_lock(&c->mu);
			base = NULL;
			continue;
		}
		/* Single flight: when another request builds this very view, wait for it (bounded;
		 * a failed build is not shared: the waiters try themselves). */
		size_t b = 0;
		while (b < c->nbuilding && !(c->building[b].generation == gen && c->building[b].day == today &&
					     strcmp(c->building[b].org_id, org_id) == 0))
			b++;
		if (b == c->nbuilding) {
			if (c->nbuilding < VIEW_BUILDING) {
				slot = c->nbuilding++;
				c->building[slot] = (struct building){org_id, gen, today};
			}
			break;
		}
		if (!waited)
			until = wait_until(), waited = true;
		if (pthread_cond_timedwait(&c->built, &c->mu, &until) != 0)
			break; /* waited long enough: build it too */
		base = NULL;
	}
	if (found) {
		atomic_fetch_add(&found->refs, 1);
		found->last_used = ++c->clock;
	} else if (base) {
		atomic_fetch_add(&base->refs, 1);
	}
	pthread_mutex_unlock(&c->mu);
	if (found) {
		*out = &found->pub;
		return 0;
	}
	/* Built outside the lock: a slow load of one unit must not stall requests for others. */
	built = view_build(w, org_id, gen, ZDATE_NONE, base, e);
	view_release(base ? &base->pub : NULL);
	if (built)
		atomic_store(&built->refs, 2); /* the cache's and the caller's */
	pthread_mutex_lock(&c->mu);
	if (built)
		cache_put(c, built, &stale);
	if (slot < VIEW_BUILDING) {
		/* its index may have moved as other builds ended: find it by its key */
		for (size_t i = 0; i < c->nbuilding; i++)
			if (c->building[i].org_id == org_id && c->building[i].generation == gen &&
			    c->building[i].day == today) {
				build_done(c, i);
				break;
			}
	}
	pthread_mutex_unlock(&c->mu);
	view_free(stale);
	if (!built)
		return e->code;
	*out = &built->pub;
	return 0;
}

struct unit_view *view_cached(struct view_cache *c, const char *org_id)
{
	struct view *v = NULL;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->n && !v; i++)
		if (strcmp(c->v[i]->org_id, org_id) == 0)
			atomic_fetch_add(&(v = c->v[i])->refs, 1);
	pthread_mutex_unlock(&c->mu);
	return v ? &v->pub : NULL;
}

void view_cache_advance(struct view_cache *c, const char *org_id, int64_t from, int64_t to)
{
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->n; i++) {
		struct view *v = c->v[i];
		if (v->pub.generation == from && strcmp(v->org_id, org_id) != 0)
			v->pub.generation = to;
		if (v->orgs_generation == from) /* org_id's own too: its org rows did not change */
			v->orgs_generation = to;
	}
	pthread_mutex_unlock(&c->mu);
}

/* Views a write leaves behind in a row before a reader builds one from the store again: each
 * holds the strings of the ones before it (the first's all, the others' what their write
 * added). */
#define VIEW_CHAIN_MAX 64

void view_write_begin(struct view_cache *c)
{
	pthread_mutex_lock(&c->writing);
	in_write_turn = true;
}

void view_write_end(struct view_cache *c)
{
	in_write_turn = false;
	pthread_mutex_unlock(&c->writing);
}

struct unit_view *view_install(struct worker *w, struct unit_view *from_view, int64_t loaded_at, struct facts *f,
			       int64_t from, int64_t to)
{
	struct view_cache *c = w->srv->views;
	struct view *base = (struct view *)from_view, *v = NULL, *stale = NULL;
	/* Only the facts of the generation right after the one they were read at: another write
	 * in between (another node) is in the store, not in f. */
	if (!f->orgs.n || loaded_at != from || to != from + 1 || base->depth + 1 > VIEW_CHAIN_MAX ||
	    !(v = calloc(1, sizeof *v)) || !(v->org_id = strdup(base->org_id))) {
		free(v);
		facts_release(f);
		return NULL;
	}
	pthread_mutex_init(&v->mu, NULL);
	cond_init(&v->rendered);
	v->pub.facts = *f;
	facts_init(f);
	atomic_fetch_add(&base->refs, 1);
	atomic_fetch_add(&base->children, 1);
	v->parent = base;
	v->depth = base->depth + 1;
	v->pub.generation = to;
	v->orgs_generation = to;
	v->pub.recorded_on = ZDATE_NONE;
	atomic_fetch_add(&base->calendar->refs, 1);
	v->calendar = base->calendar;
	v->pub.cal = base->pub.cal;
	v->pub.policies = base->pub.policies; /* a change of records approves no version */
	/* The importer indexed the facts to write them, and added nothing since. */
	if ((!v->pub.facts.indexed && facts_index(&v->pub.facts)) ||
	    (v->pub.org = hmap_get(&v->pub.facts.org_ids, v->org_id)) == ZIDX_NONE) {
		view_free(v);
		return NULL;
	}
	v->built_on = date_today();
	v->pub.policy = view_policy_at(&v->pub, v->built_on);
	atomic_store(&v->refs, 2); /* the cache's and the caller's */
	pthread_mutex_lock(&c->mu);
	/* Unless a reader has built the unit's view of `to` (or later) from the store meanwhile. */
	bool newer = false;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i]->org_id, v->org_id) == 0)
			newer = c->v[i]->pub.generation >= to;
	if (!newer)
		cache_put(c, v, &stale);
	pthread_mutex_unlock(&c->mu);
	if (newer) {
		view_free(v);
		return NULL;
	}
	view_free(stale);
	return &v->pub;
}

void view_warm(struct worker *w, struct unit_view *uv, const struct unit_view *like)
{
	struct view *v = (struct view *)uv, *base = (struct view *)like;
	zdate dates[VIEW_FINDING_DATES];
	size_t n = 0;
	/* Only what requests asked of it: a run of writes nobody reads computes nothing ahead. */
	pthread_mutex_lock(&base->mu);
	for (size_t i = 0; i < base->ndated && n < VIEW_FINDING_DATES; i++)
		if (base->dated[i]->asked)
			dates[n++] = base->dated[i]->as_of;
	pthread_mutex_unlock(&base->mu);
	for (size_t i = 0; i < n; i++) {
		const struct findings *fs;
		struct zerr e = {0};
		if (findings_at(w, v, dates[i], false, &fs, &e))
			break; /* out of memory: the readers compute them */
	}
}

const struct policy *view_policy_at(const struct unit_view *v, zdate d)
{
	const struct org *o = &v->facts.orgs.v[v->org];
	return policies_for_unit(v->policies, o->id, o->policy, d, NULL);
}

int view_acquire_recorded(struct worker *w, const char *org_id, zdate recorded_on, struct unit_view **out,
			  struct zerr *e)
{
	int64_t gen;
	struct view *v;
	if (store_generation(w->store, &gen, e))
		return e->code;
	/* Not cached: a day's records are rebuilt for the request that asks (the history is read
	 * in one indexed pass), and dropped with it. */
	if (!(v = view_build(w, org_id, gen, recorded_on, NULL, e)))
		return e->code;
	atomic_store(&v->refs, 1);
	*out = &v->pub;
	return 0;
}

void view_release(struct unit_view *uv)
{
	if (!uv)
		return;
	struct view *v = (struct view *)uv;
	/* A render this request took on and did not keep (an error, a reply not kept) ends. */
	pthread_mutex_lock(&v->mu);
	for (size_t i = v->nrendering; i-- > 0;)
		if (pthread_equal(v->rendering[i].by, pthread_self()))
			rendering_end(v, i);
	pthread_mutex_unlock(&v->mu);
	/* The last holder frees it: the cache (when it replaces or evicts the view), the last
	 * request still using a view the cache has already dropped, or the last view left from it. */
	struct view *to_free = NULL;
	view_unref(v, &to_free);
	view_free(to_free);
}

/* Takes a view out of the cache (requests holding it keep it until they release it). */
static void view_retire(struct view_cache *c, struct view *v)
{
	struct view *to_free = NULL;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i] == v) {
			cache_drop(c, i, &to_free);
			break;
		}
	}
	pthread_mutex_unlock(&c->mu);
	view_free(to_free); /* NULL: the caller of view_findings still holds it */
}

/* The findings of as_of kept in v (under v->mu), or NULL. */
static struct dated_findings *dated_at(struct view *v, zdate as_of)
{
	for (size_t i = 0; i < v->ndated; i++)
		if (v->dated[i]->as_of == as_of)
			return v->dated[i];
	return NULL;
}

/* view_findings; asked: for a request (else computed ahead, view_warm). The engine runs outside
 * the view's lock, so that requests for what the view already holds never wait for it; two
 * requests asking a new date at once may both compute it, and the second's is dropped. */
static int findings_at(struct worker *w, struct view *v, zdate as_of, bool asked, const struct findings **out,
		       struct zerr *e)
{
	struct unit_view *uv = &v->pub;
	struct dated_findings *d, *kept;
	bool retire = false;
	int rc = 0;
	pthread_mutex_lock(&v->mu);
	if ((kept = dated_at(v, as_of)))
		kept->asked = kept->asked || asked, *out = &kept->fs;
	pthread_mutex_unlock(&v->mu);
	if (kept)
		return 0;
	if (!(d = calloc(1, sizeof *d)))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	d->as_of = as_of;
	d->asked = asked;
	engine_set_calendar(w->engine, uv->cal);
	if ((rc = check_facts_with(w->engine, &uv->facts, uv->policies, uv->cal, uv->org, as_of, &d->fs, e))) {
		findings_release(&d->fs);
		free(d);
		return rc;
	}
	findings_sort(&d->fs, &uv->facts);
	pthread_mutex_lock(&v->mu);
	if ((kept = dated_at(v, as_of))) {
		kept->asked = kept->asked || asked;
		goto out; /* computed meanwhile by another request */
	}
	/* Findings handed out are never freed before the view. A view asked for many dates is
	 * retired instead, so that requests from now on start a fresh one; only the requests
	 * holding it still add to it, so it stays bounded. */
	if (v->ndated == v->dated_cap) {
		size_t cap = v->dated_cap ? 2 * v->dated_cap : 8;
		struct dated_findings **grown = realloc(v->dated, cap * sizeof *grown);
		if (!grown) {
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
			goto out;
		}
		v->dated = grown;
		v->dated_cap = cap;
	}
	v->dated[v->ndated++] = kept = d;
	d = NULL;
	retire = v->ndated == VIEW_FINDING_DATES;
out:
	if (kept)
		*out = &kept->fs;
	pthread_mutex_unlock(&v->mu);
	if (d) {
		findings_release(&d->fs);
		free(d);
	}
	if (retire)
		view_retire(w->srv->views, v);
	return rc;
}

int view_findings(struct worker *w, struct unit_view *uv, zdate as_of, const struct findings **out, struct zerr *e)
{
	return findings_at(w, (struct view *)uv, as_of, true, out, e);
}

/* The render of key under way in v (under v->mu), or -1. */
static int rendering_of(const struct view *v, const char *key)
{
	for (size_t i = 0; i < v->nrendering; i++)
		if (strcmp(v->rendering[i].key, key) == 0)
			return (int)i;
	return -1;
}

static void rendering_end(struct view *v, size_t i)
{
	free(v->rendering[i].key);
	v->rendering[i] = v->rendering[--v->nrendering];
	pthread_cond_broadcast(&v->rendered);
}

/* The memo under key in v (under v->mu), waiting while another request renders it (single
 * flight, bounded); NULL: this request renders it, and its put (or its release of the view)
 * ends the others' wait. */
static const struct strbuf *memo_wait(struct view *v, const char *key)
{
	bool waited = false;
	struct timespec until;
	int r;
	for (;;) {
		for (size_t i = 0; i < v->nmemo; i++)
			if (strcmp(v->memo[i].key, key) == 0)
				return &v->memo[i].text;
		if ((r = rendering_of(v, key)) < 0) {
			if (v->nrendering < VIEW_RENDERING && (v->rendering[v->nrendering].key = strdup(key)))
				v->rendering[v->nrendering++].by = pthread_self();
			return NULL;
		}
		if (pthread_equal(v->rendering[r].by, pthread_self()))
			return NULL;
		if (!waited)
			until = wait_until(), waited = true;
		if (pthread_cond_timedwait(&v->rendered, &v->mu, &until) != 0)
			return NULL;
	}
}

int view_memo_put(struct unit_view *uv, const char *key, const char *text, size_t len)
{
	struct view *v = (struct view *)uv;
	int rc = 0, r;
	pthread_mutex_lock(&v->mu);
	if ((r = rendering_of(v, key)) >= 0)
		rendering_end(v, (size_t)r);
	for (size_t i = 0; i < v->nmemo; i++)
		if (strcmp(v->memo[i].key, key) == 0)
			goto out; /* another worker rendered it first */
	/* Replies are sent by copy under the lock, so once full the oldest entry is replaced. */
	struct memo *m;
	if (v->nmemo < VIEW_MEMO_ENTRIES) {
		m = &v->memo[v->nmemo++];
	} else {
		m = &v->memo[v->memo_next];
		v->memo_next = (v->memo_next + 1) % VIEW_MEMO_ENTRIES;
		free(m->key);
		sb_release(&m->text);
	}
	sb_init(&m->text, STRBUF_DEFAULT_MAX);
	if (!(m->key = strdup(key)) || !sb_add(&m->text, text, len)) {
		free(m->key);
		sb_release(&m->text);
		*m = v->memo[--v->nmemo]; /* the last one fills its place */
		v->memo_next = 0;
		rc = ZE_NOMEM;
		goto out;
	}
out:
	pthread_mutex_unlock(&v->mu);
	return rc;
}

bool view_memo_key(const struct http_req *rq, char *buf, size_t n, const char *what_and_params)
{
	/* what the reply depends on besides the view and its day: the account's scope */
	bool unit = scope_whole_unit(rq);
	int len = snprintf(buf, n, "%s&scope=%s&dept=%s&person=%s", what_and_params,
			   unit ? "unit" : has_role(rq, ROLE_LIAISON) ? "liaison" : "staff",
			   unit ? "" : rq->who->department, unit ? "" : rq->who->person);
	return len > 0 && (size_t)len < n;
}

bool view_memo_list(const struct http_req *rq, struct http_resp *rs, struct unit_view *v, char *key, size_t n)
{
	char params[768], query[640], d[ZDATE_BUFSZ];
	int np = http_query_string(rq, query, sizeof query)
			 ? snprintf(params, sizeof params, "%s?%s&today=%s&me=%s&roles=%u", rq->path, query,
				    date_format(date_today(), d), rq->who->person, rq->who->roles)
			 : -1;
	if (np < 0 || (size_t)np >= sizeof params || !view_memo_key(rq, key, n, params)) {
		key[0] = '\0';
		return false;
	}
	return view_memo_reply(rs, v, key);
}

bool view_memo_reply(struct http_resp *rs, struct unit_view *uv, const char *key)
{
	struct view *v = (struct view *)uv;
	pthread_mutex_lock(&v->mu);
	const struct strbuf *hit = memo_wait(v, key);
	if (hit)
		http_text(rs, 200, "application/json; charset=utf-8", hit->buf, hit->len);
	pthread_mutex_unlock(&v->mu);
	return hit;
}

int view_memo_json(struct http_resp *rs, struct unit_view *v, const char *key, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (!text)
		return ZE_NOMEM;
	if (key)
		view_memo_put(v, key, text, strlen(text)); /* not kept (full, out of memory): sent all the same */
	int rc = http_text(rs, 200, "application/json; charset=utf-8", text, strlen(text));
	free(text);
	return rc;
}
