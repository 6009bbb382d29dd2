/* tabular: the CSV and xlsx writers of a described table (see tabular.h). */
#include "util/tabular.h"
#include "util/clock.h"
#include "util/xalloc.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Asia/Shanghai is UTC+8 all year. */
#define SHANGHAI_OFFSET (8 * 3600)

struct tab_writer {
	enum tab_format format;
	const struct tab_table *table;
	int col;      /* the next cell's column */
	int64_t rows; /* data rows begun since tab_begin */
	int tables;
	/* CSV */
	char *buf;
	size_t len, cap;
	/* xlsx */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *f_header, *f_date, *f_datetime, *f_percent;
	lxw_error failed; /* the first error libxlsxwriter reported */
};

/* ---- cells --------------------------------------------------------------------------- */

static void put(struct tab_writer *w, const char *s, size_t n)
{
	if (w->len + n > w->cap) {
		w->cap = w->cap * 2 > w->len + n ? w->cap * 2 : w->len + n + 4096;
		w->buf = xrealloc(w->buf, w->cap);
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void puts_(struct tab_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180), a
 * quote doubled; a leading apostrophe keeps a spreadsheet from reading it as a formula. */
static void csv_field(struct tab_writer *w, const char *s)
{
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		put(w, "\"", 1);
	if (formula)
		put(w, "'", 1);
	for (const char *p = s; *p;) {
		const char *q = quote ? strchr(p, '"') : NULL;
		size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
		put(w, p, n);
		if (q)
			put(w, "\"", 1);
		p += n;
	}
	if (quote)
		put(w, "\"", 1);
}

/* Before a cell: the column it goes to, after the separator or the new row's start. */
static int cell(struct tab_writer *w)
{
	assert(w->table && w->col < w->table->n_cols);
	if (w->col == 0)
		w->rows++;
	else if (w->format == TAB_CSV)
		put(w, ",", 1);
	return w->col;
}

/* After a cell: a CSV row ends with CRLF. */
static void cell_done(struct tab_writer *w)
{
	if (++w->col == w->table->n_cols) {
		w->col = 0;
		if (w->format == TAB_CSV)
			put(w, "\r\n", 2);
	}
}

static void note(struct tab_writer *w, lxw_error rc)
{
	if (rc != LXW_NO_ERROR && w->failed == LXW_NO_ERROR)
		w->failed = rc;
}

static enum tab_type type_of(const struct tab_writer *w, int col)
{
	return w->table->cols[col].type;
}

void tab_text(struct tab_writer *w, const char *s)
{
	int col = cell(w);
	assert(type_of(w, col) == TAB_TEXT);
	if (!s)
		s = "";
	if (w->format == TAB_CSV)
		csv_field(w, s);
	else if (*s)
		note(w, worksheet_write_string(w->ws, (lxw_row_t)w->rows, (lxw_col_t)col, s, NULL));
	cell_done(w);
}

void tab_int(struct tab_writer *w, int64_t v)
{
	int col = cell(w);
	assert(type_of(w, col) == TAB_INT);
	if (w->format == TAB_CSV) {
		char b[24];
		snprintf(b, sizeof b, "%lld", (long long)v);
		puts_(w, b);
	} else {
		note(w, worksheet_write_number(w->ws, (lxw_row_t)w->rows, (lxw_col_t)col, (double)v,
		                               NULL));
	}
	cell_done(w);
}

/* "YYYY-MM-DD", or an ISO time moved to Asia/Shanghai, into dt; -1 when s is neither. */
static int civil(const char *s, enum tab_type type, lxw_datetime *dt)
{
	int64_t t;
	if (type == TAB_DATE) {
		int y, m, d;
		if (strlen(s) != 10 || clock_parse_date(s, &y, &m, &d))
			return -1;
		*dt = (lxw_datetime){y, m, d, 0, 0, 0};
		return 0;
	}
	if (clock_parse_iso(s, &t))
		return -1;
	t += SHANGHAI_OFFSET;
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	clock_civil_from_days(days, &dt->year, &dt->month, &dt->day);
	dt->hour = (int)(secs / 3600);
	dt->min = (int)(secs / 60 % 60);
	dt->sec = (double)(secs % 60);
	return 0;
}

void tab_time(struct tab_writer *w, const char *s)
{
	int col = cell(w);
	enum tab_type type = type_of(w, col);
	assert(type == TAB_DATE || type == TAB_DATETIME);
	lxw_datetime dt;
	if (s && !civil(s, type, &dt)) {
		if (w->format == TAB_CSV) {
			char b[32];
			if (type == TAB_DATE)
				snprintf(b, sizeof b, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
			else
				snprintf(b, sizeof b, "%04d-%02d-%02d %02d:%02d:%02d", dt.year,
				         dt.month, dt.day, dt.hour, dt.min, (int)dt.sec);
			puts_(w, b);
		} else {
			note(w, worksheet_write_datetime(
			            w->ws, (lxw_row_t)w->rows, (lxw_col_t)col, &dt,
			            type == TAB_DATE ? w->f_date : w->f_datetime));
		}
	}
	cell_done(w);
}

void tab_percent(struct tab_writer *w, double v)
{
	int col = cell(w);
	assert(type_of(w, col) == TAB_PERCENT);
	if (isfinite(v)) {
		if (w->format == TAB_CSV) {
			char b[32];
			snprintf(b, sizeof b, "%.1f%%", v * 100);
			puts_(w, b);
		} else {
			note(w, worksheet_write_number(w->ws, (lxw_row_t)w->rows, (lxw_col_t)col, v,
			                               w->f_percent));
		}
	}
	cell_done(w);
}

void tab_blank(struct tab_writer *w)
{
	cell(w);
	cell_done(w);
}

int64_t tab_rows(const struct tab_writer *w)
{
	return w->rows;
}

/* ---- tables -------------------------------------------------------------------------- */

struct tab_writer *tab_csv_new(void)
{
	struct tab_writer *w = xcalloc(1, sizeof *w);
	w->format = TAB_CSV;
	return w;
}

struct tab_writer *tab_xlsx_new(const char *path, const char *tmpdir, struct err *e)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		err_internal(e, "cannot start a workbook");
		return NULL;
	}
	struct tab_writer *w = xcalloc(1, sizeof *w);
	w->format = TAB_XLSX;
	w->wb = wb;
	w->f_header = workbook_add_format(wb);
	format_set_bold(w->f_header);
	format_set_bottom(w->f_header, LXW_BORDER_THIN);
	w->f_date = workbook_add_format(wb);
	format_set_num_format(w->f_date, "yyyy-mm-dd");
	w->f_datetime = workbook_add_format(wb);
	format_set_num_format(w->f_datetime, "yyyy-mm-dd hh:mm");
	w->f_percent = workbook_add_format(wb);
	format_set_num_format(w->f_percent, "0.0%");
	return w;
}

void tab_begin(struct tab_writer *w, const struct tab_table *t)
{
	assert(w->col == 0 && t->n_cols > 0);
	assert(w->format == TAB_XLSX || w->tables == 0);
	w->table = t;
	w->rows = 0;
	if (w->format == TAB_CSV) {
		puts_(w, "\xEF\xBB\xBF");
		for (int i = 0; i < t->n_cols; i++) {
			if (i)
				put(w, ",", 1);
			csv_field(w, t->cols[i].header);
		}
		put(w, "\r\n", 2);
	} else {
		w->ws = workbook_add_worksheet(w->wb, t->name);
		if (!w->ws) {
			note(w, LXW_ERROR_SHEETNAME_ALREADY_USED);
			w->ws = workbook_add_worksheet(w->wb, NULL);
		}
		/* Widths and the frozen header before any row: constant_memory writes each row
		 * out as the next begins. */
		for (int i = 0; i < t->n_cols; i++)
			note(w, worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i,
			                             t->cols[i].width, NULL));
		worksheet_freeze_panes(w->ws, 1, 0);
		for (int i = 0; i < t->n_cols; i++)
			note(w, worksheet_write_string(w->ws, 0, (lxw_col_t)i, t->cols[i].header,
			                               w->f_header));
		note(w, worksheet_autofilter(w->ws, 0, 0, 0, (lxw_col_t)(t->n_cols - 1)));
	}
	w->tables++;
}

const char *tab_csv_text(const struct tab_writer *w, size_t *len)
{
	assert(w->format == TAB_CSV);
	*len = w->len;
	return w->buf ? w->buf : "";
}

void tab_csv_clear(struct tab_writer *w)
{
	w->len = 0;
}

int tab_finish(struct tab_writer *w, struct err *e)
{
	assert(w->col == 0);
	if (w->format == TAB_CSV)
		return 0;
	lxw_error rc = workbook_close(w->wb);
	w->wb = NULL;
	if (rc == LXW_NO_ERROR)
		rc = w->failed;
	if (rc != LXW_NO_ERROR)
		return err_set(e, 500, "export_failed", NULL,
		               "the workbook could not be written: %s", lxw_strerror(rc));
	return 0;
}

void tab_free(struct tab_writer *w)
{
	if (!w)
		return;
	if (w->wb)
		lxw_workbook_free(w->wb);
	free(w->buf);
	free(w);
}
