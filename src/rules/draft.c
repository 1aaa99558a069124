/* Splitting a regulation into clauses and recognising checkable statements (draft.h). Each
 * recogniser looks for a *way* requirements are phrased (a period word with an activity, a
 * quantity with its unit and a comparison, a verb of setting up with a post or a body), never for
 * one document's sentences. */
#include "rules/draft.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/strlist.h"

/* ---- UTF-8 ----------------------------------------------------------------------------------- */

/* Decodes one code point; malformed bytes count as one U+FFFD so every input makes progress. */
static size_t u8dec(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0) {
		*cp = 0;
		return 0;
	}
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t v = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates and code points past U+10FFFF are malformed too */
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[len] || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

static void u8enc(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		sb_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F)), b[2] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 4);
	}
}

/* Full-width ASCII (０-９, （）, ．, ％ …) and the ideographic space read as their half-width forms,
 * so "（一）" and "(一)", "３个工作日" and "3个工作日" are one pattern. */
static uint32_t fold(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000 || cp == 0xA0 || cp == '\t')
		return ' ';
	if (cp == 0xFE50 || cp == 0xFF64)
		return 0x3001; /* small and half-width ideographic commas: 、 */
	return cp;
}

static uint32_t next_cp(const char **p, const char *end)
{
	uint32_t cp;
	size_t n = u8dec((const unsigned char *)*p, (size_t)(end - *p), &cp);
	*p += n ? n : 1;
	return fold(cp);
}

/* memmem is a GNU extension; this is all the splitter needs of it. */
static bool mem_has(const char *s, size_t n, const char *needle, size_t k)
{
	for (size_t i = 0; k && i + k <= n; i++)
		if (!memcmp(s + i, needle, k))
			return true;
	return false;
}

static bool is_space_cp(uint32_t cp) { return cp == ' ' || cp == '\r' || cp == '\n' || cp == 0xFEFF; }

/* ---- numbers ----------------------------------------------------------------------------------- */

static int cn_digit(uint32_t cp)
{
	switch (cp) {
	case 0x96F6: case 0x3007: return 0; /* 零 〇 */
	case 0x4E00: return 1;               /* 一 */
	case 0x4E8C: case 0x4E24: return 2;  /* 二 两 */
	case 0x4E09: return 3;
	case 0x56DB: return 4;
	case 0x4E94: return 5;
	case 0x516D: return 6;
	case 0x4E03: return 7;
	case 0x516B: return 8;
	case 0x4E5D: return 9;
	default: return -1;
	}
}

static int cn_unit(uint32_t cp)
{
	return cp == 0x5341 ? 10 : cp == 0x767E ? 100 : cp == 0x5343 ? 1000 : 0; /* 十 百 千 */
}

long draft_number(const char *s, const char **end)
{
	const char *p = s, *stop = s + strlen(s);
	const char *q = p;
	uint32_t cp = next_cp(&q, stop);
	if (cp >= '0' && cp <= '9') {
		long v = 0;
		while (p < stop) {
			q = p;
			cp = next_cp(&q, stop);
			if (cp < '0' || cp > '9')
				break;
			if (v < 100000000)
				v = v * 10 + (long)(cp - '0');
			p = q;
		}
		*end = p;
		return v;
	}
	/* Chinese numerals: 十二, 二十四, 一百零五, 两; a bare digit string 二〇二一 reads digit by digit. */
	long total = 0, cur = -1;
	bool any = false;
	while (p < stop) {
		q = p;
		cp = next_cp(&q, stop);
		int d = cn_digit(cp), u = cn_unit(cp);
		if (d >= 0) {
			cur = cur > 0 && !u ? cur * 10 + d : d;
		} else if (u) {
			total += (cur < 0 ? 1 : cur) * u;
			cur = -1;
		} else {
			break;
		}
		any = true;
		p = q;
		if (total > 100000000 || cur > 100000000) /* no regulation counts that far: stop */
			break;
	}
	if (!any)
		return -1;
	*end = p;
	return total + (cur > 0 ? cur : 0);
}

/* ---- posts ------------------------------------------------------------------------------------- */

/* Names in regulations → the catalogue ids (data/posts.json). Longest first where one is the
 * prefix of another, since draft_post_at takes the first that matches. */
static const struct {
	const char *name, *id;
} post_names[] = {
	{"网络安全第一责任人", "first_responsible"}, {"第一责任人", "first_responsible"},
	{"直接责任人", "direct_responsible"},
	{"网络安全主管", "security_director"}, {"信息安全主管", "security_director"}, {"安全主管", "security_director"},
	{"网络安全管理员", "security_admin"}, {"信息安全管理员", "security_admin"}, {"系统安全管理员", "security_admin"},
	{"安全管理员", "security_admin"},
	{"安全审计管理员", "security_auditor"}, {"安全审计员", "security_auditor"}, {"审计管理员", "security_auditor"},
	{"审计员", "security_auditor"},
	{"网络管理员", "network_admin"}, {"网管员", "network_admin"},
	{"系统管理员", "system_admin"},
	{"机房管理员", "machine_room_admin"}, {"机房管理人员", "machine_room_admin"},
	{"数据库管理员", "database_admin"},
	{"部门网络安全员", "security_liaison"}, {"网络安全联络员", "security_liaison"}, {"网络安全员", "security_liaison"},
	{"信息安全员", "security_liaison"}, {"联络员", "security_liaison"}, {"联络人", "security_liaison"},
	{"部门负责人", "department_head"}, {"科室负责人", "department_head"}, {"处室负责人", "department_head"},
	{"信息系统负责人", "system_responsible"}, {"系统负责人", "system_responsible"},
};

static int post_index(const char *id)
{
	static const char *const ids[] = {"first_responsible", "direct_responsible", "security_director",
					  "security_admin", "security_auditor", "network_admin", "system_admin",
					  "machine_room_admin", "database_admin", "security_liaison",
					  "department_head", "system_responsible"};
	return strlist_index(ids, (int)(sizeof ids / sizeof ids[0]), id);
}

static const char *post_id_of(int i)
{
	static const char *const ids[] = {"first_responsible", "direct_responsible", "security_director",
					  "security_admin", "security_auditor", "network_admin", "system_admin",
					  "machine_room_admin", "database_admin", "security_liaison",
					  "department_head", "system_responsible"};
	return ids[i];
}

const char *draft_post_at(const char *s, size_t *len)
{
	/* called at every character of every sentence: the first byte rules most names out */
	for (size_t i = 0; i < sizeof post_names / sizeof post_names[0]; i++) {
		if (s[0] != post_names[i].name[0] || s[1] != post_names[i].name[1] || s[2] != post_names[i].name[2])
			continue;
		size_t n = strlen(post_names[i].name);
		if (!strncmp(s, post_names[i].name, n)) {
			*len = n;
			return post_names[i].id;
		}
	}
	return NULL;
}

/* The posts a sentence names, in order, with the byte offset of each. */
#define MAX_NAMED 16
struct named_posts {
	int post[MAX_NAMED];
	size_t at[MAX_NAMED];
	int n;
};

static void find_posts(const char *s, struct named_posts *np)
{
	np->n = 0;
	for (size_t i = 0; s[i] && np->n < MAX_NAMED;) {
		size_t len;
		const char *id = draft_post_at(s + i, &len);
		if (id) {
			int p = post_index(id);
			bool dup = false;
			for (int k = 0; k < np->n; k++)
				dup |= np->post[k] == p;
			if (!dup) {
				np->post[np->n] = p;
				np->at[np->n++] = i;
			}
			i += len;
		} else {
			i++;
			while (((unsigned char)s[i] & 0xC0) == 0x80)
				i++;
		}
	}
}

/* ---- splitting --------------------------------------------------------------------------------- */

enum mark {
	MK_NONE,
	MK_CHAPTER, /* 第一章 */
	MK_SECTION, /* 第一节 */
	MK_ARTICLE, /* 第一条 */
	MK_CN_DUN,  /* 一、 */
	MK_CN_PAREN, /* (一) */
	MK_AR_DOT,  /* 1. */
	MK_AR_DUN,  /* 1、 */
	MK_AR_RPAREN, /* 1) */
	MK_AR_PAREN, /* (1) */
	MK_PCIRC,   /* ⑴ */
	MK_CIRC,    /* ① */
	MK_TITLE,   /* the title line of a second document inside the text (an annex) */
};

/* Chapters, sections and articles nest in a fixed order; list items nest as the document
 * writes them. */
static int mark_rank(int m) { return m == MK_CHAPTER ? 0 : m == MK_SECTION ? 1 : m == MK_ARTICLE ? 2 : -1; }
static bool mark_arabic(int m) { return m >= MK_AR_DOT && m <= MK_AR_PAREN; }

struct marker {
	int type;
	long value;
	size_t len; /* bytes of the line the marker takes, spaces after it included */
};

/* The numerals a number may be written in: Arabic digits, Chinese numerals, or either. */
enum numerals { NUM_ARABIC = 1, NUM_CHINESE = 2, NUM_ANY = 3 };

static bool numeral(uint32_t cp, int which)
{
	return ((which & NUM_ARABIC) && cp >= '0' && cp <= '9') ||
	       ((which & NUM_CHINESE) && (cn_digit(cp) >= 0 || cn_unit(cp)));
}

/* Copies the numerals of kind `which` at *t (spaces between them skipped when skip_spaces) into
 * num (size bytes, NUL-terminated) and moves *t past them; returns the bytes copied. */
static size_t take_numerals(const char **t, const char *end, int which, bool skip_spaces, char *num, size_t size)
{
	size_t k = 0;
	while (*t < end && k + 4 < size) {
		const char *t2 = *t;
		uint32_t e = next_cp(&t2, end);
		if (skip_spaces && e == ' ') {
			*t = t2;
			continue;
		}
		if (!numeral(e, which))
			break;
		memcpy(num + k, *t, (size_t)(t2 - *t));
		k += (size_t)(t2 - *t);
		*t = t2;
	}
	num[k] = '\0';
	return k;
}

