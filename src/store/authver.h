/* authver: the counter that triggers move on every change to users, roles, sessions,
 * tokens and org paths (migration 0005), so callers can be cached without going stale. */
#ifndef HUIYIN_STORE_AUTHVER_H
#define HUIYIN_STORE_AUTHVER_H
#include <stdint.h>

#include "store/db.h"

int store_auth_version(struct db *db, int64_t *n, struct err *e);

#endif
