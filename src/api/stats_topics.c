/* stats_topics: 每月一题 over HTTP — the month's groups of appeals (domain/topics.h) with
 * last month's count of each, the groups staff have named and pinned, and the cases of one
 * group (GET /appeals?topic=KEY&month=...).
 *
 * A month's groups are computed on each request from the month's appeals in the filter and
 * the caller's scope (store/topics.h, from the created_at index); nothing is kept but the
 * pins. The filter is the statistics' common one (api/stats_filter.h) with `month=YYYY-MM`
 * for the period (or period=month&date=...; another period kind is 400); `org` counts the
 * appeals placed or led in its subtree. Pins belong to (month, org): the `org` argument, or
 * the district's root without it; a dispatcher or admin at or above that org pins. */
#include "api/appeals.h"
#include "api/handlers.h"
#include "api/stats_filter.h"
#include "api/validate.h"
#include "domain/topics.h"
#include "ops/topic.h"
#include "store/orgs.h"
#include "store/topics.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

/* Groups shown, most frequent first; pinned groups are shown besides. */
#define TOPICS_SHOWN 10

/* "YYYY-MM" (a real month) -> its first day; -1 when malformed. */
static int parse_month(const char *s, int64_t *day)
{
	char buf[PERIOD_TEXT_LEN];
	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	snprintf(buf, sizeof buf, "%s-01", s);
	return period_parse_day(buf, day);
}

static const char *const topics_args[] = {"month"};
static const char *const cases_args[] = {"month", "topic", "after", "limit"};

/* The statistics filter with the month as its period; `month` gets its label. */
static int month_filter(struct req *r, const char *const *extra, int n_extra,
                        struct stats_filter *f, char month[PERIOD_TEXT_LEN])
{
	if (stats_filter_parse(r, extra, n_extra, f))
		return -1;
	const char *m = req_query(r, "month");
	if (m) {
		static const char *const others[] = {"period", "date", "from", "to"};
		for (int i = 0; i < N_OF(others); i++)
			if (req_query(r, others[i]))
				return err_invalid(&r->err, others[i], "give month or %s, not both",
				                   others[i]);
		int64_t day;
		if (parse_month(m, &day))
			return err_invalid(&r->err, "month", "month must be YYYY-MM");
		f->period = period_containing(PERIOD_MONTH, day);
	} else if (f->period.kind != PERIOD_MONTH) {
		return err_invalid(&r->err, "period", "topics are counted by month");
	}
	period_label(PERIOD_MONTH, f->period.from, month);
	return 0;
}

static const char *day_iso(struct req *r, int64_t day)
{
	char buf[CLOCK_ISO_LEN];
	clock_iso(period_day_start(day), buf);
	return arena_strdup(&r->arena, buf);
}

/* The groups of the month p in filter f (p: f's period, or the one before it). */
static int month_groups(struct req *r, const struct stats_filter *f, struct period p,
                        struct topic_group **g, int *n)
{
	struct topic_filter tf = {
	    .from = day_iso(r, p.from),
	    .to = day_iso(r, p.to + 1),
	    .org_path = f->org_path,
	    .unit_id = f->unit_id,
	    .community_path = f->community_path,
	    .category = f->category,
	    .channel = f->channel,
	    .tier = f->tier,
	    .scope_all = f->scope_all,
	    .scope_paths = f->scope_paths,
	    .n_scope = f->n_scope,
	};
	struct store_topic_appeal *rows;
	int n_rows;
	if (store_topic_appeals(r->rdb, &tf, &r->arena, &rows, &n_rows, &r->err))
		return -1;
	struct topic_input *in = arena_alloc(&r->arena, sizeof *in * (size_t)(n_rows + 1));
	for (int i = 0; i < n_rows; i++)
		in[i] = (struct topic_input){rows[i].id, rows[i].category, rows[i].community_id,
		                             rows[i].title};
	*n = topics_group(in, n_rows, &r->arena, g);
	return 0;
}

/* The org whose pins apply: `org_id`, or the district's root when 0. */
static int pin_org(struct req *r, int64_t org_id, const char *field, struct store_org *o)
{
	if (org_id)
		return ref_org(r, org_id, field, NULL, o);
	int rc = store_org_district(r->rdb, &r->arena, o, &r->err);
	return rc ? (rc < 0 ? -1 : err_not_found(&r->err, "district")) : 0;
}

