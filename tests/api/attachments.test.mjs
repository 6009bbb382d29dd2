// Attachments: uploading photos and PDFs (type judged by the bytes, 10 MiB at most, the
// same bytes stored once), linking them to an appeal or to add_info in the same write
// (a bad id leaves nothing behind), who may read them back (staff in scope, the
// submitter's token, the public wall, the uploader before linking; 404 for everyone else),
// redaction from the wall, the per-address upload limit and the purge of unlinked uploads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { api, cli, errorOf, loginSession, orgByName, sqlQuery, startServer, TEST_TIMEOUT_MS } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const MiB = 1 << 20;
const BASE_TIME = '2026-11-24T02:00:00Z'; // a Tuesday, 10:00 in Asia/Shanghai

// ---- files, built here ----------------------------------------------------------------

let serial = 0;
// A few bytes that make each file unique unless a test wants the same bytes twice.
function tag() {
  serial++;
  return Buffer.from(`${process.pid}-${Date.now()}-${serial}-${crypto.randomBytes(6).toString('hex')}`);
}

// A 1x1 transparent PNG (a real, decodable image), then a unique trailer after IEND.
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
function png() {
  return Buffer.concat([PNG_1x1, tag()]);
}
// SOI, a JFIF APP0 segment, a comment segment with the tag, EOI.
function jpeg() {
  const t = tag();
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, t.length + 2]), t]);
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, Buffer.from([0xff, 0xd9])]);
}
function pdf() {
  return Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% '),
    tag(),
    Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
}
function webp() {
  const body = Buffer.concat([Buffer.from('WEBPVP8L'), tag()]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from('RIFF'), size, body]);
}
const SCRIPT = Buffer.from('#!/bin/sh\necho pwned > /tmp/x\n');

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

// ---- calls ------------------------------------------------------------------------------

// Uploads bytes as `type`; opts: {s: a staff session, xff: X-Forwarded-For}.
function upload(url, bytes, type, { s, xff } = {}) {
  const headers = {};
  if (type) headers['Content-Type'] = type;
  if (xff) headers['X-Forwarded-For'] = xff;
  if (s) return s.post('/api/v1/attachments', bytes, { headers, raw: true });
  return api(url, 'POST', '/api/v1/attachments', { body: bytes, headers, raw: true });
}

