/* Unit tests of store/tables: the list of tables `huiyin copy` carries against the schema
 * the SQLite migrations make — every table listed (or deliberately skipped), each after
 * the tables it references (a self-reference only as its late column), the ORDER BY its
 * primary key, and the seeded and identity flags true to the schema. A table added by a
 * migration but not to store_tables[] fails here. So does a copy of an org's path (a column
 * `path` or `*_path`) missing from store_path_copies[] (store/orgs.c), which a move of a
 * subtree rewrites: a copy left out would keep deciding scope on the old tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/migrate.h"
#include "store/orgs.h"
#include "store/tables.h"

static char path[64];

static int setup(void **state)
{
	snprintf(path, sizeof path, "/tmp/huiyin-test-tables-%d.db", (int)getpid());
	unlink(path);
	struct db *db;
	struct err e;
	if (db_open(path, DB_OPEN_CREATE, &db, &e) || migrate_apply(db, NULL, &e))
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	char side[80];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return 0;
}

static int index_of(const char *name)
{
	for (int i = 0; i < store_tables_n; i++)
		if (!strcmp(store_tables[i].name, name))
			return i;
	return -1;
}

static void every_table_listed(void **state)
{
	struct db *db = *state;
	struct err e;
	struct db_stmt *st = db_prepare_text(
		db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", &e);
	assert_non_null(st);
	int seen = 0;
	while (db_step(st) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		if (store_table_skipped(name))
			continue;
		if (index_of(name) < 0)
			fail_msg("table %s is in the schema but not in store_tables[] (store/tables.c)",
				 name);
		seen++;
	}
	db_finalize(st);
	/* And nothing listed that the schema lacks (the list has no duplicates). */
	assert_int_equal(seen, store_tables_n);
	for (int i = 0; i < store_tables_n; i++)
		assert_int_equal(index_of(store_tables[i].name), i);
}

static void references_point_back(void **state)
{
	struct db *db = *state;
	struct err e;
	struct db_stmt *st =
		db_prepare_text(db, "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?1)", &e);
	assert_non_null(st);
	for (int i = 0; i < store_tables_n; i++) {
		const struct store_table *t = &store_tables[i];
		bool late_seen = false;
		db_reset(st);
		db_bind_text(st, 1, t->name);
		while (db_step(st) == DB_ROW) {
			const char *to = db_col_text(st, 0), *from = db_col_text(st, 1);
			int k = index_of(to);
			if (k == i) {
				if (!t->late || strcmp(t->late, from))
					fail_msg("%s.%s references its own table: make it the late column",
						 t->name, from);
				late_seen = true;
			} else if (k < 0 || k > i) {
				fail_msg("%s.%s references %s, which is not listed before it", t->name,
					 from, to);
			}
		}
		if (t->late && !late_seen)
			fail_msg("%s.%s is a late column but no self-reference", t->name, t->late);
	}
	db_finalize(st);
}

static void order_is_the_primary_key(void **state)
{
	struct db *db = *state;
	struct err e;
	struct db_stmt *st = db_prepare_text(
		db, "SELECT name, type FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", &e);
	assert_non_null(st);
	for (int i = 0; i < store_tables_n; i++) {
		const struct store_table *t = &store_tables[i];
		char key[200] = "";
		bool int_id = false;
		int n = 0;
		db_reset(st);
		db_bind_text(st, 1, t->name);
		while (db_step(st) == DB_ROW) {
			const char *col = db_col_text(st, 0);
			if (n++)
				strcat(key, ", ");
			strcat(key, col);
			int_id = n == 1 && !strcmp(col, "id") && !strcmp(db_col_text(st, 1), "INTEGER");
		}
		if (strcmp(key, t->order))
			fail_msg("%s is copied in the order of \"%s\", its primary key is \"%s\"",
				 t->name, t->order, key);
		bool identity = int_id && n == 1;
		if (identity != !!(t->flags & TABLE_IDENTITY))
			fail_msg("%s: TABLE_IDENTITY must be %s", t->name, identity ? "set" : "clear");
	}
	db_finalize(st);
}

