// 统计分析 in a real browser (Debian's Chromium at 1280×800), on the demo district (its
// appeals of the last six weeks, so the server's clock is today): admin opens the
// dashboard for last month and sees the rates, the ranking, the trend and 每月一题; from a
// unit's response rate (the late ones, side=miss) to exactly those cases and into one;
// the monthly report printed to PDF by Chromium (non-empty, with its title); the export
// buttons download files named as the server names them. Also 回访 asks both questions
// (问题是否解决 and 满意度).
//
// Screenshots: docs/screenshots/console-stats.png and console-stats-report.png when run
// with HUIYIN_SCREENSHOT_DIR=docs/screenshots (tests/out/screenshots otherwise).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { E2E_HOOK_TIMEOUT_MS, E2E_TEST_TIMEOUT_MS, startE2E, waitFor } from './lib/browser.mjs';

const PASSWORD = 'huiyin-demo';

// Last month, as YYYY-MM, in Asia/Shanghai (the demo's six weeks cover it).
function lastMonth() {
  const d = new Date(Date.now() + 8 * 3600e3);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

async function consoleAs(e, username, hash) {
  const page = await e.newPage({ mobile: false });
  await page.goto(`${e.url}/console/#/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('[data-test=user-menu]').waitFor();
  if (hash) await page.goto(`${e.url}/console/#${hash}`);
  return page;
}

// The PDF's /Title: a literal string, or UTF-16BE in hex (<FEFF…>) for Chinese.
function pdfTitle(buf) {
  const s = buf.toString('latin1');
  const hex = s.match(/\/Title\s*<([0-9A-Fa-f\s]+)>/);
  if (hex) {
    const b = Buffer.from(hex[1].replace(/\s+/g, ''), 'hex');
    const body = b[0] === 0xfe && b[1] === 0xff ? b.subarray(2) : b;
    return Buffer.from(body).swap16().toString('utf16le');
  }
  const lit = s.match(/\/Title\s*\(((?:\\.|[^\\)])*)\)/);
  return lit ? lit[1] : null;
}

describe('statistics', { timeout: E2E_TEST_TIMEOUT_MS * 6 }, () => {
  let e;
  const month = lastMonth();
  const filter = `period=month&date=${month}-01`;
  before(async () => {
    e = await startE2E({ now: new Date().toISOString() });
  }, { timeout: E2E_HOOK_TIMEOUT_MS });
  after(async () => {
    await e?.stop();
  }, { timeout: E2E_HOOK_TIMEOUT_MS });

  test('admin opens 统计分析: the demo district’s rates, ranking, trend, 每月一题 and lists', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consoleAs(e, 'admin');
    await page.getByRole('menuitem', { name: '统计分析' }).click();
    await page.locator('[data-test=stats-title]').getByText('统计分析').waitFor();
    await page.goto(`${e.url}/console/#/stats?${filter}`);

    // The cards say what the API says, with their counts.
    const admin = await e.ctx.as('admin');
    const sum = (await admin.get(`/api/v1/stats/summary?${filter}`)).json;
    assert.ok(sum.counts.received > 0, 'the demo has appeals last month');
    const card = page.locator('[data-test=rate-response]');
    await card.waitFor();
    const r = sum.rates.response;
    await card.locator('[data-test=rate-response-den]').getByText(String(r.den), { exact: true }).waitFor();
    if (r.too_few) await card.getByText('样本不足').waitFor();
    else await card.getByText(`${(Math.round(r.value * 1000) / 10).toFixed(1)}%`).first().waitFor();
    await page.locator('[data-test=score-card]').getByText('权重').waitFor();
    await page.locator('[data-test=count-received]').getByText(String(sum.counts.received), { exact: true }).waitFor();

    // The ranking within each class; the trend and breakdown charts drawn; 每月一题.
    await page.locator('[data-test=ranking-department] .el-table__row').first().waitFor();
    await page.getByRole('tab', { name: '社区' }).click();
    await page.locator('[data-test=ranking-community] .el-table__row').first().waitFor();
    await page.getByRole('tab', { name: '部门' }).click();
    await page.locator('[data-test=trend-chart] canvas').waitFor();
    await page.locator('[data-test=breakdown-category] canvas').waitFor();
    await page.locator('[data-test=topics]').waitFor({ state: 'attached' });
    // The whole dashboard in one picture: a tall window (the console scrolls inside it).
    await page.setViewportSize({ width: 1280, height: 2300 });
    await page.waitForTimeout(300); // the charts redraw at the new size (ResizeObserver)
    await e.screenshot(page, 'console-stats');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('[data-test=stats-lists]').waitFor();

    // In English too.
    await page.locator('[data-test=lang-switch]').click();
    await page.locator('.el-select-dropdown__item:visible').getByText('English').click();
    await page.locator('[data-test=stats-title]').getByText('Statistics').waitFor();
    await page.locator('[data-test=rate-response]').getByText('Response').waitFor();
    await page.getByRole('tab', { name: 'Communities' }).waitFor();
    e.assertClean(page);
    await page.context().close();
  });

  test('from a unit’s response rate to its late cases, and into one', { timeout: E2E_TEST_TIMEOUT_MS, skip: 'GET /api/v1/stats/cases is not built yet (issue 13): the drill-down has no cases to list' }, async () => {
    const admin = await e.ctx.as('admin');
    // A department with late responses last month.
    const units = (await admin.get(`/api/v1/stats/units?${filter}&class=department`)).json.items;
    const unit = units.find((u) => u.rates.response.den - u.rates.response.num > 0);
    assert.ok(unit, 'a department responded late last month in the demo');
    const late = unit.rates.response.den - unit.rates.response.num;

    const page = await consoleAs(e, 'admin', `/stats?${filter}`);
    const cell = page.locator(`[data-test=unit-${unit.org.id}-response]`);
    await cell.click();
    await page.waitForURL(/#\/stats\/cases\?/);
    const url = new URL(page.url().replace('#/', ''));
    assert.equal(url.searchParams.get('figure'), 'response');
    assert.equal(url.searchParams.get('side'), 'miss');
    assert.equal(url.searchParams.get('org'), String(unit.org.id));
    await page.locator('[data-test=stats-cases-title]').getByText('响应率 · 未达标').waitFor();

    // Exactly the late ones: as many as the figure says, the same as the API lists.
    await page.locator('[data-test=stats-cases-total]').getByText(`共 ${late} 件`).waitFor();
    const api = (await admin.get(`/api/v1/stats/cases?${filter}&org=${unit.org.id}&figure=response&side=miss&limit=100`)).json;
    assert.equal(api.total, late);
    const first = api.items[0];
    await page.locator(`[data-test=case-link-${first.id}]`).click();
    await page.locator(`[data-test=appeal-page]`).waitFor();
    await page.getByText(first.title).first().waitFor();
    // Back to the list it came from.
    await page.getByRole('link', { name: '返回列表' }).click();
    await page.waitForURL(/#\/stats\/cases\?/);
    e.assertClean(page);
    await page.context().close();
  });

  test('the monthly report prints to a PDF with its title', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const page = await consoleAs(e, 'admin', `/stats/report?month=${month}`);
    const title = page.locator('[data-test=report-title]');
    await title.getByText(`月度报告 ${month}`).waitFor();
    await page.locator('[data-test=report-figures]').waitFor();
    await page.locator('[data-test=ranking-community] .el-table__row').first().waitFor();
    await page.locator('[data-test=trend-chart] canvas').waitFor();
    // Without the console's frame; the toolbar does not print.
    assert.equal(await page.locator('.aside').count(), 0);
    await e.screenshot(page, 'console-stats-report', { fullPage: true });

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-test=report-print]').isVisible(), false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 20000, `the PDF has content (${pdf.length} bytes)`);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 2, `the report runs over pages (${pages})`);
    assert.match(pdfTitle(pdf) ?? '', new RegExp(`^月度报告 ${month}`));
    e.assertClean(page);
    await page.context().close();
  });

  test('回访 asks whether the problem was solved and how satisfied the person is', { timeout: E2E_TEST_TIMEOUT_MS }, async () => {
    const disp = await e.ctx.as('dispatcher');
    const replied = (await disp.get('/api/v1/appeals?status=replied&limit=5')).json.items;
    assert.ok(replied.length, 'the demo has answered appeals awaiting a rating');
    const id = replied[0].id;
    const page = await consoleAs(e, 'dispatcher', `/appeals/${id}`);
    await page.locator('[data-test=action-callback]').click();
    const dialog = page.locator('.el-dialog:has(form[data-step=callback])');
    await dialog.waitFor();
    // Both questions are required: sending with only 满意度 marks 问题是否解决.
    await dialog.locator('[data-field=rating]').getByText('满意', { exact: true }).click();
    await dialog.locator('[data-test=step-submit]').click();
    await dialog.locator('[data-field=resolved] .el-form-item__error').waitFor();
    await dialog.locator('[data-field=resolved]').getByText('部分解决').click();
    await dialog.locator('[data-test=step-submit]').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('回访：问题是否解决').waitFor();
    const a = (await disp.get(`/api/v1/appeals/${id}`)).json;
    assert.equal(a.callback_resolved, 'partly');
    assert.equal(a.callback_rating, 'satisfied');
    e.assertClean(page);
    await page.context().close();
  });

  test('export buttons download the ranking and the lists as Excel and CSV', { timeout: E2E_TEST_TIMEOUT_MS, skip: 'the ranking export (/stats/units?format=xlsx) is not built yet (issue 13)' }, async () => {
    const page = await consoleAs(e, 'admin', `/stats?${filter}`);
    await page.locator('[data-test=ranking-department] .el-table__row').first().waitFor();
    const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10).replace(/-/g, '');

    async function download(locator) {
      const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
      const file = await dl.path();
      return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
    }
    const ranking = await download(page.locator('[data-test=ranking-export-xlsx]'));
    assert.match(ranking.name, new RegExp(`^huiyin-.+-${day}\\.xlsx$`));
    assert.equal(ranking.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip');

    await page.goto(`${e.url}/console/#/appeals`);
    await page.locator('[data-test=queue-table] .el-table__row').first().waitFor();
    const appeals = await download(page.locator('[data-test=queue-export-csv]'));
    assert.equal(appeals.name, `huiyin-appeals-${day}.csv`);
    assert.deepEqual([...appeals.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');

    await page.goto(`${e.url}/console/#/needs`);
    await page.locator('[data-test=needs-title]').waitFor();
    const needs = await download(page.locator('[data-test=needs-export-xlsx]'));
    assert.equal(needs.name, `huiyin-needs-${day}.xlsx`);
    e.assertClean(page);
    await page.context().close();
  });
});
