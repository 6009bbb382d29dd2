// Appeals through HTTP: intake and its bad input (nothing is written by a refused request),
// idempotent retries and the submission rate limit; who sees and may do what (scope, roles,
// states, concurrent changes); masking and audited reveals; the submitter's tracking view;
// search, filters and paging of the staff list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, errorOf, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';
import {
  appealBody,
  appealServer,
  BASE_TIME,
  countAppeals,
  driveTo,
  events,
  getAppeal,
  idsOf,
  ok,
  REPLY,
  setClock,
  step,
  submit,
  track,
  trackPost,
} from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;

before(async () => {
  ctx = await appealServer();
});
after(async () => {
  await ctx?.stop();
});

function post(body, opts = {}) {
  return api(ctx.url, 'POST', '/api/v1/appeals', { body, ...opts });
}

describe('intake', () => {
  test('a public submission answers 201 with what the submitter needs, and routes by the catalogue', T, async () => {
    const body = appealBody(ctx, { category: 'traffic' });
    const res = await post(body);
    assert.equal(res.status, 201, res.text);
    const j = res.json;
    assert.equal(typeof j.id, 'number');
    assert.match(j.tracking_no, /^HY20260916-\d{4,}$/, 'the tracking number carries the day in Shanghai');
    assert.equal(typeof j.access_token, 'string');
    assert.equal(j.status, 'submitted');
    assert.equal(j.proposed_org_id, ctx.orgs.district.id, 'unclear cases fall back to the district (兜底)');
    const a = await getAppeal(await ctx.as('dispatcher'), j.id);
    assert.equal(a.channel, 'web');
    assert.equal(a.category, 'traffic');
    assert.equal(a.tier, 'general');
    assert.equal(a.location.community_id, ctx.orgs.xiexia.id);
    assert.ok(a.deadlines.accept, 'the accept deadline runs from submission');
    assert.ok(a.actions.includes('accept') && a.actions.includes('decline'));
    // The access token is shown once: never in a staff view.
    assert.ok(!JSON.stringify(a).includes(j.access_token));
    // The dispatchers hear of a new appeal.
    const dn = await (await ctx.as('dispatcher')).get('/api/v1/notifications?limit=20');
    const note = dn.json.items.find((x) => x.appeal_id === j.id);
    assert.ok(note, 'the dispatcher is told of the new appeal');
    assert.equal(note.kind, 'new_appeal');
    assert.ok(note.message.includes(j.tracking_no));

    // A clear case in the dispatch catalogue (property → the appeal's community) goes to
    // its unit at once; a proposal only (policy → 经发局) waits for the dispatcher.
    const auto = await submit(ctx, { category: 'property' });
    const routed = await getAppeal(await ctx.as('xiexia.handler'), auto.id);
    assert.equal(routed.status, 'dispatched');
    assert.equal(routed.lead_org_id, ctx.orgs.xiexia.id);
    assert.deepEqual((await events(await ctx.as('dispatcher'), auto.id)).map((e) => [e.type, e.actor]), [
      ['submit', 'submitter'],
      ['accept', 'system'],
      ['dispatch', 'system'],
    ]);
    const proposed = await submit(ctx, { category: 'policy' });
    assert.equal(proposed.status, 'submitted');
    assert.equal(proposed.proposed_org_id, ctx.orgs.econ.id);
  });

  test('bad input is refused with the field named, and nothing is written', T, async () => {
    const before = await countAppeals(ctx);
    const cases = [
      [{ category: 'no_such_category' }, 404, 'category'],
      [{ location: { community_id: 999999 } }, 404, 'location.community_id'],
      [{ location: { community_id: ctx.orgs.econ.id } }, 404, 'location.community_id'], // a department, not a community
      [{ title: '灯' }, 400, 'title'],
      [{ title: '长'.repeat(101) }, 400, 'title'],
      [{ description: '太短了' }, 400, 'description'],
      [{ description: '长'.repeat(5001) }, 400, 'description'],
      [{ colour: 'red' }, 400, 'colour'],
      [{ submitter: { nickname: '小张' } }, 400, 'submitter.nickname'],
      [{ submitter: { phone: '138-abc-5678' } }, 400, 'submitter.phone'],
      [{ submitter: { phone: '12' } }, 400, 'submitter.phone'],
      [{ submitter: { email: 'not-an-email' } }, 400, 'submitter.email'],
      [{ submitter: { email: 'a@b' } }, 400, 'submitter.email'],
      [{ submitter: { type: 'alien' } }, 400, 'submitter.type'],
      [{ channel: 'hotline' }, 400, 'channel'], // the public does not record hotline calls
      [{ channel: 'fast_lane' }, 400, 'channel'],
      [{ channel: 'carrier_pigeon' }, 400, 'channel'],
      [{ urgency: 'very' }, 400, 'urgency'],
      [{ category: undefined }, 400, 'category'],
      [{ location: { lat: 23.1 } }, 400, 'location.lng'],
    ];
    for (const [over, status, field] of cases) {
      const body = appealBody(ctx, over);
      for (const [k, v] of Object.entries(over)) if (v === undefined) delete body[k];
      const res = await post(body);
      assert.equal(res.status, status, `${JSON.stringify(over).slice(0, 80)}: ${res.text}`);
      assert.equal(errorOf(res).field, field, JSON.stringify(over).slice(0, 80));
    }
    let res = await post('not json', { headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 400);
    res = await post([1, 2]);
    assert.equal(res.status, 400);
    // A supervisor changes nothing, not even by recording a call.
    const sup = await ctx.as('supervisor');
    res = await sup.post('/api/v1/appeals', appealBody(ctx, { channel: 'hotline' }));
    assert.equal(res.status, 403);
    assert.equal(await countAppeals(ctx), before, 'no appeal was created by any refused request');
  });

  test('staff record a hotline call; the submit event names them', T, async () => {
    const disp = await ctx.as('dispatcher');
    const res = await disp.post('/api/v1/appeals', appealBody(ctx, { channel: 'hotline' }));
    assert.equal(res.status, 201, res.text);
    const a = await getAppeal(disp, res.json.id);
    assert.equal(a.channel, 'hotline');
    const [first] = await events(disp, a.id);
    assert.equal(first.type, 'submit');
    assert.equal(first.actor, 'staff');
    assert.equal(first.actor_name, '快车道办派单员');
    assert.equal(first.data.channel, 'hotline');
    // The caller can follow it with the token read out to them.
    assert.equal((await track(ctx, res.json)).status, 200);
  });

  test('a liaison files a fast-lane appeal for the enterprise and follows it', T, async () => {
    const liaison = await ctx.as('liaison');
    const res = await liaison.post(
      '/api/v1/appeals',
      appealBody(ctx, { channel: 'fast_lane', submitter: { type: 'enterprise' }, location: { community_id: ctx.orgs.yuhu.id } }),
    );
    assert.equal(res.status, 201, res.text);
    const a = await getAppeal(liaison, res.json.id);
    assert.equal(a.submitter.org_id, ctx.orgs.eve.id);
    assert.ok((await idsOf(ctx, liaison)).includes(a.id));
    assert.deepEqual(a.actions.filter((x) => x !== 'note'), [], 'a liaison follows but does not handle');
  });

  test('the same Idempotency-Key returns the first answer; another body under it is 409', T, async () => {
    const before = await countAppeals(ctx);
    const key = uniq('idem');
    const body = appealBody(ctx);
    const first = await post(body, { headers: { 'Idempotency-Key': key } });
    assert.equal(first.status, 201, first.text);
    const again = await post(body, { headers: { 'Idempotency-Key': key } });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.id, first.json.id);
    assert.equal(again.json.tracking_no, first.json.tracking_no);
    assert.equal(again.json.access_token, first.json.access_token, 'the token too, so a lost answer is not lost');
    assert.equal(await countAppeals(ctx), before + 1, 'only one appeal was created');
    assert.equal((await track(ctx, again.json)).status, 200);

    const other = await post({ ...body, title: '换了一个标题的诉求' }, { headers: { 'Idempotency-Key': key } });
    assert.equal(other.status, 409);
    assert.equal(errorOf(other).code, 'idempotency_conflict');
    assert.equal(await countAppeals(ctx), before + 1);
    // Concurrent retries make one appeal too.
    const key2 = uniq('idem');
    const body2 = appealBody(ctx);
    const both = await Promise.all([1, 2, 3].map(() => post(body2, { headers: { 'Idempotency-Key': key2 } })));
    for (const r of both) assert.equal(r.status, 201, r.text);
    assert.equal(new Set(both.map((r) => r.json.tracking_no)).size, 1);
    assert.equal(await countAppeals(ctx), before + 2);
  });
});

