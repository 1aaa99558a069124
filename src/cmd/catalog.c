/* zeren posts and zeren policy: what the product knows, with the clauses behind it. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/embedded.h"
#include "core/policies.h"
#include "core/render.h"

/* [--format text|json] [ID] */
static int parse_format_args(const char *cmd, int argc, char **argv, const char **format, const char **id)
{
	const struct cmd_option opts[] = {OPT_STR("--format", format), OPT_DONE};
	int n, rc = cmd_parse(cmd, argc, argv, 1, opts, 1, &n);
	if (!rc && n)
		*id = argv[1];
	return rc ? rc : cmd_format(cmd, *format, NULL);
}

const char cmd_posts_usage[] =
	"usage: zeren posts [--format text|json] [POST]\n\n"
	"Lists the posts with their duties (职责) and the clauses they come from.\n";

int cmd_posts(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	const char *format = "text", *only = NULL;
	int rc = parse_format_args("posts", argc, argv, &format, &only);
	if (rc)
		return rc;
	if (only && post_from_id(only) < 0)
		return cmd_usage("posts", "unknown post '%s'", only);
	const struct embedded_file *ef = embedded_find("posts.json");
	json_error_t jerr;
	json_t *root = ef ? json_loadb(ef->data, ef->len, 0, &jerr) : NULL;
	json_t *posts = json_object_get(root, "posts"), *p;
	if (!json_is_array(posts)) {
		fprintf(stderr, "zeren: the built-in post catalogue is damaged\n");
		json_decref(root);
		return EXIT_FAILURE_;
	}
	json_t *selected = json_array();
	size_t i;
	json_array_foreach(posts, i, p) {
		if (!only || !strcmp(json_string_value(json_object_get(p, "id")), only))
			json_array_append(selected, p);
	}
	if (!strcmp(format, "json")) {
		cmd_print_json(selected);
	} else {
		json_array_foreach(selected, i, p) {
			printf("%s%s  %s  (%s)\n", i ? "\n" : "", json_string_value(json_object_get(p, "name_zh")),
			       json_string_value(json_object_get(p, "id")),
			       json_string_value(json_object_get(p, "name_en")));
			json_t *d;
			size_t j;
			json_array_foreach(json_object_get(p, "duties"), j, d) {
				json_t *src = json_object_get(d, "source");
				printf("  %zu. %s\n     —— %s %s\n", j + 1, json_string_value(json_object_get(d, "text")),
				       json_string_value(json_object_get(src, "document")),
				       json_string_value(json_object_get(src, "clause")));
			}
		}
	}
	json_decref(selected);
	json_decref(root);
	return EXIT_OK;
}

const char cmd_policy_usage[] =
	"usage: zeren policy [--format text|json] [ID]\n"
	"       zeren policy draft FILE [--title TITLE] [--id ID]\n"
	"       zeren policy load FILE [--format text|json]\n"
	"       zeren policy list [--org ORG] [--as-of DATE] [--format text|json]\n"
	"       zeren policy show ORG [VERSION] [--as-of DATE] [--format text|json]\n"
	"       zeren policy diff ORG VERSION [--against VERSION] [--as-of DATE] [--format text|json]\n"
	"       zeren policy import ORG FILE --reason TEXT\n"
	"       zeren policy export ORG [VERSION] [--as-of DATE]\n"
	"       zeren policy activate ORG VERSION --from DATE [--reason TEXT]\n"
	"       zeren policy reject ORG VERSION --reason TEXT\n"
	"       zeren policy approvers ORG [leader|leading_group --reason TEXT] [--format text|json]\n\n"
	"Lists the shipped policies, or the rules of one with their citations.\n"
	"draft reads a regulation (.txt in UTF-8 or GB18030, .docx, .pdf with a text layer; at most\n"
	"20 MB), splits it into clauses and prints a draft zeren-policy/v1 document that extends\n"
	"default: proposed rules and recurring duties, each with the sentence it came from, and a\n"
	"review list of requirements no rule was made of. load checks that a policy file loads over\n"
	"the shipped base and shows it.\n\n"
	"A unit's own policy (单位自己的制度) is kept in the store as versions, each a zeren-policy/v1\n"
	"document that extends a shipped profile. import stores a draft (the office); activate puts a\n"
	"draft in force from a date and must be run by someone else than its author (four eyes, the\n"
	"actor is cli:$USER); a version in force is never changed, only replaced by a newer one. A check\n"
	"as of D follows the version in force on D. show, export and diff take the version in force on\n"
	"--as-of (default today) when no VERSION is given; diff compares with it unless --against.\n"
	"approvers shows or sets who approves the unit's versions through the API: any leader (leader,\n"
	"the default) or only the leaders holding the 组长 or 副组长 seat of its leading group\n"
	"(leading_group). The command line's operator is trusted with the store and is held to four\n"
	"eyes only.\n";

int cmd_policy(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	const char *format = "text", *id = NULL;
	struct policy_set *ps;
	struct zerr e = {0};
	if (argc > 1 && !strcmp(argv[1], "draft"))
		return cmd_policy_draft(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "load"))
		return cmd_policy_load(argc - 1, argv + 1);
	static const char *const versions[] = {"list", "show", "diff", "import", "export", "activate", "reject", "approvers"};
	for (size_t i = 0; argc > 1 && i < sizeof versions / sizeof versions[0]; i++)
		if (!strcmp(argv[1], versions[i]))
			return cmd_policy_versions(ctx, argc, argv);
	int rc = parse_format_args("policy", argc, argv, &format, &id);
	if (rc)
		return rc;
	if (policies_load(&ps, &e))
		return cmd_fail(&e);
	const struct policy *only = id ? policies_get(ps, id) : NULL;
	if (id && !only) {
		policies_free(ps);
		return cmd_usage("policy", "unknown policy '%s'", id);
	}
	json_t *out = json_array();
	for (size_t i = 0; i < policies_count(ps); i++) {
		const struct policy *p = policies_at(ps, i);
		if (only && p != only)
			continue;
		json_array_append_new(out, policy_json(p, false));
	}
	if (!strcmp(format, "json")) {
		cmd_print_json(out);
	} else {
		size_t i, j;
		json_t *p, *r;
		json_array_foreach(out, i, p) {
			printf("%s%s  %s  (%zu 条规则 rules)\n", i ? "\n" : "", json_string_value(json_object_get(p, "id")),
			       json_string_value(json_object_get(p, "title")), json_array_size(json_object_get(p, "rules")));
			if (!only)
				continue;
			json_array_foreach(json_object_get(p, "rules"), j, r) {
				json_t *c0 = json_array_get(json_object_get(r, "citations"), 0);
				printf("  %-28s %-8s %s\n  %28s          依据：%s %s\n", json_string_value(json_object_get(r, "id")),
				       json_string_value(json_object_get(r, "severity")),
				       json_string_value(json_object_get(r, "title")), "",
				       json_string_value(json_object_get(c0, "document")),
				       json_string_value(json_object_get(c0, "clause")));
			}
		}
	}
	json_decref(out);
	policies_free(ps);
	return EXIT_OK;
}
