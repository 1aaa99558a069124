/* Starting and stopping the HTTP server (libmicrohttpd: a thread pool, each thread with the
 * application's state of its own). */
#ifndef ZEREN_HTTP_SERVER_H
#define ZEREN_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

/* What a request did, for the application's log: who (or "-"), from where, the action, its
 * object, whether it succeeded, and a JSON text with the details. */
struct http_record {
	const char *actor, *source, *action, *object;
	bool ok;
	const char *detail;
};

/* The application behind the server. Called from the worker threads, each with its own worker
 * (opened on the thread's first request, closed when the server stops). */
struct http_app {
	struct worker *(*worker_open)(const void *ctx, struct zerr *e);
	void (*worker_close)(struct worker *w);
	/* Who the session token names: 0 and *who filled; ZE_NOTFOUND when it names no live session. */
	int (*session)(struct worker *w, const char *token, struct principal *who, struct zerr *e);
	/* Keeps the record of a state-changing request or of a refusal. */
	int (*record)(struct worker *w, const struct http_record *rec, struct zerr *e);
	/* Group commit: after a request, what it committed without waiting for the disk (a ticket;
	 * 0: nothing, every commit of it is durable), and the wait until a ticket is on disk (any
	 * worker may wait for any ticket). The reply goes out only after that wait, and a failed
	 * one turns it into a 500. On a writer thread another thread waits, while the writer takes
	 * the next write. NULL: every commit is durable on return. */
	uint64_t (*pending)(struct worker *w);
	int (*durable)(struct worker *w, uint64_t ticket, struct zerr *e);
};

struct http_server_config {
	const char *addr;      /* IPv4 or IPv6 literal to listen on */
	uint16_t port;         /* 0: any free port (see http_server_port) */
	unsigned threads;      /* connection threads */
	/* Threads that run state-changing requests (any method but GET of a route), in the order
	 * they arrived, while the connection threads go on serving reads; 0: each runs on its
	 * connection's thread. */
	unsigned writers;
	const char *web_root;  /* static files for non-API paths (the built UI); NULL: none */
	const struct route *const *tables; /* route arrays, NULL-terminated */
	/* Behind a TLS-terminating reverse proxy: cookies are marked Secure and the client's address
	 * (for the audit log) is the last one the proxy added to X-Forwarded-For. Only for a server
	 * that nothing but the proxy can reach, or anyone could claim any address. */
	bool behind_proxy;
	const struct http_app *app;
	const void *app_ctx; /* handed to app->worker_open */
	/* Where the server reports what it cannot answer to a client (an audit record that could
	 * not be written); NULL: nowhere. Called from the worker threads. */
	void (*log)(const char *what, const char *message);
	/* Limits (docs/server.md): requests a second per source address (0: none); open
	 * connections per source address (0: none; leave it 0 behind a proxy, where every
	 * connection comes from the proxy); seconds an idle connection is kept; seconds over which
	 * refusals of unauthenticated requests are aggregated into one audit record per source and
	 * reason. */
	unsigned ip_budget, per_ip_connections, connection_timeout, refusal_interval;
	/* Calls of sign-in routes (route.sign_in) per source address a minute (0: none): each is
	 * a slow password check and a record in the sign-in log. */
	unsigned login_budget;
};

struct http_server;

int http_server_start(const struct http_server_config *c, struct http_server **out, struct zerr *e);
uint16_t http_server_port(const struct http_server *s);
/* Stops accepting connections, lets requests in flight finish (waiting up to wait_ms), stops the
 * threads and closes their workers. */
void http_server_stop(struct http_server *s, unsigned wait_ms);

#endif
