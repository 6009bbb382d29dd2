/* lists (API side): the three lists (三张清单) — needs, resources, projects — and
 * activities over HTTP. The handlers (needs.c, resources.c, projects.c, activities.c)
 * parse and authorize a request, call the operations (ops/need.h, resource.h,
 * project.h) for a change, and answer with the views of list_render.c; what they share
 * to authorize (the caller's scope, loading a need or project for a staff caller) is
 * lists.c. */
#ifndef HUIYIN_API_LISTS_H
#define HUIYIN_API_LISTS_H

#include "api/appeals.h"
#include "api/req.h"
#include "ops/project.h"
#include "ops/resource.h"
#include "store/activities.h"

/* ---- activities' counts (activities.c) ------------------------------------------------ */

struct activity_totals {
	int64_t held, participants, audience;
};
/* The activities organised within any of the n_paths subtrees (which must not nest: each
 * is counted) and held from `from` to `to` (YYYY-MM-DD, inclusive; NULL: open), per kind:
 * *items = [{"kind","held","participants","audience"}] for every kind, in the kinds'
 * order, and their sums in *total (which the caller zeroes). 0 or -1 with r->err. */
int activity_counts_json(struct req *r, const char *const *paths, int n_paths, const char *from,
                         const char *to, json_t **items, struct activity_totals *total);

/* ---- scope (lists.c) ---------------------------------------------------------------- */

/* The caller's principal widened by the member units of every alliance they are a
 * secretary of (projects and activities), allocated in r's arena. */
int lists_widened(struct req *r, struct db *db, struct principal *out, struct err *e);
/* The list scope of a principal: everything for a grant at the root. */
void lists_scope_of(struct req *r, const struct principal *p, struct store_scope *s);
/* Loads need `id` for a staff caller with its facts; 404 when it does not exist or the
 * caller may not see it. */
int need_load_visible(struct req *r, struct db *db, int64_t id, struct store_need *n,
		      struct need_facts *f, struct err *e);
/* Loads project `id` for `who` (a principal from lists_widened) with its facts; the same
 * 404 whether it does not exist or `who` may not see it (the rule of GET /projects/{id}). */
int project_get_visible(struct req *r, struct db *db, const struct principal *who, int64_t id,
			struct store_project *p, struct project_facts *f, struct err *e);

/* ---- views (list_render.c) ---------------------------------------------------------- */

/* {"seq","type","actor","actor_id","actor_name","public","data","at"} for staff; for the
 * public (public_only) only seq, type, actor, data, at and text from text_of. */
json_t *lists_events_json(const struct store_event *evs, int n, bool public_only,
			  const char *(*text_of)(const char *type));
/* The staff view of a need; `full` adds the units, commitments, projects and actions
 * (read through db, the actions for r's caller). Personal data is masked unless
 * `reveal`. */
json_t *need_json(struct req *r, struct db *db, const struct store_need *n, bool full,
		  bool reveal);
/* {"id","title",...,"remaining","availability"} with availability as of today. */
json_t *resource_json(const struct store_resource *res, const char *today);
/* The staff view of a project; with `who`, the steps that caller may take now
 * ("actions"). Milestones before today are overdue. */
json_t *project_json(const struct store_project *p, const char *today,
		     const struct principal *who);
/* The public board's view of a project (no ids of staff, units or needs). */
json_t *project_public_json(const struct store_project *p, const char *today);

/* ---- downloads (list_exports.c) ------------------------------------------------------ */

/* GET /needs, /resources, /projects, /activities with format=csv|xlsx: every row of the
 * list's filter f (its scope included), as export_reply answers. */
int needs_export(struct req *r, enum export_format fmt, const struct need_filter *f);
int resources_export(struct req *r, enum export_format fmt, const struct resource_filter *f);
int projects_export(struct req *r, enum export_format fmt, const struct project_filter *f);
int activities_export(struct req *r, enum export_format fmt, const struct activity_filter *f);

/* ---- handlers --------------------------------------------------------------------- */

int api_needs_list(struct req *r);
int api_needs_create(struct req *r);
int api_needs_get(struct req *r);
int api_needs_update(struct req *r);
int api_needs_events(struct req *r);
int api_needs_matches(struct req *r);
int api_needs_whistle(struct req *r);
/* The submitter's side of a need (tracking numbers starting "XQ"), from api/track.c. */
int api_need_track_get(struct req *r);
int api_need_track_step(struct req *r);

int api_resources_list(struct req *r);
int api_resources_create(struct req *r);
int api_resources_get(struct req *r);
int api_resources_update(struct req *r);
int api_resources_events(struct req *r);
int api_resources_commit(struct req *r);

int api_projects_list(struct req *r);
int api_projects_create(struct req *r);
int api_projects_get(struct req *r);
int api_projects_update(struct req *r);
int api_projects_step(struct req *r);
int api_projects_events(struct req *r);
int api_public_projects(struct req *r);

int api_activities_list(struct req *r);
int api_activities_create(struct req *r);
int api_activities_get(struct req *r);
int api_activities_update(struct req *r);
int api_activities_stats(struct req *r);

#endif
