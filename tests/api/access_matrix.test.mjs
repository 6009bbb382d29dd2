// The structural test of issue 11 (point 13): every route of the route table × every
// caller × an object in the caller's scope and one outside it, against the expected
// answers of tests/api/access_table.mjs. The routes come from the binary itself
// (`huiyin routes`), so a route added to src/http/routes.c fails here until the table
// says who may call it; a row for a route that is gone fails too.
//
// One server and shared fixtures. All reads run first (in parallel), then every write
// expected to be refused (in parallel), and a fingerprint of every table (rate-limit
// counters aside) must be the same after them as before; then the writes expected to
// succeed, each on its own fresh object where success would use one up. Each route is
// then one test, listing every case whose answer differs from the table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { api, BIN, cli, IS_SAN, loginSession, ON_PG, sqlQuery } from './lib/server.mjs';
import { appealServer, ok } from './lib/appeals.mjs';
import { makeRoom } from './lib/rooms.mjs';
import { expected, lettersOf, PNG, ROLES, table } from './access_table.mjs';

const SETUP_TIMEOUT_MS = (IS_SAN ? 4 : 1) * 240000;
const PARALLEL = 8;

// Demo users and the two the test adds (password staff-pass-123).
const USERS = {
  admin: 'admin',
  dispatcher: 'dispatcher',
  supervisor: 'supervisor',
  handler: 'handler',
  secretary: 'secretary',
  liaison: 'liaison',
  cadmin: 'mx.cadmin',
  cdisp: 'mx.cdisp',
};
const STAFF_PASSWORD = 'staff-pass-123';

const routes = JSON.parse(cli(BIN, ['routes']).stdout);
const keyOf = (r) => `${r.method} ${r.pattern}`;

