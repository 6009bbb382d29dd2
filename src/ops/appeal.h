/* appeal (operations): the facts the rules need from a loaded appeal, and the changes of
 * an appeal's state — one life-cycle step (row, deadlines, event, notices) or one event
 * that changes nothing (reveal, submit) — inside the caller's write transaction. Used by
 * the API (appeal_steps.c, appeal_intake.c, track.c), the worker and the demo. */
#ifndef HUIYIN_OPS_APPEAL_H
#define HUIYIN_OPS_APPEAL_H

#include "domain/appeal.h"
#include "ops/ops.h"
#include "store/appeals.h"
#include "store/evdata.h"

/* A validated step with everything it needs. */
struct step_input {
	enum appeal_step step;
	const char *tier, *reply, *outcome, *reason, *note, *rating, *comment, *text;
	const char *resolved; /* rate and callback: yes, partly, no */
	int64_t lead_org_id;
	const char *lead_path, *lead_name;
	int n_assist;
	int64_t assist_ids[APPEAL_MAX_ASSISTS];
	const char *assist_paths[APPEAL_MAX_ASSISTS];
	int64_t days, into_id;
	const char *public_title, *public_description, *public_reply;
	const char *overdue_step; /* for overdue and escalate: accept, acknowledge, ... */
	int overdue_bit;
	int64_t version; /* 0: no check */
};

/* Fills the rules' facts from a loaded appeal (the paths point into a's memory). */
void appeal_facts_of(const struct store_appeal *a, struct appeal_facts *f);
/* Applies a step, already checked against the rules (domain/appeal.h: appeal_check), to
 * the loaded appeal a inside the caller's write transaction on db (the writer's): new
 * status, deadlines in working time, the hash-chained event, notifications to staff and a
 * notice to the submitter for steps they see. a takes the new state (read the row again
 * for its version and head); strings come from ar. Returns 0, or -1 with e set: 409
 * `stale` when in->version is given and not a's, or a database error. */
int appeal_apply(struct db *db, const uint8_t *audit_key, struct store_appeal *a,
                 const struct step_input *in, const struct actor *who, struct arena *ar,
                 struct err *e);
/* Appends one event of type `step` with data to a's chain without changing the appeal's
 * state (reveal; submit, after the row was inserted, which also tells the dispatchers and
 * the submitter). Returns the event's seq (> 0), or -1 with e set. */
int appeal_event(struct db *db, const uint8_t *audit_key, struct store_appeal *a,
                 enum appeal_step step, const struct actor *who, const struct evdata *data,
                 struct arena *ar, struct err *e);

#endif
