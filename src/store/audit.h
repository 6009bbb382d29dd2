/* audit: the append-only, hash-chained event logs. Each appeal, need, resource, project and
 * reception room has a chain of events; admin actions (role grants, categories, time
 * limits, calendar) have one chain of their own. An event's hash is HMAC-SHA256, with a key kept
 * outside the database, over the previous hash and the event's fields in a fixed, length-prefixed
 * layout; its `data` is canonical JSON (sorted keys, compact) and never holds personal
 * data.
 *
 * What the database keeps beside the events is authenticated with the same key, so that
 * nothing can be cut off or changed without it:
 * - a subject's row keeps its head (event_count, head_hash) with `head_mac`, a MAC over
 *   (kind, id, count, head hash), and `row_mac`, a MAC over the same and the row's audited
 *   columns (its state: status, lead unit, reply, rating, deadlines... — not the copies of
 *   org paths, which a move of an org rewrites). Every change of an audited column is
 *   followed, in its transaction, by an event on that subject, whose append signs both.
 * - the admin chain's head in audit_heads ('admin') has its `head_mac` likewise.
 * - per kind, a checkpoint row in audit_heads ('appeal', 'need', 'resource', 'project',
 *   'room'):
 *   event_count is the number of subjects of the kind, head_hash the XOR of a keyed tag
 *   of each subject's (id, event count) (order-free, so servers committing in any order
 *   agree), head_mac a MAC over both. Every append moves it (the tag at the old count out,
 *   the new one in), once per batch and kind (writer_gather), so a deleted subject, or one
 *   set back to an older signed state with its events, is caught.
 * An append first checks the head it extends: a head rewritten without the key stays
 * unsigned (its old MAC is kept), so a later legitimate step cannot launder it.
 * audit_verify() checks all of it. Migration 0007 signs the heads of an older database
 * once, in its own transaction (audit_sign_all). */
#ifndef HUIYIN_STORE_AUDIT_H
#define HUIYIN_STORE_AUDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define AUDIT_KEY_LEN  32
#define AUDIT_HASH_LEN 32

struct audit_event {
	int64_t parent_id; /* the appeal (0 for the admin chain) */
	int64_t seq;       /* set by the append */
	const char *type;
	const char *actor_kind; /* staff, submitter, system */
	int64_t actor_id;       /* 0: none */
	bool public;            /* the submitter sees it */
	const char *data;       /* canonical JSON object text */
	const char *created_at;
};

/* The kinds of chained subjects: each row keeps event_count, head_hash and their MACs,
 * each has its own events table and its checkpoint row in audit_heads. */
enum audit_chain {
	AUDIT_APPEAL,
	AUDIT_NEED,
	AUDIT_RESOURCE,
	AUDIT_PROJECT,
	AUDIT_ROOM, /* a reception room: its changes, rotas, swaps, duties done or missed */
	AUDIT_CHAIN__MAX
};

/* A subject as audit_verify() read it, handed to the replay check: its events (already
 * checked against their hashes) and its row's audited columns. */
struct audit_subject {
	enum audit_chain kind;
	int64_t id;
	const char *name; /* "appeal 12", for reports */
	int n_events;
	const char *const *types; /* each event's type, in seq order */
	const char *const *data;  /* each event's data (canonical JSON) */
	int n_cols;
	const char *const *cols;   /* the audited columns' names */
	const char *const *values; /* their text; NULL for SQL NULL */
};
/* Checks that a subject's row holds what its events say (store/audit_replay.c). Returns 0
 * when it does, 1 with `report` (one line naming the subject) when it does not. */
typedef int (*audit_replay_fn)(const struct audit_subject *s, char *report, size_t cap);

/* Reads DATA_DIR/audit.key (64 hex characters). */
int audit_key_load(const char *data_dir, uint8_t key[AUDIT_KEY_LEN], struct err *e);
/* Appends ev to the chain of subject ev->parent_id of the given kind (sets ev->seq) and
 * signs the new head over the row as it is now. Runs inside the caller's write
 * transaction, after the subject's own change; the kind's checkpoint follows at the end of
 * the writer's batch. */
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
int audit_admin_head(struct db *db, int64_t *count, uint8_t head[AUDIT_HASH_LEN], size_t *head_len,
                     struct err *e);
/* Signs every head, row and checkpoint of the kinds up to AUDIT_PROJECT as they are
 * (migration 0007, inside its transaction: a database made before heads were signed is
 * adopted as it stands). */
int audit_sign_all(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct err *e);
/* Signs the checkpoint of a kind of subject that is new to the database (its audit_heads
 * row just inserted by a migration, with no subject yet: count 0, XOR of nothing). 500
 * when the row is not new, so a rewritten checkpoint is never laundered. */
int audit_sign_checkpoint(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
                          struct err *e);
/* Checks every chain, head, row and checkpoint in one read snapshot; `replay` (may be
 * NULL) also checks each row against its events. Returns 0 when all hold; 1 with
 * `report` naming the first broken link; -1 on a database error. *checked counts the
 * events read. */
int audit_verify(struct db *db, const uint8_t key[AUDIT_KEY_LEN], audit_replay_fn replay,
                 char *report, size_t cap, int64_t *checked, struct err *e);

#endif
