/* visits: the visit log of the reception rooms (来访登记) over HTTP — GET and POST
 * /api/v1/visits, GET /api/v1/visits/stats, GET /api/v1/visits/{id} and POST
 * /api/v1/visits/{id}/events (to_appeal, to_need, answer, refer). A handler parses,
 * authorizes by domain/visit.h (the room's community and the member units of its
 * alliance: a room or visit the caller may not see is 404), calls ops/visit.h in the
 * writer and renders the visit: its follow-up (the appeal's or need's number and status)
 * and whether it is still open. The visitor's personal data is shown in full to the
 * official who recorded the visit and masked for everyone else. */
#include "api/visits.h"

#include "api/intake.h"
#include "api/lists.h"
#include "api/render.h"
#include "api/validate.h"
#include "domain/mask.h"
#include "domain/utf8.h"
#include "domain/visit.h"
#include "ops/intake.h"
#include "ops/visit.h"
#include "store/needs.h"
#include "store/rooms.h"
#include "util/clock.h"
#include "util/secret.h"

#include <stdio.h>
#include <string.h>

#define VISIT_MAX_MEMBERS 256

/* ---- who sees what ------------------------------------------------------------------ */

/* The rules' view of a community's alliance: its path and member units, in r's arena. */
static int place_of(struct req *r, struct db *db, int64_t community_id, const char *path,
                    struct visit_place *p, struct err *e)
{
	int64_t *ids = arena_alloc(&r->arena, sizeof *ids * VISIT_MAX_MEMBERS);
	p->community_path = path;
	p->member_ids = ids;
	return store_alliance_member_ids(db, community_id, ids, VISIT_MAX_MEMBERS, &p->n_members,
	                                 e) ||
	               store_visit_official(db, community_id, r->auth.user_id, &p->official, e)
	           ? -1
	           : 0;
}

/* Loads room `id` for a caller who records visits in it: 404 naming field when it does
 * not exist or the caller does not see it, 403 when they see it but may not record. */
static int room_for_visit(struct req *r, struct db *db, int64_t id, const char *field,
                          struct store_room *room, struct err *e)
{
	struct err nf;
	struct visit_place place;
	if (store_room_get(db, id, &r->arena, room, &nf))
		return nf.status == 404 ? err_set(e, 404, "not_found", field, "no such room")
		                        : (*e = nf, -1);
	if (place_of(r, db, room->community_id, room->community_path, &place, e))
		return -1;
	if (!visit_sees(&r->auth.who, &place))
		return err_set(e, 404, "not_found", field, "no such room");
	if (!visit_may_record(&r->auth.who, &place))
		return err_forbidden(e, "only the staff of the room's alliance record its visits");
	return 0;
}

/* Loads visit `id` if the caller sees it (else 404); *may_change says whether they may
 * decide it. */
static int visit_load(struct req *r, struct db *db, int64_t id, struct store_visit *v,
                      bool *may_change, struct err *e)
{
	struct visit_place place;
	if (store_visit_get(db, id, &r->arena, v, e))
		return -1;
	if (place_of(r, db, v->community_id, v->community_path, &place, e))
		return -1;
	if (!visit_sees(&r->auth.who, &place))
		return err_not_found(e, "visit");
	*may_change = visit_may_record(&r->auth.who, &place);
	return 0;
}

/* ---- the view ----------------------------------------------------------------------- */

