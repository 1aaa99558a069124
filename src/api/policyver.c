/* A unit's own policy versions (issue 12): list, read, compare and preview them; the office
 * drafts (from a document, or from an uploaded regulation) and edits drafts; a leader approves
 * one from a date or rejects it (four eyes: not the one who drafted it). Every write goes
 * through core/unitpolicy.c, which audits it in the change's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/check.h"
#include "core/render.h"
#include "core/unitpolicy.h"
#include "doc/regtext.h"
#include "rules/draft.h"

/* The {org} of the path, when the account may see it. */
static const char *unit_of(struct http_req *rq, struct http_resp *rs)
{
	const char *org = http_param(rq, "org");
	if (!org || !scope_unit_readable(rq, org)) {
		http_error(rs, 403, "out_of_scope", NULL, "无权访问单位 %s / unit %s is outside your scope", org ? org : "",
			   org ? org : "");
		return NULL;
	}
	return org;
}

/* Policy versions are the unit's rules for everyone in it; changing them is the office's and
 * the leader's (the route says which), for their own unit as a whole. */
static const char *whole_unit_of(struct http_req *rq, struct http_resp *rs)
{
	const char *org = unit_of(rq, rs);
	if (org && !scope_whole_unit(rq)) {
		http_error(rs, 403, "out_of_scope", NULL, "只有本单位的网信办或领导可以修改制度 / only the unit's office or leader");
		return NULL;
	}
	return org;
}

static int version_of(const char *s, struct http_resp *rs, const char *field, int64_t *out)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v < 1 || v > INT32_MAX)
		return http_error(rs, s ? 422 : 404, s ? "invalid" : "not_found", field,
				  "%s must be a version number from 1", field),
		       1;
	*out = v;
	return 0;
}

static struct change request_change(struct http_req *rq, const char *org, const char *reason)
{
	return (struct change){.actor = rq->who->username, .source = rq->source, .unit = org, .reason = reason};
}

