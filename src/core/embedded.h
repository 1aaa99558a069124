/* Data files compiled into the binary (see scripts/embed-data.sh). */
#ifndef ZEREN_CORE_EMBEDDED_H
#define ZEREN_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path under data/, e.g. "policy/default.json" */
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry with name NULL. */
extern const struct embedded_file embedded_files[];
const struct embedded_file *embedded_find(const char *name);

#endif
