/* zeren policy list|show|diff|import|export|activate|reject: a unit's own policy versions
 * (issue 12). The office imports a draft; another person activates it from a date (four eyes:
 * the CLI's actor is cli:$USER, and the one who drafted cannot activate). */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/change.h"
#include "core/render.h"
#include "core/unitpolicy.h"
#include "util/strbuf.h"

static int parse_version(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 1 || v > INT32_MAX)
		return cmd_usage("policy", "VERSION must be a number from 1, not '%s'", s);
	*out = v;
	return 0;
}

static void print_row(json_t *it)
{
	printf("%-12s v%-3" JSON_INTEGER_FORMAT " %-8s %-10s %s%s  %s\n", json_string_value(json_object_get(it, "org")),
	       json_integer_value(json_object_get(it, "version")), json_string_value(json_object_get(it, "status")),
	       json_is_string(json_object_get(it, "in_force_from"))
		       ? json_string_value(json_object_get(it, "in_force_from"))
		       : "-",
	       json_string_value(json_object_get(it, "drafted_by")),
	       json_is_true(json_object_get(it, "in_force")) ? "  [施行中 in force]" : "",
	       json_string_value(json_object_get(it, "reason")));
}

static int list(struct store *s, const char *org, zdate as_of, bool json)
{
	struct zerr e = {0};
	json_t *items = NULL;
	if (unit_policy_list(s, org, as_of, &items, &e))
		return cmd_fail(&e);
	size_t i;
	json_t *it;
	if (json)
		cmd_print_json(items);
	else if (!json_array_size(items))
		printf("没有单位自己的策略版本 / no unit policy versions%s%s\n", org ? " of " : "", org ? org : "");
	else
		json_array_foreach(items, i, it) print_row(it);
	json_decref(items);
	return EXIT_OK;
}

/* The document of version v (0: the one in force on as_of, or the shipped profile). */
static int document_of(struct store *s, const struct policy_set *ps, const char *org, int64_t v, zdate as_of,
		       char **text, int64_t *which, struct zerr *e)
{
	if (!v)
		return unit_policy_document(s, ps, org, as_of, text, which, e);
	json_t *one = NULL;
	int rc = unit_policy_get(s, org, v, as_of, &one, e);
	if (rc)
		return rc;
	*text = json_dumps(json_object_get(one, "document"), JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(one);
	*which = v;
	return *text ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
}

static int show(struct store *s, const struct policy_set *ps, const char *org, int64_t v, zdate as_of, bool json)
{
	struct zerr e = {0};
	char *text = NULL;
	int64_t which = 0;
	struct policy *parsed = NULL, *resolved = NULL;
	const struct policy *p = NULL;
	if (document_of(s, ps, org, v, as_of, &text, &which, &e))
		return cmd_fail(&e);
	if (which && policies_parse_unit(ps, text, strlen(text), org, &parsed, &resolved, &e)) {
		free(text);
		return cmd_fail(&e);
	}
	if (!which) { /* the shipped profile's file: shown as shipped */
		json_t *doc = json_loads(text, 0, NULL);
		p = policies_get(ps, json_string_value(json_object_get(doc, "id")) ? json_string_value(json_object_get(doc, "id")) : "");
		json_decref(doc);
	}
	if (!which && !p) {
		free(text);
		zerr_set(&e, ZE_NOTFOUND, "unit '%s' follows no shipped policy", org);
		return cmd_fail(&e);
	}
	if (which)
		p = resolved;
	json_t *out = policy_json(p, true);
	json_object_set_new(out, "org", json_string(org));
	json_object_set_new(out, "version", json_integer(which));
	if (json) {
		cmd_print_json(out);
	} else {
		char day[ZDATE_BUFSZ];
		printf("%s  %s%s\n", org, p->title_zh ? p->title_zh : p->id, which ? "" : "  (shipped profile)");
		if (which)
			printf("版本 version %" PRId64 "%s\n", which, v ? "" : "（施行中 in force）");
		else
			printf("无单位版本，按所选策略 %s（%s）/ no unit version in force on %s\n", p->id,
			       date_format(as_of, day), day);
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(out, "rules"), i, r) {
			json_t *c0 = json_array_get(json_object_get(r, "citations"), 0);
			printf("  %-28s %-8s %s\n  %28s          依据：%s %s\n", json_string_value(json_object_get(r, "id")),
			       json_string_value(json_object_get(r, "severity")), json_string_value(json_object_get(r, "title")),
			       "", json_string_value(json_object_get(c0, "document")),
			       json_string_value(json_object_get(c0, "clause")));
		}
	}
	json_decref(out);
	if (resolved != parsed)
		policy_free(resolved);
	policy_free(parsed);
	free(text);
	return EXIT_OK;
}

