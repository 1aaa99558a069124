/* The facts snapshot (see snapshot.h). The file: a header (magic, format, this build's layout
 * fingerprint, the key, the payload's length and checksum), then the payload: each array of
 * struct facts as its count and its records, their string fields written as offsets (+1, 0 for
 * NULL) into the strings that end the payload; each id map as its slots without their keys
 * (a key is the id of the record its value names). Records are written field by field into
 * zeroed buffers, so padding is zero and the file of one state is always the same. */
#include "store/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/datetime.h"
#include "util/hmap.h"

#define SNAP_MAGIC "ZRNFACTS"
#define SNAP_FORMAT 1u

struct field {
	unsigned short off, size;
	bool str;
};

/* A record type: its size and every field (a field missing here is written as zero: each
 * record's size is asserted below so that a new field makes the build fail until it is added). */
struct rtype {
	size_t size;
	const struct field *fields;
	size_t nfields;
};

#define FLD(T, m) {offsetof(struct T, m), sizeof(((struct T *)0)->m), false}
#define STR(T, m) {offsetof(struct T, m), sizeof(char *), true}
#define TIME(T, m) FLD(T, m.t), FLD(T, m.offset)
#define RTYPE(T, list) \
	static const struct field T##_fields[] = list; \
	static const struct rtype T##_type = {sizeof(struct T), T##_fields, sizeof T##_fields / sizeof T##_fields[0]}
#define L(...) {__VA_ARGS__}

RTYPE(org, L(STR(org, id), STR(org, name), STR(org, kind), STR(org, policy), FLD(org, parent), STR(org, time_zone),
	     FLD(org, utc_offset), FLD(org, operator_type)));
RTYPE(dept, L(STR(dept, id), STR(dept, name), FLD(dept, org), FLD(dept, parent)));
RTYPE(person, L(STR(person, id), STR(person, name), FLD(person, org), FLD(person, dept), FLD(person, background_check)));
RTYPE(body, L(STR(body, id), STR(body, name), FLD(body, org), FLD(body, kind)));
RTYPE(body_lead, L(FLD(body_lead, body), FLD(body_lead, led)));
RTYPE(appt, L(FLD(appt, person), FLD(appt, org), FLD(appt, dept), FLD(appt, system), FLD(appt, body), FLD(appt, post),
	      FLD(appt, seat), FLD(appt, full_time), FLD(appt, from), FLD(appt, to)));
RTYPE(zsystem, L(STR(zsystem, id), STR(zsystem, name), STR(zsystem, filing_no), FLD(zsystem, org),
		 FLD(zsystem, owner_dept), FLD(zsystem, mlps_level), FLD(zsystem, critical_infrastructure),
		 FLD(zsystem, public_website), FLD(zsystem, filed_on), FLD(zsystem, last_assessed_on),
		 STR(zsystem, project)));
RTYPE(agreement, L(STR(agreement, id), FLD(agreement, org), FLD(agreement, person), FLD(agreement, kind),
		   FLD(agreement, from), FLD(agreement, to), FLD(agreement, signed_on), FLD(agreement, post),
		   FLD(agreement, dept)));
RTYPE(incident, L(STR(incident, id), STR(incident, title), STR(incident, category), FLD(incident, org),
		  FLD(incident, system), FLD(incident, grade), TIME(incident, occurred), TIME(incident, detected),
		  TIME(incident, reported), TIME(incident, resolved), FLD(incident, outage_hours),
		  FLD(incident, personal_info_records), FLD(incident, summary_on), STR(incident, classification),
		  FLD(incident, attacked), FLD(incident, handled_in_time), FLD(incident, function_outage_hours),
		  FLD(incident, economic_loss_yuan), FLD(incident, people_affected), STR(incident, follow_ups)));
RTYPE(notice, L(STR(notice, id), STR(notice, issuer), STR(notice, document_no), STR(notice, title), FLD(notice, org),
		FLD(notice, received_on), FLD(notice, rectified_on), FLD(notice, feedback_on), FLD(notice, rectify_by),
		TIME(notice, received_at), STR(notice, issuer_org), STR(notice, feedback)));
RTYPE(notice_system, L(FLD(notice_system, notice), FLD(notice_system, system)));
RTYPE(obligation_record, L(STR(obligation_record, obligation), STR(obligation_record, period),
			   STR(obligation_record, notes), FLD(obligation_record, org), FLD(obligation_record, dept),
			   FLD(obligation_record, by), FLD(obligation_record, done_on)));