/* Recognises the numbering at the start of a (trimmed) line. */
static struct marker line_marker(const char *s, size_t n)
{
	struct marker m = {MK_NONE, 0, 0};
	const char *end = s + n, *p = s, *q;
	uint32_t c = next_cp(&p, end);
	long v;
	const char *after = NULL;
	if (c == 0x7B2C) { /* 第 N 章|节|条 */
		const char *r = p;
		while (r < end && *r == ' ')
			r++;
		char num[64];
		const char *t = r;
		if (!take_numerals(&t, end, NUM_ANY, false, num, sizeof num) || (v = draft_number(num, &q)) < 0)
			return m;
		while (t < end && *t == ' ')
			t++;
		const char *t2 = t;
		uint32_t kind = t < end ? next_cp(&t2, end) : 0;
		m.type = kind == 0x7AE0 ? MK_CHAPTER : kind == 0x8282 ? MK_SECTION : kind == 0x6761 ? MK_ARTICLE : MK_NONE;
		m.value = v;
		after = t2;
	} else if (c >= 0x2474 && c <= 0x2487) { /* ⑴…⒇ */
		m.type = MK_PCIRC, m.value = (long)(c - 0x2473), after = p;
	} else if (c >= 0x2460 && c <= 0x2473) { /* ①…⑳ */
		m.type = MK_CIRC, m.value = (long)(c - 0x245F), after = p;
	} else if (c == '(') {
		const char *r = p;
		while (r < end && *r == ' ')
			r++;
		q = r;
		uint32_t d = r < end ? next_cp(&q, end) : 0;
		bool arabic = d >= '0' && d <= '9';
		if (!arabic && cn_digit(d) < 0 && !cn_unit(d))
			return m;
		/* the numeral must be closed by ')' within a few characters: "(一)", "( 12 )" */
		char num[32];
		const char *t = r;
		size_t k = take_numerals(&t, end, NUM_ANY, true, num, sizeof num);
		const char *t2 = t;
		if (!k || t >= end || next_cp(&t2, end) != ')')
			return m;
		if ((v = draft_number(num, &q)) < 0)
			return m;
		m.type = arabic ? MK_AR_PAREN : MK_CN_PAREN, m.value = v, after = t2;
	} else if ((c >= '0' && c <= '9') || cn_digit(c) >= 0 || cn_unit(c)) {
		bool arabic = c >= '0' && c <= '9';
		const char *t = s;
		char num[32];
		if (!take_numerals(&t, end, arabic ? NUM_ARABIC : NUM_CHINESE, false, num, sizeof num) ||
		    (v = draft_number(num, &q)) < 0)
			return m;
		const char *t2 = t;
		uint32_t e = t < end ? next_cp(&t2, end) : 0;
		if (e == 0x3001) { /* 、 */
			m.type = arabic ? MK_AR_DUN : MK_CN_DUN;
		} else if (arabic && e == '.') {
			/* "1." but not "1.5小时" */
			const char *t3 = t2;
			uint32_t f = t2 < end ? next_cp(&t3, end) : 0;
			if (f >= '0' && f <= '9')
				return m;
			m.type = MK_AR_DOT;
		} else if (arabic && e == ')') {
			m.type = MK_AR_RPAREN;
		} else if (!arabic && e == '.') {
			m.type = MK_CN_DUN; /* "一." written for "一、" */
		} else {
			return m;
		}
		if (arabic && v > 200) /* a year or an amount, not an item number */
			return (struct marker){MK_NONE, 0, 0};
		m.value = v, after = t2;
	}
	if (m.type == MK_NONE || !after)
		return (struct marker){MK_NONE, 0, 0};
	while (after < end) {
		const char *t2 = after;
		if (next_cp(&t2, end) != ' ')
			break;
		after = t2;
	}
	m.len = (size_t)(after - s);
	return m;
}


/* How a level shows in a path: as the document numbers it, items in half-width parentheses. */
static void mark_format(char *out, size_t cap, int type, long v, const char *title)
{
	struct strbuf sb;
	sb_init(&sb, cap - 1);
	switch (type) {
	case MK_CHAPTER: sb_adds(&sb, "第"), sb_add_cn_number(&sb, v), sb_adds(&sb, "章"); break;
	case MK_SECTION: sb_adds(&sb, "第"), sb_add_cn_number(&sb, v), sb_adds(&sb, "节"); break;
	case MK_ARTICLE: break; /* written as the document writes it, see split_line */
	case MK_CN_DUN: sb_add_cn_number(&sb, v), sb_adds(&sb, "、"); break;
	case MK_CN_PAREN: sb_addc(&sb, '('), sb_add_cn_number(&sb, v), sb_addc(&sb, ')'); break;
	case MK_AR_DOT: sb_addf(&sb, "%ld.", v); break;
	case MK_AR_DUN: sb_addf(&sb, "%ld、", v); break;
	case MK_AR_RPAREN: sb_addf(&sb, "%ld)", v); break;
	case MK_AR_PAREN: sb_addf(&sb, "(%ld)", v); break;
	case MK_PCIRC: u8enc(&sb, (uint32_t)(0x2473 + v)); break;
	case MK_CIRC: u8enc(&sb, (uint32_t)(0x245F + v)); break;
	case MK_TITLE: sb_adds(&sb, "《"), sb_adds(&sb, title), sb_adds(&sb, "》"); break;
	}
	snprintf(out, cap, "%s", sb.overflow ? "" : sb.buf);
	sb_release(&sb);
}

struct level {
	int type;
	long value;
	bool heading; /* its line was a short heading, so a "1" of the same kind below it nests */
	char disp[64];
};

struct splitter {
	struct level st[DRAFT_MAX_DEPTH];
	int depth;
	struct draft_doc *doc;
	struct strbuf text; /* the current clause's text */
	bool has_clause;
	bool last_ended; /* the current clause's text ends a sentence */
};

static bool ends_sentence(const char *s, size_t n)
{
	static const char *const ends[] = {"。", "；", ";", "：", ":", "！", "!", "？", "?", "”", "」", "）", ")"};
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t k = strlen(ends[i]);
		if (n >= k && !memcmp(s + n - k, ends[i], k))
			return true;
	}
	return false;
}

static size_t u8count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int flush_clause(struct splitter *sp, struct zerr *e)
{
	if (!sp->has_clause)
		return 0;
	struct draft_doc *d = sp->doc;
	if (sp->text.overflow)
		return zerr_set(e, ZE_LIMIT, "a clause is longer than %zu bytes", sp->text.max);
	if (d->n == DRAFT_MAX_CLAUSES)
		return zerr_set(e, ZE_LIMIT, "more than %d clauses", DRAFT_MAX_CLAUSES);
	if (d->n % 256 == 0) {
		struct draft_clause *c = realloc(d->clauses, (d->n + 256) * sizeof *c);
		if (!c)
			return zerr_set(e, ZE_NOMEM, "out of memory");
		d->clauses = c;
	}
	/* the path: articles cite without their chapter ("第七条", as regulations are cited);
	 * a chapter shows only when no article is open */
	bool article = false;
	for (int i = 0; i < sp->depth; i++)
		article |= sp->st[i].type == MK_ARTICLE;
	char path[DRAFT_PATH_MAX];
	size_t pl = 0;
	path[0] = '\0';
	for (int i = 0; i < sp->depth; i++) {
		const struct level *l = &sp->st[i];
		if (article && (l->type == MK_CHAPTER || l->type == MK_SECTION))
			continue;
		size_t k = strlen(l->disp);
		/* "第十二条 2.": a space where a number follows a character that is not a mark */
		bool space = pl > 0 && l->disp[0] >= '0' && l->disp[0] <= '9' &&
			     !ends_sentence(path, pl) && !(pl >= 3 && !memcmp(path + pl - 3, "、", 3)) &&
			     !(pl >= 3 && !memcmp(path + pl - 3, "》", 3)) &&
			     path[pl - 1] != '.';
		if (pl + k + 2 >= sizeof path)
			break;
		if (space)
			path[pl++] = ' ';
		memcpy(path + pl, l->disp, k + 1);
		pl += k;
	}
	char *p = strdup(path);
	char *t = sb_detach(&sp->text, NULL);
	if (!p || !t) {
		free(p);
		free(t);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	d->clauses[d->n++] = (struct draft_clause){p, t};
	sp->has_clause = false;
	return 0;
}

/* Word bookmarks ("[bookmark: _Toc…]") and Markdown emphasis left by converters are not text. */
static void clean_line(const char *s, size_t n, struct strbuf *out)
{
	sb_reset(out);
	for (size_t i = 0; i < n;) {
		if (s[i] == '[' && n - i > 10 && !memcmp(s + i, "[bookmark:", 10)) {
			const char *close = memchr(s + i, ']', n - i);
			if (close) {
				i = (size_t)(close - s) + 1;
				continue;
			}
		}
		/* Markdown marks, and bullets or stray semicolons before a line's number */
		if (out->len == 0 && (s[i] == ';' || s[i] == '-' || s[i] == '>')) {
			i++;
			continue;
		}
		if (out->len == 0) {
			/* • · ； ● ■ */
			static const char *const bullets[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xEF\xBC\x9B", "\xE2\x97\x8F", "\xE2\x96\xA0"};
			size_t skip = 0;
			for (size_t b = 0; b < sizeof bullets / sizeof bullets[0] && !skip; b++) {
				size_t k = strlen(bullets[b]);
				if (n - i >= k && !memcmp(s + i, bullets[b], k))
					skip = k;
			}
			if (skip) {
				i += skip;
				continue;
			}
		}
		if (s[i] == '*' || (s[i] == '#' && out->len == 0)) {
			i++;
			continue;
		}
		if (s[i] == '\r' || s[i] == '\f') {
			i++;
			continue;
		}
		/* malformed UTF-8 becomes U+FFFD: what leaves here is valid text, as JSON needs */
		uint32_t cp;
		size_t k = u8dec((const unsigned char *)s + i, n - i, &cp);
		if (cp == 0xFFFD && !(k == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3)))
			sb_add(out, "\xEF\xBF\xBD", 3);
		else
			sb_add(out, s + i, k);
		i += k;
	}
	/* trim (ASCII, ideographic and no-break spaces, BOM) */
	const char *b = out->buf, *end = out->buf + out->len;
	while (b < end) {
		const char *q = b;
		if (!is_space_cp(next_cp(&q, end)))
			break;
		b = q;
	}
	const char *t = end;
	while (t > b) {
		const char *q = t - 1;
		while (q > b && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		const char *q2 = q;
		if (!is_space_cp(next_cp(&q2, end)))
			break;
		t = q;
	}
	size_t len = (size_t)(t - b);
	memmove(out->buf, b, len);
	out->len = len;
	if (out->alloc)
		out->buf[len] = '\0';
}

/* A page number or a "第 3 页 共 10 页" footer: digits with dashes, slashes, 第/页/共 and spaces. */
static bool page_artifact(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	bool digit = false;
	if (u8count(s, n) > 24)
		return false;
	while (p < end) {
		uint32_t c = next_cp(&p, end);
		if (c >= '0' && c <= '9')
			digit = true;
		else if (!(c == ' ' || c == '-' || c == '/' || c == '|' || c == '.' || c == 0x2014 || c == 0x2013 ||
			   c == 0x7B2C || c == 0x9875 || c == 0x5171 || c == 'P' || c == 'p' || c == 'a' || c == 'g' ||
			   c == 'e' || c == 'o' || c == 'f' || c == 0x00B7))
			return false;
	}
	return digit;
}

/* The title of a document inside the text (an annex: "关键岗位安全协议"): a short line without
 * punctuation ending in a word that names a kind of document. */
static bool title_line(const char *s, size_t n)
{
	static const char *const kinds[] = {"协议", "协议书", "责任书", "承诺书", "办法", "规定", "细则", "制度", "规范", "条例"};
	if (n == 0 || u8count(s, n) > 30 || ends_sentence(s, n))
		return false;
	static const char *const punct[] = {"，", ",", "。", "；", "：", ":", "、"};
	for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++)
		if (mem_has(s, n, punct[i], strlen(punct[i])))
			return false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t k = strlen(kinds[i]);
		if (n > k && !memcmp(s + n - k, kinds[i], k))
			return true;
	}
	return false;
}

