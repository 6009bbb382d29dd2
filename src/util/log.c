/* log: JSON lines on stderr (see log.h). */
#include "util/log.h"
#include "util/clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level lvl)
{
	min_level = lvl;
}

/* Appends s to buf as the body of a JSON string; stops before overflowing. */
static size_t put_escaped(char *buf, size_t at, size_t cap, const char *s)
{
	for (; *s && at + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[at++] = '\\';
			buf[at++] = (char)c;
		} else if (c < 0x20) {
			at += (size_t)snprintf(buf + at, cap - at, "\\u%04x", c);
		} else {
			buf[at++] = (char)c;
		}
	}
	return at;
}

static void emit(char *line, size_t n)
{
	line[n++] = '\n';
	/* One write() per line keeps concurrent lines whole. */
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	if (lvl < min_level)
		return;
	char msg[1024], line[2200], ts[CLOCK_ISO_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	clock_iso(clock_now(), ts);
	size_t n = (size_t)snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"",
				    ts, level_names[lvl]);
	n = put_escaped(line, n, sizeof line - 4, msg);
	memcpy(line + n, "\"}", 2);
	emit(line, n + 2);
}

void log_request(const char *method, const char *path, int status, int64_t micros,
		 int64_t user_id)
{
	if (LOG_INFO < min_level)
		return;
	char line[1400], ts[CLOCK_ISO_LEN];
	clock_iso(clock_now(), ts);
	size_t n = (size_t)snprintf(line, sizeof line, "{\"ts\":\"%s\",\"method\":\"", ts);
	n = put_escaped(line, n, 64, method);
	memcpy(line + n, "\",\"path\":\"", 10);
	n = put_escaped(line, n + 10, 1200, path);
	n += (size_t)snprintf(line + n, sizeof line - n,
			      "\",\"status\":%d,\"us\":%lld,\"user\":%lld}", status,
			      (long long)micros, (long long)user_id);
	emit(line, n);
}
