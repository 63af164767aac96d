// End-to-end tests of the six roles (issue 21): a cadre records a
// contribution on a phone (a wrong field is named beside it), the
// organization department confirms it from its queue, and it appears in
// the unit's report: the role breakdown of the report panel, the printable
// HTML and the XLSX download. Same harness as keepintouch.test.mjs: a real
// server in demo mode with a known HS256 secret, Debian's chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { shots, serveWithSecret, graphql, mint as mintWith, guardedPages } from './harness.mjs';

const secret = process.env.LIAISON_E2E_JWT_SECRET || crypto.randomBytes(32).toString('hex');

let base = '';
let browser = null;
let close = null;
let page = null;
const pages = guardedPages();
const mint = (claims) => mintWith(secret, claims);
const api = (token, query, variables) => graphql(base, token, query, variables);

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1440, height: 900 };
const LI = 'per_demo-2'; // 李四, serving since 2025, sent by 北京市科学技术委员会
const KEWEI = 'unt_demo-17';

const tokens = {
  admin: () => mint({ sub: 'e2e-admin', role: 'admin' }),
  li: () => mint({ sub: 'e2e-li', role: 'cadre', person: LI, unit: KEWEI }),
};

before(async () => { ({ base, browser, close } = await serveWithSecret(secret)); });
after(async () => { if (close) await close(); });

async function openPage(viewport, { as, role, isMobile = false }) {
  page = await pages.open(browser, base, { viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: isMobile ? 2 : 1, acceptDownloads: true }, { as, role });
  return page;
}


const shot = (name) => page.screenshot({ path: path.join(shots, name) });

// zipText returns the text of every XML part of an XLSX (a zip) joined.
function zipText(buf) {
  let out = '';
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    out += (method === 8 ? zlib.inflateRawSync(raw) : raw).toString('utf8');
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

const title = `争取国家级试点政策支持 ${crypto.randomBytes(3).toString('hex')}`;
let recordedId = '';

test('phone 360×740: a cadre records a support won; a missing title is named beside its field; 我的履职 shows it pending', async () => {
  await openPage(PHONE, { as: tokens.li(), role: 'cadre', isMobile: true });
  await page.waitForSelector('#home:not([hidden]) #home-record #record-open', { timeout: 150000 });
  assert.match(await page.textContent('#h-record'), /我的履职/);
  await page.click('#record-open');
  await page.waitForSelector('#contrib-form');
  await page.selectOption('#c-kind', 'SUPPORT');
  assert.equal(await page.isVisible('#c-stage'), true, 'a support asks for its stage');
  await page.selectOption('#c-stage', 'WON');
  await page.fill('#c-amount', '1200');
  await page.click('#c-submit');
  await page.waitForSelector('#err-title:not([hidden])');
  assert.match(await page.textContent('#err-title'), /must not be empty|不能为空/);
  assert.equal(await page.getAttribute('#c-title', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#c-amount'), '1200', 'what was typed is kept');
  await page.fill('#c-title', title);
  await page.fill('#c-description', '协调部委将本市纳入国家级试点');
  await shot('contribution-record-phone.png');
  await page.click('#c-submit');
  await page.waitForSelector('#form-dialog:not([open])', { state: 'attached' });
  await page.waitForFunction((t) => [...document.querySelectorAll('#home-record li')].some((li) => li.textContent.includes(t)), title);
  const li = page.locator('#home-record li', { hasText: title });
  assert.equal(await li.locator('[data-review]').getAttribute('data-review'), 'PENDING');
  recordedId = await li.getAttribute('data-contribution');
  assert.match(recordedId, /^con_/);
  assert.ok(await page.isVisible('#record-print'), '我的履职 is printable');
  await shot('contribution-home-phone.png');
});

test('desktop: the organization department confirms it from the queue; it appears in the unit report (panel, HTML, XLSX)', async () => {
  assert.ok(recordedId, 'the first test recorded one');
  await openPage(DESKTOP, { as: tokens.admin(), role: 'admin' });
  await page.waitForSelector('#queue-open:not([hidden])');
  await page.click('#queue-open');
  const item = page.locator(`#queue-list li[data-contribution="${recordedId}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), new RegExp(title));
  // Returning needs a comment: the server's message sits beside it.
  await item.locator('[data-decision=RETURNED]').click();
  await item.locator('[data-error-for=comment]:not([hidden])').waitFor();
  await item.locator('input[name=story]').check();
  await item.locator('textarea[name=storyText]').fill('多方奔走，试点落地');
  await shot('contribution-queue.png');
  await item.locator('[data-decision=CONFIRMED]').click();
  await item.locator('.ok').waitFor();
  assert.match(await item.textContent(), /已确认/);
  await page.click('#form-close');

  // The report panel of the dispatching unit shows the role breakdown.
  await page.evaluate((id) => window.liaison.open(id), KEWEI);
  await page.waitForFunction((id) => window.liaison.state.selected === id, KEWEI);
  await page.click('#tab-report');
  await page.waitForSelector('#report-roles:not([hidden]) tr[data-role=SUPPORT]');
  assert.match(await page.textContent('#report-roles tr[data-role=SUPPORT]'), new RegExp(title.slice(0, 8)));
  await shot('contribution-report-panel.png');

  const hs = { Authorization: 'Bearer ' + tokens.admin() };
  const html = await (await fetch(base + `/reports/units/${KEWEI}?format=html`, { headers: hs })).text();
  assert.match(html, /六个作用/);
  assert.ok(html.includes(title), 'the confirmed contribution is in the printable report');
  // The XLSX the page downloads holds it on the roles sheet.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-report=xlsx]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const xml = zipText(fs.readFileSync(await download.path()));
  assert.ok(xml.includes('六个作用 Roles'), 'the workbook has the roles sheet');
  assert.ok(xml.includes(title), 'the confirmed contribution is in the workbook');
  // And the cadre's own record now says confirmed.
  const d = await api(tokens.li(), `query($id: ID!) { node(id: $id) { ... on Contribution { review story } } }`, { id: recordedId });
  assert.deepEqual(d.node, { review: 'CONFIRMED', story: true });
});
