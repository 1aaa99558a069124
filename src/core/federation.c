/* Signed packages between a supervisor and the units that run their own zeren (federation.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/check.h"
#include "core/documents.h"
#include "core/duties.h"
#include "core/federation.h"
#include "core/interchange.h"
#include "core/rollup.h"
#include "util/clock.h"

#define PACKAGE_MAGIC "zeren-package/1"
#define HEADER_MAX 1024
#define DEFAULT_SECTIONS_N 4

static const char *const default_sections[DEFAULT_SECTIONS_N] = {"organizations", "systems", "appointments", "notices"};

static void now_iso(char buf[32])
{
	time_t t = clock_now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool is_direction(const char *d)
{
	return d && (!strcmp(d, FED_DIRECTION_UNIT) || !strcmp(d, FED_DIRECTION_SUPERVISOR));
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* The key registered for (org, direction), if any. */
struct key_held {
	char key_id[32], registered_at[32];
	bool found;
};

static int key_held(void *ctx, const struct fed_key_row *r)
{
	struct key_held *h = ctx;
	snprintf(h->key_id, sizeof h->key_id, "%s", r->key_id);
	snprintf(h->registered_at, sizeof h->registered_at, "%s", r->registered_at);
	h->found = true;
	return 1;
}

/* Whether unit org is hosted in the store (> 0), one keyed read; < 0 when the read fails. */
static int hosted_here(struct store *s, const char *org, struct zerr *e)
{
	char held[201];
	int rc = store_id_unit(s, SK_ORG, org, held, e);
	return rc ? rc : held[0] != '\0';
}

int fed_key_register(struct store *s, struct change *c, const char *org, const char *direction, const char *name,
		     const char *pub_text, bool replace, struct zerr *e)
{
	struct key_held held = {0};
	struct audit_key *k = NULL;
	char at[32];
	int rc;
	if (!org || !*org || strlen(org) > IMPORT_MAX_ID)
		rc = zerr_set(e, ZE_INVALID, "org: a unit id of 1 to %d bytes", IMPORT_MAX_ID);
	else if (!is_direction(direction))
		rc = zerr_set(e, ZE_INVALID, "direction: must be %s or %s", FED_DIRECTION_UNIT, FED_DIRECTION_SUPERVISOR);
	else if (!name || !*name || strlen(name) > IMPORT_MAX_TEXT)
		rc = zerr_set(e, ZE_INVALID, "name: the unit's name, 1 to %d bytes", IMPORT_MAX_TEXT);
	else if (!pub_text || strlen(pub_text) > FED_KEY_TEXT_MAX)
		rc = zerr_set(e, ZE_INVALID, "key: a public key file (zeren-audit-pub/1) of at most %d bytes",
			      FED_KEY_TEXT_MAX);
	else
		rc = audit_key_parse_public(pub_text, "key", &k, e);
	if (rc)
		goto refused;
	now_iso(at);
	char line[FED_KEY_TEXT_MAX + 1];
	snprintf(line, sizeof line, "%.*s", (int)strcspn(pub_text, "\n"), pub_text);
	struct fed_key_row r = {.org = org, .direction = direction, .name = name, .alg = audit_key_alg_name(k),
				.key_id = audit_key_id(k), .public_key = line, .registered_at = at};
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s}", "org", org, "direction", direction, "alg", r.alg, "key",
				   r.key_id);
	/* What the store holds is read inside the transaction that writes the key. */
	if (!(rc = store_begin(s, e)) && (rc = hosted_here(s, org, e)) > 0)
		rc = zerr_set(e, ZE_CONFLICT,
			      "$.org: %s 的记录就在本系统中，无需交换密钥 / $.org: %s is hosted here; its records are its own",
			      org, org);
	if (!rc && (rc = store_fed_key_each(s, org, direction, key_held, &held, e)) > 0)
		rc = 0;
	if (!rc && held.found && !replace && strcmp(held.key_id, r.key_id))
		rc = zerr_set(e, ZE_CONFLICT,
			      "$.org: %s 已登记另一公钥（%s，%s 登记），只有系统运维人员可以更换（zeren report trust） / the "
			      "%s key of %s is registered already (%s, since %s): only the installation's operator replaces "
			      "it (zeren report trust)",
			      org, held.key_id, held.registered_at, direction, org, held.key_id, held.registered_at);
	if (!rc)
		rc = store_fed_key_put(s, &r, e);
	rc = change_finish(s, c, rc, detail, e);
	audit_key_free(k);
	return rc;
