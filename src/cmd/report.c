/* zeren report: federated supervision (core/federation.h) — a unit's report up to its
 * supervisor, the supervisor's import of it, and the keys each side registers of the other;
 * and zeren notice package / import-package, the notices that come down the same way. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/documents.h"
#include "core/federation.h"
#include "core/policies.h"

const char cmd_report_usage[] =
	"usage: zeren [--data DIR] report key\n"
	"       zeren [--data DIR] report trust ORG KEYFILE --name NAME [--supervisor]\n"
	"       zeren [--data DIR] report keys [--format text|json]\n"
	"       zeren [--data DIR] report export --to PARENT_ORG [--org UNIT] [--include SECTION]...\n"
	"            [--as-of DATE] -o FILE\n"
	"       zeren [--data DIR] report import FILE\n"
	"       zeren [--data DIR] report list [--org UNIT] [--format text|json]\n\n"
	"A unit that runs its own zeren reports up to its supervisor in a signed package: the zeren/v1\n"
	"sections it chooses to share (--include; by default organizations, systems, appointments and\n"
	"notices, with the feedback on its supervisor's notices), its findings as of --as-of, its duties\n"
	"of the year and its published evaluation. The package is signed with the unit's key\n"
	"(keys/doc-signing.key); `report key` prints its public key for the supervisor to register.\n"
	"The supervisor registers each unit's key (`report trust ORG KEYFILE`), the unit its\n"
	"supervisor's (`--supervisor`); a package signed with a key not registered, or altered, is\n"
	"refused. Imported reports are kept as the unit's reported data, read-only, and ranked in\n"
	"the roll-up beside the units hosted here.\n";

static int read_package(const char *path, struct strbuf *b, struct zerr *e)
{
	sb_init(b, FED_PACKAGE_MAX + 1024);
	return read_file(path, FED_PACKAGE_MAX + 1024, b, e);
}

/* A public key file as text (documents' doc-signing.pub, or one a unit sent). */
static int read_key(const char *path, struct strbuf *b, struct zerr *e)
{
	sb_init(b, FED_KEY_TEXT_MAX);
	return read_file(path, FED_KEY_TEXT_MAX, b, e);
}

