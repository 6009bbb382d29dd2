/* activity (operations): an activity's row written (see activity.h). */
#include "ops/activity.h"
#include "util/clock.h"

#include <assert.h>

int activity_save(struct db *db, struct store_activity *t, int64_t at, struct arena *a,
		  struct err *e)
{
	assert(db && t && t->id >= 0 && t->org_id > 0 && a);
	assert(t->kind && names_find(activity_kind_names, ACT_KIND__MAX, t->kind) >= 0);
	char buf[CLOCK_ISO_LEN];
	clock_iso(at, buf);
	const char *now = arena_strdup(a, buf);
	return t->id ? store_activity_update(db, t, now, e) : store_activity_insert(db, t, now, e);
}