/* Where a short unpunctuated line's trailing number starts ("网络管理员工作职责2"), or n. */
static size_t counter_at(const char *s, size_t n)
{
	if (n == 0 || u8count(s, n) > 30 || ends_sentence(s, n) || mem_has(s, n, "，", 3) || mem_has(s, n, ",", 1))
		return n;
	size_t i = n;
	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == ' '))
		i--;
	return i;
}

/* "网络安全岗位职责 篇3", or a title repeated with a counter ("网络安全工作责任书1" …
 * "网络安全工作责任书5", `counted`): a piece of a compilation of collected texts; its number, or 0. */
static long piece_line(const char *s, size_t n, bool counted)
{
	size_t i = counter_at(s, n);
	if (i == n || i < 6 || (!counted && memcmp(s + i - 3, "篇", 3)))
		return 0;
	const char *end;
	char num[16];
	snprintf(num, sizeof num, "%.*s", (int)(n - i < sizeof num - 1 ? n - i : sizeof num - 1), s + i);
	const char *p = num;
	while (*p == ' ')
		p++;
	long v = draft_number(p, &end);
	return v > 0 && v < 1000 ? v : 0;
}

static void push_level(struct splitter *sp, int type, long value, bool heading, const char *disp)
{
	if (sp->depth == DRAFT_MAX_DEPTH)
		sp->depth--; /* deeper nesting than any regulation has: keep the outer levels */
	struct level *l = &sp->st[sp->depth++];
	l->type = type;
	l->value = value;
	l->heading = heading;
	snprintf(l->disp, sizeof l->disp, "%s", disp);
}

/* Where a new number of this type goes in the open numbering; returns the new depth. */
static int place_marker(struct splitter *sp, const struct marker *m, long *value)
{
	int rank = mark_rank(m->type);
	if (rank >= 0) {
		/* the outermost open level of the same or a finer rank: 第二章 closes 第一章's articles;
		 * list items (一、 (一) 1.) are inside articles, never around them, so they close too.
		 * Only a compilation's section number (⑴) or an annex title stays open around them. */
		int base = 0;
		for (int i = 0; i < sp->depth; i++)
			if (sp->st[i].type == MK_PCIRC || sp->st[i].type == MK_TITLE)
				base = i + 1;
		for (int i = base; i < sp->depth; i++)
			if (mark_rank(sp->st[i].type) >= rank || mark_rank(sp->st[i].type) < 0)
				return i;
		/* an article under a title or a compilation's section number stays below it */
		return sp->depth;
	}
	struct level *top = sp->depth ? &sp->st[sp->depth - 1] : NULL;
	/* "(1) 安全主管" then "(1) 负责…": the second list nests under the heading */
	if (top && top->type == m->type && m->value == 1 && top->heading)
		return sp->depth;
	int same = -1, follows = -1;
	for (int i = sp->depth - 1; i >= 0; i--) {
		if (sp->st[i].type != m->type)
			continue;
		if (same < 0)
			same = i;
		if (follows < 0 && sp->st[i].value + 1 == m->value)
			follows = i;
	}
	int at = follows >= 0 ? follows : same;
	if (at < 0)
		return sp->depth;
	/* Word's automatic numbering, converted, writes "1." before every item: count them */
	if (mark_arabic(m->type) && m->value == 1 && sp->st[at].value >= 1 && follows < 0)
		*value = sp->st[at].value + 1;
	return at;
}

static int split_line(struct splitter *sp, const char *s, size_t n, bool counted, struct zerr *e)
{
	struct marker m = line_marker(s, n);
	int rc;
	long piece = m.type == MK_NONE ? piece_line(s, n, counted) : 0;
	if (m.type == MK_NONE && (piece || (sp->depth > 0 && title_line(s, n)))) {
		if ((rc = flush_clause(sp, e)))
			return rc;
		char title[DRAFT_PATH_MAX / 2], disp[64];
		snprintf(title, sizeof title, "%.*s", (int)(n < sizeof title - 1 ? n : sizeof title - 1), s);
		/* keep a compilation's outer section number (⑴…): the annex is inside it */
		int keep = sp->depth > 0 && (sp->st[0].type == MK_PCIRC || sp->st[0].type == MK_CIRC) ? 1 : 0;
		sp->depth = keep;
		if (u8count(title, strlen(title)) > 16) /* a path must stay short: cut a long title */
			title[0] = '\0';
		if (piece)
			snprintf(disp, sizeof disp, "篇%ld", piece);
		else
			mark_format(disp, sizeof disp, MK_TITLE, 0, title);
		if (title[0] || piece)
			push_level(sp, MK_TITLE, 0, true, disp);
		sp->has_clause = true;
		sb_init(&sp->text, DRAFT_MAX_TEXT);
		sb_add(&sp->text, s, n);
		sp->last_ended = true;
		return 0;
	}
	if (m.type == MK_NONE) {
		if (!sp->has_clause) {
			sp->has_clause = true;
			sb_init(&sp->text, DRAFT_MAX_TEXT);
			sp->last_ended = true;
		}
		/* a line broken mid-sentence continues the sentence; otherwise a new paragraph */
		if (sp->text.len && sp->last_ended)
			sb_addc(&sp->text, '\n');
		sb_add(&sp->text, s, n);
		sp->last_ended = ends_sentence(s, n) || u8count(s, n) < 12;
		return 0;
	}
	if ((rc = flush_clause(sp, e)))
		return rc;
	long value = m.value;
	int at = place_marker(sp, &m, &value);
	sp->depth = at;
	char disp[64];
	if (m.type == MK_ARTICLE) {
		/* as written, spaces removed: "第七条", "第7条" */
		struct strbuf sb;
		sb_init(&sb, sizeof disp - 1);
		const char *p = s, *end = s + m.len;
		while (p < end) {
			const char *q = p;
			uint32_t c = next_cp(&q, end);
			if (c != ' ')
				u8enc(&sb, c);
			if (c == 0x6761)
				break;
			p = q;
		}
		snprintf(disp, sizeof disp, "%s", sb.overflow ? "第?条" : sb.buf);
		sb_release(&sb);
	} else {
		mark_format(disp, sizeof disp, m.type, value, NULL);
	}
	const char *rest = s + m.len;
	size_t rn = n - m.len;
	bool heading = rn > 0 && u8count(rest, rn) <= 16 && !ends_sentence(rest, rn) && !mem_has(rest, rn, "，", 3);
	push_level(sp, m.type, value, heading, disp);
	sp->has_clause = true;
	sb_init(&sp->text, DRAFT_MAX_TEXT);
	sb_add(&sp->text, rest, rn);
	/* an article's text is a sentence, never a heading: a short one is a line broken early */
	sp->last_ended = rn == 0 ? false : ends_sentence(rest, rn) || (heading && m.type != MK_ARTICLE);
	/* "第三条" alone on its line: its text is on the next lines */
	if (rn == 0)
		sp->last_ended = false;
	sp->doc->numbered++;
	return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void draft_doc_release(struct draft_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->clauses[i].path);
		free(d->clauses[i].text);
	}
	free(d->clauses);
	memset(d, 0, sizeof *d);
}

