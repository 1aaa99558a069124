/* Mail and robot webhooks over libcurl; channel secrets sealed with libsodium. */
#include "core/notify_send.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "util/strbuf.h"

#define MAIL_MAX ((size_t)256 << 10)  /* bytes of one mail as sent */
#define REPLY_MAX ((size_t)16 << 10)  /* bytes of a webhook's reply read */

/* A header value must not carry a line break (it would start a header of its own). */
static bool header_safe(const char *s)
{
	return s && *s && !strpbrk(s, "\r\n");
}

static void answer_set(char answer[NOTIFY_ANSWER_MAX], const char *fmt, const char *a, const char *b)
{
	snprintf(answer, NOTIFY_ANSWER_MAX, fmt, a ? a : "", b ? b : "");
}

/* The transport options every call shares: bounded time, verified certificates (a private CA
 * through ca_file), no signals (the server's threads), no redirects. */
static void curl_common(CURL *c, const char *ca_file, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)NOTIFY_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(NOTIFY_TIMEOUT_S / 2));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (ca_file && *ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
}

static int curl_failed(CURLcode cc, const char *errbuf, const char *what, char answer[NOTIFY_ANSWER_MAX],
		       struct zerr *e)
{
	answer_set(answer, "%s%s", errbuf[0] ? errbuf : curl_easy_strerror(cc), "");
	return zerr_set(e, ZE_IO, "%s: %s", what, answer);
}

/* ---- mail ---- */

