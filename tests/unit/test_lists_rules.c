/* Unit tests of domain/lists: the state machines of needs and projects, and who may see
 * and change needs, projects, resources and activities. The expected tables are written
 * here by hand from the life cycles in lists.h, not copied from the rule tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/lists.h"
#include "util/n_of.h"

/* One character per need state: open matched in_project fulfilled closed. */
static const char *const need_allowed[NEED_EVENT__MAX] = {
    [NEED_CREATE] = ".....", [NEED_UPDATE] = "xxx..",   [NEED_WHISTLE] = "xxx..",
    [NEED_REPORT] = "xxx..", [NEED_PROJECT] = "xx...",  [NEED_FULFIL] = "xxx..",
    [NEED_CLOSE] = "xxx..",  [NEED_ADD_INFO] = "xxx..", [NEED_REVEAL] = "xxxxx",
};

static void need_events_in_every_state(void **state)
{
	(void)state;
	for (int ev = 0; ev < NEED_EVENT__MAX; ev++) {
		assert_non_null(need_allowed[ev]);
		assert_int_equal(strlen(need_allowed[ev]), NEED_STATUS__MAX);
		for (int s = 0; s < NEED_STATUS__MAX; s++)
			if (need_event_allowed(s, ev) != (need_allowed[ev][s] == 'x'))
				fail_msg("need %s in %s", need_event_names[ev],
				         need_status_names[s]);
	}
	assert_false(need_event_allowed(NEED_OPEN, NEED_EVENT__MAX));
}

static void where_need_events_lead(void **state)
{
	(void)state;
	/* 报到 matches an open need and leaves a later one where it is. */
	assert_int_equal(need_next(NEED_OPEN, NEED_REPORT), NEED_MATCHED);
	assert_int_equal(need_next(NEED_IN_PROJECT, NEED_REPORT), NEED_IN_PROJECT);
	assert_int_equal(need_next(NEED_MATCHED, NEED_PROJECT), NEED_IN_PROJECT);
	assert_int_equal(need_next(NEED_IN_PROJECT, NEED_FULFIL), NEED_FULFILLED);
	assert_int_equal(need_next(NEED_OPEN, NEED_CLOSE), NEED_CLOSED);
	for (int s = 0; s < NEED_STATUS__MAX; s++) {
		assert_int_equal(need_next(s, NEED_WHISTLE), s);
		assert_int_equal(need_next(s, NEED_UPDATE), s);
		assert_int_equal(need_next(s, NEED_ADD_INFO), s);
	}
	/* The submitter never sees staff edits or a reveal of their contact details. */
	assert_false(need_event_public(NEED_UPDATE));
	assert_false(need_event_public(NEED_REVEAL));
	assert_true(need_event_public(NEED_REPORT));
	assert_string_equal(need_event_text(NEED_UPDATE), "");
}

/* The tree: district 1; community 4 under subdistrict 2 (the need's place), its alliance's
 * member unit 8 (not in the community's subtree); unit 9 committed a resource; community 5
 * elsewhere. */
static const struct grant g_secretary[] = {{1, ROLE_SECRETARY, 4, "/1/2/4/"}};
static const struct grant g_dispatcher_district[] = {{2, ROLE_DISPATCHER, 1, "/1/"}};
static const struct grant g_member_handler[] = {{3, ROLE_HANDLER, 8, "/1/8/"}};
static const struct grant g_unit_handler[] = {{4, ROLE_HANDLER, 9, "/1/9/"}};
static const struct grant g_supervisor[] = {{5, ROLE_SUPERVISOR, 1, "/1/"}};
static const struct grant g_other_secretary[] = {{6, ROLE_SECRETARY, 5, "/1/3/5/"}};
static const struct grant g_handler_place[] = {{7, ROLE_HANDLER, 4, "/1/2/4/"}};

enum { SE, DD, MH, UH, SU, OS, HP, N_WHO };
static const struct principal who[N_WHO] = {
    [SE] = {11, g_secretary, 1},      [DD] = {12, g_dispatcher_district, 1},
    [MH] = {13, g_member_handler, 1}, [UH] = {14, g_unit_handler, 1},
    [SU] = {15, g_supervisor, 1},     [OS] = {16, g_other_secretary, 1},
    [HP] = {17, g_handler_place, 1},
};

