/* orgs: the organisation tree (district → park and subdistricts → community alliances,
 * departments, member units) and the membership of units in community alliances.
 * Reading is public (the H5 form needs the communities); contact details only for staff.
 * Admins change the tree within their subtree; admins and secretaries of an alliance
 * add its member units, when the unit is in their scope too. */
#include "api/admin_log.h"
#include "api/handlers.h"
#include "api/validate.h"
#include "domain/org_rules.h"
#include "util/clock.h"

#include <string.h>

/* Names of the ancestors met while rendering one request, so a page of orgs costs one
 * lookup per distinct ancestor. */
struct name_cache {
	int64_t ids[64];
	const char *names[64], *kinds[64];
	int n;
};

static json_t *path_json(struct req *r, struct db *db, struct name_cache *nc, const char *path)
{
	/* As many ids as the path has segments: a fixed bound would render a deep org's
	 * path as empty. */
	size_t cap = 1;
	for (const char *p = path; *p; p++)
		cap += *p == '/';
	int64_t *ids = arena_alloc(&r->arena, sizeof *ids * cap);
	int n = org_path_ids(path, ids, (int)cap);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		int k;
		for (k = 0; k < nc->n && nc->ids[k] != ids[i]; k++)
			;
		if (k == nc->n) {
			struct store_org o;
			struct err e;
			if (store_org_get(db, ids[i], &r->arena, &o, &e))
				continue;
			if (nc->n == 64)
				nc->n = 0; /* a crude reset keeps the cache bounded */
			k = nc->n++;
			nc->ids[k] = ids[i];
			nc->names[k] = o.name;
			nc->kinds[k] = o.kind;
		}
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ids[i],
						     "name", nc->names[k], "kind", nc->kinds[k]));
	}
	return arr;
}

static json_t *org_json(struct req *r, struct db *db, struct name_cache *nc,
			const struct store_org *o)
{
	json_t *j = json_pack("{s:I, s:o, s:s, s:s?, s:s, s:s, s:s, s:o, s:s, s:s, s:I}", "id",
			      (json_int_t)o->id, "parent_id",
			      o->parent_id ? json_integer(o->parent_id) : json_null(), "kind",
			      o->kind, "unit_type", o->unit_type, "name", o->name, "description",
			      o->description, "address", o->address, "path",
			      path_json(r, db, nc, o->path), "created_at", o->created_at,
			      "updated_at", o->updated_at, "version", (json_int_t)o->version);
	if (r->auth.user_id) {
		json_object_set_new(j, "contact_name", json_string(o->contact_name));
		json_object_set_new(j, "contact_phone", json_string(o->contact_phone));
	}
	if (o->joined_on)
		json_object_set_new(j, "joined_on", json_string(o->joined_on));
	return j;
}

static json_t *orgs_json(struct req *r, const struct store_org *items, int n)
{
	struct name_cache *nc = arena_alloc(&r->arena, sizeof *nc);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, org_json(r, r->rdb, nc, &items[i]));
	return arr;
}

int api_orgs_list(struct req *r)
{
	struct page pg;
	struct store_org_filter f = {0};
	int kind;
	if (query_page(r, &pg) || query_int(r, "parent", 0, 1, INT64_MAX, &f.parent_id) ||
	    query_enum(r, "kind", org_kind_names, ORG_KIND__MAX, &kind))
		return -1;
	f.kind = kind >= 0 ? org_kind_names[kind] : NULL;
	f.q = req_query(r, "q");
	if (f.q && (!*f.q || utf8_length(f.q) > 100))
		return err_invalid(&r->err, "q", "q must be 1 to 100 characters");
	f.after = pg.after;
	f.limit = pg.limit;
	struct store_org *items;
	int n;
	int64_t next;
	if (store_org_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	return api_reply(r, 200, page_result(orgs_json(r, items, n), next));
}

int api_orgs_get(struct req *r)
{
	struct store_org o;
	if (store_org_get(r->rdb, r->ids[0], &r->arena, &o, &r->err))
		return -1;
	json_t *j = orgs_json(r, &o, 1);
	json_t *one = json_incref(json_array_get(j, 0));
	json_decref(j);
	if (!strcmp(o.kind, "unit") || !strcmp(o.kind, "department")) {
		struct store_org *of;
		int n;
		if (store_member_of(r->rdb, o.id, &r->arena, &of, &n, &r->err)) {
			json_decref(one);
			return -1;
		}
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id",
							     (json_int_t)of[i].id, "name",
							     of[i].name, "joined_on", of[i].joined_on));
		json_object_set_new(one, "alliances", arr);
	}
	return api_reply(r, 200, one);
}

