/* What every resource of API v1 shares: unit views, data scope, paging, dates, writes
 * through the importer. */
#include <assert.h>
#include <ctype.h>
#include <strings.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/calendar.h"
#include "core/change.h"
#include "core/check.h"
#include "core/events.h"
#include "core/interchange.h"

#define VIEW_CACHE_UNITS 64    /* units kept in memory at once; the least recently used goes */
#define VIEW_FINDING_DATES 64  /* as-of dates a view keeps findings for before it retires */
#define VIEW_MEMO_ENTRIES 32

struct dated_findings {
	zdate as_of;
	struct findings fs;
};

struct memo {
	char *key;
	struct strbuf text;
};

/* The working-day calendar of one store generation, shared by every view and request. */
struct shared_calendar {
	struct cal *cal;
	int64_t generation;
	atomic_int refs; /* the cache's (while current) and each holder's */
};

/* A view with its reference count and caches; struct unit_view is what handlers see. */
struct view {
	struct unit_view pub;
	struct shared_calendar *calendar; /* pub.cal is its calendar */
	char *org_id;
	atomic_int refs;     /* the cache's reference (while cached) and each request's */
	uint64_t last_used;  /* under the cache's lock */
	pthread_mutex_t mu;  /* guards the two caches below */
	struct dated_findings **dated; /* each allocated alone: pointers handed out stay valid */
	size_t ndated, dated_cap;
	struct memo memo[VIEW_MEMO_ENTRIES];
	size_t nmemo, memo_next;
};

struct view_cache {
	pthread_mutex_t mu;
	struct shared_calendar *calendar; /* the latest, or NULL */
	struct view *v[VIEW_CACHE_UNITS];
	size_t n;
	uint64_t clock;
};

int view_cache_new(struct view_cache **out)
{
	struct view_cache *c = calloc(1, sizeof *c);
	if (!c)
		return ZE_NOMEM;
	pthread_mutex_init(&c->mu, NULL);
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

/* The calendar as of store generation gen: the cached one, or read now and cached. */
static int calendar_at(struct worker *w, int64_t gen, struct shared_calendar **out, struct zerr *e)
{
	struct view_cache *vc = w->srv->views;
	struct shared_calendar *c, *old = NULL;
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

int calendar_acquire(struct worker *w, struct shared_calendar **out, struct zerr *e)
{
	int64_t gen;
	if (store_generation(w->store, &gen, e))
		return e->code;
	return calendar_at(w, gen, out, e);
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
	facts_release(&v->pub.facts);
	calendar_release(v->calendar);
	pthread_mutex_destroy(&v->mu);
	free(v->org_id);
	free(v);
}

void view_cache_free(struct view_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		view_free(c->v[i]);
	calendar_release(c->calendar);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static struct view *view_build(struct worker *w, const char *org_id, int64_t gen, struct zerr *e)
{
	struct view *v = calloc(1, sizeof *v);
	if (!v) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&v->mu, NULL);
	facts_init(&v->pub.facts);
	v->pub.generation = gen;
	if (!(v->org_id = strdup(org_id))) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto fail;
	}
	if (store_load(w->store, &v->pub.facts, org_id, e) || calendar_at(w, gen, &v->calendar, e))
		goto fail;
	v->pub.cal = v->calendar->cal;
	if (facts_index(&v->pub.facts)) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		goto fail;
	}
	v->pub.org = hmap_get(&v->pub.facts.org_ids, org_id);
	v->pub.policy = policies_get(w->srv->policies, v->pub.facts.orgs.v[v->pub.org].policy);
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
	if (atomic_fetch_sub(&v->refs, 1) == 1)
		*to_free = v;
}

int view_acquire(struct worker *w, const char *org_id, struct unit_view **out, struct zerr *e)
{
	struct view_cache *c = w->srv->views;
	struct view *found = NULL, *stale = NULL, *built;
	int64_t gen;
	if (store_generation(w->store, &gen, e))
		return e->code;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i]->org_id, org_id) != 0)
			continue;
		if (c->v[i]->pub.generation == gen) {
			found = c->v[i];
			atomic_fetch_add(&found->refs, 1);
			found->last_used = ++c->clock;
		}
		break;
	}
	pthread_mutex_unlock(&c->mu);
	if (found) {
		*out = &found->pub;
		return 0;
	}
	/* Built outside the lock: a slow load of one unit must not stall requests for others. */
	if (!(built = view_build(w, org_id, gen, e)))
		return e->code;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i]->org_id, org_id) == 0) {
			cache_drop(c, i, &stale);
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
		if (evicted && !stale)
			stale = evicted;
		else if (evicted)
			view_free(evicted); /* rare: both slots freed now; neither is in use */
	}
	atomic_store(&built->refs, 2); /* the cache's and the caller's */
	built->last_used = ++c->clock;
	c->v[c->n++] = built;
	pthread_mutex_unlock(&c->mu);
	view_free(stale);
	*out = &built->pub;
	return 0;
}

