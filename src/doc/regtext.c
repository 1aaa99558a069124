#include "doc/regtext.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
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

/* Text of a paragraph's runs: w:t, tabs and breaks; deleted text (w:delText) is not read. The
 * depth is bounded by libxml2's own limit on nesting. */
static void docx_walk(const xmlNode *n, struct strbuf *out)
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
		docx_walk(n->children, out);
		if (is_w(n, "p"))
			sb_addc(out, '\n');
	}
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
	docx_walk(xmlDocGetRootElement(doc), out);
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
