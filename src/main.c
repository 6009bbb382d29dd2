/* main: the `huiyin` program. A table maps each subcommand to its cmd_* function (one
 * file each in src/cmd/); this file only dispatches. */
#include "cmd/cmd.h"
#include "util/secret.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"serve", cmd_serve, "run the HTTP server"},
    {"init", cmd_init, "create or upgrade the database (--demo adds the demo district)"},
    {"migrate", cmd_migrate, "apply pending database migrations"},
    {"user", cmd_user, "add users, set passwords, grant and revoke roles"},
    {"audit", cmd_audit, "verify the audit chains (audit verify)"},
    {"privacy", cmd_privacy, "erase personal data past its retention (privacy erase)"},
    {"gen", cmd_gen, "fill the database with generated appeals (for benchmarks)"},
    {"copy", cmd_copy, "copy a whole database into a new one (SQLite to PostgreSQL)"},
    {"stats", cmd_stats, "recount the statistics from the events (stats rebuild)"},
    {"version", cmd_version, "print the version"},
    /* Not in the usage: the route table as JSON, for tests and reviews. */
    {"routes", cmd_routes, NULL},
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: huiyin COMMAND [OPTIONS]\n\nHuiyin (回音): every matter gets a "
		     "reply, every case an answer.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].summary)
			fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun `huiyin COMMAND --help` for the options of one command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	/* Keep freed memory instead of handing it back to the kernel at once: SQLite opens
	 * and closes a small page cache for every statement that needs a temporary table
	 * (RETURNING among them), and with glibc's default threshold each close shrank the
	 * heap and the next open faulted the pages in again — most of the time of a write
	 * (measured with perf; see bench/RESULTS.md). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	if (secret_init())
		return cmd_fail("cannot initialise libsodium");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "huiyin: unknown command %s (see huiyin --help)\n", argv[1]);
	return EXIT_USAGE;
}