static void seeded_tables_are_those_with_rows(void **state)
{
	struct db *db = *state;
	struct err e;
	for (int i = 0; i < store_tables_n; i++) {
		int64_t n = -1;
		assert_int_equal(store_table_count(db, &store_tables[i], &n, &e), 0);
		if ((n > 0) != !!(store_tables[i].flags & TABLE_SEEDED))
			fail_msg("%s has %lld rows after the migrations: TABLE_SEEDED must be %s",
				 store_tables[i].name, (long long)n, n > 0 ? "set" : "clear");
	}
	const char *used = "x";
	assert_int_equal(store_tables_first_used(db, false, &used, &e), 0);
	assert_null(used);
}

static void counters_come_last(void **state)
{
	(void)state;
	bool counter_seen = false;
	for (int i = 0; i < store_tables_n; i++) {
		bool counter = store_tables[i].flags & TABLE_COUNTER;
		if (counter_seen && !counter)
			fail_msg("%s follows a TABLE_COUNTER table", store_tables[i].name);
		counter_seen |= counter;
	}
	assert_true(store_tables[store_tables_n - 1].flags & TABLE_COUNTER);
}

static int copy_of(const char *table, const char *column)
{
	for (int i = 0; i < store_path_copies_n; i++)
		if (!strcmp(store_path_copies[i].table, table) &&
		    !strcmp(store_path_copies[i].column, column))
			return i;
	return -1;
}

static bool is_path_column(const char *name)
{
	size_t n = strlen(name);
	return !strcmp(name, "path") || (n > 5 && !strcmp(name + n - 5, "_path"));
}

static void path_copies_listed(void **state)
{
	struct db *db = *state;
	struct err e;
	struct db_stmt *st = db_prepare_text(
		db,
		"SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c"
		" WHERE m.type = 'table' ORDER BY m.name, c.cid",
		&e);
	assert_non_null(st);
	int seen = 0;
	while (db_step(st) == DB_ROW) {
		const char *table = db_col_text(st, 0), *column = db_col_text(st, 1);
		if (store_table_skipped(table) || !is_path_column(column))
			continue;
		if (copy_of(table, column) < 0)
			fail_msg("%s.%s holds an org's path but is not in store_path_copies[] "
				 "(store/orgs.c): a move would leave it behind",
				 table, column);
		seen++;
	}
	db_finalize(st);
	/* Nothing listed that the schema lacks, and no entry twice. */
	assert_int_equal(seen, store_path_copies_n);
	for (int i = 0; i < store_path_copies_n; i++) {
		const struct store_path_copy *c = &store_path_copies[i];
		assert_int_equal(copy_of(c->table, c->column), i);
	}
	/* Each copy names its org: a reference to orgs (or, for orgs.path, the row's id). */
	st = db_prepare_text(db,
			     "SELECT count(*) FROM pragma_foreign_key_list(?1)"
			     " WHERE \"table\" = 'orgs' AND \"from\" = ?2",
			     &e);
	assert_non_null(st);
	for (int i = 0; i < store_path_copies_n; i++) {
		const struct store_path_copy *c = &store_path_copies[i];
		if (!strcmp(c->table, "orgs")) {
			assert_string_equal(c->id_column, "id");
			continue;
		}
		db_reset(st);
		db_bind_text(st, 1, c->table);
		db_bind_text(st, 2, c->id_column);
		assert_int_equal(db_step(st), DB_ROW);
		if (db_col_int64(st, 0) != 1)
			fail_msg("%s.%s: %s does not reference orgs", c->table, c->column,
				 c->id_column);
	}
	db_finalize(st);
}

static void skipped_names(void **state)
{
	(void)state;
	assert_true(store_table_skipped("schema_migrations"));
	assert_true(store_table_skipped("appeal_search"));
	assert_true(store_table_skipped("appeal_search_data"));
	assert_false(store_table_skipped("appeals"));
	assert_false(store_table_skipped("orgs"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_table_listed),
		cmocka_unit_test(references_point_back),
		cmocka_unit_test(order_is_the_primary_key),
		cmocka_unit_test(seeded_tables_are_those_with_rows),
		cmocka_unit_test(counters_come_last),
		cmocka_unit_test(path_copies_listed),
		cmocka_unit_test(skipped_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
