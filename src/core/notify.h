/* Reminders and notifications: what is announced to whom (computed from the same deadlines the
 * engine and the core use: duties_list, notice_status, incident_deadlines, the engine's
 * findings), queued once per (rule, object, occurrence, person, channel) in the store, and
 * delivered by whichever scheduler claims each delivery first (core/notify_send.h for the
 * transports). Channels: the in-platform inbox (always), mail, and the unit's DingTalk, WeCom
 * and Feishu group robots; a person's preferences mute channels and set quiet hours. */
#ifndef ZEREN_CORE_NOTIFY_H
#define ZEREN_CORE_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cal/cal.h"
#include "core/policies.h"
#include "model/model.h"
#include "store/store.h"
#include "util/err.h"

enum notify_channel { NC_INBOX, NC_MAIL, NC_DINGTALK, NC_WECOM, NC_FEISHU, NC_COUNT };
const char *notify_channel_id(int c);       /* "inbox", "mail", "dingtalk", "wecom", "feishu" */
const char *notify_channel_name_zh(int c);  /* 站内消息, 电子邮件, 钉钉, 企业微信, 飞书 */
int notify_channel_from_id(const char *id); /* -1 when unknown */

/* Reminders before a duty falls due, in working days (the default 3 and 1). */
#define NOTIFY_DUTY_DAYS {3, 1}
/* An overdue item goes one level up the chain after this many working days overdue: first the
 * owner and the department head, then the 直接责任人, then the 第一责任人 (逐级). */
#define NOTIFY_ESCALATE_DAYS {1, 3, 5}
#define NOTIFY_RECIPIENTS_MAX 256 /* people one announcement reaches */
/* A letter of a signing campaign is to be signed within this many working days of the campaign's
 * date; reminders at NOTIFY_DUTY_DAYS before, escalation by NOTIFY_ESCALATE_DAYS after. */
#define NOTIFY_SIGN_WORKDAYS 10

/* How the scheduler delivers. */
struct notify_config {
	const char *data_dir; /* keys/notify.key seals the channels' secrets */
	const char *ca_file;  /* a private CA's certificates to trust (NULL: the system's) */
	const char *worker;   /* who claims (host:pid), for the leases */
	int backoff_s;        /* first retry after this many seconds, doubling, at most an hour */
	int max_attempts;     /* then the delivery is failed for good */
};
#define NOTIFY_BACKOFF_S 60
#define NOTIFY_MAX_ATTEMPTS 6
#define NOTIFY_LEASE_S 120 /* a claim held longer than this (sender died) is taken again */

struct notify_stats {
	size_t planned_units, queued, sent, retried, failed;
};

/* Queues the reminders of unit u as of as_of (its "today"), at time now (Unix seconds). f indexed,
 * cal the calendar, ps the policies with the units' own versions (core/unitpolicy.h). Events of
 * the days from..as_of are new (from < as_of after a gap in the scheduler's runs); states are
 * announced as they are on as_of. Idempotent: what was queued before is not again. */
int notify_plan_unit(struct store *s, const struct facts *f, const struct cal *cal, const struct policy_set *ps,
		     zidx u, zdate as_of, zdate from, int64_t now, struct notify_stats *st, struct zerr *e);
/* Plans every unit (or org_id) whose planning for its day nobody else holds or did at the
 * store's generation: as_of ZDATE_NONE is each unit's today at now. */
int notify_plan(struct store *s, const struct cal *cal, const struct policy_set *ps, const char *org_id,
		zdate as_of, int64_t now, struct notify_stats *st, struct zerr *e);
/* Delivers up to max deliveries due at now, each claimed in the store first. A failure is
 * recorded with the provider's answer and retried later; only a store failure is returned. */
int notify_deliver(struct store *s, const struct notify_config *cfg, int64_t now, size_t max,
		   struct notify_stats *st, struct zerr *e);

/* A delivery as the log and the inbox show it. */
json_t *notify_row_json(const struct notify_row *r);

/* The unit's channels: [{channel, name, enabled, settings, secrets: {name: "已设置"}}] for each
 * channel there is (secrets never in clear). */
json_t *notify_channels_json(struct store *s, const char *org, struct zerr *e);
/* Sets channel of unit org from body {enabled, settings, secrets} (a secret left out is kept, ""
 * clears it), validated, sealed and audited through c in one transaction. */
struct change;
int notify_channel_set(struct store *s, struct change *c, const char *data_dir, const char *org,
		       const char *channel, json_t *body, int64_t now, struct zerr *e);
/* Sends a test message on the unit's channel now (mail: to address `to`) and logs it; the
 * provider's answer in answer. A failure says why (ZE_IO) or what is missing (ZE_INVALID). */
int notify_test_send(struct store *s, const struct notify_config *cfg, const char *org, const char *channel,
		     const char *to, int64_t now, char *answer, size_t answer_len, struct zerr *e);

/* A person's preferences {email, muted, quiet_from, quiet_to}, and their change (validated,
 * audited through c). */
json_t *notify_pref_json(struct store *s, const char *person, struct zerr *e);
int notify_pref_set(struct store *s, struct change *c, const char *person, json_t *body, struct zerr *e);

#endif
