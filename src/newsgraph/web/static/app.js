// newsgraph web UI: shared helpers. Every piece of data enters the page as a text
// node or an attribute value set through the DOM, never as markup.
"use strict";

const NG = {};

/** Create an element: h("a", {href: "/x", class: "c"}, "text", child, [more]). */
NG.h = function h(tag, attrs, ...kids) {
  const svg = tag.startsWith("svg:");
  const el = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
                 : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  NG.append(el, kids);
  return el;
};

NG.append = function append(el, kids) {
  for (const kid of [kids].flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
};

/** Fetch JSON from the API; throws an Error carrying the server's message. */
NG.api = async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "" && v !== false) url.searchParams.set(k, v);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const err = new Error(body.message || `${response.status} ${response.statusText}`);
    err.status = response.status;
    throw err;
  }
  return body;
};

NG.quads = {
  verbal_coop: "verbal cooperation", material_coop: "material cooperation",
  verbal_conflict: "verbal conflict", material_conflict: "material conflict",
};
NG.quadColour = {
  verbal_coop: "#1f5fbf", material_coop: "#17803d", verbal_conflict: "#a85400", material_conflict: "#c0202e",
};
NG.types = {
  verbal_coop: ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
  material_coop: ["COOPERATE", "AID", "RETREAT"],
  verbal_conflict: ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
  material_conflict: ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
};

NG.params = () => new URLSearchParams(location.search);
NG.link = {
  article: (id, hash) => "/article/" + encodeURIComponent(id) + (hash ? "#" + hash : ""),
  actor: (id) => "/actor/" + encodeURIComponent(id),
  pair: (a, b) => "/copies/" + encodeURIComponent(a) + "/" + encodeURIComponent(b),
  timeline: (params) => "/timeline?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v)),
};

NG.main = () => document.getElementById("main");
NG.render = function render(title, ...kids) {
  document.title = title + " · newsgraph";
  const main = NG.main();
  main.replaceChildren();
  NG.append(main, kids);
};
NG.fail = function fail(err) {
  NG.render("Error", NG.h("h1", {}, "Something went wrong"),
    NG.h("p", { class: "error", role: "alert" }, err.message || String(err)),
    NG.h("p", {}, NG.h("a", { href: "/" }, "Back to the overview")));
};

NG.badge = (type, quad) => NG.h("span", { class: "badge q-" + (quad || "") }, type);
NG.actorLink = (a) => a ? NG.h("a", { href: NG.link.actor(a.id) }, a.name || a.id) : NG.h("span", { class: "muted" }, "—");
NG.actors = (list) => {
  if (!list || !list.length) return NG.h("span", { class: "muted" }, "—");
  const out = [];
  list.forEach((a, i) => { if (i) out.push(", "); out.push(NG.actorLink(a)); });
  return NG.h("span", {}, out);
};
NG.flags = (e) => [
  e.negated ? NG.h("span", { class: "flag" }, "negated") : null,
  e.hypothetical ? NG.h("span", { class: "flag" }, "hypothetical") : null,
  e.reported ? NG.h("span", { class: "flag" }, "reported") : null,
  e.historical ? NG.h("span", { class: "flag" }, "historical") : null,
];
NG.num = (n) => (n ?? 0).toLocaleString("en");

/** Split text at \x02 ... \x03 markers (FTS snippets) into text and <mark> nodes. */
NG.marked = function marked(text) {
  const out = [];
  const parts = String(text || "").split(/([\x02\x03])/);
  let inside = false;
  for (const part of parts) {
    if (part === "\x02") inside = true;
    else if (part === "\x03") inside = false;
    else if (part) out.push(inside ? NG.h("mark", {}, part) : part);
  }
  return out;
};

/** A "previous / next" pager for {total, limit, offset} pages. */
NG.pager = function pager(page, go) {
  const from = page.total ? page.offset + 1 : 0;
  const to = Math.min(page.offset + page.limit, page.total);
  return NG.h("nav", { class: "pager", "aria-label": "Pages" },
    NG.h("button", { class: "secondary", disabled: page.offset <= 0,
      onclick: () => go(Math.max(page.offset - page.limit, 0)) }, "← Previous"),
    NG.h("span", {}, `${NG.num(from)}–${NG.num(to)} of ${NG.num(page.total)}`),
    NG.h("button", { class: "secondary", disabled: to >= page.total,
      onclick: () => go(page.offset + page.limit) }, "Next →"));
};

/** Update the query string without reloading (filters stay shareable). */
NG.setParams = function setParams(values) {
  const params = NG.params();
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "" || v === false) params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString();
  history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
};

// ---- tooltip: shown on hover and on keyboard focus --------------------------------
NG.tip = {
  show(target, lines) {
    const tip = document.getElementById("tip");
    tip.replaceChildren();
    lines.forEach((line, i) => tip.append(i === 0 ? NG.h("b", {}, line) : NG.h("div", {}, line)));
    tip.hidden = false;
    const r = target.getBoundingClientRect();
    const left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(left, 4) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
  },
  hide() { document.getElementById("tip").hidden = true; },
  attach(el, lines) {
    el.addEventListener("mouseenter", () => NG.tip.show(el, lines()));
    el.addEventListener("focus", () => NG.tip.show(el, lines()));
    el.addEventListener("mouseleave", NG.tip.hide);
    el.addEventListener("blur", NG.tip.hide);
  },
};

NG.markNav = function markNav() {
  const path = location.pathname;
  for (const a of document.querySelectorAll("header nav a[data-nav]")) {
    const target = a.getAttribute("data-nav");
    const on = target === "/" ? path === "/" || path.startsWith("/article/") : path.startsWith(target) ||
      (target === "/network" && path.startsWith("/actor/"));
    if (on) a.setAttribute("aria-current", "page");
  }
  const q = NG.params().get("q");
  if (q && path === "/search") document.getElementById("quick-q").value = q;
};

NG.routes = [];
NG.route = (pattern, draw) => NG.routes.push([pattern, draw]);
/** Mark the page drawn: tests wait on it, the benchmark reads the time it took. */
NG.ready = function ready() {
  window.__ngReadyAt = performance.now();
  window.__ngReady = true;
};
NG.start = async function start() {
  NG.markNav();
  for (const [pattern, draw] of NG.routes) {
    const m = location.pathname.match(pattern);
    if (m) {
      try {
        await draw(...m.slice(1).map(decodeURIComponent));
      } catch (err) {
        NG.fail(err);
      }
      NG.ready();
      return;
    }
  }
  NG.fail(new Error("No page at " + location.pathname));
  NG.ready();
};
