/* bulk: helpers of the data generator (see bulk.h). */
#include "store/bulk.h"

#include <stdio.h>

static struct db_query q_delivered = DB_QUERY(
	"UPDATE outbox SET sent_at = created_at WHERE sent_at IS NULL");
static struct db_query q_counts = DB_QUERY(
	"SELECT (SELECT count(*) FROM appeals), (SELECT count(*) FROM appeal_events)");

int store_bulk_cache(struct db *db, int cache_mib, struct err *e)
{
	if (db->kind != DB_SQLITE)
		return 0;
	char sql[96];
	/* CHECK constraints are not evaluated: each `x IN (...)` of them builds a temporary
	 * b-tree for every row written, about a third of the generator's time, and what it
	 * writes comes from the same code as the API's, which checks its values first. */
	snprintf(sql, sizeof sql,
		 "PRAGMA cache_size = -%d; PRAGMA temp_store = MEMORY;"
		 " PRAGMA ignore_check_constraints = ON",
		 cache_mib * 1024);
	return db_exec(db, sql, e);
}

int store_bulk_outbox_delivered(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_delivered, e);
	return st ? db_run(st, e, db) : -1;
}

int store_bulk_counts(struct db *db, int64_t *appeals, int64_t *events, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_counts, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*appeals = db_col_int64(st, 0);
		*events = db_col_int64(st, 1);
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : err_internal(e, "database error");
}
