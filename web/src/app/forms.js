// The forms of a signed-in person (issue 12): log an interaction, "I know
// them", end an acquaintance, edit my profile (with the opt-out) and the
// calendar feed. Every form shows the server's validation message beside
// the field it names (extensions.field), keeps what was typed, explains a
// FORBIDDEN answer in words, and sends an Idempotency-Key that a retry of
// the same submission reuses.
import * as api from './api.js';
import { t, e, nameOf } from './i18n.js';
import { esc } from './graph.js';
import { Combo } from './combo.js';
import { iconHTML } from './style.js';
import { $, $$, state, app, toast, announce, today } from './core.js';

// ---------- who may do what ----------

export function can(action) {
  const me = state.me;
  if (!me) return false;
  const s = me.perms[action];
  return !!s && s !== 'none';
}

// myPerson is the signed-in person (the token's person claim), or null.
export function myPerson() { return (state.me && state.me.person) || null; }

// loadMe asks the server who the token is; the page offers only what the
// role may do.
export async function loadMe() {
  try {
    const m = await api.me();
    state.me = { ...m, perms: Object.fromEntries(m.permissions.map((p) => [p.action, p.scope])) };
  } catch {
    state.me = null;
  }
  return state.me;
}

// ---------- shared form plumbing ----------

function uuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// submissionKey is the form's Idempotency-Key: the same until the form
// succeeds or what is typed changes.
function submissionKey(form) {
  if (!form.dataset.idem) form.dataset.idem = uuid();
  return form.dataset.idem;
}

function watch(form) {
  form.addEventListener('input', () => { delete form.dataset.idem; });
}

const blank = (v) => v === null || v === undefined || v === '';
const str = (v) => (blank(v) ? '' : String(v));

function clearErrors(form) {
  for (const el of $$('.field-error', form)) { el.hidden = true; el.textContent = ''; }
  for (const el of $$('[aria-invalid]', form)) el.removeAttribute('aria-invalid');
  const box = $('.form-error', form);
  if (box) { box.hidden = true; box.textContent = ''; }
}

// showError puts the server's message beside the field it names, or at
// the foot of the form; nothing typed is lost.
function showError(form, err) {
  clearErrors(form);
  const field = (err && err.field ? err.field : '').replace(/^input\./, '');
  const slot = field && $(`[data-error-for="${field}"]`, form);
  let msg = err && err.message ? err.message : String(err);
  if (err && err.code === 'FORBIDDEN') msg = `${t('forbidden', { role: e('authRole', state.me ? state.me.role : '') })} ${t('forbiddenDetail', { msg })}`;
  else if (err && (err.code === 'NETWORK' || err.code === 'HTTP')) msg = t('networkError');
  if (slot) {
    slot.textContent = msg;
    slot.hidden = false;
    const input = $(`[name="${field}"]`, form);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    announce(msg);
    return;
  }
  const box = $('.form-error', form);
  box.textContent = err && err.code === 'FORBIDDEN' ? msg : t('formProblem', { msg });
  box.hidden = false;
  announce(box.textContent);
}

function errorSlot(name) {
  return `<p class="field-error" id="err-${name}" data-error-for="${name}" role="alert" hidden></p>`;
}

function field(id, name, label, input, hint = '') {
  return `<div class="field"><label for="${id}">${esc(label)}</label>${input}${hint ? `<p class="hint" id="hint-${id}">${esc(hint)}</p>` : ''}${errorSlot(name)}</div>`;
}

// chipsField is a fieldset that picks nodes as chips: the list of chips
// #listId, the search box #searchId (a Combo suggests as one types) and
// the error slot of errKey, which the search box is described by.
function chipsField(listId, searchId, legend, hint, errKey) {
  return `<fieldset class="field"><legend>${esc(legend)}</legend>
      <ul class="chips" id="${listId}" aria-live="polite"></ul>
      <div class="combo-field"><label class="sr-only" for="${searchId}">${esc(hint)}</label>
        <input id="${searchId}" type="search" autocomplete="off" spellcheck="false" placeholder="${esc(hint)}" aria-describedby="err-${errKey}">
        <ul class="suggest" hidden></ul></div>
      ${errorSlot(errKey)}</fieldset>`;
}

async function submitting(form, fn) {
  const btn = $('[type=submit]', form);
  const label = btn.textContent;
  btn.disabled = true;
  btn.textContent = t('saving');
  clearErrors(form);
  try {
    const out = await fn(submissionKey(form));
    delete form.dataset.idem;
    return out;
  } catch (err) {
    showError(form, err);
    return undefined;
  } finally {
    btn.disabled = false;
    btn.textContent = label;
  }
}

