// The three lists (三张清单), the whole flow through the API: a resident posts a need (no
// login), the secretary whistles (吹哨), a unit's handler commits a resource (报到), the
// secretary opens the project from the need (接单), records a milestone and the outcome, and
// the community rates it; matching explains its ranking; scope (a secretary of another
// community sees nothing); bad input (need without place or beneficiaries, negative
// quantity, end before start, over-commit, project from a closed need, a unit committing
// another unit's resource); and the audit chains hold after the flow and catch an edited
// need event.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, cli, errorOf, listAll, loginSession, sqlQuery, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';
import { appealServer } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
let as; // sessions by demo user name, plus 'yuhu.secretary' made here

// Dates in Asia/Shanghai, `days` from now.
const day = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  ctx = await appealServer({ now: new Date().toISOString() });
  as = {};
  for (const name of ['admin', 'dispatcher', 'secretary', 'handler', 'yuhu.handler', 'supervisor'])
    as[name] = await ctx.as(name);
  // A secretary of another community (御湖).
  const username = uniq('yuhusec');
  const user = await as.admin.post('/api/v1/users', { username, display_name: '御湖社区书记', password: 'yuhu-secretary-1' });
  assert.equal(user.status, 201, user.text);
  const grant = await as.admin.post(`/api/v1/users/${user.json.id}/roles`, { role: 'secretary', org_id: ctx.orgs.yuhu.id });
  assert.equal(grant.status, 201, grant.text);
  as['yuhu.secretary'] = await loginSession(ctx.url, username, 'yuhu-secretary-1');
});
after(async () => {
  await ctx?.stop();
});

function needBody(over = {}) {
  return {
    title: '颐年堂老人上门体检',
    description: '颐年堂老人上门体检，行动不便的老人需要医护人员上门测血压、血糖。',
    category: 'elderly',
    location: { community_id: ctx.orgs.xiexia.id, address: '斜下社区颐年堂养老院' },
    beneficiaries: { who: '行动不便的老人', count: 30 },
    wanted_by: day(30),
    urgency: 'normal',
    submitter: { name: '李秀英', phone: '13912345678' },
    ...over,
  };
}

function sql(query) {
  return sqlQuery(ctx, query);
}

