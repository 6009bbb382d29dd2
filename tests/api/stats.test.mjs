// The statistics routes' scope and refusals: a community's dispatcher sees the figures of
// their subtree only (403 naming a filter outside it), a liaison none; unknown arguments,
// periods, figures and values are 400 naming the argument; the settings are an admin's at
// the root, checked, and the figures follow them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer, driveTo, submit, trackPost } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;

before(async () => {
  ctx = await appealServer({ now: '2027-03-01T01:00:00Z' });
  for (let i = 0; i < 6; i++) {
    const a = await submit(ctx);
    await driveTo(ctx, a, 'replied');
    await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: i % 2 ? 'yes' : 'partly' });
  }
});
after(async () => {
  await ctx?.stop();
});

const Q = '/api/v1/stats/summary?period=month&date=2027-03-01';

describe('stats scope', () => {
  test('a community dispatcher: their subtree, 403 naming a filter outside it', T, async () => {
    const cdisp = await ctx.addStaff('stats.cdisp', 'dispatcher', 'xiexia');
    const admin = await ctx.as('admin');
    const mine = await cdisp.get(`${Q}&community=${ctx.orgs.xiexia.id}`);
    assert.equal(mine.status, 200, mine.text);
    const all = await admin.get(`${Q}&community=${ctx.orgs.xiexia.id}`);
    assert.deepEqual(mine.json, all.json, 'inside their scope they see what the admin sees');
    assert.equal(mine.json.counts.received, 6);
    for (const [arg, id] of [['org', ctx.orgs.huihuan.id], ['unit', ctx.orgs.econ.id], ['community', ctx.orgs.yuhu.id]]) {
      const res = await cdisp.get(`${Q}&${arg}=${id}`);
      assert.equal(res.status, 403, `${arg}: ${res.text}`);
      assert.equal(res.json.error.field, arg);
    }
    // Without a filter: their subtree (units in it or appeals placed in it), not the district's.
    const own = await cdisp.get(Q);
    const district = await admin.get(Q);
    assert.equal(own.status, 200);
    assert.ok(own.json.counts.received <= district.json.counts.received);
    const yuhuDisp = await ctx.addStaff('stats.ydisp', 'dispatcher', 'yuhu');
    const none = await yuhuDisp.get(Q);
    assert.equal(none.json.counts.received, 0, 'another community sees none of these');
    assert.equal(none.json.rates.response.too_few, true);
    const units = await cdisp.get('/api/v1/stats/units?class=community&period=month&date=2027-03-01');
    assert.deepEqual(units.json.items.map((x) => x.org.id), [ctx.orgs.xiexia.id], 'only their own community is ranked');
    const liaison = await ctx.as('liaison');
    assert.equal((await liaison.get(Q)).status, 403);
  });
});

describe('stats bad input', () => {
  const bad = [
    ['?colour=red', 'colour'],
    ['?period=decade', 'period'],
    ['?period=month&date=2027-02-30', 'date'],
    ['?from=2027-03-10&to=2027-03-01', 'to'],
    ['?from=2020-01-01&to=2025-01-01', 'to'],
    ['?from=2027-03-01', 'to'],
    ['?from=2027-3-1&to=2027-03-02', 'from'],
    ['?period=month&from=2027-03-01&to=2027-03-02', 'period'],
    ['?unit=99999999', 'unit'],
    ['?org=abc', 'org'],
    ['?community=CID_DISTRICT', 'community'],
    ['?category=nope', 'category'],
    ['?channel=fax', 'channel'],
    ['?tier=urgent', 'tier'],
  ];
  test('summary: 400 naming the argument', T, async () => {
    const admin = await ctx.as('admin');
    for (const [qs, field] of bad) {
      const res = await admin.get(`/api/v1/stats/summary${qs.replace('CID_DISTRICT', ctx.orgs.district.id)}`);
      assert.equal(res.status, 400, `${qs}: ${res.text}`);
      assert.equal(res.json.error.field, field, qs);
    }
    // Five years is allowed.
    assert.equal((await admin.get('/api/v1/stats/summary?from=2020-01-01&to=2024-12-31')).status, 200);
  });
  test('units and trend: their own arguments', T, async () => {
    const admin = await ctx.as('admin');
    for (const [p, field] of [
      ['/api/v1/stats/units?class=planet', 'class'],
      ['/api/v1/stats/units?sort=speed', 'sort'],
      ['/api/v1/stats/units?figure=response', 'figure'],
      ['/api/v1/stats/trend?figure=happiness', 'figure'],
      ['/api/v1/stats/trend?by=hour', 'by'],
    ]) {
      const res = await admin.get(p);
      assert.equal(res.status, 400, `${p}: ${res.text}`);
      assert.equal(res.json.error.field, field, p);
    }
  });
});

describe('stats settings', () => {
  test('an admin at the root sets weights and the threshold; the figures follow', T, async () => {
    const admin = await ctx.as('admin');
    const cur = await admin.get('/api/v1/stats/settings');
    assert.deepEqual(cur.json, { weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 }, min_denominator: 5 });
    const res0 = await admin.get(Q);
    assert.equal(res0.json.rates.satisfaction.too_few, false);
    for (const [body, field] of [
      [{ weights: { response: 0.5, resolution: 0.5, satisfaction: 0.5 }, min_denominator: 5 }, 'weights'],
      [{ weights: { response: -0.1, resolution: 0.6, satisfaction: 0.5 }, min_denominator: 5 }, 'weights.response'],
      [{ weights: { response: 0.2, resolution: 0.4, satisfaction: 0.4 }, min_denominator: 0 }, 'min_denominator'],
      [{ weights: { response: 0.2, resolution: 0.4 }, min_denominator: 5 }, 'weights.satisfaction'],
    ]) {
      const res = await admin.put('/api/v1/stats/settings', body);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.error.field, field);
    }
    const cadmin = await ctx.addStaff('stats.cadmin', 'admin', 'xiexia');
    assert.equal((await cadmin.put('/api/v1/stats/settings', { weights: { response: 0.2, resolution: 0.4, satisfaction: 0.4 }, min_denominator: 10 })).status, 403);
    const ok = await admin.put('/api/v1/stats/settings', { weights: { response: 0.2, resolution: 0.4, satisfaction: 0.4 }, min_denominator: 10 });
    assert.equal(ok.status, 200, ok.text);
    const after1 = await admin.get(Q);
    assert.equal(after1.json.min_denominator, 10);
    assert.equal(after1.json.rates.satisfaction.too_few, true, '6 ratings are too few for 10');
    assert.deepEqual(after1.json.score, { value: null, weights: { response: 0.2, resolution: 0.4, satisfaction: 0.4 } });
  });
});
