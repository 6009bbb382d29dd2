// The visit log of the reception rooms (来访登记): a duty official records a visit and
// decides it once — answered on the spot, turned into an appeal (channel reception_room,
// the room and community filled in, the visitor as the submitter who gets the tracking
// number by SMS with an absolute link) or into a need, or referred; the visit shows its
// follow-up until that ends, and a room's list has what is still open first. Visitor data
// is masked for everyone but the recorder. Bad input is refused with nothing written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, listAll, sqlQuery, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer, countAppeals, getAppeal, ok, outbox, tick } from './lib/appeals.mjs';
import { makeRoom } from './lib/rooms.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
let room; // 斜下社区's
let other; // 御湖社区's
const PHONE = '13912345678';

before(async () => {
  ctx = await appealServer();
  room = makeRoom(ctx, ctx.orgs.xiexia);
  other = makeRoom(ctx, ctx.orgs.yuhu);
});
after(async () => {
  await ctx?.stop();
});

const count = (table) => Number(sqlQuery(ctx, `SELECT COUNT(*) FROM ${table}`));

function visitBody(over = {}) {
  return {
    room_id: room.id,
    visitor: { name: '李四', phone: PHONE },
    raised: '小区东门路灯坏了一个多月，晚上出入很不安全，希望尽快修好。',
    category: 'other',
    ...over,
  };
}

async function record(over = {}, as = 'secretary') {
  const res = await (await ctx.as(as)).post('/api/v1/visits', visitBody(over));
  assert.equal(res.status, 201, `record: ${res.text}`);
  return res.json;
}

async function decide(id, body, as = 'secretary') {
  const res = await (await ctx.as(as)).post(`/api/v1/visits/${id}/events`, body);
  assert.equal(res.status, 200, `${body.type}: ${res.text}`);
  return res.json;
}

