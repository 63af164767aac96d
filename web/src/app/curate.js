// The organization department's forms (issue 15): create an entity from
// the "+" of the toolbar, edit one in place, add a relationship from the
// details panel, end or remove one, delete an entity after a confirmation
// that counts what goes with it. Only for a role that may write (admin);
// the same form plumbing and error display as the keep-in-touch forms
// (forms.js): the server's message beside the field it names, nothing
// typed lost, an Idempotency-Key per submission.
import * as api from './api.js';
import { t, e, nameOf, getLang, onLang } from './i18n.js';
import { esc } from './graph.js';
import { Combo } from './combo.js';
import { iconHTML } from './style.js';
import { $, $$, state, app, graph, toast, announce, kindOfId, ent, today } from './core.js';
import { uuid, watch, field, errorSlot, showError, submitting, openDialog, closeDialog } from './forms.js';
import './curate.css';

// ---------- words (both languages, kept here so that i18n.js stays shared) ----------

const words = {
  create: ['新建', 'New'], createX: ['新建{kind}', 'New {kind}'], editX: ['编辑{kind}', 'Edit {kind}'], edit: ['编辑', 'Edit'],
  addRel: ['添加关系', 'Add relationship'], del: ['删除', 'Delete'], relType: ['关系类型', 'Relationship'],
  save: ['保存', 'Save'], created: ['已新建：{name}', 'Created: {name}'], saved: ['已保存：{name}', 'Saved: {name}'],
  relAdded: ['已添加关系', 'Relationship added'], relEnded: ['关系已结束', 'Relationship ended'], relRemoved: ['关系已删除', 'Relationship removed'],
  manage: ['管理关系', 'Manage relationships'], end: ['结束', 'End'], endAt: ['结束日期', 'End date'], remove: ['删除', 'Remove'],
  removeConfirm: ['删除这条关系（{what}）？此操作用于更正误录的关系，无法撤销。', 'Remove this relationship ({what})? This corrects a relationship recorded by mistake and cannot be undone.'],
  deleteTitle: ['删除{name}', 'Delete {name}'], deleteWhat: ['将删除{kind}“{name}”以及它的全部 {n} 条关系：', 'This deletes the {kind} “{name}” and all of its {n} relationships:'],
  deleteNone: ['将删除{kind}“{name}”，它没有任何关系。', 'This deletes the {kind} “{name}”, which has no relationships.'],
  deleteIrreversible: ['删除后无法恢复。', 'This cannot be undone.'], deleteSubmit: ['确认删除', 'Delete'], deleted: ['已删除：{name}', 'Deleted: {name}'],
  pick: ['输入以搜索…', 'Type to search…'], clearPick: ['清除', 'Clear'], thisEntity: ['当前', 'this'],
  ccOK: ['信用代码格式正确（校验位 {c}）', 'Valid credit code (check character {c})'], ccHint: ['18 位统一社会信用代码，输入时校验', '18-character unified social credit code, checked as you type'],
  listHint: ['多个用逗号分隔', 'Separate several with commas'], none: ['（无）', '(none)'],
  posting: ['挂职', 'Posting'], membership: ['任职/成员', 'Membership'], employment: ['受聘', 'Employment'], projectRole: ['项目角色', 'Project role'],
  investment: ['投资', 'Investment'], support: ['支持', 'Support'], location: ['所在地', 'Location'], acquaintance: ['相识', 'Acquaintance'],
  f_name: ['名称', 'Name'], f_nameEn: ['英文名', 'English name'], f_gender: ['性别', 'Gender'], f_birthYear: ['出生年份', 'Birth year'],
  f_expertise: ['专长', 'Expertise'], f_bio: ['简介', 'Bio'], f_phone: ['电话', 'Phone'], f_email: ['邮箱', 'Email'], f_wechat: ['微信', 'WeChat'],
  f_discoverable: ['可被发现（可出现在路径中、可作为引荐人）', 'Discoverable (may appear in paths and as an introducer)'],
  f_reconnectAfterDays: ['多少天未联系时提醒', 'Remind after days without contact'], f_shortName: ['简称', 'Short name'], f_kind: ['类别', 'Kind'],
  f_description: ['说明', 'Description'], f_parentId: ['上级', 'Parent'], f_regionId: ['地区', 'Region'], f_creditCode: ['统一社会信用代码', 'Unified social credit code'],
  f_industry: ['行业', 'Industry'], f_status: ['状态', 'Status'], f_amount: ['金额（元）', 'Amount (CNY)'], f_startDate: ['开始日期', 'Start date'],
  f_endDate: ['结束日期', 'End date'], f_level: ['级别', 'Level'], f_code: ['行政区划代码', 'Division code'], f_personId: ['人员', 'Person'],
  f_hostUnitId: ['挂职单位', 'Host unit'], f_dispatchingUnitId: ['派出单位', 'Dispatching unit'], f_title: ['职务', 'Title'], f_batch: ['批次（年）', 'Batch (year)'],
  f_from: ['开始', 'From'], f_to: ['结束', 'To'], f_note: ['备注', 'Note'], f_unitId: ['单位', 'Unit'], f_companyId: ['企业', 'Company'],
  f_projectId: ['项目', 'Project'], f_role: ['角色', 'Role'], f_date: ['日期', 'Date'], f_entityId: ['人员/单位/企业/项目', 'Person, unit, company or project'],
};

