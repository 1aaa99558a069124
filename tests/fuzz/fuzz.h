/* What the libFuzzer harnesses share (tests/fuzz/README.md). Each harness defines
 * LLVMFuzzerTestOneInput; one that needs a store opens a private temporary one once. */
#ifndef ZEREN_FUZZ_FUZZ_H
#define ZEREN_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated copy of the input (the parsers that take C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A store in a fresh temporary directory, removed at exit (by the harness's atexit). */
static char fuzz_dir[256];

static void fuzz_cleanup(void)
{
	char cmd[300];
	if (fuzz_dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
		if (system(cmd)) {
		}
	}
}

static inline struct store *fuzz_store(void)
{
	struct zerr e = {0};
	struct store *s;
	const char *tmp = getenv("TMPDIR");
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/zeren-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fuzz_dir) || store_open(fuzz_dir, &s, &e)) {
		fprintf(stderr, "fuzz: cannot open a store: %s\n", e.msg);
		abort();
	}
	atexit(fuzz_cleanup);
	return s;
}

#endif
