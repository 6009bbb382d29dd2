/*
 * workcal.h - working-time calendar and deadline arithmetic for appeal time limits.
 *
 * Pure domain code: no I/O, no allocation, no globals, no libc time-zone functions. All
 * instants are int64_t seconds since the Unix epoch (UTC). Local time is UTC plus a fixed
 * offset (utc_offset_min, 480 for Asia/Shanghai, which has no DST), so local dates and
 * wall-clock times are computed with plain integer arithmetic.
 *
 * Calendar
 *   A local date is a working day if it is listed as WORKCAL_WORKDAY (a make-up working
 *   day, 调休上班), or if it is Monday-Friday and not listed as WORKCAL_HOLIDAY. Everything
 *   else is a day off. Dates that the calendar does not list follow the weekday rule only,
 *   so a missing year silently degrades to "Mon-Fri"; use workcal_covers_year() to warn.
 *   Office time on a working day is the two half-open periods [am_start, am_end) and
 *   [pm_start, pm_end), in minutes after local midnight (default 08:30-12:00, 14:00-17:30).
 *   Requirement (checked by workcal_check()): 0 <= am_start <= am_end <= pm_start <= pm_end
 *   <= 1440, days sorted by ymd strictly ascending, |utc_offset_min| <= 18 h.
 *
 * Units and deadline semantics (workcal_deadline(c, start, n, unit)), following the usual
 * 12345-hotline practice that the day of receipt is not counted:
 *   hours          start + n * 3600. Clock time: nights, weekends and holidays all count.
 *   working_hours  the earliest instant at which n * 3600 seconds of office time have
 *                  elapsed, counting from start. If start lies outside office time
 *                  (night, lunch break, day off) counting begins at the next office period.
 *                  A deadline that uses up a period exactly ends at that period's end
 *                  (e.g. 1 working hour from 11:00 is 12:00 the same day, not 14:00).
 *                  This is workcal_add_working_seconds(c, start, n * 3600).
 *   working_days   the end of office hours (pm_end, 17:30 by default) of the n-th working
 *                  day strictly after the local date containing start. The day of receipt
 *                  never counts, whether start is inside office time, after hours, or on a
 *                  day off. E.g. received Friday 10:00 or Saturday 10:00, 1 working day is
 *                  the next Monday 17:30 (for an ordinary week).
 *   n == 0 returns start for every unit. n < 0, an unknown unit, a start outside
 *   [WORKCAL_T_MIN, WORKCAL_T_MAX] or a scan longer than WORKCAL_MAX_SCAN_DAYS days
 *   returns WORKCAL_NEVER (INT64_MAX).
 *
 * Working time and suspension
 *   workcal_working_seconds(c, from, to) is the number of seconds of [from, to) that lie
 *   inside office periods of working days. A case suspended over [from, to) has its
 *   working-time deadline moved with
 *       d' = workcal_add_working_seconds(c, d, workcal_working_seconds(c, from, to));
 *   and its clock-time (hours) deadline moved by to - from; workcal_extend_deadline()
 *   does exactly that. For s >= 0 the two functions are inverse in the sense that
 *       workcal_working_seconds(c, t, workcal_add_working_seconds(c, t, s)) == s
 *   and, for u > t with a < u <= b for some office period [a, b) of a working day and some
 *   office time in [t, u), workcal_add_working_seconds(c, t, workcal_working_seconds(c, t, u))
 *   == u (a period start u is mapped back to the end of the previous period).
 *
 * Bounds: every loop walks at most WORKCAL_MAX_SCAN_DAYS local days.
 */
#ifndef HUIYIN_DOMAIN_WORKCAL_H
#define HUIYIN_DOMAIN_WORKCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WORKCAL_MAX_SCAN_DAYS 3660
#define WORKCAL_NEVER         INT64_MAX
/* Supported instants: 1900-01-01T00:00:00Z .. 9999-01-01T00:00:00Z. */
#define WORKCAL_T_MIN INT64_C(-2208988800)
#define WORKCAL_T_MAX INT64_C(253370764800)

