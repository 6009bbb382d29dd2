/* migrate: applying the embedded migrations (see migrate.h). */
#include "store/migrate.h"
#include "store/audit.h"
#include "util/clock.h"
#include "util/log.h"

static struct db_query q_create = DB_QUERY(
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
static struct db_query q_has = DB_QUERY("SELECT 1 FROM schema_migrations WHERE version = ?1");
static struct db_query q_max = DB_QUERY("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
static struct db_query q_record = DB_QUERY(
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
/* PostgreSQL only: serialises migrating processes until the transaction ends. The key is
 * an arbitrary constant of ours ('huiy'). */
static struct db_query q_lock = DB_QUERY("SELECT pg_advisory_xact_lock(1752525177)");

/* The C part of a migration, run in its transaction after its SQL, with the audit key. */
struct migration_step {
	int version;
	int (*run)(struct db *db, const uint8_t *key, struct err *e);
};
/* 0013 adds the rooms' chain: its checkpoint starts signed, with no room yet. */
static int sign_rooms(struct db *db, const uint8_t *key, struct err *e)
{
	return audit_sign_checkpoint(db, key, AUDIT_ROOM, e);
}

static const struct migration_step steps[] = {
    /* Heads, rows and checkpoints are signed from 0007 on: sign those already there. */
    {7, audit_sign_all},
    {13, sign_rooms},
};

static const struct migration_step *step_of(int version)
{
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i].version == version)
			return &steps[i];
	return NULL;
}

const struct migration *migrate_list(enum db_kind kind, int *count)
{
	if (kind == DB_POSTGRESQL) {
		*count = migrations_pg_count;
		return migrations_pg;
	}
	*count = migrations_sqlite_count;
	return migrations_sqlite;
}

/* Inside a write transaction: waits for any other process migrating (PostgreSQL, where
 * BEGIN takes no lock; SQLite's BEGIN IMMEDIATE already did). */
static int lock_migrations(struct db *db, struct err *e)
{
	if (db->kind != DB_POSTGRESQL)
		return 0;
	struct db_stmt *st = db_prepare(db, &q_lock, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return err_set(e, 500, "db_error", NULL, "cannot lock the migrations: %s", db_errmsg(db));
}

static int ensure_table(struct db *db, struct err *e)
{
	struct db_stmt *st;
	if (db->kind != DB_POSTGRESQL) {
		st = db_prepare(db, &q_create, e);
		return st ? db_run(st, e, db) : -1;
	}
	/* PostgreSQL: two processes creating the table at once can collide in the catalogue,
	 * hence the lock; and IF NOT EXISTS would print a NOTICE on every start. */
	if (db_begin(db, e))
		return -1;
	if (lock_migrations(db, e) || db_exec(db, "SET LOCAL client_min_messages = warning", e))
		goto fail;
	st = db_prepare(db, &q_create, e);
	if (!st || db_run(st, e, db) || db_commit(db, e))
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
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

static int apply_one(struct db *db, const struct migration *m, const uint8_t *key,
		     int *applied, struct err *e)
{
	const struct migration_step *step = step_of(m->version);
	if (db_begin(db, e))
		return -1;
	if (lock_migrations(db, e))
		goto fail;
	struct db_stmt *st = db_prepare(db, &q_has, e);
	if (!st)
		goto fail;
	db_bind_int64(st, 1, m->version);
	int have = db_step(st) == DB_ROW;
	db_reset(st);
	if (have)
		return db_commit(db, e);
	if (step && !key) {
		err_set(e, 500, "audit_key", NULL,
			"migration %04d_%s signs the audit chains and needs the audit key "
			"(audit.key in the data directory)",
			m->version, m->name);
		goto fail;
	}
	if (db_exec(db, m->sql, e) || (step && step->run(db, key, e)))
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

int migrate_apply(struct db *db, const uint8_t *audit_key, int *applied, struct err *e)
{
	int n = 0;
	int current = migrate_current(db, e);
	if (current < 0)
		return -1;
	int count;
	const struct migration *list = migrate_list(db->kind, &count);
	for (int i = 0; i < count; i++) {
		if (list[i].version <= current)
			continue;
		if (apply_one(db, &list[i], audit_key, &n, e))
			return -1;
	}
	if (applied)
		*applied = n;
	return 0;
}
