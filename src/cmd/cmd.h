/* The subcommands. Each parses its arguments, calls core and prints; only they exit. */
#ifndef ZEREN_CMD_CMD_H
#define ZEREN_CMD_CMD_H

#include <stdbool.h>

#include "store/store.h"
#include "util/date.h"
#include "util/err.h"

/* Exit statuses: 0 ok (check: no error finding), 1 check found errors, 2 bad usage or input,
 * 3 the store or the system failed. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_FAILURE_ = 3 };

/* What a command needs of the data directory: the command table says (as git's RUN_SETUP). */
enum cmd_store_need {
	STORE_NONE,     /* nothing: help, or a file in and out */
	STORE_EXISTING, /* the store there, when the command asks for it (cmd_store); a missing data
			 * directory is a usage error */
	STORE_CREATE,   /* the store there, created when missing */
};

struct cmd_ctx {
	const char *data_dir;
	const char *prog;
	enum cmd_store_need need; /* the running command's */
	struct store *store;      /* opened by cmd_store, closed by main */
};

struct cmd_sub;
struct command {
	const char *name;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text */
	enum cmd_store_need store;
	/* A command of subcommands instead of run: main runs the one named (cmd_run_sub). */
	const struct cmd_sub *subs;
};

extern const struct command commands[];
const struct command *command_find(const char *name);

/* Prints "zeren: <msg>" and returns the exit status that fits the error code. */
int cmd_fail(const struct zerr *e);
/* Prints a usage error for cmd and returns EXIT_USAGE. */
int cmd_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The store, as the command table says the command needs it: opened on the first call — after
 * the command has parsed its arguments, so that a mistyped one creates nothing — and closed by
 * main when the command returns; commands never close it. With STORE_EXISTING, a missing data
 * directory is a usage error (a reading command must not leave an empty store behind a mistyped
 * --data). Prints any error and returns an exit status. */
int cmd_store(struct cmd_ctx *ctx, struct store **out);
/* The same, read-only: neither migrated nor written (the auditor's reading of the log). */
int cmd_store_readonly(struct cmd_ctx *ctx, struct store **out);
/* Closes it early (serve: the workers open their own connections); main calls it in any case. */
void cmd_store_close(struct cmd_ctx *ctx);
/* What reading commands start from: the store (cmd_store), the indexed facts of one unit or of
 * all, and when asked for, the working-day calendar and the policies (with the units' own
 * approved versions). {0} is the empty one. */
struct cal;
struct policy_set;
struct cmd_facts {
	struct store *s;
	struct facts f;
	struct cal *cal;       /* with CMD_CAL, else NULL */
	struct policy_set *ps; /* with CMD_POLICIES, else NULL */
};
enum { CMD_CAL = 1, CMD_POLICIES = 2 };
/* Loads unit org's (all when NULL) into l, and what the CMD_* bits of `with` ask for. Prints any
 * error and returns an exit status; the caller releases l with cmd_unload in any case. */
int cmd_load(struct cmd_ctx *ctx, const char *org, unsigned with, struct cmd_facts *l);
/* Releases what cmd_load filled in (the store stays open until main closes it); l is empty after. */
void cmd_unload(struct cmd_facts *l);
int cmd_help_for(const char *name);

/* The one option parser of every command, in the manner of git's parse-options: each command
 * declares its options in a table. "--name VALUE" or "--name=VALUE"; a flag takes none; a list
 * option may be given again and again; a date option keeps what its variable held (today, or
 * ZDATE_NONE) unless given. Options may stand among the words; "--" ends them. */
enum cmd_opt_kind { OPT_END, OPT_STRING, OPT_INT, OPT_FLAG, OPT_LIST, OPT_DAY };
#define CMD_LIST_MAX 64
struct cmd_list {
	const char *v[CMD_LIST_MAX];
	int n;
};
struct cmd_option {
	enum cmd_opt_kind kind;
	const char *name; /* "--org" */
	void *value;      /* const char **, long *, bool *, struct cmd_list * or zdate * */
	long min, max;    /* an OPT_INT's range */
};
#define OPT_STR(name, v) {OPT_STRING, name, v, 0, 0}
#define OPT_NUM(name, v, lo, hi) {OPT_INT, name, v, lo, hi}
#define OPT_BOOL(name, v) {OPT_FLAG, name, v, 0, 0}
#define OPT_MANY(name, v) {OPT_LIST, name, v, 0, 0}
#define OPT_DATE(name, v) {OPT_DAY, name, v, 0, 0}
#define OPT_DONE {OPT_END, NULL, NULL, 0, 0}
/* Parses argv[first..argc) against opts (ended by OPT_DONE). The words that are not options
 * are left, in order, at argv[first..first + *nwords); more than max_words of them is refused.
 * Refused with the command's usage, naming what: an unknown option, a missing or unexpected
 * value, a number that is not all digits or out of its range, a date that is not YYYY-MM-DD, a
 * list past CMD_LIST_MAX.
 * Returns 0 or EXIT_USAGE. */
