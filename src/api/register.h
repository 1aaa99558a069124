/* The registers (台账) of a unit — systems, agreements, handovers, vulnerabilities, plans, log
 * sources, training, projects, rectifications — served by one table-driven handler. Each register
 * is a descriptor: its path under /api/v1/units/{org}/, the record kind its POST and PUT write,
 * the filters its list takes, and how one of its records is judged and shown. Its routes name
 * the handlers below, which find the descriptor by the path. */
#ifndef ZEREN_API_REGISTER_H
#define ZEREN_API_REGISTER_H

#include <stddef.h>

#include "api/records.h"

/* One list request of a register, as the handler read it. */
struct register_list {
	struct http_req *rq;
	struct unit_view *v;
	const struct facts *f;
	zdate as_of;             /* ?as_of= (today where the register takes none) */
	const char *q, *status;  /* ?q= and ?status=, NULL when absent */
	int code;                /* the register's coded filter (?post=, ?severity= …), -1 when absent */
	int param;               /* what the register's parse read (?year=, ?mine=), else 0 */
	const char *arg;         /* and as text (?rule=, ?person=), else NULL */
	zidx dept, ref[2];       /* ?department= and the id filters, ZIDX_NONE when absent */
	const struct rule *rule; /* the register's rule_of on as_of */
	void *ctx;               /* what the register's prepare made, for its release */
};

struct api_register {
	const char *path;               /* "emergency-plans": …/{org}/emergency-plans[/{id}] */
	const struct record_kind *kind; /* what POST and PUT write */
	size_t org_first, by_org;       /* offsetof(struct facts, ix.org_plan), (…, ix.plan_by_org) */
	bool as_of;                     /* the list takes ?as_of= */
	/* ?status=: its values (NULL-terminated; NULL: the list takes none), named by the refusal */
	const char *const *statuses;
	/* A coded filter (name NULL: none): from_id gives the code or < 0; msg is the refusal's
	 * format, given the value. Read before ?status=. */
	const char *code_name;
	int (*from_id)(const char *id);
	const char *code_msg;
	bool dept;                /* the list takes ?department= (read before the id filters) */
	const char *ref_name[2];  /* id filters of the unit's records ("system" …), NULL: none */
	size_t ref_ids[2];        /* the id maps they are resolved in: offsetof(struct facts, system_ids) */
	/* The unit's rule that judges the register's records on a day, or NULL (l->rule). */
	const struct rule *(*rule_of)(const struct unit_view *v, zdate d);
	/* Each may be NULL. parse reads more parameters before the unit is read, prepare what a
	 * request needs once the unit is (nonzero: stop; rs filled unless out of memory); release
	 * frees what prepare made. */
	int (*parse)(struct register_list *l, struct http_resp *rs);
	int (*prepare)(struct register_list *l, struct http_resp *rs);
	void (*release)(struct register_list *l);
	/* Whether record i passes the list's filters and the account's scope, and its row. */
	bool (*keep)(const struct register_list *l, zidx i);
	json_t *(*item)(const struct register_list *l, zidx i);
};

/* The index of the unit's records of a kind in struct facts (model.h, FACTS_EACH), for
 * org_first and by_org. */
#define REGISTER_INDEX(kind) \
	.org_first = offsetof(struct facts, ix.org_##kind), .by_org = offsetof(struct facts, ix.kind##_by_org)
/* A register's routes in its resource's table: the list (read) and the create and change
 * (write) of its records. */
#define REGISTER_ROUTES(path, read, write) \
	{HTTP_GET, "/api/v1/units/{org}/" path, api_register_list, read, 0, false}, \
	{HTTP_POST, "/api/v1/units/{org}/" path, api_register_post, write, 0, false}, \
	{HTTP_PUT, "/api/v1/units/{org}/" path "/{id}", api_register_put, write, 0, false}

/* GET …/{org}/<path>: the register's records that pass, paged. */
int api_register_list(struct http_req *rq, struct http_resp *rs);
/* POST …/{org}/<path> and PUT …/{org}/<path>/{id}: api_write_record of the register's kind. */
int api_register_post(struct http_req *rq, struct http_resp *rs);
int api_register_put(struct http_req *rq, struct http_resp *rs);

/* The descriptors (each in its resource's file). */
extern const struct api_register api_system_register, api_agreement_register, api_handover_register,
	api_vulnerability_register, api_plan_register, api_log_source_register, api_training_register,
	api_project_register, api_rectification_register;

#endif
