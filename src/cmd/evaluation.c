/* zeren evaluation: the yearly evaluation rounds (考核) of a unit — open, score, release,
 * object, resolve, publish, and show the ranking or one sheet with every lost point. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/evaluation_report.h"
#include "core/evidence.h"
#include "core/policies.h"
#include "core/rounds.h"

const char cmd_evaluation_usage[] =
	"usage: zeren [--data DIR] evaluation open --org ORG --year YEAR [--as-of DATE] [--reason TEXT]\n"
	"       zeren evaluation list --org ORG [--format text|json]\n"
	"       zeren evaluation show --org ORG --year YEAR [--id N] [--department D | --unit U] [--format text|json]\n"
	"       zeren evaluation score --org ORG --year YEAR (--department D | --unit U) --indicator ID --score N\n"
	"                              [--comment TEXT] [--evidence FILE]...\n"
	"       zeren evaluation assign --org ORG --year YEAR --scorer USER --indicators ID,... [--departments D,...]\n"
	"       zeren evaluation release --org ORG --year YEAR [--on DATE]\n"
	"       zeren evaluation object --org ORG --year YEAR --department D --reason TEXT [--on DATE]\n"
	"       zeren evaluation resolve --org ORG --year YEAR --department D --answer TEXT\n"
	"       zeren evaluation publish --org ORG --year YEAR [--on DATE]\n"
	"       zeren evaluation export --org ORG --year YEAR [--id N] --output FILE.xlsx|FILE.html|FILE.pdf [--pdf]\n"
	"                               [--font FAMILY]\n\n"
	"A round scores the unit's departments, the unit itself and the units it supervises against\n"
	"the indicators of its policy (the policy's evaluation section), automatically from the year's\n"
	"record as of the year's last day (--as-of: an earlier day of the year); scorers add the manual\n"
	"items; released, each department may object within the policy's working days; once every\n"
	"objection is answered the round is published, frozen, and the year's evaluation.annual duty\n"
	"recorded with the result sheet as evidence. Opening a published year again (with --reason)\n"
	"makes a new version. --id picks a round by number instead of the year's latest; --on is the\n"
	"day the step is taken (today by default). export writes the whole round as an Excel workbook\n"
	"(.xlsx) or as a report in Chinese to print and file: a PDF (.pdf, or --pdf whatever the name;\n"
	"--font: the body's font family) or an A4 page for a browser (.html). assign gives a scorer account the manual indicators it scores (on every\n"
	"sheet, or on the listed departments' only), replacing its earlier assignment; an empty\n"
	"--indicators withdraws it.\n";

/* A comma-separated list as a JSON array of strings (empty items dropped). */
static json_t *split_list(const char *s)
{
	json_t *a = json_array();
	while (s && *s) {
		size_t n = strcspn(s, ",");
		if (n)
			json_array_append_new(a, json_stringn(s, n));
		s += n + (s[n] == ',');
	}
	return a;
}


static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void print_ranking(json_t *round)
{
	json_t *sh;
	size_t i;
	printf("%s %lld 年度网络安全工作责任制考核（第 %lld 版，%s，依据 %s 的记录）\n", str(round, "org"),
	       (long long)json_integer_value(json_object_get(round, "year")),
	       (long long)json_integer_value(json_object_get(round, "version")), str(round, "state"), str(round, "as_of"));
	json_array_foreach(json_object_get(json_object_get(round, "result"), "sheets"), i, sh)
		printf("  %-16s %2lld  %-24s %7.2f / %-6.2f %6.2f%%  %s%s%s\n", str(sh, "kind"),
		       (long long)json_integer_value(json_object_get(sh, "rank")), str(sh, "name"),
		       json_number_value(json_object_get(sh, "score")), json_number_value(json_object_get(sh, "marks")),
		       json_number_value(json_object_get(sh, "percent")), str(sh, "grade_name"),
		       json_is_true(json_object_get(sh, "veto")) ? "（一票否决）" : "",
		       json_is_true(json_object_get(sh, "complete")) ? "" : "（待评分）");
}

