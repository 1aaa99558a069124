/* zeren user: accounts from the command line (add, passwd, reset, disable, enable, roles,
 * list). Each change is recorded in the audit log as done by $USER from "cli". */
#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/accounts.h"
#include "util/strbuf.h"
#include "util/clock.h"

#define SOURCE "cli"

/* Parses the options after the USERNAME: those of opts (at most USER_OPTS_MAX), and (when roles
 * is not NULL) repeated --role options collected into a role set. */
#define USER_OPTS_MAX 6
static int parse_user_opts(int argc, char **argv, const struct cmd_option *opts, unsigned *roles)
{
	struct cmd_option all[USER_OPTS_MAX + 2];
	struct cmd_list given = {0};
	int n = 0;
	for (; opts[n].kind != OPT_END; n++) {
		assert(n < USER_OPTS_MAX);
		all[n] = opts[n];
	}
	if (roles)
		all[n++] = (struct cmd_option)OPT_MANY("--role", &given);
	all[n] = (struct cmd_option)OPT_DONE;
	int rc = cmd_parse("user", argc, argv, 3, all, 0, NULL);
	for (int i = 0; !rc && i < given.n; i++) {
		int role = role_from_id(given.v[i]);
		if (role < 0)
			return cmd_usage("user", "unknown role '%s' (sysadmin, secadmin, auditor, office, leader, "
						 "liaison, staff)", given.v[i]);
		*roles |= ROLE_BIT(role);
	}
	return rc;
}

static void print_otp(const char *username, const char *otp)
{
	printf("账号 %s 的一次性密码（只显示这一次，首次登录须修改）/ one-time password of %s (shown only "
	       "this once; it must be changed at first login):\n",
	       username, username);
	printf("  %s  %s\n", username, otp);
}

static int user_add(struct store *s, int argc, char **argv)
{
	const char *name = NULL, *person = NULL, *dept = NULL;
	const struct cmd_option opts[] = {OPT_STR("--name", &name), OPT_STR("--person", &person), OPT_STR("--department", &dept), OPT_DONE};
	unsigned roles = 0;
	char otp[ONE_TIME_PASSWORD_CHARS + 1];
	struct zerr e = {0};
	if (argc < 3 || argv[2][0] == '-')
		return cmd_usage("user", "add needs a USERNAME");
	int rc = parse_user_opts(argc, argv, opts, &roles);
	if (rc)
		return rc;
	const char *user = argv[2];
	if (account_create(s, user, name ? name : user, person, roles, dept, otp, cmd_audit_account(), SOURCE, &e))
		return cmd_fail(&e);
	print_otp(user, otp);
	return EXIT_OK;
}

