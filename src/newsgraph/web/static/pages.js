// newsgraph web UI: one function per page, drawn from /api JSON with NG.h (text only).
"use strict";

(function pages() {
  const h = NG.h;
  const go = (values) => { NG.setParams(values); location.reload(); };

  const quadLegend = () => h("div", { class: "legend", "aria-label": "Quad classes" },
    Object.entries(NG.quads).map(([q, label]) => h("span", { class: "q-" + q }, h("span", { class: "sw" }), label)));

  // ---------------------------------------------------------------- overview
  NG.route(/^\/$/, async () => {
    const [o, docs] = await Promise.all([
      NG.api("/api/overview"),
      NG.api("/api/documents", { limit: 20, offset: NG.params().get("offset") || 0 }),
    ]);
    const c = o.counts;
    const card = (n, label, href) => h(href ? "a" : "div", { class: "card", href },
      h("span", { class: "n" }, NG.num(n)), h("span", { class: "l" }, label));
    const maxType = Math.max(1, ...o.events_by_type.map((t) => t.count));
    const typeBars = h("div", { class: "bars" }, o.events_by_type.map((t) =>
      h("div", { class: "bar q-" + t.quad_class },
        h("a", { href: NG.link.timeline({ type: t.type }) }, t.type),
        h("span", { class: "track" }, (() => { const f = h("span", { class: "fill" }); f.style.display = "block"; f.style.width = (100 * t.count / maxType) + "%"; return f; })()),
        h("span", { class: "v" }, NG.num(t.count)))));
    const maxYear = Math.max(1, ...o.events_by_year.map((y) => y.count));
    const yearBars = o.events_by_year.length ? h("div", { class: "bars" }, o.events_by_year.map((y) =>
      h("div", { class: "bar" },
        h("a", { href: NG.link.timeline({ since: y.year, until: y.year }) }, y.year),
        h("span", { class: "track" }, (() => { const f = h("span", { class: "fill" }); f.style.display = "block"; f.style.width = (100 * y.count / maxYear) + "%"; return f; })()),
        h("span", { class: "v" }, NG.num(y.count))))) : h("p", { class: "empty" }, "No dated events yet.");
    const actorForm = h("form", { class: "filters", role: "search" },
      h("label", {}, "Find an actor", h("input", { type: "search", name: "actor-q", id: "actor-q", placeholder: "e.g. a country, a leader, a group" })),
      h("button", { type: "submit" }, "Find"));
    const actorHits = h("div", { "aria-live": "polite" });
    actorForm.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const q = actorForm.querySelector("input").value;
      const found = await NG.api("/api/actors", { q, limit: 20 }).catch((e) => ({ items: [], error: e.message }));
      actorHits.replaceChildren(found.items.length
        ? h("ul", {}, found.items.map((a) => h("li", {}, NG.actorLink(a), h("span", { class: "muted" }, ` ${[a.country, a.sector].filter(Boolean).join(" ")} · ${NG.num(a.events)} events`))))
        : h("p", { class: "empty" }, found.error || `No actor matches “${q}”.`));
    });
    const docTable = h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Title"), h("th", {}, "Published"), h("th", {}, "Lang"), h("th", { class: "num" }, "Words"), h("th", {}, "Source"))),
      h("tbody", {}, docs.items.map((d) => h("tr", {},
        h("td", {}, h("a", { href: NG.link.article(d.id) }, d.title || "(no title)")),
        h("td", {}, d.published || "unknown"), h("td", {}, d.language || "?"),
        h("td", { class: "num" }, NG.num(d.words)), h("td", { class: "muted" }, d.source)))));
    NG.render("Overview",
      h("h1", {}, "Corpus overview"),
      h("p", { class: "lede" }, "What the articles in this store say happened: who did what to whom and when, coded as PLOVER events, each tied to the sentence that says so. Open an article to see its actors and events highlighted, the ",
        h("a", { href: "/network" }, "network"), " to see who cooperated or fought with whom over time, or the ",
        h("a", { href: "/timeline" }, "timeline"), " to read events in the order they happened."),
      h("div", { class: "cards" },
        card(c.documents, "articles"), card(c.events, "events", "/timeline"), card(c.actors, "actors in events", "/network"),
        card(c.quotes, "quotes"), card(c.relations, "copy relations", "/copies"), card(c.stories, "stories with copies", "/copies")),
      h("div", { class: "grid2" },
        h("section", {}, h("h2", {}, "Articles"), docs.items.length ? docTable : h("p", { class: "empty" }, "No articles yet. Run newsgraph build PATH first."),
          NG.pager(docs, (offset) => go({ offset }))),
        h("section", {},
          h("h2", {}, "Busiest actors"),
          o.top_actors.length ? h("ol", {}, o.top_actors.map((a) => h("li", {}, NG.actorLink(a), h("span", { class: "muted" }, ` ${NG.num(a.count)} event roles`))))
            : h("p", { class: "empty" }, "No actors in events yet."),
          actorForm, actorHits,
          h("h2", {}, "Events by type"), quadLegend(), typeBars,
          h("h2", {}, "Events by year"), yearBars)));
  });

  // ---------------------------------------------------------------- article
  const eventLines = (e) => [
    `${e.type}${e.mode ? " (" + e.mode + ")" : ""} — ${NG.quads[e.quad_class] || e.quad_class}`,
    `${(e.sources || []).map((a) => a.name).join(", ") || "?"} → ${(e.targets || []).map((a) => a.name).join(", ") || "?"}`,
    `when: ${e.date || "undated"}${e.date_text ? " (“" + e.date_text + "”)" : ""}`,
    [e.negated && "negated", e.hypothetical && "hypothetical", e.reported && "reported", e.historical && "historical"].filter(Boolean).join(", "),
    `confidence ${Number(e.confidence).toFixed(2)}`,
  ].filter(Boolean);

  function highlightedBody(doc) {
    const spans = [];
    const byTrigger = new Map();
    for (const e of doc.events) {
      const key = e.trigger.start + ":" + e.trigger.end;
      if (!byTrigger.has(key)) byTrigger.set(key, []);
      byTrigger.get(key).push(e);
    }
    for (const [key, events] of byTrigger) {
      const [start, end] = key.split(":").map(Number);
      spans.push({ start, end, kind: "event", events });
    }
    for (const m of doc.mentions) spans.push({ start: m.start, end: m.end, kind: "mention", m });
    spans.sort((a, b) => a.start - b.start || (a.kind === "event" ? -1 : 1));
    const accepted = [];
    let reach = 0;
    for (const s of spans) {
      if (s.start >= reach && s.end > s.start && s.end <= doc.body.length) { accepted.push(s); reach = s.end; }
    }
    for (const r of doc.removed) {
      let at = Math.min(Math.max(r.position, 0), doc.body.length);
      const inside = accepted.find((s) => s.start < at && at < s.end);
      if (inside) at = inside.end;
      accepted.push({ start: at, end: at, kind: "removed", r });
    }
    accepted.sort((a, b) => a.start - b.start || (a.kind === "removed" ? -1 : 1));
    const body = h("div", { class: "body hide-removed", id: "article-body" });
    let cursor = 0;
    for (const s of accepted) {
      if (s.start > cursor) body.append(doc.body.slice(cursor, s.start));
      if (s.kind === "removed") {
        body.append(h("span", { class: "removed" }, h("span", { class: "why" }, "removed: " + s.r.reason), s.r.text));
      } else if (s.kind === "event") {
        const first = s.events[0];
        const el = h("span", { class: "hl event q-" + first.quad_class, tabindex: 0, id: "ev-" + first.id,
          "data-event": s.events.map((e) => e.id).join(" ") }, doc.body.slice(s.start, s.end));
        NG.tip.attach(el, () => s.events.flatMap((e, i) => (i ? ["—"] : []).concat(eventLines(e))));
        body.append(el);
      } else {
        const m = s.m;
        const el = h("span", { class: "hl mention", tabindex: 0, "data-actor": m.actor_id || "" }, doc.body.slice(s.start, s.end));
        NG.tip.attach(el, () => [m.actor_name || "unresolved name", [m.label, m.country, m.sector].filter(Boolean).join(" · "),
          m.actor_id ? "actor id " + m.actor_id : "not linked to an actor", "resolved by: " + m.rule]);
        body.append(el);
      }
      cursor = Math.max(cursor, s.end);
    }
    if (cursor < doc.body.length) body.append(doc.body.slice(cursor));
    return body;
  }

  NG.route(/^\/article\/([^/]+)$/, async (id) => {
    const d = await NG.api("/api/documents/" + encodeURIComponent(id));
    const body = highlightedBody(d);
    const toggle = h("input", { type: "checkbox", id: "show-removed" });
    toggle.addEventListener("change", () => body.classList.toggle("hide-removed", !toggle.checked));
    const flash = (eventId) => {
      const el = body.querySelector(`[data-event~="${CSS.escape(eventId)}"]`);
      if (!el) return;
      el.scrollIntoView({ block: "center" });
      el.classList.add("flash");
      el.focus();
      setTimeout(() => el.classList.remove("flash"), 1500);
    };
    const actorsSeen = new Map();
    for (const m of d.mentions) if (m.actor_id && !actorsSeen.has(m.actor_id)) actorsSeen.set(m.actor_id, { id: m.actor_id, name: m.actor_name || m.actor_id, n: 0 });
    for (const m of d.mentions) if (m.actor_id) actorsSeen.get(m.actor_id).n += 1;
    NG.render(d.title || "Article",
      h("h1", {}, d.title || "(no title)"),
      h("div", { class: "meta" },
        h("span", {}, "Published ", h("strong", {}, d.published || "unknown"), d.published_precision ? ` (${d.published_precision})` : ""),
        h("span", {}, "By ", d.authors.length ? d.authors.join(", ") : "unknown author"),
        h("span", {}, "Language ", d.language || "?"),
        h("span", {}, "Source ", h("code", {}, d.source)),
        d.copies.length ? h("span", {}, `${d.copies.length} cop${d.copies.length === 1 ? "y" : "ies"}: `,
          d.copies.map((c, i) => [i ? ", " : "", h("a", { href: NG.link.pair(c.a, c.b) }, `${c.kind} (${(c.score * 100).toFixed(0)}%)`)])) : null),
      h("div", { class: "legend" },
        h("span", { class: "hl mention hl-sample" }, "actor"),
        Object.entries(NG.quads).map(([q, label]) => h("span", { class: "hl event hl-sample q-" + q }, label)),
        h("span", { class: "muted" }, "Hover or tab to a highlight to see the actor or the coded event."),
        h("label", {}, toggle, ` Show removed page furniture (${d.removed.length})`)),
      h("div", { class: "grid2" },
        h("article", { "aria-label": "Article text" }, body),
        h("aside", { class: "side" },
          h("section", {}, h("h2", {}, `Events (${d.events.length})`),
            d.events.length ? h("ol", {}, d.events.map((e) => h("li", {},
              h("button", { class: "ev-btn", onclick: () => flash(e.id) }, e.type),
              " ", NG.actors(e.sources), " → ", NG.actors(e.targets),
              h("span", { class: "muted" }, " · " + (e.date || "undated")), NG.flags(e))))
              : h("p", { class: "empty" }, "No events were coded in this article."),
            d.events.length ? h("a", { href: NG.link.timeline({ doc: d.id }) }, "These events on the timeline") : null),
          h("section", {}, h("h2", {}, `Actors (${actorsSeen.size})`),
            actorsSeen.size ? h("ul", {}, [...actorsSeen.values()].sort((a, b) => b.n - a.n).map((a) =>
              h("li", {}, NG.actorLink(a), h("span", { class: "muted" }, ` ×${a.n}`)))) : h("p", { class: "empty" }, "No actors resolved.")),
          h("section", {}, h("h2", {}, `Quotes (${d.quotes.length})`),
            d.quotes.length ? h("ul", {}, d.quotes.map((q) => h("li", {},
              h("strong", {}, q.speaker_text), ": “", q.text, "”"))) : h("p", { class: "empty" }, "No quotes found.")))));
    if (location.hash.startsWith("#ev-")) flash(location.hash.slice(4));
  });

  // ---------------------------------------------------------------- network
  NG.route(/^\/network$/, async () => {
    const params = NG.params();
    const focus = params.get("actor");
    const graphArgs = (w) => ({ ...w, actor: focus, max_nodes: maxNodes.value, max_edges: 600,
      include_negated: negated.checked ? "true" : null, include_hypothetical: hypo.checked ? "true" : null });
    const negated = h("input", { type: "checkbox", id: "neg", checked: params.get("include_negated") === "true" });
    const hypo = h("input", { type: "checkbox", id: "hyp", checked: params.get("include_hypothetical") === "true" });
    const maxNodes = h("select", { id: "max-nodes" }, [50, 100, 150, 300].map((n) => h("option", { value: n, selected: String(n) === (params.get("max_nodes") || "100") }, String(n))));
    const firstGraph = await NG.api("/api/graph", graphArgs({ since: params.get("since"), until: params.get("until") }));
    const years = firstGraph.years;
    const lo = Number(years.first), hi = Number(years.last);
    const hasYears = years.first !== null;
    const since = Number(params.get("since") || lo), until = Number(params.get("until") || hi);
    const fromIn = h("input", { type: "range", id: "from-year", min: lo, max: hi, step: 1, value: since, disabled: !hasYears, "aria-label": "From year" });
    const toIn = h("input", { type: "range", id: "to-year", min: lo, max: hi, step: 1, value: until, disabled: !hasYears, "aria-label": "To year" });
    const fromOut = h("output", { for: "from-year" }, hasYears ? String(since) : "—");
    const toOut = h("output", { for: "to-year" }, hasYears ? String(until) : "—");
    const svg = h("svg:svg", { class: "net", role: "group", "aria-label": "Actor network; each node is an actor, tab to a node and press Enter for its dossier" });
    const status = h("p", { class: "muted", "aria-live": "polite" });
    const ties = h("div", {});
    const net = new NG.Network(svg, (d) => { location.assign(NG.link.actor(d.id)); });
    const windowArgs = () => {
      const a = Math.min(Number(fromIn.value), Number(toIn.value));
      const b = Math.max(Number(fromIn.value), Number(toIn.value));
      const full = !hasYears || (a === lo && b === hi);
      return { since: full ? null : String(a), until: full ? null : String(b) };
    };
    let serial = 0;
    const load = async (prefetched) => {
      const mine = ++serial;
      const w = windowArgs();
      NG.setParams({ ...w, include_negated: negated.checked ? "true" : null, include_hypothetical: hypo.checked ? "true" : null, max_nodes: maxNodes.value });
      status.textContent = "Loading…";
      const g = prefetched || await NG.api("/api/graph", graphArgs(w));
      if (mine !== serial) return; // a newer request is on its way
      net.update(g);
      const windowText = w.since ? (w.since === w.until ? w.since : `${w.since}–${w.until}`) : "all years, undated events included";
      status.textContent = `${g.nodes.length} actors, ${g.edges.length} directed ties · ${windowText}`;
      svg.dataset.window = w.since ? `${w.since}-${w.until}` : "all";
      const pairs = NG.Network.pairs(g.edges).sort((x, y) => y.count - x.count).slice(0, 15);
      const names = new Map(g.nodes.map((n) => [n.id, n.name]));
      ties.replaceChildren(h("h2", {}, "Strongest ties"), pairs.length ? h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Pair"), h("th", { class: "num" }, "Events"), h("th", {}, "Mostly"))),
        h("tbody", {}, pairs.map((p) => h("tr", {},
          h("td", {}, h("a", { href: NG.link.timeline({ actor: p.a, other: p.b, since: w.since, until: w.until }) }, `${names.get(p.a)} – ${names.get(p.b)}`)),
          h("td", { class: "num" }, String(p.count)),
          h("td", {}, h("span", { class: "badge q-" + p.quad }, NG.quads[p.quad]))))))
        : h("p", { class: "empty" }, "No events between actors in this window."));
    };
    let timer = null;
    const soon = () => { clearTimeout(timer); timer = setTimeout(() => load().catch(NG.fail), 180); };
    for (const input of [fromIn, toIn]) {
      input.addEventListener("input", () => { fromOut.textContent = fromIn.value; toOut.textContent = toIn.value; soon(); });
    }
    for (const input of [negated, hypo, maxNodes]) input.addEventListener("change", soon);
    NG.render("Actor network",
      h("h1", {}, "Actor network"),
      h("p", { class: "lede" }, "Each circle is an actor (bigger: more events); each line joins two actors who acted on each other, coloured by what they mostly did. Copies of one article count once. Move the sliders to change the years; click an actor for its dossier."),
      focus ? h("p", {}, "Around ", h("strong", {}, focus), " only · ", h("a", { href: "/network" }, "show everyone")) : null,
      h("form", { class: "filters", onsubmit: (ev) => ev.preventDefault() },
        h("div", { class: "slider" }, h("label", { for: "from-year" }, "From"), fromIn, fromOut, h("label", { for: "to-year" }, "To"), toIn, toOut),
        h("label", { class: "check" }, negated, "include negated"),
        h("label", { class: "check" }, hypo, "include hypothetical"),
        h("label", {}, "Actors shown", maxNodes)),
      hasYears ? null : h("p", { class: "muted" }, "No dated events yet, so the time sliders are off."),
      h("div", { class: "net-wrap" },
        h("div", {}, svg, status),
        h("aside", { class: "side" }, h("h2", {}, "Colours"), quadLegend(),
          h("p", { class: "muted" }, "Undated events count only when the full range is selected."), ties)));
    await load(firstGraph);
  });

  // ---------------------------------------------------------------- dossier
  NG.route(/^\/actor\/([^/]+)$/, async (id) => {
    const d = await NG.api("/api/actors/" + encodeURIComponent(id));
    const a = d.actor;
    const years = [...new Set(d.counts.map((c) => c.year || "undated"))];
    const types = Object.values(NG.types).flat().filter((t) => d.counts.some((c) => c.type === t));
    const cell = new Map();
    let peak = 1;
    for (const c of d.counts) {
      const key = (c.year || "undated") + "|" + c.type;
      cell.set(key, (cell.get(key) || 0) + c.count);
      peak = Math.max(peak, cell.get(key));
    }
    const quadOf = (t) => Object.keys(NG.types).find((q) => NG.types[q].includes(t));
    const heat = types.length ? h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "Year"), types.map((t) => h("th", { class: "num" }, h("span", { class: "badge q-" + quadOf(t) }, t))))),
      h("tbody", {}, years.map((y) => h("tr", {}, h("th", {}, y), types.map((t) => {
        const n = cell.get(y + "|" + t) || 0;
        const td = h("td", { class: "heat" + (n ? "" : " z") }, n ? h("a", { href: NG.link.timeline({ actor: a.id, type: t, since: y === "undated" ? null : y, until: y === "undated" ? null : y }) }, String(n)) : "·");
        if (n) td.style.background = `rgba(31, 95, 191, ${(0.08 + 0.35 * n / peak).toFixed(2)})`;
        return td;
      })))))
      : h("p", { class: "empty" }, "No events with this actor yet.");
    const people = (list, title, empty) => h("section", {}, h("h2", {}, title),
      list.length ? h("ol", {}, list.map((p) => h("li", {}, NG.actorLink(p), ` · ${p.count} `,
        h("a", { href: NG.link.timeline({ actor: a.id, other: p.id }) }, "events together")))) : h("p", { class: "empty" }, empty));
    NG.render(a.name,
      h("h1", {}, a.name),
      h("div", { class: "meta" },
        h("span", {}, "Kind ", h("strong", {}, a.kind || "?")),
        h("span", {}, "Country ", h("strong", {}, a.country || "—")),
        h("span", {}, "Sector ", h("strong", {}, a.sector || "—")),
        a.wikidata ? h("span", {}, "Wikidata ", h("code", {}, a.wikidata)) : null,
        h("span", {}, "id ", h("code", {}, a.id))),
      a.description ? h("p", { class: "lede" }, a.description) : null,
      h("div", { class: "cards" },
        h("div", { class: "card" }, h("span", { class: "n" }, d.first_seen || "—"), h("span", { class: "l" }, "first event")),
        h("div", { class: "card" }, h("span", { class: "n" }, d.last_seen || "—"), h("span", { class: "l" }, "last event")),
        h("div", { class: "card" }, h("span", { class: "n" }, NG.num(d.mentions)), h("span", { class: "l" }, `mentions in ${NG.num(d.documents)} articles`)),
        h("div", { class: "card" }, h("span", { class: "n" }, NG.num(d.quotes_total)), h("span", { class: "l" }, "quotes"))),
      h("p", {}, h("a", { href: NG.link.timeline({ actor: a.id }) }, "Timeline of this actor"), " · ",
        h("a", { href: "/network?actor=" + encodeURIComponent(a.id) }, "Network around this actor"), " · ",
        h("a", { href: "/search?" + new URLSearchParams({ q: a.name, actor: a.id }) }, "Articles mentioning it")),
      h("h2", {}, "Also called"),
      d.aliases.length ? h("ul", { class: "chips" }, d.aliases.map((x) => h("li", {}, x))) : h("p", { class: "empty" }, "No aliases recorded."),
      d.roles.length ? [h("h2", {}, "Roles"), h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Title"), h("th", {}, "Country"), h("th", {}, "Sector"), h("th", {}, "From"), h("th", {}, "To"))),
        h("tbody", {}, d.roles.map((r) => h("tr", {}, h("td", {}, r.title), h("td", {}, r.country), h("td", {}, r.sector), h("td", {}, r.start || "?"), h("td", {}, r.end || "now")))))] : null,
      h("h2", {}, "Events by type and year"),
      h("p", { class: "muted" }, "As source or target, once per story. Click a number for those events."), heat,
      h("div", { class: "grid2e" },
        people(d.partners, "Main partners (cooperation)", "No cooperation recorded."),
        people(d.adversaries, "Main adversaries (conflict)", "No conflict recorded.")),
      h("h2", {}, `Quotes (${d.quotes_total})`),
      d.quotes.length ? h("ul", {}, d.quotes.map((q) => h("li", {}, "“", q.text, "” ",
        h("span", { class: "cite" }, "— ", q.speaker_text, ", ", h("a", { href: NG.link.article(q.doc_id) }, q.title || q.doc_id), q.published ? ", " + q.published : ""))))
        : h("p", { class: "empty" }, "No quotes attributed."));
  });

  // ---------------------------------------------------------------- timeline
  const typeSelect = (value) => h("select", { name: "type", id: "f-type" }, h("option", { value: "" }, "any type"),
    Object.entries(NG.types).map(([q, types]) => h("optgroup", { label: NG.quads[q] },
      types.map((t) => h("option", { value: t, selected: t === value }, t)))));
  const textField = (label, name, value, placeholder) => h("label", {}, label,
    h("input", { type: "text", name, value: value || "", placeholder: placeholder || "", id: "f-" + name }));

  function eventItem(e) {
    const s = e.text_info.sentence || "";
    const t0 = e.trigger.start - e.text_info.start, t1 = e.trigger.end - e.text_info.start;
    const sentence = t0 >= 0 && t1 <= s.length && t1 > t0
      ? [s.slice(0, t0), h("mark", {}, s.slice(t0, t1)), s.slice(t1)] : [s];
    return h("li", { "data-event": e.id },
      h("div", { class: "date" }, e.date || "undated", e.date_text ? h("small", {}, "“" + e.date_text + "”") : null),
      h("div", {},
        h("div", { class: "who" }, NG.badge(e.type, e.quad_class), e.mode ? h("span", { class: "muted" }, " " + e.mode) : null, " ",
          NG.actors(e.sources), " → ", NG.actors(e.targets), NG.flags(e)),
        h("blockquote", {}, sentence),
        h("div", { class: "cite" }, h("a", { href: NG.link.article(e.doc_id, "ev-" + e.id) }, e.cite_info.title || e.doc_id),
          e.cite_info.published ? " · published " + e.cite_info.published : "", e.location ? " · " + e.location : "",
          e.copies && e.copies.length ? [" · also reported by ", e.copies.map((c, i) => [i ? ", " : "",
            h("a", { href: NG.link.article(c.doc_id, "ev-" + c.id) }, c.title || c.doc_id)]), " (a copy: counted once)"] : null)));
  }

  NG.route(/^\/timeline$/, async () => {
    const p = NG.params();
    const form = h("form", { class: "filters", method: "get", action: "/timeline" },
      textField("Actor", "actor", p.get("actor"), "name, alias or id"),
      textField("With actor", "other", p.get("other"), "second actor"),
      h("label", {}, "Type", typeSelect(p.get("type"))),
      textField("Since", "since", p.get("since"), "YYYY[-MM[-DD]]"),
      textField("Until", "until", p.get("until"), "YYYY[-MM[-DD]]"),
      textField("Document", "doc", p.get("doc"), "id"),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "include_negated", value: "true", checked: p.get("include_negated") === "true" }), "negated"),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "include_hypothetical", value: "true", checked: p.get("include_hypothetical") === "true" }), "hypothetical"),
      h("button", { type: "submit" }, "Show"), h("a", { href: "/timeline" }, "Clear"));
    const args = Object.fromEntries(["actor", "other", "type", "since", "until", "doc", "include_negated", "include_hypothetical", "offset"].map((k) => [k, p.get(k)]));
    let result;
    try {
      result = await NG.api("/api/timeline", { ...args, limit: 50 });
    } catch (err) {
      NG.render("Timeline", h("h1", {}, "Timeline"), form, h("p", { class: "error", role: "alert" }, err.message));
      return;
    }
    NG.render("Timeline",
      h("h1", {}, "Timeline"),
      h("p", { class: "lede" }, "Events in the order they happened (by the date the text gives, not the publication date), each with the sentence that says so. By default only factual events: tick negated or hypothetical to add those."),
      form,
      h("p", { class: "muted" }, `${NG.num(result.total)} event reports; copies of one article's event are shown once`),
      result.items.length ? h("ol", { class: "tl" }, result.items.map(eventItem)) : h("p", { class: "empty" }, "No events match these filters."),
      NG.pager(result, (offset) => go({ offset })));
  });

  // ---------------------------------------------------------------- search
  NG.route(/^\/search$/, async () => {
    const p = NG.params();
    const q = p.get("q") || "";
    const form = h("form", { class: "filters", method: "get", action: "/search", role: "search" },
      h("label", {}, "Words or \"a phrase\"", h("input", { type: "search", name: "q", id: "search-q", value: q, size: 40 })),
      textField("Actor", "actor", p.get("actor"), "name or id"),
      h("label", {}, "Has event", typeSelect(p.get("type"))),
      textField("Published since", "since", p.get("since"), "YYYY"),
      textField("until", "until", p.get("until"), "YYYY"),
      h("button", { type: "submit" }, "Search"));
    if (!q.trim()) {
      NG.render("Search", h("h1", {}, "Search articles"), form,
        h("p", { class: "muted" }, "Type words to find articles that contain all of them; put a phrase in double quotes. Narrow the hits by an actor, an event type or publication dates."));
      return;
    }
    let r;
    try {
      r = await NG.api("/api/search", { q, actor: p.get("actor"), type: p.get("type"), since: p.get("since"), until: p.get("until"), offset: p.get("offset"), limit: 20 });
    } catch (err) {
      NG.render("Search", h("h1", {}, "Search articles"), form, h("p", { class: "error", role: "alert" }, err.message));
      return;
    }
    const facetLink = (key, value, label, count) => {
      const next = new URLSearchParams(p); next.set(key, value); next.delete("offset");
      return h("li", {}, h("a", { href: "/search?" + next }, label), h("span", { class: "muted" }, NG.num(count)));
    };
    const active = ["actor", "type", "since", "until"].filter((k) => p.get(k)).map((k) => {
      const next = new URLSearchParams(p); next.delete(k); next.delete("offset");
      return h("a", { href: "/search?" + next, "aria-label": `Remove filter ${k}` }, `${k}: ${p.get(k)} ✕`);
    });
    NG.render(`Search: ${q}`,
      h("h1", {}, "Search articles"), form,
      active.length ? h("div", { class: "active-filters" }, active) : null,
      h("div", { class: "grid2" },
        h("section", {}, h("p", { class: "muted" }, `${NG.num(r.total)} articles match`),
          r.items.length ? h("ol", { class: "hits", start: r.offset + 1 }, r.items.map((hit) => h("li", {},
            h("a", { href: NG.link.article(hit.id) }, hit.title || "(no title)"),
            h("span", { class: "muted" }, " · " + (hit.published || "date unknown")),
            h("p", { class: "snippet" }, NG.marked(hit.snippet)))))
            : h("p", { class: "empty" }, "Nothing matches. Try fewer words or remove a filter."),
          NG.pager(r, (offset) => go({ offset }))),
        h("aside", { class: "facets side", "aria-label": "Narrow the results" },
          r.facets_over < r.total ? h("p", { class: "muted" }, `Counts over the ${NG.num(r.facets_over)} best matches.`) : null,
          h("section", {}, h("h2", {}, "Actors"), r.facets.actors.length ? h("ul", {}, r.facets.actors.map((a) => facetLink("actor", a.id, a.name, a.count))) : h("p", { class: "empty" }, "none")),
          h("section", {}, h("h2", {}, "Event types"), r.facets.types.length ? h("ul", {}, r.facets.types.map((t) => facetLink("type", t.type, t.type, t.count))) : h("p", { class: "empty" }, "none")),
          h("section", {}, h("h2", {}, "Published"), r.facets.years.length ? h("ul", {}, r.facets.years.map((y) => {
            const next = new URLSearchParams(p); next.set("since", y.year); next.set("until", y.year); next.delete("offset");
            return h("li", {}, h("a", { href: "/search?" + next }, y.year), h("span", { class: "muted" }, NG.num(y.count)));
          })) : h("p", { class: "empty" }, "no dates")))));
  });

  // ---------------------------------------------------------------- copies
  NG.route(/^\/copies$/, async () => {
    const p = NG.params();
    const [rel, st] = await Promise.all([
      NG.api("/api/relations", { limit: 50, offset: p.get("offset") || 0, kind: p.get("kind") }),
      NG.api("/api/stories", { limit: 20 }),
    ]);
    NG.render("Copies",
      h("h1", {}, "Copies"),
      h("p", { class: "lede" }, "Articles that are copies of each other: exact or near duplicates, one containing another, rewrites and translations. A story groups the copies of one article; its events count once. Open a pair to read the two side by side."),
      h("h2", {}, `Copy pairs (${NG.num(rel.total)})`),
      rel.items.length ? h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Kind"), h("th", { class: "num" }, "Score"), h("th", {}, "Article A"), h("th", {}, "Article B"), h("th", {}, ""))),
        h("tbody", {}, rel.items.map((r) => h("tr", {},
          h("td", {}, r.kind), h("td", { class: "num" }, (r.score * 100).toFixed(0) + "%"),
          h("td", {}, h("a", { href: NG.link.article(r.a) }, r.a_title || r.a), h("div", { class: "muted" }, r.a_published || "")),
          h("td", {}, h("a", { href: NG.link.article(r.b) }, r.b_title || r.b), h("div", { class: "muted" }, r.b_published || "")),
          h("td", {}, h("a", { class: "button", href: NG.link.pair(r.a, r.b) }, "Compare"))))))
        : h("p", { class: "empty" }, "No copies found (or copy detection has not run yet)."),
      NG.pager(rel, (offset) => go({ offset })),
      h("h2", {}, `Stories with copies (${NG.num(st.total)})`),
      st.items.length ? h("ul", {}, st.items.map((s) => h("li", {}, `${s.size} copies: `,
        s.members.map((m, i) => [i ? " · " : "", h("a", { href: NG.link.article(m.id) }, m.title || m.id), m.id === s.canonical ? " (counted)" : ""]))))
        : h("p", { class: "empty" }, "No story has more than one copy."));
  });

  /** Words of `a` and `b` marked where they differ (longest common subsequence). */
  function wordDiff(a, b) {
    const wa = a.split(/(\s+)/), wb = b.split(/(\s+)/);
    if (wa.length * wb.length > 250000) return [[a], [b]];
    const n = wa.length, m = wb.length;
    const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = wa[i] === wb[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
    const outA = [], outB = [];
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && wa[i] === wb[j]) { outA.push(wa[i]); outB.push(wb[j]); i++; j++; }
      else if (j < m && (i >= n || dp[i][j + 1] >= dp[i + 1][j])) { outB.push(/^\s+$/.test(wb[j]) ? wb[j] : h("span", { class: "w-ins" }, wb[j])); j++; }
      else { outA.push(/^\s+$/.test(wa[i]) ? wa[i] : h("span", { class: "w-del" }, wa[i])); i++; }
    }
    return [outA, outB];
  }

  NG.route(/^\/copies\/([^/]+)\/([^/]+)$/, async (a, b) => {
    const r = await NG.api(`/api/relations/${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
    const head = (doc, side) => h("div", { class: "card" }, h("span", { class: "l" }, "Article " + side),
      h("div", {}, h("a", { href: NG.link.article(doc.id) }, doc.title || doc.id)),
      h("div", { class: "muted" }, `${doc.published || "date unknown"} · ${NG.num(doc.words)} words · `, h("code", {}, doc.source)));
    NG.render("Copies side by side",
      h("h1", {}, `${r.kind} copy · ${(r.score * 100).toFixed(0)}% similar`),
      h("div", { class: "grid2e" }, head(r.a, "A"), head(r.b, "B")),
      h("p", { class: "muted" }, `${r.aligned} aligned passages · ${r.a_only} only in A · ${r.b_only} only in B. `,
        "Words struck through in red were dropped or changed in B; words in green are B's."),
      h("table", { class: "pair" },
        h("thead", {}, h("tr", {}, h("th", {}, "A"), h("th", { class: "num" }, "sim."), h("th", {}, "B"))),
        h("tbody", {}, r.passages.map((row) => {
          if (row.side === "a") return h("tr", { class: "only-a" }, h("td", { class: "a" }, row.a), h("td", { class: "sim" }, ""), h("td", { class: "none" }, "only in A"));
          if (row.side === "b") return h("tr", { class: "only-b" }, h("td", { class: "none" }, "only in B"), h("td", { class: "sim" }, ""), h("td", { class: "b" }, row.b));
          const [da, db] = row.a === row.b ? [[row.a], [row.b]] : wordDiff(row.a, row.b);
          return h("tr", { class: "both" }, h("td", { class: "a" }, da),
            h("td", { class: "sim" }, row.similarity === null ? "" : row.similarity.toFixed(2)), h("td", { class: "b" }, db));
        }))));
  });

  document.addEventListener("DOMContentLoaded", NG.start);
  if (document.readyState !== "loading") NG.start();
}());
