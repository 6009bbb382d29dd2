// The reception rooms' QR posters: GET /api/v1/rooms/{id}/poster.svg (an A4 page with the
// room, its hours, this month's rota and two QR codes) and poster.png (one code). The codes
// are read back with a real decoder (jsQR on the PNG decoded by pngjs) and must hold an
// absolute link from server.public_url that opens the H5 form pre-filled with the room,
// its community and the channel — and that link, followed, serves the H5.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { api, errorOf, sqlQuery, startServer, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealBody, appealServer, getAppeal, QUIET_CONF } from './lib/appeals.mjs';
import { makeRoom } from './lib/rooms.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
let room;

before(async () => {
  ctx = await appealServer();
  room = makeRoom(ctx, ctx.orgs.xiexia);
});
after(async () => {
  await ctx?.stop();
});

async function fetchRaw(url) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

// The text of the QR code in a PNG, read by jsQR.
function decode(buf) {
  const png = PNG.sync.read(buf);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  assert.ok(code, 'a QR code is found in the PNG');
  return code.data;
}

describe('QR codes', () => {
  test('the form code opens the H5 form for the room, its community and channel reception_room', T, async () => {
    const res = await fetchRaw(`${ctx.url}/api/v1/rooms/${room.id}/poster.png`);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'image/png');
    const link = decode(res.body);
    assert.equal(link, `${ctx.url}/#/submit?community=${ctx.orgs.xiexia.id}&channel=reception_room&room=${room.id}`);
    // The link is absolute: its origin is this server, which answers there (the API
    // suites run without the built front end, so /healthz stands for the H5).
    const origin = new URL(link).origin;
    assert.equal(origin, ctx.url);
    assert.equal((await fetch(`${origin}/healthz`)).status, 200);
  });

  test('the mailbox code opens the letter form', T, async () => {
    const res = await fetchRaw(`${ctx.url}/api/v1/rooms/${room.id}/poster.png?qr=mailbox&scale=4`);
    assert.equal(res.status, 200);
    assert.equal(decode(res.body), `${ctx.url}/#/submit?community=${ctx.orgs.xiexia.id}&channel=mailbox&room=${room.id}`);
    const png = PNG.sync.read(res.body);
    const big = PNG.sync.read((await fetchRaw(`${ctx.url}/api/v1/rooms/${room.id}/poster.png?qr=mailbox&scale=8`)).body);
    assert.equal(big.width, png.width * 2, 'scale is pixels a module');
  });

  test('bad parameters: 400; a closed or unknown room: 404', T, async () => {
    let res = await api(ctx.url, 'GET', `/api/v1/rooms/${room.id}/poster.png?qr=other`);
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'qr');
    res = await api(ctx.url, 'GET', `/api/v1/rooms/${room.id}/poster.png?scale=99`);
    assert.equal(res.status, 400);
    const closed = makeRoom(ctx, ctx.orgs.xiexia, { status: 'closed' });
    for (const id of [closed.id, 99999999])
      for (const kind of ['svg', 'png']) assert.equal((await api(ctx.url, 'GET', `/api/v1/rooms/${id}/poster.${kind}`)).status, 404);
  });
});

