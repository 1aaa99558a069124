/* Starting and stopping the HTTP server (libmicrohttpd: epoll, a thread pool, one database
 * connection per thread). */
#ifndef ZEREN_HTTP_SERVER_H
#define ZEREN_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

struct http_server_config {
	const char *addr;      /* IPv4 or IPv6 literal to listen on */
	uint16_t port;         /* 0: any free port (see http_server_port) */
	unsigned threads;      /* worker threads */
	const char *data_dir;  /* each worker opens its own connection to this store */
	const char *web_root;  /* static files for non-API paths (the built UI); NULL: none */
	const struct route *const *tables; /* route arrays, NULL-terminated */
	/* Behind a TLS-terminating reverse proxy: cookies are marked Secure and the client's address
	 * (for the audit log) is the last one the proxy added to X-Forwarded-For. Only for a server
	 * that nothing but the proxy can reach, or anyone could claim any address. */
	bool behind_proxy;
	const struct api_server *app;      /* handed to handlers through struct worker */
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
 * threads and closes their database connections (the last close checkpoints the WAL). */
void http_server_stop(struct http_server *s, unsigned wait_ms);

#endif
