/* intake: tracking numbers, access tokens, Idempotency-Key and rate limits of public
 * submissions (see intake.h). */
#include "api/intake.h"
#include "api/admin_log.h"
#include "store/appeals.h"
#include "store/locks.h"
#include "store/notices.h"
#include "store/sessions.h"
#include "util/clock.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

/* Stored answers are kept this long. */
#define IDEM_SECONDS 86400

bool intake_token_ok(struct req *r, const uint8_t stored[SECRET_HASH_LEN])
{
	const char *token = req_header(r, "X-Access-Token");
	if (!token || !*token)
		return false;
	uint8_t hash[SECRET_HASH_LEN];
	secret_hash(token, strlen(token), hash);
	return !sodium_memcmp(hash, stored, SECRET_HASH_LEN);
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

bool intake_phone_ok(const char *phone)
{
	return phone_ok(phone);
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

/* A request's Idempotency-Key: key NULL when it sent none. */
struct intake_idem {
	const char *key;               /* the namespace + the header's value, in r's arena */
	uint8_t hash[SECRET_HASH_LEN]; /* of the canonical JSON body */
};

/* The first answer to a retried request, read through db: its status (> 0) with r->out
 * set to it; 0 when there is none (or idem->key is NULL); -1 with e set, 409
 * `idempotency_conflict` when the key came with another body. */
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

/* Reads the Idempotency-Key header into *idem under `space` + its value, and looks for
 * the first answer on the read connection (idem_find, without holding the key). */
static int idem_begin(struct req *r, const char *space, struct intake_idem *idem)
{
	const char *key = req_header(r, "Idempotency-Key");
	idem->key = NULL;
	if (!key)
		return 0;
	if (!*key || strlen(key) > 128)
		return err_invalid(&r->err, "Idempotency-Key",
				   "Idempotency-Key must be 1 to 128 characters");
	idem->key = arena_printf(&r->arena, "%s%s", space, key);
	/* The handler refuses a missing body; until then it hashes as empty. */
	const char *canon = canonical_json(&r->arena, r->body);
	if (!canon)
		canon = "";
	secret_hash(canon, strlen(canon), idem->hash);
	return idem_find(r, r->rdb, idem, &r->err);
}

/* idem_find in the write (db the writer's), holding the key first until the transaction
 * ends (store_lock_key), so two concurrent first requests cannot both create, on one
 * server or several sharing a database; 409 `idempotency_in_progress` when another
 * server's transaction holds it. */
static int idem_lookup(struct req *r, struct db *db, const struct intake_idem *idem, struct err *e)
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

/* Keeps r->out, encrypted, as the answer (with status) to idem->key, inside the write
 * that made it; nothing when idem->key is NULL. Returns 0 or -1 with e set. */
static int idem_store(struct req *r, struct db *db, const struct intake_idem *idem, int status,
                      struct err *e)
{
	if (!idem->key)
		return 0;
	char *text = jw_text(&r->arena, r->out);
	if (!text) /* an answer that is no JSON value is not kept, nor its write */
		return err_internal(e, "the answer could not be kept");
	size_t n = strlen(text);
	size_t len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	uint8_t *box = arena_alloc(&r->arena, len), key[32];
	cipher_key(r->app->audit_key, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const uint8_t *)text, n, box,
			      key);
	sodium_memzero(text, n); /* the access token */
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	return store_idem_put(db, idem->key, idem->hash, status, box, len, now, e);
}

/* ---- rate limits -------------------------------------------------------------------- */

int intake_rate_check(struct req *r, struct db *db, const struct intake_limit *lim,
                      enum intake_count how, int64_t *before, struct err *e)
{
	assert(lim->key && lim->max > 0 && lim->window_seconds > 0);
	char now_iso[CLOCK_ISO_LEN], window[CLOCK_ISO_LEN], first_at[24];
	int64_t hits, now = clock_now();
	clock_iso(now, now_iso);
	clock_iso(now - lim->window_seconds, window);
	int add = how == INTAKE_HIT;
	if (how == INTAKE_PEEK
	        ? store_counter_get(db, lim->key, window, &hits, first_at, e)
	        : store_counter_take(db, lim->key, add, now_iso, window, &hits, first_at, e))
		return -1;
	hits -= add; /* the hits before this request */
	if (before)
		*before = hits;
	if (hits < lim->max)
		return 0;
	int64_t first;
	r->retry_after =
	    clock_parse_iso(first_at, &first) ? 60 : (int)(first + lim->window_seconds - now);
	if (r->retry_after < 1)
		r->retry_after = 1;
	return err_set(e, 429, lim->code, NULL, "%s; try again in %d seconds", lim->what,
	               r->retry_after);
}

/* Each counter: its key's prefix, its Idempotency-Key namespace, its setting and refusal. */
static const struct {
	const char *prefix, *idem_space;
	bool uploads; /* intake.uploads_per_hour, else intake.submissions_per_hour */
	const char *code, *what;
} counters[INTAKE_COUNTER__MAX] = {
    [INTAKE_SUBMIT] = {"submit", "", false, "too_many_submissions",
                       "too many submissions from this address"},
    [INTAKE_NEED] = {"need", "need:", false, "too_many_submissions",
                     "too many submissions from this address"},
    [INTAKE_UPLOAD] = {"upload", "upload:", true, "too_many_uploads",
                       "too many uploads from this address"},
};

/* The claims intake_admit() found for the write part. */
struct intake_claim {
	struct intake_idem idem;   /* key NULL: no Idempotency-Key */
	struct intake_limit limit; /* key NULL: not counted (staff, or no counter) */
};

int intake_admit(struct req *r, bool idempotent, enum intake_counter counter)
{
	assert(counter >= INTAKE_NO_LIMIT && counter < INTAKE_COUNTER__MAX);
	assert(!idempotent || counter != INTAKE_NO_LIMIT); /* the key's namespace */
	bool limited = counter != INTAKE_NO_LIMIT && !r->auth.user_id;
	if (!idempotent && !limited)
		return 0;
	struct intake_claim *c = arena_alloc(&r->arena, sizeof *c);
	if (idempotent) {
		int rc = idem_begin(r, counters[counter].idem_space, &c->idem);
		if (rc)
			return rc;
	}
	if (limited) {
		c->limit = (struct intake_limit){
		    .key = arena_printf(&r->arena, "%s:%s", counters[counter].prefix,
		                        r->client_addr ? r->client_addr : ""),
		    .max = counters[counter].uploads ? r->app->cfg.uploads_per_hour
		                                     : r->app->cfg.submissions_per_hour,
		    .window_seconds = INTAKE_HOUR,
		    .code = counters[counter].code,
		    .what = counters[counter].what,
		};
		if (intake_rate_check(r, r->rdb, &c->limit, INTAKE_PEEK, NULL, &r->err))
			return -1;
	}
	r->claim = c;
	return 0;
}

int intake_write(struct db *db, struct req *r, struct err *e)
{
	assert(r->write_fn);
	const struct intake_claim *c = r->claim;
	if (c) {
		int rc = idem_lookup(r, db, &c->idem, e);
		if (rc)
			return rc;
		/* Counted before anything is written (no tracking number or file is used up by
		 * a refusal), and rolled back with the job if a later step fails. */
		if (c->limit.key && intake_rate_check(r, db, &c->limit, INTAKE_HIT, NULL, e))
			return -1;
	}
	int status = r->write_fn(db, r, e);
	if (c && status >= 200 && status < 300 && idem_store(r, db, &c->idem, status, e))
		return -1;
	return status;
}

static void track_limit(struct req *r, struct intake_limit *out)
{
	*out = (struct intake_limit){
	    .key = arena_printf(&r->arena, "track:%s", r->client_addr ? r->client_addr : ""),
	    .max = r->app->cfg.wrong_tokens_per_hour,
	    .window_seconds = INTAKE_HOUR,
	    .code = "too_many_attempts",
	    .what = "too many wrong tracking numbers or access tokens from this address",
	};
}

/* One body for every refusal, so that nothing tells a known number from an unknown one. */
int intake_track_not_found(struct err *e)
{
	return err_set(e, 404, "not_found", NULL,
	               "no case has this tracking number and access token");
}

static int track_refused_write(struct db *db, struct req *r, struct err *e)
{
	struct intake_limit lim;
	track_limit(r, &lim);
	if (intake_rate_check(r, db, &lim, INTAKE_HIT, NULL, e))
		return -1;
	intake_track_not_found(&r->err);
	return 404; /* committed: the hit counts */
}

int intake_track_refused(struct req *r)
{
	struct intake_limit lim;
	track_limit(r, &lim);
	if (intake_rate_check(r, r->rdb, &lim, INTAKE_PEEK, NULL, &r->err))
		return -1;
	return api_write(r, track_refused_write, NULL);
}
