/* Documents filled from a unit's facts (see documents.h). */
#include "core/documents.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "doc/pdf.h"
#include "util/strlist.h"

#define FIELD_TEXT_MAX 8192 /* bytes of one filled block */

/* Key posts as the default policy's agreement.key_post names them (001 第四条, 000 第7条). */
static const int key_posts[] = {POST_SECURITY_ADMIN,    POST_SECURITY_AUDITOR,    POST_SYSTEM_ADMIN,
				POST_NETWORK_ADMIN,     POST_MACHINE_ROOM_ADMIN, POST_DATABASE_ADMIN};

static const char *const kinds[] = {"responsibility_letter", "key_post_security", "network_access"};
static const char *const kind_codes[] = {"ZRS", "GWXY", "LWZRS"}; /* in the document number */

static int kind_index(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kind && !strcmp(kind, kinds[i]))
			return (int)i;
	return -1;
}

bool documents_kind_known(const char *kind)
{
	return kind_index(kind) >= 0;
}

void doc_output_release(struct doc_output *o)
{
	sb_release(&o->pdf);
}

char *documents_date_zh(zdate d, char *buf)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	snprintf(buf, 32, "%d年%d月%d日", y, m, day);
	return buf;
}

int documents_hash(const void *data, size_t len, char sha256[65], char sm3[65], struct zerr *e)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(sha256, 65, h, 32);
	EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);
	int ok = md && EVP_Digest(data, len, h, &n, md, NULL) == 1 && n == 32;
	EVP_MD_free(md);
	if (!ok)
		return zerr_set(e, ZE_IO, "SM3 is not available in this OpenSSL");
	sodium_bin2hex(sm3, 65, h, 32);
	return 0;
}

/* What a template's {fields} are filled with. */
struct fields {
	const char *unit, *department, *person, *post, *number;
	char year[8], from[32], to[32], date[32];
	/* while expanding a list block: its item number and text */
	int n;
	const char *text;
};

static const char *field_value(const struct fields *fl, const char *name, size_t len, char *num)
{
	static const struct {
		const char *name;
		size_t off;
	} strs[] = {
		{"unit", offsetof(struct fields, unit)},     {"department", offsetof(struct fields, department)},
		{"person", offsetof(struct fields, person)}, {"post", offsetof(struct fields, post)},
		{"number", offsetof(struct fields, number)}, {"text", offsetof(struct fields, text)},
	};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (strlen(strs[i].name) == len && !memcmp(strs[i].name, name, len)) {
			const char *v = *(const char *const *)((const char *)fl + strs[i].off);
			return v ? v : "";
		}
	if (len == 4 && !memcmp(name, "year", 4))
		return fl->year;
	if (len == 4 && !memcmp(name, "from", 4))
		return fl->from;
	if (len == 2 && !memcmp(name, "to", 2))
		return fl->to;
	if (len == 4 && !memcmp(name, "date", 4))
		return fl->date;
	if (len == 1 && name[0] == 'n') {
		/* list items are numbered in Chinese, as regulations number them: （一）（二）… */
		struct strbuf sb = STRBUF_INIT;
		sb_add_cn_number(&sb, fl->n);
		snprintf(num, 32, "%s", sb.buf);
		sb_release(&sb);
		return num;
	}
	return NULL;
}

/* Fills the {fields} of tpl into out; an unknown field is refused, naming it and where. */
static int fill(const struct fields *fl, const char *tpl, const char *where, struct strbuf *out, struct zerr *e)
{
	char num[32];
	sb_reset(out);
	for (const char *p = tpl; *p;) {
		const char *open = strchr(p, '{');
		if (!open) {
			sb_adds(out, p);
			break;
		}
		sb_add(out, p, (size_t)(open - p));
		const char *close = strchr(open, '}');
		const char *v = close ? field_value(fl, open + 1, (size_t)(close - open - 1), num) : NULL;
		if (!v)
			return zerr_set(e, ZE_INVALID, "template %s: unknown field '%.*s' (known: unit, department, person, "
				       "post, number, year, from, to, date; n and text in lists)",
					where, close ? (int)(close - open + 1) : 20, open);
		sb_adds(out, v);
		p = close + 1;
	}
	if (out->overflow)
		return zerr_set(e, ZE_LIMIT, "template %s: a block longer than %d bytes once filled", where, FIELD_TEXT_MAX);
	return 0;
}

