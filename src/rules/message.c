/* Findings as sentences, in Chinese (the product's language) and English. */
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

static void msg_zh(const struct facts *f, const struct finding *fd, struct strbuf *o)
{
	const char *subj = finding_subject_name(f, fd);
	const char *post = fd->post >= 0 ? post_name_zh(fd->post) : "人员"; /* required_agreement of everyone */
	char date[ZDATE_BUFSZ], date2[ZDATE_BUFSZ];
	const struct rule *r = fd->applied ? fd->applied : fd->rule;
	switch (fd->reason) {
	case R_HOLDS_EXCLUDED:
		sb_addf(o, "%s担任%s，同时兼任%s", subj, post, post_name_zh(fd->other_post));
		break;
	case R_NOT_FULL_TIME:
		sb_addf(o, "%s担任%s，但未按专职任命", subj, post);
		break;
	case R_HOLDS_OTHER:
		sb_addf(o, "%s担任%s（应专职，不可兼任），同时担任%s", subj, post, post_name_zh(fd->other_post));
		break;
	case R_TOO_FEW:
		if (fd->subject_kind == SUBJ_DEPARTMENT)
			sb_addf(o, "%s未设%s", subj, post);
		else if (r->kind == RK_REQUIRED_POST || fd->count == 0)
			sb_addf(o, "未设%s（现有%d人，应不少于%d人）", post, fd->count, r->min);
		else
			sb_addf(o, "%s仅%d人在岗，应不少于%d人", post, fd->count, r->min);
		break;
	case R_BODY_MISSING:
		sb_addf(o, "未成立%s", body_kind_name_zh(r->body_kind));
		break;
	case R_SEAT_EMPTY:
		/* an office (办公室) is led by its director (主任, 003 第四条) */
		sb_addf(o, "%s未设%s", subj,
			office_director(r, fd) ? "办公室主任" : seat_name_zh(fd->seat));
		break;
	case R_NOT_MEMBER:
		sb_addf(o, "%s（%s%s）不是%s成员", person_name(f, fd->person),
			dept_name(f, fd), post, subj);
		break;
	case R_NO_OWNER:
		sb_addf(o, "信息系统“%s”未明确责任部门", subj);
		break;
	case R_NO_HOLDER:
		sb_addf(o, "信息系统“%s”未设%s", subj, post);
		break;
	case R_NO_LEVEL:
		sb_addf(o, "信息系统“%s”未确定网络安全等级保护级别", subj);
		break;
	case R_NOT_FILED:
		sb_addf(o, "信息系统“%s”为第%d级，未办理等级保护备案", subj, level_of(f, fd));
		break;
	case R_NOT_ASSESSED:
		sb_addf(o, "信息系统“%s”为第%d级，未开展等级测评", subj, level_of(f, fd));
		break;
	case R_ASSESSMENT_DUE:
		sb_addf(o, "信息系统“%s”为第%d级，上次等级测评于%s，已超过%d个月", subj,
			level_of(f, fd), date_format(fd->date, date),
			r->assessment_months[level_of(f, fd)]);
		break;
	case R_NO_AGREEMENT:
		sb_addf(o, "%s（%s）未签订%s", subj, post, agreement_kind_name_zh(r->agreement_kind));
		break;
	case R_AGREEMENT_EXPIRED:
		sb_addf(o, "%s（%s）的%s已于%s失效，未续签", subj, post,
			agreement_kind_name_zh(r->agreement_kind), date_format(fd->date, date));
		break;
	case R_AGREEMENT_UNSIGNED:
		sb_addf(o, "%s（%s）的%s尚未签署", subj, post, agreement_kind_name_zh(r->agreement_kind));
		break;
	case R_AGREEMENT_EXPIRING:
		sb_addf(o, "%s（%s）的%s将于%s失效，请在到期前续签", subj, post,
			agreement_kind_name_zh(r->agreement_kind), date_format(fd->date, date));
		break;
	case R_NO_BACKGROUND_CHECK:
		sb_addf(o, "%s（%s）无背景审查记录", subj, post);
		break;
	case R_NOTICE_OVERDUE: {
		const struct notice *n = &f->notices.v[fd->notice];
		sb_addf(o, "%s通报“%s”%s%s%s于%s收到，应于%s前完成整改，至今未整改", n->issuer, n->title,
			n->document_no ? "（" : "", n->document_no ? n->document_no : "", n->document_no ? "）" : "",
			date_format(n->received_on, date), date_format(fd->date, date2));
		break;
	}
	case R_NOTICE_RECTIFIED_LATE:
	case R_FEEDBACK_MISSING:
	case R_FEEDBACK_LATE: {
		const struct notice *n = &f->notices.v[fd->notice];
		sb_addf(o, "%s通报“%s”%s%s%s于%s收到，应于%s前%s，%s", n->issuer, n->title,
			n->document_no ? "（" : "", n->document_no ? n->document_no : "", n->document_no ? "）" : "",
			date_format(n->received_on, date), date_format(fd->date, date2),
			fd->reason == R_NOTICE_RECTIFIED_LATE ? "完成整改" : "将整改落实情况反馈给通报部门",
			fd->reason == R_NOTICE_RECTIFIED_LATE ? "逾期整改"
			: fd->reason == R_FEEDBACK_LATE	     ? "逾期反馈"
							     : "至今未反馈");
		break;
	}
	case R_NOT_REPORTED:
	case R_REPORTED_LATE: {
		const struct incident *x = &f->incidents.v[fd->incident];
		sb_addf(o, "安全事件“%s”应在发现后%d小时内报告，%s", x->title, fd->count,
			fd->reason == R_NOT_REPORTED ? "至今未报告" : "报告超时");
		break;
	}
	case R_REPEAT_INCIDENT:
		sb_addf(o, "“%s”发生安全事件“%s”，距上一次安全事件“%s”不足%d个月", subj,
			f->incidents.v[fd->incident].title, f->incidents.v[fd->other_incident].title, r->months);
		break;
	case R_REPEAT_NOTICE:
		sb_addf(o, "“%s”发生安全事件“%s”，距被通报（%s）不足%d个月", subj, f->incidents.v[fd->incident].title,
			f->notices.v[fd->notice].title, r->months);
		break;
	case R_OUTAGE:
		sb_addf(o, "安全事件“%s”导致瘫痪%.1f小时（%d小时以上）", f->incidents.v[fd->incident].title,
			f->incidents.v[fd->incident].outage_hours, r->hours);
		break;
	case R_PLAN_MISSING:
		sb_adds(o, "未制定经批准的网络安全事件应急预案");
		break;
	case R_PROJECT_BUDGET: {
		const struct project *p = &f->projects.v[fd->project];
		sb_addf(o, "信息化项目“%s”总预算%.2f万元，", p->name, (double)p->budget / 10000);
		if (p->security_budget < 0)
			sb_adds(o, "未列网络安全预算");
		else
			sb_addf(o, "网络安全预算%.2f万元（占%.1f%%）", (double)p->security_budget / 10000,
				100.0 * (double)p->security_budget / (double)p->budget);
		sb_addf(o, "，低于项目总预算的%d%%", r->budget_percent);
		break;
	}
	case R_PROJECT_SYNC: {
		static const char *const stage[] = {"同步规划", "同步建设", "同步实施"};
		const struct project *p = &f->projects.v[fd->project];
		sb_addf(o, "信息化项目“%s”%s，网络安全未做到“", p->name,
			p->in_use_on != ZDATE_NONE && (fd->count & 6) ? "已投入使用" : "已开工建设");
		for (int k = 0, n = 0; k < 3; k++)
			if (fd->count & (1 << k))
				sb_addf(o, "%s%s", n++ ? "、" : "", stage[k]);
		sb_adds(o, "”");
		break;
	}
	case R_RECT_OVERDUE: {
		const struct rectification *x = &f->rectifications.v[fd->rectification];
		sb_addf(o, "%s于%s交办的整改“%s”应于%s前完成，尚未整改", subj, date_format(x->assigned_on, date2), x->title,
			date_format(fd->date, date));
		break;
	}
	case R_PLAN_REVIEW_DUE: {
		const struct emergency_plan *p = &f->plans.v[fd->plan];
		sb_addf(o, "应急预案“%s”", p->title);
		if (p->version)
			sb_addf(o, "（%s）", p->version);
		sb_addf(o, "最近一次批准或评审于%s，已超过%d个月未再评审", date_format(fd->date, date), r->months);
		break;
	}
	case R_RETENTION_SHORT:
	case R_RETENTION_UNKNOWN: {
		const struct log_source *l = &f->log_sources.v[fd->log_source];
		if (fd->subject_kind == SUBJ_SYSTEM)
			sb_addf(o, "信息系统“%s”的", subj);
		sb_addf(o, "%s“%s”", log_kind_name_zh(l->kind), l->name);
		if (fd->reason == R_RETENTION_UNKNOWN)
			sb_addf(o, "未登记留存期限，应至少留存%d天", r->log_days[l->kind]);
		else
			sb_addf(o, "配置留存%d天，少于要求的%d天", (int)l->retention_days, r->log_days[l->kind]);
		break;
	}
	case R_TRAINING_HOURS:
		sb_addf(o, "%s（%s）截至%s的一年内参加网络安全培训%d学时，少于要求的%d学时", subj, post,
			date_format(fd->date, date), fd->count, r->hours);
		break;
	case R_NO_CERTIFICATE:
		sb_addf(o, "%s担任%s，未登记培训合格证书（持证上岗）", subj, post);
		break;
	case R_VULN_OPEN:
	case R_VULN_UNVERIFIED: {
		const struct vulnerability *v = &f->vulnerabilities.v[fd->vulnerability];
		sb_addf(o, "信息系统“%s”%s发现的%s漏洞“%s”应于%s前修复", subj, date_format(v->found_on, date2),
			vuln_severity_name_zh(v->severity), v->title, date_format(fd->date, date));
		if (fd->reason == R_VULN_OPEN)
			sb_adds(o, "，至今未修复");
		else
			sb_addf(o, "，%s已修复，修复结果尚未验证", date_format(v->fixed_on, date2));
		break;
	}
	case R_HANDOVER_MISSING:
	case R_HANDOVER_OPEN:
	case R_HANDOVER_INCOMPLETE:
		sb_addf(o, "%s于%s离开%s岗位，应在%d日内（%s前）办好交接手续", subj, date_format(fd->date, date), post,
			r->days, date_format(fd->date + r->days, date2));
		if (fd->reason == R_HANDOVER_MISSING)
			sb_adds(o, "，未登记交接");
		else if (fd->reason == R_HANDOVER_OPEN)
			sb_adds(o, "，交接至今未完成");
		else
			missing_items(f, fd, r, "，交接缺少：", "、", true, o);
		break;
	case R_OBLIGATION_OVERDUE:
		sb_addf(o, "%s%s（%s）应于%s前完成，至今未完成", fd->subject_kind == SUBJ_DEPARTMENT ? subj : "",
			fd->obligation->title_zh, fd->period, date_format(fd->date, date));
		if (fd->obligation->evidence)
			sb_addf(o, "；需留存：%s", fd->obligation->evidence);
		break;
	case R_SUMMARY_MISSING:
		sb_addf(o, "%s安全事件“%s”处置完毕后%d天内未提交处置总结报告（应于%s前）",
			grade_name_zh(incident_grade(f, &f->incidents.v[fd->incident], NULL)), f->incidents.v[fd->incident].title,
			r->days, date_format(fd->date, date));
		break;
	}
}

