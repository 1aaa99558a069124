/* 检查 (issue 15): the zeren/v1 records of one inspection a supervisor makes of a unit below it,
 * as both POST /api/v1/supervision/inspections and `zeren inspection add` write them. */
#ifndef ZEREN_CORE_INSPECTIONS_H
#define ZEREN_CORE_INSPECTIONS_H

#include <jansson.h>

/* {"inspections": [insp], "rectifications": [...]}: the inspection record insp (borrowed: {id,
 * org, inspector_org, on, scope, inspectors, items: [{title, basis, department, due_on}]}) and,
 * for its item n (from 1), the rectification of org "<id>-<n>" that follows it up (rule
 * "inspection", subject "<id>#<n>", assigned on the inspection's day, due by the item's due_on;
 * null: the policy's working days). NULL when out of memory. The import checks every field. */
json_t *inspection_doc(json_t *insp);

#endif
