/* Secrets and the password rules: random tokens and one-time passwords, argon2id hashes, and
 * what a password must be (弱口令 refused). */
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/account_internal.h"
#include "core/embedded.h"
#include "util/strbuf.h"

/* ---- secrets -------------------------------------------------------------------------------- */

int sodium_ready(struct zerr *e)
{
	return sodium_init() < 0 ? zerr_set(e, ZE_IO, "libsodium could not start") : 0;
}

/* 32 random bytes as base64url without padding: the session, CSRF and calendar secrets. */
void random_token(char out[SESSION_TOKEN_CHARS + 1])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2base64(out, SESSION_TOKEN_CHARS + 1, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof b);
}
void token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}
bool token_wellformed(const char *t)
{
	if (!t || strlen(t) != SESSION_TOKEN_CHARS)
		return false;
	for (; *t; t++)
		if (!isalnum((unsigned char)*t) && *t != '-' && *t != '_')
			return false;
	return true;
}

/* Letters and digits that cannot be misread for one another (no 0/O, 1/l/I), with one of each
 * class, so it can be read off a screen and typed once. */
void one_time_password(char out[ONE_TIME_PASSWORD_CHARS + 1])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	for (;;) {
		bool up = false, low = false, dig = false;
		for (int i = 0; i < ONE_TIME_PASSWORD_CHARS; i++) {
			char c = alphabet[randombytes_uniform(sizeof alphabet - 1)];
			up |= isupper((unsigned char)c) != 0;
			low |= islower((unsigned char)c) != 0;
			dig |= isdigit((unsigned char)c) != 0;
			out[i] = c;
		}
		out[ONE_TIME_PASSWORD_CHARS] = '\0';
		if (up && low && dig)
			return;
	}
}
/* The argon2id costs ZEREN_PASSWORD_COST chooses from. "interactive" (the default): 64 MiB and
 * about 75 ms of one core per login (test_accounts prints it), enough to make guessing at a
 * stolen hash expensive without making a login slow; a server with N threads needs at most
 * N x 64 MiB for logins at once. "moderate": 256 MiB and about 0.5 s. "minimum": libsodium's
 * least, for test suites that sign in thousands of times; never for real accounts (`zeren
 * serve` warns). A hash keeps its own cost, so any hash verifies whatever the setting. */
