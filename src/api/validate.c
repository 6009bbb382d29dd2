/* validate: the table-driven validator (see validate.h). */
#include "api/validate.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "util/clock.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static bool has_control(const char *s, bool text)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0x7f || (c < 0x20 && !(text && (c == '\n' || c == '\t' || c == '\r'))))
			return true;
	}
	return false;
}

static int check_string(struct req *r, const struct vfield *f, const char *s)
{
	size_t len = blank(s) ? 0 : utf8_length(s);
	if (has_control(s, f->type == V_TEXT))
		return err_invalid(&r->err, f->name, "%s must not contain control characters",
				   f->name);
	if ((int64_t)len < f->min)
		return err_invalid(&r->err, f->name,
				   f->min <= 1 ? "%s must not be empty"
					       : "%s must be at least %lld characters",
				   f->name, (long long)f->min);
	if (f->max && (int64_t)len > f->max)
		return err_invalid(&r->err, f->name, "%s must be at most %lld characters", f->name,
				   (long long)f->max);
	return 0;
}

static int check_field(struct req *r, const struct vfield *f, json_t *v)
{
	switch (f->type) {
	case V_NUMBER:
		if (!json_is_number(v))
			return err_invalid(&r->err, f->name, "%s must be a number", f->name);
		if (json_number_value(v) < (double)f->min || json_number_value(v) > (double)f->max)
			return err_invalid(&r->err, f->name, "%s must be from %lld to %lld",
					   f->name, (long long)f->min, (long long)f->max);
		return 0;
	case V_OBJECT:
		if (!json_is_object(v))
			return err_invalid(&r->err, f->name, "%s must be an object", f->name);
		return 0;
	case V_OBJECT_ARRAY:
	case V_KEY_ARRAY: {
		if (!json_is_array(v))
			return err_invalid(&r->err, f->name, "%s must be a list", f->name);
		if (f->max && (int64_t)json_array_size(v) > f->max)
			return err_invalid(&r->err, f->name, "%s may hold at most %lld items",
					   f->name, (long long)f->max);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (f->type == V_OBJECT_ARRAY && !json_is_object(x))
				return err_invalid(&r->err, f->name, "%s must be a list of objects",
				                   f->name);
			if (f->type == V_KEY_ARRAY &&
			    (!json_is_string(x) || json_string_length(x) < 1 ||
			     json_string_length(x) > 64))
				return err_invalid(&r->err, f->name, "%s must be a list of ids",
						   f->name);
		}
		return 0;
	}
	case V_STRING:
	case V_TEXT:
		if (!json_is_string(v))
			return err_invalid(&r->err, f->name, "%s must be a string", f->name);
		return check_string(r, f, json_string_value(v));
	case V_INT:
		if (!json_is_integer(v))
			return err_invalid(&r->err, f->name, "%s must be a whole number", f->name);
		if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
			return err_invalid(&r->err, f->name, "%s must be from %lld to %lld",
					   f->name, (long long)f->min, (long long)f->max);
		return 0;
	case V_ID:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return err_invalid(&r->err, f->name, "%s must be an id (a positive integer)",
					   f->name);
		return 0;
	case V_BOOL:
		if (!json_is_boolean(v))
			return err_invalid(&r->err, f->name, "%s must be true or false", f->name);
		return 0;
	case V_ENUM:
		if (!json_is_string(v) ||
		    names_find(f->names, f->n_names, json_string_value(v)) < 0) {
			char allowed[400] = "";
			for (int i = 0; i < f->n_names; i++) {
				size_t n = strlen(allowed);
				snprintf(allowed + n, sizeof allowed - n, "%s%s", i ? ", " : "",
					 f->names[i]);
			}
			return err_invalid(&r->err, f->name, "%s must be one of: %s", f->name,
					   allowed);
		}
		return 0;
	case V_DATE: {
		int y, m, d;
		const char *s = json_string_value(v);
		if (!s || strlen(s) != 10 || clock_parse_date(s, &y, &m, &d))
			return err_invalid(&r->err, f->name, "%s must be a date YYYY-MM-DD",
					   f->name);
		return 0;
	}
	case V_ID_ARRAY: {
		if (!json_is_array(v))
			return err_invalid(&r->err, f->name, "%s must be a list of ids", f->name);
		if (f->max && (int64_t)json_array_size(v) > f->max)
			return err_invalid(&r->err, f->name, "%s may hold at most %lld ids",
					   f->name, (long long)f->max);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (!json_is_integer(x) || json_integer_value(x) <= 0)
				return err_invalid(&r->err, f->name, "%s must be a list of ids",
						   f->name);
		}
		return 0;
	}
	}
	return err_invalid(&r->err, f->name, "unsupported field");
}

int validate_body(struct req *r, const struct vfield *fields, int n, bool partial)
{
	if (!r->body)
		return err_invalid(&r->err, NULL, "a JSON object body is required");
	if (!json_is_object(r->body))
		return err_invalid(&r->err, NULL, "the body must be a JSON object");
	return validate_object(r, r->body, NULL, fields, n, partial);
}

