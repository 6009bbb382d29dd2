// The HTTP foundation: health, headers, the error shape, routing (404/405), JSON parsing,
// validation of bodies, body limits and the request log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, cli, DB_NAME, errorOf, listAll, loginSession, orgByName, startServer, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

let srv;
let admin;
let district;

before(async () => {
  srv = await startServer();
  admin = await loginSession(srv.url, 'admin');
  district = await orgByName(srv.url, '仲恺高新区区级党建联盟');
}, T);

after(async () => {
  if (srv) await srv.stop();
}, T);

function assertJsonResponse(res, what) {
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, `${what}: Content-Type`);
  assert.notEqual(res.json, null, `${what}: body is JSON`);
}

describe('health', () => {
  test('GET /healthz answers ok, the database kind and the version the binary reports', T, async () => {
    const res = await api(srv.url, 'GET', '/healthz');
    assert.equal(res.status, 200);
    assertJsonResponse(res, 'healthz');
    assert.deepEqual(Object.keys(res.json).sort(), ['db', 'status', 'version']);
    assert.equal(res.json.status, 'ok');
    assert.equal(res.json.db, DB_NAME); // sqlite, or postgresql under HUIYIN_TEST_PG
    const v = cli(srv.bin, ['version']);
    assert.equal(v.code, 0);
    assert.ok(v.stdout.includes(`huiyin ${res.json.version}`), `version ${res.json.version} vs ${v.stdout}`);
  });

  test('healthz needs no login and ignores a forged cookie', T, async () => {
    const res = await api(srv.url, 'GET', '/healthz', { cookie: 'hy_session=forged' });
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'ok');
  });
});

describe('headers', () => {
  test('every kind of response carries Referrer-Policy: no-referrer', T, async () => {
    const tokenName = uniq('hdr');
    const cases = [
      ['200', await api(srv.url, 'GET', '/healthz')],
      ['200 list', await api(srv.url, 'GET', '/api/v1/orgs?limit=1')],
      ['201', await admin.post('/api/v1/tokens', { name: tokenName })],
      ['400', await api(srv.url, 'POST', '/api/v1/auth/login', { body: '{' })],
      ['401', await api(srv.url, 'GET', '/api/v1/me')],
      ['403', await api(srv.url, 'POST', '/api/v1/tokens', { body: { name: 'x' }, cookie: admin.cookie })],
      ['404', await api(srv.url, 'GET', '/nowhere')],
      ['405', await api(srv.url, 'DELETE', '/healthz')],
      ['413', await api(srv.url, 'POST', '/api/v1/auth/login', { body: 'x'.repeat(5000) })],
    ];
    for (const [what, res] of cases) {
      assert.equal(String(res.status), what.split(' ')[0], `${what}: ${res.text}`);
      assertJsonResponse(res, what);
    }
    const created = cases[2][1].json;
    const del = await admin.del(`/api/v1/tokens/${created.id}`);
    assert.equal(del.status, 204);
    assert.equal(del.headers.get('referrer-policy'), 'no-referrer', '204: Referrer-Policy');
    assert.equal(del.text, '', '204 has no body');
  });
});

describe('routing', () => {
  test('an unknown path answers 404 not_found in the error shape', T, async () => {
    for (const p of ['/nowhere', '/api/v1/nothing', '/api/v1/orgs/abc', '/api/v1/orgs/0', '/api/v1/orgs/-1', '/api/v1/orgs/1/x', '/healthz/']) {
      const res = await api(srv.url, 'GET', p);
      assert.equal(res.status, 404, p);
      const e = errorOf(res);
      assert.equal(e.code, 'not_found', p);
      assert.equal(e.field, null, p);
    }
  });

  test('a known path with the wrong method answers 405 with an Allow header', T, async () => {
    const cases = [
      ['DELETE', '/healthz', ['GET']],
      ['PUT', '/api/v1/orgs', ['GET', 'POST']],
      ['DELETE', '/api/v1/orgs/1', ['GET', 'PATCH']],
      ['GET', '/api/v1/auth/login', ['POST']],
      ['GET', '/api/v1/users/1/roles', ['POST']],
      ['PATCH', '/api/v1/tokens/1', ['DELETE']],
    ];
    for (const [method, p, allow] of cases) {
      const res = await api(srv.url, method, p, { cookie: admin.cookie, csrf: admin.csrf });
      assert.equal(res.status, 405, `${method} ${p}`);
      assert.equal(errorOf(res).code, 'method_not_allowed');
      const got = (res.headers.get('allow') ?? '').split(',').map((s) => s.trim()).filter(Boolean).sort();
      assert.deepEqual(got, allow, `${method} ${p} Allow`);
    }
  });

  test('a wrong method with a body still answers 405 and changes nothing', T, async () => {
    const before = await listAll(srv.url, '/api/v1/orgs');
    const res = await api(srv.url, 'PUT', '/api/v1/orgs', {
      body: { parent_id: district.id, kind: 'department', name: uniq('put') },
      cookie: admin.cookie,
      csrf: admin.csrf,
    });
    assert.equal(res.status, 405);
    assert.deepEqual(res.headers.get('allow').split(',').map((s) => s.trim()).sort(), ['GET', 'POST']);
    const afterList = await listAll(srv.url, '/api/v1/orgs');
    assert.equal(afterList.length, before.length);
  });

  test('an unknown path with a body answers 404', T, async () => {
    const res = await api(srv.url, 'POST', '/api/v1/nothing', { body: { a: 1 } });
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).code, 'not_found');
  });
});

