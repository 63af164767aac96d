// Importing a workbook from the page (issue 15, admin): the template to
// download, an .xlsx or a .zip of CSV files to upload, every row checked
// by the server first (the problems as a table and as a workbook with the
// bad cells marked; nothing written), then "import" writes everything in
// one go with a progress bar fed by the server (server/importer.go).
import * as api from './api.js';
import { t, getLang, onLang } from './i18n.js';
import { esc } from './graph.js';
import { $, state, app, announce, toast, toolbarButton } from './core.js';
import { authHeaders } from './auth.js';
import { field, showError, clearErrors, openDialog } from './forms.js';

const words = {
  import: ['导入', 'Import'], importTitle: ['导入工作簿', 'Import a workbook'],
  explain: ['上传 .xlsx 工作簿或 CSV 文件的 .zip 压缩包（与 liaison import 相同的格式，中文或英文表头）。服务器先检查每一行；全部无误后才写入。', 'Upload an .xlsx workbook or a .zip of CSV files (the formats of liaison import, Chinese or English headers). The server checks every row first and writes nothing until all are good.'],
  template: ['下载模板', 'Download the template'], file: ['文件', 'File'], check: ['检查', 'Check'], checking: ['正在检查…', 'Checking…'],
  problems: ['发现 {n} 个问题（共 {rows} 行），未写入任何数据。请修改后重新上传。', '{n} problems in {rows} rows; nothing was written. Fix them and upload again.'],
  marked: ['下载标注问题的工作簿', 'Download the workbook with the problems marked'],
  h_file: ['工作表/文件', 'Sheet or file'], h_line: ['行', 'Line'], h_column: ['列', 'Column'], h_header: ['表头', 'Header'], h_reason: ['问题', 'Problem'],
  good: ['检查通过：{rows} 行，{entities} 个实体（新建 {newEntities}，更新 {existingEntities}）、{relationships} 条关系、{interactions} 条往来记录。', 'Checked: {rows} rows, {entities} entities ({newEntities} new, {existingEntities} to update), {relationships} relationships, {interactions} interactions, no problems.'],
  run: ['导入', 'Import'], writing: ['正在写入…', 'Writing…'], ties: ['正在计算联系强度…', 'Computing tie strengths…'],
  done: ['导入完成：写入 {nodes} 个实体（新建 {newEntities}，更新 {existingEntities}）、{relationships} 条关系、{interactions} 条往来记录。', 'Imported: {nodes} entities ({newEntities} created, {existingEntities} updated), {relationships} relationships and {interactions} interactions written.'],
  failed: ['导入中断：{msg}', 'The import stopped: {msg}'],
};
function w(k, v) {
  let s = words[k][getLang() === 'en' ? 1 : 0];
  if (v) s = s.replace(/\{(\w+)\}/g, (_, x) => (v[x] !== undefined ? String(v[x]) : ''));
  return s;
}

const mayImport = () => !!(app.can && app.can('write'));

// call sends a request to an import route and answers its JSON, or
// throws an api.APIError with the server's message and code.
async function call(method, url, body) {
  let res;
  try {
    res = await fetch(url, { method, headers: { Accept: 'application/json', ...authHeaders() }, body });
  } catch (err) {
    throw new api.APIError(String(err && err.message ? err.message : err), 'NETWORK');
  }
  let b = {};
  try { b = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) {
    const e = (b.errors && b.errors[0]) || {};
    throw new api.APIError(e.message || `HTTP ${res.status}`, (e.extensions && e.extensions.code) || 'HTTP', 'file');
  }
  return b;
}

