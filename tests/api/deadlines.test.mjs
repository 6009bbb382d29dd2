// Time limits with the test clock: deadlines counted in working time by the calendar (the
// day of receipt not counted, weekends, 中秋/国庆 holidays and make-up working days), clock
// time for the emergency and utility tiers, overdue steps flagged once, notified to the
// responsible unit and escalated one level up, the pause while suspended, notifications
// read and counted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';
import {
  appealServer,
  driveTo,
  events,
  getAppeal,
  idsOf,
  notifications,
  ok,
  plus,
  setClock,
  step,
  submit,
  tick,
} from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;

before(async () => {
  // Mon 7 Sep 2026, 09:00 in Shanghai: logins happen before every instant used below.
  ctx = await appealServer({ now: '2026-09-07T01:00:00Z' });
});
after(async () => {
  await ctx?.stop();
});

const secs = (a, b) => (Date.parse(a) - Date.parse(b)) / 1000;

describe('deadlines by the calendar', () => {
  test('general tier: 7 working days skip 中秋 and 国庆; the make-up Saturday counts', T, async () => {
    // Wed 23 Sep 2026, 09:00 in Shanghai.
    await setClock(ctx.url, '2026-09-23T01:00:00Z');
    const a = await submit(ctx);
    const cur = await driveTo(ctx, a, 'dispatched');
    assert.equal(cur.tier, 'general');
    // Not counting the 23rd: Thu 24 (1); 25–27 中秋; Mon 28 (2), 29 (3), 30 (4); 1–7 Oct
    // 国庆; Thu 8 (5), Fri 9 (6), Sat 10 Oct, a make-up working day (7): 17:30 local.
    assert.equal(cur.deadlines.answer, '2026-10-10T09:30:00Z');
    // Acknowledge within 2 working hours (inside the morning period), contact within 24 h.
    assert.equal(secs(cur.deadlines.acknowledge, cur.times.dispatched_at), 7200);
    assert.equal(secs(cur.deadlines.contact, cur.times.dispatched_at), 86400);
    assert.equal(secs(cur.deadlines.accept, cur.created_at), 7200, 'accept within 2 clock hours of submission');
    // The dispatch event and the submitter's view say the same.
    const ev = (await events(await ctx.as('dispatcher'), a.id)).at(-1);
    assert.equal(ev.data.answer_due, '2026-10-10T09:30:00Z');
  });

  test('a Friday afternoon dispatch: working hours go on on the make-up Sunday', T, async () => {
    // Fri 18 Sep 2026, 16:00 in Shanghai; Sun 20 Sep is a make-up working day (调休).
    await setClock(ctx.url, '2026-09-18T08:00:00Z');
    const a = await submit(ctx);
    const cur = await driveTo(ctx, a, 'dispatched');
    // 1.5 h until 17:30 Friday, the remaining 0.5 h from 08:30 Sunday: 09:00 Sun 20 Sep.
    const ackDrift = secs(cur.times.dispatched_at, '2026-09-18T08:00:00Z');
    assert.ok(ackDrift >= 0 && ackDrift < 60);
    assert.equal(cur.deadlines.acknowledge, plus('2026-09-20T01:00:00Z', ackDrift));
    // Sun 20 (1), 21 (2), 22 (3), 23 (4), 24 (5), 25–27 中秋, 28 (6), 29 (7).
    assert.equal(cur.deadlines.answer, '2026-09-29T09:30:00Z');
  });

  test('complex tier: 15 working days', T, async () => {
    await setClock(ctx.url, '2026-09-07T01:00:00Z'); // Mon 7 Sep
    const a = await submit(ctx, { category: 'financing' });
    const cur = await driveTo(ctx, a, 'dispatched');
    assert.equal(cur.tier, 'complex');
    // 8–11 (4), 14–18 (9), Sun 20 (10), 21–24 (14), 25–27 中秋, 28 (15).
    assert.equal(cur.deadlines.answer, '2026-09-28T09:30:00Z');
  });

  test('emergency tier set on accept: the answer is due 2 clock hours after dispatch, even on a Saturday night', T, async () => {
    // Sat 12 Sep 2026, 22:00 in Shanghai.
    await setClock(ctx.url, '2026-09-12T14:00:00Z');
    const disp = await ctx.as('dispatcher');
    const a = await submit(ctx, { urgency: 'urgent', title: '燃气泄漏气味很重', description: '楼道里燃气味很重，担心泄漏。' });
    let res = await step(disp, a.id, 'accept', { tier: 'immediately' });
    assert.equal(res.status, 400);
    assert.equal((await getAppeal(disp, a.id)).status, 'submitted');
    const acc = await ok(disp, a.id, 'accept', { tier: 'emergency' });
    assert.equal(acc.tier, 'emergency');
    const cur = await ok(disp, a.id, 'dispatch', { lead_org_id: ctx.orgs.xiexia.id });
    assert.equal(secs(cur.deadlines.answer, cur.times.dispatched_at), 7200);
    assert.ok(cur.deadlines.answer < '2026-09-12T16:01:00Z', `due that night: ${cur.deadlines.answer}`);

    // A utility category keeps its 24 clock hours.
    const w = await submit(ctx, { category: 'utilities', title: '小区突然停水', description: '小区从今天早上开始停水，没有通知。' });
    const wc = await driveTo(ctx, w, 'dispatched');
    assert.equal(wc.tier, 'utility');
    assert.equal(secs(wc.deadlines.answer, wc.times.dispatched_at), 86400);
  });
});

