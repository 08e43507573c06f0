/**
 * Linked Data from `serve`, over real HTTP: `/id/…`, `/claim/…` and `/ontology` (where `…/ontology#Term` is
 * looked up) answer HTML, Turtle, JSON-LD, N-Triples and RDF/XML by `Accept`, each with `Vary: Accept`,
 * a `Link` header naming every alternate and the same triples in every RDF syntax (parsed by n3, jsonld.js
 * and rdflib.js); an unacceptable type is 406; HTML pages name their alternates in `<link rel="alternate">`;
 * the entity's files carry the claims that mention it and their evidence, per the graph (independent SPARQL).
 */
import assert from 'node:assert/strict';
import { Parser } from 'n3';
import jsonld from 'jsonld';
import * as $rdf from 'rdflib';
import { datasetNQuads } from '../src/data/dataset.js';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { generateSite, type GeneratedSite } from '../src/site/generate.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { memorySite } from '../src/serve/static.js';
import { staticDocumentLoader } from '../src/export/context.js';
import { CLAIM, ID, KG, ONTOLOGY } from '../src/namespaces.js';

type T = { s: string; p: string; o: string };
const lit = (value: string, lang: string | undefined, dt: string | undefined) => `"${value}"${lang ? `@${lang.toLowerCase()}` : `^^${dt ?? 'http://www.w3.org/2001/XMLSchema#string'}`}`;

/** An IRI as itself, a blank node as `_:label`. */
const node = (t: { termType: string; value: string }): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
const isBlank = (x: string) => x.startsWith('_:');

/** The triples of a body, as text, parsed by an independent reader for its syntax. */
async function triplesOf(type: string, body: string, base: string): Promise<Set<string>> {
  let ts: T[];
  if (type === 'text/turtle' || type === 'application/n-triples') {
    ts = new Parser({ format: type === 'text/turtle' ? 'Turtle' : 'N-Triples', baseIRI: base })
      .parse(body)
      .map((q) => ({ s: node(q.subject), p: q.predicate.value, o: q.object.termType === 'Literal' ? lit(q.object.value, q.object.language, q.object.datatype.value) : node(q.object) }));
  } else if (type === 'application/ld+json') {
    const qs = (await jsonld.toRDF(JSON.parse(body) as object, { documentLoader: staticDocumentLoader as never })) as unknown as { subject: { value: string }; predicate: { value: string }; object: { termType: string; value: string; language?: string; datatype?: { value: string } } }[];
    ts = qs.map((q) => ({ s: node(q.subject as never), p: q.predicate.value, o: q.object.termType === 'Literal' ? lit(q.object.value, q.object.language, q.object.datatype?.value) : node(q.object) }));
  } else {
    const g = $rdf.graph();
    $rdf.parse(body, g, base, 'application/rdf+xml');
    ts = g.statements.map((st) => ({
      s: node(st.subject),
      p: st.predicate.value,
      o: st.object.termType === 'Literal' ? lit(st.object.value, (st.object as $rdf.Literal).language || undefined, (st.object as $rdf.Literal).datatype?.value) : node(st.object),
    }));
  }
  return new Set(ts.map((t) => `${t.s} ${t.p} ${t.o}`));
}

/** A triple set compared up to blank-node labels: the triples without blank nodes, and how many have one. */
function upToBlankNodes(ts: ReadonlySet<string>, blank: (label: string) => boolean): { ground: string[]; withBlank: number } {
  const ground: string[] = [];
  let withBlank = 0;
  for (const t of ts) {
    const [s, , ...o] = t.split(' ');
    if (blank(s!) || blank(o.join(' '))) withBlank++;
    else ground.push(t);
  }
  return { ground: ground.sort(), withBlank };
}

const RDF_TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];