refused:
	audit_key_free(k);
	change_refused(s, c, e);
	return rc;
}

static int key_row(void *ctx, const struct fed_key_row *r)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "org", r->org, "direction", r->direction,
					     "name", r->name, "alg", r->alg, "key_id", r->key_id, "registered_at",
					     r->registered_at));
	return 0;
}

int fed_key_list(struct store *s, json_t **out, struct zerr *e)
{
	*out = json_array();
	int rc = store_fed_key_each(s, NULL, NULL, key_row, *out, e);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- packages ------------------------------------------------------------------------------- */

int fed_package_seal(const char *kind, json_t *body, const struct audit_key *k, struct strbuf *out, struct zerr *e)
{
	char sha[65], sm3[65], at[32], sig[300];
	struct strbuf header = STRBUF_INIT;
	char *text = json_dumps(body, JSON_PRESERVE_ORDER | JSON_INDENT(1));
	int rc;
	if (!text)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	size_t len = strlen(text);
	text[len] = '\0';
	sb_init(out, FED_PACKAGE_MAX + HEADER_MAX);
	/* The body is the JSON and its newline, exactly the bytes after the header's. */
	if (!sb_add(out, text, len) || !sb_addc(out, '\n')) {
		rc = zerr_set(e, ZE_LIMIT, "the package is over %zu bytes", FED_PACKAGE_MAX);
		goto out;
	}
	if ((rc = documents_hash(out->buf, out->len, sha, sm3, e)))
		goto out;
	now_iso(at);
	sb_addf(&header, "%s kind=%s sha256=%s at=%s alg=%s key=%s", PACKAGE_MAGIC, kind, sha, at, audit_key_alg_name(k),
		audit_key_id(k));
	if ((rc = audit_key_sign(k, header.buf, header.len, sig, sizeof sig, e)))
		goto out;
	sb_addf(&header, " sig=%s\n", sig);
	sb_reset(out);
	if (!sb_add(out, header.buf, header.len) || !sb_add(out, text, len) || !sb_addc(out, '\n'))
		rc = zerr_set(e, ZE_LIMIT, "the package is over %zu bytes", FED_PACKAGE_MAX);
out:
	free(text);
	sb_release(&header);
	return rc;
}

/* The value of " name=" in header (up to the next blank) into out; false when missing or long. */
static bool header_field(const char *header, const char *name, char *out, size_t n)
{
	char key[24];
	snprintf(key, sizeof key, " %s=", name);
	const char *p = strstr(header, key);
	if (!p)
		return false;
	p += strlen(key);
	size_t len = strcspn(p, " ");
	if (len == 0 || len >= n)
		return false;
	memcpy(out, p, len);
	out[len] = '\0';
	return true;
}

struct key_find {
	const char *key_id;
	char org[201];
	char pub[FED_KEY_TEXT_MAX + 1];
	bool found;
};

static int find_key(void *ctx, const struct fed_key_row *r)
{
	struct key_find *k = ctx;
	if (strcmp(r->key_id, k->key_id))
		return 0;
	snprintf(k->org, sizeof k->org, "%s", r->org);
	snprintf(k->pub, sizeof k->pub, "%s", r->public_key);
	k->found = true;
	return 1;
}

int fed_package_open(struct store *s, const char *text, size_t len, const char *kind, const char *direction,
		     struct fed_package *p, struct zerr *e)
{
	char header[HEADER_MAX + 1], sig[300], sha[65], sm3[65];
	struct audit_key *k = NULL;
	int rc;
	memset(p, 0, sizeof *p);
	if (len > FED_PACKAGE_MAX + HEADER_MAX)
		return zerr_set(e, ZE_LIMIT, "the package is over %zu bytes", FED_PACKAGE_MAX);
	const char *nl = memchr(text, '\n', len < HEADER_MAX ? len : HEADER_MAX);
	size_t hlen = nl ? (size_t)(nl - text) : 0;
	if (!nl || hlen < sizeof PACKAGE_MAGIC || memcmp(text, PACKAGE_MAGIC " ", sizeof PACKAGE_MAGIC))
		return zerr_set(e, ZE_INVALID,
				"不是签名包：首行须以 %s 开头 / not a signed package: its first line must start '%s '",
				PACKAGE_MAGIC, PACKAGE_MAGIC);
	memcpy(header, text, hlen);
	header[hlen] = '\0';
	const char *sigp = strstr(header, " sig=");
	if (!header_field(header, "kind", p->kind, sizeof p->kind) ||
	    !header_field(header, "sha256", p->sha256, sizeof p->sha256) ||
	    !header_field(header, "at", p->at, sizeof p->at) || !header_field(header, "alg", p->alg, sizeof p->alg) ||
	    !header_field(header, "key", p->key_id, sizeof p->key_id) || !sigp || !header_field(header, "sig", sig, sizeof sig))
		return zerr_set(e, ZE_INVALID, "package header: kind, sha256, at, alg, key and sig are required");
	if (strcmp(p->kind, kind))
		return zerr_set(e, ZE_INVALID, "包的类型不符（%s，应为 %s） / this is a %s package, not a %s package",
				p->kind, kind, p->kind, kind);
	struct key_find kf = {.key_id = p->key_id};
	if ((rc = store_fed_key_each(s, NULL, direction, find_key, &kf, e)) < 0)
		return rc;
	if (!kf.found)
		return zerr_set(e, ZE_DENIED,
				"签名公钥 %s 未在本系统登记，已拒绝（请先登记发送方公钥） / package signed with key %s, "
				"which is registered here for no %s: refused (register the sender's public key first)",
				p->key_id, p->key_id, direction);
	if ((rc = audit_key_parse_public(kf.pub, kf.org, &k, e)))
		return rc;
	bool good = !strcmp(audit_key_alg_name(k), p->alg) &&
		    audit_key_verify(k, header, (size_t)(sigp - header), sig);
	audit_key_free(k);
	if (!good)
		return zerr_set(e, ZE_DENIED, "签名验证失败：包被改动或并非 %s 所签，已拒绝 / the package's signature "
			        "does not verify with %s's key %s: it was altered or not signed by that unit; refused",
			        kf.org, kf.org, p->key_id);
	const char *body = nl + 1;
	size_t blen = len - hlen - 1;
	if ((rc = documents_hash(body, blen, sha, sm3, e)))
		return rc;
	if (strcmp(sha, p->sha256))
		return zerr_set(e, ZE_DENIED, "包内容在签名后被改动，已拒绝 / the package's body was altered after it "
			        "was signed (its sha256 is %.16s…, the signed header says %.16s…); refused", sha, p->sha256);
	json_error_t je;
	if (!(p->body = json_loadb(body, blen, JSON_REJECT_DUPLICATES, &je)) || !json_is_object(p->body)) {
		fed_package_release(p);
		return zerr_set(e, ZE_INVALID, "package body, line %d: %s", je.line + 1, je.text[0] ? je.text : "not an object");
	}
	const char *from = json_string_value(json_object_get(json_object_get(p->body, "from"), "id"));
	if (!from || strcmp(from, kf.org)) {
		fed_package_release(p);
		return zerr_set(e, ZE_DENIED, "包声称来自 %.200s，但由 %s 的密钥签名，已拒绝 / the package says it is "
			        "from '%.200s' but is signed with the key of '%s'; refused", from ? from : "(nobody)", kf.org,
			        from ? from : "(nobody)", kf.org);
	}
	snprintf(p->from, sizeof p->from, "%s", kf.org);
	return 0;
}

void fed_package_release(struct fed_package *p)
{
	json_decref(p->body);
	p->body = NULL;
}

/* ---- reports up ------------------------------------------------------------------------------ */

/* The unit's zeren/v1 document, keeping only the sections asked for. */
static json_t *facts_sections(const struct facts *f, zidx u, const char *const *include, size_t n, struct zerr *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_t *doc = NULL, *out = NULL;
	if (!mem)
		return zerr_set(e, ZE_NOMEM, "out of memory"), NULL;
	int rc = export_document(f, f->orgs.v[u].id, mem, e);
	fclose(mem);
	if (!rc && !(doc = json_loadb(buf, len, 0, NULL)))
		zerr_set(e, ZE_NOMEM, "out of memory");
	free(buf);
	if (!doc)
		return NULL;
	if (!include) {
		include = default_sections;
		n = DEFAULT_SECTIONS_N;
	}
	out = json_pack("{s:s, s:O}", "format", "zeren/v1", "organizations", json_object_get(doc, "organizations"));
	for (size_t i = 0; out && i < n; i++) {
		json_t *sec = json_object_get(doc, include[i]);
		if (!sec || !strcmp(include[i], "format")) {
			zerr_set(e, ZE_INVALID, "include: zeren/v1 has no section '%.60s'", include[i]);
			json_decref(out);
			out = NULL;
		} else {
			json_object_set(out, include[i], sec);
		}
	}
	json_decref(doc);
	return out;
}

static int keep_published(void *ctx, const struct round_row *r)
{
	json_t **last = ctx;
	if (strcmp(r->state, "published"))
		return 0;
	json_t *doc = json_loads(r->doc, 0, NULL);
	if (!doc)
		return 0;
	json_decref(*last);
	*last = json_pack("{s:i, s:i, s:o}", "year", r->year, "version", r->version, "round", doc);
	return 0;
}

json_t *fed_report_body(struct store *s, const struct facts *f, const struct cal *cal, const struct policy_set *ps,
			zidx u, const char *to, zdate as_of, const char *const *include, size_t ninclude,
			struct zerr *e)
{
	const struct org *o = &f->orgs.v[u];
	struct findings fs = {0};
	struct duty_list dl = {0};
	struct strbuf sb = STRBUF_INIT;
	struct tally t;
	char date[ZDATE_BUFSZ];
	json_t *body = NULL, *facts = NULL, *findings = NULL, *by_rule = NULL, *duties = NULL, *eval = NULL;
	if (!to || !*to || strlen(to) > IMPORT_MAX_ID) {
		zerr_set(e, ZE_INVALID, "to: the supervising unit's id, 1 to %d bytes", IMPORT_MAX_ID);
		return NULL;
	}
	if (!(facts = facts_sections(f, u, include, ninclude, e)) || check_facts(f, ps, cal, u, as_of, &fs, e))
		goto out;
	findings = json_array();
	by_rule = json_object();
	tally_findings(&fs, &t, by_rule);
	for (size_t i = 0; i < fs.n; i++)
		json_array_append_new(findings, finding_json(f, &fs.v[i], &sb));
	const struct policy *p = policies_for_unit(ps, o->id, o->policy, as_of, NULL);
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	size_t count[3] = {0};
	duties = json_array();
	if (p && duties_list(f, cal, p, u, as_of, date_from_ymd(y, 1, 1), as_of, &dl, e))
		goto out;
	for (size_t i = 0; i < dl.n; i++) {
		const char *st = duty_status_id(dl.v[i].status);
		count[!strcmp(st, "done") ? 0 : !strcmp(st, "overdue") ? 1 : 2]++;
		json_array_append_new(duties, duty_json(f, u, &dl.v[i], 0));
	}
	if (store_round_each(s, o->id, 0, 0, keep_published, &eval, e))
		goto out;
	body = json_pack("{s:s, s:{s:s, s:s, s:o}, s:s, s:s, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:o}, s:o}",
			 "format", "zeren-report/1", "from", "id", o->id, "name", o->name, "kind", json_str_or_null(o->kind),
			 "to", to, "as_of", date_format(as_of, date), "facts", facts, "tally", tally_json(&t), "by_rule",
			 by_rule, "findings", findings, "duties", "done", (json_int_t)count[0], "overdue",
			 (json_int_t)count[1], "open", (json_int_t)count[2], "items", duties, "evaluation",
			 eval ? eval : json_null());
	facts = findings = by_rule = duties = eval = NULL;
	if (!body)
		zerr_set(e, ZE_NOMEM, "out of memory");
out:
	json_decref(facts);
	json_decref(findings);
	json_decref(by_rule);
	json_decref(duties);
	json_decref(eval);
	duties_release(&dl);
	findings_release(&fs);
	sb_release(&sb);
	return body;
}

/* What the report kept of a unit allows of its next one (store_reported_each's callback): the
 * kept one must have gone to a unit of the importer's, and be as of no later a day. */
struct report_check {
	const char *from, *as_of;
	bool (*mine)(void *scope, const char *org);
	void *scope;
	struct zerr *e;
};

static int check_kept(void *ctx, const struct reported_row *r)
{
	const struct report_check *c = ctx;
	if (c->mine && !c->mine(c->scope, r->parent))
		return zerr_set(c->e, ZE_DENIED,
				"%s 报送给本单位管辖范围以外的单位（%.200s），已拒绝 / report: %s reports to %.200s, "
				"outside the importer's units; refused",
				c->from, r->parent, c->from, r->parent);
	if (strcmp(r->as_of, c->as_of) > 0)
		return zerr_set(c->e, ZE_CONFLICT,
				"%s 已报送截至 %s 的数据，此包截至 %s，更早 / report: %s reported as of %s "
				"already; this one is as of %s, older",
				c->from, r->as_of, c->as_of, c->from, r->as_of, c->as_of);
	return 0;
}

int fed_report_import(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
		      const char *text, size_t len, bool (*mine)(void *scope, const char *org), void *scope,
		      struct zerr *e)
{
	json_t *b = p->body;
	const char *to = json_string_value(json_object_get(b, "to"));
	const char *name = json_string_value(json_object_get(json_object_get(b, "from"), "name"));
	const char *as_of = json_string_value(json_object_get(b, "as_of"));
	const char *format = json_string_value(json_object_get(b, "format"));
	zdate d;
	char at[32];
	int rc = 0;
	const char *body = memchr(text, '\n', len);
	if (!format || strcmp(format, "zeren-report/1") || !name || !as_of || !date_parse(as_of, &d) ||
	    !json_is_object(json_object_get(b, "tally")))
		rc = zerr_set(e, ZE_INVALID, "report: format zeren-report/1, from.name, as_of (a date) and tally are required");
	else if (!to || hmap_get(&f->org_ids, to) < 0)
		rc = zerr_set(e, ZE_NOTFOUND, "report: it is sent to '%.200s', which is no unit here", to ? to : "(nobody)");
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	now_iso(at);
	struct reported_row r = {.org = p->from, .name = name, .parent = to, .as_of = as_of, .key_id = p->key_id,
				 .alg = p->alg, .sha256 = p->sha256, .imported_at = at, .body = body + 1};
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s, s:s}", "org", p->from, "to", to, "as_of", as_of, "key",
				   p->key_id, "sha256", p->sha256);
	struct report_check check = {p->from, as_of, mine, scope, e};
	/* What the store holds is read inside the transaction that writes the report. */
	if (!(rc = store_begin(s, e)) && (rc = hosted_here(s, p->from, e)) > 0)
		rc = zerr_set(e, ZE_CONFLICT, "report: unit %s is hosted here; its records are its own, not reported",
			      p->from);
	if (!rc)
		rc = store_reported_each(s, p->from, check_kept, &check, e);
	if (!rc)
		rc = store_reported_put(s, &r, e);
	return change_finish(s, c, rc, detail, e);
}

