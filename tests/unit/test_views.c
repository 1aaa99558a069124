/* The server's unit views (issue 20): a write through the API installs the unit's view of the
 * new generation from the facts it wrote, so that the next read reads no row; that view is the
 * one a rebuild from the store gives (the same export, the same findings); readers running
 * beside writes see one generation or the next, never a mix; what is still rebuilt is built
 * once however many ask at once (a view, a memo). On SQLite, and on PostgreSQL with $ZEREN_DB. */
#include "testutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "api/api.h"
#include "core/calendar.h"
#include "core/change.h"
#include "core/rollup.h"
#include "core/render.h"

#define AS_OF "2026-11-21"

struct server {
	char *dir;
	struct api_server srv;
	struct policy_set *ps;
};

static void server_open(struct server *sv)
{
	char path[4096];
	struct store *s = NULL;
	struct zerr e = {0};
	memset(sv, 0, sizeof *sv);
	sv->dir = make_tmpdir();
	snprintf(path, sizeof path, "%s/data/demo/demo.json", test_srcdir());
	struct cal *cal = NULL;
	/* as zeren serve starts: the calendar opened (its first opening writes it) */
	if (store_open(sv->dir, &s, &e) || import_file(s, path, NULL, &e) || policies_load(&sv->ps, &e) ||
	    calendar_open(s, &cal, &e))
		fail_msg("setup: %s", e.msg);
	cal_free(cal);
	store_close(s);
	assert_int_equal(view_cache_new(&sv->srv.views), 0);
	sv->srv.policies = sv->ps;
	sv->srv.data_dir = sv->dir;
}

static void server_close(struct server *sv)
{
	view_cache_free(sv->srv.views);
	policies_free(sv->ps);
	remove_dir(sv->dir);
	free(sv->dir);
}

/* A worker of the server: its own connection and engine. */
static void worker_open(struct server *sv, struct worker *w)
{
	struct zerr e = {0};
	memset(w, 0, sizeof *w);
	w->srv = &sv->srv;
	if (store_open(sv->dir, &w->store, &e))
		fail_msg("open: %s", e.msg);
	assert_non_null(w->engine = engine_new());
}

static void worker_close(struct worker *w)
{
	engine_free(w->engine);
	store_close(w->store);
}

/* A write of doc (zeren/v1 arrays of unit demo's records) through the API's change path. */
static void api_write(struct worker *w, const char *doc)
{
	struct principal who = {.roles = 1u << ROLE_OFFICE};
	strcpy(who.username, "office");
	strcpy(who.org, "demo");
	struct http_req rq = {.method = HTTP_PUT, .path = "/api/v1/units/demo/test", .source = "127.0.0.1", .who = &who,
			      .w = w};
	struct http_resp rs = {0};
	struct import_opts opts = {.only_org = "demo"};
	struct zerr e = {0};
	json_t *j = json_loads(doc, 0, NULL);
	assert_non_null(j);
	if (api_import(&rq, &rs, NULL, 0, j, &opts, NULL, &e))
		fail_msg("write: %s", e.msg);
	json_decref(j);
	json_decref(rs.audit_detail);
}

