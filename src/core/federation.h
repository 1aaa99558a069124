/* Federated supervision (issue 15, part 5). A unit that runs its own zeren reports up to its
 * supervisor, and the supervisor's notices come down, as signed packages (docs/interchange.md,
 * "Signed packages"): one header line, then the body, a JSON object:
 *     zeren-package/1 kind=report sha256=<body> at=<UTC> alg=sm2 key=<id> sig=<hex>
 *     {"format": "zeren-report/1", "from": {"id", "name"}, "to": …, …}
 * The signature covers the header before " sig=", and so, through its sha256, every byte of
 * the body. It is made with the sender's unit key (core/documents.h, documents_signing_key)
 * and checked with the key the receiver registered for the sender (federation_key, by
 * direction: a supervisor registers its units' keys, a unit its supervisor's). A package
 * whose key is not registered, whose signature or hash does not verify, or whose body names
 * another sender than the key's is refused and changes nothing. */
#ifndef ZEREN_CORE_FEDERATION_H
#define ZEREN_CORE_FEDERATION_H

#include <jansson.h>

#include "audit/anchor.h"
#include "core/change.h"
#include "core/policies.h"
#include "core/rollup.h"
#include "model/model.h"
#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"

#define FED_PACKAGE_MAX ((size_t)64 << 20) /* bytes of one package */
#define FED_KEY_TEXT_MAX 4096              /* bytes of a public key file */
#define FED_DIRECTION_UNIT "unit"          /* a unit below, whose reports come up */
#define FED_DIRECTION_SUPERVISOR "supervisor" /* the unit above, whose notices come down */

/* Registers the public key of unit org (named name) for direction, from the text of its public
 * key file (keys/doc-signing.pub of the other installation); one change, action
 * "federation.key". A key registered before for (org, direction) is replaced only when replace
 * (the installation's operator, `zeren report trust`): through the API, where the units of a
 * shared installation register keys side by side, another key for it is a conflict (ZE_CONFLICT)
 * — else one unit could put its own key in the place of a supervisor's that a sibling trusts,
 * or a supervisor in the place of a unit that reports to another. The same key again is kept.
 * A unit hosted in this store is refused (ZE_CONFLICT): its records are here, and its notices
 * and figures go to and fro without packages. */
int fed_key_register(struct store *s, struct change *c, const char *org, const char *direction, const char *name,
		     const char *pub_text, bool replace, struct zerr *e);
/* [{org, direction, name, alg, key_id, registered_at}] */
int fed_key_list(struct store *s, json_t **out, struct zerr *e);

/* Signs body (borrowed) as a package of kind ("report", "notice") with k into out. */
int fed_package_seal(const char *kind, json_t *body, const struct audit_key *k, struct strbuf *out, struct zerr *e);

struct fed_package {
	char kind[16], sha256[65], at[32], alg[16], key_id[17];
	char from[201];  /* the sender: the registered key's unit */
	json_t *body;    /* owned */
};
/* Checks a package of kind from a sender of direction: its header, a key registered for that
 * direction with the header's id, the signature, the body's hash, and that the body names the
 * key's unit as "from". ZE_INVALID (malformed), ZE_DENIED (unknown key, signature, hash or
 * sender), each with a message that says which. */
int fed_package_open(struct store *s, const char *text, size_t len, const char *kind, const char *direction,
		     struct fed_package *p, struct zerr *e);
void fed_package_release(struct fed_package *p);

/* What a unit reports of itself (unit u of f, indexed) to its supervisor `to` as of as_of: the
 * zeren/v1 sections named in include (NULL: organizations, systems, appointments, notices;
 * "organizations" always), its findings and their tally (core/rollup.h), its duties of the
 * year to as_of with their status, and its latest published evaluation round (null when none).
 * The body of a "report" package. */
json_t *fed_report_body(struct store *s, const struct facts *f, const struct cal *cal, const struct policy_set *ps,
			zidx u, const char *to, zdate as_of, const char *const *include, size_t ninclude,
			struct zerr *e);
/* Keeps an opened report as unit from's reported data on the supervisor's side (f: the
 * importer's facts, indexed): the body's "to" must be a unit of f and "from" no unit of the store
 * (a hosted unit's records are its own); a report older than the one kept is refused, and so is
 * one from a unit that reports to a unit outside the importer's scope (mine(scope, org) false;
 * mine NULL: the operator, every unit) — a supervisor cannot move another's unit under itself.
 * What the store holds is checked in the transaction that keeps the report. One change, action
 * "report.import". */
int fed_report_import(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
		      const char *text, size_t len, bool (*mine)(void *scope, const char *org), void *scope,
		      struct zerr *e);
/* The reports kept: [{org, name, parent, as_of, signer: {alg, key}, imported_at, tally,
 * by_rule, ...}]; with bodies, each row also carries the whole body as "report". */
int fed_report_list(struct store *s, const char *org, bool bodies, json_t **out, struct zerr *e);
/* The federated units in the 12-month trend to days (rollup_month_ends): each package a unit
 * sent is a point in the month of its as-of date (the month's last package when it sent
 * several); a month it sent none is a gap, null in its row's "scores" and "as_of", and left out
 * of that month's sum. Appends to units one row {org, name, reported: true, scores, as_of} per
 * unit whose package went to a unit `keep` accepts (keep(ctx, parent)), and adds its points to
 * sum. */
int fed_trend_rows(struct store *s, const zdate days[ROLLUP_MONTHS], bool (*keep)(void *ctx, const char *parent),
		   void *ctx, json_t *units, struct trend_month sum[ROLLUP_MONTHS], struct zerr *e);

/* The body of a "notice" package from unit from (f, indexed) to unit `to`: notices (zeren/v1
 * notice records, borrowed) as the receiving unit will record them. */
json_t *fed_notice_body(const struct facts *f, zidx from, const char *to, json_t *notices, struct zerr *e);
/* Records the notices of an opened package as the receiving unit's own (its "to" must be a unit
 * here; a notice whose id is taken is refused): the issuer is the sender, named; issuer_org is
 * kept only when the sender's unit is here above the receiver. One change, action
 * "notice.import". */
int fed_notice_import(struct store *s, struct change *c, const struct facts *f, const struct fed_package *p,
		      struct zerr *e);

#endif
