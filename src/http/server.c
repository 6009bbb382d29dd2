/* server: libmicrohttpd glue (see server.h).
 *
 * libmicrohttpd calls the access handler several times per request: first with the
 * headers only, then with each piece of the body, then once more with no data. We answer
 * on that last call, not the first: answering on the first call makes the library close
 * the connection after the response, which costs keep-alive.
 *
 * A body refused from its headers (a Content-Length over the route's limit, or more than
 * the server may hold now) is never kept. A client that sent `Expect: 100-continue` waits
 * for our word before sending it, so it gets the 413 or 503 at once and sends nothing.
 * Any other client is already sending: its body is read and dropped as it arrives and the
 * error goes out at the end, because a connection closed while the client still writes
 * is reset by the kernel, and the client would never read the answer.
 *
 * Memory held for bodies is bounded. Each body is reserved against one count shared by
 * all connections (server.max_buffered_mb): in full from its Content-Length before a byte
 * is read, or piece by piece as a chunked body grows; the reservation is given back when
 * the request ends however it ends (on_completed, also after a timeout or an abort). A
 * body must also keep arriving: one slower than server.min_body_rate bytes a second over
 * a window of server.body_rate_window seconds has its connection closed, and one that
 * stops altogether is closed by libmicrohttpd after server.connection_timeout. */
#include "http/server.h"
#include "api/auth.h"
#include "api/intake.h"
#include "http/json_out.h"
#include "http/router.h"
#include "http/static.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct server {
	struct app *app;
	struct static_files *web;
	struct MHD_Daemon *daemon;
	uint16_t port;
	atomic_int in_flight;
	atomic_size_t buffered; /* bytes of bodies reserved by all requests in flight */
	size_t buffered_max;    /* server.max_buffered_mb, in bytes */
	size_t min_rate;        /* server.min_body_rate, bytes per second; 0: no floor */
	int64_t rate_window_us; /* server.body_rate_window */
};

/* The Retry-After of a 503 when the server holds as many bodies as it may. */
#define BUSY_RETRY_SECONDS 5

/* ST_REFUSED: the body is over the route's limit, or over what the server may hold now
 * (known from its Content-Length, or found while a chunked body arrived); the rest is
 * read and dropped, and the error goes out on the last call (libmicrohttpd refuses a
 * response queued while a body is still arriving). */
enum state { ST_READING, ST_REFUSED, ST_SUSPENDED, ST_ANSWERED };

/* One request in flight; `r` first so a struct req * converts back. */
struct conn_req {
	struct req r;
	struct server *srv;
	struct MHD_Connection *conn;
	const struct route *route;
	int allowed;
	enum state state;
	char *body;
	size_t body_len, body_cap, body_max;
	size_t reserved;  /* counted in srv->buffered; never less than body_cap */
	int64_t win_t0;   /* start of the window the body's rate is measured over */
	size_t win_bytes; /* bytes of body received since win_t0 */
	int64_t t0;
	const char *method_name;
	struct writer_job job;
	char addr[INET6_ADDRSTRLEN];
	/* A streamed answer outlives the request's completion callback: libmicrohttpd
	 * releases the response (stream_free) only after on_completed. Whichever of the two
	 * comes last frees the request. */
	bool streaming, stream_freed, completed;
};

static const char *value_of(struct req *r, enum req_value_kind kind, const char *name)
{
	static const enum MHD_ValueKind kinds[] = {
	    [REQ_HEADER] = MHD_HEADER_KIND,
	    [REQ_QUERY] = MHD_GET_ARGUMENT_KIND,
	    [REQ_COOKIE] = MHD_COOKIE_KIND,
	};
	return MHD_lookup_connection_value(r->conn, kinds[kind], name);
}

struct names_acc {
	const char **out;
	int max, n;
};

static enum MHD_Result name_of(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
	struct names_acc *acc = cls;
	if (acc->n < acc->max)
		acc->out[acc->n] = key;
	acc->n++;
	return MHD_YES;
}

static int query_names_of(struct req *r, const char **out, int max)
{
	struct names_acc acc = {out, max, 0};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, name_of, &acc);
	return acc.n;
}

