// End-to-end tests of keeping in touch (issue 12): the home view of a
// cadre and an officer, logging a meeting on a phone, "I know them", the
// profile with the opt-out, the calendar feed. Same harness as
// explorer.test.mjs: playwright-core drives Debian's chromium against a
// real server holding the demo graph; the server gets a known HS256 secret
// so that the tests can sign tokens for any person and unit.
//
//   LIAISON_E2E_URL, LIAISON_E2E_JWT_SECRET   test a running server started with that secret
//   LIAISON_BIN, NEO4J_URI                    otherwise: start LIAISON_BIN serve in demo mode
//   LIAISON_CHROMIUM, LIAISON_E2E_SCREENSHOTS as in explorer.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { shots, serveWithSecret, graphql, mint as mintWith, guardedPages } from './harness.mjs';

const secret = process.env.LIAISON_E2E_JWT_SECRET || crypto.randomBytes(32).toString('hex');

let base = '';
let browser = null;
let page = null;
const pages = guardedPages();

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1440, height: 900 };

// The demo graph's people: 张三 (a cadre of 国家发展和改革委员会), 李四 (the
// demo officer, of 北京市科学技术委员会), and 张三's ties.
const ZHANG = 'per_demo-1';
const SHAN = 'per_demo-4'; // 单新 (sx), works at 北京市科学技术委员会
const WEN = 'per_demo-74'; // 文娜琪 (wnq)
const LU = 'per_demo-67'; // 陆兰燕 (lly)
const GUO = 'per_demo-76'; // 郭强
const NDRC = 'unt_demo-1';
const KEWEI = 'unt_demo-17';

// mint signs an HS256 token as liaison token would.
const mint = (claims) => mintWith(secret, claims);

const tokens = {
  admin: () => mint({ sub: 'e2e-admin', role: 'admin' }),
  zhang: () => mint({ sub: 'e2e-zhang', role: 'cadre', person: ZHANG, unit: NDRC }),
  shan: () => mint({ sub: 'e2e-shan', role: 'cadre', person: SHAN, unit: KEWEI }),
  wen: () => mint({ sub: 'e2e-wen', role: 'cadre', person: WEN, unit: NDRC }),
};

const api = (token, query, variables) => graphql(base, token, query, variables);

let close = null;
before(async () => { ({ base, browser, close } = await serveWithSecret(secret)); });
after(async () => { if (close) await close(); });

// Each test gets a fresh browser context (own storage) of the size it asks.
async function openPage(viewport, { as = null, role = 'cadre', lang = 'zh', isMobile = false } = {}) {
  page = await pages.open(browser, base, { viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: isMobile ? 2 : 1 }, { as, role, lang });
  return page;
}


const shot = (name, opts = {}) => page.screenshot({ path: path.join(shots, name), ...opts });

// addParticipant types the query into the log form and picks the person.
async function addParticipant(query, id) {
  await page.fill('#log-person-search', query);
  const hit = page.locator(`#log-form .suggest li[data-id="${id}"]`);
  await hit.waitFor();
  await hit.click();
  await page.waitForSelector(`#log-people li[data-id="${id}"]`);
}

// smallTargets lists the visible controls in the element smaller than
// 44 px in either direction.
function smallTargets(selector) {
  return page.$$eval(`${selector} button, ${selector} input, ${selector} select, ${selector} textarea, ${selector} .ent`, (els) => els
    .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
    .map((el) => ({ el: el.id || el.className || el.tagName, r: el.getBoundingClientRect(), type: el.type }))
    .filter(({ r, type }) => type !== 'checkbox' ? r.height < 44 : r.height < 24)
    .map(({ el, r }) => `${el} ${Math.round(r.width)}×${Math.round(r.height)}`));
}

async function interactionCount(person) {
  const d = await api(tokens.admin(), 'query($id: ID!) { node(id: $id) { ... on Person { interactions(first: 1) { totalCount } } } }', { id: person });
  return d.node.interactions.totalCount;
}

