/* locks: work that one server of several must do alone (the worker's rounds). */
#ifndef HUIYIN_STORE_LOCKS_H
#define HUIYIN_STORE_LOCKS_H
#include <stdbool.h>

#include "store/db.h"

/* In the writer's open transaction: *mine is true when this server may run the background
 * round now, false when another server sharing the database is running one. On PostgreSQL
 * it is a transaction-level advisory lock, released at COMMIT or ROLLBACK; on SQLite the
 * write transaction already excludes every other writer, so it is always true. */
int store_lock_worker(struct db *db, bool *mine, struct err *e);

#endif
