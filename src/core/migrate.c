/* zeren migrate: a whole store copied into another through the store interface (migrate.h). */
#include "core/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/interchange.h"

const char *const migrate_part_names[MP_COUNT] = {
	[MP_UNITS] = "units", [MP_DEPTS] = "departments", [MP_PEOPLE] = "people", [MP_RECORDS] = "other records",
	[MP_SNAPSHOTS] = "incident chains", [MP_CALENDAR] = "calendar days", [MP_ACCOUNTS] = "accounts",
	[MP_ROLES] = "roles held", [MP_SESSIONS] = "sessions", [MP_REQUESTS] = "account requests",
	[MP_AUDIT] = "audit records", [MP_HISTORY] = "history versions", [MP_POLICY_VERSIONS] = "policy versions",
	[MP_SETTINGS] = "unit settings", [MP_CAMPAIGNS] = "campaigns", [MP_DOCUMENTS] = "documents",
	[MP_SIGNATURES] = "signatures", [MP_ROUNDS] = "evaluation rounds", [MP_CHANNELS] = "notify channels",
	[MP_PREFS] = "notify preferences", [MP_DELIVERIES] = "notifications", [MP_FED_KEYS] = "federation keys",
	[MP_REPORTED] = "reported units", [MP_DICTIONARY] = "dictionary entries", [MP_ANNOUNCEMENTS] = "announcements",
};

/* A notify preference row holds its strings in a buffer this large. */
#define PREF_BUF 4096

static int nomem(struct zerr *e) { return zerr_set(e, ZE_NOMEM, "out of memory"); }

static char *dup_or_null(const char *s, bool *failed)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*failed = true;
	return d;
}

/* ---- counting ------------------------------------------------------------------------------ */

struct counter {
	struct store *s;
	struct migrate_counts *c;
	struct zerr *e;
};

static int count_calendar(void *ctx, zdate d, bool work, const char *en, const char *zh)
{
	((struct counter *)ctx)->c->n[MP_CALENDAR]++;
	return 0;
}

static int count_account(void *ctx, const struct account_row *a)
{
	struct counter *k = ctx;
	k->c->n[MP_ACCOUNTS]++;
	if (*a->roles) {
		k->c->n[MP_ROLES]++;
		for (const char *p = a->roles; (p = strchr(p, ',')); p++)
			k->c->n[MP_ROLES]++;
	}
	return 0;
}

static int count_session(void *ctx, const struct session_row *r, const char *source)
{
	((struct counter *)ctx)->c->n[MP_SESSIONS]++;
	return 0;
}

static int count_request(void *ctx, const struct request_row *r)
{
	((struct counter *)ctx)->c->n[MP_REQUESTS]++;
	return 0;
}

static int count_audit(void *ctx, const struct audit_entry *a)
{
	((struct counter *)ctx)->c->n[MP_AUDIT]++;
	return 0;
}

/* FNV-1a over s and a separator (NULL differs from ""). */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return (h ^ (s ? 0x1f : 0x1e)) * 0x100000001b3ull;
}

static int count_history(void *ctx, const struct history_row *r)
{
	struct counter *k = ctx;
	char nums[48];
	snprintf(nums, sizeof nums, "%lld/%lld", (long long)r->seq, (long long)r->change);
	uint64_t h = fnv(fnv(fnv(fnv(fnv(fnv(0xcbf29ce484222325ull, nums), r->at), r->org), r->kind), r->key), r->record);
	k->c->n[MP_HISTORY]++;
	k->c->history += h; /* units are read one by one: a sum does not depend on their order */
	return 0;
}

static int count_version(void *ctx, const struct policy_version_row *r)
{
	((struct counter *)ctx)->c->n[MP_POLICY_VERSIONS]++;
	return 0;
}

static int count_setting(void *ctx, const char *org, const char *key, const char *value)
{
	((struct counter *)ctx)->c->n[MP_SETTINGS]++;
	return 0;
}

static int count_campaign(void *ctx, const struct campaign_row *r)
{
	((struct counter *)ctx)->c->n[MP_CAMPAIGNS]++;
	return 0;
}

