/* catalog: the appeal catalogue over HTTP — categories with their time limits, the
 * answer-limit tiers, the working-time calendar (public holidays and make-up working days),
 * the dispatch catalogue (派单目录) and reply templates (常用答复); the calendar deadlines
 * are counted with is read by ops/catalog.c (catalog_workcal). Categories, tiers and the
 * calendar are public to read, the dispatch catalogue and templates readable by staff. What
 * holds for the whole district (categories, tiers, the calendar, a rule or template for
 * every community) is changed by an admin at the root of the tree (templates: an admin or
 * dispatcher there); a rule or template limited to a community by one at or above it
 * (may_set). Every change to categories, tiers, the calendar and the dispatch catalogue is
 * written to the admin chain in the same transaction. */
#include "api/catalog.h"
#include "api/admin_log.h"
#include "api/render.h"
#include "api/validate.h"
#include "store/audit.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_MAX 1000 /* the largest value of a time limit, in its unit */

enum { LIM_ACCEPT, LIM_ACK, LIM_CONTACT, LIM_ANSWER, N_LIMITS };

static const char *const tier_names[] = {"emergency", "utility", "general", "complex"};
static const char *const day_kinds[] = {"holiday", "workday"};
static const char *const target_names[] = {"org", "community"};
static const char *const limit_names[N_LIMITS] = {"accept", "acknowledge", "contact", "answer"};
/* Error fields of each limit: the object, its value, its unit. */
static const char *const limit_fields[N_LIMITS][3] = {
    {"time_limits.accept", "time_limits.accept.value", "time_limits.accept.unit"},
    {"time_limits.acknowledge", "time_limits.acknowledge.value", "time_limits.acknowledge.unit"},
    {"time_limits.contact", "time_limits.contact.value", "time_limits.contact.unit"},
    {"time_limits.answer", "time_limits.answer.value", "time_limits.answer.unit"},
};
static const char *const tier_answer_fields[3] = {"answer", "answer.value", "answer.unit"};
static const char *const placeholders[] = {"name", "tracking_no", "unit", "date"};
static const char *const weekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};

static bool is_admin(struct req *r)
{
	return scope_has_role(&r->auth.who, ROLE_BIT(ROLE_ADMIN));
}

/* ---- who changes a setting --------------------------------------------------------- */

/* Who may change a kind of setting: the roles, and how a refusal names them. */
struct setter {
	unsigned roles;
	const char *names;
};
static const struct setter admins = {ROLE_BIT(ROLE_ADMIN), "管理员"};
static const struct setter template_writers = {ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER),
                                               "管理员或派单员"};

/* The one check for every change to the catalogue. A setting holds for the whole district
 * (community_id 0: categories, tiers, the calendar, a rule or template for every community)
 * or for one community (a rule or template limited to it). The caller must hold one of the
 * setter's roles at the root of the tree (the district) for a district-wide setting, at or
 * above the community for a community's: a community's admin could otherwise change how
 * every other community's appeals are timed and routed. The catalogue is readable by all
 * staff, so a refusal is a 403. Returns 0, or -1 with r->err set. */
static int may_set(struct req *r, const struct setter *s, int64_t community_id)
{
	struct store_org o;
	struct err e = {0};
	int rc = community_id ? store_org_get(r->rdb, community_id, &r->arena, &o, &e)
	                      : store_org_district(r->rdb, &r->arena, &o, &e);
	if (rc < 0 && e.status >= 500)
		return r->err = e, -1;
	if (rc == 0 && scope_can_change(&r->auth.who, s->roles, o.path))
		return 0;
	return err_forbidden(
	    &r->err,
	    community_id
	        ? arena_printf(&r->arena, "只适用于该社区的设置只能由该社区或其上级的%s修改",
	                       s->names)
	        : arena_printf(&r->arena, "适用于全区的设置只能由区级（组织树根节点）的%s修改",
	                       s->names));
}

/* "YYYY-MM-DD" (exactly) -> 0 with the parts, or -1. */
static int parse_day(const char *s, int *y, int *m, int *d)
{
	return s && strlen(s) == 10 && !clock_parse_date(s, y, m, d) ? 0 : -1;
}

/* ---- time limits ------------------------------------------------------------------ */

struct limits {
	struct store_limit v[N_LIMITS];
	bool given[N_LIMITS];
};

