/* lists (API side): what the handlers of the three lists and activities share — the
 * caller's scope (a secretary's grants widened by the member units of their alliances)
 * and loading a need or a project for a staff caller (see lists.h). */
#include "api/lists.h"
#include "store/orgs.h"

#include <string.h>

int lists_widened(struct req *r, struct db *db, struct principal *out, struct err *e)
{
	const struct principal *p = &r->auth.who;
	int total = p->n_grants;
	int64_t *ids[64];
	const char **paths[64];
	int counts[64] = {0};
	for (int i = 0; i < p->n_grants && i < 64; i++) {
		if (p->grants[i].role != ROLE_SECRETARY)
			continue;
		if (store_alliance_units_within(db, p->grants[i].org_path, &r->arena, &ids[i],
						&paths[i], &counts[i], e))
			return -1;
		total += counts[i];
	}
	struct grant *g = arena_alloc(&r->arena, sizeof *g * (size_t)(total ? total : 1));
	int k = 0;
	for (int i = 0; i < p->n_grants; i++)
		g[k++] = p->grants[i];
	for (int i = 0; i < p->n_grants && i < 64; i++)
		for (int j = 0; j < counts[i]; j++)
			lists_scope_member_grant(&g[k++], ids[i][j], paths[i][j]);
	out->user_id = p->user_id;
	out->grants = g;
	out->n_grants = k;
	return 0;
}

void lists_scope_of(struct req *r, const struct principal *p, struct store_scope *s)
{
	memset(s, 0, sizeof *s);
	const char **paths = arena_alloc(&r->arena, sizeof *paths * (size_t)(p->n_grants + 1));
	int64_t *ids = arena_alloc(&r->arena, sizeof *ids * (size_t)(p->n_grants + 1));
	for (int i = 0; i < p->n_grants; i++) {
		/* A grant at the root covers everything. */
		if (scope_grant_at_root(&p->grants[i])) {
			s->all = true;
			return;
		}
		paths[i] = p->grants[i].org_path;
		ids[i] = p->grants[i].org_id;
	}
	s->paths = paths;
	s->n_paths = p->n_grants;
	s->org_ids = ids;
	s->n_orgs = p->n_grants;
}

int need_load_visible(struct req *r, struct db *db, int64_t id, struct store_need *n,
		      struct need_facts *f, struct err *e)
{
	if (store_need_get(db, id, &r->arena, n, e) || need_facts_load(db, n, &r->arena, f, e))
		return -1;
	if (!need_visible(&r->auth.who, f))
		return err_not_found(e, "need");
	return 0;
}

int project_get_visible(struct req *r, struct db *db, const struct principal *who, int64_t id,
			struct store_project *p, struct project_facts *f, struct err *e)
{
	if (store_project_get(db, id, &r->arena, p, e))
		return -1;
	project_facts_of(p, f);
	if (!project_visible(who, f))
		return err_not_found(e, "project");
	return 0;
}
