/* The HTTP server: libmicrohttpd with a polling thread pool. Each request is matched against
 * the route table on its first callback (so the body cap is known before any byte is read),
 * its body is gathered up to that cap, then the session, the role, the CSRF token and the
 * content type are checked before the handler runs. Every state-changing request is recorded
 * in the audit log, refused or not. Non-API paths serve the built web UI. */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/internal.h"
#include "util/clock.h"

/* The Content-Security-Policy of every reply: the built UI loads its scripts, styles, fonts and
 * images from the server itself and runs no inline script nor eval (Vite emits none); Element
 * Plus sets inline style attributes, hence 'unsafe-inline' for styles only; the Excel export
 * (fflate's zip, for files over 160 KB) compresses in workers made from blob: URLs. */
#define CSP "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " \
	    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; " \
	    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/* ---- the request, as handlers see it ------------------------------------------------------- */

const char *http_query(const struct http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_text {
	char *buf;
	size_t n, len;
	bool fits;
};

/* Appends s, escaping '%', '&' and '=' when escape is set. */
static void query_put(struct query_text *q, const char *s, bool escape)
{
	for (; s && *s && q->fits; s++) {
		const char *esc = !escape ? NULL : *s == '%' ? "%25" : *s == '&' ? "%26" : *s == '=' ? "%3D" : NULL;
		size_t k = esc ? 3 : 1;
		if (q->len + k >= q->n) {
			q->fits = false;
			return;
		}
		memcpy(q->buf + q->len, esc ? esc : s, k);
		q->len += k;
	}
}

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_text *q = cls;
	(void)kind;
	query_put(q, q->len ? "&" : "", false);
	query_put(q, key, true);
	if (value) /* "?a" and "?a=" differ: NULL and "" */
		query_put(q, "=", false), query_put(q, value, true);
	return q->fits ? MHD_YES : MHD_NO;
}

bool http_query_string(const struct http_req *rq, char *buf, size_t n)
{
	struct query_text q = {buf, n, 0, n > 0};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	if (q.fits)
		buf[q.len] = '\0';
	return q.fits;
}

const char *http_header(const struct http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *http_param(const struct http_req *rq, const char *name)
{
	for (size_t i = 0; i < rq->nparam; i++)
		if (strcmp(rq->param_name[i], name) == 0)
			return rq->param[i];
	return NULL;
}

/* ---- responses ------------------------------------------------------------------------------ */

int http_json(struct http_resp *rs, int status, json_t *j)
{
	if (!j)
		return ZE_NOMEM;
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	if (!text)
		return ZE_NOMEM;
	int rc = http_text(rs, status, "application/json; charset=utf-8", text, strlen(text));
	free(text);
	return rc;
}

int http_text(struct http_resp *rs, int status, const char *content_type, const char *text, size_t len)
{
	rs->status = status;
	rs->content_type = content_type;
	sb_reset(&rs->body);
	return sb_add(&rs->body, text, len) ? 0 : ZE_NOMEM;
}

int http_send_file(struct http_resp *rs, const char *path, const char *content_type, const char *download_name)
{
	free(rs->file);
	rs->file = strdup(path);
	if (!rs->file)
		return ZE_NOMEM;
	rs->status = 200;
	rs->content_type = content_type;
	if (download_name) {
		/* RFC 6266 with RFC 5987 encoding, so Chinese file names survive. */
		struct strbuf v = STRBUF_INIT;
		sb_adds(&v, "attachment; filename*=UTF-8''");
		for (const unsigned char *p = (const unsigned char *)download_name; *p; p++) {
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			    strchr("-._~", *p))
				sb_addc(&v, (char)*p);
			else
				sb_addf(&v, "%%%02X", *p);
		}
		int rc = v.overflow ? ZE_NOMEM : http_add_header(rs, "Content-Disposition", v.buf);
		sb_release(&v);
		return rc;
	}
	return 0;
}

int http_add_header(struct http_resp *rs, const char *name, const char *value)
{
	if (rs->nheaders >= HTTP_MAX_HEADERS)
		return ZE_LIMIT;
	char *v = strdup(value);
	if (!v)
		return ZE_NOMEM;
	rs->header_name[rs->nheaders] = name;
	rs->header_value[rs->nheaders++] = v;
	return 0;
}

