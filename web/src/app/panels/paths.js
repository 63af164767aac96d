// The paths panel: two ends, the options, and the k strongest paths.
import * as api from '../api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from '../i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from '../graph.js';
import { Combo, hitMeta } from '../combo.js';
import { iconHTML, kindOrder, kindColor } from '../style.js';
import { $, $$, kindOfId, state, app, graph, announce, toast, fail, busy, ent, period, meta, section, fieldRows, today } from '../core.js';
import { authMode, currentRole } from '../auth.js';

Object.assign(app, { setEnd, endHTML, renderPaths, pathHTML, markActivePath, highlightPath, findPaths });

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
      app.updateGraphInfo();
    }
    renderPaths();
    if (ps.length) highlightPath(null);
    announce(t('pathsFound', { n: ps.length }));
    app.setHash({ from: state.from.id, to: state.to.id });
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

