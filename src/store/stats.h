/* stats: SQL of the figures' day counters (migration 0011: stats_days, stats_settings).
 * The counters are columns, in the order of store_stats_columns (the same as
 * domain/metrics.h's enum metrics_count; ops/stats.c checks it). Adding is an upsert of one
 * row; reading sums the rows of a filter, whole or grouped by unit or by day; the rebuild
 * empties the table and walks every appeal's events in order. */
#ifndef HUIYIN_STORE_STATS_H
#define HUIYIN_STORE_STATS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/err.h"

#define STORE_STATS_COUNTS 16
extern const char *const store_stats_columns[STORE_STATS_COUNTS];

struct store_stats_key {
	int64_t day, month, unit_id, place_id; /* month: its first day; 0: no unit; 0: district */
	const char *category, *channel, *tier;
};

/* Adds counts to the day row of key and to its month's row for the unit (made when
 * missing), in the caller's transaction. */
int store_stats_add(struct db *db, const struct store_stats_key *k,
                    const int64_t counts[STORE_STATS_COUNTS], struct err *e);

/* Which rows to sum: days [from_day, to_day]; the filters (0 / NULL: any); the scope (all,
 * or a row counts when its unit or its place lies in one of the subtrees). */
struct store_stats_where {
	int64_t from_day, to_day;
	const char *org_path; /* the unit in this subtree */
	int64_t unit_id, community_id;
	const char *category, *channel, *tier;
	bool scope_all;
	const char *const *scope_paths;
	int n_scope;
	/* The whole months inside the period, by their first days (month_from > month_last:
	 * none), and the last day of the last one. Set by the caller; used when the filter
	 * needs no finer key than the unit (no community, category, channel or tier, and the
	 * scope all or given by org or unit). */
	int64_t month_from, month_last, month_last_end;
};
enum store_stats_group { STORE_STATS_ALL, STORE_STATS_BY_UNIT, STORE_STATS_BY_DAY };
struct store_stats_row {
	int64_t key;           /* the unit id or the day; 0 for STORE_STATS_ALL */
	const char *unit_path; /* STORE_STATS_BY_UNIT: the unit's path (NULL for unit 0) */
	int64_t counts[STORE_STATS_COUNTS];
};
/* Sums the rows of w, grouped; *out (in a) gets *n rows, in key order. 0 or -1. */
int store_stats_sum(struct db *db, const struct store_stats_where *w, enum store_stats_group g,
                    struct arena *a, struct store_stats_row **out, int *n, struct err *e);

/* A setting (stats.min_denominator, stats.weight.*, rebuild); NULL when not set. */
const char *store_stats_setting(struct db *db, const char *key, struct arena *a, struct err *e);
int store_stats_setting_put(struct db *db, const char *key, const char *value, struct err *e);

/* One event as the rebuild reads it, with its appeal's dimensions; strings valid until
 * the next call. The data fields are NULL when absent; times are Unix seconds, 0 absent. */
struct store_stats_event {
	int64_t appeal_id, community_id;
	const char *category, *channel, *tier; /* the appeal's, as it is now */
	const char *type, *to, *rating, *resolved, *ev_tier;
	int64_t t, lead_org_id, ack_due, contact_due, answer_due;
	/* the appeal's current deadlines, for events written before their data carried them */
	int64_t row_ack_due, row_contact_due;
};
typedef int (*store_stats_event_fn)(void *arg, const struct store_stats_event *ev, struct err *e);
/* Empties stats_days. */
int store_stats_clear(struct db *db, struct err *e);
/* Calls fn for every appeal event, by appeal and in chain order; stops at fn's -1. */
int store_stats_events(struct db *db, store_stats_event_fn fn, void *arg, struct err *e);

#endif
