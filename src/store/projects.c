/* projects: SQL of the project list (see projects.h). */
#include "store/projects.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <stddef.h>
#include <string.h>

#define PROJECT_COLS                                                                          \
	"p.id, p.version, p.title, p.description, p.owner_org_id, p.owner_path, o.name,"      \
	" p.status, p.started_at, p.completed_at, p.beneficiaries_reached,"                   \
	" p.outcome_summary, p.rating, p.rating_comment, p.evaluated_at, p.evaluated_by,"     \
	" p.created_by, p.created_at, p.updated_at, p.event_count"
#define FROM_PROJECTS " FROM projects p JOIN orgs o ON o.id = p.owner_org_id"

static struct db_query q_get = DB_QUERY(
	"SELECT " PROJECT_COLS FROM_PROJECTS " WHERE p.id = ?1");
static struct db_query q_needs = DB_QUERY(
	"SELECT n.id, n.place_path FROM project_needs x JOIN needs n ON n.id = x.need_id"
	" WHERE x.project_id = ?1 ORDER BY n.id");
static struct db_query q_resources = DB_QUERY(
	"SELECT resource_id FROM project_resources WHERE project_id = ?1 ORDER BY resource_id");
static struct db_query q_units = DB_QUERY(
	"SELECT u.org_id, u.org_path, o.name FROM project_units u JOIN orgs o ON o.id = u.org_id"
	" WHERE u.project_id = ?1 ORDER BY u.org_id");
static struct db_query q_milestones = DB_QUERY(
	"SELECT id, project_id, seq, title, due, done_on, overdue FROM milestones"
	" WHERE project_id = ?1 ORDER BY seq");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO projects (title, description, owner_org_id, owner_path, status, created_by,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, " STORE_ORG_PATH_OF("?3", "?4") ", ?5, ?6,"
	" ?7, ?7) RETURNING id");
static struct db_query q_need_add = DB_QUERY(
	"INSERT INTO project_needs (project_id, need_id) VALUES (?1, ?2)");
static struct db_query q_resource_add = DB_QUERY(
	"INSERT INTO project_resources (project_id, resource_id) VALUES (?1, ?2)");
static struct db_query q_unit_add = DB_QUERY(
	"INSERT INTO project_units (project_id, org_id, org_path)"
	" VALUES (?1, ?2, " STORE_ORG_PATH_OF("?2", "?3") ")"
	" ON CONFLICT (project_id, org_id) DO NOTHING");
static struct db_query q_milestones_clear = DB_QUERY(
	"DELETE FROM milestones WHERE project_id = ?1");
