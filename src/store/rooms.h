/* rooms: queries over reception rooms (书记会客室) of a community alliance and the
 * exceptions to their weekly opening hours. A room is a chained subject (AUDIT_ROOM):
 * every change of its row is followed by an event on its chain (ops/room.c). Strings are
 * copied into the caller's arena; unset texts are NULL. */
#ifndef HUIYIN_STORE_ROOMS_H
#define HUIYIN_STORE_ROOMS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct store_room {
	int64_t id, version;
	int64_t community_id;
	const char *community_path, *community_name;
	const char *name, *address;
	bool has_location;
	double lat, lng;
	const char *photo_id; /* an attachment, NULL: none */
	const char *phone;    /* the room's own contact line, public */
	const char *hours;    /* canonical JSON array of {weekday, from, to} (domain/rota.h) */
	bool open_on_holidays;
	int64_t officials_per_slot;
	bool swap_needs_approval;
	const char *status; /* active, closed */
	int64_t created_by;
	const char *created_at, *updated_at;
	int64_t event_count;
};

struct room_filter {
	const char *community_path; /* within this subtree; NULL: any */
	int64_t community_id;       /* this community only; 0: any */
	const char *status;         /* NULL: any */
	int64_t after, limit;       /* id cursor (descending), page size */
};

/* An exception to the weekly hours on one day: closed, or open from-to (extra opening). */
struct store_room_exception {
	int64_t id;
	const char *day;       /* YYYY-MM-DD */
	const char *kind;      /* closed, open */
	const char *from_time; /* HH:MM, NULL for closed */
	const char *to_time;
	const char *note;
};

/* The room with its community's name; 404 "room not found". */
int store_room_get(struct db *db, int64_t id, struct arena *a, struct store_room *o, struct err *e);
/* Inserts o (community_path taken from orgs at write time); sets o->id, o->version and
 * the times. The caller appends the room's create event next. */
int store_room_insert(struct db *db, struct store_room *o, const char *now, struct err *e);
/* Writes every field of o; 409 `stale` unless o->version is the stored version; bumps
 * o->version. The caller appends the room's update event next. */
int store_room_update(struct db *db, struct store_room *o, const char *now, struct err *e);
/* A page of rooms, newest first; *next is the cursor of the next page or 0. */
int store_room_list(struct db *db, const struct room_filter *f, struct arena *a,
                    struct store_room **out, int *n, int64_t *next, struct err *e);

/* The room's exceptions from `from` to `to` (YYYY-MM-DD, inclusive; NULL: open), by day. */
int store_room_exceptions(struct db *db, int64_t room_id, const char *from, const char *to,
                          struct arena *a, struct store_room_exception **out, int *n,
                          struct err *e);
/* Replaces every exception of the room by the n given (in the room's update). */
int store_room_exceptions_set(struct db *db, int64_t room_id, const struct store_room_exception *x,
                              int n, struct err *e);

#endif
