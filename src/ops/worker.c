/* worker: background rounds (see worker.h). Notices go to a file sink, DATA/outbox.jsonl,
 * one JSON line each (store_outbox_sink): the pluggable sender for tests and the demo. A
 * notice is marked sent only after the sink confirmed it (every line written, flushed,
 * fsync'd and the file closed), in the same transaction; when the sink fails the notices
 * stay pending for a later round, and when that transaction fails they are written again
 * next round, so delivery is at least once and receivers de-duplicate by its id. */
#include "ops/worker.h"
#include "ops/appeal.h"
#include "ops/project.h"
#include "store/locks.h"
#include "store/notices.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUND_LIMIT 500

struct worker {
	struct worker_env env;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping, done;
	struct writer_job job;
	struct arena arena;
	struct worker_counts counts;
};

static const struct {
	int bit;
	const char *name;
} steps[] = {{1, "accept"}, {2, "acknowledge"}, {4, "contact"}, {8, "answer"}};

/* Which unflagged deadlines of a have passed at now. */
static int passed(const struct store_appeal *a, const char *now)
{
	const char *due[] = {a->accept_due, a->ack_due, a->contact_due, a->answer_due};
	bool open[] = {!strcmp(a->status, "submitted"),
		       !strcmp(a->status, "dispatched") || !strcmp(a->status, "reopened"),
		       strcmp(a->status, "submitted") && !a->contacted_at,
		       strcmp(a->status, "submitted") != 0};
	int bits = 0;
	for (int i = 0; i < 4; i++)
		if (open[i] && due[i] && strcmp(due[i], now) < 0 && !(a->overdue_steps & steps[i].bit))
			bits |= steps[i].bit;
	return bits;
}

/* Hands the due notices to the sink; they are marked sent only once the sink confirmed
 * them all, else each is left pending with a later attempt time. */
static int deliver(struct db *db, const struct worker_env *env, struct arena *ar,
		   const char *now, struct worker_counts *c, struct err *e)
{
	struct store_outbox *items;
	int n;
	if (store_outbox_due(db, now, ROUND_LIMIT, ar, &items, &n, e))
		return -1;
	if (!n)
		return 0;
	char path[CONFIG_PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/outbox.jsonl", env->cfg->data_dir);
	const char *why;
	if (store_outbox_sink(path, items, n, &why)) {
		log_msg(LOG_WARN, "outbox sink %s: %s; %d notices left for a later round", path,
		        why, n);
		for (int i = 0; i < n; i++) {
			char retry[CLOCK_ISO_LEN];
			clock_iso(clock_now() + 60 * (items[i].attempts + 1), retry);
			if (store_outbox_failed(db, items[i].id, retry, why, e))
				return -1;
		}
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (store_outbox_sent(db, items[i].id, now, e))
			return -1;
		c->delivered++;
	}
	return 0;
}

int worker_round(struct db *db, const struct worker_env *env, struct arena *ar,
		 struct worker_counts *c, struct err *e)
{
	assert(db && env && env->cfg && env->audit_key && ar && c);
	/* With several servers on one database, one round at a time: the others skip. */
	bool mine;
	if (store_lock_worker(db, &mine, e))
		return -1;
	if (!mine)
		return 0;
	int64_t now_t = clock_now();
	char now[CLOCK_ISO_LEN], before[CLOCK_ISO_LEN], day_ago[CLOCK_ISO_LEN];
	clock_iso(now_t, now);
	struct actor sys = {"system", 0};
	struct store_appeal *items;
	int n;
	if (store_appeal_overdue(db, now, ROUND_LIMIT, ar, &items, &n, e))
		return -1;
	for (int i = 0; i < n; i++) {
		int bits = passed(&items[i], now);
		for (int k = 0; k < 4; k++) {
			if (!(bits & steps[k].bit))
				continue;
			struct step_input in = {.step = STEP_OVERDUE,
						.overdue_step = steps[k].name,
						.overdue_bit = steps[k].bit};
			if (appeal_apply(db, env->audit_key, &items[i], &in, &sys, ar, e))
				return -1;
			in.step = STEP_ESCALATE;
			if (appeal_apply(db, env->audit_key, &items[i], &in, &sys, ar, e))
				return -1;
			c->overdue++;
			c->escalated++;
		}
	}
	/* Project milestones past their date (the three lists), flagged once each. */
	if (project_flag_overdue(db, env->audit_key, ar, now, e) < 0)
		return -1;
	clock_iso(now_t - (int64_t)env->cfg->auto_close_days * 86400, before);
	if (store_appeal_unrated(db, before, ROUND_LIMIT, ar, &items, &n, e))
		return -1;
	for (int i = 0; i < n; i++) {
		struct step_input in = {.step = STEP_AUTO_CLOSE};
		if (appeal_apply(db, env->audit_key, &items[i], &in, &sys, ar, e))
			return -1;
		c->auto_closed++;
	}
	clock_iso(now_t - 86400, day_ago);
	if (store_purge(db, day_ago, day_ago, now, e))
		return -1;
	return deliver(db, env, ar, now, c, e);
}

static int round_run(struct db *db, void *arg, struct err *e)
{
	struct worker *w = arg;
	memset(&w->counts, 0, sizeof w->counts);
	return worker_round(db, &w->env, &w->arena, &w->counts, e);
}

static void round_done(struct writer_job *job)
{
	struct worker *w = job->arg;
	pthread_mutex_lock(&w->lock);
	w->done = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->env.cfg->worker_interval;
		while (!w->stopping &&
		       pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			;
		if (w->stopping)
			break;
		w->done = false;
		arena_init(&w->arena);
		w->job = (struct writer_job){.run = round_run, .done = round_done, .arg = w};
		pthread_mutex_unlock(&w->lock);
		writer_submit(w->env.writer, &w->job);
		pthread_mutex_lock(&w->lock);
		while (!w->done)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->job.rc < 0)
			log_msg(LOG_ERROR, "worker round failed: %s", w->job.err.message);
		else if (w->counts.overdue || w->counts.auto_closed || w->counts.delivered)
			log_msg(LOG_INFO, "worker: %d overdue, %d auto-closed, %d notices sent",
				w->counts.overdue, w->counts.auto_closed, w->counts.delivered);
		arena_free(&w->arena);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int worker_start(const struct worker_env *env, struct worker **out, struct err *e)
{
	assert(env && env->cfg && env->audit_key && env->writer && out);
	struct worker *w = xcalloc(1, sizeof *w);
	w->env = *env;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w)) {
		free(w);
		return err_internal(e, "cannot start the worker thread");
	}
	*out = w;
	return 0;
}

void worker_stop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}
