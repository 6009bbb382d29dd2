/* room (operations): the changes of a reception room (书记会客室) — created, changed
 * (name, place, hours and exceptions, settings, closed or reopened) — each with its event
 * on the room's hash chain (AUDIT_ROOM), inside the caller's write transaction. Who may do
 * it (a secretary or admin at or above the community) is checked by the caller; the rota
 * and its duties are ops/rota.c. */
#ifndef HUIYIN_OPS_ROOM_H
#define HUIYIN_OPS_ROOM_H

#include "ops/lists.h"
#include "store/rooms.h"

/* Appends an event of `type` with data to the room's chain (room->event_count follows).
 * Returns the seq or -1 with e set. */
int room_event(struct db *db, const uint8_t *audit_key, struct store_room *room, const char *type,
               const struct actor *who, const struct evdata *data, struct err *e);
/* Inserts room (active unless room->status says otherwise) and its n exceptions, with the
 * create event. Sets room->id. */
int room_create(struct db *db, const uint8_t *audit_key, struct store_room *room,
                const struct store_room_exception *x, int n, const struct actor *who,
                struct arena *a, struct err *e);
/* Makes the room cur (as read in this transaction) what next says, and its exceptions x
 * when x_given: 409 `stale` when version (0: no check) is not cur's. The event (update,
 * close or reopen) names the fields that changed. */
int room_update(struct db *db, const uint8_t *audit_key, const struct store_room *cur,
                struct store_room *next, int64_t version, bool x_given,
                const struct store_room_exception *x, int n, const struct actor *who,
                struct arena *a, struct err *e);

#endif