static void add_base64(struct strbuf *sb, const unsigned char *p, size_t n)
{
	char out[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
	/* 57 bytes make one line of 76 characters (RFC 2045). */
	for (size_t i = 0; i < n; i += 57) {
		size_t k = n - i < 57 ? n - i : 57;
		sodium_bin2base64(out, sizeof out, p + i, k, sodium_base64_VARIANT_ORIGINAL);
		sb_adds(sb, out);
		sb_adds(sb, "\r\n");
	}
}

/* The subject as RFC 2047 encoded words of at most 39 bytes of UTF-8 each (whole characters),
 * folded onto continuation lines, so that every line, "Subject: " included, stays within 78
 * characters (RFC 5322). */
static void add_subject(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s), i = 0;
	char out[sodium_base64_ENCODED_LEN(39, sodium_base64_VARIANT_ORIGINAL)];
	sb_adds(sb, "Subject:");
	while (i < n) {
		size_t k = n - i < 39 ? n - i : 39;
		while (k > 0 && i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k--; /* do not split a character */
		sodium_bin2base64(out, sizeof out, (const unsigned char *)s + i, k, sodium_base64_VARIANT_ORIGINAL);
		sb_addf(sb, "%s=?UTF-8?B?%s?=", i ? "\r\n " : " ", out);
		i += k;
	}
	sb_adds(sb, "\r\n");
}

struct upload {
	const char *p;
	size_t left;
};

static size_t upload_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems < u->left ? size * nitems : u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

int notify_send_mail(const struct mail_server *m, const char *ca_file, const char *to, const char *subject,
		     const char *body, int64_t now, char answer[NOTIFY_ANSWER_MAX], struct zerr *e)
{
	struct strbuf msg, url = STRBUF_INIT, addr = STRBUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "", date[64], id[33];
	unsigned char rnd[16];
	struct curl_slist *rcpt = NULL;
	CURL *c = NULL;
	int rc = 0;
	answer[0] = '\0';
	if (!header_safe(m->host) || !header_safe(m->from) || !strchr(m->from, '@'))
		return zerr_set(e, ZE_INVALID, "mail: the server's host and sender address must be set");
	if (!header_safe(to) || !strchr(to, '@') || strpbrk(to, "<>, "))
		return zerr_set(e, ZE_INVALID, "mail: '%s' is not one mail address", to ? to : "");
	if (!header_safe(subject))
		return zerr_set(e, ZE_INVALID, "mail: the subject is empty or has a line break");
	const char *sec = m->security ? m->security : "starttls";
	bool tls = strcmp(sec, "tls") == 0, starttls = strcmp(sec, "starttls") == 0;
	if (!tls && !starttls && strcmp(sec, "none") != 0)
		return zerr_set(e, ZE_INVALID, "mail: security is starttls, tls or none, not '%s'", sec);
	sb_init(&msg, MAIL_MAX);
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(id, sizeof id, rnd, sizeof rnd);
	sb_addf(&msg, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nMessage-ID: <%s@zeren>\r\n", date, m->from, to, id);
	add_subject(&msg, subject);
	sb_adds(&msg, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n\r\n");
	add_base64(&msg, (const unsigned char *)body, strlen(body));
	sb_addf(&url, "%s://%s:%d", tls ? "smtps" : "smtp", m->host, m->port > 0 ? m->port : tls ? 465 : 587);
	sb_addf(&addr, "<%s>", to);
	if (msg.overflow || url.overflow || addr.overflow) {
		rc = zerr_set(e, ZE_LIMIT, "mail: the message is longer than %zu bytes", MAIL_MAX);
		goto out;
	}
	if (!(c = curl_easy_init()) || !(rcpt = curl_slist_append(NULL, addr.buf))) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	char from[512];
	snprintf(from, sizeof from, "<%s>", m->from);
	struct upload up = {msg.buf, msg.len};
	curl_common(c, ca_file, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, url.buf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (m->username && *m->username) {
		curl_easy_setopt(c, CURLOPT_USERNAME, m->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, m->password ? m->password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	CURLcode cc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (cc != CURLE_OK) {
		rc = curl_failed(cc, errbuf, "mail", answer, e);
		goto out;
	}
	snprintf(answer, NOTIFY_ANSWER_MAX, "%ld accepted", code);
out:
	curl_slist_free_all(rcpt);
	if (c)
		curl_easy_cleanup(c);
	sb_release(&msg);
	sb_release(&url);
	sb_release(&addr);
	return rc;
}

/* ---- robots ---- */

static void hmac_base64(const unsigned char *key, size_t key_len, const unsigned char *msg, size_t msg_len,
			char out[64])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, msg, msg_len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
}

void notify_sign_dingtalk(const char *secret, int64_t ts_ms, char out[64])
{
	char text[NOTIFY_SECRET_MAX + 32];
	int n = snprintf(text, sizeof text, "%lld\n%s", (long long)ts_ms, secret);
	hmac_base64((const unsigned char *)secret, strlen(secret), (const unsigned char *)text,
		    n < (int)sizeof text ? (size_t)n : sizeof text - 1, out);
}

void notify_sign_feishu(const char *secret, int64_t ts_s, char out[64])
{
	char key[NOTIFY_SECRET_MAX + 32];
	int n = snprintf(key, sizeof key, "%lld\n%s", (long long)ts_s, secret);
	hmac_base64((const unsigned char *)key, n < (int)sizeof key ? (size_t)n : sizeof key - 1,
		    (const unsigned char *)"", 0, out);
}

static size_t reply_write(char *p, size_t size, size_t n, void *arg)
{
	struct strbuf *sb = arg;
	sb_add(sb, p, size * n); /* past the cap the rest is dropped; the answer is cut */
	return size * n;
}

/* Whether the provider said ok: DingTalk and WeCom {"errcode": 0}, Feishu {"code": 0} (older
 * {"StatusCode": 0}). */
static bool robot_ok(enum robot_kind kind, const char *reply)
{
	json_t *j = json_loads(reply, 0, NULL);
	json_t *v = NULL;
	if (j && kind == ROBOT_FEISHU && !(v = json_object_get(j, "code")))
		v = json_object_get(j, "StatusCode");
	else if (j && kind != ROBOT_FEISHU)
		v = json_object_get(j, "errcode");
	bool ok = v && json_is_integer(v) && json_integer_value(v) == 0;
	json_decref(j);
	return ok;
}

int notify_send_robot(enum robot_kind kind, const char *webhook, const char *secret, const char *ca_file,
		      const char *text, int64_t now, char answer[NOTIFY_ANSWER_MAX], struct zerr *e)
{
	static const char *const names[] = {"DingTalk", "WeCom", "Feishu"};
	const char *name = names[kind];
	struct strbuf url = STRBUF_INIT, reply;
	char errbuf[CURL_ERROR_SIZE] = "", sign[64];
	struct curl_slist *headers = NULL;
	json_t *payload = NULL;
	char *body = NULL, *esc = NULL;
	CURL *c = NULL;
	int rc = 0;
	answer[0] = '\0';
	if (!webhook || strncmp(webhook, "https://", 8) != 0 || strpbrk(webhook, " \r\n"))
		return zerr_set(e, ZE_INVALID, "%s: the webhook must be an https:// address", name);
	sb_init(&reply, REPLY_MAX);
	bool signed_ = secret && *secret;
	if (!(c = curl_easy_init())) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	sb_adds(&url, webhook);
	if (kind == ROBOT_DINGTALK) {
		payload = json_pack("{s:s, s:{s:s}}", "msgtype", "text", "text", "content", text);
		if (signed_) {
			notify_sign_dingtalk(secret, now * 1000, sign);
			esc = curl_easy_escape(c, sign, 0);
			sb_addf(&url, "%ctimestamp=%lld&sign=%s", strchr(webhook, '?') ? '&' : '?', (long long)now * 1000,
				esc ? esc : "");
		}
	} else if (kind == ROBOT_WECOM) {
		payload = json_pack("{s:s, s:{s:s}}", "msgtype", "text", "text", "content", text);
	} else {
		payload = json_pack("{s:s, s:{s:s}}", "msg_type", "text", "content", "text", text);
		if (payload && signed_) {
			char ts[32];
			notify_sign_feishu(secret, now, sign);
			snprintf(ts, sizeof ts, "%lld", (long long)now);
			json_object_set_new(payload, "timestamp", json_string(ts));
			json_object_set_new(payload, "sign", json_string(sign));
		}
	}
	if (!payload || !(body = json_dumps(payload, JSON_COMPACT)) ||
	    !(headers = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8")) || url.overflow) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	curl_common(c, ca_file, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, url.buf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, reply_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		rc = curl_failed(cc, errbuf, name, answer, e);
		goto out;
	}
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	snprintf(answer, NOTIFY_ANSWER_MAX, "HTTP %ld %s", status, reply.buf);
	if (status != 200 || !robot_ok(kind, reply.buf))
		rc = zerr_set(e, ZE_IO, "%s: the robot refused: %s", name, answer);
out:
	curl_free(esc);
	curl_slist_free_all(headers);
	free(body);
	json_decref(payload);
	if (c)
		curl_easy_cleanup(c);
	sb_release(&url);
	sb_release(&reply);
	return rc;
}

/* ---- secrets ---- */

/* The key in data_dir/keys/notify.key, made on first use. */
static int secret_key(const char *data_dir, unsigned char key[crypto_secretbox_KEYBYTES], struct zerr *e)
{
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/keys", data_dir);
	snprintf(path, sizeof path, "%s/notify.key", dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return zerr_set(e, ZE_IO, "%s: %s", dir, strerror(errno));
		unsigned char fresh[crypto_secretbox_KEYBYTES];
		crypto_secretbox_keygen(fresh);
		int wfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (wfd >= 0) {
			bool ok = write(wfd, fresh, sizeof fresh) == (ssize_t)sizeof fresh && fsync(wfd) == 0;
			close(wfd);
			if (!ok) {
				unlink(path);
				return zerr_set(e, ZE_IO, "%s: cannot write the key", path);
			}
		} else if (errno != EEXIST) { /* another process made it first: read theirs */
			return zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
		}
		sodium_memzero(fresh, sizeof fresh);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
	ssize_t n = read(fd, key, crypto_secretbox_KEYBYTES);
	close(fd);
	if (n != crypto_secretbox_KEYBYTES)
		return zerr_set(e, ZE_IO, "%s: not a key of %d bytes", path, crypto_secretbox_KEYBYTES);
	return 0;
}

int notify_seal(const char *data_dir, const char *plain, size_t len, unsigned char **out, size_t *out_len,
		struct zerr *e)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (len > NOTIFY_SECRET_MAX)
		return zerr_set(e, ZE_LIMIT, "the channel's secrets are longer than %d bytes", NOTIFY_SECRET_MAX);
	int rc = secret_key(data_dir, key, e);
	if (rc)
		return rc;
	size_t n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	unsigned char *buf = malloc(n);
	if (!buf) {
		sodium_memzero(key, sizeof key);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	/* The nonce is random and stored in front of the box. */
	randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len, buf, key);
	sodium_memzero(key, sizeof key);
	*out = buf;
	*out_len = n;
	return 0;
}

int notify_open(const char *data_dir, const unsigned char *sealed, size_t len, char **plain, struct zerr *e)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
	    len > crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + NOTIFY_SECRET_MAX)
		return zerr_set(e, ZE_INVALID, "a channel's sealed secrets are damaged");
	int rc = secret_key(data_dir, key, e);
	if (rc)
		return rc;
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *buf = malloc(n + 1);
	if (!buf) {
		sodium_memzero(key, sizeof key);
		return zerr_set(e, ZE_NOMEM, "out of memory");
	}
	if (crypto_secretbox_open_easy((unsigned char *)buf, sealed + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, sealed, key) != 0) {
		sodium_memzero(key, sizeof key);
		free(buf);
		return zerr_set(e, ZE_INVALID,
				"a channel's secrets do not open with keys/notify.key (the key was replaced?): set them again");
	}
	sodium_memzero(key, sizeof key);
	buf[n] = '\0';
	*plain = buf;
	return 0;
}
