#include "core/permissions.h"

#include "core/accounts.h"

unsigned perm_roles(enum perm p)
{
	const unsigned business = ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_LIAISON) |
				  ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_SUPERVISOR);
	switch (p) {
	case PERM_PUBLIC:
	case PERM_SESSION:
		return 0; /* no role needed */
	case PERM_READ:
		return business;
	case PERM_WRITE:
		return ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LIAISON);
	case PERM_OFFICE:
		return ROLE_BIT(ROLE_OFFICE);
	case PERM_ACCOUNTS:
		return ROLE_BIT(ROLE_SYSADMIN);
	case PERM_SECURITY:
		return ROLE_BIT(ROLE_SECADMIN);
	case PERM_AUDIT:
		return ROLE_BIT(ROLE_AUDITOR);
	case PERM_POLICY:
		return business | ROLE_BIT(ROLE_SECADMIN);
	case PERM_ADMINS:
		return ROLE_BIT(ROLE_SYSADMIN) | ROLE_BIT(ROLE_SECADMIN);
	case PERM_PLATFORM:
		return ROLES_PLATFORM;
	case PERM_LEADER:
		return ROLE_BIT(ROLE_LEADER);
	case PERM_SUPERVISE:
		return ROLE_BIT(ROLE_SUPERVISOR);
	case PERM_RECTIFY:
		return ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LIAISON) | ROLE_BIT(ROLE_STAFF);
	case PERM_COUNT:
		break;
	}
	return 0;
}

const char *perm_id(enum perm p)
{
	static const char *const ids[PERM_COUNT] = {"public", "session", "read", "write", "office",
						    "accounts", "security", "audit", "policy",
						    "admins", "platform", "leader", "supervise",
						    "rectify"};
	return p < PERM_COUNT ? ids[p] : "?";
}

bool perm_admits(enum perm p, unsigned roles)
{
	return p == PERM_PUBLIC || p == PERM_SESSION || (perm_roles(p) & roles);
}