// Runs fn over items, at most `width` at a time.
async function pool(items, width, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

// ---- the fingerprint of every table ----------------------------------------------------

// Rate-limit and login-failure counters count refused requests by design; they are
// bookkeeping, not data.
const NOT_DATA = /^(login_failures|.*counter.*|.*rate_limit.*)$/;

function tablesOf(ctx) {
  const out = ON_PG
    ? sqlQuery(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    : sqlQuery(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1");
  return out.split('\n').filter((t) => t && !NOT_DATA.test(t));
}

// table -> a hash of its rows.
function fingerprint(ctx, tables) {
  const fp = {};
  if (ON_PG) {
    const sql = tables
      .map((t) => `SELECT '${t}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM "${t}" x`)
      .join(' UNION ALL ');
    for (const line of sqlQuery(ctx, sql).split('\n')) {
      const [t, h] = line.split('|');
      fp[t] = h;
    }
    return fp;
  }
  const sql = tables.map((t) => `SELECT 'T:${t}'; SELECT * FROM "${t}";`).join('\n');
  const text = execFileSync('sqlite3', [path.join(ctx.dataDir, 'huiyin.db'), sql], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  let cur = null;
  let hash = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('T:') && tables.includes(line.slice(2))) {
      if (cur) fp[cur] = hash.digest('hex');
      cur = line.slice(2);
      hash = crypto.createHash('sha256');
    } else if (hash) hash.update(line + '\n');
  }
  if (cur) fp[cur] = hash.digest('hex');
  return fp;
}

const changedTables = (a, b) => Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);

// ---- fixtures ------------------------------------------------------------------------

async function created(resP, what) {
  const res = await resP;
  assert.ok(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${res.text}`);
  return res.json;
}

let seq = 0;
const tag = () => `${process.pid.toString(36)}${(++seq).toString(36)}`;
// Text that shares no two characters with anything else, so nothing matches it.
const odd = (n) => `矩阵甲乙丙丁戊己庚辛壬癸${'子丑寅卯辰巳午未申酉戌亥'.slice(n % 6, (n % 6) + 6)}`;

async function buildFixtures(ctx) {
  const o = ctx.orgs;
  const fx = { orgs: o, sessions: {}, users: {}, obj: {}, perRole: { token: {}, notification: {} } };
  await ctx.addStaff(USERS.cadmin, 'admin', 'yuhu');
  await ctx.addStaff(USERS.cdisp, 'dispatcher', 'yuhu');
  for (const [role, name] of Object.entries(USERS)) {
    fx.sessions[role] = await ctx.as(name);
    fx.users[role] = (await fx.sessions[role].get('/api/v1/me')).json.id;
  }
  const admin = fx.sessions.admin;
  const disp = fx.sessions.dispatcher;

  // Organisations: the two communities, each with a unit of its own that is a member.
  const unit = async (parent, name) =>
    created(admin.post('/api/v1/orgs', { parent_id: parent.id, kind: 'unit', unit_type: 'other', name }), name);
  const ua = await unit(o.xiexia, `矩阵斜下单位${tag()}`);
  const ub = await unit(o.yuhu, `矩阵御湖单位${tag()}`);
  await created(admin.post(`/api/v1/orgs/${o.xiexia.id}/members`, { unit_id: ua.id }), 'member A');
  await created(admin.post(`/api/v1/orgs/${o.yuhu.id}/members`, { unit_id: ub.id }), 'member B');
  const orgObj = async (org, member) => ({ ...(await api(ctx.url, 'GET', `/api/v1/orgs/${org.id}`)).json, member_id: member.id });
  fx.obj.org = { A: await orgObj(o.xiexia, ua), B: await orgObj(o.yuhu, ub) };
  fx.obj.unit = { A: o.econ, B: ub, C: o.eve };

  // Catalogue: two categories, two tiers, two calendar days, two dispatch rules, two
  // reply templates (limited to each community).
  const newCategory = async () =>
    created(
      admin.post('/api/v1/categories', { code: `mx_${tag()}`, name: `矩阵类别${tag()}`, name_en: 'Matrix', tier: 'general' }),
      'category',
    );
  const catA = await newCategory();
  const catB = await newCategory();
  fx.obj.category = { A: { key: catA.code, name: catA.name }, B: { key: catB.code, name: catB.name } };
  const tiers = (await api(ctx.url, 'GET', '/api/v1/tiers')).json.items;
  const tier = (k) => ({ key: k, answer: tiers.find((t) => t.tier === k).answer });
  fx.obj.tier = { A: tier('general'), B: tier('complex') };
  let dayN = 0;
  const newDay = async () => {
    dayN++;
    const key = `2027-06-${String(dayN).padStart(2, '0')}`;
    const body = { kind: 'holiday', name: `矩阵假日${dayN}` };
    await created(api(ctx.url, 'PUT', `/api/v1/calendar/${key}`, { body, cookie: admin.cookie, csrf: admin.csrf }), key);
    return { key, ...body };
  };
  fx.obj.day = { A: await newDay(), B: await newDay() };
  fx.freshDay = newDay;
  const community = { A: o.xiexia, B: o.yuhu };
  const ruleCat = await newCategory();
  const newRule = async (letter, category = ruleCat.code) => {
    const body = { category, community_id: community[letter].id, target: 'community', auto: false };
    return { ...(await created(admin.post('/api/v1/dispatch-rules', body), 'rule')), ...body };
  };
  fx.obj.rule = { A: await newRule('A'), B: await newRule('B') };
  fx.freshRule = async (letter) => newRule(letter, (await newCategory()).code);
  const newTemplate = async (letter) => {
    const body = { category: null, community_id: community[letter].id, title: `矩阵模板${tag()}`, body: '您好，{name}。' };
    let res = await admin.post('/api/v1/reply-templates', body);
    if (res.status === 400 && /community_id/.test(res.text)) {
      // A build without community-limited templates: district-wide ones.
      delete body.community_id;
      res = await admin.post('/api/v1/reply-templates', body);
    }
    return { ...(await created(Promise.resolve(res), 'template')), community_id: body.community_id };
  };
  fx.obj.template = { A: await newTemplate('A'), B: await newTemplate('B') };
  fx.freshTemplate = newTemplate;

  // Users: a handler of each community; fresh accounts holding a role, to revoke.
  const users = (await api(ctx.url, 'GET', '/api/v1/users?limit=200', { cookie: admin.cookie })).json.items;
  const userObj = (name, org) => {
    const u = users.find((x) => x.username === name);
    const role = u.roles.find((g) => g.org_id === org.id);
    return { id: u.id, display_name: u.display_name, role: role.role, org_id: org.id, role_id: role.id };
  };
  fx.obj.user = { A: userObj('xiexia.handler', o.xiexia), B: userObj('yuhu.handler', o.yuhu) };
  // M: a handler at 御湖 who is also an admin of the district (defect 1 of issue 11).
  const m = await created(admin.post('/api/v1/users', { username: `mx.m${tag()}`, display_name: '矩阵双重角色', password: STAFF_PASSWORD }), 'user M');
  const mg = await created(admin.post(`/api/v1/users/${m.id}/roles`, { role: 'handler', org_id: o.yuhu.id }), 'grant M');
  await created(admin.post(`/api/v1/users/${m.id}/roles`, { role: 'admin', org_id: o.district.id }), 'grant M');
  fx.obj.user.M = { id: m.id, display_name: m.display_name, role: 'handler', org_id: o.yuhu.id, role_id: mg.id };
  fx.freshGrantee = async (letter) => {
    const u = await created(
      admin.post('/api/v1/users', { username: `mx.g${tag()}`, display_name: '矩阵受权人', password: STAFF_PASSWORD }),
      'grantee',
    );
    const g = await created(admin.post(`/api/v1/users/${u.id}/roles`, { role: 'handler', org_id: community[letter].id }), 'grant');
    return { id: u.id, role_id: g.id };
  };

  // Appeals: A at 斜下, filed for 亿纬锂能, led by 经济发展局; B at 御湖, led by 御湖. Each
  // with an attachment.
  const appeal = async (placeKey, leadKey, submitterOrg) => {
    const att = await created(api(ctx.url, 'POST', '/api/v1/attachments', { body: PNG, raw: true, headers: { 'Content-Type': 'image/png' } }), 'upload');
    const body = fx.appealBody(o[placeKey].id, 'web');
    body.attachments = [att.id];
    if (submitterOrg) body.submitter.org_id = submitterOrg.id;
    const a = await created(api(ctx.url, 'POST', '/api/v1/appeals', { body }), 'appeal');
    await ok(disp, a.id, 'accept');
    await ok(disp, a.id, 'dispatch', { lead_org_id: o[leadKey].id });
    return { ...a, attachment: att.id };
  };
  fx.appealBody = (communityId, channel) => ({
    category: 'other',
    title: `矩阵测试诉求${tag()}`,
    description: '矩阵测试：想了解社区活动室的开放时间。',
    channel,
    submitter: { type: 'resident', name: '赵六', phone: '13600001111' },
    location: { community_id: communityId, address: '矩阵测试地址' },
  });
  fx.obj.appeal = { A: await appeal('xiexia', 'econ', o.eve), B: await appeal('yuhu', 'yuhu') };
  fx.obj.attachment = { A: { key: fx.obj.appeal.A.attachment }, B: { key: fx.obj.appeal.B.attachment } };

  // Needs nothing matches (a category no resource has, text shared with nothing), at each
  // community; more of them for projects.
  const needCat = await newCategory();
  let needN = 0;
  fx.needBody = (communityId, pub) => {
    needN++;
    const body = {
      title: `需求${odd(needN).slice(-4)}`,
      description: odd(needN),
      category: needCat.code,
      location: { community_id: communityId, address: '矩阵测试地址' },
      beneficiaries: { who: '矩阵测试对象', count: 3 },
    };
    if (pub) body.submitter = { name: '钱七', phone: '13600002222' };
    return body;
  };
  const newNeed = async (letter) => created(admin.post('/api/v1/needs', fx.needBody(community[letter].id, false)), 'need');
  fx.obj.need = { A: await newNeed('A'), B: await newNeed('B') };
  fx.freshNeed = newNeed;

  // Resources of 经济发展局 (A), of 御湖's own unit (B) and of 亿纬锂能 (C), none fitting
  // the needs' category.
  fx.resourceBody = (orgId) => ({ title: `room ${tag()}`, kind: 'venue', category: 'other', org_id: orgId, quantity: 5, unit: 'rooms', description: 'a matrix test room' });
  const resource = async (sess, org, need) => ({ ...(await created(sess.post('/api/v1/resources', fx.resourceBody(org.id)), 'resource')), need_id: need.id });
  fx.obj.resource = {
    A: await resource(fx.sessions.handler, o.econ, fx.obj.need.A),
    B: await resource(fx.sessions.cadmin, ub, fx.obj.need.B),
    C: await resource(fx.sessions.liaison, o.eve, fx.obj.need.A),
  };
  for (const letter of ['A', 'B']) {
    const m = (await admin.get(`/api/v1/needs/${fx.obj.need[letter].id}/matches`)).json.items;
    assert.ok(m.every((x) => x.score < 0.5), `need ${letter} must match nothing well: ${JSON.stringify(m.filter((x) => x.score >= 0.5))}`);
  }

  // Projects, running: A owned by 斜下 with 经济发展局 taking part; B owned by 御湖.
  const project = async (letter, unitIds) => {
    const need = await newNeed(letter);
    const p = await created(admin.post('/api/v1/projects', { need_ids: [need.id], unit_ids: unitIds, title: `矩阵项目${tag()}` }), 'project');
    return created(admin.post(`/api/v1/projects/${p.id}/events`, { type: 'start' }), 'start');
  };
  fx.obj.project = { A: await project('A', [o.econ.id]), B: await project('B', []) };

  // Activities organised by 经济发展局 (A), 御湖 (B), 亿纬锂能 (C).
  fx.activityBody = (orgId) => ({ kind: 'talk', title: `矩阵活动${tag()}`, org_id: orgId, date: '2026-09-10', participants: 5 });
  fx.obj.activity = {};
  for (const [letter, org] of [['A', o.econ], ['B', o.yuhu], ['C', o.eve]])
    fx.obj.activity[letter] = await created(admin.post('/api/v1/activities', fx.activityBody(org.id)), 'activity');

  // Reception rooms of 斜下 (A) and 御湖 (B).
  fx.roomBody = (communityId) => ({ community_id: communityId, name: `矩阵会客室${tag()}`, hours: [{ weekday: 2, from: '14:30', to: '17:30' }] });
  fx.obj.room = {
    A: await created(admin.post('/api/v1/rooms', fx.roomBody(o.xiexia.id)), 'room'),
    B: await created(admin.post('/api/v1/rooms', fx.roomBody(o.yuhu.id)), 'room'),
  };
  // Reception rooms of 斜下 (A) and 御湖 (B), unless the rooms' fixtures made them, and an
  // open visit in each, recorded by the admin.
  fx.obj.room ??= { A: makeRoom(ctx, o.xiexia), B: makeRoom(ctx, o.yuhu) };
  fx.visitBody = (roomId) => ({ room_id: roomId, visitor: { name: '矩阵来访人', phone: '13800001111' }, raised: `矩阵测试来访反映的问题${tag()}`, category: 'other' });
  fx.freshVisit = async (letter) => created(admin.post('/api/v1/visits', fx.visitBody(fx.obj.room[letter].id)), 'visit');
  fx.obj.visit = { A: await fx.freshVisit('A'), B: await fx.freshVisit('B') };

  // Per caller: their own token and notification, and another user's.
  const own = {};
  for (const role of Object.keys(USERS)) {
    const t = await created(fx.sessions[role].post('/api/v1/tokens', { name: `矩阵${role}` }), 'token');
    const uid = fx.users[role];
    const nid = sqlQuery(
      ctx,
      `INSERT INTO notifications (user_id, kind, message, dedupe_key, created_at) VALUES (${uid}, 'mx', '矩阵测试通知', 'mx:${uid}', '2026-09-16T02:00:00Z') RETURNING id`,
    )
      .split('\n')
      .find((l) => /^\d+$/.test(l.trim()))
      .trim();
    own[role] = { token: { id: t.id }, notification: { id: Number(nid) } };
  }
  for (const role of ['anon', ...Object.keys(USERS)]) {
    const other = role === 'admin' ? 'dispatcher' : 'admin';
    for (const noun of ['token', 'notification'])
      fx.perRole[noun][role] = { in: (own[role] ?? own.admin)[noun], out: own[other][noun] };
  }
  fx.freshToken = async (role) => ({ id: (await created(fx.sessions[role].post('/api/v1/tokens', { name: `矩阵${tag()}` }), 'token')).id });
  return fx;
}

// ---- the cases -----------------------------------------------------------------------

function casesOf(fx) {
  const cases = [];
  for (const route of routes) {
    const key = keyOf(route);
    const row = table[key];
    if (!row || row.skip) continue;
    for (const role of ROLES) {
      const letters = lettersOf(row, role);
      for (const which of row.noun ? ['in', 'out'] : ['one']) {
        const want = expected(row, route, role, which);
        cases.push({ key, route, row, role, which, letter: letters[which] ?? null, want });
      }
    }
    for (const x of row.extra ?? [])
      cases.push({ key, route, row, role: x.role, which: x.which, letter: x.letter, want: x.expect, extra: x });
  }
  return cases;
}

function objectOf(fx, c) {
  const { noun } = c.row;
  if (!noun) return null;
  if (fx.perRole[noun]) return fx.perRole[noun][c.role][c.which];
  if (!c.letter) return null;
  const o = fx.obj[noun][c.letter];
  assert.ok(o, `${c.key}: no ${noun} ${c.letter}`);
  return o;
}

function pathOf(c, o, fx) {
  const p = c.extra?.params ?? c.row.params;
  const params = p ? p(o, fx, c) : o ? [o.id ?? o.key] : [];
  let i = 0;
  const query = c.row.query ? c.row.query(o, fx, c) : '';
  return c.route.pattern.replace(/\{(id|key)\}/g, () => encodeURIComponent(String(params[i++]))) + query;
}

// Makes what a success case uses up: a fresh object, a fresh session.
async function prepare(ctx, fx, c) {
  const success = c.want >= 200 && c.want < 300;
  c.obj = success && c.row.fresh ? await c.row.fresh(fx, c) : objectOf(fx, c);
  if (c.role === 'anon') c.sess = null;
  else if (c.row.session === 'fresh' && success)
    c.sess = await loginSession(ctx.url, USERS[c.role], c.role === 'cadmin' || c.role === 'cdisp' ? STAFF_PASSWORD : undefined);
  else c.sess = fx.sessions[c.role];
}

async function run(ctx, fx, c) {
  const o = c.obj;
  const headers = c.row.headers ? c.row.headers(o, fx, c) : {};
  const opts = { headers, cookie: c.sess?.cookie, csrf: c.sess?.csrf };
  if (c.row.raw) {
    opts.body = c.row.raw;
    opts.raw = true;
  } else if (c.extra?.body ?? c.row.body) {
    opts.body = (c.extra?.body ?? c.row.body)(o, fx, c);
  } else if (c.route.method !== 'GET' && c.route.body_max > 0) {
    opts.body = {};
  }
  const res = await api(ctx.url, c.route.method, pathOf(c, o, fx), opts);
  c.got = res.status;
  c.code = res.json?.error?.code ?? null;
}

// ---- the test ------------------------------------------------------------------------

describe('the route table and the access table agree', () => {
  test('every route has a row in tests/api/access_table.mjs', () => {
    const missing = routes.map(keyOf).filter((k) => !table[k]);
    assert.deepEqual(missing, [], 'add a row for each new route (who may call it, in and out of scope)');
  });

  test('every row names a route that exists', () => {
    const keys = new Set(routes.map(keyOf));
    assert.deepEqual(Object.keys(table).filter((k) => !keys.has(k)), []);
  });

  test('only the test-clock routes are skipped', () => {
    const skipped = routes.filter((r) => table[keyOf(r)]?.skip).filter((r) => !r.flags.includes('test'));
    assert.deepEqual(skipped.map(keyOf), []);
  });
});

let ctx;
let cases = [];
let refusalChange = null;

describe('who may do what', () => {
  before(
    async () => {
      ctx = await appealServer();
      const fx = await buildFixtures(ctx);
      cases = casesOf(fx);
      await pool(cases, PARALLEL, (c) => prepare(ctx, fx, c));
      const tables = tablesOf(ctx);
      const before0 = fingerprint(ctx, tables);
      const reads = cases.filter((c) => c.route.method === 'GET');
      const refusals = cases.filter((c) => c.route.method !== 'GET' && !(c.want >= 200 && c.want < 300));
      const successes = cases.filter((c) => c.route.method !== 'GET' && c.want >= 200 && c.want < 300);
      await pool(reads, PARALLEL, (c) => run(ctx, fx, c));
      await pool(refusals, PARALLEL, (c) => run(ctx, fx, c));
      const after0 = fingerprint(ctx, tables);
      const changed = changedTables(before0, after0);
      if (changed.length) {
        // Which route? Replay the refusals one route at a time.
        const byRoute = {};
        for (const c of refusals) (byRoute[c.key] ??= []).push(c);
        const culprits = [];
        for (const [key, list] of Object.entries(byRoute)) {
          const f0 = fingerprint(ctx, tables);
          await pool(list, PARALLEL, (c) => run(ctx, fx, { ...c }));
          const moved = changedTables(f0, fingerprint(ctx, tables));
          if (moved.length) culprits.push(`${key} (${moved.join(', ')})`);
        }
        refusalChange = `tables changed by reads and refused writes: ${changed.join(', ')}; replayed: ${culprits.join('; ') || 'none'}`;
      }
      // One route's successes one after the other: an update without a version still
      // answers 409 stale when another update of the same row won the race.
      const byKey = {};
      for (const c of successes) (byKey[c.key] ??= []).push(c);
      await pool(Object.values(byKey), PARALLEL, async (list) => {
        for (const c of list) await run(ctx, fx, c);
      });
    },
    { timeout: SETUP_TIMEOUT_MS },
  );

  after(async () => {
    await ctx?.stop();
  });

  test('reads and refused writes leave every row as it was', () => {
    assert.equal(refusalChange, null);
  });

  for (const route of routes) {
    const key = keyOf(route);
    if (!table[key] || table[key].skip) continue;
    test(key, () => {
      const mine = cases.filter((c) => c.key === key);
      assert.ok(mine.length > 0, 'no cases ran');
      const wrong = mine
        .filter((c) => c.got !== c.want)
        .map((c) => `${c.role}${c.which === 'one' ? '' : c.extra ? ` (${c.which})` : ` (${c.which} scope)`}: expected ${c.want}, got ${c.got}${c.code ? ` ${c.code}` : ''}`);
      assert.deepEqual(wrong, []);
    });
  }
});