/* ---- responses ------------------------------------------------------------------- */

static void conn_free(struct conn_req *c);

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct conn_req *c = cls;
	const struct req_stream *st = c->r.out_stream;
	long n = st->read(st->cls, buf, max);
	if (n > 0)
		return (ssize_t)n;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	struct conn_req *c = cls;
	c->stream_freed = true;
	if (c->completed)
		conn_free(c);
}

/* The response of a download (r->out_stream or r->out_file), handed to libmicrohttpd,
 * which from then on owns the stream or the file; NULL when there is none. */
static struct MHD_Response *download_response(struct conn_req *c)
{
	struct req *r = &c->r;
	struct MHD_Response *resp = NULL;
	const char *type = NULL;
	if (r->out_stream) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 << 10, stream_read, c,
		                                         stream_free);
		if (resp) {
			c->streaming = true;
			type = r->out_stream->type;
		}
	} else if (r->out_file) {
		resp = MHD_create_response_from_fd(r->out_file->size, r->out_file->fd);
		if (resp) {
			r->out_file->fd = -1; /* closed by libmicrohttpd */
			type = r->out_file->type;
		}
	}
	if (!resp)
		return NULL;
	MHD_add_response_header(resp, "Content-Type", type);
	if (r->out_disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->out_disposition);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	return resp;
}

