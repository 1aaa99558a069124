/* Accounts, roles and sessions: who may sign in and what each may do.
 *
 * Platform roles follow 三员 (GB/T 22239): 系统管理员 manages accounts, settings and backups;
 * 安全管理员 grants roles and sets policies; 审计管理员 reads and exports the audit log. No
 * account holds two of them, nor a platform role beside a business one. Business roles act on
 * one unit's data: 网信办 (office) all of it, 领导 (leader) reads all of it, 部门网络安全员
 * (liaison) only one department's, 普通人员 (staff) only their own. 上级主管部门 (supervisor) reads
 * every unit below its own in the supervision tree and writes only a supervisor's records (the
 * notices it sends down), never a unit's own.
 *
 * Passwords are argon2id hashes (libsodium). Sessions live in the database (so several server
 * nodes can share them) and are found by the SHA-256 of their token, so the database alone
 * does not give anyone a session. */
#ifndef ZEREN_CORE_ACCOUNTS_H
#define ZEREN_CORE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "store/store.h"
#include "util/err.h"

enum role {
	ROLE_SYSADMIN, /* 系统管理员 */
	ROLE_SECADMIN, /* 安全管理员 */
	ROLE_AUDITOR,  /* 审计管理员 */
	ROLE_OFFICE,   /* 网信办 */
	ROLE_LEADER,   /* 领导 */
	ROLE_LIAISON,  /* 部门网络安全员 */
	ROLE_STAFF,    /* 普通人员 */
	ROLE_SUPERVISOR, /* 上级主管部门: reads the units below its own, writes only what a supervisor writes */
	ROLE_COUNT
};
#define ROLE_BIT(r) (1u << (r))
#define ROLES_PLATFORM (ROLE_BIT(ROLE_SYSADMIN) | ROLE_BIT(ROLE_SECADMIN) | ROLE_BIT(ROLE_AUDITOR))

const char *role_id(int role);      /* "sysadmin", "secadmin", "auditor", "office", "leader", "liaison", "staff",
				       "supervisor" */
const char *role_name_zh(int role); /* 系统管理员 … */
const char *role_name_en(int role); /* "system administrator" … */
int role_from_id(const char *id);   /* -1 when unknown */
/* The bits of roles as "office,liaison" into buf (size n). */
const char *roles_format(unsigned roles, char *buf, size_t n);

#define ACCOUNT_USERNAME_MAX 64
#define ACCOUNT_PASSWORD_MAX 128
#define ACCOUNT_PASSWORD_MIN 10
/* Sign-in failures are counted per (name as typed, source address): ACCOUNT_MAX_FAILURES of
 * them lock that pair — not the account — for ACCOUNT_LOCK_SECONDS, doubling with each further
 * lock up to ACCOUNT_LOCK_MAX_SECONDS; a success from the source, `zeren user enable` or an
 * approved reset clears them. */
#define ACCOUNT_MAX_FAILURES 5
#define ACCOUNT_LOCK_SECONDS (15 * 60)
#define ACCOUNT_LOCK_MAX_SECONDS (24 * 3600)
#define SESSION_IDLE_SECONDS (30 * 60) /* a session unused this long expires */
#define SESSION_MAX_SECONDS (12 * 3600)
#define SESSION_TOKEN_CHARS 43 /* 32 random bytes, base64url without padding */
#define ONE_TIME_PASSWORD_CHARS 16
#define OTP_PART_CHARS (ONE_TIME_PASSWORD_CHARS / 2)

/* One account as listed. Strings are owned by the struct (account_release frees them). */
struct account {
	int64_t id;
	char *username;
	char *display_name;
	char *person;       /* linked person id, or NULL (platform accounts) */
	char *org;          /* the unit business roles act on: the person's unit, or NULL */
	char *department;   /* the liaison's department, or NULL */
	unsigned roles;     /* ROLE_BIT set */
	bool must_change;   /* must set a new password before anything else */
	bool disabled;
	int failures;       /* consecutive failed logins */
	time_t locked_until; /* 0 when not locked */
	time_t created_at, password_changed_at, last_login_at;
	char *calendar_token; /* secret for the personal ICS feed URL, or NULL */
};
void account_release(struct account *a);

/* The ids of the roles set as a JSON array, in role order. */
json_t *roles_json(unsigned set);
/* An account as administrators see it, through the API or `zeren user list --format json`:
 * never its password hash nor its calendar secret. Times are ISO 8601 UTC, null for never;
 * "locked" is as of now. */
json_t *account_json(const struct account *a, time_t now);

/* What an authenticated request carries: the session's account and its grants. */
struct principal {
	int64_t account_id;
	char username[ACCOUNT_USERNAME_MAX + 1];
	char person[201], org[201], department[201]; /* "" when none */
	unsigned roles;
	bool must_change;
	char csrf[SESSION_TOKEN_CHARS + 1];
	char session_hash[65]; /* SHA-256 hex of the token, identifies the session */
};

