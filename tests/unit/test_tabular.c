/* Unit tests of util/tabular's CSV writer: the byte-order mark and header, RFC 4180
 * quoting, CRLF line ends, the apostrophe before what a spreadsheet would run as a formula,
 * times shown in Asia/Shanghai, days as they are, percentages, blanks, and that each page
 * of text can be taken and cleared (the streaming of an export). The xlsx writer is read
 * back by a real reader in tests/api/exports.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/tabular.h"

static const struct tab_column cols[] = {
	{"id", "编号", TAB_INT, 8},
	{"title", "标题", TAB_TEXT, 30},
	{"at", "时间", TAB_DATETIME, 17},
	{"day", "日期", TAB_DATE, 12},
	{"rate", "比率", TAB_PERCENT, 8},
};
static const struct tab_table table = {"测试", cols, 5};

static void expect_text(struct tab_writer *w, const char *want)
{
	size_t len;
	const char *got = tab_csv_text(w, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(got, want, len);
}

static void header_and_quoting(void **state)
{
	(void)state;
	struct tab_writer *w = tab_csv_new();
	tab_begin(w, &table);
	expect_text(w, "\xEF\xBB\xBF编号,标题,时间,日期,比率\r\n");
	tab_csv_clear(w);
	tab_int(w, 7);
	tab_text(w, "关于\"路灯\",噪音\n第二行");
	tab_time(w, "2026-09-16T18:30:05Z"); /* 02:30:05 the next day in Shanghai */
	tab_time(w, "2026-09-30");
	tab_percent(w, 0.8571);
	expect_text(w, "7,\"关于\"\"路灯\"\",噪音\n第二行\",2026-09-17 02:30:05,2026-09-30,85.7%\r\n");
	assert_int_equal(tab_rows(w), 1);
	tab_free(w);
}

static void formulas_blanks_and_bad_times(void **state)
{
	(void)state;
	struct tab_writer *w = tab_csv_new();
	tab_begin(w, &table);
	tab_csv_clear(w);
	tab_blank(w);
	tab_text(w, "=1+2");
	tab_time(w, "not a time");
	tab_time(w, NULL);
	tab_percent(w, 0.0 / 0.0);
	tab_int(w, -3);
	tab_text(w, "@x,y");
	tab_time(w, "2026-01-01T00:00:00Z");
	tab_time(w, "2026-13-01");
	tab_blank(w);
	expect_text(w, ",'=1+2,,,\r\n-3,\"'@x,y\",2026-01-01 08:00:00,,\r\n");
	assert_int_equal(tab_rows(w), 2);
	assert_int_equal(tab_finish(w, NULL), 0);
	tab_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_and_quoting),
		cmocka_unit_test(formulas_blanks_and_bad_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
