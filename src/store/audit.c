/* audit: hash chains over events, signed heads and rows, checkpoints of the subjects
 * (see audit.h).
 *
 * Every MAC here is HMAC-SHA256 with the audit key over a length-prefixed layout that
 * starts with a tag ("head", "row", "subject", "anchor"): an event's hash starts with the
 * length of the previous hash (0 or 32), a tag's length is neither, so no MAC input of one
 * sort is ever that of another. */
#include "store/audit.h"
#include "store/writer.h"
#include "util/arena.h"
#include "util/log.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The columns of a subject's row that are its state, signed in row_mac. Not the org
 * paths (place_path, lead_path, org_path, owner_path): moving an org rewrites them. Not
 * version and updated_at (bookkeeping), nor personal data (in persons). */
#define APPEAL_COLS                                                                                \
	"tracking_no, channel, category, tier, urgency, title, description, submitter_type,"       \
	" submitter_org_id, person_id, created_by, community_id, address, publishable,"            \
	" status, closed_as, proposed_org_id, lead_org_id, merged_into, accept_due, ack_due,"      \
	" contact_due, answer_due, accepted_at, dispatched_at, acknowledged_at, contacted_at,"     \
	" replied_at, closed_at, suspended_at, status_before_suspend, overdue_steps,"              \
	" extension_days, reply, outcome, rating, rating_comment, rated_at,"                       \
	" unsatisfied_count, callback_rating, published, public_title, public_description,"        \
	" public_reply, created_at"
#define NEED_COLS                                                                                  \
	"tracking_no, source, title, description, category, community_id, address,"                \
	" beneficiaries_who, beneficiaries_count, wanted_by, urgency, status, close_reason,"       \
	" person_id, created_by, appeal_id, whistled_at, created_at"
#define RESOURCE_COLS                                                                              \
	"title, description, kind, category, org_id, quantity, unit, committed,"                   \
	" available_from, available_to, weekly_hours, place, status, created_by, created_at"
#define PROJECT_COLS                                                                               \
	"title, description, owner_org_id, status, started_at, completed_at,"                      \
	" beneficiaries_reached, outcome_summary, rating, rating_comment, evaluated_at,"           \
	" evaluated_by, created_by, created_at"
/* Not lat and lng: a REAL reads back differently on the two databases, so `huiyin copy`
 * would break the MAC (as for appeals). */
#define ROOM_COLS                                                                                  \
	"community_id, name, address, photo_id, phone, hours, open_on_holidays,"                   \
	" officials_per_slot, swap_needs_approval, status, created_by, created_at"

/* The head query's columns before the audited ones. */
enum { H_COUNT, H_HASH, H_HEAD_MAC, H_ROW_MAC, H_COLS };

/* The queries of one kind of chained subject: its row (head, MACs, audited columns), its
 * events table (parent key, seq, type, actor_kind, actor_id, public, data, created_at,
 * hash) and its checkpoint row. */
struct chain {
	const char *name; /* also the chain of its checkpoint row in audit_heads */
	struct db_query head, head_read, insert, set_head, ids, events;
};

/* A chain's head is read to be moved on: on PostgreSQL the row is locked for that, so two
 * servers appending to one chain at once take turns instead of both linking to the same
 * head (SQLite has one writer at a time already). */
#define HEAD_QUERY(text) DB_QUERY2(text, text " FOR UPDATE")

#define HEAD_SQL(tbl, cols)                                                                        \
	"SELECT event_count, head_hash, head_mac, row_mac, " cols " FROM " tbl " WHERE id = ?1"

#define CHAIN(label, tbl, evtbl, fk, cols)                                                         \
	{                                                                                          \
		label, HEAD_QUERY(HEAD_SQL(tbl, cols)), DB_QUERY(HEAD_SQL(tbl, cols)),             \
		    DB_QUERY("INSERT INTO " evtbl " (" fk ", seq, type, actor_kind, actor_id,"     \
		             " public, data, created_at, hash)"                                    \
		             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),                      \
		    DB_QUERY("UPDATE " tbl " SET event_count = ?2, head_hash = ?3, head_mac = ?4," \
		             " row_mac = ?5 WHERE id = ?1"),                                       \
		    DB_QUERY("SELECT id FROM " tbl " WHERE id > ?1 ORDER BY id LIMIT 500"),        \
		    DB_QUERY("SELECT seq, type, actor_kind, actor_id, public, data, created_at,"   \
		             " hash FROM " evtbl " WHERE " fk " = ?1 ORDER BY seq")                \
	}

