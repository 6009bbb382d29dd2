// Failed-login limits: per username from one address (login.max_per_user, default 5 in
// 900 s) and per client address (login.max_per_address), and where the address comes from
// (X-Forwarded-For only from server.trusted_proxies). Here every attempt without
// X-Forwarded-For comes from 127.0.0.1; tests/api/security_limits.test.mjs shows the right
// password from another address is never refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, DEMO_PASSWORD, errorOf, startServer, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

function attempt(url, username, password, xff) {
  return api(url, 'POST', '/api/v1/auth/login', {
    body: { username, password },
    headers: xff ? { 'X-Forwarded-For': xff } : {},
  });
}

function assertLimited(res, windowSeconds) {
  assert.equal(res.status, 429, res.text);
  assert.equal(errorOf(res).code, 'too_many_attempts');
  const ra = res.headers.get('retry-after');
  assert.match(ra ?? '', /^\d+$/, `Retry-After ${ra}`);
  assert.ok(Number(ra) >= 1 && Number(ra) <= windowSeconds, `Retry-After ${ra}`);
  assert.equal(res.headers.get('set-cookie'), null, 'no session');
}

describe('per-username limit (defaults, test clock)', () => {
  let srv;

  before(async () => {
    srv = await startServer({ testClock: true });
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  async function advance(seconds) {
    const res = await api(srv.url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: seconds } });
    assert.equal(res.status, 200);
  }

  test('a successful login clears the failures of that username', T, async () => {
    for (let i = 0; i < 4; i++) assert.equal((await attempt(srv.url, 'handler', 'wrong-password')).status, 401);
    assert.equal((await attempt(srv.url, 'handler', DEMO_PASSWORD)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await attempt(srv.url, 'handler', 'wrong-password')).status, 401);
    assert.equal((await attempt(srv.url, 'handler', DEMO_PASSWORD)).status, 200, 'not limited after 4+4 failures');
    await advance(901); // leave the window, so the address count starts afresh
  });

  test('after 5 failures for a username from this address, even the right password from it answers 429 with Retry-After', T, async () => {
    for (let i = 0; i < 5; i++) {
      const res = await attempt(srv.url, 'dispatcher', `wrong-${i}`);
      assert.equal(res.status, 401, `failure ${i + 1}`);
      assert.equal(errorOf(res).code, 'bad_credentials');
    }
    assertLimited(await attempt(srv.url, 'dispatcher', DEMO_PASSWORD), 900);
    assertLimited(await attempt(srv.url, 'dispatcher', 'wrong-again'), 900);
    // Only that username: another one logs in from the same address.
    assert.equal((await attempt(srv.url, 'supervisor', DEMO_PASSWORD)).status, 200);
    // Retry-After counts down with the clock.
    await advance(600);
    const later = await attempt(srv.url, 'dispatcher', DEMO_PASSWORD);
    assertLimited(later, 300);
    // After the window the right password works again.
    await advance(301);
    const ok = await attempt(srv.url, 'dispatcher', DEMO_PASSWORD);
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.headers.get('set-cookie') ?? '', /hy_session=/);
  });

  test('an unknown username is limited the same way', T, async () => {
    const name = uniq('ghost');
    for (let i = 0; i < 5; i++) assert.equal((await attempt(srv.url, name, 'whatever-1')).status, 401);
    assertLimited(await attempt(srv.url, name, 'whatever-1'), 900);
    await advance(901);
  });
});

describe('per-address limit behind a trusted proxy', () => {
  let srv;

  before(async () => {
    srv = await startServer({
      conf: '[server]\ntrusted_proxies = 127.0.0.1\n\n[login]\nmax_per_address = 3\n',
    });
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  test('failures are counted per X-Forwarded-For address', T, async () => {
    const a = '198.51.100.7';
    const b = '198.51.100.8';
    for (let i = 0; i < 3; i++) {
      const res = await attempt(srv.url, uniq('who'), 'wrong-password', a);
      assert.equal(res.status, 401, `failure ${i + 1}`);
    }
    // Address a is limited, whichever username it tries.
    assertLimited(await attempt(srv.url, 'admin', DEMO_PASSWORD, a), 900);
    assertLimited(await attempt(srv.url, 'handler', DEMO_PASSWORD, a), 900);
    // Another address, and the proxy itself, are not.
    assert.equal((await attempt(srv.url, 'admin', DEMO_PASSWORD, b)).status, 200);
    assert.equal((await attempt(srv.url, 'admin', DEMO_PASSWORD)).status, 200);
  });

  test('the client is the nearest untrusted hop: addresses a client puts in front do not help', T, async () => {
    const c = '203.0.113.20';
    for (let i = 0; i < 3; i++) assert.equal((await attempt(srv.url, uniq('who'), 'wrong-password', c)).status, 401);
    assertLimited(await attempt(srv.url, 'admin', DEMO_PASSWORD, `192.0.2.99, ${c}`), 900);
    assertLimited(await attempt(srv.url, 'admin', DEMO_PASSWORD, `10.0.0.1, ${c}, 127.0.0.1`), 900);
    assert.equal((await attempt(srv.url, 'admin', DEMO_PASSWORD, `${c}, 192.0.2.100`)).status, 200);
  });
});

describe('per-address limit without trusted proxies', () => {
  let srv;

  before(async () => {
    srv = await startServer({ conf: '[login]\nmax_per_address = 3\n' });
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  test('X-Forwarded-For is ignored: the peer address is counted', T, async () => {
    for (let i = 0; i < 3; i++) {
      const res = await attempt(srv.url, uniq('who'), 'wrong-password', `198.51.100.${10 + i}`);
      assert.equal(res.status, 401, `failure ${i + 1}`);
    }
    assertLimited(await attempt(srv.url, 'admin', DEMO_PASSWORD, '198.51.100.99'), 900);
    assertLimited(await attempt(srv.url, 'admin', DEMO_PASSWORD), 900);
  });
});
