/* orgs: queries over the organisation tree and alliance membership. Strings in the
 * records are copied into the caller's arena. */
#ifndef HUIYIN_STORE_ORGS_H
#define HUIYIN_STORE_ORGS_H
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct store_org {
	int64_t id, parent_id, version;
	const char *kind, *unit_type, *name, *description, *address, *contact_name,
		*contact_phone, *path, *created_at, *updated_at;
	const char *joined_on; /* membership listings only */
};

/* A column holding a copy of an org's path (orgs.path itself included), and the column of
 * the same row naming that org. */
struct store_path_copy {
	const char *table, *column, *id_column;
};
extern const struct store_path_copy store_path_copies[];
extern const int store_path_copies_n;

/* SQL for the path of the org named by parameter `id` (text such as "?3") as it is in
 * the writing transaction, or the parameter `fallback` when there is no such org (a NULL
 * id). Every statement storing a path copy uses it: the caller's copy of the path was
 * read before the transaction, and a move may have come between. */
#define STORE_ORG_PATH_OF(id, fallback)                                                      \
	"COALESCE((SELECT path FROM orgs WHERE id = " id "), " fallback ")"

struct store_org_filter {
	int64_t parent_id;    /* 0: any */
	const char *kind;     /* NULL: any */
	const char *q;        /* substring of the name, NULL: any */
	int64_t after;        /* cursor: ids below this, 0: from the newest */
	int64_t limit;
};

/* 0 and *o filled, or -1 with a 404 in e. */
int store_org_get(struct db *db, int64_t id, struct arena *a, struct store_org *o, struct err *e);
/* Up to f->limit orgs, newest first; *next is the cursor of the next page or 0. */
int store_org_list(struct db *db, const struct store_org_filter *f, struct arena *a,
		   struct store_org **out, int *n, int64_t *next, struct err *e);
/* The district, the root of the tree (the newest, should there be more): 0 with *o, 1 when
 * there is none yet (a database made without the demo), -1 with e set. */
int store_org_district(struct db *db, struct arena *a, struct store_org *o, struct err *e);
/* Inserts o (parent_id 0 for the root) with its path computed from parent_path; sets
 * o->id and o->path. */
int store_org_insert(struct db *db, struct store_org *o, const char *parent_path,
		     struct arena *a, struct err *e);
/* Writes the changeable fields of o; when new_path differs from old_path, moves the org
 * and its whole subtree: the path of every org in it and every copy of those paths
 * (store_path_copies[]), in the caller's transaction, so scope decided on any copy follows
 * the move at once. Fails with 409 when o->version is stale. */
int store_org_update(struct db *db, const struct store_org *o, const char *old_path,
		     const char *new_path, struct err *e);
int store_member_add(struct db *db, int64_t alliance_id, int64_t unit_id, const char *joined_on,
		     struct err *e);
/* Member units of an alliance (joined_on set), paged by unit id. */
int store_member_list(struct db *db, int64_t alliance_id, int64_t after, int64_t limit,
		      struct arena *a, struct store_org **out, int *n, int64_t *next,
		      struct err *e);
/* Alliances a unit belongs to, for showing on the unit. */
int store_member_of(struct db *db, int64_t unit_id, struct arena *a, struct store_org **out,
		    int *n, struct err *e);

#endif