export function w(key, vars) {
  const pair = words[key];
  let s = pair ? pair[getLang() === 'en' ? 1 : 0] : key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] !== undefined ? String(vars[k]) : ''));
  return s;
}

const mayWrite = () => !!(app.can && app.can('write'));

// ---------- the unified social credit code, as graph/creditcode.go ----------

const ccChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// creditCodeProblem returns what is wrong with a credit code (the
// server's words), or '' when it is valid; check is the check character.
export function creditCodeProblem(raw) {
  const code = raw.trim().replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0)).toUpperCase();
  if (!code) return { problem: '', code };
  const chars = Array.from(code);
  if (chars.length !== 18) return { problem: `credit code must be 18 characters, got ${chars.length}`, code };
  for (let i = 0; i < 18; i++) {
    if (ccChars.indexOf(chars[i]) < 0) return { problem: `credit code has ${JSON.stringify(chars[i])} at position ${i + 1}, which is not allowed`, code };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ccChars.indexOf(chars[i]) * ccWeights[i];
  const want = ccChars[(31 - (sum % 31)) % 31];
  if (chars[17] !== want) return { problem: `credit code check character should be ${want}, got ${chars[17]}`, code };
  return { problem: '', code, check: want };
}

// ---------- the fields of each kind of entity ----------

const txt = (n, extra = {}) => ({ n, type: 'text', ...extra });
const enumOf = (n, group, values, extra = {}) => ({ n, type: 'enum', group, values, ...extra });
const ref = (n, kinds, extra = {}) => ({ n, type: 'ref', kinds, ...extra });

export const entities = {
  Person: { kind: 'PERSON', mut: 'Person', fields: [
    txt('name', { req: true }), txt('nameEn'), enumOf('gender', 'gender', ['MALE', 'FEMALE'], { blank: true }),
    { n: 'birthYear', type: 'int' }, { n: 'expertise', type: 'list' }, { n: 'bio', type: 'textarea' },
    { n: 'phone', type: 'tel' }, { n: 'email', type: 'email' }, txt('wechat'),
    { n: 'discoverable', type: 'bool', def: true }, { n: 'reconnectAfterDays', type: 'int' }] },
  Unit: { kind: 'UNIT', mut: 'Unit', fields: [
    txt('name', { req: true }), txt('nameEn'), txt('shortName'),
    enumOf('kind', 'unitKind', ['CENTRAL_AGENCY', 'PROVINCIAL_AGENCY', 'BEIJING_TIANJIN_AGENCY', 'LOCAL_GOVERNMENT', 'STATE_OWNED_ENTERPRISE', 'FINANCIAL_INSTITUTION', 'UNIVERSITY', 'RESEARCH_INSTITUTE', 'OTHER'], { key: 'unitKind' }),
    { n: 'description', type: 'textarea' }, ref('parentId', ['UNIT'], { key: 'parent' }), ref('regionId', ['REGION'], { key: 'region' })] },
  Company: { kind: 'COMPANY', mut: 'Company', fields: [
    txt('name', { req: true }), txt('nameEn'), { n: 'creditCode', type: 'creditcode' }, txt('industry'),
    { n: 'description', type: 'textarea' }, ref('parentId', ['COMPANY'], { key: 'parent' }), ref('regionId', ['REGION'], { key: 'region' })] },
  Project: { kind: 'PROJECT', mut: 'Project', fields: [
    txt('name', { req: true }), txt('nameEn'),
    enumOf('kind', 'projectKind', ['INVESTMENT', 'FUNDING', 'TECHNOLOGY', 'TALENT', 'PLATFORM', 'POLICY'], { key: 'projectKind' }),
    enumOf('status', 'projectStatus', ['LEAD', 'NEGOTIATING', 'SIGNED', 'LANDED', 'OPERATING', 'STALLED']),
    { n: 'amount', type: 'float' }, { n: 'startDate', type: 'date' }, { n: 'endDate', type: 'date' },
    { n: 'description', type: 'textarea' }, ref('regionId', ['REGION'], { key: 'region' })] },
  Region: { kind: 'REGION', mut: 'Region', fields: [
    txt('name', { req: true }), txt('nameEn'),
    enumOf('level', 'regionLevel', ['CONTINENT', 'COUNTRY', 'PROVINCE', 'CITY', 'DISTRICT', 'COUNTY', 'TOWN']),
    txt('code'), ref('parentId', ['REGION'], { key: 'parent' })] },
};

