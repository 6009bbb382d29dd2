/* stats (operations): keeping the figures' day counters (store/stats.h) in step with the
 * appeals. ops/appeal.c calls stats_count for every step it writes, in the step's
 * transaction, so the counters always equal a recount of the events; stats_rebuild is
 * that recount (`huiyin stats rebuild`, and once after migration 0011 for the events
 * already there). What counts where is domain/metrics.h's. */
#ifndef HUIYIN_OPS_STATS_H
#define HUIYIN_OPS_STATS_H

#include "domain/metrics.h"
#include "store/appeals.h"
#include "util/err.h"

struct db;

/* The appeal as the figures see it (take it before the step changes a). */
void stats_case_of(const struct store_appeal *a, struct metrics_case *c);
/* Adds what step ev does to the counters of the appeal a (after the step: its category,
 * channel, community), given c, the appeal before it. In the caller's transaction. */
int stats_count(struct db *db, const struct store_appeal *a, const struct metrics_case *c,
                const struct metrics_event *ev, struct err *e);
/* Recounts every counter from the events, in the caller's transaction; *events gets how
 * many were read (may be NULL). */
int stats_rebuild(struct db *db, int64_t *events, struct err *e);
/* Runs stats_rebuild in its own transaction when a migration asked for it (the
 * stats_settings row `rebuild`), and clears the request. Outside any transaction. */
int stats_rebuild_pending(struct db *db, struct err *e);

/* The figures' settings: the score's weights and the smallest denominator shown. */
struct stats_settings {
	struct metrics_weights weights;
	int64_t min_denominator;
};
#define STATS_MIN_DENOMINATOR 5
/* Reads them (the defaults for what is not set). */
int stats_settings_load(struct db *db, struct stats_settings *s, struct err *e);
/* Writes them, checked by the caller (metrics_weights_ok, 1..1000). */
int stats_settings_save(struct db *db, const struct stats_settings *s, struct err *e);

#endif
