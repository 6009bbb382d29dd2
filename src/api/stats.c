/* stats: the figures of 接诉即办 over the common filter (api/stats_filter.h): the summary,
 * the ranking of units within a class, the trend, and the settings (coord/STATS_API.md).
 * Read-only: sums of the day counters (store/stats.h) turned into figures by
 * domain/metrics.h. Cases behind a figure are not served yet. */
#include "api/admin_log.h"
#include "api/handlers.h"
#include "api/stats_filter.h"
#include "api/validate.h"
#include "ops/stats.h"
#include "store/orgs.h"
#include "store/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void where_of(const struct stats_filter *f, struct period p, struct store_stats_where *w)
{
	*w = (struct store_stats_where){
	    .from_day = p.from,
	    .to_day = p.to,
	    .org_path = f->org_path,
	    .unit_id = f->unit_id,
	    .community_id = f->community_id,
	    .category = f->category,
	    .channel = f->channel,
	    .tier = f->tier,
	    .scope_all = f->scope_all,
	    .scope_paths = f->scope_paths,
	    .n_scope = f->n_scope,
	};
	/* The whole months inside p: from the first month starting on or after p.from to
	 * the last one ending on or before p.to. */
	struct period first = period_containing(PERIOD_MONTH, p.from);
	struct period last = period_containing(PERIOD_MONTH, p.to);
	w->month_from = first.from == p.from ? first.from : first.to + 1;
	w->month_last_end = last.to == p.to ? last.to : last.from - 1;
	w->month_last = period_containing(PERIOD_MONTH, w->month_last_end).from;
}

static int sum(struct req *r, const struct stats_filter *f, struct period p, int64_t k[MC__MAX])
{
	struct store_stats_where w;
	where_of(f, p, &w);
	struct store_stats_row *rows;
	int n;
	if (store_stats_sum(r->rdb, &w, STORE_STATS_ALL, &r->arena, &rows, &n, &r->err))
		return -1;
	memset(k, 0, sizeof(int64_t) * MC__MAX);
	if (n)
		memcpy(k, rows[0].counts, sizeof(int64_t) * MC__MAX);
	return 0;
}

static json_t *period_json(struct period p)
{
	char a[PERIOD_TEXT_LEN], b[PERIOD_TEXT_LEN];
	period_day_text(p.from, a);
	period_day_text(p.to, b);
	return json_pack("{s:s, s:s, s:s}", "from", a, "to", b, "kind", period_kind_names[p.kind]);
}

static json_t *num_json(double v)
{
	return v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
}

static json_t *figure_json(const struct metrics_figure *f)
{
	return json_pack("{s:o, s:I, s:o, s:b}", "num", num_json(f->num), "den", (json_int_t)f->den,
	                 "value", f->too_few ? json_null() : json_real(f->value), "too_few",
	                 f->too_few);
}

static json_t *rates_json(const struct metrics_figure rates[RATE__MAX])
{
	json_t *j = json_object();
	for (int i = 0; i < RATE__MAX; i++)
		json_object_set_new(j, metrics_rate_names[i], figure_json(&rates[i]));
	return j;
}

static json_t *score_value(const struct metrics_figure rates[RATE__MAX],
                           const struct stats_settings *s)
{
	double v;
	return metrics_score(rates, &s->weights, &v) ? json_real(v) : json_null();
}

static json_t *score_json(const struct metrics_figure rates[RATE__MAX],
                          const struct stats_settings *s)
{
	return json_pack("{s:o, s:{s:f, s:f, s:f}}", "value", score_value(rates, s), "weights",
	                 "response", s->weights.response, "resolution", s->weights.resolution,
	                 "satisfaction", s->weights.satisfaction);
}

static json_t *counts_json(const int64_t k[MC__MAX])
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "received",
	                 (json_int_t)k[MC_RECEIVED], "dispatched", (json_int_t)k[MC_DISPATCHED],
	                 "answered", (json_int_t)k[MC_ANSWERED], "rated", (json_int_t)k[MC_RATED],
	                 "closed_unresolved", (json_int_t)k[MC_CLOSED_UNRESOLVED], "overdue",
	                 (json_int_t)k[MC_OVERDUE], "escalated", (json_int_t)k[MC_ESCALATED]);
}

