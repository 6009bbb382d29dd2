/* worker (API side): the test clock's tick (see worker.h). */
#include "api/worker.h"
#include "ops/worker.h"

static int tick_write(struct db *db, struct req *r, struct err *e)
{
	struct worker_counts c = {0};
	struct worker_env env = {&r->app->cfg, r->app->audit_key, r->app->writer};
	if (worker_round(db, &env, &r->arena, &c, e))
		return -1;
	return api_reply(r, 200, json_pack("{s:i, s:i, s:i, s:i}", "overdue", c.overdue,
					   "escalated", c.escalated, "auto_closed", c.auto_closed,
					   "delivered", c.delivered));
}

int api_test_tick(struct req *r)
{
	return api_write(r, tick_write, NULL);
}
