-- 0008 template scope: a reply template holds for the whole district (community_id NULL,
-- as every template made before) or for one community. A district-wide template is written
-- by a dispatcher or admin at the root of the tree; one limited to a community by a
-- dispatcher or admin at or above that community (api/catalog.c). An appeal is offered the
-- district-wide templates and those of its own community.
ALTER TABLE reply_templates ADD COLUMN community_id INTEGER REFERENCES orgs(id);
