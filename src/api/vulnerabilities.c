/* API v1: the register of vulnerabilities (漏洞台账, issue 19) — per system, where each stands
 * under the unit's policy, and the notices that reported them. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* The unit's vulnerability rule in force on d, or NULL: its days by severity set the deadline. */
static const struct rule *vuln_rule(const struct unit_view *v, zdate d)
{
	return api_unit_rule(v, RK_VULNERABILITY_FIX, d);
}

static zdate deadline(const struct rule *r, const struct vulnerability *x)
{
	return r ? vulnerability_deadline(r, x) : x->due_on;
}

/* verified, fixed (not verified), overdue or open, on d. */
static const char *vuln_status(const struct rule *r, const struct vulnerability *x, zdate d)
{
	if (x->fixed_on != ZDATE_NONE && x->fixed_on <= d)
		return x->verified_on != ZDATE_NONE && x->verified_on <= d ? "verified" : "fixed";
	zdate due = deadline(r, x);
	return due != ZDATE_NONE && d > due ? "overdue" : "open";
}

static json_t *vuln_item(const struct unit_view *v, const struct rule *r, zidx vi, zdate as_of)
{
	const struct facts *f = &v->facts;
	const struct vulnerability *x = &f->vulnerabilities.v[vi];
	json_t *o = vulnerability_json(f, vi);
	json_object_set_new(o, "system_name", json_string(f->systems.v[x->system].name));
	json_object_set_new(o, "severity_name", json_string(vuln_severity_name_zh(x->severity)));
	json_object_set_new(o, "notice_title", json_str_or_null(x->notice >= 0 ? f->notices.v[x->notice].title : NULL));
	/* the last day to fix it: its own, else the policy's for its severity */
	json_object_set_new(o, "deadline", json_date_or_null(deadline(r, x)));
	json_object_set_new(o, "status", json_string(vuln_status(r, x, as_of)));
	return o;
}

static int list_vulnerabilities(struct http_req *rq, struct http_resp *rs)
{
	static const char *const statuses[] = {"open", "overdue", "fixed", "verified", NULL};
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	zidx system, notice;
	const char *q = http_query(rq, "q"), *status = http_query(rq, "status"), *sev_q = http_query(rq, "severity");
	int sev = -1;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of))
		return 0;
	if (sev_q && (sev = vuln_severity_from_id(sev_q)) < 0)
		return http_error(rs, 400, "bad_parameter", "severity", "severity must be low, medium, high or critical");
	bool known = !status;
	for (const char *const *s = statuses; *s && !known; s++)
		known = strcmp(*s, status) == 0;
	if (!known)
		return http_error(rs, 400, "bad_parameter", "status", "status must be open, overdue, fixed or verified");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	int rc = 0;
	if (api_id_query(rq, rs, "system", &f->system_ids, &system) ||
	    api_id_query(rq, rs, "notice", &f->notice_ids, &notice))
		goto out;
	const struct rule *r = vuln_rule(v, as_of);
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, vulnerability, v->org, vi) {
		const struct vulnerability *x = &f->vulnerabilities.v[vi];
		if ((system >= 0 && x->system != system) || (notice >= 0 && x->notice != notice) ||
		    (sev >= 0 && x->severity != sev) || (!api_match(x->title, q) && !api_match(x->id, q)) ||
		    (status && strcmp(vuln_status(r, x, as_of), status) != 0) || !scope_system(rq, v, x->system, as_of))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, vuln_item(v, r, vi, as_of));
	}
	rc = api_paged(rs, items, total, &pg);
out:
	view_release(v);
	return rc;
}

static const struct record_kind vulnerability_kind = {
	"vulnerabilities", "vulnerability", offsetof(struct facts, vulnerability_ids), vulnerability_json, NULL, NULL, RECORD_NO_SPAN, "vul-",
};

static int post_vulnerability(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &vulnerability_kind, true);
}

static int put_vulnerability(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &vulnerability_kind, false);
}

const struct route api_vulnerability_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/vulnerabilities", list_vulnerabilities, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/vulnerabilities", post_vulnerability, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/vulnerabilities/{id}", put_vulnerability, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
