/* worker: the background work of `huiyin serve`, run every worker.interval_seconds as one
 * job of the writer (so it is one transaction like any other write): flag steps past their
 * deadline (overdue), notify the responsible unit and escalate one level up the tree
 * (督办), close answered appeals left unrated for appeals.auto_close_days as unrated,
 * deliver the outbox of notices, and purge expired idempotency keys, unlinked uploads and
 * sessions. */
#ifndef HUIYIN_WORKER_H
#define HUIYIN_WORKER_H

#include "api/req.h"

struct worker;

struct worker_counts {
	int overdue, escalated, auto_closed, delivered;
};

int worker_start(struct app *app, struct worker **out, struct err *e);
/* Stops the thread after the round in progress. Accepts NULL. */
void worker_stop(struct worker *w);
/* One round, inside the caller's write transaction. */
int worker_round(struct db *db, struct app *app, struct arena *ar, struct worker_counts *c,
		 struct err *e);
/* POST /api/v1/test/tick: a round now (test servers only). */
int api_test_tick(struct req *r);

#endif
