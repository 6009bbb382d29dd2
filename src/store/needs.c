/* needs: SQL of the need list (see needs.h). */
#include "store/needs.h"
#include "store/orgs.h"
#include "store/rows.h"

#include <stddef.h>
#include <string.h>

#define NEED_COLS                                                                             \
	"n.id, n.version, n.tracking_no, n.access_hash, n.source, n.title, n.description,"    \
	" n.category, n.community_id, n.place_path, n.address, n.beneficiaries_who,"          \
	" n.beneficiaries_count, n.wanted_by, n.urgency, n.status, n.close_reason,"           \
	" n.person_id, n.created_by, n.appeal_id, n.whistled_at, n.created_at, n.updated_at," \
	" n.event_count, c.name, p.name, p.phone, p.email, p.erased_at"
#define FROM_NEEDS                                                                            \
	" FROM needs n JOIN orgs c ON c.id = n.community_id"                                  \
	" LEFT JOIN persons p ON p.id = n.person_id"

static struct db_query q_get = DB_QUERY("SELECT " NEED_COLS FROM_NEEDS " WHERE n.id = ?1");
static struct db_query q_by_no = DB_QUERY(
	"SELECT " NEED_COLS FROM_NEEDS " WHERE n.tracking_no = ?1");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO needs (tracking_no, access_hash, source, title, description, category,"
	" community_id, place_path, address, beneficiaries_who, beneficiaries_count, wanted_by,"
	" urgency, status, close_reason, person_id, created_by, appeal_id, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " STORE_ORG_PATH_OF("?7", "?8") ","
	" ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	" ?16, ?17, ?18, ?19, ?19) RETURNING id");
static struct db_query q_update = DB_QUERY(
	"UPDATE needs SET title = ?2, description = ?3, category = ?4, community_id = ?5,"
	" place_path = " STORE_ORG_PATH_OF("?5", "?6") ", address = ?7, beneficiaries_who = ?8,"
	" beneficiaries_count = ?9,"
	" wanted_by = ?10, urgency = ?11, status = ?12, close_reason = ?13, whistled_at = ?14,"
	" updated_at = ?15, version = version + 1 WHERE id = ?1 AND version = ?16");
static struct db_query q_events = DB_QUERY(
	"SELECT e.seq, e.type, e.actor_kind, e.actor_id, e.public, e.data, e.created_at,"
	" u.display_name FROM need_events e LEFT JOIN users u ON u.id = e.actor_id"
	" WHERE e.need_id = ?1 AND (?2 = 0 OR e.public = 1) ORDER BY e.seq");
static struct db_query q_units = DB_QUERY(
	"SELECT x.org_id, x.org_path, o.name, x.via, x.at FROM need_units x"
	" JOIN orgs o ON o.id = x.org_id WHERE x.need_id = ?1 ORDER BY x.at, x.org_id, x.via");
static struct db_query q_unit_add = DB_QUERY(
	"INSERT INTO need_units (need_id, org_id, org_path, via, at)"
	" VALUES (?1, ?2, " STORE_ORG_PATH_OF("?2", "?3") ", ?4, ?5)"
	" ON CONFLICT (need_id, org_id, via) DO NOTHING");
static struct db_query q_appeal_link = DB_QUERY(
	"INSERT INTO appeal_needs (appeal_id, need_id) VALUES (?1, ?2)");
static struct db_query q_member_ids = DB_QUERY(
	"SELECT unit_id FROM org_members WHERE alliance_id = ?1 ORDER BY unit_id");
static struct db_query q_units_within = DB_QUERY(
	"SELECT DISTINCT u.id, u.path FROM org_members m JOIN orgs a ON a.id = m.alliance_id"
	" JOIN orgs u ON u.id = m.unit_id WHERE a.path >= ?1 AND a.path < ?2 ORDER BY u.id");

