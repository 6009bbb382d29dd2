/* bulk: what `huiyin gen` needs to fill a database quickly with generated history — a
 * larger page cache for its one connection, and notices that count as delivered (a
 * real server would have sent them long ago). */
#ifndef HUIYIN_STORE_BULK_H
#define HUIYIN_STORE_BULK_H
#include <stdint.h>

#include "store/db.h"

/* Gives this connection a page cache of about cache_mib MiB (SQLite only; a no-op
 * elsewhere). */
int store_bulk_cache(struct db *db, int cache_mib, struct err *e);
/* Marks every notice of the outbox not sent yet as sent at its creation time. */
int store_bulk_outbox_delivered(struct db *db, struct err *e);
/* Counts the appeals and the events of their chains. */
int store_bulk_counts(struct db *db, int64_t *appeals, int64_t *events, struct err *e);

#endif