/* Every kind of chained subject, indexed by enum audit_chain. */
static struct chain chains[AUDIT_CHAIN__MAX] = {
    [AUDIT_APPEAL] = CHAIN("appeal", "appeals", "appeal_events", "appeal_id", APPEAL_COLS),
    [AUDIT_NEED] = CHAIN("need", "needs", "need_events", "need_id", NEED_COLS),
    [AUDIT_RESOURCE] =
        CHAIN("resource", "resources", "resource_events", "resource_id", RESOURCE_COLS),
    [AUDIT_PROJECT] = CHAIN("project", "projects", "project_events", "project_id", PROJECT_COLS),
    [AUDIT_ROOM] = CHAIN("room", "rooms", "room_events", "room_id", ROOM_COLS),
};

/* audit_heads rows: the admin chain's head and each kind's checkpoint. */
#define HEADS_SQL "SELECT event_count, head_hash, head_mac FROM audit_heads WHERE chain = ?1"
static struct db_query q_heads_lock = HEAD_QUERY(HEADS_SQL);
static struct db_query q_heads_read = DB_QUERY(HEADS_SQL);
static struct db_query q_heads_set = DB_QUERY(
    "UPDATE audit_heads SET event_count = ?2, head_hash = ?3, head_mac = ?4 WHERE chain = ?1");
static struct db_query q_admin_insert =
    DB_QUERY("INSERT INTO admin_events (seq, type, actor_id, data, created_at, hash)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
static struct db_query q_admin_events =
    DB_QUERY("SELECT seq, type, 'staff', actor_id, 0, data, created_at, hash"
             " FROM admin_events ORDER BY seq");

int audit_key_load(const char *data_dir, uint8_t key[AUDIT_KEY_LEN], struct err *e)
{
	char path[1100], hex[80];
	snprintf(path, sizeof path, "%s/audit.key", data_dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, 500, "audit_key", NULL, "cannot read %s: %s (run huiyin init)",
		               path, strerror(errno));
	size_t n = fread(hex, 1, sizeof hex - 1, f);
	fclose(f);
	hex[n] = 0;
	size_t len;
	if (sodium_hex2bin(key, AUDIT_KEY_LEN, hex, n, "\n\r ", &len, NULL) || len != AUDIT_KEY_LEN)
		return err_set(e, 500, "audit_key", NULL, "%s must hold 64 hex characters", path);
	return 0;
}

/* ---- MACs ------------------------------------------------------------------------- */

static void put_u64(crypto_auth_hmacsha256_state *st, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	crypto_auth_hmacsha256_update(st, b, 8);
}

static void put_str(crypto_auth_hmacsha256_state *st, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_u64(st, n);
	if (n)
		crypto_auth_hmacsha256_update(st, (const unsigned char *)s, n);
}

static void put_bytes(crypto_auth_hmacsha256_state *st, const uint8_t *p, size_t n)
{
	put_u64(st, n);
	if (n)
		crypto_auth_hmacsha256_update(st, p, n);
}

/* HMAC over prev || parent || seq || type || actor_kind || actor_id || public || data ||
 * created_at, each length-prefixed or fixed-width, so no two events share an input. */
static void event_hash(const uint8_t key[AUDIT_KEY_LEN], const uint8_t *prev, size_t prev_len,
                       const struct audit_event *ev, uint8_t out[AUDIT_HASH_LEN])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, AUDIT_KEY_LEN);
	put_bytes(&st, prev, prev_len);
	put_u64(&st, (uint64_t)ev->parent_id);
	put_u64(&st, (uint64_t)ev->seq);
	put_str(&st, ev->type);
	put_str(&st, ev->actor_kind);
	put_u64(&st, (uint64_t)ev->actor_id);
	put_u64(&st, ev->public ? 1 : 0);
	put_str(&st, ev->data);
	put_str(&st, ev->created_at);
	crypto_auth_hmacsha256_final(&st, out);
}

/* Starts a MAC of the given sort over a chain's place: tag || kind || id || count ||
 * head hash. */
static void mac_start(crypto_auth_hmacsha256_state *st, const uint8_t key[AUDIT_KEY_LEN],
                      const char *tag, const char *kind, int64_t id, int64_t count,
                      const uint8_t *head, size_t head_len)
{
	crypto_auth_hmacsha256_init(st, key, AUDIT_KEY_LEN);
	put_str(st, tag);
	put_str(st, kind);
	put_u64(st, (uint64_t)id);
	put_u64(st, (uint64_t)count);
	put_bytes(st, head, head_len);
}