// ---------- the relationships that can be added ----------

const PER = ['PERSON'];
export const relationships = {
  posting: { mut: 'addPosting', input: 'AddPostingInput', fields: [ref('personId', PER, { req: true }), ref('hostUnitId', ['UNIT'], { req: true }),
    ref('dispatchingUnitId', ['UNIT'], { req: true }), txt('title', { req: true }), { n: 'batch', type: 'int' }, { n: 'from', type: 'date', req: true },
    { n: 'to', type: 'date' }, txt('note')] },
  membership: { mut: 'addMembership', input: 'AddMembershipInput', fields: [ref('personId', PER, { req: true }), ref('unitId', ['UNIT'], { req: true }),
    txt('title'), { n: 'from', type: 'date' }, { n: 'to', type: 'date' }] },
  employment: { mut: 'addEmployment', input: 'AddEmploymentInput', fields: [ref('personId', PER, { req: true }), ref('companyId', ['COMPANY'], { req: true }),
    txt('title'), { n: 'from', type: 'date' }, { n: 'to', type: 'date' }] },
  projectRole: { mut: 'addProjectRole', input: 'AddProjectRoleInput', fields: [ref('personId', PER, { req: true }), ref('projectId', ['PROJECT'], { req: true }),
    enumOf('role', 'role', ['SECURED', 'INTRODUCED']), { n: 'date', type: 'date' }, txt('note')] },
  investment: { mut: 'addInvestment', input: 'AddInvestmentInput', fields: [ref('companyId', ['COMPANY'], { req: true }), ref('projectId', ['PROJECT'], { req: true }),
    { n: 'amount', type: 'float' }, { n: 'date', type: 'date' }] },
  support: { mut: 'addSupport', input: 'AddSupportInput', fields: [ref('unitId', ['UNIT'], { req: true }), ref('projectId', ['PROJECT'], { req: true }),
    txt('note'), { n: 'date', type: 'date' }] },
  location: { mut: 'addLocation', input: 'AddLocationInput', fields: [ref('entityId', ['PERSON', 'UNIT', 'COMPANY', 'PROJECT'], { req: true }),
    ref('regionId', ['REGION'], { req: true }), { n: 'from', type: 'date' }, { n: 'to', type: 'date' }] },
};

const kindName = { PERSON: 'Person', UNIT: 'Unit', REGION: 'Region', COMPANY: 'Company', PROJECT: 'Project' };

// relsFor lists the relationships an entity of the kind takes part in.
function relsFor(typename) {
  const k = entities[typename].kind;
  return Object.keys(relationships).filter((r) => relationships[r].fields.some((f) => f.type === 'ref' && f.kinds.includes(k)));
}

// ---------- rendering a field ----------

