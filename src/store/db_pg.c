/* db_pg: the PostgreSQL driver behind db.h, on libpq.
 *
 * Queries arrive with SQLite's numbered parameters (?1, ?2 ...) and are rewritten to $1,
 * $2 once, when prepared. Values travel as text (blobs in binary), results come back as
 * text, so a column reads the same way on both drivers; bytea arrives hex-escaped and is
 * decoded on demand. A statement runs with PQexecParams the first time and is made a
 * server-side prepared statement on its second run (cached queries run many times; a
 * composed list query runs once and is never prepared). A connection lost outside a
 * transaction is re-established once on the next use, and its prepared statements with
 * it. */
#include "store/db.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MAX_PARAMS 256

struct pg_db {
	struct db base;
	PGconn *c;
	int64_t changes;
	unsigned epoch;   /* moves when the connection is re-established */
	unsigned next_id; /* names of prepared statements */
	char msg[512];    /* the last error */
};

struct db_stmt {
	struct db *db;
	char *sql; /* with $N parameters */
	int n_params;
	char *vals[PG_MAX_PARAMS];
	int lens[PG_MAX_PARAMS];
	int fmts[PG_MAX_PARAMS];
	int runs;
	char name[24];
	unsigned prepared_epoch; /* prepared on the server in this epoch (0: not) */
	PGresult *res;
	int row, n_rows;     /* row: the next one to return */
	unsigned char *blob; /* the last bytea decoded */
};

static struct pg_db *pg(struct db *db)
{
	return (struct pg_db *)db;
}

static void set_msg(struct pg_db *d, const char *m)
{
	snprintf(d->msg, sizeof d->msg, "%s", m && *m ? m : "unknown error");
	size_t n = strlen(d->msg);
	while (n && d->msg[n - 1] == '\n')
		d->msg[--n] = '\0';
}

/* DB_CONSTRAINT for integrity violations (class 23), DB_BUSY for serialisation failures,
 * deadlocks and lock timeouts, else DB_ERROR. */
static int map_state(const char *state)
{
	if (!state)
		return DB_ERROR;
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_BUSY;
	return DB_ERROR;
}

/* Re-establishes a lost connection when no transaction was open on it. */
static void revive(struct pg_db *d)
{
	if (PQstatus(d->c) == CONNECTION_OK)
		return;
	PQreset(d->c);
	if (PQstatus(d->c) == CONNECTION_OK)
		d->epoch++;
}

static int p_exec(struct db *db, const char *sql, struct err *e)
{
	struct pg_db *d = pg(db);
	revive(d);
	PGresult *res = PQexec(d->c, sql);
	ExecStatusType s = PQresultStatus(res);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		PQclear(res);
		return 0;
	}
	set_msg(d, PQresultErrorMessage(res));
	int rc = map_state(PQresultErrorField(res, PG_DIAG_SQLSTATE));
	PQclear(res);
	return err_set(e, rc == DB_BUSY ? 503 : 500, "db_error", NULL, "database: %s", d->msg);
}

/* Settles every connection the same way: UTC, quiet notices, and a readable name in
 * pg_stat_activity. */
static const char setup_sql[] = "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET "
                                "client_min_messages = warning; SET application_name = 'huiyin'";

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int p_open(const char *url, int flags, struct db **out, struct err *e)
{
	(void)flags; /* the database exists already; read connections are not restricted */
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		char m[512];
		snprintf(m, sizeof m, "%s", PQerrorMessage(c));
		m[strcspn(m, "\n")] = '\0';
		PQfinish(c);
		return err_set(e, 500, "db_open", "db", "cannot connect to PostgreSQL: %s", m);
	}
	/* Text is UTF-8 throughout; a database in another encoding would refuse or mangle
	 * Chinese text, so it is refused here, at `huiyin init` and everywhere else. */
	const char *enc = PQparameterStatus(c, "server_encoding");
	if (!enc || strcmp(enc, "UTF8")) {
		err_set(
		    e, 500, "db_open", "db",
		    "the PostgreSQL database must use the UTF8 encoding, not %s (CREATE DATABASE"
		    " ... ENCODING 'UTF8' TEMPLATE template0)",
		    enc ? enc : "an unknown one");
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, no_notices, NULL);
	struct pg_db *d = xcalloc(1, sizeof *d);
	d->base.drv = &db_pg_driver;
	d->base.kind = DB_POSTGRESQL;
	d->c = c;
	d->epoch = 1;
	if (p_exec(&d->base, setup_sql, e)) {
		PQfinish(c);
		free(d);
		return -1;
	}
	*out = &d->base;
	return 0;
}

