/* users: accounts and their role grants, managed by admins within their subtree.
 * An admin sees a user who holds a role inside the admin's scope, or who holds no role
 * yet (so a new account can be given one); everyone sees themselves. */
#include "api/admin_log.h"
#include "api/handlers.h"
#include "api/validate.h"
#include "store/sessions.h"
#include "util/secret.h"

#include <string.h>

json_t *render_user(const struct store_user *u, const struct store_role *roles, int n_roles)
{
	json_t *arr = json_array();
	for (int i = 0; i < n_roles; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:s}", "id",
						     (json_int_t)roles[i].id, "role", roles[i].role,
						     "org_id", (json_int_t)roles[i].org_id,
						     "org_name", roles[i].org_name));
	return json_pack("{s:I, s:s, s:s, s:b, s:o, s:s, s:s, s:I}", "id", (json_int_t)u->id,
			 "username", u->username, "display_name", u->display_name, "disabled",
			 u->disabled, "roles", arr, "created_at", u->created_at, "updated_at",
			 u->updated_at, "version", (json_int_t)u->version);
}

static bool admin_sees(const struct principal *who, const struct store_role *roles, int n)
{
	if (!scope_has_role(who, ROLE_BIT(ROLE_ADMIN)))
		return false;
	if (n == 0)
		return true;
	for (int i = 0; i < n; i++)
		if (scope_has_role_at(who, ROLE_BIT(ROLE_ADMIN), roles[i].org_path))
			return true;
	return false;
}

/* Loads user `id` with roles if the caller may see it; 404 otherwise. */
static int load_visible(struct req *r, struct db *db, int64_t id, struct store_user *u,
			struct store_role **roles, int *n, struct err *e)
{
	if (store_user_get(db, id, &r->arena, u, e) ||
	    store_roles_of(db, id, &r->arena, roles, n, e))
		return -1;
	if (id != r->auth.user_id && !admin_sees(&r->auth.who, *roles, *n))
		return err_not_found(e, "user");
	return 0;
}

int api_users_list(struct req *r)
{
	struct page pg;
	if (query_page(r, &pg))
		return -1;
	if (!scope_has_role(&r->auth.who, ROLE_BIT(ROLE_ADMIN)))
		return err_forbidden(&r->err, "only admins list users");
	/* Users are few (thousands): scan in batches, keep the visible ones, and ask for one
	 * more than the page to know whether a next page exists. */
	json_t *items = json_array();
	req_keep(r, items);
	int64_t after = pg.after, next = 0;
	for (int round = 0; round < 50 && (int64_t)json_array_size(items) <= pg.limit; round++) {
		struct store_user *batch;
		int n;
		if (store_user_list(r->rdb, after, 200, &r->arena, &batch, &n, &r->err))
			return -1;
		for (int i = 0; i < n && (int64_t)json_array_size(items) <= pg.limit; i++) {
			struct store_role *roles;
			int nr;
			if (store_roles_of(r->rdb, batch[i].id, &r->arena, &roles, &nr, &r->err))
				return -1;
			if (admin_sees(&r->auth.who, roles, nr))
				json_array_append_new(items, render_user(&batch[i], roles, nr));
		}
		if (n < 200)
			break;
		after = batch[n - 1].id;
	}
	if ((int64_t)json_array_size(items) > pg.limit) {
		json_array_remove(items, json_array_size(items) - 1);
		next = json_integer_value(
			json_object_get(json_array_get(items, json_array_size(items) - 1), "id"));
	}
	return api_reply(r, 200, page_result(json_incref(items), next));
}

static const struct vfield create_fields[] = {
	{"username", V_STRING, V_REQUIRED, 2, 64},
	{"display_name", V_STRING, V_REQUIRED, 1, 100},
	{"password", V_STRING, V_REQUIRED, 8, 256},
};

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct store_user *u = r->write_arg;
	if (store_user_insert(db, u, e) || store_user_get(db, u->id, &r->arena, u, e))
		return -1;
	return api_reply(r, 201, render_user(u, NULL, 0));
}

int api_users_create(struct req *r)
{
	if (!scope_has_role(&r->auth.who, ROLE_BIT(ROLE_ADMIN)))
		return err_forbidden(&r->err, "only admins create users");
	if (validate_body(r, create_fields, 3, false))
		return -1;
	if (!names_username_ok(body_str(r, "username")))
		return err_invalid(&r->err, "username",
				   "username may hold only letters, digits, '.', '_' and '-'");
	struct store_user *u = arena_alloc(&r->arena, sizeof *u);
	u->username = body_str(r, "username");
	u->display_name = body_str(r, "display_name");
	char *hash = arena_alloc(&r->arena, SECRET_PWHASH_MAX);
	if (secret_password_hash(body_str(r, "password"), hash))
		return err_internal(&r->err, "cannot hash the password");
	u->password_hash = hash;
	return api_write(r, create_write, u);
}

int api_users_get(struct req *r)
{
	struct store_user u;
	struct store_role *roles;
	int n;
	if (load_visible(r, r->rdb, r->ids[0], &u, &roles, &n, &r->err))
		return -1;
	return api_reply(r, 200, render_user(&u, roles, n));
}

static const struct vfield update_fields[] = {
	{"display_name", V_STRING, 0, 1, 100},
	{"disabled", V_BOOL, 0, 0, 0},
	{"password", V_STRING, 0, 8, 256},
	{"current_password", V_STRING, 0, 1, 256},
	{"version", V_INT, 0, 1, INT32_MAX},
};

