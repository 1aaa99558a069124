/* API v1: one file per resource, each a table of routes over core. Shared here: the worker
 * (each server thread's own database connection and engine), the unit views (immutable
 * snapshots of a unit's facts, shared by all workers and replaced when the store changes),
 * data scope, paging and the JSON helpers every resource uses. */
#ifndef ZEREN_API_API_H
#define ZEREN_API_API_H

#include <jansson.h>
#include <stdint.h>

#include "cal/cal.h"
#include "core/interchange.h"
#include "core/accounts.h"
#include "core/policies.h"
#include "http/http.h"
#include "http/server.h"
#include "model/model.h"
#include "rules/engine.h"
#include "store/store.h"

/* What the whole server shares (read-only after start). */
struct api_server {
	const char *data_dir;
	const struct policy_set *policies;
	struct view_cache *views;
	/* The audit anchor (audit/anchor.h) GET /audit/verify checks the chain against: the public
	 * key and the checkpoint log; NULL or missing files: the chain alone. */
	const char *audit_pubkey, *audit_checkpoints;
	/* A private CA's certificates that mail and webhooks are verified with (NULL: the system's). */
	const char *notify_ca_file;
};

/* What each server thread owns: its own database connection (SQLite connections are not shared
 * between threads) and engine, whose scratch space carries over from one check to the next,
 * and what the sessions it saw lately grant. */
struct session_memo;
struct worker {
	const struct api_server *srv;
	struct store *store;
	struct engine *engine;
	struct session_memo *sessions;
};

/* The server's side of the application (http/server.h): the workers, the sessions, and the
 * audit log as the record of requests. Its context is the struct api_server. */
extern const struct http_app api_http_app;


/* The working-day calendar: one copy for the whole server, read again only after the calendar
 * changed (store_calendar_generation). Release it when done. */
struct shared_calendar;
int calendar_acquire(struct worker *w, struct shared_calendar **out, struct zerr *e);
const struct cal *calendar_of(const struct shared_calendar *c);
void calendar_release(struct shared_calendar *c);

/* The cache of unit views the server shares. */
int view_cache_new(struct view_cache **out);
void view_cache_free(struct view_cache *c);

/* One unit's facts as of a store generation, with the calendar of that generation. Shared and
 * read-only: acquire, use, release. */
struct unit_view {
	struct facts facts; /* indexed; the unit's records (and all orgs' rows, for the tree) */
	zidx org;           /* the unit in facts */
	const struct policy *policy; /* the one it follows today */
	const struct policy_set *policies; /* the shipped profiles and the unit's own versions */
	const struct cal *cal;
	/* The store generation the facts hold at; atomic: a write confined to another unit moves it
	 * on (view_cache_advance) while requests read it. */
	_Atomic int64_t generation;
	zdate recorded_on; /* the facts as recorded at the end of that day; ZDATE_NONE: as they stand */
};
/* The current view of unit org_id: ZE_NOTFOUND when there is no such unit. */
int view_acquire(struct worker *w, const char *org_id, struct unit_view **out, struct zerr *e);
/* The policy the unit follows on day d (its own version in force then, else its profile). */
const struct policy *view_policy_at(const struct unit_view *v, zdate d);
void view_release(struct unit_view *v);
/* The cached view of unit org_id whatever its generation, held (view_release), or NULL: built
 * by no one here. A write starts from its facts when they are still the store's. */
struct unit_view *view_cached(struct view_cache *c, const char *org_id);
/* A change confined to unit org_id (its records, not its org row) moved the store from
 * generation `from` to `to` with nothing else committed in between: the cached views of every
 * other unit at `from` still hold, and are kept as views of `to`; org_id's is built again. */
void view_cache_advance(struct view_cache *c, const char *org_id, int64_t from, int64_t to);
/* A request finding its unit's view behind the store waits this long for a write of this server
 * in its turn to advance it, before it builds the view itself (20 ms). */
extern long view_own_write_wait_ns;
/* The server's writes through api_import, one at a time from taking the unit's view to
 * installing the next one: a write queued behind another starts from the view that one left. */
void view_write_begin(struct view_cache *c);
void view_write_end(struct view_cache *c);
/* After a write confined to a unit's records that started from its view from_view (held by
 * the caller; its facts as of generation loaded_at) and moved the store from generation `from`
 * to `to`: when nobody else wrote meanwhile (loaded_at == from, to == from + 1), the written
 * facts f (import_opts.written) become the unit's cached view of `to`, returned held (release
 * it), so that the next readers read no row; else NULL. f is taken (left empty) in every case. */
struct unit_view *view_install(struct worker *w, struct unit_view *from_view, int64_t loaded_at, struct facts *f,
			       int64_t from, int64_t to);
