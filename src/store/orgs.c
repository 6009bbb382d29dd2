/* orgs: SQL of the organisation tree (see orgs.h). Subtrees are path ranges:
 * path >= P AND path < bound(P), which both SQLite and PostgreSQL answer from an index. */
#include "store/orgs.h"
#include "store/rows.h"
#include "util/clock.h"
#include "util/xalloc.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#define ORG_COLS                                                                              \
	"o.id, o.parent_id, o.kind, o.unit_type, o.name, o.description, o.address,"           \
	" o.contact_name, o.contact_phone, o.path, o.created_at, o.updated_at, o.version"

static struct db_query q_get = DB_QUERY("SELECT " ORG_COLS " FROM orgs o WHERE o.id = ?1");
static struct db_query q_list = DB_QUERY(
	"SELECT " ORG_COLS " FROM orgs o"
	" WHERE (o.parent_id = ?1 OR ?1 IS NULL) AND (o.kind = ?2 OR ?2 IS NULL)"
	" AND (instr(o.name, ?3) > 0 OR ?3 IS NULL) AND (o.id < ?4 OR ?4 IS NULL)"
	" ORDER BY o.id DESC LIMIT ?5");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO orgs (parent_id, kind, unit_type, name, description, address, contact_name,"
	" contact_phone, path, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id");
static struct db_query q_set_path = DB_QUERY("UPDATE orgs SET path = ?2 WHERE id = ?1");
static struct db_query q_update = DB_QUERY(
	"UPDATE orgs SET parent_id = ?2, unit_type = ?3, name = ?4, description = ?5,"
	" address = ?6, contact_name = ?7, contact_phone = ?8, updated_at = ?9,"
	" version = version + 1 WHERE id = ?1 AND version = ?10");

/* Every stored copy of an organisation's path, orgs.path itself first: (table, path
 * column, the column naming the org whose path it is). A subtree's move rewrites each of
 * them in the move's transaction; tests/unit/test_tables.c fails when the schema has a
 * `path` or `*_path` column this list lacks. appeals.place_path is the district's path
 * when community_id is NULL (the root never moves). */
#define PATH_COPIES(X)                                                                             \
	X("orgs", "path", "id")                                                                    \
	X("appeals", "place_path", "community_id")                                                 \
	X("appeals", "lead_path", "lead_org_id")                                                   \
	X("appeal_assists", "org_path", "org_id")                                                  \
	X("needs", "place_path", "community_id")                                                   \
	X("need_units", "org_path", "org_id")                                                      \
	X("resources", "org_path", "org_id")                                                       \
	X("projects", "owner_path", "owner_org_id")                                                \
	X("project_units", "org_path", "org_id")                                                   \
	X("activities", "org_path", "org_id")                                                      \
	X("rooms", "community_path", "community_id")                                               \
	X("officials", "community_path", "community_id")

#define COPY_NAMES(table, column, id) {table, column, id},
const struct store_path_copy store_path_copies[] = {PATH_COPIES(COPY_NAMES)};
const int store_path_copies_n = (int)(sizeof store_path_copies / sizeof store_path_copies[0]);

/* ?1 the new prefix, [?2, ?3) the old subtree's range: answered from each column's index. */
#define COPY_MOVE(table, column, id)                                                          \
	DB_QUERY("UPDATE " table " SET " column " = ?1 || substr(" column ", length(?2) + 1)" \
		 " WHERE " column " >= ?2 AND " column " < ?3"),
static struct db_query q_moves[] = {PATH_COPIES(COPY_MOVE)};
static struct db_query q_member_add = DB_QUERY(
	"INSERT INTO org_members (alliance_id, unit_id, joined_on) VALUES (?1, ?2, ?3)");
static struct db_query q_member_list = DB_QUERY(
	"SELECT " ORG_COLS ", m.joined_on FROM org_members m JOIN orgs o ON o.id = m.unit_id"
	" WHERE m.alliance_id = ?1 AND (o.id < ?2 OR ?2 IS NULL) ORDER BY o.id DESC LIMIT ?3");
static struct db_query q_member_of = DB_QUERY(
	"SELECT " ORG_COLS ", m.joined_on FROM org_members m JOIN orgs o ON o.id = m.alliance_id"
	" WHERE m.unit_id = ?1 ORDER BY o.id");

static void read_org(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_org *o = item;
	o->id = db_col_int64(st, 0);
	o->parent_id = db_col_null(st, 1) ? 0 : db_col_int64(st, 1);
	o->kind = rows_text(st, 2, a);
	o->unit_type = rows_text(st, 3, a);
	o->name = rows_text(st, 4, a);
	o->description = rows_text(st, 5, a);
	o->address = rows_text(st, 6, a);
	o->contact_name = rows_text(st, 7, a);
	o->contact_phone = rows_text(st, 8, a);
	o->path = rows_text(st, 9, a);
	o->created_at = rows_text(st, 10, a);
	o->updated_at = rows_text(st, 11, a);
	o->version = db_col_int64(st, 12);
	o->joined_on = db_col_count(st) > 13 ? rows_text(st, 13, a) : NULL;
}

