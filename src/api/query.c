/* The query parameters every list shares: paging, the as-of date, booleans, search. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"

static bool parse_size(const char *s, size_t max, size_t *out)
{
	char *end;
	if (!s || !*s || !isdigit((unsigned char)*s))
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || v == 0 || v > max)
		return false;
	*out = (size_t)v;
	return true;
}

int api_page(const struct http_req *rq, struct http_resp *rs, struct page *p)
{
	const char *page = http_query(rq, "page"), *per = http_query(rq, "per_page");
	p->page = 1;
	p->per_page = 20;
	if (page && !parse_size(page, 1000000, &p->page))
		return http_error(rs, 400, "bad_parameter", "page", "page must be a whole number from 1"), 1;
	if (per && !parse_size(per, 200, &p->per_page))
		return http_error(rs, 400, "bad_parameter", "per_page", "per_page must be from 1 to 200"), 1;
	return 0;
}

bool page_has(const struct page *p, size_t i)
{
	return i >= (p->page - 1) * p->per_page && i < p->page * p->per_page;
}

int api_paged(struct http_resp *rs, json_t *items, size_t total, const struct page *p)
{
	if (!items)
		return ZE_NOMEM;
	return http_json(rs, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
					    "page", (json_int_t)p->page, "per_page", (json_int_t)p->per_page));
}

int api_paged_memo(struct http_resp *rs, struct unit_view *v, const char *key, json_t *items, size_t total,
		   const struct page *p)
{
	if (!items)
		return ZE_NOMEM;
	return view_memo_json(rs, v, key && *key ? key : NULL,
			      json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
					(json_int_t)p->page, "per_page", (json_int_t)p->per_page));
}

int api_as_of(const struct http_req *rq, struct http_resp *rs, zdate *out)
{
	const char *s = http_query(rq, "as_of");
	*out = date_today();
	if (s && !date_parse(s, out))
		return http_error(rs, 400, "bad_parameter", "as_of", "as_of must be a date YYYY-MM-DD, not '%s'", s), 1;
	return 0;
}

int api_bool_query(const struct http_req *rq, struct http_resp *rs, const char *name, int *out)
{
	const char *v = http_query(rq, name);
	*out = -1;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return http_error(rs, 400, "bad_parameter", name, "%s must be true or false, not '%s'", name, v), 1;
	return 0;
}

bool api_body_agrees(struct http_resp *rs, json_t *body, const char *key, const char *value)
{
	json_t *j = json_object_get(body, key);
	if (!j || json_is_null(j) || (json_is_string(j) && strcmp(json_string_value(j), value) == 0))
		return true;
	http_error(rs, 422, "invalid", key, "$.%s: must be '%s' (as in the path) or left out", key, value);
	return false;
}

int api_body_string(const struct http_req *rq, struct http_resp *rs, const char *key, const char **out)
{
	json_t *v = rq->json ? json_object_get(rq->json, key) : NULL;
	*out = NULL;
	if (v && !json_is_string(v) && !json_is_null(v))
		return http_error(rs, 422, "invalid", key, "%s must be a string", key), 1;
	*out = json_string_value(v);
	return 0;
}

bool api_body_list(struct http_resp *rs, json_t *j, const char *key, size_t max, const char *too_many,
		   const char *not_list, const char *items)
{
	if (j && !json_is_array(j))
		http_error(rs, 422, "invalid", key, "%s", not_list);
	else if (json_array_size(j) > max)
		http_error(rs, 422, too_many, key, "at most %zu %s", max, items);
	else
		return true;
	return false;
}

bool api_listed(const char *const *names, const char *s)
{
	for (const char *const *k = names; *k; k++)
		if (strcmp(*k, s) == 0)
			return true;
	return false;
}

const char *api_unknown_key(json_t *o, const char *const *names)
{
	const char *key;
	json_t *x;
	json_object_foreach(o, key, x)
		if (!api_listed(names, key))
			return key;
	return NULL;
}

bool api_match(const char *text, const char *q)
{
	if (!q || !*q)
		return true;
	if (!text)
		return false;
	size_t n = strlen(q);
	for (const char *t = text; *t; t++)
		if (strncasecmp(t, q, n) == 0)
			return true;
	return false;
}