static int count_signature(void *ctx, const struct signature_row *r)
{
	((struct counter *)ctx)->c->n[MP_SIGNATURES]++;
	return 0;
}

static int count_document(void *ctx, const struct document_row *r)
{
	struct counter *k = ctx;
	k->c->n[MP_DOCUMENTS]++;
	return store_signature_each(k->s, r->number, count_signature, k, k->e);
}

static int count_round(void *ctx, const struct round_row *r)
{
	((struct counter *)ctx)->c->n[MP_ROUNDS]++;
	return 0;
}

static int count_channel(void *ctx, const struct notify_channel_row *r)
{
	((struct counter *)ctx)->c->n[MP_CHANNELS]++;
	return 0;
}

static int count_delivery(void *ctx, const struct notify_row *r)
{
	((struct counter *)ctx)->c->n[MP_DELIVERIES]++;
	return 0;
}

static int count_key(void *ctx, const struct fed_key_row *r)
{
	((struct counter *)ctx)->c->n[MP_FED_KEYS]++;
	return 0;
}

static int count_reported(void *ctx, const struct reported_row *r)
{
	((struct counter *)ctx)->c->n[MP_REPORTED]++;
	return 0;
}

static int count_dict(void *ctx, const struct dict_row *r)
{
	((struct counter *)ctx)->c->n[MP_DICTIONARY]++;
	return 0;
}

static int count_announcement(void *ctx, const struct announce_row *r)
{
	((struct counter *)ctx)->c->n[MP_ANNOUNCEMENTS]++;
	return 0;
}

/* Whether a person's preferences row holds anything (the store reads a missing row as empty). */
static bool pref_set(const struct notify_pref_row *p)
{
	return *p->email || *p->muted || p->quiet_from != p->quiet_to;
}

/* The parts kept per unit, per person and per incident, for the facts f of store s. */
static int count_by_unit(struct counter *k, const struct facts *f)
{
	struct store *s = k->s;
	struct zerr *e = k->e;
	int rc = 0;
	char buf[PREF_BUF];
	for (size_t i = 0; i < f->orgs.n && !rc; i++) {
		const char *org = f->orgs.v[i].id;
		if (!(rc = store_history_each(s, org, NULL, NULL, count_history, k, e)) &&
		    !(rc = store_document_each(s, DOCUMENT_BY_ORG, org, count_document, k, e)) &&
		    !(rc = store_dict_each(s, org, NULL, count_dict, k, e)) &&
		    !(rc = store_announce_each(s, org, 0, count_announcement, k, e)))
			rc = store_notify_channel_each(s, org, count_channel, k, e);
	}
	for (size_t i = 0; i < f->people.n && !rc; i++) {
		struct notify_pref_row p;
		if (!(rc = store_notify_pref_get(s, f->people.v[i].id, &p, buf, sizeof buf, e)) && pref_set(&p))
			k->c->n[MP_PREFS]++;
	}
	for (size_t i = 0; i < f->incidents.n && !rc; i++) {
		char *json = NULL;
		if (!(rc = store_incident_snapshot(s, f->incidents.v[i].id, &json, e)) && json)
			k->c->n[MP_SNAPSHOTS]++;
		free(json);
	}
	return rc;
}

