/* Signing campaigns (see documents.h): all the letters of a kind for a year at once, tracked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/change.h"
#include "core/documents.h"
#include "core/evidence.h"
#include "util/clock.h"

#define CAMPAIGN_LETTERS_MAX 100000 /* letters of one campaign */

static void now_iso(char buf[32])
{
	time_t t = clock_now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Who must sign on the date: (person, department, post) for each letter. */
struct target {
	zidx person, dept;
	int post;
};

static bool key_post(int post)
{
	return post == POST_SECURITY_ADMIN || post == POST_SECURITY_AUDITOR || post == POST_SYSTEM_ADMIN ||
	       post == POST_NETWORK_ADMIN || post == POST_MACHINE_ROOM_ADMIN || post == POST_DATABASE_ADMIN;
}

static int targets(const struct facts *f, zidx u, const char *kind, zdate d, struct target **out, size_t *n,
		   struct zerr *e)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	bool everyone = !strcmp(kind, "network_access");
	if (everyone) {
		FACTS_EACH(f, person, u, p) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				struct target *t = realloc(*out, cap * sizeof **out);
				if (!t)
					return zerr_set(e, ZE_NOMEM, "out of memory");
				*out = t;
			}
			(*out)[(*n)++] = (struct target){p, f->people.v[p].dept, POST_NONE};
		}
		return 0;
	}
	bool letter = !strcmp(kind, "responsibility_letter");
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->post < 0 || !appt_on(a, d) || (letter ? a->post != POST_DEPARTMENT_HEAD : !key_post(a->post)))
			continue;
		/* once per (person, department, post): a post held for several systems is one letter */
		bool dup = false;
		for (size_t i = 0; i < *n && !dup; i++)
			dup = (*out)[i].person == a->person && (*out)[i].post == a->post &&
			      (!letter || (*out)[i].dept == a->dept);
		if (dup)
			continue;
		if (*n == CAMPAIGN_LETTERS_MAX)
			return zerr_set(e, ZE_LIMIT, "a campaign of more than %d letters", CAMPAIGN_LETTERS_MAX);
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			struct target *t = realloc(*out, cap * sizeof **out);
			if (!t)
				return zerr_set(e, ZE_NOMEM, "out of memory");
			*out = t;
		}
		(*out)[(*n)++] = (struct target){a->person, letter ? a->dept : ZIDX_NONE, a->post};
	}
	return 0;
}

/* What one generated letter's row needs until the campaign's transaction. */
struct made {
	char number[DOC_NUMBER_MAX], title[200], kind[32], person[201], department[201], post[40];
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], date[ZDATE_BUFSZ], sha256[65], sm3[65];
	int pages;
};

struct exists_ctx {
	bool found;
};

static int found_one(void *ctx, const struct campaign_row *r)
{
	(void)r;
	((struct exists_ctx *)ctx)->found = true;
	return 0;
}

