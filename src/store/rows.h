/* rows: what every file of queries in store/ does the same way — reading a column into the
 * caller's arena, reading one row or a page of rows (limit + 1 asked for, so the extra one
 * says there is a next page, whose cursor is the last kept row's id), an INSERT ...
 * RETURNING id, an UPDATE of one row (by id, or by id and version), growing an arena
 * array, the upper bound of a subtree's path range, the event logs (their rows have one
 * shape for every chain), and the list-query composer with the scope filter of the three
 * lists.
 *
 * The composer is the one place SQL is composed at run time: fixed fragments, each "?"
 * bound in turn to the value given with it; no text from input ever becomes SQL. */
#ifndef HUIYIN_STORE_ROWS_H
#define HUIYIN_STORE_ROWS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/appeals.h"
#include "store/db.h"
#include "util/arena.h"

/* Reads one row of a statement into *item (a struct of the caller's type). */
typedef void (*rows_read_fn)(struct db_stmt *st, struct arena *a, void *item);

/* Column i as text copied into a, or NULL when the column is NULL. */
const char *rows_text(struct db_stmt *st, int i, struct arena *a);

/* Steps st once and resets it: the row is read into item. Returns 0; 404 "<what> not found"
 * when there is no row; 500 on a database error. */
int rows_one(struct db_stmt *st, rows_read_fn read, struct arena *a, void *item,
	     const char *what, struct err *e);

/* Steps a statement whose one row starts with an id (INSERT ... RETURNING id) and resets
 * it. Returns DB_ROW with *id set, or what db_step() gave (DB_DONE or a DB_* error). */
int rows_step_id(struct db_stmt *st, int64_t *id);
/* The same, with failures mapped to e: a constraint failure is 409 `conflict`, anything
 * else 500 `db_error` naming the driver's message (rows_db_error). Returns 0 or -1. */
int rows_returning_id(struct db *db, struct db_stmt *st, int64_t *id, struct err *e);
/* Sets e to 500 `db_error` with the driver's last message; returns -1. */
int rows_db_error(struct db *db, struct err *e);

/* Runs an UPDATE ... WHERE id = ? AND version = ? (db_run); when it changed no row, 409
 * `stale`, "the <what> was changed meanwhile; reload it". Returns 0 or -1. */
int rows_run_versioned(struct db *db, struct db_stmt *st, const char *what, struct err *e);

/* Runs an UPDATE or DELETE of one row by its id (db_run); 404 "<what> not found" when it
 * changed none. Returns 0 or -1. */
int rows_run_found(struct db *db, struct db_stmt *st, const char *what, struct err *e);

/* Reads the rows of st (which asked for limit + 1) into a new arena array of items of
 * `size` bytes, each read by `read`, and resets st (a composed statement is then still the
 * caller's to finalize). With `next`, at most limit rows are kept and *next is the id (at
 * id_offset in the item) of the last one when there were more, else 0; without it every
 * row read (at most limit + 1) is kept. Returns the array with *n items, or NULL with e
 * set to 500 on a database error. */
void *rows_page(struct db_stmt *st, int64_t limit, size_t size, size_t id_offset,
		rows_read_fn read, struct arena *a, int *n, int64_t *next, struct err *e);

/* Room for item `count` in the arena array `items` of *cap items of `size` bytes: the array
 * itself while count < *cap, else a copy twice as large (16 items when *cap is 0, items
 * may then be NULL); *cap follows. */
void *rows_grow(struct arena *a, void *items, size_t size, int count, int *cap);

/* The upper bound of the subtree at `path` ("/1/3/" -> "/1/30", the last character plus
 * one), in a: a subtree is the text range [path, bound). */
char *rows_path_bound(struct arena *a, const char *path);

/* Reads the rows of an event query (seq, type, actor_kind, actor_id, public, data,
 * created_at, actor's display name, and optionally the hash as a ninth column) and resets
 * the statement: the logs of appeals, needs, resources and projects have one shape. */
int rows_events(struct db_stmt *st, struct arena *a, struct store_event **out, int *n,
		struct err *e);

/* ---- the list-query composer ------------------------------------------------------- */

/* A list query composed at run time. Zeroed, it holds up to 8 KiB of SQL and 128 values;
 * max_len and max_values, when set, make it refuse sooner. */
struct store_sql {
	char sql[8192];
	size_t len;
	const char *texts[128];
	int64_t ints[128];
	bool is_int[128];
	int n;
	bool overflow;
	size_t max_len;
	int max_values;
};
void store_sql_add(struct store_sql *c, const char *s);
/* Appends frag, whose one "?" is bound to v. */
void store_sql_text(struct store_sql *c, const char *frag, const char *v);
void store_sql_int(struct store_sql *c, const char *frag, int64_t v);
/* Appends "(col >= P AND col < bound(P))": col within the subtree at path. */
void store_sql_range(struct store_sql *c, const char *col, const char *path, struct arena *a);

/* The caller's scope for a list: all (a grant at the root), or the subtrees of `paths`
 * and the orgs `org_ids` themselves (their grants). */
struct store_scope {
	bool all;
	const char *const *paths;
	int n_paths;
	const int64_t *org_ids;
	int n_orgs;
};
/* Where a scope applies: the column `col` of the row itself (exists NULL), or of a
 * related row, "EXISTS (SELECT 1 FROM t x WHERE x.fk = row.id AND " + the condition + ")". */
struct store_scope_target {
	const char *exists;
	const char *col;
};
/* Appends " AND (...)" for a scope: one of the targets lies within one of the scope's
 * subtrees, or — when member_of (a SQL expression giving a community id) is given — one of
 * the scope's orgs is a member unit of that alliance. Nothing for scope->all. */
void store_sql_scope(struct store_sql *c, const struct store_scope *s,
		     const struct store_scope_target *t, int n, const char *member_of,
		     struct arena *a);
/* Prepares the composed text and binds its values; 400 "too many filters" when it did
 * not fit. Release it with db_finalize(). */
struct db_stmt *store_sql_prepare(struct db *db, struct store_sql *c, struct err *e);
/* Counts the rows the composed query (a list's, with its LIMIT) gives, instead of reading
 * them: the query becomes "SELECT COUNT(*) FROM (<query>) t". Returns 0 with *count, or -1
 * with e set (400 "too many filters" as store_sql_prepare). */
int store_sql_count(struct db *db, struct store_sql *c, int64_t *count, struct err *e);

#endif
