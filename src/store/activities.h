/* activities: queries over activities (活动) — talks (宣讲), volunteer services, health
 * checks, campaigns — and their counts per kind for an organisation's subtree and period.
 * Strings are copied into the caller's arena; unset texts are NULL. */
#ifndef HUIYIN_STORE_ACTIVITIES_H
#define HUIYIN_STORE_ACTIVITIES_H
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct store_activity {
	int64_t id, version;
	const char *kind, *title, *description;
	int64_t org_id;
	const char *org_path, *org_name;
	const char *held_on;          /* YYYY-MM-DD */
	const char *place;
	int64_t project_id;           /* 0: none */
	int64_t participants, audience, created_by;
	const char *created_at, *updated_at;
};

struct activity_filter {
	const char *kind;
	const char *org_path;         /* organised within this subtree */
	int64_t project_id;
	const char *from, *to;        /* held_on range, inclusive, YYYY-MM-DD */
	/* Set: the list counts its rows (at most limit + 1) into *count instead of reading
	 * them (an export's row limit). */
	int64_t *count;
	int64_t after, limit;
};

/* Counts of one kind. */
struct store_activity_count {
	const char *kind;
	int64_t held, participants, audience;
};

int store_activity_get(struct db *db, int64_t id, struct arena *a, struct store_activity *o,
		       struct err *e);
/* Sets o->id, o->version and the times. */
int store_activity_insert(struct db *db, struct store_activity *o, const char *now,
			  struct err *e);
/* 409 `stale` unless o->version is the stored version; bumps o->version. */
int store_activity_update(struct db *db, struct store_activity *o, const char *now,
			  struct err *e);
int store_activity_list(struct db *db, const struct activity_filter *f, struct arena *a,
			struct store_activity **out, int *n, int64_t *next, struct err *e);
/* Counts per kind of the activities organised within the subtree at `path` and held from
 * `from` to `to` (inclusive; NULL: open). Kinds without activities are not listed. */
int store_activity_counts(struct db *db, const char *path, const char *from, const char *to,
			  struct arena *a, struct store_activity_count **out, int *n,
			  struct err *e);

#endif
