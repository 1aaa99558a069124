/* zeren doc: documents to sign (责任书, 关键岗位安全协议, 联网责任书) as PDF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/change.h"
#include "core/check.h"
#include "core/documents.h"
#include "core/evidence.h"
#include "doc/pdf.h"

#define EVIDENCE_SCAN_MAX EVIDENCE_MAX

const char cmd_doc_usage[] =
	"usage: zeren [--data DIR] doc generate --org ID --kind KIND --person ID [--post POST]\n"
	"                 [--department ID] [--date YYYY-MM-DD] [--year YYYY] [--from D] [--to D]\n"
	"                 [--clause TEXT]... [--font FAMILY] [--base-url URL] [--out FILE]\n\n"
	"generate  fills the template of KIND for one person from the unit's record and writes the\n"
	"          PDF (A4, after GB/T 9704-2012) to FILE (default NUMBER.pdf); prints its number,\n"
	"          SHA-256 and SM3. KIND: responsibility_letter (网络安全工作责任书, for a department\n"
	"          head; --year, default the date's), key_post_security (关键岗位安全协议; --post,\n"
	"          default the first key post held; the term ends with the appointment), network_access\n"
	"          (联网安全保密责任书). --date is the document's date (default today); --clause adds\n"
	"          one of the unit's own clauses; --base-url puts a QR code to BASE/verify/NUMBER.\n"
	"          The same arguments give the same bytes. The PDF is kept as evidence and the document\n"
	"          recorded (its number, hashes, whom it is for).\n"
	"       zeren doc sign NUMBER --scan FILE [--on YYYY-MM-DD]\n"
	"          records the paper signature of document NUMBER: the signed scan is kept as evidence, the\n"
	"          record (who, when, the PDF's SHA-256 and SM3) is signed with the unit's key, and the\n"
	"          agreement enters the record signed on --on (default today).\n"
	"       zeren doc verify FILE [--format text|json]\n"
	"          says whether FILE is a document of this platform, what it is, who signed it and when,\n"
	"          and whether each signature verifies. Exit status 0 when it does, 1 when not.\n"
	"       zeren doc campaign open --org ID --kind KIND [--year YYYY] [--date D] [--base-url URL]\n"
	"          generates at once the letters of KIND for everyone who must sign one on --date: each\n"
	"          department head (responsibility_letter, one per department), each key-post holder\n"
	"          (key_post_security), each person (network_access); the campaign is ORG-YEAR-KIND.\n"
	"       zeren doc campaign status ID [--format text|json]   progress: each letter's status\n"
	"       zeren doc campaign send ID    marks the generated letters sent\n"
	"       zeren doc campaign close ID   closes it; unsigned letters stay findings\n"
	"       zeren doc report findings --org ID [--as-of YYYY-MM-DD] [--format pdf|xlsx] [--font FAMILY]\n"
	"                 [--out FILE]\n"
	"          the findings report for an inspector as PDF: summary, findings by rule with their\n"
	"          clauses and since-dates, the unit's bodies and posts (default ORG-DATE-findings.pdf);\n"
	"          xlsx: one row a finding.\n"
	"       zeren doc report accountability --org ID --incident ID [--font FAMILY] [--out FILE]\n"
	"          the accountability report of an incident as PDF: its facts, the clauses it triggers,\n"
	"          the chain of people in post on the day it occurred (default ORG-INCIDENT-accountability.pdf).\n"
	"       zeren doc report selfcheck --org ID --department ID [--as-of D] [--format pdf|xlsx]\n"
	"                 [--font FAMILY] [--out FILE]\n"
	"          the department's half-yearly 自查报告 (the half-year containing --as-of), pre-filled\n"
	"          from the record: its posts and holders, the duties done and overdue, the open\n"
	"          findings with their clauses; the department completes, signs and uploads it as the\n"
	"          evidence of its selfcheck.semiannual record (default ORG-DEPT-DATE-selfcheck.pdf).\n"
	"       zeren doc keygen [--alg sm2|ed25519]\n"
	"          creates the unit's document signing key (SM2 by default; made when first needed).\n";

/* The unit's own letter templates in the policy it follows on day d, or NULL. */
static const char *unit_templates(const struct facts *f, const struct policy_set *ps, const char *org, zdate d)
{
	int32_t u = hmap_get(&f->org_ids, org);
	const struct policy *p = u >= 0 ? policies_for_unit(ps, org, f->orgs.v[u].policy, d, NULL) : NULL;
	return p ? p->templates : NULL;
}