struct report_rows {
	json_t *rows;
	bool bodies;
};

/* The notices a report carries, as its supervisor follows them: rectified and fed back. */
static json_t *reported_notices(json_t *body)
{
	json_t *out = json_array(), *n;
	size_t i;
	json_array_foreach(json_object_get(json_object_get(body, "facts"), "notices"), i, n) {
		json_t *row = json_object();
		static const char *const keys[] = {"id", "document_no", "title", "issuer_org", "received_on", "rectify_by",
						   "rectified_on", "feedback", "feedback_on", NULL};
		for (const char *const *k = keys; *k; k++)
			if (json_object_get(n, *k))
				json_object_set(row, *k, json_object_get(n, *k));
		json_array_append_new(out, row);
	}
	return out;
}

static int report_row(void *ctx, const struct reported_row *r)
{
	struct report_rows *rr = ctx;
	json_t *body = json_loads(r->body, 0, NULL);
	struct tally t;
	tally_from_json(json_object_get(body, "tally"), &t);
	json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:o, s:O, s:o}", "org", r->org, "name",
				r->name, "parent", r->parent, "as_of", r->as_of, "signer", "alg", r->alg, "key", r->key_id,
				"sha256", r->sha256, "imported_at", r->imported_at, "tally", tally_json(&t), "by_rule",
				json_object_get(body, "by_rule") ? json_object_get(body, "by_rule") : json_null(),
				"notices", reported_notices(body));
	if (row && rr->bodies)
		json_object_set(row, "report", body);
	json_decref(body);
	if (!row)
		return ZE_NOMEM;
	json_array_append_new(rr->rows, row);
	return 0;
}