/* The first of the n sorted strings v not less than s (n when none). */
static size_t lower_bound(char *const *v, size_t n, const char *s)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(v[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int draft_split(const char *text, size_t len, struct draft_doc *out, struct zerr *e)
{
	memset(out, 0, sizeof *out);
	if (len > DRAFT_MAX_TEXT)
		return zerr_set(e, ZE_LIMIT, "the text is larger than %zu MB", DRAFT_MAX_TEXT >> 20);
	/* lines, cleaned */
	size_t cap = 64, nl = 0, pages = 1;
	char **lines = malloc(cap * sizeof *lines);
	bool *edge = malloc(cap * sizeof *edge); /* first or last line of a page */
	bool page_start = true;
	struct strbuf lb;
	sb_init(&lb, DRAFT_MAX_TEXT);
	int rc = 0;
	if (!lines || !edge) {
		free(lines);
		free(edge);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	for (size_t i = 0; i <= len;) {
		size_t j = i;
		while (j < len && text[j] != '\n' && text[j] != '\f' && text[j] != '\r' && text[j] != '\0')
			j++;
		clean_line(text + i, j - i, &lb);
		if (lb.overflow) {
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
			goto out;
		}
		if (lb.len) {
			if (nl == cap) {
				char **nlines = realloc(lines, cap * 2 * sizeof *lines);
				if (nlines)
					lines = nlines;
				bool *nedge = nlines ? realloc(edge, cap * 2 * sizeof *edge) : NULL;
				if (!nedge) {
					rc = zerr_set(e, ZE_NOMEM, "out of memory");
					goto out;
				}
				edge = nedge, cap *= 2;
			}
			if (!(lines[nl] = strdup(lb.buf))) {
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
				goto out;
			}
			edge[nl++] = page_start;
			page_start = false;
		}
		if (j < len && text[j] == '\f') {
			if (nl)
				edge[nl - 1] = true;
			page_start = true;
			pages++;
		}
		if (j < len && text[j] == '\r' && j + 1 < len && text[j + 1] == '\n')
			j++;
		i = j + 1;
	}
	/* Page headers and footers: short unnumbered lines repeated on three or more pages. */
	char **sorted = malloc((nl ? nl : 1) * sizeof *sorted);
	if (!sorted) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	memcpy(sorted, lines, nl * sizeof *sorted);
	qsort(sorted, nl, sizeof *sorted, cmp_str);
	/* Running headers of a paged text (a PDF: pages end in form feeds): the same line at the top
	 * or the bottom of two pages or more. */
	size_t ne = 0;
	char **edges = malloc((nl ? nl : 1) * sizeof *edges);
	if (!edges) {
		free(sorted);
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if (nl)
		edge[nl - 1] = true;
	for (size_t i = 0; pages > 1 && i < nl; i++)
		if (edge[i] && line_marker(lines[i], strlen(lines[i])).type == MK_NONE)
			edges[ne++] = lines[i];
	qsort(edges, ne, sizeof *edges, cmp_str);
	/* Titles with a counter: the same words before a number on two lines or more */
	size_t nc = 0;
	char **counters = malloc((nl ? nl : 1) * sizeof *counters);
	if (!counters) {
		free(sorted);
		free(edges);
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nl && !rc; i++) {
		size_t n = strlen(lines[i]), at = counter_at(lines[i], n);
		if (at < n && at >= 6 && line_marker(lines[i], n).type == MK_NONE &&
		    !(counters[nc] = strndup(lines[i], at)))
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
		else if (at < n && at >= 6 && line_marker(lines[i], n).type == MK_NONE)
			nc++;
	}
	qsort(counters, nc, sizeof *counters, cmp_str);
	struct splitter sp = {.doc = out};
	sb_init(&sp.text, DRAFT_MAX_TEXT);
	for (size_t i = 0; i < nl && !rc; i++) {
		const char *s = lines[i];
		size_t n = strlen(s);
		if (page_artifact(s, n))
			continue;
		if (n <= 90 && !ends_sentence(s, n) && line_marker(s, n).type == MK_NONE) {
			/* count the copies by binary search in the sorted lines */
			size_t lo = lower_bound(sorted, nl, s), k = lo;
			while (k < nl && !strcmp(sorted[k], s))
				k++;
			if (k - lo >= 3)
				continue;
		}
		if (edge[i] && ne > 1) {
			size_t copies = 0;
			for (size_t lo = 0, hi = ne; lo < hi;) {
				size_t mid = (lo + hi) / 2;
				int c = strcmp(edges[mid], s);
				if (c == 0) {
					copies = 1 + (mid > 0 && !strcmp(edges[mid - 1], s)) + (mid + 1 < ne && !strcmp(edges[mid + 1], s));
					break;
				}
				if (c < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (copies >= 2)
				continue;
		}
		bool counted = false;
		size_t at = counter_at(s, n);
		if (at < n && at >= 6) {
			char *prefix = strndup(s, at);
			if (!prefix) {
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
				break;
			}
			size_t lo = lower_bound(counters, nc, prefix);
			counted = lo + 1 < nc && !strcmp(counters[lo], prefix) && !strcmp(counters[lo + 1], prefix);
			free(prefix);
		}
		rc = split_line(&sp, s, n, counted, e);
	}
	if (!rc)
		rc = flush_clause(&sp, e);
	sb_release(&sp.text);
	free(sorted);
	free(edges);
	strlist_free(counters, nc);
out:
	strlist_free(lines, nl);
	free(edge);
	sb_release(&lb);
	if (rc)
		draft_doc_release(out);
	return rc;
}

/* ---- sentences --------------------------------------------------------------------------------- */

/* A sentence as written (for the citation) and its folded form without spaces (for matching). */
struct sentence {
	const char *path;
	char *orig;
	char *norm;
};

/* The titles of other documents (《…成立领导小组的通知》) state nothing: their text is left out. */
static bool fold_text(const char *s, size_t n, struct strbuf *out)
{
	const char *p = s, *end = s + n;
	int in_title = 0;
	sb_reset(out);
	while (p < end) {
		uint32_t c = next_cp(&p, end);
		if (c == 0x300B && in_title) /* 》 */
			in_title--;
		if (!is_space_cp(c) && !in_title)
			u8enc(out, c);
		if (c == 0x300A && in_title < 8) /* 《 */
			in_title++;
	}
	return !out->overflow;
}

static bool has(const char *s, const char *w) { return strstr(s, w) != NULL; }

static const char *first_of(const char *s, const char *const *ws, size_t n)
{
	const char *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *f = strstr(s, ws[i]);
		if (f && (!best || f < best))
			best = f;
	}
	return best;
}
#define FIRST_OF(s, ...) first_of((s), (const char *const[]){__VA_ARGS__}, \
				  sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))
#define HAS_ANY(s, ...) (FIRST_OF(s, __VA_ARGS__) != NULL)

/* A quantity "N<unit>" or "N至M<unit>" (3至5个工作日: the upper bound, the one a breach is sure
 * past). */
struct qty {
	long lo, hi;
	const char *at, *unit, *after; /* where the number starts, which unit, the text after it */
};

static bool is_num_start(const char *s)
{
	uint32_t c;
	u8dec((const unsigned char *)s, strlen(s), &c);
	c = fold(c);
	return (c >= '0' && c <= '9') || cn_digit(c) >= 0 || cn_unit(c);
}

static bool quantity_from(const char *s, const char *from, const char *const *units, size_t nu, struct qty *q)
{
	for (const char *p = from; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80 || !is_num_start(p))
			continue;
		/* the start of a number, not its middle ("24": not "4") */
		if (p > s) {
			const char *b = p - 1;
			while (b > s && ((unsigned char)*b & 0xC0) == 0x80)
				b--;
			if (is_num_start(b))
				continue;
		}
		const char *end;
		long lo = draft_number(p, &end);
		if (lo < 0)
			continue;
		long hi = lo;
		const char *r = end;
		static const char *const dashes[] = {"至", "到", "-", "~", "—", "－", "～"};
		for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++) {
			size_t k = strlen(dashes[i]);
			const char *e2;
			if (!strncmp(r, dashes[i], k) && is_num_start(r + k) && (hi = draft_number(r + k, &e2)) >= lo) {
				r = e2;
				break;
			}
			hi = lo;
		}
		if (!strncmp(r, "个", 3))
			r += 3;
		for (size_t i = 0; i < nu; i++) {
			size_t k = strlen(units[i]);
			if (!strncmp(r, units[i], k)) {
				*q = (struct qty){lo, hi, p, units[i], r + k};
				return true;
			}
		}
	}
	return false;
}
#define QTY(s, q, ...) quantity_from((s), (s), (const char *const[]){__VA_ARGS__}, \
				     sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), (q))

static bool starts(const char *s, const char *w) { return !strncmp(s, w, strlen(w)); }

/* "不少于" just before a number, or "以上" just after its unit. */
static bool at_least(const char *s, const struct qty *q)
{
	static const char *const before[] = {"不少于", "不得少于", "不低于", "不得低于", "至少", "不小于", "最少"};
	/* "不低于项目总预算的5%": the comparison may stand a few words before the number */
	for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
		const char *f = strstr(s, before[i]);
		while (f && f < q->at) {
			if (u8count(f, (size_t)(q->at - f)) <= strlen(before[i]) / 3 + 12)
				return true;
			f = strstr(f + 1, before[i]);
		}
	}
	return starts(q->after, "以上") || starts(q->after, "及以上") || starts(q->after, "或以上") ||
	       starts(q->after, "或") || starts(q->after, "(含)以上");
}

/* Normative words; 应 only where it is not part of 应急, 相应, 响应 … */
static bool normative(const char *s)
{
	if (HAS_ANY(s, "须", "不得", "严禁", "禁止", "不准", "不允许"))
		return true;
	for (const char *p = strstr(s, "应"); p; p = strstr(p + 3, "应")) {
		static const char *const not_after[] = {"应急", "应用", "应对", "应聘", "应有"};
		static const char *const not_before[] = {"相应", "响应", "反应", "供应", "适应", "对应", "回应", "效应", "感应", "理应"};
		bool word = false;
		for (size_t i = 0; i < sizeof not_after / sizeof not_after[0]; i++)
			word |= starts(p, not_after[i]);
		for (size_t i = 0; i < sizeof not_before / sizeof not_before[0] && p - s >= 3; i++)
			word |= starts(p - 3, not_before[i]);
		if (!word)
			return true;
	}
	return false;
}

/* ---- the draft being built --------------------------------------------------------------------- */

#define MAX_BODIES_PER_CLAUSE 6

struct gen {
	const char *document;
	json_t *rules, *obligations, *review;
	size_t items;
	int seq;
	struct zerr *e;
	int nomem;
	/* the clause under way */
	int clause_posts[MAX_NAMED];
	int nclause_posts;
	json_t *bodies[MAX_BODIES_PER_CLAUSE]; /* body_composition params by body, merged over the clause */
	const char *body_kind[MAX_BODIES_PER_CLAUSE];
	int nbodies;
	json_t *report; /* the clause's incident_report params: a second deadline for graver events joins it */
	/* the lead-in of the enclosing clause ("各科室应当：", "安全管理员职责："): whose its items are */
	int parent_post;
	bool parent_departments;
	/* the sentence under way: its deadline was taken as an obligation's due date */
	bool due_taken;
	json_t *accountability[6]; /* the citations of each accountability case (AC_*), or NULL */
};

static const int key_posts[] = {3, 4, 6, 5, 7, 8}; /* security_admin … database_admin, README §4 */

static json_t *posts_json(const int *posts, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(post_id_of(posts[i])));
	return a;
}

static json_t *cite(struct gen *g, const struct sentence *st)
{
	return json_pack("{s:s, s:s, s:s}", "document", g->document, "clause", st->path, "text", st->orig);
}

/* The sentence as a title: without its closing mark, at most 60 characters. */
static json_t *title_of(const char *s)
{
	char buf[256];
	size_t n = strlen(s), k = 0, chars = 0;
	while (k < n && chars < 60) {
		size_t step = 1;
		while (k + step < n && ((unsigned char)s[k + step] & 0xC0) == 0x80)
			step++;
		if (k + step >= sizeof buf) /* malformed text can run on in continuation bytes */
			break;
		k += step;
		chars++;
	}
	memcpy(buf, s, k);
	buf[k] = '\0';
	while (k > 0 && (ends_sentence(buf, k) || buf[k - 1] == ',' || (k >= 3 && !memcmp(buf + k - 3, "，", 3)))) {
		size_t back = 1;
		while (back < k && ((unsigned char)buf[k - back] & 0xC0) == 0x80)
			back++;
		k -= back;
		buf[k] = '\0';
	}
	return json_pack("{s:s}", "zh", k ? buf : s);
}

static bool room(struct gen *g)
{
	if (g->items >= DRAFT_MAX_ITEMS)
		return false;
	g->items++;
	return true;
}

static json_t *emit_rule(struct gen *g, const struct sentence *st, const char *kind, const char *severity, json_t *params)
{
	if (!room(g)) {
		json_decref(params);
		return NULL;
	}
	char id[64];
	snprintf(id, sizeof id, "draft.%s.%d", kind, ++g->seq);
	json_t *r = json_pack("{s:s, s:s, s:s, s:o, s:o, s:[o], s:o}", "id", id, "kind", kind, "severity", severity,
			      "title", title_of(st->orig), "params", params, "citations", cite(g, st), "source", cite(g, st));
	if (!r || json_array_append_new(g->rules, r))
		g->nomem = 1;
	return r;
}