async function uploaded(url, bytes, type, opts) {
  const res = await upload(url, bytes, type, opts);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function fetchFile(url, id, { s, token, xff } = {}) {
  const headers = {};
  if (token) headers['X-Access-Token'] = token;
  if (xff) headers['X-Forwarded-For'] = xff;
  if (s) return s.get(`/api/v1/attachments/${id}`, { headers });
  return api(url, 'GET', `/api/v1/attachments/${id}`, { headers });
}

// SQL on the server's database (sqlite3 or psql); pg: the PostgreSQL text where it differs.
const sql = (srv, query, pg) => sqlQuery(srv, query, { pg });
const count = (srv, table) => Number(sql(srv, `select count(*) from ${table}`));
// The blobs row of a SHA-256 (hex): SQLite's hex() and PostgreSQL's encode(bytea).
const blobCount = (srv, sha) =>
  Number(sql(srv, `select count(*) from blobs where hex(sha256) = upper('${sha}')`,
    `select count(*) from blobs where encode(sha256, 'hex') = lower('${sha}')`));

// ---- the server ---------------------------------------------------------------------------

// 127.0.0.1 is a trusted proxy, so X-Forwarded-For gives a test another client address;
// the public limits are high so that only the limit test meets them.
const CONF = `
[server]
trusted_proxies = 127.0.0.1
[intake]
submissions_per_hour = 1000
uploads_per_hour = 1000
`;

let srv;
let orgs;
const as = {};

before(async () => {
  srv = await startServer({ conf: CONF, testClock: true });
  await api(srv.url, 'POST', '/api/v1/test/clock', { body: { now: BASE_TIME } });
  orgs = {
    xiexia: await orgByName(srv.url, '斜下社区党建联盟'),
    yuhu: await orgByName(srv.url, '御湖社区党建联盟'),
  };
  for (const name of ['dispatcher', 'xiexia.handler', 'yuhu.handler', 'handler']) as[name] = await loginSession(srv.url, name);
}, { timeout: TEST_TIMEOUT_MS * 2 });

after(async () => {
  await srv?.stop();
}, T);

// An appeal in 斜下 (xiexia) from the public; extra fields override.
function appealBody(extra = {}) {
  return {
    category: 'other',
    title: '附件测试诉求',
    description: '小区门口的路面破损，附上照片和说明材料。',
    submitter: { type: 'resident', name: '张三', phone: '13800138000' },
    location: { community_id: orgs.xiexia.id, address: '斜下村' },
    ...extra,
  };
}

function submit(body, { s, xff } = {}) {
  const headers = xff ? { 'X-Forwarded-For': xff } : {};
  if (s) return s.post('/api/v1/appeals', body, { headers });
  return api(srv.url, 'POST', '/api/v1/appeals', { body, headers });
}

async function submitted(body, opts) {
  const res = await submit(body, opts);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

// ---- uploads ------------------------------------------------------------------------------

describe('uploading', () => {
  test('a PNG, a JPEG, a WebP and a PDF are accepted with their sniffed type', T, async () => {
    for (const [make, type] of [
      [png, 'image/png'],
      [jpeg, 'image/jpeg'],
      [webp, 'image/webp'],
      [pdf, 'application/pdf'],
    ]) {
      const bytes = make();
      const res = await upload(srv.url, bytes, type);
      assert.equal(res.status, 201, `${type}: ${res.text}`);
      assert.deepEqual(Object.keys(res.json).sort(), ['id', 'sha256', 'size', 'type']);
      assert.equal(res.json.type, type);
      assert.equal(res.json.size, bytes.length);
      assert.equal(res.json.sha256, sha256(bytes));
      // 256 random bits, base64url: unguessable and fit for a path segment.
      assert.match(res.json.id, /^[A-Za-z0-9_-]{43}$/);
    }
  });

  test('a type parameter and the image/jpg spelling are fine; the id is new each time', T, async () => {
    const a = await uploaded(srv.url, png(), 'image/png; charset=binary');
    const b = await uploaded(srv.url, jpeg(), 'image/jpg');
    assert.equal(b.type, 'image/jpeg');
    assert.notEqual(a.id, b.id);
  });

  test('the same bytes twice: two ids, one blob', T, async () => {
    const bytes = pdf();
    const blobs0 = count(srv, 'blobs');
    const rows0 = count(srv, 'attachments');
    const a = await uploaded(srv.url, bytes, 'application/pdf');
    const b = await uploaded(srv.url, bytes, 'application/pdf');
    assert.notEqual(a.id, b.id);
    assert.equal(a.sha256, b.sha256);
    assert.equal(count(srv, 'blobs'), blobs0 + 1, 'one blob');
    assert.equal(count(srv, 'attachments'), rows0 + 2, 'two uploads');
    assert.equal(blobCount(srv, a.sha256), 1);
    // A staff member uploading the same bytes again still adds no blob.
    await uploaded(srv.url, bytes, 'application/pdf', { s: as.dispatcher });
    assert.equal(count(srv, 'blobs'), blobs0 + 1);
  });

  test('the uploader reads an unlinked upload back, with the stored type and headers', T, async () => {
    const bytes = png();
    const up = await uploaded(srv.url, bytes, 'image/png');
    const res = await fetchFile(srv.url, up.id);
    assert.equal(res.status, 200);
    assert.ok(res.bytes.equals(bytes), 'the same bytes');
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.equal(res.headers.get('cache-control'), 'private, max-age=86400');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    // Another address, a staff member, or an unknown id: all 404, alike.
    for (const r of [
      await fetchFile(srv.url, up.id, { xff: '10.9.9.9' }),
      await fetchFile(srv.url, up.id, { s: as.dispatcher }),
      await fetchFile(srv.url, up.id.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))),
      await fetchFile(srv.url, 'no-such-attachment'),
    ]) {
      assert.equal(r.status, 404, r.text);
      assert.equal(errorOf(r).code, 'not_found');
    }
    // A staff member's own upload, before linking.
    const mine = await uploaded(srv.url, jpeg(), 'image/jpeg', { s: as['xiexia.handler'] });
    assert.equal((await fetchFile(srv.url, mine.id, { s: as['xiexia.handler'] })).status, 200);
    assert.equal((await fetchFile(srv.url, mine.id, { s: as['yuhu.handler'] })).status, 404);
    assert.equal((await fetchFile(srv.url, mine.id)).status, 404, 'not the public at the same address');
  });

  test('a file whose bytes and label disagree is refused: 400 unsupported_type', T, async () => {
    const rows0 = count(srv, 'attachments');
    const cases = [
      [pdf(), 'image/jpeg', 'a PDF sent as a photo'],
      [SCRIPT, 'image/png', 'a shell script sent as a PNG'],
      [png(), 'image/jpeg', 'a PNG sent as a JPEG'],
      [jpeg(), 'application/pdf', 'a JPEG sent as a PDF'],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'image/gif', 'a GIF'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml', 'an SVG'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', 'HTML'],
      [png(), 'application/octet-stream', 'no real type'],
      [png(), null, 'no Content-Type'],
      [Buffer.from([0xff, 0xd8]), 'image/jpeg', 'a JPEG header cut short'],
    ];
    for (const [bytes, type, what] of cases) {
      const res = await upload(srv.url, bytes, type);
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      const e = errorOf(res);
      assert.equal(e.code, 'unsupported_type', what);
      assert.equal(e.field, 'file', what);
    }
    assert.equal(count(srv, 'attachments'), rows0, 'nothing stored');
  });

  test('an empty body is 400; over 10 MiB is 413; exactly 10 MiB is accepted', T, async () => {
    const empty = await upload(srv.url, Buffer.alloc(0), 'image/png');
    assert.equal(empty.status, 400, empty.text);
    assert.equal(errorOf(empty).field, 'file');

    const big = Buffer.alloc(10 * MiB + 1);
    PNG_1x1.copy(big);
    const tooBig = await upload(srv.url, big, 'image/png');
    assert.equal(tooBig.status, 413, tooBig.text);
    assert.equal(errorOf(tooBig).code, 'too_large');

    const max = Buffer.alloc(10 * MiB);
    PNG_1x1.copy(max);
    tag().copy(max, PNG_1x1.length);
    const up = await uploaded(srv.url, max, 'image/png');
    assert.equal(up.size, 10 * MiB);
    const back = await fetchFile(srv.url, up.id);
    assert.equal(back.status, 200);
    assert.equal(sha256(back.bytes), sha256(max));
  });

  test('a staff upload with the session cookie needs the CSRF header', T, async () => {
    const res = await api(srv.url, 'POST', '/api/v1/attachments', {
      body: png(),
      cookie: as.dispatcher.cookie,
      headers: { 'Content-Type': 'image/png' },
      raw: true,
    });
    assert.equal(res.status, 403);
    assert.equal(errorOf(res).code, 'csrf');
  });
});

