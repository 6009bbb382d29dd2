/* serve: `huiyin serve` runs the HTTP server until SIGTERM or SIGINT, then stops
 * gracefully: no new connections, requests in flight finish, writes are committed, the
 * database is closed. */
#include "api/app.h"
#include "cmd/cmd.h"
#include "http/server.h"
#include "ops/worker.h"
#include "store/audit.h"
#include "util/links.h"
#include "util/log.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: huiyin serve [--listen HOST:PORT] [--threads N] [--test-clock]\n"
	"\nRuns the HTTP server (API and web front end).\n"
	"  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080; port 0 picks one)\n"
	"  --threads N         HTTP worker threads (default: one per core)\n"
	"  --test-clock        let tests set the clock through POST /api/v1/test/clock\n"
	"                      (never in production)\n";

int cmd_serve(int argc, char **argv)
{
	const char *listen = NULL, *threads = NULL;
	bool test_clock = false;
	const struct cmd_opt opts[] = {
		{"--listen", &listen, NULL},
		{"--threads", &threads, NULL},
		{"--test-clock", NULL, &test_clock},
	};
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, opts, 3, 0, 0, usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct err e;
	if ((listen && config_set(&ctx.cfg, "server.listen", listen, &e)) ||
	    (threads && config_set(&ctx.cfg, "server.threads", threads, &e)))
		return cmd_fail("%s", e.message), EXIT_USAGE;
	ctx.cfg.test_clock = test_clock;

	/* Migrate with a short-lived connection, so an old database is upgraded at start. */
	struct db *db;
	if (cmd_open_db(&ctx, false, &db))
		return EXIT_FAIL;
	db_close(db);

	/* Block the stop signals in every thread; this one waits for them below. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct app app;
	app_init(&app, &ctx.cfg);
	if (audit_key_load(ctx.cfg.data_dir, app.audit_key, &e))
		return cmd_fail("%s", e.message);
	if (writer_start(app.db_url, &app.writer, &e))
		return cmd_fail("%s", e.message);
	struct server *srv;
	struct worker *worker;
	links_init(&ctx.cfg);
	if (server_start(&app, &srv, &e)) {
		writer_stop(app.writer);
		return cmd_fail("%s", e.message);
	}
	const char *host = ctx.cfg.listen;
	const char *colon = strrchr(host, ':');
	if (!ctx.cfg.public_url[0] && colon && !strcmp(colon, ":0")) {
		/* The kernel picked the port: links name it. Nobody can have asked for a link
		 * yet, since the port is announced only below. */
		struct config bound = ctx.cfg;
		snprintf(bound.listen, sizeof bound.listen, "%.*s:%u", (int)(colon - host), host,
		         server_port(srv));
		links_init(&bound);
	}
	struct worker_env env = {&app.cfg, app.audit_key, app.writer};
	if (worker_start(&env, &worker, &e)) {
		server_stop(srv, 0);
		writer_stop(app.writer);
		return cmd_fail("%s", e.message);
	}
	log_msg(LOG_INFO, "listening on http://%.*s:%u", (int)(colon - host), host,
		server_port(srv));
	printf("huiyin: listening on http://%.*s:%u\n", (int)(colon - host), host,
	       server_port(srv));
	fflush(stdout);

	int sig = 0;
	sigwait(&stop, &sig);
	log_msg(LOG_INFO, "stopping on signal %d", sig);
	worker_stop(worker);
	server_stop(srv, 10000);
	writer_stop(app.writer);
	app_close_readers(&app);
	log_msg(LOG_INFO, "stopped");
	return EXIT_OK;
}
