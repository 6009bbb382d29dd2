/* mailbox: SQL of the secretary's mailbox (see mailbox.h). */
#include "store/mailbox.h"
#include "store/rows.h"

#include <assert.h>

static struct db_query q_secretaries = DB_QUERY(
    "SELECT u.id FROM user_roles r JOIN users u ON u.id = r.user_id"
    " WHERE r.org_id = ?1 AND r.role = 'secretary' AND u.disabled = 0 ORDER BY u.id LIMIT ?2");

int store_secretaries_at(struct db *db, int64_t org_id, int64_t *ids, int max, int *n,
                         struct err *e)
{
	assert(db && ids && n && max > 0);
	struct db_stmt *st = db_prepare(db, &q_secretaries, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, org_id);
	db_bind_int64(st, 2, max);
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		ids[(*n)++] = db_col_int64(st, 0);
	db_reset(st);
	return rc < 0 ? rows_db_error(db, e) : 0;
}