describe('the submission rate limit', () => {
  let lim;
  before(async () => {
    lim = await appealServer({
      conf: '[worker]\ninterval_seconds = 86400\n[intake]\nsubmissions_per_hour = 3\n',
    });
  });
  after(async () => {
    await lim?.stop();
  });

  test('beyond submissions_per_hour an address gets 429 with Retry-After; staff are not limited', T, async () => {
    const before = await countAppeals(lim);
    for (let i = 0; i < 3; i++) {
      const res = await api(lim.url, 'POST', '/api/v1/appeals', { body: appealBody(lim) });
      assert.equal(res.status, 201, res.text);
    }
    const res = await api(lim.url, 'POST', '/api/v1/appeals', { body: appealBody(lim) });
    assert.equal(res.status, 429);
    assert.equal(errorOf(res).code, 'too_many_submissions');
    const retry = Number(res.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 3600, `Retry-After ${res.headers.get('retry-after')}`);
    assert.equal(await countAppeals(lim), before + 3, 'the refused one was not written');
    // A dispatcher recording calls is not the public.
    const disp = await lim.as('dispatcher');
    const staff = await disp.post('/api/v1/appeals', appealBody(lim, { channel: 'hotline' }));
    assert.equal(staff.status, 201, staff.text);
    // An hour later the address may submit again.
    await setClock(lim.url, new Date(Date.parse(BASE_TIME) + 3700 * 1000).toISOString());
    const later = await api(lim.url, 'POST', '/api/v1/appeals', { body: appealBody(lim) });
    assert.equal(later.status, 201, later.text);
  });
});

