// The actor network: a small force layout of our own (Fruchterman-Reingold with
// gravity), drawn in SVG so every node is a focusable, clickable element.
"use strict";

NG.Network = class Network {
  constructor(svg, onOpen) {
    this.svg = svg;
    this.onOpen = onOpen;
    this.width = 1000;
    this.height = 620;
    this.pos = new Map(); // node id -> {x, y}, kept across updates so the picture stays put
    svg.setAttribute("viewBox", `0 0 ${this.width} ${this.height}`);
  }

  /** Merge the two directions of a pair into one drawn edge. */
  static pairs(edges) {
    const pairs = new Map();
    for (const e of edges) {
      const key = e.source < e.target ? e.source + "\u0000" + e.target : e.target + "\u0000" + e.source;
      let p = pairs.get(key);
      if (!p) {
        p = { a: e.source < e.target ? e.source : e.target, b: e.source < e.target ? e.target : e.source,
              count: 0, dirs: [] };
        for (const q of Object.keys(NG.quads)) p[q] = 0;
        pairs.set(key, p);
      }
      p.count += e.count;
      for (const q of Object.keys(NG.quads)) p[q] += e[q] || 0;
      p.dirs.push(e);
    }
    for (const p of pairs.values()) {
      p.quad = Object.keys(NG.quads).reduce((best, q) => (p[q] > p[best] ? q : best), "verbal_coop");
    }
    return [...pairs.values()];
  }

  layout(nodes, pairs) {
    const n = nodes.length;
    const W = this.width, H = this.height;
    const index = new Map(nodes.map((d, i) => [d.id, i]));
    const xs = new Float64Array(n), ys = new Float64Array(n);
    const golden = Math.PI * (3 - Math.sqrt(5));
    nodes.forEach((d, i) => {
      const old = this.pos.get(d.id);
      if (old) { xs[i] = old.x; ys[i] = old.y; return; }
      const r = 18 * Math.sqrt(i + 0.5);
      xs[i] = W / 2 + r * Math.cos(i * golden);
      ys[i] = H / 2 + r * Math.sin(i * golden);
    });
    const links = pairs.map((p) => [index.get(p.a), index.get(p.b), Math.log2(1 + p.count)])
      .filter(([a, b]) => a !== undefined && b !== undefined);
    const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.55;
    const warm = nodes.every((d) => this.pos.has(d.id));
    const rounds = warm ? 60 : 260;
    let t = warm ? k * 0.3 : W / 8;
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let round = 0; round < rounds; round++) {
      dx.fill(0); dy.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let ex = xs[i] - xs[j], ey = ys[i] - ys[j];
          let d2 = ex * ex + ey * ey;
          if (d2 < 0.01) { ex = 0.1 * ((i % 3) - 1) + 0.05; ey = 0.1; d2 = 0.02; }
          const f = (k * k) / d2;
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      for (const [a, b, w] of links) {
        const ex = xs[a] - xs[b], ey = ys[a] - ys[b];
        const d = Math.sqrt(ex * ex + ey * ey) || 0.01;
        const f = (d * (0.6 + 0.2 * w)) / k;
        dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
      }
      for (let i = 0; i < n; i++) {
        dx[i] += (W / 2 - xs[i]) * 0.02 * k / 10; // gravity keeps islands on screen
        dy[i] += (H / 2 - ys[i]) * 0.02 * k / 10;
        const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        const step = Math.min(len, t);
        xs[i] += (dx[i] / len) * step;
        ys[i] += (dy[i] / len) * step;
      }
      t = Math.max(t * 0.975, 1);
    }
    // fit into the view with a margin for labels
    const m = 40;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]); y0 = Math.min(y0, ys[i]); y1 = Math.max(y1, ys[i]);
    }
    const s = Math.min((W - 2 * m) / Math.max(x1 - x0, 1), (H - 2 * m) / Math.max(y1 - y0, 1), 1.6);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    nodes.forEach((d, i) => {
      const p = { x: W / 2 + (xs[i] - cx) * s, y: H / 2 + (ys[i] - cy) * s };
      this.pos.set(d.id, p);
    });
  }

  update(graph) {
    const h = NG.h;
    const nodes = graph.nodes;
    const pairs = Network.pairs(graph.edges);
    this.layout(nodes, pairs);
    const names = new Map(nodes.map((d) => [d.id, d.name]));
    const neighbours = new Map(nodes.map((d) => [d.id, new Set()]));
    for (const p of pairs) { neighbours.get(p.a)?.add(p.b); neighbours.get(p.b)?.add(p.a); }
    const edgeLayer = h("svg:g", { class: "edges" });
    const nodeLayer = h("svg:g", { class: "nodes" });
    const lines = [];
    for (const p of pairs) {
      const a = this.pos.get(p.a), b = this.pos.get(p.b);
      if (!a || !b) continue;
      const line = h("svg:line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        stroke: NG.quadColour[p.quad], "stroke-width": (1 + 1.6 * Math.log2(1 + p.count)).toFixed(2),
        "data-a": p.a, "data-b": p.b, "data-quad": p.quad });
      const parts = Object.keys(NG.quads).filter((q) => p[q]).map((q) => `${p[q]} ${NG.quads[q]}`);
      line.append(h("svg:title", {}, `${names.get(p.a)} — ${names.get(p.b)}: ${p.count} events (${parts.join(", ")})`));
      lines.push(line);
      edgeLayer.append(line);
    }
    const ranked = [...nodes].sort((x, y) => y.events - x.events);
    const labelled = new Set(ranked.slice(0, nodes.length <= 40 ? nodes.length : 30).map((d) => d.id));
    const groups = [];
    for (const d of nodes) {
      const p = this.pos.get(d.id);
      const r = Math.min(5 + 2.2 * Math.sqrt(d.events), 26);
      const g = h("svg:g", { class: "node", tabindex: 0, role: "link", "data-id": d.id,
        "aria-label": `${d.name}: ${d.events} events. Open dossier`,
        transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
        h("svg:circle", { r: r.toFixed(1), fill: d.kind === "person" ? "#5b4a8a" : d.kind === "group" ? "#7a4b1e" : "#38536e" }),
        labelled.has(d.id) ? h("svg:text", { x: (r + 3).toFixed(1), y: 4 }, d.name) : null);
      const focus = () => {
        const near = neighbours.get(d.id);
        for (const line of lines) {
          const on = line.dataset.a === d.id || line.dataset.b === d.id;
          line.classList.toggle("dim", !on);
        }
        for (const other of groups) other.classList.toggle("dim", other !== g && !near.has(other.dataset.id));
        const partners = [...near].map((id) => names.get(id)).slice(0, 8);
        NG.tip.show(g, [d.name, [d.country, d.sector, d.kind].filter(Boolean).join(" · "),
          `${d.events} events in this window`, partners.length ? "With: " + partners.join(", ") : "",
          "Click or press Enter for the dossier"].filter(Boolean));
      };
      const blur = () => {
        for (const line of lines) line.classList.remove("dim");
        for (const other of groups) other.classList.remove("dim");
        NG.tip.hide();
      };
      g.addEventListener("mouseenter", focus);
      g.addEventListener("focus", focus);
      g.addEventListener("mouseleave", blur);
      g.addEventListener("blur", blur);
      g.addEventListener("click", () => this.onOpen(d));
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); this.onOpen(d); }
      });
      groups.push(g);
    }
    // busiest first, so the tab order follows importance
    for (const g of groups) nodeLayer.append(g);
    this.svg.replaceChildren(edgeLayer, nodeLayer);
  }
};
