/**
 * The local SPARQL endpoint over real HTTP on 127.0.0.1 (ephemeral ports): SPARQL 1.1 Protocol (GET, POST
 * form, POST sparql-query), results by Accept, read-only, limits (timeout, result size, concurrency,
 * request size), CORS, bad input, and third-party clients (curl, Python SPARQLWrapper and rdflib).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { Parser } from 'n3';
import { datasetNQuads } from '../src/data/dataset.js';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { competencyQuestions } from '../src/data/competency.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { memorySite } from '../src/serve/static.js';

const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
/** A query whose result grows as the cube of the default graph: never finishes within the test timeouts. */
const ENDLESS = 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

async function get(endpoint: string, query: string, accept?: string, extra = ''): Promise<Response> {
  return fetch(`${endpoint}?query=${encodeURIComponent(query)}${extra}`, accept ? { headers: { accept } } : {});
}

function run(cmd: string, args: string[], timeout = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Sends raw bytes over TCP and returns whatever the server answers before closing. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    sock.setTimeout(10_000, () => sock.destroy());
    sock.on('data', (d) => (out += d.toString('latin1')));
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
    sock.write(bytes);
  });
}

describe('serve: SPARQL endpoint', function () {
  this.timeout(120_000);
  let nquads: string;
  let server: RunningServer;
  let kg: KasperskyGraph;
  let triples: string;

  before(async () => {
    nquads = datasetNQuads().text;
    server = await startServer({
      nquads,
      port: 0,
      workers: 2,
      site: memorySite(new Map([['index.html', '<!DOCTYPE html><title>home</title>'], ['sparql.html', '<!DOCTYPE html><title>q</title>']])),
    });
    kg = await openGraph();
    const rows = await kg.select(COUNT);
    triples = rows[0]!.n!.value;
  });
  after(async () => {
    await server?.close();
  });

  it('binds to loopback by default', () => {
    const addr = server.server.address() as net.AddressInfo;
    assert.equal(addr.address, '127.0.0.1');
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/sparql$/);
  });

  it('answers GET, POST form and POST application/sparql-query alike, with the embedded graph\'s answer', async () => {
    const viaGet = await get(server.endpoint, COUNT);
    const viaForm = await fetch(server.endpoint, { method: 'POST', body: new URLSearchParams({ query: COUNT }) });
    const viaBody = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: COUNT });
    for (const r of [viaGet, viaForm, viaBody]) {
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /^application\/sparql-results\+json/);
      const j = (await r.json()) as { results: { bindings: { n: { value: string } }[] } };
      assert.equal(j.results.bindings[0]!.n.value, triples);
    }
  });

  it('serialises SELECT and ASK results as JSON, XML, CSV and TSV by Accept (or ?format=)', async () => {
    const q = 'SELECT ?s WHERE { ?s a <https://w3id.org/kaspersky-kg/ontology#Claim> } ORDER BY STR(?s) LIMIT 3';
    const csv = await get(server.endpoint, q, 'text/csv');
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    assert.equal(lines[0], 's');
    assert.equal(lines.length, 4);
    const tsv = await get(server.endpoint, q, 'text/tab-separated-values');
    assert.match(tsv.headers.get('content-type')!, /^text\/tab-separated-values/);
    assert.match((await tsv.text()).split('\n')[1]!, /^<https:\/\/w3id\.org\/kaspersky-kg\/claim\//);
    const xml = await get(server.endpoint, q, 'application/sparql-results+xml');
    assert.match(xml.headers.get('content-type')!, /^application\/sparql-results\+xml/);
    assert.match(await xml.text(), /<sparql xmlns="http:\/\/www\.w3\.org\/2005\/sparql-results#">/);
    const ask = await get(server.endpoint, 'ASK { ?s ?p ?o }', 'application/sparql-results+json');
    assert.deepEqual(await ask.json(), { head: {}, boolean: true });
    const viaParam = await get(server.endpoint, q, 'application/sparql-results+json', '&format=csv');
    assert.match(viaParam.headers.get('content-type')!, /^text\/csv/);
    assert.equal(viaParam.headers.get('vary'), 'Accept');
  });

  it('serialises CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML', async () => {
    const q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 25';
    const ttl = await get(server.endpoint, q);
    assert.match(ttl.headers.get('content-type')!, /^text\/turtle/);
    assert.equal(new Parser({ format: 'Turtle' }).parse(await ttl.text()).length, 25);
    const nt = await get(server.endpoint, q, 'application/n-triples');
    assert.match(nt.headers.get('content-type')!, /^application\/n-triples/);
    assert.equal(new Parser({ format: 'N-Triples' }).parse(await nt.text()).length, 25);
    const ld = await get(server.endpoint, q, 'application/ld+json');
    assert.match(ld.headers.get('content-type')!, /^application\/ld\+json/);
    const doc = (await ld.json()) as { '@id': string }[];
    assert.ok(Array.isArray(doc) && doc.length > 0 && doc.every((n) => typeof n['@id'] === 'string'));
    const xml = await get(server.endpoint, q, 'application/rdf+xml');
    assert.match(await xml.text(), /<rdf:RDF/);
    const d = await get(server.endpoint, 'DESCRIBE <https://w3id.org/kaspersky-kg/id/kaspersky>', 'application/n-triples');
    assert.equal(d.status, 200);
    assert.ok(new Parser({ format: 'N-Triples' }).parse(await d.text()).length > 0);
  });

  it('answers claim questions from the default graph alone (no GRAPH clause): C21 is contradicted, not licensed, and never a plain triple', async () => {
    // The article's C21 ("the sanctions bar US customers from conducting transactions with Kaspersky") is
    // contradicted by the reports that OFAC designated twelve executives, not the company.
    const q = `PREFIX kg: <https://w3id.org/kaspersky-kg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
      SELECT ?licensed ?byKey ?quote ?plain WHERE {
        ?c kg:claimKey "C21" ; kg:verification kg:Contradicted ; kg:licensed ?licensed ; kg:contradictedBy ?by ; kg:states ?p .
        ?by kg:claimKey ?byKey ; kg:evidence/kg:quote ?quote .
        ?p rdf:subject ?s ; rdf:predicate ?pr ; rdf:object ?o .
        BIND(EXISTS { ?s ?pr ?o } AS ?plain) }`;
    const r = await get(server.endpoint, q, 'application/sparql-results+json');
    assert.equal(r.status, 200);
    const rows = ((await r.json()) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings;
    assert.ok(rows.length > 0, 'C21 and what contradicts it, in the default graph');
    for (const row of rows) {
      assert.equal(row.licensed!.value, 'false');
      assert.equal(row.plain!.value, 'false', 'a C21 proposition is a plain triple');
    }
    assert.ok(rows.some((row) => /did not (sanction|include) Kaspersky Lab/.test(row.quote!.value)), 'the reports\' words that OFAC did not designate Kaspersky Lab');
  });

  it('honours default-graph-uri and named-graph-uri', async () => {
    const onto = 'https://w3id.org/kaspersky-kg/graph/ontology';
    const r = await get(server.endpoint, COUNT, undefined, `&default-graph-uri=${encodeURIComponent(onto)}`);
    const n = ((await r.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]!.n.value;
    const expected = (await kg.select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${onto}> { ?s ?p ?o } }`))[0]!.n!.value;
    assert.equal(n, expected);
    const bad = await get(server.endpoint, COUNT, undefined, '&default-graph-uri=not%20an%20iri');
    assert.equal(bad.status, 400);
  });

  it('is read-only: SPARQL Update is refused with 403 in every form', async () => {
    const update = 'INSERT DATA { <urn:a> <urn:b> <urn:c> }';
    const asParam = await fetch(server.endpoint, { method: 'POST', body: new URLSearchParams({ update }) });
    const asBody = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: update });
    const asQuery = await get(server.endpoint, update);
    const viaGetParam = await fetch(`${server.endpoint}?update=${encodeURIComponent(update)}`);
    for (const r of [asParam, asBody, asQuery, viaGetParam]) {
      assert.equal(r.status, 403);
      assert.match(await r.text(), /read-only/);
    }
    const after = await get(server.endpoint, 'ASK { <urn:a> <urn:b> <urn:c> }');
    assert.equal(((await after.json()) as { boolean: boolean }).boolean, false);
  });

  it('answers a malformed query with 400 and the parser\'s message', async () => {
    const r = await get(server.endpoint, 'SELECT ?x WHERE { ?x ?y }');
    assert.equal(r.status, 400);
    assert.match(await r.text(), /SPARQL query error: error at 1:\d+/);
    const empty = await get(server.endpoint, '   ');
    assert.equal(empty.status, 400);
    // (GET without a query is the service description; a POST without one is an error.)
    const missing = await fetch(server.endpoint, { method: 'POST', body: new URLSearchParams({ format: 'json' }) });
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /missing "query"/);
    const twice = await fetch(`${server.endpoint}?query=ASK%7B%7D&query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D`);
    assert.equal(twice.status, 400);
  });

  it('refuses what it cannot do with the right status: 405, 406, 415', async () => {
    assert.equal((await fetch(server.endpoint, { method: 'PUT', body: 'x' })).status, 405);
    assert.equal((await get(server.endpoint, COUNT, 'image/png')).status, 406);
    assert.equal((await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: COUNT })).status, 415);
    assert.equal((await fetch(`${server.url}index.html`, { method: 'DELETE' })).status, 405);
  });

  it('format, output and results parameters: names and media types; unknown formats are 406, never silent JSON', async () => {
    const tsv = await get(server.endpoint, COUNT, undefined, '&output=tsv');
    assert.equal(tsv.status, 200);
    assert.match(tsv.headers.get('content-type')!, /^text\/tab-separated-values/);
    assert.match((await tsv.text()).trim().split('\n')[1]!, new RegExp(`^(${triples}|"${triples}"\\^\\^<http://www.w3.org/2001/XMLSchema#integer>)$`));
    const xml = await get(server.endpoint, COUNT, 'application/sparql-results+json', '&results=xml');
    assert.match(xml.headers.get('content-type')!, /^application\/sparql-results\+xml/);
    const rdfxml = await get(server.endpoint, 'CONSTRUCT WHERE { ?s a ?t } LIMIT 3', undefined, '&format=rdf%2Bxml');
    assert.equal(rdfxml.status, 200);
    assert.match(rdfxml.headers.get('content-type')!, /^application\/rdf\+xml/);
    for (const [extra, form] of [['&format=foo', COUNT], ['&output=text%2Fhtml', COUNT], ['&format=text%2Fcsv', 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1']] as const) {
      const r = await get(server.endpoint, form, undefined, extra);
      assert.equal(r.status, 406, extra);
      assert.match(await r.text(), /format/, extra);
    }
  });

  it('repeated parameters that agree are accepted (as SPARQLWrapper sends them), conflicting ones refused with a clear message', async () => {
    const agree = await get(server.endpoint, COUNT, 'text/tab-separated-values', '&format=tsv&format=text%2Ftab-separated-values&output=tsv&output=text%2Ftab-separated-values&results=tsv&results=text%2Ftab-separated-values');
    assert.equal(agree.status, 200);
    assert.match(agree.headers.get('content-type')!, /^text\/tab-separated-values/);
    const sameQuery = await fetch(`${server.endpoint}?query=${encodeURIComponent(COUNT)}&query=${encodeURIComponent(COUNT)}`);
    assert.equal(sameQuery.status, 200);
    const conflict = await get(server.endpoint, COUNT, undefined, '&format=json&output=xml');
    assert.equal(conflict.status, 400);
    assert.match(await conflict.text(), /conflicting format parameters: format=json .* output=xml/);
    const twoQueries = await fetch(`${server.endpoint}?query=${encodeURIComponent(COUNT)}&query=${encodeURIComponent('ASK {}')}`);
    assert.equal(twoQueries.status, 400);
    assert.match(await twoQueries.text(), /conflicting "query" parameters/);
  });

  it('answers GET /sparql without a query with its SPARQL 1.1 Service Description (Turtle, RDF/XML, ...)', async () => {
    const r = await fetch(server.endpoint, { headers: { accept: 'text/turtle' } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/turtle/);
    const quads = new Parser().parse(await r.text());
    const SD = 'http://www.w3.org/ns/sparql-service-description#';
    assert.ok(quads.some((q) => q.predicate.value === `${SD}endpoint` && q.object.value === server.endpoint), 'sd:endpoint names the endpoint');
    assert.ok(quads.some((q) => q.predicate.value === `${SD}supportedLanguage` && q.object.value === `${SD}SPARQL11Query`));
    assert.ok(quads.some((q) => q.predicate.value === `${SD}resultFormat` && q.object.value === 'http://www.w3.org/ns/formats/SPARQL_Results_TSV'));
    assert.ok(quads.some((q) => q.predicate.value === `${SD}name` && q.object.value === 'https://w3id.org/kaspersky-kg/graph/ontology'));
    const x = await fetch(server.endpoint, { headers: { accept: 'application/rdf+xml' } });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type')!, /^application\/rdf\+xml/);
    assert.match(await x.text(), /sparql-service-description/);
    assert.equal((await fetch(server.endpoint)).status, 200, 'no Accept header: Turtle');
  });

  it('sends a browser asking for /sparql without a query to the SPARQL page', async () => {
    const r = await fetch(server.endpoint, { headers: { accept: 'text/html' }, redirect: 'manual' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/sparql.html');
  });

  it('serves the site beside the endpoint', async () => {
    const r = await fetch(server.url);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/html/);
    assert.equal((await fetch(`${server.url}nothing-here.html`)).status, 404);
  });

  it('answers every competency question', async () => {
    for (const q of competencyQuestions()) {
      const r = await fetch(server.endpoint, { method: 'POST', body: new URLSearchParams({ query: q.query }), headers: { accept: 'application/sparql-results+json' } });
      assert.equal(r.status, 200, `${q.name}: ${r.status}`);
      const j = (await r.json()) as { results?: { bindings: unknown[] }; boolean?: boolean };
      const rows = await kg.select(q.query).catch(() => undefined);
      if (rows && j.results) assert.equal(j.results.bindings.length, rows.length, q.name);
    }
  });

  it('keeps answering after garbage on the wire, bad encodings and aborted requests', async () => {
    const garbage = await raw(server.port, 'THIS IS NOT HTTP\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400/);
    const badHeader = await raw(server.port, `GET /sparql HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(40_000)}\r\n\r\n`);
    assert.match(badHeader, /^HTTP\/1\.1 (400|431)/);
    assert.equal((await fetch(`${server.url}%E0%A4%A`)).status, 400);
    assert.equal((await fetch(`${server.endpoint}?query=%E0%A4%A`)).status, 400);
    // A client that goes away mid-query: its worker is replaced, the server goes on.
    const ac = new AbortController();
    const pending = fetch(`${server.endpoint}?query=${encodeURIComponent(ENDLESS)}`, { signal: ac.signal }).catch((e: Error) => e);
    while (server.pool.stats().running === 0) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    assert.ok((await pending) instanceof Error);
    const ok = await get(server.endpoint, COUNT);
    assert.equal(ok.status, 200);
  });

  describe('third-party clients', () => {
    it('curl: GET with --data-urlencode and Accept: text/csv', async function () {
      // curl is installed by the test setup (scripts/ensure-system-deps.sh).
      const r = await run('/usr/bin/curl', ['-sS', '-G', '--max-time', '30', '-H', 'Accept: text/csv', '--data-urlencode', `query=${COUNT}`, server.endpoint]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim().split(/\r?\n/)[1], triples);
    });
    it('Python SPARQLWrapper (SELECT as JSON, CONSTRUCT as Turtle) and rdflib parse the answers', async function () {
      const probe = await run('/usr/bin/python3', ['-c', 'import SPARQLWrapper, rdflib']);
      if (probe.code !== 0) {
        // Debian's python3-sparqlwrapper and python3-rdflib (scripts/ensure-system-deps.sh installs them).
        this.skip();
      }
      const script = `
import sys
from SPARQLWrapper import SPARQLWrapper, JSON, TURTLE, POST
ep = sys.argv[1]
s = SPARQLWrapper(ep)
s.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
s.setReturnFormat(JSON)
print(s.query().convert()["results"]["bindings"][0]["n"]["value"])
s.setMethod(POST)
s.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 10")
s.setReturnFormat(TURTLE)
import rdflib
g = rdflib.Graph()
g.parse(data=s.query().convert(), format="turtle")
print(len(g))
s.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
try:
    s.query()
    print("update accepted")
except Exception as e:
    print("update refused")
`;
      const r = await run('/usr/bin/python3', ['-c', script, server.endpoint]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n'), [triples, '10', 'update refused']);
    });
    it('Python SPARQLWrapper gets TSV (SELECT) and RDF/XML (CONSTRUCT), sending its repeated format parameters', async function () {
      // Debian's python3-sparqlwrapper (scripts/ensure-system-deps.sh installs it): no skip.
      const script = `
import sys
from SPARQLWrapper import SPARQLWrapper, TSV, RDFXML, XML
ep = sys.argv[1]
s = SPARQLWrapper(ep)
s.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
s.setReturnFormat(TSV)
r = s.query()
print(r.info()["content-type"].split(";")[0])
print(r.convert().decode("utf-8").strip().split("\\n")[1])
s.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 7")
s.setReturnFormat(RDFXML)
r = s.query()
print(r.info()["content-type"].split(";")[0])
print(len(r.convert()))
s.setQuery("ASK { ?s ?p ?o }")
s.setReturnFormat(XML)
print(s.query().convert().getElementsByTagName("boolean")[0].firstChild.data)
`;
      const r = await run('/usr/bin/python3', ['-c', script, server.endpoint]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.match(lines[1]!, new RegExp(`^(${triples}|"${triples}"\\^\\^<http://www.w3.org/2001/XMLSchema#integer>)$`));
      assert.deepEqual([lines[0], ...lines.slice(2)], ['text/tab-separated-values', 'application/rdf+xml', '7', 'true']);
    });
  });
});

describe('serve: limits', function () {
  this.timeout(120_000);
  let nquads: string;
  const servers: RunningServer[] = [];
  before(() => {
    nquads = datasetNQuads().text;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (o: Partial<Parameters<typeof startServer>[0]>) => {
    const s = await startServer({ nquads, port: 0, ...o });
    servers.push(s);
    return s;
  };

  it('stops a query at the per-query timeout with 503, replaces the worker and goes on', async () => {
    const s = await start({ workers: 1, queryTimeoutMs: 300 });
    const r = await get(s.endpoint, ENDLESS);
    assert.equal(r.status, 503);
    assert.match(await r.text(), /longer than 300 ms/);
    assert.equal(r.headers.get('retry-after'), '1');
    assert.equal(s.pool.stats().timeouts, 1);
    const ok = await get(s.endpoint, COUNT);
    assert.equal(ok.status, 200);
  });

  it('refuses a result larger than the limit with 422', async () => {
    const s = await start({ maxResultBytes: 2_000 });
    const r = await get(s.endpoint, 'SELECT * WHERE { ?s ?p ?o }');
    assert.equal(r.status, 422);
    assert.match(await r.text(), /limit of 2000/);
    assert.equal((await get(s.endpoint, 'ASK {}')).status, 200);
  });

  it('bounds concurrent queries: beyond the workers and the queue, 503', async () => {
    const s = await start({ workers: 1, maxQueue: 0, queryTimeoutMs: 60_000 });
    const ac = new AbortController();
    const slow = fetch(`${s.endpoint}?query=${encodeURIComponent(ENDLESS)}`, { signal: ac.signal }).catch((e: Error) => e);
    while (s.pool.stats().running === 0) await new Promise((r) => setTimeout(r, 10));
    const refused = await get(s.endpoint, COUNT);
    assert.equal(refused.status, 503);
    assert.match(await refused.text(), /too many queries/);
    ac.abort();
    await slow;
    let ok: Response | undefined;
    for (let i = 0; i < 200 && ok?.status !== 200; i++) {
      ok = await get(s.endpoint, COUNT);
      if (ok.status !== 200) await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(ok?.status, 200);
  });

  it('queues queries up to the queue bound and answers all of them', async () => {
    const s = await start({ workers: 1, maxQueue: 16 });
    const rs = await Promise.all(Array.from({ length: 12 }, () => get(s.endpoint, COUNT)));
    assert.deepEqual(rs.map((r) => r.status), Array(12).fill(200));
  });

  it('refuses a request body over the size limit with 413', async () => {
    const s = await start({ maxRequestBytes: 1_024 });
    const big = `SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(5_000)}`;
    const form = await fetch(s.endpoint, { method: 'POST', body: new URLSearchParams({ query: big }) });
    assert.equal(form.status, 413);
    const body = await fetch(s.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: big });
    assert.equal(body.status, 413);
    const viaGet = await get(s.endpoint, big);
    assert.equal(viaGet.status, 413);
    assert.equal((await get(s.endpoint, COUNT)).status, 200);
  });

  it('sends no CORS headers unless told, and only to the configured origins', async () => {
    const closed = await start({});
    const r0 = await get(closed.endpoint, COUNT, undefined);
    assert.equal(r0.headers.get('access-control-allow-origin'), null);
    const s = await start({ corsOrigins: ['http://yasgui.example'] });
    const ok = await fetch(`${s.endpoint}?query=${encodeURIComponent(COUNT)}`, { headers: { origin: 'http://yasgui.example' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://yasgui.example');
    const other = await fetch(`${s.endpoint}?query=${encodeURIComponent(COUNT)}`, { headers: { origin: 'http://elsewhere.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const pre = await fetch(s.endpoint, { method: 'OPTIONS', headers: { origin: 'http://yasgui.example', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-methods')!, /POST/);
    const any = await start({ corsOrigins: ['*'] });
    const star = await fetch(`${any.endpoint}?query=${encodeURIComponent(COUNT)}`, { headers: { origin: 'http://x.example' } });
    assert.equal(star.headers.get('access-control-allow-origin'), '*');
  });

  it('binds where it is told', async () => {
    // every 127.0.0.0/8 address is the loopback interface on Linux, where the tests run: the bind must succeed
    const s = await start({ host: '127.0.0.2' });
    const { address, port } = s.server.address() as net.AddressInfo;
    assert.equal(address, '127.0.0.2');
    assert.equal(s.endpoint, `http://127.0.0.2:${port}/sparql`);
    const r = await get(s.endpoint, COUNT);
    assert.equal(r.status, 200);
  });
});

describe('serve: a site still being built', function () {
  this.timeout(120_000);
  it('answers site pages with 503 and Retry-After until the site is ready, while /sparql already answers', async () => {
    let provide!: (s: ReturnType<typeof memorySite>) => void;
    const site = new Promise<ReturnType<typeof memorySite>>((r) => (provide = r));
    const s = await startServer({ nquads: datasetNQuads().text, port: 0, workers: 1, site });
    try {
      const early = await fetch(s.url);
      assert.equal(early.status, 503);
      assert.equal(early.headers.get('retry-after'), '2');
      assert.equal((await get(s.endpoint, 'ASK {}')).status, 200);
      provide(memorySite(new Map([['index.html', '<!DOCTYPE html><title>ready</title>']])));
      await site;
      const later = await fetch(s.url);
      assert.equal(later.status, 200);
      assert.match(await later.text(), /ready/);
    } finally {
      await s.close();
    }
  });
});
