/* zeren audit: list, verify and purge the hash-chained audit log (审计日志). */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sys/stat.h>
#include <unistd.h>

#include "audit/anchor.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "core/change.h"
#include "util/strbuf.h"

const char *cmd_audit_account(void)
{
	static char actor[CHANGE_ACTOR_MAX];
	return actor[0] ? actor : change_cli_actor(actor);
}

struct change cmd_change(const char *action, const char *object)
{
	return (struct change){.actor = cmd_audit_account(), .source = "cli", .action = action, .object = object};
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
	const struct cmd_option opts[] = {OPT_STR("--from", &from), OPT_STR("--format", &format), OPT_DONE};
	int rc = cmd_parse("audit", argc, argv, 2, opts, 0, NULL);
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
		return cmd_fail(&(struct zerr){.code = ZE_NOMEM, .msg = "out of memory"});
	rc = store_audit_each(s, from_seq, list_row, &l, &e);
	if (rc) {
		json_decref(l.rows);
		if (!e.code)
			zerr_set(&e, ZE_NOMEM, "out of memory");
		return cmd_fail(&e);
	}
	if (l.json) {
		cmd_print_json(l.rows);
		json_decref(l.rows);
	} else if (!l.n) {
		printf("审计日志为空 / the audit log is empty\n");
	}
	return EXIT_OK;
}

void cmd_audit_paths(struct cmd_ctx *ctx, struct cmd_audit_paths *p)
{
	const char *v;
	snprintf(p->key, sizeof p->key, "%s/%s", ctx->data_dir, AUDIT_KEY_FILE);
	snprintf(p->pub, sizeof p->pub, "%s/%s", ctx->data_dir, AUDIT_PUB_FILE);
	snprintf(p->log, sizeof p->log, "%s/%s", ctx->data_dir, AUDIT_CHECKPOINT_FILE);
	if ((v = getenv("ZEREN_AUDIT_KEY")) && *v)
		snprintf(p->key, sizeof p->key, "%s", v);
	if ((v = getenv("ZEREN_AUDIT_PUBKEY")) && *v)
		snprintf(p->pub, sizeof p->pub, "%s", v);
	if ((v = getenv("ZEREN_CHECKPOINTS")) && *v)
		snprintf(p->log, sizeof p->log, "%s", v);
}

static void set_path(char *dst, size_t n, const char *v)
{
	if (v)
		snprintf(dst, n, "%s", v);
}

int cmd_audit_keygen(struct cmd_ctx *ctx, const char *alg_name, bool quiet_if_exists)
{
	struct cmd_audit_paths p;
	enum audit_key_alg alg = AUDIT_ED25519;
	struct zerr e = {0};
	cmd_audit_paths(ctx, &p);
	if (alg_name && audit_key_alg_parse(alg_name, &alg))
		return cmd_usage("audit", "--alg is ed25519 or sm2, not '%s'", alg_name);
	if (quiet_if_exists && access(p.key, F_OK) == 0)
		return EXIT_OK;
	if (audit_key_generate(alg, p.key, p.pub, &e))
		return cmd_fail(&e);
	struct audit_key *k = NULL;
	if (audit_key_load_public(p.pub, &k, &e))
		return cmd_fail(&e);
	printf("审计签名密钥已生成 / audit signing key created: %s %s\n  private %s (0600: keep it from anyone "
	       "who can write the database)\n  public  %s (keep a copy elsewhere for 'audit verify --pubkey')\n",
	       audit_key_alg_name(k), audit_key_id(k), p.key, p.pub);
	audit_key_free(k);
	return EXIT_OK;
}

static int audit_keygen_cmd(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *alg = NULL, *key = NULL, *pub = NULL;
	const struct cmd_option opts[] = {OPT_STR("--alg", &alg), OPT_STR("--key", &key), OPT_STR("--pubkey", &pub), OPT_DONE};
	int rc = cmd_parse("audit", argc, argv, 2, opts, 0, NULL);
	if (rc)
		return rc;
	if (key)
		setenv("ZEREN_AUDIT_KEY", key, 1);
	if (pub)
		setenv("ZEREN_AUDIT_PUBKEY", pub, 1);
	return cmd_audit_keygen(ctx, alg, false);
}

static int audit_checkpoint_cmd(struct cmd_ctx *ctx, struct store *s, int argc, char **argv)
{
	const char *key = NULL, *log = NULL;
	const struct cmd_option opts[] = {OPT_STR("--key", &key), OPT_STR("--checkpoints", &log), OPT_DONE};
	struct cmd_audit_paths p;
	struct audit_key *k = NULL;
	struct audit_checkpoint c;
	struct zerr e = {0};
	int rc = cmd_parse("audit", argc, argv, 2, opts, 0, NULL);
	if (rc)
		return rc;
	cmd_audit_paths(ctx, &p);
	set_path(p.key, sizeof p.key, key);
	set_path(p.log, sizeof p.log, log);
	if (audit_key_load_private(p.key, &k, &e)) {
		if (e.code == ZE_NOTFOUND)
			zerr_set(&e, ZE_NOTFOUND, "no audit signing key at %s: create one with 'zeren audit keygen'", p.key);
		return cmd_fail(&e);
	}
	rc = audit_checkpoint_write(s, k, p.log, &c, &e);
	audit_key_free(k);
	if (rc)
		return cmd_fail(&e);
	if (!c.seq)
		printf("审计日志为空, 无需签名 / the audit log is empty: nothing to sign\n");
	else
		printf("检查点 / checkpoint: record %" PRId64 " signed (%s %s) into %s\n", c.seq, c.alg, c.key_id, p.log);
	return EXIT_OK;
}

