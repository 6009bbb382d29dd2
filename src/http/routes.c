/* routes: every endpoint of the API, in one table (see router.h). Keep docs/API.md and
 * the route test in tests/api in step with it. */
#include "api/handlers.h"
#include "http/router.h"

#define KB(n) ((size_t)(n) << 10)

const struct route routes[] = {
	{M_GET, "/healthz", api_health, R_PUBLIC, 0},

	{M_POST, "/api/v1/auth/login", api_login, R_PUBLIC | R_NO_CSRF, KB(4)},
	{M_POST, "/api/v1/auth/logout", api_logout, R_STAFF, 0},
	{M_GET, "/api/v1/me", api_me, R_STAFF, 0},
	{M_GET, "/api/v1/tokens", api_tokens_list, R_STAFF, 0},
	{M_POST, "/api/v1/tokens", api_tokens_create, R_STAFF, KB(4)},
	{M_DELETE, "/api/v1/tokens/{id}", api_tokens_revoke, R_STAFF, 0},

	{M_GET, "/api/v1/users", api_users_list, R_STAFF, 0},
	{M_POST, "/api/v1/users", api_users_create, R_STAFF, KB(4)},
	{M_GET, "/api/v1/users/{id}", api_users_get, R_STAFF, 0},
	{M_PATCH, "/api/v1/users/{id}", api_users_update, R_STAFF, KB(4)},
	{M_POST, "/api/v1/users/{id}/roles", api_users_grant, R_STAFF, KB(4)},
	{M_DELETE, "/api/v1/users/{id}/roles/{id}", api_users_revoke, R_STAFF, 0},

	{M_GET, "/api/v1/orgs", api_orgs_list, R_PUBLIC, 0},
	{M_POST, "/api/v1/orgs", api_orgs_create, R_STAFF, KB(64)},
	{M_GET, "/api/v1/orgs/{id}", api_orgs_get, R_PUBLIC, 0},
	{M_PATCH, "/api/v1/orgs/{id}", api_orgs_update, R_STAFF, KB(64)},
	{M_GET, "/api/v1/orgs/{id}/members", api_orgs_members, R_PUBLIC, 0},
	{M_POST, "/api/v1/orgs/{id}/members", api_orgs_add_member, R_STAFF, KB(4)},

	{M_POST, "/api/v1/test/clock", api_test_clock, R_PUBLIC | R_TEST, KB(1)},
};

const int routes_count = sizeof routes / sizeof routes[0];
