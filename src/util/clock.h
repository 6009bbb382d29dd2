/* clock: the one source of the current time. Every piece of code that needs "now" calls
 * clock_now(); a server started with --test-clock lets tests set and advance it, so time
 * limits can be tested without waiting. Times are stored and sent as ISO 8601 UTC text
 * ("2026-11-24T22:51:09Z"), which sorts the same as the instants it names. */
#ifndef HUIYIN_CLOCK_H
#define HUIYIN_CLOCK_H
#include <stdbool.h>
#include <stdint.h>

#define CLOCK_ISO_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" plus NUL */

/* Seconds since the Unix epoch, UTC, shifted by the test offset (0 in production). */
int64_t clock_now(void);
/* Microseconds from a monotonic clock, for measuring durations; never shifted. */
int64_t clock_mono_us(void);
/* Shifts clock_now() by `secs` more seconds; only ever called by the test endpoint. */
void clock_advance(int64_t secs);
/* Sets clock_now() to `t`. */
void clock_set(int64_t t);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into out (CLOCK_ISO_LEN bytes). */
void clock_iso(int64_t t, char out[CLOCK_ISO_LEN]);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (also with fractional seconds or a +HH:MM offset).
 * Returns 0 and sets *t, or -1 when s is not such a time. */
int clock_parse_iso(const char *s, int64_t *t);
/* Days since 1970-01-01 of a proleptic Gregorian date (m 1-12, d 1-31, not checked). */
int64_t clock_days_from_civil(int y, int m, int d);
/* The date of day z since 1970-01-01: the inverse of clock_days_from_civil. */
void clock_civil_from_days(int64_t z, int *y, int *m, int *d);
/* Parses "YYYY-MM-DD"; returns 0 or -1. */
int clock_parse_date(const char *s, int *y, int *m, int *d);

#endif
