// Slow and oversized uploads (issue 11, defect 5): the memory a server holds for request
// bodies is capped for all connections together (server.max_buffered_mb), a body that
// trickles in slower than server.min_body_rate over server.body_rate_window has its
// connection closed, a Content-Length over the route's limit is refused before the body is
// sent, and one address may hold only server.max_connections_per_address connections.
//
// The clients here are raw sockets (node:net) on loopback, so the test decides exactly
// what is sent and when. The new settings go in through the environment, which a server
// without them ignores: against such a server the test fails on its assertions, not at
// start. The bound on memory: the server's resident size (VmRSS of its process, sampled)
// grows by at most the cap plus SLACK while 50 slow uploads are open. It is not checked
// under the sanitizers, whose allocator holds freed memory back on purpose.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { api, errorOf, IS_SAN, sleep, startServer, TEST_TIMEOUT_MS } from './lib/server.mjs';

const SLOW = IS_SAN ? 4 : 1;
const MiB = 1 << 20;
const CAP_MB = 16; // server.max_buffered_mb of the server under test
const WINDOW_S = 1; // server.body_rate_window
const MIN_RATE = 4096; // server.min_body_rate, bytes per second
const IDLE_S = 3; // server.connection_timeout
const SLACK = 8 * MiB; // allowed growth besides the bodies: connection pools, stacks, caches
const UPLOADS = 50;
const ANNOUNCED = 4 * MiB + 1; // Content-Length of each slow upload (the route takes 10 MiB)
const SENT_FAST = 3 * MiB; // what each sends at once before it trickles
const HOLDABLE = Math.floor((CAP_MB * MiB) / ANNOUNCED); // 3 fit under the cap
// A trickling body is closed at its first byte after a window with too few bytes: at most
// two windows after it slows down. The test allows a little more, and stops trickling
// (a failure) after TRICKLE_MAX_MS.
const CLOSED_WITHIN_MS = (2 * WINDOW_S + 2) * 1000 * SLOW;
const TRICKLE_MAX_MS = 10000 * SLOW;
const T = { timeout: TEST_TIMEOUT_MS * 2 };

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
// A PNG of `size` bytes (the image, then zeros), unique.
function png(size = PNG_1x1.length + 16) {
  const b = Buffer.alloc(size);
  PNG_1x1.copy(b);
  crypto.randomBytes(16).copy(b, PNG_1x1.length);
  return b;
}

// Waits (bounded) until pred() is true; false on timeout.
async function waitFor(pred, ms) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

function rssOf(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return Number(m[1]) * 1024;
}

// A raw connection: everything received, and when the server closed it.
function connect(port) {
  const c = { data: Buffer.alloc(0), closed: false, closedAt: 0, sock: null };
  c.sock = net.connect({ host: '127.0.0.1', port });
  c.sock.on('data', (d) => {
    c.data = Buffer.concat([c.data, d]);
  });
  c.sock.on('error', () => {}); // a reset is a close too
  c.sock.on('close', () => {
    c.closed = true;
    c.closedAt = Date.now();
  });
  return c;
}

// The status of the first response head received (100 for "100 Continue"), or 0.
function firstStatus(c) {
  const text = c.data.toString('latin1');
  if (!text.includes('\r\n\r\n')) return 0;
  const m = text.match(/^HTTP\/1\.1 (\d{3}) /);
  return m ? Number(m[1]) : -1;
}

// The final response of a closed connection (after any "100 Continue"): {status, headers, json}.
function finalResponse(c) {
  let text = c.data.toString('utf8');
  while (/^HTTP\/1\.1 100 /.test(text)) text = text.slice(text.indexOf('\r\n\r\n') + 4);
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  let json = null;
  try {
    json = JSON.parse(text.slice(end + 4));
  } catch {
    json = null;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, json };
}

