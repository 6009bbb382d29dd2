/* tables: the data tables in foreign-key order and the generic row copy (see tables.h).
 * The only SQL composed here is made of the names in store_tables[] and of column names
 * the source database reports, each checked to be a plain identifier. */
#include "store/tables.h"
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

/* Derived from src/store/migrations/sqlite/: each table after every table it references. */
const struct store_table store_tables[] = {
    {"orgs", "id", "parent_id", TABLE_IDENTITY},
    {"org_members", "alliance_id, unit_id", NULL, 0},
    {"users", "id", NULL, TABLE_IDENTITY},
    {"user_roles", "id", NULL, TABLE_IDENTITY},
    {"sessions", "id", NULL, TABLE_IDENTITY},
    {"api_tokens", "id", NULL, TABLE_IDENTITY},
    {"rate_counters", "key", NULL, 0},
    {"tiers", "tier", NULL, TABLE_SEEDED},
    {"categories", "code", NULL, TABLE_SEEDED},
    {"calendar_days", "day", NULL, TABLE_SEEDED},
    {"dispatch_rules", "id", NULL, TABLE_IDENTITY},
    {"reply_templates", "id", NULL, TABLE_IDENTITY},
    {"persons", "id", NULL, TABLE_IDENTITY},
    {"appeals", "id", "merged_into", TABLE_IDENTITY},
    {"appeal_assists", "appeal_id, org_id", NULL, 0},
    {"appeal_events", "id", NULL, TABLE_IDENTITY},
    {"blobs", "sha256", NULL, 0},
    {"attachments", "id", NULL, 0},
    {"idempotency_keys", "key", NULL, 0},
    {"notifications", "id", NULL, TABLE_IDENTITY},
    {"outbox", "id", NULL, TABLE_IDENTITY},
    {"admin_events", "id", NULL, TABLE_IDENTITY},
    {"audit_heads", "chain", NULL, TABLE_SEEDED},
    {"tracking_seq", "day", NULL, 0},
    {"needs", "id", NULL, TABLE_IDENTITY},
    {"appeal_needs", "appeal_id", NULL, 0},
    {"need_units", "need_id, org_id, via", NULL, 0},
    {"need_events", "id", NULL, TABLE_IDENTITY},
    {"resources", "id", NULL, TABLE_IDENTITY},
    {"resource_alliances", "resource_id, alliance_id", NULL, 0},
    {"resource_events", "id", NULL, TABLE_IDENTITY},
    {"commitments", "id", NULL, TABLE_IDENTITY},
    {"projects", "id", NULL, TABLE_IDENTITY},
    {"project_needs", "project_id, need_id", NULL, 0},
    {"project_resources", "project_id, resource_id", NULL, 0},
    {"project_units", "project_id, org_id", NULL, 0},
    {"milestones", "id", NULL, TABLE_IDENTITY},
    {"project_events", "id", NULL, TABLE_IDENTITY},
    {"activities", "id", NULL, TABLE_IDENTITY},
    /* The figures' counters and settings (the rebuild flag is seeded by 0011). */
    {"stats_days", "day, unit_id, place_id, category, channel, tier", NULL, 0},
    {"stats_months", "month, unit_id", NULL, 0},
    {"stats_settings", "key", NULL, TABLE_SEEDED},
    {"stat_topics", "month, org_id, key", NULL, 0},
    {"rooms", "id", NULL, TABLE_IDENTITY},
    {"room_exceptions", "id", NULL, TABLE_IDENTITY},
    {"room_events", "id", NULL, TABLE_IDENTITY},
    {"officials", "id", NULL, TABLE_IDENTITY},
    {"official_leaves", "id", NULL, TABLE_IDENTITY},
    {"duties", "id", NULL, TABLE_IDENTITY},
    {"duty_swaps", "id", NULL, TABLE_IDENTITY},
    {"visits", "id", NULL, TABLE_IDENTITY},
    /* Last: triggers on users, roles, sessions, tokens and org paths move its counter
     * while those are copied; the source's value, written after them, is the one that
     * stays. */
    {"auth_version", "id", NULL, TABLE_SEEDED | TABLE_IDENTITY | TABLE_COUNTER},
};
const int store_tables_n = (int)(sizeof store_tables / sizeof store_tables[0]);

bool store_table_skipped(const char *name)
{
	return !strcmp(name, "schema_migrations") || !strcmp(name, "appeal_search") ||
	       !strncmp(name, "appeal_search_", 14) || !strncmp(name, "sqlite_", 7);
}

/* A plain lower-case SQL identifier, safe to put into composed SQL as it is. */
static bool ident_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 63 || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static struct db_stmt *prepare(struct db *db, struct store_sql *c, struct err *e)
{
	if (c->overflow) {
		err_internal(e, "copy statement too long");
		return NULL;
	}
	return db_prepare_text(db, c->sql, e);
}

