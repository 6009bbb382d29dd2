/* list_render: the JSON views of the three lists — a need, a resource, a project (staff
 * and public board) — and of their events, as the handlers of needs.c, resources.c,
 * projects.c and the tracking of needs answer them (see lists.h). */
#include "api/lists.h"
#include "api/render.h"
#include "domain/mask.h"
#include "util/clock.h"
#include "util/n_of.h"

#include <string.h>


json_t *lists_events_json(const struct store_event *evs, int n, bool public_only,
			  const char *(*text_of)(const char *type))
{
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *data = json_loads(evs[i].data, 0, NULL);
		json_t *ev = json_pack("{s:I, s:s, s:s, s:o, s:s}", "seq", (json_int_t)evs[i].seq,
				       "type", evs[i].type, "actor", evs[i].actor_kind, "data",
				       data ? data : json_object(), "at", evs[i].created_at);
		if (text_of)
			json_object_set_new(ev, "text", json_string(text_of(evs[i].type)));
		if (!public_only) {
			json_object_set_new(ev, "actor_id", render_id(evs[i].actor_id));
			json_object_set_new(ev, "actor_name", render_str(evs[i].actor_name));
			json_object_set_new(ev, "public", json_boolean(evs[i].public));
		}
		json_array_append_new(items, ev);
	}
	return items;
}

static const enum need_event need_actions[] = {NEED_UPDATE, NEED_WHISTLE, NEED_PROJECT,
					       NEED_FULFIL, NEED_CLOSE};

json_t *commitment_json(const struct store_commitment *c)
{
	return json_pack("{s:I, s:I, s:o, s:I, s:o, s:I, s:o, s:I, s:o, s:s, s:o, s:o}", "id",
			 (json_int_t)c->id, "resource_id", (json_int_t)c->resource_id,
			 "resource_title", render_str(c->resource_title), "need_id",
			 (json_int_t)c->need_id, "need_title", render_str(c->need_title),
			 "org_id", (json_int_t)c->org_id, "org_name", render_str(c->org_name),
			 "quantity", (json_int_t)c->quantity, "unit", render_str(c->unit), "note",
			 c->note ? c->note : "", "committed_at", render_str(c->committed_at),
			 "committed_by", render_id(c->committed_by));
}

json_t *need_json(struct req *r, struct db *db, const struct store_need *n, bool full,
		  bool reveal)
{
	json_t *submitter = json_null();
	if (n->person_id)
		submitter = json_pack("{s:o, s:o, s:o, s:b}", "name",
				      render_masked(n->name, mask_name, reveal), "phone",
				      render_masked(n->phone, mask_phone, reveal), "email",
				      render_masked(n->email, mask_email, reveal), "erased",
				      n->erased);
	json_t *j = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:o, s:s}, s:{s:s, s:I}, s:o, s:s, s:s,"
		" s:o, s:o, s:o, s:o, s:s, s:s, s:I}",
		"id", (json_int_t)n->id, "tracking_no", n->tracking_no, "source", n->source,
		"title", n->title, "description", n->description, "category", n->category,
		"location", "community_id", (json_int_t)n->community_id, "community_name",
		render_str(n->community_name), "address", n->address ? n->address : "",
		"beneficiaries", "who", n->beneficiaries_who, "count",
		(json_int_t)n->beneficiaries_count, "wanted_by", render_str(n->wanted_by),
		"urgency", n->urgency, "status", n->status, "close_reason",
		render_str(n->close_reason), "appeal_id", render_id(n->appeal_id),
		"whistled_at", render_str(n->whistled_at), "submitter", submitter, "created_at",
		n->created_at, "updated_at", n->updated_at, "version", (json_int_t)n->version);
	if (!j || !full)
		return j;
	struct err e = {0};
	struct need_facts f;
	struct store_need_unit *units;
	struct store_commitment *cs;
	int64_t *pids;
	int nu = 0, nc = 0, np = 0;
	if (need_facts_load(db, n, &r->arena, &f, &e) ||
	    store_need_units(db, n->id, &r->arena, &units, &nu, &e) ||
	    store_commitments(db, n->id, 0, &r->arena, &cs, &nc, &e) ||
	    store_project_ids_of_need(db, n->id, &r->arena, &pids, &np, &e)) {
		nu = nc = np = 0;
		memset(&f, 0, sizeof f);
		f.status = need_status_of(n);
		f.place_path = n->place_path;
	}
	json_t *ju = json_array();
	for (int i = 0; i < nu; i++)
		json_array_append_new(ju, json_pack("{s:I, s:s, s:s, s:s}", "org_id",
						    (json_int_t)units[i].org_id, "name",
						    units[i].name, "via", units[i].via, "at",
						    units[i].at));
	json_t *jc = json_array();
	for (int i = 0; i < nc; i++)
		json_array_append_new(jc, commitment_json(&cs[i]));
	json_t *jp = json_array();
	for (int i = 0; i < np; i++)
		json_array_append_new(jp, json_integer(pids[i]));
	json_t *actions = json_array();
	for (int i = 0; i < N_OF(need_actions); i++)
		if (need_check(&r->auth.who, &f, need_actions[i]) == LISTS_OK)
			json_array_append_new(actions,
					      json_string(need_event_names[need_actions[i]]));
	json_object_set_new(j, "units", ju);
	json_object_set_new(j, "commitments", jc);
	json_object_set_new(j, "project_ids", jp);
	json_object_set_new(j, "actions", actions);
	return j;
}

