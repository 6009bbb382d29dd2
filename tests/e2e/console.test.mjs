// The staff console in a real browser (Debian's Chromium at 1280×800): an appeal a resident
// submitted (through the API) is found in the dispatcher's inbox, accepted and dispatched
// to 斜下社区党建联盟 through the console; that community's handler acknowledges it, records
// the first contact and replies; once the person has rated the answer (through the API)
// the console shows it closed. Also: a wrong password, a step form's missing and refused
// fields shown next to the field, the English switch, the admin screens (organisation
// tree, users and roles, categories, calendar) and an expired session (the test clock
// passes the 120-minute idle limit) sending the user back to the login page.
//
// Screenshots of the main screens go to docs/screenshots/console-*.png when run with
// HUIYIN_SCREENSHOT_DIR=docs/screenshots (tests/out/screenshots otherwise).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../api/lib/server.mjs';
import { advanceClock, driveTo, submit, trackPost } from '../api/lib/appeals.mjs';
import { E2E_HOOK_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, e2eConf, startE2E, waitFor } from './lib/browser.mjs';

const PASSWORD = 'huiyin-demo';
const TITLE = '斜下村三巷路灯全灭';
const DESCRIPTION = '斜下村三巷的路灯从上周起全部不亮，晚上老人小孩出行很不方便，希望尽快修好。';
const REPLY = '您好，经斜下社区核实，三巷路灯线路老化，已安排电工于今日更换线路和灯具，路灯已恢复照明。';

// ---- page helpers -----------------------------------------------------------------------

