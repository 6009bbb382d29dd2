// Issue 11, defects 8 and 9 and the outbox hazard:
// - supervisors (and accounts with no role) change nothing: every state-changing route
//   refuses them with 403 before its handler runs, except what is their own (logout, their
//   tokens, their notifications, their own account);
// - the enterprise's liaison sees an appeal as its submitter does: no internal notes, no
//   staff names, no assisting units or internal deadlines, no staff tools;
// - a notice is marked sent only once the sink confirmed it; when writing fails the
//   notices stay pending and a later round delivers them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, errorOf, loginSession, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import {
  advanceClock,
  appealServer,
  driveTo,
  events,
  getAppeal,
  idsOf,
  ok,
  outbox,
  step,
  submit,
  tick,
} from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let ctx;
before(async () => {
  ctx = await appealServer();
});
after(async () => {
  await ctx?.stop();
});

const count = (table, where = '1=1') => Number(sqlQuery(ctx, `SELECT COUNT(*) FROM ${table} WHERE ${where}`));

describe('supervisors change nothing (defect 8)', () => {
  test('an upload by a supervisor is 403 and stores nothing', T, async () => {
    const sup = await ctx.as('supervisor');
    const before = count('attachments');
    const res = await sup.post('/api/v1/attachments', PNG, { raw: true, headers: { 'Content-Type': 'image/png' } });
    assert.equal(res.status, 403, res.text);
    assert.equal(errorOf(res).code, 'forbidden');
    assert.equal(count('attachments'), before, 'no upload was stored');
    // The public and the other staff still upload.
    const disp = await ctx.as('dispatcher');
    const ok201 = await disp.post('/api/v1/attachments', PNG, { raw: true, headers: { 'Content-Type': 'image/png' } });
    assert.equal(ok201.status, 201, ok201.text);
  });

  test('a supervisor is refused on writes of every kind, before the body is even read', T, async () => {
    const sup = await ctx.as('supervisor');
    const a = await submit(ctx);
    const calls = [
      ['POST', '/api/v1/appeals', { category: 'other' }],
      ['POST', `/api/v1/appeals/${a.id}/events`, { type: 'note', note: '督办备注' }],
      ['POST', '/api/v1/needs', {}],
      ['POST', '/api/v1/orgs', {}],
      ['POST', '/api/v1/reply-templates', { title: 'x', body: 'y' }],
      ['PUT', '/api/v1/calendar/2026-10-10', { kind: 'holiday', name: 'x' }],
      ['DELETE', '/api/v1/calendar/2026-10-01', undefined],
      ['PATCH', '/api/v1/orgs/1', { name: 'x' }],
    ];
    const before = sqlQuery(ctx, 'SELECT COUNT(*), MAX(id) FROM appeal_events');
    for (const [method, p, body] of calls) {
      const res = await api(ctx.url, method, p, { body, cookie: sup.cookie, csrf: sup.csrf });
      assert.equal(res.status, 403, `${method} ${p}: ${res.text}`);
    }
    assert.equal(sqlQuery(ctx, 'SELECT COUNT(*), MAX(id) FROM appeal_events'), before);
  });

  test('what is their own stays open: tokens, notifications, their account, logout', T, async () => {
    const sup = await ctx.as('supervisor');
    const tok = await sup.post('/api/v1/tokens', { name: '只读集成' });
    assert.equal(tok.status, 201, tok.text);
    // The token is as read-only as its owner.
    const viaToken = await fetch(`${ctx.url}/api/v1/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tok.json.token}`, 'Content-Type': 'image/png' },
      body: PNG,
    });
    assert.equal(viaToken.status, 403);
    assert.equal((await sup.del(`/api/v1/tokens/${tok.json.id}`)).status, 204);
    const me = (await sup.get('/api/v1/me')).json;
    const renamed = await sup.patch(`/api/v1/users/${me.id}`, { display_name: '纪委监督员（值班）' });
    assert.equal(renamed.status, 200, renamed.text);
    // Another user's account is not theirs.
    const admin = (await (await ctx.as('admin')).get('/api/v1/me')).json;
    assert.equal((await sup.patch(`/api/v1/users/${admin.id}`, { display_name: 'x' })).status, 404);
    // Notifications: escalations reach supervisors; marking one read is theirs to do.
    const n = Number(sqlQuery(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ${me.id}`));
    if (n > 0) {
      const id = sqlQuery(ctx, `SELECT MIN(id) FROM notifications WHERE user_id = ${me.id}`);
      assert.equal((await sup.post(`/api/v1/notifications/${id}/read`)).status, 204);
    }
  });

  test('an account with no role at all is read-only too', T, async () => {
    const admin = await ctx.as('admin');
    const u = await admin.post('/api/v1/users', { username: 'norole.user', display_name: '无角色', password: 'staff-pass-123' });
    assert.equal(u.status, 201, u.text);
    const s = await loginSession(ctx.url, 'norole.user', 'staff-pass-123');
    const res = await s.post('/api/v1/attachments', PNG, { raw: true, headers: { 'Content-Type': 'image/png' } });
    assert.equal(res.status, 403, res.text);
    assert.equal((await s.post('/api/v1/tokens', { name: 'mine' })).status, 201);
    assert.equal((await s.post('/api/v1/auth/logout')).status, 204);
  });
});

describe('the liaison sees what the submitter sees (defect 9)', () => {
  let a;
  const NOTE = '机密内部备注：企业负责人态度强硬';
  before(async () => {
    const liaison = await ctx.as('liaison');
    const res = await liaison.post('/api/v1/appeals', {
      category: 'other',
      title: '企业用工补贴申请进度咨询',
      description: '想了解企业用工补贴申请的办理进度和所需材料。',
      channel: 'fast_lane',
      submitter: { type: 'enterprise', name: '王五', phone: '13700001111' },
      location: { community_id: ctx.orgs.xiexia.id },
    });
    assert.equal(res.status, 201, res.text);
    a = res.json;
    await driveTo(ctx, a, 'in_progress', { assist: ['econ'] });
    await ok(await ctx.as('xiexia.handler'), a.id, 'note', { note: NOTE });
    await ok(await ctx.as('dispatcher'), a.id, 'note', { note: '派单员：优先办理' });
    await ok(await ctx.as('xiexia.handler'), a.id, 'extend_request', { days: 3, reason: '需要协调经发局' });
  });

  const STAFF_NAMES = ['快车道办派单员', '斜下社区承办人', '经济发展局承办人'];

  test('the events hold no internal note and no staff name', T, async () => {
    const liaison = await ctx.as('liaison');
    const res = await liaison.get(`/api/v1/appeals/${a.id}/events`);
    assert.equal(res.status, 200, res.text);
    assert.ok(!res.text.includes(NOTE), 'the internal note is not shown');
    assert.ok(!res.text.includes('优先办理'));
    for (const name of STAFF_NAMES) assert.ok(!res.text.includes(name), `${name} is not named`);
    const types = res.json.items.map((e) => e.type);
    assert.deepEqual(types, ['submit', 'accept', 'dispatch', 'acknowledge']);
    for (const e of res.json.items) {
      assert.equal(e.public, true);
      assert.equal(e.actor_id, undefined);
      assert.equal(e.actor_name, undefined);
      assert.equal(e.data.assist_org_ids, undefined);
    }
    // Staff still see the whole chain.
    const all = await events(await ctx.as('dispatcher'), a.id);
    assert.ok(all.some((e) => e.type === 'note' && e.data.note === NOTE));
  });

  test('the appeal and the list hold no assisting unit, internal deadline or extension request', T, async () => {
    const liaison = await ctx.as('liaison');
    const got = await getAppeal(liaison, a.id);
    assert.equal(got.status, 'in_progress');
    assert.deepEqual(got.assist_org_ids, []);
    assert.equal(got.proposed_org_id, null);
    assert.equal(got.deadlines.acknowledge, null);
    assert.equal(got.deadlines.contact, null);
    assert.ok(got.deadlines.answer, 'the answer deadline, as the submitter sees it');
    assert.equal(got.extension_requested_days, null);
    assert.deepEqual(got.overdue, []);
    assert.deepEqual(got.actions, [], 'a liaison takes no staff step');
    const staffView = await getAppeal(await ctx.as('dispatcher'), a.id);
    assert.deepEqual(staffView.assist_org_ids, [ctx.orgs.econ.id]);
    assert.equal(staffView.extension_requested_days, 3);
    assert.ok(staffView.actions.includes('note'));
    // The enterprise's list.
    assert.ok((await idsOf(ctx, liaison)).includes(a.id));
    const list = await liaison.get('/api/v1/appeals?limit=200');
    const item = list.json.items.find((x) => x.id === a.id);
    assert.deepEqual(item.assist_org_ids, []);
    assert.ok(!list.text.includes(NOTE));
  });

  test('a liaison may not add internal notes nor read the reply templates', T, async () => {
    const liaison = await ctx.as('liaison');
    const n0 = (await events(await ctx.as('dispatcher'), a.id)).length;
    const res = await step(liaison, a.id, 'note', { note: '企业内部备注' });
    assert.equal(res.status, 403, res.text);
    assert.equal((await events(await ctx.as('dispatcher'), a.id)).length, n0, 'no event was written');
    assert.equal((await liaison.get(`/api/v1/appeals/${a.id}/reply-templates`)).status, 403);
    // A liaison still sees nothing of other enterprises' appeals.
    const other = await submit(ctx);
    assert.equal((await liaison.get(`/api/v1/appeals/${other.id}`)).status, 404);
    assert.equal((await liaison.get(`/api/v1/appeals/${other.id}/events`)).status, 404);
  });
});

describe('notices are marked sent only once the sink took them (outbox hazard)', () => {
  test('a failing sink leaves them pending; a later round delivers them', T, async () => {
    await tick(ctx.url); // deliver whatever is queued
    const sink = path.join(ctx.dataDir, 'outbox.jsonl');
    const a = await submit(ctx, { submitter: { phone: '13900005555', email: null } });
    await driveTo(ctx, a, 'dispatched');
    const mine = `dedupe_key LIKE 'appeal:${a.id}:%'`;
    const queued = count('outbox', `${mine} AND sent_at IS NULL`);
    assert.equal(queued, 3, 'submit, accept and dispatch each queued a notice');

    // The disk is full: opening the sink works, writing it does not.
    const saved = `${sink}.saved`;
    if (fs.existsSync(sink)) fs.renameSync(sink, saved);
    fs.symlinkSync('/dev/full', sink);
    try {
      const counts = await tick(ctx.url);
      assert.equal(counts.delivered, 0, JSON.stringify(counts));
      assert.equal(count('outbox', `${mine} AND sent_at IS NULL`), queued, 'none was marked sent');
      assert.equal(count('outbox', `${mine} AND attempts = 1 AND last_error IS NOT NULL`), queued);
    } finally {
      fs.unlinkSync(sink);
    }
    // A directory where the file should be fails at opening: also left pending.
    fs.mkdirSync(sink);
    try {
      await advanceClock(ctx.url, 600);
      assert.equal((await tick(ctx.url)).delivered, 0);
      assert.equal(count('outbox', `${mine} AND sent_at IS NULL`), queued);
    } finally {
      fs.rmdirSync(sink);
    }
    if (fs.existsSync(saved)) fs.renameSync(saved, sink);

    // Repaired: the next round after the retry time delivers each notice once.
    await advanceClock(ctx.url, 600);
    const counts = await tick(ctx.url);
    assert.ok(counts.delivered >= queued, JSON.stringify(counts));
    assert.equal(count('outbox', `${mine} AND sent_at IS NULL`), 0);
    const lines = outbox(ctx).filter((x) => x.body.includes(a.tracking_no));
    assert.equal(lines.length, queued, 'each notice is in the sink once');
  });
});
