/* export: downloads of the lists as CSV and .xlsx (see export.h). */
#include "api/export.h"
#include "api/admin_log.h"
#include "util/clock.h"
#include "util/log.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Rows read per page: a page of CSV is some hundred KiB. */
#define EXPORT_PAGE 500

static const char *const csv_type = "text/csv; charset=utf-8";
static const char *const xlsx_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* One export under way, on the request's arena. */
struct export_run {
	struct req *r;
	const struct export_spec *spec;
	enum export_format fmt;
	int64_t rows;   /* counted, over all tables; the download holds at most these */
	json_t *filter; /* the filter's parameters as given, for the audit event */
	/* CSV streaming: the writer holds the current page's text, sent from off. */
	struct tab_writer *w;
	size_t off;
	int64_t after, sent;
	bool done;
	struct req_stream stream;
	struct req_file file;
};

int export_format_of(struct req *r, enum export_format *out)
{
	const char *s = req_query(r, "format");
	*out = EXPORT_NONE;
	if (!s)
		return 0;
	if (!strcmp(s, "csv"))
		*out = EXPORT_CSV;
	else if (!strcmp(s, "xlsx"))
		*out = EXPORT_XLSX;
	else
		return err_invalid(&r->err, "format", "format must be csv or xlsx");
	return 0;
}

int export_reveal_of(struct req *r, bool *out)
{
	const char *s = req_query(r, "reveal");
	*out = false;
	if (!s)
		return 0;
	if (strcmp(s, "contact"))
		return err_invalid(&r->err, "reveal", "reveal takes the value contact");
	*out = true;
	return 0;
}

/* Writes one page of table t through db on a page arena of its own, from x->after on;
 * the rows written are added to x->sent. */
static int page_once(struct export_run *x, const struct export_table *t, struct db *db,
                     struct tab_writer *w, int64_t limit, struct err *e)
{
	struct arena a;
	arena_init(&a);
	int64_t before = tab_rows(w);
	struct export_read q = {x->r, db, &a, t->arg, x->after, limit, NULL, w, e};
	int rc = t->read(&q);
	x->after = q.after;
	arena_free(&a);
	x->sent += tab_rows(w) - before;
	return rc;
}

/* ---- CSV: streamed ------------------------------------------------------------------ */

/* The next page of the CSV, read in a short transaction of this thread's read
 * connection; x->done after the last. */
static int csv_next(struct export_run *x, struct db *db, struct err *e)
{
	const struct export_table *t = &x->spec->tables[0];
	int64_t left = x->rows - x->sent;
	int rc = page_once(x, t, db, x->w, left < EXPORT_PAGE ? left : EXPORT_PAGE, e);
	if (!x->after || x->sent >= x->rows)
		x->done = true;
	return rc;
}

static long csv_read(void *cls, char *buf, size_t max)
{
	struct export_run *x = cls;
	size_t len;
	const char *text = tab_csv_text(x->w, &len);
	while (x->off == len) {
		if (x->done)
			return 0;
		tab_csv_clear(x->w);
		x->off = 0;
		struct err e = {0};
		struct db *db = app_read_db(x->r->app, &e);
		int rc = -1;
		if (db && !db_request_begin(db, &e)) {
			rc = csv_next(x, db, &e);
			db_request_end(db);
		}
		if (rc) {
			log_msg(LOG_ERROR, "export %s: stopped after %lld rows: %s", x->spec->list,
			        (long long)x->sent, e.message);
			return -1;
		}
		text = tab_csv_text(x->w, &len);
	}
	size_t n = len - x->off < max ? len - x->off : max;
	memcpy(buf, text + x->off, n);
	x->off += n;
	return (long)n;
}

static void csv_release(void *cls)
{
	struct export_run *x = cls;
	tab_free(x->w);
	x->w = NULL;
}

/* Starts the CSV: BOM, header and the first page, in the request's read transaction. */
static int csv_start(struct export_run *x)
{
	struct req *r = x->r;
	x->w = tab_csv_new();
	x->stream = (struct req_stream){csv_read, csv_release, x, csv_type};
	r->out_stream = &x->stream; /* released with the request from here on */
	tab_begin(x->w, x->spec->tables[0].table);
	if (!x->rows) {
		x->done = true;
		return 0;
	}
	return csv_next(x, r->rdb, &r->err);
}

