/* notices: SQL of notifications, the outbox and idempotency keys, and the outbox's file
 * sink (see notices.h). */
#include "store/notices.h"
#include "store/rows.h"

#include <assert.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const subject_kind_names[SUBJECT__MAX] = {
    [SUBJECT_NONE] = NULL,           [SUBJECT_APPEAL] = "appeal",   [SUBJECT_NEED] = "need",
    [SUBJECT_RESOURCE] = "resource", [SUBJECT_PROJECT] = "project", [SUBJECT_ACTIVITY] = "activity",
    [SUBJECT_ROOM] = "room",
};

static struct db_query q_notify =
    DB_QUERY("INSERT INTO notifications (user_id, kind, appeal_id, message, dedupe_key, created_at,"
             " subject_kind, subject_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
             " ON CONFLICT (user_id, dedupe_key) DO NOTHING");
/* Neither IN nor DISTINCT: SQLite builds a temporary b-tree for each on every run, and
 * this runs up to three times per submission (the dispatchers nearest the place, level by
 * level); a user holding two of the roles is counted once by the caller. */
static struct db_query q_role_users = DB_QUERY("SELECT user_id FROM user_roles WHERE org_id = ?1"
                                               " AND (role = ?2 OR role = ?3 OR role = ?4)");
/* The subject's number or title comes with the notice: at most one of the joins matches
 * (each by its table's key), so the page costs a key lookup per row. */
static struct db_query q_list = DB_QUERY(
    "SELECT n.id, n.appeal_id, n.kind, n.message, n.created_at, n.read_at, n.subject_kind,"
    " n.subject_id, COALESCE(a.tracking_no, d.tracking_no), COALESCE(p.title, r.title, v.title)"
    " FROM notifications n"
    " LEFT JOIN appeals a ON n.subject_kind = 'appeal' AND a.id = n.subject_id"
    " LEFT JOIN needs d ON n.subject_kind = 'need' AND d.id = n.subject_id"
    " LEFT JOIN projects p ON n.subject_kind = 'project' AND p.id = n.subject_id"
    " LEFT JOIN resources r ON n.subject_kind = 'resource' AND r.id = n.subject_id"
    " LEFT JOIN activities v ON n.subject_kind = 'activity' AND v.id = n.subject_id"
    " WHERE n.user_id = ?1 AND (n.id < ?2 OR ?2 IS NULL) ORDER BY n.id DESC LIMIT ?3");
static struct db_query q_unread =
    DB_QUERY("SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL");
static struct db_query q_read = DB_QUERY(
    "UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND user_id = ?2");
static struct db_query q_outbox_add = DB_QUERY(
    "INSERT INTO outbox (channel, recipient, subject, body, dedupe_key, created_at,"
    " next_attempt_at, subject_kind, subject_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)"
    " ON CONFLICT (dedupe_key) DO NOTHING");
static struct db_query q_outbox_due =
    DB_QUERY("SELECT id, attempts, channel, recipient, subject, body, dedupe_key, created_at,"
             " subject_kind, subject_id FROM outbox"
             " WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2");
static struct db_query q_outbox_sent =
    DB_QUERY("UPDATE outbox SET sent_at = ?2, attempts = attempts + 1 WHERE id = ?1");
static struct db_query q_outbox_failed =
    DB_QUERY("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3"
             " WHERE id = ?1");
static struct db_query q_idem_get =
    DB_QUERY("SELECT request_hash, status, response FROM idempotency_keys WHERE key = ?1"
             " AND created_at >= ?2");
static struct db_query q_idem_put =
    DB_QUERY("INSERT INTO idempotency_keys (key, request_hash, status, response, created_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (key) DO UPDATE SET request_hash = ?2,"
             " status = ?3, response = ?4, created_at = ?5");
static struct db_query q_purge_idem =
    DB_QUERY("DELETE FROM idempotency_keys WHERE created_at < ?1");
static struct db_query q_purge_uploads =
    DB_QUERY("DELETE FROM attachments WHERE appeal_id IS NULL AND created_at < ?1"
             " AND NOT EXISTS (SELECT 1 FROM rooms r WHERE r.photo_id = attachments.id)");
static struct db_query q_purge_blobs =
    DB_QUERY("DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM attachments t"
             " WHERE t.sha256 = blobs.sha256)");
static struct db_query q_purge_sessions = DB_QUERY("DELETE FROM sessions WHERE expires_at < ?1");
static struct db_query q_purge_counters =
    DB_QUERY("DELETE FROM rate_counters WHERE window_start < ?1");

