/* notifications: a staff member's notices (new dispatches, overdue steps, escalations,
 * supervision, and of the three lists), newest first with the unread count and each with
 * the subject it is about, and marking one read. */
#include "api/appeals.h"
#include "api/validate.h"
#include "store/notices.h"
#include "util/clock.h"

/* What a notice is about, for the console to open: {"kind","id"} with the subject's
 * tracking number ("no") or title when it has one; null for a notice about nothing. */
static json_t *subject_json(const struct store_notification *x)
{
	if (!x->subject_kind)
		return json_null();
	json_t *o =
	    json_pack("{s:s, s:I}", "kind", x->subject_kind, "id", (json_int_t)x->subject_id);
	if (x->subject_no)
		json_object_set_new(o, "no", json_string(x->subject_no));
	if (x->subject_title)
		json_object_set_new(o, "title", json_string(x->subject_title));
	return o;
}

int api_notifications_list(struct req *r)
{
	struct page pg;
	if (query_page(r, &pg))
		return -1;
	struct store_notification *items;
	int n;
	int64_t next, unread;
	if (store_notifications(r->rdb, r->auth.user_id, pg.after, pg.limit, &r->arena, &items, &n,
				&next, &r->err) ||
	    store_notifications_unread(r->rdb, r->auth.user_id, &unread, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const struct store_notification *x = &items[i];
		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)x->id,
		              "kind", x->kind, "appeal_id",
		              x->appeal_id ? json_integer(x->appeal_id) : json_null(), "subject",
		              subject_json(x), "message", x->message, "created_at", x->created_at,
		              "read_at", x->read_at ? json_string(x->read_at) : json_null()));
	}
	json_t *out = page_result(arr, next);
	json_object_set_new(out, "unread", json_integer(unread));
	return api_reply(r, 200, out);
}

static int read_write(struct db *db, struct req *r, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	if (store_notification_read(db, r->ids[0], r->auth.user_id, now, e))
		return -1;
	return 204;
}

int api_notifications_read(struct req *r)
{
	return api_write(r, read_write, NULL);
}
