// A small reader for /openapi.json, so the API docs work offline (no Swagger UI from a CDN).
"use strict";

(async function docs() {
  const h = NG.h;
  const spec = await NG.api("/openapi.json");
  const typeOf = (schema) => {
    if (!schema) return "";
    if (schema.anyOf) return schema.anyOf.map(typeOf).filter((t) => t !== "null").join(" | ");
    if (schema.enum) return schema.enum.join(" | ");
    return schema.type || "";
  };
  const ops = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) ops.push({ path, method, op });
  }
  const byTag = new Map();
  for (const o of ops) {
    const tag = (o.op.tags || ["other"])[0];
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push(o);
  }
  NG.render("API",
    h("h1", {}, `${spec.info.title} HTTP API ${spec.info.version}`),
    h("p", { class: "lede" }, spec.info.description || "",
      " Every list takes limit and offset and returns its total. Errors are JSON {error, message, param} with status 400 (bad input), 404 (unknown actor, document or pair) or 403 (writes on a read-only server). The machine-readable description is ",
      h("a", { href: "/openapi.json" }, "/openapi.json"), "."),
    [...byTag].map(([tag, list]) => [h("h2", {}, tag), list.map(({ path, method, op }) => {
      const params = op.parameters || [];
      const tryIt = method === "get" && !path.includes("{") ? h("a", { href: path }, "try it") : null;
      return h("section", { class: "api-op" },
        h("div", {}, h("code", { class: "m " + method }, method.toUpperCase()), h("code", {}, path), " ", tryIt),
        h("p", {}, op.description || op.summary || ""),
        params.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "parameter"), h("th", {}, "in"), h("th", {}, "type"), h("th", {}, "default"), h("th", {}, "meaning"))),
          h("tbody", {}, params.map((p) => h("tr", {}, h("td", {}, h("code", {}, p.name), p.required ? " *" : ""), h("td", {}, p.in),
            h("td", {}, typeOf(p.schema)), h("td", {}, p.schema && p.schema.default !== undefined && p.schema.default !== null ? String(p.schema.default) : ""),
            h("td", {}, p.description || (p.schema && p.schema.description) || ""))))) : null);
    })]));
  NG.ready();
}()).catch((err) => { NG.fail(err); NG.ready(); });
