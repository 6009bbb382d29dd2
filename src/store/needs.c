/* needs: SQL of the need list and the list-query composer (see needs.h). */
#include "store/needs.h"

#include <stdio.h>
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
static struct db_query q_person_insert = DB_QUERY(
	"INSERT INTO persons (name, phone, email) VALUES (?1, ?2, ?3) RETURNING id");
static struct db_query q_insert = DB_QUERY(
	"INSERT INTO needs (tracking_no, access_hash, source, title, description, category,"
	" community_id, place_path, address, beneficiaries_who, beneficiaries_count, wanted_by,"
	" urgency, status, close_reason, person_id, created_by, appeal_id, created_at,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
	" ?16, ?17, ?18, ?19, ?19) RETURNING id");
static struct db_query q_update = DB_QUERY(
	"UPDATE needs SET title = ?2, description = ?3, category = ?4, community_id = ?5,"
	" place_path = ?6, address = ?7, beneficiaries_who = ?8, beneficiaries_count = ?9,"
	" wanted_by = ?10, urgency = ?11, status = ?12, close_reason = ?13, whistled_at = ?14,"
	" updated_at = ?15, version = version + 1 WHERE id = ?1 AND version = ?16");
static struct db_query q_events = DB_QUERY(
	"SELECT e.seq, e.type, e.actor_kind, e.actor_id, e.public, e.data, e.created_at,"
	" u.display_name FROM need_events e LEFT JOIN users u ON u.id = e.actor_id"
	" WHERE e.need_id = ?1 AND (?2 = 0 OR e.public = 1) ORDER BY e.seq");
static struct db_query q_tracking = DB_QUERY(
	"INSERT INTO tracking_seq (day, last) VALUES ('XQ' || ?1, 1)"
	" ON CONFLICT (day) DO UPDATE SET last = tracking_seq.last + 1 RETURNING last");
static struct db_query q_units = DB_QUERY(
	"SELECT x.org_id, x.org_path, o.name, x.via, x.at FROM need_units x"
	" JOIN orgs o ON o.id = x.org_id WHERE x.need_id = ?1 ORDER BY x.at, x.org_id, x.via");
static struct db_query q_unit_add = DB_QUERY(
	"INSERT INTO need_units (need_id, org_id, org_path, via, at) VALUES (?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT (need_id, org_id, via) DO NOTHING");
static struct db_query q_appeal_link = DB_QUERY(
	"INSERT INTO appeal_needs (appeal_id, need_id) VALUES (?1, ?2)");
static struct db_query q_member_ids = DB_QUERY(
	"SELECT unit_id FROM org_members WHERE alliance_id = ?1 ORDER BY unit_id");
static struct db_query q_units_within = DB_QUERY(
	"SELECT DISTINCT u.id, u.path FROM org_members m JOIN orgs a ON a.id = m.alliance_id"
	" JOIN orgs u ON u.id = m.unit_id WHERE a.path >= ?1 AND a.path < ?2 ORDER BY u.id");

static const char *text_or_null(struct db_stmt *st, int i, struct arena *a)
{
	return db_col_null(st, i) ? NULL : arena_strdup(a, db_col_text(st, i));
}

static void read_need(struct db_stmt *st, struct arena *a, struct store_need *o)
{
	memset(o, 0, sizeof *o);
	int i = 0;
	o->id = db_col_int64(st, i++);
	o->version = db_col_int64(st, i++);
	o->tracking_no = text_or_null(st, i++, a);
	size_t n = 0;
	const void *h = db_col_blob(st, i++, &n);
	if (h && n == sizeof o->access_hash) {
		memcpy(o->access_hash, h, n);
		o->has_token = true;
	}
	o->source = text_or_null(st, i++, a);
	o->title = text_or_null(st, i++, a);
	o->description = text_or_null(st, i++, a);
	o->category = text_or_null(st, i++, a);
	o->community_id = db_col_int64(st, i++);
	o->place_path = text_or_null(st, i++, a);
	o->address = text_or_null(st, i++, a);
	o->beneficiaries_who = text_or_null(st, i++, a);
	o->beneficiaries_count = db_col_int64(st, i++);
	o->wanted_by = text_or_null(st, i++, a);
	o->urgency = text_or_null(st, i++, a);
	o->status = text_or_null(st, i++, a);
	o->close_reason = text_or_null(st, i++, a);
	o->person_id = db_col_int64(st, i++);
	o->created_by = db_col_int64(st, i++);
	o->appeal_id = db_col_int64(st, i++);
	o->whistled_at = text_or_null(st, i++, a);
	o->created_at = text_or_null(st, i++, a);
	o->updated_at = text_or_null(st, i++, a);
	o->event_count = db_col_int64(st, i++);
	o->community_name = text_or_null(st, i++, a);
	o->name = text_or_null(st, i++, a);
	o->phone = text_or_null(st, i++, a);
	o->email = text_or_null(st, i++, a);
	o->erased = !db_col_null(st, i++);
}

static int one(struct db_stmt *st, struct arena *a, struct store_need *o, struct err *e)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_need(st, a, o);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return rc < 0 ? err_internal(e, "database error") : err_not_found(e, "need");
}

