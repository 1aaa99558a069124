/* The working-day calendar's CSV (cal/cal.c cal_load_csv, which core/calendar.c imports with):
 * loaded into an empty calendar, then counted over. */
#include "fuzz.h"

#include "cal/cal.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zerr e = {0};
	struct cal *c = NULL;
	bool complete;
	if (cal_new(&c, &e))
		return 0;
	if (cal_load_csv(c, (const char *)data, size, "fuzz.csv", &e) == 0) {
		int first, last;
		if (cal_year_range(c, &first, &last)) {
			zdate d = date_from_ymd(first, 1, 1);
			(void)cal_add_workdays(c, d, 30, &complete);
			(void)cal_add_days(c, d, -10, &complete);
			(void)cal_workdays_between(c, d, date_from_ymd(last, 12, 31), &complete);
		}
	}
	cal_free(c);
	return 0;
}