/* Computes in v the findings of the dates requests asked of `like` (not those it only had
 * computed ahead: a run of writes nobody reads computes nothing ahead). */
void view_warm(struct worker *w, struct unit_view *v, const struct unit_view *like);

/* The supervisors' roll-up (api/supervision.c) keeps each unit's tally per day and store
 * generation. rollup_count_start starts a thread that counts every unit as of today in one pass
 * over all facts (when some unit sits below another), so the first ranking is answered from
 * memory — a request that would count many units meanwhile waits for it — and then the other
 * month ends of today's trend, in a second pass. rollup_count_stop ends it early and joins it
 * (nothing when not started). */
int rollup_count_start(const struct api_server *srv, struct zerr *e);
void rollup_count_stop(void);
/* As view_cache_advance for the tallies: a change confined to unit org_id's records moved the
 * store from `from` to `to`; every other unit's tallies stay, org_id's is counted again. */
void rollup_advance(const char *org_id, int64_t from, int64_t to);
/* How many of the kept tallies hold at store generation gen (for tests). */
size_t rollup_tallies_holding(int64_t gen);
/* The view of unit org_id as the store held it at the end of day recorded_on, rebuilt from the
 * history of facts (core/history.h): made for the caller alone, released like any other. */
int view_acquire_recorded(struct worker *w, const char *org_id, zdate recorded_on, struct unit_view **out,
			  struct zerr *e);
/* The unit's findings as of a date, computed once per view and date and kept with the view
 * (sorted). The pointer stays valid until the view is released. */
int view_findings(struct worker *w, struct unit_view *v, zdate as_of, const struct findings **out, struct zerr *e);
/* A list's reply kept with the view (the registers, appointments, obligations): key (n bytes)
 * is made of the request's path and whole query, today and the account's scope and person;
 * true when a reply was kept under it and is sent (rs filled). Else key is what to keep the
 * reply under with api_paged_memo ("" when the query is too long to be kept). */
bool view_memo_list(const struct http_req *rq, struct http_resp *rs, struct unit_view *v, char *key, size_t n);
/* Rendered replies kept with the view and dropped with it, keyed by the caller's text (e.g.
 * "findings?as_of=2026-11-22&page=1&per_page=20"): put copies (64 entries per view, the oldest
 * replaced once full). view_memo_reply sends a kept reply (a copy); while another request
 * renders the same key, it waits for that one (at most 2 s). */
int view_memo_put(struct unit_view *v, const char *key, const char *text, size_t len);
/* For a reply kept with the view under "<what>?<its parameters>&<the account's scope>": the key
 * in buf (false when it does not fit: nothing is kept); on a hit, the reply sent (true). */
bool view_memo_key(const struct http_req *rq, char *buf, size_t n, const char *what_and_params);
bool view_memo_reply(struct http_resp *rs, struct unit_view *v, const char *key);
/* Sends j (stolen) as a 200 JSON reply and, with key (nullable), keeps its text with the view. */
int view_memo_json(struct http_resp *rs, struct unit_view *v, const char *key, json_t *j);

/* Data scope (as RuoYi's 数据权限): what the request's account may see of a unit. Office and
 * leader see all of their own unit; a liaison their department (and its sub-departments);
 * staff only their own person; a supervisor reads (GET) all of each unit below its own.
 * Platform roles see no business data. */
bool scope_unit(const struct http_req *rq, const char *org_id);
bool scope_dept(const struct http_req *rq, const struct facts *f, zidx dept);
bool scope_person(const struct http_req *rq, const struct facts *f, zidx person);
/* May the account change this department's data (office: any; liaison: their own)? */
bool scope_write_dept(const struct http_req *rq, const struct facts *f, zidx dept);
bool has_role(const struct http_req *rq, int role);
/* Office and leader: all of their unit. */
bool scope_whole_unit(const struct http_req *rq);
/* The widest data scope roles give: "unit" (office, leader), "department" (liaison), "self"
 * (staff) or "none" (the platform roles see no business data). */
const char *scope_name(unsigned roles);
/* The account's own person in f, or ZIDX_NONE. */
zidx scope_me(const struct http_req *rq, const struct facts *f);
/* System si on day `on`: its owner department is in scope, or the account is its administrator
 * or 负责人 that day. */
bool scope_system(const struct http_req *rq, const struct unit_view *v, zidx si, zdate on);
/* A notice: one of its systems is in scope, or the account must rectify it. */
bool scope_notice(const struct http_req *rq, const struct unit_view *v, zidx ni, zdate on);
/* A finding: its subject, or the person, department or system it names, is in scope. */
bool scope_finding(const struct http_req *rq, const struct unit_view *v, const struct finding *fd, zdate on);
/* An incident: the whole unit, or its system is in scope. */
bool scope_incident(const struct http_req *rq, const struct unit_view *v, zidx xi, zdate on);
/* A rectification (整改): the whole unit, its department, or the person it is assigned to. */
bool scope_rectification(const struct http_req *rq, const struct facts *f, zidx xi);
/* Rectification xi's status on d — assigned, overdue, rectified or closed — for one that follows
 * up no finding (an inspection's item), so never reopened (api/rectifications.c). */
