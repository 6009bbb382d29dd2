/* Unit tests of domain/appeal: the appeal's state machine, step by step and state by state.
 * The expected tables are written here by hand from the life cycle in appeal.h, not copied
 * from the rule table, so a changed rule shows up as a failing row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/appeal.h"

/* One character per state, in enum order: submitted accepted dispatched in_progress
 * suspended replied reopened closed. 'x' = the step is allowed in that state. */
static const struct {
	enum appeal_step step;
	const char *states;
} allowed[] = {
    {STEP_ACCEPT, "x......."},         {STEP_DECLINE, "xx......"},
    {STEP_DISPATCH, ".xxx..x."},       {STEP_ACKNOWLEDGE, "..x...x."},
    {STEP_RETURN, "..xx...."},         {STEP_CONTACT, "...x..x."},
    {STEP_PROGRESS, "..xxx.x."},       {STEP_NOTE, "xxxxxxxx"},
    {STEP_EXTEND_REQUEST, "...x..x."}, {STEP_EXTEND_APPROVE, "...xx.x."},
    {STEP_EXTEND_REJECT, "...xx.x."},  {STEP_REPLY, "...x..x."},
    {STEP_CALLBACK, ".....x.x"},       {STEP_SUSPEND, "...x..x."},
    {STEP_RESUME, "....x..."},         {STEP_SUPERVISE, ".xxxxxx."},
    {STEP_MERGE, "xx......"},          {STEP_PUBLISH, ".....x.x"},
    {STEP_UNPUBLISH, ".....x.x"},      {STEP_SUBMIT, "........"},
    {STEP_ADD_INFO, "xxxxxxx."},       {STEP_RATE, ".....x.."},
    {STEP_OVERDUE, "xxxxxxx."},        {STEP_ESCALATE, "xxxxxxx."},
    {STEP_AUTO_CLOSE, ".....x.."},     {STEP_REVEAL, "xxxxxxxx"},
};

/* Facts under which every flag-gated step is possible: an extension is pending only when
 * the step decides on one. */
static struct appeal_facts facts_for(enum appeal_status s, enum appeal_step step)
{
	struct appeal_facts f = {0};
	f.status = s;
	f.before_suspend = APPEAL_REOPENED;
	f.place_path = "/1/2/4/";
	f.lead_path = "/1/6/";
	f.extension_pending = step == STEP_EXTEND_APPROVE || step == STEP_EXTEND_REJECT;
	f.publishable = f.published = f.has_answer = true;
	return f;
}

static void every_step_in_every_state(void **state)
{
	(void)state;
	assert_int_equal(sizeof allowed / sizeof allowed[0], STEP__MAX);
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		assert_int_equal(strlen(allowed[i].states), APPEAL_STATUS__MAX);
		for (int s = 0; s < APPEAL_STATUS__MAX; s++) {
			struct appeal_facts f = facts_for(s, allowed[i].step);
			bool want = allowed[i].states[s] == 'x';
			if (appeal_step_allowed(&f, allowed[i].step) != want)
				fail_msg("step %s in state %s: expected %s",
				         appeal_step_names[allowed[i].step], appeal_status_names[s],
				         want ? "allowed" : "refused");
		}
	}
}

static void flags_gate_their_steps(void **state)
{
	(void)state;
	struct appeal_facts f = facts_for(APPEAL_IN_PROGRESS, STEP_NOTE);
	/* One extension at a time; a decision needs one pending. */
	f.extension_pending = true;
	assert_false(appeal_step_allowed(&f, STEP_EXTEND_REQUEST));
	f.extension_pending = false;
	assert_false(appeal_step_allowed(&f, STEP_EXTEND_APPROVE));
	assert_false(appeal_step_allowed(&f, STEP_EXTEND_REJECT));

	f = facts_for(APPEAL_REPLIED, STEP_NOTE);
	f.publishable = false;
	assert_false(appeal_step_allowed(&f, STEP_PUBLISH));
	f.publishable = true;
	f.has_answer = false;
	assert_false(appeal_step_allowed(&f, STEP_PUBLISH));
	assert_false(appeal_step_allowed(&f, STEP_CALLBACK));
	f.has_answer = true;
	f.published = false;
	assert_false(appeal_step_allowed(&f, STEP_UNPUBLISH));
	assert_true(appeal_step_allowed(&f, STEP_PUBLISH));
	/* Out-of-range steps are refused, never read past the table. */
	assert_false(appeal_step_allowed(&f, STEP__MAX));
}

