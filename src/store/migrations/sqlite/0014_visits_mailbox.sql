-- 0014 visits and the secretary's mailbox. An appeal may be addressed to one secretary
-- (书记信箱: addressed_to, a user holding the secretary role at the appeal's community) and
-- may come from a reception room (room_id: a visit turned into an appeal, a letter to the
-- room, a resident who scanned the room's poster).
ALTER TABLE appeals ADD COLUMN addressed_to INTEGER REFERENCES users(id);
ALTER TABLE appeals ADD COLUMN room_id INTEGER;
CREATE INDEX appeals_addressed ON appeals (addressed_to, id);