struct user_change {
	const char *display_name;
	const char *password_hash; /* new hash, or NULL */
	int disabled;              /* -1: unchanged */
	int64_t version;           /* 0: no check */
};

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct user_change *ch = r->write_arg;
	struct store_user u;
	struct store_role *roles;
	int n;
	if (load_visible(r, db, r->ids[0], &u, &roles, &n, e))
		return -1;
	if (ch->version && ch->version != u.version)
		return err_stale(e, "user");
	bool end_sessions = false;
	if (ch->display_name)
		u.display_name = ch->display_name;
	if (ch->password_hash) {
		u.password_hash = ch->password_hash;
		end_sessions = true;
	}
	if (ch->disabled >= 0) {
		end_sessions |= ch->disabled && !u.disabled;
		u.disabled = ch->disabled;
	}
	if (store_user_update(db, &u, e))
		return -1;
	if (end_sessions && store_sessions_end_user(db, u.id, e))
		return -1;
	if (store_user_get(db, u.id, &r->arena, &u, e))
		return -1;
	return api_reply(r, 200, render_user(&u, roles, n));
}

int api_users_update(struct req *r)
{
	if (validate_body(r, update_fields, 5, true))
		return -1;
	struct store_user u;
	struct store_role *roles;
	int n;
	if (load_visible(r, r->rdb, r->ids[0], &u, &roles, &n, &r->err))
		return -1;
	bool self = u.id == r->auth.user_id;
	bool admin = admin_sees(&r->auth.who, roles, n);
	struct user_change *ch = arena_alloc(&r->arena, sizeof *ch);
	ch->display_name = body_str(r, "display_name");
	ch->disabled = body_has(r, "disabled") ? body_bool(r, "disabled", false) : -1;
	ch->version = body_int(r, "version", 0);
	if (ch->disabled >= 0 && !admin)
		return err_forbidden(&r->err, "only an admin can disable or enable an account");
	if (ch->disabled == 1 && self)
		return err_set(&r->err, 409, "self_disable", "disabled",
			       "you cannot disable your own account");
	const char *password = body_str(r, "password");
	if (password) {
		/* Changing one's own password needs the current one, even for an admin. */
		if (self) {
			const char *current = body_str(r, "current_password");
			if (!current)
				return err_invalid(&r->err, "current_password",
						   "current_password is required");
			if (!secret_password_ok(u.password_hash, current))
				return err_set(&r->err, 403, "bad_credentials", "current_password",
					       "the current password is wrong");
		} else if (!admin) {
			return err_forbidden(&r->err, "you may not change this password");
		}
		char *hash = arena_alloc(&r->arena, SECRET_PWHASH_MAX);
		if (secret_password_hash(password, hash))
			return err_internal(&r->err, "cannot hash the password");
		ch->password_hash = hash;
	}
	return api_write(r, update_write, ch);
}

static const struct vfield grant_fields[] = {
	{"role", V_ENUM, V_REQUIRED, 0, 0, role_names, ROLE__MAX},
	{"org_id", V_ID, V_REQUIRED, 0, 0},
};

static int grant_write(struct db *db, struct req *r, struct err *e)
{
	struct store_role *g = r->write_arg;
	if (store_role_insert(db, g, e) || store_role_get(db, g->id, &r->arena, g, e))
		return -1;
	if (admin_log(db, r, "role_grant",
		      json_pack("{s:I, s:s, s:I}", "user_id", (json_int_t)g->user_id, "role",
				g->role, "org_id", (json_int_t)g->org_id),
		      e))
		return -1;
	return api_reply(r, 201, json_pack("{s:I, s:s, s:I, s:s, s:I}", "id", (json_int_t)g->id,
					   "role", g->role, "org_id", (json_int_t)g->org_id,
					   "org_name", g->org_name, "user_id",
					   (json_int_t)g->user_id));
}

int api_users_grant(struct req *r)
{
	if (validate_body(r, grant_fields, 2, false))
		return -1;
	struct store_user u;
	struct store_role *roles;
	int n;
	if (load_visible(r, r->rdb, r->ids[0], &u, &roles, &n, &r->err))
		return -1;
	struct store_org org;
	struct err e = {0};
	int64_t org_id = body_int(r, "org_id", 0);
	/* An organisation outside the caller's scope is as unknown as a missing one. */
	if (store_org_get(r->rdb, org_id, &r->arena, &org, &e) ||
	    !scope_has_role_at(&r->auth.who, ROLE_BIT(ROLE_ADMIN), org.path))
		return ref_not_found(r, &e, "org_id", "no such organisation");
	struct store_role *g = arena_alloc(&r->arena, sizeof *g);
	g->user_id = u.id;
	g->role = body_str(r, "role");
	g->org_id = org_id;
	return api_write(r, grant_write, g);
}

static int revoke_write(struct db *db, struct req *r, struct err *e)
{
	struct store_role *g = r->write_arg;
	if (store_role_delete(db, r->ids[1], e) || store_sessions_end_user(db, r->ids[0], e))
		return -1;
	if (admin_log(db, r, "role_revoke",
		      json_pack("{s:I, s:s, s:I}", "user_id", (json_int_t)g->user_id, "role",
				g->role, "org_id", (json_int_t)g->org_id),
		      e))
		return -1;
	return 204;
}

int api_users_revoke(struct req *r)
{
	struct store_role *g = arena_alloc(&r->arena, sizeof *g);
	if (store_role_get(r->rdb, r->ids[1], &r->arena, g, &r->err))
		return -1;
	if (g->user_id != r->ids[0] ||
	    !scope_has_role_at(&r->auth.who, ROLE_BIT(ROLE_ADMIN), g->org_path))
		return err_not_found(&r->err, "role");
	return api_write(r, revoke_write, g);
}
