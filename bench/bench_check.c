/* The scale benchmark: imports a zeren/v1 file into a fresh store, then times a check of every
 * unit (load from the store + evaluate), a re-check in memory, and single-unit checks; prints
 * the figures and the peak RSS. `bench_check --cold DATA_DIR`, run as a fresh process after the
 * import, times the cold start alone (load, index, check) and runs the SQL baseline beside the
 * engine: three rules written as indexed SQL over the same store, which must agree with the
 * engine finding for finding. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/calendar.h"
#include "core/change.h"
#include "core/check.h"
#include "core/embedded.h"
#include "core/evaluation.h"
#include "core/import.h"
#include "core/unitpolicy.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const struct zerr *e)
{
	fprintf(stderr, "bench: %s\n", e->msg);
	return 1;
}

static double cpu_now(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

/* ---- the SQL baseline ---------------------------------------------------------------------
 * Three rules of the default policy as SQL over the store's own tables, with indexes made for
 * them: required.responsible (a unit without a 第一责任人 or 直接责任人 on the day),
 * staffing.key_posts (fewer than two holders of a key post) and sod.security_admin (the
 * security administrator also holds a post it excludes). Every post is matched by equality,
 * one post per branch: SQLite 3.40's seek-scan returns wrong rows for `post IN (…) AND
 * from_date <= D` over an index on (person, post, from_date, to_date), and no query here has
 * that shape (nor does any index). A finding is the text "rule|unit|post" or
 * "rule|unit|person|post". */

#define IN_FORCE(a, pe) \
	" AND " a ".from_date <= ?1 AND (" a ".to_date IS NULL OR " a ".to_date > ?1)" \
	" AND (" pe ".joined IS NULL OR " pe ".joined <= ?1) AND (" pe ".left_on IS NULL OR " pe ".left_on > ?1)"

static const char *const sql_indexes =
	"CREATE INDEX IF NOT EXISTS bench_appt_org_post ON appointment(org, post, from_date);"
	"CREATE INDEX IF NOT EXISTS bench_appt_post_person ON appointment(post, person, from_date);";

static const char *const sql_responsible =
	"SELECT 'required.responsible|' || o.id || '|' || p.post FROM org o "
	"CROSS JOIN (SELECT 'first_responsible' AS post UNION ALL SELECT 'direct_responsible') p "
	"WHERE coalesce(o.policy, 'default') = 'default' AND NOT EXISTS (SELECT 1 FROM appointment a "
	"JOIN person pe ON pe.id = a.person WHERE a.org = o.id AND a.post = p.post" IN_FORCE("a", "pe") ")";

static const char *const sql_key_posts =
	"SELECT 'staffing.key_posts|' || o.id || '|' || p.post FROM org o "
	"CROSS JOIN (SELECT 'system_admin' AS post UNION ALL SELECT 'network_admin' UNION ALL "
	"SELECT 'security_admin' UNION ALL SELECT 'security_auditor') p "
	"WHERE coalesce(o.policy, 'default') = 'default' AND (SELECT count(DISTINCT a.person) FROM appointment a "
	"JOIN person pe ON pe.id = a.person WHERE a.org = o.id AND a.post = p.post" IN_FORCE("a", "pe") ") < 2";

static const char *const sql_sod =
	"SELECT DISTINCT 'sod.security_admin|' || a.org || '|' || a.person || '|' || x.post FROM appointment a "
	"JOIN person pe ON pe.id = a.person JOIN org o ON o.id = a.org "
	"CROSS JOIN (SELECT 'network_admin' AS post UNION ALL SELECT 'system_admin' UNION ALL "
	"SELECT 'security_auditor') x "
	"JOIN appointment b ON b.post = x.post AND b.person = a.person AND b.org = a.org "
	"WHERE a.post = 'security_admin' AND coalesce(o.policy, 'default') = 'default'" IN_FORCE("a", "pe")
	" AND b.from_date <= ?1 AND (b.to_date IS NULL OR b.to_date > ?1)";