function inputHTML(prefix, f, value) {
  const id = `${prefix}-${f.n}`;
  const desc = `aria-describedby="err-${f.n}"`;
  const v = value == null ? '' : value;
  const req = f.req ? ' aria-required="true"' : '';
  switch (f.type) {
    case 'textarea': return field(id, f.n, w('f_' + f.n), `<textarea id="${id}" name="${f.n}" rows="3" ${desc}>${esc(v)}</textarea>`);
    case 'int': case 'float':
      return field(id, f.n, w('f_' + f.n), `<input id="${id}" name="${f.n}" type="number" inputmode="${f.type === 'int' ? 'numeric' : 'decimal'}" step="${f.type === 'int' ? '1' : 'any'}" value="${esc(v)}" ${desc}${req}>`);
    case 'date': return field(id, f.n, w('f_' + f.n), `<input id="${id}" name="${f.n}" type="date" value="${esc(v)}" ${desc}${req}>`);
    case 'tel': case 'email': return field(id, f.n, w('f_' + f.n), `<input id="${id}" name="${f.n}" type="${f.type}" value="${esc(v)}" ${desc}>`);
    case 'list': return field(id, f.n, w('f_' + f.n), `<input id="${id}" name="${f.n}" type="text" value="${esc((v || []).join('，'))}" ${desc}>`, w('listHint'));
    case 'bool': return `<div class="field check-field"><label class="check big"><input id="${id}" name="${f.n}" type="checkbox" ${(value == null ? f.def : value) ? 'checked' : ''} ${desc}> ${esc(w('f_' + f.n))}</label>${errorSlot(f.n)}</div>`;
    case 'enum': return field(id, f.n, w('f_' + f.n), `<select id="${id}" name="${f.n}" ${desc}${req}>${f.blank ? `<option value="">${esc(w('none'))}</option>` : ''}${f.values.map((x) => `<option value="${x}" ${x === v ? 'selected' : ''}>${esc(e(f.group, x))}</option>`).join('')}</select>`);
    case 'creditcode': return `<div class="field"><label for="${id}">${esc(w('f_creditCode'))}</label><input id="${id}" name="${f.n}" type="text" autocomplete="off" spellcheck="false" maxlength="40" value="${esc(v)}" aria-describedby="cc-check err-${f.n}">
      <p class="hint cc-check" id="cc-check" aria-live="polite">${esc(w('ccHint'))}</p>${errorSlot(f.n)}</div>`;
    case 'ref': return `<div class="field ref-field" data-ref="${f.n}"><label for="${id}">${esc(w('f_' + f.n))}</label>
      <ul class="chips ref-chosen" id="${id}-chosen"></ul>
      <div class="combo-field"><input id="${id}" type="search" autocomplete="off" spellcheck="false" placeholder="${esc(w('pick'))}" ${desc}><ul class="suggest" hidden></ul></div>
      <input type="hidden" name="${f.n}" value="">${errorSlot(f.n)}</div>`;
    default: return field(id, f.n, w('f_' + f.n), `<input id="${id}" name="${f.n}" type="text" value="${esc(v)}" ${desc}${req}>`);
  }
}

// fieldsHTML renders the fields; the ref pickers are wired by wireRefs.
function fieldsHTML(prefix, fields, values = {}) {
  return fields.map((f) => inputHTML(prefix, f, f.type === 'ref' ? null : values[f.key || f.n])).join('');
}

// wireRefs makes each ref field a picker searching as one types; values
// are {field: node} to start with.
function wireRefs(form, fields, values = {}) {
  for (const f of fields.filter((x) => x.type === 'ref')) {
    const box = $(`[data-ref="${f.n}"]`, form);
    const hidden = $(`input[type=hidden][name="${f.n}"]`, box);
    const chosen = $('.ref-chosen', box);
    const search = $('input[type=search]', box);
    const set = (n) => {
      hidden.value = n ? n.id : '';
      chosen.innerHTML = n ? `<li class="chip-item" data-id="${esc(n.id)}">${iconHTML(n.__typename || kindOfId(n.id))}<span>${esc(nameOf(n))}</span>
        <button type="button" class="chip-x" data-clear="${f.n}" aria-label="${esc(w('clearPick'))} ${esc(nameOf(n))}">✕</button></li>` : '';
      search.hidden = !!n;
      delete form.dataset.idem;
    };
    box.addEventListener('click', (ev) => { if (ev.target.closest('[data-clear]')) { set(null); search.focus(); } });
    new Combo(search, search.nextElementSibling, (n) => { set(n); search.value = ''; }, { first: 8, kinds: f.kinds });
    set(values[f.n] || null);
  }
}

