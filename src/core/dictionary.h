/* 字典管理: a unit's own lists (issue 22). A closed list's values are the engine's (agreement
 * kinds, training kinds, incident grades, …): the rules depend on them, so a unit relabels,
 * orders or disables them but adds none. An open list's values are what records hold as text
 * (incident categories, notice issuers): the unit adds its own. No entry is ever deleted — a
 * value in use keeps its label — it is disabled, and forms offer only enabled entries. Every
 * write goes through the change service (validated, audited, one transaction). */
#ifndef ZEREN_CORE_DICTIONARY_H
#define ZEREN_CORE_DICTIONARY_H

#include <jansson.h>
#include <stdbool.h>

#include "core/change.h"

#define DICT_VALUE_MAX 200 /* bytes of an open list's value */
#define DICT_LABEL_MAX 200 /* bytes of a label */
#define DICT_SORT_MAX 9999

struct dict_entry_in {
	const char *list, *value;
	const char *label, *label_en; /* NULL or "": a closed list's own label (the UI's), an open list's value */
	int sort;		      /* 0 .. DICT_SORT_MAX */
	bool enabled;
};

/* Whether `list` is a known list id. */
bool dict_list_known(const char *list);
/* {"lists": [{"list", "open", "entries": [{"value", "label", "label_en", "sort", "enabled",
 * "builtin"}]}]} of unit org: every list, or only `list` (nullable); entries by sort, then the
 * engine's order. A closed list's entry without a label of the unit's has label null. */
int dict_json(struct store *s, const char *org, const char *list, json_t **out, struct zerr *e);
/* Whether in is a valid entry (its list known, a closed list's value the engine's, labels and
 * sort within bounds); ZE_INVALID/ZE_LIMIT naming the field ("$.value: …") when not. */
int dict_entry_check(const struct dict_entry_in *in, struct zerr *e);
/* Adds or changes one entry of c->unit's list (action "dict.put", object "<unit>/<list>/<value>"). */
int dict_put(struct store *s, struct change *c, const struct dict_entry_in *in, struct zerr *e);

/* zeren/v1 section "dictionary" (docs/interchange.md): one record per stored entry, {"org",
 * "list", "value", "label", "label_en", "sort", "enabled"}. */
json_t *dict_row_json(const struct dict_row *r);
/* Reads record o into *org and *in (strings borrowed from o) and checks it (dict_entry_check). */
int dict_entry_from_json(json_t *o, const char **org, struct dict_entry_in *in, struct zerr *e);
/* Writes a checked entry of unit org inside the caller's transaction (the importer's). */
int dict_put_in(struct store *s, const char *org, const struct dict_entry_in *in, struct zerr *e);

#endif
