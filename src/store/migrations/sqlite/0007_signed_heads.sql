-- 0007 signed heads: what the database keeps beside the events is authenticated with the
-- audit key (DATA/audit.key, outside the database), so that cutting events off and
-- rewriting the head, deleting a whole subject, or editing a subject's row is caught by
-- `huiyin audit verify` (store/audit.h).
-- head_mac: MAC over (kind, id, event_count, head_hash); row_mac: MAC over the same and
-- the row's audited columns, both written with each event.
ALTER TABLE appeals ADD COLUMN head_mac BLOB;
ALTER TABLE appeals ADD COLUMN row_mac BLOB;
ALTER TABLE needs ADD COLUMN head_mac BLOB;
ALTER TABLE needs ADD COLUMN row_mac BLOB;
ALTER TABLE resources ADD COLUMN head_mac BLOB;
ALTER TABLE resources ADD COLUMN row_mac BLOB;
ALTER TABLE projects ADD COLUMN head_mac BLOB;
ALTER TABLE projects ADD COLUMN row_mac BLOB;
-- The admin chain's head gets its MAC; each kind of subject a checkpoint row:
-- event_count counts the subjects, head_hash is the XOR of a keyed tag of each one's id
-- and event count.
ALTER TABLE audit_heads ADD COLUMN head_mac BLOB;
INSERT INTO audit_heads (chain, event_count, head_hash) VALUES ('appeal', 0, NULL),
	('need', 0, NULL), ('resource', 0, NULL), ('project', 0, NULL);
-- The migration then signs every head, row and checkpoint as it stands (audit_sign_all).
