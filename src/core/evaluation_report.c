#include "core/evaluation_report.h"

#include <stdio.h>
#include <string.h>

#include "doc/pdf.h"
#include "doc/xlsx.h"

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static double num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static const char *kind_zh(const char *kind)
{
	return !strcmp(kind, "department") ? "部门" : !strcmp(kind, "unit") ? "本单位" : "下级单位";
}

static const char *state_zh(const char *s)
{
	return !strcmp(s, "published") ? "已发布" : !strcmp(s, "review") ? "公示中" : "评分中";
}

/* What the one who scored an item wrote, after sep when sb is not empty: "评分说明：…", with the
 * score the records gave when an automatic item was changed, and who changed it when with_by. */
static void entered_note(struct strbuf *sb, json_t *it, const char *sep, bool with_by)
{
	json_t *en = json_object_get(it, "entered"), *computed = json_object_get(it, "auto_score");
	if (!*str(en, "comment"))
		return;
	sb_addf(sb, "%s评分说明：", sb->len ? sep : "");
	if (computed && num(en, "score") != json_number_value(computed))
		sb_addf(sb, "按记录计%g分，调整为%g分。", json_number_value(computed), num(en, "score"));
	sb_adds(sb, str(en, "comment"));
	if (with_by)
		sb_addf(sb, "（%s）", str(en, "by"));
}

/* One cause as a line: its points, what happened, the clause. */
static void cause_text(struct strbuf *sb, json_t *c)
{
	json_t *cite = json_array_get(json_object_get(c, "citations"), 0);
	sb_addf(sb, "%+.2f %s", num(c, "points"), str(c, "message"));
	if (cite)
		sb_addf(sb, "（%s %s）", str(cite, "document"), str(cite, "clause"));
}

int eval_xlsx(json_t *round, const char *path, struct zerr *e)
{
	static const char *const head[] = {"考核对象类别", "考核对象", "名次", "总分", "满分", "得分率", "等级", "一级指标",
					   "二级指标", "评分方式", "分值", "得分", "扣分（加分）及依据"};
	static const double widths[] = {12, 22, 6, 8, 8, 8, 12, 18, 40, 8, 8, 8, 80};
	struct xlsx x;
	struct strbuf sb = STRBUF_INIT;
	char name[64];
	snprintf(name, sizeof name, "%lld年度考核", (long long)json_integer_value(json_object_get(round, "year")));
	xlsx_init(&x, name);
	xlsx_row(&x, 1);
	for (int i = 0; i < (int)(sizeof head / sizeof head[0]); i++) {
		xlsx_width(&x, i, widths[i]);
		xlsx_str(&x, head[i]);
	}
	json_t *sh, *it, *c;
	size_t i, k, m;
	json_array_foreach(json_object_get(json_object_get(round, "result"), "sheets"), i, sh) {
		char grade[128];
		snprintf(grade, sizeof grade, "%s%s", str(sh, "grade_name"),
			 json_is_true(json_object_get(sh, "veto")) ? "（一票否决）" : "");
		json_array_foreach(json_object_get(sh, "items"), k, it) {
			bool veto = !strcmp(str(it, "scoring"), "veto");
			xlsx_row(&x, 0);
			xlsx_str(&x, kind_zh(str(sh, "kind")));
			xlsx_str(&x, str(sh, "name"));
			xlsx_num(&x, num(sh, "rank"));
			xlsx_num(&x, num(sh, "score"));
			xlsx_num(&x, num(sh, "marks"));
			xlsx_num(&x, num(sh, "percent"));
			xlsx_str(&x, grade);
			xlsx_str(&x, str(it, "parent_title"));
			xlsx_str(&x, str(it, "title"));
			xlsx_str(&x, veto ? "否决项" : !strcmp(str(it, "scoring"), "manual") ? "手工" : "自动");
			if (veto) {
				xlsx_str(&x, NULL);
				xlsx_str(&x, json_is_true(json_object_get(it, "veto")) ? "否决" : "未触发");
			} else {
				xlsx_num(&x, num(it, "marks"));
				if (json_is_null(json_object_get(it, "score")))
					xlsx_str(&x, "待评分");
				else
					xlsx_num(&x, num(it, "score"));
			}
			sb_reset(&sb);
			json_array_foreach(json_object_get(it, "causes"), m, c) {
				if (m)
					sb_addc(&sb, '\n');
				cause_text(&sb, c);
			}
			entered_note(&sb, it, "\n", true);
			xlsx_str(&x, sb.buf);
		}
	}
	int rc = sb.overflow ? zerr_set(e, ZE_LIMIT, "a cell is too large") : xlsx_save(&x, path, e);
	sb_release(&sb);
	xlsx_release(&x);
	return rc;
}

