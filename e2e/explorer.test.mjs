// End-to-end tests of the explorer page: playwright-core drives Debian's
// chromium (headless, no sandbox, a fresh profile) against a real server
// holding the demo graph.
//
//   LIAISON_E2E_URL          test a running server (its database must hold the demo graph)
//   LIAISON_BIN, NEO4J_URI   otherwise: start LIAISON_BIN serve (default ../bin/liaison) in demo
//                            mode against that Neo4j; it loads the demo graph when empty
//   LIAISON_CHROMIUM         the browser (default /usr/bin/chromium)
//   LIAISON_E2E_SCREENSHOTS  where to save screenshots (default e2e/screenshots; `make screenshots` uses docs)
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { shots, chromiumPath, browserArgs, startServer, stayLocal } from './harness.mjs';

let base = '';
let stopServer = null;
let context = null;
let profile = null;
let page = null;
let problems = [];

before(async () => {
  ({ base, stop: stopServer } = await startServer());
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: browserArgs,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  // Nothing may leave the machine: every request goes to the server.
  await stayLocal(context, base, (msg) => problems.push(msg));
});

after(async () => {
  if (context) await context.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  if (stopServer) await stopServer();
});

beforeEach(async () => {
  problems = [];
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
});

afterEach(async () => {
  await page.close();
  assert.deepEqual(problems, [], 'no console errors, page errors or outside requests');
});

const shot = (name, opts = {}) => page.screenshot({ path: path.join(shots, name), ...opts });

async function load(url = '/', lang = 'zh') {
  await page.goto(base + '/healthz');
  await page.evaluate((l) => { localStorage.clear(); localStorage.setItem('liaison.lang', l); }, lang);
  await page.goto(base + url);
  await page.waitForSelector('body[data-ready=true]');
}

async function searchAndOpen(query, id) {
  await page.fill('#search', query);
  const hit = page.locator(`#search-list li[data-id="${id}"]`);
  await hit.waitFor();
  await hit.click();
  await page.waitForFunction((i) => window.liaison.graph.has(i) && window.liaison.state.selected === i, id);
  await page.waitForSelector('#entity-name');
}

// findPaths clicks "find paths" and waits for that run's answer.
async function findPaths() {
  const n = Number(await page.getAttribute('body', 'data-path-runs') || 0);
  await page.click('#find-paths');
  await page.waitForSelector(`body[data-path-runs="${n + 1}"]`);
}

const graphSize = () => page.evaluate(() => window.liaison.graph.size());