/* The duties of a post from the catalogue, as a JSON array (borrowed from root). */
static json_t *post_duties(json_t *catalogue, const char *post)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(catalogue, "posts"), i, p)
		if (json_is_string(json_object_get(p, "id")) && !strcmp(json_string_value(json_object_get(p, "id")), post))
			return json_object_get(p, "duties");
	return NULL;
}

static json_t *load_embedded(const char *name, struct zerr *e)
{
	const struct embedded_file *ef = embedded_find(name);
	json_error_t je;
	if (!ef)
		return zerr_set(e, ZE_NOTFOUND, "no template %s in this build", name), NULL;
	json_t *j = json_loadb(ef->data, ef->len, 0, &je);
	if (!j)
		zerr_set(e, ZE_INVALID, "data/%s:%d: %s", name, je.line, je.text);
	return j;
}

/* A template's text member, checked. */
static const char *tstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The unit's own template of kind from its policy's "templates" (NULL: none), or NULL. */
static json_t *unit_template(const char *templates, const char *kind)
{
	json_t *all = templates ? json_loads(templates, 0, NULL) : NULL;
	json_t *t = json_incref(json_object_get(all, kind));
	json_decref(all);
	return t;
}

static const char *const block_keys[] = {"p", "h", "plain", "duties", "clauses"};

json_t *documents_template(const char *templates, const char *kind, bool *own, struct zerr *e)
{
	char name[64];
	if (kind_index(kind) < 0)
		return zerr_set(e, ZE_NOTFOUND, "kind: '%.60s' has no template", kind), NULL;
	json_t *t = unit_template(templates, kind);
	*own = t != NULL;
	if (t)
		return t;
	snprintf(name, sizeof name, "templates/%s.json", kind);
	return load_embedded(name, e);
}

int documents_templates_check(const char *templates, struct zerr *e)
{
	json_error_t je;
	json_t *all = json_loads(templates, 0, &je), *tpl;
	const char *kind;
	struct strbuf out;
	struct fields fl = {.unit = "", .department = "", .person = "", .post = "", .number = "", .n = 1, .text = ""};
	char where[160];
	int rc = 0;
	if (!all)
		return zerr_set(e, ZE_INVALID, "templates: %s", je.text);
	sb_init(&out, FIELD_TEXT_MAX);
	json_object_foreach(all, kind, tpl) {
		if (kind_index(kind) < 0) {
			rc = zerr_set(e, ZE_INVALID, "templates: no letter of kind '%.60s' has a template", kind);
			break;
		}
		snprintf(where, sizeof where, "templates.%s.title", kind);
		if ((rc = fill(&fl, tstr(tpl, "title") ? tstr(tpl, "title") : "", where, &out, e)))
			break;
		size_t bi;
		json_t *b;
		json_array_foreach(json_object_get(tpl, "blocks"), bi, b) {
			const char *t = NULL;
			for (size_t i = 0; i < sizeof block_keys / sizeof block_keys[0] && !t; i++)
				t = tstr(b, block_keys[i]);
			snprintf(where, sizeof where, "templates.%s.blocks[%zu]", kind, bi);
			if (!t)
				rc = zerr_set(e, ZE_INVALID, "%s: has none of p, h, plain, duties, clauses", where);
			else if (!(rc = fill(&fl, t, where, &out, e)) && tstr(b, "none"))
				rc = fill(&fl, tstr(b, "none"), where, &out, e);
			if (rc)
				break;
		}
		static const char *const parties[] = {"party_a", "party_b"}, *const sides[] = {"label", "name"};
		for (int i = 0; i < 2 && !rc; i++)
			for (int j = 0; j < 2 && !rc; j++) {
				const char *v = tstr(json_object_get(tpl, parties[i]), sides[j]);
				snprintf(where, sizeof where, "templates.%s.%s.%s", kind, parties[i], sides[j]);
				if (v)
					rc = fill(&fl, v, where, &out, e);
			}
		if (rc)
			break;
	}
	sb_release(&out);
	json_decref(all);
	return rc;
}

/* The defaults of what a document is about, from the facts as of rq->date. */
struct subject {
	zidx org, person, dept;
	int post;
	zdate from, to;
};

