/* zeren appointment, zeren history: changes versus corrections of the record, and what the store
 * held when (issue 21). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/appointments.h"
#include "core/change.h"
#include "core/history.h"
#include "core/render.h"

const char cmd_appointment_usage[] =
	"usage: zeren [--data DIR] appointment list --org ID [--person ID]\n"
	"       zeren [--data DIR] appointment end ID --org ID --to YYYY-MM-DD\n"
	"       zeren [--data DIR] appointment correct ID --org ID (--to YYYY-MM-DD|none | --withdraw) [--reason TEXT]\n\n"
	"An appointment (任职) has an id derived from its person, post or seat, scope and start (a-…,\n"
	"as the API shows it). 'end' records a change: it no longer holds from --to on (ended on the day\n"
	"it started — a same-day mistake — it never held, and is withdrawn: a correction). 'correct'\n"
	"records that it was recorded wrongly: --to corrects the day it ended (none: it did not end),\n"
	"--withdraw removes it as never held (撤销). Every one is in the audit log, a correction with\n"
	"the old value, and the history keeps what was recorded before (zeren history).\n";

/* The unit's facts and the appointment named id, or an exit status. */
static int find(struct cmd_ctx *ctx, const char *org, const char *id, struct cmd_facts *l, zidx *ai)
{
	int rc = cmd_load(ctx, org, CMD_POLICIES, l);
	if (rc)
		return rc;
	zidx u = hmap_get(&l->f.org_ids, org);
	if ((*ai = u >= 0 ? appt_find(&l->f, u, id) : ZIDX_NONE) < 0) {
		fprintf(stderr, "zeren: no appointment '%s' in unit '%s' (zeren appointment list --org %s)\n", id, org, org);
		return EXIT_USAGE;
	}
	return 0;
}

/* Writes appointment ai with its `to` set (null: open), and the handover it opens (ho, or
 * NULL), as change c. */
static int write_to(struct store *s, struct change *c, const struct facts *f, zidx ai, json_t *to, json_t *ho)
{
	struct zerr e = {0};
	json_t *rec = appt_json(f, ai);
	json_object_set(rec, "to", to);
	json_t *doc = ho ? json_pack("{s:[o], s:[O]}", "appointments", rec, "handovers", ho)
			 : json_pack("{s:[o]}", "appointments", rec);
	int rc = change_records(s, c, doc, "appointment", &(struct import_opts){.one_record = true}, NULL, &e);
	json_decref(doc);
	return rc ? cmd_fail(&e) : EXIT_OK;
}

static int withdraw(struct store *s, struct change *c, const char *org, const char *id)
{
	struct zerr e = {0};
	c->action = "appointment.withdraw";
	if (appt_withdraw(s, c, org, id, NULL, &e))
		return cmd_fail(&e);
	printf("任职 %s 已撤销（更正：登记有误，视为从未任职）/ appointment %s withdrawn (a correction: it never held)\n", id, id);
	return EXIT_OK;
}

static int list(const struct facts *f, const char *org, const char *person)
{
	zidx u = hmap_get(&f->org_ids, org);
	char id[APPT_ID_LEN + 1], a[ZDATE_BUFSZ], b[ZDATE_BUFSZ];
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *x = &f->appts.v[ai];
		if (person && strcmp(f->people.v[x->person].id, person))
			continue;
		appt_id(f, ai, id);
		printf("%s  %-16s %-20s %s %s\n", id, f->people.v[x->person].id,
		       x->body >= 0 ? f->bodies.v[x->body].id : post_id(x->post), date_format(x->from, a),
		       x->to == ZDATE_MAX ? "-" : date_format(x->to, b));
	}
	return EXIT_OK;
}