static char *findings_text(const struct facts *f, const struct findings *fs)
{
	struct strbuf scratch;
	json_t *all = json_array();
	sb_init(&scratch, STRBUF_DEFAULT_MAX);
	for (size_t i = 0; i < fs->n; i++)
		json_array_append_new(all, finding_json(f, &fs->v[i], &scratch));
	char *text = json_dumps(all, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(all);
	sb_release(&scratch);
	return text;
}

/* One kind's index: by[starts[u] .. starts[u+1]) are the records of owner u (a unit, or a
 * record of another kind), each owner's in the order of the array. */
struct grouping {
	const char *name;
	const zidx *starts, *by;
	const void *v;
	size_t n, sz, off, owners;
};

/* Every kind's index of f is that grouping, checked the plain way: owner by owner, a walk of the
 * whole array. What readers of a view left behind see must be what a build from scratch gives. */
static void assert_index_exact(const struct facts *f)
{
#define G(starts, by, vec, T, field, owner_vec) \
	{#starts, f->ix.starts, f->ix.by, f->vec.v, f->vec.n, sizeof(T), offsetof(T, field), f->owner_vec.n}
	const struct grouping all[] = {
		G(org_dept, dept_by_org, depts, struct dept, org, orgs),
		G(org_person, person_by_org, people, struct person, org, orgs),
		G(org_body, body_by_org, bodies, struct body, org, orgs),
		G(org_appt, appt_by_org, appts, struct appt, org, orgs),
		G(org_system, system_by_org, systems, struct zsystem, org, orgs),
		G(org_agreement, agreement_by_org, agreements, struct agreement, org, orgs),
		G(org_incident, incident_by_org, incidents, struct incident, org, orgs),
		G(org_notice, notice_by_org, notices, struct notice, org, orgs),
		G(org_record, record_by_org, records, struct obligation_record, org, orgs),
		G(org_handover, handover_by_org, handovers, struct handover, org, orgs),
		G(org_vulnerability, vulnerability_by_org, vulnerabilities, struct vulnerability, org, orgs),
		G(org_plan, plan_by_org, plans, struct emergency_plan, org, orgs),
		G(org_project, project_by_org, projects, struct project, org, orgs),
		G(org_rectification, rectification_by_org, rectifications, struct rectification, org, orgs),
		G(org_inspection, inspection_by_org, inspections, struct inspection, org, orgs),
		G(org_log_source, log_source_by_org, log_sources, struct log_source, org, orgs),
		G(org_training, training_by_org, trainings, struct training_session, org, orgs),
		G(plan_review, review_by_plan, plan_reviews, struct plan_review, plan, plans),
		G(plan_drill, drill_by_plan, plan_drills, struct plan_drill, plan, plans),
		G(rect_evidence, evidence_by_rect, rect_evidence, struct evidence, record, rectifications),
		G(inspection_item, item_by_inspection, inspection_items, struct inspection_item, inspection, inspections),
		G(notice_report, report_by_notice, notice_reports, struct evidence, record, notices),
		G(incident_report, report_by_incident, incident_reports, struct evidence, record, incidents),
		G(training_attendee, attendee_by_training, training_attendees, struct training_attendee, session, trainings),
		G(record_evidence, evidence_by_record, evidence, struct evidence, record, records),
		G(notice_system, system_by_notice, notice_systems, struct notice_system, notice, notices),
		G(body_lead, lead_by_body, leads, struct body_lead, body, bodies),
		G(dept_version, version_by_dept, dept_versions, struct dept_version, dept, depts),
		G(system_version, version_by_system, system_versions, struct system_version, system, systems),
		G(system_assessment, assessment_by_system, assessments, struct assessment, system, systems),
	};
#undef G
	assert_true(f->indexed);
	for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
		const struct grouping *g = &all[k];
		size_t at = 0;
		for (size_t u = 0; u < g->owners; u++) {
			if ((size_t)g->starts[u] != at)
				fail_msg("%s[%zu] = %d, not %zu", g->name, u, g->starts[u], at);
			for (size_t i = 0; i < g->n; i++)
				if (*(const zidx *)((const char *)g->v + i * g->sz + g->off) == (zidx)u) {
					if ((size_t)g->by[at] != i)
						fail_msg("%s: owner %zu's record at %zu is %d, not %zu", g->name, u, at, g->by[at], i);
					at++;
				}
		}
		if (at != g->n || (size_t)g->starts[g->owners] != g->n)
			fail_msg("%s: %zu of %zu records grouped, the last offset %d", g->name, at, g->n, g->starts[g->owners]);
	}
}

/* After a read and a write, the next read is served from the view the write left: no row read,
 * the new generation, and the same export and findings as a view rebuilt from the store. */
static void test_write_leaves_the_view(void **state)
{
	(void)state;
	struct server sv;
	struct worker w, other;
	struct unit_view *v;
	const struct findings *fs;
	struct zerr e = {0};
	int64_t gen;
	zdate as_of;
	assert_true(date_parse(AS_OF, &as_of));
	server_open(&sv);
	worker_open(&sv, &w);
	worker_open(&sv, &other);

	assert_int_equal(view_acquire(&w, "demo", &v, &e), 0);
	assert_int_equal(view_findings(&w, v, as_of, &fs, &e), 0);
	const struct org *rows = v->facts.orgs.v;
	view_release(v);
	assert_int_equal(store_generation(w.store, &gen, &e), 0);

	api_write(&w, "{\"people\":[{\"id\":\"p-zhudan\",\"name\":\"朱丹改\",\"org\":\"demo\",\"department\":\"academic\"}]}");
	api_write(&w, "{\"systems\":[{\"id\":\"portal\",\"org\":\"demo\",\"name\":\"学校门户网站\",\"owner_department\":\"media\","
		      "\"mlps_level\":3,\"filing_no\":\"51340099999-00001\",\"filed_on\":\"2019-05-20\","
		      "\"last_assessed_on\":\"2023-11-12\",\"critical_infrastructure\":false,\"public_website\":true}]}");

	/* read on another worker: the view is there, nothing is read but the generation */
	uint64_t before = store_rows_read(other.store);
	assert_int_equal(view_acquire(&other, "demo", &v, &e), 0);
	assert_int_equal(store_rows_read(other.store) - before, 0);
	assert_int_equal(atomic_load(&v->generation), gen + 2);
	assert_int_equal(view_findings(&other, v, as_of, &fs, &e), 0);
	assert_int_equal(store_rows_read(other.store) - before, 0);
	assert_string_equal(v->facts.people.v[hmap_get(&v->facts.person_ids, "p-zhudan")].name, "朱丹改");
	assert_index_exact(&v->facts);
	assert_ptr_equal(v->facts.orgs.v, rows); /* the writes copied no org row */

	/* the same as a view rebuilt from the store */
	struct view_cache *installed = sv.srv.views;
	assert_int_equal(view_cache_new(&sv.srv.views), 0);
	struct unit_view *rebuilt;
	const struct findings *fs2;
	assert_int_equal(view_acquire(&other, "demo", &rebuilt, &e), 0);
	assert_true(store_rows_read(other.store) - before > 100);
	assert_int_equal(view_findings(&other, rebuilt, as_of, &fs2, &e), 0);
	assert_index_exact(&rebuilt->facts);
	char *a = export_text(&v->facts, "demo"), *b = export_text(&rebuilt->facts, "demo");
	assert_true(strlen(a) > 10000);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = findings_text(&v->facts, fs), b = findings_text(&rebuilt->facts, fs2);
	assert_true(strlen(a) > 100);
	assert_string_equal(a, b);
	free(a);
	free(b);
	view_release(rebuilt);
	view_release(v);
	view_cache_free(sv.srv.views);
	sv.srv.views = installed;

	/* A write committed by another process meanwhile: the view is not installed, the next read
	 * rebuilds it with both writes. */
	struct store *cli;
	assert_int_equal(store_open(sv.dir, &cli, &e), 0);
	struct change c = {.actor = "cli:test", .source = "cli", .unit = "demo", .action = "change", .object = "demo"};
	json_t *j = json_loads("{\"people\":[{\"id\":\"p-new1\",\"name\":\"新人\",\"org\":\"demo\",\"department\":\"nic\"}]}", 0, NULL);
	struct import_opts opts = {.one_record = true};
	if (change_records(cli, &c, j, "cli", &opts, NULL, &e))
		fail_msg("cli write: %s", e.msg);
	json_decref(j);
	store_close(cli);
	api_write(&w, "{\"people\":[{\"id\":\"p-zhudan\",\"name\":\"朱丹\",\"org\":\"demo\",\"department\":\"academic\"}]}");
	before = store_rows_read(other.store);
	assert_int_equal(view_acquire(&other, "demo", &v, &e), 0);
	assert_true(store_rows_read(other.store) - before > 100);
	assert_int_equal(atomic_load(&v->generation), gen + 4);
	assert_true(hmap_get(&v->facts.person_ids, "p-new1") >= 0);
	assert_string_equal(v->facts.people.v[hmap_get(&v->facts.person_ids, "p-zhudan")].name, "朱丹");
	view_release(v);

	worker_close(&other);
	worker_close(&w);
	server_close(&sv);
}

/* The index of every unit's facts, whose arrays hold records of many units, is the same
 * grouping: in the order the store loads them, and with a person of the first unit added after
 * every other (records no longer in the order of their units). */
static void test_index_of_every_unit(void **state)
{
	(void)state;
	struct server sv;
	struct worker w;
	struct facts f;
	struct zerr e = {0};
	server_open(&sv);
	worker_open(&sv, &w);
	facts_init(&f);
	assert_int_equal(store_load(w.store, &f, NULL, &e), 0);
	assert_true(f.orgs.n >= 3);
	assert_int_equal(facts_index(&f), 0);
	assert_index_exact(&f);
	struct person p = {.id = facts_str(&f, "p-late"), .name = facts_str(&f, "后来者"), .org = 0, .dept = ZIDX_NONE,
			   .background_check = ZDATE_NONE};
	assert_true(f.people.v[f.people.n - 1].org > 0);
	assert_true(facts_add_person(&f, &p) >= 0);
	assert_false(f.indexed);
	assert_int_equal(facts_index(&f), 0);
	assert_index_exact(&f);
	assert_int_equal(f.ix.person_by_org[f.ix.org_person[1] - 1], (zidx)f.people.n - 1);
	facts_release(&f);
	worker_close(&w);
	server_close(&sv);
}

#define READERS 3
#define WRITES 40

struct reader {
	struct server *sv;
	atomic_bool *done;
	int views, mixed, backwards;
	struct zerr e;
	int rc;
};

/* The two people's names in a view: written together, so always equal. */
static void *read_loop(void *arg)
{
	struct reader *r = arg;
	struct worker w;
	int64_t last = 0;
	worker_open(r->sv, &w);
	while (!atomic_load(r->done) && !r->rc) {
		struct unit_view *v;
		if ((r->rc = view_acquire(&w, "demo", &v, &r->e)))
			break;
		const struct facts *f = &v->facts;
		const char *a = f->people.v[hmap_get(&f->person_ids, "p-zhudan")].name;
		const char *b = f->people.v[hmap_get(&f->person_ids, "p-xuting")].name;
		int64_t gen = atomic_load(&v->generation);
		r->mixed += strcmp(a + strlen(a) - 1, b + strlen(b) - 1) != 0;
		r->backwards += gen < last;
		last = gen;
		r->views++;
		view_release(v);
	}
	worker_close(&w);
	return NULL;
}

static void test_readers_beside_writes(void **state)
{
	(void)state;
	struct server sv;
	struct worker w;
	struct reader r[READERS];
	pthread_t t[READERS];
	atomic_bool done = false;
	server_open(&sv);
	worker_open(&sv, &w);
	api_write(&w, "{\"people\":[{\"id\":\"p-zhudan\",\"name\":\"甲0\",\"org\":\"demo\",\"department\":\"academic\"},"
		      "{\"id\":\"p-xuting\",\"name\":\"乙0\",\"org\":\"demo\",\"department\":\"office\"}]}");
	for (int i = 0; i < READERS; i++) {
		r[i] = (struct reader){.sv = &sv, .done = &done};
		assert_int_equal(pthread_create(&t[i], NULL, read_loop, &r[i]), 0);
	}
	for (int k = 1; k <= WRITES; k++) {
		char doc[512];
		snprintf(doc, sizeof doc,
			 "{\"people\":[{\"id\":\"p-zhudan\",\"name\":\"甲%d\",\"org\":\"demo\",\"department\":\"academic\"},"
			 "{\"id\":\"p-xuting\",\"name\":\"乙%d\",\"org\":\"demo\",\"department\":\"office\"}]}",
			 k % 10, k % 10);
		api_write(&w, doc);
	}
	atomic_store(&done, true);
	int views = 0;
	for (int i = 0; i < READERS; i++) {
		pthread_join(t[i], NULL);
		if (r[i].rc)
			fail_msg("reader %d: %s", i, r[i].e.msg);
		assert_int_equal(r[i].mixed, 0);
		assert_int_equal(r[i].backwards, 0);
		views += r[i].views;
	}
	assert_true(views >= READERS);
	worker_close(&w);
	server_close(&sv);
}

#define ASKERS 4

struct asker {
	struct server *sv;
	pthread_barrier_t *start;
	const char *org; /* NULL: demo */
	uint64_t rows;
	int64_t generation;
	int rc;
};

static void *ask_view(void *arg)
{
	struct asker *a = arg;
	struct worker w;
	struct unit_view *v;
	struct zerr e = {0};
	worker_open(a->sv, &w);
	uint64_t before = store_rows_read(w.store);
	pthread_barrier_wait(a->start);
	if (!(a->rc = view_acquire(&w, a->org ? a->org : "demo", &v, &e))) {
		a->generation = atomic_load(&v->generation);
		view_release(v);
	}
	a->rows = store_rows_read(w.store) - before;
	worker_close(&w);
	return NULL;
}

/* After a write the server did not make (no view left behind), requests asking for the unit
 * at once build its view once: one reads the unit, the others wait for it and read nothing. */
static void test_one_build_for_many(void **state)
{
	(void)state;
	struct server sv;
	struct worker w;
	struct unit_view *v;
	struct zerr e = {0};
	struct asker a[ASKERS];
	pthread_t t[ASKERS];
	pthread_barrier_t start;
	server_open(&sv);
	worker_open(&sv, &w);
	assert_int_equal(view_acquire(&w, "demo", &v, &e), 0);
	view_release(v);
	struct change c = {.actor = "cli:test", .source = "cli", .unit = "demo", .action = "change", .object = "demo"};
	json_t *j = json_loads("{\"people\":[{\"id\":\"p-new1\",\"name\":\"新人\",\"org\":\"demo\",\"department\":\"nic\"}]}", 0, NULL);
	struct import_opts opts = {.one_record = true};
	if (change_records(w.store, &c, j, "cli", &opts, NULL, &e))
		fail_msg("write: %s", e.msg);
	json_decref(j);
	pthread_barrier_init(&start, NULL, ASKERS);
	for (int i = 0; i < ASKERS; i++) {
		a[i] = (struct asker){.sv = &sv, .start = &start};
		assert_int_equal(pthread_create(&t[i], NULL, ask_view, &a[i]), 0);
	}
	int readers = 0;
	for (int i = 0; i < ASKERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].rc, 0);
		assert_int_equal(a[i].generation, c.generation_after);
		readers += a[i].rows > 0;
	}
	assert_int_equal(readers, 1);
	pthread_barrier_destroy(&start);
	worker_close(&w);
	server_close(&sv);
}

