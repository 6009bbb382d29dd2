/* appeals: queries over appeals, their personal data, assisting units, event log reads,
 * tracking numbers and the search index. Strings are copied into the caller's arena;
 * unset times and texts are NULL. */
#ifndef HUIYIN_STORE_APPEALS_H
#define HUIYIN_STORE_APPEALS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

#define APPEAL_MAX_ASSISTS 8

struct store_appeal {
	int64_t id, version;
	const char *tracking_no;
	uint8_t access_hash[32];
	const char *channel, *category, *tier, *urgency, *title, *description;
	const char *submitter_type;
	int64_t submitter_org_id, person_id, created_by, community_id;
	const char *place_path, *address;
	bool has_location;
	double lat, lng;
	bool publishable;
	const char *status, *closed_as;
	int64_t proposed_org_id, lead_org_id, merged_into;
	const char *lead_path;
	const char *accept_due, *ack_due, *contact_due, *answer_due;
	const char *accepted_at, *dispatched_at, *acknowledged_at, *contacted_at, *replied_at,
	    *closed_at, *suspended_at, *status_before_suspend;
	int64_t overdue_steps, extension_days, unsatisfied_count;
	const char *reply, *outcome, *rating, *rating_comment, *rated_at, *callback_rating;
	/* 问题是否解决 with the rating and at the callback: yes, partly, no; NULL unknown */
	const char *resolved, *callback_resolved;
	bool published;
	const char *public_title, *public_description, *public_reply;
	const char *created_at, *updated_at;
	int64_t event_count;
	int64_t addressed_to; /* a letter to this secretary (书记信箱); 0: none */
	int64_t room_id;      /* from this reception room; 0: none */
	/* assisting units */
	int n_assist;
	int64_t assist_ids[APPEAL_MAX_ASSISTS];
	const char *assist_paths[APPEAL_MAX_ASSISTS];
	/* personal data (from persons) */
	const char *name, *phone, *email;
	bool erased;
};

struct store_event {
	int64_t seq, actor_id;
	const char *type, *actor_kind, *data, *created_at, *actor_name;
	char hash[65]; /* hex of the chained HMAC */
	bool public;
};

/* A staff list: each field set narrows it; scope paths are OR-ed. */
struct appeal_filter {
	const char *status, *category;
	const char *org_path;       /* lead or assisting unit within this subtree */
	const char *community_path; /* place within this subtree */
	int64_t community_id;       /* when community_path is a community's: its id, which
	                             * the (status, community_id, id) index answers in order */
	bool overdue;
	int64_t addressed_to;  /* letters to this user only */
	int64_t mailbox_of;    /* a secretary's mailbox: letters to this user, and letters to
	                        * nobody in particular (a room's) within the scope */
	const char *match;     /* FTS5 MATCH expression */
	const char *from, *to; /* created_at range, ISO */
	/* scope: NULL scope_paths means everything */
	const char *const *scope_paths;
	int n_scope;
	int64_t liaison_org_id, liaison_user_id; /* also visible to a liaison */
	bool scope_none;                         /* the caller sees nothing but liaison rows */
	/* Set: the list counts its rows (at most limit + 1) into *count instead of reading
	 * them (an export's row limit). */
	int64_t *count;
	int64_t after, limit;
};

int store_appeal_get(struct db *db, int64_t id, struct arena *a, struct store_appeal *o,
                     struct err *e);
int store_appeal_by_tracking(struct db *db, const char *tracking_no, struct arena *a,
                             struct store_appeal *o, struct err *e);
/* Inserts the person and the appeal (and its search tokens, unless tokens is NULL); sets
 * o->id, person_id. */
int store_appeal_insert(struct db *db, struct store_appeal *o, const char *tokens, struct err *e);
/* Adds appeal id's search tokens (for a caller that inserted it with tokens NULL: the data
 * generator adds a batch's tokens at its end, so the full-text index is written once per
 * batch rather than flushed at every savepoint). */
int store_appeal_search_add(struct db *db, int64_t id, const char *tokens, struct err *e);
/* Writes the changeable columns; 409 `stale` unless o->version is the stored version.
 * Bumps the version (o->version is updated). */
int store_appeal_update(struct db *db, struct store_appeal *o, struct err *e);
/* Replaces the assisting units with o's. */
int store_appeal_set_assists(struct db *db, const struct store_appeal *o, struct err *e);
int store_appeal_list(struct db *db, const struct appeal_filter *f, struct arena *a,
                      struct store_appeal **out, int *n, int64_t *next, struct err *e);
/* Recent open appeals (not closed) other than `except`, newest first, at most limit. */
int store_appeal_open_recent(struct db *db, int64_t except, int limit, struct arena *a,
                             struct store_appeal **out, int *n, struct err *e);
/* Published appeals for the public wall, newest first. */
int store_appeal_published(struct db *db, int64_t after, int64_t limit, struct arena *a,
                           struct store_appeal **out, int *n, int64_t *next, struct err *e);
/* Open appeals with a deadline passed at `now` that is not flagged yet, oldest first. */
int store_appeal_overdue(struct db *db, const char *now, int limit, struct arena *a,
                         struct store_appeal **out, int *n, struct err *e);
/* Answered appeals replied before `before` and still without a rating. */
int store_appeal_unrated(struct db *db, const char *before, int limit, struct arena *a,
                         struct store_appeal **out, int *n, struct err *e);
/* Inserts a person's personal data (NULL reads as ""); sets *id. */
int store_person_insert(struct db *db, const char *name, const char *phone, const char *email,
                        int64_t *id, struct err *e);
/* The next number of a daily counter: 1, 2, ... for each new value of `counter` (a day
 * "20261124" for appeals, "XQ20261124" for needs). */
int store_tracking_next(struct db *db, const char *counter, int64_t *seq, struct err *e);
/* Erases the personal data (persons) of appeals closed before `before` and of the
 * submitters of needs fulfilled or closed before it, at `now`; the cases and their chains
 * stay. *appeals and *needs count the persons erased. Run it inside a transaction. */
int store_persons_erase(struct db *db, const char *before, const char *now, int64_t *appeals,
                        int64_t *needs, struct err *e);

#endif
