/* Unit tests of util/: ISO 8601 times and civil dates, the INI/environment configuration,
 * the arena and the error helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/err.h"

static void iso_round_trip(void **state)
{
	(void)state;
	char out[CLOCK_ISO_LEN];
	clock_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	/* 2026-01-01T00:00:00Z is 1767225600 (20454 days after the epoch). */
	clock_iso(1767225600, out);
	assert_string_equal(out, "2026-01-01T00:00:00Z");
	int64_t t;
	assert_int_equal(clock_parse_iso("2026-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 1767225600);
	/* The same instant written in Asia/Shanghai time. */
	assert_int_equal(clock_parse_iso("2026-01-01T08:00:00+08:00", &t), 0);
	assert_int_equal(t, 1767225600);
	assert_int_equal(clock_parse_iso("2026-01-01T00:00:00.250Z", &t), 0);
	assert_int_equal(t, 1767225600);
	/* 2024 is a leap year: Feb 29 exists; 2026 is not. */
	assert_int_equal(clock_parse_iso("2024-02-29T12:00:00Z", &t), 0);
	assert_int_equal(clock_parse_iso("2026-02-29T12:00:00Z", &t), -1);
	assert_int_equal(clock_parse_iso("2026-13-01T00:00:00Z", &t), -1);
	assert_int_equal(clock_parse_iso("2026-01-01 00:00", &t), -1);
	assert_int_equal(clock_parse_iso("2026-01-01T00:00:00", &t), -1);
	assert_int_equal(clock_parse_iso("2026-01-01T24:00:00Z", &t), -1);
}

static void civil_days(void **state)
{
	(void)state;
	assert_int_equal(clock_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(clock_days_from_civil(2000, 3, 1), 11017);
	int y, m, d;
	clock_civil_from_days(11017, &y, &m, &d);
	assert_true(y == 2000 && m == 3 && d == 1);
	clock_civil_from_days(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
}

static void test_clock_moves(void **state)
{
	(void)state;
	int64_t before = clock_now();
	clock_advance(3600);
	assert_true(clock_now() - before >= 3600 && clock_now() - before < 3700);
	clock_set(1767225600);
	assert_true(clock_now() - 1767225600 < 5);
	clock_set(before);
}

static void config_layers(void **state)
{
	(void)state;
	struct config c;
	struct err e;
	config_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.login_max_per_user, 5);
	char path[] = "/tmp/huiyin-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char text[] = "# comment\n[server]\nlisten = 127.0.0.1:9000\ntls = true\n"
			    "[login]\nmax_per_user = 3\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (int)(sizeof text - 1));
	close(fd);
	assert_int_equal(config_load_file(&c, path, true, &e), 0);
	assert_string_equal(c.listen, "127.0.0.1:9000");
	assert_true(c.tls);
	assert_int_equal(c.login_max_per_user, 3);
	/* The environment wins over the file. */
	setenv("HUIYIN_SERVER_LISTEN", "127.0.0.1:9100", 1);
	assert_int_equal(config_load_env(&c, &e), 0);
	assert_string_equal(c.listen, "127.0.0.1:9100");
	unsetenv("HUIYIN_SERVER_LISTEN");
	/* Bad values and unknown keys are refused with the key named. */
	assert_int_equal(config_set(&c, "server.threads", "lots", &e), -1);
	assert_string_equal(e.field, "server.threads");
	assert_int_equal(config_set(&c, "server.nope", "1", &e), -1);
	assert_int_equal(config_set(&c, "server.tls", "maybe", &e), -1);
	unlink(path);
	assert_int_equal(config_load_file(&c, path, false, &e), 0);
	assert_int_equal(config_load_file(&c, path, true, &e), -1);
	char url[CONFIG_PATH_MAX];
	config_db_url(&c, url, sizeof url);
	assert_string_equal(url, "./data/huiyin.db");
}

static void arena_basics(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *s = arena_strdup(&a, "回音");
	assert_string_equal(s, "回音");
	/* A big allocation and many small ones all come back zeroed and usable. */
	unsigned char *big = arena_alloc(&a, 100000);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(big[i], 0);
	for (int i = 0; i < 1000; i++) {
		int *p = arena_alloc(&a, sizeof *p);
		assert_int_equal(*p, 0);
		*p = i;
	}
	assert_string_equal(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
	assert_true(((uintptr_t)arena_alloc(&a, 3) & 15) == 0);
	arena_free(&a);
	arena_free(&a); /* freeing twice is harmless */
}

static int freed;
static void count_free(void *p)
{
	freed += *(int *)p;
}

static void arena_defers(void **state)
{
	(void)state;
	struct arena a;
	int one = 1, two = 2;
	arena_init(&a);
	arena_defer(&a, count_free, &one);
	arena_defer(&a, count_free, &two);
	assert_int_equal(freed, 0);
	arena_free(&a);
	assert_int_equal(freed, 3);
}

static void errors(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(err_invalid(&e, "title", "%s is too long", "title"), -1);
	assert_int_equal(e.status, 400);
	assert_string_equal(e.code, "invalid");
	assert_string_equal(e.field, "title");
	assert_string_equal(e.message, "title is too long");
	err_not_found(&e, "appeal");
	assert_int_equal(e.status, 404);
	assert_null(e.field);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso_round_trip),  cmocka_unit_test(civil_days),
		cmocka_unit_test(test_clock_moves), cmocka_unit_test(config_layers),
		cmocka_unit_test(arena_basics),    cmocka_unit_test(arena_defers),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
