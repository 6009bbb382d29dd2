-- 0001 foundation: organisations (1+3+N), membership of units in alliances, users, roles,
-- sessions, integration tokens and failed-login counters.
-- Times are ISO 8601 UTC text written by the application's clock.

CREATE TABLE orgs (
	id            INTEGER PRIMARY KEY,
	parent_id     INTEGER REFERENCES orgs(id),
	kind          TEXT NOT NULL CHECK (kind IN ('district', 'park', 'subdistrict', 'community',
	                                            'department', 'unit')),
	unit_type     TEXT CHECK (unit_type IN ('organ', 'soe', 'private_enterprise', 'social_org',
	                                        'market', 'office_building', 'other')),
	name          TEXT NOT NULL,
	description   TEXT NOT NULL DEFAULT '',
	address       TEXT NOT NULL DEFAULT '',
	contact_name  TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	-- ids from the root down to this org, e.g. '/1/4/9/': a subtree is a prefix range.
	path          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1,
	CHECK ((kind = 'unit') = (unit_type IS NOT NULL))
);
CREATE INDEX orgs_parent ON orgs (parent_id, id);
CREATE UNIQUE INDEX orgs_path ON orgs (path);
CREATE INDEX orgs_kind ON orgs (kind, id);

CREATE TABLE org_members (
	alliance_id INTEGER NOT NULL REFERENCES orgs(id),
	unit_id     INTEGER NOT NULL REFERENCES orgs(id),
	joined_on   TEXT NOT NULL,
	PRIMARY KEY (alliance_id, unit_id)
);
CREATE INDEX org_members_unit ON org_members (unit_id);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE user_roles (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	role       TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'handler', 'secretary',
	                                         'supervisor', 'liaison')),
	org_id     INTEGER NOT NULL REFERENCES orgs(id),
	created_at TEXT NOT NULL,
	UNIQUE (user_id, role, org_id)
);
CREATE INDEX user_roles_org ON user_roles (org_id);

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	token_hash   BLOB NOT NULL UNIQUE,
	user_id      INTEGER NOT NULL REFERENCES users(id),
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id),
	name         TEXT NOT NULL,
	token_hash   BLOB NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins per key ('user:NAME' or 'addr:ADDRESS') in the current window.
CREATE TABLE login_failures (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	window_start TEXT NOT NULL
);
