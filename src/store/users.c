/* users: SQL of users and role grants (see users.h). */
#include "store/users.h"
#include "store/rows.h"
#include "util/clock.h"

#include <string.h>

#define USER_COLS "id, username, display_name, password_hash, disabled, created_at, updated_at, version"
#define ROLE_COLS "r.id, r.user_id, r.role, r.org_id, o.path, o.name, r.created_at"

static struct db_query q_get = DB_QUERY("SELECT " USER_COLS " FROM users WHERE id = ?1");
static struct db_query q_by_name = DB_QUERY("SELECT " USER_COLS " FROM users WHERE username = ?1");
static struct db_query q_list = DB_QUERY(
	"SELECT " USER_COLS " FROM users WHERE (id < ?1 OR ?1 IS NULL) ORDER BY id DESC LIMIT ?2");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO users (username, display_name, password_hash, disabled, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id");
static struct db_query q_update = DB_QUERY(
	"UPDATE users SET display_name = ?2, disabled = ?3, password_hash = ?4, updated_at = ?5,"
	" version = version + 1 WHERE id = ?1 AND version = ?6");
static struct db_query q_roles = DB_QUERY(
	"SELECT " ROLE_COLS " FROM user_roles r JOIN orgs o ON o.id = r.org_id"
	" WHERE r.user_id = ?1 ORDER BY r.id");
static struct db_query q_role_get = DB_QUERY(
	"SELECT " ROLE_COLS " FROM user_roles r JOIN orgs o ON o.id = r.org_id WHERE r.id = ?1");
static struct db_query q_role_find = DB_QUERY(
	"SELECT " ROLE_COLS " FROM user_roles r JOIN orgs o ON o.id = r.org_id"
	" WHERE r.user_id = ?1 AND r.role = ?2 AND r.org_id = ?3");
static struct db_query q_role_insert = DB_QUERY(
	"INSERT INTO user_roles (user_id, role, org_id, created_at) VALUES (?1, ?2, ?3, ?4)"
	" RETURNING id");
static struct db_query q_role_delete = DB_QUERY("DELETE FROM user_roles WHERE id = ?1");

static void read_user(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_user *u = item;
	u->id = db_col_int64(st, 0);
	u->username = arena_strdup(a, db_col_text(st, 1));
	u->display_name = arena_strdup(a, db_col_text(st, 2));
	u->password_hash = arena_strdup(a, db_col_text(st, 3));
	u->disabled = db_col_int64(st, 4) != 0;
	u->created_at = arena_strdup(a, db_col_text(st, 5));
	u->updated_at = arena_strdup(a, db_col_text(st, 6));
	u->version = db_col_int64(st, 7);
}

static void read_role(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_role *r = item;
	r->id = db_col_int64(st, 0);
	r->user_id = db_col_int64(st, 1);
	r->role = arena_strdup(a, db_col_text(st, 2));
	r->org_id = db_col_int64(st, 3);
	r->org_path = arena_strdup(a, db_col_text(st, 4));
	r->org_name = arena_strdup(a, db_col_text(st, 5));
	r->created_at = arena_strdup(a, db_col_text(st, 6));
}

static int one_user(struct db_stmt *st, struct arena *a, struct store_user *u, struct err *e)
{
	return rows_one(st, read_user, a, u, "user", e);
}

int store_user_get(struct db *db, int64_t id, struct arena *a, struct store_user *u,
		   struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return one_user(st, a, u, e);
}

int store_user_by_name(struct db *db, const char *username, struct arena *a,
		       struct store_user *u, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_by_name, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, username);
	return one_user(st, a, u, e);
}

int store_user_list(struct db *db, int64_t after, int64_t limit, struct arena *a,
		    struct store_user **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_list, e);
	if (!st)
		return -1;
	db_bind_id(st, 1, after);
	db_bind_int64(st, 2, limit);
	struct store_user *items = arena_alloc(a, sizeof *items * (size_t)limit);
	int count = 0, rc;
	while (count < limit && (rc = db_step(st)) == DB_ROW)
		read_user(st, a, &items[count++]);
	db_reset(st);
	*out = items;
	*n = count;
	return 0;
}

int store_user_insert(struct db *db, struct store_user *u, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->display_name);
	db_bind_text(st, 3, u->password_hash);
	db_bind_int64(st, 4, u->disabled);
	db_bind_text(st, 5, now);
	int rc = rows_step_id(st, &u->id);
	if (rc == DB_CONSTRAINT)
		return err_set(e, 409, "username_taken", "username", "the username is taken");
	if (rc != DB_ROW)
		return err_internal(e, "database error");
	u->version = 1;
	return 0;
}

int store_user_update(struct db *db, const struct store_user *u, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, u->id);
	db_bind_text(st, 2, u->display_name);
	db_bind_int64(st, 3, u->disabled);
	db_bind_text(st, 4, u->password_hash);
	db_bind_text(st, 5, now);
	db_bind_int64(st, 6, u->version);
	return rows_run_versioned(db, st, "user", e);
}

int store_roles_of(struct db *db, int64_t user_id, struct arena *a, struct store_role **out,
		   int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_roles, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	int cap = 8, count = 0, rc;
	struct store_role *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			struct store_role *more = arena_alloc(a, sizeof *more * (size_t)cap * 2);
			memcpy(more, items, sizeof *items * (size_t)cap);
			items = more;
			cap *= 2;
		}
		read_role(st, a, &items[count++]);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}

static int one_role(struct db_stmt *st, struct arena *a, struct store_role *r, struct err *e)
{
	return rows_one(st, read_role, a, r, "role", e);
}

int store_role_get(struct db *db, int64_t id, struct arena *a, struct store_role *r,
		   struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_role_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return one_role(st, a, r, e);
}

int store_role_find(struct db *db, int64_t user_id, const char *role, int64_t org_id,
		    struct arena *a, struct store_role *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_role_find, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, role);
	db_bind_int64(st, 3, org_id);
	return one_role(st, a, r, e);
}

int store_role_insert(struct db *db, struct store_role *r, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_role_insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, r->user_id);
	db_bind_text(st, 2, r->role);
	db_bind_int64(st, 3, r->org_id);
	db_bind_text(st, 4, now);
	int rc = rows_step_id(st, &r->id);
	if (rc == DB_CONSTRAINT)
		return err_set(e, 409, "already_granted", "role", "the user already has this role here");
	return rc == DB_ROW ? 0 : err_internal(e, "database error");
}

int store_role_delete(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_role_delete, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return db_run(st, e, db);
}
