/*
 * test_workcal.c - unit tests for the working-time calendar and deadline arithmetic
 * (src/domain/workcal.c), using real dates from the 2025/2026 State Council holiday notices.
 *
 * Every expected value is worked out by hand from the calendar in the comment next to it.
 * Local times are Asia/Shanghai (UTC+8): local 08:30 = 00:30Z, 12:00 = 04:00Z,
 * 14:00 = 06:00Z, 17:30 = 09:30Z.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/workcal.h"

/* Rows copied from data/calendar/cn-2025-2026.csv: 2025 National Day block and all of 2026. */
static const struct workcal_day cn_days[] = {
    {20250928, WORKCAL_WORKDAY}, /* 国庆节、中秋节 */
    {20251001, WORKCAL_HOLIDAY},
    {20251002, WORKCAL_HOLIDAY},
    {20251003, WORKCAL_HOLIDAY},
    {20251004, WORKCAL_HOLIDAY},
    {20251005, WORKCAL_HOLIDAY},
    {20251006, WORKCAL_HOLIDAY},
    {20251007, WORKCAL_HOLIDAY},
    {20251008, WORKCAL_HOLIDAY},
    {20251011, WORKCAL_WORKDAY},
    /* 元旦 */
    {20260101, WORKCAL_HOLIDAY},
    {20260102, WORKCAL_HOLIDAY},
    {20260103, WORKCAL_HOLIDAY},
    {20260104, WORKCAL_WORKDAY},
    /* 春节 */
    {20260214, WORKCAL_WORKDAY},
    {20260215, WORKCAL_HOLIDAY},
    {20260216, WORKCAL_HOLIDAY},
    {20260217, WORKCAL_HOLIDAY},
    {20260218, WORKCAL_HOLIDAY},
    {20260219, WORKCAL_HOLIDAY},
    {20260220, WORKCAL_HOLIDAY},
    {20260221, WORKCAL_HOLIDAY},
    {20260222, WORKCAL_HOLIDAY},
    {20260223, WORKCAL_HOLIDAY},
    {20260228, WORKCAL_WORKDAY},
    /* 清明节 */
    {20260404, WORKCAL_HOLIDAY},
    {20260405, WORKCAL_HOLIDAY},
    {20260406, WORKCAL_HOLIDAY},
    /* 劳动节 */
    {20260501, WORKCAL_HOLIDAY},
    {20260502, WORKCAL_HOLIDAY},
    {20260503, WORKCAL_HOLIDAY},
    {20260504, WORKCAL_HOLIDAY},
    {20260505, WORKCAL_HOLIDAY},
    {20260509, WORKCAL_WORKDAY},
    /* 端午节 */
    {20260619, WORKCAL_HOLIDAY},
    {20260620, WORKCAL_HOLIDAY},
    {20260621, WORKCAL_HOLIDAY},
    /* 国庆节 make-up Sunday, then 中秋节 */
    {20260920, WORKCAL_WORKDAY},
    {20260925, WORKCAL_HOLIDAY},
    {20260926, WORKCAL_HOLIDAY},
    {20260927, WORKCAL_HOLIDAY},
    /* 国庆节 */
    {20261001, WORKCAL_HOLIDAY},
    {20261002, WORKCAL_HOLIDAY},
    {20261003, WORKCAL_HOLIDAY},
    {20261004, WORKCAL_HOLIDAY},
    {20261005, WORKCAL_HOLIDAY},
    {20261006, WORKCAL_HOLIDAY},
    {20261007, WORKCAL_HOLIDAY},
    {20261010, WORKCAL_WORKDAY},
};

static struct workcal cal(void)
{
	struct workcal c;

	workcal_defaults(&c);
	c.days = cn_days;
	c.n_days = sizeof(cn_days) / sizeof(cn_days[0]);
	return c;
}

/*
 * UTC instant of y-m-d h:mi, by plain counting: whole years since 1970, then whole months of
 * year y, then days. Deliberately different from the library's era arithmetic. y >= 1970.
 */
