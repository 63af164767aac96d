// The six roles (issue 21): a cadre records a contribution from a phone
// and follows its status on 我的履职 (printable); an officer records a
// promotion for the cadres involved; the organization department (admin)
// confirms or returns the queue and sets the year's targets; a unit's
// report panel shows the role breakdown. The forms follow the
// keep-in-touch conventions (forms.js): the server's message beside the
// field it names, what was typed kept, an Idempotency-Key per submission.
import * as api from './api.js';
import { getLang, nameOf } from './i18n.js';
import { esc } from './graph.js';
import { Combo } from './combo.js';
import { $, state, app, toast, announce, today, ent, printInFrame } from './core.js';
import { can, myPerson, field, errorSlot, submitting, openDialog, closeDialog, watch, chipHTML, chipsField, chipPickers } from './forms.js';

const KINDS = ['ADVICE', 'EXAMPLE', 'INNOVATION', 'SUPPORT', 'PROMOTION'];
const STAGES = { ADVICE: ['SUBMITTED', 'ADOPTED', 'IMPLEMENTED'], SUPPORT: ['SOUGHT', 'WON'] };
const HAS_AMOUNT = { SUPPORT: true, INNOVATION: true, PROMOTION: true };

const TEXT = {
  zh: {
    ADVICE: '智囊团 · 建言献策', EXAMPLE: '领航者 · 示范引领', INNOVATION: '助推器 · 创新驱动', SUPPORT: '直通车 · 争取支持',
    PROMOTION: '宣传员 · 推介招商', LIAISON: '联络人 · 长期联络',
    SUBMITTED: '已提交', ADOPTED: '已采纳', IMPLEMENTED: '已落实', SOUGHT: '争取中', WON: '已争取到',
    PENDING: '待确认', CONFIRMED: '已确认', RETURNED: '已退回',
    record: '记录履职', myRecord: '我的履职', print: '打印', queue: '履职确认', queueTitle: '待确认的履职事项',
    kind: '作用', title: '标题', titleEn: '英文标题（可选）', date: '日期', stage: '进展', amount: '金额（万元）',
    description: '说明', cadres: '干部', cadresHint: '输入姓名添加干部', about: '涉及单位、企业、项目、地区', aboutHint: '输入名称添加',
    storyText: '事迹简介（可选，供宣传）', submit: '提交', recorded: '已提交，等待组织部确认', none: '暂无',
    confirm: '确认', ret: '退回', comment: '意见（退回时必填）', story: '作为感人事迹宣传', storyTextShort: '事迹简介',
    reviewed: '已处理', queueEmpty: '没有待确认的事项', targets: '设定年度目标', targetPerson: '干部', year: '年度',
    setTarget: '保存目标', targetSaved: '目标已保存', progress: '{year} 年度目标', noTarget: '未设目标', met: '已完成', notMet: '未完成',
    roles: '六个作用（已确认）', count: '数量', amountWan: '金额（万元）', done: '完成 / 目标', reviewComment: '组织部意见',
    printTitle: '挂职干部履职纪实', printedAt: '打印日期', liaisonCount: '联系互动',
  },
  en: {
    ADVICE: 'Think tank · advice', EXAMPLE: 'Pathfinder · example', INNOVATION: 'Booster · innovation', SUPPORT: 'Direct line · support',
    PROMOTION: 'Promoter · promotion', LIAISON: 'Liaison · staying in touch',
    SUBMITTED: 'Submitted', ADOPTED: 'Adopted', IMPLEMENTED: 'Implemented', SOUGHT: 'Sought', WON: 'Won',
    PENDING: 'Pending', CONFIRMED: 'Confirmed', RETURNED: 'Returned',
    record: 'Record a contribution', myRecord: 'My record', print: 'Print', queue: 'Confirmations', queueTitle: 'Contributions to confirm',
    kind: 'Role', title: 'Title', titleEn: 'English title (optional)', date: 'Date', stage: 'Stage', amount: 'Amount (10k CNY)',
    description: 'Description', cadres: 'Cadres', cadresHint: 'Type a name to add a cadre', about: 'Units, companies, projects, regions', aboutHint: 'Type a name to add',
    storyText: 'Story (optional, for publicity)', submit: 'Submit', recorded: 'Submitted; waiting for the organization department', none: 'None',
    confirm: 'Confirm', ret: 'Return', comment: 'Comment (required to return)', story: 'Publicise as a story', storyTextShort: 'Story',
    reviewed: 'Done', queueEmpty: 'Nothing to confirm', targets: 'Set a yearly target', targetPerson: 'Cadre', year: 'Year',
    setTarget: 'Save target', targetSaved: 'Target saved', progress: 'Targets {year}', noTarget: 'No target', met: 'Met', notMet: 'Not yet',
    roles: 'The six roles (confirmed)', count: 'Count', amountWan: 'Amount (10k CNY)', done: 'Done / target', reviewComment: 'Comment',
    printTitle: 'Record of a cadre on a temporary post', printedAt: 'Printed', liaisonCount: 'Interactions',
  },
};

