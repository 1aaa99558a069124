#include "doc/regtext.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <poppler.h>
#include <zip.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* ---- text -------------------------------------------------------------------------------------- */

static int convert(const char *name, const char *from, const char *data, size_t len, struct strbuf *out,
		   struct zerr *e)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return zerr_set(e, ZE_IO, "%s: cannot convert from %s: %s", name, from, strerror(errno));
	char buf[8192];
	char *in = (char *)data;
	size_t inleft = len;
	int rc = 0;
	while (inleft > 0) {
		char *o = buf;
		size_t oleft = sizeof buf;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		sb_add(out, buf, sizeof buf - oleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = ZE_INVALID;
			break;
		}
	}
	iconv_close(cd);
	if (out->overflow)
		return zerr_set(e, ZE_LIMIT, "%s: the text is longer than %zu MB", name, REGTEXT_MAX_TEXT >> 20);
	return rc;
}

/* Binary, not text: NUL bytes or many control characters. */
static bool looks_binary(const char *data, size_t len)
{
	size_t ctl = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == 0)
			return true;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
			ctl++;
	}
	return ctl > len / 100 + 2;
}

static int read_txt(const char *name, const char *data, size_t len, struct strbuf *out, struct zerr *e)
{
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF'))) {
		if (convert(name, "UTF-16", data, len, out, e))
			return e->code ? e->code : zerr_set(e, ZE_INVALID, "%s: damaged UTF-16 text", name);
		return 0;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	if (looks_binary(data, len))
		return zerr_set(e, ZE_INVALID, "%s: a binary file, not a regulation's text (.txt, .docx or .pdf)", name);
	if (utf8_valid(data, len)) {
		sb_add(out, data, len);
		return out->overflow ? zerr_set(e, ZE_LIMIT, "%s: the text is too long", name) : 0;
	}
	/* Chinese Windows saves text as GBK; GB18030 is its superset. */
	sb_reset(out);
	if (convert(name, "GB18030", data, len, out, e))
		return e->code ? e->code
			       : zerr_set(e, ZE_INVALID, "%s: neither UTF-8 nor GB18030 text (save it as UTF-8)", name);
	return 0;
}

/* ---- docx -------------------------------------------------------------------------------------- */

static const char W_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

static bool is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, W_NS) &&
	       !strcmp((const char *)n->name, name);
}

/* Word's automatic numbering (w:numPr → numbering.xml): regulations number their articles and
 * items with it ("第%1条", "（%2）"), and the number is not in the text. It is rendered here the
 * way Word shows it, so the splitter sees "第一条 …". */
#define DOCX_MAX_NUMS 64
struct docx_numbering {
	xmlDoc *doc; /* word/numbering.xml, or NULL */
	struct {
		int num_id;
		int count[9];
		bool seen[9];
		const xmlNode *lvl[9]; /* looked up once: numbering.xml is walked per list, not per paragraph */
		bool looked[9];
	} nums[DOCX_MAX_NUMS];
	int nnums;
};

static const char *wattr(const xmlNode *n, const char *name, char *buf, size_t cap)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
	if (!v)
		return NULL;
	snprintf(buf, cap, "%s", (const char *)v);
	xmlFree(v);
	return buf;
}

