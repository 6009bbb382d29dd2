/* stats_filter: the common filter of every /api/v1/stats route and every statistics export
 * (coord/STATS_API.md): the period, the organisation, unit, community, category, channel
 * and tier, and the caller's scope. One parser, so every route refuses the same input the
 * same way: an unknown argument or value is 400 naming it, a period over five years or
 * ending before it starts is 400 naming `to`, and a filter outside the caller's scope is 403
 * naming it.
 *
 * The period arithmetic (Shanghai days, the week/month/... containing a date, the period
 * before) is pure and lives in domain/period.h. */
#ifndef HUIYIN_STATS_FILTER_H
#define HUIYIN_STATS_FILTER_H
#include <stdbool.h>
#include <stdint.h>

#include "api/req.h"
#include "domain/period.h"

struct stats_filter {
	struct period period; /* default: the month containing today */
	/* org=ID: dispatches to (and appeals led by) units in this subtree; 0 / NULL: none */
	int64_t org_id;
	const char *org_path;
	/* unit=ID: exactly this lead unit */
	int64_t unit_id;
	const char *unit_path;
	/* community=ID: the appeal's community */
	int64_t community_id;
	const char *community_path;
	const char *category, *channel, *tier; /* NULL: any */
	/* The caller's scope: everything (a grant at the root), or the subtrees of scope_paths,
	 * where a fact counts when its unit or the appeal's place lies in one of them. A
	 * filter named above already lies inside the scope (checked), so it alone decides. */
	bool scope_all;
	const char **scope_paths;
	int n_scope;
};

/* The filter's arguments, for a route to know what the filter reads. */
extern const char *const stats_filter_args[];
extern const int stats_filter_n_args;

/* Parses the filter from r's query string into *f. `extra` names the route's own
 * arguments (n_extra of them; "class", "sort", ...) which are let through unread; `format`
 * (the exports' csv|xlsx) always is. Returns 0, or -1 with r->err: 400 naming the
 * argument at fault (unknown argument, malformed or unknown value, `to` before `from`, a
 * period over five years, `date` with `from`/`to`), 403 naming it when an org, unit or
 * community lies outside the caller's scope, 403 when the caller holds no staff role but
 * liaison. */
int stats_filter_parse(struct req *r, const char *const *extra, int n_extra,
                       struct stats_filter *f);

#endif
