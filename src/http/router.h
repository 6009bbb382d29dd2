/* router: the route table as data. Each route is a method, a path pattern whose {id}
 * segments match positive integers and whose {key} segments match one path segment of
 * letters, digits, '.', '_' and '-' (codes, dates, attachment ids), the handler, who may call it and its body limit.
 * The HTTP layer answers 404, 405, 413, 401, 403 (CSRF) and 403 (a caller who may change
 * nothing, on a state-changing route not flagged R_PERSONAL) from this table before any
 * handler runs, then what the route's intake flags ask (an Idempotency-Key's stored
 * answer or 409, an anonymous rate limit's 429: api/intake.c), and applies those flags
 * again inside the write part's transaction, where the key is held and the hit counted.
 * Handlers never call them themselves. */
#ifndef HUIYIN_ROUTER_H
#define HUIYIN_ROUTER_H
#include <stddef.h>

#include "api/intake.h"
#include "api/req.h"

enum route_flags {
	R_PUBLIC = 1,  /* anyone; the caller is still identified when logged in */
	R_STAFF = 2,   /* a logged-in user (cookie or bearer token) */
	R_NO_CSRF = 4, /* state-changing but exempt from the CSRF header (login) */
	R_TEST = 8,    /* exists only on a server started with --test-clock */
	R_RAW = 16,    /* the body is raw bytes (an upload), not JSON */
	/* State-changing, but only for the caller's own login, tokens, notifications or
	 * account, or authorised by an access token rather than the login: open to callers
	 * who may change nothing else (supervisors). Every other POST, PUT, PATCH and DELETE
	 * refuses them with 403 before the handler runs. */
	R_PERSONAL = 32,
	/* Honours Idempotency-Key: a retry with the same body gets the first answer, token
	 * included, for 24 hours. Needs a counter flag: keys live in its namespace. */
	R_IDEMPOTENT = 64,
	/* The anonymous rate limit (at most one): an anonymous caller's request is refused
	 * with 429 once its address has reached the counter's limit within the hour, and
	 * counts as one hit when its write part runs. */
	R_LIMIT_SUBMIT = 128, /* "submit": appeals, intake.submissions_per_hour */
	R_LIMIT_NEED = 256,   /* "need": public needs, the same setting */
	R_LIMIT_UPLOAD = 512, /* "upload": attachments, intake.uploads_per_hour */
};

struct route {
	int method;
	const char *pattern;
	int (*handler)(struct req *r);
	unsigned flags;
	size_t body_max; /* 0: no body accepted */
};

extern const struct route routes[];
extern const int routes_count;

/* Finds the route for method and path, filling r->ids. When the path matches but not the
 * method, returns NULL and sets *allowed to the mask of methods that would match. */
const struct route *router_match(int method, const char *path, struct req *r, int *allowed);
/* The counter a route's R_LIMIT_* flag names; INTAKE_NO_LIMIT when it has none. */
enum intake_counter router_counter(const struct route *rt);
/* Parses an HTTP method name; 0 when it is not one the API uses. */
int router_method(const char *name);
/* "GET, POST" for a mask, into out. */
void router_allow_header(int mask, char *out, size_t cap);

#endif
