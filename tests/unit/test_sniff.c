/*
 * test_sniff.c - unit tests of domain/sniff: the four accepted file types recognised by their
 * magic bytes, files that claim another type (a PDF labelled image/jpeg, a shell script
 * labelled image/png), headers cut short, and the comparison with a declared Content-Type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/sniff.h"

#define B(s) ((const uint8_t *)(s)), (sizeof(s) - 1)

static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00";
static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
static const char webp[] = "RIFF\x24\x00\x00\x00WEBPVP8 ";
static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
static const char script[] = "#!/bin/sh\nrm -rf /\n";

static void recognised(void **state)
{
	(void)state;
	assert_string_equal(sniff_type(B(jpeg)), "image/jpeg");
	assert_string_equal(sniff_type(B(png)), "image/png");
	assert_string_equal(sniff_type(B(webp)), "image/webp");
	assert_string_equal(sniff_type(B(pdf)), "application/pdf");
	/* Exactly the magic, nothing after it, is enough. */
	assert_string_equal(sniff_type(B("\xff\xd8\xff")), "image/jpeg");
	assert_string_equal(sniff_type(B("\x89PNG\r\n\x1a\n")), "image/png");
	assert_string_equal(sniff_type(B("RIFF\0\0\0\0WEBP")), "image/webp");
	assert_string_equal(sniff_type(B("%PDF-")), "application/pdf");
}

static void refused(void **state)
{
	(void)state;
	assert_null(sniff_type(B(script)));
	assert_null(sniff_type(B("<html><script>alert(1)</script>")));
	assert_null(sniff_type(B("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")));
	assert_null(sniff_type(B("GIF89a\x01\x00\x01\x00")));
	assert_null(sniff_type(B("PK\x03\x04")));       /* zip, docx */
	assert_null(sniff_type(B("RIFF\0\0\0\0WAVE"))); /* RIFF, but not a WebP */
	assert_null(sniff_type(B("%PDF")));             /* no dash */
	assert_null(sniff_type(B(" %PDF-1.4")));        /* magic not at the start */
	assert_null(sniff_type(B("\xff\xd8\xfe")));
	/* A PNG signature with one byte changed (the line-ending check bytes). */
	assert_null(sniff_type(B("\x89PNG\n\r\x1a\n")));
}

static void truncated(void **state)
{
	(void)state;
	assert_null(sniff_type(NULL, 0));
	assert_null(sniff_type(NULL, 100)); /* no bytes, whatever the length says */
	assert_null(sniff_type(B("")));
	/* Every strict prefix of a magic is too short. */
	static const char *const magics[] = {"\xff\xd8\xff", "\x89PNG\r\n\x1a\n", "%PDF-",
					     "RIFF\x10\x00\x00\x00WEBP"};
	static const size_t lens[] = {3, 8, 5, 12};
	for (int i = 0; i < 4; i++)
		for (size_t n = 0; n < lens[i]; n++)
			assert_null(sniff_type((const uint8_t *)magics[i], n));
	/* The length counts, not a NUL: the same bytes cut by n are not recognised. */
	assert_null(sniff_type((const uint8_t *)jpeg, 2));
	assert_string_equal(sniff_type((const uint8_t *)jpeg, 3), "image/jpeg");
}

static void declared_types(void **state)
{
	(void)state;
	assert_true(sniff_type_agrees("image/png", "image/png"));
	assert_true(sniff_type_agrees("IMAGE/PNG", "image/png"));
	assert_true(sniff_type_agrees(" image/jpeg ; charset=binary", "image/jpeg"));
	assert_true(sniff_type_agrees("image/jpg", "image/jpeg"));
	assert_true(sniff_type_agrees("application/pdf", "application/pdf"));
	assert_true(sniff_type_agrees("image/webp", "image/webp"));
	assert_false(sniff_type_agrees("image/jpg", "image/png"));
	assert_false(sniff_type_agrees("image/pngx", "image/png"));
	assert_false(sniff_type_agrees("image/pn", "image/png"));
	assert_false(sniff_type_agrees("", "image/png"));
	assert_false(sniff_type_agrees("application/octet-stream", "application/pdf"));
	assert_false(sniff_type_agrees(NULL, "image/png"));
	assert_false(sniff_type_agrees("image/png", NULL));
}

/* The cases the upload endpoint refuses: content and label disagree. */
static void mislabelled(void **state)
{
	(void)state;
	/* A PDF sent as image/jpeg. */
	const char *t = sniff_type(B(pdf));
	assert_string_equal(t, "application/pdf");
	assert_false(sniff_type_agrees("image/jpeg", t));
	/* A shell script sent as image/png: not a type at all. */
	t = sniff_type(B(script));
	assert_null(t);
	assert_false(sniff_type_agrees("image/png", t));
	/* A PNG sent as image/jpeg. */
	assert_false(sniff_type_agrees("image/jpeg", sniff_type(B(png))));
	/* A JPEG labelled with the right type passes. */
	assert_true(sniff_type_agrees("image/jpeg", sniff_type(B(jpeg))));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(recognised),  cmocka_unit_test(refused),
	    cmocka_unit_test(truncated),   cmocka_unit_test(declared_types),
	    cmocka_unit_test(mislabelled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
