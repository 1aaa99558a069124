/* zeren obligations / zeren obligation done: the recurring duties of a unit's policy, each
 * occurrence with its status, and recording one as done with its evidence. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/change.h"
#include "core/calendar.h"
#include "core/duties.h"
#include "core/evidence.h"
#include "core/interchange.h"
#include "core/policies.h"


const char cmd_obligations_usage[] =
	"usage: zeren [--data DIR] obligations [--org ID] [--as-of DATE] [--format text|json]\n\n"
	"The recurring duties of each unit's policy (专题会议, 自查报告, 演练, 培训, 月报, 备份, 考核), every\n"
	"occurrence due in the last year or the next two months: done (with its evidence), overdue, or\n"
	"open with the working days left.\n";

int cmd_obligations(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *format = "text";
	zdate today = date_today();
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_DATE("--as-of", &today), OPT_STR("--format", &format), OPT_DONE};
	int rc = cmd_parse("obligations", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	struct cmd_facts l = {0};
	struct zerr e = {0};
	struct duty_list duties = {0};
	json_t *all = json_array();
	if ((rc = cmd_load(ctx, org, CMD_CAL | CMD_POLICIES, &l)))
		goto out;
	for (size_t u = 0; u < l.f.orgs.n; u++) {
		if (org && strcmp(l.f.orgs.v[u].id, org))
			continue;
		duties.n = 0;
		if (duties_list(&l.f, l.cal, policies_for_unit(l.ps, l.f.orgs.v[u].id, l.f.orgs.v[u].policy, today, NULL), (zidx)u, today, today - DUTY_WINDOW_BACK,
				today + DUTY_WINDOW_AHEAD, &duties, &e)) {
			rc = cmd_fail(&e);
			goto out;
		}
		for (size_t i = 0; i < duties.n; i++)
			json_array_append_new(all, duty_json(&l.f, (zidx)u, &duties.v[i], 0));
	}
	if (!strcmp(format, "json")) {
		cmd_print_json(all);
	} else {
		struct strbuf sb = STRBUF_INIT;
		size_t i;
		json_t *j;
		json_array_foreach(all, i, j) {
			const char *status = json_string_value(json_object_get(j, "status"));
			const char *dept = json_string_value(json_object_get(j, "department"));
			zidx di = dept ? hmap_get(&l.f.dept_ids, dept) : ZIDX_NONE;
			sb_reset(&sb);
			sb_adds(&sb, "  ");
			sb_add_padded(&sb, !strcmp(status, "done") ? "已完成" : !strcmp(status, "overdue") ? "已逾期" : "待完成", 8);
			sb_add_padded(&sb, json_string_value(json_object_get(j, "period")), 10);
			sb_add_padded(&sb, json_string_value(json_object_get(j, "title")), 40);
			sb_add_padded(&sb, di >= 0 ? l.f.depts.v[di].name : "", 18);
			sb_addf(&sb, "截止 %s", json_string_value(json_object_get(j, "due_on")));
			if (!strcmp(status, "done"))
				sb_addf(&sb, "  完成 %s  证据 %lld 份", json_string_value(json_object_get(j, "done_on")),
					(long long)json_integer_value(json_object_get(j, "evidence")));
			else if (!strcmp(status, "open"))
				sb_addf(&sb, "  剩余 %lld 个工作日", (long long)json_integer_value(json_object_get(j, "workdays_left")));
			puts(sb.buf);
		}
		sb_release(&sb);
	}
out:
	json_decref(all);
	duties_release(&duties);
	cmd_unload(&l);
	return rc;
}

const char cmd_obligation_usage[] =
	"usage: zeren [--data DIR] obligation done OBLIGATION PERIOD --on DATE [--org ORG] [--department D]\n"
	"            [--by PERSON] [--notes TEXT] [--evidence FILE]...\n\n"
	"PERIOD is the occurrence's label: 2026, 2026-H1, 2026-Q3, 2026-05 or 2026-W07. Evidence files\n"
	"are kept in the data directory by their SHA-256; recording again adds to the evidence. --org\n"
	"may be left out when the store holds one unit.\n";

int cmd_obligation(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *dept = NULL, *on = NULL, *by = NULL, *notes = NULL;
	struct cmd_list evidence_files = {0};
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--department", &dept), OPT_STR("--on", &on),
					  OPT_STR("--by", &by), OPT_STR("--notes", &notes),
					  OPT_MANY("--evidence", &evidence_files), OPT_DONE};
	int npos, rc = cmd_parse("obligation", argc, argv, 1, opts, 3, &npos);
	if (rc)
		return rc;
	const char *const *pos = (const char *const *)argv + 1, *const *files = evidence_files.v;
	int nfiles = evidence_files.n;
	if (npos != 3 || strcmp(pos[0], "done"))
		return cmd_usage("obligation", "expected: done OBLIGATION PERIOD");
	if (!on)
		return cmd_usage("obligation", "done needs --on DATE");
	struct cmd_facts l = {0};
	struct zerr e = {0};
	json_t *evidence = json_array();
	/* Keep the evidence already recorded for this occurrence, and add the new files. */
	rc = cmd_load(ctx, org, 0, &l);
	if (rc)
		goto out;
	/* A store of one unit needs no --org. */
	if (!org && l.f.orgs.n == 1) {
		org = l.f.orgs.v[0].id;
	} else if (!org) {
		rc = cmd_usage("obligation", "the store has %zu units: name one with --org", l.f.orgs.n);
		goto out;
	}
	zidx u = hmap_get(&l.f.org_ids, org), di = dept ? hmap_get(&l.f.dept_ids, dept) : ZIDX_NONE;
	zidx ri = u >= 0 && (!dept || di >= 0) ? facts_find_record(&l.f, u, pos[1], pos[2], di) : ZIDX_NONE;
	if (ri >= 0) {
		json_decref(evidence);
		evidence = record_evidence_json(&l.f, ri);
	}
	for (int i = 0; i < nfiles; i++) {
		char sha[65];
		int64_t size;
		if (evidence_store(ctx->data_dir, files[i], sha, &size, &e)) {
			rc = cmd_fail(&e);
			goto out;
		}
		const char *base = strrchr(files[i], '/');
		json_array_append_new(evidence, json_pack("{s:s, s:s, s:I}", "sha256", sha, "name", base ? base + 1 : files[i],
							  "size", (json_int_t)size));
		printf("证据已保存 / evidence stored: %s  sha256 %s\n", files[i], sha);
	}
	json_t *rec = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:O}", "org", org, "obligation", pos[1], "period",
				pos[2], "department", dept ? json_string(dept) : json_null(), "done_on", on, "by",
				by ? json_string(by) : json_null(), "notes", notes ? json_string(notes) : json_null(),
				"evidence", evidence);
	char object[512];
	snprintf(object, sizeof object, "%s/%s/%s%s%s", org, pos[1], pos[2], dept ? "/" : "", dept ? dept : "");
	struct change c = cmd_change("obligation.record", object);
	c.detail = rec;
	json_t *doc = json_pack("{s:[O]}", "obligation_records", rec);
	if (!doc || change_records(l.s, &c, doc, "obligation done", NULL, NULL, &e))
		rc = doc ? cmd_fail(&e) : EXIT_FAILURE_;
	else
		printf("已记录 / recorded: %s %s%s%s\n", pos[1], pos[2], dept ? " " : "", dept ? dept : "");
	json_decref(rec);
	json_decref(doc);
out:
	json_decref(evidence);
	cmd_unload(&l);
	return rc;
}
