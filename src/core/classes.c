#include "core/classes.h"

#include <jansson.h>
#include <pthread.h>
#include <string.h>

#include "core/embedded.h"

#define MAX_CLASSES 32

static struct {
	char id[40], name_zh[64];
	bool attack;
} classes[MAX_CLASSES];
static size_t nclasses;
static char ids[MAX_CLASSES * 41];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The list is shipped data checked by the tests; a malformed one leaves it empty, so that
 * every classification is refused rather than some accepted by accident. */
static void load(void)
{
	const struct embedded_file *ef = embedded_find("incident-categories.json");
	json_t *root = ef ? json_loadb(ef->data, ef->len, 0, NULL) : NULL, *c;
	size_t i;
	json_array_foreach(json_object_get(root, "categories"), i, c) {
		const char *id = json_string_value(json_object_get(c, "id"));
		const char *zh = json_string_value(json_object_get(c, "name_zh"));
		if (nclasses == MAX_CLASSES || !id || !zh || strlen(id) >= sizeof classes[0].id ||
		    strlen(zh) >= sizeof classes[0].name_zh)
			break;
		strcpy(classes[nclasses].id, id);
		strcpy(classes[nclasses].name_zh, zh);
		classes[nclasses].attack = json_is_true(json_object_get(c, "attack"));
		if (nclasses)
			strcat(ids, ", ");
		strcat(ids, id);
		nclasses++;
	}
	json_decref(root);
}

static int find(const char *id)
{
	pthread_once(&once, load);
	for (size_t i = 0; id && i < nclasses; i++)
		if (!strcmp(classes[i].id, id))
			return (int)i;
	return -1;
}

bool incident_class_known(const char *id, bool *attack)
{
	int i = find(id);
	if (attack)
		*attack = i >= 0 && classes[i].attack;
	return i >= 0;
}

const char *incident_class_name_zh(const char *id)
{
	int i = find(id);
	return i >= 0 ? classes[i].name_zh : NULL;
}

const char *incident_class_ids(void)
{
	pthread_once(&once, load);
	return ids;
}