const char *rectification_status(const struct unit_view *v, zidx xi, zdate d);
/* Its last day to rectify as the policy in force on d has it: its own due_on, else the policy's
 * working days from assignment (ZDATE_NONE: none). */
zdate rectification_due(const struct unit_view *v, zidx xi, zdate d);

/* May the account read unit org_id: its own unit, or for a supervisor's GET one below its own?
 * For routes that check the unit without acquiring its view (api_unit does both). */
bool scope_unit_readable(struct http_req *rq, const char *org_id);
/* Is v's unit below the account's own in the supervision tree, and the account a supervisor? */
bool scope_supervises(const struct unit_view *v, const struct http_req *rq);
/* The unit named by the route's {org}, acquired, after checking the account may see it.
 * Fills rs with 403/404 and returns nonzero when not. A read may ask ?recorded_on=YYYY-MM-DD:
 * the unit as recorded at the end of that day (what was known then). */
int api_unit(struct http_req *rq, struct http_resp *rs, struct unit_view **out);
/* A route handler that works on the unit named by {org}: api_with_unit acquires its view
 * (api_unit; nothing else is called when the account may not see it), calls fn with it and
 * releases it, returning what fn returned. */
typedef int (*unit_handler)(struct http_req *rq, struct http_resp *rs, struct unit_view *v);
int api_with_unit(struct http_req *rq, struct http_resp *rs, unit_handler fn);
/* Defines the route handler `name` over the unit handler whose body follows:
 *     UNIT_HANDLER(get_thing) { ... uses rq, rs and v ... } */