static struct db_query q_milestone_add = DB_QUERY(
	"INSERT INTO milestones (project_id, seq, title, due, done_on, overdue)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
static struct db_query q_update = DB_QUERY(
	"UPDATE projects SET title = ?2, description = ?3, status = ?4, started_at = ?5,"
	" completed_at = ?6, beneficiaries_reached = ?7, outcome_summary = ?8, rating = ?9,"
	" rating_comment = ?10, evaluated_at = ?11, evaluated_by = ?12, updated_at = ?13,"
	" version = version + 1 WHERE id = ?1 AND version = ?14");
static struct db_query q_milestone_done = DB_QUERY(
	"UPDATE milestones SET done_on = ?2 WHERE id = ?1");
static struct db_query q_overdue = DB_QUERY(
	"SELECT m.id, m.project_id, m.seq, m.title, m.due, m.done_on, m.overdue, p.owner_org_id,"
	" p.title FROM milestones m JOIN projects p ON p.id = m.project_id"
	" WHERE m.done_on IS NULL AND m.overdue = 0 AND m.due < ?1"
	" AND p.status IN ('planned', 'running') ORDER BY m.due, m.id LIMIT ?2");
static struct db_query q_flag = DB_QUERY("UPDATE milestones SET overdue = 1 WHERE id = ?1");
static struct db_query q_events = DB_QUERY(
	"SELECT e.seq, e.type, e.actor_kind, e.actor_id, e.public, e.data, e.created_at,"
	" u.display_name FROM project_events e LEFT JOIN users u ON u.id = e.actor_id"
	" WHERE e.project_id = ?1 AND (?2 = 0 OR e.public = 1) ORDER BY e.seq");
static struct db_query q_of_need = DB_QUERY(
	"SELECT project_id FROM project_needs WHERE need_id = ?1 ORDER BY project_id");
static struct db_query q_records = DB_QUERY(
	"SELECT u.org_id, COUNT(*), COUNT(p.rating),"
	" SUM(CASE WHEN p.rating = 'satisfied' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN p.rating = 'basically_satisfied' THEN 1 ELSE 0 END) FROM project_units u"
	" JOIN projects p ON p.id = u.project_id WHERE p.status IN ('done', 'evaluated')"
	" GROUP BY u.org_id ORDER BY u.org_id");

static void read_project(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_project *o = item;
	memset(o, 0, sizeof *o);
	int i = 0;
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->title = rows_text(st, i++, a);
	o->description = rows_text(st, i++, a);
	o->owner_org_id = db_col_int64(st, i++);
	o->owner_path = rows_text(st, i++, a);
	o->owner_name = rows_text(st, i++, a);
	o->status = rows_text(st, i++, a);
	o->started_at = rows_text(st, i++, a);
	o->completed_at = rows_text(st, i++, a);
	o->beneficiaries_reached = db_col_null(st, i) ? -1 : db_col_int64(st, i);
	i++;
	o->outcome_summary = rows_text(st, i++, a);
	o->rating = rows_text(st, i++, a);
	o->rating_comment = rows_text(st, i++, a);
	o->evaluated_at = rows_text(st, i++, a);
	o->evaluated_by = db_col_int64(st, i++);
	o->created_by = db_col_int64(st, i++);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
	o->event_count = db_col_int64(st, i++);
}

static void read_milestone(struct db_stmt *st, struct arena *a, struct store_milestone *m)
{
	m->id = db_col_int64(st, 0);
	m->project_id = db_col_int64(st, 1);
	m->seq = db_col_int64(st, 2);
	m->title = rows_text(st, 3, a);
	m->due = rows_text(st, 4, a);
	m->done_on = rows_text(st, 5, a);
	m->overdue = db_col_int64(st, 6) != 0;
}

static int load_relations(struct db *db, struct store_project *o, struct arena *a,
			  struct err *e)
{
	int rc, cap;
	struct db_stmt *st = db_prepare(db, &q_needs, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	cap = 4;
	o->n_needs = 0;
	o->need_ids = arena_alloc(a, sizeof *o->need_ids * (size_t)cap);
	o->need_paths = arena_alloc(a, sizeof *o->need_paths * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		int c2 = cap;
		o->need_ids = rows_grow(a, o->need_ids, sizeof *o->need_ids, o->n_needs, &c2);
		o->need_paths =
			rows_grow(a, o->need_paths, sizeof *o->need_paths, o->n_needs, &cap);
		o->need_ids[o->n_needs] = db_col_int64(st, 0);
		o->need_paths[o->n_needs++] = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");

	st = db_prepare(db, &q_resources, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	cap = 4;
	o->n_resources = 0;
	o->resource_ids = arena_alloc(a, sizeof *o->resource_ids * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		o->resource_ids = rows_grow(a, o->resource_ids, sizeof *o->resource_ids,
					    o->n_resources, &cap);
		o->resource_ids[o->n_resources++] = db_col_int64(st, 0);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");

	st = db_prepare(db, &q_units, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	cap = 4;
	o->n_units = 0;
	o->unit_ids = arena_alloc(a, sizeof *o->unit_ids * (size_t)cap);
	o->unit_paths = arena_alloc(a, sizeof *o->unit_paths * (size_t)cap);
	o->unit_names = arena_alloc(a, sizeof *o->unit_names * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		int c2 = cap, c3 = cap;
		o->unit_ids = rows_grow(a, o->unit_ids, sizeof *o->unit_ids, o->n_units, &c2);
		o->unit_names =
			rows_grow(a, o->unit_names, sizeof *o->unit_names, o->n_units, &c3);
		o->unit_paths =
			rows_grow(a, o->unit_paths, sizeof *o->unit_paths, o->n_units, &cap);
		o->unit_ids[o->n_units] = db_col_int64(st, 0);
		o->unit_paths[o->n_units] = arena_strdup(a, db_col_text(st, 1));
		o->unit_names[o->n_units++] = arena_strdup(a, db_col_text(st, 2));
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");

	st = db_prepare(db, &q_milestones, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	cap = 4;
	o->n_milestones = 0;
	o->milestones = arena_alloc(a, sizeof *o->milestones * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		o->milestones = rows_grow(a, o->milestones, sizeof *o->milestones,
					  o->n_milestones, &cap);
		read_milestone(st, a, &o->milestones[o->n_milestones++]);
	}
	db_reset(st);
	return rc < 0 ? err_internal(e, "database error") : 0;
}

int store_project_get(struct db *db, int64_t id, struct arena *a, struct store_project *o,
		      struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	if (rows_one(st, read_project, a, o, "project", e))
		return -1;
	return load_relations(db, o, a, e);
}

static int pair(struct db *db, struct db_query *q, int64_t a1, int64_t a2, const char *t3,
		struct err *e)
{
	struct db_stmt *st = db_prepare(db, q, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, a1);
	db_bind_int64(st, 2, a2);
	if (t3)
		db_bind_text(st, 3, t3);
	return db_run(st, e, db);
}

int store_project_set_milestones(struct db *db, struct store_project *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_milestones_clear, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	if (db_run(st, e, db))
		return -1;
	for (int i = 0; i < o->n_milestones; i++) {
		struct store_milestone *m = &o->milestones[i];
		st = db_prepare(db, &q_milestone_add, e);
		if (!st)
			return -1;
		m->project_id = o->id;
		m->seq = i + 1;
		db_bind_int64(st, 1, o->id);
		db_bind_int64(st, 2, m->seq);
		db_bind_text(st, 3, m->title);
		db_bind_text(st, 4, m->due);
		db_bind_text(st, 5, m->done_on);
		db_bind_int64(st, 6, m->overdue);
		if (rows_step_id(st, &m->id) != DB_ROW)
			return rows_db_error(db, e);
	}
	return 0;
}

int store_project_insert(struct db *db, struct store_project *o, const char *now,
			 struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, o->title);
	db_bind_text(st, 2, o->description ? o->description : "");
	db_bind_int64(st, 3, o->owner_org_id);
	db_bind_text(st, 4, o->owner_path);
	db_bind_text(st, 5, o->status);
	db_bind_id(st, 6, o->created_by);
	db_bind_text(st, 7, now);
	if (rows_step_id(st, &o->id) != DB_ROW)
		return rows_db_error(db, e);
	o->version = 1;
	o->created_at = o->updated_at = now;
	for (int i = 0; i < o->n_needs; i++)
		if (pair(db, &q_need_add, o->id, o->need_ids[i], NULL, e))
			return -1;
	for (int i = 0; i < o->n_resources; i++)
		if (pair(db, &q_resource_add, o->id, o->resource_ids[i], NULL, e))
			return -1;
	for (int i = 0; i < o->n_units; i++)
		if (pair(db, &q_unit_add, o->id, o->unit_ids[i], o->unit_paths[i], e))
			return -1;
	return store_project_set_milestones(db, o, e);
}

int store_project_update(struct db *db, struct store_project *o, const char *now,
			 struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->title);
	db_bind_text(st, 3, o->description ? o->description : "");
	db_bind_text(st, 4, o->status);
	db_bind_text(st, 5, o->started_at);
	db_bind_text(st, 6, o->completed_at);
	if (o->beneficiaries_reached >= 0)
		db_bind_int64(st, 7, o->beneficiaries_reached);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, o->outcome_summary);
	db_bind_text(st, 9, o->rating);
	db_bind_text(st, 10, o->rating_comment);
	db_bind_text(st, 11, o->evaluated_at);
	db_bind_id(st, 12, o->evaluated_by);
	db_bind_text(st, 13, now);
	db_bind_int64(st, 14, o->version);
	if (rows_run_versioned(db, st, "project", e))
		return -1;
	o->version++;
	o->updated_at = now;
	return 0;
}

int store_milestone_done(struct db *db, int64_t id, const char *done_on, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_milestone_done, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, done_on);
	return db_run(st, e, db);
}

int store_milestones_overdue(struct db *db, const char *today, int limit, struct arena *a,
			     struct store_overdue_milestone **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_overdue, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, today);
	db_bind_int64(st, 2, limit);
	struct store_overdue_milestone *items = arena_alloc(a, sizeof *items * (size_t)limit);
	int count = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && count < limit) {
		read_milestone(st, a, &items[count].m);
		items[count].owner_org_id = db_col_int64(st, 7);
		items[count++].project_title = rows_text(st, 8, a);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}

int store_milestone_flag(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_flag, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return db_run(st, e, db);
}

int store_project_list(struct db *db, const struct project_filter *f, struct arena *a,
		       struct store_project **out, int *n, int64_t *next, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT " PROJECT_COLS FROM_PROJECTS " WHERE 1 = 1");
	static const struct store_scope_target targets[] = {
		{NULL, "p.owner_path"},
		{"EXISTS (SELECT 1 FROM project_units x WHERE x.project_id = p.id AND ",
		 "x.org_path"},
		{"EXISTS (SELECT 1 FROM project_needs x JOIN needs n ON n.id = x.need_id"
		 " WHERE x.project_id = p.id AND ",
		 "n.place_path"},
	};
	store_sql_scope(c, &f->scope, targets, 3, NULL, a);
	if (f->status)
		store_sql_text(c, " AND p.status = ?", f->status);
	if (f->public_board)
		store_sql_add(c, " AND p.status IN ('running', 'done', 'evaluated')");
	if (f->owner_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "p.owner_path", f->owner_path, a);
	}
	if (f->need_id)
		store_sql_int(c, " AND EXISTS (SELECT 1 FROM project_needs y WHERE"
				 " y.project_id = p.id AND y.need_id = ?)",
			      f->need_id);
	if (f->community_path) {
		store_sql_add(c, " AND EXISTS (SELECT 1 FROM project_needs y JOIN needs m"
				 " ON m.id = y.need_id WHERE y.project_id = p.id AND ");
		store_sql_range(c, "m.place_path", f->community_path, a);
		store_sql_add(c, ")");
	}
	if (f->after)
		store_sql_int(c, " AND p.id < ?", f->after);
	store_sql_int(c, " ORDER BY p.id DESC LIMIT ?", f->limit + 1);
	if (f->count)
		return store_sql_count(db, c, f->count, e);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	*out = rows_page(st, f->limit, sizeof **out, offsetof(struct store_project, id),
			 read_project, a, n, next, e);
	db_finalize(st);
	if (!*out)
		return -1;
	for (int i = 0; i < *n; i++)
		if (load_relations(db, &(*out)[i], a, e))
			return -1;
	return 0;
}

int store_project_events(struct db *db, int64_t id, bool public_only, struct arena *a,
			 struct store_event **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_events, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, public_only);
	return rows_events(st, a, out, n, e);
}

int store_project_ids_of_need(struct db *db, int64_t need_id, struct arena *a, int64_t **ids,
			      int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_of_need, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, need_id);
	int cap = 4, count = 0, rc;
	int64_t *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		items[count++] = db_col_int64(st, 0);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*ids = items;
	*n = count;
	return 0;
}

int store_unit_records(struct db *db, struct arena *a, struct store_unit_record **out, int *n,
		       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_records, e);
	if (!st)
		return -1;
	int cap = 16, count = 0, rc;
	struct store_unit_record *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		struct store_unit_record *u = &items[count++];
		u->org_id = db_col_int64(st, 0);
		u->delivered = (int)db_col_int64(st, 1);
		u->rated = (int)db_col_int64(st, 2);
		u->satisfied = (int)db_col_int64(st, 3);
		u->basically_satisfied = (int)db_col_int64(st, 4);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}
