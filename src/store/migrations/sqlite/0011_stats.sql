-- 0011 stats: the day counters of the figures (domain/metrics.h says what counts where).
-- One row per Asia/Shanghai day (days since 1970-01-01) and (lead unit, place, category,
-- channel, tier): unit_id 0 is "no unit" (a submission), place_id 0 the district (an
-- appeal without a community). The writer adds to them in the transaction of the event
-- that counts (ops/stats.c), `huiyin stats rebuild` recounts them from the events.
CREATE TABLE stats_days (
	day               INTEGER NOT NULL,
	unit_id           INTEGER NOT NULL,
	place_id          INTEGER NOT NULL,
	category          TEXT NOT NULL,
	channel           TEXT NOT NULL,
	tier              TEXT NOT NULL,
	received          INTEGER NOT NULL DEFAULT 0,
	dispatched        INTEGER NOT NULL DEFAULT 0,
	responded         INTEGER NOT NULL DEFAULT 0,
	contacted         INTEGER NOT NULL DEFAULT 0,
	answered          INTEGER NOT NULL DEFAULT 0,
	on_time           INTEGER NOT NULL DEFAULT 0,
	rated             INTEGER NOT NULL DEFAULT 0,
	satisfied         INTEGER NOT NULL DEFAULT 0,
	resolved_halves   INTEGER NOT NULL DEFAULT 0,
	resolved_known    INTEGER NOT NULL DEFAULT 0,
	reopened          INTEGER NOT NULL DEFAULT 0,
	callbacks         INTEGER NOT NULL DEFAULT 0,
	unrated           INTEGER NOT NULL DEFAULT 0,
	closed_unresolved INTEGER NOT NULL DEFAULT 0,
	overdue           INTEGER NOT NULL DEFAULT 0,
	escalated         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, unit_id, place_id, category, channel, tier)
);
CREATE INDEX stats_days_unit ON stats_days (unit_id, day);
CREATE INDEX stats_days_place ON stats_days (place_id, day);

-- The same counters per month (the day number of its first day) and lead unit only: the
-- district's figures for whole months, and the ranking, are read from here (a year is 12
-- rows a unit); days at the edges of a period and the finer filters from stats_days.
CREATE TABLE stats_months (
	month             INTEGER NOT NULL,
	unit_id           INTEGER NOT NULL,
	received          INTEGER NOT NULL DEFAULT 0,
	dispatched        INTEGER NOT NULL DEFAULT 0,
	responded         INTEGER NOT NULL DEFAULT 0,
	contacted         INTEGER NOT NULL DEFAULT 0,
	answered          INTEGER NOT NULL DEFAULT 0,
	on_time           INTEGER NOT NULL DEFAULT 0,
	rated             INTEGER NOT NULL DEFAULT 0,
	satisfied         INTEGER NOT NULL DEFAULT 0,
	resolved_halves   INTEGER NOT NULL DEFAULT 0,
	resolved_known    INTEGER NOT NULL DEFAULT 0,
	reopened          INTEGER NOT NULL DEFAULT 0,
	callbacks         INTEGER NOT NULL DEFAULT 0,
	unrated           INTEGER NOT NULL DEFAULT 0,
	closed_unresolved INTEGER NOT NULL DEFAULT 0,
	overdue           INTEGER NOT NULL DEFAULT 0,
	escalated         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (month, unit_id)
);

-- Settings of the figures (weights of the score, the smallest denominator shown) and the
-- rebuild flag: set here, so the first start after this migration counts what is there.
CREATE TABLE stats_settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO stats_settings (key, value) VALUES ('rebuild', '1');
