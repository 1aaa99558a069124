/* Signing keys, checkpoints and verification against them (see anchor.h). Ed25519 through
 * libsodium, SM2 with SM3 through OpenSSL 3's EVP interface. */
#include "audit/anchor.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/clock.h"

#define KEY_FILE_MAX 8192
#define SM2_ID "1234567812345678" /* GM/T 0009 default distinguishing identifier */

struct audit_key {
	enum audit_key_alg alg;
	bool has_private;
	unsigned char ed_sk[crypto_sign_SECRETKEYBYTES];
	unsigned char pub[256]; /* raw Ed25519 key, or SM2 DER SubjectPublicKeyInfo */
	size_t pub_len;
	EVP_PKEY *sm2;
	char id[17];
};

static const char *const alg_names[] = {[AUDIT_ED25519] = "ed25519", [AUDIT_SM2] = "sm2"};

int audit_key_alg_parse(const char *name, enum audit_key_alg *alg)
{
	for (int i = 0; i < 2; i++)
		if (name && !strcmp(name, alg_names[i])) {
			*alg = (enum audit_key_alg)i;
			return 0;
		}
	return -1;
}

const char *audit_key_alg_name(const struct audit_key *k)
{
	return alg_names[k->alg];
}

const char *audit_key_id(const struct audit_key *k)
{
	return k->id;
}

void audit_key_free(struct audit_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->sm2);
	sodium_memzero(k, sizeof *k);
	free(k);
}

static int ssl_error(struct zerr *e, const char *what)
{
	char buf[256] = "";
	unsigned long err = ERR_get_error();
	if (err)
		ERR_error_string_n(err, buf, sizeof buf);
	ERR_clear_error();
	return zerr_set(e, ZE_IO, "%s: %s", what, *buf ? buf : "OpenSSL failed");
}

static void set_id(struct audit_key *k)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, k->pub, k->pub_len);
	sodium_bin2hex(k->id, sizeof k->id, h, 8);
}

static int sm2_public_der(struct audit_key *k, struct zerr *e)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k->sm2, &der);
	if (n <= 0 || (size_t)n > sizeof k->pub) {
		OPENSSL_free(der);
		return ssl_error(e, "SM2 public key");
	}
	memcpy(k->pub, der, (size_t)n);
	k->pub_len = (size_t)n;
	OPENSSL_free(der);
	set_id(k);
	return 0;
}

/* Writes data to a new file (O_EXCL) with mode, fsync'ed. */
static int write_new_file(const char *path, const char *data, size_t len, mode_t mode, struct zerr *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return zerr_set(e, errno == EEXIST ? ZE_CONFLICT : ZE_IO, "%s: %s", path, strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int err = errno;
			close(fd);
			unlink(path);
			return zerr_set(e, ZE_IO, "%s: %s", path, strerror(err));
		}
		off += (size_t)w;
	}
	if (fsync(fd) || close(fd))
		return zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
	return 0;
}

/* Creates the directory of path (mode 0700) when missing. */
static int make_parent(const char *path, struct zerr *e)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST)
		return zerr_set(e, ZE_IO, "%s: cannot create: %s", dir, strerror(errno));
	return 0;
}

/* A key to fill, with libsodium started; NULL with e set. */
static struct audit_key *key_new(struct zerr *e)
{
	struct audit_key *k = calloc(1, sizeof *k);
	if (!k)
		return zerr_set(e, ZE_NOMEM, "out of memory"), NULL;
	if (sodium_init() < 0) {
		free(k);
		return zerr_set(e, ZE_IO, "libsodium could not start"), NULL;
	}
	return k;
}

