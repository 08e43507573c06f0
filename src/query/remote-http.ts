/**
 * The remote client's transport: one SPARQL 1.1 Protocol request over Node's global `fetch` (no extra
 * dependencies), with its timeout, retries, size limit and errors. It knows nothing of result formats
 * (`answers.ts` parses them) or of server value quirks (`server-terms.ts`); it returns the body as text.
 *
 * Protocol choices:
 * - GET with `query=` while the URL stays under {@link MAX_GET_URL_BYTES}; a form-encoded POST
 *   (`application/x-www-form-urlencoded`, `query=`) above that. Never a body of type
 *   `application/sparql-query`: Virtuoso 7.2.5 never answers it (openlink/virtuoso-opensource#842).
 * - `default-graph-uri` only with the `graph` setting, `named-graph-uri` once per named graph.
 * - Per-attempt timeout covering headers and body; bounded retries with exponential backoff for 5xx
 *   answers and connection failures only (not Virtuoso's deterministic 500s, see
 *   `permanentServerError`); a response-size limit enforced while the body streams in.
 * - Virtuoso's "anytime query" answers (`X-SQL-State: S1TAT`, partial results) are refused as truncated.
 * @module
 */
import { QueryError } from './target.js';
import { repairDoubleUtf8 } from './server-terms.js';

/** Above this many bytes of URL, queries go by form-encoded POST instead of GET. */
export const MAX_GET_URL_BYTES = 2000;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const BACKOFF_BASE_MS = 200;
const SERVER_MESSAGE_MAX = 500;
const ERROR_BODY_MAX_BYTES = 64 * 1024;

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

/** The settings of a {@link SparqlHttp} client; every limit is optional and has a default. */
export interface SparqlHttpSettings {
  /** The endpoint URL (http or https). */
  endpoint: string;
  /** Sent as `default-graph-uri` when given. */
  graph?: string;
  /** Sent as `named-graph-uri`, one parameter each. */
  namedGraphs?: readonly string[];
  /** Per-attempt timeout in milliseconds, headers and body (default 30 000). */
  timeoutMs?: number;
  /** Retries after 5xx answers or connection errors (default 2). */
  retries?: number;
  /** Largest response body accepted, in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** Extra HTTP headers (e.g. authorisation); `Accept` and `Content-Type` are set per request. */
  headers?: Record<string, string>;
}

/** A successful answer read in full. */
export interface HttpAnswer {
  /** The HTTP status (2xx). */
  readonly status: number;
  /** The `Content-Type` header, `''` when absent. */
  readonly contentType: string;
  /** All response headers. */
  readonly headers: Headers;
  /** The body decoded by its charset (UTF-8 by default), with known server encoding faults repaired. */
  readonly body: string;
  /** How many requests it took (1 without retries). */
  readonly attempts: number;
}

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

function charsetOf(contentType: string | null): string {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : 'utf-8';
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends SPARQL queries to one endpoint and reads the answers as text, with the retries, timeout and size
 * limit of its settings. Failures are {@link RemoteQueryError}s naming the endpoint.
 */
export class SparqlHttp {
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

  /** Checks the settings (throws a `TypeError` for a bad endpoint URL or a non-positive limit). */
  constructor(settings: SparqlHttpSettings) {
    let url: URL;
    try {
      url = new URL(settings.endpoint);
    } catch {
      throw new TypeError(`invalid SPARQL endpoint URL ${JSON.stringify(settings.endpoint)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`SPARQL endpoint must be http(s): ${settings.endpoint}`);
    const positive = (name: string, v: number | undefined, dflt: number, min: number): number => {
      if (v === undefined) return dflt;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new TypeError(`${name} must be a number ≥ ${min}, got ${String(v)}`);
      return v;
    };
    this.endpoint = settings.endpoint;
    this.graph = settings.graph;
    this.namedGraphs = [...(settings.namedGraphs ?? [])];
    this.timeoutMs = positive('timeoutMs', settings.timeoutMs, DEFAULT_TIMEOUT_MS, 1);
    this.retries = Math.floor(positive('retries', settings.retries, DEFAULT_RETRIES, 0));
    this.maxResponseBytes = positive('maxResponseBytes', settings.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1);
    this.headers = { ...(settings.headers ?? {}) };
  }

  /**
   * Sends the query with the given `Accept` header, retrying 5xx answers and connection failures with
   * exponential backoff, and returns the answer read in full.
   * @throws {@link RemoteQueryError} with code `http`, `unreachable`, `timeout`, `too-large` or `truncated`.
   */
  async send(query: string, accept: string): Promise<HttpAnswer> {
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
  private async once(url: string, body: string | undefined, headers: Headers, query: string, attempt: number): Promise<Omit<HttpAnswer, 'attempts'>> {
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
