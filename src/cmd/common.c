#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/policies.h"

int cmd_fail(const struct zerr *e)
{
	fprintf(stderr, "zeren: %s\n", e->msg);
	switch (e->code) {
	case ZE_INVALID:
	case ZE_NOTFOUND:
	case ZE_CONFLICT:
	case ZE_LIMIT:
	case ZE_DENIED:
		return EXIT_USAGE;
	default:
		return EXIT_FAILURE_;
	}
}

int cmd_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "zeren %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	const struct command *c = command_find(cmd);
	if (c)
		fputs(c->usage, stderr);
	return EXIT_USAGE;
}

int cmd_open_store(struct cmd_ctx *ctx, bool create, struct store **out)
{
	struct zerr e = {0};
	struct stat st;
	/* Reading commands must not leave an empty store behind a mistyped --data. */
	if (!create && stat(ctx->data_dir, &st) != 0) {
		fprintf(stderr, "zeren: no data directory at %s; create one with 'zeren init' or 'zeren demo', "
				"or name it with --data\n", ctx->data_dir);
		return EXIT_USAGE;
	}
	if (store_open(ctx->data_dir, out, &e))
		return cmd_fail(&e);
	return EXIT_OK;
}

int cmd_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "zeren: option %s needs a value\n", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int cmd_parse_opts(const char *cmd, int argc, char **argv, int first, const struct cmd_optspec *specs)
{
	for (int i = first; i < argc; i++) {
		int r = 0;
		for (const struct cmd_optspec *sp = specs; sp->name && !r; sp++)
			r = cmd_opt(argc, argv, &i, sp->name, sp->value);
		if (r < 0)
			return EXIT_USAGE;
		if (!r)
			return cmd_usage(cmd, "unexpected argument '%s'", argv[i]);
	}
	return 0;
}

int cmd_as_of(const char *cmd, const char *s, zdate *out)
{
	*out = date_today();
	if (s && !date_parse(s, out))
		return cmd_usage(cmd, "--as-of must be a date YYYY-MM-DD, not '%s'", s);
	return 0;
}

int cmd_load(struct cmd_ctx *ctx, const char *org, struct store **s, struct facts *f, struct cal **cal,
	     struct policy_set **ps)
{
	struct zerr e = {0};
	int rc = cmd_open_store(ctx, false, s);
	if (rc)
		return rc;
	if (store_load(*s, f, org, &e) || (facts_index(f) && zerr_set(&e, ZE_NOMEM, "out of memory")) ||
	    (cal && calendar_open(*s, cal, &e)) || (ps && policies_load(ps, &e)))
		return cmd_fail(&e);
	return 0;
}
