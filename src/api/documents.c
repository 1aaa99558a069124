/* API v1: documents to sign (issue 14) — generate, list, download, sign in the platform (the
 * signer confirms with their password), record a paper signature (the signed scan), and the
 * public verification of a number or a file. The unit's private key never leaves core. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/change.h"
#include "core/documents.h"
#include "core/evidence.h"
#include "doc/pdf.h"
#include "doc/xlsx.h"
#include "util/clock.h"

#define DOC_LIST_MAX 100000 /* documents of one unit in one listing */

/* The address the QR code points at: the request's own origin (https when it came over TLS),
 * with a host of letters, digits, '.', '-' and ':' only; NULL (no QR code) otherwise. */
static const char *origin(const struct http_req *rq, char *buf, size_t n)
{
	const char *host = http_header(rq, "Host");
	if (!host || !*host || strlen(host) > 200)
		return NULL;
	for (const char *p = host; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p))
			return NULL;
	snprintf(buf, n, "%s://%s", rq->secure ? "https" : "http", host);
	return buf;
}

static json_t *row_json(const struct document_row *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s?, s:s, s:s}", "number",
			 r->number, "org", r->org, "kind", r->kind, "person", r->person, "department", r->department,
			 "post", r->post, "title", r->title, "from", r->from, "to", r->to, "date", r->date, "sha256",
			 r->sha256, "sm3", r->sm3, "pages", r->pages, "campaign", r->campaign, "status", r->status,
			 "generated_at", r->generated_at);
}

/* May the account see a document for person pid (a person id of v)? */
static bool doc_visible(const struct http_req *rq, const struct unit_view *v, const char *pid)
{
	int32_t p = hmap_get(&v->facts.person_ids, pid);
	return p >= 0 && scope_person(rq, &v->facts, p);
}

struct listing {
	struct http_req *rq;
	struct unit_view *v;
	json_t *items;
	const char *status, *kind;
	size_t n;
};

static int add_row(void *ctx, const struct document_row *r)
{
	struct listing *l = ctx;
	if (strcmp(r->org, l->v->facts.orgs.v[l->v->org].id) || !doc_visible(l->rq, l->v, r->person) || (l->status && strcmp(l->status, r->status)) ||
	    (l->kind && strcmp(l->kind, r->kind)))
		return 0;
	if (++l->n > DOC_LIST_MAX)
		return 0;
	json_t *o = row_json(r);
	int32_t p = hmap_get(&l->v->facts.person_ids, r->person);
	json_object_set_new(o, "person_name", json_string(l->v->facts.people.v[p].name));
	int32_t d = r->department ? hmap_get(&l->v->facts.dept_ids, r->department) : -1;
	if (d >= 0)
		json_object_set_new(o, "department_name", json_string(l->v->facts.depts.v[d].name));
	return o ? json_array_append_new(l->items, o) : -1;
}

/* A listing's reply, taking items over: {items, total}, or the store's error (rc < 0) or out of
 * memory (rc > 0: a row could not be added). */
static void send_listing(struct http_resp *rs, int rc, const struct zerr *e, json_t *items)
{
	if (rc) {
		json_decref(items);
		http_zerr(rs, rc < 0 ? e : &(struct zerr){.code = ZE_NOMEM, .msg = "out of memory"});
	} else {
		http_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
	}
}

UNIT_HANDLER(list_documents)
{
	struct zerr e = {0};
	const char *campaign = http_query(rq, "campaign");
	struct listing l = {rq, v, json_array(), http_query(rq, "status"), http_query(rq, "kind"), 0};
	int rc = campaign ? store_document_each(rq->w->store, DOCUMENT_BY_CAMPAIGN, campaign, add_row, &l, &e)
			  : store_document_each(rq->w->store, DOCUMENT_BY_ORG, v->facts.orgs.v[v->org].id, add_row, &l, &e);
	send_listing(rs, rc, &e, l.items);
	return 0;
}

static bool opt_date(struct http_resp *rs, json_t *body, const char *key, zdate *out)
{
	json_t *j = json_object_get(body, key);
	*out = ZDATE_NONE;
	if (!j || json_is_null(j))
		return true;
	if (!json_is_string(j) || !date_parse(json_string_value(j), out)) {
		http_error(rs, 422, "invalid", key, "%s must be a date YYYY-MM-DD", key);
		return false;
	}
	return true;
}

