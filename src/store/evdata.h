/* evdata: the `data` of an event, as the operations (src/ops/) give it — plain keys and
 * values, no JSON library in sight — and its canonical JSON text (sorted keys, compact),
 * the form the audit chain hashes (store/audit.h). Writing that text is the store's job,
 * like the rest of an event: one place knows the canonical form of event data (it is what
 * json_dumps writes with JSON_SORT_KEYS | JSON_COMPACT, so the text is the same as the
 * API's canonical_json of the same values). Reading it back for the replay is
 * store/audit_replay.c.
 *
 * A builder is an object (or a nested object) owned by the arena it was made in: it and
 * everything set on it are released with that arena. Setting a key again replaces its
 * value. A string that is not valid UTF-8 is left out, as jansson leaves it out. */
#ifndef HUIYIN_STORE_EVDATA_H
#define HUIYIN_STORE_EVDATA_H
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct evdata;

/* An empty object whose lifetime is a's. Never NULL. */
struct evdata *evdata_new(struct arena *a);

/* Event data made by a caller that already holds it as JSON (the API's admin log): a
 * builder around j, which keeps its own reference until a is freed. j NULL: text NULL. */
struct json_t;
struct evdata *evdata_wrap(struct arena *a, struct json_t *j);

/* key: v; nothing when v is NULL (an optional field). */
void evdata_str(struct evdata *d, const char *key, const char *v);
/* key: v, or key: null when v is NULL. */
void evdata_str_or_null(struct evdata *d, const char *key, const char *v);
void evdata_int(struct evdata *d, const char *key, int64_t v);
void evdata_bool(struct evdata *d, const char *key, bool v);
/* key: [ids[0], ..., ids[n-1]] (an empty list when n is 0). */
void evdata_ids(struct evdata *d, const char *key, const int64_t *ids, int n);
/* key: {} — a nested object, returned to be filled; it lives as long as d. */
struct evdata *evdata_object(struct evdata *d, const char *key);
/* Appends {} to the list under key (made when it is not there yet) and returns it. */
struct evdata *evdata_append(struct evdata *d, const char *key);
/* key: {k: v for each k of after whose v differs from before's (or before lacks)}. */
void evdata_changes(struct evdata *d, const char *key, const struct evdata *before,
                    const struct evdata *after);
/* How many keys d has. */
int evdata_size(const struct evdata *d);
/* d's canonical JSON text, in d's arena; NULL only when it cannot be written. */
const char *evdata_text(const struct evdata *d);

#endif
