// Users and role grants: admin-only listing and creation, validation, paging, grants and
// revocations (which end sessions), scope of community-level admins, and 50 concurrent
// creations through the group-committing writer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  errorOf,
  listAll,
  login,
  loginSession,
  orgByName,
  startServer,
  TEST_TIMEOUT_MS,
  uniq,
} from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const DEMO_USERS = ['admin', 'dispatcher', 'supervisor', 'handler', 'secretary', 'xiexia.handler', 'yuhu.handler', 'liaison'];

let srv;
let admin;
let org; // name -> org

before(async () => {
  srv = await startServer();
  admin = await loginSession(srv.url, 'admin');
  org = {};
  for (const name of ['仲恺高新区区级党建联盟', '仲恺高新区经济发展局', '斜下社区党建联盟', '御湖社区党建联盟', '惠环街道党建联盟']) {
    org[name] = await orgByName(srv.url, name);
  }
}, T);

after(async () => {
  if (srv) await srv.stop();
}, T);

const allUsers = () => listAll(srv.url, '/api/v1/users', { cookie: admin.cookie });

async function createUser(body = {}) {
  const username = body.username ?? uniq('user');
  const res = await admin.post('/api/v1/users', { username, display_name: `显示 ${username}`, password: 'password-123', ...body });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

describe('who may manage users', () => {
  test('only admins list and create users', T, async () => {
    const before = await allUsers();
    for (const name of ['handler', 'supervisor', 'secretary', 'dispatcher', 'liaison']) {
      const s = await loginSession(srv.url, name);
      const list = await s.get('/api/v1/users');
      assert.equal(list.status, 403, `${name} lists`);
      assert.equal(errorOf(list).code, 'forbidden');
      const create = await s.post('/api/v1/users', { username: uniq(name.replace('.', '')), display_name: 'x', password: 'password-123' });
      assert.equal(create.status, 403, `${name} creates`);
    }
    assert.equal((await allUsers()).length, before.length, 'nobody was created');
  });

  test('a non-admin sees only themselves', T, async () => {
    const h = await loginSession(srv.url, 'handler');
    const self = await h.get(`/api/v1/users/${h.user.id}`);
    assert.equal(self.status, 200);
    assert.equal(self.json.username, 'handler');
    const other = await h.get(`/api/v1/users/${admin.user.id}`);
    assert.equal(other.status, 404);
    assert.equal(errorOf(other).code, 'not_found');
  });

  test('without a login the users API answers 401', T, async () => {
    assert.equal((await api(srv.url, 'GET', '/api/v1/users')).status, 401);
    assert.equal((await api(srv.url, 'GET', '/api/v1/users/1')).status, 401);
    const create = await api(srv.url, 'POST', '/api/v1/users', { body: { username: uniq('anon'), display_name: 'x', password: 'password-123' } });
    assert.equal(create.status, 401);
  });
});

describe('listing', () => {
  test('the district admin sees every demo user, with roles and no password hashes', T, async () => {
    const users = await allUsers();
    const names = users.map((u) => u.username);
    for (const n of DEMO_USERS) assert.ok(names.includes(n), `${n} listed`);
    for (const u of users) {
      assert.equal(typeof u.id, 'number');
      assert.equal(typeof u.display_name, 'string');
      assert.ok(Array.isArray(u.roles));
      assert.ok(!('password_hash' in u) && !('password' in u));
    }
    const liaison = users.find((u) => u.username === 'liaison');
    assert.deepEqual(liaison.roles.map((r) => r.role), ['liaison']);
  });

  test('pages with limit and after follow {items, next} through every user once', T, async () => {
    for (let i = 0; i < 3; i++) await createUser();
    const full = await admin.get('/api/v1/users?limit=200');
    assert.equal(full.status, 200);
    assert.deepEqual(Object.keys(full.json).sort(), ['items', 'next']);
    assert.equal(full.json.next, null);
    const ids = full.json.items.map((u) => u.id);
    assert.ok(ids.length >= 11);
    const paged = [];
    let after = null;
    let pages = 0;
    for (;;) {
      const res = await admin.get(`/api/v1/users?limit=3${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.json.items.length <= 3);
      paged.push(...res.json.items.map((u) => u.id));
      pages++;
      if (res.json.next === null) break;
      assert.equal(res.json.items.length, 3, 'only the last page is short');
      assert.equal(typeof res.json.next, 'string');
      after = res.json.next;
      assert.ok(pages < 100);
    }
    assert.deepEqual(paged, ids);
    assert.equal(new Set(paged).size, paged.length, 'no duplicates');
    assert.equal(pages, Math.ceil(ids.length / 3));
    assert.deepEqual([...ids].sort((a, b) => b - a), ids, 'newest first');
  });

  test('the default page is 50 and bad paging parameters answer 400 naming them', T, async () => {
    const res = await admin.get('/api/v1/users');
    assert.equal(res.status, 200);
    assert.ok(res.json.items.length <= 50);
    for (const [q, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['after=abc', 'after'],
      ['after=-5', 'after'],
    ]) {
      const bad = await admin.get(`/api/v1/users?${q}`);
      assert.equal(bad.status, 400, q);
      assert.equal(errorOf(bad).field, field, q);
    }
  });
});

describe('creating users', () => {
  test('POST /api/v1/users answers 201 with the user, who can then log in', T, async () => {
    const username = uniq('new.user-');
    const res = await admin.post('/api/v1/users', { username, display_name: '新用户', password: 'a-good-password' });
    assert.equal(res.status, 201);
    assert.equal(res.json.username, username);
    assert.equal(res.json.display_name, '新用户');
    assert.deepEqual(res.json.roles, []);
    assert.equal(res.json.disabled, false);
    assert.ok(!('password_hash' in res.json));
    const got = await admin.get(`/api/v1/users/${res.json.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.username, username);
    assert.ok((await allUsers()).some((u) => u.id === res.json.id));
    const s = await login(srv.url, username, 'a-good-password');
    assert.equal(s.user.id, res.json.id);
  });

  test('a taken username answers 409 username_taken and changes nothing', T, async () => {
    const u = await createUser();
    const before = await allUsers();
    for (const username of [u.username, 'admin']) {
      const res = await admin.post('/api/v1/users', { username, display_name: 'dup', password: 'password-456' });
      assert.equal(res.status, 409, username);
      const e = errorOf(res);
      assert.equal(e.code, 'username_taken');
      assert.equal(e.field, 'username');
    }
    assert.deepEqual(await allUsers(), before);
    await login(srv.url, u.username, 'password-123'); // the old password still holds
  });

  test('bad input answers 400 naming the field, and nothing is created', T, async () => {
    const before = await allUsers();
    const ok = { username: uniq('valid'), display_name: 'ok', password: 'password-123' };
    const cases = [
      [{ ...ok, username: 'has space' }, 'username'],
      [{ ...ok, username: 'bad/name' }, 'username'],
      [{ ...ok, username: '用户名' }, 'username'],
      [{ ...ok, username: 'x' }, 'username'],
      [{ ...ok, username: 'u'.repeat(65) }, 'username'],
      [{ ...ok, username: 12 }, 'username'],
      [{ ...ok, password: 'short12' }, 'password'],
      [{ ...ok, password: 'p'.repeat(257) }, 'password'],
      [{ ...ok, password: null }, 'password'],
      [{ ...ok, display_name: '' }, 'display_name'],
      [{ ...ok, display_name: '   ' }, 'display_name'],
      [{ ...ok, display_name: 'd'.repeat(101) }, 'display_name'],
      [{ ...ok, display_name: 'tab\there' }, 'display_name'],
      [{ ...ok, display_name: ['x'] }, 'display_name'],
      [{ username: ok.username, password: ok.password }, 'display_name'],
      [{ display_name: 'x', password: ok.password }, 'username'],
      [{ username: ok.username, display_name: 'x' }, 'password'],
      [{ ...ok, role: 'admin' }, 'role'],
      [{ ...ok, disabled: false }, 'disabled'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/v1/users', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const e = errorOf(res);
      assert.equal(e.field, field, JSON.stringify(body));
    }
    assert.deepEqual(await allUsers(), before);
    const bad = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username: ok.username, password: ok.password } });
    assert.equal(bad.status, 401);
  });

  test('a display name of 100 Chinese characters is accepted', T, async () => {
    const u = await createUser({ display_name: '名'.repeat(100) });
    assert.equal(u.display_name, '名'.repeat(100));
  });
});

describe('changing users', () => {
  test('PATCH changes the display name and bumps the version; a stale version answers 409', T, async () => {
    const u = await createUser();
    const res = await admin.patch(`/api/v1/users/${u.id}`, { display_name: '改过的名字', version: u.version });
    assert.equal(res.status, 200);
    assert.equal(res.json.display_name, '改过的名字');
    assert.equal(res.json.version, u.version + 1);
    const stale = await admin.patch(`/api/v1/users/${u.id}`, { display_name: '又改', version: u.version });
    assert.equal(stale.status, 409);
    errorOf(stale);
    assert.equal((await admin.get(`/api/v1/users/${u.id}`)).json.display_name, '改过的名字');
  });

  test('an empty PATCH, an unknown field and an unknown user are refused', T, async () => {
    const u = await createUser();
    const empty = await admin.patch(`/api/v1/users/${u.id}`, {});
    assert.equal(empty.status, 400);
    const unknown = await admin.patch(`/api/v1/users/${u.id}`, { username: 'renamed' });
    assert.equal(unknown.status, 400);
    assert.equal(errorOf(unknown).field, 'username');
    const missing = await admin.patch('/api/v1/users/987654', { display_name: 'x' });
    assert.equal(missing.status, 404);
    assert.equal((await admin.get(`/api/v1/users/${u.id}`)).json.username, u.username);
  });

  test('an admin cannot disable their own account', T, async () => {
    const res = await admin.patch(`/api/v1/users/${admin.user.id}`, { disabled: true });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).field, 'disabled');
    assert.equal((await admin.get('/api/v1/me')).status, 200);
  });

  test('a user may change their own display name but not disable themselves', T, async () => {
    const u = await createUser();
    const s = await loginSession(srv.url, u.username, 'password-123');
    const ok = await s.patch(`/api/v1/users/${u.id}`, { display_name: '我自己' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.display_name, '我自己');
    const dis = await s.patch(`/api/v1/users/${u.id}`, { disabled: true });
    assert.equal(dis.status, 403);
    assert.equal((await s.get('/api/v1/me')).status, 200);
  });
});

