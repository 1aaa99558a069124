/* The application behind the HTTP server (struct http_app): each thread's worker, who a session
 * token names (remembered per worker while nothing about accounts changes), and the audit log
 * as the record of what requests did. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "audit/audit.h"
#include "util/clock.h"

#define SESSION_MEMO_SLOTS 64
/* A remembered session is read from the store again at least this often, which extends its
 * idle expiry and checks the absolute one; any change to accounts, roles or sessions (a logout,
 * a revocation, a disabled account, a new grant) makes every node read it again at once. */
#define SESSION_MEMO_SECONDS 60

/* What the sessions a worker saw lately grant, keyed by the SHA-256 of the token. */
struct session_memo {
	struct {
		char hash[65];
		struct principal who;
		int64_t auth_generation;
		time_t read_at;
	} slot[SESSION_MEMO_SLOTS];
	size_t next;
};

static void worker_close(struct worker *w)
{
	if (!w)
		return;
	engine_free(w->engine);
	if (w->store)
		store_close(w->store);
	free(w->sessions);
	free(w);
}

static struct worker *worker_open(const void *ctx, struct zerr *e)
{
	const struct api_server *srv = ctx;
	struct worker *w = calloc(1, sizeof *w);
	if (!w) {
		zerr_set(e, ZE_NOMEM, "out of memory");
		return NULL;
	}
	w->srv = srv;
	if (store_open(srv->data_dir, &w->store, e) || !(w->engine = engine_new()) ||
	    !(w->sessions = calloc(1, sizeof *w->sessions))) {
		if (!e->code)
			zerr_set(e, ZE_NOMEM, "out of memory");
		worker_close(w);
		return NULL;
	}
	return w;
}

/* The session of token: remembered, when nothing about accounts or sessions changed since and it
 * was read from the store lately; else read (session_lookup) and remembered. */
static int find_session(struct worker *w, const char *token, struct principal *who, struct zerr *e)
{
	struct session_memo *m = w->sessions;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hash[65];
	int64_t gen;
	time_t now = clock_now();
	size_t len = strlen(token), i;
	if (len > 2 * SESSION_TOKEN_CHARS)
		return ZE_NOTFOUND;
	crypto_hash_sha256(digest, (const unsigned char *)token, len);
	sodium_bin2hex(hash, sizeof hash, digest, sizeof digest);
	int rc = store_auth_generation(w->store, &gen, e);
	if (rc)
		return rc;
	for (i = 0; i < SESSION_MEMO_SLOTS && strcmp(m->slot[i].hash, hash) != 0; i++)
		;
	if (i < SESSION_MEMO_SLOTS && m->slot[i].auth_generation == gen && now - m->slot[i].read_at < SESSION_MEMO_SECONDS) {
		*who = m->slot[i].who;
		return 0;
	}
	if ((rc = session_lookup(w->store, token, now, who, e))) {
		if (i < SESSION_MEMO_SLOTS)
			m->slot[i].hash[0] = '\0';
		return rc;
	}
	if (i == SESSION_MEMO_SLOTS)
		i = m->next++ % SESSION_MEMO_SLOTS;
	memcpy(m->slot[i].hash, hash, sizeof hash);
	m->slot[i].who = *who;
	m->slot[i].auth_generation = gen; /* read before the session: a change in between is seen next time */
	m->slot[i].read_at = now;
	return 0;
}

static int record(struct worker *w, const struct http_record *r, struct zerr *e)
{
	return audit_append(w->store, r->actor, r->source, r->action, r->object, r->ok, r->detail, e);
}

static uint64_t pending(struct worker *w)
{
	return store_durable_later(w->store);
}

static int durable(struct worker *w, uint64_t ticket, struct zerr *e)
{
	return store_durable_wait(w->store, ticket, e);
}

const struct http_app api_http_app = {worker_open, worker_close, find_session, record, pending, durable};
