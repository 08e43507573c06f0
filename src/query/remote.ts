/**
 * The remote target: a SPARQL 1.1 Protocol client on Node's global `fetch` (no extra dependencies),
 * returning the same n3 (RDF/JS) terms as the embedded Oxigraph target.
 *
 * Protocol choices:
 * - GET with `query=` while the URL stays under {@link MAX_GET_URL_BYTES}; a form-encoded POST
 *   (`application/x-www-form-urlencoded`, `query=`) above that. Never a body of type
 *   `application/sparql-query`: Virtuoso 7.2.5 never answers it (openlink/virtuoso-opensource#842).
 * - No `default-graph-uri` by default: the package's data is one default graph (plus the ontology's
 *   named graph), so the endpoint's own default graph (Virtuoso: the union of its graphs) answers as the
 *   embedded store does. With the `graph` option, `default-graph-uri` names the graph it was loaded into.
 * - Per-attempt timeout, bounded retries with exponential backoff for 5xx answers and connection
 *   failures only, and a response-size limit enforced while the body streams in.
 *
 * Result terms are normalised so that a helper returns identical rows embedded and remote; every
 * normalisation is a quirk observed on Virtuoso 7.2.5 (07.20.3229) and is documented where it is done
 * ({@link literalFromServer}).
 * @module
 */
import type { Quad } from 'n3';
import type { QueryTarget, Solution } from './target.js';
import { QueryError } from './target.js';
import { queryForm, type QueryForm } from './form.js';
import { prepareQuery, type Bindings } from './terms.js';
import { isResultsMediaType, mediaType, parseGraphAnswer, parseResults, type ParsedResults } from './answers.js';

export { blankNodeFromServer, literalFromServer, termFromJson, type JsonTerm } from './server-terms.js';
export {
  parseGraphAnswer, parseGraphResponse, parseResults, parseResultsCsv, parseResultsJson, parseResultsTsv, parseResultsXml,
  termFromCsv, termFromTsv, type ParsedResults,
} from './answers.js';

/** Above this many bytes of URL, queries go by form-encoded POST instead of GET. */
export const MAX_GET_URL_BYTES = 2000;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const BACKOFF_BASE_MS = 200;
const SERVER_MESSAGE_MAX = 500;
const ERROR_BODY_MAX_BYTES = 64 * 1024;

/**
 * The `Accept` header of SELECT and ASK requests: every SPARQL 1.1 result format, JSON first, then XML
 * (the one format every server has), the generic `application/json` (RDF::Endpoint offers its JSON only
 * under that name, and its JSON drops datatypes and language tags, so its XML is preferred), TSV (typed
 * terms), and CSV last (it loses datatypes and language tags).
 */
export const ACCEPT_RESULTS =
  'application/sparql-results+json, application/sparql-results+xml;q=0.9, application/json;q=0.8, ' +
  'text/tab-separated-values;q=0.7, application/xml;q=0.6, text/xml;q=0.5, text/csv;q=0.2';
/**
 * The `Accept` header of CONSTRUCT and DESCRIBE requests: N-Triples first, `text/plain` (what older servers
 * label N-Triples with), Turtle, then RDF/XML and JSON-LD (parsed by Oxigraph when a server prefers them).
 */
export const ACCEPT_GRAPH =
  'application/n-triples, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.7, application/ld+json;q=0.6';

/** Options of `openGraph()` for a remote SPARQL endpoint. */
export interface RemoteOptions {
  /** The endpoint URL, e.g. `http://127.0.0.1:8890/sparql`. */
  endpoint: string;
  /**
   * The graph the package's default graph was loaded into on the server, sent as `default-graph-uri`.
   * Usually omitted: everything the helpers read is in the dataset's one default graph, so a store that
   * answers over the union of its graphs (Virtuoso without `default-graph-uri`, Fuseki or Oxigraph with a
   * union default graph) gives the embedded answers as it is.
   */
  graph?: string;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Extra HTTP headers (e.g. authorisation). */
  headers?: Record<string, string>;
  /** Retries after 5xx or connection errors, with exponential backoff (default 2). */
  retries?: number;
  /** Largest response accepted, in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /**
   * Named graphs to send as `named-graph-uri` (only the ontology graph is one; the helpers never read a
   * named graph, some competency questions read the ontology's class hierarchy). Only useful with `graph`.
   */
  namedGraphs?: readonly string[];
}

