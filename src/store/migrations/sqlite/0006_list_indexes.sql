-- 0006 list indexes: indexes that answer the staff lists without extra work per row
-- (bench/RESULTS.md).
-- A community's queue (status and community, newest first) is read in order from its own
-- index: at 1,000,000 appeals it walked the status's appeals, some 400 to keep 50.
CREATE INDEX appeals_community ON appeals (status, community_id, id);
-- Other staff lists by status walk appeals_status backwards and keep the appeals of the
-- caller's scope: with both paths in the index the place and lead unit are decided on the
-- index entry, and only the kept rows are read from the table.
DROP INDEX appeals_status;
CREATE INDEX appeals_status ON appeals (status, id, place_path, lead_path);
-- An appeal's attachments in their order: read from the index, no sort (each staff view,
-- fifty to a page, sorted its attachments in a temporary b-tree, even when there were none).
DROP INDEX attachments_appeal;
CREATE INDEX attachments_appeal ON attachments (appeal_id, created_at, id);
