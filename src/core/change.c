#include "core/change.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/import.h"

char *change_cli_actor(char buf[CHANGE_ACTOR_MAX])
{
	const char *u = getenv("USER");
	snprintf(buf, CHANGE_ACTOR_MAX, "cli:%s", u && *u ? u : "unknown");
	return buf;
}

/* The record's detail: the caller's, or the counts written; the reason, and why it was refused. */
static char *detail_text(const struct change *c, json_t *detail, const struct import_stats *st, const char *error)
{
	json_t *d = detail ? json_deep_copy(detail) : c->detail ? json_deep_copy(c->detail) : json_object();
	char *text = NULL;
	if (d && json_is_object(d)) {
		if (!detail && !c->detail && st)
			json_object_set_new(d, "counts", import_stats_json(st));
		if (c->reason)
			json_object_set_new(d, "reason", json_string(c->reason));
		if (error)
			json_object_set_new(d, "error", json_string(error));
	}
	if (d)
		text = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(d);
	return text;
}

static int append_in(struct store *s, struct change *c, json_t *detail, const struct import_stats *st,
		     struct zerr *e)
{
	if (c->describe)
		c->describe(c->describe_ctx, c, NULL);
	char *text = detail_text(c, detail, st, NULL);
	int rc = text ? audit_append_in(s, c->actor, c->source, c->action, c->object ? c->object : "-", true, text, e)
		      : zerr_set(e, ZE_NOMEM, "out of memory");
	free(text);
	/* the records the change wrote, in the history of facts, are this audit record's */
	int64_t seq;
	char hash[AUDIT_HASH_HEX + 1];
	if (!rc && !(rc = store_audit_last(s, &seq, hash, e)))
		rc = store_history_seal(s, seq, e);
	return rc;
}

int change_record_in(struct store *s, struct change *c, json_t *detail, struct zerr *e)
{
	return append_in(s, c, detail, NULL, e);
}

int change_finish(struct store *s, struct change *c, int rc, json_t *detail, struct zerr *e)
{
	if (!rc)
		rc = change_record_in(s, c, detail, e);
	if (!rc)
		rc = store_commit(s, e);
	if (rc) {
		store_rollback(s);
		change_refused(s, c, e);
	}
	json_decref(detail);
	return rc;
}

void change_refused(struct store *s, struct change *c, const struct zerr *why)
{
	if (!c)
		return;
	if (c->describe)
		c->describe(c->describe_ctx, c, why);
	char *text = detail_text(c, NULL, NULL, why && why->code ? why->msg : "refused");
	if (text)
		audit_append(s, c->actor, c->source, c->action, c->object ? c->object : "-", false, text,
			     &(struct zerr){0});
	free(text);
}

struct run {
	struct change *c;
	const struct import_opts *caller;
};

/* Inside the import's transaction, after the records: the caller's hook, then the record. */
static int before_commit(void *ctx, struct store *s, const struct import_stats *st, struct zerr *e)
{
	struct run *r = ctx;
	int rc = 0;
	if (r->caller && r->caller->before_commit)
		rc = r->caller->before_commit(r->caller->commit_ctx, s, st, e);
	if (!rc)
		rc = store_generation(s, &r->c->generation_before, e);
	return rc ? rc : append_in(s, r->c, NULL, st, e);
}

/* Exactly one of text, doc and path says what to import. */
static int run_import(struct store *s, struct change *c, const char *text, size_t len, json_t *doc,
		      const char *path, const char *name, const struct import_opts *opts, struct import_stats *stats,
		      struct zerr *e)
{
	struct run r = {c, opts};
	struct import_opts o = opts ? *opts : (struct import_opts){0};
	o.only_org = c->unit;
	o.before_commit = before_commit;
	o.commit_ctx = &r;
	c->generation_before = c->generation_after = 0;
	int rc = doc    ? import_parsed(s, doc, name, &o, stats, e)
		 : path ? import_file_opts(s, path, &o, stats, e)
			: import_document_opts(s, text, len, name, &o, stats, e);
	if (rc)
		change_refused(s, c, e);
	else if (c->generation_before && store_generation(s, &c->generation_after, &(struct zerr){0}))
		c->generation_after = 0; /* unknown: the caller assumes anything changed */
	return rc;
}

int change_records(struct store *s, struct change *c, json_t *doc, const char *name, const struct import_opts *opts,
		   struct import_stats *stats, struct zerr *e)
{
	return run_import(s, c, NULL, 0, doc, NULL, name, opts, stats, e);
}

int change_document(struct store *s, struct change *c, const char *text, size_t len, const char *name,
		    const struct import_opts *opts, struct import_stats *stats, struct zerr *e)
{
	return run_import(s, c, text, len, NULL, NULL, name, opts, stats, e);
}

int change_file(struct store *s, struct change *c, const char *path, struct import_stats *stats, struct zerr *e)
{
	return run_import(s, c, NULL, 0, NULL, path, path, NULL, stats, e);
}
