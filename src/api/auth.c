/* auth: identifying callers, sessions, login/logout, me and integration tokens
 * (see auth.h). */
#include "api/auth.h"
#include "api/handlers.h"
#include "api/intake.h"
#include "api/validate.h"
#include "store/authver.h"
#include "store/sessions.h"
#include "store/users.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* last_seen is written at most this often, so reads do not turn into writes. */
#define TOUCH_EVERY 60

/* ---- identifying the caller ----------------------------------------------------- */

struct touch_job {
	struct writer_job job;
	int64_t session_id;
	char now[CLOCK_ISO_LEN];
};

static int touch_run(struct db *db, void *arg, struct err *e)
{
	struct touch_job *t = arg;
	return store_session_touch(db, t->session_id, t->now, e);
}

static void touch_done(struct writer_job *job)
{
	free(job->arg);
}

static void touch_later(struct req *r, int64_t session_id, int64_t now)
{
	struct touch_job *t = xcalloc(1, sizeof *t);
	t->session_id = session_id;
	clock_iso(now, t->now);
	t->job.run = touch_run;
	t->job.done = touch_done;
	t->job.arg = t;
	writer_submit(r->app->writer, &t->job);
}

/* Loads the user and their grants into r->auth; a disabled user stays anonymous. */
static int load_principal(struct req *r, int64_t user_id)
{
	struct store_user u;
	struct err e;
	if (store_user_get(r->rdb, user_id, &r->arena, &u, &e))
		return e.status == 404 ? 0 : (r->err = e, -1);
	if (u.disabled)
		return 0;
	struct store_role *roles;
	int n;
	if (store_roles_of(r->rdb, user_id, &r->arena, &roles, &n, &r->err))
		return -1;
	struct grant *g = arena_alloc(&r->arena, sizeof *g * (size_t)(n ? n : 1));
	int k = 0;
	for (int i = 0; i < n; i++) {
		int role = role_parse(roles[i].role);
		if (role < 0)
			continue;
		g[k].id = roles[i].id;
		g[k].role = (enum role)role;
		g[k].org_id = roles[i].org_id;
		g[k].org_path = roles[i].org_path;
		k++;
	}
	r->auth.user_id = u.id;
	r->auth.username = u.username;
	r->auth.display_name = u.display_name;
	r->auth.who.user_id = u.id;
	r->auth.who.grants = g;
	r->auth.who.n_grants = k;
	return 0;
}

/* Each thread keeps the callers it identified lately: what their token or session cookie
 * found (the session's times and CSRF token, or the integration token's id) and the user
 * with their grants. Any change to users, roles, sessions, tokens or org paths moves
 * auth_version (triggers of migration 0005, whoever writes), and a moved counter empties
 * the cache, so a revoked role or a deleted session counts at the next request, as when
 * every request read them afresh. A hit costs one single-row query instead of three
 * (see bench/RESULTS.md). */
#define CALLERS_CACHED 64

struct caller {
	bool used, cookie;
	uint8_t hash[SECRET_HASH_LEN];
	bool found;                /* the token or session exists */
	int64_t ref_id, user_id;   /* the session's or token's id, and its user */
	char csrf[64];
	bool times_ok;
	int64_t expires, last_seen; /* sessions */
	/* the principal: user_id 0 when the user is disabled or gone */
	int64_t principal;
	char *username, *display_name;
	struct grant *grants;
	int n_grants;
};

struct callers {
	const struct db *db;
	int64_t version;
	int next;
	struct caller slot[CALLERS_CACHED];
};

static pthread_key_t callers_key;
static pthread_once_t callers_once = PTHREAD_ONCE_INIT;

static void caller_clear(struct caller *c)
{
	free(c->username);
	free(c->display_name);
	for (int i = 0; i < c->n_grants; i++)
		free((char *)c->grants[i].org_path);
	free(c->grants);
	memset(c, 0, sizeof *c);
}

static void callers_free(void *p)
{
	struct callers *cs = p;
	for (int i = 0; i < CALLERS_CACHED; i++)
		caller_clear(&cs->slot[i]);
	free(cs);
}

