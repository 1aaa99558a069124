/* zeren migrate: a whole store copied into another through the store interface (migrate.h). */
#include "core/migrate.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/interchange.h"
#include "util/strlist.h"

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


/* ---- counting ------------------------------------------------------------------------------ */

struct counter {
	struct store *s;
	struct migrate_counts *c;
	struct zerr *e;
};

/* count_<name>: one row of a part counted (the store's callbacks differ only in the row type). */
#define COUNT_ROWS(name, part, ...)                          \
	static int count_##name(void *ctx, __VA_ARGS__)      \
	{                                                    \
		((struct counter *)ctx)->c->n[part]++;       \
		return 0;                                    \
	}
COUNT_ROWS(calendar, MP_CALENDAR, zdate d, bool work, const char *en, const char *zh)
COUNT_ROWS(session, MP_SESSIONS, const struct session_row *r, const char *source)
COUNT_ROWS(request, MP_REQUESTS, const struct request_row *r)
COUNT_ROWS(audit, MP_AUDIT, const struct audit_entry *a)
COUNT_ROWS(version, MP_POLICY_VERSIONS, const struct policy_version_row *r)
COUNT_ROWS(setting, MP_SETTINGS, const char *org, const char *key, const char *value)
COUNT_ROWS(campaign, MP_CAMPAIGNS, const struct campaign_row *r)
COUNT_ROWS(signature, MP_SIGNATURES, const struct signature_row *r)
COUNT_ROWS(round, MP_ROUNDS, const struct round_row *r)
COUNT_ROWS(channel, MP_CHANNELS, const struct notify_channel_row *r)
COUNT_ROWS(delivery, MP_DELIVERIES, const struct notify_row *r)
COUNT_ROWS(key, MP_FED_KEYS, const struct fed_key_row *r)
COUNT_ROWS(reported, MP_REPORTED, const struct reported_row *r)
COUNT_ROWS(dict, MP_DICTIONARY, const struct dict_row *r)
COUNT_ROWS(announcement, MP_ANNOUNCEMENTS, const struct announce_row *r)
#undef COUNT_ROWS

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