struct keyset {
	char **v;
	size_t n, cap;
};

static void keys_add(struct keyset *k, const char *s)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 1024;
		k->v = realloc(k->v, k->cap * sizeof *k->v);
		if (!k->v)
			abort();
	}
	if (!(k->v[k->n++] = strdup(s)))
		abort();
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void keys_free(struct keyset *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
}

/* Runs one rule's query for day; its findings join out. */
static int sql_rule(sqlite3 *db, const char *sql, const char *day, struct keyset *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		keys_add(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : (fprintf(stderr, "bench: %s\n", sqlite3_errmsg(db)), 1);
}

/* The engine's findings of the three rules, in the units that follow the default policy. */
static void engine_keys(const struct facts *f, const struct findings *fs, struct keyset *out)
{
	char buf[512];
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		const struct org *o = &f->orgs.v[fd->org];
		const char *rule = fd->rule->id;
		if (o->policy && strcmp(o->policy, "default"))
			continue;
		if (!strcmp(rule, "required.responsible") || !strcmp(rule, "staffing.key_posts"))
			snprintf(buf, sizeof buf, "%s|%s|%s", rule, o->id, post_id(fd->post));
		else if (!strcmp(rule, "sod.security_admin"))
			snprintf(buf, sizeof buf, "%s|%s|%s|%s", rule, o->id, f->people.v[fd->subject].id,
				 post_id(fd->other_post));
		else
			continue;
		keys_add(out, buf);
	}
}

/* Compares the two sets (sorted): prints the first differences; nonzero when they differ. */
static int keys_compare(struct keyset *engine, struct keyset *sql)
{
	qsort(engine->v, engine->n, sizeof *engine->v, by_text);
	qsort(sql->v, sql->n, sizeof *sql->v, by_text);
	size_t i = 0, j = 0, shown = 0, differ = 0;
	while (i < engine->n || j < sql->n) {
		int c = i == engine->n ? 1 : j == sql->n ? -1 : strcmp(engine->v[i], sql->v[j]);
		if (c == 0) {
			i++, j++;
			continue;
		}
		differ++;
		if (shown++ < 10)
			printf("  %s only: %s\n", c < 0 ? "engine" : "SQL", c < 0 ? engine->v[i] : sql->v[j]);
		if (c < 0)
			i++;
		else
			j++;
	}
	return differ != 0;
}

/* The default policy with only the three rules (its own JSON, filtered): the engine judged on
 * the same work as the SQL. The JSON is the one compiled into the library, which the full check
 * used, so the benchmark runs from any directory. */
static struct policy *three_rules(struct zerr *e)
{
	static const char *const keep[] = {"required.responsible", "staffing.key_posts", "sod.security_admin"};
	const struct embedded_file *file = embedded_find("policy/default.json");
	json_error_t je;
	json_t *doc = file ? json_loadb(file->data, file->len, 0, &je) : NULL, *rules = json_array(), *r;
	size_t i;
	struct policy *p = NULL;
	if (!doc) {
		zerr_set(e, ZE_INVALID, "the default policy: %s", file ? je.text : "not in the library");
		json_decref(rules);
		return NULL;
	}
	json_array_foreach(json_object_get(doc, "rules"), i, r)
		for (size_t k = 0; k < 3; k++)
			if (!strcmp(json_string_value(json_object_get(r, "id")), keep[k]))
				json_array_append(rules, r);
	json_object_set_new(doc, "rules", rules);
	json_object_set_new(doc, "obligations", json_array());
	json_object_del(doc, "evaluation");
	char *text = json_dumps(doc, 0);
	if (text)
		policy_parse(text, strlen(text), "default (three rules)", &p, e);
	free(text);
	json_decref(doc);
	return p;
}

