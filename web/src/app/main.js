// Liaison's explorer page: search, the graph canvas, details, paths, a
// person's network and a dispatching unit's report, all from the public
// GraphQL API.
import './styles.css';
import * as api from './api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from './i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from './graph.js';
import { Combo, hitMeta } from './combo.js';
import { iconHTML, kindOrder, kindColor } from './style.js';
import { initAuth, authMode, roles, currentRole, setRole, setToken, hasToken } from './auth.js';

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

const kindOfId = (id) => ({ per: 'Person', unt: 'Unit', reg: 'Region', com: 'Company', prj: 'Project' }[String(id).split('_')[0]] || 'Node');

const state = {
  selected: null,
  tab: 'details',
  types: new Set(relTypes),
  cap: 25,
  date: null,
  from: null,
  to: null,
  pathOpts: { maxHops: 4, first: 5, orderBy: 'STRENGTH', at: '', types: new Set(relTypes) },
  paths: null,
  pathsFor: null,
  activePath: null,
  details: new Map(),
  network: new Map(),
  reports: new Map(),
  busy: 0,
};

// ---------- status and errors ----------

function announce(msg) { $('#status').textContent = msg; }

let toastTimer;
function toast(msg) {
  const el = $('#toast');
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 6000);
}

function fail(err) {
  if (err && err.code === 'UNAUTHENTICATED' && authMode() === 'token') { askToken(); return; }
  toast(t('error', { msg: err && err.message ? err.message : String(err) }));
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

function credentialsChanged() {
  state.details.clear(); state.network.clear(); state.reports.clear();
  renderAuth();
  renderDetails();
  if (state.tab === 'network') renderNetwork();
  if (state.tab === 'report') renderReport();
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

function busy(delta) {
  state.busy += delta;
  document.body.classList.toggle('busy', state.busy > 0);
}

// ---------- the graph ----------

const graph = new Graph($('#cy'), {
  onSelect: (id) => select(id),
  onExpand: (id) => expand(id),
  onHover: (html, pos) => showTip(html, pos),
  onEdge: (rel, pos) => showTip(edgeTipHTML(rel), pos, true),
  onBackground: () => hideTip(),
});

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
  if (state.tab === 'nodes') renderNodes();
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
    if (state.selected === id) renderDetailsActions();
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
    renderPaths();
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
  renderDetails();
}

// ---------- tabs ----------

function showTab(tab) {
  state.tab = tab;
  for (const b of $$('[role=tab]')) {
    const on = b.dataset.tab === tab;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    $('#pane-' + b.dataset.tab).hidden = !on;
  }
  if (tab === 'network') renderNetwork();
  if (tab === 'report') renderReport();
  if (tab === 'nodes') renderNodes();
  if (tab === 'paths') renderPaths();
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

// ---------- shared rendering helpers ----------

function ent(ref, extraClass = '') {
  if (!ref) return '';
  const kind = ref.__typename || kindOfId(ref.id);
  return `<button type="button" class="ent ${extraClass}" data-open="${esc(ref.id)}">${iconHTML(kind)}<span>${esc(nameOf(ref))}</span></button>`;
}

function period(from, to) {
  if (!from && !to) return '';
  return `${from || '…'} – ${to || t('now')}`;
}

function meta(...bits) {
  const s = bits.filter((b) => b !== null && b !== undefined && b !== '').map(esc).join(' · ');
  return s ? `<span class="meta">${s}</span>` : '';
}

function section(titleKey, connection, item) {
  if (!connection || !connection.totalCount) return '';
  const items = connection.edges.map((ed) => `<li>${item(ed.node)}</li>`).join('');
  const more = connection.totalCount > connection.edges.length ? `<p class="muted">${esc(t('total', { n: connection.totalCount }))}</p>` : '';
  return `<section class="block"><h3>${esc(t(titleKey))} <span class="badge">${connection.totalCount}</span></h3><ul class="rel-list">${items}</ul>${more}</section>`;
}

function fieldRows(rows) {
  const r = rows.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (!r.length) return '';
  return `<dl class="fields">${r.map(([k, v]) => `<dt>${esc(t(k))}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

// ---------- details ----------

async function renderDetails() {
  const pane = $('#pane-details');
  const id = state.selected;
  if (!id) {
    pane.innerHTML = `<p class="muted">${esc(t('selectSomething'))}</p>`;
    return;
  }
  let d = state.details.get(id);
  if (!d) {
    pane.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
    try {
      d = await api.details(id);
    } catch (err) {
      if (state.selected === id) pane.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`;
      return;
    }
    state.details.set(id, d);
    if (state.selected !== id) return;
  }
  if (!d) { pane.innerHTML = `<p class="muted">${esc(t('selectSomething'))}</p>`; return; }
  pane.innerHTML = detailsHTML(d);
  renderDetailsActions();
}

function detailsHTML(d) {
  const k = d.__typename;
  const badges = [`<span class="kind-badge" style="background:${kindColor[k]}">${esc(e('kind', k))}</span>`];
  if (d.isCadre) badges.push(`<span class="kind-badge cadre">${esc(t('cadre'))}</span>`);
  if (d.discoverable === false) badges.push(`<span class="kind-badge muted-badge">${esc(t('notDiscoverable'))}</span>`);
  const sub = [d.nameEn, k === 'Person' ? d.pinyin : null].filter(Boolean).join(' · ');
  let body = '';
  if (k === 'Person') {
    body += fieldRows([
      ['gender', d.gender && esc(e('gender', d.gender))],
      ['birthYear', d.birthYear && esc(d.birthYear)],
      ['expertise', d.expertise && d.expertise.map((x) => `<span class="tag">${esc(x)}</span>`).join(' ')],
      ['bio', d.bio && esc(d.bio)],
    ]);
    body += section('postings', d.postings, (p) => `${ent(p.hostUnit)} ${meta(p.title, p.batch && t('batch', { b: p.batch }), period(p.from, p.to))}${p.dispatchingUnit ? `<div class="sub">${esc(t('sentBy'))} ${ent(p.dispatchingUnit)}</div>` : ''}`);
    body += section('memberships', d.memberships, (m) => `${ent(m.unit)} ${meta(m.title, period(m.from, m.to))}`);
    body += section('employments', d.employments, (m) => `${ent(m.company)} ${meta(m.title, period(m.from, m.to))}`);
    body += section('projects', d.projects, (p) => `${ent(p.project)} ${meta(e('role', p.role), p.date)}`);
    body += section('acquaintances', d.acquaintances, (a) => `${ent(a.person)} ${meta(a.how, period(a.since, a.to))}`);
    body += section('locations', d.locations, (l) => `${ent(l.region)} ${meta(period(l.from, l.to))}`);
  } else if (k === 'Unit') {
    body += fieldRows([
      ['kind', esc(e('unitKind', d.unitKind))],
      ['parent', d.parent && ent(d.parent)],
      ['region', d.region && ent(d.region)],
      ['description', d.description && esc(d.description)],
    ]);
    body += section('dispatched', d.dispatchedCadres, (p) => `${ent(p.person)} ${meta(p.title, p.batch && t('batch', { b: p.batch }), period(p.from, p.to))}<div class="sub">${esc(t('hostedAt'))} ${ent(p.hostUnit)}</div>`);
    body += section('hosted', d.hostedCadres, (p) => `${ent(p.person)} ${meta(p.title, period(p.from, p.to))}${p.dispatchingUnit ? `<div class="sub">${esc(t('sentBy'))} ${ent(p.dispatchingUnit)}</div>` : ''}`);
    body += section('members', d.members, (m) => `${ent(m.person)} ${meta(m.title, period(m.from, m.to))}`);
    body += section('subUnits', d.subUnits, (u) => ent(u));
    body += section('supports', d.supports, (s) => `${ent(s.project)} ${meta(s.note, s.date)}`);
  } else if (k === 'Region') {
    body += fieldRows([
      ['level', esc(e('regionLevel', d.level))],
      ['code', d.code && esc(d.code)],
      ['parent', d.parent && ent(d.parent)],
    ]);
    body += section('subRegions', d.subRegions, (r) => ent(r));
    body += section('units', d.units, (u) => ent(u));
    body += section('companies', d.companies, (c) => ent(c));
    body += section('projects', d.projects, (p) => ent(p));
  } else if (k === 'Company') {
    body += fieldRows([
      ['industry', d.industry && esc(d.industry)],
      ['creditCode', d.creditCode && `<code>${esc(d.creditCode)}</code>`],
      ['parent', d.parent && ent(d.parent)],
      ['region', d.region && ent(d.region)],
      ['description', d.description && esc(d.description)],
    ]);
    body += section('employees', d.employees, (m) => `${ent(m.person)} ${meta(m.title, period(m.from, m.to))}`);
    body += section('subsidiaries', d.subsidiaries, (c) => ent(c));
    body += section('investments', d.investments, (i) => `${ent(i.project)} ${meta(i.amount && fmtAmount(i.amount), i.date)}`);
  } else if (k === 'Project') {
    body += fieldRows([
      ['kind', esc(e('projectKind', d.projectKind))],
      ['status', esc(e('projectStatus', d.status))],
      ['amount', d.amount && esc(fmtAmount(d.amount))],
      ['period2', (d.startDate || d.endDate) && esc(period(d.startDate, d.endDate))],
      ['region', d.region && ent(d.region)],
      ['description', d.description && esc(d.description)],
    ]);
    body += section('people', d.people, (p) => `${ent(p.person)} ${meta(e('role', p.role), p.date)}`);
    body += section('investors', d.investors, (i) => `${ent(i.company)} ${meta(i.amount && fmtAmount(i.amount), i.date)}`);
    body += section('supporters', d.supporters, (s) => `${ent(s.unit)} ${meta(s.note, s.date)}`);
  }
  return `<header class="entity-head">
      <div class="entity-title">${iconHTML(k)}<h2 id="entity-name">${esc(nameOf(d))}</h2></div>
      ${getLang() === 'en' && d.nameEn ? `<div class="muted">${esc(d.name)}${k === 'Person' && d.pinyin ? ' · ' + esc(d.pinyin) : ''}</div>` : (sub ? `<div class="muted">${esc(sub)}</div>` : '')}
      <div class="badges">${badges.join(' ')}</div>
      <div class="actions" id="entity-actions"></div>
    </header>${body}`;
}

function renderDetailsActions() {
  const box = $('#entity-actions');
  if (!box || !state.selected) return;
  const id = state.selected;
  const info = graph.nodeInfo(id);
  const moreLeft = info && info.degree != null && info.requested != null ? info.degree - info.requested : null;
  const onGraph = !!info;
  box.innerHTML = [
    onGraph && !(info && info.requested) ? `<button type="button" class="btn primary" data-act="expand">${esc(t('expand'))}</button>` : '',
    !onGraph ? `<button type="button" class="btn primary" data-act="show">${esc(t('showOnGraph'))}</button>` : '',
    moreLeft > 0 ? `<button type="button" class="btn primary" data-act="more">${esc(t('more'))} <span class="badge">${esc(t('moreCount', { n: moreLeft }))}</span></button>` : '',
    info && info.degree != null ? `<span class="muted small">${esc(t('neighbours', { shown: Math.min(info.requested, info.degree), degree: info.degree }))}</span>` : '',
    `<button type="button" class="btn" data-act="from">${esc(t('setFrom'))}</button>`,
    `<button type="button" class="btn" data-act="to">${esc(t('setTo'))}</button>`,
    onGraph ? `<button type="button" class="btn" data-act="center">${esc(t('center'))}</button>` : '',
    onGraph ? `<button type="button" class="btn subtle" data-act="remove">${esc(t('hide'))}</button>` : '',
  ].join(' ');
}

$('#pane-details').addEventListener('click', async (ev) => {
  const act = ev.target.closest('[data-act]');
  if (!act) return;
  const id = state.selected;
  const node = graph.node(id) || state.details.get(id);
  switch (act.dataset.act) {
    case 'expand': await expand(id); break;
    case 'more': await expand(id, { more: true }); break;
    case 'show': await open(id); break;
    case 'from': setEnd('from', node); showTab('paths'); break;
    case 'to': setEnd('to', node); showTab('paths'); break;
    case 'center': graph.center(id); break;
    case 'remove': graph.remove(id); updateGraphInfo(); renderDetailsActions(); break;
    default:
  }
});

// Any entity button in the panel opens that entity.
$('.panel').addEventListener('click', (ev) => {
  const b = ev.target.closest('[data-open]');
  if (b) open(b.dataset.open);
});

// ---------- paths ----------

function setEnd(which, node) {
  if (!node) return;
  state[which] = { id: node.id, __typename: node.__typename || kindOfId(node.id), name: node.name, nameEn: node.nameEn };
  state.paths = null;
  renderPaths();
}

let fromCombo; let toCombo;

function endHTML(which) {
  const n = state[which];
  const label = t(which);
  if (n) {
    return `<div class="end-field"><span class="end-label">${esc(label)}</span>${ent(n, 'end-ent')}
      <button type="button" class="btn subtle small" data-clear-end="${which}" aria-label="${esc(t('close'))} ${esc(label)}">✕</button></div>`;
  }
  return `<div class="end-field search"><label class="end-label" for="path-${which}">${esc(label)}</label>
    <input id="path-${which}" type="search" autocomplete="off" placeholder="${esc(t('pickPlaceholder'))}">
    <ul class="suggest" hidden></ul></div>`;
}

function renderPaths() {
  const pane = $('#pane-paths');
  const o = state.pathOpts;
  const typeBoxes = relTypes.map((ty) => `<label class="check"><input type="checkbox" data-ptype="${ty}" ${o.types.has(ty) ? 'checked' : ''}> ${esc(e('rel', ty))}</label>`).join('');
  let results = '';
  if (state.paths) {
    if (!state.paths.length) results = `<p class="muted" id="paths-none">${esc(t('pathsNone'))}</p>`;
    else {
      results = `<div class="paths-head"><strong>${esc(t('pathsFound', { n: state.paths.length }))}</strong>
        <button type="button" class="btn small" data-pact="all">${esc(t('showAllPaths'))}</button>
        <button type="button" class="btn small subtle" data-pact="clear">${esc(t('clearHighlight'))}</button></div>
        <ol class="paths" id="paths-list">${state.paths.map((p, i) => pathHTML(p, i)).join('')}</ol>`;
    }
  } else if (!state.from || !state.to) {
    results = `<p class="muted">${esc(t('pathsPick'))}</p>`;
  }
  pane.innerHTML = `<form id="paths-form" class="paths-form">
      ${endHTML('from')}
      <button type="button" class="btn small swap" data-pact="swap" aria-label="${esc(t('swap'))}" title="${esc(t('swap'))}">⇅</button>
      ${endHTML('to')}
      <div class="opts">
        <label class="inline">${esc(t('maxHops'))} <select id="p-hops">${[2, 3, 4, 5, 6].map((n) => `<option ${n === o.maxHops ? 'selected' : ''}>${n}</option>`).join('')}</select></label>
        <label class="inline">${esc(t('kPaths'))} <select id="p-k">${[1, 3, 5, 10, 20].map((n) => `<option ${n === o.first ? 'selected' : ''}>${n}</option>`).join('')}</select></label>
        <label class="inline">${esc(t('orderBy'))} <select id="p-order"><option value="STRENGTH" ${o.orderBy === 'STRENGTH' ? 'selected' : ''}>${esc(t('orderStrength'))}</option><option value="HOPS" ${o.orderBy === 'HOPS' ? 'selected' : ''}>${esc(t('orderHops'))}</option></select></label>
        <label class="inline" title="${esc(t('atDateHint'))}">${esc(t('atDate'))} <input type="date" id="p-at" value="${esc(o.at)}"></label>
      </div>
      <details class="types" ${state.pathTypesOpen ? 'open' : ''}><summary>${esc(t('relTypes'))} <span class="badge">${o.types.size}/${relTypes.length}</span></summary><div class="type-grid">${typeBoxes}</div></details>
      <button type="submit" class="btn primary" id="find-paths" ${state.from && state.to ? '' : 'disabled'}>${esc(t('findPaths'))}</button>
    </form>
    <div class="paths-results">${results}</div>`;
  for (const which of ['from', 'to']) {
    const input = $(`#path-${which}`, pane);
    if (!input) continue;
    const c = new Combo(input, input.nextElementSibling, (n) => { setEnd(which, n); const nx = $('#path-to') || $('#find-paths'); if (nx) nx.focus(); }, { first: 8 });
    if (which === 'from') fromCombo = c; else toCombo = c;
  }
  if (state.paths && state.activePath != null) markActivePath();
}

function pathHTML(p, i) {
  const chain = p.nodes.map((n) => esc(nameOf(n))).join(' → ');
  const strength = p.strength != null ? p.strength : 0;
  const expl = getLang() === 'en' ? p.explanationEn : p.explanation;
  return `<li class="path-card" tabindex="0" data-path="${i}">
    <div class="path-top"><strong>${esc(t('pathN', { n: i + 1 }))}</strong>
      <span class="meta">${esc(t('hops', { n: p.length }))}</span>
      <span class="strength" title="${esc(t('strength'))}"><span class="bar"><span style="width:${Math.max(3, Math.round(strength * 100))}%"></span></span>${esc(t('strength'))} ${p.strength != null ? strength.toFixed(3) : '–'}</span></div>
    <p class="explanation">${esc(expl)}</p>
    <p class="chain">${chain}</p></li>`;
}

function markActivePath() {
  for (const li of $$('.path-card')) li.classList.toggle('active', Number(li.dataset.path) === state.activePath);
}

function highlightPath(i) {
  state.activePath = i;
  const sel = graph.highlightPaths(i == null ? state.paths.map((_, j) => j) : [i]);
  if (sel && sel.length) graph.fit(sel);
  markActivePath();
}

async function findPaths() {
  const o = state.pathOpts;
  if (!state.from || !state.to) return;
  const btn = $('#find-paths');
  if (btn) { btn.disabled = true; btn.textContent = t('loading'); }
  busy(1);
  try {
    const types = o.types.size === relTypes.length || !o.types.size ? null : Array.from(o.types);
    const ps = await api.paths(state.from.id, state.to.id, { maxHops: o.maxHops, first: o.first, types, at: o.at || null, orderBy: o.orderBy });
    state.paths = ps;
    state.activePath = null;
    if (ps.length) {
      graph.addPaths(state.from.id, state.to.id, ps);
      updateGraphInfo();
    }
    renderPaths();
    if (ps.length) highlightPath(null);
    announce(t('pathsFound', { n: ps.length }));
    setHash({ from: state.from.id, to: state.to.id });
  } catch (err) {
    fail(err);
    renderPaths();
  } finally {
    busy(-1);
    document.body.dataset.pathRuns = String(Number(document.body.dataset.pathRuns || 0) + 1);
  }
}

const pane = $('#pane-paths');
pane.addEventListener('toggle', (ev) => { if (ev.target.matches('details.types')) state.pathTypesOpen = ev.target.open; }, true);
pane.addEventListener('submit', (ev) => { ev.preventDefault(); findPaths(); });
pane.addEventListener('change', (ev) => {
  const o = state.pathOpts;
  const el = ev.target;
  if (el.id === 'p-hops') o.maxHops = Number(el.value);
  else if (el.id === 'p-k') o.first = Number(el.value);
  else if (el.id === 'p-order') o.orderBy = el.value;
  else if (el.id === 'p-at') o.at = el.value;
  else if (el.dataset.ptype) {
    if (el.checked) o.types.add(el.dataset.ptype); else o.types.delete(el.dataset.ptype);
    const b = $('details.types .badge', pane);
    if (b) b.textContent = `${o.types.size}/${relTypes.length}`;
  }
});
pane.addEventListener('click', (ev) => {
  const c = ev.target.closest('[data-clear-end]');
  if (c) { state[c.dataset.clearEnd] = null; state.paths = null; renderPaths(); const i = $(`#path-${c.dataset.clearEnd}`); if (i) i.focus(); return; }
  const a = ev.target.closest('[data-pact]');
  if (a) {
    if (a.dataset.pact === 'swap') { [state.from, state.to] = [state.to, state.from]; state.paths = null; renderPaths(); }
    else if (a.dataset.pact === 'all') highlightPath(null);
    else if (a.dataset.pact === 'clear') { state.activePath = null; graph.clearHighlight(); markActivePath(); }
    return;
  }
  if (ev.target.closest('[data-open]')) return;
  const card = ev.target.closest('.path-card');
  if (card) highlightPath(Number(card.dataset.path));
});
pane.addEventListener('keydown', (ev) => {
  const card = ev.target.closest('.path-card');
  if (card && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); highlightPath(Number(card.dataset.path)); }
});
pane.addEventListener('mouseover', (ev) => {
  const card = ev.target.closest('.path-card');
  if (card && state.paths) graph.highlightPaths([Number(card.dataset.path)]);
});
pane.addEventListener('mouseleave', () => {
  if (!state.paths || !state.paths.length) return;
  graph.highlightPaths(state.activePath == null ? state.paths.map((_, j) => j) : [state.activePath]);
});

// ---------- a person's network ----------

async function renderNetwork() {
  const box = $('#pane-network');
  const id = state.selected;
  if (!id || kindOfId(id) !== 'Person') { box.innerHTML = ''; return; }
  let d = state.network.get(id);
  if (!d) {
    box.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
    try { d = await api.personNetwork(id); } catch (err) { box.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`; return; }
    state.network.set(id, d);
    if (state.selected !== id) return;
  }
  const en = getLang() === 'en';
  const person = graph.node(id) || state.details.get(id) || { id };
  const rec = d.reconnectSuggestions || [];
  const cohort = d.cohort;
  const inter = d.node && d.node.interactions;
  const ties = d.node && d.node.ties;
  let html = `<h2 class="pane-title">${iconHTML('Person')} ${esc(nameOf(person))}</h2>`;
  html += `<section class="block" id="reconnect"><h3>${esc(t('reconnect'))} <span class="badge">${rec.length}</span></h3>`;
  html += rec.length ? `<ul class="rel-list">${rec.map((r) => `<li>${ent(r.person)} ${meta(r.lastContact ? t('daysSince', { d: r.daysSince }) : '', `${t('strength')} ${r.tie.strength.toFixed(2)}`)}<div class="sub">${esc(en ? r.reasonEn : r.reason)}</div></li>`).join('')}</ul>` : `<p class="muted">${esc(t('reconnectNone'))}</p>`;
  html += '</section>';
  html += `<section class="block" id="cohort"><h3>${esc(t('cohort'))} <span class="badge">${cohort.totalCount}</span></h3>`;
  html += cohort.totalCount ? `<ul class="rel-list">${cohort.edges.map(({ node: c }) => `<li>${ent(c.person)} ${meta(c.sameHostUnit ? t('sameHost') : t('sameRegion'), t('overlap', { d: c.overlapDays }), period(c.overlapFrom, c.overlapTo))}
      <div class="sub">${ent(c.hostUnit)}${c.currentPost ? ` · ${esc(e('rel', c.currentPost.type))} ${c.currentPost.title ? esc(c.currentPost.title) : ''} ${ent(c.currentPost.end)}` : ''}</div></li>`).join('')}</ul>` : `<p class="muted">${esc(t('cohortNone'))}</p>`;
  html += '</section>';
  if (ties) {
    html += `<section class="block" id="ties"><h3>${esc(t('ties'))} <span class="badge">${ties.totalCount}</span></h3>`;
    html += ties.totalCount ? `<ul class="rel-list">${ties.edges.map(({ node: x }) => `<li>${ent(x.person)} <span class="strength"><span class="bar"><span style="width:${Math.round(x.strength * 100)}%"></span></span>${x.strength.toFixed(2)}</span> ${meta(x.lastContact ? `${t('interactions')} ${x.interactionCount} · ${x.lastContact}` : '')}</li>`).join('')}</ul>` : `<p class="muted">${esc(t('tiesNone'))}</p>`;
    html += '</section>';
  }
  if (inter) {
    html += `<section class="block" id="interactions"><h3>${esc(t('interactions'))} <span class="badge">${inter.totalCount}</span></h3>`;
    html += inter.totalCount ? `<ul class="rel-list">${inter.edges.map(({ node: x }) => `<li><span class="tag">${esc(e('interactionKind', x.kind))}</span> <time>${esc(x.at.slice(0, 10))}</time> ${x.summary ? esc(x.summary) : ''}
        <div class="sub">${x.participants.filter((p) => p.id !== id).map((p) => ent(p)).join(' ')} ${x.about.map((a) => ent(a)).join(' ')}</div></li>`).join('')}</ul>` : `<p class="muted">${esc(t('interactionsNone'))}</p>`;
    html += '</section>';
  }
  box.innerHTML = html;
}

// ---------- a dispatching unit's report ----------

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const reportPeriod = { from: `${new Date().getFullYear() - 1}-01-01`, to: today() };

function reportURL(id, format) {
  const q = new URLSearchParams();
  if (reportPeriod.from) q.set('from', reportPeriod.from);
  if (reportPeriod.to) q.set('to', reportPeriod.to);
  q.set('format', format);
  return `/reports/units/${encodeURIComponent(id)}?${q}`;
}

async function renderReport() {
  const box = $('#pane-report');
  const id = state.selected;
  if (!id || kindOfId(id) !== 'Unit') { box.innerHTML = ''; return; }
  let d = state.reports.get(id);
  if (!d) {
    box.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
    try { d = await api.unitReport(id); } catch (err) { box.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`; return; }
    state.reports.set(id, d);
    if (state.selected !== id) return;
  }
  const dc = d.dispatchedCadres;
  const rows = dc.edges.map(({ node: p }) => `<tr><td>${ent(p.person)}</td><td>${ent(p.hostUnit)}</td><td>${esc(p.title)}</td><td>${esc(p.batch || '')}</td><td>${esc(period(p.from, p.to))}</td></tr>`).join('');
  box.innerHTML = `<h2 class="pane-title">${iconHTML('Unit')} ${esc(nameOf(d))}</h2>
    <section class="block"><h3>${esc(t('report'))}</h3><p class="muted">${esc(t('reportIntro'))}</p>
    <form class="report-form" id="report-form">
      <label class="inline">${esc(t('periodFrom'))} <input type="date" id="r-from" value="${esc(reportPeriod.from)}"></label>
      <label class="inline">${esc(t('periodTo'))} <input type="date" id="r-to" value="${esc(reportPeriod.to)}"></label>
    </form>
    <div class="actions report-actions">
      <button type="button" class="btn primary" data-report="view">${esc(t('openReport'))}</button>
      <button type="button" class="btn" data-report="print">${esc(t('printReport'))}</button>
      <button type="button" class="btn" data-report="csv">${esc(t('downloadCsv'))}</button>
      <button type="button" class="btn" data-report="xlsx">${esc(t('downloadXlsx'))}</button>
    </div>
    <p class="error" id="r-msg" hidden></p></section>
    <section class="block"><h3>${esc(t('dispatched'))} <span class="badge">${dc.totalCount}</span></h3>
    ${dc.totalCount ? `<div class="table-wrap"><table class="report-table"><thead><tr><th>${esc(e('kind', 'Person'))}</th><th>${esc(t('hostedAt'))}</th><th>${esc(t('postTitle'))}</th><th>${esc(t('batch', { b: '' }).trim())}</th><th>${esc(t('period2'))}</th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="muted">${esc(t('none'))}</p>`}
    ${dc.totalCount > dc.edges.length ? `<p class="muted">${esc(t('total', { n: dc.totalCount }))}</p>` : ''}</section>`;
}

$('#pane-report').addEventListener('change', (ev) => {
  if (ev.target.id === 'r-from') reportPeriod.from = ev.target.value;
  else if (ev.target.id === 'r-to') reportPeriod.to = ev.target.value;
});

// The report is fetched with the page's token (a plain link would carry
// none), then shown, printed or saved from a blob.
$('#pane-report').addEventListener('click', async (ev) => {
  const b = ev.target.closest('[data-report]');
  if (!b) return;
  const what = b.dataset.report;
  const format = what === 'view' || what === 'print' ? 'html' : what;
  const msg = $('#r-msg');
  msg.hidden = true;
  const win = what === 'view' ? window.open('', '_blank') : null;
  let file;
  b.disabled = true;
  try {
    file = await api.fetchFile(reportURL(state.selected, format));
  } catch (err) {
    if (win) win.close();
    msg.textContent = /^HTTP\d+$/.test(err.code || '') ? t('reportUnavailable', { status: err.code.slice(4) }) : t('error', { msg: err.message });
    msg.hidden = false;
    return;
  } finally {
    b.disabled = false;
  }
  const url = URL.createObjectURL(file.blob);
  setTimeout(() => URL.revokeObjectURL(url), 120000);
  if (what === 'view') {
    if (win) win.location.href = url; else window.open(url, '_blank');
  } else if (what === 'print') {
    const frame = document.createElement('iframe');
    frame.className = 'print-frame';
    frame.setAttribute('aria-hidden', 'true');
    frame.onload = () => { frame.contentWindow.focus(); frame.contentWindow.print(); setTimeout(() => frame.remove(), 60000); };
    frame.src = url;
    document.body.appendChild(frame);
  } else {
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename || `report-${state.selected}.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
});

// ---------- the nodes on the graph (keyboard access) ----------

function renderNodes() {
  const nodes = graph.visibleNodes();
  const byKind = new Map();
  for (const n of nodes) {
    const k = n.__typename;
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k).push(n);
  }
  let html = `<p class="muted">${esc(t('nodesOnGraph', { n: graph.size().nodes, m: graph.size().edges }))}</p>`;
  for (const k of kindOrder) {
    const list = byKind.get(k);
    if (!list) continue;
    html += `<section class="block"><h3>${esc(e('kind', k))} <span class="badge">${list.length}</span></h3><ul class="node-list">${list.map((n) => `<li>${ent(n, n.id === state.selected ? 'current' : '')}</li>`).join('')}</ul></section>`;
  }
  $('#pane-nodes').innerHTML = html;
}

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
  renderDetails(); renderPaths(); updateGraphInfo();
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
  renderTypes();
  graph.relabel();
  renderDetails();
  renderPaths();
  if (state.tab === 'network') renderNetwork();
  if (state.tab === 'report') renderReport();
  if (state.tab === 'nodes') renderNodes();
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
  if (q.get('from') && q.get('to')) {
    try {
      const nodes = await api.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Person { name nameEn } ... on Unit { name nameEn } ... on Region { name nameEn } ... on Company { name nameEn } ... on Project { name nameEn } } }', { ids: [q.get('from'), q.get('to')] });
      const [a, b] = nodes.nodes;
      if (a && b) {
        await open(a, { fresh: true });
        setEnd('from', a); setEnd('to', b);
        showTab('paths');
        await findPaths();
      }
    } catch (err) { fail(err); }
  } else if (q.get('id')) {
    await open(q.get('id'), { fresh: true });
  }
}
window.addEventListener('hashchange', fromHash);

// ---------- start ----------

window.addEventListener('resize', () => graph.resize());
setLang(getLang());
showTab('details');
renderDetails();
updateGraphInfo();
initAuth().then(() => {
  renderAuth();
  document.body.dataset.ready = 'true';
  if (authMode() === 'token' && !hasToken()) askToken();
  return fromHash();
});
// For the end-to-end tests and the curious: the page's state.
window.liaison = { graph, state, open, expand, findPaths };
