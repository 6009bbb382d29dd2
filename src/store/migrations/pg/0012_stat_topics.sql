-- 0012 每月一题, PostgreSQL 15: the twin of ../sqlite/0012_stat_topics.sql (see there). The
-- groups named and pinned as a month's topic, per month and organisation scope.
CREATE TABLE stat_topics (
	month     TEXT NOT NULL CHECK (length(month) = 7),
	org_id    BIGINT NOT NULL REFERENCES orgs(id),
	key       TEXT NOT NULL,
	label     TEXT NOT NULL,
	pinned_by BIGINT REFERENCES users(id),
	pinned_at TEXT NOT NULL,
	PRIMARY KEY (month, org_id, key)
);
