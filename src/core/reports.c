/* Reports to file (issue 14, item 6): the findings report as of a date, for an inspector (PDF and
 * xlsx), the accountability report of an incident, a department's half-yearly 自查报告 pre-filled
 * from the record (PDF, and its lists as xlsx). */
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/accountability.h"
#include "core/documents.h"
#include "core/duties.h"
#include "doc/pdf.h"
#include "doc/xlsx.h"


/* Tabs and newlines of names and messages would break the table's cells. */
static const char *cell(const char *s, char *buf, size_t n)
{
	snprintf(buf, n, "%s", s ? s : "");
	for (char *p = buf; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	return buf;
}

static int render(struct doc_lines *l, struct doc *d, struct strbuf *pdf, int *pages, struct zerr *e)
{
	if (l->full)
		return zerr_set(e, ZE_LIMIT, "the report is longer than %d lines (or memory ran out)", DOC_BLOCKS_MAX);
	d->blocks = l->v;
	d->nblocks = l->n;
	return doc_pdf_render(d, pdf, pages, e);
}

int documents_findings_report(const struct facts *f, zidx u, const struct findings *fs, zdate as_of,
			      const char *font, struct strbuf *pdf, int *pages, struct zerr *e)
{
	struct doc_lines l = {0};
	struct strbuf msg = STRBUF_INIT;
	char date[32], d2[ZDATE_BUFSZ], a[600], b[1200];
	size_t count[SEV_COUNT] = {0}, total = 0;
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].org == u) {
			count[fs->v[i].rule->severity]++;
			total++;
		}
	const struct org *o = &f->orgs.v[u];
	doc_lines_add(&l, DOC_PLAIN, "单位：%s", o->name);
	doc_lines_add(&l, DOC_PLAIN, "检查日期：%s", documents_date_zh(as_of, date));
	doc_lines_add(&l, DOC_PLAIN, "依据策略：%s", o->policy);
	doc_lines_add(&l, DOC_HEADING, "一、概况");
	doc_lines_add(&l, DOC_PARA, "截至%s，依本单位网络安全工作责任制检查，共发现问题%zu项，其中错误%zu项、警告%zu项、提示%zu项。"
			   "每项问题列明所依据的制度条款，以及问题自何日起持续存在。",
	    date, total, count[SEV_ERROR], count[SEV_WARNING], count[SEV_INFO]);
	doc_lines_add(&l, DOC_HEADING, "二、问题清单（按规则）");
	if (!total)
		doc_lines_add(&l, DOC_PARA, "未发现问题。");
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
		doc_lines_add(&l, DOC_PLAIN, "（%d）%s（%s，%s，%zu项）", k, r->title_zh ? r->title_zh : r->id, r->id,
		    severity_name_zh(r->severity), n);
		doc_lines_add(&l, DOC_TABLE_ROW, "对象\t问题\t起始日期");
		const struct finding *fd0 = &fs->v[i];
		for (size_t j = i; j < fs->n; j++) {
			const struct finding *fd = &fs->v[j];
			if (fd->org != u || fd->rule != r)
				continue;
			sb_reset(&msg);
			finding_message(f, fd, "zh", &msg);
			doc_lines_add(&l, DOC_TABLE_ROW, "%s\t%s\t%s", cell(finding_subject_name(f, fd), a, sizeof a),
			    cell(msg.buf, b, sizeof b), fd->since == ZDATE_MIN ? "一直" : date_format(fd->since, d2));
		}
		for (int c = 0; c < fd0->applied->ncitations; c++)
			if (citation_in_force(&fd0->applied->citations[c], as_of))
				doc_lines_add(&l, DOC_PARA, "依据：%s %s%s%s%s", fd0->applied->citations[c].document,
				    fd0->applied->citations[c].clause, fd0->applied->citations[c].text ? "：“" : "",
				    fd0->applied->citations[c].text ? fd0->applied->citations[c].text : "",
				    fd0->applied->citations[c].text ? "”" : "");
	}
	doc_lines_add(&l, DOC_HEADING, "三、本单位机构与岗位（截至检查日期）");
	FACTS_EACH(f, body, u, bi) {
		struct strbuf who = STRBUF_INIT;
		FACTS_EACH(f, appt, u, ai) {
			const struct appt *ap = &f->appts.v[ai];
			if (ap->body != bi || !appt_on(ap, as_of))
				continue;
			sb_addf(&who, "%s%s（%s）", who.len ? "、" : "", f->people.v[ap->person].name, seat_name_zh(ap->seat));
		}
		doc_lines_add(&l, DOC_PARA, "%s（%s）：%s", f->bodies.v[bi].name, body_kind_name_zh(f->bodies.v[bi].kind),
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
		doc_lines_add(&l, DOC_PARA, "%s：%s", post_name_zh(p), who.len ? who.buf : "空缺");
		sb_release(&who);
	}
	sb_release(&msg);
	char title[400], number[DOC_NUMBER_MAX];
	snprintf(title, sizeof title, "%s\n网络安全工作责任制检查问题报告", o->name);
	snprintf(number, sizeof number, "%.40s-%s-JCBG", o->id, date_format(as_of, d2));
	struct doc d = {.title = title, .number = number, .font_body = font, .author = o->name, .date = as_of};
	int rc = render(&l, &d, pdf, pages, e);
	doc_lines_release(&l);
	return rc;
}