/* Password rules (弱口令 is an accountability case, 003 第七条): at least ACCOUNT_PASSWORD_MIN
 * characters, three of four classes (upper, lower, digit, other), not containing the username
 * (nor it reversed) or the person's name, not a listed common weak password (also with its
 * trailing digits and symbols taken off, and with @ 0 1 3 $ read as a o i e s). Fills e with
 * the reason (ZE_INVALID). */
int password_acceptable(const char *password, const char *username, const char *person_name, struct zerr *e);

/* The argon2id cost new password hashes are made at, from the environment variable
 * ZEREN_PASSWORD_COST: interactive (the default), moderate, or minimum (test suites only).
 * Anything else is refused (ZE_INVALID, naming the variable). */
struct password_cost {
	const char *name;
	unsigned long long ops;
	size_t mem;
	bool tests_only; /* minimum: never for real accounts, never a rehash target */
};
int password_cost(const struct password_cost **out, struct zerr *e);

/* The functions below that change something record it in the audit log (audit/audit.h), done
 * or refused, as done by account actor from source ("cli" from the command line). With actor
 * NULL they record nothing: the caller does (the HTTP server records every request). */

/* Creates an account with a random one-time password (written to otp, must_change set).
 * person may be NULL (platform accounts); roles are granted as given, refused (ZE_CONFLICT)
 * when they break 三员. department is the liaison's department (NULL otherwise). */
int account_create(struct store *s, const char *username, const char *display_name, const char *person,
		   unsigned roles, const char *department, char otp[ONE_TIME_PASSWORD_CHARS + 1], const char *actor,
		   const char *source, struct zerr *e);
/* The same with a chosen password (checked against the rules) instead of a one-time one, and
 * must_change as given: for accounts made by a script, such as the demo's. */
int account_create_with_password(struct store *s, const char *username, const char *display_name,
				 const char *person, unsigned roles, const char *department, const char *password,
				 bool must_change, const char *actor, const char *source, struct zerr *e);
/* An account made by an administrator (by, with by_roles), without roles: nobody keeps the
 * password it is made with. Its first password comes, like any reset, as a request in two
 * halves, the creator's (part) now and the approver's later, so that the creator cannot sign
 * in as the account once roles are granted to it. The account and the request (*id) are one
 * change, recorded as account.create by actor. */
int account_create_requested(struct store *s, const char *username, const char *display_name, const char *person,
			     const char *by, unsigned by_roles, int64_t *id, char part[OTP_PART_CHARS + 1],
			     const char *actor, const char *source, struct zerr *e);
/* All accounts in username order; *out is malloc'ed, released with account_list_release. */
int account_list(struct store *s, struct account **out, size_t *n, struct zerr *e);
void account_list_release(struct account *v, size_t n);
/* ZE_NOTFOUND when there is no such account. */
int account_get(struct store *s, const char *username, struct account *out, struct zerr *e);
/* 0 when password is the account's, else ZE_INVALID (and ZE_NOTFOUND for no such account).
 * Counts no failure: for a signed-in user confirming a change. */
int account_verify_password(struct store *s, const char *username, const char *password, struct zerr *e);
/* account_verify_password for a signed-in user confirming an act (purpose: "doc.sign"), throttled
 * as signing in is but per account and purpose: ACCOUNT_MAX_FAILURES wrong passwords lock the
 * confirmation for ACCOUNT_LOCK_SECONDS, doubling with each further lock; while locked, ZE_LIMIT
 * without checking the password, *locked_until the end. *locked_until is also set when this
 * failure began a lock (else 0). A success, or `zeren user enable`, forgets the failures. */
int account_confirm_password(struct store *s, const char *username, const char *password, const char *purpose,
			     time_t now, time_t *locked_until, struct zerr *e);
/* Sets a new password after checking the rules; clears must_change (set it again with
 * force_change, as an administrator's reset does). Revokes the account's sessions but
 * keep_session (a session hash, or NULL). */
int account_set_password(struct store *s, const char *username, const char *password, bool force_change,
			 const char *keep_session, const char *actor, const char *source, struct zerr *e);
/* An administrator's reset: a new one-time password into otp, must_change set, sessions revoked. */
int account_reset_password(struct store *s, const char *username, char otp[ONE_TIME_PASSWORD_CHARS + 1],
			   const char *actor, const char *source, struct zerr *e);
/* Disabling also revokes the account's sessions. */
int account_set_disabled(struct store *s, const char *username, bool disabled, const char *actor,
			 const char *source, struct zerr *e);
int account_set_display_name(struct store *s, const char *username, const char *display_name, const char *actor,
			     const char *source, struct zerr *e);
/* Replaces the account's roles (and the liaison's department); ZE_CONFLICT when they break 三员,
 * ZE_INVALID when a business role has no linked person or a liaison no department of the
 * person's unit. */
int account_set_roles(struct store *s, const char *username, unsigned roles, const char *department,
		      const char *actor, const char *source, struct zerr *e);
