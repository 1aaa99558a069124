/* zeren supervision: the supervising office's roll-up from the command line — the units below
 * a unit ranked by their open findings weighted by severity, and the 12-month trend; the
 * counting is core/rollup.h's, as for GET /api/v1/supervision/units and /trend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/events.h"
#include "core/federation.h"
#include "core/policies.h"
#include "core/rollup.h"

const char cmd_supervision_usage[] =
	"usage: zeren [--data DIR] supervision rank [--org ORG] [--as-of DATE] [--format text|json]\n"
	"       zeren [--data DIR] supervision trend [--org ORG] [--as-of DATE] [--format text|json]\n\n"
	"The units below ORG in the supervision tree (default: the one unit that has units below it\n"
	"and none above), ranked by their open findings as of --as-of weighted by severity (error 10,\n"
	"warning 3, info 1), with their overdue notices, late incident reports, missing agreements\n"
	"and missing 第一责任人/直接责任人; units that run their own zeren are ranked as their last\n"
	"report has them (zeren report import). trend: the subtree's score at the end of each of the\n"
	"12 months up to --as-of; a unit that reports up counts in the months it sent a package for\n"
	"(each package a point at its as-of date; a month without one is a gap, left out of the sum).\n";

/* The supervising unit: --org, or the only root with units below it. */
static int root_unit(const struct facts *f, const char *org, zidx *root)
{
	if (org) {
		if ((*root = hmap_get(&f->org_ids, org)) < 0)
			return cmd_usage("supervision", "no unit with id '%s'", org);
		return 0;
	}
	*root = ZIDX_NONE;
	for (size_t i = 0; i < f->orgs.n; i++) {
		zidx p = f->orgs.v[i].parent;
		if (p < 0 || f->orgs.v[p].parent >= 0)
			continue; /* only a root with a unit below it */
		if (*root >= 0 && *root != p)
			return cmd_usage("supervision", "more than one unit supervises others here: say which with --org");
		*root = p;
	}
	if (*root < 0)
		return cmd_usage("supervision", "no unit here has units below it");
	return 0;
}

/* Unit u's tally as of a day, from its findings. */
static int unit_tally(const struct facts *f, const struct policy_set *ps, const struct cal *cal, zidx u, zdate on,
		      struct tally *t, json_t *by_rule, struct zerr *e)
{
	struct findings fs = {0};
	int rc = check_facts(f, ps, cal, u, on, &fs, e);
	if (!rc)
		tally_findings(&fs, t, by_rule);
	findings_release(&fs);
	return rc;
}

struct row {
	const char *org, *name, *parent, *reported_on;
	struct tally t;
};

static int by_rank(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = tally_cmp(&x->t, &y->t);
	return c ? c : strcmp(x->org, y->org);
}

static int rank(struct store *s, const struct facts *f, const struct policy_set *ps, const struct cal *cal, zidx root,
		zdate as_of, bool json)
{
	struct zerr e = {0};
	json_t *reports = NULL, *x, *items = json_array();
	size_t n = 0, i;
	char date[ZDATE_BUFSZ];
	if (fed_report_list(s, NULL, false, &reports, &e))
		return json_decref(items), cmd_fail(&e);
	struct row *r = calloc(f->orgs.n + json_array_size(reports) + 1, sizeof *r);
	int rc = 0;
	if (!r) {
		rc = cmd_fail(&(struct zerr){.code = ZE_NOMEM, .msg = "out of memory"});
		goto out;
	}
	for (i = 0; i < f->orgs.n; i++) {
		if (!org_is_below(f, (zidx)i, root))
			continue;
		const struct org *o = &f->orgs.v[i];
		r[n] = (struct row){.org = o->id, .name = o->name, .parent = f->orgs.v[o->parent].id};
		if (unit_tally(f, ps, cal, (zidx)i, as_of, &r[n++].t, NULL, &e)) {
			rc = cmd_fail(&e);
			goto out;
		}
	}
	json_array_foreach(reports, i, x) {
		zidx p = hmap_get(&f->org_ids, json_string_value(json_object_get(x, "parent")));
		if (p < 0 || (p != root && !org_is_below(f, p, root)))
			continue;
		r[n] = (struct row){.org = json_string_value(json_object_get(x, "org")),
				    .name = json_string_value(json_object_get(x, "name")),
				    .parent = json_string_value(json_object_get(x, "parent")),
				    .reported_on = json_string_value(json_object_get(x, "as_of"))};
		tally_from_json(json_object_get(x, "tally"), &r[n++].t);
	}
	qsort(r, n, sizeof *r, by_rank);
	if (!json)
		printf("%s 的下级单位排名，截至 %s / units below %s ranked as of %s (error %d, warning %d, info %d)\n",
		       f->orgs.v[root].name, date_format(as_of, date), f->orgs.v[root].id, date, rollup_weight[SEV_ERROR],
		       rollup_weight[SEV_WARNING], rollup_weight[SEV_INFO]);
	for (i = 0; i < n; i++) {
		json_t *row = tally_json(&r[i].t);
		json_object_set_new(row, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(row, "org", json_string(r[i].org));
		json_object_set_new(row, "name", json_string(r[i].name));
		json_object_set_new(row, "parent", json_string(r[i].parent));
		json_object_set_new(row, "reported_on", json_str_or_null(r[i].reported_on));
		json_array_append_new(items, row);
		if (!json) {
			char rest[160];
			snprintf(rest, sizeof rest, "错误 %zu 警告 %zu 提示 %zu  通报逾期 %zu%s%s", r[i].t.sev[SEV_ERROR],
				 r[i].t.sev[SEV_WARNING], r[i].t.sev[SEV_INFO], r[i].t.notices_overdue,
				 r[i].reported_on ? "  报送截至 " : "", r[i].reported_on ? r[i].reported_on : "");
			char nrank[24], score[24];
			snprintf(nrank, sizeof nrank, "%zu", i + 1);
			snprintf(score, sizeof score, "%ld", r[i].t.score);
			const char *cells[] = {nrank, r[i].org, r[i].name, score};
			cmd_print_row(cells, (const int[]){4, 16, 24, 6}, 4, rest);
		}
	}
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:o}", "as_of", date_format(as_of, date), "root", f->orgs.v[root].id,
				      "items", items);
		items = NULL;
		cmd_print_json(o);
		json_decref(o);
	}
