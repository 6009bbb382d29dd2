/* resources: SQL of the resource list and commitments (see resources.h). */
#include "store/resources.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <stddef.h>
#include <string.h>

#define RES_COLS                                                                              \
	"r.id, r.version, r.title, r.description, r.kind, r.category, r.org_id, r.org_path,"  \
	" o.name, r.quantity, r.committed, r.unit, r.available_from, r.available_to,"         \
	" r.weekly_hours, r.place, r.status, r.created_by, r.created_at, r.updated_at,"       \
	" r.event_count"
#define FROM_RES " FROM resources r JOIN orgs o ON o.id = r.org_id"

static struct db_query q_get = DB_QUERY("SELECT " RES_COLS FROM_RES " WHERE r.id = ?1");
static struct db_query q_alliances = DB_QUERY(
	"SELECT a.id, a.path FROM resource_alliances x JOIN orgs a ON a.id = x.alliance_id"
	" WHERE x.resource_id = ?1 ORDER BY a.id");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO resources (title, description, kind, category, org_id, org_path, quantity,"
	" unit, committed, available_from, available_to, weekly_hours, place, status,"
	" created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	" " STORE_ORG_PATH_OF("?5", "?6") ", ?7, ?8, ?9, ?10,"
	" ?11, ?12, ?13, ?14, ?15, ?16, ?16) RETURNING id");
static struct db_query q_update = DB_QUERY(
	"UPDATE resources SET title = ?2, description = ?3, kind = ?4, category = ?5,"
	" quantity = ?6, unit = ?7, committed = ?8, available_from = ?9, available_to = ?10,"
	" weekly_hours = ?11, place = ?12, status = ?13, updated_at = ?14, version = version + 1"
	" WHERE id = ?1 AND version = ?15");
static struct db_query q_alliances_clear = DB_QUERY(
	"DELETE FROM resource_alliances WHERE resource_id = ?1");
static struct db_query q_alliance_add = DB_QUERY(
	"INSERT INTO resource_alliances (resource_id, alliance_id) VALUES (?1, ?2)");
static struct db_query q_usable = DB_QUERY(
	"SELECT " RES_COLS FROM_RES " WHERE r.status = 'active' AND r.committed < r.quantity"
	" AND (r.available_to IS NULL OR r.available_to >= ?1) ORDER BY r.id LIMIT ?2");
static struct db_query q_events = DB_QUERY(
	"SELECT e.seq, e.type, e.actor_kind, e.actor_id, e.public, e.data, e.created_at,"
	" u.display_name FROM resource_events e LEFT JOIN users u ON u.id = e.actor_id"
	" WHERE e.resource_id = ?1 ORDER BY e.seq");
