/* resource (operations): offering, changing and committing resources (see
 * resource.h). */
#include "ops/resource.h"
#include "store/notices.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

static const char *const SECRETARIES[] = {"secretary", NULL};

int resource_event(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		   const char *type, const struct actor *who, const struct evdata *data,
		   struct err *e)
{
	assert(res && res->id > 0 && type);
	int seq = lists_event(db, audit_key, AUDIT_RESOURCE, res->id, type, false, who, data, e);
	if (seq >= 0)
		res->event_count = seq;
	return seq;
}

/* The fields of res an event records (create: all of them; update: those that changed). */
static struct evdata *resource_data(const struct store_resource *res, struct arena *a)
{
	struct evdata *d = evdata_new(a);
	evdata_str(d, "title", res->title);
	evdata_str(d, "kind", res->kind);
	evdata_str_or_null(d, "category", res->category);
	evdata_int(d, "org_id", res->org_id);
	evdata_int(d, "quantity", res->quantity);
	evdata_str(d, "unit", res->unit);
	evdata_str_or_null(d, "available_from", res->available_from);
	evdata_str_or_null(d, "available_to", res->available_to);
	evdata_str(d, "status", res->status);
	evdata_ids(d, "alliance_ids", res->alliance_ids, res->n_alliances);
	evdata_str(d, "description", res->description ? res->description : "");
	evdata_str(d, "weekly_hours", res->weekly_hours ? res->weekly_hours : "");
	evdata_str(d, "place", res->place ? res->place : "");
	return d;
}

int resource_create(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		    const struct actor *who, struct arena *a, struct err *e)
{
	assert(db && audit_key && res && res->org_id > 0 && who && a);
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	res->status = res->status ? res->status : "active";
	res->committed = 0;
	if (store_resource_insert(db, res, now, e))
		return -1;
	int seq = resource_event(db, audit_key, res, "create", who, resource_data(res, a), e);
	return seq < 0 ? -1 : 0;
}

int resource_update(struct db *db, const uint8_t *audit_key, const struct store_resource *cur,
		    struct store_resource *next, int64_t version, const struct actor *who,
		    struct arena *a, struct err *e)
{
	assert(db && audit_key && cur && cur->id > 0 && next && next->id == cur->id && who && a);
	if (version && version != cur->version)
		return err_stale(e, "resource");
	/* What was committed meanwhile stays committed. */
	next->committed = cur->committed;
	next->version = cur->version;
	if (next->quantity < cur->committed)
		return err_set(e, 409, "below_committed", "quantity",
			       "%lld %s are committed already; the quantity cannot be less",
			       (long long)cur->committed, cur->unit);
	struct evdata *data = evdata_new(a);
	evdata_changes(data, "changes", resource_data(cur, a), resource_data(next, a));
	if (store_resource_update(db, next, lists_now(a), e))
		return -1;
	const char *type = strcmp(next->status, cur->status)
				   ? (!strcmp(next->status, "withdrawn") ? "withdraw" : "restore")
				   : "update";
	return resource_event(db, audit_key, next, type, who, data, e) < 0 ? -1 : 0;
}

int resource_commit(struct db *db, const uint8_t *audit_key, struct store_resource *res,
		    struct store_need *n, int64_t quantity, const char *note,
		    const struct actor *who, struct arena *a, struct store_commitment *out,
		    struct err *e)
{
	assert(db && audit_key && res && res->id > 0 && n && n->id > 0 && who && a && out);
	assert(quantity > 0);
	char today[11];
	lists_today(clock_now(), today);
	if (strcmp(res->status, "active"))
		return err_set(e, 409, "withdrawn", NULL, "the resource was withdrawn");
	if (res->available_to && strcmp(res->available_to, today) < 0)
		return err_set(e, 409, "expired", NULL, "the resource was available until %s",
			       res->available_to);
	int s = names_find(need_status_names, NEED_STATUS__MAX, n->status);
	if (s < 0 || !need_event_allowed((enum need_status)s, NEED_REPORT))
		return err_set(e, 409, "wrong_state", "need_id",
			       "a resource cannot be committed to a need that is %s", n->status);
	if (quantity > res->quantity - res->committed)
		return err_set(e, 409, "insufficient", "quantity",
			       "only %lld %s of this resource remain",
			       (long long)(res->quantity - res->committed), res->unit);
	const char *now = lists_now(a);
	res->committed += quantity;
	if (store_resource_update(db, res, now, e))
		return -1;
	*out = (struct store_commitment){.resource_id = res->id, .need_id = n->id,
					 .org_id = res->org_id, .quantity = quantity,
					 .note = note, .committed_by = who->user_id,
					 .committed_at = now, .org_name = res->org_name,
					 .resource_title = res->title, .unit = res->unit,
					 .need_title = n->title};
	if (store_commitment_insert(db, out, e))
		return -1;
	struct evdata *rd = evdata_new(a);
	evdata_int(rd, "commitment_id", out->id);
	evdata_int(rd, "need_id", n->id);
	evdata_int(rd, "quantity", quantity);
	evdata_int(rd, "remaining", res->quantity - res->committed);
	if (resource_event(db, audit_key, res, "commit", who, rd, e) < 0)
		return -1;
	struct evdata *d = evdata_new(a);
	evdata_int(d, "commitment_id", out->id);
	evdata_int(d, "resource_id", res->id);
	evdata_int(d, "org_id", res->org_id);
	evdata_str(d, "org_name", res->org_name ? res->org_name : "");
	evdata_str(d, "resource_title", res->title);
	evdata_int(d, "quantity", quantity);
	evdata_str(d, "unit", res->unit);
	if (note && *note)
		evdata_str(d, "note", note);
	int seq = need_step(db, audit_key, n, NEED_REPORT, who, d, a, e);
	if (seq < 0 ||
	    store_need_unit_add(db, n->id, res->org_id, res->org_path, "commit", now, e))
		return -1;
	int64_t found;
	char *msg = arena_printf(a, "单位报到 %s：%s 认领 %s %lld %s", n->tracking_no,
				 res->org_name ? res->org_name : "", res->title,
				 (long long)quantity, res->unit);
	return store_notify_role_at(
	    db, SECRETARIES, n->community_id, "need_report", (struct subject){SUBJECT_NEED, n->id},
	    msg, arena_printf(a, "need:%lld:%d", (long long)n->id, seq), now, &found, e);
}
