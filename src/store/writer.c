/* writer: group-committing write thread (see writer.h). */
#include "store/writer.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define WRITER_MAX_BATCH 512

/* Work a job left for the end of its batch (writer_later). */
struct later {
	int (*fn)(struct db *db, void *arg, struct err *e);
	void *arg;
	struct writer_job *job;
};

/* An item a job gathered for the end of its batch (writer_gather). */
struct gathered {
	int (*fn)(struct db *db, const void *ctx, const void *const *items, int n, struct err *e);
	const void *ctx;
	_Alignas(max_align_t) unsigned char item[WRITER_ITEM_MAX];
	bool done; /* passed to its fn already */
};

struct writer {
	struct db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct writer_job *head, *tail;
	bool stopping;
	_Atomic long long batches, jobs;
	struct later *later;
	int n_later, cap_later;
	struct gathered *gathered;
	int n_gathered, cap_gathered;
	const void **items; /* one fn's items, handed to it */
	struct writer_job *running; /* the job whose run() is executing */
};

/* The writer whose thread this is (NULL on other threads). */
static _Thread_local struct writer *this_writer;

int writer_later(struct db *db, int (*fn)(struct db *db, void *arg, struct err *e), void *arg,
		 struct err *e)
{
	struct writer *w = this_writer;
	if (!w || w->db != db || !w->running)
		return fn(db, arg, e);
	if (w->n_later == w->cap_later) {
		w->cap_later = w->cap_later ? w->cap_later * 2 : 64;
		w->later = xrealloc(w->later, sizeof *w->later * (size_t)w->cap_later);
	}
	w->later[w->n_later++] = (struct later){fn, arg, w->running};
	return 0;
}

int writer_gather(struct db *db,
		  int (*fn)(struct db *db, const void *ctx, const void *const *items, int n,
			    struct err *e),
		  const void *ctx, const void *item, size_t size, struct err *e)
{
	assert(size <= WRITER_ITEM_MAX);
	struct writer *w = this_writer;
	if (!w || w->db != db || !w->running)
		return fn(db, ctx, &item, 1, e);
	if (w->n_gathered == w->cap_gathered) {
		w->cap_gathered = w->cap_gathered ? w->cap_gathered * 2 : 64;
		w->gathered = xrealloc(w->gathered, sizeof *w->gathered * (size_t)w->cap_gathered);
		w->items = xrealloc(w->items, sizeof *w->items * (size_t)w->cap_gathered);
	}
	struct gathered *g = &w->gathered[w->n_gathered++];
	g->fn = fn;
	g->ctx = ctx;
	memcpy(g->item, item, size);
	g->done = false;
	return 0;
}

/* Runs each distinct (fn, ctx) of the batch's gathered items once, with its items. */
static int run_gathered(struct writer *w, struct err *e)
{
	int rc = 0;
	for (int i = 0; i < w->n_gathered && !rc; i++) {
		struct gathered *g = &w->gathered[i];
		if (g->done)
			continue;
		int n = 0;
		for (int k = i; k < w->n_gathered; k++) {
			struct gathered *h = &w->gathered[k];
			if (!h->done && h->fn == g->fn && h->ctx == g->ctx) {
				w->items[n++] = h->item;
				h->done = true;
			}
		}
		rc = g->fn(w->db, g->ctx, w->items, n, e);
	}
	w->n_gathered = 0;
	return rc;
}

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
		int first_later = w->n_later, first_gathered = w->n_gathered;
		w->running = j;
		j->rc = j->run(w->db, j->arg, &j->err);
		w->running = NULL;
		/* A job that failed, or whose transaction PostgreSQL failed under it (a statement
		 * error the job answered as a 4xx), leaves nothing behind. */
		if (j->rc < 0 || db_tx_failed(w->db)) {
			struct err ignored;
			db_exec(w->db, "ROLLBACK TO job", &ignored);
			w->n_later = first_later; /* its later work goes with it */
			w->n_gathered = first_gathered;
		}
		struct err ignored;
		db_exec(w->db, "RELEASE job", &ignored);
	}
	int later_rc = 0;
	for (int i = 0; !begin_rc && i < w->n_later && !later_rc; i++)
		later_rc = w->later[i].fn(w->db, w->later[i].arg, &e);
	w->n_later = 0;
	if (!begin_rc && !later_rc)
		later_rc = run_gathered(w, &e);
	w->n_gathered = 0;
	if (!begin_rc && (later_rc || db_commit(w->db, &e))) {
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
	this_writer = w;
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
	free(w->later);
	free(w->gathered);
	free(w->items);
	free(w);
}

void writer_stats(struct writer *w, long long *batches, long long *jobs)
{
	*batches = w->batches;
	*jobs = w->jobs;
}
