// Who may administer what (issue 11, defects 1 and 3), on one demo server.
//
// Users: an admin changes an account (password, display name, disabled flag, roles) only
// when every role it holds lies in the admin's subtree, grants and revokes only at nodes of
// that subtree, and is shown only the roles inside it. The takeover the review found — a
// community admin resetting the password of someone who is a handler in that community and
// an admin of the district — is refused.
//
// Settings: categories, tiers, the calendar, and district-wide dispatch rules and reply
// templates need the role at the root of the tree; a rule or template limited to a
// community needs it at or above that community. Every refusal is checked to change
// nothing (read back with GET, and the admin audit chain did not grow).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BIN, cli, errorOf, listAll, login, loginSession, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';
import { appealServer, submit } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const PASSWORD = 'staff-pass-123';

let ctx; // the demo server (appeals helpers' context)
let admin; // the district admin
let yuhuAdmin, xiexiaAdmin, yuhuDispatcher; // sessions of community staff made below

// A new account (as the district admin) with roles [[role, orgKey], ...]; {user, roles}.
async function makeUser(grants = [], prefix = 'u') {
  const username = uniq(prefix);
  const u = await admin.post('/api/v1/users', { username, display_name: `显示${username}`, password: PASSWORD });
  assert.equal(u.status, 201, u.text);
  const roles = [];
  for (const [role, orgKey] of grants) {
    const g = await admin.post(`/api/v1/users/${u.json.id}/roles`, { role, org_id: ctx.orgs[orgKey].id });
    assert.equal(g.status, 201, g.text);
    roles.push(g.json);
  }
  return { user: u.json, roles };
}

async function staff(grants, prefix) {
  const { user } = await makeUser(grants, prefix);
  return loginSession(ctx.url, user.username, PASSWORD);
}

