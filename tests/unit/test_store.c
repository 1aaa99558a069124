/* The SQLite store (open, migrate, put/load round trips, unit filter, transactions, the
 * never-delete trigger) and zeren/v1 import/export on top of it: every bad input is refused
 * with source:line and JSON path and changes nothing; re-import updates; export∘import is the
 * identity. */
#include "testutil.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embedded.h"
#include "core/import.h"
#include "store/sql.h"
#include "store/store.h"

/* ---- helpers ------------------------------------------------------------------------------- */




/* Each test gets a fresh data directory and an open store. */
struct fixture {
	char *dir;
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct zerr e = {0};
	if (!fx)
		return -1;
	fx->dir = make_tmpdir();
	if (store_open(fx->dir, &fx->s, &e)) {
		fprintf(stderr, "store_open: %s\n", e.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	store_close(fx->s);
	remove_dir(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* Record counts of what the store holds. */
struct counts {
	size_t orgs, depts, people, bodies, leads, appts, systems, agreements;
};

static struct counts count_store(struct store *s)
{
	struct facts f;
	struct zerr e = {0};
	facts_init(&f);
	if (store_load(s, &f, NULL, &e))
		fail_msg("store_load: %s", e.msg);
	struct counts c = {f.orgs.n, f.depts.n, f.people.n, f.bodies.n, f.leads.n, f.appts.n, f.systems.n,
			   f.agreements.n};
	facts_release(&f);
	return c;
}

static void assert_counts_equal(struct counts a, struct counts b)
{
	assert_int_equal(a.orgs, b.orgs);
	assert_int_equal(a.depts, b.depts);
	assert_int_equal(a.people, b.people);
	assert_int_equal(a.bodies, b.bodies);
	assert_int_equal(a.leads, b.leads);
	assert_int_equal(a.appts, b.appts);
	assert_int_equal(a.systems, b.systems);
	assert_int_equal(a.agreements, b.agreements);
}

/* The name of person `id` in the store, copied into buf. */
static const char *stored_person_name(struct store *s, const char *id, char *buf, size_t n)
{
	struct facts f;
	struct zerr e = {0};
	facts_init(&f);
	if (store_load(s, &f, NULL, &e))
		fail_msg("store_load: %s", e.msg);
	zidx i = hmap_get(&f.person_ids, id);
	if (i < 0)
		fail_msg("no person %s", id);
	snprintf(buf, n, "%s", f.people.v[i].name);
	facts_release(&f);
	return buf;
}

static const char *S(struct facts *f, const char *s)
{
	return facts_str(f, s);
}

/* ---- open and migrate -------------------------------------------------------------------- */

static void test_open_creates_and_migrates(void **state)
{
	(void)state;
	char *base = make_tmpdir();
	char dir[4200], db[4300];
	snprintf(dir, sizeof dir, "%s/data", base);
	snprintf(db, sizeof db, "%s/zeren.db", dir);
	struct stat st;
	assert_int_not_equal(stat(dir, &st), 0); /* does not exist yet */

	struct store *s = NULL;
	struct zerr e = {0};
	if (store_open(dir, &s, &e))
		fail_msg("store_open: %s", e.msg);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	if (!on_postgres()) /* PostgreSQL: the directory's schema */
		assert_int_equal(stat(db, &st), 0);
	int v = store_schema_version(s);
	assert_true(v >= 2); /* 001_core and 002_calendar */
	/* an empty store loads as nothing */
	struct counts c = count_store(s);
	struct counts zero = {0};
	assert_counts_equal(c, zero);
	store_close(s);

	/* reopening keeps the version and applies nothing twice */
	s = NULL;
	if (store_open(dir, &s, &e))
		fail_msg("store_open again: %s", e.msg);
	assert_int_equal(store_schema_version(s), v);
	store_close(s);

	/* a data directory that cannot be created: under a file */
	char bad[4400], plain[4300];
	snprintf(plain, sizeof plain, "%s/plain", dir);
	FILE *pf = fopen(plain, "w");
	assert_non_null(pf);
	fclose(pf);
	snprintf(bad, sizeof bad, "%s/sub", plain);
	s = NULL;
	assert_int_equal(store_open(bad, &s, &e), ZE_IO);
	assert_null(s);
	assert_non_null(strstr(e.msg, bad));

	remove_dir(base);
	free(base);
}

/* ---- put / load round trip ----------------------------------------------------------------- */

/* Builds a unit with every kind of record, NULLs where the model allows them. */
static void build_unit(struct facts *f)
{
	facts_init(f);
	/* the child first: parent references are checked at commit */
	zidx u = facts_add_org(f, &(struct org){S(f, "u"), S(f, "测试学院"), NULL, S(f, "strict-fulltime"), 1, NULL, 0, 0});
	zidx root = facts_add_org(f, &(struct org){S(f, "root"), S(f, "省网信办"), S(f, "province"), S(f, "default"), ZIDX_NONE, NULL, 0, 0});
	assert_int_equal(u, 0);
	assert_int_equal(root, 1);
	zidx d1 = facts_add_dept(f, &(struct dept){S(f, "d1"), S(f, "网络信息中心"), u, ZIDX_NONE});
	zidx d2 = facts_add_dept(f, &(struct dept){S(f, "d2"), S(f, "融媒体中心"), u, d1});
	(void)d2;
	zidx p1 = facts_add_person(f, &(struct person){S(f, "p1"), S(f, "王五"), u, d1, D("2024-03-01")});
	zidx p2 = facts_add_person(f, &(struct person){S(f, "p2"), S(f, "李四"), u, ZIDX_NONE, ZDATE_NONE});
	zidx lg = facts_add_body(f, &(struct body){S(f, "lg"), S(f, "领导小组"), u, BODY_LEADING_GROUP});
	zidx wg = facts_add_body(f, &(struct body){S(f, "wg"), S(f, "工作组"), u, BODY_WORKING_GROUP});
	facts_add_lead(f, &(struct body_lead){lg, wg});
	zidx s1 = facts_add_system(f, &(struct zsystem){S(f, "s1"), S(f, "教务系统"), S(f, "51340099999-00001"), u, d1, 3,
							 TRI_TRUE, TRI_FALSE, D("2023-05-01"), D("2025-03-10"), NULL});
	facts_add_system(f, &(struct zsystem){S(f, "s2"), S(f, "图书馆系统"), NULL, u, ZIDX_NONE, 0, TRI_NULL, TRI_NULL,
					      ZDATE_NONE, ZDATE_NONE, NULL});
	facts_add_appt(f, &(struct appt){p1, u, ZIDX_NONE, ZIDX_NONE, ZIDX_NONE, POST_SECURITY_ADMIN, SEAT_NONE, TRI_TRUE,
					 D("2024-01-01"), ZDATE_MAX});
	facts_add_appt(f, &(struct appt){p1, u, d1, ZIDX_NONE, ZIDX_NONE, POST_DEPARTMENT_HEAD, SEAT_NONE, TRI_FALSE,
					 D("2022-09-01"), D("2024-01-01")});
	facts_add_appt(f, &(struct appt){p2, u, ZIDX_NONE, s1, ZIDX_NONE, POST_SYSTEM_ADMIN, SEAT_NONE, TRI_NULL,
					 D("2023-01-01"), ZDATE_MAX});
	facts_add_appt(f, &(struct appt){p2, u, ZIDX_NONE, ZIDX_NONE, wg, POST_NONE, SEAT_MEMBER, TRI_NULL,
					 D("2024-01-01"), D("2025-01-01")});
	facts_add_agreement(f, &(struct agreement){S(f, "g0"), u, p1, AGREEMENT_KEY_POST_SECURITY, D("2024-01-01"),
						   D("2026-12-31"), D("2024-01-02"), POST_SECURITY_ADMIN, ZIDX_NONE});
	facts_add_agreement(f, &(struct agreement){S(f, "g1"), u, ZIDX_NONE, AGREEMENT_RESPONSIBILITY_LETTER,
						   D("2025-01-01"), ZDATE_MAX, ZDATE_NONE, POST_NONE, d1});
}

static int put_all(struct store *s, const struct facts *f, struct zerr *e)
{
	int rc;
#define PUT_EACH(n, fn)                                    \
	for (size_t i = 0; i < (n); i++)                   \
		if ((rc = fn(s, f, (zidx)i, e)))           \
			return rc;
	PUT_EACH(f->orgs.n, store_put_org)
	PUT_EACH(f->depts.n, store_put_dept)
	PUT_EACH(f->people.n, store_put_person)
	PUT_EACH(f->bodies.n, store_put_body)
	PUT_EACH(f->leads.n, store_put_lead)
	PUT_EACH(f->systems.n, store_put_system)
	PUT_EACH(f->appts.n, store_put_appt)
	PUT_EACH(f->agreements.n, store_put_agreement)
#undef PUT_EACH
	return 0;
}

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : "(none)")

static void assert_str_or_null(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Compares two facts record by record (by position and by the ids of what they refer to). */
static void assert_facts_equal(const struct facts *a, const struct facts *b)
{
	assert_int_equal(a->orgs.n, b->orgs.n);
	for (size_t i = 0; i < a->orgs.n; i++) {
		const struct org *x = &a->orgs.v[i], *y = &b->orgs.v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_str_or_null(x->kind, y->kind);
		assert_str_or_null(x->policy, y->policy);
		assert_string_equal(ID_OF(a, orgs, x->parent), ID_OF(b, orgs, y->parent));
	}
	assert_int_equal(a->depts.n, b->depts.n);
	for (size_t i = 0; i < a->depts.n; i++) {
		const struct dept *x = &a->depts.v[i], *y = &b->depts.v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_string_equal(ID_OF(a, orgs, x->org), ID_OF(b, orgs, y->org));
		assert_string_equal(ID_OF(a, depts, x->parent), ID_OF(b, depts, y->parent));
	}
	assert_int_equal(a->people.n, b->people.n);
	for (size_t i = 0; i < a->people.n; i++) {
		const struct person *x = &a->people.v[i], *y = &b->people.v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_string_equal(ID_OF(a, orgs, x->org), ID_OF(b, orgs, y->org));
		assert_string_equal(ID_OF(a, depts, x->dept), ID_OF(b, depts, y->dept));
		assert_int_equal(x->background_check, y->background_check);
	}
	assert_int_equal(a->bodies.n, b->bodies.n);
	for (size_t i = 0; i < a->bodies.n; i++) {
		const struct body *x = &a->bodies.v[i], *y = &b->bodies.v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->kind, y->kind);
		assert_string_equal(ID_OF(a, orgs, x->org), ID_OF(b, orgs, y->org));
	}
	assert_int_equal(a->leads.n, b->leads.n);
	for (size_t i = 0; i < a->leads.n; i++) {
		assert_string_equal(ID_OF(a, bodies, a->leads.v[i].body), ID_OF(b, bodies, b->leads.v[i].body));
		assert_string_equal(ID_OF(a, bodies, a->leads.v[i].led), ID_OF(b, bodies, b->leads.v[i].led));
	}
	assert_int_equal(a->systems.n, b->systems.n);
	for (size_t i = 0; i < a->systems.n; i++) {
		const struct zsystem *x = &a->systems.v[i], *y = &b->systems.v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_str_or_null(x->filing_no, y->filing_no);
		assert_string_equal(ID_OF(a, orgs, x->org), ID_OF(b, orgs, y->org));
		assert_string_equal(ID_OF(a, depts, x->owner_dept), ID_OF(b, depts, y->owner_dept));
		assert_int_equal(x->mlps_level, y->mlps_level);
		assert_int_equal(x->critical_infrastructure, y->critical_infrastructure);
		assert_int_equal(x->public_website, y->public_website);
		assert_int_equal(x->filed_on, y->filed_on);
		assert_int_equal(x->last_assessed_on, y->last_assessed_on);
	}
	assert_int_equal(a->appts.n, b->appts.n);
	for (size_t i = 0; i < a->appts.n; i++) {
		const struct appt *x = &a->appts.v[i], *y = &b->appts.v[i];
		assert_string_equal(ID_OF(a, people, x->person), ID_OF(b, people, y->person));
		assert_string_equal(ID_OF(a, orgs, x->org), ID_OF(b, orgs, y->org));
		assert_string_equal(ID_OF(a, depts, x->dept), ID_OF(b, depts, y->dept));
		assert_string_equal(ID_OF(a, systems, x->system), ID_OF(b, systems, y->system));
		assert_string_equal(ID_OF(a, bodies, x->body), ID_OF(b, bodies, y->body));
		assert_int_equal(x->post, y->post);
		assert_int_equal(x->seat, y->seat);
		assert_int_equal(x->full_time, y->full_time);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
	}
	assert_int_equal(a->agreements.n, b->agreements.n);
	for (size_t i = 0; i < a->agreements.n; i++) {
		const struct agreement *x = &a->agreements.v[i], *y = &b->agreements.v[i];
		assert_string_equal(x->id, y->id);
		assert_string_equal(ID_OF(a, orgs, x->org), ID_OF(b, orgs, y->org));
		assert_string_equal(ID_OF(a, people, x->person), ID_OF(b, people, y->person));
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_int_equal(x->signed_on, y->signed_on);
	}
}

static void test_put_load_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct facts in, out;
	struct zerr e = {0};
	build_unit(&in);
	assert_int_equal(store_begin(fx->s, &e), 0);
	if (put_all(fx->s, &in, &e))
		fail_msg("put: %s", e.msg);
	if (store_commit(fx->s, &e))
		fail_msg("commit: %s", e.msg);
	facts_init(&out);
	if (store_load(fx->s, &out, NULL, &e))
		fail_msg("load: %s", e.msg);
	assert_facts_equal(&in, &out);
	/* the NULLs came back as NULLs */
	assert_null(out.orgs.v[0].kind);
	assert_int_equal(out.orgs.v[1].parent, ZIDX_NONE);
	assert_int_equal(out.people.v[1].background_check, ZDATE_NONE);
	assert_int_equal(out.people.v[1].dept, ZIDX_NONE);
	assert_int_equal(out.appts.v[0].to, ZDATE_MAX);
	assert_int_equal(out.appts.v[0].full_time, TRI_TRUE);
	assert_int_equal(out.appts.v[1].full_time, TRI_FALSE);
	assert_int_equal(out.appts.v[2].full_time, TRI_NULL);
	assert_int_equal(out.appts.v[3].seat, SEAT_MEMBER);
	assert_int_equal(out.appts.v[3].post, POST_NONE);
	assert_int_equal(out.systems.v[1].mlps_level, 0);
	assert_null(out.systems.v[1].filing_no);
	assert_int_equal(out.systems.v[1].filed_on, ZDATE_NONE);
	assert_int_equal(out.systems.v[1].critical_infrastructure, TRI_NULL);
	assert_int_equal(out.systems.v[0].critical_infrastructure, TRI_TRUE);
	assert_int_equal(out.systems.v[0].public_website, TRI_FALSE);
	assert_int_equal(out.agreements.v[1].person, ZIDX_NONE);
	assert_int_equal(out.agreements.v[1].signed_on, ZDATE_NONE);
	assert_int_equal(out.agreements.v[1].to, ZDATE_MAX);
	facts_release(&out);

	/* putting again updates in place: ids (and appointments' natural keys) do not duplicate */
	in.people.v[0].name = S(&in, "王五（改）");
	in.appts.v[0].to = D("2026-06-01");
	in.appts.v[0].full_time = TRI_FALSE;
	in.systems.v[0].mlps_level = 4;
	assert_int_equal(store_begin(fx->s, &e), 0);
	if (put_all(fx->s, &in, &e))
		fail_msg("put again: %s", e.msg);
	assert_int_equal(store_commit(fx->s, &e), 0);
	facts_init(&out);
	assert_int_equal(store_load(fx->s, &out, NULL, &e), 0);
	assert_facts_equal(&in, &out);
	assert_string_equal(out.people.v[0].name, "王五（改）");
	facts_release(&out);

	/* and it survives closing and reopening */
	store_close(fx->s);
	fx->s = NULL;
	if (store_open(fx->dir, &fx->s, &e))
		fail_msg("reopen: %s", e.msg);
	facts_init(&out);
	assert_int_equal(store_load(fx->s, &out, NULL, &e), 0);
	assert_facts_equal(&in, &out);
	facts_release(&out);
	facts_release(&in);
}

/* ---- the unit filter ----------------------------------------------------------------------- */

static void build_two_units(struct facts *f)
{
	facts_init(f);
	const char *ids[2] = {"a", "b"};
	for (int k = 0; k < 2; k++) {
		char buf[32];
		zidx u = facts_add_org(f, &(struct org){S(f, ids[k]), S(f, ids[k]), NULL, S(f, "default"), ZIDX_NONE, NULL, 0, 0});
		snprintf(buf, sizeof buf, "%s-d", ids[k]);
		zidx d = facts_add_dept(f, &(struct dept){S(f, buf), S(f, buf), u, ZIDX_NONE});
		snprintf(buf, sizeof buf, "%s-p", ids[k]);
		zidx p = facts_add_person(f, &(struct person){S(f, buf), S(f, buf), u, d, ZDATE_NONE});
		snprintf(buf, sizeof buf, "%s-lg", ids[k]);
		zidx lg = facts_add_body(f, &(struct body){S(f, buf), S(f, buf), u, BODY_LEADING_GROUP});
		snprintf(buf, sizeof buf, "%s-wg", ids[k]);
		zidx wg = facts_add_body(f, &(struct body){S(f, buf), S(f, buf), u, BODY_WORKING_GROUP});
		if (k == 0)
			facts_add_lead(f, &(struct body_lead){lg, wg});
		snprintf(buf, sizeof buf, "%s-s", ids[k]);
		zidx s = facts_add_system(f, &(struct zsystem){S(f, buf), S(f, buf), NULL, u, d, 2, TRI_NULL, TRI_NULL,
							       ZDATE_NONE, ZDATE_NONE, NULL});
		facts_add_appt(f, &(struct appt){p, u, ZIDX_NONE, s, ZIDX_NONE, POST_SYSTEM_ADMIN, SEAT_NONE, TRI_NULL,
						 D("2024-01-01"), ZDATE_MAX});
		facts_add_appt(f, &(struct appt){p, u, ZIDX_NONE, ZIDX_NONE, lg, POST_NONE, SEAT_LEADER, TRI_NULL,
						 D("2024-01-01"), ZDATE_MAX});
		snprintf(buf, sizeof buf, "%s-g", ids[k]);
		facts_add_agreement(f, &(struct agreement){S(f, buf), u, p, AGREEMENT_CONFIDENTIALITY, D("2024-01-01"),
							   ZDATE_MAX, D("2024-01-01"), POST_NONE, ZIDX_NONE});
	}
}

static void test_load_one_unit(void **state)
{
	struct fixture *fx = *state;
	struct facts in, out;
	struct zerr e = {0};
	build_two_units(&in);
	assert_int_equal(store_begin(fx->s, &e), 0);
	if (put_all(fx->s, &in, &e))
		fail_msg("put: %s", e.msg);
	assert_int_equal(store_commit(fx->s, &e), 0);

	facts_init(&out);
	if (store_load(fx->s, &out, "b", &e))
		fail_msg("load b: %s", e.msg);
	assert_int_equal(out.orgs.n, 2); /* every org row, so the tree is whole */
	zidx b = hmap_get(&out.org_ids, "b");
	assert_true(b >= 0);
	assert_true(hmap_get(&out.org_ids, "a") >= 0);
	assert_int_equal(out.depts.n, 1);
	assert_int_equal(out.people.n, 1);
	assert_int_equal(out.bodies.n, 2);
	assert_int_equal(out.leads.n, 0); /* a's lead is not b's */
	assert_int_equal(out.systems.n, 1);
	assert_int_equal(out.appts.n, 2);
	assert_int_equal(out.agreements.n, 1);
	assert_string_equal(out.depts.v[0].id, "b-d");
	assert_string_equal(out.people.v[0].id, "b-p");
	assert_string_equal(out.systems.v[0].id, "b-s");
	assert_string_equal(out.agreements.v[0].id, "b-g");
	assert_int_equal(out.depts.v[0].org, b);
	assert_int_equal(out.people.v[0].org, b);
	for (size_t i = 0; i < out.appts.n; i++)
		assert_int_equal(out.appts.v[i].org, b);
	assert_int_equal(facts_index(&out), 0);
	facts_release(&out);

	facts_init(&out);
	assert_int_equal(store_load(fx->s, &out, "a", &e), 0);
	assert_int_equal(out.leads.n, 1);
	assert_int_equal(out.people.n, 1);
	facts_release(&out);

	facts_init(&out);
	assert_int_equal(store_load(fx->s, &out, "nope", &e), ZE_NOTFOUND);
	assert_non_null(strstr(e.msg, "nope"));
	facts_release(&out);
	facts_release(&in);
}

/* ---- transactions ---------------------------------------------------------------------- */

static void test_rollback(void **state)
{
	struct fixture *fx = *state;
	struct facts in;
	struct zerr e = {0};
	build_unit(&in);
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(put_all(fx->s, &in, &e), 0);
	store_rollback(fx->s);
	struct counts zero = {0};
	assert_counts_equal(count_store(fx->s), zero);

	/* the same in a bulk transaction */
	assert_int_equal(store_begin_bulk(fx->s, &e), 0);
	assert_int_equal(put_all(fx->s, &in, &e), 0);
	store_rollback(fx->s);
	assert_counts_equal(count_store(fx->s), zero);

	/* after a rollback the store still works */
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(put_all(fx->s, &in, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	struct counts c = count_store(fx->s);
	assert_int_equal(c.orgs, 2);
	assert_int_equal(c.appts, 4);
	assert_int_equal(c.agreements, 2);

	/* a foreign-key violation (outside bulk mode) fails the commit or the put, and nothing stays */
	struct facts bad;
	facts_init(&bad);
	zidx u = facts_add_org(&bad, &(struct org){S(&bad, "x"), S(&bad, "x"), NULL, S(&bad, "default"), ZIDX_NONE, NULL, 0, 0});
	zidx ghost = facts_add_org(&bad, &(struct org){S(&bad, "ghost"), S(&bad, "ghost"), NULL, NULL, ZIDX_NONE, NULL, 0, 0});
	facts_add_person(&bad, &(struct person){S(&bad, "px"), S(&bad, "px"), ghost, ZIDX_NONE, ZDATE_NONE});
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(store_put_org(fx->s, &bad, u, &e), 0);
	int rc = store_put_person(fx->s, &bad, 0, &e); /* org 'ghost' was never written */
	if (!rc)
		rc = store_commit(fx->s, &e);
	assert_int_not_equal(rc, 0);
	store_rollback(fx->s);
	assert_counts_equal(count_store(fx->s), c);
	facts_release(&bad);
	facts_release(&in);
}

/* A rolled-back insert leaves PostgreSQL's identity sequence advanced; store_ids_follow sets it
 * back past the rows there are, so a retried copy (zeren migrate) gives the same ids. */
static void test_ids_follow_after_rollback(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	struct request_row r = {.kind = "disable", .account = 1, .requested_by = "cli", .requested_at = 1795000000};
	int64_t first, again, next;
	assert_int_equal(store_begin_bulk(fx->s, &e), 0); /* the account is not there: keys checked at commit */
	assert_int_equal(store_request_insert(fx->s, &r, &first, &e), 0);
	assert_int_equal(store_request_insert(fx->s, &r, &next, &e), 0);
	store_rollback(fx->s);
	assert_int_equal(store_begin_bulk(fx->s, &e), 0);
	assert_int_equal(store_ids_follow(fx->s, &e), 0);
	assert_int_equal(store_request_insert(fx->s, &r, &again, &e), 0);
	assert_int_equal(again, first);
	store_rollback(fx->s);
}

/* A connection the server closed (a restart, a failover, pg_terminate_backend) is opened again
 * between transactions: the next read and the next write work without restarting. */
static void test_lost_connection_opened_again(void **state)
{
	struct fixture *fx = *state;
	struct facts in;
	struct zerr e = {0};
	if (!on_postgres())
		skip();
	build_unit(&in);
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(put_all(fx->s, &in, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	facts_release(&in);
	const char *kill = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
			   "WHERE pid <> pg_backend_pid() AND datname = current_database()";
	assert_int_equal(raw_sql_dir(fx->dir, kill, NULL, 0), 0);
	assert_int_equal(count_store(fx->s).appts, 4);
	assert_int_equal(raw_sql_dir(fx->dir, kill, NULL, 0), 0);
	build_unit(&in);
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(put_all(fx->s, &in, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	facts_release(&in);
	assert_int_equal(count_store(fx->s).appts, 4);
}

static void test_appointments_never_deleted(void **state)
{
	struct fixture *fx = *state;
	struct facts in;
	struct zerr e = {0};
	build_unit(&in);
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(put_all(fx->s, &in, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	facts_release(&in);

	char err[512];
	assert_int_equal(raw_sql_dir(fx->dir, "DELETE FROM appointment", err, sizeof err), DB_REFUSED);
	assert_non_null(strstr(err, "never deleted"));
	assert_int_equal(raw_sql_dir(fx->dir, "DELETE FROM appointment WHERE post = 'security_admin'", NULL, 0),
			 DB_REFUSED);
	/* ending one is how it is done */
	assert_int_equal(raw_sql_dir(fx->dir, "UPDATE appointment SET to_date = '2026-01-01' WHERE post = 'security_admin'",
				     NULL, 0), 0);
	/* the schema refuses an inverted interval too */
	assert_int_equal(raw_sql_dir(fx->dir, "UPDATE appointment SET to_date = '2000-01-01' WHERE post = 'security_admin'",
				     NULL, 0), DB_REFUSED);

	struct counts c = count_store(fx->s);
	assert_int_equal(c.appts, 4);
	struct facts f;
	facts_init(&f);
	assert_int_equal(store_load(fx->s, &f, NULL, &e), 0);
	assert_int_equal(f.appts.v[0].to, D("2026-01-01"));
	facts_release(&f);
}

/* ---- import: a small document, one record per line ------------------------------------------- */

static const char *const doc_lines[] = {
	/*  1 */ "{\"format\": \"zeren/v1\",",
	/*  2 */ "\"organizations\": [",
	/*  3 */ "  {\"id\": \"u\", \"name\": \"测试学院\", \"kind\": \"university\", \"parent\": null, \"policy\": \"default\", \"departments\": [",
	/*  4 */ "    {\"id\": \"d1\", \"name\": \"网络信息中心\", \"parent\": null},",
	/*  5 */ "    {\"id\": \"d2\", \"name\": \"图书馆\", \"parent\": null}",
	/*  6 */ "  ]}",
	/*  7 */ "],",
	/*  8 */ "\"people\": [",
	/*  9 */ "  {\"id\": \"p1\", \"name\": \"王五\", \"org\": \"u\", \"department\": \"d1\", \"background_check\": \"2024-03-01\"},",
	/* 10 */ "  {\"id\": \"p2\", \"name\": \"李四\", \"org\": \"u\", \"department\": null, \"background_check\": null}",
	/* 11 */ "],",
	/* 12 */ "\"bodies\": [",
	/* 13 */ "  {\"id\": \"lg\", \"org\": \"u\", \"kind\": \"leading_group\", \"name\": \"领导小组\", \"leads\": [\"wg\"]},",
	/* 14 */ "  {\"id\": \"wg\", \"org\": \"u\", \"kind\": \"working_group\", \"name\": \"工作组\", \"leads\": []}",
	/* 15 */ "],",
	/* 16 */ "\"appointments\": [",
	/* 17 */ "  {\"person\": \"p1\", \"post\": \"security_admin\", \"org\": \"u\", \"department\": null, \"system\": null, \"from\": \"2024-01-01\", \"to\": null, \"full_time\": true},",
	/* 18 */ "  {\"person\": \"p1\", \"post\": \"department_head\", \"org\": \"u\", \"department\": \"d1\", \"system\": null, \"from\": \"2022-09-01\", \"to\": \"2024-01-01\", \"full_time\": null},",
	/* 19 */ "  {\"person\": \"p2\", \"post\": \"system_admin\", \"org\": \"u\", \"department\": null, \"system\": \"portal\", \"from\": \"2024-01-01\", \"to\": null, \"full_time\": false},",
	/* 20 */ "  {\"person\": \"p2\", \"body\": \"wg\", \"seat\": \"member\", \"from\": \"2024-01-01\", \"to\": null}",
	/* 21 */ "],",
	/* 22 */ "\"systems\": [",
	/* 23 */ "  {\"id\": \"portal\", \"org\": \"u\", \"name\": \"门户网站\", \"owner_department\": \"d1\", \"mlps_level\": 2, \"filing_no\": \"51340099999-00001\", \"filed_on\": \"2023-05-01\", \"last_assessed_on\": null, \"critical_infrastructure\": false, \"public_website\": true}",
	/* 24 */ "],",
	/* 25 */ "\"agreements\": [",
	/* 26 */ "  {\"id\": \"a-1\", \"kind\": \"key_post_security\", \"org\": \"u\", \"person\": \"p1\", \"from\": \"2024-01-01\", \"to\": \"2026-12-31\", \"signed_on\": \"2024-01-02\"}",
	/* 27 */ "]",
	/* 28 */ "}",
};
#define NLINES (sizeof doc_lines / sizeof doc_lines[0])

/* The document with line `at` (1-based; 0 = none) replaced by `repl` (which may hold several
 * lines), and optionally a second replacement. */
static void build_doc2(size_t at, const char *repl, size_t at2, const char *repl2, struct strbuf *out)
{
	sb_reset(out);
	for (size_t i = 0; i < NLINES; i++) {
		const char *line = doc_lines[i];
		if (i + 1 == at)
			line = repl;
		else if (i + 1 == at2)
			line = repl2;
		sb_adds(out, line);
		sb_addc(out, '\n');
	}
	assert_false(out->overflow);
}

static void build_doc(size_t at, const char *repl, struct strbuf *out)
{
	build_doc2(at, repl, 0, NULL, out);
}

static void import_ok(struct store *s, const struct strbuf *doc, struct import_stats *st)
{
	struct zerr e = {0};
	if (import_document(s, doc->buf, doc->len, "good.json", st, &e))
		fail_msg("import: %s", e.msg);
}

static void import_base(struct store *s)
{
	struct strbuf doc = STRBUF_INIT;
	struct import_stats st;
	build_doc(0, NULL, &doc);
	import_ok(s, &doc, &st);
	assert_int_equal(st.orgs, 1);
	assert_int_equal(st.depts, 2);
	assert_int_equal(st.people, 2);
	assert_int_equal(st.bodies, 2);
	assert_int_equal(st.appts, 4);
	assert_int_equal(st.systems, 1);
	assert_int_equal(st.agreements, 1);
	sb_release(&doc);
}

/* Imports text, expecting ZE_INVALID with each of the wanted strings in the message, and the
 * store (counts and p1's name) unchanged. */
static void expect_bad(struct store *s, const char *text, size_t len, const char *const *want)
{
	struct zerr e = {0};
	char before_name[256], after_name[256];
	struct counts before = count_store(s);
	stored_person_name(s, "p1", before_name, sizeof before_name);
	int rc = import_document(s, text, len, "bad.json", NULL, &e);
	if (rc != ZE_INVALID)
		fail_msg("expected ZE_INVALID, got %d: %s\n--- input ---\n%s", rc, e.msg, text);
	for (; *want; want++)
		if (!strstr(e.msg, *want))
			fail_msg("message lacks '%s': %s", *want, e.msg);
	assert_counts_equal(count_store(s), before);
	assert_string_equal(stored_person_name(s, "p1", after_name, sizeof after_name), before_name);
}

static void expect_bad_line(struct store *s, size_t at, const char *repl, const char *w1, const char *w2,
			    const char *w3)
{
	struct strbuf doc = STRBUF_INIT;
	const char *want[] = {w1, w2, w3, NULL};
	build_doc(at, repl, &doc);
	expect_bad(s, doc.buf, doc.len, want);
	sb_release(&doc);
}

static void test_import_bad_inputs(void **state)
{
	struct fixture *fx = *state;
	import_base(fx->s);

	/* JSON syntax error inside a record */
	expect_bad_line(fx->s, 10, "  {\"id\": \"p2\", \"name\": \"李四\" \"org\": \"u\"}", "bad.json:10:", "$.people[1]", NULL);
	/* unknown reference */
	expect_bad_line(fx->s, 17,
			"  {\"person\": \"p9\", \"post\": \"security_admin\", \"org\": \"u\", \"from\": \"2024-01-01\"},",
			"bad.json:17:", "$.appointments[0].person", "p9");
	expect_bad_line(fx->s, 9, "  {\"id\": \"p1\", \"name\": \"王五\", \"org\": \"u\", \"department\": \"d9\"},",
			"bad.json:9:", "$.people[0].department", "d9");
	expect_bad_line(fx->s, 23,
			"  {\"id\": \"portal\", \"org\": \"u\", \"name\": \"门户网站\", \"owner_department\": \"nowhere\"}",
			"bad.json:23:", "$.systems[0].owner_department", "nowhere");
	expect_bad_line(fx->s, 13, "  {\"id\": \"lg\", \"org\": \"u\", \"kind\": \"leading_group\", \"name\": \"领导小组\", \"leads\": [\"xx\"]},",
			"bad.json:13:", "$.bodies[0].leads", "xx");
	/* inverted interval, and an empty one */
	expect_bad_line(fx->s, 18,
			"  {\"person\": \"p1\", \"post\": \"department_head\", \"org\": \"u\", \"department\": \"d1\", \"from\": \"2022-09-01\", \"to\": \"2022-01-01\"},",
			"bad.json:18:", "$.appointments[1].to", NULL);
	expect_bad_line(fx->s, 18,
			"  {\"person\": \"p1\", \"post\": \"department_head\", \"org\": \"u\", \"department\": \"d1\", \"from\": \"2022-09-01\", \"to\": \"2022-09-01\"},",
			"bad.json:18:", "$.appointments[1].to", NULL);
	expect_bad_line(fx->s, 26,
			"  {\"id\": \"a-1\", \"kind\": \"key_post_security\", \"org\": \"u\", \"person\": \"p1\", \"from\": \"2024-01-01\", \"to\": \"2023-12-31\"}",
			"bad.json:26:", "$.agreements[0].to", NULL);
	/* overlapping appointments: same person, post and scope */
	expect_bad_line(fx->s, 17,
			"  {\"person\": \"p1\", \"post\": \"security_admin\", \"org\": \"u\", \"from\": \"2024-01-01\", \"to\": null},\n"
			"  {\"person\": \"p1\", \"post\": \"security_admin\", \"org\": \"u\", \"from\": \"2025-01-01\", \"to\": null},",
			"bad.json:18:", "$.appointments[1]", "$.appointments[0]");
	/* the same with a seat */
	expect_bad_line(fx->s, 20,
			"  {\"person\": \"p2\", \"body\": \"wg\", \"seat\": \"member\", \"from\": \"2024-01-01\", \"to\": null},\n"
			"  {\"person\": \"p2\", \"body\": \"wg\", \"seat\": \"member\", \"from\": \"2024-06-01\", \"to\": \"2024-07-01\"}",
			"bad.json:21:", "$.appointments[4]", "overlaps");
	/* unknown post, unknown body kind, unknown seat */
	expect_bad_line(fx->s, 17,
			"  {\"person\": \"p1\", \"post\": \"janitor\", \"org\": \"u\", \"from\": \"2024-01-01\"},",
			"bad.json:17:", "$.appointments[0].post", "janitor");
	expect_bad_line(fx->s, 14, "  {\"id\": \"wg\", \"org\": \"u\", \"kind\": \"committee\", \"name\": \"工作组\"}",
			"bad.json:14:", "$.bodies[1].kind", "committee");
	expect_bad_line(fx->s, 20, "  {\"person\": \"p2\", \"body\": \"wg\", \"seat\": \"chair\", \"from\": \"2024-01-01\"}",
			"bad.json:20:", "$.appointments[3].seat", "chair");
	/* duplicate id in one file */
	expect_bad_line(fx->s, 10, "  {\"id\": \"p1\", \"name\": \"李四\", \"org\": \"u\"}", "bad.json:10:", "$.people[1].id",
			"$.people[0]");
	/* departments are read with their organization, so the line is the organization's */
	expect_bad_line(fx->s, 5, "    {\"id\": \"d1\", \"name\": \"图书馆\"}", "bad.json:3:",
			"$.organizations[0].departments[1].id", "duplicate");
	/* unknown field */
	expect_bad_line(fx->s, 9,
			"  {\"id\": \"p1\", \"name\": \"王五\", \"org\": \"u\", \"email\": \"x@example.com\"},",
			"bad.json:9:", "$.people[0].email", "unknown field");
	expect_bad_line(fx->s, 4, "    {\"id\": \"d1\", \"name\": \"网络信息中心\", \"head\": \"p1\"},", "bad.json:3:",
			"$.organizations[0].departments[0].head", "unknown field");
	/* wrong and missing format */
	expect_bad_line(fx->s, 1, "{\"format\": \"zeren/v2\",", "bad.json:1:", "$.format", NULL);
	expect_bad_line(fx->s, 1, "{", "bad.json", "$.format", "missing");
	/* an unknown top-level field */
	expect_bad_line(fx->s, 1, "{\"format\": \"zeren/v1\", \"obligations\": [],", "bad.json:1:", "$.obligations",
			NULL);
	/* a bad date and a bad type */
	expect_bad_line(fx->s, 9,
			"  {\"id\": \"p1\", \"name\": \"王五\", \"org\": \"u\", \"background_check\": \"2024-02-30\"},",
			"bad.json:9:", "$.people[0].background_check", "2024-02-30");
	expect_bad_line(fx->s, 23,
			"  {\"id\": \"portal\", \"org\": \"u\", \"name\": \"门户网站\", \"mlps_level\": 6}",
			"bad.json:23:", "$.systems[0].mlps_level", NULL);
	expect_bad_line(fx->s, 17,
			"  {\"person\": \"p1\", \"post\": \"security_admin\", \"org\": \"u\", \"from\": \"2024-01-01\", \"full_time\": \"yes\"},",
			"bad.json:17:", "$.appointments[0].full_time", NULL);
	/* trailing junk after the document */
	{
		struct strbuf doc = STRBUF_INIT;
		build_doc(28, "}\n}", &doc);
		const char *want[] = {"bad.json:", "after the end", NULL};
		expect_bad(fx->s, doc.buf, doc.len, want);
		sb_release(&doc);
	}
	/* not JSON at all; empty */
	{
		const char *want[] = {"bad.json:1:", NULL};
		expect_bad(fx->s, "[1, 2]", 6, want);
		expect_bad(fx->s, "", 0, want);
	}
	/* one transaction: a good change at the top and an error at the bottom change nothing */
	{
		struct strbuf doc = STRBUF_INIT;
		build_doc2(9, "  {\"id\": \"p1\", \"name\": \"王五五\", \"org\": \"u\", \"department\": \"d1\"},", 26,
			   "  {\"id\": \"a-1\", \"kind\": \"key_post_security\", \"org\": \"u\", \"person\": \"nobody\", \"from\": \"2024-01-01\"}",
			   &doc);
		const char *want[] = {"bad.json:26:", "$.agreements[0].person", NULL};
		expect_bad(fx->s, doc.buf, doc.len, want);
		sb_release(&doc);
	}
	/* an appointment that overlaps one already in the store */
	{
		const char *text = "{\"format\": \"zeren/v1\",\n\"appointments\": [\n"
				   "  {\"person\": \"p1\", \"post\": \"security_admin\", \"org\": \"u\", \"from\": \"2025-01-01\"}\n]}\n";
		const char *want[] = {"bad.json", "stored", NULL};
		struct zerr e = {0};
		struct counts before = count_store(fx->s);
		int rc = import_document(fx->s, text, strlen(text), "bad.json", NULL, &e);
		assert_true(rc == ZE_INVALID || rc == ZE_CONFLICT);
		for (const char *const *w = want; *w; w++)
			if (!strstr(e.msg, *w))
				fail_msg("message lacks '%s': %s", *w, e.msg);
		assert_counts_equal(count_store(fx->s), before);
	}
}

static void test_import_updates(void **state)
{
	struct fixture *fx = *state;
	import_base(fx->s);
	struct counts c = count_store(fx->s);
	assert_int_equal(c.orgs, 1);
	assert_int_equal(c.depts, 2);
	assert_int_equal(c.people, 2);
	assert_int_equal(c.bodies, 2);
	assert_int_equal(c.leads, 1);
	assert_int_equal(c.appts, 4);
	assert_int_equal(c.systems, 1);
	assert_int_equal(c.agreements, 1);

	/* the same file again: same records, no duplicates */
	import_base(fx->s);
	assert_counts_equal(count_store(fx->s), c);

	/* a changed name and an ended appointment are updated in place */
	struct strbuf doc = STRBUF_INIT;
	build_doc2(9, "  {\"id\": \"p1\", \"name\": \"王五五\", \"org\": \"u\", \"department\": \"d1\", \"background_check\": \"2024-03-01\"},",
		   17, "  {\"person\": \"p1\", \"post\": \"security_admin\", \"org\": \"u\", \"department\": null, \"system\": null, \"from\": \"2024-01-01\", \"to\": \"2026-04-01\", \"full_time\": true},",
		   &doc);
	struct import_stats st;
	import_ok(fx->s, &doc, &st);
	assert_int_equal(st.people, 2);
	assert_counts_equal(count_store(fx->s), c);
	char name[64];
	assert_string_equal(stored_person_name(fx->s, "p1", name, sizeof name), "王五五");
	struct facts f;
	struct zerr e = {0};
	facts_init(&f);
	assert_int_equal(store_load(fx->s, &f, NULL, &e), 0);
	bool found = false;
	for (size_t i = 0; i < f.appts.n; i++)
		if (f.appts.v[i].post == POST_SECURITY_ADMIN) {
			found = true;
			assert_int_equal(f.appts.v[i].to, D("2026-04-01"));
		}
	assert_true(found);
	facts_release(&f);

	/* a document with only some records adds to the store and keeps the rest */
	const char *more = "{\"format\": \"zeren/v1\", \"people\": [\n"
			   "  {\"id\": \"p3\", \"name\": \"赵六\", \"org\": \"u\", \"department\": \"d2\"}],\n"
			   "\"appointments\": [\n"
			   "  {\"person\": \"p3\", \"post\": \"security_admin\", \"org\": \"u\", \"from\": \"2026-04-01\", \"full_time\": true}]}\n";
	if (import_document(fx->s, more, strlen(more), "more.json", &st, &e))
		fail_msg("import more: %s", e.msg);
	assert_int_equal(st.people, 1);
	assert_int_equal(st.appts, 1);
	struct counts c2 = count_store(fx->s);
	assert_int_equal(c2.people, c.people + 1);
	assert_int_equal(c2.appts, c.appts + 1);
	assert_int_equal(c2.depts, c.depts);
	sb_release(&doc);
}

/* ---- export∘import ------------------------------------------------------------------------- */

static char *export_store(struct store *s, const char *org_id, size_t *len)
{
	struct facts f;
	struct zerr e = {0};
	char *buf = NULL;
	facts_init(&f);
	if (store_load(s, &f, NULL, &e))
		fail_msg("store_load: %s", e.msg);
	assert_int_equal(facts_index(&f), 0);
	FILE *fp = open_memstream(&buf, len);
	assert_non_null(fp);
	if (export_document(&f, org_id, fp, &e))
		fail_msg("export: %s", e.msg);
	assert_int_equal(fclose(fp), 0);
	facts_release(&f);
	return buf;
}

static void test_export_import_identity(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	const struct embedded_file *ef = embedded_find("demo/demo.json");
	assert_non_null(ef);
	if (import_document(fx->s, ef->data, ef->len, "demo.json", NULL, &e))
		fail_msg("import demo: %s", e.msg);
	size_t len1, len2;
	char *one = export_store(fx->s, NULL, &len1);
	assert_true(len1 > 1000);

	char *dir2 = make_tmpdir();
	struct store *s2 = NULL;
	if (store_open(dir2, &s2, &e))
		fail_msg("store_open: %s", e.msg);
	if (import_document(s2, one, len1, "export.json", NULL, &e))
		fail_msg("import export: %s", e.msg);
	char *two = export_store(s2, NULL, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(one, two, len1);
	assert_counts_equal(count_store(fx->s), count_store(s2));

	/* importing the export onto the store it came from changes nothing */
	struct counts before = count_store(fx->s);
	if (import_document(fx->s, one, len1, "export.json", NULL, &e))
		fail_msg("re-import: %s", e.msg);
	assert_counts_equal(count_store(fx->s), before);
	size_t len3;
	char *three = export_store(fx->s, NULL, &len3);
	assert_int_equal(len1, len3);
	assert_memory_equal(one, three, len1);

	/* one unit; an unknown unit */
	size_t len4;
	char *four = export_store(fx->s, "demo", &len4);
	/* the demo unit alone: less than the store, which also holds its supervisor and the two
	 * units beside it (issue 15) */
	assert_true(len4 > 0 && len4 < len1);
	assert_non_null(strstr(four, "\"id\": \"demo\""));
	assert_null(strstr(four, "\"id\": \"xl-school\""));
	free(four);
	struct facts f;
	facts_init(&f);
	assert_int_equal(store_load(fx->s, &f, NULL, &e), 0);
	assert_int_equal(facts_index(&f), 0);
	char *buf = NULL;
	size_t blen = 0;
	FILE *fp = open_memstream(&buf, &blen);
	assert_int_equal(export_document(&f, "nope", fp, &e), ZE_NOTFOUND);
	fclose(fp);
	free(buf);
	facts_release(&f);

	free(one);
	free(two);
	free(three);
	store_close(s2);
	remove_dir(dir2);
	free(dir2);
}

/* Deliveries are jobs claimed in the database: of two connections (two servers) only one holds
 * a delivery; one whose holder died (its lease ran out) is taken again; a key is queued once;
 * the planning of a unit's day is claimed the same way (core/notify.h). */
static int64_t claimed_id;
static int note_claim(void *ctx, const struct notify_row *r)
{
	(void)ctx;
	claimed_id = r->id;
	return 0;
}

static void test_notify_claims(void **state)
{
	struct fixture *fx = *state;
	struct store *b = NULL;
	struct zerr e = {0};
	bool added = false, mine = false;
	if (store_open(fx->dir, &b, &e))
		fail_msg("store_open: %s", e.msg);
	struct notify_row r = {.key = "duty.due|x|3|p|mail", .org = "u", .rule = "duty.due", .object = "x",
			       .person = "p", .channel = "mail", .subject = "s", .body = "b", .next_at = 100,
			       .created_at = 90};
	assert_int_equal(store_notify_add(fx->s, &r, &added, &e), 0);
	assert_true(added);
	assert_int_equal(store_notify_add(b, &r, &added, &e), 0);
	assert_false(added); /* the same key: queued once */
	struct notify_row inbox = r;
	inbox.key = "duty.due|x|3|p|inbox";
	inbox.channel = "inbox";
	inbox.state = "sent";
	assert_int_equal(store_notify_add(fx->s, &inbox, &added, &e), 0);

	assert_int_equal(store_notify_claim(fx->s, 50, "a", 250, note_claim, NULL, &e), ZE_NOTFOUND); /* not due */
	claimed_id = 0;
	assert_int_equal(store_notify_claim(fx->s, 100, "a", 200, note_claim, NULL, &e), 0);
	int64_t id = claimed_id;
	assert_true(id > 0);
	assert_int_equal(store_notify_claim(b, 150, "b", 300, note_claim, NULL, &e), ZE_NOTFOUND); /* held by a */
	struct notify_row done = {.state = "sent", .attempts = 1, .next_at = 150, .answer = "250", .sent_at = 150};
	assert_int_equal(store_notify_finish(b, id, "b", &done, &e), ZE_CONFLICT); /* b does not hold it */
	/* a died: its lease runs out at 200, and b takes the delivery over. */
	claimed_id = 0;
	assert_int_equal(store_notify_claim(b, 201, "b", 400, note_claim, NULL, &e), 0);
	assert_int_equal(claimed_id, id);
	assert_int_equal(store_notify_finish(fx->s, id, "a", &done, &e), ZE_CONFLICT);
	assert_int_equal(store_notify_finish(b, id, "b", &done, &e), 0);
	assert_int_equal(store_notify_claim(fx->s, 100000, "a", 100200, note_claim, NULL, &e), ZE_NOTFOUND);
	int64_t total = 0;
	struct notify_filter f = {.person = "p", .unread = true};
	assert_int_equal(store_notify_query(b, &f, 0, 0, note_claim, NULL, &total, &e), 0);
	assert_int_equal(total, 1); /* the inbox message, not yet read */

	assert_int_equal(store_notify_plan_claim(fx->s, "u", "2026-11-21", 7, 1000, 1120, &mine, &e), 0);
	assert_true(mine);
	assert_int_equal(store_notify_plan_claim(b, "u", "2026-11-21", 7, 1001, 1121, &mine, &e), 0);
	assert_false(mine); /* being planned */
	assert_int_equal(store_notify_plan_done(fx->s, "u", "2026-11-21", 1010, &e), 0);
	assert_int_equal(store_notify_plan_claim(b, "u", "2026-11-21", 7, 1011, 1131, &mine, &e), 0);
	assert_false(mine); /* planned at this generation */
	assert_int_equal(store_notify_plan_claim(b, "u", "2026-11-21", 8, 1012, 1132, &mine, &e), 0);
	assert_true(mine); /* the facts changed since */
	/* The last day whose planning finished before a day: a day being planned does not count. */
	char last[ZDATE_BUFSZ];
	assert_int_equal(store_notify_plan_last(b, "u", "2026-11-21", last, &e), 0);
	assert_string_equal(last, ""); /* nothing before */
	assert_int_equal(store_notify_plan_last(b, "u", "2026-12-10", last, &e), 0);
	assert_string_equal(last, ""); /* 2026-11-21 is being planned again (b holds it) */
	assert_int_equal(store_notify_plan_done(b, "u", "2026-11-21", 1020, &e), 0);
	assert_int_equal(store_notify_plan_claim(b, "u", "2026-11-24", 8, 1030, 1150, &mine, &e), 0);
	assert_int_equal(store_notify_plan_last(b, "u", "2026-12-10", last, &e), 0);
	assert_string_equal(last, "2026-11-21");
	assert_int_equal(store_notify_plan_done(b, "u", "2026-11-24", 1040, &e), 0);
	assert_int_equal(store_notify_plan_last(b, "u", "2026-12-10", last, &e), 0);
	assert_string_equal(last, "2026-11-24");
	assert_int_equal(store_notify_plan_last(b, "u", "2026-11-24", last, &e), 0);
	assert_string_equal(last, "2026-11-21"); /* strictly before */
	assert_int_equal(store_notify_plan_last(b, "other", "2026-12-10", last, &e), 0);
	assert_string_equal(last, ""); /* per unit */
	store_close(b);
}

/* Business writes move the store generation only; a calendar day moves both it and the
 * calendar's own, so a server keeps its calendar across the writes of ordinary records. */
static void test_generations(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t g0, c0, g1, c1, g2, c2;
	assert_int_equal(store_generation(fx->s, &g0, &e), 0);
	assert_int_equal(store_calendar_generation(fx->s, &c0, &e), 0);
	import_base(fx->s);
	assert_int_equal(store_generation(fx->s, &g1, &e), 0);
	assert_int_equal(store_calendar_generation(fx->s, &c1, &e), 0);
	assert_true(g1 > g0);
	assert_int_equal(c1, c0);
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(store_calendar_put(fx->s, date_from_ymd(2031, 10, 1), false, "National Day", "国庆节", &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	assert_int_equal(store_generation(fx->s, &g2, &e), 0);
	assert_int_equal(store_calendar_generation(fx->s, &c2, &e), 0);
	assert_true(g2 > g1);
	assert_true(c2 > c1);
	/* A step of an evaluation round is news for the reminders: it moves the generation. */
	int64_t g3, g4;
	struct round_row r = {0, "u", 2025, 1, "scoring", "{}", "2026-01-01T00:00:00Z"};
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(store_round_put(fx->s, &r, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	assert_int_equal(store_generation(fx->s, &g3, &e), 0);
	r.state = "review";
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(store_round_put(fx->s, &r, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	assert_int_equal(store_generation(fx->s, &g4, &e), 0);
	assert_true(g4 > g3);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* ---- every unit at once ------------------------------------------------------------------ */

/* A generated set beside the demo: `units` units under the demo's supervisor, each with two
 * departments and `people` people holding three appointments (one ended) and an agreement,
 * people interleaved across units so that no table is in unit order. */
static char *generated_doc(int units, int people)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "{\"format\": \"zeren/v1\", \"organizations\": [");
	for (int u = 0; u < units; u++)
		sb_addf(&sb, "%s{\"id\": \"g%d\", \"name\": \"单位%d\", \"kind\": \"school\", \"parent\": \"xiling\", "
			"\"policy\": \"default\", \"departments\": [{\"id\": \"g%d-d0\", \"name\": \"办公室\", \"parent\": null}, "
			"{\"id\": \"g%d-d1\", \"name\": \"信息中心\", \"parent\": \"g%d-d0\"}]}",
			u ? ", " : "", u, u, u, u, u);
	sb_adds(&sb, "], \"people\": [");
	for (int i = 0; i < people; i++)
		for (int u = 0; u < units; u++)
			sb_addf(&sb, "%s{\"id\": \"g%d-p%d\", \"name\": \"人员%d\", \"org\": \"g%d\", \"department\": \"g%d-d%d\"}",
				i || u ? ", " : "", u, i, i, u, u, i % 2);
	sb_adds(&sb, "], \"appointments\": [");
	static const char *const posts[] = {"first_responsible", "direct_responsible", "security_admin", "system_admin"};
	for (int i = 0; i < people; i++)
		for (int u = 0; u < units; u++)
			for (int k = 0; k < 3; k++)
				sb_addf(&sb, "%s{\"person\": \"g%d-p%d\", \"post\": \"%s\", \"org\": \"g%d\", \"department\": null, "
					"\"from\": \"20%02d-03-01\", \"to\": %s}",
					i || u || k ? ", " : "", u, i, posts[(i + k) % 4], u, 10 + k * 4 + i % 3,
					k == 0 ? "\"2020-01-01\"" : "null");
	sb_adds(&sb, "], \"agreements\": [");
	for (int i = 0; i < people; i++)
		for (int u = 0; u < units; u++)
			sb_addf(&sb, "%s{\"id\": \"g%d-a%d\", \"kind\": \"confidentiality\", \"org\": \"g%d\", \"person\": \"g%d-p%d\", "
				"\"from\": \"2021-01-01\", \"to\": null, \"signed_on\": \"2020-12-30\"}",
				i || u ? ", " : "", u, i, u, u, i);
	sb_adds(&sb, "]}");
	return sb_detach(&sb, NULL);
}

static char *export_unit(const struct facts *f, const char *org)
{
	char *buf = NULL;
	size_t len = 0;
	struct zerr e = {0};
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	if (export_document(f, org, fp, &e))
		fail_msg("export %s: %s", org, e.msg);
	fclose(fp);
	return buf;
}

/* Loading every unit at once (one pass per table, the appointments read by a second
 * connection when there are more than a few thousand) gives each unit exactly the facts its
 * own load gives: its zeren/v1 export is the same byte for byte. */
static void test_load_all_is_each_unit(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	const struct embedded_file *ef = embedded_find("demo/demo.json");
	assert_non_null(ef);
	if (import_document(fx->s, ef->data, ef->len, "demo.json", NULL, &e))
		fail_msg("import demo: %s", e.msg);
	char *doc = generated_doc(12, 150);
	if (import_document(fx->s, doc, strlen(doc), "generated.json", NULL, &e))
		fail_msg("import generated: %s", e.msg);
	free(doc);

	struct facts all;
	facts_init(&all);
	if (store_load(fx->s, &all, NULL, &e))
		fail_msg("load all: %s", e.msg);
	assert_int_equal(facts_index(&all), 0);
	assert_true(all.orgs.n >= 16);
	assert_true(all.appts.n > 12 * 150 * 3); /* more than the second connection's threshold, and the demo's */
	size_t appts = 0, people = 0, agreements = 0;
	for (size_t u = 0; u < all.orgs.n; u++) {
		const char *id = all.orgs.v[u].id;
		struct facts one;
		facts_init(&one);
		if (store_load(fx->s, &one, id, &e))
			fail_msg("load %s: %s", id, e.msg);
		assert_int_equal(facts_index(&one), 0);
		appts += one.appts.n;
		people += one.people.n;
		agreements += one.agreements.n;
		char *a = export_unit(&all, id), *b = export_unit(&one, id);
		if (strcmp(a, b) != 0)
			fail_msg("unit %s: the load of every unit differs from its own load", id);
		free(a);
		free(b);
		facts_release(&one);
	}
	assert_int_equal(appts, all.appts.n);
	assert_int_equal(people, all.people.n);
	assert_int_equal(agreements, all.agreements.n);
	/* the appointments keep the store's order, the first connection's and the second's alike */
	assert_string_equal(all.people.v[all.appts.v[all.appts.n - 1].person].id, "g11-p149");
	facts_release(&all);
}

/* Every statement the backends share prepares on this backend (on SQLite: its $N are the N-th
 * parameters), once: asked again, the connection gives the statement it prepared. */
static void test_shared_statements(void **state)
{
	struct fixture *fx = *state;
	struct sql_conn *c = fx->s->sql;
	struct zerr e = {0};
	assert_non_null(c);
	for (int id = 0; id < Q_COUNT; id++) {
		struct sql_stmt *st = sql_stmt(c, (enum sql_id)id, &e);
		if (!st)
			fail_msg("statement %d: %s", id, e.msg);
		assert_ptr_equal(sql_stmt(c, (enum sql_id)id, &e), st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_creates_and_migrates),
		T(test_put_load_round_trip),
		T(test_load_one_unit),
		T(test_rollback),
		T(test_ids_follow_after_rollback),
		T(test_lost_connection_opened_again),
		T(test_appointments_never_deleted),
		T(test_import_bad_inputs),
		T(test_import_updates),
		T(test_export_import_identity),
		T(test_notify_claims),
		T(test_generations),
		T(test_load_all_is_each_unit),
		T(test_shared_statements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
