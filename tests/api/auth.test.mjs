// Sessions and people: login, me, logout, CSRF, integration tokens, password changes,
// idle and absolute session expiry (with the test clock) and the Secure cookie flag.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  DEMO_PASSWORD,
  errorOf,
  login,
  loginSession,
  session,
  startServer,
  TEST_TIMEOUT_MS,
  uniq,
} from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

// Creates a user through the API (as `admin`) and returns {id, username, password}.
async function makeUser(admin, { password = 'first-pass-123' } = {}) {
  const username = uniq('u');
  const res = await admin.post('/api/v1/users', { username, display_name: `Test ${username}`, password });
  assert.equal(res.status, 201, res.text);
  return { id: res.json.id, username, password };
}

describe('sessions on a normal server', () => {
  let srv;
  let admin;

  before(async () => {
    srv = await startServer();
    admin = await loginSession(srv.url, 'admin');
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  describe('login', () => {
    test('the right password answers 200 with the user, a CSRF token and an HttpOnly SameSite=Strict cookie', T, async () => {
      const res = await api(srv.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'dispatcher', password: DEMO_PASSWORD },
      });
      assert.equal(res.status, 200);
      assert.equal(res.json.user.username, 'dispatcher');
      assert.equal(typeof res.json.user.id, 'number');
      assert.ok(!('password_hash' in res.json.user), 'no password hash');
      assert.deepEqual(
        res.json.user.roles.map((r) => r.role),
        ['dispatcher'],
      );
      assert.equal(typeof res.json.csrf_token, 'string');
      assert.ok(res.json.csrf_token.length >= 32);
      const sc = res.headers.get('set-cookie');
      assert.ok(sc, 'a Set-Cookie header');
      const parts = sc.split(';').map((s) => s.trim());
      assert.match(parts[0], /^hy_session=[A-Za-z0-9_-]{32,}$/);
      assert.ok(parts.includes('HttpOnly'), sc);
      assert.ok(parts.includes('SameSite=Strict'), sc);
      assert.ok(parts.includes('Path=/'), sc);
      assert.ok(!parts.some((p) => /^secure$/i.test(p)), `no Secure without TLS: ${sc}`);
      assert.ok(!sc.includes(DEMO_PASSWORD));
    });

    test('two logins get two different sessions', T, async () => {
      const a = await login(srv.url, 'supervisor');
      const b = await login(srv.url, 'supervisor');
      assert.notEqual(a.cookie, b.cookie);
      assert.notEqual(a.csrf, b.csrf);
    });

    test('a wrong password answers 401 bad_credentials without a cookie', T, async () => {
      const res = await api(srv.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'dispatcher', password: 'not-the-password' },
      });
      assert.equal(res.status, 401);
      const e = errorOf(res);
      assert.equal(e.code, 'bad_credentials');
      assert.equal(res.headers.get('set-cookie'), null);
    });

    test('an unknown user answers exactly like a wrong password', T, async () => {
      const wrong = await api(srv.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'supervisor', password: 'not-the-password' },
      });
      const unknown = await api(srv.url, 'POST', '/api/v1/auth/login', {
        body: { username: uniq('nobody'), password: DEMO_PASSWORD },
      });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.headers.get('set-cookie'), null);
      assert.deepEqual(unknown.json, wrong.json);
    });

    test('a password differing only in case or whitespace is wrong', T, async () => {
      for (const password of [DEMO_PASSWORD.toUpperCase(), ` ${DEMO_PASSWORD}`, `${DEMO_PASSWORD} `]) {
        const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'liaison', password } });
        assert.equal(res.status, 401, JSON.stringify(password));
      }
    });
  });

  describe('me and logout', () => {
    test('GET /api/v1/me without a cookie answers 401 unauthenticated', T, async () => {
      const res = await api(srv.url, 'GET', '/api/v1/me');
      assert.equal(res.status, 401);
      const e = errorOf(res);
      assert.equal(e.code, 'unauthenticated');
    });

    test('with the cookie, me gives the user, the roles and the csrf token of the session', T, async () => {
      const s = await login(srv.url, 'secretary');
      const res = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
      assert.equal(res.status, 200);
      assert.equal(res.json.id, s.user.id);
      assert.equal(res.json.username, 'secretary');
      assert.equal(typeof res.json.display_name, 'string');
      assert.ok(res.json.display_name.length > 0);
      assert.equal(res.json.csrf_token, s.csrf);
      assert.equal(res.json.roles.length, 1);
      const [role] = res.json.roles;
      assert.equal(role.role, 'secretary');
      assert.equal(typeof role.id, 'number');
      const org = await api(srv.url, 'GET', `/api/v1/orgs/${role.org_id}`);
      assert.equal(org.status, 200);
      assert.equal(org.json.name, '斜下社区党建联盟');
    });

    test('a forged or malformed cookie answers 401 session_expired', T, async () => {
      for (const cookie of ['hy_session=forged', 'hy_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'hy_session=%00%01']) {
        const res = await api(srv.url, 'GET', '/api/v1/me', { cookie });
        assert.equal(res.status, 401, cookie);
        assert.equal(errorOf(res).code, 'session_expired', cookie);
      }
    });

    test('logout answers 204, clears the cookie and ends only that session', T, async () => {
      const a = await login(srv.url, 'dispatcher');
      const b = await login(srv.url, 'dispatcher');
      const out = await api(srv.url, 'POST', '/api/v1/auth/logout', { cookie: a.cookie, csrf: a.csrf });
      assert.equal(out.status, 204);
      assert.equal(out.text, '');
      const sc = out.headers.get('set-cookie') ?? '';
      assert.match(sc, /hy_session=;/);
      assert.match(sc, /Max-Age=0/);
      const gone = await api(srv.url, 'GET', '/api/v1/me', { cookie: a.cookie });
      assert.equal(gone.status, 401);
      assert.equal(errorOf(gone).code, 'session_expired');
      const still = await api(srv.url, 'GET', '/api/v1/me', { cookie: b.cookie });
      assert.equal(still.status, 200);
    });

    test('logout needs the CSRF header and is refused without it', T, async () => {
      const a = await login(srv.url, 'dispatcher');
      const res = await api(srv.url, 'POST', '/api/v1/auth/logout', { cookie: a.cookie });
      assert.equal(res.status, 403);
      assert.equal(errorOf(res).code, 'csrf');
      const me = await api(srv.url, 'GET', '/api/v1/me', { cookie: a.cookie });
      assert.equal(me.status, 200, 'still logged in');
    });

    test('logout without a session answers 401', T, async () => {
      const res = await api(srv.url, 'POST', '/api/v1/auth/logout');
      assert.equal(res.status, 401);
      errorOf(res);
    });
  });

  describe('CSRF', () => {
    test('a state change with the cookie but no X-CSRF-Token answers 403 csrf and changes nothing', T, async () => {
      const s = await login(srv.url, 'handler');
      const name = uniq('csrf');
      const listBefore = await api(srv.url, 'GET', '/api/v1/tokens', { cookie: s.cookie });
      assert.equal(listBefore.status, 200);
      const bad = [
        undefined,
        '',
        'wrong',
        admin.csrf, // another session's token
        s.csrf.slice(0, -1),
        `${s.csrf}x`,
      ];
      for (const csrf of bad) {
        const res = await api(srv.url, 'POST', '/api/v1/tokens', {
          body: { name },
          cookie: s.cookie,
          headers: csrf === undefined ? {} : { 'X-CSRF-Token': csrf },
        });
        assert.equal(res.status, 403, `csrf ${csrf}`);
        const e = errorOf(res);
        assert.equal(e.code, 'csrf');
      }
      const listAfter = await api(srv.url, 'GET', '/api/v1/tokens', { cookie: s.cookie });
      assert.deepEqual(listAfter.json, listBefore.json);
      const ok = await api(srv.url, 'POST', '/api/v1/tokens', { body: { name }, cookie: s.cookie, csrf: s.csrf });
      assert.equal(ok.status, 201);
      const listOk = await api(srv.url, 'GET', '/api/v1/tokens', { cookie: s.cookie });
      assert.equal(listOk.json.items.length, listBefore.json.items.length + 1);
    });

    test('PATCH and DELETE need the header too', T, async () => {
      const u = await makeUser(admin);
      const patch = await api(srv.url, 'PATCH', `/api/v1/users/${u.id}`, {
        body: { display_name: 'changed without csrf' },
        cookie: admin.cookie,
      });
      assert.equal(patch.status, 403);
      assert.equal(errorOf(patch).code, 'csrf');
      const got = await admin.get(`/api/v1/users/${u.id}`);
      assert.equal(got.json.display_name, `Test ${u.username}`);
      const tok = await admin.post('/api/v1/tokens', { name: uniq('del') });
      const del = await api(srv.url, 'DELETE', `/api/v1/tokens/${tok.json.id}`, { cookie: admin.cookie });
      assert.equal(del.status, 403);
      assert.equal(errorOf(del).code, 'csrf');
      const me = await api(srv.url, 'GET', '/api/v1/me', { token: tok.json.token });
      assert.equal(me.status, 200, 'the token was not revoked');
    });

    test('GET needs no CSRF header', T, async () => {
      const res = await api(srv.url, 'GET', '/api/v1/tokens', { cookie: admin.cookie });
      assert.equal(res.status, 200);
    });
  });

  describe('integration tokens', () => {
    test('a token is shown once, works as a bearer and is listed without its secret', T, async () => {
      const s = await loginSession(srv.url, 'dispatcher');
      const name = uniq('integration');
      const res = await s.post('/api/v1/tokens', { name });
      assert.equal(res.status, 201);
      assert.equal(res.json.name, name);
      assert.equal(typeof res.json.id, 'number');
      assert.equal(typeof res.json.token, 'string');
      assert.ok(res.json.token.length >= 32);
      const me = await api(srv.url, 'GET', '/api/v1/me', { token: res.json.token });
      assert.equal(me.status, 200);
      assert.equal(me.json.username, 'dispatcher');
      assert.equal(me.json.csrf_token, null, 'no CSRF token for a bearer');
      const list = await s.get('/api/v1/tokens');
      assert.equal(list.status, 200);
      assert.ok(Array.isArray(list.json.items));
      assert.ok('next' in list.json);
      const item = list.json.items.find((t) => t.id === res.json.id);
      assert.ok(item, 'the token is listed');
      assert.equal(item.name, name);
      assert.ok(!('token' in item), 'the secret is not listed');
      assert.ok(!list.text.includes(res.json.token));
    });

    test('bearer requests need no CSRF header, and lists show only the caller\'s tokens', T, async () => {
      const s = await loginSession(srv.url, 'supervisor');
      const first = await s.post('/api/v1/tokens', { name: uniq('a') });
      assert.equal(first.status, 201);
      const second = await api(srv.url, 'POST', '/api/v1/tokens', { body: { name: uniq('b') }, token: first.json.token });
      assert.equal(second.status, 201);
      const mine = await s.get('/api/v1/tokens');
      assert.ok(mine.json.items.some((t) => t.id === second.json.id));
      const others = await admin.get('/api/v1/tokens');
      assert.ok(!others.json.items.some((t) => t.id === first.json.id || t.id === second.json.id));
    });

    test('DELETE revokes: 204, then the token answers 401', T, async () => {
      const s = await loginSession(srv.url, 'liaison');
      const tok = await s.post('/api/v1/tokens', { name: uniq('rev') });
      assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: tok.json.token })).status, 200);
      const del = await s.del(`/api/v1/tokens/${tok.json.id}`);
      assert.equal(del.status, 204);
      const me = await api(srv.url, 'GET', '/api/v1/me', { token: tok.json.token });
      assert.equal(me.status, 401);
      errorOf(me);
      const listed = (await s.get('/api/v1/tokens')).json.items.find((t) => t.id === tok.json.id);
      assert.ok(listed && typeof listed.revoked_at === 'string', 'listed as revoked');
      const again = await s.del(`/api/v1/tokens/${tok.json.id}`);
      assert.equal(again.status, 404);
    });

    test('another user cannot revoke my token', T, async () => {
      const s = await loginSession(srv.url, 'liaison');
      const tok = await s.post('/api/v1/tokens', { name: uniq('mine') });
      const del = await admin.del(`/api/v1/tokens/${tok.json.id}`);
      assert.equal(del.status, 404);
      assert.equal((await api(srv.url, 'GET', '/api/v1/me', { token: tok.json.token })).status, 200);
    });

    test('an unknown bearer token answers 401 and is not a session', T, async () => {
      const res = await api(srv.url, 'GET', '/api/v1/me', { token: 'not-a-real-token' });
      assert.equal(res.status, 401);
      errorOf(res);
    });

    test('a token name is required and bounded', T, async () => {
      const s = await loginSession(srv.url, 'liaison');
      const before = (await s.get('/api/v1/tokens')).json.items.length;
      for (const [body, field] of [
        [{}, 'name'],
        [{ name: '' }, 'name'],
        [{ name: 'n'.repeat(101) }, 'name'],
        [{ name: 5 }, 'name'],
        [{ name: 'ok', scope: 'all' }, 'scope'],
      ]) {
        const res = await s.post('/api/v1/tokens', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(errorOf(res).field, field);
      }
      assert.equal((await s.get('/api/v1/tokens')).json.items.length, before);
    });
  });

  describe('password changes', () => {
    test('changing one\'s own password needs the current one and ends every session of the user', T, async () => {
      const u = await makeUser(admin);
      const s1 = await login(srv.url, u.username, u.password);
      const s2 = await login(srv.url, u.username, u.password);
      const me = session(srv.url, s1);

      const missing = await me.patch(`/api/v1/users/${u.id}`, { password: 'second-pass-456' });
      assert.equal(missing.status, 400);
      assert.equal(errorOf(missing).field, 'current_password');

      const wrong = await me.patch(`/api/v1/users/${u.id}`, { password: 'second-pass-456', current_password: 'nope-nope' });
      assert.equal(wrong.status, 403);
      errorOf(wrong);
      assert.equal((await api(srv.url, 'GET', '/api/v1/me', { cookie: s2.cookie })).status, 200, 'nothing ended');
      await login(srv.url, u.username, u.password); // the old password still works

      const short = await me.patch(`/api/v1/users/${u.id}`, { password: 'short', current_password: u.password });
      assert.equal(short.status, 400);
      assert.equal(errorOf(short).field, 'password');

      const ok = await me.patch(`/api/v1/users/${u.id}`, { password: 'second-pass-456', current_password: u.password });
      assert.equal(ok.status, 200);
      assert.ok(!('password_hash' in ok.json));
      for (const s of [s1, s2]) {
        const res = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
        assert.equal(res.status, 401);
        assert.equal(errorOf(res).code, 'session_expired');
      }
      const old = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
      assert.equal(old.status, 401);
      await login(srv.url, u.username, 'second-pass-456');
    });

    test('an admin sets another user\'s password without the current one, ending their sessions', T, async () => {
      const u = await makeUser(admin);
      const s = await login(srv.url, u.username, u.password);
      const res = await admin.patch(`/api/v1/users/${u.id}`, { password: 'set-by-admin-789' });
      assert.equal(res.status, 200);
      const me = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
      assert.equal(me.status, 401);
      assert.equal(errorOf(me).code, 'session_expired');
      await login(srv.url, u.username, 'set-by-admin-789');
      const adminMe = await admin.get('/api/v1/me');
      assert.equal(adminMe.status, 200, 'the admin\'s own session goes on');
    });

    test('an admin changing their own password still needs the current one', T, async () => {
      const res = await admin.patch(`/api/v1/users/${admin.user.id}`, { password: 'admin-new-pass-1' });
      assert.equal(res.status, 400);
      assert.equal(errorOf(res).field, 'current_password');
      assert.equal((await admin.get('/api/v1/me')).status, 200);
      await login(srv.url, 'admin');
    });

    test('a non-admin cannot set someone else\'s password', T, async () => {
      const u = await makeUser(admin);
      const h = await loginSession(srv.url, 'handler');
      const res = await h.patch(`/api/v1/users/${u.id}`, { password: 'hijacked-pass-1' });
      assert.ok(res.status === 404 || res.status === 403, `status ${res.status}`);
      errorOf(res);
      await login(srv.url, u.username, u.password);
      const bad = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'hijacked-pass-1' } });
      assert.equal(bad.status, 401);
    });

    test('disabling a user ends their sessions and refuses their logins', T, async () => {
      const u = await makeUser(admin);
      const s = await login(srv.url, u.username, u.password);
      const res = await admin.patch(`/api/v1/users/${u.id}`, { disabled: true });
      assert.equal(res.status, 200);
      assert.equal(res.json.disabled, true);
      assert.equal((await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie })).status, 401);
      const again = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
      assert.equal(again.status, 401);
      const back = await admin.patch(`/api/v1/users/${u.id}`, { disabled: false });
      assert.equal(back.status, 200);
      await login(srv.url, u.username, u.password);
    });
  });

  test('the test clock does not exist without --test-clock', T, async () => {
    const before = Date.now();
    const res = await api(srv.url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: 86400 } });
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).code, 'not_found');
    const get = await api(srv.url, 'GET', '/api/v1/test/clock');
    assert.equal(get.status, 404);
    // The clock did not move: a session made now is fine, and times are today's.
    const s = await login(srv.url, 'liaison');
    const me = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(me.status, 200);
    const tok = await api(srv.url, 'POST', '/api/v1/tokens', { body: { name: uniq('clock') }, cookie: s.cookie, csrf: s.csrf });
    const created = Date.parse(tok.json.created_at);
    assert.ok(Math.abs(created - before) < 120000, `created_at ${tok.json.created_at} is now`);
  });
});

