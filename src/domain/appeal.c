/* appeal: life-cycle rules (see appeal.h). Each step has a mask of states it is allowed in
 * and a "who" rule; both are tables, so the rules read as data. */
#include "domain/appeal.h"

#include <stddef.h>

const char *const appeal_status_names[APPEAL_STATUS__MAX] = {
	"submitted", "accepted", "dispatched", "in_progress",
	"suspended", "replied",  "reopened",   "closed",
};

const char *const appeal_step_names[STEP__MAX] = {
	[STEP_ACCEPT] = "accept",
	[STEP_DECLINE] = "decline",
	[STEP_DISPATCH] = "dispatch",
	[STEP_ACKNOWLEDGE] = "acknowledge",
	[STEP_RETURN] = "return",
	[STEP_CONTACT] = "contact",
	[STEP_PROGRESS] = "progress",
	[STEP_NOTE] = "note",
	[STEP_EXTEND_REQUEST] = "extend_request",
	[STEP_EXTEND_APPROVE] = "extend_approve",
	[STEP_EXTEND_REJECT] = "extend_reject",
	[STEP_REPLY] = "reply",
	[STEP_CALLBACK] = "callback",
	[STEP_SUSPEND] = "suspend",
	[STEP_RESUME] = "resume",
	[STEP_SUPERVISE] = "supervise",
	[STEP_MERGE] = "merge",
	[STEP_PUBLISH] = "publish",
	[STEP_UNPUBLISH] = "unpublish",
	[STEP_SUBMIT] = "submit",
	[STEP_ADD_INFO] = "add_info",
	[STEP_RATE] = "rate",
	[STEP_OVERDUE] = "overdue",
	[STEP_ESCALATE] = "escalate",
	[STEP_AUTO_CLOSE] = "auto_close",
	[STEP_REVEAL] = "reveal",
};

const char *const rating_names[RATING__MAX] = {"satisfied", "basically_satisfied",
					       "unsatisfied"};

const char *const resolved_names[RESOLVED__MAX] = {"yes", "partly", "no"};

const char *const channel_names[] = {"web",    "mini_program",   "fast_lane", "reception_room",
				     "mailbox", "hotline", "public_account", "open311"};
const int channel_count = sizeof channel_names / sizeof channel_names[0];

#define S(x) (1u << APPEAL_##x)
#define OPEN (S(SUBMITTED) | S(ACCEPTED) | S(DISPATCHED) | S(IN_PROGRESS) | S(SUSPENDED) | \
	      S(REPLIED) | S(REOPENED))
#define ANY  (OPEN | S(CLOSED))

/* Who may take a step. */
enum who {
	W_DISPATCHER,  /* a dispatcher whose scope covers the appeal's place */
	W_LEAD,        /* a handler of the lead unit */
	W_LEAD_OR_DISP,/* either of the above */
	W_UNIT,        /* a handler of the lead or an assisting unit */
	W_STAFF,       /* any staff member who sees it as staff, except supervisors */
	W_ABOVE,       /* a dispatcher or admin above the lead unit (督办) */
	W_SUBMITTER,   /* the submitter, by their access token (checked by the caller) */
	W_SYSTEM,      /* the background worker */
};

