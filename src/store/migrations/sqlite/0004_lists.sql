-- 0004 the three lists (三张清单): needs (需求清单) raised by the public, by secretaries or
-- from an appeal; resources (资源清单) offered by units; commitments of resources to needs
-- (单位报到); projects (项目清单) taken up from needs with their milestones; and
-- activities (活动) with their participant and audience counts. Needs, resources and
-- projects keep a hash-chained event log each, like appeals (event_count, head_hash).

CREATE TABLE needs (
	id            INTEGER PRIMARY KEY,
	tracking_no   TEXT NOT NULL UNIQUE,              -- XQ + day + sequence
	access_hash   BLOB,                              -- public needs only: hash of the token
	source        TEXT NOT NULL CHECK (source IN ('public', 'staff', 'appeal')),
	title         TEXT NOT NULL,
	description   TEXT NOT NULL,
	category      TEXT NOT NULL REFERENCES categories(code),
	community_id  INTEGER NOT NULL REFERENCES orgs(id),
	place_path    TEXT NOT NULL,                     -- path of community_id
	address       TEXT NOT NULL DEFAULT '',
	beneficiaries_who   TEXT NOT NULL,
	beneficiaries_count INTEGER NOT NULL CHECK (beneficiaries_count >= 1),
	wanted_by     TEXT,                              -- YYYY-MM-DD
	urgency       TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
	status        TEXT NOT NULL CHECK (status IN ('open', 'matched', 'in_project', 'fulfilled',
	                                              'closed')),
	close_reason  TEXT,
	person_id     INTEGER REFERENCES persons(id),    -- the public submitter's personal data
	created_by    INTEGER REFERENCES users(id),
	appeal_id     INTEGER UNIQUE REFERENCES appeals(id),
	whistled_at   TEXT,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1,
	event_count   INTEGER NOT NULL DEFAULT 0,
	head_hash     BLOB,
	CHECK ((status = 'closed') = (close_reason IS NOT NULL))
);
CREATE INDEX needs_place ON needs (place_path, id);
CREATE INDEX needs_status ON needs (status, id);

-- The appeal side of an appeal turned into a need (the need keeps appeal_id too).
CREATE TABLE appeal_needs (
	appeal_id INTEGER PRIMARY KEY REFERENCES appeals(id),
	need_id   INTEGER NOT NULL UNIQUE REFERENCES needs(id)
);

-- Units that took part in a need: called by a whistle (吹哨), reporting a resource (报到) or
-- named in its project. They may read the need from then on.
CREATE TABLE need_units (
	need_id  INTEGER NOT NULL REFERENCES needs(id),
	org_id   INTEGER NOT NULL REFERENCES orgs(id),
	org_path TEXT NOT NULL,
	via      TEXT NOT NULL CHECK (via IN ('whistle', 'commit', 'project')),
	at       TEXT NOT NULL,
	PRIMARY KEY (need_id, org_id, via)
);
CREATE INDEX need_units_path ON need_units (org_path);

CREATE TABLE need_events (
	id         INTEGER PRIMARY KEY,
	need_id    INTEGER NOT NULL REFERENCES needs(id),
	seq        INTEGER NOT NULL,
	type       TEXT NOT NULL,
	actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'submitter', 'system')),
	actor_id   INTEGER REFERENCES users(id),
	public     INTEGER NOT NULL,
	data       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	hash       BLOB NOT NULL,
	UNIQUE (need_id, seq)
);

CREATE TABLE resources (
	id             INTEGER PRIMARY KEY,
	title          TEXT NOT NULL,
	description    TEXT NOT NULL DEFAULT '',
	kind           TEXT NOT NULL CHECK (kind IN ('venue', 'volunteers', 'professional_service',
	                                              'funds', 'materials', 'training')),
	category       TEXT REFERENCES categories(code),  -- NULL: any category
	org_id         INTEGER NOT NULL REFERENCES orgs(id),
	org_path       TEXT NOT NULL,
	quantity       INTEGER NOT NULL CHECK (quantity > 0),
	unit           TEXT NOT NULL,
	committed      INTEGER NOT NULL DEFAULT 0 CHECK (committed >= 0 AND committed <= quantity),
	available_from TEXT,                              -- YYYY-MM-DD
	available_to   TEXT,
	weekly_hours   TEXT NOT NULL DEFAULT '',
	place          TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
	created_by     INTEGER REFERENCES users(id),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1,
	event_count    INTEGER NOT NULL DEFAULT 0,
	head_hash      BLOB,
	CHECK (available_from IS NULL OR available_to IS NULL OR available_from <= available_to)
);
CREATE INDEX resources_org ON resources (org_path, id);
CREATE INDEX resources_status ON resources (status, id);

-- The community alliances a resource serves.
CREATE TABLE resource_alliances (
	resource_id INTEGER NOT NULL REFERENCES resources(id),
	alliance_id INTEGER NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (resource_id, alliance_id)
);