/* head_mac of a chain: kind "admin" with id 0 for the admin chain. */
static void mac_head(const uint8_t key[AUDIT_KEY_LEN], const char *kind, int64_t id, int64_t count,
                     const uint8_t *head, size_t head_len, uint8_t out[AUDIT_HASH_LEN])
{
	crypto_auth_hmacsha256_state st;
	mac_start(&st, key, "head", kind, id, count, head, head_len);
	crypto_auth_hmacsha256_final(&st, out);
}

/* row_mac of a subject: its place in the chain and the audited columns of the current row
 * of st (columns H_COLS on), each as a NULL flag and its text. */
static void mac_row(const uint8_t key[AUDIT_KEY_LEN], const char *kind, int64_t id, int64_t count,
                    const uint8_t *head, size_t head_len, struct db_stmt *st,
                    uint8_t out[AUDIT_HASH_LEN])
{
	crypto_auth_hmacsha256_state hs;
	mac_start(&hs, key, "row", kind, id, count, head, head_len);
	int n = db_col_count(st);
	put_u64(&hs, (uint64_t)(n - H_COLS));
	for (int i = H_COLS; i < n; i++) {
		bool null = db_col_null(st, i);
		put_u64(&hs, null ? 0 : 1);
		if (!null)
			put_str(&hs, db_col_text(st, i));
	}
	crypto_auth_hmacsha256_final(&hs, out);
}

/* The keyed tag of one subject at its event count, XORed into its kind's checkpoint. */
static void subject_tag(const uint8_t key[AUDIT_KEY_LEN], const char *kind, int64_t id,
                        int64_t count, uint8_t out[AUDIT_HASH_LEN])
{
	crypto_auth_hmacsha256_state st;
	mac_start(&st, key, "subject", kind, id, count, NULL, 0);
	crypto_auth_hmacsha256_final(&st, out);
}

static void xor_into(uint8_t acc[AUDIT_HASH_LEN], const uint8_t t[AUDIT_HASH_LEN])
{
	for (int i = 0; i < AUDIT_HASH_LEN; i++)
		acc[i] ^= t[i];
}

static bool mac_equal(const uint8_t *stored, size_t n, const uint8_t want[AUDIT_HASH_LEN])
{
	return n == AUDIT_HASH_LEN && sodium_memcmp(stored, want, AUDIT_HASH_LEN) == 0;
}

/* ---- reading heads ---------------------------------------------------------------- */

/* A head as read: count, last hash and MAC (lengths 0 when NULL). */
struct head {
	int64_t count;
	uint8_t hash[AUDIT_HASH_LEN], mac[AUDIT_HASH_LEN], row_mac[AUDIT_HASH_LEN];
	size_t hash_len, mac_len, row_mac_len;
};

static size_t read_blob(struct db_stmt *st, int col, uint8_t out[AUDIT_HASH_LEN])
{
	size_t n = 0;
	const void *p = db_col_blob(st, col, &n);
	if (!p || n != AUDIT_HASH_LEN)
		return 0;
	memcpy(out, p, n);
	return n;
}

/* Steps st to its one row and reads (count, hash, mac[, row_mac]) from its first
 * columns; the row stays current (the caller resets st). */
static int step_head(struct db_stmt *st, bool with_row, struct head *h, struct err *e)
{
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		return rc < 0 ? err_internal(e, "database error") : err_not_found(e, "chain");
	}
	h->count = db_col_int64(st, H_COUNT);
	h->hash_len = read_blob(st, H_HASH, h->hash);
	h->mac_len = read_blob(st, H_HEAD_MAC, h->mac);
	h->row_mac_len = with_row ? read_blob(st, H_ROW_MAC, h->row_mac) : 0;
	return 0;
}

/* Whether a head is what the key signed (a subject's row before its first event has no
 * head and no MAC yet). */
static bool head_sound(const uint8_t key[AUDIT_KEY_LEN], const char *kind, int64_t id,
                       const struct head *h, bool may_be_new)
{
	if (may_be_new && h->count == 0 && !h->hash_len && !h->mac_len)
		return true;
	uint8_t want[AUDIT_HASH_LEN];
	mac_head(key, kind, id, h->count, h->hash, h->hash_len, want);
	return mac_equal(h->mac, h->mac_len, want);
}

/* The checkpoint MAC: tag "anchor", the kind, the number of subjects and their XOR. */
static void mac_anchor(const uint8_t key[AUDIT_KEY_LEN], const char *kind, const struct head *h,
                       uint8_t out[AUDIT_HASH_LEN])
{
	crypto_auth_hmacsha256_state st;
	mac_start(&st, key, "anchor", kind, 0, h->count, h->hash, AUDIT_HASH_LEN);
	crypto_auth_hmacsha256_final(&st, out);
}

