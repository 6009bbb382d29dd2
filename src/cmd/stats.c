/* stats: `huiyin stats rebuild` recounts the figures' day counters from the appeals'
 * events in one transaction (ops/stats.c), as migration 0011 does once for the events
 * already there. The writer keeps them in step otherwise; a rebuild changes nothing unless
 * something wrote events without it. */
#include "cmd/cmd.h"
#include "ops/stats.h"
#include "store/db.h"
#include "util/clock.h"

#include <stdio.h>

static const char usage[] = "Usage: huiyin stats rebuild\n"
                            "\nRecounts the statistics' day counters from the appeals' events.\n";

int cmd_stats(int argc, char **argv)
{
	struct cmd_ctx ctx;
	int rc = cmd_parse_verb(argc, argv, NULL, 0, "stats", "rebuild", usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct db *db;
	if (cmd_open_db(&ctx, false, &db))
		return EXIT_FAIL;
	struct err e;
	int64_t events = 0, t0 = clock_mono_us();
	rc = db_begin(db, &e);
	if (!rc && (stats_rebuild(db, &events, &e) || db_commit(db, &e))) {
		db_rollback(db);
		rc = -1;
	}
	db_close(db);
	if (rc)
		return cmd_fail("%s", e.message);
	printf("huiyin: statistics recounted from %lld events in %.1f s\n", (long long)events,
	       (double)(clock_mono_us() - t0) / 1e6);
	return EXIT_OK;
}
