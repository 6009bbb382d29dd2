/* need (operations): the changes of a need (需求清单) — raised (by the public, by staff or
 * from an appeal), its fields changed, whistled (吹哨), moved by an event of its life
 * (open → matched → in_project → fulfilled, or closed with a reason), added to by its
 * submitter, its contact details revealed — each with its hash-chained event and the
 * notices it causes, inside the caller's write transaction. Reports (报到) are
 * ops/resource.c, the taking up into a project (接单) ops/project.c; both move the need
 * with need_step(). Who may do what is checked by the caller (domain/lists.h:
 * need_check) before an operation runs; the state is checked again here. */
#ifndef HUIYIN_OPS_NEED_H
#define HUIYIN_OPS_NEED_H

#include "ops/lists.h"
#include "store/needs.h"

/* The need's status as the rules know it (open when the row holds an unknown one). */
enum need_status need_status_of(const struct store_need *n);
/* Fills the rules' facts of a loaded need (member units of its alliance, units that took
 * part), in a. Returns 0 or -1 with e set. */
int need_facts_load(struct db *db, const struct store_need *n, struct arena *a,
		    struct need_facts *f, struct err *e);
/* Appends event ev with data to n's chain without changing the need (n->event_count
 * follows). Returns the seq (> 0) or -1 with e set. */
int need_event(struct db *db, const uint8_t *audit_key, struct store_need *n,
	       enum need_event ev, const struct actor *who, const struct evdata *data,
	       struct err *e);
/* Moves n by ev: 409 `wrong_state` unless ev is allowed in its status; else the new
 * status (its row, with "from" and "to" added to data; data NULL: none but those), the
 * event, and for a change of status the submitter sees, their notice. Returns the seq or
 * -1 with e set. */
int need_step(struct db *db, const uint8_t *audit_key, struct store_need *n, enum need_event ev,
	      const struct actor *who, struct evdata *data, struct arena *a, struct err *e);
/* Inserts n (open) with its tracking number and its create event (the source and, from an
 * appeal, the appeal, whose own chain gets a `to_need` event and its link); the
 * secretaries of its community hear of it, a public submitter gets the link. Sets n->id,
 * n->tracking_no, n->status and n->created_at. */
int need_create(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct actor *who, struct arena *a, struct err *e);

/* A change of a need's fields: NULL texts and unset flags leave them as they are. */
struct need_edit {
	const char *title, *description, *category, *urgency;
	bool set_wanted_by;
	const char *wanted_by; /* NULL: no date */
	bool set_location;
	int64_t community_id;
	const char *place_path, *address;
	bool set_beneficiaries;
	const char *beneficiaries_who;
	int64_t beneficiaries_count;
};
/* Whether the edit changes anything. */
bool need_edit_any(const struct need_edit *ed);
/* Applies ed to n (its row, and an update event naming the changes); nothing when the
 * edit changes nothing. 409 `stale` when n's version moved meanwhile. */
int need_update(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct need_edit *ed, const struct actor *who, struct arena *a,
		struct err *e);
/* Ends n by NEED_FULFIL or NEED_CLOSE (with its reason, kept on the row), as need_step. */
int need_finish(struct db *db, const uint8_t *audit_key, struct store_need *n,
		enum need_event ev, const char *reason, const struct actor *who,
		struct arena *a, struct err *e);
/* Records that `who` saw the contact details of n's submitter (a reveal event). */
int need_reveal(struct db *db, const uint8_t *audit_key, struct store_need *n,
		const struct actor *who, struct err *e);

/* One unit a whistle calls, for its resources that match. */
struct need_call {
	int64_t org_id;
	const char *org_path, *name;
	const int64_t *resource_ids;
	int n_resources;
};
/* 吹哨: calls the n_calls units (at least one) — the need's whistled_at, its event, each
 * unit joins the need and its handlers and liaisons hear of it. */
int need_whistle(struct db *db, const uint8_t *audit_key, struct store_need *n,
		 const struct need_call *calls, int n_calls, const char *note,
		 const struct actor *who, struct arena *a, struct err *e);
/* The public submitter adds text to n (add_info, as need_step); the secretaries of its
 * community hear of it. Returns the seq or -1 with e set. */
int need_add_info(struct db *db, const uint8_t *audit_key, struct store_need *n,
		  const char *text, const struct actor *who, struct arena *a, struct err *e);

#endif
