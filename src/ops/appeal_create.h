/* appeal_create (operations): a new appeal, from any channel — the API's intake today, and
 * the reception rooms, Open311 and imports to come. Routing by the dispatch catalogue
 * (read side, before the write) and the write itself (tracking number, first deadline,
 * search row, attachments, the submit event and a clear case's dispatch) are apart, so a
 * caller routes on its read connection and creates in the writer. */
#ifndef HUIYIN_OPS_APPEAL_CREATE_H
#define HUIYIN_OPS_APPEAL_CREATE_H

#include "ops/ops.h"
#include "store/appeals.h"
#include "store/orgs.h"

/* An appeal to create: the row as the caller filled it (category, tier, title, text,
 * channel, urgency, submitter, place, access hash, created_by) plus where it goes. */
struct appeal_new {
	struct store_appeal a;
	int64_t auto_lead; /* dispatch at once to this org (0: no) */
	const char *auto_lead_path, *auto_lead_name;
	const char *const *attachments; /* upload keys to link, n_attachments of them */
	int n_attachments;
	const char *uploader; /* who must have uploaded them (store/attachments.h) */
	int64_t search_id;    /* internal: the full-text row, added at the end of the batch */
	const char *search_tokens;
};

/* The district at the root, on db (any connection), in a. Returns 0, or -1 with e set
 * (500 when there is no district yet). */
int appeal_district_root(struct db *db, struct arena *a, struct store_org *root, struct err *e);

/* Routes n by the dispatch catalogue on db (a read connection will do): sets
 * n->a.proposed_org_id (the catalogue's unit, the community, or the district root as the
 * 兜底 fallback) and, for a clear case (an automatic rule), n->auto_lead and its path and
 * name. community is the appeal's community when it has one (NULL otherwise). Returns 0,
 * or -1 with e set. */
int appeal_route(struct db *db, struct appeal_new *n, const struct store_org *community,
                 struct arena *a, struct err *e);

/* Routes n to `community` itself, not by the catalogue: placed there, proposed there and
 * dispatched there at once by the system when it is created — a letter to a secretary
 * goes first to their alliance. */
void appeal_route_to(struct appeal_new *n, const struct store_org *community);

/* Creates n inside the writer's transaction on db: tracking number, accept deadline from
 * the category, the row, the search row (at the end of the batch, so n must live until the
 * batch ends: allocate it in the request's arena), the attachments (a bad key leaves no
 * appeal behind), the submit event by `who`, and for a clear case acceptance and dispatch
 * by the system. n->a is read back with its id, status and version. Returns 0, or -1 with
 * e set. */
int appeal_create(struct db *db, const uint8_t *audit_key, struct appeal_new *n,
                  const struct actor *who, struct arena *ar, struct err *e);

#endif
