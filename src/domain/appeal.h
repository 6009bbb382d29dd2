/* appeal: the life cycle of an appeal (诉求) as rules: which steps exist, in which states
 * each is allowed, who may take it, and where it leads. Pure: the caller loads the facts
 * and applies the decision.
 *
 *   submitted -accept-> accepted -dispatch-> dispatched -acknowledge-> in_progress
 *   in_progress -reply-> replied -rate/auto_close-> closed
 *   submitted|accepted -decline (with a reply)-> closed; -merge-> closed
 *   dispatched|in_progress -return (with a reason)-> accepted (back to the dispatcher)
 *   in_progress|reopened -suspend-> suspended -resume/add_info-> the state before
 *   replied -rate unsatisfied-> reopened (first time, same unit) or accepted (second time)
 *   reopened -acknowledge-> in_progress; accepted..reopened -dispatch-> dispatched
 *
 * Nothing closes without an answer the submitter can read: decline needs a reply, and
 * reply needs at least 15 characters. */
#ifndef HUIYIN_APPEAL_H
#define HUIYIN_APPEAL_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/scope.h"

enum appeal_status {
	APPEAL_SUBMITTED,
	APPEAL_ACCEPTED,
	APPEAL_DISPATCHED,
	APPEAL_IN_PROGRESS,
	APPEAL_SUSPENDED,
	APPEAL_REPLIED,
	APPEAL_REOPENED,
	APPEAL_CLOSED,
	APPEAL_STATUS__MAX
};

enum appeal_step {
	/* staff */
	STEP_ACCEPT,
	STEP_DECLINE,
	STEP_DISPATCH,
	STEP_ACKNOWLEDGE,
	STEP_RETURN,
	STEP_CONTACT,
	STEP_PROGRESS,
	STEP_NOTE,
	STEP_EXTEND_REQUEST,
	STEP_EXTEND_APPROVE,
	STEP_EXTEND_REJECT,
	STEP_REPLY,
	STEP_CALLBACK,
	STEP_SUSPEND,
	STEP_RESUME,
	STEP_SUPERVISE,
	STEP_MERGE,
	STEP_PUBLISH,
	STEP_UNPUBLISH,
	/* the submitter */
	STEP_SUBMIT,
	STEP_ADD_INFO,
	STEP_RATE,
	/* the system */
	STEP_OVERDUE,
	STEP_ESCALATE,
	STEP_AUTO_CLOSE,
	STEP_REVEAL,
	STEP__MAX
};

/* The first step a staff member may ask for through the events endpoint, and the end. */
#define STEP_STAFF_LAST STEP_UNPUBLISH

enum rating { RATING_SATISFIED, RATING_BASICALLY, RATING_UNSATISFIED, RATING__MAX };
/* 问题是否解决, asked with every rating and callback. */
enum resolved { RESOLVED_YES, RESOLVED_PARTLY, RESOLVED_NO, RESOLVED__MAX };

extern const char *const appeal_status_names[APPEAL_STATUS__MAX];
extern const char *const appeal_step_names[STEP__MAX];
extern const char *const rating_names[RATING__MAX];
extern const char *const resolved_names[RESOLVED__MAX];
extern const char *const channel_names[];
extern const int channel_count;

/* What the rules need to know about one appeal. */
struct appeal_facts {
	enum appeal_status status;
	enum appeal_status before_suspend; /* for resume */
	const char *place_path;            /* the community's path (or the district's) */
	const char *lead_path;             /* NULL until dispatched */
	const char *const *assist_paths;
	int n_assist;
	int64_t created_by;                /* staff who recorded it, 0 */
	int64_t submitter_org_id;          /* the enterprise, for liaisons */
	bool extension_pending;
	bool publishable, published, has_answer;
	int unsatisfied_count;
};

enum { APPEAL_OK = 0, APPEAL_NOT_VISIBLE = 404, APPEAL_FORBIDDEN = 403, APPEAL_WRONG_STATE = 409 };

/* May this staff member see the appeal at all? (Its place, its lead unit or an assisting
 * unit in their scope; a liaison sees what their enterprise submitted.) */
bool appeal_visible(const struct principal *p, const struct appeal_facts *f);
/* Does the caller see it as staff (through a role at its place, its lead or an assisting
 * unit)? A caller who sees it only as the submitting enterprise's liaison gets what the
 * submitter sees: no internal steps, no staff names, no units or internal deadlines. */
bool appeal_staff_sees(const struct principal *p, const struct appeal_facts *f);
/* APPEAL_OK, or the HTTP status that refuses the step: 404 when the caller cannot see the
 * appeal, 409 when the state does not allow the step, 403 when the caller may not. */
int appeal_check(const struct principal *p, const struct appeal_facts *f, enum appeal_step s);
/* Is the step allowed in this state (ignoring who asks)? */
bool appeal_step_allowed(const struct appeal_facts *f, enum appeal_step s);
/* The status after the step. For STEP_RATE and STEP_CALLBACK pass the rating. */
enum appeal_status appeal_next(const struct appeal_facts *f, enum appeal_step s,
			       enum rating rating);
/* Does the submitter see this step in their timeline (and hear of it)? */
bool appeal_step_public(enum appeal_step s);
/* May the caller reveal the submitter's contact details (dispatchers of the place, the
 * lead unit's handlers)? */
bool appeal_may_reveal(const struct principal *p, const struct appeal_facts *f);
/* The timeline sentence for the submitter, in Chinese (zh-CN). */
const char *appeal_step_text(enum appeal_step s);

#endif