static void html(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sb_adds(sb, "&amp;"); break;
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		default: sb_addc(sb, *s);
		}
	}
}

/* Opens a table row with a cell for each of o's keys, escaped; the last cell is left open. */
static void html_row(struct strbuf *sb, json_t *o, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		sb_adds(sb, i ? "</td><td>" : "<tr><td>");
		html(sb, str(o, keys[i]));
	}
}

static const char style[] =
	"<style>\n"
	"@page { size: A4; margin: 18mm 16mm; }\n"
	"body { font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, serif; font-size: 10.5pt; color: #000; margin: 0 auto; max-width: 180mm; }\n"
	"h1 { font-size: 22pt; text-align: center; margin: 60mm 0 12mm; letter-spacing: 2pt; }\n"
	"h2 { font-size: 14pt; border-bottom: 1px solid #000; padding-bottom: 2pt; margin-top: 14pt; }\n"
	"h3 { font-size: 12pt; margin: 10pt 0 4pt; }\n"
	".cover { page-break-after: always; text-align: center; }\n"
	".cover p { font-size: 12pt; margin: 4pt 0; }\n"
	".sheet { page-break-before: always; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 4pt 0; }\n"
	"th, td { border: 1px solid #444; padding: 2pt 4pt; vertical-align: top; }\n"
	"th { background: #eee; }\n"
	"tr { page-break-inside: avoid; }\n"
	".num { text-align: right; white-space: nowrap; }\n"
	".bar { height: 9pt; background: #4a7bd0; display: inline-block; }\n"
	".bar.veto { background: #c0392b; }\n"
	".cause { font-size: 9pt; }\n"
	".cite { color: #444; }\n"
	".muted { color: #666; }\n"
	"@media screen { body { padding: 10mm; background: #fff; } }\n"
	"</style>\n";

/* The clauses the round is held under (result "basis": the unit's own evaluation duty), as
 * "《…》第…条、《…》第…条", or NULL when the unit's policy cites none. */
static void basis_text(struct strbuf *sb, json_t *result)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(result, "basis"), i, c)
		sb_addf(sb, "%s%s%s", i ? "、" : "", str(c, "document"), str(c, "clause"));
}

