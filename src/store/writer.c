/* writer: group-committing write thread (see writer.h). */
#include "store/writer.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#define WRITER_MAX_BATCH 512

struct writer {
	struct db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct writer_job *head, *tail;
	bool stopping;
	_Atomic long long batches, jobs;
};

static void run_batch(struct writer *w, struct writer_job *batch)
{
	struct err e;
	int begin_rc = db_begin(w->db, &e);
	for (struct writer_job *j = batch; j; j = j->next) {
		j->rc = -1;
		if (begin_rc) {
			j->err = e;
			continue;
		}
		if (db_exec(w->db, "SAVEPOINT job", &j->err))
			continue;
		j->rc = j->run(w->db, j->arg, &j->err);
		if (j->rc < 0) {
			struct err ignored;
			db_exec(w->db, "ROLLBACK TO job", &ignored);
		}
		struct err ignored;
		db_exec(w->db, "RELEASE job", &ignored);
	}
	if (!begin_rc && db_commit(w->db, &e)) {
		log_msg(LOG_ERROR, "commit failed: %s", e.message);
		db_rollback(w->db);
		for (struct writer_job *j = batch; j; j = j->next) {
			if (j->rc >= 0) {
				j->rc = -1;
				err_set(&j->err, 503, "unavailable", NULL,
					"the change could not be saved, try again");
			}
		}
	}
	w->batches++;
	/* done() may release the job (and its next pointer), so read next first. */
	for (struct writer_job *j = batch, *next; j; j = next) {
		next = j->next;
		w->jobs++;
		j->done(j);
	}
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (!w->head && w->stopping)
			break;
		/* Take up to WRITER_MAX_BATCH jobs off the queue. */
		struct writer_job *batch = w->head, *last = w->head;
		int n = 1;
		while (last->next && n < WRITER_MAX_BATCH) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->lock);
		run_batch(w, batch);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int writer_start(const char *url, struct writer **out, struct err *e)
{
	struct writer *w = xcalloc(1, sizeof *w);
	if (db_open(url, 0, &w->db, e)) {
		free(w);
		return -1;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w)) {
		db_close(w->db);
		free(w);
		return err_internal(e, "cannot start the writer thread");
	}
	*out = w;
	return 0;
}

void writer_submit(struct writer *w, struct writer_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&w->lock);
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	db_close(w->db);
	free(w);
}

void writer_stats(struct writer *w, long long *batches, long long *jobs)
{
	*batches = w->batches;
	*jobs = w->jobs;
}
