/* routes: every endpoint of the API, in one table (see router.h). Keep docs/API.md and
 * the route tests in tests/api in step with it: tests/api/access_table.mjs has a row per
 * route (who may call it, in and out of scope), and access_matrix.test.mjs fails when a
 * route has none. `huiyin routes` prints this table as JSON. */
#include "api/appeals.h"
#include "api/attachments.h"
#include "api/catalog.h"
#include "api/handlers.h"
#include "api/lists.h"
#include "api/rooms.h"
#include "api/visits.h"
#include "api/worker.h"
#include "http/router.h"
#include "util/n_of.h"

#define KB(n) ((size_t)(n) << 10)

const struct route routes[] = {
    {M_GET, "/healthz", api_health, R_PUBLIC, 0},

    {M_POST, "/api/v1/auth/login", api_login, R_PUBLIC | R_NO_CSRF | R_PERSONAL, KB(4)},
    {M_POST, "/api/v1/auth/logout", api_logout, R_STAFF | R_PERSONAL, 0},
    {M_GET, "/api/v1/me", api_me, R_STAFF, 0},
    {M_GET, "/api/v1/tokens", api_tokens_list, R_STAFF, 0},
    {M_POST, "/api/v1/tokens", api_tokens_create, R_STAFF | R_PERSONAL, KB(4)},
    {M_DELETE, "/api/v1/tokens/{id}", api_tokens_revoke, R_STAFF | R_PERSONAL, 0},

    {M_GET, "/api/v1/users", api_users_list, R_STAFF, 0},
    {M_POST, "/api/v1/users", api_users_create, R_STAFF, KB(4)},
    {M_GET, "/api/v1/users/{id}", api_users_get, R_STAFF, 0},
    {M_PATCH, "/api/v1/users/{id}", api_users_update, R_STAFF | R_PERSONAL, KB(4)},
    {M_POST, "/api/v1/users/{id}/roles", api_users_grant, R_STAFF, KB(4)},
    {M_DELETE, "/api/v1/users/{id}/roles/{id}", api_users_revoke, R_STAFF, 0},

    {M_GET, "/api/v1/orgs", api_orgs_list, R_PUBLIC, 0},
    {M_POST, "/api/v1/orgs", api_orgs_create, R_STAFF, KB(64)},
    {M_GET, "/api/v1/orgs/{id}", api_orgs_get, R_PUBLIC, 0},
    {M_PATCH, "/api/v1/orgs/{id}", api_orgs_update, R_STAFF, KB(64)},
    {M_GET, "/api/v1/orgs/{id}/members", api_orgs_members, R_PUBLIC, 0},
    {M_POST, "/api/v1/orgs/{id}/members", api_orgs_add_member, R_STAFF, KB(4)},

    /* The appeal catalogue: categories and time limits, the working-time calendar, the
     * dispatch catalogue and reply templates (api/catalog.c). */
    {M_GET, "/api/v1/categories", api_categories_list, R_PUBLIC, 0},
    {M_POST, "/api/v1/categories", api_categories_create, R_STAFF, KB(8)},
    {M_PATCH, "/api/v1/categories/{key}", api_categories_update, R_STAFF, KB(8)},
    {M_GET, "/api/v1/tiers", api_tiers_list, R_PUBLIC, 0},
    {M_PATCH, "/api/v1/tiers/{key}", api_tiers_update, R_STAFF, KB(1)},
    {M_GET, "/api/v1/calendar", api_calendar_list, R_PUBLIC, 0},
    {M_PUT, "/api/v1/calendar/{key}", api_calendar_put, R_STAFF, KB(1)},
    {M_DELETE, "/api/v1/calendar/{key}", api_calendar_delete, R_STAFF, 0},
    {M_GET, "/api/v1/dispatch-rules", api_dispatch_rules_list, R_STAFF, 0},
    {M_POST, "/api/v1/dispatch-rules", api_dispatch_rules_create, R_STAFF, KB(4)},
    {M_DELETE, "/api/v1/dispatch-rules/{id}", api_dispatch_rules_delete, R_STAFF, 0},
    {M_GET, "/api/v1/reply-templates", api_templates_list, R_STAFF, 0},
    {M_POST, "/api/v1/reply-templates", api_templates_create, R_STAFF, KB(16)},
    {M_PATCH, "/api/v1/reply-templates/{id}", api_templates_update, R_STAFF, KB(16)},
    {M_DELETE, "/api/v1/reply-templates/{id}", api_templates_delete, R_STAFF, 0},

    /* Appeals: intake, queues and search, one appeal, its life cycle (api/appeal_*.c). */
    {M_GET, "/api/v1/appeals", api_appeals_list, R_STAFF, 0},
    {M_POST, "/api/v1/appeals", api_appeals_create, R_PUBLIC | R_IDEMPOTENT | R_LIMIT_SUBMIT,
     KB(64)},
    {M_GET, "/api/v1/appeals/{id}", api_appeals_get, R_STAFF, 0},
    {M_POST, "/api/v1/appeals/{id}/events", api_appeals_step, R_STAFF, KB(16)},
    {M_GET, "/api/v1/appeals/{id}/events", api_appeals_events, R_STAFF, 0},
    {M_GET, "/api/v1/appeals/{id}/similar", api_appeals_similar, R_STAFF, 0},
    {M_GET, "/api/v1/appeals/{id}/reply-templates", api_appeals_templates, R_STAFF, 0},
    {M_GET, "/api/v1/public/appeals", api_public_appeals, R_PUBLIC, 0},
    /* The submitter's side: identified by the access token, not by a cookie. */
    {M_GET, "/api/v1/track/{key}", api_track_get, R_PUBLIC, 0},
    {M_POST, "/api/v1/track/{key}/events", api_track_step, R_PUBLIC | R_NO_CSRF | R_PERSONAL,
     KB(16)},
    {M_GET, "/api/v1/notifications", api_notifications_list, R_STAFF, 0},
    {M_POST, "/api/v1/notifications/{id}/read", api_notifications_read, R_STAFF | R_PERSONAL, 0},

    /* Attachments: photos and PDFs uploaded before the appeal (or add_info) that links
     * them; read by staff in scope, the submitter's token, or the public wall
     * (api/attachments.c). */
    {M_POST, "/api/v1/attachments", api_attachments_upload, R_PUBLIC | R_RAW | R_LIMIT_UPLOAD,
     (size_t)10 << 20},
    {M_GET, "/api/v1/attachments/{key}", api_attachments_get, R_PUBLIC, 0},
    {M_POST, "/api/v1/attachments/{key}/redact", api_attachments_redact, R_STAFF, KB(1)},

    /* The three lists (三张清单) and activities: needs with matching, the whistle (吹哨)
     * and the public's creation (tracked under /track like appeals), resources with their
     * commitments (报到), projects with their steps and the public board, activities with
     * their counts (api/needs.c, resources.c, projects.c, activities.c). */
    {M_GET, "/api/v1/needs", api_needs_list, R_STAFF, 0},
    {M_POST, "/api/v1/needs", api_needs_create, R_PUBLIC | R_IDEMPOTENT | R_LIMIT_NEED, KB(16)},
    {M_GET, "/api/v1/needs/{id}", api_needs_get, R_STAFF, 0},
    {M_PATCH, "/api/v1/needs/{id}", api_needs_update, R_STAFF, KB(16)},
    {M_GET, "/api/v1/needs/{id}/events", api_needs_events, R_STAFF, 0},
    {M_GET, "/api/v1/needs/{id}/matches", api_needs_matches, R_STAFF, 0},
    {M_POST, "/api/v1/needs/{id}/whistle", api_needs_whistle, R_STAFF, KB(4)},
    {M_GET, "/api/v1/resources", api_resources_list, R_STAFF, 0},
    {M_POST, "/api/v1/resources", api_resources_create, R_STAFF, KB(16)},
    {M_GET, "/api/v1/resources/{id}", api_resources_get, R_STAFF, 0},
    {M_PATCH, "/api/v1/resources/{id}", api_resources_update, R_STAFF, KB(16)},
    {M_GET, "/api/v1/resources/{id}/events", api_resources_events, R_STAFF, 0},
    {M_POST, "/api/v1/resources/{id}/commitments", api_resources_commit, R_STAFF, KB(4)},
    {M_GET, "/api/v1/projects", api_projects_list, R_STAFF, 0},
    {M_POST, "/api/v1/projects", api_projects_create, R_STAFF, KB(32)},
    {M_GET, "/api/v1/projects/{id}", api_projects_get, R_STAFF, 0},
    {M_PATCH, "/api/v1/projects/{id}", api_projects_update, R_STAFF, KB(32)},
    {M_POST, "/api/v1/projects/{id}/events", api_projects_step, R_STAFF, KB(16)},
    {M_GET, "/api/v1/projects/{id}/events", api_projects_events, R_STAFF, 0},
    {M_GET, "/api/v1/public/projects", api_public_projects, R_PUBLIC, 0},
    {M_GET, "/api/v1/activities", api_activities_list, R_STAFF, 0},
    {M_POST, "/api/v1/activities", api_activities_create, R_STAFF, KB(16)},
    {M_GET, "/api/v1/activities/stats", api_activities_stats, R_STAFF, 0},
    {M_GET, "/api/v1/activities/{id}", api_activities_get, R_STAFF, 0},
    {M_PATCH, "/api/v1/activities/{id}", api_activities_update, R_STAFF, KB(16)},

    /* Statistics: the rates, the ranking, trends and their settings (api/stats.c);
     * 每月一题, the month's most frequent problems, with the pins that name them, and the
     * figures of the three lists and activities (api/stats_topics.c, stats_lists.c). */
    {M_GET, "/api/v1/stats/summary", api_stats_summary, R_STAFF, 0},
    {M_GET, "/api/v1/stats/units", api_stats_units, R_STAFF, 0},
    {M_GET, "/api/v1/stats/trend", api_stats_trend, R_STAFF, 0},
    {M_GET, "/api/v1/stats/settings", api_stats_settings_get, R_STAFF, 0},
    {M_PUT, "/api/v1/stats/settings", api_stats_settings_put, R_STAFF, KB(4)},
    {M_GET, "/api/v1/stats/topics", api_stats_topics, R_STAFF, 0},
    {M_POST, "/api/v1/stats/topics/pin", api_stats_topics_pin, R_STAFF, KB(4)},
    {M_DELETE, "/api/v1/stats/topics/pin", api_stats_topics_unpin, R_STAFF, KB(4)},
    {M_GET, "/api/v1/stats/lists", api_stats_lists, R_STAFF, 0},

    /* Reception rooms (书记会客室): rooms with their hours, and the public's view of a
     * community's active rooms (api/rooms.c). */
    {M_GET, "/api/v1/rooms", api_rooms_list, R_STAFF, 0},
    {M_POST, "/api/v1/rooms", api_rooms_create, R_STAFF, KB(32)},
    {M_GET, "/api/v1/rooms/{id}", api_rooms_get, R_STAFF, 0},
    {M_PATCH, "/api/v1/rooms/{id}", api_rooms_update, R_STAFF, KB(32)},
    {M_GET, "/api/v1/rooms/{id}/events", api_rooms_events, R_STAFF, 0},
    {M_GET, "/api/v1/public/rooms", api_public_rooms, R_PUBLIC, 0},

    /* Reception rooms: the visit log (来访登记) and its decisions, and the rooms' QR
     * posters (api/visits.c, api/posters.c). */
    {M_GET, "/api/v1/visits", api_visits_list, R_STAFF, 0},
    {M_POST, "/api/v1/visits", api_visits_create, R_STAFF, KB(16)},
    {M_GET, "/api/v1/visits/stats", api_visits_stats, R_STAFF, 0},
    {M_GET, "/api/v1/visits/{id}", api_visits_get, R_STAFF, 0},
    {M_POST, "/api/v1/visits/{id}/events", api_visits_step, R_STAFF, KB(16)},
    {M_GET, "/api/v1/rooms/{id}/poster.svg", api_rooms_poster_svg, R_PUBLIC, 0},
    {M_GET, "/api/v1/rooms/{id}/poster.png", api_rooms_poster_png, R_PUBLIC, 0},

    {M_POST, "/api/v1/test/clock", api_test_clock, R_PUBLIC | R_TEST, KB(1)},
    {M_POST, "/api/v1/test/tick", api_test_tick, R_PUBLIC | R_TEST, 0},
};

const int routes_count = N_OF(routes);
