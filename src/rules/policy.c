#include "rules/policy.h"
#include "util/strlist.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_ids[RK_COUNT] = {
	"exclusive_posts", "full_time", "min_holders", "required_post", "body_composition",
	"system_owner", "system_mlps", "agreement_in_force", "agreement_expiring", "personnel_record",
	"notice_deadline", "incident_report", "incident_repeat", "incident_outage", "incident_summary",
	"obligation_overdue", "notice_feedback", "handover", "vulnerability_fix", "emergency_plan", "required_agreement",
	"log_retention", "training_hours", "training_certificate",
	"project_security",
	"rectification_overdue",
};
static const char *const handover_items[HO_ITEM_COUNT][2] = {
	{"accounts_closed", "账号和权限关闭"}, {"materials_returned", "资料和数据交还"},
	{"passwords_changed", "钥匙和密码更换"}, {"successor", "接任人"},
};

const char *handover_item_id(int i) { return i >= 0 && i < HO_ITEM_COUNT ? handover_items[i][0] : "?"; }
const char *handover_item_name_zh(int i) { return i >= 0 && i < HO_ITEM_COUNT ? handover_items[i][1] : "?"; }
static const char *const sev_ids[SEV_COUNT] = {"error", "warning", "info"};
static const char *const sev_zh[SEV_COUNT] = {"错误", "警告", "提示"};

const char *rule_kind_id(int k) { return k >= 0 && k < RK_COUNT ? kind_ids[k] : "?"; }
const char *severity_id(int s) { return s >= 0 && s < SEV_COUNT ? sev_ids[s] : "?"; }
const char *severity_name_zh(int s) { return s >= 0 && s < SEV_COUNT ? sev_zh[s] : "?"; }

/* Parsing context: where we are, for error messages. */
struct pctx {
	const char *source;
	struct policy *p;
	struct zerr *e;
	char path[256];
};

static int perr(struct pctx *c, const char *field, const char *fmt, const char *arg)
{
	char msg[ZERR_MSG_MAX];
	snprintf(msg, sizeof msg, fmt, arg ? arg : "");
	return zerr_set(c->e, ZE_INVALID, "%s: %s%s%s: %s", c->source, c->path, field ? "." : "",
			field ? field : "", msg);
}

/* *out: value's index among the n ids; a value not among them is refused (msg names it). */
static int choose(struct pctx *c, const char *field, const char *const *ids, int n, const char *value, const char *msg,
		  int *out)
{
	return (*out = strlist_index(ids, n, value)) < 0 ? perr(c, field, msg, value) : 0;
}

/* Element i of array a, under the path at base as name[i]: an object, or NULL with *rc set. */
static json_t *element(struct pctx *c, json_t *a, size_t i, size_t base, const char *name, int *rc)
{
	json_t *o = json_array_get(a, i);
	snprintf(c->path + base, sizeof c->path - base, ".%s[%zu]", name, i);
	if (!json_is_object(o))
		*rc = perr(c, NULL, "must be an object%s", NULL);
	return json_is_object(o) ? o : NULL;
}

static const char *get_str(struct pctx *c, json_t *obj, const char *key, bool required, int *rc)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required && !*rc)
			*rc = perr(c, key, "missing%s", NULL);
		return NULL;
	}
	if (!json_is_string(v)) {
		if (!*rc)
			*rc = perr(c, key, "must be a string%s", NULL);
		return NULL;
	}
	return arena_strdup(&c->p->mem, json_string_value(v));
}

static void get_text(struct pctx *c, json_t *obj, const char *key, const char **zh, const char **en, int *rc)
{
	json_t *v = json_object_get(obj, key);
	*zh = *en = NULL;
	if (!v)
		return;
	if (json_is_string(v)) {
		*zh = arena_strdup(&c->p->mem, json_string_value(v));
		return;
	}
	if (!json_is_object(v)) {
		if (!*rc)
			*rc = perr(c, key, "must be an object {\"zh\", \"en\"}%s", NULL);
		return;
	}
	char saved[sizeof c->path];
	memcpy(saved, c->path, sizeof saved);
	snprintf(c->path + strlen(c->path), sizeof c->path - strlen(c->path), ".%s", key);
	*zh = get_str(c, v, "zh", true, rc);
	*en = get_str(c, v, "en", false, rc);
	memcpy(c->path, saved, sizeof saved);
}

static int get_post(struct pctx *c, json_t *params, const char *key, int *out)
{
	json_t *v = json_object_get(params, key);
	if (!json_is_string(v))
		return perr(c, key, "must name a post%s", NULL);
	if ((*out = post_from_id(json_string_value(v))) < 0)
		return perr(c, key, "unknown post '%s'", json_string_value(v));
	return 0;
}

static int get_postset(struct pctx *c, json_t *params, const char *key, bool required, postset *out)
{
	json_t *v = json_object_get(params, key);
	*out = 0;
	if (!v && !required)
		return 0;
	if (!json_is_array(v))
		return perr(c, key, "must be an array of post ids%s", NULL);
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) {
		int p = json_is_string(it) ? post_from_id(json_string_value(it)) : -1;
		if (p < 0) {
			char field[64];
			snprintf(field, sizeof field, "%s[%zu]", key, i);
			return perr(c, field, "unknown post '%s'", json_is_string(it) ? json_string_value(it) : "?");
		}
		*out |= 1u << p;
	}
	return 0;
}

/* A number (whole: a whole number) in lo..hi under key of obj; a refusal names the range. */
static int get_ranged(struct pctx *c, json_t *obj, const char *key, double lo, double hi, bool whole, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!(whole ? json_is_integer(v) : json_is_number(v)) || json_number_value(v) < lo || json_number_value(v) > hi) {
		char range[64];
		snprintf(range, sizeof range, whole ? "%.0f..%.0f" : "%g..%g", lo, hi);
		return perr(c, key, whole ? "must be a whole number in %s" : "must be a number in %s", range);
	}
	*out = json_number_value(v);
	return 0;
}

static int get_int(struct pctx *c, json_t *params, const char *key, int lo, int hi, int *out)
{
	double d;
	int rc = get_ranged(c, params, key, lo, hi, true, &d);
	if (!rc)
		*out = (int)d;
	return rc;
}

/* A parameter {"id": n, ...}: each id one that from_id knows above none, each n a whole number
 * 1..max; shape and needs are the messages for another value and for a bad entry. */
struct by_id {
	const char *key, *shape, *needs;
	int (*from_id)(const char *id);
	int none, max;
};
static const struct by_id operator_hours = {
	"operator_hours", "must be an object {\"operator type\": hours}%s",
	"needs cii_operator, central_state_organ or other, each 1..8760 hours, at '%s'", operator_type_from_id,
	OPERATOR_UNSET, 8760};
static const struct by_id vuln_days = {"days", "must be an object {\"severity\": days}%s",
				       "needs low, medium, high or critical, each 1..3660 days, at '%s'",
				       vuln_severity_from_id, -1, 3660};
static const struct by_id log_days = {
	"days", "must be an object {\"kind of log\": days}%s",
	"needs kinds of log (network_log, server_log, …), each 1..36500 days, at '%s'", log_kind_from_id, -1, 36500};

/* Parameter d of params into out[id] (n entries; 0 where the object names none). */
static int get_by_id(struct pctx *c, json_t *params, const struct by_id *d, int *out, size_t n)
{
	json_t *o = json_object_get(params, d->key), *v;
	const char *key;
	if (!json_is_object(o))
		return perr(c, d->key, d->shape, NULL);
	memset(out, 0, n * sizeof *out);
	json_object_foreach(o, key, v) {
		int i = d->from_id(key);
		if (i <= d->none || !json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > d->max)
			return perr(c, d->key, d->needs, key);
		out[i] = (int)json_integer_value(v);
	}
	return 0;
}

/* min_grade: the least incident grade a rule is about, general or above. */
static int get_min_grade(struct pctx *c, json_t *params, int *out)
{
	json_t *g = json_object_get(params, "min_grade");
	*out = json_is_string(g) ? grade_from_id(json_string_value(g)) : -1;
	if (*out <= GRADE_NONE)
		return perr(c, "min_grade", "must be general, relatively_major, major or especially_major, not '%s'",
			    json_is_string(g) ? json_string_value(g) : "");
	return 0;
}

