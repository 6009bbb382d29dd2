/* Unit tests of domain/topics (每月一题): grouping a month's appeals by category and title
 * similarity, the groups' keys (stable under reordering and across months), counts, typical
 * titles and communities, and the threshold's edges worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/topics.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

/* The group's typical titles are `want`, in order (n of them). */
static void titles_are(const struct topic_group *g, const char *const *want, int n)
{
	assert_int_equal(g->n_titles, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(g->titles[i], want[i]);
}

/* A month of utilities and property appeals: two ways of saying 停水, a gas smell, and the
 * street lights (路灯) twice, in communities 31, 32 and the district (0). */
static const struct topic_input month[] = {
    {1, "utilities", 31, "小区突然停水"},  {2, "utilities", 31, "小区停水"},
    {3, "utilities", 32, "小区突然停水"},  {4, "utilities", 31, "小区突然停水"},
    {5, "property", 31, "小区路灯坏了"},   {6, "utilities", 0, "燃气管道有异味"},
    {7, "property", 32, "小区路灯坏了！"}, {8, "utilities", 32, "小区停水"},
    {9, "property", 33, "电梯经常故障"},
};

static void groups_by_category_and_title(void **state)
{
	(void)state;
	struct topic_group *g;
	int n = topics_group(month, 9, &arena, &g);
	assert_int_equal(n, 4);
	/* 停水: 6 tokens between 小区突然停水 {小区 区突 突然 然停 停水} and 小区停水 {小区 区停
	 * 停水}, 2 shared: 1/3 >= 0.30, one group of the five. Its most frequent tokens are 小区
	 * and 停水 (5 each). */
	assert_string_equal(g[0].key, "utilities:停水+小区");
	assert_string_equal(g[0].category, "utilities");
	assert_int_equal(g[0].count, 5);
	int64_t ids[] = {8, 4, 3, 2, 1};
	assert_memory_equal(g[0].ids, ids, sizeof ids);
	titles_are(&g[0], (const char *const[]){"小区突然停水", "小区停水"}, 2);
	assert_int_equal(g[0].n_communities, 2);
	assert_int_equal(g[0].communities[0].id, 31);
	assert_int_equal(g[0].communities[0].count, 3);
	assert_int_equal(g[0].communities[1].id, 32);
	assert_int_equal(g[0].communities[1].count, 2);
	/* The lights: punctuation is no token, so both titles are one form; its five tokens
	 * tie, and byte order gives 区路 (U+533A) and 坏了 (U+574F) before 小区 (U+5C0F). */
	assert_string_equal(g[1].key, "property:区路+坏了");
	assert_int_equal(g[1].count, 2);
	assert_string_equal(g[1].titles[0], "小区路灯坏了");
	assert_string_equal(g[1].titles[1], "小区路灯坏了！");
	/* Singles, by key. */
	assert_int_equal(g[2].count, 1);
	assert_int_equal(g[3].count, 1);
	assert_true(strcmp(g[2].key, g[3].key) < 0);
	assert_string_equal(g[2].key, "property:常故+故障");
	/* Placed at the district: no community. */
	assert_int_equal(g[3].n_communities, 0);
	assert_non_null(topics_find(g, n, "property:区路+坏了"));
	assert_null(topics_find(g, n, "property:停水+小区"));
}

static void keys_do_not_depend_on_order_or_ids(void **state)
{
	(void)state;
	struct topic_input rev[9];
	for (int i = 0; i < 9; i++) {
		rev[i] = month[8 - i];
		rev[i].id = 100 + i; /* next month's ids */
	}
	struct topic_group *a, *b;
	int na = topics_group(month, 9, &arena, &a);
	int nb = topics_group(rev, 9, &arena, &b);
	assert_int_equal(na, nb);
	for (int i = 0; i < na; i++) {
		assert_string_equal(a[i].key, b[i].key);
		assert_int_equal(a[i].count, b[i].count);
	}
	/* Last month had fewer 停水 appeals, all one way of saying it: the same key. */
	const struct topic_input last[] = {{1, "utilities", 31, "小区突然停水"},
	                                   {2, "utilities", 32, "小区停水"}};
	struct topic_group *p;
	int np = topics_group(last, 2, &arena, &p);
	assert_int_equal(np, 1);
	assert_string_equal(p[0].key, "utilities:停水+小区");
}

static void the_threshold_by_hand(void **state)
{
	(void)state;
	/* 高新技术企业认定政策咨询 has 11 tokens, 稳岗补贴政策咨询 7, sharing 政策 策咨 咨询:
	 * 3 / 15 = 0.2 < 0.30, two groups. The same words in another category never join. */
	const struct topic_input in[] = {
	    {1, "policy", 31, "高新技术企业认定政策咨询"},
	    {2, "policy", 31, "稳岗补贴政策咨询"},
	    {3, "hiring", 31, "高新技术企业认定政策咨询"},
	};
	struct topic_group *g;
	assert_int_equal(topics_group(in, 3, &arena, &g), 3);
	/* 小区停电了 {小区 区停 停电 电了} and 小区停水了 {小区 区停 停水 水了} share 2 of 6:
	 * they join — pairs of characters cannot tell these apart (a documented limit). */
	const struct topic_input near[] = {
	    {1, "utilities", 31, "小区停电了"},
	    {2, "utilities", 31, "小区停水了"},
	};
	assert_int_equal(topics_group(near, 2, &arena, &g), 1);
	assert_int_equal(g[0].count, 2);
	/* The more frequent form leads: 2 x 小区停水 start the group, and 停水问题 {停水 水问
	 * 问题} shares only 停水 of 5 with it (0.2): its own group. */
	const struct topic_input lead[] = {
	    {1, "utilities", 31, "停水问题"},
	    {2, "utilities", 31, "小区停水"},
	    {3, "utilities", 31, "小区停水"},
	};
	assert_int_equal(topics_group(lead, 3, &arena, &g), 2);
	/* Its three tokens tie: byte order, 停水 U+505C and 区停 U+533A before 小区 U+5C0F. */
	assert_string_equal(g[0].key, "utilities:停水+区停");
	assert_int_equal(g[0].count, 2);
	assert_string_equal(g[1].key, "utilities:停水+水问");
}

static void edges(void **state)
{
	(void)state;
	struct topic_group *g = (void *)1;
	assert_int_equal(topics_group(NULL, 0, &arena, &g), 0);
	assert_null(g);
	/* No token at all; one token; Latin words. */
	const struct topic_input in[] = {
	    {1, "other", 0, "？！"},
	    {2, "other", 0, "……"},
	    {3, "other", 0, "灯"},
	    {4, "other", 5, "WiFi down"},
	    {5, "other", 6, "wifi DOWN again"},
	};
	int n = topics_group(in, 5, &arena, &g);
	assert_int_equal(n, 3);
	assert_string_equal(g[0].key, "other:");
	assert_int_equal(g[0].count, 2);
	/* {down wifi} and {again down wifi}: 2/3. */
	assert_string_equal(g[1].key, "other:down+wifi");
	assert_int_equal(g[1].count, 2);
	assert_int_equal(g[1].n_communities, 2);
	assert_string_equal(g[2].key, "other:灯");
	/* More distinct titles than are shown: the three most frequent. */
	const struct topic_input many[] = {
	    {1, "x", 1, "路灯坏了a"}, {2, "x", 1, "路灯坏了b"}, {3, "x", 2, "路灯坏了b"},
	    {4, "x", 3, "路灯坏了c"}, {5, "x", 4, "路灯坏了d"}, {6, "x", 4, "路灯坏了c"},
	};
	n = topics_group(many, 6, &arena, &g);
	assert_int_equal(n, 1);
	titles_are(&g[0], (const char *const[]){"路灯坏了b", "路灯坏了c", "路灯坏了a"}, 3);
	assert_int_equal(g[0].n_communities, 3);
	assert_int_equal(g[0].communities[0].id, 1);
	assert_int_equal(g[0].communities[1].id, 4);
	assert_int_equal(g[0].communities[2].id, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(groups_by_category_and_title, setup, teardown),
	    cmocka_unit_test_setup_teardown(keys_do_not_depend_on_order_or_ids, setup, teardown),
	    cmocka_unit_test_setup_teardown(the_threshold_by_hand, setup, teardown),
	    cmocka_unit_test_setup_teardown(edges, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
