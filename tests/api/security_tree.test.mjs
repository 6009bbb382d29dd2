// Scope that follows the tree (issue 11, defects 2, 7 and 12).
// - Moving 御湖社区党建联盟 from 陈江街道 to 惠环街道 moves every copy of its paths: the old
//   subdistrict's dispatcher loses its appeals, needs, projects and activities (404 on read
//   and write, gone from the lists and the search), the new subdistrict's staff and 御湖's
//   own staff — and a unit inside 御湖 — keep or gain them, filters included, and nothing
//   else changes (statuses, versions, audit chains; no stored path names a place that is
//   gone).
// - A secretary may add to their alliance only units in their own scope (403 otherwise,
//   nothing written); an admin above both the alliance and the unit may add any.
// - An activity links only to a project its author can see: one out of scope answers as
//   one that does not exist (404, the same body), and nothing is written.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, errorOf, listAll, loginSession, sqlQuery, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';
import { appealServer, driveTo, ok, step, submit, trackPost, REPLY } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
const S = {}; // sessions by name

// A date in Asia/Shanghai, `days` from now.
const day = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

// A new user holding `role` at org `orgId`, logged in.
async function staffAt(name, role, orgId) {
  const username = uniq(name);
  const password = 'tree-pass-123';
  const u = await S.admin.post('/api/v1/users', { username, display_name: name, password });
  assert.equal(u.status, 201, u.text);
  const g = await S.admin.post(`/api/v1/users/${u.json.id}/roles`, { role, org_id: orgId });
  assert.equal(g.status, 201, g.text);
  return loginSession(ctx.url, username, password);
}

