/* init, import, export, demo: moving facts in and out of the store. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/anchor.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "core/accounts.h"
#include "core/calendar.h"
#include "core/change.h"
#include "core/demo.h"
#include "core/embedded.h"
#include "core/interchange.h"
#include "core/policies.h"

/* Creates the three platform accounts (三员) unless they exist, and prints their one-time
 * passwords this once: they are nowhere else. */
static int bootstrap(struct store *s)
{
	static const char *const names[3] = {"sysadmin", "secadmin", "auditor"};
	static const char *const titles[3] = {"系统管理员 system administrator", "安全管理员 security administrator",
					      "审计管理员 audit administrator"};
	char otp[3][ONE_TIME_PASSWORD_CHARS + 1];
	bool created;
	struct zerr e = {0};
	if (accounts_bootstrap(s, otp, &created, cmd_audit_account(), "cli", &e))
		return cmd_fail(&e);
	if (!created) {
		printf("平台管理账号已存在，未作改动 / the platform accounts exist already; nothing changed\n");
		return EXIT_OK;
	}
	printf("平台管理账号（三员）的一次性密码只显示这一次，首次登录时必须修改 / one-time passwords of the\n"
	       "platform accounts, shown only this once; they must be changed at first login:\n");
	for (int i = 0; i < 3; i++) {
		if (otp[i][0])
			printf("  %-34s %-9s %s\n", titles[i], names[i], otp[i]);
		else
			printf("  %-34s %s(已存在 exists)\n", titles[i], names[i]);
	}
	for (int i = 0; i < 3; i++)
		sodium_memzero(otp[i], sizeof otp[i]);
	return EXIT_OK;
}

const char cmd_init_usage[] =
	"usage: zeren [--data DIR] init [--audit-key-alg ed25519|sm2]\n\n"
	"Creates the data directory (default ./zeren-data, or $ZEREN_DATA) and its database, the\n"
	"three platform accounts (三员: sysadmin, secadmin, auditor), printing their one-time passwords\n"
	"once, and the key that signs the audit log's checkpoints (keys/audit-signing.key, Ed25519\n"
	"unless --audit-key-alg sm2; see 'zeren help audit'). Run again, it changes nothing.\n";

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct store *s;
	const char *alg = NULL;
	const struct cmd_option opts[] = {OPT_STR("--audit-key-alg", &alg), OPT_DONE};
	int rc = cmd_parse("init", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	enum audit_key_alg a;
	if (alg && audit_key_alg_parse(alg, &a))
		return cmd_usage("init", "--audit-key-alg is ed25519 or sm2, not '%s'", alg);
	rc = cmd_store(ctx, &s);
	if (rc)
		return rc;
	printf("数据目录已就绪 / data directory ready: %s (schema %d)\n", ctx->data_dir, store_schema_version(s));
	rc = bootstrap(s);
	if (!rc)
		rc = cmd_audit_keygen(ctx, alg, true);
	return rc;
}

/* An import's counts; with dates_note, what it took for records without dates (the demo, whose
 * file has none, does not say it). */
static void print_stats(const char *what, const struct import_stats *st, bool dates_note)
{
	printf("%s: %zu 单位 units, %zu 部门 departments, %zu 人员 people, %zu 机构 bodies, "
	       "%zu 任职 appointments, %zu 系统 systems, %zu 协议 agreements, %zu 事件 incidents, %zu 通报 notices, "
	       "%zu 交接 handovers, %zu 漏洞 vulnerabilities, %zu 应急预案 emergency plans, "
	       "%zu 日志源 log sources, %zu 培训 trainings, %zu 项目 projects, %zu 整改 rectifications, %zu 检查 inspections\n",
	       what, st->orgs, st->depts, st->people, st->bodies, st->appts, st->systems, st->agreements,
	       st->incidents, st->notices, st->handovers, st->vulnerabilities, st->plans, st->log_sources, st->trainings,
	       st->projects, st->rectifications, st->inspections);
	/* valid time: what the import takes for records without dates */
	if (dates_note && st->undated) {
		char d[ZDATE_BUFSZ];
		const char *from = st->earliest != ZDATE_NONE ? date_format(st->earliest, d) : NULL;
		printf("  %zu 条部门、人员、机构或系统记录未注明日期，视为自文件中最早的日期%s%s%s起（及更早）一直有效 / %zu record(s) of "
		       "departments, people, bodies or systems carry no dates: each is taken as valid from the earliest date "
		       "the file knows%s%s, and before\n",
		       st->undated, from ? " " : "", from ? from : "", from ? " " : "", st->undated, from ? ", " : "", from ? from : "");
	}
}

const char cmd_import_usage[] =
	"usage: zeren [--data DIR] import FILE...\n\n"
	"Reads zeren/v1 documents. Records are inserted or updated by id (appointments by person,\n"
	"post or seat, scope and start); nothing is deleted. Each file is one transaction: on any\n"
	"error nothing changes and the message names the file, line, JSON path and problem.\n";

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct store *s;
	struct zerr e = {0};
	struct import_stats st;
	const struct cmd_option opts[] = {OPT_DONE};
	int nfiles, rc = cmd_parse("import", argc, argv, 1, opts, argc, &nfiles);
	if (rc)
		return rc;
	if (!nfiles)
		return cmd_usage("import", "which file?");
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	for (int i = 1; i <= nfiles && !rc; i++) {
		struct change c = cmd_change("import", argv[i]);
		if (!change_file(s, &c, argv[i], &st, &e))
			print_stats(argv[i], &st, true);
		else
			rc = cmd_fail(&e);
	}
	return rc;
}

