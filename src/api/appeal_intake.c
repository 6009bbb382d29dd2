/* appeal_intake: POST /api/v1/appeals — a person (no login) or staff recording a hotline
 * call or a visit submits an appeal. It gets a readable tracking number and a secret access
 * token (shown once, stored as a hash), is routed by the dispatch catalogue (clear cases
 * at once, otherwise a proposed unit, else the district: 兜底), and starts its first
 * deadline. An Idempotency-Key makes a retry within 24 hours return the first answer,
 * token included; that answer is kept encrypted until the key expires. The key and the
 * public's rate limit are the route's flags (R_IDEMPOTENT, R_LIMIT_SUBMIT), applied around
 * this handler by the HTTP layer (api/intake.c). */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/catalog.h"
#include "api/intake.h"
#include "api/validate.h"
#include "ops/appeal_create.h"
#include "store/catalog.h"
#include "store/mailbox.h"
#include "store/rooms.h"
#include "store/users.h"
#include "util/secret.h"

#include <string.h>

static const char *const urgency_names[] = {"normal", "urgent"};
static const char *const submitter_types[] = {"resident", "enterprise", "employee"};
/* Channels the public may use by themselves (a reception room's QR code and a secretary's
 * mailbox included); staff record hotline calls and fast-lane cases. */
static const char *const public_channels[] = {"web", "mini_program", "public_account",
					      "reception_room", "mailbox"};

static const struct vfield fields[] = {
    {"category", V_STRING, V_REQUIRED, 1, 32},
    {"title", V_STRING, V_REQUIRED, 2, 100},
    {"description", V_TEXT, V_REQUIRED, 5, 5000},
    {"channel", V_ENUM, 0, 0, 0, channel_names, 8},
    {"urgency", V_ENUM, 0, 0, 0, urgency_names, 2},
    {"submitter", V_OBJECT, V_REQUIRED},
    {"location", V_OBJECT, 0},
    {"publishable", V_BOOL, 0},
    {"attachments", V_KEY_ARRAY, 0, 0, 9},
    {"addressed_to", V_ID, V_NULLABLE},
    {"room_id", V_ID, V_NULLABLE},
};

static const struct vfield submitter_fields[] = {
	{"type", V_ENUM, V_REQUIRED, 0, 0, submitter_types, 3},
	{"name", V_STRING, V_NULLABLE, 0, 50},
	{"phone", V_STRING, V_NULLABLE, 0, 20},
	{"email", V_STRING, V_NULLABLE, 0, 100},
	{"org_id", V_ID, V_NULLABLE},
};

static const struct vfield location_fields[] = {
	{"community_id", V_ID, V_NULLABLE},
	{"address", V_STRING, V_NULLABLE, 0, 200},
	{"lat", V_NUMBER, V_NULLABLE, -90, 90},
	{"lng", V_NUMBER, V_NULLABLE, -180, 180},
};

/* A letter to the secretary's mailbox (书记信箱, channel `mailbox`): addressed to one
 * secretary (addressed_to, whose community it then belongs to) or to a community, whose
 * only secretary it is then addressed to (with several, to all of them: addressed_to stays
 * empty and each sees it in their mailbox). It goes first to that community's alliance:
 * proposed there and dispatched there at once by the system, not through the dispatch
 * catalogue. Sets a->addressed_to and the place; *community gets the community. */
static int letter_address(struct req *r, struct appeal_new *n, struct store_org *community,
                          bool has_community)
{
	struct store_appeal *a = &n->a;
	json_t *to = json_object_get(r->body, "addressed_to");
	if (json_is_integer(to)) {
		struct store_role *roles;
		int n_roles = 0;
		if (store_roles_of(r->rdb, json_integer_value(to), &r->arena, &roles, &n_roles,
		                   &r->err))
			return -1;
		/* Secretaries of a community: any (to know they are one), and of the letter's. */
		int any = 0, found = 0;
		struct store_org o;
		for (int i = 0; i < n_roles; i++) {
			if (strcmp(roles[i].role, "secretary"))
				continue;
			if (store_org_get(r->rdb, roles[i].org_id, &r->arena, &o, &r->err))
				return -1;
			if (strcmp(o.kind, "community"))
				continue;
			any++;
			if ((!has_community || o.id == community->id) && found++ == 0)
				*community = o;
		}
		if (!any)
			return err_set(&r->err, 404, "not_found", "addressed_to",
			               "no such secretary");
		if (!found)
			return err_invalid(&r->err, "addressed_to",
			                   "not a secretary of this community");
		if (found > 1)
			return err_invalid(&r->err, "location.community_id",
			                   "name the community of the letter");
		a->addressed_to = json_integer_value(to);
	} else if (!has_community) {
		return err_invalid(&r->err, "addressed_to",
		                   "a letter goes to a secretary (addressed_to) or a community "
		                   "(location.community_id)");
	} else {
		int64_t ids[MAILBOX_MAX_SECRETARIES];
		int n_ids = 0;
		if (store_secretaries_at(r->rdb, community->id, ids, MAILBOX_MAX_SECRETARIES,
		                         &n_ids, &r->err))
			return -1;
		a->addressed_to = n_ids == 1 ? ids[0] : 0;
	}
	appeal_route_to(n, community);
	return 0;
}