static const struct {
	unsigned states;
	enum who who;
} rules[STEP__MAX] = {
	[STEP_ACCEPT] = {S(SUBMITTED), W_DISPATCHER},
	[STEP_DECLINE] = {S(SUBMITTED) | S(ACCEPTED), W_DISPATCHER},
	[STEP_DISPATCH] = {S(ACCEPTED) | S(DISPATCHED) | S(IN_PROGRESS) | S(REOPENED), W_DISPATCHER},
	[STEP_ACKNOWLEDGE] = {S(DISPATCHED) | S(REOPENED), W_LEAD},
	[STEP_RETURN] = {S(DISPATCHED) | S(IN_PROGRESS), W_LEAD},
	[STEP_CONTACT] = {S(IN_PROGRESS) | S(REOPENED), W_LEAD},
	[STEP_PROGRESS] = {S(DISPATCHED) | S(IN_PROGRESS) | S(SUSPENDED) | S(REOPENED), W_UNIT},
	[STEP_NOTE] = {ANY, W_STAFF},
	[STEP_EXTEND_REQUEST] = {S(IN_PROGRESS) | S(REOPENED), W_LEAD},
	[STEP_EXTEND_APPROVE] = {S(IN_PROGRESS) | S(REOPENED) | S(SUSPENDED), W_DISPATCHER},
	[STEP_EXTEND_REJECT] = {S(IN_PROGRESS) | S(REOPENED) | S(SUSPENDED), W_DISPATCHER},
	[STEP_REPLY] = {S(IN_PROGRESS) | S(REOPENED), W_LEAD},
	[STEP_CALLBACK] = {S(REPLIED) | S(CLOSED), W_DISPATCHER},
	[STEP_SUSPEND] = {S(IN_PROGRESS) | S(REOPENED), W_LEAD_OR_DISP},
	[STEP_RESUME] = {S(SUSPENDED), W_LEAD_OR_DISP},
	[STEP_SUPERVISE] = {OPEN & ~S(SUBMITTED), W_ABOVE},
	[STEP_MERGE] = {S(SUBMITTED) | S(ACCEPTED), W_DISPATCHER},
	[STEP_PUBLISH] = {S(REPLIED) | S(CLOSED), W_DISPATCHER},
	[STEP_UNPUBLISH] = {S(REPLIED) | S(CLOSED), W_DISPATCHER},
	[STEP_SUBMIT] = {0, W_SUBMITTER},
	[STEP_ADD_INFO] = {OPEN, W_SUBMITTER},
	[STEP_RATE] = {S(REPLIED), W_SUBMITTER},
	[STEP_OVERDUE] = {OPEN, W_SYSTEM},
	[STEP_ESCALATE] = {OPEN, W_SYSTEM},
	[STEP_AUTO_CLOSE] = {S(REPLIED), W_SYSTEM},
	[STEP_REVEAL] = {ANY, W_LEAD_OR_DISP},
};

static bool any_assist(const struct principal *p, unsigned roles, const struct appeal_facts *f)
{
	for (int i = 0; i < f->n_assist; i++)
		if (scope_has_role_at(p, roles, f->assist_paths[i]))
			return true;
	return false;
}

static bool is_liaison_of(const struct principal *p, const struct appeal_facts *f)
{
	for (int i = 0; i < p->n_grants; i++) {
		const struct grant *g = &p->grants[i];
		if (g->role == ROLE_LIAISON &&
		    ((f->submitter_org_id && g->org_id == f->submitter_org_id) ||
		     (f->created_by && f->created_by == p->user_id)))
			return true;
	}
	return false;
}

bool appeal_staff_sees(const struct principal *p, const struct appeal_facts *f)
{
	const unsigned staff = ROLES_ANY_STAFF & ~ROLE_BIT(ROLE_LIAISON);
	if (scope_has_role_at(p, staff, f->place_path))
		return true;
	if (f->lead_path && scope_has_role_at(p, staff, f->lead_path))
		return true;
	return any_assist(p, staff, f);
}

bool appeal_visible(const struct principal *p, const struct appeal_facts *f)
{
	return appeal_staff_sees(p, f) || is_liaison_of(p, f);
}

static bool is_dispatcher(const struct principal *p, const struct appeal_facts *f)
{
	return scope_can_change(p, ROLE_BIT(ROLE_DISPATCHER), f->place_path);
}

static bool is_lead(const struct principal *p, const struct appeal_facts *f)
{
	return f->lead_path && scope_can_change(p, ROLE_BIT(ROLE_HANDLER), f->lead_path);
}

/* A dispatcher or admin whose grant is strictly above the lead unit (or the place). */
static bool is_above(const struct principal *p, const struct appeal_facts *f)
{
	const char *target = f->lead_path ? f->lead_path : f->place_path;
	for (int i = 0; i < p->n_grants; i++) {
		const struct grant *g = &p->grants[i];
		if ((g->role == ROLE_DISPATCHER || g->role == ROLE_ADMIN) &&
		    scope_path_within(target, g->org_path) &&
		    !scope_path_within(g->org_path, target))
			return true;
	}
	return false;
}

static bool may(const struct principal *p, const struct appeal_facts *f, enum who w)
{
	switch (w) {
	case W_DISPATCHER:
		return is_dispatcher(p, f);
	case W_LEAD:
		return is_lead(p, f);
	case W_LEAD_OR_DISP:
		return is_lead(p, f) || is_dispatcher(p, f);
	case W_UNIT:
		return is_lead(p, f) || any_assist(p, ROLE_BIT(ROLE_HANDLER), f);
	case W_STAFF:
		/* A liaison follows their enterprise's appeals as its submitter does. */
		return appeal_staff_sees(p, f) && scope_has_role(p, ROLES_CHANGE);
	case W_ABOVE:
		return is_above(p, f);
	case W_SUBMITTER:
	case W_SYSTEM:
		return false;
	}
	return false;
}