/* The body's year, when given (else *out is left as it is). */
static bool opt_year(struct http_resp *rs, json_t *body, int *out)
{
	json_t *j = json_object_get(body, "year");
	if (!j || json_is_null(j))
		return true;
	if (!json_is_integer(j) || json_integer_value(j) < 2000 || json_integer_value(j) > 2400) {
		http_error(rs, 422, "invalid", "year", "year must be a whole number from 2000 to 2400");
		return false;
	}
	*out = (int)json_integer_value(j);
	return true;
}

static const char *opt_str(json_t *body, const char *key)
{
	json_t *j = json_object_get(body, key);
	return json_is_string(j) ? json_string_value(j) : NULL;
}

UNIT_HANDLER(generate_document)
{
	struct zerr e = {0};
	struct doc_output o;
	char base[260];
	const char *clauses[DOC_CLAUSES_MAX];
	json_t *body = rq->json;
	memset(&o, 0, sizeof o);
	const char *org = v->facts.orgs.v[v->org].id;
	struct doc_request dr = {.org = org, .kind = opt_str(body, "kind"), .person = opt_str(body, "person"),
				 .post = opt_str(body, "post"), .department = opt_str(body, "department"),
				 .base_url = origin(rq, base, sizeof base)};
	if (!opt_date(rs, body, "date", &dr.date) || !opt_date(rs, body, "from", &dr.from) ||
	    !opt_date(rs, body, "to", &dr.to))
		goto out;
	if (dr.date == ZDATE_NONE)
		dr.date = date_today();
	if (!opt_year(rs, body, &dr.year))
		goto out;
	dr.templates = view_policy_at(v, dr.date) ? view_policy_at(v, dr.date)->templates : NULL;
	json_t *cl = json_object_get(body, "clauses"), *c;
	size_t i;
	if (!api_body_list(rs, cl, "clauses", DOC_CLAUSES_MAX, "too_large", "clauses must be a list of texts", "clauses"))
		goto out;
	json_array_foreach(cl, i, c) {
		if (!json_is_string(c)) {
			http_error(rs, 422, "invalid", "clauses", "clauses[%zu] must be a text", i);
			goto out;
		}
		clauses[i] = json_string_value(c);
	}
	dr.clauses = clauses;
	dr.n_clauses = (int)json_array_size(cl);
	if (documents_generate(&v->facts, &dr, &o, &e)) {
		http_zerr(rs, &e);
		goto out;
	}
	struct change ch = {.actor = rq->who->username, .source = rq->source, .unit = org, .action = "doc.generate",
			    .object = o.number};
	int rc = documents_save(rq->w->store, rq->w->srv->data_dir, &ch, org, &o, NULL, &e);
	rs->audited = true; /* with the document, or as its refusal */
	if (rc) {
		http_zerr(rs, &e);
		goto out;
	}
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], date[ZDATE_BUFSZ];
	http_json(rs, 201,
		  json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:i}", "number", o.number, "title",
			    o.title, "kind", o.kind, "person", o.person, "department", o.department[0] ? o.department : NULL,
			    "post", o.post[0] ? o.post : NULL, "from", date_format(o.from, from), "to",
			    date_format(o.to, to), "date", date_format(o.date, date), "sha256", o.sha256, "sm3", o.sm3,
			    "pages", o.pages));
out:
	doc_output_release(&o);
	return 0;
}

/* The document {number} of the route's unit, when the account may see it: its verification
 * (with "document"). Fills rs (404) and returns NULL otherwise. */
static json_t *visible_document(struct http_req *rq, struct http_resp *rs, struct unit_view *v)
{
	struct zerr e = {0};
	json_t *out = NULL;
	const char *number = http_param(rq, "number");
	if (documents_verify(rq->w->store, rq->w->srv->data_dir, NULL, 0, number, &out, &e)) {
		http_zerr(rs, &e);
		return NULL;
	}
	json_t *d = json_object_get(out, "document");
	if (!d || strcmp(json_string_value(json_object_get(d, "org")), v->facts.orgs.v[v->org].id) ||
	    !doc_visible(rq, v, json_string_value(json_object_get(d, "person")))) {
		json_decref(out);
		http_error(rs, 404, "not_found", NULL, "no document %s of unit %s that you may see", number,
			   v->facts.orgs.v[v->org].id);
		return NULL;
	}
	return out;
}