void view_release(struct unit_view *uv)
{
	if (!uv)
		return;
	struct view *v = (struct view *)uv;
	/* The last holder frees it: the cache (when it replaces or evicts the view) or the last
	 * request still using a view the cache has already dropped. */
	if (atomic_fetch_sub(&v->refs, 1) == 1)
		view_free(v);
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

int view_findings(struct worker *w, struct unit_view *uv, zdate as_of, const struct findings **out, struct zerr *e)
{
	struct view *v = (struct view *)uv;
	struct dated_findings *d = NULL;
	bool retire = false;
	int rc = 0;
	pthread_mutex_lock(&v->mu);
	for (size_t i = 0; i < v->ndated; i++) {
		if (v->dated[i]->as_of == as_of) {
			*out = &v->dated[i]->fs;
			goto out;
		}
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
	if (!(d = calloc(1, sizeof *d))) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	d->as_of = as_of;
	engine_set_calendar(w->engine, uv->cal);
	if ((rc = check_facts_with(w->engine, &uv->facts, w->srv->policies, uv->cal, uv->org, as_of, &d->fs, e))) {
		findings_release(&d->fs);
		free(d);
		goto out;
	}
	findings_sort(&d->fs, &uv->facts);
	v->dated[v->ndated++] = d;
	retire = v->ndated == VIEW_FINDING_DATES;
	*out = &d->fs;
out:
	pthread_mutex_unlock(&v->mu);
	if (retire)
		view_retire(w->srv->views, v);
	return rc;
}

const struct strbuf *view_memo_get(struct unit_view *uv, const char *key)
{
	struct view *v = (struct view *)uv;
	const struct strbuf *hit = NULL;
	pthread_mutex_lock(&v->mu);
	for (size_t i = 0; i < v->nmemo && !hit; i++)
		if (strcmp(v->memo[i].key, key) == 0)
			hit = &v->memo[i].text;
	pthread_mutex_unlock(&v->mu);
	return hit;
}

int view_memo_put(struct unit_view *uv, const char *key, const char *text, size_t len)
{
	struct view *v = (struct view *)uv;
	int rc = 0;
	pthread_mutex_lock(&v->mu);
	for (size_t i = 0; i < v->nmemo; i++)
		if (strcmp(v->memo[i].key, key) == 0)
			goto out; /* another worker rendered it first */
	/* Entries are never replaced while the view lives (get hands out pointers into them):
	 * once full, further replies are simply not kept. */
	if (v->nmemo == VIEW_MEMO_ENTRIES)
		goto out;
	struct memo *m = &v->memo[v->nmemo];
	sb_init(&m->text, STRBUF_DEFAULT_MAX);
	if (!(m->key = strdup(key)) || !sb_add(&m->text, text, len)) {
		free(m->key);
		sb_release(&m->text);
		rc = ZE_NOMEM;
		goto out;
	}
	v->nmemo++;
out:
	pthread_mutex_unlock(&v->mu);
	return rc;
}

/* ---- data scope ---------------------------------------------------------------------------- */

bool has_role(const struct http_req *rq, int role)
{
	return rq->who && (rq->who->roles & ROLE_BIT(role));
}

bool scope_whole_unit(const struct http_req *rq)
{
	return has_role(rq, ROLE_OFFICE) || has_role(rq, ROLE_LEADER);
}

const char *scope_name(unsigned roles)
{
	if (roles & (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER)))
		return "unit"; /* as scope_whole_unit */
	if (roles & ROLE_BIT(ROLE_LIAISON))
		return "department";
	if (roles & ROLE_BIT(ROLE_STAFF))
		return "self";
	return "none";
}

zidx scope_me(const struct http_req *rq, const struct facts *f)
{
	return rq->who && rq->who->person[0] ? hmap_get(&f->person_ids, rq->who->person) : ZIDX_NONE;
}

bool scope_unit(const struct http_req *rq, const char *org_id)
{
	const unsigned business =
		ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_LIAISON) | ROLE_BIT(ROLE_STAFF);
	return rq->who && (rq->who->roles & business) && strcmp(rq->who->org, org_id) == 0;
}

