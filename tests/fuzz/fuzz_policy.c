/* Policy documents (rules/policy.c), and one extending the shipped default. */
#include "fuzz.h"

#include "core/embedded.h"
#include "rules/policy.h"

static struct policy *base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	struct zerr e = {0};
	const struct embedded_file *f = embedded_find("policy/default.json");
	if (!f || policy_parse(f->data, f->len, "default.json", &base, &e)) {
		fprintf(stderr, "fuzz: default policy: %s\n", e.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zerr e = {0};
	struct policy *p = NULL, *x = NULL;
	if (policy_parse((const char *)data, size, "fuzz.json", &p, &e) == 0) {
		if (policy_extend(base, p, &x, &e) == 0)
			policy_free(x);
		policy_free(p);
	}
	return 0;
}
