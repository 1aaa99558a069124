#include "store/backend.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/strbuf.h"

const char *store_database_url(void)
{
	const char *url = getenv("ZEREN_DB");
	return url && *url ? url : NULL;
}

int store_open_url(const char *url, const char *dir, bool readonly, struct store **out, struct zerr *e)
{
	return postgres_store_open(url, dir, readonly, out, e);
}

int store_open(const char *dir, struct store **out, struct zerr *e)
{
	const char *url = store_database_url();
	return url ? postgres_store_open(url, dir, false, out, e) : sqlite_store_open(dir, out, e);
}

int store_open_readonly(const char *dir, struct store **out, struct zerr *e)
{
	const char *url = store_database_url();
	return url ? postgres_store_open(url, dir, true, out, e) : sqlite_store_open_ro(dir, out, e);
}

int store_backup(struct store *s, const char *dest_dir, struct zerr *e)
{
	return s->ops->backup(s, dest_dir, e);
}

int store_check(struct store *s, struct zerr *e)
{
	return s->ops->check(s, e);
}

int store_integrity(struct store *s, struct zerr *e)
{
	return s->ops->integrity ? s->ops->integrity(s, e) : 0;
}

void store_interrupt(struct store *s)
{
	if (s->ops->interrupt)
		s->ops->interrupt(s);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

int store_begin(struct store *s, struct zerr *e) { return s->ops->begin(s, false, e); }
int store_begin_bulk(struct store *s, struct zerr *e) { return s->ops->begin(s, true, e); }
int store_commit(struct store *s, struct zerr *e) { return s->ops->commit(s, e); }
void store_rollback(struct store *s) { s->ops->rollback(s); }

void store_defer_durability(struct store *s)
{
	if (s->ops->defer_durability)
		s->ops->defer_durability(s);
}

uint64_t store_durable_later(struct store *s)
{
	return s->ops->durable_later ? s->ops->durable_later(s) : 0;
}

int store_durable_wait(struct store *s, uint64_t t, struct zerr *e)
{
	return t && s->ops->durable_wait ? s->ops->durable_wait(s, t, e) : 0;
}

int store_durable(struct store *s, struct zerr *e)
{
	return store_durable_wait(s, store_durable_later(s), e);
}

/* Every record f holds, of every kind. */
static uint64_t facts_rows(const struct facts *f)
{
	return f->orgs.n + f->depts.n + f->people.n + f->bodies.n + f->leads.n + f->appts.n + f->systems.n +
	       f->agreements.n + f->incidents.n + f->notices.n + f->notice_systems.n + f->records.n + f->evidence.n +
	       f->handovers.n + f->vulnerabilities.n + f->plans.n + f->plan_drills.n + f->log_sources.n +
	       f->trainings.n + f->training_attendees.n + f->projects.n + f->plan_reviews.n + f->rectifications.n +
	       f->rect_evidence.n + f->inspections.n + f->inspection_items.n + f->notice_reports.n +
	       f->incident_reports.n + f->dept_versions.n + f->system_versions.n + f->assessments.n;
}

int store_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	int rc = s->ops->load(s, f, org_id, e);
	s->rows_read += facts_rows(f);
	return rc;
}

int store_load_unit(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	int rc = s->ops->load_unit ? s->ops->load_unit(s, f, org_id, e) : s->ops->load(s, f, org_id, e);
	s->rows_read += facts_rows(f);
	return rc;
}

int store_load_org(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	uint64_t before = f->orgs.n;
	int rc = s->ops->load_org ? s->ops->load_org(s, f, org_id, e)
				  : zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
	s->rows_read += f->orgs.n - before;
	return rc;
}

uint64_t store_rows_read(const struct store *s)
{
	return s->rows_read;
}

const char *store_load_note(const struct store *s)
{
	return s->note;
}
int store_schema_version(struct store *s) { return s->ops->schema_version(s); }
int store_id_unit(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e)
{
	return s->ops->id_unit(s, kind, id, org, e);
}

int store_org_each(struct store *s, org_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->org_each(s, fn, ctx, e);
}

int store_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->calendar_each(s, fn, ctx, e);
}
int store_calendar_put(struct store *s, zdate d, bool work, const char *en, const char *zh, struct zerr *e)
{
	return s->ops->calendar_put(s, d, work, en, zh, e);
}

int store_audit_last(struct store *s, int64_t *seq, char hash[65], struct zerr *e)
{
	return s->ops->audit_last(s, seq, hash, e);
}
int store_audit_insert(struct store *s, const struct audit_entry *a, struct zerr *e)
{
	return s->ops->audit_insert(s, a, e);
}
int store_audit_each(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->audit_each(s, from_seq, fn, ctx, e);
}
int store_audit_anchor(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e)
{
	return s->ops->audit_anchor(s, before_seq, anchor, e);
}
int store_audit_purge(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e)
{
	return s->ops->audit_purge(s, before_seq, purged, e);
}