// ---- linking and reading ----------------------------------------------------------------

describe('attachments of an appeal', () => {
  let photo, doc, appeal;

  before(async () => {
    photo = { bytes: png() };
    doc = { bytes: pdf() };
    photo.up = await uploaded(srv.url, photo.bytes, 'image/png');
    doc.up = await uploaded(srv.url, doc.bytes, 'application/pdf');
    appeal = await submitted(appealBody({ attachments: [photo.up.id, doc.up.id] }));
  }, T);

  test('the staff of the community see them in the appeal and download the bytes', T, async () => {
    const h = as['xiexia.handler'];
    const view = await h.get(`/api/v1/appeals/${appeal.id}`);
    assert.equal(view.status, 200, view.text);
    const list = view.json.attachments;
    assert.deepEqual(list.map((x) => x.id).sort(), [photo.up.id, doc.up.id].sort());
    for (const x of list) {
      assert.deepEqual(Object.keys(x).sort(), ['id', 'redacted', 'size', 'type']);
      assert.equal(x.redacted, false);
    }
    assert.equal(list.find((x) => x.id === doc.up.id).type, 'application/pdf');
    assert.equal(list.find((x) => x.id === photo.up.id).size, photo.bytes.length);
    for (const f of [photo, doc]) {
      const res = await fetchFile(srv.url, f.up.id, { s: h });
      assert.equal(res.status, 200);
      assert.ok(res.bytes.equals(f.bytes));
      assert.equal(res.headers.get('content-type'), f.up.type);
    }
    // The district's dispatcher too; and the queue shows them as well.
    assert.equal((await fetchFile(srv.url, photo.up.id, { s: as.dispatcher })).status, 200);
    const queue = await h.get('/api/v1/appeals?limit=200');
    const row = queue.json.items.find((x) => x.id === appeal.id);
    assert.ok(row, 'in the queue');
    assert.equal(row.attachments.length, 2);
    // A step's answer (built on the writer thread) lists them too.
    const noted = await h.post(`/api/v1/appeals/${appeal.id}/events`, { type: 'note', note: '已查看附件' });
    assert.equal(noted.status, 200, noted.text);
    assert.equal(noted.json.attachments.length, 2);
  });

  test('the submitter reads them with the access token, and sees them on the tracking page', T, async () => {
    const res = await fetchFile(srv.url, doc.up.id, { token: appeal.access_token });
    assert.equal(res.status, 200);
    assert.ok(res.bytes.equals(doc.bytes));
    const t = await api(srv.url, 'GET', `/api/v1/track/${appeal.tracking_no}`, {
      headers: { 'X-Access-Token': appeal.access_token },
    });
    assert.equal(t.status, 200, t.text);
    assert.deepEqual(
      t.json.attachments.map((x) => x.id).sort(),
      [photo.up.id, doc.up.id].sort(),
    );
    for (const x of t.json.attachments) assert.deepEqual(Object.keys(x).sort(), ['id', 'size', 'type']);
  });

  test('another community, the public without the token, a wrong token: 404', T, async () => {
    const other = await submitted(appealBody());
    for (const res of [
      await fetchFile(srv.url, photo.up.id, { s: as['yuhu.handler'] }),
      await fetchFile(srv.url, photo.up.id, { s: as.handler }),
      await fetchFile(srv.url, photo.up.id), // the uploader's address, but it is linked now
      await fetchFile(srv.url, photo.up.id, { token: 'x'.repeat(43) }),
      await fetchFile(srv.url, photo.up.id, { token: other.access_token }),
    ]) {
      assert.equal(res.status, 404, res.text);
      assert.equal(errorOf(res).code, 'not_found');
    }
    assert.equal((await as['yuhu.handler'].get(`/api/v1/appeals/${appeal.id}`)).status, 404);
  });

  test('an unknown attachment id: 400 and no appeal is created', T, async () => {
    const good = await uploaded(srv.url, png(), 'image/png');
    const appeals0 = count(srv, 'appeals');
    const seq0 = sql(srv, 'select coalesce(sum(last), 0) from tracking_seq');
    for (const ids of [['no-such-upload'], [good.id, 'x'.repeat(43)], [good.id, photo.up.id]]) {
      const res = await submit(appealBody({ attachments: ids }));
      assert.equal(res.status, 400, res.text);
      const e = errorOf(res);
      assert.equal(e.code, 'invalid');
      assert.equal(e.field, 'attachments');
    }
    assert.equal(count(srv, 'appeals'), appeals0, 'no appeal left behind');
    assert.equal(sql(srv, 'select coalesce(sum(last), 0) from tracking_seq'), seq0, 'no tracking number used');
    // The good upload was not left linked: it can still be attached.
    assert.equal(sql(srv, `select count(*) from attachments where id = '${good.id}' and appeal_id is null`), '1');
    const ok = await submitted(appealBody({ attachments: [good.id] }));
    const view = await as['xiexia.handler'].get(`/api/v1/appeals/${ok.id}`);
    assert.deepEqual(view.json.attachments.map((x) => x.id), [good.id]);
  });

  test('an id listed twice, or already attached elsewhere: 400', T, async () => {
    const up = await uploaded(srv.url, jpeg(), 'image/jpeg');
    const appeals0 = count(srv, 'appeals');
    let res = await submit(appealBody({ attachments: [up.id, up.id] }));
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'attachments');
    res = await submit(appealBody({ attachments: [doc.up.id] }));
    assert.equal(res.status, 400, res.text);
    assert.equal(count(srv, 'appeals'), appeals0);
  });

  test('more than 9: 400, at intake and counting those attached before', T, async () => {
    const ups = [];
    for (let i = 0; i < 10; i++) ups.push((await uploaded(srv.url, png(), 'image/png')).id);
    const appeals0 = count(srv, 'appeals');
    let res = await submit(appealBody({ attachments: ups }));
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'attachments');
    assert.equal(count(srv, 'appeals'), appeals0);

    // Nine at intake is the most; add_info cannot bring a tenth.
    const a = await submitted(appealBody({ attachments: ups.slice(0, 9) }));
    const headers = { 'X-Access-Token': a.access_token };
    res = await api(srv.url, 'POST', `/api/v1/track/${a.tracking_no}/events`, {
      body: { type: 'add_info', text: '再补充一张照片', attachments: [ups[9]] },
      headers,
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'attachments');
    const t = await api(srv.url, 'GET', `/api/v1/track/${a.tracking_no}`, { headers });
    assert.equal(t.json.attachments.length, 9);
    assert.ok(!t.json.timeline.some((e) => e.type === 'add_info'), 'the refused add_info left no event');
  });

  test('add_info links its attachments in the same step', T, async () => {
    const a = await submitted(appealBody({ attachments: [(await uploaded(srv.url, png(), 'image/png')).id] }));
    const extra = { bytes: pdf() };
    extra.up = await uploaded(srv.url, extra.bytes, 'application/pdf');
    const headers = { 'X-Access-Token': a.access_token };
    // Without the token: no link, and the upload stays free.
    let res = await api(srv.url, 'POST', `/api/v1/track/${a.tracking_no}/events`, {
      body: { type: 'add_info', text: '补充材料', attachments: [extra.up.id] },
    });
    assert.equal(res.status, 404);
    res = await api(srv.url, 'POST', `/api/v1/track/${a.tracking_no}/events`, {
      body: { type: 'add_info', text: '补充材料', attachments: [extra.up.id] },
      headers,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.attachments.length, 2);
    assert.ok(res.json.attachments.some((x) => x.id === extra.up.id));
    assert.ok((await fetchFile(srv.url, extra.up.id, { token: a.access_token })).bytes.equals(extra.bytes));
    const staff = await as['xiexia.handler'].get(`/api/v1/appeals/${a.id}`);
    assert.equal(staff.json.attachments.length, 2);
  });

  test("someone else's upload cannot be linked: 400", T, async () => {
    const appeals0 = count(srv, 'appeals');
    // The public at another address.
    const theirs = await uploaded(srv.url, png(), 'image/png', { xff: '10.1.2.3' });
    let res = await submit(appealBody({ attachments: [theirs.id] }));
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).field, 'attachments');
    // A staff member's upload, by the public.
    const staffs = await uploaded(srv.url, jpeg(), 'image/jpeg', { s: as.dispatcher });
    res = await submit(appealBody({ attachments: [staffs.id] }));
    assert.equal(res.status, 400, res.text);
    // The public's upload, by a staff member recording a call.
    const publics = await uploaded(srv.url, pdf(), 'application/pdf');
    res = await submit(appealBody({ channel: 'hotline', attachments: [publics.id] }), { s: as.dispatcher });
    assert.equal(res.status, 400, res.text);
    assert.equal(count(srv, 'appeals'), appeals0);
    // Each uploader links their own.
    const a = await submitted(appealBody({ attachments: [theirs.id] }), { xff: '10.1.2.3' });
    const b = await submitted(appealBody({ channel: 'hotline', attachments: [staffs.id] }), { s: as.dispatcher });
    assert.equal((await fetchFile(srv.url, theirs.id, { token: a.access_token })).status, 200);
    assert.equal((await fetchFile(srv.url, staffs.id, { s: as['xiexia.handler'] })).status, 200);
    const view = await as.dispatcher.get(`/api/v1/appeals/${b.id}`);
    assert.deepEqual(view.json.attachments.map((x) => x.id), [staffs.id]);
  });
});