/* Verifies against the checkpoints; fills r. Returns 0 intact, else an exit status (printed). */
static int verify_anchored(struct cmd_ctx *ctx, struct store *s, const char *pub_opt, const char *log_opt,
			   struct audit_anchor_report *r, bool *anchored, bool quiet)
{
	struct cmd_audit_paths p;
	struct audit_key *k = NULL;
	struct zerr e = {0};
	int rc;
	cmd_audit_paths(ctx, &p);
	set_path(p.pub, sizeof p.pub, pub_opt);
	set_path(p.log, sizeof p.log, log_opt);
	memset(r, 0, sizeof *r);
	*anchored = false;
	if (log_opt && access(log_opt, R_OK))
		return cmd_fail(&(struct zerr){.code = ZE_NOTFOUND, .msg = "--checkpoints: cannot read the file"});
	if (audit_key_load_public(p.pub, &k, &e)) {
		if (e.code != ZE_NOTFOUND || pub_opt)
			return cmd_fail(&e);
		/* No key: the chain alone, and say what it cannot prove. */
		rc = audit_verify(s, &r->chain.checked, &r->chain.first_broken, &e);
		if (rc == ZE_CONFLICT) {
			printf("%s\n", e.msg);
			return EXIT_FINDINGS;
		}
		if (rc)
			return cmd_fail(&e);
		if (!quiet)
			fprintf(stderr, "zeren: 未锚定 / not anchored: no public key at %s, so a cut-off tail or a "
					"recomputed chain would not show (zeren audit keygen, then audit checkpoint)\n",
				p.pub);
		return 0;
	}
	rc = audit_verify_anchored(s, k, p.log, r, &e);
	audit_key_free(k);
	if (rc == ZE_CONFLICT) {
		printf("%s\n", e.msg);
		return EXIT_FINDINGS;
	}
	if (rc)
		return cmd_fail(&e);
	*anchored = true;
	return 0;
}

static int audit_verify_cmd(struct cmd_ctx *ctx, struct store *s, int argc, char **argv)
{
	const char *pub = NULL, *log = NULL;
	const struct cmd_option opts[] = {OPT_STR("--pubkey", &pub), OPT_STR("--checkpoints", &log), OPT_DONE};
	struct audit_anchor_report r;
	bool anchored;
	int rc = cmd_parse("audit", argc, argv, 2, opts, 0, NULL);
	if (rc)
		return rc;
	if ((rc = verify_anchored(ctx, s, pub, log, &r, &anchored, false)))
		return rc;
	printf("审计日志完整 / audit log intact: %" PRId64 " records\n", r.chain.checked);
	if (!anchored)
		return EXIT_OK;
	if (r.have_last)
		printf("与 %zu 个签名检查点相符 / matches %zu signed checkpoints; the last signs record %" PRId64
		       " at %s (%s %s)\n",
		       r.verified, r.verified, r.last.seq, r.last.at, r.last.alg, r.last.key_id);
	else
		fprintf(stderr, "zeren: 尚无签名检查点 / no signed checkpoint yet: a cut-off tail or a recomputed "
				"chain would not show (zeren audit checkpoint)\n");
	if (r.foreign)
		fprintf(stderr, "zeren: %zu checkpoint lines are signed by another key and were skipped\n", r.foreign);
	if (r.have_last && r.chain.last > r.last.seq)
		printf("第 %" PRId64 "–%" PRId64 " 条尚未签名 / records %" PRId64 "-%" PRId64
		       " are after the last checkpoint\n",
		       r.last.seq + 1, r.chain.last, r.last.seq + 1, r.chain.last);
	return EXIT_OK;
}

