/* The hash chain over the audit log. The store keeps the rows; here each row's SHA-256 is
 * computed over a canonical serialisation of its fields and the previous row's hash. */
#include "audit/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strbuf.h"
#include "util/clock.h"

/* A JSON string of s, whatever it holds: bytes that are not UTF-8 (a record written before
 * they were refused, or by hand) are shown as \xNN rather than failing the whole reply. */
static json_t *str_or_null(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb, 4 * strlen(s) + 16);
	sb_add_utf8_escaped(&sb, s);
	j = json_string(sb.buf ? sb.buf : "");
	sb_release(&sb);
	return j ? j : json_string("?");
}

json_t *audit_entry_json(const struct audit_entry *a)
{
	json_t *detail = a->detail ? json_loads(a->detail, JSON_DECODE_ANY, NULL) : NULL;
	if (!detail)
		detail = str_or_null(a->detail);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "seq", (json_int_t)a->seq, "at",
			 str_or_null(a->at), "account", str_or_null(a->account), "source", str_or_null(a->source),
			 "action", str_or_null(a->action), "object", str_or_null(a->object), "success", a->success,
			 "detail", detail, "prev_hash", str_or_null(a->prev_hash), "hash", str_or_null(a->hash));
}

/* s as valid UTF-8: itself, or an escaped copy in *copy (freed by the caller). */
static const char *utf8_or_escaped(const char *s, char **copy)
{
	*copy = NULL;
	if (!s || utf8_valid(s, strlen(s)))
		return s;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb, 4 * strlen(s) + 16);
	if (!sb_add_utf8_escaped(&sb, s)) {
		sb_release(&sb);
		return "?";
	}
	*copy = sb_detach(&sb, NULL);
	return *copy ? *copy : "?";
}

/* Each field as "<length>:<bytes>;" (NULL as "-;"), so no field can run into the next. */
static void put_field(struct strbuf *sb, const char *v)
{
	if (!v) {
		sb_adds(sb, "-;");
		return;
	}
	sb_addf(sb, "%zu:", strlen(v));
	sb_adds(sb, v);
	sb_addc(sb, ';');
}

int audit_hash(const struct audit_entry *a, char out[AUDIT_HASH_HEX + 1], struct zerr *e)
{
	struct strbuf sb = STRBUF_INIT;
	char seq[32];
	unsigned char h[crypto_hash_sha256_BYTES];
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	snprintf(seq, sizeof seq, "%" PRId64, a->seq);
	sb_adds(&sb, "zeren-audit/1;");
	put_field(&sb, seq);
	put_field(&sb, a->at);
	put_field(&sb, a->account);
	put_field(&sb, a->source);
	put_field(&sb, a->action);
	put_field(&sb, a->object);
	put_field(&sb, a->success ? "1" : "0");
	put_field(&sb, a->detail);
	put_field(&sb, a->prev_hash);
	crypto_hash_sha256(h, (const unsigned char *)(sb.buf ? sb.buf : ""), sb.len);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
	sb_release(&sb);
	return 0;
}

static void utc_text(time_t t, const char *fmt, char *buf, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, fmt, &tm);
}

int audit_append_in(struct store *s, const char *account, const char *source, const char *action,
		    const char *object, bool success, const char *detail_json, struct zerr *e)
{
	char at[32], *copy[5];
	int rc;
	utc_text(clock_now(), "%Y-%m-%dT%H:%M:%SZ", at, sizeof at);
	/* Whatever a caller passes, what is recorded is valid UTF-8 (readers and exports rely on it). */
	struct audit_entry a = {.at = at, .account = utf8_or_escaped(account, &copy[0]),
				.source = utf8_or_escaped(source, &copy[1]), .action = utf8_or_escaped(action, &copy[2]),
				.object = utf8_or_escaped(object, &copy[3]), .detail = utf8_or_escaped(detail_json, &copy[4]),
				.success = success};
	if (!(rc = store_audit_last(s, &a.seq, a.prev_hash, e))) {
		a.seq++;
		if (!(rc = audit_hash(&a, a.hash, e)))
			rc = store_audit_insert(s, &a, e);
	}
	for (int i = 0; i < 5; i++)
		free(copy[i]);
	return rc;
}

int audit_append(struct store *s, const char *account, const char *source, const char *action,
		 const char *object, bool success, const char *detail_json, struct zerr *e)
{
	int rc;
	if ((rc = store_begin(s, e)))
		return rc;
	if ((rc = audit_append_in(s, account, source, action, object, success, detail_json, e)) ||
	    (rc = store_commit(s, e))) {
		store_rollback(s);
		return rc;
	}
	return 0;
}

