/* zeren jobs: the scheduler once (for cron, or a simulated day), and its delivery log;
 * zeren notify: a unit's channels, a person's preferences, a test send. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/change.h"
#include "core/notify.h"
#include "util/clock.h"
#include "util/strbuf.h"

#define SETTINGS_FILE_MAX ((size_t)64 << 10)

const char cmd_jobs_usage[] =
	"usage: zeren [--data DIR] jobs run [--org ORG] [--as-of DATE] [--ca-file FILE] [--backoff S]\n"
	"                                [--max-attempts N] [--max N] [--no-plan] [--no-send] [--format F]\n"
	"       zeren [--data DIR] jobs log [--org ORG] [--person ID] [--channel C] [--state S] [--rule R]\n"
	"                                [--limit N] [--format text|json]\n\n"
	"run: what `zeren serve` does every minute, once (for cron, or a node without a server): plans\n"
	"each unit's reminders for its day (duties due in 3 and 1 working days, notices received and in\n"
	"their last 2 working days, incidents' report limits and summaries, agreements expiring, MLPS\n"
	"assessments coming due, the day's new error findings, letters to sign, the evaluation's\n"
	"steps, escalation of overdue items up the chain; after days without a run, what happened in\n"
	"them, once) and delivers what is due. Every delivery is claimed in the database first, so several\n"
	"servers and cron runs send each message once. --as-of DATE runs it as on that day at 09:00\n"
	"Asia/Shanghai (a simulated day: the clock of plans, retries and quiet hours). --ca-file trusts\n"
	"a private CA's certificates for mail and webhooks (verification is never switched off).\n"
	"--backoff: seconds before the first retry (default 60, doubling, at most an hour);\n"
	"--max-attempts (default 6); --max deliveries in this run (default 1000).\n"
	"log: the delivery log, newest first: state (queued, sending, sent, failed) and the provider's answer.\n";

const char cmd_notify_usage[] =
	"usage: zeren [--data DIR] notify channels ORG\n"
	"       zeren [--data DIR] notify channel ORG CHANNEL FILE|-\n"
	"       zeren [--data DIR] notify test ORG CHANNEL [--to ADDRESS] [--ca-file FILE]\n"
	"       zeren [--data DIR] notify pref PERSON [FILE|-]\n\n"
	"channels: the unit's channels, secrets shown as 已设置 only. channel: sets one (mail, dingtalk,\n"
	"wecom, feishu) from JSON {\"enabled\": true, \"settings\": {…}, \"secrets\": {…}} — mail: settings\n"
	"host, port, security (starttls|tls|none), username, from; secrets password; robots: secrets\n"
	"webhook (https://) and, for DingTalk and Feishu, secret (加签). Secrets are sealed with\n"
	"DIR/keys/notify.key, never stored in clear. test: sends a test message now and says what the\n"
	"server answered. pref: a person's preferences, or sets them from JSON {\"email\", \"muted\":\n"
	"[channels], \"quiet_from\": \"HH:MM\", \"quiet_to\": \"HH:MM\"}.\n";

static void print_json(json_t *o)
{
	cmd_print_json(o);
	json_decref(o);
}

/* The worker name the leases carry: host and process. */
static const char *worker_name(char *buf, size_t n)
{
	char host[128] = "?";
	gethostname(host, sizeof host - 1);
	snprintf(buf, n, "%s:%ld", host, (long)getpid());
	return buf;
}

