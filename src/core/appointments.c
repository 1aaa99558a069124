#include "core/appointments.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/change.h"
#include "core/check.h"
#include "core/history.h"
#include "core/render.h"
#include "util/clock.h"
#include "store/backend.h"

void appt_id(const struct facts *f, zidx ai, char out[APPT_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	struct strbuf key = STRBUF_INIT;
	unsigned char h[crypto_hash_sha256_BYTES];
	appt_natural_key(f, &f->appts.v[ai], &key);
	/* libsodium's SHA-256 needs no sodium_init: it has no CPU-dependent variants. */
	crypto_hash_sha256(h, (const unsigned char *)key.buf, key.len);
	sb_release(&key);
	out[0] = 'a';
	out[1] = '-';
	for (int i = 0; i < 8; i++) {
		out[2 + 2 * i] = hex[h[i] >> 4];
		out[3 + 2 * i] = hex[h[i] & 15];
	}
	out[APPT_ID_LEN] = '\0';
}

zidx appt_find(const struct facts *f, zidx org, const char *id)
{
	char buf[APPT_ID_LEN + 1];
	if (strlen(id) != APPT_ID_LEN || strncmp(id, "a-", 2) != 0)
		return ZIDX_NONE;
	FACTS_EACH(f, appt, org, ai) {
		appt_id(f, ai, buf);
		if (strcmp(buf, id) == 0)
			return ai;
	}
	return ZIDX_NONE;
}

size_t appt_check_dates(zdate from, zdate today, zdate out[2])
{
	out[0] = from;
	if (today <= from)
		return 1;
	out[1] = today;
	return 2;
}

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : "")

/* What identifies a finding across two loads of the same unit: its rule, subject and the ids
 * it names. */
static void finding_key(const struct facts *f, const struct finding *fd, struct strbuf *out)
{
	sb_reset(out);
	sb_addf(out, "%s\x1f%d\x1f%s\x1f%d\x1f%d\x1f%d\x1f%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
		fd->rule->id, fd->subject_kind, finding_subject_id(f, fd), fd->reason, fd->post, fd->other_post,
		fd->seat, ID_OF(f, people, fd->person), ID_OF(f, depts, fd->dept), ID_OF(f, agreements, fd->agreement),
		ID_OF(f, incidents, fd->incident), ID_OF(f, incidents, fd->other_incident),
		ID_OF(f, notices, fd->notice), fd->obligation ? fd->obligation->id : "", fd->period);
}

static int push(struct findings *fs, const struct finding *fd)
{
	struct finding *p = findings_add(fs);
	if (!p)
		return ZE_NOMEM;
	*p = *fd;
	return 0;
}

int findings_added(const struct facts *bf, const struct findings *before, const struct facts *af,
		   const struct findings *after, struct findings *added)
{
	struct arena keys = ARENA_INIT;
	struct hmap seen = HMAP_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	/* Keys of what is known already: before's errors, then what added holds (also from af). */
	for (size_t pass = 0; pass < 2 && !rc; pass++) {
		const struct facts *f = pass ? af : bf;
		const struct findings *fs = pass ? added : before;
		for (size_t i = 0; i < fs->n && !rc; i++) {
			if (fs->v[i].rule->severity != SEV_ERROR)
				continue;
			finding_key(f, &fs->v[i], &sb);
			const char *k = sb.overflow ? NULL : arena_strdup(&keys, sb.buf);
			rc = k ? hmap_put(&seen, k, 1) : ZE_NOMEM;
		}
	}
	for (size_t i = 0; i < after->n && !rc; i++) {
		const struct finding *fd = &after->v[i];
		if (fd->rule->severity != SEV_ERROR)
			continue;
		finding_key(af, fd, &sb);
		if (sb.overflow) {
			rc = ZE_NOMEM;
		} else if (hmap_get(&seen, sb.buf) < 0) {
			const char *k = arena_strdup(&keys, sb.buf);
			rc = k ? hmap_put(&seen, k, 1) : ZE_NOMEM;
			if (!rc)
				rc = push(added, fd);
		}
	}
	sb_release(&sb);
	hmap_release(&seen);
	arena_release(&keys);
	return rc;
}