static json_t *limit_json(const struct store_limit *l)
{
	return json_pack("{s:I, s:s}", "value", (json_int_t)l->value, "unit", l->unit);
}

/* Parses {"value": 1..1000, "unit": "hours" | "working_hours" | "working_days"}; fields
 * name the object, its value and its unit in errors. */
static int parse_limit(struct req *r, json_t *j, const char *const fields[3],
                       struct store_limit *out)
{
	if (!json_is_object(j))
		return err_invalid(&r->err, fields[0], "%s must be an object {\"value\", \"unit\"}",
		                   fields[0]);
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		if (strcmp(key, "value") && strcmp(key, "unit"))
			return err_invalid(&r->err,
			                   arena_printf(&r->arena, "%s.%s", fields[0], key),
			                   "unknown field %s.%s", fields[0], key);
	}
	json_t *value = json_object_get(j, "value"), *unit = json_object_get(j, "unit");
	if (!value)
		return err_invalid(&r->err, fields[1], "%s is required", fields[1]);
	if (!json_is_integer(value) || json_integer_value(value) < 1 ||
	    json_integer_value(value) > LIMIT_MAX)
		return err_invalid(&r->err, fields[1], "%s must be a whole number from 1 to %d",
		                   fields[1], LIMIT_MAX);
	enum workcal_unit u;
	if (!unit)
		return err_invalid(&r->err, fields[2], "%s is required", fields[2]);
	if (!json_is_string(unit) || workcal_unit_parse(json_string_value(unit), &u))
		return err_invalid(&r->err, fields[2],
		                   "%s must be one of: hours, working_hours, working_days",
		                   fields[2]);
	out->value = json_integer_value(value);
	out->unit = workcal_unit_name(u);
	return 0;
}

/* Parses a time_limits object naming any of the four limits. */
static int parse_time_limits(struct req *r, json_t *j, struct limits *l)
{
	if (!json_is_object(j))
		return err_invalid(&r->err, "time_limits",
		                   "time_limits must be an object with accept, acknowledge, "
		                   "contact and answer");
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		int i;
		for (i = 0; i < N_LIMITS && strcmp(key, limit_names[i]); i++)
			;
		if (i == N_LIMITS)
			return err_invalid(&r->err, arena_printf(&r->arena, "time_limits.%s", key),
			                   "unknown field time_limits.%s", key);
		if (parse_limit(r, v, limit_fields[i], &l->v[i]))
			return -1;
		l->given[i] = true;
	}
	return 0;
}

/* The limits a category gets unless it names them (PRODUCT.md, after Beijing's 12345):
 * accept within 2 hours, acknowledge within 2 working hours and contact the submitter
 * within 24 hours, and answer within its tier's limit. Tiers counted in clock time
 * (emergency, utility) do not wait for office hours: they acknowledge within 2 hours and
 * contact within their answer limit when that is shorter than a day. */
static void default_limits(const struct store_limit *answer, struct store_limit out[N_LIMITS])
{
	bool clock_time = !strcmp(answer->unit, "hours");
	out[LIM_ACCEPT] = (struct store_limit){2, "hours"};
	out[LIM_ACK] = (struct store_limit){2, clock_time ? "hours" : "working_hours"};
	out[LIM_CONTACT] =
	    (struct store_limit){clock_time && answer->value < 24 ? answer->value : 24, "hours"};
	out[LIM_ANSWER] = *answer;
}

/* validate_body() knows no nested objects: takes the field `name` out of the body (handing
 * it to the caller in *nested, NULL when absent) and validates the rest. In a partial
 * (PATCH) body the nested field alone is enough. */
static int validate_nested(struct req *r, const struct vfield *fields, int n, bool partial,
                           const char *name, json_t **nested)
{
	*nested = NULL;
	if (r->body && json_is_object(r->body) && json_object_get(r->body, name)) {
		*nested = req_keep(r, json_incref(json_object_get(r->body, name)));
		json_object_del(r->body, name);
		if (partial && json_object_size(r->body) == 0)
			return 0;
	}
	return validate_body(r, fields, n, partial);
}

/* ---- categories ------------------------------------------------------------------- */

