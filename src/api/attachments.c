/* attachments: POST /api/v1/attachments (upload), GET /api/v1/attachments/{key} (read),
 * POST /api/v1/attachments/{key}/redact, and the helpers appeals use to link uploads and
 * list them (see attachments.h).
 *
 * An upload is judged by its bytes, never by its label: the first bytes must be a JPEG,
 * PNG, WebP or PDF, and the Content-Type the client sent must say the same, so a script
 * renamed to .png or a PDF sent as a photo is refused. Files are stored by their SHA-256
 * (the same bytes twice are one blob) under an unguessable id of 256 random bits, and are
 * served with the stored type, `nosniff` and a private cache lifetime. A reader who may
 * not see an attachment gets the same 404 as for one that does not exist. */
#include "api/attachments.h"
#include "api/admin_log.h"
#include "api/validate.h"
#include "domain/sniff.h"
#include "store/attachments.h"
#include "util/clock.h"
#include "util/secret.h"

#include <sodium.h>
#include <string.h>

/* Attachments are as private as the appeal; a browser may keep them for a day. */
#define ATTACHMENT_CACHE "private, max-age=86400"

struct upload {
	struct store_attachment a;
	char id[SECRET_TOKEN_LEN + 1];
	const char *data;
};

const char *api_attachments_uploader(struct req *r)
{
	if (r->auth.user_id)
		return arena_printf(&r->arena, "user:%lld", (long long)r->auth.user_id);
	return arena_printf(&r->arena, "addr:%s", r->client_addr ? r->client_addr : "");
}

static int upload_write(struct db *db, struct req *r, struct err *e)
{
	struct upload *up = r->write_arg;
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	up->a.created_at = arena_strdup(&r->arena, now);
	if (attachments_insert(db, &up->a, up->data, e))
		return -1;
	char hex[2 * ATTACHMENT_SHA256_LEN + 1];
	sodium_bin2hex(hex, sizeof hex, up->a.sha256, sizeof up->a.sha256);
	return api_reply(r, 201,
			 json_pack("{s:s, s:s, s:I, s:s}", "id", up->a.id, "type", up->a.mime,
				   "size", (json_int_t)up->a.size, "sha256", hex));
}

int api_attachments_upload(struct req *r)
{
	if (!r->raw || !r->raw_len)
		return err_invalid(&r->err, "file", "the body is empty; send the file's bytes");
	struct upload *up = arena_alloc(&r->arena, sizeof *up);
	memset(up, 0, sizeof *up);
	const char *type = sniff_type((const uint8_t *)r->raw, r->raw_len);
	if (!type)
		return err_set(&r->err, 400, "unsupported_type", "file",
			       "only photos (JPEG, PNG, WebP) and PDF documents can be attached");
	/* The header is not echoed: it is the client's text, of any length and encoding. */
	if (!sniff_type_agrees(req_header(r, "Content-Type"), type))
		return err_set(&r->err, 400, "unsupported_type", "file",
			       "the file is %s, but its Content-Type says otherwise", type);
	secret_token(up->id);
	up->a.id = up->id;
	up->a.mime = type;
	up->a.size = (int64_t)r->raw_len;
	up->a.uploaded_by = api_attachments_uploader(r);
	crypto_hash_sha256(up->a.sha256, (const unsigned char *)r->raw, r->raw_len);
	up->data = r->raw;
	return api_write(r, upload_write, up);
}

/* May the caller read attachment `att`? 1 yes, 0 no, -1 on a database error (r->err). */
static int may_read(struct req *r, const struct store_attachment *att)
{
	if (!att->appeal_id)
		return !strcmp(att->uploaded_by, api_attachments_uploader(r));
	struct store_appeal a;
	struct err e = {0};
	if (store_appeal_get(r->rdb, att->appeal_id, &r->arena, &a, &e)) {
		if (e.status >= 500)
			return r->err = e, -1;
		return 0;
	}
	if (r->auth.user_id) {
		struct appeal_facts f;
		appeal_facts_of(&a, &f);
		if (appeal_visible(&r->auth.who, &f))
			return 1;
	}
	const char *token = req_header(r, "X-Access-Token");
	if (token && *token) {
		uint8_t hash[SECRET_HASH_LEN];
		secret_hash(token, strlen(token), hash);
		if (!sodium_memcmp(hash, a.access_hash, sizeof hash))
			return 1;
	}
	return a.published && !att->redacted;
}

/* Loads attachment r->keys[0]; any failure but a database error reads as 404. */
static int load(struct req *r, struct store_attachment *att)
{
	struct err e = {0};
	if (!attachments_get(r->rdb, r->keys[0], &r->arena, att, &e))
		return 0;
	if (e.status >= 500)
		return r->err = e, -1;
	return err_not_found(&r->err, "attachment");
}

