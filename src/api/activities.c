/* activities: talks (宣讲), volunteer services, health checks, campaigns and others —
 * organiser, date, place, linked project, participants and audience — and their counts
 * per kind for an organisation's subtree and a period, so the figures the seed quotes
 * (talks held, audience reached) come out of the data. Every staff member reads them;
 * staff whose scope covers the organiser (a secretary's covers the member units of their
 * alliance) record and correct them, linked only to projects they can see. */
#include "api/lists.h"
#include "api/validate.h"
#include "ops/activity.h"
#include "store/orgs.h"
#include "util/clock.h"

#include <string.h>

static json_t *activity_json(const struct store_activity *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:o, s:s, s:s,"
			 " s:I}",
			 "id", (json_int_t)t->id, "kind", t->kind, "title", t->title,
			 "description", t->description ? t->description : "", "org_id",
			 (json_int_t)t->org_id, "org_name", t->org_name ? t->org_name : "", "date",
			 t->held_on, "place", t->place ? t->place : "", "project_id",
			 t->project_id ? json_integer(t->project_id) : json_null(), "participants",
			 (json_int_t)t->participants, "audience", (json_int_t)t->audience,
			 "created_by", t->created_by ? json_integer(t->created_by) : json_null(),
			 "created_at", t->created_at, "updated_at", t->updated_at, "version",
			 (json_int_t)t->version);
}

static int date_param(struct req *r, const char *name, const char **out)
{
	const char *s = req_query(r, name);
	int y, m, d;
	*out = NULL;
	if (!s)
		return 0;
	if (strlen(s) != 10 || clock_parse_date(s, &y, &m, &d))
		return err_invalid(&r->err, name, "%s must be a date YYYY-MM-DD", name);
	*out = s;
	return 0;
}

