/* appeals (API side): what the appeal handlers share — loading an appeal with the facts
 * the rules need, applying one life-cycle step (row, deadlines, event, notices) inside a
 * write transaction, and rendering the staff, submitter and public views. */
#ifndef HUIYIN_API_APPEALS_H
#define HUIYIN_API_APPEALS_H

#include "api/req.h"
#include "domain/appeal.h"
#include "store/appeals.h"

struct actor {
	const char *kind; /* staff, submitter, system */
	int64_t user_id;
};

/* A validated step with everything it needs. */
struct step_input {
	enum appeal_step step;
	const char *tier, *reply, *outcome, *reason, *note, *rating, *comment, *text;
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

/* Fills the rules' facts from a loaded appeal (paths point into `a`). */
void appeal_facts_of(const struct store_appeal *a, struct appeal_facts *f);
/* Loads appeal `id` for a staff caller; 404 when it does not exist or is out of scope. */
int appeal_load_visible(struct req *r, struct db *db, int64_t id, struct store_appeal *a,
                        struct err *e);
/* Applies a step (already checked against the rules) inside the caller's write
 * transaction: new status, deadlines, the hash-chained event, notifications to staff and
 * a notice to the submitter for steps they see. */
int appeal_apply(struct db *db, const uint8_t *audit_key, struct store_appeal *a,
                 const struct step_input *in, const struct actor *who, struct arena *ar,
                 struct err *e);
/* Appends one event without changing the appeal's state (reveal, submit). */
int appeal_event(struct db *db, const uint8_t *audit_key, struct store_appeal *a,
                 enum appeal_step step, const struct actor *who, json_t *data, struct err *e);

/* Views. The staff view masks personal data unless `reveal`; with a calendar it adds
 * "countdown": the next pending deadline with the working time left at `now` (negative when
 * overdue), counted by the calendar: {"step","due","working_seconds"}. Written as text
 * (util/jsonw.h): a page holds fifty. */
struct workcal;
void appeal_staff_write(struct jw *w, struct req *r, const struct store_appeal *a, bool reveal,
                        const struct workcal *cal, int64_t now);
/* Answers the staff view of `a` (countdown at the current time when cal is given). */
int appeal_reply_staff(struct req *r, int status, const struct store_appeal *a, bool reveal,
                       const struct workcal *cal);
json_t *appeal_track_json(struct req *r, struct db *db, const struct store_appeal *a);
/* Open appeals in the caller's scope that look like a (text, category, place), best first,
 * at most ten: [{"id","tracking_no","title","status","category","score"}]. */
json_t *appeal_similar_json(struct req *r, struct db *db, const struct store_appeal *a);
json_t *appeal_public_json(const struct store_appeal *a, const char *community_name);
/* The events of `a`, oldest first: every one with its actor and hash, or with public_only
 * the submitter's timeline (public steps only, no staff ids or names, no units). */
json_t *appeal_events_json(struct req *r, struct db *db, const struct store_appeal *a,
                           bool public_only);

int api_appeals_create(struct req *r);
int api_appeals_list(struct req *r);
int api_appeals_get(struct req *r);
int api_appeals_step(struct req *r);
int api_appeals_events(struct req *r);
int api_appeals_similar(struct req *r);
int api_appeals_templates(struct req *r);
int api_public_appeals(struct req *r);
int api_track_get(struct req *r);
int api_track_step(struct req *r);
int api_notifications_list(struct req *r);
int api_notifications_read(struct req *r);

#endif