struct intake {
	struct appeal_new n;
	char token[SECRET_TOKEN_LEN + 1];
};

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct intake *in = r->write_arg;
	struct store_appeal *a = &in->n.a;
	struct actor who = {r->auth.user_id ? "staff" : "submitter", r->auth.user_id};
	if (appeal_create(db, r->app->audit_key, &in->n, &who, &r->arena, e))
		return -1;
	json_t *out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)a->id,
				"tracking_no", a->tracking_no, "access_token", in->token, "status",
				a->status, "category", a->category, "title", a->title, "created_at",
				a->created_at, "proposed_org_id",
				a->proposed_org_id ? json_integer(a->proposed_org_id) : json_null());
	if (r->auth.user_id) {
		/* Staff recording a call see at once whether the case is already known. */
		json_t *similar = appeal_similar_json(r, db, a);
		if (!similar)
			return *e = r->err, -1;
		json_object_set_new(out, "similar", similar);
	}
	return api_reply(r, 201, out);
}

int api_appeals_create(struct req *r)
{
	if (validate_body(r, fields, N_OF(fields), false))
		return -1;
	json_t *sub = json_object_get(r->body, "submitter");
	json_t *loc = json_object_get(r->body, "location");
	if (validate_object(r, sub, "submitter", submitter_fields, N_OF(submitter_fields), false) ||
	    (loc &&
	     validate_object(r, loc, "location", location_fields, N_OF(location_fields), false)))
		return -1;
	struct intake *in = arena_alloc(&r->arena, sizeof *in);
	struct store_appeal *a = &in->n.a;
	a->category = body_str(r, "category");
	a->title = body_str(r, "title");
	a->description = body_str(r, "description");
	bool letter = json_is_integer(json_object_get(r->body, "addressed_to"));
	a->channel = body_str(r, "channel") ? body_str(r, "channel") : letter ? "mailbox" : "web";
	if (letter && strcmp(a->channel, "mailbox"))
		return err_invalid(&r->err, "addressed_to",
		                   "only a letter (channel mailbox) is addressed to a secretary");
	a->urgency = body_str(r, "urgency") ? body_str(r, "urgency") : "normal";
	a->publishable = body_bool(r, "publishable", false);
	a->submitter_type = obj_str(sub, "type");
	a->name = obj_str(sub, "name");
	a->phone = obj_str(sub, "phone");
	a->email = obj_str(sub, "email");
	a->created_by = r->auth.user_id;
	if (intake_check_contact(r, a->phone, a->email))
		return -1;

	bool staff = r->auth.user_id != 0;
	if (!staff && names_find(public_channels, 5, a->channel) < 0)
		return err_invalid(&r->err, "channel", "the %s channel is recorded by staff",
				   a->channel);

	struct store_category cat;
	if (ref_category(r, a->category, "category", &cat))
		return -1;
	a->tier = cat.tier;

	struct store_org community, *community_p = NULL;
	json_t *cid = loc ? json_object_get(loc, "community_id") : NULL;
	if (json_is_integer(cid)) {
		if (ref_org(r, json_integer_value(cid), "location.community_id", "community",
			    &community))
			return -1;
		a->community_id = community.id;
		a->place_path = community.path;
		community_p = &community;
	} else {
		struct store_org root;
		if (appeal_district_root(r->rdb, &r->arena, &root, &r->err))
			return -1;
		a->place_path = root.path;
	}
	/* From a reception room (its poster's QR code): the room's community. */
	json_t *rid = json_object_get(r->body, "room_id");
	if (json_is_integer(rid)) {
		struct store_room room;
		struct err nf;
		if (store_room_get(r->rdb, json_integer_value(rid), &r->arena, &room, &nf) ||
		    strcmp(room.status, "active"))
			return err_set(&r->err, 404, "not_found", "room_id", "no such room");
		if (community_p && community.id != room.community_id)
			return err_invalid(&r->err, "room_id", "the room is of another community");
		if (!community_p &&
		    ref_org(r, room.community_id, "room_id", "community", &community))
			return -1;
		community_p = &community;
		a->community_id = community.id;
		a->place_path = community.path;
		a->room_id = room.id;
	}
	if (loc) {
		a->address = obj_str(loc, "address");
		json_t *lat = json_object_get(loc, "lat"), *lng = json_object_get(loc, "lng");
		if (json_is_number(lat) != json_is_number(lng))
			return err_invalid(&r->err, json_is_number(lat) ? "location.lng" : "location.lat",
					   "give both lat and lng, or neither");
		if (json_is_number(lat)) {
			a->has_location = true;
			a->lat = json_number_value(lat);
			a->lng = json_number_value(lng);
		}
	}
	json_t *org = json_object_get(sub, "org_id");
	if (json_is_integer(org)) {
		struct store_org o;
		struct err e = {0};
		if (store_org_get(r->rdb, json_integer_value(org), &r->arena, &o, &e))
			return err_set(&r->err, 404, "not_found", "submitter.org_id",
				       "no such organisation");
		a->submitter_org_id = o.id;
	} else if (staff) {
		/* A liaison files for their own enterprise (the fast lane). */
		for (int i = 0; i < r->auth.who.n_grants; i++)
			if (r->auth.who.grants[i].role == ROLE_LIAISON)
				a->submitter_org_id = r->auth.who.grants[i].org_id;
	}
	json_t *att = json_object_get(r->body, "attachments");
	if (att && json_array_size(att)) {
		size_t i;
		json_t *x;
		const char **ids = arena_alloc(&r->arena, sizeof *ids * json_array_size(att));
		json_array_foreach(att, i, x) ids[i] = json_string_value(x);
		in->n.attachments = ids;
		in->n.n_attachments = (int)json_array_size(att);
		in->n.uploader = api_attachments_uploader(r);
	}

	if (!strcmp(a->channel, "mailbox")) {
		if (letter_address(r, &in->n, &community, community_p != NULL))
			return -1;
	} else if (appeal_route(r->rdb, &in->n, community_p, &r->arena, &r->err))
		return -1;
	intake_token(in->token, a->access_hash);
	return api_write(r, create_write, in);
}
