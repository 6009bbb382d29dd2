/* resource (operations): the changes of a resource (资源清单) — offered, changed,
 * withdrawn or restored, and committed to a need (报到) — each with its hash-chained
 * event, inside the caller's write transaction. Who may do it (the unit's handlers:
 * domain/lists.h resource_may_manage) is checked by the caller. */
#ifndef HUIYIN_OPS_RESOURCE_H
#define HUIYIN_OPS_RESOURCE_H

#include "ops/need.h"
#include "store/resources.h"

/* Appends an event of `type` (create, update, withdraw, restore, commit) with data to
 * res's chain (res->event_count follows). Returns the seq or -1 with e set. */
int resource_event(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		   const char *type, const struct actor *who, const struct evdata *data,
		   struct err *e);
/* Inserts res (active unless res->status says otherwise, nothing committed) with its
 * create event. Sets res->id. */
int resource_create(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		    const struct actor *who, struct arena *a, struct err *e);
/* Makes the resource cur (as read in this transaction) what next says: 409 `stale` when
 * version (0: no check) is not cur's, 409 `below_committed` when next's quantity is less
 * than what is committed; next keeps cur's committed quantity. The event names the
 * fields that changed: withdraw or restore when the status did, else update. */
int resource_update(struct db *db, const uint8_t *audit_key, const struct store_resource *cur,
		    struct store_resource *next, int64_t version, const struct actor *who,
		    struct arena *a, struct err *e);
/* 报到: commits quantity (> 0) of res to need n for the resource's unit — the commitment
 * (in *out), the resource's committed quantity, an event on both chains, the unit joins
 * the need, the need's secretaries hear of it, and an open need becomes matched. Checks
 * the state again (409 `wrong_state`, `withdrawn`, `expired`, `insufficient`). */
int resource_commit(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		    struct store_need *n, int64_t quantity, const char *note,
		    const struct actor *who, struct arena *a, struct store_commitment *out,
		    struct err *e);

#endif