static const xmlNode *wchild(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

static int wint(const xmlNode *n, const char *name, int dflt)
{
	char buf[32];
	return n && wattr(n, name, buf, sizeof buf) ? atoi(buf) : dflt;
}

/* The w:lvl of level ilvl for num_id, following w:num → w:abstractNumId → w:abstractNum. */
static const xmlNode *docx_level(const struct docx_numbering *nb, int num_id, int ilvl)
{
	const xmlNode *root = nb->doc ? xmlDocGetRootElement(nb->doc) : NULL;
	int abstract = -1;
	for (const xmlNode *c = root ? root->children : NULL; c && abstract < 0; c = c->next)
		if (is_w(c, "num") && wint(c, "numId", -1) == num_id)
			abstract = wint(wchild(c, "abstractNumId"), "val", -1);
	for (const xmlNode *c = root ? root->children : NULL; c && abstract >= 0; c = c->next) {
		if (!is_w(c, "abstractNum") || wint(c, "abstractNumId", -2) != abstract)
			continue;
		for (const xmlNode *l = c->children; l; l = l->next)
			if (is_w(l, "lvl") && wint(l, "ilvl", -1) == ilvl)
				return l;
	}
	return NULL;
}


static void format_counter(struct strbuf *sb, const char *fmt, int v)
{
	if (!strncmp(fmt, "chinese", 7) || !strcmp(fmt, "japaneseCounting") || !strcmp(fmt, "taiwaneseCounting") ||
	    !strcmp(fmt, "ideographDigital"))
		sb_add_cn_number(sb, v);
	else if (!strcmp(fmt, "decimalEnclosedCircle") || !strcmp(fmt, "decimalEnclosedCircleChinese"))
		v >= 1 && v <= 20 ? sb_addf(sb, "%s", (const char *[]){"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫",
									  "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"}[v - 1])
				  : sb_addf(sb, "%d", v);
	else if (!strcmp(fmt, "decimalEnclosedParen"))
		v >= 1 && v <= 20 ? sb_addf(sb, "%s", (const char *[]){"⑴", "⑵", "⑶", "⑷", "⑸", "⑹", "⑺", "⑻", "⑼", "⑽", "⑾", "⑿",
									  "⒀", "⒁", "⒂", "⒃", "⒄", "⒅", "⒆", "⒇"}[v - 1])
				  : sb_addf(sb, "(%d)", v);
	else if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "lowerLetter"))
		sb_addc(sb, (char)((fmt[0] == 'u' ? 'A' : 'a') + (v - 1) % 26));
	else if (strcmp(fmt, "bullet") && strcmp(fmt, "none"))
		sb_addf(sb, "%d", v); /* decimal and anything else */
}

static const xmlNode *cached_level(struct docx_numbering *nb, int k, int ilvl)
{
	if (!nb->nums[k].looked[ilvl]) {
		nb->nums[k].lvl[ilvl] = docx_level(nb, nb->nums[k].num_id, ilvl);
		nb->nums[k].looked[ilvl] = true;
	}
	return nb->nums[k].lvl[ilvl];
}

/* Appends the paragraph's number as Word shows it ("第三条 ", "（二）"), counting as it goes. */
static void docx_number(struct docx_numbering *nb, const xmlNode *p, struct strbuf *out)
{
	const xmlNode *np = wchild(wchild(p, "pPr"), "numPr");
	int num_id = wint(wchild(np, "numId"), "val", 0), ilvl = wint(wchild(np, "ilvl"), "val", 0);
	if (!np || num_id <= 0 || ilvl < 0 || ilvl > 8 || !nb->doc)
		return;
	int k = 0;
	while (k < nb->nnums && nb->nums[k].num_id != num_id)
		k++;
	if (k == nb->nnums) {
		if (nb->nnums == DOCX_MAX_NUMS)
			return; /* more lists than any regulation has: leave the rest unnumbered */
		memset(&nb->nums[k], 0, sizeof nb->nums[k]);
		nb->nums[k].num_id = num_id;
		nb->nnums++;
	}
	const xmlNode *lvl = cached_level(nb, k, ilvl);
	if (!lvl)
		return;
	char fmt[64], text[128];
	if (!wattr(wchild(lvl, "numFmt"), "val", fmt, sizeof fmt))
		snprintf(fmt, sizeof fmt, "decimal");
	if (!wattr(wchild(lvl, "lvlText"), "val", text, sizeof text) || !strcmp(fmt, "bullet"))
		return;
	/* this level counts on; the levels below it start again */
	int *count = nb->nums[k].count;
	bool *seen = nb->nums[k].seen;
	count[ilvl] = seen[ilvl] ? count[ilvl] + 1 : wint(wchild(lvl, "start"), "val", 1);
	seen[ilvl] = true;
	for (int i = ilvl + 1; i < 9; i++)
		seen[i] = false;
	for (const char *t = text; *t; t++) {
		if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
			int l = t[1] - '1';
			char lf[64];
			const xmlNode *ll = cached_level(nb, k, l);
			if (!wattr(wchild(ll, "numFmt"), "val", lf, sizeof lf))
				snprintf(lf, sizeof lf, "decimal");
			format_counter(out, lf, seen[l] ? count[l] : wint(wchild(ll, "start"), "val", 1));
			t++;
		} else {
			sb_addc(out, *t);
		}
	}
	sb_addc(out, ' ');
}

