/* resources: the resource list (资源清单). A unit (or a department sinking into the
 * communities, or a community itself) offers resources — venues, volunteers, professional
 * services, funds, materials, training — with a quantity, when and where they are
 * available and the alliances they serve; the unit's handlers keep the list current. Every
 * staff member of the district reads it. A unit reports for duty (报到) by committing part
 * of a resource to a need: POST /resources/{id}/commitments. */
#include "api/lists.h"
#include "api/validate.h"
#include "store/orgs.h"
#include "util/clock.h"

#include <string.h>


static void today_now(char out[11])
{
	lists_today(clock_now(), out);
}

/* ---- GET /resources --------------------------------------------------------------- */

static int org_param(struct req *r, const char *name, struct store_org *o, bool *given)
{
	int64_t id;
	*given = false;
	if (query_int(r, name, 0, 1, INT64_MAX, &id))
		return -1;
	if (!id)
		return 0;
	if (ref_org(r, id, name, NULL, o))
		return -1;
	*given = true;
	return 0;
}

static const char *const resource_status_names[] = {"active", "withdrawn"};

int api_resources_list(struct req *r)
{
	if (!resource_visible(&r->auth.who))
		return err_forbidden(&r->err, "the resource list is for staff with a role");
	struct page pg;
	struct resource_filter f = {0};
	int kind, status;
	struct store_org org;
	bool by_org;
	char today[11];
	enum export_format fmt;
	today_now(today);
	if (export_format_of(r, &fmt) || query_page(r, &pg) ||
	    query_enum(r, "kind", resource_kind_names, RES_KIND__MAX, &kind) ||
	    query_enum(r, "status", resource_status_names, 2, &status) ||
	    org_param(r, "org_id", &org, &by_org) ||
	    query_int(r, "alliance_id", 0, 1, INT64_MAX, &f.alliance_id))
		return -1;
	f.kind = kind >= 0 ? resource_kind_names[kind] : NULL;
	f.status = status >= 0 ? resource_status_names[status] : NULL;
	f.org_path = by_org ? org.path : NULL;
	f.category = req_query(r, "category");
	f.q = req_query(r, "q");
	if (f.q && (!*f.q || utf8_length(f.q) > 100))
		return err_invalid(&r->err, "q", "q must be 1 to 100 characters");
	const char *avail = req_query(r, "available");
	if (avail && strcmp(avail, "true") && strcmp(avail, "false"))
		return err_invalid(&r->err, "available", "available must be true or false");
	if (avail && !strcmp(avail, "true"))
		f.usable_on = arena_strdup(&r->arena, today);
	if (fmt != EXPORT_NONE)
		return resources_export(r, fmt, &f);
	f.after = pg.after;
	f.limit = pg.limit;
	struct store_resource *items;
	int n;
	int64_t next;
	if (store_resource_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, resource_json(&items[i], today));
	return api_reply(r, 200, page_result(arr, next));
}

/* ---- POST /resources and PATCH /resources/{id} ------------------------------------ */

static const struct vfield create_fields[] = {
	{"title", V_STRING, V_REQUIRED, 2, 100},
	{"description", V_TEXT, 0, 0, 2000},
	{"kind", V_ENUM, V_REQUIRED, 0, 0, resource_kind_names, RES_KIND__MAX},
	{"category", V_STRING, V_NULLABLE, 1, 32},
	{"org_id", V_ID, V_REQUIRED},
	{"quantity", V_INT, V_REQUIRED, 1, 1000000000},
	{"unit", V_STRING, V_REQUIRED, 1, 20},
	{"available_from", V_DATE, V_NULLABLE},
	{"available_to", V_DATE, V_NULLABLE},
	{"weekly_hours", V_STRING, 0, 0, 200},
	{"place", V_STRING, 0, 0, 200},
	{"alliance_ids", V_ID_ARRAY, 0, 0, RESOURCE_MAX_ALLIANCES},
};