static json_t *category_json(const struct store_category *c)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:o, s:o, s:o, s:o}, s:I, s:b, s:I, s:s}", "code",
	                 c->code, "name", c->name, "name_en", c->name_en, "tier", c->tier,
	                 "time_limits", "accept", limit_json(&c->accept), "acknowledge",
	                 limit_json(&c->acknowledge), "contact", limit_json(&c->contact), "answer",
	                 limit_json(&c->answer), "sort", (json_int_t)c->sort, "active", c->active,
	                 "version", (json_int_t)c->version, "updated_at", c->updated_at);
}

static struct store_limit *category_limit(struct store_category *c, int i)
{
	struct store_limit *limits[N_LIMITS] = {&c->accept, &c->acknowledge, &c->contact,
	                                        &c->answer};
	return limits[i];
}

/* Codes: a lower-case letter, then 1 to 31 lower-case letters, digits or '_'. */
static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

int api_categories_list(struct req *r)
{
	const char *all = req_query(r, "all");
	bool with_retired = false;
	if (all) {
		if (strcmp(all, "true") && strcmp(all, "false"))
			return err_invalid(&r->err, "all", "all must be true or false");
		with_retired = !strcmp(all, "true");
	}
	if (with_retired && !r->auth.user_id)
		return err_set(&r->err, 401, "unauthenticated", NULL,
		               "log in as an admin to see retired categories");
	if (with_retired && !is_admin(r))
		return err_forbidden(&r->err, "only admins see retired categories");
	struct store_category *items;
	int n;
	if (store_category_list(r->rdb, !with_retired, &r->arena, &items, &n, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, category_json(&items[i]));
	return api_reply(r, 200, page_result(arr, 0));
}

static const struct vfield category_create_fields[] = {
    {"code", V_STRING, V_REQUIRED, 2, 32},
    {"name", V_STRING, V_REQUIRED, 1, 50},
    {"name_en", V_STRING, V_REQUIRED, 1, 100},
    {"tier", V_ENUM, V_REQUIRED, 0, 0, tier_names, N_OF(tier_names)},
    {"sort", V_INT, 0, 0, 1000000},
};

static const struct vfield category_update_fields[] = {
    {"name", V_STRING, 0, 1, 50},
    {"name_en", V_STRING, 0, 1, 100},
    {"tier", V_ENUM, 0, 0, 0, tier_names, N_OF(tier_names)},
    {"sort", V_INT, 0, 0, 1000000},
    {"active", V_BOOL, 0, 0, 0},
    {"version", V_INT, 0, 1, INT32_MAX},
};

/* A new category, or the change to one (fields NULL / not given stay as they are). */
struct category_write {
	const char *code, *name, *name_en, *tier;
	struct limits lim;
	bool has_sort;
	int64_t sort;
	int active;      /* -1: unchanged */
	int64_t version; /* 0: no check */
};

/* Logs {code, after, before (on a change)} to the admin chain; replies with after. */
static int category_done(struct db *db, struct req *r, const char *type, int status,
                         const struct store_category *before, const struct store_category *after,
                         struct err *e)
{
	json_t *j = category_json(after);
	json_t *data = json_pack("{s:s, s:O}", "code", after->code, "after", j);
	if (before)
		json_object_set_new(data, "before", category_json(before));
	if (admin_log(db, r, type, data, e)) {
		json_decref(j);
		return -1;
	}
	return api_reply(r, status, j);
}

static int category_create_write(struct db *db, struct req *r, struct err *e)
{
	struct category_write *w = r->write_arg;
	struct store_tier tier;
	if (store_tier_get(db, w->tier, &r->arena, &tier, e))
		return -1;
	struct store_category c = {.code = w->code,
	                           .name = w->name,
	                           .name_en = w->name_en,
	                           .tier = w->tier,
	                           .sort = w->sort,
	                           .active = true};
	struct store_limit dflt[N_LIMITS];
	default_limits(&tier.answer, dflt);
	for (int i = 0; i < N_LIMITS; i++)
		*category_limit(&c, i) = w->lim.given[i] ? w->lim.v[i] : dflt[i];
	if (!w->has_sort) {
		/* After every existing category. */
		struct store_category *all;
		int n;
		if (store_category_list(db, false, &r->arena, &all, &n, e))
			return -1;
		c.sort = 0;
		for (int i = 0; i < n; i++)
			if (all[i].sort >= c.sort)
				c.sort = all[i].sort + 10;
	}
	if (store_category_insert(db, &c, e) ||
	    store_category_get_any(db, w->code, &r->arena, &c, e))
		return -1;
	return category_done(db, r, "category_create", 201, NULL, &c, e);
}

int api_categories_create(struct req *r)
{
	if (may_set(r, &admins, 0))
		return -1;
	json_t *limits;
	if (validate_nested(r, category_create_fields, N_OF(category_create_fields), false,
	                    "time_limits", &limits))
		return -1;
	struct category_write *w = arena_alloc(&r->arena, sizeof *w);
	w->code = body_str(r, "code");
	if (!code_ok(w->code))
		return err_invalid(&r->err, "code",
		                   "code must be 2 to 32 lower-case letters, digits or '_', "
		                   "starting with a letter");
	if (limits && parse_time_limits(r, limits, &w->lim))
		return -1;
	w->name = body_str(r, "name");
	w->name_en = body_str(r, "name_en");
	w->tier = body_str(r, "tier");
	w->has_sort = body_has(r, "sort");
	w->sort = body_int(r, "sort", 0);
	struct store_category existing;
	struct err e = {0};
	if (!store_category_get_any(r->rdb, w->code, &r->arena, &existing, &e))
		return err_set(&r->err, 409, "code_taken", "code",
		               "a category with this code exists");
	if (e.status >= 500)
		return r->err = e, -1;
	return api_write(r, category_create_write, w);
}

static int category_update_write(struct db *db, struct req *r, struct err *e)
{
	struct category_write *w = r->write_arg;
	struct store_category before, c;
	if (store_category_get_any(db, w->code, &r->arena, &before, e))
		return -1;
	if (w->version && w->version != before.version)
		return err_stale(e, "category");
	c = before;
	if (w->name)
		c.name = w->name;
	if (w->name_en)
		c.name_en = w->name_en;
	if (w->tier && strcmp(w->tier, before.tier)) {
		/* A new tier brings its answer limit unless the change names one. */
		struct store_tier tier;
		if (store_tier_get(db, w->tier, &r->arena, &tier, e))
			return -1;
		c.tier = w->tier;
		c.answer = tier.answer;
	}
	for (int i = 0; i < N_LIMITS; i++)
		if (w->lim.given[i])
			*category_limit(&c, i) = w->lim.v[i];
	if (w->has_sort)
		c.sort = w->sort;
	if (w->active >= 0)
		c.active = w->active;
	if (store_category_update(db, &c, e) ||
	    store_category_get_any(db, w->code, &r->arena, &c, e))
		return -1;
	return category_done(db, r, "category_update", 200, &before, &c, e);
}

int api_categories_update(struct req *r)
{
	if (may_set(r, &admins, 0))
		return -1;
	json_t *limits;
	if (validate_nested(r, category_update_fields, N_OF(category_update_fields), true,
	                    "time_limits", &limits))
		return -1;
	struct category_write *w = arena_alloc(&r->arena, sizeof *w);
	if (limits && parse_time_limits(r, limits, &w->lim))
		return -1;
	if (limits && json_object_size(limits) == 0 && json_object_size(r->body) == 0)
		return err_invalid(&r->err, "time_limits", "nothing to change");
	struct store_category c;
	if (store_category_get_any(r->rdb, r->keys[0], &r->arena, &c, &r->err))
		return -1;
	w->code = c.code;
	w->name = body_str(r, "name");
	w->name_en = body_str(r, "name_en");
	w->tier = body_str(r, "tier");
	w->has_sort = body_has(r, "sort");
	w->sort = body_int(r, "sort", 0);
	w->active = body_has(r, "active") ? body_bool(r, "active", true) : -1;
	w->version = body_int(r, "version", 0);
	if (w->version && w->version != c.version)
		return err_stale(&r->err, "category");
	return api_write(r, category_update_write, w);
}

/* ---- tiers ------------------------------------------------------------------------ */

static json_t *tier_json(const struct store_tier *t)
{
	return json_pack("{s:s, s:o}", "tier", t->tier, "answer", limit_json(&t->answer));
}

int api_tiers_list(struct req *r)
{
	struct store_tier *items;
	int n;
	if (store_tier_list(r->rdb, &r->arena, &items, &n, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, tier_json(&items[i]));
	return api_reply(r, 200, page_result(arr, 0));
}

static int tier_update_write(struct db *db, struct req *r, struct err *e)
{
	struct store_tier *t = r->write_arg, before;
	if (store_tier_get(db, t->tier, &r->arena, &before, e) || store_tier_update(db, t, e) ||
	    store_tier_get(db, t->tier, &r->arena, t, e))
		return -1;
	json_t *j = tier_json(t);
	if (admin_log(db, r, "tier_update",
	              json_pack("{s:s, s:o, s:o}", "tier", t->tier, "before",
	                        limit_json(&before.answer), "after", limit_json(&t->answer)),
	              e)) {
		json_decref(j);
		return -1;
	}
	return api_reply(r, 200, j);
}

int api_tiers_update(struct req *r)
{
	if (may_set(r, &admins, 0))
		return -1;
	int tier = names_find(tier_names, N_OF(tier_names), r->keys[0]);
	if (tier < 0)
		return err_set(&r->err, 404, "not_found", "tier", "no such tier");
	json_t *answer;
	if (validate_nested(r, NULL, 0, false, "answer", &answer))
		return -1;
	if (!answer)
		return err_invalid(&r->err, "answer", "answer is required");
	struct store_tier *t = arena_alloc(&r->arena, sizeof *t);
	if (parse_limit(r, answer, tier_answer_fields, &t->answer))
		return -1;
	t->tier = tier_names[tier];
	return api_write(r, tier_update_write, t);
}

/* ---- the calendar ----------------------------------------------------------------- */

static json_t *day_json(const struct store_calendar_day *d)
{
	return json_pack("{s:s, s:s, s:s}", "day", d->day, "kind", d->kind, "name",
	                 d->name ? d->name : "");
}

/* The current year in Asia/Shanghai (UTC+8, no DST). */
static int local_year(void)
{
	int y, m, d;
	int64_t t = clock_now() + 8 * 3600;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	clock_civil_from_days(days, &y, &m, &d);
	return y;
}

int api_calendar_list(struct req *r)
{
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	int y, m, d;
	if (from && parse_day(from, &y, &m, &d))
		return err_invalid(&r->err, "from", "from must be a date YYYY-MM-DD");
	if (to && parse_day(to, &y, &m, &d))
		return err_invalid(&r->err, "to", "to must be a date YYYY-MM-DD");
	int year = local_year();
	char from_buf[16], to_buf[16];
	/* Without bounds: this year; with one bound: that bound's year. */
	if (!from) {
		if (to)
			snprintf(from_buf, sizeof from_buf, "%.4s-01-01", to);
		else
			snprintf(from_buf, sizeof from_buf, "%04d-01-01", year);
		from = from_buf;
	}
	if (!to) {
		snprintf(to_buf, sizeof to_buf, "%.4s-12-31", from);
		to = to_buf;
	}
	if (strcmp(from, to) > 0)
		return err_invalid(&r->err, "to", "to must not be before from");
	struct store_calendar_day *days;
	int n;
	if (store_calendar_list(r->rdb, from, to, &r->arena, &days, &n, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, day_json(&days[i]));
	json_t *out = page_result(arr, 0);
	req_keep(r, out);
	struct workcal cal;
	if (catalog_workcal(r->rdb, &r->arena, &cal, &r->err))
		return -1;
	if (!workcal_covers_year(&cal, year + 1)) {
		char msg[200];
		snprintf(msg, sizeof msg,
		         "the calendar lists no public holidays or make-up working days for %d; "
		         "until they are added, working time in %d counts Monday to Friday only",
		         year + 1, year + 1);
		json_object_set_new(out, "warnings",
		                    json_pack("[{s:s, s:i, s:s}]", "code", "calendar_year_missing",
		                              "year", year + 1, "message", msg));
	}
	return api_reply(r, 200, json_incref(out));
}

static const struct vfield day_fields[] = {
    {"kind", V_ENUM, V_REQUIRED, 0, 0, day_kinds, N_OF(day_kinds)},
    {"name", V_STRING, 0, 0, 50},
};

/* The day in the path, checked: 0, or -1 with a 400 naming "day". */
static int path_day(struct req *r, int *weekday)
{
	int y, m, d;
	if (parse_day(r->keys[0], &y, &m, &d))
		return err_invalid(&r->err, "day", "the day must be a date YYYY-MM-DD");
	int64_t days = clock_days_from_civil(y, m, d);
	*weekday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	return 0;
}

/* The listed day, into *out: 1 when it is listed, 0 when not, -1 on error. */
static int listed_day(struct db *db, struct req *r, const char *day, struct store_calendar_day *out,
                      struct err *e)
{
	struct store_calendar_day *days;
	int n;
	if (store_calendar_list(db, day, day, &r->arena, &days, &n, e))
		return -1;
	if (n)
		*out = days[0];
	return n > 0;
}

static int calendar_put_write(struct db *db, struct req *r, struct err *e)
{
	struct store_calendar_day *d = r->write_arg, before;
	int had = listed_day(db, r, d->day, &before, e);
	if (had < 0 || store_calendar_put(db, d, e))
		return -1;
	json_t *data = json_pack("{s:s, s:s, s:s, s:o}", "day", d->day, "kind", d->kind, "name",
	                         d->name, "before", had ? day_json(&before) : json_null());
	if (admin_log(db, r, "calendar_put", data, e))
		return -1;
	return api_reply(r, 200, day_json(d));
}

int api_calendar_put(struct req *r)
{
	if (may_set(r, &admins, 0))
		return -1;
	int weekday;
	if (path_day(r, &weekday) || validate_body(r, day_fields, N_OF(day_fields), false))
		return -1;
	struct store_calendar_day *d = arena_alloc(&r->arena, sizeof *d);
	d->day = r->keys[0];
	d->kind = body_str(r, "kind");
	d->name = body_str(r, "name") ? body_str(r, "name") : "";
	if (!strcmp(d->kind, "workday") && weekday != 0 && weekday != 6)
		return err_invalid(&r->err, "kind",
		                   "a make-up working day must be a Saturday or Sunday; %s is a %s",
		                   d->day, weekdays[weekday]);
	return api_write(r, calendar_put_write, d);
}

static int calendar_delete_write(struct db *db, struct req *r, struct err *e)
{
	struct store_calendar_day before;
	int had = listed_day(db, r, r->keys[0], &before, e);
	if (had < 0)
		return -1;
	if (!had)
		return err_set(e, 404, "not_found", "day", "the day is not listed in the calendar");
	if (store_calendar_delete(db, before.day, e) ||
	    admin_log(db, r, "calendar_delete", day_json(&before), e))
		return -1;
	return 204;
}

int api_calendar_delete(struct req *r)
{
	if (may_set(r, &admins, 0))
		return -1;
	int weekday;
	if (path_day(r, &weekday))
		return -1;
	return api_write(r, calendar_delete_write, NULL);
}

/* ---- the dispatch catalogue ------------------------------------------------------- */

static json_t *rule_json(const struct store_dispatch_rule *d)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:b, s:s}", "id", (json_int_t)d->id, "category",
	                 d->category, "community_id", render_id(d->community_id), "target",
	                 d->target, "org_id", render_id(d->org_id), "auto", d->automatic,
	                 "created_at", d->created_at);
}

