#include "core/calendar.h"

#include "core/change.h"
#include "core/embedded.h"

struct loading {
	struct cal *c;
	struct zerr *e;
};

static int add_row(void *ctx, zdate d, bool work, const char *en, const char *zh)
{
	struct loading *l = ctx;
	return cal_set_day(l->c, d, work, en, zh, l->e);
}

/* Writes every row of c to the store in one transaction, with ch's audit record (when the
 * rows are someone's change, not the shipped seed). */
static int save_rows(struct store *s, const struct cal *c, struct change *ch, struct zerr *e)
{
	int rc = store_begin(s, e);
	for (size_t i = 0; !rc && i < cal_row_count(c); i++) {
		zdate d;
		bool work;
		const char *en, *zh;
		cal_row(c, i, &d, &work, &en, &zh);
		rc = store_calendar_put(s, d, work, en, zh, e);
	}
	if (!rc && ch) {
		json_t *detail = json_pack("{s:I}", "added", (json_int_t)cal_row_count(c));
		rc = detail ? change_record_in(s, ch, detail, e) : zerr_set(e, ZE_NOMEM, "out of memory");
		json_decref(detail);
	}
	if (!rc)
		rc = store_commit(s, e);
	if (rc)
		store_rollback(s);
	return rc;
}

int calendar_import_csv(struct store *s, struct change *ch, const char *text, size_t len, const char *source,
			size_t *added, struct zerr *e)
{
	struct cal *c = NULL;
	int rc;
	/* Parse it whole first: a bad line anywhere leaves the store untouched. */
	if (!(rc = cal_new(&c, e)) && !(rc = cal_load_csv(c, text, len, source, e)))
		rc = save_rows(s, c, ch, e);
	if (rc)
		change_refused(s, ch, e);
	if (!rc && added)
		*added = cal_row_count(c);
	cal_free(c);
	return rc;
}

int calendar_open(struct store *s, struct cal **out, struct zerr *e)
{
	struct cal *c = NULL;
	int rc;
	if ((rc = cal_new(&c, e)) || (rc = store_calendar_each(s, add_row, &(struct loading){c, e}, e)))
		goto fail;
	if (cal_row_count(c) == 0) {
		const struct embedded_file *ef = embedded_find("calendar/cn-holidays.csv");
		if (!ef) {
			rc = zerr_set(e, ZE_IO, "this build carries no calendar data");
			goto fail;
		}
		if ((rc = cal_load_csv(c, ef->data, ef->len, "cn-holidays.csv", e)) || (rc = save_rows(s, c, NULL, e)))
			goto fail;
	}
	*out = c;
	return 0;
fail:
	cal_free(c);
	return rc;
}