function tt(key, vars) {
  let s = (TEXT[getLang() === 'en' ? 'en' : 'zh'][key]) || TEXT.zh[key] || key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] !== undefined ? String(vars[k]) : ''));
  return s;
}

const wan = (cny) => (cny == null ? '—' : (Math.round(cny / 100) / 100).toLocaleString(getLang() === 'en' ? 'en' : 'zh-CN'));

const CONTRIB = `id kind title titleEn date description stage amount review reviewComment story storyText recordedAt
  cadres { id name nameEn } about { id __typename ... on Unit { name nameEn } ... on Company { name nameEn } ... on Project { name nameEn } ... on Region { name nameEn } }`;

const PROGRESS = 'year met target { items { kind count } } kinds { kind target done }';

// ---------- record a contribution ----------

// openRecordForm: cadres record their own (they are in the cadres list);
// officers a promotion for the cadres involved; admins anything.
export function openRecordForm() {
  if (!can('recordContribution')) return;
  const me = myPerson();
  const role = state.me.role;
  const kinds = role === 'officer' ? ['PROMOTION'] : KINDS;
  const sel = { cadres: role === 'cadre' && me ? [{ ...me, __typename: 'Person' }] : [], about: [] };
  const body = openDialog(tt('record'), `<form id="contrib-form" class="form" novalidate>
    ${field('c-kind', 'kind', tt('kind'), `<select id="c-kind" name="kind" aria-describedby="err-kind">${kinds.map((k) => `<option value="${k}">${esc(tt(k))}</option>`).join('')}</select>`)}
    ${field('c-title', 'title', tt('title'), '<input id="c-title" name="title" type="text" aria-describedby="err-title">')}
    ${field('c-titleEn', 'titleEn', tt('titleEn'), '<input id="c-titleEn" name="titleEn" type="text" aria-describedby="err-titleEn">')}
    ${field('c-date', 'date', tt('date'), `<input id="c-date" name="date" type="date" max="${today()}" value="${today()}" aria-describedby="err-date">`)}
    <div id="c-stage-wrap">${field('c-stage', 'stage', tt('stage'), '<select id="c-stage" name="stage" aria-describedby="err-stage"></select>')}</div>
    <div id="c-amount-wrap">${field('c-amount', 'amount', tt('amount'), '<input id="c-amount" name="amount" type="number" inputmode="decimal" min="0" step="any" aria-describedby="err-amount">')}</div>
    ${field('c-description', 'description', tt('description'), '<textarea id="c-description" name="description" rows="3" aria-describedby="err-description"></textarea>')}
    ${chipsField('c-cadres', 'c-cadre-search', tt('cadres'), tt('cadresHint'), 'cadreIds')}
    ${chipsField('c-about', 'c-about-search', tt('about'), tt('aboutHint'), 'aboutIds')}
    ${field('c-storyText', 'storyText', tt('storyText'), '<textarea id="c-storyText" name="storyText" rows="2" aria-describedby="err-storyText"></textarea>')}
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="c-submit">${esc(tt('submit'))}</button></div>
  </form>`);
  const form = $('#contrib-form', body);
  watch(form);
  const kindSel = $('#c-kind', form);
  const syncKind = () => {
    const k = kindSel.value;
    const st = STAGES[k];
    $('#c-stage-wrap', form).hidden = !st;
    $('#c-stage', form).innerHTML = (st || []).map((s) => `<option value="${s}">${esc(tt(s))}</option>`).join('');
    $('#c-amount-wrap', form).hidden = !HAS_AMOUNT[k];
  };
  kindSel.addEventListener('change', syncKind);
  syncKind();
  chipPickers(form, [
    { listId: 'c-cadres', searchId: 'c-cadre-search', items: sel.cadres, kinds: ['PERSON'], keep: (p) => role === 'cadre' && me && p.id === me.id },
    { listId: 'c-about', searchId: 'c-about-search', items: sel.about, kinds: ['UNIT', 'COMPANY', 'PROJECT', 'REGION'] },
  ]);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = (id) => $(id, form).value.trim();
    const k = kindSel.value;
    const input = { kind: k, title: v('#c-title'), date: v('#c-date'), cadreIds: sel.cadres.map((p) => p.id), aboutIds: sel.about.map((p) => p.id) };
    if (v('#c-titleEn')) input.titleEn = v('#c-titleEn');
    if (v('#c-description')) input.description = v('#c-description');
    if (v('#c-storyText')) input.storyText = v('#c-storyText');
    if (STAGES[k]) input.stage = $('#c-stage', form).value;
    if (HAS_AMOUNT[k] && v('#c-amount') !== '') input.amount = Number(v('#c-amount')) * 10000;
    const c = await submitting(form, (key) => api.gql(`mutation Record($in: RecordContributionInput!) { recordContribution(input: $in) { ${CONTRIB} } }`,
      { in: input }, { idempotencyKey: key }).then((d) => d.recordContribution));
    if (!c) return;
    closeDialog();
    toast(tt('recorded'));
    announce(tt('recorded'));
    if (state.view === 'home') app.renderHome();
  });
  $('#c-title', form).focus();
}