static int audit_purge_cmd(struct cmd_ctx *ctx, struct store *s, int argc, char **argv)
{
	const char *before = NULL, *pub = NULL, *log = NULL;
	const struct cmd_option opts[] = {
		OPT_STR("--before", &before), OPT_STR("--pubkey", &pub), OPT_STR("--checkpoints", &log), OPT_DONE};
	int rc = cmd_parse("audit", argc, argv, 2, opts, 0, NULL);
	if (rc)
		return rc;
	if (!before)
		return cmd_usage("audit", "purge needs --before DATE");
	struct zerr e = {0};
	int64_t purged = 0;
	char detail[160];
	struct audit_anchor_report r;
	bool anchored;
	/* Only a chain that verifies against a signed checkpoint is purged, and only up to it. */
	if ((rc = verify_anchored(ctx, s, pub, log, &r, &anchored, true))) {
		zerr_set(&e, ZE_CONFLICT, "the audit log does not verify: nothing is purged");
	} else if (!anchored || !r.have_last) {
		zerr_set(&e, ZE_CONFLICT,
			 "没有可验证的签名检查点, 不清除 / no verified signed checkpoint: purge removes only "
			 "records a checkpoint has signed (zeren audit keygen; zeren audit checkpoint)");
	} else {
		struct audit_purge_limit lim = {.max_seq = r.last.seq, .signed_at = r.last.at};
		rc = audit_purge(s, before, &lim, &purged, &e);
		if (lim.clock_behind[0])
			fprintf(stderr, "zeren: 警告: 系统时钟早于最新审计记录 (%s) / warning: the clock is behind the "
					"newest audit record (%s): the clock was set back, or records were written while it "
					"was ahead; six months are counted from the clock\n",
				lim.clock_behind, lim.clock_behind);
		if (rc == ZE_INVALID)
			return cmd_usage("audit", "%s", e.msg);
	}
	if (e.code) {
		struct zerr e2 = {0};
		snprintf(detail, sizeof detail, "{\"before\": \"%.10s\"}", before);
		audit_append(s, cmd_audit_account(), "cli", "audit.purge", "audit_log", false, detail, &e2);
		return cmd_fail(&e);
	}
	snprintf(detail, sizeof detail, "{\"before\": \"%s\", \"purged\": %" PRId64 ", \"checkpoint\": %" PRId64 "}",
		 before, purged, r.last.seq);
	if (audit_append(s, cmd_audit_account(), "cli", "audit.purge", "audit_log", true, detail, &e))
		return cmd_fail(&e);
	printf("已清除 %" PRId64 " 条记录 / purged %" PRId64 " records made before %s (none after the checkpoint of "
	       "record %" PRId64 ")\n",
	       purged, purged, before, r.last.seq);
	return EXIT_OK;
}

const char cmd_audit_usage[] =
	"usage: zeren [--data DIR] audit list [--from SEQ] [--format text|json]\n"
	"       zeren [--data DIR] audit verify [--checkpoints FILE] [--pubkey FILE]\n"
	"       zeren [--data DIR] audit purge --before DATE [--checkpoints FILE] [--pubkey FILE]\n"
	"       zeren [--data DIR] audit checkpoint [--key FILE] [--checkpoints FILE]\n"
	"       zeren [--data DIR] audit keygen [--alg ed25519|sm2] [--key FILE] [--pubkey FILE]\n\n"
	"Every change and login is recorded — time, account, source, action, object, success and\n"
	"the change — in an append-only log where each record's SHA-256 covers the previous one's.\n"
	"checkpoint signs the chain's head (record number and hash) with a key the database does not\n"
	"hold (DIR/keys/audit-signing.key, made by init or keygen; Ed25519, or SM2 with SM3) and\n"
	"appends the line to DIR/checkpoints.log and to syslog; run it from cron (the server also does,\n"
	"every 10 minutes or 1000 records). verify recomputes the chain and checks it against every\n"
	"checkpoint the public key verifies: exit 0 when intact, 1 naming the first altered or missing\n"
	"record, a cut-off tail (truncation) or a chain recomputed since a checkpoint (rewriting); it\n"
	"opens the database read-only, so it works on a copy. purge removes records made before DATE,\n"
	"never one younger than six months (网络安全法 第二十一条) counted from the earliest of the\n"
	"clock, the newest record and the last checkpoint, and never one after the last checkpoint;\n"
	"nothing can alter a record. Paths: $ZEREN_AUDIT_KEY, $ZEREN_AUDIT_PUBKEY, $ZEREN_CHECKPOINTS.\n";

int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const subs[] = {"list", "verify", "purge", "keygen", "checkpoint", NULL};
	if (argc < 2)
		return cmd_usage("audit", "list, verify, purge, keygen or checkpoint?");
	const char *sub = argv[1];
	const char *const *p = subs;
	while (*p && strcmp(*p, sub))
		p++;
	if (!*p)
		return cmd_usage("audit", "unknown subcommand '%s'", sub);
	if (!strcmp(sub, "keygen"))
		return audit_keygen_cmd(ctx, argc, argv);
	struct store *s;
	/* list and verify only read: they work on a read-only copy and never migrate it. */
	bool ro = !strcmp(sub, "list") || !strcmp(sub, "verify");
	int rc = ro ? cmd_store_readonly(ctx, &s) : cmd_store(ctx, &s);
	if (rc)
		return rc;
	if (!strcmp(sub, "list"))
		rc = audit_list(s, argc, argv);
	else if (!strcmp(sub, "verify"))
		rc = audit_verify_cmd(ctx, s, argc, argv);
	else if (!strcmp(sub, "checkpoint"))
		rc = audit_checkpoint_cmd(ctx, s, argc, argv);
	else
		rc = audit_purge_cmd(ctx, s, argc, argv);
	return rc;
}
