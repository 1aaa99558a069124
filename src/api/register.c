/* The registers' one handler (register.h): the list's parameters read in one order, the unit's
 * records of the register walked once, and the writes of its record kind. */
#include <string.h>

#include "api/register.h"

static const struct api_register *const registers[] = {
	&api_system_register, &api_agreement_register, &api_handover_register, &api_vulnerability_register,
	&api_plan_register, &api_log_source_register, &api_training_register, &api_project_register,
	&api_rectification_register,
};

/* The register the request's path names. Only the registers' own routes call these handlers,
 * so there is one. */
static const struct api_register *register_of(const struct http_req *rq)
{
	const char *seg = api_unit_resource(rq);
	size_t n = strcspn(seg, "/");
	for (size_t k = 0; k < sizeof registers / sizeof *registers; k++)
		if (strlen(registers[k]->path) == n && memcmp(registers[k]->path, seg, n) == 0)
			return registers[k];
	return NULL;
}

static const zidx *ix_array(const struct facts *f, size_t offset)
{
	const zidx *a;
	memcpy(&a, (const char *)f + offset, sizeof a);
	return a;
}

/* "a, b or c": the register's statuses, as its refusal names them. */
static void status_names(const char *const *statuses, char *buf, size_t cap)
{
	size_t n = 0, len = 0;
	while (statuses[n])
		n++;
	buf[0] = '\0';
	for (size_t i = 0; i < n && len < cap; i++) {
		int w = snprintf(buf + len, cap - len, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", statuses[i]);
		len += w > 0 ? (size_t)w : 0;
	}
}

/* The parameters read before the unit: paging, the day, the coded filter, the status, the
 * register's own. Nonzero with rs filled when one is bad. */
static int read_query(const struct api_register *r, struct register_list *l, struct http_resp *rs, struct page *pg)
{
	const char *code = r->code_name ? http_query(l->rq, r->code_name) : NULL;
	if (api_page(l->rq, rs, pg) || (r->as_of && api_as_of(l->rq, rs, &l->as_of)))
		return 1;
	if (code && (l->code = r->from_id(code)) < 0)
		return http_error(rs, 400, "bad_parameter", r->code_name, r->code_msg, code), 1;
	bool known = !l->status;
	for (const char *const *s = r->statuses; s && *s && !known; s++)
		known = strcmp(*s, l->status) == 0;
	if (!known) {
		char names[256];
		status_names(r->statuses, names, sizeof names);
		return http_error(rs, 400, "bad_parameter", "status", "status must be %s", names), 1;
	}
	return r->parse ? r->parse(l, rs) : 0;
}

int api_register_list(struct http_req *rq, struct http_resp *rs)
{
	const struct api_register *r = register_of(rq);
	struct page pg;
	struct register_list l = {
		.rq = rq, .as_of = date_today(), .q = http_query(rq, "q"), .code = -1, .dept = ZIDX_NONE,
		.ref = {ZIDX_NONE, ZIDX_NONE},
	};
	if (!r)
		return http_error(rs, 404, "not_found", NULL, "no register at %s", rq->path);
	l.status = r->statuses ? http_query(rq, "status") : NULL;
	if (read_query(r, &l, rs, &pg) || api_unit(rq, rs, &l.v))
		return 0;
	l.f = &l.v->facts;
	int rc = 0;
	/* The same page for the same query and account is sent again until the view changes. */
	char key[1024];
	if (view_memo_list(rq, rs, l.v, key, sizeof key))
		goto out;
	if (r->dept && api_dept_query(rq, rs, l.v, &l.dept))
		goto out;
	for (int k = 0; k < 2 && r->ref_name[k]; k++)
		if (api_id_query(rq, rs, r->ref_name[k], (const struct hmap *)((const char *)l.f + r->ref_ids[k]), &l.ref[k]))
			goto out;
	if (r->rule_of)
		l.rule = r->rule_of(l.v, l.as_of);
	if (r->prepare && (rc = r->prepare(&l, rs)) != 0)
		goto out;
	const zidx *first = ix_array(l.f, r->org_first), *by_org = ix_array(l.f, r->by_org);
	json_t *items = json_array();
	size_t total = 0;
	for (zidx k = first[l.v->org]; k < first[l.v->org + 1]; k++)
		if (r->keep(&l, by_org[k]) && page_has(&pg, total++))
			json_array_append_new(items, r->item(&l, by_org[k]));
	rc = api_paged_memo(rs, l.v, key, items, total, &pg);
out:
	if (r->release)
		r->release(&l);
	view_release(l.v);
	return rc;
}

static int register_write(struct http_req *rq, struct http_resp *rs, bool create)
{
	const struct api_register *r = register_of(rq);
	if (!r)
		return http_error(rs, 404, "not_found", NULL, "no register at %s", rq->path);
	return api_write_record(rq, rs, r->kind, create);
}

int api_register_post(struct http_req *rq, struct http_resp *rs)
{
	return register_write(rq, rs, true);
}

int api_register_put(struct http_req *rq, struct http_resp *rs)
{
	return register_write(rq, rs, false);
}