// ---------- 我的履职: a person's record, printable ----------

function statusTag(c) {
  return `<span class="tag review-${c.review.toLowerCase()}" data-review="${esc(c.review)}">${esc(tt(c.review))}</span>`;
}

function itemHTML(c) {
  const bits = [tt(c.kind), c.date, c.stage ? tt(c.stage) : '', c.amount != null ? `${wan(c.amount)} ${getLang() === 'en' ? '×10k CNY' : '万元'}` : ''].filter(Boolean);
  return `<li data-contribution="${esc(c.id)}">${statusTag(c)} <strong>${esc(getLang() === 'en' && c.titleEn ? c.titleEn : c.title)}</strong>
    <div class="sub">${esc(bits.join(' · '))}${c.cadres.length > 1 ? ` · ${c.cadres.map((p) => esc(nameOf(p))).join('、')}` : ''}</div>
    ${c.review === 'RETURNED' && c.reviewComment ? `<div class="sub returned-comment">${esc(tt('reviewComment'))}：${esc(c.reviewComment)}</div>` : ''}</li>`;
}

function progressHTML(p) {
  if (!p) return '';
  const kinds = p.kinds.filter((k) => k.target || k.done);
  return `<div class="progress" data-met="${p.met}"><h3>${esc(tt('progress', { year: p.year }))}
    <span class="tag">${esc(p.target ? (p.met ? tt('met') : tt('notMet')) : tt('noTarget'))}</span></h3>
    ${kinds.length ? `<ul class="rel-list">${kinds.map((k) => `<li data-kind="${k.kind}">${esc(tt(k.kind))}：<strong>${k.done}</strong>${k.target ? ` / ${k.target}` : ''}
      ${k.target ? `<span class="bar"><span style="width:${Math.min(100, Math.round((k.done / k.target) * 100))}%"></span></span>` : ''}</li>`).join('')}</ul>` : ''}</div>`;
}

let recordSeq = 0;

