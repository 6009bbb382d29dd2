/* scope: who may see and change what. A staff role is granted at a node of the
 * organisation tree and covers that node's whole subtree. Nodes are identified by their
 * materialised path ("/1/4/9/": ids from the root down), so "X is in the subtree of Y" is
 * "Y's path is a prefix of X's path". Pure functions: the caller loads the grants and the
 * paths; nothing here reads a database.
 *
 * The rule every API handler follows: if the caller cannot read a thing, answer 404 (its
 * existence must not leak); if it can read it but may not do the step, answer 403. */
#ifndef HUIYIN_SCOPE_H
#define HUIYIN_SCOPE_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/names.h"

struct grant {
	int64_t id;           /* the user_roles row */
	enum role role;
	int64_t org_id;
	const char *org_path; /* path of org_id */
};

struct principal {
	int64_t user_id;      /* 0: the public */
	const struct grant *grants;
	int n_grants;
};

#define ROLE_BIT(r) (1u << (r))
/* Every staff role; supervisors read but never change. */
#define ROLES_ANY_STAFF ((1u << ROLE__MAX) - 1)
#define ROLES_CHANGE    (ROLES_ANY_STAFF & ~ROLE_BIT(ROLE_SUPERVISOR))

/* True when `path` lies in the subtree rooted at `root_path` (the root included). */
bool scope_path_within(const char *path, const char *root_path);
/* True when g is granted at the root of the tree (the district, path "/N/"): its scope is
 * everything, so a list read with it needs no scope filter at all. */
bool scope_grant_at_root(const struct grant *g);
/* True when the caller holds one of `roles` (a mask of ROLE_BIT) at `path` or above it. */
bool scope_has_role_at(const struct principal *p, unsigned roles, const char *path);
/* True when the caller holds one of `roles` anywhere. */
bool scope_has_role(const struct principal *p, unsigned roles);
/* Any staff member of the caller's scopes may read a thing placed at `path`. */
bool scope_can_read(const struct principal *p, const char *path);
/* The caller may change a thing placed at `path` with a role from `roles`; supervisors
 * never change anything, whatever `roles` says. */
bool scope_can_change(const struct principal *p, unsigned roles, const char *path);

#endif
