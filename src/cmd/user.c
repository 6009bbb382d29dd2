/* user: `huiyin user add | passwd | grant | revoke` manage accounts from the command
 * line, writing straight to the database in one transaction each. A running server reads
 * users and roles afresh on every request, so changes count at once; a new password or a
 * revoked role ends the user's sessions. */
#include "cmd/cmd.h"
#include "domain/names.h"
#include "ops/admin.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "store/users.h"
#include "util/secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: huiyin user add NAME [--display TEXT] --password-stdin\n"
	"       huiyin user passwd NAME --password-stdin\n"
	"       huiyin user grant NAME ROLE ORG_ID\n"
	"       huiyin user revoke NAME ROLE ORG_ID\n"
	"\nROLE is one of admin, dispatcher, handler, secretary, supervisor, liaison; the role\n"
	"holds for the organisation ORG_ID and everything below it. Passwords are read as one\n"
	"line from standard input.\n";

static int read_new_password(char *out, int cap)
{
	if (cmd_read_password(out, cap))
		return cmd_fail("no password on standard input");
	if (!names_password_ok(out))
		return cmd_fail("the password must be 8 to 256 characters");
	return 0;
}

static int user_add(struct db *db, struct cmd_ctx *ctx, const char *display)
{
	const char *name = ctx->args[1];
	char password[300], hash[SECRET_PWHASH_MAX];
	if (!names_username_ok(name))
		return cmd_fail("a username is 2 to 64 letters, digits, '.', '_' or '-'");
	if (read_new_password(password, sizeof password))
		return EXIT_FAIL;
	if (secret_password_hash(password, hash))
		return cmd_fail("cannot hash the password");
	struct store_user u = {.username = name, .display_name = display ? display : name,
			       .password_hash = hash};
	struct err e;
	if (store_user_insert(db, &u, &e))
		return cmd_fail("%s", e.message);
	printf("huiyin: user %s added (id %lld)\n", name, (long long)u.id);
	return 0;
}

static int user_passwd(struct db *db, struct cmd_ctx *ctx, struct arena *a)
{
	struct store_user u;
	struct err e;
	char password[300], hash[SECRET_PWHASH_MAX];
	if (store_user_by_name(db, ctx->args[1], a, &u, &e))
		return cmd_fail("no user %s", ctx->args[1]);
	if (read_new_password(password, sizeof password))
		return EXIT_FAIL;
	if (secret_password_hash(password, hash))
		return cmd_fail("cannot hash the password");
	u.password_hash = hash;
	if (store_user_update(db, &u, &e) || store_sessions_end_user(db, u.id, &e))
		return cmd_fail("%s", e.message);
	printf("huiyin: password of %s changed; their sessions have ended\n", u.username);
	return 0;
}

/* Role changes from the command line join the admin chain with no actor. */
static int log_role(struct db *db, struct cmd_ctx *ctx, const char *type,
		    const struct store_role *r)
{
	uint8_t key[AUDIT_KEY_LEN];
	struct err e;
	struct arena a;
	arena_init(&a);
	struct evdata *d = evdata_new(&a);
	evdata_int(d, "user_id", r->user_id);
	evdata_str(d, "role", r->role);
	evdata_int(d, "org_id", r->org_id);
	int rc = audit_key_load(ctx->cfg.data_dir, key, &e) || admin_append(db, key, 0, type, d, &e);
	arena_free(&a);
	if (rc)
		return cmd_fail("%s", e.message);
	return 0;
}

static int user_role(struct db *db, struct cmd_ctx *ctx, struct arena *a, bool grant)
{
	struct store_user u;
	struct store_role r = {0};
	struct err e;
	if (ctx->n_args != 4)
		return cmd_fail("usage: huiyin user %s NAME ROLE ORG_ID", ctx->args[0]), EXIT_USAGE;
	if (role_parse(ctx->args[2]) < 0)
		return cmd_fail("unknown role %s", ctx->args[2]), EXIT_USAGE;
	char *end;
	long long org_id = strtoll(ctx->args[3], &end, 10);
	if (*end || org_id <= 0)
		return cmd_fail("ORG_ID must be a positive number"), EXIT_USAGE;
	if (store_user_by_name(db, ctx->args[1], a, &u, &e))
		return cmd_fail("no user %s", ctx->args[1]);
	if (grant) {
		r.user_id = u.id;
		r.role = ctx->args[2];
		r.org_id = org_id;
		if (store_role_insert(db, &r, &e) || store_role_get(db, r.id, a, &r, &e))
			return cmd_fail("%s", e.status == 409 ? e.message : "no such organisation");
		if (log_role(db, ctx, "role_grant", &r))
			return EXIT_FAIL;
		printf("huiyin: %s is now %s at %s\n", u.username, r.role, r.org_name);
		return 0;
	}
	if (store_role_find(db, u.id, ctx->args[2], org_id, a, &r, &e))
		return cmd_fail("%s has no role %s at organisation %lld", u.username, ctx->args[2],
				org_id);
	if (store_role_delete(db, r.id, &e) || store_sessions_end_user(db, u.id, &e))
		return cmd_fail("%s", e.message);
	if (log_role(db, ctx, "role_revoke", &r))
		return EXIT_FAIL;
	printf("huiyin: %s is no longer %s at %s; their sessions have ended\n", u.username, r.role,
	       r.org_name);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	const char *display = NULL;
	bool password_stdin = false;
	const struct cmd_opt opts[] = {
		{"--display", &display, NULL},
		{"--password-stdin", NULL, &password_stdin},
	};
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, opts, 2, 2, 4, usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	const char *sub = ctx.args[0];
	bool needs_password = !strcmp(sub, "add") || !strcmp(sub, "passwd");
	if (!needs_password && strcmp(sub, "grant") && strcmp(sub, "revoke"))
		return cmd_fail("unknown user command %s (see --help)", sub), EXIT_USAGE;
	if (needs_password && (!password_stdin || ctx.n_args != 2))
		return cmd_fail("usage: huiyin user %s NAME --password-stdin", sub), EXIT_USAGE;
	struct db *db;
	if (cmd_open_db(&ctx, false, &db))
		return EXIT_FAIL;
	struct arena a;
	struct err e;
	arena_init(&a);
	rc = db_begin(db, &e) ? cmd_fail("%s", e.message) : 0;
	if (!rc) {
		if (!strcmp(sub, "add"))
			rc = user_add(db, &ctx, display);
		else if (!strcmp(sub, "passwd"))
			rc = user_passwd(db, &ctx, &a);
		else
			rc = user_role(db, &ctx, &a, !strcmp(sub, "grant"));
		if (rc)
			db_rollback(db);
		else if (db_commit(db, &e))
			rc = cmd_fail("%s", e.message);
	}
	arena_free(&a);
	db_close(db);
	return rc;
}
