/* lists: the rules of needs, resources, projects and activities (see lists.h). Each event
 * or step has a mask of the states it is allowed in and a "who" rule; both are tables. */
#include "domain/lists.h"

#include <stddef.h>
#include <string.h>

const char *const need_status_names[NEED_STATUS__MAX] = {"open", "matched", "in_project",
							 "fulfilled", "closed"};

const char *const need_event_names[NEED_EVENT__MAX] = {
	[NEED_CREATE] = "create",   [NEED_UPDATE] = "update",   [NEED_WHISTLE] = "whistle",
	[NEED_REPORT] = "report",   [NEED_PROJECT] = "project", [NEED_FULFIL] = "fulfil",
	[NEED_CLOSE] = "close",     [NEED_ADD_INFO] = "add_info", [NEED_REVEAL] = "reveal",
};

const char *const project_status_names[PROJECT_STATUS__MAX] = {"planned", "running", "done",
							       "evaluated"};

const char *const project_step_names[PSTEP__MAX] = {
	[PSTEP_START] = "start",       [PSTEP_MILESTONE] = "milestone",
	[PSTEP_COMPLETE] = "complete", [PSTEP_EVALUATE] = "evaluate",
	[PSTEP_COMMENT] = "comment",   [PSTEP_CREATE] = "create",
	[PSTEP_UPDATE] = "update",     [PSTEP_OVERDUE] = "overdue",
};

const char *const resource_kind_names[RES_KIND__MAX] = {
	"venue", "volunteers", "professional_service", "funds", "materials", "training"};

const char *const activity_kind_names[ACT_KIND__MAX] = {"talk", "volunteer_service",
							"health_check", "campaign", "other"};

#define N(x) (1u << NEED_##x)
#define LIVE (N(OPEN) | N(MATCHED) | N(IN_PROJECT))

static const unsigned need_states[NEED_EVENT__MAX] = {
	[NEED_CREATE] = 0,
	[NEED_UPDATE] = LIVE,
	[NEED_WHISTLE] = LIVE,
	[NEED_REPORT] = LIVE,
	[NEED_PROJECT] = N(OPEN) | N(MATCHED),
	[NEED_FULFIL] = LIVE,
	[NEED_CLOSE] = LIVE,
	[NEED_ADD_INFO] = LIVE,
	[NEED_REVEAL] = LIVE | N(FULFILLED) | N(CLOSED),
};

#define PLACE_ROLES (ROLE_BIT(ROLE_SECRETARY) | ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_ADMIN))

bool need_visible(const struct principal *p, const struct need_facts *f)
{
	if (scope_can_read(p, f->place_path))
		return true;
	for (int i = 0; i < p->n_grants; i++)
		for (int k = 0; k < f->n_members; k++)
			if (p->grants[i].org_id == f->member_ids[k])
				return true;
	for (int i = 0; i < f->n_units; i++)
		if (scope_can_read(p, f->unit_paths[i]))
			return true;
	return false;
}

bool need_may_change(const struct principal *p, const struct need_facts *f)
{
	return scope_can_change(p, PLACE_ROLES, f->place_path);
}

bool need_event_allowed(enum need_status s, enum need_event ev)
{
	return ev >= 0 && ev < NEED_EVENT__MAX && (need_states[ev] & (1u << s));
}

int need_check(const struct principal *p, const struct need_facts *f, enum need_event ev)
{
	if (!need_visible(p, f))
		return LISTS_NOT_VISIBLE;
	if (!need_may_change(p, f))
		return LISTS_FORBIDDEN;
	if (!need_event_allowed(f->status, ev))
		return LISTS_WRONG_STATE;
	return LISTS_OK;
}

enum need_status need_next(enum need_status s, enum need_event ev)
{
	switch (ev) {
	case NEED_REPORT:
		return s == NEED_OPEN ? NEED_MATCHED : s;
	case NEED_PROJECT:
		return NEED_IN_PROJECT;
	case NEED_FULFIL:
		return NEED_FULFILLED;
	case NEED_CLOSE:
		return NEED_CLOSED;
	default:
		return s;
	}
}

bool need_event_public(enum need_event ev)
{
	return ev != NEED_UPDATE && ev != NEED_REVEAL && ev >= 0 && ev < NEED_EVENT__MAX;
}

const char *need_event_text(enum need_event ev)
{
	switch (ev) {
	case NEED_CREATE:
		return "您的需求已提交，等待社区党建联盟认领。";
	case NEED_WHISTLE:
		return "社区已“吹哨”，召集有相应资源的单位。";
	case NEED_REPORT:
		return "有单位“报到”，认领了资源。";
	case NEED_PROJECT:
		return "需求已“接单”，列入项目清单。";
	case NEED_FULFIL:
		return "需求已完成。";
	case NEED_CLOSE:
		return "需求已关闭，请查看说明。";
	case NEED_ADD_INFO:
		return "您补充了信息。";
	default:
		return "";
	}
}

