/* db: the thin driver interface every query in store/ goes through.
 *
 * A query is a static `struct db_query` holding its SQL, written once with numbered
 * parameters (?1, ?2 ...) so SQLite and PostgreSQL (which spells them $1, $2, rewritten by
 * its driver) take the same text. Where a dialect truly differs, the query carries a
 * `pg` variant. Each connection prepares a query the first time it is used and keeps the
 * prepared statement in a cache indexed by the query's slot.
 *
 * Usage: st = db_prepare(db, &q, e); bind; while ((rc = db_step(st)) == DB_ROW) read
 * columns; db_reset(st) (or let the next db_prepare of the same query reset it).
 * Column text is owned by the statement and valid until the next step or reset: copy it
 * (into the request arena) before that. */
#ifndef HUIYIN_DB_H
#define HUIYIN_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum { DB_ROW = 1, DB_DONE = 0 };
/* Negative results of db_step() and friends. */
enum { DB_ERROR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

enum db_kind { DB_SQLITE, DB_POSTGRESQL };

/* What a column of a result row holds (db_col_type), for code that copies rows whatever
 * their table (huiyin copy). */
enum db_type { DB_T_NULL, DB_T_INT, DB_T_REAL, DB_T_TEXT, DB_T_BLOB };

struct db_query {
	const char *sql;
	const char *pg; /* PostgreSQL text where it must differ, else NULL */
	int slot;       /* assigned on first use; 0 until then */
};
#define DB_QUERY(text)                                                                             \
	{                                                                                          \
		.sql = (text), .pg = NULL, .slot = 0                                               \
	}
#define DB_QUERY2(text, pg_text)                                                                   \
	{                                                                                          \
		.sql = (text), .pg = (pg_text), .slot = 0                                          \
	}

struct db;
struct db_stmt;

enum db_open_flags {
	DB_OPEN_READONLY = 1, /* a read connection for HTTP threads */
	DB_OPEN_CREATE = 2,   /* create the database file when missing */
};

struct db_driver {
	const char *name;
	int (*open)(const char *url, int flags, struct db **out, struct err *e);
	void (*close)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, const char *sql, struct err *e);
	void (*finalize)(struct db_stmt *st);
	int (*exec)(struct db *db, const char *sql, struct err *e);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s, size_t n);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	bool (*column_null)(struct db_stmt *st, int col);
	int64_t (*column_int64)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	const void *(*column_blob)(struct db_stmt *st, int col, size_t *n);
	const char *(*column_name)(struct db_stmt *st, int col);
	enum db_type (*column_type)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db *db);
	const char *(*errmsg)(struct db *db);
	/* The open transaction failed and takes no more statements until rolled back (to a
	 * savepoint): PostgreSQL's rule; SQLite undoes only the failed statement. */
	bool (*tx_failed)(struct db *db);
};

/* Every connection starts with these fields; drivers embed it first in their struct.
 * Likewise every driver's statement struct begins with a `struct db *` to its connection. */
struct db {
	const struct db_driver *drv;
	enum db_kind kind;
	struct db_stmt **cache; /* indexed by query slot */
	int cache_cap;
	int tx_depth;
	struct db_text_stmt *texts; /* composed statements kept prepared (db_prepare_text) */
	uint64_t text_clock;
};

/* Opens `url`: a file path, "sqlite:PATH", or "postgresql://..." (a libpq URI). */
int db_open(const char *url, int flags, struct db **out, struct err *e);
/* Closes the connection and every statement it cached. Accepts NULL. */
void db_close(struct db *db);
/* The cached, reset, unbound statement of `q` on this connection; NULL with e set. */
struct db_stmt *db_prepare(struct db *db, struct db_query *q, struct err *e);
/* Prepares composed SQL (a list query's optional filters); release it with db_finalize().
 * On SQLite the 16 texts used last stay prepared, and the same text is not parsed again
 * (a list page's composed query cost more to prepare than to run: bench/RESULTS.md). On
 * PostgreSQL each is prepared afresh, so the planner sees its values: a statement run
 * twice would become a server-side prepared one, which may keep a generic plan. */
struct db_stmt *db_prepare_text(struct db *db, const char *sql, struct err *e);
void db_finalize(struct db_stmt *st);
/* Runs SQL text with no parameters and no rows (migrations, pragmas). */
int db_exec(struct db *db, const char *sql, struct err *e);
/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE on SQLite). */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/* A read-only transaction (deferred on SQLite, REPEATABLE READ on PostgreSQL): the
 * statements of one request then share one snapshot, and on SQLite take the WAL read lock
 * once, not once each (bench/RESULTS.md). End it with db_commit. */
int db_begin_read(struct db *db, struct err *e);
/* Around one HTTP request's reads: on SQLite a read transaction as above (the WAL read
 * lock taken once); on PostgreSQL nothing, each statement its own snapshot, which saves
 * two round trips per request (bench/RESULTS.md) — writes check versions, so a request
 * reading across another's commit answers with what it saw, as SQLite's would. */
int db_request_begin(struct db *db, struct err *e);
void db_request_end(struct db *db);
int db_rollback(struct db *db);
/* Whether the open transaction is failed (see struct db_driver): only a rollback, or one to
 * a savepoint, brings it back. */
bool db_tx_failed(struct db *db);

int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
/* Binds s (NUL-terminated) as text, or NULL when s is NULL. */
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t n);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
int db_bind_null(struct db_stmt *st, int idx);
/* Binds v, or NULL when v is 0 (for optional references). */
int db_bind_id(struct db_stmt *st, int idx, int64_t v);

/* DB_ROW, DB_DONE, or a negative DB_* error. */
int db_step(struct db_stmt *st);
void db_reset(struct db_stmt *st);
int db_col_count(struct db_stmt *st);
bool db_col_null(struct db_stmt *st, int col);
int64_t db_col_int64(struct db_stmt *st, int col);
/* Text of a column, "" for NULL. */
const char *db_col_text(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col, size_t *n);
const char *db_col_name(struct db_stmt *st, int col);
/* The type of the value in this row's column (SQLite), or of the column (PostgreSQL). */
enum db_type db_col_type(struct db_stmt *st, int col);

int64_t db_changes(struct db *db);
const char *db_errmsg(struct db *db);
/* Steps a statement that returns no rows and resets it; maps failures to e
 * (a constraint failure becomes 409 `conflict`). */
int db_run(struct db_stmt *st, struct err *e, struct db *db);

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
