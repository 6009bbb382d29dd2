/* catalog: SQL of the appeal catalogue (see catalog.h): categories and their time limits,
 * the answer-limit tiers, the working-time calendar, the dispatch catalogue and reply
 * templates. Lists are small (dozens to a few hundred rows) and are read whole. */
#include "store/catalog.h"
#include "store/rows.h"
#include "util/clock.h"

#include <string.h>

#define CAT_COLS                                                                                   \
	"code, name, name_en, tier, accept_value, accept_unit, ack_value, ack_unit,"               \
	" contact_value, contact_unit, answer_value, answer_unit, sort, active, updated_at,"       \
	" version"
#define RULE_COLS     "id, category, community_id, target, org_id, auto, created_at"
#define TEMPLATE_COLS "id, category, title, body, created_at, updated_at, community_id"

static struct db_query q_cat_list = DB_QUERY(
    "SELECT " CAT_COLS " FROM categories WHERE (?1 = 0 OR active = 1) ORDER BY sort, code");
static struct db_query q_cat_get =
    DB_QUERY("SELECT " CAT_COLS " FROM categories WHERE code = ?1 AND (?2 = 0 OR active = 1)");
static struct db_query q_cat_insert =
    DB_QUERY("INSERT INTO categories (code, name, name_en, tier, accept_value, accept_unit,"
             " ack_value, ack_unit, contact_value, contact_unit, answer_value, answer_unit, sort,"
             " active, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
             " ?14, ?15)");
static struct db_query q_cat_update =
    DB_QUERY("UPDATE categories SET name = ?2, name_en = ?3, tier = ?4, accept_value = ?5,"
             " accept_unit = ?6, ack_value = ?7, ack_unit = ?8, contact_value = ?9,"
             " contact_unit = ?10, answer_value = ?11, answer_unit = ?12, sort = ?13, active = ?14,"
             " updated_at = ?15, version = version + 1 WHERE code = ?1 AND version = ?16");

static struct db_query q_tier_list =
    DB_QUERY("SELECT tier, answer_value, answer_unit FROM tiers ORDER BY CASE tier"
             " WHEN 'emergency' THEN 1 WHEN 'utility' THEN 2 WHEN 'general' THEN 3 ELSE 4 END");
static struct db_query q_tier_get =
    DB_QUERY("SELECT tier, answer_value, answer_unit FROM tiers WHERE tier = ?1");
static struct db_query q_tier_update =
    DB_QUERY("UPDATE tiers SET answer_value = ?2, answer_unit = ?3 WHERE tier = ?1");

static struct db_query q_cal_list = DB_QUERY(
    "SELECT day, kind, name FROM calendar_days WHERE day >= ?1 AND day <= ?2 ORDER BY day");
static struct db_query q_cal_all =
    DB_QUERY("SELECT day, kind, name FROM calendar_days ORDER BY day");
static struct db_query q_cal_put =
    DB_QUERY("INSERT INTO calendar_days (day, kind, name) VALUES (?1, ?2, ?3)"
             " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name");
static struct db_query q_cal_delete = DB_QUERY("DELETE FROM calendar_days WHERE day = ?1");

/* A community-specific rule sorts before the category-wide one. */
static struct db_query q_rule_match =
    DB_QUERY("SELECT " RULE_COLS " FROM dispatch_rules WHERE category = ?1"
             " AND (community_id IS NULL OR community_id = ?2)"
             " ORDER BY (community_id IS NULL), id LIMIT 1");
static struct db_query q_rule_list = DB_QUERY(
    "SELECT " RULE_COLS " FROM dispatch_rules ORDER BY category, COALESCE(community_id, 0), id");
static struct db_query q_rule_get =
    DB_QUERY("SELECT " RULE_COLS " FROM dispatch_rules WHERE id = ?1");
