/* tabular: tables for Excel and WPS — a table described as data (columns with a key, a
 * zh-CN header, a type and a width) and two writers of its rows, cell by cell in column
 * order:
 *   - CSV: UTF-8 with a byte-order mark (so Excel and WPS read Chinese as UTF-8), the
 *     header row, RFC 4180 quoting, CRLF line ends; into a buffer the caller takes piece
 *     by piece, so a long table is streamed in pages and never held whole;
 *   - xlsx (libxlsxwriter, constant_memory mode: each row goes to a temporary file as the
 *     next begins, so memory stays flat whatever the length): one sheet per table, typed
 *     cells (dates and times as Excel dates, rates as percentages, whole numbers as
 *     numbers), a bold frozen header row with an autofilter, the columns' widths.
 * Times are stored in UTC (ISO 8601) and shown in Asia/Shanghai, like every day the
 * service counts. A text cell that a spreadsheet would take for a formula (it begins with
 * = + - @, a tab or a carriage return) is written with a leading apostrophe in CSV; in
 * xlsx a string cell is never a formula. No HTTP, no database. */
#ifndef HUIYIN_UTIL_TABULAR_H
#define HUIYIN_UTIL_TABULAR_H
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum tab_type {
	TAB_TEXT,
	TAB_INT,      /* a whole number */
	TAB_DATE,     /* "YYYY-MM-DD", a calendar day as it is */
	TAB_DATETIME, /* an ISO 8601 time (UTC), shown in Asia/Shanghai */
	TAB_PERCENT,  /* a fraction (0.857 is 85.7 %) */
};

struct tab_column {
	const char *key;    /* the field of the JSON list it mirrors */
	const char *header; /* zh-CN */
	enum tab_type type;
	double width; /* in characters, as Excel counts them */
};

struct tab_table {
	const char *name; /* the sheet's name (at most 31 characters, none of []:*?/\) */
	const struct tab_column *cols;
	int n_cols;
};

enum tab_format { TAB_CSV, TAB_XLSX };

struct tab_writer;

/* A CSV writer: its text so far is read with tab_csv_text. Never fails. */
struct tab_writer *tab_csv_new(void);
/* An xlsx writer of the workbook `path` (written at tab_finish), whose temporary files go
 * to `tmpdir`; NULL with e set when libxlsxwriter cannot start one. */
struct tab_writer *tab_xlsx_new(const char *path, const char *tmpdir, struct err *e);

/* Starts table t (a CSV writer takes one table only; xlsx: a new sheet) with its header
 * row. t must outlive the writer's use of it. */
void tab_begin(struct tab_writer *w, const struct tab_table *t);
/* The next cell of the current row, in column order; the call must fit the column's type
 * (asserted): tab_text for TAB_TEXT, tab_int for TAB_INT, tab_time for TAB_DATE and
 * TAB_DATETIME (NULL or unreadable text: an empty cell), tab_percent for TAB_PERCENT;
 * tab_blank for any. A row is complete when its last column is written. */
void tab_text(struct tab_writer *w, const char *s);
void tab_int(struct tab_writer *w, int64_t v);
void tab_time(struct tab_writer *w, const char *s);
void tab_percent(struct tab_writer *w, double v);
void tab_blank(struct tab_writer *w);
/* Data rows written since tab_begin. */
int64_t tab_rows(const struct tab_writer *w);

/* CSV: the text written since the last tab_csv_clear (BOM and header included). */
const char *tab_csv_text(const struct tab_writer *w, size_t *len);
void tab_csv_clear(struct tab_writer *w);

/* xlsx: writes the workbook and its file; 0 or -1 with e set. CSV: nothing to do. */
int tab_finish(struct tab_writer *w, struct err *e);
/* Releases the writer (an unfinished workbook is discarded); NULL is allowed. */
void tab_free(struct tab_writer *w);

#endif
