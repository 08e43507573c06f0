/**
 * Hostile raw HTTP against the endpoint (`serve`'s server, started here on an ephemeral loopback port):
 * invalid UTF-8 and bad percent-encoding in query strings and bodies, deep nesting, engine-crashing chains,
 * resource bombs, oversized URLs and headers, malformed HTTP. Each case is sent as raw bytes over node:net
 * and must get its status and a clear one-line message; the same server answers every case and, after
 * each, a normal query correctly. A 10,000-deep query and engine crashes are followed by 20 normal queries
 * that must all be answered correctly.
 */
import { strict as assert } from 'node:assert';
import net from 'node:net';
import { Parser } from 'n3';
import { datasetNQuads } from '../src/data/dataset.js';
import { QueryPool } from '../src/query/pool.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { assertNoCrashOutput } from './support/hostile.js';

/** A short absolute IRI, so that 10,000-step chains fit in the 256 KiB request limit. */
const U = '<u:p>';
const rep = (s: string, n: number, sep = '') => Array<string>(n).fill(s).join(sep);
const enc = encodeURIComponent;
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
const CARTESIAN = 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const SLOW_COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const DEEP = `SELECT * WHERE ${rep('{', 10_000)} ?s ?p ?o ${rep('}', 10_000)}`;
const OR_CHAIN = `SELECT * WHERE { ?s ?p ?o FILTER(${rep('?o = 1', 5000, ' || ')}) }`;
/** The default graph's triple count, counted from the package's N-Quads. */
const TRIPLES = new Parser({ format: 'N-Quads' }).parse(datasetNQuads().text).filter((q) => q.graph.termType === 'DefaultGraph').length;

/** A raw answer. */
interface Answer {
  status: number;
  headers: string;
  body: string;
}

/** Sends `bytes` on a fresh connection and reads the answer until the server closes it (or 30 s pass). */
function send(port: number, bytes: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.setTimeout(30_000, () => sock.destroy());
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' && chunks.length ? undefined : reject(e)));
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      let body = split < 0 ? '' : text.slice(split + 4);
      if (/^transfer-encoding:\s*chunked/im.test(head)) body = unchunk(body);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
    // write, not end: a half-closed connection may be dropped before a slow answer is written.
    sock.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  });
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return out + rest;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** A GET request line and headers for `/sparql?<qs>` (qs given raw, as bytes in latin1). */
const get = (qs: string, headers = 'Accept: application/sparql-results+json\r\n'): string => `GET /sparql?${qs} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`;
/** A POST with the given content type and body bytes. */
const post = (type: string, body: Buffer | string): Buffer => {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`POST /sparql HTTP/1.1\r\nHost: localhost\r\nAccept: application/sparql-results+json\r\nContent-Type: ${type}\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`), b]);
};
const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** One raw HTTP case: the bytes, the expected status and message. */
interface HttpCase {
  name: string;
  request: string | Buffer;
  status: number;
  body?: RegExp;
}

const BAD_UTF8 = /is not valid UTF-8: byte 0x[0-9A-F]{2} at byte offset \d+/;
const DEPTH = /nested more than 128 deep at line \d+, column \d+ \(byte offset \d+\)/;
const STACK = /ran out of stack on this query/;