static struct db_query q_rule_insert =
    DB_QUERY("INSERT INTO dispatch_rules (category, community_id, target, org_id, auto, created_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
static struct db_query q_rule_delete = DB_QUERY("DELETE FROM dispatch_rules WHERE id = ?1");

static struct db_query q_tpl_list =
    DB_QUERY("SELECT " TEMPLATE_COLS " FROM reply_templates"
             " WHERE (category = ?1 OR category IS NULL OR ?1 IS NULL)"
             " ORDER BY (category IS NULL), category, title, id");
static struct db_query q_tpl_get =
    DB_QUERY("SELECT " TEMPLATE_COLS " FROM reply_templates WHERE id = ?1");
static struct db_query q_tpl_insert =
    DB_QUERY("INSERT INTO reply_templates (category, title, body, created_at, updated_at,"
             " community_id) VALUES (?1, ?2, ?3, ?4, ?4, ?5) RETURNING id");
static struct db_query q_tpl_update =
    DB_QUERY("UPDATE reply_templates SET category = ?2, title = ?3, body = ?4, updated_at = ?5,"
             " community_id = ?6 WHERE id = ?1");
static struct db_query q_tpl_delete = DB_QUERY("DELETE FROM reply_templates WHERE id = ?1");

static int db_failed(struct err *e)
{
	return err_internal(e, "database error");
}

/* ---- categories ------------------------------------------------------------------- */

static void read_category(struct db_stmt *st, struct arena *a, struct store_category *c)
{
	c->code = rows_text(st, 0, a);
	c->name = rows_text(st, 1, a);
	c->name_en = rows_text(st, 2, a);
	c->tier = rows_text(st, 3, a);
	struct store_limit *limits[] = {&c->accept, &c->acknowledge, &c->contact, &c->answer};
	for (int i = 0; i < 4; i++) {
		limits[i]->value = db_col_int64(st, 4 + 2 * i);
		limits[i]->unit = rows_text(st, 5 + 2 * i, a);
	}
	c->sort = db_col_int64(st, 12);
	c->active = db_col_int64(st, 13) != 0;
	c->updated_at = rows_text(st, 14, a);
	c->version = db_col_int64(st, 15);
}

int store_category_list(struct db *db, bool active_only, struct arena *a,
                        struct store_category **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_cat_list, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, active_only);
	struct store_category *items = NULL;
	int count = 0, cap = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		read_category(st, a, &items[count++]);
	}
	db_reset(st);
	if (rc < 0)
		return db_failed(e);
	*out = items;
	*n = count;
	return 0;
}

static int category_get(struct db *db, const char *code, bool active_only, struct arena *a,
                        struct store_category *c, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_cat_get, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_int64(st, 2, active_only);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_category(st, a, c);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	if (rc < 0)
		return db_failed(e);
	return err_set(e, 404, "not_found", "category", "no such category");
}

int store_category_get(struct db *db, const char *code, struct arena *a, struct store_category *c,
                       struct err *e)
{
	return category_get(db, code, true, a, c, e);
}

int store_category_get_any(struct db *db, const char *code, struct arena *a,
                           struct store_category *c, struct err *e)
{
	return category_get(db, code, false, a, c, e);
}

/* Binds every field but the code (?1) and version: ?2 .. ?15. */
static void bind_category(struct db_stmt *st, const struct store_category *c, const char *now)
{
	db_bind_text(st, 1, c->code);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->name_en);
	db_bind_text(st, 4, c->tier);
	const struct store_limit *limits[] = {&c->accept, &c->acknowledge, &c->contact, &c->answer};
	for (int i = 0; i < 4; i++) {
		db_bind_int64(st, 5 + 2 * i, limits[i]->value);
		db_bind_text(st, 6 + 2 * i, limits[i]->unit);
	}
	db_bind_int64(st, 13, c->sort);
	db_bind_int64(st, 14, c->active);
	db_bind_text(st, 15, now);
}

/* Inserts c as version 1, stamped now; 409 `code_taken` (field "code") when the code exists. */
int store_category_insert(struct db *db, const struct store_category *c, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_cat_insert, e);
	if (!st)
		return -1;
	bind_category(st, c, now);
	int rc = db_step(st);
	db_reset(st);
	if (rc == DB_CONSTRAINT)
		return err_set(e, 409, "code_taken", "code", "a category with this code exists");
	return rc < 0 ? db_failed(e) : 0;
}

/* Writes every field of c and bumps the version, when c->version is still the stored one. */
int store_category_update(struct db *db, const struct store_category *c, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_cat_update, e);
	if (!st)
		return -1;
	bind_category(st, c, now);
	db_bind_int64(st, 16, c->version);
	return rows_run_versioned(db, st, "category", e);
}