int fed_report_list(struct store *s, const char *org, bool bodies, json_t **out, struct zerr *e)
{
	struct report_rows rr = {json_array(), bodies};
	int rc = store_reported_each(s, org, report_row, &rr, e);
	if (rc == ZE_NOMEM)
		zerr_set(e, ZE_NOMEM, "out of memory");
	if (rc) {
		json_decref(rr.rows);
		rr.rows = NULL;
	}
	*out = rr.rows;
	return rc;
}

static int point_row(void *ctx, const struct reported_row *r)
{
	json_t *tally = json_loads(r->body, 0, NULL);
	struct tally t;
	tally_from_json(tally, &t);
	json_decref(tally);
	json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:o}", "org", r->org, "name", r->name, "parent", r->parent, "as_of",
				r->as_of, "tally", tally_json(&t));
	return row && !json_array_append_new(ctx, row) ? 0 : ZE_NOMEM;
}

/* Every report kept (each package, not only the last) as of from..to, by unit and date:
 * [{org, name, parent, as_of, tally}]. */
static int report_points(struct store *s, zdate from, zdate to, json_t **out, struct zerr *e)
{
	char a[ZDATE_BUFSZ], b[ZDATE_BUFSZ];
	json_t *rows = json_array();
	int rc = rows ? store_reported_points(s, NULL, date_format(from, a), date_format(to, b), point_row, rows, e)
		      : ZE_NOMEM;
	if (rc == ZE_NOMEM)
		zerr_set(e, ZE_NOMEM, "out of memory");
	if (rc) {
		json_decref(rows);
		rows = NULL;
	}
	*out = rows;
	return rc;
}

