/* lists (API side): the three lists (三张清单) — needs, resources, projects — and
 * activities. What the handlers of needs.c, resources.c, projects.c and activities.c
 * share: the caller's scope, the hash-chained events, the changes that more than one
 * request (and the demo) make — each inside the caller's write transaction, with its
 * event, so a change is wholly there or not at all — and the handlers themselves. */
#ifndef HUIYIN_API_LISTS_H
#define HUIYIN_API_LISTS_H

#include "api/appeals.h"
#include "api/req.h"
#include "domain/lists.h"
#include "store/audit.h"
#include "store/activities.h"
#include "store/needs.h"
#include "store/projects.h"
#include "store/resources.h"

/* ---- shared (needs.c) ------------------------------------------------------------- */

/* The caller's principal widened by the member units of every alliance they are a
 * secretary of (projects and activities), allocated in r's arena. */
int lists_widened(struct req *r, struct db *db, struct principal *out, struct err *e);
/* The list scope of a principal: everything for a grant at the root. */
void lists_scope_of(struct req *r, const struct principal *p, struct store_scope *s);
/* Today's date in Asia/Shanghai, "YYYY-MM-DD", at clock time t. */
void lists_today(int64_t t, char out[11]);
/* The clock's now as ISO 8601 text, in a. */
const char *lists_now(struct arena *a);
/* Appends an event to the chain of subject parent_id (a need, resource or project) at the
 * clock's now, inside the caller's write transaction; data (its reference taken) is
 * written as canonical JSON. Returns the event's seq, or -1 with e set. */
int lists_event(struct db *db, const uint8_t *audit_key, enum audit_chain chain,
		int64_t parent_id, const char *type, bool public, const struct actor *who,
		json_t *data, struct err *e);
/* {"seq","type","actor","actor_id","actor_name","public","data","at"} for staff; for the
 * public (public_only) only seq, type, actor, data, at and text from text_of. */
json_t *lists_events_json(const struct store_event *evs, int n, bool public_only,
			  const char *(*text_of)(const char *type));

/* Fills the rules' facts of a need (member units of its alliance, units that took part). */
int need_facts_load(struct db *db, const struct store_need *n, struct arena *a,
		    struct need_facts *f, struct err *e);
/* Loads need `id` for a staff caller with its facts; 404 when it does not exist or the
 * caller may not see it. */
int need_load_visible(struct req *r, struct db *db, int64_t id, struct store_need *n,
		      struct need_facts *f, struct err *e);
/* Appends a need event (takes the reference to data) and, for the events the public
 * submitter sees that change the status, queues their notice. Returns the seq or -1. */
int need_event(struct db *db, const uint8_t *audit_key, struct store_need *n,
	       enum need_event ev, const struct actor *who, json_t *data, struct arena *a,
	       struct err *e);
/* Moves the need by ev (status, row, event) inside the caller's transaction. */
int need_step(struct db *db, const uint8_t *audit_key, struct store_need *n, enum need_event ev,
	      const struct actor *who, json_t *data, struct arena *a, struct err *e);
/* Inserts a need with its tracking number and its create event (data: the source and,
 * from an appeal, the appeal; the appeal side is linked too). n->created_at is set. */
int need_create(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct actor *who, struct arena *a, struct err *e);
/* The staff view of a need; `full` adds the units, commitments, projects and actions.
 * Personal data is masked unless `reveal`. */
json_t *need_json(struct req *r, struct db *db, const struct store_need *n, bool full,
		  bool reveal);

/* ---- resources (resources.c) -------------------------------------------------------- */

int resource_event(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		   const char *type, const struct actor *who, json_t *data, struct err *e);
/* Inserts a resource with its create event. */
int resource_create(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		    const struct actor *who, struct err *e);
/* 报到: commits quantity of res to need n for the resource's unit — the commitment, the
 * resource's committed quantity, an event on both chains, the unit joins the need, the
 * need's secretaries hear of it, and an open need becomes matched. Checks the state again
 * (409 `wrong_state`, `withdrawn`, `expired`, `insufficient`). */
int resource_commit(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		    struct store_need *n, int64_t quantity, const char *note,
		    const struct actor *who, struct arena *a, struct store_commitment *out,
		    struct err *e);
/* {"id","title",...,"remaining","availability"} */
json_t *resource_json(const struct store_resource *res, const char *today);

/* ---- projects (projects.c) ---------------------------------------------------------- */

struct project_input {
	enum project_step step;
	int64_t milestone_id;
	const char *done_on, *note, *summary, *rating, *comment;
	int64_t beneficiaries_reached;
	int64_t version;        /* 0: no check */
};

void project_facts_of(const struct store_project *p, struct project_facts *f);
/* Loads project `id` for `who` (a principal from lists_widened) with its facts; the same
 * 404 whether it does not exist or `who` may not see it (the rule of GET /projects/{id}). */
int project_get_visible(struct req *r, struct db *db, const struct principal *who, int64_t id,
			struct store_project *p, struct project_facts *f, struct err *e);
/* Inserts project p (planned) with its create event; its needs move to in_project, each
 * with a project event, and the units taking part join them. 409 `wrong_state` for a need
 * that cannot be taken up. */
int project_create(struct db *db, const uint8_t *audit_key, struct store_project *p,
		   struct store_need *needs, const struct actor *who, struct arena *a,
		   struct err *e);
/* Applies a step (already checked against the rules): the row, milestones, the event; at
 * complete the needs in the project are fulfilled. */
int project_apply(struct db *db, const uint8_t *audit_key, struct store_project *p,
		  const struct project_input *in, const struct actor *who, struct arena *a,
		  struct err *e);
/* The worker's part: flags each milestone past its date once (an overdue event by the
 * system, a notification to the owner's staff). Returns the number flagged, or -1. */
int lists_flag_overdue(struct db *db, const uint8_t *audit_key, struct arena *a,
		       const char *now, struct err *e);
/* The staff view of a project; with `who`, the steps that caller may take now
 * ("actions"). */
json_t *project_json(const struct store_project *p, const char *today,
		     const struct principal *who);

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
