/*
 * test_metrics.c - unit tests for the figures of 接诉即办 (src/domain/metrics.c): hand-made
 * appeals replayed step by step through metrics_step and metrics_advance, as the writer
 * and the rebuild do, with the counters each step adds summed per unit; then the rates,
 * "too few" and the score from sums worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/metrics.h"
#include "domain/period.h"

#define H 3600
/* 2026-11-02 (a Monday) 09:00 in Shanghai. */
#define T0 ((int64_t)1793581200)
enum { UNIT_A = 11, UNIT_B = 12 };

/* The sums of one replay: counts[unit index][counter], unit index 0 none, 1 A, 2 B; and
 * the day of the last addition to each counter. */
struct sums {
	int64_t counts[3][MC__MAX];
	int64_t day[MC__MAX];
};

static int unit_index(int64_t unit)
{
	return unit == UNIT_A ? 1 : unit == UNIT_B ? 2 : 0;
}

static void replay(const struct metrics_event *evs, int n, struct sums *s)
{
	memset(s, 0, sizeof *s);
	struct metrics_case c = {.status = APPEAL_SUBMITTED, .tier = "general"};
	for (int i = 0; i < n; i++) {
		struct metrics_add adds[METRICS_MAX_ADDS];
		int k = metrics_step(&c, &evs[i], adds);
		for (int j = 0; j < k; j++) {
			s->counts[unit_index(adds[j].unit_id)][adds[j].count] += adds[j].n;
			s->day[adds[j].count] = adds[j].day;
		}
		metrics_advance(&c, &evs[i]);
	}
}

#define EV(step_, t_, to_, ...)                                                                    \
	{                                                                                          \
		.step = STEP_##step_, .t = (t_), .to = APPEAL_##to_, __VA_ARGS__                   \
	}
#define DISPATCH(t_, unit)                                                                         \
	EV(DISPATCH, t_, DISPATCHED, .lead_org_id = (unit), .ack_due = (t_) + 2 * H,               \
	   .contact_due = (t_) + 24 * H, .answer_due = (t_) + 72 * H)

/* Dispatched to A, which never answers; re-dispatched a day later to B, which
 * acknowledges in time, contacts late and answers in time; 满意, resolved. */
static void test_redispatch(void **state)
{
	(void)state;
	const struct metrics_event evs[] = {
	    EV(SUBMIT, T0, SUBMITTED, .rating = NULL),
	    EV(ACCEPT, T0 + 600, ACCEPTED, .tier = "general"),
	    DISPATCH(T0 + H, UNIT_A),
	    DISPATCH(T0 + 25 * H, UNIT_B),
	    EV(ACKNOWLEDGE, T0 + 26 * H, IN_PROGRESS, .rating = NULL),
	    EV(CONTACT, T0 + 50 * H, IN_PROGRESS, .rating = NULL), /* due at T0 + 49 h */
	    EV(REPLY, T0 + 60 * H, REPLIED, .rating = NULL),
	    EV(RATE, T0 + 61 * H, CLOSED, .rating = "satisfied", .resolved = "yes"),
	};
	struct sums s;
	replay(evs, 8, &s);
	assert_int_equal(s.counts[0][MC_RECEIVED], 1);
	assert_int_equal(s.counts[1][MC_DISPATCHED], 1);
	assert_int_equal(s.counts[1][MC_RESPONDED], 0);
	assert_int_equal(s.counts[2][MC_DISPATCHED], 1);
	assert_int_equal(s.counts[2][MC_RESPONDED], 1);
	assert_int_equal(s.counts[2][MC_CONTACTED], 0);
	assert_int_equal(s.counts[2][MC_ANSWERED], 1);
	assert_int_equal(s.counts[2][MC_ON_TIME], 1);
	assert_int_equal(s.counts[2][MC_RATED], 1);
	assert_int_equal(s.counts[2][MC_SATISFIED], 1);
	assert_int_equal(s.counts[2][MC_RESOLVED_HALVES], 2);
	assert_int_equal(s.counts[2][MC_RESOLVED_KNOWN], 1);
	/* B's response counts on the day of B's dispatch (3 November), not of A's. */
	int64_t d;
	assert_int_equal(period_parse_day("2026-11-03", &d), 0);
	assert_int_equal(s.day[MC_RESPONDED], d);
}

/* A returns the case with a reason inside its acknowledgement limit: a response; the
 * dispatcher sends it to B, which returns it after its limit: not one. */
static void test_return(void **state)
{
	(void)state;
	const struct metrics_event evs[] = {
	    EV(SUBMIT, T0, SUBMITTED, .rating = NULL),        DISPATCH(T0 + H, UNIT_A),
	    EV(RETURN, T0 + 2 * H, ACCEPTED, .rating = NULL), DISPATCH(T0 + 3 * H, UNIT_B),
	    EV(RETURN, T0 + 6 * H, ACCEPTED, .rating = NULL),
	};
	struct sums s;
	replay(evs, 5, &s);
	assert_int_equal(s.counts[1][MC_DISPATCHED], 1);
	assert_int_equal(s.counts[1][MC_RESPONDED], 1);
	assert_int_equal(s.counts[2][MC_DISPATCHED], 1);
	assert_int_equal(s.counts[2][MC_RESPONDED], 0);
}

