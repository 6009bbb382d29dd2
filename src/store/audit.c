/* audit: hash chains over appeal events and admin actions (see audit.h). */
#include "store/audit.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The queries of one kind of chained subject: its row (with event_count and head_hash)
 * and its events table (parent key, seq, type, actor_kind, actor_id, public, data,
 * created_at, hash). */
struct chain {
	const char *name;
	struct db_query head, insert, set_head, parents, events;
};

/* A chain's head is read to be moved on: on PostgreSQL the row is locked for that, so two
 * servers appending to one chain at once take turns instead of both linking to the same
 * head (SQLite has one writer at a time already). */
#define HEAD_QUERY(text) DB_QUERY2(text, text " FOR UPDATE")

#define CHAIN(label, tbl, evtbl, fk)                                                          \
	{                                                                                     \
		label, HEAD_QUERY("SELECT event_count, head_hash FROM " tbl " WHERE id = ?1"), \
		DB_QUERY("INSERT INTO " evtbl " (" fk ", seq, type, actor_kind, actor_id,"    \
			 " public, data, created_at, hash)"                                   \
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),                     \
		DB_QUERY("UPDATE " tbl " SET event_count = ?2, head_hash = ?3 WHERE id = ?1"),  \
		DB_QUERY("SELECT id, event_count, head_hash FROM " tbl " WHERE id > ?1"       \
			 " ORDER BY id LIMIT 500"),                                           \
		DB_QUERY("SELECT seq, type, actor_kind, actor_id, public, data, created_at, hash" \
			 " FROM " evtbl " WHERE " fk " = ?1 ORDER BY seq")                     \
	}

/* Every kind of chained subject, indexed by enum audit_chain. */
static struct chain chains[AUDIT_CHAIN__MAX] = {
	[AUDIT_APPEAL] = CHAIN("appeal", "appeals", "appeal_events", "appeal_id"),
	[AUDIT_NEED] = CHAIN("need", "needs", "need_events", "need_id"),
	[AUDIT_RESOURCE] = CHAIN("resource", "resources", "resource_events", "resource_id"),
	[AUDIT_PROJECT] = CHAIN("project", "projects", "project_events", "project_id"),
};

#define ADMIN_HEAD "SELECT event_count, head_hash FROM audit_heads WHERE chain = 'admin'"
static struct db_query q_admin_head = HEAD_QUERY(ADMIN_HEAD); /* to append */
static struct db_query q_admin_head_read = DB_QUERY(ADMIN_HEAD);
static struct db_query q_admin_insert = DB_QUERY(
	"INSERT INTO admin_events (seq, type, actor_id, data, created_at, hash)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
static struct db_query q_admin_set_head = DB_QUERY(
	"UPDATE audit_heads SET event_count = ?1, head_hash = ?2 WHERE chain = 'admin'");
static struct db_query q_admin_events = DB_QUERY(
	"SELECT seq, type, 'staff', actor_id, 0, data, created_at, hash"
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
	if (sodium_hex2bin(key, AUDIT_KEY_LEN, hex, n, "\n\r ", &len, NULL) ||
	    len != AUDIT_KEY_LEN)
		return err_set(e, 500, "audit_key", NULL, "%s must hold 64 hex characters", path);
	return 0;
}

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

/* HMAC over prev || parent || seq || type || actor_kind || actor_id || public || data ||
 * created_at, each length-prefixed or fixed-width, so no two events share an input. */
static void event_hash(const uint8_t key[AUDIT_KEY_LEN], const uint8_t *prev, size_t prev_len,
		       const struct audit_event *ev, uint8_t out[AUDIT_HASH_LEN])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, AUDIT_KEY_LEN);
	put_u64(&st, prev_len);
	if (prev_len)
		crypto_auth_hmacsha256_update(&st, prev, prev_len);
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

/* Reads (count, head) from a one-row query. */
static int read_head(struct db_stmt *st, int64_t *count, uint8_t head[AUDIT_HASH_LEN],
		     size_t *head_len, struct err *e)
{
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		return rc < 0 ? err_internal(e, "database error") : err_not_found(e, "chain");
	}
	*count = db_col_int64(st, 0);
	size_t n = 0;
	const void *p = db_col_blob(st, 1, &n);
	*head_len = p && n == AUDIT_HASH_LEN ? n : 0;
	if (*head_len)
		memcpy(head, p, n);
	db_reset(st);
	return 0;
}

