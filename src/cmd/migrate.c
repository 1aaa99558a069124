/* zeren migrate: a whole store copied into a new one and checked (core/migrate.h). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "audit/audit.h"
#include "cmd/cmd.h"
#include "core/backup.h"
#include "core/migrate.h"

const char cmd_migrate_usage[] =
	"usage: zeren migrate --from STORE [--from-files DIR] --to STORE [--files DIR]\n\n"
	"Copies the whole store STORE into a new, empty one, then checks the copy: the zeren/v1 exports\n"
	"of both identical, the copy's audit chain intact and ending in the same record, the rows of\n"
	"every part equal. A STORE is a data directory (its store on the backend in use: SQLite, or\n"
	"PostgreSQL with --db/ZEREN_DB), or a postgresql:// URL with the data directory that names its\n"
	"schema and keeps its files: --from-files for the source, --files for the destination (made\n"
	"when missing). So `--from zeren-data --to postgresql://… --files /srv/zeren` moves a SQLite\n"
	"store into PostgreSQL. Copied: every unit's records, the calendar, accounts and roles, sessions, account\n"
	"requests, the audit log (same numbers and hashes), the history of facts, policy versions,\n"
	"unit settings, documents and signatures, campaigns, evaluation rounds, notification channels,\n"
	"preferences and messages, federation keys and reports, and the data directory's files\n"
	"(evidence, keys, checkpoints) into the destination directory, or DIR (--files) for a URL.\n"
	"Not copied: the sign-in throttle and the reminder planner's marks (both transient). The\n"
	"source is only read; stop the servers first. The copy records the migration in its own log.\n";

/* The location with any password of a URL left out, for the audit log and messages. */
static void without_password(const char *loc, char *out, size_t n)
{
	const char *scheme = strstr(loc, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
	if (!at || !colon || colon > at)
		snprintf(out, n, "%s", loc);
	else
		snprintf(out, n, "%.*s%s", (int)(colon - loc), loc, at);
}

/* A data directory may be new, empty, or hold an (empty) store; anything else is refused before
 * a database is created in it. */
static int destination_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool other = false, db = false;
	if (!d)
		return errno == ENOENT ? 0 : (fprintf(stderr, "zeren: %s: %s\n", dir, strerror(errno)), EXIT_FAILURE_);
	while ((de = readdir(d)))
		if (!strcmp(de->d_name, "zeren.db") || !strcmp(de->d_name, "zeren.pg"))
			db = true;
		else if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strncmp(de->d_name, "zeren.db-", 9))
			other = true;
	closedir(d);
	if (other && !db) {
		fprintf(stderr, "zeren: %s is not empty and holds no store: migrate into a new or empty directory\n", dir);
		return EXIT_USAGE;
	}
	return 0;
}

/* Whether path (which may not exist yet) is dir or inside it: the files of dir copied there would
 * copy themselves. */
static bool inside(const char *dir, const char *path)
{
	char rd[PATH_MAX], rp[PATH_MAX], parent[PATH_MAX];
	if (!realpath(dir, rd))
		return false;
	if (!realpath(path, rp)) {
		const char *slash = strrchr(path, '/');
		int n = slash ? (int)(slash - path) : 0;
		snprintf(parent, sizeof parent, "%.*s", n ? n : 1, slash ? path : ".");
		if (!realpath(parent, rp))
			return false;
	}
	size_t n = strlen(rd);
	return !strncmp(rp, rd, n) && (rp[n] == '/' || rp[n] == '\0');
}

static void print_counts(const struct migrate_counts *c)
{
	for (int i = 0; i < MP_COUNT; i++)
		printf("  %-20s %" PRId64 "\n", migrate_part_names[i], c->n[i]);
}

static int record(struct store *to, const char *from, const struct migrate_counts *c, const struct backup_stats *files)
{
	json_t *d = json_object(), *n = json_object();
	for (int i = 0; d && n && i < MP_COUNT; i++)
		json_object_set_new(n, migrate_part_names[i], json_integer(c->n[i]));
	json_object_set_new(d, "rows", n);
	json_object_set_new(d, "files", json_integer((json_int_t)files->files));
	char *text = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
	struct zerr e = {0};
	int rc = text ? audit_append(to, cmd_audit_account(), "cli", "migrate", from, true, text, &e)
		      : zerr_set(&e, ZE_NOMEM, "out of memory");
	free(text);
	json_decref(d);
	return rc ? cmd_fail(&e) : 0;
}

int cmd_migrate(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *files = NULL, *from_files = NULL;
	const struct cmd_option opts[] = {OPT_STR("--from", &from), OPT_STR("--to", &to), OPT_STR("--files", &files),
					  OPT_STR("--from-files", &from_files), OPT_DONE};
	int rc = cmd_parse("migrate", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!from || !to)
		return cmd_usage("migrate", "give both --from STORE and --to STORE");
	bool from_url = store_location_is_url(from), to_url = store_location_is_url(to);
	if (!strcmp(from, to))
		return cmd_usage("migrate", "--from and --to name the same store");
	if (files && !to_url)
		return cmd_usage("migrate", "--files is for a URL destination (a directory holds its own files)");
	if (from_files && !from_url)
		return cmd_usage("migrate", "--from-files is for a URL source (a directory holds its own files)");
	if (to_url && !files)
		return cmd_usage("migrate", "a postgresql:// destination needs --files DIR: its data directory");
	if (from_url && !from_files)
		return cmd_usage("migrate", "a postgresql:// source needs --from-files DIR: its data directory");
	const char *src_dir = from_url ? from_files : from, *dst_dir = to_url ? files : to;
	struct stat st;
	if (stat(src_dir, &st) != 0)
		return cmd_usage("migrate", "no data directory at %s", src_dir);
	if (inside(src_dir, dst_dir))
		return cmd_usage("migrate", "the destination is inside the source %s: copy elsewhere", src_dir);
	if ((rc = destination_dir(dst_dir)))
		return rc;
	struct store *src = NULL, *dst = NULL;
	struct zerr e = {0};
	struct migrate_counts a, b;
	struct backup_stats copied = {0};
	char shown[1024];
	without_password(from, shown, sizeof shown);
	if (store_open_location(from, from_files, true, &src, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	if (store_open_location(to, files, false, &dst, &e) || migrate_copy(src, dst, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	const char *file_src = from_url ? from_files : from, *file_dest = to_url ? files : to;
	if (backup_copy_files(file_src, file_dest, &copied, &e)) {
		zerr_prefix(&e, "the rows were copied, the files not");
		rc = cmd_fail(&e);
		goto out;
	}
	if (migrate_verify(src, dst, &a, &b, &e)) {
		zerr_prefix(&e, "the copy differs from the original; it is left in the destination to inspect (not in use)");
		rc = cmd_fail(&e);
		goto out;
	}
	if ((rc = record(dst, shown, &b, &copied)))
		goto out;
	printf("已迁移并核验 / migrated and verified: %s → ", shown);
	without_password(to, shown, sizeof shown);
	printf("%s\n", shown);
	print_counts(&b);
	printf("  %-20s %zu (%" PRId64 " bytes)\n", "files", copied.files, copied.bytes);
out:
	store_close(src);
	store_close(dst);
	return rc;
}