/* A fresh process's cold start on an imported store, then the SQL baseline beside the engine. */
static int cold(const char *dir, zdate as_of)
{
	struct zerr e = {0};
	struct store *s;
	struct policy_set *shipped, *ps = NULL;
	struct check_result r;
	char day[ZDATE_BUFSZ];
	date_format(as_of, day);
	memset(&r, 0, sizeof r);
	facts_init(&r.facts);
	double w0 = now(), c0 = cpu_now();
	if (store_open(dir, &s, &e) || policies_load(&shipped, &e) || store_load(s, &r.facts, NULL, &e))
		return fail(&e);
	double w1 = now(), c1 = cpu_now();
	if (facts_index(&r.facts) || calendar_open(s, &r.cal, &e) || unit_policies_load(s, shipped, NULL, &ps, &e))
		return fail(&e);
	double w2 = now();
	if (check_facts(&r.facts, ps, r.cal, ZIDX_NONE, as_of, &r.findings, &e))
		return fail(&e);
	double w3 = now(), c3 = cpu_now();
	printf("cold start, fresh process: load %.3f s (CPU %.3f s), index + calendar + policies %.3f s, "
	       "check %.3f s; load + check %.3f s wall, %.3f s CPU (%zu units, %zu appointments, %zu findings)\n",
	       w1 - w0, c1 - c0, w2 - w1, w3 - w2, w3 - w0, c3 - c0, r.facts.orgs.n, r.facts.appts.n, r.findings.n);

	/* The engine on the three rules alone, in memory, in the units following the default
	 * policy (as the SQL): best of three. */
	struct policy *p3 = three_rules(&e);
	struct engine *en = engine_new();
	if (!p3 || !en)
		return fail(&e);
	engine_set_calendar(en, r.cal);
	double best = 1e9;
	struct findings fs = {0};
	for (int k = 0; k < 3; k++) {
		findings_release(&fs);
		memset(&fs, 0, sizeof fs);
		double t0 = now();
		for (size_t u = 0; u < r.facts.orgs.n; u++) {
			const char *pol = r.facts.orgs.v[u].policy;
			if ((!pol || !strcmp(pol, "default")) && engine_check(en, p3, &r.facts, (zidx)u, as_of, &fs))
				return 1;
		}
		best = now() - t0 < best ? now() - t0 : best;
	}
	engine_free(en);
	struct keyset ek = {0}, sk = {0};
	engine_keys(&r.facts, &fs, &ek);
	findings_release(&fs);
	policy_free(p3);

	sqlite3 *db;
	char path[4200];
	snprintf(path, sizeof path, "%s/zeren.db", dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	double t0 = now();
	if (sqlite3_exec(db, sql_indexes, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	double t_index = now() - t0, sql_best = 1e9;
	for (int k = 0; k < 3; k++) {
		keys_free(&sk);
		memset(&sk, 0, sizeof sk);
		t0 = now();
		if (sql_rule(db, sql_responsible, day, &sk) || sql_rule(db, sql_key_posts, day, &sk) ||
		    sql_rule(db, sql_sod, day, &sk))
			return 1;
		sql_best = now() - t0 < sql_best ? now() - t0 : sql_best;
	}
	sqlite3_close(db);
	printf("SQL baseline (required.responsible, staffing.key_posts, sod.security_admin; SQLite %s): "
	       "%.3f s (best of 3; its indexes built once in %.2f s), %zu findings\n",
	       sqlite3_libversion(), sql_best, t_index, sk.n);
	printf("engine, the same three rules in memory: %.3f s (best of 3), %zu findings\n", best, ek.n);
	int differ = keys_compare(&ek, &sk);
	printf("engine and SQL %s; the engine is %.1f x faster\n",
	       differ ? "DISAGREE" : "agree finding for finding", sql_best / best);
	keys_free(&ek);
	keys_free(&sk);
	check_result_release(&r);
	policies_free(ps);
	policies_free(shipped);
	store_close(s);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS (cold start and check): %.0f MiB\n", (double)ru.ru_maxrss / 1024.0);
	return differ;
}

int main(int argc, char **argv)
{
	zdate as_of;
	date_parse("2026-11-21", &as_of);
	if (argc == 3 && !strcmp(argv[1], "--cold"))
		return cold(argv[2], as_of);
	if (argc != 3) {
		fprintf(stderr, "usage: bench_check DATA_DIR FILE.json | bench_check --cold DATA_DIR\n");
		return 2;
	}
	struct zerr e = {0};
	struct store *s;
	struct policy_set *ps;
	struct import_stats st;
	if (store_open(argv[1], &s, &e) || policies_load(&ps, &e))
		return fail(&e);

	double t0 = now();
	/* through the change service, as `zeren import` does: the history of the facts is sealed
	 * by the import's own audit record, not left to the first change made after it */
	struct change c = {.actor = "cli:bench", .source = "cli", .action = "import", .object = argv[2]};
	if (change_file(s, &c, argv[2], &st, &e))
		return fail(&e);
	double t_import = now() - t0;
	printf("import: %.2f s (%zu units, %zu people, %zu appointments, %zu systems, %zu agreements)\n",
	       t_import, st.orgs, st.people, st.appts, st.systems, st.agreements);

	struct check_result r;
	t0 = now();
	if (check_store(s, ps, NULL, as_of, &r, &e))
		return fail(&e);
	double t_cold = now() - t0;
	printf("check all, cold (load from store + evaluate): %.3f s, %zu findings in %zu units\n", t_cold,
	       r.findings.n, r.units);

	/* The in-memory re-check: best of three, facts already loaded and indexed. */
	double best = 1e9;
	size_t n = 0;
	for (int k = 0; k < 3; k++) {
		struct findings fs = {0};
		t0 = now();
		if (check_facts(&r.facts, ps, r.cal, ZIDX_NONE, as_of, &fs, &e))
			return fail(&e);
		double t = now() - t0;
		best = t < best ? t : best;
		n = fs.n;
		findings_release(&fs);
	}
	printf("check all, in memory: %.3f s (%zu findings)\n", best, n);

	/* One unit: the average over up to 1000 units spread across the set, with one engine as a
	 * server worker keeps it. */
	size_t units = r.facts.orgs.n, step = units > 1000 ? units / 1000 : 1, count = 0;
	struct engine *en = engine_new();
	if (!en)
		return 1;
	t0 = now();
	for (size_t u = 0; u < units; u += step, count++) {
		struct findings fs = {0};
		if (check_facts_with(en, &r.facts, ps, r.cal, (zidx)u, as_of, &fs, &e))
			return fail(&e);
		findings_release(&fs);
	}
	engine_free(en);
	printf("check one unit, in memory: %.3f ms on average over %zu units\n", (now() - t0) * 1e3 / (double)count, count);

	/* The yearly evaluation of every unit (its departments, itself, and the units it supervises),
	 * for the year of the data up to its day: the engine on the days findings can change, plus the duties,
	 * notices and incidents of the year, and the JSON sheets with every cause. */
	zdate year_end = as_of;
	size_t nsheets = 0, ncauses = 0;
	struct duty_cache dc = {0};
	if (!(en = engine_new()))
		return 1;
	t0 = now();
	for (size_t u = 0; u < units; u++) {
		json_t *res = NULL, *sh, *it;
		size_t i, k;
		const struct org *o = &r.facts.orgs.v[u];
		if (eval_score(en, &dc, &r.facts, policies_get(ps, o->policy ? o->policy : "default"), ps, r.cal, (zidx)u, 2026,
			       year_end, &res, &e))
			return fail(&e);
		json_array_foreach(json_object_get(res, "sheets"), i, sh) {
			nsheets++;
			json_array_foreach(json_object_get(sh, "items"), k, it)
				ncauses += json_array_size(json_object_get(it, "causes"));
		}
		json_decref(res);
	}
	engine_free(en);
	duty_cache_release(&dc);
	printf("evaluate every unit for 2026 (as of 2026-11-21), in memory: %.2f s (%zu sheets, %zu causes listed)\n",
	       now() - t0, nsheets, ncauses);

	check_result_release(&r);
	policies_free(ps);
	store_close(s);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS: %.0f MiB\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
