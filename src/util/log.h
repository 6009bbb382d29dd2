/* log: one JSON object per line on standard error. Requests are logged by the HTTP layer
 * with log_request(); everything else uses log_msg(). Lines are written whole, so lines
 * from several threads never interleave. Query strings and tokens never reach the log. */
#ifndef HUIYIN_LOG_H
#define HUIYIN_LOG_H
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below lvl are dropped from now on (log.level; the default is info). */
void log_set_level(enum log_level lvl);
/* One line {"ts","level","msg"} with printf's text, cut at 1 KiB. */
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* method and path as received (path without its query); user_id 0 when anonymous. */
void log_request(const char *method, const char *path, int status, int64_t micros,
		 int64_t user_id);

#endif