static void who_sees_and_changes_a_need(void **state)
{
	(void)state;
	static const int64_t members[] = {8};
	static const char *const units[] = {"/1/9/"};
	struct need_facts f = {NEED_OPEN, "/1/2/4/", members, 1, units, 1};
	/* need_check for a staff event, in the order SE DD MH UH SU OS HP. */
	static const int want[N_WHO] = {LISTS_OK,        LISTS_OK,        LISTS_FORBIDDEN,
	                                LISTS_FORBIDDEN, LISTS_FORBIDDEN, LISTS_NOT_VISIBLE,
	                                LISTS_FORBIDDEN};
	for (int w = 0; w < N_WHO; w++)
		if (need_check(&who[w], &f, NEED_WHISTLE) != want[w])
			fail_msg("need whistle by caller %d", w);
	/* A closed need refuses the event to those who may change it, 409 after 403. */
	f.status = NEED_CLOSED;
	assert_int_equal(need_check(&who[SE], &f, NEED_CLOSE), LISTS_WRONG_STATE);
	assert_int_equal(need_check(&who[MH], &f, NEED_CLOSE), LISTS_FORBIDDEN);
}

/* One character per project state: planned running done evaluated. */
static const char *const project_allowed[] = {
    [PSTEP_START] = "x...",    [PSTEP_MILESTONE] = ".x..", [PSTEP_COMPLETE] = ".x..",
    [PSTEP_EVALUATE] = "..x.", [PSTEP_COMMENT] = "xxxx",   [PSTEP_UPDATE] = "xx..",
};

static void project_steps_in_every_state(void **state)
{
	(void)state;
	static const char *const needs[] = {"/1/2/4/"};
	struct project_facts f = {PROJECT_PLANNED, "/1/2/4/", needs, 1, NULL, 0};
	for (size_t st = 0; st < sizeof project_allowed / sizeof project_allowed[0]; st++) {
		if (!project_allowed[st])
			continue;
		for (int s = 0; s < PROJECT_STATUS__MAX; s++) {
			f.status = s;
			/* The secretary of the need's community may take every step there is. */
			int got = project_check(&who[SE], &f, st);
			int want = project_allowed[st][s] == 'x' ? LISTS_OK : LISTS_WRONG_STATE;
			if (got != want)
				fail_msg("project %s in %s: %d", project_step_names[st],
				         project_status_names[s], got);
		}
	}
	/* The system's steps are nobody's to take through the API. */
	f.status = PROJECT_RUNNING;
	assert_int_equal(project_check(&who[SE], &f, PSTEP_OVERDUE), LISTS_FORBIDDEN);
	assert_int_equal(project_check(&who[SE], &f, PSTEP_CREATE), LISTS_FORBIDDEN);
	assert_int_equal(project_check(&who[SE], &f, PSTEP__MAX), LISTS_FORBIDDEN);

	assert_int_equal(project_next(PROJECT_PLANNED, PSTEP_START), PROJECT_RUNNING);
	assert_int_equal(project_next(PROJECT_RUNNING, PSTEP_MILESTONE), PROJECT_RUNNING);
	assert_int_equal(project_next(PROJECT_RUNNING, PSTEP_COMPLETE), PROJECT_DONE);
	assert_int_equal(project_next(PROJECT_DONE, PSTEP_EVALUATE), PROJECT_EVALUATED);
	assert_int_equal(project_next(PROJECT_DONE, PSTEP_COMMENT), PROJECT_DONE);
	assert_false(project_step_public(PSTEP_COMMENT));
	assert_true(project_step_public(PSTEP_COMPLETE));
}

