/* org_rules: tree shape rules and materialised paths (see org_rules.h). */
#include "domain/org_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool org_parent_allowed(enum org_kind child, int parent)
{
	switch (child) {
	case ORG_DISTRICT:
		return parent < 0;
	case ORG_PARK:
	case ORG_SUBDISTRICT:
		return parent == ORG_DISTRICT;
	case ORG_DEPARTMENT:
		return parent == ORG_DISTRICT || parent == ORG_DEPARTMENT;
	case ORG_COMMUNITY:
		return parent == ORG_SUBDISTRICT || parent == ORG_PARK || parent == ORG_DISTRICT;
	case ORG_UNIT:
		return parent >= 0 && parent != ORG_UNIT;
	default:
		return false;
	}
}

bool org_move_makes_cycle(int64_t id, const char *new_parent_path)
{
	char needle[32];
	snprintf(needle, sizeof needle, "/%lld/", (long long)id);
	return strstr(new_parent_path, needle) != NULL;
}

bool org_membership_allowed(enum org_kind alliance, enum org_kind member)
{
	return alliance == ORG_COMMUNITY && (member == ORG_UNIT || member == ORG_DEPARTMENT);
}

int org_child_path(const char *parent_path, int64_t id, char *out, int cap)
{
	int n = snprintf(out, (size_t)cap, "%s%lld/", parent_path ? parent_path : "/",
			 (long long)id);
	return n < 0 || n >= cap ? -1 : 0;
}

int org_path_bound(const char *path, char *out, int cap)
{
	size_t n = strlen(path);
	if (n == 0 || (int)n >= cap)
		return -1;
	memcpy(out, path, n + 1);
	out[n - 1] = (char)(out[n - 1] + 1); /* the trailing '/' becomes '0' */
	return 0;
}

int org_path_ids(const char *path, int64_t *out, int max)
{
	int n = 0;
	const char *p = path;
	if (*p != '/')
		return -1;
	while (*++p) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p || *end != '/' || v <= 0 || n >= max)
			return -1;
		out[n++] = v;
		p = end;
	}
	return n;
}
