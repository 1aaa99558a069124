/* zeren serve: the HTTP API and the web UI, until SIGTERM or SIGINT. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "audit/anchor.h"
#include "cmd/cmd.h"
#include "core/accounts.h"
#include "core/calendar.h"
#include "core/notify.h"
#include "http/server.h"
#include "util/clock.h"

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

/* A background thread of the server (the checkpointer, the scheduler): it works in rounds and
 * sleeps between them on a condition, so that a stop wakes it at once. */
struct bg_thread {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop, running;
};

/* Starts run(arg) on w's thread; says on stderr when it cannot (as `what`). */
static void bg_start(struct bg_thread *w, const char *what, void *(*run)(void *), void *arg)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, run, arg)) {
		log_error(what, "cannot start its thread");
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		return;
	}
	w->running = true;
}

/* With w->lock held: waits seconds, or less when told to stop. */
static void bg_sleep(struct bg_thread *w, long seconds)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
		;
}

/* Tells a running thread to stop, wakes it and waits for it. */
static void bg_stop(struct bg_thread *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	w->running = false;
}

/* The checkpointer: a thread that signs the audit chain's head every `minutes` (when it moved)
 * or as soon as `records` records were added since the last checkpoint, and once more on stop.
 * It polls the head every few seconds on its own connection (one single-row read). */
#define CHECKPOINT_POLL_S 5

struct checkpointer {
	struct bg_thread w;
	const char *data_dir, *log_path;
	struct audit_key *key;
	long minutes, records;
};

static void checkpoint_now(struct checkpointer *c, struct store *s, int64_t *signed_seq, time_t *signed_at)
{
	struct audit_checkpoint cp;
	struct zerr e = {0};
	if (audit_checkpoint_write(s, c->key, c->log_path, &cp, &e)) {
		log_error("audit checkpoint", e.msg);
		return;
	}
	*signed_seq = cp.seq;
	*signed_at = clock_now();
}

/* The seq of the last checkpoint of key k in the log, -1 when none: a restart does not sign
 * the same head again. */
static int64_t last_signed(const char *log_path, const struct audit_key *k)
{
	char line[AUDIT_CHECKPOINT_LINE_MAX + 2];
	int64_t seq = -1;
	FILE *f = fopen(log_path, "r");
	while (f && fgets(line, sizeof line, f)) {
		struct audit_checkpoint c;
		struct zerr e = {0};
		if (!audit_checkpoint_parse(line, &c, &e) && !audit_checkpoint_check(&c, k, &e))
			seq = c.seq;
	}
	if (f)
		fclose(f);
	return seq;
}

static void *checkpointer_run(void *arg)
{
	struct checkpointer *c = arg;
	struct store *s = NULL;
	struct zerr e = {0};
	int64_t signed_seq = last_signed(c->log_path, c->key), seq;
	time_t signed_at = clock_now();
	char hash[65];
	if (store_open(c->data_dir, &s, &e)) {
		log_error("audit checkpoint", e.msg);
		return NULL;
	}
	pthread_mutex_lock(&c->w.lock);
	for (;;) {
		bool stopping = c->w.stop;
		pthread_mutex_unlock(&c->w.lock);
		if (store_audit_last(s, &seq, hash, &e)) {
			log_error("audit checkpoint", e.msg);
		} else if (seq > 0 && seq != signed_seq &&
			   (stopping || seq - signed_seq >= c->records ||
			    clock_now() - signed_at >= c->minutes * 60)) {
			checkpoint_now(c, s, &signed_seq, &signed_at);
		}
		pthread_mutex_lock(&c->w.lock);
		if (stopping)
			break;
		bg_sleep(&c->w, CHECKPOINT_POLL_S);
	}
	pthread_mutex_unlock(&c->w.lock);
	store_close(s);
	return NULL;
}