static int get_bool(struct pctx *c, json_t *params, const char *key, bool dflt, bool *out)
{
	json_t *v = json_object_get(params, key);
	if (!v) {
		*out = dflt;
		return 0;
	}
	if (!json_is_boolean(v))
		return perr(c, key, "must be true or false%s", NULL);
	*out = json_is_true(v);
	return 0;
}

static int get_agreement_kind(struct pctx *c, json_t *params, int *out)
{
	json_t *v = json_object_get(params, "agreement");
	if (!json_is_string(v) || (*out = agreement_kind_from_id(json_string_value(v))) < 0)
		return perr(c, "agreement", "unknown agreement kind '%s'", json_is_string(v) ? json_string_value(v) : "");
	return 0;
}

/* The parameters each kind takes (data/policy/README.md): anything else is a typo that
 * must not silently change a rule's meaning. */
static const char *const param_keys[RK_COUNT][5] = {
	[RK_EXCLUSIVE_POSTS] = {"post", "excludes"},
	[RK_FULL_TIME] = {"post", "strict"},
	[RK_MIN_HOLDERS] = {"posts", "min"},
	[RK_REQUIRED_POST] = {"posts", "per"},
	[RK_BODY_COMPOSITION] = {"body", "seats", "member_posts", "member_department_posts"},
	[RK_SYSTEM_OWNER] = {"owner_department", "posts"},
	[RK_SYSTEM_MLPS] = {"filing_min_level", "assessment_months"},
	[RK_AGREEMENT_IN_FORCE] = {"agreement", "posts"},
	[RK_AGREEMENT_EXPIRING] = {"agreement", "posts", "within_days"},
	[RK_PERSONNEL_RECORD] = {"record", "posts"},
	[RK_NOTICE_DEADLINE] = {"workdays", "lookback_days"},
	[RK_NOTICE_FEEDBACK] = {"workdays", "lookback_days"},
	[RK_INCIDENT_REPORT] = {"hours", "operator_hours", "min_grade", "lookback_days"},
	[RK_INCIDENT_REPEAT] = {"months", "lookback_days"},
	[RK_INCIDENT_OUTAGE] = {"hours", "lookback_days", "important_min_level", "attack_classifications"},
	[RK_INCIDENT_SUMMARY] = {"days", "min_grade"},
	[RK_OBLIGATION_OVERDUE] = {"lookback_days"},
	[RK_HANDOVER] = {"posts", "days", "requires", "lookback_days"},
	[RK_VULNERABILITY_FIX] = {"days", "verify"},
	[RK_EMERGENCY_PLAN] = {"review_months"},
	[RK_REQUIRED_AGREEMENT] = {"agreement", "posts", "everyone", "per_year"},
	[RK_LOG_RETENTION] = {"days"},
	[RK_TRAINING_HOURS] = {"posts", "everyone", "hours"},
	[RK_TRAINING_CERTIFICATE] = {"posts"},
	[RK_PROJECT_SECURITY] = {"budget_percent", "three_sync"},
	[RK_RECTIFICATION_OVERDUE] = {"workdays"},
};

static int check_keys(struct pctx *c, json_t *obj, const char *const *allowed, size_t n)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; i < n && allowed[i] && !ok; i++)
			ok = strcmp(allowed[i], key) == 0;
		if (!ok)
			return perr(c, key, "unknown field%s", NULL);
	}
	return 0;
}

