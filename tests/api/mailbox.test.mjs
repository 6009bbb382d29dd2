// The secretary's mailbox (书记信箱): a resident writes to one secretary (addressed_to) or to
// their community; the letter is an appeal of channel `mailbox` that goes first to the
// secretary's alliance (proposed and dispatched there by the system) and then lives the
// normal life cycle; the secretary reads their mailbox as a queue (?mailbox=mine); a
// letter is published on the wall only when its writer allowed it. Bad input is refused
// with nothing written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, errorOf, TEST_TIMEOUT_MS, uniq } from './lib/server.mjs';
import { appealBody, appealServer, countAppeals, getAppeal, idsOf, ok, REPLY } from './lib/appeals.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
let ctx;
let secretaryId;

before(async () => {
  ctx = await appealServer();
  const me = await (await ctx.as('secretary')).get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  secretaryId = me.json.id;
});
after(async () => {
  await ctx?.stop();
});

// A letter from the public; `over` as appealBody's.
function write(over = {}) {
  const body = appealBody(ctx, { channel: 'mailbox', ...over });
  return api(ctx.url, 'POST', '/api/v1/appeals', { body });
}

async function letter(over = {}) {
  const res = await write(over);
  assert.equal(res.status, 201, `letter: ${res.text}`);
  return res.json;
}

describe('letters', () => {
  test('a letter to the secretary goes to their alliance at once and carries addressed_to', T, async () => {
    const l = await letter({ addressed_to: secretaryId, location: { community_id: undefined } });
    assert.equal(l.proposed_org_id, ctx.orgs.xiexia.id);
    const a = await getAppeal(await ctx.as('dispatcher'), l.id);
    assert.equal(a.channel, 'mailbox');
    assert.equal(a.addressed_to, secretaryId);
    // The community is the secretary's, though the writer did not name it.
    assert.equal(a.location.community_id, ctx.orgs.xiexia.id);
    assert.equal(a.status, 'dispatched');
    assert.equal(a.lead_org_id, ctx.orgs.xiexia.id);
    // The submission event says to whom it was written.
    const ev = await (await ctx.as('dispatcher')).get(`/api/v1/appeals/${l.id}/events`);
    const submitted = ev.json.items.find((e) => e.type === 'submit');
    assert.equal(submitted.data.addressed_to, secretaryId);
  });

  test('without addressed_to, a channel-less letter is a web appeal; addressed_to alone makes it a letter', T, async () => {
    const l = await letter({ channel: undefined, addressed_to: secretaryId });
    const a = await getAppeal(await ctx.as('secretary'), l.id);
    assert.equal(a.channel, 'mailbox');
  });

  test('a letter to a community with one secretary is addressed to that secretary', T, async () => {
    const l = await letter();
    const a = await getAppeal(await ctx.as('secretary'), l.id);
    assert.equal(a.addressed_to, secretaryId);
    assert.equal(a.lead_org_id, ctx.orgs.xiexia.id);
  });
});