static struct db_query q_commit = DB_QUERY(
	"INSERT INTO commitments (resource_id, need_id, org_id, quantity, note, committed_by,"
	" committed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
static struct db_query q_commitments = DB_QUERY(
	"SELECT c.id, c.resource_id, c.need_id, c.org_id, c.quantity, c.committed_by, c.note,"
	" c.committed_at, o.name, r.title, r.unit, n.title FROM commitments c"
	" JOIN orgs o ON o.id = c.org_id JOIN resources r ON r.id = c.resource_id"
	" JOIN needs n ON n.id = c.need_id"
	" WHERE (c.need_id = ?1 OR ?1 IS NULL) AND (c.resource_id = ?2 OR ?2 IS NULL)"
	" ORDER BY c.id");

static void read_resource(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_resource *o = item;
	memset(o, 0, sizeof *o);
	int i = 0;
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->title = rows_text(st, i++, a);
	o->description = rows_text(st, i++, a);
	o->kind = rows_text(st, i++, a);
	o->category = rows_text(st, i++, a);
	o->org_id = db_col_int64(st, i++);
	o->org_path = rows_text(st, i++, a);
	o->org_name = rows_text(st, i++, a);
	o->quantity = db_col_int64(st, i++);
	o->committed = db_col_int64(st, i++);
	o->unit = rows_text(st, i++, a);
	o->available_from = rows_text(st, i++, a);
	o->available_to = rows_text(st, i++, a);
	o->weekly_hours = rows_text(st, i++, a);
	o->place = rows_text(st, i++, a);
	o->status = rows_text(st, i++, a);
	o->created_by = db_col_int64(st, i++);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
	o->event_count = db_col_int64(st, i++);
}

static int load_alliances(struct db *db, struct store_resource *o, struct arena *a,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_alliances, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	int rc;
	o->n_alliances = 0;
	while ((rc = db_step(st)) == DB_ROW && o->n_alliances < RESOURCE_MAX_ALLIANCES) {
		o->alliance_ids[o->n_alliances] = db_col_int64(st, 0);
		o->alliance_paths[o->n_alliances++] = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? err_internal(e, "database error") : 0;
}

int store_resource_get(struct db *db, int64_t id, struct arena *a, struct store_resource *o,
		       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	if (rows_one(st, read_resource, a, o, "resource", e))
		return -1;
	return load_alliances(db, o, a, e);
}

static int set_alliances(struct db *db, const struct store_resource *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_alliances_clear, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	if (db_run(st, e, db))
		return -1;
	for (int i = 0; i < o->n_alliances; i++) {
		st = db_prepare(db, &q_alliance_add, e);
		if (!st)
			return -1;
		db_bind_int64(st, 1, o->id);
		db_bind_int64(st, 2, o->alliance_ids[i]);
		if (db_run(st, e, db))
			return -1;
	}
	return 0;
}

int store_resource_insert(struct db *db, struct store_resource *o, const char *now,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, o->title);
	db_bind_text(st, 2, o->description ? o->description : "");
	db_bind_text(st, 3, o->kind);
	db_bind_text(st, 4, o->category);
	db_bind_int64(st, 5, o->org_id);
	db_bind_text(st, 6, o->org_path);
	db_bind_int64(st, 7, o->quantity);
	db_bind_text(st, 8, o->unit);
	db_bind_int64(st, 9, o->committed);
	db_bind_text(st, 10, o->available_from);
	db_bind_text(st, 11, o->available_to);
	db_bind_text(st, 12, o->weekly_hours ? o->weekly_hours : "");
	db_bind_text(st, 13, o->place ? o->place : "");
	db_bind_text(st, 14, o->status);
	db_bind_id(st, 15, o->created_by);
	db_bind_text(st, 16, now);
	int rc = rows_step_id(st, &o->id);
	if (rc != DB_ROW)
		return rc == DB_CONSTRAINT ? err_invalid(e, NULL, "the resource is not valid")
					   : rows_db_error(db, e);
	o->version = 1;
	o->created_at = o->updated_at = now;
	return set_alliances(db, o, e);
}

int store_resource_update(struct db *db, struct store_resource *o, const char *now,
			  struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->title);
	db_bind_text(st, 3, o->description ? o->description : "");
	db_bind_text(st, 4, o->kind);
	db_bind_text(st, 5, o->category);
	db_bind_int64(st, 6, o->quantity);
	db_bind_text(st, 7, o->unit);
	db_bind_int64(st, 8, o->committed);
	db_bind_text(st, 9, o->available_from);
	db_bind_text(st, 10, o->available_to);
	db_bind_text(st, 11, o->weekly_hours ? o->weekly_hours : "");
	db_bind_text(st, 12, o->place ? o->place : "");
	db_bind_text(st, 13, o->status);
	db_bind_text(st, 14, now);
	db_bind_int64(st, 15, o->version);
	if (rows_run_versioned(db, st, "resource", e))
		return -1;
	o->version++;
	o->updated_at = now;
	return set_alliances(db, o, e);
}

