/* topic (operations): pinning and unpinning a topic of the month (see topic.h). */
#include "ops/topic.h"
#include "ops/admin.h"

#include <assert.h>

static struct evdata *topic_data(struct arena *a, const char *month, int64_t org_id,
                                 const char *topic)
{
	struct evdata *d = evdata_new(a);
	evdata_str(d, "month", month);
	evdata_int(d, "org_id", org_id);
	evdata_str(d, "key", topic);
	return d;
}

int topic_pin(struct db *db, const uint8_t *key, const struct store_topic_pin *p, struct arena *a,
              struct err *e)
{
	assert(db && p && p->month && p->org_id > 0 && p->key && p->label && p->pinned_at);
	if (store_topic_pin_put(db, p, e))
		return -1;
	struct evdata *d = topic_data(a, p->month, p->org_id, p->key);
	evdata_str(d, "label", p->label);
	return admin_append(db, key, p->pinned_by, "topic_pin", d, e);
}

int topic_unpin(struct db *db, const uint8_t *key, const char *month, int64_t org_id,
                const char *topic, int64_t actor_id, struct arena *a, struct err *e)
{
	assert(db && month && org_id > 0 && topic);
	if (store_topic_pin_delete(db, month, org_id, topic, e))
		return -1;
	return admin_append(db, key, actor_id, "topic_unpin", topic_data(a, month, org_id, topic),
	                    e);
}
