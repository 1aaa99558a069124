#include "core/demo.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cal/recur.h"
#include "core/embedded.h"
#include "core/policies.h"
#include "core/unitpolicy.h"
#include "rules/policy.h"
#include "util/datetime.h"

/* How far back from a day the occurrences of one obligation are counted: more than the demo's
 * year of records, whatever the period. */
#define DEMO_LOOKBACK_DAYS (3 * 366)
#define DEMO_OCCURRENCES_MAX 512

/* The shift in days: whole weeks, the last one that does not pass `on` (floor, also for
 * days before DEMO_WRITTEN_ON). */
static int week_shift(zdate written, zdate on)
{
	int days = on - written;
	return days >= 0 ? days / 7 * 7 : -((-days + 6) / 7 * 7);
}

/* Moves every date ("YYYY-MM-DD") and time (ISO 8601 with offset) in v by `days`. */
static int shift_dates(json_t *v, int days, struct zerr *e)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			if (shift_dates(x, days, e))
				return e->code;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			if (shift_dates(x, days, e))
				return e->code;
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		zdate d;
		struct ztime t;
		char buf[ZTIME_BUFSZ];
		if (strlen(s) == ZDATE_BUFSZ - 1 && date_parse(s, &d)) {
			if (json_string_set(v, date_format(d + days, buf)))
				return zerr_set(e, ZE_NOMEM, "out of memory");
		} else if (ztime_parse(s, &t)) {
			t.t += (int64_t)days * 86400;
			if (json_string_set(v, ztime_format(t, buf)))
				return zerr_set(e, ZE_NOMEM, "out of memory");
		}
	}
	return 0;
}

static int set_date(json_t *obj, const char *key, zdate d, struct zerr *e)
{
	char buf[ZDATE_BUFSZ];
	if (json_object_set_new(obj, key, json_string(date_format(d, buf))))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	return 0;
}

static bool get_date(const json_t *obj, const char *key, zdate *out)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s && date_parse(s, out);
}

/* A notice received k working days before the written day is received k working days before
 * the new one (its rectification and feedback the same working days after receipt), so that
 * a deadline counted in working days stands where it stood, holidays or not. */
static int move_notice(json_t *n, const struct cal *cal, zdate written, int shift, struct zerr *e)
{
	zdate r, x, moved = written + shift;
	/* The plain shift has moved the dates already: count from where they were. */
	if (!get_date(n, "received_on", &r) || (r -= shift) > written)
		return 0; /* a notice still to come keeps the plain shift */
	/* Working days in (r, written]; r' is then the (k+1)-th working day on or before moved. */
	int k = cal_workdays_between(cal, r, written, NULL);
	zdate r2 = cal_add_workdays(cal, moved + 1, -(k + 1), NULL);
	static const char *const after[] = {"rectified_on", "feedback_on"};
	for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
		if (get_date(n, after[i], &x) && (x -= shift) >= r &&
		    set_date(n, after[i], cal_add_workdays(cal, r2, cal_workdays_between(cal, r, x, NULL), NULL), e))
			return e->code;
	return set_date(n, "received_on", r2, e);
}

/* The occurrences of o due on or before day, most recent first; returns how many or < 0. */
static int occurrences_back(const struct obligation_def *o, const struct cal *cal, zdate day,
			    struct recur_occurrence *occ, struct zerr *e)
{
	int n = recur_expand(&o->rule, cal, date_from_ymd(2000, 1, 1), day - DEMO_LOOKBACK_DAYS, day + 1, occ,
			     DEMO_OCCURRENCES_MAX, e);
	if (n < 0)
		return n;
	int m = 0;
	for (int i = 0; i < n; i++)
		if (occ[i].due <= day)
			occ[m++] = occ[i];
	for (int i = 0; i < m / 2; i++) {
		struct recur_occurrence t = occ[i];
		occ[i] = occ[m - 1 - i];
		occ[m - 1 - i] = t;
	}
	return m;
}

/* A duty record moves to the occurrence as many back from `on` as its own was from the written
 * day, done as long before its due day as it was. A record outside that look-back keeps the
 * plain shift, its period the one that holds its shifted start. */
/* The occurrences of one obligation back from the written day and from `on`, kept while the
 * records of that obligation follow one another. */
struct expansion {
	const struct obligation_def *o;
	struct recur_occurrence *was, *now;
	int nw, nn;
};