out:
	free(r);
	json_decref(items);
	json_decref(reports);
	return rc;
}

/* Is parent ORG root or a unit below it? (ctx: struct below) */
struct below {
	const struct facts *f;
	zidx root;
};

static bool reported_below(void *ctx, const char *parent)
{
	const struct below *b = ctx;
	zidx p = parent ? hmap_get(&b->f->org_ids, parent) : ZIDX_NONE;
	return p >= 0 && (p == b->root || org_is_below(b->f, p, b->root));
}

static int trend(struct store *st, const struct facts *f, const struct policy_set *ps, const struct cal *cal,
		 zidx root, zdate as_of, bool json)
{
	zdate days[ROLLUP_MONTHS];
	struct trend_month sum[ROLLUP_MONTHS];
	struct zerr e = {0};
	char date[ZDATE_BUFSZ];
	memset(sum, 0, sizeof sum);
	rollup_month_ends(as_of, days);
	for (size_t i = 0; i < f->orgs.n; i++) {
		if (!org_is_below(f, (zidx)i, root))
			continue;
		for (int k = 0; k < ROLLUP_MONTHS; k++) {
			struct tally t;
			if (unit_tally(f, ps, cal, (zidx)i, days[k], &t, NULL, &e))
				return cmd_fail(&e);
			sum[k].score += t.score;
			for (int s = 0; s < SEV_COUNT; s++)
				sum[k].sev[s] += t.sev[s];
		}
	}
	/* the units that report up, a point per package (a month without one: a gap) */
	json_t *reported = json_array(), *months = json_array();
	if (fed_trend_rows(st, days, reported_below, &(struct below){f, root}, reported, sum, &e)) {
		json_decref(reported);
		json_decref(months);
		return cmd_fail(&e);
	}
	for (int k = 0; k < ROLLUP_MONTHS; k++) {
		date_format(days[k], date);
		if (json)
			json_array_append_new(months, json_pack("{s:s%, s:s, s:I, s:I, s:I, s:I, s:I}", "month", date, (size_t)7,
								"as_of", date, "score", (json_int_t)sum[k].score, "error",
								(json_int_t)sum[k].sev[SEV_ERROR], "warning",
								(json_int_t)sum[k].sev[SEV_WARNING], "info",
								(json_int_t)sum[k].sev[SEV_INFO], "reported",
								(json_int_t)sum[k].reported));
		else
			printf("%.7s  截至 %s  得分 %-6ld 错误 %-4zu 警告 %-4zu 提示 %-4zu 含报送单位 %zu\n", date, date,
			       sum[k].score, sum[k].sev[SEV_ERROR], sum[k].sev[SEV_WARNING], sum[k].sev[SEV_INFO],
			       sum[k].reported);
	}
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:o, s:o}", "as_of", date_format(as_of, date), "root", f->orgs.v[root].id,
				      "months", months, "reported", reported);
		cmd_print_json(o);
		json_decref(o);
	} else {
		json_decref(months);
		json_decref(reported);
	}
	return 0;
}

