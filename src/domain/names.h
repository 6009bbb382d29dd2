/* names: the fixed value sets of the API (roles, organisation kinds, unit types) as enums
 * with their wire names. Each enum ends with a __MAX sentinel that sizes its name table. */
#ifndef HUIYIN_NAMES_H
#define HUIYIN_NAMES_H
#include <stdbool.h>

enum role {
	ROLE_ADMIN,
	ROLE_DISPATCHER,
	ROLE_HANDLER,
	ROLE_SECRETARY,
	ROLE_SUPERVISOR,
	ROLE_LIAISON,
	ROLE__MAX
};

enum org_kind {
	ORG_DISTRICT,
	ORG_PARK,
	ORG_SUBDISTRICT,
	ORG_COMMUNITY,
	ORG_DEPARTMENT,
	ORG_UNIT,
	ORG_KIND__MAX
};

enum unit_type {
	UNIT_ORGAN,
	UNIT_SOE,
	UNIT_PRIVATE_ENTERPRISE,
	UNIT_SOCIAL_ORG,
	UNIT_MARKET,
	UNIT_OFFICE_BUILDING,
	UNIT_OTHER,
	UNIT_TYPE__MAX
};

extern const char *const role_names[ROLE__MAX];
extern const char *const org_kind_names[ORG_KIND__MAX];
extern const char *const unit_type_names[UNIT_TYPE__MAX];

/* Index of s in a name table of n entries, or -1. */
int names_find(const char *const *table, int n, const char *s);
/* Login names: 2 to 64 of letters, digits, '.', '_' and '-'. */
bool names_username_ok(const char *s);
/* Passwords: 8 to 256 bytes. */
bool names_password_ok(const char *s);

#define role_parse(s)      names_find(role_names, ROLE__MAX, (s))
#define org_kind_parse(s)  names_find(org_kind_names, ORG_KIND__MAX, (s))
#define unit_type_parse(s) names_find(unit_type_names, UNIT_TYPE__MAX, (s))

#endif
