-- 0012 每月一题: the groups staff have named and pinned as a month's topic. A group is
-- named by its key (domain/topics.h: category and its two most frequent title tokens), for a
-- month (YYYY-MM, Asia/Shanghai) and an organisation whose subtree the figures were taken
-- over (the district's root for the whole district). Pinning writes an admin-audit event.
CREATE TABLE stat_topics (
	month     TEXT NOT NULL CHECK (length(month) = 7),
	org_id    INTEGER NOT NULL REFERENCES orgs(id),
	key       TEXT NOT NULL,
	label     TEXT NOT NULL,
	pinned_by INTEGER REFERENCES users(id),
	pinned_at TEXT NOT NULL,
	PRIMARY KEY (month, org_id, key)
);
