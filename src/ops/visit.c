/* visit (operations): recording a visit and its one decision (see visit.h). */
#include "ops/visit.h"

#include "domain/visit.h"
#include "ops/need.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

static const char *now_iso(struct arena *a)
{
	char buf[CLOCK_ISO_LEN];
	clock_iso(clock_now(), buf);
	return arena_strdup(a, buf);
}

int visit_record(struct db *db, struct store_visit *v, struct arena *a, struct err *e)
{
	assert(db && v && a && v->room_id > 0 && v->community_id > 0 && v->recorded_by > 0);
	assert(v->visited_at && v->raised && v->category);
	v->created_at = now_iso(a);
	v->outcome = "open";
	return store_visit_insert(db, v, e);
}

static int still_open(const struct store_visit *v, struct err *e)
{
	if (!visit_open(v->outcome))
		return err_conflict(e, "decided", "the visit was decided already");
	return 0;
}

int visit_decide(struct db *db, struct store_visit *v, enum visit_event ev, const char *text,
                 int64_t org_id, const struct actor *who, struct arena *a, struct err *e)
{
	assert(db && v && v->id > 0 && who && a && text);
	assert(ev == VISIT_ANSWER || ev == VISIT_REFER);
	if (still_open(v, e))
		return -1;
	v->outcome = visit_outcome_of[ev];
	if (ev == VISIT_ANSWER)
		v->answer = text;
	else {
		v->referral = text;
		v->referred_org_id = org_id;
	}
	v->decided_by = who->user_id;
	return store_visit_decide(db, v, now_iso(a), e);
}

int visit_to_appeal(struct db *db, const uint8_t *audit_key, struct store_visit *v,
                    struct appeal_new *n, const struct actor *who, struct arena *a,
                    struct err *e)
{
	assert(db && audit_key && v && v->id > 0 && n && who && a);
	if (still_open(v, e))
		return -1;
	struct store_appeal *ap = &n->a;
	ap->channel = "reception_room";
	ap->room_id = v->room_id;
	ap->community_id = v->community_id;
	ap->place_path = v->community_path;
	ap->submitter_type = "resident";
	ap->name = v->name;
	ap->phone = v->phone;
	ap->created_by = v->recorded_by;
	if (appeal_create(db, audit_key, n, who, a, e))
		return -1;
	v->outcome = "appeal";
	v->appeal_id = ap->id;
	v->decided_by = who->user_id;
	return store_visit_decide(db, v, now_iso(a), e);
}

int visit_to_need(struct db *db, const uint8_t *audit_key, struct store_visit *v,
                  struct store_need *n, const char *address, const struct actor *who,
                  struct arena *a, struct err *e)
{
	assert(db && audit_key && v && v->id > 0 && n && who && a);
	if (still_open(v, e))
		return -1;
	n->source = "staff";
	n->community_id = v->community_id;
	n->place_path = v->community_path;
	n->address = address ? address : "";
	n->name = v->name;
	n->phone = v->phone;
	n->created_by = v->recorded_by;
	if (need_create(db, audit_key, n, who, a, e))
		return -1;
	v->outcome = "need";
	v->need_id = n->id;
	v->decided_by = who->user_id;
	return store_visit_decide(db, v, now_iso(a), e);
}