static json_t *visit_json(struct req *r, const struct store_visit *v)
{
	/* The recorder sees what they wrote down; anyone else the masked form. */
	bool full = r->auth.user_id == v->recorded_by;
	json_t *follow = json_null();
	if (v->appeal_id || v->need_id) {
		bool appeal = v->appeal_id != 0;
		const char *st = v->follow_status;
		bool done = appeal ? st && !strcmp(st, "closed")
		                   : st && (!strcmp(st, "fulfilled") || !strcmp(st, "closed"));
		follow = json_pack("{s:s, s:I, s:o, s:o, s:b}", "kind", appeal ? "appeal" : "need",
		                   "id", (json_int_t)(appeal ? v->appeal_id : v->need_id),
		                   "tracking_no", render_str(v->follow_no), "status",
		                   render_str(v->follow_status), "done", done);
	}
	json_t *out = json_pack(
	    "{s:I, s:I, s:o, s:I, s:o, s:o, s:{s:o, s:o, s:b}, s:s, s:s, s:s, s:b, s:o, s:o, s:o,"
	    " s:o, s:{s:o, s:o}, s:o, s:o, s:s, s:s, s:I}",
	    "id", (json_int_t)v->id, "room_id", (json_int_t)v->room_id, "room_name",
	    render_str(v->room_name), "community_id", (json_int_t)v->community_id, "community_name",
	    render_str(v->community_name), "visited_at", render_str(v->visited_at), "visitor",
	    "name", render_masked(v->name, mask_name, full), "phone",
	    render_masked(v->phone, mask_phone, full), "erased", v->erased, "raised", v->raised,
	    "category", v->category, "outcome", v->outcome, "open", v->open, "answer",
	    render_str(v->answer), "referral", render_str(v->referral), "referred_org_id",
	    render_id(v->referred_org_id), "follow_up", follow, "recorded_by", "id",
	    render_id(v->recorded_by), "name", render_str(v->recorder_name), "decided_by",
	    render_id(v->decided_by), "decided_at", render_str(v->decided_at), "created_at",
	    v->created_at, "updated_at", v->updated_at, "version", (json_int_t)v->version);
	return req_keep(r, out);
}

/* ---- GET /visits and /visits/stats -------------------------------------------------- */

/* The caller's scope over visits: their grants but a liaison's (see domain/visit.h). */
static void visit_scope(struct req *r, struct store_scope *s)
{
	struct principal *p = arena_alloc(&r->arena, sizeof *p);
	struct grant *g = arena_alloc(&r->arena, sizeof *g * (size_t)(r->auth.who.n_grants + 1));
	p->user_id = r->auth.who.user_id;
	p->grants = g;
	for (int i = 0; i < r->auth.who.n_grants; i++)
		if (r->auth.who.grants[i].role != ROLE_LIAISON)
			g[p->n_grants++] = r->auth.who.grants[i];
	lists_scope_of(r, p, s);
}

static int filter_params(struct req *r, struct visit_filter *f)
{
	memset(f, 0, sizeof *f);
	f->open = -1;
	f->after_open = -1;
	if (query_int(r, "room_id", 0, 1, INT64_MAX, &f->room_id) ||
	    query_int(r, "community_id", 0, 1, INT64_MAX, &f->community_id))
		return -1;
	visit_scope(r, &f->scope);
	return 0;
}

int api_visits_list(struct req *r)
{
	struct visit_filter f;
	int64_t limit;
	if (filter_params(r, &f) || query_int(r, "limit", 50, 1, 200, &limit))
		return -1;
	f.limit = limit;
	const char *open = req_query(r, "open");
	if (open && strcmp(open, "true") && strcmp(open, "false"))
		return err_invalid(&r->err, "open", "open must be true or false");
	if (open)
		f.open = !strcmp(open, "true");
	/* The cursor is "<open>.<id>" of the last row of the page before (open ones come
	 * first, so the order is by open, then id, both descending). */
	const char *after = req_query(r, "after");
	if (after) {
		int o;
		long long id;
		char tail;
		if (sscanf(after, "%d.%lld%c", &o, &id, &tail) != 2 || (o != 0 && o != 1) || id < 1)
			return err_invalid(&r->err, "after", "after must be a cursor from next");
		f.after_open = o;
		f.after_id = id;
	}
	struct store_visit *items;
	int n;
	bool more;
	if (store_visit_list(r->rdb, &f, &r->arena, &items, &n, &more, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append(arr, visit_json(r, &items[i]));
	json_t *next = json_null();
	if (more)
		next = json_string(arena_printf(&r->arena, "%d.%lld", items[n - 1].open ? 1 : 0,
		                                (long long)items[n - 1].id));
	return api_reply(r, 200, json_pack("{s:o, s:o}", "items", arr, "next", next));
}

int api_visits_stats(struct req *r)
{
	struct visit_filter f;
	if (filter_params(r, &f))
		return -1;
	/* A month in Asia/Shanghai (YYYY-MM), or every visit. */
	const char *month = req_query(r, "month");
	const char *from = NULL, *to = NULL;
	if (month) {
		int y, m, d;
		char buf[CLOCK_ISO_LEN];
		if (strlen(month) != 7 ||
		    clock_parse_date(arena_printf(&r->arena, "%s-01", month), &y, &m, &d))
			return err_invalid(&r->err, "month", "month must be YYYY-MM");
		clock_iso(clock_days_from_civil(y, m, 1) * 86400 - 8 * 3600, buf);
		from = arena_strdup(&r->arena, buf);
		clock_iso(clock_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) * 86400 -
		              8 * 3600,
		          buf);
		to = arena_strdup(&r->arena, buf);
	}
	struct visit_counts c = {0};
	if (store_visit_counts(r->rdb, &f, from, to, &r->arena, &c, &r->err))
		return -1;
	/* Shares of the decided visits, in [0, 1]; null with none decided. */
	int64_t decided = c.visits - c.open;
	json_t *share = json_pack("{s:o, s:o, s:o, s:o}", "answered",
	                          decided ? json_real((double)c.answered / (double)decided) : json_null(),
	                          "appeal",
	                          decided ? json_real((double)c.appeal / (double)decided) : json_null(),
	                          "need", decided ? json_real((double)c.need / (double)decided) : json_null(),
	                          "referred",
	                          decided ? json_real((double)c.referred / (double)decided) : json_null());
	return api_reply(
	    r, 200,
	    json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "month", render_str(month),
	              "visits", (json_int_t)c.visits, "undecided", (json_int_t)c.open, "answered",
	              (json_int_t)c.answered, "appeal", (json_int_t)c.appeal, "need",
	              (json_int_t)c.need, "referred", (json_int_t)c.referred, "follow_ups_open",
	              (json_int_t)c.follow_ups_open, "share", share));
}