async function needOf(sess, id) {
  const res = await sess.get(`/api/v1/needs/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

describe('a need from the public to a rated project', () => {
  let posted; // {id, tracking_no, access_token}
  let resource;
  let project;

  test('a resident posts a need without logging in and follows it by its number', T, async () => {
    const res = await api(ctx.url, 'POST', '/api/v1/needs', { body: needBody() });
    assert.equal(res.status, 201, res.text);
    posted = res.json;
    assert.match(posted.tracking_no, /^XQ\d{8}-\d{4}$/);
    assert.equal(posted.access_token.length, 43);
    assert.equal(posted.status, 'open');
    const tr = await api(ctx.url, 'GET', `/api/v1/track/${posted.tracking_no}`, {
      headers: { 'X-Access-Token': posted.access_token },
    });
    assert.equal(tr.status, 200, tr.text);
    assert.equal(tr.json.kind, 'need');
    assert.equal(tr.json.status, 'open');
    assert.deepEqual(tr.json.timeline.map((e) => e.type), ['create']);
    assert.ok(tr.json.timeline[0].text.length > 0);
    assert.deepEqual(tr.json.can, ['add_info']);
    assert.ok(!('submitter' in tr.json), 'no personal data in the tracking view');
    // A wrong token and an unknown number are the same 404.
    const wrong = await api(ctx.url, 'GET', `/api/v1/track/${posted.tracking_no}`, { headers: { 'X-Access-Token': 'x'.repeat(43) } });
    assert.equal(wrong.status, 404);
    const unknown = await api(ctx.url, 'GET', '/api/v1/track/XQ20990101-9999', { headers: { 'X-Access-Token': 'x' } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.text, wrong.text);
    // The secretary of the community sees it, personal data masked.
    const n = await needOf(as.secretary, posted.id);
    assert.equal(n.source, 'public');
    assert.equal(n.location.community_id, ctx.orgs.xiexia.id);
    assert.deepEqual(n.beneficiaries, { who: '行动不便的老人', count: 30 });
    assert.equal(n.submitter.name, '李**');
    assert.equal(n.submitter.phone, '139****5678');
    assert.ok(n.actions.includes('whistle'));
    const list = await listAll(ctx.url, '/api/v1/needs?status=open', { cookie: as.secretary.cookie });
    assert.ok(list.some((x) => x.id === posted.id));
  });

  test('a need without a place or beneficiaries is refused', T, async () => {
    const cases = [
      [{ location: undefined }, 400, 'location'],
      [{ beneficiaries: undefined }, 400, 'beneficiaries'],
      [{ beneficiaries: { who: '老人', count: 0 } }, 400, 'beneficiaries.count'],
      [{ beneficiaries: { who: '老人' } }, 400, 'beneficiaries.count'],
      [{ location: { address: '某处' } }, 400, 'location.community_id'],
      [{ location: { community_id: 999999 } }, 404, 'location.community_id'],
      [{ location: { community_id: ctx.orgs.econ.id } }, 404, 'location.community_id'],
      [{ category: 'nope' }, 404, 'category'],
      [{ colour: 'red' }, 400, 'colour'],
      [{ wanted_by: '2026-13-01' }, 400, 'wanted_by'],
    ];
    const before = Number(sql('select count(*) from needs'));
    for (const [over, status, field] of cases) {
      const body = needBody(over);
      for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
      const res = await api(ctx.url, 'POST', '/api/v1/needs', { body });
      assert.equal(res.status, status, `${JSON.stringify(over)}: ${res.text}`);
      assert.equal(errorOf(res).field, field, JSON.stringify(over));
    }
    assert.equal(Number(sql('select count(*) from needs')), before, 'nothing was written');
  });

  test('a unit offers a resource; bad quantities and dates are refused', T, async () => {
    const body = {
      title: '颐年堂老人上门体检',
      description: '经济发展局党员志愿者协助颐年堂老人上门体检，测血压、血糖。',
      kind: 'volunteers',
      category: 'elderly',
      org_id: ctx.orgs.econ.id,
      quantity: 10,
      unit: '人',
      available_from: day(-1),
      available_to: day(60),
      weekly_hours: '工作日下午',
      place: '斜下社区',
    };
    let res = await as.handler.post('/api/v1/resources', body);
    assert.equal(res.status, 201, res.text);
    resource = res.json;
    assert.equal(resource.remaining, 10);
    assert.equal(resource.committed, 0);
    assert.equal(resource.availability, 'available');
    assert.deepEqual(resource.alliance_ids, [ctx.orgs.xiexia.id], 'defaults to the alliances the unit is a member of');
    for (const [over, field] of [
      [{ quantity: -3 }, 'quantity'],
      [{ quantity: 0 }, 'quantity'],
      [{ available_from: day(10), available_to: day(5) }, 'available_to'],
      [{ kind: 'money' }, 'kind'],
    ]) {
      res = await as.handler.post('/api/v1/resources', { ...body, ...over });
      assert.equal(res.status, 400, `${JSON.stringify(over)}: ${res.text}`);
      assert.equal(errorOf(res).field, field);
    }
    // Another unit's handler may not offer the econ department's resources.
    res = await as['yuhu.handler'].post('/api/v1/resources', body);
    assert.equal(res.status, 403, res.text);
    // Every staff member of the district reads the list.
    const seen = await listAll(ctx.url, '/api/v1/resources?kind=volunteers', { cookie: as['yuhu.secretary'].cookie });
    assert.ok(seen.some((r) => r.id === resource.id));
    res = await as.supervisor.get(`/api/v1/resources/${resource.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.actions, []);
  });

  test('matches explain their ranking; used-up and expired resources are not suggested', T, async () => {
    const res = await as.secretary.get(`/api/v1/needs/${posted.id}/matches`);
    assert.equal(res.status, 200, res.text);
    const { items, next } = res.json;
    assert.equal(next, null);
    assert.ok(items.length >= 2, JSON.stringify(items.map((m) => m.resource.title)));
    assert.equal(items[0].resource.id, resource.id, 'the same words, category and community rank first');
    for (let i = 0; i < items.length; i++) {
      const m = items[i];
      assert.ok(m.score >= 0 && m.score <= 1);
      if (i) assert.ok(items[i - 1].score >= m.score, 'best first');
      assert.equal(m.reasons.length, 5);
      for (const r of m.reasons) assert.match(r, /（\+\d\.\d\d）$/);
      const sum = Object.values(m.parts).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - m.score) < 0.01, `parts add up to the score: ${sum} vs ${m.score}`);
      assert.ok(!['used_up', 'expired', 'withdrawn'].includes(m.resource.availability));
    }
    assert.equal(items[0].reasons[0], '类别相符（+0.35）');
    assert.ok(items[0].reasons.some((r) => r.startsWith('同一社区')));
    assert.ok(items[0].score > 0.8, String(items[0].score));
    const titles = items.map((m) => m.resource.title);
    assert.ok(!titles.includes('办税辅导志愿者'), 'the demo resource that is used up');
    assert.ok(!titles.includes('城发集团会议室'), 'the demo resource that expired');
  });

  test('a secretary of another community sees nothing of it', T, async () => {
    const other = as['yuhu.secretary'];
    for (const p of ['', '/matches', '/events']) assert.equal((await other.get(`/api/v1/needs/${posted.id}${p}`)).status, 404, p);
    assert.equal((await other.post(`/api/v1/needs/${posted.id}/whistle`, {})).status, 404);
    assert.equal((await other.patch(`/api/v1/needs/${posted.id}`, { urgency: 'urgent' })).status, 404);
    const list = await listAll(ctx.url, '/api/v1/needs', { cookie: other.cookie });
    assert.ok(!list.some((x) => x.id === posted.id));
    assert.equal((await as['yuhu.handler'].get(`/api/v1/needs/${posted.id}`)).status, 404);
    // Nor may they raise needs in 斜下社区.
    const res = await other.post('/api/v1/needs', needBody({ submitter: undefined }));
    assert.equal(res.status, 403, res.text);
  });

  test('the secretary whistles: the units with matching resources are called', T, async () => {
    // The econ department is a member unit of 斜下社区: it sees the need but may not whistle.
    assert.equal((await as.handler.get(`/api/v1/needs/${posted.id}`)).status, 200);
    assert.equal((await as.handler.post(`/api/v1/needs/${posted.id}/whistle`, {})).status, 403);
    const before = (await as.handler.get('/api/v1/notifications')).json.unread;
    const res = await as.secretary.post(`/api/v1/needs/${posted.id}/whistle`, { note: '请各成员单位报到认领' });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.whistled_at);
    const called = res.json.units.filter((u) => u.via === 'whistle').map((u) => u.org_id);
    assert.ok(called.includes(ctx.orgs.econ.id), JSON.stringify(res.json.units));
    const after = (await as.handler.get('/api/v1/notifications')).json;
    assert.equal(after.unread, before + 1, 'one notice for the econ department');
    const notes = after.items;
    assert.equal(notes[0].kind, 'need_whistle');
    assert.ok(notes[0].message.includes(posted.tracking_no));
    const evs = (await as.secretary.get(`/api/v1/needs/${posted.id}/events`)).json.items;
    const w = evs.at(-1);
    assert.equal(w.type, 'whistle');
    assert.equal(w.actor_name, '斜下社区书记');
    assert.equal(w.data.note, '请各成员单位报到认领');
    assert.ok(w.data.units.some((u) => u.org_id === ctx.orgs.econ.id && u.resource_ids.includes(resource.id)));
  });

  test('报到: the unit commits its resource; more than remains is 409, another unit 403', T, async () => {
    const url = `/api/v1/resources/${resource.id}/commitments`;
    let res = await as['yuhu.handler'].post(url, { need_id: posted.id, quantity: 1 });
    assert.equal(res.status, 403, res.text);
    res = await as.handler.post(url, { need_id: 99999999, quantity: 1 });
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).field, 'need_id');
    res = await as.handler.post(url, { need_id: posted.id, quantity: -1 });
    assert.equal(res.status, 400);
    res = await as.handler.post(url, { need_id: posted.id, quantity: 6, note: '6名党员志愿者报到' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.quantity, 6);
    assert.equal(res.json.remaining, 4);
    assert.equal(res.json.need_status, 'matched');
    assert.ok(Date.parse(res.json.committed_at) > 0, 'recorded with its time');
    const { remaining, need_status, ...posted_commitment } = res.json;
    res = await as.handler.post(url, { need_id: posted.id, quantity: 5 });
    assert.equal(res.status, 409, res.text);
    assert.equal(errorOf(res).code, 'insufficient');
    const n = await needOf(as.secretary, posted.id);
    assert.equal(n.status, 'matched');
    assert.equal(n.commitments.length, 1);
    assert.equal(n.commitments[0].org_id, ctx.orgs.econ.id);
    assert.ok(n.units.some((u) => u.via === 'commit' && u.org_id === ctx.orgs.econ.id));
    const r = (await as.handler.get(`/api/v1/resources/${resource.id}`)).json;
    assert.equal(r.committed, 6);
    assert.equal(r.commitments[0].need_id, posted.id);
    // A commitment reads the same in the answer, the need's view and the resource's.
    assert.deepEqual(n.commitments[0], posted_commitment);
    assert.deepEqual(r.commitments[0], posted_commitment);
    assert.equal(posted_commitment.need_title, n.title);
    assert.equal(posted_commitment.resource_title, r.title);
    // The resource cannot shrink below what is committed.
    res = await as.handler.patch(`/api/v1/resources/${resource.id}`, { quantity: 5 });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'below_committed');
    const revs = (await as.handler.get(`/api/v1/resources/${resource.id}/events`)).json.items;
    assert.deepEqual(revs.map((e) => e.type), ['create', 'commit']);
  });

  test('the secretary opens the project from the need (接单)', T, async () => {
    const body = {
      need_ids: [posted.id],
      resource_ids: [resource.id],
      unit_ids: [ctx.orgs.econ.id],
      title: '颐年堂老人上门体检',
      description: '经济发展局党员志愿者和社区一起上门为老人体检。',
      owner_org_id: ctx.orgs.xiexia.id,
      plan: { milestones: [{ title: '排定上门名单', due: day(7) }, { title: '上门体检', due: day(20) }] },
    };
    // The econ handler cannot take the order; a bad plan is 400.
    assert.equal((await as.handler.post('/api/v1/projects', body)).status, 403);
    let res = await as.secretary.post('/api/v1/projects', { ...body, plan: { milestones: [{ title: 'x' }] } });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'plan.milestones.due');
    res = await as.secretary.post('/api/v1/projects', body);
    assert.equal(res.status, 201, res.text);
    project = res.json;
    assert.equal(project.status, 'planned');
    assert.deepEqual(project.need_ids, [posted.id]);
    assert.deepEqual(project.unit_ids.sort((a, b) => a - b), [ctx.orgs.xiexia.id, ctx.orgs.econ.id].sort((a, b) => a - b));
    assert.equal(project.plan.milestones.length, 2);
    assert.deepEqual(project.plan.progress, { done: 0, total: 2 });
    assert.ok(project.actions.includes('start'));
    const n = await needOf(as.secretary, posted.id);
    assert.equal(n.status, 'in_project');
    assert.deepEqual(n.project_ids, [project.id]);
    // The same need cannot be taken up twice.
    res = await as.secretary.post('/api/v1/projects', body);
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'wrong_state');
  });

  test('the project runs: a milestone, then the outcome fulfils the need', T, async () => {
    const ev = (body, sess = as.secretary) => sess.post(`/api/v1/projects/${project.id}/events`, body);
    const [m1, m2] = project.plan.milestones;
    let res = await ev({ type: 'milestone', milestone_id: m1.id });
    assert.equal(res.status, 409, 'not before the start');
    res = await ev({ type: 'start', note: '项目启动' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'running');
    res = await ev({ type: 'milestone', milestone_id: m1.id, done_on: day(0), note: '名单已排定' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.plan.milestones[0].done_on, day(0));
    assert.equal((await ev({ type: 'milestone', milestone_id: m1.id })).status, 409, 'done once');
    assert.equal((await ev({ type: 'milestone', milestone_id: 99999999 })).status, 404);
    // A unit taking part records the next milestone itself.
    res = await ev({ type: 'milestone', milestone_id: m2.id }, as.handler);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.plan.progress, { done: 2, total: 2 });
    assert.equal((await ev({ type: 'evaluate', rating: 'satisfied' })).status, 409, 'not rated before done');
    assert.equal((await ev({ type: 'complete', summary: '太短' })).status, 400);
    assert.equal((await ev({ type: 'complete', beneficiaries_reached: 28, summary: '上门为28位老人完成体检' }, as.handler)).status, 403);
    res = await ev({ type: 'complete', beneficiaries_reached: 28, summary: '上门为28位老人完成体检，2位老人已转诊。' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'done');
    assert.equal(res.json.outcome.beneficiaries_reached, 28);
    const n = await needOf(as.secretary, posted.id);
    assert.equal(n.status, 'fulfilled');
  });

  test('the community rates the project; the resident sees it all', T, async () => {
    const url = `/api/v1/projects/${project.id}/events`;
    assert.equal((await as.handler.post(url, { type: 'evaluate', rating: 'satisfied' })).status, 403, 'the unit does not rate itself');
    assert.equal((await as.secretary.post(url, { type: 'evaluate', rating: 'great' })).status, 400);
    let res = await as.secretary.post(url, { type: 'evaluate', rating: 'satisfied', comment: '老人们很满意' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'evaluated');
    assert.equal(res.json.evaluation.rating, 'satisfied');
    const pevs = (await as.secretary.get(`/api/v1/projects/${project.id}/events`)).json.items;
    assert.deepEqual(pevs.map((e) => e.type), ['create', 'start', 'milestone', 'milestone', 'complete', 'evaluate']);
    res = await api(ctx.url, 'GET', `/api/v1/track/${posted.tracking_no}`, { headers: { 'X-Access-Token': posted.access_token } });
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'fulfilled');
    assert.deepEqual(res.json.timeline.map((e) => e.type), ['create', 'whistle', 'report', 'project', 'fulfil']);
    assert.ok(res.json.timeline.every((e) => e.text));
    assert.equal(res.json.timeline[2].data.org_name, '仲恺高新区经济发展局');
    assert.equal(res.json.projects[0].rating, 'satisfied');
    assert.equal(res.json.projects[0].outcome.beneficiaries_reached, 28);
    assert.deepEqual(res.json.can, []);
    // The public board shows it, without internal ids of people.
    const board = await listAll(ctx.url, '/api/v1/public/projects');
    const mine = board.find((p) => p.id === project.id);
    assert.equal(mine.status, 'evaluated');
    assert.ok(!('need_ids' in mine) && !('evaluation' in mine));
    // The unit's record now counts in its matches.
    const other = await as.secretary.post('/api/v1/needs', needBody({ submitter: undefined, title: '老人体检第二批' }));
    assert.equal(other.status, 201, other.text);
    const m = (await as.secretary.get(`/api/v1/needs/${other.json.id}/matches`)).json.items.find((x) => x.resource.id === resource.id);
    assert.ok(m.reasons.includes('该单位已完成 2 个项目，满意率 100%（+0.08）'), JSON.stringify(m.reasons));
  });

  test('closing needs a reason; a project from a closed need is 409', T, async () => {
    let res = await as.secretary.post('/api/v1/needs', needBody({ submitter: undefined, title: '社区健身器材维修' }));
    assert.equal(res.status, 201, res.text);
    const n = res.json;
    assert.equal(n.source, 'staff');
    assert.equal(n.submitter, null);
    res = await as.secretary.patch(`/api/v1/needs/${n.id}`, { status: 'closed' });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'close_reason');
    res = await as.secretary.patch(`/api/v1/needs/${n.id}`, { status: 'closed', close_reason: '已由物业自行维修', version: 99 });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'stale');
    res = await as.secretary.patch(`/api/v1/needs/${n.id}`, { status: 'closed', close_reason: '已由物业自行维修' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'closed');
    assert.equal(res.json.close_reason, '已由物业自行维修');
    res = await as.secretary.post('/api/v1/projects', { need_ids: [n.id], title: '健身器材维修' });
    assert.equal(res.status, 409, res.text);
    assert.equal(errorOf(res).code, 'wrong_state');
    res = await as.secretary.patch(`/api/v1/needs/${n.id}`, { title: '改个标题' });
    assert.equal(res.status, 409, 'a closed need stays closed');
    res = await as.handler.post(`/api/v1/resources/${resource.id}/commitments`, { need_id: n.id, quantity: 1 });
    assert.equal(res.status, 409, 'nothing is committed to a closed need');
  });

  test('audit verify holds after the flow and catches an edited need event', T, async () => {
    let res = cli(ctx.server.bin, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    const counts = sql(`select (select count(*) from need_events where need_id = ${posted.id}), (select count(*) from project_events where project_id = ${project.id}), (select count(*) from resource_events where resource_id = ${resource.id})`);
    assert.equal(counts, '5|6|2');
    sql(`update need_events set data = '{"source":"staff"}' where need_id = ${posted.id} and seq = 1`);
    res = cli(ctx.server.bin, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.notEqual(res.code, 0);
    assert.match(res.stdout + res.stderr, new RegExp(`need ${posted.id}: event 1 \\(create\\) does not match its hash`));
  });
});
