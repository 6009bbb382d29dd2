/* config: the settings of one huiyin process. Each setting has a key in huiyin.conf
 * (INI: "[server]" then "listen = ..." gives key server.listen), an environment variable
 * (HUIYIN_SERVER_LISTEN style) and sometimes a command-line flag. Precedence, lowest
 * first: built-in default, the file, the environment, the flag. */
#ifndef HUIYIN_CONFIG_H
#define HUIYIN_CONFIG_H
#include <stdbool.h>

#include "util/err.h"

#define CONFIG_PATH_MAX 1024

struct config {
	char data_dir[CONFIG_PATH_MAX];  /* data.dir: default ./data */
	char db_url[CONFIG_PATH_MAX];    /* database.url: default huiyin.db in data_dir */
	char listen[256];                /* server.listen: HOST:PORT */
	int threads;                     /* server.threads: 0 means one per core */
	int max_connections;             /* server.max_connections */
	int connection_timeout;          /* server.connection_timeout, seconds */
	int max_per_address;             /* server.max_connections_per_address, 0: no limit */
	int max_buffered_mb;             /* server.max_buffered_mb of request bodies, all together */
	int min_body_rate;               /* server.min_body_rate, bytes/s a body must keep up; 0: off */
	int body_rate_window;            /* server.body_rate_window, seconds over which it is measured */
	bool tls;                        /* server.tls: sets Secure on cookies */
	char trusted_proxies[512];       /* server.trusted_proxies: comma-separated addresses */
	char public_url[512];            /* server.public_url: the site's address as the public
	                                  * reaches it (https://host[/prefix]); empty: http://listen */
	int session_idle_minutes;        /* session.idle_minutes */
	int session_max_hours;           /* session.max_hours */
	int login_window_seconds;        /* login.window_seconds */
	int login_max_per_user;          /* login.max_per_user: one username, one address */
	int login_max_per_address;       /* login.max_per_address: one address, any username */
	int login_max_per_user_total;    /* login.max_per_user_total: one username, anywhere */
	int submissions_per_hour;        /* intake.submissions_per_hour per address, public */
	int uploads_per_hour;            /* intake.uploads_per_hour per address, public */
	int wrong_tokens_per_hour;       /* intake.wrong_tokens_per_hour: refused /track calls */
	int auto_close_days;             /* appeals.auto_close_days without a rating */
	int worker_interval;             /* worker.interval_seconds between background rounds */
	int retention_days;              /* privacy.retention_days before personal data goes */
	int export_max_rows;             /* export.max_rows: the most rows one download holds */
	bool test_clock;                 /* only by flag: enables the test clock endpoint */
	char log_level[16];              /* log.level: debug, info, warn, error */
	char web_root[CONFIG_PATH_MAX];  /* web.root: the built front end (web/dist) */
};

/* Every setting at its default; call it first, then the file, then the environment. */
void config_defaults(struct config *c);
/* Sets one setting by key ("server.listen"); unknown keys and bad values are errors. */
int config_set(struct config *c, const char *key, const char *value, struct err *e);
/* Reads an INI file. A missing file is an error only when `required`. */
int config_load_file(struct config *c, const char *path, bool required, struct err *e);
/* Applies every HUIYIN_* variable that names a setting. */
int config_load_env(struct config *c, struct err *e);
/* The site's public address without a trailing slash: public_url, or http://LISTEN when
 * it is empty. Every link Huiyin hands out (notices, QR codes) starts with it. */
void config_public_url(const struct config *c, char *out, int cap);
/* The database URL to use: db_url, or data_dir/huiyin.db when it is empty. */
void config_db_url(const struct config *c, char *out, int cap);

#endif