UNIT_HANDLER(get_document)
{
	json_t *d = visible_document(rq, rs, v);
	if (d)
		http_json(rs, 200, d);
	return 0;
}

UNIT_HANDLER(download_document)
{
	struct zerr e = {0};
	char path[4096], name[DOC_NUMBER_MAX + 8];
	json_t *d = visible_document(rq, rs, v);
	if (d) {
		const char *sha = json_string_value(json_object_get(json_object_get(d, "document"), "sha256"));
		snprintf(name, sizeof name, "%s.pdf", http_param(rq, "number"));
		if (evidence_path(rq->w->srv->data_dir, sha, path, sizeof path, &e))
			http_zerr(rs, &e);
		else
			http_send_file(rs, path, "application/pdf", name);
		json_decref(d);
	}
	return 0;
}

/* A preview's reply: one page as a PNG, and how many pages the document has. */
static void send_png(struct http_resp *rs, const struct strbuf *png, int pages)
{
	char n[16];
	snprintf(n, sizeof n, "%d", pages);
	http_text(rs, 200, "image/png", png->buf, png->len);
	http_add_header(rs, "X-Zeren-Pages", n);
}

/* Page ?page= (default 1) as a PNG ?width= pixels wide (default 900): the browser's preview. */
UNIT_HANDLER(preview_document)
{
	struct zerr e = {0};
	char path[4096];
	json_t *d = visible_document(rq, rs, v);
	const char *ps = http_query(rq, "page"), *ws = http_query(rq, "width");
	int page = ps ? atoi(ps) : 1, width = ws ? atoi(ws) : 900, pages = 0;
	if (d) {
		const char *sha = json_string_value(json_object_get(json_object_get(d, "document"), "sha256"));
		struct strbuf pdf = STRBUF_INIT, png = STRBUF_INIT;
		if (evidence_path(rq->w->srv->data_dir, sha, path, sizeof path, &e) || read_file(path, DOC_PDF_MAX, &pdf, &e) ||
		    doc_pdf_page_png(pdf.buf, pdf.len, page, width, &png, &pages, &e))
			http_zerr(rs, &e);
		else
			send_png(rs, &png, pages);
		sb_release(&pdf);
		sb_release(&png);
		json_decref(d);
	}
	return 0;
}

/* Signs as method, the signer being the document's person; replies with the verification. */
static void sign(struct http_req *rq, struct http_resp *rs, struct unit_view *v, const char *method,
		 const char *signer)
{
	struct zerr e = {0};
	const char *org = v->facts.orgs.v[v->org].id, *number = http_param(rq, "number");
	struct doc_signing sg = {.number = number, .method = method, .signer = signer, .account = rq->who->username,
				 .on = date_today()};
	if (!strcmp(method, "paper")) {
		sg.scan = rq->body, sg.scan_len = rq->body_len, sg.scan_name = http_query(rq, "name");
		if (!sg.scan_name || !*sg.scan_name) {
			http_error(rs, 400, "bad_parameter", "name", "name the scan: ?name=FILENAME");
			return;
		}
	}
	struct change ch = {.actor = rq->who->username, .source = rq->source, .unit = org, .action = "doc.sign",
			    .object = number};
	int rc = documents_sign(rq->w->store, rq->w->srv->data_dir, &ch, &sg, &e);
	rs->audited = true;
	json_t *out = NULL;
	if (rc || documents_verify(rq->w->store, rq->w->srv->data_dir, NULL, 0, number, &out, &e))
		http_zerr(rs, &e);
	else
		http_json(rs, 200, out);
}