static int parse_params(struct pctx *c, struct rule *r, json_t *params)
{
	int rc = check_keys(c, params, param_keys[r->kind], 5);
	if (rc)
		return rc;
	switch (r->kind) {
	case RK_EXCLUSIVE_POSTS:
		if (!(rc = get_post(c, params, "post", &r->post)))
			rc = get_postset(c, params, "excludes", true, &r->excludes);
		break;
	case RK_FULL_TIME:
		if (!(rc = get_post(c, params, "post", &r->post)))
			rc = get_bool(c, params, "strict", false, &r->strict);
		break;
	case RK_MIN_HOLDERS:
		if (!(rc = get_postset(c, params, "posts", true, &r->posts)))
			rc = get_int(c, params, "min", 1, 1000, &r->min);
		break;
	case RK_REQUIRED_POST: {
		json_t *per = json_object_get(params, "per");
		const char *s = json_is_string(per) ? json_string_value(per) : "";
		r->min = 1;
		if (strcmp(s, "org") && strcmp(s, "department"))
			return perr(c, "per", "must be \"org\" or \"department\", not '%s'", s);
		r->per_department = strcmp(s, "department") == 0;
		rc = get_postset(c, params, "posts", true, &r->posts);
		break;
	}
	case RK_BODY_COMPOSITION: {
		json_t *b = json_object_get(params, "body");
		r->body_kind = json_is_string(b) ? body_kind_from_id(json_string_value(b)) : -1;
		if (r->body_kind < 0)
			return perr(c, "body", "unknown body kind '%s'", json_is_string(b) ? json_string_value(b) : "");
		json_t *seats = json_object_get(params, "seats"), *it;
		size_t i;
		if (seats && !json_is_array(seats))
			return perr(c, "seats", "must be an array of seats%s", NULL);
		json_array_foreach(seats, i, it) {
			int s = json_is_string(it) ? seat_from_id(json_string_value(it)) : -1;
			if (s < 0)
				return perr(c, "seats", "unknown seat '%s'", json_is_string(it) ? json_string_value(it) : "");
			r->seats |= (uint8_t)(1u << s);
		}
		if (!(rc = get_postset(c, params, "member_posts", false, &r->member_posts)))
			rc = get_postset(c, params, "member_department_posts", false, &r->member_department_posts);
		break;
	}
	case RK_SYSTEM_OWNER:
		if (!(rc = get_bool(c, params, "owner_department", true, &r->owner_department)))
			rc = get_postset(c, params, "posts", false, &r->posts);
		break;
	case RK_SYSTEM_MLPS: {
		if ((rc = get_int(c, params, "filing_min_level", 1, 5, &r->filing_min_level)))
			break;
		json_t *am = json_object_get(params, "assessment_months"), *v;
		const char *key;
		if (am && !json_is_object(am))
			return perr(c, "assessment_months", "must be an object {\"level\": months}%s", NULL);
		json_object_foreach(am, key, v) {
			int level = (int)strtol(key, NULL, 10);
			if (level < 1 || level > 5 || !json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > 120)
				return perr(c, "assessment_months", "needs levels 1..5 and months 1..120, at '%s'", key);
			r->assessment_months[level] = (int)json_integer_value(v);
		}
		break;
	}
	case RK_AGREEMENT_IN_FORCE:
	case RK_AGREEMENT_EXPIRING:
		if ((rc = get_agreement_kind(c, params, &r->agreement_kind)) ||
		    (rc = get_postset(c, params, "posts", true, &r->posts)))
			break;
		if (r->kind == RK_AGREEMENT_EXPIRING)
			rc = get_int(c, params, "within_days", 1, 3660, &r->within_days);
		break;
	case RK_REQUIRED_AGREEMENT:
		if ((rc = get_agreement_kind(c, params, &r->agreement_kind)) ||
		    (rc = get_bool(c, params, "everyone", false, &r->everyone)) ||
		    (rc = get_bool(c, params, "per_year", false, &r->per_year)))
			break;
		if (r->everyone && json_object_get(params, "posts"))
			return perr(c, "posts", "goes with everyone: false only (everyone names every person)%s", NULL);
		if (!r->everyone)
			rc = get_postset(c, params, "posts", true, &r->posts);
		break;
	case RK_NOTICE_DEADLINE:
	case RK_NOTICE_FEEDBACK:
		r->lookback_days = 0;
		if (!(rc = get_int(c, params, "workdays", 1, 365, &r->workdays)) && json_object_get(params, "lookback_days"))
			rc = get_int(c, params, "lookback_days", 1, 3660, &r->lookback_days);
		break;
	case RK_INCIDENT_REPORT:
		r->hours = 0;
		memset(r->operator_hours, 0, sizeof r->operator_hours);
		r->min_grade = GRADE_NONE;
		if (json_object_get(params, "hours") && (rc = get_int(c, params, "hours", 1, 8760, &r->hours)))
			break;
		if (json_object_get(params, "operator_hours") &&
		    (rc = get_by_id(c, params, &operator_hours, r->operator_hours, OPERATOR_COUNT)))
			break;
		for (int t = OPERATOR_UNSET + 1; t < OPERATOR_COUNT && !r->hours; t++)
			if (!r->operator_hours[t])
				return perr(c, "hours", "missing (needed unless operator_hours gives every operator type)%s", NULL);
		if (!(json_object_get(params, "min_grade") && (rc = get_min_grade(c, params, &r->min_grade))))
			rc = get_int(c, params, "lookback_days", 1, 3660, &r->lookback_days);
		break;
	case RK_INCIDENT_REPEAT:
		if (!(rc = get_int(c, params, "months", 1, 120, &r->months)))
			rc = get_int(c, params, "lookback_days", 1, 3660, &r->lookback_days);
		break;
	case RK_INCIDENT_OUTAGE: {
		if ((rc = get_int(c, params, "hours", 1, 8760, &r->hours)) ||
		    (rc = get_int(c, params, "lookback_days", 1, 3660, &r->lookback_days)))
			break;
		r->important_min_level = 0;
		if (json_object_get(params, "important_min_level") &&
		    (rc = get_int(c, params, "important_min_level", 1, 5, &r->important_min_level)))
			break;
		json_t *ac = json_object_get(params, "attack_classifications"), *it;
		size_t i;
		if (ac && !json_is_array(ac))
			return perr(c, "attack_classifications", "must be an array of classification ids%s", NULL);
		const char **list = arena_alloc(&c->p->mem, (json_array_size(ac) + 1) * sizeof *list);
		if (!list)
			return zerr_set(c->e, ZE_NOMEM, "out of memory");
		json_array_foreach(ac, i, it) {
			if (!json_is_string(it))
				return perr(c, "attack_classifications", "must be an array of classification ids%s", NULL);
			list[i] = arena_strdup(&c->p->mem, json_string_value(it));
		}
		list[json_array_size(ac)] = NULL;
		r->attack_classes = list;
		break;
	}
	case RK_INCIDENT_SUMMARY:
		if (!(rc = get_min_grade(c, params, &r->min_grade)))
			rc = get_int(c, params, "days", 1, 3660, &r->days);
		break;
	case RK_OBLIGATION_OVERDUE:
		rc = get_int(c, params, "lookback_days", 1, 3660, &r->lookback_days);
		break;
	case RK_EMERGENCY_PLAN:
		rc = get_int(c, params, "review_months", 1, 120, &r->months);
		break;
	case RK_PROJECT_SECURITY:
		if (!(rc = get_int(c, params, "budget_percent", 0, 100, &r->budget_percent)))
			rc = get_bool(c, params, "three_sync", true, &r->three_sync);
		break;
	case RK_RECTIFICATION_OVERDUE:
		rc = get_int(c, params, "workdays", 1, 365, &r->workdays);
		break;
	case RK_VULNERABILITY_FIX:
		if (!(rc = get_by_id(c, params, &vuln_days, r->vuln_days, VSEV_COUNT)))
			rc = get_bool(c, params, "verify", false, &r->verify);
		break;
	case RK_HANDOVER: {
		if ((rc = get_postset(c, params, "posts", true, &r->posts)) ||
		    (rc = get_int(c, params, "days", 1, 366, &r->days)) ||
		    (rc = get_int(c, params, "lookback_days", 1, 3660, &r->lookback_days)))
			break;
		json_t *req = json_object_get(params, "requires"), *it;
		size_t i;
		r->handover_requires = 0;
		if (req && !json_is_array(req))
			return perr(c, "requires", "must be an array of checklist items%s", NULL);
		json_array_foreach(req, i, it) {
			int k = -1;
			for (int x = 0; x < HO_ITEM_COUNT && json_is_string(it); x++)
				if (strcmp(handover_items[x][0], json_string_value(it)) == 0)
					k = x;
			if (k < 0)
				return perr(c, "requires",
					    "unknown checklist item '%s' (accounts_closed, materials_returned, passwords_changed, successor)",
					    json_is_string(it) ? json_string_value(it) : "");
			r->handover_requires |= (uint8_t)(1u << k);
		}
		break;
	}
	case RK_LOG_RETENTION:
		rc = get_by_id(c, params, &log_days, r->log_days, LOGK_COUNT);
		break;
	case RK_TRAINING_HOURS:
		if ((rc = get_bool(c, params, "everyone", false, &r->everyone)) ||
		    (rc = get_postset(c, params, "posts", !r->everyone, &r->posts)))
			break;
		rc = get_int(c, params, "hours", 1, 1000, &r->hours);
		break;
	case RK_TRAINING_CERTIFICATE:
		rc = get_postset(c, params, "posts", true, &r->posts);
		break;
	case RK_PERSONNEL_RECORD: {
		json_t *rec = json_object_get(params, "record");
		if (!json_is_string(rec) || strcmp(json_string_value(rec), "background_check"))
			return perr(c, "record", "the only record kind is \"background_check\"%s", NULL);
		rc = get_postset(c, params, "posts", true, &r->posts);
		break;
	}
	}
	return rc;
}

static int get_date_field(struct pctx *c, json_t *obj, const char *key, zdate open, zdate *out)
{
	json_t *v = json_object_get(obj, key);
	*out = open;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out))
		return perr(c, key, "must be a date YYYY-MM-DD or null%s", NULL);
	return 0;
}

/* "in_force": {"from": D | null, "to": D | null}, the days [from, to); absent: always. */
static int get_in_force(struct pctx *c, json_t *obj, zdate *from, zdate *to)
{
	static const char *const keys[] = {"from", "to"};
	json_t *v = json_object_get(obj, "in_force");
	*from = ZDATE_MIN;
	*to = ZDATE_MAX;
	if (!v || json_is_null(v))
		return 0;
	size_t base = strlen(c->path);
	snprintf(c->path + base, sizeof c->path - base, ".in_force");
	int rc = json_is_object(v) ? check_keys(c, v, keys, 2) : perr(c, NULL, "must be an object {from, to}%s", NULL);
	if (!rc && !(rc = get_date_field(c, v, "from", ZDATE_MIN, from)) &&
	    !(rc = get_date_field(c, v, "to", ZDATE_MAX, to)) && *to <= *from)
		rc = perr(c, "to", "must be after from%s", NULL);
	c->path[base] = '\0';
	return rc;
}

static int parse_citations(struct pctx *c, const struct citation **cites_out, int *n_out, json_t *cites)
{
	if (!json_is_array(cites) || json_array_size(cites) == 0)
		return perr(c, "citations", "every rule must cite at least one clause%s", NULL);
	size_t n = json_array_size(cites);
	struct citation *out = arena_alloc(&c->p->mem, n * sizeof *out);
	if (!out)
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	size_t base = strlen(c->path);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *ci = element(c, cites, i, base, "citations", &rc);
		if (!ci)
			break;
		out[i].document = get_str(c, ci, "document", true, &rc);
		out[i].clause = get_str(c, ci, "clause", true, &rc);
		out[i].text = get_str(c, ci, "text", false, &rc);
		out[i].note = get_str(c, ci, "note", false, &rc);
		if (!rc)
			rc = get_in_force(c, ci, &out[i].from, &out[i].to);
	}
	c->path[base] = '\0';
	*cites_out = out;
	*n_out = (int)n;
	return rc;
}

/* Where a drafted rule came from (`zeren policy draft`): the document, the clause and the exact
 * sentence, kept for the person who reviews the draft. The engine does not read it. */
static int check_source(struct pctx *c, json_t *obj)
{
	json_t *src = json_object_get(obj, "source");
	static const char *const keys[] = {"document", "clause", "text"};
	if (!src)
		return 0;
	if (!json_is_object(src))
		return perr(c, "source", "must be an object {document, clause, text}%s", NULL);
	size_t base = strlen(c->path);
	snprintf(c->path + base, sizeof c->path - base, ".source");
	int rc = check_keys(c, src, keys, 3);
	for (int i = 0; i < 3 && !rc; i++)
		if (!json_is_string(json_object_get(src, keys[i])))
			rc = perr(c, keys[i], "must be a string%s", NULL);
	c->path[base] = '\0';
	return rc;
}

