// The graph canvas: cytoscape.js holding every entity and relationship
// that the page has loaded, with expansion, path highlighting and the
// time filter.
import cytoscape from 'cytoscape';
import { kindColor, relColor, iconURI, kindOrder } from './style.js';
import { e, t, nameOf } from './i18n.js';

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", system-ui, sans-serif';

function fmtDate(d) { return d || ''; }

export function relPeriod(r) {
  if (!r.from && !r.to) return '';
  return `${fmtDate(r.from) || '…'} – ${r.to ? fmtDate(r.to) : t('now')}`;
}

// relText is the one-line description of a relationship: type, title, how, dates.
export function relText(r) {
  const parts = [e('rel', r.type)];
  if (r.title) parts.push(r.title);
  if (r.how) parts.push(r.how);
  if (r.batch) parts.push(t('batch', { b: r.batch }));
  if (r.dispatchingUnit) parts.push(t('dispatchedBy', { u: nameOf(r.dispatchingUnit) }));
  if (r.amount) parts.push(fmtAmount(r.amount));
  const p = relPeriod(r);
  if (p) parts.push(p);
  return parts.join(' · ');
}

export function fmtAmount(a) {
  if (a == null) return '';
  if (a >= 1e8) return (a / 1e8).toFixed(2).replace(/\.?0+$/, '') + ' ' + t('yi');
  if (a >= 1e4) return (a / 1e4).toFixed(1).replace(/\.0$/, '') + ' ' + t('wan');
  return a + ' ' + t('yuan');
}

function validAt(r, date) {
  if (!date) return true;
  if (r.from && r.from > date) return false;
  if (r.to && r.to < date) return false;
  return true;
}

export class Graph {
  constructor(container, handlers) {
    this.h = handlers;
    this.date = null;
    this.pathEls = null;
    this.cy = cytoscape({
      container,
      minZoom: 0.15,
      maxZoom: 3,
      boxSelectionEnabled: false,
      style: this.stylesheet(),
    });
    const cy = this.cy;
    cy.on('tap', 'node', (ev) => this.h.onSelect(ev.target.id()));
    cy.on('dbltap', 'node', (ev) => this.h.onExpand(ev.target.id()));
    cy.on('tap', 'edge', (ev) => this.h.onEdge && this.h.onEdge(ev.target.data('rel'), ev.renderedPosition || ev.target.renderedMidpoint()));
    cy.on('mouseover', 'node', (ev) => {
      ev.target.addClass('hover');
      ev.target.connectedEdges().addClass('hover');
      this.h.onHover && this.h.onHover(this.nodeTip(ev.target), ev.renderedPosition);
    });
    cy.on('mouseout', 'node', (ev) => {
      ev.target.removeClass('hover');
      ev.target.connectedEdges().removeClass('hover');
      this.h.onHover && this.h.onHover(null);
    });
    cy.on('mouseover', 'edge', (ev) => {
      ev.target.addClass('hover');
      this.h.onHover && this.h.onHover(this.edgeTip(ev.target), ev.renderedPosition);
    });
    cy.on('mouseout', 'edge', (ev) => {
      ev.target.removeClass('hover');
      this.h.onHover && this.h.onHover(null);
    });
    cy.on('tap', (ev) => { if (ev.target === cy) this.h.onBackground && this.h.onBackground(); });
  }

  stylesheet() {
    const s = [
      { selector: 'node', style: {
        'background-color': (n) => kindColor[n.data('kind')] || '#777',
        'background-image': (n) => iconURI(n.data('kind')),
        'background-width': '60%', 'background-height': '60%',
        width: 34, height: 34,
        label: 'data(label)',
        'font-family': FONT, 'font-size': 12, color: '#1f2933',
        'text-valign': 'bottom', 'text-margin-y': 4,
        'text-wrap': 'ellipsis', 'text-max-width': 120,
        'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
        'border-width': 2, 'border-color': '#ffffff',
        'transition-property': 'opacity', 'transition-duration': 150,
      } },
      { selector: 'node[?cadre]', style: { 'border-color': '#e8b730', 'border-width': 3 } },
      { selector: 'node.more', style: { 'border-style': 'dashed', 'border-color': '#334', 'border-width': 2 } },
      { selector: 'node.focus', style: { width: 46, height: 46, 'font-size': 14, 'font-weight': 'bold' } },
      { selector: 'node:selected', style: { 'underlay-color': '#ffb300', 'underlay-opacity': 0.45, 'underlay-padding': 7, 'underlay-shape': 'ellipse' } },
      { selector: 'node.endpoint', style: { 'border-color': '#111', 'border-width': 4, width: 44, height: 44 } },
      { selector: 'edge', style: {
        width: (ed) => 1 + 2.5 * (ed.data('strength') || 0.3),
        'line-color': (ed) => relColor[ed.data('type')] || '#999',
        'target-arrow-color': (ed) => relColor[ed.data('type')] || '#999',
        'target-arrow-shape': (ed) => (ed.data('type') === 'KNOWS' ? 'none' : 'triangle'),
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        opacity: 0.55,
        'font-family': FONT, 'font-size': 11, color: '#222',
        'text-background-color': '#fffbe6', 'text-background-opacity': 0.95, 'text-background-padding': 2,
        'text-rotation': 'autorotate',
      } },
      { selector: 'edge[?ended]', style: { 'line-style': 'dashed' } },
      { selector: 'edge.hover', style: { label: 'data(label)', opacity: 1, 'z-index': 20 } },
      { selector: '.faded', style: { opacity: 0.12 } },
      { selector: 'node.path', style: { opacity: 1, 'border-color': '#111', 'border-width': 3, 'z-index': 30 } },
      { selector: 'edge.path', style: { opacity: 1, width: 5, 'line-color': '#f5a623', 'target-arrow-color': '#f5a623', 'z-index': 30 } },
      { selector: 'edge.path-one, edge.path.hover', style: { label: 'data(label)' } },
      { selector: '.hidden', style: { display: 'none' } },
    ];
    return s;
  }