/* In the platform: the person the letter is for, signed in, confirms with their password. */
UNIT_HANDLER(sign_document)
{
	struct zerr e = {0};
	json_t *d = visible_document(rq, rs, v);
	const char *password = opt_str(rq->json, "password");
	time_t locked_until = 0;
	int rc;
	if (!d)
		return 0;
	const char *person = json_string_value(json_object_get(json_object_get(d, "document"), "person"));
	if (!rq->who->person[0] || strcmp(rq->who->person, person)) {
		/* one signs only one's own: to anyone else there is no such document to sign */
		http_error(rs, 404, "not_found", NULL, "只有本人可以签署 / only %s may sign document %s", person,
			   http_param(rq, "number"));
	} else if (!password) {
		http_error(rs, 422, "invalid", "password", "confirm with your password");
	} else if ((rc = account_confirm_password(rq->w->store, rq->who->username, password, "doc.sign", clock_now(),
						  &locked_until, &e))) {
		json_t *detail = json_pack("{s:s}", "error", rc == ZE_LIMIT ? "locked" : "password");
		if (locked_until)
			json_object_set_new(detail, "locked_until", json_integer((json_int_t)locked_until));
		if (rc == ZE_LIMIT) {
			char wait[32];
			snprintf(wait, sizeof wait, "%lld", (long long)(locked_until > clock_now() ? locked_until - clock_now() : 1));
			http_add_header(rs, "Retry-After", wait);
			http_error(rs, 429, "password_locked", "password", "%s", e.msg);
		} else if (rc == ZE_INVALID) {
			http_error(rs, 403, "bad_password", "password", "密码不正确 / the password is not right");
		} else {
			http_zerr(rs, &e);
		}
		http_audit(rs, "doc.sign", http_param(rq, "number"), detail);
	} else {
		sign(rq, rs, v, "platform", person);
	}
	json_decref(d);
	return 0;
}

/* On paper: the signed scan, uploaded by the office (or the department's liaison). */
UNIT_HANDLER(upload_scan)
{
	json_t *d = visible_document(rq, rs, v);
	if (d) {
		const char *person = json_string_value(json_object_get(json_object_get(d, "document"), "person"));
		int32_t p = hmap_get(&v->facts.person_ids, person);
		if (p < 0 || !scope_write_dept(rq, &v->facts, v->facts.people.v[p].dept))
			http_error(rs, 403, "out_of_scope", NULL, "you may not record signatures for %s", person);
		else
			sign(rq, rs, v, "paper", person);
		json_decref(d);
	}
	return 0;
}

/* Public: what the number's QR code leads to. Says what was signed, by whom and when; no more. */
static json_t *public_view(json_t *full)
{
	json_t *d = json_object_get(full, "document"), *sigs = json_array(), *s;
	size_t i;
	json_array_foreach(json_object_get(full, "signatures"), i, s)
		json_array_append_new(sigs, json_pack("{s:O, s:O?, s:O, s:O, s:O, s:O}", "method",
						      json_object_get(s, "method"), "signer_name",
						      json_object_get(s, "signer_name"), "signed_at",
						      json_object_get(s, "signed_at"), "alg", json_object_get(s, "alg"),
						      "key_id", json_object_get(s, "key_id"), "valid",
						      json_object_get(s, "valid")));
	json_t *o = json_pack("{s:O, s:O, s:O}", "known", json_object_get(full, "known"), "signed",
			      json_object_get(full, "signed"), "valid", json_object_get(full, "valid"));
	if (json_object_get(full, "sha256"))
		json_object_set(o, "file_sha256", json_object_get(full, "sha256"));
	if (d)
		json_object_set_new(o, "document",
				    json_pack("{s:O, s:O, s:O?, s:O, s:O, s:O, s:O}", "number", json_object_get(d, "number"),
					      "title", json_object_get(d, "title"), "person_name",
					      json_object_get(d, "person_name"), "date", json_object_get(d, "date"),
					      "status", json_object_get(d, "status"), "sha256", json_object_get(d, "sha256"),
					      "sm3", json_object_get(d, "sm3")));
	json_object_set_new(o, "signatures", sigs);
	return o;
}

static int verify_number(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	json_t *out = NULL;
	if (documents_verify(rq->w->store, rq->w->srv->data_dir, NULL, 0, http_param(rq, "number"), &out, &e))
		return http_zerr(rs, &e);
	int rc = http_json(rs, json_is_true(json_object_get(out, "known")) ? 200 : 404, public_view(out));
	json_decref(out);
	return rc;
}