static int doc_generate(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *kind = NULL, *person = NULL, *post = NULL, *dept = NULL, *font = NULL, *base_url = NULL,
		   *out_path = NULL;
	long year = 0;
	struct cmd_list clauses = {0};
	struct doc_request rq = {.date = date_today(), .from = ZDATE_NONE, .to = ZDATE_NONE};
	const struct cmd_option opts[] = {OPT_STR("--org", &org),       OPT_STR("--kind", &kind),
					  OPT_STR("--person", &person), OPT_STR("--post", &post),
					  OPT_STR("--department", &dept), OPT_DATE("--date", &rq.date),
					  OPT_NUM("--year", &year, 2000, 2400), OPT_DATE("--from", &rq.from),
					  OPT_DATE("--to", &rq.to),     OPT_MANY("--clause", &clauses),
					  OPT_STR("--font", &font),     OPT_STR("--base-url", &base_url),
					  OPT_STR("--out", &out_path),  OPT_DONE};
	int rc = cmd_parse("doc", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!org || !kind || !person)
		return cmd_usage("doc", "generate needs --org, --kind and --person");
	rq.org = org, rq.kind = kind, rq.person = person, rq.post = post, rq.department = dept;
	rq.year = (int)year, rq.clauses = clauses.v, rq.n_clauses = clauses.n;
	rq.base_url = base_url, rq.font_body = font;

	struct cmd_facts l = {0};
	struct doc_output o;
	struct zerr e = {0};
	memset(&o, 0, sizeof o);
	if (!(rc = cmd_load(ctx, org, CMD_POLICIES, &l))) {
		rq.templates = unit_templates(&l.f, l.ps, org, rq.date);
		if (documents_generate(&l.f, &rq, &o, &e)) {
			rc = cmd_fail(&e);
		} else {
			char path[DOC_NUMBER_MAX + 8];
			struct change c = cmd_change("doc.generate", o.number);
			c.unit = org;
			if (documents_save(l.s, ctx->data_dir, &c, org, &o, NULL, &e)) {
				rc = cmd_fail(&e);
				goto out;
			}
			snprintf(path, sizeof path, "%s.pdf", o.number);
			if (!out_path)
				out_path = path;
			if (!(rc = cmd_write_file(out_path, o.pdf.buf, o.pdf.len)))
				printf("%s\t%s\t%d 页 / pages\t%s\nsha256 %s\nsm3    %s\n", o.number, o.title, o.pages,
				       out_path, o.sha256, o.sm3);
		}
	}
out:
	doc_output_release(&o);
	cmd_unload(&l);
	return rc;
}

static int doc_sign(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *scan = NULL;
	struct doc_signing rq = {.method = "paper", .on = date_today()};
	const struct cmd_option opts[] = {OPT_STR("--scan", &scan), OPT_DATE("--on", &rq.on), OPT_DONE};
	int n, rc = cmd_parse("doc", argc, argv, 1, opts, 1, &n);
	if (rc)
		return rc;
	if (n != 1 || !scan)
		return cmd_usage("doc", "sign needs a document NUMBER and --scan FILE (in the platform, the signer "
				 "signs in the browser)");
	struct strbuf data = STRBUF_INIT;
	struct store *s = NULL;
	struct zerr e = {0};
	if (read_file(scan, EVIDENCE_SCAN_MAX, &data, &e))
		return cmd_fail(&e);
	if (!(rc = cmd_store(ctx, &s))) {
		json_t *v = NULL;
		rq.number = argv[1];
		rq.scan = data.buf, rq.scan_len = data.len, rq.scan_name = scan;
		rq.account = cmd_audit_account();
		/* the signer is the person the document is for */
		if (documents_verify(s, ctx->data_dir, NULL, 0, rq.number, &v, &e)) {
			rc = cmd_fail(&e);
		} else if (!json_is_true(json_object_get(v, "known"))) {
			fprintf(stderr, "zeren: no document %s\n", rq.number);
			rc = EXIT_USAGE;
		} else {
			rq.signer = json_string_value(json_object_get(json_object_get(v, "document"), "person"));
			struct change c = cmd_change("doc.sign", rq.number);
			c.unit = json_string_value(json_object_get(json_object_get(v, "document"), "org"));
			if (documents_sign(s, ctx->data_dir, &c, &rq, &e))
				rc = cmd_fail(&e);
			else
				printf("已登记纸质签署 / paper signature recorded: %s\n", rq.number);
		}
		json_decref(v);
	}
	sb_release(&data);
	return rc;
}