static const char *when(struct ztime t, char *buf)
{
	if (!ztime_set(t))
		return "（未记录）";
	ztime_format(t, buf);
	if (strlen(buf) >= 16 && buf[10] == 'T') {
		buf[10] = ' ';
		buf[16] = '\0';
	}
	return buf;
}

/* ---- the accountability report of an incident ------------------------------------------- */

int documents_accountability_report(const struct facts *f, const struct policy *p, zidx xi, const char *font,
				    struct strbuf *pdf, int *pages, struct zerr *e)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct org *o = &f->orgs.v[x->org];
	struct doc_lines l = {0};
	struct responsible chain[CHAIN_MAX];
	char t[64], d1[ZDATE_BUFSZ], d2[ZDATE_BUFSZ], zh[32], a[600], b[600];
	size_t n = accountability_chain(f, xi, chain, CHAIN_MAX);
	zdate day = org_date(f, x->org, x->occurred);
	doc_lines_add(&l, DOC_PLAIN, "单位：%s", o->name);
	doc_lines_add(&l, DOC_PLAIN, "事件：%s（%s）", cell(x->title, a, sizeof a), x->id);
	doc_lines_add(&l, DOC_HEADING, "一、事件基本情况");
	doc_lines_add(&l, DOC_TABLE_ROW, "项目\t情况");
	doc_lines_add(&l, DOC_TABLE_ROW, "事件类别\t%s", x->category ? cell(x->category, a, sizeof a) : "（未记录）");
	doc_lines_add(&l, DOC_TABLE_ROW, "事件分级\t%s", x->grade != GRADE_NONE ? grade_name_zh(x->grade) : "（未定级）");
	doc_lines_add(&l, DOC_TABLE_ROW, "涉及系统\t%s", x->system >= 0 ? cell(f->systems.v[x->system].name, a, sizeof a) : "（无）");
	doc_lines_add(&l, DOC_TABLE_ROW, "发生时间\t%s", when(x->occurred, t));
	doc_lines_add(&l, DOC_TABLE_ROW, "发现时间\t%s", when(x->detected, t));
	doc_lines_add(&l, DOC_TABLE_ROW, "报告时间\t%s", when(x->reported, t));
	doc_lines_add(&l, DOC_TABLE_ROW, "处置完毕时间\t%s", when(x->resolved, t));
	if (x->outage_hours >= 0)
		doc_lines_add(&l, DOC_TABLE_ROW, "系统瘫痪时长\t%.1f小时", x->outage_hours);
	if (x->personal_info_records >= 0)
		doc_lines_add(&l, DOC_TABLE_ROW, "泄露个人信息\t%lld人", (long long)x->personal_info_records);
	if (x->economic_loss_yuan >= 0)
		doc_lines_add(&l, DOC_TABLE_ROW, "直接经济损失\t%.0f元", x->economic_loss_yuan);
	doc_lines_add(&l, DOC_TABLE_ROW, "处置总结报告\t%s",
	    x->summary_on != ZDATE_NONE ? documents_date_zh(x->summary_on, zh) : "（尚未提交）");

	doc_lines_add(&l, DOC_HEADING, "二、触发的制度条款");
	json_t *clauses = accountability_clauses_json(f, xi, p);
	size_t i;
	json_t *c;
	json_array_foreach(clauses, i, c) {
		doc_lines_add(&l, DOC_PARA, "（%zu）%s %s（%s）：“%s”", i + 1, json_string_value(json_object_get(c, "document")),
		    json_string_value(json_object_get(c, "clause")), json_string_value(json_object_get(c, "why")),
		    json_string_value(json_object_get(c, "text")));
	}
	json_decref(clauses);

	doc_lines_add(&l, DOC_HEADING, "三、事发当日的责任链（逐级倒查）");
	doc_lines_add(&l, DOC_PARA, "以下为%s事件发生当日在岗的责任人，依任职记录而非当前任职，由系统向外逐级列出。",
	    documents_date_zh(day, zh));
	doc_lines_add(&l, DOC_TABLE_ROW, "岗位\t姓名（部门）\t任职起止");
	for (size_t k = 0; k < n; k++) {
		const struct appt *ap = &f->appts.v[chain[k].appt];
		const struct person *pe = &f->people.v[chain[k].person];
		bool open = ap->to == ZDATE_MAX || ap->to == ZDATE_NONE;
		doc_lines_add(&l, DOC_TABLE_ROW, "%s\t%s%s%s%s\t%s%s%s", post_name_zh(chain[k].post), cell(pe->name, a, sizeof a),
		    ap->dept >= 0 ? "（" : "", ap->dept >= 0 ? cell(f->depts.v[ap->dept].name, b, sizeof b) : "",
		    ap->dept >= 0 ? "）" : "", date_format(ap->from, d1), open ? "起" : "至", open ? "" : date_format(ap->to, d2));
	}
	if (!n)
		doc_lines_add(&l, DOC_PARA, "事发当日无在岗的责任人记录。");
	doc_lines_add(&l, DOC_HEADING, "四、调查与处理意见");
	doc_lines_add(&l, DOC_PARA, "（由网络安全工作领导小组填写。）");
	for (int k = 0; k < 4; k++)
		doc_lines_add(&l, DOC_PLAIN, " ");

	char title[400], number[DOC_NUMBER_MAX];
	snprintf(title, sizeof title, "%s\n网络安全事件责任追究报告", o->name);
	snprintf(number, sizeof number, "%.30s-%.40s-ZRZJ", o->id, x->id);
	struct doc d = {.title = title, .number = number, .font_body = font, .author = o->name, .date = day,
			.party_a = {"领导小组（盖章）", ""}};
	int rc = render(&l, &d, pdf, pages, e);
	doc_lines_release(&l);
	return rc;
}

