/* scope: subtree-based access decisions (see scope.h). */
#include "domain/scope.h"

#include <string.h>

bool scope_path_within(const char *path, const char *root_path)
{
	if (!path || !root_path || !*root_path)
		return false;
	return strncmp(path, root_path, strlen(root_path)) == 0;
}

bool scope_grant_at_root(const struct grant *g)
{
	const char *path = g->org_path;
	/* One segment: the only '/' after the first is the last character. */
	return path && *path && strchr(path + 1, '/') == path + strlen(path) - 1;
}

bool scope_has_role_at(const struct principal *p, unsigned roles, const char *path)
{
	for (int i = 0; i < p->n_grants; i++) {
		const struct grant *g = &p->grants[i];
		if ((roles & ROLE_BIT(g->role)) && scope_path_within(path, g->org_path))
			return true;
	}
	return false;
}

bool scope_has_role(const struct principal *p, unsigned roles)
{
	for (int i = 0; i < p->n_grants; i++)
		if (roles & ROLE_BIT(p->grants[i].role))
			return true;
	return false;
}

bool scope_can_read(const struct principal *p, const char *path)
{
	return scope_has_role_at(p, ROLES_ANY_STAFF, path);
}

bool scope_can_change(const struct principal *p, unsigned roles, const char *path)
{
	return scope_has_role_at(p, roles & ROLES_CHANGE, path);
}