/* Percent-encodes s for a query string (unreserved characters kept). */
static const char *url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, 3 * strlen(s) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* /api/v1/appeals?topic=KEY&month=M and the request's other filter arguments. */
static const char *cases_link(struct req *r, const char *key, const char *month)
{
	static const char *const kept[] = {"org",      "unit",    "community",
	                                   "category", "channel", "tier"};
	char *s = arena_printf(&r->arena, "/api/v1/appeals?topic=%s&month=%s",
	                       url_encode(&r->arena, key), month);
	for (int i = 0; i < N_OF(kept); i++) {
		const char *v = req_query(r, kept[i]);
		if (v)
			s = arena_printf(&r->arena, "%s&%s=%s", s, kept[i],
			                 url_encode(&r->arena, v));
	}
	return s;
}

static json_t *group_json(struct req *r, const struct topic_group *g, int previous,
                          const struct store_topic_pin *pin, const char *month)
{
	struct store_category cat;
	struct err e = {0};
	const char *cat_name = store_category_get_any(r->rdb, g->category, &r->arena, &cat, &e)
	                           ? g->category
	                           : cat.name;
	json_t *titles = json_array(), *communities = json_array();
	for (int i = 0; i < g->n_titles; i++)
		json_array_append_new(titles, json_string(g->titles[i]));
	for (int i = 0; i < g->n_communities; i++) {
		struct store_org o;
		const char *name =
		    store_org_get(r->rdb, g->communities[i].id, &r->arena, &o, &e) ? "" : o.name;
		json_array_append_new(communities,
		                      json_pack("{s:I, s:s, s:i}", "id",
		                                (json_int_t)g->communities[i].id, "name", name,
		                                "count", g->communities[i].count));
	}
	return json_pack("{s:s, s:o, s:b, s:{s:s, s:s}, s:i, s:i, s:o, s:o, s:s}", "key", g->key,
	                 "label", pin ? json_string(pin->label) : json_null(), "pinned",
	                 pin != NULL, "category", "code", g->category, "name", cat_name, "count",
	                 g->count, "previous", previous, "titles", titles, "communities",
	                 communities, "cases", cases_link(r, g->key, month));
}

static const struct store_topic_pin *pin_of(const struct store_topic_pin *pins, int n,
                                            const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(pins[i].key, key))
			return &pins[i];
	return NULL;
}

int api_stats_topics(struct req *r)
{
	struct stats_filter f;
	char month[PERIOD_TEXT_LEN];
	if (month_filter(r, topics_args, N_OF(topics_args), &f, month))
		return -1;
	struct topic_group *g, *prev;
	int n, n_prev;
	if (month_groups(r, &f, f.period, &g, &n) ||
	    month_groups(r, &f, period_previous(f.period), &prev, &n_prev))
		return -1;
	struct store_org org;
	struct store_topic_pin *pins;
	int n_pins;
	if (pin_org(r, f.org_id, "org", &org) ||
	    store_topic_pins(r->rdb, month, org.id, &r->arena, &pins, &n_pins, &r->err))
		return -1;
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		const struct store_topic_pin *pin = pin_of(pins, n_pins, g[i].key);
		if (i >= TOPICS_SHOWN && !pin)
			continue;
		const struct topic_group *p = topics_find(prev, n_prev, g[i].key);
		json_array_append_new(items, group_json(r, &g[i], p ? p->count : 0, pin, month));
	}
	return api_reply(r, 200, json_pack("{s:s, s:o}", "month", month, "items", items));
}

int api_topic_cases(struct req *r)
{
	struct stats_filter f;
	char month[PERIOD_TEXT_LEN];
	struct page pg;
	if (month_filter(r, cases_args, N_OF(cases_args), &f, month) || query_page(r, &pg))
		return -1;
	if (!req_query(r, "month"))
		return err_invalid(&r->err, "month", "topic needs its month");
	struct topic_group *g;
	int n;
	if (month_groups(r, &f, f.period, &g, &n))
		return -1;
	const struct topic_group *t = topics_find(g, n, req_query(r, "topic"));
	if (!t)
		return err_set(&r->err, 404, "not_found", "topic", "no such topic in %s", month);
	int i = 0;
	while (pg.after && i < t->count && t->ids[i] >= pg.after)
		i++;
	int k = 0;
	struct store_appeal *items = arena_alloc(&r->arena, sizeof *items * (size_t)pg.limit);
	for (; i < t->count && k < pg.limit; i++)
		if (store_appeal_get(r->rdb, t->ids[i], &r->arena, &items[k++], &r->err))
			return -1;
	return appeal_page_reply(r, items, k, i < t->count ? items[k - 1].id : 0);
}