int api_dispatch_rules_list(struct req *r)
{
	struct store_dispatch_rule *items;
	int n;
	if (store_dispatch_list(r->rdb, &r->arena, &items, &n, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, rule_json(&items[i]));
	return api_reply(r, 200, page_result(arr, 0));
}

static const struct vfield rule_fields[] = {
    {"category", V_STRING, V_REQUIRED, 1, 32},
    {"community_id", V_ID, V_NULLABLE, 0, 0},
    {"target", V_ENUM, V_REQUIRED, 0, 0, target_names, N_OF(target_names)},
    {"org_id", V_ID, V_NULLABLE, 0, 0},
    {"auto", V_BOOL, 0, 0, 0},
};

/* Loads the unit a rule routes to (body field org_id): 404 naming the field for an unknown
 * org; 403 for one outside the caller's scope (the tree is public: it is seen, and a rule
 * may not route appeals there). */
static int rule_target(struct req *r, int64_t id, struct store_org *o)
{
	if (ref_org(r, id, "org_id", NULL, o))
		return -1;
	if (!scope_can_read(&r->auth.who, o->path))
		return err_set(&r->err, 403, "forbidden", "org_id",
		               "派单规则只能指向您管辖范围内的单位");
	return 0;
}

/* The community a rule or template is limited to (body field community_id, 0 when null or
 * absent): 0 and *id, or -1 with 404 for an unknown org and 400 for one that is no
 * community. The tree is public, so who may use it is may_set's answer (403). */
static int setting_community(struct req *r, int64_t *id)
{
	struct store_org o;
	*id = body_int(r, "community_id", 0);
	if (*id && ref_org(r, *id, "community_id", NULL, &o))
		return -1;
	if (*id && strcmp(o.kind, "community"))
		return err_invalid(&r->err, "community_id",
		                   "community_id must name a community, not a %s", o.kind);
	return 0;
}

static int rule_create_write(struct db *db, struct req *r, struct err *e)
{
	struct store_dispatch_rule *d = r->write_arg;
	if (store_dispatch_insert(db, d, e) || store_dispatch_get(db, d->id, &r->arena, d, e))
		return -1;
	json_t *j = rule_json(d);
	if (admin_log(db, r, "dispatch_rule_create", json_pack("{s:O}", "rule", j), e)) {
		json_decref(j);
		return -1;
	}
	return api_reply(r, 201, j);
}

int api_dispatch_rules_create(struct req *r)
{
	if (!is_admin(r))
		return err_forbidden(&r->err, "only admins change the dispatch catalogue");
	if (validate_body(r, rule_fields, N_OF(rule_fields), false))
		return -1;
	struct store_dispatch_rule *d = arena_alloc(&r->arena, sizeof *d);
	struct store_category c;
	if (store_category_get(r->rdb, body_str(r, "category"), &r->arena, &c, &r->err))
		return -1;
	d->category = c.code;
	d->target = body_str(r, "target");
	d->org_id = body_int(r, "org_id", 0);
	d->automatic = body_bool(r, "auto", false);
	if (setting_community(r, &d->community_id) || may_set(r, &admins, d->community_id))
		return -1;
	struct store_org o;
	if (!strcmp(d->target, "org")) {
		if (!d->org_id)
			return err_invalid(&r->err, "org_id",
			                   "org_id is required when target is org");
		if (rule_target(r, d->org_id, &o))
			return -1;
	} else if (d->org_id) {
		return err_invalid(&r->err, "org_id",
		                   "a rule that routes to the appeal's own community names no "
		                   "org_id");
	}
	return api_write(r, rule_create_write, d);
}

static int rule_delete_write(struct db *db, struct req *r, struct err *e)
{
	struct store_dispatch_rule d;
	if (store_dispatch_get(db, r->ids[0], &r->arena, &d, e) ||
	    store_dispatch_delete(db, d.id, e) ||
	    admin_log(db, r, "dispatch_rule_delete", json_pack("{s:o}", "rule", rule_json(&d)), e))
		return -1;
	return 204;
}

int api_dispatch_rules_delete(struct req *r)
{
	if (!is_admin(r))
		return err_forbidden(&r->err, "only admins change the dispatch catalogue");
	struct store_dispatch_rule d;
	if (store_dispatch_get(r->rdb, r->ids[0], &r->arena, &d, &r->err) ||
	    may_set(r, &admins, d.community_id))
		return -1;
	return api_write(r, rule_delete_write, NULL);
}

/* ---- reply templates -------------------------------------------------------------- */

static json_t *template_json(const struct store_template *t)
{
	return json_pack("{s:I, s:s?, s:o, s:s, s:s, s:s, s:s}", "id", (json_int_t)t->id,
	                 "category", t->category, "community_id", render_id(t->community_id),
	                 "title", t->title, "body", t->body, "created_at", t->created_at,
	                 "updated_at", t->updated_at);
}

static bool may_write_templates(struct req *r)
{
	return scope_has_role(&r->auth.who, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER));
}