describe('serve: Linked Data for /id/…, /claim/… and the ontology', function () {
  this.timeout(300_000);
  let kg: KasperskyGraph;
  let site: GeneratedSite;
  let server: RunningServer;
  let claimPath: string;

  before(async () => {
    kg = await openGraph();
    site = await generateSite(kg);
    server = await startServer({ nquads: datasetNQuads().text, port: 0, site: memorySite(site.files) });
    const c = await kg.select(`SELECT ?c WHERE { ?c a <${KG}Claim> ; <${KG}verification> <${KG}Contradicted> } ORDER BY STR(?c) LIMIT 1`);
    claimPath = `claim/${c[0]!.c!.value.slice(CLAIM.length)}`;
  });
  after(async () => {
    await server?.close();
    await kg?.close();
  });

  const get = (path: string, accept?: string) => fetch(`${server.url}${path}`, { headers: accept ? { accept } : {}, redirect: 'manual' });

  for (const [name, path] of [
    ['an entity', () => 'id/person/eugene-kaspersky'],
    ['a claim', () => claimPath],
  ] as const) {
    it(`answers ${name} in HTML, Turtle, JSON-LD, N-Triples and RDF/XML by Accept, with Vary, Link and the same triples in each`, async () => {
      const p = path();
      const iri = `https://w3id.org/kaspersky-kg/${p}`;
      const html = await get(p, 'text/html,application/xhtml+xml,*/*;q=0.8');
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type')!, /^text\/html/);
      assert.equal(html.headers.get('vary'), 'Accept');
      const link = html.headers.get('link')!;
      for (const t of ['text/html', ...RDF_TYPES]) assert.match(link, new RegExp(`<[^>]+>; rel="alternate"; type="${t.replace('+', '\\+')}"`), `Link lacks ${t}`);
      const page = await html.text();
      for (const t of ['text/turtle', 'application/n-triples', 'application/rdf+xml']) assert.match(page, new RegExp(`<link rel="alternate" type="${t.replace('+', '\\+')}" href="[^"]+">`), `page lacks its ${t} alternate`);
      let reference: Set<string> | undefined;
      for (const t of RDF_TYPES) {
        const r = await get(p, t);
        assert.equal(r.status, 200, t);
        assert.equal(r.headers.get('content-type')!.split(';')[0], t);
        assert.equal(r.headers.get('vary'), 'Accept');
        assert.ok(r.headers.get('link'), `${t}: no Link header`);
        assert.match(r.headers.get('content-location')!, /\.(ttl|jsonld|nt|rdf)$/);
        const triples = await triplesOf(t, await r.text(), `${server.url}${p}`);
        assert.ok([...triples].some((x) => x.startsWith(`${iri} `)), `${t}: nothing about ${iri}`);
        if (!reference) reference = triples;
        else assert.deepEqual(upToBlankNodes(triples, isBlank), upToBlankNodes(reference, isBlank), `${t} means something else than Turtle`);
        // The Link header's alternate for this type answers the same.
        const href = new RegExp(`<([^>]+)>; rel="alternate"; type="${t.replace('+', '\\+')}"`).exec(r.headers.get('link')!)![1]!;
        const alt = await fetch(new URL(href, `${server.url}${p}`));
        assert.equal(alt.status, 200, href);
      }
      // q-values: Turtle preferred over JSON-LD; a type it cannot serve is 406 with what it can.
      assert.match((await get(p, 'application/ld+json;q=0.5, text/turtle')).headers.get('content-type')!, /^text\/turtle/);
      const refused = await get(p, 'image/png');
      assert.equal(refused.status, 406);
      assert.equal(refused.headers.get('vary'), 'Accept');
      assert.match(await refused.text(), /available as text\/html, text\/turtle, application\/ld\+json, application\/n-triples, application\/rdf\+xml/);
      // No Accept: the page.
      assert.match((await get(p)).headers.get('content-type')!, /^text\/html/);
    });
  }

  it('looks up the ontology\'s terms: /ontology (…/ontology#Term) is the ontology document in every syntax, or its reference page', async () => {
    const term = `${KG}Claim`;
    const ontologyTriples = new Set(
      (await kg.select(`SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/kaspersky-kg/graph/ontology> { ?s ?p ?o } }`)).map(
        (r) => `${node(r.s!)} ${r.p!.value} ${r.o!.termType === 'Literal' ? lit(r.o!.value, (r.o as { language?: string }).language || undefined, (r.o as { datatype?: { value: string } }).datatype?.value) : node(r.o!)}`,
      ),
    );
    for (const t of RDF_TYPES) {
      const r = await get('ontology', t);
      assert.equal(r.status, 200, t);
      assert.equal(r.headers.get('content-type')!.split(';')[0], t);
      assert.equal(r.headers.get('vary'), 'Accept');
      const triples = await triplesOf(t, await r.text(), `${server.url}ontology`);
      assert.ok(triples.has(`${term} http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://www.w3.org/2002/07/owl#Class`), `${t}: kg:Claim is not described`);
      assert.deepEqual(upToBlankNodes(triples, isBlank), upToBlankNodes(ontologyTriples, isBlank), `${t}: not the ontology graph`);
    }
    const html = await get('ontology', 'text/html');
    assert.equal(html.status, 303);
    assert.equal(html.headers.get('location'), '/ontology/');
    assert.equal(html.headers.get('vary'), 'Accept');
    const page = await (await fetch(`${server.url}ontology/`)).text();
    assert.ok(page.includes('id="Claim"'), 'the reference page has the term\'s anchor');
    assert.match(page, /<link rel="alternate" type="text\/turtle" href="\.\.\/ontology\.ttl">/);
    assert.equal((await get('ontology', 'image/png')).status, 406);
    void ONTOLOGY;
  });

  it('gives an entity\'s claims and their evidence in its Turtle and JSON-LD files', async () => {
    const iri = `${ID}person/eugene-kaspersky`;
    const rows = await kg.select(`PREFIX kg: <${KG}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT DISTINCT ?c ?e ?doc WHERE {
      { ?p rdf:subject <${iri}> } UNION { ?p rdf:object <${iri}> } ?c kg:states|kg:denies ?p ; kg:evidence ?e . ?e kg:document ?doc }`);
    assert.ok(rows.length > 0);
    for (const t of ['text/turtle', 'application/ld+json']) {
      const r = await get('id/person/eugene-kaspersky', t);
      const triples = await triplesOf(t, await r.text(), server.url);
      for (const x of rows) {
        assert.ok(triples.has(`${x.c!.value} ${KG}evidence ${x.e!.value}`), `${t}: ${x.c!.value} without its evidence`);
        assert.ok(triples.has(`${x.e!.value} ${KG}document ${x.doc!.value}`), `${t}: ${x.e!.value} without its document`);
      }
    }
  });
});
