#include "util/strlist.h"

#include <string.h>

int strlist_index(const char *const *t, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(t[i], s) == 0)
			return i;
	return -1;
}
