#include "util/hmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

uint64_t hash_bytes(const void *data, size_t len)
{
	/* FNV-1a, 64-bit: ids are short, and this is fast and well distributed enough. */
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint32_t key_hash(const char *key)
{
	uint32_t h = (uint32_t)hash_bytes(key, strlen(key));
	return h ? h : 1; /* 0 marks an empty slot */
}

int32_t hmap_get(const struct hmap *m, const char *key)
{
	if (!m->cap)
		return -1;
	uint32_t h = key_hash(key);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		const struct hmap_slot *sl = &m->slots[i];
		if (!sl->hash)
			return -1;
		if (sl->hash == h && strcmp(sl->key, key) == 0)
			return sl->val;
	}
}

static int hmap_resize(struct hmap *m, size_t cap)
{
	struct hmap_slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return ZE_NOMEM;
	for (size_t j = 0; j < m->cap; j++) {
		if (!m->slots[j].hash)
			continue;
		size_t i = m->slots[j].hash & (cap - 1);
		while (slots[i].hash)
			i = (i + 1) & (cap - 1);
		slots[i] = m->slots[j];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int hmap_put(struct hmap *m, const char *key, int32_t val)
{
	if ((m->len + 1) * 4 > m->cap * 3) {
		int rc = hmap_resize(m, m->cap ? m->cap * 2 : 64);
		if (rc)
			return rc;
	}
	uint32_t h = key_hash(key);
	size_t i = h & (m->cap - 1);
	while (m->slots[i].hash) {
		if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0) {
			m->slots[i].val = val;
			return 0;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->slots[i] = (struct hmap_slot){h, val, key};
	m->len++;
	return 0;
}

void hmap_release(struct hmap *m)
{
	free(m->slots);
	*m = (struct hmap)HMAP_INIT;
}
