/* mask: masking of names, phone numbers and e-mail addresses for staff views (see mask.h). */
#include "domain/mask.h"
#include "domain/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Output buffer that only ever takes whole pieces: once a piece does not fit, nothing more is
 * written, so the result is a prefix made of whole characters. */
struct obuf {
	char *p;
	size_t cap, n;
	bool full;
};

static bool ob_init(struct obuf *o, char *out, size_t cap)
{
	o->p = out;
	o->cap = cap;
	o->n = 0;
	o->full = !out || !cap;
	if (!o->full)
		out[0] = '\0';
	return !o->full;
}

static void ob_put(struct obuf *o, const void *s, size_t len)
{
	if (o->full)
		return;
	if (o->n + len + 1 > o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->n, s, len);
	o->n += len;
	o->p[o->n] = '\0';
}

static void ob_star(struct obuf *o)
{
	ob_put(o, "*", 1);
}

static bool is_name_sep(uint32_t c)
{
	return c == ' ' || c == '-' || c == '.' || c == '\'' || c == 0x3000 || c == 0xB7 ||
	       c == 0x2022 || c == 0x2027 || c == 0x30FB;
}

static bool is_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36F) || (c >= 0xFE00 && c <= 0xFE0F);
}

/* Writes s[0, len) (len SIZE_MAX: up to the NUL) masked: the first character is kept unless
 * mask_first, every later one becomes '*', name separators are kept if keep_seps. */
static void mask_chars(struct obuf *o, const char *s, size_t len, bool mask_first, bool keep_seps)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = len == SIZE_MAX ? NULL : p + len;
	bool first = true, prev_kept = false;
	uint32_t c;
	size_t n;
	while ((!end || p < end) && (n = utf8_next(p, &c))) {
		if (end && n > (size_t)(end - p))
			n = (size_t)(end - p); /* cannot happen for a cut at an ASCII '@' */
		if (c == BAD_CP) {
			ob_star(o);
			prev_kept = false;
		} else if (is_combining(c) && !first) {
			if (prev_kept)
				ob_put(o, p, n);
		} else if (first ? !mask_first : keep_seps && is_name_sep(c)) {
			ob_put(o, p, n);
			prev_kept = true;
		} else {
			ob_star(o);
			prev_kept = false;
		}
		first = false;
		p += n;
	}
}

/* Copies s, writing each invalid byte as '*'. */
static void copy_valid(struct obuf *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t n;
	while ((n = utf8_next(p, &c))) {
		if (c == BAD_CP)
			ob_star(o);
		else
			ob_put(o, p, n);
		p += n;
	}
}

void mask_name(const char *name, char *out, size_t cap)
{
	struct obuf o;
	if (!ob_init(&o, out, cap) || !name)
		return;
	mask_chars(&o, name, SIZE_MAX, false, true);
}

/* A digit of a phone number (ASCII or full-width): its value 0-9, or -1. */
static int phone_digit(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

static bool is_phone_punct(uint32_t c)
{
	return c == '+' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == ' ';
}

void mask_phone(const char *phone, char *out, size_t cap)
{
	struct obuf o;
	if (!ob_init(&o, out, cap) || !phone)
		return;
	const unsigned char *p = (const unsigned char *)phone;
	uint32_t c;
	size_t n, total = 0;
	char head[5] = {0}; /* first four digits */
	int plus = -1;      /* '+' seen before the first digit: 1, else 0 */
	for (const unsigned char *q = p; (n = utf8_next(q, &c)); q += n) {
		int d = phone_digit(c);
		if (d < 0) {
			if (c == '+' && plus < 0)
				plus = 1;
			continue;
		}
		if (plus < 0)
			plus = 0;
		if (total < 4)
			head[total] = (char)('0' + d);
		total++;
	}
	size_t cc = 0; /* country code digits, kept */
	if (plus == 1 && !strncmp(head, "86", 2))
		cc = 2;
	else if (!strcmp(head, "0086"))
		cc = 4;
	else if (total == 13 && !strncmp(head, "861", 3))
		cc = 2;
	size_t m = total - cc, keep_head, keep_tail, i = 0;
	int first = -1; /* first national digit */
	for (const unsigned char *q = p; first < 0 && (n = utf8_next(q, &c)); q += n) {
		int d = phone_digit(c);
		if (d >= 0 && i++ == cc)
			first = d;
	}
	if (m == 11 && first == 1) {
		keep_head = 3;
		keep_tail = 4;
	} else if (m >= 7) {
		keep_head = 3;
		keep_tail = 2;
	} else if (m >= 2) {
		keep_head = 0;
		keep_tail = 1;
	} else {
		keep_head = 0;
		keep_tail = 0;
	}
	i = 0;
	for (; (n = utf8_next(p, &c)); p += n) {
		int d = phone_digit(c);
		if (d >= 0) {
			size_t k = i++;
			bool show = k < cc || k - cc < keep_head || k - cc >= m - keep_tail;
			char ch = show ? (char)('0' + d) : '*';
			ob_put(&o, &ch, 1);
		} else if (is_phone_punct(c)) {
			ob_put(&o, p, n);
		} else {
			ob_star(&o);
		}
	}
}

void mask_email(const char *email, char *out, size_t cap)
{
	struct obuf o;
	if (!ob_init(&o, out, cap) || !email)
		return;
	const char *at = strrchr(email, '@');
	if (!at) {
		mask_chars(&o, email, SIZE_MAX, false, true);
		return;
	}
	size_t local = (size_t)(at - email);
	/* One character: mask it too. Count characters, not bytes. */
	const unsigned char *p = (const unsigned char *)email;
	uint32_t c;
	size_t n = utf8_next(p, &c);
	bool one = local > 0 && n >= local;
	mask_chars(&o, email, local, one, false);
	copy_valid(&o, at);
}
