/* users: queries over users and their role grants. Strings are copied into the arena. */
#ifndef HUIYIN_STORE_USERS_H
#define HUIYIN_STORE_USERS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct store_user {
	int64_t id, version;
	const char *username, *display_name, *password_hash, *created_at, *updated_at;
	bool disabled;
};

struct store_role {
	int64_t id, user_id, org_id;
	const char *role, *org_path, *org_name, *created_at;
};

/* 0 and *u filled, or -1 with a 404 in e. */
int store_user_get(struct db *db, int64_t id, struct arena *a, struct store_user *u,
		   struct err *e);
int store_user_by_name(struct db *db, const char *username, struct arena *a,
		       struct store_user *u, struct err *e);
/* Users with id below `after` (0: from the newest), newest first, up to limit. */
int store_user_list(struct db *db, int64_t after, int64_t limit, struct arena *a,
		    struct store_user **out, int *n, struct err *e);
/* Inserts u; sets u->id. A taken username is a 409 `username_taken`. */
int store_user_insert(struct db *db, struct store_user *u, struct err *e);
/* Writes display_name, disabled and password_hash of u; 409 when u->version is stale. */
int store_user_update(struct db *db, const struct store_user *u, struct err *e);

/* Every grant of a user, with the org's path and name. */
int store_roles_of(struct db *db, int64_t user_id, struct arena *a, struct store_role **out,
		   int *n, struct err *e);
int store_role_get(struct db *db, int64_t id, struct arena *a, struct store_role *r,
		   struct err *e);
/* Grants role at org; sets r->id. The same grant twice is a 409 `already_granted`. */
int store_role_insert(struct db *db, struct store_role *r, struct err *e);
int store_role_delete(struct db *db, int64_t id, struct err *e);
/* Finds the grant (user, role, org); 404 when there is none. */
int store_role_find(struct db *db, int64_t user_id, const char *role, int64_t org_id,
		    struct arena *a, struct store_role *r, struct err *e);

#endif
