// How the page authenticates to /graphql and /reports: the server says
// in <meta name="liaison-auth"> whether it needs no token ("none"), serves
// demo tokens for each role ("demo"), or needs one pasted ("token").

const meta = document.querySelector('meta[name="liaison-auth"]');
const mode = (meta && meta.content) || 'none';

export const roles = ['admin', 'officer', 'cadre', 'analyst'];

function load(key) { try { return localStorage.getItem(key); } catch { return null; } }
function save(key, v) { try { if (v == null) localStorage.removeItem(key); else localStorage.setItem(key, v); } catch { /* ignore */ } }

let demoTokens = null;
let role = roles.includes(load('liaison.role')) ? load('liaison.role') : 'admin';
let token = mode === 'token' ? load('liaison.token') : null;

export function authMode() { return mode; }
export function currentRole() { return role; }
export function hasToken() { return !!token; }

// initAuth fetches the demo tokens in demo mode.
export async function initAuth() {
  if (mode !== 'demo') return;
  try {
    const res = await fetch('/auth/demo-tokens', { headers: { Accept: 'application/json' } });
    if (res.ok) demoTokens = await res.json();
  } catch { /* the API calls will say what is wrong */ }
  token = demoTokens ? demoTokens[role] || null : null;
}

export function setRole(r) {
  if (!roles.includes(r)) return;
  role = r;
  save('liaison.role', r);
  token = demoTokens ? demoTokens[r] || null : null;
}

export function setToken(t) {
  token = t ? t.trim().replace(/^Bearer\s+/i, '') : null;
  save('liaison.token', token);
}

export function authHeaders() {
  return token ? { Authorization: 'Bearer ' + token } : {};
}