/* One line from standard input without its newline; without echo when it is a terminal. */
static int read_secret(const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return -1;
	size_t len = strlen(buf);
	if (len && buf[len - 1] != '\n' && !feof(stdin))
		return -2; /* longer than the buffer */
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int user_passwd(struct store *s, int argc, char **argv)
{
	char pw[ACCOUNT_PASSWORD_MAX + 2], again[ACCOUNT_PASSWORD_MAX + 2];
	struct zerr e = {0};
	int rc = EXIT_OK;
	if (argc != 3)
		return cmd_usage("user", "passwd takes one USERNAME (the new password is read from standard input)");
	int r = read_secret("新密码 / new password: ", pw, sizeof pw);
	if (r == -2) {
		fprintf(stderr, "zeren: the password is longer than %d bytes\n", ACCOUNT_PASSWORD_MAX);
		return EXIT_USAGE;
	}
	if (r) {
		fprintf(stderr, "zeren: no password on standard input\n");
		return EXIT_USAGE;
	}
	if (isatty(STDIN_FILENO)) {
		if (read_secret("再输入一次 / again: ", again, sizeof again) || strcmp(pw, again) != 0) {
			fprintf(stderr, "zeren: 两次输入的密码不一致 / the two passwords differ\n");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (account_set_password(s, argv[2], pw, false, NULL, cmd_audit_account(), SOURCE, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	printf("账号 %s 的密码已修改，其会话已全部注销 / password of %s changed; its sessions are ended\n", argv[2],
	       argv[2]);
out:
	memset(pw, 0, sizeof pw);
	memset(again, 0, sizeof again);
	return rc;
}

/* The command line's operator, as requester or approver: never an account's name. */
static const char *operator_name(char *buf, size_t n)
{
	snprintf(buf, n, "cli:%s", cmd_audit_account());
	return buf;
}

static void print_request(int64_t id, const char *username)
{
	printf("已提交请求 %lld（账号 %s），待批准后生效：zeren user approve %lld / request %lld (account %s) "
	       "takes effect once approved\n",
	       (long long)id, username, (long long)id, (long long)id, username);
}

static int user_reset(struct store *s, int argc, char **argv)
{
	char part[OTP_PART_CHARS + 1], me[96];
	int64_t id;
	struct zerr e = {0};
	if (argc != 3)
		return cmd_usage("user", "reset takes one USERNAME");
	if (account_request_reset(s, argv[2], operator_name(me, sizeof me), 0, &id, part, cmd_audit_account(), SOURCE,
				  &e))
		return cmd_fail(&e);
	print_request(id, argv[2]);
	printf("一次性密码的前半部分（只显示这一次，交给账号本人；后半部分由批准人交给本人）/ first half of the "
	       "one-time password (shown only this once, for the account's holder; the approver gets the "
	       "second half):\n  %s  %s\n",
	       argv[2], part);
	memset(part, 0, sizeof part);
	return EXIT_OK;
}

static int user_disable(struct store *s, int argc, char **argv)
{
	bool disable = !strcmp(argv[1], "disable");
	struct zerr e = {0};
	char me[96];
	int64_t id = 0;
	if (argc != 3)
		return cmd_usage("user", "%s takes one USERNAME", disable ? "disable" : "enable");
	if (disable ? account_request_disable(s, argv[2], operator_name(me, sizeof me), 0, &id, cmd_audit_account(),
					      SOURCE, &e)
		    : account_set_disabled(s, argv[2], false, cmd_audit_account(), SOURCE, &e))
		return cmd_fail(&e);
	if (id)
		print_request(id, argv[2]);
	else if (disable)
		printf("账号 %s 已停用，其会话已全部注销 / account %s disabled; its sessions are ended\n", argv[2], argv[2]);
	else
		printf("账号 %s 已启用，登录锁定已解除 / account %s enabled, its sign-in locks cleared\n", argv[2], argv[2]);
	return EXIT_OK;
}

static int user_roles(struct store *s, int argc, char **argv)
{
	const char *dept = NULL;
	const struct cmd_option opts[] = {OPT_STR("--department", &dept), OPT_DONE};
	unsigned roles = 0;
	struct zerr e = {0};
	char buf[128], me[96];
	int64_t id = 0;
	if (argc < 3 || argv[2][0] == '-')
		return cmd_usage("user", "roles needs a USERNAME");
	int rc = parse_user_opts(argc, argv, opts, &roles);
	if (rc)
		return rc;
	if (!roles)
		return cmd_usage("user", "roles needs at least one --role (the new set replaces the old)");
	if (account_request_roles(s, argv[2], roles, dept, operator_name(me, sizeof me), 0, &id, cmd_audit_account(),
				  SOURCE, &e))
		return cmd_fail(&e);
	if (id)
		print_request(id, argv[2]);
	else
		printf("账号 %s 的角色 / roles of %s: %s\n", argv[2], argv[2], roles_format(roles, buf, sizeof buf));
	return EXIT_OK;
}

static int request_arg(int argc, char **argv, int64_t *id)
{
	char *end;
	long long v = argc == 3 ? strtoll(argv[2], &end, 10) : 0;
	if (argc != 3 || *end || v <= 0)
		return cmd_usage("user", "%s takes one request number (zeren user requests lists them)", argv[1]);
	*id = v;
	return 0;
}

/* The operator decides as any of the 三员 would, but never on their own request. */
static int user_decide(struct store *s, int argc, char **argv)
{
	bool approve = !strcmp(argv[1], "approve");
	int64_t id = 0;
	char part[OTP_PART_CHARS + 1] = "", me[96];
	struct zerr e = {0};
	int rc = request_arg(argc, argv, &id);
	if (rc)
		return rc;
	rc = approve ? account_request_approve(s, id, operator_name(me, sizeof me), ROLES_PLATFORM, part,
					       cmd_audit_account(), SOURCE, &e)
		     : account_request_reject(s, id, operator_name(me, sizeof me), ROLES_PLATFORM, cmd_audit_account(),
					      SOURCE, &e);
	if (rc)
		return cmd_fail(&e);
	printf("请求 %lld 已%s / request %lld %s\n", (long long)id, approve ? "批准" : "驳回", (long long)id,
	       approve ? "approved" : "rejected");
	if (approve && part[0])
		printf("一次性密码的后半部分（只显示这一次，交给账号本人）/ second half of the one-time password "
		       "(shown only this once, for the account's holder):\n  %s\n",
		       part);
	memset(part, 0, sizeof part);
	return EXIT_OK;
}

static int user_requests(struct store *s, int argc, char **argv)
{
	const char *format = NULL, *status = NULL;
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_STR("--status", &status), OPT_DONE};
	json_t *a = NULL, *r;
	size_t i;
	struct zerr e = {0};
	int rc = cmd_parse("user", argc, argv, 2, opts, 0, NULL);
	if (rc || (format && (rc = cmd_format("user", format, NULL))))
		return rc;
	if (account_requests_json(s, 0, status, &a, &e))
		return cmd_fail(&e);
	if (format && !strcmp(format, "json")) {
		cmd_print_json(a);
	}
	json_array_foreach(a, i, r) {
		if (format && !strcmp(format, "json"))
			break;
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)json_integer_value(json_object_get(r, "id")),
		       json_string_value(json_object_get(r, "status")), json_string_value(json_object_get(r, "kind")),
		       json_string_value(json_object_get(r, "username")),
		       json_string_value(json_object_get(r, "requested_by")),
		       json_string_value(json_object_get(r, "requested_at")),
		       json_string_value(json_object_get(r, "approver_role")));
	}
	json_decref(a);
	return EXIT_OK;
}

static int user_list(struct store *s, int argc, char **argv)
{
	const char *format = NULL;
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_DONE};
	struct account *v = NULL;
	size_t n = 0;
	struct zerr e = {0};
	char roles[128];
	int rc = cmd_parse("user", argc, argv, 2, opts, 0, NULL);
	if (rc)
		return rc;
	bool json = format && !strcmp(format, "json");
	if (format && !json && strcmp(format, "text"))
		return cmd_usage("user", "--format is text or json, not '%s'", format);
	if (account_list(s, &v, &n, &e))
		return cmd_fail(&e);
	time_t now = clock_now();
	json_t *rows = json ? json_array() : NULL;
	if (!json && n == 0)
		printf("没有账号 / no accounts\n");
	for (size_t i = 0; i < n; i++) {
		const struct account *a = &v[i];
		if (json) {
			json_array_append_new(rows, account_json(a, now));
			continue;
		}
		roles_format(a->roles, roles, sizeof roles);
		struct strbuf line = STRBUF_INIT;
		sb_add_padded(&line, a->username, 18);
		sb_addc(&line, ' ');
		sb_add_padded(&line, a->display_name, 14);
		sb_addc(&line, ' ');
		sb_add_padded(&line, roles[0] ? roles : "-", 10);
		sb_addc(&line, ' ');
		sb_add_padded(&line, a->person ? a->person : "-", 16);
		sb_addc(&line, ' ');
		sb_add_padded(&line, a->department ? a->department : "-", 10);
		sb_addc(&line, ' ');
		sb_addf(&line, "%s%s%s", a->disabled ? "停用/disabled " : "", a->locked_until > now ? "锁定/locked " : "",
			a->must_change ? "待改密/must-change" : "");
		while (line.len && line.buf[line.len - 1] == ' ')
			line.buf[--line.len] = '\0';
		printf("%s\n", line.buf);
		sb_release(&line);
	}
	if (json) {
		cmd_print_json(rows);
		json_decref(rows);
	}
	account_list_release(v, n);
	return EXIT_OK;
}

const char cmd_user_usage[] =
	"usage: zeren [--data DIR] user add USERNAME [--name DISPLAY] [--person ID] [--role R]... [--department D]\n"
	"       zeren [--data DIR] user passwd USERNAME     the new password from standard input\n"
	"       zeren [--data DIR] user reset USERNAME      asks for a reset (four eyes)\n"
	"       zeren [--data DIR] user disable|enable USERNAME\n"
	"       zeren [--data DIR] user roles USERNAME --role R... [--department D]\n"
	"       zeren [--data DIR] user list [--format text|json]\n"
	"       zeren [--data DIR] user requests [--status pending|approved|rejected] [--format text|json]\n"
	"       zeren [--data DIR] user approve|reject REQUEST\n\n"
	"Roles: sysadmin 系统管理员, secadmin 安全管理员, auditor 审计管理员 (三员: each alone on its\n"
	"account), office 网信办, leader 领导, liaison 部门网络安全员 (with --department), staff 普通人员,\n"
	"supervisor 上级主管部门 (reads every unit below the person's unit, writes only its own notices).\n"
	"Business roles need --person. A new account gets a one-time password, printed once, that\n"
	"must be changed at first login. Passwords: at least 10 characters, three of upper case, lower\n"
	"case, digits and symbols, not the username, the person's name or a common weak password.\n"
	"Four eyes: a reset, disabling a platform account and a grant of roles are requests that take\n"
	"effect when another approves (approve/reject; from the command line as \"cli:$USER\", who\n"
	"never approves their own). A reset's one-time password comes in two halves, the requester's\n"
	"and the approver's, for the holder to type one after the other. enable clears sign-in locks.\n"
	"Every change is recorded in the audit log.\n";

int cmd_user(struct cmd_ctx *ctx, int argc, char **argv)
{
	/* each runs with the whole argv (argv[1] is the subcommand) */
	static const struct {
		const char *name;
		int (*run)(struct store *s, int argc, char **argv);
	} subs[] = {
		{"add", user_add},         {"passwd", user_passwd}, {"reset", user_reset},
		{"disable", user_disable}, {"enable", user_disable}, {"roles", user_roles},
		{"list", user_list},       {"requests", user_requests}, {"approve", user_decide},
		{"reject", user_decide},
	};
	if (argc < 2)
		return cmd_usage("user", "add, passwd, reset, disable, enable, roles, list, requests, approve or reject?");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name)) {
			struct store *s;
			int rc = cmd_store(ctx, &s);
			return rc ? rc : subs[i].run(s, argc, argv);
		}
	return cmd_usage("user", "unknown subcommand '%s'", argv[1]);
}
