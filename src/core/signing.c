/* Documents kept, signed and verified (see documents.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "audit/anchor.h"
#include "core/change.h"
#include "core/documents.h"
#include "core/evidence.h"
#include "doc/pdf.h"
#include "util/clock.h"

#define SIGNATURE_LINE_MAX 1400

/* A copy of a document row (the store's strings live only during its callback). */
struct doc_copy {
	bool found;
	char number[DOC_NUMBER_MAX], org[201], kind[32], person[201], department[201], post[40], title[200];
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], date[ZDATE_BUFSZ], sha256[65], sm3[65], status[16], campaign[201];
	int pages;
};

static int copy_doc(void *ctx, const struct document_row *r)
{
	struct doc_copy *d = ctx;
#define CP(f) snprintf(d->f, sizeof d->f, "%s", r->f ? r->f : "")
	CP(number), CP(org), CP(kind), CP(person), CP(department), CP(post), CP(title), CP(from), CP(to), CP(date);
	CP(sha256), CP(sm3), CP(status), CP(campaign);
#undef CP
	d->pages = r->pages;
	d->found = true;
	return 1; /* the first is enough */
}

static int find_doc(struct store *s, enum document_key key, const char *text, struct doc_copy *d, struct zerr *e)
{
	memset(d, 0, sizeof *d);
	int rc = store_document_each(s, key, text, copy_doc, d, e);
	return rc == 1 ? 0 : rc;
}

static void now_iso(char buf[32])
{
	time_t t = clock_now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void key_path(const char *data_dir, const char *file, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", data_dir, file);
}

int documents_keygen(const char *data_dir, const char *alg, struct zerr *e)
{
	enum audit_key_alg a = AUDIT_SM2;
	char priv[4096], pub[4096];
	if (alg && audit_key_alg_parse(alg, &a) < 0)
		return zerr_set(e, ZE_INVALID, "--alg must be sm2 or ed25519, not '%.40s'", alg);
	key_path(data_dir, DOC_KEY_FILE, priv, sizeof priv);
	key_path(data_dir, DOC_PUB_FILE, pub, sizeof pub);
	return audit_key_generate(a, priv, pub, e);
}

int documents_save(struct store *s, const char *data_dir, struct change *c, const char *org,
		   const struct doc_output *o, const char *campaign, struct zerr *e)
{
	char sha[65], name[DOC_NUMBER_MAX + 8], from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], date[ZDATE_BUFSZ], at[32];
	struct doc_copy old;
	int rc;
	snprintf(name, sizeof name, "%s.pdf", o->number);
	if ((rc = evidence_store_buffer(data_dir, o->pdf.buf, o->pdf.len, name, sha, e)))
		goto refused;
	now_iso(at);
	struct document_row r = {
		.number = o->number, .org = org, .kind = o->kind, .person = o->person,
		.department = o->department[0] ? o->department : NULL, .post = o->post[0] ? o->post : NULL,
		.title = o->title, .from = date_format(o->from, from), .to = date_format(o->to, to),
		.date = date_format(o->date, date), .sha256 = o->sha256, .sm3 = o->sm3, .pages = o->pages,
		.campaign = campaign, .status = NULL, .generated_by = c->actor, .generated_at = at,
	};
	if ((rc = store_begin(s, e)))
		goto refused;
	if ((rc = find_doc(s, DOCUMENT_BY_NUMBER, o->number, &old, e)))
		goto refused;
	if (old.found && strcmp(old.sha256, o->sha256) && (!strcmp(old.status, "signed") || !strcmp(old.status, "returned"))) {
		rc = zerr_set(e, ZE_CONFLICT, "文书 %s 已签署，内容不能再变 / document %s is signed already; its bytes "
			      "cannot change", o->number, o->number);
		goto refused;
	}
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "number", o->number, "kind", o->kind, "person",
				   o->person, "sha256", o->sha256, "sm3", o->sm3, "pages", o->pages);
	if (!detail)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (campaign)
		json_object_set_new(detail, "campaign", json_string(campaign));
	if (!rc)
		rc = store_document_put(s, &r, e);
	return change_finish(s, c, rc, detail, e);
refused:
	return change_finish(s, c, rc, NULL, e);
}

/* documents.h */
int documents_signing_key(const char *data_dir, struct audit_key **k, struct zerr *e)
{
	char priv[4096];
	struct stat st;
	key_path(data_dir, DOC_KEY_FILE, priv, sizeof priv);
	if (stat(priv, &st) != 0) {
		int rc = documents_keygen(data_dir, NULL, e);
		if (rc && rc != ZE_CONFLICT) /* another process made it meanwhile: fine */
			return rc;
	}
	return audit_key_load_private(priv, k, e);
}

