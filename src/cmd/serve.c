/* zeren serve: the HTTP API and the web UI, until SIGTERM or SIGINT. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "cmd/cmd.h"
#include "core/calendar.h"
#include "http/server.h"

#define SHUTDOWN_WAIT_MS 10000

/* "ADDR:PORT", "[v6]:PORT" or ":PORT". */
static int parse_listen(const char *s, char *addr, size_t addr_len, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	if (!colon)
		return -1;
	unsigned long p = strtoul(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || p > 65535)
		return -1;
	size_t n = (size_t)(colon - s);
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
		s++, n -= 2;
	if (n == 0)
		s = "127.0.0.1", n = strlen(s);
	if (n >= addr_len)
		return -1;
	memcpy(addr, s, n);
	addr[n] = '\0';
	*port = (uint16_t)p;
	return 0;
}

static void log_error(const char *what, const char *message)
{
	fprintf(stderr, "zeren serve: %s: %s\n", what, message);
}

/* The route table with each route's permission and the roles it admits (the 权限 matrix). */
static int list_routes(void)
{
	for (const struct route *const *t = api_routes; *t; t++) {
		for (const struct route *r = *t; r->handler; r++) {
			printf("%-6s %-58s %-8s", http_method_names[r->method], r->pattern, perm_id(r->perm));
			const char *sep = " ";
			for (int role = 0; role < ROLE_COUNT; role++) {
				if (perm_roles(r->perm) & ROLE_BIT(role)) {
					printf("%s%s", sep, role_id(role));
					sep = ",";
				}
			}
			putchar('\n');
		}
	}
	return EXIT_OK;
}

#define SERVE_IP_BUDGET 300       /* requests a second from one source address */
#define SERVE_IP_CONNECTIONS 64   /* open connections from one source address */
#define SERVE_REFUSAL_INTERVAL 60 /* seconds: one audit record per source and reason */
#define SERVE_TIMEOUT 30          /* seconds an idle (or dribbling) connection is kept */
#define SERVE_LOGIN_BUDGET 30     /* sign-in attempts a minute from one source address */

int cmd_serve(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *threads_s = NULL, *web = getenv("ZEREN_WEB");
	const char *budget_s = NULL, *conns_s = NULL, *interval_s = NULL, *timeout_s = NULL, *login_s = NULL;
	const struct cmd_optspec specs[] = {{"--listen", &listen},
					    {"--threads", &threads_s},
					    {"--web", &web},
					    {"--ip-budget", &budget_s},
					    {"--ip-connections", &conns_s},
					    {"--refusal-interval", &interval_s},
					    {"--timeout", &timeout_s},
					    {"--login-budget", &login_s},
					    {NULL, NULL}};
	char addr[64];
	struct http_server_config cfg = {0};
	struct api_server app = {0};
	struct policy_set *ps = NULL;
	struct http_server *srv = NULL;
	struct store *s = NULL;
	struct cal *cal = NULL;
	struct zerr e = {0};
	sigset_t stop;
	int sig, rc;
	if (argc == 2 && strcmp(argv[1], "--list-routes") == 0)
		return list_routes();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--behind-proxy") == 0) {
			cfg.behind_proxy = true;
			memmove(&argv[i], &argv[i + 1], (size_t)(argc - i - 1) * sizeof *argv);
			argc--, i--;
		}
	}
	if ((rc = cmd_parse_opts("serve", argc, argv, 1, specs)))
		return rc;
	if (parse_listen(listen, addr, sizeof addr, &cfg.port))
		return cmd_usage("serve", "--listen must be ADDR:PORT, e.g. 127.0.0.1:8080, not '%s'", listen);
	long nthreads = threads_s ? strtol(threads_s, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1 || nthreads > 256)
		return cmd_usage("serve", "--threads must be from 1 to 256");
	/* The limits of docs/server.md, with their defaults. */
	long budget = budget_s ? strtol(budget_s, NULL, 10) : SERVE_IP_BUDGET;
	long conns = conns_s ? strtol(conns_s, NULL, 10) : (cfg.behind_proxy ? 0 : SERVE_IP_CONNECTIONS);
	long interval = interval_s ? strtol(interval_s, NULL, 10) : SERVE_REFUSAL_INTERVAL;
	long timeout = timeout_s ? strtol(timeout_s, NULL, 10) : SERVE_TIMEOUT;
	long logins = login_s ? strtol(login_s, NULL, 10) : SERVE_LOGIN_BUDGET;
	if (budget < 0 || budget > 1000000 || conns < 0 || conns > 100000 || logins < 0 || logins > 100000)
		return cmd_usage("serve", "--ip-budget, --ip-connections and --login-budget are counts (0: no limit)");
	if (interval < 1 || interval > 86400 || timeout < 1 || timeout > 3600)
		return cmd_usage("serve", "--refusal-interval is 1-86400 seconds, --timeout 1-3600");
	cfg.ip_budget = (unsigned)budget;
	cfg.per_ip_connections = (unsigned)conns;
	cfg.refusal_interval = (unsigned)interval;
	cfg.connection_timeout = (unsigned)timeout;
	cfg.login_budget = (unsigned)logins;
	/* The store must exist and be migrated before the workers open their own connections, and
	 * the calendar seeded, so that no two workers race to do it. */
	if ((rc = cmd_open_store(ctx, false, &s)))
		return rc;
	/* A broken database (or one of a newer version) is refused before anything is served. */
	if (store_check(s, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	if (calendar_open(s, &cal, &e) || policies_load(&ps, &e) || view_cache_new(&app.views)) {
		rc = cmd_fail(e.code ? &e : &(struct zerr){ZE_NOMEM, "out of memory"});
		goto out;
	}
	store_close(s);
	s = NULL;
	app.data_dir = ctx->data_dir;
	app.policies = ps;
	cfg.addr = addr;
	cfg.threads = (unsigned)nthreads;
	cfg.data_dir = ctx->data_dir;
	cfg.web_root = web ? web : "web/dist";
	cfg.tables = api_routes;
	cfg.app = &app;
	cfg.log = log_error;
	/* Block the stop signals before the threads start, so only sigwait below sees them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (http_server_start(&cfg, &srv, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	printf("zeren serve: listening on http://%s%s%s:%u/ (data %s, %ld threads)\n", strchr(addr, ':') ? "[" : "",
	       addr, strchr(addr, ':') ? "]" : "", http_server_port(srv), ctx->data_dir, nthreads);
	fflush(stdout);
	sigwait(&stop, &sig);
	printf("zeren serve: %s received, finishing requests in flight\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_server_stop(srv, SHUTDOWN_WAIT_MS);
	srv = NULL;
	puts("zeren serve: stopped");
	rc = EXIT_OK;
out:
	http_server_stop(srv, 0);
	view_cache_free(app.views);
	policies_free(ps);
	cal_free(cal);
	if (s)
		store_close(s);
	return rc;
}