static int64_t utc(int y, int m, int d, int h, int mi)
{
	static const int mlen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t days = 0;
	int i;

	for (i = 1970; i < y; i++)
		days += ((i % 4 == 0 && i % 100 != 0) || i % 400 == 0) ? 366 : 365;
	for (i = 1; i < m; i++)
		days += mlen[i - 1] + (i == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	days += d - 1;
	return days * 86400 + h * 3600 + mi * 60;
}

/* UTC instant of Asia/Shanghai local wall time y-m-d h:mi (local = UTC + 8 h). */
static int64_t sh(int y, int m, int d, int h, int mi)
{
	return utc(y, m, d, h, mi) - 8 * 3600;
}

static void test_helper_utc(void **state)
{
	(void)state;
	assert_int_equal(utc(1970, 1, 1, 0, 0), 0);
	/* 1970..1999: 30 years, leap 1972..1996 = 7 -> 10957 days; + Jan 31 + Feb 29 (2000 is
	 * leap) = 11017 days -> 11017 * 86400 = 951868800 */
	assert_int_equal(utc(2000, 3, 1, 0, 0), INT64_C(951868800));
	/* 1970..2025: 56 years, leap 1972..2024 = 14 -> 20454 days * 86400 = 1767225600 */
	assert_int_equal(utc(2026, 1, 1, 0, 0), INT64_C(1767225600));
	/* + Jan 31 + Feb 28 + 1 day = 60 days (5184000 s) + 16:30 (59400 s) */
	assert_int_equal(utc(2026, 3, 2, 16, 30), INT64_C(1772469000));
	/* local 2026-03-03 00:30 is 8 h earlier in UTC: 2026-03-02 16:30Z */
	assert_int_equal(sh(2026, 3, 3, 0, 30), INT64_C(1772469000));
}

static void test_defaults_and_check(void **state)
{
	struct workcal c;
	struct workcal_day bad[2] = {
	    {20260102, WORKCAL_HOLIDAY},
	    {20260101, WORKCAL_HOLIDAY},
	};

	(void)state;
	workcal_defaults(&c);
	assert_int_equal(c.am_start, 510); /* 08:30 */
	assert_int_equal(c.am_end, 720);   /* 12:00 */
	assert_int_equal(c.pm_start, 840); /* 14:00 */
	assert_int_equal(c.pm_end, 1050);  /* 17:30 */
	assert_int_equal(c.utc_offset_min, 480);
	assert_int_equal(c.n_days, 0);
	assert_int_equal(workcal_check(&c), 0);
	c = cal();
	assert_int_equal(workcal_check(&c), 0);
	c.days = bad; /* not ascending */
	c.n_days = 2;
	assert_int_equal(workcal_check(&c), -1);
	c = cal();
	c.am_end = 900; /* morning ends after the afternoon starts */
	assert_int_equal(workcal_check(&c), -1);
}

static void test_is_working_day(void **state)
{
	struct workcal c = cal();

	(void)state;
	assert_true(workcal_is_working_day(&c, 20260302));  /* Monday, not listed */
	assert_false(workcal_is_working_day(&c, 20260307)); /* Saturday, not listed */
	assert_false(workcal_is_working_day(&c, 20260308)); /* Sunday, not listed */
	assert_false(workcal_is_working_day(&c, 20260102)); /* Friday, 元旦 holiday */
	assert_false(workcal_is_working_day(&c, 20260103)); /* Saturday, 元旦 holiday */
	assert_true(workcal_is_working_day(&c, 20260104));  /* Sunday, 元旦 make-up workday */
	assert_true(workcal_is_working_day(&c, 20260214));  /* Saturday, 春节 make-up workday */
	assert_false(workcal_is_working_day(&c, 20260223)); /* Monday, last day of 春节 */
	assert_true(workcal_is_working_day(&c, 20260228));  /* Saturday, 春节 make-up workday */
	assert_true(workcal_is_working_day(&c, 20260920));  /* Sunday, 国庆节 make-up workday */
	assert_false(workcal_is_working_day(&c, 20261001)); /* Thursday, 国庆节 */
	assert_true(workcal_is_working_day(&c, 20261008));  /* Thursday after the block */
	assert_true(workcal_is_working_day(&c, 20261010)); /* Saturday, 国庆节 make-up workday */
	assert_true(workcal_is_working_day(&c, 20251011)); /* Saturday, 2025 make-up workday */
	assert_false(workcal_is_working_day(&c, 20260230)); /* no such date */
	assert_false(workcal_is_working_day(&c, 20261300)); /* no such date */
	c.n_days = 0;
	assert_true(workcal_is_working_day(&c, 20261001));  /* empty calendar: a plain Thursday */
	assert_false(workcal_is_working_day(&c, 20260104)); /* empty calendar: a plain Sunday */
}

static void test_local_date_and_midnight(void **state)
{
	struct workcal c = cal();

	(void)state;
	/* 2026-03-02T16:30Z + 8 h = 2026-03-03 00:30 local */
	assert_int_equal(workcal_local_ymd(&c, utc(2026, 3, 2, 16, 30)), 20260303);
	/* 2026-03-02T15:59Z + 8 h = 2026-03-02 23:59 local */
	assert_int_equal(workcal_local_ymd(&c, utc(2026, 3, 2, 15, 59)), 20260302);
	/* 2025-12-31T16:00Z is local midnight starting 2026-01-01 */
	assert_int_equal(workcal_local_ymd(&c, utc(2025, 12, 31, 16, 0)), 20260101);
	assert_int_equal(workcal_local_ymd(&c, utc(2025, 12, 31, 15, 59)), 20251231);
	/* 2024 is leap: 2024-02-29T20:00Z = 2024-03-01 04:00 local */
	assert_int_equal(workcal_local_ymd(&c, utc(2024, 2, 29, 20, 0)), 20240301);
	assert_int_equal(workcal_local_ymd(&c, utc(2024, 2, 29, 12, 0)), 20240229);
	/* local 2026-03-03 00:00 = 2026-03-02T16:00Z; 17:30 local = 09:30Z */
	assert_int_equal(workcal_local_time(&c, 20260303, 0), utc(2026, 3, 2, 16, 0));
	assert_int_equal(workcal_local_time(&c, 20260303, 1050), utc(2026, 3, 3, 9, 30));
	assert_int_equal(workcal_local_time(&c, 20260229, 0), WORKCAL_NEVER); /* 2026 not leap */
}

static void test_working_days_weekend(void **state)
{
	struct workcal c = cal();
	int64_t fri = sh(2026, 3, 6, 10, 0); /* Friday 10:00 local */

	(void)state;
	/* day of receipt (Fri 03-06) not counted; Sat 07, Sun 08 off; Mon 03-09 is day 1 */
	assert_int_equal(workcal_deadline(&c, fri, 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 3, 9, 17, 30));
	/* Mon 09 (1), Tue 10 (2), Wed 11 (3) */
	assert_int_equal(workcal_deadline(&c, fri, 3, WORKCAL_WORKING_DAYS),
	                 sh(2026, 3, 11, 17, 30));
	/* received on Saturday 03-07 at 10:00: Sun off, Mon 03-09 is day 1 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 7, 10, 0), 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 3, 9, 17, 30));
	/* received Friday 19:00 (after hours): still Mon 03-09 is day 1 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 6, 19, 0), 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 3, 9, 17, 30));
	/* Fri 03-06 + 5 working days: Mon 09 .. Fri 13 */
	assert_int_equal(workcal_deadline(&c, fri, 5, WORKCAL_WORKING_DAYS),
	                 sh(2026, 3, 13, 17, 30));
	/* 0 units: the start itself */
	assert_int_equal(workcal_deadline(&c, fri, 0, WORKCAL_WORKING_DAYS), fri);
}

static void test_working_days_national_day_2026(void **state)
{
	struct workcal c = cal();
	int64_t wed = sh(2026, 9, 30, 15, 0); /* Wednesday 09-30 15:00 local */

	(void)state;
	/* 10-01..10-07 holiday; Thu 10-08 is day 1 */
	assert_int_equal(workcal_deadline(&c, wed, 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 10, 8, 17, 30));
	/* Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 make-up (3) */
	assert_int_equal(workcal_deadline(&c, wed, 3, WORKCAL_WORKING_DAYS),
	                 sh(2026, 10, 10, 17, 30));
	/* ... Sun 10-11 off, Mon 10-12 (4) */
	assert_int_equal(workcal_deadline(&c, wed, 4, WORKCAL_WORKING_DAYS),
	                 sh(2026, 10, 12, 17, 30));
	/* Fri 09-18: Sat 09-19 off, Sun 09-20 make-up workday is day 1 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 9, 18, 16, 0), 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 9, 20, 17, 30));
	/* Thu 09-24: 中秋 25-27 off; Mon 28 (1), Tue 29 (2), Wed 30 (3), 10-01..07 off,
	 * Thu 10-08 (4), Fri 10-09 (5) */
	assert_int_equal(workcal_deadline(&c, sh(2026, 9, 24, 9, 0), 5, WORKCAL_WORKING_DAYS),
	                 sh(2026, 10, 9, 17, 30));
	/* received on a holiday, Sat 10-03: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 (3) */
	assert_int_equal(workcal_deadline(&c, sh(2026, 10, 3, 11, 0), 3, WORKCAL_WORKING_DAYS),
	                 sh(2026, 10, 10, 17, 30));
}

static void test_working_days_spring_festival_2026(void **state)
{
	struct workcal c = cal();
	int64_t fri = sh(2026, 2, 13, 10, 0); /* Friday 02-13 10:00 local */

	(void)state;
	/* Sat 02-14 make-up workday is day 1 */
	assert_int_equal(workcal_deadline(&c, fri, 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 2, 14, 17, 30));
	/* 02-15..02-23 holiday; Tue 02-24 is day 2 */
	assert_int_equal(workcal_deadline(&c, fri, 2, WORKCAL_WORKING_DAYS),
	                 sh(2026, 2, 24, 17, 30));
	/* Wed 25 (3), Thu 26 (4), Fri 27 (5), Sat 28 make-up (6) */
	assert_int_equal(workcal_deadline(&c, fri, 6, WORKCAL_WORKING_DAYS),
	                 sh(2026, 2, 28, 17, 30));
	/* Sun 03-01 off, Mon 03-02 (7) */
	assert_int_equal(workcal_deadline(&c, fri, 7, WORKCAL_WORKING_DAYS),
	                 sh(2026, 3, 2, 17, 30));
	/* received on the make-up Saturday 02-14 itself: not counted; Tue 02-24 is day 1 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 2, 14, 9, 0), 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 2, 24, 17, 30));
}

static void test_working_days_makeup_sunday_20260104(void **state)
{
	struct workcal c = cal();
	int64_t wed = sh(2025, 12, 31, 16, 0); /* Wednesday 2025-12-31 16:00 local */

	(void)state;
	/* 01-01..01-03 holiday; Sun 01-04 make-up is day 1 */
	assert_int_equal(workcal_deadline(&c, wed, 1, WORKCAL_WORKING_DAYS),
	                 sh(2026, 1, 4, 17, 30));
	/* Mon 01-05 is day 2 */
	assert_int_equal(workcal_deadline(&c, wed, 2, WORKCAL_WORKING_DAYS),
	                 sh(2026, 1, 5, 17, 30));
	/* 2 working hours from 12-31 16:00: 1.5 h to 17:30; 01-04 08:30 + 0.5 h = 09:00 */
	assert_int_equal(workcal_deadline(&c, wed, 2, WORKCAL_WORKING_HOURS), sh(2026, 1, 4, 9, 0));
}

static void test_working_days_across_local_midnight(void **state)
{
	struct workcal c = cal();

	(void)state;
	/* 2026-03-02T16:30Z is Tue 03-03 00:30 local: receipt day is 03-03, day 1 is Wed 03-04,
	 * whose 17:30 local is 03-04T09:30Z */
	assert_int_equal(workcal_deadline(&c, utc(2026, 3, 2, 16, 30), 1, WORKCAL_WORKING_DAYS),
	                 utc(2026, 3, 4, 9, 30));
	/* one hour earlier, 2026-03-02T15:30Z = Mon 03-02 23:30 local: day 1 is Tue 03-03 */
	assert_int_equal(workcal_deadline(&c, utc(2026, 3, 2, 15, 30), 1, WORKCAL_WORKING_DAYS),
	                 utc(2026, 3, 3, 9, 30));
	/* 2 working hours from 03-03 00:30 local: office opens 08:30, ends 10:30 = 02:30Z */
	assert_int_equal(workcal_deadline(&c, utc(2026, 3, 2, 16, 30), 2, WORKCAL_WORKING_HOURS),
	                 utc(2026, 3, 3, 2, 30));
}

static void test_hours_clock_time(void **state)
{
	struct workcal c = cal();
	int64_t fri = sh(2026, 3, 6, 16, 0); /* Friday 16:00 local = 08:00Z */

	(void)state;
	/* 24 clock hours: Saturday 16:00 local, weekend ignored */
	assert_int_equal(workcal_deadline(&c, fri, 24, WORKCAL_HOURS), sh(2026, 3, 7, 16, 0));
	/* 72 clock hours: Monday 16:00 local */
	assert_int_equal(workcal_deadline(&c, fri, 72, WORKCAL_HOURS), sh(2026, 3, 9, 16, 0));
	/* holidays are ignored too: 09-30 15:00 + 48 h = 10-02 15:00 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 9, 30, 15, 0), 48, WORKCAL_HOURS),
	                 sh(2026, 10, 2, 15, 0));
}

static void test_working_hours(void **state)
{
	struct workcal c = cal();

	(void)state;
	/* Fri 03-06 19:00 (after hours): counting starts Mon 03-09 08:30; + 2 h = 10:30 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 6, 19, 0), 2, WORKCAL_WORKING_HOURS),
	                 sh(2026, 3, 9, 10, 30));
	/* Tue 03-03 07:00 (before opening): 08:30 + 1 h = 09:30 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 3, 7, 0), 1, WORKCAL_WORKING_HOURS),
	                 sh(2026, 3, 3, 9, 30));
	/* Tue 03-03 12:30 (lunch): 14:00 + 2 h = 16:00 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 3, 12, 30), 2, WORKCAL_WORKING_HOURS),
	                 sh(2026, 3, 3, 16, 0));
	/* Tue 03-03 11:00: 1 h uses the morning exactly, ends 12:00 (not 14:00) */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 3, 11, 0), 1, WORKCAL_WORKING_HOURS),
	                 sh(2026, 3, 3, 12, 0));
	/* Tue 03-03 11:00, 2 h: 1 h to 12:00, then 14:00 + 1 h = 15:00 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 3, 11, 0), 2, WORKCAL_WORKING_HOURS),
	                 sh(2026, 3, 3, 15, 0));
	/* Tue 03-03 16:00, 8 h: 1.5 h to 17:30 (6.5 left); Wed 08:30-12:00 3.5 h (3 left);
	 * 14:00 + 3 h = Wed 03-04 17:00 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 3, 3, 16, 0), 8, WORKCAL_WORKING_HOURS),
	                 sh(2026, 3, 4, 17, 0));
	/* Fri 02-13 16:30, 16 h: 1 h on Fri (15 left); Sat 02-14 make-up 7 h (8 left);
	 * 02-15..23 off; Tue 02-24 7 h (1 left); Wed 02-25 08:30 + 1 h = 09:30 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 2, 13, 16, 30), 16, WORKCAL_WORKING_HOURS),
	                 sh(2026, 2, 25, 9, 30));
	/* on a holiday, Thu 10-01 10:00: counting starts Thu 10-08 08:30; + 1 h = 09:30 */
	assert_int_equal(workcal_deadline(&c, sh(2026, 10, 1, 10, 0), 1, WORKCAL_WORKING_HOURS),
	                 sh(2026, 10, 8, 9, 30));
}

