/* Routing: a request's method and path matched against the route table in one pass, with the
 * {captures} named. */
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"

/* ---- routing -------------------------------------------------------------------------------- */

const char *const http_method_names[HTTP_METHOD_COUNT] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

int method_of(const char *m)
{
	for (int i = 0; i < HTTP_METHOD_COUNT; i++)
		if (strcmp(m, http_method_names[i]) == 0)
			return i;
	return -1;
}

/* Does path match pattern? One pass, character by character (every request tries the routes in
 * turn); on a match the captures are copied into rq (freed with the request). */
static bool match(const char *pattern, const char *path, struct http_req *rq)
{
	const char *p = pattern, *q = path, *start[HTTP_MAX_PARAMS], *name[HTTP_MAX_PARAMS];
	size_t len[HTTP_MAX_PARAMS], n = 0;
	while (*p) {
		if (*p != '{') {
			if (*p++ != *q++)
				return false;
			continue;
		}
		if (n == HTTP_MAX_PARAMS || *q == '/' || *q == '\0')
			return false; /* a capture is one non-empty segment */
		name[n] = p + 1;
		start[n] = q;
		while (*p && *p != '/')
			p++;
		while (*q && *q != '/')
			q++;
		len[n] = (size_t)(q - start[n]);
		n++;
	}
	if (*q)
		return false;
	rq->nparam = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(rq->param[i] = strndup(start[i], len[i])))
			return false;
		rq->param_name[i] = name[i]; /* "{org}…": name_params trims it */
		rq->nparam++;
	}
	return true;
}

const struct route *find_route(const struct http_server *srv, int method, const char *path,
				      struct request *r)
{
	bool path_known = false;
	for (const struct route *const *t = srv->cfg.tables; *t; t++) {
		for (const struct route *rt = *t; rt->handler; rt++) {
			if (!match(rt->pattern, path, &r->rq))
				continue;
			if ((int)rt->method == method)
				return rt;
			path_known = true;
			for (size_t i = 0; i < r->rq.nparam; i++)
				free(r->rq.param[i]);
			r->rq.nparam = 0;
		}
	}
	r->method_mismatch = path_known;
	return NULL;
}

/* Turns the "{org}" pointers left by match into plain names. */
int name_params(struct request *r)
{
	for (size_t i = 0; i < r->rq.nparam; i++) {
		size_t n = strcspn(r->rq.param_name[i], "}");
		if (n >= sizeof r->param_names[i])
			return ZE_LIMIT;
		memcpy(r->param_names[i], r->rq.param_name[i], n);
		r->param_names[i][n] = '\0';
		r->rq.param_name[i] = r->param_names[i];
	}
	return 0;
}
