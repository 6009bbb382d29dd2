/* rows: the row helpers and the list-query composer every file of queries shares (see
 * rows.h). */
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

const char *rows_text(struct db_stmt *st, int i, struct arena *a)
{
	return db_col_null(st, i) ? NULL : arena_strdup(a, db_col_text(st, i));
}

int rows_one(struct db_stmt *st, rows_read_fn read, struct arena *a, void *item,
	     const char *what, struct err *e)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		read(st, a, item);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return rc < 0 ? err_internal(e, "database error") : err_not_found(e, what);
}

int rows_step_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return rc;
}

int rows_db_error(struct db *db, struct err *e)
{
	return err_set(e, 500, "db_error", NULL, "database: %s", db_errmsg(db));
}

int rows_returning_id(struct db *db, struct db_stmt *st, int64_t *id, struct err *e)
{
	int rc = rows_step_id(st, id);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_conflict(e, "conflict", "the change conflicts with existing data");
	if (rc == DB_BUSY)
		return err_set(e, 503, "busy", NULL, "the database is busy, try again");
	return rows_db_error(db, e);
}

int rows_run_versioned(struct db *db, struct db_stmt *st, const char *what, struct err *e)
{
	if (db_run(st, e, db))
		return -1;
	if (db_changes(db) == 0)
		return err_stale(e, what);
	return 0;
}

int rows_run_found(struct db *db, struct db_stmt *st, const char *what, struct err *e)
{
	if (db_run(st, e, db))
		return -1;
	return db_changes(db) ? 0 : err_not_found(e, what);
}

void *rows_page(struct db_stmt *st, int64_t limit, size_t size, size_t id_offset,
		rows_read_fn read, struct arena *a, int *n, int64_t *next, struct err *e)
{
	char *items = arena_alloc(a, size * (size_t)(limit + 1));
	int count = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && count <= limit)
		read(st, a, items + size * (size_t)count++);
	db_reset(st);
	if (rc < 0) {
		err_internal(e, "database error");
		return NULL;
	}
	if (next) {
		*next = 0;
		if (count > limit) {
			count = (int)limit;
			memcpy(next, items + size * (size_t)(count - 1) + id_offset, sizeof *next);
		}
	}
	*n = count;
	return items;
}

void *rows_grow(struct arena *a, void *items, size_t size, int count, int *cap)
{
	if (count < *cap)
		return items;
	int more = *cap ? *cap * 2 : 16;
	void *p = arena_alloc(a, size * (size_t)more);
	if (count)
		memcpy(p, items, size * (size_t)count);
	*cap = more;
	return p;
}

char *rows_path_bound(struct arena *a, const char *path)
{
	size_t n = strlen(path);
	char *bound = arena_strdup(a, path);
	if (n)
		bound[n - 1] = (char)(bound[n - 1] + 1);
	return bound;
}

int rows_events(struct db_stmt *st, struct arena *a, struct store_event **out, int *n,
		struct err *e)
{
	int cap = 16, count = 0, rc;
	struct store_event *items = arena_alloc(a, sizeof *items * (size_t)cap);
	bool hashed = db_col_count(st) > 8;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		struct store_event *ev = &items[count++];
		ev->seq = db_col_int64(st, 0);
		ev->type = arena_strdup(a, db_col_text(st, 1));
		ev->actor_kind = arena_strdup(a, db_col_text(st, 2));
		ev->actor_id = db_col_int64(st, 3);
		ev->public = db_col_int64(st, 4) != 0;
		ev->data = arena_strdup(a, db_col_text(st, 5));
		ev->created_at = arena_strdup(a, db_col_text(st, 6));
		ev->actor_name = rows_text(st, 7, a);
		size_t hn = 0;
		const unsigned char *h = hashed ? db_col_blob(st, 8, &hn) : NULL;
		for (size_t k = 0; h && k < hn && k < 32; k++)
			snprintf(ev->hash + 2 * k, 3, "%02x", h[k]);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}

/* ---- the composer ------------------------------------------------------------------ */

void store_sql_add(struct store_sql *c, const char *s)
{
	size_t n = strlen(s);
	size_t cap = c->max_len ? c->max_len : sizeof c->sql;
	if (c->len + n + 1 >= cap) {
		c->overflow = true;
		return;
	}
	memcpy(c->sql + c->len, s, n + 1);
	c->len += n;
}

