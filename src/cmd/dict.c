/* zeren dict: a unit's own lists (字典管理, issue 22), as the office's page shows and edits
 * them; every change through core/dictionary.c (validated, audited, one transaction). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/dictionary.h"

const char cmd_dict_usage[] =
	"usage: zeren dict list ORG [--list LIST] [--format text|json]\n"
	"       zeren dict put ORG LIST VALUE [--label TEXT] [--label-en TEXT] [--sort N] [--disabled]\n"
	"  list: 单位的字典：封闭字典（agreement_kind、training_kind、training_level、incident_grade、\n"
	"        vuln_severity、vuln_source、log_kind）的取值由规则引擎规定；开放字典（incident_category、\n"
	"        notice_issuer）由单位新增 / a unit's lists: a closed list's values are the engine's, an open\n"
	"        list's the unit's own\n"
	"  put:  新增或修改一项（不能删除，只能停用 --disabled）/ add or change one entry (never deleted:\n"
	"        disabled with --disabled)\n";

static int list_text(const json_t *doc)
{
	json_t *l, *e;
	size_t i, j;
	json_array_foreach(json_object_get(doc, "lists"), i, l) {
		printf("%s（%s）\n", json_string_value(json_object_get(l, "list")),
		       json_is_true(json_object_get(l, "open")) ? "开放 / open" : "封闭 / closed");
		json_array_foreach(json_object_get(l, "entries"), j, e) {
			const char *label = json_string_value(json_object_get(e, "label"));
			printf("  %4d  %s%s%s%s\n", (int)json_integer_value(json_object_get(e, "sort")),
			       json_string_value(json_object_get(e, "value")), label && *label ? "  " : "", label ? label : "",
			       json_is_true(json_object_get(e, "enabled")) ? "" : "  （停用 / disabled）");
		}
	}
	return 0;
}

int cmd_dict(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *format = "text", *list = NULL, *label = NULL, *label_en = NULL;
	long sort = 0;
	bool disabled = false, json;
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_STR("--list", &list),
					  OPT_STR("--label", &label),	OPT_STR("--label-en", &label_en),
					  OPT_NUM("--sort", &sort, 0, DICT_SORT_MAX), OPT_BOOL("--disabled", &disabled),
					  OPT_DONE};
	int nwords, rc;
	if (argc < 2)
		return cmd_usage("dict", "which: list or put");
	const char *sub = argv[1];
	if ((rc = cmd_parse("dict", argc, argv, 2, opts, 3, &nwords)) || (rc = cmd_format("dict", format, &json)))
		return rc;
	bool put = !strcmp(sub, "put");
	if (strcmp(sub, "list") && !put)
		return cmd_usage("dict", "unknown subcommand '%s' (list or put)", sub);
	if (nwords < (put ? 3 : 1))
		return cmd_usage("dict", put ? "put needs ORG LIST VALUE" : "list needs the unit's id (ORG)");
	char **w = argv + 2;
	struct store *s;
	struct zerr e = {0};
	json_t *doc = NULL;
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if (put) {
		struct change c = cmd_change("dict.put", w[0]);
		c.unit = w[0];
		struct dict_entry_in in = {.list = w[1], .value = w[2], .label = label, .label_en = label_en,
					   .sort = (int)sort, .enabled = !disabled};
		if (dict_put(s, &c, &in, &e))
			return cmd_fail(&e);
		list = w[1];
	}
	if (dict_json(s, w[0], list, &doc, &e))
		return cmd_fail(&e);
	if (json) {
		cmd_print_json(doc);
	} else {
		list_text(doc);
	}
	json_decref(doc);
	return EXIT_OK;
}