/* Starts the checkpointer unless minutes is 0; without a signing key, says so and runs without. */
static void checkpointer_start(struct checkpointer *c, struct cmd_ctx *ctx, struct cmd_audit_paths *p)
{
	struct zerr e = {0};
	if (c->minutes == 0)
		return;
	if (audit_key_load_private(p->key, &c->key, &e)) {
		fprintf(stderr, "zeren serve: 审计日志不签名检查点 / no audit checkpoints: %s\n", e.msg);
		return;
	}
	c->data_dir = ctx->data_dir;
	c->log_path = p->log;
	bg_start(&c->w, "audit checkpoint", checkpointer_run, c);
	if (!c->w.running) {
		audit_key_free(c->key);
		c->key = NULL;
	}
}

static void checkpointer_stop(struct checkpointer *c)
{
	bg_stop(&c->w);
	audit_key_free(c->key);
	c->key = NULL;
}

/* The scheduler: a thread that plans reminders and delivers what is due every `interval`
 * seconds, on its own store connection, so no request thread ever waits on a mail server or a
 * webhook. Deliveries are claimed in the database, so several servers (and cron's `zeren jobs
 * run`) share the work and send each message once. */
#define SCHEDULER_BATCH 200 /* deliveries per tick; the rest wait for the next */

struct scheduler {
	struct bg_thread w;
	long interval;
	const struct policy_set *ps;
	struct notify_config cfg;
	char worker[256];
	/* What this thread last planned without error: the facts are loaded again only when the
	 * store changed or the day did (the claims in the store still decide who plans). */
	int64_t planned_gen;
	zdate planned_day;
};

static void scheduler_tick(struct scheduler *sc, struct store *s)
{
	struct cal *cal = NULL;
	struct notify_stats st = {0};
	struct zerr e = {0};
	int64_t now = clock_now(), gen = -1;
	zdate day = date_today();
	if (store_generation(s, &gen, &e)) {
		log_error("scheduler", e.msg);
		return;
	}
	if (gen != sc->planned_gen || day != sc->planned_day) {
		/* The calendar is read again: an administrator may have added a year. */
		if (calendar_open(s, &cal, &e) || notify_plan(s, cal, sc->ps, NULL, ZDATE_NONE, now, &st, &e)) {
			log_error("scheduler", e.msg);
		} else {
			sc->planned_gen = gen;
			sc->planned_day = day;
		}
		cal_free(cal);
	}
	if (notify_deliver(s, &sc->cfg, now, SCHEDULER_BATCH, &st, &e))
		log_error("scheduler", e.msg);
}

static void *scheduler_run(void *arg)
{
	struct scheduler *sc = arg;
	struct store *s = NULL;
	struct zerr e = {0};
	if (store_open(sc->cfg.data_dir, &s, &e)) {
		log_error("scheduler", e.msg);
		return NULL;
	}
	pthread_mutex_lock(&sc->w.lock);
	while (!sc->w.stop) {
		pthread_mutex_unlock(&sc->w.lock);
		scheduler_tick(sc, s);
		pthread_mutex_lock(&sc->w.lock);
		bg_sleep(&sc->w, sc->interval);
	}
	pthread_mutex_unlock(&sc->w.lock);
	store_close(s);
	return NULL;
}

static void scheduler_start(struct scheduler *sc, struct cmd_ctx *ctx, const struct policy_set *ps, const char *ca)
{
	if (sc->interval == 0)
		return;
	char host[128] = "?";
	gethostname(host, sizeof host - 1);
	snprintf(sc->worker, sizeof sc->worker, "%s:%ld", host, (long)getpid());
	sc->ps = ps;
	sc->cfg = (struct notify_config){ctx->data_dir, ca, sc->worker, NOTIFY_BACKOFF_S, NOTIFY_MAX_ATTEMPTS};
	bg_start(&sc->w, "scheduler", scheduler_run, sc);
}

