/**
 * The SPARQL page without a server, checked in Node: the competency questions' answers computed at build
 * equal the graph's own answers; the scripts the page loads carry exactly the package's N-Quads and
 * Oxigraph's WebAssembly, with no module syntax (so they load from file://); the page adds the package's
 * prefixes exactly as the CLI does; and a query the engine cannot read is explained in the user's terms
 * (the engine's real messages, from Oxigraph).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import ox from 'oxigraph';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { competencyQuestions } from '../src/data/competency.js';
import { generateSite, type GeneratedSite } from '../src/site/generate.js';
import { SPARQL_ASSET_PATHS, engineScript } from '../src/site/sparql-assets.js';
import { addPrefixesAsPage, explainAsPage } from '../src/site/sparql-explain.js';
import { withPackagePrefixes } from '../src/query/prefixes.js';
import { PREFIXES } from '../src/namespaces.js';

const oxDir = dirname(createRequire(import.meta.url).resolve('oxigraph/package.json'));

/** The bytes a packed asset script carries (`self.NAME = "<base64 of gzip>"`). */
function unpack(script: string, name: string): Buffer {
  const m = new RegExp(`self\\.${name} = "([A-Za-z0-9+/=]+)";`).exec(script);
  assert.ok(m, `no ${name} in the script`);
  return gunzipSync(Buffer.from(m[1]!, 'base64'));
}

/** Runs a query on Oxigraph directly (not through the site's code) and returns its error message. */
function engineError(store: InstanceType<typeof ox.Store>, query: string): string {
  try {
    store.query(query);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`the engine accepted ${query}`);
}