static const struct vfield org_fields[] = {
	{"parent_id", V_ID, V_REQUIRED, 0, 0},
	{"kind", V_ENUM, V_REQUIRED, 0, 0, org_kind_names, ORG_KIND__MAX},
	{"unit_type", V_ENUM, V_NULLABLE, 0, 0, unit_type_names, UNIT_TYPE__MAX},
	{"name", V_STRING, V_REQUIRED, 1, 100},
	{"description", V_TEXT, 0, 0, 2000},
	{"address", V_STRING, 0, 0, 200},
	{"contact_name", V_STRING, 0, 0, 50},
	{"contact_phone", V_STRING, 0, 0, 30},
	{"version", V_INT, 0, 1, INT32_MAX},
};

/* Loads the would-be parent and checks the caller is an admin there and the kinds fit.
 * An unknown or out-of-scope parent is a 404 naming parent_id. */
static int check_parent(struct req *r, int64_t parent_id, enum org_kind kind,
			struct store_org *parent)
{
	struct err e = {0};
	if (store_org_get(r->rdb, parent_id, &r->arena, parent, &e) ||
	    !scope_can_read(&r->auth.who, parent->path))
		return ref_not_found(r, &e, "parent_id", "no such organisation");
	if (!scope_can_change(&r->auth.who, ROLE_BIT(ROLE_ADMIN), parent->path))
		return err_forbidden(&r->err, "only an admin of the parent may change the tree");
	if (!org_parent_allowed(kind, org_kind_parse(parent->kind)))
		return err_invalid(&r->err, "parent_id", "a %s cannot be placed under a %s",
				   org_kind_names[kind], parent->kind);
	return 0;
}

/* What the admin log keeps of an organisation: where it sits and what it is called (its
 * contact details stay out of the chain). */
static json_t *org_log_json(const struct store_org *o)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)o->id, "parent_id",
			 (json_int_t)o->parent_id, "path", o->path, "kind", o->kind, "name",
			 o->name);
}

struct org_write {
	struct store_org org;
	const char *parent_path, *old_path, *new_path;
};

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct org_write *w = r->write_arg;
	/* Read it back: the optional text fields are NULL in w->org but "" in the table, and
	 * rendering a NULL one would fail. */
	if (store_org_insert(db, &w->org, w->parent_path, &r->arena, e) ||
	    store_org_get(db, w->org.id, &r->arena, &w->org, e) ||
	    admin_log(db, r, "org_create", org_log_json(&w->org), e))
		return -1;
	struct name_cache *nc = arena_alloc(&r->arena, sizeof *nc);
	return api_reply(r, 201, org_json(r, db, nc, &w->org));
}

