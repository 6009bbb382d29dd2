// Reception rooms (书记会客室): a secretary creates and changes the rooms of their
// community with their weekly hours and exceptions; a room of another community is 404;
// the public sees the active rooms of a community; bad hours are refused with nothing
// written; every change is an event on the room's chain, which audit verify checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BIN, cli, errorOf, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
let as;

before(async () => {
  ctx = await appealServer();
  as = {};
  for (const name of ['admin', 'secretary', 'supervisor', 'yuhu.handler']) as[name] = await ctx.as(name);
});
after(async () => {
  await ctx?.stop();
});

const HOURS = [
  { weekday: 2, from: '14:30', to: '17:30' },
  { weekday: 4, from: '14:30', to: '17:30' },
  { weekday: 6, from: '09:00', to: '12:00' },
];

function roomBody(over = {}) {
  return {
    community_id: ctx.orgs.xiexia.id,
    name: '斜下社区书记会客室',
    address: '斜下村党群服务中心二楼',
    lat: 23.0123,
    lng: 114.3456,
    phone: '0752-3456789',
    hours: HOURS,
    exceptions: [
      { day: '2026-09-29', kind: 'closed', note: '设备检修' },
      { day: '2026-09-30', kind: 'open', from: '09:00', to: '11:00', note: '国庆前加开' },
    ],
    officials_per_slot: 2,
    ...over,
  };
}

const roomCount = () => Number(sqlQuery(ctx, 'SELECT COUNT(*) FROM rooms').trim().split('\n').pop());