describe('roles', () => {
  test('a grant answers 201 and shows in /me of the user at once', T, async () => {
    const u = await createUser();
    const s = await loginSession(srv.url, u.username, 'password-123');
    assert.deepEqual((await s.get('/api/v1/me')).json.roles, []);
    const econ = org['仲恺高新区经济发展局'];
    const res = await admin.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: econ.id });
    assert.equal(res.status, 201);
    assert.equal(res.json.role, 'handler');
    assert.equal(res.json.org_id, econ.id);
    assert.equal(res.json.user_id, u.id);
    assert.equal(typeof res.json.id, 'number');
    const me = await s.get('/api/v1/me');
    assert.equal(me.status, 200, 'a grant does not end the session');
    assert.deepEqual(
      me.json.roles.map((r) => [r.id, r.role, r.org_id]),
      [[res.json.id, 'handler', econ.id]],
    );
  });

  test('bad grants: unknown role 400, unknown org 404, duplicate 409, and nothing changes', T, async () => {
    const u = await createUser();
    const econ = org['仲恺高新区经济发展局'];
    const first = await admin.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: econ.id });
    assert.equal(first.status, 201);
    const cases = [
      [{ role: 'boss', org_id: econ.id }, 400, 'role'],
      [{ role: 'Handler', org_id: econ.id }, 400, 'role'],
      [{ role: 'handler' }, 400, 'org_id'],
      [{ role: 'handler', org_id: 'econ' }, 400, 'org_id'],
      [{ role: 'handler', org_id: 0 }, 400, 'org_id'],
      [{ role: 'handler', org_id: 987654 }, 404, 'org_id'],
      [{ role: 'handler', org_id: econ.id }, 409, null],
      [{ role: 'handler', org_id: econ.id, note: 'x' }, 400, 'note'],
    ];
    for (const [body, status, field] of cases) {
      const res = await admin.post(`/api/v1/users/${u.id}/roles`, body);
      assert.equal(res.status, status, JSON.stringify(body));
      const e = errorOf(res);
      if (field) assert.equal(e.field, field, JSON.stringify(body));
    }
    const got = await admin.get(`/api/v1/users/${u.id}`);
    assert.deepEqual(got.json.roles.map((r) => r.id), [first.json.id]);
    const none = await admin.post('/api/v1/users/987654/roles', { role: 'handler', org_id: econ.id });
    assert.equal(none.status, 404);
  });

  test('revoking a role answers 204 and ends the user\'s sessions', T, async () => {
    const u = await createUser();
    const yuhu = org['御湖社区党建联盟'];
    const g = await admin.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: yuhu.id });
    assert.equal(g.status, 201);
    const s = await login(srv.url, u.username, 'password-123');
    assert.equal((await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie })).status, 200);
    const other = await login(srv.url, 'dispatcher');
    const res = await admin.del(`/api/v1/users/${u.id}/roles/${g.json.id}`);
    assert.equal(res.status, 204);
    const me = await api(srv.url, 'GET', '/api/v1/me', { cookie: s.cookie });
    assert.equal(me.status, 401);
    assert.equal(errorOf(me).code, 'session_expired');
    assert.equal((await api(srv.url, 'GET', '/api/v1/me', { cookie: other.cookie })).status, 200, 'only that user\'s');
    assert.deepEqual((await admin.get(`/api/v1/users/${u.id}`)).json.roles, []);
    const again = await admin.del(`/api/v1/users/${u.id}/roles/${g.json.id}`);
    assert.equal(again.status, 404);
    // They can log in again, with no roles.
    const back = await login(srv.url, u.username, 'password-123');
    assert.deepEqual(back.user.roles, []);
  });

  test('a role id under the wrong user answers 404 and revokes nothing', T, async () => {
    const u = await createUser();
    const v = await createUser();
    const g = await admin.post(`/api/v1/users/${u.id}/roles`, { role: 'liaison', org_id: org['斜下社区党建联盟'].id });
    const res = await admin.del(`/api/v1/users/${v.id}/roles/${g.json.id}`);
    assert.equal(res.status, 404);
    assert.equal((await admin.get(`/api/v1/users/${u.id}`)).json.roles.length, 1);
  });

  test('a non-admin cannot grant roles, not even to themselves', T, async () => {
    const h = await loginSession(srv.url, 'handler');
    const econ = org['仲恺高新区经济发展局'];
    const self = await h.post(`/api/v1/users/${h.user.id}/roles`, { role: 'admin', org_id: econ.id });
    assert.ok([403, 404].includes(self.status), `status ${self.status}`);
    errorOf(self);
    const u = await createUser();
    const other = await h.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: econ.id });
    assert.ok([403, 404].includes(other.status), `status ${other.status}`);
    assert.deepEqual((await h.get('/api/v1/me')).json.roles.map((r) => r.role), ['handler']);
    assert.deepEqual((await admin.get(`/api/v1/users/${u.id}`)).json.roles, []);
    const sup = await loginSession(srv.url, 'supervisor');
    const bySup = await sup.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: econ.id });
    assert.ok([403, 404].includes(bySup.status));
    assert.deepEqual((await admin.get(`/api/v1/users/${u.id}`)).json.roles, []);
  });
});

