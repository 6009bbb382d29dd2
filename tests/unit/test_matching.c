/* Unit tests of domain/matching: the ranking of resources for a need, pinned on a small
 * hand-made case whose scores are worked out by hand from the table in matching.h, the
 * exclusion of used-up, expired and withdrawn resources, and the reasons given.
 *
 * The tree: district 1; subdistricts 3 (惠环) and 4 (陈江); the park 5; communities 11 and
 * 12 under 3, 30 under the park; units 20 (under 4), 21 (under 3), 22 (in community 11),
 * 23 (under the park). The need is placed in community 11. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/matching.h"
#include "domain/search.h"

static char need_tokens[256];
static struct match_need need;

/* Tokens of a text in a static slot (a few per test). */
static const char *toks(const char *text)
{
	static char bufs[16][256];
	static int next;
	char *b = bufs[next++ % 16];
	search_tokens(text, b, 256);
	return b;
}

static const char *const A_ALLIANCES[] = {"/1/3/11/"};
static const char *const B_ALLIANCES[] = {"/1/3/12/"};
static const char *const D_ALLIANCES[] = {"/1/5/30/"};

enum { A, B, C, D, E, F, G, H, I, N_RES };
static struct match_resource res[N_RES];

static int setup(void **state)
{
	(void)state;
	search_tokens("老人体检", need_tokens, sizeof need_tokens); /* 老人 人体 体检 */
	need = (struct match_need){.category = "elderly",
				   .tokens = need_tokens,
				   .place_path = "/1/3/11/",
				   .wanted_by = "2026-12-31",
				   .today = "2026-11-25"};
	/* A: the same words, the same category, serves the need's community, a unit with two
	 * projects delivered and both rated 满意. */
	res[A] = (struct match_resource){.category = "elderly", .tokens = toks("老人体检"),
					 .org_path = "/1/4/20/", .alliance_paths = A_ALLIANCES,
					 .n_alliances = 1, .remaining = 10,
					 .record = {2, 2, 2, 0}};
	/* B: one shared word of three (体检), the same category, another community of the same
	 * subdistrict, no record. */
	res[B] = (struct match_resource){.category = "elderly", .tokens = toks("体检场地"),
					 .org_path = "/1/3/21/", .alliance_paths = B_ALLIANCES,
					 .n_alliances = 1, .remaining = 1};
	/* C: another category, no shared word, but the unit sits in the need's community. */
	res[C] = (struct match_resource){.category = "health", .tokens = toks("义诊服务"),
					 .org_path = "/1/3/11/22/", .remaining = 5};
	/* D: funds for any category, in the park (elsewhere in the district), one project
	 * delivered and not rated yet. */
	res[D] = (struct match_resource){.category = NULL, .tokens = toks("共建资金"),
					 .org_path = "/1/5/23/", .alliance_paths = D_ALLIANCES,
					 .n_alliances = 1, .remaining = 50000,
					 .record = {1, 0, 0, 0}};
	/* E used up, F expired, H withdrawn: as good as A otherwise, never suggested. */
	res[E] = res[A];
	res[E].remaining = 0;
	res[F] = res[A];
	res[F].available_from = "2026-01-01";
	res[F].available_to = "2026-11-01";
	res[H] = res[A];
	res[H].withdrawn = true;
	/* G: like A without a record, but available only after the need's date. */
	res[G] = (struct match_resource){.category = "elderly", .tokens = toks("老人体检"),
					 .org_path = "/1/4/20/", .alliance_paths = A_ALLIANCES,
					 .n_alliances = 1, .remaining = 3,
					 .available_from = "2027-01-15"};
	/* I: exactly like B, listed after it. */
	res[I] = res[B];
	return 0;
}

static void scores_by_hand(void **state)
{
	(void)state;
	struct match_result r = {0};
	/* A: 0.35·1 + 0.25·1 + 0.20·1 + 0.10·1 + 0.10·(0.4 + 0.6·2/3·1) = 0.98 */
	match_score(&need, &res[A], &r);
	assert_int_equal(r.excluded, MATCH_ELIGIBLE);
	assert_float_equal(r.similarity, 1.0, 1e-9);
	assert_int_equal(r.near, NEAR_COMMUNITY);
	assert_float_equal(r.parts[MATCH_RECORD], 0.8, 1e-9);
	assert_float_equal(r.score, 0.98, 1e-9);
	/* B: 0.35 + 0.25·(2·1/3) + 0.20·0.6 + 0.10 + 0.10·0.3 = 0.766… */
	match_score(&need, &res[B], &r);
	assert_float_equal(r.similarity, 1.0 / 3, 1e-9);
	assert_int_equal(r.near, NEAR_SUBDISTRICT);
	assert_float_equal(r.score, 0.35 + 0.25 * 2 / 3 + 0.12 + 0.10 + 0.03, 1e-9);
	/* C: 0 + 0 + 0.20 + 0.10 + 0.03 = 0.33 */
	match_score(&need, &res[C], &r);
	assert_int_equal(r.near, NEAR_COMMUNITY);
	assert_float_equal(r.score, 0.33, 1e-9);
	/* D: 0.35·0.5 + 0 + 0.20·0.2 + 0.10 + 0.10·(0.4 + 0.6·1/3·0.7) = 0.369 */
	match_score(&need, &res[D], &r);
	assert_int_equal(r.near, NEAR_DISTRICT);
	assert_float_equal(r.score, 0.369, 1e-9);
	/* G: 0.35 + 0.25 + 0.20 + 0.10·0.3 + 0.10·0.3 = 0.86 */
	match_score(&need, &res[G], &r);
	assert_float_equal(r.parts[MATCH_AVAILABILITY], 0.3, 1e-9);
	assert_float_equal(r.score, 0.86, 1e-9);
}