static void signature_line(const struct signature_row *r, char *buf, size_t n)
{
	snprintf(buf, n,
		 "zeren-doc-signature/1 number=%s sha256=%s sm3=%s signer=%s method=%s account=%s at=%s on=%s scan=%s "
		 "alg=%s key=%s",
		 r->number, r->sha256, r->sm3, r->signer, r->method, r->account, r->signed_at, r->signed_on,
		 r->scan_sha256 ? r->scan_sha256 : "-", r->alg, r->key_id);
}

struct sign_ctx {
	const struct signature_row *row;
};

/* Inside the change's transaction: the signature and the document's status. */
static int write_signature(void *ctx, struct store *s, const struct import_stats *st, struct zerr *e)
{
	const struct signature_row *r = ((struct sign_ctx *)ctx)->row;
	(void)st;
	int rc = store_signature_insert(s, r, e);
	return rc ? rc : store_document_set_status(s, r->number, "signed", e);
}

/* Checks that the kept PDF is still the bytes recorded (an edited evidence file is not signed). */
static int check_kept(const char *data_dir, const struct doc_copy *d, struct zerr *e)
{
	char path[4096], sha[65], sm3[65];
	struct strbuf b = STRBUF_INIT;
	int rc = evidence_path(data_dir, d->sha256, path, sizeof path, e);
	if (!rc)
		rc = read_file(path, DOC_PDF_MAX, &b, e);
	if (!rc)
		rc = documents_hash(b.buf, b.len, sha, sm3, e);
	if (!rc && (strcmp(sha, d->sha256) || strcmp(sm3, d->sm3)))
		rc = zerr_set(e, ZE_CONFLICT, "the kept PDF of %s was altered (its hash is %s)", d->number, sha);
	sb_release(&b);
	return rc;
}

int documents_sign(struct store *s, const char *data_dir, struct change *c, const struct doc_signing *rq,
		   struct zerr *e)
{
	struct doc_copy d;
	struct audit_key *k = NULL;
	char scan_sha[65] = "", at[32], on[ZDATE_BUFSZ], line[SIGNATURE_LINE_MAX], sig[300];
	json_t *doc = NULL;
	int rc;
	bool paper = rq->method && !strcmp(rq->method, "paper");
	if (!rq->method || (!paper && strcmp(rq->method, "platform"))) {
		rc = zerr_set(e, ZE_INVALID, "method: must be platform or paper");
		goto out;
	}
	if ((rc = find_doc(s, DOCUMENT_BY_NUMBER, rq->number, &d, e)))
		goto out;
	if (!d.found) {
		rc = zerr_set(e, ZE_NOTFOUND, "number: no document %.100s", rq->number ? rq->number : "");
		goto out;
	}
	if (c->unit && strcmp(c->unit, d.org)) {
		rc = zerr_set(e, ZE_NOTFOUND, "number: no document %.100s in unit %s", rq->number, c->unit);
		goto out;
	}
	if (!rq->signer || strcmp(rq->signer, d.person)) {
		rc = zerr_set(e, ZE_DENIED, "signer: document %s is for %s, not %.100s", d.number, d.person,
			      rq->signer ? rq->signer : "(nobody)");
		goto out;
	}
	if (!strcmp(d.status, "signed") || !strcmp(d.status, "returned")) {
		rc = zerr_set(e, ZE_CONFLICT, "文书 %s 已签署 / document %s is signed already", d.number, d.number);
		goto out;
	}
	if (paper && (!rq->scan || !rq->scan_len)) {
		rc = zerr_set(e, ZE_INVALID, "scan: a paper signature needs the signed scan");
		goto out;
	}
	if ((rc = check_kept(data_dir, &d, e)))
		goto out;
	if (paper && (rc = evidence_store_buffer(data_dir, rq->scan, rq->scan_len, rq->scan_name, scan_sha, e)))
		goto out;
	if ((rc = documents_signing_key(data_dir, &k, e)))
		goto out;
	now_iso(at);
	struct signature_row row = {
		.number = d.number, .method = rq->method, .signer = d.person, .account = rq->account,
		.signed_at = at, .signed_on = date_format(rq->on, on), .sha256 = d.sha256, .sm3 = d.sm3,
		.scan_sha256 = paper ? scan_sha : NULL, .alg = audit_key_alg_name(k), .key_id = audit_key_id(k),
		.signature = sig,
	};
	signature_line(&row, line, sizeof line);
	if ((rc = audit_key_sign(k, line, strlen(line), sig, sizeof sig, e)))
		goto out;
	/* the agreement the rules see: of the document's kind, person and term, signed today */
	doc = json_pack("{s:[{s:s, s:s, s:s, s:s, s:s, s:s, s:s}]}", "agreements", "id", d.number, "kind", d.kind, "org",
			d.org, "person", d.person, "from", d.from, "to", d.to, "signed_on", on);
	/* and the post and department it was made for: it holds for them only, and ends with that appointment */
	json_t *ag = json_array_get(json_object_get(doc, "agreements"), 0);
	if (ag && d.post[0])
		json_object_set_new(ag, "post", json_string(d.post));
	if (ag && d.department[0])
		json_object_set_new(ag, "department", json_string(d.department));
	if (!doc) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "number", d.number, "method", rq->method, "signer",
				   d.person, "sha256", d.sha256, "sm3", d.sm3, "signature", sig);
	if (paper)
		json_object_set_new(detail, "scan_sha256", json_string(scan_sha));
	c->detail = detail;
	struct sign_ctx sc = {&row};
	struct import_opts opts = {.before_commit = write_signature, .commit_ctx = &sc, .one_record = true};
	struct import_stats stats;
	rc = change_records(s, c, doc, "signature", &opts, &stats, e);
	c->detail = NULL;
	json_decref(detail);
	audit_key_free(k);
	json_decref(doc);
	return rc; /* change_records recorded a refusal itself */