/* A request arriving between a write's commit and its advance of the views (the store is a
 * generation ahead of every view) waits for the writes' turn and reads nothing, instead of
 * building its unit's view again from the store. */
static void test_read_waits_for_the_write_in_its_turn(void **state)
{
	(void)state;
	struct server sv;
	struct worker w;
	struct unit_view *v;
	struct zerr e = {0};
	long wait_was = view_own_write_wait_ns;
	view_own_write_wait_ns = 30000000000L; /* the test's timing must not decide it */
	server_open(&sv);
	worker_open(&sv, &w);
	assert_int_equal(view_acquire(&w, "xl-school", &v, &e), 0);
	view_release(v);
	view_write_begin(sv.srv.views);
	struct change c = {.actor = "office", .source = "127.0.0.1", .unit = "demo", .action = "change", .object = "demo"};
	json_t *j = json_loads("{\"people\":[{\"id\":\"p-new1\",\"name\":\"新人\",\"org\":\"demo\",\"department\":\"nic\"}]}", 0, NULL);
	struct import_opts opts = {.one_record = true, .only_org = "demo"};
	if (change_records(w.store, &c, j, "request", &opts, NULL, &e))
		fail_msg("write: %s", e.msg);
	json_decref(j);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, 2);
	struct asker r = {.sv = &sv, .start = &start, .org = "xl-school"};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, ask_view, &r), 0);
	pthread_barrier_wait(&start);
	usleep(50000); /* the reader finds the store ahead of its view meanwhile */
	view_cache_advance(sv.srv.views, "demo", c.generation_before, c.generation_after);
	view_write_end(sv.srv.views);
	pthread_join(t, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.generation, c.generation_after);
	assert_int_equal(r.rows, 0);
	pthread_barrier_destroy(&start);
	worker_close(&w);
	server_close(&sv);
	view_own_write_wait_ns = wait_was;
}