int audit_append(struct db *db, const uint8_t key[AUDIT_KEY_LEN], enum audit_chain kind,
		 struct audit_event *ev, struct err *e)
{
	struct chain *c = &chains[kind];
	int64_t count;
	uint8_t head[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
	size_t head_len;
	struct db_stmt *st = db_prepare(db, &c->head, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, ev->parent_id);
	if (read_head(st, &count, head, &head_len, e))
		return -1;
	ev->seq = count + 1;
	event_hash(key, head, head_len, ev, hash);
	st = db_prepare(db, &c->insert, e);
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
	db_bind_blob(st, 9, hash, sizeof hash);
	if (db_run(st, e, db))
		return -1;
	st = db_prepare(db, &c->set_head, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, ev->parent_id);
	db_bind_int64(st, 2, ev->seq);
	db_bind_blob(st, 3, hash, sizeof hash);
	return db_run(st, e, db);
}

int audit_append_appeal(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct audit_event *ev,
			struct err *e)
{
	return audit_append(db, key, AUDIT_APPEAL, ev, e);
}

int audit_append_admin(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct audit_event *ev,
		       struct err *e)
{
	int64_t count;
	uint8_t head[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
	size_t head_len;
	struct db_stmt *st = db_prepare(db, &q_admin_head, e);
	if (!st || read_head(st, &count, head, &head_len, e))
		return -1;
	ev->parent_id = 0;
	ev->actor_kind = "staff";
	ev->public = false;
	ev->seq = count + 1;
	event_hash(key, head, head_len, ev, hash);
	st = db_prepare(db, &q_admin_insert, e);
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
	st = db_prepare(db, &q_admin_set_head, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, ev->seq);
	db_bind_blob(st, 2, hash, sizeof hash);
	return db_run(st, e, db);
}

int audit_admin_head(struct db *db, int64_t *count, uint8_t head[AUDIT_HASH_LEN],
		     size_t *head_len, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_admin_head_read, e);
	return st ? read_head(st, count, head, head_len, e) : -1;
}

/* Walks one chain from its query; compares with the recorded count and head. Returns 0
 * when it holds, 1 (with report) when broken, -1 on error. */
static int verify_chain(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct db_stmt *st,
			const char *name, int64_t parent_id, int64_t count,
			const uint8_t *head, size_t head_len, char *report, size_t cap,
			int64_t *checked)
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
		memcpy(prev, hash, sizeof hash);
		prev_len = sizeof hash;
		expect++;
	}
	db_reset(st);
	(void)db;
	if (rc < 0)
		return -1;
	if (broken)
		return 1;
	if (expect - 1 != count || prev_len != head_len ||
	    (head_len && memcmp(prev, head, head_len) != 0)) {
		snprintf(report, cap, "%s: %lld events recorded but %lld found; the last event is "
			 "missing or the head was changed", name, (long long)count,
			 (long long)(expect - 1));
		return 1;
	}
	return 0;
}

/* Verifies every chain of one kind. */
static int verify_kind(struct db *db, const uint8_t key[AUDIT_KEY_LEN], struct chain *c,
		       char *report, size_t cap, int64_t *checked, struct err *e)
{
	int64_t after = 0;
	for (;;) {
		struct db_stmt *list = db_prepare(db, &c->parents, e);
		if (!list)
			return -1;
		db_bind_int64(list, 1, after);
		/* Read a batch of heads first: one statement at a time per connection. */
		struct {
			int64_t id, count;
			uint8_t head[AUDIT_HASH_LEN];
			size_t head_len;
		} batch[500];
		int n = 0, rc;
		while ((rc = db_step(list)) == DB_ROW && n < 500) {
			batch[n].id = db_col_int64(list, 0);
			batch[n].count = db_col_int64(list, 1);
			size_t len = 0;
			const void *p = db_col_blob(list, 2, &len);
			batch[n].head_len = p && len == AUDIT_HASH_LEN ? len : 0;
			if (batch[n].head_len)
				memcpy(batch[n].head, p, len);
			n++;
		}
		db_reset(list);
		if (rc < 0)
			return err_internal(e, "database error");
		for (int i = 0; i < n; i++) {
			struct db_stmt *st = db_prepare(db, &c->events, e);
			if (!st)
				return -1;
			db_bind_int64(st, 1, batch[i].id);
			char name[64];
			snprintf(name, sizeof name, "%s %lld", c->name, (long long)batch[i].id);
			int v = verify_chain(db, key, st, name, batch[i].id, batch[i].count,
					     batch[i].head, batch[i].head_len, report, cap, checked);
			if (v)
				return v < 0 ? err_internal(e, "database error") : 1;
		}
		if (n < 500)
			return 0;
		after = batch[n - 1].id;
	}
}

int audit_verify(struct db *db, const uint8_t key[AUDIT_KEY_LEN], char *report, size_t cap,
		 int64_t *checked, struct err *e)
{
	*checked = 0;
	report[0] = 0;
	for (int k = 0; k < AUDIT_CHAIN__MAX; k++) {
		if (!chains[k].name)
			continue;
		int v = verify_kind(db, key, &chains[k], report, cap, checked, e);
		if (v)
			return v;
	}
	int64_t count;
	uint8_t head[AUDIT_HASH_LEN];
	size_t head_len;
	struct db_stmt *st = db_prepare(db, &q_admin_head_read, e);
	if (!st || read_head(st, &count, head, &head_len, e))
		return -1;
	st = db_prepare(db, &q_admin_events, e);
	if (!st)
		return -1;
	int v = verify_chain(db, key, st, "admin log", 0, count, head, head_len, report, cap,
			     checked);
	return v < 0 ? err_internal(e, "database error") : v;
}
