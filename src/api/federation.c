/* API v1: a unit's side of federated supervision (issue 15, part 5; core/federation.h). A unit
 * that runs its own zeren shows its public key for its supervisor to register, registers its
 * supervisor's key, exports its signed report package (choosing what to share), and records the
 * notices its supervisor sends down as a signed package. The supervisor's side is
 * api/supervision.c (/supervision/keys, /supervision/reports). Office only: what goes up is
 * the unit's word. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/documents.h"
#include "core/federation.h"

#define INCLUDE_MAX 32 /* sections one report names */

/* The installation's signing key (made on first use, as for the first signed document) and its
 * public key file's text into pub. Fills rs and returns nonzero on failure. */
static int signing_key(struct http_req *rq, struct http_resp *rs, struct audit_key **k, struct strbuf *pub)
{
	struct zerr e = {0};
	char path[4096];
	*k = NULL;
	sb_init(pub, FED_KEY_TEXT_MAX);
	snprintf(path, sizeof path, "%s/%s", rq->w->srv->data_dir, DOC_PUB_FILE);
	if (documents_signing_key(rq->w->srv->data_dir, k, &e) || read_file(path, FED_KEY_TEXT_MAX, pub, &e)) {
		audit_key_free(*k);
		*k = NULL;
		sb_release(pub);
		return http_zerr(rs, &e), 1;
	}
	return 0;
}

/* GET /units/{org}/federation: the unit's public key (to give its supervisor) and the keys of
 * the supervisors it registered. */
static int get_federation(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct audit_key *k;
	struct strbuf pub;
	struct zerr e = {0};
	json_t *keys, *x, *sup = json_array();
	size_t i;
	if (api_unit(rq, rs, &v)) {
		json_decref(sup);
		return 0;
	}
	view_release(v);
	if (signing_key(rq, rs, &k, &pub)) {
		json_decref(sup);
		return 0;
	}
	if (fed_key_list(rq->w->store, &keys, &e)) {
		audit_key_free(k);
		sb_release(&pub);
		json_decref(sup);
		return http_zerr(rs, &e);
	}
	json_array_foreach(keys, i, x)
		if (!strcmp(json_string_value(json_object_get(x, "direction")), FED_DIRECTION_SUPERVISOR))
			json_array_append(sup, x);
	json_decref(keys);
	int rc = http_json(rs, 200, json_pack("{s:{s:s, s:s, s:s}, s:o}", "key", "alg", audit_key_alg_name(k), "key_id",
					      audit_key_id(k), "public_key", pub.buf, "supervisors", sup));
	audit_key_free(k);
	sb_release(&pub);
	return rc;
}

int api_fed_key_register(struct http_req *rq, struct http_resp *rs, const char *direction)
{
	json_t *body = rq->json;
	struct zerr e = {0};
	const char *org = json_string_value(json_object_get(body, "org"));
	const char *name = json_string_value(json_object_get(body, "name"));
	const char *key = json_string_value(json_object_get(body, "key"));
	if (!json_is_object(body) || json_object_size(body) != 3 || !org || !name || !key)
		return http_error(rs, 422, "invalid", NULL, "the body is {org, name, key}: three strings");
	struct change c = {.actor = rq->who->username, .source = rq->source, .action = "federation.key", .object = org};
	int rc = fed_key_register(rq->w->store, &c, org, direction, name, key, false, &e);
	rs->audited = true;
	if (rc)
		return http_zerr(rs, &e);
	return http_json(rs, 201, json_pack("{s:s, s:s}", "org", org, "direction", direction));
}

/* POST /units/{org}/federation/keys {org, name, key}: registers the public key of the
 * supervisor whose notice packages this unit will accept. */
static int register_supervisor_key(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	if (api_unit(rq, rs, &v))
		return 0;
	view_release(v);
	return api_fed_key_register(rq, rs, FED_DIRECTION_SUPERVISOR);
}

/* POST /units/{org}/federation/report {to, as_of, include}: the unit's signed report package to
 * its supervisor `to`, as `zeren report export` writes it: the zeren/v1 sections it shares
 * (include; default organizations, systems, appointments, notices), its findings, duties and
 * published evaluation as of as_of. Audited: what was signed and sent, by whom. */