describe('who may see and do what', () => {
  let a; // in 斜下, lead 斜下 with 经发局 assisting, dispatched
  before(async () => {
    a = await submit(ctx);
    await driveTo(ctx, a, 'dispatched', { assist: ['econ'] });
  });

  test('lead and assisting units see the case in their queues; another community does not see it at all', T, async () => {
    const lead = await ctx.as('xiexia.handler');
    const assist = await ctx.as('handler');
    const other = await ctx.as('yuhu.handler');
    assert.ok((await idsOf(ctx, lead)).includes(a.id));
    assert.ok((await idsOf(ctx, assist)).includes(a.id));
    assert.ok((await idsOf(ctx, assist, `org_id=${ctx.orgs.econ.id}`)).includes(a.id), 'org_id filter: assisting counts');
    assert.ok(!(await idsOf(ctx, other)).includes(a.id));
    for (const p of [`/api/v1/appeals/${a.id}`, `/api/v1/appeals/${a.id}/events`, `/api/v1/appeals/${a.id}/similar`]) {
      const res = await other.get(p);
      assert.equal(res.status, 404, p);
      assert.equal(errorOf(res).code, 'not_found');
    }
    for (const [type, fields] of [['acknowledge', {}], ['note', { note: '看看' }], ['progress', { note: '进展' }]]) {
      const res = await step(other, a.id, type, fields);
      assert.equal(res.status, 404, `${type} out of scope`);
    }
    assert.equal((await other.get(`/api/v1/appeals/${a.id}?reveal=contact`)).status, 404);
    // An unknown appeal is the same 404.
    assert.equal((await lead.get('/api/v1/appeals/99999999')).status, 404);
    assert.equal((await step(lead, 99999999, 'note', { note: 'x' })).status, 404);
  });

  test('the supervisor reads everything in scope but every step is 403', T, async () => {
    const sup = await ctx.as('supervisor');
    assert.ok((await idsOf(ctx, sup)).includes(a.id));
    const view = await getAppeal(sup, a.id);
    assert.deepEqual(view.actions, []);
    assert.equal((await sup.get(`/api/v1/appeals/${a.id}/events`)).status, 200);
    const before = view.version;
    for (const [type, fields] of [
      ['note', { note: '监督备注' }],
      ['supervise', { note: '督办' }],
      ['dispatch', { lead_org_id: ctx.orgs.yuhu.id }],
      ['acknowledge', {}],
      ['decline', { reply: '监督员不能拒绝受理任何诉求的。' }],
      ['accept', {}],
    ]) {
      const res = await step(sup, a.id, type, fields);
      assert.equal(res.status, 403, `${type}: ${res.text}`);
      assert.equal(errorOf(res).code, 'forbidden');
    }
    assert.equal((await getAppeal(sup, a.id)).version, before, 'nothing changed');
  });

  test('a step of the wrong role is 403; a step not allowed in the state is 409 wrong_state', T, async () => {
    const lead = await ctx.as('xiexia.handler');
    const disp = await ctx.as('dispatcher');
    const fresh = await submit(ctx);
    let res = await step(lead, fresh.id, 'accept');
    assert.equal(res.status, 403, 'a handler does not accept');
    res = await step(await ctx.as('secretary'), fresh.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id });
    assert.equal(res.status, 403);
    res = await step(disp, fresh.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'wrong_state');
    res = await step(lead, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    assert.equal(res.status, 409, 'reply before acknowledge');
    assert.equal(errorOf(res).code, 'wrong_state');
    res = await step(disp, a.id, 'accept');
    assert.equal(res.status, 409);
    res = await step(disp, a.id, 'fly_away');
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'type');
    res = await step(disp, a.id, 'dispatch', { lead_org_id: 99999999 });
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).field, 'lead_org_id');
    res = await step(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id, assist_org_ids: [ctx.orgs.xiexia.id] });
    assert.equal(res.status, 400);
    res = await step(disp, a.id, 'note', { note: 'x', colour: 'red' });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'colour');
  });

  test('a stale version is 409; two concurrent steps with the same version: exactly one wins', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const cur = await getAppeal(lead, a.id);
    let res = await step(lead, a.id, 'note', { note: '旧版本', version: cur.version - 1 });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'stale');
    const n0 = (await events(lead, a.id)).length;

    for (let round = 0; round < 3; round++) {
      const v = (await getAppeal(lead, a.id)).version;
      const results = await Promise.all([
        step(lead, a.id, 'note', { note: `甲${round}`, version: v }),
        step(disp, a.id, 'note', { note: `乙${round}`, version: v }),
      ]);
      const codes = results.map((r) => r.status).sort();
      assert.deepEqual(codes, [200, 409], results.map((r) => r.text).join('\n'));
      assert.equal(errorOf(results.find((r) => r.status === 409)).code, 'stale');
    }
    assert.equal((await events(lead, a.id)).length, n0 + 3, 'one event per round');

    // Without versions, two acknowledgements race: the state decides.
    const b = await submit(ctx);
    await driveTo(ctx, b, 'dispatched');
    const acks = await Promise.all([step(lead, b.id, 'acknowledge'), step(lead, b.id, 'acknowledge')]);
    assert.deepEqual(acks.map((r) => r.status).sort(), [200, 409]);
    assert.equal((await events(lead, b.id)).filter((e) => e.type === 'acknowledge').length, 1);
  });
});

