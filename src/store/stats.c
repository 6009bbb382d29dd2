/* stats: SQL of the day counters (see stats.h). The sums are composed from fixed
 * fragments (store/rows.h), each with bound values. */
#include "store/stats.h"

#include <jansson.h>
#include <string.h>

#include "store/rows.h"
#include "util/clock.h"

const char *const store_stats_columns[STORE_STATS_COUNTS] = {
    "received", "dispatched",        "responded",       "contacted",      "answered", "on_time",
    "rated",    "satisfied",         "resolved_halves", "resolved_known", "reopened", "callbacks",
    "unrated",  "closed_unresolved", "overdue",         "escalated",
};

#define COLS                                                                                       \
	"received, dispatched, responded, contacted, answered, on_time, rated, satisfied,"         \
	" resolved_halves, resolved_known, reopened, callbacks, unrated, closed_unresolved,"       \
	" overdue, escalated"
#define ADD(c) " " #c " = stats_days." #c " + excluded." #c
static struct db_query q_add = DB_QUERY(
    "INSERT INTO stats_days (day, unit_id, place_id, category, channel, tier, " COLS ")"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?21, ?22) ON CONFLICT (day, unit_id, place_id, category, channel, tier) DO UPDATE"
    " SET" ADD(received) "," ADD(dispatched) "," ADD(responded) "," ADD(contacted) "," ADD(answered) "," ADD(on_time) "," ADD(rated) "," ADD(satisfied) "," ADD(
        resolved_halves) "," ADD(resolved_known) "," ADD(reopened) "," ADD(callbacks) "," ADD(unrated) "," ADD(closed_unresolved) "," ADD(overdue) "," ADD(escalated));
static struct db_query q_add_month = DB_QUERY(
    "INSERT INTO stats_months AS stats_days (month, unit_id, " COLS ") VALUES (?1, ?2, ?3, ?4, ?5,"
    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) ON CONFLICT (month, unit_id)"
    " DO UPDATE SET" ADD(received) "," ADD(dispatched) "," ADD(responded) "," ADD(contacted) "," ADD(answered) "," ADD(on_time) "," ADD(rated) "," ADD(satisfied) "," ADD(
        resolved_halves) "," ADD(resolved_known) "," ADD(reopened) "," ADD(callbacks) "," ADD(unrated) "," ADD(closed_unresolved) "," ADD(overdue) "," ADD(escalated));
static struct db_query q_clear = DB_QUERY("DELETE FROM stats_days");
static struct db_query q_clear_months = DB_QUERY("DELETE FROM stats_months");
static struct db_query q_setting = DB_QUERY("SELECT value FROM stats_settings WHERE key = ?1");
static struct db_query q_setting_put =
    DB_QUERY("INSERT INTO stats_settings (key, value) VALUES (?1, ?2)"
             " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
static struct db_query q_events = DB_QUERY(
    "SELECT e.appeal_id, COALESCE(a.community_id, 0), a.category, a.channel, a.tier, e.type,"
    " e.data, e.created_at, a.ack_due, a.contact_due FROM appeal_events e"
    " JOIN appeals a ON a.id = e.appeal_id ORDER BY e.appeal_id, e.seq");

int store_stats_add(struct db *db, const struct store_stats_key *k,
                    const int64_t counts[STORE_STATS_COUNTS], struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_add, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, k->day);
	db_bind_int64(st, 2, k->unit_id);
	db_bind_int64(st, 3, k->place_id);
	db_bind_text(st, 4, k->category);
	db_bind_text(st, 5, k->channel);
	db_bind_text(st, 6, k->tier);
	for (int i = 0; i < STORE_STATS_COUNTS; i++)
		db_bind_int64(st, 7 + i, counts[i]);
	if (db_run(st, e, db) || !(st = db_prepare(db, &q_add_month, e)))
		return -1;
	db_bind_int64(st, 1, k->month);
	db_bind_int64(st, 2, k->unit_id);
	for (int i = 0; i < STORE_STATS_COUNTS; i++)
		db_bind_int64(st, 3 + i, counts[i]);
	return db_run(st, e, db);
}

/* Can the sum be read from the months' rows (and the edge days)? */
static bool coarse(const struct store_stats_where *w, enum store_stats_group g)
{
	return g != STORE_STATS_BY_DAY && !w->community_id && !w->category && !w->channel &&
	       !w->tier && (w->scope_all || w->org_path || w->unit_id) &&
	       w->month_from <= w->month_last;
}

/* " FROM (months UNION ALL edge days) s": the unit and the counters of the period. */
static void coarse_source(struct store_sql *c, const struct store_stats_where *w)
{
	store_sql_add(c, " FROM (SELECT unit_id, " COLS " FROM stats_months");
	store_sql_int(c, " WHERE month >= ?", w->month_from);
	store_sql_int(c, " AND month <= ?", w->month_last);
	/* The days before the first whole month and after the last, each a range of the
	 * primary key. */
	store_sql_add(c, " UNION ALL SELECT unit_id, " COLS " FROM stats_days");
	store_sql_int(c, " WHERE day >= ?", w->from_day);
	store_sql_int(c, " AND day < ?", w->month_from);
	store_sql_add(c, " UNION ALL SELECT unit_id, " COLS " FROM stats_days");
	store_sql_int(c, " WHERE day > ?", w->month_last_end);
	store_sql_int(c, " AND day <= ?) s", w->to_day);
}