int api_orgs_create(struct req *r)
{
	if (validate_body(r, org_fields, N_OF(org_fields) - 1, false))
		return -1;
	int kind = org_kind_parse(body_str(r, "kind"));
	const char *unit_type = body_str(r, "unit_type");
	if (kind == ORG_UNIT && !unit_type)
		return err_invalid(&r->err, "unit_type", "a unit needs a unit_type");
	if (kind != ORG_UNIT && unit_type)
		return err_invalid(&r->err, "unit_type", "only units have a unit_type");
	struct org_write *w = arena_alloc(&r->arena, sizeof *w);
	struct store_org parent;
	if (check_parent(r, body_int(r, "parent_id", 0), (enum org_kind)kind, &parent))
		return -1;
	w->parent_path = parent.path;
	w->org = (struct store_org){
		.parent_id = parent.id,
		.kind = org_kind_names[kind],
		.unit_type = unit_type,
		.name = body_str(r, "name"),
		.description = body_str(r, "description"),
		.address = body_str(r, "address"),
		.contact_name = body_str(r, "contact_name"),
		.contact_phone = body_str(r, "contact_phone"),
	};
	return api_write(r, create_write, w);
}

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct org_write *w = r->write_arg;
	struct store_org now;
	/* The path may have moved since the read; recheck inside the transaction. */
	if (store_org_get(db, w->org.id, &r->arena, &now, e))
		return -1;
	if (strcmp(now.path, w->old_path) || now.version != w->org.version)
		return err_stale(e, "organisation");
	json_t *before = org_log_json(&now);
	if (store_org_update(db, &w->org, w->old_path, w->new_path, e) ||
	    store_org_get(db, w->org.id, &r->arena, &now, e)) {
		json_decref(before);
		return -1;
	}
	/* A move changes who sees everything placed in the subtree: it is an admin action. */
	const char *type = strcmp(w->old_path, w->new_path) ? "org_move" : "org_update";
	if (admin_log(db, r, type,
		      json_pack("{s:I, s:o, s:o}", "org_id", (json_int_t)now.id, "before", before,
				"after", org_log_json(&now)),
		      e))
		return -1;
	struct name_cache *nc = arena_alloc(&r->arena, sizeof *nc);
	return api_reply(r, 200, org_json(r, db, nc, &now));
}

int api_orgs_update(struct req *r)
{
	if (validate_body(r, org_fields, N_OF(org_fields), true))
		return -1;
	if (body_has(r, "kind"))
		return err_invalid(&r->err, "kind", "the kind of an organisation cannot change");
	struct org_write *w = arena_alloc(&r->arena, sizeof *w);
	struct store_org *o = &w->org;
	if (store_org_get(r->rdb, r->ids[0], &r->arena, o, &r->err))
		return -1;
	if (!scope_can_read(&r->auth.who, o->path))
		return err_not_found(&r->err, "organisation");
	if (!scope_can_change(&r->auth.who, ROLE_BIT(ROLE_ADMIN), o->path))
		return err_forbidden(&r->err, "only an admin may change this organisation");
	int64_t version = body_int(r, "version", 0);
	if (version && version != o->version)
		return err_stale(&r->err, "organisation");
	w->old_path = w->new_path = o->path;
	int64_t parent_id = body_int(r, "parent_id", 0);
	if (parent_id && parent_id != o->parent_id) {
		struct store_org parent;
		enum org_kind kind = (enum org_kind)org_kind_parse(o->kind);
		if (check_parent(r, parent_id, kind, &parent))
			return -1;
		if (org_move_makes_cycle(o->id, parent.path))
			return err_set(&r->err, 409, "cycle", "parent_id",
				       "an organisation cannot be moved under itself or its own "
				       "subtree");
		char path[512];
		if (org_child_path(parent.path, o->id, path, sizeof path))
			return err_invalid(&r->err, "parent_id", "the tree is too deep");
		w->new_path = arena_strdup(&r->arena, path);
		o->parent_id = parent_id;
	}
	if (body_has(r, "unit_type")) {
		const char *t = body_str(r, "unit_type");
		if (strcmp(o->kind, "unit") != 0 ? t != NULL : t == NULL)
			return err_invalid(&r->err, "unit_type",
					   "units need a unit_type; other kinds have none");
		o->unit_type = t;
	}
	static const char *const text_fields[] = {"name", "description", "address",
						  "contact_name", "contact_phone"};
	const char **targets[] = {&o->name, &o->description, &o->address, &o->contact_name,
				  &o->contact_phone};
	for (int i = 0; i < 5; i++)
		if (body_str(r, text_fields[i]))
			*targets[i] = body_str(r, text_fields[i]);
	return api_write(r, update_write, w);
}

