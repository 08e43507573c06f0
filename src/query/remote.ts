/**
 * The remote target: a {@link QueryTarget} on a SPARQL 1.1 Protocol endpoint, returning the same n3
 * (RDF/JS) terms as the embedded Oxigraph target. This module only ties three others together, one job each:
 *
 * - `remote-http.ts`: the transport (GET or form-encoded POST, timeout, retries, size limit, the
 *   {@link RemoteQueryError}s);
 * - `answers.ts`: parsing the answer (SPARQL results in JSON, XML, TSV, CSV; RDF graphs) into RDF/JS terms;
 * - `server-terms.ts`: canonicalising the values servers write differently from Oxigraph (Virtuoso 7.2.5,
 *   RDF::Endpoint 0.11 quirks).
 *
 * Here: the query text is prepared (parameters bound, form checked before sending), the `Accept` header is
 * chosen by the query form, and a SELECT cut short by Virtuoso's `ResultSetMaxRows` is refused.
 * No `default-graph-uri` by default: the package's data is one default graph (plus the ontology's named
 * graph), so the endpoint's own default graph (Virtuoso: the union of its graphs) answers as the embedded
 * store does. With the `graph` option, `default-graph-uri` names the graph it was loaded into.
 *
 * The error type, the parsers and the canonicalisers are re-exported from here, where the package entry and
 * the tests have always imported them.
 * @module
 */
import type { Quad } from 'n3';
import type { QueryTarget, Solution } from './target.js';
import { QueryError } from './target.js';
import { queryForm, type QueryForm } from './form.js';
import { prepareQuery, type Bindings } from './terms.js';
import { isResultsMediaType, mediaType, parseGraphAnswer, parseResults, type ParsedResults } from './answers.js';
import { RemoteQueryError, SparqlHttp, type HttpAnswer } from './remote-http.js';

export { blankNodeFromServer, literalFromServer, repairDoubleUtf8, termFromJson, type JsonTerm } from './server-terms.js';
export { MAX_GET_URL_BYTES, RemoteQueryError, type RemoteErrorCode } from './remote-http.js';
export { queryForm, type QueryForm } from './form.js';
export {
  parseGraphAnswer, parseGraphResponse, parseResults, parseResultsCsv, parseResultsJson, parseResultsTsv, parseResultsXml,
  termFromCsv, termFromTsv, type ParsedResults,
} from './answers.js';

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
  private readonly http: SparqlHttp;

  /** Checks the options (throws a `TypeError` for a bad endpoint URL or a non-positive limit). */
  constructor(options: RemoteTargetOptions) {
    this.http = new SparqlHttp(options);
    this.endpoint = this.http.endpoint;
    this.graph = this.http.graph;
    this.namedGraphs = this.http.namedGraphs;
  }

  /** Runs a SELECT query and returns its solutions as n3 terms. */
  async select(query: string, bindings?: Bindings): Promise<Solution[]> {
    const text = this.prepare(query, bindings, 'SELECT', 'expected a SELECT query');
    const res = await this.http.send(text, ACCEPT_RESULTS);
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
    const parsed = this.parseResults(await this.http.send(text, ACCEPT_RESULTS), text, true);
    if (parsed.kind !== 'boolean') throw new QueryError('expected an ASK query', text);
    return parsed.value;
  }

  /** Runs a CONSTRUCT or DESCRIBE query and returns default-graph quads. */
  async construct(query: string, bindings?: Bindings): Promise<Quad[]> {
    const text = this.prepare(query, bindings, ['CONSTRUCT', 'DESCRIBE'], 'expected a CONSTRUCT or DESCRIBE query');
    const res = await this.http.send(text, ACCEPT_GRAPH);
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

  private parseResults(res: HttpAnswer, text: string, ask = false): ParsedResults {
    const type = mediaType(res.contentType);
    try {
      return parseResults(res.body, res.contentType, ask);
    } catch (error) {
      throw this.badResponse(`unparsable SPARQL results (${type || 'untyped'})`, text, res, error);
    }
  }

  private badResponse(what: string, query: string, res: HttpAnswer, cause?: unknown): RemoteQueryError {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return new RemoteQueryError(`SPARQL endpoint ${this.endpoint}: ${what}${detail}`, query, {
      endpoint: this.endpoint, code: 'bad-response', status: res.status, attempts: res.attempts, cause,
    });
  }
}
