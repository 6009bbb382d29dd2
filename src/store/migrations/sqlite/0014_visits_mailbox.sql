-- 0014 visits and the secretary's mailbox. An appeal may be addressed to one secretary
-- (书记信箱: addressed_to, a user holding the secretary role at the appeal's community) and
-- may come from a reception room (room_id: a visit turned into an appeal, a letter to the
-- room, a resident who scanned the room's poster).
ALTER TABLE appeals ADD COLUMN addressed_to INTEGER REFERENCES users(id);
-- No foreign key: rooms are copied after appeals (store/tables.c); the API checks it.
ALTER TABLE appeals ADD COLUMN room_id INTEGER;
CREATE INDEX appeals_addressed ON appeals (addressed_to, id);

-- The visit log of the reception rooms (来访登记): the duty official records each visit —
-- room, time, the visitor (personal data in persons, masked for others), what was raised
-- and its category — and what became of it: answered on the spot (现场办结, with the
-- answer), turned into an appeal or a need (one step each; the visit keeps the link and
-- shows its status until its end: 跟踪落实), or referred elsewhere. A visit is decided
-- once: outcome moves from open to one of the others and never again.
CREATE TABLE visits (
	id              INTEGER PRIMARY KEY,
	room_id         INTEGER NOT NULL REFERENCES rooms(id),
	community_id    INTEGER NOT NULL REFERENCES orgs(id),   -- the room's, when recorded
	visited_at      TEXT NOT NULL,
	person_id       INTEGER NOT NULL REFERENCES persons(id),
	raised          TEXT NOT NULL,
	category        TEXT NOT NULL REFERENCES categories(code),
	outcome         TEXT NOT NULL DEFAULT 'open'
	                CHECK (outcome IN ('open', 'answered', 'appeal', 'need', 'referred')),
	answer          TEXT,                                   -- answered: what was answered
	referral        TEXT,                                   -- referred: to whom and why
	referred_org_id INTEGER REFERENCES orgs(id),
	appeal_id       INTEGER UNIQUE REFERENCES appeals(id),
	need_id         INTEGER UNIQUE REFERENCES needs(id),
	recorded_by     INTEGER NOT NULL REFERENCES users(id),
	decided_by      INTEGER REFERENCES users(id),
	decided_at      TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1,
	CHECK ((outcome = 'open') = (decided_at IS NULL)),
	CHECK ((outcome = 'appeal') = (appeal_id IS NOT NULL)),
	CHECK ((outcome = 'need') = (need_id IS NOT NULL))
);
CREATE INDEX visits_room ON visits (room_id, id);
CREATE INDEX visits_community ON visits (community_id, id);
