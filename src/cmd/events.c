/* zeren incident, notice, accountability: recording what happened and answering for it. Adding
 * and changing go through the zeren/v1 importer, so the command line gets exactly its checks
 * and its single transaction. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/change.h"
#include "core/accountability.h"
#include "core/history.h"
#include "core/calendar.h"
#include "core/events.h"
#include "core/policies.h"
#include "core/interchange.h"
#include "rules/engine.h"
#include "util/strbuf.h"

#define MAX_OPTS 24
#define OPT_NAME_MAX 32

/* The options of one subcommand, by name ("org" for --org), read through cmd_parse; the
 * words (the subcommand, then its arguments) go to pos. The option named `many` may be given
 * again and again (its values in o->many). */
struct opts {
	const char *name[MAX_OPTS], *value[MAX_OPTS];
	int n;
	const char *const *pos;
	int npos;
	struct cmd_list many;
};

static int parse_opts(const char *cmd, int argc, char **argv, const char *const *known, const char *many,
		      int max_words, struct opts *o)
{
	char names[MAX_OPTS][OPT_NAME_MAX];
	struct cmd_option table[MAX_OPTS + 2];
	int n = 0;
	for (; known[n]; n++) {
		assert(n < MAX_OPTS && strlen(known[n]) + 3 <= OPT_NAME_MAX);
		snprintf(names[n], sizeof names[n], "--%s", known[n]);
		o->name[n] = known[n];
		table[n] = (struct cmd_option)OPT_STR(names[n], &o->value[n]);
	}
	o->n = n;
	char many_name[OPT_NAME_MAX];
	if (many) {
		snprintf(many_name, sizeof many_name, "--%s", many);
		table[n++] = (struct cmd_option)OPT_MANY(many_name, &o->many);
	}
	table[n] = (struct cmd_option)OPT_DONE;
	o->pos = (const char *const *)argv;
	return cmd_parse(cmd, argc, argv, 0, table, max_words, &o->npos);
}

static const char *opt(const struct opts *o, const char *name)
{
	for (int i = o->n - 1; i >= 0; i--)
		if (!strcmp(o->name[i], name))
			return o->value[i];
	return NULL;
}