describe('site: SPARQL without a server', function () {
  this.timeout(300_000);
  let kg: KasperskyGraph;
  let site: GeneratedSite;
  let html: string;

  before(async () => {
    kg = await openGraph();
    site = await generateSite(kg);
    html = site.files.get('sparql.html')!;
  });
  after(async () => kg.close());

  it('shows every competency question with its query and its answer table, computed at build, readable without JavaScript', async () => {
    const questions = competencyQuestions();
    assert.ok(questions.length > 20);
    for (const q of questions) {
      const at = html.indexOf(`<section class="cq" id="${q.name}">`);
      assert.ok(at >= 0, `${q.name}: no section`);
      const sec = html.slice(at, html.indexOf('</section>', at));
      assert.ok(sec.includes('<pre class="query">'), `${q.name}: no query shown`);
      const form = /^\s*(?:(?:#[^\n]*|PREFIX[^\n]*)\n\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)/i.exec(q.query)?.[1]?.toUpperCase();
      if (form === 'SELECT') {
        const rows = await kg.select(q.query);
        const shown = [...sec.matchAll(/<tr>((?:<td[^>]*>.*?<\/td>)+)<\/tr>/g)].map((m) =>
          Object.fromEntries([...m[1]!.matchAll(/<td data-var="([^"]*)"(?: data-type="[^"]*" data-value="([^"]*)")?/g)].filter((c) => c[2] !== undefined).map((c) => [c[1], c[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')])),
        );
        const key = (r: Record<string, string>) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]));
        assert.deepEqual(shown.map(key).sort(), rows.map((r) => key(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value])))).sort(), `${q.name}: the page's answer differs from the graph's`);
        assert.match(sec, new RegExp(`${rows.length} rows?</p>`));
      } else if (form === 'ASK') {
        assert.ok(sec.includes(`data-boolean="${await kg.ask(q.query)}"`), `${q.name}: ASK answer`);
      } else assert.ok(sec.includes('class="answer'), `${q.name}: no answer`);
      assert.doesNotMatch(sec, /class="answer error"/, `${q.name}: failed at build`);
    }
    // The home page links each question to its answer.
    for (const q of questions) assert.ok(site.files.get('index.html')!.includes(`href="sparql.html#${q.name}"`));
  });

  it('ships the engine and the data as classic scripts: the N-Quads are the package\'s, the WebAssembly is Oxigraph\'s', () => {
    const engine = site.files.get(SPARQL_ASSET_PATHS.engine)!;
    assert.doesNotMatch(engine, /\bimport\.meta\b|^\s*(?:import|export)\s/m, 'module syntax in a classic script');
    assert.match(engine, /self\.oxigraph = \{[^}]*Store: Store[^}]*init: __wbg_init/);
    assert.deepEqual(unpack(site.files.get(SPARQL_ASSET_PATHS.wasm)!, 'KKG_OXIGRAPH_WASM'), readFileSync(join(oxDir, 'web_bg.wasm')));
    assert.equal(unpack(site.files.get(SPARQL_ASSET_PATHS.data)!, 'KKG_DATA_NQ').toString('utf8'), site.files.get('kaspersky-kg.nq'));
    // The page names them, relative to itself, and never as modules or fetches.
    for (const p of Object.values(SPARQL_ASSET_PATHS)) assert.ok(html.includes(JSON.stringify(p).replace(/\//g, '/')), p);
    assert.doesNotMatch(html, /type="module"|\bfetch\(ASSETS/);
    // A layout the conversion does not know is refused with a clear message.
    assert.throws(() => engineScript('export default 1;'), /does not have the layout the site expects/);
  });

  it('adds the package prefixes a query uses undeclared exactly as the CLI does', () => {
    const cases = [
      ...competencyQuestions().flatMap((q) => [q.query, q.query.replace(/^PREFIX[^\n]*\n/gim, '')]),
      'SELECT ?name WHERE { event:ofac-designation-2024 kg:target ?p . ?p a kg:Person ; rdfs:label ?name }',
      'PREFIX kg: <urn:other#> SELECT * WHERE { ?s kg:x ?o ; rdfs:label ?l }',
      'SELECT * WHERE { ?s <https://w3id.org/kaspersky-kg/ontology#actor> ?o }',
      'SELECT * WHERE { ?s a xsd:date }',
      // prefix-like text in a literal, an IRI or a comment is no use (no PREFIX line, on the page as on the CLI)
      'SELECT * WHERE { ?s <urn:p> "kg:x" } # rdfs:label',
      'SELECT * WHERE { ?s <http://example.org/rdfs:x> ?o }',
    ];
    for (const q of cases) assert.equal(addPrefixesAsPage(q).query, withPackagePrefixes(q), q.slice(0, 80));
    assert.equal(addPrefixesAsPage('SELECT * WHERE { ?s <urn:p> "kg:x" } # rdfs:label').added, 0);
    const r = addPrefixesAsPage('SELECT * WHERE { ?s kg:actor ?o ; rdfs:label ?l }');
    assert.equal(r.added, 2);
  });

  it('explains errors in the user\'s terms: the unknown prefix named, a misspelt keyword said so, where reading stopped', () => {
    const store = new ox.Store();
    const explain = (q: string) => {
      const p = addPrefixesAsPage(q);
      const engine = engineError(store, p.query);
      const e = explainAsPage(q, engine, PREFIXES, p.added);
      assert.equal(e.detail, engine, 'the engine\'s message is kept for below');
      assert.ok(e.summary.length <= 400 && !e.summary.includes('\n'), e.summary);
      return e.summary;
    };
    // Oxigraph's own message for an unknown prefix is a dump of character ranges; the page names the prefix.
    assert.match(engineError(store, 'SELECT * WHERE { ?s foo:bar ?o }'), /Prefix not found/);
    assert.match(explain('SELECT * WHERE { ?s foo:bar ?o }'), /^Unknown prefix "foo:" in foo:bar at line 1, column 21: declare it .*kg, /);
    assert.match(explain('PREFIX ex: <urn:x#>\nSELECT * WHERE {\n  ?s ex:a ?o .\n  ?o bar:b ?z }'), /^Unknown prefix "bar:" .* at line 4, column 6/);
    assert.match(explain('SELCT * WHERE { ?s ?p ?o }'), /^"SELCT" at line 1, column 1 is not a SPARQL keyword: did you mean SELECT\?/);
    assert.match(explain('SELECT * WHERE { ?s kg:actor ?o } LIMT 3'), /"LIMT" at line 1, column 35 is not a SPARQL keyword: did you mean LIMIT\?/);
    assert.match(explain('SELECT ?x WHERE { ?x a kg:Claim FILTR(?x) }'), /"FILTR" .* did you mean FILTER\?/);
    assert.match(explain('ASK { ?s <a:b ?o }'), /^The IRI <a:b at line 1, column 10 is not closed/);
    assert.match(explain('SELECT * WHERE { ?s ?p }'), /^The query cannot be read at line 1, column \d+: ".*▸/);
    assert.match(explain('INSERT DATA { <a:b> <a:c> <a:d> }'), /only reads/);
    // The package prefixes are not unknown.
    assert.doesNotMatch(explain('SELECT * WHERE { ?s kg:actor ?o . FILTR(?o) }'), /Unknown prefix/);
  });
});