int api_stats_summary(struct req *r)
{
	struct stats_filter f;
	struct stats_settings s;
	if (stats_filter_parse(r, NULL, 0, &f) || stats_settings_load(r->rdb, &s, &r->err))
		return -1;
	struct period prev = period_previous(f.period);
	int64_t k[MC__MAX], pk[MC__MAX];
	if (sum(r, &f, f.period, k) || sum(r, &f, prev, pk))
		return -1;
	struct metrics_figure rates[RATE__MAX], prates[RATE__MAX];
	metrics_rates(k, s.min_denominator, rates);
	metrics_rates(pk, s.min_denominator, prates);
	json_t *j = json_pack(
	    "{s:o, s:I, s:o, s:o, s:n, s:o, s:{s:o, s:o, s:o}}", "period", period_json(f.period),
	    "min_denominator", (json_int_t)s.min_denominator, "rates", rates_json(rates), "counts",
	    counts_json(k), "times", "score", score_json(rates, &s), "previous", "period",
	    period_json(prev), "rates", rates_json(prates), "score", score_json(prates, &s));
	return api_reply(r, 200, j);
}

/* ---- the ranking ------------------------------------------------------------------- */

static const char *const classes[] = {"department", "subdistrict", "community", "unit"};

struct ranked {
	const struct store_org *org;
	int64_t k[MC__MAX], pk[MC__MAX];
	struct metrics_figure rates[RATE__MAX], prates[RATE__MAX];
	double key, pkey;
	bool has, phas;
	int rank, prank;
};

static bool of_class(const struct store_org *o, int cls)
{
	if (cls == 1)
		return !strcmp(o->kind, "subdistrict") || !strcmp(o->kind, "park");
	return !strcmp(o->kind, classes[cls]);
}

/* The org's subtree lies in the filter's org and the caller's scope. */
static bool org_shown(const struct stats_filter *f, const struct store_org *o)
{
	if (f->org_path && !scope_path_within(o->path, f->org_path))
		return false;
	if (f->scope_all)
		return true;
	for (int i = 0; i < f->n_scope; i++)
		if (scope_path_within(o->path, f->scope_paths[i]))
			return true;
	return false;
}

static void add_rows(const struct store_stats_row *rows, int n, const char *path, int64_t k[])
{
	for (int i = 0; i < n; i++)
		if (rows[i].unit_path && scope_path_within(rows[i].unit_path, path))
			for (int c = 0; c < MC__MAX; c++)
				k[c] += rows[i].counts[c];
}

static int by_key(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->has != y->has)
		return x->has ? -1 : 1;
	if (x->has && x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->org->id < y->org->id ? -1 : x->org->id > y->org->id;
}

/* The sort figure of one side: the score, or a rate; false when too few. */
static bool sort_key(const struct metrics_figure rates[], int sort, const struct stats_settings *s,
                     double *out)
{
	if (sort < 0)
		return metrics_score(rates, &s->weights, out);
	*out = rates[sort].value;
	return !rates[sort].too_few;
}

/* Competition ranks (equal keys share a rank) over items sorted by by_key. */
static void rank_items(struct ranked *items, int n, bool previous)
{
	for (int i = 0; i < n; i++) {
		struct ranked *it = &items[i];
		bool has = previous ? it->phas : it->has;
		double key = previous ? it->pkey : it->key;
		int rank = 0;
		if (has) {
			rank = 1;
			for (int j = 0; j < n; j++) {
				bool h = previous ? items[j].phas : items[j].has;
				double k2 = previous ? items[j].pkey : items[j].key;
				if (h && k2 > key)
					rank++;
			}
		}
		*(previous ? &it->prank : &it->rank) = rank;
	}
}

/* Every org of the class, a page at a time (a page's array is allocated whole). */
static int orgs_of_class(struct req *r, int cls, struct store_org **out, int *n)
{
	struct store_org_filter of = {.kind = cls == 1 ? NULL : classes[cls], .limit = 500};
	int cap = 0;
	*out = NULL;
	*n = 0;
	do {
		struct store_org *page;
		int got;
		if (store_org_list(r->rdb, &of, &r->arena, &page, &got, &of.after, &r->err))
			return -1;
		for (int i = 0; i < got; i++) {
			if (!of_class(&page[i], cls))
				continue;
			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				struct store_org *grown =
				    arena_alloc(&r->arena, sizeof *grown * (size_t)cap);
				if (*n)
					memcpy(grown, *out, sizeof *grown * (size_t)*n);
				*out = grown;
			}
			(*out)[(*n)++] = page[i];
		}
	} while (of.after);
	return 0;
}