int api_orgs_members(struct req *r)
{
	struct page pg;
	if (query_page(r, &pg))
		return -1;
	struct store_org alliance;
	if (store_org_get(r->rdb, r->ids[0], &r->arena, &alliance, &r->err))
		return -1;
	struct store_org *items;
	int n;
	int64_t next;
	if (store_member_list(r->rdb, alliance.id, pg.after, pg.limit, &r->arena, &items, &n,
			      &next, &r->err))
		return -1;
	return api_reply(r, 200, page_result(orgs_json(r, items, n), next));
}

static const struct vfield member_fields[] = {
	{"unit_id", V_ID, V_REQUIRED, 0, 0},
	{"joined_on", V_DATE, 0, 0, 0},
};

struct member_write {
	int64_t alliance_id, unit_id;
	const char *joined_on;
};

static int member_write(struct db *db, struct req *r, struct err *e)
{
	struct member_write *m = r->write_arg;
	if (store_member_add(db, m->alliance_id, m->unit_id, m->joined_on, e) ||
	    admin_log(db, r, "member_add",
		      json_pack("{s:I, s:I, s:s}", "alliance_id", (json_int_t)m->alliance_id,
				"unit_id", (json_int_t)m->unit_id, "joined_on", m->joined_on),
		      e))
		return -1;
	struct store_org unit;
	if (store_org_get(db, m->unit_id, &r->arena, &unit, e))
		return -1;
	unit.joined_on = m->joined_on;
	struct name_cache *nc = arena_alloc(&r->arena, sizeof *nc);
	return api_reply(r, 201, org_json(r, db, nc, &unit));
}

int api_orgs_add_member(struct req *r)
{
	if (validate_body(r, member_fields, 2, false))
		return -1;
	struct store_org alliance, unit;
	if (store_org_get(r->rdb, r->ids[0], &r->arena, &alliance, &r->err))
		return -1;
	if (!scope_can_read(&r->auth.who, alliance.path))
		return err_not_found(&r->err, "organisation");
	if (!scope_can_change(&r->auth.who, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SECRETARY),
			      alliance.path))
		return err_forbidden(&r->err,
				     "only an admin or the alliance's secretary adds members");
	struct err e = {0};
	if (store_org_get(r->rdb, body_int(r, "unit_id", 0), &r->arena, &unit, &e))
		return ref_not_found(r, &e, "unit_id", "no such unit");
	if (!org_membership_allowed((enum org_kind)org_kind_parse(alliance.kind),
				    (enum org_kind)org_kind_parse(unit.kind)))
		return err_invalid(&r->err, "unit_id",
				   "only units and departments join, and only community alliances");
	/* A member unit widens the scope of the alliance's secretaries over it (its projects,
	 * its activities): only someone who already acts for the unit may add it — a role
	 * that changes things at or above the unit, which for an admin means above both. */
	if (!scope_can_change(&r->auth.who, ROLES_CHANGE, unit.path))
		return err_forbidden(&r->err,
				     "you may add only units in your own scope to the alliance");
	struct member_write *m = arena_alloc(&r->arena, sizeof *m);
	m->alliance_id = alliance.id;
	m->unit_id = unit.id;
	const char *joined = body_str(r, "joined_on");
	if (!joined) {
		char iso[CLOCK_ISO_LEN];
		/* Today in Asia/Shanghai. */
		clock_iso(clock_now() + 8 * 3600, iso);
		iso[10] = 0;
		joined = arena_strdup(&r->arena, iso);
	}
	m->joined_on = joined;
	return api_write(r, member_write, m);
}