/* ---- POST /visits ------------------------------------------------------------------- */

static const struct vfield create_fields[] = {
	{"room_id", V_ID, V_REQUIRED},
	{"visited_at", V_STRING, V_NULLABLE, 0, 40},
	{"visitor", V_OBJECT, V_REQUIRED},
	{"raised", V_TEXT, V_REQUIRED, 5, 5000},
	{"category", V_STRING, V_REQUIRED, 1, 32},
};

static const struct vfield visitor_fields[] = {
	{"name", V_STRING, V_NULLABLE, 0, 50},
	{"phone", V_STRING, V_NULLABLE, 0, 20},
};

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct store_visit *v = r->write_arg;
	/* Again in the writer: the caller's rights and the room as they are now. */
	struct store_room room;
	if (room_for_visit(r, db, v->room_id, "room_id", &room, e))
		return -1;
	if (strcmp(room.status, "active"))
		return err_conflict(e, "room_closed", "the room is closed");
	v->community_id = room.community_id;
	if (visit_record(db, v, &r->arena, e) || store_visit_get(db, v->id, &r->arena, v, e))
		return -1;
	return api_reply(r, 201, json_incref(visit_json(r, v)));
}

int api_visits_create(struct req *r)
{
	if (validate_body(r, create_fields, N_OF(create_fields), false))
		return -1;
	json_t *who = json_object_get(r->body, "visitor");
	if (validate_object(r, who, "visitor", visitor_fields, N_OF(visitor_fields), false))
		return -1;
	struct store_visit *v = arena_alloc(&r->arena, sizeof *v);
	v->room_id = body_int(r, "room_id", 0);
	v->raised = body_str(r, "raised");
	v->category = body_str(r, "category");
	v->name = obj_str(who, "name");
	v->phone = obj_str(who, "phone");
	v->recorded_by = r->auth.user_id;
	if (v->phone && *v->phone && !intake_phone_ok(v->phone))
		return err_invalid(&r->err, "visitor.phone", "visitor.phone is not a phone number");
	if (ref_category(r, v->category, "category", NULL))
		return -1;
	/* When the visit happened: now, or a time given (not in the future). */
	int64_t now = clock_now(), t = now;
	const char *at = body_str(r, "visited_at");
	if (at && clock_parse_iso(at, &t))
		return err_invalid(&r->err, "visited_at", "visited_at must be an ISO 8601 time");
	if (t > now)
		return err_invalid(&r->err, "visited_at", "visited_at is in the future");
	char buf[CLOCK_ISO_LEN];
	clock_iso(t, buf);
	v->visited_at = arena_strdup(&r->arena, buf);
	struct store_room room;
	if (room_for_visit(r, r->rdb, v->room_id, "room_id", &room, &r->err))
		return -1;
	return api_write(r, create_write, v);
}