describe('JSON bodies', () => {
  test('malformed JSON answers 400 invalid_json', T, async () => {
    for (const body of ['{', '{"username": "admin",}', 'not json', '{"username":"admin" "password":"x"}']) {
      const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body });
      assert.equal(res.status, 400, body);
      const e = errorOf(res);
      assert.equal(e.code, 'invalid_json', body);
      assert.equal(e.field, null);
    }
  });

  test('a duplicate key is malformed JSON', T, async () => {
    const res = await api(srv.url, 'POST', '/api/v1/auth/login', {
      body: '{"username":"admin","username":"x","password":"huiyin-demo"}',
    });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).code, 'invalid_json');
  });

  test('invalid UTF-8 inside a JSON string answers 400 and logs nobody in', T, async () => {
    const body = Buffer.concat([
      Buffer.from('{"username":"adm'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('","password":"huiyin-demo"}'),
    ]);
    const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body });
    assert.equal(res.status, 400);
    errorOf(res);
    assert.equal(res.headers.get('set-cookie'), null);
  });

  test('a body that is not an object answers 400', T, async () => {
    for (const body of ['[]', '"admin"', '42', 'null']) {
      const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body });
      assert.equal(res.status, 400, body);
      errorOf(res);
    }
  });

  test('a missing body on a route that needs one answers 400', T, async () => {
    const res = await api(srv.url, 'POST', '/api/v1/auth/login');
    assert.equal(res.status, 400);
    errorOf(res);
  });

  test('wrong types, missing and unknown fields and long strings name the field', T, async () => {
    const cases = [
      [{ username: 42, password: 'huiyin-demo' }, 'username'],
      [{ username: 'admin', password: true }, 'password'],
      [{ username: null, password: 'huiyin-demo' }, 'username'],
      [{ password: 'huiyin-demo' }, 'username'],
      [{ username: 'admin' }, 'password'],
      [{ username: 'admin', password: 'huiyin-demo', remember: true }, 'remember'],
      [{ username: 'a'.repeat(65), password: 'huiyin-demo' }, 'username'],
      [{ username: 'admin', password: 'p'.repeat(257) }, 'password'],
      [{ username: '', password: 'huiyin-demo' }, 'username'],
    ];
    for (const [body, field] of cases) {
      const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      const e = errorOf(res);
      assert.equal(e.field, field, JSON.stringify(body));
      assert.equal(res.headers.get('set-cookie'), null);
    }
  });

  test('string limits count characters, not bytes', T, async () => {
    // 64 Chinese characters are 192 bytes but within the 64-character username limit:
    // the answer is a login failure, not a validation error.
    const res = await api(srv.url, 'POST', '/api/v1/auth/login', {
      body: { username: '用'.repeat(64), password: 'huiyin-demo' },
    });
    assert.equal(res.status, 401);
    assert.equal(errorOf(res).code, 'bad_credentials');
    const long = await api(srv.url, 'POST', '/api/v1/auth/login', {
      body: { username: '用'.repeat(65), password: 'huiyin-demo' },
    });
    assert.equal(long.status, 400);
    assert.equal(errorOf(long).field, 'username');
  });
});

