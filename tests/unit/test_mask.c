/*
 * test_mask.c - unit tests of domain/mask: masked names, phone numbers and e-mail addresses
 * as staff see them, including cuts into small buffers (always NUL-terminated, never half a
 * UTF-8 character). Byte counts in comments count 3 bytes for each CJK character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/mask.h"

typedef void (*mask_fn)(const char *, char *, size_t);

/* f(in) into a roomy buffer. */
static const char *m(mask_fn f, const char *in)
{
	static char buf[256];
	memset(buf, 'x', sizeof buf);
	f(in, buf, sizeof buf);
	return buf;
}

/* f(in) into exactly cap bytes, checking that nothing after them is touched. */
static const char *mcap(mask_fn f, const char *in, size_t cap)
{
	static char buf[256];
	memset(buf, 'x', sizeof buf);
	f(in, buf, cap);
	assert_int_equal(buf[cap], 'x');
	return buf;
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(m(mask_name, "张三"), "张*");
	assert_string_equal(m(mask_name, "欧阳娜娜"), "欧***");
	assert_string_equal(m(mask_name, "王"), "王");
	assert_string_equal(m(mask_name, "Li Lei"), "L* ***");
	assert_string_equal(m(mask_name, "Jean-Luc O'Neil"), "J***-*** *'****");
	/* Separators of transliterated names stay: middle dot U+00B7 and Katakana ・. */
	assert_string_equal(m(mask_name, "阿依·古丽"), "阿*·**");
	assert_string_equal(m(mask_name, "买买提・艾力"), "买**・**");
	assert_string_equal(m(mask_name, "𠮷田"), "𠮷*"); /* 4-byte first character */
	assert_string_equal(m(mask_name, "😀😀"), "😀*");
	assert_string_equal(m(mask_name, ""), "");
	assert_string_equal(m(mask_name, NULL), "");
}

static void names_odd_input(void **state)
{
	(void)state;
	/* Invalid bytes count as characters and are never copied, not even the first. */
	assert_string_equal(m(mask_name, "\xff三"), "**");
	assert_string_equal(m(mask_name, "张\xe4\xb8"), "张**");
	/* Combining marks follow their base: e + U+0301 kept, a + U+0301 masked with its a. */
	assert_string_equal(m(mask_name, "e\xcc\x81va"), "e\xcc\x81**");
	assert_string_equal(m(mask_name, "Zoe\xcc\x81"), "Z**");
}

static void names_truncated(void **state)
{
	(void)state;
	/* "欧***" is 3 + 3 = 6 bytes. */
	assert_string_equal(mcap(mask_name, "欧阳娜娜", 7), "欧***");
	assert_string_equal(mcap(mask_name, "欧阳娜娜", 6), "欧**");
	assert_string_equal(mcap(mask_name, "欧阳娜娜", 4), "欧");
	/* 欧 needs 3 bytes and the NUL 1: it does not fit into 3, and is never split. */
	assert_string_equal(mcap(mask_name, "欧阳娜娜", 3), "");
	assert_string_equal(mcap(mask_name, "欧阳娜娜", 1), "");
	assert_string_equal(mcap(mask_name, "𠮷田", 4), "");
	assert_string_equal(mcap(mask_name, "𠮷田", 5), "𠮷");
	/* cap 0 and NULL out write nothing. */
	char one = 'x';
	mask_name("张三", &one, 0);
	assert_int_equal(one, 'x');
	mask_name("张三", NULL, 10);
}

static void phones(void **state)
{
	(void)state;
	/* Mainland mobile: first 3, last 4. */
	assert_string_equal(m(mask_phone, "13812345678"), "138****5678");
	assert_string_equal(m(mask_phone, "138 1234 5678"), "138 **** 5678");
	/* Country code 86 is kept and not counted. */
	assert_string_equal(m(mask_phone, "+86 138-1234-5678"), "+86 138-****-5678");
	assert_string_equal(m(mask_phone, "+8613812345678"), "+86138****5678");
	assert_string_equal(m(mask_phone, "008613812345678"), "0086138****5678");
	assert_string_equal(m(mask_phone, "8613812345678"), "86138****5678");
	/* Landline 0752-2345678, 11 digits not starting with 1: first 3, last 2. */
	assert_string_equal(m(mask_phone, "0752-2345678"), "075*-*****78");
	assert_string_equal(m(mask_phone, "(0752) 2345678"), "(075*) *****78");
	/* 10 digits: 3 and 2. Exactly 7: 3 and 2, two hidden. */
	assert_string_equal(m(mask_phone, "1380013800"), "138*****00");
	assert_string_equal(m(mask_phone, "2345678"), "234**78");
	/* Hong Kong +852 9123 4567: no 86, 11 digits starting with 8: first 3, last 2. */
	assert_string_equal(m(mask_phone, "+852 9123 4567"), "+852 **** **67");
	/* Short numbers: only the last digit; one digit alone is masked. */
	assert_string_equal(m(mask_phone, "123456"), "*****6");
	assert_string_equal(m(mask_phone, "12345"), "****5");
	assert_string_equal(m(mask_phone, "12"), "*2");
	assert_string_equal(m(mask_phone, "7"), "*");
	assert_string_equal(m(mask_phone, ""), "");
	assert_string_equal(m(mask_phone, NULL), "");
}