int cmd_appointment(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *to_s = NULL, *reason = NULL, *person = NULL;
	bool withdraw_flag = false;
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--to", &to_s), OPT_STR("--reason", &reason),
					    OPT_STR("--person", &person), OPT_BOOL("--withdraw", &withdraw_flag), OPT_DONE};
	int nwords = 0;
	int rc = cmd_parse("appointment", argc, argv, 1, opts, 2, &nwords);
	if (rc)
		return rc;
	const char *sub = nwords > 0 ? argv[1] : NULL, *id = nwords > 1 ? argv[2] : NULL;
	if (!sub || (strcmp(sub, "list") && strcmp(sub, "end") && strcmp(sub, "correct")))
		return cmd_usage("appointment", "list, end or correct?");
	if (!org)
		return cmd_usage("appointment", "which unit? (--org ID)");
	if (strcmp(sub, "list") && !id)
		return cmd_usage("appointment", "which appointment? (its id, a-…: zeren appointment list)");
	zdate to = ZDATE_MAX;
	bool none = to_s && !strcmp(to_s, "none");
	if (to_s && !none && !date_parse(to_s, &to))
		return cmd_usage("appointment", "--to must be a date YYYY-MM-DD%s, not '%s'", strcmp(sub, "correct") ? "" : " or none", to_s);
	if (!strcmp(sub, "end") && (!to_s || none || withdraw_flag))
		return cmd_usage("appointment", "end needs --to DATE (the first day it no longer holds)");
	if (!strcmp(sub, "correct") && !to_s == !withdraw_flag)
		return cmd_usage("appointment", "correct needs --to DATE|none or --withdraw, one of them");

	struct cmd_facts l = {0};
	struct zerr e = {0};
	json_t *ho = NULL;
	zidx ai = ZIDX_NONE;
	char object[512], d[ZDATE_BUFSZ];
	if (!strcmp(sub, "list")) {
		if (!(rc = cmd_load(ctx, org, 0, &l)))
			rc = hmap_get(&l.f.org_ids, org) < 0 ? cmd_usage("appointment", "no unit '%s'", org) : list(&l.f, org, person);
		goto out;
	}
	if ((rc = find(ctx, org, id, &l, &ai)))
		goto out;
	snprintf(object, sizeof object, "%s/%s", org, id);
	struct change c = cmd_change("appointment.end", object);
	c.unit = org;
	c.reason = reason;
	const struct appt *a = &l.f.appts.v[ai];
	if (withdraw_flag || to == a->from) {
		/* ended the day it began: it never held — a correction, not a refusal */
		if (!withdraw_flag)
			c.detail = json_pack("{s:s, s:b}", "to", to_s, "same_day", 1);
		rc = withdraw(l.s, &c, org, id);
		json_decref(c.detail);
		goto out;
	}
	if (!strcmp(sub, "end")) {
		if (appt_check_end(&l.f, ai, to, date_today(), &e)) {
			rc = cmd_fail(&e);
			goto out;
		}
		c.detail = json_pack("{s:s}", "to", to_s);
		/* leaving a key post opens its handover in the same change (issue 19) */
		const struct org *o = &l.f.orgs.v[l.f.appts.v[ai].org];
		if ((ho = appt_leaving_handover(policies_for_unit(l.ps, o->id, o->policy, to, NULL), &l.f, ai, to)))
			json_object_set(c.detail, "handover", json_object_get(ho, "id"));
	} else {
		if (to < a->from) {
			rc = cmd_usage("appointment", "--to must be after the appointment's from, %s", date_format(a->from, d));
			goto out;
		}
		c.action = "appointment.correct";
		c.detail = json_pack("{s:o, s:{s:o}}", "to", json_date_or_null(to), "was", "to", json_date_or_null(a->to));
	}
	json_t *to_j = json_date_or_null(to);
	if (!(rc = write_to(l.s, &c, &l.f, ai, to_j, ho))) {
		printf("任职 %s %s / appointment %s %s %s\n", id, !strcmp(sub, "end") ? "已结束" : "已更正", id,
		       !strcmp(sub, "end") ? "ends on" : "corrected: to", to == ZDATE_MAX ? "none" : to_s);
		if (ho)
			printf("已登记离岗交接 %s / handover %s opened\n", json_string_value(json_object_get(ho, "id")),
			       json_string_value(json_object_get(ho, "id")));
	}
	json_decref(to_j);
	json_decref(c.detail);
out:
	json_decref(ho);
	cmd_unload(&l);
	return rc;
}

const char cmd_history_usage[] =
	"usage: zeren [--data DIR] history --org ID [--kind KIND] [--key KEY] [--format text|json]\n\n"
	"The history of a unit's records (transaction time): every version a change wrote, when and\n"
	"by whom, oldest first — a withdrawn record shows as such. KIND is org, department, person,\n"
	"body, appointment, system, agreement, incident, notice, obligation_record, handover,\n"
	"vulnerability, emergency_plan or project; KEY its id.\n"
	"'zeren check --recorded-on DATE' checks the facts as the store held them at the end of a day.\n";

int cmd_history(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *kind = NULL, *key = NULL, *format = "text";
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--kind", &kind), OPT_STR("--key", &key),
					    OPT_STR("--format", &format), OPT_DONE};
	bool as_json;
	int rc = cmd_parse("history", argc, argv, 1, opts, 0, NULL);
	if (rc || (rc = cmd_format("history", format, &as_json)))
		return rc;
	if (!org)
		return cmd_usage("history", "which unit? (--org ID)");
	if (kind && !history_kind_known(kind))
		return cmd_usage("history", "unknown kind '%s'", kind);
	struct store *s;
	struct zerr e = {0};
	json_t *items = NULL;
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if (history_json(s, org, kind, key, &items, &e)) {
		rc = cmd_fail(&e);
	} else if (as_json) {
		cmd_print_json(items);
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(items, i, v) {
			json_t *rec = json_object_get(v, "record");
			const char *who = json_string_value(json_object_get(v, "account"));
			char *text = json_is_null(rec) ? strdup(json_string_value(json_object_get(v, "key")))
						       : json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
			for (char *p = text; p && *p; p++)
				if (*p == '\x1f') /* a natural key's separator */
					*p = '|';
			printf("%s  %-12s %-18s %s%s\n", json_string_value(json_object_get(v, "recorded_at")),
			       json_string_value(json_object_get(v, "kind")), who ? who : "-",
			       json_is_null(rec) ? "撤销 withdrawn: " : "", text ? text : "?");
			free(text);
		}
	}
	json_decref(items);
	return rc;
}
