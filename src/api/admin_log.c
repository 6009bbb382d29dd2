/* admin_log: the admin chain from the API and the command line (see admin_log.h). */
#include "api/admin_log.h"
#include "store/audit.h"
#include "util/clock.h"

int admin_log_as(struct db *db, const uint8_t *key, int64_t actor_id, const char *type,
		 json_t *data, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct arena ar;
	arena_init(&ar);
	char *text = canonical_json(&ar, data);
	json_decref(data);
	struct audit_event ev = {.type = type, .actor_id = actor_id, .data = text,
				 .created_at = now};
	int rc = audit_append_admin(db, key, &ev, e);
	arena_free(&ar);
	return rc;
}

int admin_log(struct db *db, struct req *r, const char *type, json_t *data, struct err *e)
{
	return admin_log_as(db, r->app->audit_key, r->auth.user_id, type, data, e);
}
