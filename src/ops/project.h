/* project (operations): the changes of a project (项目清单) — created from needs (接单:
 * they move to in_project, the units taking part join them), its title, description or
 * plan changed, a step of its life (start, milestone, complete — its needs are then
 * fulfilled —, evaluate, comment) and the worker's flags on milestones past their date —
 * each with its hash-chained event and notices, inside the caller's write transaction.
 * Who may do it is checked by the caller (domain/lists.h: project_check). */
#ifndef HUIYIN_OPS_PROJECT_H
#define HUIYIN_OPS_PROJECT_H

#include "ops/need.h"
#include "store/projects.h"

/* A validated step of a project's life. */
struct project_input {
	enum project_step step;
	int64_t milestone_id;
	const char *done_on, *note, *summary, *rating, *comment;
	int64_t beneficiaries_reached;
	int64_t version;        /* 0: no check */
};

/* The rules' facts of a loaded project (the paths point into p's memory). */
void project_facts_of(const struct store_project *p, struct project_facts *f);
/* Inserts project p (planned) with its create event; its needs (p->n_needs, loaded in
 * this transaction) move to in_project, each with a project event, and the units taking
 * part join them and hear of it. 409 `wrong_state` for a need that cannot be taken up.
 * Sets p->id. */
int project_create(struct db *db, const uint8_t *audit_key, struct store_project *p,
		   struct store_need *needs, const struct actor *who, struct arena *a,
		   struct err *e);

/* A change of a project's title, description or plan: NULL texts and an unset plan leave
 * them as they are. */
struct project_edit {
	const char *title, *description;
	bool set_plan;
	int n_milestones;
	struct store_milestone *milestones;
	int64_t version; /* 0: no check */
};
/* Applies ed to p (loaded in this transaction) with an update event naming the changes:
 * 409 `stale` when ed->version is given and not p's, 409 `wrong_state` for a plan once
 * the project started. */
int project_update(struct db *db, const uint8_t *audit_key, struct store_project *p,
		   const struct project_edit *ed, const struct actor *who, struct arena *a,
		   struct err *e);
/* Applies a step (already checked against the rules): the row, milestones, the event; at
 * complete the needs in the project are fulfilled. 409 `stale` when in->version is given
 * and not p's; 404 / 409 for a milestone that is not p's or done already. */
int project_apply(struct db *db, const uint8_t *audit_key, struct store_project *p,
		  const struct project_input *in, const struct actor *who, struct arena *a,
		  struct err *e);
/* The worker's part: flags each milestone past its date (at now, ISO 8601) once — an
 * overdue event by the system, a notification to the owner's staff. Returns the number
 * flagged, or -1 with e set. */
int project_flag_overdue(struct db *db, const uint8_t *audit_key, struct arena *a,
			 const char *now, struct err *e);

#endif
