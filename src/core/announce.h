/* 通知公告 (issue 22): the office's announcements to every user of its unit. A draft is the
 * office's; published, it is shown from its publish date to its expiry (inclusive) on every
 * user's dashboard, and each person of the unit gets a copy in the bell (an inbox message of
 * the notify module, rule "announcement"), read per person there; withdrawn, it is shown no
 * more. Every write goes through the change service (validated, audited, one transaction). */
#ifndef ZEREN_CORE_ANNOUNCE_H
#define ZEREN_CORE_ANNOUNCE_H

#include <jansson.h>

#include "core/change.h"
#include "model/model.h"

#define ANNOUNCE_TITLE_MAX 200	/* bytes */
#define ANNOUNCE_BODY_MAX 20000 /* bytes */

struct announce_in {
	const char *title, *body;
	const char *status;		  /* "draft", "published" or "withdrawn"; NULL: "draft" (new) or as it was */
	const char *publish_on, *expires_on; /* ISO dates, nullable: today, and publish_on + the unit's announce.days - 1 */
};

/* Adds (*id 0; *id is then the new one's) or changes announcement *id of c->unit (action
 * "announcement.add" / "announcement.edit" / "announcement.publish" / "announcement.withdraw",
 * object "<unit>/announcement/<id>"). Publishing it queues its copy for each person of unit u of
 * f (the unit's facts) in the same transaction. A publish date after today is refused (save a
 * draft and publish it on the day); a withdrawn one changes no more. */
int announce_save(struct store *s, struct change *c, const struct facts *f, zidx u, int64_t *id,
		  const struct announce_in *in, zdate today, int64_t now, struct zerr *e);
/* {"items": [...]}: unit org's announcements. all: every one (the office's list); else those
 * shown on today, each with person's copy in the bell ("notification": its id, "read": whether
 * read; person nullable). */
int announce_json(struct store *s, const char *org, bool all, const char *person, zdate today, json_t **out,
		  struct zerr *e);

#endif