/* ---- pins --------------------------------------------------------------------------- */

struct pin_job {
	struct store_topic_pin pin;
	bool unpin;
};

static int write_pin(struct db *db, struct req *r, struct err *e)
{
	struct pin_job *j = r->write_arg;
	if (j->unpin) {
		if (topic_unpin(db, r->app->audit_key, j->pin.month, j->pin.org_id, j->pin.key,
		                r->auth.user_id, &r->arena, e))
			return -1;
		return api_reply(r, 200,
		                 json_pack("{s:s, s:I, s:s, s:b}", "month", j->pin.month, "org_id",
		                           (json_int_t)j->pin.org_id, "key", j->pin.key, "pinned",
		                           0));
	}
	if (topic_pin(db, r->app->audit_key, &j->pin, &r->arena, e))
		return -1;
	return api_reply(r, 200,
	                 json_pack("{s:s, s:I, s:s, s:s, s:b, s:I, s:s}", "month", j->pin.month,
	                           "org_id", (json_int_t)j->pin.org_id, "key", j->pin.key, "label",
	                           j->pin.label, "pinned", 1, "pinned_by",
	                           (json_int_t)j->pin.pinned_by, "pinned_at", j->pin.pinned_at));
}

static const struct vfield pin_fields[] = {
    {"month", V_STRING, V_REQUIRED, 7, 7},
    {"key", V_STRING, V_REQUIRED, 1, 300},
    {"label", V_STRING, V_REQUIRED, 1, 40},
    {"org", V_ID, 0},
};
static const struct vfield unpin_fields[] = {
    {"month", V_STRING, V_REQUIRED, 7, 7},
    {"key", V_STRING, V_REQUIRED, 1, 300},
    {"org", V_ID, 0},
};

/* The pin the body names, once the caller may pin for its org. */
static int pin_request(struct req *r, bool unpin, struct pin_job *j)
{
	if (unpin ? validate_body(r, unpin_fields, N_OF(unpin_fields), false)
	          : validate_body(r, pin_fields, N_OF(pin_fields), false))
		return -1;
	int64_t day;
	if (parse_month(body_str(r, "month"), &day))
		return err_invalid(&r->err, "month", "month must be YYYY-MM");
	struct store_org org;
	if (pin_org(r, body_int(r, "org", 0), "org", &org))
		return -1;
	if (!scope_has_role_at(&r->auth.who, ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER),
	                       org.path))
		return err_forbidden(&r->err, "topics are pinned by a dispatcher or admin at or "
		                              "above the organisation");
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	j->unpin = unpin;
	j->pin = (struct store_topic_pin){
	    .month = body_str(r, "month"),
	    .org_id = org.id,
	    .key = body_str(r, "key"),
	    .label = body_str(r, "label"),
	    .pinned_by = r->auth.user_id,
	    .pinned_at = arena_strdup(&r->arena, now),
	};
	if (unpin)
		return 0;
	/* Only a group the month has: the same groups GET /stats/topics shows for the org. */
	struct stats_filter f = {.scope_all = true};
	f.period = period_containing(PERIOD_MONTH, day);
	if (org.parent_id)
		f.org_path = org.path;
	struct topic_group *g;
	int n;
	if (month_groups(r, &f, f.period, &g, &n))
		return -1;
	if (!topics_find(g, n, j->pin.key))
		return err_set(&r->err, 404, "not_found", "key", "no such topic in %s",
		               j->pin.month);
	return 0;
}

int api_stats_topics_pin(struct req *r)
{
	struct pin_job *j = arena_alloc(&r->arena, sizeof *j);
	if (pin_request(r, false, j))
		return -1;
	return api_write(r, write_pin, j);
}

int api_stats_topics_unpin(struct req *r)
{
	struct pin_job *j = arena_alloc(&r->arena, sizeof *j);
	if (pin_request(r, true, j))
		return -1;
	return api_write(r, write_pin, j);
}
