/* The audit log for the 审计管理员: read (操作日志; with action=session. the 登录日志), verify
 * and export. Nothing here changes the log: there is no route that could; purging stays on the
 * command line. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "audit/anchor.h"
#include "audit/audit.h"

#define TZ_OFFSET (8 * 3600) /* dates in filters are days in Asia/Shanghai */

/* The UTC instant ("...Z") at which day d begins in Asia/Shanghai. */
static void day_start_utc(zdate d, char buf[32])
{
	time_t t = (time_t)d * 86400 - TZ_OFFSET;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The filter from ?account= ?action= ?object= ?success= ?from= ?to=; fills 400 and returns
 * nonzero when one is malformed. The bounds go into from_buf and to_buf. */
static int read_filter(const struct http_req *rq, struct http_resp *rs, struct audit_filter *f, char from_buf[32],
		       char to_buf[32])
{
	const char *ok = http_query(rq, "success"), *from = http_query(rq, "from"), *to = http_query(rq, "to");
	zdate d;
	*f = (struct audit_filter){.account = http_query(rq, "account"), .action_prefix = http_query(rq, "action"),
				   .object = http_query(rq, "object"), .success = -1};
	if (ok) {
		if (strcmp(ok, "true") && strcmp(ok, "false"))
			return http_error(rs, 400, "bad_parameter", "success", "success is true or false"), 1;
		f->success = ok[0] == 't';
	}
	if (from) {
		if (!date_parse(from, &d))
			return http_error(rs, 400, "bad_parameter", "from", "from must be a date YYYY-MM-DD"), 1;
		day_start_utc(d, from_buf);
		f->at_from = from_buf;
	}
	if (to) {
		if (!date_parse(to, &d))
			return http_error(rs, 400, "bad_parameter", "to", "to must be a date YYYY-MM-DD"), 1;
		day_start_utc(d + 1, to_buf); /* to is the last day included */
		f->at_to = to_buf;
	}
	return 0;
}

static int row_json(void *ctx, const struct audit_entry *a)
{
	json_t *items = ctx, *o = audit_entry_json(a);
	return o && !json_array_append_new(items, o) ? 0 : ZE_NOMEM;
}

static int list(struct http_req *rq, struct http_resp *rs)
{
	struct audit_filter f;
	struct page pg;
	char from[32], to[32];
	int64_t total = 0;
	struct zerr e = {0};
	if (api_page(rq, rs, &pg) || read_filter(rq, rs, &f, from, to))
		return 0;
	json_t *items = json_array();
	if (!items)
		return ZE_NOMEM;
	int rc = store_audit_query(rq->w->store, &f, (int64_t)((pg.page - 1) * pg.per_page), (int64_t)pg.per_page,
				   row_json, items, &total, &e);
	if (rc) {
		json_decref(items);
		return rc == ZE_NOMEM ? rc : http_zerr(rs, &e);
	}
	return api_paged(rs, items, (size_t)total, &pg);
}

/* The chain, and against the signed checkpoints when the server knows its public key. */
static int verify(struct http_req *rq, struct http_resp *rs)
{
	struct audit_anchor_report r = {0};
	struct audit_key *k = NULL;
	struct zerr e = {0};
	char msg[ZERR_MSG_MAX + 64];
	const struct api_server *app = rq->w->srv;
	int rc;
	bool anchored = app->audit_pubkey && !audit_key_load_public(app->audit_pubkey, &k, &e);
	if (!anchored && e.code && e.code != ZE_NOTFOUND)
		return http_zerr(rs, &e);
	e = (struct zerr){0};
	if (anchored) {
		rc = audit_verify_anchored(rq->w->store, k, app->audit_checkpoints, &r, &e);
		audit_key_free(k);
	} else {
		rc = audit_verify(rq->w->store, &r.chain.checked, &r.chain.first_broken, &e);
	}
	if (rc && rc != ZE_CONFLICT)
		return http_zerr(rs, &e);
	if (rc)
		snprintf(msg, sizeof msg, "%s", e.msg);
	else
		snprintf(msg, sizeof msg, "审计日志完整 / audit log intact: %" PRId64 " records", r.chain.checked);
	json_t *last = r.have_last ? json_pack("{s:I, s:s, s:s, s:s}", "seq", (json_int_t)r.last.seq, "at", r.last.at,
					       "alg", r.last.alg, "key", r.last.key_id)
				   : json_null();
	return http_json(rs, 200,
			 json_pack("{s:b, s:I, s:o, s:s, s:b, s:I, s:o}", "intact", rc == 0, "checked", (json_int_t)r.chain.checked,
				   "first_broken", rc ? json_integer(r.chain.first_broken) : json_null(), "message", msg,
				   "anchored", anchored, "checkpoints", (json_int_t)r.verified, "last_checkpoint", last));
}

/* One CSV field (RFC 4180). A field that a spreadsheet would take for a formula gets a leading
 * apostrophe: the log holds what clients sent (names tried at login), and opening the export
 * must not run it. */
static void csv_field(struct strbuf *sb, const char *s, bool last)
{
	s = s ? s : "";
	bool formula = s[0] && s[1] && strchr("=+-@\t\r", s[0]); /* a lone "-" (nobody) is text */
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_addc(sb, '"');
	if (formula)
		sb_addc(sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	if (quote)
		sb_addc(sb, '"');
	sb_adds(sb, last ? "\r\n" : ",");
}

static int row_csv(void *ctx, const struct audit_entry *a)
{
	struct strbuf *sb = ctx;
	char seq[32];
	snprintf(seq, sizeof seq, "%" PRId64, a->seq);
	csv_field(sb, seq, false);
	csv_field(sb, a->at, false);
	csv_field(sb, a->account, false);
	csv_field(sb, a->source, false);
	csv_field(sb, a->action, false);
	csv_field(sb, a->object, false);
	csv_field(sb, a->success ? "ok" : "failed", false);
	csv_field(sb, a->detail, false);
	csv_field(sb, a->prev_hash, false);
	csv_field(sb, a->hash, true);
	return sb->overflow ? ZE_NOMEM : 0;
}

static int export(struct http_req *rq, struct http_resp *rs)
{
	struct audit_filter f;
	char from[32], to[32], disposition[96], today[ZDATE_BUFSZ];
	struct strbuf sb = STRBUF_INIT;
	struct zerr e = {0};
	if (read_filter(rq, rs, &f, from, to))
		return 0;
	f.oldest_first = true;
	/* The BOM tells Excel the file is UTF-8, so Chinese text opens as text. */
	sb_adds(&sb, "\xEF\xBB\xBF" "seq,at,account,source,action,object,result,detail,prev_hash,hash\r\n");
	int rc = store_audit_query(rq->w->store, &f, 0, -1, row_csv, &sb, NULL, &e);
	if (!rc && sb.overflow)
		rc = ZE_NOMEM;
	if (!rc)
		rc = http_text(rs, 200, "text/csv; charset=utf-8", sb.buf, sb.len);
	sb_release(&sb);
	if (rc)
		return rc == ZE_NOMEM ? rc : http_zerr(rs, &e);
	snprintf(disposition, sizeof disposition, "attachment; filename=\"zeren-audit-%s.csv\"",
		 date_format(date_today(), today));
	return http_add_header(rs, "Content-Disposition", disposition);
}

const struct route api_audit_routes[] = {
	{HTTP_GET, "/api/v1/audit", list, PERM_AUDIT, 0, false},
	{HTTP_GET, "/api/v1/audit/verify", verify, PERM_AUDIT, 0, false},
	{HTTP_GET, "/api/v1/audit/export", export, PERM_AUDIT, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