int cmd_supervision(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *format = NULL;
	zdate as_of = date_today();
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_DATE("--as-of", &as_of),
					  OPT_STR("--format", &format), OPT_DONE};
	struct cmd_facts l = {0};
	bool json = false, is_rank = argc > 1 && !strcmp(argv[1], "rank");
	zidx root;
	if (argc < 2 || (!is_rank && strcmp(argv[1], "trend")))
		return cmd_usage("supervision", "which: rank or trend");
	int rc = cmd_parse("supervision", argc - 1, argv + 1, 1, opts, 0, NULL);
	if (rc || (format && (rc = cmd_format("supervision", format, &json))))
		return rc;
	if (!(rc = cmd_load(ctx, NULL, CMD_CAL | CMD_POLICIES, &l)) && !(rc = root_unit(&l.f, org, &root)))
		rc = is_rank ? rank(l.s, &l.f, l.ps, l.cal, root, as_of, json) : trend(l.s, &l.f, l.ps, l.cal, root, as_of, json);
	cmd_unload(&l);
	return rc;
}

/* zeren notice send: a notice sent down to units below, hosted here, as POST
 * /api/v1/supervision/notices sends it — one copy a unit, in one change. */
int cmd_notice_send(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *from = NULL, *id = NULL, *doc = NULL, *title = NULL;
	long workdays = 0;
	struct cmd_list to = {0}, systems = {0};
	zdate received = date_today(), by = ZDATE_NONE;
	const struct cmd_option opts[] = {
		OPT_MANY("--to", &to),		    OPT_STR("--from", &from),	     OPT_STR("--id", &id),
		OPT_STR("--doc", &doc),		    OPT_STR("--title", &title),	     OPT_DATE("--received", &received),
		OPT_DATE("--rectify-by", &by), OPT_NUM("--working-days", &workdays, 1, 60), OPT_MANY("--system", &systems),
		OPT_DONE};
	struct cmd_facts l = {0};
	struct zerr e = {0};
	zidx root;
	int rc = cmd_parse("notice", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!to.n || !id || !title)
		return cmd_usage("notice", "send needs --to UNIT (one or more), --id ID and --title TEXT");
	if (by != ZDATE_NONE && workdays)
		return cmd_usage("notice", "give --working-days or --rectify-by, not both");
	json_t *sys = json_array(), *used = json_object(), *notices = json_array(), *x;
	size_t i;
	for (int k = 0; k < systems.n; k++)
		json_array_append_new(sys, json_string(systems.v[k]));
	if ((rc = cmd_load(ctx, NULL, CMD_CAL, &l)) || (rc = root_unit(&l.f, from, &root)))
		goto out;
	struct notice_sent sent = {.id = id, .doc_no = doc, .title = title, .issuer = l.f.orgs.v[root].name,
				   .issuer_org = l.f.orgs.v[root].id, .systems = sys, .received = received, .by = by,
				   .workdays = (int)workdays};
	for (int k = 0; k < to.n && !rc; k++) {
		zidx u = hmap_get(&l.f.org_ids, to.v[k]);
		if (u < 0 || !org_is_below(&l.f, u, root))
			rc = cmd_usage("notice", "--to %s: not a unit below %s", to.v[k], l.f.orgs.v[root].id);
		else
			json_array_append_new(notices, notice_sent_copy(&l.f, l.cal, u, &sent, used));
	}
	json_array_foreach(sys, i, x)
		if (!rc && !json_object_get(used, json_string_value(x)))
			rc = cmd_usage("notice", "--system %s: no system of the units it is sent to", json_string_value(x));
	if (rc)
		goto out;
	char object[2 * IMPORT_MAX_ID + 2];
	snprintf(object, sizeof object, "%s/%s", l.f.orgs.v[root].id, id);
	struct change c = cmd_change("supervision.notice.send", object);
	json_t *docj = json_pack("{s:O}", "notices", notices);
	if (change_records(l.s, &c, docj, "notice send", NULL, NULL, &e))
		rc = cmd_fail(&e);
	else
		json_array_foreach(notices, i, x)
			printf("已下发通报 / notice sent: %s → %s%s%s\n", json_string_value(json_object_get(x, "id")),
			       json_string_value(json_object_get(x, "org")), json_object_get(x, "rectify_by") ? "  整改期限 " : "",
			       json_object_get(x, "rectify_by") ? json_string_value(json_object_get(x, "rectify_by")) : "");
	json_decref(docj);
out:
	json_decref(sys);
	json_decref(used);
	json_decref(notices);
	cmd_unload(&l);
	return rc;
}
