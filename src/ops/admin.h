/* admin (operations): an admin action written to the hash-chained admin log, inside the
 * caller's write transaction — for callers without a request (the command line). The
 * API's own entry is api/admin_log.h. */
#ifndef HUIYIN_OPS_ADMIN_H
#define HUIYIN_OPS_ADMIN_H
#include <stdint.h>

#include "store/db.h"
#include "store/evdata.h"

/* Appends {type, data} to the admin chain at the clock's now with actor_id (0: none, the
 * command line). Returns 0 or -1 with e set. */
int admin_append(struct db *db, const uint8_t *key, int64_t actor_id, const char *type,
		 const struct evdata *data, struct err *e);

#endif
