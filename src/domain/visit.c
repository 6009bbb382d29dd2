/* visit: the rules of the visit log (see visit.h). */
#include "domain/visit.h"

#include <string.h>

const char *const visit_event_names[VISIT_EVENT__MAX] = {
    [VISIT_TO_APPEAL] = "to_appeal",
    [VISIT_TO_NEED] = "to_need",
    [VISIT_ANSWER] = "answer",
    [VISIT_REFER] = "refer",
};

const char *const visit_outcome_of[VISIT_EVENT__MAX] = {
    [VISIT_TO_APPEAL] = "appeal",
    [VISIT_TO_NEED] = "need",
    [VISIT_ANSWER] = "answered",
    [VISIT_REFER] = "referred",
};

/* Staff roles that count here: all but the liaison (an enterprise's contact). */
#define VISIT_STAFF (ROLES_ANY_STAFF & ~ROLE_BIT(ROLE_LIAISON))

static bool holds(const struct principal *p, unsigned roles, const struct visit_place *place)
{
	if (place->official)
		return true;
	if (scope_has_role_at(p, roles, place->community_path))
		return true;
	for (int i = 0; i < p->n_grants; i++) {
		if (!(roles & ROLE_BIT(p->grants[i].role)))
			continue;
		for (int k = 0; k < place->n_members; k++)
			if (p->grants[i].org_id == place->member_ids[k])
				return true;
	}
	return false;
}

bool visit_sees(const struct principal *p, const struct visit_place *place)
{
	return holds(p, VISIT_STAFF, place);
}

bool visit_may_record(const struct principal *p, const struct visit_place *place)
{
	return holds(p, VISIT_STAFF & ROLES_CHANGE, place);
}

bool visit_open(const char *outcome)
{
	return outcome && !strcmp(outcome, "open");
}
