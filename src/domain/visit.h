/* visit: the rules of the visit log of the reception rooms (来访登记). A visit is recorded
 * open and decided once — answered on the spot (现场办结), turned into an appeal or a need,
 * or referred — and never decided again. Who sees and records a room's visits: the staff
 * of its community (at or above it) and the staff of the member units of its alliance
 * (the duty officials come from them) and its duty officials who have a login;
 * supervisors read, liaisons do not see visits. Pure:
 * the caller loads the paths and the member units. */
#ifndef HUIYIN_DOMAIN_VISIT_H
#define HUIYIN_DOMAIN_VISIT_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/scope.h"

enum visit_event { VISIT_TO_APPEAL, VISIT_TO_NEED, VISIT_ANSWER, VISIT_REFER, VISIT_EVENT__MAX };
extern const char *const visit_event_names[VISIT_EVENT__MAX];
/* The outcome each event leaves: appeal, need, answered, referred. */
extern const char *const visit_outcome_of[VISIT_EVENT__MAX];

/* The room's alliance as the rules need it. */
struct visit_place {
	const char *community_path;
	const int64_t *member_ids; /* the member units of the alliance */
	int n_members;
	bool official; /* the caller is an active duty official of the alliance */
};

/* True when p may read the visits of a room at `place`. */
bool visit_sees(const struct principal *p, const struct visit_place *place);
/* True when p may record and decide visits there (a changing role). */
bool visit_may_record(const struct principal *p, const struct visit_place *place);
/* True when a visit with this outcome can still be decided. */
bool visit_open(const char *outcome);

#endif
