/* rooms: SQL of reception rooms and their exceptions (see rooms.h). */
#include "store/rooms.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define ROOM_COLS                                                                                  \
	"r.id, r.version, r.community_id, r.community_path, o.name, r.name, r.address, r.lat,"     \
	" r.lng, r.photo_id, r.phone, r.hours, r.open_on_holidays, r.officials_per_slot,"          \
	" r.swap_needs_approval, r.status, r.created_by, r.created_at, r.updated_at,"              \
	" r.event_count"
#define FROM_ROOM " FROM rooms r JOIN orgs o ON o.id = r.community_id"

/* At most this many exceptions are read for one room and period. */
#define EXCEPTIONS_MAX 1000

static struct db_query q_get = DB_QUERY("SELECT " ROOM_COLS FROM_ROOM " WHERE r.id = ?1");
static struct db_query q_insert = DB_QUERY(
    "INSERT INTO rooms (community_id, community_path, name, address, lat, lng, photo_id,"
    " phone, hours, open_on_holidays, officials_per_slot, swap_needs_approval, status,"
    " created_by, created_at, updated_at)"
    " VALUES (?1, " STORE_ORG_PATH_OF("?1", "''") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                                  " ?12, ?13, ?14, ?14) RETURNING id");
static struct db_query q_update = DB_QUERY(
    "UPDATE rooms SET name = ?2, address = ?3, lat = ?4, lng = ?5, photo_id = ?6, phone = ?7,"
    " hours = ?8, open_on_holidays = ?9, officials_per_slot = ?10, swap_needs_approval = ?11,"
    " status = ?12, updated_at = ?13, version = version + 1 WHERE id = ?1 AND version = ?14");
static struct db_query q_exceptions =
    DB_QUERY("SELECT id, day, kind, from_time, to_time, note FROM room_exceptions"
             " WHERE room_id = ?1 AND (day >= ?2 OR ?2 IS NULL) AND (day <= ?3 OR ?3 IS NULL)"
             " ORDER BY day, from_time, id LIMIT ?4");
static struct db_query q_exceptions_clear =
    DB_QUERY("DELETE FROM room_exceptions WHERE room_id = ?1");
static struct db_query q_exception_insert =
    DB_QUERY("INSERT INTO room_exceptions (room_id, day, kind, from_time, to_time, note)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

static void read_room(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_room *o = item;
	memset(o, 0, sizeof *o);
	int i = 0;
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->community_id = db_col_int64(st, i++);
	o->community_path = rows_text(st, i++, a);
	o->community_name = rows_text(st, i++, a);
	o->name = rows_text(st, i++, a);
	o->address = rows_text(st, i++, a);
	o->has_location = !db_col_null(st, i) && !db_col_null(st, i + 1);
	if (o->has_location) {
		sscanf(db_col_text(st, i), "%lf", &o->lat);
		sscanf(db_col_text(st, i + 1), "%lf", &o->lng);
	}
	i += 2;
	o->photo_id = rows_text(st, i++, a);
	o->phone = rows_text(st, i++, a);
	o->hours = rows_text(st, i++, a);
	o->open_on_holidays = db_col_int64(st, i++) != 0;
	o->officials_per_slot = db_col_int64(st, i++);
	o->swap_needs_approval = db_col_int64(st, i++) != 0;
	o->status = rows_text(st, i++, a);
	o->created_by = db_col_int64(st, i++);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
	o->event_count = db_col_int64(st, i++);
}

int store_room_get(struct db *db, int64_t id, struct arena *a, struct store_room *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_one(st, read_room, a, o, "room", e);
}

static void bind_location(struct db_stmt *st, int idx, const struct store_room *o)
{
	if (!o->has_location) {
		db_bind_null(st, idx);
		db_bind_null(st, idx + 1);
		return;
	}
	char buf[40];
	snprintf(buf, sizeof buf, "%.7f", o->lat);
	db_bind_text(st, idx, buf);
	snprintf(buf, sizeof buf, "%.7f", o->lng);
	db_bind_text(st, idx + 1, buf);
}

static void bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	if (s)
		db_bind_text(st, idx, s);
	else
		db_bind_null(st, idx);
}

