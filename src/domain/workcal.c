/*
 * workcal.c - working-time calendar and deadline arithmetic (see workcal.h for semantics).
 *
 * Local dates are handled as "day numbers": days since 1970-01-01 in local time. An instant
 * t falls on local day floor((t + offset) / 86400), and local day n starts at the instant
 * n * 86400 - offset. No libc time functions are used.
 */
#include "domain/workcal.h"

#include <string.h>

#define SECS_PER_DAY INT64_C(86400)

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return (m == 2 && is_leap(y)) ? 29 : len[m - 1];
}

/*
 * Day number of y-m-d (proleptic Gregorian). Years are counted from 1 March so that the
 * leap day is the last day of its year; whole 400-year cycles have 146097 days.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t cycle, yc, mar, doy, doc;

	if (m <= 2)
		y--;
	cycle = floor_div(y, 400);
	yc = y - cycle * 400;                     /* year within the cycle, 0..399 */
	mar = (m + 9) % 12;                       /* March = 0 .. February = 11 */
	doy = (153 * mar + 2) / 5 + d - 1;        /* day of the March-based year, 0..365 */
	doc = yc * 365 + yc / 4 - yc / 100 + doy; /* day of the cycle */
	/* 0000-03-01 is day 0 of cycle 0, which is 719468 days before 1970-01-01 */
	return cycle * 146097 + doc - 719468;
}

/* YYYYMMDD of day number n; n must lie in a range where the year fits in 5 digits. */
static int32_t ymd_from_days(int64_t n)
{
	int64_t y = 1970 + floor_div(n * 400, 146097);
	int m;

	/* the estimate is off by at most one year either way; the loops are bounded by that */
	while (days_from_civil(y + 1, 1, 1) <= n)
		y++;
	while (days_from_civil(y, 1, 1) > n)
		y--;
	for (m = 12; m > 1; m--)
		if (days_from_civil(y, m, 1) <= n)
			break;
	return (int32_t)(y * 10000 + m * 100 + (n - days_from_civil(y, m, 1) + 1));
}

/* Day number of a YYYYMMDD date; false for an invalid date. */
static bool days_from_ymd(int32_t ymd, int64_t *out)
{
	int32_t y = ymd / 10000;
	int m = (int)(ymd / 100 % 100);
	int d = (int)(ymd % 100);

	if (ymd <= 0 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	*out = days_from_civil(y, m, d);
	return true;
}

static bool t_ok(int64_t t)
{
	return t >= WORKCAL_T_MIN && t <= WORKCAL_T_MAX;
}

static int64_t offset_secs(const struct workcal *c)
{
	return (int64_t)c->utc_offset_min * 60;
}

static int64_t local_day(const struct workcal *c, int64_t t)
{
	return floor_div(t + offset_secs(c), SECS_PER_DAY);
}

static int64_t day_start(const struct workcal *c, int64_t n)
{
	return n * SECS_PER_DAY - offset_secs(c);
}

/* Listed kind of a date, or 0 if the date is not listed. */
static int listed_kind(const struct workcal *c, int32_t ymd)
{
	size_t lo = 0, hi = c->n_days;

	if (!c->days)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].ymd < ymd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < c->n_days && c->days[lo].ymd == ymd) ? c->days[lo].kind : 0;
}

