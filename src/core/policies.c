#include "core/policies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"

#define MAX_POLICIES 32

/* A unit's approved version, taking force on `from`. */
struct unit_version {
	char *org;
	int64_t version;
	zdate from;
	struct policy *parsed, *resolved;
};

struct policy_set {
	struct policy *parsed[MAX_POLICIES];   /* as written */
	struct policy *resolved[MAX_POLICIES]; /* with extends applied (or == parsed) */
	size_t n;
	/* A set over another (policies_over): the shipped profiles are the other's. */
	bool borrowed;
	struct unit_version *units;
	size_t nunits, units_cap;
};

const struct embedded_file *embedded_find(const char *name)
{
	for (const struct embedded_file *ef = embedded_files; ef->name; ef++)
		if (strcmp(ef->name, name) == 0)
			return ef;
	return NULL;
}

void policies_free(struct policy_set *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->nunits; i++) {
		struct unit_version *u = &ps->units[i];
		if (u->resolved != u->parsed)
			policy_free(u->resolved);
		policy_free(u->parsed);
		free(u->org);
	}
	free(ps->units);
	for (size_t i = 0; i < ps->n && !ps->borrowed; i++) {
		if (ps->resolved[i] != ps->parsed[i])
			policy_free(ps->resolved[i]);
		policy_free(ps->parsed[i]);
	}
	free(ps);
}

static size_t find_parsed(const struct policy_set *ps, const char *id)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->parsed[i]->id, id) == 0)
			return i;
	return (size_t)-1;
}

int policies_load(struct policy_set **out, struct zerr *e)
{
	int rc = 0;
	struct policy_set *ps = calloc(1, sizeof *ps);
	if (!ps)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	for (const struct embedded_file *ef = embedded_files; ef->name; ef++) {
		if (strncmp(ef->name, "policy/", 7) || !strstr(ef->name, ".json"))
			continue;
		if (ps->n == MAX_POLICIES) {
			rc = zerr_set(e, ZE_LIMIT, "more than %d policies", MAX_POLICIES);
			goto out;
		}
		if ((rc = policy_parse(ef->data, ef->len, ef->name, &ps->parsed[ps->n], e)))
			goto out;
		ps->n++;
	}
	/* One level of extends: a profile names a base that extends nothing. */
	for (size_t i = 0; i < ps->n; i++) {
		const struct policy *p = ps->parsed[i];
		ps->resolved[i] = ps->parsed[i];
		if (!p->extends)
			continue;
		size_t b = find_parsed(ps, p->extends);
		if (b == (size_t)-1 || ps->parsed[b]->extends) {
			rc = zerr_set(e, ZE_INVALID, "policy '%s': extends '%s', which is not a base policy", p->id, p->extends);
			goto out;
		}
		if ((rc = policy_extend(ps->parsed[b], p, &ps->resolved[i], e)))
			goto out;
	}
	*out = ps;
	ps = NULL;
out:
	policies_free(ps);
	return rc;
}

const struct policy *policies_get(const struct policy_set *ps, const char *id)
{
	size_t i = find_parsed(ps, id);
	return i == (size_t)-1 ? NULL : ps->resolved[i];
}

size_t policies_count(const struct policy_set *ps) { return ps->n; }
const struct policy *policies_at(const struct policy_set *ps, size_t i) { return ps->resolved[i]; }

/* The policy p is resolved over: for a unit's own policy (unit) the shipped policy it must extend,
 * resolved; else the shipped base it may extend (NULL: none), as parsed. */
static int base_of(const struct policy_set *ps, const struct policy *p, const char *source, bool unit,
		   const struct policy **base, struct zerr *e)
{
	*base = NULL;
	if (unit) {
		if ((*base = p->extends ? policies_get(ps, p->extends) : NULL))
			return 0;
		return p->extends ? zerr_set(e, ZE_INVALID, "%s: $.extends: '%s' is not a shipped policy", source, p->extends)
				  : zerr_set(e, ZE_INVALID, "%s: $.extends: a unit's policy must extend a shipped policy "
							    "(e.g. \"default\")", source);
	}
	if (!p->extends)
		return 0;
	size_t b = find_parsed(ps, p->extends);
	if (b == (size_t)-1 || ps->parsed[b]->extends)
		return zerr_set(e, ZE_INVALID, "%s: extends '%s', which is not a shipped base policy", source, p->extends);
	*base = ps->parsed[b];
	return 0;
}

static int parse_over(const struct policy_set *ps, const char *text, size_t len, const char *source, bool unit,
		      struct policy **parsed, struct policy **resolved, struct zerr *e)
{
	struct policy *p = NULL;
	const struct policy *base;
	int rc = policy_parse(text, len, source, &p, e);
	if (rc)
		return rc;
	if (!(rc = base_of(ps, p, source, unit, &base, e))) {
		if (base) /* over the resolved profile: a unit that follows strict-fulltime keeps its rules */
			rc = policy_extend(base, p, resolved, e);
		else
			*resolved = p;
	}
	if (rc) {
		policy_free(p);
		return rc;
	}
	*parsed = p;
	return 0;
}

