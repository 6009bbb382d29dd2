/* Unit tests of domain/rota: opening hours, the slots of a period, and the duty
 * assignment — fairness, leave, caps, holidays, two rooms at once, consecutive slots,
 * determinism, kept seats and the impossible case. Expected numbers are worked out by
 * hand here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/rota.h"
#include "util/n_of.h"

static void *work;
static struct workcal cal;
/* 2026-10-01..07 National Day holidays; 2026-10-10 (Saturday) a make-up working day. */
static const struct workcal_day days[] = {
    {20261001, WORKCAL_HOLIDAY}, {20261002, WORKCAL_HOLIDAY}, {20261003, WORKCAL_HOLIDAY},
    {20261004, WORKCAL_HOLIDAY}, {20261005, WORKCAL_HOLIDAY}, {20261006, WORKCAL_HOLIDAY},
    {20261007, WORKCAL_HOLIDAY}, {20261010, WORKCAL_WORKDAY},
};

static int setup(void **state)
{
	(void)state;
	work = malloc(rota_work_size());
	workcal_defaults(&cal);
	cal.days = days;
	cal.n_days = N_OF(days);
	return work ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(work);
	return 0;
}

#define HM(h, m) ((h)*60 + (m))

/* Tue/Thu 14:30-17:30, Sat 09:00-12:00: the seed's example. */
static const struct rota_period week[] = {
    {2, HM(14, 30), HM(17, 30)}, {4, HM(14, 30), HM(17, 30)}, {6, HM(9, 0), HM(12, 0)}};

static void hours_refused(void **state)
{
	(void)state;
	int bad;
	assert_int_equal(rota_hours_check(week, N_OF(week), &bad), ROTA_HOURS_OK);
	const struct rota_period backwards[] = {{1, HM(9, 0), HM(12, 0)}, {3, HM(17, 0), HM(9, 0)}};
	assert_int_equal(rota_hours_check(backwards, 2, &bad), ROTA_HOURS_ORDER);
	assert_int_equal(bad, 1);
	const struct rota_period empty[] = {{1, HM(9, 0), HM(9, 0)}};
	assert_int_equal(rota_hours_check(empty, 1, &bad), ROTA_HOURS_ORDER);
	const struct rota_period overlap[] = {
	    {1, HM(9, 0), HM(12, 0)}, {2, HM(9, 0), HM(12, 0)}, {1, HM(11, 0), HM(13, 0)}};
	assert_int_equal(rota_hours_check(overlap, 3, &bad), ROTA_HOURS_OVERLAP);
	assert_int_equal(bad, 2);
	/* Touching periods do not overlap. */
	const struct rota_period touching[] = {{1, HM(9, 0), HM(12, 0)}, {1, HM(12, 0), HM(13, 0)}};
	assert_int_equal(rota_hours_check(touching, 2, &bad), ROTA_HOURS_OK);
	const struct rota_period sunday8[] = {{8, HM(9, 0), HM(12, 0)}};
	assert_int_equal(rota_hours_check(sunday8, 1, &bad), ROTA_HOURS_WEEKDAY);
	const struct rota_period late[] = {{1, HM(9, 0), 1441}};
	assert_int_equal(rota_hours_check(late, 1, &bad), ROTA_HOURS_TIME);
	/* An extra opening overlapping Tuesday's period (2026-09-15 is a Tuesday). */
	const struct rota_exception x[] = {{20260915, false, HM(16, 0), HM(18, 0)}};
	assert_int_equal(rota_exceptions_check(week, N_OF(week), x, 1, &bad), ROTA_HOURS_OVERLAP);
	const struct rota_exception ok[] = {{20260915, false, HM(9, 0), HM(11, 0)},
	                                    {20260916, true, 0, 0}};
	assert_int_equal(rota_exceptions_check(week, N_OF(week), ok, 2, &bad), ROTA_HOURS_OK);
}

static void slots_of_a_month(void **state)
{
	(void)state;
	struct rota_slot s[64];
	/* September 2026: 5 Tuesdays (1, 8, 15, 22, 29), 4 Thursdays, 4 Saturdays. */
	int n = rota_slots(&cal, week, N_OF(week), NULL, 0, false, 20260901, 20260930, s, 64);
	assert_int_equal(n, 13);
	assert_int_equal(s[0].ymd, 20260901);
	assert_int_equal(s[0].from, HM(14, 30));
	/* 14:30 in Shanghai is 06:30 UTC. */
	assert_int_equal(s[0].start % 86400, 6 * 3600 + 30 * 60);
	assert_int_equal(s[0].end - s[0].start, 3 * 3600);
	for (int i = 1; i < n; i++)
		assert_true(s[i].start > s[i - 1].start);
	/* Closed on the 15th, an extra morning on the 16th (a Wednesday). */
	const struct rota_exception x[] = {{20260915, true, 0, 0},
	                                   {20260916, false, HM(9, 0), HM(11, 0)}};
	n = rota_slots(&cal, week, N_OF(week), x, 2, false, 20260901, 20260930, s, 64);
	assert_int_equal(n, 13);
	bool extra = false;
	for (int i = 0; i < n; i++) {
		assert_int_not_equal(s[i].ymd, 20260915);
		extra |= s[i].ymd == 20260916 && s[i].from == HM(9, 0);
	}
	assert_true(extra);
	/* Too many for the room given. */
	assert_int_equal(
	    rota_slots(&cal, week, N_OF(week), NULL, 0, false, 20260901, 20260930, s, 5), -1);
	assert_int_equal(
	    rota_slots(&cal, week, N_OF(week), NULL, 0, false, 20260930, 20260901, s, 64), -1);
}

