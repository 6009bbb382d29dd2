/* app: shared server state and per-thread read connections (see app.h). */
#include "api/app.h"

#include <string.h>

static _Thread_local struct db *thread_reader;
static _Thread_local const struct app *thread_reader_app;

void app_init(struct app *a, const struct config *cfg)
{
	memset(a, 0, sizeof *a);
	a->cfg = *cfg;
	config_db_url(cfg, a->db_url, sizeof a->db_url);
	pthread_mutex_init(&a->readers_lock, NULL);
}

struct db *app_read_db(struct app *a, struct err *e)
{
	if (thread_reader && thread_reader_app == a)
		return thread_reader;
	struct db *db;
	if (db_open(a->db_url, DB_OPEN_READONLY, &db, e))
		return NULL;
	pthread_mutex_lock(&a->readers_lock);
	if (a->n_readers == APP_MAX_READERS) {
		pthread_mutex_unlock(&a->readers_lock);
		db_close(db);
		err_internal(e, "too many reader threads");
		return NULL;
	}
	a->readers[a->n_readers++] = db;
	pthread_mutex_unlock(&a->readers_lock);
	thread_reader = db;
	thread_reader_app = a;
	return db;
}

void app_close_readers(struct app *a)
{
	pthread_mutex_lock(&a->readers_lock);
	for (int i = 0; i < a->n_readers; i++)
		db_close(a->readers[i]);
	a->n_readers = 0;
	pthread_mutex_unlock(&a->readers_lock);
}