async function renderMyRecord(home) {
  const me = myPerson();
  if (!me) return;
  const sec = document.createElement('section');
  sec.className = 'block';
  sec.id = 'home-record';
  sec.setAttribute('aria-labelledby', 'h-record');
  sec.innerHTML = `<h2 id="h-record">${esc(tt('myRecord'))}</h2>`;
  const head = $('.home-head', home);
  if (head) head.after(sec); else home.append(sec);
  const seq = ++recordSeq;
  let d;
  try {
    d = await api.gql(`query My($id: ID!) { node(id: $id) { ... on Person { id name nameEn
      contributions(first: 50) { totalCount edges { node { ${CONTRIB} } } } contributionProgress { ${PROGRESS} } } } }`, { id: me.id });
  } catch (err) {
    if (seq === recordSeq) sec.insertAdjacentHTML('beforeend', `<p class="muted">${esc(err.message)}</p>`);
    return;
  }
  if (seq !== recordSeq) return;
  const p = d.node;
  const items = p.contributions.edges.map((x) => x.node);
  state.myRecord = { person: p, items };
  sec.innerHTML = `<h2 id="h-record">${esc(tt('myRecord'))} <span class="badge">${p.contributions.totalCount}</span></h2>
    <div class="actions">${can('recordContribution') ? `<button type="button" class="btn primary" id="record-open">${esc(tt('record'))}</button>` : ''}
    <button type="button" class="btn" id="record-print">${esc(tt('print'))}</button></div>
    ${progressHTML(p.contributionProgress)}
    ${items.length ? `<ul class="rel-list contributions">${items.map(itemHTML).join('')}</ul>` : `<p class="muted">${esc(tt('none'))}</p>`}`;
}

// printRecord prints 我的履职 as a page of its own: the confirmed
// contributions by role, for the cadre's own unit's appraisal.
function printRecord() {
  const r = state.myRecord;
  if (!r) return;
  const confirmed = r.items.filter((c) => c.review === 'CONFIRMED');
  const rows = KINDS.map((k) => {
    const xs = confirmed.filter((c) => c.kind === k);
    return `<h2>${esc(tt(k))}（${xs.length}）</h2>${xs.length ? `<table><thead><tr><th>${esc(tt('date'))}</th><th>${esc(tt('title'))}</th><th>${esc(tt('stage'))}</th><th>${esc(tt('amountWan'))}</th></tr></thead><tbody>${xs.map((c) => `<tr><td>${esc(c.date)}</td><td>${esc(c.title)}${c.description ? `<br><small>${esc(c.description)}</small>` : ''}</td><td>${esc(c.stage ? tt(c.stage) : '—')}</td><td>${esc(c.amount != null ? wan(c.amount) : '—')}</td></tr>`).join('')}</tbody></table>` : `<p>${esc(tt('none'))}</p>`}`;
  }).join('');
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(tt('printTitle'))} · ${esc(nameOf(r.person))}</title>
    <style>body{font:11pt/1.5 serif;margin:16mm}h1{font-size:17pt;border-bottom:2px solid #8b0000}h2{font-size:12.5pt;border-left:4px solid #8b0000;padding-left:6px}table{width:100%;border-collapse:collapse}th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}</style></head>
    <body><h1>${esc(tt('printTitle'))}：${esc(nameOf(r.person))}</h1><p>${esc(tt('printedAt'))}：${esc(today())}</p>${rows}</body></html>`;
  printInFrame({ srcdoc: html });
}

document.addEventListener('click', (ev) => {
  if (ev.target.closest('#record-open')) openRecordForm();
  else if (ev.target.closest('#record-print')) printRecord();
  else if (ev.target.closest('#queue-open')) openQueue();
});

// ---------- the organization department's queue and targets ----------

function renderContribNav() {
  const b = $('#queue-open');
  const show = can('reviewContribution');
  b.hidden = !show;
  b.textContent = tt('queue');
  // Officers and admins without a home view record from here too.
  let r = $('#record-nav');
  if (!r) {
    r = document.createElement('button');
    r.type = 'button'; r.id = 'record-nav'; r.className = 'btn';
    r.addEventListener('click', openRecordForm);
    b.after(r);
  }
  r.hidden = !(can('recordContribution') && state.view !== 'home');
  r.textContent = tt('record');
}

async function openQueue() {
  if (!can('reviewContribution')) return;
  const body = openDialog(tt('queueTitle'), `<div id="queue-list"><p class="muted">…</p></div>
    <section class="field" aria-labelledby="target-title"><h3 id="target-title">${esc(tt('targets'))}</h3>
    <form id="target-form" class="form" novalidate>
      ${chipsField('t-person', 't-person-search', tt('targetPerson'), tt('cadresHint'), 'person')}
      ${field('t-year', 'year', tt('year'), `<input id="t-year" name="year" type="number" inputmode="numeric" value="${new Date().getFullYear()}" aria-describedby="err-year">`)}
      ${KINDS.map((k) => field(`t-${k}`, `count-${k}`, tt(k), `<input id="t-${k}" name="count-${k}" data-kind="${k}" type="number" inputmode="numeric" min="0" value="0">`)).join('')}
      ${errorSlot('items')}
      <p class="form-error" role="alert" hidden></p>
      <div class="actions"><button type="submit" class="btn primary" id="t-submit">${esc(tt('setTarget'))}</button></div>
    </form></section>`);
  await renderQueue(body);
  const form = $('#target-form', body);
  watch(form);
  let person = null;
  const ps = $('#t-person-search', form);
  new Combo(ps, ps.nextElementSibling, (n) => {
    person = n; ps.value = ''; delete form.dataset.idem;
    $('#t-person', form).innerHTML = chipHTML(n, true);
  }, { first: 8, kinds: ['PERSON'] });
  form.addEventListener('click', (ev) => {
    if (ev.target.closest('[data-remove]')) { person = null; $('#t-person', form).innerHTML = ''; }
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const items = KINDS.map((k) => ({ kind: k, count: Number($(`#t-${k}`, form).value || 0) })).filter((x) => x.count !== 0);
    const input = { person: person ? person.id : '', year: Number($('#t-year', form).value), items };
    const r = await submitting(form, (key) => api.gql(`mutation Target($in: SetContributionTargetInput!) { setContributionTarget(input: $in) { year items { kind count } } }`,
      { in: input }, { idempotencyKey: key }));
    if (!r) return;
    toast(tt('targetSaved'));
    announce(tt('targetSaved'));
  });
}

