// The duplicate review (issue 15): 疑似重复 lists possibleDuplicates with
// the reasons and the score; a pair opens side by side (fields, postings,
// acquaintances, interactions counted), the person to keep is chosen, the
// merged record previewed, then merged (mergePeople, one transaction) or
// marked as not the same person (markNotDuplicate, kept in the graph).
import * as api from './api.js';
import { t, e, nameOf, getLang, onLang } from './i18n.js';
import { esc } from './graph.js';
import { $, state, app, graph, toast, announce, toolbarButton } from './core.js';
import { showError, submitting, openDialog } from './forms.js';
import { w } from './curate.js';

const words = {
  dups: ['疑似重复', 'Possible duplicates'], dupsNone: ['没有疑似重复的人员。', 'No possible duplicates.'],
  compare: ['对比', 'Compare'], score: ['可能性 {p}%', 'Likelihood {p}%'], back: ['返回列表', 'Back to the list'],
  keep: ['保留', 'Keep'], merged: ['合并后', 'Merged'], merge: ['合并', 'Merge'], notSame: ['不是同一人', 'Not the same person'],
  mergedDone: ['已合并：保留 {name}', 'Merged: kept {name}'], notSameDone: ['已记录：{a} 与 {b} 不是同一人', 'Recorded: {a} and {b} are different people'],
  mergeExplain: ['合并将把另一人的全部关系和往来记录移到保留的人员名下，用其信息补全空白字段，然后删除另一人（一次完成）。', 'Merging moves every relationship and interaction of the other person to the one kept, fills the empty fields from theirs, and deletes the other person, in one go.'],
  c_postings: ['挂职', 'Postings'], c_memberships: ['任职', 'Memberships'], c_employments: ['受聘', 'Employments'],
  c_acquaintances: ['相识', 'Acquaintances'], c_interactions: ['往来记录', 'Interactions'],
  r_sameNameAndBirthYear: ['同名且出生年份相同', 'same name and birth year'], r_samePhone: ['电话相同', 'same phone'],
  r_samePinyinOverlappingPostings: ['拼音相同且挂职时间重叠', 'same pinyin, overlapping postings'],
};
const d = (k, v) => {
  const pair = words[k];
  if (!pair) return w(k, v);
  let s = pair[getLang() === 'en' ? 1 : 0];
  if (v) s = s.replace(/\{(\w+)\}/g, (_, x) => (v[x] !== undefined ? String(v[x]) : ''));
  return s;
};

const mayReview = () => !!(app.can && app.can('duplicates'));

const REF = 'id __typename name nameEn pinyin birthYear';
const PERSON = `id __typename name nameEn pinyin gender birthYear expertise bio phone email wechat discoverable
  postings(first: 5) { totalCount edges { node { title from to hostUnit { id name nameEn } } } }
  memberships(first: 1) { totalCount } employments(first: 1) { totalCount }
  acquaintances(first: 1) { totalCount } interactions(first: 1) { totalCount }`;

// The fields compared, and filled on merge from the removed person when
// the kept one has none (graph/neo4jdb MergePeople: not the name).
const compared = [['name', false], ['nameEn', true], ['pinyin', false], ['gender', true], ['birthYear', true], ['expertise', true],
  ['bio', true], ['phone', true], ['email', true], ['wechat', true]];
const counted = ['postings', 'memberships', 'employments', 'acquaintances', 'interactions'];

const empty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
function show(k, v) {
  if (empty(v)) return '<span class="muted">—</span>';
  if (k === 'gender') return esc(e('gender', v));
  if (Array.isArray(v)) return v.map((x) => `<span class="tag">${esc(x)}</span>`).join(' ');
  return esc(v);
}

export async function openDuplicates() {
  if (!mayReview()) return;
  openDialog(d('dups'), '<div id="dup-view" class="dup-view"></div>');
  $('#form-dialog').classList.add('wide');
  await renderList();
}

