/* API v1: the history of a unit's records (transaction time, core/history.h): every version a
 * change wrote, when and by whom — what the store held when. The facts as recorded on a day are
 * read through any resource's ?recorded_on= (api_unit). */
#include <string.h>

#include "api/api.h"
#include "core/history.h"

static int list_history(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	const char *org = http_param(rq, "org"), *kind = http_query(rq, "kind"), *key = http_query(rq, "key");
	json_t *items = NULL;
	if (!scope_unit_readable(rq, org))
		return http_error(rs, 403, "out_of_scope", NULL, "无权访问单位 %s / unit %s is outside your scope", org, org);
	/* The history names every record of the unit: those who see the whole unit read it. */
	if (!scope_whole_unit(rq))
		return http_error(rs, 403, "out_of_scope", NULL, "变更历史仅限网信办与领导查看 / the history is for the office "
				  "and the unit's leaders");
	if (kind && !history_kind_known(kind))
		return http_error(rs, 400, "bad_parameter", "kind", "unknown kind '%s'", kind);
	if (history_json(rq->w->store, org, kind, key, &items, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:s, s:o}", "org", org, "items", items));
}

const struct route api_history_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/history", list_history, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
