// kg's query page: the saved queries, and any SPARQL, run in this browser by Oxigraph's
// WebAssembly build over the site's own dump, or sent to the site's SPARQL endpoint.
// A parameter is bound as kg.query.bind binds it (a checked IRI, an escaped literal), and every
// value from the data reaches the page as text (textContent), never as markup.
import init, { Store, parse } from "./oxigraph/web.js";

const PARAMETER = /\?(__?)([A-Za-z][A-Za-z0-9]*)(?:_(iri|integer|date))?\b/g;
const IRI_FORBIDDEN = /[\x00-\x20<>"{}|^`\\]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
const MAX_ROWS = 5000; // more rows than a page can show usefully; the count says how many there are
const GRAPH_FORMS = new Set(["CONSTRUCT", "DESCRIBE"]);

const status = document.getElementById("status");
const config = await (await fetch("query/config.json")).json();
const queries = new Map(config.queries.map((q) => [q.name, q]));
let store = null;

function say(text) {
  status.textContent = text;
}

function where() {
  const chosen = document.querySelector('input[name="where"]:checked');
  return chosen ? chosen.value : "browser";
}

// --- binding, as kg.query.bind does -------------------------------------------------------

function parameterTerm(query, p, value) {
  if (p.kind === "iri") {
    if (!value.includes(":") && Object.hasOwn(config.shortIris, p.name)) {
      value = `${config.base}${config.shortIris[p.name]}/${value}`;
    }
    if (!SCHEME.test(value) || IRI_FORBIDDEN.test(value)) {
      throw new Error(`'${value}' is not an IRI (expected an absolute IRI or an id, for '${p.name}')`);
    }
    return `<${value}>`;
  }
  if (p.kind === "integer") {
    if (!/^[+-]?[0-9]{1,18}$/.test(value)) {
      throw new Error(`'${value}' is not a whole number (expected at most 18 digits, for '${p.name}')`);
    }
    return BigInt(value.replace(/^\+/, "")).toString();
  }
  if (p.kind === "date") {
    if (!isDate(value)) throw new Error(`'${value}' is not a date (expected YYYY-MM-DD, for '${p.name}')`);
    return `"${value}"^^<http://www.w3.org/2001/XMLSchema#date>`;
  }
  return sparqlString(value);
}

function isDate(value) {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

function sparqlString(value) {
  const escaped = value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n").replaceAll("\r", "\\r");
  return `"${escaped}"`;
}

function bind(query, values) {
  const terms = new Map();
  for (const p of query.parameters) {
    const given = values.get(p.name);
    const value = given !== undefined && given !== "" ? given : p.default; // an empty field is not given
    if (value === null || value === undefined) {
      if (p.required) throw new Error(`query '${query.name}' needs a value for ${p.name} (${p.kind})`);
      continue;
    }
    terms.set(p.name, parameterTerm(query, p, value));
  }
  return query.text.replace(PARAMETER, (whole, underscores, name) => terms.get(name) ?? whole);
}

function formOf(text) {
  const body = text.replace(/#[^\n]*/g, "").replace(/^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s*)*/i, "");
  return (body.trim().split(/\s+/, 1)[0] || "").toUpperCase();
}

// --- running --------------------------------------------------------------------------------

async function loadStore() {
  if (store) return store;
  const started = performance.now();
  say(`Loading the graph (${config.dump}) into this browser…`);
  const response = await fetch(config.dump);
  if (!response.ok) throw new Error(`${config.dump}: ${response.status} ${response.statusText}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const loaded = new Store();
  loaded.load(bytes, { format: "application/n-quads" });
  const seconds = (performance.now() - started) / 1000;
  status.dataset.loadSeconds = seconds.toFixed(3);
  status.dataset.quads = String(loaded.size);
  const megabytes = (bytes.length / 1e6).toFixed(1);
  say(`Loaded ${loaded.size.toLocaleString("en")} quads (${megabytes} MB) in ${seconds.toFixed(2)} s; queries run in this browser.`);
  store = loaded;
  return loaded;
}

async function run(text) {
  const graph = GRAPH_FORMS.has(formOf(text));
  if (where() === "endpoint") {
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers: { Accept: graph ? "application/n-triples" : "application/sparql-results+json" },
      body: new URLSearchParams({ query: text }),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`${config.endpoint}: ${response.status} ${body.split("\n", 1)[0]}`);
    return graph ? triples(body) : JSON.parse(body);
  }
  const loaded = await loadStore();
  const format = graph ? "application/n-triples" : "application/sparql-results+json";
  const answer = loaded.query(text, { use_default_graph_as_union: true, results_format: format });
  return graph ? triples(answer) : JSON.parse(answer);
}

function triples(ntriples) {
  const binding = (term) => {
    if (term.termType === "NamedNode") return { type: "uri", value: term.value };
    if (term.termType === "BlankNode") return { type: "bnode", value: term.value };
    if (term.language) return { type: "literal", value: term.value, "xml:lang": term.language };
    return { type: "literal", value: term.value, datatype: term.datatype.value };
  };
  const rows = parse(ntriples, { format: "application/n-triples" }).map((q) => ({
    subject: binding(q.subject),
    predicate: binding(q.predicate),
    object: binding(q.object),
  }));
  rows.sort((a, b) => compare(rowKey(a), rowKey(b)));
  return { head: { vars: ["subject", "predicate", "object"] }, results: { bindings: rows } };
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rowKey(row) {
  return [row.subject, row.predicate, row.object].map(termKey).join(" ");
}

// --- showing --------------------------------------------------------------------------------

// A term as N-Triples would write it, unescaped: what the tests compare with 'kg query'.
function termKey(b) {
  if (!b) return "";
  if (b.type === "uri") return `<${b.value}>`;
  if (b.type === "bnode") return "_:";
  if (b["xml:lang"]) return `"${b.value}"@${b["xml:lang"]}`;
  if (b.datatype && b.datatype !== XSD_STRING) return `"${b.value}"^^<${b.datatype}>`;
  return `"${b.value}"`;
}

function pageOf(iri) {
  if (iri.startsWith(config.ontology)) {
    const term = iri.slice(config.ontology.length).replace(/^#/, "");
    return "ontology.html" + (term ? `#${term}` : "");
  }
  if (iri.startsWith(config.base) && iri.length > config.base.length) return `${iri.slice(config.base.length)}.html`;
  return null;
}

// What a cell shows for an IRI: its path under the base, a CURIE for a known vocabulary, or itself.
function shortName(iri) {
  if (iri.startsWith(config.base) && !iri.startsWith(config.ontology)) return iri.slice(config.base.length) || iri;
  let best = null;
  for (const [prefix, namespace] of Object.entries(config.prefixes)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length && (!best || namespace.length > best[1].length)) {
      best = [prefix, namespace];
    }
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function cell(b) {
  const td = document.createElement("td");
  td.dataset.term = termKey(b);
  if (!b) return td;
  if (b.type === "uri") {
    const page = pageOf(b.value);
    if (page || /^https?:\/\//.test(b.value)) {
      const a = document.createElement("a");
      a.href = page || b.value;
      a.textContent = shortName(b.value);
      a.title = b.value;
      if (!page) a.className = "outside";
      td.append(a);
      return td;
    }
  }
  const span = document.createElement("span");
  span.textContent = b.value;
  if (b["xml:lang"]) span.lang = b["xml:lang"];
  if (b.datatype && b.datatype !== XSD_STRING) span.title = b.datatype;
  td.append(span);
  return td;
}

function show(target, answer, bound, seconds) {
  const parts = [];
  const took = `${seconds.toFixed(3)} s`;
  if ("boolean" in answer) {
    const p = document.createElement("p");
    p.className = "boolean";
    p.textContent = String(answer.boolean);
    p.dataset.term = String(answer.boolean);
    parts.push(p, note(`ASK answered in ${took}`));
  } else {
    const vars = answer.head.vars;
    const rows = answer.results.bindings;
    parts.push(note(`${rows.length} row${rows.length === 1 ? "" : "s"} in ${took}` + (rows.length > MAX_ROWS ? `; the first ${MAX_ROWS} shown` : "")));
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of rows.slice(0, MAX_ROWS)) {
      const tr = body.insertRow();
      for (const v of vars) tr.append(cell(row[v]));
    }
    parts.push(table);
  }
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "the query as run";
  const pre = document.createElement("pre");
  pre.className = "bound";
  pre.textContent = bound;
  details.append(summary, pre);
  parts.push(details);
  target.replaceChildren(...parts);
  target.dataset.state = "done";
}

function note(text) {
  const p = document.createElement("p");
  p.className = "count";
  p.textContent = text;
  return p;
}

function failed(target, error) {
  const p = document.createElement("p");
  p.className = "error";
  p.textContent = String(error && error.message ? error.message : error);
  target.replaceChildren(p);
  target.dataset.state = "error";
}

async function submitted(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const target = document.getElementById(form.dataset.results);
  target.dataset.state = "running";
  try {
    let text;
    if (form.dataset.query) {
      const values = new Map([...new FormData(form)].map(([k, v]) => [k, String(v)]));
      text = bind(queries.get(form.dataset.query), values);
    } else {
      text = String(new FormData(form).get("sparql"));
    }
    const started = performance.now();
    const answer = await run(text);
    show(target, answer, text, (performance.now() - started) / 1000);
  } catch (error) {
    failed(target, error);
  }
}

// --- start ----------------------------------------------------------------------------------

document.getElementById("needs").hidden = true;
try {
  await init();
  for (const form of document.querySelectorAll("form[data-results]")) {
    form.addEventListener("submit", submitted);
    for (const button of form.querySelectorAll("button")) button.disabled = false;
  }
  if (where() === "browser") await loadStore();
  else say(`Queries go to ${config.endpoint}.`);
  for (const input of document.querySelectorAll('input[name="where"]')) {
    input.addEventListener("change", () =>
      where() === "browser"
        ? loadStore().catch((error) => say(`The graph could not be loaded: ${error.message || error}`))
        : say(`Queries go to ${config.endpoint}.`),
    );
  }
  document.body.dataset.ready = "true";
} catch (error) {
  say(`The query engine could not start: ${error && error.message ? error.message : error}`);
  document.body.dataset.ready = "error";
}
