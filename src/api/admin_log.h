/* admin_log: writes an admin action (role grants and revocations, categories, time
 * limits, calendar changes) to the hash-chained admin log, inside the caller's write
 * transaction. */
#ifndef HUIYIN_ADMIN_LOG_H
#define HUIYIN_ADMIN_LOG_H

#include "api/req.h"

/* Appends {type, data} with the caller as actor; takes the reference to data. */
int admin_log(struct db *db, struct req *r, const char *type, json_t *data, struct err *e);
/* The same for callers without a request (the command line: actor_id 0). */
int admin_log_as(struct db *db, const uint8_t *key, int64_t actor_id, const char *type,
		 json_t *data, struct err *e);

#endif