static int doc_verify(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *format = "text";
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_DONE};
	bool json;
	int n, rc = cmd_parse("doc", argc, argv, 1, opts, 1, &n);
	if (rc || (rc = cmd_format("doc", format, &json)))
		return rc;
	if (n != 1)
		return cmd_usage("doc", "verify needs a FILE");
	struct strbuf data = STRBUF_INIT;
	struct store *s = NULL;
	struct zerr e = {0};
	json_t *v = NULL;
	if (read_file(argv[1], DOC_PDF_MAX, &data, &e))
		return cmd_fail(&e);
	if (!(rc = cmd_store(ctx, &s)) && documents_verify(s, ctx->data_dir, data.buf, data.len, NULL, &v, &e))
		rc = cmd_fail(&e);
	if (!rc && json) {
		cmd_print_json(v);
	} else if (!rc) {
		json_t *d = json_object_get(v, "document"), *sig;
		size_t i;
		printf("sha256 %s\nsm3    %s\n", json_string_value(json_object_get(v, "sha256")),
		       json_string_value(json_object_get(v, "sm3")));
		if (!d) {
			printf("不是本平台生成的文书，或已被改动 / not a document of this platform, or altered\n");
		} else {
			printf("编号 %s  %s\n对象 %s（%s）  状态 %s\n", json_string_value(json_object_get(d, "number")),
			       json_string_value(json_object_get(d, "title")),
			       json_string_value(json_object_get(d, "person_name")),
			       json_string_value(json_object_get(d, "person")), json_string_value(json_object_get(d, "status")));
			json_array_foreach(json_object_get(v, "signatures"), i, sig)
				printf("签署 %s（%s） %s %s  %s %s  %s\n", json_string_value(json_object_get(sig, "signer_name")),
				       json_string_value(json_object_get(sig, "signer")),
				       json_string_value(json_object_get(sig, "method")),
				       json_string_value(json_object_get(sig, "signed_at")),
				       json_string_value(json_object_get(sig, "alg")),
				       json_string_value(json_object_get(sig, "key_id")),
				       json_is_true(json_object_get(sig, "valid")) ? "签名有效 / valid"
										: "签名无效 / INVALID");
			if (!json_array_size(json_object_get(v, "signatures")))
				printf("尚未签署 / not signed yet\n");
		}
	}
	if (!rc)
		rc = json_is_true(json_object_get(v, "valid")) ? EXIT_OK : EXIT_FINDINGS;
	json_decref(v);
	sb_release(&data);
	return rc;
}

static int campaign_open(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *kind = NULL, *base_url = NULL, *font = NULL;
	long year = 0;
	struct campaign_request rq = {.date = date_today()};
	const struct cmd_option opts[] = {OPT_STR("--org", &org),   OPT_STR("--kind", &kind),
					  OPT_NUM("--year", &year, 2000, 2400), OPT_DATE("--date", &rq.date),
					  OPT_STR("--base-url", &base_url), OPT_STR("--font", &font), OPT_DONE};
	int rc = cmd_parse("doc", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!org || !kind)
		return cmd_usage("doc", "campaign open needs --org and --kind");
	rq.org = org, rq.kind = kind, rq.year = (int)year, rq.base_url = base_url, rq.font_body = font;
	struct cmd_facts l = {0};
	struct zerr e = {0};
	char id[256];
	size_t n;
	if (!(rc = cmd_load(ctx, org, CMD_POLICIES, &l))) {
		rq.templates = unit_templates(&l.f, l.ps, org, rq.date);
		struct change c = cmd_change("doc.campaign", org);
		c.unit = org;
		if (documents_campaign_open(l.s, ctx->data_dir, &c, &l.f, &rq, id, &n, &e))
			rc = cmd_fail(&e);
		else
			printf("%s\t已生成 %zu 份 / %zu letters generated\n", id, n, n);
	}
	cmd_unload(&l);
	return rc;
}