const cases: HttpCase[] = [
  // --- invalid UTF-8: 400 with the offset, never U+FFFD ---
  { name: 'GET: %FF in the query', request: get(`query=${enc('ASK { ?s ?p "')}%FF${enc('" }')}`), status: 400, body: /the "query" parameter \(percent-decoded\) in the URL's query string is not valid UTF-8: byte 0xFF at byte offset 13/ },
  { name: 'GET: overlong %C0%AF', request: get(`query=${enc('ASK {')}%C0%AF${enc('}')}`), status: 400, body: /byte 0xC0 at byte offset 5/ },
  { name: 'GET: a surrogate %ED%A0%80', request: get(`query=${enc('ASK {} #')}%ED%A0%80`), status: 400, body: /byte 0xED at byte offset 8/ },
  { name: 'GET: above U+10FFFF %F4%90%80%80', request: get(`query=%F4%90%80%80`), status: 400, body: /byte 0xF4 at byte offset 0/ },
  { name: 'GET: a sequence cut at the end %E2%82', request: get(`query=${enc('ASK {} #')}%E2%82`), status: 400, body: /byte 0xE2 at byte offset 8/ },
  { name: 'GET: a lone continuation byte %80', request: get(`query=%80${enc('ASK {}')}`), status: 400, body: /byte 0x80 at byte offset 0/ },
  { name: 'GET: invalid UTF-8 in default-graph-uri', request: get(`query=${enc('ASK {}')}&default-graph-uri=http%3A%2F%2Fx%FE`), status: 400, body: /the "default-graph-uri" parameter .* byte 0xFE at byte offset 8/ },
  { name: 'GET: invalid UTF-8 in a parameter name', request: get(`query=${enc('ASK {}')}&%FF=1`), status: 400, body: /a parameter name in the URL's query string is not valid UTF-8/ },
  { name: 'GET: a raw 0xFF byte in the request target', request: Buffer.concat([Buffer.from('GET /sparql?query=ASK%20%7B%7D%23'), Buffer.from([0xff]), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')]), status: 400 },
  { name: 'POST sparql-query: 0xFF in the body', request: post('application/sparql-query', bytes('ASK { ?s ?p "', [0xff], '" }')), status: 400, body: /the request body \(application\/sparql-query\) is not valid UTF-8: byte 0xFF at byte offset 13/ },
  { name: 'POST sparql-query: Latin-1 body with a charset', request: post('application/sparql-query; charset=iso-8859-1', Buffer.from('ASK { ?s ?p "Fran\xe7ais" }', 'latin1')), status: 400, body: /byte 0xE7 at byte offset 17/ },
  { name: 'POST sparql-query: UTF-16 body', request: post('application/sparql-query', Buffer.from('\ufeffASK {}', 'utf16le')), status: 400, body: /byte 0xFF at byte offset 0/ },
  { name: 'POST sparql-query: a cut sequence at the end', request: post('application/sparql-query', bytes('ASK {} #', [0xf0, 0x9f])), status: 400, body: /byte 0xF0 at byte offset 8/ },
  { name: 'POST form: %FF in the query', request: post('application/x-www-form-urlencoded', `query=${enc('ASK {')}%FF${enc('}')}`), status: 400, body: /the "query" parameter \(percent-decoded\) in the request body is not valid UTF-8: byte 0xFF at byte offset 5/ },
  { name: 'POST form: a raw 0xFE byte in the body', request: post('application/x-www-form-urlencoded', bytes('query=ASK+%7B%7D%23', [0xfe])), status: 400, body: /byte 0xFE at byte offset 7/ },
  { name: 'POST form: overlong NUL %C0%80', request: post('application/x-www-form-urlencoded', `query=%C0%80`), status: 400, body: BAD_UTF8 },
  { name: 'POST form: invalid UTF-8 in named-graph-uri', request: post('application/x-www-form-urlencoded', `query=${enc('ASK {}')}&named-graph-uri=%FF`), status: 400, body: /"named-graph-uri" parameter/ },
  // valid UTF-8 is answered
  { name: 'GET: Cyrillic and astral text', request: get(`query=${enc('SELECT (STRLEN("Касперский 𝔘") AS ?n) WHERE {}')}`), status: 200, body: /"value":"12"/ },
  { name: 'POST sparql-query: a UTF-8 byte order mark', request: post('application/sparql-query', bytes([0xef, 0xbb, 0xbf], 'SELECT (1 AS ?n) WHERE {}')), status: 200, body: /"value":"1"/ },
  { name: 'POST form: + for spaces', request: post('application/x-www-form-urlencoded', 'query=ASK+%7B%7D'), status: 200, body: /"boolean":true/ },
  { name: 'GET: + for spaces', request: get('query=ASK+%7B%7D'), status: 200, body: /"boolean":true/ },

  // --- bad percent-encoding: 400, said as such ---
  { name: 'GET: %zz', request: get('query=%zz'), status: 400, body: /bad percent-encoding "%zz" at byte offset 6 of the URL's query string/ },
  { name: 'GET: a % at the end', request: get(`query=${enc('ASK {}')}%`), status: 400, body: /bad percent-encoding "%" at byte offset 18/ },
  { name: 'GET: a % with one hex digit at the end', request: get(`query=${enc('ASK {}')}%4`), status: 400, body: /bad percent-encoding "%4"/ },
  { name: 'GET: %G1 in another parameter', request: get(`query=${enc('ASK {}')}&format=%G1`), status: 400, body: /bad percent-encoding "%G1"/ },
  { name: 'GET: %%', request: get('query=%%41'), status: 400, body: /bad percent-encoding "%%4"/ },
  { name: 'POST form: %zz in the body', request: post('application/x-www-form-urlencoded', 'query=%zz'), status: 400, body: /bad percent-encoding "%zz" at byte offset 6 of the request body/ },
  { name: 'POST form: a % at the end of the body', request: post('application/x-www-form-urlencoded', `query=${enc('ASK {}')}%`), status: 400, body: /bad percent-encoding/ },
  { name: 'GET: the path itself badly encoded', request: 'GET /%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', status: 404 },

  // --- deep nesting: refused before the engine ---
  { name: 'POST sparql-query: 10,000-deep groups', request: post('application/sparql-query', DEEP), status: 400, body: DEPTH },
  { name: 'POST form: 10,000-deep parentheses', request: post('application/x-www-form-urlencoded', `query=${enc(`ASK { FILTER(${rep('(', 10_000)}true${rep(')', 10_000)}) }`)}`), status: 400, body: DEPTH },
  { name: 'POST sparql-query: 10,000-deep blank node brackets', request: post('application/sparql-query', `ASK { ?s ${U} ${rep(`[ ${U} `, 10_000)} 1 ${rep(']', 10_000)} }`), status: 400, body: DEPTH },
  { name: 'POST sparql-query: 10,000-deep << >>', request: post('application/sparql-query', `ASK { ${rep('<< ', 10_000)}?s ?p ?o${rep(' >>', 10_000)} ?q ?r }`), status: 400, body: DEPTH },
  { name: 'GET: 5,000-deep groups', request: get(`query=${rep('%7B', 5000)}`), status: 400, body: DEPTH },
  { name: 'POST sparql-query: 10,000 braces inside a string are text', request: post('application/sparql-query', `SELECT (STRLEN("${rep('{', 10_000)}") AS ?n) WHERE {}`), status: 200, body: /"value":"10000"/ },
  { name: 'POST sparql-query: 10,000 parentheses inside a comment are text', request: post('application/sparql-query', `# ${rep('(', 10_000)}\nASK {}`), status: 200, body: /"boolean":true/ },

  // --- chains that exhaust the engine's stack: a clear 400, the worker replaced ---
  { name: 'POST: 5,000 ||', request: post('application/sparql-query', OR_CHAIN), status: 400, body: STACK },
  { name: 'POST: 10,000 UNION branches', request: post('application/sparql-query', `SELECT * WHERE { ${rep(`{ ?s ${U} ?o }`, 10_000, ' UNION ')} }`), status: 400, body: STACK },
  { name: 'POST: 10,000 negations', request: post('application/sparql-query', `ASK { FILTER(${rep('!', 10_000)}true) }`), status: 400, body: STACK },
  { name: 'POST: 10,000 additions', request: post('application/sparql-query', `SELECT * WHERE { BIND(${rep('1', 10_000, ' + ')} AS ?x) }`), status: 400, body: STACK },
  { name: 'POST: 10,000-step path', request: post('application/sparql-query', `SELECT * WHERE { ?s ${rep(U, 10_000, '/')} ?o }`), status: 400, body: STACK },

  // --- resource bombs ---
  { name: 'GET: the cartesian bomb', request: get(`query=${enc(CARTESIAN)}`), status: 0, body: /the query (?:used more than \d+ MiB of memory|ran longer than \d+ ms) and was stopped/ },
  { name: 'GET: a cube counted: the time limit', request: get(`query=${enc(SLOW_COUNT)}`), status: 503, body: /the query ran longer than 4000 ms and was stopped/ },
  { name: 'GET: a result over the size limit', request: get(`query=${enc('SELECT * WHERE { ?s ?p ?o }')}`), status: 422, body: /the result has \d+ bytes, more than the limit of 1048576/ },

  // --- URL, headers, HTTP framing ---
  { name: 'a 100 KB URL', request: get(`query=${enc('ASK {}')}${rep('%20', 34_000)}`), status: 414, body: /the request URL is longer than 32 KiB: POST the query instead/ },
  { name: 'a 40 KB header', request: `GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Big: ${rep('a', 40_000)}\r\nConnection: close\r\n\r\n`, status: 431, body: /request headers are larger than 32 KiB/ },
  { name: 'not HTTP at all', request: 'THIS IS NOT HTTP\r\n\r\n', status: 400, body: /malformed HTTP request/ },
  { name: 'a NUL in the request line', request: 'GET /sparql\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', status: 400, body: /malformed HTTP request/ },
  { name: 'a header without a colon', request: 'GET /sparql HTTP/1.1\r\nHost x\r\n\r\n', status: 400, body: /malformed HTTP request/ },
  { name: 'two different Content-Lengths', request: 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 6\r\nContent-Length: 7\r\n\r\nASK {}', status: 400, body: /malformed HTTP request/ },
  { name: 'a bad chunk size', request: 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nASK {}\r\n0\r\n\r\n', status: 400, body: /malformed HTTP request/ },
  { name: 'a body over the request limit', request: post('application/sparql-query', `ASK {} #${rep('x', 300_000)}`), status: 413, body: /larger than the limit of 262144 bytes/ },
  { name: 'a malformed absolute-form target', request: 'GET http://[::1/sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 400 },
  { name: 'HTTP/1.0 without Host', request: `GET /sparql?query=${enc('ASK {}')} HTTP/1.0\r\nAccept: application/sparql-results+json\r\n\r\n`, status: 200, body: /"boolean":true/ },
  { name: 'an absolute-form target', request: `GET http://localhost/sparql?query=${enc('ASK {}')} HTTP/1.1\r\nHost: localhost\r\nAccept: application/sparql-results+json\r\nConnection: close\r\n\r\n`, status: 200, body: /"boolean":true/ },

  // --- refused queries and parameters ---
  { name: 'an update in the query parameter', request: get(`query=${enc('DELETE WHERE { ?s ?p ?o }')}`), status: 403, body: /read-only/ },
  { name: 'an update parameter', request: get(`update=${enc('DELETE WHERE { ?s ?p ?o }')}`), status: 403, body: /read-only/ },
  { name: 'an unknown format', request: get(`query=${enc('ASK {}')}&format=application%2Fx-nonsense`), status: 406 },
  { name: 'conflicting query parameters', request: get(`query=${enc('ASK {}')}&query=${enc('ASK { ?s ?p ?o }')}`), status: 400, body: /conflicting "query" parameters/ },
  { name: 'an empty query', request: get('query='), status: 400, body: /empty query/ },
  { name: 'a NUL byte in the query', request: get(`query=${enc('ASK {')}%00${enc('}')}`), status: 400, body: /SPARQL query error/ },
  { name: 'a syntax error', request: get(`query=${enc('SELCT * WHERE {}')}`), status: 400, body: /SPARQL query error: error at 1:1/ },
  { name: 'SERVICE to a remote endpoint', request: get(`query=${enc('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')}`), status: 400, body: /SPARQL query error/ },
  { name: 'a relative default-graph-uri', request: get(`query=${enc('ASK {}')}&default-graph-uri=relative`), status: 400, body: /not an absolute IRI/ },
  { name: 'PUT', request: 'PUT /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', status: 405 },
  { name: 'POST without a content type', request: 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nConnection: close\r\n\r\nASK {}', status: 415 },
  { name: 'POST form without a query', request: post('application/x-www-form-urlencoded', 'format=json'), status: 400, body: /missing "query" parameter/ },
];

describe('hostile HTTP: raw requests against the endpoint', function () {
  this.timeout(120_000);
  let server: RunningServer;

  const count = async (): Promise<number> => {
    const a = await send(server.port, get(`query=${enc(COUNT)}`));
    assert.equal(a.status, 200, a.body);
    return Number((JSON.parse(a.body) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]!.n.value);
  };

  before(async () => {
    server = await startServer({ nquads: datasetNQuads().text, port: 0, workers: 2, queryTimeoutMs: 4000, maxResultBytes: 1024 * 1024 });
  });
  after(async () => server?.close());

  for (const c of cases) {
    it(c.name, async () => {
      const a = await send(server.port, c.request);
      if (c.status) assert.equal(a.status, c.status, `${c.name}: ${a.status} ${a.body.slice(0, 300)}`);
      else assert.ok(a.status === 422 || a.status === 503, `${c.name}: ${a.status} ${a.body.slice(0, 300)}`);
      if (c.body) assert.match(a.body, c.body);
      if (a.status >= 400) {
        assert.ok(a.body.split('\n')[0]!.length <= 300, `${c.name}: first line of ${a.body.length} characters`);
        assertNoCrashOutput(a.body, c.name);
        assert.doesNotMatch(a.body, /\uFFFD/);
      }
      // The same server answers the next query correctly.
      assert.equal(await count(), TRIPLES);
    });
  }

  it('a 10,000-deep query followed by 20 normal queries: 20 correct answers', async () => {
    assert.equal((await send(server.port, post('application/sparql-query', DEEP))).status, 400);
    const answers = await Promise.all(Array.from({ length: 20 }, () => count()));
    assert.deepEqual(answers, Array<number>(20).fill(TRIPLES));
  });

  it('engine crashes (stack exhausted in the engine) followed by 20 normal queries each: every answer correct', async () => {
    const before = server.pool.stats().crashes;
    for (let round = 0; round < 3; round++) {
      // The crash and the innocent queries race for the same two workers.
      const crash = send(server.port, post('application/sparql-query', OR_CHAIN));
      const answers = Promise.all(Array.from({ length: 20 }, () => count()));
      assert.equal((await crash).status, 400);
      assert.deepEqual(await answers, Array<number>(20).fill(TRIPLES));
    }
    assert.ok(server.pool.stats().crashes >= before + 3, 'the crashes were real');
  });
});

describe('query pool: a crashed or exiting worker never receives the next query', function () {
  this.timeout(120_000);
  it('on a one-worker pool, the query sent right behind a crashing one is answered correctly (10 rounds)', async () => {
    const pool = new QueryPool({ nquads: datasetNQuads().text, size: 1, timeoutMs: 20_000 });
    try {
      await pool.ready();
      const job = (query: string) => ({ query, format: 'application/sparql-results+json', altFormat: 'application/n-triples' });
      for (let round = 0; round < 10; round++) {
        const crash = pool.run(job(OR_CHAIN));
        const next = pool.run(job(COUNT));
        const c = await crash;
        assert.ok(!c.ok && c.kind === 'too-complex', JSON.stringify(c).slice(0, 300));
        const n = await next;
        assert.ok(n.ok, JSON.stringify(n).slice(0, 300));
        assert.equal(JSON.parse(n.body).results.bindings[0].n.value, String(TRIPLES));
      }
      assert.equal(pool.stats().crashes, 10);
    } finally {
      await pool.close();
    }
  });

  it('a worker that is terminated from outside is replaced and the next query is answered', async () => {
    const pool = new QueryPool({ nquads: datasetNQuads().text, size: 1 });
    try {
      await pool.ready();
      const worker = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!.worker;
      await worker.terminate();
      const n = await pool.run({ query: COUNT, format: 'application/sparql-results+json', altFormat: 'application/n-triples' });
      assert.ok(n.ok, JSON.stringify(n).slice(0, 300));
      assert.equal(JSON.parse(n.body).results.bindings[0].n.value, String(TRIPLES));
    } finally {
      await pool.close();
    }
  });
});