/* The review list of a draft: sentences the drafter could not make a rule of, for a person. */
static int check_review(struct pctx *c, json_t *root)
{
	json_t *rv = json_object_get(root, "review"), *it;
	static const char *const keys[] = {"clause", "text", "reason", "proposed_kind", "params", "note"};
	size_t i;
	if (!rv)
		return 0;
	if (!json_is_array(rv))
		return perr(c, "review", "must be an array%s", NULL);
	json_array_foreach(rv, i, it) {
		snprintf(c->path, sizeof c->path, "$.review[%zu]", i);
		if (!json_is_object(it))
			return perr(c, NULL, "must be an object%s", NULL);
		int rc = check_keys(c, it, keys, sizeof keys / sizeof keys[0]);
		for (int k = 0; k < 3 && !rc; k++)
			if (!json_is_string(json_object_get(it, keys[k])))
				rc = perr(c, keys[k], "must be a string%s", NULL);
		if (!rc && json_object_get(it, "params") && !json_is_object(json_object_get(it, "params")))
			rc = perr(c, "params", "must be an object%s", NULL);
		if (rc)
			return rc;
	}
	snprintf(c->path, sizeof c->path, "$");
	return 0;
}

/* "versions": [{"in_force": {from, to}, "params": {...}, "citations": [...]}]: the rule with
 * these parameters (merged over the rule's own) and citations (else the rule's) on those days.
 * Versions may not overlap. */
static int parse_versions(struct pctx *c, struct rule *r, json_t *params, json_t *jv)
{
	static const char *const keys[] = {"in_force", "params", "citations"};
	if (!jv || json_is_null(jv))
		return 0;
	if (!json_is_array(jv) || !json_array_size(jv))
		return perr(c, "versions", "must be a non-empty array%s", NULL);
	size_t n = json_array_size(jv), base = strlen(c->path);
	struct rule *v = arena_alloc(&c->p->mem, n * sizeof *v);
	if (!v)
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *jo = element(c, jv, i, base, "versions", &rc);
		if (!jo)
			break;
		if ((rc = check_keys(c, jo, keys, 3)))
			break;
		v[i] = *r;
		v[i].versions = NULL;
		v[i].nversions = 0;
		v[i].base = r;
		if (!json_object_get(jo, "in_force")) {
			rc = perr(c, "in_force", "missing%s", NULL);
			break;
		}
		if ((rc = get_in_force(c, jo, &v[i].from, &v[i].to)))
			break;
		for (size_t j = 0; j < i && !rc; j++)
			if (v[j].from < v[i].to && v[i].from < v[j].to)
				rc = perr(c, "in_force", "overlaps an earlier version%s", NULL);
		if (!rc && json_object_get(jo, "citations"))
			rc = parse_citations(c, &v[i].citations, &v[i].ncitations, json_object_get(jo, "citations"));
		json_t *vp = json_object_get(jo, "params");
		if (rc || !vp)
			continue;
		json_t *merged = json_copy(params);
		if (!merged || !json_is_object(vp) || json_object_update(merged, vp)) {
			json_decref(merged);
			rc = json_is_object(vp) ? zerr_set(c->e, ZE_NOMEM, "out of memory")
						: perr(c, "params", "must be an object%s", NULL);
			break;
		}
		size_t here = strlen(c->path);
		snprintf(c->path + here, sizeof c->path - here, ".params");
		rc = parse_params(c, &v[i], merged);
		c->path[here] = '\0';
		json_decref(merged);
	}
	c->path[base] = '\0';
	r->versions = v;
	r->nversions = (int)n;
	return rc;
}

zdate rule_first_day(const struct rule *r)
{
	zdate first = r->from;
	for (int i = 0; i < r->nversions; i++)
		if (r->versions[i].from < first)
			first = r->versions[i].from;
	return first;
}

const struct rule *rule_at(const struct rule *r, zdate d)
{
	for (int i = 0; i < r->nversions; i++)
		if (r->versions[i].from <= d && d < r->versions[i].to)
			return &r->versions[i];
	return r->from <= d && d < r->to ? r : NULL;
}

bool rule_kind_about_events(int kind)
{
	return kind == RK_NOTICE_DEADLINE || kind == RK_NOTICE_FEEDBACK || kind == RK_INCIDENT_REPORT ||
	       kind == RK_INCIDENT_REPEAT || kind == RK_INCIDENT_OUTAGE || kind == RK_INCIDENT_SUMMARY;
}

/* v, a version of r, cut to the days [from, to); false when none is left. */
static bool clip_version(struct rule *v, const struct rule *r, zdate from, zdate to)
{
	v->from = v->from > from ? v->from : from;
	v->to = v->to < to ? v->to : to;
	v->versions = NULL;
	v->nversions = 0;
	v->base = r;
	return v->from < v->to;
}

int policy_follow(struct policy *p, const struct policy *before, zdate from, struct zerr *e)
{
	for (int i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];
		if (!rule_kind_about_events(r->kind))
			continue;
		const struct rule *b = policy_rule(before, r->id);
		if (b && b->kind != r->kind)
			b = NULL;
		size_t cap = (size_t)r->nversions + (b ? (size_t)b->nversions + 1 : 0);
		struct rule *v = cap ? arena_alloc(&p->mem, cap * sizeof *v) : NULL;
		if (cap && !v)
			return zerr_set(e, ZE_NOMEM, "out of memory");
		int n = 0;
		/* Its own versions from `from` on (earlier days were given by a previous call); then
		 * before's, its versions ahead of the rule itself as rule_at takes them. */
		for (int k = 0; k < r->nversions; k++) {
			v[n] = r->versions[k];
			n += clip_version(&v[n], r, from, ZDATE_MAX);
		}
		for (int k = 0; b && k < b->nversions; k++) {
			v[n] = b->versions[k];
			n += clip_version(&v[n], r, ZDATE_MIN, from);
		}
		if (b) {
			v[n] = *b;
			n += clip_version(&v[n], r, ZDATE_MIN, from);
		}
		if (r->from < from)
			r->from = r->to < from ? r->to : from;
		r->versions = n ? v : NULL;
		r->nversions = n;
	}
	for (int i = 0; i < p->nobligations; i++) {
		const struct obligation_def *b = policy_obligation(before, p->obligations[i].id);
		p->obligations[i].from = b ? b->from : from;
	}
	return 0;
}

static int parse_rule(struct pctx *c, struct rule *r, json_t *jr)
{
	int rc = 0;
	static const char *const rule_keys[] = {"id",	    "kind",	"severity", "title",    "description",
						"params", "citations", "in_force", "versions", "source"};
	if (!json_is_object(jr))
		return perr(c, NULL, "a rule must be an object%s", NULL);
	if ((rc = check_keys(c, jr, rule_keys, sizeof rule_keys / sizeof rule_keys[0])))
		return rc;
	if ((rc = check_source(c, jr)))
		return rc;
	r->id = get_str(c, jr, "id", true, &rc);
	const char *kind = get_str(c, jr, "kind", true, &rc);
	const char *sev = get_str(c, jr, "severity", true, &rc);
	get_text(c, jr, "title", &r->title_zh, &r->title_en, &rc);
	if (rc)
		return rc;
	if ((rc = choose(c, "kind", kind_ids, RK_COUNT, kind, "unknown rule kind '%s'", &r->kind)) ||
	    (rc = choose(c, "severity", sev_ids, SEV_COUNT, sev, "must be error, warning or info, not '%s'", &r->severity)))
		return rc;
	if (!r->title_zh)
		return perr(c, "title", "missing%s", NULL);
	r->post = POST_NONE;
	if ((rc = parse_citations(c, &r->citations, &r->ncitations, json_object_get(jr, "citations"))))
		return rc;
	json_t *params = json_object_get(jr, "params");
	if (!json_is_object(params))
		return perr(c, "params", "must be an object%s", NULL);
	size_t base = strlen(c->path);
	snprintf(c->path + base, sizeof c->path - base, ".params");
	rc = parse_params(c, r, params);
	c->path[base] = '\0';
	if (rc || (rc = get_in_force(c, jr, &r->from, &r->to)))
		return rc;
	return parse_versions(c, r, params, json_object_get(jr, "versions"));
}

