/* users: accounts and their role grants, managed by admins within their subtree.
 * An admin sees a user who holds a role inside the admin's subtree, or who holds no role
 * yet (so a new account can be given one), and is shown only the roles inside that subtree;
 * everyone sees themselves with all their roles. Changing an account (password, display
 * name, disabled flag, roles) needs an admin whose subtree holds EVERY role of the account:
 * otherwise an admin of one community could take over a district admin who also works
 * there. Roles are granted and revoked only at nodes of the caller's admin subtree. */
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

/* A user as the caller sees them: the record, the roles the caller may see, and what the
 * caller may do. */
struct user_view {
	struct store_user u;
	struct store_role *roles; /* every role for oneself; else those in the admin's subtree */
	int n_roles;
	bool self;
	bool managed; /* the caller administers every role the user holds */
};

/* True when the caller's admin subtree holds the node of role g. */
static bool in_admin_scope(const struct principal *who, const struct store_role *g)
{
	return scope_has_role_at(who, ROLE_BIT(ROLE_ADMIN), g->org_path);
}

/* Fills v->roles, v->n_roles and v->managed from all n roles the user holds. An admin sees a
 * user who holds a role in the admin's subtree (only those roles are shown) or no role at
 * all, and manages them only when every role lies in that subtree: a role elsewhere (above
 * or beside) belongs to another admin, who alone may change that account. Returns whether
 * the caller may see the user. */
static bool user_scope(struct req *r, struct user_view *v, struct store_role *roles, int n)
{
	const struct principal *who = &r->auth.who;
	bool admin = scope_has_role(who, ROLE_BIT(ROLE_ADMIN));
	struct store_role *shown =
	    v->self ? roles : arena_alloc(&r->arena, sizeof *shown * (n + 1));
	int inside = 0;
	for (int i = 0; i < n; i++) {
		if (!admin || !in_admin_scope(who, &roles[i]))
			continue;
		if (!v->self)
			shown[inside] = roles[i];
		inside++;
	}
	v->managed = admin && inside == n;
	v->roles = shown;
	v->n_roles = v->self ? n : inside;
	return v->self || v->managed || inside > 0;
}

/* Loads user `id` as the caller sees them into *v; 404 when the caller may not see them. */
static int load_user(struct req *r, struct db *db, int64_t id, struct user_view *v, struct err *e)
{
	struct store_role *roles;
	int n;
	if (store_user_get(db, id, &r->arena, &v->u, e) ||
	    store_roles_of(db, id, &r->arena, &roles, &n, e))
		return -1;
	v->self = id == r->auth.user_id;
	if (!user_scope(r, v, roles, n))
		return err_not_found(e, "user");
	return 0;
}

/* 0 when the caller manages the user of *v; else 403. */
static int managed_or_fail(const struct user_view *v, struct err *e)
{
	if (v->managed)
		return 0;
	return err_forbidden(
	    e, "该用户在您管辖范围之外还有角色，只有管辖其全部角色的管理员才能修改此账号");
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
			struct user_view v = {.u = batch[i],
			                      .self = batch[i].id == r->auth.user_id};
			struct store_role *roles;
			int nr;
			if (store_roles_of(r->rdb, batch[i].id, &r->arena, &roles, &nr, &r->err))
				return -1;
			if (user_scope(r, &v, roles, nr))
				json_array_append_new(items, render_user(&v.u, v.roles, v.n_roles));
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
	struct user_view v;
	if (load_user(r, r->rdb, r->ids[0], &v, &r->err))
		return -1;
	return api_reply(r, 200, render_user(&v.u, v.roles, v.n_roles));
}

static const struct vfield update_fields[] = {
    {"display_name", V_STRING, 0, 1, 100}, {"disabled", V_BOOL, 0, 0, 0},
    {"password", V_STRING, 0, 8, 256},     {"current_password", V_STRING, 0, 1, 256},
    {"version", V_INT, 0, 1, INT32_MAX},
};

struct user_change {
	const char *display_name;
	const char *password_hash; /* new hash, or NULL */
	int disabled;              /* -1: unchanged */
	int64_t version;           /* 0: no check */
};

/* Whether the change needs the caller to manage the user: anything done to another
 * account, and the disabled flag of one's own. */
static bool change_needs_manager(const struct user_view *v, const struct user_change *ch)
{
	return !v->self || ch->disabled >= 0;
}

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct user_change *ch = r->write_arg;
	struct user_view v;
	/* Checked again in the writer: a role granted elsewhere since the request was read
	 * takes the account out of the caller's hands. */
	if (load_user(r, db, r->ids[0], &v, e) ||
	    (change_needs_manager(&v, ch) && managed_or_fail(&v, e)))
		return -1;
	struct store_user u = v.u;
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
	return api_reply(r, 200, render_user(&u, v.roles, v.n_roles));
}

