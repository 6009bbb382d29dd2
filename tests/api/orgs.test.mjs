// Organisations: the public tree (filters, paging, paths), contact details for staff,
// creating and moving orgs (kind rules, cycles, versions), alliance members, and scope.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, errorOf, listAll, loginSession, orgByName, startServer, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

const N = {
  district: '仲恺高新区区级党建联盟',
  park: '东江科技园园区党建联盟',
  huihuan: '惠环街道党建联盟',
  chenjiang: '陈江街道党建联盟',
  econ: '仲恺高新区经济发展局',
  xiexia: '斜下社区党建联盟',
  jiazi: '甲子社区党建联盟',
  yuhu: '御湖社区党建联盟',
  dongjiang: '东江社区党建联盟',
  eve: '惠州亿纬锂能股份有限公司',
  sony: '索尼精密部件(惠州)有限公司',
  yinian: '颐年堂养老院',
};

let srv;
let admin;
let O; // key -> org (as first read)

before(async () => {
  srv = await startServer();
  admin = await loginSession(srv.url, 'admin');
  O = {};
  for (const [k, name] of Object.entries(N)) O[k] = await orgByName(srv.url, name);
}, T);

after(async () => {
  if (srv) await srv.stop();
}, T);

const allOrgs = (opts) => listAll(srv.url, '/api/v1/orgs', opts);
const getOrg = async (id, opts) => (await api(srv.url, 'GET', `/api/v1/orgs/${id}`, opts)).json;

