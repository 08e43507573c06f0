/**
 * The SPARQL page: a query box with the competency questions as examples, run against the local
 * endpoint (`kaspersky-kg serve`, `POST /sparql`) by a small inline script; SELECT results as a table
 * (package IRIs link to their pages), ASK as yes/no, CONSTRUCT and DESCRIBE as Turtle text.
 * @module
 */
import { CLAIM, ID, KG } from '../namespaces.js';
import { page, scriptJson } from './html.js';

/** An example query of the page. */
export interface SparqlExample {
  /** Its name (the `queries/*.rq` file name without extension); also the page's `#fragment`. */
  readonly name: string;
  /** The question it answers. */
  readonly question: string;
  /** The SPARQL text. */
  readonly query: string;
}

const SCRIPT = `(function () {
  'use strict';
  var NS = JSON.parse(document.getElementById('namespaces').textContent);
  var examples = JSON.parse(document.getElementById('examples').textContent);
  var sel = document.getElementById('example');
  var ta = document.getElementById('query');
  var ep = document.getElementById('endpoint');
  var status = document.getElementById('status');
  var out = document.getElementById('results');
  ep.value = /^https?:$/.test(location.protocol) ? new URL('sparql', location.href).href : 'http://127.0.0.1:7878/sparql';
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
  var SAFE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
  function pageOf(iri) {
    if (iri.indexOf(NS.id) === 0 && SAFE.test(iri.slice(NS.id.length))) return 'id/' + iri.slice(NS.id.length) + '.html';
    if (iri.indexOf(NS.claim) === 0 && SAFE.test(iri.slice(NS.claim.length))) return 'claim/' + iri.slice(NS.claim.length) + '.html';
    if (iri.indexOf(NS.kg) === 0) return 'ontology/index.html#' + encodeURIComponent(iri.slice(NS.kg.length));
    return null;
  }
  function cell(t) {
    var td = document.createElement('td');
    if (!t) return td;
    if (t.type === 'uri') {
      var a = document.createElement('a');
      var p = pageOf(t.value);
      a.href = p || t.value;
      if (!p) a.rel = 'external';
      a.textContent = t.value;
      td.appendChild(a);
    } else if (t.type === 'bnode') {
      td.textContent = '_:' + t.value;
    } else {
      td.appendChild(document.createTextNode(t.value));
      var extra = t['xml:lang'] ? '@' + t['xml:lang'] : t.datatype ? t.datatype.replace('http://www.w3.org/2001/XMLSchema#', 'xsd:') : '';
      if (extra) { var s = document.createElement('span'); s.className = 'dt'; s.textContent = extra; td.appendChild(s); }
    }
    return td;
  }
  function show(msg, isError) { status.textContent = msg; status.className = isError ? 'error' : ''; }
  function run(ev) {
    if (ev) ev.preventDefault();
    out.textContent = '';
    show('Running…', false);
    var t0 = performance.now();
    fetch(ep.value, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json, text/turtle;q=0.9' },
      body: new URLSearchParams({ query: ta.value })
    }).then(function (res) {
      return res.text().then(function (text) {
        var ms = Math.round(performance.now() - t0);
        if (!res.ok) { show('Error ' + res.status + ': ' + text, true); return; }
        var ct = res.headers.get('content-type') || '';
        if (ct.indexOf('json') >= 0) {
          var data = JSON.parse(text);
          if (typeof data.boolean === 'boolean') { show('ASK: ' + (data.boolean ? 'yes' : 'no') + ' (' + ms + ' ms)', false); out.dataset.boolean = String(data.boolean); return; }
          var vars = data.head.vars || [];
          var table = document.createElement('table');
          table.id = 'result-table';
          var hr = document.createElement('tr');
          vars.forEach(function (v) { var th = document.createElement('th'); th.textContent = v; hr.appendChild(th); });
          var thead = document.createElement('thead'); thead.appendChild(hr); table.appendChild(thead);
          var tbody = document.createElement('tbody');
          data.results.bindings.forEach(function (b) {
            var tr = document.createElement('tr');
            vars.forEach(function (v) { var td = cell(b[v]); td.dataset.var = v; tr.appendChild(td); });
            tbody.appendChild(tr);
          });
          table.appendChild(tbody);
          out.appendChild(table);
          var n = data.results.bindings.length;
          show(n + ' row' + (n === 1 ? '' : 's') + ' (' + ms + ' ms)', false);
        } else {
          var pre = document.createElement('pre'); pre.className = 'result'; pre.textContent = text; out.appendChild(pre);
          show('Graph result (' + ms + ' ms)', false);
        }
      });
    }).catch(function (e) {
      show('Could not reach ' + ep.value + ': ' + e.message + '. Start the endpoint with "npx kaspersky-kg serve" and open this page from it' +
        (location.protocol === 'file:' ? ' (or, for this file, start it with --cors "*")' : '') + '.', true);
    });
  }
  document.getElementById('form').addEventListener('submit', run);
})();`;

/** Renders `sparql.html`. */
export function sparqlPage(examples: readonly SparqlExample[]): string {
  const body = `<h1>SPARQL</h1>
<p>Queries run on the local endpoint started by <code>npx kaspersky-kg serve</code> (read-only, SPARQL 1.1 Protocol at <code>/sparql</code>).
Everything but the ontology is in the default graph: the facts view (plain triples: only what established claims state), and the descriptions of claims (<code>?claim kg:states|kg:denies ?p . ?p rdf:subject ?s ; rdf:predicate ?pred ; rdf:object ?o</code>, <code>kg:licensed</code>, one <code>kg:evidence</code> per source with its <code>kg:quote</code>) and of their sources; the ontology is in <code>&lt;https://w3id.org/kaspersky-kg/graph/ontology&gt;</code>.</p>
<form id="form">
  <div class="controls">
    <label for="example">Example</label>
    <select id="example"></select>
  </div>
  <textarea id="query" name="query" spellcheck="false" aria-label="SPARQL query"></textarea>
  <div class="controls">
    <button id="run" type="submit">Run query</button>
    <label for="endpoint">Endpoint</label>
    <input id="endpoint" type="url" size="40" aria-label="SPARQL endpoint">
    <span id="status" role="status"></span>
  </div>
</form>
<div id="results"></div>
<script type="application/json" id="examples">${scriptJson(examples.map((e) => ({ name: e.name, question: e.question, query: e.query })))}</script>
<script type="application/json" id="namespaces">${scriptJson({ id: ID, claim: CLAIM, kg: KG })}</script>`;
  return page({ path: 'sparql.html', title: 'SPARQL', body, tail: `<script>\n${SCRIPT}\n</script>\n` });
}

