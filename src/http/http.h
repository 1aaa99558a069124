/* The HTTP adapter over libmicrohttpd: a route table, capped request bodies parsed with
 * jansson, uniform JSON errors, sessions and CSRF. Handlers (src/api) see only this header:
 * a request in, a response filled, no libmicrohttpd types. */
#ifndef ZEREN_HTTP_HTTP_H
#define ZEREN_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/accounts.h"
#include "core/permissions.h"
#include "util/err.h"
#include "util/strbuf.h"

#define HTTP_MAX_BODY ((size_t)1 << 20)          /* JSON bodies */
#define HTTP_MAX_UPLOAD ((size_t)64 << 20)       /* evidence files, zeren/v1 imports (routes that say so) */
#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 6
#define HTTP_MAX_QUERY_PARAMS 64 /* query parameters of one request: more is 414 at once */
#define HTTP_MAX_URI 4096        /* bytes of the request line's URI: more is 414 */

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_METHOD_COUNT };

extern const char *const http_method_names[HTTP_METHOD_COUNT];

/* What each server thread owns, defined by the application (struct http_app in http/server.h):
 * the server only hands it to the handlers and back to the application's callbacks. */
struct worker;

struct http_req {
	enum http_method method;
	const char *path;                      /* decoded, without the query */
	const char *param_name[HTTP_MAX_PARAMS]; /* the route's {captures}, in order */
	char *param[HTTP_MAX_PARAMS];
	size_t nparam;
	const char *body; /* NUL-terminated; "" when none */
	size_t body_len;
	json_t *json;        /* the body parsed, when it is application/json; else NULL */
	const char *source;  /* the client's address */
	bool secure;         /* reached over TLS (through the proxy): cookies must say Secure */
	struct principal *who; /* NULL on PERM_PUBLIC routes */
	struct worker *w; /* this thread's application state */
	void *conn; /* the server's; use the functions below */
};

/* The value of ?name=..., or NULL. */
const char *http_query(const struct http_req *rq, const char *name);
/* Every query argument as "name=value&…" in the order sent, with '%', '&' and '=' inside names
 * and values written as %25, %26 and %3D (so that no two queries read the same), into buf; false
 * when it does not fit. */
bool http_query_string(const struct http_req *rq, char *buf, size_t n);
/* A request header, or NULL. */
const char *http_header(const struct http_req *rq, const char *name);
/* The {name} capture of the route, or NULL. */
const char *http_param(const struct http_req *rq, const char *name);

struct http_resp {
	int status;
	const char *content_type;
	struct strbuf body;
	char *file;          /* when set, the body is this file's content (evidence downloads) */
	const char *header_name[HTTP_MAX_HEADERS];
	char *header_value[HTTP_MAX_HEADERS];
	size_t nheaders;
	/* For the audit log: what the handler changed (set by handlers of state-changing routes). */
	char *audit_action; /* e.g. "person.update"; NULL: the route's method and pattern */
	char *audit_object; /* e.g. "demo/p-001" */
	json_t *audit_detail; /* the change */
	bool audited;         /* the record was written in the change's own transaction */
	const char *error_code; /* the error reply's code (a string literal), or NULL */
	char *internal;         /* a 500's real reason: logged by the server, never sent */
};

/* The status (and error code, nullable) a library error is answered with: 422 invalid, 404
 * not_found, 409 conflict, 413 too_large, else 500 internal. */
int http_status_of(const struct zerr *e, const char **code);

/* Fill the response. Each returns 0, or ZE_NOMEM. json takes ownership of j. */
int http_json(struct http_resp *rs, int status, json_t *j);
int http_text(struct http_resp *rs, int status, const char *content_type, const char *text, size_t len);
int http_send_file(struct http_resp *rs, const char *path, const char *content_type, const char *download_name);
int http_add_header(struct http_resp *rs, const char *name, const char *value);
/* {"error": {"code", "message", "field"}} with status; field may be NULL. */
int http_error(struct http_resp *rs, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The error for a core failure: ZE_INVALID 422, ZE_NOTFOUND 404, ZE_CONFLICT 409, ZE_LIMIT 413, ZE_DENIED 403,
 * else 500, whose reply says only "internal error" (the message, which may name files, goes to
 * the server's log). The field is the JSON path in the message ("$.people[0].name" -> "people[0].name"),
 * when it names one. */
int http_zerr(struct http_resp *rs, const struct zerr *e);
/* For handlers that check a password: spends one of the source's sign-in attempts for the
 * minute. When none is left, fills rs with 429 (Retry-After), counts the refusal for the audit
 * log's aggregate of refusals without a session, and returns true: the handler stops. */
bool http_sign_in_refused(struct http_req *rq, struct http_resp *rs);
/* Records what the request changed, for the audit log (copies the strings, steals detail). */
void http_audit(struct http_resp *rs, const char *action, const char *object, json_t *detail);

typedef int (*http_handler)(struct http_req *rq, struct http_resp *rs);

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/units/{org}/people/{id}" */
	http_handler handler;
	enum perm perm;
	size_t max_body;     /* 0: HTTP_MAX_BODY */
	bool raw_body;       /* true: any content type (uploads); false: JSON only (415 otherwise) */
};

#endif
