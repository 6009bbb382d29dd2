/* catalog: what routes and times appeals — categories with their time limits, the
 * answer-limit tiers, the working-time calendar (holidays and make-up working days), the
 * dispatch catalogue (派单目录) and reply templates (常用答复). Strings are copied into
 * the caller's arena. */
#ifndef HUIYIN_STORE_CATALOG_H
#define HUIYIN_STORE_CATALOG_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* A time limit: value and unit ("hours", "working_hours", "working_days"). */
struct store_limit {
	int64_t value;
	const char *unit;
};

struct store_category {
	const char *code, *name, *name_en, *tier, *updated_at;
	struct store_limit accept, acknowledge, contact, answer;
	int64_t sort, version;
	bool active;
};

struct store_tier {
	const char *tier;
	struct store_limit answer;
};

struct store_calendar_day {
	const char *day, *kind, *name; /* "2026-10-01", "holiday" | "workday", "国庆节" */
};

struct store_dispatch_rule {
	int64_t id, community_id, org_id; /* community_id 0: any community */
	const char *category, *target;    /* target "org" (org_id) or "community" */
	bool automatic;
	const char *created_at;
};

struct store_template {
	int64_t id;
	int64_t community_id; /* 0: the whole district */
	const char *category; /* NULL: any category */
	const char *title, *body, *created_at, *updated_at;
};

/* Categories, in `sort` order; active_only hides retired ones. */
int store_category_list(struct db *db, bool active_only, struct arena *a,
			struct store_category **out, int *n, struct err *e);
/* 0, or -1 with 404 `not_found` (field "category") when there is no such active code. */
int store_category_get(struct db *db, const char *code, struct arena *a,
		       struct store_category *c, struct err *e);
int store_category_insert(struct db *db, const struct store_category *c, struct err *e);
/* Writes every field of c; 409 `stale` when c->version is not the stored one. */
int store_category_update(struct db *db, const struct store_category *c, struct err *e);

int store_tier_list(struct db *db, struct arena *a, struct store_tier **out, int *n,
		    struct err *e);
int store_tier_get(struct db *db, const char *tier, struct arena *a, struct store_tier *t,
		   struct err *e);
int store_tier_update(struct db *db, const struct store_tier *t, struct err *e);

/* Listed days from `from` to `to` inclusive ("YYYY-MM-DD"). */
int store_calendar_list(struct db *db, const char *from, const char *to, struct arena *a,
			struct store_calendar_day **out, int *n, struct err *e);
/* Inserts or replaces the day. */
int store_calendar_put(struct db *db, const struct store_calendar_day *d, struct err *e);
/* 404 when the day is not listed. */
int store_calendar_delete(struct db *db, const char *day, struct err *e);
/* Every listed day, oldest first (for building the working-time calendar). */
int store_calendar_all(struct db *db, struct arena *a, struct store_calendar_day **out, int *n,
		       struct err *e);

/* The rule for category in community (a community-specific rule wins over a
 * category-wide one). Returns 0 with *r filled, 1 when none matches, -1 on error. */
int store_dispatch_match(struct db *db, const char *category, int64_t community_id,
			 struct arena *a, struct store_dispatch_rule *r, struct err *e);
int store_dispatch_list(struct db *db, struct arena *a, struct store_dispatch_rule **out, int *n,
			struct err *e);
/* 409 `conflict` when a rule for the same category and community exists. Sets r->id. */
int store_dispatch_insert(struct db *db, struct store_dispatch_rule *r, struct err *e);
int store_dispatch_delete(struct db *db, int64_t id, struct err *e);

/* Templates for a category (and those for any category); category NULL: all. */
int store_template_list(struct db *db, const char *category, struct arena *a,
			struct store_template **out, int *n, struct err *e);
int store_template_get(struct db *db, int64_t id, struct arena *a, struct store_template *t,
		       struct err *e);
int store_template_insert(struct db *db, struct store_template *t, struct err *e);
int store_template_update(struct db *db, const struct store_template *t, struct err *e);
int store_template_delete(struct db *db, int64_t id, struct err *e);

/* Like store_category_get, but retired (inactive) categories too: for the admin's PATCH. */
int store_category_get_any(struct db *db, const char *code, struct arena *a,
			   struct store_category *c, struct err *e);
/* One rule by id; 404 `not_found` when there is none. */
int store_dispatch_get(struct db *db, int64_t id, struct arena *a, struct store_dispatch_rule *r,
		       struct err *e);

#endif
