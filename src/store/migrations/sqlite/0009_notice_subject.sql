-- 0009 notice subject: a staff notification and a notice in the outbox name what they are
-- about (subject_kind, subject_id), so a reader opens it without reading the message's
-- text. NULL for a notice about nothing in particular. subject_id has no foreign key: it
-- names a row of the table subject_kind says.
--
-- notifications.appeal_id stays: it is the API's `appeal_id` and a real foreign key, and
-- SQLite cannot drop a column a foreign key uses without rebuilding the table. The store
-- writes it from the subject (an appeal's id, else NULL), so the two never disagree.
ALTER TABLE notifications ADD COLUMN subject_kind TEXT
	CHECK (subject_kind IN ('appeal', 'need', 'resource', 'project', 'activity', 'room'));
ALTER TABLE notifications ADD COLUMN subject_id INTEGER;
ALTER TABLE outbox ADD COLUMN subject_kind TEXT
	CHECK (subject_kind IN ('appeal', 'need', 'resource', 'project', 'activity', 'room'));
ALTER TABLE outbox ADD COLUMN subject_id INTEGER;

-- Every notice written before names its subject in its dedupe key, '<kind>:<id>:<seq>'
-- (appeal steps, need steps and reports, project events: src/ops/); the need notices of
-- the lists link no appeal_id, so the key is the one place that says which need. Keys of
-- another shape are left NULL. (Appeals, needs and projects are never deleted: their
-- events are chained, so an id taken from a key names a row.)
UPDATE notifications SET
	subject_kind = substr(dedupe_key, 1, instr(dedupe_key, ':') - 1),
	subject_id = CAST(substr(dedupe_key, instr(dedupe_key, ':') + 1,
	                         instr(substr(dedupe_key, instr(dedupe_key, ':') + 1), ':') - 1)
	                  AS INTEGER)
 WHERE dedupe_key GLOB 'appeal:[0-9]*:*' OR dedupe_key GLOB 'need:[0-9]*:*'
    OR dedupe_key GLOB 'project:[0-9]*:*';
UPDATE outbox SET
	subject_kind = substr(dedupe_key, 1, instr(dedupe_key, ':') - 1),
	subject_id = CAST(substr(dedupe_key, instr(dedupe_key, ':') + 1,
	                         instr(substr(dedupe_key, instr(dedupe_key, ':') + 1), ':') - 1)
	                  AS INTEGER)
 WHERE dedupe_key GLOB 'appeal:[0-9]*:*' OR dedupe_key GLOB 'need:[0-9]*:*';