static const struct password_cost costs[] = {
	{"interactive", crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE, false},
	{"moderate", crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE, false},
	{"minimum", crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN, true},
};
int password_cost(const struct password_cost **out, struct zerr *e)
{
	const char *v = getenv("ZEREN_PASSWORD_COST");
	*out = &costs[0];
	if (!v || !*v)
		return 0;
	for (size_t i = 0; i < sizeof costs / sizeof costs[0]; i++)
		if (strcmp(v, costs[i].name) == 0) {
			*out = &costs[i];
			return 0;
		}
	return zerr_set(e, ZE_INVALID, "ZEREN_PASSWORD_COST is interactive, moderate or minimum, not '%.40s'", v);
}
int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], struct zerr *e)
{
	const struct password_cost *c;
	int rc = password_cost(&c, e);
	if (rc)
		return rc;
	if (crypto_pwhash_str(out, password, strlen(password), c->ops, c->mem) != 0)
		return zerr_set(e, ZE_NOMEM, "password hashing ran out of memory");
	return 0;
}
bool password_needs_rehash(const char *hash)
{
	const struct password_cost *c;
	return !password_cost(&c, NULL) && !c->tests_only && crypto_pwhash_str_needs_rehash(hash, c->ops, c->mem) != 0;
}
bool password_matches(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* ---- password rules ------------------------------------------------------------------------- */

/* ASCII lower case, other bytes as they are. */
static void lower(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/* Takes the trailing digits and symbols off: "password123!" -> "password". */
static void strip_tail(char *s)
{
	size_t n = strlen(s);
	while (n && (unsigned char)s[n - 1] < 0x80 && !isalpha((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Reads the usual substitutions back: "p@ssw0rd" -> "password". */
static void unleet(char *s)
{
	static const char from[] = "@01$3", to[] = "aoise";
	for (; *s; s++) {
		const char *p = strchr(from, *s);
		if (p && *s)
			*s = to[p - from];
	}
}

/* Is text (lower case) one of the listed weak passwords, also with the entry's tail stripped? */
static bool listed_weak(const char *text)
{
	const struct embedded_file *f = embedded_find("weak-passwords.txt");
	if (!f || !*text)
		return false;
	const char *p = f->data, *end = f->data + f->len;
	char entry[ACCOUNT_PASSWORD_MAX + 1];
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (k && p[k - 1] == '\r')
			k--;
		if (k && k < sizeof entry && p[0] != '#') {
			char raw[ACCOUNT_PASSWORD_MAX + 1];
			memcpy(raw, p, k);
			raw[k] = '\0';
			lower(raw, entry, sizeof entry);
			if (strcmp(entry, text) == 0)
				return true;
			strip_tail(entry);
			if (strlen(entry) >= 3 && strcmp(entry, text) == 0)
				return true;
		}
		p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
	}
	return false;
}
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
int password_acceptable(const char *password, const char *username, const char *person_name, struct zerr *e)
{
	size_t len = password ? strlen(password) : 0;
	char low[ACCOUNT_PASSWORD_MAX + 1], cand[ACCOUNT_PASSWORD_MAX + 1], user[ACCOUNT_USERNAME_MAX + 1];
	if (len > ACCOUNT_PASSWORD_MAX)
		return zerr_set(e, ZE_INVALID, "密码过长，最多 %d 字节 / the password is longer than %d bytes",
				ACCOUNT_PASSWORD_MAX, ACCOUNT_PASSWORD_MAX);
	if (!utf8_valid(password ? password : "", len))
		return zerr_set(e, ZE_INVALID, "密码不是有效的 UTF-8 文本 / the password is not valid UTF-8");
	if (utf8_chars(password ? password : "") < ACCOUNT_PASSWORD_MIN)
		return zerr_set(e, ZE_INVALID, "密码至少 %d 个字符 / the password needs at least %d characters",
				ACCOUNT_PASSWORD_MIN, ACCOUNT_PASSWORD_MIN);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)password[i] < 0x20 || password[i] == 0x7f)
			return zerr_set(e, ZE_INVALID, "密码不能含控制字符 / the password contains a control character");
	int up = 0, lo = 0, dig = 0, other = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)password[i];
		if (isupper(c))
			up = 1;
		else if (islower(c))
			lo = 1;
		else if (isdigit(c))
			dig = 1;
		else
			other = 1;
	}
	if (up + lo + dig + other < 3)
		return zerr_set(e, ZE_INVALID,
				"密码须包含大写字母、小写字母、数字、符号中的至少三类 / the password needs three of: "
				"upper case, lower case, digits, symbols");
	lower(password, low, sizeof low);
	if (username && strlen(username) >= 3) {
		size_t n = strlen(username);
		lower(username, user, sizeof user);
		char rev[ACCOUNT_USERNAME_MAX + 1];
		for (size_t i = 0; i < n && i < ACCOUNT_USERNAME_MAX; i++)
			rev[i] = user[n - 1 - i];
		rev[n < ACCOUNT_USERNAME_MAX ? n : ACCOUNT_USERNAME_MAX] = '\0';
		if (strstr(low, user) || strstr(low, rev))
			return zerr_set(e, ZE_INVALID, "密码不能包含用户名 / the password must not contain the username");
	}
	if (person_name && *person_name && strstr(password, person_name))
		return zerr_set(e, ZE_INVALID, "密码不能包含本人姓名 / the password must not contain the person's name");
	memcpy(cand, low, len + 1);
	strip_tail(cand);
	bool weak = listed_weak(low) || (strlen(cand) >= 3 && listed_weak(cand));
	unleet(cand);
	weak = weak || (strlen(cand) >= 3 && listed_weak(cand));
	if (weak)
		return zerr_set(e, ZE_INVALID, "密码属于常见弱口令 / the password is a common weak password");
	return 0;
}
