/**
 * The SPARQL page. Every competency question is shown with its query and its answer, computed when the
 * site is built (readable without JavaScript or a server). A query box runs queries in the browser with
 * Oxigraph's WebAssembly build over the package's N-Quads (`sparql-assets.ts`: from `file://` and from any
 * static host, no server), or, when chosen, on a SPARQL endpoint such as `kaspersky-kg serve`. The
 * package's prefixes work undeclared, and a query that cannot be read is explained in the user's terms
 * (`sparql-explain.ts`), with the engine's message below. SELECT results are a table (package IRIs link
 * to their pages), ASK is yes/no, CONSTRUCT and DESCRIBE are Turtle text.
 * @module
 */
import { CLAIM, ID, KG, PREFIXES } from '../namespaces.js';
import { esc, page, scriptJson } from './html.js';
import { answerHtml, type Answer } from './sparql-answers.js';
import { SPARQL_ASSET_PATHS } from './sparql-assets.js';
import { SPARQL_HELPERS_JS } from './sparql-explain.js';

/** An example query of the page. */
export interface SparqlExample {
  /** Its name (the `queries/*.rq` file name without extension); also the page's `#fragment`. */
  readonly name: string;
  /** The question it answers. */
  readonly question: string;
  /** The SPARQL text. */
  readonly query: string;
}

