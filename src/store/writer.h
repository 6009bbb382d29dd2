/* writer: the one thread that owns a database's write transactions.
 *
 * Handlers never write on their own threads. They hand a job to the writer, which runs
 * many jobs in one transaction (group commit: one fsync for the whole batch), each job
 * inside its own savepoint so a failing job undoes only itself. After COMMIT returns —
 * when the batch is durable — the writer calls each job's `done`. A job whose batch could
 * not commit gets rc -1 and a 503 error.
 *
 * `run` executes on the writer thread with the write connection; it must not touch
 * anything shared with other threads. `done` also runs on the writer thread. */
#ifndef HUIYIN_WRITER_H
#define HUIYIN_WRITER_H

#include "store/db.h"

struct writer_job {
	int (*run)(struct db *db, void *arg, struct err *e);
	void (*done)(struct writer_job *job);
	void *arg;
	int rc;         /* result of run, or -1 when the batch failed */
	struct err err; /* filled when rc < 0 */
	struct writer_job *next;
};

struct writer;

/* Opens the write connection to url and starts the thread. */
int writer_start(const char *url, struct writer **out, struct err *e);
/* Queues a job; its memory must stay valid until `done` is called. */
void writer_submit(struct writer *w, struct writer_job *job);
/* Finishes every queued job, stops the thread and closes the connection. NULL is fine. */
void writer_stop(struct writer *w);
/* Called from a job's `run`: fn(db, arg) runs after the batch's last job, just before
 * COMMIT, unless the job fails (then it is dropped with the job's changes). For writes to
 * the full-text index: SQLite flushes an FTS5 table's pending rows at every savepoint, so
 * an insert made inside a job was written out as its own tiny segment (and merged) at the
 * next job's savepoint — most of a submission's cost at 100,000 appeals (bench/RESULTS.md);
 * made here, a batch's rows go out together at commit. A failing fn fails the whole batch
 * (503 for each job, as when COMMIT fails). Outside the writer thread fn runs at once. */
int writer_later(struct db *db, int (*fn)(struct db *db, void *arg, struct err *e), void *arg,
		 struct err *e);
#define WRITER_ITEM_MAX 48

/* Called from a job's `run`: copies `item` (size bytes, at most WRITER_ITEM_MAX) to the
 * batch's list for (fn, ctx); after the batch's writer_later work, fn(db, ctx, items, n)
 * runs once per distinct (fn, ctx) with the items of the jobs that succeeded, in the order
 * they were added (an item goes with its job's changes when the job fails). For work that
 * should touch a shared row once per batch instead of once per job — the audit
 * checkpoints: one update per kind and batch, and on PostgreSQL its row lock taken only at
 * the end of the batch, when this writer takes no other locks, so two servers' batches
 * cannot deadlock on it. A failing fn fails the whole batch. Outside the writer thread
 * fn(db, ctx, &item, 1) runs at once. */
int writer_gather(struct db *db,
		  int (*fn)(struct db *db, const void *ctx, const void *const *items, int n,
			    struct err *e),
		  const void *ctx, const void *item, size_t size, struct err *e);
/* Batches committed and jobs run since start, for metrics and benchmarks. */
void writer_stats(struct writer *w, long long *batches, long long *jobs);

#endif