int documents_campaign_open(struct store *s, const char *data_dir, struct change *c, const struct facts *f,
			    const struct campaign_request *rq, char id[256], size_t *generated, struct zerr *e)
{
	struct target *t = NULL;
	struct made *made = NULL;
	json_t *detail = NULL;
	size_t n = 0;
	int rc, y = rq->year;
	int32_t u = rq->org ? hmap_get(&f->org_ids, rq->org) : -1;
	*generated = 0;
	if (u < 0) {
		rc = zerr_set(e, ZE_NOTFOUND, "unit: no unit '%.200s'", rq->org ? rq->org : "");
		goto refused;
	}
	if (!documents_kind_known(rq->kind)) {
		rc = zerr_set(e, ZE_INVALID, "kind: '%.60s' has no template (known: responsibility_letter, "
			      "key_post_security, network_access)", rq->kind ? rq->kind : "");
		goto refused;
	}
	if (!y)
		date_to_ymd(rq->date, &y, &(int){0}, &(int){0});
	snprintf(id, 256, "%.200s-%d-%s", rq->org, y, rq->kind);
	struct exists_ctx ex = {false};
	if ((rc = store_campaign_each(s, id, NULL, found_one, &ex, e)))
		goto refused;
	if (ex.found) {
		rc = zerr_set(e, ZE_CONFLICT, "签署批次 %s 已存在 / campaign %s exists already", id, id);
		goto refused;
	}
	if ((rc = targets(f, u, rq->kind, rq->date, &t, &n, e)))
		goto refused;
	if (!n) {
		rc = zerr_set(e, ZE_INVALID, "nobody in unit %s must sign a %s on that day", rq->org, rq->kind);
		goto refused;
	}
	if (!(made = calloc(n, sizeof *made))) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto refused;
	}
	/* Render and keep every PDF first (files, content-addressed: a failure leaves only unused
	 * files), then record them all in one transaction. */
	for (size_t i = 0; i < n; i++) {
		struct doc_request dr = {
			.org = rq->org, .kind = rq->kind, .person = f->people.v[t[i].person].id,
			.post = t[i].post >= 0 ? post_id(t[i].post) : NULL,
			.department = t[i].dept >= 0 ? f->depts.v[t[i].dept].id : NULL, .date = rq->date, .year = y,
			.from = ZDATE_NONE, .to = ZDATE_NONE, .base_url = rq->base_url, .font_body = rq->font_body,
			.templates = rq->templates,
		};
		struct doc_output o;
		char sha[65], name[DOC_NUMBER_MAX + 8];
		if ((rc = documents_generate(f, &dr, &o, e))) {
			zerr_prefix(e, "%s", f->people.v[t[i].person].id);
			doc_output_release(&o);
			goto refused;
		}
		snprintf(name, sizeof name, "%s.pdf", o.number);
		rc = evidence_store_batch(data_dir, o.pdf.buf, o.pdf.len, name, sha, e);
		struct made *m = &made[i];
		memcpy(m->number, o.number, sizeof m->number);
		memcpy(m->title, o.title, sizeof m->title);
		memcpy(m->kind, o.kind, sizeof m->kind);
		memcpy(m->person, o.person, sizeof m->person);
		memcpy(m->department, o.department, sizeof m->department);
		memcpy(m->post, o.post, sizeof m->post);
		date_format(o.from, m->from);
		date_format(o.to, m->to);
		date_format(o.date, m->date);
		memcpy(m->sha256, o.sha256, sizeof m->sha256);
		memcpy(m->sm3, o.sm3, sizeof m->sm3);
		m->pages = o.pages;
		doc_output_release(&o);
		if (rc)
			goto refused;
	}
	if ((rc = evidence_sync(data_dir, e))) /* every PDF on disk before any is recorded */
		goto refused;
	char at[32], date[ZDATE_BUFSZ], title[300];
	now_iso(at);
	snprintf(title, sizeof title, "%s", made[0].title);
	if (strcmp(rq->kind, "responsibility_letter"))
		snprintf(title, sizeof title, "%d年度%s", y, made[0].title);
	struct campaign_row cr = {.id = id, .org = rq->org, .kind = rq->kind, .title = title,
				  .date = date_format(rq->date, date), .created_by = c->actor, .created_at = at, .year = y};
	if ((rc = store_begin(s, e)))
		goto refused;
	rc = store_campaign_insert(s, &cr, e);
	for (size_t i = 0; i < n && !rc; i++) {
		struct made *m = &made[i];
		struct document_row r = {
			.number = m->number, .org = rq->org, .kind = m->kind, .person = m->person,
			.department = m->department[0] ? m->department : NULL, .post = m->post[0] ? m->post : NULL,
			.title = m->title, .from = m->from, .to = m->to, .date = m->date, .sha256 = m->sha256, .sm3 = m->sm3,
			.pages = m->pages, .campaign = id, .status = NULL, .generated_by = c->actor, .generated_at = at,
		};
		rc = store_document_put(s, &r, e);
	}
	if (!rc && !(detail = json_pack("{s:s, s:s, s:i, s:I}", "campaign", id, "kind", rq->kind, "year", y,
					"letters", (json_int_t)n)))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
