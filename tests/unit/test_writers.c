/* The server's writers (src/http/server.c) with an application of the test's own: a writer goes
 * on to the next write while the last one waits for its sync; a write held up by a request that
 * does not write (a slow sign-in, a webhook) lets another writer take the queue; a sync that
 * fails turns the write's reply into a 500. */
#include "testutil.h"

#include <curl/curl.h>
#include <pthread.h>
#include <time.h>

#include "http/server.h"

struct worker {
	int unused;
};

/* What the handlers and the application saw, and the gates the test opens. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	int handled;          /* PUTs handled */
	char order[64];       /* the names of the PUTs in the order handled */
	bool syncs_open;      /* durable() returns */
	bool slow_open;       /* a "slow" PUT's handler returns */
	uint64_t tickets;     /* the last ticket given */
	uint64_t failing;     /* durable() fails for this ticket */
} app = {.mu = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};

static _Thread_local uint64_t last_ticket;

static int put(struct http_req *rq, struct http_resp *rs)
{
	const char *name = rq->param[0];
	pthread_mutex_lock(&app.mu);
	size_t n = strlen(app.order);
	if (n + 1 < sizeof app.order)
		app.order[n] = name[0], app.order[n + 1] = '\0';
	app.handled++;
	last_ticket = ++app.tickets; /* as a deferred commit takes one */
	pthread_cond_broadcast(&app.changed);
	while (!strcmp(name, "slow") && !app.slow_open)
		pthread_cond_wait(&app.changed, &app.mu);
	pthread_mutex_unlock(&app.mu);
	return http_text(rs, 200, "text/plain", "ok", 2);
}

static int get(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	return http_text(rs, 200, "text/plain", "read", 4);
}

static const struct route routes[] = {
	{HTTP_PUT, "/w/{name}", put, PERM_PUBLIC, 0, true},
	{HTTP_GET, "/r", get, PERM_PUBLIC, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
static const struct route *const tables[] = {routes, NULL};

static struct worker *worker_open(const void *ctx, struct zerr *e)
{
	(void)ctx;
	struct worker *w = calloc(1, sizeof *w);
	if (!w)
		zerr_set(e, ZE_NOMEM, "out of memory");
	return w;
}

static void worker_close(struct worker *w)
{
	free(w);
}

static int session(struct worker *w, const char *token, struct principal *who, struct zerr *e)
{
	(void)w, (void)token, (void)who, (void)e;
	return ZE_NOTFOUND;
}

static int record(struct worker *w, const struct http_record *rec, struct zerr *e)
{
	(void)w, (void)rec, (void)e;
	return 0;
}

static uint64_t pending(struct worker *w)
{
	(void)w;
	uint64_t t = last_ticket;
	last_ticket = 0;
	return t;
}

static int durable(struct worker *w, uint64_t t, struct zerr *e)
{
	(void)w;
	pthread_mutex_lock(&app.mu);
	while (!app.syncs_open)
		pthread_cond_wait(&app.changed, &app.mu);
	bool fail = t == app.failing;
	pthread_mutex_unlock(&app.mu);
	return fail ? zerr_set(e, ZE_IO, "database: syncing the WAL failed") : 0;
}

static const struct http_app test_app = {worker_open, worker_close, session, record, pending, durable};

static struct http_server *start(unsigned writers)
{
	pthread_mutex_lock(&app.mu);
	app.handled = 0, app.order[0] = '\0', app.tickets = 0, app.failing = 0;
	app.syncs_open = false, app.slow_open = false;
	pthread_mutex_unlock(&app.mu);
	struct http_server_config c = {.addr = "127.0.0.1", .threads = 1, .writers = writers, .tables = tables,
				       .app = &test_app, .refusal_interval = 60};
	struct http_server *srv = NULL;
	struct zerr e = {0};
	assert_int_equal(http_server_start(&c, &srv, &e), 0);
	return srv;
}

static void open_gate(bool *gate)
{
	pthread_mutex_lock(&app.mu);
	*gate = true;
	pthread_cond_broadcast(&app.changed);
	pthread_mutex_unlock(&app.mu);
}

/* Waits (5 s at most) until n PUTs were handled; false when they were not. */
static bool handled(int n)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&app.mu);
	while (app.handled < n && pthread_cond_timedwait(&app.changed, &app.mu, &until) == 0)
		;
	bool ok = app.handled >= n;
	pthread_mutex_unlock(&app.mu);
	return ok;
}

struct call {
	pthread_t thread;
	uint16_t port;
	char path[64];
	bool put;
	long status; /* 0: no reply */
};

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p, (void)ctx;
	return size * n;
}

static void *call_main(void *arg)
{
	struct call *c = arg;
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", c->port, c->path);
	CURL *h = curl_easy_init();
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	if (c->put) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "x");
	}
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &c->status);
	curl_easy_cleanup(h);
	return NULL;
}

static void call_start(struct call *c, struct http_server *srv, bool put, const char *path)
{
	memset(c, 0, sizeof *c);
	c->port = http_server_port(srv);
	c->put = put;
	snprintf(c->path, sizeof c->path, "%s", path);
	assert_int_equal(pthread_create(&c->thread, NULL, call_main, c), 0);
}

static long call_end(struct call *c)
{
	pthread_join(c->thread, NULL);
	return c->status;
}

static void test_writer_goes_on_while_a_write_waits_for_its_sync(void **state)
{
	(void)state;
	struct http_server *srv = start(1);
	struct call a, b, r;
	call_start(&a, srv, true, "/w/a");
	assert_true(handled(1));
	/* a waits for its sync (closed); the one writer answers b meanwhile, and a read is
	 * answered too */
	call_start(&b, srv, true, "/w/b");
	assert_true(handled(2));
	call_start(&r, srv, false, "/r");
	assert_int_equal(call_end(&r), 200);
	open_gate(&app.syncs_open);
	assert_int_equal(call_end(&a), 200);
	assert_int_equal(call_end(&b), 200);
	assert_string_equal(app.order, "ab");
	http_server_stop(srv, 1000);
}

static void test_a_stalled_writer_lets_another_take_the_queue(void **state)
{
	(void)state;
	struct http_server *srv = start(2);
	open_gate(&app.syncs_open);
	struct call slow, fast;
	call_start(&slow, srv, true, "/w/slow");
	assert_true(handled(1));
	/* the slow request holds the first writer; after WRITER_STALL_MS the second takes fast */
	call_start(&fast, srv, true, "/w/fast");
	assert_int_equal(call_end(&fast), 200); /* while slow is still held */
	open_gate(&app.slow_open);
	assert_int_equal(call_end(&slow), 200);
	assert_string_equal(app.order, "sf");
	http_server_stop(srv, 1000);
}

static void test_a_failed_sync_turns_the_reply_into_a_500(void **state)
{
	(void)state;
	struct http_server *srv = start(1);
	pthread_mutex_lock(&app.mu);
	app.failing = 2;
	app.syncs_open = true;
	pthread_mutex_unlock(&app.mu);
	struct call a, b;
	call_start(&a, srv, true, "/w/a");
	assert_int_equal(call_end(&a), 200);
	call_start(&b, srv, true, "/w/b");
	assert_int_equal(call_end(&b), 500);
	http_server_stop(srv, 1000);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_goes_on_while_a_write_waits_for_its_sync),
		cmocka_unit_test(test_a_stalled_writer_lets_another_take_the_queue),
		cmocka_unit_test(test_a_failed_sync_turns_the_reply_into_a_500),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
