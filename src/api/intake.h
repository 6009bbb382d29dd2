/* intake: what public submissions share — appeals (api/appeal_intake.c), needs
 * (api/needs.c) and uploads before them (api/attachments.c); logins count their failures
 * with the same rate limiter (api/auth.c), and tracking its wrong tokens.
 *
 * The Idempotency-Key and the anonymous rate limit of a route are flags of the route table
 * (R_IDEMPOTENT, R_LIMIT_*, http/router.h), applied by the HTTP layer in one place and
 * never by the handlers: intake_admit() before the handler, intake_write() around its
 * write part.
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
/* Whether phone reads as a phone number (digits, with +, -, spaces and brackets). */
bool intake_phone_ok(const char *phone);

/* The anonymous rate limit a route's requests count against (its R_LIMIT_* flag): one
 * counter per address, in a window of an hour. Staff are never limited by it. */
enum intake_counter {
	INTAKE_NO_LIMIT,
	INTAKE_SUBMIT, /* appeals: "submit:ADDRESS", intake.submissions_per_hour */
	INTAKE_NEED,   /* public needs: "need:ADDRESS", the same setting */
	INTAKE_UPLOAD, /* uploads: "upload:ADDRESS", intake.uploads_per_hour */
	INTAKE_COUNTER__MAX
};

/* Before the handler runs (r->body parsed, the caller identified, on the read connection
 * r->rdb), what the route's flags ask:
 * - idempotent: reads the Idempotency-Key header (400 unless 1 to 128 characters) and
 *   looks for the first answer under it. The key is stored in the namespace of the
 *   route's counter (appeals' keys as they are, needs' under "need:"), so an idempotent
 *   route names a counter. A retry with the same canonical body gets the first answer;
 *   another body under the key, 409 `idempotency_conflict`.
 * - counter (for an anonymous caller): refuses the request with 429 when its address's
 *   counter is already at the limit (intake_rate_check, INTAKE_PEEK: nothing counted).
 * What applies is recorded on r (r->claim) for intake_write(). Returns 0 to run the
 * handler; the stored answer's status (> 0) with r->out set; -1 with r->err set. */
int intake_admit(struct req *r, bool idempotent, enum intake_counter counter);

/* Runs r's write part (r->write_fn) in the writer's transaction, with what intake_admit()
 * recorded; the writer's job calls it for every write part. Before write_fn, and before
 * anything it writes: the Idempotency-Key is held until the transaction ends (on
 * PostgreSQL a transaction-level advisory lock, tried, never waited for: 409
 * `idempotency_in_progress` while another server's transaction holds it) and looked up
 * again (a concurrent first request may have committed meanwhile: its answer is
 * returned, nothing is written); then the submission is counted against its address
 * (INTAKE_HIT), exact under concurrency, and a refusal's 429 rolls back the job with the
 * hit. After a 2xx from write_fn, its answer (r->out, the access token included) is kept
 * encrypted under the key for 24 hours, in the same transaction. Returns write_fn's
 * status, the stored answer's, or -1 with e set. */
int intake_write(struct db *db, struct req *r, struct err *e);

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
