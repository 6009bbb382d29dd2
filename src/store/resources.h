/* resources: queries over the resource list (资源清单) — what units offer, the community
 * alliances each resource serves, the commitments of resources to needs (报到) and the
 * event log. Strings are copied into the caller's arena; unset texts are NULL. */
#ifndef HUIYIN_STORE_RESOURCES_H
#define HUIYIN_STORE_RESOURCES_H
#include <stdbool.h>
#include <stdint.h>

#include "store/appeals.h"
#include "store/db.h"
#include "util/arena.h"

#define RESOURCE_MAX_ALLIANCES 32

struct store_resource {
	int64_t id, version;
	const char *title, *description, *kind;
	const char *category;         /* NULL: any category */
	int64_t org_id;
	const char *org_path, *org_name;
	int64_t quantity, committed;  /* remaining = quantity - committed */
	const char *unit;
	const char *available_from, *available_to; /* YYYY-MM-DD or NULL */
	const char *weekly_hours, *place;
	const char *status;           /* active, withdrawn */
	int64_t created_by;
	const char *created_at, *updated_at;
	int64_t event_count;
	int n_alliances;
	int64_t alliance_ids[RESOURCE_MAX_ALLIANCES];
	const char *alliance_paths[RESOURCE_MAX_ALLIANCES];
};

struct resource_filter {
	const char *kind, *category, *status;
	const char *org_path;      /* offered by a unit within this subtree */
	int64_t alliance_id;       /* serves this alliance */
	const char *usable_on;     /* YYYY-MM-DD: only active, not used up, not expired then */
	const char *q;             /* a substring of the title or description */
	/* Set: the list counts its rows (at most limit + 1) into *count instead of reading
	 * them (an export's row limit). */
	int64_t *count;
	int64_t after, limit;
};

struct store_commitment {
	int64_t id, resource_id, need_id, org_id, quantity, committed_by;
	const char *note, *committed_at, *org_name, *resource_title, *unit, *need_title;
};

int store_resource_get(struct db *db, int64_t id, struct arena *a, struct store_resource *o,
		       struct err *e);
/* Inserts the resource and its alliances; sets o->id and o->version. */
int store_resource_insert(struct db *db, struct store_resource *o, const char *now,
			  struct err *e);
/* Writes the changeable columns and the alliances; 409 `stale` unless o->version is the
 * stored version. Bumps o->version. */
int store_resource_update(struct db *db, struct store_resource *o, const char *now,
			  struct err *e);
int store_resource_list(struct db *db, const struct resource_filter *f, struct arena *a,
			struct store_resource **out, int *n, int64_t *next, struct err *e);
/* Every resource that can be suggested on `today` (active, something remains, not
 * expired), oldest first, at most max. */
int store_resource_usable(struct db *db, const char *today, int max, struct arena *a,
			  struct store_resource **out, int *n, struct err *e);
int store_resource_events(struct db *db, int64_t id, struct arena *a, struct store_event **out,
			  int *n, struct err *e);
/* Records a commitment (sets c->id); the caller has raised the resource's committed
 * quantity in the same transaction. */
int store_commitment_insert(struct db *db, struct store_commitment *c, struct err *e);
/* Commitments to a need (resource_id 0) or of a resource (need_id 0), oldest first. */
int store_commitments(struct db *db, int64_t need_id, int64_t resource_id, struct arena *a,
		      struct store_commitment **out, int *n, struct err *e);

#endif
