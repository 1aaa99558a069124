/* The channels' transports, over libcurl: mail by SMTP (STARTTLS, implicit TLS, or plain on a
 * trusted network), and the group robots of DingTalk, WeCom (企业微信) and Feishu by HTTPS
 * webhook with their signing schemes. Certificates are always verified; a private CA is
 * trusted through ca_file. Each call is bounded in time and returns the provider's answer (or
 * why it failed) in `answer`. Also the sealing of channel secrets with a key kept in the data
 * directory, outside the database. */
#ifndef ZEREN_CORE_NOTIFY_SEND_H
#define ZEREN_CORE_NOTIFY_SEND_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define NOTIFY_ANSWER_MAX 512     /* bytes of a provider's answer kept */
#define NOTIFY_TIMEOUT_S 10       /* one attempt, connection included */
#define NOTIFY_SECRET_MAX 4096    /* bytes of a channel's secrets */

struct mail_server {
	const char *host;
	int port;
	const char *security; /* "starttls", "tls" or "none" */
	const char *username, *password; /* NULL: no authentication */
	const char *from;
};

/* Sends one UTF-8 mail (subject encoded per RFC 2047, body as base64 text/plain). */
int notify_send_mail(const struct mail_server *m, const char *ca_file, const char *to, const char *subject,
		     const char *body, int64_t now, char answer[NOTIFY_ANSWER_MAX], struct zerr *e);

enum robot_kind { ROBOT_DINGTALK, ROBOT_WECOM, ROBOT_FEISHU };
/* Posts text to a group robot's webhook (https only); secret (nullable) signs it as the
 * provider's "加签" scheme says, with the time now. A reply that is not the provider's "ok" is
 * a failure naming its answer. */
int notify_send_robot(enum robot_kind kind, const char *webhook, const char *secret, const char *ca_file,
		      const char *text, int64_t now, char answer[NOTIFY_ANSWER_MAX], struct zerr *e);

/* The robots' signatures, exposed for tests: DingTalk's base64(HMAC-SHA256(key secret, "ts\nsecret"))
 * with ts in milliseconds; Feishu's base64(HMAC-SHA256(key "ts\nsecret", "")) with ts in
 * seconds. out holds at least 64 bytes. */
void notify_sign_dingtalk(const char *secret, int64_t ts_ms, char out[64]);
void notify_sign_feishu(const char *secret, int64_t ts_s, char out[64]);

/* Seals and opens secrets with the key in data_dir/keys/notify.key (32 random bytes, created
 * on first use with mode 0600 in a 0700 directory). *out is malloc'ed. */
int notify_seal(const char *data_dir, const char *plain, size_t len, unsigned char **out, size_t *out_len,
		struct zerr *e);
int notify_open(const char *data_dir, const unsigned char *sealed, size_t len, char **plain, struct zerr *e);

#endif
