/* Findings as sentences, in Chinese (the product's language) and English. */
#include <stdio.h>
#include <string.h>

#include "rules/engine.h"

static const char *person_name(const struct facts *f, zidx p)
{
	return p >= 0 ? f->people.v[p].name : "?";
}

/* The checklist items a completed handover lacks under its rule, after `lead`. */
static void missing_items(const struct facts *f, const struct finding *fd, const struct rule *r, const char *lead,
			  const char *sep, bool zh, struct strbuf *o)
{
	unsigned missing = handover_missing(r, &f->handovers.v[fd->handover], fd->as_of);
	bool first = true;
	sb_adds(o, lead);
	for (int k = 0; k < HO_ITEM_COUNT; k++) {
		if (!(missing >> k & 1u))
			continue;
		sb_addf(o, "%s%s", first ? "" : sep, zh ? handover_item_name_zh(k) : handover_item_id(k));
		first = false;
	}
}

/* The system's MLPS level on the day of the check (its register entry as it stood then). */
static int level_of(const struct facts *f, const struct finding *fd)
{
	struct system_state st;
	system_state_on(f, fd->subject, fd->as_of, &st);
	return st.mlps_level;
}

static const char *dept_name(const struct facts *f, const struct finding *fd)
{
	return fd->dept >= 0 ? dept_name_on(f, fd->dept, fd->as_of) : "";
}

/* The empty seat is an office's leader: its director (主任). */
static bool office_director(const struct rule *r, const struct finding *fd)
{
	return r->kind == RK_BODY_COMPOSITION && r->body_kind == BODY_OFFICE && fd->seat == SEAT_LEADER;
}

static const char *post_name(int post, bool zh)
{
	return zh ? post_name_zh(post) : post_name_en(post);
}

static const char *agreement_name(int kind, bool zh)
{
	return zh ? agreement_kind_name_zh(kind) : agreement_kind_id(kind);
}

/* " (text)" after a name, in the language's parentheses; nothing when there is no text. */
static void add_in_parens(struct strbuf *o, const char *text, bool zh)
{
	if (text)
		sb_addf(o, zh ? "（%s）" : " (%s)", text);
}

/* An amount of money as a sentence names it: in 万元 in Chinese, in yuan in English. */
static const char *money(int64_t yuan, bool zh, char *buf, size_t n)
{
	if (zh)
		snprintf(buf, n, "%.2f万元", (double)yuan / 10000);
	else
		snprintf(buf, n, "%lld yuan", (long long)yuan);
	return buf;
}

/* The finding as a sentence in Chinese (zh) or English: one case a reason, its two sentences
 * side by side over the same arguments (numbered as POSIX printf allows, %2$s, where English
 * orders them otherwise). */