describe('the scope of a community-level admin', () => {
  let local; // a session of an admin at 斜下社区
  let localUser;

  before(async () => {
    localUser = await createUser();
    const g = await admin.post(`/api/v1/users/${localUser.id}/roles`, { role: 'admin', org_id: org['斜下社区党建联盟'].id });
    assert.equal(g.status, 201);
    local = await loginSession(srv.url, localUser.username, 'password-123');
  }, T);

  test('grants inside the community work; an org outside answers 403 naming org_id', T, async () => {
    const u = await createUser();
    const inside = await local.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: org['斜下社区党建联盟'].id });
    assert.equal(inside.status, 201);
    for (const o of [org['御湖社区党建联盟'], org['惠环街道党建联盟'], org['仲恺高新区区级党建联盟']]) {
      // The tree is public: the org is seen, and the grant refused.
      const res = await local.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: o.id });
      assert.equal(res.status, 403, o.name);
      const e = errorOf(res);
      assert.equal(e.code, 'forbidden');
      assert.equal(e.field, 'org_id');
    }
    assert.equal((await admin.get(`/api/v1/users/${u.id}`)).json.roles.length, 1);
  });

  test('the local admin lists only users within the community (and users without roles)', T, async () => {
    const users = await listAll(srv.url, '/api/v1/users', { cookie: local.cookie });
    const names = users.map((u) => u.username);
    assert.ok(names.includes('secretary'));
    assert.ok(names.includes('xiexia.handler'));
    assert.ok(names.includes(localUser.username));
    for (const n of ['admin', 'dispatcher', 'yuhu.handler', 'handler', 'liaison']) assert.ok(!names.includes(n), `${n} hidden`);
    const hidden = await local.get(`/api/v1/users/${admin.user.id}`);
    assert.equal(hidden.status, 404);
    // The district admin sees them all.
    const allNames = (await allUsers()).map((u) => u.username);
    for (const n of DEMO_USERS) assert.ok(allNames.includes(n));
  });

  test('the local admin cannot revoke a role held outside the community', T, async () => {
    const users = await allUsers();
    const yuhu = users.find((u) => u.username === 'yuhu.handler');
    const res = await local.del(`/api/v1/users/${yuhu.id}/roles/${yuhu.roles[0].id}`);
    assert.equal(res.status, 404);
    const s = await login(srv.url, 'yuhu.handler');
    assert.equal(s.user.roles.length, 1);
  });

  test('the local admin cannot reset the password of a user outside the community', T, async () => {
    const users = await allUsers();
    const disp = users.find((u) => u.username === 'dispatcher');
    const res = await local.patch(`/api/v1/users/${disp.id}`, { password: 'taken-over-1' });
    assert.equal(res.status, 404);
    await login(srv.url, 'dispatcher');
  });
});