/* 不满意 reopens to the same unit with a fresh limit; the acknowledgement after the reopen
 * is not a second response; the second answer is late; then 基本满意, partly resolved. */
static void test_reopen_partly(void **state)
{
	(void)state;
	const struct metrics_event evs[] = {
	    EV(SUBMIT, T0, SUBMITTED, .rating = NULL),
	    DISPATCH(T0 + H, UNIT_A),
	    EV(ACKNOWLEDGE, T0 + 2 * H, IN_PROGRESS, .rating = NULL),
	    EV(CONTACT, T0 + 3 * H, IN_PROGRESS, .rating = NULL),
	    EV(REPLY, T0 + 4 * H, REPLIED, .rating = NULL),
	    EV(RATE, T0 + 5 * H, REOPENED, .rating = "unsatisfied", .resolved = "no",
	       .ack_due = T0 + 7 * H, .answer_due = T0 + 10 * H),
	    EV(ACKNOWLEDGE, T0 + 6 * H, IN_PROGRESS, .rating = NULL),
	    EV(CONTACT, T0 + 6 * H, IN_PROGRESS, .rating = NULL),
	    EV(REPLY, T0 + 11 * H, REPLIED, .rating = NULL),
	    EV(RATE, T0 + 12 * H, CLOSED, .rating = "basically_satisfied", .resolved = "partly"),
	};
	struct sums s;
	replay(evs, 10, &s);
	const int64_t *a = s.counts[1];
	assert_int_equal(a[MC_DISPATCHED], 1);
	assert_int_equal(a[MC_RESPONDED], 1);
	assert_int_equal(a[MC_CONTACTED], 1);
	assert_int_equal(a[MC_ANSWERED], 2);
	assert_int_equal(a[MC_ON_TIME], 1);
	assert_int_equal(a[MC_RATED], 2);
	assert_int_equal(a[MC_REOPENED], 1);
	assert_int_equal(a[MC_SATISFIED], 1);
	assert_int_equal(a[MC_RESOLVED_KNOWN], 2);
	assert_int_equal(a[MC_RESOLVED_HALVES], 1); /* no + partly = 0.5 of 2 */
	assert_int_equal(a[MC_CLOSED_UNRESOLVED], 0);
	struct metrics_figure r[RATE__MAX];
	metrics_rates(a, 1, r);
	assert_true(r[RATE_RESOLUTION].num == 0.5);
	assert_int_equal(r[RATE_RESOLUTION].den, 2);
	assert_true(r[RATE_RESOLUTION].value == 0.25);
	assert_true(r[RATE_REOPEN].value == 0.5);
}

/* Answered, never rated, closed by the worker: unrated, not rated, never satisfied; the
 * callback afterwards counts as a callback, not as a rating. A rating from before
 * `resolved` was asked is rated and satisfied but not in the resolution rate. */
static void test_unrated_and_unknown(void **state)
{
	(void)state;
	const struct metrics_event evs[] = {
	    EV(SUBMIT, T0, SUBMITTED, .rating = NULL),
	    DISPATCH(T0 + H, UNIT_A),
	    EV(ACKNOWLEDGE, T0 + 2 * H, IN_PROGRESS, .rating = NULL),
	    EV(OVERDUE, T0 + 30 * H, IN_PROGRESS, .rating = NULL),
	    EV(REPLY, T0 + 80 * H, REPLIED, .rating = NULL),
	    EV(AUTO_CLOSE, T0 + 300 * H, CLOSED, .rating = NULL),
	    EV(CALLBACK, T0 + 301 * H, CLOSED, .rating = "satisfied", .resolved = "yes"),
	};
	struct sums s;
	replay(evs, 7, &s);
	const int64_t *a = s.counts[1];
	assert_int_equal(a[MC_ANSWERED], 1);
	assert_int_equal(a[MC_ON_TIME], 0);
	assert_int_equal(a[MC_UNRATED], 1);
	assert_int_equal(a[MC_RATED], 0);
	assert_int_equal(a[MC_SATISFIED], 0);
	assert_int_equal(a[MC_RESOLVED_KNOWN], 0);
	assert_int_equal(a[MC_CALLBACKS], 1);
	assert_int_equal(a[MC_OVERDUE], 1);

	const struct metrics_event old[] = {
	    EV(SUBMIT, T0, SUBMITTED, .rating = NULL),
	    DISPATCH(T0 + H, UNIT_A),
	    EV(ACKNOWLEDGE, T0 + 2 * H, IN_PROGRESS, .rating = NULL),
	    EV(REPLY, T0 + 3 * H, REPLIED, .rating = NULL),
	    EV(RATE, T0 + 4 * H, CLOSED, .rating = "satisfied"),
	};
	replay(old, 5, &s);
	assert_int_equal(s.counts[1][MC_RATED], 1);
	assert_int_equal(s.counts[1][MC_SATISFIED], 1);
	assert_int_equal(s.counts[1][MC_RESOLVED_KNOWN], 0);
}