function uploadHead(contentLength, { path = '/api/v1/attachments', type = 'image/png', expect = true } = {}) {
  return (
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\n` +
    `Content-Length: ${contentLength}\r\n${expect ? 'Expect: 100-continue\r\n' : ''}\r\n`
  );
}

// The fields of an error body, checked like errorOf does for fetch answers.
function errorBody(res) {
  return errorOf({ json: res.json, status: res.status, text: JSON.stringify(res.json) });
}

const conns = new Set();
function track(c) {
  conns.add(c);
  return c;
}
function closeAll() {
  for (const c of conns) c.sock.destroy();
  conns.clear();
}

describe('slow uploads', () => {
  let srv;

  before(async () => {
    srv = await startServer({
      env: {
        HUIYIN_SERVER_CONNECTION_TIMEOUT: String(IDLE_S),
        HUIYIN_SERVER_MAX_BUFFERED_MB: String(CAP_MB),
        HUIYIN_SERVER_MIN_BODY_RATE: String(MIN_RATE),
        HUIYIN_SERVER_BODY_RATE_WINDOW: String(WINDOW_S),
      },
    });
  }, T);

  after(async () => {
    closeAll();
    if (srv) await srv.stop();
  }, T);

  test('50 slow uploads: memory stays under the cap, the trickling ones are cut off, others are served', T, async () => {
    // Warm up every path the test then measures (a small upload, a refusal).
    for (let i = 0; i < 4; i++) {
      const res = await api(srv.url, 'POST', '/api/v1/attachments', { body: png(), headers: { 'Content-Type': 'image/png' }, raw: true });
      assert.equal(res.status, 201, res.text);
    }
    await sleep(200);
    const base = rssOf(srv.pid);
    let peak = base;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, rssOf(srv.pid));
        await sleep(20);
      }
    })();

    // Checked after the run, memory first: what a server without these limits gets wrong.
    let held = [];
    let refused = [];
    let ok;
    let busy;
    let trickleFrom = 0;
    try {
      const slow = [];
      for (let i = 0; i < UPLOADS; i++) {
        const c = track(connect(srv.port));
        c.sock.write(uploadHead(ANNOUNCED));
        slow.push(c);
      }
      // Each gets its answer to the headers: "100 Continue" (send the body) or a refusal.
      assert.ok(
        await waitFor(() => slow.every((c) => firstStatus(c) !== 0 || c.closed), 5000 * SLOW),
        'every upload got an answer to its headers',
      );
      held = slow.filter((c) => firstStatus(c) === 100);
      refused = slow.filter((c) => firstStatus(c) !== 100);
      await waitFor(() => refused.every((c) => c.closed), 5000 * SLOW);

      // The accepted ones send most of their body at once, then one byte every 100 ms.
      const fast = Buffer.alloc(SENT_FAST);
      PNG_1x1.copy(fast);
      await Promise.all(held.map((c) => new Promise((resolve) => c.sock.write(fast, () => resolve()))));
      trickleFrom = Date.now();
      const trickling = (async () => {
        while (Date.now() - trickleFrom < TRICKLE_MAX_MS && held.some((c) => !c.closed)) {
          for (const c of held) if (!c.closed && !c.sock.destroyed) c.sock.write(Buffer.from([0]));
          await sleep(100);
        }
      })();
      // Meanwhile another client uploads a small file, then a large one while the cap is taken.
      ok = await api(srv.url, 'POST', '/api/v1/attachments', { body: png(), headers: { 'Content-Type': 'image/png' }, raw: true });
      busy = await api(srv.url, 'POST', '/api/v1/attachments', { body: png(5 * MiB), headers: { 'Content-Type': 'image/png' }, raw: true });
      await trickling;
    } finally {
      sampling = false;
      await sampler;
      closeAll();
    }
    const grew = peak - base;
    console.log(
      `server RSS: base ${(base / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB (+${(grew / MiB).toFixed(1)} MiB); ` +
        `${held.length} uploads held, ${refused.length} refused; closed after ${held.map((c) => (c.closed ? c.closedAt - trickleFrom : 'never')).join(', ')} ms`,
    );
    if (!IS_SAN)
      assert.ok(grew <= CAP_MB * MiB + SLACK, `RSS grew by ${(grew / MiB).toFixed(1)} MiB, more than ${CAP_MB} MiB + ${SLACK / MiB} MiB`);
    for (const c of held) {
      assert.ok(c.closed, `a trickling upload was still open after ${TRICKLE_MAX_MS} ms`);
      assert.ok(c.closedAt - trickleFrom <= CLOSED_WITHIN_MS, `closed ${c.closedAt - trickleFrom} ms after it slowed down`);
    }
    // As many as fit under the cap were taken; the others were refused at once as busy.
    assert.equal(held.length, HOLDABLE, `bodies of ${ANNOUNCED} bytes accepted under a cap of ${CAP_MB} MiB`);
    for (const c of refused) {
      assert.ok(c.closed, 'a refused connection is closed');
      const res = finalResponse(c);
      assert.equal(res?.status, 503, c.data.toString('utf8'));
      assert.equal(errorBody(res).code, 'busy');
      assert.match(res.headers['retry-after'] ?? '', /^[1-9]\d*$/);
    }
    assert.equal(ok.status, 201, ok.text);
    // Its body was read and dropped, so the client reads the answer.
    assert.equal(busy.status, 503, busy.text);
    assert.equal(errorOf(busy).code, 'busy');
    assert.match(busy.headers.get('retry-after') ?? '', /^[1-9]\d*$/);

    // What the cut-off uploads reserved was given back: bodies filling the cap are taken.
    const fill = await Promise.all(
      Array.from({ length: HOLDABLE }, () =>
        api(srv.url, 'POST', '/api/v1/attachments', { body: png(ANNOUNCED), headers: { 'Content-Type': 'image/png' }, raw: true }),
      ),
    );
    for (const res of fill) assert.equal(res.status, 201, res.text);
  });

  test('a Content-Length over the route limit is 413 before the body is sent', T, async () => {
    for (const [path, type, length] of [
      ['/api/v1/attachments', 'image/png', 10 * MiB + 1],
      ['/api/v1/auth/login', 'application/json', 4097],
    ]) {
      const c = track(connect(srv.port));
      c.sock.write(uploadHead(length, { path, type }));
      assert.ok(await waitFor(() => c.closed, 3000 * SLOW), `${path}: answered and closed without waiting for the body`);
      assert.notEqual(firstStatus(c), 100, `${path}: no "100 Continue"`);
      const res = finalResponse(c);
      assert.equal(res?.status, 413, c.data.toString('utf8'));
      assert.equal(errorBody(res).code, 'too_large');
    }
    closeAll();
    // A client that sends its body without waiting still reads its 413 (the body is dropped).
    const big = await api(srv.url, 'POST', '/api/v1/attachments', { body: png(10 * MiB + 1), headers: { 'Content-Type': 'image/png' }, raw: true });
    assert.equal(big.status, 413, big.text);
    assert.equal(errorOf(big).code, 'too_large');
  });
});

describe('connections per address', () => {
  const LIMIT = 4;
  let srv;

  before(async () => {
    srv = await startServer({ env: { HUIYIN_SERVER_MAX_CONNECTIONS_PER_ADDRESS: String(LIMIT) } });
  }, T);

  after(async () => {
    closeAll();
    if (srv) await srv.stop();
  }, T);

  const HEALTH = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

  test('one address may hold server.max_connections_per_address connections; the next is closed unanswered', T, async () => {
    try {
      const open = [];
      for (let i = 0; i < LIMIT; i++) {
        const c = track(connect(srv.port));
        c.sock.write(HEALTH);
        open.push(c);
      }
      // Each answered and kept open (keep-alive): all LIMIT are counted by the server.
      assert.ok(await waitFor(() => open.every((c) => firstStatus(c) === 200), 5000 * SLOW), 'the first connections are served');
      assert.ok(open.every((c) => !c.closed));

      const extra = track(connect(srv.port));
      extra.sock.write(HEALTH);
      assert.ok(await waitFor(() => extra.closed, 3000 * SLOW), 'a connection over the limit is closed');
      assert.equal(firstStatus(extra), 0, 'and gets no answer');

      // One closed, a new one is served again.
      open[0].sock.destroy();
      assert.ok(await waitFor(() => open[0].closed, 3000 * SLOW));
      let served = false;
      for (let attempt = 0; attempt < 20 && !served; attempt++) {
        const again = track(connect(srv.port));
        again.sock.write(HEALTH);
        await waitFor(() => firstStatus(again) !== 0 || again.closed, 3000 * SLOW);
        served = firstStatus(again) === 200;
        again.sock.destroy();
        if (!served) await sleep(50); // the server counts the close a moment later
      }
      assert.ok(served, 'a connection is served once another one closed');
    } finally {
      closeAll();
    }
  });
});

describe('connections per address behind a proxy', () => {
  let srv;

  before(async () => {
    srv = await startServer({
      env: { HUIYIN_SERVER_MAX_CONNECTIONS_PER_ADDRESS: '2', HUIYIN_SERVER_TRUSTED_PROXIES: '127.0.0.1' },
    });
  }, T);

  after(async () => {
    closeAll();
    if (srv) await srv.stop();
  }, T);

  test('with server.trusted_proxies set the limit is not applied (every client comes through the proxy)', T, async () => {
    try {
      const open = [];
      for (let i = 0; i < 5; i++) {
        const c = track(connect(srv.port));
        c.sock.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
        open.push(c);
      }
      assert.ok(await waitFor(() => open.every((c) => firstStatus(c) === 200), 5000 * SLOW), 'all five are served');
    } finally {
      closeAll();
    }
  });
});
