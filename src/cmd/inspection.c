/* zeren inspection: 检查 (issue 15) from the command line — a supervisor's inspection of a unit
 * below it, each item found followed up as one of the unit's rectifications (整改台账), as POST
 * /api/v1/supervision/inspections records it (core/inspections.h), and the inspections made,
 * each item with its rectification's state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/change.h"
#include "core/check.h"
#include "core/inspections.h"
#include "core/interchange.h"
#include "core/policies.h"
#include "core/render.h"

const char cmd_inspection_usage[] =
	"usage: zeren [--data DIR] inspection add --unit ORG --id ID --on DATE --scope TEXT [--by ORG]\n"
	"            [--inspectors TEXT] --item 'TITLE|DEPARTMENT[|BASIS[|DUE]]'...\n"
	"       zeren [--data DIR] inspection list [--org ORG] [--by ORG] [--as-of DATE] [--format text|json]\n"
	"       zeren [--data DIR] inspection show ID [--as-of DATE] [--format text|json]\n\n"
	"A supervisor (--by, by default the unit directly above ORG) records an inspection of a unit\n"
	"below it: the day, what was inspected, by whom, and each item found (--item, one to 64): what,\n"
	"the department of ORG that rectifies it, the clause it breaks, and its deadline — a date, or a\n"
	"number of working days from the inspection; none: the unit's policy's working days. Each item\n"
	"becomes one of the unit's rectifications (整改台账, rule 'inspection'), all in one change.\n"
	"list: the inspections of ORG (or every unit) made by --by (or anyone) up to --as-of; show: one,\n"
	"each item with its rectification's state as of --as-of (assigned, overdue, rectified, closed).\n";

/* One --item: "TITLE|DEPARTMENT[|BASIS[|DUE]]" into {title, basis, department, due_on}; DUE a
 * date or 1 to 60 working days from on in cal. NULL (and a usage message) when malformed. */
static json_t *parse_item(const char *spec, zdate on, const struct cal *cal, int n)
{
	char buf[4 * IMPORT_MAX_TEXT];
	char *part[5] = {NULL};
	int k = 0;
	if (snprintf(buf, sizeof buf, "%s", spec) >= (int)sizeof buf) {
		cmd_usage("inspection", "--item %d: longer than %zu bytes", n, sizeof buf - 1);
		return NULL;
	}
	for (char *p = buf; p && k < 5; k++) { /* empty fields kept: "TITLE|DEPT||10" */
		part[k] = p;
		if ((p = strchr(p, '|')))
			*p++ = '\0';
	}
	if (k < 2 || k > 4 || !*part[0] || !*part[1]) {
		cmd_usage("inspection", "--item %d: 'TITLE|DEPARTMENT[|BASIS[|DUE]]', not '%s'", n, spec);
		return NULL;
	}
	if (part[2] && !*part[2])
		part[2] = NULL;
	if (part[3] && !*part[3])
		part[3] = NULL;
	zdate due = ZDATE_NONE;
	if (part[3]) {
		char *end;
		long days = strtol(part[3], &end, 10);
		if (*end == '\0' && days >= 1 && days <= 60)
			due = cal_add_workdays(cal, on, (int)days, NULL);
		else if (!date_parse(part[3], &due)) {
			cmd_usage("inspection", "--item %d: DUE is a date YYYY-MM-DD or 1 to 60 working days, not '%s'", n,
				  part[3]);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s?, s:s, s:o}", "title", part[0], "basis", part[2], "department", part[1], "due_on",
			 json_date_or_null(due));
}

