// The appeal catalogue: categories and their time limits, the answer-limit tiers, the
// working-time calendar (seeded with the 2025-2026 State Council schedule), the dispatch
// catalogue and reply templates — who may read and change them, how bad input is refused
// without writing anything, and that every admin change lands in the admin audit chain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  BIN,
  cli,
  errorOf,
  loginSession,
  orgByName,
  startServer,
  TEST_TIMEOUT_MS,
  uniq,
} from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

const SEEDED = [
  'hiring', 'financing', 'policy', 'permits', 'property', 'environment', 'traffic',
  'utilities', 'safety', 'elderly', 'education', 'health', 'other',
];
const UNITS = ['hours', 'working_hours', 'working_days'];
const LIMITS = ['accept', 'acknowledge', 'contact', 'answer'];

// Number of audit events `huiyin audit verify` checked; asserts that every chain holds.
function auditCount(srv) {
  const res = cli(BIN, ['audit', 'verify'], { dataDir: srv.dataDir });
  assert.equal(res.code, 0, `audit verify failed: ${res.stdout}${res.stderr}`);
  const m = res.stdout.match(/\((\d+) events checked\)/);
  assert.ok(m, `no event count in: ${res.stdout}`);
  return Number(m[1]);
}

// PUT is not among the session helper's verbs.
function put(srv, s, p, body) {
  return api(srv.url, 'PUT', p, { body, cookie: s.cookie, csrf: s.csrf });
}

// A valid new category body; fields can be overridden.
function newCategory(over = {}) {
  return {
    code: uniq('c').toLowerCase().replace(/[^a-z0-9_]/g, '_'),
    name: '测试类别',
    name_en: 'Test category',
    tier: 'general',
    time_limits: {
      accept: { value: 1, unit: 'hours' },
      acknowledge: { value: 4, unit: 'working_hours' },
      contact: { value: 12, unit: 'hours' },
    },
    ...over,
  };
}

function assertCategoryShape(c) {
  assert.deepEqual(
    Object.keys(c).sort(),
    ['active', 'code', 'name', 'name_en', 'sort', 'tier', 'time_limits', 'updated_at', 'version'],
  );
  assert.match(c.code, /^[a-z][a-z0-9_]{1,31}$/);
  assert.ok(['emergency', 'utility', 'general', 'complex'].includes(c.tier), c.tier);
  assert.deepEqual(Object.keys(c.time_limits).sort(), [...LIMITS].sort());
  for (const k of LIMITS) {
    const l = c.time_limits[k];
    assert.deepEqual(Object.keys(l).sort(), ['unit', 'value'], `${c.code}.${k}`);
    assert.ok(Number.isInteger(l.value) && l.value >= 1, `${c.code}.${k}.value`);
    assert.ok(UNITS.includes(l.unit), `${c.code}.${k}.unit`);
  }
  assert.equal(typeof c.active, 'boolean');
  assert.ok(Number.isInteger(c.version));
}