const SCRIPT = String.raw`(function () {
  'use strict';
  var CONF = JSON.parse(document.getElementById('sparql-config').textContent);
  var NS = CONF.namespaces, PREFIXES = CONF.prefixes, ASSETS = CONF.assets;
  var examples = JSON.parse(document.getElementById('examples').textContent);
  var sel = document.getElementById('example');
  var ta = document.getElementById('query');
  var engine = document.getElementById('engine');
  var ep = document.getElementById('endpoint');
  var status = document.getElementById('status');
  var errorBox = document.getElementById('error');
  var out = document.getElementById('results');
  var served = /^https?:$/.test(location.protocol);
  ep.value = served ? new URL('sparql', location.href).href : 'http://127.0.0.1:7878/sparql';
  function syncEngine() { document.getElementById('endpoint-field').hidden = engine.value !== 'endpoint'; }
  engine.addEventListener('change', syncEngine);
  syncEngine();
  examples.forEach(function (e) {
    var o = document.createElement('option');
    o.value = e.name;
    o.textContent = e.name + ': ' + e.question;
    sel.appendChild(o);
  });
  function choose(name) {
    for (var i = 0; i < examples.length; i++) if (examples[i].name === name) { sel.value = name; ta.value = examples[i].query; return true; }
    return false;
  }
  sel.addEventListener('change', function () { choose(sel.value); });
  if (!(location.hash && choose(decodeURIComponent(location.hash.slice(1)))) && examples.length) choose(examples[0].name);
  Array.prototype.forEach.call(document.querySelectorAll('button.load'), function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { choose(b.getAttribute('data-example')); document.getElementById('form').scrollIntoView(); ta.focus(); });
  });
  var SAFE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
  function pageOf(iri) {
    if (iri.indexOf(NS.id) === 0 && SAFE.test(iri.slice(NS.id.length))) return 'id/' + iri.slice(NS.id.length) + '.html';
    if (iri.indexOf(NS.claim) === 0 && SAFE.test(iri.slice(NS.claim.length))) return 'claim/' + iri.slice(NS.claim.length) + '.html';
    if (iri.indexOf(NS.kg) === 0) return 'ontology/index.html#' + encodeURIComponent(iri.slice(NS.kg.length));
    return null;
  }
  var BY_LENGTH = Object.keys(PREFIXES).sort(function (a, b) { return PREFIXES[b].length - PREFIXES[a].length; });
  function curie(iri) {
    for (var i = 0; i < BY_LENGTH.length; i++) { var ns = PREFIXES[BY_LENGTH[i]]; if (iri.indexOf(ns) === 0 && iri.length > ns.length) return BY_LENGTH[i] + ':' + iri.slice(ns.length); }
    return iri;
  }
  function cell(t, v) {
    var td = document.createElement('td');
    td.dataset.var = v;
    if (!t) return td;
    td.dataset.type = t.type;
    td.dataset.value = t.value;
    if (t.type === 'uri') {
      var p = pageOf(t.value);
      var a = document.createElement(p || /^https?:/.test(t.value) ? 'a' : 'span');
      if (a.tagName === 'A') { a.href = p || t.value; if (!p) a.rel = 'external'; }
      a.title = t.value;
      a.textContent = curie(t.value);
      td.appendChild(a);
    } else if (t.type === 'bnode') {
      td.textContent = '_:' + t.value;
    } else {
      td.appendChild(document.createTextNode(t.value));
      var extra = t['xml:lang'] ? '@' + t['xml:lang'] : t.datatype && t.datatype !== PREFIXES.xsd + 'string' ? curie(t.datatype) : '';
      if (extra) { var s = document.createElement('span'); s.className = 'dt'; s.textContent = extra; td.appendChild(s); }
    }
    return td;
  }
  function show(msg, isError) { status.textContent = msg; status.className = isError ? 'error' : ''; }
  function showError(summary, detail) {
    show(summary, true);
    errorBox.textContent = '';
    if (!detail) return;
    var d = document.createElement('details'); d.id = 'engine-message';
    var s = document.createElement('summary'); s.textContent = "The engine's message";
    var pre = document.createElement('pre'); pre.textContent = detail;
    d.appendChild(s); d.appendChild(pre); errorBox.appendChild(d);
  }
  function render(result, ms, where) {
    if (result.json !== undefined) {
      var data = JSON.parse(result.json);
      if (typeof data.boolean === 'boolean') { show('ASK: ' + (data.boolean ? 'yes' : 'no') + ' (' + ms + ' ms, ' + where + ')', false); out.dataset.boolean = String(data.boolean); return; }
      var vars = data.head.vars || [];
      var table = document.createElement('table');
      table.id = 'result-table';
      var hr = document.createElement('tr');
      vars.forEach(function (v) { var th = document.createElement('th'); th.textContent = v; hr.appendChild(th); });
      var thead = document.createElement('thead'); thead.appendChild(hr); table.appendChild(thead);
      var tbody = document.createElement('tbody');
      data.results.bindings.forEach(function (b) {
        var tr = document.createElement('tr');
        vars.forEach(function (v) { tr.appendChild(cell(b[v], v)); });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      out.appendChild(table);
      var n = data.results.bindings.length;
      show(n + ' row' + (n === 1 ? '' : 's') + ' (' + ms + ' ms, ' + where + ')', false);
    } else {
      var pre = document.createElement('pre'); pre.className = 'result'; pre.textContent = result.text; out.appendChild(pre);
      show('Graph result (' + ms + ' ms, ' + where + ')', false);
    }
  }
  // The engine in this page: Oxigraph's WebAssembly and the dataset, added as classic scripts on first use.
  var storePromise = null;
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('could not load ' + src + ' (it should sit beside this page)')); };
      document.head.appendChild(s);
    });
  }
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  }
  function browserStore() {
    if (storePromise) return storePromise;
    storePromise = loadScript(ASSETS.engine).then(function () { return loadScript(ASSETS.wasm); }).then(function () { return loadScript(ASSETS.data); })
      .then(function () { return Promise.all([unpack(self.KKG_OXIGRAPH_WASM), unpack(self.KKG_DATA_NQ)]); })
      .then(function (parts) {
        return self.oxigraph.init({ module_or_path: parts[0] }).then(function () {
          var store = new self.oxigraph.Store();
          store.load(new TextDecoder().decode(parts[1]), { format: 'application/n-quads' });
          self.KKG_OXIGRAPH_WASM = null; self.KKG_DATA_NQ = null;
          return store;
        });
      });
    storePromise.catch(function () { storePromise = null; });
    return storePromise;
  }
  function inBrowser(q) {
    return browserStore().then(function (store) {
      try {
        return { json: store.query(q, { results_format: 'application/sparql-results+json' }) };
      } catch (e) {
        if (/Not supported (RDF|SPARQL query results) format/i.test(String(e && e.message || e))) return { text: store.query(q, { results_format: 'text/turtle' }) };
        throw e;
      }
    });
  }
  function onEndpoint(q) {
    return fetch(ep.value, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json, text/turtle;q=0.9' },
      body: new URLSearchParams({ query: q })
    }).then(function (res) {
      return res.text().then(function (text) {
        if (!res.ok) { var e = new Error(text.trim()); e.status = res.status; throw e; }
        return (res.headers.get('content-type') || '').indexOf('json') >= 0 ? { json: text } : { text: text };
      });
    }, function (e) {
      var err = new Error('Could not reach ' + ep.value + ': ' + e.message + '. Start the endpoint with "npx kaspersky-kg serve" (for a page opened from a file, with --cors "*"), or run the query in this browser.');
      err.unreachable = true;
      throw err;
    });
  }
  function run(ev) {
    if (ev) ev.preventDefault();
    out.textContent = ''; errorBox.textContent = '';
    delete out.dataset.boolean;
    var prepared = kkgAddPrefixes(ta.value, PREFIXES);
    var useEndpoint = engine.value === 'endpoint';
    show(useEndpoint ? 'Running on ' + ep.value + '…' : (storePromise ? 'Running…' : 'Loading the query engine and the data (once)…'), false);
    var t0 = performance.now();
    (useEndpoint ? onEndpoint(prepared.query) : inBrowser(prepared.query)).then(function (result) {
      render(result, Math.round(performance.now() - t0), useEndpoint ? 'on ' + ep.value : 'in this browser');
    }).catch(function (e) {
      var message = String(e && e.message || e);
      if (e && e.unreachable) { showError(message, ''); return; }
      var explained = kkgExplainError(ta.value, message, PREFIXES, prepared.added);
      showError((e && e.status ? 'Error ' + e.status + ': ' : '') + explained.summary, explained.detail);
    });
  }
  document.getElementById('form').addEventListener('submit', run);
  ta.addEventListener('focus', function () { if (engine.value === 'browser') browserStore().catch(function () {}); }, { once: true });
})();`;