/* The database's integrity check (store_integrity), run beside serving so that a large store
 * is served at once: it reads the whole file, 14–64 s on a province. When it fails, the server
 * is told to stop (SIGTERM to the thread that waits for it) and exits as a broken database at
 * start did: nothing more is written to it. */
struct integrity_check {
	const char *data_dir;
	pthread_t thread, waiter;
	pthread_mutex_t lock; /* guards store and stop */
	struct store *store;  /* the check's own connection while it runs */
	bool stop, running;
	atomic_bool failed;
	struct zerr e;
};

static void *integrity_run(void *arg)
{
	struct integrity_check *ic = arg;
	struct store *s = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = store_open(ic->data_dir, &s, &ic->e);
	pthread_mutex_lock(&ic->lock);
	bool stopping = ic->stop;
	ic->store = s;
	pthread_mutex_unlock(&ic->lock);
	if (!rc && !stopping)
		rc = store_integrity(s, &ic->e);
	pthread_mutex_lock(&ic->lock);
	ic->store = NULL;
	stopping = ic->stop;
	pthread_mutex_unlock(&ic->lock);
	store_close(s);
	if (stopping)
		return NULL; /* cut short by the server's stop */
	if (rc) {
		atomic_store(&ic->failed, true);
		pthread_kill(ic->waiter, SIGTERM);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("zeren serve: database integrity checked in %.1f s\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	fflush(stdout);
	return NULL;
}

static void integrity_start(struct integrity_check *ic, const char *data_dir)
{
	ic->data_dir = data_dir;
	ic->waiter = pthread_self();
	pthread_mutex_init(&ic->lock, NULL);
	if (pthread_create(&ic->thread, NULL, integrity_run, ic)) {
		log_error("integrity check", "cannot start its thread");
		pthread_mutex_destroy(&ic->lock);
		return;
	}
	ic->running = true;
}

static void integrity_stop(struct integrity_check *ic)
{
	if (!ic->running)
		return;
	pthread_mutex_lock(&ic->lock);
	ic->stop = true;
	if (ic->store)
		store_interrupt(ic->store);
	pthread_mutex_unlock(&ic->lock);
	pthread_join(ic->thread, NULL);
	pthread_mutex_destroy(&ic->lock);
	ic->running = false;
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
#define SERVE_WRITERS 4           /* threads for state-changing requests (docs/server.md) */

const char cmd_serve_usage[] =
	"usage: zeren [--data DIR] serve [--listen ADDR:PORT] [--threads N] [--writers N] [--web DIR]\n"
	"            [--behind-proxy] [--checkpoint-minutes N] [--checkpoint-records M] [--audit-key FILE]\n"
	"            [--ip-budget N] [--ip-connections N] [--timeout S] [--refusal-interval S]\n"
	"            [--login-budget N] [--jobs-interval S] [--ca-file FILE] [--no-rollup-count]\n"
	"       zeren serve --list-routes\n\n"
	"Serves the HTTP JSON API under /api/v1 (described at /api/openapi.json) and the web UI\n"
	"(built into web/dist, or DIR, or $ZEREN_WEB) until SIGTERM or SIGINT, then finishes the\n"
	"requests in flight and stops. --listen defaults to 127.0.0.1:8080 (port 0: any free port,\n"
	"printed on start); --threads to the number of processors. State-changing requests wait\n"
	"in one queue, first come first served, for the writers (one at work at a time; another\n"
	"joins while it is held up by a slow request; --writers threads, default 4; 0: each on its\n"
	"connection's thread), while the --threads go on serving reads. --behind-proxy: behind a\n"
	"TLS-terminating reverse proxy that only it can reach — cookies are marked Secure and the\n"
	"audit log takes the client's address from X-Forwarded-For. --list-routes prints every\n"
	"endpoint with the permission it needs and the roles that have it.\n"
	"The audit chain's head is signed into DIR/checkpoints.log and syslog every N minutes\n"
	"(default 10; 0: never) or M records (default 1000), and on stop (see 'zeren help audit').\n"
	"Limits: --ip-budget requests a second per source address (default 300; more get 429),\n"
	"--ip-connections open connections per source (default 64; 0 behind a proxy), --timeout\n"
	"seconds an idle connection is kept (default 30), --refusal-interval seconds over which refused\n"
	"requests without a session make one audit record per source and reason (default 60),\n"
	"--login-budget sign-in attempts a minute per source (default 30; more get 429).\n"
	"Reminders (see 'zeren help jobs'): a scheduler thread plans and delivers them every S seconds\n"
	"(--jobs-interval, default 60; 0: none, leave it to cron's `zeren jobs run`); --ca-file (or\n"
	"$ZEREN_CA_FILE) trusts a private CA's certificates for mail servers and webhooks.\n"
	"A database of a newer schema is refused at start (exit 2). Its integrity (SQLite's quick_check\n"
	"of the whole file, a second or so per GiB) is checked beside serving: requests are answered\n"
	"meanwhile, and when the check fails the server stops at once, naming it (exit 3).\n"
	"Supervisors' roll-up: when some unit sits below another, a thread counts every unit's\n"
	"findings as of today right after the start (one load of all facts: about 500 MiB for 10,000\n"
	"units while it runs, then the tallies alone), so the first ranking comes from memory; a\n"
	"ranking asked meanwhile waits for it. The 12-month trend's other month ends are counted\n"
	"next. --no-rollup-count: no count ahead, the first ranking counts (see docs/server.md).\n";

int cmd_serve(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *web = getenv("ZEREN_WEB"), *cp_key = NULL, *ca = getenv("ZEREN_CA_FILE");
	struct scheduler sched = {.interval = 60, .planned_gen = -1, .planned_day = ZDATE_NONE};
	long nthreads = sysconf(_SC_NPROCESSORS_ONLN), nwriters = SERVE_WRITERS;
	bool routes = false, behind_proxy = false, no_rollup_count = false;
	struct checkpointer cp = {.minutes = 10, .records = 1000};
	struct integrity_check check = {0};
	/* The limits of docs/server.md, with their defaults (0: no limit); --ip-connections is 0
	 * behind a proxy, where every connection comes from it. */
	long budget = SERVE_IP_BUDGET, conns = -1, interval = SERVE_REFUSAL_INTERVAL, timeout = SERVE_TIMEOUT,
	     logins = SERVE_LOGIN_BUDGET;
	const struct cmd_option opts[] = {OPT_STR("--listen", &listen),
					  OPT_NUM("--threads", &nthreads, 1, 256),
					  OPT_NUM("--writers", &nwriters, 0, 256),
					  OPT_STR("--web", &web),
					  OPT_NUM("--checkpoint-minutes", &cp.minutes, 0, 7 * 24 * 60),
					  OPT_NUM("--checkpoint-records", &cp.records, 1, 100000000),
					  OPT_STR("--audit-key", &cp_key),
					  OPT_BOOL("--behind-proxy", &behind_proxy),
					  OPT_BOOL("--list-routes", &routes),
					  OPT_NUM("--ip-budget", &budget, 0, 1000000),
					  OPT_NUM("--ip-connections", &conns, 0, 100000),
					  OPT_NUM("--refusal-interval", &interval, 1, 86400),
					  OPT_NUM("--timeout", &timeout, 1, 3600),
					  OPT_NUM("--login-budget", &logins, 0, 100000),
					  OPT_NUM("--jobs-interval", &sched.interval, 0, 86400),
					  OPT_STR("--ca-file", &ca),
					  OPT_BOOL("--no-rollup-count", &no_rollup_count),
					  OPT_DONE};
	struct cmd_audit_paths paths;
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
	if ((rc = cmd_parse("serve", argc, argv, 1, opts, 0, NULL)))
		return rc;
	if (routes)
		return list_routes();
	cfg.behind_proxy = behind_proxy;
	if (nthreads < 1 || nthreads > 256)
		nthreads = 4; /* sysconf could not tell */
	if (parse_listen(listen, addr, sizeof addr, &cfg.port))
		return cmd_usage("serve", "--listen must be ADDR:PORT, e.g. 127.0.0.1:8080, not '%s'", listen);
	cmd_audit_paths(ctx, &paths);
	if (cp_key)
		snprintf(paths.key, sizeof paths.key, "%s", cp_key);
	cfg.ip_budget = (unsigned)budget;
	cfg.per_ip_connections = (unsigned)(conns >= 0 ? conns : cfg.behind_proxy ? 0 : SERVE_IP_CONNECTIONS);
	cfg.refusal_interval = (unsigned)interval;
	cfg.connection_timeout = (unsigned)timeout;
	cfg.login_budget = (unsigned)logins;
	/* The store must exist and be migrated before the workers open their own connections, and
	 * the calendar seeded, so that no two workers race to do it. */
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	/* A database of a newer version is refused before anything is served; its integrity is
	 * checked beside serving (integrity_start). */
	if (store_check(s, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	const struct password_cost *cost;
	if (!password_cost(&cost, NULL) && cost->tests_only)
		fprintf(stderr, "zeren serve: ZEREN_PASSWORD_COST=minimum: 口令按最低代价散列，仅供测试 / passwords "
				"are hashed at the least cost, for test suites only\n");
	if (calendar_open(s, &cal, &e) || policies_load(&ps, &e) || view_cache_new(&app.views)) {
		rc = cmd_fail(e.code ? &e : &(struct zerr){.code = ZE_NOMEM, .msg = "out of memory"});
		goto out;
	}
	cmd_store_close(ctx); /* the workers open their own */
	s = NULL;
	app.data_dir = ctx->data_dir;
	app.policies = ps;
	app.audit_pubkey = paths.pub;
	app.audit_checkpoints = paths.log;
	app.notify_ca_file = ca;
	cfg.addr = addr;
	cfg.threads = (unsigned)nthreads;
	cfg.writers = (unsigned)nwriters;
	cfg.web_root = web ? web : "web/dist";
	cfg.tables = api_routes;
	cfg.app = &api_http_app;
	cfg.app_ctx = &app;
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
	checkpointer_start(&cp, ctx, &paths);
	scheduler_start(&sched, ctx, ps, ca);
	if (!no_rollup_count && rollup_count_start(&app, &e))
		log_error("roll-up count", e.msg); /* served all the same: the first ranking counts */
	printf("zeren serve: listening on http://%s%s%s:%u/ (data %s, %ld threads)\n", strchr(addr, ':') ? "[" : "",
	       addr, strchr(addr, ':') ? "]" : "", http_server_port(srv), ctx->data_dir, nthreads);
	fflush(stdout);
	integrity_start(&check, ctx->data_dir); /* after the line above, which scripts wait for first */
	sigwait(&stop, &sig);
	if (atomic_load(&check.failed)) {
		http_server_stop(srv, 0); /* nothing more is written to a damaged database */
		srv = NULL;
		rc = cmd_fail(&check.e);
		goto out;
	}
	printf("zeren serve: %s received, finishing requests in flight\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_server_stop(srv, SHUTDOWN_WAIT_MS);
	srv = NULL;
	integrity_stop(&check);
	rollup_count_stop();
	bg_stop(&sched.w);
	checkpointer_stop(&cp);
	puts("zeren serve: stopped");
	rc = EXIT_OK;
out:
	http_server_stop(srv, 0);
	integrity_stop(&check);
	rollup_count_stop();
	bg_stop(&sched.w);
	checkpointer_stop(&cp);
	view_cache_free(app.views);
	policies_free(ps);
	cal_free(cal);
	return rc;
}