static void callers_key_make(void)
{
	pthread_key_create(&callers_key, callers_free);
}

/* This thread's cache, emptied when auth_version moved; NULL on a database error. */
static struct callers *callers_of(struct req *r)
{
	pthread_once(&callers_once, callers_key_make);
	struct callers *cs = pthread_getspecific(callers_key);
	if (!cs) {
		cs = xcalloc(1, sizeof *cs);
		pthread_setspecific(callers_key, cs);
	}
	int64_t v;
	if (store_auth_version(r->rdb, &v, &r->err))
		return NULL;
	if (cs->db != r->rdb || cs->version != v) {
		for (int i = 0; i < CALLERS_CACHED; i++)
			caller_clear(&cs->slot[i]);
		cs->db = r->rdb;
		cs->version = v;
	}
	return cs;
}

static struct caller *caller_find(struct callers *cs, bool cookie, const uint8_t *hash)
{
	for (int i = 0; i < CALLERS_CACHED; i++) {
		struct caller *c = &cs->slot[i];
		if (c->used && c->cookie == cookie && !memcmp(c->hash, hash, SECRET_HASH_LEN))
			return c;
	}
	return NULL;
}

/* Keeps what load_principal() left in r->auth in a fresh slot. */
static struct caller *caller_add(struct callers *cs, struct req *r, bool cookie,
				 const uint8_t *hash)
{
	struct caller *c = &cs->slot[cs->next];
	cs->next = (cs->next + 1) % CALLERS_CACHED;
	caller_clear(c);
	c->used = true;
	c->cookie = cookie;
	memcpy(c->hash, hash, SECRET_HASH_LEN);
	c->principal = r->auth.user_id;
	if (c->principal) {
		c->username = xstrdup(r->auth.username);
		c->display_name = xstrdup(r->auth.display_name ? r->auth.display_name : "");
		c->n_grants = r->auth.who.n_grants;
		c->grants = xcalloc((size_t)(c->n_grants ? c->n_grants : 1), sizeof *c->grants);
		for (int i = 0; i < c->n_grants; i++) {
			c->grants[i] = r->auth.who.grants[i];
			c->grants[i].org_path = xstrdup(r->auth.who.grants[i].org_path);
		}
	}
	return c;
}

/* Sets the principal of r->auth from c, copied into the request's arena (a request may
 * outlive the slot: it can be suspended while the thread serves others). */
static void caller_use(struct req *r, const struct caller *c)
{
	if (!c->principal)
		return;
	struct grant *g = arena_alloc(&r->arena, sizeof *g * (size_t)(c->n_grants ? c->n_grants : 1));
	for (int i = 0; i < c->n_grants; i++) {
		g[i] = c->grants[i];
		g[i].org_path = arena_strdup(&r->arena, c->grants[i].org_path);
	}
	r->auth.user_id = c->principal;
	r->auth.username = arena_strdup(&r->arena, c->username);
	r->auth.display_name = arena_strdup(&r->arena, c->display_name);
	r->auth.who.user_id = c->principal;
	r->auth.who.grants = g;
	r->auth.who.n_grants = c->n_grants;
}

/* Clears what load_principal() set, for a caller that turns out not to be logged in. */
static void principal_reset(struct req *r)
{
	r->auth.user_id = 0;
	r->auth.username = r->auth.display_name = NULL;
	r->auth.who = (struct principal){0};
}

static int identify_bearer(struct req *r, const char *token)
{
	uint8_t hash[SECRET_HASH_LEN];
	secret_hash(token, strlen(token), hash);
	struct callers *cs = callers_of(r);
	if (!cs)
		return -1;
	struct caller *c = caller_find(cs, false, hash);
	if (!c) {
		struct store_token t;
		int rc = store_token_find(r->rdb, hash, &r->arena, &t, &r->err);
		if (rc < 0)
			return -1;
		if (rc == 0 && load_principal(r, t.user_id))
			return -1;
		c = caller_add(cs, r, false, hash);
		c->found = rc == 0;
		c->ref_id = rc == 0 ? t.id : 0;
		principal_reset(r);
	}
	if (!c->found)
		return 0;
	r->auth.token_id = c->ref_id;
	caller_use(r, c);
	return 0;
}

