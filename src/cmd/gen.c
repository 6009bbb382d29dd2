/* gen: `huiyin gen --appeals N` fills a database that holds the demo district (`huiyin
 * init --demo`) with N more appeals for benchmarks (bench/), spread evenly over the last
 * --days days (default 730), oldest first. Each is one of the demo's appeals
 * (demo_appeal(): its samples, communities, channels, submitters, the same share of
 * declines, early stops and unrated answers) with a description of realistic length, and
 * walks its life cycle through appeal_apply like the demo, so states, deadlines, events,
 * notices and audit chains are real: `huiyin audit verify` holds on generated data.
 * Notices of generated appeals count as delivered (a server would have sent them long
 * ago); steps that went overdue are not flagged (a server's worker flags them, a few
 * hundred each round). --accepted K adds K appeals left accepted (the last K, recent),
 * for dispatching in the bench; their first and last ids are printed. One transaction per
 * --batch appeals (default 10,000). */
#include "cmd/cmd.h"
#include "ops/appeal.h"
#include "store/audit.h"
#include "store/bulk.h"
#include "util/clock.h"
#include "util/secret.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: huiyin gen --appeals N [--accepted K] [--days D] [--batch B]\n"
	"\nAdds N generated appeals (realistic text, every state, real audit chains) to a\n"
	"database made by `huiyin init --demo`, for benchmarks.\n"
	"  --appeals N   how many (1 to 100000000)\n"
	"  --accepted K  and K more, recent and left accepted, ready to dispatch (default 0)\n"
	"  --days D      spread over the last D days (default 730)\n"
	"  --batch B     appeals per transaction (default 10000)\n";

static int count_arg(const char *s, const char *name, long long min, long long max,
		     long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || end == s || v < min || v > max) {
		cmd_fail("%s takes a number from %lld to %lld", name, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Makes appeals [from, to) of `total`, spread over [start, stop); one transaction per
 * batch. */
static int make(struct db *db, const uint8_t *key, long long from, long long to,
		long long total, int64_t start, int64_t stop, int64_t end,
		const struct demo_appeal_opts *opts, long long batch, int64_t ids[2], struct err *e)
{
	struct arena a;
	arena_init(&a);
	/* The search tokens of a batch go in at its end: written while the batch runs, the
	 * full-text index would be flushed as a tiny segment at every statement's savepoint. */
	struct demo_appeal_opts o = *opts;
	const char *tokens;
	o.tokens = &tokens;
	int64_t *bids = xcalloc((size_t)batch, sizeof *bids);
	const char **btok = xcalloc((size_t)batch, sizeof *btok);
	int64_t t0 = clock_mono_us();
	for (long long i = from; i < to;) {
		long long upto = i + batch < to ? i + batch : to;
		if (db_begin(db, e))
			goto fail_begin;
		int nb = 0;
		for (; i < upto; i++) {
			int64_t t = start + (int64_t)((double)(stop - start) * (double)i / (double)total);
			struct store_appeal ap;
			char token[SECRET_TOKEN_LEN + 1];
			if (demo_appeal(db, key, &a, t, end, &o, &ap, token, e))
				goto fail;
			if (!ids[0])
				ids[0] = ap.id;
			ids[1] = ap.id;
			bids[nb] = ap.id;
			btok[nb++] = tokens;
		}
		for (int k = 0; k < nb; k++)
			if (store_appeal_search_add(db, bids[k], btok[k], e))
				goto fail;
		if (store_bulk_outbox_delivered(db, e) || db_commit(db, e))
			goto fail;
		arena_free(&a);
		double secs = (double)(clock_mono_us() - t0) / 1e6;
		fprintf(stderr, "\rhuiyin gen: %lld/%lld appeals, %.0f s, %.0f/s   ", i, to,
			secs, (double)(i - from) / (secs > 0 ? secs : 1));
	}
	fputc('\n', stderr);
	arena_free(&a);
	free(bids);
	free(btok);
	return 0;
fail:
	db_rollback(db);
fail_begin:
	arena_free(&a);
	free(bids);
	free(btok);
	return -1;
}

int cmd_gen(int argc, char **argv)
{
	const char *appeals = NULL, *accepted = "0", *days = "730", *batch = "10000";
	const struct cmd_opt opts[] = {
		{"--appeals", &appeals, NULL},
		{"--accepted", &accepted, NULL},
		{"--days", &days, NULL},
		{"--batch", &batch, NULL},
	};
	struct cmd_ctx ctx;
	int rc = cmd_parse(argc, argv, opts, 4, 0, 0, usage, &ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	long long n, k, d, b;
	if (!appeals)
		return cmd_fail("--appeals N is required (see --help)"), EXIT_USAGE;
	if (count_arg(appeals, "--appeals", 1, 100000000, &n) ||
	    count_arg(accepted, "--accepted", 0, 10000000, &k) ||
	    count_arg(days, "--days", 1, 36500, &d) ||
	    count_arg(batch, "--batch", 1, 1000000, &b))
		return EXIT_USAGE;

	uint8_t key[AUDIT_KEY_LEN];
	struct err e;
	if (audit_key_load(ctx.cfg.data_dir, key, &e))
		return cmd_fail("%s", e.message);
	struct db *db;
	if (cmd_open_db(&ctx, false, &db))
		return EXIT_FAIL;
	if (store_bulk_cache(db, 256, &e) || demo_attach(db, &e)) {
		db_close(db);
		return cmd_fail("%s", e.message);
	}
	int64_t real_now = clock_now(), t0 = clock_mono_us();
	int64_t ids[2] = {0, 0}, acc[2] = {0, 0};
	/* The history, then the accepted ones: submitted in the last two days, each accepted
	 * within two hours of its submission. */
	struct demo_appeal_opts history = {.steps = -1, .long_text = true};
	struct demo_appeal_opts ready = {.steps = 1, .long_text = true};
	rc = make(db, key, 0, n, n, real_now - d * 86400, real_now - 6 * 3600, real_now - 600,
		  &history, b, ids, &e);
	if (!rc && k)
		rc = make(db, key, 0, k, k, real_now - 2 * 86400, real_now - 3 * 3600,
			  real_now - 600, &ready, b, acc, &e);
	clock_set(real_now);
	int64_t total = 0, events = 0;
	if (!rc)
		rc = store_bulk_counts(db, &total, &events, &e);
	db_close(db);
	if (rc)
		return cmd_fail("%s", e.message);
	double secs = (double)(clock_mono_us() - t0) / 1e6;
	printf("huiyin: %lld appeals generated (ids %lld-%lld) in %.1f s; the database holds "
	       "%lld appeals and %lld events\n",
	       n, (long long)ids[0], (long long)ids[1], secs, (long long)total,
	       (long long)events);
	if (k)
		printf("accepted %lld %lld\n", (long long)acc[0], (long long)acc[1]);
	return EXIT_OK;
}