static void print_section(const char *title, json_t *sec)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(sec, "added"), i, it)
		printf("+ %s %s  %s\n", title, json_string_value(json_object_get(it, "id")),
		       json_string_value(json_object_get(it, "kind")) ? json_string_value(json_object_get(it, "kind")) : "");
	json_array_foreach(json_object_get(sec, "removed"), i, it)
		printf("- %s %s\n", title, json_string_value(json_object_get(it, "id")));
	json_array_foreach(json_object_get(sec, "changed"), i, it) {
		char *a = json_dumps(json_object_get(json_object_get(it, "from"), "params"), JSON_COMPACT | JSON_SORT_KEYS);
		char *b = json_dumps(json_object_get(json_object_get(it, "to"), "params"), JSON_COMPACT | JSON_SORT_KEYS);
		printf("~ %s %s  params %s -> %s\n", title, json_string_value(json_object_get(it, "id")), a ? a : "-",
		       b ? b : "-");
		free(a);
		free(b);
	}
}

static int diff(struct store *s, const struct policy_set *ps, const char *org, int64_t v, int64_t against,
		zdate as_of, bool json)
{
	struct zerr e = {0};
	char *from = NULL, *to = NULL;
	int64_t fw = 0, tw = 0;
	json_t *d = NULL;
	int rc = 0;
	if (document_of(s, ps, org, against, as_of, &from, &fw, &e) || document_of(s, ps, org, v, as_of, &to, &tw, &e) ||
	    unit_policy_diff(from, to, &d, &e)) {
		rc = cmd_fail(&e);
	} else if (json) {
		json_object_set_new(d, "from_version", json_integer(fw));
		json_object_set_new(d, "to_version", json_integer(tw));
		cmd_print_json(d);
	} else {
		printf("--- %s %s%" PRId64 "\n+++ %s v%" PRId64 "\n", org, fw ? "v" : "shipped ", fw, org, tw);
		print_section("rule", json_object_get(d, "rules"));
		print_section("obligation", json_object_get(d, "obligations"));
	}
	json_decref(d);
	free(from);
	free(to);
	return rc;
}

