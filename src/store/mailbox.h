/* mailbox: the queries of the secretary's mailbox (书记信箱) — who the secretaries of a
 * community are, so that a letter is addressed to one. The letters themselves are appeals
 * (channel `mailbox`, addressed_to set: store/appeals.h). */
#ifndef HUIYIN_STORE_MAILBOX_H
#define HUIYIN_STORE_MAILBOX_H
#include <stdint.h>

#include "store/db.h"

#define MAILBOX_MAX_SECRETARIES 16

/* The users (not disabled) holding the secretary role at org_id itself, by id, at most
 * max of them, into ids; *n counts them. Returns 0 or -1 with e set. */
int store_secretaries_at(struct db *db, int64_t org_id, int64_t *ids, int max, int *n,
                         struct err *e);

#endif
