/* Unit tests of domain/scope and domain/org_rules: who may read and change what in the
 * organisation tree, and the tree's shape rules. No database: paths are written by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/org_rules.h"
#include "domain/scope.h"

/* A small tree: district 1; subdistricts 2 (惠环) and 3 (陈江); communities 4 (斜下, under 2)
 * and 5 (御湖, under 3); department 6 (under 1); unit 7 under community 4. */
#define DISTRICT  "/1/"
#define HUIHUAN   "/1/2/"
#define CHENJIANG "/1/3/"
#define XIEXIA    "/1/2/4/"
#define YUHU      "/1/3/5/"
#define DEPT      "/1/6/"
#define UNIT7     "/1/2/4/7/"

static const struct grant xiexia_handler[] = {{1, ROLE_HANDLER, 4, XIEXIA}};
static const struct grant district_supervisor[] = {{2, ROLE_SUPERVISOR, 1, DISTRICT}};
static const struct grant two_roles[] = {{3, ROLE_SUPERVISOR, 1, DISTRICT},
					 {4, ROLE_ADMIN, 3, CHENJIANG}};

static void path_within(void **state)
{
	(void)state;
	assert_true(scope_path_within(XIEXIA, DISTRICT));
	assert_true(scope_path_within(XIEXIA, XIEXIA));
	assert_true(scope_path_within(UNIT7, HUIHUAN));
	assert_false(scope_path_within(YUHU, HUIHUAN));
	/* "/1/2/" must not cover "/1/23/": ids are whole segments. */
	assert_false(scope_path_within("/1/23/", HUIHUAN));
	assert_false(scope_path_within(DISTRICT, XIEXIA));
	assert_false(scope_path_within(XIEXIA, ""));
	assert_false(scope_path_within(NULL, DISTRICT));
}

static void grants_at_the_root(void **state)
{
	(void)state;
	/* Only a grant at the district itself covers the whole tree. */
	assert_true(scope_grant_at_root(&district_supervisor[0]));
	assert_true(scope_grant_at_root(&(struct grant){5, ROLE_ADMIN, 12, "/12/"}));
	assert_false(scope_grant_at_root(&xiexia_handler[0]));
	assert_false(scope_grant_at_root(&two_roles[1]));
	assert_false(scope_grant_at_root(&(struct grant){6, ROLE_ADMIN, 6, DEPT}));
	/* A grant without a path (never loaded) covers nothing. */
	assert_false(scope_grant_at_root(&(struct grant){7, ROLE_ADMIN, 0, NULL}));
	assert_false(scope_grant_at_root(&(struct grant){8, ROLE_ADMIN, 0, ""}));
}

static void handler_sees_own_community_only(void **state)
{
	(void)state;
	struct principal p = {10, xiexia_handler, 1};
	assert_true(scope_can_read(&p, XIEXIA));
	assert_true(scope_can_read(&p, UNIT7));
	assert_false(scope_can_read(&p, YUHU));
	assert_false(scope_can_read(&p, HUIHUAN));
	assert_true(scope_can_change(&p, ROLE_BIT(ROLE_HANDLER), UNIT7));
	assert_false(scope_can_change(&p, ROLE_BIT(ROLE_HANDLER), YUHU));
	/* Holding the wrong role is not enough. */
	assert_false(scope_can_change(&p, ROLE_BIT(ROLE_ADMIN), XIEXIA));
}

static void supervisor_reads_but_never_changes(void **state)
{
	(void)state;
	struct principal p = {11, district_supervisor, 1};
	assert_true(scope_can_read(&p, YUHU));
	assert_true(scope_can_read(&p, DEPT));
	assert_false(scope_can_change(&p, ROLES_ANY_STAFF, YUHU));
	assert_false(scope_can_change(&p, ROLE_BIT(ROLE_SUPERVISOR), DISTRICT));
}

