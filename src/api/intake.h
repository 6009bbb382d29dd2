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
 *   "user:NAME") in a window that starts at the first hit; at the limit, 429 with
 *   Retry-After saying when the window ends. */
#ifndef HUIYIN_API_INTAKE_H
#define HUIYIN_API_INTAKE_H
#include <stdint.h>

#include "api/req.h"
#include "util/secret.h"

/* The next tracking number of the day at clock time t for `prefix`, in a: the day is
 * counted in tracking_seq under "YYYYMMDD" for appeals (prefix "HY", the first to have
 * numbers) and under prefix + "YYYYMMDD" for any other prefix. Call it inside the write
 * transaction that stores the number. Returns 0 with *out set, or -1 with e set. */
int intake_tracking_no(struct db *db, const char *prefix, int64_t t, struct arena *a,
		       const char **out, struct err *e);

/* A fresh access token in token (NUL-terminated, for the answer) and its hash in hash
 * (for the row). */
void intake_token(char token[SECRET_TOKEN_LEN + 1], uint8_t hash[SECRET_HASH_LEN]);

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

/* The window of intake.submissions_per_hour and intake.uploads_per_hour. */
#define INTAKE_HOUR 3600

/* Has key had max hits in the last window_seconds (read connection)? 0 no; 1 yes, with
 * r->err 429 `code`, "<what>; try again in N seconds", and r->retry_after N (the seconds
 * until the window that began at the first hit ends, at least 1); -1 on a database error
 * (r->err set). */
int intake_rate_limited(struct req *r, const char *key, int max, int window_seconds,
			const char *code, const char *what);
/* intake_rate_limited() for a public appeal or need: intake.submissions_per_hour an hour
 * from one address (key), else 429 `too_many_submissions`. */
int intake_submissions_limited(struct req *r, const char *key);
/* Counts one hit for key at clock time now, inside the write; a window older than
 * window_seconds starts afresh. Returns 0 or -1 with e set. */
int intake_rate_hit(struct db *db, const char *key, int64_t now, int window_seconds,
		    struct err *e);

#endif
