-- 0003 calendar, PostgreSQL 15: the same rows as ../sqlite/0003_calendar.sql (keep them equal;
-- the statements are plain INSERTs that both dialects take as they are).
-- 0003 calendar: mainland China's public holidays and make-up working days (调休上班)
-- for 2025 and 2026, as set by the State Council General Office's yearly notices
-- (国务院办公厅关于2025年/2026年部分节假日安排的通知, dated 2024-11-12 and 2025-11-04).
-- Generated once from the shared data file cn-calendar-2025-2026.csv (72 rows: 2025 has 33,
-- 2026 has 39), which was transcribed from the Xinhua text of each notice and checked
-- against the NateScarlet/holiday-cn and LKI/chinese-calendar datasets; see that file's
-- README for sources. Every day of each holiday block is listed (weekends inside a block
-- too); a `workday` is a Saturday or Sunday made a working day. Admins change the
-- calendar later with PUT/DELETE /api/v1/calendar/{day}; the next year's schedule is
-- added there when the State Council publishes it (usually in November).

-- 2025
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-01-01', 'holiday', '元旦');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-01-26', 'workday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-01-28', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-01-29', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-01-30', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-01-31', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-02-01', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-02-02', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-02-03', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-02-04', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-02-08', 'workday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-04-04', 'holiday', '清明节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-04-05', 'holiday', '清明节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-04-06', 'holiday', '清明节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-04-27', 'workday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-05-01', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-05-02', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-05-03', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-05-04', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-05-05', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-05-31', 'holiday', '端午节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-06-01', 'holiday', '端午节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-06-02', 'holiday', '端午节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-09-28', 'workday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-01', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-02', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-03', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-04', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-05', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-06', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-07', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-08', 'holiday', '国庆节、中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2025-10-11', 'workday', '国庆节、中秋节');

-- 2026
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-01-01', 'holiday', '元旦');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-01-02', 'holiday', '元旦');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-01-03', 'holiday', '元旦');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-01-04', 'workday', '元旦');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-14', 'workday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-15', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-16', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-17', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-18', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-19', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-20', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-21', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-22', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-23', 'holiday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-02-28', 'workday', '春节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-04-04', 'holiday', '清明节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-04-05', 'holiday', '清明节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-04-06', 'holiday', '清明节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-05-01', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-05-02', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-05-03', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-05-04', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-05-05', 'holiday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-05-09', 'workday', '劳动节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-06-19', 'holiday', '端午节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-06-20', 'holiday', '端午节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-06-21', 'holiday', '端午节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-09-20', 'workday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-09-25', 'holiday', '中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-09-26', 'holiday', '中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-09-27', 'holiday', '中秋节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-01', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-02', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-03', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-04', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-05', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-06', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-07', 'holiday', '国庆节');
INSERT INTO calendar_days (day, kind, name) VALUES ('2026-10-10', 'workday', '国庆节');
