/* What the files of accounts share (accounts.c, roles.c, passwords.c, sessions.c); private to
 * them, as rules/internal.h is to the engine. */
#ifndef ZEREN_CORE_ACCOUNT_INTERNAL_H
#define ZEREN_CORE_ACCOUNT_INTERNAL_H

#include <jansson.h>
#include <sodium.h>

#include "core/accounts.h"

#define SESSION_TOUCH_SECONDS 60 /* the idle expiry is written at most this often */
#define DISPLAY_NAME_MAX 200
#define TZ_OFFSET (8 * 3600)     /* Asia/Shanghai, for times in messages */

/* An account as loaded from the store, with its password hash. */
struct loaded {
	struct account a;
	char hash[crypto_pwhash_STRBYTES];
	bool found;
};

/* roles.c: "office,liaison" as the store keeps it, into role bits (unknown ids grant nothing). */
unsigned roles_parse(const char *text);
/* passwords.c: libsodium ready; random tokens and their hashes; one-time passwords; argon2id. */
int sodium_ready(struct zerr *e);
int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], struct zerr *e);
/* True when hash was made at another cost than the one in force and should be made again while
 * the password is at hand (never towards the test suites' minimum). */
bool password_needs_rehash(const char *hash);
void one_time_password(char out[ONE_TIME_PASSWORD_CHARS + 1]);
bool password_matches(const char *hash, const char *password);
void random_token(char out[SESSION_TOKEN_CHARS + 1]);
bool token_wellformed(const char *t);
void token_hash(const char *token, char out[65]);

/* accounts.c: what signing in shares with the accounts' changes. */
int accounts_nomem(struct zerr *e);
int account_load_by(struct store *s, enum account_key key, const char *text, int64_t id, struct loaded *l, struct zerr *e);
void account_loaded_release(struct loaded *l);
int account_check_username(const char *u, struct zerr *e);
/* Records a change's outcome in the audit log with it (rc 0: inside its open transaction, then
 * commits; else rolls back and records the refusal on its own). Steals detail. */
int account_finish(struct store *s, const char *actor, const char *source, const char *action, const char *object, int rc, json_t *detail, struct zerr *e);
/* Begins a transaction, reads the account, lets fn alter it and writes it back, leaving the
 * transaction open for account_finish() (which also ends it when this fails). */
typedef int (*account_change_fn)(struct store *s, struct loaded *l, void *arg, struct zerr *e);
int account_change(struct store *s, const char *username, account_change_fn fn, void *arg, struct zerr *e);
void account_fill_principal(const struct account *a, struct principal *p);

#endif
