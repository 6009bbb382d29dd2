// Helpers for the appeal suites (appeals, lifecycle_paths, deadlines, audit): a server with
// the test clock and a quiet background worker, the demo logins (each logged in once and
// reused), the demo organisations by role, and short calls for submitting, stepping,
// tracking and reading the outbox.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, listAll, loginSession, orgByName, startServer } from './server.mjs';

// The background worker would otherwise run on its own every 30 s and move appeals while a
// test looks at them; the tests run its rounds with POST /api/v1/test/tick instead.
// Sessions must survive clock jumps of days; submissions from 127.0.0.1 are many.
export const QUIET_CONF = [
  '[worker]',
  'interval_seconds = 86400',
  '[session]',
  'idle_minutes = 43200',
  'max_hours = 2160',
  '[intake]',
  'submissions_per_hour = 100000',
  '',
].join('\n');

// A Wednesday, 10:00 in Asia/Shanghai (02:00Z), in an ordinary week before the Mid-Autumn
// and National Day holidays of 2026.
export const BASE_TIME = '2026-09-16T02:00:00Z';

export const DEMO_USERS = [
  'admin',
  'dispatcher',
  'supervisor',
  'handler',
  'secretary',
  'xiexia.handler',
  'yuhu.handler',
  'liaison',
];

// Starts a demo server with the test clock set to `now` (before anyone logs in, so the
// sessions are not from the future) and returns a context: url, dataDir, server, orgs
// (district, econ, xiexia, yuhu, huihuan, eve, fastlane), and as(name) for a session.
export async function appealServer({ now = BASE_TIME, conf = QUIET_CONF, testClock = true } = {}) {
  const server = await startServer({ testClock, conf });
  try {
    return await appealContext(server, now, testClock);
  } catch (err) {
    // Nobody else holds the server yet: stop it, or it keeps the test process alive.
    await server.stop({ allowFailure: true }).catch(() => {});
    throw err;
  }
}

async function appealContext(server, now, testClock) {
  const url = server.url;
  if (testClock) await setClock(url, now);
  const names = {
    district: '仲恺高新区区级党建联盟',
    huihuan: '惠环街道党建联盟',
    chenjiang: '陈江街道党建联盟',
    econ: '仲恺高新区经济发展局',
    tech: '仲恺高新区科技创新局',
    xiexia: '斜下社区党建联盟',
    jiazi: '甲子社区党建联盟',
    yuhu: '御湖社区党建联盟',
    eve: '惠州亿纬锂能股份有限公司',
  };
  const orgs = {};
  for (const [k, name] of Object.entries(names)) orgs[k] = await orgByName(url, name);
  const sessions = new Map();
  const ctx = {
    server,
    url,
    dataDir: server.dataDir,
    orgs,
    // A logged-in session of a demo user, made once per server.
    async as(name) {
      if (!sessions.has(name)) sessions.set(name, loginSession(url, name));
      return sessions.get(name);
    },
    // A new staff member holding `role` at orgs[orgKey], logged in.
    async addStaff(username, role, orgKey) {
      const admin = await ctx.as('admin');
      const password = 'staff-pass-123';
      const u = await admin.post('/api/v1/users', { username, display_name: username, password });
      assert.equal(u.status, 201, `create ${username}: ${u.text}`);
      const g = await admin.post(`/api/v1/users/${u.json.id}/roles`, { role, org_id: orgs[orgKey].id });
      assert.equal(g.status, 201, `grant ${username}: ${g.text}`);
      const s = await loginSession(url, username, password);
      sessions.set(username, Promise.resolve(s));
      return s;
    },
    async stop(opts) {
      return server.stop(opts);
    },
  };
  return ctx;
}

export async function setClock(url, now) {
  const res = await api(url, 'POST', '/api/v1/test/clock', { body: { now } });
  assert.equal(res.status, 200, `set clock: ${res.text}`);
  return res.json.now;
}

export async function advanceClock(url, seconds) {
  const res = await api(url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: seconds } });
  assert.equal(res.status, 200, `advance clock: ${res.text}`);
  return res.json.now;
}

// One round of the background worker; its counts.
export async function tick(url) {
  const res = await api(url, 'POST', '/api/v1/test/tick', {});
  assert.equal(res.status, 200, `tick: ${res.text}`);
  return res.json;
}

