/* version: `huiyin version` prints the release and the libraries it runs on. */
#include "cmd/cmd.h"
#include "version.h"

#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>

static const char usage[] = "Usage: huiyin version\n\nPrints the version.\n";

int cmd_version(int argc, char **argv)
{
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, NULL, 0, 0, 0, usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	printf("huiyin %s (sqlite %s, libmicrohttpd %s, jansson %s, libsodium %s)\n",
	       HUIYIN_VERSION, sqlite3_libversion(), MHD_get_version(), JANSSON_VERSION,
	       sodium_version_string());
	return EXIT_OK;
}
