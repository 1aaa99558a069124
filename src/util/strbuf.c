#include "util/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

char strbuf_empty[1];

void sb_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = sb->alloc = 0;
	sb->max = max;
	sb->overflow = false;
}

void sb_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb_init(sb, sb->max);
}

char *sb_detach(struct strbuf *sb, size_t *len)
{
	if (sb->overflow) {
		/* A truncated text must not leave as if whole (curl's dynbuf): the caller sees NULL. */
		sb_release(sb);
		if (len)
			*len = 0;
		return NULL;
	}
	char *s = sb->alloc ? sb->buf : calloc(1, 1);
	if (len)
		*len = sb->len;
	sb_init(sb, sb->max);
	return s;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
	sb->overflow = false;
}

static bool sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->overflow || extra > sb->max - sb->len) {
		sb->overflow = true;
		return false;
	}
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return true;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n = n / 2 * 3 + 16;
	char *p = realloc(sb->alloc ? sb->buf : NULL, n);
	if (!p) {
		sb->overflow = true;
		return false;
	}
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return true;
}

bool sb_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!sb_grow(sb, len))
		return false;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return true;
}

bool sb_adds(struct strbuf *sb, const char *s)
{
	return sb_add(sb, s, strlen(s));
}

bool sb_addc(struct strbuf *sb, char c)
{
	return sb_add(sb, &c, 1);
}

bool sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof small)
		return sb_add(sb, small, (size_t)n);
	if (!sb_grow(sb, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return true;
}

/* Decodes one UTF-8 sequence; returns its length (0 when malformed). */
static size_t utf8_decode(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0];
	size_t n;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, *cp = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, *cp = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, *cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	while (len) {
		unsigned cp;
		size_t n = utf8_decode(p, len, &cp);
		if (!n)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool is_wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	int w = 0;
	while (len) {
		unsigned cp;
		size_t n = utf8_decode(p, len, &cp);
		if (!n) {
			n = 1;
			cp = '?';
		}
		w += is_wide(cp) ? 2 : 1;
		p += n;
		len -= n;
	}
	return w;
}

bool sb_add_padded(struct strbuf *sb, const char *s, int width)
{
	bool ok = sb_adds(sb, s);
	for (int w = utf8_width(s); ok && w < width; w++)
		ok = sb_addc(sb, ' ');
	return ok;
}

int read_file(const char *path, size_t max, struct strbuf *out, struct zerr *e)
{
	int rc = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return zerr_set(e, errno == ENOENT || errno == EACCES ? ZE_NOTFOUND : ZE_IO, "%s: %s", path,
				strerror(errno));
	char chunk[65536];
	size_t n;
	out->max = max;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (!sb_add(out, chunk, n)) {
			rc = zerr_set(e, ZE_LIMIT, "%s: larger than the limit of %zu bytes", path, max);
			goto out;
		}
	}
	if (ferror(f))
		rc = zerr_set(e, ZE_IO, "%s: read error: %s", path, strerror(errno));
out:
	fclose(f);
	return rc;
}

/* The length of the well-formed UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return 0;
	return n && utf8_valid(s, n) ? n : 0;
}

bool sb_add_utf8_escaped(struct strbuf *sb, const char *s)
{
	bool ok = true;
	if (utf8_valid(s, strlen(s)))
		return sb_adds(sb, s);
	while (*s && ok) {
		size_t n = utf8_seq(s);
		if (n == 1 && *s == '\\')
			ok = sb_adds(sb, "\\\\");
		else if (n)
			ok = sb_add(sb, s, n);
		else
			ok = sb_addf(sb, "\\x%02X", (unsigned char)*s), n = 1;
		s += n;
	}
	return ok;
}

bool sb_add_cn_number(struct strbuf *sb, long v)
{
	static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (v <= 0 || v >= 1000)
		return sb_addf(sb, "%ld", v);
	if (v >= 100) {
		sb_adds(sb, d[v / 100]);
		sb_adds(sb, "百");
		v %= 100;
		if (v && v < 10)
			sb_adds(sb, "零");
		else if (v >= 10 && v < 20)
			sb_adds(sb, "一");
	}
	if (v >= 10) {
		if (v >= 20)
			sb_adds(sb, d[v / 10]);
		sb_adds(sb, "十");
		v %= 10;
	}
	if (v)
		sb_adds(sb, d[v]);
	return !sb->overflow;
}