/* Checks a role set for an account linked to person (NULL: none) with department (NULL: none),
 * as account_set_roles does, without changing anything. */
int roles_acceptable(struct store *s, unsigned roles, const char *person, const char *department, struct zerr *e);
/* A new secret for the personal calendar feed (written to token); the old one stops working. */
int account_new_calendar_token(struct store *s, const char *username, char token[SESSION_TOKEN_CHARS + 1],
			       const char *actor, const char *source, struct zerr *e);
/* The account whose calendar secret is token: ZE_NOTFOUND when none or disabled. */
int account_by_calendar_token(struct store *s, const char *token, struct principal *out, struct zerr *e);

/* ---- four eyes (三员) --------------------------------------------------------------------------
 *
 * No administrator alone may gain another account's powers. A password reset (of any account),
 * the disabling of a platform account and a grant of roles are requests: one administrator
 * asks, and the change is made only when another approves — the 安全管理员, or the 审计管理员
 * when the 安全管理员 is the one asking or the account concerned (account_request_approvers).
 * Nobody approves their own request nor a request about their own account.
 *
 * A reset's one-time password is made of two halves: the requester is shown the first (it is
 * never stored), the approver the second (kept in the request until then, wiped at approval),
 * and each hands their half to the account's holder, who signs in with both and must set a
 * password of their own at once. Neither administrator ever holds a working password.
 *
 * by is the administrator (account username, or "cli:<user>" from the command line) and
 * by_roles their roles; the command line's operator approves as any platform role. */

/* The roles that may approve a request about an account holding target_roles (for a grant:
 * its roles after it) made by one holding requester_roles. */
unsigned account_request_approvers(unsigned target_roles, unsigned requester_roles);
/* Asks for a reset of username: *id the request, part the requester's half. */
int account_request_reset(struct store *s, const char *username, const char *by, unsigned by_roles, int64_t *id,
			  char part[OTP_PART_CHARS + 1], const char *actor, const char *source, struct zerr *e);
/* Disables username: at once (*id = 0) for a business account, as a request for a platform one. */
int account_request_disable(struct store *s, const char *username, const char *by, unsigned by_roles, int64_t *id,
			    const char *actor, const char *source, struct zerr *e);
/* Sets username's roles: at once (*id = 0) when roles are only withdrawn, else a request.
 * The roles are checked (三员, person, department) when asked as when approved. */
int account_request_roles(struct store *s, const char *username, unsigned set, const char *department,
			  const char *by, unsigned by_roles, int64_t *id, const char *actor, const char *source,
			  struct zerr *e);
/* Approves request id and makes its change; for a reset part gets the approver's half (else
 * ""). ZE_NOTFOUND: no such request; ZE_CONFLICT: not pending; ZE_DENIED: by may not approve it. */
int account_request_approve(struct store *s, int64_t id, const char *by, unsigned by_roles,
			    char part[OTP_PART_CHARS + 1], const char *actor, const char *source, struct zerr *e);
/* Rejects request id (its approvers) or withdraws it (its requester). */
int account_request_reject(struct store *s, int64_t id, const char *by, unsigned by_roles, const char *actor,
			   const char *source, struct zerr *e);
/* The requests (status NULL: all; or id > 0: that one) as a JSON array, newest first. */
int account_requests_json(struct store *s, int64_t id, const char *status, json_t **out, struct zerr *e);

/* Checks a password. On success creates a session: token (for the cookie) and p filled.
 * Every attempt checks one password (the account's, or a dummy for a missing name), so all
 * answers take the same time. Returns ZE_INVALID ("wrong username or password" — never saying
 * which) and counts the failure for (username, source); ZE_LIMIT when that pair is locked
 * (*locked_until, when not NULL, is its end — whatever the password, for any name);
 * ZE_CONFLICT when the account is disabled, said only to whoever gave its right password.
 * now is the current time (tests pass their own). Every attempt is recorded (session.login). */
int session_login(struct store *s, const char *username, const char *password, time_t now, const char *source,
		  char token[SESSION_TOKEN_CHARS + 1], struct principal *p, time_t *locked_until, struct zerr *e);
/* The live session of token: ZE_NOTFOUND when unknown, expired, revoked or its account
 * disabled. Extends the idle expiry (writing at most once a minute). */
int session_lookup(struct store *s, const char *token, time_t now, struct principal *p, struct zerr *e);
/* Ends one session. Records nothing: the caller records the logout. */
int session_revoke(struct store *s, const char *session_hash, struct zerr *e);
/* Ends all of the account's sessions. */
int session_revoke_account(struct store *s, const char *username, const char *actor, const char *source,
			   struct zerr *e);

/* `zeren init`: creates sysadmin, secadmin and auditor with one-time passwords, each unless it
 * exists (its otp is then ""). created is false when all three existed: nothing changed. */
int accounts_bootstrap(struct store *s, char otp[3][ONE_TIME_PASSWORD_CHARS + 1], bool *created, const char *actor,
		       const char *source, struct zerr *e);

#endif
