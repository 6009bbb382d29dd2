/* needs: queries over the need list (需求清单) — needs with the personal data of public
 * submitters kept apart (persons), their tracking numbers, the units that took part
 * (whistled, committed, named in a project), the appeal a need came from, and the event
 * log. Also the list-query composer and the scope filter the stores of the three lists
 * share. Strings are copied into the caller's arena; unset texts are NULL. */
#ifndef HUIYIN_STORE_NEEDS_H
#define HUIYIN_STORE_NEEDS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/appeals.h"
#include "store/db.h"
#include "util/arena.h"

struct store_need {
	int64_t id, version;
	const char *tracking_no;
	uint8_t access_hash[32];
	bool has_token;          /* public needs carry an access token */
	const char *source;      /* public, staff, appeal */
	const char *title, *description, *category;
	int64_t community_id;
	const char *place_path, *address, *community_name;
	const char *beneficiaries_who;
	int64_t beneficiaries_count;
	const char *wanted_by, *urgency, *status, *close_reason, *whistled_at;
	int64_t person_id, created_by, appeal_id;
	const char *created_at, *updated_at;
	int64_t event_count;
	/* personal data of a public submitter (from persons); NULL for staff needs */
	const char *name, *phone, *email;
	bool erased;
};

struct store_need_unit {
	int64_t org_id;
	const char *org_path, *name, *via, *at;
};

/* The caller's scope for a list: all (a grant at the root), or the subtrees of `paths`
 * and the orgs `org_ids` themselves (their grants). */
struct store_scope {
	bool all;
	const char *const *paths;
	int n_paths;
	const int64_t *org_ids;
	int n_orgs;
};

struct need_filter {
	struct store_scope scope;
	const char *status, *category;
	const char *community_path;  /* place within this subtree */
	int64_t appeal_id;
	const char *q;               /* a substring of the title or description */
	int64_t after, limit;
};

int store_need_get(struct db *db, int64_t id, struct arena *a, struct store_need *o,
		   struct err *e);
int store_need_by_tracking(struct db *db, const char *tracking_no, struct arena *a,
			   struct store_need *o, struct err *e);
/* Inserts the need (and, for a public need or one with personal data, its person); sets
 * o->id, o->person_id and o->version. */
int store_need_insert(struct db *db, struct store_need *o, struct err *e);
/* Writes the changeable columns; 409 `stale` unless o->version is the stored version.
 * Bumps o->version. */
int store_need_update(struct db *db, struct store_need *o, const char *now, struct err *e);
int store_need_list(struct db *db, const struct need_filter *f, struct arena *a,
		    struct store_need **out, int *n, int64_t *next, struct err *e);
/* The event log, oldest first; public_only keeps what the submitter sees. */
int store_need_events(struct db *db, int64_t id, bool public_only, struct arena *a,
		      struct store_event **out, int *n, struct err *e);
/* Reads the rows of an event query (seq, type, actor_kind, actor_id, public, data,
 * created_at, actor's display name) and resets the statement: the logs of needs,
 * resources and projects have the same shape as appeals'. */
int store_events_read(struct db_stmt *st, struct arena *a, struct store_event **out, int *n,
		      struct err *e);
/* The next need number of the day ("20261124" -> 1, 2, ...), apart from appeals'. */
int store_need_tracking_next(struct db *db, const char *day, int64_t *seq, struct err *e);
/* Units that took part, in order of joining; a unit joining twice the same way counts
 * once. */
int store_need_units(struct db *db, int64_t need_id, struct arena *a,
		     struct store_need_unit **out, int *n, struct err *e);
int store_need_unit_add(struct db *db, int64_t need_id, int64_t org_id, const char *org_path,
			const char *via, const char *at, struct err *e);
/* Records the appeal side of an appeal turned into a need; 409 `already_linked` when the
 * appeal was turned into a need before. */
int store_appeal_need_link(struct db *db, int64_t appeal_id, int64_t need_id, struct err *e);
/* The ids of the member units of the alliance `alliance_id` (at most max). */
int store_alliance_member_ids(struct db *db, int64_t alliance_id, int64_t *ids, int max, int *n,
			      struct err *e);
/* The member units (id and path) of every alliance within the subtree at `path`. */
int store_alliance_units_within(struct db *db, const char *path, struct arena *a,
				int64_t **ids, const char ***paths, int *n, struct err *e);

/* A list query composed at run time from fixed fragments, each "?" bound in turn to the
 * value given with it; no text from input ever becomes SQL. */
struct store_sql {
	char sql[8192];
	size_t len;
	const char *texts[128];
	int64_t ints[128];
	bool is_int[128];
	int n;
	bool overflow;
};
void store_sql_add(struct store_sql *c, const char *s);
/* Appends frag, whose one "?" is bound to v. */
void store_sql_text(struct store_sql *c, const char *frag, const char *v);
void store_sql_int(struct store_sql *c, const char *frag, int64_t v);
/* Appends "(col >= P AND col < bound(P))": col within the subtree at path. */
void store_sql_range(struct store_sql *c, const char *col, const char *path, struct arena *a);
/* Where a scope applies: the column `col` of the row itself (exists NULL), or of a
 * related row, "EXISTS (SELECT 1 FROM t x WHERE x.fk = row.id AND " + the condition + ")". */
struct store_scope_target {
	const char *exists;
	const char *col;
};
/* Appends " AND (...)" for a scope: one of the targets lies within one of the scope's
 * subtrees, or — when member_of (a SQL expression giving a community id) is given — one of
 * the scope's orgs is a member unit of that alliance. Nothing for scope->all. */
void store_sql_scope(struct store_sql *c, const struct store_scope *s,
		     const struct store_scope_target *t, int n, const char *member_of,
		     struct arena *a);
/* Prepares the composed text and binds its values; release with db_finalize(). */
struct db_stmt *store_sql_prepare(struct db *db, struct store_sql *c, struct err *e);

#endif
