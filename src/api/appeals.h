/* appeals (API side): what the appeal handlers share — loading an appeal a staff caller
 * may see, and rendering the staff, submitter and public views. The changes of an
 * appeal's state are ops/appeal.h. */
#ifndef HUIYIN_API_APPEALS_H
#define HUIYIN_API_APPEALS_H

#include "api/export.h"
#include "api/req.h"
#include "ops/appeal.h"

/* Loads appeal `id` for a staff caller; 404 when it does not exist or is out of scope. */
int appeal_load_visible(struct req *r, struct db *db, int64_t id, struct store_appeal *a,
                        struct err *e);
/* Views. The staff view masks personal data unless `reveal`; with a calendar it adds
 * "countdown": the next pending deadline with the working time left at `now` (negative when
 * overdue), counted by the calendar: {"step","due","working_seconds"}. Written as text
 * (util/jsonw.h): a page holds fifty. */
struct workcal;
void appeal_staff_write(struct jw *w, struct req *r, const struct store_appeal *a, bool reveal,
                        const struct workcal *cal, int64_t now);
/* Answers the staff view of `a` (countdown at the current time when cal is given). */
int appeal_reply_staff(struct req *r, int status, const struct store_appeal *a, bool reveal,
                       const struct workcal *cal);
/* Answers a page of the queue: {"items": [staff views], "next": cursor or null}. */
int appeal_page_reply(struct req *r, const struct store_appeal *items, int n, int64_t next);
json_t *appeal_track_json(struct req *r, struct db *db, const struct store_appeal *a);
/* Open appeals in the caller's scope that look like a (text, category, place), best first,
 * at most ten: [{"id","tracking_no","title","status","category","score"}]. */
json_t *appeal_similar_json(struct req *r, struct db *db, const struct store_appeal *a);
json_t *appeal_public_json(const struct store_appeal *a, const char *community_name);
/* The events of `a`, oldest first: every one with its actor and hash, or with public_only
 * the submitter's timeline (public steps only, no staff ids or names, no units). */
json_t *appeal_events_json(struct req *r, struct db *db, const struct store_appeal *a,
                           bool public_only);

int api_appeals_create(struct req *r);
/* GET /appeals: the queue and search; with `topic` the cases of a group of 每月一题
 * (api_topic_cases, api/stats_topics.c). */
int api_appeals_list(struct req *r);
/* The queue's download (GET /appeals?...&format=csv|xlsx, list_exports.c): every row of
 * the filter f (the queue's, scope included), as export_reply answers. */
int appeals_export(struct req *r, enum export_format fmt, const struct appeal_filter *f);
int api_topic_cases(struct req *r);
int api_appeals_get(struct req *r);
int api_appeals_step(struct req *r);
int api_appeals_events(struct req *r);
int api_appeals_similar(struct req *r);
int api_appeals_templates(struct req *r);
int api_public_appeals(struct req *r);
int api_track_get(struct req *r);
int api_track_step(struct req *r);
int api_notifications_list(struct req *r);
int api_notifications_read(struct req *r);

#endif