static bool day_is_working(const struct workcal *c, int64_t n)
{
	int kind = listed_kind(c, ymd_from_days(n));
	int wd = (int)((n % 7 + 11) % 7); /* 0 = Sunday; day 0 (1970-01-01) was a Thursday */

	if (kind == WORKCAL_WORKDAY)
		return true;
	if (kind == WORKCAL_HOLIDAY)
		return false;
	return wd >= 1 && wd <= 5;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

void workcal_defaults(struct workcal *c)
{
	c->days = NULL;
	c->n_days = 0;
	c->am_start = 8 * 60 + 30;
	c->am_end = 12 * 60;
	c->pm_start = 14 * 60;
	c->pm_end = 17 * 60 + 30;
	c->utc_offset_min = 480;
}

int workcal_check(const struct workcal *c)
{
	size_t i;
	int64_t n;

	if (!(c->am_start >= 0 && c->am_start <= c->am_end && c->am_end <= c->pm_start &&
	      c->pm_start <= c->pm_end && c->pm_end <= 1440))
		return -1;
	if (c->utc_offset_min < -18 * 60 || c->utc_offset_min > 18 * 60)
		return -1;
	if (c->n_days && !c->days)
		return -1;
	for (i = 0; i < c->n_days; i++) {
		if (!days_from_ymd(c->days[i].ymd, &n))
			return -1;
		if (c->days[i].kind != WORKCAL_HOLIDAY && c->days[i].kind != WORKCAL_WORKDAY)
			return -1;
		if (i > 0 && c->days[i - 1].ymd >= c->days[i].ymd)
			return -1;
	}
	return 0;
}

bool workcal_is_working_day(const struct workcal *c, int32_t ymd)
{
	int64_t n;

	if (!days_from_ymd(ymd, &n))
		return false;
	return day_is_working(c, n);
}

bool workcal_is_holiday(const struct workcal *c, int32_t ymd)
{
	int64_t n;

	return days_from_ymd(ymd, &n) && listed_kind(c, ymd) == WORKCAL_HOLIDAY;
}

int workcal_weekday(int32_t ymd)
{
	int64_t n;

	if (!days_from_ymd(ymd, &n))
		return 0;
	return (int)((n % 7 + 10) % 7) + 1; /* day 0 (1970-01-01) was a Thursday (4) */
}

int32_t workcal_add_days(int32_t ymd, int days)
{
	int64_t n;

	if (!days_from_ymd(ymd, &n))
		return 0;
	return ymd_from_days(n + days);
}

int32_t workcal_local_ymd(const struct workcal *c, int64_t t)
{
	if (!t_ok(t))
		return 0;
	return ymd_from_days(local_day(c, t));
}

int64_t workcal_local_time(const struct workcal *c, int32_t ymd, int minute)
{
	int64_t n;

	if (!days_from_ymd(ymd, &n))
		return WORKCAL_NEVER;
	return day_start(c, n) + (int64_t)minute * 60;
}

int64_t workcal_add_working_seconds(const struct workcal *c, int64_t t, int64_t secs)
{
	int64_t n, first, i;

	if (!t_ok(t))
		return WORKCAL_NEVER;
	if (secs <= 0)
		return t;
	first = local_day(c, t);
	for (i = 0; i <= WORKCAL_MAX_SCAN_DAYS; i++) {
		int64_t base, a[2], b[2];
		int p;

		n = first + i;
		if (!day_is_working(c, n))
			continue;
		base = day_start(c, n);
		a[0] = base + (int64_t)c->am_start * 60;
		b[0] = base + (int64_t)c->am_end * 60;
		a[1] = base + (int64_t)c->pm_start * 60;
		b[1] = base + (int64_t)c->pm_end * 60;
		for (p = 0; p < 2; p++) {
			int64_t s = max64(a[p], t);

			if (s >= b[p])
				continue;
			if (secs <= b[p] - s)
				return s + secs;
			secs -= b[p] - s;
		}
	}
	return WORKCAL_NEVER;
}

/* Working seconds of local day n that lie within [from, to). */
static int64_t day_seconds(const struct workcal *c, int64_t n, int64_t from, int64_t to)
{
	int64_t base, total = 0;

	if (!day_is_working(c, n))
		return 0;
	base = day_start(c, n);
	total += max64(0, min64(to, base + (int64_t)c->am_end * 60) -
	                      max64(from, base + (int64_t)c->am_start * 60));
	total += max64(0, min64(to, base + (int64_t)c->pm_end * 60) -
	                      max64(from, base + (int64_t)c->pm_start * 60));
	return total;
}

static bool is_weekday(int64_t n)
{
	int wd = (int)((n % 7 + 11) % 7); /* 0 = Sunday; day 0 (1970-01-01) was a Thursday */

	return wd >= 1 && wd <= 5;
}

/*
 * Working days among local days a..b (a <= b), without walking them: Monday to Friday
 * by arithmetic, then each listed day in the range corrects it (a holiday on a weekday
 * takes one off, a make-up working day on a weekend adds one). Equal to counting
 * day_is_working() over the range; an appeal open for a year costs a few dozen steps
 * instead of a year of days (staff lists show a countdown for each appeal).
 */
static int64_t working_days_in(const struct workcal *c, int64_t a, int64_t b)
{
	int64_t total = b - a + 1, count = total / 7 * 5, n;
	int32_t ya, yb;
	size_t lo = 0, hi = c->n_days;

	for (n = a + total / 7 * 7; n <= b; n++)
		count += is_weekday(n);
	if (!c->days)
		return count;
	ya = ymd_from_days(a);
	yb = ymd_from_days(b);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].ymd < ya)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->n_days && c->days[lo].ymd <= yb; lo++) {
		if (!days_from_ymd(c->days[lo].ymd, &n))
			continue;
		if (c->days[lo].kind == WORKCAL_HOLIDAY && is_weekday(n))
			count--;
		else if (c->days[lo].kind == WORKCAL_WORKDAY && !is_weekday(n))
			count++;
	}
	return count;
}