static const char *availability(const struct store_resource *res, const char *today)
{
	if (strcmp(res->status, "active"))
		return "withdrawn";
	if (res->committed >= res->quantity)
		return "used_up";
	if (res->available_to && strcmp(res->available_to, today) < 0)
		return "expired";
	if (res->available_from && strcmp(res->available_from, today) > 0)
		return "upcoming";
	return "available";
}

json_t *resource_json(const struct store_resource *res, const char *today)
{
	json_t *ids = json_array();
	for (int i = 0; i < res->n_alliances; i++)
		json_array_append_new(ids, json_integer(res->alliance_ids[i]));
	json_t *j = json_pack(
		"{s:I, s:s, s:s, s:s, s:o, s:I, s:o, s:I, s:s, s:I, s:I, s:o, s:o, s:s, s:s, s:o,"
		" s:s, s:s}",
		"id", (json_int_t)res->id, "title", res->title, "description",
		res->description ? res->description : "", "kind", res->kind, "category",
		render_str(res->category), "org_id", (json_int_t)res->org_id, "org_name",
		render_str(res->org_name), "quantity", (json_int_t)res->quantity, "unit",
		res->unit, "committed", (json_int_t)res->committed, "remaining",
		(json_int_t)(res->quantity - res->committed), "available_from",
		render_str(res->available_from), "available_to", render_str(res->available_to),
		"weekly_hours", res->weekly_hours ? res->weekly_hours : "", "place",
		res->place ? res->place : "", "alliance_ids", ids, "status", res->status,
		"availability", availability(res, today));
	json_object_set_new(j, "created_at", render_str(res->created_at));
	json_object_set_new(j, "updated_at", render_str(res->updated_at));
	json_object_set_new(j, "version", json_integer(res->version));
	return j;
}

static json_t *ids_json(const int64_t *ids, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(ids[i]));
	return arr;
}

static json_t *plan_json(const struct store_project *p, const char *today, bool staff)
{
	json_t *ms = json_array();
	int done = 0;
	for (int i = 0; i < p->n_milestones; i++) {
		const struct store_milestone *m = &p->milestones[i];
		done += m->done_on != NULL;
		json_t *j = json_pack("{s:s, s:s, s:o, s:b}", "title", m->title, "due", m->due,
				      "done_on", render_str(m->done_on), "overdue",
				      !m->done_on && today && strcmp(m->due, today) < 0);
		if (staff) {
			json_object_set_new(j, "id", json_integer(m->id));
			json_object_set_new(j, "flagged", json_boolean(m->overdue));
		}
		json_array_append_new(ms, j);
	}
	return json_pack("{s:o, s:{s:i, s:i}}", "milestones", ms, "progress", "done", done,
			 "total", p->n_milestones);
}

static json_t *outcome_json(const struct store_project *p)
{
	if (!p->completed_at)
		return json_null();
	return json_pack("{s:o, s:o, s:s}", "beneficiaries_reached",
			 p->beneficiaries_reached >= 0 ? json_integer(p->beneficiaries_reached)
						       : json_null(),
			 "summary", render_str(p->outcome_summary), "completed_at",
			 p->completed_at);
}