describe('a dispatcher of one subdistrict', () => {
  test('works inside the subdistrict only: queue, steps, and merging never reaches outside', T, async () => {
    const cj = await ctx.addStaff(uniq('cj.disp'), 'dispatcher', 'chenjiang');
    const inside = await submit(ctx, { location: { community_id: ctx.orgs.yuhu.id } });
    const dup = await submit(ctx, { location: { community_id: ctx.orgs.yuhu.id } });
    const outside = await submit(ctx); // 斜下, under 惠环街道
    const mine = await idsOf(ctx, cj);
    assert.ok(mine.includes(inside.id) && !mine.includes(outside.id));
    assert.equal((await cj.get(`/api/v1/appeals/${outside.id}`)).status, 404);
    assert.equal((await step(cj, outside.id, 'accept')).status, 404);

    // Merging into an appeal the dispatcher cannot see answers like an unknown one and
    // changes nothing.
    let res = await step(cj, dup.id, 'merge', { into_id: outside.id });
    assert.equal(res.status, 404, res.text);
    assert.equal(errorOf(res).field, 'into_id');
    assert.equal((await getAppeal(cj, dup.id)).status, 'submitted');
    assert.ok(!(await events(await ctx.as('admin'), outside.id)).some((e) => e.type !== 'submit'));
    // Inside its scope it merges.
    const merged = await ok(cj, dup.id, 'merge', { into_id: inside.id });
    assert.equal(merged.closed_as, 'merged');

    await ok(cj, inside.id, 'accept');
    await ok(cj, inside.id, 'dispatch', { lead_org_id: ctx.orgs.yuhu.id });
    assert.equal((await getAppeal(await ctx.as('yuhu.handler'), inside.id)).status, 'dispatched');
    // It is above the community: it may supervise there.
    await ok(cj, inside.id, 'supervise', { note: '街道督办' });
  });
});