static void who_takes_project_steps(void **state)
{
	(void)state;
	/* Owned by department 6; a need of community 4; unit 9 takes part. */
	static const char *const needs[] = {"/1/2/4/"};
	static const char *const units[] = {"/1/9/"};
	struct project_facts f = {PROJECT_RUNNING, "/1/6/", needs, 1, units, 1};
	/* In the order SE DD MH UH SU OS HP. */
	static const struct {
		enum project_step step;
		enum project_status in;
		const char *answers;
	} rows[] = {
	    {PSTEP_COMPLETE, PROJECT_RUNNING, "oo43343"},
	    {PSTEP_MILESTONE, PROJECT_RUNNING, "oo4o343"},
	    {PSTEP_EVALUATE, PROJECT_DONE, "o343343"},
	    {PSTEP_COMMENT, PROJECT_DONE, "oo4o34o"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		f.status = rows[i].in;
		for (int w = 0; w < N_WHO; w++) {
			char c = rows[i].answers[w];
			int want = c == 'o'   ? LISTS_OK
			           : c == '3' ? LISTS_FORBIDDEN
			                      : LISTS_NOT_VISIBLE;
			int got = project_check(&who[w], &f, rows[i].step);
			if (got != want)
				fail_msg("project %s by caller %d: %d, expected %d",
				         project_step_names[rows[i].step], w, got, want);
		}
	}
}

static void creating_projects_resources_activities(void **state)
{
	(void)state;
	static const char *const here[] = {"/1/2/4/"};
	static const char *const both[] = {"/1/2/4/", "/1/3/5/"};
	assert_true(project_may_create(&who[SE], "/1/2/4/", here, 1));
	/* Every need's place must be the caller's, and there must be a need. */
	assert_false(project_may_create(&who[SE], "/1/2/4/", both, 2));
	assert_false(project_may_create(&who[SE], "/1/2/4/", here, 0));
	assert_true(project_may_create(&who[DD], "/1/2/4/", both, 2));
	assert_false(project_may_create(&who[SU], "/1/2/4/", here, 1));
	assert_false(project_may_create(&who[HP], "/1/2/4/", here, 1));

	/* Resources: every staff member reads them; the unit's handlers keep them. */
	assert_true(resource_visible(&who[SU]));
	assert_true(resource_may_manage(&who[UH], "/1/9/"));
	assert_false(resource_may_manage(&who[UH], "/1/8/"));
	assert_false(resource_may_manage(&who[SE], "/1/9/"));
	assert_false(resource_may_manage(&who[SU], "/1/9/"));
	const struct principal nobody = {0, NULL, 0};
	assert_false(resource_visible(&nobody));

	/* Activities: recorded by staff whose scope covers the organiser, never supervisors. */
	assert_true(activity_may_record(&who[HP], "/1/2/4/"));
	assert_false(activity_may_record(&who[OS], "/1/2/4/"));
	assert_false(activity_may_record(&who[SU], "/1/2/4/"));

	/* A secretary's member-unit grant widens their scope to that unit. */
	struct grant g[2] = {g_secretary[0]};
	lists_scope_member_grant(&g[1], 8, "/1/8/");
	const struct principal widened = {11, g, 2};
	assert_true(activity_may_record(&widened, "/1/8/"));
	assert_false(activity_may_record(&who[SE], "/1/8/"));
}

/* The shape of a need's number, as GET /needs?no= takes it. */
static void need_numbers(void **state)
{
	(void)state;
	static const char *const good[] = {"XQ20261125-0001", "XQ20261125-12345",
	                                   "XQ20261125-123456789"};
	static const char *const bad[] = {"",
	                                  "XQ",
	                                  "HY20261125-0001",
	                                  "xq20261125-0001",
	                                  "XQ2026112-0001",
	                                  "XQ202611250-0001",
	                                  "XQ20261125_0001",
	                                  "XQ20261125-001",
	                                  "XQ20261125-1234567890",
	                                  "XQ20261125-0001 ",
	                                  "XQ20261125-00a1"};
	for (int i = 0; i < N_OF(good); i++)
		assert_true(need_no_valid(good[i]));
	for (int i = 0; i < N_OF(bad); i++)
		assert_false(need_no_valid(bad[i]));
	assert_false(need_no_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(need_events_in_every_state),
	    cmocka_unit_test(where_need_events_lead),
	    cmocka_unit_test(who_sees_and_changes_a_need),
	    cmocka_unit_test(project_steps_in_every_state),
	    cmocka_unit_test(who_takes_project_steps),
	    cmocka_unit_test(creating_projects_resources_activities),
	    cmocka_unit_test(need_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
