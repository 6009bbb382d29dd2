/* locks: see locks.h. */
#include "store/locks.h"

/* The advisory lock's key: any fixed number no other program on the database uses;
 * 0x68757979 spells "huiy". */
static struct db_query q_worker_lock =
    DB_QUERY("SELECT CASE WHEN pg_try_advisory_xact_lock(1752529273) THEN 1 ELSE 0 END");

/* Runs a try-lock query (bound to `key` when it takes one) and says whether it got the
 * lock; SQLite's write transaction already excludes every other writer. */
static int try_lock(struct db *db, struct db_query *q, const int64_t *key, bool *mine,
                    struct err *e)
{
	*mine = true;
	if (db->kind != DB_POSTGRESQL)
		return 0;
	struct db_stmt *st = db_prepare(db, q, e);
	if (!st)
		return -1;
	if (key)
		db_bind_int64(st, 1, *key);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*mine = db_col_int64(st, 0) == 1;
	db_reset(st);
	return rc == DB_ROW ? 0 : err_internal(e, "database error");
}

int store_lock_worker(struct db *db, bool *mine, struct err *e)
{
	return try_lock(db, &q_worker_lock, NULL, mine, e);
}

/* The two-number form of advisory locks (a space apart from the one-number key above):
 * 0x68756964 ("huid") and a 32-bit FNV-1a hash of the key. */
static struct db_query q_key_lock =
    DB_QUERY("SELECT CASE WHEN pg_try_advisory_xact_lock(1752525156, ?1) THEN 1 ELSE 0 END");

int store_lock_key(struct db *db, const char *key, bool *mine, struct err *e)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	/* As a signed 32-bit integer, PostgreSQL's integer. */
	int64_t k = (int64_t)h - (h > INT32_MAX ? INT64_C(4294967296) : 0);
	return try_lock(db, &q_key_lock, &k, mine, e);
}