// readInput collects the form into a mutation input. For an update, a
// blank text field is sent empty (the server clears it) and a blank
// picker removes the link; for a create, blanks are left out. Required
// fields are always sent, so that the server names what is missing.
function readInput(form, fields, { update = false } = {}) {
  const input = {};
  for (const f of fields) {
    const el = $(`[name="${f.n}"]`, form);
    if (!el) continue;
    const raw = el.type === 'checkbox' ? el.checked : String(el.value).trim();
    switch (f.type) {
      case 'bool': input[f.n] = raw; break;
      case 'int': case 'float': if (raw !== '') input[f.n] = Number(raw); break;
      case 'list': if (raw !== '' || update) input[f.n] = raw.split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean); break;
      case 'date': case 'enum': if (raw !== '') input[f.n] = raw; break;
      case 'creditcode': if (raw !== '' || update) input[f.n] = creditCodeProblem(raw).code; break;
      default: if (raw !== '' || update || f.req) input[f.n] = raw;
    }
  }
  return input;
}

function wireCreditCode(form) {
  const cc = $('[name=creditCode]', form);
  if (!cc) return;
  const out = $('#cc-check', form);
  const check = () => {
    const { problem, check: c } = creditCodeProblem(cc.value);
    out.textContent = !cc.value.trim() ? w('ccHint') : problem || w('ccOK', { c });
    out.classList.toggle('bad', !!problem);
    out.classList.toggle('good', !problem && !!cc.value.trim());
  };
  cc.addEventListener('input', check);
  check();
}

// ---------- GraphQL ----------

const REFQ = 'id __typename name nameEn';

function entityQuery(id) {
  return api.gql(`query Edit($id: ID!) { node(id: $id) { id __typename
    ... on Person { name nameEn gender birthYear expertise bio phone email wechat discoverable reconnectAfterDays }
    ... on Unit { name nameEn shortName unitKind: kind description parent { ${REFQ} } region { ${REFQ} } }
    ... on Company { name nameEn creditCode industry description parent { ${REFQ} } region { ${REFQ} } }
    ... on Project { name nameEn projectKind: kind status amount startDate endDate description region { ${REFQ} } }
    ... on Region { name nameEn level code parent { ${REFQ} } } } }`, { id }).then((d) => d.node);
}

function saveEntity(typename, id, input, key) {
  const m = entities[typename].mut;
  if (id) {
    return api.gql(`mutation Save($id: ID!, $in: Update${m}Input!) { r: update${m}(id: $id, input: $in) { id name nameEn } }`, { id, in: input }, { idempotencyKey: key }).then((d) => d.r);
  }
  return api.gql(`mutation Save($in: Create${m}Input!) { r: create${m}(input: $in) { id name nameEn } }`, { in: input }, { idempotencyKey: key }).then((d) => d.r);
}

// ---------- the graph and the panel after a change ----------

// refresh drops what the page cached and redraws the entities' neighbourhoods
// that are on the graph, without a reload.
async function refresh(ids) {
  state.details.clear();
  state.network.clear();
  state.reports.clear();
  for (const id of ids) {
    if (!graph.has(id)) continue;
    const info = graph.nodeInfo(id) || {};
    const first = Math.max(info.requested || 0, state.cap);
    try {
      const nb = await api.neighborhood(id, { first, types: app.expandTypes ? app.expandTypes() : null, at: state.date });
      graph.addNeighborhood(id, nb, { skip: 0, first });
    } catch { /* the details panel reports problems */ }
  }
  graph.relabel();
  if (app.updateGraphInfo) app.updateGraphInfo();
  if (state.selected) app.renderDetails();
}

// ---------- create and edit ----------

