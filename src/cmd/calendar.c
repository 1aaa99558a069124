/* zeren calendar ics: the deadlines a unit (or one person) answers for, as an RFC 5545
 * calendar to subscribe to in Outlook, WPS or a phone: duty occurrences, notice rectification
 * deadlines, agreement expiries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/feed.h"
#include "core/policies.h"
#include "util/clock.h"

const char cmd_calendar_usage[] =
	"usage: zeren [--data DIR] calendar ics [--org ID] [--person ID] [--as-of DATE] [--output FILE]\n\n"
	"Writes an RFC 5545 calendar of the deadlines ahead: duty occurrences not yet done, notice\n"
	"rectification deadlines (working days), agreement expiries — for a unit, or for the duties one\n"
	"person answers for. UIDs are stable, so a subscribed calendar updates in place; times are\n"
	"Asia/Shanghai. SOURCE_DATE_EPOCH fixes DTSTAMP for reproducible output.\n";

int cmd_calendar(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *person = NULL, *output = NULL;
	zdate today = date_today();
	if (argc < 2 || strcmp(argv[1], "ics"))
		return cmd_usage("calendar", "expected: calendar ics");
	const struct cmd_option opts[] = {OPT_STR("--org", &org), OPT_STR("--person", &person), OPT_STR("--output", &output),
					    OPT_DATE("--as-of", &today), OPT_DONE};
	int rc = cmd_parse("calendar", argc, argv, 2, opts, 0, NULL);
	if (rc)
		return rc;
	struct cmd_facts l = {0};
	struct zerr e = {0};
	struct feed ev = {0};
	struct strbuf out = STRBUF_INIT;
	char summary[1024];
	if ((rc = cmd_load(ctx, org, CMD_CAL | CMD_POLICIES, &l)))
		goto out;
	zidx pi = person ? hmap_get(&l.f.person_ids, person) : ZIDX_NONE;
	if (person && pi < 0) {
		fprintf(stderr, "zeren: no person with id '%s'\n", person);
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t u = 0; u < l.f.orgs.n; u++) {
		if ((org && strcmp(l.f.orgs.v[u].id, org)) || (pi >= 0 && l.f.people.v[pi].org != (zidx)u))
			continue;
		if (feed_add_unit(&ev, &l.f, l.cal, policies_for_unit(l.ps, l.f.orgs.v[u].id, l.f.orgs.v[u].policy, today, NULL), (zidx)u, pi, today, &e)) {
			rc = cmd_fail(&e);
			goto out;
		}
	}
	/* DTSTAMP: now, or SOURCE_DATE_EPOCH for reproducible output */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t stamp = sde ? strtoll(sde, NULL, 10) : (int64_t)clock_now();
	snprintf(summary, sizeof summary, "zeren %s%s%s", org ? org : "全部单位", person ? " " : "", person ? person : "");
	if (ics_write(summary, ev.v, ev.n, stamp, &out, &e)) {
		rc = cmd_fail(&e);
		goto out;
	}
	FILE *fo = output ? fopen(output, "wb") : stdout;
	if (!fo || fwrite(out.buf, 1, out.len, fo) != out.len || (output && fclose(fo) != 0)) {
		fprintf(stderr, "zeren: cannot write %s\n", output ? output : "standard output");
		rc = EXIT_FAILURE_;
	}
	if (output)
		fprintf(stderr, "已写出 %zu 个日程 / %zu events written to %s\n", ev.n, ev.n, output);
out:
	sb_release(&out);
	feed_release(&ev);
	cmd_unload(&l);
	return rc;
}