/* Appends frag with its one "?" numbered in turn. */
static void add_value(struct store_sql *c, const char *frag, const char *text, int64_t v,
		      bool is_int)
{
	const char *q = strchr(frag, '?');
	int max = c->max_values ? c->max_values : (int)(sizeof c->ints / sizeof c->ints[0]);
	if (!q || c->n == max) {
		c->overflow = true;
		return;
	}
	char head[512], num[16];
	size_t k = (size_t)(q - frag);
	if (k >= sizeof head) {
		c->overflow = true;
		return;
	}
	memcpy(head, frag, k);
	head[k] = 0;
	store_sql_add(c, head);
	snprintf(num, sizeof num, "?%d", c->n + 1);
	store_sql_add(c, num);
	store_sql_add(c, q + 1);
	c->is_int[c->n] = is_int;
	c->texts[c->n] = text;
	c->ints[c->n] = v;
	c->n++;
}

void store_sql_text(struct store_sql *c, const char *frag, const char *v)
{
	add_value(c, frag, v, 0, false);
}

void store_sql_int(struct store_sql *c, const char *frag, int64_t v)
{
	add_value(c, frag, NULL, v, true);
}

void store_sql_range(struct store_sql *c, const char *col, const char *path, struct arena *a)
{
	char frag[160];
	snprintf(frag, sizeof frag, "(%s >= ?", col);
	store_sql_text(c, frag, path);
	snprintf(frag, sizeof frag, " AND %s < ?)", col);
	store_sql_text(c, frag, rows_path_bound(a, path));
}

void store_sql_scope(struct store_sql *c, const struct store_scope *s,
		     const struct store_scope_target *t, int n, const char *member_of,
		     struct arena *a)
{
	if (s->all)
		return;
	store_sql_add(c, " AND (0 = 1");
	for (int k = 0; k < n && s->n_paths; k++) {
		store_sql_add(c, " OR ");
		if (t[k].exists)
			store_sql_add(c, t[k].exists);
		store_sql_add(c, "(0 = 1");
		for (int i = 0; i < s->n_paths; i++) {
			store_sql_add(c, " OR ");
			store_sql_range(c, t[k].col, s->paths[i], a);
		}
		store_sql_add(c, t[k].exists ? "))" : ")");
	}
	if (member_of && s->n_orgs) {
		store_sql_add(c, " OR EXISTS (SELECT 1 FROM org_members m WHERE m.alliance_id = ");
		store_sql_add(c, member_of);
		store_sql_add(c, " AND m.unit_id IN (");
		for (int i = 0; i < s->n_orgs; i++)
			store_sql_int(c, i ? ", ?" : "?", s->org_ids[i]);
		store_sql_add(c, "))");
	}
	store_sql_add(c, ")");
}

struct db_stmt *store_sql_prepare(struct db *db, struct store_sql *c, struct err *e)
{
	if (c->overflow) {
		err_invalid(e, NULL, "too many filters");
		return NULL;
	}
	struct db_stmt *st = db_prepare_text(db, c->sql, e);
	if (!st)
		return NULL;
	for (int i = 0; i < c->n; i++) {
		if (c->is_int[i])
			db_bind_int64(st, i + 1, c->ints[i]);
		else
			db_bind_text(st, i + 1, c->texts[i]);
	}
	return st;
}

int store_sql_count(struct db *db, struct store_sql *c, int64_t *count, struct err *e)
{
	static const char head[] = "SELECT COUNT(*) FROM (", tail[] = ") t";
	size_t cap = c->max_len ? c->max_len : sizeof c->sql;
	if (c->len + sizeof head + sizeof tail >= cap)
		c->overflow = true;
	if (!c->overflow) {
		memmove(c->sql + sizeof head - 1, c->sql, c->len + 1);
		memcpy(c->sql, head, sizeof head - 1);
		c->len += sizeof head - 1;
		store_sql_add(c, tail);
	}
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	*count = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_finalize(st);
	return rc == DB_ROW ? 0 : rows_db_error(db, e);
}