out:
	audit_key_free(k);
	json_decref(doc);
	change_refused(s, c, e);
	return rc;
}

struct sig_list {
	json_t *arr;
	struct audit_key *pub;
	struct store *s;
	bool all_valid;
};

static int add_signature(void *ctx, const struct signature_row *r)
{
	struct sig_list *l = ctx;
	char line[SIGNATURE_LINE_MAX], *name = NULL, *org = NULL;
	signature_line(r, line, sizeof line);
	bool valid = l->pub && !strcmp(r->key_id, audit_key_id(l->pub)) && !strcmp(r->alg, audit_key_alg_name(l->pub)) &&
		     audit_key_verify(l->pub, line, strlen(line), r->signature);
	l->all_valid = l->all_valid && valid;
	store_person_brief(l->s, r->signer, &name, &org, &(struct zerr){0});
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "method", r->method, "signer",
			      r->signer, "signer_name", name, "account", r->account, "signed_at", r->signed_at, "signed_on",
			      r->signed_on, "sha256", r->sha256, "sm3", r->sm3, "alg", r->alg, "key_id", r->key_id, "valid",
			      valid);
	if (o && r->scan_sha256)
		json_object_set_new(o, "scan_sha256", json_string(r->scan_sha256));
	free(name);
	free(org);
	return o ? json_array_append_new(l->arr, o) : -1;
}

int documents_verify(struct store *s, const char *data_dir, const void *data, size_t len, const char *number,
		     json_t **out, struct zerr *e)
{
	char sha[65] = "", sm3[65] = "", pub[4096];
	struct doc_copy d;
	int rc;
	*out = NULL;
	if (data && (rc = documents_hash(data, len, sha, sm3, e)))
		return rc;
	if ((rc = data ? find_doc(s, DOCUMENT_BY_SHA256, sha, &d, e) : find_doc(s, DOCUMENT_BY_NUMBER, number, &d, e)))
		return rc;
	json_t *o = json_object();
	if (!o)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	json_object_set_new(o, "known", json_boolean(d.found));
	if (data) {
		json_object_set_new(o, "sha256", json_string(sha));
		json_object_set_new(o, "sm3", json_string(sm3));
	}
	if (!d.found) {
		json_object_set_new(o, "signed", json_false());
		json_object_set_new(o, "valid", json_false());
		*out = o;
		return 0;
	}
	char *name = NULL, *org = NULL;
	store_person_brief(s, d.person, &name, &org, &(struct zerr){0});
	json_object_set_new(o, "document",
			    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:i}",
				      "number", d.number, "title", d.title, "kind", d.kind, "org", d.org, "person",
				      d.person, "person_name", name, "department", d.department, "post",
				      d.post[0] ? d.post : NULL, "from", d.from, "to", d.to, "date", d.date, "status",
				      d.status, "sha256", d.sha256, "sm3", d.sm3, "pages", d.pages));
	free(name);
	free(org);
	struct sig_list l = {json_array(), NULL, s, true};
	key_path(data_dir, DOC_PUB_FILE, pub, sizeof pub);
	struct stat st;
	if (stat(pub, &st) == 0 && (rc = audit_key_load_public(pub, &l.pub, e))) {
		json_decref(l.arr);
		json_decref(o);
		return rc;
	}
	rc = store_signature_each(s, d.number, add_signature, &l, e);
	audit_key_free(l.pub);
	if (rc) {
		json_decref(l.arr);
		json_decref(o);
		return rc < 0 ? rc : zerr_set(e, ZE_NOMEM, "out of memory");
	}
	size_t n = json_array_size(l.arr);
	json_object_set_new(o, "signatures", l.arr);
	json_object_set_new(o, "signed", json_boolean(n > 0));
	json_object_set_new(o, "valid", json_boolean(n > 0 && l.all_valid)); /* signed, and every signature holds */
	*out = o;
	return 0;
}
