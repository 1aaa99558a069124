/* 参数设置: a unit's settings that are not the policy's thresholds (those are the policy's, in its
 * editor), one value per key in the store (migration 018), a missing one its default. Each key
 * says who sets it, after 三员: the office the unit's business ones; the security
 * administrator's (policy.approvers) keep their own route (core/unitpolicy.h). Only keys that
 * something reads are here. */
#ifndef ZEREN_CORE_SETTINGS_H
#define ZEREN_CORE_SETTINGS_H

#include <jansson.h>

#include "core/change.h"

#define SETTING_DEADLINE_DAYS "dashboard.deadline_days" /* the dashboard's 未来 N 天期限 */
#define SETTING_ANNOUNCE_DAYS "announce.days"	       /* an announcement's default days shown */

/* Unit org's value of integer setting key (its default when the unit has none). */
int unit_setting_int(struct store *s, const char *org, const char *key, int *out, struct zerr *e);
/* {"items": [{"key", "value", "default", "min", "max", "set_by"}]}: every setting of unit org,
 * set_by "office" or "security". */
int unit_settings_json(struct store *s, const char *org, json_t **out, struct zerr *e);
/* Sets c->unit's office setting key to value (action "setting.put", object "<unit>/<key>");
 * ZE_NOTFOUND for an unknown key, ZE_DENIED for one the office does not set. */
int unit_setting_set(struct store *s, struct change *c, const char *key, const json_t *value, struct zerr *e);

#endif
