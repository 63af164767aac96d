// What the end-to-end tests of signed-in people share: a real server in
// demo mode with a known HS256 secret (or the one at LIAISON_E2E_URL), and
// tokens signed with that secret for any person and unit.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// startServer starts LIAISON_BIN serve (demo graph, the secret) unless
// LIAISON_E2E_URL names a running one, waits until it is ready and
// answers { base, stop }.
export async function startServer(here, secret, assert) {
  let server = null;
  let serverLog = '';
  let base = process.env.LIAISON_E2E_URL || '';
  if (!base) {
    const bin = path.resolve(here, process.env.LIAISON_BIN || '../bin/liaison');
    assert.ok(fs.existsSync(bin), `no server binary at ${bin}: run make build`);
    assert.ok(process.env.NEO4J_URI, 'NEO4J_URI must name the Neo4j for the server (scripts/with-neo4j.sh sets it)');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(bin, ['serve'], {
      env: { ...process.env, LIAISON_ADDR: `127.0.0.1:${port}`, LIAISON_SEED_DEMO: 'true', LIAISON_DEMO: 'true', LIAISON_LOG_FORMAT: 'text', LIAISON_JWT_SECRET: secret, LIAISON_RATE_LIMIT: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d) => { serverLog = (serverLog + d).slice(-20000); };
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
  }
  const end = Date.now() + 180000;
  let last = '';
  for (;;) {
    if (server && server.exitCode !== null) throw new Error(`liaison serve exited with ${server.exitCode}:\n${serverLog}`);
    try {
      const res = await fetch(base + '/readyz');
      if (res.ok) break;
      last = `HTTP ${res.status}`;
    } catch (err) { last = err.message; }
    if (Date.now() > end) throw new Error(`server at ${base} not ready (${last}):\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const stop = async () => {
    if (!server) return;
    server.kill('SIGTERM');
    await new Promise((r) => { if (server.exitCode !== null) r(); else { server.once('exit', r); setTimeout(r, 15000); } });
  };
  return { base, stop };
}

// minter signs HS256 tokens with the secret, as liaison token would.
export function minter(secret) {
  return (claims) => {
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iat: now, exp: now + 3600, ...claims })}`;
    return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
  };
}

// graphql posts a query with a token and answers its data.
export async function graphql(base, token, query, variables) {
  const res = await fetch(base + '/graphql', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token }, body: JSON.stringify({ query, variables }),
  });
  const b = await res.json();
  if (b.errors) throw new Error(JSON.stringify(b.errors));
  return b.data;
}