/* Reads an audit_heads row (locked for writing on PostgreSQL when `lock`). A checkpoint's
 * XOR reads as zeros while it is NULL. */
static int heads_get(struct db *db, const char *chain, bool lock, struct head *h, struct err *e)
{
	struct db_stmt *st = db_prepare(db, lock ? &q_heads_lock : &q_heads_read, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, chain);
	memset(h, 0, sizeof *h);
	if (step_head(st, false, h, e))
		return -1;
	db_reset(st);
	return 0;
}

/* Binds a head as parameters 2 (count), 3 (hash) and 4 (MAC), NULL for an empty one. */
static void bind_head(struct db_stmt *st, const struct head *h)
{
	db_bind_int64(st, 2, h->count);
	if (h->hash_len)
		db_bind_blob(st, 3, h->hash, h->hash_len);
	else
		db_bind_null(st, 3);
	if (h->mac_len)
		db_bind_blob(st, 4, h->mac, h->mac_len);
	else
		db_bind_null(st, 4);
}

static int heads_set(struct db *db, const char *chain, const struct head *h, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_heads_set, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, chain);
	bind_head(st, h);
	return db_run(st, e, db);
}

static bool anchor_sound(const uint8_t key[AUDIT_KEY_LEN], const char *kind, const struct head *h)
{
	uint8_t want[AUDIT_HASH_LEN];
	mac_anchor(key, kind, h, want);
	return mac_equal(h->mac, h->mac_len, want);
}

/* ---- appending -------------------------------------------------------------------- */

/* What one append changes in its kind's checkpoint: the subject's tag at its old count
 * out, at its new count in; and one subject more for a first event. */
struct anchor_item {
	enum audit_chain kind;
	bool created;
	uint8_t delta[AUDIT_HASH_LEN];
};

/* A batch's appends move their checkpoints: one locked read and one update per kind,
 * kinds in a fixed order (so two servers lock them in the same order). A checkpoint that
 * no longer holds keeps its bad MAC. */
static int anchors_add(struct db *db, const void *ctx, const void *const *items, int n,
                       struct err *e)
{
	const uint8_t *key = ctx;
	int64_t count[AUDIT_CHAIN__MAX] = {0};
	bool moved[AUDIT_CHAIN__MAX] = {false};
	uint8_t acc[AUDIT_CHAIN__MAX][AUDIT_HASH_LEN];
	memset(acc, 0, sizeof acc);
	for (int i = 0; i < n; i++) {
		const struct anchor_item *it = items[i];
		xor_into(acc[it->kind], it->delta);
		count[it->kind] += it->created;
		moved[it->kind] = true;
	}
	for (int k = 0; k < AUDIT_CHAIN__MAX; k++) {
		if (!moved[k])
			continue;
		struct head h;
		if (heads_get(db, chains[k].name, true, &h, e))
			return -1;
		bool sound = anchor_sound(key, chains[k].name, &h);
		if (!sound)
			log_msg(LOG_WARN,
			        "audit: the %s checkpoint does not hold; it stays unsigned "
			        "for audit verify to report",
			        chains[k].name);
		h.count += count[k];
		xor_into(h.hash, acc[k]);
		h.hash_len = AUDIT_HASH_LEN;
		if (sound) {
			mac_anchor(key, chains[k].name, &h, h.mac);
			h.mac_len = AUDIT_HASH_LEN;
		}
		if (heads_set(db, chains[k].name, &h, e))
			return -1;
	}
	return 0;
}

static int insert_event(struct db *db, struct chain *c, const struct audit_event *ev,
                        const uint8_t hash[AUDIT_HASH_LEN], struct err *e)
{
	struct db_stmt *st = db_prepare(db, &c->insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, ev->parent_id);
	db_bind_int64(st, 2, ev->seq);
	db_bind_text(st, 3, ev->type);
	db_bind_text(st, 4, ev->actor_kind);
	db_bind_id(st, 5, ev->actor_id);
	db_bind_int64(st, 6, ev->public);
	db_bind_text(st, 7, ev->data);
	db_bind_text(st, 8, ev->created_at);
	db_bind_blob(st, 9, hash, AUDIT_HASH_LEN);
	return db_run(st, e, db);
}