static int resolve(const struct facts *f, const struct doc_request *rq, int kind, struct subject *s, struct zerr *e)
{
	int32_t u = rq->org ? hmap_get(&f->org_ids, rq->org) : -1;
	if (u < 0)
		return zerr_set(e, ZE_NOTFOUND, "unit: no unit '%.200s'", rq->org ? rq->org : "");
	int32_t p = rq->person ? hmap_get(&f->person_ids, rq->person) : -1;
	if (p < 0 || f->people.v[p].org != u)
		return zerr_set(e, ZE_NOTFOUND, "person: no person '%.200s' in unit %s", rq->person ? rq->person : "",
				rq->org);
	s->org = u;
	s->person = p;
	s->dept = f->people.v[p].dept;
	s->post = POST_NONE;
	if (rq->department) {
		int32_t d = hmap_get(&f->dept_ids, rq->department);
		if (d < 0 || f->depts.v[d].org != u)
			return zerr_set(e, ZE_NOTFOUND, "department: no department '%.200s' in unit %s", rq->department,
					rq->org);
		s->dept = d;
	}
	int want = POST_NONE;
	if (rq->post && (want = post_from_id(rq->post)) < 0)
		return zerr_set(e, ZE_INVALID, "post: '%.100s' is not a post of the catalogue", rq->post);
	if (kind == 0)
		want = POST_DEPARTMENT_HEAD;
	zdate appt_to = ZDATE_MAX;
	if (kind != 2) {
		/* the appointment the document is about, held on its date */
		zidx found = ZIDX_NONE;
		for (zidx k = f->ix.org_appt[u]; k < f->ix.org_appt[u + 1] && found == ZIDX_NONE; k++) {
			const struct appt *a = &f->appts.v[f->ix.appt_by_org[k]];
			if (a->person != p || a->post < 0 || !appt_on(a, rq->date))
				continue;
			if (rq->department && a->dept != ZIDX_NONE && a->dept != s->dept)
				continue;
			bool fits = want != POST_NONE ? a->post == want : false;
			for (size_t i = 0; want == POST_NONE && i < sizeof key_posts / sizeof key_posts[0]; i++)
				fits = fits || a->post == key_posts[i];
			if (fits)
				found = f->ix.appt_by_org[k];
		}
		char d[ZDATE_BUFSZ];
		if (found == ZIDX_NONE)
			return zerr_set(e, ZE_INVALID, "person: %s (%s) holds no %s in unit %s on %s", f->people.v[p].name,
					rq->person, want != POST_NONE ? post_name_zh(want) : "关键岗位 (key post)", rq->org,
					date_format(rq->date, d));
		const struct appt *a = &f->appts.v[found];
		s->post = a->post;
		if (a->dept != ZIDX_NONE)
			s->dept = a->dept;
		appt_to = a->to;
	}
	if (s->dept == ZIDX_NONE)
		return zerr_set(e, ZE_INVALID, "department: %s (%s) belongs to no department; name one",
				f->people.v[p].name, rq->person);
	int y, m, d;
	date_to_ymd(rq->date, &y, &m, &d);
	if (kind == 1) {
		/* the term: from the date for three years, ending with the appointment when it ends first */
		s->from = rq->date;
		s->to = date_add_months(rq->date, 36);
		if (appt_to < s->to)
			s->to = appt_to;
	} else {
		int year = rq->year ? rq->year : y;
		s->from = date_from_ymd(year, 1, 1);
		s->to = date_from_ymd(year + 1, 1, 1);
	}
	if (rq->from != ZDATE_NONE)
		s->from = rq->from;
	if (rq->to != ZDATE_NONE)
		s->to = rq->to;
	if (s->to <= s->from)
		return zerr_set(e, ZE_INVALID, "to: the term ends on or before it starts");
	return 0;
}

/* The number: unit, year, kind and 8 hex digits of the SHA-256 of what the document is about. */
static void make_number(const struct facts *f, const struct doc_request *rq, int kind, const struct subject *s,
			int year, char out[DOC_NUMBER_MAX])
{
	char a[ZDATE_BUFSZ], b[ZDATE_BUFSZ], about[1200], hex[65];
	unsigned char h[32];
	snprintf(about, sizeof about, "%s|%s|%s|%s|%s|%s|%s", rq->org, kinds[kind], f->people.v[s->person].id,
		 f->depts.v[s->dept].id, s->post >= 0 ? post_id(s->post) : "", date_format(s->from, a),
		 date_format(s->to, b));
	crypto_hash_sha256(h, (const unsigned char *)about, strlen(about));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, DOC_NUMBER_MAX, "%.40s-%d-%s-%.8s", rq->org, year, kind_codes[kind], hex);
}