/* ---- tiers ------------------------------------------------------------------------ */

static void read_tier(struct db_stmt *st, struct arena *a, struct store_tier *t)
{
	t->tier = rows_text(st, 0, a);
	t->answer.value = db_col_int64(st, 1);
	t->answer.unit = rows_text(st, 2, a);
}

int store_tier_list(struct db *db, struct arena *a, struct store_tier **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tier_list, e);
	if (!st)
		return -1;
	struct store_tier *items = NULL;
	int count = 0, cap = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		read_tier(st, a, &items[count++]);
	}
	db_reset(st);
	if (rc < 0)
		return db_failed(e);
	*out = items;
	*n = count;
	return 0;
}

int store_tier_get(struct db *db, const char *tier, struct arena *a, struct store_tier *t,
                   struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tier_get, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, tier);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_tier(st, a, t);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	if (rc < 0)
		return db_failed(e);
	return err_set(e, 404, "not_found", "tier", "no such tier");
}

/* Sets the tier's answer limit; 404 (field "tier") for an unknown tier. */
int store_tier_update(struct db *db, const struct store_tier *t, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tier_update, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, t->tier);
	db_bind_int64(st, 2, t->answer.value);
	db_bind_text(st, 3, t->answer.unit);
	if (db_run(st, e, db))
		return -1;
	if (db_changes(db) == 0)
		return err_set(e, 404, "not_found", "tier", "no such tier");
	return 0;
}

/* ---- the calendar ----------------------------------------------------------------- */

static int read_days(struct db_stmt *st, struct arena *a, struct store_calendar_day **out, int *n,
                     struct err *e)
{
	struct store_calendar_day *items = NULL;
	int count = 0, cap = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		items[count].day = rows_text(st, 0, a);
		items[count].kind = rows_text(st, 1, a);
		items[count].name = rows_text(st, 2, a);
		count++;
	}
	db_reset(st);
	if (rc < 0)
		return db_failed(e);
	*out = items;
	*n = count;
	return 0;
}

int store_calendar_list(struct db *db, const char *from, const char *to, struct arena *a,
                        struct store_calendar_day **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_cal_list, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	return read_days(st, a, out, n, e);
}

int store_calendar_put(struct db *db, const struct store_calendar_day *d, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_cal_put, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, d->day);
	db_bind_text(st, 2, d->kind);
	db_bind_text(st, 3, d->name ? d->name : "");
	return db_run(st, e, db);
}

int store_calendar_delete(struct db *db, const char *day, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_cal_delete, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, day);
	if (db_run(st, e, db))
		return -1;
	if (db_changes(db) == 0)
		return err_set(e, 404, "not_found", "day", "the day is not listed in the calendar");
	return 0;
}

int store_calendar_all(struct db *db, struct arena *a, struct store_calendar_day **out, int *n,
                       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_cal_all, e);
	if (!st)
		return -1;
	return read_days(st, a, out, n, e);
}

/* ---- the dispatch catalogue ------------------------------------------------------- */

static void read_rule(struct db_stmt *st, struct arena *a, struct store_dispatch_rule *r)
{
	r->id = db_col_int64(st, 0);
	r->category = rows_text(st, 1, a);
	r->community_id = db_col_null(st, 2) ? 0 : db_col_int64(st, 2);
	r->target = rows_text(st, 3, a);
	r->org_id = db_col_null(st, 4) ? 0 : db_col_int64(st, 4);
	r->automatic = db_col_int64(st, 5) != 0;
	r->created_at = rows_text(st, 6, a);
}

/* Steps st for at most one rule: 0 with *r, 1 when there is none, -1 on error. */
static int one_rule(struct db_stmt *st, struct arena *a, struct store_dispatch_rule *r,
                    struct err *e)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_rule(st, a, r);
	db_reset(st);
	if (rc < 0)
		return db_failed(e);
	return rc == DB_ROW ? 0 : 1;
}

int store_dispatch_match(struct db *db, const char *category, int64_t community_id, struct arena *a,
                         struct store_dispatch_rule *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_rule_match, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, category);
	db_bind_id(st, 2, community_id);
	return one_rule(st, a, r, e);
}

