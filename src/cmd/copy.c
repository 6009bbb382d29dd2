/* copy: `huiyin copy --from SOURCE --to TARGET` copies a whole Huiyin database into a new,
 * empty one — SQLite to PostgreSQL when a district moves up, or either way — then checks
 * the audit chains on the target with the key in DATA/audit.key and prints the rows per
 * table. The target is migrated to this binary's schema first; the source must already be
 * at that version. Rows go across table by table in foreign-key order (store/tables.h),
 * --batch rows per target transaction; the full-text index is rebuilt from the appeals, as
 * intake writes it. A failed copy leaves a partial target: drop it and start again. */
#include "cmd/cmd.h"
#include "domain/search.h"
#include "store/appeals.h"
#include "store/audit.h"
#include "store/audit_replay.h"
#include "store/migrate.h"
#include "store/tables.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Rows per target transaction by default: large enough that commits (an fsync each on
 * SQLite) cost little, small enough that a transaction stays modest on PostgreSQL. */
#define BATCH 5000

static const char usage[] =
    "Usage: huiyin copy --from SOURCE --to TARGET\n"
    "\nCopies every row of the Huiyin database SOURCE into TARGET, a new or empty database\n"
    "(a SQLite file, sqlite:PATH or postgresql://...), which is first migrated to this\n"
    "huiyin's schema; SOURCE must be at the same schema version (`huiyin migrate` it).\n"
    "Then checks the audit chains on TARGET with DATA/audit.key (the source's key, which\n"
    "the servers on TARGET must use too) and prints the rows copied per table. Stop the\n"
    "servers on SOURCE first. A progress bar is drawn on a terminal. A failed copy leaves\n"
    "TARGET partly written: drop it and create it again before the next try.\n"
    "  --from SOURCE   the database to copy\n"
    "  --to TARGET     the database to fill; must hold no data\n"
    "  --batch ROWS    rows per transaction on TARGET (default 5000)\n";

struct run {
	struct db *dst;
	int64_t done, total;
	int in_batch, batch;
	bool counting; /* ticks count rows (not during the second pass of late columns) */
	bool bar;
	int drawn; /* per mille last drawn, -1 before the first */
	char *text, *tokens;
	size_t text_cap, tokens_cap;
};

