// Every path of the appeal life cycle (PRODUCT.md), end to end through HTTP with the demo
// roles: what the staff see, what the submitter sees on the tracking page, what the
// dispatcher's and the units' queues hold, and the notices queued for the submitter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, errorOf, TEST_TIMEOUT_MS } from './lib/server.mjs';
import {
  appealServer,
  BASE_TIME,
  driveTo,
  events,
  getAppeal,
  idsOf,
  notifications,
  ok,
  outbox,
  plus,
  REPLY,
  setClock,
  step,
  submit,
  tick,
  track,
  trackPost,
} from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;

before(async () => {
  ctx = await appealServer();
});
after(async () => {
  await ctx?.stop();
});

function types(evs) {
  return evs.map((e) => e.type);
}

describe('the main path', () => {
  test('submit → accept → dispatch → acknowledge → contact → progress → reply → 满意 → closed (rated)', T, async () => {
    await setClock(ctx.url, BASE_TIME);
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const assist = await ctx.as('handler');

    // The public submits without logging in.
    const a = await submit(ctx, { title: '斜下村主干道路灯不亮', description: '斜下村主干道的路灯已经坏了一周，晚上出行很不方便。' });
    assert.equal(a.status, 'submitted');
    assert.match(a.tracking_no, /^HY\d{8}-\d{4,}$/);
    assert.ok(a.access_token.length >= 20);
    let t = await track(ctx, a);
    assert.equal(t.status, 200);
    assert.equal(t.json.status, 'submitted');
    assert.deepEqual(t.json.can, ['add_info']);

    let cur = await ok(disp, a.id, 'accept');
    assert.equal(cur.status, 'accepted');
    assert.ok(cur.times.accepted_at);

    // Lead and assisting units.
    cur = await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id, assist_org_ids: [ctx.orgs.econ.id] });
    assert.equal(cur.status, 'dispatched');
    assert.equal(cur.lead_org_id, ctx.orgs.xiexia.id);
    assert.deepEqual(cur.assist_org_ids, [ctx.orgs.econ.id]);
    assert.ok(cur.deadlines.acknowledge && cur.deadlines.contact && cur.deadlines.answer);

    // Both units find it in their queues; the assisting unit's handler sees it too.
    assert.ok((await idsOf(ctx, lead, 'status=dispatched')).includes(a.id), 'in the lead unit queue');
    assert.ok((await idsOf(ctx, assist, 'status=dispatched')).includes(a.id), 'in the assisting unit queue');
    const seenByAssist = await getAppeal(assist, a.id);
    assert.ok(!seenByAssist.actions.includes('acknowledge'), 'only the lead acknowledges');
    assert.ok(seenByAssist.actions.includes('progress'), 'an assisting unit may post progress');
    // Only the lead unit acknowledges.
    let res = await step(assist, a.id, 'acknowledge');
    assert.equal(res.status, 403);
    // Both units were told.
    const leadNotes = await notifications(lead);
    assert.ok(leadNotes.items.some((x) => x.appeal_id === a.id && x.kind === 'dispatched'));
    const assistNotes = await notifications(assist);
    assert.ok(assistNotes.items.some((x) => x.appeal_id === a.id && x.kind === 'dispatched'));

    cur = await ok(lead, a.id, 'acknowledge');
    assert.equal(cur.status, 'in_progress');
    assert.ok(cur.times.acknowledged_at);
    cur = await ok(lead, a.id, 'contact', { note: '已电话联系诉求人，约定明天上门查看。' });
    assert.equal(cur.status, 'in_progress');
    assert.ok(cur.times.contacted_at);
    cur = await ok(assist, a.id, 'progress', { note: '已联系供电所安排维修人员。' });
    assert.equal(cur.status, 'in_progress');

    // A reply shorter than 15 characters is refused and changes nothing.
    res = await step(lead, a.id, 'reply', { reply: '已修好。', outcome: 'resolved' });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'reply');
    assert.equal((await getAppeal(lead, a.id)).status, 'in_progress');

    cur = await ok(lead, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    assert.equal(cur.status, 'replied');
    assert.equal(cur.reply, REPLY);
    assert.equal(cur.outcome, 'resolved');

    t = await track(ctx, a);
    assert.equal(t.json.status, 'replied');
    assert.equal(t.json.answer.reply, REPLY);
    assert.deepEqual([...t.json.can].sort(), ['add_info', 'rate']);

    // A new rating says whether the problem was solved: without it, or with another word, 400.
    res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied' });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.field, 'resolved');
    res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'maybe' });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.field, 'resolved');
    assert.equal((await track(ctx, a)).json.status, 'replied', 'nothing was written');
    res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes', comment: '处理及时，谢谢！' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'closed');
    assert.equal(res.json.closed_as, 'rated');
    assert.equal(res.json.rating, 'satisfied');
    assert.equal(res.json.resolved, 'yes');
    assert.deepEqual(res.json.can, []);

    cur = await getAppeal(disp, a.id);
    assert.equal(cur.status, 'closed');
    assert.equal(cur.closed_as, 'rated');
    assert.equal(cur.rating, 'satisfied');
    assert.equal(cur.rating_comment, '处理及时，谢谢！');
    assert.ok(cur.times.closed_at);
    assert.deepEqual(cur.actions.filter((x) => !['note', 'callback', 'publish'].includes(x)), []);

    // The timeline, step by step, in plain words for the submitter.
    assert.deepEqual(types(await events(disp, a.id)), [
      'submit', 'accept', 'dispatch', 'acknowledge', 'contact', 'progress', 'reply', 'rate',
    ]);
    t = await track(ctx, a);
    assert.deepEqual(
      t.json.timeline.map((e) => e.text),
      [
        '您的诉求已提交，等待受理。',
        '您的诉求已受理。',
        '您的诉求已派单至承办单位。',
        '承办单位已签收，正在办理。',
        '承办单位已与您联系。',
        '办理进展更新。',
        '承办单位已答复，请查看并评价。',
        '您已评价。',
      ],
    );
    // A closed appeal cannot be rated again or added to.
    res = await trackPost(ctx, a, { type: 'rate', rating: 'unsatisfied', resolved: 'no' });
    assert.equal(res.status, 409);
    res = await trackPost(ctx, a, { type: 'add_info', text: '再补充一点。' });
    assert.equal(res.status, 409);
  });

  test('each step the submitter should hear of puts exactly one notice into the outbox; a note none', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    await tick(ctx.url); // deliver what earlier tests queued
    const phone = '13900001111';
    const a = await submit(ctx, { submitter: { phone, email: null } });
    const mine = () => outbox(ctx).filter((x) => x.body.includes(a.tracking_no));
    assert.equal(mine().length, 0, 'nothing is delivered before the worker runs');
    await driveTo(ctx, a, 'in_progress');
    await ok(lead, a.id, 'note', { note: '内部备注：诉求人情绪较激动。' });
    await ok(lead, a.id, 'contact', { note: '已电话联系。' });
    await ok(lead, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    await ok(disp, a.id, 'note', { note: '派单员内部备注。' });
    const counts = await tick(ctx.url);
    assert.ok(counts.delivered >= 6, JSON.stringify(counts));

    const evs = await events(disp, a.id);
    const publicSteps = evs.filter((e) => e.public);
    assert.deepEqual(types(publicSteps), ['submit', 'accept', 'dispatch', 'acknowledge', 'contact', 'reply']);
    const got = mine();
    assert.equal(got.length, publicSteps.length, JSON.stringify(got, null, 1));
    assert.deepEqual(
      got.map((x) => x.dedupe_key).sort(),
      publicSteps.map((e) => `appeal:${a.id}:${e.seq}`).sort(),
    );
    assert.equal(new Set(got.map((x) => x.dedupe_key)).size, got.length, 'dedupe keys are unique');
    for (const x of got) {
      assert.equal(x.channel, 'sms');
      assert.equal(x.recipient, phone);
      assert.match(x.body, /回音/);
      assert.ok(!x.body.includes('内部备注'), 'internal notes never reach the submitter');
    }
    // The note events exist but are internal.
    const notes = evs.filter((e) => e.type === 'note');
    assert.equal(notes.length, 2);
    for (const e of notes) {
      assert.equal(e.public, false);
      assert.ok(!got.some((x) => x.dedupe_key === `appeal:${a.id}:${e.seq}`));
    }
    // Another round delivers nothing twice.
    await tick(ctx.url);
    assert.equal(mine().length, got.length);

    // The submitter's own steps are not echoed back to them.
    await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes' });
    await tick(ctx.url);
    assert.equal(mine().length, got.length);
  });

  test('an email-only submitter gets email notices; one with no contact gets none', T, async () => {
    const a = await submit(ctx, { submitter: { phone: null, email: 'only-mail@example.com' } });
    const b = await submit(ctx, { submitter: { phone: null, email: null, name: null } });
    await tick(ctx.url);
    const box = outbox(ctx);
    const forA = box.filter((x) => x.body.includes(a.tracking_no));
    assert.equal(forA.length, 1);
    assert.equal(forA[0].channel, 'email');
    assert.equal(forA[0].recipient, 'only-mail@example.com');
    assert.equal(box.filter((x) => x.body.includes(b.tracking_no)).length, 0);
  });
});

