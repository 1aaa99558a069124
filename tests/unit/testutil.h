/* Common includes for the cmocka unit tests. */
#ifndef ZEREN_TESTUTIL_H
#define ZEREN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/import.h"
#include "store/backend.h"
#include "util/date.h"
#include "util/err.h"
#include "util/strbuf.h"

/* The source tree (for data files); set by `make check-unit`. */
static inline const char *test_srcdir(void)
{
	const char *d = getenv("ZEREN_SRCDIR");
	return d ? d : ".";
}

/* A date written in a test; NULL is the open end of an interval. */
static inline zdate D(const char *s)
{
	zdate d = 0;
	if (!s)
		return ZDATE_MAX;
	if (!date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

/* A whole file (caller frees), or NULL. */
static inline char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct zerr e = {0};
	if (read_file(path, (size_t)64 << 20, &sb, &e)) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb, len);
}

/* A fresh directory under $TMPDIR (or /tmp); the caller frees the name. */
static inline char *make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/zeren-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp failed");
	return strdup(tmpl);
}

/* Removes dir and everything under it. */
static inline void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char path[4096 + 256];
			if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
				continue;
			struct stat st;
			if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
				remove_dir(path);
			else
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The store's own database, for the tests that write to it behind the store's back: the SQLite
 * file dir/zeren.db or, with $ZEREN_DB (make check-pg), dir's PostgreSQL schema. */
static inline bool on_postgres(void)
{
	const char *url = getenv("ZEREN_DB");
	return url && *url;
}

/* Runs SQL (several statements) with a connection of its own: 0, DB_REFUSED when a constraint
 * or trigger refused it (its message in err), -1 on any other failure. */
#define DB_REFUSED 1
static inline int raw_sql_dir(const char *dir, const char *sql, char *err, size_t n)
{
	int rc;
	if (err && n)
		err[0] = '\0';
	if (on_postgres()) {
		char schema[40], set[80];
		struct zerr e = {0};
		if (pg_schema_name(dir, false, schema, &e))
			return -1;
		PGconn *c = PQconnectdb(getenv("ZEREN_DB"));
		snprintf(set, sizeof set, "SET search_path TO %s", schema);
		PGresult *r = PQexec(c, set);
		PQclear(r);
		r = PQexec(c, sql);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ? 0
		     : state && strncmp(state, "23", 2) == 0				       ? DB_REFUSED
											       : -1;
		if (rc && err && n)
			snprintf(err, n, "%s", PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	char db[4200];
	sqlite3 *h = NULL;
	char *msg = NULL;
	snprintf(db, sizeof db, "%s/zeren.db", dir);
	rc = sqlite3_open(db, &h);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(h, 5000);
		rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	}
	if (rc != SQLITE_OK && err && n)
		snprintf(err, n, "%s", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : (rc & 0xff) == SQLITE_CONSTRAINT ? DB_REFUSED : -1;
}

/* The first column of the first row of a query, as text, into out: 0, or -1. */
static inline int raw_query_dir(const char *dir, const char *sql, char *out, size_t n)
{
	int rc = -1;
	out[0] = '\0';
	if (on_postgres()) {
		char schema[40], set[80];
		struct zerr e = {0};
		if (pg_schema_name(dir, false, schema, &e))
			return -1;
		PGconn *c = PQconnectdb(getenv("ZEREN_DB"));
		snprintf(set, sizeof set, "SET search_path TO %s", schema);
		PQclear(PQexec(c, set));
		PGresult *r = PQexec(c, sql);
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
			snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
			rc = 0;
		}
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	char db[4200];
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	snprintf(db, sizeof db, "%s/zeren.db", dir);
	if (sqlite3_open(db, &h) == SQLITE_OK && sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(out, n, "%s", t ? (const char *)t : "");
		rc = 0;
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/* Drops a trigger of table (PostgreSQL names the table, SQLite refuses it). */
static inline const char *drop_trigger_sql(const char *trigger, const char *table, char *buf, size_t n)
{
	if (on_postgres())
		snprintf(buf, n, "DROP TRIGGER %s ON %s;", trigger, table);
	else
		snprintf(buf, n, "DROP TRIGGER %s;", trigger);
	return buf;
}

/* The exported document (zeren/v1) of unit org in f (NULL: every unit), as text: two loads
 * or views of the same facts compare equal as these. */
static inline char *export_text(const struct facts *f, const char *org)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct zerr e = {0};
	assert_non_null(out);
	if (export_document(f, org, out, &e))
		fail_msg("export: %s", e.msg);
	fclose(out);
	return text;
}

#endif