static const char *const period_ids[] = {"year", "half", "quarter", "month", "week", "day"};

static int parse_obligation(struct pctx *c, struct obligation_def *o, json_t *jo)
{
	static const char *const keys[] = {"id", "title", "owner", "rrule", "period", "due", "evidence", "citations", "source",
					   "remind", "done_by"};
	int rc = 0;
	o->from = ZDATE_MIN;
	if (!json_is_object(jo))
		return perr(c, NULL, "an obligation must be an object%s", NULL);
	if ((rc = check_keys(c, jo, keys, sizeof keys / sizeof keys[0])) || (rc = check_source(c, jo)))
		return rc;
	o->id = get_str(c, jo, "id", true, &rc);
	get_text(c, jo, "title", &o->title_zh, &o->title_en, &rc);
	o->evidence = get_str(c, jo, "evidence", false, &rc);
	const char *rrule = get_str(c, jo, "rrule", true, &rc);
	const char *period = get_str(c, jo, "period", true, &rc);
	if (rc)
		return rc;
	if (!o->title_zh)
		return perr(c, "title", "missing%s", NULL);
	int pk = strlist_index(period_ids, (int)(sizeof period_ids / sizeof period_ids[0]), period);
	if (pk < 0)
		return perr(c, "period", "must be year, half, quarter, month, week or day, not '%s'", period);
	/* owner: "org", "each_department", {"post": P} or {"body": K} */
	json_t *owner = json_object_get(jo, "owner");
	o->owner_post = o->owner_body = -1;
	if (json_is_string(owner) && !strcmp(json_string_value(owner), "org")) {
		o->owner_kind = OWNER_ORG;
	} else if (json_is_string(owner) && !strcmp(json_string_value(owner), "each_department")) {
		o->owner_kind = OWNER_EACH_DEPARTMENT;
	} else if (json_is_object(owner) && json_object_get(owner, "post")) {
		o->owner_kind = OWNER_POST;
		if ((rc = get_post(c, owner, "post", &o->owner_post)))
			return rc;
	} else if (json_is_object(owner) && json_is_string(json_object_get(owner, "body")) &&
		   (o->owner_body = body_kind_from_id(json_string_value(json_object_get(owner, "body")))) >= 0) {
		o->owner_kind = OWNER_BODY;
	} else {
		return perr(c, "owner", "must be \"org\", \"each_department\", {\"post\": P} or {\"body\": KIND}%s", NULL);
	}
	/* done_by: "training_department" — a department's own training session does its occurrence */
	const char *done_by = get_str(c, jo, "done_by", false, &rc);
	if (rc)
		return rc;
	if (done_by && strcmp(done_by, "training_department") != 0)
		return perr(c, "done_by", "must be \"training_department\", not '%s'", done_by);
	if (done_by && o->owner_kind != OWNER_EACH_DEPARTMENT)
		return perr(c, "done_by", "\"training_department\" needs the owner \"each_department\"%s", NULL);
	o->done_by = done_by ? DONE_BY_TRAINING_DEPARTMENT : DONE_BY_RECORD;
	struct recur_due due = {0};
	json_t *jd = json_object_get(jo, "due");
	if (jd && !json_is_object(jd))
		return perr(c, "due", "must be an object {\"days\"|\"workdays\"|\"day_of_next\": N}%s", NULL);
	if (json_object_get(jd, "days"))
		rc = get_int(c, jd, "days", -1000, 1000, &due.days);
	if (!rc && json_object_get(jd, "workdays"))
		rc = get_int(c, jd, "workdays", 1, 1000, &due.workdays);
	if (!rc && json_object_get(jd, "day_of_next"))
		rc = get_int(c, jd, "day_of_next", 1, 31, &due.day_of_next);
	if (rc)
		return rc;
	/* remind: [3, 1] — working days before the due day, each from 0 to 60, largest first. */
	json_t *jr = json_object_get(jo, "remind"), *v;
	size_t i;
	if (jr && (!json_is_array(jr) || json_array_size(jr) < 1 || json_array_size(jr) > OBLIGATION_REMIND_MAX))
		return perr(c, "remind", "must be a list of 1 to 4 numbers of working days, e.g. [3, 1]%s", NULL);
	json_array_foreach(jr, i, v) {
		json_int_t n = json_is_integer(v) ? json_integer_value(v) : -1;
		if (n < 0 || n > 60 || (i > 0 && n >= o->remind[i - 1]))
			return perr(c, "remind", "must be working days from 60 down to 0, largest first, each once%s", NULL);
		o->remind[o->nremind++] = (int)n;
	}
	struct zerr re = {0};
	if (recur_parse(rrule, (enum recur_period)pk, due, &o->rule, &re))
		return perr(c, "rrule", "%s", re.msg);
	return parse_citations(c, &o->citations, &o->ncitations, json_object_get(jo, "citations"));
}

/* "removes": {"rules": [id…], "obligations": [id…]}: what a policy that extends another drops. */
static int parse_removes_list(struct pctx *c, json_t *arr, const char *key, const char ***out, int *n)
{
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return perr(c, key, "must be an array of ids%s", NULL);
	size_t len = json_array_size(arr);
	if (!(*out = arena_alloc(&c->p->mem, (len ? len : 1) * sizeof **out)))
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	for (size_t i = 0; i < len; i++) {
		json_t *v = json_array_get(arr, i);
		char field[64];
		snprintf(field, sizeof field, "%s[%zu]", key, i);
		if (!json_is_string(v))
			return perr(c, field, "must be a string%s", NULL);
		if (!((*out)[i] = arena_strdup(&c->p->mem, json_string_value(v))))
			return zerr_set(c->e, ZE_NOMEM, "out of memory");
	}
	*n = (int)len;
	return 0;
}

static int parse_removes(struct pctx *c, json_t *root)
{
	json_t *r = json_object_get(root, "removes");
	if (!r)
		return 0;
	snprintf(c->path, sizeof c->path, "$.removes");
	static const char *const keys[] = {"rules", "obligations"};
	int rc;
	if (!json_is_object(r))
		return perr(c, NULL, "must be an object {\"rules\": [...], \"obligations\": [...]}%s", NULL);
	if (!c->p->extends)
		return perr(c, NULL, "only a policy that extends another can remove its rules%s", NULL);
	if ((rc = check_keys(c, r, keys, 2)) ||
	    (rc = parse_removes_list(c, json_object_get(r, "rules"), "rules", &c->p->removes_rules,
				     &c->p->nremoves_rules)))
		return rc;
	return parse_removes_list(c, json_object_get(r, "obligations"), "obligations", &c->p->removes_obligations,
				  &c->p->nremoves_obligations);
}

static bool removed(const char *const *ids, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

/* Into out (room for nbase + nover): base's items, each replaced by over's of its id and left out
 * when over removes it, then over's items of new ids. Items begin with their id (a const char *)
 * and are size bytes. Returns how many were written. */
static int merge_by_id(void *out, const void *base, int nbase, const void *over, int nover, size_t size,
		       const char *const *removes, int nremoves)
{
	char *to = out;
	int n = 0;
	for (int i = 0; i < nbase; i++) {
		const void *b = (const char *)base + (size_t)i * size;
		const char *id = *(const char *const *)b;
		const void *o = strlist_row(over, (size_t)nover, size, id);
		if (!o && removed(removes, nremoves, id))
			continue;
		memcpy(to + (size_t)n++ * size, o ? o : b, size);
	}
	for (int i = 0; i < nover; i++) {
		const void *o = (const char *)over + (size_t)i * size;
		if (!strlist_row(base, (size_t)nbase, size, *(const char *const *)o))
			memcpy(to + (size_t)n++ * size, o, size);
	}
	return n;
}

static int parse_obligations(struct pctx *c, json_t *root)
{
	json_t *arr = json_object_get(root, "obligations");
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return perr(c, "obligations", "must be an array%s", NULL);
	size_t n = json_array_size(arr);
	c->p->obligations = calloc(n ? n : 1, sizeof *c->p->obligations);
	if (!c->p->obligations)
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		snprintf(c->path, sizeof c->path, "$.obligations[%zu]", i);
		int rc = parse_obligation(c, &c->p->obligations[i], json_array_get(arr, i));
		if (rc)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->p->obligations[j].id, c->p->obligations[i].id))
				return perr(c, "id", "duplicate obligation id '%s'", c->p->obligations[i].id);
		c->p->nobligations++;
	}
	return 0;
}