  nodeTip(n) {
    const d = n.data();
    const parts = [`<strong>${esc(nameOf(d.n))}</strong>`, esc(e('kind', d.kind))];
    if (d.n.nameEn && d.n.nameEn !== nameOf(d.n)) parts.push(esc(d.n.nameEn));
    if (d.degree != null) parts.push(esc(t('neighbours', { shown: Math.min(d.requested || 0, d.degree), degree: d.degree })));
    return parts.join('<br>');
  }

  edgeTip(ed) {
    const r = ed.data('rel');
    const a = this.cy.getElementById(r.start.id).data('n');
    const b = this.cy.getElementById(r.end.id).data('n');
    let s = `${esc(nameOf(a))} → ${esc(nameOf(b))}<br><strong>${esc(relText(r))}</strong>`;
    if (r.strength != null) s += `<br>${esc(t('strength'))} ${r.strength.toFixed(2)}`;
    return s;
  }

  has(id) { return this.cy.getElementById(id).nonempty(); }
  node(id) { const n = this.cy.getElementById(id); return n.nonempty() ? n.data('n') : null; }
  nodeInfo(id) { const n = this.cy.getElementById(id); return n.nonempty() ? n.data() : null; }
  size() { return { nodes: this.cy.nodes().length, edges: this.cy.edges().length }; }

  // visibleNodes lists the nodes shown, in a stable order for keyboard use.
  visibleNodes() {
    return this.cy.nodes().filter((n) => !n.hasClass('hidden')).sort((a, b) => {
      const ka = kindOrder.indexOf(a.data('kind')); const kb = kindOrder.indexOf(b.data('kind'));
      return ka - kb || a.data('label').localeCompare(b.data('label'), 'zh');
    }).map((n) => n.data('n'));
  }

  nodeLabel(n, degree, requested) {
    let label = nameOf(n);
    if (degree != null && requested != null && degree > requested) label += ` (+${degree - requested})`;
    return label;
  }

  ensureNode(n, pos) {
    let el = this.cy.getElementById(n.id);
    if (el.nonempty()) {
      el.data('n', { ...el.data('n'), ...n });
      return { el, added: false };
    }
    el = this.cy.add({
      group: 'nodes',
      data: { id: n.id, n, kind: n.__typename, cadre: !!n.isCadre, label: nameOf(n) },
      position: pos ? { ...pos } : { x: 0, y: 0 },
    });
    return { el, added: true };
  }

  ensureEdge(r) {
    const el = this.cy.getElementById(r.id);
    if (el.nonempty()) {
      const old = el.data('rel');
      el.data('rel', { ...old, ...r, strength: r.strength != null ? r.strength : old.strength });
      if (r.strength != null) el.data('strength', r.strength);
      return el;
    }
    if (!this.has(r.start.id) || !this.has(r.end.id)) return null;
    return this.cy.add({
      group: 'edges',
      data: { id: r.id, source: r.start.id, target: r.end.id, type: r.type, rel: r, label: this.edgeLabel(r), strength: r.strength, ended: !!r.to },
    });
  }

  edgeLabel(r) {
    const bits = [e('rel', r.type)];
    if (r.title) bits.push(r.title); else if (r.how) bits.push(r.how);
    const p = relPeriod(r);
    if (p) bits.push(p);
    return bits.join(' · ');
  }

