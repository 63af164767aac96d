// A dispatching unit's report panel: its cadres, and the report to view,
// print or download.
import * as api from '../api.js';
import { t, e, setLang, getLang, onLang, relTypes, nameOf } from '../i18n.js';
import { Graph, relText, relPeriod, fmtAmount, esc } from '../graph.js';
import { Combo, hitMeta } from '../combo.js';
import { iconHTML, kindOrder, kindColor } from '../style.js';
import { $, $$, kindOfId, state, app, graph, announce, toast, fail, busy, ent, period, meta, section, blockHead, fieldRows, today, paneData, printInFrame, saveURL } from '../core.js';
import { authMode, currentRole } from '../auth.js';

Object.assign(app, { reportURL, renderReport });

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
  const d = await paneData(box, 'Unit', state.reports, api.unitReport);
  if (!d) return;
  const id = state.selected;
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
    <section class="block" data-list="dispatchedCadres">${blockHead('dispatched', dc.totalCount, dc.totalCount && ['Unit', 'dispatchedCadres', id])}
    ${dc.totalCount ? `<div class="table-wrap"><table class="report-table"><thead><tr><th>${esc(e('kind', 'Person'))}</th><th>${esc(t('hostedAt'))}</th><th>${esc(t('postTitle'))}</th><th>${esc(t('batch', { b: '' }).trim())}</th><th>${esc(t('period2'))}</th></tr></thead><tbody>${rows}</tbody></table></div>` : `<p class="muted">${esc(t('none'))}</p>`}
    ${dc.totalCount > dc.edges.length ? `<p class="muted">${esc(t('total', { n: dc.totalCount }))}</p>` : ''}</section>
    <section class="block" id="report-roles" hidden></section>`;
  if (app.renderReportRoles) app.renderReportRoles(id, reportPeriod); // contrib.js: the six roles
}

$('#pane-report').addEventListener('change', (ev) => {
  if (ev.target.id === 'r-from') reportPeriod.from = ev.target.value;
  else if (ev.target.id === 'r-to') reportPeriod.to = ev.target.value;
  if (app.renderReportRoles && state.selected) app.renderReportRoles(state.selected, reportPeriod);
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
    printInFrame({ src: url });
  } else {
    saveURL(url, file.filename || `report-${state.selected}.${format}`);
  }
});

