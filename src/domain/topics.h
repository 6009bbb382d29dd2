/* topics: 每月一题, the month's most frequent problems. The appeals of a month are grouped
 * by category and by the similarity of their titles, cut into the tokens the search makes
 * (search_tokens: overlapping two-character pairs of CJK text, lowercase words of Latin).
 * Pure: the caller loads the month's appeals; nothing here reads a database. Working memory
 * and the result come from the caller's arena.
 *
 * The rule (measured on the demo data, see docs/API.md "每月一题"):
 *   1. Each appeal's title becomes its set of distinct tokens. Appeals of one category with
 *      the same set form one "form" (the same title, or the same words in another order).
 *   2. Within a category, forms are taken most frequent first (then oldest first); each
 *      joins the group whose leader (the form that started it) it is most similar to, when
 *      the Jaccard index |A∩B| / |A∪B| of the two token sets is at least TOPICS_JACCARD;
 *      otherwise it starts a group of its own. "小区突然停水" and "小区停水" (2 shared of 6)
 *      join; "高新技术企业认定政策咨询" and "稳岗补贴政策咨询" (3 of 15) do not.
 *   3. A group's key is its category and its two most frequent tokens (counted over its
 *      appeals; ties in byte order), written in byte order: "utilities:停水+小区". It does not
 *      depend on ids or on the order of appeals, so the same problem next month has the same
 *      key and last month's count is the count of last month's group with that key. Groups
 *      of one month that end with the same key are one group.
 *   4. Groups are ordered by count, most first, then by key.
 * A title without any token (only punctuation) groups with the others of its category
 * that have none, under the key "category:". */
#ifndef HUIYIN_TOPICS_H
#define HUIYIN_TOPICS_H
#include <stdint.h>

#include "util/arena.h"

/* A form joins a group when its Jaccard index with the group's leader is at least this. */
#define TOPICS_JACCARD 0.30
/* Typical titles and most affected communities given per group. */
#define TOPICS_TITLES      3
#define TOPICS_COMMUNITIES 3

/* One appeal of the month. */
struct topic_input {
	int64_t id;
	const char *category; /* its code */
	int64_t community_id; /* 0: placed at the district, not in a community */
	const char *title;
};

struct topic_count {
	int64_t id;
	int count;
};

struct topic_group {
	const char *key;      /* "category:token+token", see above */
	const char *category; /* the inputs' string */
	int count;
	const int64_t *ids; /* its appeals, count of them, highest id first */
	/* the most frequent distinct titles (ties: the earliest appeal's first) */
	const char *titles[TOPICS_TITLES];
	int n_titles;
	/* the communities with most of its appeals (ties: lower id first); none at 0 */
	struct topic_count communities[TOPICS_COMMUNITIES];
	int n_communities;
};

/* Groups the n appeals of `in` (ids distinct, category and title not NULL) by the rule
 * above into a new array of groups in a, ordered by count then key, and returns how many
 * (0 when n is 0, *out then NULL). The groups point into in's strings. */
int topics_group(const struct topic_input *in, int n, struct arena *a, struct topic_group **out);

/* The group with this key among the n of g, or NULL. */
const struct topic_group *topics_find(const struct topic_group *g, int n, const char *key);

#endif
