/* needs: queries over the need list (需求清单) — needs with the personal data of public
 * submitters kept apart (persons), their tracking numbers, the units that took part
 * (whistled, committed, named in a project), the appeal a need came from, and the event
 * log. The list-query composer and the scope filter the stores of the three lists share
 * are in rows.h. Strings are copied into the caller's arena; unset texts are NULL. */
#ifndef HUIYIN_STORE_NEEDS_H
#define HUIYIN_STORE_NEEDS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/appeals.h"
#include "store/db.h"
#include "store/rows.h"
#include "util/arena.h"

struct store_need {
	int64_t id, version;
	const char *tracking_no;
	uint8_t access_hash[32];
	bool has_token;          /* public needs carry an access token */
	const char *source;      /* public, staff, appeal */
	const char *title, *description, *category;
	int64_t community_id;
	const char *place_path, *address, *community_name;
	const char *beneficiaries_who;
	int64_t beneficiaries_count;
	const char *wanted_by, *urgency, *status, *close_reason, *whistled_at;
	int64_t person_id, created_by, appeal_id;
	const char *created_at, *updated_at;
	int64_t event_count;
	/* personal data of a public submitter (from persons); NULL for staff needs */
	const char *name, *phone, *email;
	bool erased;
};

struct store_need_unit {
	int64_t org_id;
	const char *org_path, *name, *via, *at;
};

struct need_filter {
	struct store_scope scope;
	const char *status, *category;
	const char *community_path;  /* place within this subtree */
	int64_t appeal_id;
	const char *q;               /* a substring of the title or description */
	const char *tracking_no;     /* exactly this need (XQ…) */
	int64_t after, limit;
};

int store_need_get(struct db *db, int64_t id, struct arena *a, struct store_need *o,
		   struct err *e);
int store_need_by_tracking(struct db *db, const char *tracking_no, struct arena *a,
			   struct store_need *o, struct err *e);
/* Inserts the need (and, for a public need or one with personal data, its person); sets
 * o->id, o->person_id and o->version. */
int store_need_insert(struct db *db, struct store_need *o, struct err *e);
/* Writes the changeable columns; 409 `stale` unless o->version is the stored version.
 * Bumps o->version. */
int store_need_update(struct db *db, struct store_need *o, const char *now, struct err *e);
int store_need_list(struct db *db, const struct need_filter *f, struct arena *a,
		    struct store_need **out, int *n, int64_t *next, struct err *e);
/* The event log, oldest first; public_only keeps what the submitter sees. */
int store_need_events(struct db *db, int64_t id, bool public_only, struct arena *a,
		      struct store_event **out, int *n, struct err *e);
/* Units that took part, in order of joining; a unit joining twice the same way counts
 * once. */
int store_need_units(struct db *db, int64_t need_id, struct arena *a,
		     struct store_need_unit **out, int *n, struct err *e);
int store_need_unit_add(struct db *db, int64_t need_id, int64_t org_id, const char *org_path,
			const char *via, const char *at, struct err *e);
/* Records the appeal side of an appeal turned into a need; 409 `already_linked` when the
 * appeal was turned into a need before. */
int store_appeal_need_link(struct db *db, int64_t appeal_id, int64_t need_id, struct err *e);
/* The ids of the member units of the alliance `alliance_id` (at most max). */
int store_alliance_member_ids(struct db *db, int64_t alliance_id, int64_t *ids, int max, int *n,
			      struct err *e);
/* The member units (id and path) of every alliance within the subtree at `path`. */
int store_alliance_units_within(struct db *db, const char *path, struct arena *a,
				int64_t **ids, const char ***paths, int *n, struct err *e);

#endif
