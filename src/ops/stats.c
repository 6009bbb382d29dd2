/* stats (operations): the counters follow the steps (see stats.h). */
#include "ops/stats.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/period.h"
#include "store/stats.h"
#include "util/clock.h"

_Static_assert(STORE_STATS_COUNTS == MC__MAX, "one counter column per metrics count");

static int64_t time_of(const char *s)
{
	int64_t t = 0;
	return s && !clock_parse_iso(s, &t) ? t : 0;
}

void stats_case_of(const struct store_appeal *a, struct metrics_case *c)
{
	int s = names_find(appeal_status_names, APPEAL_STATUS__MAX, a->status);
	*c = (struct metrics_case){
	    .status = s < 0 ? APPEAL_SUBMITTED : (enum appeal_status)s,
	    .created_at = time_of(a->created_at),
	    .unit_id = a->lead_org_id,
	    .dispatched_at = time_of(a->dispatched_at),
	    .ack_due = time_of(a->ack_due),
	    .contact_due = time_of(a->contact_due),
	    .answer_due = time_of(a->answer_due),
	    .contacted = a->contacted_at != NULL,
	    .tier = a->tier,
	};
}

struct dims {
	int64_t place_id;
	const char *category, *channel;
};

/* Adds the additions of one step, one upsert per (day, unit, tier) they touch. */
static int put(struct db *db, const struct dims *d, const struct metrics_add *adds, int n,
               struct err *e)
{
	bool done[METRICS_MAX_ADDS] = {false};
	for (int i = 0; i < n; i++) {
		if (done[i])
			continue;
		int64_t counts[MC__MAX] = {0};
		for (int j = i; j < n; j++) {
			if (done[j] || adds[j].day != adds[i].day ||
			    adds[j].unit_id != adds[i].unit_id ||
			    strcmp(adds[j].tier, adds[i].tier))
				continue;
			counts[adds[j].count] += adds[j].n;
			done[j] = true;
		}
		struct store_stats_key k = {
		    .day = adds[i].day,
		    .month = period_containing(PERIOD_MONTH, adds[i].day).from,
		    .unit_id = adds[i].unit_id,
		    .place_id = d->place_id,
		    .category = d->category,
		    .channel = d->channel,
		    .tier = adds[i].tier,
		};
		if (store_stats_add(db, &k, counts, e))
			return -1;
	}
	return 0;
}

int stats_count(struct db *db, const struct store_appeal *a, const struct metrics_case *c,
                const struct metrics_event *ev, struct err *e)
{
	assert(db && a && c && ev);
	struct metrics_add adds[METRICS_MAX_ADDS];
	int n = metrics_step(c, ev, adds);
	struct dims d = {a->community_id, a->category, a->channel};
	return n ? put(db, &d, adds, n, e) : 0;
}

/* The replay of the rebuild: one appeal at a time, its case moved past each event. */
struct replay {
	struct db *db;
	int64_t appeal_id, events;
	struct metrics_case c;
	char tier[32];
};

static int replay_event(void *arg, const struct store_stats_event *se, struct err *e)
{
	struct replay *r = arg;
	int step = names_find(appeal_step_names, STEP__MAX, se->type);
	if (step < 0)
		return 0;
	if (se->appeal_id != r->appeal_id) {
		r->appeal_id = se->appeal_id;
		/* Everything counts under the appeal's tier as it is now (metrics.h). */
		snprintf(r->tier, sizeof r->tier, "%s", se->tier);
		r->c = (struct metrics_case){.status = APPEAL_SUBMITTED, .tier = r->tier};
	}
	r->events++;
	int to = se->to ? names_find(appeal_status_names, APPEAL_STATUS__MAX, se->to) : -1;
	struct metrics_event ev = {
	    .step = (enum appeal_step)step,
	    .t = se->t,
	    .to = to < 0 ? r->c.status : (enum appeal_status)to,
	    .rating = se->rating,
	    .resolved = se->resolved,
	    .lead_org_id = se->lead_org_id,
	    .ack_due = se->ack_due,
	    .contact_due = se->contact_due,
	    .answer_due = se->answer_due,
	};
	if (ev.step == STEP_DISPATCH && !ev.ack_due) {
		/* Written before dispatches carried these deadlines: the appeal's own. */
		ev.ack_due = se->row_ack_due;
		ev.contact_due = se->row_contact_due;
	}
	struct metrics_add adds[METRICS_MAX_ADDS];
	int n = metrics_step(&r->c, &ev, adds);
	metrics_advance(&r->c, &ev);
	struct dims d = {se->community_id, se->category, se->channel};
	return n ? put(r->db, &d, adds, n, e) : 0;
}

int stats_rebuild(struct db *db, int64_t *events, struct err *e)
{
	struct replay r = {.db = db};
	if (store_stats_clear(db, e) || store_stats_events(db, replay_event, &r, e))
		return -1;
	if (events)
		*events = r.events;
	return 0;
}

int stats_rebuild_pending(struct db *db, struct err *e)
{
	struct arena a;
	arena_init(&a);
	int rc = -1;
	if (db_begin(db, e))
		goto out;
	const char *flag = store_stats_setting(db, "rebuild", &a, e);
	if (flag && !strcmp(flag, "1") &&
	    (stats_rebuild(db, NULL, e) || store_stats_setting_put(db, "rebuild", "0", e))) {
		db_rollback(db);
		goto out;
	}
	rc = db_commit(db, e);
out:
	arena_free(&a);
	return rc;
}

static const char *const setting_keys[] = {"stats.weight.response", "stats.weight.resolution",
                                           "stats.weight.satisfaction", "stats.min_denominator"};

int stats_settings_load(struct db *db, struct stats_settings *s, struct err *e)
{
	struct arena a;
	arena_init(&a);
	s->weights = metrics_default_weights;
	s->min_denominator = STATS_MIN_DENOMINATOR;
	double *w[] = {&s->weights.response, &s->weights.resolution, &s->weights.satisfaction};
	int rc = 0;
	for (int i = 0; i < 4 && !rc; i++) {
		struct err none = {0};
		const char *v = store_stats_setting(db, setting_keys[i], &a, &none);
		if (none.status)
			rc = (*e = none, -1);
		else if (v && i < 3)
			sscanf(v, "%lf", w[i]);
		else if (v)
			s->min_denominator = strtoll(v, NULL, 10);
	}
	arena_free(&a);
	return rc;
}

int stats_settings_save(struct db *db, const struct stats_settings *s, struct err *e)
{
	char buf[4][32];
	snprintf(buf[0], sizeof buf[0], "%.6f", s->weights.response);
	snprintf(buf[1], sizeof buf[1], "%.6f", s->weights.resolution);
	snprintf(buf[2], sizeof buf[2], "%.6f", s->weights.satisfaction);
	snprintf(buf[3], sizeof buf[3], "%lld", (long long)s->min_denominator);
	for (int i = 0; i < 4; i++)
		if (store_stats_setting_put(db, setting_keys[i], buf[i], e))
			return -1;
	return 0;
}