int validate_object(struct req *r, json_t *obj, const char *prefix, const struct vfield *fields,
		    int n, bool partial)
{
	const char *key;
	json_t *v;
	if (prefix) {
		/* Name fields "prefix.name" by validating against a renamed copy of the table. */
		struct vfield *named = arena_alloc(&r->arena, sizeof *named * (size_t)(n ? n : 1));
		for (int i = 0; i < n; i++) {
			named[i] = fields[i];
			named[i].name = arena_printf(&r->arena, "%s.%s", prefix, fields[i].name);
		}
		json_object_foreach(obj, key, v)
		{
			int i;
			for (i = 0; i < n && strcmp(fields[i].name, key); i++)
				;
			if (i == n)
				return err_invalid(&r->err,
						   arena_printf(&r->arena, "%s.%s", prefix, key),
						   "unknown field %s.%s", prefix, key);
		}
		json_t *renamed = json_object();
		req_keep(r, renamed);
		for (int i = 0; i < n; i++) {
			json_t *x = json_object_get(obj, fields[i].name);
			if (x)
				json_object_set(renamed, named[i].name, x);
		}
		return validate_object(r, renamed, NULL, named, n, partial);
	}
	json_object_foreach(obj, key, v)
	{
		int i;
		for (i = 0; i < n; i++)
			if (!strcmp(fields[i].name, key))
				break;
		if (i == n)
			return err_invalid(&r->err, arena_strdup(&r->arena, key), "unknown field %s",
					   key);
	}
	int present = 0;
	for (int i = 0; i < n; i++) {
		const struct vfield *f = &fields[i];
		v = json_object_get(obj, f->name);
		if (!v) {
			if (!partial && (f->flags & V_REQUIRED))
				return err_invalid(&r->err, f->name, "%s is required", f->name);
			continue;
		}
		if (json_is_null(v)) {
			if (!(f->flags & V_NULLABLE))
				return err_invalid(&r->err, f->name,
						   (f->flags & V_REQUIRED) ? "%s is required"
									   : "%s must not be null",
						   f->name);
			present++;
			continue;
		}
		present++;
		if (check_field(r, f, v))
			return -1;
	}
	if (partial && present == 0)
		return err_invalid(&r->err, NULL, "nothing to change");
	return 0;
}

const char *body_str(struct req *r, const char *name)
{
	return r->body ? json_string_value(json_object_get(r->body, name)) : NULL;
}

const char *obj_str(json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

int64_t body_int(struct req *r, const char *name, int64_t dflt)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

bool body_bool(struct req *r, const char *name, bool dflt)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

bool body_has(struct req *r, const char *name)
{
	return r->body && json_object_get(r->body, name) != NULL;
}

int query_int(struct req *r, const char *name, int64_t dflt, int64_t min, int64_t max,
	      int64_t *out)
{
	const char *s = req_query(r, name);
	*out = dflt;
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return err_invalid(&r->err, name, "%s must be a whole number from %lld to %lld",
				   name, (long long)min, (long long)max);
	*out = v;
	return 0;
}

int query_enum(struct req *r, const char *name, const char *const *names, int n, int *out)
{
	const char *s = req_query(r, name);
	*out = -1;
	if (!s)
		return 0;
	*out = names_find(names, n, s);
	if (*out < 0)
		return err_invalid(&r->err, name, "%s has an unknown value", name);
	return 0;
}

int query_page(struct req *r, struct page *pg)
{
	if (query_int(r, "limit", 50, 1, 200, &pg->limit))
		return -1;
	return query_int(r, "after", 0, 1, INT64_MAX, &pg->after);
}

int query_org_path(struct req *r, const char *name, const char **out)
{
	int64_t id;
	*out = NULL;
	if (query_int(r, name, 0, 1, INT64_MAX, &id))
		return -1;
	if (!id)
		return 0;
	struct store_org o;
	if (ref_org(r, id, name, NULL, &o))
		return -1;
	*out = o.path;
	return 0;
}

int ref_not_found(struct req *r, const struct err *e, const char *field, const char *message)
{
	if (e->status >= 500)
		return r->err = *e, -1;
	return err_set(&r->err, 404, "not_found", field, "%s", message);
}

int ref_org(struct req *r, int64_t id, const char *field, const char *kind, struct store_org *o)
{
	struct err e = {0};
	if (store_org_get(r->rdb, id, &r->arena, o, &e) || (kind && strcmp(o->kind, kind)))
		return ref_not_found(r, &e, field,
				     kind ? arena_printf(&r->arena, "no such %s", kind)
					  : "no such organisation");
	return 0;
}

int ref_category(struct req *r, const char *code, const char *field, struct store_category *c)
{
	struct store_category mine;
	struct err e = {0};
	if (store_category_get(r->rdb, code, &r->arena, c ? c : &mine, &e))
		return ref_not_found(r, &e, field, "no such category");
	return 0;
}

json_t *page_result(json_t *items, int64_t next_after)
{
	json_t *next = next_after ? json_sprintf("%lld", (long long)next_after) : json_null();
	return json_pack("{s:o, s:o}", "items", items, "next", next);
}