describe('the appeal catalogue', () => {
  let srv, admin, dispatcher, handler, supervisor;
  let auditStart;
  let logged = 0; // admin actions made by the tests below, each one an admin-chain event

  before(async () => {
    srv = await startServer();
    admin = await loginSession(srv.url, 'admin');
    dispatcher = await loginSession(srv.url, 'dispatcher');
    handler = await loginSession(srv.url, 'handler');
    supervisor = await loginSession(srv.url, 'supervisor');
    auditStart = auditCount(srv);
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  describe('categories', () => {
    test('the public list holds the seeded catalogue in sort order, in the API.md shape', T, async () => {
      const res = await api(srv.url, 'GET', '/api/v1/categories');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.json).sort(), ['items', 'next']);
      assert.equal(res.json.next, null);
      const codes = res.json.items.map((c) => c.code);
      assert.deepEqual(codes.slice(0, SEEDED.length), SEEDED);
      for (const c of res.json.items) assertCategoryShape(c);
      const sorts = res.json.items.map((c) => c.sort);
      assert.deepEqual(sorts, [...sorts].sort((a, b) => a - b));
      const by = Object.fromEntries(res.json.items.map((c) => [c.code, c]));
      assert.equal(by.hiring.name, '招聘用工');
      assert.equal(by.hiring.tier, 'general');
      assert.deepEqual(by.hiring.time_limits, {
        accept: { value: 2, unit: 'hours' },
        acknowledge: { value: 2, unit: 'working_hours' },
        contact: { value: 24, unit: 'hours' },
        answer: { value: 7, unit: 'working_days' },
      });
      assert.equal(by.financing.tier, 'complex');
      assert.deepEqual(by.financing.time_limits.answer, { value: 15, unit: 'working_days' });
      assert.equal(by.safety.tier, 'emergency');
      assert.deepEqual(by.safety.time_limits.answer, { value: 2, unit: 'hours' });
      assert.equal(by.utilities.tier, 'utility');
      assert.deepEqual(by.utilities.time_limits.answer, { value: 24, unit: 'hours' });
      assert.ok(res.json.items.every((c) => c.active));
    });

    test('an admin creates a category; the answer limit defaults to the tier', T, async () => {
      const body = newCategory();
      const res = await admin.post('/api/v1/categories', body);
      assert.equal(res.status, 201, res.text);
      logged++;
      assertCategoryShape(res.json);
      assert.equal(res.json.code, body.code);
      assert.equal(res.json.name, '测试类别');
      assert.equal(res.json.version, 1);
      assert.equal(res.json.active, true);
      assert.deepEqual(res.json.time_limits, { ...body.time_limits, answer: { value: 7, unit: 'working_days' } });
      // After every other category unless a sort is given.
      const list = await api(srv.url, 'GET', '/api/v1/categories');
      assert.equal(list.json.items.at(-1).code, body.code);

      const again = await admin.post('/api/v1/categories', { ...body, name: '另一个' });
      assert.equal(again.status, 409, again.text);
      assert.equal(errorOf(again).field, 'code');
    });

    test('without time limits a clock-time tier gets clock-time defaults', T, async () => {
      const { time_limits, ...body } = newCategory({ tier: 'emergency', sort: 85 });
      const res = await admin.post('/api/v1/categories', body);
      assert.equal(res.status, 201, res.text);
      logged++;
      assert.equal(res.json.sort, 85);
      assert.deepEqual(res.json.time_limits, {
        accept: { value: 2, unit: 'hours' },
        acknowledge: { value: 2, unit: 'hours' },
        contact: { value: 2, unit: 'hours' },
        answer: { value: 2, unit: 'hours' },
      });
      const list = await api(srv.url, 'GET', '/api/v1/categories');
      const codes = list.json.items.map((c) => c.code);
      // Sorted between safety (80) and elderly (90).
      assert.equal(codes.indexOf(body.code), codes.indexOf('safety') + 1);
    });

    test('an admin patches a category; an old version is refused with 409 stale', T, async () => {
      const body = newCategory();
      const created = await admin.post('/api/v1/categories', body);
      assert.equal(created.status, 201, created.text);
      logged++;
      const p = `/api/v1/categories/${body.code}`;

      const res = await admin.patch(p, { name: '改名后', version: 1 });
      assert.equal(res.status, 200, res.text);
      logged++;
      assert.equal(res.json.name, '改名后');
      assert.equal(res.json.version, 2);
      assert.deepEqual(res.json.time_limits, created.json.time_limits);

      const stale = await admin.patch(p, { name: '又改', version: 1 });
      assert.equal(stale.status, 409, stale.text);
      assert.equal(errorOf(stale).code, 'stale');

      // A partial time_limits changes only the limits it names.
      const partial = await admin.patch(p, { time_limits: { answer: { value: 10, unit: 'working_days' } } });
      assert.equal(partial.status, 200, partial.text);
      logged++;
      assert.deepEqual(partial.json.time_limits, {
        ...created.json.time_limits,
        answer: { value: 10, unit: 'working_days' },
      });
      assert.equal(partial.json.version, 3);

      // A new tier brings its answer limit unless the change names one.
      const tier = await admin.patch(p, { tier: 'complex', version: 3 });
      assert.equal(tier.status, 200, tier.text);
      logged++;
      assert.equal(tier.json.tier, 'complex');
      assert.deepEqual(tier.json.time_limits.answer, { value: 15, unit: 'working_days' });

      const listed = (await api(srv.url, 'GET', '/api/v1/categories')).json.items.find((c) => c.code === body.code);
      assert.deepEqual(listed, tier.json);
    });

    test('a retired category leaves the public list; admins still see it with ?all=true', T, async () => {
      const body = newCategory();
      assert.equal((await admin.post('/api/v1/categories', body)).status, 201);
      logged++;
      const off = await admin.patch(`/api/v1/categories/${body.code}`, { active: false });
      assert.equal(off.status, 200, off.text);
      logged++;
      assert.equal(off.json.active, false);

      const pub = await api(srv.url, 'GET', '/api/v1/categories');
      assert.ok(!pub.json.items.some((c) => c.code === body.code));
      const all = await admin.get('/api/v1/categories?all=true');
      assert.equal(all.status, 200, all.text);
      assert.equal(all.json.items.find((c) => c.code === body.code).active, false);

      assert.equal((await handler.get('/api/v1/categories?all=true')).status, 403);
      assert.equal((await api(srv.url, 'GET', '/api/v1/categories?all=true')).status, 401);
      const bad = await admin.get('/api/v1/categories?all=yes');
      assert.equal(bad.status, 400);
      assert.equal(errorOf(bad).field, 'all');

      const on = await admin.patch(`/api/v1/categories/${body.code}`, { active: true });
      assert.equal(on.status, 200, on.text);
      logged++;
      const back = await api(srv.url, 'GET', '/api/v1/categories');
      assert.ok(back.json.items.some((c) => c.code === body.code));
    });

    test('a handler, a dispatcher and a supervisor get 403; without a login 401', T, async () => {
      for (const s of [handler, dispatcher, supervisor]) {
        const res = await s.post('/api/v1/categories', newCategory());
        assert.equal(res.status, 403, res.text);
        assert.equal(errorOf(res).code, 'forbidden');
        const patch = await s.patch('/api/v1/categories/hiring', { name: '不行' });
        assert.equal(patch.status, 403, patch.text);
      }
      const anon = await api(srv.url, 'POST', '/api/v1/categories', { body: newCategory() });
      assert.equal(anon.status, 401);
      const hiring = (await api(srv.url, 'GET', '/api/v1/categories')).json.items.find((c) => c.code === 'hiring');
      assert.equal(hiring.name, '招聘用工');
      assert.equal(hiring.version, 1);
    });

    test('bad input answers 400 naming the field, and nothing is written', T, async () => {
      const before = await api(srv.url, 'GET', '/api/v1/categories?all=true', { cookie: admin.cookie });
      const events = auditCount(srv);
      const limits = newCategory().time_limits;
      const cases = [
        [{ code: 'Bad-Code' }, 'code'],
        [{ code: '1abc' }, 'code'],
        [{ code: 'a' }, 'code'],
        [{ code: 'x'.repeat(33) }, 'code'],
        [{ tier: 'urgent' }, 'tier'],
        [{ name: '' }, 'name'],
        [{ name_en: undefined }, 'name_en'],
        [{ colour: 'red' }, 'colour'],
        [{ time_limits: 'fast' }, 'time_limits'],
        [{ time_limits: { ...limits, reply: { value: 1, unit: 'hours' } } }, 'time_limits.reply'],
        [{ time_limits: { ...limits, accept: { value: 2, unit: 'days' } } }, 'time_limits.accept.unit'],
        [{ time_limits: { ...limits, accept: { value: 2 } } }, 'time_limits.accept.unit'],
        [{ time_limits: { ...limits, contact: { value: 0, unit: 'hours' } } }, 'time_limits.contact.value'],
        [{ time_limits: { ...limits, answer: { value: 1001, unit: 'working_days' } } }, 'time_limits.answer.value'],
        [{ time_limits: { ...limits, answer: { value: '7', unit: 'working_days' } } }, 'time_limits.answer.value'],
        [
          { time_limits: { ...limits, acknowledge: { value: 2, unit: 'hours', note: 'x' } } },
          'time_limits.acknowledge.note',
        ],
        [{ sort: 'first' }, 'sort'],
      ];
      const tried = [];
      for (const [over, field] of cases) {
        const body = newCategory(over);
        if ('name_en' in over && over.name_en === undefined) delete body.name_en;
        tried.push(body.code);
        const res = await admin.post('/api/v1/categories', body);
        assert.equal(res.status, 400, `${JSON.stringify(over)}: ${res.text}`);
        const e = errorOf(res);
        assert.equal(e.code, 'invalid');
        assert.equal(e.field, field, JSON.stringify(over));
      }
      const patches = [
        [{ colour: 'red' }, 'colour'],
        [{ time_limits: { answer: { value: 0, unit: 'hours' } } }, 'time_limits.answer.value'],
        [{ time_limits: { accept: { value: 2, unit: 'fortnights' } } }, 'time_limits.accept.unit'],
        [{ tier: 'urgent' }, 'tier'],
        [{ active: 'no' }, 'active'],
        [{ code: 'renamed' }, 'code'],
        [{}, null],
        [{ time_limits: {} }, 'time_limits'],
      ];
      for (const [body, field] of patches) {
        const res = await admin.patch('/api/v1/categories/hiring', body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(errorOf(res).field, field, JSON.stringify(body));
      }
      const missing = await admin.patch('/api/v1/categories/no_such_code', { name: '无' });
      assert.equal(missing.status, 404, missing.text);

      const after_ = await api(srv.url, 'GET', '/api/v1/categories?all=true', { cookie: admin.cookie });
      assert.deepEqual(after_.json, before.json);
      assert.ok(!after_.json.items.some((c) => tried.includes(c.code)));
      assert.equal(auditCount(srv), events, 'no admin event was written');
    });
  });

  describe('tiers', () => {
    test('the four tiers are public with their answer limits', T, async () => {
      const res = await api(srv.url, 'GET', '/api/v1/tiers');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.next, null);
      assert.deepEqual(res.json.items, [
        { tier: 'emergency', answer: { value: 2, unit: 'hours' } },
        { tier: 'utility', answer: { value: 24, unit: 'hours' } },
        { tier: 'general', answer: { value: 7, unit: 'working_days' } },
        { tier: 'complex', answer: { value: 15, unit: 'working_days' } },
      ]);
    });

    test('an admin changes a tier; new categories of that tier take the new limit', T, async () => {
      const res = await admin.patch('/api/v1/tiers/utility', { answer: { value: 12, unit: 'hours' } });
      assert.equal(res.status, 200, res.text);
      logged++;
      assert.deepEqual(res.json, { tier: 'utility', answer: { value: 12, unit: 'hours' } });
      const list = await api(srv.url, 'GET', '/api/v1/tiers');
      assert.deepEqual(list.json.items[1], res.json);
      // Existing categories keep their own limit.
      const cats = (await api(srv.url, 'GET', '/api/v1/categories')).json.items;
      const utilities = cats.find((c) => c.code === 'utilities');
      assert.deepEqual(utilities.time_limits.answer, { value: 24, unit: 'hours' });
      const { time_limits, ...body } = newCategory({ tier: 'utility' });
      const created = await admin.post('/api/v1/categories', body);
      assert.equal(created.status, 201, created.text);
      logged++;
      assert.deepEqual(created.json.time_limits.answer, { value: 12, unit: 'hours' });
      assert.deepEqual(created.json.time_limits.contact, { value: 12, unit: 'hours' });

      const restore = await admin.patch('/api/v1/tiers/utility', { answer: { value: 24, unit: 'hours' } });
      assert.equal(restore.status, 200, restore.text);
      logged++;
    });

    test('tier errors: unknown tier 404, bad limits 400, non-admins 403', T, async () => {
      assert.equal((await admin.patch('/api/v1/tiers/urgent', { answer: { value: 1, unit: 'hours' } })).status, 404);
      for (const [body, field] of [
        [{ answer: { value: 1, unit: 'weeks' } }, 'answer.unit'],
        [{ answer: { value: 0, unit: 'hours' } }, 'answer.value'],
        [{ answer: 5 }, 'answer'],
        [{}, 'answer'],
        [{ answer: { value: 1, unit: 'hours' }, extra: 1 }, 'extra'],
      ]) {
        const res = await admin.patch('/api/v1/tiers/general', body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(errorOf(res).field, field, JSON.stringify(body));
      }
      const res = await handler.patch('/api/v1/tiers/general', { answer: { value: 1, unit: 'hours' } });
      assert.equal(res.status, 403);
      const general = (await api(srv.url, 'GET', '/api/v1/tiers')).json.items[2];
      assert.deepEqual(general.answer, { value: 7, unit: 'working_days' });
    });
  });

  describe('calendar', () => {
    test('2026 lists the State Council schedule: holidays and make-up working days', T, async () => {
      const res = await api(srv.url, 'GET', '/api/v1/calendar?from=2026-01-01&to=2026-12-31');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.next, null);
      const items = res.json.items;
      assert.equal(items.length, 39);
      for (const d of items) assert.deepEqual(Object.keys(d).sort(), ['day', 'kind', 'name']);
      const by = Object.fromEntries(items.map((d) => [d.day, d]));
      assert.deepEqual(by['2026-10-01'], { day: '2026-10-01', kind: 'holiday', name: '国庆节' });
      assert.deepEqual(by['2026-10-10'], { day: '2026-10-10', kind: 'workday', name: '国庆节' });
      assert.deepEqual(by['2026-01-04'], { day: '2026-01-04', kind: 'workday', name: '元旦' });
      assert.deepEqual(by['2026-09-20'], { day: '2026-09-20', kind: 'workday', name: '国庆节' });
      assert.equal(by['2026-02-15'].name, '春节');
      assert.equal(by['2026-02-23'].kind, 'holiday');
      assert.equal(items.filter((d) => d.kind === 'workday').length, 6);
      assert.deepEqual(items.map((d) => d.day), items.map((d) => d.day).sort());
      // Every make-up working day is a Saturday or a Sunday.
      for (const d of items.filter((x) => x.kind === 'workday'))
        assert.ok([0, 6].includes(new Date(`${d.day}T00:00:00Z`).getUTCDay()), d.day);

      const both = await api(srv.url, 'GET', '/api/v1/calendar?from=2025-01-01&to=2026-12-31');
      assert.equal(both.json.items.length, 72);
      const oct = await api(srv.url, 'GET', '/api/v1/calendar?from=2025-10-01&to=2025-10-31');
      assert.equal(oct.json.items.length, 9);
      assert.equal(oct.json.items[0].name, '国庆节、中秋节');
    });

    test('without bounds the list is the current year in Asia/Shanghai', T, async () => {
      const year = new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();
      const res = await api(srv.url, 'GET', '/api/v1/calendar');
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json.items.every((d) => d.day.startsWith(`${year}-`)));
      // With one bound, the other is the end (or the start) of that bound's year.
      const from = await api(srv.url, 'GET', '/api/v1/calendar?from=2025-05-01');
      assert.equal(from.json.items.length, 18);
      assert.ok(from.json.items.every((d) => d.day >= '2025-05-01' && d.day <= '2025-12-31'));
      const to = await api(srv.url, 'GET', '/api/v1/calendar?to=2026-03-01');
      assert.equal(to.json.items.length, 15);
      assert.equal(to.json.items[0].day, '2026-01-01');
    });

    test('bad bounds answer 400 naming from or to', T, async () => {
      for (const [q, field] of [
        ['from=2026-13-01', 'from'],
        ['from=yesterday', 'from'],
        ['to=2026-02-30', 'to'],
        ['from=2026-06-01&to=2026-05-01', 'to'],
      ]) {
        const res = await api(srv.url, 'GET', `/api/v1/calendar?${q}`);
        assert.equal(res.status, 400, q);
        assert.equal(errorOf(res).field, field, q);
      }
    });

    test('an admin puts and deletes days; a make-up workday on a weekday is refused', T, async () => {
      const events = auditCount(srv);
      // 2026-10-12 is a Monday.
      const weekday = await put(srv, admin, '/api/v1/calendar/2026-10-12', { kind: 'workday', name: '国庆节' });
      assert.equal(weekday.status, 400, weekday.text);
      assert.equal(errorOf(weekday).field, 'kind');
      assert.match(errorOf(weekday).message, /Monday/);
      for (const [p, body, field] of [
        ['/api/v1/calendar/2026-02-30', { kind: 'holiday' }, 'day'],
        ['/api/v1/calendar/20261231', { kind: 'holiday' }, 'day'],
        ['/api/v1/calendar/2026-12-31', { kind: 'festival' }, 'kind'],
        ['/api/v1/calendar/2026-12-31', { name: '无' }, 'kind'],
        ['/api/v1/calendar/2026-12-31', { kind: 'holiday', when: 'now' }, 'when'],
      ]) {
        const res = await put(srv, admin, p, body);
        assert.equal(res.status, 400, `${p} ${JSON.stringify(body)}: ${res.text}`);
        assert.equal(errorOf(res).field, field);
      }
      assert.equal(auditCount(srv), events, 'refused changes write nothing');

      // 2026-12-26 is a Saturday; 2026-12-31 a Thursday.
      const sat = await put(srv, admin, '/api/v1/calendar/2026-12-26', { kind: 'workday', name: '测试调休' });
      assert.equal(sat.status, 200, sat.text);
      logged++;
      assert.deepEqual(sat.json, { day: '2026-12-26', kind: 'workday', name: '测试调休' });
      const thu = await put(srv, admin, '/api/v1/calendar/2026-12-31', { kind: 'holiday', name: '测试' });
      assert.equal(thu.status, 200, thu.text);
      logged++;
      const renamed = await put(srv, admin, '/api/v1/calendar/2026-12-31', { kind: 'holiday', name: '测试假日' });
      assert.equal(renamed.status, 200, renamed.text);
      logged++;
      // An existing day can change kind too (a listed Saturday holiday becomes a workday).
      const dec = await api(srv.url, 'GET', '/api/v1/calendar?from=2026-12-01&to=2026-12-31');
      assert.deepEqual(dec.json.items, [
        { day: '2026-12-26', kind: 'workday', name: '测试调休' },
        { day: '2026-12-31', kind: 'holiday', name: '测试假日' },
      ]);

      for (const day of ['2026-12-26', '2026-12-31']) {
        const del = await admin.del(`/api/v1/calendar/${day}`);
        assert.equal(del.status, 204, del.text);
        assert.equal(del.text, '');
        logged++;
      }
      const gone = await admin.del('/api/v1/calendar/2026-12-31');
      assert.equal(gone.status, 404, gone.text);
      const empty = await api(srv.url, 'GET', '/api/v1/calendar?from=2026-12-01&to=2026-12-31');
      assert.deepEqual(empty.json.items, []);
    });

    test('only admins change the calendar', T, async () => {
      for (const s of [handler, dispatcher, supervisor]) {
        assert.equal((await put(srv, s, '/api/v1/calendar/2026-12-30', { kind: 'holiday' })).status, 403);
        assert.equal((await s.del('/api/v1/calendar/2026-10-01')).status, 403);
      }
      const anon = await api(srv.url, 'PUT', '/api/v1/calendar/2026-12-30', { body: { kind: 'holiday' } });
      assert.equal(anon.status, 401);
      const still = await api(srv.url, 'GET', '/api/v1/calendar?from=2026-10-01&to=2026-10-01');
      assert.equal(still.json.items.length, 1);
    });
  });

  describe('dispatch rules', () => {
    let econ, xiexia, category;

    // A category of its own, so rules the demo district may already hold do not interfere.
    before(async () => {
      econ = await orgByName(srv.url, '仲恺高新区经济发展局');
      xiexia = await orgByName(srv.url, '斜下社区党建联盟');
      const res = await admin.post('/api/v1/categories', newCategory());
      assert.equal(res.status, 201, res.text);
      logged++;
      category = res.json.code;
    }, T);

    test('an admin creates, lists and deletes rules', T, async () => {
      const wide = await admin.post('/api/v1/dispatch-rules', {
        category, community_id: null, target: 'org', org_id: econ.id, auto: true,
      });
      assert.equal(wide.status, 201, wide.text);
      logged++;
      assert.deepEqual(Object.keys(wide.json).sort(),
        ['auto', 'category', 'community_id', 'created_at', 'id', 'org_id', 'target']);
      assert.equal(wide.json.category, category);
      assert.equal(wide.json.community_id, null);
      assert.equal(wide.json.org_id, econ.id);
      assert.equal(wide.json.auto, true);

      const local = await admin.post('/api/v1/dispatch-rules', {
        category, community_id: xiexia.id, target: 'community',
      });
      assert.equal(local.status, 201, local.text);
      logged++;
      assert.equal(local.json.target, 'community');
      assert.equal(local.json.org_id, null);
      assert.equal(local.json.auto, false);

      const dup = await admin.post('/api/v1/dispatch-rules', { category, target: 'org', org_id: econ.id });
      assert.equal(dup.status, 409, dup.text);
      errorOf(dup);

      // Any staff member reads the catalogue.
      const list = await handler.get('/api/v1/dispatch-rules');
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.next, null);
      const ids = list.json.items.map((r) => r.id);
      assert.ok(ids.includes(wide.json.id) && ids.includes(local.json.id));
      assert.deepEqual(list.json.items.find((r) => r.id === wide.json.id), wide.json);

      const del = await admin.del(`/api/v1/dispatch-rules/${local.json.id}`);
      assert.equal(del.status, 204, del.text);
      logged++;
      assert.equal((await admin.del(`/api/v1/dispatch-rules/${local.json.id}`)).status, 404);
      const after1 = await admin.get('/api/v1/dispatch-rules');
      assert.ok(!after1.json.items.some((r) => r.id === local.json.id));
      assert.ok(after1.json.items.some((r) => r.id === wide.json.id));
    });

    test('rule errors name their field; nothing is written', T, async () => {
      const events = auditCount(srv);
      const before_ = (await admin.get('/api/v1/dispatch-rules')).json;
      for (const [body, status, field] of [
        [{ category: 'no_such', target: 'org', org_id: econ.id }, 404, 'category'],
        [{ category, target: 'org', org_id: 999999 }, 404, 'org_id'],
        [{ category, target: 'org' }, 400, 'org_id'],
        [{ category, target: 'community', org_id: econ.id }, 400, 'org_id'],
        [{ category, community_id: econ.id, target: 'community' }, 400, 'community_id'],
        [{ category, community_id: 999999, target: 'community' }, 404, 'community_id'],
        [{ category, target: 'unit', org_id: econ.id }, 400, 'target'],
        [{ category, target: 'org', org_id: econ.id, auto: 'yes' }, 400, 'auto'],
        [{ category, target: 'org', org_id: econ.id, priority: 1 }, 400, 'priority'],
      ]) {
        const res = await admin.post('/api/v1/dispatch-rules', body);
        assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(errorOf(res).field, field, JSON.stringify(body));
      }
      const denied = await handler.post('/api/v1/dispatch-rules', {
        category, target: 'org', org_id: econ.id,
      });
      assert.equal(denied.status, 403);
      assert.equal((await dispatcher.del(`/api/v1/dispatch-rules/${before_.items[0].id}`)).status, 403);
      assert.equal((await api(srv.url, 'GET', '/api/v1/dispatch-rules')).status, 401);
      assert.equal((await admin.del('/api/v1/dispatch-rules/999999')).status, 404);
      assert.deepEqual((await admin.get('/api/v1/dispatch-rules')).json, before_);
      assert.equal(auditCount(srv), events);
    });
  });

  describe('reply templates', () => {
    test('dispatchers and admins write templates; staff read them by category', T, async () => {
      const title = uniq('模板');
      const mine = await dispatcher.post('/api/v1/reply-templates', {
        category: 'hiring',
        title,
        body: '{name}您好：您反映的问题（{tracking_no}）已由{unit}于{date}办结。',
      });
      assert.equal(mine.status, 201, mine.text);
      assert.deepEqual(Object.keys(mine.json).sort(),
        ['body', 'category', 'community_id', 'created_at', 'id', 'title', 'updated_at']);
      assert.equal(mine.json.category, 'hiring');
      assert.equal(mine.json.community_id, null, 'district-wide unless limited to a community');
      const generic = await admin.post('/api/v1/reply-templates', {
        category: null, title: uniq('通用'), body: '感谢您的反映。\n我们将尽快处理。',
      });
      assert.equal(generic.status, 201, generic.text);
      assert.equal(generic.json.category, null);

      const hiring = await handler.get('/api/v1/reply-templates?category=hiring');
      assert.equal(hiring.status, 200, hiring.text);
      assert.equal(hiring.json.next, null);
      const ids = hiring.json.items.map((t) => t.id);
      assert.ok(ids.includes(mine.json.id) && ids.includes(generic.json.id));
      assert.ok(ids.indexOf(mine.json.id) < ids.indexOf(generic.json.id), 'category templates first');
      const financing = await handler.get('/api/v1/reply-templates?category=financing');
      assert.ok(!financing.json.items.some((t) => t.id === mine.json.id));
      assert.ok(financing.json.items.some((t) => t.id === generic.json.id));
      const all = await supervisor.get('/api/v1/reply-templates');
      assert.ok(all.json.items.some((t) => t.id === mine.json.id));
      const bad = await handler.get('/api/v1/reply-templates?category=no_such');
      assert.equal(bad.status, 400);
      assert.equal(errorOf(bad).field, 'category');

      const p = `/api/v1/reply-templates/${mine.json.id}`;
      const patched = await dispatcher.patch(p, { title: `${title}（改）`, category: null });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.title, `${title}（改）`);
      assert.equal(patched.json.category, null);
      assert.equal(patched.json.body, mine.json.body);

      const del = await admin.del(p);
      assert.equal(del.status, 204, del.text);
      assert.equal((await admin.del(p)).status, 404);
      assert.equal((await admin.patch(p, { title: 'x' })).status, 404);
      assert.ok(!(await handler.get('/api/v1/reply-templates')).json.items.some((t) => t.id === mine.json.id));
      assert.equal((await admin.del(`/api/v1/reply-templates/${generic.json.id}`)).status, 204);
    });

    test('template errors: unknown placeholder, unknown category, bad fields, roles', T, async () => {
      for (const [body, status, field] of [
        [{ title: 't', body: '您好{nmae}' }, 400, 'body'],
        [{ title: 't', body: '' }, 400, 'body'],
        [{ title: '', body: 'b' }, 400, 'title'],
        [{ category: 'no_such', title: 't', body: 'b' }, 404, 'category'],
        [{ title: 't', body: 'b', tags: [] }, 400, 'tags'],
      ]) {
        const res = await admin.post('/api/v1/reply-templates', body);
        assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(errorOf(res).field, field, JSON.stringify(body));
      }
      // Braces that are not a placeholder are plain text.
      const braces = await admin.post('/api/v1/reply-templates', { title: uniq('t'), body: '格式 { 如下 } 与 {} 不是占位符' });
      assert.equal(braces.status, 201, braces.text);
      for (const s of [handler, supervisor]) {
        assert.equal((await s.post('/api/v1/reply-templates', { title: 't', body: 'b' })).status, 403);
        assert.equal((await s.patch(`/api/v1/reply-templates/${braces.json.id}`, { title: 'x' })).status, 403);
        assert.equal((await s.del(`/api/v1/reply-templates/${braces.json.id}`)).status, 403);
      }
      assert.equal((await api(srv.url, 'GET', '/api/v1/reply-templates')).status, 401);
      const bad = await admin.patch(`/api/v1/reply-templates/${braces.json.id}`, { body: '{who}' });
      assert.equal(bad.status, 400);
      assert.equal(errorOf(bad).field, 'body');
    });
  });

  test('the admin audit chain holds and grew by one event per admin change', T, async () => {
    assert.ok(logged >= 20, `made ${logged} admin changes`);
    assert.equal(auditCount(srv), auditStart + logged);
  });
});

