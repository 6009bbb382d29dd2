/* lists (operations): today, now and the event append the three lists share (see
 * lists.h). */
#include "ops/lists.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

void lists_today(int64_t t, char out[11])
{
	assert(out);
	char buf[CLOCK_ISO_LEN];
	clock_iso(t + 8 * 3600, buf);
	memcpy(out, buf, 10);
	out[10] = 0;
}

const char *lists_now(struct arena *a)
{
	assert(a);
	char buf[CLOCK_ISO_LEN];
	clock_iso(clock_now(), buf);
	return arena_strdup(a, buf);
}

int lists_event(struct db *db, const uint8_t *audit_key, enum audit_chain chain,
		int64_t parent_id, const char *type, bool public, const struct actor *who,
		const struct evdata *data, struct err *e)
{
	assert(db && audit_key && type && who && data);
	assert(chain > AUDIT_APPEAL && chain < AUDIT_CHAIN__MAX && parent_id > 0);
	char now[CLOCK_ISO_LEN];
	clock_iso(clock_now(), now);
	struct audit_event ae = {
		.parent_id = parent_id,
		.type = type,
		.actor_kind = who->kind,
		.actor_id = who->user_id,
		.public = public,
		.data = evdata_text(data),
		.created_at = now,
	};
	return audit_append(db, audit_key, chain, &ae, e) ? -1 : (int)ae.seq;
}
