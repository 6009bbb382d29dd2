/* projects: the project list (项目清单). A secretary (or a dispatcher) takes one or more
 * needs up into a project (接单) with the resources and units committed to them, an owner
 * and a plan of milestones; the project runs planned → running → done → evaluated through
 * POST /projects/{id}/events (start, milestone, complete with the outcome, evaluate by
 * the community with the appeal rating scale, comment). Its needs move to in_project and
 * are fulfilled when it completes. Milestones past their date are flagged once by the
 * background worker (ops/project.c: project_flag_overdue). Running and finished projects are shown on the
 * public board. */
#include "api/lists.h"
#include "api/validate.h"
#include "util/clock.h"

#include <string.h>

#define PROJECT_MAX_NEEDS 20
#define PROJECT_MAX_LINKS 32
#define PROJECT_MAX_MILESTONES 20

/* ---- handlers --------------------------------------------------------------------- */

static int load_visible(struct req *r, struct db *db, int64_t id, struct store_project *p,
			struct principal *who, struct project_facts *f, struct err *e)
{
	if (lists_widened(r, db, who, e))
		return -1;
	return project_get_visible(r, db, who, id, p, f, e);
}

static int refuse(struct err *e, int why, enum project_step s, const char *status)
{
	if (why == LISTS_NOT_VISIBLE)
		return err_not_found(e, "project");
	if (why == LISTS_FORBIDDEN)
		return err_set(e, 403, "forbidden", "type", "you may not %s this project",
			       project_step_names[s]);
	return err_set(e, 409, "wrong_state", "type", "%s is not possible while the project is %s",
		       project_step_names[s], status);
}

/* load_visible(), then the rules for `step` on it: 404, 403 or 409 as refuse() says. */
static int load_checked(struct req *r, struct db *db, enum project_step step,
			struct store_project *p, struct principal *who, struct project_facts *f,
			struct err *e)
{
	if (load_visible(r, db, r->ids[0], p, who, f, e))
		return -1;
	int why = project_check(who, f, step);
	return why ? refuse(e, why, step, p->status) : 0;
}

/* Answers one page of projects: the staff view for `who`, the public board's without. */
static int reply_page(struct req *r, const struct page *pg, struct project_filter *f,
		      const struct principal *who)
{
	f->after = pg->after;
	f->limit = pg->limit;
	struct store_project *items;
	int n;
	int64_t next;
	if (store_project_list(r->rdb, f, &r->arena, &items, &n, &next, &r->err))
		return -1;
	char today[11];
	lists_today(clock_now(), today);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, who ? project_json(&items[i], today, who)
					       : project_public_json(&items[i], today));
	return api_reply(r, 200, page_result(arr, next));
}

int api_projects_list(struct req *r)
{
	struct page pg;
	struct project_filter f = {0};
	int status;
	struct principal who;
	enum export_format fmt;
	if (export_format_of(r, &fmt) || query_page(r, &pg) ||
	    query_enum(r, "status", project_status_names, PROJECT_STATUS__MAX, &status) ||
	    query_org_path(r, "owner_org_id", &f.owner_path) ||
	    query_org_path(r, "community_id", &f.community_path) ||
	    query_int(r, "need_id", 0, 1, INT64_MAX, &f.need_id) ||
	    lists_widened(r, r->rdb, &who, &r->err))
		return -1;
	f.status = status >= 0 ? project_status_names[status] : NULL;
	lists_scope_of(r, &who, &f.scope);
	if (fmt != EXPORT_NONE)
		return projects_export(r, fmt, &f);
	return reply_page(r, &pg, &f, &who);
}

int api_public_projects(struct req *r)
{
	struct page pg;
	struct project_filter f = {.scope = {.all = true}, .public_board = true};
	int status;
	if (query_page(r, &pg) ||
	    query_enum(r, "status", project_status_names, PROJECT_STATUS__MAX, &status))
		return -1;
	f.status = status >= 0 ? project_status_names[status] : NULL;
	return reply_page(r, &pg, &f, NULL);
}

int api_projects_get(struct req *r)
{
	struct store_project p;
	struct principal who;
	struct project_facts f;
	if (load_visible(r, r->rdb, r->ids[0], &p, &who, &f, &r->err))
		return -1;
	char today[11];
	lists_today(clock_now(), today);
	return api_reply(r, 200, project_json(&p, today, &who));
}

int api_projects_events(struct req *r)
{
	struct store_project p;
	struct principal who;
	struct project_facts f;
	struct store_event *evs;
	int n;
	if (load_visible(r, r->rdb, r->ids[0], &p, &who, &f, &r->err) ||
	    store_project_events(r->rdb, p.id, false, &r->arena, &evs, &n, &r->err))
		return -1;
	return api_reply(r, 200, page_result(lists_events_json(evs, n, false, NULL), 0));
}

