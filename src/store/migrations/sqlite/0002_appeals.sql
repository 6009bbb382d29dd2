-- 0002 appeals: categories with time limits, the working-time calendar, the dispatch
-- catalogue, reply templates, appeals with their personal data kept apart, the
-- hash-chained event log, assisting units, full-text search tokens, attachments,
-- idempotent submissions, staff notifications, the outbox of notices, generic rate
-- counters, and the chained log of admin actions.

-- Failed logins become one use of a general per-key counter.
ALTER TABLE login_failures RENAME TO rate_counters;
ALTER TABLE rate_counters RENAME COLUMN failures TO hits;

-- Answer limits per tier; the dispatcher sets the tier of a case when accepting it.
CREATE TABLE tiers (
	tier         TEXT PRIMARY KEY CHECK (tier IN ('emergency', 'utility', 'general', 'complex')),
	answer_value INTEGER NOT NULL CHECK (answer_value > 0),
	answer_unit  TEXT NOT NULL CHECK (answer_unit IN ('hours', 'working_hours', 'working_days'))
);
INSERT INTO tiers VALUES ('emergency', 2, 'hours'), ('utility', 24, 'hours'),
	('general', 7, 'working_days'), ('complex', 15, 'working_days');

CREATE TABLE categories (
	code          TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	name_en       TEXT NOT NULL,
	tier          TEXT NOT NULL REFERENCES tiers(tier),
	accept_value  INTEGER NOT NULL, accept_unit  TEXT NOT NULL,
	ack_value     INTEGER NOT NULL, ack_unit     TEXT NOT NULL,
	contact_value INTEGER NOT NULL, contact_unit TEXT NOT NULL,
	answer_value  INTEGER NOT NULL, answer_unit  TEXT NOT NULL,
	sort          INTEGER NOT NULL DEFAULT 0,
	active        INTEGER NOT NULL DEFAULT 1,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
INSERT INTO categories (code, name, name_en, tier, accept_value, accept_unit, ack_value,
	ack_unit, contact_value, contact_unit, answer_value, answer_unit, sort, updated_at) VALUES
	('hiring', '招聘用工', 'Hiring and labour', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 10, '2026-01-01T00:00:00Z'),
	('financing', '融资', 'Financing', 'complex', 2, 'hours', 2, 'working_hours', 24, 'hours', 15, 'working_days', 20, '2026-01-01T00:00:00Z'),
	('policy', '政策咨询', 'Policy questions', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 30, '2026-01-01T00:00:00Z'),
	('permits', '审批办证', 'Permits and registration', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 40, '2026-01-01T00:00:00Z'),
	('property', '物业管理', 'Property management', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 50, '2026-01-01T00:00:00Z'),
	('environment', '环境保护', 'Environment', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 60, '2026-01-01T00:00:00Z'),
	('traffic', '交通出行', 'Traffic', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 70, '2026-01-01T00:00:00Z'),
	('utilities', '水电气暖', 'Water, power, gas, heating', 'utility', 2, 'hours', 2, 'hours', 24, 'hours', 24, 'hours', 75, '2026-01-01T00:00:00Z'),
	('safety', '公共安全', 'Public safety', 'emergency', 2, 'hours', 2, 'hours', 2, 'hours', 2, 'hours', 80, '2026-01-01T00:00:00Z'),
	('elderly', '养老服务', 'Elderly care', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 90, '2026-01-01T00:00:00Z'),
	('education', '教育', 'Education', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 100, '2026-01-01T00:00:00Z'),
	('health', '医疗卫生', 'Health', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 110, '2026-01-01T00:00:00Z'),
	('other', '其他', 'Other', 'general', 2, 'hours', 2, 'working_hours', 24, 'hours', 7, 'working_days', 999, '2026-01-01T00:00:00Z');

-- Public holidays and make-up working days (调休); weekends are implied.
CREATE TABLE calendar_days (
	day  TEXT PRIMARY KEY,                -- YYYY-MM-DD, Asia/Shanghai
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name TEXT NOT NULL DEFAULT ''
);

-- The dispatch catalogue (派单目录): category (+ optionally a community) -> the unit
-- responsible. target 'org' names org_id; 'community' means the appeal's own community.
-- auto = 1 routes a matching case at once; otherwise the unit is only proposed.
CREATE TABLE dispatch_rules (
	id           INTEGER PRIMARY KEY,
	category     TEXT NOT NULL REFERENCES categories(code),
	community_id INTEGER REFERENCES orgs(id),
	target       TEXT NOT NULL CHECK (target IN ('org', 'community')),
	org_id       INTEGER REFERENCES orgs(id),
	auto         INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	CHECK ((target = 'org') = (org_id IS NOT NULL))
);
CREATE UNIQUE INDEX dispatch_rules_key ON dispatch_rules (category, COALESCE(community_id, 0));

CREATE TABLE reply_templates (
	id         INTEGER PRIMARY KEY,
	category   TEXT REFERENCES categories(code),   -- NULL: any category
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,                     -- placeholders: {name} {tracking_no} {unit} {date}
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- Personal data, apart from the cases so it can be erased without touching a chain.
CREATE TABLE persons (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL DEFAULT '',
	phone     TEXT NOT NULL DEFAULT '',
	email     TEXT NOT NULL DEFAULT '',
	erased_at TEXT
);

CREATE TABLE appeals (
	id               INTEGER PRIMARY KEY,
	tracking_no      TEXT NOT NULL UNIQUE,
	access_hash      BLOB NOT NULL,
	channel          TEXT NOT NULL CHECK (channel IN ('web', 'mini_program', 'fast_lane',
	                      'reception_room', 'mailbox', 'hotline', 'public_account', 'open311')),
	category         TEXT NOT NULL REFERENCES categories(code),
	tier             TEXT NOT NULL REFERENCES tiers(tier),
	urgency          TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
	title            TEXT NOT NULL,
	description      TEXT NOT NULL,
	submitter_type   TEXT NOT NULL CHECK (submitter_type IN ('resident', 'enterprise', 'employee')),
	submitter_org_id INTEGER REFERENCES orgs(id),
	person_id        INTEGER NOT NULL REFERENCES persons(id),
	created_by       INTEGER REFERENCES users(id),     -- staff who recorded it, if any
	community_id     INTEGER REFERENCES orgs(id),
	place_path       TEXT NOT NULL,                    -- path of community_id, or of the district
	address          TEXT NOT NULL DEFAULT '',
	lat              REAL,
	lng              REAL,
	publishable      INTEGER NOT NULL DEFAULT 0,
	status           TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'dispatched',
	                      'in_progress', 'suspended', 'replied', 'reopened', 'closed')),
	closed_as        TEXT CHECK (closed_as IN ('rated', 'unrated', 'declined', 'merged')),
	proposed_org_id  INTEGER REFERENCES orgs(id),      -- from the dispatch catalogue
	lead_org_id      INTEGER REFERENCES orgs(id),
	lead_path        TEXT,
	merged_into      INTEGER REFERENCES appeals(id),
	-- deadlines and when each step happened (ISO 8601 UTC)
	accept_due       TEXT, ack_due TEXT, contact_due TEXT, answer_due TEXT,
	accepted_at      TEXT, dispatched_at TEXT, acknowledged_at TEXT, contacted_at TEXT,
	replied_at       TEXT, closed_at TEXT, suspended_at TEXT,
	status_before_suspend TEXT,
	overdue_steps    INTEGER NOT NULL DEFAULT 0,       -- bit set of steps flagged overdue
	extension_days   INTEGER,                          -- a pending extension request
	-- the answer and the submitter's view
	reply            TEXT,
	outcome          TEXT CHECK (outcome IN ('resolved', 'explained', 'unresolvable')),
	rating           TEXT CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
	rating_comment   TEXT,
	rated_at         TEXT,
	unsatisfied_count INTEGER NOT NULL DEFAULT 0,
	callback_rating  TEXT CHECK (callback_rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
	-- the public wall: approved by a dispatcher, after redaction
	published        INTEGER NOT NULL DEFAULT 0,
	public_title     TEXT,
	public_description TEXT,
	public_reply     TEXT,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1,
	-- the audit chain: number of events and the hash of the last one
	event_count      INTEGER NOT NULL DEFAULT 0,
	head_hash        BLOB
);
CREATE INDEX appeals_status ON appeals (status, id);
CREATE INDEX appeals_place ON appeals (place_path, id);
CREATE INDEX appeals_lead ON appeals (lead_path, id);
CREATE INDEX appeals_category ON appeals (category, id);
CREATE INDEX appeals_created ON appeals (created_at);
CREATE INDEX appeals_published ON appeals (published, id);
CREATE INDEX appeals_replied ON appeals (status, replied_at);

CREATE TABLE appeal_assists (
	appeal_id INTEGER NOT NULL REFERENCES appeals(id),
	org_id    INTEGER NOT NULL REFERENCES orgs(id),
	org_path  TEXT NOT NULL,
	PRIMARY KEY (appeal_id, org_id)
);
CREATE INDEX appeal_assists_path ON appeal_assists (org_path);

-- Append-only, hash-chained: hash = HMAC(key, prev_hash || canonical JSON of the event).
CREATE TABLE appeal_events (
	id         INTEGER PRIMARY KEY,
	appeal_id  INTEGER NOT NULL REFERENCES appeals(id),
	seq        INTEGER NOT NULL,
	type       TEXT NOT NULL,
	actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'submitter', 'system')),
	actor_id   INTEGER REFERENCES users(id),
	public     INTEGER NOT NULL,                 -- seen by the submitter
	data       TEXT NOT NULL,                    -- canonical JSON, no personal data
	created_at TEXT NOT NULL,
	hash       BLOB NOT NULL,
	UNIQUE (appeal_id, seq)
);