static const struct vfield update_fields[] = {
	{"title", V_STRING, 0, 2, 100},
	{"description", V_TEXT, 0, 0, 2000},
	{"kind", V_ENUM, 0, 0, 0, resource_kind_names, RES_KIND__MAX},
	{"category", V_STRING, V_NULLABLE, 1, 32},
	{"quantity", V_INT, 0, 1, 1000000000},
	{"unit", V_STRING, 0, 1, 20},
	{"available_from", V_DATE, V_NULLABLE},
	{"available_to", V_DATE, V_NULLABLE},
	{"weekly_hours", V_STRING, 0, 0, 200},
	{"place", V_STRING, 0, 0, 200},
	{"alliance_ids", V_ID_ARRAY, 0, 0, RESOURCE_MAX_ALLIANCES},
	{"status", V_ENUM, 0, 0, 0, resource_status_names, 2},
	{"version", V_INT, 0, 1, INT32_MAX},
};

/* Reads alliance_ids from the body into res (each must be a community alliance). */
static int read_alliances(struct req *r, struct store_resource *res)
{
	json_t *ids = json_object_get(r->body, "alliance_ids");
	size_t i;
	json_t *x;
	res->n_alliances = 0;
	json_array_foreach(ids, i, x)
	{
		struct store_org o;
		struct err e = {0};
		if (store_org_get(r->rdb, json_integer_value(x), &r->arena, &o, &e) ||
		    strcmp(o.kind, "community"))
			return ref_not_found(r, &e, "alliance_ids", "no such community alliance");
		for (int k = 0; k < res->n_alliances; k++)
			if (res->alliance_ids[k] == o.id)
				return err_invalid(&r->err, "alliance_ids",
						   "an alliance is listed twice");
		res->alliance_ids[res->n_alliances] = o.id;
		res->alliance_paths[res->n_alliances++] = o.path;
	}
	return 0;
}

static int dates_ok(struct req *r, const struct store_resource *res)
{
	if (res->available_from && res->available_to &&
	    strcmp(res->available_to, res->available_from) < 0)
		return err_invalid(&r->err, "available_to",
				   "available_to must not be before available_from");
	return 0;
}

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct store_resource *res = r->write_arg;
	struct actor who = {"staff", r->auth.user_id};
	if (resource_create(db, r->app->audit_key, res, &who, &r->arena, e) ||
	    store_resource_get(db, res->id, &r->arena, res, e))
		return -1;
	char today[11];
	today_now(today);
	return api_reply(r, 201, resource_json(res, today));
}

int api_resources_create(struct req *r)
{
	if (validate_body(r, create_fields, N_OF(create_fields), false))
		return -1;
	struct store_resource *res = arena_alloc(&r->arena, sizeof *res);
	res->title = body_str(r, "title");
	res->description = body_str(r, "description");
	res->kind = body_str(r, "kind");
	res->category = body_str(r, "category");
	res->quantity = body_int(r, "quantity", 1);
	res->unit = body_str(r, "unit");
	res->available_from = body_str(r, "available_from");
	res->available_to = body_str(r, "available_to");
	res->weekly_hours = body_str(r, "weekly_hours");
	res->place = body_str(r, "place");
	res->created_by = r->auth.user_id;
	if (dates_ok(r, res))
		return -1;
	if (res->category && ref_category(r, res->category, "category", NULL))
		return -1;
	struct store_org org;
	if (ref_org(r, body_int(r, "org_id", 0), "org_id", NULL, &org))
		return -1;
	if (strcmp(org.kind, "unit") && strcmp(org.kind, "department") &&
	    strcmp(org.kind, "community"))
		return err_invalid(&r->err, "org_id",
				   "resources are offered by units, departments and communities");
	if (!resource_may_manage(&r->auth.who, org.path))
		return err_forbidden(&r->err, "only the unit's handlers keep its resources");
	res->org_id = org.id;
	res->org_path = org.path;
	if (body_has(r, "alliance_ids")) {
		if (read_alliances(r, res))
			return -1;
	} else if (!strcmp(org.kind, "community")) {
		res->n_alliances = 1;
		res->alliance_ids[0] = org.id;
		res->alliance_paths[0] = org.path;
	} else {
		/* By default a unit's resources serve the alliances it belongs to. */
		struct store_org *of;
		int n;
		if (store_member_of(r->rdb, org.id, &r->arena, &of, &n, &r->err))
			return -1;
		for (int i = 0; i < n && i < RESOURCE_MAX_ALLIANCES; i++) {
			res->alliance_ids[i] = of[i].id;
			res->alliance_paths[i] = of[i].path;
			res->n_alliances++;
		}
	}
	return api_write(r, create_write, res);
}