static void message(const struct facts *f, const struct finding *fd, bool zh, struct strbuf *o)
{
	const char *subj = finding_subject_name(f, fd);
	/* required_agreement of everyone has no post */
	const char *post = fd->post >= 0 ? post_name(fd->post, zh) : zh ? "人员" : "staff member";
	char day_buf[ZDATE_BUFSZ], other[ZDATE_BUFSZ];
	const char *day = date_format(fd->date, day_buf); /* the date the finding names, when it names one */
	const struct rule *r = fd->applied ? fd->applied : fd->rule;
	switch (fd->reason) {
	case R_HOLDS_EXCLUDED:
		sb_addf(o, zh ? "%s担任%s，同时兼任%s" : "%s is %s and also %s", subj, post, post_name(fd->other_post, zh));
		break;
	case R_NOT_FULL_TIME:
		sb_addf(o, zh ? "%s担任%s，但未按专职任命" : "%s is %s but not appointed full-time", subj, post);
		break;
	case R_HOLDS_OTHER:
		sb_addf(o, zh ? "%s担任%s（应专职，不可兼任），同时担任%s" : "%s is %s (full-time, no other post) but also %s",
			subj, post, post_name(fd->other_post, zh));
		break;
	case R_TOO_FEW:
		if (fd->subject_kind == SUBJ_DEPARTMENT)
			sb_addf(o, zh ? "%s未设%s" : "%s has no %s", subj, post);
		else if (!zh)
			sb_addf(o, "%s: %d holder(s), at least %d required", post, fd->count, r->min);
		else if (r->kind == RK_REQUIRED_POST || fd->count == 0)
			sb_addf(o, "未设%s（现有%d人，应不少于%d人）", post, fd->count, r->min);
		else
			sb_addf(o, "%s仅%d人在岗，应不少于%d人", post, fd->count, r->min);
		break;
	case R_BODY_MISSING:
		sb_addf(o, zh ? "未成立%s" : "no %s has been set up",
			zh ? body_kind_name_zh(r->body_kind) : body_kind_id(r->body_kind));
		break;
	case R_SEAT_EMPTY: {
		/* an office (办公室) is led by its director (主任, 003 第四条) */
		const char *seat = office_director(r, fd) ? (zh ? "办公室主任" : "director")
				   : zh ? seat_name_zh(fd->seat) : seat_id(fd->seat);
		sb_addf(o, zh ? "%s未设%s" : "%s has no %s", subj, seat);
		break;
	}
	case R_NOT_MEMBER:
		if (zh)
			sb_addf(o, "%s（%s%s）不是%s成员", person_name(f, fd->person), dept_name(f, fd), post, subj);
		else
			sb_addf(o, "%s (%s) is not a member of %s", person_name(f, fd->person), post, subj);
		break;
	case R_NO_OWNER:
		sb_addf(o, zh ? "信息系统“%s”未明确责任部门" : "system %s has no owner department", subj);
		break;
	case R_NO_HOLDER:
		sb_addf(o, zh ? "信息系统“%s”未设%s" : "system %s has no %s", subj, post);
		break;
	case R_NO_LEVEL:
		sb_addf(o, zh ? "信息系统“%s”未确定网络安全等级保护级别" : "system %s has no MLPS level", subj);
		break;
	case R_NOT_FILED:
		sb_addf(o, zh ? "信息系统“%s”为第%d级，未办理等级保护备案" : "system %s is MLPS level %d but not filed", subj,
			level_of(f, fd));
		break;
	case R_NOT_ASSESSED:
		sb_addf(o, zh ? "信息系统“%s”为第%d级，未开展等级测评" : "system %s is MLPS level %d but was never assessed",
			subj, level_of(f, fd));
		break;
	case R_ASSESSMENT_DUE:
		sb_addf(o,
			zh ? "信息系统“%s”为第%d级，上次等级测评于%s，已超过%d个月"
			   : "system %s is MLPS level %d, last assessed %s, more than %d months ago",
			subj, level_of(f, fd), day, r->assessment_months[level_of(f, fd)]);
		break;
	case R_NO_AGREEMENT:
		sb_addf(o, zh ? "%s（%s）未签订%s" : "%s (%s) has no %s", subj, post, agreement_name(r->agreement_kind, zh));
		break;
	case R_AGREEMENT_EXPIRED:
		sb_addf(o, zh ? "%s（%s）的%s已于%s失效，未续签" : "%s (%s): %s ended on %s and was not renewed", subj, post,
			agreement_name(r->agreement_kind, zh), day);
		break;
	case R_AGREEMENT_UNSIGNED:
		sb_addf(o, zh ? "%s（%s）的%s尚未签署" : "%s (%s): %s is not signed", subj, post,
			agreement_name(r->agreement_kind, zh));
		break;
	case R_AGREEMENT_EXPIRING:
		sb_addf(o, zh ? "%s（%s）的%s将于%s失效，请在到期前续签" : "%s (%s): %s ends on %s; renew it before then", subj,
			post, agreement_name(r->agreement_kind, zh), day);
		break;
	case R_NO_BACKGROUND_CHECK:
		sb_addf(o, zh ? "%s（%s）无背景审查记录" : "%s (%s) has no background check on record", subj, post);
		break;
	case R_NOTICE_OVERDUE: {
		const struct notice *n = &f->notices.v[fd->notice];
		if (zh) {
			sb_addf(o, "%s通报“%s”", n->issuer, n->title);
			add_in_parens(o, n->document_no, zh);
			sb_addf(o, "于%s收到，应于%s前完成整改，至今未整改", date_format(n->received_on, other), day);
		} else {
			sb_addf(o, "notice \"%s\" from %s, received %s, was due to be rectified by %s and is not", n->title,
				n->issuer, date_format(n->received_on, other), day);
		}
		break;
	}
	case R_NOTICE_RECTIFIED_LATE:
	case R_FEEDBACK_MISSING:
	case R_FEEDBACK_LATE: {
		const struct notice *n = &f->notices.v[fd->notice];
		bool rectify = fd->reason == R_NOTICE_RECTIFIED_LATE;
		const char *verdict = rectify ? (zh ? "逾期整改" : "rectified late")
				      : fd->reason == R_FEEDBACK_LATE ? (zh ? "逾期反馈" : "reported back late")
				      : zh ? "至今未反馈" : "no feedback yet";
		if (zh) {
			sb_addf(o, "%s通报“%s”", n->issuer, n->title);
			add_in_parens(o, n->document_no, zh);
			sb_addf(o, "于%s收到，应于%s前%s，%s", date_format(n->received_on, other), day,
				rectify ? "完成整改" : "将整改落实情况反馈给通报部门", verdict);
		} else {
			sb_addf(o, "notice \"%s\" from %s, received %s, was due to be %s by %s: %s", n->title, n->issuer,
				date_format(n->received_on, other), rectify ? "rectified" : "reported back to the issuer",
				day, verdict);
		}
		break;
	}
	case R_NOT_REPORTED:
	case R_REPORTED_LATE:
		sb_addf(o, zh ? "安全事件“%s”应在发现后%d小时内报告，%s" : "incident \"%s\" must be reported within %d hours of detection: %s",
			f->incidents.v[fd->incident].title, fd->count,
			fd->reason == R_NOT_REPORTED ? (zh ? "至今未报告" : "not reported") : zh ? "报告超时" : "reported late");
		break;
	case R_REPEAT_INCIDENT:
	case R_REPEAT_NOTICE: {
		const char *title = f->incidents.v[fd->incident].title;
		bool after_incident = fd->reason == R_REPEAT_INCIDENT;
		if (!zh)
			sb_addf(o, "incident \"%s\" on %s within %d months of an earlier %s", title, subj, r->months,
				after_incident ? "incident" : "notice");
		else if (after_incident)
			sb_addf(o, "“%s”发生安全事件“%s”，距上一次安全事件“%s”不足%d个月", subj, title,
				f->incidents.v[fd->other_incident].title, r->months);
		else
			sb_addf(o, "“%s”发生安全事件“%s”，距被通报（%s）不足%d个月", subj, title, f->notices.v[fd->notice].title,
				r->months);
		break;
	}
	case R_OUTAGE:
		sb_addf(o, zh ? "安全事件“%s”导致瘫痪%.1f小时（%d小时以上）" : "incident \"%s\" caused an outage of %.1f hours (%d or more)",
			f->incidents.v[fd->incident].title, f->incidents.v[fd->incident].outage_hours, r->hours);
		break;
	case R_PLAN_MISSING:
		sb_adds(o, zh ? "未制定经批准的网络安全事件应急预案"
			      : "no approved emergency plan for cybersecurity incidents is in force");
		break;
	case R_PROJECT_BUDGET: {
		const struct project *p = &f->projects.v[fd->project];
		char amount[64];
		sb_addf(o, zh ? "信息化项目“%s”总预算%s，" : "IT project \"%s\" has a total budget of %s and ", p->name,
			money(p->budget, zh, amount, sizeof amount));
		if (p->security_budget < 0)
			sb_adds(o, zh ? "未列网络安全预算" : "no security budget");
		else
			sb_addf(o, zh ? "网络安全预算%s（占%.1f%%）" : "a security budget of %s (%.1f%%)",
				money(p->security_budget, zh, amount, sizeof amount),
				100.0 * (double)p->security_budget / (double)p->budget);
		sb_addf(o, zh ? "，低于项目总预算的%d%%" : ", below %d%% of the total", r->budget_percent);
		break;
	}
	case R_PROJECT_SYNC: {
		static const char *const stage_zh[] = {"同步规划", "同步建设", "同步实施"};
		static const char *const stage_en[] = {"planned", "built", "put into use"};
		const struct project *p = &f->projects.v[fd->project];
		bool in_use = p->in_use_on != ZDATE_NONE && (fd->count & 6);
		sb_addf(o, zh ? "信息化项目“%s”%s，网络安全未做到“" : "IT project \"%s\" is %s, but its security was not ", p->name,
			in_use ? (zh ? "已投入使用" : "in use") : zh ? "已开工建设" : "under construction");
		for (int k = 0, n = 0; k < 3; k++)
			if (fd->count & (1 << k))
				sb_addf(o, "%s%s", n++ ? (zh ? "、" : fd->count >> (k + 1) ? ", " : " or ") : "",
					zh ? stage_zh[k] : stage_en[k]);
		sb_adds(o, zh ? "”" : " together with it");
		break;
	}
	case R_RECT_OVERDUE: {
		const struct rectification *x = &f->rectifications.v[fd->rectification];
		sb_addf(o,
			zh ? "%s于%s交办的整改“%s”应于%s前完成，尚未整改"
			   : "%1$s was assigned the rectification \"%3$s\" on %2$s, due by %4$s, and has not rectified it",
			subj, date_format(x->assigned_on, other), x->title, day);
		break;
	}
	case R_PLAN_REVIEW_DUE: {
		const struct emergency_plan *p = &f->plans.v[fd->plan];
		sb_addf(o, zh ? "应急预案“%s”" : "emergency plan \"%s\"", p->title);
		add_in_parens(o, p->version, zh);
		sb_addf(o, zh ? "最近一次批准或评审于%s，已超过%d个月未再评审" : " was last approved or reviewed on %s, more than %d months ago",
			day, r->months);
		break;
	}
	case R_RETENTION_SHORT:
	case R_RETENTION_UNKNOWN: {
		const struct log_source *l = &f->log_sources.v[fd->log_source];
		if (fd->subject_kind == SUBJ_SYSTEM)
			sb_addf(o, zh ? "信息系统“%s”的" : "system %s: ", subj);
		sb_addf(o, zh ? "%s“%s”" : "%s \"%s\": ", zh ? log_kind_name_zh(l->kind) : log_kind_name_en(l->kind), l->name);
		if (fd->reason == R_RETENTION_UNKNOWN)
			sb_addf(o, zh ? "未登记留存期限，应至少留存%d天" : "no retention recorded; to be kept at least %d days",
				r->log_days[l->kind]);
		else
			sb_addf(o, zh ? "配置留存%d天，少于要求的%d天" : "kept %d days, fewer than the %d days required",
				(int)l->retention_days, r->log_days[l->kind]);
		break;
	}
	case R_TRAINING_HOURS:
		sb_addf(o,
			zh ? "%s（%s）截至%s的一年内参加网络安全培训%d学时，少于要求的%d学时"
			   : "%1$s (%2$s) attended %4$d class hours of security training in the year to %3$s, fewer than the "
			     "%5$d required",
			subj, post, day, fd->count, r->hours);
		break;
	case R_NO_CERTIFICATE:
		sb_addf(o, zh ? "%s担任%s，未登记培训合格证书（持证上岗）" : "%s is %s without a training certificate recorded",
			subj, post);
		break;
	case R_VULN_OPEN:
	case R_VULN_UNVERIFIED: {
		const struct vulnerability *v = &f->vulnerabilities.v[fd->vulnerability];
		sb_addf(o,
			zh ? "信息系统“%s”%s发现的%s漏洞“%s”应于%s前修复"
			   : "system %1$s: the %3$s vulnerability \"%4$s\" found on %2$s was to be fixed by %5$s",
			subj, date_format(v->found_on, other),
			zh ? vuln_severity_name_zh(v->severity) : vuln_severity_id(v->severity), v->title,
			day);
		if (fd->reason == R_VULN_OPEN)
			sb_adds(o, zh ? "，至今未修复" : " and is not fixed");
		else if (zh)
			sb_addf(o, "，%s已修复，修复结果尚未验证", date_format(v->fixed_on, other));
		else
			sb_adds(o, "; it is fixed but the fix is not verified");
		break;
	}
	case R_HANDOVER_MISSING:
	case R_HANDOVER_OPEN:
	case R_HANDOVER_INCOMPLETE:
		sb_addf(o,
			zh ? "%s于%s离开%s岗位，应在%d日内（%s前）办好交接手续"
			   : "%1$s left the post of %3$s on %2$s; the handover was due within %4$d days (by %5$s)",
			subj, day, post, r->days, date_format(fd->date + r->days, other));
		if (fd->reason == R_HANDOVER_MISSING)
			sb_adds(o, zh ? "，未登记交接" : " and none is recorded");
		else if (fd->reason == R_HANDOVER_OPEN)
			sb_adds(o, zh ? "，交接至今未完成" : " and is not complete");
		else
			missing_items(f, fd, r, zh ? "，交接缺少：" : " but lacks: ", zh ? "、" : ", ", zh, o);
		break;
	case R_OBLIGATION_OVERDUE: {
		const struct obligation_def *ob = fd->obligation;
		bool of_dept = fd->subject_kind == SUBJ_DEPARTMENT;
		sb_addf(o, zh ? "%s%s%s（%s）应于%s前完成，至今未完成" : "%s%s%s (%s) was due by %s and is not done",
			of_dept ? subj : "", of_dept && !zh ? ": " : "",
			zh ? ob->title_zh : ob->title_en ? ob->title_en : ob->id, fd->period, day);
		if (zh && ob->evidence)
			sb_addf(o, "；需留存：%s", ob->evidence);
		break;
	}
	case R_SUMMARY_MISSING: {
		const struct incident *x = &f->incidents.v[fd->incident];
		if (zh)
			sb_addf(o, "%s安全事件“%s”处置完毕后%d天内未提交处置总结报告（应于%s前）",
				grade_name_zh(incident_grade(f, x, NULL)), x->title, r->days, day);
		else
			sb_addf(o, "no summary report for incident \"%s\" within %d days of its resolution (due %s)", x->title,
				r->days, day);
		break;
	}
	}
}

void finding_message(const struct facts *f, const struct finding *fd, const char *lang, struct strbuf *out)
{
	message(f, fd, !(lang && strcmp(lang, "en") == 0), out);
}
