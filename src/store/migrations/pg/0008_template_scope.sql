-- 0008 template scope, PostgreSQL 15: the twin of ../sqlite/0008_template_scope.sql (see
-- there for why). A reply template holds for the whole district (community_id NULL) or for
-- one community.
ALTER TABLE reply_templates ADD COLUMN community_id BIGINT REFERENCES orgs(id);
