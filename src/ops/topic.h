/* topic (operations): naming and pinning a group of 每月一题 as a month's topic, and
 * unpinning it — a row of stat_topics and an event on the admin chain (`topic_pin`,
 * `topic_unpin`: month, org, key and label), in the caller's write transaction. That the
 * group exists and the caller may pin for the org is checked by the caller. */
#ifndef HUIYIN_OPS_TOPIC_H
#define HUIYIN_OPS_TOPIC_H
#include <stdint.h>

#include "store/topics.h"

/* Pins p (replacing an earlier label of the same month, org and key) with its admin event
 * by p->pinned_by at p->pinned_at's moment (the clock's now). Returns 0 or -1 with e. */
int topic_pin(struct db *db, const uint8_t *key, const struct store_topic_pin *p, struct arena *a,
              struct err *e);
/* Removes the pin of (month, org_id, key) with its admin event by actor_id; 404 when there
 * is none (and nothing is written). */
int topic_unpin(struct db *db, const uint8_t *key, const char *month, int64_t org_id,
                const char *topic, int64_t actor_id, struct arena *a, struct err *e);

#endif
