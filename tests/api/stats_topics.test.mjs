// 每月一题 and the lists' figures through the API, on the test clock in months the demo has
// no data in (May and June 2027): appeals with similar titles in two categories, submitted
// publicly, group by category and title; each group has its count, last month's count of
// the group with the same key, its typical titles and communities, and a link to its cases;
// a community's handler sees only the groups of their subtree; a group is pinned and
// unpinned by an admin (an admin-audit event each), not by a handler or supervisor; bad
// input is 400 naming the field, an unknown key 404. /stats/lists counts the needs,
// resources, projects and activities the test makes in June.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { advanceClock, appealServer, submit } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
// 10:00 in Shanghai on 20 May 2027, then 5 June (16 days later: the sessions stay alive).
const MAY = '2027-05-20T02:00:00Z';
const JUNE_SECONDS = 16 * 86400;
const WATER = 'utilities:停水+小区';
const LIGHTS = 'property:区路+坏了';

let ctx;
let as;
const ids = { water: [], lights: [] };

async function appeal(category, title, communityKey) {
  const a = await submit(ctx, { category, title, description: `${title}，请尽快处理。`, location: { community_id: ctx.orgs[communityKey].id } });
  return a.id;
}

before(async () => {
  ctx = await appealServer({ now: MAY });
  as = {};
  for (const name of ['admin', 'dispatcher', 'handler', 'supervisor', 'yuhu.handler', 'liaison']) as[name] = await ctx.as(name);
  // May: one of each way of saying 停水, one broken light.
  await appeal('utilities', '小区突然停水', 'xiexia');
  await appeal('utilities', '小区停水', 'xiexia');
  await appeal('property', '小区路灯坏了', 'jiazi');
  await advanceClock(ctx.url, JUNE_SECONDS);
  // June: 停水 five times (three at 御湖), the lights three times, a gas smell and a lift.
  ids.water.push(await appeal('utilities', '小区突然停水', 'xiexia'));
  ids.water.push(await appeal('utilities', '小区突然停水', 'xiexia'));
  ids.water.push(await appeal('utilities', '小区突然停水', 'yuhu'));
  ids.water.push(await appeal('utilities', '小区停水', 'yuhu'));
  ids.water.push(await appeal('utilities', '小区停水', 'yuhu'));
  ids.lights.push(await appeal('property', '小区路灯坏了', 'jiazi'));
  ids.lights.push(await appeal('property', '小区路灯坏了', 'xiexia'));
  ids.lights.push(await appeal('property', '小区路灯坏了！', 'jiazi'));
  await appeal('utilities', '燃气管道有异味', 'xiexia');
  await appeal('property', '电梯经常故障', 'jiazi');
});
after(async () => {
  await ctx?.stop();
});