static void emit_review(struct gen *g, const struct sentence *st, const char *reason, const char *kind,
			json_t *params, const char *note)
{
	if (!room(g)) {
		json_decref(params);
		return;
	}
	json_t *r = json_pack("{s:s, s:s, s:s}", "clause", st->path, "text", st->orig, "reason", reason);
	if (!r) {
		json_decref(params);
		g->nomem = 1;
		return;
	}
	if (kind)
		json_object_set_new(r, "proposed_kind", json_string(kind));
	if (params)
		json_object_set_new(r, "params", params);
	if (note)
		json_object_set_new(r, "note", json_string(note));
	if (json_array_append_new(g->review, r))
		g->nomem = 1;
}

/* ---- recognisers --------------------------------------------------------------------------------
 * Each returns how many items it made from the sentence. */

static bool department_scope(const char *s, const char *before)
{
	static const char *const w[] = {"各部门", "各科室", "各处室", "各单位", "各系部", "本部门", "各级使用部门", "各二级单位",
					"各站所", "各中心", "各级部门", "各职能部门", "每个部门", "各业务部门"};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		const char *f = strstr(s, w[i]);
		if (f && (!before || f < before))
			return true;
	}
	return false;
}

static const char *body_word(const char *s, const char **kind)
{
	static const struct {
		const char *w, *kind;
	} bw[] = {
		{"领导小组办公室", "office"}, {"应急响应小组", "emergency_group"}, {"应急响应组", "emergency_group"},
		{"应急领导小组", "emergency_group"}, {"应急工作组", "emergency_group"}, {"应急小组", "emergency_group"},
		{"领导小组", "leading_group"}, {"委员会", "leading_group"}, {"工作小组", "working_group"},
		{"工作组", "working_group"}, {"办公室", "office"}, {"网信办", "office"},
	};
	const char *best = NULL;
	for (size_t i = 0; i < sizeof bw / sizeof bw[0]; i++) {
		const char *f = strstr(s, bw[i].w);
		/* a longer word found at the same place wins (listed first) */
		if (f && (!best || f < best)) {
			best = f;
			*kind = bw[i].kind;
		}
	}
	return best;
}

static int rec_periodic(struct gen *g, const struct sentence *st, bool *explicit_period)
{
	const char *s = st->norm;
	static const struct {
		const char *w, *period, *rrule;
	} fw[] = {
		{"每半年", "half", "FREQ=MONTHLY;INTERVAL=6"}, {"半年一次", "half", "FREQ=MONTHLY;INTERVAL=6"},
		{"每六个月", "half", "FREQ=MONTHLY;INTERVAL=6"}, {"每6个月", "half", "FREQ=MONTHLY;INTERVAL=6"},
		{"每季度", "quarter", "FREQ=MONTHLY;INTERVAL=3"}, {"每个季度", "quarter", "FREQ=MONTHLY;INTERVAL=3"},
		{"季度一次", "quarter", "FREQ=MONTHLY;INTERVAL=3"}, {"每季", "quarter", "FREQ=MONTHLY;INTERVAL=3"},
		{"每个月", "month", "FREQ=MONTHLY"}, {"每月", "month", "FREQ=MONTHLY"}, {"月度", "month", "FREQ=MONTHLY"},
		{"每周", "week", "FREQ=WEEKLY"}, {"每星期", "week", "FREQ=WEEKLY"}, {"每个星期", "week", "FREQ=WEEKLY"},
		{"每天", "day", "FREQ=DAILY"}, {"每日", "day", "FREQ=DAILY"}, {"每两年", "year", "FREQ=YEARLY;INTERVAL=2"},
		{"每2年", "year", "FREQ=YEARLY;INTERVAL=2"}, {"每三年", "year", "FREQ=YEARLY;INTERVAL=3"},
		{"每年", "year", "FREQ=YEARLY"}, {"每一年", "year", "FREQ=YEARLY"}, {"一年一次", "year", "FREQ=YEARLY"},
		{"年度", "year", "FREQ=YEARLY"},
	};
	static const char *const acts[] = {"召开", "组织", "开展", "提交", "报送", "报告", "汇报", "检查", "演练", "培训",
					   "备份", "审计", "评估", "测评", "自查", "考核", "查看", "汇总", "分析", "巡检",
					   "扫描", "会议", "总结", "更新", "排查", "清理", "更换", "修改", "学习", "教育",
					   "宣传", "检测", "核查", "审核", "统计", "研究", "听取", "演习", "复查", "盘点",
					   "制定", "编制", "计划", "查毒", "杀毒", "监控", "维护", "巡察", "巡查", "例会"};
	const char *at = NULL;
	size_t which = 0;
	for (size_t i = 0; i < sizeof fw / sizeof fw[0]; i++) {
		const char *f = strstr(s, fw[i].w);
		if (!f || (at && f >= at))
			continue;
		/* 年度 is a period only before an activity: 年度演练, 年度考核, 年度…工作计划 — not
		 * 年度工作目标 */
		if (!strcmp(fw[i].w, "年度") || !strcmp(fw[i].w, "月度")) {
			const char *doc = FIRST_OF(f, "计划", "总结", "报告");
			bool act = doc && u8count(f, (size_t)(doc - f)) <= 10;
			for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++)
				act |= starts(f + strlen(fw[i].w), acts[k]) ||
				       (starts(f + strlen(fw[i].w), "应急") && starts(f + strlen(fw[i].w) + 6, acts[k]));
			if (!act)
				continue;
		}
		at = f;
		which = i;
	}
	if (!at)
		return 0;
	const char *act = NULL;
	for (size_t k = 0; k < sizeof acts / sizeof acts[0] && !act; k++)
		act = strstr(s, acts[k]) ? acts[k] : NULL;
	if (!act)
		return 0;
	*explicit_period = true;
	if (!room(g))
		return 0;
	/* who owes it: a post named before the period word, else departments, a body, the unit */
	struct named_posts np;
	find_posts(s, &np);
	json_t *owner = NULL;
	const char *bk = NULL;
	if (np.n && np.at[0] < (size_t)(at - s) && np.post[0] != post_index("department_head"))
		owner = json_pack("{s:s}", "post", post_id_of(np.post[0]));
	else if (department_scope(s, at))
		owner = json_string("each_department");
	else if (body_word(s, &bk) && body_word(s, &bk) < at)
		owner = json_pack("{s:s}", "body", bk);
	else if (g->parent_post >= 0)
		owner = json_pack("{s:s}", "post", post_id_of(g->parent_post));
	else if (g->parent_departments)
		owner = json_string("each_department");
	else
		owner = json_string("org");
	/* "每月5日前" / "下月5号前": due on that day of the next month; "(季度)结束后10日内": days after
	 * the period */
	json_t *due = json_pack("{s:i}", "days", 0);
	struct qty dq;
	const char *after = FIRST_OF(s, "结束后", "期满后", "届满后", "结束之日起");
	if (after && quantity_from(s, after, (const char *const[]){"工作日", "日", "天"}, 3, &dq) &&
	    u8count(after, (size_t)(dq.at - after)) <= 6 && dq.hi >= 1 && dq.hi <= 365) {
		json_decref(due);
		due = json_pack("{s:i}", strcmp(dq.unit, "工作日") ? "days" : "workdays", (int)dq.hi);
		g->due_taken = true;
	}
	const char *end;
	for (const char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80 || !is_num_start(p))
			continue;
		long d = draft_number(p, &end);
		if (d >= 1 && d <= 28 && (starts(end, "日前") || starts(end, "号前") || starts(end, "日之前") || starts(end, "号之前"))) {
			json_decref(due);
			due = json_pack("{s:i}", "day_of_next", (int)d);
			break;
		}
		p = end - 1;
	}
	char id[64];
	snprintf(id, sizeof id, "draft.obligation.%d", ++g->seq);
	json_t *o = json_pack("{s:s, s:o, s:o, s:s, s:s, s:o, s:s, s:[o], s:o}", "id", id, "title", title_of(st->orig),
			      "owner", owner, "rrule", fw[which].rrule, "period", fw[which].period, "due", due,
			      "evidence", act, "citations", cite(g, st), "source", cite(g, st));
	if (!o || json_array_append_new(g->obligations, o))
		g->nomem = 1;
	return 1;
}

/* A number the engine's parameter takes (data/policy/README.md); outside it, the statement is
 * the reader's to settle. */
static bool fits(struct gen *g, const struct sentence *st, const char *kind, long v, long lo, long hi)
{
	if (v >= lo && v <= hi)
		return true;
	emit_review(g, st, "incomplete", kind, NULL, "数值超出引擎参数的范围 / the number is outside the rule's range");
	return false;
}