describe('the calendar warns when next year is missing', () => {
  let srv;

  before(async () => {
    srv = await startServer({ testClock: true });
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  const setClock = async (now) => {
    const res = await api(srv.url, 'POST', '/api/v1/test/clock', { body: { now } });
    assert.equal(res.status, 200, res.text);
  };

  test('no warning while next year is listed; a warning naming the year once it is not', T, async () => {
    await setClock('2025-06-01T04:00:00Z');
    const y2025 = await api(srv.url, 'GET', '/api/v1/calendar');
    assert.equal(y2025.status, 200, y2025.text);
    assert.equal(y2025.json.items.length, 33);
    assert.ok(!('warnings' in y2025.json), y2025.text);

    // 16:30 UTC on 31 December is already New Year's Day in Asia/Shanghai.
    await setClock('2025-12-31T16:30:00Z');
    const y2026 = await api(srv.url, 'GET', '/api/v1/calendar');
    assert.equal(y2026.json.items.length, 39);
    assert.ok(y2026.json.items.every((d) => d.day.startsWith('2026-')));
    assert.equal(y2026.json.warnings.length, 1);
    assert.equal(y2026.json.warnings[0].code, 'calendar_year_missing');
    assert.equal(y2026.json.warnings[0].year, 2027);
    assert.match(y2026.json.warnings[0].message, /2027/);

    const admin = await loginSession(srv.url, 'admin');
    const res = await put(srv, admin, '/api/v1/calendar/2027-01-01', { kind: 'holiday', name: '元旦' });
    assert.equal(res.status, 200, res.text);
    const fixed = await api(srv.url, 'GET', '/api/v1/calendar');
    assert.ok(!('warnings' in fixed.json), fixed.text);
  });
});