async function topics(sess, query) {
  const res = await sess.get(`/api/v1/stats/topics?${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// Every appeal behind a cases link, following the cursor.
async function casesOf(sess, link, limit) {
  const out = [];
  let after = null;
  for (let i = 0; i < 20; i++) {
    const res = await sess.get(`${link}&limit=${limit}${after ? `&after=${after}` : ''}`);
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.items.length <= limit);
    out.push(...res.json.items);
    after = res.json.next;
    if (!after) return out;
  }
  throw new Error('the cursor never ends');
}

describe('每月一题', () => {
  test('appeals group by category and title, with last month beside them', T, async () => {
    const t = await topics(as.admin, 'month=2027-06');
    assert.equal(t.month, '2027-06');
    assert.deepEqual(
      t.items.map((i) => [i.key, i.count, i.previous]),
      [
        [WATER, 5, 2],
        [LIGHTS, 3, 1],
        ['property:常故+故障', 1, 0],
        ['utilities:异味+有异', 1, 0],
      ],
    );
    const [water, lights] = t.items;
    assert.deepEqual(water.category, { code: 'utilities', name: water.category.name });
    assert.ok(water.category.name.length > 0);
    assert.deepEqual(water.titles, ['小区突然停水', '小区停水']);
    assert.deepEqual(
      water.communities.map((c) => [c.id, c.count]),
      [
        [ctx.orgs.yuhu.id, 3],
        [ctx.orgs.xiexia.id, 2],
      ],
    );
    assert.equal(water.communities[0].name, '御湖社区党建联盟');
    assert.equal(water.label, null);
    assert.equal(water.pinned, false);
    assert.deepEqual(lights.titles, ['小区路灯坏了', '小区路灯坏了！']);
    assert.deepEqual(lights.communities.map((c) => [c.id, c.count]), [
      [ctx.orgs.jiazi.id, 2],
      [ctx.orgs.xiexia.id, 1],
    ]);
    // May on its own: the month before it had nothing.
    const may = await topics(as.admin, 'period=month&date=2027-05-31');
    assert.equal(may.month, '2027-05');
    assert.deepEqual(may.items.map((i) => [i.key, i.count, i.previous]), [
      [WATER, 2, 0],
      [LIGHTS, 1, 0],
    ]);
    // A filter narrows the appeals: one category.
    const only = await topics(as.admin, 'month=2027-06&category=property');
    assert.deepEqual(only.items.map((i) => i.key), [LIGHTS, 'property:常故+故障']);
    // A month without appeals has no groups.
    assert.deepEqual((await topics(as.admin, 'month=2027-08')).items, []);
  });

  test("a group's cases link lists exactly its appeals, newest first, page by page", T, async () => {
    const t = await topics(as.admin, 'month=2027-06');
    const water = t.items.find((i) => i.key === WATER);
    assert.equal(water.cases, `/api/v1/appeals?topic=${encodeURIComponent(WATER)}&month=2027-06`);
    const cases = await casesOf(as.admin, water.cases, 2);
    assert.deepEqual(
      cases.map((c) => c.id),
      [...ids.water].sort((a, b) => b - a),
    );
    assert.ok(cases.every((c) => c.category === 'utilities' && /停水/.test(c.title)));
    // The link keeps the filter it was made with.
    const only = await topics(as.admin, 'month=2027-06&category=property');
    assert.match(only.items[0].cases, /&category=property$/);
    assert.deepEqual(
      (await casesOf(as.admin, only.items[0].cases, 50)).map((c) => c.id),
      [...ids.lights].sort((a, b) => b - a),
    );
    // An unknown key is 404; the queue's own arguments do not mix with a topic.
    let res = await as.admin.get(`/api/v1/appeals?topic=${encodeURIComponent('utilities:无此+分组')}&month=2027-06`);
    assert.equal(res.status, 404, res.text);
    assert.equal(errorOf(res).field, 'topic');
    res = await as.admin.get(`${water.cases}&status=submitted`);
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'status');
    res = await as.admin.get(`/api/v1/appeals?topic=${encodeURIComponent(WATER)}`);
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'month');
  });

  test("a community's handler sees only the groups of their subtree", T, async () => {
    const t = await topics(as['yuhu.handler'], 'month=2027-06');
    assert.deepEqual(t.items.map((i) => [i.key, i.count]), [[WATER, 3]]);
    assert.deepEqual(t.items[0].communities.map((c) => c.id), [ctx.orgs.yuhu.id]);
    const cases = await casesOf(as['yuhu.handler'], t.items[0].cases, 50);
    assert.equal(cases.length, 3);
    // Another community is outside their scope; a liaison has no statistics.
    let res = await as['yuhu.handler'].get(`/api/v1/stats/topics?month=2027-06&org=${ctx.orgs.xiexia.id}`);
    assert.equal(res.status, 403, res.text);
    assert.equal(errorOf(res).field, 'org');
    res = await as.liaison.get('/api/v1/stats/topics?month=2027-06');
    assert.equal(res.status, 403, res.text);
  });

  test('an admin names and pins a group, and unpins it; others may not', T, async () => {
    const body = { month: '2027-06', key: WATER, label: '小区停水' };
    for (const who of ['handler', 'yuhu.handler', 'supervisor']) {
      const res = await as[who].post('/api/v1/stats/topics/pin', body);
      assert.equal(res.status, 403, `${who}: ${res.text}`);
    }
    let res = await as.admin.post('/api/v1/stats/topics/pin', body);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.key, WATER);
    assert.equal(res.json.label, '小区停水');
    assert.equal(res.json.pinned, true);
    assert.equal(res.json.org_id, ctx.orgs.district.id);
    let t = await topics(as.admin, 'month=2027-06');
    assert.deepEqual([t.items[0].key, t.items[0].label, t.items[0].pinned], [WATER, '小区停水', true]);
    assert.ok(t.items.slice(1).every((i) => !i.pinned && i.label === null));
    // Pinned for the district, not for June of another org or another month.
    t = await topics(as.admin, `month=2027-06&org=${ctx.orgs.yuhu.id}`);
    assert.equal(t.items[0].pinned, false);
    assert.equal((await topics(as.admin, 'month=2027-05')).items[0].pinned, false);
    // Pinning again renames it; a dispatcher at the district may too.
    res = await as.dispatcher.post('/api/v1/stats/topics/pin', { ...body, label: '停水' });
    assert.equal(res.status, 200, res.text);
    assert.equal((await topics(as.admin, 'month=2027-06')).items[0].label, '停水');
    const events = sqlQuery(ctx, "SELECT type FROM admin_events WHERE type LIKE 'topic_%' ORDER BY id");
    assert.deepEqual(events.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('topic_')), ['topic_pin', 'topic_pin']);

    res = await as.handler.del('/api/v1/stats/topics/pin', { body: { month: '2027-06', key: WATER } });
    assert.equal(res.status, 403, res.text);
    res = await as.admin.del('/api/v1/stats/topics/pin', { body: { month: '2027-06', key: WATER } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.pinned, false);
    t = await topics(as.admin, 'month=2027-06');
    assert.deepEqual([t.items[0].label, t.items[0].pinned], [null, false]);
    res = await as.admin.del('/api/v1/stats/topics/pin', { body: { month: '2027-06', key: WATER } });
    assert.equal(res.status, 404, res.text);
    const after = sqlQuery(ctx, "SELECT type FROM admin_events WHERE type LIKE 'topic_%' ORDER BY id");
    assert.equal(after.split('\n').filter((l) => l.trim() === 'topic_unpin').length, 1);
  });

  test('bad input: a malformed month 400, an unknown key 404, nothing written', T, async () => {
    for (const q of ['month=2027-6', 'month=2027-13', 'month=June', 'month=2027-06-01']) {
      const res = await as.admin.get(`/api/v1/stats/topics?${q}`);
      assert.equal(res.status, 400, `${q}: ${res.text}`);
      assert.equal(errorOf(res).field, 'month');
    }
    let res = await as.admin.get('/api/v1/stats/topics?period=week');
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'period');
    res = await as.admin.get('/api/v1/stats/topics?month=2027-06&period=month');
    assert.equal(res.status, 400, res.text);
    res = await as.admin.get('/api/v1/stats/topics?month=2027-06&colour=red');
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'colour');
    const count = () => sqlQuery(ctx, 'SELECT COUNT(*) FROM stat_topics').trim();
    const before0 = count();
    res = await as.admin.post('/api/v1/stats/topics/pin', { month: '2027-13', key: WATER, label: 'x' });
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'month');
    res = await as.admin.post('/api/v1/stats/topics/pin', { month: '2027-06', key: WATER });
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'label');
    res = await as.admin.post('/api/v1/stats/topics/pin', { month: '2027-06', key: 'utilities:无此+分组', label: 'x' });
    assert.equal(res.status, 404, res.text);
    assert.equal(errorOf(res).field, 'key');
    // A key of May is not one of June's.
    res = await as.admin.post('/api/v1/stats/topics/pin', { month: '2027-07', key: WATER, label: 'x' });
    assert.equal(res.status, 404, res.text);
    assert.equal(count(), before0);
  });
});

describe('the three lists and activities', () => {
  test("/stats/lists counts June's needs, resources, projects and activities", T, async () => {
    const june = 'period=month&date=2027-06-05';
    const base = await as.admin.get(`/api/v1/stats/lists?${june}`);
    assert.equal(base.status, 200, base.text);
    assert.deepEqual(base.json.period, { from: '2027-06-01', to: '2027-06-30', kind: 'month' });
    const need = async (title) => {
      const res = await as.admin.post('/api/v1/needs', {
        title,
        description: `${title}，需要志愿者协助。`,
        category: 'elderly',
        location: { community_id: ctx.orgs.xiexia.id, address: '斜下社区' },
        beneficiaries: { who: '老人', count: 12 },
      });
      assert.equal(res.status, 201, res.text);
      return res.json;
    };
    const n1 = await need('老人上门理发');
    const n2 = await need('老人上门量血压');
    let res = await as.handler.post('/api/v1/resources', {
      title: '经发局理发志愿者',
      kind: 'volunteers',
      category: 'elderly',
      org_id: ctx.orgs.econ.id,
      quantity: 4,
      unit: '人',
    });
    assert.equal(res.status, 201, res.text);
    const resource = res.json;
    res = await as.handler.post(`/api/v1/resources/${resource.id}/commitments`, { need_id: n1.id, quantity: 2 });
    assert.equal(res.status, 201, res.text);
    res = await as.admin.post('/api/v1/projects', { need_ids: [n1.id], resource_ids: [resource.id], title: '老人上门理发', owner_org_id: ctx.orgs.xiexia.id });
    assert.equal(res.status, 201, res.text);
    for (const [kind, audience] of [
      ['talk', 300],
      ['talk', 120],
      ['health_check', 40],
    ]) {
      res = await as.admin.post('/api/v1/activities', { kind, title: `六月${kind}`, org_id: ctx.orgs.xiexia.id, date: '2027-06-06', participants: 3, audience });
      assert.equal(res.status, 201, res.text);
    }
    // Held in July: not June's.
    res = await as.admin.post('/api/v1/activities', { kind: 'talk', title: '七月宣讲', org_id: ctx.orgs.xiexia.id, date: '2027-07-01', audience: 999 });
    assert.equal(res.status, 201, res.text);

    const got = (await as.admin.get(`/api/v1/stats/lists?${june}`)).json;
    const b = base.json;
    assert.deepEqual(got.needs, { raised: b.needs.raised + 2, matched: b.needs.matched + 1, fulfilled: b.needs.fulfilled });
    assert.deepEqual(got.resources, { offered: b.resources.offered + 1, committed: b.resources.committed + 1 });
    assert.equal(got.projects.by_status.planned, b.projects.by_status.planned + 1);
    assert.deepEqual(Object.keys(got.projects.by_status), ['planned', 'running', 'done', 'evaluated']);
    assert.equal(got.activities.held, b.activities.held + 3);
    assert.equal(got.activities.audience, b.activities.audience + 460);
    const talk = got.activities.by_kind.find((k) => k.kind === 'talk');
    const talk0 = b.activities.by_kind.find((k) => k.kind === 'talk');
    assert.deepEqual([talk.held, talk.audience], [talk0.held + 2, talk0.audience + 420]);
    // The same as /activities/stats says for the period.
    const stats = (await as.admin.get('/api/v1/activities/stats?from=2027-06-01&to=2027-06-30')).json;
    assert.deepEqual(got.activities.by_kind, stats.items);
    // 御湖's handler: nothing of 斜下's.
    const yuhu = (await as['yuhu.handler'].get(`/api/v1/stats/lists?${june}`)).json;
    assert.equal(yuhu.needs.raised, 0);
    assert.equal(yuhu.activities.held, 0);
    // A community narrows; appeal-only arguments do not apply.
    const xiexia = (await as.admin.get(`/api/v1/stats/lists?${june}&community=${ctx.orgs.xiexia.id}`)).json;
    assert.equal(xiexia.needs.raised, 2);
    assert.equal(xiexia.activities.held, 3);
    assert.equal(xiexia.resources.offered, 0); // 经济发展局 is no part of 斜下's subtree
    res = await as.admin.get(`/api/v1/stats/lists?${june}&channel=web`);
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'channel');
    res = await as.admin.get('/api/v1/stats/lists?from=2027-06-30&to=2027-06-01');
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'to');
  });
});