int migrate_count(struct store *s, struct migrate_counts *c, struct zerr *e)
{
	struct counter k = {s, c, e};
	struct facts f;
	int64_t total = 0;
	memset(c, 0, sizeof *c);
	facts_init(&f);
	int rc = store_load(s, &f, NULL, e);
	if (!rc) {
		c->n[MP_UNITS] = (int64_t)f.orgs.n;
		c->n[MP_DEPTS] = (int64_t)f.depts.n;
		c->n[MP_PEOPLE] = (int64_t)f.people.n;
		c->n[MP_RECORDS] = (int64_t)(f.bodies.n + f.leads.n + f.appts.n + f.systems.n + f.agreements.n +
					     f.incidents.n + f.notices.n + f.records.n + f.handovers.n +
					     f.vulnerabilities.n + f.plans.n + f.log_sources.n + f.trainings.n +
					     f.projects.n + f.rectifications.n + f.inspections.n);
		rc = count_by_unit(&k, &f);
	}
	if (!rc && !(rc = store_calendar_each(s, count_calendar, &k, e)) &&
	    !(rc = store_account_each(s, ACCOUNT_ALL, NULL, 0, count_account, &k, e)) &&
	    !(rc = store_session_each(s, count_session, &k, e)) &&
	    !(rc = store_request_each(s, 0, NULL, count_request, &k, e)) &&
	    !(rc = store_audit_each(s, 0, count_audit, &k, e)) &&
	    !(rc = store_policy_version_each(s, NULL, 0, NULL, count_version, &k, e)) &&
	    !(rc = store_unit_setting_each(s, count_setting, &k, e)) &&
	    !(rc = store_campaign_each(s, NULL, NULL, count_campaign, &k, e)) &&
	    !(rc = store_round_each(s, NULL, 0, 0, count_round, &k, e)) &&
	    !(rc = store_notify_query(s, &(struct notify_filter){0}, 0, 0, count_delivery, &k, &total, e)) &&
	    !(rc = store_fed_key_each(s, NULL, NULL, count_key, &k, e)))
		rc = store_reported_each(s, NULL, count_reported, &k, e);
	c->n[MP_DELIVERIES] = total;
	facts_release(&f);
	return rc;
}

/* ---- copying ------------------------------------------------------------------------------- */

struct copier {
	struct store *from, *to;
	struct zerr *e;
	/* accounts: the copy's id of each original id (ids are the store's; sessions and requests
	 * name them) */
	struct id_pair {
		int64_t from, to;
	} *ids;
	size_t nids, capids;
};

static int copy_calendar(void *ctx, zdate d, bool work, const char *en, const char *zh)
{
	struct copier *c = ctx;
	return store_calendar_put(c->to, d, work, en, zh, c->e);
}

static int copy_account(void *ctx, const struct account_row *a)
{
	struct copier *c = ctx;
	int64_t id;
	int rc = store_account_insert(c->to, a, &id, c->e);
	if (rc)
		return rc;
	if (c->nids == c->capids) {
		size_t cap = c->capids ? 2 * c->capids : 64;
		struct id_pair *v = realloc(c->ids, cap * sizeof *v);
		if (!v)
			return nomem(c->e);
		c->ids = v, c->capids = cap;
	}
	c->ids[c->nids++] = (struct id_pair){a->id, id};
	/* roles: "a,b,c" */
	const char *roles[16];
	char buf[512];
	size_t n = 0;
	if (strlen(a->roles) >= sizeof buf)
		return zerr_set(c->e, ZE_LIMIT, "account %s: too many roles", a->username);
	memcpy(buf, a->roles, strlen(a->roles) + 1);
	for (char *p = buf, *save = NULL, *t; (t = strtok_r(p, ",", &save)); p = NULL) {
		if (n == sizeof roles / sizeof *roles)
			return zerr_set(c->e, ZE_LIMIT, "account %s: too many roles", a->username);
		roles[n++] = t;
	}
	return n ? store_account_set_roles(c->to, id, roles, n, c->e) : 0;
}

static int account_id(struct copier *c, int64_t from, int64_t *to)
{
	for (size_t i = 0; i < c->nids; i++)
		if (c->ids[i].from == from) {
			*to = c->ids[i].to;
			return 0;
		}
	return zerr_set(c->e, ZE_CONFLICT, "account %lld is named but not stored", (long long)from);
}

static int copy_session(void *ctx, const struct session_row *r, const char *source)
{
	struct copier *c = ctx;
	struct session_row copy = *r;
	int rc = account_id(c, r->account, &copy.account);
	return rc ? rc : store_session_insert(c->to, &copy, source, c->e);
}

/* Rows read into memory first because they go in by id, in an order their listing does not give. */
struct held {
	void **v;
	size_t n, cap;
	bool failed;
};

struct holder {
	struct held h;
	struct zerr *e;
};

static int hold(struct held *h, void *row, struct zerr *e)
{
	if (!row || h->failed)
		return nomem(e);
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 256;
		void **v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return nomem(e);
		h->v = v, h->cap = cap;
	}
	h->v[h->n++] = row;
	return 0;
}