static int rec_deadlines(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	struct qty q;
	int n = 0;
	if (QTY(s, &q, "工作日") && !(g->due_taken && !HAS_ANY(s, "整改", "通报")) && has(s, "总结") && has(s, "事件") &&
	    !HAS_ANY(s, "整改", "通报")) {
		/* the engine counts a summary's days by the calendar: five working days make a week */
		long days = (q.hi * 7 + 4) / 5;
		if (fits(g, st, "incident_summary", days, 1, 3660)) {
			json_t *r = emit_rule(g, st, "incident_summary", "warning",
					      json_pack("{s:i, s:s}", "days", (int)days, "min_grade",
							HAS_ANY(s, "较大") ? "relatively_major" : HAS_ANY(s, "特别重大") ? "especially_major"
							: HAS_ANY(s, "重大") ? "major" : "general"));
			if (r)
				json_object_set_new(json_array_get(json_object_get(r, "citations"), 0), "note",
						    json_string("原文按工作日计，折算为日历天数 / working days in the text, calendar days here"));
			n += r != NULL;
		} else {
			n++;
		}
	} else if (QTY(s, &q, "工作日") && !(g->due_taken && !HAS_ANY(s, "整改", "通报"))) {
		if (HAS_ANY(s, "整改", "通报", "修复", "反馈") && !fits(g, st, "notice_deadline", q.hi, 1, 365))
			n++;
		else if (HAS_ANY(s, "整改", "通报", "修复", "反馈"))
			n += emit_rule(g, st, "notice_deadline", "error", json_pack("{s:i}", "workdays", (int)q.hi)) != NULL;
		else
			emit_review(g, st, "no_engine_kind", "deadline", json_pack("{s:i}", "workdays", (int)q.hi), NULL), n++;
	}
	if (QTY(s, &q, "小时", "钟头")) {
		if ((starts(q.after, "内") || starts(q.after, "之内")) && has(q.after, "报") &&
		    !fits(g, st, "incident_report", q.hi, 1, 8760)) {
			n++;
		} else if ((starts(q.after, "内") || starts(q.after, "之内")) && has(q.after, "报")) {
			int h = (int)q.hi;
			/* "较大及以上事件…1小时内" after "一般事件…2小时内": the graver events' deadline */
			bool graver = HAS_ANY(s, "较大", "重大", "特别重大");
			bool critical = HAS_ANY(s, "关键信息基础设施");
			if (g->report && critical) {
				/* a limit for operators of critical infrastructure joins the clause's rule */
				json_t *oh = json_object_get(g->report, "operator_hours");
				if (!oh)
					json_object_set_new(g->report, "operator_hours", oh = json_object());
				json_object_set_new(oh, "cii_operator", json_integer(h));
				return n + 1;
			}
			if (g->report && graver) {
				/* graver events have their own, shorter limit: a rule of its own from that grade */
				const char *grade = HAS_ANY(s, "较大") ? "relatively_major" : HAS_ANY(s, "特别重大") ? "especially_major"
														   : "major";
				return n + (emit_rule(g, st, "incident_report", "error",
						      json_pack("{s:i, s:s, s:i}", "hours", h, "min_grade", grade, "lookback_days",
								365)) != NULL);
			}
			json_t *r = emit_rule(g, st, "incident_report", "error",
					      json_pack("{s:i, s:i}", "hours", h, "lookback_days", 365));
			if (r)
				g->report = json_object_get(r, "params");
			n += r != NULL;
		} else if ((starts(q.after, "以上") || starts(q.after, "及以上") || starts(q.after, "(含)以上")) &&
			   HAS_ANY(s, "瘫痪", "中断", "停机", "宕机", "停止服务", "无法访问", "不能访问", "不可用", "无法正常", "不能正常")) {
			if (!fits(g, st, "incident_outage", q.lo, 1, 8760))
				return n + 1;
			n += emit_rule(g, st, "incident_outage", "error",
				       json_pack("{s:i, s:i}", "hours", (int)q.lo, "lookback_days", 365)) != NULL;
		} else if (starts(q.after, "内") && normative(s)) {
			emit_review(g, st, "no_engine_kind", "deadline", json_pack("{s:i}", "hours", (int)q.hi), NULL), n++;
		}
	}
	if (QTY(s, &q, "月") && (starts(q.after, "内") || starts(q.after, "之内")) && HAS_ANY(q.after, "再次", "重复", "又")) {
		if (!fits(g, st, "incident_repeat", q.hi, 1, 120))
			return n + 1;
		n += emit_rule(g, st, "incident_repeat", "warning", json_pack("{s:i, s:i}", "months", (int)q.hi,
									  "lookback_days", 365)) != NULL;
	} else if (!g->due_taken && QTY(s, &q, "日", "天", "自然日", "周", "星期", "月", "分钟") &&
		   (starts(q.after, "内") || starts(q.after, "之内")) && !has(s, "工作日")) {
		long days = q.hi * (!strcmp(q.unit, "周") || !strcmp(q.unit, "星期") ? 7 : !strcmp(q.unit, "月") ? 30 : 1);
		if (HAS_ANY(s, "总结") && has(s, "事件") && strcmp(q.unit, "分钟") && !fits(g, st, "incident_summary", days, 1, 3660))
			n++;
		else if (HAS_ANY(s, "总结") && has(s, "事件") && strcmp(q.unit, "分钟"))
			n += emit_rule(g, st, "incident_summary", "warning",
				       json_pack("{s:i, s:s}", "days", (int)days, "min_grade",
						 HAS_ANY(s, "较大") ? "relatively_major" : HAS_ANY(s, "特别重大") ? "especially_major"
						 : HAS_ANY(s, "重大") ? "major" : "general")) != NULL;
		else if (normative(s) || HAS_ANY(s, "报告", "通知", "办理", "完成", "提交", "反馈"))
			emit_review(g, st, "no_engine_kind", "deadline",
				    !strcmp(q.unit, "分钟") ? json_pack("{s:I}", "minutes", (json_int_t)q.hi)
							       : json_pack("{s:I}", "days", (json_int_t)days), NULL),
				n++;
	}
	return n;
}

static bool part_time_allowed(const char *s)
{
	return HAS_ANY(s, "专职或兼职", "兼职或专职", "专兼职", "专职、兼职", "专职/兼职", "专职或者兼职");
}

static const char *negated_concurrent(const char *s)
{
	static const char *const neg[] = {"不得", "不能", "不可", "不应", "严禁", "禁止", "不宜", "不准", "不允许"};
	static const char *const con[] = {"兼任", "兼职", "兼管", "同时担任", "兼岗"};
	for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++)
		for (const char *p = strstr(s, neg[i]); p; p = strstr(p + 1, neg[i])) {
			const char *r = p + strlen(neg[i]);
			/* the passive "X不得由Y兼任": the posts come between */
			if (starts(r, "由") || starts(r, "同时由")) {
				const char *c = FIRST_OF(r, "兼任", "兼职", "兼管", "担任");
				if (c && u8count(r, (size_t)(c - r)) <= 24)
					return p;
			}
			for (int k = 0; k < 4 && *r; k++) {
				for (size_t j = 0; j < sizeof con / sizeof con[0]; j++)
					if (starts(r, con[j]))
						return p;
				r++;
				while (((unsigned char)*r & 0xC0) == 0x80)
					r++;
			}
		}
	return NULL;
}

static int rec_separation(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	struct named_posts np;
	find_posts(s, &np);
	const char *neg = negated_concurrent(s);
	bool different = HAS_ANY(s, "不同的人", "不同人员", "不同人担任", "不得由同一人", "不能由同一人", "分别由不同", "分设");
	if (!neg && !different)
		return 0;
	/* "专职，不可兼任" with no posts after it: the full-time recogniser's, strictly */
	bool named_after = false;
	for (int i = 0; neg && i < np.n; i++)
		named_after |= np.at[i] > (size_t)(neg - s);
	if (neg && has(s, "专职") && !named_after)
		return 0;
	int post = -1, ex[MAX_NAMED], nex = 0;
	if (neg) {
		for (int i = 0; i < np.n; i++) {
			if (np.at[i] < (size_t)(neg - s) && post < 0)
				post = np.post[i];
			else if (np.at[i] > (size_t)(neg - s))
				ex[nex++] = np.post[i];
		}
	} else {
		/* "关键岗位由不同的人担任": the posts this sentence or its clause lists */
		const int *list = np.n >= 2 ? np.post : g->clause_posts;
		int n = np.n >= 2 ? np.n : g->nclause_posts;
		for (int i = 0; i < n; i++) {
			if (post < 0)
				post = list[i];
			else
				ex[nex++] = list[i];
		}
	}
	if (post < 0 || nex == 0) {
		emit_review(g, st, "incomplete", "exclusive_posts", NULL, "未能确定互斥的岗位 / the posts are not named");
		return 1;
	}
	return emit_rule(g, st, "exclusive_posts", "error",
			 json_pack("{s:s, s:o}", "post", post_id_of(post), "excludes", posts_json(ex, nex))) != NULL;
}

static int rec_full_time(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	const char *f = strstr(s, "专职");
	if (!f || part_time_allowed(s))
		return 0;
	struct named_posts np;
	find_posts(s, &np);
	int post = -1;
	for (int i = 0; i < np.n; i++)
		if (np.at[i] < (size_t)(f - s))
			post = np.post[i]; /* the nearest before */
	for (int i = 0; i < np.n && post < 0; i++)
		post = np.post[i];
	/* "专职人员每年参加培训": 专职 describing staff, not requiring it */
	if (!np.n && !normative(s))
		return 0;
	if (post < 0 && g->nclause_posts)
		post = g->clause_posts[0];
	if (post < 0) {
		emit_review(g, st, "incomplete", "full_time", NULL, "未能确定哪个岗位须专职 / the post is not named");
		return 1;
	}
	/* strict ("不可兼任" anything) unless the posts it may not hold are named: then those are
	 * the separation recogniser's exclusive_posts */
	const char *neg = negated_concurrent(s);
	bool strict = neg != NULL;
	for (int i = 0; neg && i < np.n; i++)
		if (np.at[i] > (size_t)(neg - s))
			strict = false;
	return emit_rule(g, st, "full_time", "error",
			 json_pack("{s:s, s:b}", "post", post_id_of(post), "strict", strict)) != NULL;
}

static int rec_staffing(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	struct qty q;
	if (!QTY(s, &q, "人", "名") || !at_least(s, &q) || q.lo < 1)
		return 0;
	if (!fits(g, st, "min_holders", q.lo, 1, 1000))
		return 1;
	struct named_posts np;
	find_posts(s, &np);
	const int *list = np.post;
	int n = np.n;
	const char *note = NULL;
	if (!n && has(s, "关键岗位")) {
		list = g->nclause_posts ? g->clause_posts : key_posts;
		n = g->nclause_posts ? g->nclause_posts : (int)(sizeof key_posts / sizeof key_posts[0]);
		note = "\"关键岗位\"按本条所列岗位（未列时按关键岗位目录）";
	}
	if (!n) {
		emit_review(g, st, "incomplete", "min_holders", json_pack("{s:i}", "min", (int)q.lo), "未能确定岗位 / the posts are not named");
		return 1;
	}
	json_t *r = emit_rule(g, st, q.lo >= 2 ? "min_holders" : "required_post", "error",
			      q.lo >= 2 ? json_pack("{s:o, s:i}", "posts", posts_json(list, n), "min", (int)q.lo)
					: json_pack("{s:o, s:s}", "posts", posts_json(list, n), "per",
						    department_scope(s, NULL) ? "department" : "org"));
	if (r && note)
		json_object_set_new(json_array_get(json_object_get(r, "citations"), 0), "note", json_string(note));
	return r != NULL;
}