int api_stats_units(struct req *r)
{
	static const char *const extra[] = {"class", "sort"};
	struct stats_filter f;
	struct stats_settings s;
	int cls, sort = -1;
	if (stats_filter_parse(r, extra, 2, &f) || stats_settings_load(r->rdb, &s, &r->err) ||
	    query_enum(r, "class", classes, 4, &cls))
		return -1;
	if (cls < 0)
		cls = 0;
	const char *sort_s = req_query(r, "sort");
	if (sort_s && strcmp(sort_s, "score") &&
	    (sort = names_find(metrics_rate_names, RATE__MAX, sort_s)) < 0)
		return err_invalid(&r->err, "sort", "sort must be score or a rate");
	struct store_stats_where w;
	struct period prev = period_previous(f.period);
	struct store_stats_row *rows, *prows;
	int n, pn;
	where_of(&f, f.period, &w);
	if (store_stats_sum(r->rdb, &w, STORE_STATS_BY_UNIT, &r->arena, &rows, &n, &r->err))
		return -1;
	where_of(&f, prev, &w);
	if (store_stats_sum(r->rdb, &w, STORE_STATS_BY_UNIT, &r->arena, &prows, &pn, &r->err))
		return -1;
	struct store_org *orgs;
	int n_orgs;
	if (orgs_of_class(r, cls, &orgs, &n_orgs))
		return -1;
	struct ranked *items = arena_alloc(&r->arena, sizeof *items * (size_t)(n_orgs + 1));
	int m = 0;
	for (int i = 0; i < n_orgs; i++) {
		if (!of_class(&orgs[i], cls) || !org_shown(&f, &orgs[i]))
			continue;
		struct ranked *it = &items[m++];
		memset(it, 0, sizeof *it);
		it->org = &orgs[i];
		add_rows(rows, n, orgs[i].path, it->k);
		add_rows(prows, pn, orgs[i].path, it->pk);
		metrics_rates(it->k, s.min_denominator, it->rates);
		metrics_rates(it->pk, s.min_denominator, it->prates);
		it->has = sort_key(it->rates, sort, &s, &it->key);
		it->phas = sort_key(it->prates, sort, &s, &it->pkey);
	}
	rank_items(items, m, false);
	rank_items(items, m, true);
	qsort(items, (size_t)m, sizeof *items, by_key);
	json_t *list = json_array();
	for (int i = 0; i < m; i++) {
		struct ranked *it = &items[i];
		double pscore;
		bool phas_score = metrics_score(it->prates, &s.weights, &pscore);
		json_array_append_new(
		    list, json_pack("{s:o, s:{s:I, s:s}, s:{s:o}, s:o, s:o, s:{s:o, s:o}}", "rank",
		                    it->rank ? json_integer(it->rank) : json_null(), "org", "id",
		                    (json_int_t)it->org->id, "name", it->org->name, "score",
		                    "value", score_value(it->rates, &s), "rates",
		                    rates_json(it->rates), "counts", counts_json(it->k), "previous",
		                    "rank", it->prank ? json_integer(it->prank) : json_null(),
		                    "score", phas_score ? json_real(pscore) : json_null()));
	}
	return api_reply(r, 200,
	                 json_pack("{s:s, s:s, s:o}", "class", classes[cls], "sort",
	                           sort < 0 ? "score" : metrics_rate_names[sort], "items", list));
}

/* ---- the trend --------------------------------------------------------------------- */

