// The figures stand up to a recount: a history of appeals made through the real API with
// the test clock — units that answer fast, late and never, returns, re-dispatches,
// unsatisfied and partly resolved ratings, callbacks, unrated auto-closes — and then every
// figure recomputed here in JavaScript from the events (GET /appeals/{id}/events) of every
// appeal there is (the demo's too), by the rules of coord/STATS_API.md, and compared with
// the server's for several filters and periods. Also: the scope of a community's
// dispatcher, and the refusals of bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN, TEST_TIMEOUT_MS, cli, listAll, loginSession } from './lib/server.mjs';
import { REPLY, advanceClock, appealServer, events, getAppeal, handlerOf, ok, submit, tick, trackPost } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS * 3 };
const H = 3600;
let ctx;

// Mon 1 Mar 2027, 09:00 in Shanghai: after the demo's history, so the periods below hold
// this test's appeals (and whatever of the demo's the worker closes meanwhile).
const START = '2027-03-01T01:00:00Z';

before(async () => {
  ctx = await appealServer({ now: START });
});
after(async () => {
  await ctx?.stop();
});

const UNITS = ['xiexia', 'yuhu', 'econ'];
const RATINGS = [
  { rating: 'satisfied', resolved: 'yes' },
  { rating: 'basically_satisfied', resolved: 'partly' },
  { rating: 'basically_satisfied', resolved: 'no' },
  { rating: 'unsatisfied', resolved: 'no' },
  null, // never rated: closed unrated by the worker
];