/* ---- GET /visits/{id} --------------------------------------------------------------- */

int api_visits_get(struct req *r)
{
	struct store_visit v;
	bool may;
	if (visit_load(r, r->rdb, r->ids[0], &v, &may, &r->err))
		return -1;
	return api_reply(r, 200, json_incref(visit_json(r, &v)));
}

/* ---- POST /visits/{id}/events ------------------------------------------------------- */

static const char *const urgency_names[] = {"normal", "urgent"};

/* Every field of every event; which ones an event takes is checked by type below. */
static const struct vfield event_fields[] = {
	{"type", V_ENUM, V_REQUIRED, 0, 0, visit_event_names, VISIT_EVENT__MAX},
	{"answer", V_TEXT, 0, 2, 5000},
	{"referral", V_TEXT, 0, 2, 1000},
	{"org_id", V_ID, V_NULLABLE},
	{"title", V_STRING, 0, 2, 100},
	{"description", V_TEXT, 0, 5, 5000},
	{"category", V_STRING, 0, 1, 32},
	{"urgency", V_ENUM, 0, 0, 0, urgency_names, 2},
	{"publishable", V_BOOL, 0},
	{"beneficiaries", V_OBJECT, 0},
	{"wanted_by", V_DATE, V_NULLABLE},
};

static const struct vfield beneficiary_fields[] = {
	{"who", V_STRING, V_REQUIRED, 1, 100},
	{"count", V_INT, V_REQUIRED, 1, 1000000},
};

/* The fields each event may carry (beyond type), and the one it needs. */
static const struct {
	const char *allowed[8];
	const char *required;
} event_shape[VISIT_EVENT__MAX] = {
    [VISIT_TO_APPEAL] = {{"title", "description", "category", "urgency", "publishable"}, NULL},
    [VISIT_TO_NEED] = {{"title", "description", "category", "urgency", "beneficiaries",
                        "wanted_by"},
                       NULL},
    [VISIT_ANSWER] = {{"answer"}, "answer"},
    [VISIT_REFER] = {{"referral", "org_id"}, "referral"},
};

struct visit_step {
	enum visit_event ev;
	int64_t id;
	struct appeal_new n;   /* to_appeal */
	struct store_need need; /* to_need */
	const char *address;
	int64_t org_id;
	const char *text;
	char token[SECRET_TOKEN_LEN + 1];
};

/* The first characters of s (at most max), cut at a whole character. */
static const char *title_of(struct arena *a, const char *s, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	for (int i = 0; *p && i < max; i++) {
		uint32_t cp;
		size_t k = utf8_next(p, &cp);
		if (cp == '\n' || cp == '\r')
			break;
		p += k ? k : 1;
	}
	return arena_strndup(a, s, (size_t)(p - (const unsigned char *)s));
}

static int step_write(struct db *db, struct req *r, struct err *e)
{
	struct visit_step *s = r->write_arg;
	struct store_visit v;
	bool may;
	/* Read again in the writer: a visit decided meanwhile is 409 in the operation. */
	if (visit_load(r, db, s->id, &v, &may, e))
		return -1;
	if (!may)
		return err_forbidden(e, "only the staff of the room's alliance decide its visits");
	struct actor who = {"staff", r->auth.user_id};
	int rc;
	switch (s->ev) {
	case VISIT_TO_APPEAL:
		rc = visit_to_appeal(db, r->app->audit_key, &v, &s->n, &who, &r->arena, e);
		break;
	case VISIT_TO_NEED:
		rc = visit_to_need(db, r->app->audit_key, &v, &s->need, s->address, &who, &r->arena, e);
		break;
	default:
		rc = visit_decide(db, &v, s->ev, s->text, s->org_id, &who, &r->arena, e);
	}
	if (rc || store_visit_get(db, v.id, &r->arena, &v, e))
		return -1;
	json_t *out = json_deep_copy(visit_json(r, &v));
	/* The access token of the new appeal or need is shown once, to hand to the visitor. */
	if (s->ev == VISIT_TO_APPEAL || s->ev == VISIT_TO_NEED)
		json_object_set_new(json_object_get(out, "follow_up"), "access_token",
		                    json_string(s->token));
	return api_reply(r, 200, out);
}

