/* The roles: their ids and names, and the role sets as text and JSON. */
#include <stdio.h>
#include <string.h>

#include "core/account_internal.h"

static const struct {
	const char *id, *zh, *en;
} roles[ROLE_COUNT] = {
	[ROLE_SYSADMIN] = {"sysadmin", "系统管理员", "system administrator"},
	[ROLE_SECADMIN] = {"secadmin", "安全管理员", "security administrator"},
	[ROLE_AUDITOR] = {"auditor", "审计管理员", "audit administrator"},
	[ROLE_OFFICE] = {"office", "网信办", "cybersecurity office"},
	[ROLE_LEADER] = {"leader", "领导", "leader"},
	[ROLE_LIAISON] = {"liaison", "部门网络安全员", "department security liaison"},
	[ROLE_STAFF] = {"staff", "普通人员", "staff member"},
	[ROLE_SUPERVISOR] = {"supervisor", "上级主管部门", "supervising office"},
};
const char *role_id(int role) { return role >= 0 && role < ROLE_COUNT ? roles[role].id : "?"; }
const char *role_name_zh(int role) { return role >= 0 && role < ROLE_COUNT ? roles[role].zh : "?"; }
const char *role_name_en(int role) { return role >= 0 && role < ROLE_COUNT ? roles[role].en : "?"; }
int role_from_id(const char *id)
{
	for (int r = 0; id && r < ROLE_COUNT; r++)
		if (strcmp(id, roles[r].id) == 0)
			return r;
	return -1;
}
const char *roles_format(unsigned set, char *buf, size_t n)
{
	size_t len = 0;
	if (n)
		buf[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(set & ROLE_BIT(r)))
			continue;
		int w = snprintf(buf + len, n > len ? n - len : 0, "%s%s", len ? "," : "", roles[r].id);
		if (w < 0 || len + (size_t)w >= n)
			break;
		len += (size_t)w;
	}
	return buf;
}

/* "office,liaison" from the store into bits; unknown ids (a newer schema) grant nothing. */
unsigned roles_parse(const char *text)
{
	unsigned set = 0;
	char id[32];
	while (text && *text) {
		size_t k = strcspn(text, ",");
		if (k < sizeof id) {
			memcpy(id, text, k);
			id[k] = '\0';
			int r = role_from_id(id);
			if (r >= 0)
				set |= ROLE_BIT(r);
		}
		text += k + (text[k] == ',');
	}
	return set;
}
json_t *roles_json(unsigned set)
{
	json_t *a = json_array();
	for (int r = 0; a && r < ROLE_COUNT; r++)
		if (set & ROLE_BIT(r))
			json_array_append_new(a, json_string(roles[r].id));
	return a;
}
