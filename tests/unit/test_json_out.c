/* json_out writes exactly what json_dumps(j, JSON_COMPACT) writes, only faster. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_not_finite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
