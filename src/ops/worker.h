/* worker: the background work of `huiyin serve`, run every worker.interval_seconds as one
 * job of the writer (so it is one transaction like any other write): flag steps past their
 * deadline (overdue), notify the responsible unit and escalate one level up the tree
 * (督办), flag project milestones past their date, close answered appeals left unrated
 * for appeals.auto_close_days as unrated, deliver the outbox of notices, and purge expired
 * idempotency keys, unlinked uploads and sessions. Each change goes through the
 * operations (ops/appeal.h, ops/project.h), as a request's would. */
#ifndef HUIYIN_OPS_WORKER_H
#define HUIYIN_OPS_WORKER_H
#include <stdint.h>

#include "store/writer.h"
#include "util/arena.h"
#include "util/config.h"

struct worker;

/* What the worker needs of the running server; each pointer must outlive the worker. */
struct worker_env {
	const struct config *cfg; /* worker.interval_seconds, auto_close_days, data_dir */
	const uint8_t *audit_key; /* signs the events it appends */
	struct writer *writer;    /* runs each round as one job */
};

struct worker_counts {
	int overdue, escalated, auto_closed, delivered;
};

/* Starts the worker's thread: a round every cfg->worker_interval seconds. Returns 0 with
 * *out set, or -1 with e set. */
int worker_start(const struct worker_env *env, struct worker **out, struct err *e);
/* Stops the thread after the round in progress. Accepts NULL. */
void worker_stop(struct worker *w);
/* One round, inside the caller's write transaction on db (the writer's); with several
 * servers on one database only one runs a round at a time (the others do nothing). Adds
 * what it did to *c. Returns 0 or -1 with e set. */
int worker_round(struct db *db, const struct worker_env *env, struct arena *ar,
		 struct worker_counts *c, struct err *e);

#endif
