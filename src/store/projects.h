/* projects: queries over the project list (项目清单) — projects with the needs they take up,
 * the resources and units they use, their milestones, and the event log; and the record
 * of each unit (projects delivered, their ratings) that matching weighs. Strings are copied
 * into the caller's arena; unset texts are NULL. */
#ifndef HUIYIN_STORE_PROJECTS_H
#define HUIYIN_STORE_PROJECTS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/appeals.h"
#include "store/needs.h"
#include "util/arena.h"

struct store_milestone {
	int64_t id, project_id, seq;
	const char *title, *due, *done_on; /* YYYY-MM-DD; done_on NULL until done */
	bool overdue;                      /* flagged by the worker */
};

struct store_project {
	int64_t id, version;
	const char *title, *description;
	int64_t owner_org_id;
	const char *owner_path, *owner_name;
	const char *status;
	const char *started_at, *completed_at;
	int64_t beneficiaries_reached;     /* -1: not recorded */
	const char *outcome_summary, *rating, *rating_comment, *evaluated_at;
	int64_t evaluated_by, created_by;
	const char *created_at, *updated_at;
	int64_t event_count;
	int n_needs;
	int64_t *need_ids;
	const char **need_paths;           /* the needs' places */
	int n_resources;
	int64_t *resource_ids;
	int n_units;
	int64_t *unit_ids;
	const char **unit_paths, **unit_names;
	int n_milestones;
	struct store_milestone *milestones;
};

struct project_filter {
	struct store_scope scope;     /* owner, units and the needs' places */
	const char *status;
	bool public_board;            /* running, done and evaluated only */
	const char *owner_path;       /* owner within this subtree */
	int64_t need_id;
	const char *community_path;   /* a need placed within this subtree */
	/* Set: the list counts its rows (at most limit + 1) into *count instead of reading
	 * them (an export's row limit). */
	int64_t *count;
	int64_t after, limit;
};

/* A unit's record for matching. */
struct store_unit_record {
	int64_t org_id;
	int delivered, rated, satisfied, basically_satisfied;
};

/* A milestone past its date, with its project's owner. */
struct store_overdue_milestone {
	struct store_milestone m;
	int64_t owner_org_id;
	const char *project_title;
};

int store_project_get(struct db *db, int64_t id, struct arena *a, struct store_project *o,
		      struct err *e);
/* Inserts the project with its needs, resources, units and milestones; sets o->id,
 * o->version and the milestones' ids. */
int store_project_insert(struct db *db, struct store_project *o, const char *now,
			 struct err *e);
/* Writes the changeable columns; 409 `stale` unless o->version is the stored version.
 * Bumps o->version. */
int store_project_update(struct db *db, struct store_project *o, const char *now,
			 struct err *e);
/* Replaces the milestones with o's (their ids are set). */
int store_project_set_milestones(struct db *db, struct store_project *o, struct err *e);
int store_milestone_done(struct db *db, int64_t id, const char *done_on, struct err *e);
/* Milestones not done whose date is before `today`, not flagged yet, of projects planned
 * or running; oldest first, at most limit. */
int store_milestones_overdue(struct db *db, const char *today, int limit, struct arena *a,
			     struct store_overdue_milestone **out, int *n, struct err *e);
int store_milestone_flag(struct db *db, int64_t id, struct err *e);
int store_project_list(struct db *db, const struct project_filter *f, struct arena *a,
		       struct store_project **out, int *n, int64_t *next, struct err *e);
int store_project_events(struct db *db, int64_t id, bool public_only, struct arena *a,
			 struct store_event **out, int *n, struct err *e);
/* The projects a need was taken up into, oldest first. */
int store_project_ids_of_need(struct db *db, int64_t need_id, struct arena *a, int64_t **ids,
			      int *n, struct err *e);
/* Every unit that took part in a project done or evaluated, with the ratings. */
int store_unit_records(struct db *db, struct arena *a, struct store_unit_record **out, int *n,
		       struct err *e);

#endif