describe('decline, return and re-dispatch', () => {
  test('decline needs a reply and closes as declined with that answer for the submitter', T, async () => {
    const disp = await ctx.as('dispatcher');
    const a = await submit(ctx);
    let res = await step(disp, a.id, 'decline', {});
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'reply');
    res = await step(disp, a.id, 'decline', { reply: '太短' });
    assert.equal(res.status, 400);
    assert.equal((await getAppeal(disp, a.id)).status, 'submitted', 'a refused decline changes nothing');
    assert.deepEqual(types(await events(disp, a.id)), ['submit']);

    const answer = '您反映的问题属于司法程序事项，不属于本平台受理范围，请向法院咨询。';
    const cur = await ok(disp, a.id, 'decline', { reply: answer });
    assert.equal(cur.status, 'closed');
    assert.equal(cur.closed_as, 'declined');
    assert.equal(cur.reply, answer);
    assert.equal(cur.rating, null);
    const t = await track(ctx, a);
    assert.equal(t.json.status, 'closed');
    assert.equal(t.json.closed_as, 'declined');
    assert.equal(t.json.answer.reply, answer, 'no appeal is closed without an answer the submitter can read');
    assert.equal(t.json.timeline.at(-1).text, '您的诉求未予受理，请查看答复。');
    // Nothing more can happen to it.
    res = await step(disp, a.id, 'accept');
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'wrong_state');
  });

  test('an accepted appeal can be declined too', T, async () => {
    const disp = await ctx.as('dispatcher');
    const a = await submit(ctx);
    await ok(disp, a.id, 'accept');
    const cur = await ok(disp, a.id, 'decline', { reply: '经核实，该事项已由其他部门办结，无需重复办理。' });
    assert.equal(cur.closed_as, 'declined');
  });

  test('return needs a reason, goes back to the dispatcher, leaves the unit queue; then re-dispatch', T, async () => {
    const disp = await ctx.as('dispatcher');
    const econ = await ctx.as('handler');
    const xiexia = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    await driveTo(ctx, a, 'dispatched', { lead: 'econ' });
    assert.ok((await idsOf(ctx, econ)).includes(a.id), 'in the unit queue after dispatch');

    let res = await step(econ, a.id, 'return', {});
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'reason');
    assert.equal((await getAppeal(econ, a.id)).status, 'dispatched');
    // Only the lead unit returns.
    res = await step(xiexia, a.id, 'return', { reason: '不归我们管' });
    assert.equal(res.status, 403);

    const before = (await notifications(disp)).unread;
    const cur = await ok(econ, a.id, 'return', { reason: '该事项属于社区物业管理，非经发局职责。' });
    assert.equal(cur.status, 'accepted');
    assert.equal(cur.lead_org_id, null);
    assert.deepEqual(cur.assist_org_ids, []);
    assert.equal(cur.deadlines.answer, null);
    // Back in the dispatcher's queue …
    assert.ok((await idsOf(ctx, disp, 'status=accepted')).includes(a.id));
    const dn = await notifications(disp);
    assert.equal(dn.unread, before + 1);
    const n = dn.items.find((x) => x.appeal_id === a.id && x.kind === 'returned');
    assert.ok(n, 'the dispatcher is told of the return');
    assert.match(n.message, /非经发局职责/);
    assert.ok((await getAppeal(disp, a.id)).actions.includes('dispatch'));
    // … and out of the unit's: it no longer sees it at all.
    assert.ok(!(await idsOf(ctx, econ)).includes(a.id));
    res = await econ.get(`/api/v1/appeals/${a.id}`);
    assert.equal(res.status, 404);
    const ret = (await events(disp, a.id)).at(-1);
    assert.equal(ret.type, 'return');
    assert.equal(ret.data.reason, '该事项属于社区物业管理，非经发局职责。');

    // Re-dispatch to another unit.
    const again = await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id });
    assert.equal(again.status, 'dispatched');
    assert.equal(again.lead_org_id, ctx.orgs.xiexia.id);
    assert.ok(again.deadlines.answer);
    await ok(xiexia, a.id, 'acknowledge');
    assert.equal((await econ.get(`/api/v1/appeals/${a.id}`)).status, 404);
  });

  test('an appeal in progress is re-dispatched to another unit, which must acknowledge again', T, async () => {
    const disp = await ctx.as('dispatcher');
    const econ = await ctx.as('handler');
    const yuhu = await ctx.as('yuhu.handler');
    const a = await submit(ctx, { location: { community_id: ctx.orgs.yuhu.id } });
    await driveTo(ctx, a, 'in_progress', { lead: 'econ' });
    const cur = await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs.yuhu.id, assist_org_ids: [ctx.orgs.econ.id] });
    assert.equal(cur.status, 'dispatched');
    assert.equal(cur.lead_org_id, ctx.orgs.yuhu.id);
    assert.equal(cur.times.acknowledged_at, null);
    // The former lead is now only assisting: it cannot reply any more.
    let res = await step(econ, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    assert.equal(res.status, 403);
    res = await step(yuhu, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    assert.equal(res.status, 409, 'reply before acknowledging');
    await ok(yuhu, a.id, 'acknowledge');
    const done = await ok(yuhu, a.id, 'reply', { reply: REPLY, outcome: 'explained' });
    assert.equal(done.status, 'replied');
  });
});

