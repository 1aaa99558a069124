/* zeren check: findings as a table in Chinese, or as JSON. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/check.h"
#include "core/render.h"

static int print_json(const struct check_result *r)
{
	char date[ZDATE_BUFSZ];
	struct strbuf sb = STRBUF_INIT;
	json_t *findings = json_array();
	for (size_t i = 0; i < r->findings.n; i++)
		json_array_append_new(findings, finding_json(&r->facts, &r->findings.v[i], &sb));
	json_t *root = json_pack("{s:s, s:i, s:o, s:{s:i, s:i, s:i}}", "as_of", date_format(r->as_of, date),
				 "units", (json_int_t)r->units, "findings", findings, "summary", "error",
				 (json_int_t)r->count[SEV_ERROR], "warning", (json_int_t)r->count[SEV_WARNING], "info",
				 (json_int_t)r->count[SEV_INFO]);
	if (r->recorded_on != ZDATE_NONE)
		json_object_set_new(root, "recorded_on", json_string(date_format(r->recorded_on, date)));
	int rc = cmd_print_json(root);
	json_decref(root);
	sb_release(&sb);
	return rc;
}

static void print_text(const struct check_result *r, const char *lang)
{
	const struct facts *f = &r->facts;
	bool en = lang && !strcmp(lang, "en");
	char date[ZDATE_BUFSZ], rec[ZDATE_BUFSZ];
	/* As recorded on another day than today: the report states both dates. */
	bool recorded = r->recorded_on != ZDATE_NONE;
	if (recorded)
		date_format(r->recorded_on, rec);
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	zidx org = ZIDX_NONE;
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *fd = &r->findings.v[i];
		if (fd->org != org) {
			org = fd->org;
			sb_addf(&sb, "\n%s %s（%s）  %s %s", en ? "Unit" : "单位", f->orgs.v[org].name, f->orgs.v[org].id,
				en ? "as of" : "截至", date_format(r->as_of, date));
			if (recorded)
				sb_addf(&sb, en ? ", as recorded on %s" : "，依据 %s 日的记录", rec);
			/* The policy the unit followed that day: its own version, or the shipped profile. */
			int64_t version = 0;
			const struct policy *p = policies_for_unit(r->policies, f->orgs.v[org].id, f->orgs.v[org].policy,
								   r->as_of, &version);
			const char *title = p ? (en && p->title_en ? p->title_en : p->title_zh) : NULL;
			if (version > 0)
				sb_addf(&sb, en ? "  policy %s (the unit's version %lld)\n" : "  策略 %s（本单位第%lld版）\n",
					title ? title : f->orgs.v[org].policy, (long long)version);
			else
				sb_addf(&sb, en ? "  policy %s (%s)\n" : "  策略 %s（%s）\n", title ? title : f->orgs.v[org].policy,
					f->orgs.v[org].policy);
		}
		sb_reset(&msg);
		finding_message(f, fd, lang, &msg);
		sb_adds(&sb, "  ");
		sb_add_padded(&sb, en ? severity_id(fd->rule->severity) : severity_name_zh(fd->rule->severity), 8);
		sb_add_padded(&sb, fd->rule->id, 28);
		sb_add_padded(&sb, fd->since == ZDATE_MIN ? (en ? "always" : "一直") : date_format(fd->since, date), 12);
		sb_adds(&sb, msg.buf);
		sb_adds(&sb, "\n");
		for (int c = 0; c < fd->applied->ncitations; c++)
			if (citation_in_force(&fd->applied->citations[c], fd->as_of))
				sb_addf(&sb, "  %*s%s%s %s\n", 48, "", en ? "source: " : "依据：",
					fd->applied->citations[c].document, fd->applied->citations[c].clause);
	}
	if (en)
		sb_addf(&sb, "\n%zu finding(s) in %zu unit(s) as of %s%s%s: %zu error, %zu warning, %zu info\n",
			r->findings.n, r->units, date_format(r->as_of, date), recorded ? ", as recorded on " : "",
			recorded ? rec : "", r->count[SEV_ERROR], r->count[SEV_WARNING], r->count[SEV_INFO]);
	else
		sb_addf(&sb, "\n截至 %s%s%s%s，检查 %zu 个单位，发现问题 %zu 项：错误 %zu，警告 %zu，提示 %zu\n",
			date_format(r->as_of, date), recorded ? "，依据 " : "", recorded ? rec : "",
			recorded ? " 日的记录" : "", r->units, r->findings.n, r->count[SEV_ERROR],
			r->count[SEV_WARNING], r->count[SEV_INFO]);
	fwrite(sb.buf, 1, sb.len, stdout);
	sb_release(&sb);
	sb_release(&msg);
}

const char cmd_check_usage[] =
	"usage: zeren [--data DIR] check [--org ID] [--as-of YYYY-MM-DD] [--recorded-on YYYY-MM-DD]\n"
	"                                [--format text|json] [--lang zh|en]\n\n"
	"Evaluates every unit (or one) against its policy as of a date (default today, Asia/Shanghai)\n"
	"and lists the findings with their clauses and since when they hold. With --recorded-on, the\n"
	"facts are those the store held at the end of that day (rebuilt from the history of changes:\n"
	"what was known then), and the report says both dates (截至 D，依据 R 日的记录).\n"
	"Exit status: 0 no error-severity finding, 1 some, 2 bad usage or input, 3 failure.\n";

int cmd_check(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *format = "text", *lang = "zh";
	zdate as_of = date_today(), recorded_on = ZDATE_NONE;
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_DATE("--as-of", &as_of), OPT_STR("--format", &format),
					    OPT_STR("--lang", &lang), OPT_DATE("--recorded-on", &recorded_on), OPT_DONE};
	int rc = cmd_parse("check", argc, argv, 1, opts, 0, NULL);
	if (rc || (rc = cmd_format("check", format, NULL)))
		return rc;
	if (strcmp(lang, "zh") && strcmp(lang, "en"))
		return cmd_usage("check", "--lang must be zh or en, not '%s'", lang);
	struct store *s;
	struct policy_set *ps = NULL;
	struct check_result r;
	struct zerr e = {0};
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if (policies_load(&ps, &e))
		return cmd_fail(&e);
	if (check_store_recorded(s, ps, org, as_of, recorded_on, &r, &e)) {
		rc = cmd_fail(&e);
	} else {
		if (store_load_note(s)[0])
			fprintf(stderr, "zeren: %s\n", store_load_note(s));
		rc = !strcmp(format, "json") ? print_json(&r) : (print_text(&r, lang), EXIT_OK);
		if (!rc && r.count[SEV_ERROR])
			rc = EXIT_FINDINGS;
	}
	check_result_release(&r);
	policies_free(ps);
	return rc;
}
