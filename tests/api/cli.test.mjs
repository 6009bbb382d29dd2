// The command line: help and version, exit codes and one-line errors, and `huiyin user`
// changes reaching a running server at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, BIN, cli, errorOf, login, loginSession, makeDataDir, ON_PG, orgByName, removeDir, startServer, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

// An error is one line on stderr, naming the program.
function assertOneLineError(res, what) {
  const lines = res.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `${what}: one line on stderr, got ${JSON.stringify(res.stderr)}`);
  assert.match(lines[0], /^huiyin: \S/, what);
}

describe('help and version', () => {
  test('--help exits 0 for the program and every subcommand', T, async () => {
    const top = cli(BIN, ['--help']);
    assert.equal(top.code, 0);
    for (const cmd of ['serve', 'init', 'migrate', 'user', 'version']) assert.ok(top.stdout.includes(cmd), `lists ${cmd}`);
    for (const [cmd, mentions] of [
      ['serve', ['--listen', '--test-clock', '--data']],
      ['init', ['--demo', '--data']],
      ['migrate', ['--data']],
      ['user', ['add', 'passwd', 'grant', 'revoke', '--password-stdin']],
      ['version', ['--data']],
    ]) {
      const res = cli(BIN, [cmd, '--help']);
      assert.equal(res.code, 0, `${cmd} --help`);
      assert.match(res.stdout, /Usage: huiyin/);
      for (const m of mentions) assert.ok(res.stdout.includes(m), `${cmd} --help mentions ${m}`);
    }
  });

  test('huiyin version prints the version that /healthz reports', T, async () => {
    const res = cli(BIN, ['version']);
    assert.equal(res.code, 0);
    const m = res.stdout.match(/^huiyin (\d+\.\d+\.\d+\S*)/);
    assert.ok(m, res.stdout);
    const srv = await startServer({ demo: false });
    try {
      const h = await api(srv.url, 'GET', '/healthz');
      assert.equal(h.json.version, m[1]);
    } finally {
      await srv.stop();
    }
  });

  test('bad usage exits 2 with one line on stderr', T, async () => {
    const none = cli(BIN, []);
    assert.equal(none.code, 2);
    for (const [args, what] of [
      [['frobnicate'], 'unknown command'],
      [['version', '--bogus'], 'unknown option'],
      [['serve', '--listen'], 'option without its value'],
      [['version', 'extra'], 'too many arguments'],
      [['user'], 'missing arguments'],
      [['user', 'dance', 'someone'], 'unknown user command'],
    ]) {
      const res = cli(BIN, args);
      assert.equal(res.code, 2, `${what}: ${res.stderr}`);
      assertOneLineError(res, what);
      assert.equal(res.stdout, '', `${what}: nothing on stdout`);
    }
  });

  test('a failure exits 1 with one line on stderr', T, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiyin-nodb-'));
    try {
      const res = cli(BIN, ['user', 'grant', 'admin', 'admin', '1'], { dataDir: path.join(dir, 'missing') });
      assert.equal(res.code, 1, res.stderr);
      assertOneLineError(res, 'no database');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('init is idempotent and migrate has nothing to do afterwards', T, async () => {
    const { root, dataDir } = makeDataDir({ demo: true });
    try {
      // The database is DATA/huiyin.db, or on PostgreSQL not a file in DATA at all.
      assert.equal(fs.existsSync(path.join(dataDir, 'huiyin.db')), !ON_PG);
      const key = fs.readFileSync(path.join(dataDir, 'audit.key'), 'utf8');
      assert.match(key, /^[0-9a-f]{64}\n$/);
      const again = cli(BIN, ['init', '--demo'], { dataDir });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(fs.readFileSync(path.join(dataDir, 'audit.key'), 'utf8'), key, 'the audit key is kept');
      const mig = cli(BIN, ['migrate'], { dataDir });
      assert.equal(mig.code, 0, mig.stderr);
      assert.match(mig.stdout, /\b0 migration/);
      const srv = await startServer({ dataDir });
      try {
        const communities = await api(srv.url, 'GET', '/api/v1/orgs?kind=district');
        assert.equal(communities.json.items.length, 1, 'the demo district was added once');
      } finally {
        await srv.stop();
      }
    } finally {
      removeDir(root);
    }
  });
});

describe('huiyin user against a running server', () => {
  let srv;
  let yuhu;
  let xiexia;

  before(async () => {
    srv = await startServer();
    yuhu = await orgByName(srv.url, '御湖社区党建联盟');
    xiexia = await orgByName(srv.url, '斜下社区党建联盟');
  }, T);

  after(async () => {
    if (srv) await srv.stop();
  }, T);

  const run = (args, input) => cli(srv.bin, args, { dataDir: srv.dataDir, input });

  test('add, grant, revoke and passwd take effect at once', T, async () => {
    const name = uniq('cli.user-');
    const add = run(['user', 'add', name, '--display', '命令行用户', '--password-stdin'], 'first-password-1\n');
    assert.equal(add.code, 0, add.stderr);
    // The new user logs in straight away, without roles yet.
    const s = await login(srv.url, name, 'first-password-1');
    assert.equal(s.user.display_name, '命令行用户');
    assert.deepEqual(s.user.roles, []);

    const grant = run(['user', 'grant', name, 'handler', String(yuhu.id)]);
    assert.equal(grant.code, 0, grant.stderr);
    // The same session sees the role on its next request.
    const me = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.roles.map((r) => [r.role, r.org_id]), [['handler', yuhu.id]]);
    // And the role is effective: the org is in scope now (403, not 404).
    const patch = await api(srv.url, 'PATCH', `/api/v1/orgs/${yuhu.id}`, { body: { name: 'x' }, cookie: s.cookie, csrf: s.csrf });
    assert.equal(patch.status, 403);

    const revoke = run(['user', 'revoke', name, 'handler', String(yuhu.id)]);
    assert.equal(revoke.code, 0, revoke.stderr);
    const gone = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(gone.status, 401);
    assert.equal(errorOf(gone).code, 'session_expired');

    const s2 = await login(srv.url, name, 'first-password-1');
    assert.deepEqual(s2.user.roles, []);
    const passwd = run(['user', 'passwd', name, '--password-stdin'], 'second-password-2\n');
    assert.equal(passwd.code, 0, passwd.stderr);
    assert.equal((await api(srv.url, 'GET', '/api/v1/me', { cookie: s2.cookie })).status, 401);
    const old = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: name, password: 'first-password-1' } });
    assert.equal(old.status, 401);
    await login(srv.url, name, 'second-password-2');
  });

  test('the password is one line: its newline (and a CR) are not part of it', T, async () => {
    const name = uniq('crlf');
    assert.equal(run(['user', 'add', name, '--password-stdin'], 'crlf-password-1\r\n').code, 0);
    await login(srv.url, name, 'crlf-password-1');
    const name2 = uniq('nonl');
    assert.equal(run(['user', 'add', name2, '--password-stdin'], 'no-newline-pass').code, 0);
    await login(srv.url, name2, 'no-newline-pass');
  });

  test('the admin API sees users and grants made on the command line', T, async () => {
    const name = uniq('seen');
    assert.equal(run(['user', 'add', name, '--password-stdin'], 'seen-password-1\n').code, 0);
    assert.equal(run(['user', 'grant', name, 'secretary', String(xiexia.id)]).code, 0);
    const admin = await loginSession(srv.url, 'admin');
    const users = (await admin.get('/api/v1/users?limit=200')).json.items;
    const u = users.find((x) => x.username === name);
    assert.ok(u);
    assert.equal(u.display_name, name, 'the display name defaults to the username');
    assert.deepEqual(u.roles.map((r) => [r.role, r.org_id]), [['secretary', xiexia.id]]);
  });

  test('errors: usage errors exit 2, failures exit 1, one line each, nothing changes', T, async () => {
    const existing = uniq('exists');
    assert.equal(run(['user', 'add', existing, '--password-stdin'], 'exists-password-1\n').code, 0);
    const cases = [
      [['user', 'grant', existing, 'overlord', String(yuhu.id)], undefined, 2, 'unknown role'],
      [['user', 'grant', existing, 'handler', 'abc'], undefined, 2, 'bad org id'],
      [['user', 'grant', existing, 'handler'], undefined, 2, 'missing org id'],
      [['user', 'add', uniq('nopw')], 'password-123\n', 2, 'add without --password-stdin'],
      [['user', 'add', uniq('x'), '--password-stdin', '--colour'], 'password-123\n', 2, 'unknown option'],
      [['user', 'grant', uniq('ghost'), 'handler', String(yuhu.id)], undefined, 1, 'unknown user'],
      [['user', 'revoke', uniq('ghost'), 'handler', String(yuhu.id)], undefined, 1, 'unknown user (revoke)'],
      [['user', 'passwd', uniq('ghost'), '--password-stdin'], 'password-123\n', 1, 'unknown user (passwd)'],
      [['user', 'grant', existing, 'handler', '987654'], undefined, 1, 'unknown org'],
      [['user', 'revoke', existing, 'handler', String(yuhu.id)], undefined, 1, 'role not held'],
      [['user', 'add', existing, '--password-stdin'], 'another-pass-1\n', 1, 'username taken'],
      [['user', 'add', 'bad name', '--password-stdin'], 'password-123\n', 1, 'bad username'],
      [['user', 'add', uniq('short'), '--password-stdin'], 'short\n', 1, 'short password'],
      [['user', 'add', uniq('empty'), '--password-stdin'], '', 1, 'no password'],
      [['user', 'passwd', existing, '--password-stdin'], 'short\n', 1, 'short new password'],
    ];
    for (const [args, input, code, what] of cases) {
      const res = run(args, input);
      assert.equal(res.code, code, `${what}: ${res.stderr}`);
      assertOneLineError(res, what);
    }
    // The existing user is unchanged: same password, no roles.
    const s = await login(srv.url, existing, 'exists-password-1');
    assert.deepEqual(s.user.roles, []);
    const grantTwice = run(['user', 'grant', existing, 'handler', String(yuhu.id)]);
    assert.equal(grantTwice.code, 0);
    const dup = run(['user', 'grant', existing, 'handler', String(yuhu.id)]);
    assert.equal(dup.code, 1);
    assertOneLineError(dup, 'duplicate grant');
    assert.equal((await login(srv.url, existing, 'exists-password-1')).user.roles.length, 1);
  });
});