/* Closed with resolved `no` (基本满意 but not solved) is its own count; a second 不满意
 * sends the case back to the dispatcher, counted for the unit that answered. */
static void test_closed_unresolved_and_back(void **state)
{
	(void)state;
	const struct metrics_event evs[] = {
	    EV(SUBMIT, T0, SUBMITTED, .rating = NULL),
	    DISPATCH(T0 + H, UNIT_A),
	    EV(ACKNOWLEDGE, T0 + 2 * H, IN_PROGRESS, .rating = NULL),
	    EV(REPLY, T0 + 3 * H, REPLIED, .rating = NULL),
	    EV(RATE, T0 + 4 * H, ACCEPTED, .rating = "unsatisfied", .resolved = "no"),
	    DISPATCH(T0 + 5 * H, UNIT_B),
	    EV(ACKNOWLEDGE, T0 + 6 * H, IN_PROGRESS, .rating = NULL),
	    EV(REPLY, T0 + 7 * H, REPLIED, .rating = NULL),
	    EV(RATE, T0 + 8 * H, CLOSED, .rating = "basically_satisfied", .resolved = "no"),
	};
	struct sums s;
	replay(evs, 9, &s);
	assert_int_equal(s.counts[1][MC_REOPENED], 1);
	assert_int_equal(s.counts[1][MC_RATED], 1);
	assert_int_equal(s.counts[2][MC_RESPONDED], 1);
	assert_int_equal(s.counts[2][MC_CLOSED_UNRESOLVED], 1);
	assert_int_equal(s.counts[2][MC_SATISFIED], 1);
}

/* Accepting with another tier moves the submission to it. */
static void test_tier_moves(void **state)
{
	(void)state;
	struct metrics_case c = {.status = APPEAL_SUBMITTED, .tier = "general", .created_at = T0};
	struct metrics_event ev = EV(ACCEPT, T0 + H, ACCEPTED, .tier = "complex");
	struct metrics_add adds[METRICS_MAX_ADDS];
	assert_int_equal(metrics_step(&c, &ev, adds), 2);
	assert_string_equal(adds[0].tier, "general");
	assert_int_equal(adds[0].n, -1);
	assert_string_equal(adds[1].tier, "complex");
	assert_int_equal(adds[1].n, 1);
	ev.tier = "general";
	assert_int_equal(metrics_step(&c, &ev, adds), 0);
}

static void test_figures_too_few_and_score(void **state)
{
	(void)state;
	struct metrics_figure f = metrics_figure(12, 14, 5);
	assert_false(f.too_few);
	assert_true(f.value == 0.857143);
	f = metrics_figure(4, 4, 5);
	assert_true(f.too_few);
	f = metrics_figure(0, 0, 1);
	assert_true(f.too_few);

	int64_t k[MC__MAX] = {0};
	k[MC_DISPATCHED] = 10, k[MC_RESPONDED] = 9;
	k[MC_RATED] = 8, k[MC_SATISFIED] = 6;
	k[MC_RESOLVED_KNOWN] = 8, k[MC_RESOLVED_HALVES] = 12; /* 6 of 8 */
	k[MC_ANSWERED] = 9;
	struct metrics_figure r[RATE__MAX];
	metrics_rates(k, 5, r);
	assert_true(r[RATE_RESPONSE].value == 0.9);
	assert_true(r[RATE_RESOLUTION].value == 0.75);
	assert_true(r[RATE_SATISFACTION].value == 0.75);
	assert_true(r[RATE_RATED].value == 0.888889);
	double score;
	assert_true(metrics_score(r, &metrics_default_weights, &score));
	/* 0.1 * 0.9 + 0.45 * 0.75 + 0.45 * 0.75 = 0.765 */
	assert_true(score == 0.765);
	k[MC_RATED] = 4; /* satisfaction too few: no score */
	metrics_rates(k, 5, r);
	assert_false(metrics_score(r, &metrics_default_weights, &score));

	struct metrics_weights w = {0.2, 0.4, 0.4};
	assert_true(metrics_weights_ok(&w));
	w.response = 0.3;
	assert_false(metrics_weights_ok(&w));
	w = (struct metrics_weights){-0.1, 0.6, 0.5};
	assert_false(metrics_weights_ok(&w));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redispatch),
	    cmocka_unit_test(test_return),
	    cmocka_unit_test(test_reopen_partly),
	    cmocka_unit_test(test_unrated_and_unknown),
	    cmocka_unit_test(test_closed_unresolved_and_back),
	    cmocka_unit_test(test_tier_moves),
	    cmocka_unit_test(test_figures_too_few_and_score),
	};
	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