RTYPE(evidence, L(FLD(evidence, record), STR(evidence, sha256), STR(evidence, name), FLD(evidence, size)));
RTYPE(handover, L(STR(handover, id), STR(handover, notes), FLD(handover, org), FLD(handover, person),
		  FLD(handover, successor), FLD(handover, post), FLD(handover, left_on), FLD(handover, accounts_closed_on),
		  FLD(handover, materials_returned_on), FLD(handover, passwords_changed_on), FLD(handover, completed_on)));
RTYPE(vulnerability, L(STR(vulnerability, id), STR(vulnerability, title), STR(vulnerability, notes),
		       FLD(vulnerability, org), FLD(vulnerability, system), FLD(vulnerability, notice),
		       FLD(vulnerability, severity), FLD(vulnerability, source), FLD(vulnerability, found_on),
		       FLD(vulnerability, due_on), FLD(vulnerability, fixed_on), FLD(vulnerability, verified_on)));
RTYPE(emergency_plan, L(STR(emergency_plan, id), STR(emergency_plan, title), STR(emergency_plan, version),
			STR(emergency_plan, notes), FLD(emergency_plan, org), FLD(emergency_plan, approved_on),
			FLD(emergency_plan, reviewed_on), FLD(emergency_plan, withdrawn_on)));
RTYPE(plan_drill, L(FLD(plan_drill, plan), FLD(plan_drill, held_on)));
RTYPE(log_source, L(STR(log_source, id), STR(log_source, name), STR(log_source, notes), FLD(log_source, org),
		    FLD(log_source, system), FLD(log_source, kind), FLD(log_source, retention_days),
		    FLD(log_source, checked_on)));
RTYPE(training_session, L(STR(training_session, id), STR(training_session, title), STR(training_session, organiser),
			  STR(training_session, notes), FLD(training_session, org), FLD(training_session, dept),
			  FLD(training_session, kind), FLD(training_session, level), FLD(training_session, held_on),
			  FLD(training_session, hours)));
RTYPE(training_attendee, L(FLD(training_attendee, session), FLD(training_attendee, person),
			   FLD(training_attendee, hours), STR(training_attendee, certificate)));
RTYPE(project, L(STR(project, id), STR(project, name), STR(project, notes), FLD(project, org), FLD(project, dept),
		 FLD(project, budget), FLD(project, security_budget), FLD(project, approved_on),
		 FLD(project, started_on), FLD(project, in_use_on), FLD(project, cancelled_on),
		 FLD(project, security_planned), FLD(project, security_built), FLD(project, security_implemented)));
RTYPE(plan_review, L(FLD(plan_review, plan), FLD(plan_review, by), FLD(plan_review, on), STR(plan_review, outcome)));
RTYPE(rectification, L(STR(rectification, id), STR(rectification, rule), STR(rectification, subject),
		       STR(rectification, title), STR(rectification, rectification), STR(rectification, notes),
		       FLD(rectification, org), FLD(rectification, dept), FLD(rectification, person),
		       FLD(rectification, assigned_on), FLD(rectification, due_on), FLD(rectification, rectified_on),
		       FLD(rectification, closed_on)));
RTYPE(inspection, L(STR(inspection, id), STR(inspection, scope), STR(inspection, inspectors), FLD(inspection, org),
		    FLD(inspection, inspector_org), FLD(inspection, on)));
RTYPE(inspection_item, L(FLD(inspection_item, inspection), FLD(inspection_item, dept), STR(inspection_item, title),
			 STR(inspection_item, basis), FLD(inspection_item, due_on)));
RTYPE(span, L(FLD(span, from), FLD(span, to)));
RTYPE(dept_version, L(FLD(dept_version, dept), FLD(dept_version, until), STR(dept_version, name),
		      FLD(dept_version, parent)));
RTYPE(system_version, L(FLD(system_version, system), FLD(system_version, until), FLD(system_version, st.owner_dept),
			FLD(system_version, st.mlps_level), STR(system_version, st.filing_no),
			FLD(system_version, st.filed_on)));
RTYPE(assessment, L(FLD(assessment, system), FLD(assessment, on)));

