import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { EmbeddedTarget, loadOxigraph } from '../src/query/embedded.js';
import { ACCEPT_RESULTS, RemoteQueryError, RemoteTarget } from '../src/query/remote.js';
import { QueryError, type Solution } from '../src/query/target.js';
import type { Bindings } from '../src/query/terms.js';
import { freePorts, loadNQuads, startVirtuoso, type VirtuosoHandle } from './support/virtuoso.js';

const { namedNode, literal } = DataFactory;
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/remote-fixture.nq');
const FACTS = 'https://example.org/kg/facts';
const CLAIM1 = 'https://example.org/kg/claim/1';
const CLAIM2 = 'https://example.org/kg/claim/2';
const KG = 'https://example.org/kg/';
const LAB = namedNode(`${KG}org/kaspersky-lab`);
const PREFIXES = `PREFIX kg: <${KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
`;

/** A term as text; blank node labels are dropped (engines mint their own). */
function termKey(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return '_:';
    case 'Literal':
      return `${JSON.stringify(t.value)}${t.language ? `@${t.language}` : `^^<${t.datatype.value}>`}`;
    default:
      return `${t.termType}:${t.value}`;
  }
}

/** Rows as sorted canonical strings: order-insensitive, variables in name order. */
function canonicalRows(rows: readonly Solution[]): string[] {
  return rows
    .map((r) =>
      Object.keys(r)
        .sort()
        .map((k) => `${k}=${termKey(r[k]!)}`)
        .join(' '),
    )
    .sort();
}

/** Calls `fn`, recording every fetch made meanwhile (method, URL, headers). */
async function recordFetches<T>(fn: () => Promise<T>): Promise<{ result: T; calls: { method: string; url: string; headers: Headers }[] }> {
  const original = globalThis.fetch;
  const calls: { method: string; url: string; headers: Headers }[] = [];
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers) });
    return original(input, init);
  };
  try {
    return { result: await fn(), calls };
  } finally {
    globalThis.fetch = original;
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the promise to reject');
}

