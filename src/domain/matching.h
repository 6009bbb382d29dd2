/* matching: ranks the resources of the resource list (资源清单) for one need of the need
 * list (需求清单), and says why each ranks where it does. Pure: the caller loads the need,
 * the resources and each unit's record; nothing here reads a database or allocates.
 *
 * A resource's score is a weighted sum of five parts, each in [0, 1]:
 *
 *   part           weight  1.0                          less
 *   category       0.35    the need's category          0.5 a resource for any category;
 *                                                       0 another category
 *   text           0.25    similar words (Dice over     min(1, 2 * similarity)
 *                          search_tokens, x2, capped)
 *   nearness       0.20    serves the need's community  0.6 the same subdistrict (or park);
 *                          (or the unit sits in it)     0.2 elsewhere in the district
 *   availability   0.10    available by wanted_by, or   0.3 available only after wanted_by;
 *                          open-ended                   0.7 no wanted_by, starts later
 *   record         0.10    the unit delivered projects  0.3 no project delivered yet
 *                          and they were rated well
 *
 * so the score lies in [0, 1]. Resources that are used up (nothing remains), expired
 * (available_to before today) or withdrawn are not eligible and are never suggested.
 * Dates are "YYYY-MM-DD" text, compared as text. */
#ifndef HUIYIN_MATCHING_H
#define HUIYIN_MATCHING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The parts of a score, in the order of the table above. */
enum match_part { MATCH_CATEGORY, MATCH_TEXT, MATCH_NEARNESS, MATCH_AVAILABILITY, MATCH_RECORD,
		  MATCH_PART__MAX };

extern const double match_weights[MATCH_PART__MAX];
extern const char *const match_part_names[MATCH_PART__MAX];

/* Suggestions below this score are not shown; a whistle calls the units whose resources
 * score at least MATCH_WHISTLE_MIN. */
#define MATCH_MIN 0.30
#define MATCH_WHISTLE_MIN 0.50
/* A reason sentence fits in this many bytes. */
#define MATCH_REASON_MAX 160

struct match_need {
	const char *category;    /* category code */
	const char *tokens;      /* search_tokens() of title and description */
	const char *place_path;  /* the community's path, e.g. "/1/3/12/" */
	const char *wanted_by;   /* "YYYY-MM-DD" or NULL */
	const char *today;       /* "YYYY-MM-DD" in Asia/Shanghai */
};

/* What the unit offering a resource has done before. */
struct match_record {
	int delivered;           /* projects done or evaluated that the unit took part in */
	int rated, satisfied, basically_satisfied;
};

struct match_resource {
	const char *category;    /* NULL: any category */
	const char *tokens;
	const char *org_path;    /* the offering unit */
	const char *const *alliance_paths; /* the community alliances it serves */
	int n_alliances;
	const char *available_from, *available_to; /* NULL: open-ended */
	int64_t remaining;
	bool withdrawn;
	struct match_record record;
};

/* Why a resource is not eligible. */
enum match_exclusion { MATCH_ELIGIBLE, MATCH_USED_UP, MATCH_EXPIRED, MATCH_WITHDRAWN };

/* Nearness of a resource to the need's place. */
enum match_near { NEAR_COMMUNITY, NEAR_SUBDISTRICT, NEAR_DISTRICT };

struct match_result {
	int index;               /* of the resource in the caller's array */
	enum match_exclusion excluded;
	double score;            /* the weighted sum, in [0, 1] */
	double parts[MATCH_PART__MAX];    /* each part before weighting, in [0, 1] */
	double similarity;       /* the raw text similarity */
	enum match_near near;
	/* The parts ordered by their weighted contribution, largest first (ties in table
	 * order): the order of the reasons. */
	enum match_part order[MATCH_PART__MAX];
};

/* Scores one resource for one need; r->index is left for the caller. */
void match_score(const struct match_need *need, const struct match_resource *res,
		 struct match_result *out);

/* Scores n resources and writes the eligible ones scoring at least min_score into out
 * (room for n), best first; equal scores keep the caller's order. Returns their number. */
int match_rank(const struct match_need *need, const struct match_resource *res, int n,
	       double min_score, struct match_result *out);

/* The readable sentence (zh-CN) for one part of a result, e.g. "类别相符" or
 * "同一社区：资源服务本社区". Writes at most cap bytes, always NUL-terminated. */
void match_reason(const struct match_need *need, const struct match_resource *res,
		  const struct match_result *r, enum match_part part, char *out, size_t cap);

/* The sentence for an excluded resource ("资源已用完" ...). */
const char *match_exclusion_text(enum match_exclusion x);

#endif
