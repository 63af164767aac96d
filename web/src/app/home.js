// The home view of a signed-in cadre or officer, 我的联络 / My network:
// whom to get back to (with one tap to log it), the cohort leaving within
// 60 days, the new arrivals of the last 60 days, and their last 20
// interactions.
import * as api from './api.js';
import { t, e, getLang, nameOf } from './i18n.js';
import { esc } from './graph.js';
import { $, state, app, ent, meta, exportButton } from './core.js';
import { can, myPerson, openLogForm, openProfileForm } from './forms.js';

export function showView(view) {
  const home = view === 'home' && !!myPerson();
  state.view = home ? 'home' : 'graph';
  $('#home').hidden = !home;
  $('main.layout').hidden = home;
  renderViewSwitch();
  if (home) renderHome();
  else app.resizeGraph();
}

export function renderViewSwitch() {
  const b = $('#view-switch');
  b.hidden = !myPerson();
  b.textContent = state.view === 'home' ? t('graphNav') : t('homeNav');
  b.setAttribute('aria-pressed', String(state.view === 'home'));
  if (app.renderContribNav) app.renderContribNav(); // contrib.js: the admin's queue
}

let homeSeq = 0;

export async function renderHome() {
  const box = $('#home');
  const me = myPerson();
  if (!me) { box.innerHTML = `<p class="muted">${esc(t('homeNoPerson'))}</p>`; return; }
  const seq = ++homeSeq;
  if (!box.innerHTML) box.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let d;
  try {
    d = await api.home(me.id);
  } catch (err) {
    if (seq === homeSeq) box.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`;
    return;
  }
  if (seq !== homeSeq) return;
  const en = getLang() === 'en';
  const rec = d.reconnectSuggestions || [];
  const rem = d.reminders || { leaving: [], arrivals: [] };
  const inter = d.node && d.node.interactions;
  const mayLog = can('logInteraction');
  let html = `<header class="home-head"><h1 id="home-title">${esc(t('homeTitle'))}</h1><p class="muted">${esc(t('homeHello', { name: nameOf(me) }))}</p>
    <div class="actions">${mayLog ? `<button type="button" class="btn primary" id="home-log">${esc(t('logInteraction'))}</button>` : ''}
    ${can('editProfile') ? `<button type="button" class="btn" id="home-profile">${esc(t('editProfile'))}</button>` : ''}</div></header>`;
  html += `<section class="block" id="home-reconnect" aria-labelledby="h-rec"><h2 id="h-rec">${esc(t('homeReconnect'))} <span class="badge">${rec.length}</span></h2>`;
  html += rec.length ? `<ul class="rel-list cards">${rec.map((r) => `<li data-person="${esc(r.person.id)}"><div class="card-main">${ent(r.person)} ${meta(r.lastContact ? t('daysSince', { d: r.daysSince }) : '', `${t('strength')} ${r.tie.strength.toFixed(2)}`)}
      <div class="sub">${esc(en ? r.reasonEn : r.reason)}</div></div>
      ${mayLog ? `<button type="button" class="btn primary contacted" data-contacted="${esc(r.person.id)}" aria-label="${esc(t('contactedLabel', { name: nameOf(r.person) }))}">${esc(t('contacted'))}</button>` : ''}</li>`).join('')}</ul>`
    : `<p class="muted">${esc(t('homeReconnectNone'))}</p>`;
  html += '</section>';
  html += `<section class="block" id="home-leaving" aria-labelledby="h-leave"><h2 id="h-leave">${esc(t('homeLeaving'))} <span class="badge">${rem.leaving.length}</span></h2>`;
  html += rem.leaving.length ? `<ul class="rel-list">${rem.leaving.map((p) => `<li>${ent(p.person)} ${meta(p.title, t('leavesOn', { date: p.to }))}<div class="sub">${ent(p.hostUnit)}</div></li>`).join('')}</ul>`
    : `<p class="muted">${esc(t('homeLeavingNone'))}</p>`;
  html += '</section>';
  html += `<section class="block" id="home-arrivals" aria-labelledby="h-arr"><h2 id="h-arr">${esc(t('homeArrivals'))} <span class="badge">${rem.arrivals.length}</span></h2>`;
  html += rem.arrivals.length ? `<ul class="rel-list">${rem.arrivals.map((p) => `<li>${ent(p.person)} ${meta(p.title, t('arrivedOn', { date: p.from }))}<div class="sub">${ent(p.hostUnit)}</div></li>`).join('')}</ul>`
    : `<p class="muted">${esc(t('homeArrivalsNone'))}</p>`;
  html += '</section>';
  const interHead = `<h2 id="h-int">${esc(t('homeInteractions'))} <span class="badge">${inter ? inter.totalCount : 0}</span></h2>`;
  html += `<section class="block" id="home-interactions" aria-labelledby="h-int">${inter && inter.totalCount
    ? `<div class="block-head">${interHead}${exportButton('homeInteractions', inter.totalCount, 'Person', 'interactions', me.id)}</div>` : interHead}`;
  html += inter && inter.totalCount ? `<ul class="rel-list">${inter.edges.map(({ node: x }) => `<li data-interaction="${esc(x.id)}"><span class="tag">${esc(e('interactionKind', x.kind))}</span> <time datetime="${esc(x.at)}">${esc(new Date(x.at).toLocaleString(en ? 'en' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }))}</time> ${x.summary ? `<span class="summary">${esc(x.summary)}</span>` : ''}
      <div class="sub">${x.participants.filter((p) => p.id !== me.id).map((p) => ent(p)).join(' ')} ${x.about.map((a) => ent(a)).join(' ')}</div></li>`).join('')}</ul>`
    : `<p class="muted">${esc(t('homeInteractionsNone'))}</p>`;
  html += '</section>';
  box.innerHTML = html;
  if (app.renderMyRecord) app.renderMyRecord(box); // contrib.js: 我的履职
  box.dataset.loaded = String(Number(box.dataset.loaded || 0) + 1);
  state.homeData = d;
}

$('#home').addEventListener('click', (ev) => {
  const c = ev.target.closest('[data-contacted]');
  if (c) {
    const r = (state.homeData.reconnectSuggestions || []).find((x) => x.person.id === c.dataset.contacted);
    if (r) openLogForm([{ ...r.person, __typename: 'Person' }]);
    return;
  }
  if (ev.target.closest('#home-log')) { openLogForm([]); return; }
  if (ev.target.closest('#home-profile')) { openProfileForm(); return; }
  const o = ev.target.closest('[data-open]');
  if (o) { showView('graph'); app.open(o.dataset.open, { fresh: true }); }
});

$('#view-switch').addEventListener('click', () => showView(state.view === 'home' ? 'graph' : 'home'));

Object.assign(app, { showView, renderHome, renderViewSwitch });
