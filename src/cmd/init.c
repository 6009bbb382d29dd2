/* init and migrate: `huiyin init [--demo]` creates or upgrades the database and the audit
 * key in the data directory, and with --demo adds the demo district once;
 * `huiyin migrate` only applies pending migrations. */
#include "cmd/cmd.h"
#include "store/audit.h"
#include "ops/stats.h"
#include "store/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char init_usage[] =
	"Usage: huiyin init [--demo]\n"
	"\nCreates or upgrades the database, and creates the audit key (audit.key in the data\n"
	"directory) when it is missing.\n"
	"  --demo   add the demo district and its users (once), and print the demo logins\n";

static const char migrate_usage[] =
	"Usage: huiyin migrate\n\nApplies pending database migrations.\n";

/* The key that signs the audit chains lives outside the database, in the data dir. */
static int ensure_audit_key(const char *dir)
{
	char path[CONFIG_PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/audit.key", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : cmd_fail("cannot create %s: %s", path, strerror(errno));
	unsigned char key[32];
	char hex[65];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	hex[64] = '\n';
	ssize_t n = write(fd, hex, sizeof hex);
	if (n != (ssize_t)sizeof hex || fsync(fd)) {
		close(fd);
		return cmd_fail("cannot write %s", path);
	}
	close(fd);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	bool demo = false;
	const struct cmd_opt opts[] = {{"--demo", NULL, &demo}};
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, opts, 1, 0, 0, init_usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (mkdir(ctx.cfg.data_dir, 0700) && errno != EEXIST)
		return cmd_fail("cannot create %s: %s", ctx.cfg.data_dir, strerror(errno));
	if (ensure_audit_key(ctx.cfg.data_dir))
		return EXIT_FAIL;
	uint8_t key[AUDIT_KEY_LEN];
	struct err ke;
	if (audit_key_load(ctx.cfg.data_dir, key, &ke))
		return cmd_fail("%s", ke.message);
	struct db *db;
	if (cmd_open_db(&ctx, true, &db))
		return EXIT_FAIL;
	struct err e;
	int version = migrate_current(db, &e);
	if (demo && demo_seed(db, key, &e)) {
		db_close(db);
		return cmd_fail("demo data: %s", e.message);
	}
	db_close(db);
	printf("huiyin: database ready (schema version %d)\n", version);
	if (demo)
		demo_print_logins();
	return EXIT_OK;
}

int cmd_migrate(int argc, char **argv)
{
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, NULL, 0, 0, 0, migrate_usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	char url[CONFIG_PATH_MAX];
	struct err e;
	struct db *db;
	config_db_url(&ctx.cfg, url, sizeof url);
	if (db_open(url, 0, &db, &e))
		return cmd_fail("%s (run `huiyin init` first)", e.message);
	int applied = 0;
	uint8_t key[AUDIT_KEY_LEN];
	rc = migrate_apply(db, cmd_audit_key(&ctx, key), &applied, &e);
	sodium_memzero(key, sizeof key);
	if (!rc)
		rc = stats_rebuild_pending(db, &e);
	int version = rc ? -1 : migrate_current(db, &e);
	db_close(db);
	if (rc)
		return cmd_fail("migration failed: %s", e.message);
	printf("huiyin: %d migration(s) applied, schema version %d\n", applied, version);
	return EXIT_OK;
}
