/* zeren audit: list, verify and purge the hash-chained audit log (审计日志). */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/audit.h"
#include "cmd/cmd.h"
#include "util/strbuf.h"

const char *cmd_audit_account(void)
{
	const char *u = getenv("USER");
	return u && *u ? u : "cli";
}

struct list_ctx {
	bool json;
	json_t *rows;
	int64_t n;
};

static int list_row(void *ctx, const struct audit_entry *a)
{
	struct list_ctx *l = ctx;
	l->n++;
	if (!l->json) {
		/* Bytes that are not UTF-8 (a record of an older version) are printed as \xNN. */
		struct strbuf line = STRBUF_INIT;
		const char *f[] = {a->at, a->account ? a->account : "-", a->source ? a->source : "-", a->action,
				   a->object ? a->object : "-", a->success ? "ok" : "failed", a->detail ? a->detail : ""};
		sb_addf(&line, "%" PRId64, a->seq);
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			sb_addc(&line, '\t');
			sb_add_utf8_escaped(&line, f[i] ? f[i] : "");
		}
		printf("%s\n", line.buf ? line.buf : "");
		sb_release(&line);
		return 0;
	}
	json_t *o = audit_entry_json(a);
	if (!o || json_array_append_new(l->rows, o))
		return -1;
	return 0;
}

static int parse_seq(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

static int audit_list(struct store *s, int argc, char **argv)
{
	const char *from = NULL, *format = NULL;
	const struct cmd_optspec specs[] = {{"--from", &from}, {"--format", &format}, {NULL, NULL}};
	int rc = cmd_parse_opts("audit", argc, argv, 2, specs);
	int64_t from_seq = 0;
	if (rc)
		return rc;
	if (from && parse_seq(from, &from_seq))
		return cmd_usage("audit", "--from wants a record number, not '%s'", from);
	if (format && strcmp(format, "text") && strcmp(format, "json"))
		return cmd_usage("audit", "--format is text or json, not '%s'", format);
	struct list_ctx l = {.json = format && !strcmp(format, "json")};
	struct zerr e = {0};
	if (l.json && !(l.rows = json_array()))
		return cmd_fail(&(struct zerr){ZE_NOMEM, "out of memory"});
	rc = store_audit_each(s, from_seq, list_row, &l, &e);
	if (rc) {
		json_decref(l.rows);
		if (!e.code)
			zerr_set(&e, ZE_NOMEM, "out of memory");
		return cmd_fail(&e);
	}
	if (l.json) {
		json_dumpf(l.rows, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(l.rows);
	} else if (!l.n) {
		printf("审计日志为空 / the audit log is empty\n");
	}
	return EXIT_OK;
}

static int audit_verify_cmd(struct store *s, int argc, char **argv)
{
	if (argc > 2)
		return cmd_usage("audit", "unexpected argument '%s'", argv[2]);
	struct zerr e = {0};
	int64_t checked, first_broken;
	int rc = audit_verify(s, &checked, &first_broken, &e);
	if (rc == ZE_CONFLICT) {
		printf("%s\n", e.msg);
		return EXIT_FINDINGS;
	}
	if (rc)
		return cmd_fail(&e);
	printf("审计日志完整 / audit log intact: %" PRId64 " records\n", checked);
	return EXIT_OK;
}

static int audit_purge_cmd(struct store *s, int argc, char **argv)
{
	const char *before = NULL;
	const struct cmd_optspec specs[] = {{"--before", &before}, {NULL, NULL}};
	int rc = cmd_parse_opts("audit", argc, argv, 2, specs);
	if (rc)
		return rc;
	if (!before)
		return cmd_usage("audit", "purge needs --before DATE");
	struct zerr e = {0};
	int64_t purged = 0;
	char detail[128];
	rc = audit_purge(s, before, &purged, &e);
	if (rc == ZE_INVALID)
		return cmd_usage("audit", "%s", e.msg);
	if (rc) {
		struct zerr e2 = {0};
		snprintf(detail, sizeof detail, "{\"before\": \"%s\"}", before);
		audit_append(s, cmd_audit_account(), "cli", "audit.purge", "audit_log", false, detail, &e2);
		return cmd_fail(&e);
	}
	snprintf(detail, sizeof detail, "{\"before\": \"%s\", \"purged\": %" PRId64 "}", before, purged);
	if (audit_append(s, cmd_audit_account(), "cli", "audit.purge", "audit_log", true, detail, &e))
		return cmd_fail(&e);
	printf("已清除 %" PRId64 " 条记录 / purged %" PRId64 " records made before %s\n", purged, purged, before);
	return EXIT_OK;
}

int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage("audit", "list, verify or purge?");
	const char *sub = argv[1];
	if (strcmp(sub, "list") && strcmp(sub, "verify") && strcmp(sub, "purge"))
		return cmd_usage("audit", "unknown subcommand '%s'", sub);
	struct store *s;
	int rc;
	if (strcmp(sub, "purge") != 0) {
		/* Reading and verifying write nothing: they work on a read-only copy too. */
		struct zerr e = {0};
		struct stat st;
		if (stat(ctx->data_dir, &st) != 0)
			return cmd_open_store(ctx, false, &s); /* says there is no data directory */
		if (store_open_readonly(ctx->data_dir, &s, &e))
			return cmd_fail(&e);
	} else if ((rc = cmd_open_store(ctx, false, &s))) {
		return rc;
	}
	if (!strcmp(sub, "list"))
		rc = audit_list(s, argc, argv);
	else if (!strcmp(sub, "verify"))
		rc = audit_verify_cmd(s, argc, argv);
	else
		rc = audit_purge_cmd(s, argc, argv);
	store_close(s);
	return rc;
}
