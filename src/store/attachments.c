/* attachments: SQL of uploaded files and their content-addressed blobs (see attachments.h). */
#include "store/attachments.h"
#include "store/rows.h"

#include <string.h>

#define ATTACHMENT_COLS "id, sha256, mime, size, appeal_id, uploaded_by, redacted, created_at"

static struct db_query q_blob_put =
    DB_QUERY("INSERT INTO blobs (sha256, data) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING");
static struct db_query q_insert =
    DB_QUERY("INSERT INTO attachments (id, sha256, mime, size, uploaded_by, created_at)"
	     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
static struct db_query q_get =
    DB_QUERY("SELECT " ATTACHMENT_COLS " FROM attachments WHERE id = ?1");
static struct db_query q_data = DB_QUERY("SELECT data FROM blobs WHERE sha256 = ?1");
static struct db_query q_of_appeal =
    DB_QUERY("SELECT " ATTACHMENT_COLS " FROM attachments WHERE appeal_id = ?1"
	     " AND (?2 = 0 OR redacted = 0) ORDER BY created_at, id LIMIT ?3");
static struct db_query q_count = DB_QUERY("SELECT COUNT(*) FROM attachments WHERE appeal_id = ?1");
/* Only a free upload of the same uploader is taken; anything else changes no row. */
static struct db_query q_link =
    DB_QUERY("UPDATE attachments SET appeal_id = ?2 WHERE id = ?1 AND appeal_id IS NULL"
	     " AND uploaded_by = ?3");
static struct db_query q_redact = DB_QUERY("UPDATE attachments SET redacted = ?2 WHERE id = ?1");

static int step_error(struct db *db, int rc, struct err *e)
{
	if (rc == DB_BUSY)
		return err_set(e, 503, "busy", NULL, "the database is busy, try again");
	return err_set(e, 500, "db_error", NULL, "database error: %s", db_errmsg(db));
}

static void read_attachment(struct db_stmt *st, struct arena *ar, struct store_attachment *o)
{
	memset(o, 0, sizeof *o);
	o->id = arena_strdup(ar, db_col_text(st, 0));
	size_t n = 0;
	const void *h = db_col_blob(st, 1, &n);
	if (h && n == sizeof o->sha256)
		memcpy(o->sha256, h, n);
	o->mime = arena_strdup(ar, db_col_text(st, 2));
	o->size = db_col_int64(st, 3);
	o->appeal_id = db_col_null(st, 4) ? 0 : db_col_int64(st, 4);
	o->uploaded_by = arena_strdup(ar, db_col_text(st, 5));
	o->redacted = db_col_int64(st, 6) != 0;
	o->created_at = arena_strdup(ar, db_col_text(st, 7));
}

int attachments_insert(struct db *db, const struct store_attachment *a, const void *data,
		       struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_blob_put, e);
	if (!st)
		return -1;
	db_bind_blob(st, 1, a->sha256, sizeof a->sha256);
	db_bind_blob(st, 2, data, (size_t)a->size);
	if (db_run(st, e, db))
		return -1;
	if (!(st = db_prepare(db, &q_insert, e)))
		return -1;
	db_bind_text(st, 1, a->id);
	db_bind_blob(st, 2, a->sha256, sizeof a->sha256);
	db_bind_text(st, 3, a->mime);
	db_bind_int64(st, 4, a->size);
	db_bind_text(st, 5, a->uploaded_by);
	db_bind_text(st, 6, a->created_at);
	return db_run(st, e, db);
}

int attachments_get(struct db *db, const char *id, struct arena *ar, struct store_attachment *o,
		    struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_get, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_attachment(st, ar, o);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? err_not_found(e, "attachment") : step_error(db, rc, e);
}

int attachments_data(struct db *db, const uint8_t sha256[ATTACHMENT_SHA256_LEN], struct arena *ar,
		     const void **data, size_t *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_data, e);
	if (!st)
		return -1;
	db_bind_blob(st, 1, sha256, ATTACHMENT_SHA256_LEN);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		size_t len = 0;
		const void *p = db_col_blob(st, 0, &len);
		void *copy = arena_alloc(ar, len ? len : 1);
		if (len)
			memcpy(copy, p, len);
		*data = copy;
		*n = len;
	}
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? err_not_found(e, "attachment") : step_error(db, rc, e);
}

int attachments_of_appeal(struct db *db, int64_t appeal_id, bool public_only, struct arena *ar,
			  struct store_attachment **out, int *n, struct err *e)
{
	*out = arena_alloc(ar, sizeof **out * ATTACHMENTS_MAX_PER_APPEAL);
	*n = 0;
	struct db_stmt *st = db_prepare(db, &q_of_appeal, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, appeal_id);
	db_bind_int64(st, 2, public_only);
	db_bind_int64(st, 3, ATTACHMENTS_MAX_PER_APPEAL);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < ATTACHMENTS_MAX_PER_APPEAL)
		read_attachment(st, ar, &(*out)[(*n)++]);
	db_reset(st);
	return rc < 0 ? step_error(db, rc, e) : 0;
}

int attachments_link(struct db *db, int64_t appeal_id, const char *const *ids, int n,
		     const char *uploader, struct err *e)
{
	if (n <= 0)
		return 0;
	struct db_stmt *st = db_prepare(db, &q_count, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, appeal_id);
	int rc = db_step(st);
	int64_t linked = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_reset(st);
	if (rc < 0)
		return step_error(db, rc, e);
	if (linked + n > ATTACHMENTS_MAX_PER_APPEAL)
		return err_invalid(e, "attachments",
				   "an appeal holds at most %d attachments; it has %lld already",
				   ATTACHMENTS_MAX_PER_APPEAL, (long long)linked);
	for (int i = 0; i < n; i++) {
		if (!(st = db_prepare(db, &q_link, e)))
			return -1;
		db_bind_text(st, 1, ids[i]);
		db_bind_int64(st, 2, appeal_id);
		db_bind_text(st, 3, uploader);
		if (db_run(st, e, db))
			return -1;
		/* Unknown, already used or someone else's: one answer, so nothing leaks. */
		if (db_changes(db) != 1)
			return err_invalid(
			    e, "attachments",
			    "attachments[%d] is not an upload of yours that is still "
			    "free to attach",
			    i);
	}
	return 0;
}

int attachments_set_redacted(struct db *db, const char *id, bool redacted, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_redact, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, id);
	db_bind_int64(st, 2, redacted);
	return rows_run_found(db, st, "attachment", e);
}