struct memo_asker {
	struct unit_view *v;
	const char *key;
	bool hit;
	struct http_resp rs;
};

/* Asks for the reply kept under key (sent into its own response when kept). */
static bool memo_reply(struct unit_view *v, const char *key, struct http_resp *rs)
{
	memset(rs, 0, sizeof *rs);
	sb_init(&rs->body, STRBUF_DEFAULT_MAX);
	return view_memo_reply(rs, v, key);
}

static void *ask_memo(void *arg)
{
	struct memo_asker *m = arg;
	m->hit = memo_reply(m->v, m->key, &m->rs);
	return NULL;
}

/* A memo being rendered is waited for: the second request gets the first one's reply; when
 * the first gives up (releases the view without keeping a reply), the second goes on at once
 * and renders it itself. Once full, the oldest reply is replaced. */
static void test_one_render_for_many(void **state)
{
	(void)state;
	struct server sv;
	struct worker w;
	struct unit_view *v, *mine;
	struct http_resp rs;
	struct zerr e = {0};
	pthread_t t;
	server_open(&sv);
	worker_open(&sv, &w);
	assert_int_equal(view_acquire(&w, "demo", &v, &e), 0);
	assert_int_equal(view_acquire(&w, "demo", &mine, &e), 0);
	assert_false(memo_reply(mine, "dashboard?a", &rs)); /* this thread renders it */
	sb_release(&rs.body);
	struct memo_asker m = {.v = v, .key = "dashboard?a"};
	assert_int_equal(pthread_create(&t, NULL, ask_memo, &m), 0);
	usleep(100 * 1000);
	assert_int_equal(view_memo_put(mine, "dashboard?a", "{\"a\":1}", 7), 0);
	pthread_join(t, NULL);
	assert_true(m.hit);
	assert_string_equal(m.rs.body.buf, "{\"a\":1}");
	sb_release(&m.rs.body);

	assert_false(memo_reply(mine, "dashboard?b", &rs));
	sb_release(&rs.body);
	m = (struct memo_asker){.v = v, .key = "dashboard?b"};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(pthread_create(&t, NULL, ask_memo, &m), 0);
	usleep(100 * 1000);
	view_release(mine); /* gives dashboard?b up */
	pthread_join(t, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_false(m.hit);
	assert_true(t1.tv_sec - t0.tv_sec < 2); /* woken, not timed out */
	sb_release(&m.rs.body);

	/* 64 more replies: the oldest (dashboard?a) makes room, the newest are kept */
	for (int i = 0; i < 64; i++) {
		char key[32];
		snprintf(key, sizeof key, "detail?%d", i);
		assert_int_equal(view_memo_put(v, key, "{}", 2), 0);
	}
	assert_false(memo_reply(v, "dashboard?a", &rs));
	sb_release(&rs.body);
	assert_true(memo_reply(v, "detail?63", &rs));
	assert_string_equal(rs.body.buf, "{}");
	sb_release(&rs.body);
	view_release(v);
	worker_close(&w);
	server_close(&sv);
}

/* Waits (at most 30 s) until n of the kept tallies hold at generation gen. */
static bool tallies_reach(int64_t gen, size_t n)
{
	for (int i = 0; i < 3000; i++) {
		if (rollup_tallies_holding(gen) == n)
			return true;
		nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
	}
	return false;
}

/* The roll-up's tallies across a write of one unit's records: the other units' stay, the
 * written unit's no longer hold and are kept again once counted again, also by a count made
 * before another write. A write notes its unit instead of carrying every tally to the new
 * generation (on a province that was 130,000 entries per write, under the writes' turn). */
static void test_tallies_follow_writes(void **state)
{
	(void)state;
	struct server sv;
	struct worker w;
	struct zerr e = {0};
	int64_t gen, after;
	zdate days[ROLLUP_MONTHS + 1];
	size_t ndays = 0;
	server_open(&sv);
	worker_open(&sv, &w);
	/* the days the count ahead counts: today and the trend's month ends */
	days[ROLLUP_MONTHS] = date_today();
	rollup_month_ends(days[ROLLUP_MONTHS], days);
	for (size_t i = 0; i <= ROLLUP_MONTHS; i++) {
		size_t j = 0;
		while (j < i && days[j] != days[i])
			j++;
		ndays += j == i;
	}
	const size_t units = 4, all = units * ndays;
	assert_int_equal(store_generation(w.store, &gen, &e), 0);
	assert_int_equal(rollup_count_start(&sv.srv, &e), 0);
	assert_true(tallies_reach(gen, all));
	rollup_count_stop();

	api_write(&w, "{\"people\":[{\"id\":\"p-zhudan\",\"name\":\"朱丹改\",\"org\":\"demo\",\"department\":\"academic\"}]}");
	assert_int_equal(store_generation(w.store, &after, &e), 0);
	assert_int_equal(after, gen + 1);
	assert_int_equal(rollup_tallies_holding(gen), 0);
	assert_int_equal(rollup_tallies_holding(after), all - ndays);

	/* A count made before a write and kept after it: the count ahead loads the store at
	 * `after`, and a write of xl-school's records commits before it keeps its tallies (noted
	 * here as api_import notes it). What it counted is kept as of `after`: demo's tallies hold
	 * again, in place of the old ones, xl-school's do not, the others stay (before, the first
	 * keep of the older count cleared every tally). */
	rollup_advance("xl-school", after, after + 1);
	assert_int_equal(rollup_tallies_holding(after + 1), all - 2 * ndays);
	assert_int_equal(rollup_count_start(&sv.srv, &e), 0);
	assert_true(tallies_reach(after + 1, all - ndays));
	rollup_count_stop();
	assert_int_equal(rollup_tallies_holding(after + 1), all - ndays);
	worker_close(&w);
	server_close(&sv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_leaves_the_view),
		cmocka_unit_test(test_index_of_every_unit),
		cmocka_unit_test(test_readers_beside_writes),
		cmocka_unit_test(test_one_build_for_many),
		cmocka_unit_test(test_read_waits_for_the_write_in_its_turn),
		cmocka_unit_test(test_one_render_for_many),
		cmocka_unit_test(test_tallies_follow_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
