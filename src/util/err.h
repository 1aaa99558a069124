/* Library code reports failure by returning a negative code and filling a zerr;
 * only commands print or exit. */
#ifndef ZEREN_UTIL_ERR_H
#define ZEREN_UTIL_ERR_H

#define ZERR_MSG_MAX 512

enum zerr_code {
	ZE_OK = 0,
	ZE_INVALID = -1,  /* bad input: a malformed file, a wrong date, an unknown id */
	ZE_NOTFOUND = -2, /* the thing asked for does not exist */
	ZE_CONFLICT = -3, /* would break an invariant (duplicate id, overlap) */
	ZE_IO = -4,       /* file or database failure */
	ZE_NOMEM = -5,
	ZE_LIMIT = -6, /* input beyond a hard cap */
	ZE_DENIED = -7, /* the one asking may not do this (four eyes, 三员) */
};

struct zerr {
	int code;
	char msg[ZERR_MSG_MAX];
	/* What kind of bad input (ZE_INVALID …), for a client to put in its own words: a static
	 * string such as "missing", "empty", "unknown_ref", or NULL. zerr_set clears it. */
	const char *reason;
};

/* Fills e (when non-NULL) and returns code, so callers can write `return zerr_set(...)`. */
int zerr_set(struct zerr *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Puts "prefix: " before the message already in e. */
void zerr_prefix(struct zerr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
