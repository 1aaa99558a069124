/* zeren/v1 documents (core/import.c): the whole importer, validating against an empty store,
 * as a dry run (nothing written, so every input meets the same store). */
#include "fuzz.h"

#include "core/import.h"

static struct store *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	store = fuzz_store();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zerr e = {0};
	struct import_stats st;
	struct import_opts opts = {.dry_run = true};
	import_document_opts(store, (const char *)data, size, "fuzz.json", &opts, &st, &e);
	return 0;
}