static void read_need(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_need *o = item;
	memset(o, 0, sizeof *o);
	int i = 0;
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->tracking_no = rows_text(st, i++, a);
	size_t n = 0;
	const void *h = db_col_blob(st, i++, &n);
	if (h && n == sizeof o->access_hash) {
		memcpy(o->access_hash, h, n);
		o->has_token = true;
	}
	o->source = rows_text(st, i++, a);
	o->title = rows_text(st, i++, a);
	o->description = rows_text(st, i++, a);
	o->category = rows_text(st, i++, a);
	o->community_id = db_col_int64(st, i++);
	o->place_path = rows_text(st, i++, a);
	o->address = rows_text(st, i++, a);
	o->beneficiaries_who = rows_text(st, i++, a);
	o->beneficiaries_count = db_col_int64(st, i++);
	o->wanted_by = rows_text(st, i++, a);
	o->urgency = rows_text(st, i++, a);
	o->status = rows_text(st, i++, a);
	o->close_reason = rows_text(st, i++, a);
	o->person_id = db_col_int64(st, i++);
	o->created_by = db_col_int64(st, i++);
	o->appeal_id = db_col_int64(st, i++);
	o->whistled_at = rows_text(st, i++, a);
	o->created_at = rows_text(st, i++, a);
	o->updated_at = rows_text(st, i++, a);
	o->event_count = db_col_int64(st, i++);
	o->community_name = rows_text(st, i++, a);
	o->name = rows_text(st, i++, a);
	o->phone = rows_text(st, i++, a);
	o->email = rows_text(st, i++, a);
	o->erased = !db_col_null(st, i++);
}

int store_need_get(struct db *db, int64_t id, struct arena *a, struct store_need *o,
		   struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_one(st, read_need, a, o, "need", e);
}

int store_need_by_tracking(struct db *db, const char *tracking_no, struct arena *a,
			   struct store_need *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_by_no, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, tracking_no);
	return rows_one(st, read_need, a, o, "need", e);
}

int store_need_insert(struct db *db, struct store_need *o, struct err *e)
{
	o->person_id = 0;
	bool personal = (o->name && *o->name) || (o->phone && *o->phone) || (o->email && *o->email);
	if ((!strcmp(o->source, "public") || personal) &&
	    store_person_insert(db, o->name, o->phone, o->email, &o->person_id, e))
		return -1;
	struct db_stmt *st = db_prepare(db, &q_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, o->tracking_no);
	if (o->has_token)
		db_bind_blob(st, 2, o->access_hash, sizeof o->access_hash);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, o->source);
	db_bind_text(st, 4, o->title);
	db_bind_text(st, 5, o->description);
	db_bind_text(st, 6, o->category);
	db_bind_int64(st, 7, o->community_id);
	db_bind_text(st, 8, o->place_path);
	db_bind_text(st, 9, o->address ? o->address : "");
	db_bind_text(st, 10, o->beneficiaries_who);
	db_bind_int64(st, 11, o->beneficiaries_count);
	db_bind_text(st, 12, o->wanted_by);
	db_bind_text(st, 13, o->urgency);
	db_bind_text(st, 14, o->status);
	db_bind_text(st, 15, o->close_reason);
	db_bind_id(st, 16, o->person_id);
	db_bind_id(st, 17, o->created_by);
	db_bind_id(st, 18, o->appeal_id);
	db_bind_text(st, 19, o->created_at);
	if (rows_returning_id(db, st, &o->id, e))
		return e->status == 409 && o->appeal_id
			       ? err_set(e, 409, "already_linked", "from_appeal_id",
					 "this appeal was already turned into a need")
			       : -1;
	o->version = 1;
	o->updated_at = o->created_at;
	return 0;
}

int store_need_update(struct db *db, struct store_need *o, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->title);
	db_bind_text(st, 3, o->description);
	db_bind_text(st, 4, o->category);
	db_bind_int64(st, 5, o->community_id);
	db_bind_text(st, 6, o->place_path);
	db_bind_text(st, 7, o->address ? o->address : "");
	db_bind_text(st, 8, o->beneficiaries_who);
	db_bind_int64(st, 9, o->beneficiaries_count);
	db_bind_text(st, 10, o->wanted_by);
	db_bind_text(st, 11, o->urgency);
	db_bind_text(st, 12, o->status);
	db_bind_text(st, 13, o->close_reason);
	db_bind_text(st, 14, o->whistled_at);
	db_bind_text(st, 15, now);
	db_bind_int64(st, 16, o->version);
	if (rows_run_versioned(db, st, "need", e))
		return -1;
	o->version++;
	o->updated_at = now;
	return 0;
}

/* ---- lists and the rest ------------------------------------------------------------ */

