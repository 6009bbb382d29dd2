/* lists (operations): what the operations of the three lists (三张清单: ops/need.c,
 * resource.c, project.c) and activities share — today's date, now, and the event append
 * of a need, resource or project. */
#ifndef HUIYIN_OPS_LISTS_H
#define HUIYIN_OPS_LISTS_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/lists.h"
#include "ops/ops.h"
#include "store/audit.h"
#include "store/evdata.h"
#include "util/arena.h"

/* Today's date in Asia/Shanghai, "YYYY-MM-DD", at clock time t. */
void lists_today(int64_t t, char out[11]);
/* The clock's now as ISO 8601 text, in a. */
const char *lists_now(struct arena *a);
/* Appends an event of `type` to the chain of subject parent_id (> 0; a need, resource or
 * project: chain is not AUDIT_APPEAL) at the clock's now, inside the caller's write
 * transaction on db, with data written as canonical JSON. Returns the event's seq (> 0),
 * or -1 with e set. */
int lists_event(struct db *db, const uint8_t *audit_key, enum audit_chain chain,
		int64_t parent_id, const char *type, bool public, const struct actor *who,
		const struct evdata *data, struct err *e);

#endif
