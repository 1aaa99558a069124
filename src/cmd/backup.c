/* zeren backup, zeren restore: a data directory copied while the server runs, and back. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit/anchor.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "core/backup.h"

/* Records a backup or restore in the audit log; returns an exit status. */
static int record(struct store *s, const char *action, const char *object, bool ok, const struct backup_stats *st,
		  const struct zerr *err)
{
	json_t *d = ok ? json_pack("{s:I, s:I}", "files", (json_int_t)st->files, "bytes", (json_int_t)st->bytes)
		       : json_pack("{s:s}", "error", err->msg);
	char *text = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	struct zerr ae = {0};
	int rc = audit_append(s, cmd_audit_account(), "cli", action, object, ok, text, &ae) ? cmd_fail(&ae) : 0;
	free(text);
	json_decref(d);
	return rc;
}

const char cmd_backup_usage[] =
	"usage: zeren [--data DIR] backup DEST [--with-signing-key]\n\n"
	"Copies the data directory into DEST (a new or empty directory) while the server may go on\n"
	"writing: the database as one consistent moment (SQLite's online backup API), then the\n"
	"evidence files, the public key, checkpoints.log and any other file, each listed with its\n"
	"SHA-256 in DEST/MANIFEST. The audit signing key stays out unless --with-signing-key: whoever\n"
	"holds a copy of the database must not hold the key that signs its checkpoints; keep a copy\n"
	"of the key apart. With a key, the chain's head is signed just before the copy.\n";

int cmd_backup(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *dest = NULL;
	bool with_key = false;
	struct store *s;
	struct zerr e = {0};
	struct backup_stats st;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--with-signing-key"))
			with_key = true;
		else if (argv[i][0] == '-' || dest)
			return cmd_usage("backup", "unexpected argument '%s'", argv[i]);
		else
			dest = argv[i];
	}
	if (!dest)
		return cmd_usage("backup", "where to? (a new or empty directory)");
	int rc = cmd_store(ctx, &s);
	if (rc)
		return rc;
	/* Sign the head first, so the copy's chain ends close after a checkpoint it carries. */
	struct cmd_audit_paths p;
	struct audit_key *k = NULL;
	struct audit_checkpoint cp;
	cmd_audit_paths(ctx, &p);
	if (!audit_key_load_private(p.key, &k, &e) && audit_checkpoint_write(s, k, p.log, &cp, &e))
		fprintf(stderr, "zeren: no checkpoint before the backup: %s\n", e.msg);
	audit_key_free(k);
	e = (struct zerr){0};
	bool ok = !backup_create(s, ctx->data_dir, dest, with_key, &st, &e);
	rc = ok ? EXIT_OK : cmd_fail(&e);
	int arc = record(s, "backup", dest, ok, &st, &e);
	if (rc || arc)
		return rc ? rc : arc;
	printf("已备份 / backed up: %zu files, %" PRId64 " bytes into %s%s\n", st.files, st.bytes, dest,
	       with_key ? " (with the audit signing key: keep this copy as safe as the key)"
			: " (without the audit signing key, which stays out of backups)");
	return EXIT_OK;
}

const char cmd_restore_usage[] =
	"usage: zeren --data NEWDIR restore SRC\n\n"
	"Checks every file of backup SRC against its MANIFEST, then copies them into NEWDIR, which\n"
	"must be new or empty (a data directory in use is never overwritten), opens the store and\n"
	"verifies its audit chain. Exit 1 when the chain does not verify.\n";

int cmd_restore(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_option opts[] = {OPT_DONE};
	const char *src;
	int rc = cmd_parse_word("restore", argc, argv, opts, "from where? (a directory made by zeren backup)", &src);
	if (rc)
		return rc;
	struct store *s;
	struct zerr e = {0};
	struct backup_stats st;
	int64_t checked, broken;
	if (backup_restore(src, ctx->data_dir, &st, &e))
		return cmd_fail(&e);
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if ((rc = audit_verify(s, &checked, &broken, &e)) && rc != ZE_CONFLICT)
		return cmd_fail(&e);
	printf("已恢复 / restored: %zu files, %" PRId64 " bytes from %s into %s (schema %d)\n", st.files, st.bytes,
	       src, ctx->data_dir, store_schema_version(s));
	if (rc)
		printf("审计日志不完整 / the restored audit log does not verify: %s\n", e.msg);
	int arc = record(s, "restore", src, true, &st, NULL);
	if (rc)
		return EXIT_FINDINGS;
	if (arc)
		return arc;
	printf("审计日志完整 / audit log intact: %" PRId64 " records; check it against your checkpoints with "
	       "'zeren --data %s audit verify --checkpoints FILE --pubkey FILE'\n",
	       checked, ctx->data_dir);
	return EXIT_OK;
}
