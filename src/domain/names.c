/* names: wire names of the fixed value sets (see names.h). */
#include "domain/names.h"

#include <ctype.h>
#include <string.h>

const char *const role_names[ROLE__MAX] = {
	[ROLE_ADMIN] = "admin",         [ROLE_DISPATCHER] = "dispatcher",
	[ROLE_HANDLER] = "handler",     [ROLE_SECRETARY] = "secretary",
	[ROLE_SUPERVISOR] = "supervisor", [ROLE_LIAISON] = "liaison",
};

const char *const org_kind_names[ORG_KIND__MAX] = {
	[ORG_DISTRICT] = "district",   [ORG_PARK] = "park",
	[ORG_SUBDISTRICT] = "subdistrict", [ORG_COMMUNITY] = "community",
	[ORG_DEPARTMENT] = "department", [ORG_UNIT] = "unit",
};

const char *const unit_type_names[UNIT_TYPE__MAX] = {
	[UNIT_ORGAN] = "organ",
	[UNIT_SOE] = "soe",
	[UNIT_PRIVATE_ENTERPRISE] = "private_enterprise",
	[UNIT_SOCIAL_ORG] = "social_org",
	[UNIT_MARKET] = "market",
	[UNIT_OFFICE_BUILDING] = "office_building",
	[UNIT_OTHER] = "other",
};

int names_find(const char *const *table, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (table[i] && !strcmp(table[i], s))
			return i;
	return -1;
}

bool names_username_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
			return false;
	return true;
}

bool names_password_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 8 && n <= 256;
}
