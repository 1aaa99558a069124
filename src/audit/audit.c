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
	utc_text(time(NULL), "%Y-%m-%dT%H:%M:%SZ", at, sizeof at);
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
	utc_text(time(NULL) - (time_t)AUDIT_RETENTION_DAYS * 86400, "%Y-%m-%d", cutoff, sizeof cutoff);
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
