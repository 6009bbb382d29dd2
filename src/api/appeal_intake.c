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
#include "domain/search.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "store/writer.h"
#include "util/clock.h"
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

struct intake {
	struct store_appeal a;
	char token[SECRET_TOKEN_LEN + 1];
	int64_t auto_lead; /* dispatch at once to this org (0: no) */
	const char *auto_lead_path, *auto_lead_name;
	const char *const *attachments;
	int n_attachments;
	int64_t search_id; /* the full-text row, added at the end of the batch */
	const char *search_tokens;
};

static int search_add(struct db *db, void *arg, struct err *e)
{
	struct intake *in = arg;
	return store_appeal_search_add(db, in->search_id, in->search_tokens, e);
}

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct intake *in = r->write_arg;
	struct store_appeal *a = &in->a;
	int64_t now_t = clock_now();
	char now[CLOCK_ISO_LEN];
	clock_iso(now_t, now);
	if (intake_tracking_no(db, "HY", now_t, &r->arena, &a->tracking_no, e))
		return -1;
	a->created_at = arena_strdup(&r->arena, now);
	struct store_category cat;
	struct workcal cal;
	if (store_category_get(db, a->category, &r->arena, &cat, e) ||
	    catalog_workcal(db, &r->arena, &cal, e))
		return -1;
	enum workcal_unit unit;
	if (!workcal_unit_parse(cat.accept.unit, &unit)) {
		int64_t due = workcal_deadline(&cal, now_t, (int)cat.accept.value, unit);
		char buf[CLOCK_ISO_LEN];
		clock_iso(due, buf);
		a->accept_due = due == WORKCAL_NEVER ? NULL : arena_strdup(&r->arena, buf);
	}
	size_t cap = strlen(a->title) * 3 + strlen(a->description) * 3 + 16;
	char *tokens = arena_alloc(&r->arena, cap);
	char *text = arena_printf(&r->arena, "%s\n%s", a->title, a->description);
	search_tokens(text, tokens, cap);
	/* The search row goes in at the end of the writer's batch (see writer_later). */
	if (store_appeal_insert(db, a, NULL, e))
		return -1;
	in->search_id = a->id;
	in->search_tokens = tokens;
	if (writer_later(db, search_add, in, e))
		return -1;
	/* In the same transaction: a bad attachment id leaves no appeal behind. */
	if (api_attachments_link(r, db, a->id, in->attachments, in->n_attachments, e))
		return -1;
	struct actor who = {r->auth.user_id ? "staff" : "submitter", r->auth.user_id};
	struct evdata *data = evdata_new(&r->arena);
	evdata_str(data, "channel", a->channel);
	evdata_str(data, "category", a->category);
	evdata_str(data, "urgency", a->urgency);
	if (appeal_event(db, r->app->audit_key, a, STEP_SUBMIT, &who, data, &r->arena, e) < 0)
		return -1;
	if (store_appeal_get(db, a->id, &r->arena, a, e))
		return -1;
	struct actor sys = {"system", 0};
	if (in->auto_lead) {
		/* A clear case in the dispatch catalogue goes to its unit at once. */
		struct step_input accept = {.step = STEP_ACCEPT};
		struct step_input dispatch = {.step = STEP_DISPATCH,
					      .lead_org_id = in->auto_lead,
					      .lead_path = in->auto_lead_path,
					      .lead_name = in->auto_lead_name};
		if (appeal_apply(db, r->app->audit_key, a, &accept, &sys, &r->arena, e) ||
		    appeal_apply(db, r->app->audit_key, a, &dispatch, &sys, &r->arena, e))
			return -1;
	}
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

/* The district at the root: where unclear cases fall back to (兜底). */
static int district_root(struct req *r, struct store_org *root)
{
	int rc = store_org_district(r->rdb, &r->arena, root, &r->err);
	if (rc > 0)
		return err_internal(&r->err, "there is no district; run huiyin init --demo");
	return rc;
}

static int route_case(struct req *r, struct intake *in, const struct store_org *community)
{
	struct store_dispatch_rule rule;
	int rc = store_dispatch_match(r->rdb, in->a.category, in->a.community_id, &r->arena, &rule,
				      &r->err);
	if (rc < 0)
		return -1;
	int64_t target = 0;
	if (rc == 0)
		target = !strcmp(rule.target, "community") ? in->a.community_id : rule.org_id;
	if (!target) {
		struct store_org root;
		if (district_root(r, &root))
			return -1;
		in->a.proposed_org_id = root.id;
		return 0;
	}
	in->a.proposed_org_id = target;
	if (rc == 0 && rule.automatic) {
		struct store_org lead;
		if (target == in->a.community_id && community) {
			lead = *community;
		} else if (store_org_get(r->rdb, target, &r->arena, &lead, &r->err)) {
			return -1;
		}
		in->auto_lead = lead.id;
		in->auto_lead_path = lead.path;
		in->auto_lead_name = lead.name;
	}
	return 0;
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
	struct store_appeal *a = &in->a;
	a->category = body_str(r, "category");
	a->title = body_str(r, "title");
	a->description = body_str(r, "description");
	a->channel = body_str(r, "channel") ? body_str(r, "channel") : "web";
	a->urgency = body_str(r, "urgency") ? body_str(r, "urgency") : "normal";
	a->publishable = body_bool(r, "publishable", false);
	a->submitter_type = obj_str(sub, "type");
	a->name = obj_str(sub, "name");
	a->phone = obj_str(sub, "phone");
	a->email = obj_str(sub, "email");
	a->status = "submitted";
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
		if (district_root(r, &root))
			return -1;
		a->place_path = root.path;
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
		in->attachments = ids;
		in->n_attachments = (int)json_array_size(att);
	}

	if (route_case(r, in, community_p))
		return -1;
	intake_token(in->token, a->access_hash);
	return api_write(r, create_write, in);
}