export async function openEntityForm(typename, id = null) {
  if (!mayWrite()) return;
  const spec = entities[typename];
  let values = {};
  if (id) {
    try { values = await entityQuery(id); } catch (err) { toast(t('error', { msg: err.message })); return; }
    if (!values) return;
  }
  const kindLabel = e('kind', typename);
  const title = id ? w('editX', { kind: kindLabel }) : w('createX', { kind: kindLabel });
  const body = openDialog(title, `<form id="entity-form" class="form" data-kind="${typename}" novalidate>
    ${fieldsHTML('ef', spec.fields, values)}
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="entity-submit">${esc(w('save'))}</button></div></form>`);
  const form = $('#entity-form', body);
  watch(form);
  const refs = {};
  for (const f of spec.fields) if (f.type === 'ref' && values[f.key]) refs[f.n] = values[f.key];
  wireRefs(form, spec.fields, refs);
  wireCreditCode(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = readInput(form, spec.fields, { update: !!id });
    const r = await submitting(form, (key) => saveEntity(typename, id, input, key));
    if (!r) return;
    closeDialog();
    toast(w(id ? 'saved' : 'created', { name: nameOf(r) }));
    announce(w(id ? 'saved' : 'created', { name: nameOf(r) }));
    if (id) await refresh([id]);
    else { state.details.clear(); await app.open(r.id); }
  });
  $('input:not([type=hidden]), select, textarea', form).focus();
}

// ---------- add a relationship ----------

export function openRelForm(typename, id, node) {
  if (!mayWrite()) return;
  const options = relsFor(typename);
  const self = { id, __typename: typename, name: node && node.name, nameEn: node && node.nameEn };
  const body = openDialog(`${w('addRel')}: ${nameOf(self)}`, `<form id="rel-form" class="form" novalidate>
    ${field('rel-type', 'relType', w('relType'), `<select id="rel-type">${options.map((r) => `<option value="${r}">${esc(w(r))}</option>`).join('')}</select>`)}
    <div id="rel-fields"></div>
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="rel-submit">${esc(w('save'))}</button></div></form>`);
  const form = $('#rel-form', body);
  watch(form);
  const kind = entities[typename].kind;
  const render = () => {
    const spec = relationships[$('#rel-type', form).value];
    $('#rel-fields', form).innerHTML = fieldsHTML('rf', spec.fields);
    const mine = spec.fields.find((f) => f.type === 'ref' && f.kinds.includes(kind));
    wireRefs(form, spec.fields, mine ? { [mine.n]: self } : {});
    delete form.dataset.idem;
  };
  $('#rel-type', form).addEventListener('change', render);
  render();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const spec = relationships[$('#rel-type', form).value];
    const input = readInput(form, spec.fields);
    const ends = spec.fields.filter((f) => f.type === 'ref').map((f) => input[f.n]).filter(Boolean);
    const r = await submitting(form, (key) => api.gql(`mutation Add($in: ${spec.input}!) { r: ${spec.mut}(input: $in) { id } }`, { in: input }, { idempotencyKey: key }).then((d) => d.r));
    if (!r) return;
    closeDialog();
    toast(w('relAdded'));
    announce(w('relAdded'));
    await refresh([id, ...ends]);
  });
  $('#rel-type', form).focus();
}

// ---------- end or remove a relationship ----------

// relItems lists the relationships of the details that have an id, with
// the entity at the other end and whether they can be ended.
function relItems(d) {
  const out = [];
  const add = (conn, key, other, timed) => {
    if (!conn) return;
    for (const { node: x } of conn.edges) out.push({ id: x.id, key, other: x[other], title: x.title || x.how || (x.role && e('role', x.role)) || '', current: timed && x.current !== false && !x.to, timed });
  };
  switch (d.__typename) {
    case 'Person':
      add(d.postings, 'posting', 'hostUnit', true); add(d.memberships, 'membership', 'unit', true); add(d.employments, 'employment', 'company', true);
      add(d.projects, 'projectRole', 'project', false); add(d.acquaintances, 'acquaintance', 'person', true); add(d.locations, 'location', 'region', true);
      break;
    case 'Unit':
      add(d.dispatchedCadres, 'posting', 'person', true); add(d.hostedCadres, 'posting', 'person', true); add(d.members, 'membership', 'person', true);
      add(d.supports, 'support', 'project', false);
      break;
    case 'Company': add(d.employees, 'employment', 'person', true); add(d.investments, 'investment', 'project', false); break;
    case 'Project': add(d.people, 'projectRole', 'person', false); add(d.investors, 'investment', 'company', false); add(d.supporters, 'support', 'unit', false); break;
    default:
  }
  const seen = new Set();
  return out.filter((x) => !seen.has(x.id) && seen.add(x.id));
}

