/* json_out (and the text writer of util/jsonw.h under it) writes exactly what
 * json_dumps(j, JSON_COMPACT) writes, only faster. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonw.h"
#include "http/json_out.h"

static void same_as_jansson(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	assert_non_null(j);
	char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	size_t n;
	char *got = json_out(j, &n);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
	free(want);
	free(got);
	json_decref(j);
}

static void test_values(void **state)
{
	(void)state;
	same_as_jansson("{\"a\":1,\"b\":[1.5,2.0,1e20,-3.25e-7,0.1,true,false,null],\"d\":{},\"e\":[]}");
	same_as_jansson("[123456789012345,-1,0.30000000000000004,1e-300,1e+300,-0.0]");
	same_as_jansson("{\"z\":1,\"a\":2,\"m\":{\"q\":[{\"x\":null}]}}");
	same_as_jansson("\"\"");
}

static void test_strings(void **state)
{
	(void)state;
	same_as_jansson("\"x\\\"y\\\\z\\n\\t\\b\\f\\r\\u0001\\u001f/中文 ünï\"");
	same_as_jansson("{\"路灯\":\"小区门口到三栋之间的路灯坏了\",\"k\":\"a\\u0000b\\u007f\"}");
}

static void test_not_finite(void **state)
{
	(void)state;
	json_t *j = json_pack("[f]", 1.0);
	json_real_set(json_array_get(j, 0), 1.0 / 0.0);
	size_t n;
	char *got = json_out(j, &n);
	if (got) /* jansson refuses infinities when they are set; either way nothing is sent */
		free(got);
	json_decref(j);
}

/* Strings are scanned eight bytes at a time: a byte to escape at every place of strings
 * of every length up to 40, among ASCII and multi-byte UTF-8. */
static void test_escape_positions(void **state)
{
	(void)state;
	const char *const specials[] = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f"};
	for (size_t len = 1; len <= 40; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
				char s[64];
				for (size_t i = 0; i < len; i++)
					s[i] = (char)(i % 3 ? 'a' + (char)(i % 26) : ' ');
				s[at] = specials[k][0];
				s[len] = 0;
				json_t *j = json_pack("[s, s]", s, "中文路灯坏了很久");
				char *want = json_dumps(j, JSON_COMPACT);
				size_t n;
				char *got = json_out(j, &n);
				assert_string_equal(got, want);
				free(want);
				free(got);
				json_decref(j);
			}
}

/* The writer's own calls give the text jansson gives for the same values. */
static void test_writer(void **state)
{
	(void)state;
	struct jw w;
	jw_init(&w);
	jw_object(&w);
	JW_KEY(&w, "id");
	jw_int(&w, -9223372036854775807LL - 1);
	jw_key(&w, "n\"o");
	jw_id(&w, 0);
	JW_KEY(&w, "list");
	jw_array(&w);
	jw_int(&w, 0);
	jw_str(&w, NULL);
	jw_bool(&w, true);
	jw_real(&w, 22.5);
	jw_array(&w);
	jw_array_end(&w);
	jw_object(&w);
	jw_object_end(&w);
	jw_array_end(&w);
	JW_KEY(&w, "t");
	jw_str(&w, "小区\t");
	jw_object_end(&w);
	size_t n;
	char *got = jw_finish(&w, &n);
	json_t *j = json_pack("{s:I, s:n, s:[i, n, b, f, [], {}], s:s}", "id",
			      (json_int_t)(-9223372036854775807LL - 1), "n\"o", "list", 0, 1, 22.5,
			      "t", "小区\t");
	char *want = json_dumps(j, JSON_COMPACT);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
	free(got);
	free(want);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_not_finite),
	    cmocka_unit_test(test_escape_positions),
	    cmocka_unit_test(test_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
