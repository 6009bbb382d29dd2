/* jsonw: compact JSON text written straight into a buffer (see jsonw.h). */
#include "util/jsonw.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(struct jw *w, size_t more)
{
	if (w->len + more <= w->cap)
		return;
	size_t cap = w->cap * 2;
	if (cap < w->len + more)
		cap = w->len + more;
	w->p = xrealloc(w->p, cap);
	w->cap = cap;
}

static void put(struct jw *w, const char *s, size_t n)
{
	grow(w, n);
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

static void put_c(struct jw *w, char c)
{
	grow(w, 1);
	w->p[w->len++] = c;
}

/* Before a value or a key: the comma that separates it from the one before. */
static void sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->has_items[w->depth])
		put_c(w, ',');
	w->has_items[w->depth] = true;
}

void jw_init(struct jw *w)
{
	memset(w, 0, sizeof *w);
	w->cap = 1024;
	w->p = xmalloc(w->cap);
}

char *jw_finish(struct jw *w, size_t *len)
{
	if (w->failed || w->depth) {
		jw_free(w);
		return NULL;
	}
	put_c(w, 0);
	*len = w->len - 1;
	char *p = w->p;
	w->p = NULL;
	jw_free(w);
	return p;
}

void jw_free(struct jw *w)
{
	free(w->p);
	memset(w, 0, sizeof *w);
}

static void open_c(struct jw *w, char c)
{
	sep(w);
	put_c(w, c);
	if (w->depth == JW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->has_items[++w->depth] = false;
}

static void close_c(struct jw *w, char c)
{
	put_c(w, c);
	if (w->depth > 0)
		w->depth--;
}

void jw_object(struct jw *w)
{
	open_c(w, '{');
}

void jw_object_end(struct jw *w)
{
	close_c(w, '}');
}

void jw_array(struct jw *w)
{
	open_c(w, '[');
}

void jw_array_end(struct jw *w)
{
	close_c(w, ']');
}

/* Bytes that cannot stand as they are in a JSON string: control characters, '"', '\'. */
static const unsigned char must_escape[256] = {
    [0 ... 0x1f] = 1,
    ['"'] = 1,
    ['\\'] = 1,
};

/* The end of the run of bytes from s[i] on that stand as they are: eight at a time (a
 * byte below 0x20, '"' or '\\' sets the high bit of its lane), then one at a time. */
static size_t plain_run(const char *s, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (i + 8 <= n) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		uint64_t quote = v ^ (ones * '"'), bslash = v ^ (ones * '\\');
		if (((v - ones * 0x20) | (quote - ones) | (bslash - ones)) & ~v & highs)
			break;
		i += 8;
	}
	while (i < n && !must_escape[(unsigned char)s[i]])
		i++;
	return i;
}

static void put_string(struct jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	grow(w, n + 2);
	w->p[w->len++] = '"';
	size_t i = 0;
	while (i < n) {
		size_t run = plain_run(s, i, n);
		put(w, s + i, run - i);
		if (run == n)
			break;
		unsigned char c = (unsigned char)s[run];
		char esc[6] = {'\\', 0};
		size_t k = 2;
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			esc[1] = 'u';
			put(w, esc, 2);
			char u[4] = {'0', '0', hex[c >> 4], hex[c & 15]};
			put(w, u, 4);
			k = 0;
		}
		if (k)
			put(w, esc, k);
		i = run + 1;
	}
	put_c(w, '"');
}

void jw_key(struct jw *w, const char *key)
{
	sep(w);
	put_string(w, key, strlen(key));
	put_c(w, ':');
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	sep(w);
	put_string(w, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

void jw_key_quoted(struct jw *w, const char *quoted, size_t n)
{
	sep(w);
	put(w, quoted, n);
	w->after_key = true;
}

void jw_int(struct jw *w, int64_t v)
{
	char num[24], *p = num + sizeof num;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sep(w);
	put(w, p, (size_t)(num + sizeof num - p));
}

void jw_id(struct jw *w, int64_t id)
{
	if (id)
		jw_int(w, id);
	else
		jw_null(w);
}

void jw_real(struct jw *w, double v)
{
	sep(w);
	if (!isfinite(v)) {
		w->failed = true;
		return;
	}
	char num[48];
	snprintf(num, sizeof num, "%.17g", v);
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
	}
	put(w, num, strlen(num));
	/* jansson writes 1.0, not 1, so the value reads back as a real */
	if (!strpbrk(num, ".e"))
		put(w, ".0", 2);
}

void jw_bool(struct jw *w, bool v)
{
	sep(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jw_null(struct jw *w)
{
	sep(w);
	put(w, "null", 4);
}

void jw_json(struct jw *w, const json_t *j)
{
	if (!j) {
		jw_null(w);
		return;
	}
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		jw_object(w);
		for (void *it = json_object_iter((json_t *)j); it;
		     it = json_object_iter_next((json_t *)j, it)) {
			jw_key(w, json_object_iter_key(it));
			jw_json(w, json_object_iter_value(it));
		}
		jw_object_end(w);
		return;
	case JSON_ARRAY: {
		jw_array(w);
		size_t size = json_array_size(j);
		for (size_t i = 0; i < size; i++)
			jw_json(w, json_array_get(j, i));
		jw_array_end(w);
		return;
	}
	case JSON_STRING:
		jw_strn(w, json_string_value(j), json_string_length(j));
		return;
	case JSON_INTEGER:
		jw_int(w, json_integer_value(j));
		return;
	case JSON_REAL:
		jw_real(w, json_real_value(j));
		return;
	case JSON_TRUE:
		jw_bool(w, true);
		return;
	case JSON_FALSE:
		jw_bool(w, false);
		return;
	case JSON_NULL:
		jw_null(w);
		return;
	}
	w->failed = true;
}

static char *dumps_in(struct arena *a, const json_t *v, size_t flags)
{
	char *text = v ? json_dumps(v, flags) : NULL;
	if (text)
		arena_defer(a, free, text);
	return text;
}

char *canonical_json(struct arena *a, const json_t *v)
{
	return dumps_in(a, v, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
}

char *jw_text(struct arena *a, const json_t *v)
{
	return dumps_in(a, v, JSON_COMPACT | JSON_ENCODE_ANY);
}
