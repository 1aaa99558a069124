/* zeren workday: the official working-day calendar (民法典 第201条, 第203条). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/change.h"
#include "core/calendar.h"
#include "core/workday.h"
#include "util/strbuf.h"

#define CALENDAR_CSV_MAX ((size_t)16 << 20)

static void warn_incomplete(bool complete, zdate a, zdate b)
{
	char msg[512];
	if (complete)
		return;
	workday_warning(a, b, msg, sizeof msg);
	fprintf(stderr, "zeren: %s\n", msg);
}

static int parse_int(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -100000 || v > 100000)
		return -1;
	*out = (int)v;
	return 0;
}

static void print_json(json_t *o)
{
	cmd_print_json(o);
	json_decref(o);
}

static int run(struct cmd_ctx *ctx, const char *sub, char **args, int nargs, bool json)
{
	struct store *s;
	struct cal *c = NULL;
	struct zerr e = {0};
	char buf[ZDATE_BUFSZ];
	zdate d = 0, d2 = 0;
	int n = 0;
	/* The arguments first: a mistyped one must not leave a new data directory behind. */
	if (strcmp(sub, "import") && strcmp(sub, "years")) {
		if (!date_parse(args[0], &d))
			return cmd_usage("workday", "'%s' is not a date YYYY-MM-DD", args[0]);
		if (!strcmp(sub, "add") && parse_int(args[1], &n))
			return cmd_usage("workday", "N must be a whole number, not '%s'", args[1]);
		if (!strcmp(sub, "between") && !date_parse(args[1], &d2))
			return cmd_usage("workday", "'%s' is not a date YYYY-MM-DD", args[1]);
	}
	int rc = cmd_store(ctx, &s);
	if (rc)
		return rc;
	if (!strcmp(sub, "import")) {
		struct strbuf text = STRBUF_INIT;
		size_t days = 0;
		struct change ch = cmd_change("calendar.import", args[0]);
		if (read_file(args[0], CALENDAR_CSV_MAX, &text, &e) ||
		    calendar_import_csv(s, &ch, text.buf, text.len, args[0], &days, &e))
			rc = cmd_fail(&e);
		else
			printf("已导入 %zu 天 / imported %zu days from %s\n", days, days, args[0]);
		sb_release(&text);
		goto out;
	}
	if (calendar_open(s, &c, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	if (!strcmp(sub, "years")) {
		int first, last;
		bool any = cal_year_range(c, &first, &last);
		if (json)
			print_json(calendar_years_json(c, false));
		else if (any)
			printf("已知年份 known years: %d–%d (%zu rows)\n", first, last, cal_row_count(c));
		else
			printf("日历为空 the calendar is empty\n");
		goto out;
	}
	bool complete = true;
	if (!strcmp(sub, "is")) {
		json_t *j = workday_is_json(c, d, &complete);
		if (json) {
			print_json(j);
		} else {
			const char *zh = json_string_value(json_object_get(j, "holiday_zh"));
			printf("%s%s%s\n", json_string_value(json_object_get(j, "kind")), zh ? " " : "", zh ? zh : "");
			json_decref(j);
		}
		warn_incomplete(complete, d, d);
		goto out;
	}
	if (!strcmp(sub, "add")) {
		json_t *j = workday_add_json(c, d, n, &complete, &d2, &e);
		if (!j) {
			rc = e.code == ZE_INVALID ? cmd_usage("workday", "%s", e.msg) : cmd_fail(&e);
			goto out;
		}
		if (json) {
			print_json(j);
		} else {
			printf("%s\n", date_format(d2, buf));
			json_decref(j);
		}
		warn_incomplete(complete, d, d2);
		goto out;
	}
	/* between */
	json_t *j = workday_between_json(c, d, d2, &complete);
	if (json) {
		print_json(j);
	} else {
		printf("%lld\n", (long long)json_integer_value(json_object_get(j, "workdays")));
		json_decref(j);
	}
	warn_incomplete(complete, d, d2);
out:
	cal_free(c);
	return rc;
}

const char cmd_workday_usage[] =
	"usage: zeren [--data DIR] workday add DATE N      the date N working days after DATE\n"
	"       zeren [--data DIR] workday is DATE         work or off, and the holiday's name\n"
	"       zeren [--data DIR] workday between A B     working days after A up to and including B\n"
	"       zeren [--data DIR] workday import FILE.csv add or replace days (date,kind,holiday,holiday_zh)\n"
	"       zeren [--data DIR] workday years           which years the calendar knows\n"
	"  options: --format text|json\n\n"
	"The official calendar (国务院办公厅 notices, 2004-2026) is built in; an administrator imports the\n"
	"next year's arrangement when it is published. Counting follows 民法典 第201条: the start day is\n"
	"not counted. A day in a year the calendar does not know is counted Monday-Friday only, with a\n"
	"warning on standard error and \"calendar_complete\": false in JSON — never silently.\n";

int cmd_workday(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *format = "text";
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_DONE};
	int nargs, rc = cmd_parse("workday", argc, argv, 1, opts, 3, &nargs);
	if (rc || (rc = cmd_format("workday", format, NULL)))
		return rc;
	char **args = argv + 1;
	static const struct {
		const char *name;
		int nargs;
	} subs[] = {{"add", 2}, {"is", 1}, {"between", 2}, {"import", 1}, {"years", 0}};
	if (nargs == 0)
		return cmd_usage("workday", "which subcommand?");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(args[0], subs[i].name))
			continue;
		if (nargs - 1 != subs[i].nargs)
			return cmd_usage("workday", "'%s' takes %d argument(s)", subs[i].name, subs[i].nargs);
		return run(ctx, subs[i].name, args + 1, nargs - 1, !strcmp(format, "json"));
	}
	return cmd_usage("workday", "unknown subcommand '%s'", args[0]);
}