static void print_sheet(json_t *sh)
{
	json_t *it, *c;
	size_t i, k;
	printf("%s %s：%.2f / %.2f 分，%s，第 %lld 名\n", str(sh, "kind"), str(sh, "name"),
	       json_number_value(json_object_get(sh, "score")), json_number_value(json_object_get(sh, "marks")),
	       str(sh, "grade_name"), (long long)json_integer_value(json_object_get(sh, "rank")));
	json_array_foreach(json_object_get(sh, "items"), i, it) {
		json_t *score = json_object_get(it, "score");
		if (!strcmp(str(it, "scoring"), "veto"))
			printf("  [%s] %s：%s\n", str(it, "indicator"), str(it, "title"),
			       json_is_true(json_object_get(it, "veto")) ? "一票否决" : "未触发");
		else if (json_is_null(score))
			printf("  [%s] %s：待评分（满分 %.2f）\n", str(it, "indicator"), str(it, "title"),
			       json_number_value(json_object_get(it, "marks")));
		else
			printf("  [%s] %s：%.2f / %.2f\n", str(it, "indicator"), str(it, "title"), json_number_value(score),
			       json_number_value(json_object_get(it, "marks")));
		json_array_foreach(json_object_get(it, "causes"), k, c) {
			json_t *cite = json_array_get(json_object_get(c, "citations"), 0);
			printf("      %+.2f  %s\n", json_number_value(json_object_get(c, "points")), str(c, "message"));
			if (cite)
				printf("             依据 %s %s\n", str(cite, "document"), str(cite, "clause"));
		}
	}
}

static json_t *find_sheet(json_t *round, const char *kind, const char *id)
{
	json_t *sh;
	size_t i;
	json_array_foreach(json_object_get(json_object_get(round, "result"), "sheets"), i, sh)
		if (!strcmp(str(sh, "kind"), kind) && !strcmp(str(sh, "id"), id))
			return sh;
	return NULL;
}