for (const [label, viewport, people] of [['phone 360×740', PHONE, [['sx', SHAN], ['wnq', WEN]]], ['desktop', DESKTOP, [['lly', LU], ['sx', SHAN]]]]) {
  test(`${label}: a cadre's home view opens first; they log a meeting with two people found by pinyin initials and see the ties rise`, async () => {
    await openPage(viewport, { role: 'cadre', isMobile: viewport === PHONE });
    await page.waitForSelector('#home:not([hidden]) #home-reconnect');
    assert.equal(await page.isVisible('main.layout'), false, 'the graph is hidden behind the home view');
    assert.match(await page.textContent('#home-title'), /我的联络/);
    assert.ok(await page.locator('#home-reconnect [data-contacted]').count() > 0, 'reconnect suggestions, each with 已联系');
    assert.ok(await page.isVisible('#home-leaving') && await page.isVisible('#home-arrivals') && await page.isVisible('#home-interactions'));
    if (viewport === PHONE) {
      assert.deepEqual(await smallTargets('#home'), [], 'touch targets of at least 44 px on the home view');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px)`);
      await shot('keepintouch-home.png', { fullPage: true });
    }
    const count = await interactionCount(ZHANG);

    // 已联系 on a suggestion opens the form with that person already in.
    const first = page.locator('#home-reconnect [data-contacted]').first();
    const suggested = await first.getAttribute('data-contacted');
    await first.click();
    await page.waitForSelector('#form-dialog[open] #log-form');
    assert.ok(await page.locator(`#log-people li[data-id="${ZHANG}"]`).count() === 1, 'the signed-in person is in');
    assert.ok(await page.locator(`#log-people li[data-id="${suggested}"]`).count() === 1, 'the suggested person is in');
    await page.click(`#log-people [data-remove="${suggested}"]`);
    assert.equal(await page.locator(`#log-people li[data-id="${suggested}"]`).count(), 0);

    for (const [q, id] of people) await addParticipant(q, id);
    await page.selectOption('#log-kind', 'MEETING');
    await page.fill('#log-summary', `在${label}上记录：谈了京保合作的下一步`);
    if (viewport === PHONE) {
      assert.deepEqual(await smallTargets('#form-dialog'), [], 'touch targets of at least 44 px in the form');
      await shot('keepintouch-log-phone.png');
    }
    await page.click('#log-submit');
    await page.waitForSelector('#log-result .tie-change');
    const changes = await page.$$eval('#log-result .tie-change', (lis) => lis.map((li) => ({ id: li.dataset.person, before: Number(li.dataset.before), after: Number(li.dataset.after), text: li.textContent })));
    assert.deepEqual(changes.map((c) => c.id).sort(), people.map(([, id]) => id).sort());
    for (const c of changes) {
      assert.ok(c.after > c.before, `the tie to ${c.id} rose: ${c.before} → ${c.after}`);
      assert.match(c.text, /\d\.\d\d → \d\.\d\d/);
    }
    if (viewport === PHONE) await shot('keepintouch-logged-phone.png');
    assert.equal(await interactionCount(ZHANG), count + 1, 'one interaction more');
    await page.click('#log-result [data-close-dialog]');
    // The home view lists it among the latest contacts.
    await page.waitForFunction(() => /京保合作/.test(document.querySelector('#home-interactions').textContent));
  });
}

