/* stats_lists: the three lists (三张清单) and activities on the statistics page —
 * GET /api/v1/stats/lists?FILTER: needs raised, matched and fulfilled, resources offered
 * and committed, projects by status, activities held and audience reached by kind
 * (store/list_counts.h; the activities through the counts of /activities/stats), in the
 * filter's period and the caller's scope. Of the common filter the lists take the period,
 * `org` and `community` (each narrows to a subtree); the appeal-only arguments (unit,
 * category, channel, tier) are 400 naming them. */
#include "api/handlers.h"
#include "api/lists.h"
#include "api/stats_filter.h"
#include "api/validate.h"
#include "domain/scope.h"
#include "store/list_counts.h"
#include "util/clock.h"

#include <string.h>

/* The scope's subtrees without those inside another (each would be counted twice). */
static int outer_paths(struct req *r, const struct stats_filter *f, const char ***out)
{
	const char **p = arena_alloc(&r->arena, sizeof *p * (size_t)(f->n_scope + 1));
	int n = 0;
	for (int i = 0; i < f->n_scope; i++) {
		bool inner = false;
		for (int j = 0; j < f->n_scope && !inner; j++)
			inner = j != i && scope_path_within(f->scope_paths[i], f->scope_paths[j]) &&
			        (strcmp(f->scope_paths[i], f->scope_paths[j]) || j < i);
		if (!inner)
			p[n++] = f->scope_paths[i];
	}
	*out = p;
	return n;
}

static const char *day_text(struct req *r, int64_t day)
{
	char buf[PERIOD_TEXT_LEN];
	period_day_text(day, buf);
	return arena_strdup(&r->arena, buf);
}

static const char *day_iso(struct req *r, int64_t day)
{
	char buf[CLOCK_ISO_LEN];
	clock_iso(period_day_start(day), buf);
	return arena_strdup(&r->arena, buf);
}

int api_stats_lists(struct req *r)
{
	struct stats_filter f;
	if (stats_filter_parse(r, NULL, 0, &f))
		return -1;
	static const char *const appeal_only[] = {"unit", "category", "channel", "tier"};
	for (int i = 0; i < N_OF(appeal_only); i++)
		if (req_query(r, appeal_only[i]))
			return err_invalid(&r->err, appeal_only[i],
			                   "%s does not apply to the lists and activities",
			                   appeal_only[i]);
	struct list_count_filter lf = {
	    .from = day_iso(r, f.period.from),
	    .to = day_iso(r, f.period.to + 1),
	    .org_path = f.org_path,
	    .community_path = f.community_path,
	};
	/* A subtree named lies in the scope already (stats_filter_parse checked it). */
	if (!f.scope_all && !f.org_path && !f.community_path)
		lf.n_paths = outer_paths(r, &f, (const char ***)&lf.paths);
	struct store_list_counts c;
	if (store_list_counts(r->rdb, &lf, &r->arena, &c, &r->err))
		return -1;

	/* Activities: of the narrowest subtree named, or of the scope's. */
	const char *const *paths = lf.paths;
	int n_paths = lf.n_paths;
	const char *named = f.community_path ? f.community_path : f.org_path;
	struct store_org district;
	if (f.community_path && f.org_path && !scope_path_within(f.community_path, f.org_path)) {
		n_paths = 0; /* a community outside the org: nothing */
	} else if (named) {
		paths = &named;
		n_paths = 1;
	} else if (f.scope_all) {
		int rc = store_org_district(r->rdb, &r->arena, &district, &r->err);
		if (rc)
			return rc < 0 ? -1 : err_not_found(&r->err, "district");
		paths = (const char *const *)&district.path;
		n_paths = 1;
	}
	json_t *by_kind;
	struct activity_totals act = {0};
	if (activity_counts_json(r, paths, n_paths, day_text(r, f.period.from),
	                         day_text(r, f.period.to), &by_kind, &act))
		return -1;

	json_t *by_status = json_object();
	for (int s = 0; s < PROJECT_STATUS__MAX; s++) {
		int64_t n = 0;
		for (int i = 0; i < c.n_status; i++)
			if (!strcmp(c.status[i], project_status_names[s]))
				n = c.projects[i];
		json_object_set_new(by_status, project_status_names[s], json_integer(n));
	}
	return api_reply(
	    r, 200,
	    json_pack("{s:{s:s, s:s, s:s}, s:{s:I, s:I, s:I}, s:{s:I, s:I}, s:{s:o},"
	              " s:{s:I, s:I, s:I, s:o}}",
	              "period", "from", day_text(r, f.period.from), "to", day_text(r, f.period.to),
	              "kind", period_kind_names[f.period.kind], "needs", "raised",
	              (json_int_t)c.needs_raised, "matched", (json_int_t)c.needs_matched,
	              "fulfilled", (json_int_t)c.needs_fulfilled, "resources", "offered",
	              (json_int_t)c.resources_offered, "committed",
	              (json_int_t)c.resources_committed, "projects", "by_status", by_status,
	              "activities", "held", (json_int_t)act.held, "participants",
	              (json_int_t)act.participants, "audience", (json_int_t)act.audience, "by_kind",
	              by_kind));
}