let n = 0;
// A valid public submission body (category other: the demo dispatch catalogue has no rule
// for it, so it waits for the dispatcher); `over` replaces top-level fields (submitter and location
// are merged).
export function appealBody(ctx, over = {}) {
  n++;
  const { submitter, location, ...rest } = over;
  return {
    category: 'other',
    title: `社区活动场地咨询第${n}号`,
    description: `想了解社区党群服务中心活动室的开放时间和预约方式（第${n}号）。`,
    channel: 'web',
    urgency: 'normal',
    submitter: { type: 'resident', name: '张三', phone: '13812345678', email: 'zhangsan@example.com', ...submitter },
    location: { community_id: ctx.orgs.xiexia.id, address: '惠环街道斜下村一巷8号', ...location },
    publishable: true,
    ...rest,
  };
}

// Submits publicly (no login) unless `as` is a session; asserts 201 and returns the answer
// (id, tracking_no, access_token, status, ...).
export async function submit(ctx, over = {}, { as = null, headers = {} } = {}) {
  const body = appealBody(ctx, over);
  const res = as
    ? await as.post('/api/v1/appeals', body, { headers })
    : await api(ctx.url, 'POST', '/api/v1/appeals', { body, headers });
  assert.equal(res.status, 201, `submit: ${res.text}`);
  return { ...res.json, body };
}

// A staff step; returns the raw answer.
export function step(sess, id, type, fields = {}) {
  return sess.post(`/api/v1/appeals/${id}/events`, { type, ...fields });
}

// A staff step that must succeed; returns the appeal after it.
export async function ok(sess, id, type, fields = {}) {
  const res = await step(sess, id, type, fields);
  assert.equal(res.status, 200, `${type} on appeal ${id}: ${res.status} ${res.text}`);
  return res.json;
}

export async function getAppeal(sess, id) {
  const res = await sess.get(`/api/v1/appeals/${id}`);
  assert.equal(res.status, 200, `GET appeal ${id}: ${res.text}`);
  return res.json;
}

export async function events(sess, id) {
  const res = await sess.get(`/api/v1/appeals/${id}/events`);
  assert.equal(res.status, 200, `GET events of ${id}: ${res.text}`);
  return res.json.items;
}

// The submitter's side.
export function track(ctx, a, token = a.access_token) {
  return api(ctx.url, 'GET', `/api/v1/track/${a.tracking_no}`, { headers: { 'X-Access-Token': token } });
}

export function trackPost(ctx, a, body, token = a.access_token) {
  return api(ctx.url, 'POST', `/api/v1/track/${a.tracking_no}/events`, {
    body,
    headers: { 'X-Access-Token': token },
  });
}

export const REPLY = '经核实，已为贵企业对接人社部门并办理用工补贴申请，请留意短信通知。';

// Drives an appeal from submitted through the usual steps up to `until` (one of
// accepted, dispatched, in_progress, replied); lead defaults to the xiexia community,
// assisting units to none. Returns the appeal after the last step.
export async function driveTo(ctx, a, until, { lead = 'xiexia', assist = [], tier } = {}) {
  const disp = await ctx.as('dispatcher');
  const leadHandler = await ctx.as(handlerOf(lead));
  let cur = await ok(disp, a.id, 'accept', tier ? { tier } : {});
  if (until === 'accepted') return cur;
  cur = await ok(disp, a.id, 'dispatch', {
    lead_org_id: ctx.orgs[lead].id,
    assist_org_ids: assist.map((k) => ctx.orgs[k].id),
  });
  if (until === 'dispatched') return cur;
  cur = await ok(leadHandler, a.id, 'acknowledge');
  if (until === 'in_progress') return cur;
  cur = await ok(leadHandler, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
  if (until === 'replied') return cur;
  throw new Error(`driveTo: unknown state ${until}`);
}

// The demo handler of a unit.
export function handlerOf(key) {
  return { xiexia: 'xiexia.handler', yuhu: 'yuhu.handler', econ: 'handler' }[key];
}

// Every appeal the admin sees (the whole district).
export async function countAppeals(ctx) {
  const admin = await ctx.as('admin');
  return (await listAll(ctx.url, '/api/v1/appeals', { cookie: admin.cookie })).length;
}

// Ids of the appeals a session sees with the query string qs.
export async function idsOf(ctx, sess, qs = '') {
  const items = await listAll(ctx.url, `/api/v1/appeals${qs ? `?${qs}` : ''}`, { cookie: sess.cookie });
  return items.map((x) => x.id);
}

// The lines of DATA/outbox.jsonl, parsed.
export function outbox(ctx) {
  const p = path.join(ctx.dataDir, 'outbox.jsonl');
  if (!fs.existsSync(p)) return [];
  return fs
    .readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

// A session's notifications (first page, newest first) with the unread count.
export async function notifications(sess) {
  const res = await sess.get('/api/v1/notifications?limit=200');
  assert.equal(res.status, 200, `notifications: ${res.text}`);
  return res.json;
}

// ISO instant + seconds.
export function plus(iso, seconds) {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
