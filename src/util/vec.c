#include "util/vec.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

int vec_room(void **v, size_t *cap, size_t n, size_t sz, size_t first)
{
	assert(n <= *cap && sz > 0 && first > 0);
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : first;
	if (nc < *cap || nc > SIZE_MAX / sz)
		return -1;
	void *p = realloc(*v, nc * sz);
	if (!p)
		return -1;
	*v = p;
	*cap = nc;
	return 0;
}
