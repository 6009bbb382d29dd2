/* appeals: SQL of appeals (see appeals.h). The list query is composed at run time with
 * the composer of rows.h, from a fixed set of WHERE fragments each with bound parameters;
 * no text from input ever becomes SQL. */
#include "store/appeals.h"
#include "store/orgs.h"
#include "store/rows.h"
#include "util/clock.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define APPEAL_COLS                                                                                \
	"a.id, a.version, a.tracking_no, a.access_hash, a.channel, a.category, a.tier,"            \
	" a.urgency, a.title, a.description, a.submitter_type, a.submitter_org_id,"                \
	" a.person_id, a.created_by, a.community_id, a.place_path, a.address, a.lat, a.lng,"       \
	" a.publishable, a.status, a.closed_as, a.proposed_org_id, a.lead_org_id,"                 \
	" a.merged_into, a.lead_path, a.accept_due, a.ack_due, a.contact_due, a.answer_due,"       \
	" a.accepted_at, a.dispatched_at, a.acknowledged_at, a.contacted_at, a.replied_at,"        \
	" a.closed_at, a.suspended_at, a.status_before_suspend, a.overdue_steps,"                  \
	" a.extension_days, a.unsatisfied_count, a.reply, a.outcome, a.rating,"                    \
	" a.rating_comment, a.rated_at, a.callback_rating, a.published, a.public_title,"           \
	" a.public_description, a.public_reply, a.created_at, a.updated_at, a.event_count,"        \
	" a.resolved, a.callback_resolved, a.addressed_to, a.room_id, p.name, p.phone, p.email,"  \
	" p.erased_at"
#define FROM_APPEALS " FROM appeals a JOIN persons p ON p.id = a.person_id"

static struct db_query q_get = DB_QUERY("SELECT " APPEAL_COLS FROM_APPEALS " WHERE a.id = ?1");
static struct db_query q_by_no =
    DB_QUERY("SELECT " APPEAL_COLS FROM_APPEALS " WHERE a.tracking_no = ?1");
static struct db_query q_assists =
    DB_QUERY("SELECT org_id, org_path FROM appeal_assists WHERE appeal_id = ?1 ORDER BY org_id");
static struct db_query q_person_insert =
    DB_QUERY("INSERT INTO persons (name, phone, email) VALUES (?1, ?2, ?3) RETURNING id");
static struct db_query q_insert = DB_QUERY(
    "INSERT INTO appeals (tracking_no, access_hash, channel, category, tier, urgency, title,"
    " description, submitter_type, submitter_org_id, person_id, created_by, community_id,"
    " place_path, address, lat, lng, publishable, status, proposed_org_id, accept_due,"
    " created_at, updated_at, addressed_to, room_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, " STORE_ORG_PATH_OF("?13", "?14") ", ?15, ?16, ?17, ?18, ?19,"
                                                                " ?20, ?21, ?22, ?22, ?23, ?24)"
                                                                " RETURNING id");
static struct db_query q_search_insert =
    DB_QUERY("INSERT INTO appeal_search (rowid, tokens) VALUES (?1, ?2)");
static struct db_query q_update = DB_QUERY(
    "UPDATE appeals SET tier = ?2, status = ?3, closed_as = ?4, lead_org_id = ?5,"
    " lead_path = " STORE_ORG_PATH_OF(
        "?5",
        "?6") ", merged_into = ?7, accept_due = ?8,"
              " ack_due = ?9, contact_due = ?10,"
              " answer_due = ?11, accepted_at = ?12, dispatched_at = ?13, acknowledged_at = ?14,"
              " contacted_at = ?15, replied_at = ?16, closed_at = ?17, suspended_at = ?18,"
              " status_before_suspend = ?19, overdue_steps = ?20, extension_days = ?21,"
              " unsatisfied_count = ?22, reply = ?23, outcome = ?24, rating = ?25,"
              " rating_comment = ?26, rated_at = ?27, callback_rating = ?28, published = ?29,"
              " public_title = ?30, public_description = ?31, public_reply = ?32, updated_at = ?33,"
              " resolved = ?35, callback_resolved = ?36,"
              " version = version + 1 WHERE id = ?1 AND version = ?34");