static int report_key(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_option opts[] = {OPT_DONE};
	struct audit_key *k = NULL;
	struct strbuf b = STRBUF_INIT;
	struct zerr e = {0};
	char path[4096];
	int rc = cmd_parse("report", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	/* The key is made on first use, as for the first signed document. */
	if (documents_signing_key(ctx->data_dir, &k, &e))
		return cmd_fail(&e);
	audit_key_free(k);
	snprintf(path, sizeof path, "%s/%s", ctx->data_dir, DOC_PUB_FILE);
	if (read_key(path, &b, &e))
		rc = cmd_fail(&e);
	else
		fputs(b.buf, stdout);
	sb_release(&b);
	return rc;
}

static int report_trust(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL;
	bool supervisor = false;
	const struct cmd_option opts[] = {OPT_STR("--name", &name), OPT_BOOL("--supervisor", &supervisor), OPT_DONE};
	struct store *s;
	struct strbuf b = STRBUF_INIT;
	struct zerr e = {0};
	int n, rc = cmd_parse("report", argc, argv, 1, opts, 2, &n);
	if (rc)
		return rc;
	if (n != 2 || !name)
		return cmd_usage("report", "trust needs ORG KEYFILE and --name NAME");
	if (read_key(argv[2], &b, &e))
		rc = cmd_fail(&e);
	else if (!(rc = cmd_store(ctx, &s))) {
		struct change c = cmd_change("federation.key", argv[1]);
		if (fed_key_register(s, &c, argv[1], supervisor ? FED_DIRECTION_SUPERVISOR : FED_DIRECTION_UNIT, name,
				     b.buf, true, &e))
			rc = cmd_fail(&e);
		else
			printf("已登记%s %s 的公钥 / registered the key of %s %s\n", supervisor ? "上级单位" : "下级单位",
			       argv[1], supervisor ? "supervisor" : "unit", argv[1]);
	}
	sb_release(&b);
	return rc;
}

/* `report keys|list`: the rows list gives (of --org UNIT where with_org), as JSON or a line each. */
static int print_rows(struct cmd_ctx *ctx, int argc, char **argv, bool with_org,
		     int (*list)(struct store *s, const char *org, json_t **out, struct zerr *e), void (*line)(json_t *row))
{
	const char *format = NULL, *org = NULL;
	const struct cmd_option all[] = {OPT_STR("--format", &format), OPT_STR("--org", &org), OPT_DONE},
				 format_only[] = {OPT_STR("--format", &format), OPT_DONE};
	struct store *s;
	struct zerr e = {0};
	json_t *rows;
	bool json = false;
	int rc = cmd_parse("report", argc, argv, 1, with_org ? all : format_only, 0, NULL);
	if (rc || (format && (rc = cmd_format("report", format, &json))) || (rc = cmd_store(ctx, &s)))
		return rc;
	if (list(s, org, &rows, &e))
		return cmd_fail(&e);
	if (json) {
		cmd_print_json(rows);
	} else {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			line(r);
	}
	json_decref(rows);
	return EXIT_OK;
}

static int list_keys(struct store *s, const char *org, json_t **out, struct zerr *e)
{
	return fed_key_list(s, out, e);
}

static void key_line(json_t *k)
{
	printf("%-10s %-20s %-8s %s  %s\n", json_string_value(json_object_get(k, "direction")),
	       json_string_value(json_object_get(k, "org")), json_string_value(json_object_get(k, "alg")),
	       json_string_value(json_object_get(k, "key_id")), json_string_value(json_object_get(k, "name")));
}

static int report_keys(struct cmd_ctx *ctx, int argc, char **argv)
{
	return print_rows(ctx, argc, argv, false, list_keys, key_line);
}

/* The unit a package speaks for: --org, or the only unit of the store. */
static int own_unit(const struct facts *f, const char *org, zidx *u)
{
	if (org) {
		if ((*u = hmap_get(&f->org_ids, org)) < 0)
			return cmd_usage("report", "no unit with id '%s'", org);
		return 0;
	}
	if (f->orgs.n != 1)
		return cmd_usage("report", "this store holds %zu units: say which with --org", f->orgs.n);
	*u = 0;
	return 0;
}

/* Signs body (taken; NULL: it could not be made, and e says why) as a package of kind with the
 * unit's key and writes it to path. */
static int seal_to(struct cmd_ctx *ctx, const char *kind, json_t *body, const char *path, struct zerr *e)
{
	struct audit_key *k = NULL;
	struct strbuf out = STRBUF_INIT;
	int rc = 0;
	if (!body || documents_signing_key(ctx->data_dir, &k, e) || fed_package_seal(kind, body, k, &out, e))
		rc = cmd_fail(e);
	else if (!(rc = cmd_write_file(path, out.buf, out.len)))
		printf("%s\t%s, %s %s\n", path, kind, audit_key_alg_name(k), audit_key_id(k));
	audit_key_free(k);
	sb_release(&out);
	json_decref(body);
	return rc;
}

static int report_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *to = NULL, *org = NULL, *output = NULL;
	struct cmd_list include = {0};
	zdate as_of = date_today();
	const struct cmd_option opts[] = {OPT_STR("--to", &to),		OPT_STR("--org", &org),
					  OPT_MANY("--include", &include), OPT_DATE("--as-of", &as_of),
					  OPT_STR("-o", &output),		OPT_STR("--output", &output),
					  OPT_DONE};
	int rc = cmd_parse("report", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!to || !output)
		return cmd_usage("report", "export needs --to PARENT_ORG and -o FILE");
	struct cmd_facts l = {0};
	struct zerr e = {0};
	zidx u;
	if (!(rc = cmd_load(ctx, NULL, CMD_CAL | CMD_POLICIES, &l)) && !(rc = own_unit(&l.f, org, &u)))
		rc = seal_to(ctx, "report",
			     fed_report_body(l.s, &l.f, l.cal, l.ps, u, to, as_of, include.n ? include.v : NULL,
					     (size_t)include.n, &e),
			     output, &e);
	cmd_unload(&l);
	return rc;
}

/* What one kind of package does once opened: imports it as change c and says what it recorded. */
typedef int (*package_import)(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
			      const struct strbuf *text, struct zerr *e);

/* `zeren CMD SUB FILE`: opens the signed package FILE of kind, sent in direction, and imports
 * it as one change (action); a package refused is still recorded as the refusal. */
static int import_package(struct cmd_ctx *ctx, int argc, char **argv, const char *cmd, const char *need,
			  const char *kind, const char *direction, const char *action, package_import import)
{
	const struct cmd_option opts[] = {OPT_DONE};
	const char *file;
	int rc = cmd_parse_word(cmd, argc, argv, opts, need, &file);
	if (rc)
		return rc;
	struct cmd_facts l = {0};
	struct strbuf b = STRBUF_INIT;
	struct fed_package p = {0};
	struct zerr e = {0};
	if ((rc = cmd_load(ctx, NULL, 0, &l)))
		goto out;
	struct change c = cmd_change(action, file);
	if (read_package(file, &b, &e) || fed_package_open(l.s, b.buf, b.len, kind, direction, &p, &e)) {
		change_refused(l.s, &c, &e);
		rc = cmd_fail(&e);
	} else if (import(l.s, &c, &l.f, &p, &b, &e)) {
		rc = cmd_fail(&e);
	}
out:
	fed_package_release(&p);
	sb_release(&b);
	cmd_unload(&l);
	return rc;
}