/* ---- plans ------------------------------------------------------------------------ */

static const struct vfield milestone_fields[] = {
	{"title", V_STRING, V_REQUIRED, 1, 100},
	{"due", V_DATE, V_REQUIRED},
};

/* Reads body.plan into p's milestones. */
static int read_plan(struct req *r, struct store_project *p)
{
	json_t *plan = json_object_get(r->body, "plan");
	p->n_milestones = 0;
	p->milestones = NULL;
	if (!plan)
		return 0;
	const char *key;
	json_t *v;
	json_object_foreach(plan, key, v) if (strcmp(key, "milestones"))
		return err_invalid(&r->err, arena_printf(&r->arena, "plan.%s", key),
				   "unknown field plan.%s", key);
	json_t *ms = json_object_get(plan, "milestones");
	if (!ms)
		return 0;
	if (!json_is_array(ms) || json_array_size(ms) > PROJECT_MAX_MILESTONES)
		return err_invalid(&r->err, "plan.milestones",
				   "plan.milestones must be a list of at most %d milestones",
				   PROJECT_MAX_MILESTONES);
	p->milestones = arena_alloc(&r->arena, sizeof *p->milestones * (json_array_size(ms) + 1));
	size_t i;
	json_t *m;
	json_array_foreach(ms, i, m)
	{
		if (!json_is_object(m))
			return err_invalid(&r->err, "plan.milestones",
					   "each milestone is an object {\"title\",\"due\"}");
		if (validate_object(r, m, "plan.milestones", milestone_fields,
				    N_OF(milestone_fields), false))
			return -1;
		struct store_milestone *x = &p->milestones[p->n_milestones++];
		x->title = json_string_value(json_object_get(m, "title"));
		x->due = json_string_value(json_object_get(m, "due"));
	}
	return 0;
}

/* ---- POST /projects --------------------------------------------------------------- */

static const struct vfield create_fields[] = {
	{"need_ids", V_ID_ARRAY, V_REQUIRED, 0, PROJECT_MAX_NEEDS},
	{"resource_ids", V_ID_ARRAY, 0, 0, PROJECT_MAX_LINKS},
	{"unit_ids", V_ID_ARRAY, 0, 0, PROJECT_MAX_LINKS},
	{"title", V_STRING, V_REQUIRED, 2, 100},
	{"description", V_TEXT, 0, 0, 5000},
	{"owner_org_id", V_ID, 0},
	{"plan", V_OBJECT, 0},
};

struct project_intake {
	struct store_project p;
};

static int create_write(struct db *db, struct req *r, struct err *e)
{
	struct project_intake *in = r->write_arg;
	struct store_project *p = &in->p;
	struct store_need *needs = arena_alloc(&r->arena, sizeof *needs * (size_t)p->n_needs);
	for (int i = 0; i < p->n_needs; i++)
		if (store_need_get(db, p->need_ids[i], &r->arena, &needs[i], e))
			return -1;
	struct actor who = {"staff", r->auth.user_id};
	if (project_create(db, r->app->audit_key, p, needs, &who, &r->arena, e) ||
	    store_project_get(db, p->id, &r->arena, p, e))
		return -1;
	struct principal w;
	if (lists_widened(r, db, &w, e))
		return -1;
	char today[11];
	lists_today(clock_now(), today);
	return api_reply(r, 201, project_json(p, today, &w));
}

/* Adds a unit once. */
static void add_unit(struct store_project *p, int64_t id, const char *path, const char *name)
{
	for (int i = 0; i < p->n_units; i++)
		if (p->unit_ids[i] == id)
			return;
	p->unit_ids[p->n_units] = id;
	p->unit_paths[p->n_units] = path;
	p->unit_names[p->n_units++] = name;
}

static int ids_of(struct req *r, const char *field, int64_t *out, int max, int *n)
{
	json_t *arr = json_object_get(r->body, field);
	size_t i;
	json_t *x;
	*n = 0;
	json_array_foreach(arr, i, x)
	{
		int64_t id = json_integer_value(x);
		for (int k = 0; k < *n; k++)
			if (out[k] == id)
				return err_invalid(&r->err, field, "%s lists an id twice", field);
		if (*n < max)
			out[(*n)++] = id;
	}
	return 0;
}