static void test_working_seconds(void **state)
{
	struct workcal c = cal();

	(void)state;
	/* 09-30 16:00 -> 10-08 10:00: 09-30 16:00-17:30 = 5400; 10-01..07 off = 0;
	 * 10-08 08:30-10:00 = 5400; total 10800 */
	assert_int_equal(
	    workcal_working_seconds(&c, sh(2026, 9, 30, 16, 0), sh(2026, 10, 8, 10, 0)), 10800);
	/* Fri 03-06 12:30 -> Mon 03-09 14:30: Fri pm 12600; weekend 0; Mon am 12600 + pm 1800 */
	assert_int_equal(
	    workcal_working_seconds(&c, sh(2026, 3, 6, 12, 30), sh(2026, 3, 9, 14, 30)), 27000);
	/* same day 10:00 -> 15:00: 10:00-12:00 7200 + 14:00-15:00 3600 */
	assert_int_equal(workcal_working_seconds(&c, sh(2026, 3, 3, 10, 0), sh(2026, 3, 3, 15, 0)),
	                 10800);
	/* inside lunch only */
	assert_int_equal(workcal_working_seconds(&c, sh(2026, 3, 3, 12, 0), sh(2026, 3, 3, 14, 0)),
	                 0);
	/* Fri 02-13 00:00 -> Mon 03-02 00:00: Fri 02-13 25200 + Sat 02-14 25200 +
	 * 02-24..02-27 4 * 25200 + Sat 02-28 25200 = 7 * 25200 = 176400 */
	assert_int_equal(workcal_working_seconds(&c, sh(2026, 2, 13, 0, 0), sh(2026, 3, 2, 0, 0)),
	                 176400);
	/* to <= from */
	assert_int_equal(workcal_working_seconds(&c, sh(2026, 3, 3, 15, 0), sh(2026, 3, 3, 10, 0)),
	                 0);
	assert_int_equal(workcal_working_seconds(&c, sh(2026, 3, 3, 15, 0), sh(2026, 3, 3, 15, 0)),
	                 0);
}

