// The details panel: an entity's fields and relationships, and the actions
// on it (expand, show, set as path end, and the keep-in-touch actions).
import * as api from '../api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from '../i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from '../graph.js';
import { Combo, hitMeta } from '../combo.js';
import { iconHTML, kindOrder, kindColor } from '../style.js';
import { $, $$, kindOfId, state, app, graph, announce, toast, fail, busy, ent, period, meta, section, fieldRows, today } from '../core.js';
import { authMode, currentRole } from '../auth.js';

Object.assign(app, { renderDetails, detailsHTML, renderDetailsActions });

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
  if (app.curateAfterDetails) app.curateAfterDetails(d);
}

function detailsHTML(d) {
  const k = d.__typename;
  const badges = [`<span class="kind-badge" style="background:${kindColor[k]}">${esc(e('kind', k))}</span>`];
  if (d.isCadre) badges.push(`<span class="kind-badge cadre">${esc(t('cadre'))}</span>`);
  if (d.discoverable === false) badges.push(`<span class="kind-badge muted-badge">${esc(t('notDiscoverable'))}</span>`);
  const sub = [d.nameEn, k === 'Person' ? d.pinyin : null].filter(Boolean).join(' · ');
  // Every list with its "导出 / Export" of the whole list.
  const sec = (key, field, item) => section(key, d[field], item, [k, field, d.id]);
  let body = '';
  if (k === 'Person') {
    body += fieldRows([
      ['gender', d.gender && esc(e('gender', d.gender))],
      ['birthYear', d.birthYear && esc(d.birthYear)],
      ['expertise', d.expertise && d.expertise.map((x) => `<span class="tag">${esc(x)}</span>`).join(' ')],
      ['bio', d.bio && esc(d.bio)],
    ]);
    body += sec('postings', 'postings', (p) => `${ent(p.hostUnit)} ${meta(p.title, p.batch && t('batch', { b: p.batch }), period(p.from, p.to))}${p.dispatchingUnit ? `<div class="sub">${esc(t('sentBy'))} ${ent(p.dispatchingUnit)}</div>` : ''}`);
    body += sec('memberships', 'memberships', (m) => `${ent(m.unit)} ${meta(m.title, period(m.from, m.to))}`);
    body += sec('employments', 'employments', (m) => `${ent(m.company)} ${meta(m.title, period(m.from, m.to))}`);
    body += sec('projects', 'projects', (p) => `${ent(p.project)} ${meta(e('role', p.role), p.date)}`);
    body += sec('acquaintances', 'acquaintances', (a) => `${ent(a.person)} ${meta(a.how, period(a.since, a.to))}`);
    body += sec('locations', 'locations', (l) => `${ent(l.region)} ${meta(period(l.from, l.to))}`);
  } else if (k === 'Unit') {
    body += fieldRows([
      ['kind', esc(e('unitKind', d.unitKind))],
      ['parent', d.parent && ent(d.parent)],
      ['region', d.region && ent(d.region)],
      ['description', d.description && esc(d.description)],
    ]);
    body += sec('dispatched', 'dispatchedCadres', (p) => `${ent(p.person)} ${meta(p.title, p.batch && t('batch', { b: p.batch }), period(p.from, p.to))}<div class="sub">${esc(t('hostedAt'))} ${ent(p.hostUnit)}</div>`);
    body += sec('hosted', 'hostedCadres', (p) => `${ent(p.person)} ${meta(p.title, period(p.from, p.to))}${p.dispatchingUnit ? `<div class="sub">${esc(t('sentBy'))} ${ent(p.dispatchingUnit)}</div>` : ''}`);
    body += sec('members', 'members', (m) => `${ent(m.person)} ${meta(m.title, period(m.from, m.to))}`);
    body += sec('subUnits', 'subUnits', (u) => ent(u));
    body += sec('supports', 'supports', (s) => `${ent(s.project)} ${meta(s.note, s.date)}`);
  } else if (k === 'Region') {
    body += fieldRows([
      ['level', esc(e('regionLevel', d.level))],
      ['code', d.code && esc(d.code)],
      ['parent', d.parent && ent(d.parent)],
    ]);
    body += sec('subRegions', 'subRegions', (r) => ent(r));
    body += sec('units', 'units', (u) => ent(u));
    body += sec('companies', 'companies', (c) => ent(c));
    body += sec('projects', 'projects', (p) => ent(p));
  } else if (k === 'Company') {
    body += fieldRows([
      ['industry', d.industry && esc(d.industry)],
      ['creditCode', d.creditCode && `<code>${esc(d.creditCode)}</code>`],
      ['parent', d.parent && ent(d.parent)],
      ['region', d.region && ent(d.region)],
      ['description', d.description && esc(d.description)],
    ]);
    body += sec('employees', 'employees', (m) => `${ent(m.person)} ${meta(m.title, period(m.from, m.to))}`);
    body += sec('subsidiaries', 'subsidiaries', (c) => ent(c));
    body += sec('investments', 'investments', (i) => `${ent(i.project)} ${meta(i.amount && fmtAmount(i.amount), i.date)}`);
  } else if (k === 'Project') {
    body += fieldRows([
      ['kind', esc(e('projectKind', d.projectKind))],
      ['status', esc(e('projectStatus', d.status))],
      ['amount', d.amount && esc(fmtAmount(d.amount))],
      ['period2', (d.startDate || d.endDate) && esc(period(d.startDate, d.endDate))],
      ['region', d.region && ent(d.region)],
      ['description', d.description && esc(d.description)],
    ]);
    body += sec('people', 'people', (p) => `${ent(p.person)} ${meta(e('role', p.role), p.date)}`);
    body += sec('investors', 'investors', (i) => `${ent(i.company)} ${meta(i.amount && fmtAmount(i.amount), i.date)}`);
    body += sec('supporters', 'supporters', (s) => `${ent(s.unit)} ${meta(s.note, s.date)}`);
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
  ].join(' ') + selfActionsHTML(id) + (app.curateActionsHTML ? app.curateActionsHTML(id) : '');
}