describe('concurrency', () => {
  test('50 concurrent creations with a bearer token all succeed with distinct ids', { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
    const tok = await admin.post('/api/v1/tokens', { name: uniq('bulk') });
    assert.equal(tok.status, 201);
    const before = await allUsers();
    const prefix = uniq('bulk');
    const names = Array.from({ length: 50 }, (_, i) => `${prefix}-${i}`);
    const results = await Promise.all(
      names.map((username) =>
        api(srv.url, 'POST', '/api/v1/users', {
          body: { username, display_name: username, password: 'password-123' },
          token: tok.json.token,
        }),
      ),
    );
    for (const [i, r] of results.entries()) assert.equal(r.status, 201, `${names[i]}: ${r.text}`);
    const ids = results.map((r) => r.json.id);
    assert.equal(new Set(ids).size, 50, 'distinct ids');
    for (const [i, r] of results.entries()) assert.equal(r.json.username, names[i]);
    const afterList = await allUsers();
    assert.equal(afterList.length, before.length + 50);
    const byId = new Map(afterList.map((u) => [u.id, u.username]));
    for (const [i, id] of ids.entries()) assert.equal(byId.get(id), names[i]);
  });

  test('concurrent creations of one username: exactly one wins', { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
    const username = uniq('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        admin.post('/api/v1/users', { username, display_name: username, password: 'password-123' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) assert.equal(errorOf(r).code, 'username_taken');
    assert.equal((await allUsers()).filter((u) => u.username === username).length, 1);
  });
});
