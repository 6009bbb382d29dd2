-- 0014 visits and the secretary's mailbox (see the SQLite twin for the meaning).
ALTER TABLE appeals ADD COLUMN addressed_to BIGINT REFERENCES users(id);
ALTER TABLE appeals ADD COLUMN room_id BIGINT;
CREATE INDEX appeals_addressed ON appeals (addressed_to, id);