static int identify_cookie(struct req *r, const char *token)
{
	uint8_t hash[SECRET_HASH_LEN];
	secret_hash(token, strlen(token), hash);
	struct callers *cs = callers_of(r);
	if (!cs)
		return -1;
	struct caller *c = caller_find(cs, true, hash);
	if (!c) {
		struct store_session s;
		int rc = store_session_find(r->rdb, hash, &s, &r->err);
		if (rc < 0)
			return -1;
		if (rc == 0 && load_principal(r, s.user_id))
			return -1;
		c = caller_add(cs, r, true, hash);
		c->found = rc == 0;
		if (c->found) {
			c->ref_id = s.id;
			c->user_id = s.user_id;
			snprintf(c->csrf, sizeof c->csrf, "%s", s.csrf);
			c->times_ok = !clock_parse_iso(s.expires_at, &c->expires) &&
				      !clock_parse_iso(s.last_seen_at, &c->last_seen);
		}
		principal_reset(r);
	}
	r->auth.session_expired = true;
	if (!c->found || !c->times_ok)
		return 0;
	int64_t now = clock_now();
	if (now >= c->expires ||
	    now - c->last_seen >= (int64_t)r->app->cfg.session_idle_minutes * 60)
		return 0;
	r->auth.session_expired = false;
	caller_use(r, c);
	if (!r->auth.user_id)
		return 0;
	r->auth.session_id = c->ref_id;
	snprintf(r->auth.csrf, sizeof r->auth.csrf, "%s", c->csrf);
	if (now - c->last_seen >= TOUCH_EVERY)
		touch_later(r, c->ref_id, now);
	return 0;
}

int auth_identify(struct req *r)
{
	const char *authz = req_header(r, "Authorization");
	if (authz && !strncasecmp(authz, "Bearer ", 7))
		return identify_bearer(r, authz + 7);
	const char *cookie = r->value(r, REQ_COOKIE, SESSION_COOKIE);
	if (cookie && *cookie)
		return identify_cookie(r, cookie);
	return 0;
}

int auth_check_csrf(struct req *r)
{
	if (!r->auth.session_id)
		return 0;
	const char *h = req_header(r, "X-CSRF-Token");
	if (h && secret_equal(h, r->auth.csrf))
		return 0;
	return err_set(&r->err, 403, "csrf", NULL,
		       "missing or wrong X-CSRF-Token header; reload the page");
}

int auth_check_may_change(struct req *r)
{
	if (!r->auth.user_id || scope_has_role(&r->auth.who, ROLES_CHANGE))
		return 0;
	return err_forbidden(&r->err, "supervisors read but change nothing; your roles allow "
	                              "no changes");
}

/* Is addr one of the comma-separated trusted proxies? */
static bool trusted(const char *list, const char *addr, size_t n)
{
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = p;
		while (*end && *end != ',' && *end != ' ')
			end++;
		if ((size_t)(end - p) == n && !strncmp(p, addr, n))
			return true;
		p = end;
	}
	return false;
}