static int campaign_status(struct cmd_ctx *ctx, const char *id, bool json)
{
	struct store *s = NULL;
	struct zerr e = {0};
	json_t *c = NULL, *d;
	size_t i;
	int rc = cmd_store(ctx, &s);
	if (rc)
		return rc;
	if (documents_campaign_json(s, id, &c, &e)) {
		rc = cmd_fail(&e);
	} else if (json) {
		cmd_print_json(c);
	} else {
		json_t *n = json_object_get(c, "counts");
		printf("%s  %s  %s\n共 %lld 份：已生成 %lld，已发送 %lld，已签署 %lld，已归档 %lld\n",
		       json_string_value(json_object_get(c, "id")), json_string_value(json_object_get(c, "title")),
		       json_string_value(json_object_get(c, "status")), json_integer_value(json_object_get(n, "total")),
		       json_integer_value(json_object_get(n, "generated")), json_integer_value(json_object_get(n, "sent")),
		       json_integer_value(json_object_get(n, "signed")), json_integer_value(json_object_get(n, "returned")));
		json_array_foreach(json_object_get(c, "documents"), i, d)
			printf("%s\t%s\t%s\t%s\n", json_string_value(json_object_get(d, "number")),
			       json_string_value(json_object_get(d, "person")),
			       json_string_value(json_object_get(d, "department")) ? json_string_value(json_object_get(d, "department")) : "-",
			       json_string_value(json_object_get(d, "status")));
	}
	json_decref(c);
	return rc;
}

static int doc_campaign(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage("doc", "campaign needs open, status, send or close");
	if (!strcmp(argv[1], "open"))
		return campaign_open(ctx, argc - 1, argv + 1);
	const char *format = "text";
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_DONE};
	bool json;
	int n, rc = cmd_parse("doc", argc - 1, argv + 1, 1, opts, 1, &n);
	if (rc || (rc = cmd_format("doc", format, &json)))
		return rc;
	if (n != 1)
		return cmd_usage("doc", "campaign %s needs a campaign ID", argv[1]);
	const char *id = argv[2];
	if (!strcmp(argv[1], "status"))
		return campaign_status(ctx, id, json);
	if (strcmp(argv[1], "send") && strcmp(argv[1], "close"))
		return cmd_usage("doc", "unknown campaign subcommand '%s'", argv[1]);
	struct store *s = NULL;
	struct zerr e = {0};
	size_t sent = 0;
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	struct change c = cmd_change(!strcmp(argv[1], "send") ? "doc.campaign.send" : "doc.campaign.close", id);
	if (!strcmp(argv[1], "send") ? documents_campaign_send(s, &c, id, &sent, &e)
				      : documents_campaign_close(s, &c, id, &e))
		rc = cmd_fail(&e);
	else if (!strcmp(argv[1], "send"))
		printf("已发送 %zu 份 / %zu letters marked sent\n", sent, sent);
	else
		printf("签署批次已关闭 / campaign closed: %s\n", id);
	return rc;
}