struct held_request {
	struct request_row r;
	char *s[9];
};


static int hold_request(void *ctx, const struct request_row *r)
{
	struct holder *rh = ctx;
	struct held_request *q = calloc(1, sizeof *q);
	if (!q)
		return nomem(rh->e);
	q->r = *r;
	const char *const *src[9] = {&r->kind, &r->username, &r->roles, &r->department, &r->password_hash,
				     &r->approver_part, &r->requested_by, &r->status, &r->decided_by};
	const char **dst[9] = {&q->r.kind, &q->r.username, &q->r.roles, &q->r.department, &q->r.password_hash,
			       &q->r.approver_part, &q->r.requested_by, &q->r.status, &q->r.decided_by};
	for (int i = 0; i < 9; i++)
		*dst[i] = q->s[i] = dup_or_null(*src[i], &rh->h.failed);
	return hold(&rh->h, q, rh->e);
}

static void free_request(void *p)
{
	struct held_request *q = p;
	for (int i = 0; q && i < 9; i++)
		free(q->s[i]);
	free(q);
}

/* Requests newest first from the store; written oldest first, so each keeps its id. */
static int copy_requests(struct copier *c)
{
	struct holder rh = {.e = c->e};
	int rc = store_request_each(c->from, 0, NULL, hold_request, &rh, c->e);
	for (size_t i = rh.h.n; i-- > 0 && !rc;) {
		struct held_request *q = rh.h.v[i];
		int64_t id;
		if ((rc = account_id(c, q->r.account, &q->r.account)) ||
		    (rc = store_request_insert(c->to, &q->r, &id, c->e)))
			break;
		if (id != q->r.id)
			rc = zerr_set(c->e, ZE_CONFLICT, "account request %lld was stored as %lld", (long long)q->r.id,
				      (long long)id);
		else if (strcmp(q->r.status, "pending"))
			rc = store_request_decide(c->to, id, q->r.status, q->r.decided_by, q->r.decided_at, c->e);
	}
	for (size_t i = 0; i < rh.h.n; i++)
		free_request(rh.h.v[i]);
	free(rh.h.v);
	return rc;
}

struct held_announcement {
	struct announce_row r;
	char *s[7];
};

static int hold_announcement(void *ctx, const struct announce_row *r)
{
	struct holder *ah = ctx;
	struct held_announcement *q = calloc(1, sizeof *q);
	if (!q)
		return nomem(ah->e);
	q->r = *r;
	const char *const *src[7] = {&r->org, &r->title, &r->body, &r->status, &r->publish_on, &r->expires_on, &r->author};
	const char **dst[7] = {&q->r.org, &q->r.title, &q->r.body, &q->r.status, &q->r.publish_on, &q->r.expires_on,
			       &q->r.author};
	for (int i = 0; i < 7; i++)
		*dst[i] = q->s[i] = dup_or_null(*src[i], &ah->h.failed);
	return hold(&ah->h, q, ah->e);
}

static int by_announcement_id(const void *a, const void *b)
{
	const struct held_announcement *x = *(void *const *)a, *y = *(void *const *)b;
	return x->r.id < y->r.id ? -1 : x->r.id > y->r.id;
}

/* Every unit's announcements, written oldest first so that each keeps its id (the bell's
 * messages name it). */
static int copy_announcements(struct copier *c, const struct facts *f)
{
	struct holder ah = {.e = c->e};
	int rc = 0;
	for (size_t i = 0; i < f->orgs.n && !rc; i++)
		rc = store_announce_each(c->from, f->orgs.v[i].id, 0, hold_announcement, &ah, c->e);
	if (!rc && ah.h.n) /* qsort wants an array, even of none */
		qsort(ah.h.v, ah.h.n, sizeof *ah.h.v, by_announcement_id);
	for (size_t i = 0; i < ah.h.n && !rc; i++) {
		struct held_announcement *q = ah.h.v[i];
		struct announce_row r = q->r;
		r.id = 0;
		if ((rc = store_announce_put(c->to, &r, c->e)))
			break;
		if (r.id != q->r.id)
			rc = zerr_set(c->e, ZE_CONFLICT, "announcement %lld was stored as %lld", (long long)q->r.id,
				      (long long)r.id);
	}
	for (size_t i = 0; i < ah.h.n; i++) {
		struct held_announcement *q = ah.h.v[i];
		for (int k = 0; k < 7; k++)
			free(q->s[k]);
		free(q);
	}
	free(ah.h.v);
	return rc;
}

