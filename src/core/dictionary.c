#include "core/dictionary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/strlist.h"

/* The lists. A closed one names the engine's values by index (first .. count-1). */
struct dict_list {
	const char *id;
	bool open;
	int first, count;
	const char *(*value)(int i);
};

static const struct dict_list lists[] = {
	{"agreement_kind", false, 0, AGREEMENT_KIND_COUNT, agreement_kind_id},
	{"training_kind", false, 0, TRK_COUNT, training_kind_id},
	{"training_level", false, 0, TRL_COUNT, training_level_id},
	{"incident_grade", false, GRADE_GENERAL, GRADE_COUNT, grade_id},
	{"vuln_severity", false, 0, VSEV_COUNT, vuln_severity_id},
	{"vuln_source", false, 0, VSRC_COUNT, vuln_source_id},
	{"log_kind", false, 0, LOGK_COUNT, log_kind_id},
	{"incident_category", true, 0, 0, NULL},
	{"notice_issuer", true, 0, 0, NULL},
};
#define NLISTS (sizeof lists / sizeof lists[0])

static const struct dict_list *find_list(const char *id) { return strlist_row(lists, NLISTS, sizeof *lists, id); }

bool dict_list_known(const char *list)
{
	return find_list(list) != NULL;
}

/* The engine's index of a closed list's value, or -1. */
static int builtin_index(const struct dict_list *l, const char *value)
{
	for (int i = l->first; !l->open && i < l->count; i++)
		if (!strcmp(l->value(i), value))
			return i;
	return -1;
}

static json_t *entry_json(const char *value, const char *label, const char *label_en, int sort, bool enabled,
			  bool builtin)
{
	return json_pack("{s:s, s:o, s:o, s:i, s:b, s:b}", "value", value,
			 "label", label && *label ? json_string(label) : json_null(), "label_en",
			 label_en && *label_en ? json_string(label_en) : json_null(), "sort", sort, "enabled", enabled,
			 "builtin", builtin);
}

struct gather {
	const struct dict_list *l;
	json_t *entries; /* the closed list's, in the engine's order; the open list's appended */
};

static int gather_row(void *ctx, const struct dict_row *r)
{
	struct gather *g = ctx;
	int i = builtin_index(g->l, r->value);
	json_t *j = entry_json(r->value, r->label, r->label_en, r->sort, r->enabled, i >= 0);
	if (!j)
		return ZE_NOMEM;
	if (i >= 0)
		return json_array_set_new(g->entries, (size_t)(i - g->l->first), j) ? ZE_NOMEM : 0;
	if (!g->l->open) { /* a value the engine no longer has: not offered */
		json_decref(j);
		return 0;
	}
	return json_array_append_new(g->entries, j) ? ZE_NOMEM : 0;
}

static int by_sort(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t sx = json_integer_value(json_object_get(x, "sort")), sy = json_integer_value(json_object_get(y, "sort"));
	if (sx != sy)
		return sx < sy ? -1 : 1;
	json_int_t ix = json_integer_value(json_object_get(x, "n")), iy = json_integer_value(json_object_get(y, "n"));
	return ix < iy ? -1 : ix > iy;
}

/* Orders the entries by sort, ties in their present order (qsort is not stable: "n" breaks them). */
static int sort_entries(json_t *entries)
{
	size_t n = json_array_size(entries);
	json_t **v = n ? calloc(n, sizeof *v) : NULL;
	if (n && !v)
		return ZE_NOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i] = json_incref(json_array_get(entries, i));
		json_object_set_new(v[i], "n", json_integer((json_int_t)i));
	}
	if (n)
		qsort(v, n, sizeof *v, by_sort);
	json_array_clear(entries);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		json_object_del(v[i], "n");
		if (json_array_append_new(entries, v[i]))
			rc = ZE_NOMEM;
	}
	free(v);
	return rc;
}