static int jobs_run(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *as_of_s = NULL, *ca = getenv("ZEREN_CA_FILE"), *format = "text";
	long backoff = NOTIFY_BACKOFF_S, attempts = NOTIFY_MAX_ATTEMPTS, max = 1000;
	bool no_plan = false, no_send = false, json;
	const struct cmd_option opts[] = {OPT_STR("--org", &org),
					  OPT_STR("--as-of", &as_of_s),
					  OPT_STR("--ca-file", &ca),
					  OPT_NUM("--backoff", &backoff, 0, 86400),
					  OPT_NUM("--max-attempts", &attempts, 1, 100),
					  OPT_NUM("--max", &max, 0, 1000000),
					  OPT_BOOL("--no-plan", &no_plan),
					  OPT_BOOL("--no-send", &no_send),
					  OPT_STR("--format", &format),
					  OPT_DONE};
	char wname[256];
	zdate as_of = ZDATE_NONE;
	int rc = cmd_parse("jobs", argc, argv, 1, opts, 0, NULL);
	if (rc || (rc = cmd_format("jobs", format, &json)))
		return rc;
	if (as_of_s && !date_parse(as_of_s, &as_of))
		return cmd_usage("jobs", "--as-of must be a date YYYY-MM-DD, not '%s'", as_of_s);
	/* A simulated day runs at 09:00 in Asia/Shanghai; else the program's clock. */
	int64_t now = as_of != ZDATE_NONE ? (int64_t)as_of * 86400 + 9 * 3600 - TZ_DEFAULT_OFFSET * 60 : clock_now();
	struct notify_config cfg = {ctx->data_dir, ca, worker_name(wname, sizeof wname), (int)backoff, (int)attempts};
	struct notify_stats st = {0};
	struct store *s = NULL;
	struct cal *cal = NULL;
	struct policy_set *ps = NULL;
	struct zerr e = {0};
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if ((!no_plan && (calendar_open(s, &cal, &e) || policies_load(&ps, &e) ||
			  notify_plan(s, cal, ps, org, as_of, now, &st, &e))) ||
	    (!no_send && notify_deliver(s, &cfg, now, (size_t)max, &st, &e))) {
		rc = cmd_fail(&e);
	} else if (json) {
		print_json(json_pack("{s:I, s:I, s:I, s:I, s:I}", "planned_units", (json_int_t)st.planned_units, "queued",
				     (json_int_t)st.queued, "sent", (json_int_t)st.sent, "retried", (json_int_t)st.retried,
				     "failed", (json_int_t)st.failed));
	} else {
		printf("已规划 %zu 个单位，新排队 %zu 条，发送 %zu 条，待重试 %zu 条，失败 %zu 条 / planned %zu units, "
		       "queued %zu, sent %zu, to retry %zu, failed %zu\n",
		       st.planned_units, st.queued, st.sent, st.retried, st.failed, st.planned_units, st.queued, st.sent,
		       st.retried, st.failed);
	}
	policies_free(ps);
	cal_free(cal);
	return rc;
}

struct log_ctx {
	bool json;
	json_t *rows;
};

static int log_row(void *arg, const struct notify_row *r)
{
	struct log_ctx *c = arg;
	if (c->json) {
		json_array_append_new(c->rows, notify_row_json(r));
		return 0;
	}
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", (long long)r->id, r->state, r->channel, r->person, r->rule,
	       r->object, r->attempts, r->subject, r->answer ? r->answer : "");
	return 0;
}

static int jobs_log(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct notify_filter f = {0};
	const char *format = "text";
	long limit = 100;
	const struct cmd_option opts[] = {OPT_STR("--org", &f.org),	  OPT_STR("--person", &f.person),
					  OPT_STR("--channel", &f.channel), OPT_STR("--state", &f.state),
					  OPT_STR("--rule", &f.rule),	  OPT_NUM("--limit", &limit, 1, 1000000),
					  OPT_STR("--format", &format),	  OPT_DONE};
	struct log_ctx c = {0};
	struct store *s;
	struct zerr e = {0};
	int rc = cmd_parse("jobs", argc, argv, 1, opts, 0, NULL);
	if (rc || (rc = cmd_format("jobs", format, &c.json)) || (rc = cmd_store(ctx, &s)))
		return rc;
	c.rows = json_array();
	if (store_notify_query(s, &f, 0, limit, log_row, &c, NULL, &e))
		rc = cmd_fail(&e);
	else if (c.json)
		print_json(json_incref(c.rows));
	json_decref(c.rows);
	return rc;
}

