/* zeren policy draft FILE: a draft policy from a regulation's text (issue 12, part 4), and
 * zeren policy load FILE: whether a policy file (a draft, a unit's own) loads over the shipped
 * base. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/policies.h"
#include "core/render.h"
#include "doc/regtext.h"
#include "rules/draft.h"

/* The document's name for citations: 《TITLE》, or the file's base name. */
static void document_name(const char *file, const char *title, char *out, size_t cap)
{
	if (title && (!strncmp(title, "《", 3) || strstr(title, "》"))) {
		snprintf(out, cap, "%s", title);
		return;
	}
	if (title) {
		snprintf(out, cap, "《%s》", title);
		return;
	}
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
	snprintf(out, cap, "《%.*s》", n, base);
}

int cmd_policy_draft(int argc, char **argv)
{
	const char *title = NULL, *id = "draft";
	const struct cmd_option opts[] = {OPT_STR("--title", &title), OPT_STR("--id", &id), OPT_DONE};
	const char *file;
	int rc0 = cmd_parse_word("policy", argc, argv, opts, "draft needs a FILE (.txt, .docx or .pdf)", &file);
	if (rc0)
		return rc0;
	struct zerr e = {0};
	struct strbuf text;
	if (regtext_read(file, &text, &e))
		return cmd_fail(&e);
	char document[512], ptitle[600];
	document_name(file, title, document, sizeof document);
	snprintf(ptitle, sizeof ptitle, "%s（草稿）", document);
	json_t *doc = NULL;
	int rc = draft_policy(text.buf, text.len, document, id, ptitle, &doc, &e);
	sb_release(&text);
	if (rc)
		return cmd_fail(&e);
	char *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!out) {
		zerr_set(&e, ZE_NOMEM, "out of memory");
		return cmd_fail(&e);
	}
	/* What is printed must load as a policy: a draft the editor cannot open is a bug here. */
	struct policy_set *ps = NULL;
	struct policy *parsed = NULL, *resolved = NULL;
	if (policies_load(&ps, &e) ||
	    policies_parse_with(ps, out, strlen(out), "draft", &parsed, &resolved, &e)) {
		zerr_prefix(&e, "internal error: the draft does not load");
		policies_free(ps);
		free(out);
		e.code = ZE_IO;
		return cmd_fail(&e);
	}
	if (resolved != parsed)
		policy_free(resolved);
	policy_free(parsed);
	policies_free(ps);
	fputs(out, stdout);
	fputc('\n', stdout);
	free(out);
	return EXIT_OK;
}

int cmd_policy_load(int argc, char **argv)
{
	const char *format = "text";
	const struct cmd_option opts[] = {OPT_STR("--format", &format), OPT_DONE};
	const char *file;
	int rc0 = cmd_parse_word("policy", argc, argv, opts, "load needs a FILE (a zeren-policy/v1 document)", &file);
	if (rc0 || (rc0 = cmd_format("policy", format, NULL)))
		return rc0;
	struct zerr e = {0};
	struct strbuf raw;
	sb_init(&raw, REGTEXT_MAX_FILE);
	struct policy_set *ps = NULL;
	struct policy *parsed = NULL, *resolved = NULL;
	if (read_file(file, REGTEXT_MAX_FILE, &raw, &e) || policies_load(&ps, &e) ||
	    policies_parse_with(ps, raw.buf, raw.len, file, &parsed, &resolved, &e)) {
		sb_release(&raw);
		policies_free(ps);
		if (e.code == ZE_NOTFOUND)
			e.code = ZE_INVALID;
		return cmd_fail(&e);
	}
	if (!strcmp(format, "json")) {
		json_t *j = policy_json(resolved, true);
		cmd_print_json(j);
		json_decref(j);
	} else {
		printf("%s: %s  %s  (%d 条规则 rules, %d 项定期工作 obligations%s%s)\n", file, resolved->id,
		       resolved->title_zh ? resolved->title_zh : "", resolved->nrules, resolved->nobligations,
		       parsed->extends ? "; extends " : "", parsed->extends ? parsed->extends : "");
	}
	if (resolved != parsed)
		policy_free(resolved);
	policy_free(parsed);
	policies_free(ps);
	sb_release(&raw);
	return EXIT_OK;
}