static struct db_query q_assists_clear =
    DB_QUERY("DELETE FROM appeal_assists WHERE appeal_id = ?1");
static struct db_query q_assist_add =
    DB_QUERY("INSERT INTO appeal_assists (appeal_id, org_id, org_path)"
             " VALUES (?1, ?2, " STORE_ORG_PATH_OF("?2", "?3") ")");
static struct db_query q_open_recent =
    DB_QUERY("SELECT " APPEAL_COLS FROM_APPEALS " WHERE a.status <> 'closed' AND a.id <> ?1"
             " ORDER BY a.id DESC LIMIT ?2");
static struct db_query q_published = DB_QUERY("SELECT " APPEAL_COLS FROM_APPEALS
                                              " WHERE a.published = 1 AND (a.id < ?1 OR ?1 IS NULL)"
                                              " ORDER BY a.id DESC LIMIT ?2");
static struct db_query q_overdue =
    DB_QUERY("SELECT " APPEAL_COLS FROM_APPEALS " WHERE a.status IN ('submitted', 'dispatched',"
             " 'in_progress', 'reopened') AND ("
             "(a.status = 'submitted' AND a.accept_due < ?1 AND (a.overdue_steps & 1) = 0)"
             " OR (a.status IN ('dispatched', 'reopened') AND a.ack_due < ?1"
             " AND (a.overdue_steps & 2) = 0)"
             " OR (a.status <> 'submitted' AND a.contacted_at IS NULL AND a.contact_due < ?1"
             " AND (a.overdue_steps & 4) = 0)"
             " OR (a.status <> 'submitted' AND a.answer_due < ?1 AND (a.overdue_steps & 8) = 0))"
             " ORDER BY a.id LIMIT ?2");
static struct db_query q_unrated =
    DB_QUERY("SELECT " APPEAL_COLS FROM_APPEALS " WHERE a.status = 'replied' AND a.replied_at < ?1"
             " ORDER BY a.id LIMIT ?2");
static struct db_query q_tracking =
    DB_QUERY("INSERT INTO tracking_seq (day, last) VALUES (?1, 1)"
             " ON CONFLICT (day) DO UPDATE SET last = tracking_seq.last + 1 RETURNING last");
static struct db_query q_erase =
    DB_QUERY("UPDATE persons SET name = '', phone = '', email = '', erased_at = ?2"
             " WHERE erased_at IS NULL AND id IN (SELECT person_id FROM appeals"
             " WHERE status = 'closed' AND closed_at < ?1)");
/* A need has no closed_at: it is done when its fulfil or close event is (there is one,
 * and no step leads out of either state). */
static struct db_query q_erase_needs =
    DB_QUERY("UPDATE persons SET name = '', phone = '', email = '', erased_at = ?2"
             " WHERE erased_at IS NULL AND id IN (SELECT n.person_id FROM needs n"
             " WHERE n.person_id IS NOT NULL AND n.status IN ('fulfilled', 'closed')"
             " AND EXISTS (SELECT 1 FROM need_events e WHERE e.need_id = n.id"
             " AND e.type IN ('fulfil', 'close') AND e.created_at < ?1))");