static void holidays_closed_unless_open(void **state)
{
	(void)state;
	struct rota_slot s[16];
	/* 2026-10-01..10: Thu 1 (holiday), Sat 3 (holiday), Tue 6 (holiday), Thu 8, Sat 10. */
	int n = rota_slots(&cal, week, N_OF(week), NULL, 0, false, 20261001, 20261010, s, 16);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].ymd, 20261008);
	assert_int_equal(s[1].ymd, 20261010);
	n = rota_slots(&cal, week, N_OF(week), NULL, 0, true, 20261001, 20261010, s, 16);
	assert_int_equal(n, 5);
}

/* n officials 1..n without constraints; caps and leave set by the caller. */
static struct rota_official offs[ROTA_MAX_OFFICIALS];
static void officials(int n)
{
	memset(offs, 0, sizeof offs);
	for (int i = 0; i < n; i++) {
		offs[i].id = i + 1;
		offs[i].cap = -1;
	}
}

static struct rota_slot month[64];
static int month_slots(void)
{
	return rota_slots(&cal, week, N_OF(week), NULL, 0, false, 20260901, 20260930, month, 64);
}

static void counts(const int64_t *out, int n, int *c, int nc)
{
	memset(c, 0, sizeof *c * (size_t)nc);
	for (int i = 0; i < n; i++)
		if (out[i])
			c[out[i] - 1]++;
}

static int consecutive(const int64_t *out, int ns, int seats)
{
	int n = 0;
	for (int t = 1; t < ns; t++)
		for (int k = 0; k < seats; k++)
			for (int q = 0; q < seats; q++)
				n += out[t * seats + k] &&
				     out[t * seats + k] == out[(t - 1) * seats + q];
	return n;
}

static void fair_without_constraints(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(4);
	int64_t out[64 * 2];
	struct rota_input in = {month, ns, 2, offs, 4, NULL};
	/* 13 slots x 2 seats = 26 duties over 4: 7, 7, 6, 6. */
	assert_int_equal(rota_assign(&in, work, out), 0);
	int c[4];
	counts(out, ns * 2, c, 4);
	int lo = 99, hi = 0;
	for (int i = 0; i < 4; i++)
		lo = c[i] < lo ? c[i] : lo, hi = c[i] > hi ? c[i] : hi;
	assert_int_equal(lo, 6);
	assert_int_equal(hi, 7);
	/* Two seats of one slot never go to one person. */
	for (int t = 0; t < ns; t++)
		assert_int_not_equal(out[t * 2], out[t * 2 + 1]);
	/* With four officials for two seats nobody needs to sit twice in a row. */
	assert_int_equal(consecutive(out, ns, 2), 0);
}

static void deterministic(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(5);
	int64_t a[64], b[64];
	struct rota_input in = {month, ns, 1, offs, 5, NULL};
	assert_int_equal(rota_assign(&in, work, a), 0);
	memset(work, 0x5a, rota_work_size());
	assert_int_equal(rota_assign(&in, work, b), 0);
	assert_memory_equal(a, b, sizeof(int64_t) * (size_t)ns);
}

static void leave_is_respected_and_others_even(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(3);
	/* Official 1 is away from the 12th to the end of the month. */
	const struct rota_leave away[] = {{20260912, 20260930}};
	offs[0].leave = away;
	offs[0].n_leave = 1;
	int64_t out[64];
	struct rota_input in = {month, ns, 1, offs, 3, NULL};
	assert_int_equal(rota_assign(&in, work, out), 0);
	for (int t = 0; t < ns; t++)
		if (month[t].ymd >= 20260912)
			assert_int_not_equal(out[t], 1);
	/* Before the 12th there are 5 slots (Tue 1, Thu 3, Sat 5, Tue 8, Thu 10). Official 1
	 * can take at most those 5; the even answer gives 13 = 4+4+5 in some order: every
	 * count within one of the others. */
	int c[3];
	counts(out, ns, c, 3);
	assert_int_equal(c[0] + c[1] + c[2], 13);
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 3; k++)
			assert_true(abs(c[i] - c[k]) <= 1);
	/* Greedy round-robin would give official 1 only 2 of the early slots: the flow gives
	 * them 4 (they could have taken more, so they must have no fewer than the others - 1). */
	assert_true(c[0] >= 4);
}

