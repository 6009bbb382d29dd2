/* admin (operations): the admin chain from the command line (see admin.h). */
#include "ops/admin.h"
#include "store/audit.h"
#include "util/clock.h"

#include <assert.h>

int admin_append(struct db *db, const uint8_t *key, int64_t actor_id, const char *type,
		 const struct evdata *data, struct err *e)
{
	assert(db && key && type && data && actor_id >= 0);
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct audit_event ev = {.type = type, .actor_id = actor_id, .data = evdata_text(data),
				 .created_at = now};
	return audit_append_admin(db, key, &ev, e);
}