static int list_json(struct store *s, const char *org, const struct dict_list *l, json_t *out, struct zerr *e)
{
	json_t *entries = json_array();
	struct gather g = {l, entries};
	int rc = entries ? 0 : ZE_NOMEM;
	/* a closed list's values, each at its default place (10, 20, …) until the unit moves it */
	for (int i = l->first; !rc && i < l->count; i++)
		if (json_array_append_new(entries, entry_json(l->value(i), NULL, NULL, (i - l->first + 1) * 10, true, true)))
			rc = ZE_NOMEM;
	if (!rc && (rc = store_dict_each(s, org, l->id, gather_row, &g, e)) == ZE_NOMEM)
		zerr_set(e, ZE_NOMEM, "out of memory");
	if (!rc && (rc = sort_entries(entries)))
		zerr_set(e, ZE_NOMEM, "out of memory");
	json_t *o = rc ? NULL : json_pack("{s:s, s:b, s:O}", "list", l->id, "open", l->open, "entries", entries);
	json_decref(entries);
	if (!rc && (!o || json_array_append_new(out, o)))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	return rc;
}

int dict_json(struct store *s, const char *org, const char *list, json_t **out, struct zerr *e)
{
	const struct dict_list *only = list ? find_list(list) : NULL;
	*out = NULL;
	if (list && !only)
		return zerr_set(e, ZE_NOTFOUND, "$.list: no list '%s'", list);
	json_t *a = json_array();
	int rc = a ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
	for (size_t i = 0; !rc && i < NLISTS; i++)
		if (!only || only == &lists[i])
			rc = list_json(s, org, &lists[i], a, e);
	if (!rc && !(*out = json_pack("{s:o}", "lists", a)))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (rc)
		json_decref(a);
	return rc;
}

/* Text a label or an open list's value may be: not empty when required, no control characters,
 * at most max bytes. */
static int check_text(const char *field, const char *v, bool required, size_t max, struct zerr *e)
{
	if (!v || !*v)
		return required ? zerr_set(e, ZE_INVALID, "$.%s: 不能为空 / must not be empty", field) : 0;
	if (strlen(v) > max)
		return zerr_set(e, ZE_LIMIT, "$.%s: 超过 %zu 字节 / longer than %zu bytes", field, max, max);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return zerr_set(e, ZE_INVALID, "$.%s: 不能含控制字符 / must not contain control characters", field);
	if (*v == ' ' || v[strlen(v) - 1] == ' ')
		return zerr_set(e, ZE_INVALID, "$.%s: 首尾不能有空格 / must not begin or end with a space", field);
	return 0;
}

struct before {
	const char *value;
	json_t *row; /* the stored entry, or NULL */
};

static int find_before(void *ctx, const struct dict_row *r)
{
	struct before *b = ctx;
	if (!b->row && !strcmp(r->value, b->value))
		b->row = entry_json(r->value, r->label, r->label_en, r->sort, r->enabled, false);
	return 0;
}

int dict_entry_check(const struct dict_entry_in *in, struct zerr *e)
{
	const struct dict_list *l = find_list(in->list);
	int rc = 0;
	if (!l)
		rc = zerr_set(e, ZE_INVALID, "$.list: 没有这个字典 / no list '%s'", in->list ? in->list : "");
	else if (!(rc = check_text("value", in->value, true, DICT_VALUE_MAX, e)) && !l->open &&
		 builtin_index(l, in->value) < 0)
		rc = zerr_set(e, ZE_INVALID,
			      "$.value: “%s”不是该字典的取值，该字典的取值由规则引擎规定，只能改名、排序或停用 / '%s' is not a "
			      "value of list %s, whose values the rules engine defines (they are relabelled, ordered or "
			      "disabled, not added)",
			      in->value, in->value, l->id);
	if (!rc)
		rc = check_text("label", in->label, false, DICT_LABEL_MAX, e);
	if (!rc)
		rc = check_text("label_en", in->label_en, false, DICT_LABEL_MAX, e);
	if (!rc && (in->sort < 0 || in->sort > DICT_SORT_MAX))
		rc = zerr_set(e, ZE_INVALID, "$.sort: 须在 0 到 %d 之间 / must be from 0 to %d", DICT_SORT_MAX, DICT_SORT_MAX);
	return rc;
}

/* The row an entry is stored as: an empty label is a closed list's own (""), an open list's value. */
static struct dict_row entry_row(const char *org, const struct dict_entry_in *in)
{
	const struct dict_list *l = find_list(in->list);
	return (struct dict_row){.org = org, .list = l->id, .value = in->value,
				 .label = in->label && *in->label ? in->label : l->open ? in->value : "",
				 .label_en = in->label_en && *in->label_en ? in->label_en : NULL, .sort = in->sort,
				 .enabled = in->enabled};
}

