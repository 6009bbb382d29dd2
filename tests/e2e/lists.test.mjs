// The three lists (三张清单) in a real browser, one server for the whole flow: a resident
// posts a need on a 360 px phone (no login) and keeps its XQ number and private link; the
// secretary of 斜下社区 finds it in the console, reads the matching view (score and reasons
// of each suggested resource) and whistles (吹哨); the handler of 仲恺高新区经济发展局 — a
// member unit of 斜下社区 whose demo resource "部门下沉党员志愿者" matches — follows the
// notice and commits that resource from the resource's page (报到); the secretary opens the
// project from the need (接单), starts it, records a milestone and the outcome, and rates
// it for the community; activities are recorded and counted; the resident's tracking page
// shows the need fulfilled with its project, and the public H5 board shows the project.
// Also: errors next to their fields on both sides, the keyboard, labels on every input,
// and the lists' plain logic (web/console/lists.js) without a browser.
//
// Screenshots go to docs/screenshots/h5-need*.png, console-lists*.png and
// console-project*.png when run with HUIYIN_SCREENSHOT_DIR=docs/screenshots (to
// tests/out/screenshots otherwise).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAll } from '../api/lib/server.mjs';
import { E2E_HOOK_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, startE2E, waitFor } from './lib/browser.mjs';
import { checkCommit, checkProject, percent, projectBody, projectErrorField, projectStepBody } from '../../web/console/lists.js';

const PASSWORD = 'huiyin-demo';
const TITLE = '独居老人入户走访和体检协助';
const DESCRIPTION = '斜下社区有二十多位独居老人行动不便，希望有党员志愿者定期入户走访，协助组织老年人体检。';
const PROJECT = '斜下社区独居老人关爱行动';
const SUMMARY = '党员志愿者完成23户独居老人入户走访并协助体检，建立了结对联系台账。';

// Dates in Asia/Shanghai, `days` from now (the server runs on the real clock here: the
// demo's resources and projects are dated from the time it was made).
const day = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

let e;
// Shared by the tests below, in order.
const flow = { no: null, token: null, link: null, needId: null, projectId: null };

before(async () => {
  e = await startE2E({ now: new Date().toISOString() });
}, { timeout: E2E_HOOK_TIMEOUT_MS });

after(async () => {
  await e?.stop();
}, { timeout: E2E_HOOK_TIMEOUT_MS });

// ---- helpers ----------------------------------------------------------------------------

async function consolePage() {
  const page = await e.newPage({ mobile: false });
  await page.goto(`${e.url}/console/`);
  await page.locator('#login-username').waitFor();
  return page;
}

async function login(page, username, password = PASSWORD) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.locator('[data-test=login-submit]').click();
}

// Every visible input, textarea and select has a name a screen reader reads.
async function assertLabelled(page, where) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, textarea, select')]
      .filter((el) => el.type !== 'hidden' && el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title))
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || '?'}.${el.className}`),
  );
  assert.deepEqual(unlabelled, [], `inputs without a label on ${where}`);
}

// Waits until the success toasts are gone, for a clean screenshot.
async function quiet(page) {
  await waitFor(async () => (await page.locator('.el-message').count()) === 0, { what: 'toasts to close' });
  await page.evaluate(() => document.activeElement?.blur?.());
}

// The error shown under a console form field (el-form-item with data-field).
function fieldError(scope, field) {
  return scope.locator(`[data-field="${field}"] .el-form-item__error`);
}

// The H5's error under a Vant field or a FieldRow.
function h5Error(page, id) {
  return page.locator(`.van-field:has(#${id}) .van-field__error-message, .frow:has(#${id}) .frow-errmsg`);
}

// Picks an option of an el-select by typing part of its label.
async function pick(page, select, text) {
  await select.click();
  await page.keyboard.type(text);
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click();
}