test('a date in the future: the server\'s message beside the date field, what was typed kept, nothing written', async () => {
  await openPage(PHONE, { role: 'cadre', isMobile: true });
  await page.waitForSelector('#home-log');
  const count = await interactionCount(ZHANG);
  await page.click('#home-log');
  await addParticipant('sx', SHAN);
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  await page.fill('#log-at', `${tomorrow.getFullYear()}-${p(tomorrow.getMonth() + 1)}-${p(tomorrow.getDate())}T10:30`);
  await page.fill('#log-summary', '明天的会');
  await page.click('#log-submit');
  await page.waitForSelector('#err-at:not([hidden])');
  const msg = await page.textContent('#err-at');
  assert.match(msg, /input\.at: must not lie in the future/);
  assert.equal(await page.getAttribute('#log-at', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#log-summary'), '明天的会', 'the form keeps what was typed');
  assert.equal(await page.locator(`#log-people li[data-id="${SHAN}"]`).count(), 1);
  assert.equal(await page.isVisible('#log-result'), false);
  await shot('keepintouch-log-error.png');
  assert.equal(await interactionCount(ZHANG), count, 'nothing was written');
});

test('an officer reads the summary a colleague of their unit logged, not another unit\'s', async () => {
  const tag = crypto.randomBytes(3).toString('hex');
  const at = new Date(Date.now() - 3600 * 1000).toISOString();
  const log = (tok, ids, summary) => api(tok, 'mutation($in: LogInteractionInput!) { logInteraction(input: $in) { id } }',
    { in: { participantIds: ids, at, kind: 'VISIT', summary } });
  await log(tokens.shan(), [SHAN, GUO], `科委纪要${tag}`); // 单新, of the officer's unit
  await log(tokens.wen(), [WEN, GUO], `发改委纪要${tag}`); // 文娜琪, of another unit
  await openPage(DESKTOP, { role: 'officer' });
  // The demo officer (李四, 北京市科学技术委员会) starts on their home view.
  await page.waitForSelector('#home:not([hidden]) #home-title');
  await page.evaluate((id) => { location.hash = `id=${id}`; }, GUO);
  await page.waitForSelector('#entity-name');
  await page.click('#tab-network');
  await page.waitForSelector('#pane-network #interactions');
  const text = await page.textContent('#pane-network #interactions');
  assert.match(text, new RegExp(`科委纪要${tag}`), 'the unit colleague\'s summary');
  assert.doesNotMatch(text, new RegExp(`发改委纪要${tag}`), 'not the other unit\'s summary');
  assert.equal(await page.locator('#pane-network #interactions li', { hasText: tag }).count(), 1);
});

test('a cadre turns discoverable off, with the sentence saying what it hides; an officer\'s search no longer finds them', async () => {
  try {
    await discoverableOff();
  } finally {
    await api(tokens.admin(), 'mutation($id: ID!) { updatePerson(id: $id, input: {discoverable: true, wechat: ""}) { id } }', { id: WEN });
  }
});

async function discoverableOff() {
  await openPage(PHONE, { as: tokens.wen(), role: 'cadre', isMobile: true });
  await page.waitForSelector('#home-profile');
  await page.click('#home-profile');
  await page.waitForSelector('#profile-form');
  assert.equal(await page.isChecked('#pf-discoverable'), true);
  assert.match(await page.textContent('#discoverable-explain'), /除管理员外.*搜索/);
  await page.uncheck('#pf-discoverable');
  await page.fill('#pf-wechat', 'wen_naqi');
  await shot('keepintouch-profile-phone.png');
  await page.click('#profile-submit');
  await page.waitForFunction(() => !document.querySelector('#form-dialog').open);
  // They still see themselves.
  await page.waitForSelector('#home:not([hidden]) #home-title');

  const me = await api(tokens.wen(), '{ me { person { id discoverable wechat } } }');
  assert.deepEqual(me.me.person, { id: WEN, discoverable: false, wechat: 'wen_naqi' }, 'saved, and they still see themselves');

  await openPage(DESKTOP, { role: 'officer' });
  await page.click('#view-switch');
  await page.fill('#search', 'wnq');
  await page.waitForSelector('#search-list li');
  await page.waitForFunction(() => !/搜索中/.test(document.querySelector('#search-list').textContent));
  assert.equal(await page.locator(`#search-list li[data-id="${WEN}"]`).count(), 0, 'the officer does not find them');
  const d = await api(tokens.admin(), 'query { search(query: "wnq", kinds: [PERSON]) { node { id } } }');
  assert.ok(d.search.some((h) => h.node.id === WEN), 'an admin still does');
}

test('the analyst sees no write buttons; a cadre sees them on another person', async () => {
  await openPage(DESKTOP, { role: 'analyst' });
  assert.equal(await page.isVisible('#view-switch'), false, 'no home view');
  await page.evaluate((id) => { location.hash = `id=${id}`; }, SHAN);
  await page.waitForSelector('#entity-name');
  await page.waitForSelector('#entity-actions [data-act]');
  for (const act of ['log', 'know', 'unknow', 'profile']) assert.equal(await page.locator(`[data-act=${act}]`).count(), 0, `no ${act} for the analyst`);
  assert.equal(await page.locator('#home-log, #home-profile, [data-contacted]').count(), 0);

  await openPage(DESKTOP, { role: 'cadre' });
  await page.click('#view-switch');
  await page.evaluate((id) => { location.hash = `id=${id}`; }, LU);
  await page.waitForSelector('#entity-actions [data-act=log]');
  assert.ok(await page.locator('[data-act=know], [data-act=unknow]').count() === 1);
});

test('I know them: a cadre declares an acquaintance from a person\'s page and ends it', async () => {
  // Someone 文娜琪 does not know yet.
  const known = await api(tokens.admin(), 'query($id: ID!) { node(id: $id) { ... on Person { acquaintances(first: 100) { edges { node { person { id } } } } } } }', { id: WEN });
  const knownIds = new Set(known.node.acquaintances.edges.map((x) => x.node.person.id));
  const people = await api(tokens.admin(), '{ people(where: {discoverable: true}, first: 100) { edges { node { id } } } }');
  const target = people.people.edges.map((x) => x.node.id).find((id) => id !== WEN && !knownIds.has(id));
  assert.ok(target, 'someone 文娜琪 does not know');
  await openPage(DESKTOP, { as: tokens.wen(), role: 'cadre' });
  await page.evaluate((id) => { location.hash = `id=${id}`; }, target);
  await page.waitForSelector('#entity-actions [data-act=know]');
  await page.click('[data-act=know]');
  await page.waitForSelector('#know-form');
  await page.fill('#know-since', '2023-05-01');
  await page.fill('#know-how', '招商推介会');
  await page.click('#know-submit');
  await page.waitForSelector('#entity-actions [data-act=unknow]');
  page.once('dialog', (d) => d.accept());
  await page.click('[data-act=unknow]');
  await page.waitForSelector('#entity-actions [data-act=know]');
  const d = await api(tokens.admin(), 'query($id: ID!) { node(id: $id) { ... on Person { acquaintances(first: 100) { edges { node { person { id } how to current } } } } } }', { id: WEN });
  const a = d.node.acquaintances.edges.map((e) => e.node).find((x) => x.person.id === target && x.how === '招商推介会');
  assert.ok(a && a.to, `the acquaintance was recorded and ended: ${JSON.stringify(a)}`);
});

function checkICS(body) {
  assert.ok(body.endsWith('\r\n'), 'CRLF line ends');
  assert.ok(!/[^\r]\n/.test(body), 'no bare LF');
  const lines = body.slice(0, -2).split('\r\n');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines[lines.length - 1], 'END:VCALENDAR');
  for (const l of lines) assert.ok(Buffer.byteLength(l) <= 75, `line of ${Buffer.byteLength(l)} octets: ${l}`);
  const unfolded = body.replace(/\r\n[ \t]/g, '');
  assert.match(unfolded, /\r\nVERSION:2\.0\r\n/);
  assert.match(unfolded, /\r\nPRODID:[^\r]+\r\n/);
  const events = unfolded.split('BEGIN:VEVENT').slice(1);
  for (const ev of events) {
    assert.match(ev, /\r\nUID:[^\r]+/);
    assert.match(ev, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    assert.match(ev, /\r\nDTSTART;VALUE=DATE:\d{8}\r\n/);
  }
  return { unfolded, events };
}

test('the calendar feed parses and lists the reconnect suggestions; a rotated secret stops the old URL (403)', async () => {
  await openPage(DESKTOP, { role: 'cadre' });
  await page.waitForSelector('#home-profile');
  await page.click('#home-profile');
  await page.waitForSelector('#cal-rotate');
  await page.click('#cal-rotate');
  await page.waitForSelector('#cal-url');
  const url = await page.inputValue('#cal-url');
  assert.match(url, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await shot('keepintouch-calendar.png');
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const { unfolded, events } = checkICS(await res.text());
  const sugg = (await api(tokens.zhang(), `query { reconnectSuggestions(person: "${ZHANG}", first: 20) { person { id name } } }`)).reconnectSuggestions;
  assert.ok(sugg.length > 0);
  for (const s of sugg) assert.ok(events.some((ev) => ev.includes(`UID:reconnect-${ZHANG}-${s.person.id}-`) && ev.includes(`SUMMARY:联系 ${s.person.name}`)), `the feed lists ${s.person.name}`);
  assert.match(unfolded, /DESCRIPTION:[^\r]*(没有联系|从未记录联系|未联系)/);

  await page.click('#cal-rotate');
  await page.waitForFunction((old) => document.querySelector('#cal-url') && document.querySelector('#cal-url').value !== old, url);
  const fresh = await page.inputValue('#cal-url');
  assert.equal((await fetch(url)).status, 403, 'the old URL is refused');
  assert.equal((await fetch(fresh)).status, 200, 'the new one works');
});

test('in English: the home view and the form', async () => {
  await openPage(PHONE, { role: 'officer', lang: 'en', isMobile: true });
  await page.waitForSelector('#home:not([hidden]) #home-title');
  assert.match(await page.textContent('#home-title'), /My network/);
  await page.click('#home-log');
  await page.waitForSelector('#log-form');
  assert.match(await page.textContent('#form-title'), /Log a contact/);
  assert.equal(await page.getAttribute('#form-close', 'aria-label'), 'Close');
  for (const id of ['log-person-search', 'log-kind', 'log-at', 'log-summary', 'log-about-search']) {
    const label = await page.locator(`label[for="${id}"]`).count();
    assert.equal(label, 1, `a label for #${id}`);
  }
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#form-dialog').open);
});
