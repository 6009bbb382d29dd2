// The mobile H5 in a real browser (Debian's Chromium, 360×740): a person submits an
// appeal with a photo, keeps the tracking number and the private link, follows the case
// while staff (through the API) accept, dispatch, acknowledge, contact and answer it,
// rates the answer, and finds it on the public wall once published. Also: validation
// errors next to their fields, a lost answer retried with the same Idempotency-Key, the
// English switch, deep links, a wrong access code.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, listAll } from '../api/lib/server.mjs';
import { ok } from '../api/lib/appeals.mjs';
import { E2E_HOOK_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, makePng, startE2E, waitFor } from './lib/browser.mjs';

const REPLY = '经核实，斜下社区已安排环卫人员清理河道垃圾，并在河边增设两个垃圾桶，今后每周巡查两次。';
const TITLE = '斜下村河道有垃圾堆积';
const DESCRIPTION = '斜下村一巷旁边的小河道里堆了很多生活垃圾，天热有臭味，希望尽快清理。';

let e;
// Shared by the tests below, in order: the appeal the person submits.
const sent = { no: null, token: null, link: null, id: null };

before(async () => {
  e = await startE2E();
}, { timeout: E2E_HOOK_TIMEOUT_MS });

after(async () => {
  await e?.stop();
}, { timeout: E2E_HOOK_TIMEOUT_MS });