int appt_added_findings(struct engine *en, const struct policy_set *ps, const struct cal *cal,
			const struct facts *before, const struct findings *const *before_at,
			const struct facts *after, const char *org_id, const zdate *dates, size_t ndates,
			struct findings *added, struct zerr *e)
{
	zidx bo = hmap_get(&before->org_ids, org_id), ao = hmap_get(&after->org_ids, org_id);
	int rc = 0;
	if (ao < 0 || (bo < 0 && !before_at))
		return zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
	for (size_t i = 0; i < ndates && !rc; i++) {
		struct findings b = {0}, a = {0};
		const struct findings *bp = before_at ? before_at[i] : &b;
		if (!before_at)
			rc = check_facts_with(en, before, ps, cal, bo, dates[i], &b, e);
		if (!rc)
			rc = check_facts_with(en, after, ps, cal, ao, dates[i], &a, e);
		if (!rc && (rc = findings_added(before, bp, after, &a, added)))
			zerr_set(e, rc, "out of memory");
		findings_release(&b);
		findings_release(&a);
	}
	if (!rc)
		findings_sort(added, after);
	return rc;
}

json_t *appt_leaving_handover(const struct policy *p, const struct facts *f, zidx ai, zdate to)
{
	const struct appt *a = &f->appts.v[ai];
	const struct rule *r = NULL;
	if (!p || a->post < 0)
		return NULL;
	for (int i = 0; i < p->nrules && !r; i++) {
		const struct rule *x = rule_at(&p->rules[i], to);
		if (x && x->kind == RK_HANDOVER && ((x->posts >> a->post) & 1u))
			r = x;
	}
	if (!r)
		return NULL;
	FACTS_EACH(f, appt, a->org, k) {
		const struct appt *b = &f->appts.v[k];
		if (k != ai && b->person == a->person && b->post == a->post && b->from <= to && to < b->to)
			return NULL; /* not a leaving: the post is still held in another scope */
	}
	FACTS_EACH(f, handover, a->org, k) {
		const struct handover *h = &f->handovers.v[k];
		if (h->person == a->person && h->post == a->post && h->left_on == to)
			return NULL;
	}
	char id[APPT_ID_LEN + 1], hid[APPT_ID_LEN + 2], day[ZDATE_BUFSZ];
	appt_id(f, ai, id);
	snprintf(hid, sizeof hid, "ho-%s", id + 2);
	if (hmap_get(&f->handover_ids, hid) >= 0)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", hid, "org", f->orgs.v[a->org].id, "person",
			 f->people.v[a->person].id, "post", post_id(a->post), "left_on", date_format(to, day), "notes",
			 "任职结束时自动登记 / opened when the appointment ended");
}

int appt_check_end(const struct facts *f, zidx ai, zdate to, zdate today, struct zerr *e)
{
	const struct appt *a = &f->appts.v[ai];
	char buf[ZDATE_BUFSZ];
	if (a->to <= today)
		return zerr_set(e, ZE_CONFLICT, "任职已于 %s 结束 / the appointment has ended already, on %s",
				date_format(a->to, buf), buf);
	if (to <= a->from)
		return zerr_set(e, ZE_INVALID, "$.to: 结束日期应晚于任职开始日期 %s / must be after the appointment's from, %s",
				date_format(a->from, buf), buf);
	return 0;
}

int appt_withdraw(struct store *s, struct change *c, const char *org_id, const char *appt_id, json_t **was,
		  struct zerr *e)
{
	struct facts f;
	struct strbuf key = STRBUF_INIT;
	json_t *rec = NULL, *detail = NULL;
	char at[HISTORY_AT_BUFSZ];
	int rc;
	facts_init(&f);
	if ((rc = store_begin(s, e)))
		goto refused;
	if ((rc = store_load(s, &f, org_id, e)) || (rc = facts_index(&f) ? zerr_set(e, ZE_NOMEM, "out of memory") : 0))
		goto fail;
	zidx ai = appt_find(&f, hmap_get(&f.org_ids, org_id), appt_id);
	if (ai < 0) {
		rc = zerr_set(e, ZE_NOTFOUND, "no appointment '%s' in this unit", appt_id);
		goto fail;
	}
	appt_natural_key(&f, &f.appts.v[ai], &key);
	rec = appt_json(&f, ai);
	detail = c->detail ? json_deep_copy(c->detail) : json_object();
	if (!rec || !json_is_object(detail) || key.overflow || json_object_set(detail, "withdrawn", rec)) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto fail;
	}
	/* the withdrawal first: the database lets an appointment go only when it is recorded */
	if ((rc = store_history_put(s, org_id, "appointment", key.buf, history_at(clock_now(), at), NULL, false, e)) ||
	    (rc = store_delete_appt(s, key.buf, e)) || (rc = change_record_in(s, c, detail, e)) ||
	    (rc = store_commit(s, e)))
		goto fail;
	if (was) {
		*was = rec;
		rec = NULL;
	}
	goto out;
fail:
	store_rollback(s);
refused:
	change_refused(s, c, e);
out:
	json_decref(rec);
	json_decref(detail);
	sb_release(&key);
	facts_release(&f);
	return rc;
}
