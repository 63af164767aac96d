// A person's network panel: reconnect suggestions, cohort, ties and interactions.
import * as api from '../api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from '../i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from '../graph.js';
import { Combo, hitMeta } from '../combo.js';
import { iconHTML, kindOrder, kindColor } from '../style.js';
import { $, $$, kindOfId, state, app, graph, announce, toast, fail, busy, ent, period, meta, section, blockHead, fieldRows, today, paneData } from '../core.js';
import { authMode, currentRole } from '../auth.js';

Object.assign(app, { renderNetwork });

// ---------- a person's network ----------

async function renderNetwork() {
  const box = $('#pane-network');
  const d = await paneData(box, 'Person', state.network, (id) => api.personNetwork(id, { network: mayReadNetwork(id) }));
  if (!d) return;
  const id = state.selected;
  const en = getLang() === 'en';
  const person = graph.node(id) || state.details.get(id) || { id };
  const rec = d.reconnectSuggestions || [];
  const cohort = d.cohort;
  const inter = d.node && d.node.interactions;
  const ties = d.node && d.node.ties;
  let html = `<h2 class="pane-title">${iconHTML('Person')} ${esc(nameOf(person))}</h2>`;
  if (!cohort) html += `<p class="muted" id="network-self-only">${esc(t('networkSelfOnly'))}</p>`;
  else {
    html += `<section class="block" id="reconnect"><h3>${esc(t('reconnect'))} <span class="badge">${rec.length}</span></h3>`;
    html += rec.length ? `<ul class="rel-list">${rec.map((r) => `<li>${ent(r.person)} ${meta(r.lastContact ? t('daysSince', { d: r.daysSince }) : '', `${t('strength')} ${r.tie.strength.toFixed(2)}`)}<div class="sub">${esc(en ? r.reasonEn : r.reason)}</div></li>`).join('')}</ul>` : `<p class="muted">${esc(t('reconnectNone'))}</p>`;
    html += '</section>';
    html += `<section class="block" id="cohort">${blockHead('cohort', cohort.totalCount, cohort.totalCount && ['Person', 'cohort', id])}`;
    html += cohort.totalCount ? `<ul class="rel-list">${cohort.edges.map(({ node: c }) => `<li>${ent(c.person)} ${meta(c.sameHostUnit ? t('sameHost') : t('sameRegion'), t('overlap', { d: c.overlapDays }), period(c.overlapFrom, c.overlapTo))}
        <div class="sub">${ent(c.hostUnit)}${c.currentPost ? ` · ${esc(e('rel', c.currentPost.type))} ${c.currentPost.title ? esc(c.currentPost.title) : ''} ${ent(c.currentPost.end)}` : ''}</div></li>`).join('')}</ul>` : `<p class="muted">${esc(t('cohortNone'))}</p>`;
    html += '</section>';
  }
  if (ties) {
    html += `<section class="block" id="ties">${blockHead('ties', ties.totalCount, ties.totalCount && ['Person', 'ties', id])}`;
    html += ties.totalCount ? `<ul class="rel-list">${ties.edges.map(({ node: x }) => `<li>${ent(x.person)} <span class="strength"><span class="bar"><span style="width:${Math.round(x.strength * 100)}%"></span></span>${x.strength.toFixed(2)}</span> ${meta(x.lastContact ? `${t('interactions')} ${x.interactionCount} · ${x.lastContact}` : '')}</li>`).join('')}</ul>` : `<p class="muted">${esc(t('tiesNone'))}</p>`;
    html += '</section>';
  }
  if (inter) {
    html += `<section class="block" id="interactions">${blockHead('interactions', inter.totalCount, inter.totalCount && ['Person', 'interactions', id])}`;
    html += inter.totalCount ? `<ul class="rel-list">${inter.edges.map(({ node: x }) => `<li><span class="tag">${esc(e('interactionKind', x.kind))}</span> <time>${esc(x.at.slice(0, 10))}</time> ${x.summary ? esc(x.summary) : ''}
        <div class="sub">${x.participants.filter((p) => p.id !== id).map((p) => ent(p)).join(' ')} ${x.about.map((a) => ent(a)).join(' ')}</div></li>`).join('')}</ul>` : `<p class="muted">${esc(t('interactionsNone'))}</p>`;
    html += '</section>';
  }
  box.innerHTML = html;
}


// mayReadNetwork: cohort and reconnect suggestions are the person's own
// (and an admin's) to read; without a role from the server (no
// authentication) everything is allowed.
function mayReadNetwork(id) {
  const me = state.me;
  if (!me) return true;
  const scope = me.perms.readNetwork;
  return scope === 'any' || ((scope === 'self' || scope === 'unit') && me.person && me.person.id === id);
}
