/* audit_replay: what a subject's events say its row holds. `huiyin audit verify` replays
 * each appeal, need, resource and project from its (hash-checked) events and compares the
 * fields the events set with the row: a row edited in the database is caught even when a
 * later step signed its head again. The rules mirror how the writers record a change
 * (ops/appeal.c, need.c, resource.c, project.c): a status change is always `from`/`to`
 * in the event's data, and each event that sets a field carries its value. It reads the
 * data that store/evdata.c writes. */
#ifndef HUIYIN_STORE_AUDIT_REPLAY_H
#define HUIYIN_STORE_AUDIT_REPLAY_H

#include "store/audit.h"

/* An audit_replay_fn: 0 when the row holds what the events say, 1 with report naming the
 * subject, the field, the row's value and the events' value. */
int audit_replay_check(const struct audit_subject *s, char *report, size_t cap);

#endif
