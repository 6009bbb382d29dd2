/* export: a list downloaded as CSV or .xlsx — `GET <the list's path>?<its filter>&format=
 * csv|xlsx` — with the list's own filter and scope and all its rows, not one page.
 *
 * A list plugs in by describing its tables (util/tabular.h: columns with zh-CN headers and
 * types) and, for each, two callbacks over its filter: one that counts the rows (stopping
 * past the limit) and one that writes a page of rows after a cursor. export_reply then
 * does the rest, the same for every list:
 *   - over `export.max_rows` rows in all: 413 `too_many_rows` naming the limit, nothing
 *     sent and nothing written;
 *   - an admin-audit event `export` (who, which list, the filter's parameters as given,
 *     the format, whether contact details were revealed, how many rows), in the writer's
 *     transaction: the download starts only once the event is durable;
 *   - CSV is streamed: the first page is read in the request's own read transaction
 *     (with the count), each later page when the client has taken the one before, in a
 *     short read transaction of its own on the HTTP thread's read connection, continuing
 *     from the cursor (so rows newer than the first page never slip in, and the file holds
 *     at most the rows counted). Memory: one page of rows at a time;
 *   - xlsx is written in constant_memory mode to a temporary file in the data directory
 *     (every page in the request's read transaction: one snapshot), one sheet per table,
 *     and sent from that file, which is unlinked as soon as it is open.
 * The file's name is dated (Asia/Shanghai): huiyin-<list>-YYYYMMDD.csv. */
#ifndef HUIYIN_API_EXPORT_H
#define HUIYIN_API_EXPORT_H
#include <stdbool.h>

#include "api/req.h"
#include "util/tabular.h"

enum export_format { EXPORT_NONE, EXPORT_CSV, EXPORT_XLSX };

/* Reads ?format: EXPORT_NONE when absent (the JSON list), else csv or xlsx; anything else
 * is 400 naming `format`. Returns 0 or -1 with r->err set. */
int export_format_of(struct req *r, enum export_format *out);
/* Reads ?reveal on an export: false when absent, true for "contact", else 400 naming it.
 * What is revealed then is the list's own rule, row by row (export_table.page). */
int export_reveal_of(struct req *r, bool *out);

/* A read of an export's table: either a count or a page of rows. */
struct export_read {
	struct req *r; /* the caller, for scope and masking */
	/* The connection to read through, which is not always r->rdb: use only this, and
	 * allocate only in `a` (freed after each page). */
	struct db *db;
	struct arena *a;
	void *arg;      /* the table's own (its list's filter, on r's arena) */
	int64_t after;  /* the cursor: rows after it (0: from the start); set to the next
	                 * page's cursor (0: none after this one) */
	int64_t limit;  /* at most this many rows */
	int64_t *count; /* set: count the rows (at most limit + 1) into it, write nothing */
	struct tab_writer *w;
	struct err *e;
};

/* One table of an export: its columns and its reader, which counts (q->count set) or
 * writes the next page of rows with the tab_* calls, in the list's order. Returns 0 or
 * -1 with q->e set. */
struct export_table {
	const struct tab_table *table;
	int (*read)(struct export_read *q);
	void *arg;
};

struct export_spec {
	const char *list; /* "appeals": in the file's name and the audit event */
	/* The query parameters of the list's filter, recorded in the audit event as given. */
	const char *const *params;
	int n_params;
	bool reveal; /* contact details asked for (reveal=contact) */
	const struct export_table *tables;
	int n_tables; /* CSV holds the first only; xlsx a sheet each */
};

/* Answers the export of spec in fmt (EXPORT_CSV or EXPORT_XLSX): returns API_WRITE (the
 * audit event, then the download), or -1 with r->err set (413 over the limit). spec and
 * what it points to must live as long as the request (r's arena, or static). */
int export_reply(struct req *r, enum export_format fmt, const struct export_spec *spec);

#endif