async function consolePage(e) {
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

async function logout(page) {
  await page.locator('[data-test=user-menu]').click();
  await page.locator('[data-test=logout]').click();
  await page.locator('#login-username').waitFor();
}

// Searches the current queue for the title's unique words and opens the appeal.
async function openFromQueue(page, id) {
  await page.getByLabel('全文搜索').fill('三巷路灯');
  await page.locator('[data-test=queue-filter]').click();
  const link = page.locator(`[data-test=appeal-link-${id}]`);
  await link.waitFor();
  await link.click();
  await page.locator('[data-test=appeal-page]').waitFor();
}

async function statusIs(page, status) {
  await page.locator(`[data-test=appeal-page][data-status=${status}]`).waitFor();
}

// Opens a step's dialog; returns the dialog.
async function openStep(page, type) {
  await page.locator(`[data-test=action-${type}]`).click();
  const dialog = page.locator(`.el-dialog:has(form[data-step=${type}])`);
  await dialog.waitFor();
  return dialog;
}

async function submitStep(page, dialog) {
  await dialog.locator('[data-test=step-submit]').click();
  await dialog.waitFor({ state: 'hidden' });
}

// Every visible input, textarea and select has a name a screen reader reads: a <label>,
// aria-label or aria-labelledby. Returns nothing; fails naming the unlabelled ones.
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

function fieldError(dialog, field) {
  return dialog.locator(`[data-field=${field}] .el-form-item__error`);
}

// The appeal as the dispatcher sees it through the API.
async function appealOf(e, id) {
  const disp = await e.ctx.as('dispatcher');
  const res = await disp.get(`/api/v1/appeals/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// ---- the main suite: one server for the flow and the screens ----------------------------

describe('console', { timeout: E2E_TEST_TIMEOUT_MS * 8 }, () => {
  let e;
  before(async () => {
    e = await startE2E();
  }, { timeout: E2E_HOOK_TIMEOUT_MS });
  after(async () => {
    await e?.stop();
  }, { timeout: E2E_HOOK_TIMEOUT_MS });

  test('a wrong password shows an error; the right one opens the inbox', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consolePage(e);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await e.screenshot(page, 'console-login');
    await assertLabelled(page, 'the login page');

    await login(page, 'dispatcher', 'not-the-password');
    const err = page.locator('[data-test=login-error]');
    await err.waitFor();
    assert.match(await err.innerText(), /用户名或密码错误/);
    assert.match(page.url(), /#\/login/);
    assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '', 'the wrong password is cleared');

    // Repeated failures lock the username for a while; the page says how long.
    for (let i = 0; i < 8; i++) {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await login(page, 'supervisor', 'still-not-the-password');
      if ((await answer).status() === 429) break;
    }
    await err.getByText(/尝试次数过多，请在 \d+ 分钟后重试/).waitFor();

    // With the keyboard only: type, Tab, type, Enter.
    await page.locator('#login-username').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('dispatcher');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/inbox/);
    await page.locator('[data-test=queue-title]').getByText('派单员待受理').waitFor();
    // Reloading the page keeps the session (GET /api/v1/me).
    await page.reload();
    await page.locator('[data-test=queue-title]').getByText('派单员待受理').waitFor();
    // An appeal opens from the list with Enter, a step's form with Enter, and closes with
    // Escape.
    await page.locator('[data-test^=appeal-link-]').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-test=appeal-page]').waitFor();
    await page.locator('[data-test=action-note]').focus();
    await page.keyboard.press('Enter');
    const note = page.locator('.el-dialog:has(form[data-step=note])');
    await note.waitFor();
    await page.keyboard.press('Escape');
    await note.waitFor({ state: 'hidden' });
    e.assertClean(page);
  });

  test('dispatcher accepts and dispatches, handler acknowledges, contacts and replies, the rated appeal shows closed', { timeout: E2E_TEST_TIMEOUT_MS * 2 }, async () => {
    const xiexia = e.ctx.orgs.xiexia;
    // Category 'other': the demo dispatch catalogue has no rule for it, so it waits in the
    // dispatcher's inbox instead of being routed at once.
    const sent = await submit(e.ctx, {
      category: 'other',
      title: TITLE,
      description: DESCRIPTION,
      submitter: { type: 'resident', name: '张小梅', phone: '13812345678', email: null },
      location: { community_id: xiexia.id, address: '惠环街道斜下村三巷' },
    });
    assert.equal(sent.status, 'submitted');

    // The dispatcher finds it in the inbox (search), masked, and accepts it.
    const page = await consolePage(e);
    await login(page, 'dispatcher');
    await page.waitForURL(/#\/inbox/);
    await page.locator('[data-test=queue-table] .el-table__row').first().waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-inbox');
    await assertLabelled(page, 'the inbox');
    await openFromQueue(page, sent.id);
    await statusIs(page, 'submitted');
    assert.equal(await page.locator('[data-test=appeal-title]').innerText(), TITLE);
    assert.equal(await page.locator('[data-test=submitter-name]').innerText(), '张**');
    assert.equal(await page.locator('[data-test=submitter-phone]').innerText(), '138****5678');
    // Only the steps the dispatcher may take now.
    const actions = await page.locator('[data-test=actions-card] button').evaluateAll((bs) => bs.map((b) => b.dataset.test));
    assert.deepEqual(actions.sort(), ['action-accept', 'action-decline', 'action-merge', 'action-note'].sort());
    // Reveal: the dispatcher may see the contact details.
    await page.locator('[data-test=reveal]').click();
    await page.locator('[data-test=submitter-phone]').getByText('13812345678').waitFor();
    assert.equal(await page.locator('[data-test=submitter-name]').innerText(), '张小梅');

    let dialog = await openStep(page, 'accept');
    await submitStep(page, dialog);
    await statusIs(page, 'accepted');

    // Dispatch to 斜下社区党建联盟, picked from the organisation tree.
    dialog = await openStep(page, 'dispatch');
    const lead = dialog.locator('[data-field=lead_org_id] .el-select');
    await lead.click();
    await page.keyboard.type('斜下社区');
    await page.locator('.el-tree-select__popper:visible .el-tree-node__content').filter({ hasText: '斜下社区党建联盟' }).first().click();
    await page.keyboard.press('Escape').catch(() => {});
    await dialog.getByLabel('备注').fill('请斜下社区尽快核实三巷路灯情况。');
    await quiet(page);
    await e.screenshot(page, 'console-dispatch');
    await assertLabelled(page, 'the dispatch form');
    await submitStep(page, dialog);
    await statusIs(page, 'dispatched');
    assert.equal(await page.locator('[data-test=lead-org]').innerText(), '斜下社区党建联盟');
    await page.locator('[data-test=timeline] [data-test=event-dispatch]').waitFor();
    e.assertClean(page);
    await logout(page);

    // The handler of 斜下 sees it in the unit's queue, with the bell showing the dispatch.
    await login(page, 'xiexia.handler');
    await page.waitForURL(/#\/unit/);
    await page.locator('[data-test=bell] .el-badge__content').waitFor();
    await page.locator(`[data-test=appeal-link-${sent.id}]`).waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-unit');
    await openFromQueue(page, sent.id);
    await statusIs(page, 'dispatched');
    dialog = await openStep(page, 'acknowledge');
    await submitStep(page, dialog);
    await statusIs(page, 'in_progress');

    dialog = await openStep(page, 'contact');
    await dialog.getByLabel('备注').fill('已电话联系张女士，约定今天下午到现场查看。');
    await submitStep(page, dialog);
    await page.locator('[data-test=timeline] [data-test=event-contact]').waitFor();
    await waitFor(async () => (await appealOf(e, sent.id)).times.contacted_at, { what: 'first contact recorded' });

    dialog = await openStep(page, 'reply');
    // A template fills the reply; the handler writes their own over it.
    await dialog.locator('[data-test=reply-template]').click();
    await page.locator('.el-select-dropdown__item:visible').first().click();
    assert.ok((await dialog.getByLabel('答复内容').inputValue()).length >= 15, 'the template filled the reply');
    await dialog.getByLabel('答复内容').fill(REPLY);
    await assertLabelled(page, 'the reply form');
    await dialog.getByText('已解决', { exact: true }).click();
    await submitStep(page, dialog);
    await statusIs(page, 'replied');
    await page.locator('[data-test=reply-card]').getByText('三巷路灯线路老化').waitFor();
    e.assertClean(page);

    // The person rates the answer (their side is the H5's test), and the console shows the
    // appeal closed.
    const rated = await trackPost(e.ctx, sent, { type: 'rate', rating: 'satisfied', resolved: 'yes', comment: '修得很快，谢谢！' });
    assert.equal(rated.status, 200, rated.text);
    await page.locator('[data-test=appeal-reload]').click();
    await statusIs(page, 'closed');
    await page.locator('[data-test=status]').getByText('已办结').first().waitFor();
    await page.locator('[data-test=timeline] [data-test=event-rate]').waitFor();
    assert.deepEqual((await page.locator('[data-test=actions-card] button').count()) >= 0, true);
    await quiet(page);
    await e.screenshot(page, 'console-appeal');
    const closed = await appealOf(e, sent.id);
    assert.equal(closed.status, 'closed');
    assert.equal(closed.rating, 'satisfied');
    e.assertClean(page);
  });

  test('step forms show a missing or refused field next to the field', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const inProgress = await submit(e.ctx, { title: '斜下村三巷井盖松动', description: '三巷口的井盖松动，车辆经过时响声很大，担心有人踩空。' });
    await driveTo(e.ctx, inProgress, 'in_progress');
    const fresh = await submit(e.ctx, { title: '斜下村三巷垃圾桶不够', description: '三巷只有一个垃圾桶，每天都满出来。' });

    const page = await consolePage(e);
    await login(page, 'xiexia.handler');
    await page.waitForURL(/#\/unit/);
    await page.goto(`${e.url}/console/#/appeals/${inProgress.id}`);
    await statusIs(page, 'in_progress');

    // Return without a reason: the reason field says it is required.
    let dialog = await openStep(page, 'return');
    await dialog.locator('[data-test=step-submit]').click();
    await fieldError(dialog, 'reason').getByText('此项为必填项').waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // A reply that is too short, and no outcome.
    dialog = await openStep(page, 'reply');
    await dialog.getByLabel('答复内容').fill('已处理。');
    await dialog.locator('[data-test=step-submit]').click();
    await fieldError(dialog, 'reply').getByText('至少 15 个字').waitFor();
    await fieldError(dialog, 'outcome').getByText('此项为必填项').waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-step-errors');
    await dialog.getByRole('button', { name: '取消' }).click();
    await statusIs(page, 'in_progress');
    e.assertClean(page);
    await logout(page);

    // The server's refusal that names a field lands under it: merging into an appeal that
    // does not exist.
    await login(page, 'dispatcher');
    await page.waitForURL(/#\/inbox/);
    await page.goto(`${e.url}/console/#/appeals/${fresh.id}`);
    await statusIs(page, 'submitted');
    dialog = await openStep(page, 'merge');
    await dialog.locator('[data-field=into_id] input').fill('99999999');
    await page.keyboard.press('Enter');
    await dialog.locator('[data-test=step-submit]').click();
    await fieldError(dialog, 'into_id').getByText(/no such appeal/).waitFor();
    assert.equal((await appealOf(e, fresh.id)).status, 'submitted');
    e.assertClean(page);
  });

  test('the English switch translates the console and is kept on reload', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consolePage(e);
    await login(page, 'dispatcher');
    await page.waitForURL(/#\/inbox/);
    await page.locator('[data-test=lang-switch]').click();
    await page.locator('.el-select-dropdown__item:visible').getByText('English').click();
    await page.locator('[data-test=queue-title]').getByText("Dispatcher's triage inbox").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('menuitem', { name: 'Search appeals' }).waitFor();
    await page.reload();
    await page.locator('[data-test=queue-title]').getByText("Dispatcher's triage inbox").waitFor();
    // Countdowns and statuses in English too.
    await page.locator('[data-test=queue-table] [data-test=status]').first().waitFor();
    assert.doesNotMatch(await page.locator('[data-test=queue-table]').innerText(), /待受理|剩余|已超期/);
    await e.screenshot(page, 'console-inbox-en');
    // Element Plus's own texts follow (the table's empty text, pickers).
    await page.locator('[data-test=lang-switch]').click();
    await page.locator('.el-select-dropdown__item:visible').getByText('中文').click();
    await page.locator('[data-test=queue-title]').getByText('派单员待受理').waitFor();
    e.assertClean(page);
  });

  test('admin: organisation tree, users and roles, categories, calendar', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consolePage(e);
    await login(page, 'admin');
    await page.getByRole('menuitem', { name: '组织架构' }).click();
    await page.locator('[data-test=org-tree]').getByText('斜下社区党建联盟').click();
    await page.locator('[data-test=org-detail] h2').getByText('斜下社区党建联盟').waitFor();
    await page.locator('[data-test=org-members] .el-table__row').first().waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-orgs');

    // A new user, then a role at 御湖社区党建联盟.
    await page.getByRole('menuitem', { name: '用户与角色' }).click();
    await page.locator('[data-test=users-table]').getByText('xiexia.handler').waitFor();
    await page.locator('[data-test=user-create]').click();
    const create = page.locator('.el-dialog:visible');
    await assertLabelled(page, 'the new user form');
    await create.locator('[data-test=form-submit]').click();
    await create.locator('.el-form-item__error').first().getByText('此项为必填项').waitFor();
    await create.getByLabel('用户名').fill('yuhu.helper');
    await create.getByLabel('姓名').fill('御湖社区协办员');
    await create.getByLabel('密码').fill('short');
    await create.locator('[data-test=form-submit]').click();
    // The server's rule for passwords, next to the password.
    await create.locator('.el-form-item:has(#u-password) .el-form-item__error').waitFor();
    await create.getByLabel('密码').fill('yuhu-helper-2026');
    await create.locator('[data-test=form-submit]').click();
    await create.waitFor({ state: 'hidden' });
    await page.locator('[data-test=users-table]').getByText('yuhu.helper').waitFor();
    await page.locator('[data-test=user-grant-yuhu\\.helper]').click();
    const grant = page.locator('.el-dialog:visible');
    await grant.locator('.el-select').last().click();
    await page.keyboard.type('御湖');
    await page.locator('.el-tree-select__popper:visible .el-tree-node__content').filter({ hasText: '御湖社区党建联盟' }).first().click();
    await page.keyboard.press('Escape').catch(() => {});
    await grant.locator('[data-test=form-submit]').click();
    await grant.waitFor({ state: 'hidden' });
    await page.locator('[data-test=users-table] .el-tag').filter({ hasText: '承办人 · 御湖社区党建联盟' }).first().waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-users');
    const admin = await e.ctx.as('admin');
    const users = await admin.get('/api/v1/users?limit=200');
    const helper = users.json.items.find((u) => u.username === 'yuhu.helper');
    assert.deepEqual(helper.roles.map((r) => [r.role, r.org_name]), [['handler', '御湖社区党建联盟']]);

    await page.getByRole('menuitem', { name: '类别与时限' }).click();
    await page.locator('[data-test=categories-table]').getByText('物业管理').waitFor();
    await page.locator('[data-test=tiers-table]').getByText('15 工作日').waitFor();
    await e.screenshot(page, 'console-catalog');

    await page.getByRole('menuitem', { name: '工作日历' }).click();
    await page.locator('[data-test=calendar-table]').getByText('国庆节').first().waitFor();
    // The National Day week on the month grid: holidays and the make-up working days.
    const holiday = page.locator('[data-test=calendar-table] .el-table__row').filter({ hasText: '国庆节' }).filter({ hasText: '节假日' });
    const first = await holiday.first().locator('[data-test^=calendar-show-]').innerText();
    await page.locator(`[data-test=calendar-show-${first}]`).click();
    await page.locator(`[data-test=calendar-grid] [data-day="${first}"]`).getByText('节假日').waitFor();
    await quiet(page);
    await e.screenshot(page, 'console-calendar');
    await page.locator('[data-test=calendar-add]').click();
    const day = page.locator('.el-dialog:visible');
    await day.locator('#cal-day').waitFor();
    await assertLabelled(page, 'the calendar form');
    // A make-up working day must fall on a weekend: said next to the kind.
    await day.locator('#cal-day').fill('2026-12-31');
    await page.keyboard.press('Enter');
    await day.getByText('调休上班', { exact: true }).click();
    await day.getByLabel('名称').fill('年末盘点');
    await day.locator('[data-test=form-submit]').click();
    await day.locator('.el-form-item__error').getByText('调休上班日必须是周六或周日').waitFor();
    await day.getByText('节假日', { exact: true }).click();
    await day.locator('[data-test=form-submit]').click();
    await day.waitFor({ state: 'hidden' });
    await page.locator('[data-test=calendar-table]').getByText('年末盘点').waitFor();
    const listed = await api(e.url, 'GET', '/api/v1/calendar?from=2026-12-31&to=2026-12-31');
    assert.deepEqual(listed.json.items, [{ day: '2026-12-31', kind: 'holiday', name: '年末盘点' }]);
    // And removed again, after a confirmation.
    await page.locator('[data-test=calendar-delete-2026-12-31]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await page.locator('[data-test=calendar-table]').getByText('年末盘点').waitFor({ state: 'detached' });
    assert.deepEqual((await api(e.url, 'GET', '/api/v1/calendar?from=2026-12-31&to=2026-12-31')).json.items, []);
    e.assertClean(page);
  });
});

