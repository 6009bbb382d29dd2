/* req: one HTTP request as the API layer sees it. The HTTP layer fills the input part
 * (method, path ids, parsed JSON body, caller) and turns the output part into a response.
 *
 * A handler returns an HTTP status with r->out set (a JSON value the request owns), or
 * -1 with r->err set, or API_WRITE after api_write(): the handler's read part is done and
 * the rest runs on the writer thread inside a transaction; the connection waits, and the
 * answer goes out only once the transaction is durable.
 *
 * Everything a request allocates comes from r->arena and dies with it. */
#ifndef HUIYIN_REQ_H
#define HUIYIN_REQ_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/app.h"
#include "domain/scope.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/jsonw.h"

enum req_method { M_GET = 1, M_POST = 2, M_PUT = 4, M_PATCH = 8, M_DELETE = 16 };
enum req_value_kind { REQ_HEADER, REQ_QUERY, REQ_COOKIE };

/* Distinct from success (0) and from -1, so a handler returning a helper's 0 is never
 * taken for a write part. */
#define API_WRITE      (-2)
#define REQ_MAX_IDS    4
#define CSRF_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */

struct auth {
	int64_t user_id;    /* 0: anonymous */
	int64_t session_id; /* when logged in by cookie */
	int64_t token_id;   /* when called with a bearer token */
	const char *username, *display_name;
	struct principal who;
	char csrf[64];
	bool session_expired; /* a cookie was sent but its session has ended */
};

struct req;
struct intake_claim;

/* A body produced as the client takes it, in pieces (sent chunked): read writes at most
 * max bytes at buf and returns their count, 0 at the end, -1 on a failure (the connection
 * is then closed mid-answer, which the client sees as a broken download). It runs on an
 * HTTP thread while the request lives, outside any read transaction of the thread's
 * connection. release runs once, when the answer is done with or was never sent. */
struct req_stream {
	long (*read)(void *cls, char *buf, size_t max);
	void (*release)(void *cls);
	void *cls;
	const char *type; /* Content-Type */
};

/* A body sent from an open file (already unlinked: it goes when the descriptor closes),
 * which the HTTP layer closes when done. */
struct req_file {
	int fd;
	uint64_t size;
	const char *type; /* Content-Type */
};
typedef int (*req_write_fn)(struct db *db, struct req *r, struct err *e);

struct req {
	struct arena arena;
	struct app *app;
	int method;
	const char *path;
	int64_t ids[REQ_MAX_IDS]; /* the {id} parts of the route pattern, in order */
	int n_ids;
	const char *keys[REQ_MAX_IDS]; /* the {key} parts (codes, dates, attachment ids) */
	int n_keys;
	json_t *body;    /* the parsed JSON body, or NULL when there was none */
	const char *raw; /* the body as received, on routes that take raw bytes (R_RAW) */
	size_t raw_len;
	struct auth auth;
	const char *client_addr;
	struct db *rdb; /* this thread's read connection; the writer's during a write part */

	/* Reads a header, query argument or cookie; set by the HTTP layer. */
	const char *(*value)(struct req *r, enum req_value_kind kind, const char *name);
	/* The names of the query-string arguments, in order: fills out[0..max) and returns
	 * how many there are (possibly more than max). Set by the HTTP layer. */
	int (*query_names)(struct req *r, const char **out, int max);
	void *conn;

	/* Output. */
	int status;
	json_t *out;
	struct err err;
	const char *set_cookie;
	int retry_after;
	/* A non-JSON answer (a file): bytes owned by the request, and their type. */
	const void *out_raw;
	size_t out_raw_len;
	const char *out_type;
	const char *out_cache; /* Cache-Control for out_raw; default no-store */
	/* A download (an export): Content-Disposition, and its bytes either streamed or from
	 * a file. Set before the write part; whatever is set is released however the request
	 * ends (an error answer included). */
	const char *out_disposition;
	struct req_stream *out_stream;
	struct req_file *out_file;

	/* The write part, when the handler returned API_WRITE. */
	req_write_fn write_fn;
	void *write_arg;
	/* The Idempotency-Key and rate limit the route's flags apply to the write part
	 * (api/intake.c); NULL when none does. */
	struct intake_claim *claim;
};

/* A request header (names compare without case), or NULL when it was not sent. */
static inline const char *req_header(struct req *r, const char *name)
{
	return r->value(r, REQ_HEADER, name);
}

/* A query-string argument, decoded, or NULL when absent. */
static inline const char *req_query(struct req *r, const char *name)
{
	return r->value(r, REQ_QUERY, name);
}

/* Hands the rest of the request to the writer; returns API_WRITE for the handler to
 * return. fn runs in the writer's transaction and returns a status (r->out set) or -1. */
int api_write(struct req *r, req_write_fn fn, void *arg);
/* Sets r->out (taking the reference) and returns status. */
int api_reply(struct req *r, int status, json_t *out);
/* Answers the JSON text of w (emptying w) and returns status; -1 (500) when w could not
 * write its values. */
int api_reply_jw(struct req *r, int status, struct jw *w);
/* Registers a JSON value to be released with the request; returns it. */
json_t *req_keep(struct req *r, json_t *v);

#endif