/* Text of a paragraph's runs: w:t, tabs and breaks; deleted text (w:delText) is not read. The
 * depth is bounded by libxml2's own limit on nesting. */
static void docx_walk(struct docx_numbering *nb, const xmlNode *n, struct strbuf *out)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(n, "t")) {
			xmlChar *t = xmlNodeGetContent(n);
			if (t)
				sb_adds(out, (const char *)t);
			xmlFree(t);
			continue;
		}
		if (is_w(n, "tab"))
			sb_addc(out, '\t');
		else if (is_w(n, "br") || is_w(n, "cr"))
			sb_addc(out, '\n');
		if (is_w(n, "delText") || is_w(n, "instrText"))
			continue;
		if (is_w(n, "p"))
			docx_number(nb, n, out);
		docx_walk(nb, n->children, out);
		if (is_w(n, "p"))
			sb_addc(out, '\n');
	}
}

/* word/numbering.xml, when the document has one and it parses; NULL otherwise (then paragraphs
 * keep only their text). */
static xmlDoc *docx_numbering_doc(zip_t *za)
{
	zip_stat_t st;
	if (zip_stat(za, "word/numbering.xml", 0, &st) || !(st.valid & ZIP_STAT_SIZE) || st.size > REGTEXT_MAX_XML)
		return NULL;
	char *xml = malloc((size_t)st.size + 1);
	zip_file_t *zf = xml ? zip_fopen(za, "word/numbering.xml", 0) : NULL;
	zip_int64_t got = 0, r;
	while (zf && (zip_uint64_t)got < st.size && (r = zip_fread(zf, xml + got, st.size - (zip_uint64_t)got)) > 0)
		got += r;
	xmlDoc *doc = NULL;
	if (zf && (zip_uint64_t)got == st.size)
		doc = xmlReadMemory(xml, (int)got, "numbering.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (zf)
		zip_fclose(zf);
	free(xml);
	return doc;
}

static int read_docx(const char *name, const char *data, size_t len, struct strbuf *out, struct zerr *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	int rc = 0;
	char *xml = NULL;
	if (!za) {
		rc = zerr_set(e, ZE_INVALID, "%s: not a .docx (not a readable zip archive: %s)", name, zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_stat_t st;
	zip_file_t *zf = NULL;
	if (zip_stat(za, "word/document.xml", 0, &st) || !(st.valid & ZIP_STAT_SIZE)) {
		rc = zerr_set(e, ZE_INVALID, "%s: a zip archive without word/document.xml, not a Word document", name);
		goto out;
	}
	if (st.size > REGTEXT_MAX_XML) {
		rc = zerr_set(e, ZE_LIMIT, "%s: word/document.xml unpacks to more than %zu MB", name, REGTEXT_MAX_XML >> 20);
		goto out;
	}
	if (st.valid & ZIP_STAT_ENCRYPTION_METHOD && st.encryption_method != ZIP_EM_NONE) {
		rc = zerr_set(e, ZE_INVALID, "%s: the document is encrypted", name);
		goto out;
	}
	xml = malloc((size_t)st.size + 1);
	zf = zip_fopen(za, "word/document.xml", 0);
	if (!xml || !zf) {
		rc = zerr_set(e, xml ? ZE_INVALID : ZE_NOMEM, "%s: cannot open word/document.xml", name);
		goto out;
	}
	zip_int64_t got = 0, r;
	/* read no more than the declared size, whatever the stream says */
	while ((zip_uint64_t)got < st.size && (r = zip_fread(zf, xml + got, st.size - (zip_uint64_t)got)) > 0)
		got += r;
	if ((zip_uint64_t)got != st.size) {
		rc = zerr_set(e, ZE_INVALID, "%s: word/document.xml is damaged", name);
		goto out;
	}
	xml[got] = '\0';
	/* no network, no external entities, no entity expansion */
	xmlDoc *doc = xmlReadMemory(xml, (int)got, "document.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		rc = zerr_set(e, ZE_INVALID, "%s: word/document.xml is not well-formed XML", name);
		goto out;
	}
	struct docx_numbering *nb = calloc(1, sizeof *nb);
	if (!nb) {
		xmlFreeDoc(doc);
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	nb->doc = docx_numbering_doc(za);
	docx_walk(nb, xmlDocGetRootElement(doc), out);
	xmlFreeDoc(nb->doc);
	free(nb);
	xmlFreeDoc(doc);
	if (out->overflow)
		rc = zerr_set(e, ZE_LIMIT, "%s: the text is longer than %zu MB", name, REGTEXT_MAX_TEXT >> 20);
out:
	if (zf)
		zip_fclose(zf);
	free(xml);
	zip_discard(za);
	return rc;
}

/* ---- pdf --------------------------------------------------------------------------------------- */

static int read_pdf(const char *name, const char *data, size_t len, struct strbuf *out, struct zerr *e)
{
	GError *err = NULL;
	GBytes *bytes = g_bytes_new_static(data, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	int rc = 0;
	if (!doc) {
		if (err && g_error_matches(err, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
			rc = zerr_set(e, ZE_INVALID, "%s: the PDF is encrypted (password-protected); save an unprotected copy", name);
		else
			rc = zerr_set(e, ZE_INVALID, "%s: not a readable PDF (%s)", name, err ? err->message : "unknown error");
		g_clear_error(&err);
		g_bytes_unref(bytes);
		return rc;
	}
	int pages = poppler_document_get_n_pages(doc);
	for (int i = 0; i < pages && !out->overflow; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *t = page ? poppler_page_get_text(page) : NULL;
		if (t) {
			sb_adds(out, t);
			sb_addc(out, '\f'); /* the page break: the splitter knows page headers by it */
		}
		g_free(t);
		if (page)
			g_object_unref(page);
	}
	g_object_unref(doc);
	g_bytes_unref(bytes);
	if (out->overflow)
		return zerr_set(e, ZE_LIMIT, "%s: the text is longer than %zu MB", name, REGTEXT_MAX_TEXT >> 20);
	bool any = false;
	for (size_t i = 0; i < out->len && !any; i++)
		any = (unsigned char)out->buf[i] > ' ';
	if (!any)
		return zerr_set(e, ZE_INVALID, "%s: the PDF has no text layer (a scan?); run OCR first", name);
	return 0;
}

int regtext_from_bytes(const char *name, const char *data, size_t len, struct strbuf *out, struct zerr *e)
{
	sb_init(out, REGTEXT_MAX_TEXT);
	if (len > REGTEXT_MAX_FILE)
		return zerr_set(e, ZE_LIMIT, "%s: larger than %zu MB", name, REGTEXT_MAX_FILE >> 20);
	int rc;
	if (len >= 5 && !memcmp(data, "%PDF-", 5))
		rc = read_pdf(name, data, len, out, e);
	else if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		rc = read_docx(name, data, len, out, e);
	else if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		rc = zerr_set(e, ZE_INVALID, "%s: an old Word .doc (or an encrypted .docx); save it as .docx", name);
	else if (ends_with(name, ".docx"))
		rc = zerr_set(e, ZE_INVALID, "%s: not a .docx (a .docx is a zip archive; this file is not one)", name);
	else if (ends_with(name, ".pdf"))
		rc = zerr_set(e, ZE_INVALID, "%s: not a PDF (it does not start with %%PDF-)", name);
	else
		rc = read_txt(name, data, len, out, e);
	if (rc)
		sb_release(out);
	return rc;
}

int regtext_read(const char *path, struct strbuf *out, struct zerr *e)
{
	struct stat st;
	sb_init(out, REGTEXT_MAX_TEXT);
	if (stat(path, &st))
		return zerr_set(e, errno == ENOENT || errno == EACCES ? ZE_NOTFOUND : ZE_IO, "%s: %s", path, strerror(errno));
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > REGTEXT_MAX_FILE)
		return zerr_set(e, ZE_LIMIT, "%s: %lld bytes, larger than the %zu MB a regulation may have", path,
				(long long)st.st_size, REGTEXT_MAX_FILE >> 20);
	struct strbuf raw;
	sb_init(&raw, REGTEXT_MAX_FILE);
	int rc = read_file(path, REGTEXT_MAX_FILE, &raw, e);
	if (!rc)
		rc = regtext_from_bytes(path, raw.buf, raw.len, out, e);
	sb_release(&raw);
	return rc;
}