static void p_close(struct db *db)
{
	PQfinish(pg(db)->c);
	free(db);
}

/* ?N becomes $N, outside quoted strings and identifiers; returns the highest N. */
static char *rewrite(const char *sql, int *n_params)
{
	size_t len = strlen(sql);
	char *out = xmalloc(len + 1);
	char quote = 0;
	int max = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = sql[i];
		if (quote) {
			if (ch == quote)
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
			int n = atoi(sql + i + 1);
			if (n > max)
				max = n;
			ch = '$';
		}
		out[o++] = ch;
	}
	out[o] = '\0';
	*n_params = max;
	return out;
}

static struct db_stmt *p_prepare(struct db *db, const char *sql, struct err *e)
{
	int n;
	char *text = rewrite(sql, &n);
	if (n > PG_MAX_PARAMS) {
		free(text);
		err_internal(e, "too many query parameters");
		return NULL;
	}
	struct db_stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->sql = text;
	st->n_params = n;
	snprintf(st->name, sizeof st->name, "h%u", ++pg(db)->next_id);
	return st;
}

static void clear_result(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->n_rows = 0;
	PQfreemem(st->blob);
	st->blob = NULL;
}

static void clear_params(struct db_stmt *st)
{
	for (int i = 0; i < st->n_params; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->lens[i] = st->fmts[i] = 0;
	}
}

static void p_reset(struct db_stmt *st)
{
	clear_result(st);
	clear_params(st);
}

static void p_finalize(struct db_stmt *st)
{
	p_reset(st);
	/* A prepared statement of a live connection is deallocated with it (db_close): only
	 * composed statements are finalized on their own, and those are never prepared. */
	free(st->sql);
	free(st);
}

static int set_param(struct db_stmt *st, int idx, char *v, int len, int fmt)
{
	if (idx < 1 || idx > st->n_params) {
		free(v);
		return DB_ERROR;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = v;
	st->lens[idx - 1] = len;
	st->fmts[idx - 1] = fmt;
	return 0;
}

static int p_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	return set_param(st, idx, xstrdup(buf), n, 0);
}

static int p_bind_text(struct db_stmt *st, int idx, const char *s, size_t n)
{
	char *v = xmalloc(n + 1);
	memcpy(v, s, n);
	v[n] = '\0';
	return set_param(st, idx, v, (int)n, 0);
}

static int p_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	char *v = xmalloc(n ? n : 1);
	if (n)
		memcpy(v, p, n);
	return set_param(st, idx, v, (int)n, 1);
}

static int p_bind_null(struct db_stmt *st, int idx)
{
	return set_param(st, idx, NULL, 0, 0);
}

/* Runs the statement: unnamed the first time, prepared from the second on. */
static PGresult *run(struct db_stmt *st)
{
	struct pg_db *d = pg(st->db);
	if (PQtransactionStatus(d->c) == PQTRANS_IDLE)
		revive(d);
	const char *const *vals = (const char *const *)st->vals;
	if (st->prepared_epoch != d->epoch && st->runs > 0) {
		PGresult *p = PQprepare(d->c, st->name, st->sql, 0, NULL);
		bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
		PQclear(p);
		if (ok)
			st->prepared_epoch = d->epoch;
	}
	st->runs++;
	if (st->prepared_epoch == d->epoch)
		return PQexecPrepared(d->c, st->name, st->n_params, vals, st->lens, st->fmts, 0);
	return PQexecParams(d->c, st->sql, st->n_params, NULL, vals, st->lens, st->fmts, 0);
}

