/* Incident categories of GB/T 20986-2023 (data/incident-categories.json, compiled in): the list
 * an incident's `classification` is checked against. */
#ifndef ZEREN_CORE_CLASSES_H
#define ZEREN_CORE_CLASSES_H

#include <stdbool.h>

/* Whether `id` is a category of the list; *attack (nullable) says whether an incident of that
 * category is itself an attack (004 八(二) "受到攻击"). */
bool incident_class_known(const char *id, bool *attack);
/* The category's Chinese name, or NULL. */
const char *incident_class_name_zh(const char *id);
/* The ids of the list, comma-separated, for messages. */
const char *incident_class_ids(void);

#endif