function manageHTML(d) {
  const items = relItems(d);
  if (!items.length) return '';
  return `<section class="block manage" id="manage-rels"><h3>${esc(w('manage'))} <span class="badge">${items.length}</span></h3><ul class="rel-list manage-list">${items.map((x) => `<li data-rel="${esc(x.id)}">
    <div class="manage-row">${ent(x.other)} <span class="meta">${esc([w(x.key), x.title].filter(Boolean).join(' · '))}</span>
      <span class="manage-acts">${x.current ? `<button type="button" class="btn subtle" data-cur="end" data-rel="${esc(x.id)}">${esc(w('end'))}</button>` : ''}
      <button type="button" class="btn subtle" data-cur="remove" data-rel="${esc(x.id)}" data-what="${esc(`${w(x.key)} · ${nameOf(x.other)}`)}">${esc(w('remove'))}</button></span></div></li>`).join('')}</ul></section>`;
}

function endFormHTML(relId) {
  return `<form class="form end-form" data-rel="${esc(relId)}" novalidate>
    ${field(`end-${relId}`, 'to', w('endAt'), `<input id="end-${relId}" name="to" type="date" value="${today()}" aria-describedby="err-to">`)}
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary">${esc(w('end'))}</button></div></form>`;
}

async function endRel(form) {
  const relId = form.dataset.rel;
  const to = $('[name=to]', form).value;
  const r = await submitting(form, (key) => api.gql('mutation End($id: ID!, $to: Date!) { r: endRelationship(id: $id, to: $to) { id to start { id } end { id } } }', { id: relId, to }, { idempotencyKey: key }).then((d) => d.r));
  if (!r) return;
  toast(w('relEnded'));
  announce(w('relEnded'));
  await refresh([r.start.id, r.end.id]);
}

async function removeRel(relId, what) {
  if (!window.confirm(w('removeConfirm', { what }))) return;
  const id = state.selected;
  try {
    await api.gql('mutation Remove($id: ID!) { removeRelationship(id: $id) }', { id: relId }, { idempotencyKey: uuid() });
  } catch (err) {
    toast(t('formProblem', { msg: err.message }));
    return;
  }
  graph.remove(relId);
  toast(w('relRemoved'));
  announce(w('relRemoved'));
  await refresh([id]);
}

// ---------- delete with a counted confirmation ----------

const countedSections = {
  Person: ['postings', 'memberships', 'employments', 'projects', 'acquaintances', 'locations'],
  Unit: ['dispatchedCadres', 'hostedCadres', 'members', 'subUnits', 'supports'],
  Region: ['subRegions', 'units', 'companies', 'projects'],
  Company: ['employees', 'subsidiaries', 'investments'],
  Project: ['people', 'investors', 'supporters'],
};
const sectionTitle = { dispatchedCadres: 'dispatched', hostedCadres: 'hosted' };

export async function openDeleteForm(id) {
  if (!mayWrite()) return;
  let d; let degree = 0;
  try {
    const [det, nb] = await Promise.all([api.details(id), api.neighborhood(id, { first: 1 })]);
    d = det;
    degree = ((nb.degrees || []).find((x) => x.id === id) || {}).degree || 0;
  } catch (err) { toast(t('error', { msg: err.message })); return; }
  if (!d) return;
  const k = d.__typename;
  const parts = countedSections[k].filter((s) => d[s] && d[s].totalCount).map((s) => `<li data-section="${s}">${esc(t(sectionTitle[s] || s))} <strong>${d[s].totalCount}</strong></li>`);
  // The links kept as fields: the parent and the region.
  for (const f of ['parent', 'region']) if (d[f]) parts.push(`<li data-section="${f}">${esc(t(f))} <strong>1</strong> · ${esc(nameOf(d[f]))}</li>`);
  const vars = { kind: e('kind', k), name: nameOf(d), n: degree };
  const body = openDialog(w('deleteTitle', { name: nameOf(d) }), `<form id="delete-form" class="form" novalidate>
    <p id="delete-what" data-count="${degree}">${esc(w(degree ? 'deleteWhat' : 'deleteNone', vars))}</p>
    ${parts.length ? `<ul class="delete-parts">${parts.join('')}</ul>` : ''}
    <p class="hint">${esc(w('deleteIrreversible'))}</p>${errorSlot('id')}
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary danger" id="delete-submit">${esc(w('deleteSubmit'))}</button>
      <button type="button" class="btn" data-close-dialog>${esc(t('cancel'))}</button></div></form>`);
  const form = $('#delete-form', body);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await submitting(form, (key) => api.gql(`mutation Del($id: ID!) { r: delete${entities[k].mut}(id: $id) }`, { id }, { idempotencyKey: key }).then((x) => x.r));
    if (!r) return;
    closeDialog();
    graph.remove(id);
    if (state.selected === id) state.selected = null;
    toast(w('deleted', { name: nameOf(d) }));
    announce(w('deleted', { name: nameOf(d) }));
    await refresh([]);
  });
  $('[data-close-dialog]', form).focus();
}

