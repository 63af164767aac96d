// What the end-to-end test files share: the server under test (a running
// one at LIAISON_E2E_URL, or LIAISON_BIN serve in demo mode on the Neo4j at
// NEO4J_URI), the browser's path and flags, tokens signed with a known
// secret, and the guard that fails a test on any request leaving the
// machine.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, afterEach } from 'node:test';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const shots = path.resolve(here, '..', process.env.LIAISON_E2E_SCREENSHOTS || 'e2e/screenshots');
export const chromiumPath = process.env.LIAISON_CHROMIUM || '/usr/bin/chromium';
export const browserArgs = ['--no-sandbox', '--disable-background-networking', '--disable-sync', '--disable-component-update',
  '--disable-default-apps', '--no-first-run', '--disable-dev-shm-usage'];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// startServer checks the browser, makes the screenshot folder and answers
// { base, stop } once the server is ready; env is added to the server's
// environment.
export async function startServer(env = {}) {
  assert.ok(fs.existsSync(chromiumPath), `no browser at ${chromiumPath}: apt-get install chromium (or set LIAISON_CHROMIUM)`);
  fs.mkdirSync(shots, { recursive: true });
  let base = process.env.LIAISON_E2E_URL || '';
  let server = null;
  let log = '';
  if (!base) {
    const bin = path.resolve(here, process.env.LIAISON_BIN || '../bin/liaison');
    assert.ok(fs.existsSync(bin), `no server binary at ${bin}: run make build`);
    assert.ok(process.env.NEO4J_URI, 'NEO4J_URI must name the Neo4j for the server (scripts/with-neo4j.sh sets it)');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(bin, ['serve'], {
      env: { ...process.env, LIAISON_ADDR: `127.0.0.1:${port}`, LIAISON_SEED_DEMO: 'true', LIAISON_DEMO: 'true', LIAISON_LOG_FORMAT: 'text', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d) => { log = (log + d).slice(-20000); };
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
  }
  const end = Date.now() + 180000;
  let last = '';
  for (;;) {
    if (server && server.exitCode !== null) throw new Error(`liaison serve exited with ${server.exitCode}:\n${log}`);
    try {
      const res = await fetch(base + '/readyz');
      if (res.ok) break;
      last = `HTTP ${res.status}`;
    } catch (err) { last = err.message; }
    if (Date.now() > end) throw new Error(`server at ${base} not ready (${last}):\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const stop = async () => {
    if (!server) return;
    server.kill('SIGTERM');
    await new Promise((r) => { if (server.exitCode !== null) r(); else { server.once('exit', r); setTimeout(r, 15000); } });
  };
  return { base, stop };
}

// mint signs an HS256 token as liaison token would.
export function mint(secret, claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iat: now, exp: now + 3600, ...claims })}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}

// stayLocal aborts every request of the browser context that leaves the
// server and reports it.
export function stayLocal(context, base, report) {
  return context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === base || u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return route.continue();
    report(`request to ${u.href}`);
    return route.abort();
  });
}

// guardedPages registers, for the test file that calls it, what every test
// of the file ends with: the browser context the test opened is closed, and
// the test fails on any console error, page error or request that left the
// server. open() makes that context (options as browser.newContext's, zh-CN
// by default; an earlier context of the same test is closed) and answers
// the app's page once it is ready; with `as`, the demo role picker's token
// of role is replaced by the token as, so that a test signs in as anyone.
export function guardedPages() {
  let problems = [];
  let context = null;
  const report = (msg) => problems.push(msg);
  beforeEach(() => { problems = []; });
  afterEach(async () => {
    if (context) await context.close();
    context = null;
    assert.deepEqual(problems, [], 'no console errors, page errors or outside requests');
  });
  return {
    report,
    async open(browser, base, options, { as = null, role = '', lang = 'zh', hash = '' } = {}) {
      if (context) await context.close(); // a test's earlier page
      context = await browser.newContext({ locale: 'zh-CN', ...options });
      await stayLocal(context, base, report);
      if (as) {
        await context.route('**/auth/demo-tokens', async (route) => {
          const res = await route.fetch();
          const body = await res.json();
          body[role] = as;
          await route.fulfill({ response: res, json: body });
        });
      }
      return openApp(context, base, { lang, role, hash }, report);
    },
  };
}

// serveWithSecret starts the server with the JWT secret (and no rate
// limit) and a headless browser: { base, browser, close }.
export async function serveWithSecret(secret) {
  const { base, stop } = await startServer({ LIAISON_JWT_SECRET: secret, LIAISON_RATE_LIMIT: '-1' });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: browserArgs });
  return { base, browser, close: async () => { await browser.close(); await stop(); } };
}

// graphql posts a query with the token and answers its data; any error
// throws.
export async function graphql(base, token, query, variables) {
  const res = await fetch(base + '/graphql', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token }, body: JSON.stringify({ query, variables }),
  });
  const b = await res.json();
  if (b.errors) throw new Error(JSON.stringify(b.errors));
  return b.data;
}

// openApp opens the page in the context as the role, in the language, at
// the hash, and waits until it is ready; console errors (but the 4xx the
// page expects) and page errors are reported.
export async function openApp(context, base, { lang = 'zh', role = '', hash = '' }, report) {
  const page = await context.newPage();
  // The machines the tests run on are small and shared: wait longer than
  // playwright's 30 s before calling something missing.
  page.setDefaultTimeout(90000);
  page.on('console', (m) => { if (m.type() === 'error' && !/the server responded with a status of 4\d\d/.test(m.text())) report(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => report(`page error: ${e.message}`));
  await page.goto(base + '/healthz');
  await page.evaluate(([l, r]) => { localStorage.clear(); localStorage.setItem('liaison.lang', l); if (r) localStorage.setItem('liaison.role', r); }, [lang, role]);
  await page.goto(base + '/' + hash);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}