/* A record added to the model, or a field to a record, changes these sizes (on LP64, the only
 * data model zeren is built for): add it to the tables above, then the size here. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(char *) == 8, "string offsets are written in a pointer's 8 bytes");
_Static_assert(sizeof(struct facts) == 1736, "struct facts changed: add the new array or map to snapshot.c");
_Static_assert(sizeof(struct org) == 56 && sizeof(struct dept) == 24 && sizeof(struct person) == 32 &&
		       sizeof(struct body) == 24 && sizeof(struct body_lead) == 8 && sizeof(struct appt) == 32 &&
		       sizeof(struct zsystem) == 56 && sizeof(struct agreement) == 40 && sizeof(struct incident) == 176 &&
		       sizeof(struct notice) == 88 && sizeof(struct notice_system) == 8 &&
		       sizeof(struct obligation_record) == 40 && sizeof(struct evidence) == 32 &&
		       sizeof(struct handover) == 56 && sizeof(struct vulnerability) == 56 &&
		       sizeof(struct emergency_plan) == 48 && sizeof(struct plan_drill) == 8 &&
		       sizeof(struct log_source) == 48 && sizeof(struct training_session) == 56 &&
		       sizeof(struct training_attendee) == 24 && sizeof(struct project) == 72 &&
		       sizeof(struct plan_review) == 24 && sizeof(struct rectification) == 80 &&
		       sizeof(struct inspection) == 40 && sizeof(struct inspection_item) == 32 &&
		       sizeof(struct span) == 8 && sizeof(struct dept_version) == 24 &&
		       sizeof(struct system_version) == 32 && sizeof(struct assessment) == 8,
	       "a record of the model changed: update the field tables of snapshot.c and these sizes");
#endif

/* The arrays of struct facts, in file order. */
struct array {
	size_t off; /* of the VEC in struct facts */
	const struct rtype *type;
};

#define ARRAY(member, T) {offsetof(struct facts, member), &T##_type}
static const struct array arrays[] = {
	ARRAY(orgs, org), ARRAY(depts, dept), ARRAY(people, person), ARRAY(bodies, body), ARRAY(leads, body_lead),
	ARRAY(appts, appt), ARRAY(systems, zsystem), ARRAY(agreements, agreement), ARRAY(incidents, incident),
	ARRAY(notices, notice), ARRAY(notice_systems, notice_system), ARRAY(records, obligation_record),
	ARRAY(evidence, evidence), ARRAY(handovers, handover), ARRAY(vulnerabilities, vulnerability),
	ARRAY(plans, emergency_plan), ARRAY(plan_drills, plan_drill), ARRAY(log_sources, log_source),
	ARRAY(trainings, training_session), ARRAY(training_attendees, training_attendee), ARRAY(projects, project),
	ARRAY(plan_reviews, plan_review), ARRAY(rectifications, rectification), ARRAY(rect_evidence, evidence),
	ARRAY(inspections, inspection), ARRAY(inspection_items, inspection_item), ARRAY(notice_reports, evidence),
	ARRAY(incident_reports, evidence), ARRAY(spans[SPAN_DEPT], span), ARRAY(spans[SPAN_PERSON], span),
	ARRAY(spans[SPAN_BODY], span), ARRAY(spans[SPAN_SYSTEM], span), ARRAY(dept_versions, dept_version),
	ARRAY(system_versions, system_version), ARRAY(assessments, assessment),
};
#define NARRAYS (sizeof arrays / sizeof arrays[0])

/* An id map and the array whose ids it maps: the value of each slot is an index into it. */
struct idmap {
	size_t off;    /* of the hmap in struct facts */
	size_t vec;    /* of that array's VEC in struct facts */
	size_t size;   /* of one of its records */
};