describe('body limits', () => {
  test('a login body over 4 KiB answers 413; one of exactly 4 KiB is read', T, async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(4100) });
    const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body: big });
    assert.equal(res.status, 413);
    assert.equal(errorOf(res).code, 'too_large');
    // Exactly 4096 bytes: parsed and validated (the password is too long), so 400.
    const head = '{"username":"admin","password":"';
    const tail = '"}';
    const exact = head + 'y'.repeat(4096 - head.length - tail.length) + tail;
    assert.equal(Buffer.byteLength(exact), 4096);
    const ok = await api(srv.url, 'POST', '/api/v1/auth/login', { body: exact });
    assert.equal(ok.status, 400);
    assert.equal(errorOf(ok).field, 'password');
  });

  test('an org body over 64 KiB answers 413 and creates nothing', T, async () => {
    const before = await listAll(srv.url, '/api/v1/orgs');
    const name = uniq('big');
    for (const size of [65 * 1024, 512 * 1024]) {
      const res = await admin.post('/api/v1/orgs', {
        parent_id: district.id,
        kind: 'department',
        name,
        description: 'd'.repeat(size),
      });
      assert.equal(res.status, 413, `size ${size}`);
      assert.equal(errorOf(res).code, 'too_large');
    }
    const afterList = await listAll(srv.url, '/api/v1/orgs');
    assert.equal(afterList.length, before.length);
    assert.ok(!afterList.some((o) => o.name === name));
  });

  test('the connection is still usable after a 413', T, async () => {
    const res = await api(srv.url, 'POST', '/api/v1/auth/login', { body: 'x'.repeat(10000) });
    assert.equal(res.status, 413);
    const h = await api(srv.url, 'GET', '/healthz');
    assert.equal(h.status, 200);
  });

  test('a body sent to a route that takes none answers 413 and does nothing', T, async () => {
    const created = await admin.post('/api/v1/tokens', { name: uniq('nobody') });
    assert.equal(created.status, 201);
    const res = await admin.del(`/api/v1/tokens/${created.json.id}`, { body: { really: true } });
    assert.equal(res.status, 413);
    assert.equal(errorOf(res).code, 'too_large');
    const me = await api(srv.url, 'GET', '/api/v1/me', { token: created.json.token });
    assert.equal(me.status, 200, 'the token still works');
  });
});

describe('request log', () => {
  test('a request writes one JSON line with method, path without the query, status, us and user', T, async () => {
    const secret = `secret${uniq('q')}`;
    const res = await api(srv.url, 'GET', `/api/v1/orgs?q=${secret}&limit=7`);
    assert.equal(res.status, 200);
    const line = await srv.waitForLog((l) => l.method === 'GET' && l.path === '/api/v1/orgs' && l.status === 200);
    assert.equal(typeof line.us, 'number');
    assert.ok(Number.isInteger(line.us) && line.us >= 0);
    assert.equal(line.user, 0);
    // Give a late line the chance to appear, then check the query is nowhere.
    await api(srv.url, 'GET', '/healthz');
    await srv.waitForLog((l) => l.path === '/healthz');
    const all = srv.stderrLines().join('\n');
    assert.ok(!all.includes(secret), 'the query string is not logged');
    assert.ok(!all.includes('limit=7'));
    for (const l of srv.logLines().filter((x) => x.path !== undefined))
      assert.ok(!l.path.includes('?'), `no query string in ${l.path}`);
  });

  test('the log names the user, and holds no passwords, cookies or tokens', T, async () => {
    const me = await admin.get('/api/v1/me');
    assert.equal(me.status, 200);
    const tok = await admin.post('/api/v1/tokens', { name: uniq('log') });
    assert.equal(tok.status, 201);
    const userPath = `/api/v1/users/${admin.user.id}`;
    const byToken = await api(srv.url, 'GET', userPath, { token: tok.json.token });
    assert.equal(byToken.status, 200);
    const bad = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password-xyz' } });
    assert.equal(bad.status, 401);
    await srv.waitForLog((l) => l.method === 'GET' && l.path === userPath && l.status === 200 && l.user === admin.user.id);
    const meLine = await srv.waitForLog((l) => l.path === '/api/v1/me' && l.status === 200);
    assert.equal(meLine.user, me.json.id);
    await srv.waitForLog((l) => l.path === '/api/v1/auth/login' && l.status === 401);
    const all = srv.stderrLines().join('\n');
    assert.ok(!all.includes(tok.json.token), 'no bearer token');
    assert.ok(!all.includes(admin.cookie.split('=')[1]), 'no session cookie');
    assert.ok(!all.includes(admin.csrf), 'no CSRF token');
    assert.ok(!all.includes('wrong-password-xyz'), 'no password');
    assert.ok(!all.includes('huiyin-demo'), 'no password');
  });

  test('every request gets exactly one line', T, async () => {
    const marker = `/api/v1/orgs/${900000 + Math.floor(Math.random() * 99999)}`;
    for (let i = 0; i < 3; i++) assert.equal((await api(srv.url, 'GET', marker)).status, 404);
    await api(srv.url, 'GET', '/healthz');
    const deadline = Date.now() + 5000;
    let n = 0;
    while (Date.now() < deadline) {
      n = srv.logLines().filter((l) => l.path === marker).length;
      if (n >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 100));
    const lines = srv.logLines().filter((l) => l.path === marker);
    assert.equal(lines.length, 3);
    for (const l of lines) {
      assert.equal(l.method, 'GET');
      assert.equal(l.status, 404);
    }
  });
});
