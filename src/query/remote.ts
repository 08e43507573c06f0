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
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import type { RemoteOptions } from '../graph.js';
import type { QueryTarget, Solution } from './target.js';
import { QueryError } from './target.js';
import { prepareQuery, type Bindings } from './terms.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** Above this many bytes of URL, queries go by form-encoded POST instead of GET. */
export const MAX_GET_URL_BYTES = 2000;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const BACKOFF_BASE_MS = 200;
const SERVER_MESSAGE_MAX = 500;
const ERROR_BODY_MAX_BYTES = 64 * 1024;

const ACCEPT_RESULTS = 'application/sparql-results+json';
// N-Triples first; `text/plain` is what older servers label N-Triples with; Turtle as the fallback.
const ACCEPT_GRAPH = 'application/n-triples, text/plain;q=0.9, text/turtle;q=0.8';

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

/** The form of a query, read from its first keyword after the prologue (`undefined` if unrecognised). */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/**
 * Reads the query form: skips whitespace, `#` comments and `BASE`/`PREFIX` declarations, then takes
 * the first keyword. Returns `undefined` for anything else (an update, a syntax error), which is then
 * left to the server to judge.
 */
export function queryForm(query: string): QueryForm | undefined {
  const prologue = /^(?:\s+|#[^\n\r]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*/i;
  const rest = query.slice(prologue.exec(query)?.[0].length ?? 0);
  const kw = /^(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(rest)?.[1];
  return kw ? (kw.toUpperCase() as QueryForm) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Result terms: JSON results and N-Triples, normalised for parity with the embedded Oxigraph store.
// ---------------------------------------------------------------------------------------------------

const INTEGER_TYPES = new Set(
  [
    'integer', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger',
    'negativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte',
  ].map((t) => XSD + t),
);

function canonicalInteger(lex: string): string | undefined {
  const m = /^\s*([+-]?)0*(\d+)\s*$/.exec(lex);
  if (!m) return undefined;
  const digits = m[2]!;
  return m[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

function canonicalDecimal(lex: string): string | undefined {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(lex);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2]!.replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** Writes a finite number with the shortest round-trip digits and no exponent (Oxigraph's format). */
function plainNumber(n: number): string {
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2]! + (m[3] ?? '');
  const point = m[2]!.length + Number(m[4]);
  if (point <= 0) return `${m[1]}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${m[1]}${digits}${'0'.repeat(point - digits.length)}`;
  return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function canonicalFloating(lex: string, single: boolean): string | undefined {
  const t = lex.trim();
  if (t === 'INF' || t === '+INF' || t === 'Infinity') return 'INF';
  if (t === '-INF' || t === '-Infinity') return '-INF';
  if (t === 'NaN') return 'NaN';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  let n = Number(t);
  if (!single) return plainNumber(n);
  n = Math.fround(n);
  if (!Number.isFinite(n)) return n > 0 ? 'INF' : '-INF';
  // The shortest decimal that reads back as the same single-precision value.
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(n.toPrecision(p));
    if (Math.fround(candidate) === n) return plainNumber(Object.is(n, -0) ? -0 : candidate);
  }
  return plainNumber(n);
}

/** Drops trailing zeros of fractional seconds and writes a zero offset as `Z`. */
function canonicalTime(lex: string): string {
  return lex
    .replace(/(\d\d:\d\d:\d\d)\.(\d*?)0+(?=$|Z|[+-]\d\d:\d\d$)/, (_, hms: string, frac: string) => (frac ? `${hms}.${frac}` : hms))
    .replace(/[+-]00:00$/, 'Z');
}

/**
 * Builds an n3 literal from a server's lexical form, language tag and datatype, normalised so that
 * values compare equal to what the embedded Oxigraph 0.5 store returns for the same data:
 *
 * - **Language tags are lower-cased.** Virtuoso stores `de-AT` as `de-at` and Oxigraph lower-cases too;
 *   other servers keep the case. Tags are case-insensitive (BCP 47), so nothing is lost.
 * - **`xsd:string` becomes a plain literal.** Virtuoso keeps an explicit `"x"^^xsd:string` typed
 *   (`typed-literal` in JSON); in RDF 1.1 it is the same term as `"x"`.
 * - **`xsd:boolean` `1`/`0` → `true`/`false`.** Virtuoso stores booleans canonically as `"1"`/`"0"` and
 *   writes them so in JSON results (but as `true`/`false` in N-Triples); Oxigraph writes `true`/`false`.
 *   Note: Virtuoso returns boolean *expressions* (`true`, `?a = ?b`) as `"1"^^xsd:integer`, which a
 *   client cannot tell from the integer 1. Project such values with `IF(..., "yes", "no")` instead.
 * - **Integers are canonical and derived integer types become `xsd:integer`.** `"+007"` → `"7"`. Oxigraph
 *   0.5 stores `xsd:int`, `xsd:long`, `xsd:nonNegativeInteger`… as `xsd:integer`; Virtuoso keeps them.
 * - **Decimals are canonical:** `"007.50"` → `"7.5"`, `"5.0"` → `"5"` (both engines agree on stored data).
 * - **Doubles and floats are written as Oxigraph does:** shortest round-trip digits, no exponent
 *   (`"1500.0"` and `"1.5e3"` → `"1500"`, `"1e+20"` → `"100000000000000000000"`, `"-0.0"` → `"-0"`).
 *   Caution: Virtuoso 7.2.5 writes doubles and floats with only **6 significant digits** in every
 *   result format (`123456789.0e0` comes back as `"1.23457e+08"`); that precision is lost before
 *   it reaches the client. Keep such values as `xsd:decimal`, or project `STR(?x)`, which keeps 15 digits.
 * - **`xsd:dateTime`/`xsd:time` fractional seconds lose trailing zeros** (`10:00:00.500Z` → `10:00:00.5Z`,
 *   Virtuoso pads to milliseconds; Oxigraph does not) and a zero offset is written `Z`.
 *
 * Lexical forms that are not valid for their datatype are left as they are, like Oxigraph does.
 */
export function literalFromServer(value: string, language?: string, datatype?: string): Term {
  if (language) return DataFactory.literal(value, language.toLowerCase());
  if (!datatype || datatype === XSD + 'string' || datatype === RDF_LANG_STRING) return DataFactory.literal(value);
  let lex: string | undefined = value;
  let dt = datatype;
  if (dt === XSD + 'boolean') {
    const t = value.trim();
    lex = t === '1' || t === 'true' ? 'true' : t === '0' || t === 'false' ? 'false' : value;
  } else if (INTEGER_TYPES.has(dt)) {
    lex = canonicalInteger(value);
    if (lex !== undefined) dt = XSD + 'integer';
  } else if (dt === XSD + 'decimal') {
    lex = canonicalDecimal(value);
  } else if (dt === XSD + 'double' || dt === XSD + 'float') {
    lex = canonicalFloating(value, dt === XSD + 'float');
  } else if (dt === XSD + 'dateTime' || dt === XSD + 'time' || dt === XSD + 'dateTimeStamp') {
    lex = canonicalTime(value);
  }
  return DataFactory.literal(lex ?? value, DataFactory.namedNode(dt));
}

/**
 * A blank node from a server label. Virtuoso labels blank nodes `nodeID://b10000` in JSON and
 * `b10000` in N-Triples; both map to the same n3 blank node `b10000`. Labels are made safe for
 * N-Triples/Turtle output (only letters, digits, `_`, `-` and `.` are kept).
 */
export function blankNodeFromServer(label: string): Term {
  const name = label.replace(/^(?:_:|nodeID:\/\/)/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return DataFactory.blankNode(name || 'b');
}

/** One term of a SPARQL 1.1 JSON result (plus the SPARQL 2007 draft's `typed-literal` Virtuoso sends). */
export interface JsonTerm {
  /** `uri`, `literal`, `typed-literal` or `bnode`. */
  type: string;
  /** The IRI, lexical form or blank node label. */
  value: string;
  /** The literal's language tag. */
  'xml:lang'?: string;
  /** The literal's datatype IRI. */
  datatype?: string;
}

/** Converts one JSON result term to an n3 term (see {@link literalFromServer} for the normalisations). */
export function termFromJson(t: JsonTerm): Term {
  if (t === null || typeof t !== 'object' || typeof t.value !== 'string') throw new TypeError('a result term needs a string "value"');
  switch (t.type) {
    case 'uri':
      return DataFactory.namedNode(t.value);
    case 'bnode':
      return blankNodeFromServer(t.value);
    case 'literal':
    case 'typed-literal': {
      const lang = t['xml:lang'] ?? (t as { lang?: string }).lang;
      return literalFromServer(t.value, typeof lang === 'string' && lang !== '' ? lang : undefined, t.datatype);
    }
    default:
      throw new TypeError(`unsupported result term type ${JSON.stringify(t.type)}`);
  }
}

/** A parsed SPARQL JSON result: solutions of a SELECT or the answer of an ASK. */
export type ParsedResults =
  | { readonly kind: 'bindings'; readonly vars: readonly string[]; readonly rows: Solution[] }
  | { readonly kind: 'boolean'; readonly value: boolean };

/** Parses `application/sparql-results+json` text (throws a `TypeError` or `SyntaxError` when malformed). */
export function parseResultsJson(text: string): ParsedResults {
  const doc = JSON.parse(text) as { head?: { vars?: unknown }; boolean?: unknown; results?: { bindings?: unknown } };
  if (doc === null || typeof doc !== 'object') throw new TypeError('not a SPARQL JSON result');
  if (typeof doc.boolean === 'boolean') return { kind: 'boolean', value: doc.boolean };
  const bindings = doc.results?.bindings;
  if (!Array.isArray(bindings)) throw new TypeError('a SPARQL JSON result needs "boolean" or "results.bindings"');
  const vars = Array.isArray(doc.head?.vars) ? (doc.head.vars as unknown[]).filter((v): v is string => typeof v === 'string') : [];
  const rows = bindings.map((b: Record<string, JsonTerm>) => {
    const row: Record<string, Term> = {};
    for (const [name, term] of Object.entries(b ?? {})) row[name] = termFromJson(term);
    return row;
  });
  return { kind: 'bindings', vars, rows };
}

/**
 * Parses a CONSTRUCT/DESCRIBE answer with n3 by its media type (`application/n-triples`, `text/plain`,
 * `text/turtle`, `application/n-quads`, `application/trig`; anything else is tried as Turtle, a superset
 * of N-Triples). Returns default-graph quads with literals and blank nodes normalised as in SELECT results.
 */
export function parseGraphResponse(text: string, contentType: string): Quad[] {
  const type = mediaType(contentType);
  const format =
    type === 'application/n-triples' || type === 'text/plain' ? 'N-Triples'
    : type === 'application/n-quads' ? 'N-Quads'
    : type === 'application/trig' ? 'TriG'
    : 'Turtle';
  // blankNodePrefix '': keep the server's labels (n3 would prefix them with b0_, b1_, ...).
  const quads = new Parser({ format, blankNodePrefix: '' }).parse(text);
  const norm = <T extends Term>(t: T): T =>
    (t.termType === 'Literal'
      ? literalFromServer(t.value, t.language || undefined, t.datatype.value)
      : t.termType === 'BlankNode' ? blankNodeFromServer(t.value) : t) as T;
  return quads.map((q) => DataFactory.quad(norm(q.subject), q.predicate, norm(q.object)));
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

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
    const parsed = this.parseResults(await this.request(text, ACCEPT_RESULTS), text);
    if (parsed.kind !== 'boolean') throw new QueryError('expected an ASK query', text);
    return parsed.value;
  }

  /** Runs a CONSTRUCT or DESCRIBE query and returns default-graph quads. */
  async construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    const text = this.prepare(query, bindings, ['CONSTRUCT', 'DESCRIBE'], 'expected a CONSTRUCT or DESCRIBE query');
    const res = await this.request(text, ACCEPT_GRAPH);
    const type = mediaType(res.contentType);
    if (type === 'application/sparql-results+json' || type === 'application/sparql-results+xml') {
      throw new QueryError('expected a CONSTRUCT or DESCRIBE query', text);
    }
    try {
      return parseGraphResponse(res.body, res.contentType);
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
    if (form && !(Array.isArray(forms) ? forms : [forms]).includes(form)) throw new QueryError(mismatch, text);
    return text;
  }

  private parseResults(res: Response_, text: string): ParsedResults {
    const type = mediaType(res.contentType);
    if (type !== 'application/sparql-results+json' && type !== 'application/json' && type !== '') {
      throw this.badResponse(`expected application/sparql-results+json, got ${type}`, text, res);
    }
    try {
      return parseResultsJson(res.body);
    } catch (error) {
      throw this.badResponse('unparsable SPARQL JSON results', text, res, error);
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
    return { status: res.status, contentType, headers: res.headers, body: text };
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