/* Binds the subject at parameters i (its kind's name) and i + 1 (its id), NULL for none. */
static void bind_subject(struct db_stmt *st, int i, struct subject about)
{
	assert((unsigned)about.kind < SUBJECT__MAX);
	assert(about.kind == SUBJECT_NONE ? about.id == 0 : about.id > 0);
	if (about.kind == SUBJECT_NONE)
		db_bind_null(st, i);
	else
		db_bind_text(st, i, subject_kind_names[about.kind]);
	db_bind_id(st, i + 1, about.id);
}

int store_notify(struct db *db, int64_t user_id, const char *kind, struct subject about,
                 const char *message, const char *dedupe_key, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_notify, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, kind);
	db_bind_id(st, 3, about.kind == SUBJECT_APPEAL ? about.id : 0);
	db_bind_text(st, 4, message);
	db_bind_text(st, 5, dedupe_key);
	db_bind_text(st, 6, now);
	bind_subject(st, 7, about);
	return db_run(st, e, db);
}

int store_notify_role_at(struct db *db, const char *const *roles, int64_t org_id, const char *kind,
                         struct subject about, const char *message, const char *dedupe_key,
                         const char *now, int64_t *n, struct err *e)
{
	int64_t users[256];
	int count = 0, rc;
	struct db_stmt *st = db_prepare(db, &q_role_users, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, org_id);
	/* Up to three roles; missing ones repeat the last one given. */
	const char *picked[3];
	int k = 0;
	for (; k < 3 && roles[k]; k++)
		picked[k] = roles[k];
	for (int i = k; i < 3; i++)
		picked[i] = k ? picked[k - 1] : "";
	for (int i = 0; i < 3; i++)
		db_bind_text(st, 2 + i, picked[i]);
	while ((rc = db_step(st)) == DB_ROW && count < 256) {
		int64_t id = db_col_int64(st, 0);
		int i = 0;
		while (i < count && users[i] != id)
			i++;
		if (i == count)
			users[count++] = id;
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	for (int i = 0; i < count; i++)
		if (store_notify(db, users[i], kind, about, message, dedupe_key, now, e))
			return -1;
	*n = count;
	return 0;
}

static void read_notification(struct db_stmt *st, struct arena *a, void *item)
{
	struct store_notification *x = item;
	x->id = db_col_int64(st, 0);
	x->appeal_id = db_col_int64(st, 1);
	x->kind = arena_strdup(a, db_col_text(st, 2));
	x->message = arena_strdup(a, db_col_text(st, 3));
	x->created_at = arena_strdup(a, db_col_text(st, 4));
	x->read_at = rows_text(st, 5, a);
	x->subject_kind = rows_text(st, 6, a);
	x->subject_id = db_col_int64(st, 7);
	x->subject_no = rows_text(st, 8, a);
	x->subject_title = rows_text(st, 9, a);
}

int store_notifications(struct db *db, int64_t user_id, int64_t after, int64_t limit,
                        struct arena *a, struct store_notification **out, int *n, int64_t *next,
                        struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_list, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	db_bind_id(st, 2, after);
	db_bind_int64(st, 3, limit + 1);
	*out = rows_page(st, limit, sizeof **out, offsetof(struct store_notification, id),
	                 read_notification, a, n, next, e);
	return *out ? 0 : -1;
}

int store_notifications_unread(struct db *db, int64_t user_id, int64_t *count, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_unread, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, user_id);
	int rc = db_step(st);
	*count = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW ? 0 : err_internal(e, "database error");
}

int store_notification_read(struct db *db, int64_t id, int64_t user_id, const char *now,
                            struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_read, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, user_id);
	db_bind_text(st, 3, now);
	return rows_run_found(db, st, "notification", e);
}

int store_outbox_add(struct db *db, const char *channel, const char *recipient, const char *subject,
                     const char *body, struct subject about, const char *dedupe_key,
                     const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_outbox_add, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, channel);
	db_bind_text(st, 2, recipient);
	db_bind_text(st, 3, subject);
	db_bind_text(st, 4, body);
	db_bind_text(st, 5, dedupe_key);
	db_bind_text(st, 6, now);
	bind_subject(st, 7, about);
	return db_run(st, e, db);
}

