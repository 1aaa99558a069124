#include "core/check.h"

#include "core/calendar.h"
#include "core/unitpolicy.h"
#include "core/history.h"

#include <string.h>

int check_facts(const struct facts *f, const struct policy_set *ps, const struct cal *cal, zidx org,
		zdate as_of, struct findings *out, struct zerr *e)
{
	struct engine *en = engine_new();
	if (!en)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	int rc = check_facts_with(en, f, ps, cal, org, as_of, out, e);
	engine_free(en);
	return rc;
}

int check_facts_with(struct engine *en, const struct facts *f, const struct policy_set *ps, const struct cal *cal,
		     zidx org, zdate as_of, struct findings *out, struct zerr *e)
{
	int rc = 0;
	engine_set_calendar(en, cal);
	size_t first = org >= 0 ? (size_t)org : 0, last = org >= 0 ? (size_t)org + 1 : f->orgs.n;
	for (size_t u = first; u < last; u++) {
		/* The unit's own version in force on the day, else its shipped profile. */
		const char *want = f->orgs.v[u].policy ? f->orgs.v[u].policy : "default";
		const struct policy *p = policies_for_unit(ps, f->orgs.v[u].id, want, as_of, NULL);
		if (!p) {
			rc = zerr_set(e, ZE_INVALID, "unit '%s' follows policy '%s', which does not exist",
				      f->orgs.v[u].id, want);
			goto out;
		}
		if ((rc = engine_check(en, p, f, (zidx)u, as_of, out))) {
			zerr_set(e, rc, "out of memory checking unit '%s'", f->orgs.v[u].id);
			goto out;
		}
	}
out:
	return rc;
}

int check_store(struct store *s, const struct policy_set *ps, const char *org_id, zdate as_of,
		struct check_result *out, struct zerr *e)
{
	return check_store_recorded(s, ps, org_id, as_of, ZDATE_NONE, out, e);
}

int check_store_recorded(struct store *s, const struct policy_set *ps, const char *org_id, zdate as_of,
			 zdate recorded_on, struct check_result *out, struct zerr *e)
{
	int rc;
	memset(out, 0, sizeof *out);
	facts_init(&out->facts);
	out->as_of = as_of;
	out->recorded_on = recorded_on;
	if ((rc = recorded_on == ZDATE_NONE ? store_load(s, &out->facts, org_id, e)
					    : history_facts(s, org_id, recorded_on, &out->facts, e)) ||
	    (rc = calendar_open(s, &out->cal, e)))
		return rc;
	if ((rc = facts_index(&out->facts)))
		return zerr_set(e, rc, "out of memory");
	zidx org = org_id ? hmap_get(&out->facts.org_ids, org_id) : ZIDX_NONE;
	/* The findings point into the units' own policies: the result keeps them. */
	if ((rc = unit_policies_load(s, ps, org_id, &out->policies, e)) ||
	    (rc = check_facts(&out->facts, out->policies, out->cal, org, as_of, &out->findings, e)))
		return rc;
	out->units = org >= 0 ? 1 : out->facts.orgs.n;
	findings_sort(&out->findings, &out->facts);
	for (size_t i = 0; i < out->findings.n; i++)
		out->count[out->findings.v[i].rule->severity]++;
	return 0;
}

void check_result_release(struct check_result *r)
{
	findings_release(&r->findings);
	facts_release(&r->facts);
	cal_free(r->cal);
	r->cal = NULL;
	policies_free(r->policies);
	r->policies = NULL;
}