static bool is_pg(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

static const char *file_of(const char *url)
{
	return !strncmp(url, "sqlite:", 7) ? url + 7 : url;
}

/* The same database named twice: the same URL, or the same file however it is spelled. */
static bool same_db(const char *a, const char *b)
{
	if (is_pg(a) || is_pg(b))
		return !strcmp(a, b);
	struct stat sa, sb;
	if (!stat(file_of(a), &sa) && !stat(file_of(b), &sb))
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return !strcmp(file_of(a), file_of(b));
}

static void draw(struct run *r)
{
	int permille = r->total ? (int)(r->done * 1000 / r->total) : 1000;
	if (permille > 1000)
		permille = 1000;
	if (permille == r->drawn)
		return;
	r->drawn = permille;
	char bar[41];
	int full = permille * 40 / 1000;
	memset(bar, '#', (size_t)full);
	memset(bar + full, '.', (size_t)(40 - full));
	bar[40] = 0;
	fprintf(stderr, "\r[%s] %3d%% %lld/%lld rows", bar, permille / 10, (long long)r->done,
	        (long long)r->total);
	fflush(stderr);
}

/* After each row: commit every r->batch rows, move the bar. */
static int tick(void *arg, struct err *e)
{
	struct run *r = arg;
	if (++r->in_batch >= r->batch) {
		if (db_commit(r->dst, e) || db_begin(r->dst, e))
			return -1;
		r->in_batch = 0;
	}
	if (r->counting) {
		r->done++;
		if (r->bar)
			draw(r);
	}
	return 0;
}

static void grow(char **p, size_t *cap, size_t need)
{
	if (need > *cap) {
		*cap = need;
		*p = xrealloc(*p, need);
	}
}

/* One appeal's full-text row, made as intake makes it (api/appeal_intake.c). */
static int add_search(void *arg, int64_t id, const char *title, const char *description,
                      struct err *e)
{
	struct run *r = arg;
	size_t nt = strlen(title), nd = strlen(description);
	grow(&r->text, &r->text_cap, nt + nd + 2);
	grow(&r->tokens, &r->tokens_cap, nt * 3 + nd * 3 + 16);
	memcpy(r->text, title, nt);
	r->text[nt] = '\n';
	memcpy(r->text + nt + 1, description, nd + 1);
	search_tokens(r->text, r->tokens, r->tokens_cap);
	if (store_appeal_search_add(r->dst, id, r->tokens, e))
		return -1;
	return tick(r, e);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Opens the target, refuses one that holds data (before migrating it, so a wrong --to is
 * left as it was), migrates it and checks the source is at the same schema version. A
 * SQLite file this created is removed again when it is refused. */
static void remove_file_db(const char *path)
{
	char side[CONFIG_PATH_MAX + 8];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static int open_target(const char *to, bool created, int src_version, const uint8_t *key,
                       struct db **dst)
{
	struct err e;
	if (db_open(to, DB_OPEN_CREATE, dst, &e))
		return cmd_fail("target: %s", e.message);
	const char *used;
	int version = -1;
	if (store_tables_first_used(*dst, true, &used, &e))
		goto fail;
	if (used) {
		cmd_fail("the target database is not empty (table %s has rows): copy into a new "
		         "database",
		         used);
		goto refuse;
	}
	if (migrate_apply(*dst, key, NULL, &e) || (version = migrate_current(*dst, &e)) < 0) {
		cmd_fail("target: migration failed: %s", e.message);
		goto refuse;
	}
	if (version != src_version) {
		cmd_fail("the source database is at schema version %d and this huiyin's is %d: %s",
		         src_version, version,
		         src_version < version ? "run `huiyin migrate --db SOURCE` first"
		                               : "copy it with a newer huiyin");
		goto refuse;
	}
	if (store_tables_first_used(*dst, false, &used, &e))
		goto fail;
	if (used) {
		cmd_fail("the target database is not empty (table %s has rows): copy into a new "
		         "database",
		         used);
		goto refuse;
	}
	return 0;
fail:
	cmd_fail("target: %s", e.message);
refuse:
	db_close(*dst);
	*dst = NULL;
	if (created)
		remove_file_db(file_of(to));
	return -1;
}

/* Counts, copies every table, sets the late columns, rebuilds the search rows and moves
 * the identity sequences. counts[] gets the rows per table, *search the search rows. */
static int copy_all(struct db *src, struct run *r, int64_t *counts, int64_t *search, struct err *e)
{
	for (int i = 0; i < store_tables_n; i++) {
		if (store_table_count(src, &store_tables[i], &counts[i], e))
			return -1;
		r->total += counts[i];
		if (!strcmp(store_tables[i].name, "appeals"))
			*search = counts[i]; /* one search row per appeal */
	}
	r->total += *search;
	if (r->bar)
		draw(r);
	if (db_begin(r->dst, e))
		return -1;
	if (store_tables_clear_seeded(r->dst, e))
		goto fail;
	r->counting = true;
	for (int i = 0; i < store_tables_n; i++)
		if (!(store_tables[i].flags & TABLE_COUNTER) &&
		    store_table_copy(src, r->dst, &store_tables[i], tick, r, &counts[i], e))
			goto fail;
	r->counting = false;
	for (int i = 0; i < store_tables_n; i++)
		if (store_table_copy_late(src, r->dst, &store_tables[i], tick, r, e))
			goto fail;
	r->counting = true;
	if (store_appeal_texts(src, add_search, r, e) || store_tables_reset_ids(r->dst, e) ||
	    db_commit(r->dst, e) || db_begin(r->dst, e))
		goto fail;
	/* The counters once everything that moves them is committed (see TABLE_COUNTER). */
	for (int i = 0; i < store_tables_n; i++)
		if ((store_tables[i].flags & TABLE_COUNTER) &&
		    store_table_copy(src, r->dst, &store_tables[i], tick, r, &counts[i], e))
			goto fail;
	if (db_commit(r->dst, e))
		goto fail;
	return 0;
fail:
	db_rollback(r->dst);
	return -1;
}

int cmd_copy(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *batch_arg = NULL;
	const struct cmd_opt opts[] = {
	    {"--from", &from, NULL}, {"--to", &to, NULL}, {"--batch", &batch_arg, NULL}};
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, opts, 3, 0, 0, usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!from || !to || !*from || !*to)
		return cmd_fail("copy needs --from SOURCE and --to TARGET (see --help)"),
		       EXIT_USAGE;
	long batch = BATCH;
	if (batch_arg) {
		char *end;
		batch = strtol(batch_arg, &end, 10);
		if (*end || end == batch_arg || batch < 1 || batch > 1000000)
			return cmd_fail("--batch takes a number of rows (1 to 1000000)"),
			       EXIT_USAGE;
	}
	if (same_db(from, to))
		return cmd_fail("--from and --to name the same database"), EXIT_USAGE;
	if (!is_pg(from) && access(file_of(from), F_OK))
		return cmd_fail("no source database at %s", file_of(from));
	uint8_t key[AUDIT_KEY_LEN];
	struct err e;
	if (audit_key_load(ctx.cfg.data_dir, key, &e))
		return cmd_fail("%s (the source's audit key checks the copy: pass its --data DIR)",
		                e.message);

	struct db *src = NULL, *dst = NULL;
	int version;
	if (db_open(from, DB_OPEN_READONLY, &src, &e))
		return cmd_fail("source: %s", e.message);
	if (store_schema_version(src, &version, &e)) {
		db_close(src);
		return cmd_fail("the source is not a Huiyin database (%s)", e.message);
	}
	/* A SQLite file made by this copy is removed again when the copy fails. */
	bool created = !is_pg(to) && access(file_of(to), F_OK) != 0;
	if (open_target(to, created, version, key, &dst)) {
		db_close(src);
		return EXIT_FAIL;
	}

	double t0 = seconds();
	int64_t *counts = xcalloc((size_t)store_tables_n, sizeof *counts), search = 0;
	struct run r = {.dst = dst, .batch = (int)batch, .bar = isatty(STDERR_FILENO), .drawn = -1};
	struct err ce;
	/* One snapshot of the source for the counts and every table. */
	rc = db_begin_read(src, &e) || copy_all(src, &r, counts, &search, &e);
	db_commit(src, &ce);
	free(r.text);
	free(r.tokens);
	db_close(src);
	if (r.bar)
		fputc('\n', stderr);
	if (rc) {
		db_close(dst);
		free(counts);
		if (created) {
			remove_file_db(file_of(to));
			return cmd_fail("copy failed: %s (the new target file was removed)",
			                e.message);
		}
		return cmd_fail("copy failed: %s (the target holds part of the copy: drop it and "
		                "create it again before another try)",
		                e.message);
	}
	double t1 = seconds();

	char report[300];
	int64_t checked = 0;
	int vrc = audit_verify(dst, key, audit_replay_check, report, sizeof report, &checked, &e);
	db_close(dst);
	int64_t total = search;
	for (int i = 0; i < store_tables_n; i++) {
		printf("  %-20s %10lld\n", store_tables[i].name, (long long)counts[i]);
		total += counts[i];
	}
	printf("  %-20s %10lld (rebuilt from the appeals)\n", "appeal_search", (long long)search);
	printf("  %-20s %10lld\n", "total", (long long)total);
	printf("huiyin: copied %lld rows in %.2f s\n", (long long)total, t1 - t0);
	free(counts);
	if (vrc < 0)
		return cmd_fail("cannot verify the audit chains on the target: %s", e.message);
	if (vrc > 0)
		return cmd_fail("audit chain broken on the target: %s", report);
	printf("huiyin: every audit chain holds on the target (%lld events checked)\n",
	       (long long)checked);
	return EXIT_OK;
}
