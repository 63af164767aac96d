// End-to-end tests of the organization department's work in the page
// (issue 15): create from the "+", edit in place, add, end and remove a
// relationship, delete with a counted confirmation, server-side errors
// beside their field with nothing written, and the duplicate review (merge
// a planted pair, "not the same person"). Same harness as
// keepintouch.test.mjs: a real server on the demo graph with a known JWT
// secret, playwright-core driving Debian's chromium; every count is read
// back through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { shots, serveWithSecret, graphql, mint, guardedPages } from './harness.mjs';

const secret = process.env.LIAISON_E2E_JWT_SECRET || crypto.randomBytes(32).toString('hex');
const DESKTOP = { width: 1440, height: 900 };
const ZHANG = 'per_demo-1'; // 张三, found by zs
const tag = Date.now().toString(36).slice(-5);

let base = '';
let browser = null;
let page = null;
const pages = guardedPages();

const admin = () => mint(secret, { sub: 'e2e-curator', role: 'admin' });

const api = (query, variables) => graphql(base, admin(), query, variables);

let close = null;
before(async () => { ({ base, browser, close } = await serveWithSecret(secret)); });
after(async () => { if (close) await close(); });

async function openPage({ role = 'admin', hash = '' } = {}) {
  page = await pages.open(browser, base, { viewport: DESKTOP }, { role, hash });
  return page;
}


const shot = (name) => page.screenshot({ path: path.join(shots, name) });
const dialogClosed = () => page.waitForFunction(() => !document.querySelector('#form-dialog').open);

// pick types into the picker of the field and chooses the entity (the
// first suggestion when no id is given).
async function pick(fieldName, query, id = null) {
  const box = page.locator(`#form-dialog [data-ref="${fieldName}"]`);
  await box.locator('input[type=search]').fill(query);
  const hit = id ? box.locator(`.suggest li[data-id="${id}"]`) : box.locator('.suggest li[data-id]').first();
  await hit.waitFor();
  await hit.click();
  await box.locator(`.ref-chosen li${id ? `[data-id="${id}"]` : ''}`).waitFor();
}

async function companyByName(name) {
  const d = await api('query($n: String) { companies(where: { name: $n }, first: 5) { totalCount edges { node { id name industry creditCode employees(first: 5) { totalCount edges { node { id to person { id } } } } } } } }', { n: name });
  return d.companies;
}

async function peopleNamed(name) {
  return (await api('query($n: String) { people(where: { name: $n }, first: 5) { totalCount edges { node { id phone email } } } }', { n: name })).people;
}

// A valid unified social credit code: the check character computed.
function creditCode(first17) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const wts = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(first17[i]) * wts[i];
  return first17 + chars[(31 - (sum % 31)) % 31];
}

test('no curation tools without the write role', async () => {
  await openPage({ role: 'analyst', hash: `#id=${ZHANG}` });
  await page.waitForSelector('#entity-actions .btn');
  assert.equal(await page.locator('#create-menu:not([hidden])').count(), 0, 'no "+" for the analyst');
  assert.equal(await page.locator('#dup-btn:not([hidden])').count(), 0, 'no duplicate review for the analyst');
  assert.equal(await page.locator('[data-act="cur-edit"], [data-act="cur-delete"], #manage-rels').count(), 0);
});