// ---- the public wall and redaction -------------------------------------------------------

describe('published appeals and redaction', () => {
  let shown, hidden, appeal;

  before(async () => {
    shown = { bytes: jpeg() };
    hidden = { bytes: png() };
    shown.up = await uploaded(srv.url, shown.bytes, 'image/jpeg');
    hidden.up = await uploaded(srv.url, hidden.bytes, 'image/png');
    // 物业管理 in a community is dispatched to that community at once (demo catalogue).
    appeal = await submitted(
      appealBody({ category: 'property', publishable: true, attachments: [shown.up.id, hidden.up.id] }),
    );
  }, T);

  async function stepOk(s, body) {
    const res = await s.post(`/api/v1/appeals/${appeal.id}/events`, body);
    assert.equal(res.status, 200, `${body.type}: ${res.text}`);
    return res.json;
  }

  test('only a dispatcher of the place redacts; others get 403 or 404', T, async () => {
    let res = await as['xiexia.handler'].post(`/api/v1/attachments/${hidden.up.id}/redact`, {});
    assert.equal(res.status, 403, res.text);
    res = await as['yuhu.handler'].post(`/api/v1/attachments/${hidden.up.id}/redact`, {});
    assert.equal(res.status, 404, res.text);
    res = await api(srv.url, 'POST', `/api/v1/attachments/${hidden.up.id}/redact`, { body: {} });
    assert.equal(res.status, 401);
    res = await as.dispatcher.post('/api/v1/attachments/no-such-upload/redact', {});
    assert.equal(res.status, 404);
    res = await as.dispatcher.post(`/api/v1/attachments/${hidden.up.id}/redact`, { redacted: 'yes' });
    assert.equal(res.status, 400);
    // Someone else's free upload does not exist for the caller; one's own is 409.
    const free = await uploaded(srv.url, png(), 'image/png');
    res = await as.dispatcher.post(`/api/v1/attachments/${free.id}/redact`, {});
    assert.equal(res.status, 404);
    const own = await uploaded(srv.url, png(), 'image/png', { s: as.dispatcher });
    res = await as.dispatcher.post(`/api/v1/attachments/${own.id}/redact`, {});
    assert.equal(res.status, 409);

    res = await as.dispatcher.post(`/api/v1/attachments/${hidden.up.id}/redact`, {});
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, {
      id: hidden.up.id,
      type: 'image/png',
      size: hidden.bytes.length,
      redacted: true,
      appeal_id: appeal.id,
    });
    // Undo and redo: the flag follows the body.
    res = await as.dispatcher.post(`/api/v1/attachments/${hidden.up.id}/redact`, { redacted: false });
    assert.equal(res.json.redacted, false);
    res = await as.dispatcher.post(`/api/v1/attachments/${hidden.up.id}/redact`, { redacted: true });
    assert.equal(res.json.redacted, true);
    const view = await as['xiexia.handler'].get(`/api/v1/appeals/${appeal.id}`);
    const flags = Object.fromEntries(view.json.attachments.map((x) => [x.id, x.redacted]));
    assert.deepEqual(flags, { [shown.up.id]: false, [hidden.up.id]: true });
    // Each change is in the admin chain, and the chains still verify.
    assert.equal(Number(sql(srv, "select count(*) from admin_events where type = 'attachment_redact'")), 3);
    const verify = cli(srv.bin, ['audit', 'verify'], { dataDir: srv.dataDir });
    assert.equal(verify.code, 0, verify.stderr);
  });

  test('before publication the public cannot read them; after, only the unredacted one', T, async () => {
    assert.equal((await fetchFile(srv.url, shown.up.id)).status, 404);
    const h = as['xiexia.handler'];
    let cur = (await h.get(`/api/v1/appeals/${appeal.id}`)).json;
    assert.equal(cur.status, 'dispatched', 'auto-dispatched to the community');
    await stepOk(h, { type: 'acknowledge' });
    await stepOk(h, { type: 'reply', reply: '已联系物业修复小区门口路面，感谢您的反映。', outcome: 'resolved' });
    cur = await stepOk(as.dispatcher, {
      type: 'publish',
      title: '小区门口路面破损',
      description: '居民反映小区门口路面破损。',
      reply: '已督促物业修复。',
    });
    assert.equal(cur.published, true);

    const res = await fetchFile(srv.url, shown.up.id);
    assert.equal(res.status, 200);
    assert.ok(res.bytes.equals(shown.bytes));
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.equal((await fetchFile(srv.url, hidden.up.id)).status, 404, 'redacted stays off the wall');
    // The submitter and the staff still read the redacted one.
    assert.equal((await fetchFile(srv.url, hidden.up.id, { token: appeal.access_token })).status, 200);
    assert.equal((await fetchFile(srv.url, hidden.up.id, { s: h })).status, 200);
  });

  // api_public_appeals (src/api/appeal_query.c) does not add the list yet; the helper
  // api_attachments_json(..., ATTACHMENT_VIEW_PUBLIC, ...) is ready for it.
  test('the public wall lists only the unredacted attachments', T, async () => {
    const wall = await api(srv.url, 'GET', '/api/v1/public/appeals?limit=200');
    assert.equal(wall.status, 200);
    const item = wall.json.items.find((x) => x.id === appeal.id);
    assert.ok(item, 'on the wall');
    assert.deepEqual(item.attachments, [{ id: shown.up.id, type: 'image/jpeg', size: shown.bytes.length }]);
  });

  test('unpublished again: nothing for the public', T, async () => {
    await stepOk(as.dispatcher, { type: 'unpublish' });
    assert.equal((await fetchFile(srv.url, shown.up.id)).status, 404);
    assert.equal((await fetchFile(srv.url, shown.up.id, { token: appeal.access_token })).status, 200);
  });
});