describe('the poster', () => {
  test("an A4 SVG with the room's name, address, hours, this month's rota and both codes", T, async () => {
    // One duty this month (the test clock is 2026-09-16) by an official of a member unit.
    const now = '2026-09-01T00:00:00Z';
    const off = Number(
      sqlQuery(
        ctx,
        `INSERT INTO officials (community_id, community_path, unit_id, name, created_at, updated_at) VALUES (${ctx.orgs.xiexia.id}, (SELECT path FROM orgs WHERE id = ${ctx.orgs.xiexia.id}), ${ctx.orgs.econ.id}, '王五', '${now}', '${now}') RETURNING id`,
      ).split('\n')[0],
    );
    sqlQuery(
      ctx,
      `INSERT INTO duties (room_id, day, from_time, to_time, seat, starts_at, ends_at, official_id, status, created_at, updated_at) VALUES (${room.id}, '2026-09-22', '14:30', '17:30', 1, '2026-09-22T06:30:00Z', '2026-09-22T09:30:00Z', ${off}, 'planned', '${now}', '${now}')`,
    );
    const res = await fetchRaw(`${ctx.url}/api/v1/rooms/${room.id}/poster.svg`);
    assert.equal(res.status, 200);
    assert.match(res.type, /^image\/svg\+xml/);
    const svg = res.body.toString('utf8');
    assert.match(svg, /width="210mm" height="297mm"/);
    assert.ok(svg.includes(room.name));
    assert.ok(svg.includes(room.address));
    assert.ok(svg.includes('周二 14:30–17:30') && svg.includes('周六 09:00–12:00'), 'the weekly hours');
    assert.ok(svg.includes('2026年9月值班安排'));
    assert.ok(svg.includes('9月22日 周二 14:30–17:30  王五（仲恺高新区经济发展局）'), 'the duty with name and unit');
    assert.equal((svg.match(/<path fill="#000"/g) || []).length, 2, 'two QR codes');
    assert.ok(svg.includes(`${ctx.url}/#/submit?community=${ctx.orgs.xiexia.id}&amp;channel=reception_room&amp;room=${room.id}`));
    assert.ok(svg.includes('&amp;channel=mailbox&amp;'));
  });
});

describe('submitting from a poster', () => {
  // What the H5 sends from the QR link's query: room, community, channel.
  const body = (over) => appealBody(ctx, { channel: 'reception_room', room_id: room.id, ...over });

  test('an appeal with room_id comes from the room and its community', T, async () => {
    const res = await api(ctx.url, 'POST', '/api/v1/appeals', { body: body({ location: { community_id: undefined } }) });
    assert.equal(res.status, 201, res.text);
    const a = await getAppeal(await ctx.as('dispatcher'), res.json.id);
    assert.equal(a.room_id, room.id);
    assert.equal(a.channel, 'reception_room');
    assert.equal(a.location.community_id, ctx.orgs.xiexia.id);
  });

  test("the poster's mailbox code: a letter to the room's community", T, async () => {
    const res = await api(ctx.url, 'POST', '/api/v1/appeals', { body: body({ channel: 'mailbox' }) });
    assert.equal(res.status, 201, res.text);
    const a = await getAppeal(await ctx.as('secretary'), res.json.id);
    assert.equal(a.room_id, room.id);
    assert.equal(a.addressed_to, (await (await ctx.as('secretary')).get('/api/v1/me')).json.id);
  });

  test('a room of another community than the location: 400; a closed room: 404', T, async () => {
    let res = await api(ctx.url, 'POST', '/api/v1/appeals', { body: body({ location: { community_id: ctx.orgs.yuhu.id } }) });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'room_id');
    const closed = makeRoom(ctx, ctx.orgs.xiexia, { status: 'closed' });
    res = await api(ctx.url, 'POST', '/api/v1/appeals', { body: body({ room_id: closed.id }) });
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).field, 'room_id');
  });
});

describe('server.public_url', () => {
  test('links start with the configured public address, with or without a trailing slash', T, async () => {
    const server = await startServer({ testClock: false, conf: `${QUIET_CONF}[server]\npublic_url = https://huiyin.example.cn/sub/\n` });
    try {
      const r = makeRoom(server, { id: ctx.orgs.xiexia.id });
      const res = await fetchRaw(`${server.url}/api/v1/rooms/${r.id}/poster.png`);
      assert.equal(decode(res.body), `https://huiyin.example.cn/sub/#/submit?community=${ctx.orgs.xiexia.id}&channel=reception_room&room=${r.id}`);
    } finally {
      await server.stop();
    }
  });

  test('a public_url that is not http(s) is refused at start', T, async () => {
    await assert.rejects(startServer({ testClock: false, conf: `[server]\npublic_url = ftp://example.cn\n` }), /public_url/);
  });
});
