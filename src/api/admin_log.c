/* admin_log: the admin chain from the API and the command line (see admin_log.h). */
#include "api/admin_log.h"
#include "ops/admin.h"
#include "store/evdata.h"

int admin_log_as(struct db *db, const uint8_t *key, int64_t actor_id, const char *type,
		 json_t *data, struct err *e)
{
	/* The one admin append of ops/admin.c, on event data that wraps the JSON given. */
	struct arena ar;
	arena_init(&ar);
	int rc = admin_append(db, key, actor_id, type, evdata_wrap(&ar, data), e);
	json_decref(data);
	arena_free(&ar);
	return rc;
}

int admin_log(struct db *db, struct req *r, const char *type, json_t *data, struct err *e)
{
	return admin_log_as(db, r->app->audit_key, r->auth.user_id, type, data, e);
}