/* Over long spans (a countdown of an appeal open for months) the sum is computed without
 * walking each day; it must equal the sum of the spans cut at every local midnight. */
static void test_working_seconds_long_spans(void **state)
{
	(void)state;
	struct workcal c = cal();
	int64_t start = utc(2025, 12, 20, 3, 17);
	for (int k = 0; k < 40; k++) {
		int64_t from = start + (int64_t)k * 7919 * 60;
		int64_t to = from + (int64_t)(k * 11 + 1) * 86400 + (int64_t)k * 3331;
		int64_t sum = 0, t = from;
		while (t < to) {
			/* the next local midnight (UTC+8) after t */
			int64_t next = ((t + 8 * 3600) / 86400 + 1) * 86400 - 8 * 3600;
			if (next > to)
				next = to;
			sum += workcal_working_seconds(&c, t, next);
			t = next;
		}
		assert_int_equal(workcal_working_seconds(&c, from, to), sum);
	}
}

static void test_add_working_seconds(void **state)
{
	struct workcal c = cal();
	int64_t t0 = sh(2026, 9, 30, 16, 0);
	static const int64_t amounts[] = {1,     59,    3600,   5400,   5401,  12600,
	                                  25200, 25201, 100000, 176400, 500000};
	size_t i;
	int64_t t;

	(void)state;
	/* hand values: 09-30 16:00 + 10800: 5400 to 17:30; holiday; 10-08 08:30 + 5400 = 10:00 */
	assert_int_equal(workcal_add_working_seconds(&c, t0, 10800), sh(2026, 10, 8, 10, 0));
	/* + 5400 exactly: 09-30 17:30, not the next morning */
	assert_int_equal(workcal_add_working_seconds(&c, t0, 5400), sh(2026, 9, 30, 17, 30));
	assert_int_equal(workcal_add_working_seconds(&c, t0, 0), t0);
	assert_int_equal(workcal_add_working_seconds(&c, t0, -5), t0);
	/* inverse: back to the instant, inside a period and at a period end */
	assert_int_equal(workcal_add_working_seconds(
	                     &c, t0, workcal_working_seconds(&c, t0, sh(2026, 10, 8, 10, 0))),
	                 sh(2026, 10, 8, 10, 0));
	assert_int_equal(workcal_add_working_seconds(
	                     &c, t0, workcal_working_seconds(&c, t0, sh(2026, 10, 9, 12, 0))),
	                 sh(2026, 10, 9, 12, 0));
	/* a period start maps back to the previous period's end: 10-09 14:00 -> 12:00 */
	assert_int_equal(workcal_add_working_seconds(
	                     &c, t0, workcal_working_seconds(&c, t0, sh(2026, 10, 9, 14, 0))),
	                 sh(2026, 10, 9, 12, 0));
	/* inverse the other way, from many starts (every 37 minutes over 2026-09-18..10-12) */
	for (t = sh(2026, 9, 18, 0, 0); t < sh(2026, 10, 12, 0, 0); t += 37 * 60) {
		for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
			int64_t u = workcal_add_working_seconds(&c, t, amounts[i]);

			assert_true(u > t);
			assert_int_equal(workcal_working_seconds(&c, t, u), amounts[i]);
		}
	}
}

