/**
 * The endpoint's routes: what each request gets, apart from the HTTP server that carries it
 * (`server.ts` binds the port, starts the workers and answers malformed HTTP).
 *
 * | method  | path      | handled by                                                              |
 * |---------|-----------|-------------------------------------------------------------------------|
 * | OPTIONS | any       | {@link answerOptions}: CORS preflight, or the allowed methods           |
 * | GET, HEAD, POST | `/sparql` | {@link answerSparql}: a query (SPARQL 1.1 Protocol), or the service description |
 * | GET, HEAD | any other | {@link answerSite}: the static site (pages, data by content negotiation) |
 *
 * Every request ends with a status and a plain-text message ({@link sendError}); nothing a client sends
 * makes the handler throw.
 * @module
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueryOutcome, QueryPool } from '../query/pool.js';
import { alternateFormat, chooseFormat, FormatParameterError, FORMAT_PARAMETERS, queryForm, type ResultFormat } from './negotiate.js';
import { resolveStatic, type SiteSource } from './static.js';
import { serviceDescriptionQuery } from './service-description.js';
import { parseFormStrict, RequestTextError, strictUtf8 } from './form.js';
import { checkQueryText, QueryTextError, shortFirstLine } from '../query/guard.js';

/** What the routes need from the running server. */
export interface RouterContext {
  /** The worker pool that runs the queries. */
  readonly pool: QueryPool;
  /** Largest request body (and query text) in bytes. */
  readonly maxRequestBytes: number;
  /** CORS: allowed origins (`['*']` for any); empty sends no CORS headers. */
  readonly cors: readonly string[];
  /** Whether a site was given (it may still be being built). */
  readonly hasSite: boolean;
  /** The site as it stands now: built (`site`), failed (`failed`: why), or neither (still being built). */
  siteState(): { readonly site?: SiteSource | undefined; readonly failed?: string | undefined };
  /** The address the server is bound to (the endpoint's IRI when the request has no usable Host header). */
  address(): AddressInfo;
  /** One line per request (method, path, status, duration), and internal errors. */
  readonly log?: ((line: string) => void) | undefined;
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

/** The result-format parameters (`format`, `output`, `results`), in request order. */
function formatParams(params: URLSearchParams): [string, string][] {
  return [...params].filter(([k]) => (FORMAT_PARAMETERS as readonly string[]).includes(k));
}

/** The query request the parameters make (`bodyQuery`: the query sent as the body), or undefined when there is no query. */
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

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The CORS headers for a request's Origin (none when CORS is off or the origin is not allowed). */
function corsHeaders(cors: readonly string[], req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!cors.length || !origin) return {};
  if (cors.includes('*')) return { 'access-control-allow-origin': '*' };
  return cors.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** Sends a complete answer (plain text unless `headers` say otherwise; no body for HEAD); nothing once headers are out. */
function send(ctx: RouterContext, req: http.IncomingMessage, res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const h: Record<string, string | number> = {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...corsHeaders(ctx.cors, req),
    ...headers,
  };
  h['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, h);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The endpoint's own IRI as the client addressed it (Host header), else the bound address. */
function endpointIri(ctx: RouterContext, req: http.IncomingMessage): string {
  const hostHeader = req.headers.host;
  if (hostHeader && /^[A-Za-z0-9.-]+(?::\d+)?$|^\[[0-9A-Fa-f:.]+\](?::\d+)?$/.test(hostHeader)) return `http://${hostHeader}/sparql`;
  const a = ctx.address();
  return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/sparql`;
}

/**
 * The query a `/sparql` request carries (GET/HEAD: the query string; POST: a form or an
 * `application/sparql-query` body). A GET without a query asks for the service description (or, from a
 * browser when a site is served, is sent to the SPARQL page).
 */
async function queryRequest(ctx: RouterContext, req: http.IncomingMessage): Promise<QueryRequest> {
  // The query string read strictly (bad % escapes and invalid UTF-8 are refused), not as URL would.
  const rawUrl = req.url ?? '';
  const qs = rawUrl.indexOf('?');
  const urlParams = qs < 0 ? new URLSearchParams() : parseFormStrict(Buffer.from(rawUrl.slice(qs + 1), 'latin1'), "the URL's query string");
  let q: QueryRequest | undefined;
  if (req.method === 'GET' || req.method === 'HEAD') {
    q = fromParams(urlParams);
    if (!q) {
      if (ctx.hasSite && /text\/html/.test(req.headers.accept ?? '')) throw new HttpError(303, 'see the SPARQL page', { location: '/sparql.html' });
      // SPARQL 1.1 Service Description: what this endpoint is, in any graph format the client accepts.
      q = { query: serviceDescriptionQuery(endpointIri(ctx, req)), defaultGraphs: [], namedGraphs: [], formats: formatParams(urlParams) };
    }
  } else if (req.method === 'POST') {
    const type = mediaType(req.headers['content-type']);
    if (type === 'application/sparql-update') throw new HttpError(403, 'this endpoint is read-only: SPARQL Update is not accepted');
    const body = await readBody(req, ctx.maxRequestBytes);
    if (type === 'application/x-www-form-urlencoded') {
      const params = parseFormStrict(body, 'the request body');
      for (const [k, v] of urlParams) if (k !== 'query') params.append(k, v);
      q = fromParams(params);
    } else if (type === 'application/sparql-query') {
      q = fromParams(urlParams, strictUtf8(body, 'the request body (application/sparql-query)'));
    } else throw new HttpError(415, 'POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query');
    if (!q) throw new HttpError(400, 'missing "query" parameter');
  } else throw new HttpError(405, 'use GET or POST', { allow: 'GET, HEAD, POST, OPTIONS' });
  return q;
}

/** Answers a `/sparql` request: checks the query, picks the result format, runs it on the pool. */
async function answerSparql(ctx: RouterContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const q = await queryRequest(ctx, req);
  if (Buffer.byteLength(q.query) > ctx.maxRequestBytes) throw new HttpError(413, `query larger than the limit of ${ctx.maxRequestBytes} bytes`);
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
  const outcome = await ctx.pool.run({ query: q.query, format: format.engine, altFormat: alt.engine, defaultGraphs: q.defaultGraphs, namedGraphs: q.namedGraphs }, abort.signal);
  res.off('close', onClose);
  if (!outcome.ok) {
    if (outcome.kind === 'aborted') return;
    const extra: Record<string, string> = outcome.kind === 'busy' || outcome.kind === 'timeout' ? { 'retry-after': '1' } : {};
    throw new HttpError(STATUS_OF[outcome.kind], outcome.kind === 'query' ? `SPARQL query error: ${outcome.message}` : outcome.message, extra);
  }
  const used = outcome.format === format.engine ? format : alt;
  send(ctx, req, res, 200, outcome.body, { 'content-type': used.contentType, vary: 'Accept' });
}

/** Answers OPTIONS: the CORS preflight headers for an allowed origin, else the allowed methods. */
function answerOptions(ctx: RouterContext, req: http.IncomingMessage, res: http.ServerResponse): void {
  const h = corsHeaders(ctx.cors, req);
  send(ctx, req, res, 204, '', h['access-control-allow-origin'] ? { ...h, 'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS', 'access-control-allow-headers': 'content-type, accept', 'access-control-max-age': '600' } : { allow: 'GET, HEAD, POST, OPTIONS' });
}

/** Answers a request for the static site (read-only; 404 without a site, 503 while it is being built). */
function answerSite(ctx: RouterContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'the site is read-only: use GET', { allow: 'GET, HEAD' });
  if (!ctx.hasSite) throw new HttpError(404, 'no site is served here; the SPARQL endpoint is /sparql');
  const { site, failed } = ctx.siteState();
  if (failed) throw new HttpError(500, `the site could not be built: ${failed}`);
  if (!site) throw new HttpError(503, 'the site is still being built; the SPARQL endpoint /sparql already answers', { 'retry-after': '2' });
  const a = resolveStatic(site, url.pathname, req.headers.accept);
  if (a.status === 200) send(ctx, req, res, 200, a.body, { 'content-type': a.type, 'cache-control': 'no-cache', ...(a.vary ? { vary: a.vary } : {}), ...a.headers });
  else if (a.status === 301 || a.status === 303) send(ctx, req, res, a.status, `moved to ${a.location}`, { location: a.location, ...a.headers });
  else throw new HttpError(a.status, a.message, a.headers);
}

/** Answers an error: its status and message (a short first line), or 500 (the details go to the log only). */
function sendError(ctx: RouterContext, req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
  if (error instanceof HttpError) send(ctx, req, res, error.status, `${shortFirstLine(error.message, 240)}\n`, error.headers);
  else if (error instanceof RequestTextError || error instanceof QueryTextError) send(ctx, req, res, 400, `${error.message}\n`);
  else {
    ctx.log?.(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    send(ctx, req, res, 500, 'internal server error\n');
  }
  // Do not read the rest of an oversized body: close the connection once the answer is out.
  if (error instanceof HttpError && error.status === 413) res.on('finish', () => req.destroy());
}

/** The route table (see the module comment): which handler answers a request. */
async function route(ctx: RouterContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    throw new HttpError(400, `malformed request target: ${JSON.stringify((req.url ?? '').slice(0, 100))}`);
  }
  if (req.method === 'OPTIONS') return answerOptions(ctx, req, res);
  if (url.pathname === '/sparql') return answerSparql(ctx, req, res);
  return answerSite(ctx, req, res, url);
}

/**
 * The request handler of the endpoint: logs each request when it finishes, routes it, and turns any
 * error into an answer. The promise it returns does not reject for anything a client sends.
 */
export function createRouter(ctx: RouterContext): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => ctx.log?.(`${req.method} ${req.url?.slice(0, 200)} ${res.statusCode} ${Number((process.hrtime.bigint() - started) / 1000n) / 1000} ms`));
    try {
      await route(ctx, req, res);
    } catch (error) {
      sendError(ctx, req, res, error);
    }
  };
}