  // addNeighborhood merges one page of a node's neighbourhood and places the
  // new nodes on an arc around it, facing away from the rest of the graph.
  addNeighborhood(centerId, nb, { skip, first, pos }) {
    const cy = this.cy;
    const center = nb.nodes.find((n) => n.id === centerId) || nb.nodes[0];
    const c = this.ensureNode(center, pos || { x: 0, y: 0 }).el;
    const deg = (nb.degrees.find((d) => d.id === centerId) || {}).degree;
    const requested = Math.min(deg != null ? deg : Infinity, skip + first);
    c.data('degree', deg);
    c.data('requested', requested);
    const fresh = [];
    cy.batch(() => {
      for (const n of nb.nodes) {
        if (n.id === centerId) continue;
        const r = this.ensureNode(n);
        if (r.added) fresh.push(r.el);
      }
      for (const r of nb.relationships) this.ensureEdge(r);
    });
    this.placeAround(c, fresh);
    this.refreshLabel(c);
    this.applyDate();
    return fresh.length;
  }

  // positionNear is a free spot beside a node (or the middle of the view).
  positionNear(id) {
    const cy = this.cy;
    const n = id ? cy.getElementById(id) : cy.collection();
    if (cy.nodes().empty()) return { x: 0, y: 0 };
    const p = n.nonempty() ? n.position() : { x: (cy.extent().x1 + cy.extent().x2) / 2, y: (cy.extent().y1 + cy.extent().y2) / 2 };
    const bb = cy.nodes().boundingBox();
    const a = Math.atan2(p.y - (bb.y1 + bb.y2) / 2, p.x - (bb.x1 + bb.x2) / 2) || 0;
    return { x: p.x + 320 * Math.cos(a), y: p.y + 320 * Math.sin(a) };
  }