static void test_suspension_extends_deadline(void **state)
{
	struct workcal c = cal();
	int64_t d = sh(2026, 10, 9, 17, 30);

	(void)state;
	/* suspended 09-30 16:00 .. 10-08 10:00 = 10800 working s (see test_working_seconds);
	 * from 10-09 17:30 the next office time is Sat 10-10 (make-up) 08:30 + 3 h = 11:30 */
	assert_int_equal(workcal_extend_deadline(&c, d, WORKCAL_WORKING_DAYS,
	                                         sh(2026, 9, 30, 16, 0), sh(2026, 10, 8, 10, 0)),
	                 sh(2026, 10, 10, 11, 30));
	assert_int_equal(workcal_add_working_seconds(&c, d, 10800), sh(2026, 10, 10, 11, 30));
	/* clock-time limit: moved by the whole 7 days 18 h of the suspension */
	assert_int_equal(workcal_extend_deadline(&c, d, WORKCAL_HOURS, sh(2026, 9, 30, 16, 0),
	                                         sh(2026, 10, 8, 10, 0)),
	                 sh(2026, 10, 17, 11, 30));
	/* a suspension lying wholly inside the holiday moves nothing */
	assert_int_equal(workcal_extend_deadline(&c, d, WORKCAL_WORKING_HOURS,
	                                         sh(2026, 10, 2, 9, 0), sh(2026, 10, 6, 9, 0)),
	                 d);
	/* empty suspension */
	assert_int_equal(workcal_extend_deadline(&c, d, WORKCAL_HOURS, d, d), d);
}