static int move_record(json_t *rec, const struct policy *p, const struct cal *cal, zdate written, zdate on,
		       int shift, struct expansion *x, int *index, struct zerr *e)
{
	*index = -1;
	const char *oid = json_string_value(json_object_get(rec, "obligation"));
	const char *label = json_string_value(json_object_get(rec, "period"));
	const struct obligation_def *o = p && oid ? policy_obligation(p, oid) : NULL;
	zdate done;
	if (!o || !label || !get_date(rec, "done_on", &done))
		return zerr_set(e, ZE_INVALID, "demo.json: duty record %s %s: unknown obligation or no period or done_on",
				oid ? oid : "?", label ? label : "?");
	if (x->o != o) {
		x->o = NULL;
		if ((x->nw = occurrences_back(o, cal, written, x->was, e)) < 0 ||
		    (x->nn = occurrences_back(o, cal, on, x->now, e)) < 0)
			return e->code;
		x->o = o;
	}
	const struct recur_occurrence *was = x->was, *now = x->now;
	for (int i = 0; i < x->nw && i < x->nn; i++) {
		if (strcmp(was[i].period, label))
			continue;
		if (json_object_set_new(rec, "period", json_string(now[i].period)))
			return zerr_set(e, ZE_NOMEM, "out of memory");
		*index = i;
		return set_date(rec, "done_on", now[i].due - (was[i].due - done), e);
	}
	enum recur_period kind;
	zdate start;
	char moved[RECUR_LABEL_MAX];
	if (!recur_period_parse(label, &kind, &start, NULL))
		return zerr_set(e, ZE_INVALID, "demo.json: duty record %s: bad period '%s'", oid, label);
	recur_period_of(kind, start + shift, NULL, NULL, moved);
	if (json_object_set_new(rec, "period", json_string(moved)))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	return set_date(rec, "done_on", done + shift, e);
}

/* The records of one obligation and owner: the oldest occurrence they reach back to. */
struct record_group {
	json_t *oldest; /* the record of that occurrence */
	int index;      /* its place back from the day */
};

static struct record_group *group_of(struct record_group *g, size_t *n, const json_t *rec)
{
	static const char *const keys[] = {"org", "obligation", "department"};
	for (size_t i = 0; i < *n; i++) {
		size_t k = 0;
		while (k < 3 && json_equal(json_object_get(g[i].oldest, keys[k]), json_object_get(rec, keys[k])))
			k++;
		if (k == 3)
			return &g[i];
	}
	g[*n] = (struct record_group){NULL, -1};
	return &g[(*n)++];
}

/* A year of records ran back from the written day; on a later day the rules look back as far,
 * over occurrences that year did not reach. They were done as the oldest record was, so that
 * only the deliberate gaps stand. */
static int fill_older(json_t *records, const struct record_group *g, const struct policy *p,
		      const struct cal *cal, zdate on, struct recur_occurrence *occ, struct zerr *e)
{
	const char *oid = json_string_value(json_object_get(g->oldest, "obligation"));
	const struct obligation_def *o = p && oid ? policy_obligation(p, oid) : NULL;
	zdate done;
	int n = o && get_date(g->oldest, "done_on", &done) ? occurrences_back(o, cal, on, occ, e) : 0;
	const char *label = json_string_value(json_object_get(g->oldest, "period"));
	zdate lead = 0;
	for (int i = 0; i < n; i++)
		if (label && !strcmp(occ[i].period, label))
			lead = occ[i].due - done;
	for (int i = g->index + 1; i < n; i++) {
		json_t *rec = json_deep_copy(g->oldest);
		char buf[ZDATE_BUFSZ];
		if (!rec || json_object_set_new(rec, "period", json_string(occ[i].period)) ||
		    json_object_set_new(rec, "done_on", json_string(date_format(occ[i].due - lead, buf))) ||
		    json_array_append_new(records, rec))
			return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	return n < 0 ? n : 0;
}

static const struct policy *org_policy(const json_t *doc, const struct policy_set *ps, const json_t *rec)
{
	const char *org = json_string_value(json_object_get(rec, "org"));
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(doc, "organizations"), i, u)
		if (org && json_string_value(json_object_get(u, "id")) &&
		    !strcmp(json_string_value(json_object_get(u, "id")), org)) {
			const char *pid = json_string_value(json_object_get(u, "policy"));
			return policies_get(ps, pid ? pid : "default");
		}
	return NULL;
}

