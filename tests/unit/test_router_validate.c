/* Unit tests of the router (http/router.c, on the real route table) and of the
 * table-driven validator (api/validate.c), which the API tests reach only through HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "api/validate.h"
#include "http/router.h"
#include "util/n_of.h"

static struct app app_plain, app_test_clock;

static struct req *new_req(struct app *a)
{
	struct req *r = test_calloc(1, sizeof *r);
	arena_init(&r->arena);
	r->app = a;
	return r;
}

static void free_req(struct req *r)
{
	if (r->body)
		json_decref(r->body);
	arena_free(&r->arena);
	test_free(r);
}

static void matches_ids_and_keys(void **state)
{
	(void)state;
	struct req *r = new_req(&app_plain);
	int allowed;
	const struct route *rt = router_match(M_POST, "/api/v1/appeals/42/events", r, &allowed);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/api/v1/appeals/{id}/events");
	assert_int_equal(r->n_ids, 1);
	assert_true(r->ids[0] == 42);

	rt = router_match(M_DELETE, "/api/v1/users/7/roles/9", r, &allowed);
	assert_non_null(rt);
	assert_int_equal(r->n_ids, 2);
	assert_true(r->ids[0] == 7 && r->ids[1] == 9);

	rt = router_match(M_PUT, "/api/v1/calendar/2026-10-01", r, &allowed);
	assert_non_null(rt);
	assert_int_equal(r->n_keys, 1);
	assert_string_equal(r->keys[0], "2026-10-01");
	free_req(r);
}

static void refuses_what_is_not_a_route(void **state)
{
	(void)state;
	struct req *r = new_req(&app_plain);
	int allowed;
	/* Ids are positive integers, written without a sign or leading zero. */
	static const char *const bad[] = {
	    "/api/v1/appeals/0",
	    "/api/v1/appeals/-1",
	    "/api/v1/appeals/01",
	    "/api/v1/appeals/1x",
	    "/api/v1/appeals/",
	    "/api/v1/appeals/1/",
	    "/api/v1/appealsX",
	    "/api/v1/calendar/a%20b",
	    "/api/v1/calendar/..%2f",
	    "/api/v1/appeals/1/nope",
	    "",
	    "/",
	};
	for (size_t i = 0; i < (size_t)N_OF(bad); i++) {
		if (router_match(M_GET, bad[i], r, &allowed))
			fail_msg("matched %s", bad[i]);
		assert_int_equal(allowed, 0);
	}
	/* A key longer than 128 characters is not a key. */
	char longkey[200] = "/api/v1/attachments/";
	memset(longkey + strlen(longkey), 'a', 140);
	assert_null(router_match(M_GET, longkey, r, &allowed));
	free_req(r);
}

static void wrong_method_gives_the_allowed_ones(void **state)
{
	(void)state;
	struct req *r = new_req(&app_plain);
	int allowed;
	assert_null(router_match(M_PUT, "/api/v1/users/3", r, &allowed));
	assert_int_equal(allowed, M_GET | M_PATCH);
	char header[64];
	router_allow_header(allowed, header, sizeof header);
	assert_string_equal(header, "GET, PATCH");

	assert_int_equal(router_method("GET"), M_GET);
	assert_int_equal(router_method("HEAD"), M_GET);
	assert_int_equal(router_method("DELETE"), M_DELETE);
	assert_int_equal(router_method("get"), 0);
	assert_int_equal(router_method("TRACE"), 0);
	free_req(r);
}

static void test_routes_only_with_the_test_clock(void **state)
{
	(void)state;
	struct req *r = new_req(&app_plain);
	int allowed;
	assert_null(router_match(M_POST, "/api/v1/test/tick", r, &allowed));
	assert_int_equal(allowed, 0);
	free_req(r);
	r = new_req(&app_test_clock);
	assert_non_null(router_match(M_POST, "/api/v1/test/tick", r, &allowed));
	free_req(r);
}

static void every_route_is_well_formed(void **state)
{
	(void)state;
	for (int i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		assert_non_null(rt->handler);
		assert_true(!strncmp(rt->pattern, "/api/v1/", 8) ||
		            !strcmp(rt->pattern, "/healthz"));
		/* Exactly one of public and staff. */
		assert_true(!(rt->flags & R_PUBLIC) != !(rt->flags & R_STAFF));
		/* Reads take no body (a DELETE may: unpinning a topic names it in one). */
		if (rt->method == M_GET)
			assert_true(rt->body_max == 0);
		for (int k = 0; k < i; k++)
			if (routes[k].method == rt->method &&
			    !strcmp(routes[k].pattern, rt->pattern))
				fail_msg("%s twice", rt->pattern);
	}
}

static const struct route *route_of(int method, const char *pattern)
{
	for (int i = 0; i < routes_count; i++)
		if (routes[i].method == method && !strcmp(routes[i].pattern, pattern))
			return &routes[i];
	fail_msg("no route %s", pattern);
	return NULL;
}

/* The dispatcher, not the handler, honours Idempotency-Key and the anonymous rate limits:
 * a public route that creates something must say so in the table, or it is unlimited. */