static int p_step(struct db_stmt *st)
{
	struct pg_db *d = pg(st->db);
	if (!st->res) {
		st->res = run(st);
		ExecStatusType s = PQresultStatus(st->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			set_msg(d, st->res ? PQresultErrorMessage(st->res) : PQerrorMessage(d->c));
			int rc = map_state(st->res ? PQresultErrorField(st->res, PG_DIAG_SQLSTATE)
			                           : NULL);
			log_msg(LOG_DEBUG, "postgresql: %s in: %s", d->msg, st->sql);
			clear_result(st);
			st->res = PQmakeEmptyPGresult(d->c, PGRES_FATAL_ERROR); /* stays failed */
			st->row = st->n_rows = 0;
			return rc;
		}
		const char *tuples = PQcmdTuples(st->res);
		d->changes = *tuples ? atoll(tuples) : 0;
		st->n_rows = PQntuples(st->res);
		st->row = 0;
	}
	if (PQresultStatus(st->res) == PGRES_FATAL_ERROR)
		return DB_ERROR;
	if (st->row >= st->n_rows)
		return DB_DONE;
	st->row++;
	PQfreemem(st->blob);
	st->blob = NULL;
	return DB_ROW;
}

static int p_column_count(struct db_stmt *st)
{
	return st->res ? PQnfields(st->res) : 0;
}

/* The row db_step() last returned. */
static int cur(struct db_stmt *st)
{
	return st->row - 1;
}

static bool p_column_null(struct db_stmt *st, int col)
{
	return !st->res || st->row < 1 || PQgetisnull(st->res, cur(st), col);
}

static int64_t p_column_int64(struct db_stmt *st, int col)
{
	if (p_column_null(st, col))
		return 0;
	return strtoll(PQgetvalue(st->res, cur(st), col), NULL, 10);
}

static const char *p_column_text(struct db_stmt *st, int col)
{
	if (p_column_null(st, col))
		return "";
	return PQgetvalue(st->res, cur(st), col);
}

enum {
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

static const void *p_column_blob(struct db_stmt *st, int col, size_t *n)
{
	*n = 0;
	if (p_column_null(st, col))
		return NULL;
	const char *v = PQgetvalue(st->res, cur(st), col);
	if (PQftype(st->res, col) != OID_BYTEA) {
		*n = (size_t)PQgetlength(st->res, cur(st), col);
		return v;
	}
	PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)v, n);
	return st->blob;
}

static const char *p_column_name(struct db_stmt *st, int col)
{
	return st->res ? PQfname(st->res, col) : "";
}

static enum db_type p_column_type(struct db_stmt *st, int col)
{
	if (p_column_null(st, col))
		return DB_T_NULL;
	switch (PQftype(st->res, col)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_T_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_T_REAL;
	case OID_BYTEA:
		return DB_T_BLOB;
	default:
		return DB_T_TEXT;
	}
}

static int64_t p_changes(struct db *db)
{
	return pg(db)->changes;
}

static const char *p_errmsg(struct db *db)
{
	return pg(db)->msg;
}

static bool p_tx_failed(struct db *db)
{
	return PQtransactionStatus(pg(db)->c) == PQTRANS_INERROR;
}

const struct db_driver db_pg_driver = {
    .name = "postgresql",
    .open = p_open,
    .close = p_close,
    .prepare = p_prepare,
    .finalize = p_finalize,
    .exec = p_exec,
    .bind_int64 = p_bind_int64,
    .bind_text = p_bind_text,
    .bind_blob = p_bind_blob,
    .bind_null = p_bind_null,
    .step = p_step,
    .reset = p_reset,
    .column_count = p_column_count,
    .column_null = p_column_null,
    .column_int64 = p_column_int64,
    .column_text = p_column_text,
    .column_blob = p_column_blob,
    .column_name = p_column_name,
    .column_type = p_column_type,
    .changes = p_changes,
    .errmsg = p_errmsg,
    .tx_failed = p_tx_failed,
};