describe('session expiry with the test clock', () => {
  let srv;
  let barrierToken;

  before(async () => {
    srv = await startServer({ testClock: true });
    const a = await loginSession(srv.url, 'admin');
    const tok = await a.post('/api/v1/tokens', { name: 'barrier' });
    assert.equal(tok.status, 201);
    barrierToken = tok.json.token;
  }, T);

  // A request records the session's activity through the writer after it is answered.
  // Writes are committed in order, so once a later write is answered the activity is
  // recorded too.
  async function writerBarrier() {
    const res = await api(srv.url, 'POST', '/api/v1/tokens', { body: { name: uniq('barrier') }, token: barrierToken });
    assert.equal(res.status, 201, res.text);
  }

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  async function advance(seconds) {
    const res = await api(srv.url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: seconds } });
    assert.equal(res.status, 200, res.text);
    return res.json.now;
  }

  test('POST /api/v1/test/clock moves the server clock', T, async () => {
    const a = Date.parse((await api(srv.url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: 0 } })).json.now);
    const b = Date.parse(await advance(3600));
    assert.ok(b - a >= 3600 * 1000 && b - a < 3700 * 1000, `${a} -> ${b}`);
    const bad = await api(srv.url, 'POST', '/api/v1/test/clock', { body: { advance_seconds: 'soon' } });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, 'advance_seconds');
    const get = await api(srv.url, 'GET', '/api/v1/test/clock');
    assert.equal(get.status, 405);
  });

  test('a session idle for longer than 120 minutes answers 401 session_expired', T, async () => {
    const s = await login(srv.url, 'dispatcher');
    await advance(119 * 60);
    const alive = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(alive.status, 200, 'still alive after 119 idle minutes');
    await writerBarrier();
    await advance(119 * 60);
    const stillAlive = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(stillAlive.status, 200, 'activity 119 minutes ago keeps it alive');
    await writerBarrier();
    await advance(121 * 60);
    const dead = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(dead.status, 401);
    assert.equal(errorOf(dead).code, 'session_expired');
    const write = await api(srv.url, 'POST', '/api/v1/tokens', { body: { name: 'late' }, cookie: s.cookie, csrf: s.csrf });
    assert.equal(write.status, 401);
  });

  test('an active session ends after 12 hours however busy it is', T, async () => {
    const s = await login(srv.url, 'supervisor');
    let elapsed = 0;
    const step = 100 * 60;
    while (elapsed + step < 12 * 3600) {
      await advance(step);
      elapsed += step;
      const res = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
      assert.equal(res.status, 200, `alive after ${elapsed / 60} minutes`);
      await writerBarrier();
    }
    await advance(step);
    const dead = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(dead.status, 401);
    assert.equal(errorOf(dead).code, 'session_expired');
    // A new login works at the moved time.
    const fresh = await login(srv.url, 'supervisor');
    assert.equal((await api(srv.url, 'GET', '/api/v1/me', { cookie: fresh.cookie })).status, 200);
  });
});

describe('a server configured for TLS', () => {
  let srv;

  before(async () => {
    srv = await startServer({ conf: '[server]\ntls = true\n' });
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  test('marks the session cookie Secure', T, async () => {
    const s = await login(srv.url, 'admin');
    const parts = s.setCookie.split(';').map((p) => p.trim());
    assert.ok(parts.includes('Secure'), s.setCookie);
    assert.ok(parts.includes('HttpOnly'));
    assert.ok(parts.includes('SameSite=Strict'));
  });
});
