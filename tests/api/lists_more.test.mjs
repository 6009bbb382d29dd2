// The three lists beyond the main flow: an appeal turned into a need in one step (linked
// both ways), milestones past their date flagged once by the worker, the submitter's
// add_info and a retried public post (Idempotency-Key), revealing a submitter's contact,
// withdrawing a resource, activities with their counts (the seed's 70-odd talks and
// 30,000-odd listeners come out of the demo data), the demo's projects on the public board,
// and list paging.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, cli, errorOf, listAll, orgByName, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { advanceClock, appealServer, events, submit, tick } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
let as;

const day = (days, from = Date.now()) => new Date(from + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

before(async () => {
  ctx = await appealServer({ now: new Date().toISOString() });
  as = {};
  for (const name of ['admin', 'dispatcher', 'secretary', 'handler', 'xiexia.handler', 'yuhu.handler', 'liaison', 'supervisor'])
    as[name] = await ctx.as(name);
});
after(async () => {
  await ctx?.stop();
});

function needBody(over = {}) {
  return {
    title: '楼道照明改造',
    description: '老旧小区楼道没有照明，老人晚上上下楼不方便，希望加装声控灯。',
    category: 'property',
    location: { community_id: ctx.orgs.xiexia.id, address: '斜下村三巷' },
    beneficiaries: { who: '三巷住户', count: 80 },
    ...over,
  };
}

describe('an appeal that is really a community need', () => {
  test('becomes a need in one step, linked both ways; only once', T, async () => {
    const a = await submit(ctx, { category: 'elderly', title: '希望社区组织老人体检', description: '小区老人多，希望社区联系医院组织一次免费体检。' });
    const body = { from_appeal_id: a.id, beneficiaries: { who: '小区老人', count: 50 } };
    // The public may not do it; a handler of another community does not see the appeal.
    assert.equal((await api(ctx.url, 'POST', '/api/v1/needs', { body })).status, 403);
    assert.equal((await as['yuhu.handler'].post('/api/v1/needs', body)).status, 404);
    let res = await as.secretary.post('/api/v1/needs', body);
    assert.equal(res.status, 201, res.text);
    const n = res.json;
    assert.equal(n.source, 'appeal');
    assert.equal(n.appeal_id, a.id);
    assert.equal(n.title, '希望社区组织老人体检');
    assert.equal(n.category, 'elderly');
    assert.equal(n.location.community_id, ctx.orgs.xiexia.id);
    assert.match(n.tracking_no, /^XQ/);
    // The appeal's side: the need is found by the appeal, and the appeal's chain says so.
    const found = await listAll(ctx.url, `/api/v1/needs?appeal_id=${a.id}`, { cookie: as.secretary.cookie });
    assert.deepEqual(found.map((x) => x.id), [n.id]);
    const evs = await events(as.dispatcher, a.id);
    const link = evs.find((e) => e.type === 'to_need');
    assert.ok(link, JSON.stringify(evs.map((e) => e.type)));
    assert.equal(link.data.need_id, n.id);
    assert.equal(link.public, false);
    res = await as.secretary.post('/api/v1/needs', body);
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'already_linked');
    // The needs' events begin with create from the appeal.
    const nevs = (await as.secretary.get(`/api/v1/needs/${n.id}/events`)).json.items;
    assert.equal(nevs[0].type, 'create');
    assert.equal(nevs[0].data.appeal_id, a.id);
    const verify = cli(ctx.server.bin, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});

describe('the submitter of a need', () => {
  test('a retried post with the same Idempotency-Key gets the first answer, token included', T, async () => {
    const headers = { 'Idempotency-Key': 'need-retry-1' };
    const first = await api(ctx.url, 'POST', '/api/v1/needs', { body: needBody(), headers });
    assert.equal(first.status, 201, first.text);
    const again = await api(ctx.url, 'POST', '/api/v1/needs', { body: needBody(), headers });
    assert.equal(again.status, 201);
    assert.deepEqual(again.json, first.json);
    const other = await api(ctx.url, 'POST', '/api/v1/needs', { body: needBody({ title: '另一个需求' }), headers });
    assert.equal(other.status, 409);
    assert.equal(errorOf(other).code, 'idempotency_conflict');
  });

  test('adds information by the token; staff reveal the contact, audited', T, async () => {
    const res = await api(ctx.url, 'POST', '/api/v1/needs', {
      body: needBody({ submitter: { name: '王芳', phone: '13700001111', email: 'wf@example.com' } }),
    });
    assert.equal(res.status, 201, res.text);
    const { id, tracking_no: no, access_token: token } = res.json;
    const post = (body, t = token) => api(ctx.url, 'POST', `/api/v1/track/${no}/events`, { body, headers: { 'X-Access-Token': t } });
    assert.equal((await post({ type: 'add_info', text: '三巷12号到20号最暗' }, 'wrong')).status, 404);
    assert.equal((await post({ type: 'rate', rating: 'satisfied' })).status, 400, 'needs are not rated by the submitter');
    const added = await post({ type: 'add_info', text: '三巷12号到20号最暗' });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.json.timeline.map((e) => e.type), ['create', 'add_info']);
    assert.equal(added.json.timeline[1].data.text, '三巷12号到20号最暗');
    // Masked for staff; revealed for the secretary of the place, with a reveal event.
    let view = (await as.secretary.get(`/api/v1/needs/${id}`)).json;
    assert.equal(view.submitter.phone, '137****1111');
    assert.equal((await as.handler.get(`/api/v1/needs/${id}?reveal=contact`)).status, 403);
    view = (await as.secretary.get(`/api/v1/needs/${id}?reveal=contact`)).json;
    assert.deepEqual([view.submitter.name, view.submitter.phone, view.submitter.email], ['王芳', '13700001111', 'wf@example.com']);
    const evs = (await as.secretary.get(`/api/v1/needs/${id}/events`)).json.items;
    assert.equal(evs.at(-1).type, 'reveal');
    assert.equal(evs.at(-1).public, false);
    assert.ok(!JSON.stringify(evs).includes('13700001111'), 'no personal data in the chain');
    // The outbox tells the submitter about their need.
    const track = (await api(ctx.url, 'GET', `/api/v1/track/${no}`, { headers: { 'X-Access-Token': token } })).json;
    assert.deepEqual(track.timeline.map((e) => e.type), ['create', 'add_info'], 'the reveal is not shown');
  });
});

describe('projects over time', () => {
  test('a milestone past its date is flagged once by the worker, with a notice to the owner', T, async () => {
    let res = await as.secretary.post('/api/v1/needs', needBody({ title: '楼道照明改造二期' }));
    assert.equal(res.status, 201, res.text);
    const need = res.json;
    res = await as.secretary.post('/api/v1/projects', {
      need_ids: [need.id],
      title: '楼道照明改造',
      plan: { milestones: [{ title: '采购声控灯', due: day(1) }, { title: '安装', due: day(10) }] },
    });
    assert.equal(res.status, 201, res.text);
    const p = res.json;
    assert.equal(p.owner_org_id, ctx.orgs.xiexia.id, 'owned by the need’s community by default');
    res = await as.secretary.post(`/api/v1/projects/${p.id}/events`, { type: 'start' });
    assert.equal(res.status, 200, res.text);
    // Before the date nothing happens.
    await tick(ctx.url);
    const flagged = async () =>
      (await as.secretary.get(`/api/v1/projects/${p.id}/events`)).json.items.filter((e) => e.type === 'overdue');
    assert.equal((await flagged()).length, 0);
    // Three days later the first milestone is past its date: one event, one notice.
    await advanceClock(ctx.url, 3 * 86400);
    // The owner's staff hear of it (the secretary: appeals made overdue by the jump notify
    // handlers and dispatchers, not secretaries).
    const before = (await as.secretary.get('/api/v1/notifications')).json.unread;
    await tick(ctx.url);
    let over = await flagged();
    assert.equal(over.length, 1);
    assert.equal(over[0].actor, 'system');
    assert.equal(over[0].data.title, '采购声控灯');
    const notes = await as.secretary.get('/api/v1/notifications');
    assert.equal(notes.json.unread, before + 1);
    assert.equal(notes.json.items[0].kind, 'milestone_overdue');
    assert.ok(notes.json.items[0].message.includes('采购声控灯'));
    const view = (await as.secretary.get(`/api/v1/projects/${p.id}`)).json;
    assert.deepEqual(view.plan.milestones.map((m) => [m.overdue, m.flagged]), [[true, true], [false, false]]);
    // Once only.
    await tick(ctx.url);
    over = await flagged();
    assert.equal(over.length, 1);
    const verify = cli(ctx.server.bin, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  test('the plan changes only before the start; PATCH is for the project’s managers', T, async () => {
    const need = (await as.secretary.post('/api/v1/needs', needBody({ title: '楼道扶手加装' }))).json;
    let res = await as.secretary.post('/api/v1/projects', { need_ids: [need.id], title: '楼道扶手加装' });
    assert.equal(res.status, 201, res.text);
    const p = res.json;
    assert.deepEqual(p.plan.milestones, []);
    res = await as.secretary.patch(`/api/v1/projects/${p.id}`, { plan: { milestones: [{ title: '测量', due: day(3) }] } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.plan.milestones[0].title, '测量');
    assert.equal((await as['yuhu.handler'].patch(`/api/v1/projects/${p.id}`, { title: '改名' })).status, 404);
    assert.equal((await as.supervisor.patch(`/api/v1/projects/${p.id}`, { title: '改名' })).status, 403);
    assert.equal((await as.secretary.post(`/api/v1/projects/${p.id}/events`, { type: 'start' })).status, 200);
    res = await as.secretary.patch(`/api/v1/projects/${p.id}`, { plan: { milestones: [] } });
    assert.equal(res.status, 409);
    res = await as.secretary.patch(`/api/v1/projects/${p.id}`, { title: '楼道扶手加装工程' });
    assert.equal(res.status, 200);
    assert.equal(res.json.title, '楼道扶手加装工程');
    res = await as.secretary.post(`/api/v1/projects/${p.id}/events`, { type: 'comment', note: '材料已到' });
    assert.equal(res.status, 200);
    assert.equal((await as.secretary.post(`/api/v1/projects/${p.id}/events`, { type: 'finish' })).status, 400);
  });
});

describe('resources', () => {
  test('a withdrawn resource is not suggested and cannot be committed', T, async () => {
    let res = await as['xiexia.handler'].post('/api/v1/resources', {
      title: '社区议事厅',
      kind: 'venue',
      category: null,
      org_id: ctx.orgs.xiexia.id,
      quantity: 1,
      unit: '间',
    });
    assert.equal(res.status, 201, res.text);
    const r = res.json;
    assert.deepEqual(r.alliance_ids, [ctx.orgs.xiexia.id], 'a community’s own venue serves it');
    const need = (await as.secretary.post('/api/v1/needs', needBody({ title: '居民议事场地', description: '居民议事需要一个社区议事厅。', category: 'other' }))).json;
    let ids = (await as.secretary.get(`/api/v1/needs/${need.id}/matches`)).json.items.map((m) => m.resource.id);
    assert.ok(ids.includes(r.id));
    res = await as['xiexia.handler'].patch(`/api/v1/resources/${r.id}`, { status: 'withdrawn', version: r.version });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.availability, 'withdrawn');
    ids = (await as.secretary.get(`/api/v1/needs/${need.id}/matches`)).json.items.map((m) => m.resource.id);
    assert.ok(!ids.includes(r.id));
    res = await as['xiexia.handler'].post(`/api/v1/resources/${r.id}/commitments`, { need_id: need.id, quantity: 1 });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'withdrawn');
    const evs = (await as.admin.get(`/api/v1/resources/${r.id}/events`)).json.items;
    assert.deepEqual(evs.map((e) => e.type), ['create', 'withdraw']);
    // The available list leaves out the used-up and expired demo resources.
    const avail = await listAll(ctx.url, '/api/v1/resources?available=true', { cookie: as.admin.cookie });
    const titles = avail.map((x) => x.title);
    assert.ok(!titles.includes('办税辅导志愿者') && !titles.includes('城发集团会议室') && !titles.includes('社区议事厅'));
    const all = await listAll(ctx.url, '/api/v1/resources', { cookie: as.admin.cookie });
    const avail2 = Object.fromEntries(all.map((x) => [x.title, x.availability]));
    assert.equal(avail2['办税辅导志愿者'], 'used_up');
    assert.equal(avail2['城发集团会议室'], 'expired');
  });
});

describe('activities', () => {
  test('the demo district counts its talks and audience as the seed does', T, async () => {
    const res = await as.supervisor.get('/api/v1/activities/stats');
    assert.equal(res.status, 200, res.text);
    const talk = res.json.items.find((x) => x.kind === 'talk');
    assert.ok(talk.held >= 70, `talks held: ${talk.held}`);
    assert.ok(talk.audience >= 30000, `audience: ${talk.audience}`);
    assert.deepEqual(res.json.items.map((x) => x.kind), ['talk', 'volunteer_service', 'health_check', 'campaign', 'other']);
    assert.equal(res.json.total.held, res.json.items.reduce((a, x) => a + x.held, 0));
    // A community's subtree and a period.
    const shuguang = await orgByName(ctx.url, '曙光社区党建联盟');
    const s = (await as.supervisor.get(`/api/v1/activities/stats?org_id=${shuguang.id}&from=${day(-30)}&to=${day(0)}`)).json;
    assert.equal(s.items.find((x) => x.kind === 'volunteer_service').held, 6);
    assert.equal(s.items.find((x) => x.kind === 'talk').held, 0);
    assert.equal((await as.supervisor.get('/api/v1/activities/stats?from=2026-02-30')).status, 400);
    assert.equal((await as.supervisor.get('/api/v1/activities/stats?org_id=99999999')).status, 404);
  });

  test('are recorded by staff in the organiser’s scope and counted', T, async () => {
    const body = {
      kind: 'talk',
      title: '“红色故事会”进企业',
      org_id: ctx.orgs.eve.id,
      date: day(0),
      place: '亿纬锂能报告厅',
      participants: 3,
      audience: 420,
    };
    // The enterprise's liaison records it; the xiexia secretary may not (not a member unit).
    assert.equal((await as.secretary.post('/api/v1/activities', body)).status, 403);
    let res = await as.liaison.post('/api/v1/activities', body);
    assert.equal(res.status, 201, res.text);
    const act = res.json;
    assert.equal(act.org_name, '惠州亿纬锂能股份有限公司');
    for (const [over, status, field] of [
      [{ audience: -1 }, 400, 'audience'],
      [{ kind: 'party' }, 400, 'kind'],
      [{ date: '2026-1-1' }, 400, 'date'],
      [{ org_id: 99999999 }, 404, 'org_id'],
      [{ project_id: 99999999 }, 404, 'project_id'],
    ]) {
      res = await as.liaison.post('/api/v1/activities', { ...body, ...over });
      assert.equal(res.status, status, `${JSON.stringify(over)}: ${res.text}`);
      assert.equal(errorOf(res).field, field);
    }
    // A secretary records for a member unit of their alliance (颐年堂 in 斜下社区).
    const yinian = await orgByName(ctx.url, '颐年堂养老院');
    res = await as.secretary.post('/api/v1/activities', { ...body, kind: 'health_check', org_id: yinian.id, title: '老人健康讲座' });
    assert.equal(res.status, 201, res.text);
    const stats = (await as.liaison.get(`/api/v1/activities/stats?org_id=${ctx.orgs.eve.id}&from=${day(0)}&to=${day(0)}`)).json;
    assert.deepEqual(stats.items.find((x) => x.kind === 'talk'), { kind: 'talk', held: 1, participants: 3, audience: 420 });
    res = await as.liaison.patch(`/api/v1/activities/${act.id}`, { audience: 450, version: act.version });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.audience, 450);
    assert.equal((await as.liaison.patch(`/api/v1/activities/${act.id}`, { audience: 1, version: act.version })).status, 409);
    const list = await listAll(ctx.url, `/api/v1/activities?org_id=${ctx.orgs.eve.id}&kind=talk`, { cookie: as.liaison.cookie });
    assert.ok(list.some((x) => x.id === act.id));
    assert.ok(list.every((x) => x.kind === 'talk'));
  });
});

describe('the demo lists', () => {
  test('projects drawn from the seed, on the public board without personal data', T, async () => {
    const board = await listAll(ctx.url, '/api/v1/public/projects');
    const byTitle = Object.fromEntries(board.map((p) => [p.title, p]));
    const health = byTitle['“部门下沉、共建一流”老年人体检活动'];
    assert.equal(health.status, 'evaluated');
    assert.equal(health.rating, 'satisfied');
    assert.equal(health.owner_name, '斜下社区党建联盟');
    assert.equal(byTitle['甲子社区党建书屋示范项目'].status, 'done');
    assert.equal(byTitle['曙光社区“123456”巡防共治'].status, 'running');
    assert.ok(!/"(phone|name|submitter|email)"/.test(JSON.stringify(board)), 'no personal data');
    // Staff lists: the dispatcher sees the district's needs, filtered and paged.
    const all = await listAll(ctx.url, '/api/v1/needs', { cookie: as.dispatcher.cookie }, 2);
    const statuses = new Set(all.map((x) => x.status));
    for (const s of ['open', 'matched', 'fulfilled', 'closed']) assert.ok(statuses.has(s), s);
    const page = (await as.dispatcher.get('/api/v1/needs?limit=2')).json;
    assert.equal(page.items.length, 2);
    assert.ok(page.next);
    assert.ok(page.items[0].id > page.items[1].id, 'newest first');
    const found = await listAll(ctx.url, `/api/v1/needs?q=${encodeURIComponent('书屋')}`, { cookie: as.dispatcher.cookie });
    assert.deepEqual(found.map((x) => x.title), ['建设党建书屋，打通公共阅读“最后一公里”']);
    const closed = await listAll(ctx.url, '/api/v1/needs?status=closed', { cookie: as.dispatcher.cookie });
    assert.ok(closed.every((x) => x.status === 'closed' && x.close_reason));
    // A secretary's project list covers their alliance and its member units: 甲子's reading
    // room has 卓悦华府 (a member of 斜下社区) taking part; 曙光's patrols have none.
    const mine = await listAll(ctx.url, '/api/v1/projects', { cookie: as.secretary.cookie });
    const titles = mine.map((p) => p.title);
    assert.ok(titles.includes('“部门下沉、共建一流”老年人体检活动'));
    assert.ok(titles.includes('甲子社区党建书屋示范项目'));
    assert.ok(!titles.includes('曙光社区“123456”巡防共治'));
    assert.equal((await as.dispatcher.get('/api/v1/needs?status=maybe')).status, 400);
  });
});