static int copy_dict(void *ctx, const struct dict_row *r)
{
	struct copier *c = ctx;
	return store_dict_put(c->to, r, c->e);
}

static int copy_audit(void *ctx, const struct audit_entry *a)
{
	struct copier *c = ctx;
	return store_audit_insert(c->to, a, c->e);
}

struct held_version {
	struct history_row r;
	char *s[5];
};


static int hold_version(void *ctx, const struct history_row *r)
{
	struct holder *hh = ctx;
	struct held_version *v = calloc(1, sizeof *v);
	if (!v)
		return nomem(hh->e);
	v->r = *r;
	v->r.account = NULL;
	v->r.at = v->s[0] = dup_or_null(r->at, &hh->h.failed);
	v->r.org = v->s[1] = dup_or_null(r->org, &hh->h.failed);
	v->r.kind = v->s[2] = dup_or_null(r->kind, &hh->h.failed);
	v->r.key = v->s[3] = dup_or_null(r->key, &hh->h.failed);
	v->r.record = v->s[4] = dup_or_null(r->record, &hh->h.failed);
	return hold(&hh->h, v, hh->e);
}

static int by_seq(const void *a, const void *b)
{
	int64_t x = (*(struct held_version *const *)a)->r.seq, y = (*(struct held_version *const *)b)->r.seq;
	return (x > y) - (x < y);
}

/* The history of facts, every unit's versions merged in seq order; each change's versions are
 * written together and sealed with its audit record, so each keeps its seq, time and change. */
static int copy_history(struct copier *c, const struct facts *f)
{
	struct holder hh = {.e = c->e};
	int rc = 0;
	for (size_t i = 0; i < f->orgs.n && !rc; i++)
		rc = store_history_each(c->from, f->orgs.v[i].id, NULL, NULL, hold_version, &hh, c->e);
	if (!rc && hh.h.n) /* qsort wants a non-null array even when empty */
		qsort(hh.h.v, hh.h.n, sizeof *hh.h.v, by_seq);
	for (size_t i = 0; i < hh.h.n && !rc; i++) {
		const struct history_row *r = &((struct held_version *)hh.h.v[i])->r;
		rc = store_history_put(c->to, r->org, r->kind, r->key, r->at, r->record, true, c->e);
		bool last = i + 1 == hh.h.n || ((struct held_version *)hh.h.v[i + 1])->r.change != r->change;
		if (!rc && last)
			rc = store_history_seal(c->to, r->change, c->e);
	}
	for (size_t i = 0; i < hh.h.n; i++) {
		struct held_version *v = hh.h.v[i];
		for (int j = 0; j < 5; j++)
			free(v->s[j]);
		free(v);
	}
	free(hh.h.v);
	return rc;
}

static int copy_version(void *ctx, const struct policy_version_row *r)
{
	struct copier *c = ctx;
	int64_t version;
	int rc = store_policy_version_insert(c->to, r, &version, c->e);
	if (!rc && version != r->version)
		rc = zerr_set(c->e, ZE_CONFLICT, "policy version %lld of unit %s was stored as %lld", (long long)r->version,
			      r->org, (long long)version);
	if (!rc && strcmp(r->status, "draft"))
		rc = store_policy_version_decide(c->to, r, c->e);
	return rc;
}

static int copy_setting(void *ctx, const char *org, const char *key, const char *value)
{
	struct copier *c = ctx;
	return store_unit_setting_put(c->to, org, key, value, c->e);
}

static int copy_campaign(void *ctx, const struct campaign_row *r)
{
	struct copier *c = ctx;
	int rc = store_campaign_insert(c->to, r, c->e);
	if (!rc && r->closed_at)
		rc = store_campaign_close(c->to, r->id, r->closed_at, c->e);
	return rc;
}