  placeAround(c, fresh) {
    if (!fresh.length) return;
    const cy = this.cy;
    const p = c.position();
    const others = cy.nodes().not(c).not(cy.collection(fresh));
    let dir = 0; let arc = 2 * Math.PI;
    if (others.length) {
      const bb = others.boundingBox();
      const cx = (bb.x1 + bb.x2) / 2; const cyy = (bb.y1 + bb.y2) / 2;
      dir = Math.atan2(p.y - cyy, p.x - cx);
      if (Math.hypot(p.x - cx, p.y - cyy) < 1) dir = Math.random() * 2 * Math.PI;
      arc = Math.min(2 * Math.PI, Math.PI * 1.2 + fresh.length * 0.05);
    }
    const n = fresh.length;
    const spacing = 62;
    const rings = [];
    // Fill rings outward so large expansions stay readable.
    let radius = Math.max(150, (spacing * Math.min(n, 24)) / arc);
    let left = n;
    while (left > 0) {
      const cap = Math.max(6, Math.floor((arc * radius) / spacing));
      rings.push({ radius, count: Math.min(cap, left) });
      left -= cap;
      radius += 80;
    }
    // Keep clear of the nodes already drawn: push a new node outward
    // along its ray until it has room.
    const taken = others.map((o) => o.position());
    const free = (q) => taken.every((o) => Math.hypot(o.x - q.x, o.y - q.y) > 56);
    let i = 0;
    for (const ring of rings) {
      for (let j = 0; j < ring.count; j++, i++) {
        const a = arc >= 2 * Math.PI - 1e-6
          ? (2 * Math.PI * j) / ring.count
          : dir - arc / 2 + (arc * (j + 0.5)) / ring.count;
        let r = ring.radius;
        let q = { x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) };
        for (let tries = 0; tries < 12 && !free(q); tries++) {
          r += 45;
          q = { x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) };
        }
        fresh[i].position(q);
        taken.push(q);
      }
    }
  }

  refreshLabel(el) {
    const d = el.data();
    el.data('label', this.nodeLabel(d.n, d.degree, d.requested));
    el.toggleClass('more', d.degree != null && d.requested != null && d.degree > d.requested);
  }

  relabel() {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => this.refreshLabel(n));
      this.cy.edges().forEach((ed) => ed.data('label', this.edgeLabel(ed.data('rel'))));
    });
  }

  setFocus(id) {
    this.cy.nodes('.focus').removeClass('focus');
    if (id) this.cy.getElementById(id).addClass('focus');
  }

  select(id, { center = false } = {}) {
    const cy = this.cy;
    cy.nodes(':selected').unselect();
    const n = cy.getElementById(id);
    if (n.empty()) return;
    n.select();
    if (center) cy.animate({ center: { eles: n }, duration: 250 });
  }

  center(id) {
    const n = this.cy.getElementById(id);
    if (n.nonempty()) this.cy.animate({ center: { eles: n }, zoom: Math.max(this.cy.zoom(), 1), duration: 250 });
  }

  fit(eles) {
    const cy = this.cy;
    const target = eles || cy.elements().not('.hidden');
    if (!target.length) return;
    // Fit, but never zoom in past 1.1: a few nodes should not fill the screen.
    cy.fit(target, 40);
    if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(target); }
  }

  zoomBy(f) {
    const cy = this.cy;
    cy.zoom({ level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * f)), renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  relayout() {
    const eles = this.cy.elements().not('.hidden');
    eles.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, fit: true, padding: 40, numIter: 1500 }).run();
  }

  clear() {
    this.pathEls = null;
    this.cy.elements().remove();
  }

  remove(id) {
    const n = this.cy.getElementById(id);
    if (n.nonempty()) n.remove();
  }

  // addPaths draws the paths from left to right, each on its own lane
  // between the two ends; nodes already on the graph move onto their lane.
  addPaths(fromId, toId, paths) {
    const cy = this.cy;
    if (!paths.length) return;
    const first = paths[0];
    const fromN = first.nodes[0]; const toN = first.nodes[first.nodes.length - 1];
    const had = cy.nodes().length > 0;
    const f = this.ensureNode(fromN, { x: 0, y: 0 }).el;
    const fp = f.position();
    const others = cy.nodes().not(f);
    const bb = had && others.nonempty() ? others.boundingBox() : { x2: fp.x };
    const longest = Math.max(...paths.map((p) => p.length));
    const span = Math.max(420, longest * 170);
    const tEl = this.ensureNode(toN, { x: fp.x + span, y: fp.y }).el;
    if (tEl.id() !== f.id()) tEl.position({ x: Math.max(fp.x + span, bb.x2 + 200), y: fp.y });
    const a = f.position(); const b = tEl.position();
    const dx = b.x - a.x; const dy = b.y - a.y;
    const placed = new Set([f.id(), tEl.id()]);
    paths.forEach((p, i) => {
      const lane = (i - (paths.length - 1) / 2) * 120;
      p.nodes.forEach((n, j) => {
        const el = this.ensureNode(n, { x: 0, y: 0 }).el;
        if (placed.has(n.id)) return;
        placed.add(n.id);
        const tt = j / (p.nodes.length - 1);
        el.position({ x: a.x + dx * tt, y: a.y + dy * tt + lane });
      });
    });
    for (const p of paths) for (const r of p.relationships) this.ensureEdge(r);
    cy.nodes().removeClass('endpoint');
    f.addClass('endpoint'); tEl.addClass('endpoint');
    this.pathSets = paths.map((p) => cy.collection([
      ...p.nodes.map((n) => cy.getElementById(n.id)),
      ...p.relationships.map((r) => cy.getElementById(r.id)),
    ]));
    this.applyDate();
  }

  highlightPaths(indices) {
    const cy = this.cy;
    if (!this.pathSets) return;
    let sel = cy.collection();
    for (const i of indices) if (this.pathSets[i]) sel = sel.union(this.pathSets[i]);
    cy.batch(() => {
      cy.elements().removeClass('path path-one').addClass('faded');
      sel.removeClass('faded').addClass('path');
      if (indices.length === 1) sel.addClass('path-one');
    });
    this.highlighted = sel;
    return sel;
  }

  clearHighlight() {
    this.highlighted = null;
    this.cy.batch(() => this.cy.elements().removeClass('path path-one faded'));
  }

  pathElements() { return this.highlighted; }

  // setDate shows the graph as it was at date (YYYY-MM-DD): relationships
  // not valid then are hidden, and so are nodes left with none of them.
  setDate(date) {
    this.date = date;
    this.applyDate();
  }

  applyDate() {
    const cy = this.cy;
    const date = this.date;
    cy.batch(() => {
      cy.edges().forEach((ed) => ed.toggleClass('hidden', !validAt(ed.data('rel'), date)));
      cy.nodes().forEach((n) => {
        if (!date) { n.removeClass('hidden'); return; }
        const keep = n.hasClass('focus') || n.hasClass('endpoint') || n.selected() || n.connectedEdges().some((ed) => !ed.hasClass('hidden'));
        n.toggleClass('hidden', !keep);
      });
    });
  }

  // dateRange is the span of the dates of the relationships shown.
  dateRange() {
    let min = null; let max = null;
    this.cy.edges().forEach((ed) => {
      const r = ed.data('rel');
      for (const d of [r.from, r.to]) {
        if (!d) continue;
        if (!min || d < min) min = d;
        if (!max || d > max) max = d;
      }
    });
    return { min, max };
  }

  resize() { this.cy.resize(); }
}

export function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