const struct obligation_def *policy_obligation(const struct policy *p, const char *id)
{
	for (int i = 0; i < p->nobligations; i++)
		if (!strcmp(p->obligations[i].id, id))
			return &p->obligations[i];
	return NULL;
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	free(p->rules);
	free(p->obligations);
	arena_release(&p->mem);
	free(p);
}

/* --- The evaluation section (考核指标) --- */

static const char *const measure_ids[MO_COUNT] = {"findings",	    "duties_overdue",	  "duties_on_time",
						  "notices_late",   "incidents_late",	  "incidents_repeat",
						  "incidents"};
static const char *const applies_ids[IA_COUNT] = {"department", "unit", "supervised_unit"};
static const char *const scoring_ids[IS_COUNT] = {"auto", "manual", "veto", "group"};

const char *measure_of_id(int of) { return of >= 0 && of < MO_COUNT ? measure_ids[of] : "?"; }
const char *indicator_applies_id(int a) { return a >= 0 && a < IA_COUNT ? applies_ids[a] : "?"; }
const char *indicator_scoring_id(int s) { return s >= 0 && s < IS_COUNT ? scoring_ids[s] : "?"; }

#define INDICATORS_MAX 200
#define MARKS_MAX 1000.0

static int get_number(struct pctx *c, json_t *obj, const char *key, double lo, double hi, double *out)
{
	return get_ranged(c, obj, key, lo, hi, false, out);
}

/* A list of ids (rules or obligations) a measure names. */
static int get_ids(struct pctx *c, json_t *obj, const char *key, const char ***out, int *n)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > MEASURE_IDS_MAX)
		return perr(c, key, "must be an array of at most 32 ids%s", NULL);
	const char **ids = arena_alloc(&c->p->mem, (json_array_size(v) + 1) * sizeof *ids);
	if (!ids)
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) {
		if (!json_is_string(it))
			return perr(c, key, "must be an array of strings%s", NULL);
		if (!(ids[i] = arena_strdup(&c->p->mem, json_string_value(it))))
			return zerr_set(c->e, ZE_NOMEM, "out of memory");
	}
	*out = ids;
	*n = (int)i;
	return 0;
}

static int parse_measure(struct pctx *c, struct measure *m, json_t *jm)
{
	static const char *const keys[] = {"of", "rules", "obligations", "severity", "per", "min_grade", "points", "max"};
	int rc = 0;
	if (!json_is_object(jm))
		return perr(c, NULL, "must be an object {of, points, …}%s", NULL);
	if ((rc = check_keys(c, jm, keys, sizeof keys / sizeof keys[0])))
		return rc;
	const char *of = get_str(c, jm, "of", true, &rc);
	if (rc)
		return rc;
	if ((m->of = strlist_index(measure_ids, MO_COUNT, of)) < 0)
		return perr(c, "of", "unknown measure '%s'", of);
	m->severity = SEV_ERROR;
	m->min_grade = GRADE_MAJOR;
	if (m->of == MO_FINDINGS || m->of == MO_INCIDENTS_REPEAT) {
		if ((rc = get_ids(c, jm, "rules", &m->ids, &m->nids)))
			return rc;
		if (!m->nids)
			return perr(c, "rules", "name at least one rule%s", NULL);
	} else if (json_object_get(jm, "rules")) {
		return perr(c, "rules", "only for findings and incidents_repeat%s", NULL);
	}
	if (m->of == MO_DUTIES_OVERDUE || m->of == MO_DUTIES_ON_TIME) {
		if ((rc = get_ids(c, jm, "obligations", &m->ids, &m->nids)))
			return rc;
	} else if (json_object_get(jm, "obligations")) {
		return perr(c, "obligations", "only for duties_overdue and duties_on_time%s", NULL);
	}
	const char *sev = get_str(c, jm, "severity", false, &rc);
	const char *per = get_str(c, jm, "per", false, &rc);
	const char *grade = get_str(c, jm, "min_grade", false, &rc);
	if (rc)
		return rc;
	if (sev && (m->of != MO_FINDINGS || (m->severity = strlist_index(sev_ids, SEV_COUNT, sev)) < 0))
		return perr(c, "severity", "error, warning or info, and only for findings (not '%s')", sev);
	if (per && strcmp(per, "item") && (m->of != MO_FINDINGS || strcmp(per, "day")))
		return perr(c, "per", "must be \"item\", or \"day\" for findings (not '%s')", per);
	m->per_day = per && !strcmp(per, "day");
	if (grade && (m->of != MO_INCIDENTS || (m->min_grade = grade_from_id(grade)) <= GRADE_NONE))
		return perr(c, "min_grade", "an incident grade, and only for incidents (not '%s')", grade);
	if (m->of != MO_INCIDENTS && (rc = get_number(c, jm, "points", 0, MARKS_MAX, &m->points)))
		return rc;
	if (json_object_get(jm, "max") && (rc = get_number(c, jm, "max", 0, MARKS_MAX, &m->max)))
		return rc;
	return 0;
}

static int parse_measures(struct pctx *c, json_t *ji, const char *key, struct measure **out, int *n)
{
	json_t *arr = json_object_get(ji, key);
	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > MEASURE_IDS_MAX)
		return perr(c, key, "must be an array of at most 32 measures%s", NULL);
	size_t k = json_array_size(arr), base = strlen(c->path);
	struct measure *m = arena_alloc(&c->p->mem, (k + 1) * sizeof *m);
	if (!m)
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	memset(m, 0, (k + 1) * sizeof *m);
	int rc = 0;
	for (size_t i = 0; i < k && !rc; i++) {
		snprintf(c->path + base, sizeof c->path - base, ".%s[%zu]", key, i);
		if (!(rc = parse_measure(c, &m[i], json_array_get(arr, i))) && m[i].of == MO_INCIDENTS)
			rc = perr(c, "of", "incidents is a veto measure%s", NULL);
	}
	c->path[base] = '\0';
	*out = m;
	*n = (int)k;
	return rc;
}

