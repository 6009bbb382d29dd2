/* tables: the data tables in foreign-key order, and copying their rows from one database
 * to another whatever their columns (`huiyin copy`).
 *
 * store_tables[] is the one list of what a copy carries. Every table is listed after the
 * tables it references, so rows can go in table by table with foreign keys checked at
 * once. A self-reference (orgs.parent_id, appeals.merged_into) cannot be ordered that way
 * (an org may be moved under a newer one, an appeal merged into a newer one): it is its
 * table's `late` column, inserted as NULL and set by a second pass once every row is in.
 * tests/unit/test_tables.c checks the list against the SQLite schema: every table listed
 * (but those store_table_skipped() names), references pointing backwards, the seeded and
 * identity flags right.
 *
 * Not copied: schema_migrations (the target's migrations write it) and the full-text
 * index appeal_search, which is contentless on SQLite (its text cannot be read back): the
 * copy rebuilds it from the appeals' title and description. */
#ifndef HUIYIN_STORE_TABLES_H
#define HUIYIN_STORE_TABLES_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

enum store_table_flags {
	/* The migrations insert rows (tiers, categories, the calendar, the admin chain's
	 * head, auth_version): a copy replaces them with the source's. */
	TABLE_SEEDED = 1,
	/* An integer `id` primary key the database assigns (an identity column on
	 * PostgreSQL, whose sequence must move past copied ids). */
	TABLE_IDENTITY = 2,
	/* A counter that triggers on other tables move (auth_version): copied after every
	 * other row is committed, in a transaction of its own. On PostgreSQL those triggers
	 * are deferred to the commit, so a batch committed after the counter's row went in
	 * would still move it past the source's value. Only at the end of the list. */
	TABLE_COUNTER = 4,
};

struct store_table {
	const char *name;
	const char *order; /* ORDER BY of the copy: the primary key */
	const char *late;  /* a self-reference set after every row is in, or NULL */
	unsigned flags;
};

extern const struct store_table store_tables[];
extern const int store_tables_n;

/* Whether a table of the schema is deliberately left out of store_tables[]
 * (schema_migrations, the full-text index and its shadow tables, SQLite's own). */
bool store_table_skipped(const char *name);

/* The newest migration recorded in db's schema_migrations; 404 when the database has no
 * such table (not a Huiyin database, or an empty one). Never writes. */
int store_schema_version(struct db *db, int *version, struct err *e);
/* The number of rows of t. */
int store_table_count(struct db *db, const struct store_table *t, int64_t *n, struct err *e);
/* The first table not TABLE_SEEDED that holds a row (*name), or *name NULL when none
 * does. With `lenient`, a table that cannot be read (not created yet) counts as empty. */
int store_tables_first_used(struct db *db, bool lenient, const char **name, struct err *e);
/* Deletes the rows of the TABLE_SEEDED tables (dependants first), inside the caller's
 * transaction, so the source's rows can take their place. */
int store_tables_clear_seeded(struct db *db, struct err *e);

/* Called after each row a copy writes; returns 0 to go on or -1 with e set. The copy's
 * caller commits batches there (the statements of a copy survive a commit). */
typedef int (*store_tick_fn)(void *arg, struct err *e);

/* Copies every row of t from src to dst, in t->order: `SELECT *` on src, an INSERT of the
 * same columns on dst, each value bound by its type; t->late goes in as NULL. Runs inside
 * the caller's transactions on both (a read one on src). *rows counts the rows copied. */
int store_table_copy(struct db *src, struct db *dst, const struct store_table *t,
                     store_tick_fn tick, void *arg, int64_t *rows, struct err *e);
/* The second pass for t->late (nothing when NULL): sets it on dst where src has it. */
int store_table_copy_late(struct db *src, struct db *dst, const struct store_table *t,
                          store_tick_fn tick, void *arg, struct err *e);
/* Calls fn with each appeal's id, title and description, in id order (to rebuild the
 * full-text index). The strings are valid during the call only. */
int store_appeal_texts(struct db *db,
                       int (*fn)(void *arg, int64_t id, const char *title, const char *description,
                                 struct err *e),
                       void *arg, struct err *e);
/* After rows were inserted with their ids: on PostgreSQL, moves the identity sequence of
 * every TABLE_IDENTITY table past its largest id, so the next insert gets a fresh one.
 * Nothing on SQLite (an INTEGER PRIMARY KEY takes the largest id plus one). */
int store_tables_reset_ids(struct db *db, struct err *e);

#endif