// ---------- the dialog ----------

function openDialog(title, html) {
  const d = $('#form-dialog');
  $('#form-title').textContent = title;
  $('#form-body').innerHTML = html;
  if (!d.open) d.showModal();
  return $('#form-body');
}

export function closeDialog() {
  const d = $('#form-dialog');
  if (d.open) d.close();
}

function localNow() {
  const d = new Date();
  d.setSeconds(0, 0);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

// chipPickers runs the chip fields (chipsField) of form. Each field is
// { listId, searchId, items, kinds, keep }: its search box suggests nodes
// of the kinds and adds the picked one to items (once); a chip's ✕ takes
// its node out of items, except a node keep(node) holds (shown without
// ✕); then afterRemove runs. Every change forgets the form's
// Idempotency-Key.
function chipPickers(form, fields, afterRemove = () => {}) {
  const kept = (f, n) => Boolean(f.keep && f.keep(n));
  const render = () => {
    for (const f of fields) $(`#${f.listId}`, form).innerHTML = f.items.map((n) => chipHTML(n, !kept(f, n))).join('');
  };
  render();
  for (const f of fields) {
    const s = $(`#${f.searchId}`, form);
    new Combo(s, s.nextElementSibling, (n) => {
      if (!f.items.some((x) => x.id === n.id)) f.items.push(n);
      delete form.dataset.idem;
      render();
      s.value = '';
      s.focus();
    }, { first: 8, kinds: f.kinds });
  }
  form.addEventListener('click', (ev) => {
    const x = ev.target.closest('[data-remove]');
    if (!x) return;
    const id = x.dataset.remove;
    for (const f of fields) {
      const i = f.items.findIndex((n) => n.id === id && !kept(f, n));
      if (i >= 0) f.items.splice(i, 1);
    }
    delete form.dataset.idem;
    render();
    afterRemove();
  });
}

function chipHTML(n, removable) {
  return `<li class="chip-item" data-id="${esc(n.id)}">${iconHTML(n.__typename || 'Person')}<span>${esc(nameOf(n))}${removable ? '' : esc(t('you'))}</span>${removable
    ? `<button type="button" class="chip-x" data-remove="${esc(n.id)}" aria-label="${esc(t('removeX', { name: nameOf(n) }))}">✕</button>` : ''}</li>`;
}

// ---------- log an interaction ----------

const kinds = ['MEETING', 'CALL', 'VISIT', 'EVENT', 'MESSAGE', 'OTHER'];

// openLogForm opens the form with the signed-in person and the people
// given already in.
export function openLogForm(people = [], { kind = 'MEETING' } = {}) {
  const me = myPerson();
  if (!me || !can('logInteraction')) return;
  const sel = { people: [me, ...people.filter((p) => p && p.id !== me.id)], about: [] };
  const body = openDialog(t('logInteraction'), `<form id="log-form" class="form" novalidate>
    ${chipsField('log-people', 'log-person-search', t('participants'), t('participantsHint'), 'participantIds')}
    ${field('log-kind', 'kind', t('kind'), `<select id="log-kind" name="kind" aria-describedby="err-kind">${kinds.map((k) => `<option value="${k}" ${k === kind ? 'selected' : ''}>${esc(e('interactionKind', k))}</option>`).join('')}</select>`)}
    ${field('log-at', 'at', t('when'), `<input id="log-at" name="at" type="datetime-local" value="${localNow()}" aria-describedby="err-at">`)}
    ${field('log-summary', 'summary', t('summaryField'), `<textarea id="log-summary" name="summary" rows="3" aria-describedby="hint-log-summary err-summary"></textarea>`, t('summaryHint'))}
    ${chipsField('log-about', 'log-about-search', t('about'), t('aboutHint'), 'aboutIds')}
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="log-submit">${esc(t('submitLog'))}</button></div>
  </form><div id="log-result" class="result" hidden></div>`);
  const form = $('#log-form', body);
  watch(form);
  chipPickers(form, [
    { listId: 'log-people', searchId: 'log-person-search', items: sel.people, kinds: ['PERSON'], keep: (p) => p.id === me.id },
    { listId: 'log-about', searchId: 'log-about-search', items: sel.about, kinds: ['PROJECT', 'COMPANY', 'UNIT'] },
  ], () => $('#log-person-search', form).focus());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const atRaw = $('#log-at', form).value;
    const at = atRaw && !Number.isNaN(new Date(atRaw).getTime()) ? new Date(atRaw).toISOString() : atRaw;
    const summary = $('#log-summary', form).value.trim();
    const input = { participantIds: sel.people.map((p) => p.id), at, kind: $('#log-kind', form).value, summary: summary || null, aboutIds: sel.about.map((a) => a.id) };
    const before = await api.tieStrengths(me.id).catch(() => ({}));
    const it = await submitting(form, (key) => api.logInteraction(input, key));
    if (!it) return;
    const after = await api.tieStrengths(me.id).catch(() => ({}));
    const others = sel.people.filter((p) => p.id !== me.id);
    const fmt = (v) => (v == null ? '0.00' : v.toFixed(2));
    const res = $('#log-result', body);
    res.innerHTML = `<p class="ok" role="status"><strong>${esc(t('logged'))}</strong></p><ul class="rel-list tie-changes">${others.map((p) => `<li class="tie-change" data-person="${esc(p.id)}" data-before="${before[p.id] || 0}" data-after="${after[p.id] || 0}">${iconHTML('Person')} ${esc(nameOf(p))}
      <span class="strength"><span class="bar"><span style="width:${Math.round((after[p.id] || 0) * 100)}%"></span></span>${esc(t('tieBeforeAfter', { before: fmt(before[p.id]), after: fmt(after[p.id]) }))}</span></li>`).join('')}</ul>
      <div class="actions"><button type="button" class="btn" data-close-dialog>${esc(t('close'))}</button></div>`;
    res.hidden = false;
    form.hidden = true;
    announce(t('logged'));
    invalidate([me.id, ...others.map((p) => p.id)]);
    $('[data-close-dialog]', res).focus();
  });
  (people.length ? $('#log-summary', form) : $('#log-person-search', form)).focus();
}