static void test_unit_parse(void **state)
{
	enum workcal_unit u = WORKCAL_HOURS;

	(void)state;
	assert_int_equal(workcal_unit_parse("working_days", &u), 0);
	assert_int_equal(u, WORKCAL_WORKING_DAYS);
	assert_int_equal(workcal_unit_parse("working_hours", &u), 0);
	assert_int_equal(u, WORKCAL_WORKING_HOURS);
	assert_int_equal(workcal_unit_parse("hours", &u), 0);
	assert_int_equal(u, WORKCAL_HOURS);
	assert_int_equal(workcal_unit_parse("Hours", &u), -1);
	assert_int_equal(workcal_unit_parse("working_day", &u), -1);
	assert_int_equal(workcal_unit_parse("days", &u), -1);
	assert_int_equal(workcal_unit_parse("", &u), -1);
	assert_int_equal(workcal_unit_parse(NULL, &u), -1);
	assert_int_equal(u, WORKCAL_HOURS); /* untouched on failure */
	assert_string_equal(workcal_unit_name(WORKCAL_HOURS), "hours");
	assert_string_equal(workcal_unit_name(WORKCAL_WORKING_HOURS), "working_hours");
	assert_string_equal(workcal_unit_name(WORKCAL_WORKING_DAYS), "working_days");
	assert_string_equal(workcal_unit_name((enum workcal_unit)7), "unknown");
}