int64_t workcal_working_seconds(const struct workcal *c, int64_t from, int64_t to)
{
	int64_t first, last, total;

	if (to <= from)
		return 0;
	if (!t_ok(from) || !t_ok(to))
		return -1;
	first = local_day(c, from);
	last = local_day(c, to);
	if (last - first > WORKCAL_MAX_SCAN_DAYS)
		return -1;
	total = day_seconds(c, first, from, to);
	if (last == first)
		return total;
	total += day_seconds(c, last, from, to);
	/* The days between lie wholly within [from, to): each working one counts in full. */
	if (last - first > 1)
		total += working_days_in(c, first + 1, last - 1) *
		         ((int64_t)(c->am_end - c->am_start) + (c->pm_end - c->pm_start)) * 60;
	return total;
}

static int64_t add_working_days(const struct workcal *c, int64_t start, int value)
{
	int64_t n = local_day(c, start);
	int64_t i;
	int left = value;

	for (i = 1; i <= WORKCAL_MAX_SCAN_DAYS; i++) {
		if (!day_is_working(c, n + i))
			continue;
		if (--left == 0)
			return day_start(c, n + i) + (int64_t)c->pm_end * 60;
	}
	return WORKCAL_NEVER;
}

int64_t workcal_deadline(const struct workcal *c, int64_t start, int value, enum workcal_unit unit)
{
	if (!t_ok(start) || value < 0)
		return WORKCAL_NEVER;
	if (value == 0)
		return start;
	switch (unit) {
	case WORKCAL_HOURS:
		return start + (int64_t)value * 3600;
	case WORKCAL_WORKING_HOURS:
		return workcal_add_working_seconds(c, start, (int64_t)value * 3600);
	case WORKCAL_WORKING_DAYS:
		return add_working_days(c, start, value);
	}
	return WORKCAL_NEVER;
}

int64_t workcal_extend_deadline(const struct workcal *c, int64_t deadline, enum workcal_unit unit,
                                int64_t from, int64_t to)
{
	int64_t w;

	if (!t_ok(deadline))
		return WORKCAL_NEVER;
	if (to <= from)
		return deadline;
	switch (unit) {
	case WORKCAL_HOURS:
		if (!t_ok(from) || !t_ok(to) || !t_ok(deadline + (to - from)))
			return WORKCAL_NEVER;
		return deadline + (to - from);
	case WORKCAL_WORKING_HOURS:
	case WORKCAL_WORKING_DAYS:
		w = workcal_working_seconds(c, from, to);
		if (w < 0)
			return WORKCAL_NEVER;
		return workcal_add_working_seconds(c, deadline, w);
	}
	return WORKCAL_NEVER;
}

static const char *const unit_names[] = {
    [WORKCAL_HOURS] = "hours",
    [WORKCAL_WORKING_HOURS] = "working_hours",
    [WORKCAL_WORKING_DAYS] = "working_days",
};

int workcal_unit_parse(const char *s, enum workcal_unit *out)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < sizeof(unit_names) / sizeof(unit_names[0]); i++) {
		if (strcmp(s, unit_names[i]) == 0) {
			*out = (enum workcal_unit)i;
			return 0;
		}
	}
	return -1;
}

const char *workcal_unit_name(enum workcal_unit u)
{
	if ((unsigned)u >= sizeof(unit_names) / sizeof(unit_names[0]))
		return "unknown";
	return unit_names[u];
}

bool workcal_covers_year(const struct workcal *c, int year)
{
	int32_t first;
	size_t lo = 0, hi = c->n_days;

	if (!c->days || year < 1 || year > 9999)
		return false;
	first = (int32_t)year * 10000 + 101;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].ymd < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n_days && c->days[lo].ymd / 10000 == year;
}