/* {"error": {code, message, field, reason?}}: reason, when known, says what was wrong with the
 * field ("missing", "bad_date" …) so that a client can say it in its own words. */
static int error_reply_why(struct http_resp *rs, int status, const char *code, const char *field, const char *reason,
			   const char *msg)
{
	rs->error_code = code;
	json_t *err = json_pack("{s:s, s:s, s:o}", "code", code, "message", msg, "field",
				field ? json_string(field) : json_null());
	if (err && reason)
		json_object_set_new(err, "reason", json_string(reason));
	return http_json(rs, status, err ? json_pack("{s:o}", "error", err) : NULL);
}

int error_reply(struct http_resp *rs, int status, const char *code, const char *field, const char *msg)
{
	return error_reply_why(rs, status, code, field, NULL, msg);
}

int http_error(struct http_resp *rs, int status, const char *code, const char *field, const char *fmt, ...)
{
	char msg[ZERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_reply(rs, status, code, field, msg);
}

int http_status_of(const struct zerr *e, const char **code)
{
	int status = 500;
	const char *c = "internal";
	switch (e->code) {
	case ZE_INVALID: status = 422, c = "invalid"; break;
	case ZE_NOTFOUND: status = 404, c = "not_found"; break;
	case ZE_CONFLICT: status = 409, c = "conflict"; break;
	case ZE_LIMIT: status = 413, c = "too_large"; break;
	case ZE_DENIED: status = 403, c = "forbidden"; break;
	default: break;
	}
	if (code)
		*code = c;
	return status;
}

int http_zerr(struct http_resp *rs, const struct zerr *e)
{
	const char *code;
	int status = http_status_of(e, &code);
	if (status == 500) {
		/* The message may name files or the database: it goes to the log, not the client. */
		free(rs->internal);
		rs->internal = strdup(e->msg);
		return error_reply(rs, 500, code, NULL, "内部错误 / internal error");
	}
	/* The field is the JSON path the message names: "...: $.people[0].name: unknown ..." */
	char field[256] = "";
	const char *p = strstr(e->msg, "$.");
	if (p) {
		size_t n = strcspn(p + 2, ": ");
		if (n > 0 && n < sizeof field) {
			memcpy(field, p + 2, n);
			field[n] = '\0';
		}
	}
	return error_reply_why(rs, status, code, field[0] ? field : NULL, e->reason, e->msg);
}

void http_audit(struct http_resp *rs, const char *action, const char *object, json_t *detail)
{
	free(rs->audit_action);
	free(rs->audit_object);
	json_decref(rs->audit_detail);
	rs->audit_action = action ? strdup(action) : NULL;
	rs->audit_object = object ? strdup(object) : NULL;
	rs->audit_detail = detail;
}

static void resp_release(struct http_resp *rs)
{
	sb_release(&rs->body);
	free(rs->file);
	for (size_t i = 0; i < rs->nheaders; i++)
		free(rs->header_value[i]);
	free(rs->audit_action);
	free(rs->audit_object);
	json_decref(rs->audit_detail);
	free(rs->internal);
}

/* ---- workers -------------------------------------------------------------------------------- */

struct worker *worker_get(struct http_server *srv, struct zerr *e)
{
	struct worker *w = pthread_getspecific(srv->worker_key);
	if (w)
		return w;
	if (!(w = srv->cfg.app->worker_open(srv->cfg.app_ctx, e)))
		return NULL;
	pthread_mutex_lock(&srv->workers_mu);
	if (srv->nworkers == srv->workers_cap) {
		size_t cap = srv->workers_cap ? 2 * srv->workers_cap : 8;
		struct worker **v = realloc(srv->workers, cap * sizeof *v);
		if (!v) {
			pthread_mutex_unlock(&srv->workers_mu);
			srv->cfg.app->worker_close(w);
			zerr_set(e, ZE_NOMEM, "out of memory");
			return NULL;
		}
		srv->workers = v;
		srv->workers_cap = cap;
	}
	srv->workers[srv->nworkers++] = w;
	pthread_mutex_unlock(&srv->workers_mu);
	pthread_setspecific(srv->worker_key, w);
	return w;
}

/* ---- the request pipeline ------------------------------------------------------------------ */

/* The last address of X-Forwarded-For (the one our proxy added), when it is one. */
static bool forwarded_address(struct MHD_Connection *conn, char *buf, size_t len)
{
	const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	unsigned char addr[sizeof(struct in6_addr)];
	if (!xff)
		return false;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	size_t n = strcspn(last, " ");
	if (n == 0 || n >= len)
		return false;
	memcpy(buf, last, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, addr) == 1 || inet_pton(AF_INET6, buf, addr) == 1;
}

static void client_address(struct MHD_Connection *conn, bool behind_proxy, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (behind_proxy && forwarded_address(conn, buf, len))
		return;
	snprintf(buf, len, "-");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, buf,
			  (socklen_t)len);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, buf,
			  (socklen_t)len);
}