#define MAP(map, member, T) {offsetof(struct facts, map), offsetof(struct facts, member), sizeof(struct T)}
static const struct idmap maps[] = {
	MAP(org_ids, orgs, org),
	MAP(dept_ids, depts, dept),
	MAP(person_ids, people, person),
	MAP(body_ids, bodies, body),
	MAP(system_ids, systems, zsystem),
	MAP(agreement_ids, agreements, agreement),
	MAP(incident_ids, incidents, incident),
	MAP(notice_ids, notices, notice),
	MAP(handover_ids, handovers, handover),
	MAP(vulnerability_ids, vulnerabilities, vulnerability),
	MAP(plan_ids, plans, emergency_plan),
	MAP(log_source_ids, log_sources, log_source),
	MAP(training_ids, trainings, training_session),
	MAP(project_ids, projects, project),
	MAP(rectification_ids, rectifications, rectification),
	MAP(inspection_ids, inspections, inspection),
};
/* A map's key is its record's id, read as the record's first field. */
_Static_assert(offsetof(struct org, id) == 0 && offsetof(struct dept, id) == 0 && offsetof(struct person, id) == 0 &&
		       offsetof(struct body, id) == 0 && offsetof(struct zsystem, id) == 0 &&
		       offsetof(struct agreement, id) == 0 && offsetof(struct incident, id) == 0 &&
		       offsetof(struct notice, id) == 0 && offsetof(struct handover, id) == 0 &&
		       offsetof(struct vulnerability, id) == 0 && offsetof(struct emergency_plan, id) == 0 &&
		       offsetof(struct log_source, id) == 0 && offsetof(struct training_session, id) == 0 &&
		       offsetof(struct project, id) == 0 && offsetof(struct rectification, id) == 0 &&
		       offsetof(struct inspection, id) == 0,
	       "an id-mapped record's id is its first field");
#define NMAPS (sizeof maps / sizeof maps[0])

/* The VEC header every array of struct facts has: read and written with memcpy, as the VECs
 * are distinct anonymous types. */
struct vec_hdr {
	void *v;
	size_t n, cap;
};

static struct vec_hdr vec_get(const struct facts *f, size_t off)
{
	struct vec_hdr h;
	memcpy(&h, (const char *)f + off, sizeof h);
	return h;
}

static void vec_set(struct facts *f, size_t off, struct vec_hdr h)
{
	memcpy((char *)f + off, &h, sizeof h);
}

static const char *record_id(const void *rec)
{
	const char *id;
	memcpy(&id, rec, sizeof id);
	return id;
}

struct header {
	char magic[8];
	uint32_t format, layout;
	int64_t generation, schema;
	char audit[64];
	uint64_t payload, sum;
};

/* The ids of an enumeration stored as its number (a post, a seat …), in order. */
static uint64_t enum_hash(uint64_t h, const char *(*id)(int), int count)
{
	for (int i = 0; i < count; i++) {
		const char *s = id(i);
		h = h * 31 + hash_bytes(s ? s : "", s ? strlen(s) + 1 : 1);
	}
	return h;
}

/* This build's layout: every table above, the sizes they describe and the numbering of every
 * enumeration a record stores (another build may number the posts otherwise). */
static uint32_t layout_fingerprint(void)
{
	uint64_t h = hash_bytes("facts", 5) ^ sizeof(struct facts);
	h = enum_hash(h, post_id, POST_COUNT);
	h = enum_hash(h, body_kind_id, BODY_KIND_COUNT);
	h = enum_hash(h, seat_id, SEAT_COUNT);
	h = enum_hash(h, agreement_kind_id, AGREEMENT_KIND_COUNT);
	h = enum_hash(h, grade_id, GRADE_COUNT);
	h = enum_hash(h, vuln_severity_id, VSEV_COUNT);
	h = enum_hash(h, vuln_source_id, VSRC_COUNT);
	h = enum_hash(h, log_kind_id, LOGK_COUNT);
	h = enum_hash(h, training_kind_id, TRK_COUNT);
	h = enum_hash(h, training_level_id, TRL_COUNT);
	h = enum_hash(h, operator_type_id, OPERATOR_COUNT);
	for (size_t a = 0; a < NARRAYS; a++) {
		const struct rtype *t = arrays[a].type;
		uint64_t part[3] = {arrays[a].off, t->size, t->nfields};
		h = h * 31 + hash_bytes(part, sizeof part);
		for (size_t i = 0; i < t->nfields; i++) {
			uint64_t fl[3] = {t->fields[i].off, t->fields[i].size, t->fields[i].str};
			h = h * 31 + hash_bytes(fl, sizeof fl);
		}
	}
	for (size_t m = 0; m < NMAPS; m++) {
		uint64_t part[3] = {maps[m].off, maps[m].vec, maps[m].size};
		h = h * 31 + hash_bytes(part, sizeof part);
	}
	return (uint32_t)(h ^ (h >> 32));
}

/* The payload's checksum: a multiply-xor over 8-byte words (the tail padded with zeros) and
 * the length, fed in pieces of any size. Catches a torn or damaged file, not a forged one. */