describe('personal data', () => {
  let a;
  before(async () => {
    a = await submit(ctx, {
      submitter: { name: '张三', phone: '13812345678', email: 'zhangsan@example.com', org_id: ctx.orgs.eve.id },
    });
    await driveTo(ctx, a, 'dispatched', { assist: ['econ'] });
  });

  test('the staff view masks name, phone and email for every role, in lists too', T, async () => {
    for (const who of ['admin', 'dispatcher', 'supervisor', 'xiexia.handler', 'handler', 'secretary', 'liaison']) {
      const s = await ctx.as(who);
      const res = await s.get(`/api/v1/appeals/${a.id}`);
      assert.equal(res.status, 200, `${who}: ${res.text}`);
      const sub = res.json.submitter;
      assert.equal(sub.name, '张*', who);
      assert.equal(sub.phone, '138****5678', who);
      assert.notEqual(sub.email, 'zhangsan@example.com', who);
      assert.ok(!res.text.includes('13812345678') && !res.text.includes('张三') && !res.text.includes('zhangsan@'), who);
      const list = await s.get(`/api/v1/appeals?limit=200&q=${encodeURIComponent('活动场地')}`);
      assert.ok(!list.text.includes('13812345678') && !list.text.includes('张三'), `${who} list`);
    }
  });

  test('?reveal=contact unmasks for the dispatcher and the lead handler, and each reveal is audited', T, async () => {
    const n0 = (await events(await ctx.as('dispatcher'), a.id)).filter((e) => e.type === 'reveal').length;
    for (const who of ['dispatcher', 'xiexia.handler']) {
      const s = await ctx.as(who);
      const res = await s.get(`/api/v1/appeals/${a.id}?reveal=contact`);
      assert.equal(res.status, 200, `${who}: ${res.text}`);
      assert.equal(res.json.submitter.name, '张三');
      assert.equal(res.json.submitter.phone, '13812345678');
      assert.equal(res.json.submitter.email, 'zhangsan@example.com');
    }
    const evs = await events(await ctx.as('supervisor'), a.id);
    const reveals = evs.filter((e) => e.type === 'reveal');
    assert.equal(reveals.length, n0 + 2);
    assert.deepEqual(reveals.slice(-2).map((e) => e.actor_name), ['快车道办派单员', '斜下社区承办人']);
    for (const e of reveals) assert.equal(e.public, false);
    // Internal: the submitter's timeline does not show it.
    const t = await track(ctx, a);
    assert.ok(!t.json.timeline.some((e) => e.type === 'reveal'));
    // A bad value is 400.
    assert.equal((await (await ctx.as('dispatcher')).get(`/api/v1/appeals/${a.id}?reveal=all`)).status, 400);
  });

  test('an assisting handler, the supervisor, the secretary and the admin may not reveal', T, async () => {
    const count = async () => (await events(await ctx.as('dispatcher'), a.id)).filter((e) => e.type === 'reveal').length;
    const n0 = await count();
    for (const who of ['handler', 'supervisor', 'secretary', 'liaison']) {
      const res = await (await ctx.as(who)).get(`/api/v1/appeals/${a.id}?reveal=contact`);
      assert.equal(res.status, 403, `${who}: ${res.text}`);
      assert.ok(!res.text.includes('13812345678'));
    }
    assert.equal(await count(), n0, 'a refused reveal leaves no event');
  });
});