int audit_key_generate(enum audit_key_alg alg, const char *priv_path, const char *pub_path, struct zerr *e)
{
	struct audit_key *k = key_new(e);
	struct strbuf priv = STRBUF_INIT, pub = STRBUF_INIT;
	char hex[2 * sizeof k->pub + 1];
	BIO *bio = NULL;
	int rc = 0;
	if (!k)
		return e->code;
	if (access(priv_path, F_OK) == 0) {
		rc = zerr_set(e, ZE_CONFLICT, "%s: a signing key is already there (keys are never overwritten)",
			      priv_path);
		goto out;
	}
	k->alg = alg;
	sb_addf(&priv, "zeren-audit-key/1 %s\n", alg_names[alg]);
	if (alg == AUDIT_ED25519) {
		char skhex[2 * crypto_sign_SECRETKEYBYTES + 1];
		crypto_sign_keypair(k->pub, k->ed_sk);
		k->pub_len = crypto_sign_PUBLICKEYBYTES;
		sodium_bin2hex(skhex, sizeof skhex, k->ed_sk, sizeof k->ed_sk);
		sb_addf(&priv, "%s\n", skhex);
		sodium_memzero(skhex, sizeof skhex);
		set_id(k);
	} else {
		BUF_MEM *mem;
		if (!(k->sm2 = EVP_PKEY_Q_keygen(NULL, NULL, "SM2"))) {
			rc = ssl_error(e, "SM2 key generation");
			goto out;
		}
		if (!(bio = BIO_new(BIO_s_secmem())) || !PEM_write_bio_PrivateKey(bio, k->sm2, NULL, NULL, 0, NULL, NULL)) {
			rc = ssl_error(e, "SM2 private key");
			goto out;
		}
		BIO_get_mem_ptr(bio, &mem);
		sb_add(&priv, mem->data, mem->length);
		if ((rc = sm2_public_der(k, e)))
			goto out;
	}
	sodium_bin2hex(hex, sizeof hex, k->pub, k->pub_len);
	sb_addf(&pub, "zeren-audit-pub/1 %s %s\n", alg_names[alg], hex);
	if (priv.overflow || pub.overflow) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = make_parent(priv_path, e)) || (rc = make_parent(pub_path, e)) ||
	    (rc = write_new_file(priv_path, priv.buf, priv.len, 0600, e)))
		goto out;
	/* A public key left from an earlier pair is replaced: it would not match. */
	unlink(pub_path);
	if ((rc = write_new_file(pub_path, pub.buf, pub.len, 0644, e)))
		goto out;
out:
	BIO_free(bio);
	if (priv.buf)
		sodium_memzero(priv.buf, priv.len);
	sb_release(&priv);
	sb_release(&pub);
	audit_key_free(k);
	return rc;
}

/* Reads a small key file; with private set, refuses one that group or others may read. */
static int read_key_file(const char *path, bool private, struct strbuf *out, struct zerr *e)
{
	struct stat st;
	if (stat(path, &st))
		return zerr_set(e, errno == ENOENT ? ZE_NOTFOUND : ZE_IO, "%s: %s", path, strerror(errno));
	if (private && (st.st_mode & 077))
		return zerr_set(e, ZE_INVALID, "%s: the signing key may be read by others (mode %03o): chmod 600 it",
				path, (unsigned)(st.st_mode & 0777));
	sb_init(out, KEY_FILE_MAX);
	return read_file(path, KEY_FILE_MAX, out, e);
}

/* Splits "zeren-audit-xxx/1 ALG" off the front of text; *rest points after it (and its blank). */
static int key_header(const char *path, const char *text, const char *magic, struct audit_key *k, const char **rest,
		      struct zerr *e)
{
	size_t n = strlen(magic);
	char name[16];
	if (strncmp(text, magic, n) || text[n] != ' ')
		return zerr_set(e, ZE_INVALID, "%s: not a zeren key file (no '%s' header)", path, magic);
	text += n + 1;
	size_t len = strcspn(text, " \n");
	if (len >= sizeof name)
		return zerr_set(e, ZE_INVALID, "%s: unknown key algorithm", path);
	memcpy(name, text, len);
	name[len] = '\0';
	if (audit_key_alg_parse(name, &k->alg))
		return zerr_set(e, ZE_INVALID, "%s: unknown key algorithm '%s'", path, name);
	text += len;
	if (*text == ' ' || *text == '\n')
		text++;
	*rest = text;
	return 0;
}

int audit_key_load_private(const char *path, struct audit_key **out, struct zerr *e)
{
	struct strbuf sb = STRBUF_INIT;
	struct audit_key *k = key_new(e);
	const char *rest;
	BIO *bio = NULL;
	int rc;
	*out = NULL;
	if (!k)
		return e->code;
	if ((rc = read_key_file(path, true, &sb, e)) || (rc = key_header(path, sb.buf, "zeren-audit-key/1", k, &rest, e)))
		goto out;
	k->has_private = true;
	if (k->alg == AUDIT_ED25519) {
		size_t bin_len;
		if (sodium_hex2bin(k->ed_sk, sizeof k->ed_sk, rest, strlen(rest), "\n", &bin_len, NULL) ||
		    bin_len != sizeof k->ed_sk) {
			rc = zerr_set(e, ZE_INVALID, "%s: the Ed25519 key is not 64 bytes of hex", path);
			goto out;
		}
		crypto_sign_ed25519_sk_to_pk(k->pub, k->ed_sk);
		k->pub_len = crypto_sign_PUBLICKEYBYTES;
		set_id(k);
	} else {
		if (!(bio = BIO_new_mem_buf(rest, -1)) || !(k->sm2 = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL))) {
			rc = ssl_error(e, path);
			goto out;
		}
		if (!EVP_PKEY_is_a(k->sm2, "SM2")) {
			rc = zerr_set(e, ZE_INVALID, "%s: not an SM2 key", path);
			goto out;
		}
		if ((rc = sm2_public_der(k, e)))
			goto out;
	}
	*out = k;
	k = NULL;