int api_projects_create(struct req *r)
{
	if (validate_body(r, create_fields, N_OF(create_fields), false))
		return -1;
	struct project_intake *in = arena_alloc(&r->arena, sizeof *in);
	struct store_project *p = &in->p;
	p->title = body_str(r, "title");
	p->description = body_str(r, "description");
	p->created_by = r->auth.user_id;
	if (read_plan(r, p))
		return -1;
	p->need_ids = arena_alloc(&r->arena, sizeof *p->need_ids * PROJECT_MAX_NEEDS);
	p->need_paths = arena_alloc(&r->arena, sizeof *p->need_paths * PROJECT_MAX_NEEDS);
	p->resource_ids = arena_alloc(&r->arena, sizeof *p->resource_ids * PROJECT_MAX_LINKS);
	int units_cap = 2 * PROJECT_MAX_LINKS + 1;
	p->unit_ids = arena_alloc(&r->arena, sizeof *p->unit_ids * (size_t)units_cap);
	p->unit_paths = arena_alloc(&r->arena, sizeof *p->unit_paths * (size_t)units_cap);
	p->unit_names = arena_alloc(&r->arena, sizeof *p->unit_names * (size_t)units_cap);
	if (ids_of(r, "need_ids", p->need_ids, PROJECT_MAX_NEEDS, &p->n_needs) ||
	    ids_of(r, "resource_ids", p->resource_ids, PROJECT_MAX_LINKS, &p->n_resources))
		return -1;
	if (!p->n_needs)
		return err_invalid(&r->err, "need_ids", "a project takes up at least one need");
	int64_t unit_ids[PROJECT_MAX_LINKS];
	int n_units;
	if (ids_of(r, "unit_ids", unit_ids, PROJECT_MAX_LINKS, &n_units))
		return -1;
	struct store_need *needs = arena_alloc(&r->arena, sizeof *needs * (size_t)p->n_needs);
	for (int i = 0; i < p->n_needs; i++) {
		struct need_facts f;
		struct err e = {0};
		if (need_load_visible(r, r->rdb, p->need_ids[i], &needs[i], &f, &e))
			return ref_not_found(r, &e, "need_ids", "no such need");
		p->need_paths[i] = needs[i].place_path;
	}
	struct store_org owner;
	int64_t owner_id = body_int(r, "owner_org_id", needs[0].community_id);
	if (ref_org(r, owner_id, "owner_org_id", NULL, &owner))
		return -1;
	p->owner_org_id = owner.id;
	p->owner_path = owner.path;
	struct principal who;
	if (lists_widened(r, r->rdb, &who, &r->err))
		return -1;
	if (!project_may_create(&who, owner.path, p->need_paths, p->n_needs))
		return err_forbidden(&r->err, "only a secretary, dispatcher or admin of the needs' "
					      "places takes them up, for an owner in their scope");
	for (int i = 0; i < p->n_needs; i++) {
		int s = names_find(need_status_names, NEED_STATUS__MAX, needs[i].status);
		if (s < 0 || !need_event_allowed((enum need_status)s, NEED_PROJECT))
			return err_set(&r->err, 409, "wrong_state", "need_ids",
				       "need %s is %s and cannot be taken up into a project",
				       needs[i].tracking_no, needs[i].status);
	}
	for (int i = 0; i < p->n_resources; i++) {
		struct store_resource res;
		struct err e = {0};
		if (store_resource_get(r->rdb, p->resource_ids[i], &r->arena, &res, &e))
			return ref_not_found(r, &e, "resource_ids", "no such resource");
		add_unit(p, res.org_id, res.org_path, res.org_name);
	}
	for (int i = 0; i < n_units; i++) {
		struct store_org o;
		if (ref_org(r, unit_ids[i], "unit_ids", NULL, &o))
			return -1;
		add_unit(p, o.id, o.path, o.name);
	}
	add_unit(p, owner.id, owner.path, owner.name);
	return api_write(r, create_write, in);
}

/* ---- PATCH /projects/{id} --------------------------------------------------------- */

static const struct vfield update_fields[] = {
	{"title", V_STRING, 0, 2, 100},
	{"description", V_TEXT, 0, 0, 5000},
	{"plan", V_OBJECT, 0},
	{"version", V_INT, 0, 1, INT32_MAX},
};

static int update_write(struct db *db, struct req *r, struct err *e)
{
	struct store_project *plan = r->write_arg;
	struct store_project p;
	struct principal who;
	struct project_facts f;
	if (load_checked(r, db, PSTEP_UPDATE, &p, &who, &f, e))
		return -1;
	struct project_edit ed = {.title = body_str(r, "title"),
				  .description = body_str(r, "description"),
				  .set_plan = body_has(r, "plan"),
				  .n_milestones = plan->n_milestones,
				  .milestones = plan->milestones,
				  .version = body_int(r, "version", 0)};
	struct actor actor = {"staff", r->auth.user_id};
	if (project_update(db, r->app->audit_key, &p, &ed, &actor, &r->arena, e) ||
	    store_project_get(db, p.id, &r->arena, &p, e))
		return -1;
	char today[11];
	lists_today(clock_now(), today);
	return api_reply(r, 200, project_json(&p, today, &who));
}

