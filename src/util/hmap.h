/* Open-addressing hash map from string keys (not owned) to int32 values. */
#ifndef ZEREN_UTIL_HMAP_H
#define ZEREN_UTIL_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap {
	const char **keys;
	int32_t *vals;
	uint32_t *hashes;
	size_t cap; /* power of two */
	size_t len;
};

#define HMAP_INIT {NULL, NULL, NULL, 0, 0}

uint64_t hash_bytes(const void *data, size_t len);
/* Returns the value for key, or -1. */
int32_t hmap_get(const struct hmap *m, const char *key);
/* Inserts or replaces; the key must outlive the map. Returns 0, or ZE_NOMEM. */
int hmap_put(struct hmap *m, const char *key, int32_t val);
void hmap_release(struct hmap *m);

#endif
