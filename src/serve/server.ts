/**
 * The local SPARQL endpoint: SPARQL 1.1 Protocol over Node's `http` (query via GET, POST form or POST
 * `application/sparql-query`; results by `Accept`), read-only, with a per-query timeout, a result-size
 * limit, a bound on concurrent queries (a worker pool), a request-size limit and configurable CORS. It
 * also serves the static site. Bad input never crashes it: every request ends with a status and a message.
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryPool, type QueryOutcome } from '../query/pool.js';
import { alternateFormat, chooseFormat, FormatParameterError, FORMAT_PARAMETERS, queryForm, type ResultFormat } from './negotiate.js';
import { resolveStatic, type SiteSource } from './static.js';
import { serviceDescriptionQuery } from './service-description.js';
import { parseFormStrict, RequestTextError, strictUtf8 } from './form.js';
import { checkQueryText, QueryTextError, shortFirstLine } from '../query/guard.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The dataset as N-Quads (what the workers load). */
  nquads: string;
  /** Interface to bind (default `127.0.0.1`: loopback only). */
  host?: string;
  /** Port (default 7878; 0 picks a free one). */
  port?: number;
  /** Queries run at once, one worker each (default 2). */
  workers?: number;
  /** Per-query time limit in ms (default 10 000). */
  queryTimeoutMs?: number;
  /** Largest serialised result in bytes (default 16 MiB). */
  maxResultBytes?: number;
  /** Largest request body (and query text) in bytes (default 256 KiB). */
  maxRequestBytes?: number;
  /** Queries allowed to wait for a worker (default 32). */
  maxQueue?: number;
  /** How far the process may grow while a query runs, in MiB; beyond it the query is stopped with 422 (default 512). */
  memoryLimitMb?: number;
  /** CORS: allowed origins (`['*']` for any); none (default) sends no CORS headers. */
  corsOrigins?: readonly string[];
  /**
   * The static site to serve at `/` (none: only `/sparql`). A promise (a site still being built) is
   * answered with 503 and `Retry-After` until it resolves; the endpoint works meanwhile.
   */
  site?: SiteSource | Promise<SiteSource>;
  /** One line per request (method, path, status, duration). */
  log?: (line: string) => void;
}

/** A running endpoint. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:7878/`. */
  readonly url: string;
  /** The SPARQL endpoint URL (`<url>sparql`). */
  readonly endpoint: string;
  /** The bound port. */
  readonly port: number;
  /** The Node server. */
  readonly server: http.Server;
  /** The worker pool. */
  readonly pool: QueryPool;
  /** Stops accepting connections, ends open ones and stops the workers. */
  close(): Promise<void>;
}

/** An HTTP error with its status and a plain-text message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS_OF: Record<Exclude<QueryOutcome, { ok: true }>['kind'], number> = {
  query: 400,
  'too-large': 422,
  timeout: 503,
  memory: 422,
  'too-complex': 400,
  busy: 503,
  internal: 500,
  aborted: 499,
};

/** Largest request head (request line and headers) in bytes; a longer URL gets 414. */
const HEADER_LIMIT = 32 * 1024;

/** Reads a request body up to `limit` bytes (413 beyond it). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `request body of ${declared} bytes is larger than the limit of ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(new HttpError(413, `request body larger than the limit of ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) (done = true), resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!done) (done = true), reject(new HttpError(400, `could not read the request: ${e.message}`));
    });
  });
}

/** The protocol parameters of a query request. */
interface QueryRequest {
  query: string;
  defaultGraphs: string[];
  namedGraphs: string[];
  /** The `format`/`output`/`results` parameters, in request order. */
  formats: [string, string][];
}

/** A parameter given once, or repeated with the same value (as some clients do); differing values are refused. */
function single(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  if (new Set(all).size > 1) throw new HttpError(400, `conflicting "${name}" parameters: ${all.length} different values given; send one`);
  return all[0];
}

function formatParams(params: URLSearchParams): [string, string][] {
  return [...params].filter(([k]) => (FORMAT_PARAMETERS as readonly string[]).includes(k));
}

function fromParams(params: URLSearchParams, bodyQuery?: string): QueryRequest | undefined {
  if (params.has('update')) throw new HttpError(403, 'this endpoint is read-only: SPARQL Update is not accepted');
  const query = bodyQuery ?? single(params, 'query');
  if (query === undefined) return undefined;
  return { query, defaultGraphs: [...new Set(params.getAll('default-graph-uri'))], namedGraphs: [...new Set(params.getAll('named-graph-uri'))], formats: formatParams(params) };
}

