/* list_counts: the figures of the three lists (三张清单) for the statistics page — needs
 * raised, matched (their first 报到) and fulfilled, resources offered and committed, and
 * projects by status — counted in a period and within subtrees of the organisation tree.
 * Activities are counted by store_activity_counts (store/activities.h). */
#ifndef HUIYIN_STORE_LIST_COUNTS_H
#define HUIYIN_STORE_LIST_COUNTS_H
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct list_count_filter {
	const char *from, *to; /* ISO 8601 UTC, [from, to) */
	/* A row counts when its place (a need's community, a resource's unit, a project's
	 * owner) lies within one of `paths` (n_paths 0: anywhere) and within each of org_path
	 * and community_path that is set. */
	const char *const *paths;
	int n_paths;
	const char *org_path, *community_path;
};

struct store_list_counts {
	int64_t needs_raised;        /* created in the period */
	int64_t needs_matched;       /* whose first commitment (报到) was made in the period */
	int64_t needs_fulfilled;     /* fulfilled in the period (their `fulfil` event) */
	int64_t resources_offered;   /* created in the period */
	int64_t resources_committed; /* with a commitment made in the period */
	/* projects created in the period, by their status now */
	int n_status;
	const char *status[8];
	int64_t projects[8];
};

int store_list_counts(struct db *db, const struct list_count_filter *f, struct arena *a,
                      struct store_list_counts *out, struct err *e);

#endif