#define UNIT_HANDLER(name) \
	static int name##_in_unit(struct http_req *rq, struct http_resp *rs, struct unit_view *v); \
	static int name(struct http_req *rq, struct http_resp *rs) \
	{ \
		return api_with_unit(rq, rs, name##_in_unit); \
	} \
	static int name##_in_unit(struct http_req *rq, struct http_resp *rs, struct unit_view *v)

/* ?page=&per_page= (1-based; per_page default 20, at most 200). */
struct page {
	size_t page, per_page;
};
int api_page(const struct http_req *rq, struct http_resp *rs, struct page *p);
/* Whether item i (0-based, counted over the filtered list) falls on the page. */
bool page_has(const struct page *p, size_t i);
/* {"items": items, "total": total, "page", "per_page"}; steals items. */
int api_paged(struct http_resp *rs, json_t *items, size_t total, const struct page *p);
/* The same, kept with the view under key (view_memo_list; "" or NULL: not kept). */
int api_paged_memo(struct http_resp *rs, struct unit_view *v, const char *key, json_t *items, size_t total,
		   const struct page *p);
/* The ?as_of= date (default today, Asia/Shanghai); fills 400 and returns nonzero when bad. */
int api_as_of(const struct http_req *rq, struct http_resp *rs, zdate *out);
/* ?name=true|false (or 1|0): *out -1 when absent; fills rs (400) and returns nonzero otherwise. */
int api_bool_query(const struct http_req *rq, struct http_resp *rs, const char *name, int *out);
/* A body field that names what the path names (org, id …) must agree with it or be left out;
 * fills rs (422, field key) and returns false when it does not. */
bool api_body_agrees(struct http_resp *rs, json_t *body, const char *key, const char *value);
/* A string field of the body: *out NULL when absent or null; fills rs (422, field key) and
 * returns nonzero when present and not a string. */
int api_body_string(const struct http_req *rq, struct http_resp *rs, const char *key, const char **out);
/* A list field key of the body (j; NULL: absent, none): fills rs (422, field key) and returns
 * false when it is not an array (reason invalid, message not_list) or holds more than max
 * items (reason too_many, "at most MAX <items>"). */
bool api_body_list(struct http_resp *rs, json_t *j, const char *key, size_t max, const char *too_many,
		   const char *not_list, const char *items);
/* Is s one of names (NULL-terminated)? */
bool api_listed(const char *const *names, const char *s);
/* The first key of object o that is not among names, or NULL when all are. */
const char *api_unknown_key(json_t *o, const char *const *names);
/* Does text contain q (case-insensitive for ASCII)? NULL or "" q matches everything. */
bool api_match(const char *text, const char *q);

/* A request's change through the core's change service (core/change.h): the document as text,
 * or parsed (doc, borrowed; text NULL). Its audit record says what the handler set with
 * http_audit, read once the outcome is known (its detail, when none, is what was written); it is
 * written inside the change's transaction, or as the refusal, and rs->audited says so. The
 * handler sets http_audit before the call. */
int api_import(struct http_req *rq, struct http_resp *rs, const char *text, size_t len, json_t *doc,
	       struct import_opts *opts, struct import_stats *stats, struct zerr *e);

/* Writes through the importer, so the API validates exactly as `zeren import` does. The record
 * j (stolen) goes into the zeren/v1 array `array` ("people", "systems" …) and must belong to
 * the route's {org}; errors (422 …) name JSON paths of the request body ("$.name"), not of the
 * wrapped document, and are already in rs when it returns nonzero. */
int api_import_one(struct http_req *rq, struct http_resp *rs, const char *array, json_t *j);
/* The same for a document of records that change together (taken over; NULL: out of memory). */
int api_import_doc(struct http_req *rq, struct http_resp *rs, json_t *doc);

/* POST of a federation key {org, name, key} (api/federation.c), the other end being in
 * `direction` (FED_DIRECTION_*): registered (fed_key_register: refused for a unit hosted here),
 * audited as federation.key, and 201 {org, direction}. */
int api_fed_key_register(struct http_req *rq, struct http_resp *rs, const char *direction);

/* A 200 reply of len bytes of type, downloaded as name (at most 400 bytes of it are sent). */
int api_download(struct http_resp *rs, const char *type, const char *buf, size_t len, const char *name);
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
/* The bytes of a workbook that write(ctx, path, e) writes to a temporary file, removed after. */
int api_workbook_bytes(int (*write)(void *ctx, const char *path, struct zerr *e), void *ctx,
		       struct strbuf *out, struct zerr *e);

/* The JSON document name built into the binary (core/embedded.h), or when it is not built in,
 * the error status, code and message `missing`. */
int api_embedded_json(struct http_resp *rs, const char *name, int status, const char *code, const char *missing);

/* Each resource's routes, ended by an entry with handler NULL. */
extern const struct route api_session_routes[];   /* api/session.c: login, logout, me, password */
extern const struct route api_account_routes[];   /* api/accounts.c: accounts, roles, grants */
extern const struct route api_audit_routes[];     /* api/audit.c: the audit log */
extern const struct route api_org_routes[];       /* api/org.c: units, departments, people, posts, bodies */
extern const struct route api_appt_routes[];      /* api/appointments.c */
extern const struct route api_register_routes[];  /* api/registers.c: systems, agreements */
extern const struct route api_handover_routes[];  /* api/handovers.c: handovers (issue 19) */
extern const struct route api_vulnerability_routes[]; /* api/vulnerabilities.c (issue 19) */
extern const struct route api_plan_routes[];      /* api/plans.c: emergency plans (issue 19) */
extern const struct route api_log_source_routes[]; /* api/log_sources.c: log retention (issue 19) */
extern const struct route api_training_routes[];   /* api/trainings.c: training (issue 19) */
extern const struct route api_project_routes[];   /* api/projects.c: IT projects (issue 19) */
extern const struct route api_finding_routes[];   /* api/findings.c: findings, dashboard, accountability */
extern const struct route api_duty_routes[];      /* api/duties.c: obligations, records, evidence */
extern const struct route api_event_routes[];     /* api/events.c: incidents, notices */
extern const struct route api_time_routes[];      /* api/time.c: working days, calendar feeds, policies */
extern const struct route api_data_routes[];      /* api/data.c: import, export */
extern const struct route api_dashboard_routes[]; /* api/dashboard.c: the 工作台 summary */
extern const struct route api_evaluation_routes[]; /* api/evaluation.c: 考核 indicators and rounds */
extern const struct route api_policy_version_routes[]; /* api/policyver.c: a unit's own policy versions */
extern const struct route api_document_routes[];  /* api/documents.c: documents to sign, verification */
extern const struct route api_supervision_routes[]; /* api/supervision.c: roll-up, notices sent down */
extern const struct route api_notify_routes[];    /* api/notify.c: the bell, preferences, channels, delivery log */
extern const struct route api_history_routes[];   /* api/history.c: what the store held when */
extern const struct route api_directory_routes[]; /* api/directory.c: names the platform admins pick from */
extern const struct route api_rectification_routes[]; /* api/rectifications.c: 整改台账 (issue 22) */
extern const struct route api_federation_routes[]; /* api/federation.c: a unit's signed reports up, notices down */
extern const struct route api_unitconf_routes[]; /* api/unitconf.c: 字典管理, 参数设置, 通知公告 (issue 22) */
/* All of the above and the OpenAPI document (api/routes.c), NULL-terminated. */
extern const struct route *const api_routes[];

#endif
