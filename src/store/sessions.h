/* sessions: login sessions, integration tokens and rate counters (failed logins,
 * anonymous submissions). Tokens are
 * looked up by their hash only; the tokens themselves are never stored. */
#ifndef HUIYIN_STORE_SESSIONS_H
#define HUIYIN_STORE_SESSIONS_H
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/secret.h"

struct store_session {
	int64_t id, user_id;
	char csrf[64];
	char created_at[24], last_seen_at[24], expires_at[24];
};

struct store_token {
	int64_t id, user_id;
	const char *name, *created_at, *last_used_at, *revoked_at;
};

int store_session_insert(struct db *db, const uint8_t hash[SECRET_HASH_LEN], int64_t user_id,
			 const char *csrf, const char *now, const char *expires_at,
			 int64_t *id, struct err *e);
/* 0 and *s filled, 1 when no session has this hash, -1 on error. */
int store_session_find(struct db *db, const uint8_t hash[SECRET_HASH_LEN],
		       struct store_session *s, struct err *e);
int store_session_touch(struct db *db, int64_t id, const char *now, struct err *e);
int store_session_delete(struct db *db, int64_t id, struct err *e);
/* Ends every session of a user (password changed, role revoked, account disabled). */
int store_sessions_end_user(struct db *db, int64_t user_id, struct err *e);
/* Removes sessions that expired before `now`. */
int store_sessions_purge(struct db *db, const char *now, struct err *e);

int store_token_insert(struct db *db, const uint8_t hash[SECRET_HASH_LEN], int64_t user_id,
		       const char *name, const char *now, int64_t *id, struct err *e);
/* 0 with *t filled for a live (not revoked) token, 1 when none, -1 on error. */
int store_token_find(struct db *db, const uint8_t hash[SECRET_HASH_LEN], struct arena *a,
		     struct store_token *t, struct err *e);
int store_token_list(struct db *db, int64_t user_id, struct arena *a, struct store_token **out,
		     int *n, struct err *e);
/* Revokes token `id` of `user_id`; 404 when the user has no such live token. */
int store_token_revoke(struct db *db, int64_t id, int64_t user_id, const char *now,
		       struct err *e);

/* Rate counters: hits per key ('user:NAME', 'addr:ADDRESS', 'submit:ADDRESS' ...) in a
 * window that starts at the first hit. Hits since window_start (an older window counts
 * as 0), with the window's start. */
int store_counter_get(struct db *db, const char *key, const char *window_start,
		      int64_t *count, char first_at[24], struct err *e);
/* Inside a write transaction: adds `add` (0 or 1) hits to key and reads the result, hits
 * (this one included) with the window's start; a window older than window_start starts
 * afresh at now. The key's row is held until the transaction ends (on PostgreSQL a row
 * lock, which a concurrent take of the same key waits for; SQLite has one writer), so a
 * limit checked on *hits is exact however many requests arrive together, on one server
 * or several sharing the database. Returns 0, or -1 with e set (503 `busy` on a
 * deadlock). */
int store_counter_take(struct db *db, const char *key, int add, const char *now,
                       const char *window_start, int64_t *hits, char first_at[24], struct err *e);
int store_counter_clear(struct db *db, const char *key, struct err *e);

#endif