async function renderQueue(body) {
  const box = $('#queue-list', body);
  let d;
  try {
    d = await api.gql(`query Queue { contributionQueue(first: 100) { totalCount edges { node { ${CONTRIB} } } } }`);
  } catch (err) {
    box.innerHTML = `<p class="error">${esc(err.message)}</p>`;
    return;
  }
  const items = d.contributionQueue.edges.map((x) => x.node);
  box.innerHTML = items.length ? `<ul class="rel-list queue">${items.map((c) => `<li data-contribution="${esc(c.id)}">
    <strong>${esc(c.title)}</strong>${c.titleEn ? ` <span class="muted">${esc(c.titleEn)}</span>` : ''}
    <div class="sub">${esc(tt(c.kind))} · ${esc(c.date)}${c.stage ? ` · ${esc(tt(c.stage))}` : ''}${c.amount != null ? ` · ${esc(wan(c.amount))} 万元` : ''}</div>
    <div class="sub">${c.cadres.map((p) => ent({ ...p, __typename: 'Person' })).join(' ')} ${c.about.map((a) => ent(a)).join(' ')}</div>
    ${c.description ? `<p>${esc(c.description)}</p>` : ''}
    <form class="form review-form" novalidate data-id="${esc(c.id)}">
      ${field(`rv-comment-${c.id}`, 'comment', tt('comment'), `<textarea id="rv-comment-${c.id}" name="comment" rows="2" aria-describedby="err-comment"></textarea>`)}
      ${STAGES[c.kind] ? field(`rv-stage-${c.id}`, 'stage', tt('stage'), `<select id="rv-stage-${c.id}" name="stage">${STAGES[c.kind].map((s) => `<option value="${s}" ${s === c.stage ? 'selected' : ''}>${esc(tt(s))}</option>`).join('')}</select>`) : ''}
      <div class="field check-field"><label class="check"><input type="checkbox" name="story"> ${esc(tt('story'))}</label>${errorSlot('story')}</div>
      ${field(`rv-story-${c.id}`, 'storyText', tt('storyTextShort'), `<textarea id="rv-story-${c.id}" name="storyText" rows="2">${esc(c.storyText || '')}</textarea>`)}
      <p class="form-error" role="alert" hidden></p>
      <div class="actions"><button type="submit" class="btn primary" data-decision="CONFIRMED">${esc(tt('confirm'))}</button>
      <button type="submit" class="btn" data-decision="RETURNED">${esc(tt('ret'))}</button></div>
    </form></li>`).join('')}</ul>` : `<p class="muted" id="queue-empty">${esc(tt('queueEmpty'))}</p>`;
  for (const form of box.querySelectorAll('.review-form')) {
    watch(form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const decision = (ev.submitter && ev.submitter.dataset.decision) || 'CONFIRMED';
      const input = { decision };
      const comment = form.elements.comment.value.trim();
      if (comment) input.comment = comment;
      if (form.elements.stage && decision === 'CONFIRMED') input.stage = form.elements.stage.value;
      if (form.elements.story.checked) input.story = true;
      const st = form.elements.storyText.value.trim();
      if (st) input.storyText = st;
      // submitting() disables the first submit button; both act on the form.
      const r = await submitting(form, (key) => api.gql(`mutation Review($id: ID!, $in: ReviewContributionInput!) { reviewContribution(id: $id, input: $in) { id review } }`,
        { id: form.dataset.id, in: input }, { idempotencyKey: `${key}-${decision}` }).then((x) => x.reviewContribution));
      if (!r) return;
      const li = form.closest('li');
      li.dataset.review = r.review;
      form.replaceWith(Object.assign(document.createElement('p'), { className: 'ok', textContent: `${tt('reviewed')}：${tt(r.review)}` }));
      announce(`${tt('reviewed')}：${tt(r.review)}`);
    });
  }
}