$('#pane-details').addEventListener('click', async (ev) => {
  const act = ev.target.closest('[data-act]');
  if (!act) return;
  const id = state.selected;
  const node = graph.node(id) || state.details.get(id);
  switch (act.dataset.act) {
    case 'expand': await app.expand(id); break;
    case 'more': await app.expand(id, { more: true }); break;
    case 'show': await app.open(id); break;
    case 'from': app.setEnd('from', node); app.showTab('paths'); break;
    case 'to': app.setEnd('to', node); app.showTab('paths'); break;
    case 'center': graph.center(id); break;
    case 'remove': graph.remove(id); app.updateGraphInfo(); renderDetailsActions(); break;
    case 'log': app.openLogForm([personRef(id)]); break;
    case 'know': app.openKnowForm(personRef(id)); break;
    case 'unknow': app.endAcquaintance(act.dataset.rel, personRef(id)); break;
    case 'profile': app.openProfileForm(); break;
    default: if (app.curateAct) app.curateAct(act.dataset.act, id);
  }
});

// Any entity button in the panel opens that entity.
$('.panel').addEventListener('click', (ev) => {
  const b = ev.target.closest('[data-open]');
  if (b) app.open(b.dataset.open);
});


// ---------- the signed-in person's actions (issue 12) ----------

function personRef(id) {
  const d = state.details.get(id) || graph.node(id) || { id };
  return { id, __typename: 'Person', name: d.name, nameEn: d.nameEn, pinyin: d.pinyin };
}

// selfActionsHTML offers, on a person, only what the role may do: log a
// contact with them, "I know them" or end the acquaintance, and on one's
// own person, edit the profile.
function selfActionsHTML(id) {
  const me = app.myPerson && app.myPerson();
  if (!me || kindOfId(id) !== 'Person') return '';
  if (id === me.id) return app.can('editProfile') ? ` <button type="button" class="btn" data-act="profile">${esc(t('editProfile'))}</button>` : '';
  const d = state.details.get(id);
  const acq = d && d.acquaintances ? d.acquaintances.edges.map((x) => x.node).find((a) => a.person && a.person.id === me.id && a.current && !a.to) : null;
  let html = '';
  if (app.can('logInteraction')) html += ` <button type="button" class="btn" data-act="log">${esc(t('logInteraction'))}</button>`;
  if (app.can('acquaint')) {
    html += acq ? ` <span class="tag">${esc(t('myAcquaintance'))}</span> <button type="button" class="btn subtle" data-act="unknow" data-rel="${esc(acq.id)}">${esc(t('endAcquaintance'))}</button>`
      : ` <button type="button" class="btn" data-act="know">${esc(t('knowThem'))}</button>`;
  }
  return html;
}
