// Liaison's explorer page: search, the graph canvas, details, paths, a
// person's network and a dispatching unit's report, all from the public
// GraphQL API. Each panel lives in panels/; the shared state and helpers in
// core.js.
import './styles.css';
import * as api from './api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from './i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from './graph.js';
import { Combo, hitMeta } from './combo.js';
import { iconHTML, kindOrder, kindColor } from './style.js';
import { $, $$, kindOfId, state, app, graph, announce, toast, fail, busy, ent, period, meta, section, fieldRows, today } from './core.js';
import { initAuth, authMode, roles, currentRole, setRole, setToken, hasToken } from './auth.js';
import './panels/details.js';
import './panels/paths.js';
import './panels/network.js';
import './panels/report.js';
import './panels/nodes.js';
import { loadMe } from './forms.js';
import './curate.js';
import './duplicates.js';
import './import.js';
import { showView, renderViewSwitch } from './home.js';
import './contrib.js';

Object.assign(app, { edgeTipHTML, showTip, hideTip, updateGraphInfo, expandTypes, expand, open, select, renderAuth, askToken, credentialsChanged, showTab, renderTypes, monthsTo, monthDate, applyTime, applyI18n, setHash, fromHash });

// ---------- the graph ----------


function edgeTipHTML(rel) {
  const a = graph.node(rel.start.id); const b = graph.node(rel.end.id);
  let s = `${esc(nameOf(a))} → ${esc(nameOf(b))}<br><strong>${esc(relText(rel))}</strong>`;
  if (rel.strength != null) s += `<br>${esc(t('strength'))} ${rel.strength.toFixed(2)}`;
  return s;
}

let tipSticky = false;
function showTip(html, pos, sticky = false) {
  const tip = $('#tip');
  if (!html) { if (!tipSticky) tip.hidden = true; return; }
  tipSticky = sticky;
  tip.innerHTML = html;
  tip.hidden = false;
  const box = $('#cy').getBoundingClientRect();
  const x = Math.min((pos && pos.x) || 0, box.width - 260);
  const y = (pos && pos.y) || 0;
  tip.style.left = Math.max(4, x + 12) + 'px';
  tip.style.top = Math.max(4, y + 12) + 'px';
}
function hideTip() { tipSticky = false; $('#tip').hidden = true; }

function updateGraphInfo() {
  const { nodes, edges } = graph.size();
  $('#empty').hidden = nodes > 0;
  $('#graph-size').textContent = nodes ? t('nodesOnGraph', { n: nodes, m: edges }) : '';
  if (state.tab === 'nodes') app.renderNodes();
}

// expandTypes is the relationship filter of expansions: none ticked or
// all ticked both mean every type.
function expandTypes() {
  return state.types.size === relTypes.length || !state.types.size ? null : Array.from(state.types);
}

// expand loads the next page of a node's neighbours onto the graph.
async function expand(id, { more = false } = {}) {
  const info = graph.nodeInfo(id);
  const skip = more && info && info.requested ? info.requested : 0;
  if (!more && info && info.requested) {
    // Already expanded: expanding again asks for the next page.
    if (info.degree != null && info.requested >= info.degree) { announce(t('loadedN', { n: 0 })); return 0; }
    return expand(id, { more: true });
  }
  busy(1);
  try {
    const nb = await api.neighborhood(id, { first: state.cap, skip, types: expandTypes(), at: state.date });
    const pos = graph.has(id) ? undefined : graph.positionNear(state.selected);
    const added = graph.addNeighborhood(id, nb, { skip, first: state.cap, pos });
    announce(t('loadedN', { n: added }));
    updateGraphInfo();
    if (state.selected === id) app.renderDetailsActions();
    return added;
  } catch (err) {
    fail(err);
    return 0;
  } finally {
    busy(-1);
  }
}

// open shows an entity: picked from the search it starts a fresh graph;
// from a link it joins the graph (and its neighbours with it).
async function open(node, { fresh = false } = {}) {
  const id = typeof node === 'string' ? node : node.id;
  if (fresh) {
    graph.clear();
    state.paths = null; state.activePath = null;
    app.renderPaths();
  }
  if (!graph.has(id)) {
    await expand(id);
    if (!graph.has(id)) return;
    if (fresh) graph.fit();
  }
  graph.setFocus(id);
  select(id, { center: !fresh });
  setHash({ id });
}

function select(id, { center = false } = {}) {
  hideTip();
  state.selected = id;
  graph.select(id, { center });
  const kind = kindOfId(id);
  $('#tab-network').hidden = kind !== 'Person';
  $('#tab-report').hidden = kind !== 'Unit';
  if ((state.tab === 'network' && kind !== 'Person') || (state.tab === 'report' && kind !== 'Unit')) state.tab = 'details';
  showTab(state.tab);
  app.renderDetails();
}

// ---------- authentication ----------