struct sum {
	uint64_t h, len;
	unsigned char tail[8];
	size_t ntail;
};

#define SUM_MUL 0x9e3779b97f4a7c15ULL

static void sum_add(struct sum *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	if (!n)
		return; /* an empty array's buffer may be NULL */
	s->len += n;
	while (n && s->ntail) {
		s->tail[s->ntail++] = *p++, n--;
		if (s->ntail == 8) {
			uint64_t w;
			memcpy(&w, s->tail, 8);
			s->h = (s->h ^ w) * SUM_MUL;
			s->ntail = 0;
		}
	}
	uint64_t h = s->h;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * SUM_MUL;
	}
	s->h = h;
	memcpy(s->tail, p, n);
	s->ntail = n;
}

static uint64_t sum_end(struct sum *s)
{
	uint64_t w = 0;
	memcpy(&w, s->tail, s->ntail);
	uint64_t h = (s->h ^ w) * SUM_MUL;
	h = (h ^ s->len) * SUM_MUL;
	return h ^ (h >> 29);
}

/* ---- writing ---- */

struct writer {
	FILE *out;
	struct sum sum;
	char *strings; /* the string section, built while the records are written */
	size_t nstr, capstr;
	bool failed; /* a write or an allocation failed */
};

static void put(struct writer *w, const void *data, size_t n)
{
	sum_add(&w->sum, data, n);
	if (!w->failed && n && fwrite(data, 1, n, w->out) != n)
		w->failed = true;
}

/* The string's offset + 1 in the string section (0 for NULL). */
static uint64_t put_str(struct writer *w, const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s) + 1;
	if (w->capstr - w->nstr < n) {
		size_t cap = w->capstr ? w->capstr : 1 << 20;
		while (cap - w->nstr < n)
			cap *= 2;
		char *p = realloc(w->strings, cap);
		if (!p) {
			w->failed = true;
			return 0;
		}
		w->strings = p, w->capstr = cap;
	}
	memcpy(w->strings + w->nstr, s, n);
	w->nstr += n;
	return w->nstr - n + 1;
}

static void put_array(struct writer *w, const struct array *a, const struct facts *f)
{
	const struct rtype *t = a->type;
	struct vec_hdr v = vec_get(f, a->off);
	uint64_t n = v.n;
	unsigned char buf[64 * 1024];
	size_t per = sizeof buf / t->size, used = 0;
	put(w, &n, sizeof n);
	for (size_t r = 0; r < v.n; r++) {
		const unsigned char *src = (const unsigned char *)v.v + r * t->size;
		unsigned char *dst = buf + used * t->size;
		memset(dst, 0, t->size);
		for (size_t i = 0; i < t->nfields; i++) {
			const struct field *fl = &t->fields[i];
			if (fl->str) {
				const char *s;
				memcpy(&s, src + fl->off, sizeof s);
				uint64_t o = put_str(w, s);
				memcpy(dst + fl->off, &o, sizeof o);
			} else {
				memcpy(dst + fl->off, src + fl->off, fl->size);
			}
		}
		if (++used == per) {
			put(w, buf, used * t->size);
			used = 0;
		}
	}
	put(w, buf, used * t->size);
}

static void put_map(struct writer *w, const struct hmap *m)
{
	uint64_t head[2] = {m->cap, m->len};
	struct hmap_slot buf[4096];
	size_t used = 0;
	put(w, head, sizeof head);
	for (size_t i = 0; i < m->cap; i++) {
		buf[used] = (struct hmap_slot){m->slots[i].hash, m->slots[i].hash ? m->slots[i].val : 0, NULL};
		if (++used == sizeof buf / sizeof buf[0]) {
			put(w, buf, sizeof buf);
			used = 0;
		}
	}
	put(w, buf, used * sizeof buf[0]);
}

