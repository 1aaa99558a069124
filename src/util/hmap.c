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
		if (!m->hashes[i])
			return -1;
		if (m->hashes[i] == h && strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

static int hmap_resize(struct hmap *m, size_t cap)
{
	const char **keys = calloc(cap, sizeof *keys);
	int32_t *vals = calloc(cap, sizeof *vals);
	uint32_t *hashes = calloc(cap, sizeof *hashes);
	if (!keys || !vals || !hashes) {
		free(keys);
		free(vals);
		free(hashes);
		return ZE_NOMEM;
	}
	for (size_t j = 0; j < m->cap; j++) {
		if (!m->hashes[j])
			continue;
		size_t i = m->hashes[j] & (cap - 1);
		while (hashes[i])
			i = (i + 1) & (cap - 1);
		hashes[i] = m->hashes[j];
		keys[i] = m->keys[j];
		vals[i] = m->vals[j];
	}
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	m->keys = keys;
	m->vals = vals;
	m->hashes = hashes;
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
	while (m->hashes[i]) {
		if (m->hashes[i] == h && strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return 0;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->hashes[i] = h;
	m->keys[i] = key;
	m->vals[i] = val;
	m->len++;
	return 0;
}

void hmap_release(struct hmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	*m = (struct hmap)HMAP_INIT;
}