// clickNode clicks a node where it is drawn on the canvas.
async function clickNode(id, { double = false } = {}) {
  const pos = await page.evaluate((i) => {
    const cy = window.liaison.graph.cy;
    const n = cy.getElementById(i);
    cy.center(n);
    const p = n.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
  if (double) await page.mouse.dblclick(pos.x, pos.y);
  else await page.mouse.click(pos.x, pos.y);
}

test('search "zs" suggests a person with those pinyin initials; opening them shows details and the graph', async () => {
  await load();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.fill('#search', 'zs');
  await page.waitForSelector('#search-list li[data-id]');
  const hits = await page.$$eval('#search-list li[data-id]', (lis) => lis.map((li) => ({ id: li.dataset.id, kind: li.dataset.kind, matched: li.dataset.matched, name: li.querySelector('.hit-name').textContent, meta: li.querySelector('.hit-meta').textContent })));
  const person = hits.find((h) => h.kind === 'Person' && h.matched === 'initials' && h.name === '张三');
  assert.ok(person, `张三 (z-s) among the suggestions: ${JSON.stringify(hits)}`);
  assert.match(person.meta, /zhangsan/);
  await shot('explorer-search.png');

  // Keyboard: the first suggestion is active; Enter opens it.
  assert.equal(await page.getAttribute('#search', 'aria-expanded'), 'true');
  await page.press('#search', 'Enter');
  await page.waitForSelector('#entity-name');
  const name = await page.textContent('#entity-name');
  assert.equal(name, hits[0].name);
  if (hits[0].id !== 'per_demo-1') await searchAndOpen('zs', 'per_demo-1');
  assert.equal(await page.textContent('#entity-name'), '张三');
  const { nodes, edges } = await graphSize();
  assert.ok(nodes > 5 && edges > 4, `张三's neighbourhood on the graph: ${nodes} nodes, ${edges} edges`);
  // Details list the relationships, and the canvas draws something.
  assert.ok(await page.locator('#pane-details .rel-list li').count() > 3);
  assert.match(await page.textContent('#pane-details'), /涞水县人民政府/);
  assert.equal(new URL(page.url()).hash, '#id=per_demo-1');
  await page.waitForTimeout(300);
  await shot('explorer-person.png');
});

test('expand a neighbour on the graph, filtered by type, and page through "more"', async () => {
  await load();
  await page.selectOption('#cap', '10');
  await searchAndOpen('zhangsan', 'per_demo-1');
  // 张三 has more neighbours than 10: the "more" action pages on.
  const before1 = await graphSize();
  assert.ok(before1.nodes <= 11, `at most 10 neighbours: ${before1.nodes - 1}`);
  const more = page.locator('[data-act=more]');
  await more.waitFor();
  await more.click();
  await page.waitForFunction((n) => window.liaison.graph.size().nodes > n, before1.nodes);
  const after1 = await graphSize();
  assert.ok(after1.nodes > before1.nodes, 'more neighbours after "more"');

  // Select 单新 on the canvas and expand only KNOWS relationships.
  await page.click('#types-menu summary');
  await page.uncheck('#types-all');
  await page.check('[data-type=KNOWS]');
  await page.click('#types-menu summary');
  assert.ok(await page.evaluate(() => window.liaison.graph.has('per_demo-4')), '单新 is a neighbour of 张三');
  await clickNode('per_demo-4');
  await page.waitForFunction(() => window.liaison.state.selected === 'per_demo-4');
  await page.waitForSelector('#entity-name >> text=单新');
  const before2 = await graphSize();
  await page.click('[data-act=expand]');
  await page.waitForFunction((n) => window.liaison.graph.size().nodes > n, before2.nodes);
  const types = await page.evaluate(() => {
    const cy = window.liaison.graph.cy;
    return [...new Set(cy.getElementById('per_demo-4').connectedEdges().map((e) => e.data('type')))];
  });
  assert.deepEqual(types, ['KNOWS'], 'expanded over KNOWS only (its other edges came from 张三, who knows 单新)');
  // Double-clicking a node expands it too.
  const target = await page.evaluate(() => window.liaison.graph.cy.getElementById('per_demo-4').neighborhood('node').filter((n) => !n.data('requested')).first().id());
  const before3 = await graphSize();
  await clickNode(target, { double: true });
  await page.waitForFunction(([i]) => window.liaison.graph.nodeInfo(i).requested > 0, [target]);
  assert.ok((await graphSize()).nodes >= before3.nodes);

  // Hovering an edge shows its label and dates.
  const mid = await page.evaluate(() => {
    const cy = window.liaison.graph.cy;
    const e = cy.getElementById('per_demo-4').connectedEdges().filter((x) => x.data('rel').from).first();
    cy.center(e);
    const p = e.renderedMidpoint();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.move(mid.x, mid.y);
  await page.waitForSelector('#tip:not([hidden])');
  assert.match(await page.textContent('#tip'), /相识.*\d{4}-\d{2}-\d{2}/);
  await page.evaluate(() => window.liaison.graph.fit());
  await page.waitForTimeout(200);
  await shot('explorer-expanded.png');
});

test('find the paths from a person to a company: drawn, highlighted, with strength and explanation', async () => {
  await load();
  await searchAndOpen('zs', 'per_demo-1');
  await page.click('[data-act=from]');
  await page.waitForSelector('#pane-paths:not([hidden])');
  await page.fill('#path-to', '京保集团');
  await page.locator('#pane-paths .suggest li[data-id="com_demo-1"]').click();
  await page.selectOption('#p-k', '5');
  await findPaths();
  await page.waitForSelector('.path-card');
  const cards = await page.$$eval('.path-card', (els) => els.map((el) => ({ text: el.querySelector('.explanation').textContent, strength: el.querySelector('.strength').textContent })));
  assert.ok(cards.length >= 2 && cards.length <= 5, `k paths listed: ${cards.length}`);
  for (const c of cards) {
    assert.match(c.text, /张三/);
    assert.match(c.text, /北京京保集团有限公司/);
    assert.match(c.strength, /0\.\d+/);
  }
  const drawn = await page.evaluate(() => {
    const cy = window.liaison.graph.cy;
    const ps = window.liaison.state.paths;
    return {
      all: ps.every((p) => p.relationships.every((r) => cy.getElementById(r.id).nonempty()) && p.nodes.every((n) => cy.getElementById(n.id).nonempty())),
      highlighted: cy.$('edge.path').length,
      ends: cy.$('node.endpoint').map((n) => n.id()).sort(),
    };
  });
  assert.ok(drawn.all, 'every node and relationship of every path is on the graph');
  assert.ok(drawn.highlighted > 0, 'the paths are highlighted');
  assert.deepEqual(drawn.ends, ['com_demo-1', 'per_demo-1']);
  await shot('explorer-paths.png');

  // One path alone.
  await page.click('.path-card[data-path="1"]');
  const one = await page.evaluate(() => {
    const cy = window.liaison.graph.cy;
    const p = window.liaison.state.paths[1];
    return cy.$('edge.path').map((e) => e.id()).sort().join() === p.relationships.map((r) => r.id).sort().join();
  });
  assert.ok(one, 'clicking a path highlights just that path');
  assert.match(new URL(page.url()).hash, /from=per_demo-1&to=com_demo-1/);

  // Filters: at most 2 hops, KNOWS only: fewer or no paths, all within the filter.
  await page.selectOption('#p-hops', '2');
  await page.click('#pane-paths details.types summary');
  for (const ty of ['POSTED_TO', 'MEMBER_OF', 'EMPLOYED_BY', 'LOCATED_IN', 'SECURED', 'INTRODUCED', 'INVESTS_IN', 'SUPPORTS', 'PART_OF']) await page.uncheck(`[data-ptype=${ty}]`);
  await findPaths();
  const filtered = await page.evaluate(() => window.liaison.state.paths);
  for (const p of filtered) {
    assert.ok(p.length <= 2);
    assert.ok(p.relationships.every((r) => r.type === 'KNOWS'));
  }
  // And a date: the paths valid at 2010-01-01.
  await page.selectOption('#p-hops', '4');
  await page.check('[data-ptype=EMPLOYED_BY]');
  await page.fill('#p-at', '2023-01-01');
  await findPaths();
  for (const p of await page.evaluate(() => window.liaison.state.paths)) {
    for (const r of p.relationships) {
      assert.ok(!r.from || r.from <= '2023-01-01', `${r.id} began by then`);
      assert.ok(!r.to || r.to >= '2023-01-01', `${r.id} had not ended`);
    }
  }
});

test('the time slider shows the graph as it was at a date', async () => {
  await load();
  await searchAndOpen('zs', 'per_demo-1');
  const all = await page.evaluate(() => window.liaison.graph.cy.edges().not('.hidden').length);
  await page.check('#time-on');
  await page.fill('#time-date', '2015-01-01');
  await page.dispatchEvent('#time-date', 'change');
  const visible = await page.evaluate(() => window.liaison.graph.cy.edges().not('.hidden').map((e) => e.data('rel')));
  assert.ok(visible.length < all, `fewer relationships in 2015 (${visible.length} of ${all})`);
  for (const r of visible) assert.ok((!r.from || r.from <= '2015-01-01') && (!r.to || r.to >= '2015-01-01'));
  // The slider moves the date too (keyboard).
  await page.focus('#time-range');
  await page.keyboard.press('End');
  assert.equal(await page.inputValue('#time-date'), await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; }));
  await page.uncheck('#time-on');
  assert.equal(await page.evaluate(() => window.liaison.graph.cy.edges('.hidden').length), 0);
});

test('a person\'s cohort, interactions and reconnect suggestions', async () => {
  await load();
  await searchAndOpen('zs', 'per_demo-1');
  await page.click('#tab-network');
  await page.waitForSelector('#cohort');
  assert.match(await page.textContent('#cohort'), /郭强/);
  assert.match(await page.textContent('#reconnect'), /郭强/);
  assert.ok(await page.locator('#interactions li').count() > 0);
  assert.ok(await page.locator('#ties li').count() > 0);
  await shot('explorer-network.png');
  // Opening someone from the cohort puts them on the graph.
  await page.locator('#cohort [data-open="per_demo-76"]').first().click();
  await page.waitForFunction(() => window.liaison.state.selected === 'per_demo-76');
});

test('a dispatching unit: its cadres and its report', async () => {
  await load();
  await searchAndOpen('北京市科学技术委员会', 'unt_demo-17');
  await page.click('#tab-report');
  await page.waitForSelector('.report-table');
  assert.ok(await page.locator('.report-table tbody tr').count() >= 3);
  assert.match(await page.textContent('.report-table'), /李四/);
  await shot('explorer-report.png');
  // Downloads, when the report endpoint is there.
  const hs = {};
  const tok = await fetch(base + '/auth/demo-tokens');
  if (tok.ok) hs.Authorization = 'Bearer ' + (await tok.json()).admin;
  const res = await fetch(base + '/reports/units/unt_demo-17?format=csv', { headers: hs });
  await res.arrayBuffer();
  if (res.status === 404) return;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-report=csv]')]);
  assert.match(download.suggestedFilename(), /\.csv$/);
});

test('switch to English and back', async () => {
  await load();
  await searchAndOpen('zs', 'per_demo-1');
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#tab-details'), 'Details');
  assert.equal(await page.textContent('#entity-name'), 'Zhang San');
  assert.match(await page.getAttribute('#search', 'placeholder'), /Search people/);
  await page.click('[data-act=to]');
  await page.fill('#path-from', 'lisi');
  await page.locator('#pane-paths .suggest li[data-id="per_demo-2"]').click();
  await page.click('[data-pact=swap]');
  await findPaths();
  await page.waitForSelector('.path-card');
  assert.match(await page.textContent('.path-card .explanation'), /Li Si|Zhang San/);
  assert.match(await page.textContent('.paths-head'), /paths found/);
  await shot('explorer-english.png');
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('#tab-details'), '详情');
  assert.match(await page.textContent('.path-card .explanation'), /张三|李四/);
});

test('on a tablet: the panel below the graph, everything reachable', async () => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await load('/#id=per_demo-1');
  await page.waitForSelector('#entity-name');
  const cy = await page.locator('#cy').boundingBox();
  const panel = await page.locator('.panel').boundingBox();
  assert.ok(panel.y >= cy.y + cy.height - 1, 'the panel is below the canvas');
  assert.ok(cy.width > 700, 'the canvas takes the width');
  // Keyboard: the canvas takes focus; arrows move between nodes.
  await page.focus('#cy');
  await page.keyboard.press('ArrowRight');
  const sel = await page.evaluate(() => window.liaison.state.selected);
  assert.notEqual(sel, null);
  await page.waitForTimeout(300);
  await shot('explorer-tablet.png', { fullPage: true });
});

test('GraphiQL is served by the server itself', async () => {
  await page.goto(base + '/graphiql');
  await page.waitForSelector('.graphiql-container');
  await page.waitForSelector('.graphiql-execute-button');
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(() => /张三/.test(document.querySelector('.graphiql-response')?.textContent || ''), null, { timeout: 15000 });
  await shot('graphiql.png');
});
