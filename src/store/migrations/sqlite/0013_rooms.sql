-- 0013 reception rooms (书记会客室): rooms of a community alliance with their weekly opening
-- hours and exceptions; the duty officials of the alliance (staff users and Party members
-- of member units recorded by the secretary) with their leave; the duty rota, one row per
-- official and opening slot; and swaps of duties. Each room keeps a hash-chained event log
-- (room_events: create, update, rota, swap_request, swap_accept, swap_approve, done,
-- missed) like appeals, needs, resources and projects, with its checkpoint in audit_heads.

CREATE TABLE rooms (
	id                  INTEGER PRIMARY KEY,
	community_id        INTEGER NOT NULL REFERENCES orgs(id),
	community_path      TEXT NOT NULL,                 -- path of community_id
	name                TEXT NOT NULL,
	address             TEXT NOT NULL DEFAULT '',
	lat                 REAL,
	lng                 REAL,
	photo_id            TEXT REFERENCES attachments(id),
	phone               TEXT NOT NULL DEFAULT '',      -- the room's contact line (public)
	-- The weekly pattern as canonical JSON: [{"weekday":2,"from":"14:30","to":"17:30"},...],
	-- weekday 1 = Monday ... 7 = Sunday, sorted, never overlapping (domain/rota.c checks).
	hours               TEXT NOT NULL DEFAULT '[]',
	open_on_holidays    INTEGER NOT NULL DEFAULT 0,    -- open on public holidays too
	officials_per_slot  INTEGER NOT NULL DEFAULT 1 CHECK (officials_per_slot BETWEEN 1 AND 5),
	swap_needs_approval INTEGER NOT NULL DEFAULT 1,    -- 0: an accepted swap holds at once
	status              TEXT NOT NULL CHECK (status IN ('active', 'closed')),
	created_by          INTEGER REFERENCES users(id),
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL,
	version             INTEGER NOT NULL DEFAULT 1,
	event_count         INTEGER NOT NULL DEFAULT 0,
	head_hash           BLOB,
	head_mac            BLOB,
	row_mac             BLOB
);
CREATE INDEX rooms_community ON rooms (community_path, id);
CREATE INDEX rooms_status ON rooms (status, id);

-- Exceptions to the weekly pattern: closed on a day, or an extra opening (from-to).
CREATE TABLE room_exceptions (
	id        INTEGER PRIMARY KEY,
	room_id   INTEGER NOT NULL REFERENCES rooms(id),
	day       TEXT NOT NULL,                           -- YYYY-MM-DD, Asia/Shanghai
	kind      TEXT NOT NULL CHECK (kind IN ('closed', 'open')),
	from_time TEXT,                                    -- HH:MM, open only
	to_time   TEXT,
	note      TEXT NOT NULL DEFAULT '',
	CHECK ((kind = 'open') = (from_time IS NOT NULL AND to_time IS NOT NULL)),
	UNIQUE (room_id, day, kind, from_time)
);
CREATE INDEX room_exceptions_day ON room_exceptions (room_id, day);

CREATE TABLE room_events (
	id         INTEGER PRIMARY KEY,
	room_id    INTEGER NOT NULL REFERENCES rooms(id),
	seq        INTEGER NOT NULL,
	type       TEXT NOT NULL,
	actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'submitter', 'system')),
	actor_id   INTEGER REFERENCES users(id),
	public     INTEGER NOT NULL,
	data       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	hash       BLOB NOT NULL,
	UNIQUE (room_id, seq)
);

-- Duty officials of a community alliance. The phone is personal data (in persons, masked
-- like a submitter's); name and unit are shown to the public for the duty of the day.
-- feed_hash: BLAKE2b of the official's iCalendar feed key (the key itself is never stored);
-- NULL when no feed link is live.
CREATE TABLE officials (
	id             INTEGER PRIMARY KEY,
	community_id   INTEGER NOT NULL REFERENCES orgs(id),
	community_path TEXT NOT NULL,
	user_id        INTEGER REFERENCES users(id),       -- a staff user, or NULL
	unit_id        INTEGER REFERENCES orgs(id),        -- the member unit, or NULL
	name           TEXT NOT NULL,
	person_id      INTEGER REFERENCES persons(id),     -- phone
	monthly_cap    INTEGER CHECK (monthly_cap IS NULL OR monthly_cap >= 0),
	active         INTEGER NOT NULL DEFAULT 1,
	feed_hash      BLOB UNIQUE,
	created_by     INTEGER REFERENCES users(id),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1,
	UNIQUE (community_id, user_id)
);
CREATE INDEX officials_community ON officials (community_path, id);

CREATE TABLE official_leaves (
	id          INTEGER PRIMARY KEY,
	official_id INTEGER NOT NULL REFERENCES officials(id),
	from_day    TEXT NOT NULL,                         -- YYYY-MM-DD inclusive
	to_day      TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	CHECK (from_day <= to_day)
);
CREATE INDEX official_leaves_official ON official_leaves (official_id, from_day);

-- One duty: an official on one opening slot of a room (seat 1..officials_per_slot). The
-- slot (room, day, from_time, seat) is what the iCalendar UID is made of, so a duty keeps
-- its UID when a rota is generated again or swapped; sequence counts its changes (the
-- iCalendar SEQUENCE). starts_at/ends_at: UTC, for "two rooms at once" and the feeds.
CREATE TABLE duties (
	id          INTEGER PRIMARY KEY,
	room_id     INTEGER NOT NULL REFERENCES rooms(id),
	day         TEXT NOT NULL,                         -- YYYY-MM-DD, Asia/Shanghai
	from_time   TEXT NOT NULL,                         -- HH:MM
	to_time     TEXT NOT NULL,
	seat        INTEGER NOT NULL CHECK (seat >= 1),
	starts_at   TEXT NOT NULL,
	ends_at     TEXT NOT NULL,
	official_id INTEGER NOT NULL REFERENCES officials(id),
	status      TEXT NOT NULL CHECK (status IN ('planned', 'done', 'missed')),
	swapped     INTEGER NOT NULL DEFAULT 0,            -- an agreed swap: kept by a new rota
	sequence    INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (room_id, day, from_time, seat)
);
CREATE INDEX duties_official ON duties (official_id, starts_at);
CREATE INDEX duties_room ON duties (room_id, starts_at);

-- A swap asked for: the duty's official hands it to `to_official_id`, or exchanges it for
-- their duty `their_duty_id`. requested -> accepted -> approved (or straight to approved on
-- acceptance when the room needs no approval); cancelled when either duty changed first.
CREATE TABLE duty_swaps (
	id               INTEGER PRIMARY KEY,
	duty_id          INTEGER NOT NULL REFERENCES duties(id),
	from_official_id INTEGER NOT NULL REFERENCES officials(id),
	to_official_id   INTEGER NOT NULL REFERENCES officials(id),
	their_duty_id    INTEGER REFERENCES duties(id),
	status           TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'approved',
	                                                 'cancelled')),
	requested_by     INTEGER REFERENCES users(id),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	CHECK (from_official_id <> to_official_id)
);
CREATE INDEX duty_swaps_duty ON duty_swaps (duty_id, id);

INSERT INTO audit_heads (chain, event_count, head_hash) VALUES ('room', 0, NULL);
-- The migration then signs the new checkpoint (audit_sign_all).