describe('rooms', () => {
  test('a secretary creates a room of their community; it reads back; the public sees it', T, async () => {
    const res = await as.secretary.post('/api/v1/rooms', roomBody());
    assert.equal(res.status, 201, res.text);
    const room = res.json;
    assert.equal(room.name, '斜下社区书记会客室');
    assert.equal(room.community_id, ctx.orgs.xiexia.id);
    assert.equal(room.status, 'active');
    assert.equal(room.officials_per_slot, 2);
    assert.equal(room.swap_needs_approval, true);
    assert.equal(room.open_on_holidays, false);
    assert.deepEqual(room.hours, HOURS);
    assert.deepEqual(
      room.exceptions.map((x) => [x.day, x.kind, x.from, x.to]),
      [
        ['2026-09-29', 'closed', null, null],
        ['2026-09-30', 'open', '09:00', '11:00'],
      ],
    );
    assert.deepEqual(room.actions, ['update', 'generate']);
    const got = await as.secretary.get(`/api/v1/rooms/${room.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, room);

    const pub = await api(ctx.url, 'GET', `/api/v1/public/rooms?community_id=${ctx.orgs.xiexia.id}`);
    assert.equal(pub.status, 200, pub.text);
    const seen = pub.json.items.find((x) => x.id === room.id);
    assert.ok(seen, 'the public sees the active room');
    assert.deepEqual(seen.hours, HOURS);
    assert.equal(seen.address, '斜下村党群服务中心二楼');
    assert.equal(seen.version, undefined, 'the public view has no staff fields');

    const evs = await as.secretary.get(`/api/v1/rooms/${room.id}/events`);
    assert.equal(evs.status, 200);
    assert.deepEqual(
      evs.json.items.map((e) => e.type),
      ['create'],
    );
  });

  test('the hours are changed, the room closed: events on its chain; the public no longer sees it', T, async () => {
    const room = (await as.secretary.post('/api/v1/rooms', roomBody({ name: '斜下二号会客室' }))).json;
    const hours = [{ weekday: 3, from: '09:00', to: '11:30' }];
    let res = await as.secretary.patch(`/api/v1/rooms/${room.id}`, { hours, version: room.version });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.hours, hours);
    assert.equal(res.json.version, room.version + 1);
    // A stale version is refused.
    res = await as.secretary.patch(`/api/v1/rooms/${room.id}`, { name: '旧版本', version: room.version });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'stale');
    res = await as.secretary.patch(`/api/v1/rooms/${room.id}`, { status: 'closed' });
    assert.equal(res.status, 200, res.text);
    const evs = (await as.secretary.get(`/api/v1/rooms/${room.id}/events`)).json.items;
    assert.deepEqual(
      evs.map((e) => e.type),
      ['create', 'update', 'close'],
    );
    assert.deepEqual(JSON.parse(evs[1].data.changes.hours), hours);
    const pub = await api(ctx.url, 'GET', `/api/v1/public/rooms?community_id=${ctx.orgs.xiexia.id}`);
    assert.ok(!pub.json.items.some((x) => x.id === room.id), 'a closed room is not shown');
    const v = cli(BIN, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout + v.stderr, /every audit chain holds/);
  });

  test('a room of another community is 404; creating one there is 403; the public list needs a community', T, async () => {
    const room = (await as.secretary.post('/api/v1/rooms', roomBody({ name: '斜下三号会客室' }))).json;
    const other = await as['yuhu.handler'].get(`/api/v1/rooms/${room.id}`);
    assert.equal(other.status, 404);
    const patch = await as['yuhu.handler'].patch(`/api/v1/rooms/${room.id}`, { name: '别人的' });
    assert.equal(patch.status, 404);
    const list = (await as['yuhu.handler'].get('/api/v1/rooms')).json.items;
    assert.ok(!list.some((x) => x.id === room.id));
    const before = roomCount();
    const res = await as.secretary.post('/api/v1/rooms', roomBody({ community_id: ctx.orgs.yuhu.id }));
    assert.equal(res.status, 403);
    // A supervisor reads but never changes.
    assert.equal((await as.supervisor.get(`/api/v1/rooms/${room.id}`)).status, 200);
    assert.equal((await as.supervisor.patch(`/api/v1/rooms/${room.id}`, { name: '督查' })).status, 403);
    assert.equal(roomCount(), before);
    const pub = await api(ctx.url, 'GET', '/api/v1/public/rooms');
    assert.equal(pub.status, 400);
    assert.equal(errorOf(pub).field, 'community_id');
    const notCommunity = await api(ctx.url, 'GET', `/api/v1/public/rooms?community_id=${ctx.orgs.econ.id}`);
    assert.equal(notCommunity.status, 404);
  });

  test('bad hours and exceptions are refused naming the field, and nothing is written', T, async () => {
    const before = roomCount();
    const cases = [
      [{ hours: [{ weekday: 2, from: '17:30', to: '14:30' }] }, 'hours', /end after/],
      [{ hours: [{ weekday: 2, from: '14:30', to: '14:30' }] }, 'hours', /end after/],
      [
        {
          hours: [
            { weekday: 2, from: '09:00', to: '12:00' },
            { weekday: 2, from: '11:00', to: '13:00' },
          ],
        },
        'hours',
        /overlap/,
      ],
      [{ hours: [{ weekday: 8, from: '09:00', to: '12:00' }] }, 'hours[0].weekday', /7/],
      [{ hours: [{ weekday: 1, from: '9点', to: '12:00' }] }, 'hours[0].from', /5 characters/],
      [{ hours: [{ weekday: 1, from: '09:00', to: '25:00' }] }, 'hours', /HH:MM/],
      [{ hours: 'Tue 14:30' }, 'hours', /list/],
      [{ exceptions: [{ day: '2026-09-29', kind: 'open', from: '15:00', to: '16:00' }] }, 'exceptions', /overlaps/],
      [{ exceptions: [{ day: '2026-09-30', kind: 'open' }] }, 'exceptions', /from and to/],
      [{ exceptions: [{ day: '2026-02-30', kind: 'closed' }] }, 'exceptions[0].day', /date/],
      [{ officials_per_slot: 0 }, 'officials_per_slot', /1/],
      [{ lat: 23.1, lng: undefined }, 'lng', /together/],
      [{ photo_id: 'nosuchupload' }, 'photo_id', /upload/],
      [{ name: '' }, 'name', /empty|least/],
      [{ extra: 1 }, 'extra', /.+/],
    ];
    for (const [over, field, msg] of cases) {
      const body = roomBody(over);
      for (const [k, v] of Object.entries(over)) if (v === undefined) delete body[k];
      const res = await as.secretary.post('/api/v1/rooms', body);
      assert.ok(res.status === 400 || res.status === 404, `${JSON.stringify(over)}: ${res.status} ${res.text}`);
      const e = errorOf(res);
      assert.equal(e.field, field, `${JSON.stringify(over)}: ${res.text}`);
      assert.match(e.message, msg, `${JSON.stringify(over)}: ${res.text}`);
    }
    assert.equal(roomCount(), before);
  });
});
