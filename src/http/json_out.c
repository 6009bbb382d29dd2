/* json_out: a fast compact JSON writer for jansson values (see json_out.h). */
#include "http/json_out.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char *p;
	size_t len, cap;
};

static void grow(struct buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	size_t cap = b->cap * 2;
	if (cap < b->len + more)
		cap = b->len + more;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void put(struct buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void put_c(struct buf *b, char c)
{
	grow(b, 1);
	b->p[b->len++] = c;
}

/* Bytes that cannot stand as they are in a JSON string: control characters, '"', '\'. */
static const unsigned char must_escape[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

static void put_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	grow(b, n + 2);
	b->p[b->len++] = '"';
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && !must_escape[(unsigned char)s[run]])
			run++;
		put(b, s + i, run - i);
		if (run == n)
			break;
		unsigned char c = (unsigned char)s[run];
		char esc[6] = {'\\', 0};
		size_t k = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			put(b, esc, 2);
			char u[4] = {'0', '0', hex[c >> 4], hex[c & 15]};
			put(b, u, 4);
			k = 0;
		}
		if (k)
			put(b, esc, k);
		i = run + 1;
	}
	put_c(b, '"');
}

static int put_value(struct buf *b, const json_t *j)
{
	char num[48];
	int n;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		put_c(b, '{');
		int first = 1;
		for (void *it = json_object_iter((json_t *)j); it;
		     it = json_object_iter_next((json_t *)j, it)) {
			if (!first)
				put_c(b, ',');
			first = 0;
			const char *key = json_object_iter_key(it);
			put_string(b, key, strlen(key));
			put_c(b, ':');
			if (put_value(b, json_object_iter_value(it)))
				return -1;
		}
		put_c(b, '}');
		return 0;
	}
	case JSON_ARRAY: {
		put_c(b, '[');
		size_t size = json_array_size(j);
		for (size_t i = 0; i < size; i++) {
			if (i)
				put_c(b, ',');
			if (put_value(b, json_array_get(j, i)))
				return -1;
		}
		put_c(b, ']');
		return 0;
	}
	case JSON_STRING:
		put_string(b, json_string_value(j), json_string_length(j));
		return 0;
	case JSON_INTEGER:
		n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		put(b, num, (size_t)n);
		return 0;
	case JSON_REAL: {
		double v = json_real_value(j);
		if (!isfinite(v))
			return -1;
		n = snprintf(num, sizeof num, "%.17g", v);
		/* As jansson: "1e20", not "1e+20" nor "1e+020". */
		char *e = strchr(num, 'e');
		if (e) {
			char *d = e + 1, *from = e + 1;
			if (*from == '-')
				*d++ = *from++;
			else if (*from == '+')
				from++;
			while (*from == '0' && from[1])
				from++;
			memmove(d, from, strlen(from) + 1);
			n = (int)strlen(num);
		}
		put(b, num, (size_t)n);
		/* jansson writes 1.0, not 1, so the value reads back as a real */
		if (!strpbrk(num, ".e"))
			put(b, ".0", 2);
		return 0;
	}
	case JSON_TRUE:
		put(b, "true", 4);
		return 0;
	case JSON_FALSE:
		put(b, "false", 5);
		return 0;
	case JSON_NULL:
		put(b, "null", 4);
		return 0;
	}
	return -1;
}

char *json_out(const json_t *j, size_t *len)
{
	struct buf b = {xmalloc(1024), 0, 1024};
	if (put_value(&b, j)) {
		free(b.p);
		return NULL;
	}
	put_c(&b, 0);
	*len = b.len - 1;
	return b.p;
}