// One appeal's life, chosen by its number: which unit, how fast, returned or re-dispatched,
// how rated. Each step moves the clock on, so some steps come after their limits.
async function history(i, disp, handlers) {
  const category = ['other', 'traffic', 'environment'][i % 3];
  const channel = ['web', 'mini_program'][i % 2];
  const community = i % 4 === 0 ? 'yuhu' : 'xiexia';
  const a = await submit(ctx, { category, channel, location: { community_id: ctx.orgs[community].id } });
  await advanceClock(ctx.url, 600);
  await ok(disp, a.id, 'accept', i % 5 === 0 ? { tier: 'complex' } : i % 10 === 3 ? { tier: 'emergency' } : {});
  let unit = UNITS[i % 3];
  await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs[unit].id });
  if (i % 7 === 0) {
    // Never acknowledged: re-dispatched the next day to another unit.
    await advanceClock(ctx.url, 26 * H);
    unit = UNITS[(i + 1) % 3];
    await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs[unit].id });
  } else if (i % 7 === 1) {
    // Returned with a reason (in time for some, late for others), then dispatched again.
    await advanceClock(ctx.url, i % 2 ? 1800 : 30 * H);
    await ok(handlers[unit], a.id, 'return', { reason: '不属于本单位职责' });
    unit = UNITS[(i + 2) % 3];
    await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs[unit].id });
  }
  if (i % 11 === 5) return; // never answered at all
  await advanceClock(ctx.url, unit === 'econ' ? 20 * H : 1200); // 经济发展局 is slow
  await ok(handlers[unit], a.id, 'acknowledge');
  if (i % 3 !== 2) {
    await advanceClock(ctx.url, i % 4 === 1 ? 30 * H : 1800);
    await ok(handlers[unit], a.id, 'contact', { note: '已电话联系。' });
  }
  await advanceClock(ctx.url, (i % 3) * 24 * H + 3600);
  await ok(handlers[unit], a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
  const r = RATINGS[i % RATINGS.length];
  if (!r) return;
  await advanceClock(ctx.url, 2 * H);
  if (i % 9 === 4) {
    await ok(disp, a.id, 'callback', { ...r, note: '电话回访。' });
  } else {
    const res = await trackPost(ctx, a, { type: 'rate', ...r });
    assert.equal(res.status, 200, res.text);
  }
  if (r.rating === 'unsatisfied') {
    // Reopened to the same unit: acknowledged again and answered again, then 满意.
    await advanceClock(ctx.url, 3 * H);
    await ok(handlers[unit], a.id, 'acknowledge');
    await ok(handlers[unit], a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    if (i % 2) await ok(disp, a.id, 'callback', { rating: 'satisfied', resolved: 'yes', note: '回访' });
    else await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes' });
  }
}

// ---- the recount ----------------------------------------------------------------------

const dayOf = (iso) => {
  const d = Math.floor((Date.parse(iso) / 1000 + 8 * H) / 86400);
  return new Date(d * 86400 * 1000).toISOString().slice(0, 10);
};
const COUNTS = ['received', 'dispatched', 'responded', 'contacted', 'answered', 'on_time', 'rated', 'satisfied',
  'halves', 'known', 'reopened', 'callbacks', 'unrated', 'closed_unresolved', 'overdue', 'escalated'];

// Every fact of one appeal as {day, unit, count, n}, by the rules, from its events alone.
function factsOf(appeal, evs) {
  const out = [];
  const put = (day, unit, count, n = 1) => out.push({ day, unit, count, n });
  let status = 'submitted';
  let unit = 0, dispatchDay = null, due = {}, contacted = false;
  const inTime = (at, d) => d && Date.parse(at) <= Date.parse(d);
  for (const e of evs) {
    const d = e.data ?? {};
    const day = dayOf(e.at);
    switch (e.type) {
      case 'submit': put(day, 0, 'received'); break;
      case 'dispatch':
        put(day, d.lead_org_id, 'dispatched');
        unit = d.lead_org_id; dispatchDay = day; contacted = false;
        due = { ack: d.ack_due, contact: d.contact_due, answer: d.answer_due };
        break;
      case 'acknowledge':
      case 'return':
        if (status === 'dispatched' && inTime(e.at, due.ack)) put(dispatchDay, unit, 'responded');
        if (e.type === 'return') { unit = 0; due = {}; }
        break;
      case 'contact':
        if (!contacted && unit && inTime(e.at, due.contact)) put(dispatchDay, unit, 'contacted');
        contacted = true;
        break;
      case 'extend_approve': case 'resume': case 'add_info':
        for (const [k, f] of [['ack', 'ack_due'], ['contact', 'contact_due'], ['answer', 'answer_due']]) if (d[f]) due[k] = d[f];
        break;
      case 'reply':
        put(day, unit, 'answered');
        if (inTime(e.at, due.answer)) put(day, unit, 'on_time');
        break;
      case 'rate': case 'callback': {
        if (status === 'replied' && d.rating) {
          put(day, unit, 'rated');
          put(day, unit, d.rating === 'unsatisfied' ? 'reopened' : 'satisfied');
          if (d.resolved) {
            put(day, unit, 'known');
            put(day, unit, 'halves', { yes: 2, partly: 1, no: 0 }[d.resolved]);
            if (d.to === 'closed' && d.resolved === 'no') put(day, unit, 'closed_unresolved');
          }
        }
        if (e.type === 'callback') put(day, unit, 'callbacks');
        if (status === 'replied' && d.to === 'reopened') { if (d.ack_due) due.ack = d.ack_due; if (d.answer_due) due.answer = d.answer_due; }
        if (status === 'replied' && d.to === 'accepted') { unit = 0; due = {}; }
        break;
      }
      case 'auto_close': put(day, unit, 'unrated'); break;
      case 'overdue': put(day, unit, 'overdue'); break;
      case 'escalate': put(day, unit, 'escalated'); break;
    }
    if (d.to) status = d.to;
  }
  return out.map((f) => ({ ...f, category: appeal.category, channel: appeal.channel, tier: appeal.tier,
    community: appeal.location?.community_id ?? appeal.community_id ?? 0 }));
}

const round6 = (x) => Math.round(x * 1e6) / 1e6;
function figure(num, den, min = 5) {
  return { num, den, value: den < min || den <= 0 ? null : round6(num / den), too_few: den < min || den <= 0 };
}
function rates(k) {
  return {
    response: figure(k.responded, k.dispatched),
    contact: figure(k.contacted, k.dispatched),
    resolution: figure(k.halves / 2, k.known),
    satisfaction: figure(k.satisfied, k.rated),
    on_time: figure(k.on_time, k.answered),
    reopen: figure(k.reopened, k.answered),
    callback: figure(k.callbacks, k.answered),
    rated: figure(k.rated, k.answered),
  };
}
function score(r) {
  if (r.response.too_few || r.resolution.too_few || r.satisfaction.too_few) return null;
  return round6((0.1 * r.response.value + 0.45 * r.resolution.value + 0.45 * r.satisfaction.value) / (0.1 + 0.45 + 0.45));
}
function sum(facts, keep) {
  const k = Object.fromEntries(COUNTS.map((c) => [c, 0]));
  for (const f of facts) if (keep(f)) k[f.count] += f.n;
  return k;
}
function expectSummary(facts, from, to, keep = () => true) {
  const k = sum(facts, (f) => f.day >= from && f.day <= to && keep(f));
  const r = rates(k);
  return {
    rates: r,
    counts: { received: k.received, dispatched: k.dispatched, answered: k.answered, rated: k.rated,
      closed_unresolved: k.closed_unresolved, overdue: k.overdue, escalated: k.escalated },
    score: score(r),
  };
}

describe('the figures equal a recount of the events', () => {
  let facts = [];
  let parents = {};

  before(async () => {
    // Sessions end after 90 days, and the clock moves on by months: fresh ones now and then.
    let disp, handlers;
    for (let i = 0; i < 84; i++) {
      if (i % 6 === 0) {
        disp = await loginSession(ctx.url, 'dispatcher');
        handlers = Object.fromEntries(await Promise.all(UNITS.map(async (u) => [u, await loginSession(ctx.url, handlerOf(u))])));
      }
      await history(i, disp, handlers);
      if (i % 12 === 11) {
        await advanceClock(ctx.url, 20 * H);
        await tick(ctx.url); // overdue flags, escalations, unrated auto-closes
      }
    }
    await advanceClock(ctx.url, 10 * 24 * H);
    await tick(ctx.url);
    const admin = await ctx.as('admin');
    const all = await listAll(ctx.url, '/api/v1/appeals', { cookie: admin.cookie });
    for (const item of all) {
      const appeal = await getAppeal(admin, item.id);
      facts.push(...factsOf(appeal, await events(admin, item.id)));
    }
    const orgs = await listAll(ctx.url, '/api/v1/orgs', { cookie: admin.cookie });
    parents = Object.fromEntries(orgs.map((o) => [o.id, o.parent_id]));
  }, T);

  const cases = [
    ['March 2027, the whole district', 'period=month&date=2027-03-15', '2027-03-01', '2027-03-31', () => true],
    ['a range of days', 'from=2027-03-03&to=2027-03-20', '2027-03-03', '2027-03-20', () => true],
    ['the year, one unit', () => `period=year&date=2027-06-01&unit=${ctx.orgs.econ.id}`, '2027-01-01', '2027-12-31', (f) => f.unit === ctx.orgs.econ.id],
    ['a community', () => `from=2027-03-01&to=2027-04-30&community=${ctx.orgs.yuhu.id}`, '2027-03-01', '2027-04-30', (f) => f.community === ctx.orgs.yuhu.id],
    ['a category and a channel', 'from=2027-03-01&to=2027-04-30&category=traffic&channel=mini_program', '2027-03-01', '2027-04-30', (f) => f.category === 'traffic' && f.channel === 'mini_program'],
    ['a tier', 'from=2027-03-01&to=2027-04-30&tier=complex', '2027-03-01', '2027-04-30', (f) => f.tier === 'complex'],
  ];
  for (const [name, qs, from, to, keep] of cases) {
    test(`summary: ${name}`, T, async () => {
      const admin = await ctx.as('admin');
      const res = await admin.get(`/api/v1/stats/summary?${typeof qs === 'function' ? qs() : qs}`);
      assert.equal(res.status, 200, res.text);
      const want = expectSummary(facts, from, to, keep);
      assert.deepEqual(res.json.rates, want.rates);
      assert.deepEqual(res.json.counts, want.counts);
      assert.equal(res.json.score.value, want.score);
      assert.deepEqual(res.json.period, { from, to, kind: res.json.period.kind });
      assert.ok(want.counts.dispatched > 0 || name.includes('tier'), 'the filter holds cases');
    });
  }

  test('the history has what the figures must tell apart', T, async () => {
    const k = sum(facts, (f) => f.day >= '2027-03-01');
    for (const c of ['responded', 'contacted', 'on_time', 'reopened', 'callbacks', 'unrated', 'closed_unresolved', 'overdue']) assert.ok(k[c] > 0, c);
    assert.ok(k.responded < k.dispatched && k.on_time < k.answered, 'late ones');
    assert.ok(facts.some((f) => f.count === 'halves' && f.n === 1), 'a partly resolved one');
  });

  test('the previous period: February 2027, by the same rules', T, async () => {
    const admin = await ctx.as('admin');
    const res = await admin.get('/api/v1/stats/summary?period=month&date=2027-03-15');
    assert.deepEqual(res.json.previous.period, { from: '2027-02-01', to: '2027-02-28', kind: 'month' });
    assert.deepEqual(res.json.previous.rates, expectSummary(facts, '2027-02-01', '2027-02-28').rates);
  });

  test('the ranking of communities: each one its subtree, best first, too few unranked', T, async () => {
    const admin = await ctx.as('admin');
    const res = await admin.get('/api/v1/stats/units?class=community&from=2027-03-01&to=2027-04-30&sort=response');
    assert.equal(res.status, 200, res.text);
    const within = (unit, org) => {
      for (let u = unit; u; u = parents[u]) if (u === org) return true;
      return false;
    };
    let last = Infinity;
    for (const it of res.json.items) {
      const want = expectSummary(facts, '2027-03-01', '2027-04-30', (f) => f.unit && within(f.unit, it.org.id));
      assert.deepEqual(it.rates, want.rates, it.org.name);
      if (it.rank === null) { assert.ok(want.rates.response.too_few); last = -1; continue; }
      assert.ok(last !== -1, 'ranked ones come first');
      assert.ok(it.rates.response.value <= last);
      last = it.rates.response.value;
    }
    assert.ok(res.json.items.some((x) => x.org.id === ctx.orgs.xiexia.id && x.rank !== null));
  });

  test('the trend by week adds up to the range', T, async () => {
    const admin = await ctx.as('admin');
    const res = await admin.get('/api/v1/stats/trend?figure=response&by=week&from=2027-03-01&to=2027-03-28');
    assert.equal(res.status, 200, res.text);
    const pts = res.json.series[0].points;
    assert.deepEqual(pts.map((p) => p.period), ['2027-W09', '2027-W10', '2027-W11', '2027-W12']);
    for (const p of pts) {
      const want = expectSummary(facts, p.from, p.to).rates.response;
      assert.deepEqual({ num: p.num, den: p.den, value: p.value, too_few: p.too_few }, want, p.period);
    }
    const vol = await admin.get('/api/v1/stats/trend?figure=volume&by=month&from=2027-03-01&to=2027-04-30');
    assert.deepEqual(vol.json.series[0].points.map((p) => p.num),
      [sum(facts, (f) => f.day.startsWith('2027-03')).received, sum(facts, (f) => f.day.startsWith('2027-04')).received]);
  });

  test('huiyin stats rebuild recounts the same', T, async () => {
    const admin = await ctx.as('admin');
    const q = '/api/v1/stats/summary?from=2027-02-01&to=2027-04-30';
    const first = (await admin.get(q)).json;
    const r = cli(BIN, ['stats', 'rebuild'], { dataDir: ctx.dataDir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /recounted from \d+ events/);
    assert.deepEqual((await admin.get(q)).json, first);
  });
});