-- Full-text search over title and description: two-character tokens for CJK runs and
-- words for Latin runs, made by domain/search.c. rowid = appeal id.
CREATE VIRTUAL TABLE appeal_search USING fts5 (tokens, content = '', tokenize = 'unicode61');

CREATE TABLE blobs (
	sha256 BLOB PRIMARY KEY,
	data   BLOB NOT NULL
);
CREATE TABLE attachments (
	id          TEXT PRIMARY KEY,                -- unguessable
	sha256      BLOB NOT NULL REFERENCES blobs(sha256),
	mime        TEXT NOT NULL,
	size        INTEGER NOT NULL,
	appeal_id   INTEGER REFERENCES appeals(id),
	uploaded_by TEXT NOT NULL,                   -- 'user:ID' or 'addr:ADDRESS'
	redacted    INTEGER NOT NULL DEFAULT 0,      -- hidden from the public wall
	created_at  TEXT NOT NULL
);
CREATE INDEX attachments_appeal ON attachments (appeal_id);
CREATE INDEX attachments_orphans ON attachments (created_at) WHERE appeal_id IS NULL;

-- A retried submission with the same Idempotency-Key within 24 hours gets the first
-- answer back; the answer (it holds the access token) is kept encrypted.
CREATE TABLE idempotency_keys (
	key          TEXT PRIMARY KEY,
	request_hash BLOB NOT NULL,
	status       INTEGER NOT NULL,
	response     BLOB NOT NULL,                  -- secretbox(nonce || ciphertext)
	created_at   TEXT NOT NULL
);
CREATE INDEX idempotency_created ON idempotency_keys (created_at);

CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	kind       TEXT NOT NULL,
	appeal_id  INTEGER REFERENCES appeals(id),
	message    TEXT NOT NULL,
	dedupe_key TEXT NOT NULL,
	created_at TEXT NOT NULL,
	read_at    TEXT,
	UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Notices to submitters (SMS or email), created exactly once (dedupe_key) in the same
-- transaction as their event and delivered at least once by the background worker.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	channel         TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL,
	dedupe_key      TEXT NOT NULL UNIQUE,
	created_at      TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	sent_at         TEXT,
	last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Admin actions (role grants, categories, time limits, calendar), chained like appeals.
CREATE TABLE admin_events (
	id         INTEGER PRIMARY KEY,
	seq        INTEGER NOT NULL UNIQUE,
	type       TEXT NOT NULL,
	actor_id   INTEGER REFERENCES users(id),   -- NULL: the command line
	data       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	hash       BLOB NOT NULL
);
-- Head of the admin chain (one row), so a deleted last event is caught.
CREATE TABLE audit_heads (
	chain       TEXT PRIMARY KEY,
	event_count INTEGER NOT NULL,
	head_hash   BLOB
);
INSERT INTO audit_heads VALUES ('admin', 0, NULL);

-- Daily sequence of tracking numbers.
CREATE TABLE tracking_seq (
	day  TEXT PRIMARY KEY,
	last INTEGER NOT NULL
);
