/* rooms (API): reception rooms, their hours and the public's view (see rooms.h). */
#include "api/rooms.h"
#include "api/lists.h"
#include "api/validate.h"
#include "domain/rota.h"
#include "ops/room.h"
#include "store/attachments.h"
#include "util/clock.h"
#include "util/jsonw.h"

#include <stdio.h>
#include <string.h>

#define MAX_EXCEPTIONS 200

static const char *const room_status_names[] = {"active", "closed"};
static const char *const exception_kind_names[] = {"closed", "open"};

bool rooms_may_manage(const struct principal *p, const char *path)
{
	return scope_can_change(p, ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_ADMIN), path);
}

int rooms_load_visible(struct req *r, struct db *db, int64_t id, struct store_room *o,
                       struct err *e)
{
	struct err ge = {0};
	if (store_room_get(db, id, &r->arena, o, &ge)) {
		*e = ge;
		return -1;
	}
	if (!scope_can_read(&r->auth.who, o->community_path))
		return err_not_found(e, "room");
	return 0;
}

/* ---- hours ------------------------------------------------------------------------------ */

/* "HH:MM" (00:00..24:00) as minutes; -1 when it is not one. */
static int parse_hm(const char *s)
{
	int h, m;
	char tail;
	if (!s || strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || s[2] != ':' ||
	    h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

static void format_hm(int minutes, char out[6])
{
	snprintf(out, 6, "%02d:%02d", minutes / 60 % 100, minutes % 60);
}

static const struct vfield period_fields[] = {
    {"weekday", V_INT, V_REQUIRED, 1, 7},
    {"from", V_STRING, V_REQUIRED, 5, 5},
    {"to", V_STRING, V_REQUIRED, 5, 5},
};

static const char *hours_error_text(enum rota_hours_error err)
{
	switch (err) {
	case ROTA_HOURS_WEEKDAY:
		return "a weekday must be 1 (Monday) to 7 (Sunday)";
	case ROTA_HOURS_TIME:
		return "times are HH:MM from 00:00 to 24:00";
	case ROTA_HOURS_ORDER:
		return "an opening period must end after it starts";
	case ROTA_HOURS_OVERLAP:
		return "opening periods overlap";
	case ROTA_HOURS_TOO_MANY:
		return "too many opening periods";
	default:
		return "";
	}
}

/* Reads the periods of a JSON array into p (at most ROTA_MAX_PERIODS). */
static int read_periods(struct req *r, json_t *arr, struct rota_period *p, int *n)
{
	size_t i;
	json_t *x;
	*n = 0;
	json_array_foreach(arr, i, x)
	{
		char name[32];
		snprintf(name, sizeof name, "hours[%zu]", i);
		if (validate_object(r, x, name, period_fields, N_OF(period_fields), false))
			return -1;
		int from = parse_hm(obj_str(x, "from")), to = parse_hm(obj_str(x, "to"));
		if (from < 0 || to < 0)
			return err_invalid(&r->err, "hours", "%s",
			                   hours_error_text(ROTA_HOURS_TIME));
		p[(*n)++] = (struct rota_period){
		    (int)json_integer_value(json_object_get(x, "weekday")), from, to};
	}
	int bad;
	enum rota_hours_error he = rota_hours_check(p, *n, &bad);
	if (he != ROTA_HOURS_OK)
		return err_invalid(&r->err, "hours", "%s", hours_error_text(he));
	return 0;
}

/* The periods as the canonical JSON the row keeps, sorted by weekday and time. */
static const char *hours_text(struct req *r, struct rota_period *p, int n)
{
	for (int i = 1; i < n; i++)
		for (int k = i;
		     k > 0 && (p[k - 1].weekday > p[k].weekday ||
		               (p[k - 1].weekday == p[k].weekday && p[k - 1].from > p[k].from));
		     k--) {
			struct rota_period t = p[k];
			p[k] = p[k - 1];
			p[k - 1] = t;
		}
	json_t *arr = req_keep(r, json_array());
	for (int i = 0; i < n; i++) {
		char f[6], t[6];
		format_hm(p[i].from, f);
		format_hm(p[i].to, t);
		json_array_append_new(
		    arr, json_pack("{s:i, s:s, s:s}", "weekday", p[i].weekday, "from", f, "to", t));
	}
	return canonical_json(&r->arena, arr);
}

/* The periods of a room's stored hours. */
static int rooms_periods(const char *hours, struct rota_period *p, int *n)
{
	*n = 0;
	json_t *arr = json_loads(hours ? hours : "[]", 0, NULL);
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
	{
		if (*n >= ROTA_MAX_PERIODS)
			break;
		p[*n].weekday = (int)json_integer_value(json_object_get(x, "weekday"));
		p[*n].from = parse_hm(json_string_value(json_object_get(x, "from")));
		p[*n].to = parse_hm(json_string_value(json_object_get(x, "to")));
		(*n)++;
	}
	json_decref(arr);
	return 0;
}

static const struct vfield exception_fields[] = {
    {"day", V_DATE, V_REQUIRED},
    {"kind", V_ENUM, V_REQUIRED, 0, 0, exception_kind_names, 2},
    {"from", V_STRING, V_NULLABLE, 5, 5},
    {"to", V_STRING, V_NULLABLE, 5, 5},
    {"note", V_STRING, 0, 0, 200},
};

/* Reads the exceptions into x (arena) and checks them against the periods p. */
static int read_exceptions(struct req *r, json_t *arr, const struct rota_period *p, int np,
                           struct store_room_exception **out, int *n)
{
	int cap = (int)json_array_size(arr);
	struct store_room_exception *x =
	    arena_alloc(&r->arena, sizeof *x * (size_t)(cap ? cap : 1));
	struct rota_exception *rx = arena_alloc(&r->arena, sizeof *rx * (size_t)(cap ? cap : 1));
	size_t i;
	json_t *o;
	*n = 0;
	json_array_foreach(arr, i, o)
	{
		char name[32];
		snprintf(name, sizeof name, "exceptions[%zu]", i);
		if (validate_object(r, o, name, exception_fields, N_OF(exception_fields), false))
			return -1;
		const char *day = obj_str(o, "day"), *kind = obj_str(o, "kind");
		bool closed = !strcmp(kind, "closed");
		int from = parse_hm(obj_str(o, "from")), to = parse_hm(obj_str(o, "to"));
		if (!closed && (from < 0 || to < 0))
			return err_invalid(&r->err, "exceptions",
			                   "an extra opening needs from and to as HH:MM");
		int y, m, d;
		clock_parse_date(day, &y, &m, &d);
		rx[*n] = (struct rota_exception){y * 10000 + m * 100 + d, closed, from, to};
		char *f = NULL, *t = NULL;
		if (!closed) {
			f = arena_alloc(&r->arena, 6);
			t = arena_alloc(&r->arena, 6);
			format_hm(from, f);
			format_hm(to, t);
		}
		x[*n] = (struct store_room_exception){0, day, kind, f, t, obj_str(o, "note")};
		(*n)++;
	}
	int bad;
	enum rota_hours_error he = rota_exceptions_check(p, np, rx, *n, &bad);
	if (he != ROTA_HOURS_OK)
		return err_invalid(&r->err, "exceptions", "%s (%s)",
		                   he == ROTA_HOURS_OVERLAP ? "an extra opening overlaps the hours"
		                                            : hours_error_text(he),
		                   x[bad].day);
	*out = x;
	return 0;
}

/* ---- views --------------------------------------------------------------------------------- */

static json_t *exceptions_json(const struct store_room_exception *x, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:o, s:o, s:s}", "day", x[i].day, "kind", x[i].kind,
		              "from", x[i].from_time ? json_string(x[i].from_time) : json_null(),
		              "to", x[i].to_time ? json_string(x[i].to_time) : json_null(), "note",
		              x[i].note ? x[i].note : ""));
	return arr;
}