int store_need_get(struct db *db, int64_t id, struct arena *a, struct store_need *o,
		   struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return one(st, a, o, e);
}

int store_need_by_tracking(struct db *db, const char *tracking_no, struct arena *a,
			   struct store_need *o, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_by_no, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, tracking_no);
	return one(st, a, o, e);
}

static int returning_id(struct db *db, struct db_stmt *st, int64_t *id, struct err *e)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_CONSTRAINT)
		return err_conflict(e, "conflict", "the change conflicts with existing data");
	return err_set(e, 500, "db_error", NULL, "database: %s", db_errmsg(db));
}

int store_need_insert(struct db *db, struct store_need *o, struct err *e)
{
	struct db_stmt *st;
	o->person_id = 0;
	bool personal = (o->name && *o->name) || (o->phone && *o->phone) || (o->email && *o->email);
	if (!strcmp(o->source, "public") || personal) {
		st = db_prepare(db, &q_person_insert, e);
		if (!st)
			return -1;
		db_bind_text(st, 1, o->name ? o->name : "");
		db_bind_text(st, 2, o->phone ? o->phone : "");
		db_bind_text(st, 3, o->email ? o->email : "");
		if (returning_id(db, st, &o->person_id, e))
			return -1;
	}
	st = db_prepare(db, &q_insert, e);
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
	if (returning_id(db, st, &o->id, e))
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
	if (db_run(st, e, db))
		return -1;
	if (db_changes(db) == 0)
		return err_conflict(e, "stale", "the need was changed meanwhile; reload it");
	o->version++;
	o->updated_at = now;
	return 0;
}

/* ---- the composer ------------------------------------------------------------------ */

void store_sql_add(struct store_sql *c, const char *s)
{
	size_t n = strlen(s);
	if (c->len + n + 1 >= sizeof c->sql) {
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
	if (!q || c->n == (int)(sizeof c->ints / sizeof c->ints[0])) {
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
	size_t n = strlen(path);
	char *bound = arena_strdup(a, path);
	if (n)
		bound[n - 1] = (char)(bound[n - 1] + 1);
	char frag[160];
	snprintf(frag, sizeof frag, "(%s >= ?", col);
	store_sql_text(c, frag, path);
	snprintf(frag, sizeof frag, " AND %s < ?)", col);
	store_sql_text(c, frag, bound);
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
	struct store_need *items = arena_alloc(a, sizeof *items * (size_t)(f->limit + 1));
	int count = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && count <= f->limit)
		read_need(st, a, &items[count++]);
	db_finalize(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*next = 0;
	if (count > f->limit) {
		count = (int)f->limit;
		*next = items[count - 1].id;
	}
	*out = items;
	*n = count;
	return 0;
}

int store_events_read(struct db_stmt *st, struct arena *a, struct store_event **out, int *n,
		      struct err *e)
{
	int cap = 16, count = 0, rc;
	struct store_event *items = arena_alloc(a, sizeof *items * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			struct store_event *more = arena_alloc(a, sizeof *more * (size_t)cap * 2);
			memcpy(more, items, sizeof *items * (size_t)cap);
			items = more;
			cap *= 2;
		}
		struct store_event *ev = &items[count++];
		ev->seq = db_col_int64(st, 0);
		ev->type = arena_strdup(a, db_col_text(st, 1));
		ev->actor_kind = arena_strdup(a, db_col_text(st, 2));
		ev->actor_id = db_col_int64(st, 3);
		ev->public = db_col_int64(st, 4) != 0;
		ev->data = arena_strdup(a, db_col_text(st, 5));
		ev->created_at = arena_strdup(a, db_col_text(st, 6));
		ev->actor_name = text_or_null(st, 7, a);
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	*out = items;
	*n = count;
	return 0;
}

int store_need_events(struct db *db, int64_t id, bool public_only, struct arena *a,
		      struct store_event **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_events, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, public_only);
	return store_events_read(st, a, out, n, e);
}

int store_need_tracking_next(struct db *db, const char *day, int64_t *seq, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tracking, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, day);
	return returning_id(db, st, seq, e);
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
		if (count == cap) {
			struct store_need_unit *more =
				arena_alloc(a, sizeof *more * (size_t)cap * 2);
			memcpy(more, items, sizeof *items * (size_t)cap);
			items = more;
			cap *= 2;
		}
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
	size_t len = strlen(path);
	char *bound = arena_strdup(a, path);
	if (len)
		bound[len - 1] = (char)(bound[len - 1] + 1);
	db_bind_text(st, 1, path);
	db_bind_text(st, 2, bound);
	int cap = 16, count = 0, rc;
	int64_t *iv = arena_alloc(a, sizeof *iv * (size_t)cap);
	const char **pv = arena_alloc(a, sizeof *pv * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			int64_t *mi = arena_alloc(a, sizeof *mi * (size_t)cap * 2);
			const char **mp = arena_alloc(a, sizeof *mp * (size_t)cap * 2);
			memcpy(mi, iv, sizeof *iv * (size_t)cap);
			memcpy(mp, pv, sizeof *pv * (size_t)cap);
			iv = mi;
			pv = mp;
			cap *= 2;
		}
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
