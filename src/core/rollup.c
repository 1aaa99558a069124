/* A unit's tally for the roll-up (see rollup.h). */
#include <string.h>

#include "core/rollup.h"
#include "model/model.h"

const int rollup_weight[SEV_COUNT] = {[SEV_ERROR] = 10, [SEV_WARNING] = 3, [SEV_INFO] = 1};

void tally_findings(const struct findings *fs, struct tally *t, json_t *by_rule)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		t->sev[fd->rule->severity]++;
		t->score += rollup_weight[fd->rule->severity];
		switch (fd->reason) {
		case R_NOTICE_OVERDUE: t->notices_overdue++; break;
		case R_NOT_REPORTED:
		case R_REPORTED_LATE: t->reports_late++; break;
		case R_NO_AGREEMENT:
		case R_AGREEMENT_EXPIRED:
		case R_AGREEMENT_UNSIGNED: t->agreements_missing++; break;
		case R_TOO_FEW:
			if (fd->subject_kind == SUBJ_ORG && fd->count == 0 && fd->post == POST_FIRST_RESPONSIBLE)
				t->no_first = true;
			if (fd->subject_kind == SUBJ_ORG && fd->count == 0 && fd->post == POST_DIRECT_RESPONSIBLE)
				t->no_direct = true;
			break;
		default: break;
		}
		if (by_rule) {
			json_t *n = json_object_get(by_rule, fd->rule->id);
			json_object_set_new(by_rule, fd->rule->id, json_integer(n ? json_integer_value(n) + 1 : 1));
		}
	}
}

json_t *tally_json(const struct tally *t)
{
	json_t *missing = json_array();
	if (t->no_first)
		json_array_append_new(missing, json_string(post_id(POST_FIRST_RESPONSIBLE)));
	if (t->no_direct)
		json_array_append_new(missing, json_string(post_id(POST_DIRECT_RESPONSIBLE)));
	return json_pack("{s:I, s:{s:I, s:I, s:I}, s:I, s:I, s:I, s:o}", "score", (json_int_t)t->score, "counts", "error",
			 (json_int_t)t->sev[SEV_ERROR], "warning", (json_int_t)t->sev[SEV_WARNING], "info",
			 (json_int_t)t->sev[SEV_INFO], "notices_overdue", (json_int_t)t->notices_overdue,
			 "incident_reports_late", (json_int_t)t->reports_late, "agreements_missing",
			 (json_int_t)t->agreements_missing, "responsible_missing", missing);
}

/* A count a unit reported: a non-negative integer, else 0. */
static size_t count_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (size_t)json_integer_value(v) : 0;
}

void tally_from_json(json_t *j, struct tally *t)
{
	static const char *const sev[SEV_COUNT] = {[SEV_ERROR] = "error", [SEV_WARNING] = "warning", [SEV_INFO] = "info"};
	json_t *counts = json_object_get(j, "counts"), *missing = json_object_get(j, "responsible_missing"), *m;
	size_t i;
	memset(t, 0, sizeof *t);
	for (int s = 0; s < SEV_COUNT; s++) {
		t->sev[s] = count_of(counts, sev[s]);
		t->score += rollup_weight[s] * (long)t->sev[s];
	}
	t->notices_overdue = count_of(j, "notices_overdue");
	t->reports_late = count_of(j, "incident_reports_late");
	t->agreements_missing = count_of(j, "agreements_missing");
	json_array_foreach(missing, i, m) {
		if (!json_is_string(m))
			continue;
		t->no_first |= !strcmp(json_string_value(m), post_id(POST_FIRST_RESPONSIBLE));
		t->no_direct |= !strcmp(json_string_value(m), post_id(POST_DIRECT_RESPONSIBLE));
	}
}

int tally_cmp(const struct tally *a, const struct tally *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->sev[SEV_ERROR] != b->sev[SEV_ERROR])
		return a->sev[SEV_ERROR] > b->sev[SEV_ERROR] ? -1 : 1;
	return 0;
}

void rollup_month_ends(zdate as_of, zdate days[ROLLUP_MONTHS])
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	for (int k = 0; k < ROLLUP_MONTHS; k++) {
		zdate first = date_add_months(date_from_ymd(y, m, 1), k - (ROLLUP_MONTHS - 1));
		int fy, fm, fd;
		date_to_ymd(first, &fy, &fm, &fd);
		days[k] = k == ROLLUP_MONTHS - 1 ? as_of : date_from_ymd(fy, fm, date_days_in_month(fy, fm));
	}
}