static int import_report(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
			 const struct strbuf *text, struct zerr *e)
{
	int rc = fed_report_import(s, c, f, p, text->buf, text->len, NULL, NULL, e);
	if (rc)
		return rc;
	const char *as_of = json_string_value(json_object_get(p->body, "as_of"));
	printf("已导入 %s 的报送 (截至 %s，签名密钥 %s) / imported the report of %s as of %s, signed with key %s\n",
	       p->from, as_of, p->key_id, p->from, as_of, p->key_id);
	return 0;
}

static int report_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	return import_package(ctx, argc, argv, "report", "import needs the package FILE", "report", FED_DIRECTION_UNIT,
			      "report.import", import_report);
}

static int list_reports(struct store *s, const char *org, json_t **out, struct zerr *e)
{
	return fed_report_list(s, org, false, out, e);
}

static void report_line(json_t *r)
{
	char rest[160];
	snprintf(rest, sizeof rest, "截至 %s  得分 %lld  上报至 %s  密钥 %s", json_string_value(json_object_get(r, "as_of")),
		 json_integer_value(json_object_get(json_object_get(r, "tally"), "score")),
		 json_string_value(json_object_get(r, "parent")),
		 json_string_value(json_object_get(json_object_get(r, "signer"), "key")));
	const char *cells[] = {json_string_value(json_object_get(r, "org")), json_string_value(json_object_get(r, "name"))};
	cmd_print_row(cells, (const int[]){20, 26}, 2, rest);
}

static int report_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	return print_rows(ctx, argc, argv, true, list_reports, report_line);
}

const struct cmd_sub cmd_report_subs[] = {
	{"key", report_key},	 {"trust", report_trust}, {"keys", report_keys},
	{"export", report_export}, {"import", report_import}, {"list", report_list}, {NULL, NULL}};

/* ---- notices down ---------------------------------------------------------------------------- */

int cmd_notice_package(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *id = NULL, *doc = NULL, *title = NULL, *received = NULL, *rectify_by = NULL,
		   *output = NULL;
	struct cmd_list systems = {0};
	const struct cmd_option opts[] = {
		OPT_STR("--from", &from),	  OPT_STR("--to", &to),	      OPT_STR("--id", &id),
		OPT_STR("--doc", &doc),		  OPT_STR("--title", &title), OPT_STR("--received", &received),
		OPT_STR("--rectify-by", &rectify_by), OPT_MANY("--system", &systems), OPT_STR("-o", &output),
		OPT_STR("--output", &output),	  OPT_DONE};
	int rc = cmd_parse("notice", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!to || !id || !title || !received || !output)
		return cmd_usage("notice", "package needs --to UNIT --id ID --title TEXT --received DATE -o FILE");
	struct cmd_facts l = {0};
	struct zerr e = {0};
	zidx u;
	if (!(rc = cmd_load(ctx, NULL, 0, &l)) && !(rc = own_unit(&l.f, from, &u))) {
		json_t *n = json_pack("{s:s, s:s, s:s}", "id", id, "title", title, "received_on", received), *sys = json_array();
		if (doc)
			json_object_set_new(n, "document_no", json_string(doc));
		if (rectify_by)
			json_object_set_new(n, "rectify_by", json_string(rectify_by));
		for (int i = 0; i < systems.n; i++)
			json_array_append_new(sys, json_string(systems.v[i]));
		json_object_set_new(n, "systems", sys);
		json_t *notices = json_pack("[o]", n);
		rc = seal_to(ctx, "notice", fed_notice_body(&l.f, u, to, notices, &e), output, &e);
		json_decref(notices);
	}
	cmd_unload(&l);
	return rc;
}

static int import_notices(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
			  const struct strbuf *text, struct zerr *e)
{
	int rc = fed_notice_import(s, c, f, p, e);
	if (rc)
		return rc;
	size_t n = json_array_size(json_object_get(p->body, "notices"));
	printf("已登记 %s 下发的通报 %zu 份 / recorded %zu notice(s) sent by %s\n", p->from, n, n, p->from);
	return 0;
}

int cmd_notice_import_package(struct cmd_ctx *ctx, int argc, char **argv)
{
	return import_package(ctx, argc, argv, "notice", "import-package needs the package FILE", "notice",
			      FED_DIRECTION_SUPERVISOR, "notice.import", import_notices);
}
