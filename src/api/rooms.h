/* rooms (API): reception rooms (书记会客室) over HTTP — the rooms of a community alliance,
 * their opening hours and exceptions, and the public's view of a community's active rooms.
 * Staff whose scope holds the community read its rooms; its secretaries and admins (at or
 * above it) create and change them; a room outside the caller's scope is 404. */
#ifndef HUIYIN_API_ROOMS_H
#define HUIYIN_API_ROOMS_H

#include "api/req.h"
#include "store/rooms.h"

int api_rooms_list(struct req *r);
int api_rooms_create(struct req *r);
int api_rooms_get(struct req *r);
int api_rooms_update(struct req *r);
int api_rooms_events(struct req *r);
int api_public_rooms(struct req *r);

/* Loads room `id` for a staff caller into *o: 404 "room not found" when there is none or
 * the caller's scope does not hold its community. */
int rooms_load_visible(struct req *r, struct db *db, int64_t id, struct store_room *o,
                       struct err *e);
/* Whether the caller may manage rooms of the community at `path` (a secretary or admin at
 * or above it). */
bool rooms_may_manage(const struct principal *p, const char *path);

#endif