/* The number of ASCII digits at the start of s. */
static size_t digits(const char *s)
{
	size_t n = 0;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

bool need_no_valid(const char *no)
{
	if (!no || strncmp(no, "XQ", 2) || digits(no + 2) != 8 || no[10] != '-')
		return false;
	size_t seq = digits(no + 11);
	return seq >= 4 && seq <= 9 && !no[11 + seq];
}

bool resource_visible(const struct principal *p)
{
	return scope_has_role(p, ROLES_ANY_STAFF);
}

bool resource_may_manage(const struct principal *p, const char *org_path)
{
	return scope_can_change(p, ROLE_BIT(ROLE_HANDLER) | ROLE_BIT(ROLE_LIAISON) |
					   ROLE_BIT(ROLE_ADMIN),
				org_path);
}

#define P(x) (1u << PROJECT_##x)

/* Who may take a project step. */
enum pwho {
	PW_MANAGER,   /* staff of the owner (not supervisors), or a secretary, dispatcher or
		       * admin of a need's place */
	PW_UNIT,      /* a manager, or a handler or liaison of a unit taking part */
	PW_COMMUNITY, /* a secretary of a need's community: the community rates */
	PW_STAFF,     /* any staff member who sees it, but supervisors */
	PW_SYSTEM,
};

static const struct {
	unsigned states;
	enum pwho who;
} project_rules[PSTEP__MAX] = {
	[PSTEP_START] = {P(PLANNED), PW_MANAGER},
	[PSTEP_MILESTONE] = {P(RUNNING), PW_UNIT},
	[PSTEP_COMPLETE] = {P(RUNNING), PW_MANAGER},
	[PSTEP_EVALUATE] = {P(DONE), PW_COMMUNITY},
	[PSTEP_COMMENT] = {P(PLANNED) | P(RUNNING) | P(DONE) | P(EVALUATED), PW_STAFF},
	[PSTEP_CREATE] = {0, PW_SYSTEM},
	[PSTEP_UPDATE] = {P(PLANNED) | P(RUNNING), PW_MANAGER},
	[PSTEP_OVERDUE] = {P(PLANNED) | P(RUNNING), PW_SYSTEM},
};

bool project_visible(const struct principal *p, const struct project_facts *f)
{
	if (scope_can_read(p, f->owner_path))
		return true;
	for (int i = 0; i < f->n_needs; i++)
		if (scope_can_read(p, f->need_paths[i]))
			return true;
	for (int i = 0; i < f->n_units; i++)
		if (scope_can_read(p, f->unit_paths[i]))
			return true;
	return false;
}

static bool is_manager(const struct principal *p, const struct project_facts *f)
{
	if (scope_can_change(p, PLACE_ROLES | ROLE_BIT(ROLE_HANDLER), f->owner_path))
		return true;
	for (int i = 0; i < f->n_needs; i++)
		if (scope_can_change(p, PLACE_ROLES, f->need_paths[i]))
			return true;
	return false;
}

static bool may(const struct principal *p, const struct project_facts *f, enum pwho w)
{
	switch (w) {
	case PW_MANAGER:
		return is_manager(p, f);
	case PW_UNIT:
		if (is_manager(p, f))
			return true;
		for (int i = 0; i < f->n_units; i++)
			if (scope_can_change(p, ROLE_BIT(ROLE_HANDLER) | ROLE_BIT(ROLE_LIAISON),
					     f->unit_paths[i]))
				return true;
		return false;
	case PW_COMMUNITY:
		for (int i = 0; i < f->n_needs; i++)
			if (scope_can_change(p, ROLE_BIT(ROLE_SECRETARY), f->need_paths[i]))
				return true;
		return false;
	case PW_STAFF:
		return scope_has_role(p, ROLES_CHANGE);
	case PW_SYSTEM:
		return false;
	}
	return false;
}

int project_check(const struct principal *p, const struct project_facts *f,
		  enum project_step s)
{
	if (s < 0 || s >= PSTEP__MAX)
		return LISTS_FORBIDDEN;
	if (!project_visible(p, f))
		return LISTS_NOT_VISIBLE;
	if (!may(p, f, project_rules[s].who))
		return LISTS_FORBIDDEN;
	if (!(project_rules[s].states & (1u << f->status)))
		return LISTS_WRONG_STATE;
	return LISTS_OK;
}

enum project_status project_next(enum project_status s, enum project_step step)
{
	switch (step) {
	case PSTEP_START:
		return PROJECT_RUNNING;
	case PSTEP_COMPLETE:
		return PROJECT_DONE;
	case PSTEP_EVALUATE:
		return PROJECT_EVALUATED;
	default:
		return s;
	}
}

bool project_step_public(enum project_step s)
{
	switch (s) {
	case PSTEP_CREATE:
	case PSTEP_START:
	case PSTEP_MILESTONE:
	case PSTEP_COMPLETE:
	case PSTEP_EVALUATE:
		return true;
	default:
		return false;
	}
}

bool project_may_create(const struct principal *p, const char *owner_path,
			const char *const *need_paths, int n_needs)
{
	if (n_needs <= 0 || !scope_can_change(p, PLACE_ROLES, owner_path))
		return false;
	for (int i = 0; i < n_needs; i++)
		if (!scope_can_change(p, PLACE_ROLES, need_paths[i]))
			return false;
	return true;
}

bool activity_may_record(const struct principal *p, const char *org_path)
{
	return scope_can_change(p, ROLES_CHANGE, org_path);
}

void lists_scope_member_grant(struct grant *g, int64_t unit_id, const char *unit_path)
{
	g->id = 0;
	g->role = ROLE_SECRETARY;
	g->org_id = unit_id;
	g->org_path = unit_path;
}