static int set_head(struct db *db, struct chain *c, int64_t id, const struct head *h, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &c->set_head, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	bind_head(st, h);
	db_bind_blob(st, 5, h->row_mac, AUDIT_HASH_LEN);
	return db_run(st, e, db);
}

int audit_append(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
                 struct audit_event *ev, struct err *e)
{
	assert(kind >= 0 && kind < AUDIT_CHAIN__MAX && ev->parent_id > 0);
	struct chain *c = &chains[kind];
	struct head h;
	struct db_stmt *st = db_prepare(db, &c->head, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, ev->parent_id);
	if (step_head(st, true, &h, e))
		return -1;
	bool sound = head_sound(key, c->name, ev->parent_id, &h, true);
	struct anchor_item item = {.kind = kind, .created = h.count == 0};
	if (h.count)
		subject_tag(key, c->name, ev->parent_id, h.count, item.delta);
	uint8_t tag[AUDIT_HASH_LEN];
	subject_tag(key, c->name, ev->parent_id, h.count + 1, tag);
	xor_into(item.delta, tag);
	ev->seq = h.count + 1;
	uint8_t hash[AUDIT_HASH_LEN];
	event_hash(key, h.hash, h.hash_len, ev, hash);
	h.count = ev->seq;
	memcpy(h.hash, hash, sizeof hash);
	h.hash_len = sizeof hash;
	/* The row as the caller's change left it, at the new head. */
	mac_row(key, c->name, ev->parent_id, h.count, h.hash, h.hash_len, st, h.row_mac);
	db_reset(st);
	if (sound) {
		mac_head(key, c->name, ev->parent_id, h.count, h.hash, h.hash_len, h.mac);
		h.mac_len = AUDIT_HASH_LEN;
	} else {
		log_msg(LOG_WARN,
		        "audit: the head of %s %lld does not hold; it stays unsigned for "
		        "audit verify to report",
		        c->name, (long long)ev->parent_id);
	}
	if (insert_event(db, c, ev, hash, e) || set_head(db, c, ev->parent_id, &h, e))
		return -1;
	return writer_gather(db, anchors_add, key, &item, sizeof item, e);
}

int audit_append_appeal(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct audit_event *ev,
                        struct err *e)
{
	return audit_append(db, key, AUDIT_APPEAL, ev, e);
}

int audit_append_admin(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct audit_event *ev,
                       struct err *e)
{
	struct head h;
	if (heads_get(db, "admin", true, &h, e))
		return -1;
	bool sound = head_sound(key, "admin", 0, &h, false);
	ev->parent_id = 0;
	ev->actor_kind = "staff";
	ev->public = false;
	ev->seq = h.count + 1;
	uint8_t hash[AUDIT_HASH_LEN];
	event_hash(key, h.hash, h.hash_len, ev, hash);
	struct db_stmt *st = db_prepare(db, &q_admin_insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, ev->seq);
	db_bind_text(st, 2, ev->type);
	db_bind_id(st, 3, ev->actor_id);
	db_bind_text(st, 4, ev->data);
	db_bind_text(st, 5, ev->created_at);
	db_bind_blob(st, 6, hash, sizeof hash);
	if (db_run(st, e, db))
		return -1;
	h.count = ev->seq;
	memcpy(h.hash, hash, sizeof hash);
	h.hash_len = sizeof hash;
	if (sound) {
		mac_head(key, "admin", 0, h.count, h.hash, h.hash_len, h.mac);
		h.mac_len = AUDIT_HASH_LEN;
	} else {
		log_msg(LOG_WARN, "audit: the admin log's head does not hold; it stays unsigned "
		                  "for audit verify to report");
	}
	return heads_set(db, "admin", &h, e);
}

int audit_admin_head(struct db *db, int64_t *count, uint8_t head[AUDIT_HASH_LEN], size_t *head_len,
                     struct err *e)
{
	struct head h;
	if (heads_get(db, "admin", false, &h, e))
		return -1;
	*count = h.count;
	*head_len = h.hash_len;
	memcpy(head, h.hash, h.hash_len);
	return 0;
}

/* ---- signing what is there (migration 0007) ---------------------------------------- */

/* The next up to 500 subject ids after `after`; *n gets their number. */
static int next_ids(struct db *db, struct chain *c, int64_t after, int64_t ids[500], int *n,
                    struct err *e)
{
	struct db_stmt *st = db_prepare(db, &c->ids, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, after);
	int rc = DB_DONE;
	*n = 0;
	while (*n < 500 && (rc = db_step(st)) == DB_ROW)
		ids[(*n)++] = db_col_int64(st, 0);
	db_reset(st);
	return rc < 0 ? err_internal(e, "database error") : 0;
}