out:
	BIO_free(bio);
	if (sb.buf)
		sodium_memzero(sb.buf, sb.len);
	sb_release(&sb);
	audit_key_free(k);
	return rc;
}

int audit_key_parse_public(const char *text, const char *where, struct audit_key **out, struct zerr *e)
{
	struct audit_key *k = key_new(e);
	const char *rest;
	size_t len;
	int rc;
	*out = NULL;
	if (!k)
		return e->code;
	if ((rc = key_header(where, text, "zeren-audit-pub/1", k, &rest, e)))
		goto out;
	if (sodium_hex2bin(k->pub, sizeof k->pub, rest, strcspn(rest, "\n"), NULL, &len, NULL) || !len) {
		rc = zerr_set(e, ZE_INVALID, "%s: the public key is not hex", where);
		goto out;
	}
	k->pub_len = len;
	if (k->alg == AUDIT_ED25519 && len != crypto_sign_PUBLICKEYBYTES) {
		rc = zerr_set(e, ZE_INVALID, "%s: an Ed25519 public key has 32 bytes", where);
		goto out;
	}
	if (k->alg == AUDIT_SM2) {
		const unsigned char *p = k->pub;
		if (!(k->sm2 = d2i_PUBKEY(NULL, &p, (long)len)) || !EVP_PKEY_is_a(k->sm2, "SM2")) {
			rc = k->sm2 ? zerr_set(e, ZE_INVALID, "%s: not an SM2 key", where) : ssl_error(e, where);
			goto out;
		}
	}
	set_id(k);
	*out = k;
	k = NULL;
out:
	audit_key_free(k);
	return rc;
}

int audit_key_load_public(const char *path, struct audit_key **out, struct zerr *e)
{
	struct strbuf sb = STRBUF_INIT;
	*out = NULL;
	int rc = read_key_file(path, false, &sb, e);
	if (!rc)
		rc = audit_key_parse_public(sb.buf, path, out, e);
	sb_release(&sb);
	return rc;
}

/* The signed part of a checkpoint's line. */
static void signed_text(const struct audit_checkpoint *c, char *buf, size_t n)
{
	snprintf(buf, n, "zeren-checkpoint/1 seq=%" PRId64 " hash=%s at=%s alg=%s key=%s", c->seq, c->hash, c->at,
		 c->alg, c->key_id);
}

#define SIGNED_TEXT_MAX 256

void audit_checkpoint_format(const struct audit_checkpoint *c, char *buf)
{
	char text[SIGNED_TEXT_MAX];
	signed_text(c, text, sizeof text);
	snprintf(buf, AUDIT_CHECKPOINT_LINE_MAX, "%s sig=%s", text, c->sig);
}

/* An SM2 signing or verifying context with SM3 and the default ID. */
static EVP_MD_CTX *sm2_ctx(EVP_PKEY *pk, bool sign, struct zerr *e)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok = md && (sign ? EVP_DigestSignInit_ex(md, &pctx, "SM3", NULL, NULL, pk, NULL)
			     : EVP_DigestVerifyInit_ex(md, &pctx, "SM3", NULL, NULL, pk, NULL)) == 1;
	if (ok)
		ok = EVP_PKEY_CTX_set1_id(pctx, SM2_ID, strlen(SM2_ID)) == 1;
	if (!ok) {
		EVP_MD_CTX_free(md);
		ssl_error(e, sign ? "SM2 sign" : "SM2 verify");
		return NULL;
	}
	return md;
}