static void read_appeal(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_appeal *o = item;
	int i = 0;
	memset(o, 0, sizeof *o);
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->tracking_no = rows_text(st, i++, a);
	size_t n = 0;
	const void *h = db_col_blob(st, i++, &n);
	if (h && n == sizeof o->access_hash)
		memcpy(o->access_hash, h, n);
	o->channel = rows_text(st, i++, a);
	o->category = rows_text(st, i++, a);
	o->tier = rows_text(st, i++, a);
	o->urgency = rows_text(st, i++, a);
	o->title = rows_text(st, i++, a);
	o->description = rows_text(st, i++, a);
	o->submitter_type = rows_text(st, i++, a);
	o->submitter_org_id = db_col_int64(st, i++);
	o->person_id = db_col_int64(st, i++);
	o->created_by = db_col_int64(st, i++);
	o->community_id = db_col_int64(st, i++);
	o->place_path = rows_text(st, i++, a);
	o->address = rows_text(st, i++, a);
	o->has_location = !db_col_null(st, i);
	if (o->has_location) {
		const char *lat = db_col_text(st, i);
		const char *lng = db_col_text(st, i + 1);
		sscanf(lat, "%lf", &o->lat);
		sscanf(lng, "%lf", &o->lng);
	}
	i += 2;
	o->publishable = db_col_int64(st, i++) != 0;
	o->status = rows_text(st, i++, a);
	o->closed_as = rows_text(st, i++, a);
	o->proposed_org_id = db_col_int64(st, i++);
	o->lead_org_id = db_col_int64(st, i++);
	o->merged_into = db_col_int64(st, i++);
	o->lead_path = rows_text(st, i++, a);
	const char **times[] = {&o->accept_due,      &o->ack_due,      &o->contact_due,
	                        &o->answer_due,      &o->accepted_at,  &o->dispatched_at,
	                        &o->acknowledged_at, &o->contacted_at, &o->replied_at,
	                        &o->closed_at,       &o->suspended_at, &o->status_before_suspend};
	for (size_t k = 0; k < sizeof times / sizeof times[0]; k++)
		*times[k] = rows_text(st, i++, a);
	o->overdue_steps = db_col_int64(st, i++);
	o->extension_days = db_col_int64(st, i++);
	o->unsatisfied_count = db_col_int64(st, i++);
	o->reply = rows_text(st, i++, a);
	o->outcome = rows_text(st, i++, a);
	o->rating = rows_text(st, i++, a);
	o->rating_comment = rows_text(st, i++, a);
	o->rated_at = rows_text(st, i++, a);
	o->callback_rating = rows_text(st, i++, a);
	o->published = db_col_int64(st, i++) != 0;
	o->public_title = rows_text(st, i++, a);
	o->public_description = rows_text(st, i++, a);
	o->public_reply = rows_text(st, i++, a);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
	o->event_count = db_col_int64(st, i++);
	o->resolved = rows_text(st, i++, a);
	o->callback_resolved = rows_text(st, i++, a);
	o->addressed_to = db_col_int64(st, i++);
	o->room_id = db_col_int64(st, i++);
	o->name = rows_text(st, i++, a);
	o->phone = rows_text(st, i++, a);
	o->email = rows_text(st, i++, a);
	o->erased = !db_col_null(st, i++);
}

static int load_assists(struct db *db, struct store_appeal *o, struct arena *a, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_assists, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	int rc;
	o->n_assist = 0;
	while ((rc = db_step(st)) == DB_ROW && o->n_assist < APPEAL_MAX_ASSISTS) {
		o->assist_ids[o->n_assist] = db_col_int64(st, 0);
		o->assist_paths[o->n_assist++] = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? err_internal(e, "database error") : 0;
}

static int one(struct db *db, struct db_stmt *st, struct arena *a, struct store_appeal *o,
               struct err *e)
{
	if (rows_one(st, read_appeal, a, o, "appeal", e))
		return -1;
	return load_assists(db, o, a, e);
}

int store_appeal_get(struct db *db, int64_t id, struct arena *a, struct store_appeal *o,
                     struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return one(db, st, a, o, e);
}

int store_appeal_by_tracking(struct db *db, const char *tracking_no, struct arena *a,
                             struct store_appeal *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_by_no, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, tracking_no);
	return one(db, st, a, o, e);
}

static int bind_real_or_null(struct db_stmt *st, int idx, bool has, double v)
{
	if (!has)
		return db_bind_null(st, idx);
	char buf[40];
	snprintf(buf, sizeof buf, "%.7f", v);
	return db_bind_text(st, idx, buf);
}