describe('RemoteTarget against a real Virtuoso 7', function () {
  this.timeout(180_000);

  let vt: VirtuosoHandle | undefined;
  /** The realistic configuration: facts graph as default graph, claim graphs as named graphs. */
  let remote: RemoteTarget;
  /** default-graph-uri only (no named-graph-uri), to document Virtuoso's behaviour in that case. */
  let bare: RemoteTarget;
  let embedded: EmbeddedTarget;
  const fixture = readFileSync(FIXTURE, 'utf8');

  before(async function () {
    this.timeout(240_000);
    vt = await startVirtuoso();
    await loadNQuads(vt, FIXTURE, FACTS);
    remote = new RemoteTarget({ endpoint: vt.endpoint, graph: FACTS, namedGraphs: [CLAIM1, CLAIM2], timeoutMs: 60_000 });
    bare = new RemoteTarget({ endpoint: vt.endpoint, graph: FACTS, timeoutMs: 60_000 });
    embedded = new EmbeddedTarget(await loadOxigraph(fixture));
  });

  after(async function () {
    this.timeout(60_000);
    await vt?.stop();
  });

  async function sameRows(query: string, bindings?: Bindings, target: RemoteTarget = remote): Promise<string[]> {
    const [r, e] = await Promise.all([target.select(query, bindings), embedded.select(query, bindings)]);
    const rc = canonicalRows(r);
    assert.deepEqual(rc, canonicalRows(e), `remote vs embedded differ for:\n${query}`);
    return rc;
  }

  it('loads N-Quads: default-graph triples into the given graph, quads into their own graphs', async () => {
    const expected = new Map<string, number>();
    for (const q of new Parser({ format: 'N-Quads' }).parse(fixture)) {
      const g = q.graph.termType === 'DefaultGraph' ? FACTS : q.graph.value;
      expected.set(g, (expected.get(g) ?? 0) + 1);
    }
    // No dataset parameters: every graph on the server is a named graph.
    const whole = new RemoteTarget({ endpoint: vt!.endpoint });
    const rows = await whole.select('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g', { g: [FACTS, CLAIM1, CLAIM2].map((g) => namedNode(g)) });
    const got = new Map(rows.map((r) => [r.g!.value, Number(r.n!.value)]));
    assert.deepEqual(got, expected);
  });

  it('SELECT over the default graph returns the same rows as the embedded store', async () => {
    const rows = await sameRows('SELECT ?s ?p ?o WHERE { ?s ?p ?o }');
    assert.equal(rows.length, 18);
    // The normalisations did their job on the awkward values.
    assert.ok(rows.some((r) => r.includes('"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')));
    assert.ok(rows.some((r) => r.includes('@de-at')));
    assert.ok(rows.some((r) => r.includes(JSON.stringify('He said "no" to <that> {deal}.\nSecond line: Ünïcödé — ✓ 😀 \\ back\tslash'))));
  });

  it('SELECT with filters, optionals, ordering and aggregates matches the embedded store', async () => {
    await sameRows(`${PREFIXES}SELECT ?org ?label WHERE { ?org a kg:Organisation ; rdfs:label ?label FILTER(langMatches(LANG(?label), "de")) }`);
    await sameRows(`${PREFIXES}SELECT ?org WHERE { ?org kg:sanctioned true }`);
    await sameRows(`${PREFIXES}SELECT ?org ?d WHERE { ?org kg:founded ?d FILTER(?d < "2000-01-01"^^xsd:date) }`);
    await sameRows(`${PREFIXES}SELECT ?org ?parent ?n WHERE { ?org a kg:Organisation OPTIONAL { ?org kg:parent ?parent } OPTIONAL { ?org kg:employees ?n } }`);
    await sameRows(`${PREFIXES}SELECT (COUNT(*) AS ?c) (SUM(?n) AS ?total) (MAX(?n) AS ?max) WHERE { ?org kg:employees ?n }`);
    await sameRows(`${PREFIXES}SELECT ?org ?city WHERE { ?org kg:address ?a . ?a kg:city ?city }`);
    await sameRows(`${PREFIXES}SELECT ?org ?code ?share WHERE { ?org kg:code ?code ; kg:shareOfRevenue ?share }`);
  });

  it('ASK answers like the embedded store', async () => {
    for (const q of [`${PREFIXES}ASK { ?s kg:founded ?d }`, `${PREFIXES}ASK { ?s kg:founded "1900-01-01"^^xsd:date }`, 'ASK { ?s ?p "Moscow"@en }']) {
      assert.equal(await remote.ask(q), await embedded.ask(q), q);
    }
    assert.equal(await remote.ask(`${PREFIXES}ASK { ?s kg:founded ?d }`), true);
  });

  it('CONSTRUCT returns the same quads (isomorphic, blank nodes included)', async () => {
    for (const q of [
      'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }',
      `${PREFIXES}CONSTRUCT { ?s kg:name ?o ; kg:inGraph ?g } WHERE { GRAPH ?g { ?s rdfs:label ?o } }`,
      `CONSTRUCT { ?s ?p ?o } WHERE { BIND(<${LAB.value}> AS ?s) ?s ?p ?o }`,
    ]) {
      const [r, e] = await Promise.all([remote.construct(q), embedded.construct(q)]);
      assert.ok(r.length > 0);
      assert.ok(r.every((quad: Quad) => quad.graph.termType === 'DefaultGraph'));
      assert.ok(isomorphic(r, e), `CONSTRUCT results differ for ${q}`);
    }
    const empty = await remote.construct('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(false) }');
    assert.deepEqual(empty, []);
  });

  it('quirk: a CONSTRUCT template yielding a literal subject fails on Virtuoso (Oxigraph skips the triple)', async () => {
    const q = `${PREFIXES}CONSTRUCT { ?o kg:labelOf ?s } WHERE { ?s rdfs:label ?o }`;
    assert.deepEqual(await embedded.construct(q), []);
    const error = await rejection(remote.construct(q));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.status, 500);
    assert.equal(error.attempts, 1, 'a permanent Virtuoso error is not retried');
    assert.match(error.message, /RDF01/);
  });

  it('GRAPH queries over the named claim graphs match the embedded store', async () => {
    await sameRows(`SELECT ?s ?p ?o WHERE { GRAPH <${CLAIM1}> { ?s ?p ?o } }`);
    await sameRows(`${PREFIXES}SELECT ?g ?s ?d WHERE { VALUES ?g { <${CLAIM1}> <${CLAIM2}> } GRAPH ?g { ?s kg:bannedOn|kg:designatedOn ?d } }`);
    // Default graph and named graphs together: provenance links in the default graph lead to claims.
    await sameRows(`PREFIX prov: <http://www.w3.org/ns/prov#>
      SELECT ?claim ?src ?s ?p ?o WHERE { ?claim prov:wasDerivedFrom ?src GRAPH ?claim { ?s ?p ?o } }`);
    const rows = await sameRows('SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }');
    assert.equal(rows.length, 8);
    await sameRows(`SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }`, { g: namedNode(CLAIM2) });
  });

  it('quirk: with default-graph-uri but no named-graph-uri, Virtuoso hides constant GRAPH <iri> yet not GRAPH ?g', async () => {
    assert.deepEqual(await bare.select(`SELECT ?s WHERE { GRAPH <${CLAIM1}> { ?s ?p ?o } }`), []);
    const viaVariable = await bare.select('SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }', { g: namedNode(CLAIM1) });
    assert.equal(viaVariable.length, 3);
    const graphs = new Set((await bare.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')).map((r) => r.g!.value));
    assert.ok(graphs.has(FACTS), 'the default-graph-uri graph is visible as a named graph too');
    assert.ok(graphs.has('http://www.openlinksw.com/schemas/virtrdf#'), "and so are Virtuoso's system graphs");
  });

  it('binds awkward strings identically remote and embedded', async () => {
    const awkward = [
      'He said "no" to <that> {deal}.\nSecond line: Ünïcödé — ✓ 😀 \\ back\tslash', // exists in the data
      'a "quoted" value',
      'a > b',
      'close } brace',
      'two\nlines\r\n',
      '\\u0022 stays six characters',
      '\u0022',
      '\\',
      "' OR 1=1 } #",
      '😀 emoji and \u2028 separator',
    ];
    for (const s of awkward) {
      // Echo: the bound value comes back exactly.
      const echo = await sameRows('SELECT ?x WHERE { }', { x: literal(s) });
      assert.deepEqual(echo, [`x=${JSON.stringify(s)}^^<http://www.w3.org/2001/XMLSchema#string>`]);
      // Match: the value as an object.
      await sameRows('SELECT ?s ?p WHERE { ?s ?p ?x }', { x: literal(s) });
    }
    const hit = await sameRows('SELECT ?s ?p WHERE { ?s ?p ?x }', { x: literal(awkward[0]!) });
    assert.equal(hit.length, 1);
    const claim = await sameRows(`SELECT ?s WHERE { GRAPH <${CLAIM1}> { ?s ?p ?x } }`, { x: literal('Final determination "Kaspersky" > 0 } end', 'en') });
    assert.equal(claim.length, 1);
    const lang = await sameRows('SELECT ?s WHERE { ?s ?p ?x }', { x: literal('Kaspersky Labor', 'de-AT') });
    assert.equal(lang.length, 1);
  });

  it('sends short queries by GET and long ones (> 2 KB) by form-encoded POST', async () => {
    const short = await recordFetches(() => remote.select('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1'));
    assert.equal(short.calls.length, 1);
    assert.equal(short.calls[0]!.method, 'GET');
    assert.match(short.calls[0]!.url, /[?&]default-graph-uri=https%3A%2F%2Fexample\.org%2Fkg%2Ffacts/);

    const many = Array.from({ length: 60 }, (_, i) => namedNode(`${KG}org/padding-entity-number-${i}`));
    const bindings = { org: [...many, LAB] };
    const long = await recordFetches(() => sameRows(`${PREFIXES}SELECT ?org ?label WHERE { ?org rdfs:label ?label }`, bindings));
    const remoteCall = long.calls.filter((c) => c.url.startsWith(vt!.endpoint));
    assert.equal(remoteCall.length, 1);
    assert.equal(remoteCall[0]!.method, 'POST');
    assert.equal(remoteCall[0]!.headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal(long.result.length, 3);
  });

  it('never sends Content-Type application/sparql-query', async () => {
    const { calls } = await recordFetches(async () => {
      await remote.ask('ASK { ?s ?p ?o }');
      await remote.construct('CONSTRUCT WHERE { ?s ?p ?o }');
      await remote.select(`SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(3000)}`);
    });
    assert.equal(calls.length, 3);
    for (const c of calls) assert.notEqual(c.headers.get('content-type'), 'application/sparql-query');
  });

  it('refuses a query of the wrong form like the embedded target', async () => {
    for (const t of [remote, embedded]) {
      await assert.rejects(t.select('ASK { ?s ?p ?o }'), QueryError);
      await assert.rejects(t.ask('SELECT * WHERE { ?s ?p ?o }'), QueryError);
      await assert.rejects(t.construct('SELECT * WHERE { ?s ?p ?o }'), QueryError);
    }
  });

  it('a malformed query gives RemoteQueryError with status 400 and the server message, without retries', async () => {
    const error = await rejection(remote.select('SELEC * WHERE { ?s ?p ?o }'));
    assert.ok(error instanceof RemoteQueryError);
    assert.ok(error instanceof QueryError);
    assert.equal(error.code, 'http');
    assert.equal(error.status, 400);
    assert.equal(error.attempts, 1);
    assert.match(error.message, /HTTP 400/);
    assert.match(error.message, /SP030: SPARQL compiler, line \d+: syntax error/);
    assert.ok(error.serverMessage && error.serverMessage.length <= 501);
  });

  it('an unreachable port fails after the bounded retries with a clear error', async () => {
    const [port] = await freePorts(1);
    const endpoint = `http://127.0.0.1:${port}/sparql`;
    const dead = new RemoteTarget({ endpoint, retries: 2 });
    const error = await rejection(dead.ask('ASK {}'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.code, 'unreachable');
    assert.equal(error.attempts, 3);
    assert.match(error.message, new RegExp(`^SPARQL endpoint ${endpoint.replace(/[.?]/g, '\\$&')} unreachable after 3 attempts: .*ECONNREFUSED`));
  });

  it('maxResponseBytes: a response above the limit is aborted with a size-limit error', async () => {
    const small = new RemoteTarget({ endpoint: vt!.endpoint, graph: FACTS, maxResponseBytes: 200 });
    const error = await rejection(small.select('SELECT ?s ?p ?o WHERE { ?s ?p ?o }'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.code, 'too-large');
    assert.match(error.message, /larger than maxResponseBytes \(200 bytes/);
    // Below the limit it works.
    assert.equal((await small.select('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1')).length, 1);
  });
});

describe('RemoteTarget HTTP behaviour (local stub server)', function () {
  this.timeout(30_000);

  let server: Server;
  let endpoint: string;
  let handler: (req: IncomingMessage, body: string) => { status: number; type?: string; body: string | Buffer; chunked?: boolean };
  const requests: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        requests.push({ method: req.method!, url: req.url!, body, headers: req.headers });
        const out = handler(req, body);
        const headers: Record<string, string> = { 'content-type': out.type ?? 'application/sparql-results+json' };
        if (out.chunked) {
          res.writeHead(out.status, headers);
          const data = Buffer.from(out.body);
          let i = 0;
          const step = () => {
            if (i >= data.length || res.destroyed) return void res.end();
            res.write(data.subarray(i, (i += 1024)), () => setImmediate(step));
          };
          step();
        } else {
          res.writeHead(out.status, { ...headers, 'content-length': String(Buffer.byteLength(out.body)) });
          res.end(out.body);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (requests.length = 0));

  const ASK_TRUE = '{ "head": { "link": [] }, "boolean": true }';

  it('retries 5xx answers with backoff, then succeeds', async () => {
    let n = 0;
    handler = () => (++n < 3 ? { status: 503, type: 'text/plain', body: 'busy' } : { status: 200, body: ASK_TRUE });
    assert.equal(await new RemoteTarget({ endpoint, retries: 2 }).ask('ASK {}'), true);
    assert.equal(requests.length, 3);
  });

  it('gives up after the bounded retries with the status and message', async () => {
    handler = () => ({ status: 502, type: 'text/plain', body: 'bad gateway upstream' });
    const error = await rejection(new RemoteTarget({ endpoint, retries: 1 }).ask('ASK {}'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.status, 502);
    assert.equal(error.attempts, 2);
    assert.match(error.message, /HTTP 502 after 2 attempts: bad gateway upstream/);
    assert.equal(requests.length, 2);
  });

  it('never retries 4xx, and trims long server messages', async () => {
    handler = () => ({ status: 403, type: 'text/plain', body: `denied ${'x'.repeat(5000)}` });
    const error = await rejection(new RemoteTarget({ endpoint, retries: 3 }).ask('ASK {}'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.status, 403);
    assert.equal(requests.length, 1);
    assert.ok(error.message.length < 700, `message of ${error.message.length} characters`);
  });

  it('does not retry a deterministic Virtuoso 500 (query timed out on the server)', async () => {
    handler = () => ({ status: 500, type: 'text/plain', body: 'Virtuoso S1T00 Error SR171: Transaction timed out\n\nSPARQL query:\nSELECT ...' });
    const error = await rejection(new RemoteTarget({ endpoint, retries: 2 }).ask('ASK {}'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.status, 500);
    assert.equal(requests.length, 1);
    assert.match(error.message, /SR171: Transaction timed out/);
  });

  it('enforces maxResponseBytes while streaming a body without Content-Length', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `{ "x": { "type": "literal", "value": "${i}" } }`).join(',');
    handler = () => ({ status: 200, chunked: true, body: `{ "head": { "vars": ["x"] }, "results": { "bindings": [${rows}] } }` });
    const error = await rejection(new RemoteTarget({ endpoint, maxResponseBytes: 10_000 }).select('SELECT ?x WHERE {}'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.code, 'too-large');
    const ok = await new RemoteTarget({ endpoint }).select('SELECT ?x WHERE {}');
    assert.equal(ok.length, 2000);
  });

  it('merges extra headers and sends default-graph-uri and named-graph-uri', async () => {
    handler = () => ({ status: 200, body: ASK_TRUE });
    await new RemoteTarget({ endpoint, graph: FACTS, namedGraphs: [CLAIM1], headers: { authorization: 'Bearer t0ken', 'x-extra': '1' } }).ask('ASK {}');
    const r = requests[0]!;
    assert.equal(r.headers.authorization, 'Bearer t0ken');
    assert.equal(r.headers['x-extra'], '1');
    assert.equal(r.headers.accept, ACCEPT_RESULTS);
    const params = new URL(r.url, 'http://x').searchParams;
    assert.equal(params.get('query'), 'ASK {}');
    assert.equal(params.get('default-graph-uri'), FACTS);
    assert.deepEqual(params.getAll('named-graph-uri'), [CLAIM1]);
  });

  it('POST bodies carry query= and the dataset parameters form-encoded', async () => {
    handler = () => ({ status: 200, body: ASK_TRUE });
    const long = `ASK { ?s ?p "${'y'.repeat(2500)}" }`;
    await new RemoteTarget({ endpoint, graph: FACTS }).ask(long);
    const r = requests[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(r.body);
    assert.equal(form.get('query'), long);
    assert.equal(form.get('default-graph-uri'), FACTS);
  });

  it('accepts N-Triples labelled text/plain and Turtle for CONSTRUCT', async () => {
    handler = () => ({ status: 200, type: 'text/plain; charset=UTF-8', body: '<urn:a> <urn:b> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n' });
    const q1 = await new RemoteTarget({ endpoint }).construct('CONSTRUCT WHERE { ?s ?p ?o }');
    assert.ok(q1[0]!.object.equals(literal('true', namedNode('http://www.w3.org/2001/XMLSchema#boolean'))));
    assert.match(String(requests[0]!.headers.accept), /^application\/n-triples/);
    handler = () => ({ status: 200, type: 'text/turtle;charset=utf-8', body: '@prefix x: <urn:x#> .\nx:a x:b "Hallo"@DE-AT , 5 .' });
    const q2 = await new RemoteTarget({ endpoint }).construct('CONSTRUCT WHERE { ?s ?p ?o }');
    assert.deepEqual(q2.map((q) => termKey(q.object)).sort(), ['"5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"Hallo"@de-at']);
  });

  it('a non-JSON 200 answer to SELECT is a bad-response error, not a crash', async () => {
    handler = () => ({ status: 200, type: 'application/sparql-results+json', body: '<html>oops' });
    const error = await rejection(new RemoteTarget({ endpoint }).select('SELECT * WHERE {}'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.code, 'bad-response');
  });
});

describe('RemoteTarget timeouts and dying servers (a stub server the test controls)', function () {
  this.timeout(60_000);

  /** A server that accepts every connection and never answers (or sends headers and then stalls). */
  async function holdingServer(mode: 'silent' | 'headers-then-stall'): Promise<{ endpoint: string; close: () => Promise<void> }> {
    const held: import('node:http').ServerResponse[] = [];
    const server = createServer((_req, res) => {
      held.push(res);
      if (mode === 'headers-then-stall') {
        res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
        res.write('{ "head": { "vars": ["x"] }, "results": { "bindings": [');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`,
      close: () =>
        new Promise<void>((r) => {
          for (const res of held) res.destroy();
          server.closeAllConnections();
          server.close(() => r());
        }),
    };
  }

  it('timeoutMs: a server that never answers gives a timeout error, not a hang', async () => {
    const stub = await holdingServer('silent');
    try {
      const error = await rejection(new RemoteTarget({ endpoint: stub.endpoint, timeoutMs: 300, retries: 0 }).select('SELECT * WHERE { ?s ?p ?o }'));
      assert.ok(error instanceof RemoteQueryError);
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /did not answer within 300 ms/);
      assert.equal(error.attempts, 1);
    } finally {
      await stub.close();
    }
  });

  it('timeoutMs covers the body: headers then a stalled body is a timeout too', async () => {
    const stub = await holdingServer('headers-then-stall');
    try {
      const error = await rejection(new RemoteTarget({ endpoint: stub.endpoint, timeoutMs: 300, retries: 2 }).select('SELECT * WHERE { ?s ?p ?o }'));
      assert.ok(error instanceof RemoteQueryError);
      assert.equal(error.code, 'timeout');
      assert.equal(error.attempts, 1, 'a timeout is not retried');
    } finally {
      await stub.close();
    }
  });

  it('a server killed mid-query makes the in-flight and later queries reject with a clear error (no hang)', async () => {
    // The server is a separate process that holds every request open, so the kill is a real SIGKILL.
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', `
      const http = require('node:http');
      const s = http.createServer((req, res) => {
        if (new URL(req.url, 'http://x').searchParams.get('query') === 'ASK {}') {
          res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
          res.end('{ "boolean": true }');
        } else process.stdout.write('holding\\n'); // never answered
      });
      s.listen(0, '127.0.0.1', () => process.stdout.write('port ' + s.address().port + '\\n'));
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      const waitFor = (re: RegExp) =>
        new Promise<RegExpExecArray>((resolvePromise, reject) => {
          const check = () => {
            const m = re.exec(out);
            if (m) (child.stdout!.off('data', onData), resolvePromise(m));
          };
          const onData = (c: Buffer) => ((out += c.toString()), check());
          child.stdout!.on('data', onData);
          child.once('exit', () => reject(new Error(`stub exited early: ${out}`)));
          check();
        });
      const port = (await waitFor(/port (\d+)\n/))[1];
      const endpoint = `http://127.0.0.1:${port}/sparql`;
      const target = new RemoteTarget({ endpoint, retries: 2, timeoutMs: 30_000 });
      assert.equal(await target.ask('ASK {}'), true); // a pooled keep-alive connection now exists
      const inFlight = rejection(target.select('SELECT * WHERE { ?s ?p ?o }'));
      await waitFor(/holding\n/); // the server has the query
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const e1 = await inFlight;
      assert.ok(e1 instanceof RemoteQueryError, String(e1));
      assert.equal(e1.code, 'unreachable');
      assert.match(e1.message, /unreachable after 3 attempts/);
      const e2 = await rejection(target.ask('ASK {}'));
      assert.ok(e2 instanceof RemoteQueryError);
      assert.equal(e2.code, 'unreachable');
      assert.match(e2.message, new RegExp(`^SPARQL endpoint ${endpoint.replace(/[.?]/g, '\\$&')} unreachable after 3 attempts: .*ECONNREFUSED`));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

describe('RemoteTarget reads every SPARQL 1.1 result format (stub server answering in each)', function () {
  this.timeout(30_000);
  let server: Server;
  let endpoint: string;
  let answer: { type: string; body: string } = { type: 'application/sparql-results+json', body: '{}' };
  let lastAccept = '';

  before(async () => {
    server = createServer((req, res) => {
      lastAccept = String(req.headers.accept);
      res.writeHead(200, { 'content-type': answer.type });
      res.end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  const EXPECTED = [
    `lab=<${KG}org/kaspersky-lab> n="5000"^^<${XSD}integer> name="Лаборатория \\"Касперского\\""@ru`,
    `lab=<${KG}org/kaspersky-us> name="a\\tb"^^<${XSD}string>`,
  ];
  const SELECTS: [string, string][] = [
    ['application/sparql-results+json', JSON.stringify({ head: { vars: ['lab', 'name', 'n'] }, results: { bindings: [
      { lab: { type: 'uri', value: `${KG}org/kaspersky-lab` }, name: { type: 'literal', 'xml:lang': 'RU', value: 'Лаборатория "Касперского"' }, n: { type: 'literal', datatype: `${XSD}int`, value: '05000' } },
      { lab: { type: 'uri', value: `${KG}org/kaspersky-us` }, name: { type: 'literal', value: 'a\tb' } },
    ] } })],
    ['application/sparql-results+xml', `<?xml version="1.0" encoding="utf-8"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
<head><variable name="lab"/><variable name="name"/><variable name="n"/></head>
<results>
  <result><binding name="lab"><uri>${KG}org/kaspersky-lab</uri></binding><binding name="name"><literal xml:lang="ru">Лаборатория &quot;Касперского&quot;</literal></binding>
    <binding name="n"><literal datatype="${XSD}integer">5000</literal></binding></result>
  <!-- a comment -->
  <result><binding name="lab"><uri>${KG}org/kaspersky-us</uri></binding><binding name="name"><literal><![CDATA[a\tb]]></literal></binding></result>
</results>
</sparql>`],
    ['text/tab-separated-values; charset=utf-8', `?lab\t?name\t?n\n<${KG}org/kaspersky-lab>\t"Лаборатория \\"Касперского\\""@ru\t5000\n<${KG}org/kaspersky-us>\t"a\\tb"\t\n`],
  ];

  for (const [type, body] of SELECTS) {
    it(`SELECT answered as ${type.split(';')[0]}`, async () => {
      answer = { type, body };
      const rows = await new RemoteTarget({ endpoint }).select('SELECT ?lab ?name ?n WHERE { ?lab ?p ?name }');
      assert.deepEqual(canonicalRows(rows), EXPECTED);
      assert.equal(lastAccept, ACCEPT_RESULTS);
    });
  }

  it('SELECT answered as text/csv: IRIs, plain literals and unbound cells (CSV has no datatypes)', async () => {
    answer = { type: 'text/csv', body: `lab,name,n\r\n${KG}org/kaspersky-lab,"say ""hi"", twice",5000\r\n_:b1,,\r\n` };
    const rows = await new RemoteTarget({ endpoint }).select('SELECT ?lab ?name ?n WHERE { ?lab ?p ?name }');
    assert.deepEqual(canonicalRows(rows), [`lab=<${KG}org/kaspersky-lab> n="5000"^^<${XSD}string> name="say \\"hi\\", twice"^^<${XSD}string>`, 'lab=_:'].sort());
  });

  it('ASK answered as JSON, XML, TSV and CSV', async () => {
    const asks: [string, string, boolean][] = [
      ['application/sparql-results+json', '{ "head": {}, "boolean": false }', false],
      ['application/sparql-results+xml', '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>true</boolean></sparql>', true],
      ['text/tab-separated-values', '?_askResult\ntrue\n', true],
      ['text/csv', 'false\r\n', false],
    ];
    for (const [type, body, value] of asks) {
      answer = { type, body };
      assert.equal(await new RemoteTarget({ endpoint }).ask('ASK {}'), value, type);
    }
  });

  const TRIPLES = `<${KG}org/kaspersky-lab> <http://www.w3.org/2000/01/rdf-schema#label> "Kaspersky Lab"@en .\n<${KG}org/kaspersky-lab> <${KG}employees> "5000"^^<${XSD}integer> .\n`;
  const GRAPHS: [string, string][] = [
    ['application/n-triples', TRIPLES],
    ['text/turtle', `@prefix kg: <${KG}> .\nkg:org\\/kaspersky-lab <http://www.w3.org/2000/01/rdf-schema#label> "Kaspersky Lab"@EN ; kg:employees 5000 .`],
    ['application/rdf+xml', `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:kg="${KG}">
  <rdf:Description rdf:about="${KG}org/kaspersky-lab"><rdfs:label xml:lang="en">Kaspersky Lab</rdfs:label><kg:employees rdf:datatype="${XSD}integer">5000</kg:employees></rdf:Description>
</rdf:RDF>`],
    ['application/ld+json', JSON.stringify([{ '@id': `${KG}org/kaspersky-lab`, 'http://www.w3.org/2000/01/rdf-schema#label': [{ '@value': 'Kaspersky Lab', '@language': 'en' }], [`${KG}employees`]: [{ '@value': '5000', '@type': `${XSD}integer` }] }])],
  ];
  for (const [type, body] of GRAPHS) {
    it(`CONSTRUCT answered as ${type}`, async () => {
      answer = { type, body };
      const quads = await new RemoteTarget({ endpoint }).construct('CONSTRUCT WHERE { ?s ?p ?o }');
      assert.ok(isomorphic(quads, new Parser().parse(TRIPLES)), `${type}: ${quads.map((q) => termKey(q.object)).join(' ')}`);
    });
  }

  it('an HTML answer to CONSTRUCT is a bad-response error naming the media type', async () => {
    answer = { type: 'text/html', body: '<html><body>query form</body></html>' };
    const error = await rejection(new RemoteTarget({ endpoint }).construct('CONSTRUCT WHERE { ?s ?p ?o }'));
    assert.ok(error instanceof RemoteQueryError);
    assert.equal(error.code, 'bad-response');
    assert.match(error.message, /text\/html/);
  });
});