static int doc_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *font = NULL, *out_path = NULL, *format = "pdf", *incident = NULL, *dept = NULL;
	zdate as_of = date_today();
	const struct cmd_option opts[] = {OPT_STR("--org", &org),	    OPT_DATE("--as-of", &as_of),
					  OPT_STR("--font", &font),	    OPT_STR("--out", &out_path),
					  OPT_STR("--format", &format),	    OPT_STR("--incident", &incident),
					  OPT_STR("--department", &dept), OPT_DONE};
	int n, rc = cmd_parse("doc", argc, argv, 1, opts, 1, &n);
	if (rc)
		return rc;
	const char *kind = n == 1 ? argv[1] : "";
	bool xlsx = !strcmp(format, "xlsx");
	if (!org || (strcmp(kind, "findings") && strcmp(kind, "accountability") && strcmp(kind, "selfcheck")))
		return cmd_usage("doc", "report needs the kind of report (findings, accountability or selfcheck) and --org");
	if (!xlsx && strcmp(format, "pdf"))
		return cmd_usage("doc", "--format: pdf or xlsx, not '%s'", format);
	if (!strcmp(kind, "accountability") && (!incident || xlsx))
		return cmd_usage("doc", "report accountability needs --incident (and is a PDF)");
	if (!strcmp(kind, "selfcheck") && !dept)
		return cmd_usage("doc", "report selfcheck needs --department");
	struct store *s;
	struct policy_set *ps = NULL;
	struct check_result r;
	struct zerr e = {0};
	struct strbuf pdf = STRBUF_INIT;
	int pages = 0;
	char path[400], d[ZDATE_BUFSZ];
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if (policies_load(&ps, &e))
		return cmd_fail(&e);
	if (check_store(s, ps, org, as_of, &r, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	const struct facts *f = &r.facts;
	int32_t u = hmap_get(&f->org_ids, org);
	date_format(as_of, d);
	if (!strcmp(kind, "findings")) {
		snprintf(path, sizeof path, "%.200s-%s-findings.%s", org, d, format);
		if (!out_path)
			out_path = path;
		rc = xlsx ? documents_findings_xlsx(f, u, &r.findings, as_of, out_path, &e)
			  : documents_findings_report(f, u, &r.findings, as_of, font, &pdf, &pages, &e);
	} else if (!strcmp(kind, "accountability")) {
		int32_t xi = hmap_get(&f->incident_ids, incident);
		snprintf(path, sizeof path, "%.200s-%.100s-accountability.pdf", org, incident);
		if (!out_path)
			out_path = path;
		if (xi < 0 || f->incidents.v[xi].org != u)
			rc = zerr_set(&e, ZE_NOTFOUND, "incident: no incident '%.100s' in unit %s", incident, org);
		else
			rc = documents_accountability_report(
				f, policies_for_unit(r.policies, org, f->orgs.v[u].policy, as_of, NULL), xi, font, &pdf, &pages, &e);
	} else {
		int32_t di = hmap_get(&f->dept_ids, dept);
		snprintf(path, sizeof path, "%.200s-%.100s-%s-selfcheck.%s", org, dept, d, format);
		if (!out_path)
			out_path = path;
		struct selfcheck_request sq = {
			.org = u, .dept = di, .as_of = as_of, .cal = r.cal, .findings = &r.findings, .font = font,
			.policy = policies_for_unit(r.policies, org, f->orgs.v[u].policy, as_of, NULL),
		};
		if (di < 0 || f->depts.v[di].org != u)
			rc = zerr_set(&e, ZE_NOTFOUND, "department: no department '%.100s' in unit %s", dept, org);
		else
			rc = xlsx ? documents_selfcheck_xlsx(f, &sq, out_path, &e)
				  : documents_selfcheck_report(f, &sq, &pdf, &pages, &e);
	}
	if (rc)
		rc = cmd_fail(&e);
	else if (xlsx)
		printf("%s\n", out_path);
	else if (!(rc = cmd_write_file(out_path, pdf.buf, pdf.len)))
		printf("%s\t%d 页 / pages\n", out_path, pages);
out:
	check_result_release(&r); /* what a refused check filled too */
	sb_release(&pdf);
	policies_free(ps);
	return rc;
}

static int doc_keygen(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *alg = NULL;
	const struct cmd_option opts[] = {OPT_STR("--alg", &alg), OPT_DONE};
	struct zerr e = {0};
	int rc = cmd_parse("doc", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (documents_keygen(ctx->data_dir, alg, &e))
		return cmd_fail(&e);
	printf("文书签名密钥已生成 / document signing key created: %s/%s\n", ctx->data_dir, DOC_PUB_FILE);
	return EXIT_OK;
}

const struct cmd_sub cmd_doc_subs[] = {
	{"generate", doc_generate}, {"sign", doc_sign},	      {"verify", doc_verify},
	{"campaign", doc_campaign}, {"report", doc_report}, {"keygen", doc_keygen}, {NULL, NULL}};