static void phones_odd_input(void **state)
{
	(void)state;
	/* Full-width digits count and come out as ASCII. */
	assert_string_equal(m(mask_phone, "１３８１２３４５６７８"), "138****5678");
	/* Other characters become one '*' each: 0752-2345678转12 has 13 digits, 3 and 2 kept. */
	assert_string_equal(m(mask_phone, "0752-2345678转12"), "075*-********12");
	assert_string_equal(m(mask_phone, "tel:123"), "******3"); /* ':' is not phone punctuation */
	assert_string_equal(m(mask_phone, "\xff"
	                                  "12"),
	                    "**2");
	/* Only "+86" leading the number is a country code. */
	assert_string_equal(m(mask_phone, "138+86"), "***+*6");
	assert_string_equal(m(mask_phone, "+86"), "+86");
}

static void phones_truncated(void **state)
{
	(void)state;
	assert_string_equal(mcap(mask_phone, "13812345678", 12), "138****5678");
	assert_string_equal(mcap(mask_phone, "13812345678", 11), "138****567");
	assert_string_equal(mcap(mask_phone, "13812345678", 5), "138*");
	assert_string_equal(mcap(mask_phone, "13812345678", 1), "");
	char one = 'x';
	mask_phone("13812345678", &one, 0);
	assert_int_equal(one, 'x');
}

static void emails(void **state)
{
	(void)state;
	assert_string_equal(m(mask_email, "abc@example.com"), "a**@example.com");
	assert_string_equal(m(mask_email, "a@example.com"), "*@example.com");
	assert_string_equal(m(mask_email, "@example.com"), "@example.com");
	/* No separators kept in the local part. */
	assert_string_equal(m(mask_email, "zhang.san@x.cn"), "z********@x.cn");
	assert_string_equal(m(mask_email, "张三@例子.中国"), "张*@例子.中国");
	assert_string_equal(m(mask_email, "张@x.cn"), "*@x.cn");
	/* The last '@' splits. */
	assert_string_equal(m(mask_email, "a@b@c.com"), "a**@c.com");
	/* No '@': masked like a name. */
	assert_string_equal(m(mask_email, "zhangsan"), "z*******");
	assert_string_equal(m(mask_email, "Li Lei"), "L* ***");
	assert_string_equal(m(mask_email, ""), "");
	assert_string_equal(m(mask_email, NULL), "");
	/* Invalid bytes: a one-byte local part, and one in the domain, become '*'. */
	assert_string_equal(m(mask_email, "\xff@x.cn"), "*@x.cn");
	assert_string_equal(m(mask_email, "ab@x\xff.cn"), "a*@x*.cn");
}

static void emails_truncated(void **state)
{
	(void)state;
	/* "a**@example.com" is 15 bytes. */
	assert_string_equal(mcap(mask_email, "abc@example.com", 16), "a**@example.com");
	assert_string_equal(mcap(mask_email, "abc@example.com", 15), "a**@example.co");
	assert_string_equal(mcap(mask_email, "abc@example.com", 8), "a**@exa");
	assert_string_equal(mcap(mask_email, "abc@example.com", 2), "a");
	/* "张*@例子.中国": 张 3, * 1, @ 1, 例 3 = 8 bytes + NUL fit 9; with 8 例 goes. */
	assert_string_equal(mcap(mask_email, "张三@例子.中国", 9), "张*@例");
	assert_string_equal(mcap(mask_email, "张三@例子.中国", 8), "张*@");
	assert_string_equal(mcap(mask_email, "张三@例子.中国", 3), "");
	char one = 'x';
	mask_email("a@b.cn", &one, 0);
	assert_int_equal(one, 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names),
	    cmocka_unit_test(names_odd_input),
	    cmocka_unit_test(names_truncated),
	    cmocka_unit_test(phones),
	    cmocka_unit_test(phones_odd_input),
	    cmocka_unit_test(phones_truncated),
	    cmocka_unit_test(emails),
	    cmocka_unit_test(emails_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