static int count_document(void *ctx, const struct document_row *r)
{
	struct counter *k = ctx;
	k->c->n[MP_DOCUMENTS]++;
	return store_signature_each(k->s, r->number, count_signature, k, k->e);
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

/* Rows read into memory first because they go in by id, in an order their listing does not give:
 * each a copy of the store's row whose strings are its own. A kind names the row's size and its
 * string members. */
struct held_kind {
	size_t size, nstr;
	size_t str[9]; /* offsetof each string member */
};

static const struct held_kind held_request = {
	sizeof(struct request_row), 9,
	{offsetof(struct request_row, kind), offsetof(struct request_row, username), offsetof(struct request_row, roles),
	 offsetof(struct request_row, department), offsetof(struct request_row, password_hash),
	 offsetof(struct request_row, approver_part), offsetof(struct request_row, requested_by),
	 offsetof(struct request_row, status), offsetof(struct request_row, decided_by)}};
static const struct held_kind held_announcement = {
	sizeof(struct announce_row), 7,
	{offsetof(struct announce_row, org), offsetof(struct announce_row, title), offsetof(struct announce_row, body),
	 offsetof(struct announce_row, status), offsetof(struct announce_row, publish_on),
	 offsetof(struct announce_row, expires_on), offsetof(struct announce_row, author)}};
static const struct held_kind held_version = {
	sizeof(struct history_row), 6,
	{offsetof(struct history_row, at), offsetof(struct history_row, org), offsetof(struct history_row, kind),
	 offsetof(struct history_row, key), offsetof(struct history_row, record), offsetof(struct history_row, account)}};
static const struct held_kind held_round = {
	sizeof(struct round_row), 4,
	{offsetof(struct round_row, org), offsetof(struct round_row, state), offsetof(struct round_row, doc),
	 offsetof(struct round_row, updated_at)}};
/* by_order sorts held rows by the int64_t each begins with: its id or seq */
_Static_assert(offsetof(struct announce_row, id) == 0 && offsetof(struct history_row, seq) == 0 &&
		       offsetof(struct round_row, id) == 0,
	       "held rows are ordered by their first member");

struct holder {
	const struct held_kind *k;
	void **v;
	size_t n, cap;
	struct zerr *e;
};

static void held_free(const struct held_kind *k, void *row)
{
	for (size_t i = 0; row && i < k->nstr; i++)
		free((void *)*(const char **)((char *)row + k->str[i]));
	free(row);
}

static void holder_release(struct holder *h)
{
	for (size_t i = 0; i < h->n; i++)
		held_free(h->k, h->v[i]);
	free(h->v);
}

/* A copy of row with its own strings; on failure nothing is held. */
static int hold(struct holder *h, const void *row)
{
	char *q = calloc(1, h->k->size);
	bool failed = !q;
	if (q) {
		memcpy(q, row, h->k->size);
		for (size_t i = 0; i < h->k->nstr; i++) {
			const char **m = (const char **)(q + h->k->str[i]);
			*m = dup_or_null(*m, &failed);
		}
	}
	if (!failed && h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 256;
		void **v = realloc(h->v, cap * sizeof *v);
		if (v)
			h->v = v, h->cap = cap;
		failed = !v;
	}
	if (failed) {
		held_free(h->k, q);
		return nomem(h->e);
	}
	h->v[h->n++] = q;
	return 0;
}

static int hold_request(void *ctx, const struct request_row *r) { return hold(ctx, r); }
static int hold_announcement(void *ctx, const struct announce_row *r) { return hold(ctx, r); }
static int hold_version(void *ctx, const struct history_row *r) { return hold(ctx, r); }
static int hold_round(void *ctx, const struct round_row *r) { return hold(ctx, r); }

/* A held row's id or seq (its first member). */
static int64_t *held_order(void *row) { return row; }

static int by_order(const void *a, const void *b)
{
	int64_t x = *held_order(*(void *const *)a), y = *held_order(*(void *const *)b);
	return (x > y) - (x < y);
}

static void holder_sort(struct holder *h)
{
	if (h->n) /* qsort wants a non-null array even when empty */
		qsort(h->v, h->n, sizeof *h->v, by_order);
}

/* Unless rc, writes the held rows in id order with id 0 (the store numbers them): each must get its
 * old id back. Releases the rows. */
static int put_renumbered(struct copier *c, struct holder *h, int rc,
			  int (*put)(struct store *, void *, struct zerr *), const char *what)
{
	holder_sort(h);
	for (size_t i = 0; i < h->n && !rc; i++) {
		int64_t *id = held_order(h->v[i]), was = *id;
		*id = 0;
		if (!(rc = put(c->to, h->v[i], c->e)) && *id != was)
			rc = zerr_set(c->e, ZE_CONFLICT, "%s %lld was stored as %lld", what, (long long)was, (long long)*id);
	}
	holder_release(h);
	return rc;
}

static int put_announcement(struct store *s, void *r, struct zerr *e) { return store_announce_put(s, r, e); }
static int put_round(struct store *s, void *r, struct zerr *e) { return store_round_put(s, r, e); }

/* copy_<name>: one row written as it was read. */
#define COPY_ROWS(name, type, put)                               \
	static int copy_##name(void *ctx, const struct type *r) \
	{                                                        \
		struct copier *c = ctx;                          \
		return put(c->to, r, c->e);                      \
	}
COPY_ROWS(dict, dict_row, store_dict_put)
COPY_ROWS(audit, audit_entry, store_audit_insert)
COPY_ROWS(signature, signature_row, store_signature_insert)
COPY_ROWS(channel, notify_channel_row, store_notify_channel_put)
COPY_ROWS(delivery, notify_row, store_notify_insert)
COPY_ROWS(key, fed_key_row, store_fed_key_put)
COPY_ROWS(reported, reported_row, store_reported_put)
#undef COPY_ROWS

/* Requests newest first from the store; written oldest first, so each keeps its id. */
static int copy_requests(struct copier *c)
{
	struct holder rh = {.k = &held_request, .e = c->e};
	int rc = store_request_each(c->from, 0, NULL, hold_request, &rh, c->e);
	for (size_t i = rh.n; i-- > 0 && !rc;) {
		struct request_row *q = rh.v[i];
		int64_t id;
		if ((rc = account_id(c, q->account, &q->account)) || (rc = store_request_insert(c->to, q, &id, c->e)))
			break;
		if (id != q->id)
			rc = zerr_set(c->e, ZE_CONFLICT, "account request %lld was stored as %lld", (long long)q->id,
				      (long long)id);
		else if (strcmp(q->status, "pending"))
			rc = store_request_decide(c->to, id, q->status, q->decided_by, q->decided_at, c->e);
	}
	holder_release(&rh);
	return rc;
}

/* Every unit's announcements, written oldest first so that each keeps its id (the bell's
 * messages name it). */
static int copy_announcements(struct copier *c, const struct facts *f)
{
	struct holder ah = {.k = &held_announcement, .e = c->e};
	int rc = 0;
	for (size_t i = 0; i < f->orgs.n && !rc; i++)
		rc = store_announce_each(c->from, f->orgs.v[i].id, 0, hold_announcement, &ah, c->e);
	return put_renumbered(c, &ah, rc, put_announcement, "announcement");
}

/* The history of facts, every unit's versions merged in seq order; each change's versions are
 * written together and sealed with its audit record, so each keeps its seq, time and change. */
static int copy_history(struct copier *c, const struct facts *f)
{
	struct holder hh = {.k = &held_version, .e = c->e};
	int rc = 0;
	for (size_t i = 0; i < f->orgs.n && !rc; i++)
		rc = store_history_each(c->from, f->orgs.v[i].id, NULL, NULL, hold_version, &hh, c->e);
	holder_sort(&hh);
	for (size_t i = 0; i < hh.n && !rc; i++) {
		const struct history_row *r = hh.v[i];
		rc = store_history_put(c->to, r->org, r->kind, r->key, r->at, r->record, true, c->e);
		bool last = i + 1 == hh.n || ((const struct history_row *)hh.v[i + 1])->change != r->change;
		if (!rc && last)
			rc = store_history_seal(c->to, r->change, c->e);
	}
	holder_release(&hh);
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

static int copy_document(void *ctx, const struct document_row *r)
{
	struct copier *c = ctx;
	int rc = store_document_put(c->to, r, c->e);
	return rc ? rc : store_signature_each(c->from, r->number, copy_signature, c, c->e);
}

/* Rounds are listed by unit and year, and go in by id so each keeps its own. */
static int copy_rounds(struct copier *c)
{
	struct holder hh = {.k = &held_round, .e = c->e};
	int rc = store_round_each(c->from, NULL, 0, 0, hold_round, &hh, c->e);
	return put_renumbered(c, &hh, rc, put_round, "evaluation round");
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