int api_attachments_get(struct req *r)
{
	struct store_attachment att;
	if (load(r, &att))
		return -1;
	int ok = may_read(r, &att);
	if (ok <= 0)
		return ok < 0 ? -1 : err_not_found(&r->err, "attachment");
	const void *data;
	size_t n;
	if (attachments_data(r->rdb, att.sha256, &r->arena, &data, &n, &r->err))
		return -1;
	r->out_raw = data;
	r->out_raw_len = n;
	r->out_type = att.mime;
	r->out_cache = ATTACHMENT_CACHE;
	return 200;
}

static const struct vfield redact_fields[] = {
    {"redacted", V_BOOL, 0},
};

struct redaction {
	struct store_attachment att;
	bool redacted;
};

static json_t *attachment_json(const struct store_attachment *att, bool staff)
{
	json_t *j = json_pack("{s:s, s:s, s:I}", "id", att->id, "type", att->mime, "size",
			      (json_int_t)att->size);
	if (staff)
		json_object_set_new(j, "redacted", json_boolean(att->redacted));
	return j;
}

static int redact_write(struct db *db, struct req *r, struct err *e)
{
	struct redaction *rd = r->write_arg;
	if (attachments_set_redacted(db, rd->att.id, rd->redacted, e))
		return -1;
	json_t *data = json_pack("{s:s, s:I, s:b}", "attachment", rd->att.id, "appeal_id",
				 (json_int_t)rd->att.appeal_id, "redacted", rd->redacted);
	if (admin_log(db, r, "attachment_redact", data, e))
		return -1;
	rd->att.redacted = rd->redacted;
	json_t *out = attachment_json(&rd->att, true);
	json_object_set_new(out, "appeal_id", json_integer(rd->att.appeal_id));
	return api_reply(r, 200, out);
}

int api_attachments_redact(struct req *r)
{
	if (r->body && validate_body(r, redact_fields, 1, false))
		return -1;
	struct redaction *rd = arena_alloc(&r->arena, sizeof *rd);
	rd->redacted = r->body ? body_bool(r, "redacted", true) : true;
	if (load(r, &rd->att))
		return -1;
	if (!rd->att.appeal_id) {
		/* Someone else's upload does not exist for this caller; one's own is not on any
		 * wall yet. */
		if (strcmp(rd->att.uploaded_by, api_attachments_uploader(r)))
			return err_not_found(&r->err, "attachment");
		return err_conflict(&r->err, "wrong_state",
				    "the upload is not attached to an appeal yet");
	}
	struct store_appeal a;
	struct err e = {0};
	if (appeal_load_visible(r, r->rdb, rd->att.appeal_id, &a, &e)) {
		if (e.status >= 500)
			return r->err = e, -1;
		return err_not_found(&r->err, "attachment");
	}
	/* The dispatchers of the appeal's place publish it, so they decide what shows. */
	if (!scope_can_change(&r->auth.who, ROLE_BIT(ROLE_DISPATCHER), a.place_path))
		return err_forbidden(&r->err,
				     "only the appeal's dispatchers redact its attachments");
	return api_write(r, redact_write, rd);
}

int api_attachments_link(struct req *r, struct db *db, int64_t appeal_id, const char *const *ids,
			 int n, struct err *e)
{
	if (n <= 0)
		return 0;
	return attachments_link(db, appeal_id, ids, n, api_attachments_uploader(r), e);
}

int api_attachments_link_json(struct req *r, struct db *db, int64_t appeal_id, json_t *ids,
			      struct err *e)
{
	size_t n = json_array_size(ids);
	if (!n)
		return 0;
	const char **list = arena_alloc(&r->arena, sizeof *list * n);
	size_t i;
	json_t *x;
	json_array_foreach(ids, i, x)
	{
		list[i] = json_string_value(x);
		if (!list[i])
			return err_invalid(e, "attachments", "attachments must be a list of ids");
	}
	return api_attachments_link(r, db, appeal_id, list, (int)n, e);
}

json_t *api_attachments_json(struct req *r, struct db *db, const struct store_appeal *a,
			     enum attachment_view view, struct err *e)
{
	json_t *items = json_array();
	if (view == ATTACHMENT_VIEW_PUBLIC && !a->published)
		return items;
	struct store_attachment *list;
	int n;
	if (attachments_of_appeal(db, a->id, view == ATTACHMENT_VIEW_PUBLIC, &r->arena, &list, &n,
				  e)) {
		json_decref(items);
		return NULL;
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(items,
				      attachment_json(&list[i], view == ATTACHMENT_VIEW_STAFF));
	return items;
}