// invalidate drops what the page cached about the people, and refreshes
// the views that show them.
function invalidate(ids) {
  for (const id of ids) { state.details.delete(id); state.network.delete(id); }
  if (state.view === 'home') app.renderHome();
  if (state.selected && ids.includes(state.selected)) app.renderDetails();
}

// ---------- I know them; end an acquaintance ----------

export function openKnowForm(person) {
  const me = myPerson();
  if (!me || !can('acquaint') || !person || person.id === me.id) return;
  const body = openDialog(`${t('knowThem')}: ${nameOf(person)}`, `<form id="know-form" class="form" novalidate>
    ${field('know-since', 'since', t('knowSince'), `<input id="know-since" name="since" type="date" max="${today()}" aria-describedby="err-since">`)}
    ${field('know-how', 'how', t('knowHow'), `<input id="know-how" name="how" type="text" placeholder="${esc(t('knowHowHint'))}" aria-describedby="err-how">`)}
    ${errorSlot('otherId')}
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="know-submit">${esc(t('submitKnow'))}</button></div></form>`);
  const form = $('#know-form', body);
  watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const since = $('#know-since', form).value; const how = $('#know-how', form).value.trim();
    const r = await submitting(form, (key) => api.addAcquaintance({ personId: me.id, otherId: person.id, since: since || null, how: how || null }, key));
    if (!r) return;
    closeDialog();
    toast(t('known', { name: nameOf(person) }));
    invalidate([me.id, person.id]);
  });
  $('#know-since', form).focus();
}

export async function endAcquaintance(relId, person) {
  if (!can('acquaint')) return;
  if (!window.confirm(t('endConfirm', { name: nameOf(person) }))) return;
  try {
    await api.endRelationship(relId, today(), uuid());
    toast(t('acqEnded', { name: nameOf(person) }));
    invalidate([myPerson().id, person.id]);
  } catch (err) {
    toast(err.code === 'FORBIDDEN' ? `${t('forbidden', { role: e('authRole', state.me.role) })} ${t('forbiddenDetail', { msg: err.message })}` : t('formProblem', { msg: err.message }));
  }
}

// ---------- my profile, the opt-out and the calendar feed ----------

