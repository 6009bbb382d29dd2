/* org_rules: the shape of the "1+3+N" organisation tree. One district at the root; park,
 * subdistricts and departments under it; community alliances under a subdistrict or the
 * park; member units placed anywhere below the district and joining community alliances
 * by membership (many-to-many). A move must keep the tree a tree. */
#ifndef HUIYIN_ORG_RULES_H
#define HUIYIN_ORG_RULES_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/names.h"

/* May an org of kind `child` hang under an org of kind `parent`? parent < 0 means "at the
 * root" (no parent), which only the district may be. */
bool org_parent_allowed(enum org_kind child, int parent);
/* Would putting org `id` under the org whose path is `new_parent_path` make a cycle (the
 * new parent is the org itself or one of its descendants)? */
bool org_move_makes_cycle(int64_t id, const char *new_parent_path);
/* May an org of kind `member` join the alliance of kind `alliance` as a member unit?
 * Units join, and departments that sink down into communities (部门下沉) join too. */
bool org_membership_allowed(enum org_kind alliance, enum org_kind member);
/* Writes the path of a child with id `id` under `parent_path` (NULL for the root) into
 * out; returns -1 if it does not fit. */
int org_child_path(const char *parent_path, int64_t id, char *out, int cap);
/* The exclusive upper bound of the subtree range [path, bound) in text order. */
int org_path_bound(const char *path, char *out, int cap);
/* Parses the ids of a path into out (at most max); returns the count or -1. */
int org_path_ids(const char *path, int64_t *out, int max);

#endif
