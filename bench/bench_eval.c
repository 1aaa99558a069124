/* The yearly evaluation at scale: loads every unit of a store (importing a zeren/v1 file into
 * it first when one is given), then scores every unit's evaluation for 2026 with the record as
 * of 2026-11-21 (eval_score: its departments, itself, the units it supervises) and prints the
 * time, the sheets and the causes listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/change.h"
#include "core/check.h"
#include "core/evaluation.h"
#include "core/import.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const struct zerr *e)
{
	fprintf(stderr, "bench_eval: %s\n", e->msg);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_eval DATA_DIR [FILE.json]\n");
		return 2;
	}
	struct zerr e = {0};
	struct store *s;
	struct policy_set *ps;
	struct import_stats st;
	struct check_result r;
	zdate as_of;
	date_parse("2026-11-21", &as_of);
	if (store_open(argv[1], &s, &e) || policies_load(&ps, &e))
		return fail(&e);
	double t0 = now();
	if (argc == 3) {
		/* through the change service, as `zeren import` does: the history of the facts is sealed
		 * by the import's own audit record, not left to the first change made after it */
		struct change c = {.actor = "cli:bench", .source = "cli", .action = "import", .object = argv[2]};
		if (change_file(s, &c, argv[2], &st, &e))
			return fail(&e);
		printf("import: %.2f s (%zu units)\n", now() - t0, st.orgs);
		t0 = now();
	}
	if (check_store(s, ps, NULL, as_of, &r, &e))
		return fail(&e);
	printf("load and check all units: %.2f s (%zu units)\n", now() - t0, r.units);

	size_t units = r.facts.orgs.n, nsheets = 0, ncauses = 0;
	struct duty_cache dc = {0};
	struct engine *en = engine_new();
	if (!en)
		return 1;
	t0 = now();
	clock_t c0 = clock();
	for (size_t u = 0; u < units; u++) {
		json_t *res = NULL, *sh, *it;
		size_t i, k;
		const struct org *o = &r.facts.orgs.v[u];
		if (eval_score(en, &dc, &r.facts, policies_get(ps, o->policy ? o->policy : "default"), ps, r.cal,
			       (zidx)u, 2026, as_of, &res, &e))
			return fail(&e);
		json_array_foreach(json_object_get(res, "sheets"), i, sh) {
			nsheets++;
			json_array_foreach(json_object_get(sh, "items"), k, it)
				ncauses += json_array_size(json_object_get(it, "causes"));
		}
		json_decref(res);
	}
	double t = now() - t0, cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
	engine_free(en);
	duty_cache_release(&dc);
	printf("evaluate every unit for 2026 (as of 2026-11-21), in memory: %.2f s (%.2f s CPU) for %zu units (%zu sheets, %zu causes listed)\n",
	       t, cpu, units, nsheets, ncauses);
	check_result_release(&r);
	policies_free(ps);
	store_close(s);
	return 0;
}