export async function openProfileForm() {
  if (!can('editProfile') || !myPerson()) return;
  await loadMe();
  const p = myPerson();
  if (!p) return;
  const body = openDialog(t('editProfile'), `<form id="profile-form" class="form" novalidate>
    ${field('pf-phone', 'phone', t('phone'), `<input id="pf-phone" name="phone" type="tel" autocomplete="tel" value="${esc(str(p.phone))}" aria-describedby="err-phone">`)}
    ${field('pf-email', 'email', t('email'), `<input id="pf-email" name="email" type="email" autocomplete="email" value="${esc(str(p.email))}" aria-describedby="err-email">`)}
    ${field('pf-wechat', 'wechat', t('wechat'), `<input id="pf-wechat" name="wechat" type="text" value="${esc(str(p.wechat))}" aria-describedby="err-wechat">`)}
    ${field('pf-expertise', 'expertise', t('expertiseField'), `<input id="pf-expertise" name="expertise" type="text" value="${esc((p.expertise || []).join('，'))}" aria-describedby="err-expertise">`)}
    ${field('pf-bio', 'bio', t('bioField'), `<textarea id="pf-bio" name="bio" rows="3" aria-describedby="err-bio">${esc(str(p.bio))}</textarea>`)}
    ${field('pf-reconnect', 'reconnectAfterDays', t('reconnectAfterDays'), `<input id="pf-reconnect" name="reconnectAfterDays" type="number" inputmode="numeric" min="1" value="${esc(str(p.reconnectAfterDays))}" aria-describedby="err-reconnectAfterDays">`)}
    <div class="field check-field"><label class="check big"><input id="pf-discoverable" name="discoverable" type="checkbox" ${p.discoverable !== false ? 'checked' : ''} aria-describedby="discoverable-explain err-discoverable"> ${esc(t('discoverableField'))}</label>
      <p class="hint" id="discoverable-explain">${esc(t('discoverableExplain'))}</p>${errorSlot('discoverable')}</div>
    <p class="form-error" role="alert" hidden></p>
    <div class="actions"><button type="submit" class="btn primary" id="profile-submit">${esc(t('submitProfile'))}</button></div>
  </form>
  <section class="field calendar" aria-labelledby="cal-title"><h3 id="cal-title">${esc(t('calendarFeed'))}</h3><p class="hint">${esc(t('calendarExplain'))}</p>
    <button type="button" class="btn" id="cal-rotate">${esc(t('calendarRotate'))}</button><div id="cal-out" hidden></div><p class="field-error" id="cal-error" role="alert" hidden></p></section>`);
  const form = $('#profile-form', body);
  watch(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = (id) => $(id, form).value.trim();
    const input = {
      phone: v('#pf-phone'), email: v('#pf-email'), wechat: v('#pf-wechat'), bio: v('#pf-bio'),
      expertise: v('#pf-expertise').split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean),
      discoverable: $('#pf-discoverable', form).checked,
    };
    const days = v('#pf-reconnect');
    if (days !== '') input.reconnectAfterDays = Number(days);
    const r = await submitting(form, (key) => api.updateProfile(p.id, input, key));
    if (!r) return;
    state.me.person = { ...state.me.person, ...r };
    closeDialog();
    toast(t('profileSaved'));
    invalidate([p.id]);
  });
  $('#cal-rotate', body).addEventListener('click', async (ev) => {
    const btn = ev.currentTarget;
    btn.disabled = true;
    const errEl = $('#cal-error', body);
    errEl.hidden = true;
    try {
      const f = await api.rotateCalendarFeed(p.id, uuid());
      const url = location.origin + f.path;
      const out = $('#cal-out', body);
      out.innerHTML = `<p>${esc(t('calendarNew'))}</p><div class="copy-row"><label class="sr-only" for="cal-url">${esc(t('calendarFeed'))}</label>
        <input id="cal-url" type="text" readonly value="${esc(url)}"><button type="button" class="btn" id="cal-copy">${esc(t('copy'))}</button></div>`;
      out.hidden = false;
      $('#cal-copy', out).addEventListener('click', async () => {
        $('#cal-url', out).select();
        try { await navigator.clipboard.writeText(url); } catch { document.execCommand('copy'); }
        announce(t('copied'));
        $('#cal-copy', out).textContent = t('copied');
      });
      $('#cal-url', out).focus();
    } catch (err) {
      errEl.textContent = err.code === 'FORBIDDEN' ? `${t('forbidden', { role: e('authRole', state.me.role) })} ${t('forbiddenDetail', { msg: err.message })}` : t('formProblem', { msg: err.message });
      errEl.hidden = false;
    } finally {
      btn.disabled = false;
    }
  });
  $('#pf-phone', form).focus();
}

// The dialog's close button and the result's close button.
document.addEventListener('click', (ev) => {
  if (ev.target.closest('#form-close, [data-close-dialog]')) closeDialog();
});

Object.assign(app, { can, myPerson, loadMe, openLogForm, openKnowForm, endAcquaintance, openProfileForm, closeDialog });

// The form plumbing, for the organization department's forms (curate.js)
// and the contribution forms (contrib.js).
export { uuid, watch, field, errorSlot, chipsField, chipPickers, showError, clearErrors, submitting, openDialog, chipHTML };
