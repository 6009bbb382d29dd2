/* locks: work that one server of several must do alone (the worker's rounds), or one at
 * a time (a request and its retry under one Idempotency-Key). */
#ifndef HUIYIN_STORE_LOCKS_H
#define HUIYIN_STORE_LOCKS_H
#include <stdbool.h>

#include "store/db.h"

/* In the writer's open transaction: *mine is true when this server may run the background
 * round now, false when another server sharing the database is running one. On PostgreSQL
 * it is a transaction-level advisory lock, released at COMMIT or ROLLBACK; on SQLite the
 * write transaction already excludes every other writer, so it is always true. */
int store_lock_worker(struct db *db, bool *mine, struct err *e);

/* In the writer's open transaction: *mine is true when this transaction now holds `key`
 * (a text of the caller's choosing, e.g. an Idempotency-Key) until COMMIT or ROLLBACK,
 * false when another transaction holds it — another server sharing the database is
 * working under the same key. It never waits: a writer that waited here while its batch
 * holds other rows could deadlock with the holder's batch. On PostgreSQL a
 * transaction-level advisory lock on a hash of the key (keys that share a hash exclude
 * each other too); on SQLite always true, the write transaction excluding every other
 * writer already. */
int store_lock_key(struct db *db, const char *key, bool *mine, struct err *e);

#endif