describe('recording', () => {
  test('a visit is recorded open, with the room and community, the visitor shown to the recorder only', T, async () => {
    const v = await record();
    assert.equal(v.outcome, 'open');
    assert.equal(v.open, true);
    assert.equal(v.room_id, room.id);
    assert.equal(v.room_name, room.name);
    assert.equal(v.community_id, ctx.orgs.xiexia.id);
    assert.deepEqual(v.visitor, { name: '李四', phone: PHONE, erased: false });
    assert.equal(v.follow_up, null);
    const seen = await (await ctx.as('dispatcher')).get(`/api/v1/visits/${v.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.json.visitor.name, '李*');
    assert.equal(seen.json.visitor.phone, '139****5678');
  });

  test('the staff of a member unit of the alliance record visits too', T, async () => {
    // 经济发展局 is a member unit of 斜下社区党建联盟 in the demo.
    const v = await record({}, 'handler');
    assert.equal(v.recorded_by.id, (await (await ctx.as('handler')).get('/api/v1/me')).json.id);
  });
});

describe('decisions', () => {
  test('to_appeal makes one appeal from the room, and the visitor gets the tracking number by SMS', T, async () => {
    const v = await record();
    const d = await decide(v.id, { type: 'to_appeal', title: '东门路灯损坏' });
    assert.equal(d.outcome, 'appeal');
    assert.equal(d.follow_up.kind, 'appeal');
    assert.match(d.follow_up.tracking_no, /^HY\d{8}-\d{4}$/);
    assert.equal(d.follow_up.status, 'submitted');
    assert.equal(d.follow_up.done, false);
    assert.equal(typeof d.follow_up.access_token, 'string');
    assert.equal(d.open, true, 'an appeal in progress is an open follow-up');
    const a = await getAppeal(await ctx.as('dispatcher'), d.follow_up.id);
    assert.equal(a.channel, 'reception_room');
    assert.equal(a.room_id, room.id);
    assert.equal(a.location.community_id, ctx.orgs.xiexia.id);
    assert.equal(a.location.address, room.address);
    assert.equal(a.title, '东门路灯损坏');
    assert.equal(a.description, visitBody().raised);
    const full = await (await ctx.as('dispatcher')).get(`/api/v1/appeals/${a.id}?reveal=contact`);
    assert.equal(full.json.submitter.name, '李四');
    assert.equal(full.json.submitter.phone, PHONE);
    // The recorder is the intake official.
    const me = (await (await ctx.as('secretary')).get('/api/v1/me')).json.id;
    assert.equal(Number(sqlQuery(ctx, `SELECT created_by FROM appeals WHERE id = ${a.id}`)), me);
    // The SMS, once the worker delivered the outbox: the number and an absolute link.
    await tick(ctx.url);
    const sms = outbox(ctx).filter((x) => x.channel === 'sms' && x.recipient === PHONE && x.body.includes(a.tracking_no));
    assert.equal(sms.length, 1, JSON.stringify(outbox(ctx).slice(-3)));
    assert.ok(sms[0].body.includes(`${ctx.url}/#/track/${a.tracking_no}`), sms[0].body);
  });

  test('a visit turned into an appeal twice: 409, and no second appeal', T, async () => {
    const v = await record();
    await decide(v.id, { type: 'to_appeal' });
    const before = await countAppeals(ctx);
    const res = await (await ctx.as('secretary')).post(`/api/v1/visits/${v.id}/events`, { type: 'to_appeal' });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'decided');
    assert.equal(await countAppeals(ctx), before);
    // Nor can it then be answered or become a need.
    const again = await (await ctx.as('secretary')).post(`/api/v1/visits/${v.id}/events`, { type: 'answer', answer: '已答复。' });
    assert.equal(again.status, 409);
  });

  test('to_need makes a need of the community with the visitor as its submitter', T, async () => {
    const v = await record({ raised: '独居老人希望有志愿者每周上门陪伴聊天。' });
    const d = await decide(v.id, { type: 'to_need', beneficiaries: { who: '独居老人', count: 3 } });
    assert.equal(d.outcome, 'need');
    assert.equal(d.follow_up.kind, 'need');
    assert.match(d.follow_up.tracking_no, /^XQ/);
    assert.equal(d.follow_up.status, 'open');
    const need = await (await ctx.as('secretary')).get(`/api/v1/needs/${d.follow_up.id}`);
    assert.equal(need.status, 200, need.text);
    assert.equal(need.json.community_id ?? need.json.location?.community_id, ctx.orgs.xiexia.id);
    assert.equal(need.json.beneficiaries.count, 3);
  });

  test('answer and refer close the visit with their text', T, async () => {
    const v1 = await record();
    const a = await decide(v1.id, { type: 'answer', answer: '已当场联系物业，今晚更换灯泡。' });
    assert.equal(a.outcome, 'answered');
    assert.equal(a.answer, '已当场联系物业，今晚更换灯泡。');
    assert.equal(a.open, false);
    assert.ok(a.decided_at);
    const v2 = await record();
    const r = await decide(v2.id, { type: 'refer', referral: '属供电部门职责，已告知供电所电话。', org_id: ctx.orgs.econ.id });
    assert.equal(r.outcome, 'referred');
    assert.equal(r.referred_org_id, ctx.orgs.econ.id);
    assert.equal(r.open, false);
  });
});