/* ---- xlsx: a temporary file --------------------------------------------------------- */

static int xlsx_write(struct export_run *x, const char *path)
{
	struct req *r = x->r;
	struct tab_writer *w = tab_xlsx_new(path, r->app->cfg.data_dir, &r->err);
	if (!w)
		return -1;
	int rc = 0;
	for (int i = 0; i < x->spec->n_tables && !rc; i++) {
		const struct export_table *t = &x->spec->tables[i];
		tab_begin(w, t->table);
		x->after = 0;
		do {
			int64_t left = x->rows - x->sent;
			if (left <= 0)
				break;
			rc = page_once(x, t, r->rdb, w, left < EXPORT_PAGE ? left : EXPORT_PAGE,
			               &r->err);
		} while (!rc && x->after);
	}
	if (!rc)
		rc = tab_finish(w, &r->err);
	tab_free(w);
	return rc;
}

/* Writes the workbook to a new file in the data directory and opens it for the answer;
 * the name is unlinked whatever happens, the open file goes when the answer is sent. */
static int xlsx_start(struct export_run *x)
{
	struct req *r = x->r;
	char *path = arena_printf(&r->arena, "%s/export-XXXXXX.xlsx", r->app->cfg.data_dir);
	int fd = mkstemps(path, 5);
	if (fd < 0)
		return err_internal(&r->err, "cannot create the export's file");
	close(fd);
	int rc = xlsx_write(x, path);
	fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (rc)
		return -1;
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb)) {
		if (fd >= 0)
			close(fd);
		return err_internal(&r->err, "cannot read the export's file");
	}
	x->file = (struct req_file){fd, (uint64_t)sb.st_size, xlsx_type};
	r->out_file = &x->file;
	return 0;
}

/* ---- the answer --------------------------------------------------------------------- */

/* The audit event, in the writer's transaction; the download goes out after it. */
static int export_write(struct db *db, struct req *r, struct err *e)
{
	const struct export_run *x = r->write_arg;
	const struct export_spec *s = x->spec;
	json_t *data = json_pack("{s:s, s:s, s:O, s:b, s:I}", "list", s->list, "format",
	                         x->fmt == EXPORT_CSV ? "csv" : "xlsx", "filter", x->filter,
	                         "reveal", s->reveal, "rows", (json_int_t)x->rows);
	if (admin_log(db, r, "export", data, e))
		return -1;
	return 200;
}

int export_reply(struct req *r, enum export_format fmt, const struct export_spec *spec)
{
	int64_t max = r->app->cfg.export_max_rows, total = 0;
	for (int i = 0; i < spec->n_tables; i++) {
		const struct export_table *t = &spec->tables[i];
		int64_t n = 0;
		struct export_read q = {r, r->rdb, &r->arena, t->arg, 0, max, &n, NULL, &r->err};
		if (t->read(&q))
			return -1;
		total += n;
		if (fmt == EXPORT_CSV)
			break;
	}
	if (total > max)
		return err_set(&r->err, 413, "too_many_rows", NULL,
		               "the export would hold more than %lld rows (export.max_rows); "
		               "narrow the filter",
		               (long long)max);
	struct export_run *x = arena_alloc(&r->arena, sizeof *x);
	*x = (struct export_run){.r = r, .spec = spec, .fmt = fmt, .rows = total};
	/* The filter as given, read here: the write part runs on the writer's thread. */
	x->filter = req_keep(r, json_object());
	for (int i = 0; i < spec->n_params; i++) {
		const char *v = req_query(r, spec->params[i]);
		if (v)
			json_object_set_new(x->filter, spec->params[i], json_string(v));
	}
	if (fmt == EXPORT_CSV ? csv_start(x) : xlsx_start(x))
		return -1;
	char day[CLOCK_ISO_LEN];
	clock_iso(clock_now() + 8 * 3600, day);
	r->out_disposition =
	    arena_printf(&r->arena, "attachment; filename=\"huiyin-%s-%.4s%.2s%.2s.%s\"",
	                 spec->list, day, day + 5, day + 8, fmt == EXPORT_CSV ? "csv" : "xlsx");
	return api_write(r, export_write, x);
}