/** Options of {@link RemoteTarget}: {@link RemoteOptions} plus the named graphs to expose. */
export interface RemoteTargetOptions extends RemoteOptions {
  /**
   * Named graphs sent as `named-graph-uri` (the ontology graph). Set it with `graph` when queries use
   * `GRAPH`: by the SPARQL 1.1 Protocol a request with `default-graph-uri` and no
   * `named-graph-uri` has no named graphs at all. Virtuoso 7.2.5 applies that half-way: `GRAPH <iri>`
   * with a constant IRI then matches nothing, while `GRAPH ?g` ranges over every graph the server holds,
   * including the `graph` option's own graph and its system graphs (`virtrdf#`, DAV, service
   * description). With the list, both behave as in the embedded store.
   */
  namedGraphs?: readonly string[];
}

/** What went wrong in a {@link RemoteQueryError}. */
export type RemoteErrorCode =
  /** The server answered with an HTTP error status (see `status` and `serverMessage`). */
  | 'http'
  /** No connection, or the connection broke, on every attempt. */
  | 'unreachable'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** The response body was larger than `maxResponseBytes`. */
  | 'too-large'
  /** The server cut the result short (Virtuoso's `ResultSetMaxRows` or anytime-query limit). */
  | 'truncated'
  /** The response could not be parsed, or was not the kind of result the query form asks for. */
  | 'bad-response';

