/* zeren — the command line. A table of subcommands in the manner of git.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

const struct command commands[] = {
	{"init", cmd_init, "创建数据目录 / create the data directory",
	 "usage: zeren [--data DIR] init\n\n"
	 "Creates the data directory (default ./zeren-data, or $ZEREN_DATA) and its database, and the\n"
	 "three platform accounts (三员: sysadmin, secadmin, auditor), printing their one-time passwords\n"
	 "once. Run again, it changes nothing.\n"},
	{"import", cmd_import, "导入 zeren/v1 文件 / import zeren/v1 files",
	 "usage: zeren [--data DIR] import FILE...\n\n"
	 "Reads zeren/v1 documents. Records are inserted or updated by id (appointments by person,\n"
	 "post or seat, scope and start); nothing is deleted. Each file is one transaction: on any\n"
	 "error nothing changes and the message names the file, line, JSON path and problem.\n"},
	{"export", cmd_export, "导出为 zeren/v1 / export as zeren/v1",
	 "usage: zeren [--data DIR] export [--org ID] [--output FILE]\n\n"
	 "Writes all units (or one) as a zeren/v1 document to standard output or FILE.\n"},
	{"check", cmd_check, "合规检查 / check units against their policy",
	 "usage: zeren [--data DIR] check [--org ID] [--as-of YYYY-MM-DD] [--format text|json] [--lang zh|en]\n\n"
	 "Evaluates every unit (or one) against its policy as of a date (default today, Asia/Shanghai)\n"
	 "and lists the findings with their clauses and since when they hold.\n"
	 "Exit status: 0 no error-severity finding, 1 some, 2 bad usage or input, 3 failure.\n"},
	{"demo", cmd_demo, "载入示例单位 / load the demo unit",
	 "usage: zeren [--data DIR] demo\n\n"
	 "Loads the demo unit 蜀南学院 (11 departments, 60 people, a handful of real violations), the\n"
	 "platform accounts as init does, and one demo account per business role (office, leader,\n"
	 "liaison.nic, liaison.finance, staff) with the published password Zeren-Demo-2026: for\n"
	 "trying zeren out only.\n"
	 "Then try: zeren check --org demo\n"},
	{"posts", cmd_posts, "岗位目录与职责 / the post catalogue",
	 "usage: zeren posts [--format text|json] [POST]\n\n"
	 "Lists the posts with their duties (职责) and the clauses they come from.\n"},
	{"policy", cmd_policy, "策略与规则 / policies and their rules",
	 "usage: zeren policy [--format text|json] [ID]\n\n"
	 "Lists the shipped policies, or the rules of one with their citations.\n"},
	{"workday", cmd_workday, "工作日计算 / working-day calendar",
	 "usage: zeren [--data DIR] workday add DATE N      the date N working days after DATE\n"
	 "       zeren [--data DIR] workday is DATE         work or off, and the holiday's name\n"
	 "       zeren [--data DIR] workday between A B     working days after A up to and including B\n"
	 "       zeren [--data DIR] workday import FILE.csv add or replace days (date,kind,holiday,holiday_zh)\n"
	 "       zeren [--data DIR] workday years           which years the calendar knows\n"
	 "  options: --format text|json\n\n"
	 "The official calendar (国务院办公厅 notices, 2004-2026) is built in; an administrator imports the\n"
	 "next year's arrangement when it is published. Counting follows 民法典 第201条: the start day is\n"
	 "not counted. A day in a year the calendar does not know is counted Monday-Friday only, with a\n"
	 "warning on standard error and \"calendar_complete\": false in JSON — never silently.\n"},
	{"obligations", cmd_obligations, "定期工作 / recurring duties and their status",
	 "usage: zeren [--data DIR] obligations [--org ID] [--as-of DATE] [--format text|json]\n\n"
	 "The recurring duties of each unit's policy (专题会议, 自查报告, 演练, 培训, 月报, 备份, 考核), every\n"
	 "occurrence due in the last year or the next two months: done (with its evidence), overdue, or\n"
	 "open with the working days left.\n"},
	{"obligation", cmd_obligation, "记录定期工作完成 / record a duty done",
	 "usage: zeren [--data DIR] obligation done OBLIGATION PERIOD --on DATE [--org ORG] [--department D]\n"
	 "            [--by PERSON] [--notes TEXT] [--evidence FILE]...\n\n"
	 "PERIOD is the occurrence's label: 2026, 2026-H1, 2026-Q3, 2026-05 or 2026-W07. Evidence files\n"
	 "are kept in the data directory by their SHA-256; recording again adds to the evidence. --org\n"
	 "may be left out when the store holds one unit.\n"},
	{"calendar", cmd_calendar, "日程订阅 (ICS) / deadlines as a calendar",
	 "usage: zeren [--data DIR] calendar ics [--org ID] [--person ID] [--as-of DATE] [--output FILE]\n\n"
	 "Writes an RFC 5545 calendar of the deadlines ahead: duty occurrences not yet done, notice\n"
	 "rectification deadlines (working days), agreement expiries — for a unit, or for the duties one\n"
	 "person answers for. UIDs are stable, so a subscribed calendar updates in place; times are\n"
	 "Asia/Shanghai. SOURCE_DATE_EPOCH fixes DTSTAMP for reproducible output.\n"},
	{"incident", cmd_incident, "安全事件 / security incidents",
	 "usage: zeren [--data DIR] incident list [--org ID] [--format text|json]\n"
	 "       zeren [--data DIR] incident add --org ORG --id ID --title TEXT --occurred TIME [--system S]\n"
	 "            [--category TEXT] [--grade general|relatively_major|major|especially_major]\n"
	 "            [--detected TIME] [--reported TIME] [--outage-hours H] [--personal-info N]\n"
	 "       zeren [--data DIR] incident resolve ID --at TIME [--summary-on DATE]\n\n"
	 "Times are ISO 8601 with their offset, e.g. 2026-10-12T08:10:00+08:00. An incident's grade is\n"
	 "raised where the national thresholds derive a higher one (personal information of 100万 people\n"
	 "or more: 较大). The chain of people responsible on the day it occurred is recorded with it.\n"},
	{"notice", cmd_notice, "通报整改 / superiors' notices",
	 "usage: zeren [--data DIR] notice list [--org ID] [--as-of DATE] [--format text|json]\n"
	 "       zeren [--data DIR] notice add --org ORG --id ID --issuer TEXT --title TEXT --received DATE\n"
	 "            [--doc NUMBER] [--system S]...\n"
	 "       zeren [--data DIR] notice rectify ID --on DATE [--feedback-on DATE]\n\n"
	 "A notice must be rectified within 3 working days of receipt (004 五); list shows the deadline\n"
	 "and the working days left, counted on the official calendar.\n"},
	{"accountability", cmd_accountability, "责任追究 / who was responsible",
	 "usage: zeren [--data DIR] accountability INCIDENT [--format text|json]\n\n"
	 "The clauses the incident triggers and the chain of people responsible on the day it occurred\n"
	 "(逐级倒查): the system's administrators and 系统负责人, the owner department's head and\n"
	 "网络安全员, the 直接责任人 and the 第一责任人 — from the appointment history. When the chain\n"
	 "recorded with the incident differs from the history now, both are shown.\n"},
	{"audit", cmd_audit, "审计日志 / the tamper-evident audit log",
	 "usage: zeren [--data DIR] audit list [--from SEQ] [--format text|json]\n"
	 "       zeren [--data DIR] audit verify\n"
	 "       zeren [--data DIR] audit purge --before DATE\n\n"
	 "Every change and login is recorded — time, account, source, action, object, success and\n"
	 "the change — in an append-only log where each record's SHA-256 covers the previous one's.\n"
	 "verify recomputes the chain: exit 0 when intact, 1 naming the first altered or missing\n"
	 "record. purge removes records made before DATE, but never one younger than six months\n"
	 "(网络安全法 第二十一条); nothing can alter a record.\n"},
	{"user", cmd_user, "账号与角色 / accounts and roles",
	 "usage: zeren [--data DIR] user add USERNAME [--name DISPLAY] [--person ID] [--role R]... [--department D]\n"
	 "       zeren [--data DIR] user passwd USERNAME     the new password from standard input\n"
	 "       zeren [--data DIR] user reset USERNAME      asks for a reset (four eyes)\n"
	 "       zeren [--data DIR] user disable|enable USERNAME\n"
	 "       zeren [--data DIR] user roles USERNAME --role R... [--department D]\n"
	 "       zeren [--data DIR] user list [--format text|json]\n"
	 "       zeren [--data DIR] user requests [--status pending|approved|rejected] [--format text|json]\n"
	 "       zeren [--data DIR] user approve|reject REQUEST\n\n"
	 "Roles: sysadmin 系统管理员, secadmin 安全管理员, auditor 审计管理员 (三员: each alone on its\n"
	 "account), office 网信办, leader 领导, liaison 部门网络安全员 (with --department), staff 普通人员.\n"
	 "Business roles need --person. A new account gets a one-time password, printed once, that\n"
	 "must be changed at first login. Passwords: at least 10 characters, three of upper case, lower\n"
	 "case, digits and symbols, not the username, the person's name or a common weak password.\n"
	 "Four eyes: a reset, disabling a platform account and a grant of roles are requests that take\n"
	 "effect when another approves (approve/reject; from the command line as \"cli:$USER\", who\n"
	 "never approves their own). A reset's one-time password comes in two halves, the requester's\n"
	 "and the approver's, for the holder to type one after the other. enable clears sign-in locks.\n"
	 "Every change is recorded in the audit log.\n"},
	{"serve", cmd_serve, "启动服务 / run the web server and API",
	 "usage: zeren [--data DIR] serve [--listen ADDR:PORT] [--threads N] [--web DIR] [--behind-proxy]\n"
	 "                          [--ip-budget N] [--ip-connections N] [--timeout S] [--refusal-interval S]\n"
	 "                          [--login-budget N]\n"
	 "       zeren serve --list-routes\n\n"
	 "Serves the HTTP JSON API under /api/v1 (described at /api/openapi.json) and the web UI\n"
	 "(built into web/dist, or DIR, or $ZEREN_WEB) until SIGTERM or SIGINT, then finishes the\n"
	 "requests in flight and stops. --listen defaults to 127.0.0.1:8080 (port 0: any free port,\n"
	 "printed on start); --threads to the number of processors. --behind-proxy: behind a\n"
	 "TLS-terminating reverse proxy that only it can reach — cookies are marked Secure and the\n"
	 "audit log takes the client's address from X-Forwarded-For. --list-routes prints every\n"
	 "endpoint with the permission it needs and the roles that have it.\n"
	 "Limits: --ip-budget requests a second per source address (default 300; more get 429),\n"
	 "--ip-connections open connections per source (default 64; 0 behind a proxy), --timeout\n"
	 "seconds an idle connection is kept (default 30), --refusal-interval seconds over which refused\n"
	 "requests without a session make one audit record per source and reason (default 60),\n"
	 "--login-budget sign-in attempts a minute per source (default 30; more get 429).\n"},
	{"help", cmd_help, "帮助 / help", "usage: zeren help [COMMAND]\n"},
	{NULL, NULL, NULL, NULL},
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void usage(FILE *out)
{
	fputs("usage: zeren [--data DIR] COMMAND [ARGS]\n\n"
	      "zeren 网络安全工作责任制平台 — the cybersecurity work responsibility system.\n\n"
	      "commands:\n",
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	fputs("\n'zeren help COMMAND' explains one. The data directory is ./zeren-data unless --data\n"
	      "or $ZEREN_DATA says otherwise.\n",
	      out);
}

int cmd_help_for(const char *name)
{
	const struct command *c = command_find(name);
	if (!c)
		return cmd_usage("help", "unknown command '%s'", name);
	fputs(c->usage, stdout);
	return EXIT_OK;
}

int cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc > 1)
		return cmd_help_for(argv[1]);
	usage(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = {getenv("ZEREN_DATA"), "zeren"};
	int i = 1;
	if (!ctx.data_dir || !*ctx.data_dir)
		ctx.data_dir = "zeren-data";
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		int r = cmd_opt(argc, argv, &i, "--data", &v);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0) {
			ctx.data_dir = v;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "zeren: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const struct command *c = command_find(argv[i]);
	if (!c) {
		fprintf(stderr, "zeren: '%s' is not a zeren command. See 'zeren help'.\n", argv[i]);
		return EXIT_USAGE;
	}
	for (int j = i + 1; j < argc; j++)
		if (!strcmp(argv[j], "--help") || !strcmp(argv[j], "-h"))
			return cmd_help_for(c->name);
	return c->run(&ctx, argc - i, argv + i);
}
