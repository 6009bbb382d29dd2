/* evdata: event data built from plain fields and written as canonical JSON (see
 * evdata.h). A builder wraps a jansson object; the root's reference is released with its
 * arena, and nested builders borrow from it. */
#include "store/evdata.h"
#include "util/arena.h"
#include "util/jsonw.h"

#include <assert.h>
#include <jansson.h>
#include <stdlib.h>

struct evdata {
	json_t *j;       /* an object; the root's reference is the arena's */
	struct arena *a; /* where the builder, its children and its text live */
};

static void release(void *p)
{
	json_decref(p);
}

static struct evdata *wrap(struct arena *a, json_t *j)
{
	struct evdata *d = arena_alloc(a, sizeof *d);
	d->j = j;
	d->a = a;
	return d;
}

struct evdata *evdata_new(struct arena *a)
{
	assert(a);
	json_t *j = json_object();
	arena_defer(a, release, j);
	return wrap(a, j);
}

struct evdata *evdata_wrap(struct arena *a, json_t *j)
{
	assert(a);
	if (j) {
		json_incref(j);
		arena_defer(a, release, j);
	}
	return wrap(a, j);
}

/* json_object_set_new takes v's reference and ignores a NULL v (an invalid string). */
static void set(struct evdata *d, const char *key, json_t *v)
{
	assert(d && key);
	json_object_set_new(d->j, key, v);
}

void evdata_str(struct evdata *d, const char *key, const char *v)
{
	if (v)
		set(d, key, json_string(v));
}

void evdata_str_or_null(struct evdata *d, const char *key, const char *v)
{
	set(d, key, v ? json_string(v) : json_null());
}

void evdata_int(struct evdata *d, const char *key, int64_t v)
{
	set(d, key, json_integer(v));
}

void evdata_bool(struct evdata *d, const char *key, bool v)
{
	set(d, key, json_boolean(v));
}

void evdata_ids(struct evdata *d, const char *key, const int64_t *ids, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(ids[i]));
	set(d, key, arr);
}

struct evdata *evdata_object(struct evdata *d, const char *key)
{
	json_t *o = json_object();
	set(d, key, o);
	return wrap(d->a, o);
}

struct evdata *evdata_append(struct evdata *d, const char *key)
{
	assert(d && key);
	json_t *arr = json_object_get(d->j, key);
	if (!json_is_array(arr)) {
		arr = json_array();
		set(d, key, arr);
	}
	json_t *o = json_object();
	json_array_append_new(arr, o);
	return wrap(d->a, o);
}

void evdata_changes(struct evdata *d, const char *key, const struct evdata *before,
                    const struct evdata *after)
{
	assert(before && after);
	json_t *changes = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(after->j, k, v)
	{
		if (!json_equal(v, json_object_get(before->j, k)))
			json_object_set(changes, k, v);
	}
	set(d, key, changes);
}

int evdata_size(const struct evdata *d)
{
	assert(d);
	return (int)json_object_size(d->j);
}

const char *evdata_text(const struct evdata *d)
{
	assert(d);
	return canonical_json(d->a, d->j);
}
