/*
 * test_period.c - unit tests for the statistics' calendar periods (src/domain/period.c):
 * Shanghai days, the week/month/quarter/year containing a date, the period before, the
 * five-year limit and the labels. Expected values are worked out from a calendar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/period.h"

static int64_t day(const char *s)
{
	int64_t d = -1;
	assert_int_equal(period_parse_day(s, &d), 0);
	return d;
}

static void assert_period(struct period p, const char *from, const char *to)
{
	char a[PERIOD_TEXT_LEN], b[PERIOD_TEXT_LEN];
	period_day_text(p.from, a);
	period_day_text(p.to, b);
	assert_string_equal(a, from);
	assert_string_equal(b, to);
}

static void test_shanghai_day(void **state)
{
	(void)state;
	assert_int_equal(day("1970-01-01"), 0);
	/* 2026-11-04T16:00:00Z is 00:00 on 5 November in Shanghai; a second before is the 4th. */
	int64_t t = 1793808000; /* 2026-11-04T16:00:00Z */
	assert_int_equal(period_day_of(t), day("2026-11-05"));
	assert_int_equal(period_day_of(t - 1), day("2026-11-04"));
	assert_int_equal(period_day_start(day("2026-11-05")), t);
	/* Before 1970 in UTC terms still floors: 1969-12-31T15:59:59Z is 23:59:59 in Shanghai. */
	assert_int_equal(period_day_of(-8 * 3600 - 1), -1);
}

static void test_parse(void **state)
{
	(void)state;
	int64_t d;
	assert_int_equal(period_parse_day("2024-02-29", &d), 0);
	assert_int_equal(period_parse_day("2026-02-29", &d), -1);
	assert_int_equal(period_parse_day("2026-13-01", &d), -1);
	assert_int_equal(period_parse_day("2026-1-01", &d), -1);
	assert_int_equal(period_parse_day("2026-11-011", &d), -1);
	assert_int_equal(period_parse_day("2026/11/01", &d), -1);
	assert_int_equal(period_parse_day("1969-12-31", &d), -1);
	assert_int_equal(period_parse_day("", &d), -1);
	assert_int_equal(period_parse_day(NULL, &d), -1);
	char buf[PERIOD_TEXT_LEN];
	period_day_text(day("2026-11-30"), buf);
	assert_string_equal(buf, "2026-11-30");
}

/* The period of a kind containing a day, worked out on a calendar. */
static const struct {
	enum period_kind kind;
	const char *day, *from, *to;
} containing[] = {
    {PERIOD_DAY, "2026-11-05", "2026-11-05", "2026-11-05"},
    {PERIOD_WEEK, "2026-11-05", "2026-11-02", "2026-11-08"},
    {PERIOD_WEEK, "2026-11-02", "2026-11-02", "2026-11-08"}, /* a Monday */
    {PERIOD_WEEK, "2026-11-08", "2026-11-02", "2026-11-08"}, /* a Sunday */
    /* Across a year: Thursday 1 January 2026 is in the week of Monday 29 December. */
    {PERIOD_WEEK, "2026-01-01", "2025-12-29", "2026-01-04"},
    {PERIOD_MONTH, "2026-11-05", "2026-11-01", "2026-11-30"},
    {PERIOD_MONTH, "2024-02-10", "2024-02-01", "2024-02-29"},
    {PERIOD_MONTH, "2026-02-28", "2026-02-01", "2026-02-28"},
    {PERIOD_QUARTER, "2026-11-05", "2026-10-01", "2026-12-31"},
    {PERIOD_QUARTER, "2026-01-01", "2026-01-01", "2026-03-31"},
    {PERIOD_QUARTER, "2026-06-30", "2026-04-01", "2026-06-30"},
    {PERIOD_YEAR, "2026-07-14", "2026-01-01", "2026-12-31"},
};