static int add(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *unit = NULL, *id = NULL, *on_s = NULL, *scope = NULL, *by = NULL, *inspectors = NULL;
	struct cmd_list items = {0};
	const struct cmd_option opts[] = {OPT_STR("--unit", &unit),	      OPT_STR("--id", &id),
					  OPT_STR("--on", &on_s),	      OPT_STR("--scope", &scope),
					  OPT_STR("--by", &by),	      OPT_STR("--inspectors", &inspectors),
					  OPT_MANY("--item", &items), OPT_DONE};
	struct cmd_facts l = {0};
	struct zerr e = {0};
	json_t *insp = NULL, *doc = NULL;
	zdate on;
	zidx u, b;
	int rc = cmd_parse("inspection", argc, argv, 1, opts, 0, NULL);
	if (rc)
		return rc;
	if (!unit || !id || !on_s || !scope || !items.n)
		return cmd_usage("inspection", "add needs --unit ORG, --id ID, --on DATE, --scope TEXT and --item (one or more)");
	if (!date_parse(on_s, &on))
		return cmd_usage("inspection", "--on must be a date YYYY-MM-DD, not '%s'", on_s);
	if (strchr(id, '#'))
		return cmd_usage("inspection", "--id must not hold '#': '%s'", id);
	if ((rc = cmd_load(ctx, NULL, CMD_CAL, &l)))
		goto out;
	if ((u = hmap_get(&l.f.org_ids, unit)) < 0) {
		rc = cmd_usage("inspection", "--unit %s: no unit with that id", unit);
		goto out;
	}
	b = by ? hmap_get(&l.f.org_ids, by) : l.f.orgs.v[u].parent;
	if (b < 0 || !org_is_below(&l.f, u, b)) {
		rc = cmd_usage("inspection", "--by %s: not a unit above %s", by ? by : "(none)", unit);
		goto out;
	}
	if (hmap_get(&l.f.inspection_ids, id) >= 0) {
		zerr_set(&e, ZE_CONFLICT, "inspection '%s' exists already", id);
		rc = cmd_fail(&e);
		goto out;
	}
	insp = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:[]}", "id", id, "org", unit, "inspector_org", l.f.orgs.v[b].id,
			 "on", on_s, "scope", scope, "inspectors", inspectors, "items");
	for (int i = 0; insp && i < items.n && !rc; i++) {
		json_t *it = parse_item(items.v[i], on, l.cal, i + 1);
		if (!it)
			rc = EXIT_USAGE;
		else
			json_array_append_new(json_object_get(insp, "items"), it);
	}
	if (rc)
		goto out;
	char object[2 * IMPORT_MAX_ID + 2];
	snprintf(object, sizeof object, "%s/%s", unit, id);
	struct change c = cmd_change("supervision.inspection.add", object);
	if (!insp || !(doc = inspection_doc(insp)))
		rc = cmd_fail(&(struct zerr){.code = ZE_NOMEM, .msg = "out of memory"});
	else if (change_records(l.s, &c, doc, "inspection", NULL, NULL, &e))
		rc = cmd_fail(&e);
	else
		printf("已记录检查 %s（%s），发现问题 %d 项，已列入整改台账 / recorded inspection %s of %s: %d item(s), each a "
		       "rectification\n",
		       id, l.f.orgs.v[u].name, items.n, id, unit, items.n);
out:
	json_decref(insp);
	json_decref(doc);
	cmd_unload(&l);
	return rc;
}

/* Item n's rectification in unit u of f (subject "<id>#<n>"), or ZIDX_NONE. */
static zidx item_rectification(const struct facts *f, zidx u, const char *id, size_t n)
{
	char subject[IMPORT_MAX_ID + 24];
	snprintf(subject, sizeof subject, "%s#%zu", id, n);
	FACTS_EACH(f, rectification, u, xi)
		if (!strcmp(f->rectifications.v[xi].rule, RECT_RULE_INSPECTION) && !strcmp(f->rectifications.v[xi].subject, subject))
			return xi;
	return ZIDX_NONE;
}

/* Inspection ii with each item's rectification and its state on as_of: closed, rectified,
 * overdue (the unit's rectification.overdue finding holds) or assigned. */
static int inspection_state(const struct facts *f, const struct policy_set *ps, const struct cal *cal, zidx ii,
			    zdate as_of, json_t **out, struct zerr *e)
{
	const struct inspection *in = &f->inspections.v[ii];
	struct findings fs = {0};
	json_t *o = inspection_json(f, ii), *it;
	size_t n;
	int rc = check_facts(f, ps, cal, in->org, as_of, &fs, e);
	if (rc) {
		json_decref(o);
		return rc;
	}
	json_object_set_new(o, "org_name", json_string(f->orgs.v[in->org].name));
	json_object_set_new(o, "inspector_name", json_string(f->orgs.v[in->inspector_org].name));
	json_array_foreach(json_object_get(o, "items"), n, it) {
		zidx xi = item_rectification(f, in->org, in->id, n + 1);
		const char *state = NULL;
		if (xi >= 0) {
			const struct rectification *x = &f->rectifications.v[xi];
			state = x->closed_on != ZDATE_NONE && x->closed_on <= as_of	    ? "closed"
				: x->rectified_on != ZDATE_NONE && x->rectified_on <= as_of ? "rectified"
											    : "assigned";
			for (size_t k = 0; k < fs.n && !strcmp(state, "assigned"); k++)
				if (fs.v[k].rectification == xi && !strcmp(fs.v[k].rule->id, "rectification.overdue"))
					state = "overdue";
		}
		json_object_set_new(it, "rectification", json_str_or_null(xi >= 0 ? f->rectifications.v[xi].id : NULL));
		json_object_set_new(it, "status", json_str_or_null(state));
	}
	findings_release(&fs);
	*out = o;
	return 0;
}

