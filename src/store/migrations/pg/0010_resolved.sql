-- 0010 resolved: the submitter's word on whether the problem was solved (问题是否解决),
-- asked with the rating and at the callback (回访). NULL: not asked (ratings given before
-- this migration keep their rating and an unknown `resolved`).
ALTER TABLE appeals ADD COLUMN resolved TEXT CHECK (resolved IN ('yes', 'partly', 'no'));
ALTER TABLE appeals ADD COLUMN callback_resolved TEXT
	CHECK (callback_resolved IN ('yes', 'partly', 'no'));
