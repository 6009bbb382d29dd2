/* appeal_create (operations): routing a new appeal by the dispatch catalogue and writing
 * it with its first deadline, search row, attachments and submit event. See the header. */
#include "ops/appeal_create.h"

#include "domain/search.h"
#include "domain/workcal.h"
#include "ops/appeal.h"
#include "ops/catalog.h"
#include "ops/intake.h"
#include "store/attachments.h"
#include "store/catalog.h"
#include "store/writer.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

int appeal_district_root(struct db *db, struct arena *a, struct store_org *root, struct err *e)
{
	int rc = store_org_district(db, a, root, e);
	if (rc > 0)
		return err_internal(e, "there is no district; run huiyin init --demo");
	return rc;
}

int appeal_route(struct db *db, struct appeal_new *n, const struct store_org *community,
                 struct arena *a, struct err *e)
{
	assert(n && n->a.category);
	struct store_dispatch_rule rule;
	int rc = store_dispatch_match(db, n->a.category, n->a.community_id, a, &rule, e);
	if (rc < 0)
		return -1;
	int64_t target = 0;
	if (rc == 0)
		target = !strcmp(rule.target, "community") ? n->a.community_id : rule.org_id;
	if (!target) {
		struct store_org root;
		if (appeal_district_root(db, a, &root, e))
			return -1;
		n->a.proposed_org_id = root.id;
		return 0;
	}
	n->a.proposed_org_id = target;
	if (rc == 0 && rule.automatic) {
		struct store_org lead;
		if (target == n->a.community_id && community)
			lead = *community;
		else if (store_org_get(db, target, a, &lead, e))
			return -1;
		n->auto_lead = lead.id;
		n->auto_lead_path = lead.path;
		n->auto_lead_name = lead.name;
	}
	return 0;
}

void appeal_route_to(struct appeal_new *n, const struct store_org *community)
{
	assert(n && community && community->id > 0 && community->path);
	n->a.community_id = community->id;
	n->a.place_path = community->path;
	n->a.proposed_org_id = community->id;
	n->auto_lead = community->id;
	n->auto_lead_path = community->path;
	n->auto_lead_name = community->name;
}

static int search_add(struct db *db, void *arg, struct err *e)
{
	struct appeal_new *n = arg;
	return store_appeal_search_add(db, n->search_id, n->search_tokens, e);
}

/* The accept deadline from the category's limit, counted from now_t. */
static int accept_due(struct db *db, struct store_appeal *a, int64_t now_t, struct arena *ar,
                      struct err *e)
{
	struct store_category cat;
	struct workcal cal;
	if (store_category_get(db, a->category, ar, &cat, e) || catalog_workcal(db, ar, &cal, e))
		return -1;
	enum workcal_unit unit;
	if (workcal_unit_parse(cat.accept.unit, &unit))
		return 0;
	int64_t due = workcal_deadline(&cal, now_t, (int)cat.accept.value, unit);
	char buf[CLOCK_ISO_LEN];
	clock_iso(due, buf);
	a->accept_due = due == WORKCAL_NEVER ? NULL : arena_strdup(ar, buf);
	return 0;
}

int appeal_create(struct db *db, const uint8_t *audit_key, struct appeal_new *n,
                  const struct actor *who, struct arena *ar, struct err *e)
{
	assert(db && audit_key && n && who && ar);
	struct store_appeal *a = &n->a;
	assert(a->category && a->title && a->description && a->channel && a->place_path);
	int64_t now_t = clock_now();
	char now[CLOCK_ISO_LEN];
	clock_iso(now_t, now);
	if (intake_tracking_no(db, "HY", now_t, ar, &a->tracking_no, e))
		return -1;
	a->created_at = arena_strdup(ar, now);
	a->status = "submitted";
	if (accept_due(db, a, now_t, ar, e))
		return -1;
	size_t cap = strlen(a->title) * 3 + strlen(a->description) * 3 + 16;
	char *tokens = arena_alloc(ar, cap);
	search_tokens(arena_printf(ar, "%s\n%s", a->title, a->description), tokens, cap);
	/* The search row goes in at the end of the writer's batch (see writer_later). */
	if (store_appeal_insert(db, a, NULL, e))
		return -1;
	n->search_id = a->id;
	n->search_tokens = tokens;
	if (writer_later(db, search_add, n, e))
		return -1;
	/* In the same transaction: a bad attachment key leaves no appeal behind. */
	if (n->n_attachments > 0 &&
	    attachments_link(db, a->id, n->attachments, n->n_attachments, n->uploader, e))
		return -1;
	struct evdata *data = evdata_new(ar);
	evdata_str(data, "channel", a->channel);
	evdata_str(data, "category", a->category);
	evdata_str(data, "urgency", a->urgency);
	/* Where a letter or a room's appeal comes from is in the chain with the submission. */
	if (a->addressed_to)
		evdata_int(data, "addressed_to", a->addressed_to);
	if (a->room_id)
		evdata_int(data, "room_id", a->room_id);
	if (appeal_event(db, audit_key, a, STEP_SUBMIT, who, data, ar, e) < 0)
		return -1;
	if (store_appeal_get(db, a->id, ar, a, e))
		return -1;
	if (!n->auto_lead)
		return 0;
	/* A clear case in the dispatch catalogue goes to its unit at once. */
	struct actor sys = {"system", 0};
	struct step_input accept = {.step = STEP_ACCEPT};
	struct step_input dispatch = {.step = STEP_DISPATCH,
	                              .lead_org_id = n->auto_lead,
	                              .lead_path = n->auto_lead_path,
	                              .lead_name = n->auto_lead_name};
	return appeal_apply(db, audit_key, a, &accept, &sys, ar, e) ||
	               appeal_apply(db, audit_key, a, &dispatch, &sys, ar, e)
	           ? -1
	           : 0;
}