/* A file checked against the store: for any signed-in account (the number's page is public;
 * uploads are not, and each is in the audit log). */
static int verify_file(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	json_t *out = NULL;
	if (!rq->body_len)
		return http_error(rs, 400, "bad_request", NULL, "send the PDF as the request body");
	if (documents_verify(rq->w->store, rq->w->srv->data_dir, rq->body, rq->body_len, NULL, &out, &e))
		return http_zerr(rs, &e);
	http_audit(rs, "doc.verify", json_string_value(json_object_get(out, "sha256")),
		   json_pack("{s:b, s:b}", "known", json_is_true(json_object_get(out, "known")), "valid",
			     json_is_true(json_object_get(out, "valid"))));
	int rc = http_json(rs, 200, public_view(out));
	json_decref(out);
	return rc;
}

/* ---- campaigns ------------------------------------------------------------------------------ */

struct campaign_list {
	json_t *items;
};

static int add_campaign(void *ctx, const struct campaign_row *r)
{
	struct campaign_list *l = ctx;
	json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "id", r->id, "kind", r->kind, "year", r->year, "title",
			      r->title, "date", r->date, "status", r->status, "created_at", r->created_at);
	return o ? json_array_append_new(l->items, o) : -1;
}

/* A campaign's change's reply: its refusal (rc nonzero, e), recorded by the change, or the
 * campaign as it is now. */
static void reply_campaign(struct http_req *rq, struct http_resp *rs, const char *id, int status, int rc, struct zerr *e)
{
	json_t *out = NULL;
	rs->audited = true;
	if (rc || documents_campaign_json(rq->w->store, id, &out, e))
		http_zerr(rs, e);
	else
		http_json(rs, status, out);
}

UNIT_HANDLER(list_campaigns)
{
	struct zerr e = {0};
	struct campaign_list l = {json_array()};
	int rc = store_campaign_each(rq->w->store, NULL, v->facts.orgs.v[v->org].id, add_campaign, &l, &e);
	/* with each one's counts */
	size_t i;
	json_t *c;
	json_array_foreach(l.items, i, c) {
		json_t *full = NULL;
		if (!rc && !(rc = documents_campaign_json(rq->w->store, json_string_value(json_object_get(c, "id")), &full, &e)))
			json_object_set(c, "counts", json_object_get(full, "counts"));
		json_decref(full);
	}
	send_listing(rs, rc, &e, l.items);
	return 0;
}

UNIT_HANDLER(open_campaign)
{
	struct zerr e = {0};
	char base[260], id[256];
	size_t n;
	const char *org = v->facts.orgs.v[v->org].id;
	struct campaign_request cr = {.org = org, .kind = opt_str(rq->json, "kind"), .base_url = origin(rq, base, sizeof base)};
	if (!opt_date(rs, rq->json, "date", &cr.date))
		return 0;
	if (cr.date == ZDATE_NONE)
		cr.date = date_today();
	if (!opt_year(rs, rq->json, &cr.year))
		return 0;
	cr.templates = view_policy_at(v, cr.date) ? view_policy_at(v, cr.date)->templates : NULL;
	struct change ch = {.actor = rq->who->username, .source = rq->source, .unit = org, .action = "doc.campaign",
			    .object = org};
	int rc = documents_campaign_open(rq->w->store, rq->w->srv->data_dir, &ch, &v->facts, &cr, id, &n, &e);
	reply_campaign(rq, rs, id, 201, rc, &e);
	return 0;
}