async function create(body, s = admin) {
  const res = await s.post('/api/v1/orgs', body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

// Checks an org's path against the orgs themselves: the root first, itself last, and
// each element's parent is the element before.
function assertPathConsistent(o, byId) {
  assert.ok(Array.isArray(o.path) && o.path.length >= 1, `${o.name}: path`);
  const last = o.path[o.path.length - 1];
  assert.deepEqual(last, { id: o.id, name: o.name, kind: o.kind });
  assert.equal(o.path[0].kind, 'district');
  if (o.parent_id === null) assert.equal(o.path.length, 1);
  else assert.equal(o.path[o.path.length - 2].id, o.parent_id, `${o.name}: parent in path`);
  if (byId) {
    for (let i = 1; i < o.path.length; i++) {
      const node = byId.get(o.path[i].id);
      assert.equal(node.parent_id, o.path[i - 1].id, `${o.name}: path step ${i}`);
      assert.equal(node.name, o.path[i].name);
    }
  }
}

describe('reading the tree', () => {
  test('GET /api/v1/orgs is public, with id, parent_id, kind, name and a path from the root', T, async () => {
    const orgs = await allOrgs();
    assert.ok(orgs.length >= 28, `${orgs.length} demo orgs`);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const o of orgs) {
      for (const k of ['id', 'parent_id', 'kind', 'name', 'path']) assert.ok(k in o, `${o.name}: ${k}`);
      assert.ok(!('contact_name' in o) && !('contact_phone' in o), 'no contact details for the public');
      assertPathConsistent(o, byId);
    }
    const roots = orgs.filter((o) => o.parent_id === null);
    assert.deepEqual(roots.map((o) => o.name), [N.district]);
    const xiexia = orgs.find((o) => o.name === N.xiexia);
    assert.deepEqual(xiexia.path.map((p) => [p.name, p.kind]), [
      [N.district, 'district'],
      [N.huihuan, 'subdistrict'],
      [N.xiexia, 'community'],
    ]);
    const eve = orgs.find((o) => o.name === N.eve);
    assert.equal(eve.kind, 'unit');
    assert.equal(eve.unit_type, 'private_enterprise');
  });

  test('staff also see contact details', T, async () => {
    const o = await create({ parent_id: O.district.id, kind: 'department', name: uniq('联系'), contact_name: '张三', contact_phone: '0752-1234567' });
    const pub = await getOrg(o.id);
    assert.ok(!('contact_name' in pub) && !('contact_phone' in pub));
    assert.ok(!JSON.stringify(pub).includes('0752-1234567'));
    const pubList = await api(srv.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent(o.name)}`);
    assert.ok(!pubList.text.includes('0752-1234567'));
    const handler = await loginSession(srv.url, 'handler');
    const staff = await getOrg(o.id, { cookie: handler.cookie });
    assert.equal(staff.contact_name, '张三');
    assert.equal(staff.contact_phone, '0752-1234567');
    const staffList = await handler.get(`/api/v1/orgs?q=${encodeURIComponent(o.name)}`);
    assert.equal(staffList.json.items[0].contact_phone, '0752-1234567');
  });

  test('filters: parent, kind and q, alone and together', T, async () => {
    const children = await allOrgs();
    const underHuihuan = await listAll(srv.url, `/api/v1/orgs?parent=${O.huihuan.id}`);
    const expected = children.filter((o) => o.parent_id === O.huihuan.id).map((o) => o.id);
    assert.deepEqual(underHuihuan.map((o) => o.id).sort(), expected.sort());
    assert.ok(underHuihuan.some((o) => o.name === N.xiexia));
    assert.ok(!underHuihuan.some((o) => o.name === N.yuhu));

    const communities = await listAll(srv.url, '/api/v1/orgs?kind=community');
    assert.ok(communities.length >= 9);
    assert.ok(communities.every((o) => o.kind === 'community'));
    assert.equal(communities.length, children.filter((o) => o.kind === 'community').length);

    const q = await listAll(srv.url, `/api/v1/orgs?q=${encodeURIComponent('社区')}`);
    assert.ok(q.length >= 9);
    assert.ok(q.every((o) => o.name.includes('社区')));
    assert.equal(q.length, children.filter((o) => o.name.includes('社区')).length);

    const both = await listAll(srv.url, `/api/v1/orgs?parent=${O.chenjiang.id}&kind=community&q=${encodeURIComponent('御湖')}`);
    assert.deepEqual(both.map((o) => o.id), [O.yuhu.id]);

    const none = await api(srv.url, 'GET', `/api/v1/orgs?q=${encodeURIComponent('没有这个名字的组织')}`);
    assert.equal(none.status, 200);
    assert.deepEqual(none.json, { items: [], next: null });
  });

  test('bad filters answer 400 naming the parameter', T, async () => {
    for (const [q, field] of [
      ['kind=village', 'kind'],
      ['parent=abc', 'parent'],
      ['parent=0', 'parent'],
      ['q=', 'q'],
      [`q=${'长'.repeat(101)}`, 'q'],
      ['limit=0', 'limit'],
      ['limit=500', 'limit'],
      ['after=x', 'after'],
    ]) {
      const res = await api(srv.url, 'GET', `/api/v1/orgs?${encodeURI(q)}`);
      assert.equal(res.status, 400, q);
      assert.equal(errorOf(res).field, field, q);
    }
  });

  test('paging with limit and after visits every org once, newest first', T, async () => {
    const full = (await api(srv.url, 'GET', '/api/v1/orgs?limit=200')).json;
    assert.equal(full.next, null);
    const ids = full.items.map((o) => o.id);
    const paged = [];
    let after = null;
    for (let i = 0; i < 100; i++) {
      const res = await api(srv.url, 'GET', `/api/v1/orgs?limit=4${after ? `&after=${after}` : ''}`);
      assert.equal(res.status, 200);
      paged.push(...res.json.items.map((o) => o.id));
      if (res.json.next === null) break;
      assert.equal(res.json.items.length, 4);
      after = res.json.next;
    }
    assert.deepEqual(paged, ids);
    assert.deepEqual([...ids].sort((a, b) => b - a), ids);
  });

  test('GET /api/v1/orgs/{id} answers the org, 404 for an unknown id', T, async () => {
    const o = await getOrg(O.yuhu.id);
    assert.equal(o.name, N.yuhu);
    assert.equal(o.kind, 'community');
    assert.equal(o.parent_id, O.chenjiang.id);
    const res = await api(srv.url, 'GET', '/api/v1/orgs/987654');
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).code, 'not_found');
  });

  test('a unit lists the alliances it belongs to', T, async () => {
    const eve = await getOrg(O.eve.id);
    assert.ok(Array.isArray(eve.alliances));
    assert.deepEqual(eve.alliances.map((a) => a.name), [N.dongjiang]);
    assert.equal(eve.alliances[0].joined_on, '2018-09-01');
  });
});

describe('creating orgs', () => {
  test('an admin creates a community under a subdistrict and a unit under it', T, async () => {
    const cname = uniq('新社区');
    const c = await create({ parent_id: O.huihuan.id, kind: 'community', name: cname, description: '测试社区', address: '惠环街道 1 号' });
    assert.equal(c.kind, 'community');
    assert.equal(c.parent_id, O.huihuan.id);
    assert.equal(c.unit_type, null);
    assert.deepEqual(c.path.map((p) => p.id), [O.district.id, O.huihuan.id, c.id]);
    const again = await getOrg(c.id);
    assert.equal(again.name, cname);
    assert.equal(again.description, '测试社区');
    assert.equal(again.address, '惠环街道 1 号');
    const u = await create({ parent_id: c.id, kind: 'unit', unit_type: 'market', name: uniq('市场') });
    assert.equal(u.unit_type, 'market');
    assert.deepEqual(u.path.map((p) => p.id), [O.district.id, O.huihuan.id, c.id, u.id]);
    const listed = await listAll(srv.url, `/api/v1/orgs?parent=${c.id}`);
    assert.deepEqual(listed.map((o) => o.id), [u.id]);
  });

  test('invalid orgs answer 400 naming the field and nothing is created', T, async () => {
    const before = await allOrgs();
    const name = uniq('bad');
    const cases = [
      [{ parent_id: O.xiexia.id, kind: 'unit', name }, 'unit_type'],
      [{ parent_id: O.xiexia.id, kind: 'unit', unit_type: 'castle', name }, 'unit_type'],
      [{ parent_id: O.huihuan.id, kind: 'community', unit_type: 'market', name }, 'unit_type'],
      [{ parent_id: O.xiexia.id, kind: 'subdistrict', name }, 'parent_id'],
      [{ parent_id: O.eve.id, kind: 'unit', unit_type: 'other', name }, 'parent_id'],
      [{ parent_id: O.huihuan.id, kind: 'district', name }, 'parent_id'],
      [{ parent_id: O.huihuan.id, kind: 'village', name }, 'kind'],
      [{ parent_id: O.huihuan.id, name }, 'kind'],
      [{ kind: 'community', name }, 'parent_id'],
      [{ parent_id: 'one', kind: 'community', name }, 'parent_id'],
      [{ parent_id: O.huihuan.id, kind: 'community' }, 'name'],
      [{ parent_id: O.huihuan.id, kind: 'community', name: '' }, 'name'],
      [{ parent_id: O.huihuan.id, kind: 'community', name: '名'.repeat(101) }, 'name'],
      [{ parent_id: O.huihuan.id, kind: 'community', name, address: 'a'.repeat(201) }, 'address'],
      [{ parent_id: O.huihuan.id, kind: 'community', name, contact_phone: '1'.repeat(31) }, 'contact_phone'],
      [{ parent_id: O.huihuan.id, kind: 'community', name, description: 'd'.repeat(2001) }, 'description'],
      [{ parent_id: O.huihuan.id, kind: 'community', name, color: 'red' }, 'color'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/v1/orgs', body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 200));
      assert.equal(errorOf(res).field, field, JSON.stringify(body).slice(0, 200));
    }
    const unknownParent = await admin.post('/api/v1/orgs', { parent_id: 987654, kind: 'community', name });
    assert.equal(unknownParent.status, 404);
    assert.equal(errorOf(unknownParent).field, 'parent_id');
    const afterList = await allOrgs();
    assert.equal(afterList.length, before.length);
    assert.ok(!afterList.some((o) => o.name === name));
  });

  test('multi-line descriptions are allowed; control characters in names are not', T, async () => {
    const o = await create({ parent_id: O.district.id, kind: 'department', name: uniq('部门'), description: '第一行\n第二行' });
    assert.equal(o.description, '第一行\n第二行');
    const bad = await admin.post('/api/v1/orgs', { parent_id: O.district.id, kind: 'department', name: 'a\nb' });
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).field, 'name');
  });

  test('a deep chain of departments keeps its whole path', T, async () => {
    let parent = O.district;
    const chain = [O.district.id];
    for (let i = 0; i < 40; i++) {
      parent = await create({ parent_id: parent.id, kind: 'department', name: uniq(`层${i}-`) });
      chain.push(parent.id);
      assert.deepEqual(parent.path.map((p) => p.id), chain, `depth ${i + 2}`);
    }
    const again = await getOrg(parent.id);
    assert.deepEqual(again.path.map((p) => p.id), chain);
    assert.equal(again.path[again.path.length - 1].name, parent.name);
  });

  test('non-admins cannot create: 403 inside their scope, 404 outside it', T, async () => {
    const before = await allOrgs();
    const handler = await loginSession(srv.url, 'handler'); // handler at 经济发展局
    const inScope = await handler.post('/api/v1/orgs', { parent_id: O.econ.id, kind: 'unit', unit_type: 'other', name: uniq('h') });
    assert.equal(inScope.status, 403);
    assert.equal(errorOf(inScope).code, 'forbidden');
    const outScope = await handler.post('/api/v1/orgs', { parent_id: O.huihuan.id, kind: 'community', name: uniq('h') });
    assert.equal(outScope.status, 404);
    assert.equal(errorOf(outScope).field, 'parent_id');
    const sup = await loginSession(srv.url, 'supervisor');
    const bySup = await sup.post('/api/v1/orgs', { parent_id: O.huihuan.id, kind: 'community', name: uniq('s') });
    assert.equal(bySup.status, 403);
    const sec = await loginSession(srv.url, 'secretary');
    const bySec = await sec.post('/api/v1/orgs', { parent_id: O.xiexia.id, kind: 'unit', unit_type: 'other', name: uniq('s') });
    assert.equal(bySec.status, 403);
    const anon = await api(srv.url, 'POST', '/api/v1/orgs', { body: { parent_id: O.huihuan.id, kind: 'community', name: uniq('a') } });
    assert.equal(anon.status, 401);
    assert.equal((await allOrgs()).length, before.length);
  });
});

describe('changing orgs', () => {
  test('moving an org moves its whole subtree', T, async () => {
    const c = await create({ parent_id: O.huihuan.id, kind: 'community', name: uniq('搬家社区') });
    const u = await create({ parent_id: c.id, kind: 'unit', unit_type: 'social_org', name: uniq('搬家单位') });
    const res = await admin.patch(`/api/v1/orgs/${c.id}`, { parent_id: O.chenjiang.id });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.parent_id, O.chenjiang.id);
    assert.deepEqual(res.json.path.map((p) => p.id), [O.district.id, O.chenjiang.id, c.id]);
    const child = await getOrg(u.id);
    assert.deepEqual(child.path.map((p) => p.id), [O.district.id, O.chenjiang.id, c.id, u.id]);
    assert.equal(child.path[1].name, N.chenjiang);
    assert.ok((await listAll(srv.url, `/api/v1/orgs?parent=${O.chenjiang.id}`)).some((o) => o.id === c.id));
    assert.ok(!(await listAll(srv.url, `/api/v1/orgs?parent=${O.huihuan.id}`)).some((o) => o.id === c.id));
    // Scope follows the tree: a handler of 御湖 (陈江) does not gain it, but an admin of
    // 陈江 would; check through the public paths of every org that they stay consistent.
    const orgs = await allOrgs();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const o of orgs) assertPathConsistent(o, byId);
  });

  test('moving an org under itself or its own subtree answers 409 cycle', T, async () => {
    const a = await create({ parent_id: O.district.id, kind: 'department', name: uniq('甲部门') });
    const b = await create({ parent_id: a.id, kind: 'department', name: uniq('乙部门') });
    const c = await create({ parent_id: b.id, kind: 'department', name: uniq('丙部门') });
    for (const target of [a, b, c]) {
      const res = await admin.patch(`/api/v1/orgs/${a.id}`, { parent_id: target.id });
      assert.equal(res.status, 409, `under ${target.name}`);
      const e = errorOf(res);
      assert.equal(e.code, 'cycle');
      assert.equal(e.field, 'parent_id');
    }
    const still = await getOrg(a.id);
    assert.equal(still.parent_id, O.district.id);
    assert.equal(still.version, a.version);
    assert.deepEqual((await getOrg(c.id)).path.map((p) => p.id), [O.district.id, a.id, b.id, c.id]);
    // Moving the middle one up is fine.
    const ok = await admin.patch(`/api/v1/orgs/${b.id}`, { parent_id: O.district.id });
    assert.equal(ok.status, 200);
    assert.deepEqual((await getOrg(c.id)).path.map((p) => p.id), [O.district.id, b.id, c.id]);
  });

  test('a move that breaks the kind rules answers 400 naming parent_id', T, async () => {
    const c = await create({ parent_id: O.huihuan.id, kind: 'community', name: uniq('规则社区') });
    const res = await admin.patch(`/api/v1/orgs/${c.id}`, { parent_id: O.eve.id });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'parent_id');
    const unknown = await admin.patch(`/api/v1/orgs/${c.id}`, { parent_id: 987654 });
    assert.equal(unknown.status, 404);
    assert.equal((await getOrg(c.id)).parent_id, O.huihuan.id);
  });

  test('a stale version answers 409 and changes nothing', T, async () => {
    const c = await create({ parent_id: O.park.id, kind: 'community', name: uniq('版本社区') });
    assert.equal(c.version, 1);
    const first = await admin.patch(`/api/v1/orgs/${c.id}`, { name: `${c.name}-改`, version: c.version });
    assert.equal(first.status, 200);
    assert.equal(first.json.version, c.version + 1);
    assert.equal(first.json.name, `${c.name}-改`);
    const stale = await admin.patch(`/api/v1/orgs/${c.id}`, { name: `${c.name}-再改`, version: c.version });
    assert.equal(stale.status, 409);
    errorOf(stale);
    const now = await getOrg(c.id);
    assert.equal(now.name, `${c.name}-改`);
    assert.equal(now.version, c.version + 1);
  });

  test('the kind cannot change, and unit_type follows the kind', T, async () => {
    const c = await create({ parent_id: O.park.id, kind: 'community', name: uniq('种类社区') });
    const kind = await admin.patch(`/api/v1/orgs/${c.id}`, { kind: 'department' });
    assert.equal(kind.status, 400);
    assert.equal(errorOf(kind).field, 'kind');
    const ut = await admin.patch(`/api/v1/orgs/${c.id}`, { unit_type: 'market' });
    assert.equal(ut.status, 400);
    assert.equal(errorOf(ut).field, 'unit_type');
    const u = await create({ parent_id: c.id, kind: 'unit', unit_type: 'market', name: uniq('种类单位') });
    const clear = await admin.patch(`/api/v1/orgs/${u.id}`, { unit_type: null });
    assert.equal(clear.status, 400);
    const change = await admin.patch(`/api/v1/orgs/${u.id}`, { unit_type: 'soe' });
    assert.equal(change.status, 200);
    assert.equal(change.json.unit_type, 'soe');
    const empty = await admin.patch(`/api/v1/orgs/${u.id}`, {});
    assert.equal(empty.status, 400);
    assert.equal((await getOrg(c.id)).kind, 'community');
  });

  test('PATCH of an unknown org answers 404', T, async () => {
    const res = await admin.patch('/api/v1/orgs/987654', { name: 'x' });
    assert.equal(res.status, 404);
  });
});

describe('scope on the tree', () => {
  test('a handler cannot change a community outside their scope: 404', T, async () => {
    const xh = await loginSession(srv.url, 'xiexia.handler');
    const yh = await loginSession(srv.url, 'yuhu.handler');
    const a = await xh.patch(`/api/v1/orgs/${O.yuhu.id}`, { name: '被改名的御湖' });
    assert.equal(a.status, 404);
    assert.equal(errorOf(a).code, 'not_found');
    const b = await yh.patch(`/api/v1/orgs/${O.xiexia.id}`, { name: '被改名的斜下' });
    assert.equal(b.status, 404);
    // In their own community they can see it but may not change it: 403.
    const own = await xh.patch(`/api/v1/orgs/${O.xiexia.id}`, { name: '自己改名' });
    assert.equal(own.status, 403);
    assert.equal((await getOrg(O.yuhu.id)).name, N.yuhu);
    assert.equal((await getOrg(O.xiexia.id)).name, N.xiexia);
  });

  test('a supervisor reads everything but a PATCH answers 403', T, async () => {
    const sup = await loginSession(srv.url, 'supervisor');
    const read = await sup.get(`/api/v1/orgs/${O.yuhu.id}`);
    assert.equal(read.status, 200);
    assert.ok('contact_name' in read.json, 'staff view');
    for (const o of [O.yuhu, O.district, O.eve]) {
      const res = await sup.patch(`/api/v1/orgs/${o.id}`, { name: '监督员改名' });
      assert.equal(res.status, 403, o.name);
      assert.equal(errorOf(res).code, 'forbidden');
    }
    assert.equal((await getOrg(O.district.id)).name, N.district);
  });

  test('an admin of one community may change it but not its neighbour or its parent', T, async () => {
    const u = await admin.post('/api/v1/users', { username: uniq('cadmin'), display_name: '社区管理员', password: 'password-123' });
    assert.equal(u.status, 201);
    const g = await admin.post(`/api/v1/users/${u.json.id}/roles`, { role: 'admin', org_id: O.jiazi.id });
    assert.equal(g.status, 201);
    const s = await loginSession(srv.url, u.json.username, 'password-123');
    const inside = await create({ parent_id: O.jiazi.id, kind: 'unit', unit_type: 'organ', name: uniq('甲子单位') }, s);
    assert.equal(inside.parent_id, O.jiazi.id);
    assert.equal((await s.patch(`/api/v1/orgs/${O.xiexia.id}`, { name: 'x' })).status, 404);
    assert.equal((await s.patch(`/api/v1/orgs/${O.huihuan.id}`, { name: 'x' })).status, 404);
    const toOutside = await s.post('/api/v1/orgs', { parent_id: O.xiexia.id, kind: 'unit', unit_type: 'organ', name: uniq('x') });
    assert.equal(toOutside.status, 404);
    assert.equal(errorOf(toOutside).field, 'parent_id');
    // Moving its own unit out of its scope is refused too.
    const away = await s.patch(`/api/v1/orgs/${inside.id}`, { parent_id: O.xiexia.id });
    assert.equal(away.status, 404);
    assert.equal((await getOrg(inside.id)).parent_id, O.jiazi.id);
  });
});

describe('alliance members', () => {
  test('an admin adds a unit to a community: 201, then listed; twice answers 409', T, async () => {
    const unit = await create({ parent_id: O.huihuan.id, kind: 'unit', unit_type: 'private_enterprise', name: uniq('会员企业') });
    const res = await admin.post(`/api/v1/orgs/${O.xiexia.id}/members`, { unit_id: unit.id, joined_on: '2024-05-01' });
    assert.equal(res.status, 201);
    assert.equal(res.json.id, unit.id);
    assert.equal(res.json.joined_on, '2024-05-01');
    const members = await listAll(srv.url, `/api/v1/orgs/${O.xiexia.id}/members`);
    const m = members.find((x) => x.id === unit.id);
    assert.ok(m, 'listed');
    assert.equal(m.joined_on, '2024-05-01');
    assert.ok(members.some((x) => x.name === N.yinian), 'demo members are there too');
    const twice = await admin.post(`/api/v1/orgs/${O.xiexia.id}/members`, { unit_id: unit.id });
    assert.equal(twice.status, 409);
    errorOf(twice);
    const after = await listAll(srv.url, `/api/v1/orgs/${O.xiexia.id}/members`);
    assert.equal(after.length, members.length);
    assert.deepEqual((await getOrg(unit.id)).alliances.map((a) => a.id), [O.xiexia.id]);
  });

  test('the community\'s secretary adds members in their scope; a secretary of another community gets 404', T, async () => {
    const sec = await loginSession(srv.url, 'secretary'); // secretary of 斜下
    // A unit placed in 斜下 itself (units elsewhere are refused: security_tree.test.mjs).
    const unit = await create({ parent_id: O.xiexia.id, kind: 'unit', unit_type: 'social_org', name: uniq('书记加的') });
    const ok = await sec.post(`/api/v1/orgs/${O.xiexia.id}/members`, { unit_id: unit.id });
    assert.equal(ok.status, 201);
    assert.match(ok.json.joined_on, /^\d{4}-\d{2}-\d{2}$/);
    const yuhuBefore = await listAll(srv.url, `/api/v1/orgs/${O.yuhu.id}/members`);
    const other = await sec.post(`/api/v1/orgs/${O.yuhu.id}/members`, { unit_id: unit.id });
    assert.equal(other.status, 404);
    assert.equal(errorOf(other).code, 'not_found');
    assert.equal((await listAll(srv.url, `/api/v1/orgs/${O.yuhu.id}/members`)).length, yuhuBefore.length);
  });

  test('who else may not add members', T, async () => {
    const unit = await create({ parent_id: O.park.id, kind: 'unit', unit_type: 'other', name: uniq('不许加') });
    const before = await listAll(srv.url, `/api/v1/orgs/${O.xiexia.id}/members`);
    const xh = await loginSession(srv.url, 'xiexia.handler');
    const byHandler = await xh.post(`/api/v1/orgs/${O.xiexia.id}/members`, { unit_id: unit.id });
    assert.equal(byHandler.status, 403, 'a handler of the community sees it but may not');
    const sup = await loginSession(srv.url, 'supervisor');
    assert.equal((await sup.post(`/api/v1/orgs/${O.xiexia.id}/members`, { unit_id: unit.id })).status, 403);
    const econ = await loginSession(srv.url, 'handler');
    assert.equal((await econ.post(`/api/v1/orgs/${O.xiexia.id}/members`, { unit_id: unit.id })).status, 404);
    const anon = await api(srv.url, 'POST', `/api/v1/orgs/${O.xiexia.id}/members`, { body: { unit_id: unit.id } });
    assert.equal(anon.status, 401);
    assert.equal((await listAll(srv.url, `/api/v1/orgs/${O.xiexia.id}/members`)).length, before.length);
  });

  test('only units and departments join, and only community alliances', T, async () => {
    const cases = [
      [O.xiexia.id, { unit_id: O.yuhu.id }, 400, 'unit_id'],
      [O.xiexia.id, { unit_id: O.huihuan.id }, 400, 'unit_id'],
      [O.huihuan.id, { unit_id: O.eve.id }, 400, 'unit_id'],
      [O.xiexia.id, { unit_id: 987654 }, 404, 'unit_id'],
      [O.xiexia.id, { unit_id: 'eve' }, 400, 'unit_id'],
      [O.xiexia.id, {}, 400, 'unit_id'],
      [O.xiexia.id, { unit_id: O.sony.id, joined_on: '2024-02-30' }, 400, 'joined_on'],
    ];
    for (const [alliance, body, status, field] of cases) {
      const res = await admin.post(`/api/v1/orgs/${alliance}/members`, body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(errorOf(res).field, field, JSON.stringify(body));
    }
    const unknown = await admin.post('/api/v1/orgs/987654/members', { unit_id: O.eve.id });
    assert.equal(unknown.status, 404);
    assert.deepEqual((await getOrg(O.sony.id)).alliances.map((a) => a.name), [N.dongjiang]);
  });

  test('the member list is public and pages', T, async () => {
    const res = await api(srv.url, 'GET', `/api/v1/orgs/${O.yuhu.id}/members?limit=2`);
    assert.equal(res.status, 200);
    assert.equal(res.json.items.length, 2);
    assert.equal(typeof res.json.next, 'string');
    const all = await listAll(srv.url, `/api/v1/orgs/${O.yuhu.id}/members`, {}, 2);
    assert.equal(all.length, new Set(all.map((o) => o.id)).size);
    assert.ok(all.length >= 3);
    assert.ok(all.every((o) => typeof o.joined_on === 'string'));
    assert.equal((await api(srv.url, 'GET', '/api/v1/orgs/987654/members')).status, 404);
  });
});
