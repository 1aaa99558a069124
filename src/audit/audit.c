/* The hash chain over the audit log. The store keeps the rows; here each row's SHA-256 is
 * computed over a canonical serialisation of its fields and the previous row's hash. */
#include "audit/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/strbuf.h"
#include "util/clock.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *audit_entry_json(const struct audit_entry *a)
{
	json_t *detail = a->detail ? json_loads(a->detail, JSON_DECODE_ANY, NULL) : NULL;
	if (!detail)
		detail = str_or_null(a->detail);
	return json_pack("{s:I, s:s, s:o, s:o, s:s, s:o, s:b, s:o, s:s, s:s}", "seq", (json_int_t)a->seq, "at", a->at,
			 "account", str_or_null(a->account), "source", str_or_null(a->source), "action", a->action,
			 "object", str_or_null(a->object), "success", a->success, "detail", detail, "prev_hash",
			 a->prev_hash, "hash", a->hash);
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
	char at[32];
	int rc;
	utc_text(clock_now(), "%Y-%m-%dT%H:%M:%SZ", at, sizeof at);
	struct audit_entry a = {.at = at, .account = account, .source = source, .action = action,
				.object = object, .detail = detail_json, .success = success};
	if ((rc = store_audit_last(s, &a.seq, a.prev_hash, e)))
		return rc;
	a.seq++;
	if ((rc = audit_hash(&a, a.hash, e)))
		return rc;
	return store_audit_insert(s, &a, e);
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
	int64_t anchor_seq;
	char anchor[AUDIT_HASH_HEX + 1];
};

static int broken(struct verify *v, int64_t seq, const char *zh, const char *en)
{
	v->broken = seq;
	return zerr_set(v->e, ZE_CONFLICT, "第 %" PRId64 " 条记录%s / record %" PRId64 " %s", seq, zh, seq, en);
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
	memcpy(v->prev, a->hash, sizeof v->prev);
	v->next++;
	v->checked++;
	return 0;
}

int audit_verify(struct store *s, int64_t *checked, int64_t *first_broken, struct zerr *e)
{
	struct verify v = {.e = e};
	int rc;
	*checked = 0;
	*first_broken = 0;
	/* The chain starts at seq 1 after 64 zeros, or after the latest purge at its anchor. */
	if ((rc = store_audit_anchor(s, &v.anchor_seq, v.anchor, e)))
		return rc;
	if (v.anchor_seq) {
		v.next = v.anchor_seq;
		memcpy(v.prev, v.anchor, sizeof v.prev);
	} else {
		v.next = 1;
		memset(v.prev, '0', AUDIT_HASH_HEX);
	}
	rc = store_audit_each(s, 0, verify_row, &v, e);
	*checked = v.checked;
	*first_broken = v.broken;
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

int audit_purge(struct store *s, const char *before_date, int64_t *purged, struct zerr *e)
{
	zdate d;
	char cutoff[16];
	int rc;
	*purged = 0;
	if (!before_date || strlen(before_date) != 10 || !date_parse(before_date, &d))
		return zerr_set(e, ZE_INVALID, "audit purge: '%s' is not a date (YYYY-MM-DD)",
				before_date ? before_date : "");
	utc_text(clock_now() - (time_t)AUDIT_RETENTION_DAYS * 86400, "%Y-%m-%d", cutoff, sizeof cutoff);
	if (strcmp(before_date, cutoff) > 0)
		return zerr_set(e, ZE_CONFLICT,
				"审计日志至少保存六个月 (网络安全法 第二十一条): 不能清除 %s 以后的记录 / audit records "
				"are kept at least 6 months (%d days, Cybersecurity Law art. 21): the latest --before "
				"allowed today is %s",
				cutoff, AUDIT_RETENTION_DAYS, cutoff);
	struct find_cut c = {.before = before_date};
	if ((rc = store_begin(s, e)))
		return rc;
	rc = store_audit_each(s, 0, find_cut_row, &c, e);
	if (rc < 0)
		goto fail;
	if (!c.cut)
		c.cut = c.last + 1;
	if ((rc = store_audit_purge(s, c.cut, purged, e)) || (rc = store_commit(s, e)))
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}
