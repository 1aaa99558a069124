/* What the files of the HTTP adapter share (server.c, routing.c, static.c, auth.c); private to
 * them. */
#ifndef ZEREN_HTTP_INTERNAL_H
#define ZEREN_HTTP_INTERNAL_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "http/limits.h"
#include "http/server.h"

#define SESSION_COOKIE "zeren_session"
#define CSRF_HEADER "X-CSRF-Token"
#define MAX_PATH_BYTES 2048
#define WRITER_STALL_MS 10 /* a writer busy this long lets another take the next write */

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_server_config cfg;
	char *web_root; /* realpath of cfg.web_root, or NULL */
	atomic_int inflight;
	pthread_mutex_t workers_mu;
	struct worker **workers; /* every thread's worker, released at stop */
	size_t nworkers, workers_cap;
	pthread_key_t worker_key;
	struct budget *budget, *login_budget;
	struct refusals *refusals;
	/* The writers (cfg.writers threads): state-changing requests wait in one queue, first in
	 * first out, while their connections are suspended, so that a connection thread never
	 * waits for the writes' turn with its other connections behind it. One writer answers
	 * at a time; another joins only while every busy one has been at its request for
	 * WRITER_STALL_MS (a slow sign-in, a webhook that does not answer). */
	struct writer *writers;
	unsigned nwriters;
	pthread_mutex_t queue_mu; /* guards both queues and the stop flags */
	pthread_cond_t queue_cv;
	struct request *queue_head, *queue_tail;
	bool writers_stop; /* the writers finish the queue and end; requests after it are handled inline */
	/* The syncer: answered writes whose commits wait for the disk (app->pending), so that a
	 * writer goes on to the next write meanwhile; one wait serves all of them. */
	pthread_t syncer;
	bool has_syncer, syncer_stop;
	pthread_cond_t sync_cv;
	struct request *sync_head, *sync_tail;
};

struct writer {
	struct http_server *srv;
	pthread_t thread;
	int64_t busy_since; /* monotonic ns when it took its request; 0: waiting */
};

/* One request's state across libmicrohttpd's callbacks. */
struct request {
	struct http_server *srv;
	bool started;         /* the first access callback has run */
	bool too_many_params; /* the URI had more than HTTP_MAX_QUERY_PARAMS (its query was dropped) */
	bool uri_too_long;
	struct http_req rq;
	const struct route *route;
	bool method_mismatch; /* the path is known but not with this method */
	bool too_large;
	size_t max_body;
	struct strbuf body;
	struct principal who;
	char source[INET6_ADDRSTRLEN];
	char param_names[HTTP_MAX_PARAMS][32];
	/* Handed to a writer: its place in the queue, and the reply it leaves for the connection's
	 * thread to send when the connection is resumed. */
	struct request *queued_next; /* in the writers' queue, then in the syncer's */
	struct http_resp reply;
	bool replied;
	uint64_t ticket; /* what the request committed without waiting for the disk (app->pending) */
};

/* routing.c */
const struct route *find_route(const struct http_server *srv, int method, const char *path, struct request *r);
int method_of(const char *m);
int name_params(struct request *r);
/* static.c: the file under the web root that path names (or index.html), into rs. */
/* A file of the web root (or index.html); a precompressed sibling (.br, .gz) when the request's
 * Accept-Encoding takes it. */
int static_file(const struct http_server *srv, const struct http_req *rq, const char *path, struct http_resp *rs);
/* auth.c */
int admit(struct request *r, struct worker *w, struct http_resp *rs);
void refuse(const struct http_server *srv, struct worker *w, const char *source, const struct http_resp *rs);
void sweep_refusals(const struct http_server *srv, struct worker *w, bool flush);
void record_refusal(const struct http_server *srv, struct worker *w, const struct refusal *f);
/* server.c */
int error_reply(struct http_resp *rs, int status, const char *code, const char *field, const char *msg);
struct worker *worker_get(struct http_server *srv, struct zerr *e);

#endif