int cmd_policy_versions(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *sub = argv[1], *org = NULL, *format = "text", *reason = NULL, *from_s = NULL,
		   *against_s = NULL;
	zdate as_of = date_today(), from = 0;
	const struct cmd_option opts[] = {OPT_STR("--org", &org),	OPT_STR("--format", &format),
					  OPT_DATE("--as-of", &as_of),	OPT_STR("--reason", &reason),
					  OPT_STR("--from", &from_s),	OPT_STR("--against", &against_s),
					  OPT_DONE};
	int nwords;
	bool json;
	int rc = cmd_parse("policy", argc, argv, 2, opts, 2, &nwords);
	if (rc || (rc = cmd_format("policy", format, &json)))
		return rc;
	char **w = argv + 2;
	bool list_cmd = !strcmp(sub, "list");
	if (!list_cmd && nwords < 1)
		return cmd_usage("policy", "%s needs the unit's id (ORG)", sub);
	if (!list_cmd)
		org = w[0];
	int64_t v = 0, against = 0;
	bool approvers = !strcmp(sub, "approvers");
	int approvers_to = -1;
	if (approvers && nwords >= 2) {
		for (int i = 0; i < APPROVERS_COUNT; i++)
			if (!strcmp(w[1], policy_approvers_id(i)))
				approvers_to = i;
		if (approvers_to < 0)
			return cmd_usage("policy", "approvers is leader or leading_group, not '%s'", w[1]);
		if (!reason)
			return cmd_usage("policy", "approvers needs --reason (why) to change them");
	}
	if (nwords >= 2 && strcmp(sub, "import") && !approvers && (rc = parse_version(w[1], &v)))
		return rc;
	if (against_s && (rc = parse_version(against_s, &against)))
		return rc;
	if ((!strcmp(sub, "import") || !strcmp(sub, "reject")) && !reason)
		return cmd_usage("policy", "%s needs --reason (why)", sub);
	if (!strcmp(sub, "import") && nwords < 2)
		return cmd_usage("policy", "import needs a FILE (a zeren-policy/v1 document)");
	if ((!strcmp(sub, "activate") || !strcmp(sub, "reject") || !strcmp(sub, "diff")) && !v)
		return cmd_usage("policy", "%s needs the VERSION", sub);
	if (!strcmp(sub, "activate") && (!from_s || !date_parse(from_s, &from)))
		return cmd_usage("policy", "activate needs --from DATE (YYYY-MM-DD), the day it takes force");

	struct store *s = NULL;
	struct policy_set *ps = NULL;
	struct zerr e = {0};
	if ((rc = cmd_store(ctx, &s)))
		return rc;
	if (policies_load(&ps, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	struct change c = cmd_change("policy", org);
	c.unit = org;
	c.reason = reason;
	if (list_cmd) {
		rc = list(s, org, as_of, json);
	} else if (!strcmp(sub, "show")) {
		rc = show(s, ps, org, v, as_of, json);
	} else if (!strcmp(sub, "diff")) {
		rc = diff(s, ps, org, v, against, as_of, json);
	} else if (!strcmp(sub, "export")) {
		char *text = NULL;
		int64_t which;
		if (document_of(s, ps, org, v, as_of, &text, &which, &e)) {
			rc = cmd_fail(&e);
		} else {
			fputs(text, stdout);
			if (!*text || text[strlen(text) - 1] != '\n')
				fputc('\n', stdout);
		}
		free(text);
	} else if (!strcmp(sub, "import")) {
		struct strbuf raw = STRBUF_INIT;
		int64_t nv = 0;
		if (read_file(w[1], UNIT_POLICY_MAX_BYTES, &raw, &e) ||
		    unit_policy_draft(s, ps, &c, raw.buf ? raw.buf : "", raw.len, &nv, &e))
			rc = cmd_fail(&e);
		else
			printf("已起草 %s 的策略版本 %" PRId64 "，待另一人批准 / drafted policy version %" PRId64
			       " of %s; another person must activate it\n",
			       org, nv, nv, org);
		sb_release(&raw);
	} else if (!strcmp(sub, "activate")) {
		char day[ZDATE_BUFSZ];
		if (unit_policy_approve(s, ps, &c, v, from, &e))
			rc = cmd_fail(&e);
		else
			printf("已批准 %s 的策略版本 %" PRId64 "，自 %s 起施行 / approved; in force from %s\n", org, v,
			       date_format(from, day), day);
	} else if (approvers) {
		int now = APPROVERS_LEADER;
		if (approvers_to >= 0 && unit_policy_set_approvers(s, &c, approvers_to, &e))
			rc = cmd_fail(&e);
		else if (unit_policy_approvers(s, org, &now, &e))
			rc = cmd_fail(&e);
		else if (json) {
			json_t *j = json_pack("{s:s, s:s}", "org", org, "approvers", policy_approvers_id(now));
			cmd_print_json(j);
			json_decref(j);
		} else
			printf("%s 的制度版本由%s批准 / versions of %s are approved by %s\n", org,
			       now == APPROVERS_LEADER ? "单位领导" : "网络安全领导小组组长或副组长", org,
			       now == APPROVERS_LEADER ? "a leader of the unit" : "the leader or a deputy of its leading group");
	} else if (!strcmp(sub, "reject")) {
		if (unit_policy_reject(s, &c, v, &e))
			rc = cmd_fail(&e);
		else
			printf("已驳回 %s 的策略版本 %" PRId64 " / rejected\n", org, v);
	}
out:
	policies_free(ps);
	return rc;
}