/* Sets row's months from its packages (t, has) and adds them to sum. */
static void trend_flush(json_t *row, const struct tally *t, const bool *has, struct trend_month *sum)
{
	json_t *scores = json_object_get(row, "scores");
	for (int k = 0; k < ROLLUP_MONTHS; k++) {
		if (!has[k])
			continue;
		json_array_set_new(scores, (size_t)k, json_integer(t[k].score));
		sum[k].score += t[k].score;
		sum[k].reported++;
		for (int v = 0; v < SEV_COUNT; v++)
			sum[k].sev[v] += t[k].sev[v];
	}
}

int fed_trend_rows(struct store *s, const zdate days[ROLLUP_MONTHS], bool (*keep)(void *ctx, const char *parent),
		   void *ctx, json_t *units, struct trend_month sum[ROLLUP_MONTHS], struct zerr *e)
{
	json_t *pts, *p, *row = NULL;
	struct tally last[ROLLUP_MONTHS];
	bool has[ROLLUP_MONTHS] = {false};
	size_t i;
	int y, m, d, rc;
	date_to_ymd(days[0], &y, &m, &d);
	if ((rc = report_points(s, date_from_ymd(y, m, 1), days[ROLLUP_MONTHS - 1], &pts, e)))
		return rc;
	json_array_foreach(pts, i, p) {
		const char *org = json_string_value(json_object_get(p, "org"));
		zdate on;
		int k = 0;
		if (!keep(ctx, json_string_value(json_object_get(p, "parent"))) ||
		    !date_parse(json_string_value(json_object_get(p, "as_of")), &on))
			continue;
		if (!row || strcmp(org, json_string_value(json_object_get(row, "org")))) {
			if (row)
				trend_flush(row, last, has, sum);
			row = json_pack("{s:s, s:O, s:b, s:[], s:[]}", "org", org, "name", json_object_get(p, "name"), "reported",
					1, "scores", "as_of");
			if (!row || json_array_append_new(units, row)) {
				json_decref(pts);
				return zerr_set(e, ZE_NOMEM, "out of memory");
			}
			for (int j = 0; j < ROLLUP_MONTHS; j++) {
				json_array_append_new(json_object_get(row, "scores"), json_null());
				json_array_append_new(json_object_get(row, "as_of"), json_null());
			}
			memset(has, 0, sizeof has);
		}
		while (k < ROLLUP_MONTHS - 1 && on > days[k])
			k++;
		tally_from_json(json_object_get(p, "tally"), &last[k]);
		has[k] = true;
		json_array_set(json_object_get(row, "as_of"), (size_t)k, json_object_get(p, "as_of"));
	}
	if (row)
		trend_flush(row, last, has, sum);
	json_decref(pts);
	return 0;
}