describe('overdue steps', () => {
  test('past the accept deadline: one overdue and one escalate event by the system; dispatchers told, supervisors one level up', T, async () => {
    await setClock(ctx.url, '2026-09-08T01:00:00Z'); // Tue 09:00
    const disp = await ctx.as('dispatcher');
    const sup = await ctx.as('supervisor');
    const a = await submit(ctx);
    const due = (await getAppeal(disp, a.id)).deadlines.accept;
    const supBefore = await notifications(sup);
    const lastId = Math.max(0, ...supBefore.items.map((x) => x.id));

    // Not yet.
    await setClock(ctx.url, plus(due, -60));
    await tick(ctx.url);
    assert.deepEqual((await getAppeal(disp, a.id)).overdue, []);

    await setClock(ctx.url, plus(due, 60));
    const counts = await tick(ctx.url);
    assert.ok(counts.overdue >= 1 && counts.escalated >= 1, JSON.stringify(counts));
    let evs = await events(disp, a.id);
    assert.deepEqual(evs.slice(-2).map((e) => [e.type, e.actor, e.data.step]), [
      ['overdue', 'system', 'accept'],
      ['escalate', 'system', 'accept'],
    ]);
    assert.equal(evs.at(-1).actor_id, null);
    const cur = await getAppeal(disp, a.id);
    assert.deepEqual(cur.overdue, ['accept']);
    assert.equal(cur.status, 'submitted', 'flagged, not moved');
    assert.ok((await idsOf(ctx, disp, 'overdue=true')).includes(a.id));

    const dn = await notifications(disp);
    assert.ok(dn.items.some((x) => x.appeal_id === a.id && x.kind === 'overdue'), 'the dispatchers are told');
    const sn = await notifications(sup);
    const esc = sn.items.filter((x) => x.appeal_id === a.id && x.kind === 'escalated');
    assert.equal(esc.length, 1, 'the supervisor one level up gets the escalation');
    assert.match(esc[0].message, new RegExp(a.tracking_no));
    // The unread count counts them (other appeals of this file may be overdue too).
    assert.equal(sn.unread, supBefore.unread + sn.items.filter((x) => x.id > lastId).length);

    // Ticking again adds nothing.
    await tick(ctx.url);
    await setClock(ctx.url, plus(due, 3600));
    await tick(ctx.url);
    evs = await events(disp, a.id);
    assert.equal(evs.filter((e) => e.type === 'overdue').length, 1);
    assert.equal(evs.filter((e) => e.type === 'escalate').length, 1);
    assert.equal((await notifications(sup)).items.filter((x) => x.appeal_id === a.id).length, 1);
    // Overdue events are internal.
    assert.ok(evs.filter((e) => e.type === 'overdue' || e.type === 'escalate').every((e) => e.public === false));

    // Accepting late clears it from the overdue list.
    await ok(disp, a.id, 'accept');
    assert.ok(!(await idsOf(ctx, disp, 'overdue=true&status=submitted')).includes(a.id));
  });

  test('past the acknowledge deadline: the lead unit\'s handlers are told, the level above gets the escalation; once per step', T, async () => {
    await setClock(ctx.url, '2026-09-08T01:00:00Z'); // Tue 09:00
    const disp = await ctx.as('dispatcher');
    const sup = await ctx.as('supervisor');
    const lead = await ctx.as('xiexia.handler');
    const assist = await ctx.as('handler');
    const other = await ctx.as('yuhu.handler');
    const a = await submit(ctx);
    const cur = await driveTo(ctx, a, 'dispatched', { assist: ['econ'] });
    const leadUnread = (await notifications(lead)).unread;
    const otherUnread = (await notifications(other)).unread;

    // Two working hours after 09:00 is 11:00; an hour later it is overdue.
    await setClock(ctx.url, plus(cur.deadlines.acknowledge, 3600));
    await tick(ctx.url);
    let evs = await events(disp, a.id);
    const overdue = evs.filter((e) => e.type === 'overdue');
    assert.deepEqual(overdue.map((e) => e.data.step), ['acknowledge']);
    assert.equal(overdue[0].actor, 'system');
    assert.deepEqual(evs.filter((e) => e.type === 'escalate').map((e) => e.data.step), ['acknowledge']);
    assert.deepEqual((await getAppeal(lead, a.id)).overdue, ['acknowledge']);

    const ln = await notifications(lead);
    const mine = ln.items.filter((x) => x.appeal_id === a.id && x.kind === 'overdue');
    assert.equal(mine.length, 1, 'the lead unit\'s handler is told');
    assert.match(mine[0].message, /超期/);
    assert.equal(mine[0].read_at, null);
    assert.equal(ln.unread, leadUnread + 1);
    assert.equal((await notifications(other)).unread, otherUnread, 'another unit hears nothing');
    assert.ok(!(await notifications(assist)).items.some((x) => x.appeal_id === a.id && x.kind === 'overdue'));
    for (const s of [disp, sup]) {
      const n = (await notifications(s)).items.filter((x) => x.appeal_id === a.id && x.kind === 'escalated');
      assert.equal(n.length, 1, 'escalated one level up (the district: 惠环街道 has no dispatcher)');
      assert.match(n[0].message, /acknowledge|签收|督办/);
    }

    // Ticking again: no second overdue event for the same step, no second notice.
    await tick(ctx.url);
    await setClock(ctx.url, plus(cur.deadlines.acknowledge, 7200));
    await tick(ctx.url);
    evs = await events(disp, a.id);
    assert.equal(evs.filter((e) => e.type === 'overdue' && e.data.step === 'acknowledge').length, 1);
    assert.equal((await notifications(lead)).items.filter((x) => x.appeal_id === a.id && x.kind === 'overdue').length, 1);

    // Marking read.
    const before = (await notifications(lead)).unread;
    let res = await lead.post(`/api/v1/notifications/${mine[0].id}/read`);
    assert.equal(res.status, 204, res.text);
    const after1 = await notifications(lead);
    assert.equal(after1.unread, before - 1);
    assert.ok(after1.items.find((x) => x.id === mine[0].id).read_at);
    res = await lead.post(`/api/v1/notifications/${mine[0].id}/read`);
    assert.equal(res.status, 204, 'reading twice is harmless');
    assert.equal((await notifications(lead)).unread, before - 1);
    // Nobody reads another's notices.
    res = await other.post(`/api/v1/notifications/${mine[0].id}/read`);
    assert.equal(res.status, 404);
    res = await lead.post('/api/v1/notifications/99999999/read');
    assert.equal(res.status, 404);
  });

  test('a unit under the district escalates to the district; contact and answer are flagged separately', T, async () => {
    await setClock(ctx.url, '2026-09-08T01:00:00Z'); // Tue 09:00
    const disp = await ctx.as('dispatcher');
    const econ = await ctx.as('handler');
    const a = await submit(ctx);
    const cur = await driveTo(ctx, a, 'in_progress', { lead: 'econ' });
    // Contact due 24 h after dispatch.
    await setClock(ctx.url, plus(cur.deadlines.contact, 60));
    await tick(ctx.url);
    let evs = await events(disp, a.id);
    assert.deepEqual(evs.filter((e) => e.type === 'overdue').map((e) => e.data.step), ['contact']);
    assert.ok((await notifications(econ)).items.some((x) => x.appeal_id === a.id && x.kind === 'overdue'));
    const sup = await ctx.as('supervisor');
    const escalated = async () => (await notifications(sup)).items.filter((x) => x.appeal_id === a.id && x.kind === 'escalated').length;
    assert.equal(await escalated(), 1, 'the department escalates to the district');
    // Past the answer deadline too.
    await setClock(ctx.url, plus(cur.deadlines.answer, 60));
    await tick(ctx.url);
    await tick(ctx.url);
    evs = await events(disp, a.id);
    assert.deepEqual(evs.filter((e) => e.type === 'overdue').map((e) => e.data.step), ['contact', 'answer']);
    assert.deepEqual(evs.filter((e) => e.type === 'escalate').map((e) => e.data.step), ['contact', 'answer']);
    assert.deepEqual((await getAppeal(disp, a.id)).overdue, ['contact', 'answer']);
    assert.equal(await escalated(), 2);
    // Contact late, then an approved extension takes the answer off the overdue list.
    await ok(econ, a.id, 'contact', { note: '已联系' });
    await ok(econ, a.id, 'extend_request', { days: 5, reason: '需要协调多个部门。' });
    const ext = await ok(disp, a.id, 'extend_approve');
    assert.ok(ext.deadlines.answer > cur.deadlines.answer);
    assert.ok(!ext.overdue.includes('answer'));
    await setClock(ctx.url, plus(ext.deadlines.answer, 60));
    await tick(ctx.url);
    evs = await events(disp, a.id);
    assert.deepEqual(evs.filter((e) => e.type === 'overdue').map((e) => e.data.step), ['contact', 'answer', 'answer'],
      'overdue again after the extended deadline, once');
  });

  test('escalation goes to the nearest level above that has dispatchers', T, async () => {
    await setClock(ctx.url, '2026-09-08T01:00:00Z'); // Tue 09:00
    const cj = await ctx.addStaff(uniq('cj.disp'), 'dispatcher', 'chenjiang');
    const disp = await ctx.as('dispatcher');
    const a = await submit(ctx, { location: { community_id: ctx.orgs.yuhu.id } });
    const cur = await driveTo(ctx, a, 'dispatched', { lead: 'yuhu' });
    await setClock(ctx.url, plus(cur.deadlines.acknowledge, 60));
    await tick(ctx.url);
    const mine = (s) => notifications(s).then((n) => n.items.filter((x) => x.appeal_id === a.id && x.kind === 'escalated'));
    assert.equal((await mine(cj)).length, 1, '陈江街道 is one level above 御湖社区');
    assert.equal((await mine(disp)).length, 0, 'not the district');
    assert.ok((await notifications(await ctx.as('yuhu.handler'))).items.some((x) => x.appeal_id === a.id && x.kind === 'overdue'));
  });

  test('the clock pauses while suspended: nothing is flagged, and deadlines move on resume', T, async () => {
    await setClock(ctx.url, '2026-09-08T01:00:00Z'); // Tue 09:00
    const disp = await ctx.as('dispatcher');
    const lead = await ctx.as('xiexia.handler');
    const a = await submit(ctx);
    await driveTo(ctx, a, 'in_progress');
    await ok(lead, a.id, 'contact', { note: '已联系' });
    const s = await ok(lead, a.id, 'suspend', { reason: '请补充现场照片。' });
    // Far past the answer deadline (Thu 17 Sep 17:30) while suspended.
    await setClock(ctx.url, '2026-09-22T02:00:00Z'); // Tue 22 Sep 10:00
    await tick(ctx.url);
    assert.ok(!(await events(disp, a.id)).some((e) => e.type === 'overdue'), 'a suspended case is not overdue');
    const r = await ok(lead, a.id, 'resume');
    assert.equal(r.status, 'in_progress');
    // Suspended for 78 working hours (6.5 h of Tue 8 Sep, 8 days 9–18 Sep, the make-up Sunday
    // 20 Sep, 21 Sep and 1.5 h of the 22nd): the answer deadline moves that much office time
    // from Thu 17 Sep 17:30, past 中秋 and 国庆, to Sat 10 Oct (a make-up working day) 09:30.
    assert.equal(s.deadlines.answer, '2026-09-17T09:30:00Z');
    const resumedAt = (await events(disp, a.id)).at(-1).at;
    const drift = secs(resumedAt, '2026-09-22T02:00:00Z') - secs(s.times.suspended_at, '2026-09-08T01:00:00Z');
    // (The event's time and the step's may differ by a second.)
    assert.ok(Math.abs(secs(r.deadlines.answer, plus('2026-10-10T01:30:00Z', drift))) <= 2, `answer due ${r.deadlines.answer}`);
    await tick(ctx.url);
    assert.ok(!(await events(disp, a.id)).some((e) => e.type === 'overdue'));
  });
});
