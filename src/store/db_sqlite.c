/* db_sqlite: the SQLite driver behind db.h. Connections run in WAL mode with foreign keys
 * on and a busy timeout; the writer's connection syncs fully, so a committed transaction
 * survives a crash or power loss. */
#include "store/db.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct sqlite_db {
	struct db base;
	sqlite3 *h;
};

struct db_stmt {
	struct db *db;
	sqlite3_stmt *h;
};

static sqlite3 *handle(struct db *db)
{
	return ((struct sqlite_db *)db)->h;
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
	case SQLITE_OK:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static int s_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(handle(db), sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return 0;
	err_set(e, map_rc(rc) == DB_BUSY ? 503 : 500, "db_error", NULL, "database: %s",
	        msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return -1;
}

/* Before SQLite initialises: no memory statistics. With them every sqlite3_malloc takes
 * one process-wide mutex, which the server's threads contended for (futex waits in perf;
 * bench/RESULTS.md). Nothing here reads them. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int s_open(const char *path, int flags, struct db **out, struct err *e)
{
	pthread_once(&config_once, configure);
	sqlite3 *h = NULL;
	int oflags = SQLITE_OPEN_NOMUTEX;
	oflags |= (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &h, oflags, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, 500, "db_open", "db", "cannot open database %s: %s", path,
		        h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return -1;
	}
	struct sqlite_db *d = xcalloc(1, sizeof *d);
	d->base.drv = &db_sqlite_driver;
	d->base.kind = DB_SQLITE;
	d->h = h;
	sqlite3_busy_timeout(h, 5000);
	sqlite3_extended_result_codes(h, 0);
	/* A write connection keeps its temporary files in memory: the writer runs each job in
	 * a savepoint, and SQLite keeps the pages a savepoint changed in a sub-journal, which
	 * past 64 KB went to a temporary file — opened, written page by page (two pwrite
	 * calls a page) and removed for each batch (bench/RESULTS.md). It holds the batch's
	 * changed pages at most, and is freed at COMMIT.
	 * A read connection keeps 4 MB of pages (SQLite's default is 2 MB): the full-text
	 * index's busy pages and the upper levels of the large tables then stay, where at
	 * 1,000,000 appeals each search read them again (system time per 4-character search
	 * 230-330 us with 2 MB, about 60 with 4 MB or 8 MB; bench/RESULTS.md). One per HTTP
	 * thread: 4 MB more at two, which matters because a login's argon2id adds 64 MB on top
	 * of what is resident (the 100 MB peak target). */
	const char *setup = (flags & DB_OPEN_READONLY)
	                        ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
	                          "PRAGMA cache_size=-4096;"
	                        : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
	if (s_exec(&d->base, setup, e)) {
		sqlite3_close(h);
		free(d);
		return -1;
	}
	*out = &d->base;
	return 0;
}

static void s_close(struct db *db)
{
	sqlite3_close(handle(db));
	free(db);
}

static struct db_stmt *s_prepare(struct db *db, const char *sql, struct err *e)
{
	sqlite3_stmt *h = NULL;
	int rc = sqlite3_prepare_v3(handle(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &h, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, 500, "db_error", NULL, "prepare: %s", sqlite3_errmsg(handle(db)));
		return NULL;
	}
	struct db_stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->h = h;
	return st;
}

static void s_finalize(struct db_stmt *st)
{
	sqlite3_finalize(st->h);
	free(st);
}

static int s_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(st->h, idx, v));
}

static int s_bind_text(struct db_stmt *st, int idx, const char *s, size_t n)
{
	return map_rc(sqlite3_bind_text(st->h, idx, s, (int)n, SQLITE_TRANSIENT));
}

static int s_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return map_rc(sqlite3_bind_blob(st->h, idx, p, (int)n, SQLITE_TRANSIENT));
}

static int s_bind_null(struct db_stmt *st, int idx)
{
	return map_rc(sqlite3_bind_null(st->h, idx));
}

static int s_step(struct db_stmt *st)
{
	return map_rc(sqlite3_step(st->h));
}

static void s_reset(struct db_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

static int s_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->h);
}

static bool s_column_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->h, col) == SQLITE_NULL;
}

static int64_t s_column_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->h, col);
}

static const char *s_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->h, col);
}

static const void *s_column_blob(struct db_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st->h, col);
	*n = (size_t)sqlite3_column_bytes(st->h, col);
	return p;
}

static const char *s_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(st->h, col);
}

static enum db_type s_column_type(struct db_stmt *st, int col)
{
	switch (sqlite3_column_type(st->h, col)) {
	case SQLITE_INTEGER:
		return DB_T_INT;
	case SQLITE_FLOAT:
		return DB_T_REAL;
	case SQLITE_TEXT:
		return DB_T_TEXT;
	case SQLITE_BLOB:
		return DB_T_BLOB;
	default:
		return DB_T_NULL;
	}
}

static int64_t s_changes(struct db *db)
{
	return sqlite3_changes(handle(db));
}

static const char *s_errmsg(struct db *db)
{
	return sqlite3_errmsg(handle(db));
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .open = s_open,
    .close = s_close,
    .prepare = s_prepare,
    .finalize = s_finalize,
    .exec = s_exec,
    .bind_int64 = s_bind_int64,
    .bind_text = s_bind_text,
    .bind_blob = s_bind_blob,
    .bind_null = s_bind_null,
    .step = s_step,
    .reset = s_reset,
    .column_count = s_column_count,
    .column_null = s_column_null,
    .column_int64 = s_column_int64,
    .column_text = s_column_text,
    .column_blob = s_column_blob,
    .column_name = s_column_name,
    .column_type = s_column_type,
    .changes = s_changes,
    .errmsg = s_errmsg,
};