int eval_report_html(json_t *round, struct strbuf *sb, struct zerr *e)
{
	json_t *result = json_object_get(round, "result"), *sheets = json_object_get(result, "sheets"), *sh, *it, *c;
	size_t i, k, m;
	long long year = (long long)json_integer_value(json_object_get(round, "year"));
	sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
	html(sb, str(result, "unit_name"));
	sb_addf(sb, " %lld 年度网络安全工作责任制考核报告</title>\n", year);
	sb_adds(sb, style);
	sb_adds(sb, "</head><body>\n<div class=\"cover\"><h1>");
	html(sb, str(result, "unit_name"));
	sb_addf(sb, "<br>%lld 年度网络安全工作责任制<br>考核报告</h1>\n", year);
	sb_addf(sb, "<p>第 %lld 版 · %s</p><p>依据截至 %s 的记录</p>\n",
		(long long)json_integer_value(json_object_get(round, "version")), state_zh(str(round, "state")),
		str(round, "as_of"));
	json_t *pub = json_object_get(round, "published");
	if (json_is_object(pub)) {
		sb_adds(sb, "<p>发布：");
		html(sb, str(pub, "by"));
		sb_addf(sb, " %s</p>\n", str(pub, "at"));
	}
	if (!json_is_null(json_object_get(round, "reason")) && json_object_get(round, "reason")) {
		sb_adds(sb, "<p>重新评价原因：");
		html(sb, str(round, "reason"));
		sb_adds(sb, "</p>\n");
	}
	struct strbuf basis = STRBUF_INIT;
	basis_text(&basis, result);
	sb_adds(sb, "<p class=\"muted\">依据");
	html(sb, basis.len ? basis.buf : "本单位制度");
	sb_adds(sb, "及本单位评价指标</p></div>\n");
	sb_release(&basis);

	/* summary: how many sheets in each grade, and the average */
	sb_adds(sb, "<h2>一、考核概况</h2>\n<table><tr><th>等级</th><th>部门数</th></tr>\n");
	json_t *g;
	double total = 0;
	int ndept = 0, nveto = 0;
	json_array_foreach(json_object_get(result, "grades"), i, g) {
		int n = 0;
		json_array_foreach(sheets, k, sh)
			if (!strcmp(str(sh, "kind"), "department") && !strcmp(str(sh, "grade"), str(g, "id")))
				n++;
		sb_adds(sb, "<tr><td>");
		html(sb, str(g, "name"));
		sb_addf(sb, "（%g 分及以上）</td><td class=\"num\">%d</td></tr>\n", num(g, "min"), n);
	}
	json_array_foreach(sheets, k, sh)
		if (!strcmp(str(sh, "kind"), "department")) {
			ndept++;
			total += num(sh, "percent");
			nveto += json_is_true(json_object_get(sh, "veto"));
		}
	sb_addf(sb, "</table>\n<p>参加考核部门 %d 个，平均得分率 %.2f%%，一票否决 %d 个。</p>\n", ndept,
		ndept ? total / ndept : 0, nveto);

	/* ranking with its chart: bars drawn in HTML so the page needs no script to print */
	sb_adds(sb, "<h2>二、排名</h2>\n<table><tr><th>名次</th><th>考核对象</th><th>得分</th><th>等级</th><th style=\"width:45%\">得分率</th></tr>\n");
	for (int rank = 1; rank <= (int)json_array_size(sheets) + 1; rank++)
		json_array_foreach(sheets, k, sh) {
			if (json_integer_value(json_object_get(sh, "rank")) != rank)
				continue;
			bool veto = json_is_true(json_object_get(sh, "veto"));
			sb_addf(sb, "<tr><td class=\"num\">%d</td><td>", rank);
			html(sb, str(sh, "name"));
			sb_addf(sb, " <span class=\"muted\">%s</span></td><td class=\"num\">%.2f / %.2f</td><td>", kind_zh(str(sh, "kind")),
				num(sh, "score"), num(sh, "marks"));
			html(sb, str(sh, "grade_name"));
			sb_addf(sb, "%s</td><td><span class=\"bar%s\" style=\"width:%.0f%%\"></span> %.2f%%</td></tr>\n",
				veto ? "（一票否决）" : "", veto ? " veto" : "", num(sh, "percent") * 0.85, num(sh, "percent"));
		}
	sb_adds(sb, "</table>\n");

	/* each sheet, with the lost points and their clauses */
	sb_adds(sb, "<h2 class=\"sheet\">三、各考核对象评分表</h2>\n");
	json_array_foreach(sheets, i, sh) {
		sb_adds(sb, "<h3>");
		html(sb, str(sh, "name"));
		sb_addf(sb, "（%s）：%.2f / %.2f 分，", kind_zh(str(sh, "kind")), num(sh, "score"), num(sh, "marks"));
		html(sb, str(sh, "grade_name"));
		sb_addf(sb, "，第 %lld 名</h3>\n", (long long)json_integer_value(json_object_get(sh, "rank")));
		sb_adds(sb, "<table><tr><th>一级指标</th><th>二级指标</th><th>分值</th><th>得分</th><th>扣分（加分）及依据</th></tr>\n");
		json_array_foreach(json_object_get(sh, "items"), k, it) {
			bool veto = !strcmp(str(it, "scoring"), "veto");
			html_row(sb, it, (const char *const[]){"parent_title", "title", NULL});
			if (veto)
				sb_addf(sb, "</td><td class=\"num\">否决项</td><td>%s</td><td>",
					json_is_true(json_object_get(it, "veto")) ? "一票否决" : "未触发");
			else if (json_is_null(json_object_get(it, "score")))
				sb_addf(sb, "</td><td class=\"num\">%.2f</td><td class=\"num\">待评分</td><td>", num(it, "marks"));
			else
				sb_addf(sb, "</td><td class=\"num\">%.2f</td><td class=\"num\">%.2f</td><td>", num(it, "marks"),
					num(it, "score"));
			json_array_foreach(json_object_get(it, "causes"), m, c) {
				json_t *cite = json_array_get(json_object_get(c, "citations"), 0);
				sb_addf(sb, "<div class=\"cause\">%+.2f ", num(c, "points"));
				html(sb, str(c, "message"));
				if (cite) {
					sb_adds(sb, " <span class=\"cite\">（");
					html(sb, str(cite, "document"));
					sb_adds(sb, " ");
					html(sb, str(cite, "clause"));
					sb_adds(sb, "）</span>");
				}
				sb_adds(sb, "</div>");
			}
			struct strbuf note = STRBUF_INIT;
			sb_init(&note, 1 << 16);
			entered_note(&note, it, "", false);
			if (note.len) {
				sb_adds(sb, "<div class=\"cause muted\">");
				html(sb, note.buf);
				sb_adds(sb, "</div>");
			}
			sb_release(&note);
			sb_adds(sb, "</td></tr>\n");
		}
		sb_adds(sb, "</table>\n");
	}
	json_t *objs = json_object_get(round, "objections");
	if (json_array_size(objs)) {
		sb_adds(sb, "<h2>四、异议及答复</h2>\n<table><tr><th>部门</th><th>异议</th><th>答复</th></tr>\n");
		json_array_foreach(objs, i, c) {
			html_row(sb, c, (const char *const[]){"department", "reason", "answer", NULL});
			sb_adds(sb, "</td></tr>\n");
		}
		sb_adds(sb, "</table>\n");
	}
	sb_adds(sb, "</body></html>\n");
	return sb->overflow ? zerr_set(e, ZE_LIMIT, "the report is too large") : 0;
}

