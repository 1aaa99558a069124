#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/accounts.h"
#include "core/calendar.h"
#include "core/policies.h"
#include "core/unitpolicy.h"

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

static int open_store(struct cmd_ctx *ctx, bool readonly, struct store **out)
{
	struct zerr e = {0};
	struct stat st;
	assert(ctx->need != STORE_NONE); /* the command table says this command needs none */
	if (!ctx->store) {
		if ((readonly || ctx->need == STORE_EXISTING) && stat(ctx->data_dir, &st) != 0) {
			fprintf(stderr, "zeren: no data directory at %s; create one with 'zeren init' or 'zeren demo', "
					"or name it with --data\n", ctx->data_dir);
			return EXIT_USAGE;
		}
		/* A command that may write may hash a password: a wrong ZEREN_PASSWORD_COST is refused
		 * before anything is created or changed. */
		const struct password_cost *cost;
		if ((!readonly && password_cost(&cost, &e)) ||
		    (readonly ? store_open_readonly : store_open)(ctx->data_dir, &ctx->store, &e))
			return cmd_fail(&e);
	}
	*out = ctx->store;
	return EXIT_OK;
}

int cmd_store(struct cmd_ctx *ctx, struct store **out)
{
	return open_store(ctx, false, out);
}

int cmd_store_readonly(struct cmd_ctx *ctx, struct store **out)
{
	return open_store(ctx, true, out);
}

void cmd_store_close(struct cmd_ctx *ctx)
{
	if (ctx->store)
		store_close(ctx->store);
	ctx->store = NULL;
}

static const struct cmd_option *find_option(const struct cmd_option *opts, const char *arg, const char **eq)
{
	for (const struct cmd_option *o = opts; o->kind != OPT_END; o++) {
		size_t n = strlen(o->name);
		if (!strncmp(arg, o->name, n) && (arg[n] == '\0' || arg[n] == '=')) {
			*eq = arg[n] == '=' ? arg + n + 1 : NULL;
			return o;
		}
	}
	return NULL;
}

static int take_value(const char *cmd, const struct cmd_option *o, const char *v)
{
	char *end;
	switch (o->kind) {
	case OPT_STRING:
		*(const char **)o->value = v;
		return 0;
	case OPT_INT: {
		errno = 0;
		long n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < o->min || n > o->max)
			return cmd_usage(cmd, "%s must be a whole number from %ld to %ld, not '%s'", o->name, o->min,
					 o->max, v);
		*(long *)o->value = n;
		return 0;
	}
	case OPT_DAY:
		if (!date_parse(v, o->value))
			return cmd_usage(cmd, "%s must be a date YYYY-MM-DD, not '%s'", o->name, v);
		return 0;
	case OPT_LIST: {
		struct cmd_list *l = o->value;
		if (l->n == CMD_LIST_MAX)
			return cmd_usage(cmd, "%s given more than %d times", o->name, CMD_LIST_MAX);
		l->v[l->n++] = v;
		return 0;
	}
	default:
		return cmd_usage(cmd, "option %s takes no value", o->name);
	}
}

int cmd_parse(const char *cmd, int argc, char **argv, int first, const struct cmd_option *opts, int max_words,
	      int *nwords)
{
	int words = 0, rc;
	bool only_words = false;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i], *eq = NULL;
		if (!only_words && !strcmp(a, "--")) {
			only_words = true;
			continue;
		}
		/* A word, or a negative number ("workday add 2026-10-08 -3"). */
		if (only_words || a[0] != '-' || !a[1] || (a[1] >= '0' && a[1] <= '9')) {
			if (words == max_words)
				return cmd_usage(cmd, "unexpected argument '%s'", a);
			argv[first + words++] = argv[i];
			continue;
		}
		const struct cmd_option *o = find_option(opts, a, &eq);
		if (!o)
			return cmd_usage(cmd, "unknown option '%s'", a);
		if (o->kind == OPT_FLAG) {
			if (eq)
				return cmd_usage(cmd, "option %s takes no value", o->name);
			*(bool *)o->value = true;
			continue;
		}
		if (!eq && i + 1 >= argc)
			return cmd_usage(cmd, "option %s needs a value", o->name);
		if ((rc = take_value(cmd, o, eq ? eq : argv[++i])))
			return rc;
	}
	if (nwords)
		*nwords = words;
	else if (words)
		return cmd_usage(cmd, "unexpected argument '%s'", argv[first]);
	return 0;
}