UNIT_HANDLER(get_campaign)
{
	struct zerr e = {0};
	json_t *out = NULL;
	if (documents_campaign_json(rq->w->store, http_param(rq, "id"), &out, &e)) {
		http_zerr(rs, &e);
	} else if (strcmp(json_string_value(json_object_get(out, "org")), v->facts.orgs.v[v->org].id)) {
		json_decref(out);
		http_error(rs, 404, "not_found", NULL, "no campaign %s in unit %s", http_param(rq, "id"),
			   v->facts.orgs.v[v->org].id);
	} else {
		/* the letters the account may see, with names */
		json_t *docs = json_array(), *d;
		size_t i;
		json_array_foreach(json_object_get(out, "documents"), i, d) {
			const char *pid = json_string_value(json_object_get(d, "person"));
			if (!doc_visible(rq, v, pid))
				continue;
			int32_t p = hmap_get(&v->facts.person_ids, pid);
			json_object_set_new(d, "person_name", json_string(v->facts.people.v[p].name));
			const char *dep = json_string_value(json_object_get(d, "department"));
			int32_t di = dep ? hmap_get(&v->facts.dept_ids, dep) : -1;
			if (di >= 0)
				json_object_set_new(d, "department_name", json_string(v->facts.depts.v[di].name));
			json_array_append(docs, d);
		}
		json_object_set_new(out, "documents", docs);
		http_json(rs, 200, out);
	}
	return 0;
}

static int campaign_action(struct http_req *rq, struct http_resp *rs, bool send)
{
	struct unit_view *v;
	struct zerr e = {0};
	size_t n = 0;
	if (api_unit(rq, rs, &v))
		return 0;
	const char *id = http_param(rq, "id");
	struct change ch = {.actor = rq->who->username, .source = rq->source, .unit = v->facts.orgs.v[v->org].id,
			    .action = send ? "doc.campaign.send" : "doc.campaign.close", .object = id};
	int rc = send ? documents_campaign_send(rq->w->store, &ch, id, &n, &e)
		      : documents_campaign_close(rq->w->store, &ch, id, &e);
	reply_campaign(rq, rs, id, 200, rc, &e);
	view_release(v);
	return 0;
}

static int send_campaign(struct http_req *rq, struct http_resp *rs)
{
	return campaign_action(rq, rs, true);
}

static int close_campaign(struct http_req *rq, struct http_resp *rs)
{
	return campaign_action(rq, rs, false);
}

/* A letter handed out (sent) or its signed original filed (returned). */
UNIT_HANDLER(set_status)
{
	struct zerr e = {0};
	const char *number = http_param(rq, "number"), *status = opt_str(rq->json, "status");
	struct change ch = {.actor = rq->who->username, .source = rq->source, .unit = v->facts.orgs.v[v->org].id,
			    .action = "doc.status", .object = number};
	int rc = status ? documents_set_status(rq->w->store, &ch, number, status, &e)
			: zerr_set(&e, ZE_INVALID, "status: must be sent or returned");
	if (status)
		rs->audited = true;
	json_t *out = NULL;
	if (rc || documents_verify(rq->w->store, rq->w->srv->data_dir, NULL, 0, number, &out, &e)) {
		if (!status)
			http_error(rs, 422, "invalid", "status", "status must be sent or returned");
		else
			http_zerr(rs, &e);
	} else {
		http_json(rs, 200, out);
	}
	return 0;
}

/* ---- the unit's own templates ---------------------------------------------------------------- */

/* The template of {kind} letters dated ?as_of= are made from: {kind, own, template}. */
UNIT_HANDLER(get_template)
{
	struct zerr e = {0};
	zdate as_of;
	bool own = false;
	if (!api_as_of(rq, rs, &as_of)) {
		const struct policy *p = view_policy_at(v, as_of);
		json_t *t = documents_template(p ? p->templates : NULL, http_param(rq, "kind"), &own, &e);
		if (!t)
			http_zerr(rs, &e);
		else
			http_json(rs, 200, json_pack("{s:s, s:b, s:o}", "kind", http_param(rq, "kind"), "own", own, "template", t));
	}
	return 0;
}

/* A letter of {kind} made from the template in the body, not kept: page ?page= as a PNG (as
 * preview_document). Body: {template, person, date?, year?, post?}. For the office editing the
 * unit's template before drafting it into a policy version. */