static int list_versions(struct http_req *rq, struct http_resp *rs)
{
	const char *org = unit_of(rq, rs);
	zdate today;
	json_t *items = NULL;
	struct zerr e = {0};
	if (!org || api_as_of(rq, rs, &today))
		return 0;
	if (unit_policy_list(rq->w->store, org, today, &items, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:o}", "items", items));
}

/* The rules, duties and accountability clauses a document has with the profile it extends
 * applied, for the editor. */
static json_t *effective_json(const char *text)
{
	json_t *d = NULL;
	static const char empty[] = "{\"format\":\"zeren-policy/v1\",\"id\":\"-\",\"rules\":[]}";
	struct zerr e = {0};
	if (unit_policy_diff(empty, text, &d, &e))
		return json_null();
	json_t *out = json_pack("{s:O, s:O, s:o}", "rules", json_object_get(json_object_get(d, "rules"), "added"),
				"obligations", json_object_get(json_object_get(d, "obligations"), "added"),
				"accountability", unit_policy_accountability(text));
	json_decref(d);
	return out ? out : json_null();
}

static int get_version(struct http_req *rq, struct http_resp *rs)
{
	const char *org = unit_of(rq, rs);
	int64_t v;
	zdate today;
	json_t *one = NULL;
	struct zerr e = {0};
	if (!org || version_of(http_param(rq, "version"), rs, "version", &v) || api_as_of(rq, rs, &today))
		return 0;
	if (unit_policy_get(rq->w->store, org, v, today, &one, &e))
		return http_zerr(rs, &e);
	char *text = json_dumps(json_object_get(one, "document"), JSON_COMPACT);
	json_object_set_new(one, "effective", text ? effective_json(text) : json_null());
	free(text);
	return http_json(rs, 200, one);
}

/* GET /units/{org}/policy: what the unit follows on ?as_of (default today). */
static int get_current(struct http_req *rq, struct http_resp *rs)
{
	const char *org = unit_of(rq, rs);
	zdate d;
	char *text = NULL;
	int64_t version = 0;
	struct zerr e = {0};
	if (!org || api_as_of(rq, rs, &d))
		return 0;
	if (unit_policy_document(rq->w->store, rq->w->srv->policies, org, d, &text, &version, &e))
		return http_zerr(rs, &e);
	json_t *doc = json_loads(text, 0, NULL);
	json_t *out = json_pack("{s:s, s:I, s:o, s:o}", "org", org, "version", (json_int_t)version, "document",
				doc ? doc : json_null(), "effective", effective_json(text));
	free(text);
	return http_json(rs, 200, out);
}

/* The document of the body as text: {"document": {…}} (a zeren-policy/v1 object). */
static char *body_document(struct http_req *rq, struct http_resp *rs)
{
	json_t *doc = rq->json ? json_object_get(rq->json, "document") : NULL;
	if (!json_is_object(doc)) {
		http_error(rs, 422, "invalid", "document", "document must be a zeren-policy/v1 object");
		return NULL;
	}
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		http_error(rs, 500, "internal", NULL, "out of memory");
	return text;
}

static int reply_version(struct http_req *rq, struct http_resp *rs, int status, const char *org, int64_t v)
{
	json_t *one = NULL;
	struct zerr e = {0};
	zdate today = date_today();
	if (unit_policy_get(rq->w->store, org, v, today, &one, &e))
		return http_zerr(rs, &e);
	return http_json(rs, status, one);
}

/* The body's document saved as a new draft (v 0: 201) or over draft v (200), with the version
 * in reply. */
static int save_document(struct http_req *rq, struct http_resp *rs, const char *org, const char *reason, int64_t v)
{
	char *text = body_document(rq, rs);
	if (!text)
		return 0;
	struct change c = request_change(rq, org, reason);
	struct zerr e = {0};
	int status = v ? 200 : 201;
	int rc = v ? unit_policy_edit(rq->w->store, rq->w->srv->policies, &c, v, text, strlen(text), &e)
		   : unit_policy_draft(rq->w->store, rq->w->srv->policies, &c, text, strlen(text), &v, &e);
	free(text);
	rs->audited = true; /* recorded by the change, or as its refusal */
	return rc ? http_zerr(rs, &e) : reply_version(rq, rs, status, org, v);
}

static int create_version(struct http_req *rq, struct http_resp *rs)
{
	const char *org = whole_unit_of(rq, rs), *reason;
	if (!org || api_body_string(rq, rs, "reason", &reason))
		return 0;
	return save_document(rq, rs, org, reason, 0);
}

static int update_version(struct http_req *rq, struct http_resp *rs)
{
	const char *org = whole_unit_of(rq, rs), *reason;
	int64_t v;
	if (!org || version_of(http_param(rq, "version"), rs, "version", &v) || api_body_string(rq, rs, "reason", &reason))
		return 0;
	return save_document(rq, rs, org, reason, v);
}

static int approve_version(struct http_req *rq, struct http_resp *rs)
{
	const char *org = whole_unit_of(rq, rs), *from_s, *note;
	int64_t v;
	zdate from;
	if (!org || version_of(http_param(rq, "version"), rs, "version", &v) ||
	    api_body_string(rq, rs, "in_force_from", &from_s) || api_body_string(rq, rs, "note", &note))
		return 0;
	if (!from_s || !date_parse(from_s, &from))
		return http_error(rs, 422, "invalid", "in_force_from",
				  "in_force_from: 施行日期须为 YYYY-MM-DD / the day it takes force, YYYY-MM-DD");
	struct change c = request_change(rq, org, note);
	struct zerr e = {0};
	const struct approver who = {rq->who->person, rq->who->roles};
	int rc = unit_policy_approve_by(rq->w->store, rq->w->srv->policies, &c, v, from, &who, &e);
	rs->audited = true;
	return rc ? http_zerr(rs, &e) : reply_version(rq, rs, 200, org, v);
}

static int reject_version(struct http_req *rq, struct http_resp *rs)
{
	const char *org = whole_unit_of(rq, rs), *reason;
	int64_t v;
	if (!org || version_of(http_param(rq, "version"), rs, "version", &v) || api_body_string(rq, rs, "reason", &reason))
		return 0;
	struct change c = request_change(rq, org, reason);
	struct zerr e = {0};
	int rc = unit_policy_reject(rq->w->store, &c, v, &e);
	rs->audited = true;
	return rc ? http_zerr(rs, &e) : reply_version(rq, rs, 200, org, v);
}

/* Version v's document, or with v 0 the one in force on d. */
static int document_of(struct http_req *rq, const char *org, int64_t v, zdate d, char **text, int64_t *which,
		       struct zerr *e)
{
	if (!v)
		return unit_policy_document(rq->w->store, rq->w->srv->policies, org, d, text, which, e);
	json_t *one = NULL;
	int rc = unit_policy_get(rq->w->store, org, v, d, &one, e);
	if (rc)
		return rc;
	*text = json_dumps(json_object_get(one, "document"), JSON_COMPACT);
	json_decref(one);
	*which = v;
	return *text ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
}

static int diff_version(struct http_req *rq, struct http_resp *rs)
{
	const char *org = unit_of(rq, rs), *against_s = http_query(rq, "against");
	int64_t v, against = 0, fw = 0, tw = 0;
	zdate d;
	if (!org || version_of(http_param(rq, "version"), rs, "version", &v) || api_as_of(rq, rs, &d) ||
	    (against_s && version_of(against_s, rs, "against", &against)))
		return 0;
	char *from = NULL, *to = NULL;
	json_t *out = NULL;
	struct zerr e = {0};
	int rc = document_of(rq, org, against, d, &from, &fw, &e);
	if (!rc)
		rc = document_of(rq, org, v, d, &to, &tw, &e);
	if (!rc)
		rc = unit_policy_diff(from, to, &out, &e);
	free(from);
	free(to);
	if (rc)
		return http_zerr(rs, &e);
	json_object_set_new(out, "from_version", json_integer(fw));
	json_object_set_new(out, "to_version", json_integer(tw));
	return http_json(rs, 200, out);
}

/* What tells a finding apart in a preview: its rule, subject and message (a deadline that moves
 * changes the message: the finding shows as gone and added). */
static char *preview_key(json_t *f)
{
	json_t *k = json_pack("[O, O, O]", json_object_get(f, "rule"), json_object_get(f, "subject"),
			      json_object_get(f, "message"));
	char *s = k ? json_dumps(k, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(k);
	return s;
}

static json_t *findings_array(const struct facts *f, const struct findings *fs)
{
	json_t *a = json_array();
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; a && i < fs->n; i++)
		json_array_append_new(a, finding_json(f, &fs->v[i], &sb));
	sb_release(&sb);
	return a;
}

/* Those of `a` whose key is in none of `b`. */
static json_t *missing_from(json_t *a, json_t *b)
{
	json_t *out = json_array();
	size_t i, j;
	json_t *x, *y;
	json_array_foreach(a, i, x) {
		char *kx = preview_key(x);
		bool found = false;
		json_array_foreach(b, j, y) {
			char *ky = preview_key(y);
			found = kx && ky && !strcmp(kx, ky);
			free(ky);
			if (found)
				break;
		}
		free(kx);
		if (!found)
			json_array_append(out, x);
	}
	return out;
}

/* With the document `text` in force on every day, over the shipped profiles alone: the unit's
 * findings on d against those of the version in force that day (added and gone). */
static int preview_of(struct http_req *rq, struct unit_view *uv, const char *text, zdate d, json_t **out,
		      struct zerr *e)
{
	const char *org = uv->facts.orgs.v[uv->org].id;
	json_t *now = NULL, *with = NULL;
	const struct findings *current = NULL;
	struct findings fs = {0};
	struct policy_set *ps = NULL;
	int rc = policies_over(rq->w->srv->policies, &ps, e);
	if (!rc)
		rc = policies_add_unit(ps, org, 0, ZDATE_MIN, text, strlen(text), e);
	if (!rc)
		rc = view_findings(rq->w, uv, d, &current, e);
	if (!rc) {
		engine_set_calendar(rq->w->engine, uv->cal);
		rc = check_facts_with(rq->w->engine, &uv->facts, ps, uv->cal, uv->org, d, &fs, e);
	}
	if (!rc) {
		findings_sort(&fs, &uv->facts);
		now = findings_array(&uv->facts, current);
		with = findings_array(&uv->facts, &fs);
	}
	findings_release(&fs);
	policies_free(ps);
	char day[ZDATE_BUFSZ];
	if (!rc && !(*out = json_pack("{s:s, s:o, s:o, s:I, s:I}", "as_of", date_format(d, day), "added",
				      missing_from(with, now), "gone", missing_from(now, with), "findings_now",
				      (json_int_t)json_array_size(now), "findings_with", (json_int_t)json_array_size(with))))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	json_decref(now);
	json_decref(with);
	return rc;
}

/* GET …/{version}/preview?as_of=: "with this version, the unit would have these findings"
 * (added and gone against those of the version in force that day). */
static int preview_version(struct http_req *rq, struct http_resp *rs)
{
	int64_t v;
	zdate d;
	struct unit_view *uv = NULL;
	/* The whole unit's findings: for those who see all of it. */
	if (!whole_unit_of(rq, rs) || version_of(http_param(rq, "version"), rs, "version", &v) ||
	    api_as_of(rq, rs, &d) || api_unit(rq, rs, &uv))
		return 0;
	struct zerr e = {0};
	json_t *one = NULL, *out = NULL;
	char *text = NULL;
	int rc = unit_policy_get(rq->w->store, uv->facts.orgs.v[uv->org].id, v, d, &one, &e);
	if (!rc && !(text = json_dumps(json_object_get(one, "document"), JSON_COMPACT)))
		rc = zerr_set(&e, ZE_NOMEM, "out of memory");
	if (!rc)
		rc = preview_of(rq, uv, text, d, &out, &e);
	if (!rc)
		json_object_set_new(out, "version", json_integer(v));
	free(text);
	json_decref(one);
	view_release(uv);
	return rc ? http_zerr(rs, &e) : http_json(rs, 200, out);
}

/* POST …/policy-versions/preview?as_of= {document}: the editor's unsaved document, compared
 * with the version in force on as_of (diff) and previewed (added and gone findings), as the two
 * routes of a saved version do. It changes nothing. */
static int preview_unsaved(struct http_req *rq, struct http_resp *rs)
{
	zdate d;
	struct unit_view *uv = NULL;
	if (!whole_unit_of(rq, rs) || api_as_of(rq, rs, &d))
		return 0;
	char *text = body_document(rq, rs);
	if (!text)
		return 0;
	if (api_unit(rq, rs, &uv)) {
		free(text);
		return 0;
	}
	const char *org = uv->facts.orgs.v[uv->org].id;
	rs->audit_action = strdup("policy.preview");
	rs->audit_object = strdup(org);
	struct zerr e = {0};
	json_t *out = NULL, *diff = NULL;
	char *in_force = NULL;
	int64_t which = 0;
	/* Checked as a draft would be. */
	int rc = unit_policy_check(rq->w->srv->policies, org, text, strlen(text), &e);
	if (!rc)
		rc = unit_policy_document(rq->w->store, rq->w->srv->policies, org, d, &in_force, &which, &e);
	if (!rc)
		rc = unit_policy_diff(in_force, text, &diff, &e);
	if (!rc)
		rc = preview_of(rq, uv, text, d, &out, &e);
	if (!rc) {
		json_object_set_new(diff, "from_version", json_integer(which));
		json_object_set_new(out, "diff", diff);
		diff = NULL;
	}
	json_decref(diff);
	free(in_force);
	free(text);
	view_release(uv);
	return rc ? http_zerr(rs, &e) : http_json(rs, 200, out);
}

/* ---- the unit's settings for its policy ------------------------------------------------------ */

/* The unit's business accounts read them; the security administrator, who sets them, reads any
 * unit's. */
static const char *settings_unit_of(struct http_req *rq, struct http_resp *rs)
{
	return rq->who && (rq->who->roles & ROLE_BIT(ROLE_SECADMIN)) ? http_param(rq, "org") : unit_of(rq, rs);
}

static int reply_settings(struct http_req *rq, struct http_resp *rs, const char *org)
{
	int a;
	struct zerr e = {0};
	if (unit_policy_approvers(rq->w->store, org, &a, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:s, s:s}", "org", org, "approvers", policy_approvers_id(a)));
}

/* GET …/policy-settings: who approves the unit's versions ("leader" or "leading_group"). */
static int get_settings(struct http_req *rq, struct http_resp *rs)
{
	const char *org = settings_unit_of(rq, rs);
	struct unit_view *v;
	struct zerr e = {0};
	if (!org)
		return 0;
	if (view_acquire(rq->w, org, &v, &e)) /* an existing unit */
		return http_zerr(rs, &e);
	view_release(v);
	return reply_settings(rq, rs, org);
}

/* PUT …/policy-settings {approvers, reason}: the security administrator's. */
static int put_settings(struct http_req *rq, struct http_resp *rs)
{
	const char *org = http_param(rq, "org"), *approvers, *reason;
	if (api_body_string(rq, rs, "approvers", &approvers) || api_body_string(rq, rs, "reason", &reason))
		return 0;
	int a = -1;
	for (int i = 0; approvers && i < APPROVERS_COUNT; i++)
		if (!strcmp(approvers, policy_approvers_id(i)))
			a = i;
	struct change c = request_change(rq, org, reason);
	struct zerr e = {0};
	int rc = unit_policy_set_approvers(rq->w->store, &c, a, &e);
	rs->audited = true;
	return rc ? http_zerr(rs, &e) : reply_settings(rq, rs, org);
}

/* POST …/policy-versions/draft?name=FILE (the regulation's bytes: .txt, .docx, .pdf): a new draft
 * version made from the text, each proposed rule citing its clause and sentence, with the
 * review list; the office then accepts, edits or drops each rule and saves the draft. */
static int draft_from_text(struct http_req *rq, struct http_resp *rs)
{
	const char *org = whole_unit_of(rq, rs), *name = http_query(rq, "name");
	if (!org)
		return 0;
	if (!name || !*name || strlen(name) > 200)
		return http_error(rs, 422, "invalid", "name", "name: the file's name (.txt, .docx or .pdf), at most 200 bytes");
	struct zerr e = {0};
	struct strbuf text = STRBUF_INIT;
	json_t *doc = NULL;
	char document[260], title[300], reason[300];
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *dot = strrchr(base, '.');
	int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
	snprintf(document, sizeof document, "《%.*s》", n, base);
	snprintf(title, sizeof title, "%s（草稿）", document);
	snprintf(reason, sizeof reason, "起草自 %s / drafted from %s", base, base);
	int rc = regtext_from_bytes(name, rq->body, rq->body_len, &text, &e);
	if (!rc)
		rc = draft_policy(text.buf, text.len, document, "draft", title, &doc, &e);
	sb_release(&text);
	char *out = rc ? NULL : json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!rc && !out)
		rc = zerr_set(&e, ZE_NOMEM, "out of memory");
	struct change c = request_change(rq, org, reason);
	int64_t v = 0;
	if (!rc)
		rc = unit_policy_draft(rq->w->store, rq->w->srv->policies, &c, out, strlen(out), &v, &e);
	else
		change_refused(rq->w->store, &(struct change){.actor = c.actor, .source = c.source, .unit = org,
							      .action = "policy.draft", .object = org, .reason = reason},
			       &e);
	free(out);
	rs->audited = true;
	return rc ? http_zerr(rs, &e) : reply_version(rq, rs, 201, org, v);
}

const struct route api_policy_version_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/policy", get_current, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/policy-versions", list_versions, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/policy-versions", create_version, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/policy-versions/draft", draft_from_text, PERM_OFFICE, REGTEXT_MAX_FILE, true},
	{HTTP_GET, "/api/v1/units/{org}/policy-versions/{version}", get_version, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/policy-versions/{version}", update_version, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/policy-versions/{version}/diff", diff_version, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/policy-versions/{version}/preview", preview_version, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/policy-versions/{version}/approve", approve_version, PERM_LEADER, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/policy-versions/{version}/reject", reject_version, PERM_LEADER, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/policy-versions/preview", preview_unsaved, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/policy-settings", get_settings, PERM_POLICY, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/policy-settings", put_settings, PERM_SECURITY, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
