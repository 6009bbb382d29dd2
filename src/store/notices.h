/* notices: staff notifications, the outbox of notices to submitters, idempotent
 * submissions, and the staff who should hear of a case. */
#ifndef HUIYIN_STORE_NOTICES_H
#define HUIYIN_STORE_NOTICES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* What a notice is about: the kind of row and its id (migration 0009). SUBJECT_NONE for a
 * notice about nothing in particular (stored as NULL). */
enum subject_kind {
	SUBJECT_NONE,
	SUBJECT_APPEAL,
	SUBJECT_NEED,
	SUBJECT_RESOURCE,
	SUBJECT_PROJECT,
	SUBJECT_ACTIVITY,
	SUBJECT_ROOM,
	SUBJECT__MAX
};
/* The stored names ("appeal", "need", ...), NULL for SUBJECT_NONE. */
extern const char *const subject_kind_names[SUBJECT__MAX];

struct subject {
	enum subject_kind kind;
	int64_t id; /* > 0 unless kind is SUBJECT_NONE */
};

struct store_notification {
	int64_t id, appeal_id;
	const char *kind, *message, *created_at, *read_at;
	/* The subject's kind name and id (NULL, 0 when none), with its tracking number (an
	 * appeal's HY…, a need's XQ…) or its title (project, resource, activity) when its
	 * row has one; NULL otherwise. */
	const char *subject_kind;
	int64_t subject_id;
	const char *subject_no, *subject_title;
};

struct store_outbox {
	int64_t id, attempts;
	const char *channel, *recipient, *subject, *body, *dedupe_key, *created_at;
	const char *subject_kind; /* NULL when the notice names no subject */
	int64_t subject_id;
};

/* Adds a notification unless one with the same (user, dedupe_key) exists. Its appeal_id
 * is the subject's id when the subject is an appeal, else NULL. */
int store_notify(struct db *db, int64_t user_id, const char *kind, struct subject about,
                 const char *message, const char *dedupe_key, const char *now, struct err *e);
/* Notifies every user holding one of `roles` (role names, NULL-terminated) at org_id. *n
 * counts the users found (whether or not they were notified before). */
int store_notify_role_at(struct db *db, const char *const *roles, int64_t org_id, const char *kind,
                         struct subject about, const char *message, const char *dedupe_key,
                         const char *now, int64_t *n, struct err *e);
int store_notifications(struct db *db, int64_t user_id, int64_t after, int64_t limit,
			struct arena *a, struct store_notification **out, int *n, int64_t *next,
			struct err *e);
int store_notifications_unread(struct db *db, int64_t user_id, int64_t *count, struct err *e);
/* 404 when the notification is not the user's. */
int store_notification_read(struct db *db, int64_t id, int64_t user_id, const char *now,
			    struct err *e);

/* Queues a notice about `about` once per dedupe_key (a second call with the same key does
 * nothing). `subject` is the message's subject line. */
int store_outbox_add(struct db *db, const char *channel, const char *recipient, const char *subject,
                     const char *body, struct subject about, const char *dedupe_key,
                     const char *now, struct err *e);
/* Notices due for (re)delivery at `now`, oldest first. */
int store_outbox_due(struct db *db, const char *now, int limit, struct arena *a,
		     struct store_outbox **out, int *n, struct err *e);
int store_outbox_sent(struct db *db, int64_t id, const char *now, struct err *e);
int store_outbox_failed(struct db *db, int64_t id, const char *retry_at, const char *error,
			struct err *e);
/* The file sink of the outbox (DATA/outbox.jsonl: the pluggable sender for tests and the
 * demo): appends one JSON line per notice ({"id","channel","recipient","subject","body",
 * "subject_kind","subject_id","dedupe_key","created_at"}, subject_kind and subject_id null
 * for a notice about no subject) to the file at path and makes them durable. Returns 0 only
 * when every line was written, flushed, synced and the file closed without error;
 * otherwise -1 with *why set (some lines may be in the file: delivery is at least once,
 * and receivers de-duplicate by id). */
int store_outbox_sink(const char *path, const struct store_outbox *items, int n,
		      const char **why);

/* The stored answer for an idempotency key: 0 found, 1 none, -1 error. */
int store_idem_get(struct db *db, const char *key, const char *since, struct arena *a,
		   uint8_t hash[32], int *status, const void **response, size_t *len,
		   struct err *e);
int store_idem_put(struct db *db, const char *key, const uint8_t hash[32], int status,
		   const void *response, size_t len, const char *now, struct err *e);
/* Forgets keys older than `before`, unlinked uploads older than `uploads_before`,
 * sessions that expired before `now`, and rate counters whose window began before
 * `before` (the caller passes a time at least as old as the longest window). */
int store_purge(struct db *db, const char *before, const char *uploads_before, const char *now,
		struct err *e);

#endif