int api_visits_step(struct req *r)
{
	if (validate_body(r, event_fields, N_OF(event_fields), false))
		return -1;
	struct visit_step *s = arena_alloc(&r->arena, sizeof *s);
	s->ev = (enum visit_event)names_find(visit_event_names, VISIT_EVENT__MAX, body_str(r, "type"));
	s->id = r->ids[0];
	/* Only the fields of this event. */
	const char *key;
	json_t *val;
	json_object_foreach(r->body, key, val)
	{
		if (!strcmp(key, "type"))
			continue;
		bool ok = false;
		for (int i = 0; i < 8 && event_shape[s->ev].allowed[i]; i++)
			ok = ok || !strcmp(event_shape[s->ev].allowed[i], key);
		if (!ok)
			return err_set(&r->err, 400, "invalid", NULL, "%s does not take %s",
			               visit_event_names[s->ev], key);
	}
	const char *need = event_shape[s->ev].required;
	if (need && !body_str(r, need))
		return err_set(&r->err, 400, "invalid", NULL, "%s needs %s", visit_event_names[s->ev],
		               need);
	struct store_visit v;
	bool may;
	if (visit_load(r, r->rdb, s->id, &v, &may, &r->err))
		return -1;
	if (!may)
		return err_forbidden(&r->err, "only the staff of the room's alliance decide its visits");
	if (!visit_open(v.outcome))
		return err_conflict(&r->err, "decided", "the visit was decided already");
	s->text = s->ev == VISIT_ANSWER ? body_str(r, "answer") : body_str(r, "referral");
	s->org_id = body_int(r, "org_id", 0);
	if (s->org_id) {
		struct store_org o;
		if (ref_org(r, s->org_id, "org_id", NULL, &o))
			return -1;
	}
	if (s->ev != VISIT_TO_APPEAL && s->ev != VISIT_TO_NEED)
		return api_write(r, step_write, s);

	/* A new case from the visit: what was raised, unless the official rewrote it. */
	const char *category = body_str(r, "category") ? body_str(r, "category") : v.category;
	const char *desc = body_str(r, "description") ? body_str(r, "description") : v.raised;
	const char *title = body_str(r, "title") ? body_str(r, "title") : title_of(&r->arena, v.raised, 30);
	const char *urgency = body_str(r, "urgency") ? body_str(r, "urgency") : "normal";
	struct store_category cat;
	if (ref_category(r, category, "category", &cat))
		return -1;
	struct store_room room;
	struct err nf;
	if (store_room_get(r->rdb, v.room_id, &r->arena, &room, &nf))
		return err_internal(&r->err, "the visit's room is missing");
	s->address = room.address;
	if (s->ev == VISIT_TO_NEED) {
		json_t *ben = json_object_get(r->body, "beneficiaries");
		if (ben && validate_object(r, ben, "beneficiaries", beneficiary_fields,
		                           N_OF(beneficiary_fields), false))
			return -1;
		s->need.title = title;
		s->need.description = desc;
		s->need.category = category;
		s->need.urgency = urgency;
		s->need.wanted_by = body_str(r, "wanted_by");
		s->need.beneficiaries_who = ben ? obj_str(ben, "who") : "来访居民";
		s->need.beneficiaries_count = ben ? json_integer_value(json_object_get(ben, "count")) : 1;
		s->need.has_token = true;
		intake_token(s->token, s->need.access_hash);
		return api_write(r, step_write, s);
	}
	struct store_appeal *a = &s->n.a;
	a->category = category;
	a->tier = cat.tier;
	a->title = title;
	a->description = desc;
	a->urgency = urgency;
	a->publishable = body_bool(r, "publishable", false);
	a->address = room.address;
	a->community_id = v.community_id;
	struct store_org community;
	if (store_org_get(r->rdb, v.community_id, &r->arena, &community, &r->err) ||
	    appeal_route(r->rdb, &s->n, &community, &r->arena, &r->err))
		return -1;
	intake_token(s->token, a->access_hash);
	return api_write(r, step_write, s);
}