/* ---- notices down ----------------------------------------------------------------------------- */

json_t *fed_notice_body(const struct facts *f, zidx from, const char *to, json_t *notices, struct zerr *e)
{
	const struct org *o = &f->orgs.v[from];
	if (!to || !*to || strlen(to) > IMPORT_MAX_ID)
		return zerr_set(e, ZE_INVALID, "to: the receiving unit's id, 1 to %d bytes", IMPORT_MAX_ID), NULL;
	json_t *v = json_array(), *n;
	size_t i;
	json_array_foreach(notices, i, n) {
		json_t *copy = json_deep_copy(n);
		json_object_set_new(copy, "org", json_string(to));
		if (!json_object_get(copy, "issuer"))
			json_object_set_new(copy, "issuer", json_string(o->name));
		json_object_set_new(copy, "issuer_org", json_string(o->id));
		json_array_append_new(v, copy);
	}
	json_t *body = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o}", "format", "zeren-notice/1", "from", "id", o->id, "name",
				 o->name, "to", to, "notices", v);
	if (!body)
		zerr_set(e, ZE_NOMEM, "out of memory");
	return body;
}

int fed_notice_import(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
		      struct zerr *e)
{
	json_t *b = p->body, *notices = json_object_get(b, "notices"), *n;
	const char *to = json_string_value(json_object_get(b, "to"));
	const char *name = json_string_value(json_object_get(json_object_get(b, "from"), "name"));
	struct import_stats st;
	size_t i;
	int rc = 0;
	if (strcmp(json_string_value(json_object_get(b, "format")) ? json_string_value(json_object_get(b, "format")) : "",
		   "zeren-notice/1") || !name || !json_is_array(notices) || !json_array_size(notices))
		rc = zerr_set(e, ZE_INVALID, "notice package: format zeren-notice/1, from.name and notices are required");
	else if (!to || hmap_get(&f->org_ids, to) < 0)
		rc = zerr_set(e, ZE_NOTFOUND, "notice package: it is sent to '%.200s', which is no unit here",
			      to ? to : "(nobody)");
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	json_t *copy = json_array();
	json_array_foreach(notices, i, n) {
		const char *id = json_string_value(json_object_get(n, "id"));
		if (id && hmap_get(&f->notice_ids, id) >= 0) {
			rc = zerr_set(e, ZE_CONFLICT, "notice package: notice %.200s is recorded here already", id);
			break;
		}
		json_t *rec = json_deep_copy(n);
		json_object_set_new(rec, "org", json_string(to));
		if (!json_object_get(rec, "issuer"))
			json_object_set_new(rec, "issuer", json_string(name));
		/* The issuer's unit is named only where this installation knows it, above the receiver. */
		if (hmap_get(&f->org_ids, p->from) >= 0)
			json_object_set_new(rec, "issuer_org", json_string(p->from));
		else
			json_object_del(rec, "issuer_org");
		json_array_append_new(copy, rec);
	}
	if (rc) {
		json_decref(copy);
		change_refused(s, c, e);
		return rc;
	}
	json_t *doc = json_pack("{s:o}", "notices", copy);
	const char *unit = c->unit;
	c->unit = to;
	rc = change_records(s, c, doc, "notice package", NULL, &st, e);
	c->unit = unit;
	json_decref(doc);
	return rc;
}
