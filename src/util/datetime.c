#include "util/datetime.h"

#include <stdio.h>
#include <string.h>

bool ztime_parse(const char *s, struct ztime *out)
{
	char day[11];
	zdate d;
	size_t len = s ? strlen(s) : 0;
	if (len < 17 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_parse(day, &d))
		return false;
	int hh = digits_value(s + 11, 2), mm = digits_value(s + 14, 2), ss = 0;
	const char *p = s + 16;
	if (*p == ':') {
		ss = digits_value(p + 1, 2);
		p += 3;
	}
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return false;
	int off;
	if (!strcmp(p, "Z")) {
		off = 0;
	} else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh = digits_value(p + 1, 2), om = digits_value(p + 4, 2);
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return false;
		off = (oh * 60 + om) * (p[0] == '-' ? -1 : 1);
	} else {
		return false;
	}
	out->t = (int64_t)d * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)off * 60;
	out->offset = (int16_t)off;
	return true;
}

zdate ztime_date(struct ztime z)
{
	int64_t local = z.t + (int64_t)z.offset * 60;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	return (zdate)days;
}

zdate ztime_date_at(struct ztime z, int offset)
{
	return ztime_date((struct ztime){z.t, (int16_t)offset});
}

static const struct {
	const char *name;
	int offset;
} zones[] = {
	{"Asia/Shanghai", 480}, {"Asia/Urumqi", 360}, {"Asia/Hong_Kong", 480}, {"Asia/Macau", 480},
	{"Asia/Taipei", 480},   {"UTC", 0},
};

bool tz_offset(const char *zone, int *offset)
{
	for (size_t i = 0; zone && i < sizeof zones / sizeof zones[0]; i++)
		if (!strcmp(zone, zones[i].name)) {
			*offset = zones[i].offset;
			return true;
		}
	return false;
}

const char *tz_names(void)
{
	return "Asia/Shanghai, Asia/Urumqi, Asia/Hong_Kong, Asia/Macau, Asia/Taipei, UTC";
}

char *ztime_format(struct ztime z, char *buf)
{
	int64_t local = z.t + (int64_t)z.offset * 60;
	zdate d = ztime_date(z);
	int64_t secs = local - (int64_t)d * 86400;
	char day[ZDATE_BUFSZ];
	int off = z.offset < 0 ? -z.offset : z.offset;
	snprintf(buf, ZTIME_BUFSZ, "%s" "T%02d:%02d:%02d%c%02d:%02d", date_format(d, day), (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60), z.offset < 0 ? '-' : '+', off / 60, off % 60);
	return buf;
}