async function needOf(name, id) {
  const s = await e.ctx.as(name);
  const res = await s.get(`/api/v1/needs/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// ---- the flow -----------------------------------------------------------------------------

describe('three lists', { timeout: E2E_TEST_TIMEOUT_MS * 10 }, () => {
  test('a resident posts a need on a 360 px phone and keeps its number and private link', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const xiexia = e.ctx.orgs.xiexia;
    const page = await e.newPage();
    const requests = [];
    page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), headers: r.headers() }));

    await page.goto(e.url + '/');
    // The home page's entry is live now (no "coming soon").
    assert.equal(await page.getByText('即将上线').count(), 0);
    await page.getByRole('link', { name: /项目公示/ }).waitFor();
    await page.getByRole('link', { name: /提需求/ }).click();
    await page.waitForURL(/#\/need$/);
    await page.locator('#n-category option[value="elderly"]').waitFor({ state: 'attached' });
    await page.locator(`#n-community option[value="${xiexia.id}"]`).waitFor({ state: 'attached' });
    await assertLabelled(page, 'the need form');

    // Nothing filled in: each missing field says so beside it, and nothing is sent.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/needs')) posted++;
    });
    await page.getByRole('button', { name: '提交需求' }).click();
    await h5Error(page, 'n-category').getByText('请选择需求类别').waitFor();
    await h5Error(page, 'n-community').getByText('请选择社区').waitFor();
    await h5Error(page, 'n-who').getByText('此项为必填').waitFor();
    await h5Error(page, 'n-count').getByText('此项为必填').waitFor();
    await h5Error(page, 'n-phone').getByText('此项为必填').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-category');
    assert.equal(posted, 0);

    await page.getByLabel('需求类别').selectOption('elderly');
    await page.getByLabel('需求标题').fill(TITLE);
    await page.getByLabel('需求描述').fill(DESCRIPTION);
    await page.getByRole('switch', { name: '紧急' }).check();
    await page.getByLabel('所在社区').selectOption(String(xiexia.id));
    await page.getByLabel('详细地址').fill('惠环街道斜下社区三巷一带');
    await page.getByLabel('受益人群').fill('行动不便的独居老人');
    await page.getByLabel('受益人数').fill('23');
    await page.getByLabel('希望完成日期').fill(day(30));
    await page.getByLabel('姓名').fill('王秀兰');
    await page.getByLabel('手机号码').fill('13912340000');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the form is wider than 360 px');
    await e.screenshot(page, 'h5-need-submit', { fullPage: true });
    // A number the API refuses: its error (field submitter.phone) shows under the phone.
    await page.getByLabel('手机号码').fill('123');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/needs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交需求' }).click();
    const refused = await answer;
    assert.equal(refused.status(), 400);
    assert.equal((await refused.json()).error.field, 'submitter.phone');
    await h5Error(page, 'n-phone').getByText('请填写正确的手机或固定电话号码').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'n-phone');

    await page.getByLabel('手机号码').fill('13912340000');
    await page.getByRole('button', { name: '提交需求' }).click();
    await page.waitForURL(/#\/need\/done\//);
    const no = (await page.locator('[data-test=tracking-no]').textContent()).trim();
    assert.match(no, /^XQ\d{8}-\d{4}$/);
    const link = await page.locator('[data-test=private-link]').inputValue();
    const m = link.match(/^(http:\/\/127\.0\.0\.1:\d+)\/#\/track\/(XQ\d{8}-\d{4})\?token=([A-Za-z0-9_-]+)$/);
    assert.ok(m, `private link ${link}`);
    assert.equal(m[2], no);
    const token = m[3];
    await page.getByText('请保存此链接').waitFor();
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360);
    await e.screenshot(page, 'h5-need-done');

    // The token went to the server only in X-Access-Token, never in a URL; the need was
    // sent once with an Idempotency-Key; this device remembers it.
    for (const r of requests) assert.ok(!r.url.includes(token), `token in a request URL: ${r.url}`);
    const posts = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/needs'));
    assert.equal(posts.length, 2, 'the refused try and the one that went through');
    assert.equal(posts[0].headers['idempotency-key'], posts[1].headers['idempotency-key']);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('huiyin.cases')));
    assert.equal(stored[0].no, no);

    // Following it: open, the first event, and the person adds information.
    await page.locator('[data-test=open-track]').click();
    await page.waitForURL(/#\/track\/XQ/);
    await page.locator('[data-test=status][data-status=open]').getByText('待认领').waitFor();
    await page.locator('[data-test=timeline]').getByText('您的需求已提交，等待社区党建联盟认领。').waitFor();
    await page.getByLabel('补充内容').fill('三巷8号的李阿婆最近摔伤过，希望优先上门。');
    await page.getByRole('button', { name: '提交补充' }).click();
    await page.locator('[data-test=timeline]').getByText('三巷8号的李阿婆最近摔伤过').waitFor();
    const headers = requests.filter((r) => r.url.includes(`/api/v1/track/${no}`)).map((r) => r.headers['x-access-token']);
    assert.ok(headers.length >= 2 && headers.every((h) => h === token));

    // What staff see: the need in 斜下社区, masked.
    const secretary = await e.ctx.as('secretary');
    const mine = (await listAll(e.url, '/api/v1/needs', { cookie: secretary.cookie })).find((n) => n.tracking_no === no);
    assert.ok(mine, 'the secretary lists the need');
    assert.equal(mine.category, 'elderly');
    assert.equal(mine.urgency, 'urgent');
    assert.deepEqual(mine.beneficiaries, { who: '行动不便的独居老人', count: 23 });
    assert.equal(mine.wanted_by, day(30));
    assert.equal(mine.submitter.phone, '139****0000');
    Object.assign(flow, { no, token, link, needId: mine.id });
    e.assertClean(page, { allow: [/status of 400/] });
    await page.context().close();
  });

  test('the secretary finds the need, reads the matching view and whistles', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(flow.needId, 'the need was posted');
    const page = await consolePage();
    await login(page, 'secretary');
    // A secretary's console opens on the need list.
    await page.waitForURL(/#\/needs/);
    await page.getByRole('menuitem', { name: '资源清单' }).waitFor();
    await page.getByRole('menuitem', { name: '项目清单' }).waitFor();
    await page.getByRole('menuitem', { name: '活动' }).waitFor();
    await page.locator(`[data-test=need-link-${flow.needId}]`).waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-lists-needs');
    await assertLabelled(page, 'the need list');
    await page.getByLabel('搜索').fill('独居老人入户');
    await page.locator('[data-test=needs-filter]').click();
    const link = page.locator(`[data-test=need-link-${flow.needId}]`);
    await waitFor(async () => (await page.locator('[data-test=needs-table] .el-table__row').count()) === 1, { what: 'the filtered list' });
    await link.waitFor();
    assert.match(page.url(), /q=/, 'the filter is in the URL');

    // Opened with the keyboard.
    await link.focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-test=need-page][data-status=open]`).waitFor();
    assert.equal(await page.locator('[data-test=need-title]').innerText(), TITLE);
    assert.equal(await page.locator('[data-test=need-no]').innerText(), flow.no);
    assert.equal(await page.locator('[data-test=need-submitter-name]').innerText(), '王**');

    // The matching view: the econ department's volunteers match, with the reasons in the
    // order of their weight; scores best first.
    const econRes = (await listAll(e.url, '/api/v1/resources', { cookie: (await e.ctx.as('secretary')).cookie })).find((r) => r.title === '部门下沉党员志愿者');
    assert.ok(econRes, 'the demo resource of the econ department');
    const reasons = page.locator(`[data-test=reasons-${econRes.id}]`);
    await reasons.waitFor();
    const lines = await reasons.locator('li').allInnerTexts();
    assert.equal(lines.length, 5);
    assert.equal(lines[0], '类别相符（+0.35）');
    assert.ok(lines.some((l) => l.startsWith('同一社区')), lines.join(' / '));
    const scores = await page.locator('[data-test^=score-] strong').allInnerTexts();
    const nums = scores.map((s) => Number(s.replace('%', '')));
    assert.ok(nums.length >= 2);
    for (let i = 1; i < nums.length; i++) assert.ok(nums[i - 1] >= nums[i], `best first: ${nums.join(',')}`);
    assert.ok(Number((await page.locator(`[data-test=score-${econRes.id}] strong`).innerText()).replace('%', '')) >= 50);
    await quiet(page);
    await page.locator('[data-test=matches-card]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await e.screenshot(page, 'console-lists-need');
    await page.locator('#main').evaluate((el) => el.scrollTo(0, 0));
    flow.econResourceId = econRes.id;

    // Only the steps a secretary may take; no 报到 for a secretary.
    const actions = await page.locator('[data-test=need-actions] button').evaluateAll((bs) => bs.map((b) => b.dataset.test));
    assert.deepEqual(actions, ['need-action-whistle', 'need-action-project', 'need-action-fulfil', 'need-action-update', 'need-action-close']);

    // The whistle, with a note.
    await page.locator('[data-test=need-action-whistle]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.getByLabel('吹哨说明').fill('请各成员单位报到，优先安排党员志愿者。');
    await assertLabelled(page, 'the whistle form');
    await dialog.locator('[data-test=form-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message').getByText(/已吹哨，召集了 \d+ 个单位/).waitFor();
    await page.locator('[data-test=need-units]').getByText('仲恺高新区经济发展局').waitFor();
    await page.locator('[data-test=need-timeline] [data-test=event-whistle]').getByText('请各成员单位报到，优先安排党员志愿者。').waitFor();
    const n = await needOf('secretary', flow.needId);
    assert.ok(n.whistled_at);
    assert.ok(n.units.some((u) => u.via === 'whistle' && u.org_id === e.ctx.orgs.econ.id));
    e.assertClean(page);
    await page.context().close();
  });

  test('the unit’s handler follows the notice and commits the resource (报到)', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(flow.econResourceId, 'the earlier tests ran');
    const page = await consolePage();
    await login(page, 'handler');
    await page.waitForURL(/#\/unit/);

    // The whistle's notice opens the need it is about.
    await page.locator('[data-test=bell]').click();
    const notice = page.locator('[data-test=notifications-table] .el-table__row').filter({ hasText: flow.no }).first();
    await notice.getByText('社区吹哨', { exact: true }).waitFor();
    await notice.locator('[data-test^=notice-need-]').click();
    await page.waitForURL(new RegExp(`#/needs/${flow.needId}(\\?|$)`));
    await page.locator('[data-test=need-page]').waitFor();
    assert.equal(await page.locator('[data-test=need-no]').innerText(), flow.no);
    // A unit reports; it neither whistles nor takes the order.
    const actions = await page.locator('[data-test=need-actions] button').evaluateAll((bs) => bs.map((b) => b.dataset.test));
    assert.deepEqual(actions, ['need-action-commit']);

    // The need list finds the need by its number, typed in lower case: that one row.
    await page.getByRole('menuitem', { name: '需求清单' }).click();
    await page.locator('[data-test=needs-q]').fill(flow.no.toLowerCase());
    await page.locator('[data-test=needs-filter]').click();
    await page.waitForURL(/#\/needs\?q=xq/);
    await page.locator(`[data-test=need-link-${flow.needId}]`).waitFor();
    await waitFor(async () => (await page.locator('[data-test=needs-table] .el-table__row').count()) === 1, { what: 'only the need of that number' });

    // From the unit's side: its resources, then the resource's page.
    await page.getByRole('menuitem', { name: '资源清单' }).click();
    await page.locator('[data-test=resources-table] .el-table__row').nth(5).waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-lists-resources');
    await assertLabelled(page, 'the resource list');
    await page.locator('[data-test=resources-mine]').click();
    await page.locator('[data-test=resources-filter]').click();
    await page.waitForURL(/mine=true/);
    const resLink = page.locator(`[data-test=resource-link-${flow.econResourceId}]`);
    await resLink.waitFor();
    await waitFor(async () => (await page.locator('[data-test=resources-table] .el-table__row').allInnerTexts()).every((r) => r.includes('仲恺高新区经济发展局')), { what: 'only the unit’s resources' });
    await resLink.click();
    await page.locator('[data-test=resource-page]').waitFor();
    const before = Number(await page.locator('[data-test=resource-remaining]').innerText());
    assert.ok(before >= 3, `remaining ${before}`);

    await page.locator('[data-test=resource-action-commit]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('[data-test=commit-need]').waitFor();
    // No need chosen: said next to the need.
    await dialog.locator('[data-test=form-submit]').click();
    await fieldError(dialog, 'need_id').getByText('此项为必填项').waitFor();
    await pick(page, dialog.locator('[data-test=commit-need]'), flow.no);
    await dialog.getByLabel('认领数量').fill('3');
    await dialog.getByLabel('说明').fill('派3名党员志愿者，每周二下午入户走访。');
    await assertLabelled(page, 'the commit form');
    await quiet(page);
    await e.screenshot(page, 'console-lists-commit');
    await dialog.locator('[data-test=form-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message').getByText('报到成功：认领 3 人').waitFor();
    await waitFor(async () => Number(await page.locator('[data-test=resource-remaining]').innerText()) === before - 3, { what: 'remaining reduced' });
    await page.locator('[data-test=resource-commitments]').getByText(TITLE).waitFor();
    await page.locator('[data-test=resource-timeline] [data-test=event-commit]').filter({ hasText: `#${flow.needId}：3` }).waitFor();

    const n = await needOf('secretary', flow.needId);
    assert.equal(n.status, 'matched');
    assert.equal(n.commitments.length, 1);
    assert.equal(n.commitments[0].org_id, e.ctx.orgs.econ.id);
    assert.equal(n.commitments[0].quantity, 3);
    assert.equal(n.commitments[0].note, '派3名党员志愿者，每周二下午入户走访。');
    e.assertClean(page);
    await page.context().close();
  });

  test('the secretary opens the project, records a milestone and the outcome, and rates it', { timeout: E2E_TEST_TIMEOUT_MS * 2 }, async () => {
    assert.ok(flow.needId);
    const page = await consolePage();
    await login(page, 'secretary');
    await page.waitForURL(/#\/needs/);
    await page.goto(`${e.url}/console/#/needs/${flow.needId}`);
    await page.locator('[data-test=need-page][data-status=matched]').waitFor();
    await page.locator('[data-test=commitments-table]').getByText('仲恺高新区经济发展局').waitFor();

    // 接单: the need, its committed resource and unit, the community as owner come filled in.
    await page.locator('[data-test=need-action-project]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('#pj-title').waitFor();
    assert.equal(await dialog.locator('#pj-title').inputValue(), TITLE);
    await dialog.locator('[data-test=project-needs]').getByText(flow.no).waitFor();
    await dialog.locator('[data-test=project-resources]').getByText('部门下沉党员志愿者').waitFor();
    await dialog.locator('#pj-title').fill(PROJECT);
    await dialog.getByLabel('项目说明').fill('经济发展局党员志愿者与社区结对，入户走访独居老人并协助体检。');
    await dialog.getByLabel('里程碑 1 名称').fill('排定走访名单');
    // A milestone without its date: said under that date.
    await dialog.locator('[data-test=form-submit]').click();
    await dialog.locator('.el-form-item:has(#pj-ms-0-due) .el-form-item__error').getByText('此项为必填项').waitFor();
    await dialog.locator('#pj-ms-0-due').fill(day(7));
    await page.keyboard.press('Enter');
    await dialog.locator('[data-test=add-milestone]').click();
    await dialog.getByLabel('里程碑 2 名称').fill('入户走访和体检');
    await dialog.locator('#pj-ms-1-due').fill(day(20));
    await page.keyboard.press('Enter');
    await assertLabelled(page, 'the project form');
    await quiet(page);
    await e.screenshot(page, 'console-project-create');
    await dialog.locator('[data-test=form-submit]').click();
    await page.waitForURL(/#\/projects\/\d+/);
    await page.locator('[data-test=project-page][data-status=planned]').waitFor();
    flow.projectId = Number(/#\/projects\/(\d+)/.exec(page.url())[1]);
    assert.equal(await page.locator('[data-test=project-title]').innerText(), PROJECT);
    assert.equal((await needOf('secretary', flow.needId)).status, 'in_project');

    async function step(type, fill = async () => {}) {
      const d = page.locator(`.el-dialog:has(form[data-step=${type}])`);
      await d.waitFor();
      await fill(d);
      await d.locator('[data-test=step-submit]').click();
      await d.waitFor({ state: 'hidden' });
    }

    await page.locator('[data-test=project-action-start]').click();
    await step('start');
    await page.locator('[data-test=project-page][data-status=running]').waitFor();

    // The first milestone, from its row; done today.
    const project = (await (await e.ctx.as('secretary')).get(`/api/v1/projects/${flow.projectId}`)).json;
    const [m1] = project.plan.milestones;
    await page.locator(`[data-test=milestone-record-${m1.id}]`).click();
    await step('milestone', async (d) => {
      assert.equal(await d.locator('#ps-done_on').inputValue(), day(0));
      await d.getByLabel('说明').fill('走访名单已排定，共23户。');
    });
    await page.locator(`[data-test=milestone-done-${m1.id}]`).waitFor();

    // The outcome: the summary is checked before sending (at least 5 characters).
    await page.locator('[data-test=project-action-complete]').click();
    await step('complete', async (d) => {
      await d.locator('[data-test=step-submit]').click();
      await fieldError(d, 'beneficiaries_reached').getByText('此项为必填项').waitFor();
      await fieldError(d, 'summary').getByText('此项为必填项').waitFor();
      await d.getByLabel('惠及人数').fill('23');
      await d.getByLabel('成效总结').fill(SUMMARY);
      await assertLabelled(page, 'the outcome form');
    });
    await page.locator('[data-test=project-page][data-status=done]').waitFor();
    await page.locator('[data-test=outcome-summary]').getByText(SUMMARY).waitFor();
    assert.equal((await needOf('secretary', flow.needId)).status, 'fulfilled');

    // The community's evaluation, by the secretary of the need's community.
    await page.locator('[data-test=project-action-evaluate]').click();
    await step('evaluate', async (d) => {
      await d.getByText('满意', { exact: true }).click();
      await d.getByLabel('评价意见').fill('老人们很满意，希望长期结对。');
    });
    await page.locator('[data-test=project-page][data-status=evaluated]').waitFor();
    await page.locator('[data-test=evaluation-rating]').getByText('满意').waitFor();
    for (const type of ['create', 'start', 'milestone', 'complete', 'evaluate']) await page.locator(`[data-test=project-timeline] [data-test=event-${type}]`).first().waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-project');
    await page.locator('[data-test=milestones-card]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await e.screenshot(page, 'console-project-outcome');

    const p = (await (await e.ctx.as('secretary')).get(`/api/v1/projects/${flow.projectId}`)).json;
    assert.equal(p.status, 'evaluated');
    assert.deepEqual(p.need_ids, [flow.needId]);
    assert.ok(p.resource_ids.includes(flow.econResourceId));
    assert.ok(p.unit_ids.includes(e.ctx.orgs.econ.id) && p.unit_ids.includes(e.ctx.orgs.xiexia.id));
    assert.equal(p.owner_org_id, e.ctx.orgs.xiexia.id);
    assert.deepEqual(p.plan.milestones.map((m) => [m.title, m.due, m.done_on]), [
      ['排定走访名单', day(7), day(0)],
      ['入户走访和体检', day(20), null],
    ]);
    assert.deepEqual(p.outcome && [p.outcome.beneficiaries_reached, p.outcome.summary], [23, SUMMARY]);
    assert.equal(p.evaluation.rating, 'satisfied');

    // The secretary's board by status shows it among the evaluated ones.
    await page.getByRole('menuitem', { name: '项目清单' }).click();
    await page.locator(`[data-test=board-evaluated] [data-test=project-card-${flow.projectId}]`).waitFor();
    e.assertClean(page);
    await page.context().close();
  });

  test('the dispatcher’s project board: the district’s projects by status, an overdue milestone flagged', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(flow.projectId);
    const page = await consolePage();
    await login(page, 'dispatcher');
    await page.waitForURL(/#\/inbox/);
    await page.getByRole('menuitem', { name: '项目清单' }).click();
    await page.locator(`[data-test=board-evaluated] [data-test=project-card-${flow.projectId}]`).waitFor();
    // The demo's patrols of 曙光社区 run with a milestone past its date.
    const patrol = page.locator('[data-test=board-running] [data-test^=project-card-]').filter({ hasText: '巡防共治' });
    await patrol.getByText('1 个节点超期').waitFor();
    await page.locator('[data-test=board-done] [data-test^=project-card-]').filter({ hasText: '党建书屋' }).waitFor();
    // Filtered by title, kept in the URL.
    await page.getByLabel('搜索').fill('独居老人');
    await page.locator('[data-test=projects-filter]').click();
    await page.waitForURL(/#\/projects\?q=/);
    await waitFor(async () => (await page.locator('[data-test^=project-card-]').count()) === 1, { what: 'one card' });
    await page.getByRole('button', { name: '重置' }).click();
    await patrol.waitFor();
    await assertLabelled(page, 'the project board');
    await quiet(page);
    await e.screenshot(page, 'console-project-board');

    // In English: the board, and a need's matching view with the parts of its score.
    await page.locator('[data-test=lang-switch]').click();
    await page.locator('.el-select-dropdown__item:visible').getByText('English').click();
    await page.locator('[data-test=projects-title]').getByText('Projects').waitFor();
    await page.locator('[data-test=board-running]').getByText('Running').waitFor();
    await patrol.getByText('1 overdue').waitFor();
    await page.goto(`${e.url}/console/#/needs/${flow.needId}`);
    await page.locator('[data-test=need-page]').getByText('Matching resources').waitFor();
    await page.locator(`[data-test=reasons-${flow.econResourceId}] li`).first().getByText('Category fits (+0.35)').waitFor();
    await page.locator('[data-test=need-status]').getByText('Fulfilled').waitFor();
    assert.doesNotMatch(await page.locator('[data-test=need-actions]').innerText(), /[\u4e00-\u9fff]/, 'the actions in English');
    await page.locator('[data-test=lang-switch]').click();
    await page.locator('.el-select-dropdown__item:visible').getByText('中文').click();
    await page.locator('[data-test=need-page]').getByText('匹配资源').waitFor();
    e.assertClean(page);
    await page.context().close();
  });

  test('activities: recorded for the project and counted per kind for the community', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(flow.projectId);
    const page = await consolePage();
    await login(page, 'secretary');
    await page.waitForURL(/#\/needs/);
    await page.getByRole('menuitem', { name: '活动' }).click();
    const stats = page.locator('[data-test=activity-stats]');
    await stats.getByRole('heading', { name: /斜下社区党建联盟/ }).waitFor();
    const heldBefore = Number(await stats.locator('[data-test=stat-held]').innerText());
    const audienceBefore = Number(await stats.locator('[data-test=stat-audience]').innerText());

    await page.locator('[data-test=activity-create]').click();
    const dialog = page.locator('.el-dialog:visible');
    await dialog.locator('#ac-kind').waitFor();
    await assertLabelled(page, 'the activity form');
    await pick(page, dialog.locator('[data-field=kind] .el-select'), '健康体检');
    await dialog.getByLabel('活动名称').fill('独居老人入户体检日');
    await dialog.getByLabel('地点').fill('斜下社区三巷');
    await dialog.getByLabel('参与人数').fill('6');
    await dialog.getByLabel('受众人数').fill('23');
    await pick(page, dialog.locator('[data-field=project_id] .el-select'), PROJECT);
    await dialog.locator('[data-test=form-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-test=activities-table]').getByText('独居老人入户体检日').waitFor();
    await waitFor(async () => Number(await stats.locator('[data-test=stat-held]').innerText()) === heldBefore + 1, { what: 'the count to grow' });
    assert.equal(Number(await stats.locator('[data-test=stat-audience]').innerText()), audienceBefore + 23);
    const row = stats.locator('[data-test=stats-table] .el-table__row').filter({ hasText: '健康体检' });
    assert.ok(Number((await row.locator('td').nth(1).innerText()).trim()) >= 2, 'the 颐年堂 check and this one');
    await quiet(page);
    await e.screenshot(page, 'console-lists-activities');

    // Through the API: counted per kind for the community, linked to the project.
    const s = (await (await e.ctx.as('secretary')).get(`/api/v1/activities/stats?org_id=${e.ctx.orgs.xiexia.id}`)).json;
    assert.equal(s.total.held, heldBefore + 1);
    const acts = (await (await e.ctx.as('secretary')).get(`/api/v1/activities?project_id=${flow.projectId}`)).json.items;
    assert.deepEqual(acts.map((a) => [a.kind, a.title, a.participants, a.audience]), [['health_check', '独居老人入户体检日', 6, 23]]);
    e.assertClean(page);
    await page.context().close();
  });

  test('staff forms: a secretary raises and closes a need, a unit offers a resource; errors by their fields', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consolePage();
    await login(page, 'secretary');
    await page.waitForURL(/#\/needs/);
    await page.locator('[data-test=need-create]').click();
    let dialog = page.locator('.el-dialog:visible');
    await dialog.locator('#nd-title').waitFor();
    await assertLabelled(page, 'the new need form');
    // Empty: the required fields say so; the community defaults to the secretary's own.
    await dialog.locator('[data-test=form-submit]').click();
    for (const f of ['category', 'title', 'description', 'beneficiaries.who', 'beneficiaries.count']) await fieldError(dialog, f).getByText('此项为必填项').waitFor();
    assert.equal(await fieldError(dialog, 'location.community_id').count(), 0);
    await pick(page, dialog.locator('[data-field=category] .el-select'), '公共安全');
    await dialog.getByLabel('需求标题').fill('三巷消防通道清理');
    await dialog.getByLabel('需求描述').fill('三巷消防通道被杂物占用，需要志愿者协助清理。');
    await dialog.getByLabel('受益人群').fill('三巷居民');
    await dialog.getByLabel('受益人数').fill('120');
    await dialog.locator('[data-test=form-submit]').click();
    await page.waitForURL(/#\/needs\/\d+/);
    await page.locator('[data-test=need-page][data-status=open]').waitFor();
    assert.equal(await page.locator('[data-test=need-title]').innerText(), '三巷消防通道清理');
    // Closing without a reason is refused beside the reason; with one, it closes.
    await page.locator('[data-test=need-action-close]').click();
    dialog = page.locator('.el-dialog:visible');
    await dialog.locator('[data-test=form-submit]').click();
    await fieldError(dialog, 'close_reason').getByText('此项为必填项').waitFor();
    await dialog.getByLabel('关闭理由').fill('物业已自行清理完毕。');
    await dialog.locator('[data-test=form-submit]').click();
    await page.locator('[data-test=need-page][data-status=closed]').waitFor();
    await page.getByText('物业已自行清理完毕。').first().waitFor();
    e.assertClean(page);
    await page.context().close();

    // A unit's handler offers a resource: an end before its start is refused by the end.
    const unit = await consolePage();
    await login(unit, 'handler');
    await unit.waitForURL(/#\/unit/);
    await unit.getByRole('menuitem', { name: '资源清单' }).click();
    await unit.locator('[data-test=resource-create]').click();
    dialog = unit.locator('.el-dialog:visible');
    await dialog.locator('#rs-title').waitFor();
    await assertLabelled(unit, 'the new resource form');
    await dialog.locator('[data-field=org_id]').getByText('仲恺高新区经济发展局').waitFor();
    await dialog.getByLabel('资源名称').fill('政策宣讲小分队');
    await dialog.getByLabel('资源说明').fill('经济发展局党员干部进社区宣讲惠企惠民政策。');
    await pick(unit, dialog.locator('[data-field=kind] .el-select'), '培训宣讲');
    await dialog.getByLabel('数量').fill('6');
    await dialog.getByLabel('计量单位').fill('场');
    await dialog.locator('#rs-from').fill(day(10));
    await unit.keyboard.press('Enter');
    await dialog.locator('#rs-to').fill(day(5));
    await unit.keyboard.press('Enter');
    await dialog.locator('[data-test=form-submit]').click();
    await fieldError(dialog, 'available_to').getByText('结束日期不能早于开始日期').waitFor();
    await dialog.locator('#rs-to').fill(day(90));
    await unit.keyboard.press('Enter');
    await dialog.locator('[data-test=form-submit]').click();
    await unit.waitForURL(/#\/resources\/\d+/);
    await unit.locator('[data-test=resource-title]').getByText('政策宣讲小分队').waitFor();
    await unit.locator('[data-test=resource-page][data-availability=upcoming]').waitFor();
    const id = Number(/#\/resources\/(\d+)/.exec(unit.url())[1]);
    const r = (await (await e.ctx.as('handler')).get(`/api/v1/resources/${id}`)).json;
    assert.deepEqual([r.kind, r.org_id, r.quantity, r.unit, r.available_from, r.available_to], ['training', e.ctx.orgs.econ.id, 6, '场', day(10), day(90)]);
    assert.deepEqual(r.alliance_ids, [e.ctx.orgs.xiexia.id], 'the unit’s own alliances by default');
    e.assertClean(unit);
    await unit.context().close();
  });

  test('the resident sees the need fulfilled with its project; the public board shows it', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    assert.ok(flow.link && flow.projectId);
    // Another device: only the link.
    const page = await e.newPage();
    await page.goto(flow.link);
    await page.locator('[data-test=status][data-status=fulfilled]').getByText('已完成').waitFor();
    const tl = page.locator('[data-test=timeline]');
    for (const text of ['您的需求已提交，等待社区党建联盟认领。', '社区已“吹哨”，召集有相应资源的单位。', '有单位“报到”，认领了资源。', '需求已“接单”，列入项目清单。', '需求已完成。'])
      await tl.getByText(text).waitFor();
    await tl.getByText(/仲恺高新区经济发展局 · 3 人/).waitFor();
    const card = page.locator('[data-test=need-projects] [data-test=project-card]');
    await card.getByText(PROJECT).waitFor();
    await card.locator('[data-test=project-outcome]').getByText(SUMMARY).waitFor();
    await card.locator('[data-test=project-rating]').getByText('社区评价：满意').waitFor();
    assert.equal(await page.locator('[data-test=send-info]').count(), 0, 'no more information once fulfilled');
    // Times in Asia/Shanghai although this browser is in New York.
    const first = await tl.locator('time').last().getAttribute('datetime');
    const shown = await tl.locator('time').last().textContent();
    const sh = new Date(Date.parse(first) + 8 * 3600e3).toISOString();
    assert.equal(shown, `${sh.slice(0, 10)} ${sh.slice(11, 16)}`);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360);
    // No personal data on the person's own page either.
    assert.ok(!(await page.content()).includes('13912340000'));
    await e.screenshot(page, 'h5-need-track', { fullPage: true });
    e.assertClean(page);

    // The board: reached from home, the project among the finished ones.
    await page.goto(e.url + '/');
    await page.getByRole('link', { name: /项目公示/ }).click();
    await page.waitForURL(/#\/projects/);
    const mine = page.locator('[data-test=project-card]').filter({ hasText: PROJECT });
    await mine.waitFor();
    assert.equal(await mine.getAttribute('data-status'), 'evaluated');
    await mine.getByText('牵头：斜下社区党建联盟').waitFor();
    await mine.getByText('惠及 23 人', { exact: false }).waitFor();
    // Running only, with the keyboard: the radio group's arrows.
    await page.getByRole('radio', { name: '全部' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.getByRole('radio', { name: '进行中' }).isChecked());
    await mine.waitFor({ state: 'detached' });
    await page.locator('[data-test=project-card][data-status=running]').first().waitFor();
    await page.keyboard.press('ArrowRight');
    await mine.waitFor();
    assert.ok(!(await page.content()).includes('王秀兰'), 'no personal data on the board');
    await page.getByRole('radio', { name: '全部' }).check();
    await mine.waitFor();
    await e.screenshot(page, 'h5-need-board');
    await assertLabelled(page, 'the project board');
    // In English too.
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    await mine.getByText('Rated', { exact: true }).waitFor();
    await mine.getByText('23 people reached').waitFor();
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('heading', { name: '项目公示' }).waitFor();
    e.assertClean(page);
    await page.context().close();
  });
});

// ---- the lists' plain logic -----------------------------------------------------------------

describe('lists logic', () => {
  test('a project needs its needs, a title and dated milestones; the server’s field lands on the milestone', () => {
    const v = { need_ids: [], title: 'x', milestones: [{ title: '排名单', due: '2026-12-01' }, { title: '', due: '' }] };
    assert.deepEqual(Object.keys(checkProject(v)).sort(), ['need_ids', 'plan.milestones.1.due', 'plan.milestones.1.title', 'title']);
    const ok = { need_ids: ['7'], title: ' 老人关爱 ', description: '', resource_ids: [3], unit_ids: [], owner_org_id: 11, milestones: [{ title: ' 排名单 ', due: '2026-12-01' }] };
    assert.deepEqual(checkProject(ok), {});
    assert.deepEqual(projectBody(ok), { need_ids: [7], title: '老人关爱', resource_ids: [3], owner_org_id: 11, plan: { milestones: [{ title: '排名单', due: '2026-12-01' }] } });
    assert.equal(projectErrorField('plan.milestones.due', [{ title: 'a', due: '2026-01-01' }, { title: 'b', due: '' }]), 'plan.milestones.1.due');
    assert.equal(projectErrorField('plan.milestones'), 'plan.milestones');
    assert.equal(projectErrorField('need_ids'), 'need_ids');
  });

  test('报到 asks for a need and at most what remains', () => {
    assert.deepEqual(Object.keys(checkCommit({ resource_id: 3, need_id: null, quantity: 8 }, 7)).sort(), ['need_id', 'quantity']);
    assert.equal(checkCommit({ resource_id: 3, need_id: 1, quantity: 8 }, 7).quantity.key, 'commit.too_much');
    assert.deepEqual(checkCommit({ resource_id: 3, need_id: 1, quantity: 7 }, 7), {});
  });

  test('project steps send only what was filled in, numbers as numbers', () => {
    assert.deepEqual(projectStepBody('milestone', { milestone_id: '4', done_on: '2026-11-25', note: ' ' }, 3), { type: 'milestone', milestone_id: 4, done_on: '2026-11-25', version: 3 });
    assert.deepEqual(projectStepBody('complete', { beneficiaries_reached: 0, summary: ' 完成了 ' }), { type: 'complete', beneficiaries_reached: 0, summary: '完成了' });
  });

  test('scores read as percentages', () => {
    assert.equal(percent(0.8449), 84);
    assert.equal(percent(1.2), 100);
  });
});