/* One record through the core's change service, audited with it. Takes rec. */
static int import_one(struct store *s, const char *array, json_t *rec, const char *what, const char *action)
{
	struct zerr e = {0};
	char object[256];
	const char *org = json_string_value(json_object_get(rec, "org"));
	const char *id = json_string_value(json_object_get(rec, "id"));
	snprintf(object, sizeof object, "%s/%s", org ? org : "?", id ? id : "?");
	json_t *doc = json_pack("{s:[o]}", array, rec);
	struct change c = cmd_change(action, object);
	c.detail = rec;
	int rc = 0;
	if (!doc) {
		fprintf(stderr, "zeren: out of memory\n");
		rc = EXIT_FAILURE_;
	} else if (change_records(s, &c, doc, what, NULL, NULL, &e)) {
		rc = cmd_fail(&e);
	}
	json_decref(doc);
	return rc;
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* A number option as JSON (so the importer checks its range), or a string it will refuse. */
static void set_num(json_t *o, const char *key, const char *v)
{
	if (!v)
		return;
	char *end;
	double d = strtod(v, &end);
	if (*v && !*end)
		json_object_set_new(o, key, d == (double)(json_int_t)d ? json_integer((json_int_t)d) : json_real(d));
	else
		json_object_set_new(o, key, json_string(v));
}

static int incident_add(struct cmd_ctx *ctx, const struct opts *o)
{
	struct store *s;
	int rc = cmd_store(ctx, &s);
	if (rc)
		return rc;
	json_t *rec = json_object();
	set_str(rec, "id", opt(o, "id"));
	set_str(rec, "org", opt(o, "org"));
	set_str(rec, "system", opt(o, "system"));
	set_str(rec, "title", opt(o, "title"));
	set_str(rec, "category", opt(o, "category"));
	set_str(rec, "grade", opt(o, "grade"));
	set_str(rec, "occurred_at", opt(o, "occurred"));
	set_str(rec, "detected_at", opt(o, "detected"));
	set_str(rec, "reported_at", opt(o, "reported"));
	set_num(rec, "outage_hours", opt(o, "outage-hours"));
	set_num(rec, "personal_info_records", opt(o, "personal-info"));
	set_str(rec, "classification", opt(o, "classification"));
	set_num(rec, "economic_loss_yuan", opt(o, "economic-loss"));
	set_num(rec, "people_affected", opt(o, "people-affected"));
	set_num(rec, "function_outage_hours", opt(o, "function-outage-hours"));
	rc = import_one(s, "incidents", rec, "incident add", "incident.create");
	if (!rc)
		printf("已记录安全事件 / incident recorded: %s\n", opt(o, "id"));
	return rc;
}

/* Rewrites one stored record with some fields changed, through the importer. */
static int update_record(struct cmd_ctx *ctx, bool incident, const char *id, const char *const *keys,
			 const char *const *values, int n)
{
	struct cmd_facts l = {0};
	int rc = cmd_load(ctx, NULL, 0, &l);
	if (rc)
		goto out;
	zidx i = hmap_get(incident ? &l.f.incident_ids : &l.f.notice_ids, id);
	if (i < 0) {
		fprintf(stderr, "zeren: no %s with id '%s'\n", incident ? "incident" : "notice", id);
		rc = EXIT_USAGE;
		goto out;
	}
	json_t *rec = incident ? incident_json(&l.f, i) : notice_json(&l.f, i);
	for (int k = 0; k < n; k++)
		if (values[k])
			json_object_set_new(rec, keys[k], json_string(values[k]));
	rc = import_one(l.s, incident ? "incidents" : "notices", rec, incident ? "incident resolve" : "notice rectify",
		       incident ? "incident.resolve" : "notice.rectify");
out:
	cmd_unload(&l);
	return rc;
}

/* What incident list and notice list share: the records of a kind (of --org's unit, or of all),
 * each as the row row() makes of it (and prints as a line of text, unless --format json),
 * printed as a JSON array with --format json. with: what cmd_load loads besides the facts. */
typedef json_t *list_row(const struct cmd_facts *l, zidx i, zdate today, bool text);
static int list_records(struct cmd_ctx *ctx, const struct opts *o, bool incidents, unsigned with, zdate today,
			list_row *row)
{
	struct cmd_facts l = {0};
	const char *org = opt(o, "org");
	bool json = opt(o, "format") && !strcmp(opt(o, "format"), "json");
	int rc = cmd_load(ctx, NULL, with, &l);
	if (rc)
		goto out;
	json_t *a = json_array();
	size_t n = incidents ? l.f.incidents.n : l.f.notices.n;
	for (size_t i = 0; i < n; i++) {
		zidx u = incidents ? l.f.incidents.v[i].org : l.f.notices.v[i].org;
		if (!org || !strcmp(l.f.orgs.v[u].id, org))
			json_array_append_new(a, row(&l, (zidx)i, today, !json));
	}
	if (json)
		cmd_print_json(a);
	json_decref(a);
out:
	cmd_unload(&l);
	return rc;
}

static json_t *incident_line(const struct cmd_facts *l, zidx i, zdate today, bool text)
{
	(void)today;
	const struct incident *x = &l->f.incidents.v[i];
	char t1[ZTIME_BUFSZ], t2[ZTIME_BUFSZ], rest[1024];
	const char *why;
	int grade = incident_grade(&l->f, x, &why);
	if (text) {
		snprintf(rest, sizeof rest, "发生 %s  %s%s%s%s", ztime_format(x->occurred, t1),
			 ztime_set(x->resolved) ? "处置完毕 " : "处置中",
			 ztime_set(x->resolved) ? ztime_format(x->resolved, t2) : "", why ? "  " : "", why ? why : "");
		const char *cells[] = {x->id, x->system >= 0 ? l->f.systems.v[x->system].id : "-", grade_name_zh(grade),
				       x->title};
		cmd_print_row(cells, (const int[]){16, 10, 10, 34}, 4, rest);
	}
	return incident_row_json(&l->f, i);
}

static int incident_list(struct cmd_ctx *ctx, const struct opts *o)
{
	return list_records(ctx, o, true, 0, 0, incident_line);
}

static int notice_add(struct cmd_ctx *ctx, const struct opts *o)
{
	struct store *s;
	int rc = cmd_store(ctx, &s);
	if (rc)
		return rc;
	json_t *rec = json_object(), *systems = json_array();
	set_str(rec, "id", opt(o, "id"));
	set_str(rec, "org", opt(o, "org"));
	set_str(rec, "issuer", opt(o, "issuer"));
	set_str(rec, "document_no", opt(o, "doc"));
	set_str(rec, "title", opt(o, "title"));
	set_str(rec, "received_on", opt(o, "received"));
	set_str(rec, "rectify_by", opt(o, "rectify-by"));
	set_str(rec, "received_at", opt(o, "received-at"));
	for (int i = 0; i < o->many.n; i++) /* --system may be given more than once */
		json_array_append_new(systems, json_string(o->many.v[i]));
	json_object_set_new(rec, "systems", systems);
	rc = import_one(s, "notices", rec, "notice add", "notice.create");
	if (!rc)
		printf("已登记通报 / notice recorded: %s\n", opt(o, "id"));
	return rc;
}

static json_t *notice_line(const struct cmd_facts *l, zidx i, zdate today, bool text)
{
	const struct notice *n = &l->f.notices.v[i];
	const struct org *u = &l->f.orgs.v[n->org];
	struct notice_status st;
	notice_status(&l->f, l->cal, i,
		      notice_workdays(policies_for_unit(l->ps, u->id, u->policy, today, NULL), n->received_on), today,
		      &st);
	if (text) {
		char d1[ZDATE_BUFSZ], d2[ZDATE_BUFSZ], rest[256];
		if (st.rectified)
			snprintf(rest, sizeof rest, "已整改 %s", date_format(n->rectified_on, d2));
		else if (st.workdays_left >= 0)
			snprintf(rest, sizeof rest, "剩余 %d 个工作日", st.workdays_left);
		else
			snprintf(rest, sizeof rest, "已逾期 %d 个工作日", -st.workdays_left);
		char received[ZDATE_BUFSZ + 8], deadline[ZDATE_BUFSZ + 16];
		snprintf(received, sizeof received, "收到 %s", date_format(n->received_on, d2));
		snprintf(deadline, sizeof deadline, "整改期限 %s", date_format(st.due, d1));
		const char *cells[] = {n->id, n->issuer, n->title, received, deadline};
		cmd_print_row(cells, (const int[]){16, 20, 40, 18, 24}, 5, rest);
	}
	return notice_row_json(&l->f, i, &st);
}

static int notice_list(struct cmd_ctx *ctx, const struct opts *o)
{
	zdate today;
	int rc = cmd_as_of("notice", opt(o, "as-of"), &today);
	return rc ? rc : list_records(ctx, o, false, CMD_CAL | CMD_POLICIES, today, notice_line);
}

static int incident_resolve(struct cmd_ctx *ctx, const struct opts *o)
{
	if (!opt(o, "at") && !opt(o, "summary-on"))
		return cmd_usage("incident", "resolve needs --at TIME (and/or --summary-on DATE)");
	static const char *const keys[] = {"resolved_at", "summary_on"};
	const char *values[] = {opt(o, "at"), opt(o, "summary-on")};
	return update_record(ctx, true, o->pos[1], keys, values, 2);
}

static int notice_rectify(struct cmd_ctx *ctx, const struct opts *o)
{
	if (!opt(o, "on"))
		return cmd_usage("notice", "rectify needs --on DATE");
	static const char *const keys[] = {"rectified_on", "feedback", "feedback_on"};
	const char *values[] = {opt(o, "on"), opt(o, "feedback"), opt(o, "feedback-on")};
	return update_record(ctx, false, o->pos[1], keys, values, 3);
}

/* A subcommand, the options it takes (one of them repeatable), how many words it has and what
 * runs it. */
struct sub {
	const char *name;
	const char *const *known;
	const char *many;
	int words; /* the subcommand itself and its arguments */
	int (*run)(struct cmd_ctx *ctx, const struct opts *o);
};

/* Runs the subcommand argv[1] of cmd (an incident or notice), one of subs, with its options
 * parsed and its words counted. Refused with usage (`expected` names the subcommands). */
static int run_sub(struct cmd_ctx *ctx, const char *cmd, const struct sub *subs, const char *expected, int argc,
		   char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	struct opts o = {0};
	while (name && subs->name && strcmp(subs->name, name))
		subs++;
	if (!name || !subs->name)
		return cmd_usage(cmd, "expected %s", expected);
	int rc = parse_opts(cmd, argc - 1, argv + 1, subs->known, subs->many, subs->words, &o);
	if (rc || (opt(&o, "format") && (rc = cmd_format(cmd, opt(&o, "format"), NULL))))
		return rc;
	if (o.npos != subs->words)
		return subs->words == 2 ? cmd_usage(cmd, "%s needs the %s's ID", subs->name, cmd)
					: cmd_usage(cmd, "%s takes no argument", subs->name);
	return subs->run(ctx, &o);
}

const char cmd_incident_usage[] =
	"usage: zeren [--data DIR] incident list [--org ID] [--format text|json]\n"
	"       zeren [--data DIR] incident add --org ORG --id ID --title TEXT --occurred TIME [--system S]\n"
	"            [--category TEXT] [--grade general|relatively_major|major|especially_major]\n"
	"            [--detected TIME] [--reported TIME] [--outage-hours H] [--personal-info N]\n"
	"            [--classification GB/T-20986-ID] [--economic-loss YUAN] [--people-affected N]\n"
	"            [--function-outage-hours H]\n"
	"       zeren [--data DIR] incident resolve ID --at TIME [--summary-on DATE]\n\n"
	"Times are ISO 8601 with their offset, e.g. 2026-10-12T08:10:00+08:00; the day of a time is the\n"
	"day in the unit's time zone (Asia/Shanghai unless set). An incident's grade is raised where the\n"
	"thresholds of the 2025 办法 derive a higher one (personal information of 100万 people or more:\n"
	"较大). The chain of people responsible on the day it occurred is recorded with it.\n";

int cmd_incident(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const add[] = {"org", "id", "system", "title", "category", "grade", "occurred", "detected",
					  "reported", "outage-hours", "personal-info", "classification", "economic-loss",
					  "people-affected", "function-outage-hours", NULL};
	static const char *const list[] = {"org", "format", NULL};
	static const char *const resolve[] = {"at", "summary-on", NULL};
	static const struct sub subs[] = {{"add", add, NULL, 1, incident_add},
					  {"list", list, NULL, 1, incident_list},
					  {"resolve", resolve, NULL, 2, incident_resolve},
					  {NULL, NULL, NULL, 0, NULL}};
	return run_sub(ctx, "incident", subs, "add, list or resolve ID", argc, argv);
}

const char cmd_notice_usage[] =
	"usage: zeren [--data DIR] notice list [--org ID] [--as-of DATE] [--format text|json]\n"
	"       zeren [--data DIR] notice add --org ORG --id ID --issuer TEXT --title TEXT --received DATE\n"
	"            [--doc NUMBER] [--system S]... [--rectify-by DATE] [--received-at TIME]\n"
	"       zeren [--data DIR] notice rectify ID --on DATE [--feedback TEXT] [--feedback-on DATE]\n"
	"       zeren [--data DIR] notice send --to UNIT... --id ID --title TEXT [--from ORG] [--doc NUMBER]\n"
	"            [--received DATE] [--rectify-by DATE | --working-days N] [--system S]...\n"
	"       zeren [--data DIR] notice package --to UNIT --id ID --title TEXT --received DATE [--from ORG]\n"
	"            [--doc NUMBER] [--system S]... [--rectify-by DATE] -o FILE\n"
	"       zeren [--data DIR] notice import-package FILE\n\n"
	"A notice must be rectified, and the issuer told, within 3 working days of receipt (004 五), or\n"
	"by its own deadline (--rectify-by); list shows the deadline and the working days left, counted\n"
	"on the official calendar. A supervisor sends a notice down to units hosted here with send (one\n"
	"copy a unit, id ID-UNIT; the deadline from --rectify-by, --working-days in the unit's calendar,\n"
	"or the unit's policy). A supervisor sends a notice to a unit that runs its own zeren as a\n"
	"signed package (package); the unit records it with import-package, once it has registered the\n"
	"supervisor's key (zeren report trust ORG KEYFILE --supervisor), and its rectification and\n"
	"feedback go up in its next report (zeren report export).\n";

int cmd_notice(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const add[] = {"org", "id", "issuer", "doc", "title", "received", "rectify-by", "received-at", NULL};
	static const char *const list[] = {"org", "as-of", "format", NULL};
	static const char *const rectify[] = {"on", "feedback", "feedback-on", NULL};
	static const struct sub subs[] = {{"add", add, "system", 1, notice_add},
					  {"list", list, NULL, 1, notice_list},
					  {"rectify", rectify, NULL, 2, notice_rectify},
					  {NULL, NULL, NULL, 0, NULL}};
	if (argc > 1 && !strcmp(argv[1], "send"))
		return cmd_notice_send(ctx, argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "package"))
		return cmd_notice_package(ctx, argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "import-package"))
		return cmd_notice_import_package(ctx, argc - 1, argv + 1);
	return run_sub(ctx, "notice", subs, "add, list, rectify ID, send, package or import-package FILE", argc, argv);
}