static void where_each_step_leads(void **state)
{
	(void)state;
	static const struct {
		enum appeal_status from;
		enum appeal_step step;
		enum appeal_status to;
	} moves[] = {
	    {APPEAL_SUBMITTED, STEP_ACCEPT, APPEAL_ACCEPTED},
	    {APPEAL_SUBMITTED, STEP_DECLINE, APPEAL_CLOSED},
	    {APPEAL_ACCEPTED, STEP_MERGE, APPEAL_CLOSED},
	    {APPEAL_ACCEPTED, STEP_DISPATCH, APPEAL_DISPATCHED},
	    {APPEAL_IN_PROGRESS, STEP_DISPATCH, APPEAL_DISPATCHED},
	    {APPEAL_DISPATCHED, STEP_ACKNOWLEDGE, APPEAL_IN_PROGRESS},
	    {APPEAL_REOPENED, STEP_ACKNOWLEDGE, APPEAL_IN_PROGRESS},
	    {APPEAL_DISPATCHED, STEP_RETURN, APPEAL_ACCEPTED},
	    {APPEAL_IN_PROGRESS, STEP_RETURN, APPEAL_ACCEPTED},
	    {APPEAL_IN_PROGRESS, STEP_CONTACT, APPEAL_IN_PROGRESS},
	    {APPEAL_IN_PROGRESS, STEP_PROGRESS, APPEAL_IN_PROGRESS},
	    {APPEAL_IN_PROGRESS, STEP_REPLY, APPEAL_REPLIED},
	    {APPEAL_REOPENED, STEP_REPLY, APPEAL_REPLIED},
	    {APPEAL_IN_PROGRESS, STEP_SUSPEND, APPEAL_SUSPENDED},
	    {APPEAL_SUSPENDED, STEP_RESUME, APPEAL_REOPENED}, /* back to before_suspend */
	    {APPEAL_SUSPENDED, STEP_ADD_INFO, APPEAL_REOPENED},
	    {APPEAL_DISPATCHED, STEP_ADD_INFO, APPEAL_DISPATCHED},
	    {APPEAL_REPLIED, STEP_AUTO_CLOSE, APPEAL_CLOSED},
	    {APPEAL_IN_PROGRESS, STEP_SUPERVISE, APPEAL_IN_PROGRESS},
	    {APPEAL_IN_PROGRESS, STEP_OVERDUE, APPEAL_IN_PROGRESS},
	    {APPEAL_CLOSED, STEP_NOTE, APPEAL_CLOSED},
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		struct appeal_facts f = facts_for(moves[i].from, moves[i].step);
		enum appeal_status got = appeal_next(&f, moves[i].step, RATING_SATISFIED);
		if (got != moves[i].to)
			fail_msg("%s from %s led to %s, expected %s",
			         appeal_step_names[moves[i].step],
			         appeal_status_names[moves[i].from], appeal_status_names[got],
			         appeal_status_names[moves[i].to]);
	}
}

static void ratings_close_or_reopen(void **state)
{
	(void)state;
	struct appeal_facts f = facts_for(APPEAL_REPLIED, STEP_RATE);
	assert_int_equal(appeal_next(&f, STEP_RATE, RATING_SATISFIED), APPEAL_CLOSED);
	assert_int_equal(appeal_next(&f, STEP_RATE, RATING_BASICALLY), APPEAL_CLOSED);
	/* The first 不满意 reopens to the same unit, the second goes back to the dispatcher. */
	assert_int_equal(appeal_next(&f, STEP_RATE, RATING_UNSATISFIED), APPEAL_REOPENED);
	f.unsatisfied_count = 1;
	assert_int_equal(appeal_next(&f, STEP_RATE, RATING_UNSATISFIED), APPEAL_ACCEPTED);
	assert_int_equal(appeal_next(&f, STEP_CALLBACK, RATING_UNSATISFIED), APPEAL_ACCEPTED);
	/* A callback on a closed appeal records the rating and leaves it closed. */
	f.status = APPEAL_CLOSED;
	assert_int_equal(appeal_next(&f, STEP_CALLBACK, RATING_UNSATISFIED), APPEAL_CLOSED);
}

/* The tree: district 1; community 4 (the place) under subdistrict 2; department 6 (the
 * lead unit); department 7 (assisting); community 5 elsewhere; enterprise 99 submitted. */
static const char *const assist[] = {"/1/7/"};
static const struct grant g_disp_place[] = {{1, ROLE_DISPATCHER, 4, "/1/2/4/"}};
static const struct grant g_disp_district[] = {{2, ROLE_DISPATCHER, 1, "/1/"}};
static const struct grant g_admin_district[] = {{3, ROLE_ADMIN, 1, "/1/"}};
static const struct grant g_lead[] = {{4, ROLE_HANDLER, 6, "/1/6/"}};
static const struct grant g_assist[] = {{5, ROLE_HANDLER, 7, "/1/7/"}};
static const struct grant g_supervisor[] = {{6, ROLE_SUPERVISOR, 1, "/1/"}};
static const struct grant g_other[] = {{7, ROLE_DISPATCHER, 5, "/1/3/5/"}};
static const struct grant g_liaison[] = {{8, ROLE_LIAISON, 99, "/1/2/4/99/"}};

enum { DP, DD, AD, LE, AS, SU, OT, LI, N_WHO };
static const struct principal who[N_WHO] = {
    [DP] = {11, g_disp_place, 1}, [DD] = {12, g_disp_district, 1}, [AD] = {13, g_admin_district, 1},
    [LE] = {14, g_lead, 1},       [AS] = {15, g_assist, 1},        [SU] = {16, g_supervisor, 1},
    [OT] = {17, g_other, 1},      [LI] = {18, g_liaison, 1},
};

