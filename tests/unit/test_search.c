/*
 * test_search.c - unit tests of domain/search: CJK bigram tokens for the FTS5 index, MATCH
 * expressions built from user queries, and token-set (Dice) similarity.
 *
 * Expected strings are written out by hand from the rules in search.h; byte counts in the
 * comments count 3 bytes for each CJK character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/search.h"

/* Tokens of text into a roomy buffer; checks that the return value is the length. */
static const char *toks(const char *text)
{
	static char buf[4096];
	size_t n = search_tokens(text, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	return buf;
}

static void cjk_pairs(void **state)
{
	(void)state;
	assert_string_equal(toks("路灯坏了"), "路灯 灯坏 坏了");
	assert_string_equal(toks("路灯"), "路灯");
	assert_string_equal(toks("工人"), "工人");
	/* Extension A (㐀), compatibility (豈) and extension B (𠮷, 4 bytes) are CJK too. */
	assert_string_equal(toks("㐀豈𠮷"), "㐀豈 豈𠮷");
	/* 〇 is a CJK digit, so a Chinese-numeral year stays one run. */
	assert_string_equal(toks("二〇二五"), "二〇 〇二 二五");
}

static void mixed_text(void **state)
{
	(void)state;
	/* 3 | 号楼 | LED | 路灯坏了 | Please | fix: digits and letters end CJK runs and back. */
	assert_string_equal(toks("3号楼LED路灯坏了，Please fix!"),
	                    "3 号楼 led 路灯 灯坏 坏了 please fix");
	/* Letters and digits stay together in one word; other ASCII separates. */
	assert_string_equal(toks("Room302, B-12 (east)"), "room302 b 12 east");
	/* Full-width letters and digits fold to ASCII. */
	assert_string_equal(toks("ＬＥＤ灯１２３号"), "led 灯 123 号");
	/* Latin with diacritics: Latin-1 capitals lowercased, the rest as is; × separates. */
	assert_string_equal(toks("Café ÜRÜMQI lù dēng 3×4"), "café ürümqi lù dēng 3 4");
	/* Kana and Hangul pair like Chinese; the middle dot ・ separates. */
	assert_string_equal(toks("ラーメン"), "ラー ーメ メン");
	assert_string_equal(toks("서울 ア・イ"), "서울 ア イ");
	/* Other scripts (Greek, Cyrillic) are not indexed. */
	assert_string_equal(toks("αβγ дом ok"), "ok");
}

static void fullwidth_punctuation(void **state)
{
	(void)state;
	assert_string_equal(toks("路灯，坏了。谁修？“工人”、好！"), "路灯 坏了 谁修 工人 好");
	assert_string_equal(toks("【紧急】《通知》：停水；（明天）"), "紧急 通知 停水 明天");
	/* Ideographic space, tabs and new lines separate. */
	assert_string_equal(toks("路灯\u3000坏了\t\n好的"), "路灯 坏了 好的");
	assert_string_equal(toks(""), "");
	assert_string_equal(toks(NULL), "");
	assert_string_equal(toks("，。！？ ... !!!"), "");
}

static void single_characters(void **state)
{
	(void)state;
	assert_string_equal(toks("灯"), "灯");
	assert_string_equal(toks("灯 a 坏"), "灯 a 坏");
	assert_string_equal(toks("我,你。他"), "我 你 他");
	/* A single character run between words. */
	assert_string_equal(toks("A栋B"), "a 栋 b");
}

static void emoji_and_invalid_utf8(void **state)
{
	(void)state;
	/* An emoji is a separator like punctuation. */
	assert_string_equal(toks("路灯😀坏了👍🏻"), "路灯 坏了");
	assert_string_equal(toks("😀"), "");
	/* Invalid bytes are skipped as if absent: they neither split nor form a run. */
	assert_string_equal(toks("路\xff灯"), "路灯");
	assert_string_equal(toks("ab\xc3"
	                         "cd"),
	                    "abcd"); /* truncated sequence */
	assert_string_equal(toks("\xc0\xaf"
	                         "x"),
	                    "x"); /* overlong '/' */
	assert_string_equal(toks("\xed\xa0\x80"
	                         "路"),
	                    "路");                         /* surrogate U+D800 */
	assert_string_equal(toks("\xf4\x90\x80\x80"), ""); /* above U+10FFFF */
	/* A cut-off CJK character at the very end: the run before it survives. */
	assert_string_equal(toks("路灯\xe5\x9d"), "路灯");
}

static void long_words_are_cut(void **state)
{
	(void)state;
	char text[200], want[SEARCH_WORD_MAX + 8];
	memset(text, 'A', 100);
	strcpy(text + 100, " next");
	memset(want, 'a', SEARCH_WORD_MAX);
	strcpy(want + SEARCH_WORD_MAX, " next");
	assert_string_equal(toks(text), want);
	/* é is two bytes: 63 'a' + é would need 65, so the cut falls before é. */
	memset(text, 'a', 63);
	strcpy(text + 63, "éb");
	memset(want, 'a', 63);
	want[63] = '\0';
	assert_string_equal(toks(text), want);
}

static void buffer_limits(void **state)
{
	(void)state;
	char out[32];
	/* "路灯 灯坏 坏了" is 6 + 1 + 6 + 1 + 6 = 20 bytes: cap 21 holds it exactly. */
	assert_int_equal(search_tokens("路灯坏了", out, 21), 20);
	assert_string_equal(out, "路灯 灯坏 坏了");
	/* One byte less: the last token does not fit and is left out whole. */
	assert_int_equal(search_tokens("路灯坏了", out, 20), 13);
	assert_string_equal(out, "路灯 灯坏");
	assert_int_equal(search_tokens("路灯坏了", out, 14), 13);
	assert_int_equal(search_tokens("路灯坏了", out, 13), 6);
	assert_string_equal(out, "路灯");
	assert_int_equal(search_tokens("路灯坏了", out, 7), 6);
	assert_int_equal(search_tokens("路灯坏了", out, 6), 0);
	assert_string_equal(out, "");
	/* Stops at the first token that does not fit, even if a later one would. */
	assert_int_equal(search_tokens("路灯 a", out, 5), 0);
	assert_string_equal(out, "");
	assert_int_equal(search_tokens("abc", out, 1), 0);
	assert_string_equal(out, "");
	/* cap 0 and NULL out write nothing. */
	out[0] = 'x';
	assert_int_equal(search_tokens("abc", out, 0), 0);
	assert_int_equal(out[0], 'x');
	assert_int_equal(search_tokens("abc", NULL, 10), 0);
	/* Exactly full with a word: "ab cd" is 5 bytes, cap 6. */
	memset(out, 'x', sizeof out);
	assert_int_equal(search_tokens("AB,CD", out, 6), 5);
	assert_string_equal(out, "ab cd");
	assert_int_equal(out[6], 'x');
}

static void query_building(void **state)
{
	(void)state;
	char out[512];
	assert_int_equal(search_query("路灯 坏了", out, sizeof out), 2);
	assert_string_equal(out, "\"路灯\" AND \"坏了\"");
	assert_int_equal(search_query("路灯坏", out, sizeof out), 2);
	assert_string_equal(out, "\"路灯\" AND \"灯坏\"");
	assert_int_equal(search_query("路灯", out, sizeof out), 1);
	assert_string_equal(out, "\"路灯\"");
	/* One CJK character: a prefix query (see search.h for what it cannot find). */
	assert_int_equal(search_query("灯", out, sizeof out), 1);
	assert_string_equal(out, "\"灯\"*");
	assert_int_equal(search_query("LED 灯", out, sizeof out), 2);
	assert_string_equal(out, "\"led\" AND \"灯\"*");
	/* FTS5 syntax in the query is only punctuation to us: no injection. */
	assert_int_equal(search_query("\"路灯\" OR x* NEAR(", out, sizeof out), 4);
	assert_string_equal(out, "\"路灯\" AND \"or\" AND \"x\" AND \"near\"");
	/* Repeated tokens count once. */
	assert_int_equal(search_query("路灯 路灯，LED led", out, sizeof out), 2);
	assert_string_equal(out, "\"路灯\" AND \"led\"");
	/* Nothing to search for. */
	out[0] = 'x';
	assert_int_equal(search_query("，。！？😀", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(search_query("", out, sizeof out), 0);
	assert_int_equal(search_query(NULL, out, sizeof out), 0);
}

static void query_limits(void **state)
{
	(void)state;
	char out[2048], q[1024], want[2048];
	/* "\"路灯\" AND \"坏了\"" is 8 + 5 + 8 = 21 bytes: cap 22 fits, cap 21 does not. */
	assert_int_equal(search_query("路灯 坏了", out, 22), 2);
	assert_string_equal(out, "\"路灯\" AND \"坏了\"");
	assert_int_equal(search_query("路灯 坏了", out, 21), -1);
	assert_string_equal(out, "");
	/* "\"灯\"*" is 6 bytes. */
	assert_int_equal(search_query("灯", out, 7), 1);
	assert_int_equal(search_query("灯", out, 6), -1);
	assert_int_equal(search_query("灯", out, 0), -1);
	assert_int_equal(search_query("灯", NULL, 0), -1);
	/* 40 distinct words w0..w39: only the first 32 are used. */
	size_t n = 0, m = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(q + n, sizeof q - n, "w%d ", i);
	for (int i = 0; i < 32; i++)
		m += (size_t)snprintf(want + m, sizeof want - m, "%s\"w%d\"", i ? " AND " : "", i);
	assert_int_equal(search_query(q, out, sizeof out), 32);
	assert_string_equal(out, want);
}

/* cmocka's assert_float_equal works in float; similarity values are doubles. */
static void assert_near(double got, double want)
{
	assert_true(got - want < 1e-12 && want - got < 1e-12);
}

/* Similarity of two texts, tokenized first. */
static double sim(const char *a, const char *b)
{
	char ta[4096], tb[4096];
	search_tokens(a, ta, sizeof ta);
	search_tokens(b, tb, sizeof tb);
	return search_similarity(ta, tb);
}

static void similarity(void **state)
{
	(void)state;
	/* Identical: A = B, 2|A| / 2|A| = 1. */
	assert_true(sim("路灯坏了", "路灯坏了") == 1.0);
	/* Same set in another order and with repeats: still 1. */
	assert_true(search_similarity("b a a c", "c b a") == 1.0);
	/* Disjoint: {路灯, 灯坏, 坏了} and {下水, 水道, 道堵} share nothing: 0. */
	assert_true(sim("路灯坏了", "下水道堵") == 0.0);
	/* {路灯, 灯坏, 坏了} vs {路灯, 灯坏, 坏了, 了很, 很久}: 2*3 / (3+5) = 0.75. */
	assert_near(sim("路灯坏了", "路灯坏了很久"), 0.75);
	/* {3, 号楼, 楼路, 路灯, 灯坏} vs {5, 号楼, 楼路, 路灯, 灯不, 不亮}: common 号楼, 楼路,
	 * 路灯: 2*3 / (5+6) = 6/11. */
	assert_near(sim("3号楼路灯坏", "5号楼路灯不亮"), 6.0 / 11.0);
	/* Sets {a, b} and {a}: 2*1 / (2+1) = 2/3. */
	assert_near(search_similarity("a a b", "a"), 2.0 / 3.0);
	/* Prefixes are different tokens: {ab} vs {abc}: 0. */
	assert_true(search_similarity("ab", "abc") == 0.0);
	/* Nothing on one side: 0, never a division by zero. */
	assert_true(search_similarity("", "") == 0.0);
	assert_true(search_similarity("a", "") == 0.0);
	assert_true(search_similarity(NULL, "a") == 0.0);
	assert_true(search_similarity("  ", NULL) == 0.0);
}

static void similarity_is_bounded(void **state)
{
	(void)state;
	static char a[8192], b[8192];
	size_t n = 0;
	/* 600 distinct tokens t0..t599 against themselves: still exactly 1. */
	for (int i = 0; i < 600; i++)
		n += (size_t)snprintf(a + n, sizeof a - n, "t%d ", i);
	assert_true(search_similarity(a, a) == 1.0);
	/* "x" as the 513th token is never read: disjoint from {x}. */
	n = 0;
	for (int i = 0; i < SEARCH_SIMILARITY_MAX_TOKENS; i++)
		n += (size_t)snprintf(b + n, sizeof b - n, "t%d ", i);
	snprintf(b + n, sizeof b - n, "x");
	assert_true(search_similarity(b, "x") == 0.0);
	/* As the 512th it is: {t0..t510, x} vs {x}: 2*1 / (512+1). */
	n = 0;
	for (int i = 0; i < SEARCH_SIMILARITY_MAX_TOKENS - 1; i++)
		n += (size_t)snprintf(b + n, sizeof b - n, "t%d ", i);
	snprintf(b + n, sizeof b - n, "x");
	assert_near(search_similarity(b, "x"), 2.0 / 513.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cjk_pairs),
	    cmocka_unit_test(mixed_text),
	    cmocka_unit_test(fullwidth_punctuation),
	    cmocka_unit_test(single_characters),
	    cmocka_unit_test(emoji_and_invalid_utf8),
	    cmocka_unit_test(long_words_are_cut),
	    cmocka_unit_test(buffer_limits),
	    cmocka_unit_test(query_building),
	    cmocka_unit_test(query_limits),
	    cmocka_unit_test(similarity),
	    cmocka_unit_test(similarity_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
