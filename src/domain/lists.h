/* lists: the rules of the three lists (三张清单) — needs, resources and projects — as
 * tables: which events exist, in which states each is allowed, who may take it and where
 * it leads; who may see a need, a resource, a project and an activity. Pure: the caller
 * loads the facts and applies the decision.
 *
 * Needs (需求):
 *   open -report (a unit commits a resource: 报到)-> matched
 *   open|matched -project (taken up: 接单)-> in_project -fulfil-> fulfilled
 *   open|matched|in_project -close (with a reason)-> closed; -fulfil-> fulfilled
 *   whistle (吹哨), update and add_info leave the status as it is.
 * Projects (项目):
 *   planned -start-> running -milestone...-> running -complete-> done -evaluate-> evaluated
 *
 * Scope. A need is seen by staff whose grant covers its community, by the staff of the
 * member units of its community alliance, and by the staff of units called by a whistle
 * or that committed a resource to it. Secretaries, dispatchers and admins of the place
 * change it. Resources are read by every staff member; a unit's handlers and liaison (and
 * admins above it) keep its resources. For projects and activities a secretary's scope
 * also covers the member units of their alliance: the caller passes a principal with those
 * units added as secretary grants (see lists_scope_member_grant). */
#ifndef HUIYIN_LISTS_H
#define HUIYIN_LISTS_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/scope.h"

enum need_status { NEED_OPEN, NEED_MATCHED, NEED_IN_PROJECT, NEED_FULFILLED, NEED_CLOSED,
		   NEED_STATUS__MAX };

enum need_event {
	NEED_CREATE,   /* raised: by the public, by staff or from an appeal */
	NEED_UPDATE,   /* fields changed by staff */
	NEED_WHISTLE,  /* 吹哨: the units with matching resources are called */
	NEED_REPORT,   /* 报到: a unit commits a resource */
	NEED_PROJECT,  /* 接单: taken up into a project */
	NEED_FULFIL,   /* fulfilled (by its project's completion, or by staff) */
	NEED_CLOSE,    /* closed unfulfilled, with a reason */
	NEED_ADD_INFO, /* the public submitter adds information */
	NEED_REVEAL,   /* staff unmasked the submitter's contact details */
	NEED_EVENT__MAX
};

enum project_status { PROJECT_PLANNED, PROJECT_RUNNING, PROJECT_DONE, PROJECT_EVALUATED,
		      PROJECT_STATUS__MAX };

enum project_step {
	/* taken through POST /projects/{id}/events */
	PSTEP_START,
	PSTEP_MILESTONE,
	PSTEP_COMPLETE,
	PSTEP_EVALUATE,
	PSTEP_COMMENT,
	/* others */
	PSTEP_CREATE,
	PSTEP_UPDATE,
	PSTEP_OVERDUE, /* a milestone past its date, flagged by the worker */
	PSTEP__MAX
};
#define PSTEP_EVENTS_LAST PSTEP_COMMENT

enum resource_kind { RES_VENUE, RES_VOLUNTEERS, RES_PROFESSIONAL, RES_FUNDS, RES_MATERIALS,
		     RES_TRAINING, RES_KIND__MAX };

enum activity_kind { ACT_TALK, ACT_VOLUNTEER, ACT_HEALTH_CHECK, ACT_CAMPAIGN, ACT_OTHER,
		     ACT_KIND__MAX };

extern const char *const need_status_names[NEED_STATUS__MAX];
extern const char *const need_event_names[NEED_EVENT__MAX];
extern const char *const project_status_names[PROJECT_STATUS__MAX];
extern const char *const project_step_names[PSTEP__MAX];
extern const char *const resource_kind_names[RES_KIND__MAX];
extern const char *const activity_kind_names[ACT_KIND__MAX];

/* The answers of the checks: allowed, or the HTTP status that refuses. */
enum { LISTS_OK = 0, LISTS_NOT_VISIBLE = 404, LISTS_FORBIDDEN = 403, LISTS_WRONG_STATE = 409 };

/* What the rules need to know about one need. */
struct need_facts {
	enum need_status status;
	const char *place_path;        /* the community's path */
	const int64_t *member_ids;     /* member units of the community's alliance */
	int n_members;
	const char *const *unit_paths; /* units whistled or that committed */
	int n_units;
};

bool need_visible(const struct principal *p, const struct need_facts *f);
/* May the caller change the need (secretary, dispatcher or admin of its place)? */
bool need_may_change(const struct principal *p, const struct need_facts *f);
/* Is the event allowed in this state (ignoring who asks)? */
bool need_event_allowed(enum need_status s, enum need_event ev);
/* LISTS_OK or 404 / 403 / 409, in that order, for a staff event (update, whistle,
 * project, fulfil, close). */
int need_check(const struct principal *p, const struct need_facts *f, enum need_event ev);
/* The status after the event. */
enum need_status need_next(enum need_status s, enum need_event ev);
/* Does the public submitter see the event in their timeline? */
bool need_event_public(enum need_event ev);
/* The timeline sentence for the submitter (zh-CN); "" for events they do not see. */
const char *need_event_text(enum need_event ev);

/* Is `no` a need's tracking number as ops/intake.c issues it: "XQ", the day (8 digits),
 * "-" and the day's sequence (at least 4 digits, at most 9)? Upper case only. */
bool need_no_valid(const char *no);

/* Resources: readable by every staff member; kept by the unit's handlers and liaisons
 * and by admins above it (the unit's path is org_path). */
bool resource_visible(const struct principal *p);
bool resource_may_manage(const struct principal *p, const char *org_path);

/* What the rules need to know about one project. */
struct project_facts {
	enum project_status status;
	const char *owner_path;
	const char *const *need_paths; /* the places of its needs */
	int n_needs;
	const char *const *unit_paths; /* the units taking part */
	int n_units;
};

/* p here includes the member units of a secretary's alliance (see above). */
bool project_visible(const struct principal *p, const struct project_facts *f);
/* LISTS_OK or 404 / 403 / 409 for a step (PSTEP_UPDATE for a PATCH). */
int project_check(const struct principal *p, const struct project_facts *f,
		  enum project_step s);
enum project_status project_next(enum project_status s, enum project_step step);
/* Is the project step shown on the public board and the needs' timelines? */
bool project_step_public(enum project_step s);
/* May the caller create a project owned by the org at owner_path for needs placed at
 * need_paths (a secretary, dispatcher or admin of every need's place; the owner within
 * the caller's scope or a member unit of their alliance)? */
bool project_may_create(const struct principal *p, const char *owner_path,
			const char *const *need_paths, int n_needs);

/* Activities: readable by every staff member; recorded by any staff member but a
 * supervisor whose scope (with member units) covers the organiser. */
bool activity_may_record(const struct principal *p, const char *org_path);

/* Fills g as the grant a secretary of an alliance holds over one of its member units. */
void lists_scope_member_grant(struct grant *g, int64_t unit_id, const char *unit_path);

#endif