int store_person_insert(struct db *db, const char *name, const char *phone, const char *email,
                        int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_person_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, name ? name : "");
	db_bind_text(st, 2, phone ? phone : "");
	db_bind_text(st, 3, email ? email : "");
	return rows_returning_id(db, st, id, e);
}

int store_appeal_insert(struct db *db, struct store_appeal *o, const char *tokens, struct err *e)
{
	if (store_person_insert(db, o->name, o->phone, o->email, &o->person_id, e))
		return -1;
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, o->tracking_no);
	db_bind_blob(st, 2, o->access_hash, sizeof o->access_hash);
	db_bind_text(st, 3, o->channel);
	db_bind_text(st, 4, o->category);
	db_bind_text(st, 5, o->tier);
	db_bind_text(st, 6, o->urgency);
	db_bind_text(st, 7, o->title);
	db_bind_text(st, 8, o->description);
	db_bind_text(st, 9, o->submitter_type);
	db_bind_id(st, 10, o->submitter_org_id);
	db_bind_int64(st, 11, o->person_id);
	db_bind_id(st, 12, o->created_by);
	db_bind_id(st, 13, o->community_id);
	db_bind_text(st, 14, o->place_path);
	db_bind_text(st, 15, o->address ? o->address : "");
	bind_real_or_null(st, 16, o->has_location, o->lat);
	bind_real_or_null(st, 17, o->has_location, o->lng);
	db_bind_int64(st, 18, o->publishable);
	db_bind_text(st, 19, o->status);
	db_bind_id(st, 20, o->proposed_org_id);
	db_bind_text(st, 21, o->accept_due);
	db_bind_text(st, 22, o->created_at);
	db_bind_id(st, 23, o->addressed_to);
	db_bind_id(st, 24, o->room_id);
	if (rows_returning_id(db, st, &o->id, e))
		return -1;
	o->version = 1;
	return tokens ? store_appeal_search_add(db, o->id, tokens, e) : 0;
}

int store_appeal_search_add(struct db *db, int64_t id, const char *tokens, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_search_insert, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, tokens);
	return db_run(st, e, db);
}

int store_appeal_update(struct db *db, struct store_appeal *o, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->tier);
	db_bind_text(st, 3, o->status);
	db_bind_text(st, 4, o->closed_as);
	db_bind_id(st, 5, o->lead_org_id);
	db_bind_text(st, 6, o->lead_path);
	db_bind_id(st, 7, o->merged_into);
	const char *texts[] = {o->accept_due,      o->ack_due,      o->contact_due,
	                       o->answer_due,      o->accepted_at,  o->dispatched_at,
	                       o->acknowledged_at, o->contacted_at, o->replied_at,
	                       o->closed_at,       o->suspended_at, o->status_before_suspend};
	for (int k = 0; k < 12; k++)
		db_bind_text(st, 8 + k, texts[k]);
	db_bind_int64(st, 20, o->overdue_steps);
	db_bind_id(st, 21, o->extension_days);
	db_bind_int64(st, 22, o->unsatisfied_count);
	db_bind_text(st, 23, o->reply);
	db_bind_text(st, 24, o->outcome);
	db_bind_text(st, 25, o->rating);
	db_bind_text(st, 26, o->rating_comment);
	db_bind_text(st, 27, o->rated_at);
	db_bind_text(st, 28, o->callback_rating);
	db_bind_int64(st, 29, o->published);
	db_bind_text(st, 30, o->public_title);
	db_bind_text(st, 31, o->public_description);
	db_bind_text(st, 32, o->public_reply);
	db_bind_text(st, 33, now);
	db_bind_text(st, 35, o->resolved);
	db_bind_text(st, 36, o->callback_resolved);
	if (rows_update_version(db, st, 34, &o->version, "appeal", e))
		return -1;
	return 0;
}

