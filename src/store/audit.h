/* audit: the append-only, hash-chained event logs. Each appeal has a chain of events;
 * admin actions (role grants, categories, time limits, calendar) have one chain of their
 * own. An event's hash is HMAC-SHA256, with a key kept outside the database, over the
 * previous hash and the event's fields in a fixed, length-prefixed layout; its `data` is
 * canonical JSON (sorted keys, compact) and never holds personal data. The parent row
 * keeps the number of events and the head hash, so editing, deleting a middle event and
 * deleting the last event are all caught by audit_verify(). */
#ifndef HUIYIN_STORE_AUDIT_H
#define HUIYIN_STORE_AUDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define AUDIT_KEY_LEN  32
#define AUDIT_HASH_LEN 32

struct audit_event {
	int64_t parent_id;      /* the appeal (0 for the admin chain) */
	int64_t seq;            /* set by the append */
	const char *type;
	const char *actor_kind; /* staff, submitter, system */
	int64_t actor_id;       /* 0: none */
	bool public;            /* the submitter sees it */
	const char *data;       /* canonical JSON object text */
	const char *created_at;
};

/* The kinds of chained subjects: each row keeps event_count and head_hash, each has its
 * own events table. */
enum audit_chain { AUDIT_APPEAL, AUDIT_NEED, AUDIT_RESOURCE, AUDIT_PROJECT, AUDIT_CHAIN__MAX };

/* Reads DATA_DIR/audit.key (64 hex characters). */
int audit_key_load(const char *data_dir, uint8_t key[AUDIT_KEY_LEN], struct err *e);
/* Appends ev to the chain of subject ev->parent_id of the given kind (sets ev->seq). Runs
 * inside the caller's write transaction, which also holds the subject's own change. */
int audit_append(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
		 struct audit_event *ev, struct err *e);
/* Appends ev to the chain of appeal ev->parent_id (sets ev->seq). Runs inside the
 * caller's write transaction, which also holds the appeal's own change. */
int audit_append_appeal(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct audit_event *ev,
			struct err *e);
/* Appends an admin action to the admin chain. */
int audit_append_admin(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct audit_event *ev,
		       struct err *e);
/* The admin chain's event count and head hash (head_len 0 while it is empty): they change
 * with every admin action, so they tell whether what admin actions change (the calendar,
 * categories, tiers, dispatch rules) may have changed since they were last read. */
int audit_admin_head(struct db *db, int64_t *count, uint8_t head[AUDIT_HASH_LEN],
		     size_t *head_len, struct err *e);
/* Checks every chain. Returns 0 when all hold; 1 with `report` naming the first broken
 * link; -1 on a database error. *checked counts the events read. */
int audit_verify(struct db *db, const uint8_t key[AUDIT_KEY_LEN], char *report, size_t cap,
		 int64_t *checked, struct err *e);

#endif