int audit_key_sign(const struct audit_key *k, const void *msg, size_t len, char *sig_hex, size_t hex_len,
		   struct zerr *e)
{
	unsigned char sig[160];
	size_t sig_len = sizeof sig;
	if (!k->has_private)
		return zerr_set(e, ZE_INVALID, "a public key cannot sign");
	if (k->alg == AUDIT_ED25519) {
		unsigned long long n;
		crypto_sign_detached(sig, &n, msg, len, k->ed_sk);
		sig_len = (size_t)n;
	} else {
		EVP_MD_CTX *md = sm2_ctx(k->sm2, true, e);
		if (!md)
			return e->code;
		int ok = EVP_DigestSign(md, sig, &sig_len, msg, len) == 1;
		EVP_MD_CTX_free(md);
		if (!ok)
			return ssl_error(e, "SM2 sign");
	}
	if (hex_len < 2 * sig_len + 1)
		return zerr_set(e, ZE_LIMIT, "signature buffer too small");
	sodium_bin2hex(sig_hex, hex_len, sig, sig_len);
	return 0;
}

bool audit_key_verify(const struct audit_key *k, const void *msg, size_t len, const char *sig_hex)
{
	unsigned char sig[160];
	size_t sig_len;
	struct zerr e;
	bool ok;
	if (sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &sig_len, NULL))
		return false;
	if (k->alg == AUDIT_ED25519) {
		ok = sig_len == crypto_sign_BYTES && crypto_sign_verify_detached(sig, msg, len, k->pub) == 0;
	} else {
		EVP_MD_CTX *md = sm2_ctx(k->sm2, false, &e);
		if (!md)
			return false;
		ok = EVP_DigestVerify(md, sig, sig_len, msg, len) == 1;
		EVP_MD_CTX_free(md);
		ERR_clear_error();
	}
	return ok;
}

static int sign_checkpoint(const struct audit_key *k, struct audit_checkpoint *c, struct zerr *e)
{
	char text[SIGNED_TEXT_MAX];
	snprintf(c->alg, sizeof c->alg, "%s", alg_names[k->alg]);
	snprintf(c->key_id, sizeof c->key_id, "%s", k->id);
	signed_text(c, text, sizeof text);
	return audit_key_sign(k, text, strlen(text), c->sig, sizeof c->sig, e);
}

int audit_checkpoint_check(const struct audit_checkpoint *c, const struct audit_key *k, struct zerr *e)
{
	char text[SIGNED_TEXT_MAX];
	unsigned char sig[160];
	size_t sig_len;
	if (strcmp(c->alg, alg_names[k->alg]) || strcmp(c->key_id, k->id))
		return zerr_set(e, ZE_CONFLICT, "checkpoint of record %" PRId64 " is signed by another key (%s %s)", c->seq,
				c->alg, c->key_id);
	if (sodium_hex2bin(sig, sizeof sig, c->sig, strlen(c->sig), NULL, &sig_len, NULL))
		return zerr_set(e, ZE_CONFLICT, "checkpoint of record %" PRId64 ": the signature is not hex", c->seq);
	signed_text(c, text, sizeof text);
	bool ok;
	if (k->alg == AUDIT_ED25519) {
		ok = sig_len == crypto_sign_BYTES &&
		     crypto_sign_verify_detached(sig, (const unsigned char *)text, strlen(text), k->pub) == 0;
	} else {
		EVP_MD_CTX *md = sm2_ctx(k->sm2, false, e);
		if (!md)
			return e->code;
		ok = EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)text, strlen(text)) == 1;
		EVP_MD_CTX_free(md);
		ERR_clear_error();
	}
	if (!ok)
		return zerr_set(e, ZE_CONFLICT,
				"第 %" PRId64 " 条记录的检查点签名无效 (伪造或被改动) / the checkpoint of record %" PRId64
				" (signed at %s) does not verify: forged or altered",
				c->seq, c->seq, c->at);
	return 0;
}

