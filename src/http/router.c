/* router: matching a request against the route table (see router.h). Patterns are few and
 * short, so a linear scan with segment-by-segment comparison is fast enough and simple. */
#include "http/router.h"
#include "util/n_of.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int method;
	const char *name;
} methods[] = {{M_GET, "GET"}, {M_POST, "POST"}, {M_PUT, "PUT"}, {M_PATCH, "PATCH"},
	       {M_DELETE, "DELETE"}};

int router_method(const char *name)
{
	for (size_t i = 0; i < (size_t)N_OF(methods); i++)
		if (!strcmp(methods[i].name, name))
			return methods[i].method;
	if (!strcmp(name, "HEAD"))
		return M_GET;
	return 0;
}

void router_allow_header(int mask, char *out, size_t cap)
{
	out[0] = 0;
	for (size_t i = 0; i < (size_t)N_OF(methods); i++) {
		if (!(mask & methods[i].method))
			continue;
		size_t n = strlen(out);
		snprintf(out + n, cap - n, "%s%s", n ? ", " : "", methods[i].name);
	}
}

enum intake_counter router_counter(const struct route *rt)
{
	if (rt->flags & R_LIMIT_SUBMIT)
		return INTAKE_SUBMIT;
	if (rt->flags & R_LIMIT_NEED)
		return INTAKE_NEED;
	if (rt->flags & R_LIMIT_UPLOAD)
		return INTAKE_UPLOAD;
	return INTAKE_NO_LIMIT;
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* Matches path against pattern; {id} segments must be positive integers, stored in ids;
 * {key} segments are stored as (start, length) pairs in keys. */
static int match(const char *pattern, const char *path, int64_t *ids, int *n_ids,
		 const char **keys, int *key_lens, int *n_keys)
{
	const char *p = pattern, *s = path;
	int n = 0, nk = 0;
	while (*p && *s) {
		/* Literal characters first: most patterns fail at their first differing one. */
		if (*p != '{') {
			if (*p != *s)
				return 0;
			p++;
			s++;
			continue;
		}
		if (!strncmp(p, "{key}", 5)) {
			int len = 0;
			while (key_char(s[len]) && len <= 128)
				len++;
			if (len == 0 || len > 128 || nk == REQ_MAX_IDS || (s[len] && s[len] != '/'))
				return 0;
			keys[nk] = s;
			key_lens[nk++] = len;
			s += len;
			p += 5;
			continue;
		}
		if (!strncmp(p, "{id}", 4)) {
			char *end;
			if (*s < '1' || *s > '9')
				return 0;
			long long v = strtoll(s, &end, 10);
			if (v <= 0 || n == REQ_MAX_IDS || (*end && *end != '/'))
				return 0;
			ids[n++] = v;
			s = end;
			p += 4;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	*n_ids = n;
	*n_keys = nk;
	return 1;
}

const struct route *router_match(int method, const char *path, struct req *r, int *allowed)
{
	*allowed = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		int64_t ids[REQ_MAX_IDS];
		const char *keys[REQ_MAX_IDS];
		int key_lens[REQ_MAX_IDS], n_ids, n_keys;
		if (!match(rt->pattern, path, ids, &n_ids, keys, key_lens, &n_keys))
			continue;
		if ((rt->flags & R_TEST) && !r->app->cfg.test_clock)
			continue;
		if (rt->method != method) {
			*allowed |= rt->method;
			continue;
		}
		memcpy(r->ids, ids, sizeof ids);
		r->n_ids = n_ids;
		for (int k = 0; k < n_keys; k++)
			r->keys[k] = arena_strndup(&r->arena, keys[k], (size_t)key_lens[k]);
		r->n_keys = n_keys;
		return rt;
	}
	return NULL;
}