static int db_fail(struct err *e, struct db *db, const char *table)
{
	return err_set(e, 500, "db_error", NULL, "%s: %s", table, db_errmsg(db));
}

int store_schema_version(struct db *db, int *version, struct err *e)
{
	struct db_stmt *st = db_prepare_text(db, "SELECT MAX(version) FROM schema_migrations", e);
	if (!st)
		return err_set(e, 404, "not_found", "db", "no schema_migrations table");
	int rc = db_step(st);
	*version = rc == DB_ROW ? (int)db_col_int64(st, 0) : 0;
	db_finalize(st);
	return rc < 0 ? err_set(e, 500, "db_error", NULL, "schema_migrations: %s", db_errmsg(db))
	              : 0;
}

int store_table_count(struct db *db, const struct store_table *t, int64_t *n, struct err *e)
{
	struct store_sql c = {0};
	store_sql_add(&c, "SELECT COUNT(*) FROM ");
	store_sql_add(&c, t->name);
	struct db_stmt *st = prepare(db, &c, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_finalize(st);
	return rc == DB_ROW ? 0 : db_fail(e, db, t->name);
}

int store_tables_first_used(struct db *db, bool lenient, const char **name, struct err *e)
{
	*name = NULL;
	for (int i = 0; i < store_tables_n && !*name; i++) {
		const struct store_table *t = &store_tables[i];
		if (t->flags & TABLE_SEEDED)
			continue;
		struct store_sql c = {0};
		store_sql_add(&c, "SELECT 1 FROM ");
		store_sql_add(&c, t->name);
		store_sql_add(&c, " LIMIT 1");
		struct db_stmt *st = prepare(db, &c, e);
		if (!st) {
			if (lenient)
				continue;
			return -1;
		}
		int rc = db_step(st);
		db_finalize(st);
		if (rc == DB_ROW)
			*name = t->name;
		else if (rc < 0 && !lenient)
			return db_fail(e, db, t->name);
	}
	return 0;
}

int store_tables_clear_seeded(struct db *db, struct err *e)
{
	for (int i = store_tables_n - 1; i >= 0; i--) {
		if (!(store_tables[i].flags & TABLE_SEEDED))
			continue;
		struct store_sql c = {0};
		store_sql_add(&c, "DELETE FROM ");
		store_sql_add(&c, store_tables[i].name);
		if (c.overflow || db_exec(db, c.sql, e))
			return c.overflow ? err_internal(e, "copy statement too long") : -1;
	}
	return 0;
}

/* Binds column col of the row `from` is on to parameter idx of `to`, by the value's type.
 * A real goes as its text (every digit SQLite prints; both databases read it back as a
 * number); an empty blob as an empty blob, not NULL. */
static int bind_value(struct db_stmt *from, int col, struct db_stmt *to, int idx)
{
	switch (db_col_type(from, col)) {
	case DB_T_INT:
		return db_bind_int64(to, idx, db_col_int64(from, col));
	case DB_T_REAL:
	case DB_T_TEXT: {
		const char *s = db_col_text(from, col);
		return db_bind_textn(to, idx, s, strlen(s));
	}
	case DB_T_BLOB: {
		size_t n = 0;
		const void *p = db_col_blob(from, col, &n);
		return db_bind_blob(to, idx, p ? p : "", n);
	}
	case DB_T_NULL:
	default:
		return db_bind_null(to, idx);
	}
}

/* The INSERT for the columns of sel's rows into t on dst; *late_col gets the index of
 * t->late among them (-1 when none). */
static struct db_stmt *insert_for(struct db *dst, const struct store_table *t, struct db_stmt *sel,
                                  int *late_col, struct err *e)
{
	int n = db_col_count(sel);
	struct store_sql c = {0};
	char num[16];
	*late_col = -1;
	store_sql_add(&c, "INSERT INTO ");
	store_sql_add(&c, t->name);
	store_sql_add(&c, " (");
	for (int i = 0; i < n; i++) {
		const char *name = db_col_name(sel, i);
		if (!ident_ok(name)) {
			err_internal(e, "a column name that is not a plain identifier");
			return NULL;
		}
		if (t->late && !strcmp(name, t->late))
			*late_col = i;
		store_sql_add(&c, i ? ", " : "");
		store_sql_add(&c, name);
	}
	store_sql_add(&c, ")");
	/* Explicit ids into a PostgreSQL identity column, whichever way it is declared. */
	if (dst->kind == DB_POSTGRESQL && (t->flags & TABLE_IDENTITY))
		store_sql_add(&c, " OVERRIDING SYSTEM VALUE");
	store_sql_add(&c, " VALUES (");
	for (int i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%s?%d", i ? ", " : "", i + 1);
		store_sql_add(&c, num);
	}
	store_sql_add(&c, ")");
	return prepare(dst, &c, e);
}

int store_table_copy(struct db *src, struct db *dst, const struct store_table *t,
                     store_tick_fn tick, void *arg, int64_t *rows, struct err *e)
{
	struct store_sql c = {0};
	store_sql_add(&c, "SELECT * FROM ");
	store_sql_add(&c, t->name);
	store_sql_add(&c, " ORDER BY ");
	store_sql_add(&c, t->order);
	*rows = 0;
	struct db_stmt *sel = prepare(src, &c, e), *ins = NULL;
	if (!sel)
		return -1;
	int late_col = -1, rc;
	while ((rc = db_step(sel)) == DB_ROW) {
		if (!ins && !(ins = insert_for(dst, t, sel, &late_col, e)))
			goto fail;
		int n = db_col_count(sel);
		for (int i = 0; i < n; i++) {
			int brc = i == late_col ? db_bind_null(ins, i + 1)
			                        : bind_value(sel, i, ins, i + 1);
			if (brc < 0) {
				db_fail(e, dst, t->name);
				goto fail;
			}
		}
		int irc = db_step(ins);
		db_reset(ins);
		if (irc < 0) {
			db_fail(e, dst, t->name);
			goto fail;
		}
		(*rows)++;
		if (tick && tick(arg, e))
			goto fail;
	}
	if (rc < 0) {
		db_fail(e, src, t->name);
		goto fail;
	}
	db_finalize(ins);
	db_finalize(sel);
	return 0;
fail:
	db_finalize(ins);
	db_finalize(sel);
	return -1;
}

int store_table_copy_late(struct db *src, struct db *dst, const struct store_table *t,
                          store_tick_fn tick, void *arg, struct err *e)
{
	if (!t->late)
		return 0;
	struct store_sql q = {0}, u = {0};
	store_sql_add(&q, "SELECT id, ");
	store_sql_add(&q, t->late);
	store_sql_add(&q, " FROM ");
	store_sql_add(&q, t->name);
	store_sql_add(&q, " WHERE ");
	store_sql_add(&q, t->late);
	store_sql_add(&q, " IS NOT NULL ORDER BY id");
	store_sql_add(&u, "UPDATE ");
	store_sql_add(&u, t->name);
	store_sql_add(&u, " SET ");
	store_sql_add(&u, t->late);
	store_sql_add(&u, " = ?2 WHERE id = ?1");
	struct db_stmt *sel = prepare(src, &q, e), *upd = sel ? prepare(dst, &u, e) : NULL;
	if (!upd) {
		db_finalize(sel);
		return -1;
	}
	int rc = DB_DONE, failed = 0;
	while (!failed && (rc = db_step(sel)) == DB_ROW) {
		db_bind_int64(upd, 1, db_col_int64(sel, 0));
		db_bind_int64(upd, 2, db_col_int64(sel, 1));
		int urc = db_step(upd);
		db_reset(upd);
		if (urc < 0)
			failed = db_fail(e, dst, t->name);
		else if (tick && tick(arg, e))
			failed = -1;
	}
	if (!failed && rc < 0)
		failed = db_fail(e, src, t->name);
	db_finalize(upd);
	db_finalize(sel);
	return failed;
}

int store_appeal_texts(struct db *db,
                       int (*fn)(void *arg, int64_t id, const char *title, const char *description,
                                 struct err *e),
                       void *arg, struct err *e)
{
	struct db_stmt *st =
	    db_prepare_text(db, "SELECT id, title, description FROM appeals ORDER BY id", e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (fn(arg, db_col_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2), e))
			break;
	if (rc < 0)
		db_fail(e, db, "appeals");
	db_finalize(st);
	return rc == DB_DONE ? 0 : -1;
}

int store_tables_reset_ids(struct db *db, struct err *e)
{
	if (db->kind != DB_POSTGRESQL)
		return 0;
	for (int i = 0; i < store_tables_n; i++) {
		const struct store_table *t = &store_tables[i];
		if (!(t->flags & TABLE_IDENTITY))
			continue;
		/* setval(NULL, ...) is NULL, not an error: a table whose id is a plain column
		 * on PostgreSQL (auth_version) passes unchanged. */
		struct store_sql c = {0};
		store_sql_add(&c, "SELECT setval(pg_get_serial_sequence('");
		store_sql_add(&c, t->name);
		store_sql_add(&c, "', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ");
		store_sql_add(&c, t->name);
		struct db_stmt *st = prepare(db, &c, e);
		if (!st)
			return -1;
		int rc = db_step(st);
		db_finalize(st);
		if (rc < 0)
			return db_fail(e, db, t->name);
	}
	return 0;
}
