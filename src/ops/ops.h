/* ops: the changes of state — one file per noun (appeal.c, need.c, resource.c, project.c,
 * activity.c; lists.c for what the three lists share) between the API and the command
 * line above and domain/ + store/ below. An operation takes plain structs and the writer's
 * connection, decides through domain/, writes the row, its hash-chained event and the
 * notices through store/ inside the caller's write transaction (so a change is wholly
 * there or not at all), and returns 0 (or the event's seq) or -1 with a struct err. No
 * JSON and no HTTP here: what a request said is parsed and authorized by api/, and what
 * the change leaves is rendered by api/.
 *
 * This header holds what every operation takes. */
#ifndef HUIYIN_OPS_H
#define HUIYIN_OPS_H
#include <stdint.h>

/* Who makes a change, as the events record it. */
struct actor {
	const char *kind; /* staff, submitter, system */
	int64_t user_id;  /* 0 for the submitter and the system */
};

#endif
