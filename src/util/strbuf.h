/* Growable string buffer in the manner of git's strbuf: never NULL once initialised, always
 * NUL-terminated, capped at a hard maximum so input cannot grow it without bound. */
#ifndef ZEREN_UTIL_STRBUF_H
#define ZEREN_UTIL_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Default hard cap for one buffer: 1 GiB. Readers of untrusted input set a lower one. */
#define STRBUF_DEFAULT_MAX ((size_t)1 << 30)

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;     /* hard cap on len */
	bool overflow;  /* an append was refused by the cap (or by malloc) */
};

extern char strbuf_empty[];
#define STRBUF_INIT {strbuf_empty, 0, 0, STRBUF_DEFAULT_MAX, false}

void sb_init(struct strbuf *sb, size_t max);
void sb_release(struct strbuf *sb);
/* Hands the string to the caller (who frees it) and leaves sb empty; NULL (sb released) when
 * an append was refused, so that a truncated text cannot pass for a whole one. */
char *sb_detach(struct strbuf *sb, size_t *len);
void sb_reset(struct strbuf *sb);
/* Appends; on cap or allocation failure sets sb->overflow and returns false. */
bool sb_add(struct strbuf *sb, const void *data, size_t len);
bool sb_adds(struct strbuf *sb, const char *s);
bool sb_addc(struct strbuf *sb, char c);
bool sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s padded with spaces to `width` terminal columns (CJK characters count two). */
bool sb_add_padded(struct strbuf *sb, const char *s, int width);
/* Appends v in Chinese numerals as regulations number clauses (1-999: "一", "十二", "一百零五");
 * other values in digits. */
bool sb_add_cn_number(struct strbuf *sb, long v);
/* Terminal display width of UTF-8 text (East Asian wide characters count two). */
int utf8_width(const char *s);
/* True when s is well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);
/* Appends s with each byte that is not part of well-formed UTF-8 written as \xNN (and a
 * backslash that could be read as such an escape as \\ only then: valid text is appended as
 * it is), so the result is always valid UTF-8. */
bool sb_add_utf8_escaped(struct strbuf *sb, const char *s);

/* Reads a whole file, refusing one larger than max bytes. Returns 0 or a negative ZE_* code. */
struct zerr;
int read_file(const char *path, size_t max, struct strbuf *out, struct zerr *e);

#endif
