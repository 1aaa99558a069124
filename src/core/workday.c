#include "core/workday.h"

#include <stdio.h>

json_t *workday_is_json(const struct cal *c, zdate d, bool *complete)
{
	char buf[ZDATE_BUFSZ];
	const char *zh, *en;
	bool known, work = cal_is_workday(c, d, &zh, &en, &known);
	*complete = known;
	return json_pack("{s:s, s:s, s:o, s:o, s:b}", "date", date_format(d, buf), "kind", work ? "work" : "off",
			 "holiday", en ? json_string(en) : json_null(), "holiday_zh", zh ? json_string(zh) : json_null(),
			 "calendar_complete", known);
}

json_t *workday_add_json(const struct cal *c, zdate d, int n, bool *complete, zdate *result, struct zerr *e)
{
	char b1[ZDATE_BUFSZ], b2[ZDATE_BUFSZ];
	*complete = true;
	zdate r = cal_add_workdays(c, d, n, complete);
	if (r == ZDATE_MIN || r == ZDATE_MAX) {
		zerr_set(e, ZE_INVALID, "the result is out of the supported range");
		return NULL;
	}
	*result = r;
	json_t *j = json_pack("{s:s, s:i, s:s, s:b}", "from", date_format(d, b1), "workdays", n, "date",
			      date_format(r, b2), "calendar_complete", *complete);
	if (!j)
		zerr_set(e, ZE_NOMEM, "out of memory");
	return j;
}

json_t *workday_between_json(const struct cal *c, zdate from, zdate to, bool *complete)
{
	char b1[ZDATE_BUFSZ], b2[ZDATE_BUFSZ];
	*complete = true;
	int n = cal_workdays_between(c, from, to, complete);
	return json_pack("{s:s, s:s, s:i, s:b}", "from", date_format(from, b1), "to", date_format(to, b2), "workdays", n,
			 "calendar_complete", *complete);
}

json_t *calendar_years_json(const struct cal *c, bool list)
{
	int first, last;
	bool any = cal_year_range(c, &first, &last);
	json_t *j = json_pack("{s:o, s:o, s:I}", "first", any ? json_integer(first) : json_null(), "last",
			      any ? json_integer(last) : json_null(), "rows", (json_int_t)cal_row_count(c));
	if (j && list) {
		json_t *years = json_array();
		for (int y = first; any && y <= last; y++)
			if (cal_year_known(c, y))
				json_array_append_new(years, json_integer(y));
		json_object_set_new(j, "years", years);
	}
	return j;
}

void workday_warning(zdate a, zdate b, char *buf, size_t len)
{
	char da[ZDATE_BUFSZ], db[ZDATE_BUFSZ];
	snprintf(buf, len,
		 "警告 warning: the calendar has no official arrangement for part of %s..%s; those days were counted "
		 "Monday-Friday only (add it with 'zeren workday import')",
		 date_format(a < b ? a : b, da), date_format(a < b ? b : a, db));
}
