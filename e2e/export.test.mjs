// End-to-end tests of "导出 / Export" (issue 17): beside a list of the
// explorer page and in GraphiQL's toolbar, the button posts the list's
// GraphQL document to /export and the browser downloads a CSV holding
// every row of the list. Same harness as organization.test.mjs: a real
// server on the demo graph with a known JWT secret, playwright-core driving
// Debian's chromium; the rows are checked against the page and the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { serveWithSecret, graphql, mint, guardedPages } from './harness.mjs';

const secret = process.env.LIAISON_E2E_JWT_SECRET || crypto.randomBytes(32).toString('hex');
const DESKTOP = { width: 1440, height: 900 };
const KEJIWEI = 'unt_demo-17'; // 北京市科学技术委员会, which sent several cadres

let base = '';
let browser = null;
let close = null;
const pages = guardedPages();

before(async () => { ({ base, browser, close } = await serveWithSecret(secret)); });
after(async () => { if (close) await close(); });

// parseCSV reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF).
function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r') { /* CRLF */ } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// download clicks the locator and answers the downloaded file's rows, after
// checking the UTF-8 byte order mark.
async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  assert.match(dl.suggestedFilename(), /\.csv$/);
  const bytes = fs.readFileSync(await dl.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV begins with a byte order mark');
  const rows = parseCSV(bytes.subarray(3).toString('utf8'));
  return { header: rows[0], rows: rows.slice(1) };
}

test('Export beside a list of the details panel downloads the list\'s rows as CSV', async () => {
  const analyst = mint(secret, { sub: 'e2e-export-analyst', role: 'analyst' });
  const page = await pages.open(browser, base, { viewport: DESKTOP, acceptDownloads: true }, { role: 'analyst', as: analyst, hash: `#id=${KEJIWEI}` });
  const list = page.locator('#pane-details [data-list="dispatchedCadres"]');
  await list.waitFor();
  const button = list.locator('button.export');
  assert.equal((await button.textContent()).trim(), '导出');
  const shown = await list.locator('.rel-list > li').evaluateAll((lis) => lis.map((li) => li.querySelector('[data-open]').dataset.open));
  assert.ok(shown.length >= 3, `the list shows ${shown.length} cadres`);
  const { header, rows } = await download(page, button);
  assert.deepEqual(header.slice(0, 4), ['id', 'person.id', 'person.name', 'person.nameEn']);
  const personCol = header.indexOf('person.id');
  const total = (await graphql(base, analyst, 'query($id: ID!) { node(id: $id) { ... on Unit { dispatchedCadres { totalCount } } } }', { id: KEJIWEI })).node.dispatchedCadres.totalCount;
  assert.equal(rows.length, total, 'one row per cadre of the list, all of them');
  assert.deepEqual(rows.slice(0, shown.length).map((r) => r[personCol]), shown, 'the rows shown, in the order shown');
  // Each row's name is the one the page shows for that person.
  const names = await list.locator('.rel-list > li').evaluateAll((lis) => lis.map((li) => li.querySelector('[data-open] span').textContent));
  assert.deepEqual(rows.slice(0, shown.length).map((r) => r[header.indexOf('person.name')]), names);
});

test('Export in GraphiQL downloads every page of the connection in the answer', async () => {
  const admin = mint(secret, { sub: 'e2e-export-admin', role: 'admin' });
  const page = await pages.open(browser, base, { viewport: DESKTOP, acceptDownloads: true }, { role: 'admin', as: admin });
  await page.goto(base + '/graphiql');
  await page.waitForSelector('.graphiql-query-editor .CodeMirror');
  const setQuery = (q) => page.evaluate((text) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(text), q);
  // Seven a page: the export follows the cursors to the end.
  await setQuery('{ people(where: { isCadre: true }, first: 7) { edges { node { id name } } } }');
  const { header, rows } = await download(page, page.locator('button.liaison-export'));
  assert.deepEqual(header, ['id', 'name']);
  const want = [];
  for (let after = null; ;) {
    const { people } = await graphql(base, admin, 'query($after: String) { people(where: { isCadre: true }, first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }', { after });
    want.push(...people.edges.map(({ node }) => [node.id, node.name]));
    if (!people.pageInfo.hasNextPage) break;
    after = people.pageInfo.endCursor;
  }
  assert.ok(want.length > 7, `${want.length} cadres`);
  assert.deepEqual(rows, want);
  // A mutation is refused, with the server's message beside the button.
  await setQuery('mutation { deletePerson(id: "per_demo-1") }');
  await page.click('button.liaison-export');
  await page.waitForFunction(() => /queries only/.test(document.querySelector('.liaison-export-error')?.textContent || ''));
  assert.ok((await graphql(base, admin, '{ node(id: "per_demo-1") { id } }')).node, 'the person is still there');
});
