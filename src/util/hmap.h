/* Open-addressing hash map from string keys (not owned) to int32 values. */
#ifndef ZEREN_UTIL_HMAP_H
#define ZEREN_UTIL_HMAP_H

#include <stddef.h>
#include <stdint.h>

/* One slot holds the hash, the value and the key: a lookup in a map of a million ids touches
 * the slot and the key's text, not three arrays (the cold load of a province resolves millions). */
struct hmap_slot {
	uint32_t hash; /* 0: empty */
	int32_t val;
	const char *key;
};

struct hmap {
	struct hmap_slot *slots;
	size_t cap; /* power of two */
	size_t len;
};

#define HMAP_INIT {NULL, 0, 0}

uint64_t hash_bytes(const void *data, size_t len);
/* Returns the value for key, or -1. */
int32_t hmap_get(const struct hmap *m, const char *key);
/* Inserts or replaces; the key must outlive the map. Returns 0, or ZE_NOMEM. */
int hmap_put(struct hmap *m, const char *key, int32_t val);
void hmap_release(struct hmap *m);

#endif
