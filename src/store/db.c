/* db: the driver-independent half of db.h: choosing a driver by URL, the per-connection
 * statement cache, transactions and error mapping. */
#include "store/db.h"
#include "util/xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Slots are handed out on a query's first use, once for the whole process. */
#define DB_MAX_QUERIES 1024
static atomic_int next_slot = 0;

/* A composed statement kept prepared: its text, and whether a caller holds it now. */
#define DB_TEXT_CACHE 16
struct db_text_stmt {
	char *sql;
	struct db_stmt *st;
	bool busy;
	uint64_t used; /* db->text_clock when last taken: the oldest goes first */
};

int db_open(const char *url, int flags, struct db **out, struct err *e)
{
	*out = NULL;
	int rc;
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		rc = db_pg_driver.open(url, flags, out, e);
	} else {
		const char *path = !strncmp(url, "sqlite:", 7) ? url + 7 : url;
		if (!*path)
			return err_invalid(e, "db", "empty database path");
		rc = db_sqlite_driver.open(path, flags, out, e);
	}
	if (rc)
		return rc;
	(*out)->cache_cap = DB_MAX_QUERIES;
	(*out)->cache = xcalloc(DB_MAX_QUERIES, sizeof(struct db_stmt *));
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->cache_cap; i++)
		if (db->cache[i])
			db->drv->finalize(db->cache[i]);
	free(db->cache);
	for (int i = 0; db->texts && i < DB_TEXT_CACHE; i++)
		if (db->texts[i].sql) {
			db->drv->finalize(db->texts[i].st);
			free(db->texts[i].sql);
		}
	free(db->texts);
	db->drv->close(db);
}

/* Every driver's statement begins with a pointer to its connection (see db.h). */
static const struct db_driver *drv_of(struct db_stmt *st)
{
	return (*(struct db **)st)->drv;
}

static int query_slot(struct db_query *q)
{
	int slot = atomic_load_explicit((_Atomic int *)&q->slot, memory_order_acquire);
	if (slot)
		return slot;
	int fresh = atomic_fetch_add(&next_slot, 1) + 1;
	int expected = 0;
	if (atomic_compare_exchange_strong((_Atomic int *)&q->slot, &expected, fresh))
		return fresh;
	return expected; /* another thread won; the fresh slot is simply never used */
}

struct db_stmt *db_prepare(struct db *db, struct db_query *q, struct err *e)
{
	int slot = query_slot(q);
	if (slot >= db->cache_cap) {
		err_internal(e, "too many distinct queries");
		return NULL;
	}
	struct db_stmt *st = db->cache[slot];
	if (st) {
		db->drv->reset(st);
		return st;
	}
	const char *sql = db->kind == DB_POSTGRESQL && q->pg ? q->pg : q->sql;
	st = db->drv->prepare(db, sql, e);
	if (st)
		db->cache[slot] = st;
	return st;
}

struct db_stmt *db_prepare_text(struct db *db, const char *sql, struct err *e)
{
	if (db->kind != DB_SQLITE)
		return db->drv->prepare(db, sql, e);
	if (!db->texts)
		db->texts = xcalloc(DB_TEXT_CACHE, sizeof *db->texts);
	struct db_text_stmt *victim = NULL;
	for (int i = 0; i < DB_TEXT_CACHE; i++) {
		struct db_text_stmt *t = &db->texts[i];
		if (t->busy)
			continue;
		if (t->sql && !strcmp(t->sql, sql)) {
			t->busy = true;
			t->used = ++db->text_clock;
			return t->st;
		}
		if (!victim || !t->sql || (victim->sql && t->used < victim->used))
			victim = t;
	}
	struct db_stmt *st = db->drv->prepare(db, sql, e);
	if (!st || !victim) /* every kept one is in use: this one is not kept */
		return st;
	if (victim->sql) {
		db->drv->finalize(victim->st);
		free(victim->sql);
	}
	*victim = (struct db_text_stmt){xstrdup(sql), st, true, ++db->text_clock};
	return st;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	struct db *db = *(struct db **)st;
	for (int i = 0; db->texts && i < DB_TEXT_CACHE; i++)
		if (db->texts[i].st == st) {
			db->drv->reset(st);
			db->texts[i].busy = false;
			return;
		}
	db->drv->finalize(st);
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	return db->drv->exec(db, sql, e);
}

int db_begin(struct db *db, struct err *e)
{
	return db_exec(db, db->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", e);
}

int db_begin_read(struct db *db, struct err *e)
{
	return db_exec(
	    db, db->kind == DB_SQLITE ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    e);
}

/* The request's BEGIN and COMMIT as cached statements: sqlite3_exec would parse them
 * on every request. */
static struct db_query q_request_begin = DB_QUERY("BEGIN");
static struct db_query q_request_end = DB_QUERY("COMMIT");

int db_request_begin(struct db *db, struct err *e)
{
	if (db->kind != DB_SQLITE)
		return 0;
	struct db_stmt *st = db_prepare(db, &q_request_begin, e);
	return st ? db_run(st, e, db) : -1;
}

void db_request_end(struct db *db)
{
	struct err ignored;
	if (db->kind != DB_SQLITE)
		return;
	struct db_stmt *st = db_prepare(db, &q_request_end, &ignored);
	if (!st || db_run(st, &ignored, db))
		db_rollback(db);
}

int db_commit(struct db *db, struct err *e)
{
	return db_exec(db, "COMMIT", e);
}

int db_rollback(struct db *db)
{
	struct err e;
	return db_exec(db, "ROLLBACK", &e);
}

bool db_tx_failed(struct db *db)
{
	return db->drv->tx_failed && db->drv->tx_failed(db);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return drv_of(st)->bind_int64(st, idx, v);
}

int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t n)
{
	return drv_of(st)->bind_text(st, idx, s, n);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		return db_bind_null(st, idx);
	return db_bind_textn(st, idx, s, strlen(s));
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return drv_of(st)->bind_blob(st, idx, p, n);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return drv_of(st)->bind_null(st, idx);
}

int db_bind_id(struct db_stmt *st, int idx, int64_t v)
{
	return v ? db_bind_int64(st, idx, v) : db_bind_null(st, idx);
}

int db_step(struct db_stmt *st)
{
	return drv_of(st)->step(st);
}

void db_reset(struct db_stmt *st)
{
	drv_of(st)->reset(st);
}

int db_col_count(struct db_stmt *st)
{
	return drv_of(st)->column_count(st);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return drv_of(st)->column_null(st, col);
}

int64_t db_col_int64(struct db_stmt *st, int col)
{
	return drv_of(st)->column_int64(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	const char *s = drv_of(st)->column_text(st, col);
	return s ? s : "";
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *n)
{
	return drv_of(st)->column_blob(st, col, n);
}

const char *db_col_name(struct db_stmt *st, int col)
{
	return drv_of(st)->column_name(st, col);
}

enum db_type db_col_type(struct db_stmt *st, int col)
{
	return drv_of(st)->column_type(st, col);
}

int64_t db_changes(struct db *db)
{
	return db->drv->changes(db);
}

const char *db_errmsg(struct db *db)
{
	return db->drv->errmsg(db);
}

int db_run(struct db_stmt *st, struct err *e, struct db *db)
{
	int rc = db_step(st);
	db_reset(st);
	if (rc >= 0)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_conflict(e, "conflict", "the change conflicts with existing data");
	if (rc == DB_BUSY)
		return err_set(e, 503, "busy", NULL, "the database is busy, try again");
	return err_set(e, 500, "db_error", NULL, "database error: %s", db_errmsg(db));
}