static int copy_signature(void *ctx, const struct signature_row *r)
{
	struct copier *c = ctx;
	return store_signature_insert(c->to, r, c->e);
}

static int copy_document(void *ctx, const struct document_row *r)
{
	struct copier *c = ctx;
	int rc = store_document_put(c->to, r, c->e);
	return rc ? rc : store_signature_each(c->from, r->number, copy_signature, c, c->e);
}

struct held_round {
	struct round_row r;
	char *s[4];
};

static int hold_round(void *ctx, const struct round_row *r)
{
	struct holder *hh = ctx;
	struct held_round *q = calloc(1, sizeof *q);
	if (!q)
		return nomem(hh->e);
	q->r = *r;
	q->r.org = q->s[0] = dup_or_null(r->org, &hh->h.failed);
	q->r.state = q->s[1] = dup_or_null(r->state, &hh->h.failed);
	q->r.doc = q->s[2] = dup_or_null(r->doc, &hh->h.failed);
	q->r.updated_at = q->s[3] = dup_or_null(r->updated_at, &hh->h.failed);
	return hold(&hh->h, q, hh->e);
}

static int by_round_id(const void *a, const void *b)
{
	int64_t x = (*(struct held_round *const *)a)->r.id, y = (*(struct held_round *const *)b)->r.id;
	return (x > y) - (x < y);
}

/* Rounds are listed by unit and year, and go in by id so each keeps its own. */
static int copy_rounds(struct copier *c)
{
	struct holder hh = {.e = c->e};
	int rc = store_round_each(c->from, NULL, 0, 0, hold_round, &hh, c->e);
	if (!rc && hh.h.n) /* qsort wants a non-null array even when empty */
		qsort(hh.h.v, hh.h.n, sizeof *hh.h.v, by_round_id);
	for (size_t i = 0; i < hh.h.n && !rc; i++) {
		struct held_round *q = hh.h.v[i];
		struct round_row r = q->r;
		r.id = 0;
		if (!(rc = store_round_put(c->to, &r, c->e)) && r.id != q->r.id)
			rc = zerr_set(c->e, ZE_CONFLICT, "evaluation round %lld was stored as %lld", (long long)q->r.id,
				      (long long)r.id);
	}
	for (size_t i = 0; i < hh.h.n; i++) {
		struct held_round *q = hh.h.v[i];
		for (int j = 0; j < 4; j++)
			free(q->s[j]);
		free(q);
	}
	free(hh.h.v);
	return rc;
}

static int copy_channel(void *ctx, const struct notify_channel_row *r)
{
	struct copier *c = ctx;
	return store_notify_channel_put(c->to, r, c->e);
}

static int copy_delivery(void *ctx, const struct notify_row *r)
{
	struct copier *c = ctx;
	return store_notify_insert(c->to, r, c->e);
}

static int copy_key(void *ctx, const struct fed_key_row *r)
{
	struct copier *c = ctx;
	return store_fed_key_put(c->to, r, c->e);
}

static int copy_reported(void *ctx, const struct reported_row *r)
{
	struct copier *c = ctx;
	return store_reported_put(c->to, r, c->e);
}

/* Every unit's records, in the importer's order, and the incidents' recorded chains. */
static int copy_facts(struct copier *c, const struct facts *f)
{
	int rc = 0;
#define PUT(n, put)                                      \
	for (size_t i = 0; i < (n) && !rc; i++)          \
		rc = put(c->to, f, (zidx)i, c->e);
	PUT(f->orgs.n, store_put_org)
	PUT(f->depts.n, store_put_dept)
	PUT(f->people.n, store_put_person)
	PUT(f->bodies.n, store_put_body)
	PUT(f->projects.n, store_put_project)
	PUT(f->systems.n, store_put_system)
	PUT(f->appts.n, store_put_appt)
	PUT(f->agreements.n, store_put_agreement)
	PUT(f->incidents.n, store_put_incident)
	PUT(f->notices.n, store_put_notice)
	PUT(f->records.n, store_put_record)
	PUT(f->handovers.n, store_put_handover)
	PUT(f->vulnerabilities.n, store_put_vulnerability)
	PUT(f->plans.n, store_put_plan)
	PUT(f->log_sources.n, store_put_log_source)
	PUT(f->trainings.n, store_put_training)
	PUT(f->rectifications.n, store_put_rectification)
	PUT(f->inspections.n, store_put_inspection)
	PUT(f->leads.n, store_put_lead)
#undef PUT
	for (size_t i = 0; i < f->incidents.n && !rc; i++) {
		char *json = NULL;
		if (!(rc = store_incident_snapshot(c->from, f->incidents.v[i].id, &json, c->e)) && json)
			rc = store_set_incident_snapshot(c->to, f->incidents.v[i].id, json, c->e);
		free(json);
	}
	return rc;
}