describe("a room's list", () => {
  test('open follow-ups first; an appeal that ends moves its visit among the done', T, async () => {
    const fresh = makeRoom(ctx, ctx.orgs.xiexia);
    const answered = await record({ room_id: fresh.id });
    await decide(answered.id, { type: 'answer', answer: '已当场解答。' });
    const pending = await record({ room_id: fresh.id });
    const toAppeal = await record({ room_id: fresh.id });
    const d = await decide(toAppeal.id, { type: 'to_appeal' });
    const sec = await ctx.as('secretary');
    const list = async () => (await listAll(ctx.url, `/api/v1/visits?room_id=${fresh.id}&limit=1`, { cookie: sec.cookie })).map((x) => x.id);
    assert.deepEqual(await list(), [toAppeal.id, pending.id, answered.id]);
    // The appeal is declined: its visit's follow-up has ended.
    await ok(await ctx.as('dispatcher'), d.follow_up.id, 'decline', { reply: '经核实该路段不属于本社区管理，已告知来访人向供电部门反映。' });
    const v = (await sec.get(`/api/v1/visits/${toAppeal.id}`)).json;
    assert.equal(v.follow_up.status, 'closed');
    assert.equal(v.follow_up.done, true);
    assert.equal(v.open, false);
    assert.deepEqual(await list(), [pending.id, toAppeal.id, answered.id]);
    const open = (await sec.get(`/api/v1/visits?room_id=${fresh.id}&open=true`)).json.items.map((x) => x.id);
    assert.deepEqual(open, [pending.id]);
    // The room's counts.
    const s = (await sec.get(`/api/v1/visits/stats?room_id=${fresh.id}`)).json;
    assert.equal(s.visits, 3);
    assert.equal(s.undecided, 1);
    assert.equal(s.answered, 1);
    assert.equal(s.appeal, 1);
    assert.equal(s.follow_ups_open, 0);
    assert.equal(s.share.answered, 0.5);
  });

  test("another community's staff see none of the room's visits", T, async () => {
    const v = await record();
    const yuhu = await ctx.as('yuhu.handler');
    assert.equal((await yuhu.get(`/api/v1/visits/${v.id}`)).status, 404);
    const ids = (await listAll(ctx.url, '/api/v1/visits', { cookie: yuhu.cookie })).map((x) => x.id);
    assert.ok(!ids.includes(v.id));
  });
});

describe('bad input', () => {
  async function refused(body, status, field, as = 'secretary') {
    const before = count('visits');
    const res = await (await ctx.as(as)).post('/api/v1/visits', body);
    assert.equal(res.status, status, res.text);
    if (field !== undefined) assert.equal(errorOf(res).field, field);
    assert.equal(count('visits'), before, 'nothing is written');
    return res;
  }

  test('a room of another community: 404', T, async () => {
    await refused(visitBody({ room_id: other.id }), 404, 'room_id');
    await refused(visitBody({ room_id: 99999999 }), 404, 'room_id');
  });

  test('a closed room takes no visits: 409', T, async () => {
    const closed = makeRoom(ctx, ctx.orgs.xiexia, { status: 'closed' });
    await refused(visitBody({ room_id: closed.id }), 409, null);
  });

  test('missing or bad fields: 400 naming them', T, async () => {
    await refused(visitBody({ raised: '短' }), 400, 'raised');
    await refused(visitBody({ visited_at: '2099-01-01T00:00:00Z' }), 400, 'visited_at');
    await refused(visitBody({ visited_at: 'yesterday' }), 400, 'visited_at');
    await refused(visitBody({ visitor: { name: '李四', phone: 'abc' } }), 400, 'visitor.phone');
    await refused(visitBody({ category: 'no_such_category' }), 404, 'category');
  });

  test('a supervisor records nothing: 403', T, async () => {
    await refused(visitBody(), 403, undefined, 'supervisor');
  });

  test('decisions with the wrong fields: 400, and the visit stays open', T, async () => {
    const v = await record();
    const sec = await ctx.as('secretary');
    for (const body of [
      { type: 'answer' },
      { type: 'refer' },
      { type: 'answer', answer: '好的', title: '多余的字段' },
      { type: 'to_appeal', answer: '不该有' },
      { type: 'nonsense' },
    ]) {
      const res = await sec.post(`/api/v1/visits/${v.id}/events`, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
    }
    assert.equal((await sec.get(`/api/v1/visits/${v.id}`)).json.outcome, 'open');
  });
});
