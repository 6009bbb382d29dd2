/* validate: one validator for every JSON body and query argument. A resource declares
 * its fields in a table (name, type, required, limits); validate_body() walks it, so each
 * 400 names its field the same way: {"code":"invalid","field":"name","message":...}.
 * Bodies must be objects; unknown fields are refused (they are usually typos). */
#ifndef HUIYIN_VALIDATE_H
#define HUIYIN_VALIDATE_H
#include <stdbool.h>
#include <stdint.h>

#include "api/req.h"
#include "store/catalog.h"
#include "store/orgs.h"
#include "util/n_of.h" /* N_OF, for the field tables */

enum vtype {
	V_STRING, /* min/max: length in characters; blank counts as empty */
	V_TEXT,   /* like V_STRING, but line breaks and tabs are allowed */
	V_INT,    /* min/max: value */
	V_BOOL,
	V_ENUM,         /* one of names[0..n_names) */
	V_DATE,         /* "YYYY-MM-DD" */
	V_ID,           /* a positive integer id */
	V_ID_ARRAY,     /* array of ids; max: how many */
	V_NUMBER,       /* a number (integer or real); min/max: value */
	V_OBJECT,       /* a JSON object, validated by its own table with validate_object() */
	V_KEY_ARRAY,    /* array of short strings (attachment ids); max: how many */
	V_OBJECT_ARRAY, /* array of JSON objects, each validated with validate_object(); max: how
	                   many */
};

enum { V_REQUIRED = 1, V_NULLABLE = 2 };

struct vfield {
	const char *name;
	enum vtype type;
	unsigned flags;
	int64_t min, max;
	const char *const *names;
	int n_names;
};

/* Checks r->body against the table. With `partial` (PATCH), no field is required, but the
 * body must name at least one. Returns 0, or -1 with r->err set to a 400. */
int validate_body(struct req *r, const struct vfield *fields, int n, bool partial);

/* Checks one object against a table; fields are named "prefix.name" in errors (prefix
 * NULL: no prefix). validate_body() is this on r->body. */
int validate_object(struct req *r, json_t *obj, const char *prefix, const struct vfield *fields,
		    int n, bool partial);

/* Readers for a validated body. Absent and null read as NULL / dflt. */
const char *body_str(struct req *r, const char *name);
int64_t body_int(struct req *r, const char *name, int64_t dflt);
bool body_bool(struct req *r, const char *name, bool dflt);
bool body_has(struct req *r, const char *name);
/* A string member of a validated object in the body (absent, null or obj NULL: NULL). */
const char *obj_str(json_t *obj, const char *name);

/* Reads an optional integer query argument within [min, max]. */
int query_int(struct req *r, const char *name, int64_t dflt, int64_t min, int64_t max,
	      int64_t *out);
/* Reads an optional query argument that must be one of names. *out = -1 when absent. */
int query_enum(struct req *r, const char *name, const char *const *names, int n, int *out);

/* Reads an optional org id query argument (404 naming it when there is no such org) and
 * gives the org's path, the subtree to filter by; *out NULL when absent. */
int query_org_path(struct req *r, const char *name, const char **out);

/* After a failed lookup (e) of a row the request names by `field`: a database error
 * (5xx) becomes the answer as it is, anything else 404 `not_found` naming field with
 * message. Returns -1. */
int ref_not_found(struct req *r, const struct err *e, const char *field, const char *message);
/* Loads org `id` that the request names by `field` into *o: 404 naming field when there is
 * no such org ("no such organisation"), or when kind is given and the org is of another
 * kind ("no such <kind>"). Returns 0 or -1 with r->err set. */
int ref_org(struct req *r, int64_t id, const char *field, const char *kind, struct store_org *o);
/* Loads the active category `code` named by `field` into *c (NULL: only check it): 404
 * naming field when there is none. Returns 0 or -1 with r->err set. */
int ref_category(struct req *r, const char *code, const char *field, struct store_category *c);

/* List paging: `limit` (default 50, at most 200) and the cursor `after`. */
struct page {
	int64_t limit;
	int64_t after; /* 0: from the start */
};
int query_page(struct req *r, struct page *pg);
/* Builds {"items": items, "next": cursor-or-null}; next_after 0 means no next page. */
json_t *page_result(json_t *items, int64_t next_after);

/* Number of characters (code points) of a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
