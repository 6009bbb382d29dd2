/* intake (operations): what the creation of publicly tracked subjects shares — appeals
 * (api/appeal_intake.c, the demo) and needs (ops/need.c): tracking numbers and access
 * tokens. The HTTP side of intake (Idempotency-Key, rate limits, checking a token a
 * request sends) is api/intake.c. */
#ifndef HUIYIN_OPS_INTAKE_H
#define HUIYIN_OPS_INTAKE_H
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/secret.h"

/* The next tracking number of the day at clock time t for `prefix`, in a: the day is
 * counted in tracking_seq under "YYYYMMDD" for appeals (prefix "HY", the first to have
 * numbers) and under prefix + "YYYYMMDD" for any other prefix. Call it inside the write
 * transaction that stores the number. Returns 0 with *out set, or -1 with e set. */
int intake_tracking_no(struct db *db, const char *prefix, int64_t t, struct arena *a,
		       const char **out, struct err *e);

/* A fresh access token in token (NUL-terminated, for the answer) and its hash in hash
 * (for the row). */
void intake_token(char token[SECRET_TOKEN_LEN + 1], uint8_t hash[SECRET_HASH_LEN]);

#endif
