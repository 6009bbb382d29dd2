/* intake: what public submissions share — appeals (api/appeal_intake.c), needs
 * (api/needs.c) and uploads before them (api/attachments.c); logins count their failures
 * with the same rate limiter (api/auth.c).
 *
 * - Tracking numbers: a prefix ("HY" appeals, "XQ" needs), the day in Asia/Shanghai and
 *   the day's sequence, "HY20261125-0001".
 * - Access tokens: 256 random bits, shown once; only the BLAKE2b hash is stored.
 * - Idempotency-Key: the first answer (token included) is kept for 24 hours, encrypted
 *   with XSalsa20-Poly1305 (libsodium secretbox) under a key derived from the audit key; a
 *   retry with the same body gets it back, another body gets 409.
 * - Rate limits: hits per key ("submit:ADDRESS", "need:ADDRESS", "upload:ADDRESS",
 *   "track:ADDRESS", and login's keys) in a window that starts at the first hit; at the
 *   limit, 429 with Retry-After saying when the window ends. Checked and counted in one
 *   statement of the writer's transaction, so concurrent requests cannot overshoot.
 * - Tracking: an unknown number and a wrong token get the same 404, and such answers are
 *   limited per address. */
#ifndef HUIYIN_API_INTAKE_H
#define HUIYIN_API_INTAKE_H
#include <stdint.h>

#include "api/req.h"
#include "ops/intake.h"
#include "util/secret.h"

/* 400 naming submitter.phone or submitter.email when one is given (not NULL nor "") and
 * is not a phone number or an email address. Returns 0 or -1 with r->err set. */
int intake_check_contact(struct req *r, const char *phone, const char *email);

/* A request's Idempotency-Key: key NULL when it sent none. */
struct intake_idem {
	const char *key;               /* prefix + the header's value, in r's arena */
	uint8_t hash[SECRET_HASH_LEN]; /* of the canonical JSON body */
};

/* Reads the Idempotency-Key header (400 unless 1 to 128 characters) into *idem, stored
 * under prefix + its value ("" for appeals, "need:" for needs), and looks for the first
 * answer on the read connection (as intake_idem_lookup, without holding the key).
 * Returns what the lookup returns; 0 as well when there is no header. */
int intake_idem_begin(struct req *r, const char *prefix, struct intake_idem *idem);
/* The first answer to a retried request, read through db: its status (> 0) with r->out
 * set to it; 0 when there is none (or idem->key is NULL); -1 with e set, 409
 * `idempotency_conflict` when the key came with another body. For the write (db is the
 * writer's): it first holds the key until the transaction ends (store_lock_key), so two
 * concurrent first requests cannot both create, on one server or several sharing a
 * database; 409 `idempotency_in_progress` when another server's transaction holds it. */
int intake_idem_lookup(struct req *r, struct db *db, const struct intake_idem *idem,
		       struct err *e);
/* Keeps r->out, encrypted, as the answer (with status) to idem->key, inside the write
 * that made it; nothing when idem->key is NULL. Returns 0 or -1 with e set. */
int intake_idem_store(struct req *r, struct db *db, const struct intake_idem *idem, int status,
		      struct err *e);

/* The window of intake.submissions_per_hour, intake.uploads_per_hour and
 * intake.wrong_tokens_per_hour. */
#define INTAKE_HOUR 3600

/* One rate limit: at most max hits for key in a window of window_seconds that starts at
 * the key's first hit; beyond it 429 `code`, "<what>; try again in N seconds". */
struct intake_limit {
	const char *key; /* "submit:ADDRESS", "need:...", "upload:...", "track:...", login's */
	int max;
	int window_seconds;
	const char *code, *what;
};

/* How intake_rate_check() reaches the counter. */
enum intake_count {
	INTAKE_PEEK, /* read it on the read connection: an early refusal, counts nothing */
	INTAKE_HOLD, /* in the write: hold the key until the transaction ends, count nothing */
	INTAKE_HIT,  /* in the write: hold the key and count this request as one hit */
};

/* Refuses a request when lim->key already had lim->max hits in its window, counting it
 * or not as `how` says. The check that holds is the one in the write (INTAKE_HOLD or
 * INTAKE_HIT, db the writer's): it reads and counts in the same statement, holding the
 * key's row until the transaction commits (store_counter_take), so a burst of concurrent
 * requests, on one server or several on one database, gets exactly max through; call it
 * before anything else the job writes, whose savepoint the refusal then rolls back with
 * the hit. INTAKE_PEEK (db r->rdb) only spares a refused request the work before the
 * write. Returns 0 when allowed (*before, when not NULL, set to the hits before this
 * one); -1 with e set: 429 with r->retry_after the seconds until the window ends (at
 * least 1), or a database error. */
int intake_rate_check(struct req *r, struct db *db, const struct intake_limit *lim,
                      enum intake_count how, int64_t *before, struct err *e);

/* The limit of a public submission from the caller's address: prefix "submit" (appeals:
 * intake.submissions_per_hour, 429 `too_many_submissions`), "need" (needs, the same
 * setting) or "upload" (intake.uploads_per_hour, 429 `too_many_uploads`). */
void intake_submission_limit(struct req *r, const char *prefix, struct intake_limit *out);

/* Whether the request's X-Access-Token is the token whose hash is `stored`. */
bool intake_token_ok(struct req *r, const uint8_t stored[SECRET_HASH_LEN]);

/* The answer to a tracking request (/track/{no}) whose number is unknown or whose
 * X-Access-Token is missing or wrong: the same 404 `not_found` for all of these, so a
 * number's existence does not show, each counted against the caller's address; beyond
 * intake.wrong_tokens_per_hour such answers in an hour, 429 `too_many_attempts` with
 * Retry-After. Returns what a handler returns (the count is written by the writer). */
int intake_track_refused(struct req *r);
/* That 404 in e without counting (a write that finds the case gone); returns -1. */
int intake_track_not_found(struct err *e);

#endif