static bool is_json(const char *ct)
{
	if (!ct)
		return false;
	size_t n = strcspn(ct, ";");
	while (n && ct[n - 1] == ' ')
		n--;
	return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

static int parse_body(struct request *r, struct http_resp *rs)
{
	r->rq.body = r->body.buf;
	r->rq.body_len = r->body.len;
	if (r->route->raw_body || r->body.len == 0)
		return 0;
	if (!is_json(http_header(&r->rq, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return http_error(rs, 415, "unsupported_media_type", NULL,
				  "request bodies are JSON: send Content-Type: application/json"), 1;
	json_error_t jerr;
	r->rq.json = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->rq.json)
		return http_error(rs, 400, "bad_json", NULL, "malformed JSON at line %d, column %d: %s", jerr.line,
				  jerr.column, jerr.text), 1;
	return 0;
}

/* Records a state-changing request in the audit log: who, from where, what, on which object,
 * whether it succeeded, and the change. Logins are recorded by the session code itself; writes
 * through the importer record themselves inside their own transaction (rs->audited). */
static void audit_request(const struct http_server *srv, struct request *r, struct worker *w,
			  const struct http_resp *rs)
{
	char action[160];
	const char *object = rs->audit_object ? rs->audit_object : r->rq.path;
	if (r->rq.method == HTTP_GET || r->route->perm == PERM_PUBLIC || rs->audited)
		return;
	/* Refusals of requests without a session are aggregated: one record per source and
	 * reason per interval, so that nobody can fill the log (or the disk) from outside. */
	if (!r->who.username[0] && rs->status >= 400) {
		refuse(srv, w, r->source, rs);
		return;
	}
	if (rs->audit_action)
		snprintf(action, sizeof action, "%s", rs->audit_action);
	else
		snprintf(action, sizeof action, "%s %s", http_method_names[r->rq.method], r->route->pattern);
	json_t *detail = rs->audit_detail ? json_incref(rs->audit_detail) : json_object();
	if (detail && rs->status >= 400)
		json_object_set_new(detail, "status", json_integer(rs->status));
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	struct http_record rec = {r->who.username[0] ? r->who.username : "-", r->source, action, object,
				  rs->status < 400, text};
	struct zerr e = {0};
	if (srv->cfg.app->record(w, &rec, &e) && srv->cfg.log)
		srv->cfg.log("audit log", e.msg);
	free(text);
	json_decref(detail);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct http_resp *rs, bool api)
{
	struct MHD_Response *resp;
	if (rs->file) {
		int fd = open(rs->file, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0) {
			if (fd >= 0)
				close(fd);
			free(rs->file);
			rs->file = NULL;
			error_reply(rs, 404, "not_found", NULL, "the file is missing from the data directory");
			return send_reply(conn, rs, api);
		}
		resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	} else {
		size_t len;
		if (rs->body.overflow) {
			/* The handler's reply outgrew its buffer: never send it cut short. */
			sb_reset(&rs->body);
			error_reply(rs, 500, "internal", NULL, "the reply is larger than this server sends");
		}
		char *body = sb_detach(&rs->body, &len);
		resp = body ? MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE) : NULL;
		if (!resp)
			free(body);
	}
	if (!resp)
		return MHD_NO;
	if (rs->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	if (api)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(resp, rs->header_name[i], rs->header_value[i]);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void handle(struct http_server *srv, struct request *r, struct http_resp *rs)
{
	struct zerr e = {0};
	bool api = strncmp(r->rq.path, "/api/", 5) == 0;
	struct worker *w = NULL;
	if (r->too_large) {
		http_error(rs, 413, "too_large", NULL, "the request body is larger than %zu bytes", r->max_body);
		return;
	}
	if (!r->route) {
		if (r->method_mismatch)
			http_error(rs, 405, "method_not_allowed", NULL, "%s is not allowed on %s",
				   http_method_names[r->rq.method], r->rq.path);
		else if (api || r->rq.method != HTTP_GET)
			http_error(rs, 404, "not_found", NULL, "no such endpoint: %s", r->rq.path);
		else
			static_file(srv, &r->rq, r->rq.path, rs);
		return;
	}
	if (!(w = worker_get(srv, &e))) {
		http_zerr(rs, &e);
		return;
	}
	r->rq.w = w;
	if (!admit(r, w, rs) && !parse_body(r, rs)) {
		int rc = r->route->handler(&r->rq, rs);
		if (rc && rs->status < 400) {
			struct zerr ie = {0};
			zerr_set(&ie, rc, "the request failed (%d)", rc);
			http_zerr(rs, &ie);
		}
		if (!rs->status)
			http_error(rs, 500, "internal", NULL, "the handler gave no reply");
	}
	audit_request(srv, r, w, rs);
	sweep_refusals(srv, w, false);
	/* After the audit record, which may have committed without its sync too. */
	r->ticket = srv->cfg.app->pending ? srv->cfg.app->pending(w) : 0;
	if (rs->internal && srv->cfg.log) /* what a 500 does not tell the client */
		srv->cfg.log(r->rq.path, rs->internal);
}

/* Waits until what the request committed is on disk; when that fails, a reply that said it
 * succeeded says 500 instead (the write may be lost: the log says why). */
static void settle(struct http_server *srv, struct request *r, struct http_resp *rs)
{
	struct zerr e = {0};
	uint64_t t = r->ticket;
	r->ticket = 0;
	if (!t || !srv->cfg.app->durable)
		return;
	struct worker *w = worker_get(srv, &e);
	if (w && !srv->cfg.app->durable(w, t, &e))
		return;
	if (rs->status >= 400)
		return; /* the request failed already: its reply stays */
	resp_release(rs);
	*rs = (struct http_resp){.body = STRBUF_INIT};
	sb_init(&rs->body, STRBUF_DEFAULT_MAX);
	http_zerr(rs, &e);
	if (rs->internal && srv->cfg.log)
		srv->cfg.log(r->rq.path, rs->internal);
}

/* ---- the writers ---------------------------------------------------------------------------- */

/* Appends r to a queue of requests (under queue_mu). */
static void enqueue(struct request **head, struct request **tail, struct request *r)
{
	r->queued_next = NULL;
	if (*tail)
		(*tail)->queued_next = r;
	else
		*head = r;
	*tail = r;
}

/* Queues a state-changing request for the writers and suspends its connection; false when
 * there are no writers or they are stopping (the caller handles it on its own thread). */
static bool hand_to_writer(struct http_server *srv, struct request *r)
{
	bool queued = false;
	pthread_mutex_lock(&srv->queue_mu);
	if (srv->nwriters && !srv->writers_stop) {
		/* Suspended before a writer can see it, so that its resume always follows. */
		MHD_suspend_connection(r->rq.conn);
		r->reply = (struct http_resp){.body = STRBUF_INIT};
		sb_init(&r->reply.body, STRBUF_DEFAULT_MAX);
		enqueue(&srv->queue_head, &srv->queue_tail, r);
		pthread_cond_signal(&srv->queue_cv);
		queued = true;
	}
	pthread_mutex_unlock(&srv->queue_mu);
	return queued;
}

/* The reply is ready: the connection's thread sends it once resumed. */
static void resume(struct request *r)
{
	r->replied = true;
	MHD_resume_connection(r->rq.conn);
}

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* May a writer take the next request now (under queue_mu)? When no other writer is busy, or
 * every busy one has been at its request for WRITER_STALL_MS: the writes are serialised by
 * their turn anyway, and two writers at once only contend for it (on two cores a hand-off of
 * the turn costs more than the syncs they would share), so a second writer is for a request
 * that holds the first up without writing. */
static bool writer_may_take(const struct http_server *srv, int64_t now)
{
	for (unsigned i = 0; i < srv->nwriters; i++)
		if (srv->writers[i].busy_since && now - srv->writers[i].busy_since < WRITER_STALL_MS * 1000000LL)
			return false;
	return true;
}

/* A writer: takes the oldest request and answers it; what it committed without its sync goes
 * to the syncer, and the writer takes the next. Ends when told to and the queue is empty. */
static void *writer_main(void *arg)
{
	struct writer *me = arg;
	struct http_server *srv = me->srv;
	for (;;) {
		pthread_mutex_lock(&srv->queue_mu);
		for (;;) {
			int64_t now = monotonic_ns();
			if (!srv->queue_head && srv->writers_stop)
				break;
			if (srv->queue_head && writer_may_take(srv, now))
				break;
			if (!srv->queue_head) {
				pthread_cond_wait(&srv->queue_cv, &srv->queue_mu);
				continue;
			}
			/* Queued behind a busy writer: look again when it would have stalled. */
			int64_t then = now + WRITER_STALL_MS * 1000000LL;
			struct timespec until = {then / 1000000000, then % 1000000000};
			pthread_cond_timedwait(&srv->queue_cv, &srv->queue_mu, &until);
		}
		struct request *r = srv->queue_head;
		if (r && !(srv->queue_head = r->queued_next))
			srv->queue_tail = NULL;
		me->busy_since = r ? monotonic_ns() : 0;
		pthread_mutex_unlock(&srv->queue_mu);
		if (!r)
			return NULL;
		handle(srv, r, &r->reply);
		bool to_syncer = r->ticket && srv->has_syncer;
		pthread_mutex_lock(&srv->queue_mu);
		me->busy_since = 0;
		if (to_syncer) {
			enqueue(&srv->sync_head, &srv->sync_tail, r);
			pthread_cond_signal(&srv->sync_cv);
		}
		pthread_mutex_unlock(&srv->queue_mu);
		if (!to_syncer) {
			settle(srv, r, &r->reply);
			resume(r);
		}
	}
}

/* The syncer: takes every answered write waiting for the disk at once, waits for each (the
 * first wait syncs for all of them and for every commit made before it began) and resumes
 * them. Ends when told to (after the writers) and nothing waits. */
static void *syncer_main(void *arg)
{
	struct http_server *srv = arg;
	for (;;) {
		pthread_mutex_lock(&srv->queue_mu);
		while (!srv->sync_head && !srv->syncer_stop)
			pthread_cond_wait(&srv->sync_cv, &srv->queue_mu);
		struct request *r = srv->sync_head;
		srv->sync_head = srv->sync_tail = NULL;
		pthread_mutex_unlock(&srv->queue_mu);
		if (!r)
			return NULL;
		while (r) {
			struct request *next = r->queued_next;
			settle(srv, r, &r->reply);
			resume(r);
			r = next;
		}
	}
}

/* Every queued request answered and resumed, the writers ended: before the daemon stops,
 * which must find no connection suspended. */
static void stop_writers(struct http_server *srv)
{
	pthread_mutex_lock(&srv->queue_mu);
	srv->writers_stop = true;
	pthread_cond_broadcast(&srv->queue_cv);
	pthread_mutex_unlock(&srv->queue_mu);
	for (unsigned i = 0; i < srv->nwriters; i++)
		pthread_join(srv->writers[i].thread, NULL);
	srv->nwriters = 0;
	if (srv->has_syncer) {
		pthread_mutex_lock(&srv->queue_mu);
		srv->syncer_stop = true;
		pthread_cond_broadcast(&srv->sync_cv);
		pthread_mutex_unlock(&srv->queue_mu);
		pthread_join(srv->syncer, NULL);
		srv->has_syncer = false;
	}
}

/* Is every recorded or routed part of the request valid UTF-8: the decoded path, each query
 * parameter's name and value, each header's value? */
static enum MHD_Result value_utf8(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	bool *ok = cls;
	(void)kind;
	if ((key && !utf8_valid(key, strlen(key))) || (value && !utf8_valid(value, strlen(value)))) {
		*ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

static bool request_utf8_valid(struct MHD_Connection *conn, const char *url)
{
	bool ok = utf8_valid(url, strlen(url));
	if (ok)
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, value_utf8, &ok);
	if (ok)
		MHD_get_connection_values(conn, MHD_HEADER_KIND, value_utf8, &ok);
	return ok;
}

/* libmicrohttpd's first look at a request, the raw URI before it splits the query: a query of
 * more than HTTP_MAX_QUERY_PARAMS parameters is cut off here (libmicrohttpd would otherwise
 * spend the connection's memory on them and never answer) and the request refused with 414 on
 * its first callback. The request state made here is the one the callbacks get. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *r = calloc(1, sizeof *r);
	(void)conn;
	if (!r)
		return NULL;
	r->srv = cls;
	char *q = strchr(uri, '?');
	size_t n = 0;
	if (strlen(uri) > HTTP_MAX_URI)
		r->uri_too_long = true;
	for (const char *p = q; p && *p; p++)
		n += *p == '&';
	if (q && n + 1 > HTTP_MAX_QUERY_PARAMS)
		r->too_many_params = true;
	if (q && (r->too_many_params || r->uri_too_long))
		q[1] = '\0'; /* in libmicrohttpd's read buffer, split after this callback (test_limits.py) */
	return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **ctx)
{
	struct http_server *srv = cls;
	struct request *r = *ctx;
	(void)version;
	if (!r || !r->started) {
		if (!r && !(r = calloc(1, sizeof *r)))
			return MHD_NO;
		*ctx = r;
		r->srv = srv;
		r->started = true;
		atomic_fetch_add(&srv->inflight, 1);
		r->rq.conn = conn;
		r->rq.path = url;
		r->rq.source = r->source;
		client_address(conn, srv->cfg.behind_proxy, r->source, sizeof r->source);
		r->rq.secure = srv->cfg.behind_proxy;
		int m = method_of(method);
		struct http_resp rs = {.body = STRBUF_INIT};
		if (!budget_take(srv->budget, r->source, clock_now())) {
			/* Over the source's budget: refused before anything else is looked at. */
			http_error(&rs, 429, "too_many_requests", NULL,
				   "请求过于频繁，请稍后再试 / too many requests from your address; try again in a second");
			http_add_header(&rs, "Retry-After", "1");
			struct zerr e = {0};
			struct worker *w = worker_get(srv, &e);
			if (w && refusals_note(srv->refusals, r->source, "429 too_many_requests", 429, clock_now())) {
				struct refusal f = {.status = 429, .from = clock_now(), .count = 1};
				f.to = f.from + srv->refusals->interval;
				snprintf(f.source, sizeof f.source, "%s", r->source);
				snprintf(f.reason, sizeof f.reason, "429 too_many_requests");
				record_refusal(srv, w, &f);
			}
		} else if (r->uri_too_long || r->too_many_params) {
			http_error(&rs, 414, "uri_too_long", NULL,
				   r->uri_too_long ? "the URI is longer than %d bytes"
						   : "more than %d query parameters",
				   r->uri_too_long ? HTTP_MAX_URI : HTTP_MAX_QUERY_PARAMS);
		} else if (!request_utf8_valid(conn, url)) {
			/* Nothing that is not UTF-8 gets as far as a handler or the audit log. */
			http_error(&rs, 400, "bad_encoding", NULL,
				   "路径、查询参数或请求头不是有效的 UTF-8 / the path, a query parameter or a header "
				   "is not valid UTF-8");
		} else if (m >= 0) {
			r->rq.method = (enum http_method)m;
			if (strlen(url) < MAX_PATH_BYTES)
				r->route = find_route(srv, m, url, r);
			if (r->route && name_params(r))
				r->route = NULL;
			r->max_body = r->route && r->route->max_body ? r->route->max_body : HTTP_MAX_BODY;
			sb_init(&r->body, r->max_body);
			const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (!cl || strtoull(cl, NULL, 10) <= r->max_body)
				return MHD_YES;
			/* Refused before a byte of the body is read; libmicrohttpd then closes the connection. */
			http_error(&rs, 413, "too_large", NULL, "the request body is larger than %zu bytes", r->max_body);
		} else {
			http_error(&rs, 405, "method_not_allowed", NULL, "method %s is not supported", method);
		}
		enum MHD_Result ret = send_reply(conn, &rs, true);
		resp_release(&rs);
		return ret;
	}
	if (*upload_size) {
		if (!r->too_large && !sb_add(&r->body, upload_data, *upload_size))
			r->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	bool api = strncmp(url, "/api/", 5) == 0;
	if (r->replied) { /* resumed: a writer has answered */
		enum MHD_Result ret = send_reply(conn, &r->reply, api);
		resp_release(&r->reply);
		r->replied = false;
		return ret;
	}
	if (r->route && r->rq.method != HTTP_GET && !r->too_large && hand_to_writer(srv, r))
		return MHD_YES;
	struct http_resp rs = {.body = STRBUF_INIT};
	sb_init(&rs.body, STRBUF_DEFAULT_MAX);
	handle(srv, r, &rs);
	settle(srv, r, &rs);
	enum MHD_Result ret = send_reply(conn, &rs, api);
	resp_release(&rs);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx, enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct request *r = *ctx;
	(void)conn, (void)toe;
	if (!r)
		return;
	bool started = r->started;
	for (size_t i = 0; i < r->rq.nparam; i++)
		free(r->rq.param[i]);
	json_decref(r->rq.json);
	sb_release(&r->body);
	if (r->replied) /* answered by a writer, never sent: the connection closed first */
		resp_release(&r->reply);
	free(r);
	*ctx = NULL;
	if (started)
		atomic_fetch_sub(&srv->inflight, 1);
}

/* ---- start and stop ------------------------------------------------------------------------ */

int http_server_start(const struct http_server_config *c, struct http_server **out, struct zerr *e)
{
	struct http_server *srv = calloc(1, sizeof *srv);
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} sa;
	memset(&sa, 0, sizeof sa);
	/* poll(), not epoll: libmicrohttpd 0.9.75 (Debian 12) races when a daemon with an epoll thread
	 * pool is quiesced: a worker and MHD_quiesce_daemon both take the listening socket out of the
	 * worker's epoll set, and the loser aborts the process ("Failed to remove listen FD from
	 * epoll set"). With poll() quiescing only flags the workers. */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO;
	if (!srv)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	srv->cfg = *c;
	pthread_mutex_init(&srv->workers_mu, NULL);
	pthread_mutex_init(&srv->queue_mu, NULL);
	/* Monotonic, for the writers' timed look at a stalled one. */
	pthread_condattr_t mono;
	pthread_condattr_init(&mono);
	pthread_condattr_setclock(&mono, CLOCK_MONOTONIC);
	pthread_cond_init(&srv->queue_cv, &mono);
	pthread_condattr_destroy(&mono);
	pthread_cond_init(&srv->sync_cv, NULL);
	if (c->writers)
		flags |= MHD_ALLOW_SUSPEND_RESUME;
	if (!(srv->budget = malloc(sizeof *srv->budget)) || !(srv->login_budget = malloc(sizeof *srv->login_budget)) ||
	    !(srv->refusals = malloc(sizeof *srv->refusals))) {
		free(srv->budget);
		free(srv->login_budget);
		free(srv);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	budget_init(srv->budget, c->ip_budget, 1);
	budget_init(srv->login_budget, c->login_budget, 60);
	refusals_init(srv->refusals, c->refusal_interval);
	if (pthread_key_create(&srv->worker_key, NULL)) {
		free(srv);
		return zerr_set(e, ZE_NOMEM, "no thread-local key");
	}
	if (inet_pton(AF_INET, c->addr, &sa.v4.sin_addr) == 1) {
		sa.v4.sin_family = AF_INET;
		sa.v4.sin_port = htons(c->port);
	} else if (inet_pton(AF_INET6, c->addr, &sa.v6.sin6_addr) == 1) {
		sa.v6.sin6_family = AF_INET6;
		sa.v6.sin6_port = htons(c->port);
		flags |= MHD_USE_IPv6;
	} else {
		http_server_stop(srv, 0);
		return zerr_set(e, ZE_INVALID, "--listen: '%s' is not an IPv4 or IPv6 address", c->addr);
	}
	if (c->web_root) {
		srv->web_root = realpath(c->web_root, NULL);
		/* A missing UI is not fatal: the API works without it, and / says how to build it. */
	}
	srv->daemon = MHD_start_daemon(flags, c->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, &sa,
				       MHD_OPTION_THREAD_POOL_SIZE, c->threads ? c->threads : 2,
				       MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
				       MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
				       MHD_OPTION_CONNECTION_TIMEOUT, c->connection_timeout ? c->connection_timeout : 30u,
				       MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_ip_connections,
				       /* Headers and the reply's head; bodies go through the callback. The
					* pool is cleared for every request, so no bigger than needed. */
				       MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
				       MHD_OPTION_CONNECTION_LIMIT, 1024u,
				       MHD_OPTION_END);
	if (!srv->daemon) {
		int err = errno;
		http_server_stop(srv, 0);
		return zerr_set(e, ZE_IO, "cannot listen on %s:%u: %s", c->addr, c->port,
				err ? strerror(err) : "libmicrohttpd refused to start");
	}
	if (c->writers && !(srv->writers = calloc(c->writers, sizeof *srv->writers))) {
		http_server_stop(srv, 0);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	if (c->writers && c->app->durable) {
		int err = pthread_create(&srv->syncer, NULL, syncer_main, srv);
		if (err) {
			http_server_stop(srv, 0);
			return zerr_set(e, ZE_IO, "cannot start the syncer thread: %s", strerror(err));
		}
		srv->has_syncer = true;
	}
	/* Under the queue's lock: a writer looks at every started one (writer_may_take). */
	int err = 0;
	pthread_mutex_lock(&srv->queue_mu);
	for (unsigned i = 0; i < c->writers && !err; i++) {
		srv->writers[i].srv = srv;
		if (!(err = pthread_create(&srv->writers[i].thread, NULL, writer_main, &srv->writers[i])))
			srv->nwriters++;
	}
	pthread_mutex_unlock(&srv->queue_mu);
	if (err) {
		http_server_stop(srv, 0);
		return zerr_set(e, ZE_IO, "cannot start a writer thread: %s", strerror(err));
	}
	*out = srv;
	return 0;
}

uint16_t http_server_port(const struct http_server *s)
{
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return di ? di->port : 0;
}

void http_server_stop(struct http_server *s, unsigned wait_ms)
{
	if (!s)
		return;
	if (s->daemon) {
		/* No new connections; those open finish what they asked for. The listening socket
		 * is ours once quiesced. */
		MHD_socket listening = MHD_quiesce_daemon(s->daemon);
		for (unsigned waited = 0; atomic_load(&s->inflight) > 0 && waited < wait_ms; waited += 10)
			nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
		stop_writers(s);
		MHD_stop_daemon(s->daemon);
		if (listening != MHD_INVALID_SOCKET)
			close(listening);
	}
	if (s->refusals && s->nworkers) /* the counts still open go into the log before it closes */
		sweep_refusals(s, s->workers[0], true);
	for (size_t i = 0; i < s->nworkers; i++)
		s->cfg.app->worker_close(s->workers[i]);
	free(s->workers);
	free(s->writers);
	pthread_cond_destroy(&s->queue_cv);
	pthread_cond_destroy(&s->sync_cv);
	pthread_mutex_destroy(&s->queue_mu);
	pthread_key_delete(s->worker_key);
	pthread_mutex_destroy(&s->workers_mu);
	free(s->web_root);
	if (s->budget)
		budget_destroy(s->budget);
	if (s->login_budget)
		budget_destroy(s->login_budget);
	free(s->login_budget);
	if (s->refusals)
		refusals_destroy(s->refusals);
	free(s->budget);
	free(s->refusals);
	free(s);
}