int api_stats_trend(struct req *r)
{
	static const char *const extra[] = {"figure", "by"};
	static const char *const bys[] = {"day", "week", "month"};
	struct stats_filter f;
	struct stats_settings s;
	int by;
	if (stats_filter_parse(r, extra, 2, &f) || stats_settings_load(r->rdb, &s, &r->err) ||
	    query_enum(r, "by", bys, 3, &by))
		return -1;
	enum period_kind kind = by == 1 ? PERIOD_WEEK : by == 2 ? PERIOD_MONTH : PERIOD_DAY;
	const char *fig = req_query(r, "figure");
	int rate = -1;
	if (!fig)
		fig = "response";
	if (strcmp(fig, "volume") && (rate = names_find(metrics_rate_names, RATE__MAX, fig)) < 0)
		return err_invalid(&r->err, "figure", "figure must be volume or a rate");
	struct store_stats_where w;
	where_of(&f, f.period, &w);
	struct store_stats_row *rows;
	int n;
	if (store_stats_sum(r->rdb, &w, STORE_STATS_BY_DAY, &r->arena, &rows, &n, &r->err))
		return -1;
	json_t *points = json_array();
	int i = 0;
	for (int64_t d = f.period.from; d <= f.period.to;) {
		struct period p = period_containing(kind, d);
		if (p.from < f.period.from)
			p.from = f.period.from;
		if (p.to > f.period.to)
			p.to = f.period.to;
		int64_t k[MC__MAX] = {0};
		for (; i < n && rows[i].key <= p.to; i++)
			for (int c = 0; c < MC__MAX; c++)
				k[c] += rows[i].counts[c];
		char label[PERIOD_TEXT_LEN], a[PERIOD_TEXT_LEN], b[PERIOD_TEXT_LEN];
		period_label(kind, p.from, label);
		period_day_text(p.from, a);
		period_day_text(p.to, b);
		json_t *pt = json_pack("{s:s, s:s, s:s}", "period", label, "from", a, "to", b);
		if (rate < 0) {
			json_object_set_new(pt, "num", json_integer(k[MC_RECEIVED]));
		} else {
			struct metrics_figure rates[RATE__MAX];
			metrics_rates(k, s.min_denominator, rates);
			json_object_update(pt, req_keep(r, figure_json(&rates[rate])));
		}
		json_array_append_new(points, pt);
		d = p.to + 1;
	}
	json_t *series =
	    json_pack("[{s:s, s:s, s:o}]", "key", "all", "name", "全部", "points", points);
	return api_reply(r, 200,
	                 json_pack("{s:s, s:s, s:o}", "figure", fig, "by", bys[by < 0 ? 0 : by],
	                           "series", series));
}

/* ---- settings ---------------------------------------------------------------------- */

static json_t *settings_json(const struct stats_settings *s)
{
	return json_pack("{s:{s:f, s:f, s:f}, s:I}", "weights", "response", s->weights.response,
	                 "resolution", s->weights.resolution, "satisfaction",
	                 s->weights.satisfaction, "min_denominator",
	                 (json_int_t)s->min_denominator);
}

int api_stats_settings_get(struct req *r)
{
	struct stats_settings s;
	if (stats_settings_load(r->rdb, &s, &r->err))
		return -1;
	return api_reply(r, 200, settings_json(&s));
}

static const struct vfield f_weights[] = {
    {"response", V_NUMBER, V_REQUIRED, 0, 1},
    {"resolution", V_NUMBER, V_REQUIRED, 0, 1},
    {"satisfaction", V_NUMBER, V_REQUIRED, 0, 1},
};
static const struct vfield f_settings[] = {
    {"weights", V_OBJECT, V_REQUIRED},
    {"min_denominator", V_INT, V_REQUIRED, 1, 1000},
};

static int settings_write(struct db *db, struct req *r, struct err *e)
{
	struct stats_settings *s = r->write_arg;
	if (stats_settings_save(db, s, e) ||
	    admin_log(db, r, "stats_settings", settings_json(s), e))
		return -1;
	return api_reply(r, 200, settings_json(s));
}

static bool admin_at_root(const struct principal *p)
{
	for (int i = 0; i < p->n_grants; i++)
		if (p->grants[i].role == ROLE_ADMIN && scope_grant_at_root(&p->grants[i]))
			return true;
	return false;
}

int api_stats_settings_put(struct req *r)
{
	if (!admin_at_root(&r->auth.who))
		return err_forbidden(&r->err, "only an admin at the district root changes this");
	if (validate_body(r, f_settings, N_OF(f_settings), false))
		return -1;
	json_t *wj = json_object_get(r->body, "weights");
	if (validate_object(r, wj, "weights", f_weights, N_OF(f_weights), false))
		return -1;
	struct stats_settings *s = arena_alloc(&r->arena, sizeof *s);
	s->weights.response = json_number_value(json_object_get(wj, "response"));
	s->weights.resolution = json_number_value(json_object_get(wj, "resolution"));
	s->weights.satisfaction = json_number_value(json_object_get(wj, "satisfaction"));
	s->min_denominator = body_int(r, "min_denominator", STATS_MIN_DENOMINATOR);
	if (!metrics_weights_ok(&s->weights))
		return err_invalid(&r->err, "weights", "the weights must sum to 1");
	return api_write(r, settings_write, s);
}
