/* Documents people sign (issue 14): 网络安全工作责任书, 关键岗位安全协议, 联网安全保密责任书,
 * filled from a unit's facts into a template and rendered to PDF (doc/pdf.h).
 *
 * Templates are data: data/templates/<kind>.json, compiled into the binary as the policies
 * are ("zeren-template/v1": title, blocks of headings and paragraphs with {field}s, a block
 * that expands into the duties of the post from the catalogue (data/posts.json), a block for
 * the unit's own clauses, and the two parties of the signature block). Their shape is meant
 * to move into the unit's policy document once policies are versioned per unit.
 *
 * A document's number is derived from what it is about (unit, kind, year, person, department,
 * post, term), never from a counter or a random id: generating the same letter twice gives
 * the same number and the same bytes. */
#ifndef ZEREN_CORE_DOCUMENTS_H
#define ZEREN_CORE_DOCUMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cal/cal.h"
#include "model/model.h"
#include "rules/engine.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/strbuf.h"

#define DOC_NUMBER_MAX 96
#define DOC_CLAUSES_MAX 64     /* the unit's own clauses in one document */
#define DOC_CLAUSE_BYTES 4000  /* bytes of one clause */
#define DOC_BASE_URL_MAX 400

/* The template kinds: those of the zeren/v1 agreement kinds that have a template. */
bool documents_kind_known(const char *kind);

struct doc_request {
	const char *org, *kind, *person; /* required; kind: an agreement kind with a template */
	const char *post;       /* key_post_security: the post (default: the first key post held on date) */
	const char *department; /* default: the department headed (letters) or of the post, else the person's */
	zdate date;             /* the document's date (its CreationDate; "as of" for the defaults) */
	int year;               /* responsibility_letter: the year it covers (0: date's year) */
	zdate from, to;         /* the term, [from, to); ZDATE_NONE: from the kind's defaults */
	const char *const *clauses; /* the unit's own clauses, n_clauses of them */
	int n_clauses;
	const char *base_url;   /* the verification page's address prefix (NULL: none, no QR code) */
	const char *font_body, *font_title; /* fontconfig families (NULL: Noto CJK) */
	const char *templates; /* the unit's own templates (its policy's "templates" on date), or NULL */
};

struct doc_output {
	char number[DOC_NUMBER_MAX];
	char title[200];
	char kind[32], person[201], department[201], post[40];
	zdate from, to, date;
	char sha256[65], sm3[65];
	int pages;
	struct strbuf pdf; /* the bytes; released by doc_output_release */
};
void doc_output_release(struct doc_output *o);

/* Fills the template of rq->kind from f (indexed) and renders it. Refuses (ZE_INVALID or
 * ZE_NOTFOUND, naming the field) an unknown unit, person, kind, post or department, a person
 * who holds no such post on the date, a term that ends before it starts. */
int documents_generate(const struct facts *f, const struct doc_request *rq, struct doc_output *out, struct zerr *e);

/* Keeps the PDF in the evidence store (under its SHA-256) and records the document of unit
 * o's (action "doc.generate"), in one change c. A document of that number that was signed
 * already keeps its bytes: other bytes under its number are refused (ZE_CONFLICT). campaign
 * (nullable) names the campaign it belongs to. */
struct change;
int documents_save(struct store *s, const char *data_dir, struct change *c, const char *org,
		   const struct doc_output *o, const char *campaign, struct zerr *e);

/* The unit's document signing key: keys/doc-signing.key (mode 0600) and .pub in the data
 * directory, SM2 with SM3 by default, Ed25519 when chosen (audit/anchor.h keeps both). The
 * private key never leaves the data directory. */
#define DOC_KEY_FILE "keys/doc-signing.key"
#define DOC_PUB_FILE "keys/doc-signing.pub"
/* Creates the key pair (alg "sm2" or "ed25519"; NULL: sm2); ZE_CONFLICT when there is one. */
int documents_keygen(const char *data_dir, const char *alg, struct zerr *e);
/* The unit's private key (created, SM2, when there is none yet): it signs the unit's documents
 * and the packages it sends its supervisor (core/federation.h). Free with audit_key_free. */
struct audit_key;
int documents_signing_key(const char *data_dir, struct audit_key **k, struct zerr *e);

/* A signature: the person the document is for signs it, in the platform (having confirmed
 * with their password, which the caller checked) or on paper (the signed scan uploaded).
 * The record — number, hashes of the exact PDF, signer, method, account, time, the scan's
 * hash — is one line, signed with the unit's key (created when there is none):
 *     zeren-doc-signature/1 number=N sha256=H sm3=H signer=P method=M account=A at=T on=D
 *     scan=H|- alg=sm2 key=ID
 * In one change (action "doc.sign"): the signature, the document's status "signed" and the
 * zeren/v1 agreement of the document's kind, person and term with signed_on (id: the number),
 * which the rules then see. */
struct doc_signing {
	const char *number;
	const char *method;  /* "platform" or "paper" */
	const char *signer;  /* a person id: must be the document's person */
	const char *account; /* who acts: an account's name, or cli:<user> */
	const void *scan;    /* paper: the scan's bytes */
	size_t scan_len;
	const char *scan_name;
	zdate on;            /* the day it is signed, in the unit's time zone */
};
int documents_sign(struct store *s, const char *data_dir, struct change *c, const struct doc_signing *rq,
		   struct zerr *e);