describe('suspension and extension', () => {
  test('suspend → suspended (and says so) → the submitter adds information → resumed, deadlines later', T, async () => {
    await setClock(ctx.url, BASE_TIME); // Wednesday 10:00 in Shanghai
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    const before = await driveTo(ctx, a, 'in_progress');

    let res = await step(lead, a.id, 'suspend', {});
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'reason');
    const s = await ok(lead, a.id, 'suspend', { reason: '请补充营业执照照片和联系人。' });
    assert.equal(s.status, 'suspended');
    assert.ok(s.times.suspended_at);
    let t = await track(ctx, a);
    assert.equal(t.json.status, 'suspended');
    assert.equal(t.json.suspended, true);
    const last = t.json.timeline.at(-1);
    assert.equal(last.type, 'suspend');
    assert.match(last.text, /补充信息.*暂停/);
    assert.equal(last.data.reason, '请补充营业执照照片和联系人。');
    // Steps that need the case running wait.
    res = await step(lead, a.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    assert.equal(res.status, 409);

    // One office hour later the submitter answers.
    await setClock(ctx.url, plus(BASE_TIME, 3600));
    res = await trackPost(ctx, a, { type: 'add_info', text: '营业执照已补充，联系人李四 13700000000。' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'in_progress');
    assert.equal(res.json.suspended, false);
    const after1 = await getAppeal(lead, a.id);
    assert.equal(after1.status, 'in_progress');
    assert.equal(after1.times.suspended_at, null);
    // The answer limit is in working days: its deadline (Thu 24 Sep 17:30; Sun 20 Sep is a
    // make-up working day) moves by the hour of office time the case waited, past the
    // holidays of 25–27 Sep into Mon 28 Sep, about 09:30.
    assert.equal(before.deadlines.answer, '2026-09-24T09:30:00Z');
    const paused = (Date.parse(res.json.timeline.at(-1).at) - Date.parse(s.times.suspended_at)) / 1000;
    assert.ok(paused > 3500 && paused <= 3600, `suspended for about an hour (${paused} s)`);
    const answerShift = Date.parse(after1.deadlines.answer) - Date.parse('2026-09-28T00:30:00Z');
    // (The event's time and the step's may differ by a second.)
    assert.ok(Math.abs(answerShift / 1000 - paused) <= 2, `answer deadline ${after1.deadlines.answer}`);
    // The contact limit is in clock hours: it moves by the same hour.
    const contactShift = (Date.parse(after1.deadlines.contact) - Date.parse(before.deadlines.contact)) / 1000;
    assert.ok(Math.abs(contactShift - paused) <= 2, `the contact deadline moved by the time suspended (${contactShift} s)`);
    const info = (await events(lead, a.id)).at(-1);
    assert.equal(info.type, 'add_info');
    assert.equal(info.actor, 'submitter');
    assert.equal(info.data.resumed, true);
    // The lead unit hears of it.
    assert.ok((await notifications(lead)).items.some((x) => x.appeal_id === a.id && x.kind === 'add_info'));
  });

  test('staff resume a suspended appeal; the state before the suspension comes back', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    await driveTo(ctx, a, 'in_progress');
    await ok(disp, a.id, 'suspend', { reason: '等待诉求人补充材料。' });
    let res = await step(lead, a.id, 'suspend', { reason: '再挂起一次' });
    assert.equal(res.status, 409, 'already suspended');
    const r = await ok(lead, a.id, 'resume');
    assert.equal(r.status, 'in_progress');
    const t = await track(ctx, a);
    assert.equal(t.json.timeline.at(-1).text, '恢复办理，办理时限继续计算。');
    res = await step(lead, a.id, 'resume');
    assert.equal(res.status, 409, 'not suspended any more');
  });

  test('extend_request → extend_approve moves the answer deadline later; extend_reject leaves it', T, async () => {
    await setClock(ctx.url, BASE_TIME);
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    const start = await driveTo(ctx, a, 'in_progress');
    const due0 = start.deadlines.answer;
    let res = await step(disp, a.id, 'extend_approve');
    assert.equal(res.status, 409, 'nothing to approve yet');
    res = await step(lead, a.id, 'extend_request', { days: 3 });
    assert.equal(res.status, 400);
    const req = await ok(lead, a.id, 'extend_request', { days: 3, reason: '需要协调供电部门，时间较长。' });
    assert.equal(req.extension_requested_days, 3);
    assert.equal(req.deadlines.answer, due0);
    res = await step(lead, a.id, 'extend_approve');
    assert.equal(res.status, 403, 'the unit cannot approve its own extension');
    res = await step(lead, a.id, 'extend_request', { days: 2, reason: '再申请一次' });
    assert.equal(res.status, 409, 'one request at a time');
    assert.ok((await notifications(disp)).items.some((x) => x.appeal_id === a.id && x.kind === 'extension_request'));

    const ap = await ok(disp, a.id, 'extend_approve');
    assert.equal(ap.extension_requested_days, null);
    // 7 working days from Wed 16 Sep (Sun 20 Sep is a make-up working day) end on Thu 24 Sep
    // 17:30; three more skip 中秋节 (25–27 Sep): Mon 28, Tue 29, Wed 30 Sep 17:30.
    assert.equal(due0, '2026-09-24T09:30:00Z');
    assert.equal(ap.deadlines.answer, '2026-09-30T09:30:00Z');
    let t = await track(ctx, a);
    assert.equal(t.json.deadline, '2026-09-30T09:30:00Z');
    assert.equal(t.json.timeline.at(-1).text, '办理期限已延长。');

    // A second request, rejected: the deadline stays.
    await ok(lead, a.id, 'extend_request', { days: 5, reason: '还需要更多时间。' });
    const rj = await ok(disp, a.id, 'extend_reject', { reason: '时间已足够，请按期办结。' });
    assert.equal(rj.extension_requested_days, null);
    assert.equal(rj.deadlines.answer, '2026-09-30T09:30:00Z');
    t = await track(ctx, a);
    assert.ok(!t.json.timeline.some((e) => e.type === 'extend_reject' || e.type === 'extend_request'), 'internal steps');
  });
});

