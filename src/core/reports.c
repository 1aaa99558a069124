/* Reports to file (issue 14, item 6): the findings report as of a date, for an inspector. */
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/documents.h"
#include "doc/pdf.h"

#define REPORT_TEXT_MAX 4096 /* bytes of one line of the report */

/* The report's lines, each owned here until rendered. */
struct lines {
	struct doc_block *v;
	size_t n, cap;
	bool nomem;
};

static void add(struct lines *l, enum doc_block_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(struct lines *l, enum doc_block_kind kind, const char *fmt, ...)
{
	char buf[REPORT_TEXT_MAX];
	va_list ap;
	if (l->nomem || l->n >= DOC_BLOCKS_MAX) {
		l->nomem = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *v = realloc(l->v, cap * sizeof *l->v);
		if (!v) {
			l->nomem = true;
			return;
		}
		l->v = v, l->cap = cap;
	}
	char *s = strdup(buf);
	if (!s) {
		l->nomem = true;
		return;
	}
	l->v[l->n++] = (struct doc_block){kind, s};
}

static void release(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free((char *)l->v[i].text);
	free(l->v);
}

/* Tabs and newlines of names and messages would break the table's cells. */
static const char *cell(const char *s, char *buf, size_t n)
{
	snprintf(buf, n, "%s", s ? s : "");
	for (char *p = buf; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	return buf;
}

int documents_findings_report(const struct facts *f, zidx u, const struct findings *fs, zdate as_of,
			      const char *font, struct strbuf *pdf, int *pages, struct zerr *e)
{
	struct lines l = {0};
	struct strbuf msg = STRBUF_INIT;
	char date[32], d2[ZDATE_BUFSZ], a[600], b[1200];
	size_t count[SEV_COUNT] = {0}, total = 0;
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].org == u) {
			count[fs->v[i].rule->severity]++;
			total++;
		}
	const struct org *o = &f->orgs.v[u];
	add(&l, DOC_PLAIN, "单位：%s", o->name);
	add(&l, DOC_PLAIN, "检查日期：%s", documents_date_zh(as_of, date));
	add(&l, DOC_PLAIN, "依据策略：%s", o->policy);
	add(&l, DOC_HEADING, "一、概况");
	add(&l, DOC_PARA, "截至%s，依本单位网络安全工作责任制检查，共发现问题%zu项，其中错误%zu项、警告%zu项、提示%zu项。"
			   "每项问题列明所依据的制度条款，以及问题自何日起持续存在。",
	    date, total, count[SEV_ERROR], count[SEV_WARNING], count[SEV_INFO]);
	add(&l, DOC_HEADING, "二、问题清单（按规则）");
	if (!total)
		add(&l, DOC_PARA, "未发现问题。");
	/* rules in the order their first finding comes (the engine's: the policy's order) */
	int k = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const struct rule *r = fs->v[i].rule;
		bool first = fs->v[i].org == u;
		for (size_t j = 0; j < i && first; j++)
			first = !(fs->v[j].org == u && fs->v[j].rule == r);
		if (!first)
			continue;
		size_t n = 0;
		for (size_t j = i; j < fs->n; j++)
			n += fs->v[j].org == u && fs->v[j].rule == r;
		k++;
		add(&l, DOC_PLAIN, "（%d）%s（%s，%s，%zu项）", k, r->title_zh ? r->title_zh : r->id, r->id,
		    severity_name_zh(r->severity), n);
		add(&l, DOC_TABLE_ROW, "对象\t问题\t起始日期");
		const struct finding *fd0 = &fs->v[i];
		for (size_t j = i; j < fs->n; j++) {
			const struct finding *fd = &fs->v[j];
			if (fd->org != u || fd->rule != r)
				continue;
			sb_reset(&msg);
			finding_message(f, fd, "zh", &msg);
			add(&l, DOC_TABLE_ROW, "%s\t%s\t%s", cell(finding_subject_name(f, fd), a, sizeof a),
			    cell(msg.buf, b, sizeof b), fd->since == ZDATE_MIN ? "一直" : date_format(fd->since, d2));
		}
		for (int c = 0; c < fd0->applied->ncitations; c++)
			if (citation_in_force(&fd0->applied->citations[c], as_of))
				add(&l, DOC_PARA, "依据：%s %s%s%s%s", fd0->applied->citations[c].document,
				    fd0->applied->citations[c].clause, fd0->applied->citations[c].text ? "：“" : "",
				    fd0->applied->citations[c].text ? fd0->applied->citations[c].text : "",
				    fd0->applied->citations[c].text ? "”" : "");
	}
	add(&l, DOC_HEADING, "三、本单位机构与岗位（截至检查日期）");
	FACTS_EACH(f, body, u, bi) {
		struct strbuf who = STRBUF_INIT;
		FACTS_EACH(f, appt, u, ai) {
			const struct appt *ap = &f->appts.v[ai];
			if (ap->body != bi || !appt_on(ap, as_of))
				continue;
			sb_addf(&who, "%s%s（%s）", who.len ? "、" : "", f->people.v[ap->person].name, seat_name_zh(ap->seat));
		}
		add(&l, DOC_PARA, "%s（%s）：%s", f->bodies.v[bi].name, body_kind_name_zh(f->bodies.v[bi].kind),
		    who.len ? who.buf : "无成员");
		sb_release(&who);
	}
	for (int p = 0; p < POST_COUNT; p++) {
		struct strbuf who = STRBUF_INIT;
		FACTS_EACH(f, appt, u, ai) {
			const struct appt *ap = &f->appts.v[ai];
			if (ap->post != p || !appt_on(ap, as_of))
				continue;
			const char *name = f->people.v[ap->person].name;
			if (strstr(who.buf, name)) /* one post over several systems: once */
				continue;
			sb_addf(&who, "%s%s", who.len ? "、" : "", name);
			if (ap->dept >= 0)
				sb_addf(&who, "（%s）", f->depts.v[ap->dept].name);
		}
		add(&l, DOC_PARA, "%s：%s", post_name_zh(p), who.len ? who.buf : "空缺");
		sb_release(&who);
	}
	sb_release(&msg);
	int rc;
	if (l.nomem) {
		rc = zerr_set(e, ZE_LIMIT, "the report is longer than %d lines (or memory ran out)", DOC_BLOCKS_MAX);
	} else {
		char title[400], number[DOC_NUMBER_MAX];
		snprintf(title, sizeof title, "%s\n网络安全工作责任制检查问题报告", o->name);
		snprintf(number, sizeof number, "%.40s-%s-JCBG", o->id, date_format(as_of, d2));
		struct doc d = {.title = title, .number = number, .blocks = l.v, .nblocks = l.n, .font_body = font,
				.author = o->name, .date = as_of};
		rc = doc_pdf_render(&d, pdf, pages, e);
	}
	release(&l);
	return rc;
}