// ---------- the six roles on a unit's report panel ----------

let rolesSeq = 0;

async function renderReportRoles(id, period) {
  const box = $('#report-roles');
  if (!box) return;
  if (!can('readReports')) { box.hidden = true; return; }
  const seq = ++rolesSeq;
  let d;
  try {
    d = await api.gql(`query Roles($u: ID!, $from: Date, $to: Date) { unitReport(unit: $u, from: $from, to: $to) {
      roles { year roles { role count amount items { id title titleEn date } } progress { person { id name nameEn } ${PROGRESS} } } } }`,
    { u: id, from: period.from || null, to: period.to || null });
  } catch (err) {
    if (seq === rolesSeq) { box.innerHTML = `<p class="error">${esc(err.message)}</p>`; box.hidden = false; }
    return;
  }
  if (seq !== rolesSeq || !$('#report-roles')) return;
  const r = d.unitReport.roles;
  box.innerHTML = `<h3>${esc(tt('roles'))}</h3><div class="table-wrap"><table class="report-table roles-table"><thead><tr><th>${esc(tt('kind'))}</th><th>${esc(tt('count'))}</th><th>${esc(tt('amountWan'))}</th></tr></thead>
    <tbody>${r.roles.map((s) => `<tr data-role="${s.role}"><td>${esc(tt(s.role))}${s.items.length ? `<div class="sub">${s.items.slice(0, 5).map((c) => esc(getLang() === 'en' && c.titleEn ? c.titleEn : c.title)).join('；')}</div>` : ''}</td><td class="n">${s.count}</td><td class="n">${s.role === 'LIAISON' ? '—' : esc(wan(s.amount))}</td></tr>`).join('')}</tbody></table></div>
    ${r.progress.some((p) => p.target) ? `<h3>${esc(tt('progress', { year: r.year }))}</h3><ul class="rel-list">${r.progress.filter((p) => p.target).map((p) => `<li data-person="${esc(p.person.id)}">${ent({ ...p.person, __typename: 'Person' })} <span class="tag">${esc(p.met ? tt('met') : tt('notMet'))}</span>
      <div class="sub">${p.kinds.filter((k) => k.target || k.done).map((k) => `${esc(tt(k.kind))} ${k.done}${k.target ? `/${k.target}` : ''}`).join('；')}</div></li>`).join('')}</ul>` : ''}`;
  box.hidden = false;
}

Object.assign(app, { renderMyRecord, renderContribNav, renderReportRoles, openRecordForm, openQueue });