const struct cmd_sub cmd_jobs_subs[] = {{"run", jobs_run}, {"log", jobs_log}, {NULL, NULL}};

/* The JSON of FILE (or standard input for "-"). */
static int read_json(const char *path, json_t **out, struct zerr *e)
{
	struct strbuf text = STRBUF_INIT;
	json_error_t je;
	int rc;
	if (strcmp(path, "-") == 0) {
		char buf[4096];
		size_t n;
		sb_init(&text, SETTINGS_FILE_MAX);
		while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
			sb_add(&text, buf, n);
		rc = text.overflow ? zerr_set(e, ZE_LIMIT, "standard input: more than %zu bytes", SETTINGS_FILE_MAX) : 0;
	} else {
		rc = read_file(path, SETTINGS_FILE_MAX, &text, e);
	}
	if (!rc && !(*out = json_loadb(text.buf, text.len, 0, &je)))
		rc = zerr_set(e, ZE_INVALID, "%s:%d: %s", path, je.line, je.text);
	sb_release(&text);
	return rc;
}

int cmd_notify(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *to = NULL, *ca = getenv("ZEREN_CA_FILE");
	const struct cmd_option opts[] = {OPT_STR("--to", &to), OPT_STR("--ca-file", &ca), OPT_DONE};
	int nw = 0, rc = cmd_parse("notify", argc, argv, 1, opts, 4, &nw);
	char **w = argv + 1;
	struct store *s = NULL;
	struct zerr e = {0};
	json_t *body = NULL;
	if (rc)
		return rc;
	const char *sub = nw > 0 ? w[0] : "";
	bool ok = (!strcmp(sub, "channels") && nw == 2) || (!strcmp(sub, "channel") && nw == 4) ||
		  (!strcmp(sub, "test") && nw == 3) || (!strcmp(sub, "pref") && (nw == 2 || nw == 3));
	if (!ok)
		return cmd_usage("notify", "say channels ORG, channel ORG CHANNEL FILE, test ORG CHANNEL or pref PERSON [FILE]");
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	char obj[512];
	if (!strcmp(sub, "channels")) {
		json_t *j = notify_channels_json(s, w[1], &e);
		if (j)
			print_json(j);
		else
			rc = cmd_fail(&e);
	} else if (!strcmp(sub, "channel")) {
		snprintf(obj, sizeof obj, "%s/%s", w[1], w[2]);
		struct change ch = cmd_change("notify.channel", obj);
		ch.unit = w[1];
		if (read_json(w[3], &body, &e) ||
		    notify_channel_set(s, &ch, ctx->data_dir, w[1], w[2], body, clock_now(), &e))
			rc = cmd_fail(&e);
		else
			printf("已保存 %s 的 %s 渠道 / channel %s of %s saved\n", w[1], w[2], w[2], w[1]);
	} else if (!strcmp(sub, "test")) {
		char answer[1024], wname[256];
		struct notify_config cfg = {ctx->data_dir, ca, worker_name(wname, sizeof wname), 0, 1};
		if (notify_test_send(s, &cfg, w[1], w[2], to, clock_now(), answer, sizeof answer, &e))
			rc = cmd_fail(&e);
		else
			printf("发送成功 / sent: %s\n", answer);
	} else if (nw == 2) {
		json_t *j = notify_pref_json(s, w[1], &e);
		if (j)
			print_json(j);
		else
			rc = cmd_fail(&e);
	} else {
		char *org = NULL, *name = NULL;
		struct change ch = cmd_change("notify.pref", w[1]);
		if (store_person_brief(s, w[1], &name, &org, &e) || read_json(w[2], &body, &e) ||
		    notify_pref_set(s, &ch, w[1], body, &e))
			rc = cmd_fail(&e);
		else
			printf("已保存 %s 的通知偏好 / preferences of %s saved\n", w[1], w[1]);
		free(org);
		free(name);
	}
	json_decref(body);
	return rc;
}