/* Copies the value of " name=" in line into out (n bytes); -1 when absent or too long. */
static int field(const char *line, const char *name, char *out, size_t n)
{
	char key[16];
	snprintf(key, sizeof key, " %s=", name);
	const char *p = strstr(line, key);
	if (!p)
		return -1;
	p += strlen(key);
	size_t len = strcspn(p, " \r\n");
	if (len == 0 || len >= n)
		return -1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

static bool all_hex(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return false;
	return true;
}

int audit_checkpoint_parse(const char *line, struct audit_checkpoint *c, struct zerr *e)
{
	char seq[24];
	char *end;
	memset(c, 0, sizeof *c);
	if (strncmp(line, "zeren-checkpoint/1 ", 19) || field(line, "seq", seq, sizeof seq) ||
	    field(line, "hash", c->hash, sizeof c->hash) || field(line, "at", c->at, sizeof c->at) ||
	    field(line, "alg", c->alg, sizeof c->alg) || field(line, "key", c->key_id, sizeof c->key_id) ||
	    field(line, "sig", c->sig, sizeof c->sig))
		return zerr_set(e, ZE_INVALID, "not a zeren checkpoint line");
	errno = 0;
	long long v = strtoll(seq, &end, 10);
	if (errno || *end || v < 1 || strlen(c->hash) != AUDIT_HASH_HEX || !all_hex(c->hash) || !all_hex(c->sig))
		return zerr_set(e, ZE_INVALID, "not a zeren checkpoint line");
	c->seq = v;
	return 0;
}

int audit_checkpoint_write(struct store *s, const struct audit_key *k, const char *log_path,
			   struct audit_checkpoint *out, struct zerr *e)
{
	char line[AUDIT_CHECKPOINT_LINE_MAX + 1];
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = store_audit_last(s, &out->seq, out->hash, e)))
		return rc;
	if (!out->seq)
		return 0;
	time_t t = clock_now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out->at, sizeof out->at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = sign_checkpoint(k, out, e)))
		return rc;
	audit_checkpoint_format(out, line);
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", line);
	strcat(line, "\n");
	/* One write with O_APPEND: lines of concurrent writers (server, cron) never interleave. */
	int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return zerr_set(e, ZE_IO, "%s: %s", log_path, strerror(errno));
	size_t len = strlen(line);
	ssize_t w = write(fd, line, len);
	int err = errno;
	if (w != (ssize_t)len || fsync(fd)) {
		close(fd);
		return zerr_set(e, ZE_IO, "%s: %s", log_path, w < 0 ? strerror(err) : "short write");
	}
	if (close(fd))
		return zerr_set(e, ZE_IO, "%s: %s", log_path, strerror(errno));
	return 0;
}

static int by_seq(const void *a, const void *b)
{
	const struct audit_checkpoint *x = a, *y = b;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The checkpoints of log_path that k signed, in file order, counted into r (lines, foreign);
 * *cps is the caller's to free. A missing log_path is no checkpoint at all. */
static int read_checkpoints(const struct audit_key *k, const char *log_path, struct audit_anchor_report *r,
			    struct audit_checkpoint **cps, size_t *n, struct zerr *e)
{
	char line[AUDIT_CHECKPOINT_LINE_MAX + 2];
	size_t cap = 0;
	int rc = 0;
	FILE *f = log_path ? fopen(log_path, "r") : NULL;
	if (!f)
		return log_path && errno != ENOENT ? zerr_set(e, ZE_IO, "%s: %s", log_path, strerror(errno)) : 0;
	for (size_t lineno = 1; fgets(line, sizeof line, f); lineno++) {
		struct audit_checkpoint c;
		struct zerr pe = {0};
		if (line[0] == '\n' || line[0] == '#')
			continue;
		r->lines++;
		if (audit_checkpoint_parse(line, &c, &pe)) {
			rc = zerr_set(e, ZE_CONFLICT, "%s:%zu: not a checkpoint (altered?)", log_path, lineno);
			break;
		}
		if (strcmp(c.key_id, audit_key_id(k))) {
			r->foreign++;
			continue;
		}
		if ((rc = audit_checkpoint_check(&c, k, e))) {
			zerr_prefix(e, "%s:%zu", log_path, lineno);
			break;
		}
		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			void *p = realloc(*cps, ncap * sizeof **cps);
			if (!p) {
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
				break;
			}
			*cps = p;
			cap = ncap;
		}
		(*cps)[(*n)++] = c;
	}
	if (!rc && ferror(f)) /* a read error is not the end of the checkpoints */
		rc = zerr_set(e, ZE_IO, "%s: %s", log_path, strerror(errno));
	fclose(f);
	return rc;
}

int audit_verify_anchored(struct store *s, const struct audit_key *k, const char *log_path,
			  struct audit_anchor_report *r, struct zerr *e)
{
	struct audit_checkpoint *cps = NULL;
	struct audit_signed_head *heads = NULL;
	size_t n = 0;
	memset(r, 0, sizeof *r);
	int rc = read_checkpoints(k, log_path, r, &cps, &n, e);
	if (!rc && n) {
		qsort(cps, n, sizeof *cps, by_seq);
		r->have_last = true;
		r->last = cps[n - 1];
		if (!(heads = calloc(n, sizeof *heads)))
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
		for (size_t i = 0; heads && i < n; i++)
			heads[i] = (struct audit_signed_head){cps[i].seq, cps[i].hash, cps[i].at};
	}
	r->verified = n;
	if (!rc)
		rc = audit_verify_heads(s, heads, n, &r->chain, e);
	free(heads);
	free(cps);
	return rc;
}
