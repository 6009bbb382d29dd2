/* topics: the appeals 每月一题 groups and the pinned groups (see topics.h). */
#include "store/topics.h"
#include "store/rows.h"

static struct db_query q_pins =
    DB_QUERY("SELECT month, org_id, key, label, pinned_by, pinned_at FROM stat_topics"
             " WHERE month = ?1 AND org_id = ?2 ORDER BY key");
static struct db_query q_pin_put = DB_QUERY(
    "INSERT INTO stat_topics (month, org_id, key, label, pinned_by, pinned_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (month, org_id, key) DO UPDATE"
    " SET label = excluded.label, pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at");
static struct db_query q_pin_delete =
    DB_QUERY("DELETE FROM stat_topics WHERE month = ?1 AND org_id = ?2 AND key = ?3");

/* Every row of st into a growing arena array; NULL with e set on a database error. */
static void *read_all(struct db_stmt *st, size_t size, rows_read_fn read, struct arena *a, int *n,
                      struct err *e)
{
	char *items = NULL;
	int cap = 0, count = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, size, count, &cap);
		read(st, a, items + size * (size_t)count++);
	}
	db_reset(st);
	*n = count;
	if (rc < 0) {
		err_internal(e, "database error");
		return NULL;
	}
	return items ? items : arena_alloc(a, size);
}

static void read_appeal(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_topic_appeal *o = item;
	o->id = db_col_int64(st, 0);
	o->category = rows_text(st, 1, a);
	o->community_id = db_col_null(st, 2) ? 0 : db_col_int64(st, 2);
	o->title = rows_text(st, 3, a);
}

/* " AND (place within path OR lead within path)" */
static void placed_or_led(struct store_sql *c, const char *path, struct arena *a)
{
	store_sql_add(c, " OR ");
	store_sql_range(c, "a.place_path", path, a);
	store_sql_add(c, " OR ");
	store_sql_range(c, "a.lead_path", path, a);
}

int store_topic_appeals(struct db *db, const struct topic_filter *f, struct arena *a,
                        struct store_topic_appeal **out, int *n, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	/* The created_at index gives the period's rows; the rest is read from them. */
	store_sql_text(c,
	               "SELECT a.id, a.category, a.community_id, a.title FROM appeals a"
	               " WHERE a.created_at >= ?",
	               f->from);
	store_sql_text(c, " AND a.created_at < ?", f->to);
	if (!f->scope_all) {
		store_sql_add(c, " AND (0 = 1");
		for (int i = 0; i < f->n_scope; i++)
			placed_or_led(c, f->scope_paths[i], a);
		store_sql_add(c, ")");
	}
	if (f->org_path) {
		store_sql_add(c, " AND (0 = 1");
		placed_or_led(c, f->org_path, a);
		store_sql_add(c, ")");
	}
	if (f->unit_id)
		store_sql_int(c, " AND a.lead_org_id = ?", f->unit_id);
	if (f->community_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "a.place_path", f->community_path, a);
	}
	if (f->category)
		store_sql_text(c, " AND a.category = ?", f->category);
	if (f->channel)
		store_sql_text(c, " AND a.channel = ?", f->channel);
	if (f->tier)
		store_sql_text(c, " AND a.tier = ?", f->tier);
	store_sql_add(c, " ORDER BY a.id");
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	*out = read_all(st, sizeof **out, read_appeal, a, n, e);
	db_finalize(st);
	return *out ? 0 : -1;
}

static void read_pin(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_topic_pin *o = item;
	o->month = rows_text(st, 0, a);
	o->org_id = db_col_int64(st, 1);
	o->key = rows_text(st, 2, a);
	o->label = rows_text(st, 3, a);
	o->pinned_by = db_col_null(st, 4) ? 0 : db_col_int64(st, 4);
	o->pinned_at = rows_text(st, 5, a);
}

int store_topic_pins(struct db *db, const char *month, int64_t org_id, struct arena *a,
                     struct store_topic_pin **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_pins, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, month);
	db_bind_int64(st, 2, org_id);
	*out = read_all(st, sizeof **out, read_pin, a, n, e);
	return *out ? 0 : -1;
}

int store_topic_pin_put(struct db *db, const struct store_topic_pin *p, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_pin_put, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, p->month);
	db_bind_int64(st, 2, p->org_id);
	db_bind_text(st, 3, p->key);
	db_bind_text(st, 4, p->label);
	db_bind_id(st, 5, p->pinned_by);
	db_bind_text(st, 6, p->pinned_at);
	return db_run(st, e, db);
}

int store_topic_pin_delete(struct db *db, const char *month, int64_t org_id, const char *key,
                           struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_pin_delete, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, month);
	db_bind_int64(st, 2, org_id);
	db_bind_text(st, 3, key);
	return rows_run_found(db, st, "topic", e);
}
