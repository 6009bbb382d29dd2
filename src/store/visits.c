/* visits: SQL of the visit log (see visits.h). The list is composed with rows.h from fixed
 * fragments with bound values. A visit's follow-up is open while it is undecided, or its
 * appeal is not closed, or its need is neither fulfilled nor closed: one expression,
 * VISIT_OPEN, used by the list's order and the counts alike. */
#include "store/visits.h"
#include "store/appeals.h"

#include <stddef.h>
#include <string.h>

#define VISIT_OPEN                                                                                 \
	"CASE WHEN v.outcome = 'open' OR (v.outcome = 'appeal' AND ap.status <> 'closed')"          \
	" OR (v.outcome = 'need' AND nd.status NOT IN ('fulfilled', 'closed')) THEN 1 ELSE 0 END"
#define VISIT_COLS                                                                                 \
	"v.id, v.version, v.room_id, v.community_id, v.person_id, v.visited_at, v.raised,"         \
	" v.category, v.outcome, v.answer, v.referral, v.referred_org_id, v.appeal_id,"           \
	" v.need_id, v.recorded_by, v.decided_by, v.decided_at, v.created_at, v.updated_at,"      \
	" r.name, o.path, o.name, u.display_name, p.name, p.phone, p.erased_at,"                  \
	" COALESCE(ap.tracking_no, nd.tracking_no), COALESCE(ap.status, nd.status), " VISIT_OPEN \
	" AS is_open"
#define FROM_VISITS                                                                                \
	" FROM visits v JOIN rooms r ON r.id = v.room_id JOIN orgs o ON o.id = v.community_id"     \
	" JOIN persons p ON p.id = v.person_id LEFT JOIN users u ON u.id = v.recorded_by"          \
	" LEFT JOIN appeals ap ON ap.id = v.appeal_id LEFT JOIN needs nd ON nd.id = v.need_id"

static struct db_query q_get = DB_QUERY("SELECT " VISIT_COLS FROM_VISITS " WHERE v.id = ?1");
static struct db_query q_insert = DB_QUERY(
    "INSERT INTO visits (room_id, community_id, visited_at, person_id, raised, category,"
    " recorded_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
    " RETURNING id");
static struct db_query q_decide = DB_QUERY(
    "UPDATE visits SET outcome = ?2, answer = ?3, referral = ?4, referred_org_id = ?5,"
    " appeal_id = ?6, need_id = ?7, decided_by = ?8, decided_at = ?9, updated_at = ?9,"
    " version = version + 1 WHERE id = ?1 AND version = ?10 AND outcome = 'open'");

static struct db_query q_official =
    DB_QUERY("SELECT 1 FROM officials WHERE community_id = ?1 AND user_id = ?2 AND active = 1");

static struct db_query q_poster_duties =
    DB_QUERY("SELECT d.day, d.from_time, d.to_time, f.name, u.name FROM duties d"
             " JOIN officials f ON f.id = d.official_id LEFT JOIN orgs u ON u.id = f.unit_id"
             " WHERE d.room_id = ?1 AND d.day >= ?2 AND d.day <= ?3 AND d.status <> 'missed'"
             " ORDER BY d.starts_at, d.seat LIMIT ?4");

static void read_visit(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_visit *o = item;
	int i = 0;
	memset(o, 0, sizeof *o);
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->room_id = db_col_int64(st, i++);
	o->community_id = db_col_int64(st, i++);
	o->person_id = db_col_int64(st, i++);
	o->visited_at = rows_text(st, i++, a);
	o->raised = rows_text(st, i++, a);
	o->category = rows_text(st, i++, a);
	o->outcome = rows_text(st, i++, a);
	o->answer = rows_text(st, i++, a);
	o->referral = rows_text(st, i++, a);
	o->referred_org_id = db_col_int64(st, i++);
	o->appeal_id = db_col_int64(st, i++);
	o->need_id = db_col_int64(st, i++);
	o->recorded_by = db_col_int64(st, i++);
	o->decided_by = db_col_int64(st, i++);
	o->decided_at = rows_text(st, i++, a);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
	o->room_name = rows_text(st, i++, a);
	o->community_path = rows_text(st, i++, a);
	o->community_name = rows_text(st, i++, a);
	o->recorder_name = rows_text(st, i++, a);
	o->name = rows_text(st, i++, a);
	o->phone = rows_text(st, i++, a);
	o->erased = !db_col_null(st, i++);
	o->follow_no = rows_text(st, i++, a);
	o->follow_status = rows_text(st, i++, a);
	o->open = db_col_int64(st, i++) != 0;
}

int store_visit_get(struct db *db, int64_t id, struct arena *a, struct store_visit *o,
                    struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_one(st, read_visit, a, o, "visit", e);
}

int store_visit_official(struct db *db, int64_t community_id, int64_t user_id, bool *out,
                         struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_official, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, community_id);
	db_bind_int64(st, 2, user_id);
	int rc = db_step(st);
	db_reset(st);
	if (rc < 0)
		return rows_db_error(db, e);
	*out = rc == DB_ROW;
	return 0;
}

