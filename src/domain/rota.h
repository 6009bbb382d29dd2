/* rota: the rules of a reception room's opening hours and of its duty rota (轮值安排). Pure:
 * no I/O, no allocation but what the caller hands in, no clock; the working calendar
 * (domain/workcal.h) says which days are public holidays.
 *
 * Hours. A room opens on a weekly pattern of periods (weekday 1 = Monday ... 7 = Sunday,
 * from-to in minutes after local midnight, from < to, no two periods of a weekday
 * overlapping or touching out of order) plus exceptions: a day closed, or an extra
 * opening on a day (which must not overlap that day's weekly periods). Each period on a
 * day it applies to is an opening slot. On a listed public holiday the weekly periods
 * apply only when the room opens on holidays; a closed day has none; an extra opening
 * always applies.
 *
 * Rota. Each slot has `seats` seats (officials per slot). rota_assign() fills them with
 * officials so that:
 *   - nobody sits on a day of their leave, on a slot that overlaps a duty of theirs in
 *     another room (`busy`), twice in one slot, or beyond their monthly cap (their duties
 *     in other rooms and the kept ones of this room in that month count);
 *   - as many seats as possible are filled, and among the ways to fill that many the
 *     counts are as even as they can be: the sum of the squares of the officials' counts
 *     (the kept duties included) is the least, so no official has two or more duties more
 *     than another who could have taken one of them (the counts differ by at most one
 *     where the constraints allow);
 *   - then, keeping every count, nobody sits on two slots in a row when an exchange with
 *     another official, or a hand-over to one with fewer duties, avoids it;
 *   - the same input gives the same rota (slots in time order, officials in id order;
 *     every choice is made in that order).
 * Seats already held (`fixed`: past slots, agreed swaps) are kept as they are and count.
 * A seat nobody can take stays 0 and is counted in `unfilled`. */
#ifndef HUIYIN_DOMAIN_ROTA_H
#define HUIYIN_DOMAIN_ROTA_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/workcal.h"

#define ROTA_MAX_PERIODS   28  /* weekly periods of one room */
#define ROTA_MAX_SLOTS     400 /* slots of one generation */
#define ROTA_MAX_SEATS     5   /* officials per slot */
#define ROTA_MAX_OFFICIALS 200 /* officials in one generation */
#define ROTA_MAX_DAYS      93  /* days of one generation (about a quarter) */

struct rota_period {
	int weekday;  /* 1..7 */
	int from, to; /* minutes after local midnight */
};

struct rota_exception {
	int32_t ymd; /* YYYYMMDD */
	bool closed; /* true: closed all day; false: an extra opening from-to */
	int from, to;
};

struct rota_slot {
	int32_t ymd;
	int from, to;       /* minutes after local midnight */
	int64_t start, end; /* UTC instants */
};

/* The reasons a set of hours is refused. */
enum rota_hours_error {
	ROTA_HOURS_OK,
	ROTA_HOURS_WEEKDAY,  /* a weekday outside 1..7 */
	ROTA_HOURS_TIME,     /* a time outside 00:00..24:00 */
	ROTA_HOURS_ORDER,    /* a period ends before (or when) it starts */
	ROTA_HOURS_OVERLAP,  /* two periods of one weekday overlap */
	ROTA_HOURS_TOO_MANY, /* more than ROTA_MAX_PERIODS */
};

/* Checks a weekly pattern; *bad gets the index of the (second) period at fault. */
enum rota_hours_error rota_hours_check(const struct rota_period *p, int n, int *bad);
/* Checks exceptions against the pattern: an extra opening with from < to that overlaps no
 * weekly period of its weekday nor another extra opening of its day. Returns
 * ROTA_HOURS_OK or the error with *bad the exception's index. */
enum rota_hours_error rota_exceptions_check(const struct rota_period *p, int np,
                                            const struct rota_exception *x, int nx, int *bad);

/* The opening slots from day `from` to day `to` (inclusive, YYYYMMDD) in time order, into
 * out (cap slots). Returns their number, or -1 when there are more than cap or the dates
 * are invalid. */
int rota_slots(const struct workcal *c, const struct rota_period *p, int np,
               const struct rota_exception *x, int nx, bool open_on_holidays, int32_t from,
               int32_t to, struct rota_slot *out, int cap);

/* A span of days (inclusive) or of time (half-open, UTC) an official cannot sit. */
struct rota_leave {
	int32_t from, to; /* YYYYMMDD */
};
struct rota_busy {
	int64_t start, end; /* a duty in another room */
	int32_t ymd;        /* its day, for the monthly cap */
};

struct rota_official {
	int64_t id;
	int cap; /* duties a month at most; -1: no cap */
	const struct rota_leave *leave;
	int n_leave;
	const struct rota_busy *busy;
	int n_busy;
};

struct rota_input {
	const struct rota_slot *slots; /* in time order, none overlapping */
	int n_slots;
	int seats;                             /* 1..ROTA_MAX_SEATS */
	const struct rota_official *officials; /* by id, ascending */
	int n_officials;
	/* Seats already held: fixed[s * seats + k] is an official id, or 0 for a free seat. NULL:
	 * none held. */
	const int64_t *fixed;
};

/* Work space and result of rota_assign(), the caller's memory (about 3 MB; static or
 * heap, not the stack). */
struct rota_work;
/* The size of the work space rota_assign() needs. */
unsigned long rota_work_size(void);

/* Fills the free seats. out[s * seats + k] gets an official id or 0 (unfilled); returns the
 * number of unfilled seats, or -1 when the input breaks a limit above. `work` is
 * rota_work_size() bytes. */
int rota_assign(const struct rota_input *in, void *work, int64_t *out);

/* Whether an official may take one slot (leave, busy, not already in it), for swaps: the
 * same checks rota_assign() makes, the cap aside. */
bool rota_official_free(const struct rota_official *o, const struct rota_slot *s);

#endif