static void public_creating_routes_carry_their_intake_flags(void **state)
{
	(void)state;
	const unsigned limits = R_LIMIT_SUBMIT | R_LIMIT_NEED | R_LIMIT_UPLOAD;
	const struct route *rt = route_of(M_POST, "/api/v1/appeals");
	assert_true((rt->flags & (R_IDEMPOTENT | limits)) == (R_IDEMPOTENT | R_LIMIT_SUBMIT));
	assert_int_equal(router_counter(rt), INTAKE_SUBMIT);
	rt = route_of(M_POST, "/api/v1/needs");
	assert_true((rt->flags & (R_IDEMPOTENT | limits)) == (R_IDEMPOTENT | R_LIMIT_NEED));
	assert_int_equal(router_counter(rt), INTAKE_NEED);
	rt = route_of(M_POST, "/api/v1/attachments");
	assert_true((rt->flags & (R_IDEMPOTENT | limits)) == R_LIMIT_UPLOAD);
	assert_int_equal(router_counter(rt), INTAKE_UPLOAD);
	assert_int_equal(router_counter(route_of(M_GET, "/api/v1/appeals")), INTAKE_NO_LIMIT);

	for (int i = 0; i < routes_count; i++) {
		rt = &routes[i];
		unsigned lim = rt->flags & limits;
		/* At most one counter; only on POST, where something is created. */
		if (lim & (lim - 1))
			fail_msg("%s names two counters", rt->pattern);
		if ((lim || (rt->flags & R_IDEMPOTENT)) && rt->method != M_POST)
			fail_msg("%s: intake flags on a route that creates nothing", rt->pattern);
		/* An idempotent route's keys live in its counter's namespace. */
		if ((rt->flags & R_IDEMPOTENT) && !lim)
			fail_msg("%s is idempotent without a counter", rt->pattern);
		/* Every public state change is limited, but those for one's own login or case
		 * (R_PERSONAL: login and tracking count their failures themselves) and the
		 * test clock's. */
		if ((rt->flags & R_PUBLIC) && rt->method != M_GET &&
		    !(rt->flags & (R_PERSONAL | R_TEST)) && !lim)
			fail_msg("%s: a public change without a rate limit", rt->pattern);
	}
}

static const char *const colours[] = {"red", "green"};
static const struct vfield fields[] = {
    {"name", V_STRING, V_REQUIRED, 1, 10},
    {"note", V_TEXT, V_NULLABLE, 0, 100},
    {"count", V_INT, 0, 1, 5},
    {"colour", V_ENUM, 0, 0, 0, colours, 2},
    {"day", V_DATE, 0},
    {"ids", V_ID_ARRAY, 0, 0, 3},
    {"ok", V_BOOL, 0},
};

/* Validates text as a body; returns 0 or the field the 400 names ("" for none). */
static const char *check(const char *text, bool partial)
{
	static char field[32];
	struct req *r = new_req(&app_plain);
	json_error_t jerr;
	r->body = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(r->body);
	int rc = validate_body(r, fields, N_OF(fields), partial);
	const char *out = NULL;
	if (rc) {
		assert_int_equal(r->err.status, 400);
		assert_string_equal(r->err.code, "invalid");
		snprintf(field, sizeof field, "%s", r->err.field ? r->err.field : "");
		out = field;
	}
	free_req(r);
	return out;
}

static void validator_names_the_field_at_fault(void **state)
{
	(void)state;
	assert_null(check("{\"name\":\"张三\"}", false));
	assert_null(check("{\"name\":\"张三\",\"note\":null,\"count\":5,\"colour\":\"red\","
	                  "\"day\":\"2026-02-28\",\"ids\":[1,2,3],\"ok\":true}",
	                  false));
	static const struct {
		const char *body, *field;
	} bad[] = {
	    {"{}", "name"},
	    {"{\"name\":\"   \"}", "name"},
	    {"{\"name\":\"一二三四五六七八九十一\"}", "name"},
	    {"{\"name\":\"a\\u0001b\"}", "name"},
	    {"{\"name\":\"a\",\"count\":0}", "count"},
	    {"{\"name\":\"a\",\"count\":6}", "count"},
	    {"{\"name\":\"a\",\"count\":\"2\"}", "count"},
	    {"{\"name\":\"a\",\"colour\":\"blue\"}", "colour"},
	    {"{\"name\":\"a\",\"day\":\"2026-02-30\"}", "day"},
	    {"{\"name\":\"a\",\"day\":\"26-2-3\"}", "day"},
	    {"{\"name\":\"a\",\"ids\":[1,2,3,4]}", "ids"},
	    {"{\"name\":\"a\",\"ids\":[0]}", "ids"},
	    {"{\"name\":\"a\",\"ok\":1}", "ok"},
	    {"{\"name\":\"a\",\"nmae\":\"typo\"}", "nmae"},
	    {"{\"name\":null}", "name"},
	};
	for (size_t i = 0; i < (size_t)N_OF(bad); i++) {
		const char *got = check(bad[i].body, false);
		if (!got || strcmp(got, bad[i].field))
			fail_msg("%s: named %s, expected %s", bad[i].body, got ? got : "(accepted)",
			         bad[i].field);
	}
	/* Line breaks are text, not a name. */
	assert_null(check("{\"name\":\"a\",\"note\":\"一\\n二\"}", false));
	assert_string_equal(check("{\"name\":\"a\\nb\"}", false), "name");
}

static void partial_bodies(void **state)
{
	(void)state;
	/* PATCH: nothing is required, but something must be named. */
	assert_null(check("{\"count\":2}", true));
	assert_non_null(check("{}", true));
	assert_string_equal(check("{\"count\":9}", true), "count");
}

int main(void)
{
	app_test_clock.cfg.test_clock = true;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(matches_ids_and_keys),
	    cmocka_unit_test(refuses_what_is_not_a_route),
	    cmocka_unit_test(wrong_method_gives_the_allowed_ones),
	    cmocka_unit_test(test_routes_only_with_the_test_clock),
	    cmocka_unit_test(every_route_is_well_formed),
	    cmocka_unit_test(public_creating_routes_carry_their_intake_flags),
	    cmocka_unit_test(validator_names_the_field_at_fault),
	    cmocka_unit_test(partial_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