describe('the submitter\'s tracking view', () => {
  test('timeline in plain words; no internal notes; no staff-only fields', T, async () => {
    const lead = await ctx.as('xiexia.handler');
    const disp = await ctx.as('dispatcher');
    const a = await submit(ctx, { submitter: { name: '李四', phone: '13900002222' } });
    await driveTo(ctx, a, 'in_progress', { assist: ['econ'] });
    await ok(lead, a.id, 'note', { note: '机密内部备注不可外泄' });
    await ok(disp, a.id, 'supervise', { note: '督办意见内部可见' });
    await ok(lead, a.id, 'extend_request', { days: 2, reason: '延期理由仅内部可见' });
    await ok(lead, a.id, 'progress', { note: '已安排工人明天上门维修。' });
    await (await ctx.as('dispatcher')).get(`/api/v1/appeals/${a.id}?reveal=contact`);

    const res = await track(ctx, a);
    assert.equal(res.status, 200, res.text);
    const t = res.json;
    assert.equal(t.tracking_no, a.tracking_no);
    assert.equal(t.status, 'in_progress');
    assert.deepEqual(t.timeline.map((e) => e.type), ['submit', 'accept', 'dispatch', 'acknowledge', 'progress']);
    for (const e of t.timeline) {
      assert.ok(typeof e.text === 'string' && /[\u4e00-\u9fff]/.test(e.text), `plain words for ${e.type}`);
      assert.ok(!('actor_id' in e) && !('actor_name' in e), 'no staff names');
    }
    assert.equal(t.timeline.at(-1).data.note, '已安排工人明天上门维修。', 'progress is for the submitter');
    for (const secret of ['机密内部备注不可外泄', '督办意见内部可见', '延期理由仅内部可见', '斜下社区承办人', '快车道办派单员'])
      assert.ok(!res.text.includes(secret), `the tracking view does not show ${secret}`);
    for (const field of ['submitter', 'version', 'actions', 'lead_org_id', 'assist_org_ids', 'overdue', 'access_token', 'id'])
      assert.ok(!(field in t), `no ${field}`);
    assert.ok(!t.timeline.some((e) => 'lead_org_id' in e.data || 'assist_org_ids' in e.data));
    assert.ok(!res.text.includes('13900002222') && !res.text.includes('李四'));
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  });

  test('wrong or missing token 404 like an unknown number, with the same body (also for rating); rate before the answer 409', T, async () => {
    const a = await submit(ctx);
    const b = await submit(ctx);
    let res = await track(ctx, a, b.access_token);
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).code, 'not_found');
    assert.ok(!res.text.includes(a.body.title));
    const body = res.text;
    res = await api(ctx.url, 'GET', `/api/v1/track/${a.tracking_no}`);
    assert.equal(res.status, 404);
    assert.equal(res.text, body);
    res = await track(ctx, { tracking_no: 'HY20260916-9999', access_token: a.access_token });
    assert.equal(res.status, 404);
    assert.equal(res.text, body, 'an unknown number reads the same as a wrong token');
    res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes' }, b.access_token);
    assert.equal(res.status, 404);
    res = await trackPost(ctx, a, { type: 'add_info', text: '冒充补充' }, 'x'.repeat(43));
    assert.equal(res.status, 404);
    res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes' });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'wrong_state');
    res = await trackPost(ctx, a, { type: 'cancel' });
    assert.equal(res.status, 400);
    // Nothing was added by any of these.
    assert.deepEqual((await events(await ctx.as('dispatcher'), a.id)).map((e) => e.type), ['submit']);
    // The token of a staff session is not an access token either.
    const disp = await ctx.as('dispatcher');
    res = await api(ctx.url, 'GET', `/api/v1/track/${a.tracking_no}`, { cookie: disp.cookie });
    assert.equal(res.status, 404);
  });

  test('add_info on an open appeal is recorded for the staff and the submitter', T, async () => {
    const a = await submit(ctx);
    const res = await trackPost(ctx, a, { type: 'add_info', text: '补充：问题出现在每天晚上八点以后。' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'submitted');
    assert.equal(res.json.timeline.at(-1).type, 'add_info');
    const ev = (await events(await ctx.as('dispatcher'), a.id)).at(-1);
    assert.equal(ev.type, 'add_info');
    assert.equal(ev.actor, 'submitter');
    assert.equal(ev.data.text, '补充：问题出现在每天晚上八点以后。');
  });
});