static void caps_hold(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(3);
	offs[0].cap = 2;
	/* Official 2 has two duties in another room this month: cap 3 leaves 1. */
	const struct rota_busy elsewhere[] = {
	    {month[0].start - 86400 * 2, month[0].start - 86400 * 2 + 3600, 20260830},
	    {month[5].start + 86400, month[5].start + 86400 + 3600, 20260913},
	    {month[6].start + 86400, month[6].start + 86400 + 3600, 20260916}};
	offs[1].cap = 3;
	offs[1].busy = elsewhere;
	offs[1].n_busy = 3;
	int64_t out[64];
	struct rota_input in = {month, ns, 1, offs, 3, NULL};
	assert_int_equal(rota_assign(&in, work, out), 0);
	int c[3];
	counts(out, ns, c, 3);
	assert_int_equal(c[0], 2);
	/* The August duty does not count for September's cap. */
	assert_int_equal(c[1], 1);
	assert_int_equal(c[2], 10);
}

static void never_two_rooms_at_once(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(2);
	/* Official 1 sits in another room during slots 0 and 2 (overlapping by an hour). */
	const struct rota_busy other[] = {
	    {month[0].start + 3600, month[0].end + 3600, month[0].ymd},
	    {month[2].start - 3600, month[2].start + 60, month[2].ymd}};
	offs[0].busy = other;
	offs[0].n_busy = 2;
	assert_false(rota_official_free(&offs[0], &month[0]));
	assert_true(rota_official_free(&offs[0], &month[1]));
	int64_t out[64];
	struct rota_input in = {month, ns, 1, offs, 2, NULL};
	assert_int_equal(rota_assign(&in, work, out), 0);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[2], 2);
	/* An official busy exactly until the slot starts is free. */
	const struct rota_busy before[] = {{month[0].start - 3600, month[0].start, month[0].ymd}};
	offs[0].busy = before;
	offs[0].n_busy = 1;
	assert_true(rota_official_free(&offs[0], &month[0]));
}

static void no_consecutive_when_others_free(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(3);
	int64_t out[64];
	struct rota_input in = {month, ns, 1, offs, 3, NULL};
	assert_int_equal(rota_assign(&in, work, out), 0);
	assert_int_equal(consecutive(out, ns, 1), 0);
	/* Two officials, one seat, one on leave for a week: the other must sit in a row then,
	 * but not elsewhere. */
	officials(2);
	const struct rota_leave away[] = {{20260907, 20260913}};
	offs[1].leave = away;
	offs[1].n_leave = 1;
	in.n_officials = 2;
	assert_int_equal(rota_assign(&in, work, out), 0);
	for (int t = 1; t < ns; t++)
		if (out[t] == out[t - 1])
			assert_true((month[t].ymd >= 20260907 && month[t].ymd <= 20260913) ||
			            (month[t - 1].ymd >= 20260907 && month[t - 1].ymd <= 20260913));
}

static void impossible_reports_unfilled(void **state)
{
	(void)state;
	int ns = month_slots();
	int64_t out[64 * 3];
	/* No officials at all: every seat unfilled. */
	struct rota_input in = {month, ns, 1, offs, 0, NULL};
	assert_int_equal(rota_assign(&in, work, out), ns);
	for (int t = 0; t < ns; t++)
		assert_int_equal(out[t], 0);
	/* Two officials for three seats: one seat of each slot stays empty. */
	officials(2);
	in = (struct rota_input){month, ns, 3, offs, 2, NULL};
	assert_int_equal(rota_assign(&in, work, out), ns);
	/* Caps of 2 each over 13 slots: 4 filled, 9 not. */
	officials(2);
	offs[0].cap = offs[1].cap = 2;
	in = (struct rota_input){month, ns, 1, offs, 2, NULL};
	assert_int_equal(rota_assign(&in, work, out), 9);
	/* Past the limits. */
	in.seats = ROTA_MAX_SEATS + 1;
	assert_int_equal(rota_assign(&in, work, out), -1);
}

static void kept_seats_stay_and_count(void **state)
{
	(void)state;
	int ns = month_slots();
	officials(2);
	int64_t fixed[64] = {0}, out[64];
	/* The first four slots are past, all held by official 1; slot 6 an agreed swap to 1. */
	for (int t = 0; t < 4; t++)
		fixed[t] = 1;
	fixed[6] = 1;
	struct rota_input in = {month, ns, 1, offs, 2, fixed};
	assert_int_equal(rota_assign(&in, work, out), 0);
	for (int t = 0; t < 4; t++)
		assert_int_equal(out[t], 1);
	assert_int_equal(out[6], 1);
	/* 13 duties: the kept five count for official 1, so the rest even out to 7 / 6. */
	int c[2];
	counts(out, ns, c, 2);
	assert_true(abs(c[0] - c[1]) <= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hours_refused),
	    cmocka_unit_test(slots_of_a_month),
	    cmocka_unit_test(holidays_closed_unless_open),
	    cmocka_unit_test(fair_without_constraints),
	    cmocka_unit_test(deterministic),
	    cmocka_unit_test(leave_is_respected_and_others_even),
	    cmocka_unit_test(caps_hold),
	    cmocka_unit_test(never_two_rooms_at_once),
	    cmocka_unit_test(no_consecutive_when_others_free),
	    cmocka_unit_test(impossible_reports_unfilled),
	    cmocka_unit_test(kept_seats_stay_and_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