async function download(url, fallback) {
  const f = await api.fetchFile(url);
  const href = URL.createObjectURL(f.blob);
  setTimeout(() => URL.revokeObjectURL(href), 120000);
  const a = document.createElement('a');
  a.href = href;
  a.download = f.filename || fallback;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function openImport() {
  if (!mayImport()) return;
  const body = openDialog(w('importTitle'), `<p class="hint">${esc(w('explain'))}</p>
    <p><button type="button" class="btn" id="import-template">${esc(w('template'))}</button></p>
    <form id="import-form" class="form" novalidate>
      ${field('import-file', 'file', w('file'), '<input id="import-file" name="file" type="file" accept=".xlsx,.zip,application/zip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="err-file">')}
      <p class="form-error" role="alert" hidden></p>
      <div class="actions"><button type="submit" class="btn primary" id="import-check">${esc(w('check'))}</button></div>
    </form><div id="import-result" aria-live="polite"></div>`);
  $('#form-dialog').classList.add('wide');
  const form = $('#import-form', body);
  $('#import-template', body).addEventListener('click', () => download('/import/template.xlsx', 'liaison-import-template.xlsx').catch((err) => toast(t('error', { msg: err.message }))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const out = $('#import-result', body);
    out.innerHTML = '';
    const file = $('#import-file', form).files[0];
    if (!file) { showError(form, { message: w('file'), field: 'file' }); return; }
    const btn = $('#import-check', form);
    btn.disabled = true;
    btn.textContent = w('checking');
    let r;
    try {
      const fd = new FormData();
      fd.append('file', file);
      r = await call('POST', '/import/check', fd);
    } catch (err) {
      showError(form, err);
      return;
    } finally {
      btn.disabled = false;
      btn.textContent = w('check');
    }
    renderChecked(out, r);
  });
  $('#import-file', form).focus();
}

function renderChecked(out, r) {
  if (r.problemCount > 0) {
    out.innerHTML = `<p class="form-error" id="import-problems" data-count="${r.problemCount}">${esc(w('problems', { n: r.problemCount, rows: r.rows }))}</p>
      <p><button type="button" class="btn" id="import-marked">${esc(w('marked'))}</button></p>
      <div class="table-wrap"><table class="import-problems"><thead><tr>${['h_file', 'h_line', 'h_column', 'h_header', 'h_reason'].map((h) => `<th>${esc(w(h))}</th>`).join('')}</tr></thead>
      <tbody>${r.problems.map((p) => `<tr><td>${esc(p.file)}</td><td>${p.line || ''}</td><td>${p.column || ''}</td><td>${esc(p.header || '')}</td><td>${esc(p.reason)}</td></tr>`).join('')}</tbody></table></div>`;
    $('#import-marked', out).addEventListener('click', () => download(`/import/${encodeURIComponent(r.id)}/problems.xlsx`, 'import-problems.xlsx').catch((err) => toast(t('error', { msg: err.message }))));
    announce(w('problems', { n: r.problemCount, rows: r.rows }));
    return;
  }
  out.innerHTML = `<form id="import-run-form" class="form" novalidate><p class="ok" id="import-good">${esc(w('good', r))}</p>
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="import-run">${esc(w('run'))}</button></div>
    <div id="import-progress" hidden><progress id="import-bar" max="1" value="0"></progress> <span id="import-phase" class="muted"></span></div>
    <p id="import-done" class="ok" role="status" hidden></p></form>`;
  announce(w('good', r));
  const form = $('#import-run-form', out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = $('#import-run', form);
    btn.disabled = true;
    clearErrors(form);
    try {
      await call('POST', `/import/${encodeURIComponent(r.id)}/run`);
    } catch (err) {
      btn.disabled = false;
      showError(form, err);
      return;
    }
    $('#import-progress', form).hidden = false;
    await follow(form, r.id);
  });
}

// follow polls the import's progress until it is done or failed.
async function follow(form, id) {
  const bar = $('#import-bar', form);
  const phase = $('#import-phase', form);
  for (;;) {
    let s;
    try {
      s = await call('GET', `/import/${encodeURIComponent(id)}`);
    } catch (err) {
      showError(form, err);
      return;
    }
    if (s.total) { bar.max = s.total; bar.value = s.done; }
    phase.textContent = s.phase === 'ties' ? w('ties') : w('writing');
    if (s.state === 'done') {
      bar.max = 1; bar.value = 1;
      const wr = s.written || {};
      const done = $('#import-done', form);
      done.textContent = w('done', { ...wr, newEntities: s.newEntities, existingEntities: s.existingEntities });
      Object.assign(done.dataset, { nodes: wr.nodes, created: s.newEntities, updated: s.existingEntities, relationships: wr.relationships, interactions: wr.interactions });
      done.hidden = false;
      $('#import-run', form).hidden = true;
      phase.textContent = '';
      announce(done.textContent);
      state.details.clear();
      state.network.clear();
      if (state.selected) app.renderDetails();
      return;
    }
    if (s.state === 'failed') {
      showError(form, { message: w('failed', { msg: s.error }) });
      return;
    }
    await new Promise((res) => setTimeout(res, 400));
  }
}

function renderImportButton() {
  toolbarButton('import-btn', mayImport(), $('#dup-btn') || $('#create-menu'), openImport, w('import'));
}

onLang(renderImportButton);
Object.assign(app, { openImport, renderImportButton });
