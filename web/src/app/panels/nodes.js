// The list of the nodes on the graph, for keyboard and screen-reader users.
import * as api from '../api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from '../i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from '../graph.js';
import { Combo, hitMeta } from '../combo.js';
import { iconHTML, kindOrder, kindColor } from '../style.js';
import { $, $$, kindOfId, state, app, graph, announce, toast, fail, busy, ent, period, meta, section, fieldRows, today } from '../core.js';
import { authMode, currentRole } from '../auth.js';

Object.assign(app, { renderNodes });

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