int store_outbox_due(struct db *db, const char *now, int limit, struct arena *a,
                     struct store_outbox **out, int *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_outbox_due, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, now);
	db_bind_int64(st, 2, limit);
	struct store_outbox *items = arena_alloc(a, sizeof *items * (size_t)limit);
	int count = 0, rc;
	while (count < limit && (rc = db_step(st)) == DB_ROW) {
		struct store_outbox *x = &items[count++];
		x->id = db_col_int64(st, 0);
		x->attempts = db_col_int64(st, 1);
		x->channel = arena_strdup(a, db_col_text(st, 2));
		x->recipient = arena_strdup(a, db_col_text(st, 3));
		x->subject = arena_strdup(a, db_col_text(st, 4));
		x->body = arena_strdup(a, db_col_text(st, 5));
		x->dedupe_key = arena_strdup(a, db_col_text(st, 6));
		x->created_at = arena_strdup(a, db_col_text(st, 7));
		x->subject_kind = rows_text(st, 8, a);
		x->subject_id = db_col_int64(st, 9);
	}
	db_reset(st);
	*out = items;
	*n = count;
	return 0;
}

int store_outbox_sent(struct db *db, int64_t id, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_outbox_sent, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, now);
	return db_run(st, e, db);
}

int store_outbox_failed(struct db *db, int64_t id, const char *retry_at, const char *error,
                        struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_outbox_failed, e);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, retry_at);
	db_bind_text(st, 3, error);
	return db_run(st, e, db);
}

int store_idem_get(struct db *db, const char *key, const char *since, struct arena *a,
                   uint8_t hash[32], int *status, const void **response, size_t *len, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_idem_get, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, since);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *h = db_col_blob(st, 0, &n);
		memset(hash, 0, 32);
		if (h && n == 32)
			memcpy(hash, h, 32);
		*status = (int)db_col_int64(st, 1);
		const void *p = db_col_blob(st, 2, len);
		void *copy = arena_alloc(a, *len ? *len : 1);
		if (p && *len)
			memcpy(copy, p, *len);
		*response = copy;
	}
	db_reset(st);
	if (rc < 0)
		return err_internal(e, "database error");
	return rc == DB_ROW ? 0 : 1;
}

int store_idem_put(struct db *db, const char *key, const uint8_t hash[32], int status,
                   const void *response, size_t len, const char *now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, &q_idem_put, e);
	if (!st)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_blob(st, 2, hash, 32);
	db_bind_int64(st, 3, status);
	db_bind_blob(st, 4, response, len);
	db_bind_text(st, 5, now);
	return db_run(st, e, db);
}

static int run_text(struct db *db, struct db_query *q, const char *text, struct err *e)
{
	struct db_stmt *st = db_prepare(db, q, e);
	if (!st)
		return -1;
	if (text)
		db_bind_text(st, 1, text);
	return db_run(st, e, db);
}

int store_purge(struct db *db, const char *before, const char *uploads_before, const char *now,
                struct err *e)
{
	if (run_text(db, &q_purge_idem, before, e) ||
	    run_text(db, &q_purge_uploads, uploads_before, e) ||
	    run_text(db, &q_purge_blobs, NULL, e) || run_text(db, &q_purge_sessions, now, e) ||
	    run_text(db, &q_purge_counters, before, e))
		return -1;
	return 0;
}

/* Appends one JSON line per notice to the sink at path and makes them durable. Returns 0
 * only when every line was written, flushed, synced and the file closed without error;
 * otherwise -1 with *why set (some lines may be in the file: delivery is at least once,
 * and receivers de-duplicate by id). */
int store_outbox_sink(const char *path, const struct store_outbox *items, int n, const char **why)
{
	assert(path && (items || !n) && why);
	FILE *f = fopen(path, "a");
	if (!f) {
		*why = "cannot open the sink";
		return -1;
	}
	*why = NULL;
	for (int i = 0; i < n && !*why; i++) {
		const struct store_outbox *x = &items[i];
		json_t *j = json_pack(
		    "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "id", (json_int_t)x->id,
		    "channel", x->channel, "recipient", x->recipient, "subject", x->subject, "body",
		    x->body, "subject_kind",
		    x->subject_kind ? json_string(x->subject_kind) : json_null(), "subject_id",
		    x->subject_kind ? json_integer(x->subject_id) : json_null(), "dedupe_key",
		    x->dedupe_key, "created_at", x->created_at);
		char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
		if (!line || fprintf(f, "%s\n", line) < 0)
			*why = "cannot write to the sink";
		free(line);
		json_decref(j);
	}
	if (!*why && (fflush(f) || fsync(fileno(f))))
		*why = "cannot flush the sink";
	if (fclose(f) && !*why)
		*why = "cannot close the sink";
	return *why ? -1 : 0;
}