/* ---- a department's half-yearly self-check --------------------------------------------- */

/* One line of the self-check's lists: what section, subject, text, date and citation. */
struct sc_row {
	const char *section; /* "岗位" "职责" "问题" */
	char subject[300], text[1200], date[ZDATE_BUFSZ], cite[900];
};

struct sc_rows {
	struct sc_row *v;
	size_t n, cap;
	bool nomem;
};

static struct sc_row *sc_add(struct sc_rows *r, const char *section)
{
	if (r->nomem || r->n >= DOC_BLOCKS_MAX) {
		r->nomem = true;
		return NULL;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		void *v = realloc(r->v, cap * sizeof *r->v);
		if (!v) {
			r->nomem = true;
			return NULL;
		}
		r->v = v, r->cap = cap;
	}
	struct sc_row *w = &r->v[r->n++];
	memset(w, 0, sizeof *w);
	w->section = section;
	return w;
}

/* The department a finding concerns, or ZIDX_NONE. */
static zidx finding_dept(const struct facts *f, const struct finding *fd)
{
	if (fd->dept >= 0)
		return fd->dept;
	if (fd->subject_kind == SUBJ_DEPARTMENT)
		return fd->subject;
	if (fd->subject_kind == SUBJ_PERSON)
		return f->people.v[fd->subject].dept;
	if (fd->person >= 0)
		return f->people.v[fd->person].dept;
	return ZIDX_NONE;
}

