/* The records of one inspection (inspections.h). */
#include <stdio.h>

#include "core/inspections.h"
#include "core/interchange.h"
#include "model/model.h"

json_t *inspection_doc(json_t *insp)
{
	const char *id = json_string_value(json_object_get(insp, "id"));
	json_t *rects = json_array(), *it;
	size_t i;
	if (!id || !rects) {
		json_decref(rects);
		return NULL;
	}
	json_array_foreach(json_object_get(insp, "items"), i, it) {
		char rid[IMPORT_MAX_ID + 24], subject[IMPORT_MAX_ID + 24];
		snprintf(rid, sizeof rid, "%s-%zu", id, i + 1);
		snprintf(subject, sizeof subject, "%s#%zu", id, i + 1);
		json_t *x = json_pack("{s:s, s:O, s:s, s:s, s:O, s:O, s:O, s:O}", "id", rid, "org", json_object_get(insp, "org"),
				      "rule", RECT_RULE_INSPECTION, "subject", subject, "title",
				      json_object_get(it, "title"), "department", json_object_get(it, "department"),
				      "assigned_on", json_object_get(insp, "on"), "due_on", json_object_get(it, "due_on"));
		if (json_array_append_new(rects, x)) {
			json_decref(rects);
			return NULL;
		}
	}
	return json_pack("{s:[O], s:o}", "inspections", insp, "rectifications", rects);
}