static void ranking_is_pinned(void **state)
{
	(void)state;
	struct match_result out[N_RES];
	int n = match_rank(&need, res, N_RES, 0.0, out);
	/* Best first; B and I tie and keep the caller's order; E, F, H are left out. */
	const int expect[] = {A, G, B, I, D, C};
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++)
		assert_int_equal(out[i].index, expect[i]);
	/* Suggestions start at MATCH_MIN; a whistle calls from MATCH_WHISTLE_MIN. */
	assert_int_equal(match_rank(&need, res, N_RES, MATCH_MIN, out), 6);
	assert_int_equal(match_rank(&need, res, N_RES, MATCH_WHISTLE_MIN, out), 4);
	assert_int_equal(out[3].index, I);
	assert_int_equal(match_rank(&need, res, N_RES, 0.9, out), 1);
	assert_int_equal(out[0].index, A);
}

static void excluded_resources(void **state)
{
	(void)state;
	struct match_result r = {0};
	match_score(&need, &res[E], &r);
	assert_int_equal(r.excluded, MATCH_USED_UP);
	match_score(&need, &res[F], &r);
	assert_int_equal(r.excluded, MATCH_EXPIRED);
	match_score(&need, &res[H], &r);
	assert_int_equal(r.excluded, MATCH_WITHDRAWN);
	assert_string_equal(match_exclusion_text(MATCH_USED_UP), "资源已用完");
	/* Available until today is still available. */
	struct match_resource last_day = res[A];
	last_day.available_to = "2026-11-25";
	match_score(&need, &last_day, &r);
	assert_int_equal(r.excluded, MATCH_ELIGIBLE);
}

static void reasons_explain_the_rank(void **state)
{
	(void)state;
	struct match_result r = {0};
	char buf[MATCH_REASON_MAX + 32];
	match_score(&need, &res[A], &r);
	/* In the order of their contribution. */
	const enum match_part order[] = {MATCH_CATEGORY, MATCH_TEXT, MATCH_NEARNESS,
					 MATCH_AVAILABILITY, MATCH_RECORD};
	const char *const text[] = {
		"类别相符（+0.35）",
		"描述相近（文字相似度 1.00）（+0.25）",
		"同一社区：资源服务本社区或单位就在本社区（+0.20）",
		"长期可用（+0.10）",
		"该单位已完成 2 个项目，满意率 100%（+0.08）",
	};
	for (int i = 0; i < MATCH_PART__MAX; i++) {
		assert_int_equal(r.order[i], order[i]);
		match_reason(&need, &res[A], &r, r.order[i], buf, sizeof buf);
		assert_string_equal(buf, text[i]);
	}
	/* G: availability comes last and says why. */
	match_score(&need, &res[G], &r);
	assert_int_equal(r.order[MATCH_PART__MAX - 1], MATCH_RECORD);
	match_reason(&need, &res[G], &r, MATCH_AVAILABILITY, buf, sizeof buf);
	assert_string_equal(buf, "2027-01-15 起才可用，晚于需求期限 2026-12-31（+0.03）");
	match_reason(&need, &res[G], &r, MATCH_RECORD, buf, sizeof buf);
	assert_string_equal(buf, "该单位暂无已完成的项目（+0.03）");
	/* C: another category, nothing in common. */
	match_score(&need, &res[C], &r);
	match_reason(&need, &res[C], &r, MATCH_CATEGORY, buf, sizeof buf);
	assert_string_equal(buf, "类别不同（+0.00）");
	match_reason(&need, &res[C], &r, MATCH_TEXT, buf, sizeof buf);
	assert_string_equal(buf, "描述中没有共同的词（+0.00）");
	/* D: a unit with a project not rated yet, far away. */
	match_score(&need, &res[D], &r);
	match_reason(&need, &res[D], &r, MATCH_RECORD, buf, sizeof buf);
	assert_string_equal(buf, "该单位已完成 1 个项目，尚无评价（+0.05）");
	match_reason(&need, &res[D], &r, MATCH_NEARNESS, buf, sizeof buf);
	assert_string_equal(buf, "跨街道：资源在全区范围内调配（+0.04）");
}

static void without_a_date_or_a_subdistrict(void **state)
{
	(void)state;
	struct match_result r = {0};
	/* No wanted_by: a resource that starts later still counts, less. */
	struct match_need open = need;
	open.wanted_by = NULL;
	match_score(&open, &res[G], &r);
	assert_float_equal(r.parts[MATCH_AVAILABILITY], 0.7, 1e-9);
	char buf[MATCH_REASON_MAX + 32];
	match_reason(&open, &res[G], &r, MATCH_AVAILABILITY, buf, sizeof buf);
	assert_string_equal(buf, "2027-01-15 起可用（+0.07）");
	/* A community straight under the district has no subdistrict: a unit elsewhere is
	 * simply in the district. */
	struct match_need root = need;
	root.place_path = "/1/9/";
	struct match_resource near = res[C];
	near.org_path = "/1/8/";
	match_score(&root, &near, &r);
	assert_int_equal(r.near, NEAR_DISTRICT);
	/* "/1/3/1/" is not inside "/1/3/11/": ids are whole segments. */
	struct match_resource other = res[C];
	other.org_path = "/1/3/1/";
	match_score(&need, &other, &r);
	assert_int_equal(r.near, NEAR_SUBDISTRICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(scores_by_hand, setup),
		cmocka_unit_test_setup(ranking_is_pinned, setup),
		cmocka_unit_test_setup(excluded_resources, setup),
		cmocka_unit_test_setup(reasons_explain_the_rank, setup),
		cmocka_unit_test_setup(without_a_date_or_a_subdistrict, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