/* A table cell: tabs and newlines would break the row into cells. */
static const char *cell(const char *s, char *buf, size_t n)
{
	snprintf(buf, n, "%s", s);
	for (char *p = buf; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	return buf;
}

static bool is_dept(json_t *sh)
{
	return !strcmp(str(sh, "kind"), "department");
}

int eval_report_pdf(json_t *round, const char *font, struct strbuf *pdf, int *pages, struct zerr *e)
{
	json_t *result = json_object_get(round, "result"), *sheets = json_object_get(result, "sheets"), *sh, *it, *c, *g;
	struct doc_lines l = {0};
	struct strbuf bars = STRBUF_INIT, text = STRBUF_INIT;
	char a[600], b[DOC_LINE_MAX / 2];
	size_t i, k, m;
	long long year = (long long)json_integer_value(json_object_get(round, "year")),
		  version = (long long)json_integer_value(json_object_get(round, "version"));

	/* the cover */
	doc_lines_add(&l, DOC_PLAIN, "考核单位：%s", str(result, "unit_name"));
	doc_lines_add(&l, DOC_PLAIN, "考核年度：%lld 年", year);
	doc_lines_add(&l, DOC_PLAIN, "版本：第 %lld 版（%s）", version, state_zh(str(round, "state")));
	doc_lines_add(&l, DOC_PLAIN, "依据记录截至：%s", str(round, "as_of"));
	json_t *pub = json_object_get(round, "published");
	if (json_is_object(pub))
		doc_lines_add(&l, DOC_PLAIN, "发布：%s %s", str(pub, "by"), str(pub, "at"));
	if (*str(round, "reason"))
		doc_lines_add(&l, DOC_PLAIN, "重新评价原因：%s", str(round, "reason"));
	struct strbuf basis = STRBUF_INIT;
	basis_text(&basis, result);
	doc_lines_add(&l, DOC_PARA, "依据%s及本单位评价指标，由网络安全和信息化领导小组对各部门网络安全工作责任制落实情况进行考核。",
		      basis.len ? basis.buf : "本单位制度");
	sb_release(&basis);
	doc_lines_add(&l, DOC_PAGE_BREAK, "%s", "");

	/* the summary */
	int ndept = 0, nveto = 0;
	double total = 0;
	json_array_foreach(sheets, k, sh)
		if (is_dept(sh)) {
			ndept++;
			total += num(sh, "percent");
			nveto += json_is_true(json_object_get(sh, "veto"));
		}
	json_array_foreach(json_object_get(result, "grades"), i, g) {
		int n = 0;
		json_array_foreach(sheets, k, sh)
			n += is_dept(sh) && !strcmp(str(sh, "grade"), str(g, "id"));
		sb_addf(&text, "%s%s %d 个", i ? "，" : "", str(g, "name"), n);
	}
	doc_lines_add(&l, DOC_HEADING, "一、考核概况");
	doc_lines_add(&l, DOC_PARA, "参加考核部门 %d 个，平均得分率 %.2f%%；其中%s；一票否决 %d 个。每一项扣分均列明所依据的事实和制度条款。",
		      ndept, ndept ? total / ndept : 0, text.len ? text.buf : "", nveto);

	/* the ranking: the chart, then the table */
	doc_lines_add(&l, DOC_HEADING, "二、排名");
	for (int rank = 1; rank <= (int)json_array_size(sheets); rank++)
		json_array_foreach(sheets, k, sh)
			if (is_dept(sh) && json_integer_value(json_object_get(sh, "rank")) == rank)
				sb_addf(&bars, "%s%s\t%.2f", bars.len ? "\n" : "", cell(str(sh, "name"), a, sizeof a),
					num(sh, "percent"));
	if (bars.len)
		doc_lines_add(&l, DOC_BAR_CHART, "%s", bars.buf);
	doc_lines_add(&l, DOC_TABLE_ROW, "名次\t考核对象\t得分\t等级");
	for (int dept = 1; dept >= 0; dept--) /* the departments' ranking, then the unit's and the supervised units' */
		for (int rank = 1; rank <= (int)json_array_size(sheets); rank++)
			json_array_foreach(sheets, k, sh)
				if (is_dept(sh) == dept && json_integer_value(json_object_get(sh, "rank")) == rank)
					doc_lines_add(&l, DOC_TABLE_ROW, "%d\t%s（%s）\t%.2f / %.2f\t%s%s", rank,
						      cell(str(sh, "name"), a, sizeof a), kind_zh(str(sh, "kind")),
						      num(sh, "score"), num(sh, "marks"), str(sh, "grade_name"),
						      json_is_true(json_object_get(sh, "veto")) ? "（一票否决）" : "");

	/* each sheet, its items and every lost point with its clause */
	doc_lines_add(&l, DOC_HEADING, "三、各考核对象评分表");
	int n = 0;
	json_array_foreach(sheets, i, sh) {
		doc_lines_add(&l, DOC_PLAIN, "（%d）%s（%s）：%.2f / %.2f 分，%s，第 %lld 名", ++n, str(sh, "name"),
			      kind_zh(str(sh, "kind")), num(sh, "score"), num(sh, "marks"), str(sh, "grade_name"),
			      (long long)json_integer_value(json_object_get(sh, "rank")));
		doc_lines_add(&l, DOC_TABLE_ROW, "指标\t扣分（加分）及依据\t得分");
		json_array_foreach(json_object_get(sh, "items"), k, it) {
			sb_reset(&text);
			json_array_foreach(json_object_get(it, "causes"), m, c) {
				if (text.len)
					sb_adds(&text, "；");
				cause_text(&text, c);
			}
			if (json_integer_value(json_object_get(it, "causes_not_listed")) > 0)
				sb_addf(&text, "；另有 %lld 项未列出", (long long)json_integer_value(json_object_get(it, "causes_not_listed")));
			entered_note(&text, it, "；", false);
			char score[64];
			if (!strcmp(str(it, "scoring"), "veto"))
				snprintf(score, sizeof score, "%s", json_is_true(json_object_get(it, "veto")) ? "一票否决" : "未触发");
			else if (json_is_null(json_object_get(it, "score")))
				snprintf(score, sizeof score, "待评分 / %.2f", num(it, "marks"));
			else
				snprintf(score, sizeof score, "%.2f / %.2f", num(it, "score"), num(it, "marks"));
			doc_lines_add(&l, DOC_TABLE_ROW, "%s\t%s\t%s", cell(str(it, "title"), a, sizeof a),
				      cell(text.len ? text.buf : "未扣分", b, sizeof b), score);
		}
	}
	json_t *objs = json_object_get(round, "objections");
	if (json_array_size(objs)) {
		doc_lines_add(&l, DOC_HEADING, "四、异议及答复");
		json_array_foreach(objs, i, c)
			doc_lines_add(&l, DOC_PARA, "%s：%s。答复：%s", str(c, "department"), str(c, "reason"),
				      *str(c, "answer") ? str(c, "answer") : "（待答复）");
	}
	sb_release(&bars);
	sb_release(&text);
	int rc;
	if (l.full) {
		rc = zerr_set(e, ZE_LIMIT, "the report is longer than %d blocks (or memory ran out)", DOC_BLOCKS_MAX);
	} else {
		char title[600], number[128];
		snprintf(title, sizeof title, "%s\n%lld 年度网络安全工作责任制考核报告", str(result, "unit_name"), year);
		snprintf(number, sizeof number, "%.40s-%lld-V%lld-KHBG", str(round, "org"), year, version);
		zdate day = ZDATE_NONE;
		if (!date_parse(str(round, "as_of"), &day))
			day = ZDATE_NONE;
		struct doc d = {.title = title, .number = number, .blocks = l.v, .nblocks = l.n, .font_body = font,
				.author = str(result, "unit_name"), .date = day};
		rc = doc_pdf_render(&d, pdf, pages, e);
	}
	doc_lines_release(&l);
	return rc;
}
