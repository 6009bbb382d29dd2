/* handlers: every API handler the route table points at, and the renderers that more than
 * one resource file uses. Each handler validates, authorizes, lets domain/ decide, goes
 * through store/ and renders JSON (see req.h for the return convention). */
#ifndef HUIYIN_HANDLERS_H
#define HUIYIN_HANDLERS_H

#include "api/req.h"
#include "store/orgs.h"
#include "store/users.h"

int api_health(struct req *r);
int api_test_clock(struct req *r);

/* POST /auth/login. Failed logins are counted in login.window_seconds per username and
 * address (login.max_per_user), per address (login.max_per_address) and per username
 * over all addresses (login.max_per_user_total); an attempt is 429 `too_many_attempts`
 * with Retry-After when its address reached either of the first two limits, or failed
 * once for the username while the username is past its total. So a correct password from
 * an address that has not failed is never refused: wrong passwords sent from elsewhere
 * cannot lock an account, and guessing it from many addresses gets one try per address
 * and window once the total is reached. A success forgets the address's failures for
 * that username. */
int api_login(struct req *r);
int api_logout(struct req *r);
int api_me(struct req *r);
int api_tokens_list(struct req *r);
int api_tokens_create(struct req *r);
int api_tokens_revoke(struct req *r);

int api_users_list(struct req *r);
int api_users_create(struct req *r);
int api_users_get(struct req *r);
int api_users_update(struct req *r);
int api_users_grant(struct req *r);
int api_users_revoke(struct req *r);

int api_orgs_list(struct req *r);
int api_orgs_get(struct req *r);
int api_orgs_create(struct req *r);
int api_orgs_update(struct req *r);
int api_orgs_members(struct req *r);
int api_orgs_add_member(struct req *r);

/* Statistics: 每月一题 (stats_topics.c) and the three lists' figures (stats_lists.c). */
int api_stats_topics(struct req *r);
int api_stats_topics_pin(struct req *r);
int api_stats_topics_unpin(struct req *r);
int api_stats_lists(struct req *r);

/* {"id","username","display_name","disabled","roles":[{"id","role","org_id","org_name"}],...} */
json_t *render_user(const struct store_user *u, const struct store_role *roles, int n_roles);

/* The figures (api/stats.c, coord/STATS_API.md): staff over the common filter. */
int api_stats_summary(struct req *r);
int api_stats_units(struct req *r);
int api_stats_trend(struct req *r);
int api_stats_settings_get(struct req *r);
/* An admin at the root: {"weights":{...},"min_denominator"}. */
int api_stats_settings_put(struct req *r);

#endif