UNIT_HANDLER(preview_template)
{
	struct zerr e = {0};
	struct doc_output o;
	struct strbuf png = STRBUF_INIT;
	const char *kind = http_param(rq, "kind"), *ps = http_query(rq, "page"), *ws = http_query(rq, "width");
	int page = ps ? atoi(ps) : 1, width = ws ? atoi(ws) : 900, pages = 0;
	json_t *body = rq->json, *j;
	char *text = NULL, object[300];
	memset(&o, 0, sizeof o);
	const char *org = v->facts.orgs.v[v->org].id;
	snprintf(object, sizeof object, "%s/%s", org, kind);
	http_audit(rs, "doc.template.preview", object, NULL);
	struct doc_request dr = {.org = org, .kind = kind, .person = opt_str(body, "person"), .post = opt_str(body, "post"),
				 .from = ZDATE_NONE, .to = ZDATE_NONE};
	if (!opt_date(rs, body, "date", &dr.date))
		goto out;
	if (dr.date == ZDATE_NONE)
		dr.date = date_today();
	if ((j = json_object_get(body, "year")) && json_is_integer(j))
		dr.year = (int)json_integer_value(j);
	json_t *tpl = json_object_get(body, "template");
	if (!json_is_object(tpl)) {
		http_error(rs, 422, "invalid", "template", "template must be an object {title, blocks, party_a, party_b}");
		goto out;
	}
	json_t *all = json_pack("{s:O}", kind, tpl);
	text = all ? json_dumps(all, JSON_COMPACT) : NULL;
	json_decref(all);
	dr.templates = text;
	if (!text)
		zerr_set(&e, ZE_NOMEM, "out of memory");
	if (e.code || documents_templates_check(text, &e) || documents_generate(&v->facts, &dr, &o, &e) ||
	    doc_pdf_page_png(o.pdf.buf, o.pdf.len, page, width, &png, &pages, &e))
		http_zerr(rs, &e);
	else
		send_png(rs, &png, pages);
out:
	free(text);
	sb_release(&png);
	doc_output_release(&o);
	return 0;
}

/* ---- reports to file ----------------------------------------------------------------------- */

/* ?format=pdf (default) or xlsx into *xlsx; else 400 and false. */
static bool report_format(const struct http_req *rq, struct http_resp *rs, bool *xlsx)
{
	const char *fmt = http_query(rq, "format");
	*xlsx = fmt && !strcmp(fmt, "xlsx");
	if (fmt && *fmt && !*xlsx && strcmp(fmt, "pdf")) {
		http_error(rs, 400, "bad_parameter", "format", "format must be pdf or xlsx, not '%s'", fmt);
		return false;
	}
	return true;
}

/* A report's workbook, written by the core (api_workbook_bytes). */
struct workbook {
	const struct facts *f;
	zidx u;
	const struct findings *fs;
	zdate as_of;
	const struct selfcheck_request *sq; /* the self-check's, else the findings' */
};

static int write_workbook(void *ctx, const char *path, struct zerr *e)
{
	const struct workbook *w = ctx;
	return w->sq ? documents_selfcheck_xlsx(w->f, w->sq, path, e)
		     : documents_findings_xlsx(w->f, w->u, w->fs, w->as_of, path, e);
}

/* The unit's findings report, or with dept >= 0 that department's half-yearly self-check, as of
 * ?as_of= in the ?format= asked (PDF or Excel), sent as a download. */
static void send_findings_report(struct http_req *rq, struct http_resp *rs, struct unit_view *v, zidx dept)
{
	const struct facts *f = &v->facts;
	struct zerr e = {0};
	struct strbuf b = STRBUF_INIT;
	const struct findings *fs = NULL;
	zdate as_of;
	bool xlsx;
	int pages;
	char name[400], d[ZDATE_BUFSZ];
	if (api_as_of(rq, rs, &as_of) || !report_format(rq, rs, &xlsx))
		return;
	struct selfcheck_request sq = {.org = v->org, .dept = dept, .as_of = as_of, .policy = view_policy_at(v, as_of),
				       .cal = v->cal};
	struct workbook w = {f, v->org, NULL, as_of, dept >= 0 ? &sq : NULL};
	if (dept >= 0)
		snprintf(name, sizeof name, "%s-%s-%s-selfcheck.%s", f->orgs.v[v->org].id, f->depts.v[dept].id,
			 date_format(as_of, d), xlsx ? "xlsx" : "pdf");
	else
		snprintf(name, sizeof name, "%s-%s-findings.%s", f->orgs.v[v->org].id, date_format(as_of, d),
			 xlsx ? "xlsx" : "pdf");
	int rc = view_findings(rq->w, v, as_of, &fs, &e);
	w.fs = sq.findings = fs;
	if (!rc && xlsx)
		rc = api_workbook_bytes(write_workbook, &w, &b, &e);
	else if (!rc)
		rc = dept >= 0 ? documents_selfcheck_report(f, &sq, &b, &pages, &e)
			       : documents_findings_report(f, v->org, fs, as_of, NULL, &b, &pages, &e);
	if (rc)
		http_zerr(rs, &e);
	else
		api_download(rs, xlsx ? XLSX_TYPE : "application/pdf", b.buf, b.len, name);
	sb_release(&b);
}