CREATE TABLE resource_events (
	id          INTEGER PRIMARY KEY,
	resource_id INTEGER NOT NULL REFERENCES resources(id),
	seq         INTEGER NOT NULL,
	type        TEXT NOT NULL,
	actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('staff', 'submitter', 'system')),
	actor_id    INTEGER REFERENCES users(id),
	public      INTEGER NOT NULL,
	data        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	hash        BLOB NOT NULL,
	UNIQUE (resource_id, seq)
);

-- 报到: a unit commits part of a resource to a need, at a recorded time.
CREATE TABLE commitments (
	id           INTEGER PRIMARY KEY,
	resource_id  INTEGER NOT NULL REFERENCES resources(id),
	need_id      INTEGER NOT NULL REFERENCES needs(id),
	org_id       INTEGER NOT NULL REFERENCES orgs(id),
	quantity     INTEGER NOT NULL CHECK (quantity > 0),
	note         TEXT NOT NULL DEFAULT '',
	committed_by INTEGER REFERENCES users(id),
	committed_at TEXT NOT NULL
);
CREATE INDEX commitments_need ON commitments (need_id, id);
CREATE INDEX commitments_resource ON commitments (resource_id, id);

CREATE TABLE projects (
	id                    INTEGER PRIMARY KEY,
	title                 TEXT NOT NULL,
	description           TEXT NOT NULL DEFAULT '',
	owner_org_id          INTEGER NOT NULL REFERENCES orgs(id),
	owner_path            TEXT NOT NULL,
	status                TEXT NOT NULL CHECK (status IN ('planned', 'running', 'done',
	                                                      'evaluated')),
	started_at            TEXT,
	completed_at          TEXT,
	beneficiaries_reached INTEGER CHECK (beneficiaries_reached >= 0),
	outcome_summary       TEXT,
	rating                TEXT CHECK (rating IN ('satisfied', 'basically_satisfied',
	                                             'unsatisfied')),
	rating_comment        TEXT,
	evaluated_at          TEXT,
	evaluated_by          INTEGER REFERENCES users(id),
	created_by            INTEGER REFERENCES users(id),
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL,
	version               INTEGER NOT NULL DEFAULT 1,
	event_count           INTEGER NOT NULL DEFAULT 0,
	head_hash             BLOB
);
CREATE INDEX projects_owner ON projects (owner_path, id);
CREATE INDEX projects_status ON projects (status, id);

CREATE TABLE project_needs (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	need_id    INTEGER NOT NULL REFERENCES needs(id),
	PRIMARY KEY (project_id, need_id)
);
CREATE INDEX project_needs_need ON project_needs (need_id);

CREATE TABLE project_resources (
	project_id  INTEGER NOT NULL REFERENCES projects(id),
	resource_id INTEGER NOT NULL REFERENCES resources(id),
	PRIMARY KEY (project_id, resource_id)
);

-- The units taking part (those named, the resources' units and the owner).
CREATE TABLE project_units (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	org_id     INTEGER NOT NULL REFERENCES orgs(id),
	org_path   TEXT NOT NULL,
	PRIMARY KEY (project_id, org_id)
);
CREATE INDEX project_units_org ON project_units (org_id);
CREATE INDEX project_units_path ON project_units (org_path);

CREATE TABLE milestones (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	seq        INTEGER NOT NULL,
	title      TEXT NOT NULL,
	due        TEXT NOT NULL,                    -- YYYY-MM-DD, Asia/Shanghai
	done_on    TEXT,                             -- YYYY-MM-DD
	overdue    INTEGER NOT NULL DEFAULT 0,       -- flagged once by the worker
	UNIQUE (project_id, seq)
);
CREATE INDEX milestones_pending ON milestones (due) WHERE done_on IS NULL AND overdue = 0;

CREATE TABLE project_events (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	seq        INTEGER NOT NULL,
	type       TEXT NOT NULL,
	actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'submitter', 'system')),
	actor_id   INTEGER REFERENCES users(id),
	public     INTEGER NOT NULL,
	data       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	hash       BLOB NOT NULL,
	UNIQUE (project_id, seq)
);

CREATE TABLE activities (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind IN ('talk', 'volunteer_service', 'health_check',
	                                          'campaign', 'other')),
	title        TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	org_id       INTEGER NOT NULL REFERENCES orgs(id),   -- the organiser
	org_path     TEXT NOT NULL,
	held_on      TEXT NOT NULL,                          -- YYYY-MM-DD
	place        TEXT NOT NULL DEFAULT '',
	project_id   INTEGER REFERENCES projects(id),
	participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
	audience     INTEGER NOT NULL DEFAULT 0 CHECK (audience >= 0),
	created_by   INTEGER REFERENCES users(id),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activities_org ON activities (org_path, held_on);
CREATE INDEX activities_project ON activities (project_id);
