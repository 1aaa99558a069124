#include "core/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/unitpolicy.h"
#include "util/strlist.h"

enum set_by { BY_OFFICE, BY_SECURITY };

struct setting {
	const char *key;
	enum set_by by;
	int min, max, dflt; /* an integer's range and default; min > max: not an integer */
};

static const struct setting settings[] = {
	/* api/dashboard.c: how many days ahead the dashboard lists deadlines */
	{SETTING_DEADLINE_DAYS, BY_OFFICE, 7, 180, 30},
	/* core/announce.c: how long a new announcement is shown when it names no expiry */
	{SETTING_ANNOUNCE_DAYS, BY_OFFICE, 1, 365, 30},
	/* core/unitpolicy.c: who approves the unit's policy versions (set through policy-settings) */
	{"policy.approvers", BY_SECURITY, 1, 0, 0},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static const struct setting *find(const char *key) { return strlist_row(settings, NSETTINGS, sizeof *settings, key); }

/* A stored integer's value; a stored value out of range (an older range) reads as the default. */
static int stored_int(struct store *s, const char *org, const struct setting *k, int *out, struct zerr *e)
{
	char *v = NULL, *end;
	int rc = store_unit_setting_get(s, org, k->key, &v, e);
	long n = v ? strtol(v, &end, 10) : 0;
	*out = !rc && v && *v && !*end && n >= k->min && n <= k->max ? (int)n : k->dflt;
	free(v);
	return rc;
}

int unit_setting_int(struct store *s, const char *org, const char *key, int *out, struct zerr *e)
{
	const struct setting *k = find(key);
	if (!k || k->min > k->max)
		return zerr_set(e, ZE_INVALID, "setting '%s' is not an integer setting", key ? key : "");
	return stored_int(s, org, k, out, e);
}

static json_t *setting_json(struct store *s, const char *org, const struct setting *k, struct zerr *e)
{
	int n;
	if (k->min > k->max) { /* policy.approvers */
		int a;
		if (unit_policy_approvers(s, org, &a, e))
			return NULL;
		return json_pack("{s:s, s:s, s:s, s:n, s:n, s:s}", "key", k->key, "value", policy_approvers_id(a), "default",
				 policy_approvers_id(APPROVERS_LEADER), "min", "max", "set_by", "security");
	}
	if (stored_int(s, org, k, &n, e))
		return NULL;
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:s}", "key", k->key, "value", n, "default", k->dflt, "min", k->min,
			 "max", k->max, "set_by", k->by == BY_OFFICE ? "office" : "security");
}

int unit_settings_json(struct store *s, const char *org, json_t **out, struct zerr *e)
{
	json_t *items = json_array();
	int rc = items ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
	for (size_t i = 0; !rc && i < NSETTINGS; i++) {
		json_t *j = setting_json(s, org, &settings[i], e);
		if (!j)
			rc = e->code ? e->code : zerr_set(e, ZE_NOMEM, "out of memory");
		else
			json_array_append_new(items, j);
	}
	*out = rc ? NULL : json_pack("{s:s, s:o}", "org", org, "items", items);
	if (rc)
		json_decref(items);
	return !rc && !*out ? zerr_set(e, ZE_NOMEM, "out of memory") : rc;
}

int unit_setting_set(struct store *s, struct change *c, const char *key, const json_t *value, struct zerr *e)
{
	char object[300], text[24];
	snprintf(object, sizeof object, "%s/%s", c->unit ? c->unit : "-", key ? key : "-");
	c->action = "setting.put";
	c->object = object;
	const struct setting *k = find(key);
	int rc = 0, before = 0;
	if (!c->unit || !*c->unit)
		rc = zerr_set(e, ZE_INVALID, "$.org: 缺少单位 / which unit is missing");
	else if (!k)
		rc = zerr_set(e, ZE_NOTFOUND, "$.key: 没有参数“%s” / no setting '%s'", key ? key : "", key ? key : "");
	else if (k->by != BY_OFFICE)
		rc = zerr_set(e, ZE_DENIED, "$.key: %s 由安全管理员在制度设置中修改 / %s is the security administrator's",
			      k->key, k->key);
	else if (!json_is_integer(value) || json_integer_value(value) < k->min || json_integer_value(value) > k->max)
		rc = zerr_set(e, ZE_INVALID, "$.value: 须为 %d 到 %d 之间的整数 / must be an integer from %d to %d", k->min,
			      k->max, k->min, k->max);
	if (!rc)
		rc = store_begin(s, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	int to = (int)json_integer_value(value);
	snprintf(text, sizeof text, "%d", to);
	rc = stored_int(s, c->unit, k, &before, e);
	if (!rc)
		rc = store_unit_setting_put(s, c->unit, k->key, text, e);
	json_t *detail = json_pack("{s:s, s:i, s:i}", "key", k->key, "from", before, "to", to);
	if (!rc && !detail)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	return change_finish(s, c, rc, detail, e);
}
