// What every part of the explorer page shares: the DOM helpers, the page's
// state, the graph canvas, status and error reporting, and the small
// rendering helpers. Functions of the panels and of main.js are reached
// through app (each module registers its own), so modules need not import
// each other.
import * as api from './api.js';
import { t, e, nameOf, relTypes } from './i18n.js';
import { Graph, esc } from './graph.js';
import { iconHTML } from './style.js';
import { authMode } from './auth.js';

// app holds the functions the modules register (open, select, showTab,
// renderDetails, ...).
export const app = {};

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

export const kindOfId = (id) => ({ per: 'Person', unt: 'Unit', reg: 'Region', com: 'Company', prj: 'Project' }[String(id).split('_')[0]] || 'Node');

export const state = {
  view: 'graph', // or 'home'
  me: null, // who the token is: { role, unitId, person, perms }
  homeData: null,
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

export function announce(msg) { $('#status').textContent = msg; }

let toastTimer;
export function toast(msg) {
  const el = $('#toast');
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 6000);
}

export function fail(err) {
  if (err && err.code === 'UNAUTHENTICATED' && authMode() === 'token') { app.askToken(); return; }
  toast(t('error', { msg: err && err.message ? err.message : String(err) }));
}
export function busy(delta) {
  state.busy += delta;
  document.body.classList.toggle('busy', state.busy > 0);
}
// ---------- shared rendering helpers ----------

// paneData is the data of the pane box for the selected entity, which
// must be of kind: from cache, else loaded by load(id) (and cached) while
// the pane says so. It is undefined, with the pane told, when the
// selection is of another kind (pane emptied) or the load failed (pane
// shows the error), and undefined when the selection moved on meanwhile.
export async function paneData(box, kind, cache, load) {
  const id = state.selected;
  if (!id || kindOfId(id) !== kind) { box.innerHTML = ''; return undefined; }
  let d = cache.get(id);
  if (!d) {
    box.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
    try { d = await load(id); } catch (err) { box.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`; return undefined; }
    cache.set(id, d);
    if (state.selected !== id) return undefined;
  }
  return d;
}

// toolbarButton shows the toolbar button #id (made the first time, after
// anchor or else first in the toolbar, opening onClick) with the label,
// or hides it when not shown.
export function toolbarButton(id, shown, anchor, onClick, label) {
  let b = $(`#${id}`);
  if (!shown) { if (b) b.hidden = true; return; }
  if (!b) {
    const html = `<button type="button" class="btn" id="${id}"></button>`;
    if (anchor) anchor.insertAdjacentHTML('afterend', html); else $('.toolbar').insertAdjacentHTML('afterbegin', html);
    b = $(`#${id}`);
    b.addEventListener('click', onClick);
  }
  b.hidden = false;
  b.textContent = label;
}

// printInFrame prints a document from a hidden frame, removed a minute
// later; doc sets the frame's src or srcdoc.
export function printInFrame(doc) {
  const frame = document.createElement('iframe');
  frame.className = 'print-frame';
  frame.setAttribute('aria-hidden', 'true');
  frame.onload = () => { frame.contentWindow.focus(); frame.contentWindow.print(); setTimeout(() => frame.remove(), 60000); };
  Object.assign(frame, doc);
  document.body.appendChild(frame);
}

// saveURL saves what url (a blob's) names as the file filename.
export function saveURL(url, filename) {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function ent(ref, extraClass = '') {
  if (!ref) return '';
  const kind = ref.__typename || kindOfId(ref.id);
  return `<button type="button" class="ent ${extraClass}" data-open="${esc(ref.id)}">${iconHTML(kind)}<span>${esc(nameOf(ref))}</span></button>`;
}

export function period(from, to) {
  if (!from && !to) return '';
  return `${from || '…'} – ${to || t('now')}`;
}

export function meta(...bits) {
  const s = bits.filter((b) => b !== null && b !== undefined && b !== '').map(esc).join(' · ');
  return s ? `<span class="meta">${s}</span>` : '';
}

// section is a list of the panel: its title, its count and "导出 /
// Export" (exp: [kind, field, id], see exportButton), its first rows.
export function section(titleKey, connection, item, exp) {
  if (!connection || !connection.totalCount) return '';
  const items = connection.edges.map((ed) => `<li>${item(ed.node)}</li>`).join('');
  const more = connection.totalCount > connection.edges.length ? `<p class="muted">${esc(t('total', { n: connection.totalCount }))}</p>` : '';
  return `<section class="block"${exp ? ` data-list="${esc(exp[1])}"` : ''}>${blockHead(titleKey, connection.totalCount, exp)}<ul class="rel-list">${items}</ul>${more}</section>`;
}

// blockHead is a list's heading: title, count badge and, with exp, its
// export button.
export function blockHead(titleKey, count, exp) {
  const h = `<h3>${esc(t(titleKey))} <span class="badge">${count}</span></h3>`;
  return exp ? `<div class="block-head">${h}${exportButton(titleKey, count, ...exp)}</div>` : h;
}

// exportButton exports the whole list field of the entity id (of kind)
// through POST /export, as CSV (api.listExport says what a row holds).
export function exportButton(titleKey, count, kind, field, id) {
  return `<button type="button" class="btn small export" data-export-kind="${esc(kind)}" data-export-field="${esc(field)}" data-export-id="${esc(id)}"
    aria-label="${esc(t('exportLabel', { what: t(titleKey), n: count }))}" title="${esc(t('exportLabel', { what: t(titleKey), n: count }))}">${esc(t('export'))}</button>`;
}

document.addEventListener('click', async (ev) => {
  const b = ev.target.closest('[data-export-field]');
  if (!b) return;
  const { exportKind: kind, exportField: field, exportId: id } = b.dataset;
  const req = api.listExport(kind, field, id);
  if (!req) return;
  b.disabled = true;
  busy(1);
  announce(t('exporting'));
  try {
    const file = await api.exportFile(req);
    const url = URL.createObjectURL(file.blob);
    setTimeout(() => URL.revokeObjectURL(url), 120000);
    saveURL(url, `${field}-${id}.csv`);
    announce(t('exported'));
  } catch (err) {
    fail(err);
  } finally {
    b.disabled = false;
    busy(-1);
  }
});

export function fieldRows(rows) {
  const r = rows.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (!r.length) return '';
  return `<dl class="fields">${r.map(([k, v]) => `<dt>${esc(t(k))}</dt><dd>${v}</dd>`).join('')}</dl>`;
}
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}


export const graph = new Graph($('#cy'), {
  onSelect: (id) => app.select(id),
  onExpand: (id) => app.expand(id),
  onHover: (html, pos) => app.showTip(html, pos),
  onEdge: (rel, pos) => app.showTip(edgeTipHTML(rel), pos, true),
  onBackground: () => app.hideTip(),
});

