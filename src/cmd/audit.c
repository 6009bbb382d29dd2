/* audit: `huiyin audit verify` checks, with the key in DATA/audit.key, every hash chain
 * (the events of each appeal, need, resource and project, and the admin log), its signed
 * head, each row against its events (store/audit_replay.c) and its signature, and each
 * kind's checkpoint; exits 0 when all hold, 1 naming the first broken link. */
#include "cmd/cmd.h"
#include "store/audit.h"
#include "store/audit_replay.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: huiyin audit verify\n"
	"\nChecks every audit chain (the events of appeals, needs, resources and projects, and\n"
	"admin actions), each chain's signed head, each row against its events and its\n"
	"signature, and the checkpoint of how many subjects of each kind there are, with the\n"
	"key in DATA/audit.key. Exits 0 when all hold, 1 naming the first broken link.\n";

int cmd_audit(int argc, char **argv)
{
	struct cmd_ctx ctx;
	int rc = cmd_parse_verb(argc, argv, NULL, 0, "audit", "verify", usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	uint8_t key[AUDIT_KEY_LEN];
	struct err e;
	if (audit_key_load(ctx.cfg.data_dir, key, &e))
		return cmd_fail("%s", e.message);
	struct db *db;
	if (cmd_open_db(&ctx, false, &db))
		return EXIT_FAIL;
	char report[300];
	int64_t checked;
	rc = audit_verify(db, key, audit_replay_check, report, sizeof report, &checked, &e);
	db_close(db);
	if (rc < 0)
		return cmd_fail("%s", e.message);
	if (rc > 0)
		return cmd_fail("audit chain broken: %s", report);
	printf("huiyin: every audit chain holds (%lld events checked)\n", (long long)checked);
	return EXIT_OK;
}