/* For a step in a state that allows it: the answer of appeal_check for each caller, in
 * the order DP DD AD LE AS SU OT LI ('o' = allowed, '3' = 403, '4' = 404). */
static const struct {
	enum appeal_step step;
	enum appeal_status in;
	const char *answers;
} who_may[] = {
    {STEP_ACCEPT, APPEAL_SUBMITTED,
     "oo33334"
     "3"},
    {STEP_DISPATCH, APPEAL_ACCEPTED,
     "oo33334"
     "3"},
    {STEP_MERGE, APPEAL_ACCEPTED,
     "oo33334"
     "3"},
    {STEP_EXTEND_APPROVE, APPEAL_IN_PROGRESS,
     "oo33334"
     "3"},
    {STEP_PUBLISH, APPEAL_REPLIED,
     "oo33334"
     "3"},
    {STEP_CALLBACK, APPEAL_REPLIED,
     "oo33334"
     "3"},
    {STEP_ACKNOWLEDGE, APPEAL_DISPATCHED,
     "333o334"
     "3"},
    {STEP_RETURN, APPEAL_DISPATCHED,
     "333o334"
     "3"},
    {STEP_REPLY, APPEAL_IN_PROGRESS,
     "333o334"
     "3"},
    {STEP_EXTEND_REQUEST, APPEAL_IN_PROGRESS,
     "333o334"
     "3"},
    {STEP_SUSPEND, APPEAL_IN_PROGRESS,
     "oo3o334"
     "3"},
    {STEP_REVEAL, APPEAL_IN_PROGRESS,
     "oo3o334"
     "3"},
    {STEP_PROGRESS, APPEAL_IN_PROGRESS,
     "333oo34"
     "3"},
    {STEP_SUPERVISE, APPEAL_IN_PROGRESS,
     "3oo3334"
     "3"},
    {STEP_RATE, APPEAL_REPLIED,
     "3333334"
     "3"},
    {STEP_AUTO_CLOSE, APPEAL_REPLIED,
     "3333334"
     "3"},
};

static void who_may_take_each_step(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof who_may / sizeof who_may[0]; i++) {
		struct appeal_facts f = facts_for(who_may[i].in, who_may[i].step);
		f.assist_paths = assist;
		f.n_assist = 1;
		f.submitter_org_id = 99;
		assert_int_equal(strlen(who_may[i].answers), N_WHO);
		for (int w = 0; w < N_WHO; w++) {
			char c = who_may[i].answers[w];
			int want = c == 'o'   ? APPEAL_OK
			           : c == '3' ? APPEAL_FORBIDDEN
			                      : APPEAL_NOT_VISIBLE;
			int got = appeal_check(&who[w], &f, who_may[i].step);
			if (got != want)
				fail_msg("%s by caller %d: %d, expected %d",
				         appeal_step_names[who_may[i].step], w, got, want);
		}
	}
}

static void refusals_come_in_order(void **state)
{
	(void)state;
	/* Not visible beats forbidden beats wrong state. */
	struct appeal_facts f = facts_for(APPEAL_CLOSED, STEP_ACCEPT);
	assert_int_equal(appeal_check(&who[OT], &f, STEP_ACCEPT), APPEAL_NOT_VISIBLE);
	assert_int_equal(appeal_check(&who[LE], &f, STEP_ACCEPT), APPEAL_FORBIDDEN);
	assert_int_equal(appeal_check(&who[DP], &f, STEP_ACCEPT), APPEAL_WRONG_STATE);
	/* Before dispatch there is no lead unit: its handlers see nothing of it. */
	f = facts_for(APPEAL_ACCEPTED, STEP_NOTE);
	f.lead_path = NULL;
	assert_false(appeal_visible(&who[LE], &f));
	assert_false(appeal_may_reveal(&who[LE], &f));
	assert_true(appeal_may_reveal(&who[DP], &f));
}

static void what_the_submitter_sees(void **state)
{
	(void)state;
	/* Internal work never reaches the submitter's timeline. */
	static const enum appeal_step internal[] = {
	    STEP_NOTE,      STEP_EXTEND_REQUEST, STEP_EXTEND_REJECT, STEP_SUPERVISE, STEP_PUBLISH,
	    STEP_UNPUBLISH, STEP_OVERDUE,        STEP_ESCALATE,      STEP_REVEAL,    STEP_RETURN};
	for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
		assert_false(appeal_step_public(internal[i]));
	for (int s = 0; s < STEP__MAX; s++)
		if (appeal_step_public(s))
			assert_true(strlen(appeal_step_text(s)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_step_in_every_state), cmocka_unit_test(flags_gate_their_steps),
	    cmocka_unit_test(where_each_step_leads),     cmocka_unit_test(ratings_close_or_reopen),
	    cmocka_unit_test(who_may_take_each_step),    cmocka_unit_test(refusals_come_in_order),
	    cmocka_unit_test(what_the_submitter_sees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
