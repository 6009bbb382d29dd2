/* intake: tracking numbers, access tokens, Idempotency-Key and rate limits of public
 * submissions (see intake.h). */
#include "api/intake.h"
#include "api/admin_log.h"
#include "store/appeals.h"
#include "store/locks.h"
#include "store/notices.h"
#include "store/sessions.h"
#include "util/clock.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Stored answers are kept this long. */
#define IDEM_SECONDS 86400

int intake_tracking_no(struct db *db, const char *prefix, int64_t t, struct arena *a,
		       const char **out, struct err *e)
{
	/* The number's date is the day in Asia/Shanghai. */
	char local[CLOCK_ISO_LEN], day[9];
	clock_iso(t + 8 * 3600, local);
	memcpy(day, local, 4);
	memcpy(day + 4, local + 5, 2);
	memcpy(day + 6, local + 8, 2);
	day[8] = 0;
	const char *counter = strcmp(prefix, "HY") ? arena_printf(a, "%s%s", prefix, day) : day;
	int64_t seq;
	if (store_tracking_next(db, counter, &seq, e))
		return -1;
	*out = arena_printf(a, "%s%s-%04lld", prefix, day, (long long)seq);
	return 0;
}

void intake_token(char token[SECRET_TOKEN_LEN + 1], uint8_t hash[SECRET_HASH_LEN])
{
	secret_token(token);
	secret_hash(token, strlen(token), hash);
}

static bool phone_ok(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != '+' && *p != '-' && *p != ' ')
			return false;
	}
	return digits >= 5;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') &&
	       at[strlen(at) - 1] != '.';
}

int intake_check_contact(struct req *r, const char *phone, const char *email)
{
	if (phone && *phone && !phone_ok(phone))
		return err_invalid(&r->err, "submitter.phone",
				   "submitter.phone is not a phone number");
	if (email && *email && !email_ok(email))
		return err_invalid(&r->err, "submitter.email",
				   "submitter.email is not an email address");
	return 0;
}

/* ---- Idempotency-Key ---------------------------------------------------------------- */

/* The key that encrypts stored answers, derived from the audit key. */
static void cipher_key(const uint8_t *audit_key, uint8_t out[32])
{
	crypto_kdf_derive_from_key(out, 32, 1, "huiyinid", audit_key);
}

/* The stored answer to idem's key, read through db (see intake_idem_lookup). */
static int idem_find(struct req *r, struct db *db, const struct intake_idem *idem,
		     struct err *e)
{
	if (!idem->key)
		return 0;
	char since[CLOCK_ISO_LEN];
	clock_iso(clock_now() - IDEM_SECONDS, since);
	uint8_t hash[32], key[32];
	int status;
	const void *resp;
	size_t len;
	int rc = store_idem_get(db, idem->key, since, &r->arena, hash, &status, &resp, &len, e);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (memcmp(hash, idem->hash, 32))
		return err_set(e, 409, "idempotency_conflict", NULL,
			       "this Idempotency-Key was used with a different request");
	if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return err_internal(e, "stored answer is damaged");
	cipher_key(r->app->audit_key, key);
	size_t plain_len = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *plain = arena_alloc(&r->arena, plain_len + 1);
	const uint8_t *p = resp;
	if (crypto_secretbox_open_easy((uint8_t *)plain, p + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, p, key))
		return err_internal(e, "stored answer cannot be read");
	json_t *j = json_loadb(plain, plain_len, 0, NULL);
	sodium_memzero(plain, plain_len);
	if (!j)
		return err_internal(e, "stored answer is damaged");
	api_reply(r, status, j);
	return status;
}

int intake_idem_begin(struct req *r, const char *prefix, struct intake_idem *idem)
{
	const char *key = req_header(r, "Idempotency-Key");
	idem->key = NULL;
	if (!key)
		return 0;
	if (!*key || strlen(key) > 128)
		return err_invalid(&r->err, "Idempotency-Key",
				   "Idempotency-Key must be 1 to 128 characters");
	idem->key = arena_printf(&r->arena, "%s%s", prefix, key);
	char *canon = canonical_json(r->body);
	secret_hash(canon, strlen(canon), idem->hash);
	free(canon);
	return idem_find(r, r->rdb, idem, &r->err);
}

int intake_idem_lookup(struct req *r, struct db *db, const struct intake_idem *idem,
		       struct err *e)
{
	/* The key is held first. A request with the same key on another server sharing the
	 * database (a retry sent before the first answer came) is refused while this one is
	 * being written, and finds its answer afterwards: it never creates a second time. */
	bool mine = true;
	if (idem->key && store_lock_key(db, idem->key, &mine, e))
		return -1;
	if (!mine)
		return err_set(e, 409, "idempotency_in_progress", NULL,
			       "a request with this Idempotency-Key is still being handled; retry"
			       " in a moment");
	return idem_find(r, db, idem, e);
}

int intake_idem_store(struct req *r, struct db *db, const struct intake_idem *idem, int status,
		      struct err *e)
{
	if (!idem->key)
		return 0;
	char *text = json_dumps(r->out, JSON_COMPACT);
	size_t n = strlen(text);
	size_t len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	uint8_t *box = arena_alloc(&r->arena, len), key[32];
	cipher_key(r->app->audit_key, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const uint8_t *)text, n, box,
			      key);
	sodium_memzero(text, n);
	free(text);
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	return store_idem_put(db, idem->key, idem->hash, status, box, len, now, e);
}

/* ---- rate limits -------------------------------------------------------------------- */

int intake_rate_limited(struct req *r, const char *key, int max, int window_seconds,
			const char *code, const char *what)
{
	char window[CLOCK_ISO_LEN], first_at[24];
	int64_t count, now = clock_now();
	clock_iso(now - window_seconds, window);
	if (store_counter_get(r->rdb, key, window, &count, first_at, &r->err))
		return -1;
	if (count < max)
		return 0;
	int64_t first;
	r->retry_after =
		clock_parse_iso(first_at, &first) ? 60 : (int)(first + window_seconds - now);
	if (r->retry_after < 1)
		r->retry_after = 1;
	err_set(&r->err, 429, code, NULL, "%s; try again in %d seconds", what, r->retry_after);
	return 1;
}

int intake_submissions_limited(struct req *r, const char *key)
{
	return intake_rate_limited(r, key, r->app->cfg.submissions_per_hour, INTAKE_HOUR,
				   "too_many_submissions",
				   "too many submissions from this address");
}

int intake_rate_hit(struct db *db, const char *key, int64_t now, int window_seconds,
		    struct err *e)
{
	char at[CLOCK_ISO_LEN], window[CLOCK_ISO_LEN];
	clock_iso(now, at);
	clock_iso(now - window_seconds, window);
	return store_counter_hit(db, key, at, window, e);
}