int store_appeal_set_assists(struct db *db, const struct store_appeal *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_assists_clear, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	if (db_run(st, e, db))
		return -1;
	for (int i = 0; i < o->n_assist; i++) {
		st = db_prepare(db, &q_assist_add, e);
		if (!st)
			return -1;
		db_bind_int64(st, 1, o->id);
		db_bind_int64(st, 2, o->assist_ids[i]);
		db_bind_text(st, 3, o->assist_paths[i]);
		if (db_run(st, e, db))
			return -1;
	}
	return 0;
}

/* Reads a page (see rows_page) and the assisting units of each appeal on it. */
static int read_list(struct db *db, struct db_stmt *st, int64_t limit, struct arena *a,
                     struct store_appeal **out, int *n, int64_t *next, struct err *e)
{
	*out = rows_page(st, limit, sizeof **out, offsetof(struct store_appeal, id), read_appeal, a,
	                 n, next, e);
	if (!*out)
		return -1;
	for (int i = 0; i < *n; i++)
		if (load_assists(db, &(*out)[i], a, e))
			return -1;
	return 0;
}

/* The FTS5 expression of search_query() (`"路灯" AND "灯"*`: quoted tokens that hold only
 * letters, digits and CJK characters) as a PostgreSQL tsquery (`'路灯' & '灯':*`) for the
 * tsvector of the same tokens that migration 0002 keeps on PostgreSQL. */
static const char *pg_tsquery(const char *match, struct arena *a)
{
	size_t len = strlen(match);
	char *out = arena_alloc(a, len * 2 + 1), *o = out;
	for (const char *p = match; *p;) {
		if (!strncmp(p, " AND ", 5)) {
			memcpy(o, " & ", 3);
			o += 3;
			p += 5;
		} else if (*p == '"') {
			*o++ = '\'';
			p++;
		} else if (*p == '*') {
			memcpy(o, ":*", 2);
			o += 2;
			p++;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

int store_appeal_list(struct db *db, const struct appeal_filter *f, struct arena *a,
                      struct store_appeal **out, int *n, int64_t *next, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	/* The appeal list has always refused more than this (about ten scope subtrees). */
	c->max_len = 4096;
	c->max_values = 64;
	/* A search is driven by the full-text index, newest first (FTS5 walks its doclists
	 * by rowid, backwards, and stops at the page's end); as `a.id IN (SELECT rowid ...
	 * MATCH ?)` every match was collected first, which grew with the table (see
	 * bench/RESULTS.md). */
	const char *order = f->match ? "s.rowid" : "a.id";
	if (f->match) {
		store_sql_add(
		    c, "SELECT " APPEAL_COLS " FROM appeal_search s"
		       " JOIN appeals a ON a.id = s.rowid JOIN persons p ON p.id = a.person_id");
		if (db->kind == DB_POSTGRESQL)
			store_sql_text(c, " WHERE s.tsv @@ ?::tsquery", pg_tsquery(f->match, a));
		else
			store_sql_text(c, " WHERE appeal_search MATCH ?", f->match);
	} else
		store_sql_add(c, "SELECT " APPEAL_COLS FROM_APPEALS " WHERE 1 = 1");
	if (f->scope_paths || f->scope_none) {
		store_sql_add(c, " AND (0 = 1");
		for (int i = 0; i < f->n_scope; i++) {
			store_sql_add(c, " OR ");
			store_sql_range(c, "a.place_path", f->scope_paths[i], a);
			store_sql_add(c, " OR ");
			store_sql_range(c, "a.lead_path", f->scope_paths[i], a);
			store_sql_add(c, " OR EXISTS (SELECT 1 FROM appeal_assists x"
			                 " WHERE x.appeal_id = a.id AND ");
			store_sql_range(c, "x.org_path", f->scope_paths[i], a);
			store_sql_add(c, ")");
		}
		if (f->liaison_org_id)
			store_sql_int(c, " OR a.submitter_org_id = ?", f->liaison_org_id);
		if (f->liaison_user_id)
			store_sql_int(c, " OR a.created_by = ?", f->liaison_user_id);
		store_sql_add(c, ")");
	}
	if (f->status)
		store_sql_text(c, " AND a.status = ?", f->status);
	if (f->category)
		store_sql_text(c, " AND a.category = ?", f->category);
	if (f->community_id)
		store_sql_int(c, " AND a.community_id = ?", f->community_id);
	if (f->community_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "a.place_path", f->community_path, a);
	}
	if (f->org_path) {
		store_sql_add(c, " AND (");
		store_sql_range(c, "a.lead_path", f->org_path, a);
		store_sql_add(c, " OR EXISTS (SELECT 1 FROM appeal_assists y"
		                 " WHERE y.appeal_id = a.id AND ");
		store_sql_range(c, "y.org_path", f->org_path, a);
		store_sql_add(c, "))");
	}
	if (f->overdue)
		store_sql_add(c, " AND a.overdue_steps <> 0 AND a.status <> 'closed'");
	if (f->addressed_to)
		store_sql_int(c, " AND a.addressed_to = ?", f->addressed_to);
	if (f->mailbox_of)
		store_sql_int(
		    c,
		    " AND a.channel = 'mailbox' AND (a.addressed_to = ? OR a.addressed_to IS NULL)",
		    f->mailbox_of);
	if (f->from)
		store_sql_text(c, " AND a.created_at >= ?", f->from);
	if (f->to)
		store_sql_text(c, " AND a.created_at < ?", f->to);
	char frag[48];
	if (f->after) {
		snprintf(frag, sizeof frag, " AND %s < ?", order);
		store_sql_int(c, frag, f->after);
	}
	snprintf(frag, sizeof frag, " ORDER BY %s DESC LIMIT ?", order);
	store_sql_int(c, frag, f->limit + 1);
	if (f->count)
		return store_sql_count(db, c, f->count, e);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	int rc = read_list(db, st, f->limit, a, out, n, next, e);
	db_finalize(st);
	return rc;
}

int store_appeal_open_recent(struct db *db, int64_t except, int limit, struct arena *a,
                             struct store_appeal **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_open_recent, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, except);
	db_bind_int64(st, 2, limit);
	return read_list(db, st, limit, a, out, n, NULL, e);
}

int store_appeal_published(struct db *db, int64_t after, int64_t limit, struct arena *a,
                           struct store_appeal **out, int *n, int64_t *next, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_published, e);
	if (!st)
		return -1;
	db_bind_id(st, 1, after);
	db_bind_int64(st, 2, limit + 1);
	return read_list(db, st, limit, a, out, n, next, e);
}