int documents_generate(const struct facts *f, const struct doc_request *rq, struct doc_output *out, struct zerr *e)
{
	int kind = kind_index(rq->kind);
	struct subject s = {0};
	int rc;
	memset(out, 0, sizeof *out);
	sb_init(&out->pdf, DOC_PDF_MAX);
	if (kind < 0)
		return zerr_set(e, ZE_INVALID, "kind: '%.60s' has no template (known: responsibility_letter, "
			       "key_post_security, network_access)", rq->kind ? rq->kind : "");
	if (rq->n_clauses > DOC_CLAUSES_MAX)
		return zerr_set(e, ZE_LIMIT, "clauses: more than %d", DOC_CLAUSES_MAX);
	for (int i = 0; i < rq->n_clauses; i++)
		if (strlen(rq->clauses[i]) > DOC_CLAUSE_BYTES || !utf8_valid(rq->clauses[i], strlen(rq->clauses[i])))
			return zerr_set(e, ZE_INVALID, "clauses[%d]: not UTF-8 text of at most %d bytes", i,
					DOC_CLAUSE_BYTES);
	if (rq->base_url && strlen(rq->base_url) > DOC_BASE_URL_MAX)
		return zerr_set(e, ZE_LIMIT, "base URL: longer than %d bytes", DOC_BASE_URL_MAX);
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	if ((rc = resolve(f, rq, kind, &s, e)))
		return rc;

	char name[64];
	json_t *tpl = unit_template(rq->templates, kinds[kind]);
	if (tpl) /* the unit's own, from its policy */
		snprintf(name, sizeof name, "the unit's template %s", kinds[kind]);
	else
		snprintf(name, sizeof name, "templates/%s.json", kinds[kind]);
	if (!tpl)
		tpl = load_embedded(name, e);
	json_t *catalogue = tpl ? load_embedded("posts.json", e) : NULL;
	struct doc_block *blocks = NULL;
	size_t nblocks = 0, cap = 0;
	struct strbuf text = STRBUF_INIT;
	char **owned = NULL; /* the filled texts, one per block */
	char qr[DOC_BASE_URL_MAX + DOC_NUMBER_MAX + 16];
	rc = tpl && catalogue ? 0 : e->code;
	if (rc)
		goto out;
	sb_init(&text, FIELD_TEXT_MAX);

	int year = rq->year;
	if (!year)
		date_to_ymd(kind == 1 ? s.from : rq->date, &year, &(int){0}, &(int){0});
	make_number(f, rq, kind, &s, year, out->number);
	struct fields fl = {.unit = f->orgs.v[s.org].name,
			    .department = f->depts.v[s.dept].name,
			    .person = f->people.v[s.person].name,
			    .post = s.post >= 0 ? post_name_zh(s.post) : "",
			    .number = out->number};
	snprintf(fl.year, sizeof fl.year, "%d", year);
	documents_date_zh(s.from, fl.from);
	documents_date_zh(s.to - 1, fl.to); /* the term's last day */
	documents_date_zh(rq->date, fl.date);

	json_t *jblocks = json_object_get(tpl, "blocks");
	size_t bi;
	json_t *b;
	/* one block per template block, but a list block becomes one per item */
	json_array_foreach(jblocks, bi, b) {
		const char *k = NULL, *t = NULL;
		for (size_t i = 0; i < sizeof block_keys / sizeof block_keys[0] && !t; i++)
			if ((t = tstr(b, block_keys[i])))
				k = block_keys[i];
		if (!t) {
			rc = zerr_set(e, ZE_INVALID, "%s: blocks[%zu] has none of p, h, plain, duties, clauses", name, bi);
			goto out;
		}
		json_t *items = NULL;
		int nitems = 1;
		if (!strcmp(k, "duties")) {
			items = s.post >= 0 ? post_duties(catalogue, post_id(s.post)) : NULL;
			nitems = (int)json_array_size(items);
		} else if (!strcmp(k, "clauses")) {
			nitems = rq->n_clauses;
			if (!nitems && tstr(b, "none")) {
				t = tstr(b, "none");
				nitems = 1;
				k = "p";
			}
		}
		for (int i = 0; i < nitems; i++) {
			char where[96], item[DOC_CLAUSE_BYTES + 1];
			fl.n = i + 1;
			fl.text = NULL;
			if (!strcmp(k, "duties") || !strcmp(k, "clauses")) {
				const char *it = !strcmp(k, "duties")
							 ? json_string_value(json_object_get(json_array_get(items, (size_t)i), "text"))
							 : rq->clauses[i];
				/* the item's own closing punctuation gives way to the template's */
				snprintf(item, sizeof item, "%s", it ? it : "");
				size_t len = strlen(item);
				while (len >= 3 && (!strcmp(item + len - 3, "。") || !strcmp(item + len - 3, "；")))
					item[len -= 3] = '\0';
				fl.text = item;
			}
			snprintf(where, sizeof where, "%s blocks[%zu]", name, bi);
			if ((rc = fill(&fl, t, where, &text, e)))
				goto out;
			if (nblocks == cap) {
				size_t ncap = cap ? 2 * cap : 32;
				if (ncap > DOC_BLOCKS_MAX) {
					rc = zerr_set(e, ZE_LIMIT, "%s: more than %d blocks once filled", name, DOC_BLOCKS_MAX);
					goto out;
				}
				void *nb = realloc(blocks, ncap * sizeof *blocks), *no = realloc(owned, ncap * sizeof *owned);
				if (nb)
					blocks = nb;
				if (no)
					owned = no;
				if (!nb || !no) {
					rc = zerr_set(e, ZE_NOMEM, "out of memory");
					goto out;
				}
				cap = ncap;
			}
			owned[nblocks] = sb_detach(&text, NULL);
			sb_init(&text, FIELD_TEXT_MAX);
			blocks[nblocks].kind = !strcmp(k, "h") ? DOC_HEADING : !strcmp(k, "plain") ? DOC_PLAIN : DOC_PARA;
			blocks[nblocks].text = owned[nblocks];
			if (!owned[nblocks]) {
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
				goto out;
			}
			nblocks++;
		}
	}

	char title[200] = "", party[2][2][200] = {{"", ""}, {"", ""}};
	if ((rc = fill(&fl, tstr(tpl, "title") ? tstr(tpl, "title") : "", "title", &text, e)))
		goto out;
	snprintf(title, sizeof title, "%s", text.buf);
	static const char *const party_keys[] = {"party_a", "party_b"};
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			const char *v = tstr(json_object_get(tpl, party_keys[i]), j ? "name" : "label");
			if (v && (rc = fill(&fl, v, party_keys[i], &text, e)))
				goto out;
			snprintf(party[i][j], sizeof party[i][j], "%s", v ? text.buf : "");
		}
	if (rq->base_url)
		snprintf(qr, sizeof qr, "%s/verify/%s", rq->base_url, out->number);
	struct doc d = {
		.title = title,
		.number = out->number,
		.blocks = blocks,
		.nblocks = nblocks,
		.party_a = {party[0][0][0] ? party[0][0] : NULL, party[0][1]},
		.party_b = {party[1][0][0] ? party[1][0] : NULL, party[1][1]},
		.date_text = NULL, /* left blank: the day is written by hand, or recorded when signed */
		.qr_text = rq->base_url ? qr : NULL,
		.font_body = rq->font_body,
		.font_title = rq->font_title,
		.author = f->orgs.v[s.org].name,
		.date = rq->date,
	};
	if ((rc = doc_pdf_render(&d, &out->pdf, &out->pages, e)) ||
	    (rc = documents_hash(out->pdf.buf, out->pdf.len, out->sha256, out->sm3, e)))
		goto out;
	snprintf(out->title, sizeof out->title, "%s", title);
	snprintf(out->kind, sizeof out->kind, "%s", kinds[kind]);
	snprintf(out->person, sizeof out->person, "%s", f->people.v[s.person].id);
	snprintf(out->department, sizeof out->department, "%s", f->depts.v[s.dept].id);
	snprintf(out->post, sizeof out->post, "%s", s.post >= 0 ? post_id(s.post) : "");
	out->from = s.from;
	out->to = s.to;
	out->date = rq->date;
out:
	strlist_free(owned, nblocks);
	free(blocks);
	sb_release(&text);
	json_decref(tpl);
	json_decref(catalogue);
	return rc;
}
