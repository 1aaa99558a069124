/* Dates, times and period labels (util/date.c, util/datetime.c, cal/recur.c): each parser on
 * the input, and what parsed formats back to the same value. */
#include "fuzz.h"

#include "cal/recur.h"
#include "util/date.h"
#include "util/datetime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	zdate d, d2, start, end;
	struct ztime t, t2;
	enum recur_period p;
	char buf[64], label[RECUR_LABEL_MAX];
	if (date_parse(s, &d)) {
		date_format(d, buf);
		if (!date_parse(buf, &d2) || d2 != d)
			abort();
		int y, m, day;
		date_to_ymd(d, &y, &m, &day);
		(void)date_weekday(d);
		(void)date_add_months(d, (int)(size % 240) - 120);
	}
	if (ztime_parse(s, &t)) {
		ztime_format(t, buf);
		if (!ztime_parse(buf, &t2) || t2.t != t.t)
			abort();
		(void)ztime_date(t);
	}
	if (recur_period_parse(s, &p, &start, &end)) {
		recur_period_of(p, start, &d, &d2, label);
		if (d != start || d2 != end || strcmp(label, s))
			abort();
	}
	(void)digits_value(s, (int)strnlen(s, 4));
	free(s);
	return 0;
}