json_t *project_json(const struct store_project *p, const char *today,
		     const struct principal *who)
{
	json_t *units = json_array();
	for (int i = 0; i < p->n_units; i++)
		json_array_append_new(units, json_pack("{s:I, s:s}", "org_id",
						       (json_int_t)p->unit_ids[i], "name",
						       p->unit_names[i]));
	json_t *evaluation = p->rating ? json_pack("{s:s, s:o, s:o, s:o}", "rating", p->rating,
						   "comment", render_str(p->rating_comment),
						   "evaluated_at", render_str(p->evaluated_at),
						   "evaluated_by", render_id(p->evaluated_by))
				       : json_null();
	json_t *j = json_pack(
		"{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)p->id, "title", p->title, "description",
		p->description ? p->description : "", "status", p->status, "owner_org_id",
		(json_int_t)p->owner_org_id, "owner_name", render_str(p->owner_name), "need_ids",
		ids_json(p->need_ids, p->n_needs), "resource_ids",
		ids_json(p->resource_ids, p->n_resources), "unit_ids",
		ids_json(p->unit_ids, p->n_units), "units", units, "plan",
		plan_json(p, today, true), "started_at", render_str(p->started_at), "outcome",
		outcome_json(p), "rating", render_str(p->rating), "evaluation", evaluation);
	json_object_set_new(j, "created_by", render_id(p->created_by));
	json_object_set_new(j, "created_at", render_str(p->created_at));
	json_object_set_new(j, "updated_at", render_str(p->updated_at));
	json_object_set_new(j, "version", json_integer(p->version));
	if (who) {
		struct project_facts f;
		project_facts_of(p, &f);
		json_t *actions = json_array();
		for (int s = 0; s <= PSTEP_EVENTS_LAST; s++)
			if (project_check(who, &f, (enum project_step)s) == LISTS_OK)
				json_array_append_new(actions, json_string(project_step_names[s]));
		if (project_check(who, &f, PSTEP_UPDATE) == LISTS_OK)
			json_array_append_new(actions, json_string("update"));
		json_object_set_new(j, "actions", actions);
	}
	return j;
}

json_t *project_public_json(const struct store_project *p, const char *today)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id,
			 "title", p->title, "description", p->description ? p->description : "",
			 "status", p->status, "owner_name", render_str(p->owner_name),
			 "started_at", render_str(p->started_at), "plan",
			 plan_json(p, today, false), "outcome", outcome_json(p), "rating",
			 render_str(p->rating));
}

const char *need_event_text_of(const char *type)
{
	int ev = names_find(need_event_names, NEED_EVENT__MAX, type);
	return ev < 0 ? "" : need_event_text((enum need_event)ev);
}

/* What the public sees of an event's data. */
static void public_data(json_t *ev)
{
	static const char *const keep[] = {"org_name", "quantity", "unit", "reason", "text",
					   "project_title", "from", "to"};
	json_t *data = json_object_get(ev, "data"), *clean = json_object();
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		json_t *v = json_object_get(data, keep[i]);
		if (v)
			json_object_set(clean, keep[i], v);
	}
	json_object_set_new(ev, "data", clean);
}

json_t *need_track_json(struct req *r, struct db *db, const struct store_need *n)
{
	struct store_event *evs;
	int count, np;
	int64_t *pids;
	if (audit_events(db, AUDIT_NEED, n->id, true, &r->arena, &evs, &count, &r->err) ||
	    store_project_ids_of_need(db, n->id, &r->arena, &pids, &np, &r->err))
		return NULL;
	json_t *timeline = lists_events_json(evs, count, true, need_event_text_of);
	size_t i;
	json_t *ev;
	json_array_foreach(timeline, i, ev) public_data(ev);
	char today[11];
	lists_today(clock_now(), today);
	json_t *projects = json_array();
	for (int k = 0; k < np; k++) {
		struct store_project p;
		if (store_project_get(db, pids[k], &r->arena, &p, &r->err)) {
			json_decref(timeline);
			json_decref(projects);
			return NULL;
		}
		json_t *pj = project_json(&p, today, NULL);
		json_t *pub = json_pack("{s:I, s:s, s:s, s:O, s:O, s:O, s:O}", "id",
					(json_int_t)p.id, "title", p.title, "status", p.status,
					"owner_name",
					json_object_get(pj, "owner_name"), "plan",
					json_object_get(pj, "plan"), "outcome",
					json_object_get(pj, "outcome"), "rating",
					json_object_get(pj, "rating"));
		json_decref(pj);
		json_array_append_new(projects, pub);
	}
	json_t *can = json_array();
	if (need_event_allowed(need_status_of(n), NEED_ADD_INFO))
		json_array_append_new(can, json_string("add_info"));
	return json_pack(
		"{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:{s:I, s:o, s:s}, s:{s:s, s:I}, s:o, s:s,"
		" s:s, s:o, s:o, s:o}",
		"kind", "need", "tracking_no", n->tracking_no, "status", n->status, "close_reason",
		render_str(n->close_reason), "title", n->title, "description", n->description,
		"category", n->category, "location", "community_id", (json_int_t)n->community_id,
		"community_name", render_str(n->community_name), "address",
		n->address ? n->address : "", "beneficiaries", "who", n->beneficiaries_who, "count",
		(json_int_t)n->beneficiaries_count, "wanted_by", render_str(n->wanted_by),
		"urgency", n->urgency, "created_at", n->created_at, "timeline", timeline,
		"projects", projects, "can", can);
}