// ---------- hooks into the details panel and the toolbar ----------

// actionsHTML is what the details panel adds for a role that may write.
function actionsHTML(id) {
  if (!mayWrite()) return '';
  return ` <button type="button" class="btn" data-act="cur-edit">${esc(w('edit'))}</button>`
    + ` <button type="button" class="btn" data-act="cur-rel">${esc(w('addRel'))}</button>`
    + ` <button type="button" class="btn subtle danger" data-act="cur-delete">${esc(w('del'))}</button>`;
}

// afterDetails appends the relationships that can be ended or removed.
function afterDetails(d) {
  if (!mayWrite() || !d) return;
  const pane = $('#pane-details');
  pane.insertAdjacentHTML('beforeend', manageHTML(d));
}

function act(name, id) {
  const typename = kindOfId(id);
  if (!entities[typename]) return false;
  const node = state.details.get(id) || graph.node(id);
  if (name === 'cur-edit') openEntityForm(typename, id);
  else if (name === 'cur-rel') openRelForm(typename, id, node);
  else if (name === 'cur-delete') openDeleteForm(id);
  else return false;
  return true;
}

$('#pane-details').addEventListener('click', (ev) => {
  const b = ev.target.closest('[data-cur]');
  if (!b) return;
  const li = b.closest('li[data-rel]');
  if (b.dataset.cur === 'end') {
    const old = $('.end-form', li);
    if (old) { old.remove(); return; }
    li.insertAdjacentHTML('beforeend', endFormHTML(b.dataset.rel));
    const form = $('.end-form', li);
    watch(form);
    form.addEventListener('submit', (x) => { x.preventDefault(); endRel(form); });
    $('[name=to]', form).focus();
  } else if (b.dataset.cur === 'remove') removeRel(b.dataset.rel, b.dataset.what);
});

// The "+" of the toolbar: a menu of the kinds to create.
function renderCreateMenu() {
  let m = $('#create-menu');
  if (!mayWrite()) { if (m) m.hidden = true; return; }
  if (!m) {
    $('.toolbar').insertAdjacentHTML('afterbegin', '<details class="dropdown" id="create-menu"><summary class="btn primary" id="create-btn"></summary><div class="dropdown-body" id="create-body"></div></details>');
    m = $('#create-menu');
    m.addEventListener('click', (ev) => {
      const b = ev.target.closest('[data-create]');
      if (!b) return;
      m.open = false;
      openEntityForm(b.dataset.create);
    });
    m.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { m.open = false; $('#create-btn').focus(); } });
    document.addEventListener('click', (ev) => { if (m.open && !m.contains(ev.target)) m.open = false; });
  }
  m.hidden = false;
  $('#create-btn').textContent = `+ ${w('create')}`;
  $('#create-btn').setAttribute('aria-label', w('create'));
  $('#create-body').innerHTML = Object.keys(entities).map((k) => `<button type="button" class="btn menu-item" data-create="${k}">${iconHTML(k)} ${esc(e('kind', k))}</button>`).join('');
}

onLang(renderCreateMenu);

// renderCurateTools shows the toolbar's tools the role may use (main.js
// calls it once it knows who the token is).
function renderCurateTools() {
  renderCreateMenu();
  if (app.renderDuplicatesButton) app.renderDuplicatesButton();
  if (app.renderImportButton) app.renderImportButton();
}

Object.assign(app, { renderCurateTools, curateActionsHTML: actionsHTML, curateAfterDetails: afterDetails, curateAct: act, renderCreateMenu, curateRefresh: refresh, kindName });
