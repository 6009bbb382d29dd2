/* period: Shanghai-calendar periods (see period.h). */
#include "domain/period.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

const char *const period_kind_names[PERIOD_KIND__MAX] = {"day",     "week", "month",
                                                         "quarter", "year", "range"};

#define DAY_SECS   86400
#define SHANGHAI_S (8 * 3600)

/* Floor division, so instants before 1970 still fall on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

int64_t period_day_of(int64_t t)
{
	return floor_div(t + SHANGHAI_S, DAY_SECS);
}

int64_t period_day_start(int64_t day)
{
	return day * DAY_SECS - SHANGHAI_S;
}

void period_day_text(int64_t day, char out[PERIOD_TEXT_LEN])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, PERIOD_TEXT_LEN, "%04d-%02d-%02d", y % 10000, m, d);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int period_parse_day(const char *s, int64_t *day)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

int period_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday (3 counting from Monday). */
	return (int)(day + 3 - floor_div(day + 3, 7) * 7);
}

struct period period_containing(enum period_kind k, int64_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	struct period p = {k, day, day};
	switch (k) {
	case PERIOD_DAY:
	case PERIOD_RANGE:
		break;
	case PERIOD_WEEK:
		p.from = day - period_weekday(day);
		p.to = p.from + 6;
		break;
	case PERIOD_MONTH:
		p.from = days_from_civil(y, m, 1);
		p.to = days_from_civil(y, m, month_days(y, m));
		break;
	case PERIOD_QUARTER: {
		int first = (m - 1) / 3 * 3 + 1;
		p.from = days_from_civil(y, first, 1);
		p.to = days_from_civil(y, first + 2, month_days(y, first + 2));
		break;
	}
	case PERIOD_YEAR:
		p.from = days_from_civil(y, 1, 1);
		p.to = days_from_civil(y, 12, 31);
		break;
	default:
		assert(!"period kind out of range");
	}
	return p;
}

struct period period_previous(struct period p)
{
	assert(p.from <= p.to);
	if (p.kind == PERIOD_RANGE) {
		int64_t n = period_days(p);
		return (struct period){PERIOD_RANGE, p.from - n, p.from - 1};
	}
	return period_containing(p.kind, p.from - 1);
}

int64_t period_days(struct period p)
{
	return p.to - p.from + 1;
}

bool period_within_limit(struct period p)
{
	int y, m, d;
	civil_from_days(p.from, &y, &m, &d);
	y += PERIOD_MAX_YEARS;
	/* 29 February five years on is 1 March: days_from_civil counts on past the end. */
	return p.to < days_from_civil(y, m, d);
}

void period_label(enum period_kind k, int64_t day, char out[PERIOD_TEXT_LEN])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	switch (k) {
	case PERIOD_WEEK: {
		/* The ISO week's year is the year of its Thursday. */
		int64_t thu = day - period_weekday(day) + 3;
		int ty, tm, td;
		civil_from_days(thu, &ty, &tm, &td);
		int64_t week = (thu - days_from_civil(ty, 1, 1)) / 7 + 1;
		snprintf(out, PERIOD_TEXT_LEN, "%04d-W%02d", ty % 10000, (int)week);
		break;
	}
	case PERIOD_MONTH:
		snprintf(out, PERIOD_TEXT_LEN, "%04d-%02d", y % 10000, m);
		break;
	case PERIOD_QUARTER:
		snprintf(out, PERIOD_TEXT_LEN, "%04d-Q%d", y % 10000, (m - 1) / 3 + 1);
		break;
	case PERIOD_YEAR:
		snprintf(out, PERIOD_TEXT_LEN, "%04d", y % 10000);
		break;
	default:
		period_day_text(day, out);
	}
}
