/* server: the HTTP front of `huiyin serve`, on libmicrohttpd. An epoll event loop on a pool
 * of worker threads (one per core by default), keep-alive, body/connection/time limits,
 * JSON errors, one JSON log line per request, writes handed to the writer thread while
 * the connection is suspended, and a graceful stop that lets requests in flight finish. */
#ifndef HUIYIN_SERVER_H
#define HUIYIN_SERVER_H
#include <stdint.h>

#include "api/app.h"

struct server;

/* Starts listening on app->cfg.listen ("HOST:PORT", port 0 picks a free one). */
int server_start(struct app *app, struct server **out, struct err *e);
/* The port actually bound. */
uint16_t server_port(struct server *s);
/* Stops accepting, waits up to `grace_ms` for requests in flight, then stops. */
void server_stop(struct server *s, int grace_ms);

#endif