// The user as the district admin sees them (every role).
async function asDistrict(id) {
  const res = await admin.get(`/api/v1/users/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// Events in the admin chain (and every chain holds).
function auditCount() {
  const res = cli(BIN, ['audit', 'verify'], { dataDir: ctx.dataDir });
  assert.equal(res.code, 0, `audit verify failed: ${res.stdout}${res.stderr}`);
  const m = res.stdout.match(/\((\d+) events checked\)/);
  assert.ok(m, `no event count in: ${res.stdout}`);
  return Number(m[1]);
}

function put(s, p, body) {
  return api(ctx.url, 'PUT', p, { body, cookie: s.cookie, csrf: s.csrf });
}

function forbidden(res, what) {
  assert.equal(res.status, 403, `${what}: ${res.status} ${res.text}`);
  assert.equal(errorOf(res).code, 'forbidden', what);
}

before(async () => {
  ctx = await appealServer();
  admin = await ctx.as('admin');
  yuhuAdmin = await staff([['admin', 'yuhu']], 'yuhuadmin');
  xiexiaAdmin = await staff([['admin', 'xiexia']], 'xiexiaadmin');
  yuhuDispatcher = await staff([['dispatcher', 'yuhu']], 'yuhudisp');
}, T);

after(async () => {
  if (ctx) await ctx.stop();
}, T);

describe('user administration (defect 1)', () => {
  test('a community admin cannot take over a user who is also an admin of the district', T, async () => {
    const { user: victim, roles } = await makeUser([['handler', 'yuhu'], ['admin', 'district']], 'victim');
    const [inYuhu, atDistrict] = roles;
    const events = auditCount();

    // Seen (they share 御湖), and not changeable: 403.
    forbidden(await yuhuAdmin.patch(`/api/v1/users/${victim.id}`, { password: 'taken-over-123' }), 'password');
    forbidden(await yuhuAdmin.patch(`/api/v1/users/${victim.id}`, { display_name: '已被接管' }), 'display_name');
    forbidden(await yuhuAdmin.patch(`/api/v1/users/${victim.id}`, { disabled: true }), 'disabled');
    forbidden(await yuhuAdmin.patch(`/api/v1/users/${victim.id}`, { display_name: 'x', version: victim.version }), 'with version');
    forbidden(await yuhuAdmin.post(`/api/v1/users/${victim.id}/roles`, { role: 'secretary', org_id: ctx.orgs.yuhu.id }), 'grant in 御湖');
    // Revoking the role inside 御湖 changes the account too: left to the district's admin.
    forbidden(await yuhuAdmin.del(`/api/v1/users/${victim.id}/roles/${inYuhu.id}`), 'revoke in 御湖');
    // The district role is not among the roles shown: not found.
    const above = await yuhuAdmin.del(`/api/v1/users/${victim.id}/roles/${atDistrict.id}`);
    assert.equal(above.status, 404, above.text);

    // Shown with only the role inside 御湖.
    const seen = await yuhuAdmin.get(`/api/v1/users/${victim.id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(seen.json.roles.map((r) => [r.id, r.role, r.org_id]), [[inYuhu.id, 'handler', ctx.orgs.yuhu.id]]);

    // The password they tried does not log in; the account is as it was.
    const stolen = await api(ctx.url, 'POST', '/api/v1/auth/login', { body: { username: victim.username, password: 'taken-over-123' } });
    assert.equal(stolen.status, 401, stolen.text);
    const s = await login(ctx.url, victim.username, PASSWORD);
    assert.deepEqual(s.user.roles.map((r) => r.id).sort(), [inYuhu.id, atDistrict.id].sort());
    const now = await asDistrict(victim.id);
    assert.equal(now.display_name, victim.display_name);
    assert.equal(now.disabled, false);
    assert.equal(now.version, victim.version);
    assert.equal(auditCount(), events, 'no role was granted or revoked');

    // The district admin, who manages every role, still can.
    const ok = await admin.patch(`/api/v1/users/${victim.id}`, { display_name: '区里改的' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.roles.length, 2);
  });

  test('a user whose roles all lie in the community stays manageable by its admin', T, async () => {
    const { user, roles } = await makeUser([['handler', 'yuhu']], 'local');
    const pw = await yuhuAdmin.patch(`/api/v1/users/${user.id}`, { password: 'new-password-456', display_name: '社区改的' });
    assert.equal(pw.status, 200, pw.text);
    await login(ctx.url, user.username, 'new-password-456');
    const g = await yuhuAdmin.post(`/api/v1/users/${user.id}/roles`, { role: 'secretary', org_id: ctx.orgs.yuhu.id });
    assert.equal(g.status, 201, g.text);
    assert.equal((await yuhuAdmin.del(`/api/v1/users/${user.id}/roles/${roles[0].id}`)).status, 204);
    assert.deepEqual((await asDistrict(user.id)).roles.map((r) => r.id), [g.json.id]);
    // A user with no role at all is any admin's to give one (as for a new account).
    const { user: fresh } = await makeUser([], 'fresh');
    const first = await xiexiaAdmin.post(`/api/v1/users/${fresh.id}/roles`, { role: 'handler', org_id: ctx.orgs.xiexia.id });
    assert.equal(first.status, 201, first.text);
  });

  test('nobody grants a role above their own grant; admin at the same node is allowed', T, async () => {
    const { user } = await makeUser([], 'target');
    const events = auditCount();
    for (const [role, orgKey] of [['admin', 'district'], ['admin', 'chenjiang'], ['dispatcher', 'district'], ['handler', 'chenjiang']]) {
      const res = await yuhuAdmin.post(`/api/v1/users/${user.id}/roles`, { role, org_id: ctx.orgs[orgKey].id });
      forbidden(res, `${role} at ${orgKey}`);
      assert.equal(errorOf(res).field, 'org_id');
    }
    assert.deepEqual((await asDistrict(user.id)).roles, []);
    assert.equal(auditCount(), events);
    // An admin at 御湖 may make another admin at 御湖 (a peer, not a superior).
    const peer = await yuhuAdmin.post(`/api/v1/users/${user.id}/roles`, { role: 'admin', org_id: ctx.orgs.yuhu.id });
    assert.equal(peer.status, 201, peer.text);
  });

  test('granting outside one\'s subtree is refused and writes nothing', T, async () => {
    const { user } = await makeUser([], 'beside');
    for (const orgKey of ['yuhu', 'jiazi', 'huihuan', 'econ']) {
      const res = await xiexiaAdmin.post(`/api/v1/users/${user.id}/roles`, { role: 'handler', org_id: ctx.orgs[orgKey].id });
      forbidden(res, orgKey);
      assert.equal(errorOf(res).field, 'org_id');
    }
    assert.deepEqual((await asDistrict(user.id)).roles, []);
    // A non-admin grants nothing, not even inside their own unit.
    const self = await yuhuDispatcher.post(`/api/v1/users/${user.id}/roles`, { role: 'handler', org_id: ctx.orgs.yuhu.id });
    assert.ok([403, 404].includes(self.status), self.text);
    assert.deepEqual((await asDistrict(user.id)).roles, []);
  });

  test('reading users shows only the roles inside the reader\'s scope', T, async () => {
    const { user: both } = await makeUser([['handler', 'yuhu'], ['dispatcher', 'xiexia'], ['supervisor', 'district']], 'both');
    const one = await yuhuAdmin.get(`/api/v1/users/${both.id}`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json.roles.map((r) => [r.role, r.org_id]), [['handler', ctx.orgs.yuhu.id]]);
    const other = await xiexiaAdmin.get(`/api/v1/users/${both.id}`);
    assert.deepEqual(other.json.roles.map((r) => [r.role, r.org_id]), [['dispatcher', ctx.orgs.xiexia.id]]);
    assert.equal((await asDistrict(both.id)).roles.length, 3, 'the district admin sees all three');

    // In the list too: nobody's role outside 御湖 is shown, except the reader's own.
    const me = yuhuAdmin.user.id;
    const users = await listAll(ctx.url, '/api/v1/users', { cookie: yuhuAdmin.cookie });
    const listed = users.find((u) => u.id === both.id);
    assert.ok(listed, 'listed');
    assert.deepEqual(listed.roles.map((r) => r.org_id), [ctx.orgs.yuhu.id]);
    for (const u of users) {
      if (u.id === me) continue;
      for (const r of u.roles) assert.equal(r.org_id, ctx.orgs.yuhu.id, `${u.username}: ${r.role} at ${r.org_name}`);
    }
    // An admin of another community does not see 御湖's handler at all.
    const { user: yuhuOnly } = await makeUser([['handler', 'yuhu']], 'yuhuonly');
    assert.equal((await xiexiaAdmin.get(`/api/v1/users/${yuhuOnly.id}`)).status, 404);
  });
});