// ---- an expired session: its own server, with the default 120-minute idle limit ---------

describe('console session', { timeout: E2E_TEST_TIMEOUT_MS * 2 }, () => {
  let e;
  before(async () => {
    e = await startE2E({ conf: e2eConf().replace('idle_minutes = 43200', 'idle_minutes = 120') });
  }, { timeout: E2E_HOOK_TIMEOUT_MS });
  after(async () => {
    await e?.stop();
  }, { timeout: E2E_HOOK_TIMEOUT_MS });

  test('an expired session returns to the login page with a message', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consolePage(e);
    await login(page, 'dispatcher');
    await page.waitForURL(/#\/inbox/);
    await page.locator('[data-test=queue-title]').waitFor();
    await page.goto(`${e.url}/console/#/appeals`);
    await page.locator('[data-test=queue-table] .el-table__row').first().waitFor();

    await advanceClock(e.url, 8000); // past the 120-minute idle limit
    await page.locator('[data-test=queue-reload]').click();
    await page.waitForURL(/#\/login/);
    await page.locator('[data-test=login-notice]').getByText('登录已过期，请重新登录').waitFor();
    // The page it was on comes back after logging in again.
    assert.match(decodeURIComponent(page.url()), /next=\/appeals/);
    await login(page, 'dispatcher');
    await page.waitForURL(/#\/appeals/);
    const me = await api(e.url, 'GET', '/api/v1/me');
    assert.equal(me.status, 401, 'no cookie, no session');
    e.assertClean(page);
  });
});