/* The parts kept per unit and per person. */
static int copy_by_unit(struct copier *c, const struct facts *f)
{
	int rc = 0;
	char buf[PREF_BUF];
	for (size_t i = 0; i < f->orgs.n && !rc; i++) {
		const char *org = f->orgs.v[i].id;
		if (!(rc = store_document_each(c->from, DOCUMENT_BY_ORG, org, copy_document, c, c->e)) &&
		    !(rc = store_dict_each(c->from, org, NULL, copy_dict, c, c->e)))
			rc = store_notify_channel_each(c->from, org, copy_channel, c, c->e);
	}
	for (size_t i = 0; i < f->people.n && !rc; i++) {
		struct notify_pref_row p;
		if (!(rc = store_notify_pref_get(c->from, f->people.v[i].id, &p, buf, sizeof buf, c->e)) && pref_set(&p))
			rc = store_notify_pref_put(c->to, &p, c->e);
	}
	return rc;
}

static int any_org(void *ctx, const char *id, const char *name, const char *kind, const char *policy)
{
	*(bool *)ctx = true;
	return 0;
}

static int any_account(void *ctx, const struct account_row *a)
{
	*(bool *)ctx = true;
	return 0;
}

static int any_version(void *ctx, const struct policy_version_row *r)
{
	*(bool *)ctx = true;
	return 0;
}

/* ZE_CONFLICT unless to holds no unit, account, policy version or audit record. */
static int check_empty(struct store *to, struct zerr *e)
{
	bool org = false, account = false, version = false;
	int64_t seq, before;
	char hash[AUDIT_HASH_HEX + 1];
	int rc;
	if ((rc = store_org_each(to, any_org, &org, e)) ||
	    (rc = store_account_each(to, ACCOUNT_ALL, NULL, 0, any_account, &account, e)) ||
	    (rc = store_policy_version_each(to, NULL, 0, NULL, any_version, &version, e)) ||
	    (rc = store_audit_last(to, &seq, hash, e)) || (rc = store_audit_anchor(to, &before, hash, e)))
		return rc;
	if (org || account || version || seq || before)
		return zerr_set(e, ZE_CONFLICT, "the destination is not empty (it holds %s): migrate only into a new store",
				org ? "units" : account ? "accounts" : version ? "policy versions" : "audit records");
	return 0;
}