static int rec_required(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	int n = 0;
	struct named_posts np;
	find_posts(s, &np);
	/* systems: "明确负责人及管理员", "专人负责…系统", "谁建设、谁使用…谁负责"; post names
	 * (系统管理员) are masked first, they are not systems */
	char masked[1024];
	snprintf(masked, sizeof masked, "%s", s);
	for (int i = 0; i < np.n; i++) {
		size_t len;
		if (np.at[i] < sizeof masked - 1 && draft_post_at(s + np.at[i], &len))
			for (size_t k = np.at[i]; k < np.at[i] + len && k < sizeof masked - 1; k++)
				masked[k] = '#';
	}
	const char *sys = FIRST_OF(masked, "信息系统", "业务系统", "网站", "系统");
	s = masked;
	const char *verb = FIRST_OF(s, "明确", "确定", "指定", "落实", "配备");
	bool owner_principle = HAS_ANY(s, "谁建设", "谁运营", "谁使用") && has(s, "谁负责") && sys;
	if (owner_principle ||
	    (sys && ((verb && HAS_ANY(verb, "负责人", "专人", "管理员")) || (has(s, "专人负责") && has(strstr(s, "专人负责"), "系统"))))) {
		int posts[2] = {post_index("system_responsible"), post_index("system_admin")};
		int k = has(s, "管理员") && !owner_principle ? 2 : 1;
		n += emit_rule(g, st, "system_owner", "error",
			       json_pack("{s:b, s:o}", "owner_department", true, "posts", posts_json(posts, k))) != NULL;
		return n;
	}
	/* "是/为…第一责任人" */
	int resp[2], nresp = 0;
	for (int i = 0; i < np.n; i++)
		if ((np.post[i] == 0 || np.post[i] == 1) && HAS_ANY(s, "是", "为", "担任", "作为"))
			resp[nresp++] = np.post[i];
	if (nresp)
		return emit_rule(g, st, "required_post", "error",
				 json_pack("{s:o, s:s}", "posts", posts_json(resp, nresp), "per", "org")) != NULL;
	s = st->norm;
	const char *v = FIRST_OF(s, "设立", "设置", "设定", "配备", "确定", "指定", "明确", "任命", "设有", "设专",
				 "设一名", "聘任", "聘用");
	/* a bare 设 right before a post name: "信息股设系统管理员…各一名" */
	for (const char *f = strstr(s, "设"); f; f = strstr(f + 3, "设")) {
		size_t plen;
		if (draft_post_at(f + 3, &plen) && (!v || f < v)) {
			v = f;
			break;
		}
	}
	if (!v)
		return 0;
	/* the post is what is set up: named soon after the verb */
	int list[MAX_NAMED], k = 0;
	for (int i = 0; i < np.n; i++)
		if (np.at[i] > (size_t)(v - s) && np.post[i] != post_index("department_head") &&
		    (k > 0 || u8count(v, np.at[i] - (size_t)(v - s)) <= 24))
			list[k++] = np.post[i];
	/* "配备至少两名…管理员": the staffing rule says it, and more */
	struct qty q;
	if (k && QTY(s, &q, "人", "名") && q.lo >= 2 && at_least(s, &q))
		return 0;
	if (k)
		return emit_rule(g, st, "required_post", "error",
				 json_pack("{s:o, s:s}", "posts", posts_json(list, k), "per",
					   department_scope(s, v) ? "department" : "org")) != NULL;
	const char *who = FIRST_OF(v, "专人", "专门的负责人", "专门负责人");
	if (who && u8count(v, (size_t)(who - v)) <= 4 && normative(s)) {
		emit_review(g, st, "incomplete", "required_post", NULL, "指定专人，但岗位不在岗位目录中 / a named person, but no catalogue post");
		return 1;
	}
	return 0;
}

/* "组长" written without "副" before it: the leader's seat, not only the deputy's. */
static bool unqualified(const char *s, const char *seat)
{
	for (const char *f = strstr(s, seat); f; f = strstr(f + 1, seat))
		if (f - s < 3 || strncmp(f - 3, "副", 3))
			return true;
	return false;
}

static int rec_body(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	const char *kind = NULL;
	const char *b = body_word(s, &kind);
	if (!b)
		return 0;
	/* an investigation group set up after an incident is not a standing body */
	if (HAS_ANY(s, "发生后", "一旦", "发生时", "事件后"))
		return 0;
	const char *verb = FIRST_OF(s, "成立", "建立", "设立", "组建", "下设", "设在", "设置");
	bool seats = HAS_ANY(s, "组长由", "任组长", "担任组长", "组长", "主任由", "成员包括", "成员由", "成员为", "组成");
	bool office_generic = !strcmp(kind, "office") && !HAS_ANY(s, "下设", "设在", "成立", "设立");
	if ((!verb && !seats) || office_generic)
		return 0;
	/* "成立领导小组，下设办公室": the first body named is the one the sentence sets up */
	json_t *params = NULL;
	int slot = -1;
	for (int i = 0; i < g->nbodies; i++)
		if (!strcmp(g->body_kind[i], kind))
			slot = i;
	bool fresh = slot < 0;
	if (fresh) {
		params = json_pack("{s:s, s:[]}", "body", kind, "seats");
	} else {
		params = g->bodies[slot];
	}
	json_t *seat_arr = json_object_get(params, "seats");
	bool deputy = HAS_ANY(s, "副组长", "副主任");
	bool leader = unqualified(s, "组长") || unqualified(s, "主任");
	const char *sn[2] = {leader ? "leader" : NULL, deputy ? "deputy" : NULL};
	for (int i = 0; i < 2; i++) {
		if (!sn[i])
			continue;
		bool dup = false;
		size_t k;
		json_t *it;
		json_array_foreach(seat_arr, k, it) dup |= !strcmp(json_string_value(it), sn[i]);
		if (!dup)
			json_array_append_new(seat_arr, json_string(sn[i]));
	}
	const char *mem = FIRST_OF(s, "成员包括", "成员由", "成员为", "成员是");
	if (mem) {
		struct named_posts np;
		find_posts(mem, &np);
		for (int i = 0; i < np.n; i++) {
			const char *key = "member_posts";
			/* "各部门信息安全员", "各部门负责人": the holder in each department */
			const char *at = mem + np.at[i];
			if (np.post[i] == post_index("department_head") || np.post[i] == post_index("security_liaison") ||
			    (at - mem >= 9 && (starts(at - 9, "各部门") || starts(at - 9, "各科室") || starts(at - 9, "各处室"))))
				key = "member_department_posts";
			json_t *arr = json_object_get(params, key);
			if (!arr) {
				arr = json_array();
				json_object_set_new(params, key, arr);
			}
			json_array_append_new(arr, json_string(post_id_of(np.post[i])));
		}
	}
	if (!fresh)
		return 1; /* merged into the clause's rule for this body */
	json_t *r = emit_rule(g, st, "body_composition", "error", params);
	if (r && g->nbodies < MAX_BODIES_PER_CLAUSE) {
		g->body_kind[g->nbodies] = kind;
		g->bodies[g->nbodies++] = json_object_get(r, "params");
	}
	return r != NULL;
}

static int rec_agreement(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	const char *verb = FIRST_OF(s, "签订", "签署", "签定", "订立", "签协议", "签责任书", "签写");
	bool renew = HAS_ANY(s, "期满", "到期") && HAS_ANY(s, "续聘", "续签", "续订", "续约", "重新签订", "继续签订");
	/* the agreement is what is signed: the verb comes first and close ("签订本协议", "签署相应的
	 * 联网安全保密责任书"), not "本协议一经签订" or "所签订的劳动合同…本协议书自行终止" */
	const char *doc = verb ? FIRST_OF(verb, "协议", "责任书", "承诺书") : FIRST_OF(s, "协议", "责任书", "承诺书");
	bool sign = verb && doc && u8count(verb, (size_t)(doc - verb)) <= 14;
	/* "需继续签订岗位协议的…续聘": the renewal, not the first signing */
	if (sign && renew && verb - s >= 6 && (starts(verb - 6, "继续") || starts(verb - 6, "重新")))
		sign = false;
	if (!doc || (!sign && !renew))
		return 0;
	const char *kind = has(s, "保密协议") ? "confidentiality"
			 : has(s, "联网") && has(s, "责任书") ? "network_access"
			 : HAS_ANY(s, "责任书", "承诺书") ? "responsibility_letter"
			 : HAS_ANY(s, "岗位协议", "岗位安全协议", "岗位责任协议", "关键岗位") ? "key_post_security" : NULL;
	struct named_posts np;
	find_posts(s, &np);
	const int *list = np.post;
	int n = np.n;
	if (!n && HAS_ANY(s, "关键岗位", "岗位协议")) {
		list = key_posts;
		n = (int)(sizeof key_posts / sizeof key_posts[0]);
	}
	/* "签订…协议，…到期前办理续签": both that it is signed and that it is renewed in time */
	int made = 0;
	for (int pass = 0; pass < 2; pass++) {
		if ((pass == 0 && !sign) || (pass == 1 && !renew))
			continue;
		const char *rk = pass ? "agreement_expiring" : "agreement_in_force";
		if (!kind || !n) {
			if (!normative(s) && !renew)
				return 0; /* a mention of agreements, not a requirement */
			emit_review(g, st, "incomplete", rk, kind ? json_pack("{s:s}", "agreement", kind) : NULL,
				    "未能确定协议种类或签订岗位 / the kind of agreement or the posts are not named");
			made++;
			continue;
		}
		json_t *params = json_pack("{s:s, s:o}", "agreement", kind, "posts", posts_json(list, n));
		if (pass)
			json_object_set_new(params, "within_days", json_integer(30));
		made += emit_rule(g, st, rk, pass ? "warning" : "error", params) != NULL;
	}
	return made;
}

static int rec_background(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	if (!HAS_ANY(s, "背景审查", "背景调查", "背景核查", "政治审查", "政审", "安全审查") ||
	    (has(s, "安全审查") && !HAS_ANY(s, "人员", "岗位")))
		return 0;
	struct named_posts np;
	find_posts(s, &np);
	const int *list = np.n ? np.post : key_posts;
	int n = np.n ? np.n : (int)(sizeof key_posts / sizeof key_posts[0]);
	json_t *r = emit_rule(g, st, "personnel_record", "warning",
			      json_pack("{s:s, s:o}", "record", "background_check", "posts", posts_json(list, n)));
	if (r && !np.n)
		json_object_set_new(json_array_get(json_object_get(r, "citations"), 0), "note",
				    json_string("未列岗位，按关键岗位目录 / no posts named: the key posts"));
	return r != NULL;
}

/* Classified protection (等级保护): systems graded, filed and assessed. */
static int rec_mlps(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	const char *what = FIRST_OF(s, "定级", "备案", "测评");
	if (!HAS_ANY(s, "等保", "等级保护") || !what || HAS_ANY(s, "支出", "经费", "预算", "费用"))
		return 0;
	/* a duty to grade, file or assess ("做好等保定级备案"), not a mention */
	const char *act = FIRST_OF(s, "做好", "完成", "落实", "办理", "开展", "进行", "组织", "按照要求");
	if (!act || act > what)
		return 0;
	return emit_rule(g, st, "system_mlps", "error",
			 json_pack("{s:i, s:{s:i, s:i}}", "filing_min_level", 2, "assessment_months", "3", 12, "4", 6)) != NULL;
}

