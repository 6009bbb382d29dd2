/* app: what one running server shares between its threads: the settings, the writer that
 * owns write transactions, and a read connection per HTTP thread (opened on first use,
 * closed at shutdown). Passed explicitly; there are no global objects. */
#ifndef HUIYIN_APP_H
#define HUIYIN_APP_H
#include <pthread.h>
#include <stdint.h>

#include "store/db.h"
#include "store/writer.h"
#include "util/config.h"

#define APP_MAX_READERS 256

struct app {
	struct config cfg;
	char db_url[CONFIG_PATH_MAX];
	uint8_t audit_key[32]; /* signs the audit chains; read from DATA/audit.key */
	struct writer *writer;
	pthread_mutex_t readers_lock;
	struct db *readers[APP_MAX_READERS];
	int n_readers;
};

/* Initialises an app around a finished config. */
void app_init(struct app *a, const struct config *cfg);
/* This thread's read connection, opened on first use; NULL with e set on failure. */
struct db *app_read_db(struct app *a, struct err *e);
/* Closes every read connection. Call only after the HTTP threads have stopped. */
void app_close_readers(struct app *a);

#endif