static void cite(const struct rule *r, zdate as_of, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int c = 0; c < r->ncitations && len < n; c++)
		if (citation_in_force(&r->citations[c], as_of))
			len += (size_t)snprintf(buf + len, n - len, "%s%s %s", len ? "；" : "", r->citations[c].document,
						r->citations[c].clause);
}

/* The half-year containing as_of: its first day, *last its last, and its name ("2026年下半年"). */
static zdate half_of(zdate as_of, zdate *last, char *name, size_t n)
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	snprintf(name, n, "%d年%s半年", y, m <= 6 ? "上" : "下");
	*last = m <= 6 ? date_from_ymd(y, 6, 30) : date_from_ymd(y, 12, 31);
	return date_from_ymd(y, m <= 6 ? 1 : 7, 1);
}

static int selfcheck_rows(const struct facts *f, const struct selfcheck_request *rq, struct sc_rows *out, struct zerr *e)
{
	char half[40];
	zdate last, from = half_of(rq->as_of, &last, half, sizeof half);
	FACTS_EACH(f, appt, rq->org, ai) {
		const struct appt *ap = &f->appts.v[ai];
		/* the department's posts, and the posts its people hold for the unit or a system */
		zidx in = ap->dept >= 0 ? ap->dept : f->people.v[ap->person].dept;
		if (in != rq->dept || ap->post < 0 || !appt_on(ap, rq->as_of))
			continue;
		struct sc_row *w = sc_add(out, "岗位");
		if (!w)
			break;
		snprintf(w->subject, sizeof w->subject, "%s", post_name_zh(ap->post));
		snprintf(w->text, sizeof w->text, "%s%s%s", f->people.v[ap->person].name, ap->system >= 0 ? "，" : "",
			 ap->system >= 0 ? f->systems.v[ap->system].name : "");
		date_format(ap->from, w->date);
	}
	struct duty_list dl = {0};
	int rc = rq->policy ? duties_list(f, rq->cal, rq->policy, rq->org, rq->as_of, from, last, &dl, e) : 0;
	for (size_t i = 0; !rc && i < dl.n; i++) {
		const struct duty *d = &dl.v[i];
		if (d->dept != rq->dept)
			continue;
		struct sc_row *w = sc_add(out, "职责");
		if (!w)
			break;
		snprintf(w->subject, sizeof w->subject, "%s（%s）", d->o->title_zh ? d->o->title_zh : d->o->id, d->oc.period);
		if (d->status == DUTY_DONE)
			snprintf(w->text, sizeof w->text, "已完成%s", duty_was_overdue(f, d, rq->as_of) ? "（逾期后完成）" : "");
		else
			snprintf(w->text, sizeof w->text, "%s（应于%s前完成）", d->status == DUTY_OVERDUE ? "逾期未完成" : "待完成",
				 date_format(d->oc.due, w->date));
		if (d->status == DUTY_DONE)
			date_format(d->done_on, w->date);
		for (int c = 0; c < d->o->ncitations; c++)
			if (citation_in_force(&d->o->citations[c], rq->as_of)) {
				snprintf(w->cite, sizeof w->cite, "%s %s", d->o->citations[c].document, d->o->citations[c].clause);
				break;
			}
	}
	duties_release(&dl);
	struct strbuf msg = STRBUF_INIT;
	for (size_t i = 0; !rc && rq->findings && i < rq->findings->n; i++) {
		const struct finding *fd = &rq->findings->v[i];
		if (fd->org != rq->org || finding_dept(f, fd) != rq->dept)
			continue;
		struct sc_row *w = sc_add(out, "问题");
		if (!w)
			break;
		sb_reset(&msg);
		finding_message(f, fd, "zh", &msg);
		snprintf(w->subject, sizeof w->subject, "%s", finding_subject_name(f, fd));
		snprintf(w->text, sizeof w->text, "%s", msg.buf ? msg.buf : "");
		if (fd->since == ZDATE_MIN)
			snprintf(w->date, sizeof w->date, "一直");
		else
			date_format(fd->since, w->date);
		cite(fd->applied, rq->as_of, w->cite, sizeof w->cite);
	}
	sb_release(&msg);
	if (!rc && out->nomem)
		rc = zerr_set(e, ZE_LIMIT, "the self-check has more than %d lines (or memory ran out)", DOC_BLOCKS_MAX);
	return rc;
}

