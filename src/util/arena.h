/* Bump allocator: many small allocations (names, ids) released together. */
#ifndef ZEREN_UTIL_ARENA_H
#define ZEREN_UTIL_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t used;  /* bytes used in head */
	size_t total; /* bytes handed out, for statistics */
};

#define ARENA_INIT {NULL, 0, 0}

/* Returns NULL only when memory is exhausted. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

#endif