static void roles_combine_per_subtree(void **state)
{
	(void)state;
	struct principal p = {12, two_roles, 2};
	assert_true(scope_can_change(&p, ROLE_BIT(ROLE_ADMIN), YUHU));
	assert_false(scope_can_change(&p, ROLE_BIT(ROLE_ADMIN), XIEXIA));
	assert_true(scope_can_read(&p, XIEXIA));
	assert_true(scope_has_role(&p, ROLE_BIT(ROLE_ADMIN)));
	assert_false(scope_has_role(&p, ROLE_BIT(ROLE_HANDLER)));
}

static void public_has_no_scope(void **state)
{
	(void)state;
	struct principal p = {0, NULL, 0};
	assert_false(scope_can_read(&p, DISTRICT));
	assert_false(scope_has_role(&p, ROLES_ANY_STAFF));
}

static void tree_shape(void **state)
{
	(void)state;
	assert_true(org_parent_allowed(ORG_DISTRICT, -1));
	assert_false(org_parent_allowed(ORG_DISTRICT, ORG_DISTRICT));
	assert_false(org_parent_allowed(ORG_COMMUNITY, -1));
	assert_true(org_parent_allowed(ORG_SUBDISTRICT, ORG_DISTRICT));
	assert_false(org_parent_allowed(ORG_SUBDISTRICT, ORG_COMMUNITY));
	assert_true(org_parent_allowed(ORG_COMMUNITY, ORG_SUBDISTRICT));
	assert_true(org_parent_allowed(ORG_COMMUNITY, ORG_PARK));
	assert_true(org_parent_allowed(ORG_UNIT, ORG_COMMUNITY));
	assert_false(org_parent_allowed(ORG_UNIT, ORG_UNIT));
	assert_true(org_parent_allowed(ORG_DEPARTMENT, ORG_DISTRICT));
	assert_false(org_parent_allowed(ORG_DEPARTMENT, ORG_COMMUNITY));
}

static void moves_that_make_cycles(void **state)
{
	(void)state;
	/* Moving 2 under 4 (its own grandchild) or under itself is a cycle. */
	assert_true(org_move_makes_cycle(2, XIEXIA));
	assert_true(org_move_makes_cycle(2, HUIHUAN));
	/* Moving 4 under 3 is fine; so is 2 under a path that merely contains "2" digits. */
	assert_false(org_move_makes_cycle(4, CHENJIANG));
	assert_false(org_move_makes_cycle(2, "/1/12/22/"));
}

static void membership(void **state)
{
	(void)state;
	assert_true(org_membership_allowed(ORG_COMMUNITY, ORG_UNIT));
	assert_true(org_membership_allowed(ORG_COMMUNITY, ORG_DEPARTMENT));
	assert_false(org_membership_allowed(ORG_SUBDISTRICT, ORG_UNIT));
	assert_false(org_membership_allowed(ORG_COMMUNITY, ORG_COMMUNITY));
}

static void paths(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(org_child_path(HUIHUAN, 40, out, sizeof out), 0);
	assert_string_equal(out, "/1/2/40/");
	assert_int_equal(org_child_path(NULL, 1, out, sizeof out), 0);
	assert_string_equal(out, "/1/");
	assert_int_equal(org_child_path(HUIHUAN, 40, out, 6), -1);
	assert_int_equal(org_path_bound(HUIHUAN, out, sizeof out), 0);
	assert_string_equal(out, "/1/20"); /* everything under /1/2/ sorts below /1/20 */
	int64_t ids[8];
	assert_int_equal(org_path_ids(UNIT7, ids, 8), 4);
	assert_true(ids[0] == 1 && ids[1] == 2 && ids[2] == 4 && ids[3] == 7);
	assert_int_equal(org_path_ids("1/2/", ids, 8), -1);
	assert_int_equal(org_path_ids("/1/x/", ids, 8), -1);
	assert_int_equal(org_path_ids(UNIT7, ids, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_within),
		cmocka_unit_test(grants_at_the_root),
		cmocka_unit_test(handler_sees_own_community_only),
		cmocka_unit_test(supervisor_reads_but_never_changes),
		cmocka_unit_test(roles_combine_per_subtree),
		cmocka_unit_test(public_has_no_scope),
		cmocka_unit_test(tree_shape),
		cmocka_unit_test(moves_that_make_cycles),
		cmocka_unit_test(membership),
		cmocka_unit_test(paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