/* Calls fn for every subject of a kind in id order (fn gives the subject's event count),
 * and makes its checkpoint as it should be (the number of subjects and the XOR of their
 * tags) in *found. Stops at the first non-zero answer of fn and returns it; -1 on a
 * database error. */
static int each_subject(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
                        int (*fn)(struct db *db, enum audit_chain kind, int64_t id, void *arg,
                                  int64_t *count),
                        void *arg, struct head *found, struct err *e)
{
	struct chain *c = &chains[kind];
	memset(found, 0, sizeof *found);
	found->hash_len = AUDIT_HASH_LEN;
	int64_t ids[500], after = 0;
	int n;
	do {
		if (next_ids(db, c, after, ids, &n, e))
			return -1;
		for (int i = 0; i < n; i++) {
			int64_t count = 0;
			int v = fn(db, kind, ids[i], arg, &count);
			if (v)
				return v;
			uint8_t tag[AUDIT_HASH_LEN];
			subject_tag(key, c->name, ids[i], count, tag);
			xor_into(found->hash, tag);
			found->count++;
		}
		if (n)
			after = ids[n - 1];
	} while (n == 500);
	return 0;
}

struct sign_arg {
	const uint8_t *key;
	struct err *e;
};

/* Signs one subject's head and row as they are. */
static int sign_subject(struct db *db, enum audit_chain kind, int64_t id, void *arg, int64_t *count)
{
	struct sign_arg *sa = arg;
	struct chain *c = &chains[kind];
	struct db_stmt *st = db_prepare(db, &c->head_read, sa->e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	struct head h;
	if (step_head(st, true, &h, sa->e))
		return -1;
	mac_row(sa->key, c->name, id, h.count, h.hash, h.hash_len, st, h.row_mac);
	db_reset(st);
	*count = h.count;
	mac_head(sa->key, c->name, id, h.count, h.hash, h.hash_len, h.mac);
	h.mac_len = AUDIT_HASH_LEN;
	return set_head(db, c, id, &h, sa->e);
}

int audit_sign_all(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct err *e)
{
	struct sign_arg sa = {key, e};
	/* The kinds that migration 0007 found; a later kind's migration signs its new
	 * checkpoint (audit_sign_checkpoint), its tables do not exist yet here. */
	for (int k = 0; k <= AUDIT_PROJECT; k++) {
		struct head anchor;
		if (each_subject(db, key, (enum audit_chain)k, sign_subject, &sa, &anchor, e))
			return -1;
		mac_anchor(key, chains[k].name, &anchor, anchor.mac);
		anchor.mac_len = AUDIT_HASH_LEN;
		if (heads_set(db, chains[k].name, &anchor, e))
			return -1;
	}
	struct head h;
	if (heads_get(db, "admin", false, &h, e))
		return -1;
	mac_head(key, "admin", 0, h.count, h.hash, h.hash_len, h.mac);
	h.mac_len = AUDIT_HASH_LEN;
	return heads_set(db, "admin", &h, e);
}

int audit_sign_checkpoint(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
                          struct err *e)
{
	assert(kind >= 0 && kind < AUDIT_CHAIN__MAX);
	struct head h;
	if (heads_get(db, chains[kind].name, false, &h, e))
		return -1;
	if (h.count || h.hash_len || h.mac_len)
		return err_set(e, 500, "audit_checkpoint", NULL,
		               "the %s checkpoint is not new; it is not signed again",
		               chains[kind].name);
	h.hash_len = AUDIT_HASH_LEN; /* zeros: the XOR of no subject */
	mac_anchor(key, chains[kind].name, &h, h.mac);
	h.mac_len = AUDIT_HASH_LEN;
	return heads_set(db, chains[kind].name, &h, e);
}

/* ---- verifying -------------------------------------------------------------------- */

/* What verifying one subject collects for the replay check, in its own arena. */
struct collected {
	struct arena ar;
	const char **types, **data;
	int n, cap;
};

static void collect(struct collected *col, const char *type, const char *data)
{
	if (col->n == col->cap) {
		int cap = col->cap ? col->cap * 2 : 32;
		const char **t = arena_alloc(&col->ar, sizeof *t * (size_t)cap);
		const char **d = arena_alloc(&col->ar, sizeof *d * (size_t)cap);
		if (col->n) {
			memcpy(t, col->types, sizeof *t * (size_t)col->n);
			memcpy(d, col->data, sizeof *d * (size_t)col->n);
		}
		col->types = t;
		col->data = d;
		col->cap = cap;
	}
	col->types[col->n] = arena_strdup(&col->ar, type);
	col->data[col->n] = arena_strdup(&col->ar, data);
	col->n++;
}

/* Walks one chain from its query; compares with the recorded count and head. Collects
 * each event's type and data when `col` is given. Returns 0 when it holds, 1 (with
 * report) when broken, -1 on error. */
static int verify_chain(const uint8_t key[AUDIT_KEY_LEN], struct db_stmt *st, const char *name,
                        int64_t parent_id, const struct head *h, struct collected *col,
                        char *report, size_t cap, int64_t *checked)
{
	uint8_t prev[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
	size_t prev_len = 0;
	int64_t expect = 1;
	int rc, broken = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		(*checked)++;
		struct audit_event ev = {
		    .parent_id = parent_id,
		    .seq = db_col_int64(st, 0),
		    .type = db_col_text(st, 1),
		    .actor_kind = db_col_text(st, 2),
		    .actor_id = db_col_null(st, 3) ? 0 : db_col_int64(st, 3),
		    .public = db_col_int64(st, 4) != 0,
		    .data = db_col_text(st, 5),
		    .created_at = db_col_text(st, 6),
		};
		size_t n = 0;
		const void *stored = db_col_blob(st, 7, &n);
		if (ev.seq != expect) {
			snprintf(report, cap, "%s: event %lld is missing", name, (long long)expect);
			broken = 1;
			break;
		}
		event_hash(key, prev, prev_len, &ev, hash);
		if (n != AUDIT_HASH_LEN || memcmp(hash, stored, n) != 0) {
			snprintf(report, cap, "%s: event %lld (%s) does not match its hash", name,
			         (long long)ev.seq, ev.type);
			broken = 1;
			break;
		}
		if (col)
			collect(col, ev.type, ev.data);
		memcpy(prev, hash, sizeof hash);
		prev_len = sizeof hash;
		expect++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (broken)
		return 1;
	if (expect - 1 != h->count || prev_len != h->hash_len ||
	    (prev_len && memcmp(prev, h->hash, prev_len) != 0)) {
		snprintf(report, cap,
		         "%s: %lld events recorded but %lld found; the last event is "
		         "missing or the head was changed",
		         name, (long long)h->count, (long long)(expect - 1));
		return 1;
	}
	return 0;
}

/* The head's own MAC: unsigned (NULL) and rewritten are told apart. */
static int check_head_mac(const uint8_t key[AUDIT_KEY_LEN], const char *kind, int64_t id,
                          const struct head *h, const char *name, char *report, size_t cap)
{
	if (!h->mac_len) {
		snprintf(report, cap,
		         "%s: its head is not signed (a head from before migration "
		         "0007 that was never signed, or one reset without the key)",
		         name);
		return 1;
	}
	if (!head_sound(key, kind, id, h, false)) {
		snprintf(report, cap,
		         "%s: its head (event count and last hash) was rewritten "
		         "without the key: events were cut off or the head was reset",
		         name);
		return 1;
	}
	return 0;
}

/* Verifies one subject: its chain, its head's MAC, what its events say of its row, and
 * the row's MAC. *count gets the event count its head records. */
static int verify_subject(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
                          int64_t id, audit_replay_fn replay, char *report, size_t cap,
                          int64_t *checked, int64_t *count, struct err *e)
{
	struct chain *c = &chains[kind];
	char name[64];
	snprintf(name, sizeof name, "%s %lld", c->name, (long long)id);
	struct db_stmt *st = db_prepare(db, &c->head_read, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	struct head h;
	if (step_head(st, true, &h, e))
		return -1;
	*count = h.count;
	uint8_t want_row[AUDIT_HASH_LEN];
	mac_row(key, c->name, id, h.count, h.hash, h.hash_len, st, want_row);
	struct collected col = {0};
	arena_init(&col.ar);
	int n_cols = db_col_count(st) - H_COLS;
	const char **cols = arena_alloc(&col.ar, sizeof *cols * (size_t)n_cols);
	const char **values = arena_alloc(&col.ar, sizeof *values * (size_t)n_cols);
	for (int i = 0; i < n_cols; i++) {
		cols[i] = arena_strdup(&col.ar, db_col_name(st, H_COLS + i));
		values[i] = db_col_null(st, H_COLS + i)
		                ? NULL
		                : arena_strdup(&col.ar, db_col_text(st, H_COLS + i));
	}
	db_reset(st);
	int v;
	st = db_prepare(db, &c->events, e);
	if (!st) {
		v = -1;
		goto out;
	}
	db_bind_int64(st, 1, id);
	v = verify_chain(key, st, name, id, &h, replay ? &col : NULL, report, cap, checked);
	if (v < 0) {
		err_internal(e, "database error");
		goto out;
	}
	if (v)
		goto out;
	v = 1;
	if (!h.count) {
		snprintf(report, cap, "%s: has no events (its first event was removed)", name);
		goto out;
	}
	if (check_head_mac(key, c->name, id, &h, name, report, cap))
		goto out;
	struct audit_subject s = {.kind = kind,
	                          .id = id,
	                          .name = name,
	                          .n_events = col.n,
	                          .types = col.types,
	                          .data = col.data,
	                          .n_cols = n_cols,
	                          .cols = cols,
	                          .values = values};
	if (replay && replay(&s, report, cap))
		goto out;
	if (!mac_equal(h.row_mac, h.row_mac_len, want_row)) {
		snprintf(report, cap,
		         "%s: its row was changed outside its events (the audited "
		         "fields do not match the signed head)",
		         name);
		goto out;
	}
	v = 0;
out:
	arena_free(&col.ar);
	return v;
}

struct verify_arg {
	const uint8_t *key;
	audit_replay_fn replay;
	char *report;
	size_t cap;
	int64_t *checked;
	struct err *e;
};

static int verify_one(struct db *db, enum audit_chain kind, int64_t id, void *arg, int64_t *count)
{
	struct verify_arg *va = arg;
	return verify_subject(db, va->key, kind, id, va->replay, va->report, va->cap, va->checked,
	                      count, va->e);
}

/* Verifies every subject of one kind and the kind's checkpoint: the number of subjects
 * and the XOR of their tags. */
static int verify_kind(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
                       audit_replay_fn replay, char *report, size_t cap, int64_t *checked,
                       struct err *e)
{
	struct chain *c = &chains[kind];
	struct verify_arg va = {key, replay, report, cap, checked, e};
	struct head found;
	int v = each_subject(db, key, kind, verify_one, &va, &found, e);
	if (v)
		return v;
	struct head anchor;
	if (heads_get(db, c->name, false, &anchor, e))
		return -1;
	if (!anchor.mac_len) {
		snprintf(report, cap,
		         "%s checkpoint: not signed (from before migration 0007, or "
		         "reset without the key)",
		         c->name);
		return 1;
	}
	if (!anchor_sound(key, c->name, &anchor)) {
		snprintf(report, cap, "%s checkpoint: rewritten without the key", c->name);
		return 1;
	}
	if (anchor.count != found.count) {
		snprintf(
		    report, cap,
		    "%s checkpoint: %lld %ss recorded but %lld found: one was deleted or added "
		    "outside huiyin",
		    c->name, (long long)anchor.count, c->name, (long long)found.count);
		return 1;
	}
	if (sodium_memcmp(anchor.hash, found.hash, AUDIT_HASH_LEN) != 0) {
		snprintf(report, cap,
		         "%s checkpoint: the %ss or their event counts are not those recorded: one "
		         "was replaced, or set back to an older state with its events",
		         c->name, c->name);
		return 1;
	}
	return 0;
}

static int verify_all(struct db *db, const uint8_t key[AUDIT_KEY_LEN], audit_replay_fn replay,
                      char *report, size_t cap, int64_t *checked, struct err *e)
{
	for (int k = 0; k < AUDIT_CHAIN__MAX; k++) {
		int v = verify_kind(db, key, (enum audit_chain)k, replay, report, cap, checked, e);
		if (v)
			return v;
	}
	struct head h;
	if (heads_get(db, "admin", false, &h, e))
		return -1;
	struct db_stmt *st = db_prepare(db, &q_admin_events, e);
	if (!st)
		return -1;
	int v = verify_chain(key, st, "admin log", 0, &h, NULL, report, cap, checked);
	if (v)
		return v < 0 ? err_internal(e, "database error") : v;
	return check_head_mac(key, "admin", 0, &h, "admin log", report, cap);
}

int audit_verify(struct db *db, const uint8_t key[AUDIT_KEY_LEN], audit_replay_fn replay,
                 char *report, size_t cap, int64_t *checked, struct err *e)
{
	*checked = 0;
	report[0] = 0;
	/* One snapshot: a server writing meanwhile moves rows and checkpoints together. */
	if (db_begin_read(db, e))
		return -1;
	int v = verify_all(db, key, replay, report, cap, checked, e);
	struct err ignored;
	db_commit(db, &ignored);
	return v;
}