int migrate_copy(struct store *from, struct store *to, struct zerr *e)
{
	struct copier c = {.from = from, .to = to, .e = e};
	struct facts f;
	int64_t before;
	char anchor[AUDIT_HASH_HEX + 1];
	int rc;
	if (store_schema_version(from) != store_schema_version(to))
		return zerr_set(e, ZE_CONFLICT,
				"the source's schema is version %d, the destination's %d: open the source with this zeren "
				"once (any command) to bring it up to date",
				store_schema_version(from), store_schema_version(to));
	if ((rc = check_empty(to, e)))
		return rc;
	facts_init(&f);
	if ((rc = store_load(from, &f, NULL, e)) || (rc = facts_index(&f) ? nomem(e) : 0)) {
		facts_release(&f);
		return rc;
	}
	if ((rc = store_begin_bulk(to, e))) {
		facts_release(&f);
		return rc;
	}
	/* ids start where an earlier copy that failed may have left them (PostgreSQL's sequences) */
	if (!(rc = store_ids_follow(to, e)) && !(rc = copy_facts(&c, &f)) &&
	    !(rc = store_calendar_each(from, copy_calendar, &c, e)) &&
	    !(rc = store_account_each(from, ACCOUNT_ALL, NULL, 0, copy_account, &c, e)) &&
	    !(rc = store_session_each(from, copy_session, &c, e)) && !(rc = copy_requests(&c)) &&
	    !(rc = store_audit_anchor(from, &before, anchor, e)) &&
	    !(rc = before ? store_audit_anchor_put(to, before, anchor, e) : 0) &&
	    !(rc = store_audit_each(from, 0, copy_audit, &c, e)) && !(rc = copy_history(&c, &f)) &&
	    !(rc = store_policy_version_each(from, NULL, 0, NULL, copy_version, &c, e)) &&
	    !(rc = store_unit_setting_each(from, copy_setting, &c, e)) &&
	    !(rc = store_campaign_each(from, NULL, NULL, copy_campaign, &c, e)) && !(rc = copy_by_unit(&c, &f)) &&
	    !(rc = copy_announcements(&c, &f)) &&
	    !(rc = copy_rounds(&c)) &&
	    !(rc = store_notify_query(from, &(struct notify_filter){0}, 0, -1, copy_delivery, &c, NULL, e)) &&
	    !(rc = store_fed_key_each(from, NULL, NULL, copy_key, &c, e)) &&
	    !(rc = store_reported_each(from, NULL, copy_reported, &c, e)))
		rc = store_commit(to, e);
	if (rc) {
		store_rollback(to);
		zerr_prefix(e, "nothing was copied");
	}
	free(c.ids);
	facts_release(&f);
	return rc;
}

/* ---- verifying ----------------------------------------------------------------------------- */

/* The zeren/v1 export of every unit of s, malloc'ed into *text. */
static int export_all(struct store *s, char **text, size_t *len, struct zerr *e)
{
	struct facts f;
	FILE *out = NULL;
	int rc;
	*text = NULL;
	facts_init(&f);
	if (!(rc = store_load(s, &f, NULL, e)) && !(rc = facts_index(&f) ? nomem(e) : 0)) {
		if (!(out = open_memstream(text, len)))
			rc = nomem(e);
		else
			rc = export_document_store(s, &f, NULL, out, e);
		if (out && fclose(out) && !rc)
			rc = nomem(e);
	}
	facts_release(&f);
	return rc;
}

int migrate_verify(struct store *from, struct store *to, struct migrate_counts *a, struct migrate_counts *b,
		   struct zerr *e)
{
	char *x = NULL, *y = NULL, hx[AUDIT_HASH_HEX + 1], hy[AUDIT_HASH_HEX + 1];
	size_t nx = 0, ny = 0;
	int64_t sx, sy, checked, broken;
	int rc;
	if ((rc = export_all(from, &x, &nx, e)) || (rc = export_all(to, &y, &ny, e)))
		goto out;
	if (nx != ny || memcmp(x, y, nx)) {
		size_t i = 0;
		while (i < nx && i < ny && x[i] == y[i])
			i++;
		rc = zerr_set(e, ZE_CONFLICT, "the zeren/v1 exports differ from byte %zu on", i);
		goto out;
	}
	if ((rc = audit_verify(to, &checked, &broken, e)))
		goto out;
	if ((rc = store_audit_last(from, &sx, hx, e)) || (rc = store_audit_last(to, &sy, hy, e)))
		goto out;
	if (sx != sy || strcmp(hx, hy)) {
		rc = zerr_set(e, ZE_CONFLICT, "the audit log of the copy ends at record %lld, the original's at %lld",
			      (long long)sy, (long long)sx);
		goto out;
	}
	if ((rc = migrate_count(from, a, e)) || (rc = migrate_count(to, b, e)))
		goto out;
	for (int i = 0; i < MP_COUNT; i++)
		if (a->n[i] != b->n[i]) {
			rc = zerr_set(e, ZE_CONFLICT, "%s: the original holds %lld, the copy %lld", migrate_part_names[i],
				      (long long)a->n[i], (long long)b->n[i]);
			break;
		}
	if (!rc && a->history != b->history)
		rc = zerr_set(e, ZE_CONFLICT, "the history of facts differs (a version's number, time or change)");
out:
	free(x);
	free(y);
	return rc;
}