static size_t count(const struct sc_rows *r, const char *section)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += !strcmp(r->v[i].section, section);
	return n;
}

/* A section of the self-check: its heading, then its table's header row, or the line saying it
 * has nothing when n is 0. */
static void section_head(struct doc_lines *l, const char *heading, size_t n, const char *header, const char *none)
{
	doc_lines_add(l, DOC_HEADING, "%s", heading);
	if (n)
		doc_lines_add(l, DOC_TABLE_ROW, "%s", header);
	else
		doc_lines_add(l, DOC_PARA, "%s", none);
}

int documents_selfcheck_report(const struct facts *f, const struct selfcheck_request *rq, struct strbuf *pdf,
			       int *pages, struct zerr *e)
{
	struct sc_rows rows = {0};
	struct doc_lines l = {0};
	char half[40], zh[32], a[600], b[1400];
	zdate last;
	half_of(rq->as_of, &last, half, sizeof half);
	const struct org *o = &f->orgs.v[rq->org];
	const struct dept *dp = &f->depts.v[rq->dept];
	int rc = selfcheck_rows(f, rq, &rows, e);
	if (rc)
		goto out;
	size_t done = 0, overdue = 0, open = 0;
	for (size_t i = 0; i < rows.n; i++) {
		const char *t = rows.v[i].text;
		if (strcmp(rows.v[i].section, "职责"))
			continue;
		done += !strncmp(t, "已完成", strlen("已完成"));
		overdue += !strncmp(t, "逾期", strlen("逾期"));
		open += !strncmp(t, "待完成", strlen("待完成"));
	}
	doc_lines_add(&l, DOC_PLAIN, "单位：%s", o->name);
	doc_lines_add(&l, DOC_PLAIN, "部门：%s", dp->name);
	doc_lines_add(&l, DOC_PLAIN, "自查期间：%s（截至%s）", half, documents_date_zh(rq->as_of, zh));
	doc_lines_add(&l, DOC_HEADING, "一、总体情况");
	doc_lines_add(&l, DOC_PARA,
	    "依据本单位网络安全工作责任制，本部门对%s落实情况进行了自查。经平台记录预填：本部门在岗关键岗位%zu人次，"
	    "本期的定期工作已完成%zu项、逾期%zu项、待完成%zu项，尚未整改的问题%zu项。请部门核实、补充后签字上报。",
	    half, count(&rows, "岗位"), done, overdue, open, count(&rows, "问题"));
	section_head(&l, "二、岗位及人员", count(&rows, "岗位"), "岗位\t人员\t任职起始", "本部门无在岗的岗位记录。");
	for (size_t i = 0; i < rows.n; i++)
		if (!strcmp(rows.v[i].section, "岗位"))
			doc_lines_add(&l, DOC_TABLE_ROW, "%s\t%s\t%s", cell(rows.v[i].subject, a, sizeof a), cell(rows.v[i].text, b, sizeof b),
			    rows.v[i].date);
	section_head(&l, "三、职责履行情况", done + overdue + open, "工作\t情况\t日期", "本期无定期工作。");
	for (size_t i = 0; i < rows.n; i++)
		if (!strcmp(rows.v[i].section, "职责"))
			doc_lines_add(&l, DOC_TABLE_ROW, "%s\t%s%s%s\t%s", cell(rows.v[i].subject, a, sizeof a),
			    cell(rows.v[i].text, b, sizeof b), rows.v[i].cite[0] ? "；依据：" : "", rows.v[i].cite,
			    rows.v[i].date);
	section_head(&l, "四、存在的问题", count(&rows, "问题"), "对象\t问题及依据\t起始日期", "平台未发现本部门的问题。");
	for (size_t i = 0; i < rows.n; i++)
		if (!strcmp(rows.v[i].section, "问题"))
			doc_lines_add(&l, DOC_TABLE_ROW, "%s\t%s%s%s%s\t%s", cell(rows.v[i].subject, a, sizeof a),
			    cell(rows.v[i].text, b, sizeof b), rows.v[i].cite[0] ? "（依据：" : "", rows.v[i].cite,
			    rows.v[i].cite[0] ? "）" : "", rows.v[i].date);
	doc_lines_add(&l, DOC_HEADING, "五、整改措施及下一步工作");
	doc_lines_add(&l, DOC_PARA, "（由部门填写。）");
	for (int k = 0; k < 4; k++)
		doc_lines_add(&l, DOC_PLAIN, " ");
	char title[400], number[DOC_NUMBER_MAX], d1[ZDATE_BUFSZ];
	snprintf(title, sizeof title, "%s\n%s网络安全工作责任制落实情况自查报告", dp->name, half);
	snprintf(number, sizeof number, "%.24s-%.30s-%s-ZCBG", o->id, dp->id, date_format(rq->as_of, d1));
	struct doc d = {.title = title, .number = number, .font_body = rq->font, .author = o->name, .date = rq->as_of,
			.party_a = {"部门负责人（签名）", ""}, .party_b = {"部门（盖章）", dp->name}};
	rc = render(&l, &d, pdf, pages, e);
out:
	doc_lines_release(&l);
	free(rows.v);
	return rc;
}

