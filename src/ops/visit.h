/* visit (operations): the changes of the visit log of the reception rooms (来访登记) — a
 * visit recorded by the duty official, and its one decision: answered on the spot
 * (现场办结), turned into an appeal (channel reception_room, the room's community, the
 * recorder as the intake official, the visitor as the submitter, who gets the tracking
 * number by SMS) or into a need in the same step, or referred. Who may do it is checked by
 * the caller (domain/visit.h); that the visit is still open is checked again here against
 * the row the writer reads (409 `decided`), and the decision is a versioned update, so a
 * visit never becomes two appeals. A visit is a plain row (no chain of its own): the
 * appeal or need it becomes starts its own audited chain. */
#ifndef HUIYIN_OPS_VISIT_H
#define HUIYIN_OPS_VISIT_H

#include "domain/visit.h"
#include "ops/appeal_create.h"
#include "ops/ops.h"
#include "store/needs.h"
#include "store/visits.h"

/* Inserts v (room, community, visited_at, visitor, raised, category, recorded_by set by
 * the caller) as open, with its visitor's personal data. Sets v->id, created_at and
 * version. */
int visit_record(struct db *db, struct store_visit *v, struct arena *a, struct err *e);

/* A decision without a new case: VISIT_ANSWER with `text` the answer given, or
 * VISIT_REFER with `text` to whom and why and org_id the organisation referred to (0:
 * none named). 409 `decided` when v was decided already. */
int visit_decide(struct db *db, struct store_visit *v, enum visit_event ev, const char *text,
                 int64_t org_id, const struct actor *who, struct arena *a, struct err *e);

/* Turns v into the appeal n (routed by the caller: appeal_route on the read side), filled
 * here from the visit: channel reception_room, the room, its community, the recorder as
 * created_by, the visitor as the submitter (SMS with the tracking number when they left a
 * phone). n->a's category, title, description, urgency, tier and access_hash are the
 * caller's. 409 `decided` when v was decided already. v->appeal_id is set. */
int visit_to_appeal(struct db *db, const uint8_t *audit_key, struct store_visit *v,
                    struct appeal_new *n, const struct actor *who, struct arena *a,
                    struct err *e);

/* Turns v into the need n (title, description, category, urgency, beneficiaries and the
 * access hash set by the caller), filled here from the visit: source staff, the room's
 * community and address, the visitor's personal data, the recorder as created_by. 409
 * `decided` when v was decided already. v->need_id is set. */
int visit_to_need(struct db *db, const uint8_t *audit_key, struct store_visit *v,
                  struct store_need *n, const char *address, const struct actor *who,
                  struct arena *a, struct err *e);

#endif