describe('ratings, reopening and the callback', () => {
  test('不满意 reopens to the same unit once; the second 不满意 goes back to the dispatcher, lead cleared', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const assist = await ctx.as('handler');
    const a = await submit(ctx);
    await driveTo(ctx, a, 'replied', { assist: ['econ'] });

    let res = await trackPost(ctx, a, { type: 'rate', rating: 'unsatisfied', resolved: 'no', comment: '路灯还是不亮。' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'reopened');
    let cur = await getAppeal(lead, a.id);
    assert.equal(cur.status, 'reopened');
    assert.equal(cur.lead_org_id, ctx.orgs.xiexia.id, 'the same unit');
    assert.equal(cur.unsatisfied_count, 1);
    assert.ok(cur.deadlines.acknowledge && cur.deadlines.answer, 'fresh deadlines');
    assert.ok(cur.actions.includes('acknowledge'));
    const n = (await notifications(lead)).items.find((x) => x.appeal_id === a.id && x.kind === 'rate');
    assert.ok(n, 'the lead unit is told of the reopening');
    assert.match(n.message, /不满意/);

    await ok(lead, a.id, 'acknowledge');
    cur = await ok(lead, a.id, 'reply', { reply: '已更换整条线路的灯具，经夜间复查全部正常亮灯。', outcome: 'resolved' });
    assert.equal(cur.status, 'replied');
    assert.equal(cur.rating, null, 'the earlier rating does not stand for the new answer');

    res = await trackPost(ctx, a, { type: 'rate', rating: 'unsatisfied', resolved: 'no', comment: '还是不满意。' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'accepted');
    cur = await getAppeal(disp, a.id);
    assert.equal(cur.status, 'accepted');
    assert.equal(cur.lead_org_id, null);
    assert.deepEqual(cur.assist_org_ids, []);
    assert.equal(cur.unsatisfied_count, 2);
    assert.ok(cur.actions.includes('dispatch'));
    assert.ok((await idsOf(ctx, disp, 'status=accepted')).includes(a.id), 'in the dispatcher queue');
    assert.ok((await notifications(disp)).items.some((x) => x.appeal_id === a.id && x.kind === 'unsatisfied'));
    // The assisting unit no longer has it.
    assert.equal((await assist.get(`/api/v1/appeals/${a.id}`)).status, 404);
    assert.ok(!(await idsOf(ctx, assist)).includes(a.id));
  });

  test('the callback records the submitter view: on a closed appeal it only records; 不满意 by phone reopens', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    await driveTo(ctx, a, 'replied');
    await trackPost(ctx, a, { type: 'rate', rating: 'basically_satisfied', resolved: 'yes' });
    let res = await step(lead, a.id, 'callback', { rating: 'satisfied', resolved: 'yes' });
    assert.equal(res.status, 403, 'the office calls back, not the unit');
    res = await step(disp, a.id, 'callback', {});
    assert.equal(res.status, 400);
    res = await step(disp, a.id, 'callback', { rating: 'satisfied', note: '回访' });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.field, 'resolved');
    let cur = await ok(disp, a.id, 'callback', { rating: 'satisfied', resolved: 'partly', note: '电话回访，诉求人表示满意。' });
    assert.equal(cur.status, 'closed');
    assert.equal(cur.closed_as, 'rated');
    assert.equal(cur.rating, 'basically_satisfied', 'the submitter\'s own rating stands');
    assert.equal(cur.resolved, 'yes', 'and their own word on the problem');
    assert.equal(cur.callback_rating, 'satisfied');
    assert.equal(cur.callback_resolved, 'partly');
    const ev = (await events(disp, a.id)).at(-1);
    assert.equal(ev.type, 'callback');
    assert.equal(ev.data.rating, 'satisfied');
    assert.equal(ev.data.resolved, 'partly');
    assert.equal(ev.data.note, '电话回访，诉求人表示满意。');
    assert.equal(ev.actor_name, '快车道办派单员');

    // A callback on a replied appeal with 不满意 counts as the submitter's view.
    const b = await submit(ctx);
    await driveTo(ctx, b, 'replied', { assist: ['econ'] });
    res = await step(disp, b.id, 'callback', { rating: 'unsatisfied', resolved: 'no', note: '诉求人电话中表示不满意。' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'reopened');
    await ok(lead, b.id, 'acknowledge');
    await ok(lead, b.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    cur = await ok(disp, b.id, 'callback', { rating: 'unsatisfied', resolved: 'no', note: '再次回访，仍不满意。' });
    assert.equal(cur.status, 'accepted');
    assert.equal(cur.lead_org_id, null);
    assert.deepEqual(cur.assist_org_ids, [], 'assisting units are cleared as well');
    cur = await getAppeal(disp, b.id);
    assert.deepEqual(cur.assist_org_ids, [], 'and stay cleared');
    assert.equal((await (await ctx.as('handler')).get(`/api/v1/appeals/${b.id}`)).status, 404);
  });

  test('a satisfied callback does not tell the unit that the appeal was reopened', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    await driveTo(ctx, a, 'replied');
    await ok(disp, a.id, 'callback', { rating: 'satisfied', resolved: 'yes', note: '满意' });
    const wrong = (await notifications(lead)).items.filter((x) => x.appeal_id === a.id && /不满意|重办/.test(x.message));
    assert.deepEqual(wrong, []);
  });

  test('rating values are checked; rating before the reply is 409', T, async () => {
    const a = await submit(ctx);
    let res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes' });
    assert.equal(res.status, 409);
    assert.equal(errorOf(res).code, 'wrong_state');
    res = await trackPost(ctx, a, { type: 'rate', rating: 'great', resolved: 'yes' });
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'rating');
  });
});