describe('the mailbox queue', () => {
  test('mailbox=mine holds the letters to the caller and no other appeal', T, async () => {
    const sec = await ctx.as('secretary');
    const mine = await letter({ addressed_to: secretaryId });
    const plain = await api(ctx.url, 'POST', '/api/v1/appeals', { body: appealBody(ctx) });
    assert.equal(plain.status, 201);
    const ids = await idsOf(ctx, sec, 'mailbox=mine');
    assert.ok(ids.includes(mine.id));
    assert.ok(!ids.includes(plain.json.id), 'an ordinary appeal is not in the mailbox');
    // The dispatcher looks into that secretary's mailbox by addressed_to.
    const disp = await ctx.as('dispatcher');
    const theirs = await idsOf(ctx, disp, `addressed_to=${secretaryId}`);
    assert.ok(theirs.includes(mine.id));
    assert.ok(!theirs.includes(plain.json.id));
    // The dispatcher's own mailbox holds no letter addressed to the secretary.
    assert.ok(!(await idsOf(ctx, disp, 'mailbox=mine')).includes(mine.id));
  });

  test("another community's secretary does not see the letter", T, async () => {
    const other = await ctx.addStaff(uniq('mb.yuhu.sec'), 'secretary', 'yuhu');
    const l = await letter({ addressed_to: secretaryId });
    assert.ok(!(await idsOf(ctx, other, 'mailbox=mine')).includes(l.id));
    assert.equal((await other.get(`/api/v1/appeals/${l.id}`)).status, 404);
    // Their own community's letter reaches them.
    const y = await letter({ location: { community_id: ctx.orgs.yuhu.id } });
    assert.ok((await idsOf(ctx, other, 'mailbox=mine')).includes(y.id));
  });

  test('with two secretaries a letter to the community is in both mailboxes, addressed to neither', T, async () => {
    // 甲子社区 has no demo secretary: two are appointed here.
    const [s1, s2] = [await ctx.addStaff(uniq('mb.jz1'), 'secretary', 'jiazi'), await ctx.addStaff(uniq('mb.jz2'), 'secretary', 'jiazi')];
    const l = await letter({ location: { community_id: ctx.orgs.jiazi.id } });
    const a = await getAppeal(s1, l.id);
    assert.equal(a.addressed_to, null);
    assert.ok((await idsOf(ctx, s1, 'mailbox=mine')).includes(l.id));
    assert.ok((await idsOf(ctx, s2, 'mailbox=mine')).includes(l.id));
    // One of them by name: only that one's mailbox.
    const me2 = (await s2.get('/api/v1/me')).json.id;
    const to2 = await letter({ addressed_to: me2, location: { community_id: ctx.orgs.jiazi.id } });
    assert.ok(!(await idsOf(ctx, s1, 'mailbox=mine')).includes(to2.id));
    assert.ok((await idsOf(ctx, s2, 'mailbox=mine')).includes(to2.id));
  });
});

describe('the wall', () => {
  // The lead handler of the alliance answers the letter; the dispatcher may publish it
  // only when the writer allowed it.
  async function answered(publishable) {
    const l = await letter({ addressed_to: secretaryId, publishable });
    const h = await ctx.as('xiexia.handler');
    await ok(h, l.id, 'acknowledge');
    await ok(h, l.id, 'reply', { reply: REPLY, outcome: 'resolved' });
    return l;
  }

  test('a letter whose writer did not allow it is never published', T, async () => {
    const l = await answered(false);
    const res = await (await ctx.as('dispatcher')).post(`/api/v1/appeals/${l.id}/events`, { type: 'publish' });
    assert.equal(res.status, 409, res.text);
    const wall = await api(ctx.url, 'GET', '/api/v1/public/appeals?limit=200');
    assert.ok(!wall.json.items.some((x) => x.id === l.id));
  });

  test('a letter whose writer allowed it can be published', T, async () => {
    const l = await answered(true);
    await ok(await ctx.as('dispatcher'), l.id, 'publish', {});
    const wall = await api(ctx.url, 'GET', '/api/v1/public/appeals?limit=200');
    assert.ok(wall.json.items.some((x) => x.id === l.id));
  });
});

describe('bad letters', () => {
  async function refused(over, status, field) {
    const before = await countAppeals(ctx);
    const res = await write(over);
    assert.equal(res.status, status, res.text);
    if (field) assert.equal(errorOf(res).field, field);
    assert.equal(await countAppeals(ctx), before, 'nothing is written');
  }

  test('addressed to someone who is no secretary: 404', T, async () => {
    const me = await (await ctx.as('xiexia.handler')).get('/api/v1/me');
    await refused({ addressed_to: me.json.id }, 404, 'addressed_to');
    await refused({ addressed_to: 999999999 }, 404, 'addressed_to');
  });

  test("addressed to a secretary of another community than the letter's: 400", T, async () => {
    await refused({ addressed_to: secretaryId, location: { community_id: ctx.orgs.yuhu.id } }, 400, 'addressed_to');
  });

  test('addressed_to on an appeal that is not a letter: 400', T, async () => {
    await refused({ channel: 'web', addressed_to: secretaryId }, 400, 'addressed_to');
  });

  test('a letter to nobody and no community: 400', T, async () => {
    await refused({ location: { community_id: undefined } }, 400, 'addressed_to');
  });

  test('a mailbox filter other than mine: 400', T, async () => {
    const res = await (await ctx.as('secretary')).get('/api/v1/appeals?mailbox=all');
    assert.equal(res.status, 400);
    assert.equal(errorOf(res).field, 'mailbox');
  });
});
