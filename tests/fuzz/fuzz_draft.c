/* libFuzzer harness for the drafter (rules/draft.h): any bytes, split and drafted, must neither
 * crash nor leak nor trip a sanitizer, and a draft must always be a policy the loader takes.
 * Run with the other harnesses by `make check-fuzz` (briefly) and `make fuzz`, from the seeds in
 * tests/fuzz/corpus/draft (the crashes it found are among them); add the regulations in
 * ../shared/seeds to a scratch corpus for deeper paths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rules/draft.h"
#include "rules/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct draft_doc d;
	struct zerr e = {0};
	if (draft_split((const char *)data, size, &d, &e) == 0)
		draft_doc_release(&d);
	json_t *doc = NULL;
	if (draft_policy((const char *)data, size, "《fuzz》", "fuzz", "fuzz", &doc, &e))
		return 0;
	char *s = json_dumps(doc, 0);
	struct policy *p = NULL;
	if (!s || policy_parse(s, strlen(s), "fuzz", &p, &e))
		abort(); /* the drafter wrote a policy its own loader refuses */
	policy_free(p);
	free(s);
	json_decref(doc);
	return 0;
}
