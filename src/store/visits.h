/* visits: queries over the visit log of the reception rooms (来访登记) — a visit with its
 * visitor's personal data (persons), its room and community, and what it became: the
 * appeal's or need's number and status are read with it, so a visit shows its follow-up
 * (跟踪落实) until that ends. Strings are copied into the caller's arena; unset texts are
 * NULL and unset ids 0. */
#ifndef HUIYIN_STORE_VISITS_H
#define HUIYIN_STORE_VISITS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "store/rows.h"
#include "util/arena.h"

struct store_visit {
	int64_t id, version, room_id, community_id, person_id;
	const char *visited_at, *raised, *category;
	const char *outcome; /* open, answered, appeal, need, referred */
	const char *answer, *referral;
	int64_t referred_org_id, appeal_id, need_id, recorded_by, decided_by;
	const char *decided_at, *created_at, *updated_at;
	/* read with it */
	const char *room_name, *community_path, *community_name, *recorder_name;
	const char *name, *phone; /* the visitor (persons) */
	bool erased;
	const char *follow_no, *follow_status; /* the appeal's or need's, when it became one */
	bool open; /* nothing decided yet, or its appeal or need has not reached its end */
};

/* A list of visits: open ones first (see store_visit.open), each part newest first. */
struct visit_filter {
	struct store_scope scope; /* over the visit's community (and its alliance's members) */
	int64_t room_id, community_id;
	int open;                /* 1: open only, 0: done only, -1: both */
	int after_open;          /* the cursor: the last row's open (1/0), -1: from the start */
	int64_t after_id;        /* and its id */
	int64_t limit;
};

/* Counts of a room's (or a scope's) visits recorded in [from, to). */
struct visit_counts {
	int64_t visits, open, answered, appeal, need, referred, follow_ups_open;
};

/* Whether user_id is an active duty official of the community (officials.user_id). */
int store_visit_official(struct db *db, int64_t community_id, int64_t user_id, bool *out,
                         struct err *e);
int store_visit_get(struct db *db, int64_t id, struct arena *a, struct store_visit *o,
                    struct err *e);
/* Inserts the visitor (persons) and the visit (open); sets o->id, o->person_id and
 * o->version. */
int store_visit_insert(struct db *db, struct store_visit *o, struct err *e);
/* Writes the decision (outcome, answer, referral, referred org, appeal, need, decided_by,
 * decided_at) of o, which must be open in the database: 409 `stale` unless o->version is
 * the stored version. Bumps o->version. */
int store_visit_decide(struct db *db, struct store_visit *o, const char *now, struct err *e);
/* A page of visits; *more is set when there are more (the last row is the cursor). */
int store_visit_list(struct db *db, const struct visit_filter *f, struct arena *a,
                     struct store_visit **out, int *n, bool *more, struct err *e);
/* The counts of the visits of f (room, community, scope; the cursor and `open` are not
 * used) recorded from `from` to `to` (ISO times; NULL: open). */
int store_visit_counts(struct db *db, const struct visit_filter *f, const char *from,
                       const char *to, struct arena *a, struct visit_counts *out,
                       struct err *e);

/* One duty of a room's rota as its poster shows it: when, and who (name and unit only). */
struct store_poster_duty {
	const char *day, *from_time, *to_time, *name, *unit_name;
};
/* The planned or done duties of room_id from `from` to `to` (YYYY-MM-DD, inclusive), by
 * time and seat, at most max. (The poster's read of the rota tables of store/rooms.) */
int store_poster_duties(struct db *db, int64_t room_id, const char *from, const char *to, int max,
                        struct arena *a, struct store_poster_duty **out, int *n, struct err *e);

#endif
