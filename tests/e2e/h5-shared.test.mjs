// The shared front-end helpers that run without a browser: times for people in
// Asia/Shanghai whatever the machine's zone, and the query strings of the API client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayStartUtc, formatDate, formatDateTime, formatDuration, formatTime, shanghaiDay } from '../../web/shared/time.js';
import { buildQuery, ApiError } from '../../web/shared/api.js';

test('times are shown in Asia/Shanghai', () => {
  assert.equal(formatDateTime('2026-09-16T02:00:00Z'), '2026-09-16 10:00');
  assert.equal(formatDateTime('2026-09-16T02:00:09Z', { seconds: true }), '2026-09-16 10:00:09');
  // 16:30Z is past midnight in Shanghai: the next day.
  assert.equal(formatDate('2026-09-16T16:30:00Z'), '2026-09-17');
  assert.equal(formatTime('2026-09-16T16:30:00Z'), '00:30');
  assert.equal(shanghaiDay(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
  assert.equal(dayStartUtc('2026-09-16'), '2026-09-15T16:00:00Z');
  assert.equal(dayStartUtc('16/09/2026'), null);
  assert.equal(formatDateTime(null), '');
  assert.equal(formatDateTime('not a time'), '');
});

test('durations read as their two largest units', () => {
  assert.equal(formatDuration(2 * 86400 + 3 * 3600 + 120), '2天3小时');
  assert.equal(formatDuration(-(5 * 3600 + 30 * 60)), '5小时30分钟');
  assert.equal(formatDuration(2 * 86400 + 60), '2天');
  assert.equal(formatDuration(45 * 60, 'en'), '45 min');
  assert.equal(formatDuration(26 * 3600, 'en'), '1 d 2 h');
  assert.equal(formatDuration(20), '不到1分钟');
});

test('query strings leave out empty values', () => {
  assert.equal(buildQuery({ status: 'replied', q: '', after: null, limit: 50, x: undefined }), '?status=replied&limit=50');
  assert.equal(buildQuery({ q: '路灯 坏了' }), '?q=%E8%B7%AF%E7%81%AF+%E5%9D%8F%E4%BA%86');
  assert.equal(buildQuery({}), '');
  const e = new ApiError(400, 'invalid', 'title is required', 'title');
  assert.equal(e.field, 'title');
  assert.equal(e.status, 400);
});