enum workcal_kind { WORKCAL_HOLIDAY = 1, WORKCAL_WORKDAY = 2 };

struct workcal_day {
	int32_t ymd; /* local date as YYYYMMDD, e.g. 20260101 */
	int8_t kind; /* enum workcal_kind */
};

struct workcal {
	const struct workcal_day *days; /* sorted by ymd ascending, no duplicates */
	size_t n_days;
	int am_start, am_end, pm_start, pm_end; /* minutes after local midnight */
	int utc_offset_min;                     /* 480 for Asia/Shanghai */
};

enum workcal_unit { WORKCAL_HOURS, WORKCAL_WORKING_HOURS, WORKCAL_WORKING_DAYS };

/* Office hours 08:30-12:00 and 14:00-17:30, UTC+08:00, no listed days. */
void workcal_defaults(struct workcal *c);

/* 0 if the calendar satisfies the requirements above, -1 otherwise. */
int workcal_check(const struct workcal *c);

/* Is local date ymd (YYYYMMDD) a working day? false for an invalid date. */
bool workcal_is_working_day(const struct workcal *c, int32_t ymd);

/* Is local date ymd listed as a public holiday (WORKCAL_HOLIDAY)? A plain weekend is not. */
bool workcal_is_holiday(const struct workcal *c, int32_t ymd);

/* ISO weekday of a date: 1 = Monday ... 7 = Sunday; 0 for an invalid date. */
int workcal_weekday(int32_t ymd);

/* The date `days` days after ymd (before it when negative); 0 for an invalid date. */
int32_t workcal_add_days(int32_t ymd, int days);

/* Local calendar date (YYYYMMDD) of instant t; 0 if t is outside the supported range. */
int32_t workcal_local_ymd(const struct workcal *c, int64_t t);

/*
 * Instant of local wall time ymd + minute (minutes after local midnight, may be 1440 or
 * more to mean the following days). WORKCAL_NEVER for an invalid date.
 */
int64_t workcal_local_time(const struct workcal *c, int32_t ymd, int minute);

/* Deadline of a time limit of value units starting at start; see the semantics above. */
int64_t workcal_deadline(const struct workcal *c, int64_t start, int value, enum workcal_unit unit);

/*
 * Seconds of [from, to) inside office time on working days. 0 when to <= from; -1 if either
 * instant is out of range or the span covers more than WORKCAL_MAX_SCAN_DAYS local days.
 */
int64_t workcal_working_seconds(const struct workcal *c, int64_t from, int64_t to);

/*
 * Earliest instant u >= t with workcal_working_seconds(c, t, u) == secs. Returns t when
 * secs <= 0; WORKCAL_NEVER if t is out of range or the scan limit is reached.
 */
int64_t workcal_add_working_seconds(const struct workcal *c, int64_t t, int64_t secs);

/*
 * Deadline after a suspension over [from, to): clock-time deadlines move by to - from,
 * working-time deadlines by the working seconds in [from, to). Returns deadline unchanged
 * when to <= from, WORKCAL_NEVER on failure (including deadline == WORKCAL_NEVER).
 */
int64_t workcal_extend_deadline(const struct workcal *c, int64_t deadline, enum workcal_unit unit,
                                int64_t from, int64_t to);

/* "hours", "working_hours", "working_days" -> 0 and *out set; anything else -> -1. */
int workcal_unit_parse(const char *s, enum workcal_unit *out);

/* Inverse of workcal_unit_parse(); "unknown" for an out-of-range value. */
const char *workcal_unit_name(enum workcal_unit u);

/* Does the calendar list any day in that year? (warn when next year's schedule is missing) */
bool workcal_covers_year(const struct workcal *c, int year);

#endif /* HUIYIN_DOMAIN_WORKCAL_H */