int api_resources_get(struct req *r)
{
	if (!resource_visible(&r->auth.who))
		return err_not_found(&r->err, "resource");
	struct store_resource res;
	struct store_commitment *cs;
	int n;
	if (store_resource_get(r->rdb, r->ids[0], &r->arena, &res, &r->err) ||
	    store_commitments(r->rdb, 0, res.id, &r->arena, &cs, &n, &r->err))
		return -1;
	char today[11];
	today_now(today);
	json_t *j = resource_json(&res, today);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)cs[i].id,
				       "need_id", (json_int_t)cs[i].need_id, "need_title",
				       cs[i].need_title, "quantity", (json_int_t)cs[i].quantity,
				       "note", cs[i].note ? cs[i].note : "", "committed_at",
				       cs[i].committed_at));
	json_object_set_new(j, "commitments", arr);
	json_t *actions = json_array();
	if (resource_may_manage(&r->auth.who, res.org_path)) {
		json_array_append_new(actions, json_string("update"));
		json_array_append_new(actions, json_string("commit"));
	}
	json_object_set_new(j, "actions", actions);
	return api_reply(r, 200, j);
}

struct resource_change {
	struct store_resource next; /* the resource as it should become (by the read part) */
	int64_t version;
};

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct resource_change *c = r->write_arg;
	struct store_resource cur;
	if (store_resource_get(db, r->ids[0], &r->arena, &cur, e))
		return -1;
	struct store_resource *res = &c->next;
	struct actor who = {"staff", r->auth.user_id};
	if (resource_update(db, r->app->audit_key, &cur, res, c->version, &who, &r->arena, e) ||
	    store_resource_get(db, res->id, &r->arena, res, e))
		return -1;
	char today[11];
	today_now(today);
	return api_reply(r, 200, resource_json(res, today));
}

int api_resources_update(struct req *r)
{
	if (validate_body(r, update_fields, N_OF(update_fields), true))
		return -1;
	struct resource_change *c = arena_alloc(&r->arena, sizeof *c);
	struct store_resource *res = &c->next;
	if (!resource_visible(&r->auth.who))
		return err_not_found(&r->err, "resource");
	if (store_resource_get(r->rdb, r->ids[0], &r->arena, res, &r->err))
		return -1;
	if (!resource_may_manage(&r->auth.who, res->org_path))
		return err_forbidden(&r->err, "only the unit's handlers keep its resources");
	c->version = body_int(r, "version", 0);
	if (c->version && c->version != res->version)
		return err_stale(&r->err, "resource");
	static const char *const texts[] = {"title", "description", "kind", "unit",
					    "weekly_hours", "place", "status"};
	const char **slots[] = {&res->title, &res->description, &res->kind, &res->unit,
				&res->weekly_hours, &res->place, &res->status};
	for (int i = 0; i < N_OF(texts); i++)
		if (body_str(r, texts[i]))
			*slots[i] = body_str(r, texts[i]);
	static const char *const nullable[] = {"category", "available_from", "available_to"};
	const char **nslots[] = {&res->category, &res->available_from, &res->available_to};
	for (int i = 0; i < N_OF(nullable); i++)
		if (body_has(r, nullable[i]))
			*nslots[i] = body_str(r, nullable[i]);
	res->quantity = body_int(r, "quantity", res->quantity);
	if (dates_ok(r, res))
		return -1;
	if (body_str(r, "category") && ref_category(r, res->category, "category", NULL))
		return -1;
	if (body_has(r, "alliance_ids") && read_alliances(r, res))
		return -1;
	if (res->quantity < res->committed)
		return err_set(&r->err, 409, "below_committed", "quantity",
			       "%lld %s are committed already; the quantity cannot be less",
			       (long long)res->committed, res->unit);
	return api_write(r, update_write, c);
}

