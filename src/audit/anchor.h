/* Anchoring the audit chain outside the database (issue 18, item 4). The chain alone proves
 * nothing to someone who can write the database: they can cut its tail or rewrite a record and
 * recompute every hash after it. So the chain's head is signed from time to time — a
 * checkpoint: seq, hash, time and signature — with a key the database does not hold, and each
 * checkpoint is written outside the database (a log file the operator ships elsewhere, and
 * syslog). Verifying the chain against the checkpoints finds truncation (the chain ends before a
 * signed head) and rewriting (the hash at a signed seq differs).
 *
 * Keys: Ed25519 (libsodium) by default, or SM2 with SM3 (GB/T 32918, GM/T 0009 default ID,
 * through OpenSSL 3). The private key file is text, mode 0600:
 *     zeren-audit-key/1 ed25519          then the 64-byte secret key in hex
 *     zeren-audit-key/1 sm2              then the PKCS#8 key in PEM
 * The public key file is one line: "zeren-audit-pub/1 ALG HEX" (HEX: the raw Ed25519 key, or
 * the DER SubjectPublicKeyInfo of the SM2 key). A key's id is the first 16 hex digits of the
 * SHA-256 of those public key bytes.
 *
 * A checkpoint is one line, self-describing, the signature covering all before " sig=":
 *     zeren-checkpoint/1 seq=42 hash=<64 hex> at=2026-12-04T13:00:00Z alg=ed25519 key=<id> sig=<hex>
 */
#ifndef ZEREN_AUDIT_ANCHOR_H
#define ZEREN_AUDIT_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "audit/audit.h"
#include "store/store.h"
#include "util/err.h"

/* Paths relative to the data directory. */
#define AUDIT_KEY_FILE "keys/audit-signing.key"
#define AUDIT_PUB_FILE "keys/audit-signing.pub"
#define AUDIT_CHECKPOINT_FILE "checkpoints.log"
#define AUDIT_CHECKPOINT_LINE_MAX 640

enum audit_key_alg { AUDIT_ED25519, AUDIT_SM2 };

struct audit_key;

/* "ed25519" or "sm2" into *alg; -1 when neither. */
int audit_key_alg_parse(const char *name, enum audit_key_alg *alg);
/* Creates a key pair: the private key at priv_path (mode 0600, its directory 0700 when
 * created), the public key at pub_path. Refuses (ZE_CONFLICT) when priv_path exists. */
int audit_key_generate(enum audit_key_alg alg, const char *priv_path, const char *pub_path, struct zerr *e);
/* Loads a private key; refuses a file that group or others may read. */
int audit_key_load_private(const char *path, struct audit_key **out, struct zerr *e);
int audit_key_load_public(const char *path, struct audit_key **out, struct zerr *e);
/* The same from the public key file's text (its line), named where in messages. */
int audit_key_parse_public(const char *text, const char *where, struct audit_key **out, struct zerr *e);
/* Wipes and frees the key (NULL is fine). */
void audit_key_free(struct audit_key *k);
const char *audit_key_alg_name(const struct audit_key *k);
/* 16 hex digits naming the key pair (see above). */
const char *audit_key_id(const struct audit_key *k);
/* Signs len bytes of msg with a private key into sig_hex (hex, NUL-terminated; 300 bytes are
 * enough for either algorithm); used for checkpoints and for signed documents' records. */
int audit_key_sign(const struct audit_key *k, const void *msg, size_t len, char *sig_hex, size_t hex_len,
		   struct zerr *e);
/* Whether sig_hex is k's signature of msg. */
bool audit_key_verify(const struct audit_key *k, const void *msg, size_t len, const char *sig_hex);

struct audit_checkpoint {
	int64_t seq;
	char hash[AUDIT_HASH_HEX + 1];
	char at[32]; /* ISO 8601 UTC with Z */
	char alg[16];
	char key_id[17];
	char sig[300]; /* hex */
};

/* Signs the chain's head (its last record, or the purge anchor) as of now and appends the line to
 * log_path (created 0644 when missing, fsync'ed) and to syslog (LOG_AUTHPRIV | LOG_NOTICE).
 * With an empty log (seq 0) nothing is signed and out->seq is 0. */
int audit_checkpoint_write(struct store *s, const struct audit_key *k, const char *log_path,
			   struct audit_checkpoint *out, struct zerr *e);
/* The checkpoint as its line (no newline) into buf of AUDIT_CHECKPOINT_LINE_MAX. */
void audit_checkpoint_format(const struct audit_checkpoint *c, char *buf);
/* Parses one line; ZE_INVALID when it is not a checkpoint. */
int audit_checkpoint_parse(const char *line, struct audit_checkpoint *out, struct zerr *e);
/* Checks c's signature with public key k (ZE_CONFLICT when it does not verify or names
 * another key). */
int audit_checkpoint_check(const struct audit_checkpoint *c, const struct audit_key *k, struct zerr *e);

struct audit_anchor_report {
	struct audit_verify_result chain; /* the chain recomputed, checked against the checkpoints */
	size_t lines;                     /* checkpoint lines read */
	size_t foreign;                   /* lines signed by another key (skipped) */
	size_t verified;                  /* checkpoints whose signature verified */
	bool have_last;                   /* last: the verified checkpoint with the highest seq */
	struct audit_checkpoint last;
};
/* Recomputes the chain (as audit_verify does) and checks it against every checkpoint in
 * log_path that k verifies (a missing log_path is no checkpoint at all). Returns ZE_CONFLICT,
 * with e naming the record(s), when the chain is broken, shorter than a signed head
 * (truncated), or differs from one at a signed seq (rewritten), or when a line that names k
 * does not verify (forged); 0 when intact. r is filled in either case. */
int audit_verify_anchored(struct store *s, const struct audit_key *k, const char *log_path,
			  struct audit_anchor_report *r, struct zerr *e);

#endif