bool appeal_step_allowed(const struct appeal_facts *f, enum appeal_step s)
{
	if (s < 0 || s >= STEP__MAX || !(rules[s].states & (1u << f->status)))
		return false;
	switch (s) {
	case STEP_EXTEND_REQUEST:
		return !f->extension_pending;
	case STEP_EXTEND_APPROVE:
	case STEP_EXTEND_REJECT:
		return f->extension_pending;
	case STEP_PUBLISH:
		return f->publishable && f->has_answer;
	case STEP_CALLBACK:
		return f->has_answer;
	case STEP_UNPUBLISH:
		return f->published;
	default:
		return true;
	}
}

int appeal_check(const struct principal *p, const struct appeal_facts *f, enum appeal_step s)
{
	if (!appeal_visible(p, f))
		return APPEAL_NOT_VISIBLE;
	if (!may(p, f, rules[s].who))
		return APPEAL_FORBIDDEN;
	if (!appeal_step_allowed(f, s))
		return APPEAL_WRONG_STATE;
	return APPEAL_OK;
}

enum appeal_status appeal_next(const struct appeal_facts *f, enum appeal_step s,
			       enum rating rating)
{
	switch (s) {
	case STEP_ACCEPT:
	case STEP_RETURN:
		return APPEAL_ACCEPTED;
	case STEP_DECLINE:
	case STEP_MERGE:
	case STEP_AUTO_CLOSE:
		return APPEAL_CLOSED;
	case STEP_DISPATCH:
		return APPEAL_DISPATCHED;
	case STEP_ACKNOWLEDGE:
		return APPEAL_IN_PROGRESS;
	case STEP_REPLY:
		return APPEAL_REPLIED;
	case STEP_SUSPEND:
		return APPEAL_SUSPENDED;
	case STEP_RESUME:
		return f->before_suspend;
	case STEP_ADD_INFO:
		return f->status == APPEAL_SUSPENDED ? f->before_suspend : f->status;
	case STEP_RATE:
	case STEP_CALLBACK:
		if (f->status != APPEAL_REPLIED)
			return f->status;
		if (rating != RATING_UNSATISFIED)
			return APPEAL_CLOSED;
		/* 不满意 reopens once to the same unit; a second time goes to the dispatcher. */
		return f->unsatisfied_count == 0 ? APPEAL_REOPENED : APPEAL_ACCEPTED;
	default:
		return f->status;
	}
}

bool appeal_step_public(enum appeal_step s)
{
	switch (s) {
	case STEP_SUBMIT:
	case STEP_ACCEPT:
	case STEP_DECLINE:
	case STEP_DISPATCH:
	case STEP_ACKNOWLEDGE:
	case STEP_CONTACT:
	case STEP_PROGRESS:
	case STEP_EXTEND_APPROVE:
	case STEP_REPLY:
	case STEP_CALLBACK:
	case STEP_SUSPEND:
	case STEP_RESUME:
	case STEP_MERGE:
	case STEP_ADD_INFO:
	case STEP_RATE:
	case STEP_AUTO_CLOSE:
		return true;
	default:
		return false;
	}
}

bool appeal_may_reveal(const struct principal *p, const struct appeal_facts *f)
{
	return is_dispatcher(p, f) || is_lead(p, f);
}

const char *appeal_step_text(enum appeal_step s)
{
	switch (s) {
	case STEP_SUBMIT:
		return "您的诉求已提交，等待受理。";
	case STEP_ACCEPT:
		return "您的诉求已受理。";
	case STEP_DECLINE:
		return "您的诉求未予受理，请查看答复。";
	case STEP_DISPATCH:
		return "您的诉求已派单至承办单位。";
	case STEP_ACKNOWLEDGE:
		return "承办单位已签收，正在办理。";
	case STEP_CONTACT:
		return "承办单位已与您联系。";
	case STEP_PROGRESS:
		return "办理进展更新。";
	case STEP_EXTEND_APPROVE:
		return "办理期限已延长。";
	case STEP_REPLY:
		return "承办单位已答复，请查看并评价。";
	case STEP_CALLBACK:
		return "工作人员已回访。";
	case STEP_SUSPEND:
		return "需要您补充信息，办理时限暂停计算。";
	case STEP_RESUME:
		return "恢复办理，办理时限继续计算。";
	case STEP_MERGE:
		return "您的诉求已与相同诉求合并办理。";
	case STEP_ADD_INFO:
		return "您补充了信息。";
	case STEP_RATE:
		return "您已评价。";
	case STEP_AUTO_CLOSE:
		return "七日内未评价，诉求已办结（默认办结，不计为满意）。";
	default:
		return "";
	}
}
