/* attachments (API side): uploading a photo or document before it is attached, reading it
 * back, redacting it from the public wall, linking uploads to an appeal inside the
 * appeal's own write, and the attachment lists of the appeal views.
 *
 * Who may read an attachment: staff who can see its appeal; the submitter, with the
 * appeal's access token in X-Access-Token; anyone, when the appeal is on the public wall
 * and the attachment is not redacted; and, before it is linked, its uploader (the same
 * user, or for the public the same client address). Everyone else gets 404. */
#ifndef HUIYIN_API_ATTACHMENTS_H
#define HUIYIN_API_ATTACHMENTS_H
#include <stdbool.h>

#include "api/appeals.h"
#include "api/req.h"

/* POST /api/v1/attachments: the raw file, with its Content-Type. */
int api_attachments_upload(struct req *r);
/* GET /api/v1/attachments/{key}: the bytes, to those who may read them. */
int api_attachments_get(struct req *r);
/* POST /api/v1/attachments/{key}/redact: {"redacted": bool} (default true). */
int api_attachments_redact(struct req *r);

/* Who the caller is as an uploader, as stored in attachments.uploaded_by: 'user:ID' when
 * logged in (cookie or bearer token), else 'addr:ADDRESS'. In r's arena. */
const char *api_attachments_uploader(struct req *r);

/* Links the caller's uploads `ids` (n of them; n 0 does nothing) to appeal `appeal_id`.
 * Call it inside the write function that created or changed the appeal: on a refusal
 * (400 field `attachments`: unknown, used, someone else's, or more than 9 in all) it
 * returns -1 with e set, and the write must fail so that its savepoint undoes everything,
 * the appeal included. See attachments_link() in store/attachments.h. */
int api_attachments_link(struct req *r, struct db *db, int64_t appeal_id, const char *const *ids,
			 int n, struct err *e);
/* The same for a validated JSON array of ids (NULL or empty: nothing to do). */
int api_attachments_link_json(struct req *r, struct db *db, int64_t appeal_id, json_t *ids,
			      struct err *e);

enum attachment_view {
	ATTACHMENT_VIEW_STAFF,     /* every attachment, with its `redacted` flag */
	ATTACHMENT_VIEW_SUBMITTER, /* every attachment */
	ATTACHMENT_VIEW_PUBLIC,    /* the not redacted ones, and only of a published appeal */
};

/* The attachments of appeal `a` for a view, read through db: a new JSON array of
 * {"id","type","size"} (staff also "redacted"), oldest first. NULL with e set on a
 * database error. */
json_t *api_attachments_json(struct req *r, struct db *db, const struct store_appeal *a,
			     enum attachment_view view, struct err *e);

#endif
