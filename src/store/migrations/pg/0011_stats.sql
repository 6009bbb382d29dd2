-- 0011 stats: the day counters of the figures (domain/metrics.h says what counts where).
-- One row per Asia/Shanghai day (days since 1970-01-01) and (lead unit, place, category,
-- channel, tier): unit_id 0 is "no unit" (a submission), place_id 0 the district (an
-- appeal without a community). The writer adds to them in the transaction of the event
-- that counts (ops/stats.c), `huiyin stats rebuild` recounts them from the events.
CREATE TABLE stats_days (
	day               BIGINT NOT NULL,
	unit_id           BIGINT NOT NULL,
	place_id          BIGINT NOT NULL,
	category          TEXT NOT NULL,
	channel           TEXT NOT NULL,
	tier              TEXT NOT NULL,
	received          BIGINT NOT NULL DEFAULT 0,
	dispatched        BIGINT NOT NULL DEFAULT 0,
	responded         BIGINT NOT NULL DEFAULT 0,
	contacted         BIGINT NOT NULL DEFAULT 0,
	answered          BIGINT NOT NULL DEFAULT 0,
	on_time           BIGINT NOT NULL DEFAULT 0,
	rated             BIGINT NOT NULL DEFAULT 0,
	satisfied         BIGINT NOT NULL DEFAULT 0,
	resolved_halves   BIGINT NOT NULL DEFAULT 0,
	resolved_known    BIGINT NOT NULL DEFAULT 0,
	reopened          BIGINT NOT NULL DEFAULT 0,
	callbacks         BIGINT NOT NULL DEFAULT 0,
	unrated           BIGINT NOT NULL DEFAULT 0,
	closed_unresolved BIGINT NOT NULL DEFAULT 0,
	overdue           BIGINT NOT NULL DEFAULT 0,
	escalated         BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (day, unit_id, place_id, category, channel, tier)
);
CREATE INDEX stats_days_unit ON stats_days (unit_id, day);
CREATE INDEX stats_days_place ON stats_days (place_id, day);

-- The same counters per month (the day number of its first day) and lead unit only: the
-- district's figures for whole months, and the ranking, are read from here (a year is 12
-- rows a unit); days at the edges of a period and the finer filters from stats_days.
CREATE TABLE stats_months (
	month             BIGINT NOT NULL,
	unit_id           BIGINT NOT NULL,
	received          BIGINT NOT NULL DEFAULT 0,
	dispatched        BIGINT NOT NULL DEFAULT 0,
	responded         BIGINT NOT NULL DEFAULT 0,
	contacted         BIGINT NOT NULL DEFAULT 0,
	answered          BIGINT NOT NULL DEFAULT 0,
	on_time           BIGINT NOT NULL DEFAULT 0,
	rated             BIGINT NOT NULL DEFAULT 0,
	satisfied         BIGINT NOT NULL DEFAULT 0,
	resolved_halves   BIGINT NOT NULL DEFAULT 0,
	resolved_known    BIGINT NOT NULL DEFAULT 0,
	reopened          BIGINT NOT NULL DEFAULT 0,
	callbacks         BIGINT NOT NULL DEFAULT 0,
	unrated           BIGINT NOT NULL DEFAULT 0,
	closed_unresolved BIGINT NOT NULL DEFAULT 0,
	overdue           BIGINT NOT NULL DEFAULT 0,
	escalated         BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (month, unit_id)
);

-- Settings of the figures (weights of the score, the smallest denominator shown) and the
-- rebuild flag: set here, so the first start after this migration counts what is there.
CREATE TABLE stats_settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO stats_settings (key, value) VALUES ('rebuild', '1');