describe('merge, supervise, publish', () => {
  test('a duplicate is merged into another open appeal and closes as merged', T, async () => {
    const disp = await ctx.as('dispatcher');
    const first = await submit(ctx, { title: '斜下村垃圾清运不及时', description: '斜下村垃圾站垃圾堆积三天没人清运。' });
    const dup = await submit(ctx, { title: '斜下垃圾站没人清运', description: '斜下村垃圾站垃圾堆了好几天没人清运了。' });
    const sim = await disp.get(`/api/v1/appeals/${dup.id}/similar`);
    assert.equal(sim.status, 200);
    assert.ok(sim.json.items.some((x) => x.id === first.id), 'the original is suggested as similar');

    let res = await step(disp, dup.id, 'merge', { into_id: dup.id });
    assert.equal(res.status, 409, 'not into itself');
    res = await step(disp, dup.id, 'merge', { into_id: 99999999 });
    assert.equal(res.status, 404);
    assert.equal(errorOf(res).field, 'into_id');
    const closed = await submit(ctx);
    await ok(disp, closed.id, 'decline', { reply: '不属于受理范围，已告知诉求人相关渠道。' });
    res = await step(disp, dup.id, 'merge', { into_id: closed.id });
    assert.equal(res.status, 409, 'not into a closed appeal');
    res = await step(await ctx.as('xiexia.handler'), dup.id, 'merge', { into_id: first.id });
    assert.equal(res.status, 403);

    const cur = await ok(disp, dup.id, 'merge', { into_id: first.id });
    assert.equal(cur.status, 'closed');
    assert.equal(cur.closed_as, 'merged');
    assert.equal(cur.merged_into, first.id);
    const t = await track(ctx, dup);
    assert.equal(t.json.closed_as, 'merged');
    assert.equal(t.json.timeline.at(-1).text, '您的诉求已与相同诉求合并办理。');
    assert.equal((await getAppeal(disp, first.id)).status, 'submitted', 'the other one goes on');
    // A dispatched appeal is no longer merged.
    const late = await submit(ctx);
    await driveTo(ctx, late, 'dispatched');
    res = await step(disp, late.id, 'merge', { into_id: first.id });
    assert.equal(res.status, 409);
  });

  test('the district dispatcher supervises (督办) an open appeal; the lead unit hears of it', T, async () => {
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    let res = await step(disp, a.id, 'supervise', { note: '请尽快办理' });
    assert.equal(res.status, 409, 'nothing to supervise before acceptance');
    await driveTo(ctx, a, 'in_progress');
    res = await step(lead, a.id, 'supervise', { note: '自己督办自己' });
    assert.equal(res.status, 403);
    res = await step(disp, a.id, 'supervise', {});
    assert.equal(res.status, 400);
    const cur = await ok(disp, a.id, 'supervise', { note: '该诉求群众反映强烈，请于本周内办结。' });
    assert.equal(cur.status, 'in_progress');
    const ev = (await events(disp, a.id)).at(-1);
    assert.equal(ev.type, 'supervise');
    assert.equal(ev.data.note, '该诉求群众反映强烈，请于本周内办结。');
    const n = (await notifications(lead)).items.find((x) => x.appeal_id === a.id && x.kind === 'supervise');
    assert.ok(n);
    assert.match(n.message, /督办/);
    // The admin at the district may too.
    await ok(await ctx.as('admin'), a.id, 'supervise', { note: '管理员督办' });
  });

  test('publish puts the answered appeal on the public wall without personal data; unpublish removes it', T, async () => {
    const disp = await ctx.as('dispatcher');
    const name = '王小明';
    const phone = '13566667777';
    const a = await submit(ctx, {
      title: '御湖小区电梯故障',
      description: '御湖小区3栋电梯经常停运，老人上下楼困难。',
      submitter: { name, phone, email: 'wxm@example.com' },
      location: { community_id: ctx.orgs.yuhu.id, address: '御湖小区3栋' },
    });
    const private_ = await submit(ctx, { publishable: false });
    await driveTo(ctx, private_, 'replied');
    let res = await step(disp, private_.id, 'publish', {});
    assert.equal(res.status, 409, 'the submitter did not allow publication');

    res = await step(disp, a.id, 'publish', {});
    assert.equal(res.status, 409, 'nothing to publish before the answer');
    await driveTo(ctx, a, 'replied', { lead: 'yuhu' });
    res = await step(await ctx.as('yuhu.handler'), a.id, 'publish', {});
    assert.equal(res.status, 403);
    const cur = await ok(disp, a.id, 'publish', { title: '小区电梯故障', description: '某小区电梯经常停运，老人上下楼困难。' });
    assert.equal(cur.published, true);

    const wall = await api(ctx.url, 'GET', '/api/v1/public/appeals');
    assert.equal(wall.status, 200);
    const item = wall.json.items.find((x) => x.id === a.id);
    assert.ok(item, 'on the public wall');
    assert.equal(item.title, '小区电梯故障');
    assert.equal(item.reply, REPLY);
    assert.equal(item.community, '御湖社区党建联盟');
    assert.ok(!wall.json.items.some((x) => x.id === private_.id));
    for (const secret of [name, phone, 'wxm@example.com', '13812345678', '张三', a.access_token, a.tracking_no])
      assert.ok(!wall.text.includes(secret), `the wall does not show ${secret}`);
    assert.ok(!('submitter' in item) && !('phone' in item) && !('name' in item));

    await ok(disp, a.id, 'unpublish');
    const gone = await api(ctx.url, 'GET', '/api/v1/public/appeals');
    assert.ok(!gone.json.items.some((x) => x.id === a.id), 'unpublish removes it');
    res = await step(disp, a.id, 'unpublish');
    assert.equal(res.status, 409, 'not published any more');
  });
});