int store_visit_insert(struct db *db, struct store_visit *o, struct err *e)
{
	if (store_person_insert(db, o->name, o->phone, NULL, &o->person_id, e))
		return -1;
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->room_id);
	db_bind_int64(st, 2, o->community_id);
	db_bind_text(st, 3, o->visited_at);
	db_bind_int64(st, 4, o->person_id);
	db_bind_text(st, 5, o->raised);
	db_bind_text(st, 6, o->category);
	db_bind_int64(st, 7, o->recorded_by);
	db_bind_text(st, 8, o->created_at);
	if (rows_returning_id(db, st, &o->id, e))
		return -1;
	o->version = 1;
	o->updated_at = o->created_at;
	return 0;
}

int store_visit_decide(struct db *db, struct store_visit *o, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_decide, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->outcome);
	db_bind_text(st, 3, o->answer);
	db_bind_text(st, 4, o->referral);
	db_bind_id(st, 5, o->referred_org_id);
	db_bind_id(st, 6, o->appeal_id);
	db_bind_id(st, 7, o->need_id);
	db_bind_id(st, 8, o->decided_by);
	db_bind_text(st, 9, now);
	db_bind_int64(st, 10, o->version);
	if (rows_run_versioned(db, st, "visit", e))
		return -1;
	o->version++;
	o->decided_at = o->updated_at = now;
	return 0;
}

/* The filters every query over a set of visits shares. */
static void add_filters(struct store_sql *c, const struct visit_filter *f, struct arena *a)
{
	static const struct store_scope_target on_place = {NULL, "o.path"};
	store_sql_scope(c, &f->scope, &on_place, 1, "v.community_id", a);
	if (f->room_id)
		store_sql_int(c, " AND v.room_id = ?", f->room_id);
	if (f->community_id)
		store_sql_int(c, " AND v.community_id = ?", f->community_id);
}

int store_visit_list(struct db *db, const struct visit_filter *f, struct arena *a,
                     struct store_visit **out, int *n, bool *more, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT * FROM (SELECT " VISIT_COLS FROM_VISITS " WHERE 1 = 1");
	add_filters(c, f, a);
	store_sql_add(c, ") q WHERE 1 = 1");
	if (f->open >= 0)
		store_sql_int(c, " AND q.is_open = ?", f->open);
	if (f->after_open == 1)
		store_sql_int(c, " AND (q.is_open = 0 OR q.id < ?)", f->after_id);
	else if (f->after_open == 0)
		store_sql_int(c, " AND q.is_open = 0 AND q.id < ?", f->after_id);
	store_sql_int(c, " ORDER BY q.is_open DESC, q.id DESC LIMIT ?", f->limit + 1);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	/* Without a `next`, rows_page keeps the extra row: it says there are more. */
	*out = rows_page(st, f->limit, sizeof **out, offsetof(struct store_visit, id), read_visit, a,
	                 n, NULL, e);
	db_finalize(st);
	if (!*out)
		return -1;
	*more = *n > f->limit;
	if (*more)
		*n = (int)f->limit;
	return 0;
}

int store_visit_counts(struct db *db, const struct visit_filter *f, const char *from,
                       const char *to, struct arena *a, struct visit_counts *out,
                       struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT COUNT(*),"
	                 " COALESCE(SUM(CASE WHEN v.outcome = 'open' THEN 1 ELSE 0 END), 0),"
	                 " COALESCE(SUM(CASE WHEN v.outcome = 'answered' THEN 1 ELSE 0 END), 0),"
	                 " COALESCE(SUM(CASE WHEN v.outcome = 'appeal' THEN 1 ELSE 0 END), 0),"
	                 " COALESCE(SUM(CASE WHEN v.outcome = 'need' THEN 1 ELSE 0 END), 0),"
	                 " COALESCE(SUM(CASE WHEN v.outcome = 'referred' THEN 1 ELSE 0 END), 0),"
	                 " COALESCE(SUM(CASE WHEN v.outcome IN ('appeal', 'need') THEN " VISIT_OPEN
	                 " ELSE 0 END), 0)" FROM_VISITS " WHERE 1 = 1");
	add_filters(c, f, a);
	if (from)
		store_sql_text(c, " AND v.visited_at >= ?", from);
	if (to)
		store_sql_text(c, " AND v.visited_at < ?", to);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int64_t *v[] = {&out->visits, &out->open,     &out->answered,       &out->appeal,
		                &out->need,   &out->referred, &out->follow_ups_open};
		for (int i = 0; i < 7; i++)
			*v[i] = db_col_int64(st, i);
	}
	db_finalize(st);
	return rc == DB_ROW ? 0 : rows_db_error(db, e);
}

static void read_duty(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_poster_duty *d = item;
	d->day = rows_text(st, 0, a);
	d->from_time = rows_text(st, 1, a);
	d->to_time = rows_text(st, 2, a);
	d->name = rows_text(st, 3, a);
	d->unit_name = rows_text(st, 4, a);
}

int store_poster_duties(struct db *db, int64_t room_id, const char *from, const char *to, int max,
                        struct arena *a, struct store_poster_duty **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_poster_duties, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, room_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	db_bind_int64(st, 4, max);
	*out = rows_page(st, max, sizeof **out, 0, read_duty, a, n, NULL, e);
	return *out ? 0 : -1;
}
