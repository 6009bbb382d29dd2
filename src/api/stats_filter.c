/* stats_filter: the statistics' common filter (see stats_filter.h). */
#include "api/stats_filter.h"

#include <string.h>

#include "api/validate.h"
#include "domain/appeal.h"
#include "util/clock.h"

const char *const stats_filter_args[] = {"period",  "date", "from",      "to",
                                         "org",     "unit", "community", "category",
                                         "channel", "tier", "format"};
const int stats_filter_n_args = N_OF(stats_filter_args);

static const char *const tier_names[] = {"emergency", "utility", "general", "complex"};

#define MAX_ARGS 32

static bool listed(const char *name, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static int check_names(struct req *r, const char *const *extra, int n_extra)
{
	const char *names[MAX_ARGS];
	int n = r->query_names ? r->query_names(r, names, MAX_ARGS) : 0;
	if (n > MAX_ARGS)
		return err_invalid(&r->err, NULL, "too many query arguments");
	for (int i = 0; i < n; i++)
		if (!listed(names[i], stats_filter_args, stats_filter_n_args) &&
		    !listed(names[i], extra, n_extra))
			return err_set(&r->err, 400, "invalid", arena_strdup(&r->arena, names[i]),
			               "unknown argument %s", names[i]);
	return 0;
}

static int day_arg(struct req *r, const char *name, int64_t *day)
{
	const char *s = req_query(r, name);
	if (period_parse_day(s, day))
		return err_invalid(&r->err, name, "%s must be a date YYYY-MM-DD", name);
	return 0;
}

static int parse_period(struct req *r, struct period *p)
{
	const char *kind = req_query(r, "period"), *date = req_query(r, "date");
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if (from || to) {
		if (kind)
			return err_invalid(&r->err, "period",
			                   "give period or from and to, not both");
		if (date)
			return err_invalid(&r->err, "date", "give date or from and to, not both");
		p->kind = PERIOD_RANGE;
		if (!from)
			return err_invalid(&r->err, "from", "from is required with to");
		if (!to)
			return err_invalid(&r->err, "to", "to is required with from");
		if (day_arg(r, "from", &p->from) || day_arg(r, "to", &p->to))
			return -1;
		if (p->to < p->from)
			return err_invalid(&r->err, "to", "to is before from");
		if (!period_within_limit(*p))
			return err_invalid(&r->err, "to", "a period spans at most %d years",
			                   PERIOD_MAX_YEARS);
		return 0;
	}
	int k = PERIOD_MONTH;
	if (kind) {
		k = names_find(period_kind_names, PERIOD_RANGE, kind);
		if (k < 0)
			return err_invalid(&r->err, "period",
			                   "period must be day, week, month, quarter or year");
	}
	int64_t day = period_day_of(clock_now());
	if (date && day_arg(r, "date", &day))
		return -1;
	*p = period_containing((enum period_kind)k, day);
	return 0;
}

/* An org id argument: 400 naming it when malformed or when there is no such org (of the
 * kind, when given). */
static int org_arg(struct req *r, const char *name, const char *kind, int64_t *id,
                   const char **path)
{
	const char *s = req_query(r, name);
	*id = 0;
	*path = NULL;
	if (!s)
		return 0;
	if (query_int(r, name, 0, 1, INT64_MAX, id))
		return -1;
	struct store_org o;
	struct err e = {0};
	if (store_org_get(r->rdb, *id, &r->arena, &o, &e)) {
		if (e.status >= 500)
			return r->err = e, -1;
		return err_invalid(&r->err, name, "no such organisation");
	}
	if (kind && strcmp(o.kind, kind))
		return err_invalid(&r->err, name, "no such %s", kind);
	*path = o.path;
	return 0;
}

static int name_arg(struct req *r, const char *name, const char *const *names, int n,
                    const char **out)
{
	*out = req_query(r, name);
	if (*out && names_find(names, n, *out) < 0)
		return err_invalid(&r->err, name, "unknown %s %s", name, *out);
	return 0;
}

static int category_arg(struct req *r, const char **out)
{
	*out = req_query(r, "category");
	if (!*out)
		return 0;
	struct store_category c;
	struct err e = {0};
	/* Retired categories too: their past figures still count. */
	if (store_category_get_any(r->rdb, *out, &r->arena, &c, &e)) {
		if (e.status >= 500)
			return r->err = e, -1;
		return err_invalid(&r->err, "category", "unknown category %s", *out);
	}
	return 0;
}

static int scope_of(struct req *r, struct stats_filter *f)
{
	const struct principal *p = &r->auth.who;
	f->scope_paths = arena_alloc(&r->arena, sizeof *f->scope_paths * (size_t)(p->n_grants + 1));
	f->n_scope = 0;
	for (int i = 0; i < p->n_grants; i++) {
		const struct grant *g = &p->grants[i];
		if (g->role == ROLE_LIAISON)
			continue;
		if (scope_grant_at_root(g)) {
			f->scope_all = true;
			f->n_scope = 0;
			return 0;
		}
		f->scope_paths[f->n_scope++] = g->org_path;
	}
	if (!f->n_scope)
		return err_forbidden(&r->err, "statistics are for staff of the organisation tree");
	return 0;
}

static int in_scope(struct req *r, const struct stats_filter *f, const char *name, const char *path)
{
	if (!path || f->scope_all)
		return 0;
	for (int i = 0; i < f->n_scope; i++)
		if (scope_path_within(path, f->scope_paths[i]))
			return 0;
	return err_set(&r->err, 403, "forbidden", name, "%s lies outside your scope", name);
}

int stats_filter_parse(struct req *r, const char *const *extra, int n_extra, struct stats_filter *f)
{
	memset(f, 0, sizeof *f);
	if (check_names(r, extra, n_extra) || parse_period(r, &f->period) ||
	    org_arg(r, "org", NULL, &f->org_id, &f->org_path) ||
	    org_arg(r, "unit", NULL, &f->unit_id, &f->unit_path) ||
	    org_arg(r, "community", "community", &f->community_id, &f->community_path) ||
	    category_arg(r, &f->category) ||
	    name_arg(r, "channel", channel_names, channel_count, &f->channel) ||
	    name_arg(r, "tier", tier_names, N_OF(tier_names), &f->tier))
		return -1;
	if (scope_of(r, f) || in_scope(r, f, "org", f->org_path) ||
	    in_scope(r, f, "unit", f->unit_path) || in_scope(r, f, "community", f->community_path))
		return -1;
	return 0;
}
