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
	}
	return code;
}

void zerr_prefix(struct zerr *e, const char *fmt, ...)
{
	if (!e)
		return;
	char head[ZERR_MSG_MAX], old[ZERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	snprintf(e->msg, sizeof e->msg, "%s: %s", head, old);
}
