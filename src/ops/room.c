/* room (operations): creating and changing reception rooms (see room.h). */
#include "ops/room.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

int room_event(struct db *db, const uint8_t *audit_key, struct store_room *room, const char *type,
               const struct actor *who, const struct evdata *data, struct err *e)
{
	assert(room && room->id > 0 && type);
	int seq = lists_event(db, audit_key, AUDIT_ROOM, room->id, type, false, who, data, e);
	if (seq >= 0)
		room->event_count = seq;
	return seq;
}

/* The audited fields of a room (store/audit_replay.c reads them back), and its exceptions
 * as a count (they are rows of their own). */
static struct evdata *room_data(const struct store_room *r, int n_exceptions, struct arena *a)
{
	struct evdata *d = evdata_new(a);
	evdata_int(d, "community_id", r->community_id);
	evdata_str(d, "name", r->name);
	evdata_str(d, "address", r->address ? r->address : "");
	evdata_str_or_null(d, "photo_id", r->photo_id);
	evdata_str(d, "phone", r->phone ? r->phone : "");
	evdata_str(d, "hours", r->hours ? r->hours : "[]");
	evdata_bool(d, "open_on_holidays", r->open_on_holidays);
	evdata_int(d, "officials_per_slot", r->officials_per_slot);
	evdata_bool(d, "swap_needs_approval", r->swap_needs_approval);
	evdata_str(d, "status", r->status);
	if (n_exceptions >= 0)
		evdata_int(d, "exceptions", n_exceptions);
	return d;
}

int room_create(struct db *db, const uint8_t *audit_key, struct store_room *room,
                const struct store_room_exception *x, int n, const struct actor *who,
                struct arena *a, struct err *e)
{
	assert(db && audit_key && room && room->community_id > 0 && who && a && n >= 0);
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	room->status = room->status ? room->status : "active";
	if (store_room_insert(db, room, now, e) || store_room_exceptions_set(db, room->id, x, n, e))
		return -1;
	return room_event(db, audit_key, room, "create", who, room_data(room, n, a), e) < 0 ? -1
	                                                                                    : 0;
}

int room_update(struct db *db, const uint8_t *audit_key, const struct store_room *cur,
                struct store_room *next, int64_t version, bool x_given,
                const struct store_room_exception *x, int n, const struct actor *who,
                struct arena *a, struct err *e)
{
	assert(db && audit_key && cur && cur->id > 0 && next && next->id == cur->id && who && a);
	if (version && version != cur->version)
		return err_stale(e, "room");
	next->version = cur->version;
	struct evdata *data = evdata_new(a);
	evdata_changes(data, "changes", room_data(cur, -1, a), room_data(next, -1, a));
	if (x_given)
		evdata_int(data, "exceptions", n);
	if (store_room_update(db, next, lists_now(a), e) ||
	    (x_given && store_room_exceptions_set(db, next->id, x, n, e)))
		return -1;
	const char *type = strcmp(next->status, cur->status)
	                       ? (!strcmp(next->status, "closed") ? "close" : "reopen")
	                       : "update";
	return room_event(db, audit_key, next, type, who, data, e) < 0 ? -1 : 0;
}
