/* activities: SQL of activities and their counts (see activities.h). */
#include "store/activities.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <stddef.h>
#include <string.h>

#define ACT_COLS                                                                              \
	"t.id, t.version, t.kind, t.title, t.description, t.org_id, t.org_path, o.name,"      \
	" t.held_on, t.place, t.project_id, t.participants, t.audience, t.created_by,"        \
	" t.created_at, t.updated_at"
#define FROM_ACT " FROM activities t JOIN orgs o ON o.id = t.org_id"

static struct db_query q_get = DB_QUERY("SELECT " ACT_COLS FROM_ACT " WHERE t.id = ?1");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO activities (kind, title, description, org_id, org_path, held_on, place,"
	" project_id, participants, audience, created_by, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, " STORE_ORG_PATH_OF("?4", "?5") ", ?6, ?7, ?8, ?9, ?10, ?11,"
	" ?12, ?12) RETURNING id");
static struct db_query q_update = DB_QUERY(
	"UPDATE activities SET kind = ?2, title = ?3, description = ?4, org_id = ?5,"
	" org_path = " STORE_ORG_PATH_OF("?5", "?6") ", held_on = ?7, place = ?8,"
	" project_id = ?9, participants = ?10,"
	" audience = ?11, updated_at = ?12, version = version + 1"
	" WHERE id = ?1 AND version = ?13");
static struct db_query q_counts = DB_QUERY(
	"SELECT kind, COUNT(*), SUM(participants), SUM(audience) FROM activities"
	" WHERE org_path >= ?1 AND org_path < ?2 AND (held_on >= ?3 OR ?3 IS NULL)"
	" AND (held_on <= ?4 OR ?4 IS NULL) GROUP BY kind ORDER BY kind");

static void read_activity(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_activity *o = item;
	memset(o, 0, sizeof *o);
	int i = 0;
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->kind = rows_text(st, i++, a);
	o->title = rows_text(st, i++, a);
	o->description = rows_text(st, i++, a);
	o->org_id = db_col_int64(st, i++);
	o->org_path = rows_text(st, i++, a);
	o->org_name = rows_text(st, i++, a);
	o->held_on = rows_text(st, i++, a);
	o->place = rows_text(st, i++, a);
	o->project_id = db_col_int64(st, i++);
	o->participants = db_col_int64(st, i++);
	o->audience = db_col_int64(st, i++);
	o->created_by = db_col_int64(st, i++);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
}

int store_activity_get(struct db *db, int64_t id, struct arena *a, struct store_activity *o,
		       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_one(st, read_activity, a, o, "activity", e);
}

int store_activity_insert(struct db *db, struct store_activity *o, const char *now,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, o->kind);
	db_bind_text(st, 2, o->title);
	db_bind_text(st, 3, o->description ? o->description : "");
	db_bind_int64(st, 4, o->org_id);
	db_bind_text(st, 5, o->org_path);
	db_bind_text(st, 6, o->held_on);
	db_bind_text(st, 7, o->place ? o->place : "");
	db_bind_id(st, 8, o->project_id);
	db_bind_int64(st, 9, o->participants);
	db_bind_int64(st, 10, o->audience);
	db_bind_id(st, 11, o->created_by);
	db_bind_text(st, 12, now);
	if (rows_step_id(st, &o->id) != DB_ROW)
		return rows_db_error(db, e);
	o->version = 1;
	o->created_at = o->updated_at = now;
	return 0;
}

int store_activity_update(struct db *db, struct store_activity *o, const char *now,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->kind);
	db_bind_text(st, 3, o->title);
	db_bind_text(st, 4, o->description ? o->description : "");
	db_bind_int64(st, 5, o->org_id);
	db_bind_text(st, 6, o->org_path);
	db_bind_text(st, 7, o->held_on);
	db_bind_text(st, 8, o->place ? o->place : "");
	db_bind_id(st, 9, o->project_id);
	db_bind_int64(st, 10, o->participants);
	db_bind_int64(st, 11, o->audience);
	db_bind_text(st, 12, now);
	db_bind_int64(st, 13, o->version);
	if (rows_run_versioned(db, st, "activity", e))
		return -1;
	o->version++;
	o->updated_at = now;
	return 0;
}

int store_activity_list(struct db *db, const struct activity_filter *f, struct arena *a,
			struct store_activity **out, int *n, int64_t *next, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT " ACT_COLS FROM_ACT " WHERE 1 = 1");
	if (f->kind)
		store_sql_text(c, " AND t.kind = ?", f->kind);
	if (f->org_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "t.org_path", f->org_path, a);
	}
	if (f->project_id)
		store_sql_int(c, " AND t.project_id = ?", f->project_id);
	if (f->from)
		store_sql_text(c, " AND t.held_on >= ?", f->from);
	if (f->to)
		store_sql_text(c, " AND t.held_on <= ?", f->to);
	if (f->after)
		store_sql_int(c, " AND t.id < ?", f->after);
	store_sql_int(c, " ORDER BY t.id DESC LIMIT ?", f->limit + 1);
	if (f->count)
		return store_sql_count(db, c, f->count, e);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	*out = rows_page(st, f->limit, sizeof **out, offsetof(struct store_activity, id),
			 read_activity, a, n, next, e);
	db_finalize(st);
	return *out ? 0 : -1;
}

int store_activity_counts(struct db *db, const char *path, const char *from, const char *to,
			  struct arena *a, struct store_activity_count **out, int *n,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_counts, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, path);
	db_bind_text(st, 2, rows_path_bound(a, path));
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	int cap = 8, count = 0, rc;
	struct store_activity_count *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		items[count].kind = arena_strdup(a, db_col_text(st, 0));
		items[count].held = db_col_int64(st, 1);
		items[count].participants = db_col_int64(st, 2);
		items[count++].audience = db_col_int64(st, 3);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}