// ---- the purge ------------------------------------------------------------------------------

test('uploads never linked are removed after a day, with their blob; linked ones stay', T, async () => {
  const loose = { bytes: png() };
  loose.up = await uploaded(srv.url, loose.bytes, 'image/png');
  const kept = await uploaded(srv.url, pdf(), 'application/pdf');
  const a = await submitted(appealBody({ attachments: [kept.id] }));
  assert.equal((await fetchFile(srv.url, loose.up.id)).status, 200);
  const now = (await api(srv.url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: 86400 + 60 } })).json;
  assert.ok(now, 'the clock moved');
  const tick = await api(srv.url, 'POST', '/api/v1/test/tick');
  assert.equal(tick.status, 200, tick.text);
  assert.equal((await fetchFile(srv.url, loose.up.id)).status, 404);
  assert.equal(blobCount(srv, loose.up.sha256), 0);
  assert.equal((await fetchFile(srv.url, kept.id, { token: a.access_token })).status, 200);
});

// ---- the limit ------------------------------------------------------------------------------

test('anonymous uploads beyond intake.uploads_per_hour: 429 with Retry-After; staff are not limited', T, async () => {
  const limited = await startServer({ conf: '[intake]\nuploads_per_hour = 2\n' });
  try {
    for (let i = 0; i < 2; i++) await uploaded(limited.url, png(), 'image/png');
    const res = await upload(limited.url, png(), 'image/png');
    assert.equal(res.status, 429, res.text);
    assert.equal(errorOf(res).code, 'too_many_uploads');
    const ra = res.headers.get('retry-after');
    assert.match(ra ?? '', /^\d+$/);
    assert.ok(Number(ra) >= 1 && Number(ra) <= 3600, `Retry-After ${ra}`);
    // Once limited, every upload from that address is refused, whatever it holds.
    assert.equal((await upload(limited.url, SCRIPT, 'image/png')).status, 429);
    const staff = await loginSession(limited.url, 'xiexia.handler');
    for (let i = 0; i < 3; i++) await uploaded(limited.url, png(), 'image/png', { s: staff });
  } finally {
    await limited.stop();
  }
});
