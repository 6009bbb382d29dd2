/* metrics: the figures of 接诉即办 (issue 13) from an appeal's steps. Pure: the caller gives
 * the appeal's state before a step (struct metrics_case) and the step (struct
 * metrics_event); metrics_step says what the step adds to which counter, on which day and
 * for which unit. The writer adds that to the day counters in the step's own transaction,
 * and the rebuild replays every appeal's events through the same function, so both count
 * alike. metrics_figure and metrics_score turn summed counters into the figures.
 *
 * What counts where (days are Asia/Shanghai days, domain/period.h):
 * - received: a submission, on its day, with no unit;
 * - dispatched: a dispatch, on its day, for the unit it went to (a re-dispatch is a new
 *   dispatch, for the new unit);
 * - responded: a dispatch acknowledged, or returned with a reason, by the unit not later
 *   than its acknowledgement deadline; counted on the dispatch's day, for its unit;
 * - contacted: the first contact after a dispatch not later than its contact deadline
 *   (moved by suspensions); on the dispatch's day;
 * - answered / on_time: a reply, on its day, for the lead unit; on time when not later
 *   than the answer deadline (moved by suspensions and extensions, fresh after a reopen);
 * - rated: a rating of a replied appeal (the submitter's, or a callback 回访 taking its
 *   place), on its day, for the unit that answered; satisfied: 满意 or 基本满意;
 *   resolved: yes counts 2 halves, partly 1, no 0, out of 2 halves per rating whose
 *   `resolved` is known (ratings from before it was asked are left out of that figure);
 *   reopened: a rating 不满意 (reopens or goes back to the dispatcher); closed_unresolved:
 *   a rating that closed the appeal with resolved `no`;
 * - callbacks: every callback 回访, on its day; unrated: an answer closed unrated after
 *   the rating period (never satisfied or resolved); overdue / escalated: the worker's
 *   flags, on their day, for the lead unit (none before dispatch).
 * An appeal's facts count under its category, channel, community and tier as they are
 * now: accepting with another tier moves its `received` to the new tier (the only fact
 * before acceptance). */
#ifndef HUIYIN_METRICS_H
#define HUIYIN_METRICS_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/appeal.h"

enum metrics_count {
	MC_RECEIVED,
	MC_DISPATCHED,
	MC_RESPONDED,
	MC_CONTACTED,
	MC_ANSWERED,
	MC_ON_TIME,
	MC_RATED,
	MC_SATISFIED,
	MC_RESOLVED_HALVES,
	MC_RESOLVED_KNOWN,
	MC_REOPENED,
	MC_CALLBACKS,
	MC_UNRATED,
	MC_CLOSED_UNRESOLVED,
	MC_OVERDUE,
	MC_ESCALATED,
	MC__MAX
};
/* The counters' column names (store/stats.c's table has one column each). */
extern const char *const metrics_count_names[MC__MAX];

enum metrics_rate {
	RATE_RESPONSE,
	RATE_CONTACT,
	RATE_RESOLUTION,
	RATE_SATISFACTION,
	RATE_ON_TIME,
	RATE_REOPEN,
	RATE_CALLBACK,
	RATE_RATED,
	RATE__MAX
};
extern const char *const metrics_rate_names[RATE__MAX];

/* The appeal as the figures need it, before a step. Times are Unix seconds, 0 unset. */
struct metrics_case {
	enum appeal_status status;
	int64_t created_at;
	int64_t unit_id;       /* the lead unit, 0 none */
	int64_t dispatched_at; /* the current dispatch */
	int64_t ack_due, contact_due, answer_due;
	bool contacted; /* since the current dispatch */
	const char *tier;
};

/* One step, with what its event's data says. */
struct metrics_event {
	enum appeal_step step;
	int64_t t;
	enum appeal_status to; /* the status after it */
	const char *rating, *resolved, *tier;
	int64_t lead_org_id;                      /* dispatch */
	int64_t ack_due, contact_due, answer_due; /* the deadlines the step set; 0 none */
};

/* One addition to a counter: n to column `count` of (day, unit, tier). */
struct metrics_add {
	int64_t day, unit_id;
	const char *tier;
	enum metrics_count count;
	int n;
};
#define METRICS_MAX_ADDS 6

/* What step ev adds, given the appeal c before it: fills out and returns how many. */
int metrics_step(const struct metrics_case *c, const struct metrics_event *ev,
                 struct metrics_add out[METRICS_MAX_ADDS]);
/* Moves c past ev, as ops/appeal.c changes the appeal (for the rebuild's replay). */
void metrics_advance(struct metrics_case *c, const struct metrics_event *ev);

/* A figure: num / den rounded to 6 places; too_few (and no value) when den < min_den. */
struct metrics_figure {
	double num;
	int64_t den;
	double value;
	bool too_few;
};
struct metrics_figure metrics_figure(double num, int64_t den, int64_t min_den);
/* The rates from summed counters, in enum metrics_rate order. */
void metrics_rates(const int64_t counts[MC__MAX], int64_t min_den,
                   struct metrics_figure out[RATE__MAX]);

/* The score's weights (admin settings), summing to 1. */
struct metrics_weights {
	double response, resolution, satisfaction;
};
extern const struct metrics_weights metrics_default_weights;
/* Weighted mean of the weighted rates, rounded to 6 places; false (no score) when any of
 * them is too few. */
bool metrics_score(const struct metrics_figure rates[RATE__MAX], const struct metrics_weights *w,
                   double *out);
/* Is w a valid set of weights (each >= 0, summing to 1 within 0.001)? */
bool metrics_weights_ok(const struct metrics_weights *w);

#endif
