#include "store/backend.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/sql.h"
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
	int rc = sql_load_unit(s, f, org_id, e);
	s->rows_read += facts_rows(f);
	return rc;
}

int store_load_org(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	uint64_t before = f->orgs.n;
	int rc = sql_load_org(s, f, org_id, e);
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

int store_ids_follow(struct store *s, struct zerr *e)
{
	return s->ops->ids_follow ? s->ops->ids_follow(s, e) : 0;
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
