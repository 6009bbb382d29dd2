/* config: defaults, INI file, environment (see config.h). A table lists every setting
 * once, so the file, the environment and the documentation cannot drift apart. */
#include "util/config.h"
#include "util/n_of.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STR, K_INT, K_BOOL };

struct setting {
	const char *key;
	enum kind kind;
	size_t offset;
	size_t size; /* buffer size for K_STR */
	int min, max;
};

#define S(key, field) {key, K_STR, offsetof(struct config, field), sizeof(((struct config *)0)->field), 0, 0}
#define I(key, field, lo, hi) {key, K_INT, offsetof(struct config, field), 0, lo, hi}
#define B(key, field) {key, K_BOOL, offsetof(struct config, field), 0, 0, 1}

static const struct setting settings[] = {
	S("data.dir", data_dir),
	S("database.url", db_url),
	S("server.listen", listen),
	I("server.threads", threads, 0, 256),
	I("server.max_connections", max_connections, 1, 1000000),
	I("server.connection_timeout", connection_timeout, 1, 3600),
	I("server.max_connections_per_address", max_per_address, 0, 1000000),
	I("server.max_buffered_mb", max_buffered_mb, 1, 1 << 20),
	I("server.min_body_rate", min_body_rate, 0, 1 << 30),
	I("server.body_rate_window", body_rate_window, 1, 3600),
	B("server.tls", tls),
	S("server.trusted_proxies", trusted_proxies),
	S("server.public_url", public_url),
	I("session.idle_minutes", session_idle_minutes, 1, 60 * 24 * 30),
	I("session.max_hours", session_max_hours, 1, 24 * 90),
	I("login.window_seconds", login_window_seconds, 1, 86400),
	I("login.max_per_user", login_max_per_user, 1, 1000000),
	I("login.max_per_address", login_max_per_address, 1, 1000000),
	I("login.max_per_user_total", login_max_per_user_total, 1, 1000000),
	I("intake.submissions_per_hour", submissions_per_hour, 1, 1000000),
	I("intake.uploads_per_hour", uploads_per_hour, 1, 1000000),
	I("intake.wrong_tokens_per_hour", wrong_tokens_per_hour, 1, 1000000),
	I("appeals.auto_close_days", auto_close_days, 1, 365),
	I("worker.interval_seconds", worker_interval, 1, 86400),
	I("privacy.retention_days", retention_days, 1, 36500),
	I("export.max_rows", export_max_rows, 1, 10000000),
	S("log.level", log_level),
	S("web.root", web_root),
};

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->data_dir, sizeof c->data_dir, "./data");
	snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
	c->max_connections = 4096;
	c->connection_timeout = 30;
	c->max_per_address = 128;
	c->max_buffered_mb = 64;
	c->min_body_rate = 1024;
	c->body_rate_window = 20;
	c->session_idle_minutes = 120;
	c->session_max_hours = 12;
	c->login_window_seconds = 900;
	c->login_max_per_user = 5;
	c->login_max_per_address = 20;
	c->login_max_per_user_total = 100;
	c->submissions_per_hour = 20;
	c->uploads_per_hour = 60;
	c->wrong_tokens_per_hour = 20;
	c->auto_close_days = 7;
	c->worker_interval = 30;
	c->retention_days = 1095;
	c->export_max_rows = 200000;
	snprintf(c->log_level, sizeof c->log_level, "info");
	snprintf(c->web_root, sizeof c->web_root, "web/dist");
}

int config_set(struct config *c, const char *key, const char *value, struct err *e)
{
	for (int i = 0; i < N_OF(settings); i++) {
		const struct setting *s = &settings[i];
		if (strcmp(s->key, key) != 0)
			continue;
		char *field = (char *)c + s->offset;
		if (s->kind == K_STR) {
			if (strlen(value) >= s->size)
				return err_invalid(e, s->key, "%s: value too long", key);
			/* A link handed out must be absolute: only http(s) addresses. */
			if (field == c->public_url && *value && strncmp(value, "http://", 7) &&
			    strncmp(value, "https://", 8))
				return err_invalid(
				    e, s->key, "%s: expected an http:// or https:// address", key);
			memcpy(field, value, strlen(value) + 1);
		} else if (s->kind == K_INT) {
			char *end;
			errno = 0;
			long v = strtol(value, &end, 10);
			if (errno || end == value || *end || v < s->min || v > s->max)
				return err_invalid(e, s->key, "%s: expected a whole number from %d to %d",
						   key, s->min, s->max);
			*(int *)field = (int)v;
		} else {
			if (!strcmp(value, "true") || !strcmp(value, "1") || !strcmp(value, "yes"))
				*(bool *)field = true;
			else if (!strcmp(value, "false") || !strcmp(value, "0") || !strcmp(value, "no"))
				*(bool *)field = false;
			else
				return err_invalid(e, s->key, "%s: expected true or false", key);
		}
		return 0;
	}
	return err_invalid(e, NULL, "unknown setting %s", key);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = 0;
	return s;
}

int config_load_file(struct config *c, const char *path, bool required, struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!required && errno == ENOENT)
			return 0;
		return err_invalid(e, NULL, "%s: %s", path, strerror(errno));
	}
	char line[2048], section[64] = "";
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close - s - 1 >= (long)sizeof section) {
				rc = err_invalid(e, NULL, "%s:%d: bad section", path, lineno);
				break;
			}
			*close = 0;
			snprintf(section, sizeof section, "%s", trim(s + 1));
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			rc = err_invalid(e, NULL, "%s:%d: expected key = value", path, lineno);
			break;
		}
		*eq = 0;
		char key[160];
		snprintf(key, sizeof key, "%s.%s", section, trim(s));
		if (config_set(c, key, trim(eq + 1), e)) {
			char msg[sizeof e->message];
			snprintf(msg, sizeof msg, "%s:%d: %s", path, lineno, e->message);
			memcpy(e->message, msg, sizeof msg);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c, struct err *e)
{
	for (int i = 0; i < N_OF(settings); i++) {
		char name[96] = "HUIYIN_";
		size_t n = strlen(name);
		for (const char *k = settings[i].key; *k && n + 1 < sizeof name; k++)
			name[n++] = *k == '.' ? '_' : (char)toupper((unsigned char)*k);
		name[n] = 0;
		const char *v = getenv(name);
		if (v && config_set(c, settings[i].key, v, e))
			return -1;
	}
	return 0;
}

void config_db_url(const struct config *c, char *out, int cap)
{
	if (c->db_url[0])
		snprintf(out, (size_t)cap, "%s", c->db_url);
	else
		snprintf(out, (size_t)cap, "%s/huiyin.db", c->data_dir);
}

void config_public_url(const struct config *c, char *out, int cap)
{
	if (c->public_url[0])
		snprintf(out, (size_t)cap, "%s", c->public_url);
	else
		snprintf(out, (size_t)cap, "http://%s", c->listen);
	size_t n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = 0;
}