int api_resources_events(struct req *r)
{
	if (!resource_visible(&r->auth.who))
		return err_not_found(&r->err, "resource");
	struct store_resource res;
	struct store_event *evs;
	int n;
	if (store_resource_get(r->rdb, r->ids[0], &r->arena, &res, &r->err) ||
	    store_resource_events(r->rdb, res.id, &r->arena, &evs, &n, &r->err))
		return -1;
	return api_reply(r, 200, page_result(lists_events_json(evs, n, false, NULL), 0));
}

/* ---- POST /resources/{id}/commitments (报到) -------------------------------------- */

static const struct vfield commit_fields[] = {
	{"need_id", V_ID, V_REQUIRED},
	{"quantity", V_INT, V_REQUIRED, 1, 1000000000},
	{"note", V_TEXT, 0, 0, 500},
};

/* Loads and checks everything for a commitment (on the read connection, then again in
 * the writer's transaction). */
static int commit_load(struct req *r, struct db *db, struct store_resource *res,
		       struct store_need *n, struct err *e)
{
	if (!resource_visible(&r->auth.who))
		return err_not_found(e, "resource");
	if (store_resource_get(db, r->ids[0], &r->arena, res, e))
		return -1;
	if (!resource_may_manage(&r->auth.who, res->org_path))
		return err_forbidden(e, "only the handlers of the resource's unit commit it");
	struct need_facts f;
	struct err ne = {0};
	if (need_load_visible(r, db, body_int(r, "need_id", 0), n, &f, &ne)) {
		if (ne.status >= 500)
			return *e = ne, -1;
		return err_set(e, 404, "not_found", "need_id", "no such need");
	}
	return 0;
}

static int commit_write(struct db *db, struct req *r, struct err *e)
{
	struct store_resource res;
	struct store_need n;
	struct store_commitment c;
	if (commit_load(r, db, &res, &n, e))
		return -1;
	struct actor who = {"staff", r->auth.user_id};
	if (resource_commit(db, r->app->audit_key, &res, &n, body_int(r, "quantity", 0),
			    body_str(r, "note"), &who, &r->arena, &c, e))
		return -1;
	return api_reply(r, 201,
			 json_pack("{s:I, s:I, s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:s}",
				   "id", (json_int_t)c.id, "resource_id", (json_int_t)c.resource_id,
				   "need_id", (json_int_t)c.need_id, "org_id", (json_int_t)c.org_id,
				   "org_name", res.org_name ? res.org_name : "", "quantity",
				   (json_int_t)c.quantity, "unit", res.unit, "note",
				   c.note ? c.note : "", "committed_at", c.committed_at,
				   "committed_by", (json_int_t)c.committed_by, "remaining",
				   (json_int_t)(res.quantity - res.committed), "need_status",
				   n.status));
}

int api_resources_commit(struct req *r)
{
	if (validate_body(r, commit_fields, N_OF(commit_fields), false))
		return -1;
	struct store_resource res;
	struct store_need n;
	if (commit_load(r, r->rdb, &res, &n, &r->err))
		return -1;
	return api_write(r, commit_write, NULL);
}
