/* cmd: the subcommands of `huiyin` (one file each) and what they share: option parsing
 * with the common flags (--data, --db, --config, --help), configuration loading (built-in
 * defaults, then huiyin.conf, then HUIYIN_* variables, then flags) and one-line errors.
 * Exit codes: 0 success, 1 failure, 2 bad usage. */
#ifndef HUIYIN_CMD_H
#define HUIYIN_CMD_H
#include <stdbool.h>

#include "store/db.h"
#include "util/config.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cmd_opt {
	const char *name;   /* "--listen" */
	const char **value; /* set for options with an argument */
	bool *flag;         /* set for options without one */
};

#define CMD_MAX_ARGS 8

struct cmd_ctx {
	struct config cfg;
	const char *args[CMD_MAX_ARGS];
	int n_args;
	bool help;
};

/* Parses argv (after the subcommand) into ctx. Returns -1 after printing the usage for
 * --help, EXIT_USAGE after printing an error, 0 to go on. min/max bound the positional
 * arguments. */
int cmd_parse(int argc, char **argv, const struct cmd_opt *opts, int n_opts, int min_args,
	      int max_args, const char *usage, struct cmd_ctx *ctx);
/* cmd_parse() for a subcommand that takes exactly one verb and knows only `verb` (as in
 * `huiyin audit verify`); another verb is bad usage, "unknown <command> command". Returns
 * as cmd_parse() does. */
int cmd_parse_verb(int argc, char **argv, const struct cmd_opt *opts, int n_opts,
		   const char *command, const char *verb, const char *usage, struct cmd_ctx *ctx);
/* Opens the configured database, creating it when `create`, and applies pending
 * migrations (with the audit key of the data directory when there is one: migration 0007
 * signs the audit heads with it). Prints the error and returns -1 on failure. */
int cmd_open_db(struct cmd_ctx *ctx, bool create, struct db **db);
/* Reads DATA/audit.key into key when it can; returns key, or NULL without one. */
const uint8_t *cmd_audit_key(const struct cmd_ctx *ctx, uint8_t key[32]);
/* Prints "huiyin: <message>" on stderr and returns EXIT_FAIL. */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reads one line from standard input (newline stripped) into out. */
int cmd_read_password(char *out, int cap);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_privacy(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/* Fills an empty database with the demo district (see demo.c); key signs the audit
 * chains of the demo appeals. */
int demo_seed(struct db *db, const uint8_t *key, struct err *e);
/* Prints the demo logins and one demo appeal's private link. */
void demo_print_logins(void);
/* The demo's organisations by key ("district", "econ", "xiexia", ...) and users by name,
 * once demo_seed() has made them. */
struct store_org;
const struct store_org *demo_org(const char *key);
int64_t demo_user(const char *username);
/* A few hundred appeals in every state, with dispatch rules and reply templates. */
struct arena;
int demo_appeals(struct db *db, const uint8_t *key, struct arena *a, struct err *e);
/* Needs, resources, projects and activities drawn from the seed (see demo_lists.c). */
int demo_lists(struct db *db, const uint8_t *key, struct arena *a, struct err *e);
void demo_print_tracking(void);
/* Visits of every outcome in each active reception room (see demo_visits.c); run it after
 * the rooms are made. */
int demo_visits(struct db *db, const uint8_t *key, struct arena *a, struct err *e);
/* For `huiyin gen` in a later process: finds the demo's organisations and users in the
 * database (by name), so demo_org() and demo_user() answer as after demo_seed(). 404 when
 * the database holds no demo district. */
int demo_attach(struct db *db, struct err *e);
/* One appeal of the demo's kind (sample text, community, channel, submitter) submitted at
 * t (plus up to an hour) and walked through the life cycle with appeal_apply, at the times
 * the clock is set to, stopping before `end`. steps < 0 draws how far it goes as the demo
 * does (with the odd decline); 0..8 takes exactly that many steps of the happy path (1:
 * accepted). long_text gives a description of realistic length (a hundred characters and
 * more). Runs inside the caller's transaction; *out is the appeal as it ends, token its
 * access token (SECRET_TOKEN_LEN + 1 bytes). */
struct demo_appeal_opts {
	int steps;
	bool long_text;
	/* When set, the search tokens are left here (in the arena) instead of inserted: the
	 * caller adds them with store_appeal_search_add(). */
	const char **tokens;
};
struct store_appeal;
int demo_appeal(struct db *db, const uint8_t *key, struct arena *a, int64_t t, int64_t end,
		const struct demo_appeal_opts *o, struct store_appeal *out, char *token,
		struct err *e);

#endif
