// Starting and stopping: SIGTERM stops the server cleanly and quickly, what was written
// before is there after a restart, and a request in flight is answered before the stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, cli, login, loginSession, orgByName, removeDir, startServer, TEST_TIMEOUT_MS, IS_SAN, uniq } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS * 2 };
const STOP_WITHIN_MS = IS_SAN ? 10000 : 5000;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('SIGTERM exits 0 within seconds, and the data is there after a restart', T, async () => {
  const first = await startServer();
  const root = path.dirname(first.dataDir);
  try {
    const admin = await loginSession(first.url, 'admin');
    const username = uniq('persist');
    const created = await admin.post('/api/v1/users', { username, display_name: '重启之后', password: 'persist-pass-1' });
    assert.equal(created.status, 201);
    const orgName = uniq('重启部门');
    const district = await orgByName(first.url, '仲恺高新区区级党建联盟');
    const org = await admin.post('/api/v1/orgs', { parent_id: district.id, kind: 'department', name: orgName });
    assert.equal(org.status, 201);
    const tok = await admin.post('/api/v1/tokens', { name: uniq('persist') });
    assert.equal(tok.status, 201);

    const stopped = await first.stop({ keepData: true });
    assert.equal(stopped.code, 0);
    assert.equal(stopped.signal, null);
    assert.equal(stopped.killed, false);
    assert.ok(stopped.ms < STOP_WITHIN_MS, `stopped in ${stopped.ms} ms`);
    assert.ok(!alive(first.pid), 'the process is gone');
    const logs = first.logLines().map((l) => l.msg);
    assert.ok(logs.includes('stopped'), 'logs that it stopped');
    await assert.rejects(api(first.url, 'GET', '/healthz'), 'nothing listens any more');

    const second = await startServer({ dataDir: first.dataDir });
    try {
      const s = await login(second.url, username, 'persist-pass-1');
      assert.equal(s.user.id, created.json.id);
      assert.equal(s.user.display_name, '重启之后');
      const got = await api(second.url, 'GET', `/api/v1/orgs/${org.json.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.json.name, orgName);
      // Sessions and tokens live in the database too.
      const me = await api(second.url, 'GET', '/api/v1/me', { cookie: admin.cookie });
      assert.equal(me.status, 200);
      assert.equal(me.json.username, 'admin');
      const byToken = await api(second.url, 'GET', '/api/v1/me', { token: tok.json.token });
      assert.equal(byToken.status, 200);
    } finally {
      await second.stop();
    }
  } finally {
    removeDir(root);
  }
});

test('writes answered before SIGTERM are all kept, and requests in flight are answered', T, async () => {
  const first = await startServer();
  const root = path.dirname(first.dataDir);
  try {
    const admin = await loginSession(first.url, 'admin');
    const tok = await admin.post('/api/v1/tokens', { name: uniq('flight') });
    const prefix = uniq('flight');
    // Each creation hashes a password (slow on purpose), so some are in flight when the
    // signal arrives.
    const pending = Array.from({ length: 12 }, (_, i) =>
      api(first.url, 'POST', '/api/v1/users', {
        body: { username: `${prefix}-${i}`, display_name: 'x', password: 'password-123' },
        token: tok.json.token,
      }).then(
        (r) => ({ ok: true, status: r.status, username: `${prefix}-${i}` }),
        (e) => ({ ok: false, error: String(e), username: `${prefix}-${i}` }),
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const stopping = first.stop({ keepData: true });
    const results = await Promise.all(pending);
    const stopped = await stopping;
    assert.equal(stopped.code, 0);
    const answered = results.filter((r) => r.ok);
    for (const r of answered) assert.equal(r.status, 201, `${r.username} answered ${r.status}`);
    assert.ok(answered.length >= 1, 'at least the requests in flight were answered');

    const second = await startServer({ dataDir: first.dataDir });
    try {
      const s = await loginSession(second.url, 'admin');
      const users = (await s.get('/api/v1/users?limit=200')).json.items.map((u) => u.username);
      for (const r of answered) assert.ok(users.includes(r.username), `${r.username} was answered 201 and is kept`);
    } finally {
      await second.stop();
    }
  } finally {
    removeDir(root);
  }
});

test('a second server cannot take a port already in use, and says so', T, async () => {
  const first = await startServer();
  try {
    const res = cli(first.bin, ['serve', '--listen', `127.0.0.1:${first.port}`], { dataDir: first.dataDir });
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /listen/);
    assert.equal((await api(first.url, 'GET', '/healthz')).status, 200, 'the first one still serves');
  } finally {
    await first.stop();
  }
});
