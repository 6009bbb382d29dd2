/* attachments: SQL of uploaded files. The bytes live once per content in `blobs`, keyed by
 * their SHA-256, so the same file uploaded twice is stored once; each upload is its own
 * `attachments` row with an unguessable id, the sniffed type, who uploaded it ('user:ID'
 * or 'addr:ADDRESS') and, once linked, its appeal. Unlinked uploads and blobs nobody uses
 * any more are removed by store_purge() (store/notices.h). Strings are copied into the
 * caller's arena. */
#ifndef HUIYIN_STORE_ATTACHMENTS_H
#define HUIYIN_STORE_ATTACHMENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

#define ATTACHMENTS_MAX_PER_APPEAL 9
#define ATTACHMENT_SHA256_LEN      32

struct store_attachment {
	const char *id, *mime, *uploaded_by, *created_at;
	uint8_t sha256[ATTACHMENT_SHA256_LEN];
	int64_t size;
	int64_t appeal_id; /* 0: not linked yet */
	bool redacted;     /* hidden from the public wall */
};

/* Stores an upload: the blob (unless the same bytes are stored already) and a row for
 * a->id with a->sha256, a->mime, a->size, a->uploaded_by and a->created_at, unlinked.
 * `data` holds a->size bytes whose SHA-256 is a->sha256; the caller computed it.
 * Run inside a write transaction. */
int attachments_insert(struct db *db, const struct store_attachment *a, const void *data,
		       struct err *e);
/* Loads attachment `id` (without its bytes); 404 `not_found` when there is none. */
int attachments_get(struct db *db, const char *id, struct arena *ar, struct store_attachment *o,
		    struct err *e);
/* The stored bytes with this SHA-256, copied into the arena: *data, *n. 404 when the blob
 * is gone (purged between two reads). */
int attachments_data(struct db *db, const uint8_t sha256[ATTACHMENT_SHA256_LEN], struct arena *ar,
		     const void **data, size_t *n, struct err *e);
/* The attachments of an appeal, oldest first (at most ATTACHMENTS_MAX_PER_APPEAL):
 * *out in the arena, *n of them. With `public_only`, only those not redacted. */
int attachments_of_appeal(struct db *db, int64_t appeal_id, bool public_only, struct arena *ar,
			  struct store_attachment **out, int *n, struct err *e);
/* Links the n uploads `ids` to appeal `appeal_id`, inside the caller's write transaction
 * (so that a refusal, returned as -1, lets the caller undo the whole change). Each id must
 * name an upload that exists, is not linked yet (to this or any appeal, so an id listed
 * twice is refused too) and was uploaded by `uploader` ('user:ID' or 'addr:ADDRESS');
 * and the appeal may hold at most ATTACHMENTS_MAX_PER_APPEAL in all, counting those
 * linked before. Any refusal is 400 `invalid` with field `attachments`, and some of the
 * ids may be linked already then: the caller must roll back (a failing writer job does,
 * its savepoint is undone). n 0 does nothing. */
int attachments_link(struct db *db, int64_t appeal_id, const char *const *ids, int n,
		     const char *uploader, struct err *e);
/* Sets or clears the redacted flag of attachment `id`; 404 when there is none. */
int attachments_set_redacted(struct db *db, const char *id, bool redacted, struct err *e);

#endif