refused:
	if (!(rc = change_finish(s, c, rc, detail, e)))
		*generated = n;
	free(made);
	free(t);
	return rc;
}

/* The campaign's row, copied. */
struct campaign_copy {
	bool found;
	char id[256], org[201], kind[32], title[200], date[ZDATE_BUFSZ], status[16], created_at[32], closed_at[32];
	int year;
};

static int copy_campaign(void *ctx, const struct campaign_row *r)
{
	struct campaign_copy *c = ctx;
	c->found = true;
	snprintf(c->id, sizeof c->id, "%s", r->id);
	snprintf(c->org, sizeof c->org, "%s", r->org);
	snprintf(c->kind, sizeof c->kind, "%s", r->kind);
	snprintf(c->title, sizeof c->title, "%s", r->title);
	snprintf(c->date, sizeof c->date, "%s", r->date);
	snprintf(c->status, sizeof c->status, "%s", r->status);
	snprintf(c->created_at, sizeof c->created_at, "%s", r->created_at ? r->created_at : "");
	snprintf(c->closed_at, sizeof c->closed_at, "%s", r->closed_at ? r->closed_at : "");
	c->year = r->year;
	return 0;
}

static int open_campaign(struct store *s, const char *id, const char *unit, struct campaign_copy *cc, struct zerr *e)
{
	memset(cc, 0, sizeof *cc);
	int rc = store_campaign_each(s, id, NULL, copy_campaign, cc, e);
	if (rc)
		return rc;
	if (!cc->found || (unit && strcmp(unit, cc->org)))
		return zerr_set(e, ZE_NOTFOUND, "no campaign %.200s%s%s", id ? id : "", unit ? " in unit " : "",
				unit ? unit : "");
	return 0;
}

/* The numbers of a campaign's letters in a status (collected before writing: the store's
 * cursor must be done before the updates). */
struct numbers {
	char (*v)[DOC_NUMBER_MAX];
	size_t n, cap;
	const char *status;
	bool nomem;
};

static int collect(void *ctx, const struct document_row *r)
{
	struct numbers *l = ctx;
	if (l->status && strcmp(r->status, l->status))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *v = realloc(l->v, cap * sizeof *l->v);
		if (!v)
			return l->nomem = true, 1;
		l->v = v, l->cap = cap;
	}
	snprintf(l->v[l->n++], DOC_NUMBER_MAX, "%s", r->number);
	return 0;
}

int documents_campaign_send(struct store *s, struct change *c, const char *id, size_t *n, struct zerr *e)
{
	struct campaign_copy cc;
	struct numbers l = {.status = "generated"};
	json_t *detail = NULL;
	int rc;
	*n = 0;
	if ((rc = open_campaign(s, id, c->unit, &cc, e)))
		goto refused;
	if (strcmp(cc.status, "open")) {
		rc = zerr_set(e, ZE_CONFLICT, "campaign %s is closed", id);
		goto refused;
	}
	if ((rc = store_begin(s, e)))
		goto refused;
	rc = store_document_each(s, DOCUMENT_BY_CAMPAIGN, id, collect, &l, e);
	if (rc > 0 || l.nomem)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	for (size_t i = 0; i < l.n && !rc; i++)
		rc = store_document_set_status(s, l.v[i], "sent", e);
	if (!rc && !(detail = json_pack("{s:s, s:I}", "campaign", id, "sent", (json_int_t)l.n)))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
refused:
	if (!(rc = change_finish(s, c, rc, detail, e)))
		*n = l.n;
	free(l.v);
	return rc;
}

int documents_campaign_close(struct store *s, struct change *c, const char *id, struct zerr *e)
{
	struct campaign_copy cc;
	char at[32];
	int rc = open_campaign(s, id, c->unit, &cc, e);
	now_iso(at);
	if (!rc && !(rc = store_begin(s, e)))
		rc = store_campaign_close(s, id, at, e);
	return change_finish(s, c, rc, NULL, e);
}

