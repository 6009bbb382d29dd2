/* migrate: applying the embedded migrations (see migrate.h). */
#include "store/migrate.h"
#include "util/clock.h"
#include "util/log.h"

static struct db_query q_create = DB_QUERY(
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
static struct db_query q_has = DB_QUERY("SELECT 1 FROM schema_migrations WHERE version = ?1");
static struct db_query q_max = DB_QUERY("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
static struct db_query q_record = DB_QUERY(
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");

static int ensure_table(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_create, e);
	return st ? db_run(st, e, db) : -1;
}

int migrate_current(struct db *db, struct err *e)
{
	if (ensure_table(db, e))
		return -1;
	struct db_stmt *st = db_prepare(db, &q_max, e);
	if (!st)
		return -1;
	int v = db_step(st) == DB_ROW ? (int)db_col_int64(st, 0) : -1;
	db_reset(st);
	return v;
}

static int apply_one(struct db *db, const struct migration *m, int *applied, struct err *e)
{
	if (db_begin(db, e))
		return -1;
	struct db_stmt *st = db_prepare(db, &q_has, e);
	if (!st)
		goto fail;
	db_bind_int64(st, 1, m->version);
	int have = db_step(st) == DB_ROW;
	db_reset(st);
	if (have)
		return db_commit(db, e);
	if (db_exec(db, m->sql, e))
		goto fail;
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	st = db_prepare(db, &q_record, e);
	if (!st)
		goto fail;
	db_bind_int64(st, 1, m->version);
	db_bind_text(st, 2, m->name);
	db_bind_text(st, 3, now);
	if (db_run(st, e, db) || db_commit(db, e))
		goto fail;
	log_msg(LOG_INFO, "applied migration %04d_%s", m->version, m->name);
	(*applied)++;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int migrate_apply(struct db *db, int *applied, struct err *e)
{
	int n = 0;
	int current = migrate_current(db, e);
	if (current < 0)
		return -1;
	for (int i = 0; i < migrations_count; i++) {
		if (migrations[i].version <= current)
			continue;
		if (apply_one(db, &migrations[i], &n, e))
			return -1;
	}
	if (applied)
		*applied = n;
	return 0;
}