static int move_records(const json_t *doc, json_t *records, const struct policy_set *ps, const struct cal *cal,
			zdate written, zdate on, int shift, struct recur_occurrence *occ, struct zerr *e)
{
	size_t n = json_array_size(records), ngroups = 0, i;
	struct record_group *g = calloc(n ? n : 1, sizeof *g);
	json_t *x;
	struct expansion ex = {NULL, occ, occ + DEMO_OCCURRENCES_MAX, 0, 0};
	int rc = g ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
	json_array_foreach(records, i, x) {
		int index;
		if (rc || (rc = move_record(x, org_policy(doc, ps, x), cal, written, on, shift, &ex, &index, e)))
			break;
		struct record_group *gi = group_of(g, &ngroups, x);
		if (!gi->oldest || index > gi->index)
			*gi = (struct record_group){x, index};
	}
	for (size_t k = 0; k < ngroups && !rc; k++)
		if (g[k].index >= 0)
			rc = fill_older(records, &g[k], org_policy(doc, ps, g[k].oldest), cal, on, occ, e);
	free(g);
	return rc;
}

int demo_check_day(zdate on, struct zerr *e)
{
	int y, m, d;
	date_to_ymd(on, &y, &m, &d);
	if (y < DEMO_YEAR_MIN || y > DEMO_YEAR_MAX)
		return zerr_set(e, ZE_INVALID, "the demo can be loaded as of a day in the years %d..%d, not %04d-%02d-%02d",
				DEMO_YEAR_MIN, DEMO_YEAR_MAX, y, m, d);
	return 0;
}

int demo_document(zdate on, const struct cal *cal, const struct policy_set *ps, json_t **out, struct zerr *e)
{
	const struct embedded_file *f = embedded_find("demo/demo.json");
	zdate written;
	*out = NULL;
	if (!f)
		return zerr_set(e, ZE_NOTFOUND, "this build carries no demo unit");
	if (demo_check_day(on, e))
		return e->code;
	if (!date_parse(DEMO_WRITTEN_ON, &written))
		return zerr_set(e, ZE_INVALID, "DEMO_WRITTEN_ON is not a date");
	json_error_t je;
	json_t *doc = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return zerr_set(e, ZE_INVALID, "demo.json:%d: %s", je.line, je.text);
	if (on == written) {
		*out = doc; /* as written */
		return 0;
	}
	int shift = week_shift(written, on);
	struct recur_occurrence *was = malloc(2 * DEMO_OCCURRENCES_MAX * sizeof *was);
	int rc = was ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
	const char *key;
	json_t *part, *x;
	size_t i;
	json_object_foreach(doc, key, part) {
		if (rc)
			break;
		if (!strcmp(key, "obligation_records")) {
			rc = move_records(doc, part, ps, cal, written, on, shift, was, e);
			continue;
		}
		if ((rc = shift_dates(part, shift, e)))
			break;
		if (!strcmp(key, "notices"))
			json_array_foreach(part, i, x)
				if ((rc = move_notice(x, cal, written, shift, e)))
					break;
	}
	free(was);
	if (rc)
		json_decref(doc);
	else
		*out = doc;
	return rc;
}

int demo_own_policy(struct store *s, const struct policy_set *shipped, zdate on, struct zerr *e)
{
	const struct embedded_file *f = embedded_find("demo/policy.json");
	zdate written, from;
	int64_t version;
	if (!f)
		return zerr_set(e, ZE_NOTFOUND, "this build carries no demo policy");
	if (!date_parse(DEMO_WRITTEN_ON, &written) || !date_parse(DEMO_POLICY_FROM, &from))
		return zerr_set(e, ZE_INVALID, "DEMO_WRITTEN_ON or DEMO_POLICY_FROM is not a date");
	struct change c = {.actor = "office",
			   .source = "cli",
			   .unit = "demo",
			   .reason = "依据《蜀南学院网络安全工作责任制实施细则》（蜀南院党发〔2024〕21号）制定本单位制度"};
	int rc = unit_policy_draft(s, shipped, &c, f->data, f->len, &version, e);
	if (rc)
		return rc;
	c.actor = "leader";
	c.reason = "同意，自细则施行之日起执行";
	return unit_policy_approve(s, shipped, &c, version, from + week_shift(written, on), e);
}
