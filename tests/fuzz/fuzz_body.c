/* Request bodies as the API takes them: parsed by jansson with duplicate keys refused (as
 * http/server.c does), then one record wrapped as a zeren/v1 document and imported as
 * api_import_one does (one record, restricted to the unit "demo", dry run), against the demo
 * unit. The first byte picks the kind of record. */
#include "fuzz.h"

#include <jansson.h>

#include "core/embedded.h"
#include "core/import.h"

static struct store *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	struct zerr e = {0};
	const struct embedded_file *demo = embedded_find("demo/demo.json");
	store = fuzz_store();
	if (!demo || import_document(store, demo->data, demo->len, "demo.json", NULL, &e)) {
		fprintf(stderr, "fuzz: demo: %s\n", e.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"people", "systems", "agreements", "appointments",
					    "incidents", "notices", "organizations", "bodies", "obligation_records"};
	struct zerr e = {0};
	struct import_stats st;
	json_error_t jerr;
	if (size < 1)
		return 0;
	const char *kind = kinds[data[0] % (sizeof kinds / sizeof kinds[0])];
	json_t *j = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return 0;
	json_t *doc = json_pack("{s:s, s:[o]}", "format", "zeren/v1", kind, j);
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (text) {
		struct import_opts opts = {.only_org = "demo", .one_record = true, .dry_run = true};
		import_document_opts(store, text, strlen(text), "body", &opts, &st, &e);
		free(text);
	}
	return 0;
}