int cmd_format(const char *cmd, const char *format, bool *json)
{
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cmd_usage(cmd, "--format must be text or json, not '%s'", format);
	if (json)
		*json = !strcmp(format, "json");
	return 0;
}

int cmd_load(struct cmd_ctx *ctx, const char *org, unsigned with, struct cmd_facts *l)
{
	struct zerr e = {0};
	int rc = cmd_store(ctx, &l->s);
	if (rc)
		return rc;
	if (store_load(l->s, &l->f, org, &e) || (facts_index(&l->f) && zerr_set(&e, ZE_NOMEM, "out of memory")) ||
	    ((with & CMD_CAL) && calendar_open(l->s, &l->cal, &e)) ||
	    ((with & CMD_POLICIES) && (policies_load(&l->ps, &e) || unit_policies_add(l->s, l->ps, org, &e))))
		return cmd_fail(&e);
	if (store_load_note(l->s)[0])
		fprintf(stderr, "zeren: %s\n", store_load_note(l->s));
	return 0;
}

void cmd_unload(struct cmd_facts *l)
{
	policies_free(l->ps);
	cal_free(l->cal);
	facts_release(&l->f);
	*l = (struct cmd_facts){0};
}

int cmd_parse_word(const char *cmd, int argc, char **argv, const struct cmd_option *opts, const char *missing,
		   const char **word)
{
	int n, rc = cmd_parse(cmd, argc, argv, 1, opts, 1, &n);
	if (rc)
		return rc;
	if (!n)
		return cmd_usage(cmd, "%s", missing);
	*word = argv[1];
	return 0;
}

int cmd_run_sub(struct cmd_ctx *ctx, const char *cmd, const struct cmd_sub *subs, int argc, char **argv)
{
	for (const struct cmd_sub *sc = subs; argc > 1 && sc->name; sc++)
		if (!strcmp(argv[1], sc->name))
			return sc->run(ctx, argc - 1, argv + 1);
	if (argc > 1)
		return cmd_usage(cmd, "unknown subcommand '%s'", argv[1]);
	struct strbuf which = STRBUF_INIT;
	for (const struct cmd_sub *sc = subs; sc->name; sc++)
		sb_addf(&which, "%s%s", sc == subs ? "" : sc[1].name ? ", " : " or ", sc->name);
	int rc = cmd_usage(cmd, "which: %s", which.buf ? which.buf : "");
	sb_release(&which);
	return rc;
}

int cmd_print_json(const json_t *j)
{
	int rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	return rc ? EXIT_FAILURE_ : EXIT_OK;
}

int cmd_write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	bool ok = fp && fwrite(data, 1, len, fp) == len;
	/* Closed once, whatever failed: a failed fclose has released the stream already. */
	if (fp && fclose(fp) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "zeren: %s: %s\n", path, strerror(errno));
		return EXIT_FAILURE_;
	}
	return 0;
}

/* Prints cells padded to display widths (CJK characters count two columns), then the rest. */
void cmd_print_row(const char *const *cells, const int *widths, int n, const char *rest)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		const char *c = cells[i] ? cells[i] : "";
		sb_add_padded(&sb, c, widths[i]);
		if (utf8_width(c) >= widths[i])
			sb_addc(&sb, ' '); /* an overlong cell still stands apart */
	}
	sb_adds(&sb, rest);
	puts(sb.buf);
	sb_release(&sb);
}