static void test_containing(void **state)
{
	(void)state;
	assert_int_equal(period_weekday(day("1970-01-01")), 3); /* a Thursday */
	assert_int_equal(period_weekday(day("2026-11-02")), 0); /* a Monday */
	assert_int_equal(period_weekday(day("2026-11-08")), 6); /* a Sunday */
	for (size_t i = 0; i < sizeof containing / sizeof containing[0]; i++) {
		struct period p = period_containing(containing[i].kind, day(containing[i].day));
		assert_int_equal(p.kind, containing[i].kind);
		assert_period(p, containing[i].from, containing[i].to);
	}
}

static void test_previous(void **state)
{
	(void)state;
	struct period p = period_containing(PERIOD_MONTH, day("2026-03-15"));
	assert_period(period_previous(p), "2026-02-01", "2026-02-28");
	p = period_containing(PERIOD_MONTH, day("2026-01-15"));
	assert_period(period_previous(p), "2025-12-01", "2025-12-31");
	assert_int_equal(period_previous(p).kind, PERIOD_MONTH);
	p = period_containing(PERIOD_WEEK, day("2026-11-05"));
	assert_period(period_previous(p), "2026-10-26", "2026-11-01");
	p = period_containing(PERIOD_QUARTER, day("2026-02-01"));
	assert_period(period_previous(p), "2025-10-01", "2025-12-31");
	p = period_containing(PERIOD_YEAR, day("2026-02-01"));
	assert_period(period_previous(p), "2025-01-01", "2025-12-31");
	p = period_containing(PERIOD_DAY, day("2026-03-01"));
	assert_period(period_previous(p), "2026-02-28", "2026-02-28");
	/* A range: the same number of days just before (10 days). */
	p = (struct period){PERIOD_RANGE, day("2026-11-05"), day("2026-11-14")};
	assert_int_equal(period_days(p), 10);
	assert_period(period_previous(p), "2026-10-26", "2026-11-04");
	assert_int_equal(period_previous(p).kind, PERIOD_RANGE);
}

static void test_limit(void **state)
{
	(void)state;
	struct period p = {PERIOD_RANGE, day("2021-01-01"), day("2025-12-31")};
	assert_true(period_within_limit(p));
	p.to = day("2026-01-01");
	assert_false(period_within_limit(p));
	/* From 29 February: five years on there is no 29th, so the limit is 28 February. */
	p = (struct period){PERIOD_RANGE, day("2024-02-29"), day("2029-02-28")};
	assert_true(period_within_limit(p));
	p.to = day("2029-03-01");
	assert_false(period_within_limit(p));
	p = (struct period){PERIOD_RANGE, day("2026-11-05"), day("2026-11-05")};
	assert_true(period_within_limit(p));
}

static void test_labels(void **state)
{
	(void)state;
	char b[PERIOD_TEXT_LEN];
	period_label(PERIOD_DAY, day("2026-11-05"), b);
	assert_string_equal(b, "2026-11-05");
	period_label(PERIOD_WEEK, day("2026-11-05"), b);
	assert_string_equal(b, "2026-W45");
	/* Monday 29 December 2025 belongs to ISO week 1 of 2026 (its Thursday is 1 January). */
	period_label(PERIOD_WEEK, day("2025-12-29"), b);
	assert_string_equal(b, "2026-W01");
	/* Sunday 3 January 2021 is in week 53 of 2020. */
	period_label(PERIOD_WEEK, day("2021-01-03"), b);
	assert_string_equal(b, "2020-W53");
	period_label(PERIOD_MONTH, day("2026-11-05"), b);
	assert_string_equal(b, "2026-11");
	period_label(PERIOD_QUARTER, day("2026-11-05"), b);
	assert_string_equal(b, "2026-Q4");
	period_label(PERIOD_YEAR, day("2026-11-05"), b);
	assert_string_equal(b, "2026");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shanghai_day), cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_containing),   cmocka_unit_test(test_previous),
	    cmocka_unit_test(test_limit),        cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
