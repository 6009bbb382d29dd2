/* activity (operations): recording and correcting an activity — a talk (宣讲), volunteer
 * service, health check, campaign or other — as a plain row (activities have no event
 * chain). Who may do it (staff whose scope covers the organiser) is checked by the
 * caller. */
#ifndef HUIYIN_OPS_ACTIVITY_H
#define HUIYIN_OPS_ACTIVITY_H

#include "ops/lists.h"
#include "store/activities.h"

/* Inserts activity t when t->id is 0 (setting its id, version and times), else writes its
 * changes (409 `stale` unless t->version is the stored one), at clock time `at`. */
int activity_save(struct db *db, struct store_activity *t, int64_t at, struct arena *a,
		  struct err *e);

#endif