/* Reads a page (see rows_page) and the alliances of each resource on it. */
static int read_rows(struct db *db, struct db_stmt *st, int64_t limit, struct arena *a,
		     struct store_resource **out, int *n, int64_t *next, struct err *e)
{
	*out = rows_page(st, limit, sizeof **out, offsetof(struct store_resource, id),
			 read_resource, a, n, next, e);
	if (!*out)
		return -1;
	for (int i = 0; i < *n; i++)
		if (load_alliances(db, &(*out)[i], a, e))
			return -1;
	return 0;
}

int store_resource_list(struct db *db, const struct resource_filter *f, struct arena *a,
			struct store_resource **out, int *n, int64_t *next, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT " RES_COLS FROM_RES " WHERE 1 = 1");
	if (f->kind)
		store_sql_text(c, " AND r.kind = ?", f->kind);
	if (f->category)
		store_sql_text(c, " AND r.category = ?", f->category);
	if (f->status)
		store_sql_text(c, " AND r.status = ?", f->status);
	if (f->org_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "r.org_path", f->org_path, a);
	}
	if (f->alliance_id)
		store_sql_int(c, " AND EXISTS (SELECT 1 FROM resource_alliances x"
				 " WHERE x.resource_id = r.id AND x.alliance_id = ?)",
			      f->alliance_id);
	if (f->usable_on)
		store_sql_text(c, " AND r.status = 'active' AND r.committed < r.quantity"
				  " AND (r.available_to IS NULL OR r.available_to >= ?)",
			       f->usable_on);
	if (f->q) {
		store_sql_text(c, " AND (instr(r.title, ?) > 0", f->q);
		store_sql_text(c, " OR instr(r.description, ?) > 0)", f->q);
	}
	if (f->after)
		store_sql_int(c, " AND r.id < ?", f->after);
	store_sql_int(c, " ORDER BY r.id DESC LIMIT ?", f->limit + 1);
	if (f->count)
		return store_sql_count(db, c, f->count, e);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	int rc = read_rows(db, st, f->limit, a, out, n, next, e);
	db_finalize(st);
	return rc;
}

int store_resource_usable(struct db *db, const char *today, int max, struct arena *a,
			  struct store_resource **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_usable, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, today);
	db_bind_int64(st, 2, max);
	return read_rows(db, st, max, a, out, n, NULL, e);
}

int store_resource_events(struct db *db, int64_t id, struct arena *a, struct store_event **out,
			  int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_events, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_events(st, a, out, n, e);
}

int store_commitment_insert(struct db *db, struct store_commitment *c, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_commit, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, c->resource_id);
	db_bind_int64(st, 2, c->need_id);
	db_bind_int64(st, 3, c->org_id);
	db_bind_int64(st, 4, c->quantity);
	db_bind_text(st, 5, c->note ? c->note : "");
	db_bind_id(st, 6, c->committed_by);
	db_bind_text(st, 7, c->committed_at);
	return rows_step_id(st, &c->id) == DB_ROW ? 0 : rows_db_error(db, e);
}

int store_commitments(struct db *db, int64_t need_id, int64_t resource_id, struct arena *a,
		      struct store_commitment **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_commitments, e);
	if (!st)
		return -1;
	db_bind_id(st, 1, need_id);
	db_bind_id(st, 2, resource_id);
	int cap = 8, count = 0, rc;
	struct store_commitment *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		struct store_commitment *c = &items[count++];
		c->id = db_col_int64(st, 0);
		c->resource_id = db_col_int64(st, 1);
		c->need_id = db_col_int64(st, 2);
		c->org_id = db_col_int64(st, 3);
		c->quantity = db_col_int64(st, 4);
		c->committed_by = db_col_int64(st, 5);
		c->note = rows_text(st, 6, a);
		c->committed_at = rows_text(st, 7, a);
		c->org_name = rows_text(st, 8, a);
		c->resource_title = rows_text(st, 9, a);
		c->unit = rows_text(st, 10, a);
		c->need_title = rows_text(st, 11, a);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}