// The appeal as staff see it (the dispatcher sees the whole district).
async function staffAppealByNo(no) {
  const disp = await e.ctx.as('dispatcher');
  const items = await listAll(e.url, '/api/v1/appeals', { cookie: disp.cookie });
  const hit = items.find((a) => a.tracking_no === no);
  assert.ok(hit, `appeal ${no} not in the dispatcher's list`);
  const res = await disp.get(`/api/v1/appeals/${hit.id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// Width and height of a baseline or progressive JPEG (its first SOF marker).
function jpegSize(buf) {
  assert.equal(buf.readUInt16BE(0), 0xffd8, 'not a JPEG');
  let i = 2;
  while (i < buf.length) {
    const marker = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker))
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

function errorOfField(page, id) {
  // Vant's field keeps its message in the cell around the input; FieldRow in .frow.
  return page.locator(`.van-field:has(#${id}) .van-field__error-message, .frow:has(#${id}) .frow-errmsg`);
}

describe('H5', { timeout: E2E_TEST_TIMEOUT_MS * 12 }, () => {
  test('home, then a person submits an appeal with a photo on a 360 px phone', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const xiexia = e.ctx.orgs.xiexia;
    const page = await e.newPage({ geolocation: { latitude: 23.0478, longitude: 114.4162 } });
    const requests = [];
    page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), headers: r.headers() }));

    const doc = await page.goto(e.url + '/');
    // The page runs under the server's CSP (no inline script, no eval, nothing from
    // elsewhere); every test fails on a violation (e.assertClean).
    assert.match(doc.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    assert.doesNotMatch(doc.headers()['content-security-policy'], /unsafe-(eval|inline)/);
    await page.getByRole('link', { name: /我要反映/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'home is wider than 360 px');
    await e.screenshot(page, 'h5-home');

    await page.getByRole('link', { name: /我要反映/ }).click();
    await page.waitForURL(/#\/submit/);
    await page.locator('#f-category option[value="environment"]').waitFor({ state: 'attached' });

    await page.getByLabel('问题类别').selectOption('environment');
    await page.getByLabel('标题').fill(TITLE);
    await page.getByLabel('问题描述').fill(DESCRIPTION);
    // A photo larger than 1600 px: compressed in the browser before upload.
    await page.locator('#f-photos').setInputFiles({ name: 'river.png', mimeType: 'image/png', buffer: makePng(2400, 1200) });
    await page.locator('[data-test=photo].photo-done').waitFor();
    await page.getByLabel('所在社区').selectOption(String(xiexia.id));
    await page.getByLabel('详细地址').fill('惠环街道斜下村一巷河边');
    await page.getByRole('button', { name: '使用当前位置' }).click();
    await page.locator('[data-test=located]').waitFor();
    await page.getByRole('radio', { name: '居民' }).check();
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('手机号码').fill('13912345678');
    await page.getByRole('switch', { name: '同意公开' }).check();
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the form is wider than 360 px');
    await e.screenshot(page, 'h5-submit', { fullPage: true });

    await page.getByRole('button', { name: '提交诉求' }).click();
    await page.waitForURL(/#\/done\//);
    const no = (await page.locator('[data-test=tracking-no]').textContent()).trim();
    assert.match(no, /^HY\d{8}-\d{4}$/);
    const link = await page.locator('[data-test=private-link]').inputValue();
    const m = link.match(/^(http:\/\/127\.0\.0\.1:\d+)\/#\/track\/(HY\d{8}-\d{4})\?token=([A-Za-z0-9_-]+)$/);
    assert.ok(m, `private link ${link}`);
    assert.equal(m[1], new URL(e.url).origin);
    assert.equal(m[2], no);
    const token = m[3];
    await page.getByText('请保存此链接').waitFor();
    await e.screenshot(page, 'h5-confirmation');

    // The copy buttons put the text on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e.url).origin });
    await page.getByRole('button', { name: '复制链接' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

    // Remembered on this device.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('huiyin.cases')));
    assert.equal(stored[0].no, no);
    assert.equal(stored[0].token, token);

    // The token never left the browser but in X-Access-Token; the submission had one
    // Idempotency-Key.
    for (const r of requests) assert.ok(!r.url.includes(token), `token in a request URL: ${r.url}`);
    const posts = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/appeals'));
    assert.equal(posts.length, 1);
    assert.match(posts[0].headers['idempotency-key'] ?? '', /^[0-9a-f-]{16,}$/);
    const uploads = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/attachments'));
    assert.equal(uploads.length, 1);
    assert.equal(uploads[0].headers['content-type'], 'image/jpeg');

    // What staff see: the fields, the place, the photo as a JPEG of at most 1600 px.
    const a = await staffAppealByNo(no);
    assert.equal(a.title, TITLE);
    assert.equal(a.category, 'environment');
    assert.equal(a.channel, 'web');
    assert.equal(a.publishable, true);
    assert.equal(a.location.community_id, xiexia.id);
    assert.ok(Math.abs(a.location.lat - 23.0478) < 1e-4 && Math.abs(a.location.lng - 114.4162) < 1e-4, JSON.stringify(a.location));
    assert.equal(a.attachments.length, 1);
    assert.equal(a.attachments[0].type, 'image/jpeg');
    const disp = await e.ctx.as('dispatcher');
    const img = await disp.get(`/api/v1/attachments/${a.attachments[0].id}`);
    assert.equal(img.status, 200);
    const size = jpegSize(img.bytes);
    assert.deepEqual(size, { width: 1600, height: 800 });

    Object.assign(sent, { no, token, link, id: a.id });
    e.assertClean(page);
    await page.context().close();
  });

  test('missing and invalid fields show their errors next to the field', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await e.newPage();
    await page.goto(e.url + '/#/submit');
    await page.locator('#f-category option[value="environment"]').waitFor({ state: 'attached' });

    // Nothing chosen or written: the form says what is missing, beside each field, and
    // sends nothing.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/appeals')) posted++;
    });
    await page.getByLabel('标题').fill('路灯');
    await page.getByRole('button', { name: '提交诉求' }).click();
    await errorOfField(page, 'f-category').getByText('请选择问题类别').waitFor();
    await errorOfField(page, 'f-description').getByText('此项为必填').waitFor();
    await errorOfField(page, 'f-phone').getByText('此项为必填').waitFor();
    assert.equal(await errorOfField(page, 'f-title').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-category');
    assert.equal(posted, 0);

    // Filled in, but a phone number the API refuses: its error (field submitter.phone)
    // shows under the phone field.
    await page.getByLabel('问题类别').selectOption('traffic');
    await page.getByLabel('问题描述').fill('巷口路灯坏了一个多月，晚上很黑。');
    await page.getByLabel('手机号码').fill('123');
    assert.equal(await errorOfField(page, 'f-category').count(), 0, 'the error goes once the field is fixed');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/appeals') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交诉求' }).click();
    const res = await answer;
    assert.equal(res.status(), 400);
    assert.equal((await res.json()).error.field, 'submitter.phone');
    await errorOfField(page, 'f-phone').getByText('请填写正确的手机或固定电话号码').waitFor();
    await page.locator('[data-test=form-error]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-phone');
    assert.match(page.url(), /#\/submit/);
    e.assertClean(page, { allow: [/status of 400/] });
    await page.context().close();
  });

  test('a photo the server will not take shows its error by the photos; the appeal goes without it', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await e.newPage();
    // As a server without the attachments endpoint answers.
    await page.route('**/api/v1/attachments', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'no such endpoint', field: null } }) }),
    );
    await page.goto(e.url + '/#/submit');
    await page.locator('#f-category option[value="traffic"]').waitFor({ state: 'attached' });
    await page.locator('#f-photos').setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: makePng(40, 30) });
    await page.locator('[data-test=photo].photo-failed').waitFor();
    await errorOfField(page, 'f-photos').getByText('照片上传暂不可用').waitFor();
    await page.getByLabel('问题类别').selectOption('traffic');
    await page.getByLabel('标题').fill('路口红绿灯时间太短');
    await page.getByLabel('问题描述').fill('学校门口路口的行人绿灯只有十秒，老人孩子过不去。');
    await page.getByLabel('手机号码').fill('13800004444');
    await page.getByRole('button', { name: '提交诉求' }).click();
    await page.waitForURL(/#\/done\//);
    const a = await staffAppealByNo((await page.locator('[data-test=tracking-no]').textContent()).trim());
    assert.deepEqual(a.attachments, []);
    e.assertClean(page, { allow: [/status of 404/] });
    await page.context().close();
  });

  test('a lost answer retried with the same Idempotency-Key makes one appeal', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await e.newPage();
    await page.goto(e.url + '/#/submit');
    await page.locator('#f-category option[value="traffic"]').waitFor({ state: 'attached' });
    const title = `公交站台缺少遮雨棚${Date.now() % 100000}`;
    await page.getByLabel('问题类别').selectOption('traffic');
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('问题描述').fill('斜下公交站没有遮雨棚，下雨天等车的老人小孩都淋湿了。');
    await page.getByLabel('手机号码').fill('13700001111');

    // The first answer reaches the server but never the browser.
    const keys = [];
    let first = true;
    await page.route('**/api/v1/appeals', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (first) {
        first = false;
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.getByRole('button', { name: '提交诉求' }).click();
    await page.locator('[data-test=form-error]').getByText(/无法连接服务器/).waitFor();
    await page.getByRole('button', { name: '提交诉求' }).click();
    await page.waitForURL(/#\/done\//);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1]);

    const admin = await e.ctx.as('admin');
    const mine = (await listAll(e.url, '/api/v1/appeals', { cookie: admin.cookie })).filter((a) => a.title === title);
    assert.equal(mine.length, 1, 'one appeal for two tries');
    assert.equal((await page.locator('[data-test=tracking-no]').textContent()).trim(), mine[0].tracking_no);
    e.assertClean(page, { allow: [/ERR_CONNECTION_RESET|net::ERR_FAILED/] });
    await page.context().close();
  });

  test('the private link shows the timeline; after the answer the person rates it and the case closes', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(sent.no, 'the submission test ran first');
    // Another device: nothing in its storage, only the link.
    const page = await e.newPage();
    await page.goto(sent.link);
    await page.locator('[data-test=status]').waitFor();
    assert.equal(await page.locator('[data-test=track-no]').textContent(), sent.no);
    assert.equal(await page.locator('[data-test=status]').getAttribute('data-status'), 'submitted');
    await page.locator('[data-test=timeline]').getByText('您的诉求已提交，等待受理。').waitFor();
    await page.getByText('尚未答复').waitFor();
    // The photo is shown from a blob: URL fetched with the token in a header.
    await page.locator('.photos-view img[src^="blob:"]').waitFor();

    // Staff: the dispatcher accepts and dispatches to the 斜下 community; its handler
    // acknowledges, calls the person and answers.
    const disp = await e.ctx.as('dispatcher');
    const h = await e.ctx.as('xiexia.handler');
    await ok(disp, sent.id, 'accept', { tier: 'general' });
    await ok(disp, sent.id, 'dispatch', { lead_org_id: e.ctx.orgs.xiexia.id, assist_org_ids: [] });
    await ok(h, sent.id, 'acknowledge');
    await ok(h, sent.id, 'contact', { note: '已电话联系李四，约定明天现场查看。' });
    await ok(h, sent.id, 'reply', { reply: REPLY, outcome: 'resolved' });

    await page.getByRole('button', { name: '刷新' }).click();
    await page.locator('[data-test=answer-text]').getByText(REPLY).waitFor();
    assert.equal(await page.locator('[data-test=status]').getAttribute('data-status'), 'replied');
    const tl = page.locator('[data-test=timeline]');
    for (const text of ['您的诉求已受理。', '您的诉求已派单至承办单位。', '承办单位已签收，正在办理。', '承办单位已与您联系。', '承办单位已答复，请查看并评价。'])
      await tl.getByText(text).waitFor();
    // Times in Asia/Shanghai although this browser is in New York: the answer came at
    // the server's test clock, 2026-09-16 10:00 in Shanghai.
    assert.match(await tl.locator('time').first().textContent(), /^2026-09-16 10:0\d$/);
    await e.screenshot(page, 'h5-tracking', { fullPage: true });

    // Both questions are asked: 问题是否解决 first, then 满意度; one left out is marked.
    const rateForm = page.locator('[data-test=rate-form]');
    await rateForm.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByLabel('意见').fill('处理很及时，谢谢！');
    await page.getByRole('button', { name: '提交评价' }).click();
    await rateForm.locator('[data-field=resolved] [role=alert]').waitFor();
    assert.equal(await rateForm.locator('[data-field=rating] [role=alert]').count(), 0);
    await rateForm.getByRole('group', { name: '问题是否解决？' }).getByRole('radio', { name: '部分解决' }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await waitFor(async () => (await page.locator('[data-test=status]').getAttribute('data-status')) === 'closed', { what: 'closed status' });
    await page.locator('[data-test=status]').getByText('已办结').waitFor();
    await page.locator('[data-test=rated]').getByText('您的评价：满意').waitFor();
    await page.locator('[data-test=rated-resolved]').getByText('问题是否解决：部分解决').waitFor();
    await tl.getByText('您已评价。').waitFor();
    assert.equal(await page.locator('[data-test=rate-form]').count(), 0);
    await e.screenshot(page, 'h5-tracking-closed');

    const a = await staffAppealByNo(sent.no);
    assert.equal(a.status, 'closed');
    assert.equal(a.closed_as, 'rated');
    assert.equal(a.rating, 'satisfied');
    assert.equal(a.resolved, 'partly');
    e.assertClean(page);
    await page.context().close();
  });

  test('the public wall lists a published appeal', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(sent.id, 'the earlier tests ran first');
    const disp = await e.ctx.as('dispatcher');
    const publicTitle = '河道垃圾堆积问题';
    await ok(disp, sent.id, 'publish', {
      title: publicTitle,
      description: '居民反映斜下村一巷旁小河道堆积生活垃圾，天热有异味。',
      reply: REPLY,
    });
    const page = await e.newPage();
    await page.goto(e.url + '/');
    await page.getByRole('link', { name: /公开答复墙/ }).click();
    const item = page.locator('[data-test=wall-item]', { hasText: publicTitle });
    await item.waitFor();
    await item.getByText(REPLY).waitFor();
    await item.getByText('斜下社区党建联盟').waitFor();
    // No personal data on the wall.
    assert.ok(!(await page.content()).includes('13912345678'));
    assert.ok(!(await page.content()).includes('李四'));
    await e.screenshot(page, 'h5-wall');
    e.assertClean(page);
    await page.context().close();
  });

  test('the English switch changes the labels and is remembered', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await e.newPage();
    await page.goto(e.url + '/');
    await page.getByRole('link', { name: /我要反映/ }).waitFor();
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('link', { name: /Raise an appeal/ }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.getByText('我要反映').count(), 0);

    await page.reload();
    await page.getByRole('link', { name: /Raise an appeal/ }).click();
    await page.getByLabel('Category').waitFor();
    await page.getByLabel('Description').waitFor();
    await page.getByLabel('Mobile phone').waitFor();
    // The categories in English too.
    await page.locator('#f-category option', { hasText: 'Environment' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Send appeal' }).click();
    await errorOfField(page, 'f-description').getByText('Required').waitFor();
    await e.screenshot(page, 'h5-submit-en');

    // The tracking page: labels and the timeline in English.
    if (sent.link) {
      await page.goto(sent.link);
      await page.locator('[data-test=status]').getByText('Closed').waitFor();
      await page.locator('[data-test=timeline]').getByText('You rated the answer.').waitFor();
    }
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('heading', { name: '查询进度' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('huiyin.locale')), 'zh-CN');
    e.assertClean(page);
    await page.context().close();
  });

  test('the form can be filled and sent with the keyboard alone', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await e.newPage();
    await page.goto(e.url + '/#/submit');
    await page.locator('#f-category option[value="environment"]').waitFor({ state: 'attached' });
    const kb = page.keyboard;
    // Tab (forwards only) until the focused element matches.
    async function tabTo(what, pred, arg) {
      for (let i = 0; i < 60; i++) {
        await kb.press('Tab');
        if (await page.evaluate(pred, arg)) return;
      }
      throw new Error(`Tab never reached ${what}`);
    }
    const byId = (id) => document.activeElement?.id === id;

    await tabTo('category', byId, 'f-category');
    for (let i = 0; i < 20 && (await page.locator('#f-category').inputValue()) !== 'environment'; i++) await kb.press('ArrowDown');
    assert.equal(await page.locator('#f-category').inputValue(), 'environment');
    await tabTo('title', byId, 'f-title');
    await kb.type('键盘提交的环境问题');
    await tabTo('description', byId, 'f-description');
    await kb.type('工地夜间施工噪音很大，影响居民休息。');
    await tabTo('urgent', byId, 'f-urgent');
    await kb.press('Space');
    await tabTo('photos', byId, 'f-photos');
    await tabTo('community', byId, 'f-community');
    await kb.press('ArrowDown');
    assert.notEqual(await page.locator('#f-community').inputValue(), '');
    await tabTo('submitter type', () => document.activeElement?.name === 'submitter-type');
    await kb.press('ArrowRight');
    await tabTo('phone', byId, 'f-phone');
    await kb.type('13500003333');
    await tabTo('publishable', byId, 'f-publishable');
    await kb.press('Space');
    await tabTo('send', () => document.activeElement?.getAttribute('data-test') === 'send');
    await kb.press('Enter');
    await page.waitForURL(/#\/done\//);
    const no = (await page.locator('[data-test=tracking-no]').textContent()).trim();
    const a = await staffAppealByNo(no);
    assert.equal(a.category, 'environment');
    assert.equal(a.urgency, 'urgent');
    assert.equal(a.publishable, true);
    assert.equal(a.submitter.type, 'enterprise');
    e.assertClean(page);
    await page.context().close();
  });

  test('a reception-room deep link presets the community and the channel', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const yuhu = e.ctx.orgs.yuhu;
    const page = await e.newPage();
    await page.goto(`${e.url}/#/submit?community=${yuhu.id}&channel=reception_room`);
    await page.locator('[data-test=channel-notice]').getByText('书记会客室').waitFor();
    await waitFor(async () => (await page.getByLabel('所在社区').inputValue()) === String(yuhu.id), { what: 'community preset' });
    await page.getByLabel('问题类别').selectOption('elderly');
    await page.getByLabel('标题').fill('希望社区开办长者食堂');
    await page.getByLabel('问题描述').fill('小区老人多，子女白天上班，希望社区能开办长者食堂。');
    await page.getByLabel('手机号码').fill('13600002222');
    await page.getByRole('button', { name: '提交诉求' }).click();
    await page.waitForURL(/#\/done\//);
    const no = (await page.locator('[data-test=tracking-no]').textContent()).trim();
    const a = await staffAppealByNo(no);
    assert.equal(a.channel, 'reception_room');
    assert.equal(a.location.community_id, yuhu.id);
    e.assertClean(page);
    await page.context().close();
  });

  test('looking a case up by number and a wrong access code says so', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(sent.no);
    const page = await e.newPage();
    await page.goto(e.url + '/#/track');
    await page.getByLabel('诉求编号').fill(sent.no);
    await page.getByLabel('查询码').fill('wrong-token-123');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('[data-test=track-error]').getByText('查询码不正确').waitFor();
    // The right code (pasted as the whole link) opens the case.
    await page.goto(e.url + '/#/track');
    await page.getByLabel('诉求编号').fill(sent.no);
    await page.getByLabel('查询码').fill(sent.link);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('[data-test=status]').waitFor();
    assert.equal(await page.locator('[data-test=track-no]').textContent(), sent.no);
    e.assertClean(page, { allow: [/status of 404/] });
    await page.context().close();
  });

  test('the API refuses a public submission without a title (the contract the form relies on)', async () => {
    const res = await api(e.url, 'POST', '/api/v1/appeals', {
      body: { category: 'traffic', description: '路灯坏了很久', submitter: { type: 'resident' } },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.field, 'title');
  });
});
