/* list_counts: the three lists' figures (see list_counts.h). */
#include "store/list_counts.h"
#include "store/rows.h"

#include <stdio.h>

/* When a need was first matched: its first commitment (报到). */
#define FIRST_COMMIT "(SELECT MIN(c.committed_at) FROM commitments c WHERE c.need_id = t.id)"

/* " AND (col within one of the paths) AND (col within org) AND (col within community)" */
static void within(struct store_sql *c, const char *col, const struct list_count_filter *f,
                   struct arena *a)
{
	if (f->n_paths) {
		store_sql_add(c, " AND (0 = 1");
		for (int i = 0; i < f->n_paths; i++) {
			store_sql_add(c, " OR ");
			store_sql_range(c, col, f->paths[i], a);
		}
		store_sql_add(c, ")");
	}
	const char *narrow[] = {f->org_path, f->community_path};
	for (int i = 0; i < 2; i++)
		if (narrow[i]) {
			store_sql_add(c, " AND ");
			store_sql_range(c, col, narrow[i], a);
		}
}

/* Runs `head` (ending in "time >= ?", then " AND time < ?" is added), the place filter on
 * col and `tail`; reads up to max rows of (text?, count) into status/count. */
static int run(struct db *db, const char *head, const char *time, const char *col, const char *tail,
               const struct list_count_filter *f, struct arena *a, const char **status,
               int64_t *count, int max, int *n, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	char frag[96];
	store_sql_text(c, head, f->from);
	snprintf(frag, sizeof frag, " AND %s < ?", time);
	store_sql_text(c, frag, f->to);
	within(c, col, f, a);
	store_sql_add(c, tail);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < max) {
		if (status)
			status[k] = rows_text(st, 0, a);
		count[k++] = db_col_int64(st, status ? 1 : 0);
	}
	db_finalize(st);
	if (rc < 0)
		return err_internal(e, "database error");
	if (n)
		*n = k;
	return 0;
}

int store_list_counts(struct db *db, const struct list_count_filter *f, struct arena *a,
                      struct store_list_counts *o, struct err *e)
{
	*o = (struct store_list_counts){0};
	if (run(db, "SELECT COUNT(*) FROM needs t WHERE t.created_at >= ?", "t.created_at",
	        "t.place_path", "", f, a, NULL, &o->needs_raised, 1, NULL, e) ||
	    run(db, "SELECT COUNT(*) FROM needs t WHERE " FIRST_COMMIT " >= ?", FIRST_COMMIT,
	        "t.place_path", "", f, a, NULL, &o->needs_matched, 1, NULL, e) ||
	    run(db,
	        "SELECT COUNT(*) FROM needs t JOIN need_events v ON v.need_id = t.id"
	        " AND v.type = 'fulfil' WHERE v.created_at >= ?",
	        "v.created_at", "t.place_path", "", f, a, NULL, &o->needs_fulfilled, 1, NULL, e) ||
	    run(db, "SELECT COUNT(*) FROM resources t WHERE t.created_at >= ?", "t.created_at",
	        "t.org_path", "", f, a, NULL, &o->resources_offered, 1, NULL, e) ||
	    run(db,
	        "SELECT COUNT(DISTINCT t.id) FROM commitments c JOIN resources t"
	        " ON t.id = c.resource_id WHERE c.committed_at >= ?",
	        "c.committed_at", "t.org_path", "", f, a, NULL, &o->resources_committed, 1, NULL,
	        e) ||
	    run(db, "SELECT t.status, COUNT(*) FROM projects t WHERE t.created_at >= ?",
	        "t.created_at", "t.owner_path", " GROUP BY t.status", f, a, o->status, o->projects,
	        8, &o->n_status, e))
		return -1;
	return 0;
}
