// `huiyin privacy erase`: the personal data (persons) of closed appeals and of needs that
// were fulfilled or closed before the retention period is blanked, while the cases still
// open keep theirs; the staff views then show empty contact data (even with
// ?reveal=contact), the cases and their events stay, and `huiyin audit verify` still holds.
// The command runs beside the running server, which reads it at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BIN, cli, TEST_TIMEOUT_MS } from './lib/server.mjs';
import { appealServer, driveTo, getAppeal, plus, submit, trackPost } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS * 2 };
// The server's clock runs a day behind the real one, which the command line reads: what is
// closed during the test is then closed before `--older-than 0` (now) for certain.
const YESTERDAY = plus(new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), -86400);

let ctx;
let disp;
let secretary;
const cases = {}; // closedAppeal, openAppeal, closedNeed, fulfilledNeed, openNeed

function needBody(title, phone) {
  return {
    title,
    description: `${title}，需要社区协调志愿者帮忙。`,
    category: 'elderly',
    location: { community_id: ctx.orgs.xiexia.id, address: '斜下社区颐年堂养老院' },
    beneficiaries: { who: '行动不便的老人', count: 12 },
    urgency: 'normal',
    submitter: { name: '王秀兰', phone, email: 'wangxl@example.com' },
  };
}

// A public need (no login), as the secretary sees it.
async function publicNeed(title, phone) {
  const res = await api(ctx.url, 'POST', '/api/v1/needs', { body: needBody(title, phone) });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function finish(need, status) {
  const body = status === 'closed' ? { status, close_reason: '居民已自行解决' } : { status };
  const res = await secretary.patch(`/api/v1/needs/${need.id}`, body);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, status);
}

async function needContact(id) {
  const res = await secretary.get(`/api/v1/needs/${id}?reveal=contact`);
  assert.equal(res.status, 200, res.text);
  return res.json.submitter;
}

async function appealContact(id) {
  const res = await disp.get(`/api/v1/appeals/${id}?reveal=contact`);
  assert.equal(res.status, 200, res.text);
  return res.json.submitter;
}

const EMPTY = { name: null, phone: null, email: null, erased: true };
const ERASED = /of (\d+) closed appeal\(s\) and (\d+) fulfilled or closed need\(s\) erased/;

before(async () => {
  ctx = await appealServer({ now: YESTERDAY });
  disp = await ctx.as('dispatcher');
  secretary = await ctx.as('secretary');

  cases.closedAppeal = await submit(ctx, { submitter: { phone: '13800000001' } });
  await driveTo(ctx, cases.closedAppeal, 'replied');
  const rated = await trackPost(ctx, cases.closedAppeal, { type: 'rate', rating: 'satisfied', resolved: 'yes' });
  assert.equal(rated.status, 200, rated.text);
  assert.equal((await getAppeal(disp, cases.closedAppeal.id)).status, 'closed');
  cases.openAppeal = await submit(ctx, { submitter: { phone: '13800000002' } });

  cases.closedNeed = await publicNeed('颐年堂老人理发', '13900000001');
  await finish(cases.closedNeed, 'closed');
  cases.fulfilledNeed = await publicNeed('颐年堂老人读报', '13900000002');
  await finish(cases.fulfilledNeed, 'fulfilled');
  cases.openNeed = await publicNeed('颐年堂老人散步陪护', '13900000003');
});

after(async () => {
  await ctx?.stop();
});

describe('privacy erase', () => {
  test('blanks closed appeals and finished needs, keeps open ones; chains hold', T, async () => {
    // Before: the contact data is there for those who may see it.
    assert.equal((await appealContact(cases.closedAppeal.id)).phone, '13800000001');
    assert.equal((await needContact(cases.closedNeed.id)).phone, '13900000001');
    assert.equal((await needContact(cases.fulfilledNeed.id)).phone, '13900000002');

    const res = cli(BIN, ['privacy', 'erase', '--older-than', '0'], { dataDir: ctx.dataDir });
    assert.equal(res.code, 0, res.stderr);
    const m = res.stdout.match(ERASED);
    assert.ok(m, res.stdout);
    assert.ok(Number(m[1]) >= 1, res.stdout);
    assert.ok(Number(m[2]) >= 2, res.stdout);

    // The staff views read the erasure at once: nothing to show, nothing to reveal.
    const appeal = await appealContact(cases.closedAppeal.id);
    const { name, phone, email, erased } = appeal;
    assert.deepEqual({ name, phone, email, erased }, EMPTY);
    const masked = (await getAppeal(disp, cases.closedAppeal.id)).submitter;
    assert.equal(masked.phone, null);
    for (const need of [cases.closedNeed, cases.fulfilledNeed]) {
      assert.deepEqual(await needContact(need.id), EMPTY, need.title);
      const plain = await secretary.get(`/api/v1/needs/${need.id}`);
      assert.equal(plain.status, 200, plain.text);
      assert.deepEqual(plain.json.submitter, EMPTY, need.title);
      const evs = await secretary.get(`/api/v1/needs/${need.id}/events`);
      assert.equal(evs.status, 200, evs.text);
      const last = need === cases.closedNeed ? 'close' : 'fulfil';
      assert.ok(evs.json.items.some((e) => e.type === last), `${need.title}: ${last} event`);
    }

    // What is still open keeps its data.
    const openAppeal = await appealContact(cases.openAppeal.id);
    assert.equal(openAppeal.phone, '13800000002');
    assert.equal(openAppeal.erased, false);
    const openNeed = await needContact(cases.openNeed.id);
    assert.equal(openNeed.phone, '13900000003');
    assert.equal(openNeed.erased, false);

    // Running it again finds nothing more to erase among these.
    const again = cli(BIN, ['privacy', 'erase', '--older-than', '0'], { dataDir: ctx.dataDir });
    assert.equal(again.code, 0, again.stderr);
    const none = again.stdout.match(ERASED);
    assert.deepEqual([none?.[1], none?.[2]], ['0', '0'], again.stdout);

    // The chains (the reveals above included) still hold.
    const verify = cli(BIN, ['audit', 'verify'], { dataDir: ctx.dataDir });
    assert.equal(verify.code, 0, verify.stderr || verify.stdout);
  });

  test('the retention period spares what closed more recently; bad usage exits 2', T, async () => {
    const recent = await publicNeed('颐年堂老人买菜', '13900000004');
    await finish(recent, 'closed');
    const res = cli(BIN, ['privacy', 'erase', '--older-than', '30'], { dataDir: ctx.dataDir });
    assert.equal(res.code, 0, res.stderr);
    const kept = await needContact(recent.id);
    assert.equal(kept.phone, '13900000004', 'closed a day ago, kept for 30 days');
    const bad = cli(BIN, ['privacy', 'erase', '--older-than', 'soon'], { dataDir: ctx.dataDir });
    assert.equal(bad.code, 2);
    const verb = cli(BIN, ['privacy', 'forget'], { dataDir: ctx.dataDir });
    assert.equal(verb.code, 2);
    assert.match(verb.stderr, /unknown privacy command forget/);
  });
});
