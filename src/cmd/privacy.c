/* privacy: `huiyin privacy erase [--older-than DAYS]` erases the personal data (name,
 * phone, email) of appeals closed, and of needs fulfilled or closed, longer ago than the
 * retention period (privacy.retention_days, default 1095). The cases and their audit
 * chains stay intact: personal data lives in its own table, outside the hashed events. */
#include "cmd/cmd.h"
#include "store/appeals.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: huiyin privacy erase [--older-than DAYS]\n"
	"\nErases names, phone numbers and emails of appeals closed, and of needs fulfilled or\n"
	"closed, more than DAYS days ago (default: privacy.retention_days). The cases and their\n"
	"history stay.\n";

int cmd_privacy(int argc, char **argv)
{
	const char *older = NULL;
	const struct cmd_opt opts[] = {{"--older-than", &older, NULL}};
	struct cmd_ctx ctx;
	int rc = cmd_parse_verb(argc, argv, opts, 1, "privacy", "erase", usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	long days = ctx.cfg.retention_days;
	if (older) {
		char *end;
		days = strtol(older, &end, 10);
		if (*end || end == older || days < 0 || days > 36500)
			return cmd_fail("--older-than takes a number of days"), EXIT_USAGE;
	}
	struct db *db;
	if (cmd_open_db(&ctx, false, &db))
		return EXIT_FAIL;
	char now[CLOCK_ISO_LEN], before[CLOCK_ISO_LEN];
	int64_t t = clock_now();
	clock_iso(t, now);
	clock_iso(t - days * 86400, before);
	struct err e;
	int64_t appeals = 0, needs = 0;
	rc = db_begin(db, &e) || store_persons_erase(db, before, now, &appeals, &needs, &e) ||
	     db_commit(db, &e);
	if (rc)
		db_rollback(db);
	db_close(db);
	if (rc)
		return cmd_fail("%s", e.message);
	printf("huiyin: personal data of %lld closed appeal(s) and %lld fulfilled or closed "
	       "need(s) erased (closed before %s)\n",
	       (long long)appeals, (long long)needs, before);
	return EXIT_OK;
}