int documents_selfcheck_xlsx(const struct facts *f, const struct selfcheck_request *rq, const char *path,
			     struct zerr *e)
{
	struct sc_rows rows = {0};
	struct xlsx x;
	int rc = selfcheck_rows(f, rq, &rows, e);
	if (rc) {
		free(rows.v);
		return rc;
	}
	xlsx_init(&x, "自查清单");
	static const char *const head[] = {"类别", "项目", "情况", "日期", "依据"};
	static const double widths[] = {8, 30, 60, 12, 50};
	for (int i = 0; i < 5; i++)
		xlsx_width(&x, i, widths[i]);
	xlsx_row(&x, 1);
	for (int i = 0; i < 5; i++)
		xlsx_str(&x, head[i]);
	for (size_t i = 0; i < rows.n; i++) {
		xlsx_row(&x, 0);
		xlsx_str(&x, rows.v[i].section);
		xlsx_str(&x, rows.v[i].subject);
		xlsx_str(&x, rows.v[i].text);
		xlsx_str(&x, rows.v[i].date);
		xlsx_str(&x, rows.v[i].cite);
	}
	rc = xlsx_save(&x, path, e);
	xlsx_release(&x);
	free(rows.v);
	return rc;
}

/* ---- the findings report as a workbook ---------------------------------------------------- */

int documents_findings_xlsx(const struct facts *f, zidx u, const struct findings *fs, zdate as_of, const char *path,
			    struct zerr *e)
{
	struct xlsx x;
	struct strbuf msg = STRBUF_INIT;
	char since[ZDATE_BUFSZ], citation[900];
	xlsx_init(&x, "问题清单");
	static const char *const head[] = {"规则", "规则名称", "严重程度", "对象", "问题", "起始日期", "依据"};
	static const double widths[] = {24, 30, 8, 24, 60, 12, 50};
	for (int i = 0; i < 7; i++)
		xlsx_width(&x, i, widths[i]);
	xlsx_row(&x, 1);
	for (int i = 0; i < 7; i++)
		xlsx_str(&x, head[i]);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		if (fd->org != u)
			continue;
		sb_reset(&msg);
		finding_message(f, fd, "zh", &msg);
		cite(fd->applied, as_of, citation, sizeof citation);
		xlsx_row(&x, 0);
		xlsx_str(&x, fd->rule->id);
		xlsx_str(&x, fd->rule->title_zh ? fd->rule->title_zh : fd->rule->id);
		xlsx_str(&x, severity_name_zh(fd->rule->severity));
		xlsx_str(&x, finding_subject_name(f, fd));
		xlsx_str(&x, msg.buf);
		xlsx_str(&x, fd->since == ZDATE_MIN ? "一直" : date_format(fd->since, since));
		xlsx_str(&x, citation);
	}
	sb_release(&msg);
	int rc = xlsx_save(&x, path, e);
	xlsx_release(&x);
	return rc;
}
