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

/* {"id","username","display_name","disabled","roles":[{"id","role","org_id","org_name"}],...} */
json_t *render_user(const struct store_user *u, const struct store_role *roles, int n_roles);

#endif