static bool is_address(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

const char *auth_client_address(struct req *r, const char *peer)
{
	const char *list = r->app->cfg.trusted_proxies;
	const char *xff = req_header(r, "X-Forwarded-For");
	if (!*list || !xff || !trusted(list, peer, strlen(peer)))
		return arena_strdup(&r->arena, peer);
	/* Walk X-Forwarded-For from the right: the nearest hop our proxies did not add. */
	char *copy = arena_strdup(&r->arena, xff);
	for (;;) {
		char *comma = strrchr(copy, ',');
		char *item = comma ? comma + 1 : copy;
		while (*item == ' ')
			item++;
		char *end = item + strlen(item);
		while (end > item && end[-1] == ' ')
			*--end = 0;
		if (!is_address(item))
			break;
		if (!trusted(list, item, strlen(item)) || !comma)
			return item;
		*comma = 0;
	}
	return arena_strdup(&r->arena, peer);
}

/* ---- login and logout ------------------------------------------------------------ */

static const struct vfield login_fields[] = {
	{"username", V_STRING, V_REQUIRED, 1, 64},
	{"password", V_STRING, V_REQUIRED, 1, 256},
};

struct login {
	int64_t user_id;
	bool ok;
	/* The failures counted: of this username from this address ("ua:ADDRESS NAME"; an
	 * address has no space), from this address ("addr:ADDRESS"), of this username from
	 * everywhere ("user:NAME"). */
	const char *ua_key, *addr_key, *user_key;
	char now[CLOCK_ISO_LEN];
};

/* A hash to verify against when the username does not exist, so a wrong username
 * takes as long as a wrong password. */
static char dummy_hash[SECRET_PWHASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	secret_password_hash("not a real password", dummy_hash);
}

static json_t *me_json(struct req *r, const struct store_user *u)
{
	struct store_role *roles;
	int n;
	if (store_roles_of(r->rdb, u->id, &r->arena, &roles, &n, &r->err))
		return NULL;
	return render_user(u, roles, n);
}

/* Is this attempt refused (the rules above api_login in handlers.h)? The same rules on the read
 * connection (INTAKE_PEEK, before the password is checked, to spare the work) and in the
 * write, where they hold: a failure counts (INTAKE_HIT) and a success only holds the keys
 * (INTAKE_HOLD), each key read and counted in one statement, so concurrent attempts
 * cannot get more than the limits through. The keys are always taken in the same order.
 * Returns 0, or -1 with e set (429 `too_many_attempts`, or a database error). */
static int login_refused(struct req *r, struct db *db, const struct login *l, enum intake_count how,
                         struct err *e)
{
	const struct config *cfg = &r->app->cfg;
	int window = cfg->login_window_seconds;
	struct intake_limit addr = {l->addr_key, cfg->login_max_per_address, window,
	                            "too_many_attempts",
	                            "too many failed logins from this address"};
	/* Never refuses by itself: the total only tightens the per-address limit below. */
	struct intake_limit user = {l->user_key, INT_MAX, window, "too_many_attempts",
	                            "too many failed logins"};
	int64_t user_failures;
	if (intake_rate_check(r, db, &addr, how, NULL, e) ||
	    intake_rate_check(r, db, &user, how, &user_failures, e))
		return -1;
	/* An account guessed from many addresses: one failure each, then that address waits. */
	bool guessed = user_failures >= cfg->login_max_per_user_total;
	struct intake_limit ua = {l->ua_key, guessed ? 1 : cfg->login_max_per_user, window,
	                          "too_many_attempts",
	                          "too many failed logins for this username from this address"};
	return intake_rate_check(r, db, &ua, how, NULL, e);
}

static int login_write(struct db *db, struct req *r, struct err *e)
{
	struct login *l = r->write_arg;
	if (login_refused(r, db, l, l->ok ? INTAKE_HOLD : INTAKE_HIT, e))
		return -1; /* the job's savepoint goes, and with it this attempt's count */
	if (!l->ok) {
		err_set(&r->err, 401, "bad_credentials", NULL, "wrong username or password");
		return 401; /* committed: the failure counts */
	}
	char token[SECRET_TOKEN_LEN + 1], csrf[SECRET_TOKEN_LEN + 1], expires[CLOCK_ISO_LEN];
	uint8_t hash[SECRET_HASH_LEN];
	secret_token(token);
	secret_token(csrf);
	secret_hash(token, strlen(token), hash);
	int max_age = r->app->cfg.session_max_hours * 3600;
	clock_iso(clock_now() + max_age, expires);
	int64_t sid;
	r->auth.user_id = l->user_id; /* so the request log names who logged in */
	/* The address proved itself for this username: its failures for it are forgotten
	 * (those of the address and of the username stay). */
	if (store_session_insert(db, hash, l->user_id, csrf, l->now, expires, &sid, e) ||
	    store_counter_clear(db, l->ua_key, e))
		return -1;
	r->set_cookie = arena_printf(&r->arena,
	                             SESSION_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; "
	                                            "SameSite=Strict%s",
	                             token, max_age, r->app->cfg.tls ? "; Secure" : "");
	json_object_set_new(r->out, "csrf_token", json_string(csrf));
	return 200;
}

int api_login(struct req *r)
{
	if (validate_body(r, login_fields, 2, false))
		return -1;
	const char *username = body_str(r, "username");
	const char *password = body_str(r, "password");
	struct login *l = arena_alloc(&r->arena, sizeof *l);
	clock_iso(clock_now(), l->now);
	l->ua_key = arena_printf(&r->arena, "ua:%s %s", r->client_addr, username);
	l->addr_key = arena_printf(&r->arena, "addr:%s", r->client_addr);
	l->user_key = arena_printf(&r->arena, "user:%s", username);
	if (login_refused(r, r->rdb, l, INTAKE_PEEK, &r->err))
		return -1;

	struct store_user u;
	struct err e;
	if (store_user_by_name(r->rdb, username, &r->arena, &u, &e)) {
		if (e.status != 404)
			return r->err = e, -1;
		pthread_once(&dummy_once, make_dummy);
		secret_password_ok(dummy_hash, password);
	} else {
		l->ok = secret_password_ok(u.password_hash, password) && !u.disabled;
		l->user_id = u.id;
	}
	if (l->ok) {
		json_t *user = me_json(r, &u);
		if (!user)
			return -1;
		api_reply(r, 200, json_pack("{s:o}", "user", user));
	}
	return api_write(r, login_write, l);
}

static int logout_write(struct db *db, struct req *r, struct err *e)
{
	if (r->auth.session_id && store_session_delete(db, r->auth.session_id, e))
		return -1;
	r->set_cookie = SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
	return 204;
}

int api_logout(struct req *r)
{
	return api_write(r, logout_write, NULL);
}

int api_me(struct req *r)
{
	struct store_user u;
	if (store_user_get(r->rdb, r->auth.user_id, &r->arena, &u, &r->err))
		return -1;
	json_t *me = me_json(r, &u);
	if (!me)
		return -1;
	json_object_set_new(me, "csrf_token",
			    r->auth.session_id ? json_string(r->auth.csrf) : json_null());
	return api_reply(r, 200, me);
}

/* ---- integration tokens ---------------------------------------------------------- */

static json_t *token_json(const struct store_token *t)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)t->id, "name", t->name,
			 "created_at", t->created_at, "last_used_at", t->last_used_at,
			 "revoked_at", t->revoked_at);
}