int cmd_evaluation(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *as_of_s = NULL, *reason = NULL, *format = "text", *dept = NULL, *unit = NULL,
		   *indicator = NULL, *score_s = NULL, *comment = NULL, *answer = NULL, *output = NULL,
		   *scorer = NULL, *indicators_s = NULL, *departments_s = NULL, *font = NULL;
	bool as_pdf = false;
	long year = 0, id = 0;
	struct cmd_list files = {0};
	zdate as_of = ZDATE_NONE, on = date_today();
	const struct cmd_option opts[] = {
		OPT_STR("--org", &org),		OPT_NUM("--year", &year, 2000, 2400), OPT_NUM("--id", &id, 1, 1L << 40),
		OPT_STR("--as-of", &as_of_s),	OPT_STR("--reason", &reason),	      OPT_STR("--format", &format),
		OPT_STR("--department", &dept), OPT_STR("--unit", &unit),	      OPT_STR("--indicator", &indicator),
		OPT_STR("--score", &score_s),	OPT_STR("--comment", &comment),	      OPT_STR("--answer", &answer),
		OPT_DATE("--on", &on),		OPT_MANY("--evidence", &files),	      OPT_STR("--output", &output),
		OPT_STR("--scorer", &scorer),	OPT_STR("--indicators", &indicators_s), OPT_STR("--departments", &departments_s),
		OPT_BOOL("--pdf", &as_pdf),	OPT_STR("--font", &font),		OPT_DONE};
	int npos, rc = cmd_parse("evaluation", argc, argv, 1, opts, 1, &npos);
	bool json = false;
	if (rc || (rc = cmd_format("evaluation", format, &json)))
		return rc;
	if (npos != 1)
		return cmd_usage("evaluation", "expected one of open, list, show, score, assign, release, object, resolve, publish, export");
	const char *sub = argv[1];
	if (as_of_s && !date_parse(as_of_s, &as_of))
		return cmd_usage("evaluation", "--as-of: '%s' is not a date YYYY-MM-DD", as_of_s);
	if (!org)
		return cmd_usage("evaluation", "%s needs --org", sub);
	bool by_year = strcmp(sub, "list") != 0;
	if (by_year && !year && !id)
		return cmd_usage("evaluation", "%s needs --year (or --id)", sub);
	double score = 0;
	if (!strcmp(sub, "score")) {
		char *end = NULL;
		if (!indicator || !score_s || (!dept == !unit))
			return cmd_usage("evaluation", "score needs --indicator, --score and one of --department, --unit");
		score = score_s ? strtod(score_s, &end) : 0;
		if (!end || *end || end == score_s)
			return cmd_usage("evaluation", "--score: '%s' is not a number", score_s);
	}
	size_t olen = output ? strlen(output) : 0;
	bool html = olen > 5 && !strcmp(output + olen - 5, ".html");
	as_pdf = as_pdf || (olen > 4 && !strcmp(output + olen - 4, ".pdf"));
	if (!strcmp(sub, "export") && !(as_pdf || html || (olen > 5 && !strcmp(output + olen - 5, ".xlsx"))))
		return cmd_usage("evaluation", "export needs --output FILE.xlsx, FILE.html or FILE.pdf");
	if (!strcmp(sub, "assign") && (!scorer || !indicators_s))
		return cmd_usage("evaluation", "assign needs --scorer and --indicators");
	if ((!strcmp(sub, "object") || !strcmp(sub, "resolve")) && !dept)
		return cmd_usage("evaluation", "%s needs --department", sub);

	struct store *s = NULL;
	struct policy_set *ps = NULL;
	struct zerr e = {0};
	json_t *round = NULL, *evidence = NULL;
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if (policies_load(&ps, &e))
		return cmd_fail(&e);
	struct change c = cmd_change("evaluation", org);
	c.unit = org;
	int64_t rid = id;
	/* every step but open and list acts on a round: --id, or the year's latest */
	if (by_year && strcmp(sub, "open")) {
		if ((rc = round_get(s, id, org, (int)year, &round, &e)))
			goto fail;
		rid = json_integer_value(json_object_get(round, "id"));
	}
	if (!strcmp(sub, "open")) {
		if ((rc = round_open(s, ps, &c, org, (int)year, as_of, reason, &rid, &e)))
			goto fail;
		json_decref(round);
		if ((rc = round_get(s, rid, NULL, 0, &round, &e)))
			goto fail;
		if (json)
			cmd_print_json(round);
		else
			print_ranking(round);
	} else if (!strcmp(sub, "list")) {
		if ((rc = round_list(s, org, &round, &e)))
			goto fail;
		if (json) {
			cmd_print_json(round);
		} else {
			json_t *r;
			size_t i;
			json_array_foreach(round, i, r)
				printf("  %3lld  %lld 第 %lld 版  %-10s 依据 %s\n", (long long)json_integer_value(json_object_get(r, "id")),
				       (long long)json_integer_value(json_object_get(r, "year")),
				       (long long)json_integer_value(json_object_get(r, "version")), str(r, "state"),
				       str(r, "as_of"));
		}
	} else if (!strcmp(sub, "show")) {
		json_t *sh = dept ? find_sheet(round, "department", dept)
			     : unit ? find_sheet(round, !strcmp(unit, org) ? "unit" : "supervised_unit", unit) : NULL;
		if ((dept || unit) && !sh) {
			zerr_set(&e, ZE_NOTFOUND, "the round has no sheet of '%s'", dept ? dept : unit);
			goto fail;
		}
		if (json)
			cmd_print_json(sh ? sh : round);
		else if (sh)
			print_sheet(sh);
		else
			print_ranking(round);
	} else if (!strcmp(sub, "score")) {
		if (files.n) {
			evidence = json_array();
			for (int i = 0; i < files.n; i++) {
				char sha[65];
				int64_t size;
				if (evidence_store(ctx->data_dir, files.v[i], sha, &size, &e))
					goto fail;
				const char *base = strrchr(files.v[i], '/');
				json_array_append_new(evidence, json_pack("{s:s, s:s, s:I}", "sha256", sha, "name",
									  base ? base + 1 : files.v[i], "size", (json_int_t)size));
			}
		}
		if ((rc = round_score(s, ps, &c, rid, dept ? "department" : !strcmp(unit, org) ? "unit" : "supervised_unit",
				      dept ? dept : unit, indicator, score, comment, evidence, false, &e)))
			goto fail;
		printf("已评分 / scored: %s %s %g\n", dept ? dept : unit, indicator, score);
	} else if (!strcmp(sub, "assign")) {
		json_t *inds = split_list(indicators_s), *depts = departments_s ? split_list(departments_s) : NULL;
		rc = round_assign(s, ps, &c, rid, scorer, inds, depts, &e);
		json_decref(inds);
		json_decref(depts);
		if (rc)
			goto fail;
		printf("已分配评分人 / assigned: %s %s%s%s\n", scorer, indicators_s, departments_s ? " " : "",
		       departments_s ? departments_s : "");
	} else if (!strcmp(sub, "release")) {
		if ((rc = round_release(s, ps, &c, rid, on, &e)))
			goto fail;
		json_decref(round);
		round_get(s, rid, NULL, 0, &round, &e);
		printf("已公示 / released: objections until %s\n", str(round, "objection_deadline"));
	} else if (!strcmp(sub, "object")) {
		if ((rc = round_object(s, &c, rid, dept, reason, on, &e)))
			goto fail;
		printf("已提出异议 / objection recorded: %s\n", dept);
	} else if (!strcmp(sub, "resolve")) {
		if ((rc = round_resolve(s, &c, rid, dept, answer, &e)))
			goto fail;
		printf("已答复异议 / objection answered: %s\n", dept);
	} else if (!strcmp(sub, "publish")) {
		if ((rc = round_publish(s, ps, &c, ctx->data_dir, rid, on, &e)))
			goto fail;
		printf("已发布 / published: %s %ld (round %lld)\n", org, year, (long long)rid);
	} else if (!strcmp(sub, "export")) {
		if (as_pdf) {
			struct strbuf pdf = STRBUF_INIT;
			FILE *out = NULL;
			int pages = 0;
			if (!eval_report_pdf(round, font, &pdf, &pages, &e) && !(out = fopen(output, "wb")))
				zerr_set(&e, ZE_IO, "%s: cannot write", output);
			if (out && (fwrite(pdf.buf, 1, pdf.len, out) != pdf.len) + fclose(out))
				zerr_set(&e, ZE_IO, "%s: write failed", output);
			sb_release(&pdf);
		} else if (html) {
			struct strbuf sb = STRBUF_INIT;
			FILE *out = NULL;
			if (!eval_report_html(round, &sb, &e) && !(out = fopen(output, "w")))
				zerr_set(&e, ZE_IO, "%s: cannot write", output);
			if (out && (fwrite(sb.buf, 1, sb.len, out) != sb.len) + fclose(out))
				zerr_set(&e, ZE_IO, "%s: write failed", output);
			sb_release(&sb);
		} else {
			eval_xlsx(round, output, &e);
		}
		if (e.code)
			goto fail;
		printf("已导出 / exported: %s\n", output);
	} else {
		rc = cmd_usage("evaluation", "unknown subcommand '%s'", sub);
	}
	json_decref(round);
	json_decref(evidence);
	policies_free(ps);
	return rc;
fail:
	json_decref(round);
	json_decref(evidence);
	policies_free(ps);
	return cmd_fail(&e);
}
