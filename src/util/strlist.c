#include "util/strlist.h"

#include <stdlib.h>
#include <string.h>

int strlist_index(const char *const *t, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(t[i], s) == 0)
			return i;
	return -1;
}

const void *strlist_row(const void *t, size_t n, size_t size, const char *s)
{
	for (size_t i = 0; s && i < n; i++) {
		const void *row = (const char *)t + i * size;
		if (strcmp(*(const char *const *)row, s) == 0)
			return row;
	}
	return NULL;
}

void strlist_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

char *dup_or_null(const char *s, bool *failed)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*failed = true;
	return d;
}
