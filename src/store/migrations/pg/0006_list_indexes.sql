-- 0006 list indexes, PostgreSQL 15: the twin of ../sqlite/0006_list_indexes.sql (the same
-- indexes; see there for why). A community's queue is read in order from its own index;
-- the status index carries both paths, so SQLite decides the scope filter on the index
-- entry; an appeal's attachments come from the index in their order, without a sort.
CREATE INDEX appeals_community ON appeals (status, community_id, id);
DROP INDEX appeals_status;
CREATE INDEX appeals_status ON appeals (status, id, place_path, lead_path);
DROP INDEX attachments_appeal;
CREATE INDEX attachments_appeal ON attachments (appeal_id, created_at, id);