test('create a company from the "+", its credit code checked as typed; edit it in place; add, end and remove an employment; delete it after a counted confirmation', async () => {
  const name = `测试科技有限公司${tag}`;
  const code = creditCode(`91130600MA0${tag.toUpperCase().replace(/[IOSVZ]/g, 'A').padEnd(6, '1').slice(0, 6)}`);
  await openPage();
  await page.click('#create-btn');
  await page.click('[data-create="Company"]');
  await page.waitForSelector('#form-dialog[open] #entity-form');
  await page.fill('#ef-name', name);
  await page.fill('#ef-creditCode', code.slice(0, 17) + (code[17] === '0' ? '1' : '0'));
  assert.match(await page.textContent('#cc-check'), /check character should be/, 'a wrong check character is named as it is typed');
  await page.fill('#ef-creditCode', code.toLowerCase());
  assert.match(await page.textContent('#cc-check'), /信用代码格式正确/);
  await page.fill('#ef-industry', '新材料');
  await pick('regionId', 'baoding');
  await shot('curate-create.png');
  await page.click('#entity-submit');
  await dialogClosed();
  let c = await companyByName(name);
  assert.equal(c.totalCount, 1, 'the company was created');
  const company = c.edges[0].node;
  assert.equal(company.creditCode, code, 'the code upper-cased as the server keeps it');
  await page.waitForFunction((id) => window.liaison.graph.has(id) && window.liaison.state.selected === id, company.id);
  await page.waitForSelector('#entity-name');
  assert.equal(await page.textContent('#entity-name'), name);

  // Edit in place.
  await page.click('[data-act="cur-edit"]');
  await page.waitForSelector('#form-dialog[open] #entity-form');
  assert.equal(await page.inputValue('#ef-industry'), '新材料', 'the form holds the current values');
  await page.fill('#ef-industry', '高端装备');
  await page.click('#entity-submit');
  await dialogClosed();
  await page.waitForFunction(() => /高端装备/.test(document.querySelector('#pane-details').textContent));
  assert.equal((await companyByName(name)).edges[0].node.industry, '高端装备');

  // Add an employment of 张三, found by pinyin initials.
  await page.click('[data-act="cur-rel"]');
  await page.waitForSelector('#form-dialog[open] #rel-form');
  await page.selectOption('#rel-type', 'employment');
  assert.equal(await page.locator(`[data-ref="companyId"] .ref-chosen li[data-id="${company.id}"]`).count(), 1, 'the company is already in');
  await pick('personId', 'zs', ZHANG);
  await page.fill('#rf-title', '顾问');
  await page.fill('#rf-from', '2024-03-01');
  await page.click('#rel-submit');
  await dialogClosed();
  c = await companyByName(name);
  assert.equal(c.edges[0].node.employees.totalCount, 1, 'one employee');
  const rel = c.edges[0].node.employees.edges[0].node;
  await page.waitForFunction(([a, b]) => window.liaison.graph.has(a) && window.liaison.graph.has(b), [ZHANG, rel.id]);

  // End it at a date.
  await page.waitForSelector(`#manage-rels li[data-rel="${rel.id}"] [data-cur="end"]`);
  await page.click(`#manage-rels li[data-rel="${rel.id}"] [data-cur="end"]`);
  await page.fill(`#end-${rel.id}`, '2025-06-30');
  await page.click(`#manage-rels li[data-rel="${rel.id}"] .end-form [type=submit]`);
  await page.waitForFunction((id) => !document.querySelector(`#manage-rels li[data-rel="${id}"] [data-cur="end"]`), rel.id);
  c = await companyByName(name);
  assert.equal(c.edges[0].node.employees.edges[0].node.to, '2025-06-30', 'ended at the date picked');

  // Remove it (recorded by mistake).
  page.once('dialog', (dlg) => dlg.accept());
  await page.click(`#manage-rels li[data-rel="${rel.id}"] [data-cur="remove"]`);
  await page.waitForFunction((id) => !window.liaison.graph.has(id), rel.id);
  c = await companyByName(name);
  assert.equal(c.edges[0].node.employees.totalCount, 0, 'the employment is gone');

  // Delete: the confirmation counts what goes with it (the region link).
  await page.click('[data-act="cur-delete"]');
  await page.waitForSelector('#form-dialog[open] #delete-form');
  const count = Number(await page.getAttribute('#delete-what', 'data-count'));
  const degree = (await api('query($id: ID!) { neighborhood(id: $id, depth: 1, first: 1) { degrees { id degree } } }', { id: company.id })).neighborhood.degrees.find((x) => x.id === company.id).degree;
  assert.equal(count, degree, 'the confirmation counts every relationship');
  assert.match(await page.textContent('#delete-what'), new RegExp(`全部 ${degree} 条关系`));
  await shot('curate-delete.png');
  await page.click('#delete-submit');
  await dialogClosed();
  await page.waitForFunction((id) => !window.liaison.graph.has(id), company.id);
  assert.equal((await companyByName(name)).totalCount, 0, 'the company is deleted');
});