static int parse_indicator(struct pctx *c, struct evaluation_def *d, json_t *ji, int parent)
{
	static const char *const group_keys[] = {"id", "title", "children"};
	static const char *const keys[] = {"id",    "title",  "marks", "applies_to", "scoring",
					   "deduct", "award", "veto",  "guide",      "citations"};
	int rc = 0;
	if (!json_is_object(ji))
		return perr(c, NULL, "an indicator must be an object%s", NULL);
	if (d->n >= INDICATORS_MAX)
		return perr(c, NULL, "more than 200 indicators%s", NULL);
	struct indicator *x = &d->v[d->n];
	memset(x, 0, sizeof *x);
	x->parent = parent;
	bool group = parent < 0;
	if ((rc = check_keys(c, ji, group ? group_keys : keys, group ? 3 : sizeof keys / sizeof keys[0])))
		return rc;
	x->id = get_str(c, ji, "id", true, &rc);
	get_text(c, ji, "title", &x->title_zh, &x->title_en, &rc);
	if (rc)
		return rc;
	if (!x->title_zh)
		return perr(c, "title", "missing%s", NULL);
	for (int i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].id, x->id))
			return perr(c, "id", "duplicate indicator id '%s'", x->id);
	int self = d->n++;
	if (group) {
		x->scoring = IS_GROUP;
		x->applies = -1;
		json_t *kids = json_object_get(ji, "children");
		if (!json_is_array(kids) || !json_array_size(kids))
			return perr(c, "children", "a 一级 indicator must have an array of 二级 indicators%s", NULL);
		size_t base = strlen(c->path);
		for (size_t i = 0; i < json_array_size(kids) && !rc; i++) {
			snprintf(c->path + base, sizeof c->path - base, ".children[%zu]", i);
			rc = parse_indicator(c, d, json_array_get(kids, i), self);
			if (!rc)
				d->v[self].marks += d->v[d->n - 1].marks;
		}
		c->path[base] = '\0';
		return rc;
	}
	const char *scoring = get_str(c, ji, "scoring", true, &rc);
	const char *applies = get_str(c, ji, "applies_to", true, &rc);
	x->guide_zh = get_str(c, ji, "guide", false, &rc);
	if (rc)
		return rc;
	if ((rc = choose(c, "scoring", scoring_ids, IS_GROUP, scoring, "must be auto, manual or veto, not '%s'",
			 &x->scoring)) ||
	    (rc = choose(c, "applies_to", applies_ids, IA_COUNT, applies,
			 "must be department, unit or supervised_unit, not '%s'", &x->applies)))
		return rc;
	if (x->scoring == IS_VETO) {
		if (json_object_get(ji, "marks") || json_object_get(ji, "deduct") || json_object_get(ji, "award"))
			return perr(c, "marks", "a veto item has no marks, deduct or award%s", NULL);
		size_t base = strlen(c->path);
		snprintf(c->path + base, sizeof c->path - base, ".veto");
		rc = parse_measure(c, &x->veto, json_object_get(ji, "veto"));
		c->path[base] = '\0';
		if (!rc && x->veto.of != MO_INCIDENTS && x->veto.of != MO_FINDINGS)
			rc = perr(c, "veto", "a veto counts incidents or findings%s", NULL);
	} else {
		if (json_object_get(ji, "veto"))
			return perr(c, "veto", "only for scoring \"veto\"%s", NULL);
		if ((rc = get_number(c, ji, "marks", 0, MARKS_MAX, &x->marks)))
			return rc;
		if (x->scoring == IS_MANUAL && (json_object_get(ji, "deduct") || json_object_get(ji, "award")))
			return perr(c, "deduct", "a manual item is scored by hand%s", NULL);
		if ((rc = parse_measures(c, ji, "deduct", &x->deduct, &x->ndeduct)) ||
		    (rc = parse_measures(c, ji, "award", &x->award, &x->naward)))
			return rc;
		if (x->scoring == IS_AUTO && !x->ndeduct && !x->naward)
			return perr(c, "deduct", "an automatic item deducts or awards something%s", NULL);
	}
	if (rc)
		return rc;
	return parse_citations(c, &x->citations, &x->ncitations, json_object_get(ji, "citations"));
}

/* A measure may only name rules and duties the policy has (a profile's, once resolved). */
static int check_measure_ids(struct pctx *c, const struct measure *m)
{
	for (int k = 0; k < m->nids; k++) {
		bool duty = m->of == MO_DUTIES_OVERDUE || m->of == MO_DUTIES_ON_TIME;
		if (duty ? !policy_obligation(c->p, m->ids[k]) : !policy_rule(c->p, m->ids[k]))
			return perr(c, NULL, duty ? "names no obligation of the policy: '%s'" : "names no rule of the policy: '%s'",
				    m->ids[k]);
	}
	return 0;
}

static int parse_evaluation(struct pctx *c, json_t *root)
{
	static const char *const keys[] = {"indicators", "grades", "objection_workdays"};
	static const char *const grade_keys[] = {"id", "name", "min"};
	json_t *je = json_object_get(root, "evaluation");
	int rc = 0;
	if (!je)
		return 0;
	snprintf(c->path, sizeof c->path, "$.evaluation");
	if (!json_is_object(je))
		return perr(c, NULL, "must be an object%s", NULL);
	if ((rc = check_keys(c, je, keys, 3)))
		return rc;
	struct evaluation_def *d = arena_alloc(&c->p->mem, sizeof *d);
	if (!d || !(d->v = arena_alloc(&c->p->mem, INDICATORS_MAX * sizeof *d->v)))
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	d->n = d->ngrades = 0;
	d->objection_workdays = 5;
	if (json_object_get(je, "objection_workdays") &&
	    (rc = get_int(c, je, "objection_workdays", 1, 60, &d->objection_workdays)))
		return rc;
	json_t *grades = json_object_get(je, "grades");
	if (!json_is_array(grades) || json_array_size(grades) < 2 || json_array_size(grades) > GRADES_MAX)
		return perr(c, "grades", "must be an array of 2 to 8 bands {id, name, min}, best first%s", NULL);
	for (size_t i = 0; i < json_array_size(grades); i++) {
		json_t *jg = json_array_get(grades, i);
		struct grade_band *g = &d->grades[i];
		snprintf(c->path, sizeof c->path, "$.evaluation.grades[%zu]", i);
		if (!json_is_object(jg))
			return perr(c, NULL, "must be an object {id, name, min}%s", NULL);
		if ((rc = check_keys(c, jg, grade_keys, 3)))
			return rc;
		g->id = get_str(c, jg, "id", true, &rc);
		get_text(c, jg, "name", &g->name_zh, &g->name_en, &rc);
		if (rc || (rc = get_number(c, jg, "min", 0, MARKS_MAX, &g->min)))
			return rc;
		if (!g->name_zh)
			return perr(c, "name", "missing%s", NULL);
		if (i > 0 && g->min >= d->grades[i - 1].min)
			return perr(c, "min", "bands go from the best down: each min below the one before%s", NULL);
		d->ngrades++;
	}
	if (d->grades[d->ngrades - 1].min != 0)
		return perr(c, "min", "the last band starts at 0%s", NULL);
	json_t *inds = json_object_get(je, "indicators");
	snprintf(c->path, sizeof c->path, "$.evaluation");
	if (!json_is_array(inds) || !json_array_size(inds))
		return perr(c, "indicators", "must be a non-empty array of 一级 indicators%s", NULL);
	for (size_t i = 0; i < json_array_size(inds) && !rc; i++) {
		snprintf(c->path, sizeof c->path, "$.evaluation.indicators[%zu]", i);
		rc = parse_indicator(c, d, json_array_get(inds, i), -1);
	}
	if (rc)
		return rc;
	/* A profile that extends another is checked against the rules once resolved (the base's). */
	for (int i = 0; !c->p->extends && i < d->n && !rc; i++) {
		const struct indicator *x = &d->v[i];
		snprintf(c->path, sizeof c->path, "$.evaluation (indicator %s)", x->id);
		for (int k = 0; k < x->ndeduct && !rc; k++)
			rc = check_measure_ids(c, &x->deduct[k]);
		for (int k = 0; k < x->naward && !rc; k++)
			rc = check_measure_ids(c, &x->award[k]);
		if (!rc && x->scoring == IS_VETO)
			rc = check_measure_ids(c, &x->veto);
	}
	c->p->evaluation = d;
	return rc;
}

const struct indicator *evaluation_indicator(const struct evaluation_def *d, const char *id)
{
	for (int i = 0; d && i < d->n; i++)
		if (!strcmp(d->v[i].id, id))
			return &d->v[i];
	return NULL;
}

const struct grade_band *evaluation_grade(const struct evaluation_def *d, double score, bool veto)
{
	if (veto)
		return &d->grades[d->ngrades - 1];
	for (int i = 0; i < d->ngrades; i++)
		/* scores are kept to two decimals: compare with a margin below that */
		if (score + 1e-6 >= d->grades[i].min)
			return &d->grades[i];
	return &d->grades[d->ngrades - 1];
}

/* "templates": {kind: {"title", "blocks": [...], …}} of the kinds with a template; kept as text
 * (the engine never reads it; the fields are checked where letters are made, core/documents). */
static int parse_templates(struct pctx *c, json_t *root)
{
	static const char *const kinds[] = {"responsibility_letter", "key_post_security", "network_access"};
	json_t *t = json_object_get(root, "templates"), *v;
	const char *kind;
	snprintf(c->path, sizeof c->path, "$.templates");
	if (!t)
		return 0;
	if (!json_is_object(t))
		return perr(c, NULL, "must be an object {kind: template}%s", NULL);
	json_object_foreach(t, kind, v) {
		snprintf(c->path, sizeof c->path, "$.templates.%.60s", kind);
		if (strlist_index(kinds, 3, kind) < 0)
			return perr(c, NULL, "no letter of kind '%s' has a template", kind);
		if (!json_is_object(v) || !json_is_string(json_object_get(v, "title")) ||
		    !json_is_array(json_object_get(v, "blocks")))
			return perr(c, NULL, "a template is an object with a title and blocks%s", NULL);
	}
	char *text = json_dumps(t, JSON_COMPACT | JSON_SORT_KEYS);
	c->p->templates = text ? arena_strdup(&c->p->mem, text) : NULL;
	free(text);
	return c->p->templates ? 0 : zerr_set(c->e, ZE_NOMEM, "out of memory");
}