static int export_report(struct http_req *rq, struct http_resp *rs)
{
	static const char *const keys[] = {"to", "as_of", "include", NULL};
	json_t *body = rq->json, *inc, *x, *rep = NULL;
	const char *include[INCLUDE_MAX], *key;
	struct unit_view *v;
	struct audit_key *k = NULL;
	struct strbuf pub = STRBUF_INIT, out = STRBUF_INIT;
	struct zerr e = {0};
	zdate as_of = date_today();
	size_t n = 0, i;
	if (!json_is_object(body))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object {to, as_of, include}");
	if ((key = api_unknown_key(body, keys)))
		return http_error(rs, 422, "invalid", key, "%s: unknown field", key);
	const char *to = json_string_value(json_object_get(body, "to"));
	if (!to || !*to)
		return http_error(rs, 422, "invalid", "to", "to: required, the supervising unit's id");
	x = json_object_get(body, "as_of");
	if (x && !json_is_null(x) && (!json_is_string(x) || !date_parse(json_string_value(x), &as_of)))
		return http_error(rs, 422, "invalid", "as_of", "as_of: a date YYYY-MM-DD");
	inc = json_object_get(body, "include");
	if (inc && !json_is_null(inc) && (!json_is_array(inc) || json_array_size(inc) > INCLUDE_MAX))
		return http_error(rs, 422, "invalid", "include", "include: an array of at most %d zeren/v1 section names",
				  INCLUDE_MAX);
	json_array_foreach(inc, i, x) {
		if (!json_is_string(x))
			return http_error(rs, 422, "invalid", "include", "include[%zu]: a section name", i);
		include[n++] = json_string_value(x);
	}
	if (api_unit(rq, rs, &v))
		return 0;
	int rc = 0;
	if (signing_key(rq, rs, &k, &pub)) {
		view_release(v);
		return 0;
	}
	rep = fed_report_body(rq->w->store, &v->facts, v->cal, v->policies, v->org, to, as_of, n ? include : NULL, n, &e);
	if (!rep || fed_package_seal("report", rep, k, &out, &e)) {
		rc = http_zerr(rs, &e);
		goto done;
	}
	char name[300], date[ZDATE_BUFSZ];
	const char *org = v->facts.orgs.v[v->org].id;
	bool plain = strlen(org) < 100 && strspn(org, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(org);
	snprintf(name, sizeof name, "%s-report-%s.pkg", plain ? org : "unit", date_format(as_of, date));
	http_audit(rs, "report.export", org,
		   json_pack("{s:s, s:s, s:O, s:s, s:s}", "to", to, "as_of", date, "include",
			     inc && !json_is_null(inc) ? inc : json_null(), "alg", audit_key_alg_name(k), "key",
			     audit_key_id(k)));
	rc = api_download(rs, "application/octet-stream", out.buf, out.len, name);
done:
	json_decref(rep);
	audit_key_free(k);
	sb_release(&pub);
	sb_release(&out);
	view_release(v);
	return rc;
}

/* POST /units/{org}/federation/notices: a signed notice package from the unit's supervisor (its
 * key registered here), sent to this unit: its notices become the unit's own, in one change. */
UNIT_HANDLER(import_notices)
{
	struct fed_package p = {0};
	struct zerr e = {0};
	int rc;
	const char *org = v->facts.orgs.v[v->org].id;
	struct change c = {.actor = rq->who->username, .source = rq->source, .action = "notice.import", .object = org};
	const char *to;
	if (fed_package_open(rq->w->store, rq->body, rq->body_len, "notice", FED_DIRECTION_SUPERVISOR, &p, &e)) {
		change_refused(rq->w->store, &c, &e);
		rc = http_zerr(rs, &e);
	} else if (!(to = json_string_value(json_object_get(p.body, "to"))) || strcmp(to, org)) {
		zerr_set(&e, ZE_DENIED, "通报包不是发给本单位的（收件单位 %.200s） / notice package: it is sent to "
			 "'%.200s', not to %s", to ? to : "(nobody)", to ? to : "(nobody)", org);
		change_refused(rq->w->store, &c, &e);
		rc = http_zerr(rs, &e);
	} else if (fed_notice_import(rq->w->store, &c, &v->facts, &p, &e)) {
		rc = http_zerr(rs, &e);
	} else {
		json_t *ids = json_array(), *n;
		size_t i;
		json_array_foreach(json_object_get(p.body, "notices"), i, n)
			json_array_append(ids, json_object_get(n, "id"));
		rc = http_json(rs, 201, json_pack("{s:s, s:s, s:o}", "from", p.from, "key", p.key_id, "notices", ids));
	}
	rs->audited = true;
	fed_package_release(&p);
	return rc;
}

const struct route api_federation_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/federation", get_federation, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/federation/keys", register_supervisor_key, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/federation/report", export_report, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/federation/notices", import_notices, PERM_OFFICE, FED_PACKAGE_MAX + 1024, true},
	{0, NULL, NULL, 0, 0, false},
};
