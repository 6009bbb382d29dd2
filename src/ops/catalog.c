/* catalog (operations): the working-time calendar as deadlines are counted with it —
 * the calendar table (public holidays, make-up working days) with the default office
 * hours in Asia/Shanghai. The admin endpoints that change it are api/catalog.c. */
#include "ops/catalog.h"
#include "store/audit.h"
#include "store/catalog.h"
#include "util/clock.h"
#include "util/xalloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The calendar changes only by an admin action, which writes the admin chain in the same
 * transaction (calendar_put_write, calendar_delete_write; the seed comes with a migration,
 * before any server reads it), so the admin chain's head names the calendar's content. Each
 * thread keeps the calendar it read last (under a pthread key, freed when the thread ends)
 * with the head it read it under, and reads it again when the head has moved: one
 * single-row query per call instead of the whole table (which was read for every listed
 * page and every deadline; see bench/RESULTS.md). The head is read on the caller's
 * connection, so a write that changes the calendar sees its own change, and a rolled-back
 * change leaves a head that no committed one will have. */
struct workcal_cache {
	const struct db *db;
	int64_t count;
	uint8_t head[AUDIT_HASH_LEN];
	size_t head_len;
	struct workcal_day *days, *older;
	size_t n_days;
};
static pthread_key_t workcal_key;
static pthread_once_t workcal_once = PTHREAD_ONCE_INIT;

static void workcal_cache_free(void *p)
{
	struct workcal_cache *wc = p;
	free(wc->days);
	free(wc->older);
	free(wc);
}

static void workcal_key_make(void)
{
	pthread_key_create(&workcal_key, workcal_cache_free);
}

int catalog_workcal(struct db *db, struct arena *a, struct workcal *c, struct err *e)
{
	assert(db && a && c);
	pthread_once(&workcal_once, workcal_key_make);
	struct workcal_cache *wc = pthread_getspecific(workcal_key);
	if (!wc) {
		wc = xcalloc(1, sizeof *wc);
		pthread_setspecific(workcal_key, wc);
	}
	int64_t count;
	uint8_t head[AUDIT_HASH_LEN];
	size_t head_len;
	if (audit_admin_head(db, &count, head, &head_len, e))
		return -1;
	workcal_defaults(c);
	if (wc->days && wc->db == db && wc->count == count && wc->head_len == head_len &&
	    !memcmp(wc->head, head, head_len)) {
		c->days = wc->days;
		c->n_days = wc->n_days;
		return 0;
	}
	struct store_calendar_day *days;
	int n;
	if (store_calendar_all(db, a, &days, &n, e))
		return -1;
	struct workcal_day *w = xcalloc((size_t)(n ? n : 1), sizeof *w);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		int y, m, d;
		if (!days[i].day || strlen(days[i].day) != 10 ||
		    clock_parse_date(days[i].day, &y, &m, &d))
			continue; /* the API never stores such a day */
		w[k].ymd = (int32_t)(y * 10000 + m * 100 + d);
		w[k].kind =
		    (int8_t)(strcmp(days[i].kind, "workday") ? WORKCAL_HOLIDAY : WORKCAL_WORKDAY);
		k++;
	}
	c->days = w;
	c->n_days = k;
	if (workcal_check(c)) {
		free(w);
		return err_internal(e, "the working-time calendar is inconsistent");
	}
	/* A caller may still hold the calendar of its previous call (a write that reads it
	 * twice): keep that one until the next change. */
	free(wc->older);
	wc->older = wc->days;
	wc->db = db;
	wc->count = count;
	wc->head_len = head_len;
	memcpy(wc->head, head, head_len);
	wc->days = w;
	wc->n_days = k;
	return 0;
}
