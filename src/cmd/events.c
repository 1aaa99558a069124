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

/* Every option of incident add and resolve, notice add and rectify: --option VALUE sets the
 * record's field (as a number when num, so that the importer checks its range). */
struct field_opt {
	const char *cmd, *sub, *option, *field;
	bool num;
};
static const struct field_opt field_opts[] = {
	{"incident", "add", "--id", "id", false},
	{"incident", "add", "--org", "org", false},
	{"incident", "add", "--system", "system", false},
	{"incident", "add", "--title", "title", false},
	{"incident", "add", "--category", "category", false},
	{"incident", "add", "--grade", "grade", false},
	{"incident", "add", "--occurred", "occurred_at", false},
	{"incident", "add", "--detected", "detected_at", false},
	{"incident", "add", "--reported", "reported_at", false},
	{"incident", "add", "--outage-hours", "outage_hours", true},
	{"incident", "add", "--personal-info", "personal_info_records", true},
	{"incident", "add", "--classification", "classification", false},
	{"incident", "add", "--economic-loss", "economic_loss_yuan", true},
	{"incident", "add", "--people-affected", "people_affected", true},
	{"incident", "add", "--function-outage-hours", "function_outage_hours", true},
	{"incident", "resolve", "--at", "resolved_at", false},
	{"incident", "resolve", "--summary-on", "summary_on", false},
	{"notice", "add", "--id", "id", false},
	{"notice", "add", "--org", "org", false},
	{"notice", "add", "--issuer", "issuer", false},
	{"notice", "add", "--doc", "document_no", false},
	{"notice", "add", "--title", "title", false},
	{"notice", "add", "--received", "received_on", false},
	{"notice", "add", "--rectify-by", "rectify_by", false},
	{"notice", "add", "--received-at", "received_at", false},
	{"notice", "rectify", "--on", "rectified_on", false},
	{"notice", "rectify", "--feedback", "feedback", false},
	{"notice", "rectify", "--feedback-on", "feedback_on", false},
};
#define FIELD_OPTS_MAX 16 /* of one subcommand */

static void set_field(json_t *o, const struct field_opt *f, const char *v)
{
	char *end;
	double d = strtod(v, &end);
	if (f->num && *v && !*end)
		json_object_set_new(o, f->field, d == (double)(json_int_t)d ? json_integer((json_int_t)d) : json_real(d));
	else
		json_object_set_new(o, f->field, json_string(v));
}

/* Parses the words of subcommand argv[0] of cmd into the fields of rec: its options of
 * field_opts, the repeatable --system into rec's "systems" when systems is set, and when id is
 * asked for, the record's ID, the one word. Returns 0 or EXIT_USAGE. */
