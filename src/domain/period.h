/* period: calendar periods of the statistics, counted in days of Asia/Shanghai (UTC+8, no
 * daylight saving). A day is a number: days since 1970-01-01 of the Shanghai calendar, so
 * the day of an instant t (Unix seconds) is floor((t + 8 h) / 1 day). A period is an
 * inclusive range of such days with the kind it was asked as. Pure: no clock, no I/O.
 *
 * Weeks start on Monday and are labelled as ISO weeks ("2026-W45": the week's Thursday
 * decides its year); quarters are Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec. */
#ifndef HUIYIN_PERIOD_H
#define HUIYIN_PERIOD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum period_kind {
	PERIOD_DAY,
	PERIOD_WEEK,
	PERIOD_MONTH,
	PERIOD_QUARTER,
	PERIOD_YEAR,
	PERIOD_RANGE, /* any from..to */
	PERIOD_KIND__MAX
};

extern const char *const period_kind_names[PERIOD_KIND__MAX];

struct period {
	enum period_kind kind;
	int64_t from, to; /* Shanghai days, both inclusive, from <= to */
};

/* Length of "2026-11-05" plus NUL; also holds every period label. */
#define PERIOD_TEXT_LEN 11
/* The most years a period may span: from + 5 calendar years must lie after `to`. */
#define PERIOD_MAX_YEARS 5

/* The Shanghai day of Unix time t. */
int64_t period_day_of(int64_t t);
/* The Unix time of 00:00 Shanghai on `day`. */
int64_t period_day_start(int64_t day);
/* Writes "YYYY-MM-DD" of day into out. */
void period_day_text(int64_t day, char out[PERIOD_TEXT_LEN]);
/* Parses "YYYY-MM-DD" (exactly, a real date, year 1970-9999) into *day: 0, or -1. */
int period_parse_day(const char *s, int64_t *day);
/* Day of the week, Monday 0 .. Sunday 6. */
int period_weekday(int64_t day);

/* The period of kind k (not PERIOD_RANGE) that contains day. */
struct period period_containing(enum period_kind k, int64_t day);
/* The period just before p: for a calendar kind the previous one of the same kind (the
 * month before a month, whatever its length); for a range the same number of days ending
 * the day before p.from. */
struct period period_previous(struct period p);
/* True when p spans at most PERIOD_MAX_YEARS calendar years (to < from + 5 years). */
bool period_within_limit(struct period p);
/* Number of days in p. */
int64_t period_days(struct period p);
/* The label of the period of kind k containing day: day "2026-11-05", week "2026-W45",
 * month "2026-11", quarter "2026-Q4", year "2026"; range: the day of `day`. */
void period_label(enum period_kind k, int64_t day, char out[PERIOD_TEXT_LEN]);

#endif