/* What the public and staff both see of a room. */
static json_t *room_public_json(const struct store_room *o)
{
	json_t *hours = json_loads(o->hours ? o->hours : "[]", 0, NULL);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:b, s:s}", "id",
	                 (json_int_t)o->id, "community_id", (json_int_t)o->community_id,
	                 "community_name", o->community_name ? o->community_name : "", "name",
	                 o->name, "address", o->address ? o->address : "", "lat",
	                 o->has_location ? json_real(o->lat) : json_null(), "lng",
	                 o->has_location ? json_real(o->lng) : json_null(), "photo_id",
	                 o->photo_id ? json_string(o->photo_id) : json_null(), "phone",
	                 o->phone ? o->phone : "", "hours", hours ? hours : json_array(),
	                 "open_on_holidays", o->open_on_holidays, "status", o->status);
}

static json_t *rooms_json(struct req *r, struct db *db, const struct store_room *o, bool full)
{
	json_t *j = room_public_json(o);
	json_object_set_new(j, "officials_per_slot", json_integer(o->officials_per_slot));
	json_object_set_new(j, "swap_needs_approval", json_boolean(o->swap_needs_approval));
	json_object_set_new(j, "version", json_integer(o->version));
	json_object_set_new(j, "created_at", json_string(o->created_at));
	json_object_set_new(j, "updated_at", json_string(o->updated_at));
	if (full) {
		struct store_room_exception *x;
		int n;
		struct err e = {0};
		if (!store_room_exceptions(db, o->id, NULL, NULL, &r->arena, &x, &n, &e))
			json_object_set_new(j, "exceptions", exceptions_json(x, n));
		json_t *actions = json_array();
		if (rooms_may_manage(&r->auth.who, o->community_path)) {
			json_array_append_new(actions, json_string("update"));
			json_array_append_new(actions, json_string("generate"));
		}
		json_object_set_new(j, "actions", actions);
	}
	return j;
}

