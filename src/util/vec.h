/* Growing arrays: the one step every vector of the code shares, making room for one more. */
#ifndef ZEREN_UTIL_VEC_H
#define ZEREN_UTIL_VEC_H

#include <stddef.h>

/* Room for one more element in *v, an array of n elements of sz bytes with room for *cap: when it
 * is full, the room doubles (first elements when there is none yet). Returns 0, or -1 out of
 * memory with *v and *cap unchanged. */
int vec_room(void **v, size_t *cap, size_t n, size_t sz, size_t first);

#endif
