/* notifications: a staff member's notices (new dispatches, overdue steps, escalations,
 * supervision), newest first with the unread count, and marking one read. */
#include "api/appeals.h"
#include "api/validate.h"
#include "store/notices.h"
#include "util/clock.h"

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
	for (int i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:o, s:s, s:s, s:o}", "id", (json_int_t)items[i].id,
				       "kind", items[i].kind, "appeal_id",
				       items[i].appeal_id ? json_integer(items[i].appeal_id)
							  : json_null(),
				       "message", items[i].message, "created_at", items[i].created_at,
				       "read_at",
				       items[i].read_at ? json_string(items[i].read_at) : json_null()));
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