/* ---- GET /rooms ------------------------------------------------------------------------------ */

int api_rooms_list(struct req *r)
{
	if (!scope_has_role(&r->auth.who, ROLES_ANY_STAFF))
		return err_forbidden(&r->err, "rooms are for staff with a role");
	struct page pg;
	struct room_filter f = {0};
	int status;
	if (query_page(r, &pg) || query_enum(r, "status", room_status_names, 2, &status) ||
	    query_org_path(r, "community_id", &f.community_path))
		return -1;
	f.status = status >= 0 ? room_status_names[status] : NULL;
	f.after = pg.after;
	f.limit = pg.limit;
	struct store_room *items;
	int n;
	int64_t next;
	if (store_room_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		if (scope_can_read(&r->auth.who, items[i].community_path))
			json_array_append_new(arr, rooms_json(r, r->rdb, &items[i], false));
	return api_reply(r, 200, page_result(arr, next));
}

/* ---- POST /rooms and PATCH /rooms/{id} ------------------------------------------------------- */

static const struct vfield create_fields[] = {
    {"community_id", V_ID, V_REQUIRED},
    {"name", V_STRING, V_REQUIRED, 2, 100},
    {"address", V_STRING, 0, 0, 200},
    {"lat", V_NUMBER, V_NULLABLE, -90, 90},
    {"lng", V_NUMBER, V_NULLABLE, -180, 180},
    {"photo_id", V_STRING, V_NULLABLE, 1, 64},
    {"phone", V_STRING, 0, 0, 40},
    {"hours", V_OBJECT_ARRAY, V_REQUIRED, 0, ROTA_MAX_PERIODS},
    {"exceptions", V_OBJECT_ARRAY, 0, 0, MAX_EXCEPTIONS},
    {"open_on_holidays", V_BOOL},
    {"officials_per_slot", V_INT, 0, 1, ROTA_MAX_SEATS},
    {"swap_needs_approval", V_BOOL},
};

static const struct vfield update_fields[] = {
    {"name", V_STRING, 0, 2, 100},
    {"address", V_STRING, 0, 0, 200},
    {"lat", V_NUMBER, V_NULLABLE, -90, 90},
    {"lng", V_NUMBER, V_NULLABLE, -180, 180},
    {"photo_id", V_STRING, V_NULLABLE, 1, 64},
    {"phone", V_STRING, 0, 0, 40},
    {"hours", V_OBJECT_ARRAY, 0, 0, ROTA_MAX_PERIODS},
    {"exceptions", V_OBJECT_ARRAY, 0, 0, MAX_EXCEPTIONS},
    {"open_on_holidays", V_BOOL},
    {"officials_per_slot", V_INT, 0, 1, ROTA_MAX_SEATS},
    {"swap_needs_approval", V_BOOL},
    {"status", V_ENUM, 0, 0, 0, room_status_names, 2},
    {"version", V_INT, 0, 1, INT32_MAX},
};

/* A room as a request should leave it, with its exceptions. */
struct room_change {
	struct store_room room;
	struct store_room_exception *x;
	int n_x;
	bool x_given;
	int64_t version;
};

/* Reads the body's fields over c->room (those it names); checks hours and exceptions. */
static int read_room(struct req *r, struct room_change *c)
{
	struct store_room *o = &c->room;
	static const char *const texts[] = {"name", "address", "phone", "status"};
	const char **slots[] = {&o->name, &o->address, &o->phone, &o->status};
	for (int i = 0; i < N_OF(texts); i++)
		if (body_str(r, texts[i]))
			*slots[i] = body_str(r, texts[i]);
	if (body_has(r, "photo_id")) {
		o->photo_id = body_str(r, "photo_id");
		struct store_attachment att;
		struct err ae = {0};
		if (o->photo_id && attachments_get(r->rdb, o->photo_id, &r->arena, &att, &ae))
			return ref_not_found(r, &ae, "photo_id", "no such upload");
	}
	bool has_lat = body_has(r, "lat"), has_lng = body_has(r, "lng");
	if (has_lat != has_lng)
		return err_invalid(&r->err, has_lat ? "lng" : "lat", "lat and lng go together");
	if (has_lat) {
		json_t *lat = json_object_get(r->body, "lat"),
		       *lng = json_object_get(r->body, "lng");
		o->has_location = !json_is_null(lat) && !json_is_null(lng);
		if (o->has_location) {
			o->lat = json_number_value(lat);
			o->lng = json_number_value(lng);
		}
	}
	o->open_on_holidays = body_bool(r, "open_on_holidays", o->open_on_holidays);
	o->swap_needs_approval = body_bool(r, "swap_needs_approval", o->swap_needs_approval);
	o->officials_per_slot = body_int(r, "officials_per_slot", o->officials_per_slot);
	struct rota_period p[ROTA_MAX_PERIODS];
	int np;
	if (body_has(r, "hours")) {
		if (read_periods(r, json_object_get(r->body, "hours"), p, &np))
			return -1;
		o->hours = hours_text(r, p, np);
	} else {
		rooms_periods(o->hours, p, &np);
	}
	c->x_given = body_has(r, "exceptions");
	if (c->x_given &&
	    read_exceptions(r, json_object_get(r->body, "exceptions"), p, np, &c->x, &c->n_x))
		return -1;
	return 0;
}

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct room_change *c = r->write_arg;
	struct actor who = {"staff", r->auth.user_id};
	if (room_create(db, r->app->audit_key, &c->room, c->x, c->n_x, &who, &r->arena, e) ||
	    store_room_get(db, c->room.id, &r->arena, &c->room, e))
		return -1;
	return api_reply(r, 201, rooms_json(r, db, &c->room, true));
}

