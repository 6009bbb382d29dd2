/* sessions: SQL of sessions, tokens and rate counters (see sessions.h). */
#include "store/sessions.h"
#include "store/rows.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static struct db_query q_s_insert = DB_QUERY(
	"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at,"
	" expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5) RETURNING id");
static struct db_query q_s_find = DB_QUERY(
	"SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions"
	" WHERE token_hash = ?1");
static struct db_query q_s_touch = DB_QUERY("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1");
static struct db_query q_s_delete = DB_QUERY("DELETE FROM sessions WHERE id = ?1");
static struct db_query q_s_end_user = DB_QUERY("DELETE FROM sessions WHERE user_id = ?1");
static struct db_query q_s_purge = DB_QUERY("DELETE FROM sessions WHERE expires_at < ?1");
static struct db_query q_t_insert = DB_QUERY(
	"INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)"
	" RETURNING id");
static struct db_query q_t_find = DB_QUERY(
	"SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens"
	" WHERE token_hash = ?1 AND revoked_at IS NULL");
static struct db_query q_t_list = DB_QUERY(
	"SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens"
	" WHERE user_id = ?1 ORDER BY id DESC LIMIT 200");
static struct db_query q_t_revoke = DB_QUERY(
	"UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?1 AND user_id = ?2"
	" AND revoked_at IS NULL");
static struct db_query q_f_get = DB_QUERY(
	"SELECT hits, window_start FROM rate_counters WHERE key = ?1 AND window_start >= ?2");
/* ?4 hits are added (0 or 1). The SET expressions read the row as it was: a window that
 * began before ?3 starts afresh at ?2, and so does one with no hits yet, so that the window
 * begins at the first hit even when a look (0 added) made the row. */
static struct db_query q_f_take =
    DB_QUERY("INSERT INTO rate_counters (key, hits, window_start) VALUES (?1, ?4, ?2)"
             " ON CONFLICT (key) DO UPDATE SET"
             " hits = CASE WHEN rate_counters.window_start < ?3 THEN ?4"
             " ELSE rate_counters.hits + ?4 END,"
             " window_start = CASE WHEN rate_counters.window_start < ?3 OR rate_counters.hits = 0"
             " THEN ?2 ELSE rate_counters.window_start END"
             " RETURNING hits, window_start");
static struct db_query q_f_clear = DB_QUERY("DELETE FROM rate_counters WHERE key = ?1");

static int run_id_text(struct db *db, struct db_query *q, int64_t id, const char *text,
		       struct err *e)
{
	struct db_stmt *st = db_prepare(db, q, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	if (text)
		db_bind_text(st, 2, text);
	return db_run(st, e, db);
}

static int insert_returning(struct db *db, struct db_stmt *st, int64_t *id, struct err *e)
{
	return rows_step_id(st, id) == DB_ROW ? 0 : err_internal(e, db_errmsg(db));
}

int store_session_insert(struct db *db, const uint8_t hash[SECRET_HASH_LEN], int64_t user_id,
			 const char *csrf, const char *now, const char *expires_at,
			 int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_s_insert, e);
	if (!st)
		return -1;
	db_bind_blob(st, 1, hash, SECRET_HASH_LEN);
	db_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, expires_at);
	return insert_returning(db, st, id, e);
}

int store_session_find(struct db *db, const uint8_t hash[SECRET_HASH_LEN],
		       struct store_session *s, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_s_find, e);
	if (!st)
		return -1;
	db_bind_blob(st, 1, hash, SECRET_HASH_LEN);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->id = db_col_int64(st, 0);
		s->user_id = db_col_int64(st, 1);
		snprintf(s->csrf, sizeof s->csrf, "%s", db_col_text(st, 2));
		snprintf(s->created_at, sizeof s->created_at, "%s", db_col_text(st, 3));
		snprintf(s->last_seen_at, sizeof s->last_seen_at, "%s", db_col_text(st, 4));
		snprintf(s->expires_at, sizeof s->expires_at, "%s", db_col_text(st, 5));
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	return rc == DB_ROW ? 0 : 1;
}

int store_session_touch(struct db *db, int64_t id, const char *now, struct err *e)
{
	return run_id_text(db, &q_s_touch, id, now, e);
}

int store_session_delete(struct db *db, int64_t id, struct err *e)
{
	return run_id_text(db, &q_s_delete, id, NULL, e);
}

int store_sessions_end_user(struct db *db, int64_t user_id, struct err *e)
{
	return run_id_text(db, &q_s_end_user, user_id, NULL, e);
}

int store_sessions_purge(struct db *db, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_s_purge, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, now);
	return db_run(st, e, db);
}

int store_token_insert(struct db *db, const uint8_t hash[SECRET_HASH_LEN], int64_t user_id,
		       const char *name, const char *now, int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_t_insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_blob(st, 3, hash, SECRET_HASH_LEN);
	db_bind_text(st, 4, now);
	return insert_returning(db, st, id, e);
}

static void read_token(struct db_stmt *st, struct arena *a, struct store_token *t)
{
	t->id = db_col_int64(st, 0);
	t->user_id = db_col_int64(st, 1);
	t->name = arena_strdup(a, db_col_text(st, 2));
	t->created_at = arena_strdup(a, db_col_text(st, 3));
	t->last_used_at = rows_text(st, 4, a);
	t->revoked_at = rows_text(st, 5, a);
}

int store_token_find(struct db *db, const uint8_t hash[SECRET_HASH_LEN], struct arena *a,
		     struct store_token *t, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_t_find, e);
	if (!st)
		return -1;
	db_bind_blob(st, 1, hash, SECRET_HASH_LEN);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_token(st, a, t);
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	return rc == DB_ROW ? 0 : 1;
}

int store_token_list(struct db *db, int64_t user_id, struct arena *a, struct store_token **out,
		     int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_t_list, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	struct store_token *items = arena_alloc(a, sizeof *items * 200);
	int count = 0, rc;
	while (count < 200 && (rc = db_step(st)) == DB_ROW)
		read_token(st, a, &items[count++]);
	db_reset(st);
	*out = items;
	*n = count;
	return 0;
}

int store_token_revoke(struct db *db, int64_t id, int64_t user_id, const char *now,
		       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_t_revoke, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, now);
	return rows_run_found(db, st, "token", e);
}

int store_counter_get(struct db *db, const char *key, const char *window_start,
			 int64_t *count, char first_at[24], struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_f_get, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, window_start);
	int rc = db_step(st);
	*count = 0;
	first_at[0] = 0;
	if (rc == DB_ROW) {
		*count = db_col_int64(st, 0);
		snprintf(first_at, 24, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? err_internal(e, "database error") : 0;
}

int store_counter_take(struct db *db, const char *key, int add, const char *now,
                       const char *window_start, int64_t *hits, char first_at[24], struct err *e)
{
	assert(add == 0 || add == 1);
	struct db_stmt *st = db_prepare(db, &q_f_take, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, window_start);
	db_bind_int64(st, 4, add);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*hits = db_col_int64(st, 0);
		snprintf(first_at, 24, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_BUSY) /* a deadlock with another server's transaction (PostgreSQL) */
		return err_set(e, 503, "busy", NULL, "the database is busy, try again");
	return rows_db_error(db, e);
}

int store_counter_clear(struct db *db, const char *key, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_f_clear, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	return db_run(st, e, db);
}