/* The room's own fields, parameters 2 to 12 of the insert and the update alike. */
static void bind_fields(struct db_stmt *st, const struct store_room *o)
{
	db_bind_text(st, 2, o->name);
	db_bind_text(st, 3, o->address ? o->address : "");
	bind_location(st, 4, o);
	bind_text_or_null(st, 6, o->photo_id);
	db_bind_text(st, 7, o->phone ? o->phone : "");
	db_bind_text(st, 8, o->hours ? o->hours : "[]");
	db_bind_int64(st, 9, o->open_on_holidays);
	db_bind_int64(st, 10, o->officials_per_slot);
	db_bind_int64(st, 11, o->swap_needs_approval);
	db_bind_text(st, 12, o->status);
}

int store_room_insert(struct db *db, struct store_room *o, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->community_id);
	bind_fields(st, o);
	db_bind_id(st, 13, o->created_by);
	db_bind_text(st, 14, now);
	if (rows_returning_id(db, st, &o->id, e))
		return -1;
	o->version = 1;
	o->event_count = 0;
	o->created_at = o->updated_at = now;
	return 0;
}

int store_room_update(struct db *db, struct store_room *o, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	bind_fields(st, o);
	db_bind_text(st, 13, now);
	db_bind_int64(st, 14, o->version);
	if (rows_run_versioned(db, st, "room", e))
		return -1;
	o->version++;
	o->updated_at = now;
	return 0;
}

int store_room_list(struct db *db, const struct room_filter *f, struct arena *a,
                    struct store_room **out, int *n, int64_t *next, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT " ROOM_COLS FROM_ROOM " WHERE 1 = 1");
	if (f->community_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "r.community_path", f->community_path, a);
	}
	if (f->community_id)
		store_sql_int(c, " AND r.community_id = ?", f->community_id);
	if (f->status)
		store_sql_text(c, " AND r.status = ?", f->status);
	if (f->after)
		store_sql_int(c, " AND r.id < ?", f->after);
	store_sql_int(c, " ORDER BY r.id DESC LIMIT ?", f->limit + 1);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	*out = rows_page(st, f->limit, sizeof **out, offsetof(struct store_room, id), read_room, a,
	                 n, next, e);
	db_finalize(st);
	return *out ? 0 : -1;
}

static void read_exception(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_room_exception *x = item;
	x->id = db_col_int64(st, 0);
	x->day = rows_text(st, 1, a);
	x->kind = rows_text(st, 2, a);
	x->from_time = rows_text(st, 3, a);
	x->to_time = rows_text(st, 4, a);
	x->note = rows_text(st, 5, a);
}

int store_room_exceptions(struct db *db, int64_t room_id, const char *from, const char *to,
                          struct arena *a, struct store_room_exception **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_exceptions, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, room_id);
	bind_text_or_null(st, 2, from);
	bind_text_or_null(st, 3, to);
	db_bind_int64(st, 4, EXCEPTIONS_MAX);
	*out = rows_page(st, EXCEPTIONS_MAX, sizeof **out,
	                 offsetof(struct store_room_exception, id), read_exception, a, n, NULL, e);
	return *out ? 0 : -1;
}

int store_room_exceptions_set(struct db *db, int64_t room_id, const struct store_room_exception *x,
                              int n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_exceptions_clear, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, room_id);
	if (db_run(st, e, db))
		return -1;
	for (int i = 0; i < n; i++) {
		st = db_prepare(db, &q_exception_insert, e);
		if (!st)
			return -1;
		db_bind_int64(st, 1, room_id);
		db_bind_text(st, 2, x[i].day);
		db_bind_text(st, 3, x[i].kind);
		bind_text_or_null(st, 4, x[i].from_time);
		bind_text_or_null(st, 5, x[i].to_time);
		db_bind_text(st, 6, x[i].note ? x[i].note : "");
		if (db_run(st, e, db))
			return -1;
	}
	return 0;
}