int snapshot_write(const char *path, const struct snapshot_key *key, const struct facts *f, struct zerr *e)
{
	char tmp[4200];
	struct header h;
	struct writer w = {0};
	static atomic_uint writes; /* two threads of a process writing at once write two files */
	int n = snprintf(tmp, sizeof tmp, "%s.tmp%ld%u", path, (long)getpid(), atomic_fetch_add(&writes, 1));
	if (n < 0 || (size_t)n >= sizeof tmp)
		return zerr_set(e, ZE_LIMIT, "%s: path too long", path);
	/* every person of every unit: readable by the server's user alone */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(w.out = fdopen(fd, "wb"))) {
		int rc = zerr_set(e, ZE_IO, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	memset(&h, 0, sizeof h);
	if (fwrite(&h, sizeof h, 1, w.out) != 1) /* its place; written again at the end */
		w.failed = true;
	for (size_t a = 0; a < NARRAYS; a++)
		put_array(&w, &arrays[a], f);
	for (size_t m = 0; m < NMAPS; m++)
		put_map(&w, (const struct hmap *)((const char *)f + maps[m].off));
	uint64_t nstr = w.nstr;
	put(&w, &nstr, sizeof nstr);
	put(&w, w.strings, w.nstr);
	memcpy(h.magic, SNAP_MAGIC, sizeof h.magic);
	h.format = SNAP_FORMAT;
	h.layout = layout_fingerprint();
	h.generation = key->generation;
	h.schema = key->schema;
	memcpy(h.audit, key->audit, strnlen(key->audit, sizeof h.audit));
	h.payload = w.sum.len;
	h.sum = sum_end(&w.sum);
	if (fseek(w.out, 0, SEEK_SET) || fwrite(&h, sizeof h, 1, w.out) != 1)
		w.failed = true;
	int err = errno;
	if (fclose(w.out))
		w.failed = true, err = errno;
	free(w.strings);
	if (w.failed || rename(tmp, path)) {
		if (!w.failed)
			err = errno;
		unlink(tmp);
		return zerr_set(e, ZE_IO, "%s: cannot write the facts snapshot: %s", path, strerror(err));
	}
	return 0;
}

/* ---- reading ---- */

struct reader {
	FILE *in;
	const char *path;
	uint64_t left; /* payload bytes not yet read */
	struct sum sum;
	struct zerr *e;
};

static int damaged(struct reader *r, const char *what)
{
	return zerr_set(r->e, ZE_INVALID, "%s: damaged facts snapshot (%s): ignored", r->path, what);
}

static int get(struct reader *r, void *data, size_t n)
{
	if (!n)
		return 0;
	if (n > r->left || fread(data, 1, n, r->in) != n)
		return damaged(r, "truncated");
	r->left -= n;
	sum_add(&r->sum, data, n);
	return 0;
}

static int get_array(struct reader *r, const struct array *a, struct facts *f)
{
	uint64_t n;
	int rc;
	if ((rc = get(r, &n, sizeof n)))
		return rc;
	if (n > (uint64_t)INT32_MAX || n > r->left / a->type->size)
		return damaged(r, "an array's count");
	struct vec_hdr v = {NULL, (size_t)n, (size_t)n};
	if (n && !(v.v = malloc((size_t)n * a->type->size)))
		return zerr_set(r->e, ZE_NOMEM, "out of memory reading the facts snapshot");
	if (!v.v)
		v.n = v.cap = 0;
	vec_set(f, a->off, v); /* owned by f from here */
	return get(r, v.v, (size_t)n * a->type->size);
}

static int get_map(struct reader *r, struct hmap *m)
{
	uint64_t head[2];
	int rc;
	if ((rc = get(r, head, sizeof head)))
		return rc;
	if (head[1] > head[0] || (head[0] & (head[0] - 1)) || head[0] > r->left / sizeof *m->slots)
		return damaged(r, "an id map's size");
	if (head[0] && !(m->slots = malloc((size_t)head[0] * sizeof *m->slots)))
		return zerr_set(r->e, ZE_NOMEM, "out of memory reading the facts snapshot");
	m->cap = m->slots ? (size_t)head[0] : 0;
	m->len = m->slots ? (size_t)head[1] : 0;
	return get(r, m->slots, m->cap * sizeof *m->slots);
}

/* Turns the string offsets of every record into pointers into the string section, and gives
 * each map's slots their keys. */
static int resolve(struct reader *r, struct facts *f, const char *strings, uint64_t nstr)
{
	for (size_t a = 0; a < NARRAYS; a++) {
		const struct rtype *t = arrays[a].type;
		struct vec_hdr v = vec_get(f, arrays[a].off);
		for (size_t i = 0; i < t->nfields; i++) {
			const struct field *fl = &t->fields[i];
			if (!fl->str)
				continue;
			for (size_t k = 0; k < v.n; k++) {
				unsigned char *at = (unsigned char *)v.v + k * t->size + fl->off;
				uint64_t o;
				memcpy(&o, at, sizeof o);
				if (o > nstr)
					return damaged(r, "a string's offset");
				const char *s = o ? strings + (o - 1) : NULL;
				memcpy(at, &s, sizeof s);
			}
		}
	}
	for (size_t i = 0; i < f->orgs.n; i++) { /* as the tables' load resolves it, by this build's zones */
		struct org *o = &f->orgs.v[i];
		int offset = TZ_DEFAULT_OFFSET;
		if (o->time_zone && !tz_offset(o->time_zone, &offset))
			return damaged(r, "a unit's time zone");
		o->utc_offset = (int16_t)offset;
	}
	for (size_t m = 0; m < NMAPS; m++) {
		struct hmap *map = (struct hmap *)((char *)f + maps[m].off);
		struct vec_hdr v = vec_get(f, maps[m].vec);
		for (size_t i = 0; i < map->cap; i++) {
			struct hmap_slot *sl = &map->slots[i];
			if (!sl->hash)
				continue;
			if (sl->val < 0 || (size_t)sl->val >= v.n ||
			    !(sl->key = record_id((const char *)v.v + (size_t)sl->val * maps[m].size)))
				return damaged(r, "an id map's entry");
		}
	}
	return 0;
}

/* Reads the payload into f; *strings and *nstr are its string section. */
static int read_payload(struct reader *r, struct facts *f, char **strings, uint64_t *nstr)
{
	int rc;
	for (size_t a = 0; a < NARRAYS; a++)
		if ((rc = get_array(r, &arrays[a], f)))
			return rc;
	for (size_t m = 0; m < NMAPS; m++)
		if ((rc = get_map(r, (struct hmap *)((char *)f + maps[m].off))))
			return rc;
	if ((rc = get(r, nstr, sizeof *nstr)))
		return rc;
	if (*nstr != r->left)
		return damaged(r, "the strings' length");
	*strings = *nstr ? arena_alloc(&f->strings, (size_t)*nstr) : NULL;
	if (*nstr && !*strings)
		return zerr_set(r->e, ZE_NOMEM, "out of memory reading the facts snapshot");
	if ((rc = get(r, *strings, (size_t)*nstr)))
		return rc;
	return *nstr && (*strings)[*nstr - 1] ? damaged(r, "the strings' end") : 0;
}

int snapshot_read(const char *path, const struct snapshot_key *key, struct facts *f, struct zerr *e)
{
	struct reader r = {.path = path, .e = e};
	struct header h;
	struct stat st;
	char audit[sizeof h.audit + 1];
	int rc;
	if (!(r.in = fopen(path, "rb")))
		return zerr_set(e, errno == ENOENT ? ZE_NOTFOUND : ZE_IO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(r.in), &st) || fread(&h, sizeof h, 1, r.in) != 1 || memcmp(h.magic, SNAP_MAGIC, sizeof h.magic)) {
		rc = zerr_set(e, ZE_INVALID, "%s: not a facts snapshot: ignored", path);
		goto out;
	}
	memcpy(audit, h.audit, sizeof h.audit);
	audit[sizeof h.audit] = '\0';
	if (h.format != SNAP_FORMAT || h.layout != layout_fingerprint()) {
		rc = zerr_set(e, ZE_CONFLICT, "%s: a facts snapshot of another build: ignored", path);
		goto out;
	}
	if (h.generation != key->generation || h.schema != key->schema || strcmp(audit, key->audit)) {
		rc = zerr_set(e, ZE_CONFLICT,
			      "%s: a facts snapshot of generation %lld, the store is at %lld (or was changed otherwise): ignored",
			      path, (long long)h.generation, (long long)key->generation);
		goto out;
	}
	if (h.payload != (uint64_t)st.st_size - sizeof h) {
		rc = zerr_set(e, ZE_INVALID, "%s: damaged facts snapshot (its length): ignored", path);
		goto out;
	}
	r.left = h.payload;
	char *strings = NULL;
	uint64_t nstr = 0;
	if (!(rc = read_payload(&r, f, &strings, &nstr)))
		rc = sum_end(&r.sum) != h.sum ? damaged(&r, "checksum") : resolve(&r, f, strings, nstr);
out:
	fclose(r.in);
	if (rc)
		facts_release(f);
	return rc;
}