static const char *const accountability_cases[ACC_NCASES] = {"always", "tampered", "outage", "leak", "critical",
								 "unreported"};

const char *accountability_case_id(int kase)
{
	return kase >= 0 && kase < ACC_NCASES ? accountability_cases[kase] : "?";
}

/* "accountability": [{"case": "outage", "citations": [...]}], each case at most once. */
static int parse_accountability(struct pctx *c, json_t *root)
{
	static const char *const keys[] = {"case", "citations"};
	json_t *a = json_object_get(root, "accountability");
	snprintf(c->path, sizeof c->path, "$.accountability");
	if (!a)
		return 0;
	if (!json_is_array(a))
		return perr(c, NULL, "must be an array [{case, citations}]%s", NULL);
	size_t n = json_array_size(a);
	if (n > ACC_NCASES)
		return perr(c, NULL, "names more cases than there are (always, tampered, outage, leak, critical, unreported)%s",
			    NULL);
	struct accountability_clauses *out = arena_alloc(&c->p->mem, (n ? n : 1) * sizeof *out);
	if (!out)
		return zerr_set(c->e, ZE_NOMEM, "out of memory");
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *x = json_array_get(a, i);
		snprintf(c->path, sizeof c->path, "$.accountability[%zu]", i);
		if (!json_is_object(x) || (rc = check_keys(c, x, keys, 2)))
			return rc ? rc : perr(c, NULL, "must be an object {case, citations}%s", NULL);
		const char *kase = get_str(c, x, "case", true, &rc);
		if (rc)
			return rc;
		out[i].kase = strlist_index(accountability_cases, ACC_NCASES, kase);
		if (out[i].kase < 0)
			return perr(c, "case", "unknown case '%s' (known: always, tampered, outage, leak, critical, unreported)",
				    kase);
		for (size_t j = 0; j < i; j++)
			if (out[j].kase == out[i].kase)
				return perr(c, "case", "case '%s' is named twice", kase);
		rc = parse_citations(c, &out[i].citations, &out[i].ncitations, json_object_get(x, "citations"));
	}
	c->p->accountability = out;
	c->p->naccountability = (int)n;
	return rc;
}

int policy_parse(const char *text, size_t len, const char *source, struct policy **out, struct zerr *e)
{
	json_error_t jerr;
	int rc = 0;
	struct pctx c = {source, calloc(1, sizeof(struct policy)), e, "$"};
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!c.p) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if (!root) {
		rc = zerr_set(e, ZE_INVALID, "%s:%d:%d: %s", source, jerr.line, jerr.column, jerr.text);
		goto out;
	}
	static const char *const top_keys[] = {"format", "id", "extends", "title", "description", "rules",
						"obligations", "removes", "draft", "review", "evaluation", "templates",
						"accountability"};
	if (!json_is_object(root)) {
		rc = perr(&c, NULL, "a policy must be a JSON object%s", NULL);
		goto out;
	}
	if ((rc = check_keys(&c, root, top_keys, sizeof top_keys / sizeof top_keys[0])))
		goto out;
	if (json_object_get(root, "draft") && !json_is_object(json_object_get(root, "draft"))) {
		rc = perr(&c, "draft", "must be an object%s", NULL);
		goto out;
	}
	if ((rc = check_review(&c, root)))
		goto out;
	const char *format = get_str(&c, root, "format", true, &rc);
	if (!rc && strcmp(format, "zeren-policy/v1"))
		rc = perr(&c, "format", "must be \"zeren-policy/v1\", not '%s'", format);
	c.p->id = get_str(&c, root, "id", true, &rc);
	c.p->extends = get_str(&c, root, "extends", false, &rc);
	get_text(&c, root, "title", &c.p->title_zh, &c.p->title_en, &rc);
	const char *desc_en;
	get_text(&c, root, "description", &c.p->description_zh, &desc_en, &rc);
	if (rc)
		goto out;
	json_t *rules = json_object_get(root, "rules");
	if (!json_is_array(rules)) {
		rc = perr(&c, "rules", "must be an array%s", NULL);
		goto out;
	}
	size_t n = json_array_size(rules);
	c.p->rules = calloc(n ? n : 1, sizeof *c.p->rules);
	if (!c.p->rules) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(c.path, sizeof c.path, "$.rules[%zu]", i);
		if ((rc = parse_rule(&c, &c.p->rules[i], json_array_get(rules, i))))
			goto out;
		for (size_t j = 0; j < i; j++)
			if (strcmp(c.p->rules[j].id, c.p->rules[i].id) == 0) {
				rc = perr(&c, "id", "duplicate rule id '%s'", c.p->rules[i].id);
				goto out;
			}
		c.p->nrules++;
	}
	if ((rc = parse_obligations(&c, root)) || (rc = parse_removes(&c, root)) || (rc = parse_evaluation(&c, root)) ||
	    (rc = parse_templates(&c, root)) || (rc = parse_accountability(&c, root)))
		goto out;
	*out = c.p;
	c.p = NULL;
out:
	policy_free(c.p);
	json_decref(root);
	return rc;
}

const struct rule *policy_rule(const struct policy *p, const char *id)
{
	for (int i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].id, id) == 0)
			return &p->rules[i];
	return NULL;
}

int policy_extend(const struct policy *base, const struct policy *over, struct policy **out, struct zerr *e)
{
	/* The result points into base's and over's memory, which must outlive it. */
	struct policy *p = calloc(1, sizeof *p);
	if (!p || !(p->rules = calloc((size_t)(base->nrules + over->nrules) + 1, sizeof *p->rules))) {
		policy_free(p);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	p->id = over->id;
	p->extends = over->extends;
	p->title_zh = over->title_zh;
	p->title_en = over->title_en;
	p->description_zh = over->description_zh;
	/* A profile's evaluation section replaces the base's whole (indicators and bands go together). */
	p->evaluation = over->evaluation ? over->evaluation : base->evaluation;
	p->templates = over->templates ? over->templates : base->templates;
	if (over->accountability) {
		p->accountability = over->accountability;
		p->naccountability = over->naccountability;
	} else {
		p->accountability = base->accountability;
		p->naccountability = base->naccountability;
	}
	for (int i = 0; i < over->nremoves_rules; i++)
		if (!policy_rule(base, over->removes_rules[i])) {
			policy_free(p);
			return zerr_set(e, ZE_INVALID, "policy '%s': $.removes.rules[%d]: '%s' has no rule '%s' to remove",
					over->id, i, base->id, over->removes_rules[i]);
		}
	for (int i = 0; i < over->nremoves_obligations; i++)
		if (!policy_obligation(base, over->removes_obligations[i])) {
			policy_free(p);
			return zerr_set(e, ZE_INVALID,
					"policy '%s': $.removes.obligations[%d]: '%s' has no obligation '%s' to remove",
					over->id, i, base->id, over->removes_obligations[i]);
		}
	p->nrules = merge_by_id(p->rules, base->rules, base->nrules, over->rules, over->nrules, sizeof *p->rules,
				over->removes_rules, over->nremoves_rules);
	/* A version names the rule it belongs to: this policy's copy. */
	for (int i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];
		if (!r->nversions)
			continue;
		struct rule *v = arena_alloc(&p->mem, (size_t)r->nversions * sizeof *v);
		if (!v) {
			policy_free(p);
			return zerr_set(e, ZE_NOMEM, "out of memory");
		}
		memcpy(v, r->versions, (size_t)r->nversions * sizeof *v);
		for (int k = 0; k < r->nversions; k++)
			v[k].base = r;
		r->versions = v;
	}
	p->obligations = calloc((size_t)(base->nobligations + over->nobligations) + 1, sizeof *p->obligations);
	if (!p->obligations) {
		policy_free(p);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	p->nobligations = merge_by_id(p->obligations, base->obligations, base->nobligations, over->obligations,
				      over->nobligations, sizeof *p->obligations, over->removes_obligations,
				      over->nremoves_obligations);
	*out = p;
	return 0;
}