describe('closing by default', () => {
  test('with no rating in 7 days a replied appeal closes as unrated, never as satisfied', T, async () => {
    await setClock(ctx.url, BASE_TIME);
    const disp = await ctx.as('dispatcher');
    const a = await submit(ctx);
    const rated = await submit(ctx);
    await driveTo(ctx, a, 'replied');
    await driveTo(ctx, rated, 'replied');

    // Six days later it is still waiting.
    await setClock(ctx.url, plus(BASE_TIME, 6 * 86400));
    await tick(ctx.url);
    assert.equal((await getAppeal(disp, a.id)).status, 'replied');
    await trackPost(ctx, rated, { type: 'rate', rating: 'satisfied', resolved: 'yes' });

    await setClock(ctx.url, plus(BASE_TIME, 8 * 86400));
    const counts = await tick(ctx.url);
    assert.ok(counts.auto_closed >= 1, JSON.stringify(counts));
    const cur = await getAppeal(disp, a.id);
    assert.equal(cur.status, 'closed');
    assert.equal(cur.closed_as, 'unrated');
    assert.equal(cur.rating, null, 'not counted as satisfied');
    const ev = (await events(disp, a.id)).at(-1);
    assert.equal(ev.type, 'auto_close');
    assert.equal(ev.actor, 'system');
    assert.equal(ev.actor_id, null);
    const t = await track(ctx, a);
    assert.equal(t.json.closed_as, 'unrated');
    assert.match(t.json.timeline.at(-1).text, /不计为满意/);
    const res = await trackPost(ctx, a, { type: 'rate', rating: 'satisfied', resolved: 'yes' });
    assert.equal(res.status, 409, 'too late to rate');
    // The rated one stays as the submitter rated it.
    const r = await getAppeal(disp, rated.id);
    assert.equal(r.closed_as, 'rated');
    assert.equal(r.rating, 'satisfied');
    // A second round closes nothing twice.
    await tick(ctx.url);
    assert.equal((await events(disp, a.id)).filter((e) => e.type === 'auto_close').length, 1);
    await setClock(ctx.url, BASE_TIME);
  });
});