function renderAuth() {
  const box = $('#auth-box');
  if (authMode() === 'demo') {
    box.innerHTML = `<label class="inline">${esc(t('authRoleLabel'))} <select id="role">${roles.map((r) => `<option value="${r}" ${r === currentRole() ? 'selected' : ''}>${esc(e('authRole', r))}</option>`).join('')}</select></label>`;
  } else if (authMode() === 'token') {
    box.innerHTML = `<button type="button" class="btn" id="signin">${esc(hasToken() ? t('signedIn') : t('signIn'))}</button>`;
  } else box.innerHTML = '';
}

function askToken() {
  const d = $('#token-dialog');
  if (d.open) return;
  $('#token-input').value = '';
  d.showModal();
}

async function credentialsChanged() {
  state.details.clear(); state.network.clear(); state.reports.clear();
  await loadMe();
  showView(startView() ? 'home' : 'graph');
  renderAuth();
  app.renderCurateTools();
  app.renderDetails();
  if (state.tab === 'network') app.renderNetwork();
  if (state.tab === 'report') app.renderReport();
}

$('#auth-box').addEventListener('change', (ev) => {
  if (ev.target.id === 'role') { setRole(ev.target.value); credentialsChanged(); }
});
$('#auth-box').addEventListener('click', (ev) => { if (ev.target.id === 'signin') askToken(); });
$('#token-dialog').addEventListener('close', () => {
  const d = $('#token-dialog');
  if (d.returnValue === 'save' && $('#token-input').value.trim()) {
    setToken($('#token-input').value);
    credentialsChanged();
    if (state.selected && !graph.has(state.selected)) open(state.selected);
  }
});

// ---------- tabs ----------

function showTab(tab) {
  state.tab = tab;
  for (const b of $$('[role=tab]')) {
    const on = b.dataset.tab === tab;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    $('#pane-' + b.dataset.tab).hidden = !on;
  }
  if (tab === 'network') app.renderNetwork();
  if (tab === 'report') app.renderReport();
  if (tab === 'nodes') app.renderNodes();
  if (tab === 'paths') app.renderPaths();
}

$('.tabs').addEventListener('click', (ev) => {
  const b = ev.target.closest('[role=tab]');
  if (b) showTab(b.dataset.tab);
});
$('.tabs').addEventListener('keydown', (ev) => {
  if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') return;
  const tabs = $$('[role=tab]').filter((b) => !b.hidden);
  const i = tabs.findIndex((b) => b.dataset.tab === state.tab);
  const next = tabs[(i + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
  showTab(next.dataset.tab);
  next.focus();
});

// ---------- toolbar ----------

function renderTypes() {
  $('#types-body').innerHTML = `<label class="check"><input type="checkbox" id="types-all" ${state.types.size === relTypes.length ? 'checked' : ''}> <strong>${esc(t('allTypes'))}</strong></label>`
    + relTypes.map((ty) => `<label class="check"><input type="checkbox" data-type="${ty}" ${state.types.has(ty) ? 'checked' : ''}> ${esc(e('rel', ty))}</label>`).join('');
  $('#types-count').textContent = expandTypes() ? `${state.types.size}/${relTypes.length}` : t('allTypes');
}

$('#types-body').addEventListener('change', (ev) => {
  const el = ev.target;
  if (el.id === 'types-all') {
    state.types = new Set(el.checked ? relTypes : []);
  } else if (el.dataset.type) {
    if (el.checked) state.types.add(el.dataset.type); else state.types.delete(el.dataset.type);
  }
  renderTypes();
});
document.addEventListener('click', (ev) => {
  const m = $('#types-menu');
  if (m.open && !m.contains(ev.target)) m.open = false;
});
$('#types-menu').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { $('#types-menu').open = false; $('#types-menu summary').focus(); } });