const char cmd_export_usage[] =
	"usage: zeren [--data DIR] export [--org ID] [--output FILE]\n\n"
	"Writes all units (or one) as a zeren/v1 document to standard output or FILE.\n";

int cmd_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *output = NULL;
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--output", &output), OPT_DONE};
	int rc = cmd_parse("export", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	struct cmd_facts l = {0};
	struct zerr e = {0};
	FILE *out = stdout;
	if ((rc = cmd_load(ctx, org, 0, &l)))
		goto out;
	if (output && !(out = fopen(output, "w"))) {
		fprintf(stderr, "zeren: %s: %s\n", output, strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	if (export_document_store(l.s, &l.f, org, out, &e))
		rc = cmd_fail(&e);
	if (out != stdout && fclose(out) != 0 && !rc) {
		fprintf(stderr, "zeren: %s: %s\n", output, strerror(errno));
		rc = EXIT_FAILURE_;
	}
out:
	cmd_unload(&l);
	return rc;
}

/* The demo's business accounts, one per business role, all with one published password. */
#define DEMO_PASSWORD "Zeren-Demo-2026"

static int demo_accounts(struct store *s)
{
	static const struct {
		const char *username, *person;
		int role;
		const char *department;
	} demo[] = {
		{"office", "p-zhouhaitao", ROLE_OFFICE, NULL},
		{"leader", "p-limingyuan", ROLE_LEADER, NULL},
		{"liaison.nic", "p-luojing", ROLE_LIAISON, "nic"},
		{"liaison.finance", "p-shenjia", ROLE_LIAISON, "finance"},
		{"staff", "p-qiumin", ROLE_STAFF, NULL}, /* 教务处, holds no post */
		/* 西岭市委网信办 over the demo unit and two small ones (issue 15), and the office of each
		 * small unit, which answers the notices it sends down. */
		{"supervisor", "p-xl-hanweidong", ROLE_SUPERVISOR, NULL},
		{"office.school", "p-xs-liuxiaoyan", ROLE_OFFICE, NULL},
		{"office.hospital", "p-xh-sunzhiqiang", ROLE_OFFICE, NULL},
	};
	bool any = false;
	for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
		struct zerr e = {0};
		struct account a;
		if (!account_get(s, demo[i].username, &a, &e)) {
			account_release(&a);
			continue;
		}
		if (e.code != ZE_NOTFOUND)
			return cmd_fail(&e);
		/* The demo password passes the password rules, which are checked as for anyone; what makes
		 * it unfit for real use is only that it is published here. */
		char *name = NULL, *org = NULL;
		int rc = store_person_brief(s, demo[i].person, &name, &org, &e) ||
			 account_create_with_password(s, demo[i].username, name, demo[i].person, ROLE_BIT(demo[i].role),
						      demo[i].department, DEMO_PASSWORD, false, cmd_audit_account(),
						      "cli", &e);
		free(name);
		free(org);
		if (rc)
			return cmd_fail(&e);
		if (!any)
			printf("示例业务账号（仅供演示：密码公开，勿用于生产）/ demo business accounts (demo only: the "
			       "password is published, never use them in production), password %s:\n",
			       DEMO_PASSWORD);
		any = true;
		printf("  %-16s %-8s %s%s%s\n", demo[i].username, role_id(demo[i].role), demo[i].person,
		       demo[i].department ? " " : "", demo[i].department ? demo[i].department : "");
	}
	if (!any)
		printf("示例业务账号已存在 / the demo business accounts exist already\n");
	return EXIT_OK;
}

const char cmd_demo_usage[] =
	"usage: zeren [--data DIR] demo [--as-of YYYY-MM-DD]\n\n"
	"Loads the demo unit 蜀南学院 (11 departments, 60 people, a handful of real violations), the\n"
	"platform accounts as init does, and one demo account per business role (office, leader,\n"
	"liaison.nic, liaison.finance, staff) with the published password Zeren-Demo-2026: for\n"
	"trying zeren out only.\n"
	"The demo's history runs to the day it is loaded (or to --as-of): its dates move by whole\n"
	"weeks so that the same violations stand on that day (data/demo/README.md).\n"
	"Then try: zeren check --org demo\n";

int cmd_demo(struct cmd_ctx *ctx, int argc, char **argv)
{
	zdate on = date_today();
	const struct cmd_option opts[] = {OPT_DATE("--as-of", &on), OPT_DONE};
	int rc = cmd_parse("demo", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	struct store *s;
	struct zerr e = {0};
	struct import_stats st;
	struct cal *cal = NULL;
	struct policy_set *ps = NULL;
	json_t *doc = NULL;
	if (demo_check_day(on, &e)) /* before anything is created */
		return cmd_usage("demo", "%s", e.msg);
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	struct change c = cmd_change("import", "demo");
	if (calendar_open(s, &cal, &e) || policies_load(&ps, &e) || demo_document(on, cal, ps, &doc, &e) ||
	    change_records(s, &c, doc, "demo.json", NULL, &st, &e)) {
		rc = cmd_fail(&e);
	} else {
		char day[ZDATE_BUFSZ];
		print_stats("示例单位已载入 / demo unit loaded", &st, false);
		printf("示例数据截至 / the demo's record runs to %s\n", date_format(on, day));
		printf("下一步 / next: zeren check --org demo\n");
	}
	if (!rc)
		rc = bootstrap(s);
	if (!rc)
		rc = demo_accounts(s);
	if (!rc && demo_own_policy(s, ps, on, &e))
		rc = cmd_fail(&e);
	json_decref(doc);
	policies_free(ps);
	cal_free(cal);
	if (!rc)
		rc = cmd_audit_keygen(ctx, NULL, true);
	return rc;
}
