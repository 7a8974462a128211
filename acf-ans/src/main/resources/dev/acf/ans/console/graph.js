// The live interaction graph (ANS-MON-1): a small force-directed layout drawn as SVG. Every text an
// agent chose (its name) goes in through textContent/setAttribute, never as markup.
const SVG = 'http://www.w3.org/2000/svg';
const W = 900, H = 620;

export function shortLabel(name) {
  const bare = String(name).replace(/^ans:\/\//, '').replace(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\./, '');
  return bare.split('.')[0];
}

function hue(text) {
  let h = 0;
  for (const c of String(text)) h = (h * 31 + c.codePointAt(0)) >>> 0;
  return Math.round((h % 97) * 137.508) % 360; // golden-angle steps: neighbouring domains get distant hues
}

export function edgeLevel(edge) {
  if (edge.anomalies && edge.anomalies.length > 0) return 'anomaly';
  const rate = Number(edge.errorRate) || 0;
  return rate === 0 ? 'ok' : rate < 0.2 ? 'warn' : 'bad';
}
const COLOURS = { ok: '#2e9d57', warn: '#e0a100', bad: '#d93a2b', anomaly: '#d93a2b' };

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

export class GraphView {
  constructor(svg, onSelect) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.nodes = new Map(); // name -> node object from the API
    this.edges = new Map(); // caller \n callee -> edge object
    this.pos = new Map();   // name -> {x, y}
    this.selected = null;
    this.selectedEdge = null; // caller \n callee, chosen from the anomaly list
    this.anomalous = new Set(); // edge keys with an anomaly this page has seen: they stay highlighted
  }

  snapshot(graph) {
    this.nodes.clear();
    this.edges.clear();
    for (const n of graph.nodes || []) this.nodes.set(n.name, n);
    for (const e of graph.edges || []) {
      this.addEdge(e);
      if (e.anomalies && e.anomalies.length > 0) this.anomalous.add(e.caller + '\n' + e.callee);
    }
    this.layout(300);
    this.render();
  }

  upsertNode(node) {
    const isNew = !this.nodes.has(node.name);
    this.nodes.set(node.name, Object.assign({}, this.nodes.get(node.name), node));
    if (isNew) this.layout(150);
    this.render();
  }

  upsertEdge(edge) {
    const isNew = this.addEdge(edge);
    if (isNew) this.layout(150);
    this.render();
  }

  anomaly(a) {
    const key = a.caller + '\n' + a.target;
    if (a.target) this.anomalous.add(key);
    const edge = this.edges.get(key);
    if (edge) {
      edge.anomalies = (edge.anomalies || []).concat([a]);
    }
    const node = this.nodes.get(a.caller);
    if (node) node.anomalies = (Number(node.anomalies) || 0) + 1;
    this.render();
  }

  addEdge(e) {
    const key = e.caller + '\n' + e.callee;
    const isNew = !this.edges.has(key);
    this.edges.set(key, Object.assign({}, this.edges.get(key), e));
    for (const name of [e.caller, e.callee]) {
      if (!this.nodes.has(name)) this.nodes.set(name, { name, domain: '', status: 'UNKNOWN', callsIn: 0, callsOut: 0, anomalies: 0 });
    }
    return isNew;
  }

  select(name) {
    this.selected = name;
    if (this.selectedEdge && !this.selectedEdge.startsWith(name + '\n')) this.selectedEdge = null;
    this.render();
  }

  /** Highlights one edge (from the anomaly list) and selects its caller. */
  selectEdge(caller, callee) {
    this.selectedEdge = callee ? caller + '\n' + callee : null;
    this.selected = caller;
    this.render();
  }

  /** Marks an edge anomalous (an anomaly listed by the page), even before the edge itself arrives. */
  markAnomalous(caller, callee) {
    if (!callee) return;
    this.anomalous.add(caller + '\n' + callee);
    this.render();
  }

  // Repulsion between every pair, springs along edges, a pull to the centre; new nodes start on a
  // circle (or next to a placed neighbour) and placed ones keep their place, so updates do not jump.
  layout(iterations) {
    const names = [...this.nodes.keys()].sort();
    names.forEach((name, i) => {
      if (this.pos.has(name)) return;
      const angle = (2 * Math.PI * i) / Math.max(1, names.length);
      this.pos.set(name, { x: W / 2 + 220 * Math.cos(angle), y: H / 2 + 200 * Math.sin(angle) });
    });
    for (const name of [...this.pos.keys()]) if (!this.nodes.has(name)) this.pos.delete(name);
    const links = [...this.edges.values()].filter((e) => e.caller !== e.callee);
    const k = Math.sqrt((W * H) / Math.max(1, names.length)) * 0.7;
    let temperature = 60;
    for (let it = 0; it < iterations; it++) {
      const force = new Map(names.map((n) => [n, { x: 0, y: 0 }]));
      for (let i = 0; i < names.length; i++) {
        for (let j = i + 1; j < names.length; j++) {
          const a = this.pos.get(names[i]), b = this.pos.get(names[j]);
          let dx = a.x - b.x, dy = a.y - b.y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 0.5; }
          const d = Math.sqrt(d2), f = (k * k) / d;
          const fa = force.get(names[i]), fb = force.get(names[j]);
          fa.x += (dx / d) * f; fa.y += (dy / d) * f;
          fb.x -= (dx / d) * f; fb.y -= (dy / d) * f;
        }
      }
      for (const e of links) {
        const a = this.pos.get(e.caller), b = this.pos.get(e.callee);
        const dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(0.1, Math.sqrt(dx * dx + dy * dy)), f = (d * d) / k;
        const fa = force.get(e.caller), fb = force.get(e.callee);
        fa.x -= (dx / d) * f; fa.y -= (dy / d) * f;
        fb.x += (dx / d) * f; fb.y += (dy / d) * f;
      }
      for (const name of names) {
        const p = this.pos.get(name), f = force.get(name);
        f.x += (W / 2 - p.x) * 0.05 * k / 10;
        f.y += (H / 2 - p.y) * 0.05 * k / 10;
        const len = Math.max(0.01, Math.sqrt(f.x * f.x + f.y * f.y));
        const step = Math.min(len, temperature);
        p.x = Math.min(W - 70, Math.max(70, p.x + (f.x / len) * step));
        p.y = Math.min(H - 30, Math.max(30, p.y + (f.y / len) * step));
      }
      temperature = Math.max(1, temperature * 0.97);
    }
  }

  radius(n) {
    const calls = (Number(n.callsIn) || 0) + (Number(n.callsOut) || 0);
    return 12 + Math.min(10, Math.log2(1 + calls) * 1.5);
  }

  render() {
    const svg = this.svg;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const defs = el('defs', {}, svg);
    for (const [level, colour] of Object.entries(COLOURS)) {
      const m = el('marker', { id: 'arrow-' + level, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
      el('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }, m);
    }
    const edgeLayer = el('g', { class: 'edges' }, svg);
    const nodeLayer = el('g', { class: 'nodes' }, svg);
    for (const [key, e] of this.edges) {
      const a = this.pos.get(e.caller), b = this.pos.get(e.callee);
      if (!a || !b) continue;
      const level = this.anomalous.has(key) ? 'anomaly' : edgeLevel(e);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      const ra = this.radius(this.nodes.get(e.caller)), rb = this.radius(this.nodes.get(e.callee)) + 3;
      const x1 = a.x + (dx / d) * ra, y1 = a.y + (dy / d) * ra, x2 = b.x - (dx / d) * rb, y2 = b.y - (dy / d) * rb;
      // A slight bend to the right keeps the two directions of a pair apart.
      const cx = (x1 + x2) / 2 - (dy / d) * 18, cy = (y1 + y2) / 2 + (dx / d) * 18;
      const path = el('path', {
        class: 'edge' + (level === 'anomaly' ? ' anomalous' : '') + (key === this.selectedEdge ? ' selected' : ''), d: `M${x1},${y1} Q${cx},${cy} ${x2},${y2}`,
        stroke: COLOURS[level], 'marker-end': `url(#arrow-${level})`, 'data-level': level,
      }, edgeLayer);
      path.dataset.caller = e.caller;
      path.dataset.callee = e.callee;
      path.dataset.granted = String(e.granted !== false);
      const title = el('title', {}, path);
      const rate = ((Number(e.errorRate) || 0) * 100).toFixed(1);
      title.textContent = `${e.caller} \u2192 ${e.callee}\n${e.calls} calls, ${e.errors} errors (${rate}%), p50 ${e.p50Ms} ms, p99 ${e.p99Ms} ms`
        + (e.granted === false ? '\nnot granted' : '')
        + ((e.anomalies || []).length ? `\n${e.anomalies.length} anomalies: ` + e.anomalies.map((x) => x.kind).join(', ') : '');
    }
    for (const n of this.nodes.values()) {
      const p = this.pos.get(n.name);
      if (!p) continue;
      const g = el('g', { class: 'node' + (n.name === this.selected ? ' selected' : ''), transform: `translate(${p.x},${p.y})`, tabindex: 0, role: 'button' }, nodeLayer);
      g.dataset.name = n.name;
      g.dataset.status = String(n.status || 'UNKNOWN');
      g.dataset.domain = String(n.domain || '');
      const r = this.radius(n);
      if ((Number(n.anomalies) || 0) > 0) el('circle', { class: 'halo', r: r + 6 }, g);
      el('circle', { r, fill: `hsl(${hue(n.domain || '')}, 55%, 75%)` }, g);
      const label = el('text', { y: r + 13 }, g);
      label.textContent = shortLabel(n.name);
      const title = el('title', {}, g);
      title.textContent = `${n.name}\n${n.status} \u00b7 ${n.callsIn} calls in, ${n.callsOut} out` + (n.anomalies ? `, ${n.anomalies} anomalies` : '');
      g.addEventListener('click', () => this.onSelect(n.name));
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') this.onSelect(n.name); });
    }
  }
}
