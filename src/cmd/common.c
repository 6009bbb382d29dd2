/* common: option parsing, configuration and database opening shared by subcommands. */
#include "cmd/cmd.h"
#include "store/audit.h"
#include "ops/stats.h"
#include "store/migrate.h"
#include "util/links.h"
#include "util/log.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("huiyin: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

static int load_config(struct cmd_ctx *ctx, const char *config_path)
{
	struct err e;
	config_defaults(&ctx->cfg);
	const char *path = config_path ? config_path : getenv("HUIYIN_CONFIG");
	if (config_load_file(&ctx->cfg, path ? path : "huiyin.conf", path != NULL, &e) ||
	    config_load_env(&ctx->cfg, &e)) {
		cmd_fail("%s", e.message);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_parse(int argc, char **argv, const struct cmd_opt *opts, int n_opts, int min_args,
	      int max_args, const char *usage, struct cmd_ctx *ctx)
{
	const char *data = NULL, *db = NULL, *config = NULL;
	memset(ctx, 0, sizeof *ctx);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			printf("%s", usage);
			printf("\nCommon options:\n"
			       "  --data DIR      data directory (default ./data)\n"
			       "  --db URL        database: a file path or sqlite:PATH"
			       " (default DIR/huiyin.db)\n"
			       "  --config FILE   settings file (default ./huiyin.conf when present)\n"
			       "  --help          this text\n");
			ctx->help = true;
			return -1;
		}
		const char **target = NULL;
		bool *flag = NULL;
		if (!strcmp(a, "--data"))
			target = &data;
		else if (!strcmp(a, "--db"))
			target = &db;
		else if (!strcmp(a, "--config"))
			target = &config;
		for (int k = 0; k < n_opts && !target && !flag; k++) {
			if (strcmp(a, opts[k].name))
				continue;
			target = opts[k].value;
			flag = opts[k].flag;
		}
		if (flag) {
			*flag = true;
		} else if (target) {
			if (i + 1 >= argc) {
				cmd_fail("%s needs a value (see --help)", a);
				return EXIT_USAGE;
			}
			*target = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			cmd_fail("unknown option %s (see --help)", a);
			return EXIT_USAGE;
		} else {
			if (ctx->n_args == CMD_MAX_ARGS || ctx->n_args == max_args) {
				cmd_fail("too many arguments (see --help)");
				return EXIT_USAGE;
			}
			ctx->args[ctx->n_args++] = a;
		}
	}
	if (ctx->n_args < min_args) {
		cmd_fail("missing arguments (see --help)");
		return EXIT_USAGE;
	}
	int rc = load_config(ctx, config);
	if (rc)
		return rc;
	struct err e;
	if ((data && config_set(&ctx->cfg, "data.dir", data, &e)) ||
	    (db && config_set(&ctx->cfg, "database.url", db, &e))) {
		cmd_fail("%s", e.message);
		return EXIT_USAGE;
	}
	links_init(&ctx->cfg);
	if (!strcmp(ctx->cfg.log_level, "debug"))
		log_set_level(LOG_DEBUG);
	else if (!strcmp(ctx->cfg.log_level, "warn"))
		log_set_level(LOG_WARN);
	else if (!strcmp(ctx->cfg.log_level, "error"))
		log_set_level(LOG_ERROR);
	return 0;
}

int cmd_parse_verb(int argc, char **argv, const struct cmd_opt *opts, int n_opts,
		   const char *command, const char *verb, const char *usage, struct cmd_ctx *ctx)
{
	int rc = cmd_parse(argc, argv, opts, n_opts, 1, 1, usage, ctx);
	if (rc)
		return rc;
	if (strcmp(ctx->args[0], verb))
		return cmd_fail("unknown %s command %s (see --help)", command, ctx->args[0]),
		       EXIT_USAGE;
	return 0;
}

const uint8_t *cmd_audit_key(const struct cmd_ctx *ctx, uint8_t key[32])
{
	struct err e;
	return audit_key_load(ctx->cfg.data_dir, key, &e) ? NULL : key;
}

int cmd_open_db(struct cmd_ctx *ctx, bool create, struct db **db)
{
	char url[CONFIG_PATH_MAX];
	struct err e;
	config_db_url(&ctx->cfg, url, sizeof url);
	if (create && !ctx->cfg.db_url[0] && mkdir(ctx->cfg.data_dir, 0700) && errno != EEXIST) {
		cmd_fail("cannot create %s: %s", ctx->cfg.data_dir, strerror(errno));
		return -1;
	}
	if (db_open(url, create ? DB_OPEN_CREATE : 0, db, &e)) {
		cmd_fail("%s%s", e.message, create ? "" : " (run `huiyin init` first)");
		return -1;
	}
	uint8_t key[AUDIT_KEY_LEN];
	int rc = migrate_apply(*db, cmd_audit_key(ctx, key), NULL, &e);
	sodium_memzero(key, sizeof key);
	/* A migration may ask for the figures to be recounted from the events (0011). */
	if (!rc)
		rc = stats_rebuild_pending(*db, &e);
	if (rc) {
		cmd_fail("migration failed: %s", e.message);
		db_close(*db);
		return -1;
	}
	return 0;
}

int cmd_read_password(char *out, int cap)
{
	if (!fgets(out, cap, stdin))
		return -1;
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = 0;
	if (n && out[n - 1] == '\r')
		out[--n] = 0;
	return 0;
}
