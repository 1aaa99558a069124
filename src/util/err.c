#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int zerr_set(struct zerr *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
		e->reason = NULL;
	}
	return code;
}

void zerr_prefix(struct zerr *e, const char *fmt, ...)
{
	if (!e)
		return;
	char old[ZERR_MSG_MAX];
	va_list ap;
	memcpy(old, e->msg, sizeof old);
	va_start(ap, fmt);
	int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	/* Append ": old" by hand; a message cut at the cap is still a terminated string. */
	size_t len = n < 0 ? 0 : (size_t)n < sizeof e->msg ? (size_t)n : sizeof e->msg - 1;
	const char *parts[] = {": ", old};
	for (int i = 0; i < 2; i++)
		for (const char *p = parts[i]; *p && len + 1 < sizeof e->msg; p++)
			e->msg[len++] = *p;
	e->msg[len] = '\0';
}
