/* topics: what 每月一题 reads and keeps — the appeals received in a period (id, category,
 * community, title: what domain/topics.c groups), read from the created_at index and
 * narrowed by the statistics filter and the caller's scope, and the groups staff have
 * named and pinned (stat_topics, migration 0012). Strings are copied into the caller's
 * arena. */
#ifndef HUIYIN_STORE_TOPICS_H
#define HUIYIN_STORE_TOPICS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* Which appeals: received in [from, to), and each field set narrows it. */
struct topic_filter {
	const char *from, *to;      /* ISO 8601 UTC */
	const char *org_path;       /* placed or led within this subtree */
	int64_t unit_id;            /* led by exactly this unit */
	const char *community_path; /* placed within this subtree */
	const char *category, *channel, *tier;
	/* the caller's scope: all, or placed or led within one of the subtrees */
	bool scope_all;
	const char *const *scope_paths;
	int n_scope;
};

struct store_topic_appeal {
	int64_t id, community_id; /* community_id 0: placed at the district */
	const char *category, *title;
};

/* The appeals of f, lowest id first, into a new arena array. */
int store_topic_appeals(struct db *db, const struct topic_filter *f, struct arena *a,
                        struct store_topic_appeal **out, int *n, struct err *e);

/* A named group: month "YYYY-MM", the organisation whose subtree it was pinned for. */
struct store_topic_pin {
	const char *month;
	int64_t org_id;
	const char *key, *label;
	int64_t pinned_by; /* 0: the command line */
	const char *pinned_at;
};

/* The pins of (month, org_id), by key. */
int store_topic_pins(struct db *db, const char *month, int64_t org_id, struct arena *a,
                     struct store_topic_pin **out, int *n, struct err *e);
/* Pins p (a pin of the same month, org and key is replaced: a new label). */
int store_topic_pin_put(struct db *db, const struct store_topic_pin *p, struct err *e);
/* Removes the pin; 404 "topic not found" when there is none. */
int store_topic_pin_delete(struct db *db, const char *month, int64_t org_id, const char *key,
                           struct err *e);

#endif