int api_tokens_list(struct req *r)
{
	struct store_token *items;
	int n;
	if (store_token_list(r->rdb, r->auth.user_id, &r->arena, &items, &n, &r->err))
		return -1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, token_json(&items[i]));
	return api_reply(r, 200, page_result(arr, 0));
}

static const struct vfield token_fields[] = {
	{"name", V_STRING, V_REQUIRED, 1, 100},
};

static int token_create_write(struct db *db, struct req *r, struct err *e)
{
	char token[SECRET_TOKEN_LEN + 1], now[CLOCK_ISO_LEN];
	uint8_t hash[SECRET_HASH_LEN];
	secret_token(token);
	secret_hash(token, strlen(token), hash);
	clock_iso(clock_now(), now);
	struct store_token t = {.user_id = r->auth.user_id, .name = body_str(r, "name"),
				.created_at = now};
	if (store_token_insert(db, hash, t.user_id, t.name, now, &t.id, e))
		return -1;
	json_t *j = token_json(&t);
	json_object_set_new(j, "token", json_string(token));
	return api_reply(r, 201, j);
}

int api_tokens_create(struct req *r)
{
	if (validate_body(r, token_fields, 1, false))
		return -1;
	return api_write(r, token_create_write, NULL);
}

static int token_revoke_write(struct db *db, struct req *r, struct err *e)
{
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	if (store_token_revoke(db, r->ids[0], r->auth.user_id, now, e))
		return -1;
	return 204;
}

int api_tokens_revoke(struct req *r)
{
	return api_write(r, token_revoke_write, NULL);
}