/* Is dept the liaison's department or below it? */
static bool in_liaison_tree(const struct http_req *rq, const struct facts *f, zidx dept)
{
	if (!has_role(rq, ROLE_LIAISON) || !rq->who->department[0])
		return false;
	for (int depth = 0; dept >= 0 && depth < 64; depth++, dept = f->depts.v[dept].parent)
		if (strcmp(f->depts.v[dept].id, rq->who->department) == 0)
			return true;
	return false;
}

static bool dept_in_unit(const struct http_req *rq, const struct facts *f, zidx dept)
{
	return dept >= 0 && scope_unit(rq, f->orgs.v[f->depts.v[dept].org].id);
}

bool scope_dept(const struct http_req *rq, const struct facts *f, zidx dept)
{
	if (!dept_in_unit(rq, f, dept))
		return false;
	return scope_whole_unit(rq) || in_liaison_tree(rq, f, dept);
}

bool scope_person(const struct http_req *rq, const struct facts *f, zidx person)
{
	if (person < 0 || !scope_unit(rq, f->orgs.v[f->people.v[person].org].id))
		return false;
	if (scope_whole_unit(rq))
		return true;
	if (in_liaison_tree(rq, f, f->people.v[person].dept))
		return true;
	return strcmp(rq->who->person, f->people.v[person].id) == 0;
}

bool scope_write_dept(const struct http_req *rq, const struct facts *f, zidx dept)
{
	if (!dept_in_unit(rq, f, dept))
		return false;
	return has_role(rq, ROLE_OFFICE) || in_liaison_tree(rq, f, dept);
}

bool scope_system(const struct http_req *rq, const struct unit_view *v, zidx si, zdate on)
{
	const struct facts *f = &v->facts;
	if (si < 0)
		return false;
	if (scope_whole_unit(rq) && scope_unit(rq, f->orgs.v[f->systems.v[si].org].id))
		return true;
	if (f->systems.v[si].owner_dept >= 0 && scope_dept(rq, f, f->systems.v[si].owner_dept))
		return true;
	zidx me = scope_me(rq, f);
	if (me < 0)
		return false;
	FACTS_EACH(f, appt, v->org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person == me && a->system == si && appt_on(a, on))
			return true;
	}
	return false;
}

bool scope_notice(const struct http_req *rq, const struct unit_view *v, zidx ni, zdate on)
{
	const struct facts *f = &v->facts;
	if (scope_whole_unit(rq))
		return true;
	for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
		if (scope_system(rq, v, f->notice_systems.v[f->ix.system_by_notice[k]].system, on))
			return true;
	zidx me = scope_me(rq, f);
	return me >= 0 && notice_person_rectifies(f, v->org, me, ni, on);
}

bool scope_finding(const struct http_req *rq, const struct unit_view *v, const struct finding *fd, zdate on)
{
	const struct facts *f = &v->facts;
	if (scope_whole_unit(rq))
		return true;
	switch (fd->subject_kind) {
	case SUBJ_PERSON: return scope_person(rq, f, fd->subject);
	case SUBJ_DEPARTMENT: return scope_dept(rq, f, fd->subject);
	case SUBJ_SYSTEM: return scope_system(rq, v, fd->subject, on);
	default: break;
	}
	return (fd->person >= 0 && scope_person(rq, f, fd->person)) || (fd->dept >= 0 && scope_dept(rq, f, fd->dept));
}

int api_unit(struct http_req *rq, struct http_resp *rs, struct unit_view **out)
{
	const char *org = http_param(rq, "org");
	struct zerr e = {0};
	*out = NULL;
	if (!org)
		return http_error(rs, 404, "not_found", NULL, "no unit in the path"), 1;
	/* Another unit's data is refused before anything is loaded, whether it exists or not. */
	if (!scope_unit(rq, org))
		return http_error(rs, 403, "out_of_scope", NULL, "无权访问单位 %s / unit %s is outside your scope", org,
				  org),
		       1;
	if (view_acquire(rq->w, org, out, &e))
		return http_zerr(rs, &e), 1;
	return 0;
}

/* ---- paging, dates, search ----------------------------------------------------------------- */

static bool parse_size(const char *s, size_t max, size_t *out)
{
	char *end;
	if (!s || !*s || !isdigit((unsigned char)*s))
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || v == 0 || v > max)
		return false;
	*out = (size_t)v;
	return true;
}