int store_generation(struct store *s, int64_t *gen, struct zerr *e) { return s->ops->generation(s, gen, e); }
int store_auth_generation(struct store *s, int64_t *gen, struct zerr *e) { return s->ops->auth_generation(s, gen, e); }
int store_calendar_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return s->ops->calendar_generation(s, gen, e);
}
int store_audit_query(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
		      audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	return s->ops->audit_query(s, f, offset, limit, fn, ctx, total, e);
}
int store_account_each(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
		       void *ctx, struct zerr *e)
{
	return s->ops->account_each(s, key, text, id, fn, ctx, e);
}
int store_account_insert(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e)
{
	return s->ops->account_insert(s, a, id, e);
}
int store_account_update(struct store *s, const struct account_row *a, struct zerr *e)
{
	return s->ops->account_update(s, a, e);
}
int store_account_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e)
{
	return s->ops->account_set_roles(s, id, roles, n, e);
}
int store_person_brief(struct store *s, const char *id, char **name, char **org, struct zerr *e)
{
	return s->ops->person_brief(s, id, name, org, e);
}
int store_dept_org(struct store *s, const char *id, char **org, struct zerr *e)
{
	return s->ops->dept_org(s, id, org, e);
}
int store_session_insert(struct store *s, const struct session_row *r, const char *source, struct zerr *e)
{
	return s->ops->session_insert(s, r, source, e);
}
int store_session_get(struct store *s, const char *hash, struct session_row *out, struct zerr *e)
{
	return s->ops->session_get(s, hash, out, e);
}
int store_session_touch(struct store *s, const char *hash, int64_t now, struct zerr *e)
{
	return s->ops->session_touch(s, hash, now, e);
}
int store_session_delete(struct store *s, const char *hash, struct zerr *e)
{
	return s->ops->session_delete(s, hash, e);
}
int store_session_delete_account(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e)
{
	return s->ops->session_delete_account(s, account, keep, n, e);
}
int store_session_purge(struct store *s, int64_t idle_before, int64_t created_before, struct zerr *e)
{
	return s->ops->session_purge(s, idle_before, created_before, e);
}

