/* authver: see authver.h. */
#include "store/authver.h"

static struct db_query q_version = DB_QUERY("SELECT n FROM auth_version WHERE id = 1");

int store_auth_version(struct db *db, int64_t *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_version, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int64(st, 0);
	db_reset(st);
	return rc == DB_ROW ? 0 : err_internal(e, "database error");
}