struct verify {
	struct zerr *e;
	int64_t next, checked, broken;
	char prev[AUDIT_HASH_HEX + 1];
	const struct audit_signed_head *heads; /* sorted by seq */
	size_t nheads, at_head, matched;
	int64_t good_seq; /* the highest signed seq found intact so far (0: none) */
	int64_t anchor_seq;
	char anchor[AUDIT_HASH_HEX + 1];
};

static int broken(struct verify *v, int64_t seq, const char *zh, const char *en)
{
	v->broken = seq;
	return zerr_set(v->e, ZE_CONFLICT, "第 %" PRId64 " 条记录%s / record %" PRId64 " %s", seq, zh, seq, en);
}

/* The chain's hash at seq (the record's, or the purge anchor's for the record before the first
 * kept) against the signed heads at that seq. */
static int check_heads(struct verify *v, int64_t seq, const char *hash)
{
	for (; v->at_head < v->nheads && v->heads[v->at_head].seq <= seq; v->at_head++) {
		const struct audit_signed_head *h = &v->heads[v->at_head];
		if (h->seq < seq)
			continue; /* purged: nothing left to compare it with */
		if (strcmp(h->hash, hash)) {
			int64_t from = v->good_seq + 1 > v->anchor_seq ? v->good_seq + 1 : v->anchor_seq;
			if (from < 1)
				from = 1;
			v->broken = seq;
			return zerr_set(v->e, ZE_CONFLICT,
					"第 %" PRId64 " 条记录与 %s 签名的检查点不符: 第 %" PRId64 "–%" PRId64
					" 条记录被改写 / record %" PRId64 " differs from the checkpoint signed at %s: "
					"records %" PRId64 "-%" PRId64 " were rewritten",
					seq, h->at, from, seq, seq, h->at, from, seq);
		}
		v->matched++;
		v->good_seq = seq;
	}
	return 0;
}

static int verify_row(void *ctx, const struct audit_entry *a)
{
	struct verify *v = ctx;
	char h[AUDIT_HASH_HEX + 1];
	if (a->seq > v->next)
		return broken(v, v->next, "缺失 (被删除)", "is missing (deleted)");
	if (a->seq < v->next) /* a record the latest purge says was removed */
		return broken(v, a->seq, "被篡改", "was altered");
	if (audit_hash(a, h, v->e))
		return v->e->code;
	if (strcmp(h, a->hash) || strcmp(a->prev_hash, v->prev))
		return broken(v, a->seq, "被篡改", "was altered");
	int rc = check_heads(v, a->seq, a->hash);
	if (rc)
		return rc;
	memcpy(v->prev, a->hash, sizeof v->prev);
	v->next++;
	v->checked++;
	return 0;
}

int audit_verify_heads(struct store *s, const struct audit_signed_head *heads, size_t nheads,
		       struct audit_verify_result *r, struct zerr *e)
{
	struct verify v = {.e = e, .heads = heads, .nheads = nheads};
	int rc;
	memset(r, 0, sizeof *r);
	/* The chain starts at seq 1 after 64 zeros, or after the latest purge at its anchor. */
	if ((rc = store_audit_anchor(s, &v.anchor_seq, v.anchor, e)))
		return rc;
	if (v.anchor_seq) {
		v.next = v.anchor_seq;
		memcpy(v.prev, v.anchor, sizeof v.prev);
		/* The anchor is the hash of the last purged record: a head signed there checks it. */
		if ((rc = check_heads(&v, v.anchor_seq - 1, v.anchor))) {
			r->first_broken = v.broken;
			return rc;
		}
	} else {
		v.next = 1;
		memset(v.prev, '0', AUDIT_HASH_HEX);
	}
	r->first = v.next;
	rc = store_audit_each(s, 0, verify_row, &v, e);
	r->checked = v.checked;
	r->first_broken = v.broken;
	r->matched = v.matched;
	r->last = v.next - 1;
	if (!v.checked)
		r->first = 0;
	if (rc)
		return rc;
	/* A head signed beyond the chain's end: the tail was cut off. */
	if (nheads && heads[nheads - 1].seq > r->last) {
		const struct audit_signed_head *h = &heads[nheads - 1];
		r->first_broken = r->last + 1;
		return zerr_set(e, ZE_CONFLICT,
				"审计日志被截断: 止于第 %" PRId64 " 条, 但 %s 签名的检查点已有第 %" PRId64
				" 条 / the audit log was truncated: it ends at record %" PRId64
				" but the checkpoint signed at %s covers record %" PRId64 " (records %" PRId64 "-%" PRId64
				" are missing)",
				r->last, h->at, h->seq, r->last, h->at, h->seq, r->last + 1, h->seq);
	}
	return 0;
}