int api_activities_list(struct req *r)
{
	if (!scope_has_role(&r->auth.who, ROLES_ANY_STAFF))
		return err_forbidden(&r->err, "activities are for staff with a role");
	struct page pg;
	struct activity_filter f = {0};
	int kind;
	int64_t org_id;
	enum export_format fmt;
	if (export_format_of(r, &fmt) || query_page(r, &pg) ||
	    query_enum(r, "kind", activity_kind_names, ACT_KIND__MAX, &kind) ||
	    query_int(r, "org_id", 0, 1, INT64_MAX, &org_id) ||
	    query_int(r, "project_id", 0, 1, INT64_MAX, &f.project_id) ||
	    date_param(r, "from", &f.from) || date_param(r, "to", &f.to))
		return -1;
	f.kind = kind >= 0 ? activity_kind_names[kind] : NULL;
	if (org_id) {
		struct store_org o;
		if (ref_org(r, org_id, "org_id", NULL, &o))
			return -1;
		f.org_path = o.path;
	}
	if (fmt != EXPORT_NONE)
		return activities_export(r, fmt, &f);
	f.after = pg.after;
	f.limit = pg.limit;
	struct store_activity *items;
	int n;
	int64_t next;
	if (store_activity_list(r->rdb, &f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, activity_json(&items[i]));
	return api_reply(r, 200, page_result(arr, next));
}

int api_activities_get(struct req *r)
{
	if (!scope_has_role(&r->auth.who, ROLES_ANY_STAFF))
		return err_not_found(&r->err, "activity");
	struct store_activity t;
	if (store_activity_get(r->rdb, r->ids[0], &r->arena, &t, &r->err))
		return -1;
	return api_reply(r, 200, activity_json(&t));
}

static const struct vfield create_fields[] = {
	{"kind", V_ENUM, V_REQUIRED, 0, 0, activity_kind_names, ACT_KIND__MAX},
	{"title", V_STRING, V_REQUIRED, 2, 100},
	{"description", V_TEXT, 0, 0, 5000},
	{"org_id", V_ID, V_REQUIRED},
	{"date", V_DATE, V_REQUIRED},
	{"place", V_STRING, 0, 0, 200},
	{"project_id", V_ID, V_NULLABLE},
	{"participants", V_INT, 0, 0, 10000000},
	{"audience", V_INT, 0, 0, 100000000},
};

static const struct vfield update_fields[] = {
	{"kind", V_ENUM, 0, 0, 0, activity_kind_names, ACT_KIND__MAX},
	{"title", V_STRING, 0, 2, 100},
	{"description", V_TEXT, 0, 0, 5000},
	{"org_id", V_ID, 0},
	{"date", V_DATE, 0},
	{"place", V_STRING, 0, 0, 200},
	{"project_id", V_ID, V_NULLABLE},
	{"participants", V_INT, 0, 0, 10000000},
	{"audience", V_INT, 0, 0, 100000000},
	{"version", V_INT, 0, 1, INT32_MAX},
};

static int write_activity(struct db *db, struct req *r, struct err *e)
{
	struct store_activity *t = r->write_arg;
	bool create = t->id == 0;
	if (activity_save(db, t, clock_now(), &r->arena, e))
		return -1;
	if (store_activity_get(db, t->id, &r->arena, t, e))
		return -1;
	return api_reply(r, create ? 201 : 200, activity_json(t));
}

/* Copies the body onto t and checks the organiser and the project. */
static int read_body(struct req *r, struct store_activity *t)
{
	static const char *const texts[] = {"kind", "title", "description", "place"};
	const char **slots[] = {&t->kind, &t->title, &t->description, &t->place};
	for (int i = 0; i < N_OF(texts); i++)
		if (body_str(r, texts[i]))
			*slots[i] = body_str(r, texts[i]);
	if (body_str(r, "date"))
		t->held_on = body_str(r, "date");
	t->participants = body_int(r, "participants", t->participants);
	t->audience = body_int(r, "audience", t->audience);
	if (body_has(r, "org_id")) {
		struct store_org o;
		if (ref_org(r, body_int(r, "org_id", 0), "org_id", NULL, &o))
			return -1;
		t->org_id = o.id;
		t->org_path = o.path;
	}
	struct principal who;
	if (lists_widened(r, r->rdb, &who, &r->err))
		return -1;
	if (body_has(r, "project_id")) {
		/* A project the caller cannot see answers as one that does not exist. */
		t->project_id = body_int(r, "project_id", 0);
		struct store_project p;
		struct project_facts f;
		struct err e = {0};
		if (t->project_id &&
		    project_get_visible(r, r->rdb, &who, t->project_id, &p, &f, &e))
			return ref_not_found(r, &e, "project_id", "no such project");
	}
	if (!activity_may_record(&who, t->org_path))
		return err_forbidden(&r->err, "you may record activities only of organisers in "
					      "your scope");
	return 0;
}

int api_activities_create(struct req *r)
{
	if (validate_body(r, create_fields, N_OF(create_fields), false))
		return -1;
	struct store_activity *t = arena_alloc(&r->arena, sizeof *t);
	t->created_by = r->auth.user_id;
	if (read_body(r, t))
		return -1;
	return api_write(r, write_activity, t);
}

int api_activities_update(struct req *r)
{
	if (validate_body(r, update_fields, N_OF(update_fields), true))
		return -1;
	if (!scope_has_role(&r->auth.who, ROLES_ANY_STAFF))
		return err_not_found(&r->err, "activity");
	struct store_activity *t = arena_alloc(&r->arena, sizeof *t);
	if (store_activity_get(r->rdb, r->ids[0], &r->arena, t, &r->err))
		return -1;
	struct principal who;
	if (lists_widened(r, r->rdb, &who, &r->err))
		return -1;
	if (!activity_may_record(&who, t->org_path))
		return err_forbidden(&r->err, "you may correct activities only of organisers in "
					      "your scope");
	int64_t version = body_int(r, "version", 0);
	if (version && version != t->version)
		return err_stale(&r->err, "activity");
	if (read_body(r, t))
		return -1;
	return api_write(r, write_activity, t);
}

int activity_counts_json(struct req *r, const char *const *paths, int n_paths, const char *from,
                         const char *to, json_t **items, struct activity_totals *total)
{
	int64_t sum[ACT_KIND__MAX][3] = {{0}};
	for (int p = 0; p < n_paths; p++) {
		struct store_activity_count *counts;
		int n;
		if (store_activity_counts(r->rdb, paths[p], from, to, &r->arena, &counts, &n,
		                          &r->err))
			return -1;
		for (int i = 0; i < n; i++) {
			int k = names_find(activity_kind_names, ACT_KIND__MAX, counts[i].kind);
			if (k < 0)
				continue;
			sum[k][0] += counts[i].held;
			sum[k][1] += counts[i].participants;
			sum[k][2] += counts[i].audience;
		}
	}
	*items = json_array();
	for (int k = 0; k < ACT_KIND__MAX; k++) {
		total->held += sum[k][0];
		total->participants += sum[k][1];
		total->audience += sum[k][2];
		json_array_append_new(
		    *items, json_pack("{s:s, s:I, s:I, s:I}", "kind", activity_kind_names[k],
		                      "held", (json_int_t)sum[k][0], "participants",
		                      (json_int_t)sum[k][1], "audience", (json_int_t)sum[k][2]));
	}
	return 0;
}

int api_activities_stats(struct req *r)
{
	if (!scope_has_role(&r->auth.who, ROLES_ANY_STAFF))
		return err_forbidden(&r->err, "activities are for staff with a role");
	int64_t org_id;
	const char *from, *to;
	if (query_int(r, "org_id", 0, 1, INT64_MAX, &org_id) || date_param(r, "from", &from) ||
	    date_param(r, "to", &to))
		return -1;
	if (from && to && strcmp(to, from) < 0)
		return err_invalid(&r->err, "to", "to must not be before from");
	struct store_org o;
	if (org_id) {
		if (ref_org(r, org_id, "org_id", NULL, &o))
			return -1;
	} else {
		int rc = store_org_district(r->rdb, &r->arena, &o, &r->err);
		if (rc)
			return rc < 0 ? -1 : err_not_found(&r->err, "district");
	}
	json_t *items;
	struct activity_totals total = {0};
	if (activity_counts_json(r, &o.path, 1, from, to, &items, &total))
		return -1;
	return api_reply(r, 200,
	                 json_pack("{s:I, s:s, s:o, s:o, s:o, s:{s:I, s:I, s:I}, s:n}", "org_id",
	                           (json_int_t)o.id, "org_name", o.name, "from",
	                           from ? json_string(from) : json_null(), "to",
	                           to ? json_string(to) : json_null(), "items", items, "total",
	                           "held", (json_int_t)total.held, "participants",
	                           (json_int_t)total.participants, "audience",
	                           (json_int_t)total.audience, "next"));
}