$('#cap').addEventListener('change', (ev) => { state.cap = Number(ev.target.value); });
$('#fit').addEventListener('click', () => graph.fit());
$('#relayout').addEventListener('click', () => graph.relayout());
$('#zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
$('#zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
$('#clear').addEventListener('click', () => {
  graph.clear();
  state.selected = null; state.paths = null; state.activePath = null;
  app.renderDetails(); app.renderPaths(); updateGraphInfo();
  setHash({});
});

// Keyboard on the canvas: arrows move between nodes, Enter expands.
$('#cy').addEventListener('keydown', (ev) => {
  const nodes = graph.visibleNodes();
  if (!nodes.length) return;
  const i = nodes.findIndex((n) => n.id === state.selected);
  if (['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(ev.key)) {
    ev.preventDefault();
    const step = ev.key === 'ArrowRight' || ev.key === 'ArrowDown' ? 1 : -1;
    const next = nodes[(i + step + nodes.length) % nodes.length];
    select(next.id, { center: true });
    announce(`${nameOf(next)} · ${e('kind', next.__typename)}`);
  } else if (ev.key === 'Enter' && state.selected) { ev.preventDefault(); expand(state.selected); }
  else if (ev.key === '+' || ev.key === '=') graph.zoomBy(1.25);
  else if (ev.key === '-') graph.zoomBy(0.8);
  else if (ev.key === '0') graph.fit();
});

// ---------- time slider ----------

const T0 = new Date(1995, 0, 1);
function monthsTo(date) { const d = new Date(date + 'T00:00:00'); return (d.getFullYear() - T0.getFullYear()) * 12 + d.getMonth(); }
function monthDate(m) {
  const y = T0.getFullYear() + Math.floor(m / 12); const mo = (m % 12) + 1;
  return `${y}-${String(mo).padStart(2, '0')}-01`;
}
const range = $('#time-range'); const dateIn = $('#time-date');
range.max = String(monthsTo(today()));
range.value = range.max;
dateIn.value = today();
dateIn.max = '2100-12-31';

function applyTime() {
  const on = $('#time-on').checked;
  range.disabled = !on; dateIn.disabled = !on;
  state.date = on ? (dateIn.value || today()) : null;
  graph.setDate(state.date);
  if (on && !state.pathOpts.at) { state.pathOpts.at = ''; }
  updateGraphInfo();
}
$('#time-on').addEventListener('change', applyTime);
range.addEventListener('input', () => {
  const v = Number(range.value);
  dateIn.value = v >= Number(range.max) ? today() : monthDate(v);
  applyTime();
});
dateIn.addEventListener('change', () => {
  if (dateIn.value) range.value = String(Math.min(Number(range.max), Math.max(0, monthsTo(dateIn.value))));
  applyTime();
});

// ---------- search ----------

new Combo($('#search'), $('#search-list'), (n) => {
  $('#search').value = '';
  open(n, { fresh: true });
}, { first: 8 });

document.addEventListener('keydown', (ev) => {
  if (ev.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName)) {
    ev.preventDefault();
    $('#search').focus();
  }
});

$('#empty').addEventListener('click', (ev) => {
  const b = ev.target.closest('[data-try]');
  if (!b) return;
  const s = $('#search');
  s.value = b.dataset.try;
  s.focus();
  s.dispatchEvent(new Event('input'));
});

// ---------- language ----------

function applyI18n() {
  for (const el of $$('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of $$('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of $$('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of $$('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  document.title = `${t('appName')} · Liaison`;
  $('#legend').innerHTML = kindOrder.map((k) => `<span>${iconHTML(k)} ${esc(e('kind', k))}</span>`).join('')
    + `<span class="legend-cadre">${esc(t('cadre'))}</span><span class="legend-more">${esc(t('moreNodesHint'))}</span>`;
}

$('#lang').addEventListener('click', () => setLang(getLang() === 'en' ? 'zh' : 'en'));
onLang(() => {
  applyI18n();
  renderAuth();
  renderViewSwitch();
  if (state.view === 'home') app.renderHome();
  renderTypes();
  graph.relabel();
  app.renderDetails();
  app.renderPaths();
  if (state.tab === 'network') app.renderNetwork();
  if (state.tab === 'report') app.renderReport();
  if (state.tab === 'nodes') app.renderNodes();
  updateGraphInfo();
});

// ---------- location hash: #id=… or #from=…&to=… ----------

let hashBusy = false;
function setHash(o) {
  const q = new URLSearchParams(o).toString();
  const h = q ? '#' + q : ' ';
  if (location.hash === '#' + q) return;
  hashBusy = true;
  history.replaceState(null, '', q ? h : location.pathname);
  hashBusy = false;
}

async function fromHash() {
  if (hashBusy) return;
  const q = new URLSearchParams(location.hash.slice(1));
  if ((q.get('from') && q.get('to')) || q.get('id')) showView('graph');
  if (q.get('from') && q.get('to')) {
    try {
      const nodes = await api.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Person { name nameEn } ... on Unit { name nameEn } ... on Region { name nameEn } ... on Company { name nameEn } ... on Project { name nameEn } } }', { ids: [q.get('from'), q.get('to')] });
      const [a, b] = nodes.nodes;
      if (a && b) {
        await open(a, { fresh: true });
        app.setEnd('from', a); app.setEnd('to', b);
        showTab('paths');
        await app.findPaths();
      }
    } catch (err) { fail(err); }
  } else if (q.get('id')) {
    await open(q.get('id'), { fresh: true });
  }
}
window.addEventListener('hashchange', fromHash);

// ---------- start ----------

window.addEventListener('resize', () => graph.resize());
app.resizeGraph = () => graph.resize();
setLang(getLang());
showTab('details');
app.renderDetails();
updateGraphInfo();
// startView: cadres and officers (their token names a person) start on
// their home view, 我的联络; everyone else on the graph.
function startView() {
  const m = state.me;
  return !!(m && m.person && (m.role === 'cadre' || m.role === 'officer'));
}

initAuth().then(async () => {
  renderAuth();
  if (authMode() !== 'token' || hasToken()) await loadMe();
  showView(startView() && !location.hash.slice(1) ? 'home' : 'graph');
  app.renderCurateTools();
  document.body.dataset.ready = 'true';
  if (authMode() === 'token' && !hasToken()) askToken();
  return fromHash();
});
// For the end-to-end tests and the curious: the page's state.
window.liaison = { graph, state, open, expand, findPaths: (...a) => app.findPaths(...a) };