int audit_verify(struct store *s, int64_t *checked, int64_t *first_broken, struct zerr *e)
{
	struct audit_verify_result r;
	int rc = audit_verify_heads(s, NULL, 0, &r, e);
	*checked = r.checked;
	*first_broken = r.first_broken;
	return rc;
}

struct find_cut {
	const char *before;
	int64_t cut, last;
};

static int find_cut_row(void *ctx, const struct audit_entry *a)
{
	struct find_cut *c = ctx;
	c->last = a->seq;
	if (strcmp(a->at, c->before) >= 0) {
		c->cut = a->seq;
		return 1;
	}
	return 0;
}

static int newest_row(void *ctx, const struct audit_entry *a)
{
	snprintf(ctx, 32, "%s", a->at);
	return 0;
}

/* How far the clock may lag the newest record before purge reports it. */
#define AUDIT_CLOCK_SKEW 300

int audit_purge(struct store *s, const char *before_date, struct audit_purge_limit *lim, int64_t *purged,
		struct zerr *e)
{
	zdate d;
	char cutoff[16], now[32], newest[32] = "", skewed[32], last_hash[AUDIT_HASH_HEX + 1];
	int64_t last_seq;
	int rc;
	*purged = 0;
	if (lim)
		lim->clock_behind[0] = '\0';
	if (!before_date || strlen(before_date) != 10 || !date_parse(before_date, &d))
		return zerr_set(e, ZE_INVALID, "audit purge: '%s' is not a date (YYYY-MM-DD)",
				before_date ? before_date : "");
	if ((rc = store_audit_last(s, &last_seq, last_hash, e)) ||
	    (last_seq && (rc = store_audit_each(s, last_seq, newest_row, newest, e))))
		return rc;
	/* "Now" is the earliest of the clock, the newest record and the last signed checkpoint: a
	 * clock moved forward cannot age current records. A clock behind the newest record (set
	 * back, or records written while it was ahead) only makes "now" earlier, which keeps more:
	 * it is reported in lim->clock_behind and blocks nothing. */
	time_t t = clock_now();
	utc_text(t, "%Y-%m-%dT%H:%M:%SZ", now, sizeof now);
	utc_text(t + AUDIT_CLOCK_SKEW, "%Y-%m-%dT%H:%M:%SZ", skewed, sizeof skewed);
	if (lim && *newest && strcmp(newest, skewed) > 0)
		snprintf(lim->clock_behind, sizeof lim->clock_behind, "%s", newest);
	if (*newest && strcmp(newest, now) < 0)
		snprintf(now, sizeof now, "%s", newest);
	if (lim && lim->signed_at && strcmp(lim->signed_at, now) < 0)
		snprintf(now, sizeof now, "%s", lim->signed_at);
	zdate today;
	now[10] = '\0';
	if (!date_parse(now, &today))
		return zerr_set(e, ZE_INVALID, "audit purge: bad record time '%s'", now);
	date_format(today - AUDIT_RETENTION_DAYS, cutoff);
	if (strcmp(before_date, cutoff) > 0)
		return zerr_set(e, ZE_CONFLICT,
				"审计日志至少保存六个月 (网络安全法 第二十一条): 不能清除 %s 以后的记录 / audit records "
				"are kept at least 6 months (%d days, Cybersecurity Law art. 21): the latest --before "
				"allowed is %s (%d days before %s, the earliest of the clock, the newest record and the "
				"last signed checkpoint)",
				cutoff, AUDIT_RETENTION_DAYS, cutoff, AUDIT_RETENTION_DAYS, now);
	struct find_cut c = {.before = before_date};
	if ((rc = store_begin(s, e)))
		return rc;
	rc = store_audit_each(s, 0, find_cut_row, &c, e);
	if (rc < 0)
		goto fail;
	if (!c.cut)
		c.cut = c.last + 1;
	/* Never past the last verified checkpoint: what goes must have been signed. */
	if (lim && c.cut > lim->max_seq + 1)
		c.cut = lim->max_seq + 1;
	if ((rc = store_audit_purge(s, c.cut, purged, e)) || (rc = store_commit(s, e)))
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}