int cmd_parse(const char *cmd, int argc, char **argv, int first, const struct cmd_option *opts, int max_words,
	      int *nwords);
/* cmd_parse of a command that takes one word (a FILE …) after its options, from argv[1]: *word
 * is it; none is refused with usage saying `missing`. Returns 0 or EXIT_USAGE. */
int cmd_parse_word(const char *cmd, int argc, char **argv, const struct cmd_option *opts, const char *missing,
		   const char **word);
/* A subcommand: its name and what runs it with the subcommand's words (argv[0] is the subcommand). */
struct cmd_sub {
	const char *name;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
};
/* Runs the subcommand argv[1] of cmd, one of subs (ended by {NULL}). Refused with usage: none
 * given ("which: " and their names), or one not in subs. Returns its exit status. */
int cmd_run_sub(struct cmd_ctx *ctx, const char *cmd, const struct cmd_sub *subs, int argc, char **argv);
/* Checks --format (text or json); *json (nullable) says which. Returns 0 or EXIT_USAGE. */
int cmd_format(const char *cmd, const char *format, bool *json);

/* Each command: what runs it, and its usage text, kept in its own file beside its options. */
#define CMD_DECLARE(name)                                           \
	int cmd_##name(struct cmd_ctx *ctx, int argc, char **argv); \
	extern const char cmd_##name##_usage[]
/* A command of subcommands: their table, and its usage text. */
#define CMD_DECLARE_SUBS(name)                           \
	extern const struct cmd_sub cmd_##name##_subs[]; \
	extern const char cmd_##name##_usage[]
CMD_DECLARE(init);
CMD_DECLARE(import);
CMD_DECLARE(export);
CMD_DECLARE(check);
CMD_DECLARE(demo);
CMD_DECLARE(posts);
CMD_DECLARE(policy);
CMD_DECLARE(workday);
CMD_DECLARE(obligations);
CMD_DECLARE(obligation);
CMD_DECLARE(calendar);
CMD_DECLARE_SUBS(incident);
CMD_DECLARE_SUBS(notice);
CMD_DECLARE(accountability);
CMD_DECLARE(audit);
CMD_DECLARE(user);
CMD_DECLARE(serve);
CMD_DECLARE(backup);
CMD_DECLARE(migrate);
CMD_DECLARE(restore);
CMD_DECLARE(evaluation);
CMD_DECLARE_SUBS(doc);
CMD_DECLARE_SUBS(jobs);
CMD_DECLARE(notify);
CMD_DECLARE(appointment);
CMD_DECLARE(history);
CMD_DECLARE_SUBS(report);
CMD_DECLARE(supervision);
CMD_DECLARE_SUBS(inspection);
CMD_DECLARE(dict);       /* list|put: a unit's own lists */
/* zeren policy draft FILE / zeren policy load FILE (cmd/draft.c); argv[0] is the subcommand. */
int cmd_policy_draft(int argc, char **argv);
/* list|show|diff|import|export|activate|reject: a unit's own versions (cmd/policyver.c). */
int cmd_policy_versions(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_policy_load(int argc, char **argv);
int cmd_help(struct cmd_ctx *ctx, int argc, char **argv);
/* zeren notice send (cmd/supervision.c); argv[0] is the subcommand. */
int cmd_notice_send(struct cmd_ctx *ctx, int argc, char **argv);
/* zeren notice package / import-package (cmd/report.c); argv[0] is the subcommand. */
int cmd_notice_package(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_notice_import_package(struct cmd_ctx *ctx, int argc, char **argv);
/* Who the audit log records as acting from the command line: "cli:<os user>". */
const char *cmd_audit_account(void);
/* A change made from the command line (core/change.h): that actor, source "cli". */
struct change;
struct change cmd_change(const char *action, const char *object);
/* Prints j on standard output as indented JSON, its keys in their order, and a newline; returns
 * EXIT_OK, or EXIT_FAILURE_ when it could not be written. */
struct json_t;
int cmd_print_json(const struct json_t *j);
/* Writes len bytes to path (created or truncated); prints any error and returns an exit status. */
int cmd_write_file(const char *path, const void *data, size_t len);
/* Prints cells padded to display widths (CJK characters count two columns), then the rest. */
void cmd_print_row(const char *const *cells, const int *widths, int n, const char *rest);
/* Where the audit signing key, its public key and the checkpoint log are: in the data directory
 * (keys/audit-signing.key, keys/audit-signing.pub, checkpoints.log) unless $ZEREN_AUDIT_KEY,
 * $ZEREN_AUDIT_PUBKEY or $ZEREN_CHECKPOINTS say otherwise. */
struct cmd_audit_paths {
	char key[4096], pub[4096], log[4096];
};
void cmd_audit_paths(struct cmd_ctx *ctx, struct cmd_audit_paths *p);
/* Creates the audit signing key (alg NULL: Ed25519) and prints where; with quiet_if_exists, a
 * key already there is kept silently (init, demo). Returns an exit status. */
int cmd_audit_keygen(struct cmd_ctx *ctx, const char *alg, bool quiet_if_exists);

#endif
