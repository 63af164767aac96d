// A search box with suggestions while typing (ARIA combobox): arrows move,
// Enter picks, Escape closes.
import * as api from './api.js';
import { t, e, nameOf } from './i18n.js';
import { iconHTML } from './style.js';
import { esc } from './graph.js';

let comboSeq = 0;

export function hitMeta(n) {
  const bits = [e('kind', n.__typename)];
  if (n.__typename === 'Person') {
    if (n.pinyin) bits.push(n.pinyin);
    if (n.isCadre) bits.push(t('cadre'));
  } else if (n.__typename === 'Unit') bits.push(e('unitKind', n.unitKind));
  else if (n.__typename === 'Region') bits.push(e('regionLevel', n.level));
  else if (n.__typename === 'Company' && n.industry) bits.push(n.industry);
  else if (n.__typename === 'Project') bits.push(e('projectStatus', n.status));
  return bits.join(' · ');
}

export class Combo {
  constructor(input, list, onPick, { first = 8, kinds = null } = {}) {
    this.input = input;
    this.list = list;
    this.onPick = onPick;
    this.first = first;
    this.kinds = kinds;
    this.hits = [];
    this.active = -1;
    this.seq = 0;
    this.timer = null;
    this.id = 'combo' + (++comboSeq);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    if (!list.id) list.id = this.id + '-list';
    input.setAttribute('aria-controls', list.id);
    list.setAttribute('role', 'listbox');
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('focus', () => { if (this.hits.length && input.value.trim()) this.open(); });
    input.addEventListener('keydown', (ev) => this.key(ev));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    list.addEventListener('mousedown', (ev) => ev.preventDefault());
    list.addEventListener('click', (ev) => {
      const li = ev.target.closest('li[data-i]');
      if (li) this.pick(Number(li.dataset.i));
    });
  }

  schedule() {
    clearTimeout(this.timer);
    const q = this.input.value.trim();
    if (!q) { this.hits = []; this.close(); return; }
    this.timer = setTimeout(() => this.run(q), 120);
  }

  async run(q) {
    const seq = ++this.seq;
    this.renderMessage(t('searching'));
    let hits;
    try {
      hits = await api.search(q, this.first, this.kinds);
    } catch (err) {
      if (seq === this.seq) this.renderMessage(t('error', { msg: err.message }));
      return;
    }
    if (seq !== this.seq || this.input.value.trim() !== q) return;
    this.hits = hits;
    this.active = hits.length ? 0 : -1;
    this.render();
  }

  renderMessage(msg) {
    this.list.innerHTML = `<li class="msg" role="option" aria-disabled="true">${esc(msg)}</li>`;
    this.open();
  }

  render() {
    if (!this.hits.length) { this.renderMessage(t('noHits')); return; }
    this.list.innerHTML = this.hits.map((h, i) => {
      const n = h.node;
      const sub = n.nameEn && n.nameEn !== nameOf(n) ? n.nameEn : '';
      return `<li id="${this.id}-opt-${i}" role="option" data-i="${i}" data-id="${esc(n.id)}" data-kind="${esc(n.__typename)}" data-matched="${esc(h.matched)}" aria-selected="${i === this.active}" class="${i === this.active ? 'active' : ''}">
        ${iconHTML(n.__typename)}<span class="hit-name">${esc(nameOf(n))}</span>
        <span class="hit-meta">${esc(hitMeta(n))}${sub ? ' · ' + esc(sub) : ''}</span></li>`;
    }).join('');
    this.input.setAttribute('aria-activedescendant', this.active >= 0 ? `${this.id}-opt-${this.active}` : '');
    this.open();
  }

  open() { this.list.hidden = false; this.input.setAttribute('aria-expanded', 'true'); }
  close() { this.list.hidden = true; this.input.setAttribute('aria-expanded', 'false'); this.input.removeAttribute('aria-activedescendant'); }

  key(ev) {
    const n = this.hits.length;
    if (ev.key === 'ArrowDown' && n) { ev.preventDefault(); this.active = (this.active + 1) % n; this.render(); }
    else if (ev.key === 'ArrowUp' && n) { ev.preventDefault(); this.active = (this.active - 1 + n) % n; this.render(); }
    else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (n && !this.list.hidden && this.active >= 0) this.pick(this.active);
      else if (this.input.value.trim()) { clearTimeout(this.timer); this.run(this.input.value.trim()); }
    } else if (ev.key === 'Escape') { if (!this.list.hidden) { ev.preventDefault(); this.close(); } }
  }

  pick(i) {
    const h = this.hits[i];
    if (!h) return;
    this.close();
    this.onPick(h.node);
  }
}