/** A remote query that failed: HTTP error, unreachable endpoint, timeout, size limit or bad response. */
export class RemoteQueryError extends QueryError {
  /** The endpoint URL. */
  readonly endpoint: string;
  /** The kind of failure. */
  readonly code: RemoteErrorCode;
  /** The HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  /** The server's error text (trimmed to about 500 characters), when there was one. */
  readonly serverMessage: string | undefined;
  /** How many requests were made. */
  readonly attempts: number;
  /** Creates the error; `details.attempts` defaults to 1. */
  constructor(
    message: string,
    query: string,
    details: { endpoint: string; code: RemoteErrorCode; status?: number; serverMessage?: string; attempts?: number; cause?: unknown },
  ) {
    super(message, query, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RemoteQueryError';
    this.endpoint = details.endpoint;
    this.code = details.code;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.attempts = details.attempts ?? 1;
  }
}

export { queryForm, type QueryForm } from './form.js';

function charsetOf(contentType: string | null): string {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : 'utf-8';
}

// ---------------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------------

/** A failure worth another attempt: a 5xx answer or a broken/refused connection. */
class Retryable extends Error {
  constructor(
    readonly kind: 'http' | 'connection',
    message: string,
    readonly status?: number,
    readonly serverMessage?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function trimMessage(text: string): string {
  const t = text.replace(/\s+$/g, '').replace(/^\s+/g, '');
  return t.length > SERVER_MESSAGE_MAX ? `${t.slice(0, SERVER_MESSAGE_MAX)}…` : t;
}

/** Describes a fetch/undici connection error by its innermost useful message or code. */
function describeCause(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const inner = (e as { cause?: unknown }).cause;
    if (inner instanceof AggregateError && inner.errors.length > 0) e = inner.errors[0];
    else if (inner instanceof Error) e = inner;
    else break;
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (e.message) return e.message;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Virtuoso answers query failures with HTTP 500 and a body `Virtuoso <SQLSTATE> Error ...`, e.g.
 * `S1T00 ... SR171: Transaction timed out` (its own `MaxQueryExecutionTime`) or `RDF01 ... Bad variable
 * value in CONSTRUCT` (a literal subject). Those would fail again the same way and are not retried;
 * only transaction conflicts (`40xxx`, e.g. deadlock) and connection states (`08xxx`) are.
 */
function permanentServerError(body: string): boolean {
  const state = /^\s*Virtuoso\s+(\w{5})\s+Error\b/.exec(body)?.[1];
  return state !== undefined && !/^(?:40|08)/.test(state);
}

/**
 * RDF::Endpoint 0.11 (Perl, `Server: RDF::Endpoint/0.11`) writes SPARQL XML results UTF-8-encoded twice
 * (its results writer already returns bytes, which it encodes again): `’` arrives as `â\u0080\u0099`.
 * For that server's XML answers only, the text is decoded once more when every character fits in a byte and
 * the bytes are valid UTF-8; anything else is left as it is.
 */
export function repairDoubleUtf8(text: string, headers: Headers): string {
  if (!/\bRDF::Endpoint\/0\.(?:\d|1[01])\b/.test(headers.get('server') ?? '')) return text;
  if (!/xml/.test(headers.get('content-type') ?? '')) return text;
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A {@link QueryTarget} on a SPARQL 1.1 Protocol endpoint (tested against Virtuoso 7.2.5).
 *
 * @example
 * ```ts
 * const target = new RemoteTarget({ endpoint: 'http://127.0.0.1:8890/sparql', graph: 'https://example.org/kg/facts' });
 * const rows = await target.select('SELECT ?s WHERE { ?s a ?type }', { type: namedNode('https://example.org/kg/Organisation') });
 * ```
 */
export class RemoteTarget implements QueryTarget {
  /** Always `remote`. */
  readonly kind = 'remote' as const;
  /** The endpoint URL. */
  readonly endpoint: string;
  /** The graph sent as `default-graph-uri`, if any. */
  readonly graph: string | undefined;
  /** The graphs sent as `named-graph-uri` (empty: not sent). */
  readonly namedGraphs: readonly string[];
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxResponseBytes: number;
  private readonly headers: Readonly<Record<string, string>>;

  /** Checks the options (throws a `TypeError` for a bad endpoint URL or a non-positive limit). */
  constructor(options: RemoteTargetOptions) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new TypeError(`invalid SPARQL endpoint URL ${JSON.stringify(options.endpoint)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`SPARQL endpoint must be http(s): ${options.endpoint}`);
    const positive = (name: string, v: number | undefined, dflt: number, min: number): number => {
      if (v === undefined) return dflt;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new TypeError(`${name} must be a number ≥ ${min}, got ${String(v)}`);
      return v;
    };
    this.endpoint = options.endpoint;
    this.graph = options.graph;
    this.namedGraphs = [...(options.namedGraphs ?? [])];
    this.timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1);
    this.retries = Math.floor(positive('retries', options.retries, DEFAULT_RETRIES, 0));
    this.maxResponseBytes = positive('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1);
    this.headers = { ...(options.headers ?? {}) };
  }

  /** Runs a SELECT query and returns its solutions as n3 terms. */
  async select(query: string, bindings?: Bindings): Promise<Solution[]> {
    const text = this.prepare(query, bindings, 'SELECT', 'expected a SELECT query');
    const res = await this.request(text, ACCEPT_RESULTS);
    const parsed = this.parseResults(res, text);
    if (parsed.kind !== 'bindings') throw new QueryError('expected a SELECT query', text);
    const maxRows = Number(res.headers.get('x-sparql-maxrows'));
    if (Number.isFinite(maxRows) && maxRows > 0 && parsed.rows.length >= maxRows) {
      // Virtuoso cuts results at [SPARQL] ResultSetMaxRows and says so only in this header (which it
      // also sends when a result has exactly that many rows: refused too, as it cannot be told apart).
      throw new RemoteQueryError(
        `SPARQL endpoint ${this.endpoint} truncated the result to ${maxRows} rows (server ResultSetMaxRows); page with LIMIT/OFFSET`,
        text,
        { endpoint: this.endpoint, code: 'truncated', status: res.status, attempts: res.attempts },
      );
    }
    return parsed.rows;
  }

  /** Runs an ASK query. */
  async ask(query: string, bindings?: Bindings): Promise<boolean> {
    const text = this.prepare(query, bindings, 'ASK', 'expected an ASK query');
    const parsed = this.parseResults(await this.request(text, ACCEPT_RESULTS), text, true);
    if (parsed.kind !== 'boolean') throw new QueryError('expected an ASK query', text);
    return parsed.value;
  }

  /** Runs a CONSTRUCT or DESCRIBE query and returns default-graph quads. */
  async construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    const text = this.prepare(query, bindings, ['CONSTRUCT', 'DESCRIBE'], 'expected a CONSTRUCT or DESCRIBE query');
    const res = await this.request(text, ACCEPT_GRAPH);
    const type = mediaType(res.contentType);
    if (isResultsMediaType(type)) throw new QueryError('expected a CONSTRUCT or DESCRIBE query', text);
    try {
      return await parseGraphAnswer(res.body, res.contentType);
    } catch (error) {
      throw this.badResponse(`unparsable ${type || 'untyped'} response`, text, res, error);
    }
  }

  /** Nothing to release: connections belong to Node's global fetch pool. */
  async close(): Promise<void> {}

  private prepare(query: string, bindings: Bindings | undefined, forms: QueryForm | QueryForm[], mismatch: string): string {
    const text = prepareQuery(query, bindings);
    const form = queryForm(text);
    // Checked before sending: Virtuoso answers a CONSTRUCT asked for JSON with s/p/o "solutions".
    // An update or an unrecognised text is left to the server to judge.
    if (form && form !== 'UPDATE' && !(Array.isArray(forms) ? forms : [forms]).includes(form)) throw new QueryError(mismatch, text);
    return text;
  }

  private parseResults(res: Response_, text: string, ask = false): ParsedResults {
    const type = mediaType(res.contentType);
    try {
      return parseResults(res.body, res.contentType, ask);
    } catch (error) {
      throw this.badResponse(`unparsable SPARQL results (${type || 'untyped'})`, text, res, error);
    }
  }

  private badResponse(what: string, query: string, res: Response_, cause?: unknown): RemoteQueryError {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return new RemoteQueryError(`SPARQL endpoint ${this.endpoint}: ${what}${detail}`, query, {
      endpoint: this.endpoint, code: 'bad-response', status: res.status, attempts: res.attempts, cause,
    });
  }

  /** Sends the query, retrying 5xx answers and connection failures with exponential backoff. */
  private async request(query: string, accept: string): Promise<Response_> {
    const params = new URLSearchParams({ query });
    if (this.graph !== undefined) params.append('default-graph-uri', this.graph);
    for (const g of this.namedGraphs) params.append('named-graph-uri', g);
    const form = params.toString();
    const getUrl = `${this.endpoint}${this.endpoint.includes('?') ? '&' : '?'}${form}`;
    const post = Buffer.byteLength(getUrl) > MAX_GET_URL_BYTES;

    const headers = new Headers(this.headers);
    headers.set('accept', accept);
    // Never `application/sparql-query`: Virtuoso 7 hangs on it.
    if (post) headers.set('content-type', 'application/x-www-form-urlencoded');
    else headers.delete('content-type');

    const attempts = this.retries + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.once(post ? this.endpoint : getUrl, post ? form : undefined, headers, query, attempt);
        return { ...res, attempts: attempt };
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (attempt < attempts) {
          await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
          continue;
        }
        if (error.kind === 'http') {
          throw new RemoteQueryError(
            `SPARQL endpoint ${this.endpoint} failed with HTTP ${error.status} after ${attempt} attempt${attempt > 1 ? 's' : ''}: ${error.serverMessage || error.message}`,
            query,
            { endpoint: this.endpoint, code: 'http', status: error.status, serverMessage: error.serverMessage, attempts: attempt, cause: error.cause },
          );
        }
        throw new RemoteQueryError(
          `SPARQL endpoint ${this.endpoint} unreachable after ${attempt} attempt${attempt > 1 ? 's' : ''}: ${error.message}`,
          query,
          { endpoint: this.endpoint, code: 'unreachable', attempts: attempt, cause: error.cause },
        );
      }
    }
  }

  /** One HTTP exchange, body included, under one timeout. */
  private async once(url: string, body: string | undefined, headers: Headers, query: string, attempt: number): Promise<Omit<Response_, 'attempts'>> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const timedOut = (error: unknown): RemoteQueryError =>
      new RemoteQueryError(`SPARQL endpoint ${this.endpoint} did not answer within ${this.timeoutMs} ms`, query, {
        endpoint: this.endpoint, code: 'timeout', attempts: attempt, cause: error,
      });
    let res: Response;
    try {
      res = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body, signal, redirect: 'follow' });
    } catch (error) {
      if (signal.aborted) throw timedOut(error);
      throw new Retryable('connection', describeCause(error), undefined, undefined, { cause: error });
    }
    const contentType = res.headers.get('content-type') ?? '';
    let text: string;
    try {
      text = await this.readBody(res, res.ok ? this.maxResponseBytes : ERROR_BODY_MAX_BYTES, !res.ok, query, attempt);
    } catch (error) {
      if (error instanceof RemoteQueryError) throw error;
      if (signal.aborted) throw timedOut(error);
      // The connection broke mid-body (e.g. the server was killed): as retryable as a refused connect.
      throw new Retryable('connection', describeCause(error), undefined, undefined, { cause: error });
    }
    if (!res.ok) {
      const serverMessage = trimMessage(text) || res.statusText;
      if (res.status >= 500 && !permanentServerError(text)) {
        throw new Retryable('http', `HTTP ${res.status}`, res.status, serverMessage);
      }
      throw new RemoteQueryError(`SPARQL endpoint ${this.endpoint} answered HTTP ${res.status}: ${serverMessage}`, query, {
        endpoint: this.endpoint, code: 'http', status: res.status, serverMessage, attempts: attempt,
      });
    }
    // Virtuoso's "anytime query" answer: partial results once MaxQueryExecutionTime ran out.
    const sqlState = res.headers.get('x-sql-state');
    if (sqlState && /^S1TAT/i.test(sqlState)) {
      throw new RemoteQueryError(
        `SPARQL endpoint ${this.endpoint} returned partial results (${sqlState}: ${res.headers.get('x-sql-message') ?? 'query time limit reached'})`,
        query,
        { endpoint: this.endpoint, code: 'truncated', status: res.status, attempts: attempt },
      );
    }
    return { status: res.status, contentType, headers: res.headers, body: repairDoubleUtf8(text, res.headers) };
  }

  /** Reads the body, decoding by charset; past `limit` bytes it aborts (or, for error bodies, stops). */
  private async readBody(res: Response, limit: number, truncate: boolean, query: string, attempt: number): Promise<string> {
    const tooLarge = (size: string) =>
      new RemoteQueryError(
        `SPARQL endpoint ${this.endpoint}: response larger than maxResponseBytes (${limit} bytes${size}); the request was aborted`,
        query,
        { endpoint: this.endpoint, code: 'too-large', status: res.status, attempts: attempt },
      );
    const declared = Number(res.headers.get('content-length'));
    if (!truncate && Number.isFinite(declared) && declared > limit) {
      await res.body?.cancel().catch(() => {});
      throw tooLarge(`, Content-Length ${declared}`);
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        if (truncate) {
          chunks.push(value.subarray(0, value.byteLength - (total - limit)));
          break;
        }
        throw tooLarge('');
      }
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks);
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charsetOf(res.headers.get('content-type')));
    } catch {
      decoder = new TextDecoder('utf-8');
    }
    return decoder.decode(bytes);
  }
}

/** A response read in full. */
interface Response_ {
  status: number;
  contentType: string;
  headers: Headers;
  body: string;
  attempts: number;
}