describe('district-wide settings (defect 3)', () => {
  // Everything the catalogue answers, to compare before and after the refusals.
  async function catalogue() {
    const get = async (p) => {
      const res = await admin.get(p);
      assert.equal(res.status, 200, `${p}: ${res.text}`);
      return res.json;
    };
    return {
      categories: await get('/api/v1/categories?all=true'),
      tiers: await get('/api/v1/tiers'),
      calendar: await get('/api/v1/calendar?from=2026-01-01&to=2026-12-31'),
      rules: await get('/api/v1/dispatch-rules'),
      templates: await get('/api/v1/reply-templates'),
    };
  }

  test('a community admin or dispatcher changes no district-wide setting', T, async () => {
    const rule = (await admin.get('/api/v1/dispatch-rules')).json.items.find((r) => r.community_id === null);
    const template = (await admin.get('/api/v1/reply-templates')).json.items.find((t) => t.title === '已办结通用答复');
    assert.ok(rule && template, 'the demo has district-wide rules and templates');
    const before_ = await catalogue();
    const events = auditCount();

    const code = uniq('c').toLowerCase().replace(/[^a-z0-9_]/g, '_');
    for (const [who, s] of [['community admin', yuhuAdmin], ['community dispatcher', yuhuDispatcher]]) {
      forbidden(await s.post('/api/v1/categories', { code, name: '社区类别', name_en: 'Local', tier: 'general' }), `${who}: create category`);
      forbidden(await s.patch('/api/v1/categories/hiring', { name: '改名', time_limits: { answer: { value: 1, unit: 'hours' } } }), `${who}: patch category`);
      forbidden(await s.patch('/api/v1/tiers/general', { answer: { value: 1, unit: 'hours' } }), `${who}: tier`);
      forbidden(await put(s, '/api/v1/calendar/2026-12-30', { kind: 'holiday', name: '社区假日' }), `${who}: put day`);
      forbidden(await s.del('/api/v1/calendar/2026-10-01'), `${who}: delete day`);
      // A district-wide rule would route every community's appeals into their hands.
      forbidden(await s.post('/api/v1/dispatch-rules', { category: 'education', community_id: null, target: 'org', org_id: ctx.orgs.yuhu.id, auto: true }), `${who}: district rule`);
      forbidden(await s.del(`/api/v1/dispatch-rules/${rule.id}`), `${who}: delete district rule`);
      forbidden(await s.post('/api/v1/reply-templates', { title: uniq('全区'), body: '全区答复' }), `${who}: district template`);
      forbidden(await s.patch(`/api/v1/reply-templates/${template.id}`, { title: '社区改的' }), `${who}: patch district template`);
      forbidden(await s.del(`/api/v1/reply-templates/${template.id}`), `${who}: delete district template`);
    }
    assert.deepEqual(await catalogue(), before_, 'nothing changed');
    assert.equal(auditCount(), events, 'nothing logged');
  });

  test('nor a rule or template of another community; rules are the admins\'', T, async () => {
    const template = (await admin.get('/api/v1/reply-templates')).json.items.find((t) => t.title === '已办结通用答复');
    const xiexiaRule = await admin.post('/api/v1/dispatch-rules', { category: 'traffic', community_id: ctx.orgs.xiexia.id, target: 'community' });
    assert.equal(xiexiaRule.status, 201, xiexiaRule.text);
    const xiexiaTemplate = await admin.post('/api/v1/reply-templates', { community_id: ctx.orgs.xiexia.id, title: uniq('斜下'), body: '斜下社区答复' });
    assert.equal(xiexiaTemplate.status, 201, xiexiaTemplate.text);
    const before_ = await catalogue();
    const events = auditCount();
    for (const [who, s] of [['community admin', yuhuAdmin], ['community dispatcher', yuhuDispatcher]]) {
      forbidden(await s.post('/api/v1/dispatch-rules', { category: 'education', community_id: ctx.orgs.xiexia.id, target: 'community' }), `${who}: 斜下 rule`);
      forbidden(await s.del(`/api/v1/dispatch-rules/${xiexiaRule.json.id}`), `${who}: delete 斜下 rule`);
      forbidden(await s.post('/api/v1/reply-templates', { community_id: ctx.orgs.xiexia.id, title: uniq('斜下'), body: 'x' }), `${who}: 斜下 template`);
      forbidden(await s.patch(`/api/v1/reply-templates/${xiexiaTemplate.json.id}`, { body: '改' }), `${who}: patch 斜下 template`);
      forbidden(await s.del(`/api/v1/reply-templates/${xiexiaTemplate.json.id}`), `${who}: delete 斜下 template`);
      // Taking the district's template into one's own community changes it for everyone else.
      forbidden(await s.patch(`/api/v1/reply-templates/${template.id}`, { community_id: ctx.orgs.yuhu.id }), `${who}: take district template`);
    }
    // A dispatcher makes no rule, not even for their own community.
    forbidden(await yuhuDispatcher.post('/api/v1/dispatch-rules', { category: 'education', community_id: ctx.orgs.yuhu.id, target: 'community' }), 'dispatcher: 御湖 rule');
    // A rule for one's own community routes only to units in one's scope.
    const away = await yuhuAdmin.post('/api/v1/dispatch-rules', { category: 'education', community_id: ctx.orgs.yuhu.id, target: 'org', org_id: ctx.orgs.econ.id });
    forbidden(away, 'route to a unit outside');
    assert.equal(errorOf(away).field, 'org_id');
    assert.deepEqual(await catalogue(), before_, 'nothing changed');
    assert.equal(auditCount(), events, 'nothing logged');
  });

  test('at their own community they may: a rule (admin) and templates (admin, dispatcher)', T, async () => {
    const yuhu = ctx.orgs.yuhu.id;
    const rule = await yuhuAdmin.post('/api/v1/dispatch-rules', { category: 'education', community_id: yuhu, target: 'community', auto: false });
    assert.equal(rule.status, 201, rule.text);
    assert.equal(rule.json.community_id, yuhu);
    const mine = await yuhuDispatcher.post('/api/v1/reply-templates', { community_id: yuhu, category: 'other', title: uniq('御湖'), body: '{name}您好，御湖社区已于{date}处理。' });
    assert.equal(mine.status, 201, mine.text);
    assert.equal(mine.json.community_id, yuhu);
    const byAdmin = await yuhuAdmin.post('/api/v1/reply-templates', { community_id: yuhu, title: uniq('御湖'), body: '御湖社区通用答复' });
    assert.equal(byAdmin.status, 201, byAdmin.text);
    const patched = await yuhuDispatcher.patch(`/api/v1/reply-templates/${mine.json.id}`, { title: '御湖答复（改）' });
    assert.equal(patched.status, 200, patched.text);
    // Another community's admin sees them (the catalogue is staff-readable) and may not change them.
    forbidden(await xiexiaAdmin.del(`/api/v1/dispatch-rules/${rule.json.id}`), '斜下 admin: 御湖 rule');
    forbidden(await xiexiaAdmin.patch(`/api/v1/reply-templates/${mine.json.id}`, { title: 'x' }), '斜下 admin: 御湖 template');
    // Nor may a 御湖 template be widened to the district by its own community.
    forbidden(await yuhuDispatcher.patch(`/api/v1/reply-templates/${mine.json.id}`, { community_id: null }), 'widen');

    // An appeal in 御湖 is offered 御湖's templates; one in 斜下 is not.
    const inYuhu = await submit(ctx, { location: { community_id: yuhu, address: '陈江街道御湖一路1号' } });
    const inXiexia = await submit(ctx);
    const offered = async (a) => (await admin.get(`/api/v1/appeals/${a.id}/reply-templates`)).json.items.map((t) => t.id);
    assert.ok((await offered(inYuhu)).includes(mine.json.id));
    assert.ok(!(await offered(inXiexia)).includes(mine.json.id));

    assert.equal((await yuhuAdmin.del(`/api/v1/dispatch-rules/${rule.json.id}`)).status, 204);
    assert.equal((await yuhuDispatcher.del(`/api/v1/reply-templates/${mine.json.id}`)).status, 204);
    // A community that does not exist, or an org that is no community, is refused as before.
    const missing = await yuhuAdmin.post('/api/v1/reply-templates', { community_id: 999999, title: 't', body: 'b' });
    assert.equal(missing.status, 404, missing.text);
    assert.equal(errorOf(missing).field, 'community_id');
    const notCommunity = await admin.post('/api/v1/reply-templates', { community_id: ctx.orgs.econ.id, title: 't', body: 'b' });
    assert.equal(notCommunity.status, 400, notCommunity.text);
    assert.equal(errorOf(notCommunity).field, 'community_id');
  });

  test('the district admin still changes every setting', T, async () => {
    const events = auditCount();
    const cat = await admin.post('/api/v1/categories', { code: uniq('d').toLowerCase().replace(/[^a-z0-9_]/g, '_'), name: '区级类别', name_en: 'District', tier: 'general' });
    assert.equal(cat.status, 201, cat.text);
    const patched = await admin.patch(`/api/v1/categories/${cat.json.code}`, { name: '区级类别（改）' });
    assert.equal(patched.status, 200, patched.text);
    const tier = (await admin.get('/api/v1/tiers')).json.items.find((t) => t.tier === 'complex');
    const t1 = await admin.patch('/api/v1/tiers/complex', { answer: { value: 20, unit: 'working_days' } });
    assert.equal(t1.status, 200, t1.text);
    assert.equal((await admin.patch('/api/v1/tiers/complex', { answer: tier.answer })).status, 200);
    assert.equal((await put(admin, '/api/v1/calendar/2026-12-30', { kind: 'holiday', name: '区级假日' })).status, 200);
    assert.equal((await admin.del('/api/v1/calendar/2026-12-30')).status, 204);
    const rule = await admin.post('/api/v1/dispatch-rules', { category: cat.json.code, community_id: null, target: 'org', org_id: ctx.orgs.econ.id });
    assert.equal(rule.status, 201, rule.text);
    const local = await admin.post('/api/v1/dispatch-rules', { category: cat.json.code, community_id: ctx.orgs.yuhu.id, target: 'community' });
    assert.equal(local.status, 201, local.text);
    assert.equal((await admin.del(`/api/v1/dispatch-rules/${rule.json.id}`)).status, 204);
    assert.equal((await admin.del(`/api/v1/dispatch-rules/${local.json.id}`)).status, 204);
    const disp = await ctx.as('dispatcher'); // the district's dispatcher writes district-wide templates
    const tpl = await disp.post('/api/v1/reply-templates', { title: uniq('全区'), body: '全区答复' });
    assert.equal(tpl.status, 201, tpl.text);
    assert.equal(tpl.json.community_id, null);
    const moved = await admin.patch(`/api/v1/reply-templates/${tpl.json.id}`, { community_id: ctx.orgs.xiexia.id });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.community_id, ctx.orgs.xiexia.id);
    assert.equal((await disp.del(`/api/v1/reply-templates/${tpl.json.id}`)).status, 204);
    // 2 category + 2 tier + 2 calendar + 4 rule events (templates are not in the admin chain).
    assert.equal(auditCount(), events + 10);
  });
});