static int parse_fields(const char *cmd, int argc, char **argv, bool systems, const char **id, json_t *rec)
{
	const struct field_opt *fields[FIELD_OPTS_MAX];
	const char *values[FIELD_OPTS_MAX] = {0};
	struct cmd_option opts[FIELD_OPTS_MAX + 2];
	struct cmd_list many = {0};
	size_t n = 0;
	for (size_t i = 0; i < sizeof field_opts / sizeof field_opts[0]; i++) {
		if (strcmp(field_opts[i].cmd, cmd) || strcmp(field_opts[i].sub, argv[0]))
			continue;
		assert(n < FIELD_OPTS_MAX);
		fields[n] = &field_opts[i];
		opts[n] = (struct cmd_option)OPT_STR(field_opts[i].option, &values[n]);
		n++;
	}
	size_t k = n;
	if (systems)
		opts[k++] = (struct cmd_option)OPT_MANY("--system", &many);
	opts[k] = (struct cmd_option)OPT_DONE;
	int words = 0, rc = cmd_parse(cmd, argc, argv, 1, opts, id ? 1 : 0, &words);
	if (rc)
		return rc;
	if (id && !words)
		return cmd_usage(cmd, "%s needs the %s's ID", argv[0], cmd);
	if (id)
		*id = argv[1];
	for (size_t i = 0; i < n; i++)
		if (values[i])
			set_field(rec, fields[i], values[i]);
	if (systems) {
		json_t *a = json_array();
		for (int i = 0; i < many.n; i++)
			json_array_append_new(a, json_string(many.v[i]));
		json_object_set_new(rec, "systems", a);
	}
	return 0;
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

/* What incident add and notice add share: the record made of the options, added. */
static int add_record(struct cmd_ctx *ctx, int argc, char **argv, bool incident)
{
	const char *cmd = incident ? "incident" : "notice";
	json_t *rec = json_object();
	struct store *s;
	int rc = parse_fields(cmd, argc, argv, !incident, NULL, rec);
	if (rc || (rc = cmd_store(ctx, &s))) {
		json_decref(rec);
		return rc;
	}
	json_incref(rec); /* import_one takes it; its id is printed after */
	rc = import_one(s, incident ? "incidents" : "notices", rec, incident ? "incident add" : "notice add",
		       incident ? "incident.create" : "notice.create");
	if (!rc)
		printf(incident ? "已记录安全事件 / incident recorded: %s\n" : "已登记通报 / notice recorded: %s\n",
		       json_string_value(json_object_get(rec, "id")));
	json_decref(rec);
	return rc;
}

/* What incident resolve and notice rectify share: the stored record with the fields the options
 * give changed, through the importer; `needs` is the field that must be given (any, when NULL). */
static int change_record(struct cmd_ctx *ctx, int argc, char **argv, bool incident, const char *needs,
			 const char *needs_msg)
{
	const char *cmd = incident ? "incident" : "notice", *id;
	struct cmd_facts l = {0};
	json_t *set = json_object();
	int rc = parse_fields(cmd, argc, argv, false, &id, set);
	if (!rc && (needs ? !json_object_get(set, needs) : !json_object_size(set)))
		rc = cmd_usage(cmd, "%s", needs_msg);
	if (rc || (rc = cmd_load(ctx, NULL, 0, &l)))
		goto out;
	zidx i = hmap_get(incident ? &l.f.incident_ids : &l.f.notice_ids, id);
	if (i < 0) {
		fprintf(stderr, "zeren: no %s with id '%s'\n", cmd, id);
		rc = EXIT_USAGE;
		goto out;
	}
	json_t *rec = incident ? incident_json(&l.f, i) : notice_json(&l.f, i);
	json_object_update(rec, set);
	rc = import_one(l.s, incident ? "incidents" : "notices", rec, incident ? "incident resolve" : "notice rectify",
		       incident ? "incident.resolve" : "notice.rectify");
out:
	json_decref(set);
	cmd_unload(&l);
	return rc;
}

/* What incident list and notice list share: the records of a kind (of --org's unit, or of all),
 * each as the row row() makes of it (and prints as a line of text, unless --format json),
 * printed as a JSON array with --format json. Notices are listed --as-of a day, with the
 * calendar and the policies their deadlines need. */
typedef json_t *list_row(const struct cmd_facts *l, zidx i, zdate today, bool text);
static int list_records(struct cmd_ctx *ctx, int argc, char **argv, bool incidents, list_row *row)
{
	const char *cmd = incidents ? "incident" : "notice", *org = NULL, *format = "text";
	zdate today = date_today();
	struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--format", &format), OPT_DATE("--as-of", &today),
				    OPT_DONE};
	if (incidents)
		opts[2] = (struct cmd_option)OPT_DONE;
	struct cmd_facts l = {0};
	bool json;
	int rc = cmd_parse(cmd, argc, argv, 1, opts, 0, NULL);
	if (rc || (rc = cmd_format(cmd, format, &json)) ||
	    (rc = cmd_load(ctx, NULL, incidents ? 0 : CMD_CAL | CMD_POLICIES, &l)))
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

static int incident_add(struct cmd_ctx *ctx, int argc, char **argv)
{
	return add_record(ctx, argc, argv, true);
}

static int incident_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	return list_records(ctx, argc, argv, true, incident_line);
}

static int incident_resolve(struct cmd_ctx *ctx, int argc, char **argv)
{
	return change_record(ctx, argc, argv, true, NULL, "resolve needs --at TIME (and/or --summary-on DATE)");
}

static int notice_add(struct cmd_ctx *ctx, int argc, char **argv)
{
	return add_record(ctx, argc, argv, false);
}

static int notice_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	return list_records(ctx, argc, argv, false, notice_line);
}

static int notice_rectify(struct cmd_ctx *ctx, int argc, char **argv)
{
	return change_record(ctx, argc, argv, false, "rectified_on", "rectify needs --on DATE");
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

const struct cmd_sub cmd_incident_subs[] = {
	{"add", incident_add}, {"list", incident_list}, {"resolve", incident_resolve}, {NULL, NULL}};

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

const struct cmd_sub cmd_notice_subs[] = {
	{"add", notice_add},	     {"list", notice_list},	    {"rectify", notice_rectify},
	{"send", cmd_notice_send}, {"package", cmd_notice_package}, {"import-package", cmd_notice_import_package},
	{NULL, NULL}};

const char cmd_accountability_usage[] =
	"usage: zeren [--data DIR] accountability INCIDENT [--recorded-on YYYY-MM-DD] [--format text|json]\n\n"
	"The clauses the incident triggers and the chain of people responsible on the day it occurred\n"
	"(逐级倒查): the system's administrators and 系统负责人, the owner department's head and\n"
	"网络安全员, the 直接责任人 and the 第一责任人 — from the appointment history. When the chain\n"
	"recorded with the incident differs from the history now, both are shown. With --recorded-on,\n"
	"the history is as the store held it at the end of that day (what was known then).\n";

int cmd_accountability(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *format = "text", *id;
	zdate recorded_on = ZDATE_NONE;
	bool json;
	char rec[ZDATE_BUFSZ];
	struct cmd_facts l = {0};
	struct zerr e = {0};
	char *snapshot = NULL;
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_DATE("--recorded-on", &recorded_on), OPT_DONE};
	int rc = cmd_parse_word("accountability", argc, argv, opts, "which incident?", &id);
	if (rc || (rc = cmd_format("accountability", format, &json)))
		return rc;
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
	zidx xi = hmap_get(&l.f.incident_ids, id);
	if (xi < 0) {
		fprintf(stderr, "zeren: no incident with id '%s'\n", id);
		rc = EXIT_USAGE;
		goto out;
	}
	if (store_incident_snapshot(l.s, id, &snapshot, &e)) {
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
	if (json) {
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
