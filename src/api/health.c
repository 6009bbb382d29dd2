/* health: GET /healthz for load balancers and people, and the test clock endpoint that
 * exists only on servers started with --test-clock. */
#include "api/handlers.h"
#include "api/validate.h"
#include "util/clock.h"
#include "version.h"

static struct db_query q_ping = DB_QUERY("SELECT 1");

int api_health(struct req *r)
{
	struct db_stmt *st = db_prepare(r->rdb, &q_ping, &r->err);
	if (!st)
		return -1;
	int rc = db_step(st);
	db_reset(st);
	if (rc != DB_ROW)
		return err_set(&r->err, 503, "db_unavailable", NULL, "the database does not answer");
	return api_reply(r, 200,
			 json_pack("{s:s, s:s, s:s}", "status", "ok", "db",
				   r->rdb->kind == DB_POSTGRESQL ? "postgresql" : "sqlite",
				   "version", HUIYIN_VERSION));
}

static const struct vfield clock_fields[] = {
	{"now", V_STRING, 0, 1, 40},
	{"advance_seconds", V_INT, 0, -86400LL * 3650, 86400LL * 3650},
};

int api_test_clock(struct req *r)
{
	if (validate_body(r, clock_fields, 2, true))
		return -1;
	const char *now = body_str(r, "now");
	if (now) {
		int64_t t;
		if (clock_parse_iso(now, &t))
			return err_invalid(&r->err, "now", "now must be an ISO 8601 time");
		clock_set(t);
	}
	clock_advance(body_int(r, "advance_seconds", 0));
	char iso[CLOCK_ISO_LEN];
	clock_iso(clock_now(), iso);
	return api_reply(r, 200, json_pack("{s:s}", "now", iso));
}