static void test_covers_year(void **state)
{
	struct workcal c = cal();

	(void)state;
	assert_true(workcal_covers_year(&c, 2025)); /* 2025-09-28 .. 2025-10-11 rows */
	assert_true(workcal_covers_year(&c, 2026));
	assert_false(workcal_covers_year(&c, 2024)); /* before the first row */
	assert_false(workcal_covers_year(&c, 2027)); /* after the last row */
	c.n_days = 0;
	assert_false(workcal_covers_year(&c, 2026));
}

static void test_failures(void **state)
{
	struct workcal c = cal();
	int64_t t = sh(2026, 3, 3, 10, 0);

	(void)state;
	assert_int_equal(workcal_deadline(&c, t, -1, WORKCAL_WORKING_DAYS), WORKCAL_NEVER);
	assert_int_equal(workcal_deadline(&c, t, 1, (enum workcal_unit)9), WORKCAL_NEVER);
	assert_int_equal(workcal_deadline(&c, INT64_MAX, 1, WORKCAL_HOURS), WORKCAL_NEVER);
	/* 3660 days hold at most 3660 * 5 / 7 + 2 < 2620 Mon-Fri days, plus 8 listed make-up
	 * days: 3000 working days cannot be reached within the scan limit */
	assert_int_equal(workcal_deadline(&c, t, 3000, WORKCAL_WORKING_DAYS), WORKCAL_NEVER);
	/* likewise 3000 * 7 h of office time */
	assert_int_equal(workcal_deadline(&c, t, 21000, WORKCAL_WORKING_HOURS), WORKCAL_NEVER);
	/* span 2026-01-01 .. 2036-01-01 is 3652 days: fine; 2026 .. 2037 is 4017 days: refused */
	assert_true(workcal_working_seconds(&c, sh(2026, 1, 1, 0, 0), sh(2036, 1, 1, 0, 0)) > 0);
	assert_int_equal(workcal_working_seconds(&c, sh(2026, 1, 1, 0, 0), sh(2037, 1, 1, 0, 0)),
	                 -1);
	assert_int_equal(workcal_local_ymd(&c, INT64_MIN), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_helper_utc),
	    cmocka_unit_test(test_defaults_and_check),
	    cmocka_unit_test(test_is_working_day),
	    cmocka_unit_test(test_local_date_and_midnight),
	    cmocka_unit_test(test_working_days_weekend),
	    cmocka_unit_test(test_working_days_national_day_2026),
	    cmocka_unit_test(test_working_days_spring_festival_2026),
	    cmocka_unit_test(test_working_days_makeup_sunday_20260104),
	    cmocka_unit_test(test_working_days_across_local_midnight),
	    cmocka_unit_test(test_hours_clock_time),
	    cmocka_unit_test(test_working_hours),
	    cmocka_unit_test(test_working_seconds),
	    cmocka_unit_test(test_working_seconds_long_spans),
	    cmocka_unit_test(test_add_working_seconds),
	    cmocka_unit_test(test_suspension_extends_deadline),
	    cmocka_unit_test(test_unit_parse),
	    cmocka_unit_test(test_covers_year),
	    cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests_name("workcal", tests, NULL, NULL);
}