/* The unit's findings report as of ?as_of=: for those who see the whole unit. */
UNIT_HANDLER(findings_report)
{
	if (!scope_whole_unit(rq) && !scope_supervises(v, rq))
		http_error(rs, 403, "out_of_scope", NULL, "the findings report covers the whole unit");
	else
		send_findings_report(rq, rs, v, ZIDX_NONE);
	return 0;
}

/* The accountability report of an incident: for those who see the whole unit. */
UNIT_HANDLER(accountability_report)
{
	struct zerr e = {0};
	struct strbuf b = STRBUF_INIT;
	int pages;
	char name[300];
	const char *id = http_param(rq, "id");
	zidx xi = hmap_get(&v->facts.incident_ids, id);
	if (!scope_whole_unit(rq) && !scope_supervises(v, rq)) {
		http_error(rs, 403, "out_of_scope", NULL, "the accountability report names people across the unit");
	} else if (xi < 0 || v->facts.incidents.v[xi].org != v->org) {
		http_error(rs, 404, "not_found", NULL, "no incident %s", id);
	} else {
		const struct incident *x = &v->facts.incidents.v[xi];
		snprintf(name, sizeof name, "%s-%s-accountability.pdf", v->facts.orgs.v[v->org].id, x->id);
		if (documents_accountability_report(&v->facts, view_policy_at(v, org_date(&v->facts, v->org, x->occurred)), xi,
						    NULL, &b, &pages, &e))
			http_zerr(rs, &e);
		else
			api_download(rs, "application/pdf", b.buf, b.len, name);
	}
	sb_release(&b);
	return 0;
}

/* A department's half-yearly self-check as of ?as_of=: office, leaders, the department's liaison. */
UNIT_HANDLER(selfcheck_report)
{
	const char *id = http_param(rq, "id");
	zidx di = hmap_get(&v->facts.dept_ids, id);
	if (di < 0 || v->facts.depts.v[di].org != v->org)
		http_error(rs, 404, "not_found", NULL, "no department %s", id);
	else if (!scope_dept(rq, &v->facts, di))
		http_error(rs, 403, "out_of_scope", NULL, "department %s is outside your scope", id);
	else
		send_findings_report(rq, rs, v, di);
	return 0;
}

const struct route api_document_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/campaigns", list_campaigns, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/campaigns", open_campaign, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/campaigns/{id}", get_campaign, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/campaigns/{id}/send", send_campaign, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/campaigns/{id}/close", close_campaign, PERM_OFFICE, 0, false},
	{HTTP_PATCH, "/api/v1/units/{org}/documents/{number}", set_status, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/documents", list_documents, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/documents", generate_document, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/documents/{number}", get_document, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/documents/{number}/pdf", download_document, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/documents/{number}/preview", preview_document, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/documents/{number}/sign", sign_document, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/documents/{number}/scan", upload_scan, PERM_WRITE, HTTP_MAX_UPLOAD, true},
	{HTTP_GET, "/api/v1/verify/{number}", verify_number, PERM_PUBLIC, 0, false},
	{HTTP_POST, "/api/v1/verify", verify_file, PERM_SESSION, DOC_PDF_MAX, true},
	{HTTP_GET, "/api/v1/units/{org}/reports/findings", findings_report, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/incidents/{id}/accountability-report", accountability_report, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/departments/{id}/selfcheck", selfcheck_report, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/templates/{kind}", get_template, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/templates/{kind}/preview", preview_template, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