test('server-side validation: the message beside the field, what was typed kept, nothing written', async () => {
  const name = `校验${tag}`;
  await openPage({ hash: `#id=${ZHANG}` });
  await page.click('#create-btn');
  await page.click('[data-create="Person"]');
  await page.waitForSelector('#entity-form');
  await page.fill('#ef-name', name);
  await page.fill('#ef-birthYear', '1800');
  await page.fill('#ef-phone', '13800000000');
  await page.click('#entity-submit');
  await page.waitForSelector('#err-birthYear:not([hidden])');
  assert.match(await page.textContent('#err-birthYear'), /birthYear: must lie between/);
  assert.equal(await page.getAttribute('#ef-birthYear', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#ef-phone'), '13800000000', 'the form keeps what was typed');
  await shot('curate-error.png');
  assert.equal((await peopleNamed(name)).totalCount, 0, 'nothing was written');
  await page.click('#form-close');

  // A posting that ends before it begins: beside the "to" field.
  const before = (await api('query($id: ID!) { node(id: $id) { ... on Person { postings(first: 1) { totalCount } } } }', { id: ZHANG })).node.postings.totalCount;
  await page.waitForSelector('[data-act="cur-rel"]');
  await page.click('[data-act="cur-rel"]');
  await page.selectOption('#rel-type', 'posting');
  const host = '保定高新技术产业开发区管理委员会';
  await pick('hostUnitId', host, (await api('query($n: String) { units(where: { name: $n }, first: 1) { edges { node { id } } } }', { n: host })).units.edges[0].node.id);
  await pick('dispatchingUnitId', '发展和改革', 'unt_demo-1');
  await page.fill('#rf-title', '副市长');
  await page.fill('#rf-from', '2024-05-01');
  await page.fill('#rf-to', '2024-01-01');
  await page.click('#rel-submit');
  await page.waitForSelector('#err-to:not([hidden])');
  assert.match(await page.textContent('#err-to'), /to: 2024-01-01 is before/);
  const after = (await api('query($id: ID!) { node(id: $id) { ... on Person { postings(first: 1) { totalCount } } } }', { id: ZHANG })).node.postings.totalCount;
  assert.equal(after, before, 'no posting was written');
});

test('duplicate review: a planted pair side by side, merged with a preview; another pair marked as not the same person', async () => {
  const plant = async (name, extra) => (await api(`mutation($in: CreatePersonInput!) { createPerson(input: $in) { id } }`, { in: { name, birthYear: 1978, ...extra } })).createPerson.id;
  const dupName = `重复${tag}`;
  const a = await plant(dupName, { email: `dup${tag}@example.cn` });
  const b = await plant(dupName, { phone: '13912345678', expertise: ['招商引资'] });
  await api('mutation($in: AddLocationInput!) { addLocation(input: $in) { id } }', { in: { entityId: b, regionId: (await api('{ regions(first: 1) { edges { node { id } } } }')).regions.edges[0].node.id } });
  const other = `异人${tag}`;
  const c = await plant(other, {});
  const d = await plant(other, {});

  await openPage();
  await page.click('#dup-btn');
  await page.waitForSelector(`.dup-list li[data-a="${a < b ? a : b}"][data-b="${a < b ? b : a}"]`);
  await shot('curate-duplicates.png');
  await page.click(`.dup-list li[data-a="${a < b ? a : b}"] [data-compare]`);
  await page.waitForSelector('#dup-form');
  // Keep a: the preview fills its empty phone and expertise from b.
  const keepCol = a < b ? 'a' : 'b';
  await page.check(`#dup-form input[name=keep][value="${keepCol}"]`);
  assert.match(await page.textContent('#dup-form tr[data-field="phone"] .vm'), /13912345678/);
  assert.match(await page.textContent('#dup-form tr[data-field="email"] .vm'), new RegExp(`dup${tag}`));
  await shot('curate-compare.png');
  await page.click('#dup-merge');
  await page.waitForSelector('.dup-list, #dup-none');
  const left = await peopleNamed(dupName);
  assert.equal(left.totalCount, 1, 'one person left');
  assert.equal(left.edges[0].node.id, a, 'the one kept');
  assert.equal(left.edges[0].node.phone, '13912345678');
  const loc = await api('query($id: ID!) { node(id: $id) { ... on Person { locations(first: 5) { totalCount } } } }', { id: a });
  assert.equal(loc.node.locations.totalCount, 1, 'the removed person\'s location moved to the kept one');

  // Not the same person: the pair is not proposed again.
  const [lo, hi] = c < d ? [c, d] : [d, c];
  await page.waitForSelector(`.dup-list li[data-a="${lo}"][data-b="${hi}"]`);
  await page.click(`.dup-list li[data-a="${lo}"] [data-compare]`);
  await page.waitForSelector('#dup-notsame');
  await page.click('#dup-notsame');
  await page.waitForFunction(([x, y]) => !document.querySelector(`.dup-list li[data-a="${x}"][data-b="${y}"]`) && (document.querySelector('.dup-list') || document.querySelector('#dup-none')), [lo, hi]);
  const proposed = (await api('{ possibleDuplicates(first: 100) { a { id } b { id } } }')).possibleDuplicates;
  assert.ok(!proposed.some((p) => (p.a.id === c && p.b.id === d) || (p.a.id === d && p.b.id === c)), 'the pair decided to be different is not proposed');
  assert.equal((await peopleNamed(other)).totalCount, 2, 'both people stay');
});

// ---------- importing a workbook from the page ----------

// zip packs files ({name: text}) into a .zip (stored, no compression).
function zip(files) {
  const table = new Uint32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc32 = (buf) => { let c = 0xFFFFFFFF; for (const b of buf) c = table[(c ^ b) & 0xFF] ^ (c >>> 8); return (c ^ 0xFFFFFFFF) >>> 0; };
  const local = []; const central = []; let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8'); const fname = Buffer.from(name, 'utf8'); const crc = crc32(data);
    const h = Buffer.alloc(30); h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0x0800, 6); h.writeUInt16LE(0, 8);
    h.writeUInt32LE(crc, 14); h.writeUInt32LE(data.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(fname.length, 26);
    const c = Buffer.alloc(46); c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc, 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(fname.length, 28); c.writeUInt32LE(offset, 42);
    local.push(h, fname, data); central.push(c, fname); offset += 30 + fname.length + data.length;
  }
  const cd = Buffer.concat(central); const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(central.length / 2, 8); end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

async function peopleByIds(ids) {
  const d = await api('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
  return d.nodes.filter(Boolean).length;
}

async function uploadAndCheck(name, buffer, mimeType) {
  await page.setInputFiles('#import-file', { name, mimeType, buffer });
  await page.click('#import-check');
  await page.waitForSelector('#import-problems, #import-good, #err-file:not([hidden])');
}

test('import: a .zip of CSV with three bad rows is reported in full and writes nothing; corrected, it is written with progress and the counts match; a text file is refused', async () => {
  const ids = [1, 2, 3, 4].map((i) => `per_e2eimp-${tag}-${i}`);
  const people = (rows) => `id,name,gender,birthYear\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  const bad = people([[ids[0], `导入甲${tag}`, 'MALE', '1800'], [ids[1], `导入乙${tag}`, 'X', '1980'], [ids[2], '', 'FEMALE', '1985'], [ids[3], `导入丁${tag}`, '', '']]);
  const good = people([[ids[0], `导入甲${tag}`, 'MALE', '1980'], [ids[1], `导入乙${tag}`, 'FEMALE', '1980'], [ids[2], `导入丙${tag}`, 'FEMALE', '1985'], [ids[3], `导入丁${tag}`, '', '']]);
  const knows = `id,personId,otherId,since,how\nrel_e2eimp-${tag}-k1,${ids[0]},${ids[1]},2023-05-01,导入测试\n`;

  await openPage();
  await page.click('#import-btn');
  await page.waitForSelector('#form-dialog[open] #import-form');

  await uploadAndCheck('notes.txt', Buffer.from('这不是工作簿'), 'text/plain');
  assert.match(await page.textContent('#err-file'), /not a workbook/);

  await uploadAndCheck('名单.zip', zip({ 'people.csv': bad, 'acquaintances.csv': knows }), 'application/zip');
  assert.equal(await page.getAttribute('#import-problems', 'data-count'), '3', 'all three bad rows reported');
  const rows = await page.$$eval('.import-problems tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
  assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['people.csv', '2'], ['people.csv', '3'], ['people.csv', '4']], 'file and line of each');
  assert.match(rows[0][4], /1800/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#import-marked')]);
  assert.equal(dl.suggestedFilename(), 'import-problems.xlsx');
  assert.ok(fs.statSync(await dl.path()).size > 1000, 'the marked workbook');
  await shot('curate-import-problems.png');
  assert.equal(await peopleByIds(ids), 0, 'nothing was written');

  await uploadAndCheck('名单.zip', zip({ 'people.csv': good, 'acquaintances.csv': knows }), 'application/zip');
  assert.match(await page.textContent('#import-good'), /4 个实体（新建 4，更新 0）、1 条关系/);
  await page.click('#import-run');
  await page.waitForSelector('#import-done:not([hidden])', { timeout: 60000 });
  await shot('curate-import-done.png');
  assert.equal(await page.getAttribute('#import-done', 'data-nodes'), '4');
  assert.equal(await page.getAttribute('#import-done', 'data-created'), '4');
  assert.equal(await page.getAttribute('#import-done', 'data-relationships'), '1');
  assert.equal(await peopleByIds(ids), 4, 'every person written');
  const acq = await api('query($id: ID!) { node(id: $id) { ... on Person { acquaintances(first: 5) { totalCount } } } }', { id: ids[0] });
  assert.equal(acq.node.acquaintances.totalCount, 1);
});

test('import: the template round trip (download, upload, imported)', async () => {
  await openPage();
  await page.click('#import-btn');
  await page.waitForSelector('#import-template');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#import-template')]);
  assert.equal(dl.suggestedFilename(), 'liaison-import-template.xlsx');
  const book = fs.readFileSync(await dl.path());
  await uploadAndCheck('liaison-import-template.xlsx', book, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(await page.locator('#import-good').count(), 1, 'the template checks without problems');
  await page.click('#import-run');
  await page.waitForSelector('#import-done:not([hidden])', { timeout: 60000 });
  assert.equal(await peopleByIds(['per_tpl-1', 'per_tpl-2', 'unt_tpl-1', 'unt_tpl-2', 'reg_tpl-1', 'com_tpl-1', 'prj_tpl-1']), 7, 'the example rows are in the graph');
});