int store_stats_sum(struct db *db, const struct store_stats_where *w, enum store_stats_group g,
                    struct arena *a, struct store_stats_row **out, int *n, struct err *e)
{
	struct store_sql c = {0};
	store_sql_add(&c, g == STORE_STATS_BY_UNIT  ? "SELECT s.unit_id, MIN(u.path)"
	                  : g == STORE_STATS_BY_DAY ? "SELECT s.day, NULL"
	                                            : "SELECT 0, NULL");
	for (int i = 0; i < STORE_STATS_COUNTS; i++) {
		store_sql_add(&c, ", SUM(s.");
		store_sql_add(&c, store_stats_columns[i]);
		store_sql_add(&c, ")");
	}
	bool by_month = coarse(w, g);
	/* The orgs only when a path is asked for or filtered by. */
	bool unit_join = g == STORE_STATS_BY_UNIT || w->org_path || !w->scope_all;
	if (by_month)
		coarse_source(&c, w);
	else
		store_sql_add(&c, " FROM stats_days s");
	if (unit_join)
		store_sql_add(&c, " LEFT JOIN orgs u ON u.id = s.unit_id");
	if (!w->scope_all && !by_month)
		store_sql_add(&c, " LEFT JOIN orgs p ON p.id = s.place_id");
	if (by_month) {
		store_sql_add(&c, " WHERE 1 = 1");
	} else {
		store_sql_int(&c, " WHERE s.day >= ?", w->from_day);
		store_sql_int(&c, " AND s.day <= ?", w->to_day);
	}
	if (w->unit_id)
		store_sql_int(&c, " AND s.unit_id = ?", w->unit_id);
	if (w->community_id)
		store_sql_int(&c, " AND s.place_id = ?", w->community_id);
	/* In the months' rows the scope comes from an org or unit filter (coarse()). */
	if (w->org_path) {
		store_sql_add(&c, " AND ");
		store_sql_range(&c, "u.path", w->org_path, a);
	}
	if (w->category)
		store_sql_text(&c, " AND s.category = ?", w->category);
	if (w->channel)
		store_sql_text(&c, " AND s.channel = ?", w->channel);
	if (w->tier)
		store_sql_text(&c, " AND s.tier = ?", w->tier);
	struct store_scope scope = {
	    .all = w->scope_all, .paths = w->scope_paths, .n_paths = w->n_scope};
	static const struct store_scope_target targets[] = {{NULL, "u.path"}, {NULL, "p.path"}};
	if (!by_month)
		store_sql_scope(&c, &scope, targets, 2, NULL, a);
	if (g == STORE_STATS_BY_UNIT)
		store_sql_add(&c, " GROUP BY s.unit_id ORDER BY s.unit_id");
	else if (g == STORE_STATS_BY_DAY)
		store_sql_add(&c, " GROUP BY s.day ORDER BY s.day");
	struct db_stmt *st = store_sql_prepare(db, &c, e);
	if (!st)
		return -1;
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		/* An empty sum (no rows at all) reads as NULLs: zeros. */
		*out = rows_grow(a, *out, sizeof **out, *n, &cap);
		struct store_stats_row *r = &(*out)[(*n)++];
		r->key = db_col_int64(st, 0);
		r->unit_path = rows_text(st, 1, a);
		for (int i = 0; i < STORE_STATS_COUNTS; i++)
			r->counts[i] = db_col_int64(st, 2 + i);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rows_db_error(db, e);
	return 0;
}

const char *store_stats_setting(struct db *db, const char *key, struct arena *a, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_setting, e);
	if (!st)
		return NULL;
	db_bind_text(st, 1, key);
	const char *v = db_step(st) == DB_ROW ? rows_text(st, 0, a) : NULL;
	db_reset(st);
	return v;
}

int store_stats_setting_put(struct db *db, const char *key, const char *value, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_setting_put, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_run(st, e, db);
}

int store_stats_clear(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_clear, e);
	if (!st || db_run(st, e, db) || !(st = db_prepare(db, &q_clear_months, e)))
		return -1;
	return db_run(st, e, db);
}

static int64_t time_of(const char *s)
{
	int64_t t = 0;
	return s && !clock_parse_iso(s, &t) ? t : 0;
}

static const char *str_of(json_t *d, const char *key)
{
	return json_string_value(json_object_get(d, key));
}

int store_stats_events(struct db *db, store_stats_event_fn fn, void *arg, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_events, e);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *d = json_loads(db_col_text(st, 6), 0, NULL);
		struct store_stats_event ev = {
		    .appeal_id = db_col_int64(st, 0),
		    .community_id = db_col_int64(st, 1),
		    .category = db_col_text(st, 2),
		    .channel = db_col_text(st, 3),
		    .tier = db_col_text(st, 4),
		    .type = db_col_text(st, 5),
		    .t = time_of(db_col_text(st, 7)),
		    .row_ack_due = time_of(db_col_text(st, 8)),
		    .row_contact_due = time_of(db_col_text(st, 9)),
		    .to = str_of(d, "to"),
		    .rating = str_of(d, "rating"),
		    .resolved = str_of(d, "resolved"),
		    .ev_tier = str_of(d, "tier"),
		    .lead_org_id = json_integer_value(json_object_get(d, "lead_org_id")),
		    .ack_due = time_of(str_of(d, "ack_due")),
		    .contact_due = time_of(str_of(d, "contact_due")),
		    .answer_due = time_of(str_of(d, "answer_due")),
		};
		int r = fn(arg, &ev, e);
		json_decref(d);
		if (r) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : rows_db_error(db, e);
}