int store_dispatch_get(struct db *db, int64_t id, struct arena *a, struct store_dispatch_rule *r,
                       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_rule_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	int rc = one_rule(st, a, r, e);
	if (rc == 1)
		return err_not_found(e, "dispatch rule");
	return rc;
}

int store_dispatch_list(struct db *db, struct arena *a, struct store_dispatch_rule **out, int *n,
                        struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_rule_list, e);
	if (!st)
		return -1;
	struct store_dispatch_rule *items = NULL;
	int count = 0, cap = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		read_rule(st, a, &items[count++]);
	}
	db_reset(st);
	if (rc < 0)
		return db_failed(e);
	*out = items;
	*n = count;
	return 0;
}

/* Inserts r, stamped now, and sets r->id; 409 `conflict` for a second rule on the same
 * category and community. */
int store_dispatch_insert(struct db *db, struct store_dispatch_rule *r, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_rule_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, r->category);
	db_bind_id(st, 2, r->community_id);
	db_bind_text(st, 3, r->target);
	db_bind_id(st, 4, r->org_id);
	db_bind_int64(st, 5, r->automatic);
	db_bind_text(st, 6, now);
	int rc = rows_step_id(st, &r->id);
	if (rc == DB_CONSTRAINT)
		return err_conflict(e, "conflict",
		                    "a rule for this category and community exists already");
	return rc == DB_ROW ? 0 : db_failed(e);
}

/* 404 when there is no such rule. */
int store_dispatch_delete(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_rule_delete, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_run_found(db, st, "dispatch rule", e);
}

/* ---- reply templates -------------------------------------------------------------- */

static void read_template(struct db_stmt *st, struct arena *a, struct store_template *t)
{
	t->id = db_col_int64(st, 0);
	t->category = rows_text(st, 1, a);
	t->title = rows_text(st, 2, a);
	t->body = rows_text(st, 3, a);
	t->created_at = rows_text(st, 4, a);
	t->updated_at = rows_text(st, 5, a);
	t->community_id = db_col_null(st, 6) ? 0 : db_col_int64(st, 6);
}

int store_template_list(struct db *db, const char *category, struct arena *a,
                        struct store_template **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tpl_list, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, category);
	struct store_template *items = NULL;
	int count = 0, cap = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = rows_grow(a, items, sizeof *items, count, &cap);
		read_template(st, a, &items[count++]);
	}
	db_reset(st);
	if (rc < 0)
		return db_failed(e);
	*out = items;
	*n = count;
	return 0;
}

int store_template_get(struct db *db, int64_t id, struct arena *a, struct store_template *t,
                       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tpl_get, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_template(st, a, t);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return rc < 0 ? db_failed(e) : err_not_found(e, "reply template");
}

/* Inserts t, stamped now, and sets t->id; 404 (field "category") for an unknown category. */
int store_template_insert(struct db *db, struct store_template *t, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_tpl_insert, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, t->category);
	db_bind_text(st, 2, t->title);
	db_bind_text(st, 3, t->body);
	db_bind_text(st, 4, now);
	db_bind_id(st, 5, t->community_id);
	int rc = rows_step_id(st, &t->id);
	if (rc == DB_CONSTRAINT)
		return err_set(e, 404, "not_found", "category", "no such category");
	return rc == DB_ROW ? 0 : db_failed(e);
}

/* Writes category, title, body and community; 404 for an unknown template or category. */
int store_template_update(struct db *db, const struct store_template *t, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct db_stmt *st = db_prepare(db, &q_tpl_update, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, t->id);
	db_bind_text(st, 2, t->category);
	db_bind_text(st, 3, t->title);
	db_bind_text(st, 4, t->body);
	db_bind_text(st, 5, now);
	db_bind_id(st, 6, t->community_id);
	int rc = db_step(st);
	db_reset(st);
	if (rc == DB_CONSTRAINT)
		return err_set(e, 404, "not_found", "category", "no such category");
	if (rc < 0)
		return db_failed(e);
	return db_changes(db) ? 0 : err_not_found(e, "reply template");
}

/* 404 when there is no such template. */
int store_template_delete(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_tpl_delete, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	return rows_run_found(db, st, "reply template", e);
}