describe('search, filters and paging', () => {
  const made = {};
  before(async () => {
    await setClock(ctx.url, '2026-09-10T02:00:00Z');
    made.lamp = await submit(ctx, { category: 'traffic', title: '斜下村路灯不亮', description: '斜下村主路的路灯不亮已经一周了。' });
    made.workers = await submit(ctx, { category: 'other', title: '工厂缺少熟练工人', description: '希望社区帮忙对接招聘渠道。' });
    made.latin = await submit(ctx, { category: 'other', title: 'Elevator 故障', description: 'The elevator in building 3 stops often.' });
    await setClock(ctx.url, '2026-09-11T02:00:00Z');
    made.yuhuLamp = await submit(ctx, {
      category: 'traffic',
      title: '御湖小区路灯坏了',
      description: '御湖小区东门的路灯坏了。',
      location: { community_id: ctx.orgs.yuhu.id },
    });
    made.other = await submit(ctx, { category: 'education', title: '学位申请咨询', description: '孩子明年上小学，想了解学位申请。' });
    await setClock(ctx.url, BASE_TIME);
  });

  const q = (s) => `q=${encodeURIComponent(s)}`;

  test('q finds Chinese words of two characters, four-character phrases and Latin words', T, async () => {
    const admin = await ctx.as('admin');
    const lamp = await idsOf(ctx, admin, q('路灯'));
    assert.ok(lamp.includes(made.lamp.id) && lamp.includes(made.yuhuLamp.id));
    assert.ok(!lamp.includes(made.workers.id) && !lamp.includes(made.latin.id) && !lamp.includes(made.other.id));
    const res = await admin.get(`/api/v1/appeals?limit=200&${q('路灯')}`);
    for (const x of res.json.items) assert.ok(`${x.title}${x.description}`.includes('路灯'), `${x.title} holds 路灯`);

    const workers = await idsOf(ctx, admin, q('工人'));
    assert.ok(workers.includes(made.workers.id));
    assert.ok(!workers.includes(made.lamp.id));

    const phrase = await idsOf(ctx, admin, q('路灯不亮'));
    assert.ok(phrase.includes(made.lamp.id));
    assert.ok(!phrase.includes(made.yuhuLamp.id), '路灯坏了 does not hold 路灯不亮');

    for (const word of ['elevator', 'ELEVATOR', 'Elevator']) {
      const latin = await idsOf(ctx, admin, q(word));
      assert.ok(latin.includes(made.latin.id), word);
      assert.ok(!latin.includes(made.lamp.id));
    }
    const none = await idsOf(ctx, admin, q('不存在的词语组合'));
    assert.ok(!none.includes(made.lamp.id));
    assert.equal((await admin.get(`/api/v1/appeals?${q('，。！')}`)).status, 400);
    assert.equal((await admin.get(`/api/v1/appeals?${q('长'.repeat(101))}`)).status, 400);
  });

  test('search stays within the caller\'s scope', T, async () => {
    const yuhu = await ctx.as('yuhu.handler');
    const found = await idsOf(ctx, yuhu, q('路灯'));
    assert.ok(found.includes(made.yuhuLamp.id));
    assert.ok(!found.includes(made.lamp.id), 'the 斜下 appeal is out of the 御湖 handler\'s scope');
    const xiexia = await idsOf(ctx, await ctx.as('secretary'), q('路灯'));
    assert.ok(xiexia.includes(made.lamp.id) && !xiexia.includes(made.yuhuLamp.id));
  });

  test('filters: status, category, community_id, from/to', T, async () => {
    const admin = await ctx.as('admin');
    const get = async (qs) => {
      const res = await admin.get(`/api/v1/appeals?limit=200&${qs}`);
      assert.equal(res.status, 200, `${qs}: ${res.text}`);
      return res.json.items;
    };
    let items = await get('category=traffic&from=2026-09-10&to=2026-09-12');
    assert.deepEqual(items.map((x) => x.id).sort(), [made.lamp.id, made.yuhuLamp.id].sort());
    items = await get(`community_id=${ctx.orgs.yuhu.id}&from=2026-09-10&to=2026-09-12`);
    assert.deepEqual(items.map((x) => x.id), [made.yuhuLamp.id]);
    // Dates are days in Shanghai: 2026-09-11 starts at 2026-09-10T16:00Z.
    items = await get('from=2026-09-11&to=2026-09-12');
    assert.deepEqual(items.map((x) => x.id).sort(), [made.yuhuLamp.id, made.other.id].sort());
    items = await get('from=2026-09-10T00:00:00Z&to=2026-09-10T03:00:00Z');
    assert.deepEqual(items.map((x) => x.id).sort(), [made.lamp.id, made.workers.id, made.latin.id].sort());
    items = await get('status=submitted');
    assert.ok(items.length > 0 && items.every((x) => x.status === 'submitted'));
    assert.ok(items.some((x) => x.id === made.lamp.id));
    items = await get('status=closed&limit=50');
    assert.ok(items.every((x) => x.status === 'closed'));
    items = await get('category=education');
    assert.ok(items.every((x) => x.category === 'education') && items.some((x) => x.id === made.other.id));
    assert.equal((await admin.get('/api/v1/appeals?status=lost')).status, 400);
    assert.equal((await admin.get('/api/v1/appeals?from=yesterday')).status, 400);
    assert.equal((await admin.get('/api/v1/appeals?overdue=maybe')).status, 400);
    assert.equal((await admin.get('/api/v1/appeals?community_id=99999999')).status, 404);
  });

  test('paging with limit, after and next: newest first, no item twice, none left out', T, async () => {
    const admin = await ctx.as('admin');
    const qs = 'from=2026-09-10&to=2026-09-12';
    const all = (await admin.get(`/api/v1/appeals?${qs}`)).json;
    assert.equal(all.items.length, 5);
    assert.equal(all.next, null);
    const seen = [];
    let after = null;
    let pages = 0;
    for (;;) {
      const res = await admin.get(`/api/v1/appeals?${qs}&limit=2${after ? `&after=${after}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.json.items.length <= 2);
      seen.push(...res.json.items.map((x) => x.id));
      pages++;
      if (res.json.next === null) break;
      after = res.json.next;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, all.items.map((x) => x.id));
    assert.deepEqual([...seen].sort((x, y) => y - x), seen, 'newest first');
    assert.equal((await admin.get('/api/v1/appeals?limit=0')).status, 400);
    assert.equal((await admin.get('/api/v1/appeals?limit=201')).status, 400);
  });
});