int api_users_update(struct req *r)
{
	if (validate_body(r, update_fields, 5, true))
		return -1;
	struct user_view v;
	if (load_user(r, r->rdb, r->ids[0], &v, &r->err))
		return -1;
	struct user_change *ch = arena_alloc(&r->arena, sizeof *ch);
	ch->display_name = body_str(r, "display_name");
	ch->disabled = body_has(r, "disabled") ? body_bool(r, "disabled", false) : -1;
	ch->version = body_int(r, "version", 0);
	/* Oneself: the display name and (with the current one) the password. Anything else,
	 * and any change to another account, needs an admin of every role the account holds. */
	if (change_needs_manager(&v, ch) && managed_or_fail(&v, &r->err))
		return -1;
	if (ch->disabled == 1 && v.self)
		return err_set(&r->err, 409, "self_disable", "disabled",
		               "you cannot disable your own account");
	const char *password = body_str(r, "password");
	if (password) {
		/* Changing one's own password needs the current one, even for an admin. */
		if (v.self) {
			const char *current = body_str(r, "current_password");
			if (!current)
				return err_invalid(&r->err, "current_password",
				                   "current_password is required");
			if (!secret_password_ok(v.u.password_hash, current))
				return err_set(&r->err, 403, "bad_credentials", "current_password",
				               "the current password is wrong");
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

/* The caller may grant or revoke a role at `path`: an admin at or above that node, so
 * never a role above or beside their own grant. Granting admin at the node of one's own
 * admin grant is allowed: it makes a peer, whom the granter manages and who manages them. */
static bool may_grant_at(const struct req *r, const char *path)
{
	return scope_has_role_at(&r->auth.who, ROLE_BIT(ROLE_ADMIN), path);
}

/* Loads user r->ids[0] in the writer and checks again that the caller manages them: a role
 * granted elsewhere since the request was read takes the account out of their hands. */
static int managed_in_writer(struct db *db, struct req *r, struct err *e)
{
	struct user_view v;
	return load_user(r, db, r->ids[0], &v, e) || managed_or_fail(&v, e) ? -1 : 0;
}

static int grant_write(struct db *db, struct req *r, struct err *e)
{
	struct store_role *g = r->write_arg;
	if (managed_in_writer(db, r, e))
		return -1;
	if (store_role_insert(db, g, e) || store_role_get(db, g->id, &r->arena, g, e))
		return -1;
	if (admin_log(db, r, "role_grant",
	              json_pack("{s:I, s:s, s:I}", "user_id", (json_int_t)g->user_id, "role",
	                        g->role, "org_id", (json_int_t)g->org_id),
	              e))
		return -1;
	return api_reply(r, 201,
	                 json_pack("{s:I, s:s, s:I, s:s, s:I}", "id", (json_int_t)g->id, "role",
	                           g->role, "org_id", (json_int_t)g->org_id, "org_name",
	                           g->org_name, "user_id", (json_int_t)g->user_id));
}

int api_users_grant(struct req *r)
{
	if (validate_body(r, grant_fields, 2, false))
		return -1;
	struct user_view v;
	if (load_user(r, r->rdb, r->ids[0], &v, &r->err) || managed_or_fail(&v, &r->err))
		return -1;
	struct store_org org;
	int64_t org_id = body_int(r, "org_id", 0);
	if (ref_org(r, org_id, "org_id", NULL, &org))
		return -1;
	/* The tree is public: an organisation outside the caller's subtree is seen, and
	 * refused. */
	if (!may_grant_at(r, org.path))
		return err_set(&r->err, 403, "forbidden", "org_id",
		               "只能在您管理的组织及其下级授予角色");
	struct store_role *g = arena_alloc(&r->arena, sizeof *g);
	g->user_id = v.u.id;
	g->role = body_str(r, "role");
	g->org_id = org_id;
	return api_write(r, grant_write, g);
}

static int revoke_write(struct db *db, struct req *r, struct err *e)
{
	struct store_role *g = r->write_arg;
	if (managed_in_writer(db, r, e))
		return -1;
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
	struct user_view v;
	if (load_user(r, r->rdb, r->ids[0], &v, &r->err))
		return -1;
	/* A role outside the caller's subtree is not among the roles they are shown. */
	struct store_role *g = arena_alloc(&r->arena, sizeof *g);
	if (store_role_get(r->rdb, r->ids[1], &r->arena, g, &r->err))
		return -1;
	if (g->user_id != v.u.id || !may_grant_at(r, g->org_path))
		return err_not_found(&r->err, "role");
	/* Revoking is changing the account: an in-scope role of a user who also holds roles
	 * elsewhere is left to the admin who manages them all. */
	if (managed_or_fail(&v, &r->err))
		return -1;
	return api_write(r, revoke_write, g);
}