static int due_list(struct db *db, struct db_query *q, const char *t, int limit, struct arena *a,
                    struct store_appeal **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, q, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, t);
	db_bind_int64(st, 2, limit);
	return read_list(db, st, limit, a, out, n, NULL, e);
}

int store_appeal_overdue(struct db *db, const char *now, int limit, struct arena *a,
                         struct store_appeal **out, int *n, struct err *e)
{
	return due_list(db, &q_overdue, now, limit, a, out, n, e);
}

int store_appeal_unrated(struct db *db, const char *before, int limit, struct arena *a,
                         struct store_appeal **out, int *n, struct err *e)
{
	return due_list(db, &q_unrated, before, limit, a, out, n, e);
}

int store_tracking_next(struct db *db, const char *counter, int64_t *seq, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tracking, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, counter);
	return rows_returning_id(db, st, seq, e);
}

static int erase(struct db *db, struct db_query *q, const char *before, const char *now, int64_t *n,
                 struct err *e)
{
	struct db_stmt *st = db_prepare(db, q, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, before);
	db_bind_text(st, 2, now);
	if (db_run(st, e, db))
		return -1;
	*n = db_changes(db);
	return 0;
}

int store_persons_erase(struct db *db, const char *before, const char *now, int64_t *appeals,
                        int64_t *needs, struct err *e)
{
	if (erase(db, &q_erase, before, now, appeals, e))
		return -1;
	return erase(db, &q_erase_needs, before, now, needs, e);
}