static enum MHD_Result queue(struct conn_req *c, int status, char *text, const char *allow)
{
	struct MHD_Response *resp = !text && status < 300 ? download_response(c) : NULL;
	if (resp) {
		/* a download, with its own headers */
	} else if (!text && c->r.out_raw && status < 300) {
		resp = MHD_create_response_from_buffer(c->r.out_raw_len, (void *)c->r.out_raw,
		                                       MHD_RESPMEM_MUST_COPY);
		MHD_add_response_header(resp, "Content-Type", c->r.out_type);
		MHD_add_response_header(resp, "Cache-Control",
		                        c->r.out_cache ? c->r.out_cache : "no-store");
	} else {
		resp = MHD_create_response_from_buffer(
		    text ? strlen(text) : 0, text ? text : (char *)"",
		    text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		if (text)
			MHD_add_response_header(resp, "Content-Type",
			                        "application/json; charset=utf-8");
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	}
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (c->r.set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", c->r.set_cookie);
	if (c->r.retry_after > 0) {
		char ra[24];
		snprintf(ra, sizeof ra, "%d", c->r.retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	if (allow)
		MHD_add_response_header(resp, "Allow", allow);
	c->r.status = status;
	c->state = ST_ANSWERED;
	enum MHD_Result rc = MHD_queue_response(c->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static char *error_text(const struct err *e)
{
	json_t *j = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", e->code ? e->code : "error",
	                      "message", e->message, "field", e->field);
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return text;
}

static enum MHD_Result answer_error(struct conn_req *c, const char *allow)
{
	if (c->r.err.status < 400)
		err_internal(&c->r.err, "internal error");
	if (c->r.err.status >= 500)
		log_msg(LOG_ERROR, "%s %s: %s", c->method_name, c->r.path, c->r.err.message);
	return queue(c, c->r.err.status, error_text(&c->r.err), allow);
}

static enum MHD_Result answer(struct conn_req *c, int status)
{
	/* Neither a status nor an error: a handler returned a helper's 0 (or API_WRITE
	 * from a write part). Never sent as it is. */
	if (status >= 0 && status < 100) {
		err_internal(&c->r.err, "the handler gave no answer");
		return answer_error(c, NULL);
	}
	if (status < 0 || status >= 400) {
		if (status >= 400)
			c->r.err.status = status;
		return answer_error(c, NULL);
	}
	/* A handler that answers 2xx without a body lost its JSON (a failed json_pack):
	 * say so instead of sending an empty success. */
	if (status != 204 && status != 301 && !c->r.out && !c->r.out_raw && !c->r.out_stream &&
	    !c->r.out_file) {
		err_internal(&c->r.err, "the answer could not be built");
		return answer_error(c, NULL);
	}
	char *text = NULL;
	size_t len;
	if (status != 204 && c->r.out && !c->r.out_raw)
		text = json_out(c->r.out, &len);
	return queue(c, status, text, NULL);
}

/* ---- writes ---------------------------------------------------------------------- */

static int job_run(struct db *db, void *arg, struct err *e)
{
	struct conn_req *c = arg;
	/* While the write part runs, every read of the request (views included) goes through
	 * the writer's connection and so sees the transaction's own changes. */
	struct db *reader = c->r.rdb;
	c->r.rdb = db;
	/* The write part, with the claims of the route's intake flags around it. */
	int status = intake_write(db, &c->r, e);
	c->r.rdb = reader;
	c->r.status = status;
	return status < 0 ? -1 : 0;
}

static void job_done(struct writer_job *job)
{
	struct conn_req *c = job->arg;
	if (job->rc < 0) {
		c->r.err = job->err;
		c->r.status = -1;
		if (c->r.out) {
			json_decref(c->r.out);
			c->r.out = NULL;
		}
	}
	/* Runs on the writer thread; the access handler is called again after this. */
	MHD_resume_connection(c->conn);
}

/* ---- the request ----------------------------------------------------------------- */

static void client_address(struct conn_req *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	c->addr[0] = 0;
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, c->addr,
			          sizeof c->addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, c->addr,
			          sizeof c->addr);
	}
	c->r.client_addr = auth_client_address(&c->r, c->addr);
}

/* ---- bodies ---------------------------------------------------------------------- */

/* Counts `n` more bytes of this request's body against the server's cap; false, with
 * nothing counted, when they do not fit. on_completed gives back c->reserved. */
static bool reserve(struct conn_req *c, size_t n)
{
	struct server *srv = c->srv;
	size_t cur = atomic_load(&srv->buffered);
	do {
		if (n > srv->buffered_max - cur)
			return false;
	} while (!atomic_compare_exchange_weak(&srv->buffered, &cur, cur + n));
	c->reserved += n;
	return true;
}

static void refuse_too_large(struct conn_req *c, size_t limit)
{
	if (!limit)
		err_set(&c->r.err, 413, "too_large", NULL, "this request takes no body");
	else
		err_set(&c->r.err, 413, "too_large", NULL, "the body is larger than %zu bytes",
		        limit);
}

static void refuse_busy(struct conn_req *c)
{
	c->r.retry_after = BUSY_RETRY_SECONDS;
	err_set(&c->r.err, 503, "busy", NULL,
	        "the server is receiving too many uploads, try again in %d seconds",
	        BUSY_RETRY_SECONDS);
}

/* Decides on a body from its Content-Length before any of it is read (first call): over
 * c->body_max is 413; more than the server may hold now is 503 with Retry-After. An accepted length
 * is reserved in full and its buffer allocated once. -1 with r->err set when refused. A body
 * without a length (chunked) is reserved as it grows instead. */
static int admit_body(struct conn_req *c)
{
	const char *cl =
	    MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl || cl[0] < '0' || cl[0] > '9')
		return 0; /* none, or malformed: libmicrohttpd answers that one itself */
	char *end;
	errno = 0;
	unsigned long long len = strtoull(cl, &end, 10);
	if (errno == ERANGE)
		len = ULLONG_MAX;
	else if (*end)
		return 0;
	if (!len)
		return 0;
	if (len > c->body_max) {
		refuse_too_large(c, c->body_max);
		return -1;
	}
	if (!reserve(c, (size_t)len)) {
		refuse_busy(c);
		return -1;
	}
	c->body = xmalloc((size_t)len);
	c->body_cap = (size_t)len;
	return 0;
}

/* True when the client waits for "100 Continue" before it sends its body. */
static bool expects_continue(struct conn_req *c)
{
	const char *v =
	    MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
	return v && !strcasecmp(v, "100-continue");
}

/* Counts `n` bytes of body just received; true when the body arrives slower than the
 * floor, fewer than min_rate bytes a second over a whole window. Checked with each
 * piece, so a client that trickles is caught at its next byte (within two windows of
 * slowing down); one that sends nothing is left to libmicrohttpd's idle timeout. */
static bool too_slow(struct conn_req *c, size_t n)
{
	const struct server *srv = c->srv;
	c->win_bytes += n;
	if (!srv->min_rate)
		return false;
	int64_t now = clock_mono_us();
	int64_t span = now - c->win_t0;
	if (span < srv->rate_window_us)
		return false;
	if ((uint64_t)c->win_bytes * 1000000u < (uint64_t)srv->min_rate * (uint64_t)span)
		return true;
	c->win_t0 = now;
	c->win_bytes = 0;
	return false;
}

static int parse_body(struct conn_req *c)
{
	if (!c->body_len)
		return 0;
	if (c->route->flags & R_RAW) {
		c->r.raw = c->body;
		c->r.raw_len = c->body_len;
		return 0;
	}
	json_error_t jerr;
	c->r.body = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!c->r.body)
		return err_set(&c->r.err, 400, "invalid_json", NULL, "malformed JSON: %s",
		               jerr.text);
	req_keep(&c->r, c->r.body);
	return 0;
}

/* Answers a GET for a file of the web front end; MHD_NO when there is none. */
static enum MHD_Result answer_static(struct conn_req *c, bool *done)
{
	*done = false;
	if (c->r.method != M_GET || !strncmp(c->r.path, "/api/", 5))
		return MHD_NO;
	struct MHD_Response *resp;
	const struct static_file *f = static_find(c->srv->web, c->r.path);
	if (!f) {
		/* "/console" has its page at "/console/". */
		char *slashed = arena_printf(&c->r.arena, "%s/", c->r.path);
		if (!static_find(c->srv->web, slashed))
			return MHD_NO;
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Location", slashed);
		c->r.status = 301;
	} else {
		resp = MHD_create_response_from_buffer(f->len, (void *)f->data,
		                                       MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Content-Type", f->type);
		MHD_add_response_header(resp, "Cache-Control", f->cache);
		if (f->is_html)
			MHD_add_response_header(resp, "Content-Security-Policy", static_csp);
		c->r.status = 200;
	}
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	c->state = ST_ANSWERED;
	*done = true;
	enum MHD_Result rc = MHD_queue_response(c->conn, (unsigned)c->r.status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result dispatch_route(struct conn_req *c);

/* Runs the request's route inside one read transaction on this thread's read connection
 * (db_request_begin), ended when the handler returns (a write part runs later on the writer's
 * connection). */
static enum MHD_Result dispatch(struct conn_req *c)
{
	struct req *r = &c->r;
	if (!c->route)
		return dispatch_route(c);
	r->rdb = app_read_db(r->app, &r->err);
	if (!r->rdb)
		return answer_error(c, NULL);
	/* Kept here: once a write part is queued, the writer may set r->rdb to its own
	 * connection while it runs. */
	struct db *rdb = r->rdb;
	if (db_request_begin(rdb, &r->err))
		return answer_error(c, NULL);
	enum MHD_Result rc = dispatch_route(c);
	db_request_end(rdb);
	return rc;
}

static enum MHD_Result dispatch_route(struct conn_req *c)
{
	struct req *r = &c->r;
	if (!c->route) {
		bool done;
		enum MHD_Result rc = answer_static(c, &done);
		if (done)
			return rc;
		if (c->allowed) {
			char allow[64];
			router_allow_header(c->allowed, allow, sizeof allow);
			err_set(&r->err, 405, "method_not_allowed", NULL, "method not allowed");
			return answer_error(c, allow);
		}
		err_set(&r->err, 404, "not_found", NULL, "no such resource");
		return answer_error(c, NULL);
	}
	if (auth_identify(r))
		return answer_error(c, NULL);
	if ((c->route->flags & R_STAFF) && !r->auth.user_id) {
		if (r->auth.session_expired)
			err_set(&r->err, 401, "session_expired", NULL,
			        "your session has ended, please log in again");
		else
			err_set(&r->err, 401, "unauthenticated", NULL, "please log in");
		return answer_error(c, NULL);
	}
	if (r->method != M_GET && !(c->route->flags & R_NO_CSRF) && auth_check_csrf(r))
		return answer_error(c, NULL);
	/* Supervisors change nothing: one check for every state-changing route. */
	if (r->method != M_GET && !(c->route->flags & R_PERSONAL) && auth_check_may_change(r))
		return answer_error(c, NULL);
	if (parse_body(c))
		return answer_error(c, NULL);
	/* The route's Idempotency-Key and anonymous rate limit, for every route in one
	 * place: a retry's first answer, a 409 or a 429 before the handler runs; the rest
	 * in the write part (intake_write). */
	int status = intake_admit(r, c->route->flags & R_IDEMPOTENT, router_counter(c->route));
	if (status)
		return answer(c, status);
	status = c->route->handler(r);
	if (status != API_WRITE)
		return answer(c, status);
	assert(r->write_fn); /* API_WRITE comes only from api_write(), which sets it */
	c->state = ST_SUSPENDED;
	c->job.run = job_run;
	c->job.done = job_done;
	c->job.arg = c;
	MHD_suspend_connection(c->conn);
	writer_submit(r->app->writer, &c->job);
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct conn_req *c = *con_cls;
	if (!c) {
		/* First call: headers only. Never answer here (see the top of the file). */
		c = xcalloc(1, sizeof *c);
		*con_cls = c;
		atomic_fetch_add(&srv->in_flight, 1);
		c->srv = srv;
		c->conn = conn;
		c->t0 = clock_mono_us();
		arena_init(&c->r.arena);
		c->r.app = srv->app;
		c->r.conn = conn;
		c->r.value = value_of;
		c->r.query_names = query_names_of;
		c->r.path = arena_strdup(&c->r.arena, url);
		c->method_name = arena_strdup(&c->r.arena, method);
		c->r.method = router_method(method);
		c->route = router_match(c->r.method, url, &c->r, &c->allowed);
		/* A body larger than the server may hold at all is refused like one over the
		 * route's limit. */
		c->body_max = c->route ? c->route->body_max : 0;
		if (c->body_max > srv->buffered_max)
			c->body_max = srv->buffered_max;
		c->win_t0 = c->t0;
		client_address(c);
		if (c->route && admit_body(c)) {
			if (expects_continue(c))
				return answer_error(c, NULL); /* the body never comes */
			c->state = ST_REFUSED; /* dropped as it arrives: see the top */
		}
		return MHD_YES;
	}
	if (*upload_size && too_slow(c, *upload_size)) {
		log_msg(LOG_WARN, "http: %s %s from %s: body slower than %zu bytes/s, closed",
		        c->method_name, c->r.path, c->addr, c->srv->min_rate);
		return MHD_NO; /* closes the connection; on_completed still runs */
	}
	if (c->state == ST_SUSPENDED) {
		/* Resumed by the writer: the answer is ready. */
		return answer(c, c->r.status);
	}
	if (c->state == ST_ANSWERED) {
		*upload_size = 0; /* discard the rest of a body we already refused */
		return MHD_YES;
	}
	if (c->state == ST_REFUSED) {
		if (*upload_size) {
			*upload_size = 0;
			return MHD_YES;
		}
		return answer_error(c, NULL);
	}
	if (*upload_size && !c->route) {
		*upload_size = 0; /* no such route: drop the body, answer 404 or 405 below */
		return MHD_YES;
	}
	if (*upload_size) {
		if (c->body_len + *upload_size > c->body_max) {
			*upload_size = 0;
			refuse_too_large(c, c->body_max);
			c->state = ST_REFUSED;
			return MHD_YES;
		}
		if (c->body_len + *upload_size > c->body_cap) {
			/* A chunked body (one with a Content-Length has its buffer already): grow
			 * geometrically, as a 10 MiB upload arrives in many small pieces, reserving
			 * each growth first. */
			size_t need = c->body_len + *upload_size;
			size_t cap = c->body_cap * 2 > need ? c->body_cap * 2 : need + 1024;
			if (cap > c->body_max)
				cap = c->body_max;
			if (!reserve(c, cap - c->body_cap)) {
				*upload_size = 0;
				refuse_busy(c);
				c->state = ST_REFUSED;
				return MHD_YES;
			}
			c->body_cap = cap;
			c->body = xrealloc(c->body, c->body_cap);
		}
		assert(c->reserved >= c->body_cap);
		memcpy(c->body + c->body_len, upload_data, *upload_size);
		c->body_len += *upload_size;
		*upload_size = 0;
		return MHD_YES;
	}
	return dispatch(c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct server *srv = cls;
	struct conn_req *c = *con_cls;
	if (!c)
		return;
	log_request(c->method_name, c->r.path, c->state == ST_ANSWERED ? c->r.status : 0,
	            clock_mono_us() - c->t0, c->r.auth.user_id);
	if (c->reserved)
		atomic_fetch_sub(&srv->buffered, c->reserved);
	c->reserved = 0;
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
	c->completed = true;
	if (!c->streaming || c->stream_freed)
		conn_free(c);
}

/* Frees a request and what its answer still holds: a stream never handed over (or done
 * with), a file never sent. */
static void conn_free(struct conn_req *c)
{
	if (c->r.out_stream && c->r.out_stream->release)
		c->r.out_stream->release(c->r.out_stream->cls);
	if (c->r.out_file && c->r.out_file->fd >= 0)
		close(c->r.out_file->fd);
	if (c->r.out)
		json_decref(c->r.out);
	arena_free(&c->r.arena);
	free(c->body);
	free(c);
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	log_msg(LOG_WARN, "http: %s", msg);
}

/* Parses "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, struct err *e)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || strlen(listen) >= sizeof host)
		return err_invalid(e, "listen", "listen address must be HOST:PORT, got %s", listen);
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return err_invalid(e, "listen", "bad port in %s", listen);
	size_t hlen = (size_t)(colon - listen);
	memcpy(host, listen, hlen);
	host[hlen] = 0;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && hlen > 2 && host[hlen - 1] == ']') {
		host[hlen - 1] = 0;
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) == 1)
			return 0;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (!strcmp(host, "localhost"))
			snprintf(host, sizeof host, "127.0.0.1");
		if (inet_pton(AF_INET, host, &s4->sin_addr) == 1)
			return 0;
	}
	return err_invalid(e, "listen", "listen host must be a numeric address, got %s", host);
}

int server_start(struct app *app, struct server **out, struct err *e)
{
	struct sockaddr_storage ss;
	if (parse_listen(app->cfg.listen, &ss, e))
		return -1;
	struct server *s = xcalloc(1, sizeof *s);
	s->app = app;
	s->buffered_max = (size_t)app->cfg.max_buffered_mb << 20;
	s->min_rate = (size_t)app->cfg.min_body_rate;
	s->rate_window_us = (int64_t)app->cfg.body_rate_window * 1000000;
	s->web = static_load(app->cfg.web_root);
	if (!static_count(s->web))
		log_msg(LOG_WARN, "web: no front end in %s (run make); serving the API only",
		        app->cfg.web_root);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads =
	    app->cfg.threads > 0 ? (unsigned)app->cfg.threads : (unsigned)(cores > 0 ? cores : 1);
	/* Behind a trusted proxy every connection comes from the proxy, and a limit per address
	 * would cap all clients together: per-client limits are then the proxy's job. */
	unsigned per_address = (unsigned)app->cfg.max_per_address;
	if (per_address && app->cfg.trusted_proxies[0]) {
		per_address = 0;
		log_msg(LOG_INFO, "http: server.max_connections_per_address not applied: "
		                  "clients come through server.trusted_proxies");
	}
	unsigned flags =
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)app->cfg.max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg.connection_timeout,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, s, MHD_OPTION_END);
	if (!s->daemon) {
		static_free(s->web);
		free(s);
		return err_set(e, 500, "listen_failed", "listen", "cannot listen on %s",
		               app->cfg.listen);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	*out = s;
	return 0;
}

uint16_t server_port(struct server *s)
{
	return s->port;
}

void server_stop(struct server *s, int grace_ms)
{
	if (!s)
		return;
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10)
		usleep(10 * 1000);
	MHD_stop_daemon(s->daemon);
	static_free(s->web);
	free(s);
}
