/* locks: see locks.h. */
#include "store/locks.h"

/* The advisory lock's key: any fixed number no other program on the database uses;
 * 0x68757979 spells "huiy". */
static struct db_query q_worker_lock =
    DB_QUERY("SELECT CASE WHEN pg_try_advisory_xact_lock(1752529273) THEN 1 ELSE 0 END");

int store_lock_worker(struct db *db, bool *mine, struct err *e)
{
	*mine = true;
	if (db->kind != DB_POSTGRESQL)
		return 0;
	struct db_stmt *st = db_prepare(db, &q_worker_lock, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*mine = db_col_int64(st, 0) == 1;
	db_reset(st);
	return rc == DB_ROW ? 0 : err_internal(e, "database error");
}
