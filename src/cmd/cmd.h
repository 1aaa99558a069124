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

struct cmd_ctx {
	const char *data_dir;
	const char *prog;
};

struct command {
	const char *name;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text */
};

extern const struct command commands[];
const struct command *command_find(const char *name);

/* Prints "zeren: <msg>" and returns the exit status that fits the error code. */
int cmd_fail(const struct zerr *e);
/* Prints a usage error for cmd and returns EXIT_USAGE. */
int cmd_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens the store; with create false, a missing data directory is a usage error. */
int cmd_open_store(struct cmd_ctx *ctx, bool create, struct store **out);
/* What reading commands start from: the existing store, the indexed facts of unit org (or of
 * all when NULL) into f (facts_init'ed by the caller), and, when cal or ps is given, the
 * working-day calendar and the policies. Prints any error and returns an exit status; the
 * caller releases whatever was filled in, in any case. */
struct cal;
struct policy_set;
int cmd_load(struct cmd_ctx *ctx, const char *org, struct store **s, struct facts *f, struct cal **cal,
	     struct policy_set **ps);
/* Option helpers: matches "--name VALUE" or "--name=VALUE" at argv[*i]. */
int cmd_opt(int argc, char **argv, int *i, const char *name, const char **value);
int cmd_help_for(const char *name);

/* Options that each take a value ("--org ID" or "--org=ID"); anything else is a usage error. */
struct cmd_optspec {
	const char *name;
	const char **value;
};
/* Parses argv[first..] against specs (ended by {NULL, NULL}); returns 0 or an exit status. */
int cmd_parse_opts(const char *cmd, int argc, char **argv, int first, const struct cmd_optspec *specs);
/* The --as-of date (today in Asia/Shanghai when s is NULL); returns 0 or EXIT_USAGE. */
int cmd_as_of(const char *cmd, const char *s, zdate *out);

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_import(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_export(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_check(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_posts(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_policy(struct cmd_ctx *ctx, int argc, char **argv);
/* zeren policy draft FILE / zeren policy load FILE (cmd/draft.c); argv[0] is the subcommand. */
int cmd_policy_draft(int argc, char **argv);
int cmd_policy_load(int argc, char **argv);
int cmd_workday(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_incident(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_obligations(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_calendar(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_obligation(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_notice(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_accountability(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_user(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_serve(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_help(struct cmd_ctx *ctx, int argc, char **argv);
/* Who the audit log records as acting from the command line: $USER, or "cli". */
const char *cmd_audit_account(void);

#endif
