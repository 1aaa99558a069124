/* zeren — the command line. A table of subcommands in the manner of git.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

/* The commands: name, summary and what each needs of the data directory; CMD runs cmd_NAME, CMD_SUBS
 * the subcommands of cmd_NAME_subs. Each usage text is cmd_NAME_usage, in the command's file. */
#define CMD(name, summary, store) {#name, cmd_##name, summary, cmd_##name##_usage, store, NULL}
#define CMD_SUBS(name, summary, store) {#name, NULL, summary, cmd_##name##_usage, store, cmd_##name##_subs}
const struct command commands[] = {
	CMD(init, "创建数据目录 / create the data directory", STORE_CREATE),
	CMD(import, "导入 zeren/v1 文件 / import zeren/v1 files", STORE_CREATE),
	CMD(export, "导出为 zeren/v1 / export as zeren/v1", STORE_EXISTING),
	CMD(check, "合规检查 / check units against their policy", STORE_EXISTING),
	CMD(demo, "载入示例单位 / load the demo unit", STORE_CREATE),
	CMD(posts, "岗位目录与职责 / the post catalogue", STORE_NONE),
	CMD(policy, "策略与规则 / policies and their rules", STORE_EXISTING),
	CMD(workday, "工作日计算 / working-day calendar", STORE_CREATE),
	CMD(obligations, "定期工作 / recurring duties and their status", STORE_EXISTING),
	CMD(obligation, "记录定期工作完成 / record a duty done", STORE_EXISTING),
	CMD(calendar, "日程订阅 (ICS) / deadlines as a calendar", STORE_EXISTING),
	CMD_SUBS(incident, "安全事件 / security incidents", STORE_EXISTING),
	CMD_SUBS(notice, "通报整改 / superiors' notices", STORE_EXISTING),
	CMD(accountability, "责任追究 / who was responsible", STORE_EXISTING),
	CMD(appointment, "任职的结束与更正 / end or correct an appointment", STORE_EXISTING),
	CMD(history, "记录的变更历史 / what the store held when", STORE_EXISTING),
	CMD(evaluation, "年度考核 / the yearly evaluation", STORE_EXISTING),
	CMD(audit, "审计日志 / the tamper-evident audit log", STORE_EXISTING),
	CMD(user, "账号与角色 / accounts and roles", STORE_EXISTING),
	CMD(serve, "启动服务 / run the web server and API", STORE_EXISTING),
	CMD_SUBS(doc, "文书生成与签署 / documents to sign and verify", STORE_EXISTING),
	CMD(backup, "备份数据目录 / back up the data directory", STORE_EXISTING),
	CMD(restore, "从备份恢复 / restore a backup", STORE_EXISTING),
	CMD(migrate, "迁移整个存储 / copy a whole store into a new one", STORE_NONE),
	CMD_SUBS(jobs, "提醒与通知的调度 / run the reminder scheduler once, its log", STORE_EXISTING),
	CMD(notify, "通知渠道与偏好 / notification channels and preferences", STORE_EXISTING),
	CMD_SUBS(report, "向上级报送 / signed reports up to the supervisor", STORE_EXISTING),
	CMD(supervision, "下级单位排名与趋势 / the units below, ranked, and their trend", STORE_EXISTING),
	CMD_SUBS(inspection, "检查及其整改 / a supervisor's inspections and their rectifications", STORE_EXISTING),
	CMD(dict, "字典管理 / a unit's own lists", STORE_EXISTING),
	{"help", cmd_help, "帮助 / help", "usage: zeren help [COMMAND]\n", STORE_NONE, NULL},
	{NULL, NULL, NULL, NULL, STORE_NONE, NULL},
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
	fputs("usage: zeren [--data DIR] [--db postgresql://...] COMMAND [ARGS]\n\n"
	      "zeren 网络安全工作责任制平台 — the cybersecurity work responsibility system.\n\n"
	      "commands:\n",
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	fputs("\n'zeren help COMMAND' explains one. The data directory is ./zeren-data unless --data\n"
	      "or $ZEREN_DATA says otherwise. Its database is the SQLite file in it, or with --db (or\n"
	      "$ZEREN_DB) the data directory's schema in that PostgreSQL database; the files (evidence,\n"
	      "keys) stay in the directory.\n",
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
	struct cmd_ctx ctx = {.data_dir = getenv("ZEREN_DATA"), .prog = "zeren"};
	int i = 1;
	if (!ctx.data_dir || !*ctx.data_dir)
		ctx.data_dir = "zeren-data";
	/* The options before the command: --data DIR (or --data=DIR), --db URL (or --db=URL), --help.
	 * --db is passed on as $ZEREN_DB, which store_open reads (the server's workers too). */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strncmp(argv[i], "--data=", 7)) {
			ctx.data_dir = argv[i] + 7;
		} else if (!strcmp(argv[i], "--data") && i + 1 < argc) {
			ctx.data_dir = argv[++i];
		} else if (!strncmp(argv[i], "--db=", 5) || (!strcmp(argv[i], "--db") && i + 1 < argc)) {
			const char *url = argv[i][4] == '=' ? argv[i] + 5 : argv[++i];
			if (strncmp(url, "postgresql://", 13) && strncmp(url, "postgres://", 11)) {
				fprintf(stderr, "zeren: --db takes a PostgreSQL URL (postgresql://...), not '%s'\n", url);
				return EXIT_USAGE;
			}
			setenv("ZEREN_DB", url, 1);
		} else {
			fprintf(stderr, "zeren: %s '%s'\n",
				strcmp(argv[i], "--data") && strcmp(argv[i], "--db") ? "unknown option"
				: !strcmp(argv[i], "--data")			      ? "no directory after"
										      : "no URL after",
				argv[i]);
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
	ctx.need = c->store;
	int rc = c->subs ? cmd_run_sub(&ctx, c->name, c->subs, argc - i, argv + i) : c->run(&ctx, argc - i, argv + i);
	cmd_store_close(&ctx);
	return rc;
}