int policies_parse_with(const struct policy_set *ps, const char *text, size_t len, const char *source,
			struct policy **parsed, struct policy **resolved, struct zerr *e)
{
	return parse_over(ps, text, len, source, false, parsed, resolved, e);
}

int policies_parse_unit(const struct policy_set *ps, const char *text, size_t len, const char *source,
			struct policy **parsed, struct policy **resolved, struct zerr *e)
{
	return parse_over(ps, text, len, source, true, parsed, resolved, e);
}

int policies_over(const struct policy_set *shipped, struct policy_set **out, struct zerr *e)
{
	struct policy_set *ps = calloc(1, sizeof *ps);
	if (!ps)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	memcpy(ps->parsed, shipped->parsed, sizeof ps->parsed);
	memcpy(ps->resolved, shipped->resolved, sizeof ps->resolved);
	ps->n = shipped->n;
	ps->borrowed = true;
	*out = ps;
	return 0;
}

/* Unit org's versions, each after the one followed before it (by date of force, then number;
 * before the first, the profile it extends): events of earlier days are judged as then. */
static int link_unit(struct policy_set *ps, const char *org, struct zerr *e)
{
	const struct unit_version *prev = NULL;
	for (;;) {
		struct unit_version *next = NULL;
		for (size_t i = 0; i < ps->nunits; i++) {
			struct unit_version *u = &ps->units[i];
			if (strcmp(u->org, org) || (prev && (u->from < prev->from || (u->from == prev->from && u->version <= prev->version))))
				continue;
			if (!next || u->from < next->from || (u->from == next->from && u->version < next->version))
				next = u;
		}
		if (!next)
			return 0;
		const struct policy *before = prev ? prev->resolved : policies_get(ps, next->parsed->extends);
		int rc = policy_follow(next->resolved, before, next->from, e);
		if (rc)
			return rc;
		prev = next;
	}
}

int policies_add_unit(struct policy_set *ps, const char *org, int64_t version, zdate from, const char *text,
		      size_t len, struct zerr *e)
{
	char source[300];
	snprintf(source, sizeof source, "policy version %lld of unit '%s'", (long long)version, org);
	if (ps->nunits == ps->units_cap) {
		size_t cap = ps->units_cap ? 2 * ps->units_cap : 8;
		struct unit_version *grown = realloc(ps->units, cap * sizeof *grown);
		if (!grown)
			return zerr_set(e, ZE_NOMEM, "out of memory");
		ps->units = grown;
		ps->units_cap = cap;
	}
	struct unit_version *u = &ps->units[ps->nunits];
	*u = (struct unit_version){.version = version, .from = from};
	int rc = policies_parse_unit(ps, text, len, source, &u->parsed, &u->resolved, e);
	if (rc)
		return rc;
	if (!(u->org = strdup(org))) {
		if (u->resolved != u->parsed)
			policy_free(u->resolved);
		policy_free(u->parsed);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	ps->nunits++;
	return link_unit(ps, org, e);
}

const struct policy *policies_unit_version(const struct policy_set *ps, const char *org, int64_t version)
{
	for (size_t i = 0; i < ps->nunits; i++)
		if (ps->units[i].version == version && strcmp(ps->units[i].org, org) == 0)
			return ps->units[i].resolved;
	return NULL;
}

const struct policy *policies_for_unit(const struct policy_set *ps, const char *org, const char *profile, zdate d,
				       int64_t *version)
{
	const struct unit_version *best = NULL;
	for (size_t i = 0; i < ps->nunits; i++) {
		const struct unit_version *u = &ps->units[i];
		if (u->from > d || strcmp(u->org, org) != 0)
			continue;
		if (!best || u->from > best->from || (u->from == best->from && u->version > best->version))
			best = u;
	}
	if (version)
		*version = best ? best->version : 0;
	return best ? best->resolved : policies_get(ps, profile ? profile : "default");
}

const struct obligation_def *policies_unit_obligation(const struct policy_set *ps, const char *org, const char *profile,
						      const char *id)
{
	const struct policy *p = policies_get(ps, profile ? profile : "default");
	const struct obligation_def *o = p ? policy_obligation(p, id) : NULL;
	/* The newest version that has it: its recurrence is the one records are kept by now. */
	for (size_t i = ps->nunits; !o && i-- > 0;)
		if (!strcmp(ps->units[i].org, org))
			o = policy_obligation(ps->units[i].resolved, id);
	return o;
}