/** Picks the result format, turning a refused format parameter into its HTTP error. */
function pickFormat(form: Parameters<typeof chooseFormat>[0], accept: string | undefined, formats: [string, string][]): ResultFormat | undefined {
  try {
    return chooseFormat(form, accept, formats.length ? formats : undefined);
  } catch (error) {
    if (error instanceof FormatParameterError) throw new HttpError(error.status, error.message);
    throw error;
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Starts the endpoint: binds the port first (a port clash fails at once), then resolves once the workers
 * have loaded the data. Queries that arrive meanwhile wait for a worker.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const maxRequestBytes = options.maxRequestBytes ?? 256 * 1024;
  const cors = options.corsOrigins ?? [];
  const pool = new QueryPool({
    nquads: options.nquads,
    size: options.workers ?? 2,
    timeoutMs: options.queryTimeoutMs ?? 10_000,
    maxQueue: options.maxQueue ?? 32,
    maxResultBytes: options.maxResultBytes ?? 16 * 1024 * 1024,
    ...(options.memoryLimitMb === undefined ? {} : { memoryLimitMb: options.memoryLimitMb }),
  });
  let site: SiteSource | undefined = options.site instanceof Promise ? undefined : options.site;
  let siteFailed: string | undefined;
  if (options.site instanceof Promise) {
    options.site.then(
      (s) => void (site = s),
      (error: unknown) => {
        siteFailed = error instanceof Error ? error.message : String(error);
        options.log?.(`the site could not be built: ${siteFailed}`);
      },
    );
  }

  const corsHeaders = (req: http.IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (!cors.length || !origin) return {};
    if (cors.includes('*')) return { 'access-control-allow-origin': '*' };
    return cors.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
  };

  const send = (req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    const h: Record<string, string | number> = {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      ...corsHeaders(req),
      ...headers,
    };
    h['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, h);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  /** The endpoint's own IRI as the client addressed it (Host header), else the bound address. */
  const endpointIri = (req: http.IncomingMessage): string => {
    const hostHeader = req.headers.host;
    if (hostHeader && /^[A-Za-z0-9.-]+(?::\d+)?$|^\[[0-9A-Fa-f:.]+\](?::\d+)?$/.test(hostHeader)) return `http://${hostHeader}/sparql`;
    const a = server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/sparql`;
  };

  const handleSparql = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    // The query string read strictly (bad % escapes and invalid UTF-8 are refused), not as URL would.
    const rawUrl = req.url ?? '';
    const qs = rawUrl.indexOf('?');
    const urlParams = qs < 0 ? new URLSearchParams() : parseFormStrict(Buffer.from(rawUrl.slice(qs + 1), 'latin1'), "the URL's query string");
    let q: QueryRequest | undefined;
    if (req.method === 'GET' || req.method === 'HEAD') {
      q = fromParams(urlParams);
      if (!q) {
        if (options.site && /text\/html/.test(req.headers.accept ?? '')) throw new HttpError(303, 'see the SPARQL page', { location: '/sparql.html' });
        // SPARQL 1.1 Service Description: what this endpoint is, in any graph format the client accepts.
        q = { query: serviceDescriptionQuery(endpointIri(req)), defaultGraphs: [], namedGraphs: [], formats: formatParams(urlParams) };
      }
    } else if (req.method === 'POST') {
      const type = mediaType(req.headers['content-type']);
      if (type === 'application/sparql-update') throw new HttpError(403, 'this endpoint is read-only: SPARQL Update is not accepted');
      const body = await readBody(req, maxRequestBytes);
      if (type === 'application/x-www-form-urlencoded') {
        const params = parseFormStrict(body, 'the request body');
        for (const [k, v] of urlParams) if (k !== 'query') params.append(k, v);
        q = fromParams(params);
      } else if (type === 'application/sparql-query') {
        q = fromParams(urlParams, strictUtf8(body, 'the request body (application/sparql-query)'));
      } else throw new HttpError(415, 'POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query');
      if (!q) throw new HttpError(400, 'missing "query" parameter');
    } else throw new HttpError(405, 'use GET or POST', { allow: 'GET, HEAD, POST, OPTIONS' });

    if (Buffer.byteLength(q.query) > maxRequestBytes) throw new HttpError(413, `query larger than the limit of ${maxRequestBytes} bytes`);
    if (!q.query.trim()) throw new HttpError(400, 'empty query');
    checkQueryText(q.query);
    for (const g of [...q.defaultGraphs, ...q.namedGraphs]) if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(g)) throw new HttpError(400, `not an absolute IRI: ${g}`);
    const form = queryForm(q.query);
    if (form === 'UPDATE') throw new HttpError(403, 'this endpoint is read-only: SPARQL Update is not accepted');
    const format: ResultFormat | undefined = pickFormat(form, req.headers.accept, q.formats);
    if (!format) throw new HttpError(406, `none of the accepted media types (${req.headers.accept}) can carry ${form ?? 'this query'}'s results`);
    const alt = alternateFormat(format);
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    const outcome = await pool.run({ query: q.query, format: format.engine, altFormat: alt.engine, defaultGraphs: q.defaultGraphs, namedGraphs: q.namedGraphs }, abort.signal);
    res.off('close', onClose);
    if (!outcome.ok) {
      if (outcome.kind === 'aborted') return;
      const extra: Record<string, string> = outcome.kind === 'busy' || outcome.kind === 'timeout' ? { 'retry-after': '1' } : {};
      throw new HttpError(STATUS_OF[outcome.kind], outcome.kind === 'query' ? `SPARQL query error: ${outcome.message}` : outcome.message, extra);
    }
    const used = outcome.format === format.engine ? format : alt;
    send(req, res, 200, outcome.body, { 'content-type': used.contentType, vary: 'Accept' });
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => options.log?.(`${req.method} ${req.url?.slice(0, 200)} ${res.statusCode} ${Number((process.hrtime.bigint() - started) / 1000n) / 1000} ms`));
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        throw new HttpError(400, `malformed request target: ${JSON.stringify((req.url ?? '').slice(0, 100))}`);
      }
      if (req.method === 'OPTIONS') {
        const h = corsHeaders(req);
        send(req, res, 204, '', h['access-control-allow-origin'] ? { ...h, 'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS', 'access-control-allow-headers': 'content-type, accept', 'access-control-max-age': '600' } : { allow: 'GET, HEAD, POST, OPTIONS' });
        return;
      }
      if (url.pathname === '/sparql') return await handleSparql(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'the site is read-only: use GET', { allow: 'GET, HEAD' });
      if (!options.site) throw new HttpError(404, 'no site is served here; the SPARQL endpoint is /sparql');
      if (siteFailed) throw new HttpError(500, `the site could not be built: ${siteFailed}`);
      if (!site) throw new HttpError(503, 'the site is still being built; the SPARQL endpoint /sparql already answers', { 'retry-after': '2' });
      const a = resolveStatic(site, url.pathname, req.headers.accept);
      if (a.status === 200) send(req, res, 200, a.body, { 'content-type': a.type, 'cache-control': 'no-cache', ...(a.vary ? { vary: a.vary } : {}), ...a.headers });
      else if (a.status === 301 || a.status === 303) send(req, res, a.status, `moved to ${a.location}`, { location: a.location, ...a.headers });
      else throw new HttpError(a.status, a.message, a.headers);
    } catch (error) {
      if (error instanceof HttpError) send(req, res, error.status, `${shortFirstLine(error.message, 240)}\n`, error.headers);
      else if (error instanceof RequestTextError || error instanceof QueryTextError) send(req, res, 400, `${error.message}\n`);
      else {
        options.log?.(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        send(req, res, 500, 'internal server error\n');
      }
      // Do not read the rest of an oversized body: close the connection once the answer is out.
      if (error instanceof HttpError && error.status === 413) res.on('finish', () => req.destroy());
    }
  };

  const server = http.createServer({ maxHeaderSize: HEADER_LIMIT, requestTimeout: 60_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('clientError', (err: Error & { code?: string; rawPacket?: Buffer }, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    let status = '400 Bad Request';
    let message = `malformed HTTP request (${err.code ?? err.message})`;
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      // A request line that alone passes the limit is a URL too long (414); otherwise the headers are (431).
      const packet = err.rawPacket ?? Buffer.alloc(0);
      const eol = packet.indexOf('\n');
      if (eol < 0 || eol > HEADER_LIMIT / 2) {
        status = '414 URI Too Long';
        message = `the request URL is longer than ${HEADER_LIMIT / 1024} KiB: POST the query instead (application/sparql-query or a form body)`;
      } else {
        status = '431 Request Header Fields Too Large';
        message = `the request headers are larger than ${HEADER_LIMIT / 1024} KiB`;
      }
    } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = '408 Request Timeout';
      message = 'the request was not received in time';
    }
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message) + 1}\r\n\r\n${message}\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7878, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await pool.close();
    throw error;
  });
  try {
    await pool.ready();
  } catch (error) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pool.close();
    throw error;
  }
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const base = `http://${shownHost}:${addr.port}/`;
  let closing: Promise<void> | undefined;
  return {
    url: base,
    endpoint: `${base}sparql`,
    port: addr.port,
    server,
    pool,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await pool.close();
      })();
      return closing;
    },
  };
}