#define PUT(kind) \
	int store_put_##kind(struct store *s, const struct facts *f, zidx i, struct zerr *e) \
	{ return s->ops->put_##kind(s, f, i, e); }
PUT(org)
PUT(dept)
PUT(person)
PUT(body)
PUT(lead)
PUT(appt)
PUT(system)
PUT(agreement)
PUT(incident)
PUT(record)
PUT(notice)
PUT(handover)
PUT(vulnerability)
PUT(plan)
PUT(log_source)
PUT(training)
PUT(project)
PUT(rectification)
PUT(inspection)
#undef PUT

int store_incident_snapshot(struct store *s, const char *id, char **json, struct zerr *e)
{
	return s->ops->incident_snapshot(s, id, json, e);
}
int store_set_incident_snapshot(struct store *s, const char *id, const char *json, struct zerr *e)
{
	return s->ops->set_incident_snapshot(s, id, json, e);
}

void appt_natural_key(const struct facts *f, const struct appt *a, struct strbuf *out)
{
	char from[ZDATE_BUFSZ];
	sb_reset(out);
	sb_adds(out, f->people.v[a->person].id);
	sb_addc(out, '\x1f');
	if (a->body >= 0)
		sb_addf(out, "body:%s:%s", f->bodies.v[a->body].id, seat_id(a->seat));
	else
		sb_addf(out, "post:%s", post_id(a->post));
	sb_addc(out, '\x1f');
	sb_adds(out, f->orgs.v[a->org].id);
	sb_addc(out, '\x1f');
	if (a->dept >= 0)
		sb_adds(out, f->depts.v[a->dept].id);
	sb_addc(out, '\x1f');
	if (a->system >= 0)
		sb_adds(out, f->systems.v[a->system].id);
	sb_addc(out, '\x1f');
	sb_adds(out, date_format(a->from, from));
}

void record_natural_key(const struct facts *f, const struct obligation_record *r, struct strbuf *out)
{
	sb_reset(out);
	sb_adds(out, f->orgs.v[r->org].id);
	sb_addc(out, '\x1f');
	sb_adds(out, r->obligation);
	sb_addc(out, '\x1f');
	sb_adds(out, r->period);
	sb_addc(out, '\x1f');
	if (r->dept >= 0)
		sb_adds(out, f->depts.v[r->dept].id);
}

int store_request_insert(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e)
{
	return s->ops->request_insert(s, r, id, e);
}

int store_request_each(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->request_each(s, id, status, fn, ctx, e);
}

int store_request_decide(struct store *s, int64_t id, const char *status, const char *by, int64_t at, struct zerr *e)
{
	return s->ops->request_decide(s, id, status, by, at, e);
}

int store_throttle_get(struct store *s, const char *username, const char *source, struct throttle_row *out,
		       struct zerr *e)
{
	return s->ops->throttle_get(s, username, source, out, e);
}

int store_throttle_put(struct store *s, const char *username, const char *source, const struct throttle_row *r,
		       struct zerr *e)
{
	return s->ops->throttle_put(s, username, source, r, e);
}

int store_throttle_clear(struct store *s, const char *username, int64_t before, struct zerr *e)
{
	return s->ops->throttle_clear(s, username, before, e);
}

int store_round_each(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
		     struct zerr *e)
{
	return s->ops->round_each(s, org, year, id, fn, ctx, e);
}

int store_round_put(struct store *s, struct round_row *r, struct zerr *e)
{
	return s->ops->round_put(s, r, e);
}

int store_policy_version_insert(struct store *s, const struct policy_version_row *r, int64_t *version,
				struct zerr *e)
{
	return s->ops->policy_version_insert(s, r, version, e);
}

int store_policy_version_each(struct store *s, const char *org, int64_t version, const char *status,
			      policy_version_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->policy_version_each(s, org, version, status, fn, ctx, e);
}

int store_policy_version_update(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	return s->ops->policy_version_update(s, r, e);
}

int store_policy_version_decide(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	return s->ops->policy_version_decide(s, r, e);
}

int store_unit_setting_get(struct store *s, const char *org, const char *key, char **value, struct zerr *e)
{
	return s->ops->unit_setting_get(s, org, key, value, e);
}

int store_unit_setting_put(struct store *s, const char *org, const char *key, const char *value, struct zerr *e)
{
	return s->ops->unit_setting_put(s, org, key, value, e);
}

int store_document_put(struct store *s, const struct document_row *r, struct zerr *e)
{
	return s->ops->document_put(s, r, e);
}
int store_document_set_status(struct store *s, const char *number, const char *status, struct zerr *e)
{
	return s->ops->document_set_status(s, number, status, e);
}
int store_document_each(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			struct zerr *e)
{
	return s->ops->document_each(s, key, text, fn, ctx, e);
}
int store_signature_insert(struct store *s, const struct signature_row *r, struct zerr *e)
{
	return s->ops->signature_insert(s, r, e);
}
int store_signature_each(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->signature_each(s, number, fn, ctx, e);
}
int store_campaign_insert(struct store *s, const struct campaign_row *r, struct zerr *e)
{
	return s->ops->campaign_insert(s, r, e);
}
int store_campaign_close(struct store *s, const char *id, const char *at, struct zerr *e)
{
	return s->ops->campaign_close(s, id, at, e);
}
int store_campaign_each(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			struct zerr *e)
{
	return s->ops->campaign_each(s, id, org, fn, ctx, e);
}

int store_notify_add(struct store *s, const struct notify_row *r, bool *added, struct zerr *e)
{
	return s->ops->notify_add(s, r, added, e);
}

int store_notify_claim(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
		       void *ctx, struct zerr *e)
{
	return s->ops->notify_claim(s, now, worker, lease_until, fn, ctx, e);
}

int store_notify_finish(struct store *s, int64_t id, const char *worker, const struct notify_row *r, struct zerr *e)
{
	return s->ops->notify_finish(s, id, worker, r, e);
}

int store_notify_query(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
		       notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	return s->ops->notify_query(s, f, offset, limit, fn, ctx, total, e);
}

int store_notify_read(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e)
{
	return s->ops->notify_read(s, person, id, at, n, e);
}

int store_notify_channel_each(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->notify_channel_each(s, org, fn, ctx, e);
}

int store_notify_channel_put(struct store *s, const struct notify_channel_row *r, struct zerr *e)
{
	return s->ops->notify_channel_put(s, r, e);
}

int store_notify_pref_get(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			  struct zerr *e)
{
	return s->ops->notify_pref_get(s, person, out, buf, n, e);
}

int store_notify_pref_put(struct store *s, const struct notify_pref_row *r, struct zerr *e)
{
	return s->ops->notify_pref_put(s, r, e);
}

int store_notify_plan_claim(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
			    int64_t lease_until, bool *claimed, struct zerr *e)
{
	return s->ops->notify_plan_claim(s, org, day, gen, now, lease_until, claimed, e);
}

int store_notify_plan_done(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e)
{
	return s->ops->notify_plan_done(s, org, day, now, e);
}

int store_notify_plan_last(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
			   struct zerr *e)
{
	return s->ops->notify_plan_last(s, org, before, day, e);
}

int store_history_put(struct store *s, const char *org, const char *kind, const char *key, const char *at,
		      const char *record, bool fresh, struct zerr *e)
{
	return s->ops->history_put(s, org, kind, key, at, record, fresh, e);
}

int store_history_seal(struct store *s, int64_t change, struct zerr *e)
{
	return s->ops->history_seal(s, change, e);
}

int store_history_as_of(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			struct zerr *e)
{
	return s->ops->history_as_of(s, org, before, fn, ctx, e);
}

int store_history_each(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
		       void *ctx, struct zerr *e)
{
	return s->ops->history_each(s, org, kind, key, fn, ctx, e);
}

int store_delete_appt(struct store *s, const char *natural_key, struct zerr *e)
{
	return s->ops->delete_appt(s, natural_key, e);
}

int store_fed_key_put(struct store *s, const struct fed_key_row *r, struct zerr *e)
{
	return s->ops->fed_key_put(s, r, e);
}

int store_fed_key_each(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
		       struct zerr *e)
{
	return s->ops->fed_key_each(s, org, direction, fn, ctx, e);
}

int store_reported_put(struct store *s, const struct reported_row *r, struct zerr *e)
{
	return s->ops->reported_put(s, r, e);
}

int store_reported_each(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->reported_each(s, org, fn, ctx, e);
}

bool store_location_is_url(const char *loc)
{
	return !strncmp(loc, "postgresql://", 13) || !strncmp(loc, "postgres://", 11);
}

int store_open_location(const char *loc, const char *dir, bool readonly, struct store **out, struct zerr *e)
{
	*out = NULL;
	if (!loc || !*loc)
		return zerr_set(e, ZE_INVALID, "no store given: a data directory or a postgresql:// URL");
	if (!store_location_is_url(loc))
		return readonly ? store_open_readonly(loc, out, e) : store_open(loc, out, e);
	if (!dir || !*dir)
		return zerr_set(e, ZE_INVALID, "a postgresql:// store needs its data directory (its zeren.pg names the "
				"store's schema; its files are kept there)");
	return store_open_url(loc, dir, readonly, out, e);
}

int store_session_each(struct store *s, session_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->session_each(s, fn, ctx, e);
}

int store_unit_setting_each(struct store *s, unit_setting_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->unit_setting_each(s, fn, ctx, e);
}

int store_notify_insert(struct store *s, const struct notify_row *r, struct zerr *e)
{
	return s->ops->notify_insert(s, r, e);
}

int store_audit_anchor_put(struct store *s, int64_t before_seq, const char anchor[65], struct zerr *e)
{
	return s->ops->audit_anchor_put(s, before_seq, anchor, e);
}

int store_reported_points(struct store *s, const char *org, const char *from, const char *to, reported_fn fn,
			  void *ctx, struct zerr *e)
{
	return s->ops->reported_points(s, org, from, to, fn, ctx, e);
}

int store_dict_each(struct store *s, const char *org, const char *list, dict_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->dict_each(s, org, list, fn, ctx, e);
}

int store_dict_put(struct store *s, const struct dict_row *r, struct zerr *e)
{
	return s->ops->dict_put(s, r, e);
}

int store_ids_follow(struct store *s, struct zerr *e)
{
	return s->ops->ids_follow ? s->ops->ids_follow(s, e) : 0;
}

int store_announce_put(struct store *s, struct announce_row *r, struct zerr *e)
{
	return s->ops->announce_put(s, r, e);
}

int store_announce_each(struct store *s, const char *org, int64_t id, announce_row_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->announce_each(s, org, id, fn, ctx, e);
}

int store_inspected_each(struct store *s, const char *inspector, unit_id_fn fn, void *ctx, struct zerr *e)
{
	return s->ops->inspected_each(s, inspector, fn, ctx, e);
}

int migrations_not_newer(const struct migration *m, size_t n, int version, struct zerr *e)
{
	int latest = 0;
	for (size_t i = 0; i < n; i++)
		if (m[i].version > latest)
			latest = m[i].version;
	if (version > latest)
		return zerr_set(e, ZE_CONFLICT, "database: schema %d is newer than this program's (%d): use a newer zeren",
				version, latest);
	return 0;
}

/* Creates dir and any missing parents (mode 0750), as `mkdir -p` does; 0 or -1 with errno. */
int data_dir_create(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0750) != 0 && errno != EEXIST ? -1 : 0;
}