static int rec_review_only(struct gen *g, const struct sentence *st)
{
	const char *s = st->norm;
	struct qty q;
	int n = 0;
	/* retention: 保存不少于60日, 保留60天, 保持时间不得低于6个月 */
	const char *keep = FIRST_OF(s, "保存", "留存", "保留", "保持", "存储", "存档", "保管");
	if (keep && quantity_from(s, keep, (const char *const[]){"日", "天", "月", "年"}, 4, &q) &&
	    (at_least(s, &q) || u8count(keep, (size_t)(q.at - keep)) <= 3) && !starts(q.after, "内")) {
		const char *key = !strcmp(q.unit, "月") ? "months" : !strcmp(q.unit, "年") ? "years" : "days";
		emit_review(g, st, "no_engine_kind", "retention", json_pack("{s:i}", key, (int)q.lo),
			    "引擎没有记录留存期限的规则 / the engine has no retention rule");
		n++;
	}
	if (QTY(s, &q, "%", "％") && HAS_ANY(s, "预算", "经费", "投入", "资金", "费用") && at_least(s, &q)) {
		emit_review(g, st, "no_engine_kind", "budget_share", json_pack("{s:i}", "percent", (int)q.lo),
			    "引擎没有预算比例的规则 / the engine has no budget rule");
		n++;
	}
	if (HAS_ANY(s, "培训", "学习", "教育") && QTY(s, &q, "学时", "课时", "小时") && !starts(q.after, "内") &&
	    (at_least(s, &q) || HAS_ANY(s, "每年", "每人", "累计"))) {
		emit_review(g, st, "no_engine_kind", "training_hours", json_pack("{s:i}", "hours", (int)q.lo),
			    "引擎没有培训学时的规则 / the engine has no training-hours rule");
		n++;
	}
	return n;
}

static void sentence_items(struct gen *g, const struct sentence *st)
{
	bool explicit_period = false;
	g->due_taken = false;
	int n = rec_periodic(g, st, &explicit_period);
	n += rec_deadlines(g, st);
	n += rec_separation(g, st);
	n += rec_full_time(g, st);
	n += rec_staffing(g, st);
	n += rec_required(g, st);
	n += rec_body(g, st);
	n += rec_agreement(g, st);
	n += rec_background(g, st);
	n += rec_mlps(g, st);
	n += rec_review_only(g, st);
	/* "定期": a duty without a period is the reader's to settle, never a guessed rule */
	if (!explicit_period && HAS_ANY(st->norm, "定期", "适时", "不定期")) {
		emit_review(g, st, "vague_period", "obligation", NULL, "周期不明确 / no definite period");
		n++;
	}
	if (!n && normative(st->norm))
		emit_review(g, st, "normative", NULL, NULL, NULL);
}

/* ---- accountability ------------------------------------------------------------------------------
 * The policy's accountability section (data/policy/README.md): which clauses an incident's
 * accountability report cites, by case. A clause that pursues responsibility (追究……责任, 问责,
 * 倒查) for a kind of event — or that lists such events under a lead-in that does — is cited for
 * that case; one that pursues it for every event (逐级倒查, or with no list of cases) for all. */

enum { AC_ALWAYS, AC_TAMPERED, AC_OUTAGE, AC_LEAK, AC_CRITICAL, AC_UNREPORTED, AC_COUNT };
static const char *const ac_ids[AC_COUNT] = {"always", "tampered", "outage", "leak", "critical", "unreported"};

static bool pursues(const char *s)
{
	return (has(s, "追究") && has(s, "责任")) || HAS_ANY(s, "问责", "倒查", "责任追究");
}

/* The case a clause describes, the most specific first: an attack that tampered with a site is
 * tampered even when the clause adds that it was not reported. */
static int case_of(const char *s)
{
	if (has(s, "篡改"))
		return AC_TAMPERED;
	if (HAS_ANY(s, "瘫痪", "中断", "停机", "宕机", "无法访问", "不能访问", "无法正常", "不能正常", "停止服务"))
		return AC_OUTAGE;
	if (HAS_ANY(s, "泄露", "泄漏", "泄密", "窃取"))
		return AC_LEAK;
	if (HAS_ANY(s, "关键信息基础设施", "大面积影响"))
		return AC_CRITICAL;
	if (HAS_ANY(s, "未报告", "没有报告", "未及时报告", "没有及时报告", "不及时报告", "瞒报", "迟报", "漏报", "谎报"))
		return AC_UNREPORTED;
	return -1;
}

/* norm: the clause's folded text; under: its lead-in pursues responsibility. A clause on its own
 * must speak of events: "追究……责任" for a breach of an agreement or a sanction for misuse is no
 * accountability for an incident. */
static void rec_accountability(struct gen *g, const struct draft_clause *c, const char *norm, bool under)
{
	if (!under && !(pursues(norm) && HAS_ANY(norm, "事件", "事故", "安全问题", "不安全", "倒查")))
		return;
	int ac = case_of(norm);
	if (ac < 0 && !under && (has(norm, "倒查") || !HAS_ANY(norm, "下列", "以下")))
		ac = AC_ALWAYS;
	if (ac < 0 || !room(g))
		return;
	json_t **a = &g->accountability[ac];
	if (!*a)
		*a = json_array();
	if (!*a || json_array_append_new(*a, json_pack("{s:s, s:s, s:s}", "document", g->document, "clause", c->path,
						       "text", c->text)))
		g->nomem = 1;
}

static void clause_items(struct gen *g, const struct draft_clause *c, const struct draft_clause *parent,
			 struct strbuf *nb)
{
	g->nbodies = 0;
	g->report = NULL;
	g->parent_post = -1;
	g->parent_departments = false;
	bool under = false; /* the lead-in pursues responsibility for the cases it lists */
	if (parent && fold_text(parent->text, strlen(parent->text), nb)) {
		under = pursues(nb->buf);
		/* only a lead-in ends in a colon; an article's own requirements are not its items' owner */
		size_t n = nb->len;
		if (n >= 1 && (nb->buf[n - 1] == ':' || (n >= 3 && !memcmp(nb->buf + n - 3, "：", 3)) ||
			       u8count(nb->buf, n) <= 16)) {
			struct named_posts pp;
			find_posts(nb->buf, &pp);
			g->parent_post = pp.n ? pp.post[0] : -1;
			g->parent_departments = department_scope(nb->buf, NULL);
		}
	}
	/* the posts the whole clause names, for sentences that say "关键岗位" or "不同的人" */
	struct named_posts cp;
	if (!fold_text(c->text, strlen(c->text), nb))
		return;
	find_posts(nb->buf, &cp);
	if (c->path[0])
		rec_accountability(g, c, nb->buf, under);
	g->nclause_posts = 0;
	for (int i = 0; i < cp.n; i++)
		if (cp.post[i] != post_index("department_head") && cp.post[i] != post_index("first_responsible") &&
		    cp.post[i] != post_index("direct_responsible"))
			g->clause_posts[g->nclause_posts++] = cp.post[i];
	const char *p = c->text, *end = c->text + strlen(c->text);
	while (p < end && !g->nomem) {
		const char *q = p, *stop = p;
		while (q < end) {
			uint32_t ch = next_cp(&q, end);
			stop = q;
			if (ch == 0x3002 || ch == '!' || ch == '?' || ch == ';' || ch == '\n')
				break;
		}
		/* trim, and skip sentences of nothing but marks */
		const char *b = p;
		size_t n = (size_t)(stop - b);
		while (n && (b[n - 1] == '\n' || b[n - 1] == ' '))
			n--;
		while (n && (*b == ' ' || *b == '\n'))
			b++, n--;
		p = stop;
		if (u8count(b, n) < 4)
			continue;
		char *orig = strndup(b, n);
		if (!orig || !fold_text(orig, n, nb)) {
			free(orig);
			g->nomem = 1;
			break;
		}
		struct sentence st = {c->path[0] ? c->path : "(无编号)", orig, nb->buf};
		sentence_items(g, &st);
		free(orig);
	}
}

int draft_policy(const char *text, size_t len, const char *document, const char *id, const char *title,
		 json_t **out, struct zerr *e)
{
	struct draft_doc d;
	int rc = draft_split(text, len, &d, e);
	if (rc)
		return rc;
	struct gen g = {.document = document, .rules = json_array(), .obligations = json_array(), .review = json_array(), .e = e};
	struct strbuf nb;
	sb_init(&nb, DRAFT_MAX_TEXT);
	/* each clause's parent: the nearest open clause whose path is a prefix of its own */
	size_t open[DRAFT_MAX_DEPTH * 2 + 2], nopen = 0;
	for (size_t i = 0; d.numbered && i < d.n && !g.nomem; i++) {
		const char *path = d.clauses[i].path;
		while (nopen && (strncmp(d.clauses[open[nopen - 1]].path, path, strlen(d.clauses[open[nopen - 1]].path)) ||
				 !strcmp(d.clauses[open[nopen - 1]].path, path)))
			nopen--;
		const struct draft_clause *parent = nopen && path[0] ? &d.clauses[open[nopen - 1]] : NULL;
		clause_items(&g, &d.clauses[i], parent, &nb);
		if (path[0] && nopen < sizeof open / sizeof open[0])
			open[nopen++] = i;
	}
	sb_release(&nb);
	char desc[512];
	snprintf(desc, sizeof desc, "由%s起草的策略草稿：逐条接受、修改或删除后方可启用。", document);
	json_t *info = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i}", "document", document, "clauses", (int)d.n,
				 "numbered_clauses", (int)d.numbered, "rules", (int)json_array_size(g.rules),
				 "obligations", (int)json_array_size(g.obligations), "review", (int)json_array_size(g.review));
	if (!d.numbered && info)
		json_object_set_new(info, "reason", json_string("文本中没有条款编号（第N条、一、(一)、1. …），无法分条起草 / the text has no clause numbering"));
	if (g.items >= DRAFT_MAX_ITEMS && info)
		json_object_set_new(info, "truncated", json_true());
	json_t *doc = json_pack("{s:s, s:s, s:s, s:{s:s}, s:{s:s}, s:o, s:o, s:o, s:o}", "format", "zeren-policy/v1", "id", id,
				"extends", "default", "title", "zh", title, "description", "zh", desc, "draft", info,
				"rules", g.rules, "obligations", g.obligations, "review", g.review);
	/* the text's own accountability clauses replace the default's (which cite other units'
	 * documents); a text that names none keeps them */
	json_t *acc = json_array();
	for (int k = 0; k < AC_COUNT; k++)
		if (g.accountability[k])
			json_array_append_new(acc, json_pack("{s:s, s:o}", "case", ac_ids[k], "citations", g.accountability[k]));
	if (doc && acc && json_array_size(acc))
		json_object_set_new(doc, "accountability", acc);
	else
		json_decref(acc);
	draft_doc_release(&d);
	if (!doc || g.nomem) {
		json_decref(doc);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	*out = doc;
	return 0;
}
