/* Drafting a policy from a regulation's text (issue 12, part 4): the text is split into clauses
 * along the numbering Chinese regulations use, and recognisers turn checkable sentences into draft
 * rules of the engine's kinds. Pure functions over UTF-8 text: reading .txt/.docx/.pdf is
 * src/doc/regtext.c's job, printing is the command's. */
#ifndef ZEREN_RULES_DRAFT_H
#define ZEREN_RULES_DRAFT_H

#include <stddef.h>

#include <jansson.h>

#include "util/err.h"

/* Hard caps, so a hostile text cannot make the splitter grow without bound. */
#define DRAFT_MAX_TEXT ((size_t)20 << 20) /* bytes of text */
#define DRAFT_MAX_CLAUSES 50000
#define DRAFT_MAX_DEPTH 8        /* nesting of numbering kept in a path */
#define DRAFT_PATH_MAX 160       /* bytes of one clause path */
#define DRAFT_MAX_ITEMS 20000    /* rules + obligations + review items */

struct draft_clause {
	char *path; /* "第七条(二)", "三、(二)1、"; "" before the first numbered line */
	char *text; /* the clause's own text, numbering removed; broken lines rejoined */
};

struct draft_doc {
	struct draft_clause *clauses;
	size_t n;
	size_t numbered; /* clauses that carry a number (not the preamble) */
};

/* Splits text into clauses. Page numbers, repeated page headers and Word bookmarks are dropped;
 * lines broken mid-sentence are joined. Returns 0 or ZE_LIMIT / ZE_NOMEM. */
int draft_split(const char *text, size_t len, struct draft_doc *out, struct zerr *e);
void draft_doc_release(struct draft_doc *d);

/* Reads a number written in Arabic (half- or full-width) or Chinese numerals at s ("二十四",
 * "两", "１２"); sets *end past it. Returns -1 when there is none. */
long draft_number(const char *s, const char **end);

/* The post id a text names at its start ("安全管理员" → "security_admin"), with its length in
 * *len, or NULL. */
const char *draft_post_at(const char *s, size_t *len);

/* The whole draft: a zeren-policy/v1 document (extends "default") with draft rules, draft
 * obligations and a review list, each citing `document` and the clause and sentence it came
 * from. `id` and `title` name the draft policy. A text with no numbering gives an empty draft
 * whose "draft".reason says so. */
int draft_policy(const char *text, size_t len, const char *document, const char *id, const char *title,
		 json_t **out, struct zerr *e);

#endif