static const char *state_zh(const char *s)
{
	static const char *const names[][2] = {
		{"assigned", "待整改"}, {"overdue", "已逾期"}, {"rectified", "已整改待验证"}, {"closed", "已销号"}};
	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(s, names[i][0]))
			return names[i][1];
	return "—";
}

static void print_inspection(json_t *o, bool items)
{
	json_t *it;
	size_t n;
	char rest[IMPORT_MAX_TEXT + 64];
	snprintf(rest, sizeof rest, "%s  检查单位 %s  问题 %zu 项", json_string_value(json_object_get(o, "scope")),
		 json_string_value(json_object_get(o, "inspector_name")), json_array_size(json_object_get(o, "items")));
	const char *cells[] = {json_string_value(json_object_get(o, "id")), json_string_value(json_object_get(o, "on")),
			       json_string_value(json_object_get(o, "org_name"))};
	cmd_print_row(cells, (const int[]){16, 11, 24}, 3, rest);
	json_array_foreach(items ? json_object_get(o, "items") : NULL, n, it) {
		const char *due = json_string_value(json_object_get(it, "due_on"));
		printf("  %zu. %s  [%s]  整改 %s  期限 %s  %s\n", n + 1, json_string_value(json_object_get(it, "title")),
		       json_string_value(json_object_get(it, "department")),
		       json_string_value(json_object_get(it, "rectification")) ? json_string_value(json_object_get(it, "rectification"))
									       : "—",
		       due ? due : "按策略 / policy", state_zh(json_string_value(json_object_get(it, "status"))));
	}
}

static int list_or_show(struct cmd_ctx *ctx, int argc, char **argv)
{
	bool show = !strcmp(argv[0], "show");
	const char *org = NULL, *by = NULL, *format = NULL;
	zdate as_of = date_today();
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--by", &by), OPT_DATE("--as-of", &as_of),
					  OPT_STR("--format", &format), OPT_DONE};
	const struct cmd_option show_opts[] = {OPT_DATE("--as-of", &as_of), OPT_STR("--format", &format), OPT_DONE};
	struct cmd_facts l = {0};
	struct zerr e = {0};
	bool json = false;
	int n = 0, rc = cmd_parse("inspection", argc, argv, 1, show ? show_opts : opts, show ? 1 : 0, &n);
	if (rc || (format && (rc = cmd_format("inspection", format, &json))))
		return rc;
	if (show && n != 1)
		return cmd_usage("inspection", "show needs the inspection's ID");
	json_t *items = json_array();
	if ((rc = cmd_load(ctx, NULL, CMD_CAL | CMD_POLICIES, &l)))
		goto out;
	zidx only = show ? hmap_get(&l.f.inspection_ids, argv[1]) : ZIDX_NONE;
	if (show && only < 0) {
		zerr_set(&e, ZE_NOTFOUND, "no inspection with id '%s'", argv[1]);
		rc = cmd_fail(&e);
		goto out;
	}
	for (size_t i = 0; i < l.f.inspections.n && !rc; i++) {
		const struct inspection *in = &l.f.inspections.v[i];
		json_t *o;
		if (show ? (zidx)i != only
			 : in->on > as_of || (org && strcmp(l.f.orgs.v[in->org].id, org)) ||
				   (by && strcmp(l.f.orgs.v[in->inspector_org].id, by)))
			continue;
		if (inspection_state(&l.f, l.ps, l.cal, (zidx)i, as_of, &o, &e))
			rc = cmd_fail(&e);
		else
			json_array_append_new(items, o);
	}
	if (rc)
		goto out;
	if (json) {
		cmd_print_json(show ? json_array_get(items, 0) : items);
	} else {
		size_t i;
		json_t *o;
		json_array_foreach(items, i, o)
			print_inspection(o, show);
	}
out:
	json_decref(items);
	cmd_unload(&l);
	return rc;
}

const struct cmd_sub cmd_inspection_subs[] = {{"add", add}, {"list", list_or_show}, {"show", list_or_show}, {NULL, NULL}};
