-- 0009 notice subject, PostgreSQL 15: the twin of ../sqlite/0009_notice_subject.sql (see
-- there for why). A notification and an outbox notice name what they are about; rows
-- written before get it from their dedupe key, '<kind>:<id>:<seq>'.
ALTER TABLE notifications ADD COLUMN subject_kind TEXT
	CHECK (subject_kind IN ('appeal', 'need', 'resource', 'project', 'activity', 'room'));
ALTER TABLE notifications ADD COLUMN subject_id BIGINT;
ALTER TABLE outbox ADD COLUMN subject_kind TEXT
	CHECK (subject_kind IN ('appeal', 'need', 'resource', 'project', 'activity', 'room'));
ALTER TABLE outbox ADD COLUMN subject_id BIGINT;

UPDATE notifications SET subject_kind = split_part(dedupe_key, ':', 1),
	subject_id = split_part(dedupe_key, ':', 2)::bigint
 WHERE dedupe_key ~ '^(appeal|need|project):[0-9]{1,18}:';
UPDATE outbox SET subject_kind = split_part(dedupe_key, ':', 1),
	subject_id = split_part(dedupe_key, ':', 2)::bigint
 WHERE dedupe_key ~ '^(appeal|need):[0-9]{1,18}:';