const char cmd_accountability_usage[] =
	"usage: zeren [--data DIR] accountability INCIDENT [--recorded-on YYYY-MM-DD] [--format text|json]\n\n"
	"The clauses the incident triggers and the chain of people responsible on the day it occurred\n"
	"(逐级倒查): the system's administrators and 系统负责人, the owner department's head and\n"
	"网络安全员, the 直接责任人 and the 第一责任人 — from the appointment history. When the chain\n"
	"recorded with the incident differs from the history now, both are shown. With --recorded-on,\n"
	"the history is as the store held it at the end of that day (what was known then).\n";

int cmd_accountability(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const known[] = {"format", "recorded-on", NULL};
	struct opts o = {0};
	zdate recorded_on = ZDATE_NONE;
	char rec[ZDATE_BUFSZ];
	struct cmd_facts l = {0};
	struct zerr e = {0};
	char *snapshot = NULL;
	int rc = parse_opts("accountability", argc - 1, argv + 1, known, NULL, 1, &o);
	if (rc || (opt(&o, "format") && (rc = cmd_format("accountability", opt(&o, "format"), NULL))))
		return rc;
	if (o.npos != 1)
		return cmd_usage("accountability", "which incident?");
	if (opt(&o, "recorded-on") && !date_parse(opt(&o, "recorded-on"), &recorded_on))
		return cmd_usage("accountability", "--recorded-on must be a date YYYY-MM-DD, not '%s'", opt(&o, "recorded-on"));
	if (recorded_on != ZDATE_NONE) {
		/* the appointment history as recorded then */
		if ((rc = cmd_store(ctx, &l.s)))
			goto out;
		if (history_facts(l.s, NULL, recorded_on, &l.f, &e) || policies_load(&l.ps, &e)) {
			rc = cmd_fail(&e);
			goto out;
		}
	} else if ((rc = cmd_load(ctx, NULL, CMD_POLICIES, &l))) {
		goto out;
	}
	zidx xi = hmap_get(&l.f.incident_ids, o.pos[0]);
	if (xi < 0) {
		fprintf(stderr, "zeren: no incident with id '%s'\n", o.pos[0]);
		rc = EXIT_USAGE;
		goto out;
	}
	if (store_incident_snapshot(l.s, o.pos[0], &snapshot, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	/* An event is judged by the unit's policy in force on the day it happened. */
	const struct incident *x = &l.f.incidents.v[xi];
	json_t *out = accountability_json(&l.f, xi, snapshot,
					  policies_for_unit(l.ps, l.f.orgs.v[x->org].id, l.f.orgs.v[x->org].policy,
							    org_date(&l.f, x->org, x->occurred), NULL));
	if (!out) {
		rc = cmd_fail(&(struct zerr){.code = ZE_NOMEM, .msg = "out of memory"});
		goto out;
	}
	json_t *now = json_object_get(out, "chain");
	char t[ZTIME_BUFSZ], day[ZDATE_BUFSZ];
	ztime_format(x->occurred, t);
	date_format(org_date(&l.f, x->org, x->occurred), day);
	if (recorded_on != ZDATE_NONE)
		json_object_set_new(out, "recorded_on", json_string(date_format(recorded_on, rec)));
	if (opt(&o, "format") && !strcmp(opt(&o, "format"), "json")) {
		cmd_print_json(out);
	} else {
		printf("安全事件 %s「%s」 发生于 %s\n", x->id, x->title, t);
		if (recorded_on != ZDATE_NONE)
			printf("截至 %s，依据 %s 日的记录\n", day, rec);
		printf("\n责任链（事发当日的任职）:\n");
		size_t i;
		json_t *r;
		json_array_foreach(now, i, r)
		{
			char rest[256];
			snprintf(rest, sizeof rest, "%s（%s，任职 %s 起）", json_string_value(json_object_get(r, "name")),
				 json_string_value(json_object_get(r, "person")), json_string_value(json_object_get(r, "from")));
			const char *cells[] = {"  ", json_string_value(json_object_get(r, "post_name"))};
			cmd_print_row(cells, (const int[]){2, 12}, 2, rest);
		}
		if (json_is_true(json_object_get(out, "differs"))) {
			printf("\n记录事件时的责任链与现在的任职记录不同（任职记录事后被更正）:\n");
			json_array_foreach(json_object_get(out, "recorded_chain"), i, r)
				printf("  %-12s %s（%s）\n", json_string_value(json_object_get(r, "post_name")),
				       json_string_value(json_object_get(r, "name")),
				       json_string_value(json_object_get(r, "person")));
		}
		printf("\n触发条款:\n");
		json_array_foreach(json_object_get(out, "clauses"), i, r)
			printf("  %s %s —— %s\n", json_string_value(json_object_get(r, "document")),
			       json_string_value(json_object_get(r, "clause")), json_string_value(json_object_get(r, "text")));
	}
	json_decref(out);
out:
	free(snapshot);
	cmd_unload(&l);
	return rc;
}