/* What the store says about a file (by its bytes) or a number: {"sha256", "sm3", "known",
 * "document": {…}, "signatures": [{…, "valid"}], "signed", "valid"}. valid: the file is a
 * document of this store and every signature on it verifies with the unit's public key.
 * With data NULL, number is looked up and the answer says which bytes were signed. */
int documents_verify(struct store *s, const char *data_dir, const void *data, size_t len, const char *number,
		     json_t **out, struct zerr *e);

/* A signing campaign (签署批次): one letter of a kind for everyone who must sign it — each
 * department head for responsibility_letter (one per department headed), each key-post holder
 * for key_post_security (one per key post), each person for network_access — generated at once,
 * kept as evidence and recorded with the campaign in one change ("doc.campaign"). Its id is
 * "<org>-<year>-<kind>"; one campaign per unit, kind and year (ZE_CONFLICT). Each letter is
 * tracked: generated, sent, signed (in the platform or on paper), returned (the paper original
 * filed). */
struct campaign_request {
	const char *org, *kind;
	int year;          /* the year it is for (0: date's year) */
	zdate date;        /* the letters' date and the day whose holders must sign */
	const char *base_url, *font_body;
	const char *templates; /* the unit's own templates, as in struct doc_request */
};
int documents_campaign_open(struct store *s, const char *data_dir, struct change *c, const struct facts *f,
			    const struct campaign_request *rq, char id[256], size_t *generated, struct zerr *e);
/* Marks every generated letter of the campaign sent (printed and handed out, or announced);
 * *n gets how many. Refused for a closed campaign. */
int documents_campaign_send(struct store *s, struct change *c, const char *id, size_t *n, struct zerr *e);
/* Closes the campaign: no more changes to its letters' status by campaign; unsigned letters stay
 * findings of the rules. */
int documents_campaign_close(struct store *s, struct change *c, const char *id, struct zerr *e);
/* One letter's status: sent (from generated) or returned (from signed); other moves are refused. */
int documents_set_status(struct store *s, struct change *c, const char *number, const char *status, struct zerr *e);
/* The campaign with its counts by status and its letters:
 * {"id", "org", "kind", "year", "title", "date", "status", "counts": {…, "total"}, "documents": [rows]}. */
int documents_campaign_json(struct store *s, const char *id, json_t **out, struct zerr *e);
/* For reminders (the notifications of issue 17 call this): fn for each letter of the campaign
 * not signed yet — its number, person and status. A nonzero return of fn stops and is returned. */
int documents_campaign_unsigned(struct store *s, const char *id, document_row_fn fn, void *ctx, struct zerr *e);

/* The findings report of unit u as of a date, for an inspector (issue 14, item 6): the unit,
 * a summary by severity, the findings grouped by rule with their subjects, messages, since-dates
 * and the clauses cited, then the unit's bodies and posts with their holders that day. fs are
 * the findings of the check (of f, indexed). Rendered to PDF into pdf. */
int documents_findings_report(const struct facts *f, zidx u, const struct findings *fs, zdate as_of,
			      const char *font, struct strbuf *pdf, int *pages, struct zerr *e);

/* The findings of unit u as of a date as an Excel workbook at path: one row a finding (rule,
 * its name, severity, subject, message, since-date, the clauses in force). */
int documents_findings_xlsx(const struct facts *f, zidx u, const struct findings *fs, zdate as_of, const char *path,
			    struct zerr *e);

/* The accountability report of incident xi (责任追究): its facts, the clauses it triggers under
 * policy p, and the chain of people in post on the day it occurred (core/accountability.c),
 * with room for the leading group's findings. Rendered to PDF into pdf. */
int documents_accountability_report(const struct facts *f, const struct policy *p, zidx xi, const char *font,
				    struct strbuf *pdf, int *pages, struct zerr *e);

/* A department's half-yearly 自查报告 (the policy's selfcheck.semiannual), pre-filled from the
 * record for the department to complete, sign and upload as that duty's evidence: its posts
 * and holders on as_of, the duties it owes in the half-year (done, overdue, open as of as_of), the
 * open findings concerning it with their citations (findings of the check as of as_of). */
struct selfcheck_request {
	zidx org, dept;
	zdate as_of;                   /* the half-year is the one containing it */
	const struct policy *policy;   /* the unit's policy on as_of (NULL: no duties listed) */
	const struct cal *cal;         /* the working-day calendar */
	const struct findings *findings; /* the check's, of f */
	const char *font;
};
int documents_selfcheck_report(const struct facts *f, const struct selfcheck_request *rq, struct strbuf *pdf,
			       int *pages, struct zerr *e);
/* The same lists as a workbook at path: one row each (类别, 项目, 情况, 日期, 依据). */
int documents_selfcheck_xlsx(const struct facts *f, const struct selfcheck_request *rq, const char *path,
			     struct zerr *e);

/* Checks a unit's own templates (a policy's "templates", JSON text): known kinds, blocks of
 * p, h, plain, duties or clauses, and only known {fields}; ZE_INVALID naming the kind and block. */
int documents_templates_check(const char *templates, struct zerr *e);
/* The template of kind a letter would be made from: the unit's own (from templates, as in
 * struct doc_request; *own true) or the shipped one. NULL and ZE_NOTFOUND for no such kind. */
json_t *documents_template(const char *templates, const char *kind, bool *own, struct zerr *e);

/* SHA-256 and SM3 of bytes, in lowercase hex. */
int documents_hash(const void *data, size_t len, char sha256[65], char sm3[65], struct zerr *e);

/* "2027年1月1日" into buf (at least 32 bytes). */
char *documents_date_zh(zdate d, char *buf);

#endif