int api_projects_update(struct req *r)
{
	if (validate_body(r, update_fields, N_OF(update_fields), true))
		return -1;
	struct store_project *plan = arena_alloc(&r->arena, sizeof *plan);
	if (read_plan(r, plan))
		return -1;
	struct store_project p;
	struct principal who;
	struct project_facts f;
	if (load_checked(r, r->rdb, PSTEP_UPDATE, &p, &who, &f, &r->err))
		return -1;
	return api_write(r, update_write, plan);
}

/* ---- POST /projects/{id}/events --------------------------------------------------- */

#define F_TYPE {"type", V_STRING, V_REQUIRED, 1, 32}
#define F_VERSION {"version", V_INT, 0, 1, INT32_MAX}

static const struct vfield f_start[] = {F_TYPE, F_VERSION, {"note", V_TEXT, 0, 0, 2000}};
static const struct vfield f_milestone[] = {F_TYPE, F_VERSION, {"milestone_id", V_ID, V_REQUIRED},
					    {"done_on", V_DATE, 0},
					    {"note", V_TEXT, 0, 0, 2000}};
static const struct vfield f_complete[] = {
	F_TYPE, F_VERSION, {"beneficiaries_reached", V_INT, V_REQUIRED, 0, 10000000},
	{"summary", V_TEXT, V_REQUIRED, 5, 5000}};
static const struct vfield f_evaluate[] = {F_TYPE, F_VERSION,
					   {"rating", V_ENUM, V_REQUIRED, 0, 0, rating_names,
					    RATING__MAX},
					   {"comment", V_TEXT, 0, 0, 1000}};
static const struct vfield f_comment[] = {F_TYPE, F_VERSION, {"note", V_TEXT, V_REQUIRED, 1, 2000}};

#define T(x) x, N_OF(x)
static const struct {
	const struct vfield *fields;
	int n;
} step_fields[PSTEP_EVENTS_LAST + 1] = {
	[PSTEP_START] = {T(f_start)},       [PSTEP_MILESTONE] = {T(f_milestone)},
	[PSTEP_COMPLETE] = {T(f_complete)}, [PSTEP_EVALUATE] = {T(f_evaluate)},
	[PSTEP_COMMENT] = {T(f_comment)},
};

static int step_write(struct db *db, struct req *r, struct err *e)
{
	struct project_input *in = r->write_arg;
	struct store_project p;
	struct principal who;
	struct project_facts f;
	if (load_checked(r, db, in->step, &p, &who, &f, e))
		return -1;
	struct actor actor = {"staff", r->auth.user_id};
	if (project_apply(db, r->app->audit_key, &p, in, &actor, &r->arena, e) ||
	    store_project_get(db, p.id, &r->arena, &p, e))
		return -1;
	char today[11];
	lists_today(clock_now(), today);
	return api_reply(r, 200, project_json(&p, today, &who));
}

int api_projects_step(struct req *r)
{
	if (!r->body || !json_is_object(r->body))
		return err_invalid(&r->err, NULL, "a JSON object body is required");
	const char *type = json_string_value(json_object_get(r->body, "type"));
	int s = names_find(project_step_names, PSTEP_EVENTS_LAST + 1, type);
	if (s < 0)
		return err_invalid(&r->err, "type", "type must be one of: start, milestone, "
						    "complete, evaluate, comment");
	if (validate_body(r, step_fields[s].fields, step_fields[s].n, false))
		return -1;
	struct store_project p;
	struct principal who;
	struct project_facts f;
	if (load_checked(r, r->rdb, (enum project_step)s, &p, &who, &f, &r->err))
		return -1;
	struct project_input *in = arena_alloc(&r->arena, sizeof *in);
	in->step = (enum project_step)s;
	in->version = body_int(r, "version", 0);
	if (in->version && in->version != p.version)
		return err_stale(&r->err, "project");
	in->milestone_id = body_int(r, "milestone_id", 0);
	in->done_on = body_str(r, "done_on");
	in->note = body_str(r, "note");
	in->summary = body_str(r, "summary");
	in->beneficiaries_reached = body_int(r, "beneficiaries_reached", 0);
	in->rating = body_str(r, "rating");
	in->comment = body_str(r, "comment");
	return api_write(r, step_write, in);
}