/** The rows of the page's prefix table: prefix and namespace, sorted by prefix. */
const prefixRows = (): string =>
  Object.entries(PREFIXES)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([p, ns]) => `<tr><td><code>${esc(p)}:</code></td><td><code>${esc(ns)}</code></td></tr>`)
    .join('');

/** Renders `sparql.html`: the query box, and every example with its query and its precomputed answer (`answers`, by name). */
export function sparqlPage(examples: readonly SparqlExample[], answers: ReadonlyMap<string, Answer> = new Map(), pages: ReadonlySet<string> = new Set()): string {
  const sections = examples.map((e) => {
    const a = answers.get(e.name);
    return `<section class="cq" id="${esc(e.name)}"><h3>${esc(e.question)}</h3>
<details><summary>The query (<code>queries/${esc(e.name)}.rq</code>)</summary><pre class="query">${esc(e.query)}</pre></details>
${a ? answerHtml(a, pages) : '<p class="muted">(not answered at build)</p>'}
<p><button type="button" class="load" data-example="${esc(e.name)}" hidden>Put this query in the box</button></p></section>`;
  });
  const body = `<h1>SPARQL</h1>
<p>Ask the knowledge graph in SPARQL. Queries run <strong>in this browser</strong> (Oxigraph compiled to WebAssembly, over the package's data): no server, no network, also from a copy of the site opened as files. With <code>npx kaspersky-kg serve</code> running, they can go to its endpoint instead; the answers are the same.
Everything but the ontology is in the default graph: the facts view (plain triples: only what established claims state), and the descriptions of claims (<code>?claim kg:states|kg:denies ?p . ?p rdf:subject ?s ; rdf:predicate ?pred ; rdf:object ?o</code>, <code>kg:licensed</code>, one <code>kg:evidence</code> per source with its <code>kg:quote</code>) and of their sources; the ontology is in <code>&lt;https://w3id.org/kaspersky-kg/graph/ontology&gt;</code>.</p>
<noscript><p class="muted">The query box needs JavaScript; the competency questions below are answered without it.</p></noscript>
<form id="form">
  <div class="controls">
    <label for="example">Example</label>
    <select id="example"></select>
  </div>
  <textarea id="query" name="query" spellcheck="false" aria-label="SPARQL query"></textarea>
  <div class="controls">
    <button id="run" type="submit">Run query</button>
    <label for="engine">Run</label>
    <select id="engine" aria-label="where the query runs"><option value="browser" selected>in this browser (no server)</option><option value="endpoint">on a SPARQL endpoint</option></select>
    <span id="endpoint-field"><label for="endpoint">Endpoint</label> <input id="endpoint" type="url" size="40" aria-label="SPARQL endpoint"></span>
    <span id="status" role="status"></span>
  </div>
  <div id="error"></div>
</form>
<div id="results"></div>
<details id="prefixes"><summary>Prefixes that work without a PREFIX line</summary><table>${prefixRows()}</table></details>
<h2 id="questions">Competency questions, answered</h2>
<p>The questions the graph is built to answer, each with its query and its answer, computed when this site was built with the same engine and data.</p>
${sections.join('\n')}
<script type="application/json" id="examples">${scriptJson(examples.map((e) => ({ name: e.name, question: e.question, query: e.query })))}</script>
<script type="application/json" id="sparql-config">${scriptJson({ namespaces: { id: ID, claim: CLAIM, kg: KG }, prefixes: PREFIXES, assets: SPARQL_ASSET_PATHS })}</script>`;
  return page({ path: 'sparql.html', title: 'SPARQL', body, tail: `<script>\n${SPARQL_HELPERS_JS}\n${SCRIPT}\n</script>\n` });
}