static void msg_en(const struct facts *f, const struct finding *fd, struct strbuf *o)
{
	const char *subj = finding_subject_name(f, fd);
	const char *post = fd->post >= 0 ? post_name_en(fd->post) : "staff member"; /* required_agreement of everyone */
	char date[ZDATE_BUFSZ], date2[ZDATE_BUFSZ];
	const struct rule *r = fd->applied ? fd->applied : fd->rule;
	switch (fd->reason) {
	case R_HOLDS_EXCLUDED:
		sb_addf(o, "%s is %s and also %s", subj, post, post_name_en(fd->other_post));
		break;
	case R_NOT_FULL_TIME:
		sb_addf(o, "%s is %s but not appointed full-time", subj, post);
		break;
	case R_HOLDS_OTHER:
		sb_addf(o, "%s is %s (full-time, no other post) but also %s", subj, post, post_name_en(fd->other_post));
		break;
	case R_TOO_FEW:
		if (fd->subject_kind == SUBJ_DEPARTMENT)
			sb_addf(o, "%s has no %s", subj, post);
		else
			sb_addf(o, "%s: %d holder(s), at least %d required", post, fd->count, r->min);
		break;
	case R_BODY_MISSING:
		sb_addf(o, "no %s has been set up", body_kind_id(r->body_kind));
		break;
	case R_SEAT_EMPTY:
		sb_addf(o, "%s has no %s", subj, office_director(r, fd) ? "director" : seat_id(fd->seat));
		break;
	case R_NOT_MEMBER:
		sb_addf(o, "%s (%s) is not a member of %s", person_name(f, fd->person), post, subj);
		break;
	case R_NO_OWNER:
		sb_addf(o, "system %s has no owner department", subj);
		break;
	case R_NO_HOLDER:
		sb_addf(o, "system %s has no %s", subj, post);
		break;
	case R_NO_LEVEL:
		sb_addf(o, "system %s has no MLPS level", subj);
		break;
	case R_NOT_FILED:
		sb_addf(o, "system %s is MLPS level %d but not filed", subj, level_of(f, fd));
		break;
	case R_NOT_ASSESSED:
		sb_addf(o, "system %s is MLPS level %d but was never assessed", subj, level_of(f, fd));
		break;
	case R_ASSESSMENT_DUE:
		sb_addf(o, "system %s is MLPS level %d, last assessed %s, more than %d months ago", subj,
			level_of(f, fd), date_format(fd->date, date),
			r->assessment_months[level_of(f, fd)]);
		break;
	case R_NO_AGREEMENT:
		sb_addf(o, "%s (%s) has no %s", subj, post, agreement_kind_id(r->agreement_kind));
		break;
	case R_AGREEMENT_EXPIRED:
		sb_addf(o, "%s (%s): %s ended on %s and was not renewed", subj, post,
			agreement_kind_id(r->agreement_kind), date_format(fd->date, date));
		break;
	case R_AGREEMENT_UNSIGNED:
		sb_addf(o, "%s (%s): %s is not signed", subj, post, agreement_kind_id(r->agreement_kind));
		break;
	case R_AGREEMENT_EXPIRING:
		sb_addf(o, "%s (%s): %s ends on %s; renew it before then", subj, post,
			agreement_kind_id(r->agreement_kind), date_format(fd->date, date));
		break;
	case R_NO_BACKGROUND_CHECK:
		sb_addf(o, "%s (%s) has no background check on record", subj, post);
		break;
	case R_NOTICE_OVERDUE:
		sb_addf(o, "notice \"%s\" from %s, received %s, was due to be rectified by %s and is not",
			f->notices.v[fd->notice].title, f->notices.v[fd->notice].issuer,
			date_format(f->notices.v[fd->notice].received_on, date), date_format(fd->date, date2));
		break;
	case R_NOTICE_RECTIFIED_LATE:
	case R_FEEDBACK_MISSING:
	case R_FEEDBACK_LATE:
		sb_addf(o, "notice \"%s\" from %s, received %s, was due to be %s by %s: %s", f->notices.v[fd->notice].title,
			f->notices.v[fd->notice].issuer, date_format(f->notices.v[fd->notice].received_on, date),
			fd->reason == R_NOTICE_RECTIFIED_LATE ? "rectified" : "reported back to the issuer",
			date_format(fd->date, date2),
			fd->reason == R_NOTICE_RECTIFIED_LATE ? "rectified late"
			: fd->reason == R_FEEDBACK_LATE	     ? "reported back late"
							     : "no feedback yet");
		break;
	case R_NOT_REPORTED:
	case R_REPORTED_LATE:
		sb_addf(o, "incident \"%s\" must be reported within %d hours of detection: %s", f->incidents.v[fd->incident].title,
			fd->count, fd->reason == R_NOT_REPORTED ? "not reported" : "reported late");
		break;
	case R_REPEAT_INCIDENT:
	case R_REPEAT_NOTICE:
		sb_addf(o, "incident \"%s\" on %s within %d months of an earlier %s", f->incidents.v[fd->incident].title, subj,
			r->months, fd->reason == R_REPEAT_INCIDENT ? "incident" : "notice");
		break;
	case R_OUTAGE:
		sb_addf(o, "incident \"%s\" caused an outage of %.1f hours (%d or more)", f->incidents.v[fd->incident].title,
			f->incidents.v[fd->incident].outage_hours, r->hours);
		break;
	case R_PLAN_MISSING:
		sb_adds(o, "no approved emergency plan for cybersecurity incidents is in force");
		break;
	case R_PROJECT_BUDGET: {
		const struct project *p = &f->projects.v[fd->project];
		sb_addf(o, "IT project \"%s\" has a total budget of %lld yuan and ", p->name, (long long)p->budget);
		if (p->security_budget < 0)
			sb_adds(o, "no security budget");
		else
			sb_addf(o, "a security budget of %lld yuan (%.1f%%)", (long long)p->security_budget,
				100.0 * (double)p->security_budget / (double)p->budget);
		sb_addf(o, ", below %d%% of the total", r->budget_percent);
		break;
	}
	case R_PROJECT_SYNC: {
		static const char *const stage[] = {"planned", "built", "put into use"};
		const struct project *p = &f->projects.v[fd->project];
		sb_addf(o, "IT project \"%s\" is %s, but its security was not ", p->name,
			p->in_use_on != ZDATE_NONE && (fd->count & 6) ? "in use" : "under construction");
		for (int k = 0, n = 0; k < 3; k++)
			if (fd->count & (1 << k))
				sb_addf(o, "%s%s", n++ ? (fd->count >> (k + 1) ? ", " : " or ") : "", stage[k]);
		sb_adds(o, " together with it");
		break;
	}
	case R_RECT_OVERDUE: {
		const struct rectification *x = &f->rectifications.v[fd->rectification];
		sb_addf(o, "%s was assigned the rectification \"%s\" on %s, due by %s, and has not rectified it", subj,
			x->title, date_format(x->assigned_on, date2), date_format(fd->date, date));
		break;
	}
	case R_PLAN_REVIEW_DUE: {
		const struct emergency_plan *p = &f->plans.v[fd->plan];
		sb_addf(o, "emergency plan \"%s\"%s%s%s was last approved or reviewed on %s, more than %d months ago", p->title,
			p->version ? " (" : "", p->version ? p->version : "", p->version ? ")" : "", date_format(fd->date, date),
			r->months);
		break;
	}
	case R_RETENTION_SHORT:
	case R_RETENTION_UNKNOWN: {
		const struct log_source *l = &f->log_sources.v[fd->log_source];
		if (fd->subject_kind == SUBJ_SYSTEM)
			sb_addf(o, "system %s: ", subj);
		sb_addf(o, "%s \"%s\": ", log_kind_name_en(l->kind), l->name);
		if (fd->reason == R_RETENTION_UNKNOWN)
			sb_addf(o, "no retention recorded; to be kept at least %d days", r->log_days[l->kind]);
		else
			sb_addf(o, "kept %d days, fewer than the %d days required", (int)l->retention_days, r->log_days[l->kind]);
		break;
	}
	case R_TRAINING_HOURS:
		sb_addf(o, "%s (%s) attended %d class hours of security training in the year to %s, fewer than the %d required",
			subj, post, fd->count, date_format(fd->date, date), r->hours);
		break;
	case R_NO_CERTIFICATE:
		sb_addf(o, "%s is %s without a training certificate recorded", subj, post);
		break;
	case R_VULN_OPEN:
	case R_VULN_UNVERIFIED: {
		const struct vulnerability *v = &f->vulnerabilities.v[fd->vulnerability];
		sb_addf(o, "system %s: the %s vulnerability \"%s\" found on %s was to be fixed by %s", subj,
			vuln_severity_id(v->severity), v->title, date_format(v->found_on, date2), date_format(fd->date, date));
		sb_adds(o, fd->reason == R_VULN_OPEN ? " and is not fixed" : "; it is fixed but the fix is not verified");
		break;
	}
	case R_HANDOVER_MISSING:
	case R_HANDOVER_OPEN:
	case R_HANDOVER_INCOMPLETE:
		sb_addf(o, "%s left the post of %s on %s; the handover was due within %d days (by %s)", subj, post,
			date_format(fd->date, date), r->days, date_format(fd->date + r->days, date2));
		if (fd->reason == R_HANDOVER_MISSING)
			sb_adds(o, " and none is recorded");
		else if (fd->reason == R_HANDOVER_OPEN)
			sb_adds(o, " and is not complete");
		else
			missing_items(f, fd, r, " but lacks: ", ", ", false, o);
		break;
	case R_OBLIGATION_OVERDUE:
		sb_addf(o, "%s%s%s (%s) was due by %s and is not done", fd->subject_kind == SUBJ_DEPARTMENT ? subj : "",
			fd->subject_kind == SUBJ_DEPARTMENT ? ": " : "",
			fd->obligation->title_en ? fd->obligation->title_en : fd->obligation->id, fd->period,
			date_format(fd->date, date));
		break;
	case R_SUMMARY_MISSING:
		sb_addf(o, "no summary report for incident \"%s\" within %d days of its resolution (due %s)",
			f->incidents.v[fd->incident].title, r->days, date_format(fd->date, date));
		break;
	}
}

void finding_message(const struct facts *f, const struct finding *fd, const char *lang, struct strbuf *out)
{
	if (lang && strcmp(lang, "en") == 0)
		msg_en(f, fd, out);
	else
		msg_zh(f, fd, out);
}