int api_page(const struct http_req *rq, struct http_resp *rs, struct page *p)
{
	const char *page = http_query(rq, "page"), *per = http_query(rq, "per_page");
	p->page = 1;
	p->per_page = 20;
	if (page && !parse_size(page, 1000000, &p->page))
		return http_error(rs, 400, "bad_parameter", "page", "page must be a whole number from 1"), 1;
	if (per && !parse_size(per, 200, &p->per_page))
		return http_error(rs, 400, "bad_parameter", "per_page", "per_page must be from 1 to 200"), 1;
	return 0;
}

bool page_has(const struct page *p, size_t i)
{
	return i >= (p->page - 1) * p->per_page && i < p->page * p->per_page;
}

int api_paged(struct http_resp *rs, json_t *items, size_t total, const struct page *p)
{
	if (!items)
		return ZE_NOMEM;
	return http_json(rs, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
					    "page", (json_int_t)p->page, "per_page", (json_int_t)p->per_page));
}

int api_as_of(const struct http_req *rq, struct http_resp *rs, zdate *out)
{
	const char *s = http_query(rq, "as_of");
	*out = date_today();
	if (s && !date_parse(s, out))
		return http_error(rs, 400, "bad_parameter", "as_of", "as_of must be a date YYYY-MM-DD, not '%s'", s), 1;
	return 0;
}

int api_bool_query(const struct http_req *rq, struct http_resp *rs, const char *name, int *out)
{
	const char *v = http_query(rq, name);
	*out = -1;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return http_error(rs, 400, "bad_parameter", name, "%s must be true or false, not '%s'", name, v), 1;
	return 0;
}

bool api_body_agrees(struct http_resp *rs, json_t *body, const char *key, const char *value)
{
	json_t *j = json_object_get(body, key);
	if (!j || json_is_null(j) || (json_is_string(j) && strcmp(json_string_value(j), value) == 0))
		return true;
	http_error(rs, 422, "invalid", key, "$.%s: must be '%s' (as in the path) or left out", key, value);
	return false;
}

bool api_match(const char *text, const char *q)
{
	if (!q || !*q)
		return true;
	if (!text)
		return false;
	size_t n = strlen(q);
	for (const char *t = text; *t; t++)
		if (strncasecmp(t, q, n) == 0)
			return true;
	return false;
}

/* ---- writes -------------------------------------------------------------------------------- */

/* What the audit record of a request's change says: the handler's http_audit, read when the
 * outcome is known (the appointment hook sets its id only once the merge found it), and for a
 * refusal the status it is answered with, as the server records every refused request. */
static void describe_request(void *ctx, struct change *c, const struct zerr *refused)
{
	struct http_resp *rs = ctx;
	if (refused) {
		json_t *d = rs->audit_detail ? json_deep_copy(rs->audit_detail) : json_object();
		if (d && json_is_object(d))
			json_object_set_new(d, "status", json_integer(http_status_of(refused, NULL)));
		json_decref(rs->audit_detail);
		rs->audit_detail = d;
	}
	if (rs->audit_action)
		c->action = rs->audit_action;
	if (rs->audit_object)
		c->object = rs->audit_object;
	c->detail = rs->audit_detail;
}

int api_import(struct http_req *rq, struct http_resp *rs, const char *text, size_t len, json_t *doc,
	       struct import_opts *opts, struct import_stats *stats, struct zerr *e)
{
	/* Every write route needs a signed-in account (no public route writes). */
	assert(rq->who);
	struct change c = {.actor = rq->who->username, .source = rq->source, .unit = opts->only_org,
			   .action = "change", .object = rq->path, .describe = describe_request, .describe_ctx = rs};
	int rc = doc ? change_records(rq->w->store, &c, doc, "request", opts, stats, e)
		     : change_document(rq->w->store, &c, text, len, "request", opts, stats, e);
	/* Written with the change, or as its refusal: the server adds no second record. */
	rs->audited = !opts->dry_run;
	return rc;
}

int api_import_one(struct http_req *rq, struct http_resp *rs, const char *array, json_t *j)
{
	struct zerr e = {0};
	json_t *doc = j ? json_pack("{s:[o]}", array, j) : NULL;
	if (!doc)
		return ZE_NOMEM;
	struct import_opts opts = {.only_org = http_param(rq, "org"), .one_record = true};
	int rc = api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e);
	json_decref(doc);
	if (rc)
		http_zerr(rs, &e);
	return rc;
}