int store_org_get(struct db *db, int64_t id, struct arena *a, struct store_org *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_one(st, read_org, a, o, "organisation", e);
}

/* A page of orgs (see rows_page). */
static int read_page(struct db_stmt *st, int64_t limit, struct arena *a, struct store_org **out,
		     int *n, int64_t *next, struct err *e)
{
	*out = rows_page(st, limit, sizeof **out, offsetof(struct store_org, id), read_org, a, n,
			 next, e);
	return *out ? 0 : -1;
}

int store_org_list(struct db *db, const struct store_org_filter *f, struct arena *a,
		   struct store_org **out, int *n, int64_t *next, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_list, e);
	if (!st)
		return -1;
	db_bind_id(st, 1, f->parent_id);
	db_bind_text(st, 2, f->kind);
	db_bind_text(st, 3, f->q);
	db_bind_id(st, 4, f->after);
	db_bind_int64(st, 5, f->limit + 1);
	return read_page(st, f->limit, a, out, n, next, e);
}

int store_org_district(struct db *db, struct arena *a, struct store_org *o, struct err *e)
{
	struct store_org_filter f = {.kind = "district", .limit = 1};
	struct store_org *items;
	int n;
	int64_t next;
	if (store_org_list(db, &f, a, &items, &n, &next, e))
		return -1;
	if (!n)
		return 1;
	*o = items[n - 1];
	return 0;
}

int store_org_insert(struct db *db, struct store_org *o, const char *parent_path,
		     struct arena *a, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_id(st, 1, o->parent_id);
	db_bind_text(st, 2, o->kind);
	db_bind_text(st, 3, o->unit_type);
	db_bind_text(st, 4, o->name);
	db_bind_text(st, 5, o->description ? o->description : "");
	db_bind_text(st, 6, o->address ? o->address : "");
	db_bind_text(st, 7, o->contact_name ? o->contact_name : "");
	db_bind_text(st, 8, o->contact_phone ? o->contact_phone : "");
	/* A unique placeholder until the id is known. */
	char *placeholder = arena_printf(a, "?%p", (void *)o);
	db_bind_text(st, 9, placeholder);
	db_bind_text(st, 10, now);
	if (rows_step_id(st, &o->id) != DB_ROW)
		return err_internal(e, db_errmsg(db));
	char *path = arena_printf(a, "%s%lld/", parent_path ? parent_path : "/", (long long)o->id);
	st = db_prepare(db, &q_set_path, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, path);
	if (db_run(st, e, db))
		return -1;
	o->path = path;
	o->created_at = o->updated_at = arena_strdup(a, now);
	o->version = 1;
	return 0;
}

int store_org_update(struct db *db, const struct store_org *o, const char *old_path,
		     const char *new_path, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_id(st, 2, o->parent_id);
	db_bind_text(st, 3, o->unit_type);
	db_bind_text(st, 4, o->name);
	db_bind_text(st, 5, o->description);
	db_bind_text(st, 6, o->address);
	db_bind_text(st, 7, o->contact_name);
	db_bind_text(st, 8, o->contact_phone);
	db_bind_text(st, 9, now);
	db_bind_int64(st, 10, o->version);
	if (rows_run_versioned(db, st, "organisation", e))
		return -1;
	if (!strcmp(old_path, new_path))
		return 0;
	char bound[512];
	size_t n = strlen(old_path);
	if (n + 1 > sizeof bound)
		return err_internal(e, "path too long");
	memcpy(bound, old_path, n + 1);
	bound[n - 1] = (char)(bound[n - 1] + 1);
	/* A copy made from a read before this transaction cannot be written after it: the
	 * statements that store a copy take it from orgs (STORE_ORG_PATH_OF). */
	assert(sizeof q_moves / sizeof q_moves[0] == (size_t)store_path_copies_n);
	for (int i = 0; i < store_path_copies_n; i++) {
		st = db_prepare(db, &q_moves[i], e);
		if (!st)
			return -1;
		db_bind_text(st, 1, new_path);
		db_bind_text(st, 2, old_path);
		db_bind_text(st, 3, bound);
		if (db_run(st, e, db))
			return -1;
	}
	return 0;
}

int store_member_add(struct db *db, int64_t alliance_id, int64_t unit_id, const char *joined_on,
		     struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_member_add, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, alliance_id);
	db_bind_int64(st, 2, unit_id);
	db_bind_text(st, 3, joined_on);
	if (db_run(st, e, db))
		return e->status == 409
			       ? err_conflict(e, "already_member", "the unit is already a member")
			       : -1;
	return 0;
}

int store_member_list(struct db *db, int64_t alliance_id, int64_t after, int64_t limit,
		      struct arena *a, struct store_org **out, int *n, int64_t *next,
		      struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_member_list, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, alliance_id);
	db_bind_id(st, 2, after);
	db_bind_int64(st, 3, limit + 1);
	return read_page(st, limit, a, out, n, next, e);
}

int store_member_of(struct db *db, int64_t unit_id, struct arena *a, struct store_org **out,
		    int *n, struct err *e)
{
	int64_t next;
	struct db_stmt *st = db_prepare(db, &q_member_of, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, unit_id);
	return read_page(st, 200, a, out, n, &next, e);
}