async function createOrg(body) {
  const res = await S.admin.post('/api/v1/orgs', body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

const list = (sess, p) => listAll(ctx.url, p, { cookie: sess.cookie });
const ids = async (sess, p) => (await list(sess, p)).map((x) => x.id);
const count = (table) => Number(sqlQuery(ctx, `select count(*) from ${table}`));

before(async () => {
  ctx = await appealServer({ now: new Date().toISOString() });
  for (const name of ['admin', 'dispatcher', 'secretary', 'yuhu.handler', 'xiexia.handler'])
    S[name] = await ctx.as(name);
});
after(async () => {
  await ctx?.stop();
});

function needBody(community, title, over = {}) {
  return {
    title,
    description: `${title}：社区居民的需求，请联盟成员单位认领（迁移测试）。`,
    category: 'elderly',
    location: { community_id: community.id, address: `${community.name}党群服务中心` },
    beneficiaries: { who: '社区老人', count: 20 },
    wanted_by: day(30),
    urgency: 'normal',
    ...over,
  };
}

async function newNeed(sess, community, title) {
  const res = await sess.post('/api/v1/needs', needBody(community, title));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function newProject(sess, body) {
  const res = await sess.post('/api/v1/projects', body);
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function projectStep(sess, project, body) {
  const res = await sess.post(`/api/v1/projects/${project.id}/events`, body);
  assert.equal(res.status, 200, `${body.type}: ${res.text}`);
  return res.json;
}

async function newActivity(sess, body) {
  const res = await sess.post('/api/v1/activities', { kind: 'talk', date: day(-1), ...body });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

describe('adding members to an alliance (defect 7)', () => {
  test('a secretary adds only units in their scope; an admin above both adds any', T, async () => {
    const { xiexia, jiazi, huihuan, chenjiang } = ctx.orgs;
    const sec = S.secretary; // 斜下社区书记
    // A unit of 陈江街道, outside the secretary's scope, with a project of its own.
    const outside = await createOrg({ parent_id: chenjiang.id, kind: 'unit', unit_type: 'social_org', name: uniq('陈江单位') });
    const inside = await createOrg({ parent_id: xiexia.id, kind: 'unit', unit_type: 'social_org', name: uniq('斜下单位') });
    const members = () => ids(sec, `/api/v1/orgs/${xiexia.id}/members`);
    const before = await members();
    const rows = count('org_members');

    let res = await sec.post(`/api/v1/orgs/${xiexia.id}/members`, { unit_id: outside.id });
    assert.equal(res.status, 403, res.text);
    assert.equal(errorOf(res).code, 'forbidden');
    assert.deepEqual(await members(), before, 'not listed');
    assert.equal(count('org_members'), rows, 'nothing written');
    // And so the unit's activities stay out of the secretary's hands.
    res = await sec.post('/api/v1/activities', { kind: 'talk', title: '不许记的活动', org_id: outside.id, date: day(-1) });
    assert.equal(res.status, 403, res.text);

    // An admin of the community is an admin of the alliance, but not above the unit.
    const xiexiaAdmin = await staffAt('xxadmin', 'admin', xiexia.id);
    res = await xiexiaAdmin.post(`/api/v1/orgs/${xiexia.id}/members`, { unit_id: outside.id });
    assert.equal(res.status, 403, res.text);
    // An admin of 惠环街道 is above 甲子 and its own units, not above 陈江's.
    const huihuanAdmin = await staffAt('hhadmin', 'admin', huihuan.id);
    res = await huihuanAdmin.post(`/api/v1/orgs/${jiazi.id}/members`, { unit_id: outside.id });
    assert.equal(res.status, 403, res.text);
    assert.equal(count('org_members'), rows, 'nothing written');

    // In scope: the secretary's own unit; a unit of 惠环 for the subdistrict's admin; any
    // unit for the district's admin.
    const added = () => Number(sqlQuery(ctx, `select count(*) from admin_events where type = 'member_add'`));
    const addedBefore = added();
    res = await sec.post(`/api/v1/orgs/${xiexia.id}/members`, { unit_id: inside.id });
    assert.equal(res.status, 201, res.text);
    assert.equal(added(), addedBefore + 1, 'a new member unit is in the admin log');
    const huihuanUnit = await createOrg({ parent_id: huihuan.id, kind: 'unit', unit_type: 'organ', name: uniq('惠环单位') });
    res = await huihuanAdmin.post(`/api/v1/orgs/${jiazi.id}/members`, { unit_id: huihuanUnit.id });
    assert.equal(res.status, 201, res.text);
    res = await S.admin.post(`/api/v1/orgs/${xiexia.id}/members`, { unit_id: outside.id });
    assert.equal(res.status, 201, res.text);
    assert.equal(count('org_members'), rows + 3);
  });
});

describe('activities link only to projects their author sees (defect 12)', () => {
  test('a project out of scope answers as a missing one, on create and update; nothing written', T, async () => {
    const { xiexia, yuhu } = ctx.orgs;
    // A project of 御湖 (its need, its owner, no unit of 斜下).
    const yuhuSec = await staffAt('yhsec12', 'secretary', yuhu.id);
    const need = await newNeed(yuhuSec, yuhu, '御湖社区老人助浴');
    const hidden = await newProject(yuhuSec, { need_ids: [need.id], title: '御湖社区老人助浴' });
    // And one of 斜下, which the secretary of 斜下 sees.
    const own = await newProject(S.secretary, { need_ids: [(await newNeed(S.secretary, xiexia, '斜下社区读书角')).id], title: '斜下社区读书角' });
    const sec = S.secretary;
    assert.equal((await sec.get(`/api/v1/projects/${hidden.id}`)).status, 404, 'the secretary of 斜下 cannot see it');

    const body = { kind: 'talk', title: '斜下社区宣讲', org_id: xiexia.id, date: day(-1) };
    const rows = count('activities');
    const missing = await sec.post('/api/v1/activities', { ...body, project_id: 99999999 });
    assert.equal(missing.status, 404, missing.text);
    const out = await sec.post('/api/v1/activities', { ...body, project_id: hidden.id });
    assert.equal(out.status, 404, out.text);
    assert.deepEqual(out.json, missing.json, 'the same answer as for a project that does not exist');
    assert.equal(errorOf(out).field, 'project_id');
    assert.equal(count('activities'), rows, 'nothing written');

    // Correcting an activity: the same.
    const act = await newActivity(sec, { ...body, project_id: own.id });
    assert.equal(act.project_id, own.id);
    const missingU = await sec.patch(`/api/v1/activities/${act.id}`, { project_id: 99999999 });
    const outU = await sec.patch(`/api/v1/activities/${act.id}`, { project_id: hidden.id });
    assert.equal(outU.status, 404, outU.text);
    assert.deepEqual(outU.json, missingU.json);
    const now = (await sec.get(`/api/v1/activities/${act.id}`)).json;
    assert.equal(now.project_id, own.id, 'unchanged');
    assert.equal(now.version, act.version);
    // Whoever sees the project links to it.
    const linked = await newActivity(yuhuSec, { title: '御湖社区助浴宣讲', org_id: yuhu.id, project_id: hidden.id });
    assert.equal(linked.project_id, hidden.id);
  });
});

describe('moving a community with everything in it (defect 2)', () => {
  const A = {}; // appeals placed in 御湖 by status, and two that only name 御湖 as lead or assisting unit
  const N = {}; // needs of 御湖 by status
  const P = {}; // projects owned by 御湖 by status
  let X; // a need and project of 斜下 in which a unit inside 御湖 takes part
  let unit; // a unit placed inside 御湖, a member of its alliance
  let unitHandler;
  let unitResource;
  let activity; // organised by 御湖
  let yuhuSec;
  let cjDisp; // dispatcher of 陈江街道 (the old parent)
  let hhDisp; // dispatcher of 惠环街道 (the new parent)
  let snapshot; // status and version of every object above, before the move
  let statsBefore;
  const WORD = '迁移测试';

  before(async () => {
    const { yuhu, xiexia, chenjiang, huihuan } = ctx.orgs;
    cjDisp = await staffAt('cjdisp', 'dispatcher', chenjiang.id);
    hhDisp = await staffAt('hhdisp', 'dispatcher', huihuan.id);
    yuhuSec = await staffAt('yhsec', 'secretary', yuhu.id);
    unit = await createOrg({ parent_id: yuhu.id, kind: 'unit', unit_type: 'social_org', name: uniq('御湖志愿服务队') });
    assert.equal((await S.admin.post(`/api/v1/orgs/${yuhu.id}/members`, { unit_id: unit.id })).status, 201);
    unitHandler = await staffAt('yhunit', 'handler', unit.id);

    // Appeals in every state, placed in 御湖 and led by it.
    const place = { location: { community_id: yuhu.id, address: '陈江街道御湖社区一巷' } };
    const mk = (over = {}) => submit(ctx, { title: `御湖社区路灯${WORD}`, ...place, ...over });
    A.submitted = await mk();
    A.accepted = await mk();
    await driveTo(ctx, A.accepted, 'accepted');
    A.dispatched = await mk();
    await driveTo(ctx, A.dispatched, 'dispatched', { lead: 'yuhu' });
    A.in_progress = await mk();
    await driveTo(ctx, A.in_progress, 'in_progress', { lead: 'yuhu' });
    A.suspended = await mk();
    await driveTo(ctx, A.suspended, 'in_progress', { lead: 'yuhu' });
    await ok(S['yuhu.handler'], A.suspended.id, 'suspend', { reason: '请补充路灯的具体位置照片。' });
    A.replied = await mk();
    await driveTo(ctx, A.replied, 'replied', { lead: 'yuhu' });
    A.reopened = await mk();
    await driveTo(ctx, A.reopened, 'replied', { lead: 'yuhu' });
    assert.equal((await trackPost(ctx, A.reopened, { type: 'rate', rating: 'unsatisfied', resolved: 'no' })).status, 200);
    A.closed = await mk();
    await driveTo(ctx, A.closed, 'replied', { lead: 'yuhu' });
    assert.equal((await trackPost(ctx, A.closed, { type: 'rate', rating: 'satisfied', resolved: 'yes' })).status, 200);
    // Placed in 斜下: led by 御湖 (lead_path), or assisted by it (appeal_assists).
    A.led = await submit(ctx, { title: `斜下社区积水${WORD}` });
    await driveTo(ctx, A.led, 'in_progress', { lead: 'yuhu' });
    A.assisted = await submit(ctx, { title: `斜下社区噪音${WORD}` });
    await driveTo(ctx, A.assisted, 'dispatched', { lead: 'xiexia', assist: ['yuhu'] });
    for (const [status, a] of Object.entries(A)) {
      const cur = (await S.dispatcher.get(`/api/v1/appeals/${a.id}`)).json;
      if (!['led', 'assisted'].includes(status)) assert.equal(cur.status, status);
    }

    // The unit offers a resource and reports to a need (matched).
    let res = await unitHandler.post('/api/v1/resources', {
      title: '御湖志愿者助老服务', description: '志愿服务队为社区老人提供助老服务。', kind: 'volunteers',
      category: 'elderly', org_id: unit.id, quantity: 20, unit: '人',
    });
    assert.equal(res.status, 201, res.text);
    unitResource = res.json;
    // Needs of 御湖 in every state, and projects owned by 御湖 in every state.
    N.open = await newNeed(yuhuSec, yuhu, `御湖社区助餐${WORD}`);
    N.matched = await newNeed(yuhuSec, yuhu, `御湖社区助洁${WORD}`);
    res = await unitHandler.post(`/api/v1/resources/${unitResource.id}/commitments`, { need_id: N.matched.id, quantity: 2 });
    assert.equal(res.status, 201, res.text);
    N.closed = await newNeed(yuhuSec, yuhu, `御湖社区修缮${WORD}`);
    res = await yuhuSec.patch(`/api/v1/needs/${N.closed.id}`, { status: 'closed', close_reason: '已由物业维修完毕。' });
    assert.equal(res.status, 200, res.text);
    const plan = { milestones: [{ title: '排定名单', due: day(10) }] };
    const project = async (key) => {
      const n = await newNeed(yuhuSec, yuhu, `御湖社区${key}${WORD}`);
      return [n, await newProject(yuhuSec, { need_ids: [n.id], title: `御湖社区${key}${WORD}`, plan })];
    };
    [N.in_project, P.planned] = await project('体检');
    [, P.running] = await project('理发');
    await projectStep(yuhuSec, P.running, { type: 'start' });
    [N.fulfilled, P.done] = await project('义诊');
    await projectStep(yuhuSec, P.done, { type: 'start' });
    await projectStep(yuhuSec, P.done, { type: 'complete', beneficiaries_reached: 18, summary: '为18位老人完成义诊，2位转诊。' });
    [, P.evaluated] = await project('送餐');
    await projectStep(yuhuSec, P.evaluated, { type: 'start' });
    await projectStep(yuhuSec, P.evaluated, { type: 'complete', beneficiaries_reached: 30, summary: '为30位老人送餐一个月，反响良好。' });
    await projectStep(yuhuSec, P.evaluated, { type: 'evaluate', rating: 'satisfied' });
    for (const [status, x] of Object.entries(N)) assert.equal((await S.dispatcher.get(`/api/v1/needs/${x.id}`)).json.status, status);
    for (const [status, x] of Object.entries(P)) assert.equal((await S.dispatcher.get(`/api/v1/projects/${x.id}`)).json.status, status);
    // A need and project of 斜下 in which the unit inside 御湖 takes part (need_units,
    // project_units): the unit's handler sees them only through that.
    const xNeed = await newNeed(S.dispatcher, xiexia, `斜下社区助老${WORD}`);
    const xProject = await newProject(S.dispatcher, { need_ids: [xNeed.id], title: `斜下社区助老${WORD}`, unit_ids: [unit.id], plan });
    await projectStep(S.dispatcher, xProject, { type: 'start' });
    X = { need: xNeed, project: xProject };
    // An activity organised by 御湖.
    activity = await newActivity(S['yuhu.handler'], { title: `御湖社区宣讲${WORD}`, org_id: yuhu.id, audience: 40 });

    snapshot = await state();
    statsBefore = { hh: await stats(huihuan), cj: await stats(chenjiang), yuhu: await stats(yuhu) };
  });

  // Status and version of everything above, as the district's dispatcher reads it.
  async function state() {
    const out = {};
    const read = async (p) => {
      const res = await S.dispatcher.get(p);
      assert.equal(res.status, 200, `${p}: ${res.text}`);
      out[p] = [res.json.status, res.json.version];
    };
    for (const a of Object.values(A)) await read(`/api/v1/appeals/${a.id}`);
    for (const x of Object.values(N)) await read(`/api/v1/needs/${x.id}`);
    for (const x of Object.values(P)) await read(`/api/v1/projects/${x.id}`);
    await read(`/api/v1/needs/${X.need.id}`);
    await read(`/api/v1/projects/${X.project.id}`);
    await read(`/api/v1/resources/${unitResource.id}`);
    await read(`/api/v1/activities/${activity.id}`);
    return out;
  }

  async function stats(org) {
    const res = await S.dispatcher.get(`/api/v1/activities/stats?org_id=${org.id}`);
    assert.equal(res.status, 200, res.text);
    return res.json.total;
  }

  const yuhuAppeals = () => ['submitted', 'accepted', 'dispatched', 'in_progress', 'suspended', 'replied', 'reopened', 'closed'].map((s) => A[s]);

  // Every column holding a path (found in the schema, so a new one is covered) whose
  // value is no org's path: "table.column: n" for each with any.
  function stalePaths() {
    const cols = sqlQuery(
      ctx,
      "select m.name || '.' || c.name from sqlite_master m, pragma_table_info(m.name) c where m.type = 'table' and (c.name = 'path' or c.name like '%\\_path' escape '\\')",
      { pg: "select table_name || '.' || column_name from information_schema.columns where table_schema = current_schema() and (column_name = 'path' or column_name like '%\\_path' escape '\\')" },
    ).split('\n');
    assert.ok(cols.length >= 10, cols.join(' '));
    const stale = [];
    for (const tc of cols) {
      const [table, col] = tc.split('.');
      const n = sqlQuery(ctx, `select count(*) from ${table} where ${col} is not null and ${col} not in (select path from orgs)`);
      if (n !== '0') stale.push(`${tc}: ${n}`);
    }
    return stale;
  }

  test('the move: before it 陈江街道 has it all; then 200, the new path, no stored path left behind', T, async () => {
    const { yuhu, huihuan } = ctx.orgs;
    for (const a of yuhuAppeals()) {
      assert.equal((await cjDisp.get(`/api/v1/appeals/${a.id}`)).status, 200);
      assert.equal((await hhDisp.get(`/api/v1/appeals/${a.id}`)).status, 404);
    }
    for (const x of [...Object.values(N), ...Object.values(P)]) {
      const p = `/api/v1/${x.tracking_no ? 'needs' : 'projects'}/${x.id}`;
      assert.equal((await cjDisp.get(p)).status, 200, p);
      assert.equal((await hhDisp.get(p)).status, 404, p);
    }
    assert.deepEqual(stalePaths(), []);
    const moves = () => Number(sqlQuery(ctx, `select count(*) from admin_events where type = 'org_move'`));
    const movesBefore = moves();
    const res = await S.admin.patch(`/api/v1/orgs/${yuhu.id}`, { parent_id: huihuan.id });
    assert.equal(res.status, 200, res.text);
    // A move changes who sees what: it is in the admin chain, with where it was and is now.
    assert.equal(moves(), movesBefore + 1, 'the move is in the admin log');
    const logged = JSON.parse(sqlQuery(ctx, `select data from admin_events where type = 'org_move' order by seq desc limit 1`));
    assert.equal(logged.org_id, yuhu.id);
    assert.equal(logged.before.parent_id, ctx.orgs.chenjiang.id);
    assert.equal(logged.after.parent_id, huihuan.id);
    assert.deepEqual(res.json.path.map((p) => p.id), [ctx.orgs.district.id, huihuan.id, yuhu.id]);
    const u = (await S.dispatcher.get(`/api/v1/orgs/${unit.id}`)).json;
    assert.deepEqual(u.path.map((p) => p.id), [ctx.orgs.district.id, huihuan.id, yuhu.id, unit.id]);
    assert.deepEqual(stalePaths(), [], 'every copy of a path moved with the tree');
  });

  test('the dispatcher of 陈江街道 can no longer read or change any of it', T, async () => {
    const { yuhu } = ctx.orgs;
    for (const a of [...yuhuAppeals(), A.led, A.assisted]) {
      assert.equal((await cjDisp.get(`/api/v1/appeals/${a.id}`)).status, 404, `appeal ${a.id}`);
      assert.equal((await step(cjDisp, a.id, 'note', { note: '旧街道的备注' })).status, 404);
    }
    assert.equal((await step(cjDisp, A.submitted.id, 'accept')).status, 404);
    for (const x of Object.values(N)) {
      assert.equal((await cjDisp.get(`/api/v1/needs/${x.id}`)).status, 404);
      assert.equal((await cjDisp.patch(`/api/v1/needs/${x.id}`, { urgency: 'urgent' })).status, 404);
    }
    assert.equal((await cjDisp.post(`/api/v1/needs/${N.open.id}/whistle`, {})).status, 404);
    for (const x of Object.values(P)) {
      assert.equal((await cjDisp.get(`/api/v1/projects/${x.id}`)).status, 404);
      assert.equal((await cjDisp.post(`/api/v1/projects/${x.id}/events`, { type: 'comment', note: '旧街道的意见' })).status, 404);
    }
    // Activities are read by all staff, but only recorded within one's scope.
    assert.equal((await cjDisp.patch(`/api/v1/activities/${activity.id}`, { audience: 1 })).status, 403);
    // Nothing in the lists, whatever the filters, nor in the search.
    const seen = [
      ...(await ids(cjDisp, '/api/v1/appeals')),
      ...(await ids(cjDisp, `/api/v1/appeals?community_id=${yuhu.id}`)),
      ...(await ids(cjDisp, `/api/v1/appeals?org_id=${yuhu.id}`)),
      ...(await ids(cjDisp, `/api/v1/appeals?q=${encodeURIComponent(WORD)}`)),
      ...(await ids(cjDisp, '/api/v1/appeals?status=submitted')),
    ];
    assert.deepEqual(seen.filter((id) => [...yuhuAppeals(), A.led, A.assisted].some((a) => a.id === id)), []);
    const needs = [...(await ids(cjDisp, '/api/v1/needs')), ...(await ids(cjDisp, `/api/v1/needs?community_id=${yuhu.id}`))];
    assert.deepEqual(needs.filter((id) => Object.values(N).some((x) => x.id === id)), []);
    const projects = [...(await ids(cjDisp, '/api/v1/projects')), ...(await ids(cjDisp, `/api/v1/projects?owner_org_id=${yuhu.id}`))];
    assert.deepEqual(projects.filter((id) => Object.values(P).some((x) => x.id === id)), []);
  });

  test('the staff of 惠环街道 and 御湖 read and work on it, lists and search included', T, async () => {
    const { yuhu, huihuan } = ctx.orgs;
    const yh = S['yuhu.handler'];
    // Appeals: the new subdistrict's dispatcher sees those placed in 御湖, 御湖's handler
    // those it leads or assists.
    for (const a of yuhuAppeals()) assert.equal((await hhDisp.get(`/api/v1/appeals/${a.id}`)).status, 200, `appeal ${a.id}`);
    for (const a of [A.dispatched, A.in_progress, A.suspended, A.replied, A.reopened, A.closed, A.led, A.assisted])
      assert.equal((await yh.get(`/api/v1/appeals/${a.id}`)).status, 200, `appeal ${a.id} for 御湖's handler`);
    const all = yuhuAppeals().map((a) => a.id).sort();
    const has = (got, want) => assert.deepEqual(want.filter((id) => !got.includes(id)), [], 'missing from the list');
    has(await ids(hhDisp, '/api/v1/appeals'), all);
    has(await ids(hhDisp, `/api/v1/appeals?community_id=${yuhu.id}`), all);
    has(await ids(hhDisp, `/api/v1/appeals?q=${encodeURIComponent(WORD)}`), all);
    has(await ids(hhDisp, `/api/v1/appeals?status=submitted&community_id=${yuhu.id}`), [A.submitted.id]);
    has(await ids(hhDisp, `/api/v1/appeals?status=suspended`), [A.suspended.id]);
    const led = [A.dispatched, A.in_progress, A.suspended, A.reopened, A.led].map((a) => a.id);
    has(await ids(yh, '/api/v1/appeals'), [...led, A.assisted.id]);
    has(await ids(yh, `/api/v1/appeals?org_id=${yuhu.id}`), led);
    has(await ids(yh, `/api/v1/appeals?q=${encodeURIComponent(WORD)}`), [...led, A.assisted.id]);
    has(await ids(hhDisp, `/api/v1/appeals?org_id=${huihuan.id}`), led);
    // They act: the new dispatcher accepts, 御湖 acknowledges and replies.
    await ok(hhDisp, A.submitted.id, 'accept');
    await ok(yh, A.dispatched.id, 'acknowledge');
    await ok(yh, A.led.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    await ok(yh, A.assisted.id, 'progress', { note: '御湖社区协办：已到现场查看。' });

    // Needs and projects.
    for (const x of Object.values(N)) {
      assert.equal((await hhDisp.get(`/api/v1/needs/${x.id}`)).status, 200);
      assert.equal((await yuhuSec.get(`/api/v1/needs/${x.id}`)).status, 200);
    }
    const needIds = Object.values(N).map((x) => x.id);
    has(await ids(hhDisp, '/api/v1/needs'), needIds);
    has(await ids(hhDisp, `/api/v1/needs?community_id=${yuhu.id}`), needIds);
    has(await ids(hhDisp, `/api/v1/needs?community_id=${huihuan.id}`), needIds);
    has(await ids(yuhuSec, `/api/v1/needs?q=${encodeURIComponent(WORD)}`), needIds);
    has(await ids(hhDisp, '/api/v1/needs?status=matched'), [N.matched.id]);
    let res = await hhDisp.patch(`/api/v1/needs/${N.open.id}`, { urgency: 'urgent' });
    assert.equal(res.status, 200, res.text);
    const projIds = Object.values(P).map((x) => x.id);
    for (const x of Object.values(P)) assert.equal((await hhDisp.get(`/api/v1/projects/${x.id}`)).status, 200);
    has(await ids(hhDisp, '/api/v1/projects'), projIds);
    has(await ids(hhDisp, `/api/v1/projects?owner_org_id=${yuhu.id}`), projIds);
    has(await ids(hhDisp, `/api/v1/projects?community_id=${huihuan.id}`), projIds);
    has(await ids(yuhuSec, '/api/v1/projects?status=running'), [P.running.id]);
    await projectStep(yuhuSec, P.planned, { type: 'start' });
    await projectStep(hhDisp, P.done, { type: 'comment', note: '街道跟进：成效良好。' });

    // The unit inside 御湖: its resource, the need and project of 斜下 it takes part in.
    res = await unitHandler.patch(`/api/v1/resources/${unitResource.id}`, { quantity: 25 });
    assert.equal(res.status, 200, res.text);
    has(await ids(hhDisp, `/api/v1/resources?org_id=${huihuan.id}`), [unitResource.id]);
    assert.equal((await unitHandler.get(`/api/v1/needs/${X.need.id}`)).status, 200);
    assert.equal((await unitHandler.get(`/api/v1/projects/${X.project.id}`)).status, 200);
    has(await ids(unitHandler, '/api/v1/needs'), [X.need.id, N.matched.id]);
    const m = X.project.plan.milestones[0];
    await projectStep(unitHandler, X.project, { type: 'milestone', milestone_id: m.id, done_on: day(0) });

    // Activities: 御湖 corrects its own; they count under 惠环街道 now.
    res = await yh.patch(`/api/v1/activities/${activity.id}`, { audience: 45 });
    assert.equal(res.status, 200, res.text);
    has(await ids(hhDisp, `/api/v1/activities?org_id=${huihuan.id}`), [activity.id]);
    const hh = await stats(huihuan);
    const cj = await stats(ctx.orgs.chenjiang);
    const yu = await stats(yuhu);
    assert.equal(hh.held, statsBefore.hh.held + statsBefore.yuhu.held);
    assert.equal(cj.held, statsBefore.cj.held - statsBefore.yuhu.held);
    assert.equal(yu.held, statsBefore.yuhu.held);
    assert.equal(yu.audience, statsBefore.yuhu.audience + 5);
  });

  test('the data is intact: statuses and versions but for the steps just taken, audit chains', T, async () => {
    const now = await state();
    const changed = new Set([
      `/api/v1/appeals/${A.submitted.id}`,
      `/api/v1/appeals/${A.dispatched.id}`,
      `/api/v1/appeals/${A.led.id}`,
      `/api/v1/appeals/${A.assisted.id}`,
      `/api/v1/needs/${N.open.id}`,
      `/api/v1/projects/${P.planned.id}`,
      `/api/v1/projects/${P.done.id}`,
      `/api/v1/projects/${X.project.id}`,
      `/api/v1/resources/${unitResource.id}`,
      `/api/v1/activities/${activity.id}`,
    ]);
    for (const [p, v] of Object.entries(snapshot)) if (!changed.has(p)) assert.deepEqual(now[p], v, p);
    assert.equal(now[`/api/v1/appeals/${A.submitted.id}`][0], 'accepted');
    assert.equal(now[`/api/v1/appeals/${A.dispatched.id}`][0], 'in_progress');
    assert.equal(now[`/api/v1/appeals/${A.led.id}`][0], 'replied');
    assert.equal(now[`/api/v1/projects/${P.planned.id}`][0], 'running');
    assert.deepEqual(stalePaths(), [], 'the steps after the move wrote the new paths');
    const res = cli(ctx.server.bin, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
  });
});