/* Placeholders {word} in a body must be known ones; other braces are left alone. */
static int check_placeholders(struct req *r, const char *body)
{
	static const char word[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	for (const char *p = strchr(body, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = strspn(p + 1, word);
		if (n == 0 || p[1 + n] != '}')
			continue;
		bool known = false;
		for (int i = 0; i < N_OF(placeholders); i++)
			known |=
			    strlen(placeholders[i]) == n && !strncmp(p + 1, placeholders[i], n);
		if (!known)
			return err_invalid(&r->err, "body",
			                   "unknown placeholder {%.*s}; a body may use {name}, "
			                   "{tracking_no}, {unit} and {date}",
			                   (int)(n > 40 ? 40 : n), p + 1);
	}
	return 0;
}

int api_templates_list(struct req *r)
{
	const char *category = req_query(r, "category");
	if (category) {
		struct store_category c;
		struct err e = {0};
		if (store_category_get_any(r->rdb, category, &r->arena, &c, &e)) {
			if (e.status >= 500)
				return r->err = e, -1;
			return err_invalid(&r->err, "category", "category has an unknown value");
		}
	}
	struct store_template *items;
	int n;
	if (store_template_list(r->rdb, category, &r->arena, &items, &n, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, template_json(&items[i]));
	return api_reply(r, 200, page_result(arr, 0));
}

static const struct vfield template_fields[] = {
    {"category", V_STRING, V_NULLABLE, 1, 32},
    {"community_id", V_ID, V_NULLABLE, 0, 0},
    {"title", V_STRING, V_REQUIRED, 1, 100},
    {"body", V_TEXT, V_REQUIRED, 1, 4000},
};

/* Checks the category (when named), the community (when named; into *community_id, else
 * 0) and the body's placeholders of a template body. */
static int check_template(struct req *r, int64_t *community_id)
{
	const char *category = body_str(r, "category");
	if (category) {
		struct store_category c;
		if (store_category_get(r->rdb, category, &r->arena, &c, &r->err))
			return -1;
	}
	if (setting_community(r, community_id))
		return -1;
	const char *body = body_str(r, "body");
	return body ? check_placeholders(r, body) : 0;
}

static int template_create_write(struct db *db, struct req *r, struct err *e)
{
	struct store_template *t = r->write_arg;
	if (store_template_insert(db, t, e) || store_template_get(db, t->id, &r->arena, t, e))
		return -1;
	return api_reply(r, 201, template_json(t));
}

int api_templates_create(struct req *r)
{
	if (!may_write_templates(r))
		return err_forbidden(&r->err, "only admins and dispatchers write reply templates");
	struct store_template *t = arena_alloc(&r->arena, sizeof *t);
	if (validate_body(r, template_fields, N_OF(template_fields), false) ||
	    check_template(r, &t->community_id) || may_set(r, &template_writers, t->community_id))
		return -1;
	t->category = body_str(r, "category");
	t->title = body_str(r, "title");
	t->body = body_str(r, "body");
	return api_write(r, template_create_write, t);
}

/* A change to a template: fields not given stay as they are. */
struct template_change {
	bool has_category, has_community;
	int64_t community_id;
	const char *category, *title, *body;
};

static int template_update_write(struct db *db, struct req *r, struct err *e)
{
	struct template_change *ch = r->write_arg;
	struct store_template t;
	if (store_template_get(db, r->ids[0], &r->arena, &t, e))
		return -1;
	if (ch->has_category)
		t.category = ch->category;
	if (ch->has_community)
		t.community_id = ch->community_id;
	if (ch->title)
		t.title = ch->title;
	if (ch->body)
		t.body = ch->body;
	if (store_template_update(db, &t, e) || store_template_get(db, t.id, &r->arena, &t, e))
		return -1;
	return api_reply(r, 200, template_json(&t));
}

int api_templates_update(struct req *r)
{
	if (!may_write_templates(r))
		return err_forbidden(&r->err, "only admins and dispatchers write reply templates");
	struct template_change *ch = arena_alloc(&r->arena, sizeof *ch);
	struct store_template t;
	if (validate_body(r, template_fields, N_OF(template_fields), true) ||
	    check_template(r, &ch->community_id) ||
	    store_template_get(r->rdb, r->ids[0], &r->arena, &t, &r->err))
		return -1;
	/* The row's own scope, and the new one when the change moves the template. */
	ch->has_community = body_has(r, "community_id");
	if (may_set(r, &template_writers, t.community_id) ||
	    (ch->has_community && may_set(r, &template_writers, ch->community_id)))
		return -1;
	ch->has_category = body_has(r, "category");
	ch->category = body_str(r, "category");
	ch->title = body_str(r, "title");
	ch->body = body_str(r, "body");
	return api_write(r, template_update_write, ch);
}

static int template_delete_write(struct db *db, struct req *r, struct err *e)
{
	return store_template_delete(db, r->ids[0], e) ? -1 : 204;
}

int api_templates_delete(struct req *r)
{
	if (!may_write_templates(r))
		return err_forbidden(&r->err, "only admins and dispatchers write reply templates");
	struct store_template t;
	if (store_template_get(r->rdb, r->ids[0], &r->arena, &t, &r->err) ||
	    may_set(r, &template_writers, t.community_id))
		return -1;
	return api_write(r, template_delete_write, NULL);
}
