/* Who may call what: the permissions of the API's routes and the roles each admits. This is
 * business policy (the 三员 and the business roles of core/accounts.h), so it lives in core;
 * the HTTP adapter only asks perm_admits. */
#ifndef ZEREN_CORE_PERMISSIONS_H
#define ZEREN_CORE_PERMISSIONS_H

#include <stdbool.h>

/* Who may call a route. The server checks the roles; handlers narrow further by data scope
 * (a liaison's department, a staff member's own records) with the helpers in api/api.h. */
enum perm {
	PERM_PUBLIC,   /* no session needed */
	PERM_SESSION,  /* any signed-in account, even one that must still change its password */
	PERM_READ,     /* business roles: office, leader, liaison, staff */
	PERM_WRITE,    /* office; liaison within their department */
	PERM_OFFICE,   /* office only */
	PERM_ACCOUNTS, /* 系统管理员: accounts, settings, backups */
	PERM_SECURITY, /* 安全管理员: role grants, policies */
	PERM_AUDIT,    /* 审计管理员: the audit log */
	PERM_POLICY,   /* the policies' rules: the business roles, held to them, and 安全管理员, who sets them */
	PERM_ADMINS,   /* 系统管理员 and 安全管理员: ask for role grants (approved by another, four eyes) */
	PERM_PLATFORM, /* the three 三员: see and decide four-eyes requests (the handler checks who approves) */
	PERM_LEADER,   /* 单位领导: approves the unit's policy versions the office drafts (four eyes), publishes an evaluation round */
	PERM_SUPERVISE, /* supervisor only: the roll-up of the units below, notices sent down */
	PERM_RECTIFY,   /* a 整改台账 item's rectification: office; liaison within their department; staff their own items */
	PERM_COUNT
};
/* The roles (ROLE_BIT set) a permission names; 0 for PERM_PUBLIC and PERM_SESSION, which need
 * none. */
unsigned perm_roles(enum perm p);
/* Does a permission admit an account with these roles? */
bool perm_admits(enum perm p, unsigned roles);
const char *perm_id(enum perm p); /* "public", "session", "read", "write", "office", "accounts", "security", "audit", "policy", "admins", "platform", "leader", "supervise", "rectify" */

#endif