async function renderList() {
  const view = $('#dup-view');
  if (!view) return;
  view.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let list;
  try {
    list = (await api.gql(`query Dups { possibleDuplicates(first: 50) { score reasons a { ${REF} } b { ${REF} } } }`)).possibleDuplicates;
  } catch (err) {
    view.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`;
    return;
  }
  if (!list.length) { view.innerHTML = `<p class="muted" id="dup-none">${esc(d('dupsNone'))}</p>`; return; }
  view.innerHTML = `<ul class="rel-list dup-list">${list.map((c) => `<li data-a="${esc(c.a.id)}" data-b="${esc(c.b.id)}">
    <div class="dup-names"><strong>${esc(nameOf(c.a))}</strong> ${esc(c.a.birthYear || '')} · <strong>${esc(nameOf(c.b))}</strong> ${esc(c.b.birthYear || '')}</div>
    <div class="meta">${esc(c.reasons.map((r) => d('r_' + r)).join('，'))} · ${esc(d('score', { p: Math.round(c.score * 100) }))}</div>
    <button type="button" class="btn" data-compare>${esc(d('compare'))}</button></li>`).join('')}</ul>`;
  view.querySelector('.dup-list').addEventListener('click', (ev) => {
    const b = ev.target.closest('[data-compare]');
    if (!b) return;
    const li = b.closest('li');
    renderPair(li.dataset.a, li.dataset.b);
  });
  const first = view.querySelector('[data-compare]');
  if (first) first.focus();
}

async function renderPair(aID, bID) {
  const view = $('#dup-view');
  view.innerHTML = `<p class="muted">${esc(t('loading'))}</p>`;
  let a; let b;
  try {
    const r = await api.gql(`query Pair($a: ID!, $b: ID!) { a: node(id: $a) { ... on Person { ${PERSON} } } b: node(id: $b) { ... on Person { ${PERSON} } } }`, { a: aID, b: bID });
    a = r.a; b = r.b;
  } catch (err) {
    view.innerHTML = `<p class="error">${esc(t('error', { msg: err.message }))}</p>`;
    return;
  }
  const people = { a, b };
  view.innerHTML = `<form id="dup-form" class="form" novalidate>
    <table class="dup-table"><thead><tr><th></th>
      <th><label class="check"><input type="radio" name="keep" value="a" checked> ${esc(d('keep'))}</label></th>
      <th><label class="check"><input type="radio" name="keep" value="b"> ${esc(d('keep'))}</label></th>
      <th>${esc(d('merged'))}</th></tr></thead>
    <tbody>${compared.map(([k]) => `<tr data-field="${k}"><th scope="row">${esc(w('f_' + k) !== 'f_' + k ? w('f_' + k) : t(k))}</th><td class="va">${show(k, a[k])}</td><td class="vb">${show(k, b[k])}</td><td class="vm"></td></tr>`).join('')}
      ${counted.map((k) => `<tr data-count="${k}"><th scope="row">${esc(d('c_' + k))}</th><td class="va">${a[k] ? a[k].totalCount : 0}</td><td class="vb">${b[k] ? b[k].totalCount : 0}</td><td class="vm"></td></tr>`).join('')}
      <tr><th scope="row">${esc(t('postings'))}</th>${[a, b].map((p) => `<td>${(p.postings ? p.postings.edges : []).map(({ node: x }) => `<div class="small">${esc(nameOf(x.hostUnit))} · ${esc(x.title)} · ${esc(x.from)}–${esc(x.to || '')}</div>`).join('')}</td>`).join('')}<td></td></tr>
    </tbody></table>
    <p class="hint">${esc(d('mergeExplain'))}</p>
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="dup-merge">${esc(d('merge'))}</button>
      <button type="button" class="btn" id="dup-notsame">${esc(d('notSame'))}</button>
      <button type="button" class="btn subtle" id="dup-back">${esc(d('back'))}</button></div></form>`;
  const form = $('#dup-form', view);
  const keepOf = () => (form.querySelector('input[name=keep]:checked').value === 'a' ? ['a', 'b'] : ['b', 'a']);
  const preview = () => {
    const [k, r] = keepOf().map((x) => people[x]);
    for (const [f, fill] of compared) {
      const v = !fill || !empty(k[f]) ? k[f] : r[f];
      form.querySelector(`tr[data-field="${f}"] .vm`).innerHTML = show(f, v);
    }
    for (const c of counted) {
      form.querySelector(`tr[data-count="${c}"] .vm`).textContent = String((k[c] ? k[c].totalCount : 0) + (r[c] ? r[c].totalCount : 0));
    }
    for (const col of ['a', 'b']) form.querySelectorAll(`.v${col}`).forEach((td) => td.classList.toggle('kept', col === keepOf()[0]));
  };
  form.addEventListener('change', preview);
  preview();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const [k, r] = keepOf().map((x) => people[x]);
    const out = await submitting(form, (key) => api.gql('mutation Merge($k: ID!, $r: ID!) { mergePeople(keep: $k, remove: $r) { id name nameEn } }', { k: k.id, r: r.id }, { idempotencyKey: key }).then((x) => x.mergePeople));
    if (!out) return;
    graph.remove(r.id);
    if (state.selected === r.id) state.selected = k.id;
    toast(d('mergedDone', { name: nameOf(out) }));
    announce(d('mergedDone', { name: nameOf(out) }));
    await app.curateRefresh([k.id]);
    await renderList();
  });
  $('#dup-notsame', form).addEventListener('click', async (ev) => {
    const btn = ev.currentTarget;
    btn.disabled = true;
    try {
      await api.gql('mutation NotSame($a: ID!, $b: ID!) { markNotDuplicate(a: $a, b: $b) { decidedAt } }', { a: a.id, b: b.id }, { idempotencyKey: crypto.randomUUID() });
    } catch (err) {
      showError(form, err);
      btn.disabled = false;
      return;
    }
    toast(d('notSameDone', { a: nameOf(a), b: nameOf(b) }));
    announce(d('notSameDone', { a: nameOf(a), b: nameOf(b) }));
    await renderList();
  });
  $('#dup-back', form).addEventListener('click', renderList);
  $('#dup-merge', form).focus();
}

function renderDuplicatesButton() {
  toolbarButton('dup-btn', mayReview(), $('#create-menu'), openDuplicates, d('dups'));
}

// The wide layout is only for the review.
$('#form-dialog').addEventListener('close', () => $('#form-dialog').classList.remove('wide'));

onLang(renderDuplicatesButton);

Object.assign(app, { openDuplicates, renderDuplicatesButton });