int store_need_list(struct db *db, const struct need_filter *f, struct arena *a,
		    struct store_need **out, int *n, int64_t *next, struct err *e)
{
	struct store_sql *c = arena_alloc(a, sizeof *c);
	store_sql_add(c, "SELECT " NEED_COLS FROM_NEEDS " WHERE 1 = 1");
	static const struct store_scope_target targets[] = {
		{NULL, "n.place_path"},
		{"EXISTS (SELECT 1 FROM need_units x WHERE x.need_id = n.id AND ", "x.org_path"},
	};
	store_sql_scope(c, &f->scope, targets, 2, "n.community_id", a);
	if (f->status)
		store_sql_text(c, " AND n.status = ?", f->status);
	if (f->category)
		store_sql_text(c, " AND n.category = ?", f->category);
	if (f->community_path) {
		store_sql_add(c, " AND ");
		store_sql_range(c, "n.place_path", f->community_path, a);
	}
	if (f->appeal_id)
		store_sql_int(c, " AND n.appeal_id = ?", f->appeal_id);
	if (f->tracking_no)
		store_sql_text(c, " AND n.tracking_no = ?", f->tracking_no);
	if (f->q) {
		store_sql_text(c, " AND (instr(n.title, ?) > 0", f->q);
		store_sql_text(c, " OR instr(n.description, ?) > 0)", f->q);
	}
	if (f->after)
		store_sql_int(c, " AND n.id < ?", f->after);
	store_sql_int(c, " ORDER BY n.id DESC LIMIT ?", f->limit + 1);
	struct db_stmt *st = store_sql_prepare(db, c, e);
	if (!st)
		return -1;
	*out = rows_page(st, f->limit, sizeof **out, offsetof(struct store_need, id), read_need,
			 a, n, next, e);
	db_finalize(st);
	return *out ? 0 : -1;
}

int store_need_events(struct db *db, int64_t id, bool public_only, struct arena *a,
		      struct store_event **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_events, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, public_only);
	return rows_events(st, a, out, n, e);
}

int store_need_units(struct db *db, int64_t need_id, struct arena *a,
		     struct store_need_unit **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_units, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, need_id);
	int cap = 8, count = 0, rc;
	struct store_need_unit *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		struct store_need_unit *u = &items[count++];
		u->org_id = db_col_int64(st, 0);
		u->org_path = arena_strdup(a, db_col_text(st, 1));
		u->name = arena_strdup(a, db_col_text(st, 2));
		u->via = arena_strdup(a, db_col_text(st, 3));
		u->at = arena_strdup(a, db_col_text(st, 4));
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}

int store_need_unit_add(struct db *db, int64_t need_id, int64_t org_id, const char *org_path,
			const char *via, const char *at, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_unit_add, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, need_id);
	db_bind_int64(st, 2, org_id);
	db_bind_text(st, 3, org_path);
	db_bind_text(st, 4, via);
	db_bind_text(st, 5, at);
	return db_run(st, e, db);
}

int store_appeal_need_link(struct db *db, int64_t appeal_id, int64_t need_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_appeal_link, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, appeal_id);
	db_bind_int64(st, 2, need_id);
	if (db_run(st, e, db))
		return e->status == 409 ? err_set(e, 409, "already_linked", "from_appeal_id",
						  "this appeal was already turned into a need")
					: -1;
	return 0;
}

int store_alliance_member_ids(struct db *db, int64_t alliance_id, int64_t *ids, int max, int *n,
			      struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_member_ids, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, alliance_id);
	int count = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && count < max)
		ids[count++] = db_col_int64(st, 0);
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*n = count;
	return 0;
}

int store_alliance_units_within(struct db *db, const char *path, struct arena *a,
				int64_t **ids, const char ***paths, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_units_within, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, path);
	db_bind_text(st, 2, rows_path_bound(a, path));
	int cap = 16, count = 0, rc;
	int64_t *iv = arena_alloc(a, sizeof *iv * (size_t)cap);
	const char **pv = arena_alloc(a, sizeof *pv * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		int pcap = cap;
		pv = rows_grow(a, pv, sizeof *pv, count, &pcap);
		iv = rows_grow(a, iv, sizeof *iv, count, &cap);
		iv[count] = db_col_int64(st, 0);
		pv[count++] = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*ids = iv;
	*paths = pv;
	*n = count;
	return 0;
}
