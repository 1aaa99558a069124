/* Recurrence rules (cal/recur.c over libical): the first bytes pick the period kind and the due
 * offsets, the rest is the RRULE; a rule that parses is expanded over two years. */
#include "fuzz.h"

#include "cal/recur.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zerr e = {0};
	struct recur_rule r;
	struct recur_occurrence occ[64];
	if (size < 4)
		return 0;
	enum recur_period period = (enum recur_period)(data[0] % 5);
	struct recur_due due = {0};
	switch (data[1] % 4) {
	case 1: due.days = (int8_t)data[2]; break;
	case 2: due.workdays = data[2]; break;
	case 3: due.day_of_next = data[2] % 40; break;
	}
	char *text = fuzz_cstr(data + 4, size - 4);
	if (recur_parse(text, period, due, &r, &e) == 0) {
		zdate anchor = date_from_ymd(2000 + data[3] % 60, 1, 1);
		zdate from = date_from_ymd(2026, 1, 1), to = date_from_ymd(2028, 1, 1);
		recur_expand(&r, NULL, anchor, from, to, occ, sizeof occ / sizeof occ[0], &e);
	}
	free(text);
	return 0;
}
