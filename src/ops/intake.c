/* intake (operations): tracking numbers and access tokens (see intake.h). */
#include "ops/intake.h"
#include "store/appeals.h"
#include "util/clock.h"

#include <assert.h>
#include <string.h>

int intake_tracking_no(struct db *db, const char *prefix, int64_t t, struct arena *a,
		       const char **out, struct err *e)
{
	assert(db && prefix && *prefix && a && out);
	/* The number's date is the day in Asia/Shanghai. */
	char local[CLOCK_ISO_LEN], day[9];
	clock_iso(t + 8 * 3600, local);
	memcpy(day, local, 4);
	memcpy(day + 4, local + 5, 2);
	memcpy(day + 6, local + 8, 2);
	day[8] = 0;
	const char *counter = strcmp(prefix, "HY") ? arena_printf(a, "%s%s", prefix, day) : day;
	int64_t seq;
	if (store_tracking_next(db, counter, &seq, e))
		return -1;
	*out = arena_printf(a, "%s%s-%04lld", prefix, day, (long long)seq);
	return 0;
}

void intake_token(char token[SECRET_TOKEN_LEN + 1], uint8_t hash[SECRET_HASH_LEN])
{
	assert(token && hash);
	secret_token(token);
	secret_hash(token, strlen(token), hash);
}