struct one_doc {
	bool found;
	char org[201], status[16];
};

static int one_doc(void *ctx, const struct document_row *r)
{
	struct one_doc *d = ctx;
	d->found = true;
	snprintf(d->org, sizeof d->org, "%s", r->org);
	snprintf(d->status, sizeof d->status, "%s", r->status);
	return 0;
}

int documents_set_status(struct store *s, struct change *c, const char *number, const char *status, struct zerr *e)
{
	struct one_doc d = {false};
	int rc = store_document_each(s, DOCUMENT_BY_NUMBER, number, one_doc, &d, e);
	if (!rc && (!d.found || (c->unit && strcmp(c->unit, d.org))))
		rc = zerr_set(e, ZE_NOTFOUND, "number: no document %.100s", number ? number : "");
	else if (!rc && !(status && ((!strcmp(status, "sent") && !strcmp(d.status, "generated")) ||
				     (!strcmp(status, "returned") && !strcmp(d.status, "signed")))))
		rc = zerr_set(e, ZE_CONFLICT, "status: a %s document cannot become %.20s (generated → sent, signed → "
			      "returned)", d.status, status ? status : "");
	if (!rc && !(rc = store_begin(s, e)))
		rc = store_document_set_status(s, number, status, e);
	return change_finish(s, c, rc,
			     rc ? NULL : json_pack("{s:s, s:s, s:s}", "number", number, "from", d.status, "to", status), e);
}

struct listing {
	json_t *docs, *counts;
	size_t total;
};

static int add_doc(void *ctx, const struct document_row *r)
{
	struct listing *l = ctx;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s}", "number", r->number, "kind", r->kind, "person",
			      r->person, "department", r->department, "post", r->post, "title", r->title, "status",
			      r->status, "sha256", r->sha256);
	if (!o)
		return -1;
	json_t *cnt = json_object_get(l->counts, r->status);
	json_object_set_new(l->counts, r->status, json_integer(json_integer_value(cnt) + 1));
	l->total++;
	return json_array_append_new(l->docs, o);
}

int documents_campaign_json(struct store *s, const char *id, json_t **out, struct zerr *e)
{
	struct campaign_copy cc;
	*out = NULL;
	int rc = open_campaign(s, id, NULL, &cc, e);
	if (rc)
		return rc;
	struct listing l = {json_array(), json_pack("{s:i, s:i, s:i, s:i}", "generated", 0, "sent", 0, "signed", 0,
						     "returned", 0), 0};
	if ((rc = store_document_each(s, DOCUMENT_BY_CAMPAIGN, id, add_doc, &l, e))) {
		json_decref(l.docs);
		json_decref(l.counts);
		return rc < 0 ? rc : zerr_set(e, ZE_NOMEM, "out of memory");
	}
	json_object_set_new(l.counts, "total", json_integer((json_int_t)l.total));
	*out = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s?, s:o, s:o}", "id", cc.id, "org", cc.org, "kind",
			 cc.kind, "year", cc.year, "title", cc.title, "date", cc.date, "status", cc.status, "created_at",
			 cc.created_at, "closed_at", cc.closed_at[0] ? cc.closed_at : NULL, "counts", l.counts, "documents",
			 l.docs);
	return *out ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
}

struct unsigned_ctx {
	document_row_fn fn;
	void *ctx;
};

static int pass_unsigned(void *ctx, const struct document_row *r)
{
	struct unsigned_ctx *u = ctx;
	return strcmp(r->status, "signed") && strcmp(r->status, "returned") ? u->fn(u->ctx, r) : 0;
}

int documents_campaign_unsigned(struct store *s, const char *id, document_row_fn fn, void *ctx, struct zerr *e)
{
	struct unsigned_ctx u = {fn, ctx};
	return store_document_each(s, DOCUMENT_BY_CAMPAIGN, id, pass_unsigned, &u, e);
}