int api_rooms_create(struct req *r)
{
	if (validate_body(r, create_fields, N_OF(create_fields), false))
		return -1;
	struct room_change *c = arena_alloc(&r->arena, sizeof *c);
	struct store_org org;
	if (ref_org(r, body_int(r, "community_id", 0), "community_id", "community", &org))
		return -1;
	if (!rooms_may_manage(&r->auth.who, org.path))
		return err_forbidden(&r->err,
		                     "only the community's secretaries and admins keep its rooms");
	c->room = (struct store_room){.community_id = org.id,
	                              .community_path = org.path,
	                              .officials_per_slot = 1,
	                              .swap_needs_approval = true,
	                              .status = "active",
	                              .created_by = r->auth.user_id};
	if (read_room(r, c))
		return -1;
	return api_write(r, create_write, c);
}

int api_rooms_get(struct req *r)
{
	struct store_room o;
	if (rooms_load_visible(r, r->rdb, r->ids[0], &o, &r->err))
		return -1;
	return api_reply(r, 200, rooms_json(r, r->rdb, &o, true));
}

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct room_change *c = r->write_arg;
	struct store_room cur;
	if (rooms_load_visible(r, db, r->ids[0], &cur, e))
		return -1;
	if (!rooms_may_manage(&r->auth.who, cur.community_path))
		return err_forbidden(e,
		                     "only the community's secretaries and admins keep its rooms");
	struct actor who = {"staff", r->auth.user_id};
	if (room_update(db, r->app->audit_key, &cur, &c->room, c->version, c->x_given, c->x, c->n_x,
	                &who, &r->arena, e) ||
	    store_room_get(db, c->room.id, &r->arena, &c->room, e))
		return -1;
	return api_reply(r, 200, rooms_json(r, db, &c->room, true));
}

int api_rooms_update(struct req *r)
{
	if (validate_body(r, update_fields, N_OF(update_fields), true))
		return -1;
	struct room_change *c = arena_alloc(&r->arena, sizeof *c);
	if (rooms_load_visible(r, r->rdb, r->ids[0], &c->room, &r->err))
		return -1;
	if (!rooms_may_manage(&r->auth.who, c->room.community_path))
		return err_forbidden(&r->err,
		                     "only the community's secretaries and admins keep its rooms");
	c->version = body_int(r, "version", 0);
	if (c->version && c->version != c->room.version)
		return err_stale(&r->err, "room");
	if (read_room(r, c))
		return -1;
	return api_write(r, update_write, c);
}

int api_rooms_events(struct req *r)
{
	struct store_room o;
	struct store_event *evs;
	int n;
	if (rooms_load_visible(r, r->rdb, r->ids[0], &o, &r->err) ||
	    store_room_events(r->rdb, o.id, &r->arena, &evs, &n, &r->err))
		return -1;
	return api_reply(r, 200, page_result(lists_events_json(evs, n, false, NULL), 0));
}

/* ---- GET /public/rooms?community_id= --------------------------------------------------------- */

int api_public_rooms(struct req *r)
{
	int64_t cid;
	if (query_int(r, "community_id", 0, 1, INT64_MAX, &cid))
		return -1;
	if (!cid)
		return err_invalid(&r->err, "community_id", "community_id is required");
	struct store_org org;
	if (ref_org(r, cid, "community_id", "community", &org))
		return -1;
	struct room_filter f = {.community_id = org.id, .status = "active", .limit = 200};
	struct store_room *items;
	int n;
	int64_t next;
	if (store_room_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, room_public_json(&items[i]));
	return api_reply(r, 200, page_result(arr, 0));
}