int dict_put_in(struct store *s, const char *org, const struct dict_entry_in *in, struct zerr *e)
{
	struct dict_row row = entry_row(org, in);
	return store_dict_put(s, &row, e);
}

int dict_put(struct store *s, struct change *c, const struct dict_entry_in *in, struct zerr *e)
{
	char object[DICT_VALUE_MAX + 300];
	snprintf(object, sizeof object, "%s/%s/%s", c->unit ? c->unit : "-", in->list ? in->list : "-",
		 in->value ? in->value : "-");
	c->action = "dict.put";
	c->object = object;
	const struct dict_list *l = find_list(in->list);
	int rc = !c->unit || !*c->unit ? zerr_set(e, ZE_INVALID, "$.org: 缺少单位 / which unit is missing")
				       : dict_entry_check(in, e);
	if (!rc)
		rc = store_begin(s, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	struct before b = {in->value, NULL};
	struct dict_row row = entry_row(c->unit, in);
	rc = store_dict_each(s, c->unit, l->id, find_before, &b, e);
	if (!rc)
		rc = store_dict_put(s, &row, e);
	json_t *detail = json_pack("{s:s, s:s, s:o, s:o}", "list", l->id, "value", in->value, "before",
				   b.row ? b.row : json_null(), "after",
				   entry_json(in->value, row.label, row.label_en, row.sort, row.enabled, !l->open));
	if (!rc && !detail)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	return change_finish(s, c, rc, detail, e);
}

/* ---- zeren/v1 ---- */

static const char *const record_keys[] = {"org", "list", "value", "label", "label_en", "sort", "enabled", NULL};

json_t *dict_row_json(const struct dict_row *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:i, s:b}", "org", r->org, "list", r->list, "value", r->value, "label",
			 r->label, "label_en", r->label_en ? json_string(r->label_en) : json_null(), "sort", r->sort,
			 "enabled", r->enabled);
}

int dict_entry_from_json(json_t *o, const char **org, struct dict_entry_in *in, struct zerr *e)
{
	const char *key;
	json_t *v;
	if (!json_is_object(o))
		return zerr_set(e, ZE_INVALID, "$: 须为对象 / must be an object");
	json_object_foreach(o, key, v) {
		bool known = false;
		for (const char *const *k = record_keys; *k && !known; k++)
			known = !strcmp(*k, key);
		if (!known)
			return zerr_set(e, ZE_INVALID, "$.%s: unknown field", key);
	}
	json_t *sort = json_object_get(o, "sort"), *enabled = json_object_get(o, "enabled");
	*org = json_string_value(json_object_get(o, "org"));
	*in = (struct dict_entry_in){.list = json_string_value(json_object_get(o, "list")),
				     .value = json_string_value(json_object_get(o, "value")),
				     .label = json_string_value(json_object_get(o, "label")),
				     .label_en = json_string_value(json_object_get(o, "label_en")), .enabled = true};
	if (!*org)
		return zerr_set(e, ZE_INVALID, "$.org: 须为单位编号 / must name the unit");
	if (json_object_get(o, "label") && !json_is_string(json_object_get(o, "label")))
		return zerr_set(e, ZE_INVALID, "$.label: must be a string");
	if (json_object_get(o, "label_en") && !json_is_string(json_object_get(o, "label_en")) &&
	    !json_is_null(json_object_get(o, "label_en")))
		return zerr_set(e, ZE_INVALID, "$.label_en: must be a string or null");
	if (sort && (!json_is_integer(sort) || json_integer_value(sort) < 0 || json_integer_value(sort) > DICT_SORT_MAX))
		return zerr_set(e, ZE_INVALID, "$.sort: 须在 0 到 %d 之间 / must be an integer from 0 to %d", DICT_SORT_MAX,
				DICT_SORT_MAX);
	if (enabled && !json_is_boolean(enabled))
		return zerr_set(e, ZE_INVALID, "$.enabled: must be true or false");
	in->sort = sort ? (int)json_integer_value(sort) : 0;
	in->enabled = !enabled || json_is_true(enabled);
	return dict_entry_check(in, e);
}
