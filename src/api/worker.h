/* worker (API side): POST /api/v1/test/tick, a round of the background worker
 * (ops/worker.h) now, on servers started with --test-clock only. */
#ifndef HUIYIN_API_WORKER_H
#define HUIYIN_API_WORKER_H

#include "api/req.h"

int api_test_tick(struct req *r);

#endif
